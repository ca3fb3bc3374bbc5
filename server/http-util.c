/* http-util.c — see http-util.h. */
#include "http-util.h"
#include "tribune-error.h"

#include <string.h>

void
tribune_http_json (SoupServerMessage *msg, guint status, JsonNode *node)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  gchar *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

void
tribune_http_error (SoupServerMessage *msg, guint status, const gchar *message)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  tribune_http_json (msg, status, node);
}

void
tribune_http_gerror (SoupServerMessage *msg, const GError *error)
{
  tribune_http_error (msg, tribune_error_http_status (error), error->message);
}

void
tribune_http_json_or_error (SoupServerMessage *msg, guint status, JsonNode *node,
                            GError **error)
{
  if (node == NULL) {
    tribune_http_gerror (msg, *error);
    return;
  }
  tribune_http_json (msg, status, node);
  json_node_unref (node);
}

void
tribune_http_text (SoupServerMessage *msg, guint status, const gchar *content_type,
                   const gchar *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body,
                                    body ? strlen (body) : 0);
}

void
tribune_http_cors (SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (h, "Access-Control-Expose-Headers",
                                "Location, Link, Accept-Patch, ETag, Content-Length");
}

void
tribune_http_preflight (SoupServerMessage *msg, const gchar *methods)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  tribune_http_cors (msg);
  soup_message_headers_replace (h, "Access-Control-Allow-Methods", methods);
  soup_message_headers_replace (h, "Access-Control-Allow-Headers",
                                "Authorization, Content-Type, If-Match");
  soup_message_headers_replace (h, "Access-Control-Max-Age", "86400");
  soup_message_headers_replace (h, "Allow", methods);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

gboolean
tribune_http_bearer_matches (SoupServerMessage *msg, const gchar *key)
{
  const gchar *auth = soup_message_headers_get_one (
      soup_server_message_get_request_headers (msg), "Authorization");
  const gchar *given;
  gsize given_len, key_len;
  guchar diff = 0;

  if (key == NULL || auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0)
    return FALSE;
  given = auth + 7;
  given_len = strlen (given);
  key_len = strlen (key);
  /* Compare every byte whatever the first difference, so timing tells nothing. */
  for (gsize i = 0; i < key_len; i++)
    diff |= (guchar) key[i] ^ (guchar) (i < given_len ? given[i] : 0);
  return diff == 0 && given_len == key_len;
}

gchar *
tribune_http_body_text (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  gsize len = 0;
  const gchar *data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    return NULL;
  return g_strndup (data, len);
}

gchar *
tribune_http_client_key (SoupServerMessage *msg)
{
  return tribune_http_client_key_from (soup_server_message_get_remote_host (msg),
      soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                    "User-Agent"));
}

gchar *
tribune_http_client_key_from (const gchar *host, const gchar *user_agent)
{
  g_autofree gchar *raw = g_strdup_printf ("%s|%s", host ? host : "",
                                           user_agent ? user_agent : "");

  /* Hashed: the table of clients holds no addresses, only counts. */
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, raw, -1);
}

JsonNode *
tribune_http_body_json_object (SoupServerMessage *msg)
{
  g_autofree gchar *body = tribune_http_body_text (msg);
  JsonNode *root = body ? json_from_string (body, NULL) : NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_clear_pointer (&root, json_node_unref);
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "the body must be a JSON object");
  }
  return root;
}

const gchar *
tribune_json_string_member (JsonObject *object, const gchar *name)
{
  JsonNode *n = json_object_get_member (object, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}
