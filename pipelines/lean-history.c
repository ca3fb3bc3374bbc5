/* lean-history.c — recent video packets for resends and for new viewers
 * (see lean-history.h). */
#include "lean-history.h"
#include "rtp-h264.h"

#include <string.h>

typedef struct {
  guint16 seq;
  guint16 len;                          /* 0: empty */
  guint8 data[LEAN_HISTORY_MAX_PACKET];
} Slot;

struct _LeanHistory {
  Slot slots[LEAN_HISTORY_SIZE];
  gboolean any;
  guint16 newest;                       /* sequence number of the last packet kept */
  /* The first packet of the most recent key frame. */
  gboolean have_keyframe;
  guint16 keyframe_seq;
  guint32 keyframe_timestamp;
  gint64 keyframe_us;
};

LeanHistory *
lean_history_new (void)
{
  return g_new0 (LeanHistory, 1);
}

void
lean_history_free (LeanHistory *history)
{
  g_free (history);
}

void
lean_history_put (LeanHistory *h, const guint8 *rtp, gsize len, gint64 now_us)
{
  guint16 seq;
  Slot *slot;

  if (len < 12 || len > LEAN_HISTORY_MAX_PACKET)
    return;
  seq = (guint16) (rtp[2] << 8 | rtp[3]);
  slot = &h->slots[seq % LEAN_HISTORY_SIZE];
  slot->seq = seq;
  slot->len = (guint16) len;
  memcpy (slot->data, rtp, len);
  h->any = TRUE;
  h->newest = seq;
  /* The SPS and then the IDR slice both open a key frame: keep the first packet of each
   * picture (one RTP timestamp). */
  if (tribune_rtp_h264_opens_keyframe (rtp, len) &&
      !(h->have_keyframe && h->keyframe_timestamp == tribune_rtp_timestamp (rtp))) {
    h->have_keyframe = TRUE;
    h->keyframe_seq = seq;
    h->keyframe_timestamp = tribune_rtp_timestamp (rtp);
    h->keyframe_us = now_us;
  }
}

const guint8 *
lean_history_get (const LeanHistory *h, guint16 seq, gsize *len)
{
  const Slot *slot = &h->slots[seq % LEAN_HISTORY_SIZE];

  if (slot->len == 0 || slot->seq != seq)
    return NULL;
  *len = slot->len;
  return slot->data;
}

gint64
lean_history_since_keyframe (const LeanHistory *h, gint64 now_us, gint64 max_age_us,
                             guint16 *first, guint *count)
{
  guint n;

  if (!h->any || !h->have_keyframe || now_us - h->keyframe_us > max_age_us)
    return -1;
  n = (guint16) (h->newest - h->keyframe_seq) + 1u;
  if (n > LEAN_HISTORY_SIZE)
    return -1;
  for (guint i = 0; i < n; i++) {
    gsize len;

    if (lean_history_get (h, (guint16) (h->keyframe_seq + i), &len) == NULL)
      return -1;   /* overwritten meanwhile: a long key frame burst */
  }
  *first = h->keyframe_seq;
  *count = n;
  return now_us - h->keyframe_us;
}
