/* test-hls-fast.c — the HLS fast path (server/hls-fast.c) over raw TCP, as a player, a
 * browser and an attacker would use one connection: keep-alive and pipelined HLS
 * requests answered by our threads, a page or API request on the same connection
 * handed to libsoup with its bytes intact, a head that trickles in, garbage, a blocking
 * request whose client leaves, and the switch that turns it all off. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char config[] =
  "[server]\nport = 0\nhls_segment_ms = 1000\nhls_part_ms = 400\n"
  "[room demo]\ntitle = Demo\nsource = test\ningest_key = demo\n"
  "width = 320\nheight = 240\nframerate = 25\nvideo_kbps = 400\n";

static gint
connect_to (TestServer *s)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (s->port) };
  struct timeval tv = { .tv_sec = 10 };
  gint fd = socket (AF_INET, SOCK_STREAM, 0);

  inet_pton (AF_INET, "127.0.0.1", &addr.sin_addr);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

static void
send_all (gint fd, const gchar *text, gsize len)
{
  while (len > 0) {
    ssize_t n = send (fd, text, len, MSG_NOSIGNAL);
    g_assert_cmpint (n, >, 0);
    text += n;
    len -= (gsize) n;
  }
}

typedef struct {
  guint status;
  gchar *head;      /* the status line and headers */
  GBytes *body;     /* NUL-terminated one past its size */
} Reply;

static void
reply_free (Reply *r)
{
  g_free (r->head);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* What is read but not yet parsed, per connection (one connection per test at a time). */
static GByteArray *pending;

static gboolean
fill (gint fd)
{
  guint8 buf[65536];
  ssize_t n = recv (fd, buf, sizeof buf, 0);

  if (n <= 0)
    return FALSE;
  g_byte_array_append (pending, buf, (guint) n);
  return TRUE;
}

static const gchar *
header (Reply *r, const gchar *name)
{
  g_autofree gchar *needle = g_strdup_printf ("\r\n%s: ", name);
  const gchar *at = strstr (r->head, needle);

  return at ? at + strlen (needle) : NULL;
}

/* Reads one response; @head_request: the request was HEAD (no body follows). NULL when
 * the server closed the connection first. */
static Reply *
read_reply (gint fd, gboolean head_request)
{
  Reply *r;
  gchar *end;
  const gchar *length;
  gsize head_len, body_len;

  if (pending == NULL)
    pending = g_byte_array_new ();
  while (pending->len < 4 ||
         (end = g_strstr_len ((const gchar *) pending->data, pending->len, "\r\n\r\n")) == NULL)
    if (!fill (fd))
      return NULL;
  head_len = (gsize) (end - (gchar *) pending->data) + 4;
  r = g_new0 (Reply, 1);
  r->head = g_strndup ((const gchar *) pending->data, head_len);
  g_assert_true (g_str_has_prefix (r->head, "HTTP/1.1 "));
  r->status = (guint) g_ascii_strtoull (r->head + 9, NULL, 10);
  length = header (r, "Content-Length");
  body_len = head_request || length == NULL ? 0 : (gsize) g_ascii_strtoull (length, NULL, 10);
  while (pending->len < head_len + body_len)
    g_assert_true (fill (fd));
  {
    /* NUL-terminated past its length, so text bodies can be searched as strings. */
    gchar *copy = g_malloc (body_len + 1);
    memcpy (copy, pending->data + head_len, body_len);
    copy[body_len] = '\0';
    r->body = g_bytes_new_take (copy, body_len);
  }
  g_byte_array_remove_range (pending, 0, (guint) (head_len + body_len));
  return r;
}

static Reply *
get (gint fd, const gchar *path)
{
  g_autofree gchar *req = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: t\r\n"
                                           "User-Agent: test-hls-fast\r\n\r\n", path);

  send_all (fd, req, strlen (req));
  return read_reply (fd, FALSE);
}

static gboolean
from_libsoup (Reply *r)
{
  const gchar *server = header (r, "Server");
  return server != NULL && g_str_has_prefix (strstr (server, " ") ? strstr (server, " ") : "",
                                             " libsoup/");
}

static void
forget_pending (void)
{
  g_clear_pointer (&pending, g_byte_array_unref);
}

