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

G_END_DECLS
