/* hls-writer.c — see hls-writer.h.
 *
 * Segment boundaries: the encoder makes a key frame every segment length
 * (key-int-max = framerate × segment), and splitmuxsink cuts at the first key frame
 * after max-size-time, set a little under the segment length so the regular key frame
 * closes the segment. Key frames requested by joining WebRTC viewers can make a segment
 * shorter or up to one segment longer, which is why the target duration is twice the
 * nominal segment length.
 */
#include "hls-writer.h"
#include "tribune-error.h"

#include <gst/app/gstappsrc.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#define RETRY_S 3

struct _TribuneHlsWriter {
  gchar *room_id;
  gchar *dir;
  TribuneProgram *program;         /* not owned */
  const TribuneConfig *config;
  TribuneHlsPlaylist *playlist;
  GstElement *pipeline;
  GstAppSrc *video_src, *audio_src;
  /* Last running time pushed per stream; each is touched only by its tap's streaming
   * thread, and reset before the taps are subscribed. */
  GstClockTime last_video_pts, last_audio_pts;
  guint video_tap, audio_tap;
  guint bus_watch;
  guint retry_source;
  guint errors;
  guint epoch;                     /* segment file prefix, new for every (re)start */
  GstClockTime opened_rt;          /* running time the open fragment started at */
  gint64 opened_wall_us;
  TribuneSegmentClosed segment_hook;
  gpointer segment_hook_data;
};

static const char writer_launch[] =
  /* Leaky: if the writer stalls (slow disk), it drops its oldest data instead of
   * growing without bound; the next segment then starts at a key frame again. */
  "appsrc name=video is-live=true format=time block=false max-buffers=300 leaky-type=downstream\n"
  "  ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0\n"
  "  ! mux.video\n"
  "appsrc name=audio is-live=true format=time block=false max-buffers=300 leaky-type=downstream\n"
  "  ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0\n"
  "  ! mux.audio_0\n"
  /* send-keyframe-requests would go nowhere (the encoder is in another pipeline);
   * the encoder's own key-int-max paces the segments. */
  "splitmuxsink name=mux muxer-factory=mpegtsmux async-finalize=false\n";

/* Program streaming thread: copy caps when they change, then push the buffer stamped
 * in running time. (Encoders put their output in a segment that starts at 1000 h so DTS
 * can precede PTS; the appsrc here has a plain segment from 0, so raw timestamps would
 * be 1000 h off.) */
static void
push_to (GstAppSrc *src, GstClockTime *last_pts, GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  g_autoptr (GstCaps) current = gst_app_src_get_caps (src);
  GstClockTime pts;
  GstBuffer *out;

  if (buffer == NULL || segment == NULL)
    return;
  pts = gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return;
  if (caps && (current == NULL || !gst_caps_is_equal (current, caps)))
    gst_app_src_set_caps (src, caps);
  /* The encoder can restart its segment when the program renegotiates (seen at start-up
   * under load): running time then steps back. splitmuxsink fails on that ("Queued GOP
   * time is negative"), so drop the overlap until time moves forward again. */
  if (GST_CLOCK_TIME_IS_VALID (*last_pts) && pts < *last_pts)
    return;
  *last_pts = pts;
  out = gst_buffer_copy_region (buffer, GST_BUFFER_COPY_METADATA | GST_BUFFER_COPY_MEMORY,
                                0, -1);
  /* No B-frames in the program: decode order is presentation order. */
  GST_BUFFER_PTS (out) = pts;
  GST_BUFFER_DTS (out) = pts;
  gst_app_src_push_buffer (src, out);
}

static void
on_video (GstSample *sample, gpointer user_data)
{
  TribuneHlsWriter *w = user_data;

  push_to (w->video_src, &w->last_video_pts, sample);
}

static void
on_audio (GstSample *sample, gpointer user_data)
{
  TribuneHlsWriter *w = user_data;

  push_to (w->audio_src, &w->last_audio_pts, sample);
}

static void
remove_stale_segments (const gchar *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d)) != NULL) {
    if (g_str_has_suffix (name, ".ts")) {
      g_autofree gchar *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  }
}

static void
delete_segments (TribuneHlsWriter *w, GStrv uris)
{
  for (guint i = 0; uris && uris[i]; i++) {
    g_autofree gchar *path = g_build_filename (w->dir, uris[i], NULL);
    g_unlink (path);
  }
}

static void stop_pipeline (TribuneHlsWriter *w, gboolean finish);
static gboolean build_and_play (TribuneHlsWriter *w, GError **error);

static gboolean
retry_cb (gpointer user_data)
{
  TribuneHlsWriter *w = user_data;
  g_autoptr (GError) error = NULL;

  w->retry_source = 0;
  tribune_hls_playlist_mark_discontinuity (w->playlist);
  if (!build_and_play (w, &error)) {
    g_warning ("room %s: HLS writer failed again: %s; retrying in %d s", w->room_id,
               error->message, RETRY_S);
    stop_pipeline (w, FALSE);
    w->retry_source = g_timeout_add_seconds (RETRY_S, retry_cb, w);
  }
  return G_SOURCE_REMOVE;
}

