/* whep-load.c — WHEP load client for the fan-out benchmark (bench/fanout-cpu.sh).
 *
 * DESIGN
 * One process holds N receive-only WHEP viewers, each a webrtcbin in its own pipeline,
 * as N independent residents' browsers would be. The benchmark runs several of these
 * processes so that the client side is not what limits the figures.
 *
 * Receiving is kept cheap on purpose: a viewer does not depayload or decode; a pad probe
 * on webrtcbin's output (after SRTP, jitter buffer and SSRC demux) counts RTP packets,
 * bytes, and video frames as RTP marker bits (the last packet of each access unit). The
 * first --decode viewers also run rtph264depay ! avdec_h264 and count decoded frames, to
 * show that what arrives is a decodable picture and not just packets; they also count
 * "changed" frames (a sparse hash of the luma plane differs from the previous frame's),
 * which shows whether the picture really moves at the full rate or the program repeats
 * frames (e.g. when the server's input is starved of CPU).
 *
 * Connecting: --concurrency viewers signal at a time (offer → ICE gathering complete →
 * POST /whep/ROOM → answer). ICE is loopback only: UPnP off, ICE-TCP off and 127.0.0.1
 * added as the only local address, as in tests/integration/harness.c; nothing leaves
 * the machine.
 *
 * Output: JSON lines on stdout.
 *   {"event":"ready",...}      once every viewer receives video or has failed
 *   {"event":"snapshot",...}   on SIGUSR1: monotonic time and every viewer's counters
 *   {"event":"final",...}      at exit (SIGTERM/SIGINT or --max-seconds)
 * The caller takes two snapshots and computes rates from the differences.
 *
 * Threads: all viewer state changes and HTTP run on the main context; webrtcbin's
 * callbacks (promises, notify, pad-added) hand over with g_main_context_invoke(); the
 * streaming-thread probes touch only atomic counters.
 *
 * Build: see bench/fanout-cpu.sh (cc + pkg-config, no meson change needed). */

#define GST_USE_UNSTABLE_API
#include <gst/gst.h>
#include <gst/rtp/rtp.h>
#include <gst/sdp/sdp.h>
#include <gst/video/video.h>
#include <gst/webrtc/webrtc.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef enum {
  VIEWER_WAITING,        /* not started yet (concurrency limit) */
  VIEWER_SIGNALLING,     /* offer, gathering, POST under way */
  VIEWER_ANSWERED,       /* answer applied, waiting for media */
  VIEWER_RECEIVING,      /* at least one video frame arrived */
  VIEWER_FAILED,
} ViewerState;

static const gchar *const state_names[] = { "waiting", "signalling", "answered", "receiving",
                                            "failed" };

typedef struct _Load Load;

typedef struct {
  Load *load;
  guint index;
  gboolean decode;
  GstElement *pipeline;
  GstElement *webrtcbin;
  ViewerState state;          /* main thread only */
  gchar *location;            /* main thread only */
  gchar *error;               /* main thread only */
  gboolean posted;            /* main thread only */
  guint gather_timeout;       /* main thread only */
  gint64 t_start_us;          /* monotonic */
  gint64 t_answer_us;
  gint64 t_first_frame_us;    /* atomic */
  /* Counters, updated by streaming threads (atomic). */
  guint64 video_packets;
  guint64 video_bytes;
  guint64 video_frames;       /* RTP marker bits */
  guint64 audio_packets;
  guint64 decoded_frames;
  guint64 changed_frames;     /* decoded frames whose picture differs from the previous one */
  guint64 last_hash;          /* decoding streaming thread only */
  gint ice_state;             /* atomic, GstWebRTCICEConnectionState */
  gint pc_state;              /* atomic, GstWebRTCPeerConnectionState */
} Viewer;

struct _Load {
  gchar *base_url;
  gchar *room;
  guint n;
  guint concurrency;
  guint media_timeout_s;
  guint in_flight;
  guint next;
  Viewer *viewers;
  SoupSession *http;
  GMainLoop *loop;
  gboolean ready_printed;
  gint64 t0_us;
};

static void viewer_start (Viewer *v);
static void viewer_fail (Viewer *v, const gchar *why);

/* A viewer whose answer came but whose media never did: the server may have given up on
 * it (it drops sessions that do not connect within 30 s) without webrtcbin saying so. */