/* The playlist's newest part and its preload hint, once it has parts. */
static void
wait_parts (TestServer *s, gchar **part, gchar **hint, guint64 *open_msn)
{
  for (guint i = 0; i < 200; i++) {
    g_autoptr (TestResponse) r = test_http (s, "GET", "/hls/demo/index.m3u8", NULL, NULL, 0, NULL);
    g_auto (GStrv) lines = r->status == 200 ? g_strsplit (r->body, "\n", -1) : NULL;
    guint64 msn = 0, segments = 0;

    g_clear_pointer (part, g_free);
    g_clear_pointer (hint, g_free);
    for (guint k = 0; lines && lines[k]; k++) {
      const gchar *uri = strstr (lines[k], "URI=\"");
      if (g_str_has_prefix (lines[k], "#EXT-X-MEDIA-SEQUENCE:"))
        msn = g_ascii_strtoull (lines[k] + 22, NULL, 10);
      else if (lines[k][0] != '#' && lines[k][0] != '\0')
        segments++;
      if (uri && g_str_has_prefix (lines[k], "#EXT-X-PART:")) {
        g_free (*part);
        *part = g_strndup (uri + 5, strcspn (uri + 5, "\""));
      } else if (uri && g_str_has_prefix (lines[k], "#EXT-X-PRELOAD-HINT:")) {
        *hint = g_strndup (uri + 5, strcspn (uri + 5, "\""));
      }
    }
    if (*part && *hint && segments >= 2) {
      *open_msn = msn + segments;
      return;
    }
    test_spin (100);
  }
  g_error ("the playlist never had parts");
}

static guint64
metric (TestServer *s, const gchar *name)
{
  g_autoptr (TestResponse) r = test_http (s, "GET", "/metrics", NULL, NULL, 0, NULL);
  g_autofree gchar *needle = g_strdup_printf ("\n%s ", name);
  const gchar *at = strstr (r->body, needle);

  g_assert_nonnull (at);
  return g_ascii_strtoull (at + strlen (needle), NULL, 10);
}

static void
test_keep_alive_and_handoff (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *part = NULL, *hint = NULL;
  g_autofree gchar *part_path = NULL;
  guint64 open_msn;
  gint fd;

  wait_parts (s, &part, &hint, &open_msn);
  part_path = g_strdup_printf ("/hls/demo/%s", part);
  fd = connect_to (s);
  /* Two HLS requests: answered by the fast path, on one connection. */
  {
    g_autoptr (Reply) playlist = get (fd, "/hls/demo/index.m3u8");
    g_autoptr (Reply) p = get (fd, part_path);

    g_assert_cmpuint (playlist->status, ==, 200);
    g_assert_false (from_libsoup (playlist));
    g_assert_cmpstr (strstr (playlist->head, "Content-Type: "), !=, NULL);
    g_assert_true (g_str_has_prefix (header (playlist, "Content-Type"),
                                     "application/vnd.apple.mpegurl"));
    g_assert_true (g_str_has_prefix (header (playlist, "Cache-Control"), "public, max-age=1"));
    g_assert_true (g_str_has_prefix (header (playlist, "Access-Control-Allow-Origin"), "*"));
    g_assert_nonnull (header (playlist, "Date"));
    g_assert_true (g_str_has_prefix (g_bytes_get_data (playlist->body, NULL), "#EXTM3U"));
    g_assert_cmpuint (p->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (p->body), >, 188);
    g_assert_cmpint (((const guint8 *) g_bytes_get_data (p->body, NULL))[0], ==, 0x47);
    g_assert_true (g_str_has_prefix (header (p, "Cache-Control"), "public, max-age=3600, immutable"));
  }
  /* Then an API request on the same connection: libsoup answers it, and the connection
   * stays open for the next one. */
  {
    g_autoptr (Reply) room = get (fd, "/api/rooms/demo");
    g_autoptr (Reply) again = get (fd, "/api/rooms/demo");
    g_autoptr (Reply) missing = get (fd, "/hls/nosuchroom/index.m3u8");

    g_assert_cmpuint (room->status, ==, 200);
    g_assert_true (from_libsoup (room));
    g_assert_nonnull (strstr (g_bytes_get_data (room->body, NULL), "\"demo\""));
    g_assert_cmpuint (again->status, ==, 200);
    g_assert_cmpuint (missing->status, ==, 404);
  }
  forget_pending ();
  close (fd);
  g_assert_cmpuint (metric (s, "tribune_http_fast_requests_total"), >=, 2);
  g_assert_cmpuint (metric (s, "tribune_http_handoffs_total"), >=, 1);
  test_server_stop (s);
}

