/* webrtc-answer.c — see webrtc-answer.h.
 *
 * webrtcbin's promises reply on its own thread. Each reply is checked there and the next
 * step emitted; the final step hands over to the main context, which polls the ICE
 * gathering state (cheap: a property read every 10 ms, at most 2 s) and then reads the
 * local description. A shared, refcounted state with a "cancelled" flag lets the main
 * thread drop the request while a promise is still in flight.
 */
#include "webrtc-answer.h"

#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#define GATHER_TIMEOUT_US (2 * G_USEC_PER_SEC)

struct _TribuneWebrtcAnswer {
  gint ref_count;
  GstElement *webrtcbin;
  GMainContext *context;
  TribuneAnswerReady ready;
  gpointer user_data;
  gboolean cancelled;       /* main thread only */
  gint64 gather_started_us;
  guint poll_source;
  gchar *error_message;     /* set by the webrtcbin thread before handing over */
};

static TribuneWebrtcAnswer *
answer_ref (TribuneWebrtcAnswer *a)
{
  g_atomic_int_inc (&a->ref_count);
  return a;
}

static void
answer_unref (TribuneWebrtcAnswer *a)
{
  if (!g_atomic_int_dec_and_test (&a->ref_count))
    return;
  gst_object_unref (a->webrtcbin);
  g_main_context_unref (a->context);
  g_free (a->error_message);
  g_free (a);
}

void
tribune_webrtc_quiet_ice (GstElement *webrtcbin)
{
  g_autoptr (GObject) ice = NULL;
  g_autoptr (GObject) agent = NULL;

  g_object_get (webrtcbin, "ice-agent", &ice, NULL);
  if (ice == NULL)
    return;
  /* No UPnP: libnice would otherwise multicast SSDP searches for a home router on every
   * interface for every session. No ICE-TCP: browsers reach us over UDP. */
  g_object_set (ice, "ice-tcp", FALSE, NULL);
  g_object_get (ice, "agent", &agent, NULL);
  if (agent)
    g_object_set (agent, "upnp", FALSE, NULL);
}

