/* hls-writer.c — see hls-writer.h.
 *
 * One mpegtsmux for the whole stream, its output cut here (ts-cutter.h) into segment
 * files and Low-Latency HLS parts, so parts concatenate exactly into their segment and
 * the continuity counters run on across segments.
 *
 * Segment boundaries: the encoder makes a key frame every segment length
 * (key-int-max = framerate × segment), and a segment is cut at the first key frame after
 * 9/10 of the segment length, so the regular key frame closes it. Key frames requested
 * by joining WebRTC viewers can make a segment shorter or up to one segment longer,
 * which is why the target duration is twice the nominal segment length.
 *
 * Threads: the muxer's output arrives on its streaming thread (appsink callbacks), which
 * writes the segment file and gathers the part; finished parts and segments, and write
 * errors, go to the main thread through an outbox, in order.
 */
#include "hls-writer.h"
#include "ts-cutter.h"
#include "tribune-error.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define RETRY_S 3

typedef enum { EVENT_PART, EVENT_SEGMENT, EVENT_ERROR, EVENT_RECOVERED } EventKind;

typedef struct {
  EventKind kind;
  gchar *path;                     /* SEGMENT: the file; ERROR: the message */
  gint64 wall_us;
  gint64 duration_us;
  gboolean independent;            /* PART */
  GBytes *data;                    /* PART */
} Event;

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
  gchar *prefix;                   /* segment file names: {prefix}{n}.ts */
  TribuneSegmentClosed segment_hook;
  gpointer segment_hook_data;

  /* The muxer's streaming thread only (and the main thread once it has stopped). */
  TribuneTsCutter cutter;
  guint64 segment_number;
  FILE *file;                      /* the open segment, NULL while none or broken */
  gchar *file_path;
  gboolean broken;                 /* a write failed: skip to the next segment */
  gint64 segment_wall_us;
  guint64 segment_start_ns, part_start_ns, last_pts_ns;
  gint64 part_wall_us;
  gboolean part_independent;
  GByteArray *part;                /* NULL when parts are off */

  /* Outbox: streaming thread → main thread. */
  GMutex outbox_lock;
  GQueue outbox;                   /* Event* */
  guint outbox_source;
};

static void
event_free (Event *e)
{
  g_free (e->path);
  g_clear_pointer (&e->data, g_bytes_unref);
  g_free (e);
}

static const char writer_launch[] =
  /* Leaky: if the writer stalls (slow disk), it drops its oldest data instead of
   * growing without bound; the next segment then starts at a key frame again. */
  "appsrc name=video is-live=true format=time block=false max-buffers=300 leaky-type=downstream\n"
  "  ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0\n"
  "  ! mux.\n"
  "appsrc name=audio is-live=true format=time block=false max-buffers=300 leaky-type=downstream\n"
  "  ! queue max-size-time=3000000000 max-size-buffers=0 max-size-bytes=0\n"
  "  ! mux.\n"
  "mpegtsmux name=mux ! appsink name=out sync=false async=false max-buffers=0 buffer-list=true\n";

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

/* ---- Outbox: the muxer's thread hands finished parts and segments to the main thread */

static void handle_event (TribuneHlsWriter *w, Event *e);

static gboolean
drain_outbox (gpointer user_data)
{
  TribuneHlsWriter *w = user_data;
  GQueue events = G_QUEUE_INIT;
  Event *e;

  g_mutex_lock (&w->outbox_lock);
  w->outbox_source = 0;
  events = w->outbox;
  g_queue_init (&w->outbox);
  g_mutex_unlock (&w->outbox_lock);
  while ((e = g_queue_pop_head (&events)) != NULL) {
    handle_event (w, e);
    event_free (e);
  }
  return G_SOURCE_REMOVE;
}

static void
post (TribuneHlsWriter *w, Event *e)
{
  g_mutex_lock (&w->outbox_lock);
  g_queue_push_tail (&w->outbox, e);
  if (w->outbox_source == 0)
    w->outbox_source = g_idle_add (drain_outbox, w);
  g_mutex_unlock (&w->outbox_lock);
}

/* ---- The muxer's streaming thread: cut, write, gather parts ---- */

