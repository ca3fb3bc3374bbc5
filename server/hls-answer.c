/* hls-answer.c — see hls-answer.h.
 *
 * Error bodies are fixed texts of our own, so they are JSON as they stand.
 */
#include "hls-answer.h"
#include "hls-snapshot.h"
#include "http-util.h"
#include "tribune-build.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PLAYLIST_TYPE "application/vnd.apple.mpegurl"
#define SEGMENT_TYPE "video/mp2t"
#define IMMUTABLE "public, max-age=3600, immutable"

static void
answer_error (TribuneHlsRequest *req, guint status, const gchar *message, gboolean retry)
{
  g_autofree gchar *json = g_strdup_printf ("{\"error\":\"%s\"}", message);

  g_assert (strchr (message, '"') == NULL && strchr (message, '\\') == NULL);
  tribune_hls_request_clear_answer (req);
  req->status = status;
  req->content_type = "application/json";
  req->cache_control = "no-store";
  req->retry_after = retry;
  req->body = g_bytes_new_take (g_steal_pointer (&json), strlen (message) + 12);
}

static void
answer_bytes (TribuneHlsRequest *req, GBytes *body, const gchar *type, const gchar *cache)
{
  tribune_hls_request_clear_answer (req);
  req->status = 200;
  req->content_type = type;
  req->cache_control = cache;
  req->body = g_bytes_ref (body);
}

void
tribune_hls_request_init (TribuneHlsRequest *req, const gchar *room_id, const gchar *file,
                          const gchar *query, gboolean head, const gchar *remote,
                          const gchar *user_agent)
{
  memset (req, 0, sizeof *req);
  req->file_fd = -1;
  req->part = -1;
  req->room_id = g_strdup (room_id);
  req->file = g_strdup (file);
  req->head = head;
  req->client = tribune_http_client_key_from (remote, user_agent);
  if (query != NULL && g_str_equal (file, "index.m3u8")) {
    g_autoptr (GHashTable) params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE,
                                                        NULL);
    const gchar *m = params ? g_hash_table_lookup (params, "_HLS_msn") : NULL;
    const gchar *p = params ? g_hash_table_lookup (params, "_HLS_part") : NULL;
    guint64 value = 0;

    if (params == NULL) {
      answer_error (req, 400, "the query string is malformed", FALSE);
    } else if (m == NULL && p != NULL) {
      answer_error (req, 400, "_HLS_part needs _HLS_msn", FALSE);
    } else if (m != NULL) {
      if (!g_ascii_string_to_unsigned (m, 10, 0, G_MAXINT64, &req->msn, NULL) ||
          (p && !g_ascii_string_to_unsigned (p, 10, 0, G_MAXINT32, &value, NULL))) {
        answer_error (req, 400, "_HLS_msn and _HLS_part must be whole numbers of 0 or more",
                      FALSE);
      } else {
        req->blocking = TRUE;
        req->part = p ? (gint64) value : -1;
      }
    }
  }
}

/* Held until the snapshot has it, at most 3 target durations (RFC 8216bis); then 503. */
static TribuneHlsVerdict
hold_or_give_up (TribuneHlsRequest *req, TribuneHlsSnapshot *s, gboolean last_chance)
{
  if (!last_chance) {
    req->hold_ms = 3 * (gint64) tribune_hls_snapshot_target (s) * 1000;
    return TRIBUNE_HLS_ANSWER_HOLD;
  }
  answer_error (req, 503, "the stream has not reached that point; is the room on air?", TRUE);
  return TRIBUNE_HLS_ANSWER_NOW;
}

static TribuneHlsVerdict
answer_playlist (TribuneHlsRequest *req, TribuneRoom *room, TribuneHlsSnapshot *s,
                 gboolean last_chance)
{
  GBytes *text = s ? tribune_hls_snapshot_text (s) : NULL;
  gboolean blocking = req->blocking && s != NULL && tribune_hls_snapshot_has_parts (s);

  if (blocking) {
    switch (tribune_hls_snapshot_check_block (s, req->msn, req->part)) {
    case TRIBUNE_HLS_READY:
      break;
    case TRIBUNE_HLS_TOO_FAR:
      answer_error (req, 400, "_HLS_msn/_HLS_part is further ahead than the live edge allows",
                    FALSE);
      return TRIBUNE_HLS_ANSWER_NOW;
    case TRIBUNE_HLS_WAIT:
      return hold_or_give_up (req, s, last_chance);
    }
  }
  if (text == NULL) {
    /* The first segment is about a second away; players retry on 503. */
    answer_error (req, 503, "the stream is starting; try again in a second", TRUE);
    return TRIBUNE_HLS_ANSWER_NOW;
  }
  tribune_room_note_hls_client (room, req->client);
  tribune_room_add_hls_bytes (room, g_bytes_get_size (text));
  answer_bytes (req, text, PLAYLIST_TYPE, blocking ? "public, max-age=6" : "public, max-age=1");
  return TRIBUNE_HLS_ANSWER_NOW;
}

