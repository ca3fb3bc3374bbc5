/* advice-deadline.c — see advice-deadline.h. */
#include "advice-deadline.h"

#include <string.h>

gboolean
tribune_date_parse (const gchar *text, GDate *date)
{
  guint year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++) {
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  }
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1900 || year > 9999 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month,
                                                      (GDateYear) year))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

gchar *
tribune_date_format (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

void
tribune_date_local (GDateTime *instant, GTimeZone *zone, GDate *out)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (instant, zone);

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));
}

void
tribune_advice_deadline (const GDate *sent, guint term_days, GDate *deadline)
{
  *deadline = *sent;
  g_date_add_days (deadline, term_days);
}

void
tribune_advice_clock (const GDate *deadline, gboolean answered, const GDate *today,
                      TribuneAdviceClock *clock)
{
  gint left;

  memset (clock, 0, sizeof *clock);
  if (deadline == NULL || answered)
    return;
  clock->running = TRUE;
  left = g_date_days_between (today, deadline);
  if (left >= 0) {
    clock->days_left = left;
  } else {
    clock->overdue = TRUE;
    clock->days_overdue = -left;
  }
}