/* Wall-clock time (µs since the epoch) of running time @pts: now, minus how long ago. */
static gint64
wall_of (TribuneHlsWriter *w, guint64 pts)
{
  GstClockTime now = tribune_program_running_time (w->program);
  gint64 wall = g_get_real_time ();

  if (GST_CLOCK_TIME_IS_VALID (now) && now > pts)
    wall -= (gint64) ((now - pts) / GST_USECOND);
  return wall;
}

static void
post_error (TribuneHlsWriter *w, const gchar *what, int errsv)
{
  Event *e = g_new0 (Event, 1);

  e->kind = EVENT_ERROR;
  e->path = g_strdup_printf ("%s %s: %s", what, w->file_path ? w->file_path : w->dir,
                             g_strerror (errsv));
  post (w, e);
}

static void
finish_part (TribuneHlsWriter *w, guint64 end_ns)
{
  Event *e;

  if (w->part == NULL || w->part->len == 0 || w->broken)
    return;
  e = g_new0 (Event, 1);
  e->kind = EVENT_PART;
  e->wall_us = w->part_wall_us;
  e->duration_us = (gint64) ((end_ns - w->part_start_ns) / GST_USECOND);
  e->independent = w->part_independent;
  e->data = g_byte_array_free_to_bytes (w->part);
  w->part = g_byte_array_sized_new (256 * 1024);
  post (w, e);
}

static void
finish_segment (TribuneHlsWriter *w, guint64 end_ns)
{
  gboolean ok;

  if (w->file == NULL) {
    g_clear_pointer (&w->file_path, g_free);
    return;
  }
  ok = fflush (w->file) == 0 && !ferror (w->file);
  if (!ok)
    post_error (w, "cannot write", errno);
  if (fclose (w->file) != 0 && ok) {
    post_error (w, "cannot close", errno);
    ok = FALSE;
  }
  w->file = NULL;
  if (ok && !w->broken && end_ns > w->segment_start_ns) {
    Event *e = g_new0 (Event, 1);
    e->kind = EVENT_SEGMENT;
    e->path = g_steal_pointer (&w->file_path);
    e->wall_us = w->segment_wall_us;
    e->duration_us = (gint64) ((end_ns - w->segment_start_ns) / GST_USECOND);
    post (w, e);
  } else {
    g_unlink (w->file_path);
  }
  g_clear_pointer (&w->file_path, g_free);
}

static void
write_bytes (TribuneHlsWriter *w, const guint8 *data, gsize size)
{
  if (w->broken || w->file == NULL)
    return;
  if (fwrite (data, 1, size, w->file) != size) {
    post_error (w, "cannot write", errno);
    w->broken = TRUE;
    return;
  }
  if (w->part)
    g_byte_array_append (w->part, data, size);
}

static void
open_segment (TribuneHlsWriter *w, guint64 start_ns)
{
  gboolean was_broken = w->broken;
  const guint8 *pat = tribune_ts_cutter_pat (&w->cutter);
  const guint8 *pmt = tribune_ts_cutter_pmt (&w->cutter);

  w->broken = FALSE;
  w->file_path = g_strdup_printf ("%s/%s%05" G_GUINT64_FORMAT ".ts", w->dir, w->prefix,
                                  w->segment_number++);
  w->file = fopen (w->file_path, "wb");
  if (w->file == NULL) {
    if (!was_broken)
      post_error (w, "cannot create", errno);
    w->broken = TRUE;
    return;
  }
  if (was_broken) {
    Event *e = g_new0 (Event, 1);
    e->kind = EVENT_RECOVERED;
    post (w, e);
  }
  w->segment_start_ns = start_ns;
  w->segment_wall_us = wall_of (w, start_ns);
  /* Every segment starts with the tables that say what its streams are. */
  if (pat && pmt && !tribune_ts_cutter_segment_starts_with_tables (&w->cutter)) {
    write_bytes (w, pat, TRIBUNE_TS_PACKET);
    write_bytes (w, pmt, TRIBUNE_TS_PACKET);
  }
}

/* One TS packet of the muxer's output. @key_frame: the packet starts a buffer that
 * mpegtsmux did not mark as a delta unit (the first packet of a key frame). */
