/* recording-index.c — see recording-index.h. Every value is bound, never printed into
 * SQL. */
#include "recording-index.h"
#include "store-rows.h"
#include "tribune-error.h"

void
tribune_chapter_free (TribuneChapter *chapter)
{
  if (chapter == NULL)
    return;
  g_free (chapter->title);
  g_free (chapter);
}

/* ISO 8601 UTC text, like the other times in the database, from µs since the epoch. */
#define ISO_OF_US(x) "strftime('%Y-%m-%dT%H:%M:%SZ', (" x ") / 1000000, 'unixepoch')"

void
tribune_recording_index_close_open (TribuneStore *store, gint64 meeting_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "UPDATE recordings SET ended_at = coalesce("
      "  (SELECT " ISO_OF_US ("max(s.start_us + s.duration_us)")
      "   FROM segments s WHERE s.recording_id = recordings.id),"
      "  started_at) "
      "WHERE meeting_id = ? AND ended_at IS NULL");

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

void
tribune_recording_index_close_finished (TribuneStore *store)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "UPDATE recordings SET ended_at = coalesce("
      "  (SELECT " ISO_OF_US ("max(s.start_us + s.duration_us)")
      "   FROM segments s WHERE s.recording_id = recordings.id),"
      "  started_at) "
      "WHERE ended_at IS NULL AND meeting_id IN (SELECT id FROM meetings "
      "  WHERE status != 'live')");

  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

gboolean
tribune_recording_index_is_open (TribuneStore *store, gint64 meeting_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT 1 FROM recordings WHERE "
                                              "meeting_id = ? AND ended_at IS NULL");
  gboolean open;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  open = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return open;
}

gint64
tribune_recording_index_begin (TribuneStore *store, gint64 meeting_id, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "INSERT INTO recordings (meeting_id, started_at) "
      "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) RETURNING id");
  gint64 id = 0;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "cannot add a recording to the database: %s",
                 sqlite3_errmsg (tribune_store_db (store)));
  sqlite3_finalize (stmt);
  return id;
}

guint64
tribune_recording_index_total_bytes (TribuneStore *store)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT coalesce(sum(bytes), 0) FROM segments");
  guint64 total = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    total = (guint64) MAX (0, sqlite3_column_int64 (stmt, 0));
  sqlite3_finalize (stmt);
  return total;
}

void
tribune_recording_index_end (TribuneStore *store, gint64 recording_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "UPDATE recordings SET ended_at = coalesce("
      "  (SELECT " ISO_OF_US ("max(s.start_us + s.duration_us)")
      "   FROM segments s WHERE s.recording_id = recordings.id),"
      "  strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
      "WHERE id = ?");

  sqlite3_bind_int64 (stmt, 1, recording_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

gboolean
tribune_recording_index_add_segment (TribuneStore *store, gint64 recording_id,
                                     gint64 sequence, const gchar *file, gint64 start_us,
                                     gint64 duration_us, gint64 bytes, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "INSERT INTO segments (recording_id, sequence, file, start_us, duration_us, bytes) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  gboolean ok;

  sqlite3_bind_int64 (stmt, 1, recording_id);
  sqlite3_bind_int64 (stmt, 2, sequence);
  sqlite3_bind_text (stmt, 3, file, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, start_us);
  sqlite3_bind_int64 (stmt, 5, MAX (duration_us, 1));
  sqlite3_bind_int64 (stmt, 6, bytes);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE, "cannot index %s: %s", file,
                 sqlite3_errmsg (tribune_store_db (store)));
  sqlite3_finalize (stmt);
  return ok;
}

gchar *
tribune_recording_index_segment_file (TribuneStore *store, gint64 meeting_id,
                                      gint64 recording_id, gint64 sequence)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT s.file FROM segments s JOIN recordings r ON r.id = s.recording_id "
      "WHERE r.meeting_id = ? AND r.id = ? AND s.sequence = ?");
  gchar *file = NULL;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, recording_id);
  sqlite3_bind_int64 (stmt, 3, sequence);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    file = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return file;
}

TribuneTimeline *
tribune_recording_index_timeline (TribuneStore *store, gint64 meeting_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT s.recording_id, s.sequence, s.start_us, s.duration_us FROM segments s "
      "JOIN recordings r ON r.id = s.recording_id WHERE r.meeting_id = ? "
      "ORDER BY s.recording_id, s.sequence");
  TribuneTimeline *timeline = tribune_timeline_new ();

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    tribune_timeline_append (timeline, sqlite3_column_int64 (stmt, 0),
                             sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
                             sqlite3_column_int64 (stmt, 3));
  sqlite3_finalize (stmt);
  return timeline;
}

