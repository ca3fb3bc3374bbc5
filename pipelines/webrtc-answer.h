/* webrtc-answer.h — answer a remote SDP offer with a webrtcbin, non-trickle.
 *
 * WHIP and WHEP both take an offer in a POST and return the answer in the 201 response.
 * This runs the webrtcbin steps (set remote offer → create answer → set local answer →
 * wait for ICE gathering) and delivers the answer, with every local candidate in it, on
 * the main context. It also applies the server's ICE settings to a new webrtcbin.
 *
 * Threads: call from the main thread; @ready is called on the main context exactly once,
 * unless tribune_webrtc_answer_release() was called first.
 */
#pragma once

#include <gst/gst.h>

#include "config.h"

G_BEGIN_DECLS

typedef struct _TribuneWebrtcAnswer TribuneWebrtcAnswer;

/* @answer is NULL on failure, then @error_message says why. */
typedef void (*TribuneAnswerReady) (const gchar *answer, const gchar *error_message,
                                    gpointer user_data);

/* Create a webrtcbin configured from the server settings (bundle, STUN, ICE addresses).
 * (transfer floating) */
GstElement *tribune_webrtc_make_bin (const TribuneConfig *config, const gchar *name);
/* Turn off UPnP port mapping and ICE-TCP on a webrtcbin's ICE agent. */
void tribune_webrtc_quiet_ice (GstElement *webrtcbin);
/* After the pipeline is PLAYING (the ICE agent exists), restrict gathering to the
 * configured addresses. */
void tribune_webrtc_apply_ice_addresses (GstElement *webrtcbin, const TribuneConfig *config);

TribuneWebrtcAnswer *tribune_webrtc_answer_start (GstElement *webrtcbin,
                                                  const gchar *offer_sdp,
                                                  TribuneAnswerReady ready,
                                                  gpointer user_data);
/* Stop waiting if still waiting (@ready is then never called) and drop the caller's
 * reference. Call it once for every answer started. Main thread. */
void tribune_webrtc_answer_release (TribuneWebrtcAnswer *answer);

G_END_DECLS
