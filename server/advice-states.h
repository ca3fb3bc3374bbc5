/* advice-states.h — the advice's life as a table (docs/advices.md, "States"). Pure.
 *
 * draft → sent | withdrawn; sent → answered | escalated | withdrawn;
 * answered → escalated; escalated → answered | withdrawn; withdrawn → draft.
 * The conditions on a move (escalate only once overdue, or after "not adopted") need the
 * advice's dates and live in the store; this file only says which moves exist. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Is @status one of draft, sent, answered, escalated, withdrawn? */
gboolean tribune_advice_status_is_known (const gchar *status);
/* May an advice in @from move to @to? FALSE for unknown states and for staying put. */
gboolean tribune_advice_can_move (const gchar *from, const gchar *to);
/* The states reachable from @from (NULL-terminated, static), or NULL for an unknown state. */
const gchar *const *tribune_advice_next_statuses (const gchar *from);
/* The event action a move to @to is logged as: "sent", "answered", "escalated",
 * "withdrawn", or "reopened" for the way back to draft. NULL for an unknown state. */
const gchar *tribune_advice_action_for (const gchar *to);

/* Is @kind requested or unsolicited; @theme one of welfare, safety, public_space, traffic,
 * housing, environment, other; @outcome adopted, partly_adopted or not_adopted? */
gboolean tribune_advice_kind_is_known (const gchar *kind);
gboolean tribune_advice_theme_is_known (const gchar *theme);
gboolean tribune_advice_outcome_is_known (const gchar *outcome);

G_END_DECLS
