/* test-active-speaker.c — who is talking (pipelines/active-speaker.c). */
#include "active-speaker.h"

#include <math.h>

#define MS G_TIME_SPAN_MILLISECOND

typedef struct {
  TribuneActiveSpeaker as;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  tribune_active_speaker_init (&f->as);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  tribune_active_speaker_clear (&f->as);
}

/* Readings every 100 ms for @ms, as the level elements post them. */
static gint64
talk (Fixture *f, gint64 t, guint ms, const gchar *a, gdouble a_db, const gchar *b,
      gdouble b_db)
{
  for (guint i = 0; i < ms / 100; i++, t += 100 * MS) {
    if (a)
      tribune_active_speaker_note (&f->as, a, a_db, t);
    if (b)
      tribune_active_speaker_note (&f->as, b, b_db, t);
    tribune_active_speaker_update (&f->as, t);
  }
  return t;
}

static void
test_nobody (Fixture *f, gconstpointer data)
{
  g_assert_null (tribune_active_speaker_current (&f->as));
  talk (f, 1000 * MS, 2000, "hall", -70.0, "3", -INFINITY);
  g_assert_null (tribune_active_speaker_current (&f->as));
  g_assert_false (tribune_active_speaker_update (&f->as, 5000 * MS));
}

static void
test_first_speaker_at_once (Fixture *f, gconstpointer data)
{
  tribune_active_speaker_note (&f->as, "3", -20.0, 1000 * MS);
  g_assert_true (tribune_active_speaker_update (&f->as, 1000 * MS));
  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "3");
}

static void
test_hold_and_louder (Fixture *f, gconstpointer data)
{
  gint64 t = talk (f, 1000 * MS, 300, "3", -20.0, NULL, 0);

  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "3");
  /* Someone louder interrupts within the hold time: no switch yet. */
  t = talk (f, t, 800, "3", -20.0, "4", -10.0);
  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "3");
  /* After 1.5 s in total they take it. */
  t = talk (f, t, 1000, "3", -20.0, "4", -10.0);
  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "4");
  /* Only 1 dB louder than the speaker: stays. */
  t = talk (f, t, 3000, "3", -9.0, "4", -10.0);
  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "4");
}

static void
test_silence_keeps_speaker (Fixture *f, gconstpointer data)
{
  gint64 t = talk (f, 1000 * MS, 2000, "hall", -15.0, NULL, 0);

  t = talk (f, t, 3000, "hall", -80.0, "5", -90.0);
  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "hall");
  /* The current speaker went quiet; another speaks: they take it (current is below). */
  t = talk (f, t, 2000, "hall", -80.0, "5", -25.0);
  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "5");
}

static void
test_stale_and_forget (Fixture *f, gconstpointer data)
{
  gint64 t = talk (f, 1000 * MS, 2000, "7", -15.0, NULL, 0);

  /* 7 stops sending (no readings): 8 takes over once 7's reading is stale. */
  t = talk (f, t + 1000 * MS, 500, "8", -30.0, NULL, 0);
  g_assert_cmpstr (tribune_active_speaker_current (&f->as), ==, "8");
  tribune_active_speaker_forget (&f->as, "8");
  g_assert_null (tribune_active_speaker_current (&f->as));
  g_assert_true (isinf (tribune_active_speaker_level (&f->as, "8")));
  g_assert_cmpfloat (tribune_active_speaker_level (&f->as, "7"), <, -14.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/active-speaker/nobody", Fixture, NULL, setup, test_nobody, teardown);
  g_test_add ("/active-speaker/first-at-once", Fixture, NULL, setup,
              test_first_speaker_at_once, teardown);
  g_test_add ("/active-speaker/hold-and-louder", Fixture, NULL, setup, test_hold_and_louder,
              teardown);
  g_test_add ("/active-speaker/silence-keeps", Fixture, NULL, setup,
              test_silence_keeps_speaker, teardown);
  g_test_add ("/active-speaker/stale-and-forget", Fixture, NULL, setup, test_stale_and_forget,
              teardown);
  return g_test_run ();
}
