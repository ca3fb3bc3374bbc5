/* events-resource.c — GET /api/rooms/{room}/events: the room's event stream (see
 * event-stream.h). The first event is the room's meeting as it is now, so a page that
 * (re)connects never misses a state; after that, every change. Public, like the room. */
#include "resources.h"
#include "http-util.h"
#include "meeting-runtime.h"

void
tribune_resource_events (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  g_autofree gchar *now = NULL;

  tribune_http_cors (msg);
  if (tribune_app_find_room (app, route->room) == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such room");
    return;
  }
  if (g_str_equal (soup_server_message_get_method (msg), "HEAD")) {
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                           "text/event-stream", NULL);
    return;
  }
  now = tribune_meeting_runtime_room_event (app, route->room);
  if (!tribune_event_hub_subscribe (app->events, route->room, msg, "meeting", now)) {
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", "30");
    tribune_http_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                        "too many pages follow this room; try again in a minute");
  }
}
