/* test-live.c — the live core end to end against the real tribune binary:
 * HLS read back with ffprobe, WHEP viewers decoding frames, WHIP publishing switching the
 * program from the slate to the published picture and back, and every bad input. */
#include "harness.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define SLATE_RGB 0x1d3557
#define GREEN_RGB 0x30c040
#define TOLERANCE 40

static const char config[] =
  "[server]\n"
  "port = 0\n"
  "ice_addresses = 127.0.0.1\n"
  "max_body_bytes = 20000\n"
  "[room demo]\n"
  "title = Wijkraad Demo\n"
  "source = test\n"
  "ingest_key = demo\n"
  "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 400\n"
  "[room zaal]\n"
  "title = Zaal <b>\"één\" & twee</b>\n"
  "source = whip\n"
  "ingest_key = s3cret-key\n"
  "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 400\n";

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

static JsonNode *
get_json (Fixture *f, const gchar *path)
{
  g_autoptr (TestResponse) r = test_http (f->server, "GET", path, NULL, NULL, 0, NULL);
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  g_assert_cmpuint (r->status, ==, 200);
  node = json_from_string (r->body, &error);
  g_assert_no_error (error);
  return node;
}

static JsonObject *
room_in (JsonNode *root, const gchar *id)
{
  JsonArray *rooms = json_object_get_array_member (json_node_get_object (root), "rooms");

  for (guint i = 0; i < json_array_get_length (rooms); i++) {
    JsonObject *room = json_array_get_object_element (rooms, i);
    if (g_strcmp0 (json_object_get_string_member (room, "id"), id) == 0)
      return room;
  }
  g_assert_not_reached ();
}

static gint64
whep_viewers (Fixture *f, const gchar *room)
{
  g_autoptr (JsonNode) root = get_json (f, "/healthz");
  JsonObject *viewers = json_object_get_object_member (room_in (root, room), "viewers");

  return json_object_get_int_member (viewers, "whep");
}

static void
test_health_and_api (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) health = get_json (f, "/healthz");
  g_autoptr (JsonNode) rooms = get_json (f, "/api/rooms");
  g_autoptr (JsonNode) zaal = get_json (f, "/api/rooms/zaal");
  g_autoptr (TestResponse) metrics = NULL;
  JsonObject *demo;

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (health), "status"),
                   ==, "ok");
  test_spin (1500);   /* the test source's first frames */
  g_clear_pointer (&rooms, json_node_unref);
  rooms = get_json (f, "/api/rooms");
  demo = room_in (rooms, "demo");
  g_assert_cmpstr (json_object_get_string_member (demo, "title"), ==, "Wijkraad Demo");
  g_assert_true (json_object_get_boolean_member (demo, "live"));
  g_assert_cmpstr (json_object_get_string_member (demo, "input"), ==, "test");
  /* The title comes back as the exact text, never interpreted. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (zaal), "title"), ==,
                   "Zaal <b>\"één\" & twee</b>");
  g_assert_false (json_object_get_boolean_member (json_node_get_object (zaal), "live"));
  /* No secret leaks into the API. */
  {
    g_autofree gchar *text = json_to_string (zaal, FALSE);
    g_assert_null (strstr (text, "s3cret"));
  }

  metrics = test_http (f->server, "GET", "/metrics", NULL, NULL, 0, NULL);
  g_assert_cmpuint (metrics->status, ==, 200);
  g_assert_nonnull (strstr (metrics->body, "tribune_viewers{room=\"demo\",protocol=\"webrtc\"} 0"));
  g_assert_nonnull (strstr (metrics->body, "tribune_ingest_up{room=\"demo\",input=\"source\"} 1"));
  g_assert_nonnull (strstr (metrics->body, "tribune_ingest_up{room=\"zaal\",input=\"whip\"} 0"));
  g_assert_nonnull (strstr (metrics->body, "# TYPE tribune_bytes_out_total counter"));
}

static gchar *
wait_playlist (Fixture *f, const gchar *room)
{
  g_autofree gchar *path = g_strdup_printf ("/hls/%s/index.m3u8", room);

  for (guint i = 0; i < 100; i++) {
    g_autoptr (TestResponse) r = test_http (f->server, "GET", path, NULL, NULL, 0, NULL);
    if (r->status == 200 && strstr (r->body, "#EXTINF") &&
        g_strrstr (r->body, "#EXTINF") != strstr (r->body, "#EXTINF")) {
      g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==,
                       "application/vnd.apple.mpegurl");
      return g_strdup (r->body);
    }
    test_spin (100);
  }
  g_assert_not_reached ();
}

static guint64
media_sequence (const gchar *playlist)
{
  const gchar *p = strstr (playlist, "#EXT-X-MEDIA-SEQUENCE:");

  g_assert_nonnull (p);
  return g_ascii_strtoull (p + strlen ("#EXT-X-MEDIA-SEQUENCE:"), NULL, 10);
}

