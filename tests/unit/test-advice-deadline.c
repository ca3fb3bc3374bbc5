/* test-advice-deadline.c — the answer term in calendar days (advice-deadline.h,
 * docs/advices.md "Deadline arithmetic"): parsing dates, the deadline across month ends,
 * daylight-saving changes, leap days and a year end, the clock at the boundary day, and
 * "today" in Rotterdam from a UTC instant, also on the nights the clocks change. */
#include "advice-deadline.h"

#include <string.h>

static GDate
date (const gchar *text)
{
  GDate d;

  g_assert_true (tribune_date_parse (text, &d));
  return d;
}

static void
test_parse (void)
{
  const gchar *const good[] = { "2026-01-01", "2024-02-29", "2028-02-29", "2000-02-29",
                                "2026-12-31", "2026-04-30", "1999-07-15", "9999-12-31" };
  const gchar *const bad[] = {
    "2026-02-29", "2100-02-29",                   /* no leap day that year */
    "2026-02-30", "2026-04-31", "2026-01-32", "2026-01-00",
    "2026-13-01", "2026-00-10", "2026-99-01",
    "2026-1-01", "2026-01-1", "26-01-01", "20260101", "2026--1-01",
    "2026-01-01T00:00", "2026-01-01T00:00:00Z", "2026-01-01Z", "2026-01-01 ", "2026-01-01\n",
    "2026-01-01x", "2026-01-011", " 2026-01-01", "x2026-01-01", "+026-01-01",
    "2026/01/01", "2026-01/01", "2026/01-01", "2026-01001", "2026001-01", "2026.01.01",
    "01-01-2026",
    "abcd-ef-gh", "2026-0a-01", "2026-1a-01", "2026-01-1a", "2026-01-0x", "2026-01-1 ",
    "2026-01- 1", "2026-01-+1", "", "0000-01-01" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
    GDate d;
    g_autofree gchar *back = NULL;

    g_assert_true (tribune_date_parse (good[i], &d));
    back = tribune_date_format (&d);
    g_assert_cmpstr (back, ==, good[i]);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    GDate d;

    if (tribune_date_parse (bad[i], &d))
      g_test_message ("accepted: '%s'", bad[i]);
    g_assert_false (tribune_date_parse (bad[i], &d));
  }
  {
    GDate d;
    g_assert_false (tribune_date_parse (NULL, &d));
  }
  /* The parsed date is the calendar day it names. */
  {
    GDate d = date ("2024-02-29");

    g_assert_cmpuint (g_date_get_year (&d), ==, 2024);
    g_assert_cmpuint (g_date_get_month (&d), ==, G_DATE_FEBRUARY);
    g_assert_cmpuint (g_date_get_day (&d), ==, 29);
  }
}

/* format → parse → the same day, for every day of a leap year and its neighbours. */
static void
test_round_trip (void)
{
  GDate day, back;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_DECEMBER, 2027);
  for (guint i = 0; i < 366 + 62; i++) {
    g_autofree gchar *text = tribune_date_format (&day);

    g_assert_cmpuint (strlen (text), ==, 10);
    g_assert_true (tribune_date_parse (text, &back));
    g_assert_cmpint (g_date_compare (&day, &back), ==, 0);
    g_date_add_days (&day, 1);
  }
  /* Leading zeros kept. */
  g_date_set_dmy (&day, 5, G_DATE_MARCH, 2026);
  {
    g_autofree gchar *text = tribune_date_format (&day);
    g_assert_cmpstr (text, ==, "2026-03-05");
  }
}

