/* whip-input.c — see whip-input.h.
 *
 * Receive-only transceivers are added before the offer is applied, each with the single
 * codec chosen from the offer as its codec preference, so the answer accepts exactly
 * what decodebin below can decode and nothing else (no surprise payloads).
 */
#include "whip-input.h"
#include "tribune-error.h"
#include "webrtc-answer.h"

#include <gst/webrtc/webrtc.h>

#define CONNECT_TIMEOUT_S 30

struct _TribuneWhipInput {
  gchar *id;
  gchar *room_id;
  TribuneBridge *bridge;             /* not owned; the room outlives its inputs */
  const TribuneConfig *config;
  GstElement *pipeline;
  GstElement *webrtcbin;
  TribuneWebrtcAnswer *answer;
  TribuneWhipAnswerFunc answered;
  gpointer answered_data;
  TribuneWhipGoneFunc gone;
  gpointer gone_data;
  guint bus_watch;
  guint connect_timeout;
  gint64 created_us;
  guint start_kbps;
  gboolean connected;                /* main thread */
  gboolean gone_reported;            /* main thread */
  gint ref_count;
  gboolean closed;                   /* atomic */
  GMainContext *context;
};

static TribuneWhipInput *
input_ref (TribuneWhipInput *in)
{
  g_atomic_int_inc (&in->ref_count);
  return in;
}

static void
input_unref (TribuneWhipInput *in)
{
  if (!g_atomic_int_dec_and_test (&in->ref_count))
    return;
  g_main_context_unref (in->context);
  g_free (in->id);
  g_free (in->room_id);
  g_free (in);
}

static void
report_gone (TribuneWhipInput *in, const gchar *reason)
{
  if (in->gone_reported || in->gone == NULL)
    return;
  in->gone_reported = TRUE;
  in->gone (in, reason, in->gone_data);
}

/* decodebin's streaming thread: a decoded stream appeared, give it a tail. */
static void
on_decoded_pad (GstElement *decodebin, GstPad *pad, gpointer user_data)
{
  TribuneWhipInput *in = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstPad) sink = NULL;
  const gchar *name;
  GstElement *tail;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_has_prefix (name, "video/x-raw"))
    tail = tribune_bridge_make_video_tail (in->bridge, &error);
  else if (g_str_has_prefix (name, "audio/x-raw"))
    tail = tribune_bridge_make_audio_tail (in->bridge, &error);
  else
    return;
  if (tail == NULL) {
    g_warning ("room %s: publisher %s: %s", in->room_id, in->id, error->message);
    return;
  }
  gst_bin_add (GST_BIN (in->pipeline), tail);
  sink = gst_element_get_static_pad (tail, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("room %s: publisher %s: could not link %s", in->room_id, in->id, name);
  gst_element_sync_state_with_parent (tail);
}

/* webrtcbin's thread: an incoming RTP stream; decode it. */
static void
on_incoming_pad (GstElement *webrtcbin, GstPad *pad, gpointer user_data)
{
  TribuneWhipInput *in = user_data;
  GstElement *decode;
  g_autoptr (GstPad) sink = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  decode = gst_element_factory_make ("decodebin", NULL);
  g_signal_connect (decode, "pad-added", G_CALLBACK (on_decoded_pad), in);
  gst_bin_add (GST_BIN (in->pipeline), decode);
  gst_element_sync_state_with_parent (decode);
  sink = gst_element_get_static_pad (decode, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("room %s: publisher %s: cannot decode an incoming stream", in->room_id,
               in->id);
}

typedef struct {
  TribuneWhipInput *input;
  GstWebRTCPeerConnectionState state;
} StateChange;

static gboolean
on_main_state (gpointer user_data)
{
  StateChange *c = user_data;
  TribuneWhipInput *in = c->input;

  if (g_atomic_int_get (&in->closed))
    return G_SOURCE_REMOVE;
  if (c->state == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED) {
    in->connected = TRUE;
    g_message ("room %s: publisher %s connected", in->room_id, in->id);
  } else if (c->state == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED) {
    report_gone (in, "connection failed");
  } else if (c->state == GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED) {
    report_gone (in, "connection closed");
  }
  return G_SOURCE_REMOVE;
}

static void
free_state_change (gpointer data)
{
  StateChange *c = data;

  input_unref (c->input);
  g_free (c);
}

static void
on_connection_state (GObject *webrtcbin, GParamSpec *pspec, gpointer user_data)
{
  TribuneWhipInput *in = user_data;
  StateChange *c = g_new0 (StateChange, 1);

  c->input = input_ref (in);
  g_object_get (webrtcbin, "connection-state", &c->state, NULL);
  g_main_context_invoke_full (in->context, G_PRIORITY_DEFAULT, on_main_state, c,
                              free_state_change);
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  TribuneWhipInput *in = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    g_warning ("room %s: publisher %s stopped by an error: %s", in->room_id, in->id,
               err->message);
    report_gone (in, err->message);
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  TribuneWhipInput *in = user_data;

  in->connect_timeout = 0;
  if (!in->connected)
    report_gone (in, "no connection within 30 s");
  return G_SOURCE_REMOVE;
}

TribuneWhipInput *
tribune_whip_input_new (const gchar *id, const gchar *room_id, TribuneBridge *bridge,
                        guint start_kbps, const TribuneConfig *config, GError **error)
{
  TribuneWhipInput *in = g_new0 (TribuneWhipInput, 1);
  g_autoptr (GstBus) bus = NULL;

  in->ref_count = 1;
  in->id = g_strdup (id);
  in->room_id = g_strdup (room_id);
  in->bridge = bridge;
  in->config = config;
  in->created_us = g_get_monotonic_time ();
  in->start_kbps = start_kbps;
  in->context = g_main_context_ref_thread_default ();
  in->pipeline = gst_object_ref_sink (gst_pipeline_new (id));
  in->webrtcbin = tribune_webrtc_make_bin (config, "webrtc");
  if (in->webrtcbin == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "webrtcbin is missing: install gstreamer1.0-plugins-bad and gstreamer1.0-nice");
    tribune_whip_input_free (in);
    return NULL;
  }
  gst_bin_add (GST_BIN (in->pipeline), in->webrtcbin);
  g_signal_connect (in->webrtcbin, "pad-added", G_CALLBACK (on_incoming_pad), in);
  bus = gst_element_get_bus (in->pipeline);
  in->bus_watch = gst_bus_add_watch (bus, on_bus_message, in);
  return in;
}

