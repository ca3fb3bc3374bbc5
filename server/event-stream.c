/* event-stream.c — see event-stream.h. */
#include "event-stream.h"

#include <string.h>

#define KEEPALIVE_S 20

typedef struct {
  TribuneEventHub *hub;
  gchar *room;
  SoupServerMessage *msg;     /* owned ref */
  gulong finished_id;
} Subscriber;

struct _TribuneEventHub {
  GHashTable *rooms;          /* room id → GPtrArray of Subscriber* (owned) */
  guint max_per_room;
  guint keepalive;
};

gchar *
tribune_sse_format (const gchar *event, const gchar *data)
{
  GString *out = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;

  if (event && *event && strpbrk (event, "\r\n") == NULL)
    g_string_append_printf (out, "event: %s\n", event);
  /* The spec ends a line at CR, LF or CRLF: split on all three. */
  lines = g_regex_split_simple ("\r\n|\r|\n", data ? data : "", 0, 0);
  for (guint i = 0; lines[i]; i++)
    g_string_append_printf (out, "data: %s\n", lines[i]);
  if (lines[0] == NULL)
    g_string_append (out, "data: \n");
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
send_text (SoupServerMessage *msg, gchar *text)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_message_body_append (body, SOUP_MEMORY_TAKE, text, strlen (text));
  /* A chunked response pauses when it runs out of body; this wakes it to write. */
  soup_server_message_unpause (msg);
}

static void
subscriber_free (Subscriber *s)
{
  if (s->finished_id)
    g_signal_handler_disconnect (s->msg, s->finished_id);
  g_object_unref (s->msg);
  g_free (s->room);
  g_free (s);
}

/* The page went away (or the server is stopping): forget it. */
static void
on_finished (SoupServerMessage *msg, gpointer user_data)
{
  Subscriber *s = user_data;
  GPtrArray *list = g_hash_table_lookup (s->hub->rooms, s->room);

  if (list)
    g_ptr_array_remove_fast (list, s);   /* frees s */
}

static gboolean
keepalive_cb (gpointer user_data)
{
  TribuneEventHub *hub = user_data;
  GHashTableIter iter;
  GPtrArray *list;

  g_hash_table_iter_init (&iter, hub->rooms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &list)) {
    for (guint i = 0; i < list->len; i++)
      send_text (((Subscriber *) g_ptr_array_index (list, i))->msg, g_strdup (": keepalive\n\n"));
  }
  return G_SOURCE_CONTINUE;
}

TribuneEventHub *
tribune_event_hub_new (guint max_per_room)
{
  TribuneEventHub *hub = g_new0 (TribuneEventHub, 1);

  hub->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_ptr_array_unref);
  hub->max_per_room = max_per_room;
  hub->keepalive = g_timeout_add_seconds (KEEPALIVE_S, keepalive_cb, hub);
  return hub;
}

void
tribune_event_hub_free (TribuneEventHub *hub)
{
  if (hub == NULL)
    return;
  g_source_remove (hub->keepalive);
  g_hash_table_unref (hub->rooms);
  g_free (hub);
}

gboolean
tribune_event_hub_subscribe (TribuneEventHub *hub, const gchar *room, SoupServerMessage *msg,
                             const gchar *event, const gchar *data)
{
  GPtrArray *list = g_hash_table_lookup (hub->rooms, room);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Subscriber *s;

  if (list && list->len >= hub->max_per_room)
    return FALSE;
  if (list == NULL) {
    list = g_ptr_array_new_with_free_func ((GDestroyNotify) subscriber_free);
    g_hash_table_insert (hub->rooms, g_strdup (room), list);
  }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  /* nginx and similar proxies buffer responses unless told not to. */
  soup_message_headers_replace (headers, "X-Accel-Buffering", "no");
  /* Written chunks are not kept: the stream may stay open for hours. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  s = g_new0 (Subscriber, 1);
  s->hub = hub;
  s->room = g_strdup (room);
  s->msg = g_object_ref (msg);
  s->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_finished), s);
  g_ptr_array_add (list, s);
  /* Tell EventSource to wait 3 s before it reconnects after a drop. */
  send_text (msg, g_strdup ("retry: 3000\n\n"));
  send_text (msg, tribune_sse_format (event, data));
  return TRUE;
}

void
tribune_event_hub_publish (TribuneEventHub *hub, const gchar *room, const gchar *event,
                           const gchar *data)
{
  GPtrArray *list = g_hash_table_lookup (hub->rooms, room);
  g_autofree gchar *text = NULL;

  if (list == NULL || list->len == 0)
    return;
  text = tribune_sse_format (event, data);
  for (guint i = 0; i < list->len; i++)
    send_text (((Subscriber *) g_ptr_array_index (list, i))->msg, g_strdup (text));
}

guint
tribune_event_hub_count (TribuneEventHub *hub, const gchar *room)
{
  GPtrArray *list = g_hash_table_lookup (hub->rooms, room);

  return list ? list->len : 0;
}
