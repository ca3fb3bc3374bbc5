/* store-questions.c — see store-questions.h. Every value is bound, never printed into SQL. */
#include "store-questions.h"
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

static void
bind_text_or_null (sqlite3_stmt *stmt, int i, const gchar *text)
{
  if (text)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static gboolean
exec (TribuneStore *store, const gchar *sql)
{
  return sqlite3_exec (tribune_store_db (store), sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* @text trimmed (transfer full), or NULL (error set) unless it has @min..@max characters
 * of valid UTF-8 without NUL. A blank optional value (@min 0) gives "" (the caller stores
 * NULL). */
static gchar *
clean_text (const gchar *text, guint min, guint max, const gchar *what, GError **error)
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

static gboolean
meeting_exists (TribuneStore *store, gint64 meeting_id, GError **error)
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

  if (!meeting_exists (store, meeting_id, error))
    return NULL;
  timeline = tribune_recording_index_timeline (store, meeting_id);
  stmt = tribune_store_prepare (store, "SELECT " Q_COLUMNS Q_FROM
      "WHERE q.meeting_id = ?1 AND (?2 OR q.status IN ('approved', 'answered', 'declined') "
      "OR q.token_hash = ?3) ORDER BY coalesce(a.position, 1000000000), q.votes DESC, q.id");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int (stmt, 2, staff);
  bind_text_or_null (stmt, 3, hash);
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
  g_autofree gchar *clean = clean_text (text, 1, 500, "text", error);
  g_autofree gchar *clean_name = NULL, *clean_hood = NULL, *hash = NULL;
  gchar token[33];
  guint8 raw[16];
  gint64 current = 0, id = 0;
  sqlite3_stmt *stmt;
  JsonNode *node = NULL;

  if (clean == NULL)
    return NULL;
  if ((name && (clean_name = clean_text (name, 0, 80, "name", error)) == NULL) ||
      (neighbourhood &&
       (clean_hood = clean_text (neighbourhood, 0, 80, "neighbourhood", error)) == NULL) ||
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
  bind_text_or_null (stmt, 4, clean_name && *clean_name ? clean_name : NULL);
  bind_text_or_null (stmt, 5, clean_hood && *clean_hood ? clean_hood : NULL);
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

/* ---- moderation ---- */

static void
log_action (TribuneStore *store, gint64 meeting_id, gint64 question_id, const gchar *action,
            const gchar *reason, const gchar *by)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "INSERT INTO moderation_log "
      "(meeting_id, question_id, action, reason, by_username) VALUES (?, ?, ?, ?, ?)");

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, question_id);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 4, reason);
  sqlite3_bind_text (stmt, 5, by, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

/* Run @sql with ?1 = @a and ?2 = @b (0: NULL), ?3 = @text. */
static void
run (TribuneStore *store, const gchar *sql, gint64 a, const gchar *text, gint64 b)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, sql);

  sqlite3_bind_int64 (stmt, 1, a);
  if (b)
    sqlite3_bind_int64 (stmt, 2, b);
  bind_text_or_null (stmt, 3, text);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static gboolean
check_update (TribuneStore *store, gint64 id, gint64 meeting_id, const gchar *current,
              const gchar *status, const gchar *reason, gint64 merged_into,
              const gchar *const **allowed, GError **error)
{
  if (status && tribune_question_next_statuses (status) == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "status is one of pending, "
                 "approved, declined, answered, merged");
    return FALSE;
  }
  if (status && !tribune_question_can_move (current, status)) {
    *allowed = tribune_question_next_statuses (current);
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "a %s question cannot become %s", current, status);
    return FALSE;
  }
  if (g_strcmp0 (status, "declined") == 0 && reason == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "declining needs a reason (1 to 200 characters)");
    return FALSE;
  }
  if ((merged_into != 0) != (g_strcmp0 (status, "merged") == 0)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "merged_into goes with status merged (and merged needs it)");
    return FALSE;
  }
  if (merged_into) {
    gint64 target_meeting = 0;
    g_autofree gchar *target_status = NULL;

    if (merged_into == id ||
        !tribune_store_question_meta (store, merged_into, &target_meeting, &target_status) ||
        target_meeting != meeting_id || g_str_equal (target_status, "merged")) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "merged_into is another "
                   "question of the same meeting that is not merged itself");
      return FALSE;
    }
  }
  return TRUE;
}

