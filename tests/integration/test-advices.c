/* test-advices.c — the advice tracker (issue 6) against the real server: who may write,
 * bad input, every status move through the API with its conditions (escalate only when
 * overdue or not adopted; 409 lists the moves allowed now), the deadline and clock, the
 * list filters, the timeline, search, the recording offset of a linked agenda item, and
 * PDF attachments (not a PDF, too big, a path in the name, served as a sandboxed
 * download, removed). */
#include "harness.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char config[] =
  "[server]\nport = 0\nhls_segment_ms = 1000\nattachment_max_mb = 1\n"
  "[room demo]\nsource = none\nwidth = 320\nheight = 180\nframerate = 10\nvideo_kbps = 200\n";

/* ---- API helpers ---- */

static TestResponse *
call (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
      const gchar *json)
{
  g_autofree gchar *auth = token ? g_strdup_printf ("Bearer %s", token) : NULL;
  const gchar *headers[] = { "Authorization", auth, NULL };

  return test_http (s, method, path, json ? "application/json" : NULL, json, -1,
                    token ? headers : NULL);
}

static JsonObject *
expect_json (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
             const gchar *json, guint status)
{
  g_autoptr (TestResponse) r = call (s, token, method, path, json);
  JsonNode *node;

  if (r->status != status)
    g_test_message ("%s %s %s → %u %s", method, path, json ? json : "", r->status, r->body);
  g_assert_cmpuint (r->status, ==, status);
  node = json_from_string (r->body, NULL);
  g_assert_nonnull (node);
  g_test_queue_destroy ((GDestroyNotify) json_node_unref, node);
  return json_node_get_object (node);
}

static void
expect (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
        const gchar *json, guint status)
{
  (void) expect_json (s, token, method, path, json, status);
}

static TestResponse *
upload (TestServer *s, const gchar *token, const gchar *path, const gchar *type,
        const gchar *data, gssize length)
{
  g_autofree gchar *auth = g_strdup_printf ("Bearer %s", token);
  const gchar *headers[] = { "Authorization", auth, NULL };

  return test_http (s, "POST", path, type, data, length, headers);
}

/* A date @days from today where the server counts (its default zone, Europe/Amsterdam). */
static gchar *
day_from_today (gint days)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autoptr (GDateTime) now = g_date_time_new_now (zone);
  g_autoptr (GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gint64
create (TestServer *s, const gchar *admin, const gchar *title, const gchar *extra)
{
  g_autofree gchar *json = g_strdup_printf ("{\"council\": \"charlois\", \"title\": \"%s\", "
      "\"summary\": \"Samenvatting\", \"kind\": \"requested\", \"theme\": \"safety\", "
      "\"addressee\": \"Wethouder\"%s}", title, extra ? extra : "");
  JsonObject *a = expect_json (s, admin, "POST", "/api/advices", json, 201);

  g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "draft");
  return json_object_get_int_member (a, "id");
}

static JsonObject *
patch (TestServer *s, const gchar *admin, gint64 id, const gchar *json, guint status)
{
  g_autofree gchar *path = g_strdup_printf ("/api/advices/%" G_GINT64_FORMAT, id);

  return expect_json (s, admin, "PATCH", path, json, status);
}

static void
assert_allowed (JsonObject *reply, const gchar *const *expected)
{
  JsonArray *allowed = json_object_get_array_member (reply, "allowed");
  guint n = g_strv_length ((gchar **) expected);

  g_assert_nonnull (allowed);
  g_assert_cmpuint (json_array_get_length (allowed), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_array_get_string_element (allowed, i), ==, expected[i]);
}

