/* test-metrics.c — Prometheus text exposition (server/metrics.c): exact output, label
 * escaping, counters, and a validity check of the format (0.0.4). */
#include "metrics.h"

#include <string.h>

static const gchar headers_only[] =
  "# HELP tribune_uptime_seconds Seconds since the server started.\n"
  "# TYPE tribune_uptime_seconds gauge\n"
  "tribune_uptime_seconds 0\n"
  "# HELP tribune_viewers Current viewers by room and protocol (HLS: distinct clients in the last 15 s).\n"
  "# TYPE tribune_viewers gauge\n"
  "# HELP tribune_event_streams Pages following the room's meeting live (open Server-Sent Event streams).\n"
  "# TYPE tribune_event_streams gauge\n"
  "# HELP tribune_ingest_up 1 while an input delivers frames (source: the room's own source; whip: a publisher).\n"
  "# TYPE tribune_ingest_up gauge\n"
  "# HELP tribune_on_air 1 while something other than the slate is on air.\n"
  "# TYPE tribune_on_air gauge\n"
  "# HELP tribune_bytes_out_total Media bytes sent, by protocol.\n"
  "# TYPE tribune_bytes_out_total counter\n"
  "# HELP tribune_webrtc_send_drops_total WebRTC datagrams the kernel refused (send buffer full): viewers lose packets.\n"
  "# TYPE tribune_webrtc_send_drops_total counter\n"
  "# HELP tribune_webrtc_retransmissions_total Video packets sent again because a viewer reported them lost (NACK).\n"
  "# TYPE tribune_webrtc_retransmissions_total counter\n"
  "# HELP tribune_webrtc_keyframe_requests_total Key frames asked for by WebRTC viewers (PLI, FIR); the encoder makes at most two a second.\n"
  "# TYPE tribune_webrtc_keyframe_requests_total counter\n"
  "# HELP tribune_webrtc_keyframe_replays_total WebRTC viewers who started at a key frame already sent (no wait for a new one).\n"
  "# TYPE tribune_webrtc_keyframe_replays_total counter\n"
  "# HELP tribune_pipeline_errors_total Pipeline errors and input restarts.\n"
  "# TYPE tribune_pipeline_errors_total counter\n";

/* A small validator for the text format: HELP/TYPE before samples, each metric typed
 * once, names and labels well-formed, label values properly escaped, numeric values. */
static void
assert_valid_exposition (const gchar *text)
{
  g_autoptr (GHashTable) typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) helped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) series = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GRegex) help_re = g_regex_new ("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$", 0, 0, NULL);
  g_autoptr (GRegex) type_re = g_regex_new (
      "^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$",
      0, 0, NULL);
  g_autoptr (GRegex) sample_re = g_regex_new (
      "^([a-zA-Z_:][a-zA-Z0-9_:]*)"
      "(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\""
      "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")*\\})?"
      " (-?[0-9]+(?:\\.[0-9]+)?(?:e[+-]?[0-9]+)?|NaN|[+-]Inf)$", 0, 0, NULL);
  g_auto (GStrv) lines = NULL;

  g_assert_nonnull (help_re);
  g_assert_nonnull (type_re);
  g_assert_nonnull (sample_re);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] && lines[i + 1]; i++) {     /* the last piece is "" */
    const gchar *line = lines[i];
    g_autoptr (GMatchInfo) m = NULL;

    if (g_regex_match (help_re, line, 0, &m)) {
      g_autofree gchar *name = g_match_info_fetch (m, 1);
      if (g_hash_table_contains (helped, name))
        g_error ("line %u: second HELP for %s", i, name);
      if (g_hash_table_contains (typed, name))
        g_error ("line %u: HELP for %s after its TYPE", i, name);
      g_hash_table_add (helped, g_steal_pointer (&name));
      continue;
    }
    g_clear_pointer (&m, g_match_info_free);
    if (g_regex_match (type_re, line, 0, &m)) {
      g_autofree gchar *name = g_match_info_fetch (m, 1);
      g_autofree gchar *type = g_match_info_fetch (m, 2);
      if (g_hash_table_contains (typed, name))
        g_error ("line %u: second TYPE for %s", i, name);
      if (g_str_equal (type, "counter") && !g_str_has_suffix (name, "_total"))
        g_error ("line %u: counter %s does not end in _total", i, name);
      g_hash_table_insert (typed, g_steal_pointer (&name), g_steal_pointer (&type));
      continue;
    }
    g_clear_pointer (&m, g_match_info_free);
    if (g_regex_match (sample_re, line, 0, &m)) {
      g_autofree gchar *name = g_match_info_fetch (m, 1);
      g_autofree gchar *labels = g_match_info_fetch (m, 2);
      g_autofree gchar *key = g_strconcat (name, labels, NULL);
      if (!g_hash_table_contains (typed, name))
        g_error ("line %u: sample of %s before its TYPE", i, name);
      if (!g_hash_table_add (series, g_steal_pointer (&key)))
        g_error ("line %u: duplicate series %s", i, line);
      continue;
    }
    g_error ("line %u is not valid exposition format: '%s'", i, line);
  }
}

