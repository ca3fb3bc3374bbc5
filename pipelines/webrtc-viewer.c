/* webrtc-viewer.c — a WHEP viewer session (see webrtc-viewer.h).
 *
 * Pipeline:   appsrc(video RTP) ─┐
 *             appsrc(audio RTP) ─┴─► webrtcbin (send-only transceivers)
 *
 * Order matters with webrtcbin 1.22: the sink pads are requested with caps carrying the
 * offer's payload types and their transceivers set to send-only BEFORE the remote offer
 * is applied, so webrtcbin associates them with the offer's m-lines instead of making
 * new receive-only transceivers. The payload type in those caps always comes from the
 * validated offer plan, never from a default: a mismatch aborts the process.
 */
#include "webrtc-viewer.h"
#include "tribune-error.h"
#include "webrtc-answer.h"

#include <gst/app/gstappsrc.h>
#include <gst/rtp/rtp.h>
#include <gst/video/video.h>
#include <gst/webrtc/webrtc.h>

#define CONNECT_TIMEOUT_S 30

typedef struct {
  TribuneViewer *viewer;
  GstAppSrc *src;
  guint program_pt;
  guint pt;                /* the browser's payload type */
  guint tap_id;
  TribunePacketTap *tap;
} Track;

struct _TribuneViewer {
  gchar *id;
  TribuneProgram *program;            /* not owned; the room outlives its viewers */
  const TribuneConfig *config;
  GstElement *pipeline;
  GstElement *webrtcbin;
  Track video, audio;
  TribuneWebrtcAnswer *answer;
  TribuneViewerAnswerFunc answered;
  gpointer answered_data;
  TribuneViewerGoneFunc gone;
  gpointer gone_data;
  guint bus_watch;
  guint connect_timeout;
  gboolean connected;                 /* main thread */
  gboolean gone_reported;             /* main thread */
  /* Shared with webrtcbin's thread for the state notifications: */
  gint ref_count;
  gboolean closed;                    /* atomic */
  GMainContext *context;
};

/* Streaming thread of the program (tap lock held): hand the packet on, never block. */
static void
on_packet (GstSample *sample, gpointer user_data)
{
  Track *t = user_data;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  if (buffer == NULL)
    return;
  /* A new GstBuffer sharing the packet's memory: the program's timestamps mean nothing
   * in this pipeline (the encoder's segment starts at 1000 h and webrtcbin's clocksync
   * would wait for them), so clear them and let the appsrc stamp arrival time. */
  buffer = gst_buffer_make_writable (gst_buffer_ref (buffer));
  GST_BUFFER_PTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  if (t->pt != t->program_pt) {
    /* Another payload type: this viewer needs its own copy of the header. */
    if (gst_rtp_buffer_map (buffer, GST_MAP_WRITE, &rtp)) {
      gst_rtp_buffer_set_payload_type (&rtp, (guint8) t->pt);
      gst_rtp_buffer_unmap (&rtp);
    }
  }
  gst_app_src_push_buffer (t->src, buffer);
}

static TribuneViewer *
viewer_ref (TribuneViewer *v)
{
  g_atomic_int_inc (&v->ref_count);
  return v;
}

static void
viewer_unref (TribuneViewer *v)
{
  if (!g_atomic_int_dec_and_test (&v->ref_count))
    return;
  g_main_context_unref (v->context);
  g_free (v->id);
  g_free (v);
}

/* Main context: tell the owner once. */
static void
report_gone (TribuneViewer *v, const gchar *reason)
{
  if (v->gone_reported || v->gone == NULL)
    return;
  v->gone_reported = TRUE;
  v->gone (v, reason, v->gone_data);
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  TribuneViewer *v = user_data;

  v->connect_timeout = 0;
  if (!v->connected)
    report_gone (v, "no connection within 30 s");
  return G_SOURCE_REMOVE;
}

typedef struct {
  TribuneViewer *viewer;
  GstWebRTCPeerConnectionState state;
} StateChange;

static gboolean
on_main_state (gpointer user_data)
{
  StateChange *c = user_data;
  TribuneViewer *v = c->viewer;

  if (g_atomic_int_get (&v->closed))
    return G_SOURCE_REMOVE;
  switch (c->state) {
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED:
      v->connected = TRUE;
      /* A new viewer can only start decoding at a key frame. */
      tribune_program_request_keyframe (v->program);
      break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED:
      report_gone (v, "connection failed");
      break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED:
      report_gone (v, "connection closed");
      break;
    default:
      break;
  }
  return G_SOURCE_REMOVE;
}

static void
free_state_change (gpointer data)
{
  StateChange *c = data;

  viewer_unref (c->viewer);
  g_free (c);
}

