/* advice-deadline.h — the municipality's answer term in calendar days (docs/advices.md,
 * "Deadline arithmetic"). Pure: dates are GDate (no time of day, so no daylight saving),
 * and "today" is the local date of a given instant in a given zone. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "YYYY-MM-DD" (exactly that shape, a real calendar date) into @date. */
gboolean tribune_date_parse (const gchar *text, GDate *date);
/* @date as "YYYY-MM-DD" (transfer full). */
gchar *tribune_date_format (const GDate *date);
/* The calendar date at @instant where @zone's clocks are. */
void tribune_date_local (GDateTime *instant, GTimeZone *zone, GDate *out);
/* @sent plus @term_days calendar days. */
void tribune_advice_deadline (const GDate *sent, guint term_days, GDate *deadline);

typedef struct {
  gboolean running;        /* a deadline counts: sent, not answered */
  gboolean overdue;        /* today is after the deadline */
  gint days_left;          /* deadline − today, while running and not overdue */
  gint days_overdue;       /* today − deadline, once overdue */
} TribuneAdviceClock;

/* The clock of an advice with @deadline (NULL: never sent) that is @answered or not, on
 * @today. The deadline day itself is not overdue (days_left 0). */
void tribune_advice_clock (const GDate *deadline, gboolean answered, const GDate *today,
                           TribuneAdviceClock *clock);

G_END_DECLS
