/* packet-tap.h — one appsink of the program, shared by any number of subscribers.
 *
 * The program encodes and payloads once; each output (a WebRTC viewer, the HLS writer)
 * subscribes to the taps it needs and receives every sample. Subscribers are called on the
 * program's streaming thread, under the tap's lock: they must only hand the sample on
 * (gst_app_src_push_sample on a non-blocking appsrc), never block or touch libsoup/SQLite.
 * After tribune_packet_tap_unsubscribe() returns, the callback is never called again.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _TribunePacketTap TribunePacketTap;
typedef void (*TribunePacketFunc) (GstSample *sample, gpointer user_data);

/* Takes over @appsink's callbacks. Returns (transfer full). */
TribunePacketTap *tribune_packet_tap_new (GstElement *appsink);
void tribune_packet_tap_free (TribunePacketTap *tap);

/* Returns an id for unsubscribe; never 0. */
guint tribune_packet_tap_subscribe (TribunePacketTap *tap, TribunePacketFunc func,
                                    gpointer user_data);
void tribune_packet_tap_unsubscribe (TribunePacketTap *tap, guint id);
guint tribune_packet_tap_count (TribunePacketTap *tap);
/* Caps of the most recent sample, or NULL before the first one. (transfer full) */
GstCaps *tribune_packet_tap_get_caps (TribunePacketTap *tap);
/* The RTP SSRC of the stream: from the latest sample's caps, or else the one set here
 * (a payloader made with a fixed ssrc, before its first packet). FALSE: unknown. */
void tribune_packet_tap_set_ssrc (TribunePacketTap *tap, guint32 ssrc);
gboolean tribune_packet_tap_get_ssrc (TribunePacketTap *tap, guint32 *ssrc);
/* Bytes handed to subscribers so far (sum over subscribers). */
guint64 tribune_packet_tap_bytes_out (TribunePacketTap *tap);

G_END_DECLS
