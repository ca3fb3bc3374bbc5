/* harness.c — see harness.h. */
#include "harness.h"

#include <gst/app/gstappsink.h>
#include <json-glib/json-glib.h>
#include <gst/video/video.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <math.h>
#include <string.h>
#include <sys/prctl.h>

guint
test_ms (guint ms)
{
  const gchar *factor = g_getenv ("TRIBUNE_TEST_SLOWDOWN");
  guint f = factor ? (guint) g_ascii_strtoull (factor, NULL, 10) : 1;

  return ms * MAX (f, 1);
}

int
test_run (void)
{
  int status = g_test_run ();

  gst_deinit ();
  return status;
}

void
test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end) {
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_usleep (5000);
  }
}

static void
kill_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  gchar **line = user_data;

  *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL,
                                                NULL);
  if (*line == NULL)
    *line = g_strdup ("");   /* end of file: the server exited */
}

/* The server's first stdout line, waiting at most @timeout_ms: a server that hangs at
 * start fails the test at once instead of hanging it until meson's timeout. */
static gchar *
read_first_line (GDataInputStream *out, guint timeout_ms)
{
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gchar *line = NULL;

  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, cancel, on_line, &line);
  while (line == NULL) {
    if (g_get_monotonic_time () > deadline) {
      g_cancellable_cancel (cancel);
      while (line == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_free (line);
      return NULL;
    }
    g_main_context_iteration (NULL, FALSE);
    g_usleep (5000);
  }
  if (*line == '\0') {
    g_free (line);
    return NULL;
  }
  return line;
}

TestServer *
test_server_start (const gchar *config_text)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("tribune-test-XXXXXX", &error);
  TestServer *s;

  g_assert_no_error (error);
  s = test_server_start_in (config_text, dir);
  s->owns_data_dir = TRUE;
  return s;
}

TestServer *
test_server_start_in (const gchar *config_text, const gchar *data_dir)
{
  TestServer *s = g_new0 (TestServer, 1);
  const gchar *bin = g_getenv ("TRIBUNE_BIN");
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree gchar *line = NULL;
  g_autofree gchar *log_path = NULL;

  s->data_dir = g_strdup (data_dir);
  s->config_path = g_build_filename (s->data_dir, "tribune.conf", NULL);
  g_file_set_contents (s->config_path, config_text, -1, &error);
  g_assert_no_error (error);
  log_path = g_build_filename (s->data_dir, "server.log", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* If this test process dies (a failed assertion aborts), the server dies with it. */
  g_subprocess_launcher_set_child_setup (launcher, kill_with_parent, NULL, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  s->process = g_subprocess_launcher_spawn (launcher, &error, bin ? bin : "build/tribune",
                                            "--config", s->config_path, "--port", "0",
                                            "--data", s->data_dir, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  line = read_first_line (out, test_ms (30000));
  if (line == NULL || !g_str_has_prefix (line, "tribune: listening on http://127.0.0.1:")) {
    g_autofree gchar *log = NULL;
    g_file_get_contents (log_path, &log, NULL, NULL);
    g_error ("tribune did not start (stdout: %s)\n%s", line ? line : "(eof)", log ? log : "");
  }
  s->port = (guint) g_ascii_strtoull (line + strlen ("tribune: listening on http://127.0.0.1:"),
                                      NULL, 10);
  s->base_url = g_strdup_printf ("http://127.0.0.1:%u", s->port);
  return s;
}

/* The last part of the server's log on stderr, where meson's --print-errorlogs shows it
 * (g_test_message goes only to the TAP log). */
static void
print_server_log_tail (TestServer *s)
{
  g_autofree gchar *path = g_build_filename (s->data_dir, "server.log", NULL);
  g_autofree gchar *log = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &log, &len, NULL))
    return;
  g_printerr ("---- last of %s ----\n%s\n----\n", path,
              len > 24000 ? log + len - 24000 : log);
}

static void
server_free (TestServer *s)
{
  g_autoptr (GFile) dir = g_file_new_for_path (s->data_dir);
  g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", s->data_dir);

  /* Data dirs only ever come from g_dir_make_tmp: safe to remove. */
  if (g_getenv ("TRIBUNE_TEST_KEEP"))
    g_printerr ("kept %s\n", s->data_dir);
  else if (s->owns_data_dir && g_str_has_prefix (s->data_dir, g_get_tmp_dir ()))
    (void) !system (cmd);
  g_clear_object (&s->process);
  g_free (s->data_dir);
  g_free (s->config_path);
  g_free (s->base_url);
  g_free (s);
}

static void
on_waited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

void
test_server_stop (TestServer *s)
{

  g_subprocess_send_signal (s->process, SIGTERM);
  /* A server that does not stop is a bug to see at once, not a test run that hangs. */
  {
    gint64 deadline = g_get_monotonic_time () + (gint64) test_ms (20000) * 1000;
    gboolean done = FALSE;

    g_subprocess_wait_async (s->process, NULL, on_waited, &done);
    while (!done) {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > deadline) {
        print_server_log_tail (s);
        g_subprocess_force_exit (s->process);
        g_error ("tribune did not stop within %u ms of SIGTERM (see the log above)",
                 test_ms (20000));
      }
      g_usleep (10000);
    }
  }
  if (!g_subprocess_get_if_exited (s->process) || g_subprocess_get_exit_status (s->process) != 0) {
    print_server_log_tail (s);
    g_error ("tribune did not exit cleanly (status %d): leaks or a crash, see the log above",
             g_subprocess_get_status (s->process));
  }
  server_free (s);
}

