/* program.c — the room program pipeline (see program.h for the concept).
 *
 * DESIGN
 * The fixed graph is one launch string. Compositor and audiomixer run in live mode:
 * the slate (a live videotestsrc/audiotestsrc) drives time, so the program produces
 * frames at a steady rate whether or not any input exists. Layer appsrcs are leaky and
 * never block the input that feeds them: a stalled input shows as "nothing new above the
 * slate", never as a stalled program.
 *
 * Every output ends in an appsink wrapped by a TribunePacketTap; outputs (viewers, the
 * HLS writer) are separate pipelines fed from the taps, so a failing output cannot push
 * a `not-negotiated` or error back through a tee into the encoder (STACK-NOTES trap).
 */
#include "program.h"
#include "encoder-threads.h"
#include "keyframe-pacer.h"
#include "mix-minus.h"
#include "tribune-error.h"

#include <gst/video/video.h>

struct _TribuneProgram {
  GstElement *pipeline;
  GstElement *encoder;
  GstElement *lower_third;
  GstPad *video_pads[TRIBUNE_N_LAYERS];     /* compositor sink pads */
  GstElement *volumes[TRIBUNE_N_LAYERS];    /* a layer's sound, muted when not on air */
  GstAppSrc *video_src[TRIBUNE_N_LAYERS];
  GstAppSrc *audio_src[TRIBUNE_N_LAYERS];
  TribuneMixMinus *mix_minus;               /* who hears whom (mix-minus.h) */
  TribunePacketTap *hall_return;            /* the remote voices for the hall; lazily */
  guint width, height, framerate;
  TribunePacketTap *taps[TRIBUNE_N_TAPS];
  GMutex keyframe_lock;
  TribuneKeyframePacer keyframes;           /* protected by keyframe_lock */
  GSource *trailing_keyframe;               /* protected by keyframe_lock */
};

/* At most one forced key frame per this interval (keyframe-pacer.h): half the natural
 * one-second GOP, so a burst of joining viewers adds at most two key frames a second. */
#define KEYFRAME_PACING_US (G_USEC_PER_SEC / 2)

/* %1$u width, %2$u height, %3$u framerate, %4$u video kbit/s, %5$u key interval (frames),
 * %6$u audio kbit/s for AAC, %7$u encoder threads (encoder-threads.h). No user text ever goes into this string: titles are set as
 * properties after parsing. */