static gboolean
media_timeout (gpointer user_data)
{
  Viewer *v = user_data;

  if (v->state == VIEWER_ANSWERED)
    viewer_fail (v, "no video within the media timeout after the answer");
  return G_SOURCE_REMOVE;
}
static void start_more (Load *load);

/* ---- output ---- */

static void
print_builder (JsonBuilder *b)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree gchar *text = NULL;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
  fflush (stdout);
}

static gdouble
ms_since (gint64 from, gint64 to)
{
  return (from && to) ? (to - from) / 1000.0 : -1.0;
}

static void
print_event (Load *load, const gchar *event)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint counts[5] = { 0 };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "event");
  json_builder_add_string_value (b, event);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, getpid ());
  json_builder_set_member_name (b, "t_us");
  json_builder_add_int_value (b, g_get_monotonic_time ());
  json_builder_set_member_name (b, "viewers");
  json_builder_begin_array (b);
  for (guint i = 0; i < load->n; i++) {
    Viewer *v = &load->viewers[i];
    counts[v->state]++;
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "i");
    json_builder_add_int_value (b, i);
    json_builder_set_member_name (b, "state");
    json_builder_add_string_value (b, state_names[v->state]);
    json_builder_set_member_name (b, "ice");
    json_builder_add_int_value (b, g_atomic_int_get (&v->ice_state));
    json_builder_set_member_name (b, "pc");
    json_builder_add_int_value (b, g_atomic_int_get (&v->pc_state));
    json_builder_set_member_name (b, "video_packets");
    json_builder_add_int_value (b, __atomic_load_n (&v->video_packets, __ATOMIC_RELAXED));
    json_builder_set_member_name (b, "video_bytes");
    json_builder_add_int_value (b, __atomic_load_n (&v->video_bytes, __ATOMIC_RELAXED));
    json_builder_set_member_name (b, "video_frames");
    json_builder_add_int_value (b, __atomic_load_n (&v->video_frames, __ATOMIC_RELAXED));
    json_builder_set_member_name (b, "audio_packets");
    json_builder_add_int_value (b, __atomic_load_n (&v->audio_packets, __ATOMIC_RELAXED));
    json_builder_set_member_name (b, "decode");
    json_builder_add_boolean_value (b, v->decode);
    json_builder_set_member_name (b, "decoded_frames");
    json_builder_add_int_value (b, __atomic_load_n (&v->decoded_frames, __ATOMIC_RELAXED));
    json_builder_set_member_name (b, "changed_frames");
    json_builder_add_int_value (b, __atomic_load_n (&v->changed_frames, __ATOMIC_RELAXED));
    json_builder_set_member_name (b, "answer_ms");
    json_builder_add_double_value (b, ms_since (v->t_start_us, v->t_answer_us));
    json_builder_set_member_name (b, "first_frame_ms");
    json_builder_add_double_value (
        b, ms_since (v->t_start_us, __atomic_load_n (&v->t_first_frame_us, __ATOMIC_RELAXED)));
    if (v->error) {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, v->error);
    }
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "receiving");
  json_builder_add_int_value (b, counts[VIEWER_RECEIVING]);
  json_builder_set_member_name (b, "failed");
  json_builder_add_int_value (b, counts[VIEWER_FAILED]);
  json_builder_end_object (b);
  print_builder (b);
}

static void
check_ready (Load *load)
{
  if (load->ready_printed)
    return;
  for (guint i = 0; i < load->n; i++)
    if (load->viewers[i].state != VIEWER_RECEIVING && load->viewers[i].state != VIEWER_FAILED)
      return;
  load->ready_printed = TRUE;
  print_event (load, "ready");
}

static void
viewer_fail (Viewer *v, const gchar *why)
{
  if (v->state == VIEWER_FAILED)
    return;
  g_printerr ("whep-load[%d]: viewer %u failed: %s\n", getpid (), v->index, why);
  if (!v->error)
    v->error = g_strdup (why);
  if (v->state == VIEWER_SIGNALLING) {
    v->load->in_flight--;
    v->state = VIEWER_FAILED;
    start_more (v->load);
  } else {
    v->state = VIEWER_FAILED;
  }
  check_ready (v->load);
}