void
test_server_kill (TestServer *s)
{
  g_subprocess_force_exit (s->process);
  g_subprocess_wait (s->process, NULL, NULL);
  server_free (s);
}

TestResponse *
test_http (TestServer *server, const gchar *method, const gchar *path,
           const gchar *content_type, const gchar *body, gssize body_len,
           const gchar *const *extra_headers)
{
  g_autoptr (SoupSession) session = soup_session_new_with_options ("timeout", 20, NULL);
  g_autofree gchar *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  TestResponse *r = g_new0 (TestResponse, 1);

  g_assert_nonnull (msg);
  if (body) {
    g_autoptr (GBytes) b = g_bytes_new (body, body_len < 0 ? strlen (body) : (gsize) body_len);
    soup_message_set_request_body_from_bytes (msg, content_type, b);
  }
  for (guint i = 0; extra_headers && extra_headers[i]; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), extra_headers[i],
                                  extra_headers[i + 1]);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  if (error != NULL) {
    /* Most often the server died: its log says why (an ASan report, a critical). */
    g_printerr ("%s %s failed: %s\n", method, path, error->message);
    print_server_log_tail (server);
  }
  g_assert_no_error (error);
  r->status = soup_message_get_status (msg);
  /* Whole bytes (segments hold NULs), with a NUL after them for text checks. */
  r->body_len = g_bytes_get_size (bytes);
  r->body = g_malloc (r->body_len + 1);
  if (r->body_len > 0)              /* an empty body's data may be NULL */
    memcpy (r->body, g_bytes_get_data (bytes, NULL), r->body_len);
  r->body[r->body_len] = '\0';
  r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return r;
}

void
test_response_free (TestResponse *r)
{
  if (r == NULL)
    return;
  g_free (r->body);
  soup_message_headers_unref (r->headers);
  g_free (r);
}

/* ---- WebRTC peers ---- */

#define PCM_WINDOW 24000

