/* test-feeds.c — the advice feeds read by real software: Atom by feedparser, iCalendar by
 * python-icalendar (Debian's python3-feedparser and python3-icalendar, through
 * check-feeds.py), and the JSON-LD export with the agenda item's recording offset. The
 * advices are made through the API, one with a hostile title; the meeting is recorded. */
#include "harness.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char config[] =
  "[server]\nport = 0\nhls_segment_ms = 1000\n"
  "[room demo]\nsource = none\nwidth = 320\nheight = 180\nframerate = 10\nvideo_kbps = 200\n";

/* What a title with everything a feed must escape looks like, in JSON and as read back. */
#define HOSTILE_JSON "Zebrapad <school> & \\\"veilig\\\""
#define HOSTILE_TEXT "Zebrapad <school> & \"veilig\""

static JsonObject *
call_json (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
           const gchar *json, guint status)
{
  g_autofree gchar *auth = token ? g_strdup_printf ("Bearer %s", token) : NULL;
  const gchar *headers[] = { "Authorization", auth, NULL };
  g_autoptr (TestResponse) r = test_http (s, method, path, json ? "application/json" : NULL,
                                          json, -1, token ? headers : NULL);
  JsonNode *node;

  if (r->status != status)
    g_test_message ("%s %s → %u %s", method, path, r->status, r->body);
  g_assert_cmpuint (r->status, ==, status);
  node = json_from_string (r->body, NULL);
  g_assert_nonnull (node);
  g_test_queue_destroy ((GDestroyNotify) json_node_unref, node);
  return json_node_get_object (node);
}

static gchar *
day (gint offset)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GDateTime) now = g_date_time_new_now (zone);
  g_autoptr (GDateTime) then = g_date_time_add_days (now, offset);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
advice (TestServer *s, const gchar *admin, const gchar *council, const gchar *title,
        const gchar *items, gint sent, gint answered)
{
  g_autofree gchar *json = g_strdup_printf ("{\"council\": \"%s\", \"title\": \"%s\", "
      "\"summary\": \"Samenvatting\", \"kind\": \"unsolicited\", \"theme\": \"traffic\", "
      "\"addressee\": \"Wethouder\"%s}", council, title, items ? items : "");
  gint64 id = json_object_get_int_member (call_json (s, admin, "POST", "/api/advices", json, 201),
                                          "id");
  g_autofree gchar *path = g_strdup_printf ("/api/advices/%" G_GINT64_FORMAT, id);

  if (sent <= 0) {
    g_autofree gchar *sent_at = day (sent);
    g_autofree gchar *move = g_strdup_printf ("{\"status\": \"sent\", \"sent_at\": \"%s\"}", sent_at);
    call_json (s, admin, "PATCH", path, move, 200);
  }
  if (answered <= 0) {
    g_autofree gchar *answered_at = day (answered);
    g_autofree gchar *move = g_strdup_printf ("{\"status\": \"answered\", \"answered_at\": \"%s\", "
                                              "\"outcome\": \"adopted\"}", answered_at);
    call_json (s, admin, "PATCH", path, move, 200);
  }
}

