/* moderation-resource.c — the moderation side of a meeting's questions:
 *   GET /api/meetings/{id}/moderation         the public log (who did what, never a
 *                                             resident's name or text)
 *   GET /api/meetings/{id}/moderation/events  Server-Sent Events for the chair's queue
 *                                             (chair, admin, member): "hello" first, then
 *                                             "question" with the full question on every
 *                                             change, new pending ones included. */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "store-questions.h"

static const gchar *const moderators[] = { "chair", "admin", "member", NULL };

void
tribune_resource_moderation (TribuneApp *app, SoupServerMessage *msg,
                             const TribuneRoute *route)
{
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) log = NULL;
  g_autofree gchar *key = NULL;
  guint64 id = 0;

  tribune_http_cors (msg);
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting");
    return;
  }
  log = tribune_store_moderation_log (app->store, (gint64) id, &error);
  if (log == NULL) {
    tribune_http_gerror (msg, error);
    return;
  }
  if (route->kind == TRIBUNE_ROUTE_API_MODERATION) {
    tribune_http_json (msg, SOUP_STATUS_OK, log);
    return;
  }
  if ((user = tribune_auth_require (app, msg, moderators)) == NULL)
    return;
  if (g_str_equal (soup_server_message_get_method (msg), "HEAD")) {
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                           "text/event-stream", NULL);
    return;
  }
  key = g_strdup_printf ("moderation/%" G_GUINT64_FORMAT, id);
  if (!tribune_event_hub_subscribe (app->events, key, msg, "hello", "{}")) {
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", "30");
    tribune_http_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                        "too many pages follow this meeting; try again in a minute");
  }
}
