/* input-bridge.c — tails of input pipelines and the hand-over into the program.
 * See input-bridge.h. */
#include "input-bridge.h"
#include "retimer.h"
#include "tribune-error.h"

#include <gst/app/gstappsink.h>

struct _TribuneBridge {
  TribuneProgram *program;         /* not owned; outlives the bridge */
  GstAppSrc *video_target;         /* the program's appsrcs (not owned; they outlive */
  GstAppSrc *audio_target;         /* every input pipeline that feeds them) */
  guint width, height;
  gchar *label;                    /* drawn on the picture (a participant's name) */
  TribuneRetimer retimer;
  gint64 last_video_us;
  gint64 last_audio_us;
  GMutex time_lock;                /* protects last_video_us, last_audio_us */
};

/* Tail bins. Letterbox to the program size; no videorate: the compositor picks frames by
 * time, so an input's own frame rate does not matter. */
static const char video_tail[] =
  "queue name=in max-size-buffers=3 max-size-time=0 max-size-bytes=0 leaky=downstream\n"
  "  ! videoconvert ! videoscale add-borders=true\n"
  "  ! video/x-raw,format=I420,width=%u,height=%u,pixel-aspect-ratio=1/1\n"
  "  ! appsink name=out sync=false async=false max-buffers=2 drop=true\n";

/* The same with a name label, drawn here in the input's own pipeline (its thread, its
 * small picture) rather than in the program. */
static const char labelled_video_tail[] =
  "queue name=in max-size-buffers=3 max-size-time=0 max-size-bytes=0 leaky=downstream\n"
  "  ! videoconvert ! videoscale add-borders=true\n"
  "  ! video/x-raw,format=I420,width=%u,height=%u,pixel-aspect-ratio=1/1\n"
  "  ! textoverlay name=label valignment=bottom halignment=left shaded-background=true\n"
  "      font-desc=\"Sans Bold 22\" xpad=16 ypad=12\n"
  "  ! appsink name=out sync=false async=false max-buffers=2 drop=true\n";

static const char audio_tail[] =
  "queue name=in max-size-buffers=0 max-size-bytes=0 max-size-time=200000000 leaky=downstream\n"
  "  ! audioconvert ! audioresample\n"
  "  ! audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2\n"
  "  ! appsink name=out sync=false async=false max-buffers=20 drop=true\n";

TribuneBridge *
tribune_bridge_new (TribuneProgram *program, TribuneLayer layer,
                    const TribuneRoomConfig *room)
{
  return tribune_bridge_new_for (program, tribune_program_layer_video (program, layer),
                                 tribune_program_layer_audio (program, layer),
                                 room->width, room->height);
}

TribuneBridge *
tribune_bridge_new_for (TribuneProgram *program, GstAppSrc *video, GstAppSrc *audio,
                        guint width, guint height)
{
  TribuneBridge *b = g_new0 (TribuneBridge, 1);

  b->program = program;
  b->video_target = video;
  b->audio_target = audio;
  b->width = width;
  b->height = height;
  g_mutex_init (&b->time_lock);
  tribune_retimer_init (&b->retimer, 30 * GST_MSECOND);
  return b;
}

void
tribune_bridge_set_label (TribuneBridge *b, const gchar *label)
{
  g_free (b->label);
  b->label = g_strdup (label);
}

void
tribune_bridge_free (TribuneBridge *b)
{
  if (b == NULL)
    return;
  tribune_retimer_clear (&b->retimer);
  g_mutex_clear (&b->time_lock);
  g_free (b->label);
  g_free (b);
}

