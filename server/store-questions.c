/* store-questions.c — see store-questions.h. Every value is bound, never printed into SQL. */
#include "store-questions.h"
#include "store-questions-private.h"
#include "recording-index.h"
#include "store-rows.h"
#include "timeline.h"
#include "tribune-error.h"

#include <sodium.h>
#include <string.h>

/* ---- the status table ---- */

static const gchar *const from_pending[] = { "approved", "declined", "merged", "answered", NULL };
static const gchar *const from_approved[] = { "answered", "declined", "pending", "merged", NULL };
static const gchar *const from_declined[] = { "pending", "approved", NULL };
static const gchar *const from_answered[] = { "approved", NULL };
static const gchar *const from_merged[] = { NULL };

const gchar *const *
tribune_question_next_statuses (const gchar *status)
{
  if (status == NULL)
    return NULL;
  if (g_str_equal (status, "pending"))
    return from_pending;
  if (g_str_equal (status, "approved"))
    return from_approved;
  if (g_str_equal (status, "declined"))
    return from_declined;
  if (g_str_equal (status, "answered"))
    return from_answered;
  if (g_str_equal (status, "merged"))
    return from_merged;
  return NULL;
}

gboolean
tribune_question_can_move (const gchar *from, const gchar *to)
{
  const gchar *const *next = tribune_question_next_statuses (from);

  return next != NULL && to != NULL && g_strv_contains (next, to);
}

gboolean
tribune_question_status_is_public (const gchar *status)
{
  return g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "answered") == 0 ||
         g_strcmp0 (status, "declined") == 0;
}

/* ---- helpers ---- */

static gchar *
sha256_hex (const gchar *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

void
tribune_questions_bind_text_or_null (sqlite3_stmt *stmt, int i, const gchar *text)
{
  if (text)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

gboolean
tribune_questions_exec (TribuneStore *store, const gchar *sql)
{
  return sqlite3_exec (tribune_store_db (store), sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* @text trimmed (transfer full), or NULL (error set) unless it has @min..@max characters
 * of valid UTF-8 without NUL. A blank optional value (@min 0) gives "" (the caller stores
 * NULL). */
gchar *
tribune_questions_clean_text (const gchar *text, guint min, guint max, const gchar *what, GError **error)
{
  g_autofree gchar *copy = NULL;
  glong n;

  if (text == NULL || !g_utf8_validate (text, -1, NULL) || strlen (text) > 4 * max + 1024) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "%s has %u to %u characters",
                 what, min, max);
    return NULL;
  }
  copy = g_strstrip (g_strdup (text));
  n = g_utf8_strlen (copy, -1);
  if (n < (glong) min || n > (glong) max) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "%s has %u to %u characters",
                 what, min, max);
    return NULL;
  }
  return g_steal_pointer (&copy);
}

/* ---- Q ---- */

#define Q_COLUMNS \
  "q.id, q.meeting_id, q.item_id, q.text, q.original_text, q.name, q.neighbourhood, " \
  "q.status, q.reason, q.votes, q.created_at, q.answered_us, q.on_screen, q.merged_into, " \
  "(?9 > 0 AND m.status = 'ended' AND m.ended_at < " \
  "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ?9 || ' days')) AS names_gone, " \
  "q.token_hash"
#define Q_FROM " FROM questions q JOIN meetings m ON m.id = q.meeting_id " \
  "LEFT JOIN agenda_items a ON a.id = q.item_id "
enum { C_ID, C_MEETING, C_ITEM, C_TEXT, C_ORIGINAL, C_NAME, C_HOOD, C_STATUS, C_REASON,
       C_VOTES, C_CREATED, C_ANSWERED, C_SCREEN, C_MERGED, C_NAMES_GONE, C_TOKEN };

static void
add_text_column (JsonBuilder *b, const gchar *member, sqlite3_stmt *stmt, int col,
                 gboolean show)
{
  json_builder_set_member_name (b, member);
  if (show && sqlite3_column_type (stmt, col) != SQLITE_NULL)
    json_builder_add_string_value (b, (const gchar *) sqlite3_column_text (stmt, col));
  else
    json_builder_add_null_value (b);
}

