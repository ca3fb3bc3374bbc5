/* active-speaker.h — who is talking: the loudest voice, held long enough not to flicker.
 *
 * Fed with audio levels (dBFS, RMS over ~100 ms, from a `level` element per voice: the
 * hall and each remote participant). A voice is a candidate while its smoothed level is
 * above −45 dBFS. The first candidate becomes the active speaker at once; after that the
 * speaker changes only when another voice is 3 dB louder and the current one has been
 * active for at least 1.5 s. Silence keeps the last speaker (the picture does not jump
 * back and forth in pauses). Pure; one thread; unit-tested.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRIBUNE_SPEAKER_THRESHOLD_DB (-45.0)
#define TRIBUNE_SPEAKER_HOLD_US (1500 * G_TIME_SPAN_MILLISECOND)

typedef struct {
  GHashTable *voices;      /* key → Voice */
  gchar *current;          /* NULL: nobody has spoken yet */
  gint64 since_us;
} TribuneActiveSpeaker;

void tribune_active_speaker_init (TribuneActiveSpeaker *as);
void tribune_active_speaker_clear (TribuneActiveSpeaker *as);
void tribune_active_speaker_note (TribuneActiveSpeaker *as, const gchar *key, gdouble rms_db,
                                  gint64 now_us);
/* A voice left (a participant removed): if it was speaking, nobody is. */
void tribune_active_speaker_forget (TribuneActiveSpeaker *as, const gchar *key);
/* Decide; TRUE when the active speaker changed. */
gboolean tribune_active_speaker_update (TribuneActiveSpeaker *as, gint64 now_us);
const gchar *tribune_active_speaker_current (TribuneActiveSpeaker *as);
/* The voice's smoothed level, or -inf when unknown. */
gdouble tribune_active_speaker_level (TribuneActiveSpeaker *as, const gchar *key);

G_END_DECLS