static void
test_deadline (void)
{
  static const struct { const gchar *sent; guint term; const gchar *deadline; } cases[] = {
    { "2026-01-01", 42, "2026-02-12" },
    { "2026-03-01", 42, "2026-04-12" },   /* across the spring DST change (29 March) */
    { "2026-10-01", 42, "2026-11-12" },   /* across the autumn DST change (25 October) */
    { "2026-03-28", 1, "2026-03-29" },    /* the change night itself */
    { "2028-02-01", 42, "2028-03-14" },   /* over a leap day */
    { "2027-02-01", 42, "2027-03-15" },   /* the same without one */
    { "2024-02-28", 1, "2024-02-29" },
    { "2026-12-15", 42, "2027-01-26" },   /* over a year end */
    { "2026-05-31", 30, "2026-06-30" },
    { "2026-01-31", 28, "2026-02-28" },
    { "2026-10-20", 10, "2026-10-30" },   /* over the autumn change, short term */
    { "2026-11-12", 0, "2026-11-12" },    /* a zero term: the same day */
    { "2026-12-31", 1, "2027-01-01" },
    { "2028-12-01", 42, "2029-01-12" },
    { "2026-01-01", 365, "2027-01-01" },
    { "2028-01-01", 365, "2028-12-31" },  /* a leap year has 366 days */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    GDate sent = date (cases[i].sent), deadline;
    g_autofree gchar *text = NULL;

    tribune_advice_deadline (&sent, cases[i].term, &deadline);
    text = tribune_date_format (&deadline);
    if (g_strcmp0 (text, cases[i].deadline) != 0)
      g_test_message ("%s + %u → %s", cases[i].sent, cases[i].term, text);
    g_assert_cmpstr (text, ==, cases[i].deadline);
    /* Calendar days, whatever the clocks did in between. */
    g_assert_cmpint (g_date_days_between (&sent, &deadline), ==, (gint) cases[i].term);
    /* The sent date is left alone. */
    {
      g_autofree gchar *again = tribune_date_format (&sent);
      g_assert_cmpstr (again, ==, cases[i].sent);
    }
  }
}

static void
check_clock (const gchar *deadline_text, gboolean answered, const gchar *today_text,
             gboolean running, gboolean overdue, gint days_left, gint days_overdue)
{
  GDate deadline, today = date (today_text);
  TribuneAdviceClock clock;

  if (deadline_text)
    deadline = date (deadline_text);
  /* Garbage in the struct must not leak through: the clock sets every field. */
  memset (&clock, 0x5a, sizeof clock);
  tribune_advice_clock (deadline_text ? &deadline : NULL, answered, &today, &clock);
  g_test_message ("deadline %s, %s, today %s", deadline_text ? deadline_text : "none",
                  answered ? "answered" : "open", today_text);
  g_assert_cmpint (clock.running, ==, running);
  g_assert_cmpint (clock.overdue, ==, overdue);
  g_assert_cmpint (clock.days_left, ==, days_left);
  g_assert_cmpint (clock.days_overdue, ==, days_overdue);
}

static void
test_clock (void)
{
  /*           deadline      answered today         running overdue left overdue-days */
  check_clock ("2026-11-12", FALSE, "2026-10-01", TRUE, FALSE, 42, 0);
  check_clock ("2026-11-12", FALSE, "2026-11-11", TRUE, FALSE, 1, 0);
  /* The deadline day itself: the last day, not late yet. */
  check_clock ("2026-11-12", FALSE, "2026-11-12", TRUE, FALSE, 0, 0);
  /* The day after: one day late. */
  check_clock ("2026-11-12", FALSE, "2026-11-13", TRUE, TRUE, 0, 1);
  check_clock ("2026-11-12", FALSE, "2026-11-28", TRUE, TRUE, 0, 16);  /* docs' example */
  check_clock ("2026-11-12", FALSE, "2027-01-01", TRUE, TRUE, 0, 50);
  /* Across a leap day and a year end. */
  check_clock ("2028-02-28", FALSE, "2028-03-01", TRUE, TRUE, 0, 2);
  check_clock ("2026-12-31", FALSE, "2027-01-01", TRUE, TRUE, 0, 1);
  check_clock ("2027-01-01", FALSE, "2026-12-31", TRUE, FALSE, 1, 0);
  /* Answered: the clock stopped, whatever the date, before or after the deadline. */
  check_clock ("2026-11-12", TRUE, "2026-10-01", FALSE, FALSE, 0, 0);
  check_clock ("2026-11-12", TRUE, "2026-11-12", FALSE, FALSE, 0, 0);
  check_clock ("2026-11-12", TRUE, "2027-01-01", FALSE, FALSE, 0, 0);
  /* Never sent (draft, or withdrawn before sending): no clock. */
  check_clock (NULL, FALSE, "2027-01-01", FALSE, FALSE, 0, 0);
  check_clock (NULL, TRUE, "2027-01-01", FALSE, FALSE, 0, 0);
}

