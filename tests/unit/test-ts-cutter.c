/* test-ts-cutter.c — where the HLS writer cuts the muxer's output (pipelines/ts-cutter.c):
 * nothing before the first key frame, segments at key frames after 9/10 of the length,
 * parts at PES starts within the part target, PAT and PMT remembered for segment starts. */
#include "ts-cutter.h"

#include <string.h>

#define MS G_GUINT64_CONSTANT (1000000)
#define PMT_PID 0x20
#define VIDEO_PID 0x41

/* A TS packet of @pid; @unit_start sets payload_unit_start_indicator. */
static void
packet (guint8 *p, guint16 pid, gboolean unit_start)
{
  memset (p, 0xff, TRIBUNE_TS_PACKET);
  p[0] = 0x47;
  p[1] = (unit_start ? 0x40 : 0) | ((pid >> 8) & 0x1f);
  p[2] = pid & 0xff;
  p[3] = 0x10;                     /* payload only */
}

/* A PAT announcing program 1 with its PMT on PMT_PID. */
static void
pat (guint8 *p)
{
  static const guint8 section[] = {
    0x00,                          /* pointer field */
    0x00, 0xb0, 0x0d,              /* table 0, section length 13 */
    0x00, 0x01, 0xc1, 0x00, 0x00,  /* stream id, version, section numbers */
    0x00, 0x01, 0xe0 | (PMT_PID >> 8), PMT_PID & 0xff,  /* program 1 → PMT_PID */
    0x00, 0x00, 0x00, 0x00,        /* CRC (not checked) */
  };

  packet (p, 0, TRUE);
  memcpy (p + 4, section, sizeof section);
}

static void
test_waits_for_key_frame_and_keeps_tables (void)
{
  TribuneTsCutter c;
  guint8 p[TRIBUNE_TS_PACKET], table[TRIBUNE_TS_PACKET];

  tribune_ts_cutter_init (&c, 1000 * MS, 350 * MS);
  g_assert_null (tribune_ts_cutter_pat (&c));
  pat (table);
  g_assert_cmpint (tribune_ts_cutter_push (&c, table, sizeof table, 0, FALSE), ==, TRIBUNE_CUT_DROP);
  g_assert_nonnull (tribune_ts_cutter_pat (&c));
  g_assert_cmpmem (tribune_ts_cutter_pat (&c), TRIBUNE_TS_PACKET, table, TRIBUNE_TS_PACKET);
  packet (table, PMT_PID, TRUE);
  table[5] = 0x02;                 /* PMT table id: the content does not matter here */
  g_assert_cmpint (tribune_ts_cutter_push (&c, table, sizeof table, 0, FALSE), ==, TRIBUNE_CUT_DROP);
  g_assert_cmpmem (tribune_ts_cutter_pmt (&c), TRIBUNE_TS_PACKET, table, TRIBUNE_TS_PACKET);

  /* Delta frames before the first key frame are not part of any segment. */
  packet (p, VIDEO_PID, TRUE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 0, FALSE), ==, TRIBUNE_CUT_DROP);
  packet (p, VIDEO_PID, FALSE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 0, FALSE), ==, TRIBUNE_CUT_DROP);
  /* A key frame's continuation packet is no start either. */
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 40 * MS, TRUE), ==, TRIBUNE_CUT_DROP);
  packet (p, VIDEO_PID, TRUE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 40 * MS, TRUE), ==, TRIBUNE_CUT_SEGMENT);
  g_assert_cmpuint (tribune_ts_cutter_part_start (&c), ==, 40 * MS);
  g_assert_true (tribune_ts_cutter_part_independent (&c));
}

/* 25 fps video, a key frame every 25 frames, for 3 s: three 1 s segments, each cut into
 * parts of 360 ms (9 frames, the first PES start at or after 350 ms) and a 280 ms rest. */
static void
test_segments_and_parts (void)
{
  TribuneTsCutter c;
  guint8 start[TRIBUNE_TS_PACKET], cont[TRIBUNE_TS_PACKET];
  guint segments = 0, parts = 0;
  guint64 last_cut = 0;
  guint64 longest = 0;

  tribune_ts_cutter_init (&c, 1000 * MS, 350 * MS);
  packet (start, VIDEO_PID, TRUE);
  packet (cont, VIDEO_PID, FALSE);
  for (guint frame = 0; frame < 75; frame++) {
    guint64 pts = frame * 40 * MS;
    TribuneCut cut = tribune_ts_cutter_push (&c, start, sizeof start, pts, frame % 25 == 0);

    if (cut == TRIBUNE_CUT_SEGMENT || cut == TRIBUNE_CUT_PART) {
      if (frame > 0)
        longest = MAX (longest, pts - last_cut);
      last_cut = pts;
      g_assert_cmpuint (tribune_ts_cutter_part_start (&c), ==, pts);
    }
    if (cut == TRIBUNE_CUT_SEGMENT) {
      g_assert_cmpuint (frame % 25, ==, 0);
      segments++;
    } else if (cut == TRIBUNE_CUT_PART) {
      g_assert_false (tribune_ts_cutter_part_independent (&c));
      parts++;
    } else {
      g_assert_cmpint (cut, ==, TRIBUNE_CUT_NONE);
    }
    /* Continuation packets never cut. */
    g_assert_cmpint (tribune_ts_cutter_push (&c, cont, sizeof cont, pts, FALSE), ==,
                     TRIBUNE_CUT_NONE);
  }
  g_assert_cmpuint (segments, ==, 3);
  g_assert_cmpuint (parts, ==, 6);             /* 2 more per segment: 360 + 360 + 280 ms */
  g_assert_cmpuint (longest, <=, 400 * MS);   /* within a 400 ms part target */
}