static void
setup_council (TestServer *s, const gchar *admin)
{
  expect (s, admin, "POST", "/api/councils",
          "{\"name\": \"Wijkraad Charlois\", \"slug\": \"charlois\"}", 201);
  expect (s, admin, "POST", "/api/councils",
          "{\"name\": \"Wijkraad Feijenoord\", \"slug\": \"feijenoord\"}", 201);
  expect (s, admin, "POST", "/api/meetings", "{\"council\": \"charlois\", \"title\": "
          "\"Openbare vergadering\", \"room\": \"demo\", \"starts_at\": \"2026-01-10T18:00:00Z\"}", 201);
  expect (s, admin, "POST", "/api/meetings/1/agenda", "{\"title\": \"Opening\"}", 201);
  expect (s, admin, "POST", "/api/meetings/1/agenda", "{\"title\": \"Advies oversteekplaats\"}", 201);
  expect (s, admin, "POST", "/api/meetings", "{\"council\": \"feijenoord\", \"title\": "
          "\"Andere raad\", \"room\": \"demo\", \"starts_at\": \"2026-01-11T18:00:00Z\"}", 201);
  expect (s, admin, "POST", "/api/meetings/2/agenda", "{\"title\": \"Elders\"}", 201);
}

/* ---- roles and bad input ---- */

