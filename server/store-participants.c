/* store-participants.c — see store-participants.h. */
#include "store-participants.h"
#include "store-questions-private.h"
#include "store-rows.h"
#include "tribune-error.h"

#include <sodium.h>
#include <string.h>

#define P_COLUMNS "id, meeting_id, name, kind, muted, hand_raised, removed, connected, " \
                  "expires_at"

void
tribune_participant_free (TribuneParticipant *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->kind);
  g_free (p->expires_at);
  g_free (p);
}

static TribuneParticipant *
from_row (sqlite3_stmt *stmt)
{
  TribuneParticipant *p = g_new0 (TribuneParticipant, 1);

  p->id = sqlite3_column_int64 (stmt, 0);
  p->meeting_id = sqlite3_column_int64 (stmt, 1);
  p->name = g_strdup ((const gchar *) sqlite3_column_text (stmt, 2));
  p->kind = g_strdup ((const gchar *) sqlite3_column_text (stmt, 3));
  p->muted = sqlite3_column_int (stmt, 4) != 0;
  p->hand_raised = sqlite3_column_int (stmt, 5) != 0;
  p->removed = sqlite3_column_int (stmt, 6) != 0;
  p->connected = sqlite3_column_int (stmt, 7) != 0;
  p->expires_at = g_strdup ((const gchar *) sqlite3_column_text (stmt, 8));
  return p;
}

gchar *
tribune_store_hash_token (const gchar *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static gchar *
iso_in_hours (guint hours)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) then = g_date_time_add_hours (now, (gint) hours);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static gchar *
iso_now (void)
{
  return iso_in_hours (0);
}

gboolean
tribune_plain_text_is_clean (const gchar *text)
{
  for (const gchar *c = text; *c; c = g_utf8_next_char (c)) {
    gunichar u = g_utf8_get_char (c);

    /* Control characters, the line and paragraph separators (they break a line in a page
     * or a label where none was typed) and non-characters: none belong in a name. */
    if (g_unichar_iscntrl (u) || u == 0x2028 || u == 0x2029 ||
        (u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE)
      return FALSE;
  }
  return TRUE;
}

void
tribune_store_new_token (gchar **token, gchar **hash)
{
  guint8 raw[32];
  gchar *text;

  /* 256 random bits, URL-safe; only the hash is kept. */
  randombytes_buf (raw, sizeof raw);
  text = g_base64_encode (raw, sizeof raw);
  for (gchar *c = text; *c; c++) {
    if (*c == '+')
      *c = '-';
    else if (*c == '/')
      *c = '_';
    else if (*c == '=')
      *c = '\0';
  }
  *hash = tribune_store_hash_token (text);
  *token = text;
}

gint64
tribune_store_participant_insert (TribuneStore *store, gint64 meeting_id, const gchar *name,
                                  const gchar *kind, const gchar *token_hash,
                                  guint valid_hours, gint64 created_by, gchar **expires_at,
                                  GError **error)
{
  g_autofree gchar *clean = tribune_questions_clean_text (name, 1, 80, "name", error);
  g_autofree gchar *expires = NULL, *now = NULL;
  sqlite3_stmt *stmt;

  if (clean == NULL)
    return 0;
  if (!tribune_plain_text_is_clean (clean)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "name has a control character, a line separator or a non-character");
    return 0;
  }
  if (kind == NULL)
    kind = "member";
  if (!g_str_equal (kind, "member") && !g_str_equal (kind, "resident")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "kind is \"member\" or \"resident\"");
    return 0;
  }
  if (!tribune_questions_meeting_exists (store, meeting_id, error))
    return 0;
  expires = iso_in_hours (valid_hours);
  now = iso_now ();
  stmt = tribune_store_prepare (store,
      "INSERT INTO participants (meeting_id, name, kind, token_hash, expires_at, created_at, "
      "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0))");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, expires, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, created_by);
  if (!tribune_store_step_done (store, stmt, error))
    return 0;
  if (expires_at)
    *expires_at = g_steal_pointer (&expires);
  return sqlite3_last_insert_rowid (tribune_store_db (store));
}