struct _TestPeer {
  TestServer *server;
  gchar *endpoint;        /* /whep/room or /whip/room */
  gchar *key;
  gchar *location;
  gchar *answer;          /* the server's SDP answer, once connected */
  GstElement *pipeline;
  GstElement *webrtcbin;
  GMutex lock;
  guint frames;           /* protected by lock */
  guint8 rgb[3];          /* protected by lock */
  gint16 pcm[PCM_WINDOW]; /* the last half second of decoded sound, mono; lock */
  guint pcm_pos;          /* next write index; lock */
  guint64 pcm_samples;    /* samples received; lock */
};

static GstFlowReturn
on_pcm (GstAppSink *sink, gpointer user_data)
{
  TestPeer *p = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buf = gst_sample_get_buffer (sample);
  GstMapInfo map;

  if (buf == NULL || !gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  g_mutex_lock (&p->lock);
  for (gsize i = 0; i + 1 < map.size; i += 2) {
    gint16 v;
    memcpy (&v, map.data + i, 2);
    p->pcm[p->pcm_pos] = v;
    p->pcm_pos = (p->pcm_pos + 1) % PCM_WINDOW;
    p->pcm_samples++;
  }
  g_mutex_unlock (&p->lock);
  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

gdouble
test_peer_tone_db (TestPeer *p, gdouble freq)
{
  /* Goertzel over the window: the level of one frequency, in dB relative to a full-scale
   * sine (0 dB); about −100 for silence. */
  gdouble w = 2.0 * G_PI * freq / 48000.0, coeff = 2.0 * cos (w);
  gdouble s1 = 0, s2 = 0, power, amplitude;

  g_mutex_lock (&p->lock);
  for (guint i = 0; i < PCM_WINDOW; i++) {
    gdouble x = p->pcm[(p->pcm_pos + i) % PCM_WINDOW] / 32768.0;
    /* Hann window: a neighbouring tone does not leak into this bin. */
    gdouble s0 = x * (0.5 - 0.5 * cos (2.0 * G_PI * i / (PCM_WINDOW - 1))) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  g_mutex_unlock (&p->lock);
  power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  /* A full-scale sine gives |X| = N/4 with the Hann window. */
  amplitude = sqrt (MAX (power, 0.0)) / (PCM_WINDOW / 4.0);
  return 20.0 * log10 (MAX (amplitude, 1e-5));
}

guint64
test_peer_audio_samples (TestPeer *p)
{
  guint64 n;

  g_mutex_lock (&p->lock);
  n = p->pcm_samples;
  g_mutex_unlock (&p->lock);
  return n;
}

static GstFlowReturn
on_frame (GstAppSink *sink, gpointer user_data)
{
  TestPeer *p = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buf = gst_sample_get_buffer (sample);
  guint64 sum[3] = { 0 };
  guint n = 0;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  /* Sample near the top centre: the slate's text sits in the middle. */
  for (gint y = info.height / 8 - 4; y < info.height / 8 + 4; y++) {
    for (gint x = info.width / 2 - 4; x < info.width / 2 + 4; x++) {
      const guint8 *px = map.data + y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0) + x * 3;
      sum[0] += px[0];
      sum[1] += px[1];
      sum[2] += px[2];
      n++;
    }
  }
  gst_buffer_unmap (buf, &map);
  g_mutex_lock (&p->lock);
  p->frames++;
  for (guint i = 0; i < 3; i++)
    p->rgb[i] = (guint8) (sum[i] / MAX (n, 1));
  g_mutex_unlock (&p->lock);
  return GST_FLOW_OK;
}

static void
on_decoded (GstElement *decodebin, GstPad *pad, gpointer user_data)
{
  TestPeer *p = user_data;
  g_autoptr (GstCaps) caps = gst_pad_query_caps (pad, NULL);
  const gchar *name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  GstElement *bin;
  g_autoptr (GstPad) sink = NULL;

  if (g_str_has_prefix (name, "video")) {
    GstAppSinkCallbacks cb = { .new_sample = on_frame };
    g_autoptr (GstElement) appsink = NULL;
    bin = gst_parse_bin_from_description (
        "videoconvert ! video/x-raw,format=RGB ! appsink name=frames sync=false", TRUE, NULL);
    appsink = gst_bin_get_by_name (GST_BIN (bin), "frames");
    gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &cb, p, NULL);
  } else {
    GstAppSinkCallbacks cb = { .new_sample = on_pcm };
    g_autoptr (GstElement) appsink = NULL;
    bin = gst_parse_bin_from_description (
        "audioconvert ! audioresample ! audio/x-raw,format=S16LE,channels=1,rate=48000"
        " ! appsink name=pcm sync=false", TRUE, NULL);
    appsink = gst_bin_get_by_name (GST_BIN (bin), "pcm");
    gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &cb, p, NULL);
  }
  gst_bin_add (GST_BIN (p->pipeline), bin);
  gst_element_sync_state_with_parent (bin);
  sink = gst_element_get_static_pad (bin, "sink");
  gst_pad_link (pad, sink);
}