static void
test_roles_and_input (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  const gchar *const others[] = { "chair", "member", "archivist" };
  gint64 id;

  setup_council (s, admin);
  id = create (s, admin, "Veilig oversteken", ", \"items\": [2]");
  g_assert_cmpint (id, ==, 1);

  /* Writes: nobody but the secretary. Reads: anyone. */
  for (guint i = 0; i < G_N_ELEMENTS (others); i++) {
    g_autofree gchar *name = g_strdup_printf ("user-%s", others[i]);
    g_autofree gchar *token = test_login_new_user (s, name, others[i], "wachtwoord-123");

    expect (s, token, "POST", "/api/advices", "{\"council\": \"charlois\"}", 403);
    expect (s, token, "PATCH", "/api/advices/1", "{\"title\": \"Anders\"}", 403);
    expect (s, token, "POST", "/api/advices/1/events", "{\"note\": \"x\"}", 403);
    {
      g_autoptr (TestResponse) r = upload (s, token, "/api/advices/1/attachments",
                                           "application/pdf", "%PDF-1.4\n", -1);
      g_assert_cmpuint (r->status, ==, 403);
    }
    expect (s, token, "GET", "/api/advices/1", NULL, 200);
  }
  expect (s, NULL, "POST", "/api/advices", "{\"council\": \"charlois\"}", 401);
  expect (s, NULL, "PATCH", "/api/advices/1", "{\"title\": \"Anders\"}", 401);
  expect (s, NULL, "GET", "/api/advices", NULL, 200);
  expect (s, NULL, "GET", "/api/advices/1/events", NULL, 200);

  /* Bad input: each says what is wrong. */
  expect (s, admin, "POST", "/api/advices", "{\"council\": \"charlois\", \"title\": \"x\"}", 400);
  expect (s, admin, "POST", "/api/advices", "not json", 400);
  expect (s, admin, "POST", "/api/advices", "[1, 2]", 400);
  expect (s, admin, "POST", "/api/advices", "{\"council\": \"nergens\", \"title\": \"x\", "
          "\"kind\": \"requested\", \"theme\": \"safety\", \"addressee\": \"y\"}", 404);
  expect (s, admin, "POST", "/api/advices", "{\"council\": \"charlois\", \"title\": \"x\", "
          "\"kind\": \"gevraagd\", \"theme\": \"safety\", \"addressee\": \"y\"}", 400);
  expect (s, admin, "POST", "/api/advices", "{\"council\": \"charlois\", \"title\": \"x\", "
          "\"kind\": \"requested\", \"theme\": \"weather\", \"addressee\": \"y\"}", 400);
  expect (s, admin, "POST", "/api/advices", "{\"council\": \"charlois\", \"title\": 7, "
          "\"kind\": \"requested\", \"theme\": \"safety\", \"addressee\": \"y\"}", 400);
  {
    g_autofree gchar *long_title = g_strnfill (201, 'a');
    g_autofree gchar *json = g_strdup_printf ("{\"council\": \"charlois\", \"title\": \"%s\", "
        "\"kind\": \"requested\", \"theme\": \"safety\", \"addressee\": \"y\"}", long_title);
    JsonObject *e = expect_json (s, admin, "POST", "/api/advices", json, 400);

    g_assert_nonnull (strstr (json_object_get_string_member (e, "error"), "title"));
  }
  /* An item of another council's meeting is refused, and nothing half-made stays. */
  {
    JsonObject *e = expect_json (s, admin, "POST", "/api/advices", "{\"council\": \"charlois\", "
        "\"title\": \"x\", \"kind\": \"requested\", \"theme\": \"safety\", \"addressee\": \"y\", "
        "\"items\": [3]}", 400);
    JsonObject *all = expect_json (s, NULL, "GET", "/api/advices", NULL, 200);

    g_assert_nonnull (strstr (json_object_get_string_member (e, "error"), "items"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (all, "advices")), ==, 1);
  }
  expect (s, admin, "PATCH", "/api/advices/1", "{\"items\": \"2\"}", 400);
  expect (s, admin, "PATCH", "/api/advices/1", "{\"title\": \"bel\\u0007\"}", 400);
  expect (s, admin, "PATCH", "/api/advices/1", "{\"summary\": \"x\\uFFFEy\"}", 400);
  {
    JsonObject *e = expect_json (s, admin, "PATCH", "/api/advices/1", "{\"items\": [2, \"x\"]}", 400);
    JsonObject *a = expect_json (s, NULL, "GET", "/api/advices/1", NULL, 200);

    g_assert_nonnull (strstr (json_object_get_string_member (e, "error"), "whole numbers"));
    /* Refused as a whole: the items stay as they were. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "items")), ==, 1);
  }
  expect (s, admin, "PATCH", "/api/advices/1", "{\"status\": \"gone\"}", 400);
  expect (s, admin, "PATCH", "/api/advices/99", "{\"title\": \"x\"}", 404);
  expect (s, NULL, "GET", "/api/advices/99", NULL, 404);
  expect (s, NULL, "GET", "/api/advices/abc", NULL, 404);
  expect (s, NULL, "GET", "/api/advices/99/events", NULL, 404);
  expect (s, NULL, "GET", "/api/advices?status=lost", NULL, 400);
  expect (s, NULL, "GET", "/api/advices?theme=weather", NULL, 400);
  expect (s, NULL, "GET", "/api/advices?year=twenty", NULL, 400);
  expect (s, NULL, "GET", "/api/advices?council=nergens", NULL, 404);
  expect (s, admin, "POST", "/api/advices/1/events", "{\"note\": \"\"}", 400);

  /* An edit keeps the status and says what changed on the timeline. */
  {
    JsonObject *a = patch (s, admin, 1, "{\"title\": \"Veilig oversteken bij school\", "
                           "\"theme\": \"traffic\"}", 200);
    JsonObject *ev = expect_json (s, NULL, "GET", "/api/advices/1/events", NULL, 200);
    JsonArray *events = json_object_get_array_member (ev, "events");
    JsonObject *last = json_array_get_object_element (events, json_array_get_length (events) - 1);

    g_assert_cmpstr (json_object_get_string_member (a, "title"), ==, "Veilig oversteken bij school");
    g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "draft");
    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "edited");
    g_assert_cmpstr (json_object_get_string_member (last, "note"), ==, "changed: title, theme");
    g_assert_cmpstr (json_object_get_string_member (last, "by"), ==, "secretaris");
  }
  test_server_stop (s);
}

/* ---- the life of an advice ---- */

