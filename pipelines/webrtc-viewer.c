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
#include "webrtc-session.h"

#include <gst/app/gstappsrc.h>
#include <gst/rtp/rtp.h>
#include <gst/video/video.h>
#include <gst/webrtc/webrtc.h>

typedef struct {
  TribuneViewer *viewer;
  GstAppSrc *src;
  guint program_pt;
  guint pt;                /* the browser's payload type */
  guint tap_id;
  TribunePacketTap *tap;
} Track;

struct _TribuneViewer {
  TribuneWebrtcSession *session;
  TribuneProgram *program;            /* not owned; the room outlives its viewers */
  Track video, audio;
  TribunePacketTap *audio_tap;        /* the program's sound, or a participant's mix */
  TribuneViewerAnswerFunc answered;
  gpointer answered_data;
  TribuneViewerGoneFunc gone;
  gpointer gone_data;
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
  guint32 ssrc = 0;
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
  if (tribune_packet_tap_get_ssrc (tap, &ssrc))
    gst_structure_set (s, "ssrc", G_TYPE_UINT, (guint) ssrc, NULL);
  return gst_caps_new_full (s, NULL);
}

static gboolean
add_track (TribuneViewer *v, Track *t, const TribuneMediaChoice *choice,
           TribunePacketTap *tap, guint program_pt, GError **error)
{
  g_autoptr (GstCaps) caps = track_caps (choice, tap);
  g_autoptr (GstPad) src_pad = NULL;
  g_autoptr (GstPad) sink_pad = NULL;
  g_autoptr (GstWebRTCRTPTransceiver) trans = NULL;
  GstElement *pipeline = tribune_webrtc_session_get_pipeline (v->session);
  GstElement *webrtcbin = tribune_webrtc_session_get_webrtcbin (v->session);
  GstPadTemplate *templ;
  GstElement *appsrc = gst_element_factory_make ("appsrc", NULL);

  /* do-timestamp: stamp with this pipeline's clock; leaky: a viewer that cannot keep up
   * loses packets instead of holding the program's thread. */
  g_object_set (appsrc, "is-live", TRUE, "format", GST_FORMAT_TIME, "do-timestamp", TRUE,
                "block", FALSE, "max-buffers", (guint64) 400, "leaky-type", 2,
                "caps", caps, NULL);
  gst_bin_add (GST_BIN (pipeline), appsrc);

  templ = gst_element_get_pad_template (webrtcbin, "sink_%u");
  sink_pad = gst_element_request_pad (webrtcbin, templ, NULL, caps);
  src_pad = gst_element_get_static_pad (appsrc, "src");
  if (sink_pad == NULL || gst_pad_link (src_pad, sink_pad) != GST_PAD_LINK_OK) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "viewer %s: could not link the %s track",
                 tribune_webrtc_session_get_id (v->session), choice->encoding);
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
  t->tap = tap;
  return TRUE;
}

TribuneViewer *
tribune_viewer_new (const gchar *id, TribuneProgram *program, const TribuneConfig *config,
                    GError **error)
{
  TribuneWebrtcSession *session = tribune_webrtc_session_new (id, "viewer", config, error);
  TribuneViewer *v;

  if (session == NULL)
    return NULL;
  v = g_new0 (TribuneViewer, 1);
  v->session = session;
  v->program = program;
  v->audio_tap = tribune_program_tap (program, TRIBUNE_TAP_RTP_AUDIO);
  return v;
}

static void
on_answered (TribuneWebrtcSession *session, const gchar *answer, const gchar *error_message,
             gpointer user_data)
{
  TribuneViewer *v = user_data;

  if (answer) {
    /* Media starts flowing only now: nothing to send before the browser can decode. */
    if (v->video.src)
      v->video.tap_id = tribune_packet_tap_subscribe (v->video.tap, on_packet, &v->video);
    if (v->audio.src)
      v->audio.tap_id = tribune_packet_tap_subscribe (v->audio.tap, on_packet, &v->audio);
  }
  v->answered (v, answer, error_message, v->answered_data);
}

static void
on_connected (TribuneWebrtcSession *session, gpointer user_data)
{
  TribuneViewer *v = user_data;

  /* A new viewer can only start decoding at a key frame. */
  tribune_program_request_keyframe (v->program);
}

static void
on_gone (TribuneWebrtcSession *session, const gchar *reason, gpointer user_data)
{
  TribuneViewer *v = user_data;

  v->gone (v, reason, v->gone_data);
}

void
tribune_viewer_negotiate (TribuneViewer *v, const TribuneOfferPlan *plan,
                          const gchar *offer, TribuneViewerAnswerFunc answered,
                          gpointer answered_data, TribuneViewerGoneFunc gone,
                          gpointer gone_data)
{
  static const TribuneWebrtcSessionEvents events = { on_answered, on_connected, on_gone };
  g_autoptr (GError) error = NULL;

  v->answered = answered;
  v->answered_data = answered_data;
  v->gone = gone;
  v->gone_data = gone_data;

  /* Tracks in m-line order, so transceivers line up with the offer. */
  for (gint mline = 0; mline < (gint) plan->n_media; mline++) {
    gboolean ok = TRUE;
    if (plan->video.mline == mline)
      ok = add_track (v, &v->video, &plan->video,
                      tribune_program_tap (v->program, TRIBUNE_TAP_RTP_VIDEO),
                      TRIBUNE_PROGRAM_VIDEO_PT, &error);
    else if (plan->audio.mline == mline)
      ok = add_track (v, &v->audio, &plan->audio, v->audio_tap,
                      TRIBUNE_PROGRAM_AUDIO_PT, &error);
    if (!ok) {
      answered (v, NULL, error->message, answered_data);
      return;
    }
  }
  tribune_webrtc_session_start (v->session, offer, &events, v);
}

void
tribune_viewer_set_audio_tap (TribuneViewer *v, TribunePacketTap *tap)
{
  v->audio_tap = tap;
}

void
tribune_viewer_add_candidate (TribuneViewer *v, guint mline, const gchar *candidate)
{
  tribune_webrtc_session_add_candidate (v->session, mline, candidate);
}

const gchar *
tribune_viewer_get_id (TribuneViewer *v)
{
  return tribune_webrtc_session_get_id (v->session);
}

gboolean
tribune_viewer_is_connected (TribuneViewer *v)
{
  return tribune_webrtc_session_is_connected (v->session);
}

void
tribune_viewer_free (TribuneViewer *v)
{
  if (v == NULL)
    return;
  /* Unsubscribe first: after this no program thread touches the tracks. */
  if (v->video.tap_id)
    tribune_packet_tap_unsubscribe (v->video.tap, v->video.tap_id);
  if (v->audio.tap_id)
    tribune_packet_tap_unsubscribe (v->audio.tap, v->audio.tap_id);
  tribune_webrtc_session_free (v->session);
  g_free (v);
}
