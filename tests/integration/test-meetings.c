/* test-meetings.c — councils and meetings over the API, as the secretary uses them, and
 * the role matrix: every write route × every role (and nobody) → allowed, 401 or 403. */
#include "harness.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

static const char config[] =
  "[server]\nport = 0\n"
  "[room demo]\nsource = none\nwidth = 160\nheight = 120\nframerate = 10\nvideo_kbps = 100\n";

typedef struct {
  TestServer *server;
  gchar *tokens[4];       /* admin, chair, member, archivist */
} Fixture;

static const gchar *const roles[] = { "admin", "chair", "member", "archivist" };

static void
setup (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (config);
  for (guint i = 0; i < 4; i++) {
    g_autofree gchar *name = g_strdup_printf ("user-%s", roles[i]);
    f->tokens[i] = test_login_new_user (f->server, name, roles[i], "wachtwoord-123");
  }
}

static void
teardown (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 4; i++)
    g_free (f->tokens[i]);
  test_server_stop (f->server);
}

/* @who: 0..3 a role's token, -1 nobody. */
static TestResponse *
call (Fixture *f, gint who, const gchar *method, const gchar *path, const gchar *json)
{
  g_autofree gchar *auth = who >= 0 ? g_strdup_printf ("Bearer %s", f->tokens[who]) : NULL;
  const gchar *headers[] = { "Authorization", auth, NULL };

  return test_http (f->server, method, path, json ? "application/json" : NULL, json, -1,
                    who >= 0 ? headers : NULL);
}

static gint64
created_id (TestResponse *r)
{
  g_autoptr (JsonNode) node = json_from_string (r->body, NULL);

  g_assert_cmpuint (r->status, ==, 201);
  return json_object_get_int_member (json_node_get_object (node), "id");
}

static void
test_secretary_flow (Fixture *f, gconstpointer data)
{
  g_autoptr (TestResponse) c = call (f, 0, "POST", "/api/councils",
                                     "{\"name\": \"Wijkraad Feijenoord\", \"slug\": \"feijenoord\"}");
  g_autoptr (TestResponse) m = NULL, list = NULL, one = NULL, patched = NULL, filtered = NULL;
  g_autoptr (TestResponse) none = NULL;
  g_autofree gchar *path = NULL;
  gint64 id;

  g_assert_cmpuint (c->status, ==, 201);
  m = call (f, 0, "POST", "/api/meetings",
            "{\"council\": \"feijenoord\", \"title\": \"Openbare vergadering\", "
            "\"room\": \"demo\", \"starts_at\": \"2026-12-01T20:00:00+01:00\"}");
  id = created_id (m);
  /* Times come back in UTC. */
  g_assert_nonnull (strstr (m->body, "\"starts_at\":\"2026-12-01T19:00:00Z\""));
  g_assert_nonnull (strstr (m->body, "\"status\":\"planned\""));

  /* Anyone reads. */
  path = g_strdup_printf ("/api/meetings/%" G_GINT64_FORMAT, id);
  one = call (f, -1, "GET", path, NULL);
  g_assert_cmpuint (one->status, ==, 200);
  list = call (f, -1, "GET", "/api/meetings?council=feijenoord&from=2026-12-01T00:00:00Z", NULL);
  g_assert_nonnull (strstr (list->body, "Openbare vergadering"));
  filtered = call (f, -1, "GET", "/api/meetings?to=2026-11-01T00:00:00Z", NULL);
  g_assert_null (strstr (filtered->body, "Openbare vergadering"));
  none = call (f, -1, "GET", "/api/meetings?council=nowhere", NULL);
  g_assert_cmpuint (none->status, ==, 404);

  patched = call (f, 0, "PATCH", path, "{\"title\": \"Vergadering over de speeltuin\"}");
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_nonnull (strstr (patched->body, "speeltuin"));
  g_assert_nonnull (strstr (patched->body, "\"room\":\"demo\""));
}

