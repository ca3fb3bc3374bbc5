/* store-meetings.c — see store-meetings.h. Every value is bound, never printed into SQL. */
#include "store-meetings.h"
#include "archive-json.h"
#include "store-agenda.h"
#include "store-rows.h"
#include "tribune-error.h"

#include <string.h>

gchar *
tribune_iso8601_to_utc (const gchar *text)
{
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GDateTime) utc = NULL;

  if (text == NULL || strlen (text) > 64)
    return NULL;
  dt = g_date_time_new_from_iso8601 (text, NULL);   /* NULL zone: the text must have one */
  if (dt == NULL)
    return NULL;
  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
slug_is_valid (const gchar *slug)
{
  gsize n = slug ? strlen (slug) : 0;

  if (n == 0 || n > 64)
    return FALSE;
  for (const gchar *p = slug; *p; p++) {
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  }
  return TRUE;
}

static gboolean
text_is_valid (const gchar *text, gsize max)
{
  return text != NULL && *text != '\0' && strlen (text) <= max &&
         g_utf8_validate (text, -1, NULL);
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int i, const gchar *text)
{
  if (text)
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

JsonNode *
tribune_store_councils_list (TribuneStore *store)
{
  return tribune_store_rows_to_json (tribune_store_prepare (store, "SELECT id, slug, name, advice_term_days, created_at FROM councils "
                                       "ORDER BY name"), "councils");
}

JsonNode *
tribune_store_council_add (TribuneStore *store, const gchar *slug, const gchar *name,
                           gint advice_term_days, GError **error)
{
  sqlite3_stmt *stmt;
  JsonNode *node = NULL;

  if (!slug_is_valid (slug) || !text_is_valid (name, 200)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "a council needs a name (1 to 200 characters) and a slug "
                 "(1 to 64 of a-z, 0-9 and -)");
    return NULL;
  }
  if (advice_term_days < 0 || advice_term_days > 365) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "advice_term_days: the municipality's answer term, 1 to 365 days");
    return NULL;
  }
  stmt = tribune_store_prepare (store, "INSERT INTO councils (slug, name, advice_term_days) "
                         "VALUES (?, ?, ?) RETURNING id, slug, name, advice_term_days, created_at");
  sqlite3_bind_text (stmt, 1, slug, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, advice_term_days ? advice_term_days : 42);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = tribune_store_row_to_json (stmt);
  else
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "a council with the slug '%s' exists", slug);
  sqlite3_finalize (stmt);
  return node;
}

gint64
tribune_store_council_find (TribuneStore *store, const gchar *council)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT id FROM councils WHERE slug = ?1 OR "
                                       "(?1 GLOB '[0-9]*' AND id = CAST(?1 AS INTEGER))");
  gint64 id = 0;

  sqlite3_bind_text (stmt, 1, council ? council : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

#define MEETING_COLUMNS \
  "m.id, m.council_id AS council, c.slug AS council_slug, c.name AS council_name, " \
  "m.title, m.room, m.starts_at, " \
  "m.status, m.current_item_id AS current_item, m.started_at, m.ended_at"

JsonNode *
tribune_store_meetings_list (TribuneStore *store, gint64 council_id, const gchar *from,
                             const gchar *to, GError **error)
{
  g_autofree gchar *from_utc = from ? tribune_iso8601_to_utc (from) : NULL;
  g_autofree gchar *to_utc = to ? tribune_iso8601_to_utc (to) : NULL;
  sqlite3_stmt *stmt;

  if ((from && !from_utc) || (to && !to_utc)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "from and to are ISO 8601 times with a zone, e.g. 2026-12-01T00:00:00Z");
    return NULL;
  }
  stmt = tribune_store_prepare (store, "SELECT " MEETING_COLUMNS " FROM meetings m JOIN councils c ON "
                         "c.id = m.council_id WHERE (?1 = 0 OR m.council_id = ?1) AND "
                         "(?2 IS NULL OR m.starts_at >= ?2) AND (?3 IS NULL OR "
                         "m.starts_at < ?3) ORDER BY m.starts_at");
  sqlite3_bind_int64 (stmt, 1, council_id);
  bind_text_or_null (stmt, 2, from_utc);
  bind_text_or_null (stmt, 3, to_utc);
  return tribune_store_rows_to_json (stmt, "meetings");
}

