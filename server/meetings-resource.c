/* meetings-resource.c — /api/councils and /api/meetings[/{id}].
 *
 * Reading is public (residents follow meetings and the archive without an account).
 * Writing is the secretary's: the admin role. Errors are JSON with 400/401/403/404/409.
 */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "meeting-runtime.h"
#include "store-meetings.h"

static const gchar *const admins[] = { "admin", NULL };

static void
councils (TribuneApp *app, SoupServerMessage *msg, const gchar *method)
{
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *o;
  gint term = 0;

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD")) {
    tribune_http_json_or_error (msg, SOUP_STATUS_OK, tribune_store_councils_list (app->store),
                                NULL);
    return;
  }
  if ((user = tribune_auth_require (app, msg, admins)) == NULL ||
      (body = tribune_http_body_json_object (msg)) == NULL)
    return;
  o = json_node_get_object (body);
  /* The municipality's answer term for this council's advices (docs/advices.md). */
  if (json_object_has_member (o, "advice_term_days")) {
    JsonNode *n = json_object_get_member (o, "advice_term_days");

    if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
        json_node_get_int (n) < 1 || json_node_get_int (n) > 365) {
      tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST,
                          "advice_term_days: the municipality's answer term, 1 to 365 days");
      return;
    }
    term = (gint) json_node_get_int (n);
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_CREATED,
              tribune_store_council_add (app->store, tribune_json_string_member (o, "slug"),
                                         tribune_json_string_member (o, "name"), term, &error),
              &error);
}

/* A JSON member that may be a number or a string ("council": 3 or "feijenoord"). */
static gchar *
id_or_slug (JsonObject *o, const gchar *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return NULL;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (n));
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (n));
  return NULL;
}

static void
meetings (TribuneApp *app, SoupServerMessage *msg, const gchar *method, GHashTable *query)
{
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *council = NULL;
  const gchar *room;
  gint64 council_id = 0;
  JsonObject *o;

  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD")) {
    const gchar *filter = query ? g_hash_table_lookup (query, "council") : NULL;

    if (filter && (council_id = tribune_store_council_find (app->store, filter)) == 0) {
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such council");
      return;
    }
    tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                tribune_store_meetings_list (app->store, council_id,
                    query ? g_hash_table_lookup (query, "from") : NULL,
                    query ? g_hash_table_lookup (query, "to") : NULL, &error), &error);
    return;
  }
  if ((user = tribune_auth_require (app, msg, admins)) == NULL ||
      (body = tribune_http_body_json_object (msg)) == NULL)
    return;
  o = json_node_get_object (body);
  council = id_or_slug (o, "council");
  room = tribune_json_string_member (o, "room");
  if (council == NULL || (council_id = tribune_store_council_find (app->store, council)) == 0) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "council must name an existing council");
    return;
  }
  if (room && tribune_app_find_room (app, room) == NULL) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "room must be one of the rooms in "
                        "GET /api/rooms");
    return;
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_CREATED,
              tribune_store_meeting_add (app->store, council_id,
                                         tribune_json_string_member (o, "title"), room,
                                         tribune_json_string_member (o, "starts_at"), &error),
              &error);
}

static void
meeting (TribuneApp *app, SoupServerMessage *msg, const gchar *method, const gchar *id_text)
{
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  guint64 id = 0;
  const gchar *room;
  JsonObject *o;

  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting");
    return;
  }
  if (g_str_equal (method, "GET") || g_str_equal (method, "HEAD")) {
    tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                                tribune_store_meeting_get (app->store, (gint64) id,
                                                                &error), &error);
    return;
  }
  if ((user = tribune_auth_require (app, msg, admins)) == NULL)
    return;
  if (g_str_equal (method, "DELETE")) {
    if (tribune_store_meeting_delete (app->store, (gint64) id, &error))
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    else
      tribune_http_gerror (msg, error);
    return;
  }
  if ((body = tribune_http_body_json_object (msg)) == NULL)
    return;
  o = json_node_get_object (body);
  room = tribune_json_string_member (o, "room");
  if (room && tribune_app_find_room (app, room) == NULL) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "room must be one of the rooms in "
                        "GET /api/rooms");
    return;
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_OK,
              tribune_store_meeting_update (app->store, (gint64) id,
                                            tribune_json_string_member (o, "title"), room,
                                            tribune_json_string_member (o, "starts_at"),
                                            &error), &error);
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_server_message_get_status (msg)))
    tribune_meeting_runtime_changed (app, (gint64) id);   /* a live title shows at once */
}

void
tribune_resource_meetings (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route,
                           GHashTable *query)
{
  const gchar *method = soup_server_message_get_method (msg);

  tribune_http_cors (msg);
  switch (route->kind) {
    case TRIBUNE_ROUTE_API_COUNCILS:
      councils (app, msg, method);
      break;
    case TRIBUNE_ROUTE_API_MEETINGS:
      meetings (app, msg, method, query);
      break;
    default:
      meeting (app, msg, method, route->file);
      break;
  }
}