static void
test_no_rooms (void)
{
  g_autofree gchar *text = tribune_metrics_render (NULL, 0, 0.0);

  g_assert_cmpstr (text, ==, headers_only);
  assert_valid_exposition (text);
}

static void
test_one_room_exact (void)
{
  TribuneRoomMetrics rooms[1] = { { "demo", { 0 } } };
  g_autofree gchar *text = NULL;

  rooms[0].status.on_air = "test";
  rooms[0].status.live = TRUE;
  rooms[0].status.whep_viewers = 3;
  rooms[0].status.hls_viewers = 12;
  rooms[0].status.source_up = TRUE;
  rooms[0].status.whip_up = FALSE;
  rooms[0].status.webrtc_bytes_out = 123456789;
  rooms[0].status.hls_bytes_out = 987654321;
  rooms[0].status.pipeline_errors = 2;
  rooms[0].status.webrtc_send_drops = 5;
  rooms[0].status.webrtc_retransmissions = 6;
  rooms[0].status.webrtc_keyframe_requests = 7;
  rooms[0].status.webrtc_keyframe_replays = 8;
  rooms[0].event_streams = 4;
  text = tribune_metrics_render (rooms, 1, 9.4);

  g_assert_cmpstr (text, ==,
      "# HELP tribune_uptime_seconds Seconds since the server started.\n"
      "# TYPE tribune_uptime_seconds gauge\n"
      "tribune_uptime_seconds 9\n"
      "# HELP tribune_viewers Current viewers by room and protocol (HLS: distinct clients in the last 15 s).\n"
      "# TYPE tribune_viewers gauge\n"
      "tribune_viewers{room=\"demo\",protocol=\"webrtc\"} 3\n"
      "tribune_viewers{room=\"demo\",protocol=\"hls\"} 12\n"
      "# HELP tribune_event_streams Pages following the room's meeting live (open Server-Sent Event streams).\n"
      "# TYPE tribune_event_streams gauge\n"
      "tribune_event_streams{room=\"demo\"} 4\n"
      "# HELP tribune_ingest_up 1 while an input delivers frames (source: the room's own source; whip: a publisher).\n"
      "# TYPE tribune_ingest_up gauge\n"
      "tribune_ingest_up{room=\"demo\",input=\"source\"} 1\n"
      "tribune_ingest_up{room=\"demo\",input=\"whip\"} 0\n"
      "# HELP tribune_on_air 1 while something other than the slate is on air.\n"
      "# TYPE tribune_on_air gauge\n"
      "tribune_on_air{room=\"demo\"} 1\n"
      "# HELP tribune_bytes_out_total Media bytes sent, by protocol.\n"
      "# TYPE tribune_bytes_out_total counter\n"
      "tribune_bytes_out_total{room=\"demo\",protocol=\"webrtc\"} 123456789\n"
      "tribune_bytes_out_total{room=\"demo\",protocol=\"hls\"} 987654321\n"
      "# HELP tribune_webrtc_send_drops_total WebRTC datagrams the kernel refused (send buffer full): viewers lose packets.\n"
      "# TYPE tribune_webrtc_send_drops_total counter\n"
      "tribune_webrtc_send_drops_total{room=\"demo\"} 5\n"
      "# HELP tribune_webrtc_retransmissions_total Video packets sent again because a viewer reported them lost (NACK).\n"
      "# TYPE tribune_webrtc_retransmissions_total counter\n"
      "tribune_webrtc_retransmissions_total{room=\"demo\"} 6\n"
      "# HELP tribune_webrtc_keyframe_requests_total Key frames asked for by WebRTC viewers (PLI, FIR); the encoder makes at most two a second.\n"
      "# TYPE tribune_webrtc_keyframe_requests_total counter\n"
      "tribune_webrtc_keyframe_requests_total{room=\"demo\"} 7\n"
      "# HELP tribune_webrtc_keyframe_replays_total WebRTC viewers who started at a key frame already sent (no wait for a new one).\n"
      "# TYPE tribune_webrtc_keyframe_replays_total counter\n"
      "tribune_webrtc_keyframe_replays_total{room=\"demo\"} 8\n"
      "# HELP tribune_pipeline_errors_total Pipeline errors and input restarts.\n"
      "# TYPE tribune_pipeline_errors_total counter\n"
      "tribune_pipeline_errors_total{room=\"demo\"} 2\n");
  assert_valid_exposition (text);
}

