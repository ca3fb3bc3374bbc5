/* keyframe-pacer.h — when to force a key frame for viewers who ask for one.
 *
 * A viewer can start decoding only at a key frame, so every joining viewer (and every
 * PLI/FIR) asks the encoder for one. A key frame costs 5–10× a normal frame's bits, so a
 * burst of joins must not become a burst of key frames; but the viewer who asks just
 * after someone else must not wait for the next natural one either (up to a segment, 1 s).
 * The pacer forces at most one key frame per interval: the first request at once, and
 * any requests inside the interval together at its end (one trailing key frame).
 *
 * Pure logic on a clock the caller passes in (µs); not thread-safe: the caller locks.
 */
#pragma once

#include <glib.h>

typedef struct {
  gint64 interval_us;
  gint64 last_forced_us;   /* 0: never */
  gboolean pending;        /* a trailing key frame is scheduled */
} TribuneKeyframePacer;

typedef enum {
  TRIBUNE_KEYFRAME_NOW,        /* force one now */
  TRIBUNE_KEYFRAME_SCHEDULE,   /* schedule one after *delay_us, then call _fire */
  TRIBUNE_KEYFRAME_COVERED,    /* one is already scheduled: nothing to do */
} TribuneKeyframeDecision;

void tribune_keyframe_pacer_init (TribuneKeyframePacer *pacer, gint64 interval_us);
/* A viewer asks for a key frame at @now_us. */
TribuneKeyframeDecision tribune_keyframe_pacer_request (TribuneKeyframePacer *pacer,
                                                        gint64 now_us, gint64 *delay_us);
/* The scheduled key frame is forced at @now_us. */
void tribune_keyframe_pacer_fire (TribuneKeyframePacer *pacer, gint64 now_us);