static void
test_moves (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *tomorrow = day_from_today (1);
  g_autofree gchar *long_ago = day_from_today (-60);
  g_autofree gchar *recent = day_from_today (-10);
  g_autofree gchar *before_sent = day_from_today (-61);
  gchar *json = NULL;
  const gchar *const draft_next[] = { "sent", "withdrawn", NULL };
  const gchar *const sent_waiting[] = { "answered", "withdrawn", NULL };
  const gchar *const none[] = { NULL };
  JsonObject *a;
  gint64 late, fresh, refused;

  setup_council (s, admin);
  late = create (s, admin, "Laat antwoord", NULL);
  fresh = create (s, admin, "Op tijd", NULL);
  refused = create (s, admin, "Niet overgenomen", NULL);

  /* A draft cannot be answered or escalated: 409 says what it can do. */
  assert_allowed (patch (s, admin, late, "{\"status\": \"escalated\"}", 409), draft_next);
  assert_allowed (patch (s, admin, late, "{\"status\": \"answered\"}", 409), draft_next);
  assert_allowed (patch (s, admin, late, "{\"status\": \"draft\"}", 409), draft_next);

  /* Sending needs a real date, not in the future. */
  patch (s, admin, late, "{\"status\": \"sent\"}", 400);
  patch (s, admin, late, "{\"status\": \"sent\", \"sent_at\": \"2026-02-30\"}", 400);
  json = g_strdup_printf ("{\"status\": \"sent\", \"sent_at\": \"%s\"}", tomorrow);
  patch (s, admin, late, json, 400);
  g_free (json);

  /* Sent 60 days ago: deadline +42 days, 18 days overdue. */
  json = g_strdup_printf ("{\"status\": \"sent\", \"sent_at\": \"%s\"}", long_ago);
  a = patch (s, admin, late, json, 200);
  g_free (json);
  g_assert_cmpint (json_object_get_int_member (a, "term_days"), ==, 42);
  {
    g_autofree gchar *deadline = day_from_today (-18);
    g_assert_cmpstr (json_object_get_string_member (a, "deadline"), ==, deadline);
  }
  g_assert_true (json_object_get_boolean_member (a, "overdue"));
  g_assert_cmpint (json_object_get_int_member (a, "days_overdue"), ==, 18);
  g_assert_true (json_object_get_null_member (a, "days_left"));

  /* Sent 10 days ago: 32 days left, not overdue, cannot be escalated yet. */
  json = g_strdup_printf ("{\"status\": \"sent\", \"sent_at\": \"%s\"}", recent);
  a = patch (s, admin, fresh, json, 200);
  g_free (json);
  g_assert_false (json_object_get_boolean_member (a, "overdue"));
  g_assert_cmpint (json_object_get_int_member (a, "days_left"), ==, 32);
  json = g_strdup_printf ("{\"status\": \"escalated\", \"escalated_at\": \"%s\"}", recent);
  assert_allowed (patch (s, admin, fresh, json, 409), sent_waiting);
  g_free (json);

  /* The overdue filter finds only the late one. */
  {
    JsonObject *list = expect_json (s, NULL, "GET", "/api/advices?status=overdue", NULL, 200);
    JsonArray *advices = json_object_get_array_member (list, "advices");

    g_assert_cmpuint (json_array_get_length (advices), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (advices, 0), "id"),
                     ==, late);
  }

  /* The late one is escalated (overdue), then answered late: the clock stops. */
  json = g_strdup_printf ("{\"status\": \"escalated\", \"escalated_at\": \"%s\", "
                          "\"note\": \"Naar de gemeenteraad\"}", recent);
  a = patch (s, admin, late, json, 200);
  g_free (json);
  g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "escalated");
  g_assert_cmpstr (json_object_get_string_member (a, "escalation_note"), ==, "Naar de gemeenteraad");
  g_assert_true (json_object_get_boolean_member (a, "overdue"));
  /* An answer dated before the advice was sent is refused; a bad outcome too. */
  json = g_strdup_printf ("{\"status\": \"answered\", \"answered_at\": \"%s\", "
                          "\"outcome\": \"adopted\"}", before_sent);
  patch (s, admin, late, json, 400);
  g_free (json);
  json = g_strdup_printf ("{\"status\": \"answered\", \"answered_at\": \"%s\", "
                          "\"outcome\": \"maybe\"}", recent);
  patch (s, admin, late, json, 400);
  g_free (json);
  json = g_strdup_printf ("{\"status\": \"answered\", \"answered_at\": \"%s\", "
                          "\"outcome\": \"partly_adopted\", \"response\": \"Deels.\"}", recent);
  a = patch (s, admin, late, json, 200);
  g_free (json);
  g_assert_false (json_object_get_boolean_member (a, "overdue"));
  g_assert_true (json_object_get_null_member (a, "days_overdue"));
  g_assert_cmpstr (json_object_get_string_member (a, "outcome"), ==, "partly_adopted");
  /* Partly adopted: no further escalation. */
  json = g_strdup_printf ("{\"status\": \"escalated\", \"escalated_at\": \"%s\"}", recent);
  assert_allowed (patch (s, admin, late, json, 409), none);

  /* Not adopted: the council may escalate after the answer. */
  g_free (json);
  json = g_strdup_printf ("{\"status\": \"sent\", \"sent_at\": \"%s\"}", recent);
  patch (s, admin, refused, json, 200);
  g_free (json);
  json = g_strdup_printf ("{\"status\": \"answered\", \"answered_at\": \"%s\", "
                          "\"outcome\": \"not_adopted\", \"response\": \"Nee.\"}", recent);
  patch (s, admin, refused, json, 200);
  g_free (json);
  json = g_strdup_printf ("{\"status\": \"escalated\", \"escalated_at\": \"%s\"}", recent);
  a = patch (s, admin, refused, json, 200);
  g_assert_cmpstr (json_object_get_string_member (a, "status"), ==, "escalated");
  g_assert_false (json_object_get_boolean_member (a, "overdue"));   /* it was answered */

  /* Withdraw and reopen: back to a draft without dates; the history stays. */
  patch (s, admin, fresh, "{\"status\": \"withdrawn\", \"note\": \"Dubbel ingevoerd\"}", 200);
  a = patch (s, admin, fresh, "{\"status\": \"draft\"}", 200);
  g_assert_true (json_object_get_null_member (a, "sent_at"));
  g_assert_true (json_object_get_null_member (a, "deadline"));
  {
    g_autofree gchar *path = g_strdup_printf ("/api/advices/%" G_GINT64_FORMAT "/events", fresh);
    JsonObject *ev = expect_json (s, NULL, "GET", path, NULL, 200);
    JsonArray *events = json_object_get_array_member (ev, "events");
    const gchar *const actions[] = { "created", "sent", "withdrawn", "reopened" };

    g_assert_cmpuint (json_array_get_length (events), ==, G_N_ELEMENTS (actions));
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, i),
                                                      "action"), ==, actions[i]);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 2),
                                                    "note"), ==, "Dubbel ingevoerd");
  }
  /* A progress note lands on the timeline. */
  {
    g_autofree gchar *path = g_strdup_printf ("/api/advices/%" G_GINT64_FORMAT "/events", refused);
    JsonObject *ev = expect_json (s, admin, "POST", path,
                                  "{\"note\": \"Besproken in de commissie\"}", 201);
    JsonArray *events = json_object_get_array_member (ev, "events");
    JsonObject *last = json_array_get_object_element (events, json_array_get_length (events) - 1);

    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "note");
    g_assert_cmpstr (json_object_get_string_member (last, "status"), ==, "escalated");
  }

  /* A council with its own term (30 days): the deadline follows it. */
  expect (s, admin, "POST", "/api/councils", "{\"name\": \"Wijkraad Kort\", \"slug\": "
          "\"kort\", \"advice_term_days\": 0}", 400);
  expect (s, admin, "POST", "/api/councils", "{\"name\": \"Wijkraad Kort\", \"slug\": "
          "\"kort\", \"advice_term_days\": \"30\"}", 400);
  expect (s, admin, "POST", "/api/councils", "{\"name\": \"Wijkraad Kort\", \"slug\": "
          "\"kort\", \"advice_term_days\": 30}", 201);
  {
    JsonObject *made = expect_json (s, admin, "POST", "/api/advices", "{\"council\": \"kort\", "
        "\"title\": \"Kort\", \"kind\": \"unsolicited\", \"theme\": \"other\", "
        "\"addressee\": \"Stadsbeheer\"}", 201);
    g_autofree gchar *due = day_from_today (20);

    g_free (json);
    json = g_strdup_printf ("{\"status\": \"sent\", \"sent_at\": \"%s\"}", recent);
    a = patch (s, admin, json_object_get_int_member (made, "id"), json, 200);
    g_free (json);
    json = NULL;
    g_assert_cmpint (json_object_get_int_member (a, "term_days"), ==, 30);
    g_assert_cmpstr (json_object_get_string_member (a, "deadline"), ==, due);
    g_assert_cmpint (json_object_get_int_member (a, "days_left"), ==, 20);
  }

  /* Filters: theme, year, status; search finds advices by their words. */
  {
    JsonObject *list = expect_json (s, NULL, "GET", "/api/advices?status=escalated", NULL, 200);
    g_autofree gchar *year = g_strdup_printf ("/api/advices?year=%.4s", recent);
    JsonObject *search = expect_json (s, NULL, "GET", "/api/search?q=overgenomen", NULL, 200);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "advices")), ==, 1);
    list = expect_json (s, NULL, "GET", "/api/advices?theme=housing", NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "advices")), ==, 0);
    list = expect_json (s, NULL, "GET", year, NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "advices")), >=, 2);
    list = expect_json (s, NULL, "GET", "/api/advices?year=1999", NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "advices")), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (
        json_array_get_object_element (json_object_get_array_member (search, "hits"), 0), "type"),
        ==, "advice");
  }
  g_free (json);
  test_server_stop (s);
}

