/* users-resource.c — accounts, for the secretary (admin only):
 *
 *   GET    /api/users        → {"users": [{id, username, role, created_at}]}
 *   POST   /api/users        {username, role, password?} → 201 {id, username, role,
 *                            password?}; without a password one is generated and returned
 *                            this once (it is stored only as a hash)
 *   DELETE /api/users/{id}   → 204; 409 for the last admin
 *
 * Passwords never reach the log; the log line names the account and who made it. */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "store-users.h"

#include <sodium.h>
#include <string.h>

static const gchar *const admins[] = { "admin", NULL };

static void
add_user (TribuneApp *app, SoupServerMessage *msg, const TribuneUser *by)
{
  g_autoptr (JsonNode) root = tribune_http_body_json_object (msg);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) reply = NULL;
  g_autofree gchar *generated = NULL;
  JsonObject *o;
  const gchar *username, *role, *password;
  gint64 id;

  if (root == NULL)
    return;
  o = json_node_get_object (root);
  username = tribune_json_string_member (o, "username");
  role = tribune_json_string_member (o, "role");
  password = tribune_json_string_member (o, "password");
  if (json_object_has_member (o, "password") && password == NULL &&
      !json_object_get_null_member (o, "password")) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "password must be a string");
    return;
  }
  if (password == NULL || *password == '\0')
    password = generated = tribune_password_generate ();
  id = tribune_store_user_add (app->store, username, password, role, &error);
  if (id == 0) {
    tribune_http_gerror (msg, error);
    return;
  }
  g_message ("account %" G_GINT64_FORMAT " (%s) made by user %" G_GINT64_FORMAT, id, role,
             by->id);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, role);
  if (generated) {
    json_builder_set_member_name (b, "password");
    json_builder_add_string_value (b, generated);
  }
  json_builder_end_object (b);
  reply = json_builder_get_root (b);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  tribune_http_json (msg, SOUP_STATUS_CREATED, reply);
  if (generated)
    sodium_memzero (generated, strlen (generated));
}

void
tribune_resource_users (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  const gchar *method = soup_server_message_get_method (msg);
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (GError) error = NULL;
  guint64 id = 0;

  tribune_http_cors (msg);
  if ((user = tribune_auth_require (app, msg, admins)) == NULL)
    return;
  if (route->kind == TRIBUNE_ROUTE_API_USERS) {
    if (g_str_equal (method, "POST")) {
      add_user (app, msg, user);
    } else {
      g_autoptr (JsonNode) list = tribune_store_users_list (app->store);
      tribune_http_json (msg, SOUP_STATUS_OK, list);
    }
    return;
  }
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such user");
    return;
  }
  if (!tribune_store_user_delete (app->store, (gint64) id, &error)) {
    tribune_http_gerror (msg, error);
    return;
  }
  g_message ("account %" G_GUINT64_FORMAT " deleted by user %" G_GINT64_FORMAT, id, user->id);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}
