/* test-timeline.c — the recording timeline (recordings/timeline.c): wall clock ↔ offset
 * with gaps collapsed, chapters in gaps, before and after the recording, the segments of
 * a range, and what counts as a gap. */
#include "timeline.h"

#define S ((gint64) G_USEC_PER_SEC)
#define T0 ((gint64) 1796000000 * S)     /* some evening in 2026 */

/* Recording 1: segments 0..2 at T0, T0+1, T0+2 (1 s each). A crash; recording 2:
 * segments 0..1 at T0+10, T0+11. Timeline: 5 s, the 7 s gap collapsed. */
static TribuneTimeline *
two_recordings (void)
{
  TribuneTimeline *t = tribune_timeline_new ();

  for (gint i = 0; i < 3; i++)
    tribune_timeline_append (t, 1, i, T0 + i * S, S);
  for (gint i = 0; i < 2; i++)
    tribune_timeline_append (t, 2, i, T0 + (10 + i) * S, S);
  return t;
}

static void
test_offset_inside_segments (void)
{
  g_autoptr (TribuneTimeline) t = two_recordings ();

  g_assert_cmpint (tribune_timeline_duration_us (t), ==, 5 * S);
  g_assert_cmpint (tribune_timeline_offset_of (t, T0), ==, 0);
  g_assert_cmpint (tribune_timeline_offset_of (t, T0 + 2 * S + S / 2), ==, 2 * S + S / 2);
  /* After the gap: 10.25 s of wall clock is 3.25 s into the recording. */
  g_assert_cmpint (tribune_timeline_offset_of (t, T0 + 10 * S + S / 4), ==, 3 * S + S / 4);
}

static void
test_offset_in_gap_is_next_segment (void)
{
  g_autoptr (TribuneTimeline) t = two_recordings ();

  /* The chair made an item current while the server was down: it starts where the
   * recording resumes. */
  g_assert_cmpint (tribune_timeline_offset_of (t, T0 + 5 * S), ==, 3 * S);
  g_assert_cmpint (tribune_timeline_offset_of (t, T0 + 3 * S), ==, 3 * S);
  g_assert_cmpint (tribune_timeline_offset_of (t, T0 + 10 * S - 1), ==, 3 * S);
}

static void
test_offset_before_and_after (void)
{
  g_autoptr (TribuneTimeline) t = two_recordings ();
  g_autoptr (TribuneTimeline) empty = tribune_timeline_new ();

  g_assert_cmpint (tribune_timeline_offset_of (t, T0 - 60 * S), ==, 0);
  g_assert_cmpint (tribune_timeline_offset_of (t, T0 + 12 * S), ==, 5 * S);
  g_assert_cmpint (tribune_timeline_offset_of (t, T0 + 3600 * S), ==, 5 * S);
  g_assert_cmpint (tribune_timeline_offset_of (empty, T0), ==, 0);
  g_assert_cmpint (tribune_timeline_duration_us (empty), ==, 0);
}

static void
test_wall_at_round_trip (void)
{
  g_autoptr (TribuneTimeline) t = two_recordings ();
  gint64 wall = 0;

  g_assert_true (tribune_timeline_wall_at (t, 0, &wall));
  g_assert_cmpint (wall, ==, T0);
  g_assert_true (tribune_timeline_wall_at (t, 3 * S + S / 2, &wall));
  g_assert_cmpint (wall, ==, T0 + 10 * S + S / 2);
  g_assert_true (tribune_timeline_wall_at (t, 5 * S, &wall));
  g_assert_cmpint (wall, ==, T0 + 12 * S);
  for (gint64 off = 0; off <= 5 * S; off += S / 10) {
    g_assert_true (tribune_timeline_wall_at (t, off, &wall));
    g_assert_cmpint (tribune_timeline_offset_of (t, wall), ==, off);
  }
  g_assert_false (tribune_timeline_wall_at (t, -1, &wall));
  g_assert_false (tribune_timeline_wall_at (t, 5 * S + 1, &wall));
}

