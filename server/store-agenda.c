/* store-agenda.c — see store-agenda.h. */
#include "store-agenda.h"
#include "store-advices.h"
#include "store-questions.h"
#include "store-rows.h"
#include "tribune-error.h"

#include <string.h>

static const char *const kinds[] = {
  "opening", "inspreken", "advice", "discussion", "rondvraag", "closing", NULL
};

/* The meeting's status, or NULL (NOT_FOUND set) if there is no such meeting. Editing is
 * allowed until it ends (CONFLICT set when @for_edit and it has ended). */
static gboolean
meeting_editable (TribuneStore *store, gint64 meeting_id, gboolean for_edit, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT status FROM meetings WHERE id = ?");
  gboolean found, ended = FALSE;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    ended = g_strcmp0 ((const gchar *) sqlite3_column_text (stmt, 0), "ended") == 0;
  sqlite3_finalize (stmt);
  if (!found) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
    return FALSE;
  }
  if (for_edit && ended) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "the meeting has ended; its agenda can no longer change");
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_fields (const gchar *title, const gchar *description, const gchar *kind, GError **error)
{
  if (title && (*title == '\0' || strlen (title) > 200 || !g_utf8_validate (title, -1, NULL))) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "title has 1 to 200 characters");
    return FALSE;
  }
  if (description && (strlen (description) > 4000 || !g_utf8_validate (description, -1, NULL))) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "description has at most 4000 characters");
    return FALSE;
  }
  if (kind && !g_strv_contains (kinds, kind)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "kind is one of opening, "
                 "inspreken, advice, discussion, rondvraag, closing");
    return FALSE;
  }
  return TRUE;
}

/* Renumber 1..n, putting @item_id at @position (0: keep the current order). */
static void
renumber (TribuneStore *store, gint64 meeting_id, gint64 item_id, gint64 position)
{
  sqlite3_stmt *list = tribune_store_prepare (store,
      "SELECT id FROM agenda_items WHERE meeting_id = ? AND id != ? ORDER BY position, id");
  sqlite3_stmt *set = tribune_store_prepare (store,
      "UPDATE agenda_items SET position = ? WHERE id = ?");
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  sqlite3_bind_int64 (list, 1, meeting_id);
  sqlite3_bind_int64 (list, 2, position > 0 ? item_id : 0);
  while (sqlite3_step (list) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64 (list, 0);
    g_array_append_val (ids, id);
  }
  if (position > 0)
    g_array_insert_val (ids, (guint) CLAMP (position - 1, 0, (gint64) ids->len), item_id);
  for (guint i = 0; i < ids->len; i++) {
    sqlite3_bind_int64 (set, 1, i + 1);
    sqlite3_bind_int64 (set, 2, g_array_index (ids, gint64, i));
    sqlite3_step (set);
    sqlite3_reset (set);
  }
  sqlite3_finalize (list);
  sqlite3_finalize (set);
}

#define ITEM_COLUMNS "id, position, title, description, kind"

static JsonNode *
item_get (TribuneStore *store, gint64 meeting_id, gint64 item_id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT " ITEM_COLUMNS
      " FROM agenda_items WHERE meeting_id = ? AND id = ?");
  JsonNode *node = NULL;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = tribune_store_row_to_json (stmt);
  else
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such agenda item");
  sqlite3_finalize (stmt);
  return node;
}

JsonNode *
tribune_store_agenda_list (TribuneStore *store, gint64 meeting_id, GError **error)
{
  sqlite3_stmt *stmt;

  if (!meeting_editable (store, meeting_id, FALSE, error))
    return NULL;
  stmt = tribune_store_prepare (store, "SELECT " ITEM_COLUMNS " FROM agenda_items "
                                       "WHERE meeting_id = ? ORDER BY position");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  return tribune_store_rows_to_json (stmt, "items");
}

JsonNode *
tribune_store_agenda_add (TribuneStore *store, gint64 meeting_id, const gchar *title,
                          const gchar *description, const gchar *kind, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (title == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "an agenda item needs a title");
    return NULL;
  }
  if (!check_fields (title, description, kind, error) ||
      !meeting_editable (store, meeting_id, TRUE, error))
    return NULL;
  stmt = tribune_store_prepare (store,
      "INSERT INTO agenda_items (meeting_id, position, title, description, kind) VALUES "
      "(?1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?1),"
      " ?2, ?3, ?4)");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, description ? description : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind ? kind : "discussion", -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  id = sqlite3_last_insert_rowid (tribune_store_db (store));
  return item_get (store, meeting_id, id, error);
}

