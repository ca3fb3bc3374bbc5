/* session-resource.c — log in and out: /api/session.
 *
 *   POST   {"username": …, "password": …} → 201 {"token": …, "user": {…}} and an HttpOnly,
 *          SameSite=Strict cookie for the pages; 401 for a wrong name or password.
 *   GET    → 200 {"user": {…}} for the caller's session, 401 without one.
 *   DELETE → 204; the token stops working at once.
 */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "store-sessions.h"

static void
reply_user (SoupServerMessage *msg, guint status, const TribuneUser *user, const gchar *token)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (b);
  if (token) {
    json_builder_set_member_name (b, "token");
    json_builder_add_string_value (b, token);
  }
  json_builder_set_member_name (b, "user");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, user->id);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, user->username);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, user->role);
  json_builder_end_object (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  tribune_http_json (msg, status, node);
}

static void
log_in (TribuneApp *app, SoupServerMessage *msg)
{
  g_autoptr (JsonNode) root = tribune_http_body_json_object (msg);
  g_autoptr (GError) error = NULL;
  g_autoptr (TribuneUser) user = NULL;
  g_autofree gchar *token = NULL;
  g_autofree gchar *cookie = NULL;
  const gchar *username, *password;

  if (root == NULL)
    return;
  username = tribune_json_string_member (json_node_get_object (root), "username");
  password = tribune_json_string_member (json_node_get_object (root), "password");
  if (username == NULL || password == NULL) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST,
                        "username and password must both be strings");
    return;
  }
  user = tribune_store_user_check (app->store, username, password, &error);
  if (user == NULL) {
    tribune_http_gerror (msg, error);
    return;
  }
  token = tribune_store_session_create (app->store, user->id, &error);
  if (token == NULL) {
    tribune_http_gerror (msg, error);
    return;
  }
  cookie = g_strdup_printf ("%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                            TRIBUNE_SESSION_COOKIE, token, TRIBUNE_SESSION_DAYS * 86400);
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               cookie);
  reply_user (msg, SOUP_STATUS_CREATED, user, token);
}

void
tribune_resource_session (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  const gchar *method = soup_server_message_get_method (msg);
  g_autofree gchar *token = NULL;
  g_autoptr (TribuneUser) user = NULL;

  if (g_str_equal (method, "POST")) {
    log_in (app, msg);
    return;
  }
  token = tribune_auth_token (msg);
  if (g_str_equal (method, "DELETE")) {
    g_autofree gchar *expired = g_strdup_printf ("%s=; Path=/; HttpOnly; SameSite=Strict; "
                                                 "Max-Age=0", TRIBUNE_SESSION_COOKIE);
    if (token == NULL || !tribune_store_session_delete (app->store, token)) {
      tribune_http_error (msg, SOUP_STATUS_UNAUTHORIZED, "not logged in");
      return;
    }
    soup_message_headers_append (soup_server_message_get_response_headers (msg),
                                 "Set-Cookie", expired);
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    return;
  }
  user = token ? tribune_store_session_user (app->store, token) : NULL;
  if (user == NULL) {
    tribune_http_error (msg, SOUP_STATUS_UNAUTHORIZED, "not logged in");
    return;
  }
  reply_user (msg, SOUP_STATUS_OK, user, NULL);
}