static void
on_incoming (GstElement *webrtcbin, GstPad *pad, gpointer user_data)
{
  TestPeer *p = user_data;
  GstElement *decode;
  g_autoptr (GstPad) sink = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  decode = gst_element_factory_make ("decodebin", NULL);
  g_signal_connect (decode, "pad-added", G_CALLBACK (on_decoded), p);
  gst_bin_add (GST_BIN (p->pipeline), decode);
  gst_element_sync_state_with_parent (decode);
  sink = gst_element_get_static_pad (decode, "sink");
  gst_pad_link (pad, sink);
}

static TestPeer *
peer_new (TestServer *server, const gchar *endpoint, const gchar *launch)
{
  TestPeer *p = g_new0 (TestPeer, 1);
  g_autoptr (GError) error = NULL;

  p->server = server;
  p->endpoint = g_strdup (endpoint);
  g_mutex_init (&p->lock);
  p->pipeline = gst_parse_launch (launch, &error);
  g_assert_no_error (error);
  if (!GST_IS_PIPELINE (p->pipeline)) {
    /* A single element comes back bare: put it in a pipeline of its own. */
    GstElement *pipeline = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (pipeline), p->pipeline);
    p->pipeline = pipeline;
  }
  p->webrtcbin = gst_bin_get_by_name (GST_BIN (p->pipeline), "webrtc");
  g_object_set (p->webrtcbin, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  {
    /* Loopback only, no UPnP router search: nothing leaves this machine. */
    g_autoptr (GObject) ice = NULL;
    g_autoptr (GObject) agent = NULL;
    g_object_get (p->webrtcbin, "ice-agent", &ice, NULL);
    g_object_set (ice, "ice-tcp", FALSE, NULL);
    g_object_get (ice, "agent", &agent, NULL);
    g_object_set (agent, "upnp", FALSE, NULL);
  }
  return p;
}

TestPeer *
test_whep_viewer_new (TestServer *server, const gchar *room)
{
  g_autofree gchar *endpoint = g_strdup_printf ("/whep/%s", room);
  TestPeer *p = peer_new (server, endpoint, "webrtcbin name=webrtc");
  g_autoptr (GstCaps) video = gst_caps_from_string (
      "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
      "packetization-mode=(string)1,profile-level-id=(string)42e01f");
  g_autoptr (GstCaps) audio = gst_caps_from_string (
      "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,"
      "encoding-params=(string)2");
  GstWebRTCRTPTransceiver *t = NULL;

  g_signal_connect (p->webrtcbin, "pad-added", G_CALLBACK (on_incoming), p);
  g_signal_emit_by_name (p->webrtcbin, "add-transceiver",
                         GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, video, &t);
  gst_clear_object (&t);
  g_signal_emit_by_name (p->webrtcbin, "add-transceiver",
                         GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, audio, &t);
  gst_clear_object (&t);
  return p;
}

void
test_peer_set_key (TestPeer *p, const gchar *key)
{
  g_free (p->key);
  p->key = g_strdup (key);
}