JsonNode *
tribune_store_agenda_update (TribuneStore *store, gint64 meeting_id, gint64 item_id,
                             const gchar *title, const gchar *description, const gchar *kind,
                             gint64 position, GError **error)
{
  g_autoptr (JsonNode) existing = NULL;
  sqlite3_stmt *stmt;

  if (!check_fields (title, description, kind, error) ||
      !meeting_editable (store, meeting_id, TRUE, error) ||
      (existing = item_get (store, meeting_id, item_id, error)) == NULL)
    return NULL;
  if (position < 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "position starts at 1");
    return NULL;
  }
  stmt = tribune_store_prepare (store, "UPDATE agenda_items SET title = coalesce(?, title), "
      "description = coalesce(?, description), kind = coalesce(?, kind) WHERE id = ?");
  if (title) sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
  if (description) sqlite3_bind_text (stmt, 2, description, -1, SQLITE_TRANSIENT);
  if (kind) sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, item_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (position > 0)
    renumber (store, meeting_id, item_id, position);
  return item_get (store, meeting_id, item_id, error);
}

gboolean
tribune_store_agenda_delete (TribuneStore *store, gint64 meeting_id, gint64 item_id,
                             GError **error)
{
  g_autoptr (JsonNode) existing = NULL;
  sqlite3_stmt *stmt;

  if (!meeting_editable (store, meeting_id, TRUE, error) ||
      (existing = item_get (store, meeting_id, item_id, error)) == NULL)
    return FALSE;
  stmt = tribune_store_prepare (store, "DELETE FROM agenda_items WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  renumber (store, meeting_id, 0, 0);
  return TRUE;
}

/* Every word of the visitor's text becomes a quoted FTS5 prefix term, so no input can be
 * read as FTS5 syntax (quotes are doubled inside the term). */
static gchar *
fts_query (const gchar *text)
{
  g_auto (GStrv) words = g_strsplit_set (text, " \t\n\r", -1);
  GString *q = g_string_new (NULL);

  for (guint i = 0; words[i]; i++) {
    if (*words[i] == '\0')
      continue;
    if (q->len)
      g_string_append_c (q, ' ');
    g_string_append_c (q, '"');
    for (const gchar *p = words[i]; *p; p++) {
      if (*p == '"')
        g_string_append_c (q, '"');
      g_string_append_c (q, *p);
    }
    g_string_append (q, "\"*");
  }
  return g_string_free (q, FALSE);
}

JsonNode *
tribune_store_search (TribuneStore *store, const gchar *query, GError **error)
{
  g_autofree gchar *match = NULL;
  sqlite3_stmt *stmt;
  JsonNode *hits;

  if (query == NULL || strlen (query) > 200 || !g_utf8_validate (query, -1, NULL) ||
      *(match = fts_query (query)) == '\0') {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "q is the text to search for (1 to 200 characters)");
    return NULL;
  }
  stmt = tribune_store_prepare (store,
      "SELECT 'item' AS type, m.id AS meeting, m.title AS meeting_title, m.starts_at, c.slug AS council, "
      "a.id AS item, a.title, a.description, a.kind "
      "FROM agenda_search s JOIN agenda_items a ON a.id = s.rowid "
      "JOIN meetings m ON m.id = a.meeting_id JOIN councils c ON c.id = m.council_id "
      "WHERE agenda_search MATCH ? ORDER BY m.starts_at DESC, a.position LIMIT 100");
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  hits = tribune_store_rows_to_json (stmt, "hits");
  /* Then residents' questions (approved and answered only), type "question". */
  tribune_store_questions_search (store, match,
                                  json_object_get_array_member (json_node_get_object (hits),
                                                                "hits"));
  /* And advices (all of them: advices are public records), type "advice". */
  tribune_store_advices_search (store, match,
                                json_object_get_array_member (json_node_get_object (hits),
                                                              "hits"));
  return hits;
}