static void
take_packet (TribuneHlsWriter *w, const guint8 *data, guint64 pts, gboolean key_frame)
{
  TribuneCut cut = tribune_ts_cutter_push (&w->cutter, data, TRIBUNE_TS_PACKET, pts, key_frame);

  if (cut == TRIBUNE_CUT_SEGMENT || cut == TRIBUNE_CUT_PART) {
    guint64 at = tribune_ts_cutter_part_start (&w->cutter);

    finish_part (w, at);
    if (cut == TRIBUNE_CUT_SEGMENT) {
      finish_segment (w, at);
      open_segment (w, at);
    }
    w->part_start_ns = at;
    w->part_wall_us = wall_of (w, at);
    w->part_independent = tribune_ts_cutter_part_independent (&w->cutter);
  }
  if (cut != TRIBUNE_CUT_DROP) {
    write_bytes (w, data, TRIBUNE_TS_PACKET);
    if (pts != G_MAXUINT64 && (w->last_pts_ns == G_MAXUINT64 || pts > w->last_pts_ns))
      w->last_pts_ns = pts;
  }
}

static void
take_buffer (TribuneHlsWriter *w, GstBuffer *buffer, const GstSegment *segment)
{
  gboolean key_frame = !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  guint64 pts = G_MAXUINT64;
  GstMapInfo map;

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  if (segment && GST_BUFFER_PTS_IS_VALID (buffer)) {
    GstClockTime rt = gst_segment_to_running_time (segment, GST_FORMAT_TIME,
                                                   GST_BUFFER_PTS (buffer));
    if (GST_CLOCK_TIME_IS_VALID (rt))
      pts = rt;
  }
  /* mpegtsmux gives one packet per buffer; be ready for more (only the first can start
   * a key frame). */
  for (gsize off = 0; off + TRIBUNE_TS_PACKET <= map.size; off += TRIBUNE_TS_PACKET)
    take_packet (w, map.data + off, pts, key_frame && off == 0);
  gst_buffer_unmap (buffer, &map);
}

/* The appsink has buffer-list=true: the muxer pushes lists (seen under load), and a
 * list must not be merged into one buffer, or a key frame's first packet would hide
 * inside it. */
static GstFlowReturn
on_muxed (GstAppSink *sink, gpointer user_data)
{
  TribuneHlsWriter *w = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  const GstSegment *segment;
  GstBufferList *list;
  GstBuffer *buffer;

  if (sample == NULL)
    return GST_FLOW_OK;
  segment = gst_sample_get_segment (sample);
  list = gst_sample_get_buffer_list (sample);
  buffer = gst_sample_get_buffer (sample);
  if (list != NULL) {
    for (guint i = 0; i < gst_buffer_list_length (list); i++)
      take_buffer (w, gst_buffer_list_get (list, i), segment);
  } else if (buffer != NULL) {
    take_buffer (w, buffer, segment);
  }
  return GST_FLOW_OK;
}

/* End of stream (a clean stop): the open segment and part are complete. The end is the
 * last timestamp plus one frame, near enough for the last second of a recording. */
static void
on_muxed_eos (GstAppSink *sink, gpointer user_data)
{
  TribuneHlsWriter *w = user_data;
  guint64 end;

  if (w->last_pts_ns == G_MAXUINT64 || w->file == NULL)
    return;
  end = w->last_pts_ns + GST_SECOND / 30;
  finish_part (w, end);
  finish_segment (w, end);
}

/* ---- Main thread ---- */

