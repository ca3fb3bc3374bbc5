/* store-speakers.c — see store-speakers.h.
 *
 * The resident's secret is also their participant token once admitted: the participant
 * row gets the secret's hash, so the resident's page can join with what it already
 * holds and nothing secret is stored in the clear.
 */
#include "store-speakers.h"
#include "store-participants.h"
#include "store-questions-private.h"
#include "store-rows.h"
#include "tribune-error.h"

#define S_COLUMNS \
  "id, meeting_id, item_id, name, topic, status, created_at, " \
  "CASE WHEN started_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', started_us / 1000000, 'unixepoch') END AS starts_at, " \
  "CASE WHEN ends_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', ends_us / 1000000, 'unixepoch') END AS ends_at, " \
  "CASE WHEN ended_us IS NULL THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', ended_us / 1000000, 'unixepoch') END AS ended_at, " \
  "participant_id"


static JsonNode *
speaker_row (TribuneStore *store, gint64 meeting_id, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT " S_COLUMNS " FROM speakers WHERE id = ?1 AND (?2 = 0 OR meeting_id = ?2)");
  JsonNode *node = NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = tribune_store_row_to_json (stmt);
  sqlite3_finalize (stmt);
  if (node == NULL)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND,
                 "no request to speak %" G_GINT64_FORMAT, id);
  return node;
}

JsonNode *
tribune_store_speaker_add (TribuneStore *store, gint64 meeting_id, const gchar *name,
                           const gchar *topic, gint64 item_id, GError **error)
{
  g_autofree gchar *clean_name = tribune_questions_clean_text (name, 1, 80, "name", error);
  g_autofree gchar *clean_topic = NULL, *secret = NULL, *hash = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree gchar *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr (JsonBuilder) b = json_builder_new ();
  sqlite3_stmt *stmt;
  gint64 id;
  gboolean ended = FALSE, item_ok = item_id == 0;

  if (clean_name == NULL ||
      (clean_topic = tribune_questions_clean_text (topic, 1, 200, "topic", error)) == NULL)
    return NULL;
  if (!tribune_plain_text_is_clean (clean_name) || !tribune_plain_text_is_clean (clean_topic)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "name and topic are plain text without control characters");
    return NULL;
  }
  if (!tribune_questions_meeting_exists (store, meeting_id, error))
    return NULL;
  stmt = tribune_store_prepare (store,
      "SELECT status = 'ended', (SELECT count(*) FROM agenda_items WHERE id = ?2 AND "
      "meeting_id = ?1) FROM meetings WHERE id = ?1");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW) {
    ended = sqlite3_column_int (stmt, 0) != 0;
    item_ok = item_ok || sqlite3_column_int (stmt, 1) > 0;
  }
  sqlite3_finalize (stmt);
  if (ended) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "this meeting has ended; you can no longer ask to speak");
    return NULL;
  }
  if (!item_ok) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "item is an agenda item of this meeting");
    return NULL;
  }
  tribune_store_new_token (&secret, &hash);
  stmt = tribune_store_prepare (store,
      "INSERT INTO speakers (meeting_id, item_id, name, topic, secret_hash, created_at) "
      "VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6)");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  sqlite3_bind_text (stmt, 3, clean_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, clean_topic, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now_text, -1, SQLITE_TRANSIENT);
  if (!tribune_store_step_done (store, stmt, error))
    return NULL;
  id = sqlite3_last_insert_rowid (tribune_store_db (store));
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "secret");
  json_builder_add_string_value (b, secret);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, "waiting");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
tribune_store_speakers_list (TribuneStore *store, gint64 meeting_id, GError **error)
{
  sqlite3_stmt *stmt;

  if (!tribune_questions_meeting_exists (store, meeting_id, error))
    return NULL;
  stmt = tribune_store_prepare (store,
      "SELECT " S_COLUMNS " FROM speakers WHERE meeting_id = ?1 ORDER BY id");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  return tribune_store_rows_to_json (stmt, "speakers");
}

