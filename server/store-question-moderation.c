/* store-question-moderation.c — the chair's side of residents' questions: status moves
 * with their checks, votes, the question on screen, and the public moderation log. The
 * questions themselves (asking, reading, views, search) are in store-questions.c; see
 * store-questions.h for the whole. */
#include "store-questions.h"
#include "store-questions-private.h"
#include "store-rows.h"
#include "tribune-error.h"

#include <string.h>

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
  tribune_questions_bind_text_or_null (stmt, 4, reason);
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
  tribune_questions_bind_text_or_null (stmt, 3, text);
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
  if ((text && (clean_text_ = tribune_questions_clean_text (text, 1, 500, "text", error)) == NULL) ||
      (reason && (clean_reason = tribune_questions_clean_text (reason, 1, 200, "reason", error)) == NULL) ||
      !check_update (store, id, meeting_id, current, status, clean_reason, merged_into,
                     allowed, error))
    return FALSE;
  if (reason && status == NULL && !g_str_equal (current, "declined")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "a reason goes with declining");
    return FALSE;
  }

  tribune_questions_exec (store, "BEGIN IMMEDIATE");
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
  if (!tribune_questions_exec (store, "COMMIT")) {
    tribune_questions_exec (store, "ROLLBACK");
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
  voter = g_compute_checksum_for_string (G_CHECKSUM_SHA256, salted, -1);
  tribune_questions_exec (store, "BEGIN IMMEDIATE");
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
  tribune_questions_exec (store, "COMMIT");
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
  tribune_questions_exec (store, "BEGIN IMMEDIATE");
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
  tribune_questions_exec (store, "COMMIT");
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

  if (!tribune_questions_meeting_exists (store, meeting_id, error))
    return NULL;
  stmt = tribune_store_prepare (store, "SELECT at, question_id AS question, action, reason, "
      "by_username AS by FROM moderation_log WHERE meeting_id = ? ORDER BY id");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  return tribune_store_rows_to_json (stmt, "log");
}

