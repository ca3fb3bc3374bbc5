/* store-sessions.h — login sessions: opaque bearer tokens for the API and pages.
 *
 * A token is 32 random bytes, given to the client once (hex); the database keeps only
 * its SHA-256, so a copy of tribune.db does not let anyone log in. Sessions last 30 days
 * and end on logout. Main thread.
 */
#pragma once

#include "store-users.h"

G_BEGIN_DECLS

#define TRIBUNE_SESSION_DAYS 30

/* Returns the token (transfer full), or NULL with an error. */
gchar *tribune_store_session_create (TribuneStore *store, gint64 user_id, GError **error);
/* The user a valid, unexpired token belongs to, or NULL. */
TribuneUser *tribune_store_session_user (TribuneStore *store, const gchar *token);
/* Ends the session; FALSE if the token was unknown. */
gboolean tribune_store_session_delete (TribuneStore *store, const gchar *token);

G_END_DECLS
