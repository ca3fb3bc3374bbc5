/* test-retimer.c — input timestamps → program running time (pipelines/retimer.c). */
#include "retimer.h"

#define MS ((GstClockTime) GST_MSECOND)
#define MARGIN (30 * MS)               /* what input-bridge.c uses */
#define LATE (2 * MARGIN + 60 * MS)    /* late_limit for that margin: 120 ms */
#define EARLY (2 * GST_SECOND)

typedef struct {
  TribuneRetimer r;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  tribune_retimer_init (&f->r, MARGIN);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  tribune_retimer_clear (&f->r);
}

static void
test_init (Fixture *f, gconstpointer data)
{
  g_assert_false (f->r.anchored);
  g_assert_cmpuint (f->r.anchors, ==, 0);
  g_assert_cmpuint (f->r.margin, ==, MARGIN);
  g_assert_cmpuint (f->r.late_limit, ==, LATE);
  g_assert_cmpuint (f->r.early_limit, ==, EARLY);
}

static void
test_first_frame_anchors (Fixture *f, gconstpointer data)
{
  /* An input whose clock says 5 s arrives when the program is at 1 s. */
  g_assert_cmpuint (tribune_retimer_map (&f->r, 5 * GST_SECOND, 1 * GST_SECOND), ==,
                    1 * GST_SECOND + MARGIN);
  g_assert_true (f->r.anchored);
  g_assert_cmpuint (f->r.anchors, ==, 1);
}

static void
test_steady_stream_keeps_offset (Fixture *f, gconstpointer data)
{
  const GstClockTime pts0 = 5 * GST_SECOND, now0 = 1 * GST_SECOND;
  const GstClockTime frame = GST_SECOND / 30;

  tribune_retimer_map (&f->r, pts0, now0);
  /* 10 minutes at 30 fps with arrival jitter of up to ±40 ms: the offset holds. */
  for (guint i = 1; i < 30 * 600; i++) {
    GstClockTime pts = pts0 + i * frame;
    GstClockTime jitter = (i % 5) * 20 * MS;       /* 0..80 ms late */
    GstClockTime now = now0 + i * frame + jitter - 40 * MS;

    g_assert_cmpuint (tribune_retimer_map (&f->r, pts, now), ==, now0 + MARGIN + i * frame);
  }
  g_assert_cmpuint (f->r.anchors, ==, 1);
}

static void
test_audio_and_video_share_offset (Fixture *f, gconstpointer data)
{
  /* Lip sync: audio 20 ms ahead of video in the input stays 20 ms ahead. */
  GstClockTime v = tribune_retimer_map (&f->r, 10 * GST_SECOND, 3 * GST_SECOND);
  GstClockTime a = tribune_retimer_map (&f->r, 10 * GST_SECOND - 20 * MS, 3 * GST_SECOND);

  g_assert_cmpuint (v - a, ==, 20 * MS);
  g_assert_cmpuint (f->r.anchors, ==, 1);
}

static void
test_late_frame_reanchors (Fixture *f, gconstpointer data)
{
  GstClockTime out;

  tribune_retimer_map (&f->r, 5 * GST_SECOND, 1 * GST_SECOND);   /* offset: -3.97 s */

  /* Exactly at the late limit: kept (out + late_limit == now is not "late"). */
  out = tribune_retimer_map (&f->r, 5 * GST_SECOND, 1 * GST_SECOND + MARGIN + LATE);
  g_assert_cmpuint (out, ==, 1 * GST_SECOND + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 1);

  /* One nanosecond later: re-anchored at now + margin. */
  out = tribune_retimer_map (&f->r, 5 * GST_SECOND, 1 * GST_SECOND + MARGIN + LATE + 1);
  g_assert_cmpuint (out, ==, 1 * GST_SECOND + MARGIN + LATE + 1 + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 2);

  /* A stall of 3 s (the input froze): re-anchored, and the new offset then holds. */
  out = tribune_retimer_map (&f->r, 5 * GST_SECOND + 40 * MS, 5 * GST_SECOND);
  g_assert_cmpuint (out, ==, 5 * GST_SECOND + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 3);
  out = tribune_retimer_map (&f->r, 5 * GST_SECOND + 80 * MS, 5 * GST_SECOND + 40 * MS);
  g_assert_cmpuint (out, ==, 5 * GST_SECOND + MARGIN + 40 * MS);
  g_assert_cmpuint (f->r.anchors, ==, 3);
}

