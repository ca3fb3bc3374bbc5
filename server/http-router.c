/* http-router.c — one entry point for every request: size limits, CORS preflight,
 * method checks, then the resource handler for the route.
 *
 * Bodies are limited before they are read: the early handler runs after the headers,
 * and a request that announces more than max_body_bytes, or would stream an unknown
 * length, is answered 413/411 without buffering its body.
 */
#include "resources.h"
#include "http-util.h"

#include <string.h>

/* Advice attachments (PDF) have their own, larger limit; everything else max_body_bytes. */
static gsize
body_limit (TribuneApp *app, const char *path)
{
  TribuneRoute route;
  gsize limit = app->config->max_body_bytes;

  if (tribune_route_parse (path, &route) && route.kind == TRIBUNE_ROUTE_API_ADVICE_ATTACHMENTS)
    limit = MAX (limit, (gsize) app->config->attachment_max_mb * 1024 * 1024);
  tribune_route_clear (&route);
  return limit;
}

static void
early_handler (SoupServer *server, SoupServerMessage *msg, const char *path,
               GHashTable *query, gpointer user_data)
{
  TribuneApp *app = user_data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (h);
  SoupEncoding encoding = soup_message_headers_get_encoding (h);

  if (encoding == SOUP_ENCODING_CHUNKED) {
    tribune_http_cors (msg);
    tribune_http_error (msg, SOUP_STATUS_LENGTH_REQUIRED,
                        "send a Content-Length; chunked bodies are not accepted");
    return;
  }
  /* The route is only parsed again for the rare body over the general limit. */
  if (length > (goffset) app->config->max_body_bytes && length > (goffset) body_limit (app, path)) {
    g_autofree gchar *text = g_strdup_printf ("the body is over %" G_GSIZE_FORMAT " bytes",
                                              body_limit (app, path));
    tribune_http_cors (msg);
    tribune_http_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, text);
    /* Close rather than read and discard a huge body. */
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");
  }
}

static gboolean
method_allowed (const gchar *method, const gchar *allowed)
{
  g_auto (GStrv) list = g_strsplit (allowed, ", ", -1);

  if (g_str_equal (method, "HEAD") && g_strv_contains ((const gchar *const *) list, "GET"))
    return TRUE;
  return g_strv_contains ((const gchar *const *) list, method);
}

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer user_data)
{
  TribuneApp *app = user_data;
  const gchar *method = soup_server_message_get_method (msg);
  TribuneRoute route;
  const gchar *allowed;

  if (!tribune_route_parse (path, &route)) {
    tribune_http_cors (msg);
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such page or resource");
    return;
  }
  allowed = tribune_route_allowed_methods (route.kind);
  if (g_str_equal (method, "OPTIONS")) {
    tribune_http_preflight (msg, allowed);
  } else if (!method_allowed (method, allowed)) {
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Allow", allowed);
    tribune_http_cors (msg);
    tribune_http_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method not allowed here");
  } else {
    switch (route.kind) {
      case TRIBUNE_ROUTE_WHEP:
      case TRIBUNE_ROUTE_WHEP_SESSION:
      case TRIBUNE_ROUTE_WHIP:
      case TRIBUNE_ROUTE_WHIP_SESSION:
        tribune_resource_webrtc (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_WHIP_JOIN:
      case TRIBUNE_ROUTE_WHIP_JOIN_SESSION:
      case TRIBUNE_ROUTE_WHEP_JOIN:
      case TRIBUNE_ROUTE_WHEP_JOIN_SESSION:
      case TRIBUNE_ROUTE_WHEP_HALL:
        tribune_resource_participant_media (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_HLS:
        tribune_resource_hls (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_API_COUNCILS:
      case TRIBUNE_ROUTE_API_MEETINGS:
      case TRIBUNE_ROUTE_API_MEETING:
        tribune_resource_meetings (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_API_AGENDA:
      case TRIBUNE_ROUTE_API_AGENDA_ITEM:
      case TRIBUNE_ROUTE_API_SEARCH:
        tribune_resource_agenda (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_API_MEETING_ACTION:
      case TRIBUNE_ROUTE_API_AGENDA_CURRENT:
        tribune_resource_chair (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_API_CHAPTER:
        tribune_resource_chapter (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_VOD:
        tribune_resource_vod (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_API_SESSION:
        tribune_http_cors (msg);
        tribune_resource_session (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_API_ROOM_EVENTS:
        tribune_resource_events (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_API_QUESTIONS:
      case TRIBUNE_ROUTE_API_QUESTION:
      case TRIBUNE_ROUTE_API_QUESTION_VOTES:
      case TRIBUNE_ROUTE_API_QUESTION_SCREEN:
        tribune_resource_questions (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_API_MODERATION:
      case TRIBUNE_ROUTE_API_MODERATION_EVENTS:
        tribune_resource_moderation (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_API_USERS:
      case TRIBUNE_ROUTE_API_USER:
        tribune_resource_users (app, msg, &route);
        break;
      case TRIBUNE_ROUTE_API_INVITES:
      case TRIBUNE_ROUTE_API_PARTICIPANTS:
      case TRIBUNE_ROUTE_API_PARTICIPANT:
      case TRIBUNE_ROUTE_API_LAYOUT:
      case TRIBUNE_ROUTE_API_JOIN:
        tribune_resource_participants (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_API_SPEAKERS:
      case TRIBUNE_ROUTE_API_SPEAKER:
      case TRIBUNE_ROUTE_API_SPEAKER_SELF:
        tribune_resource_speakers (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_API_ADVICES:
      case TRIBUNE_ROUTE_API_ADVICE:
      case TRIBUNE_ROUTE_API_ADVICE_EVENTS:
        tribune_resource_advices (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_API_ADVICE_ATTACHMENTS:
      case TRIBUNE_ROUTE_API_ADVICE_ATTACHMENT:
        tribune_resource_advice_attachments (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_API_ADVICES_JSON:
      case TRIBUNE_ROUTE_API_EXPORT_ORI:
      case TRIBUNE_ROUTE_ADVICE_FEED:
        tribune_resource_advice_feeds (app, msg, &route, query);
        break;
      case TRIBUNE_ROUTE_HEALTHZ:
      case TRIBUNE_ROUTE_METRICS:
      case TRIBUNE_ROUTE_API_ROOMS:
      case TRIBUNE_ROUTE_API_ROOM:
        tribune_resource_status (app, msg, &route);
        break;
      default:
        tribune_resource_static (app, msg, &route);
        break;
    }
  }
  tribune_route_clear (&route);
}

void
tribune_http_router_attach (TribuneApp *app)
{
  soup_server_add_early_handler (app->server, NULL, early_handler, app, NULL);
  soup_server_add_handler (app->server, NULL, handler, app, NULL);
}