static const char program_launch[] =
  /* The slate: bottom layer, always present, drives the program clock. It is drawn
   * once and repeated by imagefreeze: rendering the text for every frame cost ~5 % of a
   * core at 720p30 for a picture that never changes. */
  "videotestsrc name=slate num-buffers=1 pattern=solid-color foreground-color=0xff1d3557\n"
  "  ! video/x-raw,width=%1$u,height=%2$u,framerate=%3$u/1\n"
  "  ! textoverlay name=slate_text valignment=center halignment=center\n"
  "      font-desc=\"Sans Bold 32\" line-alignment=center\n"
  "  ! imagefreeze is-live=true\n"
  "  ! vmix.sink_0\n"
  /* Live silence: keeps the program's sound (and every participant's mix, which take
   * it from the tee) running with no voice at all. */
  "audiotestsrc name=silence is-live=true wave=silence\n"
  "  ! audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2\n"
  "  ! tee name=silence_tee allow-not-linked=true\n"
  "silence_tee. ! amix.sink_0\n"
  /* latency: how long the mixers wait for a late input frame before mixing without it.
   * Video 20 ms: a late picture is shown a frame later, which nobody sees, and every
   * frame of the hall gets to the screen sooner (bench/g2g.mjs: ~15 ms of the median).
   * Sound keeps 40 ms: a late voice packet missed is a click in everyone's ears. */
  "compositor name=vmix background=black latency=20000000\n"
  "  ! video/x-raw,format=I420,width=%1$u,height=%2$u,framerate=%3$u/1,pixel-aspect-ratio=1/1\n"
  /* The lower third (the current agenda item) is drawn over everything, so it is in the
   * broadcast and the recording alike. Silent (a plain pass-through) while there is no
   * meeting; the text is rendered once per change, then only blended. */
  "  ! textoverlay name=lower_third silent=true valignment=bottom halignment=left\n"
  "      line-alignment=left shaded-background=true wrap-mode=word\n"
  "  ! queue max-size-buffers=3 max-size-time=0 max-size-bytes=0\n"
  /* Always I420 before x264 (STACK-NOTES: otherwise 4:4:4 that browsers cannot decode).
   * Constrained baseline: every WebRTC browser decodes it; no B-frames, low latency. */
  "  ! x264enc name=venc tune=zerolatency speed-preset=veryfast bitrate=%4$u\n"
  "      key-int-max=%5$u bframes=0 sliced-threads=false threads=%7$u\n"
  "  ! video/x-h264,profile=constrained-baseline,stream-format=byte-stream,alignment=au\n"
  /* config-interval=-1: SPS/PPS before every IDR, so any viewer or segment can start. */
  "  ! h264parse config-interval=-1\n"
  /* Pin Annex B after the parser: otherwise the RTP branch negotiates "avc" for the
   * whole tee and mpegtsmux (HLS) refuses it. */
  "  ! video/x-h264,stream-format=byte-stream,alignment=au\n"
  "  ! tee name=vtee\n"
  "vtee. ! queue max-size-time=500000000 leaky=downstream\n"
  "  ! rtph264pay pt=96 mtu=1200 config-interval=-1 aggregate-mode=zero-latency\n"
  "  ! appsink name=rtp_video sync=false async=false emit-signals=false\n"
  "vtee. ! queue max-size-time=2000000000 leaky=downstream\n"
  "  ! appsink name=h264 sync=false async=false emit-signals=false\n"
  "audiomixer name=amix latency=40000000\n"
  "  ! audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2\n"
  "  ! tee name=atee\n"
  "atee. ! queue max-size-time=500000000 leaky=downstream\n"
  "  ! opusenc bitrate=64000 frame-size=20\n"
  "  ! rtpopuspay pt=111 mtu=1200\n"
  "  ! appsink name=rtp_audio sync=false async=false emit-signals=false\n"
  "atee. ! queue max-size-time=2000000000 leaky=downstream\n"
  "  ! audioconvert ! avenc_aac bitrate=%6$u000 ! aacparse\n"
  "  ! appsink name=aac sync=false async=false emit-signals=false\n";

static const char *const slate_text =
  "De uitzending begint zo\n"
  "<span size=\"small\">We'll be right back</span>";

static GstElement *
get_element (GstElement *pipeline, const gchar *name)
{
  GstElement *e = gst_bin_get_by_name (GST_BIN (pipeline), name);

  g_assert (e != NULL);   /* names come from our own launch string */
  gst_object_unref (e);   /* the pipeline keeps it alive */
  return e;
}

