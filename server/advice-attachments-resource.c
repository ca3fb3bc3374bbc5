/* advice-attachments-resource.c — PDF attachments of an advice (docs/advices.md):
 *
 *   GET    /api/advices/{id}/attachments                 → {"attachments": […]}
 *   POST   /api/advices/{id}/attachments?kind=advice|response&name=file.pdf
 *          body: the PDF, Content-Type application/pdf   → 201 A (the advice)
 *   GET    /api/advices/{id}/attachments/{attachment}    → the file
 *   DELETE /api/advices/{id}/attachments/{attachment}    → 204 (admin)
 *
 * Files are stored as {data}/attachments/{sha256}.pdf: the uploader's name is display
 * text only and never reaches the file system, so "../../etc/passwd.pdf" is just a
 * strange title. Only PDFs (checked by their first bytes, not just the header) are kept,
 * and they are served as downloads in a sandbox, so a hostile file cannot run as a page
 * of this site. Writes are the secretary's (role admin). */
#include "resources.h"
#include "advice-deadline.h"
#include "auth.h"
#include "http-util.h"
#include "store-advices.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static const gchar *const secretaries[] = { "admin", NULL };

static gchar *
attachment_path (TribuneApp *app, const gchar *sha256)
{
  g_autofree gchar *file = g_strconcat (sha256, ".pdf", NULL);

  return g_build_filename (app->config->data_dir, "attachments", file, NULL);
}

/* The name as display text: the last path part, no control or direction-override
 * characters, at most 200 characters, ending in ".pdf". */
static gchar *
clean_name (const gchar *given)
{
  g_autoptr (GString) out = g_string_new (NULL);
  const gchar *start = given ? given : "";
  guint count = 0;

  for (const gchar *p = start; *p; p++) {
    if (*p == '/' || *p == '\\')
      start = p + 1;
  }
  if (!g_utf8_validate (start, -1, NULL))
    start = "";
  for (const gchar *p = start; *p && count < 190; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
      continue;
    g_string_append_unichar (out, c);
    count++;
  }
  g_strstrip (out->str);
  g_string_set_size (out, strlen (out->str));
  while (out->len > 0 && out->str[0] == '.')
    g_string_erase (out, 0, 1);
  if (out->len == 0)
    g_string_assign (out, "bijlage");
  {
    g_autofree gchar *lower = g_ascii_strdown (out->str, -1);

    if (!g_str_has_suffix (lower, ".pdf"))
      g_string_append (out, ".pdf");
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Only the attachments: not the whole advice, whose agenda items would load recordings. */
static void
list (TribuneApp *app, SoupServerMessage *msg, gint64 id)
{
  g_autoptr (JsonNode) reply = tribune_store_advice_attachments (app->store, id);

  tribune_http_json (msg, SOUP_STATUS_OK, reply);
}

/* Write @bytes to @path unless it is there already (same hash, same content): to a
 * temporary name, flushed to disk, then renamed, so a crash leaves no half file. */
static gboolean
store_file (const gchar *path, GBytes *bytes, GError **error)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  gsize size;
  const gchar *data = g_bytes_get_data (bytes, &size);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0750) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot make %s: %s",
                 dir, g_strerror (errno));
    return FALSE;
  }
  return g_file_set_contents_full (path, data, (gssize) size,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE, 0640, error);
}

static void
upload (TribuneApp *app, SoupServerMessage *msg, gint64 id, GHashTable *query)
{
  g_autoptr (TribuneUser) user = tribune_auth_require (app, msg, secretaries);
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *name = NULL, *sha256 = NULL, *path = NULL;
  const gchar *kind = query ? g_hash_table_lookup (query, "kind") : NULL;
  const gchar *type;
  gsize size = 0;
  const guint8 *data;
  gsize limit = (gsize) app->config->attachment_max_mb * 1024 * 1024;

  if (user == NULL)
    return;
  if (kind == NULL || *kind == '\0')
    kind = "advice";
  if (!g_str_equal (kind, "advice") && !g_str_equal (kind, "response")) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "kind is advice or response");
    return;
  }
  type = soup_message_headers_get_content_type (
      soup_server_message_get_request_headers (msg), NULL);
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &size);
  if (g_strcmp0 (type, "application/pdf") != 0 || size < 5 || memcmp (data, "%PDF-", 5) != 0) {
    tribune_http_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                        "only PDF files: send the file itself with Content-Type application/pdf");
    return;
  }
  if (size > limit) {
    g_autofree gchar *text = g_strdup_printf ("an attachment is at most %u MB",
                                              app->config->attachment_max_mb);
    tribune_http_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, text);
    return;
  }
  name = clean_name (query ? g_hash_table_lookup (query, "name") : NULL);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  path = attachment_path (app, sha256);
  if (!store_file (path, body, &error)) {
    gboolean full = g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);

    g_warning ("advice %" G_GINT64_FORMAT ": attachment not stored: %s%s", id, error->message,
               full ? " — free disk space under the data directory" : "");
    tribune_http_error (msg, full ? SOUP_STATUS_INSUFFICIENT_STORAGE
                                  : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                        full ? "the server's disk is full; the file was not stored"
                             : "the file could not be stored");
    return;
  }
  if (tribune_store_advice_attachment_add (app->store, id, kind, name, sha256, (gint64) size,
                                           user->username, &error) == 0) {
    tribune_http_gerror (msg, error);
    return;
  }
  g_message ("advice %" G_GINT64_FORMAT ": %s attachment (%" G_GSIZE_FORMAT " bytes) by user %"
             G_GINT64_FORMAT, id, kind, size, user->id);
  {
    GDate day;

    tribune_advice_today (app, &day);
    tribune_http_json_or_error (msg, SOUP_STATUS_CREATED,
                                tribune_store_advice_get (app->store, id, &day, &error), &error);
  }
}