static void
test_bad_requests (Fixture *f, gconstpointer data)
{
  g_autofree gchar *long_title = g_strnfill (201, 'x');
  g_autofree gchar *body = g_strdup_printf (
      "{\"council\": 1, \"title\": \"%s\", \"room\": \"demo\", \"starts_at\": \"2026-12-01T19:00:00Z\"}",
      long_title);
  struct { const gchar *method, *path, *json; guint status; } cases[] = {
    { "POST", "/api/councils", "{not json", 400 },
    { "POST", "/api/councils", "[1, 2]", 400 },
    { "POST", "/api/councils", "{\"name\": \"X\", \"slug\": \"Not A Slug\"}", 400 },
    { "POST", "/api/meetings", "{\"council\": 999, \"title\": \"t\", \"room\": \"demo\", "
                               "\"starts_at\": \"2026-12-01T19:00:00Z\"}", 400 },
    { "POST", "/api/meetings", body, 400 },
    { "GET", "/api/meetings/999", NULL, 404 },
    { "GET", "/api/meetings/abc", NULL, 404 },
    { "PATCH", "/api/meetings/999", "{\"title\": \"x\"}", 404 },
    { "DELETE", "/api/meetings/999", NULL, 404 },
    { "GET", "/api/meetings?from=yesterday", NULL, 400 },
  };
  g_autoptr (TestResponse) c = call (f, 0, "POST", "/api/councils",
                                     "{\"name\": \"Noord\", \"slug\": \"noord\"}");
  g_autoptr (TestResponse) dup = call (f, 0, "POST", "/api/councils",
                                       "{\"name\": \"Noord 2\", \"slug\": \"noord\"}");
  g_autoptr (TestResponse) bad_room = NULL, bad_time = NULL;

  g_assert_cmpuint (dup->status, ==, 409);
  bad_room = call (f, 0, "POST", "/api/meetings", "{\"council\": \"noord\", \"title\": \"t\", "
                   "\"room\": \"nowhere\", \"starts_at\": \"2026-12-01T19:00:00Z\"}");
  g_assert_cmpuint (bad_room->status, ==, 400);
  bad_time = call (f, 0, "POST", "/api/meetings", "{\"council\": \"noord\", \"title\": \"t\", "
                   "\"room\": \"demo\", \"starts_at\": \"1 december\"}");
  g_assert_cmpuint (bad_time->status, ==, 400);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (TestResponse) r = call (f, 0, cases[i].method, cases[i].path, cases[i].json);
    g_test_message ("%s %s -> %u %s", cases[i].method, cases[i].path, r->status, r->body);
    g_assert_cmpuint (r->status, ==, cases[i].status);
    g_assert_nonnull (strstr (r->body, "\"error\""));
  }
}