/* Create a layer's appsrc and link it to a new mixer pad with the given zorder. */
static gboolean
add_layer (TribuneProgram *p, const TribuneRoomConfig *room, TribuneLayer layer,
           GError **error)
{
  GstElement *vmix = get_element (p->pipeline, "vmix");
  g_autoptr (GstCaps) vcaps = gst_caps_new_simple ("video/x-raw",
      "format", G_TYPE_STRING, "I420",
      "width", G_TYPE_INT, (gint) room->width,
      "height", G_TYPE_INT, (gint) room->height,
      "framerate", GST_TYPE_FRACTION, (gint) room->framerate, 1,
      "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  g_autoptr (GstCaps) acaps = gst_caps_from_string (
      "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2");
  GstElement *vsrc = gst_element_factory_make ("appsrc", NULL);
  GstElement *asrc = gst_element_factory_make ("appsrc", NULL);
  g_autoptr (GstPad) vsrc_pad = NULL;
  GstElement *volume, *tee;

  /* Leaky and non-blocking: a burst from an input drops its oldest frames instead of
   * blocking the input's streaming thread; the program never waits for an input. */
  for (guint i = 0; i < 2; i++) {
    GstElement *src = i == 0 ? vsrc : asrc;
    g_object_set (src, "is-live", TRUE, "format", GST_FORMAT_TIME, "block", FALSE,
                  "max-buffers", (guint64) 8, "leaky-type", 2 /* downstream */,
                  "caps", i == 0 ? vcaps : acaps,
                  /* An appsrc reports max latency 0 by default, which the mixers read
                   * as "cannot wait at all" (warning: max < min). It can hold buffers. */
                  "min-latency", (gint64) 0, "max-latency", (gint64) GST_SECOND, NULL);
    gst_bin_add (GST_BIN (p->pipeline), src);
  }

  p->video_pads[layer] = gst_element_request_pad_simple (vmix, "sink_%u");
  g_object_set (p->video_pads[layer], "zorder", (guint) layer, "alpha", 0.0, NULL);

  /* The hall's sound: volume (muted while the layer is off air) → level (who speaks) →
   * a tee that the mix-minus links into the program and every participant's mix. */
  volume = gst_element_factory_make ("volume", NULL);
  tee = gst_element_factory_make ("tee", NULL);
  {
    g_autofree gchar *level_name = g_strdup_printf ("vu:%s:%u", TRIBUNE_MIX_MINUS_HALL,
                                                     (guint) layer);
    GstElement *level = gst_element_factory_make ("level", level_name);

    g_object_set (volume, "mute", TRUE, NULL);
    g_object_set (level, "interval", (guint64) 100 * GST_MSECOND, "post-messages", TRUE,
                  NULL);
    gst_bin_add_many (GST_BIN (p->pipeline), volume, level, tee, NULL);
    if (!gst_element_link_many (asrc, volume, level, tee, NULL)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                   "could not link the sound of input layer %u", layer);
      return FALSE;
    }
  }
  p->volumes[layer] = volume;
  tribune_mix_minus_add_voice (p->mix_minus, TRIBUNE_MIX_MINUS_HALL, tee);

  vsrc_pad = gst_element_get_static_pad (vsrc, "src");
  if (gst_pad_link (vsrc_pad, p->video_pads[layer]) != GST_PAD_LINK_OK) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "could not link input layer %u into the program", layer);
    return FALSE;
  }
  p->video_src[layer] = GST_APP_SRC (vsrc);
  p->audio_src[layer] = GST_APP_SRC (asrc);
  return TRUE;
}

TribuneProgram *
tribune_program_new (const TribuneRoomConfig *room, guint keyframe_interval_ms,
                     GError **error)
{
  g_autoptr (TribuneProgram) p = g_new0 (TribuneProgram, 1);

  g_autoptr (GError) parse_error = NULL;
  g_autofree gchar *launch = NULL;
  static const char *const tap_names[TRIBUNE_N_TAPS] = {
    "rtp_video", "rtp_audio", "h264", "aac"
  };

  g_mutex_init (&p->keyframe_lock);
  tribune_keyframe_pacer_init (&p->keyframes, KEYFRAME_PACING_US);
  launch = g_strdup_printf (program_launch, room->width, room->height, room->framerate,
                            room->video_kbps,
                            MAX (1u, room->framerate * keyframe_interval_ms / 1000),
                            room->audio_kbps,
                            tribune_encoder_threads (room->width, room->height,
                                                     room->framerate,
                                                     g_get_num_processors ()));
  p->pipeline = gst_parse_launch_full (launch, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
                                       &parse_error);
  if (p->pipeline == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "room %s: cannot build the program: %s", room->id, parse_error->message);
    return NULL;
  }
  gst_object_set_name (GST_OBJECT (p->pipeline), room->id);
  gst_object_ref_sink (p->pipeline);
  p->encoder = get_element (p->pipeline, "venc");
  g_object_set (get_element (p->pipeline, "slate_text"), "text", slate_text, NULL);
  p->lower_third = get_element (p->pipeline, "lower_third");
  /* Sized to the picture: a title line ~1/16 of the height. (textoverlay renders Pango
   * points at about 2.4 px each at any size; measured on a 720p frame.) */
  {
    g_autofree gchar *font = g_strdup_printf ("Sans %u", MAX (6u, room->height / 40));
    g_object_set (p->lower_third, "font-desc", font,
                  "xpad", (gint) MAX (4u, room->width / 32),
                  "ypad", (gint) MAX (4u, room->height / 16), NULL);
  }

  for (guint i = 0; i < TRIBUNE_N_TAPS; i++)
    p->taps[i] = tribune_packet_tap_new (get_element (p->pipeline, tap_names[i]));
  p->width = room->width;
  p->height = room->height;
  p->framerate = room->framerate;
  p->mix_minus = tribune_mix_minus_new (p->pipeline, get_element (p->pipeline, "silence_tee"));
  /* The program hears every voice ("program" is no voice's group). */
  tribune_mix_minus_add_mixer (p->mix_minus, "program", get_element (p->pipeline, "amix"));
  if (!add_layer (p, room, TRIBUNE_LAYER_SOURCE, error) ||
      !add_layer (p, room, TRIBUNE_LAYER_WHIP, error))
    return NULL;
  return g_steal_pointer (&p);
}

