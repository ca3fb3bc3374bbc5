/* auth.h — who is making this request: the user behind an `Authorization: Bearer TOKEN`
 * header or a `tribune_session` cookie, or nobody (a resident). Main thread. */
#pragma once

#include "app.h"
#include "store-users.h"

G_BEGIN_DECLS

#define TRIBUNE_SESSION_COOKIE "tribune_session"

/* The session token the request carries, or NULL. (transfer full) */
gchar *tribune_auth_token (SoupServerMessage *msg);
/* The logged-in user, or NULL. (transfer full) */
TribuneUser *tribune_auth_user (TribuneApp *app, SoupServerMessage *msg);

/* The logged-in user if their role is one of @roles (NULL-terminated). Otherwise replies
 * 401 (not logged in) or 403 (wrong role) and returns NULL. (transfer full) */
TribuneUser *tribune_auth_require (TribuneApp *app, SoupServerMessage *msg,
                                   const gchar *const *roles);

G_END_DECLS
