/* hybrid-load.c — remote participants for the hybrid-meeting benchmark (bench/hybrid.sh).
 *
 * DESIGN
 * N participants join a meeting over WHIP (POST /whip/join/MEETING, bearer = their invite
 * token), each sending the same 1280×720 30 fps picture (one x264 encode in this process,
 * teed to N payloaders and webrtcbins, so the client's cost stays small and the server's
 * is what is measured) and its own Opus tone. One receive-only WHEP viewer on the room
 * counts the program's video frames (RTP marker bits) to give its frame rate.
 *
 * With --latency, participant 0 sends 1500 Hz bursts (200 ms, every 2 s, volume switched
 * on the main loop at a recorded monotonic time) and participant 1 also receives its
 * mix-minus (POST /whep/join/MEETING); the decoded sound's 10 ms windows are measured at
 * 1500 Hz (Goertzel) and a burst's onset is the first window 20 dB above the quiet level.
 * Mouth-to-ear = onset arrival − switch time; the error is about one 10 ms buffer.
 *
 * Output (stdout, JSON lines): {"event":"ready"}, then at the end {"event":"final",
 * "program_frames":…, "seconds":…, "latency_ms":[…]}. Loopback only (ICE on 127.0.0.1,
 * UPnP and ICE-TCP off).
 *
 * Usage: hybrid-load --url http://127.0.0.1:PORT --meeting M --room ROOM
 *                    --tokens t1,t2,… --seconds S [--latency]
 */
#define GST_USE_UNSTABLE_API
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/rtp/rtp.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

static gchar *url, *room, *tokens_arg;
static gint meeting, seconds = 20;
static gboolean latency;
static SoupSession *http;
static gint program_frames;               /* atomic */
static gboolean counting;                 /* atomic */
static GArray *burst_us;                  /* switch times (main thread) */
static GArray *onset_us;                  /* onsets (under lock) */
static GMutex onset_lock;

static GOptionEntry entries[] = {
  { "url", 0, 0, G_OPTION_ARG_STRING, &url, "server base URL", NULL },
  { "meeting", 0, 0, G_OPTION_ARG_INT, &meeting, "meeting id", NULL },
  { "room", 0, 0, G_OPTION_ARG_STRING, &room, "room id", NULL },
  { "tokens", 0, 0, G_OPTION_ARG_STRING, &tokens_arg, "invite tokens, comma-separated", NULL },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "measuring time", NULL },
  { "latency", 0, 0, G_OPTION_ARG_NONE, &latency, "measure mouth-to-ear latency", NULL },
  { NULL }
};

