/* test-questions.c — residents' questions (issue 4) against the real server: asking with
 * its limits, moderation with every status move and the role checks, votes, what the
 * public and the chair's side see (API and event streams), the question on screen in the
 * picture, the recording offset of an answer, and names hidden after a meeting. */
#include "harness.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

static const char config[] =
  "[server]\nport = 0\nhls_segment_ms = 1000\nmax_body_bytes = 2048\n"
  "[room demo]\nsource = none\nwidth = 320\nheight = 180\nframerate = 10\nvideo_kbps = 200\n";

/* ---- API helpers ---- */

static TestResponse *
call_ua (TestServer *s, const gchar *token, const gchar *ua, const gchar *method,
         const gchar *path, const gchar *json)
{
  g_autofree gchar *auth = token ? g_strdup_printf ("Bearer %s", token) : NULL;
  const gchar *headers[] = { "User-Agent", ua ? ua : "test-questions", "Authorization", auth,
                             NULL };

  if (!token)
    headers[2] = NULL;
  return test_http (s, method, path, json ? "application/json" : NULL, json, -1, headers);
}

static TestResponse *
call (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
      const gchar *json)
{
  return call_ua (s, token, NULL, method, path, json);
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
  /* Kept alive by a test-wide list: the caller reads members and never frees. */
  g_test_queue_destroy ((GDestroyNotify) json_node_unref, node);
  return json_node_get_object (node);
}

static void
expect (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
        const gchar *json, guint status)
{
  g_autoptr (TestResponse) r = call (s, token, method, path, json);

  if (r->status != status)
    g_test_message ("%s %s %s → %u %s", method, path, json ? json : "", r->status, r->body);
  g_assert_cmpuint (r->status, ==, status);
}

static gint64
ask (TestServer *s, const gchar *ua, const gchar *json, gchar **token)
{
  g_autoptr (TestResponse) r = call_ua (s, NULL, ua, "POST", "/api/meetings/1/questions", json);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *o;

  if (r->status != 201)
    g_test_message ("ask %s → %u %s", json, r->status, r->body);
  g_assert_cmpuint (r->status, ==, 201);
  node = json_from_string (r->body, NULL);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "pending");
  if (token)
    *token = g_strdup (json_object_get_string_member (o, "token"));
  return json_object_get_int_member (o, "id");
}

static JsonObject *
patch (TestServer *s, const gchar *token, gint64 id, const gchar *json, guint status)
{
  g_autofree gchar *path = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT, id);

  return expect_json (s, token, "PATCH", path, json, status);
}

/* The question @id in a list, or NULL. */
static JsonObject *
find (JsonObject *list, gint64 id)
{
  JsonArray *a = json_object_get_array_member (list, "questions");

  for (guint i = 0; i < json_array_get_length (a); i++)
    if (json_object_get_int_member (json_array_get_object_element (a, i), "id") == id)
      return json_array_get_object_element (a, i);
  return NULL;
}

static void
make_meeting (TestServer *s, const gchar *admin, const gchar *starts_at)
{
  g_autofree gchar *meeting = g_strdup_printf ("{\"council\": \"feijenoord\", \"title\": "
      "\"Openbare vergadering\", \"room\": \"demo\", \"starts_at\": \"%s\"}", starts_at);

  expect (s, admin, "POST", "/api/councils",
          "{\"name\": \"Wijkraad Feijenoord\", \"slug\": \"feijenoord\"}", 201);
  expect (s, admin, "POST", "/api/meetings", meeting, 201);
  expect (s, admin, "POST", "/api/meetings/1/agenda", "{\"title\": \"Opening\"}", 201);
  expect (s, admin, "POST", "/api/meetings/1/agenda", "{\"title\": \"Speeltuin\"}", 201);
}

/* ---- the picture: mean RGB of a block of the newest HLS segment's first frame ---- */