JsonNode *
tribune_store_invite_create (TribuneStore *store, gint64 meeting_id, const gchar *name,
                             const gchar *kind, guint valid_hours, gint64 created_by,
                             GError **error)
{
  g_autofree gchar *token = NULL, *hash = NULL, *expires = NULL, *url = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (TribuneParticipant) p = NULL;
  gint64 id;

  tribune_store_new_token (&token, &hash);
  id = tribune_store_participant_insert (store, meeting_id, name, kind, hash, valid_hours,
                                         created_by, &expires, error);
  if (id == 0)
    return NULL;
  p = tribune_store_participant_get (store, meeting_id, id, error);
  if (p == NULL)
    return NULL;
  url = g_strdup_printf ("/join/%" G_GINT64_FORMAT "?t=%s", meeting_id, token);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, p->name);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, p->kind);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "url");
  json_builder_add_string_value (b, url);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, expires);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

TribuneParticipant *
tribune_store_participant_by_token (TribuneStore *store, gint64 meeting_id,
                                    const gchar *token, GError **error)
{
  g_autofree gchar *hash = NULL, *now = iso_now ();
  sqlite3_stmt *stmt;
  TribuneParticipant *p = NULL;

  if (token == NULL || *token == '\0' || strlen (token) > 200) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAUTHORIZED,
                 "this link has no valid invite code; ask the secretary for a new link");
    return NULL;
  }
  hash = tribune_store_hash_token (token);
  stmt = tribune_store_prepare (store,
      "SELECT " P_COLUMNS " FROM participants WHERE meeting_id = ?1 AND token_hash = ?2");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    p = from_row (stmt);
  sqlite3_finalize (stmt);
  if (p == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAUTHORIZED,
                 "this invite link is not valid for this meeting; ask the secretary for a "
                 "new link");
    return NULL;
  }
  /* ISO 8601 UTC strings of one format compare as times. */
  if (g_strcmp0 (p->expires_at, now) <= 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAUTHORIZED,
                 "this invite link expired at %s; ask the secretary for a new link",
                 p->expires_at);
    tribune_participant_free (p);
    return NULL;
  }
  return p;
}

TribuneParticipant *
tribune_store_participant_get (TribuneStore *store, gint64 meeting_id, gint64 id,
                               GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT " P_COLUMNS " FROM participants WHERE meeting_id = ?1 AND id = ?2");
  TribuneParticipant *p = NULL;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    p = from_row (stmt);
  sqlite3_finalize (stmt);
  if (p == NULL)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND,
                 "no participant %" G_GINT64_FORMAT " in this meeting", id);
  return p;
}

GPtrArray *
tribune_store_participants_list (TribuneStore *store, gint64 meeting_id, GError **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) tribune_participant_free);
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT " P_COLUMNS " FROM participants WHERE meeting_id = ?1 ORDER BY id");

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, from_row (stmt));
  sqlite3_finalize (stmt);
  return list;
}

JsonNode *
tribune_participant_to_json (const TribuneParticipant *p)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, p->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, p->name);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, p->kind);
  json_builder_set_member_name (b, "connected");
  json_builder_add_boolean_value (b, p->connected);
  json_builder_set_member_name (b, "muted");
  json_builder_add_boolean_value (b, p->muted);
  json_builder_set_member_name (b, "hand_raised");
  json_builder_add_boolean_value (b, p->hand_raised);
  json_builder_set_member_name (b, "removed");
  json_builder_add_boolean_value (b, p->removed);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, p->expires_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
