/* http-util.h — small helpers every resource handler uses: JSON and error replies,
 * CORS headers, bearer keys. Main thread. */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* {"error": message} with @status; message is user-visible English. */
void tribune_http_error (SoupServerMessage *msg, guint status, const gchar *message);
/* The error's TRIBUNE_ERROR code decides the status. */
void tribune_http_gerror (SoupServerMessage *msg, const GError *error);
void tribune_http_json (SoupServerMessage *msg, guint status, JsonNode *node);
/* Reply @node (consumed) with @status, or the error when @node is NULL. Pass &error: it
 * is read only here, after the store call that computes @node has set it (passing
 * `error` itself would be evaluated before that call, as NULL). */
void tribune_http_json_or_error (SoupServerMessage *msg, guint status, JsonNode *node,
                                 GError **error);
void tribune_http_text (SoupServerMessage *msg, guint status, const gchar *content_type,
                        const gchar *body);
/* Access-Control-* headers so players and publishers on other sites (a municipality's
 * web page) can use WHEP, WHIP and HLS. */
void tribune_http_cors (SoupServerMessage *msg);
/* Answer a CORS preflight for a route that allows @methods. */
void tribune_http_preflight (SoupServerMessage *msg, const gchar *methods);
/* Does the Authorization header carry "Bearer @key"? Constant-time compare. */
gboolean tribune_http_bearer_matches (SoupServerMessage *msg, const gchar *key);
/* Request body as a NUL-terminated string (transfer full), NULL if empty. */
gchar *tribune_http_body_text (SoupServerMessage *msg);
/* The body as a JSON object (transfer full); on failure replies 400 and returns NULL. */
JsonNode *tribune_http_body_json_object (SoupServerMessage *msg);
/* A string member, or NULL when absent or not a string. */
const gchar *tribune_json_string_member (JsonObject *object, const gchar *name);
/* Client identity for counting HLS viewers: address + user agent, hashed. */
gchar *tribune_http_client_key (SoupServerMessage *msg);
/* The same from the address text and User-Agent (NULL allowed); any thread. */
gchar *tribune_http_client_key_from (const gchar *host, const gchar *user_agent);

G_END_DECLS