/* Wait until block (@bx, @by) of the picture is not within 30 of @ref on some channel. */
static gboolean
block_differs (TestServer *s, guint bx, guint by, const guint8 ref[3], guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint8 rgb[3] = { 0 };

  while (g_get_monotonic_time () < deadline) {
    if (test_hls_frame_block (s, "demo", bx, by, rgb) &&
        (ABS (rgb[0] - ref[0]) > 30 || ABS (rgb[1] - ref[1]) > 30 || ABS (rgb[2] - ref[2]) > 30))
      return TRUE;
    test_spin (1000);
  }
  g_test_message ("block (%u, %u) stayed #%02x%02x%02x", bx, by, ref[0], ref[1], ref[2]);
  return FALSE;
}

/* Asking: open only while live or on the day; the limits on text, body and rate; text with
 * markup is stored and returned verbatim (the pages escape it). */
static void
test_asking (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *long_text = g_strnfill (501, 'x');
  g_autofree gchar *long_json = g_strdup_printf ("{\"text\": \"%s\"}", long_text);
  g_autofree gchar *huge = g_strnfill (3000, 'x');
  g_autofree gchar *huge_json = g_strdup_printf ("{\"text\": \"%s\"}", huge);
  g_autofree gchar *max_text = g_strnfill (500, 'y');
  g_autofree gchar *max_json = g_strdup_printf ("{\"text\": \"  %s  \"}", max_text);
  const gchar *xss = "<script>alert(1)</script> & <b>\"vet\"</b>\nevent: fake";
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) xss_body = NULL;
  g_autofree gchar *xss_json = NULL, *token = NULL, *path = NULL;
  JsonObject *q;
  gint64 id;

  make_meeting (s, admin, "2031-05-01T19:00:00Z");
  /* Planned for another day: closed. */
  expect (s, NULL, "POST", "/api/meetings/1/questions", "{\"text\": \"Waarom?\"}", 409);
  expect (s, NULL, "POST", "/api/meetings/99/questions", "{\"text\": \"Waarom?\"}", 404);
  /* Planned for today (UTC): open. */
  {
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    g_autofree gchar *today = g_date_time_format (now, "{\"starts_at\": \"%Y-%m-%dT23:59:00Z\"}");
    expect (s, admin, "PATCH", "/api/meetings/1", today, 200);
  }
  expect (s, NULL, "POST", "/api/meetings/1/questions", long_json, 400);
  expect (s, NULL, "POST", "/api/meetings/1/questions", "{\"text\": \"   \"}", 400);
  expect (s, NULL, "POST", "/api/meetings/1/questions", "{\"text\": 5}", 400);
  expect (s, NULL, "POST", "/api/meetings/1/questions", "{\"text\": \"a\", \"item\": 99}", 400);
  expect (s, NULL, "POST", "/api/meetings/1/questions", "{\"text\": \"a\", \"item\": \"1\"}", 400);
  expect (s, NULL, "POST", "/api/meetings/1/questions", "not json", 400);
  {
    g_autofree gchar *name = g_strnfill (81, 'n');
    g_autofree gchar *json = g_strdup_printf ("{\"text\": \"a\", \"name\": \"%s\"}", name);
    expect (s, NULL, "POST", "/api/meetings/1/questions", json, 400);
  }
  expect (s, NULL, "POST", "/api/meetings/1/questions", huge_json, 413);
  /* 500 characters after trimming is fine. */
  q = expect_json (s, NULL, "POST", "/api/meetings/1/questions", max_json, 201);
  g_assert_cmpuint (strlen (json_object_get_string_member (q, "text")), ==, 500);
  g_assert_cmpuint (strlen (json_object_get_string_member (q, "token")), ==, 32);
  g_assert_true (json_object_get_null_member (q, "item"));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, xss);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "<img src=x onerror=alert(1)>");
  json_builder_set_member_name (b, "item");
  json_builder_add_int_value (b, 2);
  json_builder_end_object (b);
  xss_body = json_builder_get_root (b);
  xss_json = json_to_string (xss_body, FALSE);
  id = ask (s, "ua-xss", xss_json, &token);
  path = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "?token=%s", id, token);
  q = expect_json (s, NULL, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (q, "text"), ==, xss);
  g_assert_cmpstr (json_object_get_string_member (q, "name"), ==, "<img src=x onerror=alert(1)>");
  g_assert_cmpint (json_object_get_int_member (q, "item"), ==, 2);
  g_assert_false (json_object_has_member (q, "original_text"));

  /* Five per client per ten minutes; then 429 with Retry-After. Others may still ask. */
  for (gint i = 0; i < 5; i++)
    ask (s, "ua-busy", "{\"text\": \"Nog een vraag\"}", NULL);
  {
    g_autoptr (TestResponse) r = call_ua (s, NULL, "ua-busy", "POST",
                                          "/api/meetings/1/questions", "{\"text\": \"6\"}");
    const gchar *retry;

    g_assert_cmpuint (r->status, ==, 429);
    retry = soup_message_headers_get_one (r->headers, "Retry-After");
    g_assert_nonnull (retry);
    g_assert_cmpint (atoi (retry), >, 500);
    g_assert_cmpint (atoi (retry), <=, 600);
    g_assert_nonnull (strstr (r->body, "\"error\""));
  }
  ask (s, "ua-other", "{\"text\": \"Ik mag nog\"}", NULL);
  /* No resident text in the log. */
  {
    g_autofree gchar *log_path = g_build_filename (s->data_dir, "server.log", NULL);
    g_autofree gchar *log = NULL;
    g_file_get_contents (log_path, &log, NULL, NULL);
    g_assert_nonnull (log);
    g_assert_null (strstr (log, "script"));
    g_assert_null (strstr (log, "Nog een vraag"));
    g_assert_null (strstr (log, token));
  }
  test_server_stop (s);
}

