/* participant-media.c — a remote participant's media sessions (docs/hybrid.md):
 *   POST /whip/join/{meeting}   their camera and microphone into the program (WHIP)
 *   POST /whep/join/{meeting}   the program's picture with their mix-minus sound (WHEP)
 *   PATCH, DELETE on the session URLs the 201s give
 * and the hall's return feed, POST /whep/{room}/hall (the remote voices only), with the
 * room's ingest key.
 *
 * The invite token is the bearer token (RFC 9725 §4.1). A removed participant gets 403,
 * an unknown or expired link 401, an ended meeting 409. What the room does is in
 * room.h; this file only checks who may and hands over.
 */
#include "resources.h"
#include "http-util.h"
#include "store-meetings.h"
#include "store-participants.h"
#include "tribune-error.h"
#include "webrtc-http.h"

TribuneParticipant *
tribune_participant_from_request (TribuneApp *app, SoupServerMessage *msg,
                                  gint64 meeting_id, const gchar *query_token)
{
  const gchar *auth = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "Authorization");
  const gchar *token = query_token;
  g_autoptr (GError) error = NULL;
  TribuneParticipant *p;

  if (auth && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    token = auth + 7;
  p = tribune_store_participant_by_token (app->store, meeting_id, token, &error);
  if (p == NULL) {
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"tribune\"");
    tribune_http_gerror (msg, error);
    return NULL;
  }
  if (p->removed) {
    tribune_http_error (msg, SOUP_STATUS_FORBIDDEN,
                        "the chair has removed you from this meeting");
    tribune_participant_free (p);
    return NULL;
  }
  return p;
}

/* The room the meeting runs in, or NULL after responding (404, 409). */
static TribuneRoom *
meeting_room (TribuneApp *app, SoupServerMessage *msg, gint64 meeting_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) meeting = tribune_store_meeting_get_light (app->store, meeting_id,
                                                                  &error);
  JsonObject *o;
  TribuneRoom *room;

  if (meeting == NULL) {
    tribune_http_gerror (msg, error);
    return NULL;
  }
  o = json_node_get_object (meeting);
  if (g_strcmp0 (json_object_get_string_member (o, "status"), "ended") == 0) {
    tribune_http_error (msg, SOUP_STATUS_CONFLICT, "this meeting has ended");
    return NULL;
  }
  room = tribune_app_find_room (app, json_object_get_string_member (o, "room"));
  if (room == NULL)
    tribune_http_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                        "this meeting's room is not configured on this server");
  return room;
}

static void
join (TribuneApp *app, SoupServerMessage *msg, gint64 meeting_id, gboolean send)
{
  g_autoptr (TribuneParticipant) p = NULL;
  g_autofree gchar *offer = NULL, *key = NULL, *prefix = NULL, *log_name = NULL;
  TribuneOfferPlan plan;
  TribuneSessionReady ready;
  gpointer ready_data;
  TribuneRoom *room;

  if ((p = tribune_participant_from_request (app, msg, meeting_id, NULL)) == NULL ||
      (room = meeting_room (app, msg, meeting_id)) == NULL)
    return;
  offer = tribune_webrtc_http_read_offer (msg, send ? tribune_offer_plan_for_ingest
                                                    : tribune_offer_plan_for_playback,
                                          &plan);
  if (offer == NULL)
    return;
  key = g_strdup_printf ("%" G_GINT64_FORMAT, p->id);
  prefix = g_strdup_printf ("/%s/join/%" G_GINT64_FORMAT, send ? "whip" : "whep", meeting_id);
  log_name = g_strdup_printf ("meeting %" G_GINT64_FORMAT ": participant %s %s", meeting_id,
                              key, send ? "sending" : "receiving");
  ready = tribune_webrtc_http_hold (msg, prefix, log_name, &ready_data);
  if (send)
    tribune_room_participant_send (room, key, p->name, &plan, offer, ready, ready_data);
  else
    tribune_room_participant_receive (room, key, p->name, &plan, offer, ready, ready_data);
  tribune_offer_plan_clear (&plan);
}

static void
session (TribuneApp *app, SoupServerMessage *msg, gint64 meeting_id, const gchar *session_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) meeting = tribune_store_meeting_get_light (app->store, meeting_id,
                                                                  &error);
  TribuneRoom *room = meeting ? tribune_app_find_room (app, json_object_get_string_member (
                                    json_node_get_object (meeting), "room"))
                              : NULL;

  /* Like WHIP: knowing the (unguessable) session URL is the authorization. */
  if (room == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such session");
    return;
  }
  if (g_str_equal (soup_server_message_get_method (msg), "DELETE")) {
    if (tribune_room_participant_end_session (room, NULL, session_id))
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    else
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such session");
    return;
  }
  {
    g_autoptr (GArray) candidates = tribune_webrtc_http_read_candidates (msg);

    if (candidates == NULL)
      return;
    if (!tribune_room_participant_trickle (room, NULL, session_id, candidates)) {
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such session");
      return;
    }
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  }
}

static void
hall_return (TribuneApp *app, SoupServerMessage *msg, const gchar *room_id)
{
  TribuneRoom *room = tribune_app_find_room (app, room_id);
  const TribuneRoomConfig *rc;
  g_autofree gchar *offer = NULL, *prefix = NULL, *log_name = NULL;
  TribuneOfferPlan plan;
  TribuneSessionReady ready;
  gpointer ready_data;

  if (room == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such room");
    return;
  }
  rc = tribune_room_get_config (room);
  /* The hall's own key: the remote voices are not for the public stream. */
  if (rc->ingest_key == NULL || !tribune_http_bearer_matches (msg, rc->ingest_key)) {
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"tribune\"");
    tribune_http_error (msg, SOUP_STATUS_UNAUTHORIZED,
                        "the hall's return feed needs the room's ingest key "
                        "(Authorization: Bearer <key>)");
    return;
  }
  offer = tribune_webrtc_http_read_offer (msg, tribune_offer_plan_for_playback, &plan);
  if (offer == NULL)
    return;
  /* Sessions end through the ordinary viewer URL. */
  prefix = g_strdup_printf ("/whep/%s", rc->id);
  log_name = g_strdup_printf ("whep %s hall return", rc->id);
  ready = tribune_webrtc_http_hold (msg, prefix, log_name, &ready_data);
  tribune_room_listen_hall (room, &plan, offer, ready, ready_data);
  tribune_offer_plan_clear (&plan);
}

void
tribune_resource_participant_media (TribuneApp *app, SoupServerMessage *msg,
                                    const TribuneRoute *route)
{
  guint64 meeting = 0;

  tribune_http_cors (msg);
  if (route->kind == TRIBUNE_ROUTE_WHEP_HALL) {
    hall_return (app, msg, route->room);
    return;
  }
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &meeting, NULL)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting");
    return;
  }
  switch (route->kind) {
    case TRIBUNE_ROUTE_WHIP_JOIN:
      join (app, msg, (gint64) meeting, TRUE);
      break;
    case TRIBUNE_ROUTE_WHEP_JOIN:
      join (app, msg, (gint64) meeting, FALSE);
      break;
    default:
      session (app, msg, (gint64) meeting, route->session);
      break;
  }
}
