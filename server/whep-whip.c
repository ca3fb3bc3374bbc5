/* whep-whip.c — WHEP playback (POST /whep/{room}) and WHIP ingest (POST /whip/{room}).
 *
 * Both are the same exchange (RFC 9725 for WHIP; WHEP follows it): POST an SDP offer,
 * get 201 Created, a Location for the session and the SDP answer. DELETE on the Location
 * ends the session; PATCH with application/trickle-ice-sdpfrag adds remote candidates.
 * The differences (who may call, what the offer must contain, what the room does) are
 * in the Endpoint table below.
 *
 * The POST is paused while webrtcbin answers (a few ms to ICE gathering complete) and
 * unpaused from the room's callback on the main context.
 */
#include "resources.h"
#include "http-util.h"
#include "sdp-offer.h"
#include "tribune-error.h"
#include "webrtc-http.h"

typedef struct {
  const gchar *prefix;      /* "whep" or "whip" */
  gboolean needs_key;
  gboolean (*plan) (const gchar *sdp, TribuneOfferPlan *plan, GError **error);
  void (*start) (TribuneRoom *room, const TribuneOfferPlan *plan, const gchar *offer,
                 TribuneSessionReady ready, gpointer user_data);
  gboolean (*end) (TribuneRoom *room, const gchar *session_id);
  gboolean (*trickle) (TribuneRoom *room, const gchar *session_id, GArray *candidates);
} Endpoint;

static const Endpoint whep = {
  "whep", FALSE, tribune_offer_plan_for_playback, tribune_room_add_viewer,
  tribune_room_remove_viewer, tribune_room_trickle_viewer,
};

static const Endpoint whip = {
  "whip", TRUE, tribune_offer_plan_for_ingest, tribune_room_publish,
  tribune_room_unpublish, tribune_room_trickle_publisher,
};

static void
handle_post (TribuneApp *app, SoupServerMessage *msg, const Endpoint *ep, TribuneRoom *room)
{
  const TribuneRoomConfig *rc = tribune_room_get_config (room);
  g_autofree gchar *offer = NULL;
  g_autofree gchar *prefix = NULL;
  g_autofree gchar *log_name = NULL;
  TribuneOfferPlan plan;
  TribuneSessionReady ready;
  gpointer ready_data;

  if (ep->needs_key) {
    if (rc->ingest_key == NULL) {
      tribune_http_error (msg, SOUP_STATUS_FORBIDDEN,
                          "this room does not accept WHIP publishing (no ingest_key set)");
      return;
    }
    if (!tribune_http_bearer_matches (msg, rc->ingest_key)) {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"tribune\"");
      tribune_http_error (msg, SOUP_STATUS_UNAUTHORIZED,
                          "missing or wrong ingest key (Authorization: Bearer <key>)");
      return;
    }
  }
  offer = tribune_webrtc_http_read_offer (msg, ep->plan, &plan);
  if (offer == NULL)
    return;
  prefix = g_strdup_printf ("/%s/%s", ep->prefix, rc->id);
  log_name = g_strdup_printf ("%s %s", ep->prefix, rc->id);
  ready = tribune_webrtc_http_hold (msg, prefix, log_name, &ready_data);
  ep->start (room, &plan, offer, ready, ready_data);
  tribune_offer_plan_clear (&plan);
}

static void
handle_patch (SoupServerMessage *msg, const Endpoint *ep, TribuneRoom *room,
              const gchar *session)
{
  g_autoptr (GArray) candidates = tribune_webrtc_http_read_candidates (msg);

  if (candidates == NULL)
    return;
  if (!ep->trickle (room, session, candidates)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such session");
    return;
  }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
tribune_resource_webrtc (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  gboolean is_whip = route->kind == TRIBUNE_ROUTE_WHIP ||
                     route->kind == TRIBUNE_ROUTE_WHIP_SESSION;
  const Endpoint *ep = is_whip ? &whip : &whep;
  const gchar *method = soup_server_message_get_method (msg);
  TribuneRoom *room = tribune_app_find_room (app, route->room);

  tribune_http_cors (msg);
  if (room == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such room");
    return;
  }
  if (route->session == NULL) {
    handle_post (app, msg, ep, room);
    return;
  }
  /* Session URLs are unguessable (128 random bits); like the WHIP RFC, knowing the URL
   * is the authorization to end or patch the session. */
  if (g_str_equal (method, "DELETE")) {
    if (ep->end (room, route->session))
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    else
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such session");
  } else {
    handle_patch (msg, ep, room, route->session);
  }
}
