/* test-meeting-live.c — a meeting on air: what the chair does reaches the pages watching
 * the room (Server-Sent Events) and the picture (the lower third, read back from HLS),
 * and survives a crash of the server; the secretary's account API with its role checks. */
#include "harness.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char config[] =
  "[server]\nport = 0\nhls_segment_ms = 1000\n"
  "[room demo]\nsource = none\nwidth = 320\nheight = 180\nframerate = 10\nvideo_kbps = 200\n"
  "[room zaal-2]\nsource = none\nwidth = 160\nheight = 120\nframerate = 5\nvideo_kbps = 100\n";

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

static void
expect (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
        const gchar *json, guint status)
{
  g_autoptr (TestResponse) r = call (s, token, method, path, json);

  if (r->status != status)
    g_test_message ("%s %s → %u %s", method, path, r->status, r->body);
  g_assert_cmpuint (r->status, ==, status);
}

/* A council, meeting 1 in room demo, and items 1 and 2. */
static void
make_meeting (TestServer *s, const gchar *admin)
{
  expect (s, admin, "POST", "/api/councils",
          "{\"name\": \"Wijkraad Feijenoord\", \"slug\": \"feijenoord\"}", 201);
  expect (s, admin, "POST", "/api/meetings",
          "{\"council\": \"feijenoord\", \"title\": \"Openbare vergadering\", \"room\": \"demo\","
          " \"starts_at\": \"2026-12-01T20:00:00+01:00\"}", 201);
  expect (s, admin, "POST", "/api/meetings/1/agenda", "{\"title\": \"Opening\"}", 201);
  /* User text with markup and a line break: shown as text everywhere. */
  expect (s, admin, "POST", "/api/meetings/1/agenda",
          "{\"title\": \"Speeltuin <b>Afrikaanderplein</b>\\nevent: fake\"}", 201);
}

/* The lower third's block: bottom left (x 10 %, y 83 %), inside the shaded box. */
static gboolean
lower_third_shown (TestServer *s, gboolean want, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint8 rgb[3] = { 0 };

  while (g_get_monotonic_time () < deadline) {
    if (test_hls_frame_block (s, "demo", 3, 15, rgb)) {
      /* The slate there is #1d3557; the lower third's text and shading are not. */
      gboolean slate = ABS (rgb[0] - 0x1d) < 20 && ABS (rgb[1] - 0x35) < 20 &&
                       ABS (rgb[2] - 0x57) < 20;
      if (slate != want)
        return TRUE;
      g_test_message ("block is #%02x%02x%02x; waiting for the lower third to %s", rgb[0],
                      rgb[1], rgb[2], want ? "show" : "go");
    }
    test_spin (1000);
  }
  return FALSE;
}

static void
test_events_and_lower_third (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *chair = test_login_new_user (s, "voorzitter", "chair", "wachtwoord-123");
  TestEvents *events;
  gssize at;

  expect (s, NULL, "GET", "/api/rooms/nope/events", NULL, 404);
  make_meeting (s, admin);
  events = test_events_open (s, "/api/rooms/demo/events", NULL);
  /* Nothing live: the first event says so. */
  at = test_events_wait (events, 0, "event: meeting\ndata: null\n\n", test_ms (5000));
  g_assert_cmpint (at, >, 0);
  g_assert_true (strstr (events->seen->str, "text/event-stream") != NULL);
  g_assert_true (lower_third_shown (s, FALSE, test_ms (10000)));

  /* A page that goes away: the next events are written past it without harm. */
  {
    TestEvents *gone = test_events_open (s, "/api/rooms/demo/events", NULL);
    g_assert_cmpint (test_events_wait (gone, 0, "data: null", test_ms (5000)), >, 0);
    test_events_close (gone);
  }
  expect (s, chair, "POST", "/api/meetings/1/start", NULL, 200);
  at = test_events_wait (events, at, "\"status\":\"live\"", test_ms (5000));
  g_assert_cmpint (at, >, 0);
  g_assert_true (lower_third_shown (s, TRUE, test_ms (10000)));

  expect (s, chair, "POST", "/api/meetings/1/agenda/2/current", NULL, 200);
  at = test_events_wait (events, at, "\"current_item\":{\"id\":2,\"position\":2", test_ms (5000));
  g_assert_cmpint (at, >, 0);
  /* The line break in the title is escaped inside the JSON: no forged event. */
  g_assert_null (strstr (events->seen->str, "\nevent: fake"));
  g_assert_nonnull (strstr (events->seen->str, "\\nevent: fake"));

  /* A live meeting stays in its room (its broadcast and recording are there). */
  expect (s, admin, "PATCH", "/api/meetings/1", "{\"room\": \"zaal-2\"}", 409);
  expect (s, admin, "PATCH", "/api/meetings/1", "{\"room\": \"demo\"}", 200);

  /* An agenda edit during the meeting reaches the pages too. */
  expect (s, admin, "PATCH", "/api/meetings/1/agenda/1", "{\"title\": \"Welkom\"}", 200);
  at = test_events_wait (events, at, "\"title\":\"Welkom\"", test_ms (5000));
  g_assert_cmpint (at, >, 0);

  expect (s, chair, "POST", "/api/meetings/1/end", NULL, 200);
  at = test_events_wait (events, at, "\"status\":\"ended\"", test_ms (5000));
  g_assert_cmpint (at, >, 0);
  g_assert_true (lower_third_shown (s, FALSE, test_ms (10000)));

  test_events_close (events);
  test_server_stop (s);
}