static void
test_backwards_jump_reanchors (Fixture *f, gconstpointer data)
{
  GstClockTime out;

  /* A reconnecting input restarts its timestamps at 0. */
  tribune_retimer_map (&f->r, 3600 * GST_SECOND, 10 * GST_SECOND);
  out = tribune_retimer_map (&f->r, 0, 10 * GST_SECOND + 100 * MS);
  g_assert_cmpuint (out, ==, 10 * GST_SECOND + 100 * MS + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 2);
}

static void
test_far_future_frame_reanchors (Fixture *f, gconstpointer data)
{
  GstClockTime out;

  tribune_retimer_map (&f->r, 0, 1 * GST_SECOND);                 /* offset: +1.03 s */

  /* Exactly now + early_limit: kept. */
  out = tribune_retimer_map (&f->r, EARLY - MARGIN, 1 * GST_SECOND);
  g_assert_cmpuint (out, ==, 1 * GST_SECOND + EARLY);
  g_assert_cmpuint (f->r.anchors, ==, 1);

  /* Beyond it: re-anchored at now + margin. */
  out = tribune_retimer_map (&f->r, EARLY - MARGIN + 1, 1 * GST_SECOND);
  g_assert_cmpuint (out, ==, 1 * GST_SECOND + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 2);

  /* A jump of an hour forward. */
  out = tribune_retimer_map (&f->r, 3600 * GST_SECOND, 2 * GST_SECOND);
  g_assert_cmpuint (out, ==, 2 * GST_SECOND + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 3);
}

static void
test_invalid_times (Fixture *f, gconstpointer data)
{
  g_assert_cmpuint (tribune_retimer_map (&f->r, GST_CLOCK_TIME_NONE, GST_SECOND), ==,
                    GST_CLOCK_TIME_NONE);
  g_assert_cmpuint (tribune_retimer_map (&f->r, GST_SECOND, GST_CLOCK_TIME_NONE), ==,
                    GST_CLOCK_TIME_NONE);
  g_assert_cmpuint (tribune_retimer_map (&f->r, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE), ==,
                    GST_CLOCK_TIME_NONE);
  /* Invalid frames do not anchor. */
  g_assert_false (f->r.anchored);
  g_assert_cmpuint (f->r.anchors, ==, 0);

  /* And do not disturb an existing anchor. */
  g_assert_cmpuint (tribune_retimer_map (&f->r, 2 * GST_SECOND, GST_SECOND), ==,
                    GST_SECOND + MARGIN);
  g_assert_cmpuint (tribune_retimer_map (&f->r, GST_CLOCK_TIME_NONE, 9 * GST_SECOND), ==,
                    GST_CLOCK_TIME_NONE);
  g_assert_cmpuint (tribune_retimer_map (&f->r, 2 * GST_SECOND + 10 * MS, GST_SECOND), ==,
                    GST_SECOND + MARGIN + 10 * MS);
  g_assert_cmpuint (f->r.anchors, ==, 1);
}

static void
test_reset_forces_new_anchor (Fixture *f, gconstpointer data)
{
  GstClockTime out;

  tribune_retimer_map (&f->r, 5 * GST_SECOND, 1 * GST_SECOND);
  tribune_retimer_reset (&f->r);
  g_assert_false (f->r.anchored);
  g_assert_cmpuint (f->r.anchors, ==, 1);

  /* This frame would fit the old offset (→ 1.04 s); after reset it anchors anew. */
  out = tribune_retimer_map (&f->r, 5 * GST_SECOND + 10 * MS, 1 * GST_SECOND + 5 * MS);
  g_assert_cmpuint (out, ==, 1 * GST_SECOND + 5 * MS + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 2);

  /* Reset twice, reset before any frame: harmless. */
  tribune_retimer_reset (&f->r);
  tribune_retimer_reset (&f->r);
  out = tribune_retimer_map (&f->r, 0, 7 * GST_SECOND);
  g_assert_cmpuint (out, ==, 7 * GST_SECOND + MARGIN);
  g_assert_cmpuint (f->r.anchors, ==, 3);
}

