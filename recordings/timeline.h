/* timeline.h — a meeting's recording timeline: its segments one after another, with the
 * time between them (a crash, a full disk) left out.
 *
 * Segments carry wall-clock times; the archive speaks in offsets on this timeline
 * (seconds from the start of the recording, what a player's currentTime shows). This
 * file maps between the two and finds the segments of a time range. Pure: no I/O, no
 * database, unit-tested (tests/unit/test-timeline.c).
 *
 * Rules:
 * - a wall-clock time inside a segment maps to that segment's offset plus the time into it;
 * - a time in a gap (or before the first segment) maps to the start of the next segment;
 * - a time after the last segment maps to the end of the timeline.
 * A gap is a change of recording, a missing sequence number within one recording, or
 * more than TRIBUNE_TIMELINE_GAP_US of wall clock between two segments (the HLS writer
 * restarted after a write error). Segment wall-clock times are estimates good to a few
 * tens of ms, hence the tolerance.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRIBUNE_TIMELINE_GAP_US (G_USEC_PER_SEC)

typedef struct {
  gint64 recording_id;
  gint64 sequence;
  gint64 start_us;          /* wall clock, µs since the epoch */
  gint64 duration_us;
  gint64 offset_us;         /* where it starts on the timeline (set by append) */
  gboolean after_gap;       /* not the direct continuation of the previous segment */
} TribuneTimelineSegment;

typedef struct _TribuneTimeline TribuneTimeline;

TribuneTimeline *tribune_timeline_new (void);
void tribune_timeline_free (TribuneTimeline *timeline);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneTimeline, tribune_timeline_free)

/* Append in recording order (recording id, then sequence). */
void tribune_timeline_append (TribuneTimeline *timeline, gint64 recording_id,
                              gint64 sequence, gint64 start_us, gint64 duration_us);
guint tribune_timeline_length (TribuneTimeline *timeline);
/* (transfer none) the @i-th segment. */
const TribuneTimelineSegment *tribune_timeline_get (TribuneTimeline *timeline, guint i);
gint64 tribune_timeline_duration_us (TribuneTimeline *timeline);

/* Wall clock → offset (µs), by the rules above; 0 for an empty timeline. */
gint64 tribune_timeline_offset_of (TribuneTimeline *timeline, gint64 wall_us);
/* Offset → wall clock; FALSE when @offset_us is outside [0, duration] or the timeline
 * is empty. The end maps to the end of the last segment. */
gboolean tribune_timeline_wall_at (TribuneTimeline *timeline, gint64 offset_us,
                                   gint64 *wall_us);
/* The segments that overlap [@from_us, @to_us) on the timeline: *@first .. *@last
 * (inclusive). FALSE when none does (empty range or outside the recording). */
gboolean tribune_timeline_range (TribuneTimeline *timeline, gint64 from_us, gint64 to_us,
                                 guint *first, guint *last);

G_END_DECLS
