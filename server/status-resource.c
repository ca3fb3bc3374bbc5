/* status-resource.c — /healthz (JSON), /metrics (Prometheus) and /api/rooms. */
#include "resources.h"
#include "hls-fast.h"
#include "hls-blocking.h"
#include "http-util.h"
#include "metrics.h"
#include "tribune-build.h"

static void
add_room_json (JsonBuilder *b, TribuneRoom *room)
{
  const TribuneRoomConfig *rc = tribune_room_get_config (room);
  TribuneRoomStatus s;

  tribune_room_get_status (room, &s);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, rc->id);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, rc->title);
  json_builder_set_member_name (b, "live");
  json_builder_add_boolean_value (b, s.live);
  json_builder_set_member_name (b, "input");
  json_builder_add_string_value (b, s.on_air);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, tribune_source_kind_to_string (rc->source));
  json_builder_set_member_name (b, "whip");
  json_builder_add_boolean_value (b, rc->ingest_key != NULL);
  json_builder_set_member_name (b, "ingest");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, rc->source == TRIBUNE_SOURCE_NONE ||
                                    rc->source == TRIBUNE_SOURCE_WHIP ? "none" :
                                    s.source_up ? "up" : "down");
  json_builder_set_member_name (b, "whip");
  json_builder_add_string_value (b, rc->ingest_key == NULL ? "none" :
                                    s.whip_up ? "up" : s.publishing ? "connecting" : "down");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "viewers");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "whep");
  json_builder_add_int_value (b, s.whep_viewers);
  json_builder_set_member_name (b, "hls");
  json_builder_add_int_value (b, s.hls_viewers);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "urls");
  json_builder_begin_object (b);
  {
    g_autofree gchar *whep = g_strdup_printf ("/whep/%s", rc->id);
    g_autofree gchar *hls = g_strdup_printf ("/hls/%s/index.m3u8", rc->id);
    json_builder_set_member_name (b, "whep");
    json_builder_add_string_value (b, whep);
    json_builder_set_member_name (b, "hls");
    json_builder_add_string_value (b, hls);
  }
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static void
reply_rooms (TribuneApp *app, SoupServerMessage *msg, gboolean health)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (b);
  if (health) {
    json_builder_set_member_name (b, "status");
    json_builder_add_string_value (b, "ok");
    json_builder_set_member_name (b, "version");
    json_builder_add_string_value (b, TRIBUNE_VERSION);
    json_builder_set_member_name (b, "uptime_s");
    json_builder_add_int_value (b, (g_get_monotonic_time () - app->started_us) / G_USEC_PER_SEC);
  }
  json_builder_set_member_name (b, "rooms");
  json_builder_begin_array (b);
  for (guint i = 0; i < app->room_order->len; i++)
    add_room_json (b, g_ptr_array_index (app->room_order, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  tribune_http_json (msg, SOUP_STATUS_OK, node);
}

static void
reply_metrics (TribuneApp *app, SoupServerMessage *msg)
{
  guint n = app->room_order->len;
  g_autofree TribuneRoomMetrics *rooms = g_new0 (TribuneRoomMetrics, n);
  g_autofree gchar *text = NULL;

  for (guint i = 0; i < n; i++) {
    TribuneRoom *room = g_ptr_array_index (app->room_order, i);
    rooms[i].room_id = tribune_room_get_config (room)->id;
    tribune_room_get_status (room, &rooms[i].status);
    rooms[i].event_streams = tribune_event_hub_count (app->events, rooms[i].room_id);
  }
  text = tribune_metrics_render (rooms, n,
      (gdouble) (g_get_monotonic_time () - app->started_us) / G_USEC_PER_SEC);
  /* Low-Latency HLS requests waiting for their part (hls-blocking.h): the players
   * following live at the edge. */
  {
    TribuneHlsFastStats fast = { 0 };
    gchar *with_held;

    if (app->hls_fast)
      tribune_hls_fast_get_stats (app->hls_fast, &fast);
    with_held = g_strdup_printf (
        "%s# HELP tribune_hls_held_requests LL-HLS playlist reloads and parts held until "
        "the part exists\n# TYPE tribune_hls_held_requests gauge\n"
        "tribune_hls_held_requests %u\n"
        "# HELP tribune_http_fast_requests_total HLS requests answered by the HLS threads\n"
        "# TYPE tribune_http_fast_requests_total counter\n"
        "tribune_http_fast_requests_total %" G_GUINT64_FORMAT "\n"
        "# HELP tribune_http_handoffs_total Connections the HLS threads handed to the main "
        "thread (pages, API, WebRTC signalling)\n"
        "# TYPE tribune_http_handoffs_total counter\n"
        "tribune_http_handoffs_total %" G_GUINT64_FORMAT "\n"
        "# HELP tribune_http_fast_connections Connections open on the HLS threads\n"
        "# TYPE tribune_http_fast_connections gauge\n"
        "tribune_http_fast_connections %u\n",
        text, tribune_hls_held () + fast.held, fast.requests, fast.handoffs, fast.connections);
    g_free (text);
    text = with_held;
  }
  tribune_http_text (msg, SOUP_STATUS_OK, "text/plain; version=0.0.4; charset=utf-8", text);
}

void
tribune_resource_status (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  tribune_http_cors (msg);
  switch (route->kind) {
    case TRIBUNE_ROUTE_HEALTHZ:
      reply_rooms (app, msg, TRUE);
      break;
    case TRIBUNE_ROUTE_METRICS:
      reply_metrics (app, msg);
      break;
    case TRIBUNE_ROUTE_API_ROOMS:
      reply_rooms (app, msg, FALSE);
      break;
    case TRIBUNE_ROUTE_API_ROOM: {
      TribuneRoom *room = tribune_app_find_room (app, route->room);
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) node = NULL;

      if (room == NULL) {
        tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such room");
        return;
      }
      add_room_json (b, room);
      node = json_builder_get_root (b);
      tribune_http_json (msg, SOUP_STATUS_OK, node);
      break;
    }
    default:
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such resource");
  }
}
