/* test-rate-limit.c — the sliding-window limiter, on a clock the test moves. */
#include "rate-limit.h"

#define S G_USEC_PER_SEC

static void
test_five_per_ten_minutes (void)
{
  g_autoptr (TribuneRateLimit) limit = tribune_rate_limit_new (5, 600 * S);
  guint retry = 0;

  for (gint i = 0; i < 5; i++) {
    g_assert_true (tribune_rate_limit_check (limit, "a", 1000 * S + i * S, &retry));
    tribune_rate_limit_record (limit, "a", 1000 * S + i * S);
  }
  /* The sixth within the window is refused; the first leaves the window at 1600 s. */
  g_assert_false (tribune_rate_limit_check (limit, "a", 1010 * S, &retry));
  g_assert_cmpuint (retry, ==, 590);
  g_assert_false (tribune_rate_limit_check (limit, "a", 1599 * S + S / 2, &retry));
  g_assert_cmpuint (retry, ==, 1);
  /* Another client is not affected. */
  g_assert_true (tribune_rate_limit_check (limit, "b", 1010 * S, NULL));
  /* After the oldest leaves: one more, then refused again until the second leaves. */
  g_assert_true (tribune_rate_limit_check (limit, "a", 1600 * S, &retry));
  tribune_rate_limit_record (limit, "a", 1600 * S);
  g_assert_false (tribune_rate_limit_check (limit, "a", 1600 * S, &retry));
  g_assert_cmpuint (retry, ==, 1);
}

static void
test_check_does_not_count (void)
{
  g_autoptr (TribuneRateLimit) limit = tribune_rate_limit_new (2, 10 * S);

  for (gint i = 0; i < 100; i++)
    g_assert_true (tribune_rate_limit_check (limit, "a", S, NULL));
  tribune_rate_limit_record (limit, "a", S);
  tribune_rate_limit_record (limit, "a", S);
  g_assert_false (tribune_rate_limit_check (limit, "a", S, NULL));
}

static void
test_forgets_old_clients (void)
{
  g_autoptr (TribuneRateLimit) limit = tribune_rate_limit_new (3, 10 * S);

  for (gint i = 0; i < 50; i++) {
    g_autofree gchar *key = g_strdup_printf ("client-%d", i);
    tribune_rate_limit_record (limit, key, 100 * S);
  }
  g_assert_cmpuint (tribune_rate_limit_size (limit), ==, 50);
  /* A window later, a check sweeps them out: nothing stays in memory. */
  g_assert_true (tribune_rate_limit_check (limit, "new", 111 * S, NULL));
  g_assert_cmpuint (tribune_rate_limit_size (limit), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rate-limit/five-per-ten-minutes", test_five_per_ten_minutes);
  g_test_add_func ("/rate-limit/check-does-not-count", test_check_does_not_count);
  g_test_add_func ("/rate-limit/forgets-old-clients", test_forgets_old_clients);
  return g_test_run ();
}
