/* config.c — parse tribune.conf (GKeyFile) into a TribuneConfig, with defaults.
 *
 * Unknown keys are ignored with a warning so that a typo is visible in the log but does
 * not keep a council off the air. Wrong values (a port of "abc", an unknown source kind)
 * are errors: the server refuses to start and says which key is wrong.
 */
#include "config.h"
#include "tribune-error.h"
#include "tribune-build.h"

#include <gio/gio.h>
#include <string.h>

static const char default_config[] =
  "[server]\n"
  "port = 8080\n"
  "demo_meeting = true\n"
  /* A demo left running records its test picture: ~1 h of it, then the recorder pauses. */
  "recordings_max_mb = 2048\n"
  "[room demo]\n"
  "title = Wijkraad Demo\n"
  "source = test\n"
  "ingest_key = demo\n";

static const char *const source_names[] = {
  [TRIBUNE_SOURCE_NONE] = "none",
  [TRIBUNE_SOURCE_TEST] = "test",
  [TRIBUNE_SOURCE_WHIP] = "whip",
  [TRIBUNE_SOURCE_SRT] = "srt",
  [TRIBUNE_SOURCE_RTSP] = "rtsp",
  [TRIBUNE_SOURCE_V4L2] = "v4l2",
  [TRIBUNE_SOURCE_PULSE] = "pulse",
};

static const char *const server_keys[] = {
  "bind", "port", "data", "web", "vendor", "stun_server", "ice_addresses", "viewer_sender",
  "max_body_bytes", "max_viewers", "hls_segment_ms", "hls_part_ms", "hls_window", "demo_meeting",
  "hls_threads",
  "recording_min_free_mb", "recordings_max_mb", "question_names_days", "time_zone",
  "attachment_max_mb", "max_participants", "invite_valid_hours", "speaker_turn_s", NULL
};

static const char *const room_keys[] = {
  "title", "source", "ingest_key", "url", "srt_port", "video_device", "audio_device",
  "width", "height", "framerate", "video_kbps", "audio_kbps", "whip_jitter_ms", NULL
};

const gchar *
tribune_source_kind_to_string (TribuneSourceKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (source_names))
    return source_names[kind];
  return "unknown";
}

gboolean
tribune_room_id_is_valid (const gchar *id)
{
  gsize len = id ? strlen (id) : 0;

  if (len == 0 || len > 32)
    return FALSE;
  /* "join" is a path, not a room: /whip/join/{meeting} is a participant's (routes.c). */
  if (g_str_equal (id, "join"))
    return FALSE;
  for (const gchar *p = id; *p; p++) {
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  }
  return TRUE;
}

static void
room_config_free (TribuneRoomConfig *room)
{
  g_free (room->id);
  g_free (room->title);
  g_free (room->ingest_key);
  g_free (room->url);
  g_free (room->video_device);
  g_free (room->audio_device);
  g_free (room);
}

void
tribune_config_free (TribuneConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->bind_address);
  g_free (config->data_dir);
  g_free (config->web_dir);
  g_free (config->vendor_dir);
  g_free (config->stun_server);
  g_free (config->time_zone);
  g_strfreev (config->ice_addresses);
  g_ptr_array_unref (config->rooms);
  g_free (config);
}

static void
warn_unknown_keys (GKeyFile *kf, const gchar *group, const char *const *known)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);

  for (guint i = 0; keys && keys[i]; i++) {
    if (!g_strv_contains (known, keys[i]))
      g_warning ("config: unknown key '%s' in [%s] is ignored; see tribune.conf.example",
                 keys[i], group);
  }
}

/* Read an unsigned integer key within [min, max]; absent keys keep *value. */
static gboolean
read_uint (GKeyFile *kf, const gchar *group, const gchar *key, guint min, guint max,
           guint *value, GError **error)
{
  g_autofree gchar *text = NULL;
  guint64 v = 0;

  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  /* Like text values, numbers may have spaces around them ("port = 8081 "). */
  text = g_key_file_get_value (kf, group, key, NULL);
  if (text == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (text), 10, min, max, &v, NULL)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[%s] %s must be a whole number from %u to %u", group, key, min, max);
    return FALSE;
  }
  *value = (guint) v;
  return TRUE;
}

