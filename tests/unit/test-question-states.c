/* test-question-states.c — the moves a question's status may make (store-questions.h). */
#include "store-questions.h"

static const gchar *const statuses[] = { "pending", "approved", "declined", "answered",
                                         "merged", NULL };

static void
test_table (void)
{
  /* from → the allowed targets, as docs/api.md states them. */
  static const struct { const gchar *from, *to; } allowed[] = {
    { "pending", "approved" }, { "pending", "declined" }, { "pending", "merged" },
    { "pending", "answered" },
    { "approved", "answered" }, { "approved", "declined" }, { "approved", "pending" },
    { "approved", "merged" },
    { "declined", "pending" }, { "declined", "approved" },
    { "answered", "approved" },
  };
  guint count = 0;

  for (guint f = 0; statuses[f]; f++) {
    for (guint t = 0; statuses[t]; t++) {
      gboolean want = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
        want |= g_str_equal (allowed[i].from, statuses[f]) &&
                g_str_equal (allowed[i].to, statuses[t]);
      if (tribune_question_can_move (statuses[f], statuses[t]) != want)
        g_test_message ("%s → %s", statuses[f], statuses[t]);
      g_assert_cmpint (tribune_question_can_move (statuses[f], statuses[t]), ==, want);
      count += want;
    }
  }
  g_assert_cmpuint (count, ==, G_N_ELEMENTS (allowed));
  /* merged is final. */
  g_assert_cmpuint (g_strv_length ((GStrv) tribune_question_next_statuses ("merged")), ==, 0);
}

static void
test_unknown (void)
{
  g_assert_null (tribune_question_next_statuses ("published"));
  g_assert_null (tribune_question_next_statuses (NULL));
  g_assert_false (tribune_question_can_move ("pending", "published"));
  g_assert_false (tribune_question_can_move ("pending", NULL));
  g_assert_false (tribune_question_can_move (NULL, "pending"));
}

static void
test_public (void)
{
  g_assert_true (tribune_question_status_is_public ("approved"));
  g_assert_true (tribune_question_status_is_public ("answered"));
  g_assert_true (tribune_question_status_is_public ("declined"));
  g_assert_false (tribune_question_status_is_public ("pending"));
  g_assert_false (tribune_question_status_is_public ("merged"));
  g_assert_false (tribune_question_status_is_public (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/question-states/table", test_table);
  g_test_add_func ("/question-states/unknown", test_unknown);
  g_test_add_func ("/question-states/public", test_public);
  return g_test_run ();
}