static void
quiet_ice (GstElement *webrtc)
{
  g_autoptr (GObject) ice = NULL;
  g_autoptr (GObject) agent = NULL;

  g_object_set (webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  g_object_get (webrtc, "ice-agent", &ice, NULL);
  g_object_set (ice, "ice-tcp", FALSE, NULL);
  g_object_get (ice, "agent", &agent, NULL);
  g_object_set (agent, "upnp", FALSE, NULL);
}

/* Offer → gather → POST → answer. Pipeline must be PLAYING. */
static gboolean
negotiate (GstElement *webrtc, const gchar *path, const gchar *token)
{
  GstPromise *promise;
  GstWebRTCSessionDescription *offer = NULL, *answer = NULL;
  GstWebRTCICEGatheringState state = 0;
  g_autoptr (GObject) ice = NULL;
  g_autofree gchar *sdp = NULL, *full = g_strdup_printf ("%s%s", url, path);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", full);
  g_autoptr (GBytes) body = NULL;
  GstSDPMessage *sdp_msg = NULL;
  gboolean ok;

  g_object_get (webrtc, "ice-agent", &ice, NULL);
  g_signal_emit_by_name (ice, "add-local-ip-address", "127.0.0.1", &ok);
  promise = gst_promise_new ();
  g_signal_emit_by_name (webrtc, "create-offer", NULL, promise);
  gst_promise_wait (promise);
  gst_structure_get (gst_promise_get_reply (promise), "offer",
                     GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  promise = gst_promise_new ();
  g_signal_emit_by_name (webrtc, "set-local-description", offer, promise);
  gst_promise_wait (promise);
  gst_promise_unref (promise);
  gst_webrtc_session_description_free (offer);
  for (guint i = 0; i < 300 && state != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE; i++) {
    g_usleep (10000);
    g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  }
  {
    GstWebRTCSessionDescription *local = NULL;
    g_object_get (webrtc, "local-description", &local, NULL);
    sdp = gst_sdp_message_as_text (local->sdp);
    gst_webrtc_session_description_free (local);
  }
  if (token) {
    g_autofree gchar *auth = g_strdup_printf ("Bearer %s", token);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  }
  soup_message_set_request_body_from_bytes (msg, "application/sdp",
                                            g_bytes_new (sdp, strlen (sdp)));
  body = soup_session_send_and_read (http, msg, NULL, NULL);
  if (soup_message_get_status (msg) != 201 || body == NULL) {
    g_printerr ("hybrid-load: POST %s: %u %s\n", path, soup_message_get_status (msg),
                body ? (const gchar *) g_bytes_get_data (body, NULL) : "");
    return FALSE;
  }
  gst_sdp_message_new_from_text (g_bytes_get_data (body, NULL), &sdp_msg);
  answer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp_msg);
  promise = gst_promise_new ();
  g_signal_emit_by_name (webrtc, "set-remote-description", answer, promise);
  gst_promise_wait (promise);
  gst_promise_unref (promise);
  gst_webrtc_session_description_free (answer);
  return TRUE;
}

/* ---- the program viewer: count frames ---- */

static GstPadProbeReturn
count_frames (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  if (g_atomic_int_get (&counting) && buffer && gst_rtp_buffer_map (buffer, GST_MAP_READ, &rtp)) {
    if (gst_rtp_buffer_get_marker (&rtp) && gst_rtp_buffer_get_payload_type (&rtp) != 111)
      g_atomic_int_inc (&program_frames);
    gst_rtp_buffer_unmap (&rtp);
  }
  return GST_PAD_PROBE_OK;
}

static void
on_program_pad (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  GstElement *pipeline = user_data;
  g_autoptr (GstPad) sink_pad = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sink_pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_link (pad, sink_pad);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_frames, NULL, NULL);
}

static GstElement *
recvonly_viewer (const gchar *path, const gchar *token, GCallback on_pad)
{
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", NULL);
  g_autoptr (GstCaps) video = gst_caps_from_string (
      "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
      "packetization-mode=(string)1,profile-level-id=(string)42e01f");
  g_autoptr (GstCaps) audio = gst_caps_from_string (
      "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,"
      "encoding-params=(string)2");
  GstWebRTCRTPTransceiver *t = NULL;

  gst_bin_add (GST_BIN (pipeline), webrtc);
  quiet_ice (webrtc);
  /* A browser's adaptive jitter buffer sits near 60 ms on loopback; webrtcbin's fixed
   * default (200 ms) would add 140 ms no listener at home has. */
  g_object_set (webrtc, "latency", 60u, NULL);
  g_signal_connect (webrtc, "pad-added", on_pad, pipeline);
  g_signal_emit_by_name (webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY,
                         video, &t);
  gst_clear_object (&t);
  g_signal_emit_by_name (webrtc, "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY,
                         audio, &t);
  gst_clear_object (&t);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  if (!negotiate (webrtc, path, token))
    return NULL;
  return pipeline;
}

/* ---- the listener of the latency run: burst onsets in its mix-minus ---- */

static gdouble quiet_db;
static guint windows;          /* windows seen: the first second sets the quiet level */
static gint64 last_onset_us;

