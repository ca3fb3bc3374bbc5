/* test-http-util.c — the HTTP helpers (server/http-util.c) as a client sees them.
 *
 * A SoupServerMessage cannot be built without a server, so, as libsoup's own tests do,
 * a SoupServer listens on 127.0.0.1:0 on its own thread (with its own main context), its
 * handler calls the helper named by the path, and the test talks to it with a
 * synchronous SoupSession. */
#include "http-util.h"
#include "tribune-error.h"

#include <string.h>

typedef struct {
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *server;
  GMutex lock;
  GCond cond;
  guint port;             /* protected by lock; 0 until listening */
  SoupSession *session;
} Fixture;

static void
handler (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
         gpointer user_data)
{
  if (g_str_equal (path, "/bearer")) {
    const gchar *key = query ? g_hash_table_lookup (query, "key") : NULL;
    gboolean ok = tribune_http_bearer_matches (msg, key);
    tribune_http_text (msg, 200, "text/plain", ok ? "match" : "no match");
  } else if (g_str_equal (path, "/error")) {
    tribune_http_error (msg, 404, g_hash_table_lookup (query, "message"));
  } else if (g_str_equal (path, "/gerror")) {
    g_autoptr (GError) error = NULL;
    if (query && g_hash_table_contains (query, "io"))
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "disk on fire");
    else
      error = g_error_new_literal (TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_ACCEPTABLE, "no codec");
    tribune_http_gerror (msg, error);
  } else if (g_str_equal (path, "/cors")) {
    tribune_http_cors (msg);
    tribune_http_text (msg, 200, "text/plain", "ok");
  } else if (g_str_equal (path, "/preflight")) {
    tribune_http_preflight (msg, "PATCH, DELETE, OPTIONS");
  } else if (g_str_equal (path, "/echo")) {
    g_autofree gchar *body = tribune_http_body_text (msg);
    tribune_http_text (msg, 200, "text/plain", body ? body : "(null)");
  } else if (g_str_equal (path, "/client")) {
    g_autofree gchar *key = tribune_http_client_key (msg);
    tribune_http_text (msg, 200, "text/plain", key);
  } else if (g_str_equal (path, "/empty")) {
    tribune_http_text (msg, 200, "text/plain", NULL);
  } else {
    tribune_http_error (msg, 404, "no such test path");
  }
}

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSList) uris = NULL;

  g_main_context_push_thread_default (f->context);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  if (!soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("cannot listen on 127.0.0.1: %s", error->message);
  uris = soup_server_get_uris (f->server);
  g_mutex_lock (&f->lock);
  f->port = g_uri_get_port (uris->data);
  g_cond_signal (&f->cond);
  g_mutex_unlock (&f->lock);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  g_main_loop_run (f->loop);

  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->port = 0;
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  f->thread = g_thread_new ("test-server", server_thread, f);
  g_mutex_lock (&f->lock);
  while (f->port == 0)
    g_cond_wait (&f->cond, &f->lock);
  g_mutex_unlock (&f->lock);
  {
    /* Straight to 127.0.0.1, whatever proxy the environment configures. */
    g_autoptr (GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
    f->session = soup_session_new_with_options ("proxy-resolver", direct, NULL);
  }
  soup_session_set_user_agent (f->session, "tribune-unit-test/1");
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->session);
  g_main_context_invoke (f->context, quit_loop, f->loop);
  g_thread_join (f->thread);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
}

typedef struct {
  guint status;
  gchar *body;
  SoupMessage *msg;
} Reply;

static void
reply_clear (Reply *r)
{
  g_free (r->body);
  g_clear_object (&r->msg);
}

/* @headers: "Name", "value", ..., NULL. */
static void
request (Fixture *f, const gchar *method, const gchar *path_and_query, const gchar *body,
         Reply *reply, ...)
{
  g_autofree gchar *url = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path_and_query);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  SoupMessageHeaders *h;
  const gchar *name;
  va_list ap;

  memset (reply, 0, sizeof *reply);
  reply->msg = soup_message_new (method, url);
  g_assert_nonnull (reply->msg);
  h = soup_message_get_request_headers (reply->msg);
  va_start (ap, reply);
  while ((name = va_arg (ap, const gchar *)) != NULL)
    soup_message_headers_append (h, name, va_arg (ap, const gchar *));
  va_end (ap);
  if (body) {
    g_autoptr (GBytes) b = g_bytes_new (body, strlen (body));
    soup_message_set_request_body_from_bytes (reply->msg, "text/plain", b);
  }
  bytes = soup_session_send_and_read (f->session, reply->msg, NULL, &error);
  g_assert_no_error (error);
  reply->status = soup_message_get_status (reply->msg);
  reply->body = g_bytes_get_size (bytes) > 0
    ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
    : g_strdup ("");
}