static void
test_hls (Fixture *f, gconstpointer data)
{
  g_autofree gchar *first = wait_playlist (f, "demo");
  g_autofree gchar *url = g_strdup_printf ("%s/hls/demo/index.m3u8", f->server->base_url);
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  g_autofree gchar *later = NULL;
  g_autoptr (GError) error = NULL;
  gint status = 0;
  const gchar *argv[] = { "ffprobe", "-v", "error", "-show_entries",
                          "stream=codec_name,codec_type,width,height,sample_rate",
                          "-of", "compact", url, NULL };

  g_assert_nonnull (strstr (first, "#EXT-X-TARGETDURATION:2"));
  g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("ffprobe: %s %s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "codec_name=h264|codec_type=video|width=320|height=240"));
  g_assert_nonnull (strstr (out, "codec_name=aac|codec_type=audio|sample_rate=48000"));

  /* The playlist advances: a live stream, not a file. Window is 6 segments of ~1 s. */
  for (guint i = 0; i < 80 && media_sequence (later ? later : first) == 0; i++) {
    g_free (later);
    test_spin (100);
    later = wait_playlist (f, "demo");
  }
  g_free (later);
  test_spin (2500);
  later = wait_playlist (f, "demo");
  g_assert_cmpuint (media_sequence (later), >, media_sequence (first));
}

static void
test_whep_viewer (Fixture *f, gconstpointer data)
{
  TestPeer *viewer = test_whep_viewer_new (f->server, "demo");
  TestPeer *second = test_whep_viewer_new (f->server, "demo");

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_true (g_str_has_prefix (test_peer_location (viewer), "/whep/demo/"));
  g_assert_true (test_peer_wait_frames (viewer, 15, test_ms (10000)));
  /* A second viewer shares the same encode and gets pictures too. */
  g_assert_cmpuint (test_peer_connect (second), ==, 201);
  g_assert_true (test_peer_wait_frames (second, 15, test_ms (10000)));
  g_assert_cmpint (whep_viewers (f, "demo"), ==, 2);
  test_peer_free (second, TRUE);
  g_assert_cmpint (whep_viewers (f, "demo"), ==, 1);
  /* The first keeps playing after the other left. */
  {
    guint before = test_peer_frames (viewer);
    g_assert_true (test_peer_wait_frames (viewer, before + 10, test_ms (5000)));
  }
  test_peer_free (viewer, TRUE);
  g_assert_cmpint (whep_viewers (f, "demo"), ==, 0);
}

static void
test_whip_publish (Fixture *f, gconstpointer data)
{
  TestPeer *viewer = test_whep_viewer_new (f->server, "zaal");
  TestPeer *publisher = test_whip_publisher_new (f->server, "zaal", "s3cret-key", GREEN_RGB);
  TestPeer *intruder = test_whip_publisher_new (f->server, "zaal", "s3cret-key", 0xff0000);
  TestPeer *again = NULL;

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_true (test_peer_wait_colour (viewer, SLATE_RGB, TOLERANCE, test_ms (10000)));

  g_assert_cmpuint (test_peer_connect (publisher), ==, 201);
  g_assert_true (g_str_has_prefix (test_peer_location (publisher), "/whip/zaal/"));
  g_assert_true (test_peer_wait_colour (viewer, GREEN_RGB, TOLERANCE, test_ms (10000)));

  /* A second publisher while the first is live: 409. */
  g_assert_cmpuint (test_peer_connect (intruder), ==, 409);

  /* The camera drops out without saying goodbye: slate within 2 s (+ delivery). */
  test_peer_stop_media (publisher);
  g_assert_true (test_peer_wait_colour (viewer, SLATE_RGB, TOLERANCE, test_ms (3000)));
  /* The viewer never reconnected: same session, still counting frames. */
  {
    guint before = test_peer_frames (viewer);
    g_assert_true (test_peer_wait_frames (viewer, before + 10, test_ms (5000)));
  }
  test_peer_free (publisher, FALSE);

  /* After 5 s of silence the room takes a new publisher (OBS reconnecting). */
  test_spin (5000);
  again = test_whip_publisher_new (f->server, "zaal", "s3cret-key", GREEN_RGB);
  g_assert_cmpuint (test_peer_connect (again), ==, 201);
  g_assert_true (test_peer_wait_colour (viewer, GREEN_RGB, TOLERANCE, test_ms (10000)));
  test_peer_free (again, TRUE);
  g_assert_true (test_peer_wait_colour (viewer, SLATE_RGB, TOLERANCE, test_ms (3000)));

  test_peer_free (intruder, FALSE);
  test_peer_free (viewer, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add ("/live/health-and-api", Fixture, NULL, setup, test_health_and_api, teardown);
  g_test_add ("/live/hls", Fixture, NULL, setup, test_hls, teardown);
  g_test_add ("/live/whep-viewer", Fixture, NULL, setup, test_whep_viewer, teardown);
  g_test_add ("/live/whip-publish", Fixture, NULL, setup, test_whip_publish, teardown);
  return test_run ();
}
