/* store-advices.c — reading advices: the JSON of an advice with its clock, agenda items
 * (and where they start in the recording), attachments; lists, events, feed, search.
 * The writes are in store-advice-changes.c. See store-advices.h. */
#include "store-advices.h"
#include "advice-deadline.h"
#include "archive.h"
#include "archive-json.h"
#include "store-rows.h"
#include "tribune-error.h"

#define ADVICE_COLUMNS \
  "a.id, c.slug AS council, c.name AS council_name, a.title, a.summary, a.text, a.kind, " \
  "a.theme, a.addressee, a.status, a.term_days, a.sent_at, a.deadline, a.answered_at, " \
  "a.outcome, a.response, a.escalated_at, a.escalation_note, a.created_at, a.updated_at"

/* An item's start in its meeting's recording, or -1: archives are loaded once per meeting
 * per request (@archives: meeting id → TribuneArchive, or a NULL value for none). */
static gint64
item_offset_us (TribuneStore *store, GHashTable *archives, gint64 meeting, gint64 item)
{
  TribuneArchive *archive;
  const TribuneChapter *chapter;

  if (!g_hash_table_lookup_extended (archives, &meeting, NULL, (gpointer *) &archive)) {
    gint64 *key = g_new (gint64, 1);

    *key = meeting;
    archive = tribune_archive_load (store, meeting, NULL);
    g_hash_table_insert (archives, key, archive);
  }
  if (archive == NULL || tribune_timeline_length (archive->timeline) == 0 ||
      (chapter = tribune_archive_chapter (archive, item)) == NULL)
    return -1;
  return chapter->offset_us;
}

static JsonNode *
items_json (TribuneStore *store, gint64 advice, GHashTable *archives)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT i.id, i.meeting_id AS meeting, m.title AS meeting_title, m.starts_at, "
      "i.position, i.title FROM advice_items ai JOIN agenda_items i ON i.id = ai.item_id "
      "JOIN meetings m ON m.id = i.meeting_id WHERE ai.advice_id = ? "
      "ORDER BY m.starts_at, i.position");
  JsonNode *node;
  JsonArray *items;

  sqlite3_bind_int64 (stmt, 1, advice);
  node = tribune_store_rows_to_json (stmt, "items");
  items = json_object_get_array_member (json_node_get_object (node), "items");
  for (guint i = 0; i < json_array_get_length (items); i++) {
    JsonObject *item = json_array_get_object_element (items, i);
    gint64 meeting = json_object_get_int_member (item, "meeting");
    gint64 id = json_object_get_int_member (item, "id");
    gint64 offset = item_offset_us (store, archives, meeting, id);
    g_autofree gchar *play = g_strdup_printf ("/archive/%" G_GINT64_FORMAT "?item=%"
                                              G_GINT64_FORMAT, meeting, id);

    if (offset >= 0)
      json_object_set_double_member (item, "offset_s", tribune_archive_seconds (offset));
    else
      json_object_set_null_member (item, "offset_s");
    json_object_set_string_member (item, "play", play);
  }
  return node;
}

JsonNode *
tribune_store_advice_attachments (TribuneStore *store, gint64 advice)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT id, kind, name, bytes FROM "
                                              "advice_attachments WHERE advice_id = ? ORDER BY id");
  JsonNode *node;
  JsonArray *list;

  sqlite3_bind_int64 (stmt, 1, advice);
  node = tribune_store_rows_to_json (stmt, "attachments");
  list = json_object_get_array_member (json_node_get_object (node), "attachments");
  for (guint i = 0; i < json_array_get_length (list); i++) {
    JsonObject *a = json_array_get_object_element (list, i);
    g_autofree gchar *url = g_strdup_printf ("/api/advices/%" G_GINT64_FORMAT
                                             "/attachments/%" G_GINT64_FORMAT, advice,
                                             json_object_get_int_member (a, "id"));

    json_object_set_string_member (a, "url", url);
  }
  return node;
}

static void
move_array (JsonObject *to, const gchar *name, JsonNode *holder)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (holder), name);

  json_object_set_array_member (to, name, json_array_ref (array));
  json_node_unref (holder);
}

