/* test-feeds.c — the advice feeds as text (feed-atom.h, feed-ics.h): hostile titles stay
 * text, iCalendar lines are escaped and folded at 75 octets without splitting a
 * character, only open deadlines become events, and entries keep their order. */
#include "feed-atom.h"
#include "feed-ics.h"

#include <string.h>

static JsonObject *
parse (const gchar *json)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_test_queue_destroy ((GDestroyNotify) json_node_unref, node);
  return json_node_get_object (node);
}

static GDateTime *
fixed_now (void)
{
  return g_date_time_new_utc (2026, 11, 28, 12, 0, 0);
}

static void
test_atom_escapes (void)
{
  JsonObject *events = parse ("{\"events\": ["
      "{\"id\": 9, \"at\": \"2026-11-20T10:00:00Z\", \"action\": \"note\", \"status\": \"sent\","
      " \"note\": \"Nog <b>geen</b> antwoord & \\u0001geen\\u0007 bericht\", \"by\": \"sec\","
      " \"advice\": {\"id\": 3, \"title\": \"<script>alert(1)</script> \\\"quotes\\\" & \\u202Eevil\","
      " \"summary\": \"A < B > C\", \"council\": \"c\", \"council_name\": \"Raad & Co\"}},"
      "{\"id\": 4, \"at\": \"2026-11-01T10:00:00Z\", \"action\": \"sent\", \"status\": \"sent\","
      " \"note\": null, \"by\": \"sec\","
      " \"advice\": {\"id\": 3, \"title\": \"Tweede\", \"summary\": \"\", \"council\": \"c\","
      " \"council_name\": \"Raad\"}}]}");
  g_autoptr (GDateTime) now = fixed_now ();
  g_autofree gchar *atom = tribune_feed_atom (events, "http://example.org:8080", "Feed <1>", NULL, now);
  const gchar *first, *second;

  g_assert_null (strstr (atom, "<script>"));
  g_assert_null (strstr (atom, "<b>"));
  g_assert_nonnull (strstr (atom, "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot; &amp;"));
  g_assert_nonnull (strstr (atom, "Raad &amp; Co"));
  g_assert_nonnull (strstr (atom, "<title>Feed &lt;1&gt;</title>"));
  /* Control characters have no place in XML, not even escaped. */
  g_assert_null (strstr (atom, "\x01"));
  g_assert_null (strstr (atom, "&#x1;"));
  g_assert_nonnull (strstr (atom, "geen bericht"));
  /* Entries in the order given (the store gives newest first); feed updated = newest. */
  first = strstr (atom, "advice-event-9");
  second = strstr (atom, "advice-event-4");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (first < second);
  g_assert_nonnull (strstr (atom, "<updated>2026-11-20T10:00:00Z</updated>\n  <author>"));
  g_assert_nonnull (strstr (atom, "<id>tag:example.org,2026:advice-event-9</id>"));
  g_assert_nonnull (strstr (atom, "href=\"http://example.org:8080/advices/3\""));
  g_assert_nonnull (strstr (atom, "nieuwe stand van zaken"));
  g_assert_nonnull (strstr (atom, "verstuurd naar de gemeente"));
}

static void
test_atom_empty (void)
{
  JsonObject *events = parse ("{\"events\": []}");
  g_autoptr (GDateTime) now = fixed_now ();
  g_autofree gchar *atom = tribune_feed_atom (events, "http://h", "F", "noord", now);

  g_assert_nonnull (strstr (atom, "<updated>2026-11-28T12:00:00Z</updated>"));
  g_assert_null (strstr (atom, "<entry>"));
  /* One council's feed is a feed of its own. */
  g_assert_nonnull (strstr (atom, "<id>tag:h,2026:advices:noord</id>"));
  g_assert_nonnull (strstr (atom, "href=\"http://h/advices.atom?council=noord\""));
}

/* Characters XML 1.0 forbids even escaped (U+FFFE, U+FFFF) are left out, the title sits
 * in isolates, and an IPv6 host does not make a broken tag: URI. */
static void
test_atom_hard_cases (void)
{
  JsonObject *events = parse ("{\"events\": [{\"id\": 1, \"at\": \"2026-11-20T10:00:00Z\","
      " \"action\": \"sent\", \"status\": \"sent\", \"note\": null, \"by\": \"s\","
      " \"advice\": {\"id\": 2, \"title\": \"a\\uFFFEb\\uFFFFc \\u202Eevil\", \"summary\": \"\","
      " \"council\": \"c\", \"council_name\": \"R\"}}]}");
  g_autoptr (GDateTime) now = fixed_now ();
  g_autofree gchar *atom = tribune_feed_atom (events, "http://[::1]:8080", "F", NULL, now);
  g_autofree gchar *v4 = tribune_feed_tag_authority ("http://127.0.0.1:8080");
  g_autofree gchar *named = tribune_feed_tag_authority ("https://Tribune.Example.org");

  g_assert_null (strstr (atom, "\xef\xbf\xbe"));
  g_assert_null (strstr (atom, "\xef\xbf\xbf"));
  g_assert_nonnull (strstr (atom, "<title>Advies ‘\u2068abc \u202Eevil\u2069’: verstuurd"));
  g_assert_nonnull (strstr (atom, "<id>tag:tribune.invalid,2026:advice-event-1</id>"));
  g_assert_cmpstr (v4, ==, "127.0.0.1");
  g_assert_cmpstr (named, ==, "tribune.example.org");
}