/* ---- invoke helpers: run on the main context ---- */

typedef struct {
  Viewer *v;
  gint what;
  gchar *text;
} Call;

enum { CALL_GATHERED, CALL_FIRST_FRAME, CALL_FAILED };

static void on_gathered (Viewer *v);

static gboolean
run_call (gpointer data)
{
  Call *c = data;

  switch (c->what) {
  case CALL_GATHERED:
    on_gathered (c->v);
    break;
  case CALL_FIRST_FRAME:
    if (c->v->state == VIEWER_ANSWERED) {
      c->v->state = VIEWER_RECEIVING;
      check_ready (c->v->load);
    }
    break;
  case CALL_FAILED:
    viewer_fail (c->v, c->text);
    break;
  }
  g_free (c->text);
  g_free (c);
  return G_SOURCE_REMOVE;
}

static void
invoke (Viewer *v, gint what, const gchar *text)
{
  Call *c = g_new0 (Call, 1);

  c->v = v;
  c->what = what;
  c->text = g_strdup (text);
  g_main_context_invoke (NULL, run_call, c);
}

/* ---- streaming-thread counters ---- */

static void
count_rtp (Viewer *v, GstBuffer *buf, gboolean video)
{
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  if (!video) {
    __atomic_fetch_add (&v->audio_packets, 1, __ATOMIC_RELAXED);
    return;
  }
  __atomic_fetch_add (&v->video_packets, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add (&v->video_bytes, gst_buffer_get_size (buf), __ATOMIC_RELAXED);
  if (gst_rtp_buffer_map (buf, GST_MAP_READ, &rtp)) {
    gboolean marker = gst_rtp_buffer_get_marker (&rtp);
    gst_rtp_buffer_unmap (&rtp);
    if (marker && __atomic_fetch_add (&v->video_frames, 1, __ATOMIC_RELAXED) == 0) {
      __atomic_store_n (&v->t_first_frame_us, g_get_monotonic_time (), __ATOMIC_RELAXED);
      invoke (v, CALL_FIRST_FRAME, NULL);
    }
  }
}

typedef struct {
  Viewer *v;
  gboolean video;
} ProbeData;

static gboolean
count_in_list (GstBuffer **buf, guint idx, gpointer user_data)
{
  ProbeData *d = user_data;

  count_rtp (d->v, *buf, d->video);
  return TRUE;
}

static GstPadProbeReturn
on_rtp (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  ProbeData *d = user_data;

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    count_rtp (d->v, GST_PAD_PROBE_INFO_BUFFER (info), d->video);
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info), count_in_list, d);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_decoded (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Viewer *v = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstVideoInfo vinfo;
  GstMapInfo map;
  guint64 hash = 1469598103934665603ull; /* FNV-1a over every 8th luma sample, 8th row */

  __atomic_fetch_add (&v->decoded_frames, 1, __ATOMIC_RELAXED);
  if (caps && gst_video_info_from_caps (&vinfo, caps) &&
      gst_buffer_map (buf, &map, GST_MAP_READ)) {
    gsize stride = GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0);
    for (gint y = 0; y < GST_VIDEO_INFO_HEIGHT (&vinfo); y += 8) {
      const guint8 *row = map.data + GST_VIDEO_INFO_PLANE_OFFSET (&vinfo, 0) + y * stride;
      if ((gsize) (row - map.data) + (gsize) GST_VIDEO_INFO_WIDTH (&vinfo) > map.size)
        break;
      for (gint x = 0; x < GST_VIDEO_INFO_WIDTH (&vinfo); x += 8)
        hash = (hash ^ row[x]) * 1099511628211ull;
    }
    gst_buffer_unmap (buf, &map);
    if (hash != v->last_hash)
      __atomic_fetch_add (&v->changed_frames, 1, __ATOMIC_RELAXED);
    v->last_hash = hash;
  }
  return GST_PAD_PROBE_OK;
}