/* The clock members of @advice for @today: overdue, days_left, days_overdue. */
static void
add_clock (JsonObject *advice, const GDate *today)
{
  const gchar *deadline_text = json_object_get_null_member (advice, "deadline") ? NULL :
                               json_object_get_string_member (advice, "deadline");
  const gchar *status = json_object_get_string_member (advice, "status");
  gboolean waiting = g_str_equal (status, "sent") || g_str_equal (status, "escalated");
  gboolean answered = !json_object_get_null_member (advice, "answered_at") || !waiting;
  TribuneAdviceClock clock;
  GDate deadline;
  gboolean known = deadline_text && tribune_date_parse (deadline_text, &deadline);

  tribune_advice_clock (known ? &deadline : NULL, answered, today, &clock);
  json_object_set_boolean_member (advice, "overdue", clock.overdue);
  if (clock.running && !clock.overdue)
    json_object_set_int_member (advice, "days_left", clock.days_left);
  else
    json_object_set_null_member (advice, "days_left");
  if (clock.overdue)
    json_object_set_int_member (advice, "days_overdue", clock.days_overdue);
  else
    json_object_set_null_member (advice, "days_overdue");
}

/* The current row of @stmt (ADVICE_COLUMNS) as the full advice JSON. */
static JsonNode *
advice_from_row (TribuneStore *store, sqlite3_stmt *stmt, const GDate *today,
                 GHashTable *archives)
{
  JsonNode *node = tribune_store_row_to_json (stmt);
  JsonObject *advice = json_node_get_object (node);
  gint64 id = json_object_get_int_member (advice, "id");

  add_clock (advice, today);
  move_array (advice, "items", items_json (store, id, archives));
  move_array (advice, "attachments", tribune_store_advice_attachments (store, id));
  return node;
}

static GHashTable *
archive_cache_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                (GDestroyNotify) tribune_archive_free);
}

JsonNode *
tribune_store_advices_list (TribuneStore *store, const TribuneAdviceFilter *filter,
                            const GDate *today)
{
  g_autoptr (GHashTable) archives = archive_cache_new ();
  g_autoptr (GString) sql = g_string_new ("SELECT " ADVICE_COLUMNS " FROM advices a JOIN "
                                          "councils c ON c.id = a.council_id WHERE 1");
  gboolean overdue_only = filter->status && g_str_equal (filter->status, "overdue");
  JsonArray *list = json_array_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  sqlite3_stmt *stmt;
  g_autofree gchar *year = filter->year ? g_strdup_printf ("%04d", filter->year) : NULL;

  if (filter->council)
    g_string_append (sql, " AND c.slug = ?1");
  if (filter->status)
    g_string_append (sql, overdue_only ? " AND a.status IN ('sent', 'escalated') AND "
                                         "a.answered_at IS NULL" : " AND a.status = ?2");
  if (filter->theme)
    g_string_append (sql, " AND a.theme = ?3");
  if (year)
    g_string_append (sql, " AND substr(COALESCE(a.sent_at, a.created_at), 1, 4) = ?4");
  if (filter->meeting)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM advice_items ai JOIN agenda_items i "
                          "ON i.id = ai.item_id WHERE ai.advice_id = a.id AND "
                          "i.meeting_id = ?5)");
  g_string_append (sql, " ORDER BY COALESCE(a.sent_at, substr(a.created_at, 1, 10)) DESC, "
                        "a.id DESC");
  stmt = tribune_store_prepare (store, sql->str);
  sqlite3_bind_text (stmt, 1, filter->council, -1, SQLITE_TRANSIENT);
  if (!overdue_only)
    sqlite3_bind_text (stmt, 2, filter->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, filter->theme, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, year, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, filter->meeting);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    JsonNode *advice = advice_from_row (store, stmt, today, archives);

    if (overdue_only && !json_object_get_boolean_member (json_node_get_object (advice),
                                                         "overdue")) {
      json_node_unref (advice);
      continue;
    }
    json_array_add_element (list, advice);
  }
  sqlite3_finalize (stmt);
  json_object_set_array_member (o, "advices", list);
  json_node_take_object (root, o);
  return root;
}