JsonNode *
tribune_store_speaker_for_resident (TribuneStore *store, gint64 id, const gchar *secret,
                                    GError **error)
{
  g_autofree gchar *hash = secret ? tribune_store_hash_token (secret) : NULL;
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT meeting_id FROM speakers WHERE id = ?1 AND secret_hash = ?2");
  gint64 meeting = 0;
  JsonNode *node;
  JsonObject *o;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, hash ? hash : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    meeting = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (meeting == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND,
                 "no such request to speak (or the code does not match)");
    return NULL;
  }
  node = speaker_row (store, meeting, id, error);
  o = json_node_get_object (node);
  json_object_remove_member (o, "participant_id");
  if (g_strcmp0 (json_object_get_string_member (o, "status"), "admitted") == 0) {
    JsonObject *join = json_object_new ();
    g_autofree gchar *url = g_strdup_printf ("/join/%" G_GINT64_FORMAT "?t=%s", meeting, secret);

    json_object_set_string_member (join, "url", url);
    json_object_set_string_member (join, "token", secret);
    json_object_set_object_member (o, "join", join);
  }
  return node;
}

static gboolean
meeting_has_turn (TribuneStore *store, gint64 meeting_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT count(*) FROM speakers WHERE meeting_id = ?1 AND status = 'admitted'");
  gboolean busy = FALSE;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    busy = sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);
  return busy;
}

/* The turn ends: done, the participant can no longer join, and the picture no longer
 * waits for them. */
static gboolean
end_turn (TribuneStore *store, gint64 id, gint64 now_us, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "UPDATE participants SET removed = 1 WHERE id = "
      "  (SELECT participant_id FROM speakers WHERE id = ?1)");

  sqlite3_bind_int64 (stmt, 1, id);
  if (!tribune_store_step_done (store, stmt, error))
    return FALSE;
  stmt = tribune_store_prepare (store,
      "UPDATE meetings SET layout_focus = NULL WHERE layout_focus = "
      "  (SELECT participant_id FROM speakers WHERE id = ?1)");
  sqlite3_bind_int64 (stmt, 1, id);
  if (!tribune_store_step_done (store, stmt, error))
    return FALSE;
  stmt = tribune_store_prepare (store,
      "UPDATE speakers SET status = 'done', ended_us = ?2 WHERE id = ?1 AND status = 'admitted'");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now_us);
  return tribune_store_step_done (store, stmt, error);
}