gboolean
tribune_store_question_update (TribuneStore *store, gint64 id, const gchar *status,
                               const gchar *reason, const gchar *text, gint64 merged_into,
                               const gchar *by, const gchar *const **allowed, GError **error)
{
  g_autofree gchar *current = NULL, *clean_text_ = NULL, *clean_reason = NULL;
  gint64 meeting_id = 0;

  *allowed = NULL;
  if (!tribune_store_question_meta (store, id, &meeting_id, &current)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such question");
    return FALSE;
  }
  if (status == NULL && reason == NULL && text == NULL && merged_into == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "send status, reason, text or merged_into");
    return FALSE;
  }
  if ((text && (clean_text_ = clean_text (text, 1, 500, "text", error)) == NULL) ||
      (reason && (clean_reason = clean_text (reason, 1, 200, "reason", error)) == NULL) ||
      !check_update (store, id, meeting_id, current, status, clean_reason, merged_into,
                     allowed, error))
    return FALSE;
  if (reason && status == NULL && !g_str_equal (current, "declined")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "a reason goes with declining");
    return FALSE;
  }

  exec (store, "BEGIN IMMEDIATE");
  if (clean_text_) {
    run (store, "UPDATE questions SET original_text = coalesce(original_text, text), "
                "text = ?3 WHERE id = ?1 AND text != ?3", id, clean_text_, 0);
    log_action (store, meeting_id, id, "edited", NULL, by);
  }
  if (status) {
    /* Leaving approved/answered takes it off screen; a reason belongs to declined. */
    run (store, "UPDATE questions SET status = ?3, reason = NULL, answered_us = NULL, "
                "on_screen = on_screen * (?3 IN ('approved', 'answered')) WHERE id = ?1",
         id, status, 0);
    if (g_str_equal (status, "declined"))
      run (store, "UPDATE questions SET reason = ?3 WHERE id = ?1", id, clean_reason, 0);
    else if (g_str_equal (status, "answered"))
      run (store, "UPDATE questions SET answered_us = ?2 WHERE id = ?1", id, NULL,
           g_get_real_time ());
    else if (g_str_equal (status, "merged")) {
      run (store, "UPDATE questions SET merged_into = ?2 WHERE id = ?1", id, NULL, merged_into);
      run (store, "UPDATE questions SET votes = votes + "
                  "(SELECT votes FROM questions WHERE id = ?1) WHERE id = ?2", id, NULL,
           merged_into);
    }
    log_action (store, meeting_id, id, status, clean_reason, by);
  } else if (clean_reason) {
    /* A declined question's reason, corrected. */
    run (store, "UPDATE questions SET reason = ?3 WHERE id = ?1", id, clean_reason, 0);
    log_action (store, meeting_id, id, "declined", clean_reason, by);
  }
  if (!exec (store, "COMMIT")) {
    exec (store, "ROLLBACK");
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "the change was not saved");
    return FALSE;
  }
  return TRUE;
}

