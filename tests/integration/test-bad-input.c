/* test-bad-input.c — every kind of bad request gets a clear JSON error with the right
 * status, and the server keeps serving afterwards (it is asked for /healthz at the end
 * of every case, and must exit cleanly, leak-free, at teardown). */
#include "harness.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char config[] =
  "[server]\n"
  "port = 0\n"
  "ice_addresses = 127.0.0.1\n"
  "max_body_bytes = 20000\n"
  "[room demo]\n"
  "title = Demo\n"
  "source = test\n"
  "ingest_key = demo-key\n"
  "width = 160\nheight = 120\nframerate = 10\nvideo_kbps = 100\n"
  "[room quiet]\n"
  "title = No publishing\n"
  "source = none\n"
  "width = 160\nheight = 120\nframerate = 10\nvideo_kbps = 100\n";

/* A well-formed recvonly/sendonly WebRTC offer with the codecs given. */
static gchar *
offer (const gchar *direction, const gchar *video_codecs, gboolean with_fingerprint)
{
  return g_strdup_printf (
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "a=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
    "%s"
    "a=setup:actpass\r\na=mid:0\r\na=%s\r\na=rtcp-mux\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF %s\r\nc=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
    "%s"
    "a=setup:actpass\r\na=mid:1\r\na=%s\r\na=rtcp-mux\r\n"
    "%s",
    with_fingerprint ? "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n" : "",
    direction,
    g_str_equal (video_codecs, "vp8") ? "96" : g_str_equal (video_codecs, "h264-pm0") ? "97" : "102",
    with_fingerprint ? "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n" : "",
    direction,
    g_str_equal (video_codecs, "vp8") ? "a=rtpmap:96 VP8/90000\r\n" :
    g_str_equal (video_codecs, "h264-pm0") ? "a=rtpmap:97 H264/90000\r\na=fmtp:97 packetization-mode=0;profile-level-id=42e01f\r\n" :
    "a=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1;profile-level-id=42e01f\r\n");
}

typedef struct {
  TestServer *server;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (config);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
}

/* Request, then check status, JSON error body, CORS header, and that the server lives. */
static void
expect (Fixture *f, const gchar *method, const gchar *path, const gchar *content_type,
        const gchar *body, gssize len, const gchar *const *headers, guint status,
        const gchar *error_contains)
{
  g_autoptr (TestResponse) r = test_http (f->server, method, path, content_type, body, len,
                                          headers);
  g_autoptr (TestResponse) health = NULL;

  g_test_message ("%s %s -> %u %s", method, path, r->status, r->body);
  g_assert_cmpuint (r->status, ==, status);
  if (error_contains) {
    g_autoptr (JsonNode) node = json_from_string (r->body, NULL);
    const gchar *message;

    g_assert_nonnull (node);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
    message = json_object_get_string_member (json_node_get_object (node), "error");
    g_assert_nonnull (message);
    g_assert_nonnull (strstr (message, error_contains));
    g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==,
                     "application/json");
  }
  health = test_http (f->server, "GET", "/healthz", NULL, NULL, 0, NULL);
  g_assert_cmpuint (health->status, ==, 200);
}