static void
test_zero_margin (void)
{
  TribuneRetimer r;

  tribune_retimer_init (&r, 0);
  g_assert_cmpuint (r.late_limit, ==, 60 * MS);
  g_assert_cmpuint (tribune_retimer_map (&r, 42 * GST_SECOND, 3 * GST_SECOND), ==,
                    3 * GST_SECOND);
  tribune_retimer_clear (&r);
}

typedef struct {
  TribuneRetimer *r;
  GstClockTime pts_base;
  gboolean ok;
} ThreadData;

static gpointer
map_many (gpointer data)
{
  ThreadData *t = data;

  t->ok = TRUE;
  for (guint i = 0; i < 20000; i++) {
    GstClockTime pts = t->pts_base + i * MS;
    GstClockTime out = tribune_retimer_map (t->r, pts, 1 * GST_SECOND + i * MS);
    if (out != 1 * GST_SECOND + MARGIN + i * MS)
      t->ok = FALSE;
  }
  return NULL;
}

static void
test_two_threads (Fixture *f, gconstpointer data)
{
  /* Audio and video streaming threads of one input, mapping concurrently. */
  ThreadData a = { &f->r, 100 * GST_SECOND, FALSE }, v = a;
  GThread *ta, *tv;

  tribune_retimer_map (&f->r, 100 * GST_SECOND, 1 * GST_SECOND);
  ta = g_thread_new ("audio", map_many, &a);
  tv = g_thread_new ("video", map_many, &v);
  g_thread_join (ta);
  g_thread_join (tv);
  g_assert_true (a.ok);
  g_assert_true (v.ok);
  g_assert_cmpuint (f->r.anchors, ==, 1);
}

/* Just after the program starts, a frame slightly older than the anchoring frame maps
 * before time 0; it gets time 0, not a negative time cast to GstClockTime (~1.8e19 ns).
 * (Found by this test; fixed in 7ba3e4b.) With input-bridge.c's 30 ms margin: video pts
 * 5.000 s anchors at now 10 ms (→ 40 ms); the same input's audio pts 4.950 s at now 10 ms
 * would be -10 ms, within the late limit, so no re-anchor. */
static void
test_negative_result_at_start (Fixture *f, gconstpointer data)
{
  GstClockTime v = tribune_retimer_map (&f->r, 5 * GST_SECOND, 10 * MS);
  GstClockTime a = tribune_retimer_map (&f->r, 5 * GST_SECOND - 50 * MS, 10 * MS);

  g_assert_cmpuint (v, ==, 10 * MS + MARGIN);
  g_assert_cmpuint (a, ==, 0);
  /* The anchor holds: later frames keep the offset. */
  g_assert_cmpuint (f->r.anchors, ==, 1);
  g_assert_cmpuint (tribune_retimer_map (&f->r, 5 * GST_SECOND - 20 * MS, 20 * MS), ==,
                    20 * MS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

#define ADD(path, func) g_test_add ((path), Fixture, NULL, setup, (func), teardown)
  ADD ("/retimer/init", test_init);
  ADD ("/retimer/first-frame-anchors", test_first_frame_anchors);
  ADD ("/retimer/steady-stream-keeps-offset", test_steady_stream_keeps_offset);
  ADD ("/retimer/audio-and-video-share-offset", test_audio_and_video_share_offset);
  ADD ("/retimer/late-frame-reanchors", test_late_frame_reanchors);
  ADD ("/retimer/backwards-jump-reanchors", test_backwards_jump_reanchors);
  ADD ("/retimer/far-future-frame-reanchors", test_far_future_frame_reanchors);
  ADD ("/retimer/invalid-times", test_invalid_times);
  ADD ("/retimer/reset-forces-new-anchor", test_reset_forces_new_anchor);
  ADD ("/retimer/two-threads", test_two_threads);
  ADD ("/retimer/negative-result-at-start", test_negative_result_at_start);
  g_test_add_func ("/retimer/zero-margin", test_zero_margin);
#undef ADD


  return g_test_run ();
}
