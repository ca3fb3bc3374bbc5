/* lean-answer.h — the SDP answer of the lean WebRTC sender (lean-sender.h) to a WHEP
 * offer, and what the sender needs to know from that offer.
 *
 * The lean sender is ICE-lite (RFC 8445 §2.5) on one UDP socket per room, DTLS server
 * (a=setup:passive), sends only, and bundles everything on that one transport. So the
 * answer says a=ice-lite, lists the room's host candidates on every accepted m-line,
 * repeats the offer's codec entry (payload type, fmtp) and the feedback we act on (NACK,
 * PLI, FIR), and announces our SSRCs. m-lines we do not use are rejected (port 0).
 *
 * Pure functions; any thread.
 */
#pragma once

#include <glib.h>

#include "sdp-offer.h"

G_BEGIN_DECLS

typedef struct {
  const gchar *ufrag;           /* ours (ICE) */
  const gchar *pwd;
  const gchar *fingerprint;     /* ours: "sha-256 AB:…" */
  const gchar *const *candidates;   /* "IP PORT" each, NULL-terminated */
  guint32 video_ssrc, audio_ssrc;
} TribuneLeanAnswerParams;

typedef struct {
  gchar *remote_ufrag;
  gchar *remote_fingerprint;    /* "sha-256 AB:…" */
  gboolean video_nack, video_pli, video_fir;
} TribuneLeanOffer;

/* Build the answer to @offer, which tribune_offer_plan_for_playback() accepted as @plan.
 * Fills @out (clear it with tribune_lean_offer_clear). Error TRIBUNE_ERROR_BAD_INPUT when
 * the offer cannot ride on one bundled, rtcp-muxed transport (no a=mid, no a=rtcp-mux,
 * no a=setup we can answer passive to). Returns the answer (transfer full) or NULL. */
gchar *tribune_lean_answer_build (const gchar *offer, const TribuneOfferPlan *plan,
                                  const TribuneLeanAnswerParams *params,
                                  TribuneLeanOffer *out, GError **error);
void tribune_lean_offer_clear (TribuneLeanOffer *offer);

G_END_DECLS