/* kill -9 during a live meeting: the restarted server puts it back on air. */
static void
test_resume_after_crash (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("tribune-resume-XXXXXX", NULL);
  g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  TestServer *s = test_server_start_in (config, dir);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  TestEvents *events;

  make_meeting (s, admin);
  expect (s, admin, "POST", "/api/meetings/1/start", NULL, 200);
  expect (s, admin, "POST", "/api/meetings/1/agenda/1/current", NULL, 200);
  test_server_kill (s);       /* SIGKILL: no chance to tidy up */

  s = test_server_start_in (config, dir);
  events = test_events_open (s, "/api/rooms/demo/events", NULL);
  g_assert_cmpint (test_events_wait (events, 0, "\"current_item\":{\"id\":1,", test_ms (5000)),
                   >, 0);
  g_assert_true (lower_third_shown (s, TRUE, test_ms (10000)));
  test_events_close (events);
  test_server_stop (s);
  (void) !system (cmd);
}

static void
test_accounts (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *chair = test_login_new_user (s, "voorzitter", "chair", "wachtwoord-123");
  g_autoptr (TestResponse) made = NULL, login = NULL, list = NULL, again = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree gchar *login_body = NULL;
  gint64 id;

  expect (s, NULL, "GET", "/api/users", NULL, 401);
  expect (s, chair, "GET", "/api/users", NULL, 403);
  expect (s, chair, "POST", "/api/users", "{\"username\": \"x\", \"role\": \"admin\"}", 403);
  expect (s, admin, "POST", "/api/users", "{\"username\": \"x\", \"role\": \"king\"}", 400);
  expect (s, admin, "POST", "/api/users", "{\"username\": \"x\", \"role\": \"member\", "
          "\"password\": \"short\"}", 400);
  expect (s, admin, "POST", "/api/users", "{\"username\": \"x\", \"role\": \"member\", "
          "\"password\": 12345678}", 400);
  expect (s, admin, "POST", "/api/users", "not json", 400);

  /* No password given: one is made, shown once, and works. */
  made = call (s, admin, "POST", "/api/users", "{\"username\": \"archief\", \"role\": \"archivist\"}");
  g_assert_cmpuint (made->status, ==, 201);
  node = json_from_string (made->body, NULL);
  id = json_object_get_int_member (json_node_get_object (node), "id");
  login_body = g_strdup_printf ("{\"username\": \"archief\", \"password\": \"%s\"}",
                                json_object_get_string_member (json_node_get_object (node),
                                                               "password"));
  login = call (s, NULL, "POST", "/api/session", login_body);
  g_assert_cmpuint (login->status, ==, 201);
  /* The password is not in the log. */
  {
    g_autofree gchar *log_path = g_build_filename (s->data_dir, "server.log", NULL);
    g_autofree gchar *log = NULL;
    g_file_get_contents (log_path, &log, NULL, NULL);
    g_assert_null (strstr (log ? log : "", json_object_get_string_member (
        json_node_get_object (node), "password")));
  }
  expect (s, admin, "POST", "/api/users", "{\"username\": \"ARCHIEF\", \"role\": \"member\"}", 409);

  list = call (s, admin, "GET", "/api/users", NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_nonnull (strstr (list->body, "\"username\":\"archief\""));
  g_assert_null (strstr (list->body, "password"));

  {
    g_autofree gchar *path = g_strdup_printf ("/api/users/%" G_GINT64_FORMAT, id);
    expect (s, chair, "DELETE", path, NULL, 403);
    expect (s, admin, "DELETE", path, NULL, 204);
    expect (s, admin, "DELETE", path, NULL, 404);
  }
  expect (s, admin, "DELETE", "/api/users/abc", NULL, 404);
  /* The last admin stays. */
  expect (s, admin, "DELETE", "/api/users/1", NULL, 409);
  again = call (s, NULL, "POST", "/api/session", login_body);
  g_assert_cmpuint (again->status, ==, 401);
  test_server_stop (s);
}

/* The embedded default's demo: on an empty database a council with a live meeting, once. */
static void
test_demo_meeting (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("tribune-demo-XXXXXX", NULL);
  g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autofree gchar *demo = g_strdup_printf ("%s", config);
  g_autofree gchar *with_demo = NULL;
  TestServer *s;

  /* "[server]\n" + demo_meeting, the rest as in config. */
  with_demo = g_strconcat ("[server]\ndemo_meeting = true\n", demo + strlen ("[server]\n"), NULL);
  for (guint run = 0; run < 2; run++) {
    g_autoptr (TestResponse) meetings = NULL;
    TestEvents *events;

    s = test_server_start_in (with_demo, dir);
    meetings = call (s, NULL, "GET", "/api/meetings", NULL);
    g_assert_cmpuint (meetings->status, ==, 200);
    g_assert_nonnull (strstr (meetings->body, "\"council_name\":\"Wijkraad Demo\""));
    g_assert_nonnull (strstr (meetings->body, "\"status\":\"live\""));
    /* Seeded once: the second start finds it and adds nothing. */
    g_assert_null (strstr (meetings->body, "\"id\":2"));
    events = test_events_open (s, "/api/rooms/demo/events", NULL);
    g_assert_cmpint (test_events_wait (events, 0, "\"current_item\":{\"id\":1,", test_ms (5000)),
                     >, 0);
    test_events_close (events);
    test_server_stop (s);
  }
  (void) !system (cmd);
}

/* A disk under its free-space minimum: the meeting goes on air, nothing is recorded, and
 * the log says what to do. (A minimum of 1 TiB stands for the full disk.) */
static void
test_recording_paused_when_disk_full (void)
{
  g_autofree gchar *full = g_strconcat ("[server]\nrecording_min_free_mb = 1048576\n",
                                        config + strlen ("[server]\n"), NULL);
  TestServer *s = test_server_start (full);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *log_path = g_build_filename (s->data_dir, "server.log", NULL);
  g_autofree gchar *log = NULL;
  g_autoptr (TestResponse) meeting = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) test_ms (10000) * 1000;

  make_meeting (s, admin);
  expect (s, admin, "POST", "/api/meetings/1/start", NULL, 200);
  g_assert_true (lower_third_shown (s, TRUE, test_ms (10000)));   /* on air all the same */
  while (g_get_monotonic_time () < deadline) {
    g_clear_pointer (&log, g_free);
    g_file_get_contents (log_path, &log, NULL, NULL);
    if (log && strstr (log, "recording paused: the disk is nearly full"))
      break;
    test_spin (250);
  }
  g_assert_nonnull (log);
  g_assert_nonnull (strstr (log, "recording paused: the disk is nearly full"));
  /* Said once, not once per segment. */
  g_assert_null (strstr (strstr (log, "recording paused") + 1, "recording paused"));
  meeting = call (s, NULL, "GET", "/api/meetings/1", NULL);
  g_assert_nonnull (strstr (meeting->body, "\"recording\":null"));
  test_server_stop (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/meeting-live/events-and-lower-third", test_events_and_lower_third);
  g_test_add_func ("/meeting-live/resume-after-crash", test_resume_after_crash);
  g_test_add_func ("/meeting-live/accounts", test_accounts);
  g_test_add_func ("/meeting-live/demo-meeting", test_demo_meeting);
  g_test_add_func ("/meeting-live/recording-paused-when-disk-full",
                   test_recording_paused_when_disk_full);
  return test_run ();
}