static void
on_fragment_closed (TribuneHlsWriter *w, const GstStructure *s)
{
  const gchar *location = gst_structure_get_string (s, "location");
  GstClockTime closed_rt = GST_CLOCK_TIME_NONE;
  g_autofree gchar *uri = NULL;
  g_auto (GStrv) gone = NULL;

  gst_structure_get_clock_time (s, "running-time", &closed_rt);
  if (location == NULL || !GST_CLOCK_TIME_IS_VALID (w->opened_rt) ||
      !GST_CLOCK_TIME_IS_VALID (closed_rt) || closed_rt <= w->opened_rt)
    return;
  if (w->segment_hook)
    w->segment_hook (location, w->opened_wall_us,
                     (gint64) ((closed_rt - w->opened_rt) / GST_USECOND), w->segment_hook_data);
  uri = g_path_get_basename (location);
  gone = tribune_hls_playlist_add (w->playlist, uri,
                                   (gdouble) (closed_rt - w->opened_rt) / GST_SECOND,
                                   w->opened_wall_us);
  delete_segments (w, gone);
}

static void
on_fragment_opened (TribuneHlsWriter *w, const GstStructure *s)
{
  GstClockTime now = tribune_program_running_time (w->program);

  w->opened_rt = GST_CLOCK_TIME_NONE;
  gst_structure_get_clock_time (s, "running-time", &w->opened_rt);
  /* Wall-clock time of the fragment's first frame: now, minus how long ago that was. */
  w->opened_wall_us = g_get_real_time ();
  if (GST_CLOCK_TIME_IS_VALID (now) && GST_CLOCK_TIME_IS_VALID (w->opened_rt) &&
      now > w->opened_rt)
    w->opened_wall_us -= (gint64) ((now - w->opened_rt) / GST_USECOND);
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  TribuneHlsWriter *w = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT) {
    const GstStructure *s = gst_message_get_structure (msg);
    if (gst_structure_has_name (s, "splitmuxsink-fragment-opened"))
      on_fragment_opened (w, s);
    else if (gst_structure_has_name (s, "splitmuxsink-fragment-closed"))
      on_fragment_closed (w, s);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    w->errors++;
    g_warning ("room %s: HLS writer stopped: %s. Check free space and permissions in "
               "%s. WebRTC viewers are not affected; retrying in %d s.",
               w->room_id, err->message, w->dir, RETRY_S);
    w->bus_watch = 0;
    stop_pipeline (w, FALSE);
    if (w->retry_source == 0)
      w->retry_source = g_timeout_add_seconds (RETRY_S, retry_cb, w);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

/* End both streams and wait (at most 2 s) for the writer to finish: the open segment is
 * closed properly, and splitmuxsink is not stopped while one of its streaming threads
 * waits for the other stream — going to NULL in that state deadlocked at shutdown
 * (seen once under ASan: gst_pad_stop_task waiting on a queue's stream lock). */
static void
drain (TribuneHlsWriter *w)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (w->pipeline);
  g_autoptr (GstMessage) msg = NULL;

  if (w->video_src == NULL || w->audio_src == NULL ||
      GST_STATE (w->pipeline) != GST_STATE_PLAYING)
    return;
  gst_app_src_end_of_stream (w->video_src);
  gst_app_src_end_of_stream (w->audio_src);
  /* The last segment's fragment-closed arrives before EOS: hand it on too, so a
   * recording keeps the last second before a clean shutdown. */
  while ((msg = gst_bus_timed_pop_filtered (bus, 2 * GST_SECOND, GST_MESSAGE_EOS |
                                            GST_MESSAGE_ERROR | GST_MESSAGE_ELEMENT))) {
    const GstStructure *s = gst_message_get_structure (msg);

    if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ELEMENT)
      return;
    if (gst_structure_has_name (s, "splitmuxsink-fragment-opened"))
      on_fragment_opened (w, s);
    else if (gst_structure_has_name (s, "splitmuxsink-fragment-closed"))
      on_fragment_closed (w, s);
    gst_clear_message (&msg);
  }
  g_message ("room %s: the HLS writer did not finish within 2 s; stopping it anyway",
             w->room_id);
}

static void
stop_pipeline (TribuneHlsWriter *w, gboolean finish)
{
  TribunePacketTap *vtap = tribune_program_tap (w->program, TRIBUNE_TAP_H264);
  TribunePacketTap *atap = tribune_program_tap (w->program, TRIBUNE_TAP_AAC);

  if (w->video_tap)
    tribune_packet_tap_unsubscribe (vtap, w->video_tap);
  if (w->audio_tap)
    tribune_packet_tap_unsubscribe (atap, w->audio_tap);
  w->video_tap = w->audio_tap = 0;
  if (w->bus_watch)
    g_source_remove (w->bus_watch);
  w->bus_watch = 0;
  if (w->pipeline) {
    if (finish)
      drain (w);
    gst_element_set_state (w->pipeline, GST_STATE_NULL);
    gst_clear_object (&w->pipeline);
  }
  w->video_src = w->audio_src = NULL;
}

