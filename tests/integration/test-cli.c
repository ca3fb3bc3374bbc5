/* test-cli.c — `tribune user add` bootstraps accounts on a fresh data directory, from the
 * shell, with the real binary: password from standard input or generated once. */
#include "harness.h"
#include "store-users.h"

#include <json-glib/json-glib.h>
#include <string.h>

static gint
run (const gchar *data_dir, const gchar *stdin_text, gchar **out, gchar **err,
     const gchar *name, const gchar *role)
{
  const gchar *bin = g_getenv ("TRIBUNE_BIN");
  g_autoptr (GSubprocess) p = NULL;
  g_autoptr (GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE;

  p = g_subprocess_new (flags, &error, bin ? bin : "build/tribune", "user", "add", name,
                        "--role", role, "--data", data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, stdin_text ? stdin_text : "", NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (p);
}

static void
test_user_add (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("tribune-cli-XXXXXX", NULL);
  g_autofree gchar *data = g_build_filename (dir, "data", NULL);
  g_autofree gchar *db = g_build_filename (data, "tribune.db", NULL);
  g_autofree gchar *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree gchar *out3 = NULL, *err3 = NULL, *out4 = NULL, *err4 = NULL;
  g_autofree gchar *generated = NULL;
  g_autoptr (TribuneStore) store = NULL;
  g_autoptr (TribuneUser) chair = NULL;
  g_autoptr (TribuneUser) admin = NULL;
  const gchar *p;

  /* Password from standard input: not echoed back. */
  g_assert_cmpint (run (data, "een goed wachtwoord\n", &out, &err, "voorzitter", "chair"), ==, 0);
  g_assert_nonnull (strstr (out, "added user voorzitter (chair"));
  g_assert_null (strstr (out, "een goed wachtwoord"));
  /* Empty input: a password is generated and printed once. */
  g_assert_cmpint (run (data, "", &out2, &err2, "secretaris", "admin"), ==, 0);
  p = strstr (out2, "password (shown only now): ");
  g_assert_nonnull (p);
  generated = g_strndup (p + strlen ("password (shown only now): "), 20);
  /* Wrong role and a taken name fail with a message. */
  g_assert_cmpint (run (data, "een goed wachtwoord\n", &out3, &err3, "x", "koning"), ==, 2);
  g_assert_nonnull (strstr (err3, "--role must be"));
  g_assert_cmpint (run (data, "een goed wachtwoord\n", &out4, &err4, "Voorzitter", "member"), ==, 1);
  g_assert_nonnull (strstr (err4, "taken"));

  store = tribune_store_open (db, NULL);
  g_assert_nonnull (store);
  chair = tribune_store_user_check (store, "voorzitter", "een goed wachtwoord", NULL);
  g_assert_nonnull (chair);
  g_assert_cmpstr (chair->role, ==, "chair");
  admin = tribune_store_user_check (store, "secretaris", generated, NULL);
  g_assert_nonnull (admin);
  g_assert_cmpstr (admin->role, ==, "admin");
  g_assert_true (tribune_store_check_integrity (store, NULL));
  {
    g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    (void) !system (cmd);
  }
}

/* The account made from the shell logs in over the API; the token works as a Bearer
 * header and as the HttpOnly cookie, and stops working after logout. */
static void
test_login (void)
{
  TestServer *server = test_server_start ("[server]\nport = 0\n[room demo]\nsource = none\n"
                                          "width = 160\nheight = 120\nframerate = 10\n"
                                          "video_kbps = 100\n");
  g_autofree gchar *out = NULL, *err = NULL, *auth = NULL, *cookie = NULL;
  g_autoptr (TestResponse) login = NULL, wrong = NULL, bad = NULL, notstr = NULL;
  g_autoptr (TestResponse) me = NULL, me_cookie = NULL, logout = NULL, after = NULL;
  g_autoptr (TestResponse) anon = NULL;
  g_autoptr (JsonNode) node = NULL;
  const gchar *token, *set_cookie;
  const gchar *json = "application/json";

  g_assert_cmpint (run (server->data_dir, "een goed wachtwoord\n", &out, &err, "voorzitter",
                        "chair"), ==, 0);
  login = test_http (server, "POST", "/api/session", json,
                     "{\"username\": \"voorzitter\", \"password\": \"een goed wachtwoord\"}",
                     -1, NULL);
  g_assert_cmpuint (login->status, ==, 201);
  node = json_from_string (login->body, NULL);
  token = json_object_get_string_member (json_node_get_object (node), "token");
  g_assert_cmpuint (strlen (token), ==, 64);
  set_cookie = soup_message_headers_get_one (login->headers, "Set-Cookie");
  g_assert_nonnull (strstr (set_cookie, "HttpOnly"));
  g_assert_nonnull (strstr (set_cookie, "SameSite=Strict"));

  wrong = test_http (server, "POST", "/api/session", json,
                     "{\"username\": \"voorzitter\", \"password\": \"fout\"}", -1, NULL);
  g_assert_cmpuint (wrong->status, ==, 401);
  g_assert_nonnull (strstr (wrong->body, "\"error\""));
  bad = test_http (server, "POST", "/api/session", json, "{not json", -1, NULL);
  g_assert_cmpuint (bad->status, ==, 400);
  notstr = test_http (server, "POST", "/api/session", json,
                      "{\"username\": 1, \"password\": [\"x\"]}", -1, NULL);
  g_assert_cmpuint (notstr->status, ==, 400);

  auth = g_strdup_printf ("Bearer %s", token);
  cookie = g_strdup_printf ("other=1; tribune_session=%s", token);
  {
    const gchar *bearer[] = { "Authorization", auth, NULL };
    const gchar *cookies[] = { "Cookie", cookie, NULL };
    me = test_http (server, "GET", "/api/session", NULL, NULL, 0, bearer);
    g_assert_cmpuint (me->status, ==, 200);
    g_assert_nonnull (strstr (me->body, "\"role\":\"chair\""));
    me_cookie = test_http (server, "GET", "/api/session", NULL, NULL, 0, cookies);
    g_assert_cmpuint (me_cookie->status, ==, 200);
    logout = test_http (server, "DELETE", "/api/session", NULL, NULL, 0, bearer);
    g_assert_cmpuint (logout->status, ==, 204);
    after = test_http (server, "GET", "/api/session", NULL, NULL, 0, bearer);
    g_assert_cmpuint (after->status, ==, 401);
  }
  anon = test_http (server, "DELETE", "/api/session", NULL, NULL, 0, NULL);
  g_assert_cmpuint (anon->status, ==, 401);
  test_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/user-add", test_user_add);
  g_test_add_func ("/cli/login", test_login);
  return test_run ();
}