/* Wall-clock estimates of neighbouring segments may overlap by a few ms: the mapping
 * must still be monotonic and round-trip. */
static void
test_overlapping_estimates (void)
{
  g_autoptr (TribuneTimeline) t = tribune_timeline_new ();
  gint64 wall = 0, previous = -1;

  tribune_timeline_append (t, 1, 0, T0, S);
  tribune_timeline_append (t, 1, 1, T0 + S - 20000, S);     /* starts 20 ms early */
  tribune_timeline_append (t, 1, 2, T0 + 2 * S - 10000, S);
  g_assert_false (tribune_timeline_get (t, 1)->after_gap);
  for (gint64 w = T0; w < T0 + 3 * S; w += 5000) {
    gint64 off = tribune_timeline_offset_of (t, w);
    g_assert_cmpint (off, >=, previous);
    previous = off;
  }
  g_assert_true (tribune_timeline_wall_at (t, S + S / 2, &wall));
  g_assert_cmpint (tribune_timeline_offset_of (t, wall), ==, S + S / 2);
}

static void
test_gaps (void)
{
  g_autoptr (TribuneTimeline) t = two_recordings ();
  g_autoptr (TribuneTimeline) u = tribune_timeline_new ();

  g_assert_false (tribune_timeline_get (t, 0)->after_gap);
  g_assert_false (tribune_timeline_get (t, 2)->after_gap);
  g_assert_true (tribune_timeline_get (t, 3)->after_gap);     /* new recording */
  g_assert_false (tribune_timeline_get (t, 4)->after_gap);
  g_assert_cmpint (tribune_timeline_get (t, 3)->offset_us, ==, 3 * S);

  tribune_timeline_append (u, 1, 0, T0, S);
  tribune_timeline_append (u, 1, 2, T0 + 2 * S, S);          /* segment 1 not stored */
  tribune_timeline_append (u, 1, 3, T0 + 6 * S, S);          /* writer restarted: 3 s */
  tribune_timeline_append (u, 1, 4, T0 + 7 * S + 900000, S); /* 0.9 s late: jitter */
  g_assert_true (tribune_timeline_get (u, 1)->after_gap);
  g_assert_true (tribune_timeline_get (u, 2)->after_gap);
  g_assert_false (tribune_timeline_get (u, 3)->after_gap);
}

static void
test_range (void)
{
  g_autoptr (TribuneTimeline) t = two_recordings ();
  guint first = 99, last = 99;

  g_assert_true (tribune_timeline_range (t, 0, 5 * S, &first, &last));
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (last, ==, 4);
  /* 1.5 s .. 3.2 s: segments 1, 2 and the first of recording 2. */
  g_assert_true (tribune_timeline_range (t, S + S / 2, 3 * S + S / 5, &first, &last));
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (last, ==, 3);
  /* A range ending on a boundary does not take the next segment. */
  g_assert_true (tribune_timeline_range (t, 0, 2 * S, &first, &last));
  g_assert_cmpuint (last, ==, 1);
  g_assert_false (tribune_timeline_range (t, 2 * S, 2 * S, &first, &last));
  g_assert_false (tribune_timeline_range (t, 5 * S, 6 * S, &first, &last));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/timeline/offset-inside-segments", test_offset_inside_segments);
  g_test_add_func ("/timeline/offset-in-gap-is-next-segment", test_offset_in_gap_is_next_segment);
  g_test_add_func ("/timeline/offset-before-and-after", test_offset_before_and_after);
  g_test_add_func ("/timeline/wall-at-round-trip", test_wall_at_round_trip);
  g_test_add_func ("/timeline/overlapping-estimates", test_overlapping_estimates);
  g_test_add_func ("/timeline/gaps", test_gaps);
  g_test_add_func ("/timeline/range", test_range);
  return g_test_run ();
}