JsonNode *
tribune_store_speaker_act (TribuneStore *store, gint64 meeting_id, gint64 id,
                           const gchar *action, guint seconds, guint invite_hours,
                           GError **error)
{
  g_autoptr (JsonNode) row = speaker_row (store, meeting_id, id, error);
  gint64 now_us = g_get_real_time ();
  const gchar *status;
  sqlite3_stmt *stmt;

  if (row == NULL)
    return NULL;
  status = json_object_get_string_member (json_node_get_object (row), "status");
  if (g_strcmp0 (action, "admit") == 0) {
    g_autofree gchar *name = NULL, *hash = NULL;
    gint64 participant;

    if (!g_str_equal (status, "waiting")) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                   "only a waiting request can be admitted (this one is %s)", status);
      return NULL;
    }
    if (meeting_has_turn (store, meeting_id)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                   "someone else is speaking; end that turn first");
      return NULL;
    }
    stmt = tribune_store_prepare (store, "SELECT name, secret_hash FROM speakers WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    if (sqlite3_step (stmt) == SQLITE_ROW) {
      name = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
      hash = g_strdup ((const gchar *) sqlite3_column_text (stmt, 1));
    }
    sqlite3_finalize (stmt);
    /* The participant, the turn and the layout together or not at all: a participant
     * left behind by a failed second write would hold a working token. */
    sqlite3_exec (tribune_store_db (store), "BEGIN IMMEDIATE", NULL, NULL, NULL);
    participant = tribune_store_participant_insert (store, meeting_id, name, "resident", hash,
                                                    invite_hours, 0, NULL, error);
    if (participant == 0) {
      sqlite3_exec (tribune_store_db (store), "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
    stmt = tribune_store_prepare (store,
        "UPDATE speakers SET status = 'admitted', participant_id = ?2, started_us = ?3, "
        "ends_us = ?4 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, participant);
    sqlite3_bind_int64 (stmt, 3, now_us);
    sqlite3_bind_int64 (stmt, 4, now_us + (gint64) seconds * G_USEC_PER_SEC);
    if (!tribune_store_step_done (store, stmt, error)) {
      sqlite3_exec (tribune_store_db (store), "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
    /* On air means in the picture: the resident is large while they speak, whatever
     * the layout was. */
    stmt = tribune_store_prepare (store,
        "UPDATE meetings SET layout_kind = 'focus', layout_focus = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, meeting_id);
    sqlite3_bind_int64 (stmt, 2, participant);
    if (!tribune_store_step_done (store, stmt, error)) {
      sqlite3_exec (tribune_store_db (store), "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
    sqlite3_exec (tribune_store_db (store), "COMMIT", NULL, NULL, NULL);
  } else if (g_strcmp0 (action, "extend") == 0) {
    if (!g_str_equal (status, "admitted")) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                   "only a running turn can be extended");
      return NULL;
    }
    stmt = tribune_store_prepare (store,
        "UPDATE speakers SET ends_us = max(ends_us, ?3) + ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, (gint64) seconds * G_USEC_PER_SEC);
    sqlite3_bind_int64 (stmt, 3, now_us);
    if (!tribune_store_step_done (store, stmt, error))
      return NULL;
  } else if (g_strcmp0 (action, "end") == 0) {
    if (!g_str_equal (status, "admitted")) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                   "only a running turn can be ended");
      return NULL;
    }
    if (!end_turn (store, id, now_us, error))
      return NULL;
  } else if (g_strcmp0 (action, "decline") == 0) {
    if (!g_str_equal (status, "waiting")) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                   "only a waiting request can be declined");
      return NULL;
    }
    stmt = tribune_store_prepare (store, "UPDATE speakers SET status = 'declined' WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    if (!tribune_store_step_done (store, stmt, error))
      return NULL;
  } else {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "action is one of admit, extend, end, decline");
    return NULL;
  }
  return speaker_row (store, meeting_id, id, error);
}

GArray *
tribune_store_speakers_end_due (TribuneStore *store, gint64 now_us)
{
  GArray *meetings = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT id, meeting_id FROM speakers WHERE status = 'admitted' AND ends_us <= ?1");

  sqlite3_bind_int64 (stmt, 1, now_us);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64 (stmt, 0), meeting = sqlite3_column_int64 (stmt, 1);
    g_array_append_val (due, id);
    g_array_append_val (meetings, meeting);
  }
  sqlite3_finalize (stmt);
  for (guint i = 0; i < due->len; i++)
    end_turn (store, g_array_index (due, gint64, i), now_us, NULL);
  return meetings;
}

gint64
tribune_store_speaker_turn_end (TribuneStore *store, gint64 participant_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT ends_us FROM speakers WHERE participant_id = ?1 AND status = 'admitted'");
  gint64 end = 0;

  sqlite3_bind_int64 (stmt, 1, participant_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    end = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return end;
}

static void
turn_clear (gpointer data)
{
  TribuneSpeakerTurn *t = data;

  g_free (t->name);
  g_free (t->topic);
}

GArray *
tribune_store_speaker_turns (TribuneStore *store, gint64 meeting_id)
{
  GArray *turns = g_array_new (FALSE, TRUE, sizeof (TribuneSpeakerTurn));
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT id, coalesce(item_id, 0), name, topic, started_us, coalesce(ended_us, 0) "
      "FROM speakers WHERE meeting_id = ?1 AND started_us IS NOT NULL ORDER BY started_us");

  g_array_set_clear_func (turns, turn_clear);
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    TribuneSpeakerTurn t = {
      .id = sqlite3_column_int64 (stmt, 0),
      .item_id = sqlite3_column_int64 (stmt, 1),
      .name = g_strdup ((const gchar *) sqlite3_column_text (stmt, 2)),
      .topic = g_strdup ((const gchar *) sqlite3_column_text (stmt, 3)),
      .start_us = sqlite3_column_int64 (stmt, 4),
      .end_us = sqlite3_column_int64 (stmt, 5),
    };
    g_array_append_val (turns, t);
  }
  sqlite3_finalize (stmt);
  return turns;
}