JsonNode *
tribune_store_advice_get (TribuneStore *store, gint64 id, const GDate *today, GError **error)
{
  g_autoptr (GHashTable) archives = archive_cache_new ();
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT " ADVICE_COLUMNS " FROM advices a "
                                              "JOIN councils c ON c.id = a.council_id "
                                              "WHERE a.id = ?");
  JsonNode *advice = NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    advice = advice_from_row (store, stmt, today, archives);
  sqlite3_finalize (stmt);
  if (advice == NULL)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such advice");
  return advice;
}

gboolean
tribune_store_advice_exists (TribuneStore *store, gint64 id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT 1 FROM advices WHERE id = ?");
  gboolean found;

  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

JsonNode *
tribune_store_advice_events (TribuneStore *store, gint64 id, GError **error)
{
  sqlite3_stmt *stmt;

  if (!tribune_store_advice_exists (store, id)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such advice");
    return NULL;
  }
  stmt = tribune_store_prepare (store, "SELECT id, at, action, status, note, by_username AS by "
                                "FROM advice_events WHERE advice_id = ? ORDER BY id");
  sqlite3_bind_int64 (stmt, 1, id);
  return tribune_store_rows_to_json (stmt, "events");
}

JsonNode *
tribune_store_advice_feed_events (TribuneStore *store, const gchar *council, guint limit)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT e.id, e.at, e.action, e.status, e.note, e.by_username AS by, a.id AS advice_id, "
      "a.title, a.summary, c.slug AS council, c.name AS council_name "
      "FROM advice_events e JOIN advices a ON a.id = e.advice_id "
      "JOIN councils c ON c.id = a.council_id "
      "WHERE ?1 IS NULL OR c.slug = ?1 ORDER BY e.id DESC LIMIT ?2");
  JsonNode *node;
  JsonArray *events;

  sqlite3_bind_text (stmt, 1, council, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  node = tribune_store_rows_to_json (stmt, "events");
  events = json_object_get_array_member (json_node_get_object (node), "events");
  /* Nest the advice's fields: {"advice": {"id", "title", …}}. */
  for (guint i = 0; i < json_array_get_length (events); i++) {
    JsonObject *e = json_array_get_object_element (events, i);
    JsonObject *advice = json_object_new ();
    const gchar *const moved[] = { "title", "summary", "council", "council_name" };

    json_object_set_int_member (advice, "id", json_object_get_int_member (e, "advice_id"));
    json_object_remove_member (e, "advice_id");
    for (guint k = 0; k < G_N_ELEMENTS (moved); k++) {
      json_object_set_string_member (advice, moved[k],
                                     json_object_get_string_member (e, moved[k]));
      json_object_remove_member (e, moved[k]);
    }
    json_object_set_object_member (e, "advice", advice);
  }
  return node;
}

JsonNode *
tribune_store_advice_attachment_get (TribuneStore *store, gint64 advice_id,
                                     gint64 attachment_id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT id, advice_id AS advice, kind, "
      "name, bytes, sha256 FROM advice_attachments WHERE id = ? AND advice_id = ?");
  JsonNode *node = NULL;

  sqlite3_bind_int64 (stmt, 1, attachment_id);
  sqlite3_bind_int64 (stmt, 2, advice_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = tribune_store_row_to_json (stmt);
  sqlite3_finalize (stmt);
  if (node == NULL)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such attachment");
  return node;
}

void
tribune_store_advices_search (TribuneStore *store, const gchar *match, JsonArray *hits)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT 'advice' AS type, a.id AS advice, a.title, a.summary, a.status, "
      "c.slug AS council, a.sent_at FROM advice_search s JOIN advices a ON a.id = s.rowid "
      "JOIN councils c ON c.id = a.council_id WHERE advice_search MATCH ? "
      "ORDER BY COALESCE(a.sent_at, a.created_at) DESC LIMIT 100");

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    json_array_add_element (hits, tribune_store_row_to_json (stmt));
  sqlite3_finalize (stmt);
}
