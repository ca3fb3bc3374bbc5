/* decode.c — the decoded sample of the load client: a session's decrypted H.264 RTP goes
 * into its own small pipeline (appsrc ! rtph264depay ! h264parse ! avdec_h264 !
 * fakesink), which proves that real pictures arrive and how many per second.
 *
 * Threads: wl_decoder_push runs on the main thread (appsrc queues the buffer); the
 * counters are written from the pipeline's streaming thread and read with atomics.
 */
#include "webrtc-load.h"

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

struct _WlDecoder {
  GstElement *pipeline, *appsrc;
  gint frames, frames_at_window, keyframes;
  gint width, height;
};

static const char pipeline_format[] =
  "appsrc name=src is-live=true format=time do-timestamp=true max-bytes=4000000 "
  /* No jitter buffer: loopback does not reorder, and a late packet shows as a broken
   * frame, which is the kind of evidence we want. */
  "  caps=application/x-rtp,media=video,clock-rate=90000,encoding-name=H264,payload=%u "
  "! rtph264depay "
  "! h264parse name=parse "
  "! avdec_h264 "
  "! fakesink name=sink sync=false signal-handoffs=true";

static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, gpointer user_data)
{
  WlDecoder *d = user_data;

  if (g_atomic_int_add (&d->frames, 1) == 0) {
    g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
    GstStructure *st = caps ? gst_caps_get_structure (caps, 0) : NULL;
    gint w = 0, h = 0;
    if (st != NULL && gst_structure_get_int (st, "width", &w) &&
        gst_structure_get_int (st, "height", &h)) {
      g_atomic_int_set (&d->width, w);
      g_atomic_int_set (&d->height, h);
    }
  }
}

/* Key frames as h264parse sees them (a decoder's output carries no such flag). */
static GstPadProbeReturn
on_parsed (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  WlDecoder *d = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  if (buffer != NULL && !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    g_atomic_int_inc (&d->keyframes);
  return GST_PAD_PROBE_OK;
}

WlDecoder *
wl_decoder_new (guint video_pt, GError **error)
{
  g_autofree gchar *desc = g_strdup_printf (pipeline_format, video_pt);
  g_autoptr (GstElement) pipeline = gst_parse_launch_full (desc, NULL,
                                                           GST_PARSE_FLAG_FATAL_ERRORS,
                                                           error);
  g_autoptr (GstElement) sink = NULL, parse = NULL;
  g_autoptr (GstPad) pad = NULL;
  WlDecoder *d;

  if (pipeline == NULL)
    return NULL;
  d = g_new0 (WlDecoder, 1);
  d->pipeline = g_steal_pointer (&pipeline);
  d->appsrc = gst_bin_get_by_name (GST_BIN (d->pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (d->pipeline), "sink");
  parse = gst_bin_get_by_name (GST_BIN (d->pipeline), "parse");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), d);
  pad = gst_element_get_static_pad (parse, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_parsed, d, NULL);
  if (gst_element_set_state (d->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the decoding pipeline did not start");
    wl_decoder_free (d);
    return NULL;
  }
  return d;
}

void
wl_decoder_push (WlDecoder *d, const guint8 *rtp, gsize len)
{
  (void) gst_app_src_push_buffer (GST_APP_SRC (d->appsrc), gst_buffer_new_memdup (rtp, len));
}

void
wl_decoder_begin_window (WlDecoder *d)
{
  g_atomic_int_set (&d->frames_at_window, g_atomic_int_get (&d->frames));
}

void
wl_decoder_stats (WlDecoder *d, guint64 *frames, guint64 *window_frames, guint64 *keyframes,
                  gint *width, gint *height)
{
  gint f = g_atomic_int_get (&d->frames);

  if (frames)
    *frames = (guint64) f;
  if (window_frames)
    *window_frames = (guint64) (f - g_atomic_int_get (&d->frames_at_window));
  if (keyframes)
    *keyframes = (guint64) g_atomic_int_get (&d->keyframes);
  if (width)
    *width = g_atomic_int_get (&d->width);
  if (height)
    *height = g_atomic_int_get (&d->height);
}

void
wl_decoder_free (WlDecoder *d)
{
  if (d == NULL)
    return;
  gst_element_set_state (d->pipeline, GST_STATE_NULL);
  gst_clear_object (&d->appsrc);
  gst_clear_object (&d->pipeline);
  g_free (d);
}