/* The council's zone, checked to be the real one: GLib returns NULL for an unknown name
 * (and older GLib fell back to UTC silently), which would make every case below about UTC. */
static GTimeZone *
amsterdam (void)
{
  GTimeZone *zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) winter = g_date_time_new_utc (2026, 1, 15, 12, 0, 0);
  g_autoptr (GDateTime) summer = g_date_time_new_utc (2026, 7, 15, 12, 0, 0);
  g_autoptr (GDateTime) winter_local = NULL, summer_local = NULL;

  g_assert_nonnull (zone);
  g_assert_cmpstr (g_time_zone_get_identifier (zone), ==, "Europe/Amsterdam");
  g_assert_cmpstr (g_time_zone_get_identifier (zone), !=, g_time_zone_get_identifier (utc));
  winter_local = g_date_time_to_timezone (winter, zone);
  summer_local = g_date_time_to_timezone (summer, zone);
  g_assert_cmpint (g_date_time_get_utc_offset (winter_local), ==, 1 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_utc_offset (summer_local), ==, 2 * G_TIME_SPAN_HOUR);
  return zone;
}

/* The local date of an ISO 8601 instant ("…Z" or with an offset). */
static gchar *
local_day (const gchar *iso_instant, GTimeZone *zone)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) instant = g_date_time_new_from_iso8601 (iso_instant, utc);
  GDate d;

  g_assert_nonnull (instant);
  tribune_date_local (instant, zone, &d);
  g_assert_true (g_date_valid (&d));
  return tribune_date_format (&d);
}

