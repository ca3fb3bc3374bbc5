/* test-advice-states.c — the advice's status table (advice-states.h, docs/advices.md
 * "States"): every (from, to) pair over the five states, an unknown state and NULL; the
 * list of next states for each; the event action for each target; and the vocabularies
 * (kind, theme, outcome), which accept exactly the documented values. */
#include "advice-states.h"

/* The five states, then an unknown one and NULL: seven rows, seven columns. */
#define N_KNOWN 5
#define N_ALL 7
static const gchar *const all[N_ALL] = { "draft", "sent", "answered", "escalated", "withdrawn",
                                         "overdue", NULL };

/* The docs' table, row by row: from → the states it may move to. Nothing else is a move. */
static const struct { const gchar *from, *to; } allowed[] = {
  { "draft", "sent" }, { "draft", "withdrawn" },
  { "sent", "answered" }, { "sent", "escalated" }, { "sent", "withdrawn" },
  { "answered", "escalated" },
  { "escalated", "answered" }, { "escalated", "withdrawn" },
  { "withdrawn", "draft" },
};

static gboolean
in_docs (const gchar *from, const gchar *to)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++) {
    if (g_strcmp0 (allowed[i].from, from) == 0 && g_strcmp0 (allowed[i].to, to) == 0)
      return TRUE;
  }
  return FALSE;
}

static void
test_table (void)
{
  guint count = 0;

  for (guint f = 0; f < N_ALL; f++) {
    for (guint t = 0; t < N_ALL; t++) {
      gboolean want = in_docs (all[f], all[t]);
      gboolean got = tribune_advice_can_move (all[f], all[t]);

      if (got != want)
        g_test_message ("%s → %s: %s, docs say %s", all[f] ? all[f] : "(null)",
                        all[t] ? all[t] : "(null)", got ? "yes" : "no", want ? "yes" : "no");
      g_assert_cmpint (got, ==, want);
      count += got;
    }
    /* Staying put is never a move (the loop covers it; said once more for the reader). */
    g_assert_false (tribune_advice_can_move (all[f], all[f]));
  }
  g_assert_cmpuint (count, ==, G_N_ELEMENTS (allowed));
}

/* next_statuses: exactly the row of the table, as a set. */
static void
test_next (void)
{
  static const struct { const gchar *from; const gchar *const next[4]; } rows[] = {
    { "draft", { "sent", "withdrawn", NULL } },
    { "sent", { "answered", "escalated", "withdrawn", NULL } },
    { "answered", { "escalated", NULL } },
    { "escalated", { "answered", "withdrawn", NULL } },
    { "withdrawn", { "draft", NULL } },
  };

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++) {
    const gchar *const *next = tribune_advice_next_statuses (rows[r].from);

    g_assert_nonnull (next);
    g_assert_cmpuint (g_strv_length ((GStrv) next), ==, g_strv_length ((GStrv) rows[r].next));
    for (guint i = 0; rows[r].next[i]; i++)
      g_assert_true (g_strv_contains (next, rows[r].next[i]));
    /* Every listed state is a known one, listed once, and a move can_move agrees with. */
    for (guint i = 0; next[i]; i++) {
      g_assert_true (tribune_advice_status_is_known (next[i]));
      g_assert_true (tribune_advice_can_move (rows[r].from, next[i]));
      for (guint j = i + 1; next[j]; j++)
        g_assert_cmpstr (next[i], !=, next[j]);
    }
    g_assert_false (g_strv_contains (next, rows[r].from));
  }
  /* Unknown states have no list at all (the store answers 409 with the known states). */
  g_assert_null (tribune_advice_next_statuses ("overdue"));
  g_assert_null (tribune_advice_next_statuses ("Sent"));
  g_assert_null (tribune_advice_next_statuses (""));
  g_assert_null (tribune_advice_next_statuses (NULL));
}

