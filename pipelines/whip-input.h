/* whip-input.h — a WHIP publisher (OBS, the hall page) feeding a program layer.
 *
 * One publisher at a time per room. Its pipeline is webrtcbin (receive-only transceivers
 * pinned to the codecs chosen from the offer) → decodebin → the bridge's tails. The
 * publisher may vanish without a DELETE (laptop lid closed); the room notices through
 * the bridge's frame times and the connection state, and shows the slate.
 *
 * Threads: main thread; callbacks on the main context.
 */
#pragma once

#include "config.h"
#include "input-bridge.h"
#include "sdp-offer.h"

G_BEGIN_DECLS

typedef struct _TribuneWhipInput TribuneWhipInput;

typedef void (*TribuneWhipAnswerFunc) (TribuneWhipInput *input, const gchar *answer,
                                       const gchar *error_message, gpointer user_data);
typedef void (*TribuneWhipGoneFunc) (TribuneWhipInput *input, const gchar *reason,
                                     gpointer user_data);

/* @start_kbps: the bit rate the publisher is asked to start at (the room's). */
TribuneWhipInput *tribune_whip_input_new (const gchar *id, const gchar *room_id,
                                          TribuneBridge *bridge, guint start_kbps,
                                          const TribuneConfig *config, GError **error);
void tribune_whip_input_negotiate (TribuneWhipInput *input, const TribuneOfferPlan *plan,
                                   const gchar *offer, TribuneWhipAnswerFunc answered,
                                   gpointer answered_data, TribuneWhipGoneFunc gone,
                                   gpointer gone_data);
void tribune_whip_input_add_candidate (TribuneWhipInput *input, guint mline,
                                       const gchar *candidate);
/* The jitter buffer's length (webrtcbin's default: 200 ms, right for a broadcast; a
 * conversation wants less). Before negotiating. */
void tribune_whip_input_set_latency (TribuneWhipInput *input, guint ms);
const gchar *tribune_whip_input_get_id (TribuneWhipInput *input);
gboolean tribune_whip_input_is_connected (TribuneWhipInput *input);
/* Monotonic µs when the session was created. */
gint64 tribune_whip_input_created_us (TribuneWhipInput *input);
void tribune_whip_input_free (TribuneWhipInput *input);

G_END_DECLS
