/* ts-cutter.c — see ts-cutter.h. */
#include "ts-cutter.h"

#include <string.h>

#define NO_TIME G_MAXUINT64

void
tribune_ts_cutter_init (TribuneTsCutter *c, guint64 segment_ns, guint64 part_cut_ns)
{
  memset (c, 0, sizeof *c);
  c->segment_ns = segment_ns;
  c->part_cut_ns = part_cut_ns;
}

/* The payload of a TS packet (after the header and any adaptation field), or NULL. */
static const guint8 *
payload_of (const guint8 *p, gsize *len)
{
  gsize offset = 4;

  if (p[3] & 0x20)                 /* adaptation field */
    offset += 1 + p[4];
  if (!(p[3] & 0x10) || offset >= TRIBUNE_TS_PACKET)
    return NULL;
  *len = TRIBUNE_TS_PACKET - offset;
  return p + offset;
}

/* The PMT's PID from a PAT packet: the first program that is not the network PID. */
static guint16
pmt_pid_from_pat (const guint8 *packet)
{
  gsize len = 0;
  const guint8 *pl = payload_of (packet, &len);
  const guint8 *section;
  gsize pointer, section_len;

  if (pl == NULL || len < 1)
    return 0;
  pointer = pl[0];
  if (1 + pointer + 8 > len)
    return 0;
  section = pl + 1 + pointer;
  section_len = ((section[1] & 0x0f) << 8) | section[2];
  /* Entries of 4 bytes from offset 8 to the CRC (last 4 bytes of the section). */
  for (gsize i = 8; i + 4 <= 3 + section_len - 4 && 1 + pointer + i + 4 <= len; i += 4) {
    guint16 program = (section[i] << 8) | section[i + 1];
    guint16 pid = ((section[i + 2] & 0x1f) << 8) | section[i + 3];
    if (program != 0)
      return pid;
  }
  return 0;
}

static gboolean
segment_due (const TribuneTsCutter *c, guint64 pts)
{
  return !c->started || pts >= c->segment_start + c->segment_ns * 9 / 10;
}

static void
start_segment (TribuneTsCutter *c, guint64 pts, gboolean at_tables)
{
  c->started = TRUE;
  c->segment_start = c->part_start = pts;
  c->part_independent = TRUE;
  c->segment_starts_with_tables = at_tables;
}

TribuneCut
tribune_ts_cutter_push (TribuneTsCutter *c, const guint8 *data, gsize size, guint64 pts,
                        gboolean key_frame)
{
  guint16 pid;
  gboolean unit_start;

  if (size < TRIBUNE_TS_PACKET || data[0] != 0x47)
    return c->started ? TRIBUNE_CUT_NONE : TRIBUNE_CUT_DROP;
  pid = ((data[1] & 0x1f) << 8) | data[2];
  unit_start = (data[1] & 0x40) != 0;

  if (pid == 0 && unit_start) {
    memcpy (c->pat, data, TRIBUNE_TS_PACKET);
    c->have_pat = TRUE;
    c->pmt_pid = pmt_pid_from_pat (data);
    /* mpegtsmux may send the tables right before a key frame, as the first packet of
     * that key unit (not a delta unit): the segment then starts here, tables first. */
    if (key_frame && pts != NO_TIME && segment_due (c, pts)) {
      start_segment (c, pts, TRUE);
      return TRIBUNE_CUT_SEGMENT;
    }
    return c->started ? TRIBUNE_CUT_NONE : TRIBUNE_CUT_DROP;
  }
  if (c->pmt_pid != 0 && pid == c->pmt_pid && unit_start) {
    memcpy (c->pmt, data, TRIBUNE_TS_PACKET);
    c->have_pmt = TRUE;
    return c->started ? TRIBUNE_CUT_NONE : TRIBUNE_CUT_DROP;
  }
  if (!unit_start || pts == NO_TIME)
    return c->started ? TRIBUNE_CUT_NONE : TRIBUNE_CUT_DROP;

  if (key_frame && segment_due (c, pts)) {
    start_segment (c, pts, FALSE);
    return TRIBUNE_CUT_SEGMENT;
  }
  if (!c->started)
    return TRIBUNE_CUT_DROP;
  if (pts >= c->part_start + c->part_cut_ns) {
    c->part_start = pts;
    c->part_independent = key_frame;
    return TRIBUNE_CUT_PART;
  }
  return TRIBUNE_CUT_NONE;
}

guint64
tribune_ts_cutter_part_start (const TribuneTsCutter *c)
{
  return c->part_start;
}

gboolean
tribune_ts_cutter_segment_starts_with_tables (const TribuneTsCutter *c)
{
  return c->segment_starts_with_tables;
}

gboolean
tribune_ts_cutter_part_independent (const TribuneTsCutter *c)
{
  return c->part_independent;
}

const guint8 *
tribune_ts_cutter_pat (const TribuneTsCutter *c)
{
  return c->have_pat ? c->pat : NULL;
}

const guint8 *
tribune_ts_cutter_pmt (const TribuneTsCutter *c)
{
  return c->have_pmt ? c->pmt : NULL;
}
