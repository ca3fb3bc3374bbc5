/* webrtc-session.c — see webrtc-session.h. */
#include "webrtc-session.h"
#include "tribune-error.h"
#include "webrtc-answer.h"

#include <gst/webrtc/webrtc.h>

#define CONNECT_TIMEOUT_S 30

struct _TribuneWebrtcSession {
  gint ref_count;
  gchar *id;
  gchar *kind;
  const TribuneConfig *config;
  GstElement *pipeline;
  GstElement *webrtcbin;
  TribuneWebrtcAnswer *answer;
  TribuneWebrtcSessionEvents events;
  gpointer user_data;
  guint bus_watch;
  guint connect_timeout;
  gint64 created_us;
  gboolean connected;         /* main thread */
  gboolean gone_reported;     /* main thread */
  gboolean closed;            /* atomic: set by free, read by handed-over callbacks */
  GMainContext *context;
};

static TribuneWebrtcSession *
session_ref (TribuneWebrtcSession *s)
{
  g_atomic_int_inc (&s->ref_count);
  return s;
}

static void
session_unref (TribuneWebrtcSession *s)
{
  if (!g_atomic_int_dec_and_test (&s->ref_count))
    return;
  g_main_context_unref (s->context);
  g_free (s->id);
  g_free (s->kind);
  g_free (s);
}

static void
report_gone (TribuneWebrtcSession *s, const gchar *reason)
{
  if (s->gone_reported || s->events.gone == NULL)
    return;
  s->gone_reported = TRUE;
  s->events.gone (s, reason, s->user_data);
}

typedef struct {
  TribuneWebrtcSession *session;
  GstWebRTCPeerConnectionState state;
} StateChange;

static gboolean
on_main_state (gpointer data)
{
  StateChange *c = data;
  TribuneWebrtcSession *s = c->session;

  if (g_atomic_int_get (&s->closed))
    return G_SOURCE_REMOVE;
  switch (c->state) {
    case GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED:
      if (!s->connected) {
        s->connected = TRUE;
        g_message ("%s %s connected", s->kind, s->id);
        if (s->events.connected)
          s->events.connected (s, s->user_data);
      }
      break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_FAILED:
      report_gone (s, "connection failed");
      break;
    case GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED:
      report_gone (s, "connection closed");
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

  session_unref (c->session);
  g_free (c);
}

/* webrtcbin's thread: copy the state, hand it to the main context. */
static void
on_connection_state (GObject *webrtcbin, GParamSpec *pspec, gpointer user_data)
{
  TribuneWebrtcSession *s = user_data;
  StateChange *c = g_new0 (StateChange, 1);

  c->session = session_ref (s);
  g_object_get (webrtcbin, "connection-state", &c->state, NULL);
  g_main_context_invoke_full (s->context, G_PRIORITY_DEFAULT, on_main_state, c,
                              free_state_change);
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  TribuneWebrtcSession *s = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    g_message ("%s %s stopped by an error: %s", s->kind, s->id, err->message);
    report_gone (s, err->message);
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_connect_timeout (gpointer user_data)
{
  TribuneWebrtcSession *s = user_data;

  s->connect_timeout = 0;
  if (!s->connected)
    report_gone (s, "no connection within 30 s");
  return G_SOURCE_REMOVE;
}

TribuneWebrtcSession *
tribune_webrtc_session_new (const gchar *id, const gchar *kind, const TribuneConfig *config,
                            GError **error)
{
  TribuneWebrtcSession *s;
  GstElement *webrtcbin = tribune_webrtc_make_bin (config, "webrtc");
  g_autoptr (GstBus) bus = NULL;

  if (webrtcbin == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "webrtcbin is missing: install gstreamer1.0-plugins-bad and "
                 "gstreamer1.0-nice");
    return NULL;
  }
  s = g_new0 (TribuneWebrtcSession, 1);
  s->ref_count = 1;
  s->id = g_strdup (id);
  s->kind = g_strdup (kind);
  s->config = config;
  s->created_us = g_get_monotonic_time ();
  s->context = g_main_context_ref_thread_default ();
  s->pipeline = gst_object_ref_sink (gst_pipeline_new (id));
  s->webrtcbin = webrtcbin;
  gst_bin_add (GST_BIN (s->pipeline), webrtcbin);
  bus = gst_element_get_bus (s->pipeline);
  s->bus_watch = gst_bus_add_watch (bus, on_bus_message, s);
  /* The closure holds a reference; it is released when webrtcbin is disposed. */
  g_signal_connect_data (webrtcbin, "notify::connection-state",
                         G_CALLBACK (on_connection_state), session_ref (s),
                         (GClosureNotify) (void (*) (void)) session_unref, 0);
  return s;
}

GstElement *
tribune_webrtc_session_get_pipeline (TribuneWebrtcSession *s)
{
  return s->pipeline;
}

GstElement *
tribune_webrtc_session_get_webrtcbin (TribuneWebrtcSession *s)
{
  return s->webrtcbin;
}

static void
on_answer_ready (const gchar *answer, const gchar *error_message, gpointer user_data)
{
  TribuneWebrtcSession *s = user_data;

  if (answer)
    s->connect_timeout = g_timeout_add_seconds (CONNECT_TIMEOUT_S, on_connect_timeout, s);
  s->events.answered (s, answer, error_message, s->user_data);
}

void
tribune_webrtc_session_start (TribuneWebrtcSession *s, const gchar *offer,
                              const TribuneWebrtcSessionEvents *events,
                              gpointer user_data)
{
  s->events = *events;
  s->user_data = user_data;
  if (gst_element_set_state (s->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    s->events.answered (s, NULL, "the session's pipeline would not start", user_data);
    return;
  }
  tribune_webrtc_apply_ice_addresses (s->webrtcbin, s->config);
  s->answer = tribune_webrtc_answer_start (s->webrtcbin, offer, on_answer_ready, s);
}

void
tribune_webrtc_session_add_candidate (TribuneWebrtcSession *s, guint mline,
                                      const gchar *candidate)
{
  g_signal_emit_by_name (s->webrtcbin, "add-ice-candidate", mline, candidate);
}

const gchar *
tribune_webrtc_session_get_id (TribuneWebrtcSession *s)
{
  return s->id;
}

gboolean
tribune_webrtc_session_is_connected (TribuneWebrtcSession *s)
{
  return s->connected;
}

gint64
tribune_webrtc_session_created_us (TribuneWebrtcSession *s)
{
  return s->created_us;
}

void
tribune_webrtc_session_free (TribuneWebrtcSession *s)
{
  if (s == NULL)
    return;
  g_atomic_int_set (&s->closed, TRUE);
  tribune_webrtc_answer_release (s->answer);
  if (s->connect_timeout)
    g_source_remove (s->connect_timeout);
  if (s->bus_watch)
    g_source_remove (s->bus_watch);
  gst_element_set_state (s->pipeline, GST_STATE_NULL);
  gst_object_unref (s->pipeline);
  session_unref (s);
}