/* Read a string key; empty strings count as absent. */
static gchar *
read_string (GKeyFile *kf, const gchar *group, const gchar *key, const gchar *fallback)
{
  g_autofree gchar *v = g_key_file_get_string (kf, group, key, NULL);

  if (v != NULL)
    g_strstrip (v);
  if (v == NULL || *v == '\0')
    return g_strdup (fallback);
  return g_steal_pointer (&v);
}

static gboolean
parse_source (const gchar *text, TribuneSourceKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++) {
    if (g_strcmp0 (text, source_names[i]) == 0) {
      *kind = (TribuneSourceKind) i;
      return TRUE;
    }
  }
  return FALSE;
}

static TribuneRoomConfig *
parse_room (GKeyFile *kf, const gchar *group, const gchar *id, GError **error)
{
  TribuneRoomConfig *room = g_new0 (TribuneRoomConfig, 1);
  g_autofree gchar *source = read_string (kf, group, "source", "test");

  room->id = g_strdup (id);
  room->title = read_string (kf, group, "title", id);
  room->ingest_key = read_string (kf, group, "ingest_key", NULL);
  room->url = read_string (kf, group, "url", NULL);
  room->video_device = read_string (kf, group, "video_device", "/dev/video0");
  room->audio_device = read_string (kf, group, "audio_device", NULL);
  room->srt_port = 9000;
  room->width = 1280;
  room->height = 720;
  room->framerate = 30;
  room->video_kbps = 2000;
  room->audio_kbps = 96;
  /* The hall's WHIP stream: 60 ms holds a wired uplink's jitter and one retransmission
   * at up to ~40 ms round trip, and keeps WebRTC glass to glass under 300 ms (p95,
   * bench/g2g.mjs); viewers' browsers hold their own, adaptive, buffers on top. A hall
   * on Wi-Fi or mobile raises it (docs/configuration.md). */
  room->whip_jitter_ms = 60;

  if (!tribune_room_id_is_valid (id)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[%s]: a room id has 1 to 32 characters a-z, 0-9 or '-' (and is not "
                 "\"join\", which remote participants' addresses use)", group);
    goto fail;
  }
  if (!parse_source (source, &room->source)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[%s] source '%s' is unknown; use none, test, whip, srt, rtsp, v4l2 or pulse",
                 group, source);
    goto fail;
  }
  if (!read_uint (kf, group, "srt_port", 1, 65535, &room->srt_port, error) ||
      !read_uint (kf, group, "width", 160, 3840, &room->width, error) ||
      !read_uint (kf, group, "height", 120, 2160, &room->height, error) ||
      !read_uint (kf, group, "framerate", 5, 60, &room->framerate, error) ||
      !read_uint (kf, group, "video_kbps", 100, 20000, &room->video_kbps, error) ||
      !read_uint (kf, group, "audio_kbps", 16, 320, &room->audio_kbps, error) ||
      !read_uint (kf, group, "whip_jitter_ms", 20, 2000, &room->whip_jitter_ms, error))
    goto fail;
  /* I420 needs even dimensions; x264 refuses odd ones. */
  if (room->width % 2 || room->height % 2) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[%s] width and height must be even numbers", group);
    goto fail;
  }
  if (room->source == TRIBUNE_SOURCE_WHIP && room->ingest_key == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[%s] source = whip needs an ingest_key", group);
    goto fail;
  }
  if (room->source == TRIBUNE_SOURCE_RTSP &&
      (room->url == NULL || !g_str_has_prefix (room->url, "rtsp"))) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[%s] source = rtsp needs url = rtsp://…", group);
    goto fail;
  }
  warn_unknown_keys (kf, group, room_keys);
  return room;

fail:
  room_config_free (room);
  return NULL;
}

