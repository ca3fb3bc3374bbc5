/* source-input.h — a room's own source: test picture, camera, RTSP pull or SRT listener.
 *
 * Runs in its own pipeline, feeding the program's source layer through a bridge. When the
 * source fails or ends (camera unplugged, RTSP server gone, SRT caller hung up) it logs
 * what happened and what to check, and tries again with back-off (1 s doubling to 10 s),
 * for as long as the room exists. The program shows the slate meanwhile.
 *
 * Threads: main thread only (its bus watch runs on the main context).
 */
#pragma once

#include "config.h"
#include "input-bridge.h"

G_BEGIN_DECLS

typedef struct _TribuneSourceInput TribuneSourceInput;

/* @room must outlive the input. Returns NULL for TRIBUNE_SOURCE_NONE/WHIP (no own source). */
TribuneSourceInput *tribune_source_input_new (const TribuneRoomConfig *room,
                                              TribuneBridge *bridge);
void tribune_source_input_start (TribuneSourceInput *input);
void tribune_source_input_free (TribuneSourceInput *input);
/* The room's watchdog saw frames from this source: reset the back-off. */
void tribune_source_input_note_frames (TribuneSourceInput *input);
/* Times the input pipeline failed or ended and was restarted. */
guint tribune_source_input_restarts (TribuneSourceInput *input);

/* The launch description for @room's source, ending in elements named "video" and/or
 * "audio" whose src pads (or, for decodebins, "pad-added") feed the tails. Exposed for
 * unit tests. (transfer full) */
gchar *tribune_source_input_describe (const TribuneRoomConfig *room);

G_END_DECLS
