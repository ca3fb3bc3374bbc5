/* event-stream.h — Server-Sent Events (text/event-stream, the HTML standard's EventSource)
 * to the pages watching a room: the room page, the chair console.
 *
 * One long GET per page; the hub keeps those responses open and appends an event to each
 * when something changes. SSE rather than WebSocket: it is one-way (the pages act through
 * the JSON API, so everything a page can do a script can do), works through every proxy
 * that passes HTTP, and browsers reconnect by themselves. A comment line every 20 s keeps
 * idle connections from being closed by proxies.
 *
 * Main thread.
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _TribuneEventHub TribuneEventHub;

/* @max_per_room: subscribers a room takes before _subscribe refuses. */
TribuneEventHub *tribune_event_hub_new (guint max_per_room);
void tribune_event_hub_free (TribuneEventHub *hub);

/* Answer @msg (a GET) with an open event stream for @room and send (@event, @data) first.
 * FALSE, and @msg untouched, when the room is full. */
gboolean tribune_event_hub_subscribe (TribuneEventHub *hub, const gchar *room,
                                      SoupServerMessage *msg, const gchar *event,
                                      const gchar *data);
/* Send (@event, @data) to every page watching @room. */
void tribune_event_hub_publish (TribuneEventHub *hub, const gchar *room, const gchar *event,
                                const gchar *data);
guint tribune_event_hub_count (TribuneEventHub *hub, const gchar *room);

/* One event in the wire format: "event: NAME\ndata: LINE\n…\n\n" (transfer full). A line
 * break in @data becomes a new data line, so no text can end the event early or inject
 * another one. */
gchar *tribune_sse_format (const gchar *event, const gchar *data);

G_END_DECLS
