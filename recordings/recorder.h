/* recorder.h — keeps the segments of a live meeting: the archive's writer.
 *
 * While a meeting is live, every HLS segment its room's writer closes is hard-linked
 * (copied when DATA/recordings is on another file system) to
 * DATA/recordings/{meeting}/{recording}/{sequence}.ts, synced, and only then indexed
 * (recording-index.h). A crash therefore loses at most the segment being written; a row
 * never points at a half-written file. Each run of the recorder for a meeting is one
 * `recordings` row: a restart after a crash closes the old row (at the end of its last
 * segment) and opens a new one, and the time between them is the gap the archive shows.
 *
 * A full disk or another write error skips that segment, logs what to do, and the live
 * stream goes on; what is stored stays stored, and the next segment that can be written
 * is kept again (after a gap).
 *
 * Main thread only (the segment hook runs on the main context).
 */
#pragma once

#include "room.h"
#include "store.h"

G_BEGIN_DECLS

typedef struct _TribuneRecorder TribuneRecorder;

/* @root: DATA/recordings (created when needed). @store is not owned. */
TribuneRecorder *tribune_recorder_new (TribuneStore *store, const gchar *root);
/* Limits checked before each segment is kept (storage-guard.h): keep @min_free_bytes
 * free on the disk, use at most @max_bytes for all recordings (0: no limit). */
void tribune_recorder_set_limits (TribuneRecorder *recorder, guint64 min_free_bytes,
                                  guint64 max_bytes);
/* Ends every recording (clean shutdown). Free the rooms first: their HLS writers hand
 * over their last segment while they stop. */
void tribune_recorder_free (TribuneRecorder *recorder);

/* Record @meeting_id from @room's segments. Idempotent: TRUE at once when it is already
 * recording. Otherwise closes the meeting's open recordings (crash) and starts a new one.
 * A room records one meeting at a time; another meeting on that room stops first. */
gboolean tribune_recorder_ensure (TribuneRecorder *recorder, TribuneRoom *room,
                                  gint64 meeting_id, GError **error);
/* The meeting ended: keep the segment being written now (it holds the last moments,
 * up to one segment), then stop. Stops anyway when that segment does not come within
 * 15 s. No-op when it is not recording or already finishing. */
void tribune_recorder_finish (TribuneRecorder *recorder, gint64 meeting_id);
/* Stop recording @meeting_id now (no-op when it is not recording); the segment being
 * written is not kept. */
void tribune_recorder_stop (TribuneRecorder *recorder, gint64 meeting_id);
gboolean tribune_recorder_is_recording (TribuneRecorder *recorder, gint64 meeting_id);
/* DATA/recordings. (transfer none) */
const gchar *tribune_recorder_root (TribuneRecorder *recorder);

G_END_DECLS