/* Every write route × nobody and every role. Only the admin (secretary) writes here. */
static void
test_role_matrix (Fixture *f, gconstpointer data)
{
  for (gint who = -1; who < 4; who++) {
    guint expect = who < 0 ? 401 : who == 0 ? 0 : 403;
    g_autofree gchar *slug = g_strdup_printf ("raad-%d", who + 1);
    g_autofree gchar *council = g_strdup_printf ("{\"name\": \"Raad\", \"slug\": \"%s\"}", slug);
    g_autoptr (TestResponse) setup_c = call (f, 0, "POST", "/api/councils", council);
    g_autofree gchar *meeting = g_strdup_printf (
        "{\"council\": \"%s\", \"title\": \"t\", \"room\": \"demo\", "
        "\"starts_at\": \"2026-12-01T19:00:00Z\"}", slug);
    g_autoptr (TestResponse) setup_m = call (f, 0, "POST", "/api/meetings", meeting);
    gint64 id = created_id (setup_m);
    g_autofree gchar *path = g_strdup_printf ("/api/meetings/%" G_GINT64_FORMAT, id);
    g_autofree gchar *council2 = g_strdup_printf ("{\"name\": \"R\", \"slug\": \"%s-b\"}", slug);
    struct { const gchar *method, *path, *json; guint ok; } writes[] = {
      { "POST", "/api/councils", council2, 201 },
      { "POST", "/api/meetings", meeting, 201 },
      { "PATCH", path, "{\"title\": \"nieuw\"}", 200 },
      { "DELETE", path, NULL, 204 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (writes); i++) {
      g_autoptr (TestResponse) r = call (f, who, writes[i].method, writes[i].path,
                                         writes[i].json);
      g_test_message ("%s %s %s -> %u", who < 0 ? "nobody" : roles[who], writes[i].method,
                      writes[i].path, r->status);
      g_assert_cmpuint (r->status, ==, expect ? expect : writes[i].ok);
    }
  }
}

/* An ended meeting keeps its record: no edits (409); a live one cannot be deleted. */
static void
test_ended_and_live (Fixture *f, gconstpointer data)
{
  g_autoptr (TestResponse) c = call (f, 0, "POST", "/api/councils",
                                     "{\"name\": \"Zuid\", \"slug\": \"zuid\"}");
  g_autoptr (TestResponse) m = call (f, 0, "POST", "/api/meetings",
      "{\"council\": \"zuid\", \"title\": \"t\", \"room\": \"demo\", "
      "\"starts_at\": \"2026-12-01T19:00:00Z\"}");
  gint64 id = created_id (m);
  g_autofree gchar *path = g_strdup_printf ("/api/meetings/%" G_GINT64_FORMAT, id);
  g_autofree gchar *db_path = g_build_filename (f->server->data_dir, "tribune.db", NULL);
  g_autofree gchar *sql = NULL;
  sqlite3 *db = NULL;
  g_autoptr (TestResponse) del = NULL, edit = NULL;

  /* The start/end API comes with the recorder; set the states directly meanwhile. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  sql = g_strdup_printf ("UPDATE meetings SET status = 'live' WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  del = call (f, 0, "DELETE", path, NULL);
  g_assert_cmpuint (del->status, ==, 409);
  g_free (sql);
  sql = g_strdup_printf ("UPDATE meetings SET status = 'ended' WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  edit = call (f, 0, "PATCH", path, "{\"title\": \"later\"}");
  g_assert_cmpuint (edit->status, ==, 409);
  {
    g_autofree gchar *agenda = g_strdup_printf ("%s/agenda", path);
    g_autoptr (TestResponse) add = call (f, 0, "POST", agenda, "{\"title\": \"te laat\"}");
    g_assert_cmpuint (add->status, ==, 409);
  }
}

static gint64
item_position (TestResponse *list, const gchar *title)
{
  g_autoptr (JsonNode) node = json_from_string (list->body, NULL);
  JsonArray *items = json_object_get_array_member (json_node_get_object (node), "items");

  for (guint i = 0; i < json_array_get_length (items); i++) {
    JsonObject *item = json_array_get_object_element (items, i);
    if (g_str_equal (json_object_get_string_member (item, "title"), title))
      return json_object_get_int_member (item, "position");
  }
  return -1;
}

/* The secretary builds the agenda; anyone finds it by search, accents or not. */
static void
test_agenda_and_search (Fixture *f, gconstpointer data)
{
  g_autoptr (TestResponse) c = call (f, 0, "POST", "/api/councils",
                                     "{\"name\": \"Feijenoord\", \"slug\": \"feijenoord\"}");
  g_autoptr (TestResponse) m = call (f, 0, "POST", "/api/meetings",
      "{\"council\": \"feijenoord\", \"title\": \"Vergadering\", \"room\": \"demo\", "
      "\"starts_at\": \"2026-12-01T19:00:00Z\"}");
  gint64 meeting = created_id (m);
  g_autofree gchar *agenda = g_strdup_printf ("/api/meetings/%" G_GINT64_FORMAT "/agenda", meeting);
  const gchar *items[] = {
    "{\"title\": \"Opening\", \"kind\": \"opening\"}",
    "{\"title\": \"Speeltuin Afrikaanderplein\", \"description\": \"Advies over de nieuwe speeltuin\", \"kind\": \"advice\"}",
    "{\"title\": \"Café De Hoek\", \"description\": \"Terras en geluid\"}",
  };
  gint64 ids[3];
  g_autofree gchar *third = NULL, *second = NULL;
  g_autoptr (TestResponse) moved = NULL, list = NULL, del = NULL, list2 = NULL;
  g_autoptr (TestResponse) bad_kind = NULL, as_chair = NULL, search = NULL, accent = NULL;
  g_autoptr (TestResponse) hostile = NULL, empty = NULL;

  for (guint i = 0; i < 3; i++) {
    g_autoptr (TestResponse) r = call (f, 0, "POST", agenda, items[i]);
    ids[i] = created_id (r);
  }
  third = g_strdup_printf ("%s/%" G_GINT64_FORMAT, agenda, ids[2]);
  second = g_strdup_printf ("%s/%" G_GINT64_FORMAT, agenda, ids[1]);
  moved = call (f, 0, "PATCH", third, "{\"position\": 1}");
  g_assert_cmpuint (moved->status, ==, 200);
  list = call (f, -1, "GET", agenda, NULL);
  g_assert_cmpint (item_position (list, "Café De Hoek"), ==, 1);
  g_assert_cmpint (item_position (list, "Opening"), ==, 2);
  g_assert_cmpint (item_position (list, "Speeltuin Afrikaanderplein"), ==, 3);

  bad_kind = call (f, 0, "POST", agenda, "{\"title\": \"x\", \"kind\": \"party\"}");
  g_assert_cmpuint (bad_kind->status, ==, 400);
  as_chair = call (f, 1, "POST", agenda, "{\"title\": \"x\"}");
  g_assert_cmpuint (as_chair->status, ==, 403);

  search = call (f, -1, "GET", "/api/search?q=speeltuin", NULL);
  g_assert_cmpuint (search->status, ==, 200);
  g_assert_nonnull (strstr (search->body, "Speeltuin Afrikaanderplein"));
  g_assert_nonnull (strstr (search->body, "\"council\":\"feijenoord\""));
  accent = call (f, -1, "GET", "/api/search?q=cafe%20hoek", NULL);
  g_assert_nonnull (strstr (accent->body, "De Hoek"));
  hostile = call (f, -1, "GET", "/api/search?q=%22%20NEAR(%20*%20OR", NULL);
  g_assert_cmpuint (hostile->status, ==, 200);
  empty = call (f, -1, "GET", "/api/search?q=%20", NULL);
  g_assert_cmpuint (empty->status, ==, 400);

  del = call (f, 0, "DELETE", second, NULL);
  g_assert_cmpuint (del->status, ==, 204);
  list2 = call (f, -1, "GET", agenda, NULL);
  g_assert_cmpint (item_position (list2, "Opening"), ==, 2);
  g_assert_cmpint (item_position (list2, "Speeltuin Afrikaanderplein"), ==, -1);
}

/* The chair runs the meeting: start, items current in turn (each a chapter mark), end. */
static void
test_chair_runs_meeting (Fixture *f, gconstpointer data)
{
  g_autoptr (TestResponse) c = call (f, 0, "POST", "/api/councils",
                                     "{\"name\": \"West\", \"slug\": \"west\"}");
  const gchar *meeting_json = "{\"council\": \"west\", \"title\": \"Vergadering\", "
                              "\"room\": \"demo\", \"starts_at\": \"2026-12-01T19:00:00Z\"}";
  g_autoptr (TestResponse) m = call (f, 0, "POST", "/api/meetings", meeting_json);
  g_autoptr (TestResponse) m2 = call (f, 0, "POST", "/api/meetings", meeting_json);
  gint64 id = created_id (m), other = created_id (m2);
  g_autofree gchar *base = g_strdup_printf ("/api/meetings/%" G_GINT64_FORMAT, id);
  g_autofree gchar *agenda = g_strconcat (base, "/agenda", NULL);
  g_autofree gchar *start = g_strconcat (base, "/start", NULL);
  g_autofree gchar *end = g_strconcat (base, "/end", NULL);
  g_autofree gchar *other_start = g_strdup_printf ("/api/meetings/%" G_GINT64_FORMAT "/start", other);
  g_autoptr (TestResponse) i1 = call (f, 0, "POST", agenda, "{\"title\": \"Opening\"}");
  g_autoptr (TestResponse) i2 = call (f, 0, "POST", agenda, "{\"title\": \"Speeltuin\"}");
  g_autofree gchar *cur1 = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/current", agenda, created_id (i1));
  g_autofree gchar *cur2 = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/current", agenda, created_id (i2));
  g_autofree gchar *foreign = g_strdup_printf ("%s/99999/current", agenda);
  g_autofree gchar *db_path = g_build_filename (f->server->data_dir, "tribune.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  struct { gint who; const gchar *path; guint status; const gchar *needle; } steps[] = {
    { 1, cur1, 409, "live" },            /* not started yet */
    { -1, start, 401, NULL },            /* residents cannot */
    { 2, start, 403, NULL },             /* nor members */
    { 3, start, 403, NULL },             /* nor archivists */
    { 1, start, 200, "\"status\":\"live\"" },
    { 1, start, 409, "planned" },         /* already live */
    { 0, other_start, 409, "is live in this room" },
    { 1, cur1, 200, "\"current_item\"" },
    { 0, cur2, 200, "\"current_item\"" },  /* the secretary may too */
    { 1, foreign, 404, "agenda item" },
    { 1, end, 200, "\"status\":\"ended\"" },
    { 1, end, 409, "live" },
    { 1, cur1, 409, "ended" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++) {
    g_autoptr (TestResponse) r = call (f, steps[i].who, "POST", steps[i].path, NULL);
    g_test_message ("%d POST %s -> %u %s", steps[i].who, steps[i].path, r->status, r->body);
    g_assert_cmpuint (r->status, ==, steps[i].status);
    if (steps[i].needle)
      g_assert_nonnull (strstr (r->body, steps[i].needle));
  }
  /* Two chapter marks, in order, for the two items. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), min(start_us) <= max(start_us) "
                                           "FROM chapters WHERE meeting_id = ?", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add ("/meetings/secretary-flow", Fixture, NULL, setup, test_secretary_flow, teardown);
  g_test_add ("/meetings/bad-requests", Fixture, NULL, setup, test_bad_requests, teardown);
  g_test_add ("/meetings/role-matrix", Fixture, NULL, setup, test_role_matrix, teardown);
  g_test_add ("/meetings/ended-and-live", Fixture, NULL, setup, test_ended_and_live, teardown);
  g_test_add ("/meetings/agenda-and-search", Fixture, NULL, setup, test_agenda_and_search,
              teardown);
  g_test_add ("/meetings/chair-runs-meeting", Fixture, NULL, setup, test_chair_runs_meeting,
              teardown);
  return test_run ();
}
