/* hls-resource.c — GET /hls/{room}/index.m3u8, its segments and its Low-Latency parts,
 * when libsoup has the connection: with `hls_threads = 0`, or on a connection the HTTP
 * threads handed on after a page or API request (hls-fast.h). The answer is decided by
 * hls-answer.c, the same rules the HTTP threads use; this file copies it into libsoup's
 * message, and holds a blocking request (hls-blocking.h) until the playlist changes.
 *
 * Caching (a CDN or the nginx edge in deploy/): segments and parts never change once
 * they exist (immutable); a blocking reload's answer stays right for its query string
 * (it has at least what was asked), so it may be cached for a while; the plain playlist
 * changes with every part and is cached for at most a second.
 */
#include "resources.h"
#include "hls-answer.h"
#include "hls-blocking.h"
#include "http-util.h"

#include <string.h>

typedef struct {
  TribuneApp *app;
  TribuneHlsRequest req;
} Held;

static void
held_free (Held *h)
{
  tribune_hls_request_clear (&h->req);
  g_free (h);
}

static void
send_answer (SoupServerMessage *msg, TribuneHlsRequest *req)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
  g_autoptr (GBytes) body = req->body ? g_bytes_ref (req->body) : NULL;

  if (body == NULL && req->file_fd >= 0) {
    g_autoptr (GMappedFile) file = g_mapped_file_new_from_fd (req->file_fd, FALSE, NULL);

    if (file == NULL) {
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
    body = g_mapped_file_get_bytes (file);
    soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  }
  soup_server_message_set_status (msg, req->status, NULL);
  soup_message_headers_replace (h, "Cache-Control", req->cache_control);
  if (req->retry_after)
    soup_message_headers_replace (h, "Retry-After", "1");
  soup_message_headers_set_content_type (h, req->content_type, NULL);
  if (body == NULL)
    return;
  if (req->head)
    soup_message_headers_set_content_length (h, g_bytes_get_size (body));
  else
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static gboolean
try_held (SoupServerMessage *msg, TribuneHlsPlaylist *playlist, gpointer data,
          gboolean last_chance)
{
  Held *h = data;

  if (tribune_hls_request_answer (&h->req, h->app, last_chance) == TRIBUNE_HLS_ANSWER_HOLD)
    return FALSE;
  send_answer (msg, &h->req);
  return TRUE;
}

void
tribune_resource_hls (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  TribuneRoom *room = tribune_app_find_room (app, route->room);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  Held *h = g_new0 (Held, 1);

  tribune_http_cors (msg);
  h->app = app;
  tribune_hls_request_init (&h->req, route->room, route->file,
                            g_uri_get_query (soup_server_message_get_uri (msg)),
                            g_str_equal (soup_server_message_get_method (msg), "HEAD"),
                            soup_server_message_get_remote_host (msg),
                            soup_message_headers_get_one (request, "User-Agent"));
  if (tribune_hls_request_answer (&h->req, app, FALSE) == TRIBUNE_HLS_ANSWER_HOLD) {
    TribuneHlsPlaylist *playlist = room ? tribune_room_hls_playlist (room) : NULL;

    if (playlist != NULL) {
      /* Tried again each time the playlist changes, and answered by its deadline. */
      tribune_hls_hold (playlist, msg, (guint) h->req.hold_ms, try_held, h,
                        (GDestroyNotify) held_free);
      return;
    }
    tribune_hls_request_answer (&h->req, app, TRUE);
  }
  send_answer (msg, &h->req);
  held_free (h);
}