static void
test_several_rooms (void)
{
  TribuneRoomMetrics rooms[3] = {
    { "noord", { 0 } }, { "zuid", { 0 } }, { "oost", { 0 } },
  };
  g_autofree gchar *text = NULL;
  const gchar *a, *b, *c;

  rooms[1].status.whep_viewers = 7;
  rooms[2].status.whip_up = TRUE;
  rooms[2].status.live = TRUE;
  text = tribune_metrics_render (rooms, 3, 3600.0);
  assert_valid_exposition (text);

  g_assert_nonnull (strstr (text, "\ntribune_uptime_seconds 3600\n"));
  g_assert_nonnull (strstr (text, "\ntribune_viewers{room=\"zuid\",protocol=\"webrtc\"} 7\n"));
  g_assert_nonnull (strstr (text, "\ntribune_ingest_up{room=\"oost\",input=\"whip\"} 1\n"));
  g_assert_nonnull (strstr (text, "\ntribune_on_air{room=\"oost\"} 1\n"));
  g_assert_nonnull (strstr (text, "\ntribune_on_air{room=\"noord\"} 0\n"));
  /* Samples of one metric are grouped, rooms in the given order. */
  a = strstr (text, "tribune_on_air{room=\"noord\"}");
  b = strstr (text, "tribune_on_air{room=\"zuid\"}");
  c = strstr (text, "tribune_on_air{room=\"oost\"}");
  g_assert_true (a && b && c && a < b && b < c);
  g_assert_true (strstr (text, "# TYPE tribune_on_air gauge") < a);
  g_assert_true (c < strstr (text, "# HELP tribune_bytes_out_total"));
}

static void
test_label_escaping (void)
{
  TribuneRoomMetrics rooms[4] = {
    { "a\"b", { 0 } },
    { "c\\d", { 0 } },
    { "e\nf", { 0 } },
    { "\\\"\n\\n", { 0 } },
  };
  g_autofree gchar *text = tribune_metrics_render (rooms, 4, 1.0);

  assert_valid_exposition (text);
  g_assert_nonnull (strstr (text, "\ntribune_on_air{room=\"a\\\"b\"} 0\n"));
  g_assert_nonnull (strstr (text, "\ntribune_on_air{room=\"c\\\\d\"} 0\n"));
  g_assert_nonnull (strstr (text, "\ntribune_on_air{room=\"e\\nf\"} 0\n"));
  /* backslash, quote, newline, backslash, 'n' */
  g_assert_nonnull (strstr (text, "\ntribune_on_air{room=\"\\\\\\\"\\n\\\\n\"} 0\n"));
  g_assert_nonnull (strstr (text,
      "\ntribune_viewers{room=\"e\\nf\",protocol=\"webrtc\"} 0\n"));
  /* No raw newline inside any sample. */
  g_assert_null (strstr (text, "e\nf"));
}

static void
test_non_ascii_label (void)
{
  TribuneRoomMetrics rooms[1] = { { "raadzaal-ĳsselmonde", { 0 } } };
  g_autofree gchar *text = tribune_metrics_render (rooms, 1, 1.0);

  assert_valid_exposition (text);
  g_assert_nonnull (strstr (text, "tribune_on_air{room=\"raadzaal-ĳsselmonde\"} 0\n"));
}

static void
test_counter_values (void)
{
  TribuneRoomMetrics rooms[1] = { { "r", { 0 } } };
  g_autofree gchar *text = NULL;

  rooms[0].status.webrtc_bytes_out = G_MAXUINT64;
  rooms[0].status.hls_bytes_out = G_GUINT64_CONSTANT (5000000000);   /* over 32 bits */
  rooms[0].status.pipeline_errors = G_MAXUINT;
  rooms[0].status.whep_viewers = G_MAXUINT;
  text = tribune_metrics_render (rooms, 1, 1e9);

  assert_valid_exposition (text);
  g_assert_nonnull (strstr (text,
      "\ntribune_bytes_out_total{room=\"r\",protocol=\"webrtc\"} 18446744073709551615\n"));
  g_assert_nonnull (strstr (text,
      "\ntribune_bytes_out_total{room=\"r\",protocol=\"hls\"} 5000000000\n"));
  g_assert_nonnull (strstr (text, "\ntribune_pipeline_errors_total{room=\"r\"} 4294967295\n"));
  g_assert_nonnull (strstr (text,
      "\ntribune_viewers{room=\"r\",protocol=\"webrtc\"} 4294967295\n"));
  g_assert_nonnull (strstr (text, "\ntribune_uptime_seconds 1000000000\n"));
}

static void
test_uptime_rounding (void)
{
  static const struct { gdouble s; const gchar *line; } cases[] = {
    { 0.0, "tribune_uptime_seconds 0\n" },
    { 0.4, "tribune_uptime_seconds 0\n" },
    { 9.6, "tribune_uptime_seconds 10\n" },
    { 86400.2, "tribune_uptime_seconds 86400\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *text = tribune_metrics_render (NULL, 0, cases[i].s);
    g_assert_nonnull (strstr (text, cases[i].line));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/metrics/no-rooms", test_no_rooms);
  g_test_add_func ("/metrics/one-room-exact", test_one_room_exact);
  g_test_add_func ("/metrics/several-rooms", test_several_rooms);
  g_test_add_func ("/metrics/label-escaping", test_label_escaping);
  g_test_add_func ("/metrics/non-ascii-label", test_non_ascii_label);
  g_test_add_func ("/metrics/counter-values", test_counter_values);
  g_test_add_func ("/metrics/uptime-rounding", test_uptime_rounding);

  return g_test_run ();
}
