/* auth.c — see auth.h. */
#include "auth.h"
#include "http-util.h"
#include "store-sessions.h"

#include <string.h>

gchar *
tribune_auth_token (SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  const gchar *auth = soup_message_headers_get_one (h, "Authorization");
  const gchar *cookie_header = soup_message_headers_get_list (h, "Cookie");

  if (auth && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    return g_strdup (auth + 7);
  if (cookie_header) {
    g_auto (GStrv) cookies = g_strsplit (cookie_header, ";", -1);
    for (guint i = 0; cookies[i]; i++) {
      gchar *c = g_strstrip (cookies[i]);
      if (g_str_has_prefix (c, TRIBUNE_SESSION_COOKIE "="))
        return g_strdup (c + strlen (TRIBUNE_SESSION_COOKIE "="));
    }
  }
  return NULL;
}

TribuneUser *
tribune_auth_user (TribuneApp *app, SoupServerMessage *msg)
{
  g_autofree gchar *token = tribune_auth_token (msg);

  return token ? tribune_store_session_user (app->store, token) : NULL;
}

TribuneUser *
tribune_auth_require (TribuneApp *app, SoupServerMessage *msg, const gchar *const *roles)
{
  g_autoptr (TribuneUser) user = tribune_auth_user (app, msg);

  if (user == NULL) {
    tribune_http_error (msg, SOUP_STATUS_UNAUTHORIZED,
                        "log in first (POST /api/session) and send the token");
    return NULL;
  }
  if (!g_strv_contains (roles, user->role)) {
    g_autofree gchar *allowed = g_strjoinv (" or ", (gchar **) roles);
    g_autofree gchar *text = g_strdup_printf ("this needs the role %s", allowed);
    tribune_http_error (msg, SOUP_STATUS_FORBIDDEN, text);
    return NULL;
  }
  return g_steal_pointer (&user);
}
