/* feed-ics.c — see feed-ics.h. */
#include "feed-ics.h"
#include "feed-atom.h"
#include "advice-deadline.h"

#include <string.h>

gchar *
tribune_ics_escape (const gchar *text)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (const gchar *p = text ? text : ""; *p; p++) {
    switch (*p) {
      case '\\': g_string_append (out, "\\\\"); break;
      case ';': g_string_append (out, "\\;"); break;
      case ',': g_string_append (out, "\\,"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': break;
      default:
        if ((guchar) *p >= 0x20 && *p != 0x7f)
          g_string_append_c (out, *p);
    }
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
tribune_ics_append_line (GString *out, const gchar *line)
{
  gsize length = strlen (line), start = 0, room = 75;

  /* Fold: a line holds 75 octets, a continuation line a space and 74 more. Cut before a
   * UTF-8 continuation byte never happens: back up to the start of the character. */
  while (length - start > room) {
    gsize cut = start + room;

    while (cut > start && ((guchar) line[cut] & 0xC0) == 0x80)
      cut--;
    g_string_append_len (out, line + start, (gssize) (cut - start));
    g_string_append (out, "\r\n ");
    start = cut;
    room = 74;
  }
  g_string_append (out, line + start);
  g_string_append (out, "\r\n");
}

static const gchar *
string_or_null (JsonObject *o, const gchar *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

/* "2026-11-12" → "20261112" in @out, and that day in @day; FALSE for anything else. */
static gboolean
ics_date (const gchar *iso, gchar out[9], GDate *day)
{
  if (!tribune_date_parse (iso, day))
    return FALSE;
  g_snprintf (out, 9, "%04u%02u%02u", g_date_get_year (day), g_date_get_month (day),
              g_date_get_day (day));
  return TRUE;
}

static void
property (GString *out, const gchar *name, const gchar *text)
{
  g_autofree gchar *escaped = tribune_ics_escape (text);
  g_autofree gchar *line = g_strconcat (name, ":", escaped, NULL);

  tribune_ics_append_line (out, line);
}

gchar *
tribune_feed_ics (JsonObject *list, const gchar *base_url, GDateTime *now)
{
  JsonArray *advices = json_object_get_array_member (list, "advices");
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree gchar *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree gchar *host = tribune_feed_tag_authority (base_url);

  tribune_ics_append_line (out, "BEGIN:VCALENDAR");
  tribune_ics_append_line (out, "VERSION:2.0");
  tribune_ics_append_line (out, "PRODID:-//Tribune//Adviezen van de wijkraden//NL");
  tribune_ics_append_line (out, "CALSCALE:GREGORIAN");
  tribune_ics_append_line (out, "METHOD:PUBLISH");
  property (out, "X-WR-CALNAME", "Adviezen: wanneer antwoordt de gemeente?");
  for (guint i = 0; advices && i < json_array_get_length (advices); i++) {
    JsonObject *a = json_array_get_object_element (advices, i);
    const gchar *status = string_or_null (a, "status");
    gint64 id = json_object_get_int_member (a, "id");
    gchar start[9], end[9];
    GDate next;
    g_autofree gchar *summary = NULL, *description = NULL, *url = NULL, *uid = NULL;
    g_autofree gchar *dtstart = NULL, *dtend = NULL, *dtstamp = NULL;

    if (g_strcmp0 (status, "sent") != 0 && g_strcmp0 (status, "escalated") != 0)
      continue;
    if (string_or_null (a, "answered_at") ||
        !ics_date (string_or_null (a, "deadline"), start, &next))
      continue;
    g_date_add_days (&next, 1);
    g_snprintf (end, sizeof end, "%04u%02u%02u", g_date_get_year (&next),
                g_date_get_month (&next), g_date_get_day (&next));
    url = g_strdup_printf ("%s/advices/%" G_GINT64_FORMAT, base_url, id);
    uid = g_strdup_printf ("UID:advice-%" G_GINT64_FORMAT "-deadline@%s", id, host);
    summary = g_strdup_printf ("Antwoord gemeente verwacht: %s", string_or_null (a, "title"));
    description = g_strdup_printf ("%s vroeg %s om antwoord op dit advies.\n%s",
                                   string_or_null (a, "council_name"),
                                   string_or_null (a, "addressee"), url);
    dtstart = g_strdup_printf ("DTSTART;VALUE=DATE:%s", start);
    dtend = g_strdup_printf ("DTEND;VALUE=DATE:%s", end);
    dtstamp = g_strdup_printf ("DTSTAMP:%s", stamp);

    tribune_ics_append_line (out, "BEGIN:VEVENT");
    tribune_ics_append_line (out, uid);
    tribune_ics_append_line (out, dtstamp);
    tribune_ics_append_line (out, dtstart);
    tribune_ics_append_line (out, dtend);
    property (out, "SUMMARY", summary);
    property (out, "DESCRIPTION", description);
    tribune_ics_append_line (out, "TRANSP:TRANSPARENT");
    {
      g_autofree gchar *line = g_strconcat ("URL:", url, NULL);
      tribune_ics_append_line (out, line);
    }
    tribune_ics_append_line (out, "END:VEVENT");
  }
  tribune_ics_append_line (out, "END:VCALENDAR");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
