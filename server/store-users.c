/* store-users.c — see store-users.h. */
#include "store-users.h"
#include "store-rows.h"
#include "tribune-error.h"

#include <sodium.h>
#include <string.h>

#define MAX_PASSWORD 256

static const char *const roles[] = { "admin", "chair", "member", "archivist", NULL };

void
tribune_user_free (TribuneUser *user)
{
  if (user == NULL)
    return;
  g_free (user->username);
  g_free (user->role);
  g_free (user);
}

gboolean
tribune_role_is_valid (const gchar *role)
{
  return role != NULL && g_strv_contains (roles, role);
}

static gboolean
sodium_ready (GError **error)
{
  if (sodium_init () < 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "libsodium failed to start");
    return FALSE;
  }
  return TRUE;
}

gint64
tribune_store_user_add (TribuneStore *store, const gchar *username, const gchar *password,
                        const gchar *role, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;
  int rc;

  if (username == NULL || *username == '\0' || strlen (username) > 64 ||
      !g_utf8_validate (username, -1, NULL)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "a user name has 1 to 64 characters");
    return 0;
  }
  if (!tribune_role_is_valid (role)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "role must be admin, chair, member or archivist");
    return 0;
  }
  if (password == NULL || strlen (password) < 8 || strlen (password) > MAX_PASSWORD) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "a password has 8 to %d characters", MAX_PASSWORD);
    return 0;
  }
  if (!sodium_ready (error))
    return 0;
  if (crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE,
                 "not enough memory to hash the password");
    return 0;
  }
  sqlite3_prepare_v2 (tribune_store_db (store),
                      "INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, role, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (tribune_store_db (store));
  else if (sqlite3_extended_errcode (tribune_store_db (store)) == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "the user name '%s' is taken", username);
  else
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "database: %s",
                 sqlite3_errmsg (tribune_store_db (store)));
  sqlite3_finalize (stmt);
  sodium_memzero (hash, sizeof hash);
  return id;
}

TribuneUser *
tribune_store_user_check (TribuneStore *store, const gchar *username, const gchar *password,
                          GError **error)
{
  sqlite3_stmt *stmt = NULL;
  TribuneUser *user = NULL;

  if (!sodium_ready (error))
    return NULL;
  sqlite3_prepare_v2 (tribune_store_db (store),
                      "SELECT id, username, role, password_hash FROM users WHERE username = ?",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, username ? username : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && password != NULL &&
      strlen (password) <= MAX_PASSWORD &&
      crypto_pwhash_str_verify ((const char *) sqlite3_column_text (stmt, 3), password,
                                strlen (password)) == 0) {
    user = g_new0 (TribuneUser, 1);
    user->id = sqlite3_column_int64 (stmt, 0);
    user->username = g_strdup ((const gchar *) sqlite3_column_text (stmt, 1));
    user->role = g_strdup ((const gchar *) sqlite3_column_text (stmt, 2));
  }
  sqlite3_finalize (stmt);
  if (user == NULL)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAUTHORIZED,
                 "wrong user name or password");
  return user;
}

gchar *
tribune_password_generate (void)
{
  /* No 0/O, 1/l/I: read aloud over the phone to a new chair without mistakes. */
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  gchar *out = g_malloc (21);

  if (sodium_init () < 0)
    g_error ("libsodium failed to start");
  for (guint i = 0; i < 20; i++)
    out[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  out[20] = '\0';
  return out;
}

JsonNode *
tribune_store_users_list (TribuneStore *store)
{
  return tribune_store_rows_to_json (tribune_store_prepare (store,
      "SELECT id, username, role, created_at FROM users ORDER BY username"), "users");
}

gboolean
tribune_store_user_delete (TribuneStore *store, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT role, (SELECT count(*) FROM users WHERE role = 'admin') FROM users WHERE id = ?");
  gboolean found, last_admin = FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    last_admin = g_strcmp0 ((const gchar *) sqlite3_column_text (stmt, 0), "admin") == 0 &&
                 sqlite3_column_int64 (stmt, 1) <= 1;
  sqlite3_finalize (stmt);
  if (!found) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such user");
    return FALSE;
  }
  if (last_admin) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "this is the last admin account; make another admin first");
    return FALSE;
  }
  stmt = tribune_store_prepare (store, "DELETE FROM users WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return TRUE;
}