/* webrtcbin thread */
static void
on_connection_state (GObject *webrtcbin, GParamSpec *pspec, gpointer user_data)
{
  TribuneViewer *v = user_data;
  StateChange *c = g_new0 (StateChange, 1);

  c->viewer = viewer_ref (v);
  g_object_get (webrtcbin, "connection-state", &c->state, NULL);
  g_main_context_invoke_full (v->context, G_PRIORITY_DEFAULT, on_main_state, c,
                              free_state_change);
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  TribuneViewer *v = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    g_message ("viewer %s: ended by an error: %s", v->id, err->message);
    report_gone (v, err->message);
  }
  return G_SOURCE_CONTINUE;
}

/* Upstream force-key-unit (a browser's PLI/FIR, turned into an event by rtpsession)
 * stops at the appsrc; forward it to the shared encoder, which rate-limits. */
static GstPadProbeReturn
on_upstream_event (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  TribuneViewer *v = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

  if (gst_video_event_is_force_key_unit (event))
    tribune_program_request_keyframe (v->program);
  return GST_PAD_PROBE_OK;
}

/* Caps for one send-only track: the offer's entry, with only what payloading needs.
 * profile-level-id is left out on purpose (STACK-NOTES: pinning the browser's 42e01f
 * while x264 produces 42c01f breaks the payloader; leaving it out negotiates). */
static GstCaps *
track_caps (const TribuneMediaChoice *choice, TribunePacketTap *tap)
{
  g_autoptr (GstCaps) program_caps = tribune_packet_tap_get_caps (tap);
  guint ssrc = 0;
  const GstStructure *offered = gst_caps_get_structure (choice->caps, 0);
  GstStructure *s = gst_structure_new ("application/x-rtp",
      "media", G_TYPE_STRING, gst_structure_get_string (offered, "media"),
      "encoding-name", G_TYPE_STRING, choice->encoding,
      "payload", G_TYPE_INT, (gint) choice->pt,
      "clock-rate", G_TYPE_INT, (gint) choice->clock_rate, NULL);
  static const char *const keep[] = {
    "packetization-mode", "encoding-params", "rtcp-fb-nack-pli", "rtcp-fb-ccm-fir",
    "minptime", "useinbandfec", "stereo", "sprop-stereo",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keep); i++) {
    const GValue *v = gst_structure_get_value (offered, keep[i]);
    if (v)
      gst_structure_set_value (s, keep[i], v);
  }
  /* The payloader's SSRC: webrtcbin bundles tracks through an rtpfunnel, which needs
   * each track's SSRC in its caps to tell them apart (without it only one track flows),
   * and it puts a=ssrc in the answer. */
  if (program_caps &&
      gst_structure_get_uint (gst_caps_get_structure (program_caps, 0), "ssrc", &ssrc))
    gst_structure_set (s, "ssrc", G_TYPE_UINT, ssrc, NULL);
  return gst_caps_new_full (s, NULL);
}

static gboolean
add_track (TribuneViewer *v, Track *t, const TribuneMediaChoice *choice,
           TribuneTapKind tap, guint program_pt, GError **error)
{
  g_autoptr (GstCaps) caps = track_caps (choice, tribune_program_tap (v->program, tap));
  g_autoptr (GstPad) src_pad = NULL;
  g_autoptr (GstPad) sink_pad = NULL;
  g_autoptr (GstWebRTCRTPTransceiver) trans = NULL;
  GstPadTemplate *templ;
  GstElement *appsrc = gst_element_factory_make ("appsrc", NULL);

  /* do-timestamp: stamp with this pipeline's clock; leaky: a viewer that cannot keep up
   * loses packets instead of holding the program's thread. */
  g_object_set (appsrc, "is-live", TRUE, "format", GST_FORMAT_TIME, "do-timestamp", TRUE,
                "block", FALSE, "max-buffers", (guint64) 400, "leaky-type", 2,
                "caps", caps, NULL);
  gst_bin_add (GST_BIN (v->pipeline), appsrc);

  templ = gst_element_get_pad_template (v->webrtcbin, "sink_%u");
  sink_pad = gst_element_request_pad (v->webrtcbin, templ, NULL, caps);
  src_pad = gst_element_get_static_pad (appsrc, "src");
  if (sink_pad == NULL || gst_pad_link (src_pad, sink_pad) != GST_PAD_LINK_OK) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "viewer %s: could not link the %s track", v->id, choice->encoding);
    return FALSE;
  }
  g_object_get (sink_pad, "transceiver", &trans, NULL);
  g_object_set (trans, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY,
                "codec-preferences", caps, NULL);
  gst_pad_add_probe (src_pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, on_upstream_event, v,
                     NULL);

  t->viewer = v;
  t->src = GST_APP_SRC (appsrc);
  t->pt = choice->pt;
  t->program_pt = program_pt;
  t->tap = tribune_program_tap (v->program, tap);
  return TRUE;
}