/* A key frame a viewer asked for, early in a segment, does not cut a segment; it starts
 * an independent part if the part is long enough. A segment is cut at 9/10. */
static void
test_early_key_frame (void)
{
  TribuneTsCutter c;
  guint8 p[TRIBUNE_TS_PACKET];

  tribune_ts_cutter_init (&c, 1000 * MS, 350 * MS);
  packet (p, VIDEO_PID, TRUE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 0, TRUE), ==, TRIBUNE_CUT_SEGMENT);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 200 * MS, TRUE), ==, TRIBUNE_CUT_NONE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 400 * MS, TRUE), ==, TRIBUNE_CUT_PART);
  g_assert_true (tribune_ts_cutter_part_independent (&c));
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 880 * MS, TRUE), ==, TRIBUNE_CUT_PART);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 900 * MS, TRUE), ==, TRIBUNE_CUT_SEGMENT);
}

/* mpegtsmux may send PAT and PMT as the first packets of a key unit (the PAT not a
 * delta unit, the key frame's own first packet then marked delta): the segment starts
 * at the PAT, and the writer is told not to add tables of its own. */
static void
test_key_unit_starting_with_tables (void)
{
  TribuneTsCutter c;
  guint8 table[TRIBUNE_TS_PACKET], video[TRIBUNE_TS_PACKET];

  tribune_ts_cutter_init (&c, 1000 * MS, 350 * MS);
  pat (table);
  packet (video, VIDEO_PID, TRUE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, table, sizeof table, 0, TRUE), ==, TRIBUNE_CUT_SEGMENT);
  g_assert_true (tribune_ts_cutter_segment_starts_with_tables (&c));
  g_assert_cmpint (tribune_ts_cutter_push (&c, video, sizeof video, 0, FALSE), ==, TRIBUNE_CUT_NONE);
  /* A periodic PAT (a delta unit) cuts nothing; a key unit's PAT a second later does. */
  g_assert_cmpint (tribune_ts_cutter_push (&c, table, sizeof table, 500 * MS, FALSE), ==, TRIBUNE_CUT_NONE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, video, sizeof video, 500 * MS, FALSE), ==, TRIBUNE_CUT_PART);
  g_assert_cmpint (tribune_ts_cutter_push (&c, table, sizeof table, 1000 * MS, TRUE), ==, TRIBUNE_CUT_SEGMENT);
  g_assert_cmpuint (tribune_ts_cutter_part_start (&c), ==, 1000 * MS);
  /* A key frame whose own packet comes first: the writer adds the tables. */
  g_assert_cmpint (tribune_ts_cutter_push (&c, video, sizeof video, 2000 * MS, TRUE), ==, TRIBUNE_CUT_SEGMENT);
  g_assert_false (tribune_ts_cutter_segment_starts_with_tables (&c));
}

/* Buffers that are not TS packets, or carry no time, never cut. */
static void
test_garbage (void)
{
  TribuneTsCutter c;
  guint8 p[TRIBUNE_TS_PACKET];

  tribune_ts_cutter_init (&c, 1000 * MS, 350 * MS);
  memset (p, 0, sizeof p);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 0, TRUE), ==, TRIBUNE_CUT_DROP);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, 10, 0, TRUE), ==, TRIBUNE_CUT_DROP);
  packet (p, VIDEO_PID, TRUE);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, G_MAXUINT64, TRUE), ==, TRIBUNE_CUT_DROP);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 0, TRUE), ==, TRIBUNE_CUT_SEGMENT);
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, 100, 5000 * MS, TRUE), ==, TRIBUNE_CUT_NONE);
  /* A PAT whose section runs past the packet gives no PMT PID. */
  packet (p, 0, TRUE);
  p[4] = 200;
  g_assert_cmpint (tribune_ts_cutter_push (&c, p, sizeof p, 0, FALSE), ==, TRIBUNE_CUT_NONE);
  g_assert_cmpuint (c.pmt_pid, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ts-cutter/key-frame-and-tables", test_waits_for_key_frame_and_keeps_tables);
  g_test_add_func ("/ts-cutter/segments-and-parts", test_segments_and_parts);
  g_test_add_func ("/ts-cutter/early-key-frame", test_early_key_frame);
  g_test_add_func ("/ts-cutter/key-unit-starting-with-tables", test_key_unit_starting_with_tables);
  g_test_add_func ("/ts-cutter/garbage", test_garbage);
  return g_test_run ();
}
