/* whip-input.c — see whip-input.h.
 *
 * Receive-only transceivers are added before the offer is applied, each with the single
 * codec chosen from the offer as its codec preference, so the answer accepts exactly
 * what decodebin below can decode and nothing else (no surprise payloads). The WebRTC
 * session itself (answer, connection state, time-outs) is webrtc-session.c's.
 */
#include "whip-input.h"
#include "sdp-offer.h"
#include "webrtc-session.h"

#include <gst/webrtc/webrtc.h>

struct _TribuneWhipInput {
  TribuneWebrtcSession *session;
  gchar *room_id;
  TribuneBridge *bridge;             /* not owned; the room outlives its inputs */
  guint start_kbps;
  TribuneWhipAnswerFunc answered;
  gpointer answered_data;
  TribuneWhipGoneFunc gone;
  gpointer gone_data;
};

static const gchar *
publisher_id (TribuneWhipInput *in)
{
  return tribune_webrtc_session_get_id (in->session);
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
    g_warning ("room %s: publisher %s: %s", in->room_id, publisher_id (in), error->message);
    return;
  }
  gst_bin_add (GST_BIN (tribune_webrtc_session_get_pipeline (in->session)), tail);
  sink = gst_element_get_static_pad (tail, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("room %s: publisher %s: could not link %s", in->room_id, publisher_id (in),
               name);
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
  gst_bin_add (GST_BIN (tribune_webrtc_session_get_pipeline (in->session)), decode);
  gst_element_sync_state_with_parent (decode);
  sink = gst_element_get_static_pad (decode, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("room %s: publisher %s: cannot decode an incoming stream", in->room_id,
               publisher_id (in));
}

TribuneWhipInput *
tribune_whip_input_new (const gchar *id, const gchar *room_id, TribuneBridge *bridge,
                        guint start_kbps, const TribuneConfig *config, GError **error)
{
  TribuneWebrtcSession *session = tribune_webrtc_session_new (id, "publisher", config, error);
  TribuneWhipInput *in;

  if (session == NULL)
    return NULL;
  in = g_new0 (TribuneWhipInput, 1);
  in->session = session;
  in->room_id = g_strdup (room_id);
  in->bridge = bridge;
  in->start_kbps = start_kbps;
  g_signal_connect (tribune_webrtc_session_get_webrtcbin (session), "pad-added",
                    G_CALLBACK (on_incoming_pad), in);
  return in;
}

static void
add_receiver (TribuneWhipInput *in, const TribuneMediaChoice *choice)
{
  GstWebRTCRTPTransceiver *trans = NULL;
  g_autoptr (GstCaps) caps = gst_caps_copy (choice->caps);

  g_signal_emit_by_name (tribune_webrtc_session_get_webrtcbin (in->session),
                         "add-transceiver", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY,
                         caps, &trans);
  gst_clear_object (&trans);
}

static void
on_answered (TribuneWebrtcSession *session, const gchar *answer, const gchar *error_message,
             gpointer user_data)
{
  TribuneWhipInput *in = user_data;
  g_autofree gchar *hinted = NULL;

  if (answer) {
    tribune_bridge_reset (in->bridge);
    /* Ask the browser to start near the room's bit rate instead of 300 kbit/s. */
    hinted = tribune_sdp_answer_hint_bitrate (answer, in->start_kbps);
  }
  in->answered (in, hinted, error_message, in->answered_data);
}

static void
on_gone (TribuneWebrtcSession *session, const gchar *reason, gpointer user_data)
{
  TribuneWhipInput *in = user_data;

  in->gone (in, reason, in->gone_data);
}

void
tribune_whip_input_negotiate (TribuneWhipInput *in, const TribuneOfferPlan *plan,
                              const gchar *offer, TribuneWhipAnswerFunc answered,
                              gpointer answered_data, TribuneWhipGoneFunc gone,
                              gpointer gone_data)
{
  static const TribuneWebrtcSessionEvents events = { on_answered, NULL, on_gone };

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
  tribune_webrtc_session_start (in->session, offer, &events, in);
}

void
tribune_whip_input_add_candidate (TribuneWhipInput *in, guint mline, const gchar *candidate)
{
  tribune_webrtc_session_add_candidate (in->session, mline, candidate);
}

void
tribune_whip_input_set_latency (TribuneWhipInput *in, guint ms)
{
  g_object_set (tribune_webrtc_session_get_webrtcbin (in->session), "latency", ms, NULL);
}

const gchar *
tribune_whip_input_get_id (TribuneWhipInput *in)
{
  return publisher_id (in);
}

gboolean
tribune_whip_input_is_connected (TribuneWhipInput *in)
{
  return tribune_webrtc_session_is_connected (in->session);
}

gint64
tribune_whip_input_created_us (TribuneWhipInput *in)
{
  return tribune_webrtc_session_created_us (in->session);
}

void
tribune_whip_input_free (TribuneWhipInput *in)
{
  if (in == NULL)
    return;
  /* Stopping the pipeline first: no decodebin thread calls back after this. */
  tribune_webrtc_session_free (in->session);
  g_free (in->room_id);
  g_free (in);
}
