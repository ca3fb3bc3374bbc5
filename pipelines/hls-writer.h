/* hls-writer.h — writes a room's program as live HLS: MPEG-TS segments + playlist.
 *
 * Its own pipeline (appsrc ×2 → splitmuxsink(mpegtsmux)), fed from the program's H.264
 * and AAC taps and running on the program's clock and base time, so the program's
 * timestamps are used as they are. Being separate, a full disk or a write error stops
 * only HLS: WebRTC viewers keep watching, the log says what to do, and the writer tries
 * again every 3 s with a discontinuity in the playlist.
 *
 * Threads: main thread (bus watch on the main context); taps push from streaming threads.
 */
#pragma once

#include "config.h"
#include "hls-playlist.h"
#include "program.h"

G_BEGIN_DECLS

typedef struct _TribuneHlsWriter TribuneHlsWriter;

/* @dir is created if needed; stale segment files in it are removed. */
TribuneHlsWriter *tribune_hls_writer_new (const gchar *room_id, TribuneProgram *program,
                                          const gchar *dir, const TribuneConfig *config,
                                          GError **error);
/* Start after the program is PLAYING. */
gboolean tribune_hls_writer_start (TribuneHlsWriter *writer, GError **error);
void tribune_hls_writer_free (TribuneHlsWriter *writer);
TribuneHlsPlaylist *tribune_hls_writer_get_playlist (TribuneHlsWriter *writer);
const gchar *tribune_hls_writer_get_dir (TribuneHlsWriter *writer);
guint tribune_hls_writer_errors (TribuneHlsWriter *writer);

/* A segment file is complete (the muxer closed it): @path is its full path, @wall_us the
 * wall-clock time of its first frame (µs since the epoch), @duration_us its length. Called
 * on the main thread, before any file is deleted for leaving the live window, so the hook
 * may link or copy @path (the recorder keeps a live meeting's segments this way). */
typedef void (*TribuneSegmentClosed) (const gchar *path, gint64 wall_us, gint64 duration_us,
                                      gpointer user_data);
/* One hook per writer; @hook NULL removes it. */
void tribune_hls_writer_set_segment_hook (TribuneHlsWriter *writer, TribuneSegmentClosed hook,
                                          gpointer user_data);

G_END_DECLS