/* webrtcbin thread: a receiving stream appeared. */
static void
on_pad_added (GstElement *webrtcbin, GstPad *pad, gpointer user_data)
{
  Viewer *v = user_data;
  g_autoptr (GstCaps) caps = NULL;
  const gchar *media = NULL;
  gboolean video;
  GstElement *bin;
  g_autoptr (GstPad) sink = NULL;
  g_autoptr (GError) error = NULL;
  ProbeData *d;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_get_current_caps (pad);
  if (!caps)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps && gst_caps_get_size (caps) > 0)
    media = gst_structure_get_string (gst_caps_get_structure (caps, 0), "media");
  video = g_strcmp0 (media, "video") == 0;

  if (video && v->decode) {
    g_autoptr (GstElement) fs = NULL;
    g_autoptr (GstPad) fs_pad = NULL;
    bin = gst_parse_bin_from_description (
        "rtph264depay ! avdec_h264 ! video/x-raw,format=I420"
        " ! fakesink name=decoded sync=false async=false", TRUE,
        &error);
    if (!bin) {
      invoke (v, CALL_FAILED, error->message);
      return;
    }
    fs = gst_bin_get_by_name (GST_BIN (bin), "decoded");
    fs_pad = gst_element_get_static_pad (fs, "sink");
    gst_pad_add_probe (fs_pad, GST_PAD_PROBE_TYPE_BUFFER, on_decoded, v, NULL);
  } else {
    bin = gst_element_factory_make ("fakesink", NULL);
    g_object_set (bin, "sync", FALSE, "async", FALSE, NULL);
  }
  d = g_new0 (ProbeData, 1);
  d->v = v;
  d->video = video;
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST, on_rtp, d,
                     g_free);
  gst_bin_add (GST_BIN (v->pipeline), bin);
  gst_element_sync_state_with_parent (bin);
  sink = gst_element_get_static_pad (bin, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    invoke (v, CALL_FAILED, "could not link a received stream");
}

static void
on_ice_state (GObject *obj, GParamSpec *pspec, gpointer user_data)
{
  Viewer *v = user_data;
  GstWebRTCICEConnectionState s;

  g_object_get (obj, "ice-connection-state", &s, NULL);
  g_atomic_int_set (&v->ice_state, s);
  if (s == GST_WEBRTC_ICE_CONNECTION_STATE_FAILED)
    invoke (v, CALL_FAILED, "ICE failed");
}

static void
on_pc_state (GObject *obj, GParamSpec *pspec, gpointer user_data)
{
  Viewer *v = user_data;
  GstWebRTCPeerConnectionState s;

  g_object_get (obj, "connection-state", &s, NULL);
  g_atomic_int_set (&v->pc_state, s);
  if (s == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED)
    invoke (v, CALL_FAILED, "peer connection failed");
}

static void
on_gathering_state (GObject *obj, GParamSpec *pspec, gpointer user_data)
{
  Viewer *v = user_data;
  GstWebRTCICEGatheringState s;

  g_object_get (obj, "ice-gathering-state", &s, NULL);
  if (s == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    invoke (v, CALL_GATHERED, NULL);
}

static gboolean
gather_timeout (gpointer user_data)
{
  Viewer *v = user_data;

  v->gather_timeout = 0;
  on_gathered (v); /* post with whatever was gathered, as browsers do after a while */
  return G_SOURCE_REMOVE;
}

/* webrtcbin thread */
static void
on_offer (GstPromise *promise, gpointer user_data)
{
  Viewer *v = user_data;
  GstWebRTCSessionDescription *offer = NULL;
  const GstStructure *reply;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED &&
      (reply = gst_promise_get_reply (promise)) != NULL)
    gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL);
  gst_promise_unref (promise);
  if (!offer) {
    invoke (v, CALL_FAILED, "create-offer gave no offer");
    return;
  }
  g_signal_emit_by_name (v->webrtcbin, "set-local-description", offer, NULL);
  gst_webrtc_session_description_free (offer);
}

/* ---- main thread: signalling ---- */