static void
add_receiver (TribuneWhipInput *in, const TribuneMediaChoice *choice)
{
  GstWebRTCRTPTransceiver *trans = NULL;
  g_autoptr (GstCaps) caps = gst_caps_copy (choice->caps);

  g_signal_emit_by_name (in->webrtcbin, "add-transceiver",
                         GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps, &trans);
  gst_clear_object (&trans);
}

static void
on_answer_ready (const gchar *answer, const gchar *error_message, gpointer user_data)
{
  TribuneWhipInput *in = user_data;
  g_autofree gchar *hinted = NULL;

  if (answer) {
    tribune_bridge_reset (in->bridge);
    in->connect_timeout = g_timeout_add_seconds (CONNECT_TIMEOUT_S, on_connect_timeout, in);
    /* Ask the browser to start near the room's bit rate instead of 300 kbit/s. */
    hinted = tribune_sdp_answer_hint_bitrate (answer, in->start_kbps);
  }
  in->answered (in, hinted, error_message, in->answered_data);
}

void
tribune_whip_input_negotiate (TribuneWhipInput *in, const TribuneOfferPlan *plan,
                              const gchar *offer, TribuneWhipAnswerFunc answered,
                              gpointer answered_data, TribuneWhipGoneFunc gone,
                              gpointer gone_data)
{
  in->answered = answered;
  in->answered_data = answered_data;
  in->gone = gone;
  in->gone_data = gone_data;

  for (gint mline = 0; mline < (gint) plan->n_media; mline++) {
    if (plan->video.mline == mline)
      add_receiver (in, &plan->video);
    else if (plan->audio.mline == mline)
      add_receiver (in, &plan->audio);
  }
  g_signal_connect_data (in->webrtcbin, "notify::connection-state",
                         G_CALLBACK (on_connection_state), input_ref (in),
                         (GClosureNotify) (void (*) (void)) input_unref, 0);
  if (gst_element_set_state (in->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    answered (in, NULL, "the publisher pipeline would not start", answered_data);
    return;
  }
  tribune_webrtc_apply_ice_addresses (in->webrtcbin, in->config);
  in->answer = tribune_webrtc_answer_start (in->webrtcbin, offer, on_answer_ready, in);
}

void
tribune_whip_input_add_candidate (TribuneWhipInput *in, guint mline, const gchar *candidate)
{
  g_signal_emit_by_name (in->webrtcbin, "add-ice-candidate", mline, candidate);
}

const gchar *
tribune_whip_input_get_id (TribuneWhipInput *in)
{
  return in->id;
}

gboolean
tribune_whip_input_is_connected (TribuneWhipInput *in)
{
  return in->connected;
}

gint64
tribune_whip_input_created_us (TribuneWhipInput *in)
{
  return in->created_us;
}

void
tribune_whip_input_free (TribuneWhipInput *in)
{
  if (in == NULL)
    return;
  g_atomic_int_set (&in->closed, TRUE);
  tribune_webrtc_answer_release (in->answer);
  if (in->connect_timeout)
    g_source_remove (in->connect_timeout);
  if (in->bus_watch)
    g_source_remove (in->bus_watch);
  if (in->pipeline) {
    gst_element_set_state (in->pipeline, GST_STATE_NULL);
    gst_object_unref (in->pipeline);
  }
  input_unref (in);
}
