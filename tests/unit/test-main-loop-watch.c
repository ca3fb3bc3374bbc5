/* test-main-loop-watch.c — a blocked main loop is reported, and so is its end. */
#include "main-loop-watch.h"

static void
test_stall_reported (void)
{
  TribuneMainLoopWatch *watch = tribune_main_loop_watch_start (200);
  gint64 end;

  /* Turning normally: nothing to report. */
  end = g_get_monotonic_time () + 400 * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  g_test_expect_message ("tribune", G_LOG_LEVEL_WARNING, "main loop: no turn for * ms*");
  g_test_expect_message ("tribune", G_LOG_LEVEL_MESSAGE,
                         "main loop: turning again after a stall of *");
  g_usleep (700 * 1000);   /* a blocking call on the main thread */
  end = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  tribune_main_loop_watch_stop (watch);
  g_test_assert_expected_messages ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/main-loop-watch/stall-reported", test_stall_reported);
  return g_test_run ();
}