tribune_store_participant_set_flag (TribuneStore *store, gint64 meeting_id, gint64 id,
                                    const gchar *field, gboolean value, GError **error)
{
  static const char *const sql[] = {
    "UPDATE participants SET muted = ?3 WHERE meeting_id = ?1 AND id = ?2",
    "UPDATE participants SET hand_raised = ?3 WHERE meeting_id = ?1 AND id = ?2",
    "UPDATE participants SET removed = ?3 WHERE meeting_id = ?1 AND id = ?2",
  };
  gint which = g_strcmp0 (field, "muted") == 0 ? 0 :
               g_strcmp0 (field, "hand_raised") == 0 ? 1 :
               g_strcmp0 (field, "removed") == 0 ? 2 : -1;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (which >= 0, FALSE);
  stmt = tribune_store_prepare (store, sql[which]);
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_int (stmt, 3, value ? 1 : 0);
  if (!tribune_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (tribune_store_db (store)) == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND,
                 "no participant %" G_GINT64_FORMAT " in this meeting", id);
    return FALSE;
  }
  return TRUE;
}

gboolean
tribune_store_participant_set_connected (TribuneStore *store, gint64 id, gboolean connected,
                                         GError **error)
{
  g_autofree gchar *now = iso_now ();
  sqlite3_stmt *stmt = tribune_store_prepare (store, connected
      ? "UPDATE participants SET connected = 1, joined_at = ?2 WHERE id = ?1 AND connected = 0"
      : "UPDATE participants SET connected = 0, left_at = ?2 WHERE id = ?1 AND connected = 1");

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  return tribune_store_step_done (store, stmt, error);
}

gboolean
tribune_store_participant_delete (TribuneStore *store, gint64 meeting_id, gint64 id,
                                  GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "DELETE FROM participants WHERE meeting_id = ?1 AND id = ?2");

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, id);
  if (!tribune_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (tribune_store_db (store)) == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND,
                 "no participant %" G_GINT64_FORMAT " in this meeting", id);
    return FALSE;
  }
  return TRUE;
}

gboolean
tribune_store_meeting_set_layout (TribuneStore *store, gint64 meeting_id, const gchar *kind,
                                  gint64 focus, GError **error)
{
  sqlite3_stmt *stmt;

  if (g_strcmp0 (kind, "focus") != 0 && g_strcmp0 (kind, "grid") != 0 &&
      g_strcmp0 (kind, "hall") != 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "layout kind is \"focus\", \"grid\" or \"hall\"");
    return FALSE;
  }
  if (focus != 0) {
    g_autoptr (TribuneParticipant) p = tribune_store_participant_get (store, meeting_id,
                                                                      focus, error);
    if (p == NULL)
      return FALSE;
  }
  if (!tribune_questions_meeting_exists (store, meeting_id, error))
    return FALSE;
  stmt = tribune_store_prepare (store,
      "UPDATE meetings SET layout_kind = ?2, layout_focus = nullif(?3, 0) WHERE id = ?1");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, focus);
  return tribune_store_step_done (store, stmt, error);
}

gboolean
tribune_store_meeting_layout (TribuneStore *store, gint64 meeting_id, gchar **kind,
                              gint64 *focus, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT layout_kind, coalesce(layout_focus, 0) FROM meetings WHERE id = ?1");
  gboolean found = FALSE;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW) {
    *kind = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
    *focus = sqlite3_column_int64 (stmt, 1);
    found = TRUE;
  }
  sqlite3_finalize (stmt);
  if (!found)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
  return found;
}

GArray *
tribune_store_participants_connected_in_room (TribuneStore *store, const gchar *room)
{
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT p.id, p.meeting_id FROM participants p JOIN meetings m ON m.id = p.meeting_id "
      "WHERE m.room = ?1 AND p.connected = 1");

  sqlite3_bind_text (stmt, 1, room, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64 (stmt, 0), meeting = sqlite3_column_int64 (stmt, 1);
    g_array_append_val (pairs, id);
    g_array_append_val (pairs, meeting);
  }
  sqlite3_finalize (stmt);
  return pairs;
}

gint64
tribune_store_participant_meeting (TribuneStore *store, gint64 id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT meeting_id FROM participants WHERE id = ?1");
  gint64 meeting = 0;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    meeting = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return meeting;
}
