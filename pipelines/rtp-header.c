/* rtp-header.c — the fixed RTP header (see rtp-header.h). */
#include "rtp-header.h"

gsize
tribune_rtp_header_length (const guint8 *p, gsize len)
{
  gsize hdr;

  if (len < TRIBUNE_RTP_HEADER_LEN || p[0] >> 6 != 2)
    return 0;
  hdr = TRIBUNE_RTP_HEADER_LEN + 4 * (gsize) (p[0] & 0x0f);
  if (p[0] & 0x10) {            /* header extension: 4 bytes, then its length × 4 */
    if (hdr + 4 > len)
      return 0;
    hdr += 4 + 4 * ((gsize) p[hdr + 2] << 8 | p[hdr + 3]);
  }
  return hdr <= len ? hdr : 0;
}

guint32
tribune_rtp_timestamp (const guint8 *rtp)
{
  return (guint32) rtp[4] << 24 | (guint32) rtp[5] << 16 | (guint32) rtp[6] << 8 | rtp[7];
}
