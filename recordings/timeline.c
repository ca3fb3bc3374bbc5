/* timeline.c — see timeline.h. Segments are few thousand at most (one a second for a
 * long evening), so the lookups are linear scans: simple and fast enough. */
#include "timeline.h"

struct _TribuneTimeline {
  GArray *segments;         /* TribuneTimelineSegment, in timeline order */
  gint64 duration_us;
};

TribuneTimeline *
tribune_timeline_new (void)
{
  TribuneTimeline *t = g_new0 (TribuneTimeline, 1);

  t->segments = g_array_new (FALSE, TRUE, sizeof (TribuneTimelineSegment));
  return t;
}

void
tribune_timeline_free (TribuneTimeline *t)
{
  if (t == NULL)
    return;
  g_array_unref (t->segments);
  g_free (t);
}

void
tribune_timeline_append (TribuneTimeline *t, gint64 recording_id, gint64 sequence,
                         gint64 start_us, gint64 duration_us)
{
  TribuneTimelineSegment s = { recording_id, sequence, start_us, MAX (duration_us, 0),
                               t->duration_us, FALSE };

  if (t->segments->len > 0) {
    const TribuneTimelineSegment *prev =
      &g_array_index (t->segments, TribuneTimelineSegment, t->segments->len - 1);
    s.after_gap = prev->recording_id != recording_id || prev->sequence + 1 != sequence ||
                  start_us - (prev->start_us + prev->duration_us) > TRIBUNE_TIMELINE_GAP_US;
  }
  g_array_append_val (t->segments, s);
  t->duration_us += s.duration_us;
}

guint
tribune_timeline_length (TribuneTimeline *t)
{
  return t->segments->len;
}

const TribuneTimelineSegment *
tribune_timeline_get (TribuneTimeline *t, guint i)
{
  g_return_val_if_fail (i < t->segments->len, NULL);
  return &g_array_index (t->segments, TribuneTimelineSegment, i);
}

gint64
tribune_timeline_duration_us (TribuneTimeline *t)
{
  return t->duration_us;
}

/* The last segment that started at or before @wall_us holds it (wall-clock estimates of
 * neighbours may overlap by a few ms; taking the later one makes wall_at ∘ offset_of
 * exact). Past its end (a gap) the time maps to where the next segment starts. */
gint64
tribune_timeline_offset_of (TribuneTimeline *t, gint64 wall_us)
{
  const TribuneTimelineSegment *holder = NULL;

  for (guint i = 0; i < t->segments->len; i++) {
    const TribuneTimelineSegment *s = tribune_timeline_get (t, i);

    if (s->start_us > wall_us)
      break;
    holder = s;
  }
  if (holder == NULL)
    return 0;                                    /* before the first segment */
  if (wall_us < holder->start_us + holder->duration_us)
    return holder->offset_us + (wall_us - holder->start_us);
  return holder->offset_us + holder->duration_us;
}

gboolean
tribune_timeline_wall_at (TribuneTimeline *t, gint64 offset_us, gint64 *wall_us)
{
  const TribuneTimelineSegment *last;

  if (t->segments->len == 0 || offset_us < 0 || offset_us > t->duration_us)
    return FALSE;
  for (guint i = 0; i < t->segments->len; i++) {
    const TribuneTimelineSegment *s = tribune_timeline_get (t, i);

    if (offset_us < s->offset_us + s->duration_us) {
      *wall_us = s->start_us + (offset_us - s->offset_us);
      return TRUE;
    }
  }
  last = tribune_timeline_get (t, t->segments->len - 1);
  *wall_us = last->start_us + last->duration_us;
  return TRUE;
}

gboolean
tribune_timeline_range (TribuneTimeline *t, gint64 from_us, gint64 to_us, guint *first,
                        guint *last)
{
  gboolean found = FALSE;

  for (guint i = 0; i < t->segments->len; i++) {
    const TribuneTimelineSegment *s = tribune_timeline_get (t, i);

    if (s->offset_us < to_us && s->offset_us + s->duration_us > from_us) {
      if (!found)
        *first = i;
      *last = i;
      found = TRUE;
    }
  }
  return found;
}