/* ---- the agenda item's moment in the recording ---- */

static void
test_recording_link (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  JsonObject *a, *item;
  gint64 id;

  setup_council (s, admin);
  id = create (s, admin, "Oversteekplaats", ", \"items\": [2]");
  expect (s, admin, "POST", "/api/meetings/1/start", NULL, 200);
  test_spin (test_ms (3000));
  expect (s, admin, "POST", "/api/meetings/1/agenda/2/current", NULL, 200);
  test_spin (test_ms (3000));
  expect (s, admin, "POST", "/api/meetings/1/end", NULL, 200);

  a = expect_json (s, NULL, "GET", "/api/advices/1", NULL, 200);
  g_assert_cmpint (json_object_get_int_member (a, "id"), ==, id);
  item = json_array_get_object_element (json_object_get_array_member (a, "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "meeting"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "play"), ==, "/archive/1?item=2");
  g_assert_false (json_object_get_null_member (item, "offset_s"));
  g_assert_cmpfloat (json_object_get_double_member (item, "offset_s"), >, 1.0);
  /* The meeting's advices, for its archive page. */
  a = expect_json (s, NULL, "GET", "/api/advices?meeting=1", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "advices")), ==, 1);
  a = expect_json (s, NULL, "GET", "/api/advices?meeting=2", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "advices")), ==, 0);
  test_server_stop (s);
}