GstElement *
tribune_webrtc_make_bin (const TribuneConfig *config, const gchar *name)
{
  GstElement *bin = gst_element_factory_make ("webrtcbin", name);

  if (bin == NULL)
    return NULL;
  g_object_set (bin, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  tribune_webrtc_quiet_ice (bin);
  if (config->stun_server)
    g_object_set (bin, "stun-server", config->stun_server, NULL);
  return bin;
}

void
tribune_webrtc_apply_ice_addresses (GstElement *webrtcbin, const TribuneConfig *config)
{
  g_autoptr (GObject) agent = NULL;

  if (config->ice_addresses == NULL)
    return;
  g_object_get (webrtcbin, "ice-agent", &agent, NULL);
  if (agent == NULL)
    return;
  /* Once any address is added, libnice gathers on the listed addresses only. */
  for (guint i = 0; config->ice_addresses[i]; i++) {
    gboolean ok = FALSE;
    g_signal_emit_by_name (agent, "add-local-ip-address", config->ice_addresses[i], &ok);
  }
}

/* Main context: finish, exactly once. */
static void
deliver (TribuneWebrtcAnswer *a, const gchar *sdp, const gchar *error_message)
{
  if (a->poll_source) {
    g_source_remove (a->poll_source);
    a->poll_source = 0;
  }
  if (!a->cancelled) {
    a->cancelled = TRUE;   /* from now on nothing else is delivered */
    a->ready (sdp, error_message, a->user_data);
  }
}

static gboolean
poll_gathering (gpointer user_data)
{
  TribuneWebrtcAnswer *a = user_data;
  GstWebRTCICEGatheringState state;
  GstWebRTCSessionDescription *local = NULL;
  g_autofree gchar *text = NULL;

  g_object_get (a->webrtcbin, "ice-gathering-state", &state, NULL);
  if (state != GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE &&
      g_get_monotonic_time () - a->gather_started_us < GATHER_TIMEOUT_US)
    return G_SOURCE_CONTINUE;

  a->poll_source = 0;
  g_object_get (a->webrtcbin, "local-description", &local, NULL);
  if (local == NULL) {
    deliver (a, NULL, "webrtcbin lost its local description");
    return G_SOURCE_REMOVE;
  }
  text = gst_sdp_message_as_text (local->sdp);
  gst_webrtc_session_description_free (local);
  deliver (a, text, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_main_local_set (gpointer user_data)
{
  TribuneWebrtcAnswer *a = user_data;

  if (a->cancelled)
    return G_SOURCE_REMOVE;
  if (a->error_message) {
    deliver (a, NULL, a->error_message);
    return G_SOURCE_REMOVE;
  }
  a->gather_started_us = g_get_monotonic_time ();
  if (poll_gathering (a) == G_SOURCE_CONTINUE) {
    GSource *source = g_timeout_source_new (10);
    g_source_set_callback (source, poll_gathering, answer_ref (a),
                           (GDestroyNotify) answer_unref);
    a->poll_source = g_source_attach (source, a->context);
    g_source_unref (source);
  }
  return G_SOURCE_REMOVE;
}

static void
hand_to_main (TribuneWebrtcAnswer *a, const gchar *error_message)
{
  if (error_message)
    a->error_message = g_strdup (error_message);
  g_main_context_invoke_full (a->context, G_PRIORITY_DEFAULT, on_main_local_set,
                              answer_ref (a), (GDestroyNotify) answer_unref);
}

/* Returns the promise reply's error message, or NULL if the step succeeded. */
static gchar *
promise_error (GstPromise *promise)
{
  const GstStructure *reply;
  GError *err = NULL;
  gchar *message;

  if (gst_promise_wait (promise) != GST_PROMISE_RESULT_REPLIED)
    return g_strdup ("webrtcbin did not answer (interrupted)");
  reply = gst_promise_get_reply (promise);
  if (reply == NULL || !gst_structure_has_field (reply, "error"))
    return NULL;
  gst_structure_get (reply, "error", G_TYPE_ERROR, &err, NULL);
  message = g_strdup (err ? err->message : "webrtcbin rejected the description");
  g_clear_error (&err);
  return message;
}

static void
on_local_set (GstPromise *promise, gpointer user_data)
{
  TribuneWebrtcAnswer *a = user_data;
  g_autofree gchar *err = promise_error (promise);

  gst_promise_unref (promise);
  hand_to_main (a, err);
  answer_unref (a);
}

static void
on_answer_created (GstPromise *promise, gpointer user_data)
{
  TribuneWebrtcAnswer *a = user_data;
  g_autofree gchar *err = promise_error (promise);
  GstWebRTCSessionDescription *answer = NULL;

  if (err == NULL) {
    gst_structure_get (gst_promise_get_reply (promise), "answer",
                       GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
    if (answer == NULL)
      err = g_strdup ("webrtcbin created no answer");
  }
  gst_promise_unref (promise);
  if (err) {
    hand_to_main (a, err);
    answer_unref (a);
    return;
  }
  g_signal_emit_by_name (a->webrtcbin, "set-local-description", answer,
                         gst_promise_new_with_change_func (on_local_set, a, NULL));
  gst_webrtc_session_description_free (answer);
}

static void
on_remote_set (GstPromise *promise, gpointer user_data)
{
  TribuneWebrtcAnswer *a = user_data;
  g_autofree gchar *err = promise_error (promise);

  gst_promise_unref (promise);
  if (err) {
    hand_to_main (a, err);
    answer_unref (a);
    return;
  }
  g_signal_emit_by_name (a->webrtcbin, "create-answer", NULL,
                         gst_promise_new_with_change_func (on_answer_created, a, NULL));
}

TribuneWebrtcAnswer *
tribune_webrtc_answer_start (GstElement *webrtcbin, const gchar *offer_sdp,
                             TribuneAnswerReady ready, gpointer user_data)
{
  TribuneWebrtcAnswer *a = g_new0 (TribuneWebrtcAnswer, 1);
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *offer;

  a->ref_count = 1;
  a->webrtcbin = gst_object_ref (webrtcbin);
  a->context = g_main_context_ref_thread_default ();
  a->ready = ready;
  a->user_data = user_data;

  /* The offer was validated by sdp-offer.c; parsing cannot fail here. */
  gst_sdp_message_new_from_text (offer_sdp, &sdp);
  offer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  /* One reference travels with the promise chain; it is dropped at its end. */
  g_signal_emit_by_name (webrtcbin, "set-remote-description", offer,
                         gst_promise_new_with_change_func (on_remote_set, answer_ref (a),
                                                           NULL));
  gst_webrtc_session_description_free (offer);
  return a;
}

void
tribune_webrtc_answer_release (TribuneWebrtcAnswer *a)
{
  if (a == NULL)
    return;
  a->cancelled = TRUE;
  if (a->poll_source) {
    g_source_remove (a->poll_source);
    a->poll_source = 0;
  }
  answer_unref (a);
}