static void
on_posted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Viewer *v = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                                &error);
  guint status = msg ? soup_message_get_status (msg) : 0;
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *answer;
  g_autofree gchar *text = NULL;

  if (!body) {
    viewer_fail (v, error->message);
    return;
  }
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (status != 201) {
    g_autofree gchar *why = g_strdup_printf ("POST answered %u: %s", status, text);
    viewer_fail (v, why);
    return;
  }
  v->location = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                        "Location"));
  if (gst_sdp_message_new_from_text (text, &sdp) != GST_SDP_OK) {
    gst_sdp_message_free (sdp);
    viewer_fail (v, "answer is not SDP");
    return;
  }
  answer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  g_signal_emit_by_name (v->webrtcbin, "set-remote-description", answer, NULL);
  gst_webrtc_session_description_free (answer);
  v->t_answer_us = g_get_monotonic_time ();
  v->state = VIEWER_ANSWERED;
  g_timeout_add_seconds (v->load->media_timeout_s, media_timeout, v);
  v->load->in_flight--;
  start_more (v->load);
  if (__atomic_load_n (&v->video_frames, __ATOMIC_RELAXED) > 0) {
    v->state = VIEWER_RECEIVING;
    check_ready (v->load);
  }
}

static void
on_gathered (Viewer *v)
{
  GstWebRTCSessionDescription *desc = NULL;
  g_autofree gchar *offer = NULL;
  g_autofree gchar *url = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GBytes) body = NULL;

  if (v->posted || v->state != VIEWER_SIGNALLING)
    return;
  g_object_get (v->webrtcbin, "local-description", &desc, NULL);
  if (!desc)
    return; /* set-local-description not done yet; the gathering notify comes again */
  v->posted = TRUE;
  if (v->gather_timeout)
    g_source_remove (v->gather_timeout);
  v->gather_timeout = 0;
  offer = gst_sdp_message_as_text (desc->sdp);
  gst_webrtc_session_description_free (desc);

  url = g_strdup_printf ("%s/whep/%s", v->load->base_url, v->load->room);
  msg = soup_message_new ("POST", url);
  body = g_bytes_new (offer, strlen (offer));
  soup_message_set_request_body_from_bytes (msg, "application/sdp", body);
  soup_session_send_and_read_async (v->load->http, msg, G_PRIORITY_DEFAULT, NULL, on_posted, v);
}

