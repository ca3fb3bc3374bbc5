/* hls-fast.h — the HLS fast path: the server's listening socket, its connections, and
 * the answers to HLS GETs, on a few threads of our own; every other request goes to
 * libsoup on the main thread as before.
 *
 * Why: libsoup costs ≈60 µs of the one main thread per request (its per-message GObject
 * machinery), so Tribune served 0.17–0.35 of nginx's HLS requests/s on the same
 * machine (docs/performance.md). HLS is the one kind of request that comes by the
 * thousand (every LL-HLS player reloads the playlist and fetches a part ~2.5 times a
 * second), and its answers are bytes already in memory (hls-snapshot.h) or a file.
 *
 * How: worker threads (one per core, at most 4) share the listening socket through
 * epoll. A connection's bytes are only peeked at until a whole request head is there
 * (http-head.h). A plain GET or HEAD of /hls/… is consumed and answered here
 * (hls-answer.h): playlists and parts from memory, segments with sendfile,
 * Low-Latency blocking requests held in the worker until the snapshot has what they
 * ask for. Anything else — another path, a body, a WebSocket, a head we do not fully
 * understand — is handed, unread, to libsoup (soup_server_accept_iostream) with the
 * rest of its connection, so libsoup sees exactly the bytes the client sent.
 */
#pragma once

#include "app.h"

G_BEGIN_DECLS

typedef struct _TribuneHlsFast TribuneHlsFast;

/* Takes ownership of @listen_fd (bound, listening). */
TribuneHlsFast *tribune_hls_fast_new (TribuneApp *app, gint listen_fd, guint workers,
                                      GError **error);
/* Stops the workers and closes every connection they hold (not those handed on). */
void tribune_hls_fast_free (TribuneHlsFast *fast);

typedef struct {
  guint64 requests;         /* answered on the fast path */
  guint64 handoffs;         /* connections given to libsoup */
  guint held;               /* blocking requests waiting now */
  guint connections;        /* open on the fast path now */
} TribuneHlsFastStats;

void tribune_hls_fast_get_stats (TribuneHlsFast *fast, TribuneHlsFastStats *stats);

G_END_DECLS
