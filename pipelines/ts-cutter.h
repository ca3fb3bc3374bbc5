/* ts-cutter.h — where a live MPEG-TS stream is cut into HLS segments and parts.
 *
 * The HLS writer runs one mpegtsmux for the whole stream and cuts its output itself, so
 * that Low-Latency HLS parts (≈1/3 s) concatenate exactly into their segment, with
 * continuous continuity counters. It feeds every output buffer (whole 188-byte TS
 * packets) here and learns what to do before writing it:
 *
 * - a segment starts at the first key frame (a buffer mpegtsmux did not mark
 *   DELTA_UNIT, starting a PES) once the segment has lasted 9/10 of the nominal length.
 *   mpegtsmux sometimes sends PAT and PMT right before a key frame, the PAT then being
 *   the key unit's first packet: the segment starts at that PAT. Otherwise the writer
 *   puts the last PAT and PMT first, as every segment must have them;
 * - a part starts at the first PES start (payload_unit_start) once the part has lasted
 *   `part_cut` (a little under the part target, so parts stay within it); a part that
 *   starts on a key frame is independent;
 * - nothing is written before the first key frame.
 *
 * Pure (no GStreamer objects, no I/O): unit-tested in tests/unit/test-ts-cutter.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRIBUNE_TS_PACKET 188

typedef enum {
  TRIBUNE_CUT_DROP,        /* before the first key frame: not part of any segment */
  TRIBUNE_CUT_NONE,        /* append to the open part */
  TRIBUNE_CUT_PART,        /* close the open part; this buffer starts the next one */
  TRIBUNE_CUT_SEGMENT,     /* close part and segment; this buffer starts a new segment */
} TribuneCut;

typedef struct {
  /* Settings (nanoseconds). */
  guint64 segment_ns;
  guint64 part_cut_ns;
  /* State. */
  gboolean started;
  guint64 segment_start;   /* running time (ns) the open segment / part started at */
  guint64 part_start;
  gboolean part_independent;
  gboolean segment_starts_with_tables;
  guint16 pmt_pid;         /* 0 until a PAT was seen */
  guint8 pat[TRIBUNE_TS_PACKET];
  guint8 pmt[TRIBUNE_TS_PACKET];
  gboolean have_pat, have_pmt;
} TribuneTsCutter;

void tribune_ts_cutter_init (TribuneTsCutter *c, guint64 segment_ns, guint64 part_cut_ns);
/* @data/@size: one buffer of the muxer's output; @pts its running time (ns, or
 * G_MAXUINT64 when unknown); @key_frame TRUE when the muxer did not mark it as a delta
 * unit. Also remembers PAT and PMT packets. */
TribuneCut tribune_ts_cutter_push (TribuneTsCutter *c, const guint8 *data, gsize size,
                                   guint64 pts, gboolean key_frame);
/* After a cut: where the closed part or segment ended and the next begins (ns). */
guint64 tribune_ts_cutter_part_start (const TribuneTsCutter *c);
/* Did the open segment start at a PAT (so the writer adds no tables of its own)? */
gboolean tribune_ts_cutter_segment_starts_with_tables (const TribuneTsCutter *c);
/* Does the open part start on a key frame? */
gboolean tribune_ts_cutter_part_independent (const TribuneTsCutter *c);
/* The PAT and PMT to put at a segment's start (TRIBUNE_TS_PACKET bytes each), or NULL
 * while none was seen (mpegtsmux sends both before the first key frame). */
const guint8 *tribune_ts_cutter_pat (const TribuneTsCutter *c);
const guint8 *tribune_ts_cutter_pmt (const TribuneTsCutter *c);

G_END_DECLS
