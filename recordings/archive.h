/* archive.h — one meeting's archive as the pages see it: its timeline (timeline.h), its
 * chapters placed on it, and whether it is still growing (live) or final (ended).
 *
 * An item's stretch of the recording runs from its chapter to the next chapter (of any
 * item) or the end of the recording. It is "closed" once there is a next chapter or the
 * meeting has ended: only then is a clip made of it (its files never change after).
 *
 * Loaded per request from the store (a few thousand rows at most); the rendering
 * functions (vod-playlist.h, chapters-vtt.h, archive-json.h) only read it.
 */
#pragma once

#include "recording-index.h"
#include "timeline.h"

G_BEGIN_DECLS

typedef struct {
  gint64 meeting_id;
  gboolean ended;
  TribuneTimeline *timeline;
  GPtrArray *chapters;      /* TribuneChapter*, by start, offsets set */
  GPtrArray *turns;         /* TribuneTurn*, by start, offsets set (may be empty) */
} TribuneArchive;

/* Takes @timeline and @chapters (sorted by start_us) and places the chapters. */
TribuneArchive *tribune_archive_new (gint64 meeting_id, gboolean ended,
                                     TribuneTimeline *timeline, GPtrArray *chapters);
/* Takes @turns (by start) and places them on the timeline. */
void tribune_archive_set_turns (TribuneArchive *archive, GPtrArray *turns);
/* NOT_FOUND for an unknown meeting. */
TribuneArchive *tribune_archive_load (TribuneStore *store, gint64 meeting_id, GError **error);
void tribune_archive_free (TribuneArchive *archive);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneArchive, tribune_archive_free)

/* (transfer none) the item's chapter, or NULL. */
const TribuneChapter *tribune_archive_chapter (TribuneArchive *archive, gint64 item_id);
/* The segments of the chapter's stretch (indices into the timeline); FALSE if none. */
gboolean tribune_archive_chapter_segments (TribuneArchive *archive,
                                           const TribuneChapter *chapter, guint *first,
                                           guint *last);
gboolean tribune_archive_chapter_closed (TribuneArchive *archive,
                                         const TribuneChapter *chapter);

G_END_DECLS