static void
test_ics_escape_and_fold (void)
{
  g_autofree gchar *escaped = tribune_ics_escape ("a;b,c\\d\ne\r\x01" "f");
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) joined = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;
  /* 30 × "é" (2 octets) after a prefix: a fold must not split one. */
  g_autoptr (GString) long_line = g_string_new ("SUMMARY:");

  g_assert_cmpstr (escaped, ==, "a\\;b\\,c\\\\d\\nef");
  for (guint i = 0; i < 60; i++)
    g_string_append (long_line, "é");
  g_string_append (long_line, " en nog wat tekst om over de grens te gaan");
  tribune_ics_append_line (out, long_line->str);
  g_assert_true (g_str_has_suffix (out->str, "\r\n"));
  lines = g_strsplit (out->str, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  for (guint i = 0; lines[i] && *lines[i]; i++) {
    g_assert_cmpuint (strlen (lines[i]), <=, 75);
    g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    if (i > 0)
      g_assert_true (lines[i][0] == ' ');
    g_string_append (joined, i > 0 ? lines[i] + 1 : lines[i]);
  }
  /* Unfolded, it is the line again. */
  g_assert_cmpstr (joined->str, ==, long_line->str);
}

static void
test_ics_open_deadlines (void)
{
  JsonObject *list = parse ("{\"advices\": ["
      "{\"id\": 1, \"status\": \"sent\", \"deadline\": \"2026-12-31\", \"answered_at\": null,"
      " \"title\": \"Open; met, tekens\", \"council_name\": \"Raad\", \"addressee\": \"W\"},"
      "{\"id\": 2, \"status\": \"escalated\", \"deadline\": \"2026-10-01\", \"answered_at\": null,"
      " \"title\": \"Te laat\", \"council_name\": \"Raad\", \"addressee\": \"W\"},"
      "{\"id\": 3, \"status\": \"answered\", \"deadline\": \"2026-10-01\", \"answered_at\": \"2026-09-20\","
      " \"title\": \"Klaar\", \"council_name\": \"Raad\", \"addressee\": \"W\"},"
      "{\"id\": 4, \"status\": \"escalated\", \"deadline\": \"2026-10-01\", \"answered_at\": \"2026-09-20\","
      " \"title\": \"Na antwoord geëscaleerd\", \"council_name\": \"Raad\", \"addressee\": \"W\"},"
      "{\"id\": 5, \"status\": \"draft\", \"deadline\": null, \"answered_at\": null,"
      " \"title\": \"Concept\", \"council_name\": \"Raad\", \"addressee\": \"W\"},"
      "{\"id\": 6, \"status\": \"withdrawn\", \"deadline\": \"2026-10-01\", \"answered_at\": null,"
      " \"title\": \"Ingetrokken\", \"council_name\": \"Raad\", \"addressee\": \"W\"}]}");
  g_autoptr (GDateTime) now = fixed_now ();
  g_autofree gchar *ics = tribune_feed_ics (list, "http://example.org", now);
  guint events = 0;

  for (const gchar *p = ics; (p = strstr (p, "BEGIN:VEVENT")); p++)
    events++;
  g_assert_cmpuint (events, ==, 2);
  g_assert_nonnull (strstr (ics, "UID:advice-1-deadline@example.org\r\n"));
  g_assert_nonnull (strstr (ics, "UID:advice-2-deadline@example.org\r\n"));
  g_assert_nonnull (strstr (ics, "DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
  g_assert_nonnull (strstr (ics, "SUMMARY:Antwoord gemeente verwacht: Open\\; met\\, tekens\r\n"));
  g_assert_nonnull (strstr (ics, "DTSTAMP:20261128T120000Z\r\n"));
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  g_assert_true (g_str_has_suffix (ics, "END:VCALENDAR\r\n"));
  g_assert_null (strstr (ics, "Klaar"));
  g_assert_null (strstr (ics, "Concept"));
  g_assert_null (strstr (ics, "Ingetrokken"));
  /* No bare LF anywhere: every line ends in CRLF. */
  for (const gchar *p = ics; *p; p++) {
    if (*p == '\n')
      g_assert_true (p > ics && p[-1] == '\r');
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feeds/atom-escapes", test_atom_escapes);
  g_test_add_func ("/feeds/atom-empty", test_atom_empty);
  g_test_add_func ("/feeds/atom-hard-cases", test_atom_hard_cases);
  g_test_add_func ("/feeds/ics-escape-and-fold", test_ics_escape_and_fold);
  g_test_add_func ("/feeds/ics-open-deadlines", test_ics_open_deadlines);
  return g_test_run ();
}
