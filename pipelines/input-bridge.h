/* input-bridge.h — carries an input pipeline's decoded frames into a program layer.
 *
 * An input (test source, camera, RTSP, SRT, WHIP publisher) builds its own pipeline and
 * ends each decoded stream in a "tail" made here: convert and scale to the program's
 * format, then an appsink whose samples are retimed (retimer.h) and pushed into the
 * layer's appsrc in the program. The bridge also records when the last video and audio
 * frames arrived; the room's watchdog reads the later of the two to show or hide the
 * layer (an audio-only source counts as live).
 *
 * Threads: tails call into the bridge on the input's streaming threads; the frame
 * times are protected by a mutex. A bridge outlives every input pipeline that uses it (the room owns it).
 */
#pragma once

#include <gst/gst.h>

#include "config.h"
#include "program.h"

G_BEGIN_DECLS

typedef struct _TribuneBridge TribuneBridge;

TribuneBridge *tribune_bridge_new (TribuneProgram *program, TribuneLayer layer,
                                   const TribuneRoomConfig *room);
/* A bridge into any pair of the program's appsrcs (a participant's tile), at @width ×
 * @height. */
TribuneBridge *tribune_bridge_new_for (TribuneProgram *program, GstAppSrc *video,
                                       GstAppSrc *audio, guint width, guint height);
void tribune_bridge_free (TribuneBridge *bridge);
/* Draw @label (plain text, e.g. a participant's name) on the pictures of video tails made
 * after this call. */
void tribune_bridge_set_label (TribuneBridge *bridge, const gchar *label);

/* A bin with one sink pad ("sink") that accepts any raw video / raw audio. Add it to the
 * input's pipeline and link a decoder to it. (transfer floating) */
GstElement *tribune_bridge_make_video_tail (TribuneBridge *bridge, GError **error);
GstElement *tribune_bridge_make_audio_tail (TribuneBridge *bridge, GError **error);

/* A new input starts: re-anchor timestamps and forget the old frame time. */
void tribune_bridge_reset (TribuneBridge *bridge);
/* Monotonic time (µs) of the last video frame, 0 if none since the reset. */
gint64 tribune_bridge_last_video_us (TribuneBridge *bridge);
gint64 tribune_bridge_last_audio_us (TribuneBridge *bridge);

G_END_DECLS
