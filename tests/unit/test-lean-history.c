/* test-lean-history.c — the lean sender's recent video packets: resends (NACK) and where
 * a new viewer starts (the most recent key frame, if recent and still whole). */
#include "lean-history.h"

#include <string.h>

#define MS 1000

/* An H.264 RTP packet: sequence number @seq, timestamp @ts, and a payload that is an SPS
 * (a key frame's first packet), an IDR fragment or a plain slice. */
typedef enum { SPS, IDR_START, SLICE } Kind;

static gsize
packet (guint8 *out, guint16 seq, guint32 ts, Kind kind)
{
  const guint8 sps[] = { 0x67, 0x42, 0xc0, 0x1f };
  const guint8 idr[] = { 0x7c, 0x85, 0xb8, 0x00 };
  const guint8 slice[] = { 0x41, 0x9a, 0x02, 0x00 };
  guint8 header[12] = { 0x80, 96, seq >> 8, seq & 0xff, ts >> 24, ts >> 16, ts >> 8, ts,
                        1, 2, 3, 4 };

  memcpy (out, header, 12);
  memcpy (out + 12, kind == SPS ? sps : kind == IDR_START ? idr : slice, 4);
  return 16;
}

static void
put (LeanHistory *h, guint16 seq, guint32 ts, Kind kind, gint64 now)
{
  guint8 buf[32];

  lean_history_put (h, buf, packet (buf, seq, ts, kind), now);
}

static void
test_resend (void)
{
  LeanHistory *h = lean_history_new ();
  gsize len = 0;
  const guint8 *p;

  g_assert_null (lean_history_get (h, 0, &len));
  for (guint i = 0; i < 10; i++)
    put (h, (guint16) (100 + i), 9000, SLICE, 0);
  p = lean_history_get (h, 105, &len);
  g_assert_nonnull (p);
  g_assert_cmpuint (len, ==, 16);
  g_assert_cmpuint (p[3], ==, 105);
  g_assert_null (lean_history_get (h, 99, &len));
  /* A full turn later the slot holds another packet: 105 is gone. */
  for (guint i = 10; i < 10 + LEAN_HISTORY_SIZE; i++)
    put (h, (guint16) (100 + i), 9000, SLICE, 0);
  g_assert_null (lean_history_get (h, 105, &len));
  lean_history_free (h);
}

static void
test_start_at_recent_keyframe (void)
{
  LeanHistory *h = lean_history_new ();
  guint16 first = 0;
  guint count = 0;

  /* Slices only: nowhere to start. */
  put (h, 10, 0, SLICE, 0);
  g_assert_cmpint (lean_history_since_keyframe (h, 0, 250 * MS, &first, &count), ==, -1);
  /* A key frame at 1 s: SPS, then its IDR fragments (the same timestamp), then two more
   * pictures. The start is the SPS, not the IDR's first fragment. */
  put (h, 11, 3000, SPS, 1000 * MS);
  put (h, 12, 3000, IDR_START, 1000 * MS);
  put (h, 13, 3000, SLICE, 1000 * MS);
  put (h, 14, 6000, SLICE, 1033 * MS);
  put (h, 15, 9000, SLICE, 1066 * MS);
  g_assert_cmpint (lean_history_since_keyframe (h, 1080 * MS, 250 * MS, &first, &count), ==,
                   80 * MS);
  g_assert_cmpuint (first, ==, 11);
  g_assert_cmpuint (count, ==, 5);
  /* Too old: the viewer would start that far behind live. */
  g_assert_cmpint (lean_history_since_keyframe (h, 1251 * MS, 250 * MS, &first, &count), ==, -1);
  /* The next key frame begins with its IDR (no SPS in front). */
  put (h, 16, 12000, IDR_START, 1300 * MS);
  g_assert_cmpint (lean_history_since_keyframe (h, 1300 * MS, 250 * MS, &first, &count), ==, 0);
  g_assert_cmpuint (first, ==, 16);
  g_assert_cmpuint (count, ==, 1);
  lean_history_free (h);
}

static void
test_sequence_wraps (void)
{
  LeanHistory *h = lean_history_new ();
  guint16 first = 0;
  guint count = 0;

  put (h, 65534, 100, SPS, 0);
  put (h, 65535, 100, SLICE, 0);
  put (h, 0, 200, SLICE, 0);
  put (h, 1, 300, SLICE, 0);
  g_assert_cmpint (lean_history_since_keyframe (h, 10 * MS, 250 * MS, &first, &count), ==, 10 * MS);
  g_assert_cmpuint (first, ==, 65534);
  g_assert_cmpuint (count, ==, 4);
  lean_history_free (h);
}

static void
test_keyframe_overwritten (void)
{
  LeanHistory *h = lean_history_new ();
  guint16 first = 0;
  guint count = 0;

  /* A key frame, then more packets than the history holds, within the age limit: its
   * start is gone, so there is no whole picture to start at. */
  put (h, 0, 0, SPS, 0);
  for (guint i = 1; i <= LEAN_HISTORY_SIZE; i++)
    put (h, (guint16) i, 3000, SLICE, 0);
  g_assert_cmpint (lean_history_since_keyframe (h, 0, 250 * MS, &first, &count), ==, -1);
  lean_history_free (h);
}

static void
test_bad_packets (void)
{
  LeanHistory *h = lean_history_new ();
  guint8 big[LEAN_HISTORY_MAX_PACKET + 1] = { 0x80, 96, 0, 7 };
  guint8 tiny[8] = { 0x80, 96, 0, 8 };
  gsize len;

  lean_history_put (h, big, sizeof big, 0);
  lean_history_put (h, tiny, sizeof tiny, 0);
  g_assert_null (lean_history_get (h, 7, &len));
  g_assert_null (lean_history_get (h, 8, &len));
  lean_history_free (h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lean-history/resend", test_resend);
  g_test_add_func ("/lean-history/start-at-recent-keyframe", test_start_at_recent_keyframe);
  g_test_add_func ("/lean-history/sequence-wraps", test_sequence_wraps);
  g_test_add_func ("/lean-history/keyframe-overwritten", test_keyframe_overwritten);
  g_test_add_func ("/lean-history/bad-packets", test_bad_packets);
  return g_test_run ();
}