static void
test_whep_errors (Fixture *f, gconstpointer data)
{
  g_autofree gchar *good = offer ("recvonly", "h264", TRUE);
  g_autofree gchar *sendonly = offer ("sendonly", "h264", TRUE);
  g_autofree gchar *vp8 = offer ("recvonly", "vp8", TRUE);
  g_autofree gchar *pm0 = offer ("recvonly", "h264-pm0", TRUE);
  g_autofree gchar *no_fp = offer ("recvonly", "h264", FALSE);
  g_autofree gchar *huge = g_malloc0 (30000);
  const gchar sdp[] = "application/sdp";

  memset (huge, 'a', 29999);
  expect (f, "POST", "/whep/nowhere", sdp, good, -1, NULL, 404, "no such room");
  expect (f, "POST", "/whep/demo", sdp, "", 0, NULL, 400, "empty");
  expect (f, "POST", "/whep/demo", sdp, "hello, I am not SDP", -1, NULL, 400, "v=0");
  expect (f, "POST", "/whep/demo", sdp, "v=0\r\n", -1, NULL, 400, "no media");
  expect (f, "POST", "/whep/demo", sdp, "v=0\r\nm=video 9 RTP/AVP 96\r\n", -1, NULL, 400,
          "SAVPF");
  expect (f, "POST", "/whep/demo", sdp, "v=0\r\n\xff\xfe\r\n", -1, NULL, 400, "UTF-8");
  expect (f, "POST", "/whep/demo", sdp, no_fp, -1, NULL, 400, "fingerprint");
  expect (f, "POST", "/whep/demo", sdp, sendonly, -1, NULL, 400, "sendonly");
  expect (f, "POST", "/whep/demo", sdp, vp8, -1, NULL, 406, "H.264");
  expect (f, "POST", "/whep/demo", sdp, pm0, -1, NULL, 406, "packetization-mode=1");
  expect (f, "POST", "/whep/demo", "application/json", good, -1, NULL, 415, "application/sdp");
  expect (f, "POST", "/whep/demo", sdp, huge, -1, NULL, 413, "over 20000 bytes");
  expect (f, "DELETE", "/whep/demo/0123456789abcdef0123456789abcdef", NULL, NULL, 0, NULL,
          404, "no such session");
  expect (f, "PATCH", "/whep/demo/0123456789abcdef", "application/trickle-ice-sdpfrag",
          "a=candidate:1 1 UDP 1 127.0.0.1 9 typ host\r\n", -1, NULL, 404, "no such session");
  expect (f, "GET", "/whep/demo", NULL, NULL, 0, NULL, 405, "not allowed");
  expect (f, "PUT", "/whep/demo", sdp, good, -1, NULL, 405, "not allowed");
}

static void
test_whip_errors (Fixture *f, gconstpointer data)
{
  g_autofree gchar *good = offer ("sendonly", "h264", TRUE);
  g_autofree gchar *recvonly = offer ("recvonly", "h264", TRUE);
  const gchar sdp[] = "application/sdp";
  const gchar *wrong[] = { "Authorization", "Bearer not-the-key", NULL };
  const gchar *prefix[] = { "Authorization", "Bearer demo-key-and-more", NULL };
  const gchar *basic[] = { "Authorization", "Basic ZGVtbzpkZW1vLWtleQ==", NULL };
  const gchar *right[] = { "Authorization", "Bearer demo-key", NULL };
  g_autoptr (TestResponse) r = NULL;

  expect (f, "POST", "/whip/demo", sdp, good, -1, NULL, 401, "ingest key");
  expect (f, "POST", "/whip/demo", sdp, good, -1, wrong, 401, "ingest key");
  expect (f, "POST", "/whip/demo", sdp, good, -1, prefix, 401, "ingest key");
  expect (f, "POST", "/whip/demo", sdp, good, -1, basic, 401, "ingest key");
  expect (f, "POST", "/whip/quiet", sdp, good, -1, right, 403, "does not accept");
  expect (f, "POST", "/whip/nowhere", sdp, good, -1, right, 404, "no such room");
  expect (f, "POST", "/whip/demo", sdp, recvonly, -1, right, 400, "recvonly");
  expect (f, "POST", "/whip/demo", sdp, "v=0\r\n", -1, right, 400, "no media");
  expect (f, "DELETE", "/whip/demo/doesnotexist", NULL, NULL, 0, NULL, 404, "no such session");
  /* The 401 challenge says how to authenticate. */
  r = test_http (f->server, "POST", "/whip/demo", sdp, good, -1, NULL);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "WWW-Authenticate"), ==,
                   "Bearer realm=\"tribune\"");
}

static void
test_http_errors (Fixture *f, gconstpointer data)
{
  g_autoptr (TestResponse) pre = NULL;

  expect (f, "GET", "/api/rooms/nowhere", NULL, NULL, 0, NULL, 404, "no such room");
  expect (f, "GET", "/hls/nowhere/index.m3u8", NULL, NULL, 0, NULL, 404, "no such room");
  expect (f, "GET", "/hls/demo/../../etc/passwd", NULL, NULL, 0, NULL, 404, NULL);
  expect (f, "GET", "/hls/demo/secret.ts", NULL, NULL, 0, NULL, 404, "no such segment");
  expect (f, "GET", "/static/../meson.build", NULL, NULL, 0, NULL, 404, NULL);
  expect (f, "GET", "/static/%2e%2e/meson.build", NULL, NULL, 0, NULL, 404, NULL);
  expect (f, "GET", "/nothing/here", NULL, NULL, 0, NULL, 404, "no such page");
  expect (f, "POST", "/healthz", "application/json", "{}", -1, NULL, 405, "not allowed");

  /* CORS preflight for a player or publisher on a municipality's site. */
  pre = test_http (f->server, "OPTIONS", "/whep/demo", NULL, NULL, 0, NULL);
  g_assert_cmpuint (pre->status, ==, 204);
  g_assert_cmpstr (soup_message_headers_get_one (pre->headers, "Access-Control-Allow-Origin"),
                   ==, "*");
  g_assert_nonnull (strstr (soup_message_headers_get_one (pre->headers,
                                                          "Access-Control-Allow-Methods"),
                            "POST"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (pre->headers,
                                                          "Access-Control-Allow-Headers"),
                            "Authorization"));
}

