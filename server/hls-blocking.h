/* hls-blocking.h — holds Low-Latency HLS requests until the live playlist has what they
 * ask for: a playlist reload with _HLS_msn/_HLS_part, or the part named in the
 * preload hint (RFC 8216bis 6.2.5.2 and 6.2.6).
 *
 * A held request is paused (soup_server_message_pause) and tried again every time the
 * room's writer adds a part or a segment; at its deadline it is tried a last time and
 * must be answered then. A client that goes away is forgotten. Main thread only.
 */
#pragma once

#include "hls-playlist.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Answer @msg if @playlist now has what it waits for, and return TRUE; return FALSE to
 * keep waiting. With @last_chance it must answer (the deadline passed, or the playlist
 * is going away: then @playlist is NULL). */
typedef gboolean (*TribuneHlsTry) (SoupServerMessage *msg, TribuneHlsPlaylist *playlist,
                                   gpointer data, gboolean last_chance);

void tribune_hls_hold (TribuneHlsPlaylist *playlist, SoupServerMessage *msg, guint timeout_ms,
                       TribuneHlsTry try_answer, gpointer data, GDestroyNotify destroy);
/* Requests held now, over all rooms (for /metrics and tests). */
guint tribune_hls_held (void);

G_END_DECLS
