/* lean-sender.h — a room's WHEP viewers, sent without a webrtcbin per viewer.
 *
 * The program payloads H.264 and Opus once (packet-tap.h). The lean sender copies each
 * packet for every connected viewer, sets the viewer's payload type and our SSRC,
 * protects it with the viewer's SRTP keys and sends all copies with one sendmmsg.
 * Per viewer there is no thread, no GstBuffer and no element: only ICE-lite credentials,
 * a DTLS-SRTP endpoint (dtls-srtp.h) and counters. docs/architecture.md ("Lean sender")
 * has the design; docs/performance.md the measurements against webrtcbin and Janus.
 *
 * - ICE-lite (RFC 8445 §2.5) on one UDP socket per candidate address, shared by all
 *   viewers of the room: we answer connectivity checks, and a viewer is known by the
 *   source address of its checks. Consent (RFC 7675): a viewer without a valid check for
 *   30 s is gone.
 * - DTLS server (a=setup:passive), one process-wide ECDSA P-256 certificate; the peer's
 *   certificate must match the fingerprint of its offer.
 * - RTCP in: PLI/FIR ask the program for a key frame; NACK resends from the last ~2 s of
 *   video; receiver reports give loss. Out: a sender report per stream per second.
 *
 * Threads: new/add/remove/free on the main thread. Packets are sent on the program's
 * streaming threads (the taps'); one receiving thread per sender reads the sockets.
 * @gone is called on the main context of the thread that made the sender.
 */
#pragma once

#include <glib.h>

#include "config.h"
#include "program.h"
#include "sdp-offer.h"

G_BEGIN_DECLS

typedef struct _TribuneLeanSender TribuneLeanSender;

/* A viewer left (DTLS close, no consent for 30 s, failed handshake); it is already
 * removed and freed. */
typedef void (*TribuneLeanGoneFunc) (const gchar *viewer_id, const gchar *reason,
                                     gpointer user_data);

typedef struct {
  guint viewers;             /* sessions, negotiating or connected */
  guint connected;           /* DTLS done, receiving media */
  guint64 packets_sent;      /* RTP + RTCP datagrams that left */
  guint64 bytes_sent;
  guint64 send_drops;        /* datagrams the kernel refused (buffer full) */
  guint64 retransmissions;   /* packets resent after a NACK */
  guint64 nacks_unanswered;  /* asked for but no longer in the history */
  guint64 keyframe_requests; /* PLI + FIR received */
  guint64 keyframe_replays;  /* viewers started at a key frame already sent */
  guint64 bytes_from_program; /* RTP bytes the program's taps handed to the sender */
} TribuneLeanStats;

/* Opens the room's UDP sockets (@config->ice_addresses, or every IPv4 interface
 * address) and starts the receiving thread. (transfer full) Error TRIBUNE_ERROR_PIPELINE
 * with the reason (no address, socket error, OpenSSL). */
TribuneLeanSender *tribune_lean_sender_new (const gchar *room_id, TribuneProgram *program,
                                            const TribuneConfig *config,
                                            TribuneLeanGoneFunc gone, gpointer gone_data,
                                            GError **error);
void tribune_lean_sender_free (TribuneLeanSender *sender);

/* Answer a WHEP offer accepted by tribune_offer_plan_for_playback() as @plan. The
 * viewer exists from now on under @viewer_id. Returns the SDP answer (transfer full) or
 * NULL with TRIBUNE_ERROR_BAD_INPUT. */
gchar *tribune_lean_sender_add_viewer (TribuneLeanSender *sender, const gchar *viewer_id,
                                       const TribuneOfferPlan *plan, const gchar *offer,
                                       GError **error);
/* FALSE if there is no such viewer. Sends a DTLS close_notify first. */
gboolean tribune_lean_sender_remove_viewer (TribuneLeanSender *sender,
                                            const gchar *viewer_id);
gboolean tribune_lean_sender_has_viewer (TribuneLeanSender *sender, const gchar *viewer_id);
void tribune_lean_sender_get_stats (TribuneLeanSender *sender, TribuneLeanStats *stats);

G_END_DECLS
