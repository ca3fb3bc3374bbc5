/* hls-answer.h — the answer to one request for /hls/{room}/…, decided from the room's
 * HLS snapshot (hls-snapshot.h): the playlist or a part from memory, a segment file, an
 * error, or "hold it" for a Low-Latency blocking request until the playlist changes.
 *
 * One rule book for both ways a request arrives: the HTTP threads (hls-fast.c) write
 * the answer themselves; libsoup's handler (hls-resource.c) copies it into its message.
 * Any thread: it reads only the rooms table (fixed after start-up) and snapshots.
 */
#pragma once

#include "app.h"

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_HLS_ANSWER_NOW,   /* send the answer now */
  TRIBUNE_HLS_ANSWER_HOLD,  /* a blocking request: ask again when the playlist changes */
} TribuneHlsVerdict;

typedef struct {
  /* What was asked (tribune_hls_request_init; owned). */
  gchar *room_id;
  gchar *file;
  gboolean head;
  gboolean blocking;
  guint64 msn;
  gint64 part;              /* -1: the whole segment */
  gchar *client;            /* hashed address + User-Agent, for the viewer count */
  /* The answer. */
  guint status;
  const gchar *content_type;
  const gchar *cache_control;
  gboolean retry_after;     /* "Retry-After: 1" */
  GBytes *body;             /* from memory, or NULL */
  gint file_fd;             /* a segment file, or -1 */
  guint64 file_len;
  gint64 hold_ms;           /* for HOLD: how long at most */
} TribuneHlsRequest;

/* @query: the raw query string or NULL; @remote and @user_agent (either may be NULL)
 * identify the client for the viewer count. A malformed query is answered (400) here. */
void tribune_hls_request_init (TribuneHlsRequest *req, const gchar *room_id, const gchar *file,
                               const gchar *query, gboolean head, const gchar *remote,
                               const gchar *user_agent);
/* Decides the answer now. @last_chance: a held request's deadline passed: it must be
 * answered (503) instead of held again. */
TribuneHlsVerdict tribune_hls_request_answer (TribuneHlsRequest *req, TribuneApp *app,
                                                gboolean last_chance);
/* (transfer full) the status line and headers, ending in the blank line, for the HTTP
 * threads. @date: an IMF-fixdate. */
gchar *tribune_hls_request_format_head (TribuneHlsRequest *req, gboolean keep_alive,
                                         const gchar *date, gsize *len);
/* Drops the answer (not the request), e.g. after sending it. */
void tribune_hls_request_clear_answer (TribuneHlsRequest *req);
void tribune_hls_request_clear (TribuneHlsRequest *req);

G_END_DECLS
