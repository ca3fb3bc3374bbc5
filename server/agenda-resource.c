/* agenda-resource.c — /api/meetings/{id}/agenda[/{item}] and /api/search.
 *
 * Reading and searching are public; the agenda is written by the secretary (admin) until
 * the meeting ends (then 409). */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "meeting-runtime.h"
#include "store-agenda.h"

static const gchar *const admins[] = { "admin", NULL };

static gint64
parse_id (const gchar *text)
{
  guint64 id = 0;

  return text && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL) ? (gint64) id : 0;
}

static gint64
int_member (JsonObject *o, const gchar *name, gboolean *bad)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    return 0;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64) {
    *bad = TRUE;
    return 0;
  }
  return json_node_get_int (n);
}

static void
agenda (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route, const gchar *method)
{
  gint64 meeting = parse_id (route->file);
  gint64 item = route->item ? parse_id (route->item) : 0;
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  gboolean bad = FALSE;
  gint64 position;
  JsonObject *o;

  if (meeting == 0 || (route->item && item == 0)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting or agenda item");
    return;
  }
  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD")) {
    if (route->item)
      tribune_http_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "read the whole agenda");
    else
      tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                                  tribune_store_agenda_list (app->store, meeting, &error),
             &error);
    return;
  }
  if ((user = tribune_auth_require (app, msg, admins)) == NULL)
    return;
  if (g_str_equal (method, "DELETE")) {
    if (tribune_store_agenda_delete (app->store, meeting, item, &error))
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    else
      tribune_http_gerror (msg, error);
    return;
  }
  if ((body = tribune_http_body_json_object (msg)) == NULL)
    return;
  o = json_node_get_object (body);
  position = int_member (o, "position", &bad);
  if (bad) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "position is a whole number from 1");
    return;
  }
  if (g_str_equal (method, "POST"))
    tribune_http_json_or_error (msg, SOUP_STATUS_CREATED,
           tribune_store_agenda_add (app->store, meeting, tribune_json_string_member (o, "title"),
                                     tribune_json_string_member (o, "description"),
                                     tribune_json_string_member (o, "kind"), &error), &error);
  else
    tribune_http_json_or_error (msg, SOUP_STATUS_OK,
           tribune_store_agenda_update (app->store, meeting, item,
                                        tribune_json_string_member (o, "title"),
                                        tribune_json_string_member (o, "description"),
                                        tribune_json_string_member (o, "kind"), position,
                                        &error), &error);
}

void
tribune_resource_agenda (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route,
                         GHashTable *query)
{
  g_autoptr (GError) error = NULL;
  const gchar *method = soup_server_message_get_method (msg);
  guint64 meeting = 0;

  tribune_http_cors (msg);
  if (route->kind == TRIBUNE_ROUTE_API_SEARCH) {
    tribune_http_json_or_error (msg, SOUP_STATUS_OK,
           tribune_store_search (app->store, query ? g_hash_table_lookup (query, "q") : NULL,
                                 &error), &error);
    return;
  }
  agenda (app, msg, route, method);
  /* An agenda edited during the meeting: the pages and the lower third follow. */
  if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD") &&
      SOUP_STATUS_IS_SUCCESSFUL (soup_server_message_get_status (msg)) &&
      g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &meeting, NULL))
    tribune_meeting_runtime_changed (app, (gint64) meeting);
}