JsonNode *
tribune_store_meeting_get (TribuneStore *store, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT " MEETING_COLUMNS " FROM meetings m JOIN "
                                       "councils c ON c.id = m.council_id WHERE m.id = ?");
  JsonNode *node = NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = tribune_store_row_to_json (stmt);
  else
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
  sqlite3_finalize (stmt);
  /* The agenda with its chapters and the recording (recordings/archive-json.h). */
  if (node)
    tribune_archive_json_add (store, json_node_get_object (node));
  return node;
}

JsonNode *
tribune_store_meeting_get_light (TribuneStore *store, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT " MEETING_COLUMNS " FROM meetings m JOIN "
                                       "councils c ON c.id = m.council_id WHERE m.id = ?");
  JsonNode *node = NULL;
  g_autoptr (JsonNode) agenda = NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    node = tribune_store_row_to_json (stmt);
  else
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
  sqlite3_finalize (stmt);
  if (node == NULL)
    return NULL;
  /* The agenda without chapters or recording: no timeline to load. */
  agenda = tribune_store_agenda_list (store, id, NULL);
  json_object_set_array_member (json_node_get_object (node), "agenda",
      agenda ? json_array_ref (json_object_get_array_member (json_node_get_object (agenda),
                                                             "items"))
             : json_array_new ());
  return node;
}

static gboolean
check_meeting_fields (const gchar *title, const gchar *room, const gchar *starts_utc,
                      const gchar *starts_given, GError **error)
{
  if (title && !text_is_valid (title, 200)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "title has 1 to 200 characters");
    return FALSE;
  }
  if (room && !slug_is_valid (room)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "room is a room id");
    return FALSE;
  }
  if (starts_given && !starts_utc) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "starts_at is an ISO 8601 time with a zone, e.g. 2026-12-01T19:00:00Z");
    return FALSE;
  }
  return TRUE;
}

JsonNode *
tribune_store_meeting_add (TribuneStore *store, gint64 council_id, const gchar *title,
                           const gchar *room, const gchar *starts_at, GError **error)
{
  g_autofree gchar *starts_utc = tribune_iso8601_to_utc (starts_at);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (title == NULL || room == NULL || starts_at == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "a meeting needs council, title, room and starts_at");
    return NULL;
  }
  if (!check_meeting_fields (title, room, starts_utc, starts_at, error))
    return NULL;
  stmt = tribune_store_prepare (store, "INSERT INTO meetings (council_id, title, room, starts_at) "
                         "VALUES (?, ?, ?, ?)");
  sqlite3_bind_int64 (stmt, 1, council_id);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, room, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, starts_utc, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (tribune_store_db (store));
  sqlite3_finalize (stmt);
  if (id == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such council");
    return NULL;
  }
  return tribune_store_meeting_get (store, id, error);
}

static const gchar *
meeting_status (TribuneStore *store, gint64 id, gchar *buf, gsize len)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT status FROM meetings WHERE id = ?");
  const gchar *status = NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW) {
    g_strlcpy (buf, (const gchar *) sqlite3_column_text (stmt, 0), len);
    status = buf;
  }
  sqlite3_finalize (stmt);
  return status;
}

JsonNode *
tribune_store_meeting_update (TribuneStore *store, gint64 id, const gchar *title,
                              const gchar *room, const gchar *starts_at, GError **error)
{
  g_autofree gchar *starts_utc = starts_at ? tribune_iso8601_to_utc (starts_at) : NULL;
  gchar buf[16];
  const gchar *status = meeting_status (store, id, buf, sizeof buf);
  sqlite3_stmt *stmt;

  if (status == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
    return NULL;
  }
  if (g_str_equal (status, "ended")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "the meeting has ended; it can no longer change");
    return NULL;
  }
  if (!check_meeting_fields (title, room, starts_utc, starts_at, error))
    return NULL;
  /* The room is on air and recording this meeting: moving it would leave both behind. */
  if (room && g_str_equal (status, "live")) {
    sqlite3_stmt *same = tribune_store_prepare (store, "SELECT room = ? FROM meetings WHERE id = ?");
    gboolean unchanged;

    sqlite3_bind_text (same, 1, room, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (same, 2, id);
    unchanged = sqlite3_step (same) == SQLITE_ROW && sqlite3_column_int (same, 0) == 1;
    sqlite3_finalize (same);
    if (!unchanged) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                   "the meeting is live in its room; end it before moving it to another room");
      return NULL;
    }
  }
  stmt = tribune_store_prepare (store, "UPDATE meetings SET title = coalesce(?, title), "
                         "room = coalesce(?, room), starts_at = coalesce(?, starts_at) "
                         "WHERE id = ?");
  bind_text_or_null (stmt, 1, title);
  bind_text_or_null (stmt, 2, room);
  bind_text_or_null (stmt, 3, starts_utc);
  sqlite3_bind_int64 (stmt, 4, id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return tribune_store_meeting_get (store, id, error);
}

