/* hls-resource.c — GET /hls/{room}/index.m3u8 and its segments.
 *
 * The playlist is rendered from memory on every request (never a half-written file) and
 * must not be cached for longer than about a segment; segments never change once listed,
 * so caches may keep them. Only files the playlist lists (or recently listed) are served.
 */
#include "resources.h"
#include "http-util.h"

#include <glib/gstdio.h>
#include <string.h>

void
tribune_resource_hls (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  TribuneRoom *room = tribune_app_find_room (app, route->room);
  TribuneHlsPlaylist *playlist;
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  tribune_http_cors (msg);
  if (room == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such room");
    return;
  }
  playlist = tribune_room_hls_playlist (room);

  if (g_str_equal (route->file, "index.m3u8")) {
    g_autofree gchar *text = playlist ? tribune_hls_playlist_render (playlist) : NULL;
    g_autofree gchar *client = tribune_http_client_key (msg);

    if (text == NULL) {
      /* The first segment is about a second away; players retry on 404/503. */
      soup_message_headers_replace (h, "Retry-After", "1");
      tribune_http_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                          "the stream is starting; try again in a second");
      return;
    }
    tribune_room_note_hls_client (room, client);
    tribune_room_add_hls_bytes (room, strlen (text));
    soup_message_headers_replace (h, "Cache-Control", "max-age=1");
    tribune_http_text (msg, SOUP_STATUS_OK, "application/vnd.apple.mpegurl", text);
    return;
  }

  if (playlist == NULL || !g_str_has_suffix (route->file, ".ts") ||
      !tribune_hls_playlist_knows (playlist, route->file)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such segment (it may have expired)");
    return;
  }
  {
    g_autofree gchar *path = g_build_filename (tribune_room_hls_dir (room), route->file, NULL);
    GStatBuf st;

    if (g_stat (path, &st) == 0)
      tribune_room_add_hls_bytes (room, (guint64) st.st_size);
    tribune_resource_send_file (msg, path, "public, max-age=3600, immutable");
  }
}
