/* hls-fast-answer.h — what the HLS fast path (hls-fast.h) answers to one request for
 * /hls/{room}/…: the same answers as hls-resource.c gives through libsoup (status,
 * headers, the playlist or part from the room's snapshot, a segment from disk), or "hold
 * it" for a Low-Latency blocking request, or "not mine" (libsoup takes the connection).
 *
 * Any thread: it reads only the rooms table (fixed after start-up) and HLS snapshots.
 */
#pragma once

#include "app.h"
#include "http-head.h"

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_FAST_RESPOND,     /* send the answer now */
  TRIBUNE_FAST_HOLD,        /* a blocking request: ask again when the playlist changes */
  TRIBUNE_FAST_HANDOFF,     /* not a request this path serves: libsoup's */
} TribuneFastVerdict;

typedef struct {
  /* What was asked (filled by tribune_fast_request_parse; owned). */
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
} TribuneFastRequest;

/* Reads the route and query of @head; HANDOFF if this path does not serve it. @remote:
 * the client's address text, for the viewer count. */
TribuneFastVerdict tribune_fast_request_parse (TribuneFastRequest *req, const TribuneHttpHead *head,
                                               const gchar *remote);
/* Decides the answer now. @last_chance: a held request's deadline passed: it must be
 * answered (503) instead of held again. */
TribuneFastVerdict tribune_fast_request_answer (TribuneFastRequest *req, TribuneApp *app,
                                                gboolean last_chance);
/* The current serial of the room's playlist snapshot (0: none), to tell held requests
 * when to try again. */
guint64 tribune_fast_request_serial (TribuneFastRequest *req, TribuneApp *app);
/* (transfer full) the status line and headers, ending in the blank line. @date: an
 * IMF-fixdate. */
gchar *tribune_fast_request_format_head (TribuneFastRequest *req, gboolean keep_alive,
                                         const gchar *date, gsize *len);
/* Drops the answer (not the request), e.g. after sending it. */
void tribune_fast_request_clear_answer (TribuneFastRequest *req);
void tribune_fast_request_clear (TribuneFastRequest *req);

G_END_DECLS