static void
answer_segment (TribuneHlsRequest *req, TribuneRoom *room, TribuneHlsSnapshot *s)
{
  g_autofree gchar *path = NULL;
  const gchar *dir = tribune_room_hls_dir (room);
  struct stat st;
  gint fd;

  if (s == NULL || dir == NULL || !g_str_has_suffix (req->file, ".ts") ||
      !tribune_hls_snapshot_knows (s, req->file)) {
    answer_error (req, 404, "no such segment (it may have expired)", FALSE);
    return;
  }
  path = g_build_filename (dir, req->file, NULL);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)) {
    if (fd >= 0)
      close (fd);
    answer_error (req, 404, "not found", FALSE);
    return;
  }
  tribune_hls_request_clear_answer (req);
  req->status = 200;
  req->content_type = SEGMENT_TYPE;
  req->cache_control = IMMUTABLE;
  req->file_fd = fd;
  req->file_len = (guint64) st.st_size;
  tribune_room_add_hls_bytes (room, req->file_len);
}

TribuneHlsVerdict
tribune_hls_request_answer (TribuneHlsRequest *req, TribuneApp *app, gboolean last_chance)
{
  TribuneRoom *room = tribune_app_find_room (app, req->room_id);
  TribuneHlsPlaylist *playlist;
  g_autoptr (TribuneHlsSnapshot) s = NULL;

  if (req->status != 0)
    return TRIBUNE_HLS_ANSWER_NOW;      /* a bad query, answered while parsing */
  if (room == NULL) {
    answer_error (req, 404, "no such room", FALSE);
    return TRIBUNE_HLS_ANSWER_NOW;
  }
  playlist = tribune_room_hls_playlist (room);
  s = playlist ? tribune_hls_playlist_snapshot (playlist) : NULL;

  if (g_str_equal (req->file, "index.m3u8"))
    return answer_playlist (req, room, s, last_chance);
  if (s != NULL && g_str_has_suffix (req->file, ".ts") && tribune_hls_snapshot_has_parts (s)) {
    GBytes *part = tribune_hls_snapshot_part (s, req->file);

    if (part != NULL) {
      tribune_room_add_hls_bytes (room, g_bytes_get_size (part));
      answer_bytes (req, part, SEGMENT_TYPE, IMMUTABLE);
      return TRIBUNE_HLS_ANSWER_NOW;
    }
    if (tribune_hls_snapshot_is_hinted (s, req->file))
      return hold_or_give_up (req, s, last_chance);
    if (req->hold_ms > 0) {
      /* Held for the hinted part, which will not come: the writer broke off. */
      answer_error (req, 404, "no such part (the stream restarted)", FALSE);
      return TRIBUNE_HLS_ANSWER_NOW;
    }
  }
  answer_segment (req, room, s);
  return TRIBUNE_HLS_ANSWER_NOW;
}

static const gchar *
reason (guint status)
{
  switch (status) {
  case 200: return "OK";
  case 400: return "Bad Request";
  case 404: return "Not Found";
  case 503: return "Service Unavailable";
  default: return "Unknown";
  }
}

gchar *
tribune_hls_request_format_head (TribuneHlsRequest *req, gboolean keep_alive,
                                  const gchar *date, gsize *len)
{
  guint64 length = req->body ? g_bytes_get_size (req->body) : req->file_len;
  GString *out = g_string_sized_new (400);

  g_string_append_printf (out, "HTTP/1.1 %u %s\r\n", req->status, reason (req->status));
  g_string_append_printf (out, "Date: %s\r\n", date);
  g_string_append (out, "Server: tribune/" TRIBUNE_VERSION "\r\n");
  g_string_append_printf (out, "Content-Type: %s\r\n", req->content_type);
  g_string_append_printf (out, "Content-Length: %" G_GUINT64_FORMAT "\r\n", length);
  g_string_append_printf (out, "Cache-Control: %s\r\n", req->cache_control);
  if (req->retry_after)
    g_string_append (out, "Retry-After: 1\r\n");
  g_string_append (out, "Access-Control-Allow-Origin: *\r\n"
                        "Access-Control-Expose-Headers: Location, Link, Accept-Patch, ETag, "
                        "Content-Length\r\n");
  if (req->file_fd >= 0)
    g_string_append (out, "X-Content-Type-Options: nosniff\r\n");
  g_string_append (out, keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
  *len = out->len;
  return g_string_free (out, FALSE);
}

void
tribune_hls_request_clear_answer (TribuneHlsRequest *req)
{
  req->status = 0;
  req->retry_after = FALSE;
  g_clear_pointer (&req->body, g_bytes_unref);
  if (req->file_fd >= 0)
    close (req->file_fd);
  req->file_fd = -1;
  req->file_len = 0;
}

void
tribune_hls_request_clear (TribuneHlsRequest *req)
{
  tribune_hls_request_clear_answer (req);
  g_clear_pointer (&req->room_id, g_free);
  g_clear_pointer (&req->file, g_free);
  g_clear_pointer (&req->client, g_free);
}
