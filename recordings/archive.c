/* archive.c — see archive.h. */
#include "archive.h"
#include "tribune-error.h"

TribuneArchive *
tribune_archive_new (gint64 meeting_id, gboolean ended, TribuneTimeline *timeline,
                     GPtrArray *chapters)
{
  TribuneArchive *a = g_new0 (TribuneArchive, 1);

  a->meeting_id = meeting_id;
  a->ended = ended;
  a->timeline = timeline;
  a->chapters = chapters;
  for (guint i = 0; i < chapters->len; i++) {
    TribuneChapter *c = g_ptr_array_index (chapters, i);
    c->offset_us = tribune_timeline_offset_of (timeline, c->start_us);
  }
  for (guint i = 0; i < chapters->len; i++) {
    TribuneChapter *c = g_ptr_array_index (chapters, i);
    c->end_us = i + 1 < chapters->len
                  ? ((TribuneChapter *) g_ptr_array_index (chapters, i + 1))->offset_us
                  : tribune_timeline_duration_us (timeline);
  }
  return a;
}

TribuneArchive *
tribune_archive_load (TribuneStore *store, gint64 meeting_id, GError **error)
{
  gchar buf[16];
  const gchar *status = tribune_recording_index_meeting_status (store, meeting_id, buf,
                                                                sizeof buf);

  if (status == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such meeting");
    return NULL;
  }
  /* Final once the meeting ended and its last segment is in (recorder.h, "finish"): a
   * playlist marked complete a second early would never show that segment. */
  {
    TribuneArchive *a = tribune_archive_new (meeting_id, g_str_equal (status, "ended") &&
                                             !tribune_recording_index_is_open (store, meeting_id),
                                             tribune_recording_index_timeline (store, meeting_id),
                                             tribune_recording_index_chapters (store, meeting_id));
    tribune_archive_set_turns (a, tribune_recording_index_turns (store, meeting_id));
    return a;
  }
}

void
tribune_archive_set_turns (TribuneArchive *a, GPtrArray *turns)
{
  gint64 duration = tribune_timeline_duration_us (a->timeline);

  g_clear_pointer (&a->turns, g_ptr_array_unref);
  a->turns = turns;
  for (guint i = 0; i < turns->len; i++) {
    TribuneTurn *t = g_ptr_array_index (turns, i);

    t->offset_us = tribune_timeline_offset_of (a->timeline, t->start_us);
    /* A turn still running reaches to the end of what is recorded. */
    t->end_us = t->stop_us ? tribune_timeline_offset_of (a->timeline, t->stop_us) : duration;
    t->end_us = MIN (MAX (t->end_us, t->offset_us), duration);
  }
}

void
tribune_archive_free (TribuneArchive *a)
{
  if (a == NULL)
    return;
  tribune_timeline_free (a->timeline);
  g_ptr_array_unref (a->chapters);
  g_clear_pointer (&a->turns, g_ptr_array_unref);
  g_free (a);
}

const TribuneChapter *
tribune_archive_chapter (TribuneArchive *a, gint64 item_id)
{
  for (guint i = 0; i < a->chapters->len; i++) {
    const TribuneChapter *c = g_ptr_array_index (a->chapters, i);
    if (c->item_id == item_id)
      return c;
  }
  return NULL;
}

gboolean
tribune_archive_chapter_segments (TribuneArchive *a, const TribuneChapter *c, guint *first,
                                  guint *last)
{
  return tribune_timeline_range (a->timeline, c->offset_us, c->end_us, first, last);
}

gboolean
tribune_archive_chapter_closed (TribuneArchive *a, const TribuneChapter *c)
{
  return a->ended || c != g_ptr_array_index (a->chapters, a->chapters->len - 1);
}