static void
push_retimed (TribuneBridge *b, GstAppSink *sink, GstAppSrc *target, gint64 *last_us)
{
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *in;
  GstBuffer *out;
  GstClockTime pts;

  if (sample == NULL || (in = gst_sample_get_buffer (sample)) == NULL)
    return;
  pts = tribune_retimer_map (&b->retimer, GST_BUFFER_PTS (in),
                             tribune_program_running_time (b->program));
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;   /* program not playing yet, or an untimed buffer: nothing to show */

  /* A new buffer that shares the memory: only the metadata changes. */
  out = gst_buffer_copy_region (in, GST_BUFFER_COPY_METADATA | GST_BUFFER_COPY_MEMORY,
                                0, -1);
  GST_BUFFER_PTS (out) = pts;
  GST_BUFFER_DTS (out) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_FLAG_UNSET (out, GST_BUFFER_FLAG_DISCONT);
  gst_app_src_push_buffer (target, out);

  g_mutex_lock (&b->time_lock);
  *last_us = g_get_monotonic_time ();
  g_mutex_unlock (&b->time_lock);
}

static GstFlowReturn
on_video_sample (GstAppSink *sink, gpointer user_data)
{
  TribuneBridge *b = user_data;

  push_retimed (b, sink, b->video_target, &b->last_video_us);
  return GST_FLOW_OK;
}

static GstFlowReturn
on_audio_sample (GstAppSink *sink, gpointer user_data)
{
  TribuneBridge *b = user_data;

  push_retimed (b, sink, b->audio_target, &b->last_audio_us);
  return GST_FLOW_OK;
}

static GstElement *
make_tail (TribuneBridge *b, const gchar *description, gboolean video, GError **error)
{
  g_autoptr (GError) local = NULL;
  GstAppSinkCallbacks callbacks = { 0 };
  GstElement *bin;
  GstElement *sink;

  /* No automatic ghost pads: a textoverlay's unlinked text pad would get one too, and
   * "sink" might then be the wrong one. The tail's input is its first queue. */
  bin = gst_parse_bin_from_description_full (description, FALSE, NULL,
                                             GST_PARSE_FLAG_FATAL_ERRORS, &local);
  if (bin == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "cannot build the input tail: %s (install gstreamer1.0-plugins-base)",
                 local->message);
    return NULL;
  }
  {
    g_autoptr (GstElement) in = gst_bin_get_by_name (GST_BIN (bin), "in");
    g_autoptr (GstPad) target = gst_element_get_static_pad (in, "sink");

    gst_element_add_pad (bin, gst_ghost_pad_new ("sink", target));
  }
  sink = gst_bin_get_by_name (GST_BIN (bin), "out");
  callbacks.new_sample = video ? on_video_sample : on_audio_sample;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, b, NULL);
  gst_object_unref (sink);
  return bin;
}

GstElement *
tribune_bridge_make_video_tail (TribuneBridge *b, GError **error)
{
  g_autofree gchar *desc = g_strdup_printf (b->label ? labelled_video_tail : video_tail,
                                            b->width, b->height);
  GstElement *bin = make_tail (b, desc, TRUE, error);

  if (bin && b->label) {
    /* User text: set as a property (never in the launch string), markup-escaped. */
    g_autoptr (GstElement) label = gst_bin_get_by_name (GST_BIN (bin), "label");
    g_autofree gchar *text = g_markup_escape_text (b->label, -1);

    g_object_set (label, "text", text, NULL);
  }
  return bin;
}

GstElement *
tribune_bridge_make_audio_tail (TribuneBridge *b, GError **error)
{
  return make_tail (b, audio_tail, FALSE, error);
}

void
tribune_bridge_reset (TribuneBridge *b)
{
  tribune_retimer_reset (&b->retimer);
  g_mutex_lock (&b->time_lock);
  b->last_video_us = 0;
  b->last_audio_us = 0;
  g_mutex_unlock (&b->time_lock);
}

gint64
tribune_bridge_last_video_us (TribuneBridge *b)
{
  gint64 v;

  g_mutex_lock (&b->time_lock);
  v = b->last_video_us;
  g_mutex_unlock (&b->time_lock);
  return v;
}

gint64
tribune_bridge_last_audio_us (TribuneBridge *b)
{
  gint64 v;

  g_mutex_lock (&b->time_lock);
  v = b->last_audio_us;
  g_mutex_unlock (&b->time_lock);
  return v;
}
