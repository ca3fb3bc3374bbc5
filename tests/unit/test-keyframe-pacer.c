/* test-keyframe-pacer.c — key frames for joining viewers: at once, or one trailing. */
#include "keyframe-pacer.h"

#define MS 1000

static void
test_first_request_at_once (void)
{
  TribuneKeyframePacer p;
  gint64 delay = -1;

  tribune_keyframe_pacer_init (&p, 500 * MS);
  g_assert_cmpint (tribune_keyframe_pacer_request (&p, 10, &delay), ==, TRIBUNE_KEYFRAME_NOW);
  /* After the interval, at once again. */
  g_assert_cmpint (tribune_keyframe_pacer_request (&p, 10 + 500 * MS, &delay), ==,
                   TRIBUNE_KEYFRAME_NOW);
  g_assert_cmpint (delay, ==, -1);
}

static void
test_burst_costs_one_trailing_key_frame (void)
{
  TribuneKeyframePacer p;
  gint64 delay = 0;
  gint64 t0 = 1000 * MS;

  tribune_keyframe_pacer_init (&p, 500 * MS);
  g_assert_cmpint (tribune_keyframe_pacer_request (&p, t0, &delay), ==, TRIBUNE_KEYFRAME_NOW);
  /* 200 ms later: scheduled for the end of the interval, 300 ms from now. */
  g_assert_cmpint (tribune_keyframe_pacer_request (&p, t0 + 200 * MS, &delay), ==,
                   TRIBUNE_KEYFRAME_SCHEDULE);
  g_assert_cmpint (delay, ==, 300 * MS);
  /* Fifty more joins in the same interval ride on that one. */
  for (gint i = 0; i < 50; i++)
    g_assert_cmpint (tribune_keyframe_pacer_request (&p, t0 + 250 * MS + i * MS, &delay), ==,
                     TRIBUNE_KEYFRAME_COVERED);
  /* It fires (a little late, as timers do); the next interval counts from then. */
  tribune_keyframe_pacer_fire (&p, t0 + 510 * MS);
  g_assert_cmpint (tribune_keyframe_pacer_request (&p, t0 + 600 * MS, &delay), ==,
                   TRIBUNE_KEYFRAME_SCHEDULE);
  g_assert_cmpint (delay, ==, 410 * MS);
}

static void
test_at_most_one_forced_per_interval (void)
{
  TribuneKeyframePacer p;
  gint64 delay = 0, now, fire_at = -1;
  guint forced = 0;

  /* Requests every 7 ms for 10 s: no more than one forced per 500 ms, ~20 in all. */
  tribune_keyframe_pacer_init (&p, 500 * MS);
  for (now = 1; now < 10000 * MS; now += 7 * MS) {
    if (fire_at >= 0 && now >= fire_at) {
      tribune_keyframe_pacer_fire (&p, now);
      forced++;
      fire_at = -1;
    }
    switch (tribune_keyframe_pacer_request (&p, now, &delay)) {
    case TRIBUNE_KEYFRAME_NOW:
      forced++;
      break;
    case TRIBUNE_KEYFRAME_SCHEDULE:
      g_assert_cmpint (delay, >, 0);
      g_assert_cmpint (delay, <=, 500 * MS);
      fire_at = now + delay;
      break;
    case TRIBUNE_KEYFRAME_COVERED:
      break;
    }
  }
  g_assert_cmpuint (forced, >=, 19);
  g_assert_cmpuint (forced, <=, 21);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyframe-pacer/first-at-once", test_first_request_at_once);
  g_test_add_func ("/keyframe-pacer/burst-one-trailing", test_burst_costs_one_trailing_key_frame);
  g_test_add_func ("/keyframe-pacer/one-per-interval", test_at_most_one_forced_per_interval);
  return g_test_run ();
}