GPtrArray *
tribune_recording_index_chapters (TribuneStore *store, gint64 meeting_id)
{
  /* The first row of each item (earliest start, then lowest id). */
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT c.id, c.item_id, a.title, c.start_us, c.corrected FROM chapters c "
      "JOIN agenda_items a ON a.id = c.item_id WHERE c.meeting_id = ?1 AND c.id = "
      "  (SELECT c2.id FROM chapters c2 WHERE c2.meeting_id = ?1 AND c2.item_id = c.item_id "
      "   ORDER BY c2.start_us, c2.id LIMIT 1) "
      "ORDER BY c.start_us, c.id");
  GPtrArray *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) tribune_chapter_free);

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    TribuneChapter *c = g_new0 (TribuneChapter, 1);

    c->id = sqlite3_column_int64 (stmt, 0);
    c->item_id = sqlite3_column_int64 (stmt, 1);
    c->title = g_strdup ((const gchar *) sqlite3_column_text (stmt, 2));
    c->start_us = sqlite3_column_int64 (stmt, 3);
    c->corrected = sqlite3_column_int (stmt, 4) != 0;
    g_ptr_array_add (chapters, c);
  }
  sqlite3_finalize (stmt);
  return chapters;
}

void
tribune_turn_free (TribuneTurn *t)
{
  if (t == NULL)
    return;
  g_free (t->title);
  g_free (t);
}

GPtrArray *
tribune_recording_index_turns (TribuneStore *store, gint64 meeting_id)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store,
      "SELECT id, coalesce(item_id, 0), name, topic, started_us, coalesce(ended_us, 0) "
      "FROM speakers WHERE meeting_id = ?1 AND started_us IS NOT NULL ORDER BY started_us, id");
  GPtrArray *turns = g_ptr_array_new_with_free_func ((GDestroyNotify) tribune_turn_free);

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    TribuneTurn *t = g_new0 (TribuneTurn, 1);

    t->id = sqlite3_column_int64 (stmt, 0);
    t->item_id = sqlite3_column_int64 (stmt, 1);
    /* The archive's words are Dutch like the lower third's; the pages translate the
     * "turns" in the JSON themselves. */
    t->title = g_strdup_printf ("Inspreker: %s – %s", sqlite3_column_text (stmt, 2),
                                sqlite3_column_text (stmt, 3));
    t->start_us = sqlite3_column_int64 (stmt, 4);
    t->stop_us = sqlite3_column_int64 (stmt, 5);
    g_ptr_array_add (turns, t);
  }
  sqlite3_finalize (stmt);
  return turns;
}

const gchar *
tribune_recording_index_meeting_status (TribuneStore *store, gint64 meeting_id, gchar *buf,
                                        gsize len)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT status FROM meetings WHERE id = ?");
  const gchar *status = NULL;

  sqlite3_bind_int64 (stmt, 1, meeting_id);
  if (sqlite3_step (stmt) == SQLITE_ROW) {
    g_strlcpy (buf, (const gchar *) sqlite3_column_text (stmt, 0), len);
    status = buf;
  }
  sqlite3_finalize (stmt);
  return status;
}

gboolean
tribune_recording_index_move_chapter (TribuneStore *store, gint64 meeting_id, gint64 item_id,
                                      gint64 wall_us, GError **error)
{
  sqlite3 *db = tribune_store_db (store);
  sqlite3_stmt *stmt;
  gint64 keep = 0;

  /* One transaction: the item never has zero or two chapters in between. */
  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  stmt = tribune_store_prepare (store, "SELECT id FROM chapters WHERE meeting_id = ? AND "
                                       "item_id = ? ORDER BY start_us, id LIMIT 1");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    keep = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (keep == 0) {
    /* The chair skipped the item (or clicked past it): the archivist puts it on the
     * recording afterwards — if it is on this meeting's agenda. */
    stmt = tribune_store_prepare (store, "INSERT INTO chapters (meeting_id, item_id, "
                                         "start_us, corrected) SELECT ?1, id, ?3, 1 FROM "
                                         "agenda_items WHERE id = ?2 AND meeting_id = ?1");
    sqlite3_bind_int64 (stmt, 1, meeting_id);
    sqlite3_bind_int64 (stmt, 2, item_id);
    sqlite3_bind_int64 (stmt, 3, wall_us);
    sqlite3_step (stmt);
    sqlite3_finalize (stmt);
    if (sqlite3_changes (db) != 1) {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND,
                   "this item is not on this meeting's agenda");
      return FALSE;
    }
    keep = sqlite3_last_insert_rowid (db);
  } else {
    stmt = tribune_store_prepare (store, "UPDATE chapters SET start_us = ?, corrected = 1 "
                                         "WHERE id = ?");
    sqlite3_bind_int64 (stmt, 1, wall_us);
    sqlite3_bind_int64 (stmt, 2, keep);
    sqlite3_step (stmt);
    sqlite3_finalize (stmt);
  }
  stmt = tribune_store_prepare (store, "DELETE FROM chapters WHERE meeting_id = ? AND "
                                       "item_id = ? AND id != ?");
  sqlite3_bind_int64 (stmt, 1, meeting_id);
  sqlite3_bind_int64 (stmt, 2, item_id);
  sqlite3_bind_int64 (stmt, 3, keep);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE,
                 "the database is busy; try again");
    return FALSE;
  }
  return TRUE;
}