TestPeer *
test_whip_publisher_new (TestServer *server, const gchar *room, const gchar *key, guint32 rgb)
{
  return test_whip_publisher_new_tone (server, room, key, rgb, 660);
}

TestPeer *
test_whip_publisher_new_tone (TestServer *server, const gchar *room, const gchar *key,
                              guint32 rgb, guint freq)
{
  g_autofree gchar *endpoint = g_strdup_printf ("/whip/%s", room);
  g_autofree gchar *launch = g_strdup_printf (
      "videotestsrc is-live=true pattern=solid-color foreground-color=0xff%06x "
      " ! video/x-raw,width=320,height=240,framerate=15/1 ! videoconvert"
      " ! video/x-raw,format=I420"
      " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=500"
      " ! video/x-h264,profile=constrained-baseline"
      " ! rtph264pay pt=102 config-interval=-1 aggregate-mode=zero-latency"
      " ! application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
      "packetization-mode=(string)1"
      " ! webrtcbin name=webrtc "
      "audiotestsrc is-live=true wave=sine freq=%u volume=0.3 ! audioconvert ! audioresample"
      " ! opusenc ! rtpopuspay pt=111"
      " ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000"
      " ! webrtc.", rgb & 0xffffff, freq);
  TestPeer *p = peer_new (server, endpoint, launch);
  GArray *transceivers = NULL;

  p->key = g_strdup (key);
  g_signal_emit_by_name (p->webrtcbin, "get-transceivers", &transceivers);
  for (guint i = 0; transceivers && i < transceivers->len; i++)
    g_object_set (g_array_index (transceivers, GstWebRTCRTPTransceiver *, i), "direction",
                  GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, NULL);
  if (transceivers)
    g_array_unref (transceivers);
  return p;
}

static gchar *
wait_local_description (TestPeer *p)
{
  GstWebRTCICEGatheringState state = 0;
  GstWebRTCSessionDescription *desc = NULL;
  gchar *text;

  for (guint i = 0; i < 300; i++) {
    g_object_get (p->webrtcbin, "ice-gathering-state", &state, NULL);
    if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
      break;
    test_spin (10);
  }
  g_object_get (p->webrtcbin, "local-description", &desc, NULL);
  g_assert_nonnull (desc);
  text = gst_sdp_message_as_text (desc->sdp);
  gst_webrtc_session_description_free (desc);
  return text;
}