gboolean
tribune_program_start (TribuneProgram *p, GError **error)
{
  if (gst_element_set_state (p->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "program %s would not start; run with GST_DEBUG=3 to see why",
                 GST_OBJECT_NAME (p->pipeline));
    return FALSE;
  }
  return TRUE;
}

void
tribune_program_free (TribuneProgram *p)
{
  if (p == NULL)
    return;
  if (p->pipeline)
    gst_element_set_state (p->pipeline, GST_STATE_NULL);
  for (guint i = 0; i < TRIBUNE_N_TAPS; i++)
    tribune_packet_tap_free (p->taps[i]);
  for (guint i = 0; i < TRIBUNE_N_LAYERS; i++)
    gst_clear_object (&p->video_pads[i]);
  g_clear_pointer (&p->mix_minus, tribune_mix_minus_free);
  gst_clear_object (&p->pipeline);
  g_mutex_lock (&p->keyframe_lock);
  if (p->trailing_keyframe != NULL) {
    g_source_destroy (p->trailing_keyframe);
    g_clear_pointer (&p->trailing_keyframe, g_source_unref);
  }
  g_mutex_unlock (&p->keyframe_lock);
  g_mutex_clear (&p->keyframe_lock);
  g_free (p);
}

GstElement *
tribune_program_get_pipeline (TribuneProgram *p)
{
  return p->pipeline;
}

GstAppSrc *
tribune_program_layer_video (TribuneProgram *p, TribuneLayer layer)
{
  g_return_val_if_fail (layer > 0 && layer < TRIBUNE_N_LAYERS, NULL);
  return p->video_src[layer];
}

GstAppSrc *
tribune_program_layer_audio (TribuneProgram *p, TribuneLayer layer)
{
  g_return_val_if_fail (layer > 0 && layer < TRIBUNE_N_LAYERS, NULL);
  return p->audio_src[layer];
}

void
tribune_program_set_layer_visible (TribuneProgram *p, TribuneLayer layer,
                                   gboolean visible, gboolean audible)
{
  g_return_if_fail (layer > 0 && layer < TRIBUNE_N_LAYERS);
  g_object_set (p->video_pads[layer], "alpha", visible ? 1.0 : 0.0, NULL);
  g_object_set (p->volumes[layer], "mute", !audible, NULL);
}

void
tribune_program_set_slate_visible (TribuneProgram *p, gboolean visible)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (get_element (p->pipeline, "vmix"),
                                                       "sink_0");

  /* Between participants' tiles the background is plain black, not the slate's words. */
  g_object_set (pad, "alpha", visible ? 1.0 : 0.0, NULL);
}