static void
test_pipelined_and_head (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *part = NULL, *hint = NULL, *segment = NULL;
  guint64 open_msn;
  gint fd;

  wait_parts (s, &part, &hint, &open_msn);
  {
    g_autoptr (TestResponse) r = test_http (s, "GET", "/hls/demo/index.m3u8", NULL, NULL, 0, NULL);
    g_auto (GStrv) lines = g_strsplit (r->body, "\n", -1);
    for (guint k = 0; lines[k] && segment == NULL; k++)
      if (g_str_has_suffix (lines[k], ".ts") && lines[k][0] != '#')
        segment = g_strdup (lines[k]);
  }
  fd = connect_to (s);
  {
    g_autofree gchar *three = g_strdup_printf (
        "GET /hls/demo/index.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n"
        "HEAD /hls/demo/%s HTTP/1.1\r\nHost: t\r\n\r\n"
        "GET /hls/demo/%s HTTP/1.1\r\nHost: t\r\n\r\n", segment, segment);
    g_autoptr (Reply) a = NULL;
    g_autoptr (Reply) b = NULL;
    g_autoptr (Reply) c = NULL;

    send_all (fd, three, strlen (three));
    a = read_reply (fd, FALSE);
    b = read_reply (fd, TRUE);
    c = read_reply (fd, FALSE);
    g_assert_cmpuint (a->status, ==, 200);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (a->body, NULL), "#EXTM3U"));
    /* HEAD: the length of the segment, no body (else c would not parse). */
    g_assert_cmpuint (b->status, ==, 200);
    g_assert_cmpuint (g_ascii_strtoull (header (b, "Content-Length"), NULL, 10), ==,
                      g_bytes_get_size (c->body));
    g_assert_cmpuint (c->status, ==, 200);
    g_assert_true (g_str_has_prefix (header (c, "Content-Type"), "video/mp2t"));
    g_assert_cmpint (((const guint8 *) g_bytes_get_data (c->body, NULL))[0], ==, 0x47);
  }
  /* A head that trickles in, a byte at a time. */
  {
    const gchar *slow = "GET /hls/demo/index.m3u8 HTTP/1.1\r\nHost: t\r\n\r\n";
    g_autoptr (Reply) r = NULL;

    for (gsize i = 0; slow[i]; i++) {
      send_all (fd, slow + i, 1);
      g_usleep (2000);
    }
    r = read_reply (fd, FALSE);
    g_assert_cmpuint (r->status, ==, 200);
  }
  /* Connection: close is honoured. */
  {
    const gchar *last = "GET /hls/demo/index.m3u8 HTTP/1.1\r\nConnection: close\r\n\r\n";
    g_autoptr (Reply) r = NULL;
    g_autoptr (Reply) none = NULL;

    send_all (fd, last, strlen (last));
    r = read_reply (fd, FALSE);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (g_str_has_prefix (header (r, "Connection"), "close"));
    none = read_reply (fd, FALSE);
    g_assert_null (none);
  }
  forget_pending ();
  close (fd);
  test_server_stop (s);
}

static void
test_hostile_input (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *part = NULL, *hint = NULL;
  GRand *rand = g_rand_new_with_seed (29112026);
  guint64 open_msn;

  wait_parts (s, &part, &hint, &open_msn);
  /* Garbage, half heads, HLS-looking garbage, then hang up. */
  for (guint i = 0; i < 300; i++) {
    gint fd = connect_to (s);
    gchar junk[600];
    gsize len = (gsize) g_rand_int_range (rand, 1, sizeof junk);

    for (gsize k = 0; k < len; k++)
      junk[k] = (gchar) g_rand_int_range (rand, 0, 256);
    if (i % 3 == 1)
      memcpy (junk, "GET /hls/demo/", MIN (len, 14));
    if (i % 3 == 2) {
      len = MIN (len, 20);
      memcpy (junk, "GET /hls/demo/index.m3u8 HTTP/1.1\r\nHo", len);
    }
    send (fd, junk, len, MSG_NOSIGNAL);
    close (fd);
  }
  /* A head over 8 KiB, a body on an HLS URL, a Range request: libsoup answers them. */
  {
    gint fd = connect_to (s);
    g_autofree gchar *filler = g_strnfill (10000, 'a');
    g_autofree gchar *big = g_strdup_printf ("GET /hls/demo/index.m3u8 HTTP/1.1\r\nX-Big: %s\r\n\r\n",
                                             filler);
    g_autoptr (Reply) r = NULL;

    send_all (fd, big, strlen (big));
    r = read_reply (fd, FALSE);
    g_assert_nonnull (r);
    g_assert_true (from_libsoup (r));
    forget_pending ();
    close (fd);
  }
  {
    gint fd = connect_to (s);
    const gchar *post = "POST /hls/demo/index.m3u8 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc";
    g_autoptr (Reply) r = NULL;

    send_all (fd, post, strlen (post));
    r = read_reply (fd, FALSE);
    g_assert_cmpuint (r->status, ==, 405);
    g_assert_true (from_libsoup (r));
    forget_pending ();
    close (fd);
  }
  {
    gint fd = connect_to (s);
    g_autofree gchar *ranged = g_strdup_printf ("GET /hls/demo/%s HTTP/1.1\r\nHost: t\r\nRange: bytes=0-187\r\n\r\n",
                                                part);
    g_autoptr (Reply) r = NULL;

    send_all (fd, ranged, strlen (ranged));
    r = read_reply (fd, FALSE);
    g_assert_true (r->status == 200 || r->status == 206);
    g_assert_true (from_libsoup (r));
    forget_pending ();
    close (fd);
  }
  /* Still serving, on both paths. */
  {
    g_autoptr (TestResponse) playlist = test_http (s, "GET", "/hls/demo/index.m3u8", NULL, NULL, 0, NULL);
    g_autoptr (TestResponse) page = test_http (s, "GET", "/room/demo", NULL, NULL, 0, NULL);

    g_assert_cmpuint (playlist->status, ==, 200);
    g_assert_cmpuint (page->status, ==, 200);
  }
  g_rand_free (rand);
  test_server_stop (s);
}

