/* advice-states.c — see advice-states.h. */
#include "advice-states.h"

static const struct {
  const gchar *status;
  const gchar *action;             /* how arriving here is logged */
  const gchar *const next[4];
} table[] = {
  { "draft", "reopened", { "sent", "withdrawn", NULL } },
  { "sent", "sent", { "answered", "escalated", "withdrawn", NULL } },
  { "answered", "answered", { "escalated", NULL } },
  { "escalated", "escalated", { "answered", "withdrawn", NULL } },
  { "withdrawn", "withdrawn", { "draft", NULL } },
};

static const gchar *const kinds[] = { "requested", "unsolicited", NULL };
static const gchar *const themes[] = { "welfare", "safety", "public_space", "traffic",
                                       "housing", "environment", "other", NULL };
static const gchar *const outcomes[] = { "adopted", "partly_adopted", "not_adopted", NULL };

static gint
find (const gchar *status)
{
  for (guint i = 0; status && i < G_N_ELEMENTS (table); i++) {
    if (g_str_equal (table[i].status, status))
      return (gint) i;
  }
  return -1;
}

gboolean
tribune_advice_status_is_known (const gchar *status)
{
  return find (status) >= 0;
}

const gchar *const *
tribune_advice_next_statuses (const gchar *from)
{
  gint i = find (from);

  return i < 0 ? NULL : table[i].next;
}

gboolean
tribune_advice_can_move (const gchar *from, const gchar *to)
{
  const gchar *const *next = tribune_advice_next_statuses (from);

  return next != NULL && to != NULL && g_strv_contains (next, to);
}

const gchar *
tribune_advice_action_for (const gchar *to)
{
  gint i = find (to);

  return i < 0 ? NULL : table[i].action;
}

gboolean
tribune_advice_kind_is_known (const gchar *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

gboolean
tribune_advice_theme_is_known (const gchar *theme)
{
  return theme != NULL && g_strv_contains (themes, theme);
}

gboolean
tribune_advice_outcome_is_known (const gchar *outcome)
{
  return outcome != NULL && g_strv_contains (outcomes, outcome);
}