guint
test_peer_connect (TestPeer *p)
{
  GstPromise *promise;
  GstWebRTCSessionDescription *offer = NULL;
  g_autoptr (GObject) agent = NULL;
  g_autofree gchar *offer_text = NULL;
  g_autoptr (TestResponse) r = NULL;
  g_autofree gchar *auth = p->key ? g_strdup_printf ("Bearer %s", p->key) : NULL;
  const gchar *headers[] = { "Authorization", auth, NULL };
  gboolean ok;

  g_assert_cmpint (gst_element_set_state (p->pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  g_object_get (p->webrtcbin, "ice-agent", &agent, NULL);
  g_signal_emit_by_name (agent, "add-local-ip-address", "127.0.0.1", &ok);

  promise = gst_promise_new ();
  g_signal_emit_by_name (p->webrtcbin, "create-offer", NULL, promise);
  g_assert_cmpint (gst_promise_wait (promise), ==, GST_PROMISE_RESULT_REPLIED);
  gst_structure_get (gst_promise_get_reply (promise), "offer",
                     GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  g_assert_nonnull (offer);
  promise = gst_promise_new ();
  g_signal_emit_by_name (p->webrtcbin, "set-local-description", offer, promise);
  gst_promise_wait (promise);
  gst_promise_unref (promise);
  gst_webrtc_session_description_free (offer);

  offer_text = wait_local_description (p);
  {
    gint64 t0 = g_get_monotonic_time ();
    r = test_http (p->server, "POST", p->endpoint, "application/sdp", offer_text, -1,
                   auth ? headers : NULL);
    g_test_message ("POST %s answered %u in %.0f ms", p->endpoint, r->status,
                    (g_get_monotonic_time () - t0) / 1000.0);
  }
  if (r->status == 201) {
    GstSDPMessage *sdp = NULL;
    GstWebRTCSessionDescription *answer;

    g_test_message ("offer:\n%s\nanswer:\n%s", offer_text, r->body);
    p->location = g_strdup (soup_message_headers_get_one (r->headers, "Location"));
    g_assert_nonnull (p->location);
    g_free (p->answer);
    p->answer = g_strdup (r->body);
    g_assert_cmpint (gst_sdp_message_new_from_text (r->body, &sdp), ==, GST_SDP_OK);
    answer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
    promise = gst_promise_new ();
    g_signal_emit_by_name (p->webrtcbin, "set-remote-description", answer, promise);
    gst_promise_wait (promise);
    gst_promise_unref (promise);
    gst_webrtc_session_description_free (answer);
  } else {
    g_test_message ("POST %s: %u %s", p->endpoint, r->status, r->body);
  }
  return r->status;
}

const gchar *
test_peer_location (TestPeer *p)
{
  return p->location;
}

const gchar *
test_peer_answer (TestPeer *p)
{
  return p->answer;
}

guint
test_peer_frames (TestPeer *p)
{
  guint n;

  g_mutex_lock (&p->lock);
  n = p->frames;
  g_mutex_unlock (&p->lock);
  return n;
}

gboolean
test_peer_wait_frames (TestPeer *p, guint frames, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end) {
    if (test_peer_frames (p) >= frames)
      return TRUE;
    test_spin (20);
  }
  return test_peer_frames (p) >= frames;
}

void
test_peer_centre_rgb (TestPeer *p, guint8 *r, guint8 *g, guint8 *b)
{
  g_mutex_lock (&p->lock);
  *r = p->rgb[0];
  *g = p->rgb[1];
  *b = p->rgb[2];
  g_mutex_unlock (&p->lock);
}

static gboolean
colour_near (TestPeer *p, guint32 rgb, guint tolerance)
{
  guint8 r, g, b;

  test_peer_centre_rgb (p, &r, &g, &b);
  return ABS ((gint) r - (gint) ((rgb >> 16) & 0xff)) <= (gint) tolerance &&
         ABS ((gint) g - (gint) ((rgb >> 8) & 0xff)) <= (gint) tolerance &&
         ABS ((gint) b - (gint) (rgb & 0xff)) <= (gint) tolerance;
}

gboolean
test_peer_wait_colour (TestPeer *p, guint32 rgb, guint tolerance, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end) {
    if (test_peer_frames (p) > 0 && colour_near (p, rgb, tolerance))
      return TRUE;
    test_spin (20);
  }
  {
    guint8 r, g, b;
    test_peer_centre_rgb (p, &r, &g, &b);
    g_test_message ("centre colour is #%02x%02x%02x, wanted #%06x ± %u (frames %u)", r, g, b,
                    rgb, tolerance, test_peer_frames (p));
  }
  return FALSE;
}

void
test_peer_stop_media (TestPeer *p)
{
  gst_element_set_state (p->pipeline, GST_STATE_NULL);
}

void
test_peer_free (TestPeer *p, gboolean send_delete)
{
  if (send_delete && p->location) {
    g_autoptr (TestResponse) r = test_http (p->server, "DELETE", p->location, NULL, NULL, 0,
                                            NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  gst_element_set_state (p->pipeline, GST_STATE_NULL);
  gst_object_unref (p->webrtcbin);
  gst_object_unref (p->pipeline);
  g_mutex_clear (&p->lock);
  g_free (p->endpoint);
  g_free (p->key);
  g_free (p->location);
  g_free (p->answer);
  g_free (p);
}

gchar *
test_login_new_user (TestServer *server, const gchar *name, const gchar *role,
                     const gchar *password)
{
  const gchar *bin = g_getenv ("TRIBUNE_BIN");
  g_autoptr (GSubprocess) p = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *line = g_strdup_printf ("%s\n", password);
  g_autofree gchar *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}",
                                            name, password);
  g_autoptr (TestResponse) r = NULL;
  g_autoptr (JsonNode) node = NULL;

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                        bin ? bin : "build/tribune", "user", "add", name, "--role", role,
                        "--data", server->data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, line, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (p), ==, 0);
  r = test_http (server, "POST", "/api/session", "application/json", body, -1, NULL);
  g_assert_cmpuint (r->status, ==, 201);
  node = json_from_string (r->body, NULL);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

TestEvents *
test_events_open (TestServer *server, const gchar *path, const gchar *cookie)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *request = g_strdup_printf (
      "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s%s"
      "Accept: text/event-stream\r\n\r\n", path, cookie ? "Cookie: tribune_session=" : "",
      cookie ? cookie : "", cookie ? "\r\n" : "");
  TestEvents *r = g_new0 (TestEvents, 1);

  r->conn = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) server->port,
                                             NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (r->conn)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (r->conn), 1);
  r->seen = g_string_new (NULL);
  return r;
}