static void
test_held_request_and_gone_client (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *part = NULL, *hint = NULL;
  guint64 open_msn;

  wait_parts (s, &part, &hint, &open_msn);
  /* A client waits for the next segment, then leaves: the hold is let go. */
  {
    gint fd = connect_to (s);
    g_autofree gchar *req = g_strdup_printf (
        "GET /hls/demo/index.m3u8?_HLS_msn=%" G_GUINT64_FORMAT " HTTP/1.1\r\n\r\n", open_msn + 1);
    guint64 held = 0;

    send_all (fd, req, strlen (req));
    for (guint i = 0; i < 20 && held == 0; i++) {
      test_spin (20);
      held = metric (s, "tribune_hls_held_requests");
    }
    g_assert_cmpuint (held, >=, 1);
    close (fd);
    for (guint i = 0; i < 50 && held > 0; i++) {
      test_spin (20);
      held = metric (s, "tribune_hls_held_requests");
    }
    g_assert_cmpuint (held, ==, 0);
  }
  /* The preload-hinted part: held until it exists, then served whole. */
  {
    gint fd = connect_to (s);
    g_autofree gchar *path = NULL;
    g_autofree gchar *next_hint = NULL, *newest = NULL;
    guint64 msn;
    g_autoptr (Reply) r = NULL;
    gint64 t0;

    wait_parts (s, &newest, &next_hint, &msn);
    path = g_strdup_printf ("/hls/demo/%s", next_hint);
    t0 = g_get_monotonic_time ();
    r = get (fd, path);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (r->body), >, 188);
    g_assert_cmpint (g_get_monotonic_time () - t0, <, test_ms (3000) * 1000);
    forget_pending ();
    close (fd);
  }
  /* Leave one held at shutdown: the server still stops cleanly. */
  {
    gint fd = connect_to (s);
    g_autofree gchar *req = g_strdup_printf (
        "GET /hls/demo/index.m3u8?_HLS_msn=%" G_GUINT64_FORMAT " HTTP/1.1\r\n\r\n", open_msn + 2);

    send_all (fd, req, strlen (req));
    test_spin (100);
    test_server_stop (s);
    close (fd);
  }
}

static void
test_threads_off (void)
{
  g_autofree gchar *off = NULL;
  TestServer *s;
  gint fd;

  off = g_strdup_printf ("[server]\nport = 0\nhls_threads = 0\nhls_segment_ms = 1000\n"
                         "hls_part_ms = 400\n[room demo]\ntitle = Demo\nsource = test\n"
                         "ingest_key = demo\nwidth = 320\nheight = 240\nframerate = 25\n"
                         "video_kbps = 400\n");
  s = test_server_start (off);
  {
    g_autofree gchar *part = NULL, *hint = NULL;
    guint64 open_msn;
    wait_parts (s, &part, &hint, &open_msn);
  }
  fd = connect_to (s);
  {
    g_autoptr (Reply) a = get (fd, "/hls/demo/index.m3u8");
    g_autoptr (Reply) b = get (fd, "/hls/demo/index.m3u8");

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_true (from_libsoup (a));
    g_assert_cmpuint (b->status, ==, 200);
  }
  forget_pending ();
  close (fd);
  test_server_stop (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hls-fast/keep-alive-and-handoff", test_keep_alive_and_handoff);
  g_test_add_func ("/hls-fast/pipelined-and-head", test_pipelined_and_head);
  g_test_add_func ("/hls-fast/hostile-input", test_hostile_input);
  g_test_add_func ("/hls-fast/held-request-and-gone-client", test_held_request_and_gone_client);
  g_test_add_func ("/hls-fast/threads-off", test_threads_off);
  return test_run ();
}