static void
add_int_column (JsonBuilder *b, const gchar *member, sqlite3_stmt *stmt, int col)
{
  json_builder_set_member_name (b, member);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, sqlite3_column_int64 (stmt, col));
}

/* The current row as a Q. @timeline: the meeting's recording (may be empty). */
static JsonNode *
question_json (sqlite3_stmt *stmt, TribuneQuestionView view, TribuneTimeline *timeline)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const gchar *status = (const gchar *) sqlite3_column_text (stmt, C_STATUS);
  gboolean staff = view == TRIBUNE_QUESTION_VIEW_STAFF;
  gboolean content = staff || view == TRIBUNE_QUESTION_VIEW_OWNER ||
                     tribune_question_status_is_public (status);
  gboolean names = content && (staff || !sqlite3_column_int (stmt, C_NAMES_GONE));

  json_builder_begin_object (b);
  add_int_column (b, "id", stmt, C_ID);
  add_int_column (b, "meeting", stmt, C_MEETING);
  add_int_column (b, "item", stmt, C_ITEM);
  add_text_column (b, "text", stmt, C_TEXT, content);
  if (staff)
    add_text_column (b, "original_text", stmt, C_ORIGINAL, TRUE);
  add_text_column (b, "name", stmt, C_NAME, names);
  add_text_column (b, "neighbourhood", stmt, C_HOOD, names);
  add_text_column (b, "status", stmt, C_STATUS, TRUE);
  add_text_column (b, "reason", stmt, C_REASON, content);
  add_int_column (b, "votes", stmt, C_VOTES);
  add_text_column (b, "created_at", stmt, C_CREATED, TRUE);
  json_builder_set_member_name (b, "answered_offset_s");
  if (g_strcmp0 (status, "answered") == 0 && sqlite3_column_type (stmt, C_ANSWERED) != SQLITE_NULL &&
      timeline && tribune_timeline_length (timeline) > 0) {
    gint64 offset = tribune_timeline_offset_of (timeline, sqlite3_column_int64 (stmt, C_ANSWERED));
    json_builder_add_double_value (b, (gdouble) (offset / 1000) / 1000.0);
  } else {
    json_builder_add_null_value (b);
  }
  json_builder_set_member_name (b, "on_screen");
  json_builder_add_boolean_value (b, sqlite3_column_int (stmt, C_SCREEN) != 0);
  add_int_column (b, "merged_into", stmt, C_MERGED);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
tribune_questions_meeting_exists (TribuneStore *store, gint64 meeting_id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT 1 FROM meetings WHERE id = ?");
  gboolean found;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (!found)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
  return found;
}

JsonNode *
tribune_store_questions_list (TribuneStore *store, gint64 meeting_id, gboolean staff,
                              const gchar *token, guint names_days, GError **error)
{
  g_autoptr (TribuneTimeline) timeline = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree gchar *hash = token && *token ? sha256_hex (token) : NULL;
  sqlite3_stmt *stmt;

  if (!tribune_questions_meeting_exists (store, meeting_id, error))
    return NULL;
  timeline = tribune_recording_index_timeline (store, meeting_id);
  stmt = tribune_store_prepare (store, "SELECT " Q_COLUMNS Q_FROM
      "WHERE q.meeting_id = ?1 AND (?2 OR q.status IN ('approved', 'answered', 'declined') "
      "OR q.token_hash = ?3) ORDER BY coalesce(a.position, 1000000000), q.votes DESC, q.id");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int (stmt, 2, staff);
  tribune_questions_bind_text_or_null (stmt, 3, hash);
  sqlite3_bind_int (stmt, 9, (int) names_days);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    gboolean mine = hash && g_strcmp0 ((const gchar *) sqlite3_column_text (stmt, C_TOKEN),
                                       hash) == 0;
    json_builder_add_value (b, question_json (stmt, staff ? TRIBUNE_QUESTION_VIEW_STAFF : mine ?
                                              TRIBUNE_QUESTION_VIEW_OWNER :
                                              TRIBUNE_QUESTION_VIEW_PUBLIC, timeline));
  }
  sqlite3_finalize (stmt);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