gboolean
tribune_store_meeting_delete (TribuneStore *store, gint64 id, GError **error)
{
  gchar buf[16];
  const gchar *status = meeting_status (store, id, buf, sizeof buf);
  sqlite3_stmt *stmt;

  if (status == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
    return FALSE;
  }
  if (g_str_equal (status, "live")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "the meeting is live; end it first");
    return FALSE;
  }
  /* A recorded meeting is part of the public record: its rows would go with it and
   * leave its files unindexed, i.e. lost. Refuse rather than lose a recording. */
  stmt = tribune_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM recordings r JOIN "
                                       "segments s ON s.recording_id = r.id WHERE r.meeting_id = ?)");
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0)) {
    sqlite3_finalize (stmt);
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "the meeting has a recording, which the archive keeps; it cannot be deleted");
    return FALSE;
  }
  sqlite3_finalize (stmt);
  stmt = tribune_store_prepare (store, "DELETE FROM meetings WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
transition (TribuneStore *store, gint64 id, const gchar *from, const gchar *sql,
            const gchar *refusal, GError **error)
{
  gchar buf[16];
  const gchar *status = meeting_status (store, id, buf, sizeof buf);
  sqlite3_stmt *stmt;

  if (status == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
    return FALSE;
  }
  if (!g_str_equal (status, from)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT, "%s (it is %s)", refusal,
                 status);
    return FALSE;
  }
  stmt = tribune_store_prepare (store, sql);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return TRUE;
}

JsonNode *
tribune_store_meeting_start (TribuneStore *store, gint64 id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT o.id FROM meetings m JOIN meetings o ON o.room = m.room AND o.id != m.id "
      "WHERE m.id = ? AND o.status = 'live'");
  gint64 other = 0;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    other = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (other) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "meeting %" G_GINT64_FORMAT " is live in this room; end it first", other);
    return NULL;
  }
  if (!transition (store, id, "planned",
                   "UPDATE meetings SET status = 'live', started_at = "
                   "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                   "only a planned meeting can start", error))
    return NULL;
  return tribune_store_meeting_get (store, id, error);
}

JsonNode *
tribune_store_meeting_end (TribuneStore *store, gint64 id, GError **error)
{
  if (!transition (store, id, "live",
                   "UPDATE meetings SET status = 'ended', ended_at = "
                   "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?",
                   "only a live meeting can end", error))
    return NULL;
  return tribune_store_meeting_get (store, id, error);
}

JsonNode *
tribune_store_meeting_set_current (TribuneStore *store, gint64 id, gint64 item_id,
                                   gint64 wall_us, GError **error)
{
  gchar buf[16];
  const gchar *status = meeting_status (store, id, buf, sizeof buf);
  sqlite3_stmt *stmt;
  gboolean belongs;

  if (status == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
    return NULL;
  }
  if (!g_str_equal (status, "live")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "the meeting is %s; items become current only while it is live", status);
    return NULL;
  }
  stmt = tribune_store_prepare (store, "SELECT 1 FROM agenda_items WHERE id = ? AND "
                                       "meeting_id = ?");
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, id);
  belongs = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (!belongs) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such agenda item");
    return NULL;
  }
  /* One transaction: the current item and its chapter mark change together. */
  sqlite3_exec (tribune_store_db (store), "BEGIN IMMEDIATE", NULL, NULL, NULL);
  stmt = tribune_store_prepare (store, "UPDATE meetings SET current_item_id = ? WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, item_id);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  stmt = tribune_store_prepare (store, "INSERT INTO chapters (meeting_id, item_id, start_us) "
                                       "VALUES (?, ?, ?)");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  sqlite3_bind_int64 (stmt, 3, wall_us);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  sqlite3_exec (tribune_store_db (store), "COMMIT", NULL, NULL, NULL);
  return tribune_store_meeting_get (store, id, error);
}

GArray *
tribune_store_live_meetings (TribuneStore *store)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT id FROM meetings WHERE status = 'live' ORDER BY id");
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  while (sqlite3_step (stmt) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64 (stmt, 0);
    g_array_append_val (ids, id);
  }
  sqlite3_finalize (stmt);
  return ids;
}

gint64
tribune_store_room_live_meeting (TribuneStore *store, const gchar *room)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT id FROM meetings WHERE room = ? AND status = 'live'");
  gint64 id = 0;

  sqlite3_bind_text (stmt, 1, room, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}
