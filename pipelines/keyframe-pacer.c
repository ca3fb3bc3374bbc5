/* keyframe-pacer.c — see keyframe-pacer.h. */
#include "keyframe-pacer.h"

void
tribune_keyframe_pacer_init (TribuneKeyframePacer *pacer, gint64 interval_us)
{
  pacer->interval_us = interval_us;
  pacer->last_forced_us = 0;
  pacer->pending = FALSE;
}

TribuneKeyframeDecision
tribune_keyframe_pacer_request (TribuneKeyframePacer *pacer, gint64 now_us, gint64 *delay_us)
{
  gint64 next;

  if (pacer->pending)
    return TRIBUNE_KEYFRAME_COVERED;
  next = pacer->last_forced_us + pacer->interval_us;
  if (pacer->last_forced_us == 0 || now_us >= next) {
    pacer->last_forced_us = now_us;
    return TRIBUNE_KEYFRAME_NOW;
  }
  pacer->pending = TRUE;
  *delay_us = next - now_us;
  return TRIBUNE_KEYFRAME_SCHEDULE;
}

void
tribune_keyframe_pacer_fire (TribuneKeyframePacer *pacer, gint64 now_us)
{
  pacer->pending = FALSE;
  pacer->last_forced_us = now_us;
}