static gboolean
parse_server (GKeyFile *kf, TribuneConfig *config, GError **error)
{
  const gchar *g = "server";
  guint max_body = 64 * 1024;
  g_autofree gchar *web_default = g_build_filename (TRIBUNE_SOURCE_DIR, "web", NULL);
  g_autofree gchar *vendor_default =
    g_build_filename (TRIBUNE_SOURCE_DIR, "node_modules", "hls.js", "dist", NULL);

  config->bind_address = read_string (kf, g, "bind", "0.0.0.0");
  config->data_dir = read_string (kf, g, "data", "data");
  config->web_dir = read_string (kf, g, "web", web_default);
  config->vendor_dir = read_string (kf, g, "vendor", vendor_default);
  config->stun_server = read_string (kf, g, "stun_server", NULL);
  config->port = 8080;
  config->max_viewers = 500;
  config->hls_segment_ms = 1000;
  config->hls_window = 6;
  config->hls_part_ms = 400;
  config->hls_threads = CLAMP (g_get_num_processors (), 1, 4);
  config->recording_min_free_mb = 1024;
  config->question_names_days = 30;
  config->time_zone = read_string (kf, g, "time_zone", "Europe/Amsterdam");
  config->attachment_max_mb = 20;
  config->max_participants = 12;
  config->invite_valid_hours = 72;
  config->speaker_turn_s = 180;
  config->lean_viewers = TRUE;

  if (g_key_file_has_key (kf, g, "ice_addresses", NULL)) {
    g_auto (GStrv) list = g_key_file_get_string_list (kf, g, "ice_addresses", NULL, NULL);
    g_autoptr (GStrvBuilder) b = g_strv_builder_new ();

    for (guint i = 0; list && list[i]; i++) {
      g_autoptr (GInetAddress) addr = g_inet_address_new_from_string (g_strstrip (list[i]));
      if (addr == NULL) {
        g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                     "[server] ice_addresses: '%s' is not an IP address", list[i]);
        return FALSE;
      }
      g_strv_builder_add (b, list[i]);
    }
    config->ice_addresses = g_strv_builder_end (b);
    if (config->ice_addresses[0] == NULL)
      g_clear_pointer (&config->ice_addresses, g_strfreev);
  }
  if (!read_uint (kf, g, "port", 0, 65535, &config->port, error) ||
      !read_uint (kf, g, "max_body_bytes", 1024, 16 * 1024 * 1024, &max_body, error) ||
      !read_uint (kf, g, "max_viewers", 1, 100000, &config->max_viewers, error) ||
      !read_uint (kf, g, "hls_segment_ms", 500, 10000, &config->hls_segment_ms, error) ||
      !read_uint (kf, g, "hls_window", 3, 100, &config->hls_window, error) ||
      !read_uint (kf, g, "hls_threads", 0, 4, &config->hls_threads, error) ||
      !read_uint (kf, g, "hls_part_ms", 0, 2000, &config->hls_part_ms, error) ||
      !read_uint (kf, g, "recording_min_free_mb", 0, 1048576, &config->recording_min_free_mb,
                  error) ||
      !read_uint (kf, g, "recordings_max_mb", 0, G_MAXINT, &config->recordings_max_mb, error) ||
      !read_uint (kf, g, "question_names_days", 0, 36500, &config->question_names_days, error) ||
      !read_uint (kf, g, "attachment_max_mb", 1, 1024, &config->attachment_max_mb, error) ||
      !read_uint (kf, g, "max_participants", 1, 32, &config->max_participants, error) ||
      !read_uint (kf, g, "invite_valid_hours", 1, 24 * 365, &config->invite_valid_hours,
                  error) ||
      !read_uint (kf, g, "speaker_turn_s", 10, 3600, &config->speaker_turn_s, error))
    return FALSE;
  /* Advice deadlines are calendar days where the council is (docs/advices.md). An unknown
   * zone would silently count in UTC: refuse it. */
  {
    g_autofree gchar *zoneinfo = g_build_filename ("/usr/share/zoneinfo", config->time_zone, NULL);

    if (!g_str_equal (config->time_zone, "UTC") && !g_file_test (zoneinfo, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                   "[server] time_zone '%s' is not a known zone (like Europe/Amsterdam); "
                   "install tzdata or pick a name from /usr/share/zoneinfo", config->time_zone);
      return FALSE;
    }
  }
  /* The default follows a short segment length: half of it, at most 400 ms. */
  if (!g_key_file_has_key (kf, g, "hls_part_ms", NULL))
    config->hls_part_ms = MIN (400, config->hls_segment_ms / 2);
  /* A part is at least 200 ms (parts of a frame or two cost more requests than they
   * save time) and shorter than a segment; 0 turns Low-Latency HLS off. */
  if (config->hls_part_ms != 0 &&
      (config->hls_part_ms < 200 || config->hls_part_ms * 2 > config->hls_segment_ms)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[server] hls_part_ms must be 0 (no Low-Latency HLS) or from 200 to half of "
                 "hls_segment_ms (%u)", config->hls_segment_ms);
    return FALSE;
  }
  config->max_body_bytes = max_body;
  {
    g_autofree gchar *sender = read_string (kf, g, "viewer_sender", "lean");

    if (!g_str_equal (sender, "lean") && !g_str_equal (sender, "webrtcbin")) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                   "[server] viewer_sender must be lean (the default: one socket and no "
                   "thread per viewer) or webrtcbin (a webrtcbin per viewer)");
      return FALSE;
    }
    config->lean_viewers = g_str_equal (sender, "lean");
  }
  if (g_key_file_has_key (kf, g, "demo_meeting", NULL)) {
    g_autoptr (GError) local = NULL;
    config->demo_meeting = g_key_file_get_boolean (kf, g, "demo_meeting", &local);
    if (local) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                   "[server] demo_meeting must be true or false");
      return FALSE;
    }
  }
  if (g_key_file_has_group (kf, g))
    warn_unknown_keys (kf, g, server_keys);
  return TRUE;
}

