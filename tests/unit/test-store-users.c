/* test-store-users.c — accounts: argon2id hashes, password checks, roles, names. */
#include "store-users.h"
#include "tribune-error.h"

#include <glib/gstdio.h>
#include <string.h>

static gchar *dir;
static TribuneStore *store;

static void
test_add_and_check (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TribuneUser) user = NULL;
  gint64 id = tribune_store_user_add (store, "voorzitter", "geheim-wachtwoord", "chair", &error);
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  user = tribune_store_user_check (store, "voorzitter", "geheim-wachtwoord", &error);
  g_assert_no_error (error);
  g_assert_cmpint (user->id, ==, id);
  g_assert_cmpstr (user->role, ==, "chair");
  /* Stored as an argon2id hash, never the password itself. */
  sqlite3_prepare_v2 (tribune_store_db (store), "SELECT password_hash FROM users WHERE id = ?",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (g_str_has_prefix ((const gchar *) sqlite3_column_text (stmt, 0), "$argon2id$"));
  g_assert_null (strstr ((const gchar *) sqlite3_column_text (stmt, 0), "geheim"));
  sqlite3_finalize (stmt);
}

static void
test_wrong_password_or_name (void)
{
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;

  tribune_store_user_add (store, "archivaris", "nog-een-geheim", "archivist", NULL);
  g_assert_null (tribune_store_user_check (store, "archivaris", "fout-wachtwoord", &e1));
  g_assert_error (e1, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAUTHORIZED);
  g_assert_null (tribune_store_user_check (store, "niemand", "nog-een-geheim", &e2));
  /* Same message either way: no hint which one was wrong. */
  g_assert_cmpstr (e1->message, ==, e2->message);
  g_assert_null (tribune_store_user_check (store, "archivaris", NULL, &e3));
}

static void
test_bad_input (void)
{
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;
  g_autoptr (GError) e4 = NULL;
  g_autofree gchar *long_name = g_strnfill (65, 'a');

  g_assert_cmpint (tribune_store_user_add (store, "x", "lang-genoeg", "emperor", &e1), ==, 0);
  g_assert_error (e1, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT);
  g_assert_cmpint (tribune_store_user_add (store, "x", "kort", "member", &e2), ==, 0);
  g_assert_error (e2, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT);
  g_assert_cmpint (tribune_store_user_add (store, long_name, "lang-genoeg", "member", &e3), ==, 0);
  g_assert_error (e3, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT);
  g_assert_cmpint (tribune_store_user_add (store, "", "lang-genoeg", "member", &e4), ==, 0);
}

static void
test_name_taken_ignoring_case (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (tribune_store_user_add (store, "Secretaris", "lang-genoeg", "admin", NULL),
                   >, 0);
  g_assert_cmpint (tribune_store_user_add (store, "secretaris", "lang-genoeg", "admin", &error),
                   ==, 0);
  g_assert_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT);
}

static void
test_generated_password (void)
{
  g_autofree gchar *a = tribune_password_generate ();
  g_autofree gchar *b = tribune_password_generate ();

  g_assert_cmpuint (strlen (a), ==, 20);
  g_assert_cmpstr (a, !=, b);
  g_assert_null (strpbrk (a, "0O1lI"));
}

int
main (int argc, char **argv)
{
  g_autofree gchar *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("tribune-users-XXXXXX", NULL);
  path = g_build_filename (dir, "tribune.db", NULL);
  store = tribune_store_open (path, NULL);
  g_assert_nonnull (store);

  g_test_add_func ("/users/add-and-check", test_add_and_check);
  g_test_add_func ("/users/wrong-password-or-name", test_wrong_password_or_name);
  g_test_add_func ("/users/bad-input", test_bad_input);
  g_test_add_func ("/users/name-taken-ignoring-case", test_name_taken_ignoring_case);
  g_test_add_func ("/users/generated-password", test_generated_password);
  status = g_test_run ();

  tribune_store_close (store);
  {
    g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    (void) !system (cmd);
  }
  g_free (dir);
  return status;
}