void
tribune_program_place_hall (TribuneProgram *p, const TribuneTileRect *rect)
{
  for (guint layer = 1; layer < TRIBUNE_N_LAYERS; layer++)
    g_object_set (p->video_pads[layer], "xpos", rect->x, "ypos", rect->y,
                  "width", rect->width, "height", rect->height,
                  "zorder", rect->zorder * 20 + layer, NULL);
}

TribuneMixMinus *
tribune_program_get_mix_minus (TribuneProgram *p)
{
  return p->mix_minus;
}

GstElement *
tribune_program_get_compositor (TribuneProgram *p)
{
  return get_element (p->pipeline, "vmix");
}

void
tribune_program_get_size (TribuneProgram *p, guint *width, guint *height, guint *framerate)
{
  *width = p->width;
  *height = p->height;
  *framerate = p->framerate;
}

TribunePacketTap *
tribune_program_hall_return (TribuneProgram *p, GError **error)
{
  if (p->hall_return == NULL)
    p->hall_return = tribune_mix_minus_add_listener (p->mix_minus, TRIBUNE_MIX_MINUS_HALL,
                                                     g_random_int (), error);
  return p->hall_return;
}

TribunePacketTap *
tribune_program_tap (TribuneProgram *p, TribuneTapKind kind)
{
  g_return_val_if_fail (kind < TRIBUNE_N_TAPS, NULL);
  return p->taps[kind];
}

static void
force_keyframe (TribuneProgram *p)
{
  gst_element_send_event (p->encoder,
      gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE, TRUE, 0));
}

/* The trailing key frame for the viewers who asked inside the last interval. Runs on the
 * main context, where the program is also freed (which destroys this source first). */
static gboolean
force_trailing_keyframe (gpointer data)
{
  TribuneProgram *p = data;

  g_mutex_lock (&p->keyframe_lock);
  tribune_keyframe_pacer_fire (&p->keyframes, g_get_monotonic_time ());
  g_clear_pointer (&p->trailing_keyframe, g_source_unref);
  g_mutex_unlock (&p->keyframe_lock);
  force_keyframe (p);
  return G_SOURCE_REMOVE;
}

void
tribune_program_request_keyframe (TribuneProgram *p)
{
  gint64 delay_us = 0;
  TribuneKeyframeDecision decision;

  /* Any thread (the lean sender's receive thread, webrtcbin's): the pacer is locked, the
   * encoder event is sent outside the lock. */
  g_mutex_lock (&p->keyframe_lock);
  decision = tribune_keyframe_pacer_request (&p->keyframes, g_get_monotonic_time (),
                                             &delay_us);
  if (decision == TRIBUNE_KEYFRAME_SCHEDULE) {
    p->trailing_keyframe = g_timeout_source_new ((guint) MAX (1, delay_us / 1000));
    g_source_set_callback (p->trailing_keyframe, force_trailing_keyframe, p, NULL);
    g_source_set_static_name (p->trailing_keyframe, "tribune trailing key frame");
    g_source_attach (p->trailing_keyframe, NULL);
  }
  g_mutex_unlock (&p->keyframe_lock);
  if (decision == TRIBUNE_KEYFRAME_NOW)
    force_keyframe (p);
}

GstClockTime
tribune_program_running_time (TribuneProgram *p)
{
  return gst_element_get_current_running_time (p->pipeline);
}

void
tribune_program_set_lower_third (TribuneProgram *p, const gchar *title, const gchar *subtitle)
{
  g_autofree gchar *t = NULL, *st = NULL, *markup = NULL;

  if (title == NULL || *title == '\0') {
    g_object_set (p->lower_third, "silent", TRUE, "text", "", NULL);
    return;
  }
  /* User text: escaped, so "<b>" or "&" in a title is shown, never interpreted. */
  t = g_markup_escape_text (title, -1);
  st = subtitle && *subtitle ? g_markup_escape_text (subtitle, -1) : NULL;
  markup = st ? g_strdup_printf ("<b>%s</b>\n<span size=\"smaller\">%s</span>", t, st)
              : g_strdup_printf ("<b>%s</b>", t);
  g_object_set (p->lower_third, "text", markup, "silent", FALSE, NULL);
}