tribune_store_question_get (TribuneStore *store, gint64 id, TribuneQuestionView view,
                            guint names_days, GError **error)
{
  gint64 meeting_id = 0;
  g_autoptr (TribuneTimeline) timeline = NULL;
  sqlite3_stmt *stmt;
  JsonNode *node = NULL;

  if (!tribune_store_question_meta (store, id, &meeting_id, NULL)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such question");
    return NULL;
  }
  timeline = tribune_recording_index_timeline (store, meeting_id);
  stmt = tribune_store_prepare (store, "SELECT " Q_COLUMNS Q_FROM "WHERE q.id = ?1");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 9, (int) names_days);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = question_json (stmt, view, timeline);
  else
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such question");
  sqlite3_finalize (stmt);
  return node;
}

gboolean
tribune_store_question_token_matches (TribuneStore *store, gint64 id, const gchar *token)
{
  g_autofree gchar *hash = NULL;
  sqlite3_stmt *stmt;
  gboolean match = FALSE;

  if (token == NULL || strlen (token) != 32)
    return FALSE;
  hash = sha256_hex (token);
  stmt = tribune_store_prepare (store, "SELECT token_hash FROM questions WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    match = sqlite3_column_bytes (stmt, 0) == 64 &&
            sodium_memcmp (sqlite3_column_text (stmt, 0), hash, 64) == 0;
  sqlite3_finalize (stmt);
  return match;
}

gboolean
tribune_store_question_meta (TribuneStore *store, gint64 id, gint64 *meeting_id, gchar **status)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT meeting_id, status FROM questions WHERE id = ?");
  gboolean found;

  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found && meeting_id)
    *meeting_id = sqlite3_column_int64 (stmt, 0);
  if (found && status)
    *status = g_strdup ((const gchar *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  return found;
}

/* ---- asking ---- */

/* CONFLICT unless the meeting is live, or planned for today (UTC); its current item in
 * *@current (0: none). */
static gboolean
questions_open (TribuneStore *store, gint64 meeting_id, gint64 *current, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT status = 'live' OR (status = 'planned' AND "
      "substr(starts_at, 1, 10) = strftime('%Y-%m-%d', 'now')), coalesce(current_item_id, 0) "
      "FROM meetings WHERE id = ?");
  gboolean found, open = FALSE;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found) {
    open = sqlite3_column_int (stmt, 0) != 0;
    *current = sqlite3_column_int64 (stmt, 1);
  }
  sqlite3_finalize (stmt);
  if (!found)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
  else if (!open)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "questions are open while the meeting is live or on the day it is planned");
  return found && open;
}

