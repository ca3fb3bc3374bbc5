/* http-head.h — reads the head of one HTTP/1.x request (RFC 9112) from a buffer, for the
 * HLS fast path (hls-fast.h).
 *
 * It only has to tell, safely, whether a request is one the fast path serves: a plain
 * GET or HEAD of a path, no body, nothing unusual. Everything else (other methods, a
 * body, Upgrade, Range, Expect, a head it cannot read) goes to libsoup untouched, which
 * answers it as before: this parser never has to produce an error response itself.
 * Pure and allocation-free: the fields point into the caller's buffer.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest head the fast path reads; a longer one goes to libsoup. */
#define TRIBUNE_HTTP_HEAD_MAX 8192

typedef enum {
  TRIBUNE_HTTP_HEAD_INCOMPLETE,   /* no blank line yet: wait for more bytes */
  TRIBUNE_HTTP_HEAD_FAST,         /* a GET/HEAD the fast path may serve */
  TRIBUNE_HTTP_HEAD_OTHER,        /* complete or not, for libsoup */
} TribuneHttpHeadKind;

typedef struct {
  gsize head_len;                 /* bytes up to and including the blank line */
  gboolean head;                  /* HEAD (no body in the answer) */
  gboolean keep_alive;            /* HTTP/1.1 without "Connection: close", or 1.0 with keep-alive */
  const gchar *path;              /* the target's path, not NUL-terminated */
  gsize path_len;
  const gchar *query;             /* after '?', or NULL */
  gsize query_len;
  const gchar *user_agent;        /* or NULL */
  gsize user_agent_len;
} TribuneHttpHead;

/* Reads @len bytes at @buf. FAST fills @out. OTHER with @out->head_len 0 means the head
 * is not complete but is already not for the fast path. */
TribuneHttpHeadKind tribune_http_head_parse (const gchar *buf, gsize len, TribuneHttpHead *out);

G_END_DECLS