/* Content-Disposition with an ASCII fallback name and the UTF-8 name (RFC 6266). */
static gchar *
disposition (const gchar *name)
{
  g_autoptr (GString) ascii = g_string_new (NULL);
  g_autofree gchar *encoded = g_uri_escape_string (name, NULL, FALSE);

  for (const gchar *p = name; *p; p++)
    g_string_append_c (ascii, g_ascii_isalnum (*p) || *p == '.' || *p == '-' || *p == '_'
                              ? *p : '_');
  return g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii->str,
                          encoded);
}

static void
one (TribuneApp *app, SoupServerMessage *msg, gint64 id, const gchar *attachment_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) found = NULL;
  guint64 attachment = 0;
  JsonObject *a;

  if (!g_ascii_string_to_unsigned (attachment_text, 10, 1, G_MAXINT64, &attachment, NULL)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such attachment");
    return;
  }
  if (g_str_equal (soup_server_message_get_method (msg), "DELETE")) {
    g_autoptr (TribuneUser) user = tribune_auth_require (app, msg, secretaries);
    g_autofree gchar *unused = NULL;

    if (user == NULL)
      return;
    unused = tribune_store_advice_attachment_remove (app->store, id, (gint64) attachment,
                                                     user->username, &error);
    if (unused == NULL) {
      tribune_http_gerror (msg, error);
      return;
    }
    if (*unused) {
      g_autofree gchar *path = attachment_path (app, unused);
      g_remove (path);
    }
    g_message ("advice %" G_GINT64_FORMAT ": attachment %" G_GUINT64_FORMAT " removed by user %"
               G_GINT64_FORMAT, id, attachment, user->id);
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    return;
  }
  if ((found = tribune_store_advice_attachment_get (app->store, id, (gint64) attachment,
                                                    &error)) == NULL) {
    tribune_http_gerror (msg, error);
    return;
  }
  a = json_node_get_object (found);
  {
    g_autofree gchar *path = attachment_path (app, json_object_get_string_member (a, "sha256"));
    g_autofree gchar *header = disposition (json_object_get_string_member (a, "name"));
    SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

    tribune_resource_send_file (msg, path, "no-cache");
    if (soup_server_message_get_status (msg) != SOUP_STATUS_OK) {
      g_warning ("advice %" G_GINT64_FORMAT ": attachment %" G_GUINT64_FORMAT " is missing "
                 "from %s/attachments; restore it from a backup", id, attachment,
                 app->config->data_dir);
      return;
    }
    soup_message_headers_set_content_type (h, "application/pdf", NULL);
    soup_message_headers_replace (h, "Content-Disposition", header);
    soup_message_headers_replace (h, "Content-Security-Policy", "sandbox; default-src 'none'");
  }
}

void
tribune_resource_advice_attachments (TribuneApp *app, SoupServerMessage *msg,
                                     const TribuneRoute *route, GHashTable *query)
{
  guint64 id = 0;

  tribune_http_cors (msg);
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL) ||
      !tribune_store_advice_exists (app->store, (gint64) id)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such advice");
    return;
  }
  if (route->kind == TRIBUNE_ROUTE_API_ADVICE_ATTACHMENT)
    one (app, msg, (gint64) id, route->item);
  else if (g_str_equal (soup_server_message_get_method (msg), "POST"))
    upload (app, msg, (gint64) id, query);
  else
    list (app, msg, (gint64) id);
}