/* Offers that pass the syntax checks but are odd in ways that have crashed webrtcbin-based
 * servers: payload types shared between m-lines, no BUNDLE, duplicate mids, unusual
 * setup roles, bogus extmaps and SSRC lines. Whatever the answer, the server must live. */
static void
test_hostile_offers (Fixture *f, gconstpointer data)
{
  static const char fp[] =
    "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n";
  const gchar *variants[][2] = {
    { "shared pt", "m=audio 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:0\r\na=recvonly\r\na=rtpmap:102 opus/48000/2\r\n"
                   "m=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:1\r\na=recvonly\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1\r\n" },
    { "duplicate mid", "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:x\r\na=recvonly\r\na=rtpmap:111 opus/48000/2\r\n"
                       "m=video 9 UDP/TLS/RTP/SAVPF 102\r\na=mid:x\r\na=recvonly\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1\r\n" },
    { "setup passive, rtx, bogus extmap, ssrc",
      "m=video 9 UDP/TLS/RTP/SAVPF 102 103\r\na=mid:0\r\na=setup:passive\r\na=recvonly\r\n"
      "a=extmap:99999 urn:nonsense\r\na=extmap:1 \r\na=ssrc:1 cname:x\r\na=ssrc-group:FID 1 2\r\n"
      "a=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1;profile-level-id=zzzzzz\r\n"
      "a=rtpmap:103 rtx/90000\r\na=fmtp:103 apt=55\r\n" },
    { "no mid at all", "m=video 9 UDP/TLS/RTP/SAVPF 102\r\na=recvonly\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1\r\n"
                       "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=recvonly\r\na=rtpmap:111 opus/48000/2\r\n" },
    { "rtpmap without fmtp, huge pt list", "m=video 9 UDP/TLS/RTP/SAVPF 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100 101 102\r\na=mid:v\r\na=recvonly\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 packetization-mode=1\r\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++) {
    g_auto (GStrv) media = g_strsplit (variants[i][1], "m=", -1);
    GString *sdp = g_string_new ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                                 "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n");
    g_autoptr (TestResponse) r = NULL;
    g_autoptr (TestResponse) health = NULL;

    g_string_append (sdp, fp);
    for (guint m = 1; media[m]; m++) {
      g_string_append_printf (sdp, "m=%s", media[m]);
      if (strstr (media[m], "a=setup:") == NULL)
        g_string_append (sdp, "a=setup:actpass\r\n");
    }
    r = test_http (f->server, "POST", "/whep/demo", "application/sdp", sdp->str, -1, NULL);
    g_test_message ("%s: %u %s", variants[i][0], r->status, r->status == 201 ? "" : r->body);
    g_assert_true (r->status == 201 || r->status == 400 || r->status == 406);
    if (r->status == 201) {
      g_autoptr (TestResponse) del = test_http (
          f->server, "DELETE", soup_message_headers_get_one (r->headers, "Location"), NULL,
          NULL, 0, NULL);
      g_assert_cmpuint (del->status, ==, 200);
    }
    health = test_http (f->server, "GET", "/healthz", NULL, NULL, 0, NULL);
    g_assert_cmpuint (health->status, ==, 200);
    g_string_free (sdp, TRUE);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add ("/bad-input/whep", Fixture, NULL, setup, test_whep_errors, teardown);
  g_test_add ("/bad-input/whip", Fixture, NULL, setup, test_whip_errors, teardown);
  g_test_add ("/bad-input/http", Fixture, NULL, setup, test_http_errors, teardown);
  g_test_add ("/bad-input/hostile-offers", Fixture, NULL, setup, test_hostile_offers,
              teardown);
  return test_run ();
}