TribuneViewer *
tribune_viewer_new (const gchar *id, TribuneProgram *program, const TribuneConfig *config,
                    GError **error)
{
  TribuneViewer *v = g_new0 (TribuneViewer, 1);
  g_autoptr (GstBus) bus = NULL;

  v->ref_count = 1;
  v->id = g_strdup (id);
  v->program = program;
  v->config = config;
  v->context = g_main_context_ref_thread_default ();
  v->pipeline = gst_object_ref_sink (gst_pipeline_new (id));
  v->webrtcbin = tribune_webrtc_make_bin (config, "webrtc");
  if (v->webrtcbin == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "webrtcbin is missing: install gstreamer1.0-plugins-bad and gstreamer1.0-nice");
    tribune_viewer_free (v);
    return NULL;
  }
  gst_bin_add (GST_BIN (v->pipeline), v->webrtcbin);
  bus = gst_element_get_bus (v->pipeline);
  v->bus_watch = gst_bus_add_watch (bus, on_bus_message, v);
  return v;
}

static void
on_answer_ready (const gchar *answer, const gchar *error_message, gpointer user_data)
{
  TribuneViewer *v = user_data;

  if (answer) {
    /* Media starts flowing only now: nothing to send before the browser can decode. */
    if (v->video.src)
      v->video.tap_id = tribune_packet_tap_subscribe (v->video.tap, on_packet, &v->video);
    if (v->audio.src)
      v->audio.tap_id = tribune_packet_tap_subscribe (v->audio.tap, on_packet, &v->audio);
    v->connect_timeout = g_timeout_add_seconds (CONNECT_TIMEOUT_S, on_connect_timeout, v);
  }
  v->answered (v, answer, error_message, v->answered_data);
}

void
tribune_viewer_negotiate (TribuneViewer *v, const TribuneOfferPlan *plan,
                          const gchar *offer, TribuneViewerAnswerFunc answered,
                          gpointer answered_data, TribuneViewerGoneFunc gone,
                          gpointer gone_data)
{
  g_autoptr (GError) error = NULL;

  v->answered = answered;
  v->answered_data = answered_data;
  v->gone = gone;
  v->gone_data = gone_data;

  /* Tracks in m-line order, so transceivers line up with the offer. */
  for (gint mline = 0; mline < (gint) plan->n_media; mline++) {
    gboolean ok = TRUE;
    if (plan->video.mline == mline)
      ok = add_track (v, &v->video, &plan->video, TRIBUNE_TAP_RTP_VIDEO,
                      TRIBUNE_PROGRAM_VIDEO_PT, &error);
    else if (plan->audio.mline == mline)
      ok = add_track (v, &v->audio, &plan->audio, TRIBUNE_TAP_RTP_AUDIO,
                      TRIBUNE_PROGRAM_AUDIO_PT, &error);
    if (!ok) {
      answered (v, NULL, error->message, answered_data);
      return;
    }
  }
  g_signal_connect_data (v->webrtcbin, "notify::connection-state",
                         G_CALLBACK (on_connection_state), viewer_ref (v),
                         (GClosureNotify) (void (*) (void)) viewer_unref, 0);
  if (gst_element_set_state (v->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    answered (v, NULL, "the viewer pipeline would not start", answered_data);
    return;
  }
  tribune_webrtc_apply_ice_addresses (v->webrtcbin, v->config);
  v->answer = tribune_webrtc_answer_start (v->webrtcbin, offer, on_answer_ready, v);
}

void
tribune_viewer_add_candidate (TribuneViewer *v, guint mline, const gchar *candidate)
{
  g_signal_emit_by_name (v->webrtcbin, "add-ice-candidate", mline, candidate);
}

const gchar *
tribune_viewer_get_id (TribuneViewer *v)
{
  return v->id;
}

gboolean
tribune_viewer_is_connected (TribuneViewer *v)
{
  return v->connected;
}

void
tribune_viewer_free (TribuneViewer *v)
{
  if (v == NULL)
    return;
  g_atomic_int_set (&v->closed, TRUE);
  /* Unsubscribe first: after this no program thread touches the tracks. */
  if (v->video.tap_id)
    tribune_packet_tap_unsubscribe (v->video.tap, v->video.tap_id);
  if (v->audio.tap_id)
    tribune_packet_tap_unsubscribe (v->audio.tap, v->audio.tap_id);
  tribune_webrtc_answer_release (v->answer);
  if (v->connect_timeout)
    g_source_remove (v->connect_timeout);
  if (v->bus_watch)
    g_source_remove (v->bus_watch);
  if (v->pipeline) {
    gst_element_set_state (v->pipeline, GST_STATE_NULL);
    gst_object_unref (v->pipeline);
  }
  viewer_unref (v);
}