gboolean
tribune_store_question_vote (TribuneStore *store, gint64 id, const gchar *client_key,
                             gint64 *votes, GError **error)
{
  g_autofree gchar *status = NULL, *salted = NULL, *voter = NULL;
  sqlite3_stmt *stmt;
  gboolean added;

  if (!tribune_store_question_meta (store, id, NULL, &status)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such question");
    return FALSE;
  }
  if (!g_str_equal (status, "approved")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "only approved questions take votes");
    return FALSE;
  }
  stmt = tribune_store_prepare (store, "SELECT value FROM settings WHERE key = 'vote_secret'");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    salted = g_strconcat ((const gchar *) sqlite3_column_text (stmt, 0), "|", client_key, NULL);
  sqlite3_finalize (stmt);
  if (salted == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "votes are not set up");
    return FALSE;
  }
  voter = sha256_hex (salted);
  exec (store, "BEGIN IMMEDIATE");
  stmt = tribune_store_prepare (store,
      "INSERT OR IGNORE INTO question_votes (question_id, voter_hash) VALUES (?, ?)");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, voter, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  added = sqlite3_changes (tribune_store_db (store)) == 1;
  if (added)
    run (store, "UPDATE questions SET votes = votes + 1 WHERE id = ?1", id, NULL, 0);
  stmt = tribune_store_prepare (store, "SELECT votes FROM questions WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *votes = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  exec (store, "COMMIT");
  if (!added)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT, "already voted");
  return added;
}

gboolean
tribune_store_question_screen (TribuneStore *store, gint64 id, gboolean on, const gchar *by,
                               gint64 *other, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT q.meeting_id, q.status IN ('approved', 'answered'), m.status = 'live', "
      "q.on_screen FROM questions q JOIN meetings m ON m.id = q.meeting_id WHERE q.id = ?");
  gboolean found, shown_ok = FALSE, live = FALSE, was_on = FALSE;
  gint64 meeting_id = 0;

  *other = 0;
  sqlite3_bind_int64 (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found) {
    meeting_id = sqlite3_column_int64 (stmt, 0);
    shown_ok = sqlite3_column_int (stmt, 1);
    live = sqlite3_column_int (stmt, 2);
    was_on = sqlite3_column_int (stmt, 3);
  }
  sqlite3_finalize (stmt);
  if (!found) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such question");
    return FALSE;
  }
  if (!on) {
    if (was_on) {
      run (store, "UPDATE questions SET on_screen = 0 WHERE id = ?1", id, NULL, 0);
      log_action (store, meeting_id, id, "off_screen", NULL, by);
    }
    return TRUE;
  }
  if (!shown_ok || !live) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT, "only an approved or answered "
                 "question of a live meeting can go on screen");
    return FALSE;
  }
  if (was_on)
    return TRUE;
  exec (store, "BEGIN IMMEDIATE");
  stmt = tribune_store_prepare (store, "UPDATE questions SET on_screen = 0 WHERE "
                                       "meeting_id = ? AND on_screen = 1 RETURNING id");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *other = sqlite3_column_int64 (stmt, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);
  if (*other)
    log_action (store, meeting_id, *other, "off_screen", NULL, by);
  run (store, "UPDATE questions SET on_screen = 1 WHERE id = ?1", id, NULL, 0);
  log_action (store, meeting_id, id, "on_screen", NULL, by);
  exec (store, "COMMIT");
  return TRUE;
}

JsonNode *
tribune_store_question_on_screen (TribuneStore *store, gint64 meeting_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT name, neighbourhood, text FROM "
      "questions WHERE meeting_id = ? AND on_screen = 1 ORDER BY id LIMIT 1");
  JsonNode *node = NULL;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = tribune_store_row_to_json (stmt);
  sqlite3_finalize (stmt);
  return node;
}

gint64
tribune_store_questions_clear_screen (TribuneStore *store, gint64 meeting_id, const gchar *by)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "UPDATE questions SET on_screen = 0 "
      "WHERE meeting_id = ? AND on_screen = 1 RETURNING id");
  gint64 id = 0;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);
  /* In the public log like any other "off screen": nothing leaves the screen unsaid. */
  if (id)
    log_action (store, meeting_id, id, "off_screen", "meeting_ended", by);
  return id;
}

JsonNode *
tribune_store_moderation_log (TribuneStore *store, gint64 meeting_id, GError **error)
{
  sqlite3_stmt *stmt;

  if (!meeting_exists (store, meeting_id, error))
    return NULL;
  stmt = tribune_store_prepare (store, "SELECT at, question_id AS question, action, reason, "
      "by_username AS by FROM moderation_log WHERE meeting_id = ? ORDER BY id");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  return tribune_store_rows_to_json (stmt, "log");
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
