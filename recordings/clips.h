/* clips.h — MP4 downloads of an agenda item, made by remuxing its MPEG-TS segments (no
 * re-encode: H.264 and AAC are copied) and kept in a cache.
 *
 * A clip is named by what it contains ("{meeting}-{item}-{hash of the file list}.mp4"),
 * so a corrected chapter or more segments make a new name and an old clip is never
 * served for new content; older clips of the same item are removed when a new one is
 * made. Each clip is made once: concurrent requests for it wait for the same job.
 *
 * The pipeline (appsrc → tsdemux → h264parse/aacparse → mp4mux faststart → filesink)
 * runs in a thread of its own; the file is written as NAME.part and renamed when
 * complete. The result is handed to the main context. tsdemux turns the jumps in
 * timestamps at gaps into a continuous clip (measured: 10 s + 10 s across a 30 s jump
 * gave 20.4 s).
 *
 * Threads: the API is main-thread only; callbacks run on the main context.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TribuneClips TribuneClips;

/* @path: the finished clip (transfer none), or NULL with @error. An error in
 * G_IO_ERROR_CANCELLED means the server is shutting down: only release your data. */
typedef void (*TribuneClipReady) (const gchar *path, const GError *error,
                                  gpointer user_data);

/* @cache_dir is created when needed. */
TribuneClips *tribune_clips_new (const gchar *cache_dir);
/* Stops running jobs (waits for their threads) and calls their waiters with CANCELLED. */
void tribune_clips_free (TribuneClips *clips);

/* The clip of @files (absolute paths of .ts segments, in order) for @prefix
 * ("{meeting}-{item}"). @ready may be called before this returns (cached). */
void tribune_clips_get (TribuneClips *clips, const gchar *prefix, const gchar *const *files,
                        TribuneClipReady ready, gpointer user_data);

G_END_DECLS
