/* test-store.c — the database opens, migrates from empty and from every earlier schema
 * version without losing rows, refuses a newer schema, and enforces its constraints. */
#include "store.h"
#include "tribune-error.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  gchar *dir;
  gchar *path;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("tribune-store-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "tribune.db", NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  const gchar *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
    g_autofree gchar *p = g_strconcat (f->path, suffixes[i], NULL);
    g_unlink (p);
  }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
query_int (TribuneStore *store, const gchar *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (tribune_store_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static gchar *
query_text (TribuneStore *store, const gchar *sql)
{
  sqlite3_stmt *stmt = NULL;
  gchar *v = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (tribune_store_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

static void
exec_ok (TribuneStore *store, const gchar *sql)
{
  char *err = NULL;
  int rc = sqlite3_exec (tribune_store_db (store), sql, NULL, NULL, &err);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, err);
}

static int
exec_rc (TribuneStore *store, const gchar *sql)
{
  return sqlite3_exec (tribune_store_db (store), sql, NULL, NULL, NULL);
}

static const char seed[] =
  "INSERT INTO councils (slug, name) VALUES ('feijenoord', 'Wijkraad Feijenoord');\n"
  "INSERT INTO meetings (council_id, room, title, starts_at)\n"
  "  VALUES (1, 'demo', 'Openbare vergadering', '2026-12-01T19:00:00Z');\n"
  "INSERT INTO agenda_items (meeting_id, position, title, description, kind)\n"
  "  VALUES (1, 1, 'Speeltuin Afrikaanderplein', 'Advies over de nieuwe speeltuin', 'advice'),\n"
  "         (1, 2, 'Café op de hoek', 'Terras en geluid', 'discussion');\n";

static void
test_from_empty (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TribuneStore) store = tribune_store_open (f->path, &error);
  g_autofree gchar *mode = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (tribune_store_version (store), ==, tribune_store_latest_version ());
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_true (tribune_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* From every earlier version, with rows written at that version: all rows survive and
 * what later migrations add (search) covers them too. */
static void
test_from_every_version (Fixture *f, gconstpointer data)
{
  for (gint v = 1; v < tribune_store_latest_version (); v++) {
    g_autoptr (GError) error = NULL;

    teardown (f, NULL);
    setup (f, NULL);
    {
      g_autoptr (TribuneStore) old = tribune_store_open_at_version (f->path, v, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tribune_store_version (old), ==, v);
      exec_ok (old, seed);
    }
    {
      g_autoptr (TribuneStore) store = tribune_store_open (f->path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tribune_store_version (store), ==, tribune_store_latest_version ());
      g_assert_cmpint (query_int (store, "SELECT count(*) FROM agenda_items"), ==, 2);
      g_assert_cmpint (query_int (store, "SELECT rowid FROM agenda_search WHERE "
                                         "agenda_search MATCH 'speeltuin'"), ==, 1);
      g_assert_true (tribune_store_check_integrity (store, &error));
    }
  }
}

static void
test_reopen_is_idempotent (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 3; i++) {
    g_autoptr (TribuneStore) store = tribune_store_open (f->path, &error);
    g_assert_no_error (error);
    if (i == 0)
      exec_ok (store, seed);
    g_assert_cmpint (query_int (store, "SELECT count(*) FROM councils"), ==, 1);
  }
}

static void
test_newer_schema_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *bump = g_strdup_printf ("PRAGMA user_version = %d",
                                            tribune_store_latest_version () + 1);
  {
    g_autoptr (TribuneStore) store = tribune_store_open (f->path, &error);
    exec_ok (store, bump);
  }
  g_assert_null (tribune_store_open (f->path, &error));
  g_assert_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_constraints (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TribuneStore) store = tribune_store_open (f->path, &error);

  exec_ok (store, seed);
  /* A council with meetings cannot be deleted; a meeting takes its agenda with it. */
  g_assert_cmpint (exec_rc (store, "DELETE FROM councils WHERE id = 1"), ==,
                   SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_rc (store, "INSERT INTO users (username, password_hash, role) "
                                   "VALUES ('x', 'h', 'emperor')"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_rc (store, "INSERT INTO agenda_items (meeting_id, position, title) "
                                   "VALUES (99, 1, 'orphan')"), ==, SQLITE_CONSTRAINT);
  exec_ok (store, "DELETE FROM meetings WHERE id = 1");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM agenda_items"), ==, 0);
  /* The search index follows deletes. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM agenda_search WHERE "
                                     "agenda_search MATCH 'speeltuin'"), ==, 0);
}

static void
test_search_ignores_accents (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (TribuneStore) store = tribune_store_open (f->path, &error);

  exec_ok (store, seed);
  g_assert_cmpint (query_int (store, "SELECT rowid FROM agenda_search WHERE "
                                     "agenda_search MATCH 'cafe'"), ==, 2);
  exec_ok (store, "UPDATE agenda_items SET title = 'Speelplaats' WHERE id = 1");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM agenda_search WHERE "
                                     "agenda_search MATCH 'speelplaats'"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/from-empty", Fixture, NULL, setup, test_from_empty, teardown);
  g_test_add ("/store/from-every-version", Fixture, NULL, setup, test_from_every_version,
              teardown);
  g_test_add ("/store/reopen-is-idempotent", Fixture, NULL, setup, test_reopen_is_idempotent,
              teardown);
  g_test_add ("/store/newer-schema-refused", Fixture, NULL, setup, test_newer_schema_refused,
              teardown);
  g_test_add ("/store/constraints", Fixture, NULL, setup, test_constraints, teardown);
  g_test_add ("/store/search-ignores-accents", Fixture, NULL, setup,
              test_search_ignores_accents, teardown);
  return g_test_run ();
}
