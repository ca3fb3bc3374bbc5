/* rtp-h264.c — key frame starts in H.264 RTP packets (see rtp-h264.h). */
#include "rtp-h264.h"

enum {
  NAL_IDR = 5,
  NAL_SPS = 7,
  NAL_STAP_A = 24,
  NAL_FU_A = 28,
};

static gboolean
opens (guint type)
{
  return type == NAL_SPS || type == NAL_IDR;
}

gboolean
tribune_rtp_h264_opens_keyframe (const guint8 *rtp, gsize len)
{
  gsize at = tribune_rtp_header_length (rtp, len);
  const guint8 *p = rtp + at;
  gsize n = len - at;
  guint type;

  if (at == 0 || n == 0)
    return FALSE;
  type = p[0] & 0x1f;
  if (type == NAL_STAP_A) {
    /* Aggregated NAL units, each after a 16-bit size: any SPS or IDR among them. */
    for (gsize i = 1; i + 2 < n;) {
      gsize size = (gsize) (p[i] << 8 | p[i + 1]);

      if (size == 0 || i + 2 + size > n)
        return FALSE;
      if (opens (p[i + 2] & 0x1f))
        return TRUE;
      i += 2 + size;
    }
    return FALSE;
  }
  if (type == NAL_FU_A)         /* the start bit and the fragmented unit's type */
    return n >= 2 && (p[1] & 0x80) && (p[1] & 0x1f) == NAL_IDR;
  return opens (type);
}
