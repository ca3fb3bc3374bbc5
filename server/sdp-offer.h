/* sdp-offer.h — validate a WebRTC SDP offer and pick the codec entries we will use.
 *
 * webrtcbin aborts the whole process when a sending payload type does not match the
 * negotiated one (STACK-NOTES), and it trusts its input. So every offer is parsed and
 * checked here first, and only a plan — which m-line, which payload type — reaches the
 * WebRTC code. Anything odd is refused with a message a client developer can act on.
 *
 * Pure functions; any thread.
 */
#pragma once

#include <glib.h>
#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct {
  gint mline;            /* index of the m-line in the offer; -1: none */
  guint pt;              /* payload type the offer gave this codec */
  gchar *encoding;       /* "H264", "VP8", "VP9" or "OPUS" */
  guint clock_rate;
  GstCaps *caps;         /* application/x-rtp caps of that offer entry */
} TribuneMediaChoice;

typedef struct {
  TribuneMediaChoice video;
  TribuneMediaChoice audio;
  guint n_media;         /* m-lines in the offer */
} TribuneOfferPlan;

/* A viewer's offer (WHEP): wants to receive; we send H.264 (packetization-mode=1) and
 * Opus. Errors: TRIBUNE_ERROR_BAD_INPUT (malformed, wrong direction, missing ICE/DTLS
 * attributes) or TRIBUNE_ERROR_NOT_ACCEPTABLE (no codec we send). */
gboolean tribune_offer_plan_for_playback (const gchar *sdp, TribuneOfferPlan *plan,
                                          GError **error);
/* A publisher's offer (WHIP): wants to send; we take H.264, VP8 or VP9 video and Opus
 * audio. Same errors. */
gboolean tribune_offer_plan_for_ingest (const gchar *sdp, TribuneOfferPlan *plan,
                                        GError **error);
void tribune_offer_plan_clear (TribuneOfferPlan *plan);

/* Read "a=candidate:" lines of a trickle-ice-sdpfrag body (RFC 8840) into an array of
 * "candidate:…" strings, each with the m-line index it belongs to: the count of "m="
 * lines before it (with BUNDLE every candidate serves all m-lines anyway). Error on anything but candidates, mids, ufrag/pwd and end-of-candidates. */
typedef struct {
  guint mline;
  gchar *candidate;
} TribuneTrickleCandidate;

GArray *tribune_trickle_parse (const gchar *sdpfrag, GError **error);

/* Add a start bit rate hint for the publisher to every video codec in an SDP answer
 * (fmtp x-google-start-bitrate, understood by Chromium-based browsers; others ignore
 * it). Without it Chromium starts at 300 kbit/s and needs ~20 s to reach HD, so the
 * first minutes of a meeting look blurred. Returns the new text (transfer full), or a
 * copy of @answer if it cannot be parsed. */
gchar *tribune_sdp_answer_hint_bitrate (const gchar *answer, guint start_kbps);

G_END_DECLS