static gint64
question_with (TestServer *s, const gchar *chair, const gchar *const *moves)
{
  gint64 id = ask (s, "ua-moves", "{\"text\": \"Vraag\"}", NULL);

  for (guint i = 0; moves[i]; i++)
    patch (s, chair, id, moves[i], 200);
  return id;
}

/* Every status move, the illegal ones with the allowed list, roles, votes, merging,
 * edits, visibility, the moderation log and search. */
static void
test_moderation (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *chair = test_login_new_user (s, "voorzitter", "chair", "wachtwoord-123");
  g_autofree gchar *member = test_login_new_user (s, "lid", "member", "wachtwoord-123");
  g_autofree gchar *archivist = test_login_new_user (s, "archief", "archivist", "wachtwoord-123");
  g_autofree gchar *token = NULL, *mine = NULL, *other_path = NULL;
  static const gchar *const approve[] = { "{\"status\": \"approved\"}", NULL };
  const gchar *decline = "{\"status\": \"declined\", \"reason\": \"off_topic\"}";
  JsonObject *q, *list;
  JsonArray *allowed;
  gint64 a, b, c;

  make_meeting (s, admin, "2031-05-01T19:00:00Z");
  expect (s, chair, "POST", "/api/meetings/1/start", NULL, 200);
  a = ask (s, "ua-a", "{\"text\": \"Komt er een zebrapad bij de school?\", "
           "\"name\": \"Anna\", \"neighbourhood\": \"Katendrecht\"}", &token);
  b = ask (s, "ua-b", "{\"text\": \"Geheime wachtende vraag\"}", NULL);

  /* Roles. */
  patch (s, NULL, a, approve[0], 401);
  patch (s, archivist, a, approve[0], 403);
  patch (s, member, a, "{\"status\": \"published\"}", 400);
  patch (s, member, a, "{}", 400);
  patch (s, member, a, "[1]", 400);
  patch (s, member, 999, approve[0], 404);
  /* pending → approved → pending → approved → answered → approved → declined → pending
   * → declined → approved (by member, chair and admin). */
  patch (s, member, a, "{\"status\": \"approved\"}", 200);
  patch (s, chair, a, "{\"status\": \"pending\"}", 200);
  patch (s, admin, a, "{\"status\": \"approved\"}", 200);
  q = patch (s, chair, a, "{\"status\": \"answered\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (q, "status"), ==, "answered");
  q = patch (s, chair, a, "{\"status\": \"declined\", \"reason\": \"x\"}", 409);
  allowed = json_object_get_array_member (q, "allowed");
  g_assert_cmpuint (json_array_get_length (allowed), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (allowed, 0), ==, "approved");
  patch (s, chair, a, "{\"status\": \"approved\"}", 200);
  patch (s, chair, a, "{\"status\": \"declined\"}", 400);     /* a reason is needed */
  patch (s, chair, a, "{\"status\": \"declined\", \"reason\": \"  \"}", 400);
  {
    g_autofree gchar *long_reason = g_strnfill (201, 'r');
    g_autofree gchar *json = g_strdup_printf ("{\"status\": \"declined\", \"reason\": \"%s\"}",
                                              long_reason);
    patch (s, chair, a, json, 400);
  }
  q = patch (s, chair, a, decline, 200);
  g_assert_cmpstr (json_object_get_string_member (q, "reason"), ==, "off_topic");
  q = patch (s, chair, a, "{\"status\": \"answered\"}", 409);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (q, "allowed")), ==, 2);
  patch (s, chair, a, "{\"status\": \"pending\"}", 200);
  patch (s, chair, a, decline, 200);
  patch (s, chair, a, "{\"status\": \"approved\"}", 200);
  /* pending → answered, pending → declined, approved → merged, pending → merged. */
  {
    static const gchar *const answered[] = { "{\"status\": \"answered\"}", NULL };
    gint64 d = question_with (s, chair, answered), e;
    g_autofree gchar *merge = NULL;

    g_assert_cmpint (d, >, 0);
    e = ask (s, "ua-e", "{\"text\": \"Vraag\"}", NULL);
    patch (s, chair, e, decline, 200);
    /* merged needs another question of the meeting. */
    patch (s, chair, e, "{\"status\": \"pending\"}", 200);
    merge = g_strdup_printf ("{\"status\": \"merged\", \"merged_into\": %" G_GINT64_FORMAT "}", e);
    patch (s, chair, e, merge, 400);
    patch (s, chair, e, "{\"status\": \"merged\"}", 400);
    g_clear_pointer (&merge, g_free);
    merge = g_strdup_printf ("{\"status\": \"merged\", \"merged_into\": %" G_GINT64_FORMAT "}", a);
    q = patch (s, chair, e, merge, 200);
    g_assert_cmpint (json_object_get_int_member (q, "merged_into"), ==, a);
    /* merged is final. */
    q = patch (s, chair, e, "{\"status\": \"approved\"}", 409);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (q, "allowed")), ==, 0);
  }

  /* Votes: approved only, once per client, and a merged question's votes move. */
  {
    g_autofree gchar *vote_a = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "/votes", a);
    g_autofree gchar *vote_b = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "/votes", b);
    g_autoptr (TestResponse) r1 = call_ua (s, NULL, "voter-1", "POST", vote_a, NULL);
    g_autoptr (TestResponse) r2 = call_ua (s, NULL, "voter-1", "POST", vote_a, NULL);
    g_autoptr (TestResponse) r3 = call_ua (s, NULL, "voter-2", "POST", vote_a, NULL);
    g_autoptr (TestResponse) r4 = call_ua (s, NULL, "voter-1", "POST", vote_b, NULL);
    g_autoptr (TestResponse) r5 = call_ua (s, NULL, "voter-1", "POST", "/api/questions/999/votes", NULL);

    g_assert_cmpuint (r1->status, ==, 200);
    g_assert_cmpstr (r1->body, ==, "{\"votes\":1}");
    g_assert_cmpuint (r2->status, ==, 409);
    g_assert_nonnull (strstr (r2->body, "already voted"));
    g_assert_cmpuint (r3->status, ==, 200);
    g_assert_cmpstr (r3->body, ==, "{\"votes\":2}");
    g_assert_cmpuint (r4->status, ==, 409);           /* b is pending */
    g_assert_cmpuint (r5->status, ==, 404);
  }
  c = ask (s, "ua-c", "{\"text\": \"Wordt de markt verplaatst?\"}", NULL);
  patch (s, chair, c, "{\"status\": \"approved\"}", 200);
  {
    g_autofree gchar *vote_c = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "/votes", c);
    g_autofree gchar *merge = g_strdup_printf ("{\"status\": \"merged\", \"merged_into\": %"
                                               G_GINT64_FORMAT "}", a);
    g_autoptr (TestResponse) r = call_ua (s, NULL, "voter-3", "POST", vote_c, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    patch (s, chair, c, merge, 200);
  }
  /* 30 vote attempts per client per ten minutes, then 429 with Retry-After. */
  {
    g_autofree gchar *vote_a = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "/votes", a);

    for (guint i = 0; i < 30; i++) {
      g_autoptr (TestResponse) r = call_ua (s, NULL, "ua-flood", "POST", vote_a, NULL);
      g_assert_cmpuint (r->status, ==, i == 0 ? 200 : 409);
    }
    {
      g_autoptr (TestResponse) r = call_ua (s, NULL, "ua-flood", "POST", vote_a, NULL);
      g_assert_cmpuint (r->status, ==, 429);
      g_assert_nonnull (soup_message_headers_get_one (r->headers, "Retry-After"));
    }
  }
  other_path = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT, a);
  q = expect_json (s, chair, "GET", other_path, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (q, "votes"), ==, 4);  /* 2 + c's 1 + ua-flood */

  /* Edits keep the first original. */
  q = patch (s, chair, a, "{\"text\": \"Komt er een zebrapad?\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (q, "original_text"), ==,
                   "Komt er een zebrapad bij de school?");
  q = patch (s, chair, a, "{\"text\": \"Komt er een zebrapad bij school?\"}", 200);
  g_assert_cmpstr (json_object_get_string_member (q, "original_text"), ==,
                   "Komt er een zebrapad bij de school?");
  g_assert_cmpstr (json_object_get_string_member (q, "text"), ==,
                   "Komt er een zebrapad bij school?");

  /* Visibility: the public does not see b (pending) nor original_text; staff see all; the
   * asker sees their own with the token. */
  list = expect_json (s, NULL, "GET", "/api/meetings/1/questions", NULL, 200);
  g_assert_nonnull (find (list, a));
  g_assert_null (find (list, b));
  g_assert_false (json_object_has_member (find (list, a), "original_text"));
  g_assert_cmpstr (json_object_get_string_member (find (list, a), "name"), ==, "Anna");
  list = expect_json (s, archivist, "GET", "/api/meetings/1/questions", NULL, 200);
  g_assert_null (find (list, b));
  list = expect_json (s, member, "GET", "/api/meetings/1/questions", NULL, 200);
  g_assert_nonnull (find (list, b));
  g_assert_true (json_object_has_member (find (list, a), "original_text"));
  {
    g_autoptr (TestResponse) r = call_ua (s, NULL, "ua-b2", "POST", "/api/meetings/1/questions",
                                          "{\"text\": \"Mijn eigen vraag\"}");
    g_autoptr (JsonNode) n = json_from_string (r->body, NULL);
    gint64 own = json_object_get_int_member (json_node_get_object (n), "id");
    g_autofree gchar *with_token = g_strdup_printf ("/api/meetings/1/questions?token=%s",
        json_object_get_string_member (json_node_get_object (n), "token"));
    g_autofree gchar *one = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "?token=%s", own,
        json_object_get_string_member (json_node_get_object (n), "token"));
    g_autofree gchar *wrong = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT
                                               "?token=%s", own, token);
    g_autofree gchar *none = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT, own);

    mine = g_strdup (with_token);
    list = expect_json (s, NULL, "GET", with_token, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (find (list, own), "text"), ==,
                     "Mijn eigen vraag");
    g_assert_null (find (list, b));
    q = expect_json (s, NULL, "GET", one, NULL, 200);
    g_assert_cmpstr (json_object_get_string_member (q, "status"), ==, "pending");
    expect (s, NULL, "GET", wrong, NULL, 404);
    expect (s, NULL, "GET", none, NULL, 404);
    expect (s, chair, "GET", none, NULL, 200);
  }
  /* A declined question is public, with its reason. */
  {
    gint64 d = ask (s, "ua-d", "{\"text\": \"Mag ik hier iets over zeggen?\"}", NULL);

    patch (s, chair, d, "{\"status\": \"declined\", \"reason\": \"Dit gaat over de gemeente, "
           "niet over de wijkraad\"}", 200);
    q = find (expect_json (s, NULL, "GET", "/api/meetings/1/questions", NULL, 200), d);
    g_assert_nonnull (q);
    g_assert_cmpstr (json_object_get_string_member (q, "status"), ==, "declined");
    g_assert_cmpstr (json_object_get_string_member (q, "reason"), ==,
                     "Dit gaat over de gemeente, niet over de wijkraad");
    patch (s, chair, d, "{\"reason\": \"not_for_council\"}", 200);
    patch (s, chair, a, "{\"reason\": \"abusive\"}", 400);   /* a is not declined */
  }
  /* Sorted: item position, then votes (most first), then id. */
  list = expect_json (s, chair, "GET", "/api/meetings/1/questions", NULL, 200);
  {
    JsonArray *all = json_object_get_array_member (list, "questions");
    for (guint i = 1; i < json_array_get_length (all); i++) {
      JsonObject *x = json_array_get_object_element (all, i - 1);
      JsonObject *y = json_array_get_object_element (all, i);
      gboolean same_item = json_object_get_null_member (x, "item") ==
                           json_object_get_null_member (y, "item") &&
                           (json_object_get_null_member (x, "item") ||
                            json_object_get_int_member (x, "item") ==
                            json_object_get_int_member (y, "item"));
      if (same_item)
        g_assert_cmpint (json_object_get_int_member (x, "votes"), >=,
                         json_object_get_int_member (y, "votes"));
    }
  }

  /* The public moderation log: actions and who, never residents' text or names. */
  {
    g_autoptr (TestResponse) r = call (s, NULL, "GET", "/api/meetings/1/moderation", NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_nonnull (strstr (r->body, "\"action\":\"declined\""));
    g_assert_nonnull (strstr (r->body, "\"action\":\"edited\""));
    g_assert_nonnull (strstr (r->body, "\"by\":\"voorzitter\""));
    g_assert_nonnull (strstr (r->body, "\"reason\":\"off_topic\""));
    g_assert_null (strstr (r->body, "zebrapad"));
    g_assert_null (strstr (r->body, "Anna"));
    expect (s, NULL, "GET", "/api/meetings/99/moderation", NULL, 404);
  }
  /* Search finds approved questions, not pending ones; items say their type. */
  {
    g_autoptr (TestResponse) r = call (s, NULL, "GET", "/api/search?q=zebrapad", NULL);
    g_autoptr (TestResponse) p = call (s, NULL, "GET", "/api/search?q=geheime", NULL);
    g_autoptr (TestResponse) i = call (s, NULL, "GET", "/api/search?q=speeltuin", NULL);
    g_assert_nonnull (strstr (r->body, "\"type\":\"question\""));
    g_assert_nonnull (strstr (r->body, "\"meeting_title\":\"Openbare vergadering\""));
    g_assert_null (strstr (p->body, "Geheime"));
    g_assert_nonnull (strstr (i->body, "\"type\":\"item\""));
  }
  (void) mine;
  test_server_stop (s);
}

