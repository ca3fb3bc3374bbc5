/* active-speaker.c — see active-speaker.h. */
#include "active-speaker.h"

#include <math.h>

/* A reading older than this no longer counts (the voice stopped sending). */
#define STALE_US (600 * G_TIME_SPAN_MILLISECOND)
/* Exponential smoothing per reading: a cough does not take the picture. */
#define SMOOTHING 0.35
#define LOUDER_DB 3.0

typedef struct {
  gdouble level_db;
  gint64 seen_us;
} Voice;

void
tribune_active_speaker_init (TribuneActiveSpeaker *as)
{
  as->voices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  as->current = NULL;
  as->since_us = 0;
}

void
tribune_active_speaker_clear (TribuneActiveSpeaker *as)
{
  g_clear_pointer (&as->voices, g_hash_table_unref);
  g_clear_pointer (&as->current, g_free);
}

void
tribune_active_speaker_note (TribuneActiveSpeaker *as, const gchar *key, gdouble rms_db,
                             gint64 now_us)
{
  Voice *v = g_hash_table_lookup (as->voices, key);

  if (!isfinite (rms_db))
    rms_db = -120.0;
  if (v == NULL) {
    v = g_new0 (Voice, 1);
    v->level_db = rms_db;
    g_hash_table_insert (as->voices, g_strdup (key), v);
  } else {
    v->level_db += SMOOTHING * (rms_db - v->level_db);
  }
  v->seen_us = now_us;
}

void
tribune_active_speaker_forget (TribuneActiveSpeaker *as, const gchar *key)
{
  g_hash_table_remove (as->voices, key);
  if (g_strcmp0 (as->current, key) == 0)
    g_clear_pointer (&as->current, g_free);
}

static gdouble
level_now (const Voice *v, gint64 now_us)
{
  return v && now_us - v->seen_us <= STALE_US ? v->level_db : -INFINITY;
}

gboolean
tribune_active_speaker_update (TribuneActiveSpeaker *as, gint64 now_us)
{
  GHashTableIter iter;
  gpointer key, value;
  const gchar *loudest = NULL;
  gdouble loudest_db = TRIBUNE_SPEAKER_THRESHOLD_DB;
  gdouble current_db;

  g_hash_table_iter_init (&iter, as->voices);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    gdouble db = level_now (value, now_us);
    /* Ties go to the smaller key, so the choice does not depend on hash order. */
    if (db > loudest_db || (db == loudest_db && loudest && g_strcmp0 (key, loudest) < 0)) {
      loudest = key;
      loudest_db = db;
    }
  }
  if (loudest == NULL || g_strcmp0 (loudest, as->current) == 0)
    return FALSE;
  current_db = as->current ? level_now (g_hash_table_lookup (as->voices, as->current), now_us)
                           : -INFINITY;
  if (as->current != NULL &&
      (now_us - as->since_us < TRIBUNE_SPEAKER_HOLD_US ||
       loudest_db < current_db + LOUDER_DB))
    return FALSE;
  g_free (as->current);
  as->current = g_strdup (loudest);
  as->since_us = now_us;
  return TRUE;
}

const gchar *
tribune_active_speaker_current (TribuneActiveSpeaker *as)
{
  return as->current;
}

gdouble
tribune_active_speaker_level (TribuneActiveSpeaker *as, const gchar *key)
{
  Voice *v = g_hash_table_lookup (as->voices, key);

  return v ? v->level_db : -INFINITY;
}
