/* recording-index.h — the SQL behind the archive: recordings (one continuous run of the
 * recorder each), their segments, and the chapters that put agenda items on them.
 *
 * Tables from migration v1 (server/store.c): recordings, segments, chapters. Segment
 * files live under DATA/recordings; a row's `file` is relative to that directory
 * ("{meeting}/{recording}/{sequence}.ts"). A segment row is written only after its file
 * is complete, so every indexed segment can be played.
 *
 * Main thread (the store's thread).
 */
#pragma once

#include "store.h"
#include "timeline.h"

G_BEGIN_DECLS

/* An agenda item's chapter: the first time the chair made it current (later times are
 * ignored; a correction leaves one row per item). */
typedef struct {
  gint64 id;
  gint64 item_id;
  gchar *title;             /* the item's title */
  gint64 start_us;          /* wall clock */
  gboolean corrected;
  gint64 offset_us;         /* on the timeline, and where it ends there (the next */
  gint64 end_us;            /* chapter or the end): set by archive.c */
} TribuneChapter;

void tribune_chapter_free (TribuneChapter *chapter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneChapter, tribune_chapter_free)

/* Close recordings of @meeting_id still open (a crash): ended_at = the end of their last
 * segment (their start when they have none). */
void tribune_recording_index_close_open (TribuneStore *store, gint64 meeting_id);
/* The same for every meeting that is not live: a crash between a meeting's end and its
 * last segment leaves such a row; start-up closes it so the archive is final. */
void tribune_recording_index_close_finished (TribuneStore *store);
/* Is a recording of @meeting_id still being written (its row open)? */
gboolean tribune_recording_index_is_open (TribuneStore *store, gint64 meeting_id);
/* A new recording row for @meeting_id, started now. Returns its id, 0 on error. */
gint64 tribune_recording_index_begin (TribuneStore *store, gint64 meeting_id, GError **error);
/* Bytes of every indexed segment, all meetings. */
guint64 tribune_recording_index_total_bytes (TribuneStore *store);
/* ended_at = the end of its last segment (now when it has none). */
void tribune_recording_index_end (TribuneStore *store, gint64 recording_id);
gboolean tribune_recording_index_add_segment (TribuneStore *store, gint64 recording_id,
                                              gint64 sequence, const gchar *file,
                                              gint64 start_us, gint64 duration_us,
                                              gint64 bytes, GError **error);
/* The file of a segment of @meeting_id (relative to DATA/recordings), or NULL when that
 * meeting has no such segment. (transfer full) */
gchar *tribune_recording_index_segment_file (TribuneStore *store, gint64 meeting_id,
                                             gint64 recording_id, gint64 sequence);

/* Every segment of the meeting, in order. (transfer full) */
TribuneTimeline *tribune_recording_index_timeline (TribuneStore *store, gint64 meeting_id);
/* The meeting's chapters (TribuneChapter*), ordered by start. (transfer full) */
GPtrArray *tribune_recording_index_chapters (TribuneStore *store, gint64 meeting_id);
/* A resident's speaking turn (inspreken): its own chapter, inside the item's. */
typedef struct {
  gint64 id, item_id;
  gchar *title;             /* "Inspreker: NAME – TOPIC" */
  gint64 start_us, stop_us; /* wall clock; stop 0 while it runs */
  gint64 offset_us, end_us; /* on the timeline: set by archive.c */
} TribuneTurn;

void tribune_turn_free (TribuneTurn *turn);
/* The meeting's turns that started (TribuneTurn*), by start. (transfer full) */
GPtrArray *tribune_recording_index_turns (TribuneStore *store, gint64 meeting_id);
/* "planned", "live", "ended" into @buf; NULL for an unknown meeting. */
const gchar *tribune_recording_index_meeting_status (TribuneStore *store, gint64 meeting_id,
                                                     gchar *buf, gsize len);
/* The correction: the item's chapter starts at @wall_us, corrected = 1; the item's other
 * chapter rows go. An item on the agenda without a chapter gets one. NOT_FOUND when the
 * item is not on this meeting's agenda. */
gboolean tribune_recording_index_move_chapter (TribuneStore *store, gint64 meeting_id,
                                               gint64 item_id, gint64 wall_us,
                                               GError **error);

G_END_DECLS
