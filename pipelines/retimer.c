/* retimer.c — see retimer.h. */
#include "retimer.h"

void
tribune_retimer_init (TribuneRetimer *r, GstClockTime margin)
{
  g_mutex_init (&r->lock);
  r->anchored = FALSE;
  r->offset = 0;
  r->margin = margin;
  r->late_limit = 2 * margin + 60 * GST_MSECOND;
  r->early_limit = 2 * GST_SECOND;
  r->anchors = 0;
}

void
tribune_retimer_clear (TribuneRetimer *r)
{
  g_mutex_clear (&r->lock);
}

void
tribune_retimer_reset (TribuneRetimer *r)
{
  g_mutex_lock (&r->lock);
  r->anchored = FALSE;
  g_mutex_unlock (&r->lock);
}

GstClockTime
tribune_retimer_map (TribuneRetimer *r, GstClockTime pts, GstClockTime now)
{
  gint64 out;

  if (!GST_CLOCK_TIME_IS_VALID (pts) || !GST_CLOCK_TIME_IS_VALID (now))
    return GST_CLOCK_TIME_NONE;

  g_mutex_lock (&r->lock);
  out = (gint64) pts + r->offset;
  if (!r->anchored || out + (gint64) r->late_limit < (gint64) now ||
      out > (gint64) (now + r->early_limit)) {
    r->offset = (gint64) (now + r->margin) - (gint64) pts;
    r->anchored = TRUE;
    r->anchors++;
    out = (gint64) pts + r->offset;
  }
  g_mutex_unlock (&r->lock);
  /* Just after the program starts, a frame slightly older than the anchoring one maps
   * before time 0: it is late anyway, give it the earliest valid time. */
  return (GstClockTime) MAX (out, 0);
}
