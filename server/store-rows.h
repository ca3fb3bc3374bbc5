/* store-rows.h — small helpers the query files share: prepare our own SQL, and turn
 * result rows into the JSON the API returns (column names become member names). */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

/* Our own SQL only; failing to prepare it is a programming error (aborts). */
sqlite3_stmt *tribune_store_prepare (TribuneStore *store, const gchar *sql);
/* Run a write to its end and finalize it; FALSE with BAD_INPUT (the database's words)
 * when it did not complete, e.g. a CHECK constraint. */
gboolean tribune_store_step_done (TribuneStore *store, sqlite3_stmt *stmt, GError **error);
/* The current row as an object. (transfer full) */
JsonNode *tribune_store_row_to_json (sqlite3_stmt *stmt);
/* Steps through all rows into {"@member": [...]} and finalizes @stmt. (transfer full) */
JsonNode *tribune_store_rows_to_json (sqlite3_stmt *stmt, const gchar *member);

G_END_DECLS