static const gchar *
response_header (Reply *r, const gchar *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (r->msg), name);
}

/* Ask the server whether @authorization (NULL: no header) matches @key (NULL: none). */
static gboolean
bearer (Fixture *f, const gchar *key, const gchar *authorization)
{
  g_autofree gchar *escaped = key ? g_uri_escape_string (key, NULL, FALSE) : NULL;
  g_autofree gchar *path = key ? g_strdup_printf ("/bearer?key=%s", escaped)
                               : g_strdup ("/bearer");
  Reply r;
  gboolean match;

  if (authorization)
    request (f, "GET", path, NULL, &r, "Authorization", authorization, NULL);
  else
    request (f, "GET", path, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  match = g_str_equal (r.body, "match");
  g_assert_true (match || g_str_equal (r.body, "no match"));
  reply_clear (&r);
  return match;
}

static void
test_bearer (Fixture *f, gconstpointer data)
{
  const gchar *key = "6f1c0e4b9a8d7e2f3a5b6c7d8e9f0a1b";

  g_assert_true (bearer (f, "demo", "Bearer demo"));
  g_assert_true (bearer (f, key, "Bearer 6f1c0e4b9a8d7e2f3a5b6c7d8e9f0a1b"));
  /* The scheme is case-insensitive (RFC 7235); the key is not. */
  g_assert_true (bearer (f, "demo", "bearer demo"));
  g_assert_true (bearer (f, "demo", "BEARER demo"));
  g_assert_false (bearer (f, "demo", "Bearer DEMO"));

  g_assert_false (bearer (f, "demo", NULL));
  g_assert_false (bearer (f, "demo", "demo"));
  g_assert_false (bearer (f, "demo", "Bearer"));
  g_assert_false (bearer (f, "demo", "Bearerdemo"));
  g_assert_false (bearer (f, "demo", "Basic ZGVtbzpkZW1v"));
  g_assert_false (bearer (f, "demo", "Token demo"));
  /* Prefixes and extensions of the key. */
  g_assert_false (bearer (f, "demo", "Bearer dem"));
  g_assert_false (bearer (f, "demo", "Bearer d"));
  g_assert_false (bearer (f, "demo", "Bearer demo2"));
  g_assert_false (bearer (f, "demo", "Bearer demodemo"));
  g_assert_false (bearer (f, key, "Bearer 6f1c0e4b9a8d7e2f3a5b6c7d8e9f0a1"));
  g_assert_false (bearer (f, key, "Bearer 6f1c0e4b9a8d7e2f3a5b6c7d8e9f0a1c"));
  g_assert_false (bearer (f, key, "Bearer 7f1c0e4b9a8d7e2f3a5b6c7d8e9f0a1b"));
}

static void
test_bearer_no_key (Fixture *f, gconstpointer data)
{
  /* A room without ingest_key matches nothing, whatever the client sends. */
  g_assert_false (bearer (f, NULL, "Bearer "));
  g_assert_false (bearer (f, NULL, "Bearer demo"));
  g_assert_false (bearer (f, NULL, "Bearer (null)"));
  g_assert_false (bearer (f, NULL, NULL));
}

static void
test_error_reply (Fixture *f, gconstpointer data)
{
  const gchar *message = "room \"zaal\" is \\ not here\nü — <b>";
  g_autofree gchar *escaped = g_uri_escape_string (message, NULL, FALSE);
  g_autofree gchar *path = g_strdup_printf ("/error?message=%s", escaped);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *obj;
  Reply r;

  request (f, "GET", path, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 404);
  g_assert_cmpstr (response_header (&r, "Content-Type"), ==, "application/json");
  g_assert_cmpstr (response_header (&r, "Cache-Control"), ==, "no-store");
  g_assert_true (json_parser_load_from_data (parser, r.body, -1, &error));
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (obj), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj, "error"), ==, message);
  reply_clear (&r);

  request (f, "GET", "/error?message=no%20such%20room", NULL, &r, NULL);
  g_assert_cmpstr (r.body, ==, "{\"error\":\"no such room\"}");
  reply_clear (&r);
}

