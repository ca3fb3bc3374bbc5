/* webrtc-http.c — see webrtc-http.h.
 *
 * The POST is paused (soup_server_message_pause) while webrtcbin answers and gathers
 * candidates (at most 2 s), and unpaused from the room's callback on the main context.
 */
#include "webrtc-http.h"
#include "http-util.h"
#include "tribune-error.h"

#include <string.h>

typedef struct {
  SoupServerMessage *msg;   /* ref held while paused */
  gchar *location_prefix;
  gchar *log_name;
} Held;

static gboolean
content_type_is (SoupServerMessage *msg, const gchar *wanted)
{
  const gchar *ct = soup_message_headers_get_content_type (
      soup_server_message_get_request_headers (msg), NULL);

  return ct != NULL && g_ascii_strcasecmp (ct, wanted) == 0;
}

gchar *
tribune_webrtc_http_read_offer (SoupServerMessage *msg, TribuneOfferPlanner planner,
                                TribuneOfferPlan *plan)
{
  g_autofree gchar *offer = NULL;
  g_autoptr (GError) error = NULL;

  if (!content_type_is (msg, "application/sdp")) {
    tribune_http_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                        "send the offer with Content-Type: application/sdp");
    return NULL;
  }
  offer = tribune_http_body_text (msg);
  if (offer == NULL || *offer == '\0') {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "the body is empty; send an SDP offer");
    return NULL;
  }
  if (!planner (offer, plan, &error)) {
    tribune_http_gerror (msg, error);
    return NULL;
  }
  return g_steal_pointer (&offer);
}

static void
on_ready (const gchar *session_id, const gchar *answer, const GError *error,
          gpointer user_data)
{
  Held *h = user_data;
  SoupServerMessage *msg = h->msg;

  if (error) {
    g_message ("%s: refused: %s", h->log_name, error->message);
    tribune_http_gerror (msg, error);
  } else {
    SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
    g_autofree gchar *location = g_strdup_printf ("%s/%s", h->location_prefix, session_id);

    soup_message_headers_replace (headers, "Location", location);
    soup_message_headers_replace (headers, "ETag", "\"1\"");
    soup_message_headers_replace (headers, "Accept-Patch", "application/trickle-ice-sdpfrag");
    soup_message_headers_replace (headers, "Cache-Control", "no-store");
    tribune_http_text (msg, SOUP_STATUS_CREATED, "application/sdp", answer);
  }
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  g_free (h->location_prefix);
  g_free (h->log_name);
  g_free (h);
}

TribuneSessionReady
tribune_webrtc_http_hold (SoupServerMessage *msg, const gchar *location_prefix,
                          const gchar *log_name, gpointer *user_data)
{
  Held *h = g_new0 (Held, 1);

  h->msg = g_object_ref (msg);
  h->location_prefix = g_strdup (location_prefix);
  h->log_name = g_strdup (log_name);
  soup_server_message_pause (msg);
  *user_data = h;
  return on_ready;
}

GArray *
tribune_webrtc_http_read_candidates (SoupServerMessage *msg)
{
  g_autofree gchar *body = NULL;
  g_autoptr (GError) error = NULL;
  GArray *candidates;

  if (!content_type_is (msg, "application/trickle-ice-sdpfrag")) {
    tribune_http_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                        "PATCH takes Content-Type: application/trickle-ice-sdpfrag");
    return NULL;
  }
  body = tribune_http_body_text (msg);
  candidates = tribune_trickle_parse (body, &error);
  if (candidates == NULL)
    tribune_http_gerror (msg, error);
  return candidates;
}