/* Live: the chair's stream gets new pending questions, the public stream never their
 * text; a question on screen shows in the picture; an answer gets its recording offset;
 * ending the meeting takes it off screen and closes questions; names are hidden in public
 * reads once the meeting ended question_names_days ago. */
static void
test_live (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("tribune-questions-XXXXXX", NULL);
  g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autofree gchar *db_path = g_build_filename (dir, "tribune.db", NULL);
  TestServer *s = test_server_start_in (config, dir);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *chair = test_login_new_user (s, "voorzitter", "chair", "wachtwoord-123");
  g_autofree gchar *archivist = test_login_new_user (s, "archief", "archivist", "wachtwoord-123");
  g_autofree gchar *path = NULL, *screen = NULL;
  TestEvents *staff, *pub;
  guint8 before[3] = { 0 };
  gssize at;
  JsonObject *q;
  gint64 secret, shown;

  make_meeting (s, admin, "2031-05-01T19:00:00Z");
  expect (s, NULL, "GET", "/api/meetings/1/moderation/events", NULL, 401);
  expect (s, archivist, "GET", "/api/meetings/1/moderation/events", NULL, 403);
  expect (s, chair, "POST", "/api/meetings/1/start", NULL, 200);
  staff = test_events_open (s, "/api/meetings/1/moderation/events", chair);
  pub = test_events_open (s, "/api/rooms/demo/events", NULL);
  g_assert_cmpint (test_events_wait (staff, 0, "event: hello\ndata: {}\n\n", test_ms (5000)), >, 0);
  g_assert_cmpint (test_events_wait (pub, 0, "event: meeting", test_ms (5000)), >, 0);

  secret = ask (s, "ua-1", "{\"text\": \"Geheime wachtende vraag\"}", NULL);
  g_assert_cmpint (test_events_wait (staff, 0, "Geheime wachtende vraag", test_ms (5000)), >, 0);
  /* Long enough to fill the lower third's line: its shading reaches the right side of the
   * picture, where the agenda item's short line leaves the slate. */
  shown = ask (s, "ua-2", "{\"text\": \"Wanneer komt de nieuwe speeltuin er? Wanneer komt de "
               "nieuwe speeltuin er? Wanneer komt de nieuwe speeltuin er? Wanneer komt de "
               "nieuwe speeltuin er? Wanneer komt de nieuwe speeltuin er? Wanneer komt de "
               "nieuwe speeltuin er? Wanneer komt de nieuwe speeltuin er?\", "
               "\"name\": \"Anna\", \"neighbourhood\": \"Katendrecht\"}", NULL);
  patch (s, chair, shown, "{\"status\": \"approved\"}", 200);
  at = test_events_wait (pub, 0, "\"status\":\"approved\"", test_ms (5000));
  g_assert_cmpint (at, >, 0);
  g_assert_null (strstr (pub->seen->str, "Geheime"));
  g_assert_nonnull (strstr (staff->seen->str, "Geheime"));
  g_assert_cmpint (secret, >, 0);

  /* On screen: only approved/answered, live; the picture changes where the item was. */
  screen = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "/screen", secret);
  expect (s, chair, "POST", screen, NULL, 409);
  expect (s, archivist, "POST", screen, NULL, 403);
  expect (s, NULL, "POST", screen, NULL, 401);
  g_clear_pointer (&screen, g_free);
  screen = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT "/screen", shown);
  test_spin (test_ms (3000));
  g_assert_true (test_hls_frame_block (s, "demo", 28, 16, before));
  q = expect_json (s, chair, "POST", screen, NULL, 200);
  g_assert_true (json_object_get_boolean_member (q, "on_screen"));
  g_assert_cmpint (test_events_wait (pub, at, "\"on_screen\":true", test_ms (5000)), >, 0);
  g_assert_true (block_differs (s, 28, 16, before, test_ms (15000)));

  /* Back to pending: the public stream hears it is gone, without its text. */
  {
    gint64 gone = ask (s, "ua-3", "{\"text\": \"Eerst goedgekeurd, dan teruggezet\"}", NULL);
    g_autofree gchar *approved = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",", gone);
    g_autofree gchar *pending = g_strdup_printf ("{\"id\":%" G_GINT64_FORMAT ",\"meeting\":1,"
        "\"item\":null,\"text\":null,\"name\":null,\"neighbourhood\":null,"
        "\"status\":\"pending\"", gone);
    gssize seen;

    patch (s, chair, gone, "{\"status\": \"approved\"}", 200);
    seen = test_events_wait (pub, at, approved, test_ms (5000));
    g_assert_cmpint (seen, >, 0);
    patch (s, chair, gone, "{\"status\": \"pending\"}", 200);
    g_assert_cmpint (test_events_wait (pub, seen, pending, test_ms (5000)), >, 0);
  }

  /* Answered: a number on the recording's timeline once recorded. */
  patch (s, chair, shown, "{\"status\": \"answered\"}", 200);
  path = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT, shown);
  {
    gint64 deadline = g_get_monotonic_time () + (gint64) test_ms (15000) * 1000;
    gboolean number = FALSE;

    while (!number && g_get_monotonic_time () < deadline) {
      q = expect_json (s, chair, "GET", path, NULL, 200);
      number = !json_object_get_null_member (q, "answered_offset_s");
      if (!number)
        test_spin (500);
    }
    g_assert_true (number);
    g_assert_cmpfloat (json_object_get_double_member (q, "answered_offset_s"), >=, 0);
  }
  /* … and in search hits. */
  {
    g_autoptr (TestResponse) r = call (s, NULL, "GET", "/api/search?q=speeltuin", NULL);
    g_assert_nonnull (strstr (r->body, "\"type\":\"question\""));
    g_assert_nonnull (strstr (r->body, "\"status\":\"answered\",\"answered_offset_s\":"));
    g_assert_null (strstr (r->body, "\"answered_offset_s\":null"));
  }

  /* Ending the meeting takes the question on screen away, and says so in the public log. */
  {
    gint64 last = ask (s, "ua-4", "{\"text\": \"Nog in beeld bij het einde\"}", NULL);
    g_autofree gchar *last_path = g_strdup_printf ("/api/questions/%" G_GINT64_FORMAT, last);
    g_autofree gchar *last_screen = g_strdup_printf ("%s/screen", last_path);
    g_autofree gchar *logged = g_strdup_printf ("\"question\":%" G_GINT64_FORMAT ",\"action\":"
        "\"off_screen\",\"reason\":\"meeting_ended\",\"by\":\"voorzitter\"", last);
    g_autoptr (TestResponse) r = NULL;

    patch (s, chair, last, "{\"status\": \"approved\"}", 200);
    expect (s, chair, "POST", last_screen, NULL, 200);
    expect (s, chair, "POST", "/api/meetings/1/end", NULL, 200);
    q = expect_json (s, chair, "GET", last_path, NULL, 200);
    g_assert_false (json_object_get_boolean_member (q, "on_screen"));
    r = call (s, NULL, "GET", "/api/meetings/1/moderation", NULL);
    g_assert_nonnull (strstr (r->body, logged));
  }
  q = expect_json (s, chair, "GET", path, NULL, 200);
  g_assert_false (json_object_get_boolean_member (q, "on_screen"));
  expect (s, NULL, "POST", "/api/meetings/1/questions", "{\"text\": \"Te laat\"}", 409);

  /* Names: shown shortly after the meeting, hidden once it ended 30+ days ago (public). */
  q = find (expect_json (s, NULL, "GET", "/api/meetings/1/questions", NULL, 200), shown);
  g_assert_cmpstr (json_object_get_string_member (q, "name"), ==, "Anna");
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 5000);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE meetings SET ended_at = '2000-01-01T00:00:00Z'",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  q = find (expect_json (s, NULL, "GET", "/api/meetings/1/questions", NULL, 200), shown);
  g_assert_true (json_object_get_null_member (q, "name"));
  g_assert_true (json_object_get_null_member (q, "neighbourhood"));
  q = find (expect_json (s, chair, "GET", "/api/meetings/1/questions", NULL, 200), shown);
  g_assert_cmpstr (json_object_get_string_member (q, "name"), ==, "Anna");
  test_events_close (staff);
  test_events_close (pub);
  test_server_stop (s);

  /* question_names_days = 0: never hidden. */
  {
    g_autofree gchar *never = g_strconcat ("[server]\nquestion_names_days = 0\n",
                                           config + strlen ("[server]\n"), NULL);
    s = test_server_start_in (never, dir);
    q = find (expect_json (s, NULL, "GET", "/api/meetings/1/questions", NULL, 200), shown);
    g_assert_cmpstr (json_object_get_string_member (q, "name"), ==, "Anna");
    test_server_stop (s);
  }
  (void) !system (cmd);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/questions/asking", test_asking);
  g_test_add_func ("/questions/moderation", test_moderation);
  g_test_add_func ("/questions/live", test_live);
  return test_run ();
}