static void
test_feeds_read_back (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *due_a = day (-18), *due_b = day (32);
  g_autofree gchar *host = NULL, *expected = NULL, *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  gint status = -1;
  const gchar *colon;

  call_json (s, admin, "POST", "/api/councils", "{\"name\": \"Wijkraad Charlois\", \"slug\": "
             "\"charlois\"}", 201);
  call_json (s, admin, "POST", "/api/councils", "{\"name\": \"Wijkraad Feijenoord\", \"slug\": "
             "\"feijenoord\"}", 201);
  call_json (s, admin, "POST", "/api/meetings", "{\"council\": \"charlois\", \"title\": "
             "\"Vergadering\", \"room\": \"demo\", \"starts_at\": \"2026-01-10T18:00:00Z\"}", 201);
  call_json (s, admin, "POST", "/api/meetings/1/agenda", "{\"title\": \"Opening\"}", 201);
  call_json (s, admin, "POST", "/api/meetings/1/agenda", "{\"title\": \"Advies zebrapad\"}", 201);
  call_json (s, admin, "POST", "/api/meetings/1/start", NULL, 200);
  test_spin (test_ms (2500));
  call_json (s, admin, "POST", "/api/meetings/1/agenda/2/current", NULL, 200);
  test_spin (test_ms (2500));
  call_json (s, admin, "POST", "/api/meetings/1/end", NULL, 200);

  /* Events 1–8: A created, sent; B created, sent; C created, sent, answered; D created. */
  advice (s, admin, "charlois", HOSTILE_JSON, ", \"items\": [2]", -60, 1);
  advice (s, admin, "feijenoord", "Bomen", NULL, -10, 1);
  advice (s, admin, "charlois", "Speeltuin", NULL, -30, -5);
  advice (s, admin, "charlois", "Concept", NULL, 1, 1);

  host = g_strdup (s->base_url + strlen ("http://"));
  if ((colon = strchr (host, ':')))
    host[colon - host] = '\0';
  {
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (JsonNode) root = NULL;
    const gchar *const titles[] = {
      "Advies ‘\u2068Concept\u2069’: aangemaakt",
      "Advies ‘\u2068Speeltuin\u2069’: beantwoord door de gemeente",
      "Advies ‘\u2068Speeltuin\u2069’: verstuurd naar de gemeente",
      "Advies ‘\u2068Speeltuin\u2069’: aangemaakt",
      "Advies ‘\u2068Bomen\u2069’: verstuurd naar de gemeente",
      "Advies ‘\u2068Bomen\u2069’: aangemaakt",
      "Advies ‘\u2068" HOSTILE_TEXT "\u2069’: verstuurd naar de gemeente",
      "Advies ‘\u2068" HOSTILE_TEXT "\u2069’: aangemaakt",
    };
    g_autofree gchar *uid_a = g_strdup_printf ("advice-1-deadline@%s", host);
    g_autofree gchar *uid_b = g_strdup_printf ("advice-2-deadline@%s", host);
    g_autofree gchar *meeting = g_strdup_printf ("%s/archive/1", s->base_url);
    g_autofree gchar *item = g_strdup_printf ("%s/archive/1?item=2", s->base_url);
    g_autofree gchar *advice_a = g_strdup_printf ("%s/advices/1", s->base_url);
    g_autofree gchar *video = g_strdup_printf ("%s/vod/1/index.m3u8", s->base_url);

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "atom");
    json_builder_begin_array (b);
    for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
      json_builder_add_string_value (b, titles[i]);
    json_builder_end_array (b);
    json_builder_set_member_name (b, "atom_filtered");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "council");
    json_builder_add_string_value (b, "feijenoord");
    json_builder_set_member_name (b, "titles");
    json_builder_begin_array (b);
    json_builder_add_string_value (b, titles[4]);
    json_builder_add_string_value (b, titles[5]);
    json_builder_end_array (b);
    json_builder_end_object (b);
    json_builder_set_member_name (b, "ics");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, uid_a);
    json_builder_add_string_value (b, due_a);
    json_builder_set_member_name (b, uid_b);
    json_builder_add_string_value (b, due_b);
    json_builder_end_object (b);
    json_builder_set_member_name (b, "ori");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, meeting);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, "Vergadering");
    json_builder_set_member_name (b, "video");
    json_builder_add_string_value (b, video);
    json_builder_end_object (b);
    json_builder_set_member_name (b, item);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "superEvent");
    json_builder_add_string_value (b, meeting);
    json_builder_set_member_name (b, "startOffset");
    json_builder_add_string_value (b, "<number>");
    json_builder_set_member_name (b, "position");
    json_builder_add_int_value (b, 2);
    json_builder_end_object (b);
    json_builder_set_member_name (b, advice_a);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "@type");
    json_builder_add_string_value (b, "opengov:Motion");
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, HOSTILE_TEXT);
    json_builder_set_member_name (b, "expires");
    json_builder_add_string_value (b, due_a);
    json_builder_end_object (b);
    json_builder_end_object (b);
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    expected = json_to_string (root, FALSE);
  }
  /* The agenda item names the advice it discussed (checked here: a list). */
  {
    g_autoptr (TestResponse) r = test_http (s, "GET", "/api/export/ori.jsonld", NULL, NULL, 0, NULL);
    g_autofree gchar *link = g_strdup_printf ("\"motion\":[\"%s/advices/1\"]", s->base_url);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_nonnull (strstr (r->body, link));
  }
  {
    const gchar *argv[] = { "/usr/bin/python3", TRIBUNE_CHECK_FEEDS, s->base_url, expected, NULL };

    g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                  &error);
    g_assert_no_error (error);
    g_test_message ("%s%s", out, err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  /* An unknown council is a 404 with a JSON error, for both feeds. */
  {
    g_autoptr (TestResponse) a = test_http (s, "GET", "/advices.atom?council=nergens", NULL, NULL, 0, NULL);
    g_autoptr (TestResponse) i = test_http (s, "GET", "/advices.ics?council=nergens", NULL, NULL, 0, NULL);

    g_assert_cmpuint (a->status, ==, 404);
    g_assert_cmpuint (i->status, ==, 404);
    g_assert_nonnull (strstr (a->body, "\"error\""));
  }
  test_server_stop (s);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/feeds/read-back", test_feeds_read_back);
  return test_run ();
}
