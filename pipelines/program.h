/* program.h — a room's program: the one picture and sound everyone watches.
 *
 * The program mixes its input layers over a slate (compositor + audiomixer), encodes once
 * (H.264 for everyone, Opus for WebRTC, AAC for HLS) and exposes four taps: RTP H.264, RTP
 * Opus (already payloaded, shared by every WebRTC viewer), and the elementary H.264 and AAC
 * streams (for the HLS writer). Inputs live in their own pipelines and push raw frames into
 * a layer's appsrc, so an input that fails never stops the program.
 *
 * Layers, bottom to top: 0 the slate (always there), 1 the room's own source, 2 a WHIP
 * publisher. A layer is shown only while its input delivers frames (the room's watchdog
 * decides); the top visible layer also owns the sound.
 *
 * Threads: create, start, set_layer_visible and free on the main thread. The taps call
 * their subscribers on streaming threads (see packet-tap.h).
 */
#pragma once

#include <gst/gst.h>
#include <gst/app/gstappsrc.h>

#include "config.h"
#include "layout.h"
#include "mix-minus.h"
#include "packet-tap.h"

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_LAYER_SOURCE = 1,
  TRIBUNE_LAYER_WHIP = 2,
  TRIBUNE_N_LAYERS = 3,
} TribuneLayer;

typedef enum {
  TRIBUNE_TAP_RTP_VIDEO,
  TRIBUNE_TAP_RTP_AUDIO,
  TRIBUNE_TAP_H264,
  TRIBUNE_TAP_AAC,
  TRIBUNE_N_TAPS,
} TribuneTapKind;

/* The RTP payload types the program's payloaders use; viewers rewrite when they differ. */
#define TRIBUNE_PROGRAM_VIDEO_PT 96
#define TRIBUNE_PROGRAM_AUDIO_PT 111

typedef struct _TribuneProgram TribuneProgram;

/* Builds the pipeline (not started); a key frame at least every @keyframe_interval_ms
 * (the HLS segment length). Error: TRIBUNE_ERROR_PIPELINE. */
TribuneProgram *tribune_program_new (const TribuneRoomConfig *room,
                                     guint keyframe_interval_ms, GError **error);
gboolean tribune_program_start (TribuneProgram *program, GError **error);
void tribune_program_free (TribuneProgram *program);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneProgram, tribune_program_free)

GstElement *tribune_program_get_pipeline (TribuneProgram *program);
/* The appsrc a layer's input pushes into; (transfer none). Layer 0 has none. */
GstAppSrc *tribune_program_layer_video (TribuneProgram *program, TribuneLayer layer);
GstAppSrc *tribune_program_layer_audio (TribuneProgram *program, TribuneLayer layer);
void tribune_program_set_layer_visible (TribuneProgram *program, TribuneLayer layer,
                                        gboolean visible, gboolean audible);
TribunePacketTap *tribune_program_tap (TribuneProgram *program, TribuneTapKind kind);
/* Where the hall's layers go in a layout with remote participants. Main thread. */
void tribune_program_place_hall (TribuneProgram *program, const TribuneTileRect *rect);
/* The slate behind everything: hidden while participants' tiles are on the picture. */
void tribune_program_set_slate_visible (TribuneProgram *program, gboolean visible);
/* For participant tiles (program-tile.h). (transfer none) */
TribuneMixMinus *tribune_program_get_mix_minus (TribuneProgram *program);
GstElement *tribune_program_get_compositor (TribuneProgram *program);
void tribune_program_get_size (TribuneProgram *program, guint *width, guint *height,
                               guint *framerate);
/* The remote participants' voices without the hall (for the hall's speakers): made on
 * first use, while the program plays. (transfer none) NULL with @error. Main thread. */
TribunePacketTap *tribune_program_hall_return (TribuneProgram *program, GError **error);
/* Asks the encoder for a key frame: at once, or with the others who asked in the same
 * half second, at its end (keyframe-pacer.h). Any thread; needs the default main
 * context running for the trailing one. */
void tribune_program_request_keyframe (TribuneProgram *program);
/* Program running time now, or GST_CLOCK_TIME_NONE before it plays. Any thread. */
GstClockTime tribune_program_running_time (TribuneProgram *program);
/* The lower third over the picture: @title in bold, @subtitle (may be NULL) below it;
 * plain text (escaped here). NULL or "" @title removes it. Main thread. */
void tribune_program_set_lower_third (TribuneProgram *program, const gchar *title,
                                      const gchar *subtitle);

G_END_DECLS
