/* hls-resource.c — GET /hls/{room}/index.m3u8, its segments and its Low-Latency parts.
 *
 * The playlist is rendered from memory on every request (never a half-written file).
 * Low-Latency HLS (RFC 8216bis): a reload with _HLS_msn (and _HLS_part) is held until
 * the playlist has that segment (or part), at most 3 target durations; one asking further
 * ahead than a client may gets 400. The part in EXT-X-PRELOAD-HINT is held the same way
 * until it is complete. Parts are served from memory.
 *
 * Caching (a CDN or the nginx edge in deploy/): segments and parts never change once
 * they exist (immutable); a blocking reload's answer stays right for its query string
 * (it has at least what was asked), so it may be cached for a while; the plain playlist
 * changes with every part and is cached for at most a second.
 */
#include "resources.h"
#include "hls-blocking.h"
#include "http-util.h"

#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  TribuneApp *app;
  gchar *room_id;
  guint64 msn;
  gint64 part;                     /* -1: the whole segment */
  gchar *uri;                      /* a part's name, for part requests */
} Wait;

static void
wait_free (Wait *w)
{
  g_free (w->room_id);
  g_free (w->uri);
  g_free (w);
}

static void
send_playlist (SoupServerMessage *msg, TribuneRoom *room, TribuneHlsPlaylist *playlist,
               gboolean blocking)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  g_autoptr (GBytes) text = tribune_hls_playlist_render_bytes (playlist);
  g_autofree gchar *client = tribune_http_client_key (msg);

  if (text == NULL) {
    /* The first segment is about a second away; players retry on 404/503. */
    soup_message_headers_replace (h, "Retry-After", "1");
    tribune_http_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                        "the stream is starting; try again in a second");
    return;
  }
  tribune_room_note_hls_client (room, client);
  tribune_room_add_hls_bytes (room, g_bytes_get_size (text));
  soup_message_headers_replace (h, "Cache-Control", blocking ? "public, max-age=6"
                                                            : "public, max-age=1");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (h, "application/vnd.apple.mpegurl", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), text);
}

static void
send_part (SoupServerMessage *msg, TribuneRoom *room, GBytes *data)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  tribune_room_add_hls_bytes (room, g_bytes_get_size (data));
  soup_message_headers_replace (h, "Cache-Control", "public, max-age=3600, immutable");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (h, "video/mp2t", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), data);
}

static void
send_timeout (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", "1");
  tribune_http_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                      "the stream has not reached that point; is the room on air?");
}

static gboolean
try_playlist (SoupServerMessage *msg, TribuneHlsPlaylist *playlist, gpointer data,
              gboolean last_chance)
{
  Wait *w = data;
  TribuneRoom *room = tribune_app_find_room (w->app, w->room_id);

  if (playlist != NULL && room != NULL &&
      tribune_hls_playlist_check_block (playlist, w->msn, w->part) == TRIBUNE_HLS_READY) {
    send_playlist (msg, room, playlist, TRUE);
    return TRUE;
  }
  if (last_chance)
    send_timeout (msg);
  return last_chance;
}

static gboolean
try_part (SoupServerMessage *msg, TribuneHlsPlaylist *playlist, gpointer data,
          gboolean last_chance)
{
  Wait *w = data;
  TribuneRoom *room = tribune_app_find_room (w->app, w->room_id);
  g_autoptr (GBytes) bytes = playlist ? tribune_hls_playlist_part_data (playlist, w->uri) : NULL;

  if (bytes != NULL && room != NULL) {
    send_part (msg, room, bytes);
    return TRUE;
  }
  if (playlist != NULL && !tribune_hls_playlist_is_hinted (playlist, w->uri)) {
    /* The writer broke off (a write error): that part will not come. */
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such part (the stream restarted)");
    return TRUE;
  }
  if (last_chance)
    send_timeout (msg);
  return last_chance;
}

/* 3 target durations, as RFC 8216bis suggests for a blocking request. */
static guint
hold_ms (TribuneHlsPlaylist *playlist)
{
  return 3 * tribune_hls_playlist_target (playlist) * 1000;
}

