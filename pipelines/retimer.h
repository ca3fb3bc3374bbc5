/* retimer.h — map an input's timestamps onto the program's running time.
 *
 * Inputs run in their own pipelines with their own clocks' base times. When a frame
 * reaches the program it gets   pts_out = pts_in + offset   where the offset is fixed
 * when the input starts (arrival time + a small margin − pts_in). Audio and video of one
 * input share one retimer, so lip sync survives. When an input jumps (reconnect,
 * discontinuity, a long stall), a frame would land too late or too far ahead; then the
 * retimer anchors again on that frame. Pure arithmetic, unit-tested.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct {
  GMutex lock;
  gboolean anchored;        /* protected by lock */
  gint64 offset;            /* ns; protected by lock */
  GstClockTime margin;      /* how far ahead of "now" a fresh anchor puts frames */
  GstClockTime late_limit;  /* frames later than this behind "now" cause a re-anchor */
  GstClockTime early_limit; /* frames further ahead than this cause a re-anchor */
  guint anchors;            /* how often it anchored (for logs and tests) */
} TribuneRetimer;

void tribune_retimer_init (TribuneRetimer *r, GstClockTime margin);
void tribune_retimer_clear (TribuneRetimer *r);
/* Forget the anchor: the next frame anchors again (a new input connected). */
void tribune_retimer_reset (TribuneRetimer *r);
/* Program time for a frame with @pts arriving when the program's running time is @now.
 * Returns GST_CLOCK_TIME_NONE when @pts or @now is invalid. Any thread. */
GstClockTime tribune_retimer_map (TribuneRetimer *r, GstClockTime pts, GstClockTime now);

G_END_DECLS
