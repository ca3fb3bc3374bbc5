/* test-rtp-h264.c — where key frames begin in H.264 RTP packets (RFC 6184). */
#include "rtp-h264.h"

#include <string.h>

/* An RTP header (version 2, timestamp 0x01020304) followed by @payload. */
static gsize
packet (guint8 *out, guint8 first_byte, const guint8 *payload, gsize n)
{
  guint8 header[12] = { first_byte, 96, 0, 1, 1, 2, 3, 4, 0xde, 0xad, 0xbe, 0xef };

  memcpy (out, header, 12);
  memcpy (out + 12, payload, n);
  return 12 + n;
}

static void
test_single_units (void)
{
  guint8 buf[64];
  const guint8 sps[] = { 0x67, 0x42, 0xc0, 0x1f };
  const guint8 idr[] = { 0x65, 0x88, 0x84 };
  const guint8 slice[] = { 0x41, 0x9a, 0x02 };
  const guint8 pps[] = { 0x68, 0xce, 0x3c };

  g_assert_true (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, sps, sizeof sps)));
  g_assert_true (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, idr, sizeof idr)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, slice, sizeof slice)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, pps, sizeof pps)));
  g_assert_cmpuint (tribune_rtp_timestamp (buf), ==, 0x01020304);
}

static void
test_fragments (void)
{
  guint8 buf[64];
  const guint8 idr_start[] = { 0x7c, 0x85, 0xb8 };   /* FU-A, S bit, type 5 */
  const guint8 idr_middle[] = { 0x7c, 0x05, 0xb8 };  /* FU-A, no S bit */
  const guint8 slice_start[] = { 0x5c, 0x81, 0x9a };  /* FU-A, S bit, type 1 */

  g_assert_true (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, idr_start, 3)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, idr_middle, 3)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, slice_start, 3)));
}

static void
test_aggregates (void)
{
  guint8 buf[64];
  /* STAP-A: SPS (4 bytes) and PPS (3 bytes). */
  const guint8 sps_pps[] = { 0x78, 0, 4, 0x67, 0x42, 0xc0, 0x1f, 0, 3, 0x68, 0xce, 0x3c };
  /* STAP-A of two non-IDR slices. */
  const guint8 slices[] = { 0x78, 0, 2, 0x41, 0x9a, 0, 2, 0x01, 0x9b };
  /* STAP-A whose size runs past the end. */
  const guint8 broken[] = { 0x78, 0, 40, 0x67, 0x42 };

  g_assert_true (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, sps_pps, sizeof sps_pps)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, slices, sizeof slices)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, broken, sizeof broken)));
}

static void
test_headers (void)
{
  guint8 buf[64];
  const guint8 sps[] = { 0x67, 0x42 };
  /* Two CSRCs, then the SPS. */
  const guint8 csrcs[] = { 0, 0, 0, 1, 0, 0, 0, 2, 0x67, 0x42 };
  /* A one-word header extension (profile 0xbede, length 1), then the SPS. */
  const guint8 extension[] = { 0xbe, 0xde, 0, 1, 0x10, 0xaa, 0, 0, 0x67, 0x42 };
  /* An extension that claims more words than the packet has. */
  const guint8 long_extension[] = { 0xbe, 0xde, 0, 9, 0x67 };

  g_assert_cmpuint (tribune_rtp_header_length (buf, packet (buf, 0x80, sps, 2)), ==, 12);
  g_assert_true (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x82, csrcs, sizeof csrcs)));
  g_assert_cmpuint (tribune_rtp_header_length (buf, packet (buf, 0x90, extension, sizeof extension)), ==, 20);
  g_assert_true (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x90, extension, sizeof extension)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x90, long_extension, sizeof long_extension)));
  /* Not RTP (version 0), too short, or a header and no payload. */
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x00, sps, 2)));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, 8));
  g_assert_false (tribune_rtp_h264_opens_keyframe (buf, packet (buf, 0x80, sps, 0)));
  g_assert_cmpuint (tribune_rtp_header_length (buf, packet (buf, 0x80, sps, 0)), ==, 12);
  g_assert_cmpuint (tribune_rtp_header_length (buf, 11), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rtp-h264/single-units", test_single_units);
  g_test_add_func ("/rtp-h264/fragments", test_fragments);
  g_test_add_func ("/rtp-h264/aggregates", test_aggregates);
  g_test_add_func ("/rtp-h264/headers", test_headers);
  return g_test_run ();
}
