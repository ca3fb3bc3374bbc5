/* advice-feeds-resource.c — the advice tracker for feed readers, calendars and open data
 * (docs/advices.md, "Feeds and open data"):
 *
 *   GET /advices.atom[?council=slug]   Atom 1.0, the latest 50 events (feed-atom.h)
 *   GET /advices.ics[?council=slug]    iCalendar, one event per open deadline (feed-ics.h)
 *   GET /api/advices.json              every advice, CC0
 *   GET /api/export/ori.jsonld         JSON-LD in the Open Raadsinformatie shape
 *
 * Public and CORS-open. Links are absolute, built from the request's own address; a Host
 * header that is not a plain host name gives "localhost" links rather than anything a
 * hostile client typed. */
#include "resources.h"
#include "advice-deadline.h"
#include "export-ori.h"
#include "feed-atom.h"
#include "feed-ics.h"
#include "http-util.h"
#include "store-advices.h"
#include "store-meetings.h"

#include <string.h>

#define FEED_EVENTS 50

static gboolean
host_is_plain (const gchar *host)
{
  if (host == NULL || *host == '\0' || strlen (host) > 253)
    return FALSE;
  for (const gchar *p = host; *p; p++) {
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != ':' && *p != '[' && *p != ']')
      return FALSE;
  }
  return TRUE;
}

static gchar *
base_url (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const gchar *host = g_uri_get_host (uri);
  gint port = g_uri_get_port (uri);
  const gchar *scheme = g_uri_get_scheme (uri);

  if (!host_is_plain (host))
    host = "localhost";
  if (strchr (host, ':') && host[0] != '[')
    return g_strdup_printf ("%s://[%s]:%d", scheme ? scheme : "http", host, port);
  return port > 0 ? g_strdup_printf ("%s://%s:%d", scheme ? scheme : "http", host, port)
                  : g_strdup_printf ("%s://%s", scheme ? scheme : "http", host);
}

static void
send_text (SoupServerMessage *msg, const gchar *type, gchar *text)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-cache");
  tribune_http_text (msg, SOUP_STATUS_OK, type, text);
  g_free (text);
}

void
tribune_resource_advice_feeds (TribuneApp *app, SoupServerMessage *msg,
                               const TribuneRoute *route, GHashTable *query)
{
  const gchar *council = query ? g_hash_table_lookup (query, "council") : NULL;
  g_autofree gchar *base = base_url (msg);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  GDate today;

  tribune_http_cors (msg);
  if (council && *council == '\0')
    council = NULL;
  if (council && tribune_store_council_find (app->store, council) == 0) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such council");
    return;
  }
  tribune_advice_today (app, &today);
  if (route->kind == TRIBUNE_ROUTE_ADVICE_FEED && g_str_equal (route->file, "advices.atom")) {
    g_autoptr (JsonNode) events = tribune_store_advice_feed_events (app->store, council,
                                                                    FEED_EVENTS);
    send_text (msg, "application/atom+xml; charset=utf-8",
               tribune_feed_atom (json_node_get_object (events), base,
                                  "Adviezen van de wijkraden", council, now));
  } else if (route->kind == TRIBUNE_ROUTE_ADVICE_FEED) {
    TribuneAdviceFilter filter = { .council = council };
    g_autoptr (JsonNode) list = tribune_store_advices_list (app->store, &filter, &today);

    send_text (msg, "text/calendar; charset=utf-8",
               tribune_feed_ics (json_node_get_object (list), base, now));
  } else if (route->kind == TRIBUNE_ROUTE_API_ADVICES_JSON) {
    TribuneAdviceFilter all = { 0 };
    JsonNode *list = tribune_store_advices_list (app->store, &all, &today);
    JsonObject *o = json_node_get_object (list);
    g_autofree gchar *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

    json_object_set_string_member (o, "generated_at", stamp);
    json_object_set_string_member (o, "license", "CC0-1.0");
    tribune_http_json_or_error (msg, SOUP_STATUS_OK, list, NULL);
  } else {
    g_autoptr (JsonNode) doc = tribune_export_ori (app->store, base, &today);
    send_text (msg, "application/ld+json; charset=utf-8", json_to_string (doc, FALSE));
  }
}
