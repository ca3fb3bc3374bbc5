/* metrics.c — see metrics.h. */
#include "metrics.h"

/* Label values: escape backslash, quote and newline as the format requires. */
static void
append_label (GString *out, const gchar *value)
{
  for (const gchar *p = value; *p; p++) {
    if (*p == '\\' || *p == '"')
      g_string_append_c (out, '\\');
    if (*p == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, *p);
  }
}

static void
header (GString *out, const gchar *name, const gchar *type, const gchar *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
sample (GString *out, const gchar *name, const gchar *room, const gchar *key,
        const gchar *value, guint64 v)
{
  g_string_append_printf (out, "%s{room=\"", name);
  append_label (out, room);
  if (key) {
    g_string_append_printf (out, "\",%s=\"", key);
    append_label (out, value);
  }
  g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", v);
}

gchar *
tribune_metrics_render (const TribuneRoomMetrics *rooms, guint n, gdouble uptime_s)
{
  GString *out = g_string_new (NULL);

  header (out, "tribune_uptime_seconds", "gauge", "Seconds since the server started.");
  g_string_append_printf (out, "tribune_uptime_seconds %.0f\n", uptime_s);

  header (out, "tribune_viewers", "gauge",
          "Current viewers by room and protocol (HLS: distinct clients in the last 15 s).");
  for (guint i = 0; i < n; i++) {
    sample (out, "tribune_viewers", rooms[i].room_id, "protocol", "webrtc",
            rooms[i].status.whep_viewers);
    sample (out, "tribune_viewers", rooms[i].room_id, "protocol", "hls",
            rooms[i].status.hls_viewers);
  }
  header (out, "tribune_event_streams", "gauge",
          "Pages following the room's meeting live (open Server-Sent Event streams).");
  for (guint i = 0; i < n; i++)
    sample (out, "tribune_event_streams", rooms[i].room_id, NULL, NULL,
            rooms[i].event_streams);
  header (out, "tribune_ingest_up", "gauge",
          "1 while an input delivers frames (source: the room's own source; whip: a publisher).");
  for (guint i = 0; i < n; i++) {
    sample (out, "tribune_ingest_up", rooms[i].room_id, "input", "source",
            rooms[i].status.source_up);
    sample (out, "tribune_ingest_up", rooms[i].room_id, "input", "whip",
            rooms[i].status.whip_up);
  }
  header (out, "tribune_on_air", "gauge", "1 while something other than the slate is on air.");
  for (guint i = 0; i < n; i++)
    sample (out, "tribune_on_air", rooms[i].room_id, NULL, NULL, rooms[i].status.live);
  header (out, "tribune_bytes_out_total", "counter", "Media bytes sent, by protocol.");
  for (guint i = 0; i < n; i++) {
    sample (out, "tribune_bytes_out_total", rooms[i].room_id, "protocol", "webrtc",
            rooms[i].status.webrtc_bytes_out);
    sample (out, "tribune_bytes_out_total", rooms[i].room_id, "protocol", "hls",
            rooms[i].status.hls_bytes_out);
  }
  header (out, "tribune_webrtc_send_drops_total", "counter",
          "WebRTC datagrams the kernel refused (send buffer full): viewers lose packets.");
  for (guint i = 0; i < n; i++)
    sample (out, "tribune_webrtc_send_drops_total", rooms[i].room_id, NULL, NULL,
            rooms[i].status.webrtc_send_drops);
  header (out, "tribune_webrtc_retransmissions_total", "counter",
          "Video packets sent again because a viewer reported them lost (NACK).");
  for (guint i = 0; i < n; i++)
    sample (out, "tribune_webrtc_retransmissions_total", rooms[i].room_id, NULL, NULL,
            rooms[i].status.webrtc_retransmissions);
  header (out, "tribune_webrtc_keyframe_requests_total", "counter",
          "Key frames asked for by WebRTC viewers (PLI, FIR); the encoder makes at most two a second.");
  for (guint i = 0; i < n; i++)
    sample (out, "tribune_webrtc_keyframe_requests_total", rooms[i].room_id, NULL, NULL,
            rooms[i].status.webrtc_keyframe_requests);
  header (out, "tribune_webrtc_keyframe_replays_total", "counter",
          "WebRTC viewers who started at a key frame already sent (no wait for a new one).");
  for (guint i = 0; i < n; i++)
    sample (out, "tribune_webrtc_keyframe_replays_total", rooms[i].room_id, NULL, NULL,
            rooms[i].status.webrtc_keyframe_replays);
  header (out, "tribune_pipeline_errors_total", "counter",
          "Pipeline errors and input restarts.");
  for (guint i = 0; i < n; i++)
    sample (out, "tribune_pipeline_errors_total", rooms[i].room_id, NULL, NULL,
            rooms[i].status.pipeline_errors);
  return g_string_free (out, FALSE);
}