static TribuneConfig *
config_from_keyfile (GKeyFile *kf, GError **error)
{
  g_autoptr (TribuneConfig) config = g_new0 (TribuneConfig, 1);
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);

  config->rooms = g_ptr_array_new_with_free_func ((GDestroyNotify) room_config_free);
  if (!parse_server (kf, config, error))
    return NULL;

  for (guint i = 0; groups[i]; i++) {
    const gchar *group = groups[i];
    TribuneRoomConfig *room;

    if (g_str_equal (group, "server"))
      continue;
    if (!g_str_has_prefix (group, "room ")) {
      g_warning ("config: unknown group [%s] is ignored", group);
      continue;
    }
    /* A group given twice is merged by GKeyFile: later keys win. */
    room = parse_room (kf, group, group + strlen ("room "), error);
    if (room == NULL)
      return NULL;
    g_ptr_array_add (config->rooms, room);
  }
  if (config->rooms->len == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "no rooms: add a [room ID] group (see tribune.conf.example)");
    return NULL;
  }
  return g_steal_pointer (&config);
}

TribuneConfig *
tribune_config_load_data (const gchar *data, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local = NULL;

  if (!g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_NONE, &local)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG, "config: %s", local->message);
    return NULL;
  }
  return config_from_keyfile (kf, error);
}

TribuneConfig *
tribune_config_load_file (const gchar *path, GError **error)
{
  g_autofree gchar *data = NULL;
  g_autoptr (GError) local = NULL;

  if (!g_file_get_contents (path, &data, NULL, &local)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG, "config: %s", local->message);
    return NULL;
  }
  return tribune_config_load_data (data, error);
}

TribuneConfig *
tribune_config_new_default (void)
{
  g_autoptr (GError) error = NULL;
  TribuneConfig *config = tribune_config_load_data (default_config, &error);

  /* The embedded text is ours; failing to parse it is a programming error. */
  g_assert_no_error (error);
  return config;
}

const TribuneRoomConfig *
tribune_config_find_room (const TribuneConfig *config, const gchar *id)
{
  for (guint i = 0; i < config->rooms->len; i++) {
    const TribuneRoomConfig *room = g_ptr_array_index (config->rooms, i);
    if (g_strcmp0 (room->id, id) == 0)
      return room;
  }
  return NULL;
}