static void
test_known (void)
{
  const gchar *const odd[] = { "Sent", "", "overdue", "draft ", "concept", "open",
                               "not_adopted", "reopened" };

  for (guint s = 0; s < N_KNOWN; s++)
    g_assert_true (tribune_advice_status_is_known (all[s]));
  for (guint i = 0; i < G_N_ELEMENTS (odd); i++) {
    g_assert_false (tribune_advice_status_is_known (odd[i]));
    g_assert_null (tribune_advice_next_statuses (odd[i]));
    g_assert_null (tribune_advice_action_for (odd[i]));
    for (guint s = 0; s < N_KNOWN; s++) {
      g_assert_false (tribune_advice_can_move (odd[i], all[s]));
      g_assert_false (tribune_advice_can_move (all[s], odd[i]));
    }
  }
  g_assert_false (tribune_advice_status_is_known (NULL));
  g_assert_false (tribune_advice_can_move (NULL, NULL));
}

static void
test_actions (void)
{
  /* How arriving in each state is written on the timeline (docs: "Events"). */
  static const struct { const gchar *to, *action; } actions[] = {
    { "sent", "sent" }, { "answered", "answered" }, { "escalated", "escalated" },
    { "withdrawn", "withdrawn" }, { "draft", "reopened" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_cmpstr (tribune_advice_action_for (actions[i].to), ==, actions[i].action);
  g_assert_null (tribune_advice_action_for ("overdue"));
  g_assert_null (tribune_advice_action_for ("reopened"));
  g_assert_null (tribune_advice_action_for ("Sent"));
  g_assert_null (tribune_advice_action_for (""));
  g_assert_null (tribune_advice_action_for (NULL));
}

static void
test_vocabularies (void)
{
  const gchar *const kinds[] = { "requested", "unsolicited" };
  const gchar *const themes[] = { "welfare", "safety", "public_space", "traffic", "housing",
                                  "environment", "other" };
  const gchar *const outcomes[] = { "adopted", "partly_adopted", "not_adopted" };
  const gchar *const near_misses[] = { "Sent", "sent", "", "public space", "public-space",
                                       "Public_space", "Requested", "gevraagd", "adopted ",
                                       " adopted", "partly", "not adopted", "safety\n",
                                       "OTHER", "draft", "rejected", "pending", "none",
                                       "null", "unknown", "requested,safety" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    g_assert_true (tribune_advice_kind_is_known (kinds[i]));
  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    g_assert_true (tribune_advice_theme_is_known (themes[i]));
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    g_assert_true (tribune_advice_outcome_is_known (outcomes[i]));
  for (guint i = 0; i < G_N_ELEMENTS (near_misses); i++) {
    g_assert_false (tribune_advice_kind_is_known (near_misses[i]));
    g_assert_false (tribune_advice_theme_is_known (near_misses[i]));
    g_assert_false (tribune_advice_outcome_is_known (near_misses[i]));
  }
  g_assert_false (tribune_advice_kind_is_known (NULL));
  g_assert_false (tribune_advice_theme_is_known (NULL));
  g_assert_false (tribune_advice_outcome_is_known (NULL));
  /* Each vocabulary is its own: no value of one is accepted by another. */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++) {
    g_assert_false (tribune_advice_theme_is_known (kinds[i]));
    g_assert_false (tribune_advice_outcome_is_known (kinds[i]));
  }
  for (guint i = 0; i < G_N_ELEMENTS (themes); i++) {
    g_assert_false (tribune_advice_kind_is_known (themes[i]));
    g_assert_false (tribune_advice_outcome_is_known (themes[i]));
  }
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++) {
    g_assert_false (tribune_advice_kind_is_known (outcomes[i]));
    g_assert_false (tribune_advice_theme_is_known (outcomes[i]));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/advice-states/table", test_table);
  g_test_add_func ("/advice-states/next", test_next);
  g_test_add_func ("/advice-states/known", test_known);
  g_test_add_func ("/advice-states/actions", test_actions);
  g_test_add_func ("/advice-states/vocabularies", test_vocabularies);
  return g_test_run ();
}