static gboolean
build_and_play (TribuneHlsWriter *w, GError **error)
{
  GstElement *program = tribune_program_get_pipeline (w->program);
  g_autoptr (GError) local = NULL;
  g_autoptr (GstElement) mux = NULL;
  g_autoptr (GstClock) clock = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autofree gchar *pattern = NULL;
  GstElement *e;

  w->pipeline = gst_parse_launch_full (writer_launch, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
                                       &local);
  if (w->pipeline == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "%s (install gstreamer1.0-plugins-good and -bad)", local->message);
    return FALSE;
  }
  gst_object_ref_sink (w->pipeline);
  w->epoch++;
  pattern = g_strdup_printf ("%s/%ld-%u-%%05d.ts", w->dir, (long) (g_get_real_time () / G_USEC_PER_SEC), w->epoch);
  mux = gst_bin_get_by_name (GST_BIN (w->pipeline), "mux");
  g_object_set (mux, "location", pattern,
                "max-size-time", (guint64) (w->config->hls_segment_ms * 9 / 10) * GST_MSECOND,
                NULL);
  e = gst_bin_get_by_name (GST_BIN (w->pipeline), "video");
  w->video_src = GST_APP_SRC (e);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (w->pipeline), "audio");
  w->audio_src = GST_APP_SRC (e);
  gst_object_unref (e);

  /* Same clock and base time as the program: its running times are ours. */
  clock = gst_element_get_clock (program);
  if (clock == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE, "the program is not playing");
    return FALSE;
  }
  gst_pipeline_use_clock (GST_PIPELINE (w->pipeline), clock);
  gst_element_set_start_time (w->pipeline, GST_CLOCK_TIME_NONE);
  gst_element_set_base_time (w->pipeline, gst_element_get_base_time (program));

  bus = gst_element_get_bus (w->pipeline);
  w->bus_watch = gst_bus_add_watch (bus, on_bus_message, w);
  if (gst_element_set_state (w->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "the HLS writer would not start (is %s writable?)", w->dir);
    return FALSE;
  }
  w->last_video_pts = w->last_audio_pts = GST_CLOCK_TIME_NONE;
  w->video_tap = tribune_packet_tap_subscribe (
      tribune_program_tap (w->program, TRIBUNE_TAP_H264), on_video, w);
  w->audio_tap = tribune_packet_tap_subscribe (
      tribune_program_tap (w->program, TRIBUNE_TAP_AAC), on_audio, w);
  /* Segments must start on a key frame; ask for one now rather than wait a GOP. */
  tribune_program_request_keyframe (w->program);
  return TRUE;
}

TribuneHlsWriter *
tribune_hls_writer_new (const gchar *room_id, TribuneProgram *program, const gchar *dir,
                        const TribuneConfig *config, GError **error)
{
  TribuneHlsWriter *w;
  guint target = (2 * config->hls_segment_ms + 999) / 1000;

  if (g_mkdir_with_parents (dir, 0755) != 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "cannot create %s: %s", dir, g_strerror (errno));
    return NULL;
  }
  remove_stale_segments (dir);
  w = g_new0 (TribuneHlsWriter, 1);
  w->room_id = g_strdup (room_id);
  w->dir = g_strdup (dir);
  w->program = program;
  w->config = config;
  w->opened_rt = GST_CLOCK_TIME_NONE;
  w->playlist = tribune_hls_playlist_new (config->hls_window, target);
  return w;
}

gboolean
tribune_hls_writer_start (TribuneHlsWriter *w, GError **error)
{
  if (!build_and_play (w, error)) {
    stop_pipeline (w, FALSE);
    return FALSE;
  }
  return TRUE;
}

void
tribune_hls_writer_free (TribuneHlsWriter *w)
{
  if (w == NULL)
    return;
  if (w->retry_source)
    g_source_remove (w->retry_source);
  stop_pipeline (w, TRUE);
  tribune_hls_playlist_free (w->playlist);
  g_free (w->room_id);
  g_free (w->dir);
  g_free (w);
}

TribuneHlsPlaylist *
tribune_hls_writer_get_playlist (TribuneHlsWriter *w)
{
  return w->playlist;
}

const gchar *
tribune_hls_writer_get_dir (TribuneHlsWriter *w)
{
  return w->dir;
}

guint
tribune_hls_writer_errors (TribuneHlsWriter *w)
{
  return w->errors;
}

void
tribune_hls_writer_set_segment_hook (TribuneHlsWriter *w, TribuneSegmentClosed hook,
                                     gpointer user_data)
{
  w->segment_hook = hook;
  w->segment_hook_data = user_data;
}
