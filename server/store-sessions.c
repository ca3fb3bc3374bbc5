/* store-sessions.c — see store-sessions.h. */
#include "store-sessions.h"
#include "tribune-error.h"

#include <sodium.h>
#include <string.h>

static gchar *
token_hash (const gchar *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

gchar *
tribune_store_session_create (TribuneStore *store, gint64 user_id, GError **error)
{
  guchar raw[32];
  gchar *token = g_malloc (sizeof raw * 2 + 1);
  g_autofree gchar *hash = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sodium_init () < 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "libsodium failed to start");
    g_free (token);
    return NULL;
  }
  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex (token, sizeof raw * 2 + 1, raw, sizeof raw);
  hash = token_hash (token);
  sqlite3_prepare_v2 (tribune_store_db (store),
                      "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES "
                      "(?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?))", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_text (stmt, 3, "+" G_STRINGIFY (TRIBUNE_SESSION_DAYS) " days", -1,
                     SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "database: %s",
                 sqlite3_errmsg (tribune_store_db (store)));
    g_free (token);
    return NULL;
  }
  return token;
}

TribuneUser *
tribune_store_session_user (TribuneStore *store, const gchar *token)
{
  g_autofree gchar *hash = NULL;
  sqlite3_stmt *stmt = NULL;
  TribuneUser *user = NULL;

  if (token == NULL || strlen (token) != 64)
    return NULL;
  hash = token_hash (token);
  sqlite3_prepare_v2 (tribune_store_db (store),
                      "SELECT u.id, u.username, u.role FROM sessions s JOIN users u "
                      "ON u.id = s.user_id WHERE s.token_hash = ? AND "
                      "s.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW) {
    user = g_new0 (TribuneUser, 1);
    user->id = sqlite3_column_int64 (stmt, 0);
    user->username = g_strdup ((const gchar *) sqlite3_column_text (stmt, 1));
    user->role = g_strdup ((const gchar *) sqlite3_column_text (stmt, 2));
  }
  sqlite3_finalize (stmt);
  return user;
}

gboolean
tribune_store_session_delete (TribuneStore *store, const gchar *token)
{
  g_autofree gchar *hash = NULL;
  sqlite3_stmt *stmt = NULL;

  if (token == NULL)
    return FALSE;
  hash = token_hash (token);
  sqlite3_prepare_v2 (tribune_store_db (store), "DELETE FROM sessions WHERE token_hash = ?",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return sqlite3_changes (tribune_store_db (store)) > 0;
}