/* ---- attachments ---- */

static void
test_attachments (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  static const gchar pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
  g_autofree gchar *big = NULL;
  g_autofree gchar *stored = NULL;
  g_autoptr (GDir) dir = NULL;
  gsize big_size = 1024 * 1024 + 10;

  setup_council (s, admin);
  create (s, admin, "Met bijlage", NULL);

  /* Not a PDF (by content or by type): 415. Over attachment_max_mb: 413. */
  {
    g_autoptr (TestResponse) r = upload (s, admin, "/api/advices/1/attachments?name=a.pdf",
                                         "application/pdf", "<html><script>alert(1)</script>", -1);
    g_assert_cmpuint (r->status, ==, 415);
    g_assert_nonnull (strstr (r->body, "\"error\""));
  }
  {
    g_autoptr (TestResponse) r = upload (s, admin, "/api/advices/1/attachments?name=a.pdf",
                                         "text/html", pdf, -1);
    g_assert_cmpuint (r->status, ==, 415);
  }
  big = g_malloc0 (big_size);
  memcpy (big, "%PDF-", 5);
  {
    g_autoptr (TestResponse) r = upload (s, admin, "/api/advices/1/attachments?name=big.pdf",
                                         "application/pdf", big, (gssize) big_size);
    g_assert_cmpuint (r->status, ==, 413);
  }
  {
    g_autoptr (TestResponse) r = upload (s, admin, "/api/advices/1/attachments?kind=other",
                                         "application/pdf", pdf, -1);
    g_assert_cmpuint (r->status, ==, 400);
  }

  /* A path in the name is only text: the file is stored by its hash. */
  {
    g_autoptr (TestResponse) r = upload (s, admin,
        "/api/advices/1/attachments?kind=response&name=..%2F..%2F..%2Fetc%2Fpasswd", "application/pdf",
        pdf, -1);
    g_autoptr (JsonNode) node = NULL;
    JsonObject *att;

    g_assert_cmpuint (r->status, ==, 201);
    node = json_from_string (r->body, NULL);
    att = json_array_get_object_element (json_object_get_array_member (
        json_node_get_object (node), "attachments"), 0);
    g_assert_cmpstr (json_object_get_string_member (att, "name"), ==, "passwd.pdf");
    g_assert_cmpstr (json_object_get_string_member (att, "kind"), ==, "response");
    g_assert_cmpint (json_object_get_int_member (att, "bytes"), ==, (gint64) strlen (pdf));
    g_assert_cmpstr (json_object_get_string_member (att, "url"), ==, "/api/advices/1/attachments/1");
  }
  stored = g_build_filename (s->data_dir, "attachments", NULL);
  dir = g_dir_open (stored, 0, NULL);
  g_assert_nonnull (dir);
  {
    const gchar *name = g_dir_read_name (dir);
    g_autofree gchar *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pdf, -1);
    g_autofree gchar *expected = g_strconcat (sha, ".pdf", NULL);

    g_assert_cmpstr (name, ==, expected);
    g_assert_null (g_dir_read_name (dir));
  }

  /* Served as a sandboxed download with the same bytes. */
  {
    g_autoptr (TestResponse) r = call (s, NULL, "GET", "/api/advices/1/attachments/1", NULL);
    const gchar *disposition = soup_message_headers_get_one (r->headers, "Content-Disposition");

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (r->body, ==, pdf);
    g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/pdf");
    g_assert_true (g_str_has_prefix (disposition, "attachment; filename=\"passwd.pdf\""));
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "X-Content-Type-Options"), ==, "nosniff");
    g_assert_nonnull (strstr (soup_message_headers_get_one (r->headers, "Content-Security-Policy"),
                              "sandbox"));
  }
  expect (s, NULL, "GET", "/api/advices/1/attachments/2", NULL, 404);
  expect (s, NULL, "GET", "/api/advices/2/attachments/1", NULL, 404);
  {
    JsonObject *list = expect_json (s, NULL, "GET", "/api/advices/1/attachments", NULL, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "attachments")), ==, 1);
  }

  /* Removed by the secretary: gone from the advice and the disk, and on the timeline. */
  expect (s, NULL, "DELETE", "/api/advices/1/attachments/1", NULL, 401);
  {
    g_autoptr (TestResponse) r = call (s, admin, "DELETE", "/api/advices/1/attachments/1", NULL);
    g_autofree gchar *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pdf, -1);
    g_autofree gchar *file = g_strconcat (stored, "/", sha, ".pdf", NULL);
    JsonObject *ev = expect_json (s, NULL, "GET", "/api/advices/1/events", NULL, 200);
    JsonArray *events = json_object_get_array_member (ev, "events");
    JsonObject *last = json_array_get_object_element (events, json_array_get_length (events) - 1);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
    g_assert_cmpstr (json_object_get_string_member (last, "note"), ==, "removed: passwd.pdf");
  }
  expect (s, NULL, "GET", "/api/advices/1/attachments/1", NULL, 404);
  test_server_stop (s);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/advices/roles-and-input", test_roles_and_input);
  g_test_add_func ("/advices/moves", test_moves);
  g_test_add_func ("/advices/recording-link", test_recording_link);
  g_test_add_func ("/advices/attachments", test_attachments);
  return test_run ();
}