static void
handle_event (TribuneHlsWriter *w, Event *e)
{
  switch (e->kind) {
  case EVENT_PART:
    tribune_hls_playlist_add_part (w->playlist, (gdouble) e->duration_us / G_USEC_PER_SEC,
                                   e->independent, e->wall_us, e->data);
    break;
  case EVENT_SEGMENT: {
    g_autofree gchar *uri = g_path_get_basename (e->path);
    g_auto (GStrv) gone = NULL;

    /* The recorder links or copies the file before it can leave the window. */
    if (w->segment_hook)
      w->segment_hook (e->path, e->wall_us, e->duration_us, w->segment_hook_data);
    gone = tribune_hls_playlist_add (w->playlist, uri, (gdouble) e->duration_us / G_USEC_PER_SEC,
                                     e->wall_us);
    delete_segments (w, gone);
    break;
  }
  case EVENT_ERROR:
    w->errors++;
    g_warning ("room %s: HLS writer: %s. Check free space and permissions in %s. WebRTC "
               "viewers are not affected; the writer tries again at the next segment.",
               w->room_id, e->path, w->dir);
    tribune_hls_playlist_mark_discontinuity (w->playlist);
    break;
  case EVENT_RECOVERED:
    g_message ("room %s: HLS writer writes segments again", w->room_id);
    break;
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

static gboolean
on_bus_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  TribuneHlsWriter *w = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    w->errors++;
    g_warning ("room %s: HLS writer stopped: %s. WebRTC viewers are not affected; "
               "retrying in %d s.", w->room_id, err->message, RETRY_S);
    w->bus_watch = 0;
    stop_pipeline (w, FALSE);
    if (w->retry_source == 0)
      w->retry_source = g_timeout_add_seconds (RETRY_S, retry_cb, w);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

/* End both streams and wait (at most 2 s) for the muxer to finish, so the open segment
 * is complete: a recording keeps the last second before a clean shutdown. */
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
  msg = gst_bus_timed_pop_filtered (bus, 2 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (msg == NULL)
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
  /* The streaming thread is gone: a segment left open (no clean end) is dropped. */
  if (w->file) {
    fclose (w->file);
    w->file = NULL;
    g_unlink (w->file_path);
  }
  g_clear_pointer (&w->file_path, g_free);
  /* What the muxer's thread finished is handed on now (the recorder's last segment). */
  if (w->outbox_source) {
    g_source_remove (w->outbox_source);
    drain_outbox (w);
  }
}

static gboolean
build_and_play (TribuneHlsWriter *w, GError **error)
{
  GstElement *program = tribune_program_get_pipeline (w->program);
  g_autoptr (GError) local = NULL;
  g_autoptr (GstClock) clock = NULL;
  g_autoptr (GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .eos = on_muxed_eos, .new_sample = on_muxed };
  GstElement *e;

  w->pipeline = gst_parse_launch_full (writer_launch, NULL, GST_PARSE_FLAG_FATAL_ERRORS,
                                       &local);
  if (w->pipeline == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "%s (install gstreamer1.0-plugins-bad and -base)", local->message);
    return FALSE;
  }
  gst_object_ref_sink (w->pipeline);
  tribune_ts_cutter_init (&w->cutter, (guint64) w->config->hls_segment_ms * GST_MSECOND,
                          /* a part is cut 50 ms before its target: the next PES start
                           * (a frame or an audio packet) then keeps it within */
                          w->config->hls_part_ms
                            ? (guint64) (w->config->hls_part_ms - 50) * GST_MSECOND
                            : G_MAXUINT64 / 2);
  w->broken = FALSE;
  w->last_pts_ns = G_MAXUINT64;
  g_clear_pointer (&w->part, g_byte_array_unref);
  if (w->config->hls_part_ms)
    w->part = g_byte_array_sized_new (256 * 1024);
  e = gst_bin_get_by_name (GST_BIN (w->pipeline), "out");
  gst_app_sink_set_callbacks (GST_APP_SINK (e), &callbacks, w, NULL);
  gst_object_unref (e);
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
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE, "the HLS writer would not start");
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
  gint64 stamp = g_get_real_time () / G_USEC_PER_SEC;

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
  /* Names unique over restarts of the server: clients and caches never see a name
   * reused for other content. */
  w->prefix = g_strdup_printf ("%" G_GINT64_FORMAT "-", stamp);
  g_mutex_init (&w->outbox_lock);
  g_queue_init (&w->outbox);
  w->playlist = tribune_hls_playlist_new (config->hls_window, target);
  if (config->hls_part_ms) {
    g_autofree gchar *part_prefix = g_strdup_printf ("%" G_GINT64_FORMAT "-p", stamp);
    tribune_hls_playlist_enable_parts (w->playlist, config->hls_part_ms / 1000.0, part_prefix);
  }
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
  g_queue_clear_full (&w->outbox, (GDestroyNotify) event_free);
  g_mutex_clear (&w->outbox_lock);
  g_clear_pointer (&w->part, g_byte_array_unref);
  tribune_hls_playlist_free (w->playlist);
  g_free (w->prefix);
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
