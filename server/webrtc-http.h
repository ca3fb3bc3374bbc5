/* webrtc-http.h — the HTTP half of every WHIP/WHEP exchange (RFC 9725; WHEP follows it):
 * read and check the SDP offer, hold the POST while the room answers, then 201 with the
 * answer and the session's Location; PATCH bodies of trickle candidates. Shared by the
 * room endpoints (whep-whip.c) and the participants' (participant-media.c). Main thread.
 */
#pragma once

#include <libsoup/soup.h>

#include "room.h"
#include "sdp-offer.h"

G_BEGIN_DECLS

typedef gboolean (*TribuneOfferPlanner) (const gchar *sdp, TribuneOfferPlan *plan,
                                         GError **error);

/* The offer text with @plan filled, or NULL after responding with the error (415, 400,
 * 406). */
gchar *tribune_webrtc_http_read_offer (SoupServerMessage *msg, TribuneOfferPlanner planner,
                                       TribuneOfferPlan *plan);
/* Pause @msg until the room answers; pass the returned function and data as the room's
 * TribuneSessionReady. The 201's Location is "@location_prefix/{session}". @log_name
 * names the endpoint in log lines. */
TribuneSessionReady tribune_webrtc_http_hold (SoupServerMessage *msg,
                                              const gchar *location_prefix,
                                              const gchar *log_name, gpointer *user_data);
/* The candidates of a PATCH body, or NULL after responding with the error. */
GArray *tribune_webrtc_http_read_candidates (SoupServerMessage *msg);

G_END_DECLS