static gboolean
item_on_agenda (TribuneStore *store, gint64 meeting_id, gint64 item_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT 1 FROM agenda_items WHERE id = ? AND meeting_id = ?");
  gboolean found;

  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, meeting_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

JsonNode *
tribune_store_question_add (TribuneStore *store, gint64 meeting_id, const gchar *text,
                            const gchar *name, const gchar *neighbourhood, gint64 item_id,
                            GError **error)
{
  g_autofree gchar *clean = tribune_questions_clean_text (text, 1, 500, "text", error);
  g_autofree gchar *clean_name = NULL, *clean_hood = NULL, *hash = NULL;
  gchar token[33];
  guint8 raw[16];
  gint64 current = 0, id = 0;
  sqlite3_stmt *stmt;
  JsonNode *node = NULL;

  if (clean == NULL)
    return NULL;
  if ((name && (clean_name = tribune_questions_clean_text (name, 0, 80, "name", error)) == NULL) ||
      (neighbourhood &&
       (clean_hood = tribune_questions_clean_text (neighbourhood, 0, 80, "neighbourhood", error)) == NULL) ||
      !questions_open (store, meeting_id, &current, error))
    return NULL;
  if (item_id == 0)
    item_id = current;
  else if (!item_on_agenda (store, meeting_id, item_id)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "item is an agenda item of this meeting");
    return NULL;
  }
  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex (token, sizeof token, raw, sizeof raw);
  hash = sha256_hex (token);
  stmt = tribune_store_prepare (store, "INSERT INTO questions (meeting_id, item_id, text, name, "
      "neighbourhood, token_hash) VALUES (?, ?, ?, ?, ?, ?) RETURNING id, created_at");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (item_id)
    sqlite3_bind_int64 (stmt, 2, item_id);
  sqlite3_bind_text (stmt, 3, clean, -1, SQLITE_TRANSIENT);
  tribune_questions_bind_text_or_null (stmt, 4, clean_name && *clean_name ? clean_name : NULL);
  tribune_questions_bind_text_or_null (stmt, 5, clean_hood && *clean_hood ? clean_hood : NULL);
  sqlite3_bind_text (stmt, 6, hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW) {
    g_autoptr (JsonBuilder) b = json_builder_new ();

    id = sqlite3_column_int64 (stmt, 0);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "id");
    json_builder_add_int_value (b, id);
    json_builder_set_member_name (b, "status");
    json_builder_add_string_value (b, "pending");
    json_builder_set_member_name (b, "token");
    json_builder_add_string_value (b, token);
    json_builder_set_member_name (b, "text");
    json_builder_add_string_value (b, clean);
    json_builder_set_member_name (b, "name");
    if (clean_name && *clean_name) json_builder_add_string_value (b, clean_name);
    else json_builder_add_null_value (b);
    json_builder_set_member_name (b, "neighbourhood");
    if (clean_hood && *clean_hood) json_builder_add_string_value (b, clean_hood);
    else json_builder_add_null_value (b);
    json_builder_set_member_name (b, "item");
    if (item_id) json_builder_add_int_value (b, item_id);
    else json_builder_add_null_value (b);
    json_builder_set_member_name (b, "created_at");
    json_builder_add_string_value (b, (const gchar *) sqlite3_column_text (stmt, 1));
    json_builder_end_object (b);
    node = json_builder_get_root (b);
  } else {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "the question was not saved");
  }
  sqlite3_finalize (stmt);
  sodium_memzero (token, sizeof token);
  return node;
}

void
tribune_store_questions_search (TribuneStore *store, const gchar *match, JsonArray *hits)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT 'question' AS type, m.id AS meeting, m.title AS meeting_title, m.starts_at, "
      "c.slug AS council, q.id AS question, q.text, q.item_id AS item, q.status, "
      "q.answered_us "
      "FROM question_search s JOIN questions q ON q.id = s.rowid "
      "JOIN meetings m ON m.id = q.meeting_id JOIN councils c ON c.id = m.council_id "
      "WHERE question_search MATCH ? AND q.status IN ('approved', 'answered') "
      "ORDER BY m.starts_at DESC, q.id LIMIT 100");

  g_autoptr (GHashTable) timelines = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                            (GDestroyNotify) tribune_timeline_free);

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    JsonNode *hit = tribune_store_row_to_json (stmt);
    JsonObject *o = json_node_get_object (hit);
    gint64 meeting = sqlite3_column_int64 (stmt, 1);
    TribuneTimeline *timeline = g_hash_table_lookup (timelines, &meeting);

    /* Where the answer is in the recording, as in a Q (the archive links to it). */
    if (timeline == NULL) {
      timeline = tribune_recording_index_timeline (store, meeting);
      g_hash_table_insert (timelines, g_memdup2 (&meeting, sizeof meeting), timeline);
    }
    json_object_remove_member (o, "answered_us");
    if (g_str_equal (json_object_get_string_member (o, "status"), "answered") &&
        sqlite3_column_type (stmt, 9) != SQLITE_NULL && tribune_timeline_length (timeline) > 0)
      json_object_set_double_member (o, "answered_offset_s", (gdouble) (
          tribune_timeline_offset_of (timeline, sqlite3_column_int64 (stmt, 9)) / 1000) / 1000.0);
    else
      json_object_set_null_member (o, "answered_offset_s");
    json_array_add_element (hits, hit);
  }
  sqlite3_finalize (stmt);
}

gchar *
tribune_store_meeting_room (TribuneStore *store, gint64 meeting_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT room FROM meetings WHERE id = ?");
  gchar *room = NULL;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    room = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return room;
}
