/* test-http-head.c — the HLS fast path's request-head reader: the common request is
 * read, every prefix of it waits for more, and anything unusual goes to libsoup. */
#include "http-head.h"

#include <string.h>

static TribuneHttpHeadKind
parse (const gchar *text, TribuneHttpHead *head)
{
  return tribune_http_head_parse (text, strlen (text), head);
}

static void
test_plain_get (void)
{
  const gchar *req = "GET /hls/demo/index.m3u8?_HLS_msn=12&_HLS_part=2 HTTP/1.1\r\n"
                     "Host: tribune.example\r\nUser-Agent: hls.js test \r\n"
                     "Accept: */*\r\n\r\nGET /next";
  TribuneHttpHead h;

  g_assert_cmpint (parse (req, &h), ==, TRIBUNE_HTTP_HEAD_FAST);
  g_assert_cmpuint (h.head_len, ==, strstr (req, "GET /next") - req);
  g_assert_false (h.head);
  g_assert_true (h.keep_alive);
  g_assert_cmpmem (h.path, h.path_len, "/hls/demo/index.m3u8", 20);
  g_assert_cmpmem (h.query, h.query_len, "_HLS_msn=12&_HLS_part=2", 23);
  g_assert_cmpmem (h.user_agent, h.user_agent_len, "hls.js test", 11);
}

static void
test_head_and_versions (void)
{
  TribuneHttpHead h;

  g_assert_cmpint (parse ("HEAD /hls/a/b.ts HTTP/1.1\r\n\r\n", &h), ==, TRIBUNE_HTTP_HEAD_FAST);
  g_assert_true (h.head);
  g_assert_null (h.query);
  g_assert_null (h.user_agent);
  g_assert_cmpint (parse ("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n", &h), ==,
                   TRIBUNE_HTTP_HEAD_FAST);
  g_assert_false (h.keep_alive);
  g_assert_cmpint (parse ("GET / HTTP/1.0\r\n\r\n", &h), ==, TRIBUNE_HTTP_HEAD_FAST);
  g_assert_false (h.keep_alive);
  g_assert_cmpint (parse ("GET / HTTP/1.0\r\nConnection: keep-alive, foo\r\n\r\n", &h), ==,
                   TRIBUNE_HTTP_HEAD_FAST);
  g_assert_true (h.keep_alive);
  g_assert_cmpint (parse ("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", &h), ==,
                   TRIBUNE_HTTP_HEAD_FAST);
}

static void
test_every_prefix_waits (void)
{
  const gchar *req = "GET /hls/demo/index.m3u8 HTTP/1.1\r\nHost: x\r\n\r\n";
  TribuneHttpHead h;

  for (gsize n = 0; n < strlen (req); n++)
    g_assert_cmpint (tribune_http_head_parse (req, n, &h), ==, TRIBUNE_HTTP_HEAD_INCOMPLETE);
  g_assert_cmpint (tribune_http_head_parse (req, strlen (req), &h), ==, TRIBUNE_HTTP_HEAD_FAST);
  /* Not a GET or HEAD: known after four bytes, no need to wait. */
  g_assert_cmpint (parse ("POST", &h), ==, TRIBUNE_HTTP_HEAD_OTHER);
  g_assert_cmpint (parse ("PU", &h), ==, TRIBUNE_HTTP_HEAD_OTHER);
  g_assert_cmpint (parse ("GE", &h), ==, TRIBUNE_HTTP_HEAD_INCOMPLETE);
}

static void
test_unusual_goes_to_libsoup (void)
{
  static const gchar *const others[] = {
    "POST /hls/a/index.m3u8 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi",
    "GET /hls/a/index.m3u8 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi",
    "GET /hls/a/index.m3u8 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
    "GET /api/rooms/demo/events HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\r\nRange: bytes=0-10\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
    "GET http://evil/hls/a/1.ts HTTP/1.1\r\n\r\n",
    "GET * HTTP/1.1\r\n\r\n",
    "GET /hls/a b.ts HTTP/1.1\r\n\r\n",
    "GET /hls/a/1.ts HTTP/2.0\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\r\nHost : a\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\r\nHo\nst: a\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\r\nHost: a\rb\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\r\nX: \x01\r\n\r\n",
    "GET /hls/a/1.ts#frag HTTP/1.1\r\n\r\n",
    "GET /hls/a/1.ts HTTP/1.1\n\n",
    "get /hls/a/1.ts HTTP/1.1\r\n\r\n",
  };
  TribuneHttpHead h;

  for (guint i = 0; i < G_N_ELEMENTS (others); i++) {
    if (parse (others[i], &h) != TRIBUNE_HTTP_HEAD_OTHER)
      g_error ("case %u was not handed to libsoup: %s", i, others[i]);
  }
  /* A NUL anywhere, or a head longer than the fast path reads. */
  {
    gchar with_nul[] = "GET /hls/a/1.ts HTTP/1.1\r\nX: a\0b\r\n\r\n";
    g_autofree gchar *huge = g_strnfill (TRIBUNE_HTTP_HEAD_MAX + 10, 'a');

    memcpy (huge, "GET /", 5);
    g_assert_cmpint (tribune_http_head_parse (with_nul, sizeof with_nul - 1, &h), ==,
                     TRIBUNE_HTTP_HEAD_OTHER);
    g_assert_cmpint (tribune_http_head_parse (huge, TRIBUNE_HTTP_HEAD_MAX + 10, &h), ==,
                     TRIBUNE_HTTP_HEAD_OTHER);
  }
}

/* Random bytes and mutated requests: never a crash, and a FAST answer always points
 * inside the buffer. */
static void
test_random_input (void)
{
  const gchar *base = "GET /hls/demo/index.m3u8?_HLS_msn=1 HTTP/1.1\r\nHost: x\r\n"
                      "User-Agent: y\r\nConnection: keep-alive\r\n\r\n";
  gsize base_len = strlen (base);
  GRand *rand = g_rand_new_with_seed (20261129);
  gchar buf[512];

  for (guint round = 0; round < 50000; round++) {
    gsize len = g_rand_int_range (rand, 0, sizeof buf);
    TribuneHttpHead h;

    if (round % 2 == 0) {
      for (gsize i = 0; i < len; i++)
        buf[i] = (gchar) g_rand_int_range (rand, 0, 256);
    } else {
      len = base_len;
      memcpy (buf, base, len);
      for (guint k = 0; k < 3; k++)
        buf[g_rand_int_range (rand, 0, (gint32) len)] = (gchar) g_rand_int_range (rand, 0, 256);
    }
    if (tribune_http_head_parse (buf, len, &h) == TRIBUNE_HTTP_HEAD_FAST) {
      g_assert_cmpuint (h.head_len, <=, len);
      g_assert_true (h.path >= buf && h.path + h.path_len <= buf + len);
      g_assert_true (h.query == NULL || (h.query >= buf && h.query + h.query_len <= buf + len));
      g_assert_true (h.user_agent == NULL ||
                     (h.user_agent >= buf && h.user_agent + h.user_agent_len <= buf + len));
    }
  }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/http-head/plain-get", test_plain_get);
  g_test_add_func ("/http-head/head-and-versions", test_head_and_versions);
  g_test_add_func ("/http-head/prefixes-wait", test_every_prefix_waits);
  g_test_add_func ("/http-head/unusual-to-libsoup", test_unusual_goes_to_libsoup);
  g_test_add_func ("/http-head/random-input", test_random_input);
  return g_test_run ();
}