static void
test_local_date (void)
{
  g_autoptr (GTimeZone) zone = amsterdam ();
  static const struct { const gchar *instant, *day; } cases[] = {
    { "2026-01-15T22:59:59Z", "2026-01-15" },   /* winter: UTC+1 */
    { "2026-01-15T23:00:00Z", "2026-01-16" },
    { "2026-01-15T00:00:00Z", "2026-01-15" },
    { "2026-07-15T21:59:59Z", "2026-07-15" },   /* summer: UTC+2 */
    { "2026-07-15T22:00:00Z", "2026-07-16" },
    { "2026-07-15T23:30:00Z", "2026-07-16" },
    /* The night the clocks go forward (Sunday 29 March 2026, 02:00 CET → 03:00 CEST). */
    { "2026-03-28T22:59:59Z", "2026-03-28" },
    { "2026-03-28T23:00:00Z", "2026-03-29" },
    { "2026-03-28T23:30:00Z", "2026-03-29" },
    { "2026-03-29T00:59:59Z", "2026-03-29" },   /* 01:59:59 CET */
    { "2026-03-29T01:00:00Z", "2026-03-29" },   /* 03:00:00 CEST */
    { "2026-03-29T21:59:59Z", "2026-03-29" },   /* that evening already summer time */
    { "2026-03-29T22:00:00Z", "2026-03-30" },
    /* The night the clocks go back (Sunday 25 October 2026, 03:00 CEST → 02:00 CET). */
    { "2026-10-24T21:59:59Z", "2026-10-24" },
    { "2026-10-24T22:00:00Z", "2026-10-25" },
    { "2026-10-24T22:30:00Z", "2026-10-25" },
    { "2026-10-25T00:59:59Z", "2026-10-25" },   /* 02:59:59 CEST */
    { "2026-10-25T01:00:00Z", "2026-10-25" },   /* 02:00:00 CET, the hour again */
    { "2026-10-25T22:59:59Z", "2026-10-25" },   /* that evening winter time again */
    { "2026-10-25T23:00:00Z", "2026-10-26" },
    { "2028-02-28T23:00:00Z", "2028-02-29" },   /* a leap day begins */
    { "2028-02-29T22:59:59Z", "2028-02-29" },
    { "2028-02-29T23:00:00Z", "2028-03-01" },
    { "2026-12-31T22:59:59Z", "2026-12-31" },   /* a new year begins */
    { "2026-12-31T23:00:00Z", "2027-01-01" },
    /* The instant's own offset does not matter, only the moment. */
    { "2026-11-13T03:30:00+05:00", "2026-11-12" },   /* 22:30Z, 23:30 in Rotterdam */
    { "2026-11-12T18:00:00-05:00", "2026-11-13" },   /* 23:00Z, midnight in Rotterdam */
    { "2026-11-12T23:59:59+01:00", "2026-11-12" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *day = local_day (cases[i].instant, zone);

    if (g_strcmp0 (day, cases[i].day) != 0)
      g_test_message ("%s → %s, want %s", cases[i].instant, day, cases[i].day);
    g_assert_cmpstr (day, ==, cases[i].day);
  }
}

/* The overdue moment seen from UTC: a deadline of 12 November is overdue from the first
 * instant of 13 November in Rotterdam (23:00 UTC in winter), not a second before; in
 * summer (UTC+2) a deadline of 30 June from 22:00 UTC that day. */
static void
test_overdue_boundary (void)
{
  g_autoptr (GTimeZone) zone = amsterdam ();
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  static const struct {
    const gchar *sent; guint term; const gchar *instant;
    gboolean overdue; gint days_left, days_overdue;
  } cases[] = {
    { "2026-10-01", 42, "2026-10-01T10:00:00Z", FALSE, 42, 0 },
    { "2026-10-01", 42, "2026-11-11T23:00:00Z", FALSE, 0, 0 },   /* the deadline day begins */
    { "2026-10-01", 42, "2026-11-11T22:59:59Z", FALSE, 1, 0 },
    { "2026-10-01", 42, "2026-11-12T12:00:00Z", FALSE, 0, 0 },
    { "2026-10-01", 42, "2026-11-12T22:59:59Z", FALSE, 0, 0 },
    { "2026-10-01", 42, "2026-11-12T23:00:00Z", TRUE, 0, 1 },    /* 00:00 on 13 Nov */
    { "2026-10-01", 42, "2026-11-13T10:00:00Z", TRUE, 0, 1 },
    { "2026-10-01", 42, "2026-11-13T22:59:59Z", TRUE, 0, 1 },
    { "2026-10-01", 42, "2026-11-13T23:00:00Z", TRUE, 0, 2 },
    { "2026-05-19", 42, "2026-06-30T21:59:59Z", FALSE, 0, 0 },   /* deadline 30 June */
    { "2026-05-19", 42, "2026-06-30T22:00:00Z", TRUE, 0, 1 },
    /* Sent 1 March, deadline 12 April: the spring change in between moves nothing. */
    { "2026-03-01", 42, "2026-04-12T21:59:59Z", FALSE, 0, 0 },
    { "2026-03-01", 42, "2026-04-12T22:00:00Z", TRUE, 0, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    GDate sent = date (cases[i].sent), deadline, today;
    g_autoptr (GDateTime) instant = g_date_time_new_from_iso8601 (cases[i].instant, utc);
    TribuneAdviceClock clock;

    g_assert_nonnull (instant);
    tribune_advice_deadline (&sent, cases[i].term, &deadline);
    tribune_date_local (instant, zone, &today);
    tribune_advice_clock (&deadline, FALSE, &today, &clock);
    g_test_message ("sent %s + %u, at %s", cases[i].sent, cases[i].term, cases[i].instant);
    g_assert_true (clock.running);
    g_assert_cmpint (clock.overdue, ==, cases[i].overdue);
    g_assert_cmpint (clock.days_left, ==, cases[i].days_left);
    g_assert_cmpint (clock.days_overdue, ==, cases[i].days_overdue);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/advice-deadline/parse", test_parse);
  g_test_add_func ("/advice-deadline/round-trip", test_round_trip);
  g_test_add_func ("/advice-deadline/deadline", test_deadline);
  g_test_add_func ("/advice-deadline/clock", test_clock);
  g_test_add_func ("/advice-deadline/local-date", test_local_date);
  g_test_add_func ("/advice-deadline/overdue-boundary", test_overdue_boundary);
  return g_test_run ();
}
