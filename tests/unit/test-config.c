/* test-config.c — tribune.conf parsing (server/config.c): defaults, the embedded demo
 * config, every key, and every way a config is refused. */
#include "config.h"
#include "tribune-error.h"
#include "tribune-build.h"
#include "unit-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* Load @text and assert that it succeeds. */
static TribuneConfig *
load_ok (const gchar *text)
{
  g_autoptr (GError) error = NULL;
  TribuneConfig *config = tribune_config_load_data (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

/* Load @text, assert a TRIBUNE_ERROR_CONFIG whose message contains @needle. */
static void
load_fails (const gchar *text, const gchar *needle)
{
  g_autoptr (GError) error = NULL;
  TribuneConfig *config = tribune_config_load_data (text, &error);

  if (config != NULL)
    g_test_message ("config unexpectedly accepted:\n%s", text);
  g_assert_null (config);
  g_assert_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("error message '%s' does not mention '%s'", error->message, needle);
  /* Config errors are not client errors: the server does not start. */
  g_assert_cmpuint (tribune_error_http_status (error), ==, 500);
}

static const TribuneRoomConfig *
room_at (const TribuneConfig *config, guint i)
{
  g_assert_cmpuint (i, <, config->rooms->len);
  return g_ptr_array_index (config->rooms, i);
}

static void
test_defaults (void)
{
  g_autoptr (TribuneConfig) config = load_ok ("[room hall]\n");
  g_autofree gchar *web = g_build_filename (TRIBUNE_SOURCE_DIR, "web", NULL);
  g_autofree gchar *vendor =
    g_build_filename (TRIBUNE_SOURCE_DIR, "node_modules", "hls.js", "dist", NULL);
  const TribuneRoomConfig *room;

  g_assert_cmpstr (config->bind_address, ==, "0.0.0.0");
  g_assert_cmpuint (config->port, ==, 8080);
  g_assert_cmpstr (config->data_dir, ==, "data");
  g_assert_cmpstr (config->web_dir, ==, web);
  g_assert_cmpstr (config->vendor_dir, ==, vendor);
  g_assert_null (config->stun_server);
  g_assert_null (config->ice_addresses);
  g_assert_cmpuint (config->max_body_bytes, ==, 65536);
  g_assert_cmpuint (config->max_viewers, ==, 500);
  g_assert_cmpuint (config->hls_segment_ms, ==, 1000);
  g_assert_cmpuint (config->hls_window, ==, 6);
  g_assert_cmpuint (config->hls_part_ms, ==, 400);

  g_assert_cmpuint (config->rooms->len, ==, 1);
  room = room_at (config, 0);
  g_assert_cmpstr (room->id, ==, "hall");
  g_assert_cmpstr (room->title, ==, "hall");    /* title falls back to the id */
  g_assert_cmpint (room->source, ==, TRIBUNE_SOURCE_TEST);
  g_assert_null (room->ingest_key);
  g_assert_null (room->url);
  g_assert_cmpuint (room->srt_port, ==, 9000);
  g_assert_cmpstr (room->video_device, ==, "/dev/video0");
  g_assert_null (room->audio_device);
  g_assert_cmpuint (room->width, ==, 1280);
  g_assert_cmpuint (room->height, ==, 720);
  g_assert_cmpuint (room->framerate, ==, 30);
  g_assert_cmpuint (room->video_kbps, ==, 2000);
  g_assert_cmpuint (room->audio_kbps, ==, 96);
  g_assert_cmpuint (room->whip_jitter_ms, ==, 60);
}

static void
test_embedded_default (void)
{
  g_autoptr (TribuneConfig) config = tribune_config_new_default ();
  const TribuneRoomConfig *room;

  g_assert_nonnull (config);
  g_assert_cmpuint (config->port, ==, 8080);
  g_assert_cmpstr (config->data_dir, ==, "data");
  g_assert_true (config->demo_meeting);       /* a newcomer sees a live meeting */
  g_assert_true (config->lean_viewers);       /* viewer_sender = lean */
  g_assert_cmpuint (config->recordings_max_mb, ==, 2048);   /* a demo left on stays small */
  g_assert_cmpuint (config->recording_min_free_mb, ==, 1024);
  g_assert_cmpuint (config->question_names_days, ==, 30);
  g_assert_cmpuint (config->rooms->len, ==, 1);
  room = room_at (config, 0);
  g_assert_cmpstr (room->id, ==, "demo");
  g_assert_cmpstr (room->title, ==, "Wijkraad Demo");
  g_assert_cmpint (room->source, ==, TRIBUNE_SOURCE_TEST);
  g_assert_cmpstr (room->ingest_key, ==, "demo");
  g_assert_true (tribune_config_find_room (config, "demo") == room);
}

static void
test_server_keys (void)
{
  g_autoptr (TribuneConfig) config = load_ok (
      "[server]\n"
      "bind = 127.0.0.1\n"
      "port = 0\n"
      "data = /var/lib/tribune\n"
      "web = /usr/share/tribune/web\n"
      "vendor = /usr/share/tribune/vendor\n"
      "stun_server = stun://stun.example.org:3478\n"
      "ice_addresses = 192.168.1.10; 10.0.0.5 ;fe80::1\n"
      "max_body_bytes = 1024\n"
      "max_viewers = 100000\n"
      "hls_segment_ms = 500\n"
      "hls_window = 100\n"
      "[room a]\n");

  g_assert_cmpstr (config->bind_address, ==, "127.0.0.1");
  g_assert_cmpuint (config->port, ==, 0);
  g_assert_cmpuint (config->hls_part_ms, ==, 250);   /* half of a short segment */
  g_assert_cmpstr (config->data_dir, ==, "/var/lib/tribune");
  g_assert_cmpstr (config->web_dir, ==, "/usr/share/tribune/web");
  g_assert_cmpstr (config->vendor_dir, ==, "/usr/share/tribune/vendor");
  g_assert_cmpstr (config->stun_server, ==, "stun://stun.example.org:3478");
  g_assert_nonnull (config->ice_addresses);
  g_assert_cmpuint (g_strv_length (config->ice_addresses), ==, 3);
  /* Whitespace around list items is stripped. */
  g_assert_cmpstr (config->ice_addresses[0], ==, "192.168.1.10");
  g_assert_cmpstr (config->ice_addresses[1], ==, "10.0.0.5");
  g_assert_cmpstr (config->ice_addresses[2], ==, "fe80::1");
  g_assert_cmpuint (config->max_body_bytes, ==, 1024);
  g_assert_cmpuint (config->max_viewers, ==, 100000);
  g_assert_cmpuint (config->hls_segment_ms, ==, 500);
  g_assert_cmpuint (config->hls_window, ==, 100);
}

static void
test_server_upper_bounds (void)
{
  g_autoptr (TribuneConfig) config = load_ok (
      "[server]\n"
      "port = 65535\n"
      "max_body_bytes = 16777216\n"
      "max_viewers = 1\n"
      "hls_segment_ms = 10000\n"
      "hls_window = 3\n"
      "[room a]\n");

  g_assert_cmpuint (config->port, ==, 65535);
  g_assert_cmpuint (config->max_body_bytes, ==, 16 * 1024 * 1024);
  g_assert_cmpuint (config->max_viewers, ==, 1);
  g_assert_cmpuint (config->hls_segment_ms, ==, 10000);
  g_assert_cmpuint (config->hls_window, ==, 3);
}

static void
test_empty_strings_are_defaults (void)
{
  g_autoptr (TribuneConfig) config = load_ok (
      "[server]\n"
      "data =\n"
      "stun_server =   \n"
      "ice_addresses =\n"
      "[room a]\n"
      "title =\n"
      "ingest_key =  \n"
      "audio_device =\n");
  const TribuneRoomConfig *room = room_at (config, 0);

  g_assert_cmpstr (config->data_dir, ==, "data");
  g_assert_null (config->stun_server);
  g_assert_null (config->ice_addresses);     /* empty list: all interfaces */
  g_assert_cmpstr (room->title, ==, "a");
  g_assert_null (room->ingest_key);          /* blank key: WHIP stays off */
  g_assert_null (room->audio_device);
}

static void
test_room_keys (void)
{
  g_autoptr (TribuneConfig) config = load_ok (
      "[room raadzaal-2]\n"
      "title =   Raadzaal Noord — Stadsdeel  \n"
      "source = v4l2\n"
      "ingest_key = s3cr3t-key\n"
      "url = rtsp://camera.local/stream\n"
      "srt_port = 65535\n"
      "video_device = /dev/video2\n"
      "audio_device = alsa_input.usb-mic\n"
      "width = 1920\n"
      "height = 1080\n"
      "framerate = 60\n"
      "video_kbps = 20000\n"
      "audio_kbps = 320\n");
  const TribuneRoomConfig *room = room_at (config, 0);

  g_assert_cmpstr (room->id, ==, "raadzaal-2");
  g_assert_cmpstr (room->title, ==, "Raadzaal Noord — Stadsdeel");   /* stripped */
  g_assert_cmpint (room->source, ==, TRIBUNE_SOURCE_V4L2);
  g_assert_cmpstr (room->ingest_key, ==, "s3cr3t-key");
  g_assert_cmpstr (room->url, ==, "rtsp://camera.local/stream");
  g_assert_cmpuint (room->srt_port, ==, 65535);
  g_assert_cmpstr (room->video_device, ==, "/dev/video2");
  g_assert_cmpstr (room->audio_device, ==, "alsa_input.usb-mic");
  g_assert_cmpuint (room->width, ==, 1920);
  g_assert_cmpuint (room->height, ==, 1080);
  g_assert_cmpuint (room->framerate, ==, 60);
  g_assert_cmpuint (room->video_kbps, ==, 20000);
  g_assert_cmpuint (room->audio_kbps, ==, 320);
}

static void
test_room_lower_bounds (void)
{
  g_autoptr (TribuneConfig) config = load_ok (
      "[room a]\n"
      "srt_port = 1\n"
      "width = 160\n"
      "height = 120\n"
      "framerate = 5\n"
      "video_kbps = 100\n"
      "audio_kbps = 16\n");
  const TribuneRoomConfig *room = room_at (config, 0);

  g_assert_cmpuint (room->srt_port, ==, 1);
  g_assert_cmpuint (room->width, ==, 160);
  g_assert_cmpuint (room->height, ==, 120);
  g_assert_cmpuint (room->framerate, ==, 5);
  g_assert_cmpuint (room->video_kbps, ==, 100);
  g_assert_cmpuint (room->audio_kbps, ==, 16);
}

static void
test_every_source_kind (void)
{
  static const struct { const gchar *text; TribuneSourceKind kind; } cases[] = {
    { "source = none\n", TRIBUNE_SOURCE_NONE },
    { "source = test\n", TRIBUNE_SOURCE_TEST },
    { "source = whip\ningest_key = k\n", TRIBUNE_SOURCE_WHIP },
    { "source = srt\n", TRIBUNE_SOURCE_SRT },
    { "source = rtsp\nurl = rtsp://10.0.0.9:554/h264\n", TRIBUNE_SOURCE_RTSP },
    { "source = v4l2\n", TRIBUNE_SOURCE_V4L2 },
    { "source = pulse\n", TRIBUNE_SOURCE_PULSE },
    { "source =   none  \n", TRIBUNE_SOURCE_NONE },         /* whitespace stripped */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *text = g_strconcat ("[room r]\n", cases[i].text, NULL);
    g_autoptr (TribuneConfig) config = load_ok (text);

    g_assert_cmpint (room_at (config, 0)->source, ==, cases[i].kind);
  }
}

static void
test_rtsps_url_accepted (void)
{
  /* The check is a prefix "rtsp": rtsps:// (TLS) cameras pass too. */
  g_autoptr (TribuneConfig) config =
    load_ok ("[room r]\nsource = rtsp\nurl = rtsps://cam.local/live\n");

  g_assert_cmpstr (room_at (config, 0)->url, ==, "rtsps://cam.local/live");
}

static void
test_several_rooms_in_order (void)
{
  g_autoptr (TribuneConfig) config = load_ok (
      "[room noord]\ntitle = Noord\n"
      "[server]\nport = 9000\n"
      "[room zuid]\ntitle = Zuid\nsource = none\n"
      "[room oost]\n");

  g_assert_cmpuint (config->port, ==, 9000);
  g_assert_cmpuint (config->rooms->len, ==, 3);
  g_assert_cmpstr (room_at (config, 0)->id, ==, "noord");
  g_assert_cmpstr (room_at (config, 1)->id, ==, "zuid");
  g_assert_cmpstr (room_at (config, 2)->id, ==, "oost");
  g_assert_true (tribune_config_find_room (config, "zuid") == room_at (config, 1));
  g_assert_cmpstr (tribune_config_find_room (config, "noord")->title, ==, "Noord");
  g_assert_null (tribune_config_find_room (config, "west"));
  g_assert_null (tribune_config_find_room (config, "Noord"));
  g_assert_null (tribune_config_find_room (config, ""));
  g_assert_null (tribune_config_find_room (config, NULL));
}

static void
test_ice_addresses_invalid (void)
{
  load_fails ("[server]\nice_addresses = 192.168.1.10;not-an-ip\n[room a]\n",
              "'not-an-ip' is not an IP address");
  load_fails ("[server]\nice_addresses = 192.168.1.300\n[room a]\n", "192.168.1.300");
  load_fails ("[server]\nice_addresses = localhost\n[room a]\n", "localhost");
  /* A comma is not the list separator (GKeyFile uses ';'): the whole value is one item. */
  load_fails ("[server]\nice_addresses = 10.0.0.1, 10.0.0.2\n[room a]\n", "ice_addresses");
  load_fails ("[server]\nice_addresses = 10.0.0.1/24\n[room a]\n", "10.0.0.1/24");
}

static void
test_unknown_source (void)
{
  load_fails ("[room a]\nsource = webcam\n", "source 'webcam' is unknown");
  load_fails ("[room a]\nsource = TEST\n", "source 'TEST' is unknown");
  load_fails ("[room a]\nsource = whep\n", "[room a]");
}

static void
test_bad_room_ids (void)
{
  load_fails ("[room Demo]\n", "[room Demo]");
  load_fails ("[room demo_1]\n", "1 to 32 characters");
  load_fails ("[room a/b]\n", "1 to 32 characters");
  load_fails ("[room ..]\n", "1 to 32 characters");
  load_fails ("[room a b]\n", "1 to 32 characters");
  load_fails ("[room café]\n", "1 to 32 characters");
  load_fails ("[room %2e]\n", "1 to 32 characters");
  /* 33 characters: one too many. */
  load_fails ("[room abcdefghijklmnopqrstuvwxyz0123456]\n", "1 to 32 characters");
  /* "room " with nothing after it: an empty id. */
  load_fails ("[room ]\n", "1 to 32 characters");
}

static void
test_longest_room_id (void)
{
  /* 32 characters: the limit itself is allowed. */
  g_autoptr (TribuneConfig) config = load_ok ("[room abcdefghijklmnopqrstuvwxyz012345]\n");

  g_assert_cmpuint (strlen (room_at (config, 0)->id), ==, 32);
}

static void
test_bad_dimensions (void)
{
  load_fails ("[room a]\nwidth = 1281\n", "even");
  load_fails ("[room a]\nheight = 721\n", "even");
  load_fails ("[room a]\nwidth = 158\n", "width must be a whole number from 160 to 3840");
  load_fails ("[room a]\nwidth = 3842\n", "width");
  load_fails ("[room a]\nheight = 118\n", "height");
  load_fails ("[room a]\nheight = 2162\n", "height");
  load_fails ("[room a]\nwidth = -1280\n", "width");
  load_fails ("[room a]\nwidth = 1280px\n", "width");
}

static void
test_out_of_range_numbers (void)
{
  load_fails ("[server]\nport = 65536\n[room a]\n", "[server] port must be a whole number from 0 to 65535");
  load_fails ("[server]\nport = -1\n[room a]\n", "port");
  load_fails ("[server]\nport = abc\n[room a]\n", "port");
  load_fails ("[server]\nport = 8080.5\n[room a]\n", "port");
  load_fails ("[server]\nport = 99999999999999999999999\n[room a]\n", "port");
  /* 2^32 + 8080 would wrap to 8080 if truncated to 32 bits before the range check. */
  load_fails ("[server]\nport = 4294975376\n[room a]\n", "port");
  load_fails ("[server]\nmax_body_bytes = 1023\n[room a]\n", "max_body_bytes");
  load_fails ("[server]\nmax_body_bytes = 16777217\n[room a]\n", "max_body_bytes");
  load_fails ("[server]\nmax_viewers = 0\n[room a]\n", "max_viewers");
  load_fails ("[server]\nhls_segment_ms = 499\n[room a]\n", "hls_segment_ms");
  load_fails ("[server]\nhls_segment_ms = 10001\n[room a]\n", "hls_segment_ms");
  load_fails ("[server]\nhls_window = 2\n[room a]\n", "hls_window");
  load_fails ("[server]\nhls_window = 101\n[room a]\n", "hls_window");
  load_fails ("[server]\nviewer_sender = janus\n[room a]\n",
              "[server] viewer_sender must be lean");
  load_fails ("[server]\ndemo_meeting = maybe\n[room a]\n",
              "[server] demo_meeting must be true or false");
  load_fails ("[server]\nrecording_min_free_mb = -1\n[room a]\n", "recording_min_free_mb");
  load_fails ("[server]\nrecordings_max_mb = lots\n[room a]\n", "recordings_max_mb");
  load_fails ("[server]\nquestion_names_days = -1\n[room a]\n", "question_names_days");
  load_fails ("[room a]\nframerate = 4\n", "[room a] framerate must be a whole number from 5 to 60");
  load_fails ("[room a]\nframerate = 61\n", "framerate");
  load_fails ("[room a]\nframerate = 0\n", "framerate");
  load_fails ("[room a]\nframerate = 30/1\n", "framerate");
  load_fails ("[room a]\nsrt_port = 0\n", "srt_port");
  load_fails ("[room a]\nsrt_port = 65536\n", "srt_port");
  load_fails ("[room a]\nvideo_kbps = 99\n", "video_kbps");
  load_fails ("[room a]\nvideo_kbps = 20001\n", "video_kbps");
  load_fails ("[room a]\naudio_kbps = 15\n", "audio_kbps");
  load_fails ("[room a]\naudio_kbps = 321\n", "audio_kbps");
  load_fails ("[room a]\nwhip_jitter_ms = 19\n", "whip_jitter_ms");
  load_fails ("[room a]\nwhip_jitter_ms = 2001\n", "whip_jitter_ms");
  /* Low-Latency HLS parts: 0 (off), or 200 ms up to half a segment. */
  load_fails ("[server]\nhls_part_ms = 199\n[room a]\n", "hls_part_ms");
  load_fails ("[server]\nhls_part_ms = 501\n[room a]\n", "hls_part_ms");
  load_fails ("[server]\nhls_segment_ms = 2000\nhls_part_ms = 1001\n[room a]\n", "hls_part_ms");
}

static void
test_whip_needs_key (void)
{
  load_fails ("[room a]\nsource = whip\n", "source = whip needs an ingest_key");
  load_fails ("[room a]\nsource = whip\ningest_key =   \n", "ingest_key");
}

static void
test_rtsp_needs_url (void)
{
  load_fails ("[room cam]\nsource = rtsp\n", "[room cam] source = rtsp needs url");
  load_fails ("[room cam]\nsource = rtsp\nurl = http://cam/stream\n", "needs url");
  load_fails ("[room cam]\nsource = rtsp\nurl =\n", "needs url");
}

/* docs/configuration.md: "A group written twice is merged by GLib (for a key given
 * twice, the last value wins)." (config.c used to have a "defined twice" error that
 * GKeyFile's merging made unreachable; a410bf1 removed it and documented the merge.) */
static void
test_duplicate_room_merged (void)
{
  g_autoptr (TribuneConfig) config = load_ok (
      "[room a]\ntitle = One\nsource = none\ningest_key = first\n"
      "[room b]\n"
      "[room a]\ntitle = Two\ningest_key = second\n");
  const TribuneRoomConfig *a;

  g_assert_cmpuint (config->rooms->len, ==, 2);
  a = room_at (config, 0);
  g_assert_cmpstr (a->id, ==, "a");
  g_assert_cmpstr (a->title, ==, "Two");              /* the last value wins */
  g_assert_cmpstr (a->ingest_key, ==, "second");
  g_assert_cmpint (a->source, ==, TRIBUNE_SOURCE_NONE); /* kept from the first group */
  g_assert_cmpstr (room_at (config, 1)->id, ==, "b");
}

/* BUG (server/config.c:105-121, read_uint, line 113): docs/configuration.md says "surrounding spaces are
 * removed", and read_string() strips them, but read_uint() hands the raw value to
 * g_key_file_get_int64(), which keeps trailing spaces and fails. "port = 8081 " (an
 * invisible trailing space, common in hand-edited files) stops the server with
 * "[server] port must be a whole number from 0 to 65535". Expected: port 8081. */
static void
test_number_with_trailing_space (void)
{
  g_autoptr (TribuneConfig) config = load_ok ("[server]\nport = 8081 \n"
                                              "[room a]\nwidth = 640\t\n");

  g_assert_cmpuint (config->port, ==, 8081);
  g_assert_cmpuint (room_at (config, 0)->width, ==, 640);
}

static void
test_no_rooms (void)
{
  load_fails ("", "no rooms");
  load_fails ("[server]\nport = 8080\n", "no rooms");
  load_fails ("# only a comment\n\n", "no rooms");
}

static void
test_unknown_group_and_no_rooms (void)
{
  /* A typo in the group name: warned about, and then there are no rooms. */
  g_test_expect_message ("tribune", G_LOG_LEVEL_WARNING, "*unknown group [rooms a]*");
  load_fails ("[rooms a]\ntitle = A\n", "no rooms");
  g_test_assert_expected_messages ();
}

static void
test_invalid_syntax (void)
{
  load_fails ("[server]\nport 8080\n[room a]\n", "config: ");
  load_fails ("[room a\n", "config: ");
  load_fails ("title = before any group\n[room a]\n", "config: ");
  load_fails ("[room a]\ntitle = A\n[\n", "config: ");
  load_fails ("[room a]\n= value without a key\n", "config: ");
}

static void
test_unknown_keys_warn (void)
{
  g_autoptr (TribuneConfig) config = NULL;

  g_test_expect_message ("tribune", G_LOG_LEVEL_WARNING,
                         "*unknown key 'prot' in [server]*");
  g_test_expect_message ("tribune", G_LOG_LEVEL_WARNING,
                         "*unknown key 'titel' in [room a]*");
  g_test_expect_message ("tribune", G_LOG_LEVEL_WARNING, "*unknown group [misc]*");
  config = load_ok ("[server]\nprot = 9090\n"
                    "[room a]\ntitel = Raad\n"
                    "[misc]\nfoo = bar\n");
  g_test_assert_expected_messages ();

  /* The typo is ignored, not applied. */
  g_assert_cmpuint (config->port, ==, 8080);
  g_assert_cmpstr (room_at (config, 0)->title, ==, "a");
  g_assert_cmpuint (config->rooms->len, ==, 1);
}

static void
test_load_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = NULL;
  gint fd = g_file_open_tmp ("tribune-test-XXXXXX.conf", &path, &error);
  g_autoptr (TribuneConfig) config = NULL;
  const gchar *text = "[server]\nport = 8443\n[room file-room]\ntitle = From a file\n";

  g_assert_no_error (error);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);

  config = tribune_config_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpuint (config->port, ==, 8443);
  g_assert_cmpstr (room_at (config, 0)->title, ==, "From a file");
  g_unlink (path);
}