static void
test_gerror_reply (Fixture *f, gconstpointer data)
{
  Reply r;

  request (f, "GET", "/gerror", NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 406);
  g_assert_cmpstr (r.body, ==, "{\"error\":\"no codec\"}");
  reply_clear (&r);

  request (f, "GET", "/gerror?io=1", NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 500);
  g_assert_cmpstr (r.body, ==, "{\"error\":\"disk on fire\"}");
  reply_clear (&r);
}

static void
test_cors (Fixture *f, gconstpointer data)
{
  Reply r;

  request (f, "GET", "/cors", NULL, &r, "Origin", "https://gemeente.example", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (response_header (&r, "Access-Control-Allow-Origin"), ==, "*");
  g_assert_cmpstr (response_header (&r, "Access-Control-Expose-Headers"), ==,
                   "Location, Link, Accept-Patch, ETag, Content-Length");
  reply_clear (&r);
}

static void
test_preflight (Fixture *f, gconstpointer data)
{
  Reply r;

  request (f, "OPTIONS", "/preflight", NULL, &r,
           "Origin", "https://gemeente.example",
           "Access-Control-Request-Method", "PATCH", NULL);
  g_assert_cmpuint (r.status, ==, 204);
  g_assert_cmpstr (r.body, ==, "");
  g_assert_cmpstr (response_header (&r, "Access-Control-Allow-Origin"), ==, "*");
  g_assert_cmpstr (response_header (&r, "Access-Control-Allow-Methods"), ==,
                   "PATCH, DELETE, OPTIONS");
  g_assert_cmpstr (response_header (&r, "Allow"), ==, "PATCH, DELETE, OPTIONS");
  g_assert_cmpstr (response_header (&r, "Access-Control-Allow-Headers"), ==,
                   "Authorization, Content-Type, If-Match");
  g_assert_cmpstr (response_header (&r, "Access-Control-Max-Age"), ==, "86400");
  reply_clear (&r);
}

static void
test_body_text (Fixture *f, gconstpointer data)
{
  Reply r;
  GString *big = g_string_new (NULL);

  request (f, "POST", "/echo", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n", &r, NULL);
  g_assert_cmpstr (r.body, ==, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n");
  reply_clear (&r);

  /* An empty body is NULL, so handlers can say "the body is empty". */
  request (f, "POST", "/echo", "", &r, NULL);
  g_assert_cmpstr (r.body, ==, "(null)");
  reply_clear (&r);
  request (f, "POST", "/echo", NULL, &r, NULL);
  g_assert_cmpstr (r.body, ==, "(null)");
  reply_clear (&r);

  while (big->len < 200000)
    g_string_append (big, "a=candidate:1 1 UDP 2122260223 192.0.2.7 50000 typ host\r\n");
  request (f, "POST", "/echo", big->str, &r, NULL);
  g_assert_cmpstr (r.body, ==, big->str);
  reply_clear (&r);
  g_string_free (big, TRUE);
}

static void
test_text_null_body (Fixture *f, gconstpointer data)
{
  Reply r;

  request (f, "GET", "/empty", NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (r.body, ==, "");
  reply_clear (&r);
}

static void
test_client_key (Fixture *f, gconstpointer data)
{
  Reply a, b, c;
  g_autoptr (GRegex) hex = g_regex_new ("^[0-9a-f]{64}$", 0, 0, NULL);

  request (f, "GET", "/client", NULL, &a, NULL);
  request (f, "GET", "/client", NULL, &b, NULL);
  soup_session_set_user_agent (f->session, "Other/2");
  request (f, "GET", "/client", NULL, &c, NULL);
  /* A SHA-256 in hex: the address itself is not kept. */
  g_assert_true (g_regex_match (hex, a.body, 0, NULL));
  g_assert_null (strstr (a.body, "127.0.0.1"));
  g_assert_cmpstr (a.body, ==, b.body);      /* same client, same key */
  g_assert_cmpstr (a.body, !=, c.body);      /* other user agent, other key */
  reply_clear (&a);
  reply_clear (&b);
  reply_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ((path), Fixture, NULL, setup, (func), teardown)
  ADD ("/http-util/bearer", test_bearer);
  ADD ("/http-util/bearer-no-key", test_bearer_no_key);
  ADD ("/http-util/error-reply", test_error_reply);
  ADD ("/http-util/gerror-reply", test_gerror_reply);
  ADD ("/http-util/cors", test_cors);
  ADD ("/http-util/preflight", test_preflight);
  ADD ("/http-util/body-text", test_body_text);
  ADD ("/http-util/text-null-body", test_text_null_body);
  ADD ("/http-util/client-key", test_client_key);
#undef ADD

  return g_test_run ();
}
