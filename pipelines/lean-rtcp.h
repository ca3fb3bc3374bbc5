/* lean-rtcp.h — the RTCP the lean sender reads and writes (RFC 3550, RFC 4585, RFC 5104).
 *
 * In: a viewer's (already unprotected) compound packet: receiver reports (loss),
 * generic NACK (retransmit these sequence numbers), PLI and FIR (send a key frame).
 * Out: a sender report with an SDES CNAME, once a second per viewer, so that the browser
 * can line audio up with video (it maps each stream's RTP time to the same NTP time).
 *
 * Pure functions on byte buffers; any thread; no allocation.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRIBUNE_RTCP_MAX_NACKS 128

typedef struct {
  gboolean pli, fir;                 /* a key frame is wanted */
  guint n_nacks;
  guint16 nacks[TRIBUNE_RTCP_MAX_NACKS];   /* sequence numbers asked for, in order */
  gboolean has_report;
  guint8 fraction_lost;              /* of the last report block, /256 */
  gint32 cumulative_lost;
} TribuneRtcpFeedback;

/* Read a compound packet; unknown packet types are skipped. Only feedback about
 * @video_ssrc (NACK, PLI, FIR) and report blocks about @video_ssrc or @audio_ssrc count.
 * FALSE if it is not RTCP (bad version or lengths). */
gboolean tribune_rtcp_read_feedback (const guint8 *data, gsize len, guint32 video_ssrc,
                                     guint32 audio_ssrc, TribuneRtcpFeedback *out);

typedef struct {
  guint32 ssrc;
  guint64 ntp;                       /* NTP timestamp, 32.32 fixed point */
  guint32 rtp_timestamp;             /* the same instant on the stream's RTP clock */
  guint32 packet_count, octet_count;
} TribuneRtcpSenderReport;

/* Write SR + SDES(CNAME @cname, at most 64 bytes used) into @out (at least 128 bytes).
 * Returns the length. */
gsize tribune_rtcp_write_sender_report (const TribuneRtcpSenderReport *sr,
                                        const gchar *cname, guint8 *out);

/* Wall-clock microseconds since 1970 (g_get_real_time) as an NTP timestamp. */
guint64 tribune_rtcp_ntp_from_unix_us (gint64 unix_us);

G_END_DECLS