static GstFlowReturn
on_pcm (GstAppSink *sink, gpointer user_data)
{
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buf = gst_sample_get_buffer (sample);
  gint64 now = g_get_monotonic_time ();
  GstMapInfo map;
  gdouble w = 2.0 * G_PI * 1500.0 / 48000.0, coeff = 2.0 * cos (w), s1 = 0, s2 = 0, db;
  gsize n;

  if (!buf || !gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  n = map.size / 2;
  for (gsize i = 0; i < n; i++) {
    gint16 v;
    memcpy (&v, map.data + 2 * i, 2);
    gdouble s0 = v / 32768.0 + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  gst_buffer_unmap (buf, &map);
  db = 10.0 * log10 (MAX (s1 * s1 + s2 * s2 - coeff * s1 * s2, 1e-12) / MAX (n * n, 1));
  if (g_getenv ("HYBRID_LOAD_DEBUG"))
    g_printerr ("pcm %" G_GINT64_FORMAT " %zu %.1f quiet %.1f\n", now / 1000, n, db, quiet_db);
  /* The quiet level: the mean of the first 50 windows (no bursts yet: they start after
   * the 5 s settling). An onset: 20 dB above it, at least 1 s after the last one. */
  if (windows < 50) {
    quiet_db = (quiet_db * windows + db) / (windows + 1);
    windows++;
  } else if (db > quiet_db + 20.0 && now - last_onset_us > G_USEC_PER_SEC) {
    last_onset_us = now;
    g_mutex_lock (&onset_lock);
    g_array_append_val (onset_us, now);
    g_mutex_unlock (&onset_lock);
  }
  return GST_FLOW_OK;
}

static void
on_decoded (GstElement *decodebin, GstPad *pad, gpointer user_data)
{
  GstElement *pipeline = user_data;
  g_autoptr (GstCaps) caps = gst_pad_query_caps (pad, NULL);
  const gchar *name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  GstElement *bin;
  g_autoptr (GstPad) sink = NULL;

  if (g_str_has_prefix (name, "audio")) {
    GstAppSinkCallbacks cb = { .new_sample = on_pcm };
    g_autoptr (GstElement) appsink = NULL;
    bin = gst_parse_bin_from_description (
        "audioconvert ! audioresample ! audio/x-raw,format=S16LE,channels=1,rate=48000"
        " ! appsink name=pcm sync=false", TRUE, NULL);
    appsink = gst_bin_get_by_name (GST_BIN (bin), "pcm");
    gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &cb, NULL, NULL);
  } else {
    bin = gst_parse_bin_from_description ("fakesink sync=false", TRUE, NULL);
  }
  gst_bin_add (GST_BIN (pipeline), bin);
  gst_element_sync_state_with_parent (bin);
  sink = gst_element_get_static_pad (bin, "sink");
  gst_pad_link (pad, sink);
}

static void
on_listener_pad (GstElement *webrtc, GstPad *pad, gpointer user_data)
{
  GstElement *pipeline = user_data;
  GstElement *decode;
  g_autoptr (GstPad) sink = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  decode = gst_element_factory_make ("decodebin", NULL);
  g_signal_connect (decode, "pad-added", G_CALLBACK (on_decoded), pipeline);
  gst_bin_add (GST_BIN (pipeline), decode);
  gst_element_sync_state_with_parent (decode);
  sink = gst_element_get_static_pad (decode, "sink");
  gst_pad_link (pad, sink);
}

/* ---- the senders ---- */

static GstElement *burst_volume;

static gboolean
burst_off (gpointer data)
{
  g_object_set (burst_volume, "volume", 0.0, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
burst_on (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  g_object_set (burst_volume, "volume", 0.5, NULL);
  g_array_append_val (burst_us, now);
  g_timeout_add (200, burst_off, NULL);
  return G_SOURCE_CONTINUE;
}

static GstElement *
senders (gchar **tokens, guint n)
{
  GString *launch = g_string_new (
      "videotestsrc is-live=true pattern=ball ! video/x-raw,width=1280,height=720,framerate=30/1"
      " ! videoconvert ! video/x-raw,format=I420"
      " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=60 bitrate=1500"
      " ! video/x-h264,profile=constrained-baseline ! tee name=vt ");
  g_autoptr (GError) error = NULL;
  GstElement *pipeline;

  for (guint i = 0; i < n; i++) {
    g_string_append_printf (launch,
        "vt. ! queue leaky=downstream max-size-buffers=30 ! rtph264pay pt=102 config-interval=-1"
        " aggregate-mode=zero-latency ! application/x-rtp,media=video,encoding-name=H264,"
        "payload=102,clock-rate=90000,packetization-mode=(string)1 ! webrtcbin name=w%u "
        "audiotestsrc is-live=true wave=sine freq=%u volume=%s name=a%u ! volume name=v%u"
        " ! audioconvert ! audioresample ! opusenc ! rtpopuspay pt=111"
        " ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000 ! w%u. ",
        i, latency && i == 0 ? 1500 : 300 + 100 * i, "0.3", i, i, i);
  }
  pipeline = gst_parse_launch (launch->str, &error);
  g_string_free (launch, TRUE);
  if (pipeline == NULL) {
    g_printerr ("hybrid-load: %s\n", error->message);
    return NULL;
  }
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *name = g_strdup_printf ("w%u", i);
    g_autoptr (GstElement) w = gst_bin_get_by_name (GST_BIN (pipeline), name);
    GArray *transceivers = NULL;

    quiet_ice (w);
    g_signal_emit_by_name (w, "get-transceivers", &transceivers);
    for (guint t = 0; transceivers && t < transceivers->len; t++)
      g_object_set (g_array_index (transceivers, GstWebRTCRTPTransceiver *, t), "direction",
                    GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY, NULL);
    if (transceivers)
      g_array_unref (transceivers);
  }
  if (latency) {
    burst_volume = gst_bin_get_by_name (GST_BIN (pipeline), "v0");
    g_object_set (burst_volume, "volume", 0.0, NULL);
  }
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (guint i = 0; i < n; i++) {
    g_autofree gchar *name = g_strdup_printf ("w%u", i);
    g_autofree gchar *path = g_strdup_printf ("/whip/join/%d", meeting);
    g_autoptr (GstElement) w = gst_bin_get_by_name (GST_BIN (pipeline), name);
    if (!negotiate (w, path, tokens[i]))
      return NULL;
  }
  return pipeline;
}

static gboolean
stop_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— hybrid meeting load");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) tokens = NULL;
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree gchar *program_path = NULL;
  GstElement *send = NULL, *program, *listener = NULL;
  gint64 t0, t1;
  gint frames;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || !url || !room || !tokens_arg ||
      meeting <= 0) {
    g_printerr ("hybrid-load: %s\n", error ? error->message : "--url, --room, --meeting and --tokens are needed");
    return 2;
  }
  http = soup_session_new ();
  burst_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  onset_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* "-": no participants (the baseline: the program viewer alone). */
  tokens = g_str_equal (tokens_arg, "-") ? g_new0 (gchar *, 1) : g_strsplit (tokens_arg, ",", -1);
  if (g_strv_length (tokens) > 0 && (send = senders (tokens, g_strv_length (tokens))) == NULL)
    return 1;
  program_path = g_strdup_printf ("/whep/%s", room);
  if ((program = recvonly_viewer (program_path, NULL, G_CALLBACK (on_program_pad))) == NULL)
    return 1;
  if (latency && g_strv_length (tokens) > 1) {
    g_autofree gchar *path = g_strdup_printf ("/whep/join/%d", meeting);
    if ((listener = recvonly_viewer (path, tokens[1], G_CALLBACK (on_listener_pad))) == NULL)
      return 1;
  }
  g_print ("{\"event\":\"ready\"}\n");
  /* Settle: joins, key frames, layout. */
  g_timeout_add (5000, stop_loop, loop);
  g_main_loop_run (loop);
  g_atomic_int_set (&counting, TRUE);
  t0 = g_get_monotonic_time ();
  g_print ("{\"event\":\"measuring\"}\n");
  if (latency)
    g_timeout_add (2000, burst_on, NULL);
  g_timeout_add ((guint) seconds * 1000, stop_loop, loop);
  g_main_loop_run (loop);
  t1 = g_get_monotonic_time ();
  frames = g_atomic_int_get (&program_frames);
  g_print ("{\"event\":\"final\",\"participants\":%u,\"program_frames\":%d,\"seconds\":%.3f,"
           "\"latency_ms\":[", g_strv_length (tokens), frames, (t1 - t0) / 1e6);
  g_mutex_lock (&onset_lock);
  for (guint i = 0, first = 1; i < burst_us->len; i++) {
    gint64 sent = g_array_index (burst_us, gint64, i);
    /* The first onset after the switch, within 1.5 s. */
    for (guint j = 0; j < onset_us->len; j++) {
      gint64 got = g_array_index (onset_us, gint64, j);
      if (got >= sent && got - sent < 1500000) {
        g_print ("%s%.1f", first ? "" : ",", (got - sent) / 1000.0);
        first = 0;
        break;
      }
    }
  }
  g_mutex_unlock (&onset_lock);
  g_print ("]}\n");
  if (send)
    gst_element_set_state (send, GST_STATE_NULL);
  gst_element_set_state (program, GST_STATE_NULL);
  if (listener)
    gst_element_set_state (listener, GST_STATE_NULL);
  return 0;
}
