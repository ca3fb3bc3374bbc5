/* store-rows.c — see store-rows.h. */
#include "store-rows.h"
#include "tribune-error.h"

sqlite3_stmt *
tribune_store_prepare (TribuneStore *store, const gchar *sql)
{
  sqlite3_stmt *stmt = NULL;

  /* Our own SQL: failing to prepare it is a programming error. */
  if (sqlite3_prepare_v2 (tribune_store_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("SQL: %s: %s", sqlite3_errmsg (tribune_store_db (store)), sql);
  return stmt;
}

gboolean
tribune_store_step_done (TribuneStore *store, sqlite3_stmt *stmt, GError **error)
{
  gint rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "could not save: %s",
                 sqlite3_errmsg (tribune_store_db (store)));
    return FALSE;
  }
  return TRUE;
}

/* One row as a JSON object: column names are member names. */
JsonNode *
tribune_store_row_to_json (sqlite3_stmt *stmt)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  for (int i = 0; i < sqlite3_column_count (stmt); i++) {
    json_builder_set_member_name (b, sqlite3_column_name (stmt, i));
    switch (sqlite3_column_type (stmt, i)) {
      case SQLITE_INTEGER:
        json_builder_add_int_value (b, sqlite3_column_int64 (stmt, i));
        break;
      case SQLITE_NULL:
        json_builder_add_null_value (b);
        break;
      default:
        json_builder_add_string_value (b, (const gchar *) sqlite3_column_text (stmt, i));
    }
  }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
tribune_store_rows_to_json (sqlite3_stmt *stmt, const gchar *member)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_builder_add_value (b, tribune_store_row_to_json (stmt));
  json_builder_end_array (b);
  json_builder_end_object (b);
  sqlite3_finalize (stmt);
  return json_builder_get_root (b);
}