static void
test_load_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  TribuneConfig *config =
    tribune_config_load_file ("/nonexistent/tribune-test/none.conf", &error);

  g_assert_null (config);
  g_assert_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG);
  g_assert_true (g_str_has_prefix (error->message, "config: "));
}

static void
test_room_id_is_valid (void)
{
  static const struct { const gchar *id; gboolean valid; } cases[] = {
    { "demo", TRUE },
    { "a", TRUE },
    { "0", TRUE },
    { "-", TRUE },
    { "raad-2024", TRUE },
    { "abcdefghijklmnopqrstuvwxyz012345", TRUE },    /* 32 */
    { "abcdefghijklmnopqrstuvwxyz0123456", FALSE },  /* 33 */
    { "", FALSE },
    { NULL, FALSE },
    { "Demo", FALSE },
    { "DEMO", FALSE },
    { "de mo", FALSE },
    { "de_mo", FALSE },
    { "de.mo", FALSE },
    { "..", FALSE },
    { "a/b", FALSE },
    { "a\\b", FALSE },
    { "%2e", FALSE },
    { "caf\xc3\xa9", FALSE },       /* é */
    { "\xff", FALSE },
    { "a\n", FALSE },
    { "a\t", FALSE },
    { "join", FALSE },              /* /whip/join/{meeting} is a participant's */
    { "joint", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    if (tribune_room_id_is_valid (cases[i].id) != cases[i].valid)
      g_error ("case %u: id '%s' should be %s", i, cases[i].id ? cases[i].id : "(null)",
               cases[i].valid ? "valid" : "invalid");
  }
}

static void
test_source_kind_to_string (void)
{
  g_assert_cmpstr (tribune_source_kind_to_string (TRIBUNE_SOURCE_NONE), ==, "none");
  g_assert_cmpstr (tribune_source_kind_to_string (TRIBUNE_SOURCE_TEST), ==, "test");
  g_assert_cmpstr (tribune_source_kind_to_string (TRIBUNE_SOURCE_WHIP), ==, "whip");
  g_assert_cmpstr (tribune_source_kind_to_string (TRIBUNE_SOURCE_SRT), ==, "srt");
  g_assert_cmpstr (tribune_source_kind_to_string (TRIBUNE_SOURCE_RTSP), ==, "rtsp");
  g_assert_cmpstr (tribune_source_kind_to_string (TRIBUNE_SOURCE_V4L2), ==, "v4l2");
  g_assert_cmpstr (tribune_source_kind_to_string (TRIBUNE_SOURCE_PULSE), ==, "pulse");
  g_assert_cmpstr (tribune_source_kind_to_string ((TribuneSourceKind) 7), ==, "unknown");
  g_assert_cmpstr (tribune_source_kind_to_string ((TribuneSourceKind) 1000), ==, "unknown");
  g_assert_cmpstr (tribune_source_kind_to_string ((TribuneSourceKind) -1), ==, "unknown");
}

static void
test_source_names_round_trip (void)
{
  /* Every name the parser accepts is the name the logs and the API print. */
  for (TribuneSourceKind k = TRIBUNE_SOURCE_NONE; k <= TRIBUNE_SOURCE_PULSE; k++) {
    g_autofree gchar *text = g_strdup_printf (
        "[room r]\nsource = %s\ningest_key = k\nurl = rtsp://x\n",
        tribune_source_kind_to_string (k));
    g_autoptr (TribuneConfig) config = load_ok (text);

    g_assert_cmpint (room_at (config, 0)->source, ==, k);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/embedded-default", test_embedded_default);
  g_test_add_func ("/config/server-keys", test_server_keys);
  g_test_add_func ("/config/server-upper-bounds", test_server_upper_bounds);
  g_test_add_func ("/config/empty-strings-are-defaults", test_empty_strings_are_defaults);
  g_test_add_func ("/config/room-keys", test_room_keys);
  g_test_add_func ("/config/room-lower-bounds", test_room_lower_bounds);
  g_test_add_func ("/config/every-source-kind", test_every_source_kind);
  g_test_add_func ("/config/rtsps-url-accepted", test_rtsps_url_accepted);
  g_test_add_func ("/config/several-rooms-in-order", test_several_rooms_in_order);
  g_test_add_func ("/config/error/ice-addresses", test_ice_addresses_invalid);
  g_test_add_func ("/config/error/unknown-source", test_unknown_source);
  g_test_add_func ("/config/error/bad-room-ids", test_bad_room_ids);
  g_test_add_func ("/config/longest-room-id", test_longest_room_id);
  g_test_add_func ("/config/error/bad-dimensions", test_bad_dimensions);
  g_test_add_func ("/config/error/out-of-range-numbers", test_out_of_range_numbers);
  g_test_add_func ("/config/error/whip-needs-key", test_whip_needs_key);
  g_test_add_func ("/config/error/rtsp-needs-url", test_rtsp_needs_url);
  g_test_add_func ("/config/duplicate-room-merged", test_duplicate_room_merged);
  g_test_add_func ("/config/error/no-rooms", test_no_rooms);
  g_test_add_func ("/config/error/unknown-group-no-rooms", test_unknown_group_and_no_rooms);
  g_test_add_func ("/config/error/invalid-syntax", test_invalid_syntax);
  g_test_add_func ("/config/unknown-keys-warn", test_unknown_keys_warn);
  g_test_add_func ("/config/load-file", test_load_file);
  g_test_add_func ("/config/error/load-missing-file", test_load_missing_file);
  g_test_add_func ("/config/room-id-is-valid", test_room_id_is_valid);
  g_test_add_func ("/config/source-kind-to-string", test_source_kind_to_string);
  g_test_add_func ("/config/source-names-round-trip", test_source_names_round_trip);

  /* Known bug, last so that a failure does not hide the other results. */
  unit_add_known_bug ("/config/regression/number-with-trailing-space", test_number_with_trailing_space);

  return g_test_run ();
}
