/* test-lean-viewers.c — WHEP viewers through the lean sender (pipelines/lean-sender.c)
 * against the real tribune binary, with webrtcbin clients (full ICE, DTLS client, SRTP):
 * the ICE-lite answer, pictures for several viewers at once, a viewer that vanishes
 * without a DELETE (consent runs out), hostile datagrams on the shared socket, and the
 * webrtcbin sender still there behind viewer_sender = webrtcbin. */
#include "harness.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static const char lean_config[] =
  "[server]\n"
  "port = 0\n"
  "ice_addresses = 127.0.0.1\n"
  "[room demo]\n"
  "title = Wijkraad Demo\n"
  "source = test\n"
  "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 400\n"
  "[room zaal]\n"
  "title = Zaal\n"
  "source = whip\n"
  "ingest_key = s3cret-key\n"
  "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 400\n";

static const char webrtcbin_config[] =
  "[server]\n"
  "port = 0\n"
  "ice_addresses = 127.0.0.1\n"
  "viewer_sender = webrtcbin\n"
  "[room demo]\n"
  "title = Wijkraad Demo\n"
  "source = test\n"
  "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 400\n";

typedef struct {
  TestServer *server;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (data);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
}

static gint64
whep_viewers (Fixture *f)
{
  g_autoptr (TestResponse) r = test_http (f->server, "GET", "/api/rooms", NULL, NULL, 0, NULL);
  g_autoptr (JsonNode) root = json_from_string (r->body, NULL);
  JsonArray *rooms = json_object_get_array_member (json_node_get_object (root), "rooms");
  JsonObject *room = json_array_get_object_element (rooms, 0);

  return json_object_get_int_member (json_object_get_object_member (room, "viewers"), "whep");
}

static gboolean
wait_viewers (Fixture *f, gint64 count, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end) {
    if (whep_viewers (f) == count)
      return TRUE;
    test_spin (250);
  }
  return whep_viewers (f) == count;
}

/* The first "a=candidate:… udp PRIO 127.0.0.1 PORT typ host" of an answer. */
static guint
candidate_port (const gchar *answer)
{
  const gchar *c = strstr (answer, " 127.0.0.1 ");

  g_assert_nonnull (c);
  return (guint) g_ascii_strtoull (c + strlen (" 127.0.0.1 "), NULL, 10);
}

static gchar *
answer_value (const gchar *answer, const gchar *key)
{
  const gchar *v = strstr (answer, key);
  gsize n;

  g_assert_nonnull (v);
  v += strlen (key);
  n = strcspn (v, "\r\n");
  return g_strndup (v, n);
}

static void
test_answer_and_play (Fixture *f, gconstpointer data)
{
  TestPeer *viewer = test_whep_viewer_new (f->server, "demo");
  const gchar *answer;

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  answer = test_peer_answer (viewer);
  g_assert_nonnull (strstr (answer, "a=ice-lite\r\n"));
  g_assert_nonnull (strstr (answer, "a=setup:passive\r\n"));
  g_assert_nonnull (strstr (answer, "a=sendonly\r\n"));
  g_assert_nonnull (strstr (answer, " 127.0.0.1 "));
  g_assert_cmpuint (candidate_port (answer), >, 0);
  g_assert_true (test_peer_wait_frames (viewer, 30, test_ms (10000)));
  g_assert_cmpint (whep_viewers (f), ==, 1);
  test_peer_free (viewer, TRUE);
  g_assert_cmpint (whep_viewers (f), ==, 0);
}

static void
test_many_viewers (Fixture *f, gconstpointer data)
{
  TestPeer *viewers[5];

  for (guint i = 0; i < G_N_ELEMENTS (viewers); i++) {
    viewers[i] = test_whep_viewer_new (f->server, "demo");
    g_assert_cmpuint (test_peer_connect (viewers[i]), ==, 201);
  }
  /* They share one socket: the same candidate port for all. */
  for (guint i = 1; i < G_N_ELEMENTS (viewers); i++)
    g_assert_cmpuint (candidate_port (test_peer_answer (viewers[i])), ==,
                      candidate_port (test_peer_answer (viewers[0])));
  for (guint i = 0; i < G_N_ELEMENTS (viewers); i++)
    g_assert_true (test_peer_wait_frames (viewers[i], 20, test_ms (15000)));
  g_assert_cmpint (whep_viewers (f), ==, 5);
  /* Three leave; the other two keep getting pictures. */
  for (guint i = 0; i < 3; i++)
    test_peer_free (viewers[i], TRUE);
  g_assert_cmpint (whep_viewers (f), ==, 2);
  for (guint i = 3; i < G_N_ELEMENTS (viewers); i++) {
    guint before = test_peer_frames (viewers[i]);
    g_assert_true (test_peer_wait_frames (viewers[i], before + 15, test_ms (5000)));
  }
  for (guint i = 3; i < G_N_ELEMENTS (viewers); i++)
    test_peer_free (viewers[i], TRUE);
  g_assert_cmpint (whep_viewers (f), ==, 0);
}

static void
test_vanished_viewer (Fixture *f, gconstpointer data)
{
  TestPeer *viewer = test_whep_viewer_new (f->server, "demo");

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_true (test_peer_wait_frames (viewer, 15, test_ms (10000)));
  /* Gone without a DELETE (a closed laptop): no more consent checks, so the server
   * lets it go after 30 s. */
  test_peer_free (viewer, FALSE);
  g_assert_cmpint (whep_viewers (f), ==, 1);
  g_assert_true (wait_viewers (f, 0, 45000));
}

