/* static-resource.c — the web pages and their files.
 *
 * Pages are plain HTML from web/; they find their room id in the URL and ask the API.
 * A page for an unknown room answers 404 with the same page (it shows "room not found"),
 * so people who mistype a link get a friendly page, not a JSON error. The same holds for
 * an archive page or a chair console of a meeting that does not exist.
 */
#include "resources.h"
#include "http-util.h"
#include "store-advices.h"
#include "store-meetings.h"

static const struct {
  const gchar *suffix;
  const gchar *type;
} content_types[] = {
  { ".html", "text/html; charset=utf-8" },
  { ".js", "text/javascript; charset=utf-8" },
  { ".mjs", "text/javascript; charset=utf-8" },
  { ".css", "text/css; charset=utf-8" },
  { ".json", "application/json; charset=utf-8" },
  { ".svg", "image/svg+xml" },
  { ".png", "image/png" },
  { ".ico", "image/x-icon" },
  { ".woff2", "font/woff2" },
  { ".ts", "video/mp2t" },
  { ".m3u8", "application/vnd.apple.mpegurl" },
  { ".vtt", "text/vtt; charset=utf-8" },
  { ".map", "application/json" },
};

static const gchar *
content_type_for (const gchar *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++) {
    if (g_str_has_suffix (path, content_types[i].suffix))
      return content_types[i].type;
  }
  return "application/octet-stream";
}

void
tribune_resource_send_file (SoupServerMessage *msg, const gchar *path,
                            const gchar *cache_control)
{
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      (file = g_mapped_file_new (path, FALSE, NULL)) == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "not found");
    return;
  }
  bytes = g_mapped_file_get_bytes (file);
  soup_message_headers_replace (h, "Cache-Control", cache_control);
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (h, content_type_for (path), NULL);
  if (!g_str_equal (soup_server_message_get_method (msg), "HEAD"))
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
  else
    soup_message_headers_set_content_length (h, g_bytes_get_size (bytes));
}

#define PAGE_CSP \
  "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " \
  "style-src 'self' 'unsafe-inline'; connect-src 'self'; worker-src 'self' blob:; "

static void
send_page (TribuneApp *app, SoupServerMessage *msg, const gchar *page, guint status)
{
  g_autofree gchar *path = g_build_filename (app->config->web_dir, page, NULL);
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  tribune_resource_send_file (msg, path, "no-cache");
  if (soup_server_message_get_status (msg) == SOUP_STATUS_OK && status != SOUP_STATUS_OK)
    soup_server_message_set_status (msg, status, NULL);
  /* Pages load only our own scripts; user text is inserted with textContent. */
  soup_message_headers_replace (h, "Content-Security-Policy",
      PAGE_CSP "frame-ancestors *");
  soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
}

/* The staff pages (login, admin, chair console) act with the session: no other site may
 * frame them, or it could trick the chair into pressing "End meeting" (clickjacking). */
static void
send_staff_page (TribuneApp *app, SoupServerMessage *msg, const gchar *page, guint status)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  send_page (app, msg, page, status);
  soup_message_headers_replace (h, "Content-Security-Policy", PAGE_CSP "frame-ancestors 'self'");
  soup_message_headers_replace (h, "X-Frame-Options", "SAMEORIGIN");
}

static gboolean
meeting_exists (TribuneApp *app, const gchar *id_text)
{
  g_autoptr (JsonNode) meeting = NULL;
  guint64 id = 0;

  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    return FALSE;
  meeting = tribune_store_meeting_get (app->store, (gint64) id, NULL);
  return meeting != NULL;
}

void
tribune_resource_static (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  switch (route->kind) {
    case TRIBUNE_ROUTE_PAGE_INDEX:
      send_page (app, msg, "index.html", SOUP_STATUS_OK);
      break;
    case TRIBUNE_ROUTE_PAGE_ROOM:
    case TRIBUNE_ROUTE_PAGE_HALL:
      send_page (app, msg, route->kind == TRIBUNE_ROUTE_PAGE_ROOM ? "room.html" : "hall.html",
                 tribune_app_find_room (app, route->room) ? SOUP_STATUS_OK
                                                          : SOUP_STATUS_NOT_FOUND);
      break;
    case TRIBUNE_ROUTE_PAGE_ARCHIVE:
      send_page (app, msg, "archive.html", SOUP_STATUS_OK);
      break;
    case TRIBUNE_ROUTE_PAGE_ARCHIVE_MEETING:
      send_page (app, msg, "archive-meeting.html",
                 meeting_exists (app, route->file) ? SOUP_STATUS_OK : SOUP_STATUS_NOT_FOUND);
      break;
    case TRIBUNE_ROUTE_PAGE_LOGIN:
      send_staff_page (app, msg, "login.html", SOUP_STATUS_OK);
      break;
    case TRIBUNE_ROUTE_PAGE_ADMIN:
      send_staff_page (app, msg, "admin.html", SOUP_STATUS_OK);
      break;
    case TRIBUNE_ROUTE_PAGE_JOIN:
      /* The invite token is in the address; pages send no referrer (above). */
      send_page (app, msg, "join.html",
                 meeting_exists (app, route->file) ? SOUP_STATUS_OK : SOUP_STATUS_NOT_FOUND);
      break;
    case TRIBUNE_ROUTE_PAGE_CHAIR:
      /* The page itself asks for a session; only whether the meeting exists shows here. */
      send_staff_page (app, msg, "chair.html",
                       meeting_exists (app, route->file) ? SOUP_STATUS_OK : SOUP_STATUS_NOT_FOUND);
      break;
    case TRIBUNE_ROUTE_PAGE_ADVICES:
      send_page (app, msg, "advices.html", SOUP_STATUS_OK);
      break;
    case TRIBUNE_ROUTE_PAGE_ADVICE: {
      guint64 id = 0;
      gboolean known = g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL) &&
                       tribune_store_advice_exists (app->store, (gint64) id);

      send_page (app, msg, "advice.html", known ? SOUP_STATUS_OK : SOUP_STATUS_NOT_FOUND);
      break;
    }
    case TRIBUNE_ROUTE_PAGE_ADMIN_ADVICES:
      send_staff_page (app, msg, "admin-advices.html", SOUP_STATUS_OK);
      break;
    case TRIBUNE_ROUTE_STATIC: {
      g_autofree gchar *path = g_build_filename (app->config->web_dir, route->file, NULL);
      tribune_resource_send_file (msg, path, "no-cache");
      break;
    }
    case TRIBUNE_ROUTE_VENDOR: {
      g_autofree gchar *path = g_build_filename (app->config->vendor_dir, route->file, NULL);
      tribune_http_cors (msg);
      tribune_resource_send_file (msg, path, "public, max-age=86400");
      break;
    }
    default:
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "not found");
  }
}
