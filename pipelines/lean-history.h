/* lean-history.h — the lean sender's recent video packets, as the program sent them
 * (before any viewer's SRTP): the last LEAN_HISTORY_SIZE, by sequence number.
 *
 * Two uses. A viewer that reports a packet lost (NACK) gets it again. And a new viewer
 * starts at the most recent key frame, if it is recent enough: the key frame and every
 * packet since go out at once, so its first picture does not wait for the encoder to
 * make another (see lean-receive.c). For that the history notes where each key frame
 * begins (rtp-h264.h).
 *
 * Not thread-safe: the lean sender's lock protects it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LEAN_HISTORY_SIZE 1024          /* ~2-4 s of video; divides 65536 */
#define LEAN_HISTORY_MAX_PACKET 1536

typedef struct _LeanHistory LeanHistory;

LeanHistory *lean_history_new (void);
void lean_history_free (LeanHistory *history);

/* Keep one RTP packet (video, H.264) sent at @now_us (monotonic). Packets larger than
 * LEAN_HISTORY_MAX_PACKET or shorter than an RTP header are not kept. */
void lean_history_put (LeanHistory *history, const guint8 *rtp, gsize len, gint64 now_us);

/* The packet with sequence number @seq, or NULL if it is no longer (or never was) kept. */
const guint8 *lean_history_get (const LeanHistory *history, guint16 seq, gsize *len);

/* Where a new viewer can start: the first packet of the most recent key frame, if that
 * key frame was sent at most @max_age_us before @now_us and it and every packet since
 * are still kept. Then *first and *count give the packets to send (in order, from
 * lean_history_get) and the key frame's age is returned; otherwise -1. */
gint64 lean_history_since_keyframe (const LeanHistory *history, gint64 now_us,
                                    gint64 max_age_us, guint16 *first, guint *count);

G_END_DECLS
