/* test-lean-rtcp.c — RTCP the lean sender reads (NACK, PLI, FIR, receiver reports) and
 * writes (sender report + SDES), checked against packets laid out by hand from RFC 3550,
 * RFC 4585 and RFC 5104, and against GStreamer's RTCP parser. */
#include "lean-rtcp.h"
#include "unit-util.h"

#include <gst/rtp/rtp.h>
#include <string.h>

#define VIDEO 0x11223344u
#define AUDIO 0x55667788u

static void
put32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void
test_nack_pli (void)
{
  /* RR with one block about the video, then a NACK (PID 1000, BLP bits 0 and 2: 1001,
   * 1003), then a PLI. */
  guint8 p[32 + 16 + 12] = { 0 };
  TribuneRtcpFeedback fb;

  p[0] = 0x81; p[1] = 201; p[3] = 7;          /* RR, one block, 32 bytes */
  put32 (p + 4, 0xdeadbeef);
  put32 (p + 8, VIDEO);
  p[12] = 64;                                  /* fraction lost: 25 % */
  p[15] = 3;                                   /* cumulative 3 */
  p[32] = 0x81; p[33] = 205; p[35] = 3;       /* RTPFB FMT 1, 16 bytes */
  put32 (p + 36, 0xdeadbeef);
  put32 (p + 40, VIDEO);
  p[44] = 1000 >> 8; p[45] = 1000 & 0xff; p[47] = 0x05;
  p[48] = 0x81; p[49] = 206; p[51] = 2;       /* PSFB FMT 1 (PLI), 12 bytes */
  put32 (p + 52, 0xdeadbeef);
  put32 (p + 56, VIDEO);

  g_assert_true (tribune_rtcp_read_feedback (p, sizeof p, VIDEO, AUDIO, &fb));
  g_assert_true (fb.pli);
  g_assert_false (fb.fir);
  g_assert_cmpuint (fb.n_nacks, ==, 3);
  g_assert_cmpuint (fb.nacks[0], ==, 1000);
  g_assert_cmpuint (fb.nacks[1], ==, 1001);
  g_assert_cmpuint (fb.nacks[2], ==, 1003);
  g_assert_true (fb.has_report);
  g_assert_cmpuint (fb.fraction_lost, ==, 64);
  g_assert_cmpint (fb.cumulative_lost, ==, 3);

  /* The same feedback about another SSRC is not ours. */
  g_assert_true (tribune_rtcp_read_feedback (p, sizeof p, 0x1, 0x2, &fb));
  g_assert_false (fb.pli);
  g_assert_cmpuint (fb.n_nacks, ==, 0);
  g_assert_false (fb.has_report);
}

static void
test_fir (void)
{
  guint8 p[20] = { 0 };
  TribuneRtcpFeedback fb;

  p[0] = 0x84; p[1] = 206; p[3] = 4;          /* PSFB FMT 4 (FIR), 20 bytes */
  put32 (p + 4, 0xdeadbeef);
  put32 (p + 12, VIDEO);                       /* FCI: SSRC, seq nr */
  p[16] = 7;
  g_assert_true (tribune_rtcp_read_feedback (p, sizeof p, VIDEO, AUDIO, &fb));
  g_assert_true (fb.fir);
}

static void
test_malformed (void)
{
  guint8 p[64];
  TribuneRtcpFeedback fb;

  memset (p, 0, sizeof p);
  g_assert_false (tribune_rtcp_read_feedback (p, 3, VIDEO, AUDIO, &fb));
  g_assert_false (tribune_rtcp_read_feedback (p, sizeof p, VIDEO, AUDIO, &fb));  /* version 0 */
  /* A length that runs past the end. */
  p[0] = 0x81; p[1] = 205; p[2] = 0xff; p[3] = 0xff;
  g_assert_false (tribune_rtcp_read_feedback (p, sizeof p, VIDEO, AUDIO, &fb));
  /* A huge NACK list is capped, not overflowed. */
  {
    guint8 big[12 + 4 * 200];
    memset (big, 0xff, sizeof big);
    big[0] = 0x81; big[1] = 205; big[2] = 0; big[3] = (sizeof big) / 4 - 1;
    put32 (big + 8, VIDEO);
    g_assert_true (tribune_rtcp_read_feedback (big, sizeof big, VIDEO, AUDIO, &fb));
    g_assert_cmpuint (fb.n_nacks, ==, TRIBUNE_RTCP_MAX_NACKS);
  }
}

static void
test_sender_report (void)
{
  guint8 out[128];
  TribuneRtcpSenderReport sr = {
    .ssrc = VIDEO, .ntp = tribune_rtcp_ntp_from_unix_us (1700000000500000),
    .rtp_timestamp = 123456, .packet_count = 10, .octet_count = 12000,
  };
  gsize len = tribune_rtcp_write_sender_report (&sr, "tribune", out);
  g_autoptr (GstBuffer) buffer = gst_buffer_new_memdup (out, len);
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  guint32 ssrc, rtptime, packets, octets;
  guint64 ntp;
  guint8 type, item_len;
  guint8 *data;

  g_assert_cmpuint (len % 4, ==, 0);
  g_assert_true (gst_rtcp_buffer_validate_data (out, (guint) len));
  g_assert_true (gst_rtcp_buffer_map (buffer, GST_MAP_READ, &rtcp));
  g_assert_true (gst_rtcp_buffer_get_first_packet (&rtcp, &packet));
  g_assert_cmpint (gst_rtcp_packet_get_type (&packet), ==, GST_RTCP_TYPE_SR);
  gst_rtcp_packet_sr_get_sender_info (&packet, &ssrc, &ntp, &rtptime, &packets, &octets);
  g_assert_cmphex (ssrc, ==, VIDEO);
  g_assert_cmpuint (rtptime, ==, 123456);
  g_assert_cmpuint (packets, ==, 10);
  g_assert_cmpuint (octets, ==, 12000);
  /* 1700000000 s after 1970 is 3908988800 s after 1900; .5 s is half of 2^32. */
  g_assert_cmpuint (ntp >> 32, ==, 3908988800u);
  g_assert_cmpuint ((guint32) ntp, ==, 0x80000000u);
  g_assert_true (gst_rtcp_packet_move_to_next (&packet));
  g_assert_cmpint (gst_rtcp_packet_get_type (&packet), ==, GST_RTCP_TYPE_SDES);
  g_assert_true (gst_rtcp_packet_sdes_first_item (&packet));
  g_assert_true (gst_rtcp_packet_sdes_first_entry (&packet));
  g_assert_true (gst_rtcp_packet_sdes_get_entry (&packet, (GstRTCPSDESType *) &type,
                                                 &item_len, &data));
  g_assert_cmpuint (type, ==, GST_RTCP_SDES_CNAME);
  g_assert_cmpmem (data, item_len, "tribune", 7);
  gst_rtcp_buffer_unmap (&rtcp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  g_test_add_func ("/lean-rtcp/nack-pli", test_nack_pli);
  g_test_add_func ("/lean-rtcp/fir", test_fir);
  g_test_add_func ("/lean-rtcp/malformed", test_malformed);
  g_test_add_func ("/lean-rtcp/sender-report", test_sender_report);
  return g_test_run ();
}