gssize
test_events_wait (TestEvents *r, gsize from, const gchar *text, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (r->conn));

  for (;;) {
    const gchar *hit = strstr (r->seen->str + MIN (from, r->seen->len), text);
    gchar buf[4096];
    gssize n;

    if (hit)
      return (hit - r->seen->str) + (gssize) strlen (text);
    if (g_get_monotonic_time () > deadline) {
      g_test_message ("waited for %s; the stream so far:\n%s", text, r->seen->str);
      return -1;
    }
    n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);   /* 1 s socket timeout */
    if (n > 0)
      g_string_append_len (r->seen, buf, n);
    else if (n == 0)
      return -1;        /* the server closed the stream */
  }
}

void
test_events_close (TestEvents *r)
{
  g_io_stream_close (G_IO_STREAM (r->conn), NULL, NULL);
  g_object_unref (r->conn);
  g_string_free (r->seen, TRUE);
  g_free (r);
}

gboolean
test_hls_frame_block (TestServer *s, const gchar *room, guint bx, guint by, guint8 rgb[3])
{
  g_autofree gchar *playlist_path = g_strdup_printf ("/hls/%s/index.m3u8", room);
  g_autoptr (TestResponse) playlist = test_http (s, "GET", playlist_path, NULL, NULL, 0, NULL);
  g_auto (GStrv) lines = NULL;
  const gchar *segment = NULL;
  g_autofree gchar *url = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GBytes) out = NULL;
  const guint8 *data;
  enum { W = 32, H = 18 };

  if (playlist->status != 200)
    return FALSE;
  lines = g_strsplit (playlist->body, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_suffix (lines[i], ".ts"))
      segment = lines[i];
  if (segment == NULL)
    return FALSE;
  url = g_strdup_printf ("%s/hls/%s/%s", s->base_url, room, segment);
  /* Scaled down to 32×18 so that a block is a few pixels of the original. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           NULL, "ffmpeg", "-v", "error", "-i", url, "-frames:v", "1",
                           "-vf", "scale=32:18", "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
                           NULL);
  if (proc == NULL || !g_subprocess_communicate (proc, NULL, NULL, &out, NULL, NULL) ||
      !g_subprocess_get_successful (proc) ||
      g_bytes_get_size (out) < (gsize) W * H * 3)
    return FALSE;
  data = g_bytes_get_data (out, NULL);
  for (guint c = 0; c < 3; c++)
    rgb[c] = data[(by * W + bx) * 3 + c];
  return TRUE;
}