static void
send_to (GSocket *socket, guint port, const guint8 *data, gsize len)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) to = g_inet_socket_address_new (loopback, (guint16) port);

  g_assert_cmpint (g_socket_send_to (socket, to, (const gchar *) data, len, NULL, NULL), ==,
                   (gssize) len);
}

static void
test_hostile_datagrams (Fixture *f, gconstpointer data)
{
  TestPeer *viewer = test_whep_viewer_new (f->server, "demo");
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                             G_SOCKET_PROTOCOL_UDP, NULL);
  g_autofree gchar *ufrag = NULL;
  guint port;
  guint8 buffer[1500];

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_true (test_peer_wait_frames (viewer, 15, test_ms (10000)));
  port = candidate_port (test_peer_answer (viewer));
  ufrag = answer_value (test_peer_answer (viewer), "a=ice-ufrag:");

  /* Random bytes of every first-byte class (STUN, DTLS, RTP, other), many lengths. */
  for (guint i = 0; i < 2000; i++) {
    gsize len = 1 + g_random_int_range (0, sizeof buffer);
    for (gsize j = 0; j < len; j++)
      buffer[j] = (guint8) g_random_int ();
    buffer[0] = (guint8) (i % 256);
    send_to (socket, port, buffer, len);
  }
  /* A well-formed Binding request for this viewer's ufrag with a wrong integrity, and a
   * truncated one: both dropped, nothing answered. */
  {
    g_autofree gchar *username = g_strdup_printf ("%s:evil", ufrag);
    gsize ulen = strlen (username), padded = (ulen + 3) & ~(gsize) 3;
    gsize len = 20 + 4 + padded + 24;
    memset (buffer, 0, sizeof buffer);
    buffer[1] = 0x01;                                 /* Binding request */
    buffer[2] = (guint8) ((len - 20) >> 8);
    buffer[3] = (guint8) (len - 20);
    buffer[4] = 0x21; buffer[5] = 0x12; buffer[6] = 0xa4; buffer[7] = 0x42;
    buffer[21] = 0x06;                                /* USERNAME */
    buffer[23] = (guint8) ulen;
    memcpy (buffer + 24, username, ulen);
    buffer[24 + padded + 1] = 0x08;                   /* MESSAGE-INTEGRITY, zeros */
    buffer[24 + padded + 3] = 20;
    send_to (socket, port, buffer, len);
    send_to (socket, port, buffer, len - 10);
    g_socket_set_blocking (socket, FALSE);
    test_spin (300);
    g_assert_cmpint (g_socket_receive (socket, (gchar *) buffer, sizeof buffer, NULL, NULL),
                     <, 0);
  }
  /* The server is up and the viewer still plays. */
  {
    g_autoptr (TestResponse) r = test_http (f->server, "GET", "/healthz", NULL, NULL, 0, NULL);
    guint before = test_peer_frames (viewer);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_true (test_peer_wait_frames (viewer, before + 15, test_ms (5000)));
  }
  test_peer_free (viewer, TRUE);
}

/* GStreamer's srtp plugin (the WHIP publisher's webrtcbin) initialises libsrtp first;
 * the lean sender must still work after it. */
static void
test_viewer_after_publisher (Fixture *f, gconstpointer data)
{
  TestPeer *publisher = test_whip_publisher_new (f->server, "zaal", "s3cret-key", 0x30c040);
  TestPeer *viewer = test_whep_viewer_new (f->server, "zaal");

  g_assert_cmpuint (test_peer_connect (publisher), ==, 201);
  test_spin (1000);
  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_nonnull (strstr (test_peer_answer (viewer), "a=ice-lite\r\n"));
  g_assert_true (test_peer_wait_colour (viewer, 0x30c040, 40, test_ms (10000)));
  test_peer_free (viewer, TRUE);
  test_peer_free (publisher, TRUE);
}

static void
test_webrtcbin_sender (Fixture *f, gconstpointer data)
{
  TestPeer *viewer = test_whep_viewer_new (f->server, "demo");

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_null (strstr (test_peer_answer (viewer), "a=ice-lite"));
  g_assert_true (test_peer_wait_frames (viewer, 15, test_ms (10000)));
  test_peer_free (viewer, TRUE);
  g_assert_cmpint (whep_viewers (f), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_test_add ("/lean/answer-and-play", Fixture, lean_config, setup, test_answer_and_play,
              teardown);
  g_test_add ("/lean/many-viewers", Fixture, lean_config, setup, test_many_viewers, teardown);
  g_test_add ("/lean/hostile-datagrams", Fixture, lean_config, setup, test_hostile_datagrams,
              teardown);
  g_test_add ("/lean/viewer-after-publisher", Fixture, lean_config, setup,
              test_viewer_after_publisher, teardown);
  g_test_add ("/lean/vanished-viewer", Fixture, lean_config, setup, test_vanished_viewer,
              teardown);
  g_test_add ("/lean/webrtcbin-sender", Fixture, webrtcbin_config, setup,
              test_webrtcbin_sender, teardown);
  return test_run ();
}