/* Reads _HLS_msn and _HLS_part: FALSE (and a 400 sent) when they are malformed. */
static gboolean
parse_block_query (SoupServerMessage *msg, gboolean *blocking, guint64 *msn, gint64 *part)
{
  const gchar *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr (GHashTable) params = query ? g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE,
                                                              NULL) : NULL;
  const gchar *m = params ? g_hash_table_lookup (params, "_HLS_msn") : NULL;
  const gchar *p = params ? g_hash_table_lookup (params, "_HLS_part") : NULL;
  guint64 value;

  *blocking = FALSE;
  *part = -1;
  if (query != NULL && params == NULL) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "the query string is malformed");
    return FALSE;
  }
  if (m == NULL && p == NULL)
    return TRUE;
  if (m == NULL) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "_HLS_part needs _HLS_msn");
    return FALSE;
  }
  if (!g_ascii_string_to_unsigned (m, 10, 0, G_MAXINT64, msn, NULL) ||
      (p && !g_ascii_string_to_unsigned (p, 10, 0, G_MAXINT32, &value, NULL))) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST,
                        "_HLS_msn and _HLS_part must be whole numbers of 0 or more");
    return FALSE;
  }
  if (p)
    *part = (gint64) value;
  *blocking = TRUE;
  return TRUE;
}

static void
serve_playlist (TribuneApp *app, SoupServerMessage *msg, TribuneRoom *room,
                TribuneHlsPlaylist *playlist, const gchar *room_id)
{
  gboolean blocking;
  guint64 msn = 0;
  gint64 part;
  Wait *w;

  if (!parse_block_query (msg, &blocking, &msn, &part))
    return;
  /* Without parts the playlist does not offer blocking reloads: answer at once. */
  if (!blocking || playlist == NULL || !tribune_hls_playlist_has_parts (playlist)) {
    if (playlist == NULL) {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      tribune_http_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                          "the stream is starting; try again in a second");
      return;
    }
    send_playlist (msg, room, playlist, FALSE);
    return;
  }
  switch (tribune_hls_playlist_check_block (playlist, msn, part)) {
  case TRIBUNE_HLS_READY:
    send_playlist (msg, room, playlist, TRUE);
    return;
  case TRIBUNE_HLS_TOO_FAR:
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST,
                        "_HLS_msn/_HLS_part is further ahead than the live edge allows");
    return;
  case TRIBUNE_HLS_WAIT:
    break;
  }
  w = g_new0 (Wait, 1);
  w->app = app;
  w->room_id = g_strdup (room_id);
  w->msn = msn;
  w->part = part;
  tribune_hls_hold (playlist, msg, hold_ms (playlist), try_playlist, w,
                    (GDestroyNotify) wait_free);
}

void
tribune_resource_hls (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  TribuneRoom *room = tribune_app_find_room (app, route->room);
  TribuneHlsPlaylist *playlist;

  tribune_http_cors (msg);
  if (room == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such room");
    return;
  }
  playlist = tribune_room_hls_playlist (room);

  if (g_str_equal (route->file, "index.m3u8")) {
    serve_playlist (app, msg, room, playlist, route->room);
    return;
  }
  if (playlist != NULL && g_str_has_suffix (route->file, ".ts") &&
      tribune_hls_playlist_has_parts (playlist)) {
    g_autoptr (GBytes) bytes = tribune_hls_playlist_part_data (playlist, route->file);

    if (bytes != NULL) {
      send_part (msg, room, bytes);
      return;
    }
    if (tribune_hls_playlist_is_hinted (playlist, route->file)) {
      Wait *w = g_new0 (Wait, 1);

      w->app = app;
      w->room_id = g_strdup (route->room);
      w->uri = g_strdup (route->file);
      tribune_hls_hold (playlist, msg, hold_ms (playlist), try_part, w,
                        (GDestroyNotify) wait_free);
      return;
    }
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