static void
viewer_start (Viewer *v)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GObject) ice = NULL;
  g_autoptr (GObject) agent = NULL;
  g_autoptr (GstCaps) video = gst_caps_from_string (
      "application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
      "packetization-mode=(string)1,profile-level-id=(string)42e01f");
  g_autoptr (GstCaps) audio = gst_caps_from_string (
      "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,"
      "encoding-params=(string)2");
  GstWebRTCRTPTransceiver *t = NULL;
  GstPromise *promise;
  gboolean ok = FALSE;

  v->state = VIEWER_SIGNALLING;
  v->load->in_flight++;
  v->t_start_us = g_get_monotonic_time ();
  v->pipeline = gst_pipeline_new (NULL);
  v->webrtcbin = gst_element_factory_make ("webrtcbin", NULL);
  if (!v->webrtcbin) {
    viewer_fail (v, "no webrtcbin (gstreamer1.0-plugins-bad, gstreamer1.0-nice)");
    return;
  }
  gst_bin_add (GST_BIN (v->pipeline), v->webrtcbin);
  g_object_set (v->webrtcbin, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  /* Loopback only, no UPnP router search: nothing leaves this machine. */
  g_object_get (v->webrtcbin, "ice-agent", &ice, NULL);
  g_object_set (ice, "ice-tcp", FALSE, NULL);
  g_object_get (ice, "agent", &agent, NULL);
  g_object_set (agent, "upnp", FALSE, NULL);

  g_signal_connect (v->webrtcbin, "pad-added", G_CALLBACK (on_pad_added), v);
  g_signal_connect (v->webrtcbin, "notify::ice-gathering-state",
                    G_CALLBACK (on_gathering_state), v);
  g_signal_connect (v->webrtcbin, "notify::ice-connection-state", G_CALLBACK (on_ice_state), v);
  g_signal_connect (v->webrtcbin, "notify::connection-state", G_CALLBACK (on_pc_state), v);
  g_signal_emit_by_name (v->webrtcbin, "add-transceiver",
                         GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, video, &t);
  gst_clear_object (&t);
  g_signal_emit_by_name (v->webrtcbin, "add-transceiver",
                         GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, audio, &t);
  gst_clear_object (&t);

  if (gst_element_set_state (v->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    viewer_fail (v, "pipeline would not start");
    return;
  }
  g_signal_emit_by_name (ice, "add-local-ip-address", "127.0.0.1", &ok);
  v->gather_timeout = g_timeout_add (2000, gather_timeout, v);
  promise = gst_promise_new_with_change_func (on_offer, v, NULL);
  g_signal_emit_by_name (v->webrtcbin, "create-offer", NULL, promise);
}

static void
start_more (Load *load)
{
  while (load->in_flight < load->concurrency && load->next < load->n)
    viewer_start (&load->viewers[load->next++]);
}

/* ---- life cycle ---- */

static gboolean
on_usr1 (gpointer user_data)
{
  print_event (user_data, "snapshot");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_quit (gpointer user_data)
{
  Load *load = user_data;

  g_main_loop_quit (load->loop);
  return G_SOURCE_CONTINUE;
}

static void
shutdown_viewers (Load *load)
{
  g_autoptr (SoupSession) http = soup_session_new_with_options ("timeout", 2, NULL);

  for (guint i = 0; i < load->n; i++) {
    Viewer *v = &load->viewers[i];
    if (v->location) {
      g_autofree gchar *url = g_uri_resolve_relative (load->base_url, v->location,
                                                     G_URI_FLAGS_NONE, NULL);
      g_autoptr (SoupMessage) msg = url ? soup_message_new ("DELETE", url) : NULL;
      if (msg) {
        g_autoptr (GBytes) b = soup_session_send_and_read (http, msg, NULL, NULL);
      }
    }
    if (v->pipeline) {
      gst_element_set_state (v->pipeline, GST_STATE_NULL);
      gst_object_unref (v->pipeline);
    }
    g_free (v->location);
    g_free (v->error);
  }
}

int
main (int argc, char **argv)
{
  gchar *server = NULL;
  gchar *room = NULL;
  gint n = 1;
  gint concurrency = 4;
  gint decode = 0;
  gint max_seconds = 120;
  gint media_timeout_s = 30;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server, "Base URL (http://127.0.0.1:PORT)", "URL" },
    { "room", 'r', 0, G_OPTION_ARG_STRING, &room, "Room id (demo)", "ROOM" },
    { "viewers", 'n', 0, G_OPTION_ARG_INT, &n, "Viewers in this process (1)", "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency, "Viewers signalling at once (4)",
      "N" },
    { "decode", 'd', 0, G_OPTION_ARG_INT, &decode,
      "The first N viewers also decode the video (0)", "N" },
    { "max-seconds", 't', 0, G_OPTION_ARG_INT, &max_seconds, "Hard stop after S seconds (120)",
      "S" },
    { "media-timeout", 'm', 0, G_OPTION_ARG_INT, &media_timeout_s,
      "A viewer with no video S seconds after its answer counts as failed (30)", "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("— receive-only WHEP viewers");
  g_autoptr (GError) error = NULL;
  Load load = { 0 };

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("whep-load: %s\n", error->message);
    return 2;
  }
  if (!server || n < 1 || concurrency < 1) {
    g_printerr ("whep-load: --server URL is required; --viewers and --concurrency >= 1\n");
    return 2;
  }
  load.base_url = server;
  load.room = room ? room : g_strdup ("demo");
  load.n = (guint) n;
  load.concurrency = (guint) concurrency;
  load.media_timeout_s = (guint) MAX (media_timeout_s, 1);
  load.viewers = g_new0 (Viewer, load.n);
  load.loop = g_main_loop_new (NULL, FALSE);
  load.http = soup_session_new_with_options ("timeout", 20, "max-conns-per-host",
                                             MAX (concurrency, 2), "max-conns", 64, NULL);
  load.t0_us = g_get_monotonic_time ();
  for (guint i = 0; i < load.n; i++) {
    load.viewers[i].load = &load;
    load.viewers[i].index = i;
    load.viewers[i].decode = i < (guint) MAX (decode, 0);
  }

  g_unix_signal_add (SIGUSR1, on_usr1, &load);
  g_unix_signal_add (SIGTERM, on_quit, &load);
  g_unix_signal_add (SIGINT, on_quit, &load);
  g_timeout_add_seconds ((guint) max_seconds, on_quit, &load);
  start_more (&load);
  g_main_loop_run (load.loop);

  print_event (&load, "final");
  shutdown_viewers (&load);
  g_object_unref (load.http);
  g_main_loop_unref (load.loop);
  g_free (load.viewers);
  g_free (load.room);
  g_free (load.base_url);
  return 0;
}
