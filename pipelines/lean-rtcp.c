/* lean-rtcp.c — RTCP feedback in, sender reports out (see lean-rtcp.h). */
#include "lean-rtcp.h"

#include <string.h>

#define RTCP_SR 200
#define RTCP_RR 201
#define RTCP_SDES 202
#define RTCP_RTPFB 205      /* transport-layer feedback; FMT 1: generic NACK */
#define RTCP_PSFB 206       /* payload-specific; FMT 1: PLI, FMT 4: FIR */

static guint32
read32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
write32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void
read_report_blocks (const guint8 *blocks, gsize len, guint count, guint32 video_ssrc,
                    guint32 audio_ssrc, TribuneRtcpFeedback *out)
{
  for (guint i = 0; i < count && (i + 1) * 24 <= len; i++) {
    const guint8 *b = blocks + i * 24;
    guint32 ssrc = read32 (b);
    guint32 lost = read32 (b + 4) & 0xffffff;

    if (ssrc != video_ssrc && ssrc != audio_ssrc)
      continue;
    out->has_report = TRUE;
    out->fraction_lost = b[4];
    /* 24-bit signed (duplicates can make it negative). */
    out->cumulative_lost = (lost & 0x800000) ? (gint32) (lost | 0xff000000u) : (gint32) lost;
  }
}

static void
read_nacks (const guint8 *fci, gsize len, TribuneRtcpFeedback *out)
{
  for (gsize off = 0; off + 4 <= len; off += 4) {
    guint16 pid = (guint16) (fci[off] << 8 | fci[off + 1]);
    guint16 blp = (guint16) (fci[off + 2] << 8 | fci[off + 3]);

    if (out->n_nacks < TRIBUNE_RTCP_MAX_NACKS)
      out->nacks[out->n_nacks++] = pid;
    for (guint bit = 0; bit < 16; bit++)
      if ((blp & (1u << bit)) && out->n_nacks < TRIBUNE_RTCP_MAX_NACKS)
        out->nacks[out->n_nacks++] = (guint16) (pid + bit + 1);
  }
}

gboolean
tribune_rtcp_read_feedback (const guint8 *data, gsize len, guint32 video_ssrc,
                            guint32 audio_ssrc, TribuneRtcpFeedback *out)
{
  gsize off = 0;

  memset (out, 0, sizeof *out);
  if (len < 4)
    return FALSE;
  while (off + 4 <= len) {
    const guint8 *p = data + off;
    guint count = p[0] & 0x1f;
    guint type = p[1];
    gsize size = ((gsize) (p[2] << 8 | p[3]) + 1) * 4;

    if ((p[0] >> 6) != 2 || off + size > len)
      return off > 0;     /* keep what the good part said */
    switch (type) {
      case RTCP_SR:
        if (size >= 28)
          read_report_blocks (p + 28, size - 28, count, video_ssrc, audio_ssrc, out);
        break;
      case RTCP_RR:
        if (size >= 8)
          read_report_blocks (p + 8, size - 8, count, video_ssrc, audio_ssrc, out);
        break;
      case RTCP_RTPFB:
        if (count == 1 && size >= 12 && read32 (p + 8) == video_ssrc)
          read_nacks (p + 12, size - 12, out);
        break;
      case RTCP_PSFB:
        if (count == 1 && size >= 12 && read32 (p + 8) == video_ssrc)
          out->pli = TRUE;
        else if (count == 4) {
          /* FIR: the media SSRC field is unused; each entry names the SSRC. */
          for (gsize e = 12; e + 8 <= size; e += 8)
            if (read32 (p + e) == video_ssrc)
              out->fir = TRUE;
        }
        break;
      default:
        break;
    }
    off += size;
  }
  return TRUE;
}

gsize
tribune_rtcp_write_sender_report (const TribuneRtcpSenderReport *sr, const gchar *cname,
                                  guint8 *out)
{
  gsize cname_len = MIN (strlen (cname), 64);
  gsize sdes_items = 2 + cname_len + 1;         /* CNAME item + the END byte */
  gsize sdes_len = 8 + ((sdes_items + 3) & ~(gsize) 3);

  /* SR, no report blocks (we receive nothing): 28 bytes, length field 6. */
  out[0] = 0x80;
  out[1] = RTCP_SR;
  out[2] = 0;
  out[3] = 6;
  write32 (out + 4, sr->ssrc);
  write32 (out + 8, (guint32) (sr->ntp >> 32));
  write32 (out + 12, (guint32) sr->ntp);
  write32 (out + 16, sr->rtp_timestamp);
  write32 (out + 20, sr->packet_count);
  write32 (out + 24, sr->octet_count);
  /* SDES with one chunk: our SSRC and its CNAME (RFC 3550 wants one in every compound). */
  memset (out + 28, 0, sdes_len);
  out[28] = 0x81;
  out[29] = RTCP_SDES;
  out[30] = 0;
  out[31] = (guint8) (sdes_len / 4 - 1);
  write32 (out + 32, sr->ssrc);
  out[36] = 1;                                   /* CNAME */
  out[37] = (guint8) cname_len;
  memcpy (out + 38, cname, cname_len);
  return 28 + sdes_len;
}

guint64
tribune_rtcp_ntp_from_unix_us (gint64 unix_us)
{
  /* NTP counts from 1900; 70 years (17 leap days) before the Unix epoch. */
  guint64 seconds = (guint64) (unix_us / G_USEC_PER_SEC) + 2208988800ull;
  guint64 fraction = ((guint64) (unix_us % G_USEC_PER_SEC) << 32) / G_USEC_PER_SEC;

  return seconds << 32 | fraction;
}
