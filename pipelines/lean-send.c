/* lean-send.c — the lean sender's hot path (see lean-sender.h), on the program's
 * streaming threads: each RTP packet from a tap is kept (video, for NACK) and copied once
 * per connected viewer, with the viewer's payload type and our SSRC, protected with the
 * viewer's SRTP keys, and all copies go out with one sendmmsg per socket. */
#define _GNU_SOURCE       /* sendmmsg */
#include "lean-sender-private.h"
#include "rtp-header.h"

G_STATIC_ASSERT (MAX_PLAIN <= LEAN_HISTORY_MAX_PACKET);

#include <string.h>

/* ---- sending: the program's streaming threads ---- */

static void
ensure_scratch (TribuneLeanSender *s, guint n)
{
  if (n <= s->scratch_slots)
    return;
  n = MAX (n, s->scratch_slots * 2);
  s->scratch = g_realloc (s->scratch, (gsize) n * SLOT_SIZE);
  s->msgs = g_realloc (s->msgs, (gsize) n * sizeof *s->msgs);
  s->iovs = g_realloc (s->iovs, (gsize) n * sizeof *s->iovs);
  s->msg_socket = g_realloc (s->msg_socket, n);
  s->scratch_slots = n;
}

/* Lock held. One protected copy per viewer, then one sendmmsg per socket. */
static void
send_to_viewers (TribuneLeanSender *s, gboolean is_video, const guint8 *data, gsize len)
{
  guint32 ssrc = is_video ? s->video_ssrc : s->audio_ssrc;
  guint n = 0;

  ensure_scratch (s, s->active->len);
  for (guint i = 0; i < s->active->len; i++) {
    LeanViewer *v = g_ptr_array_index (s->active, i);
    guint8 *out = s->scratch + (gsize) n * SLOT_SIZE;
    gsize protected_len;

    if (!(is_video ? v->wants_video : v->wants_audio))
      continue;
    memcpy (out, data, len);
    out[1] = (out[1] & 0x80) | (is_video ? v->video_pt : v->audio_pt);
    out[8] = ssrc >> 24; out[9] = ssrc >> 16; out[10] = ssrc >> 8; out[11] = ssrc;
    protected_len = tribune_dtls_srtp_protect_rtp (v->dtls, out, len);
    if (protected_len == 0)
      continue;
    if (is_video) {
      v->video_packets++;
      v->video_octets += (guint32) len - 12;
    } else {
      v->audio_packets++;
      v->audio_octets += (guint32) len - 12;
    }
    s->iovs[n] = (struct iovec) { .iov_base = out, .iov_len = protected_len };
    s->msgs[n] = (struct mmsghdr) { .msg_hdr = {
      .msg_name = &v->addr, .msg_namelen = sizeof v->addr,
      .msg_iov = &s->iovs[n], .msg_iovlen = 1,
    } };
    s->msg_socket[n] = (guint8) (v->sock - s->sockets);
    n++;
  }
  for (guint k = 0; k < s->n_sockets && n > 0; k++) {
    struct mmsghdr batch[64];
    guint b = 0;

    for (guint i = 0; i <= n; i++) {
      if (i < n && s->msg_socket[i] == k)
        batch[b++] = s->msgs[i];
      if (b == G_N_ELEMENTS (batch) || (i == n && b > 0)) {
        gint sent = sendmmsg (s->sockets[k].fd, batch, b, MSG_DONTWAIT);
        guint ok = sent > 0 ? (guint) sent : 0;
        for (guint j = 0; j < ok; j++)
          s->stats.bytes_sent += batch[j].msg_len;
        s->stats.packets_sent += ok;
        s->stats.send_drops += b - ok;
        b = 0;
      }
    }
  }
}

void
lean_on_packet (GstSample *sample, gpointer user_data)
{
  Track *t = user_data;
  TribuneLeanSender *s = t->sender;
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  StreamClock *clock;
  GstMapInfo map;

  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  if (map.size < 12 || map.size > MAX_PLAIN || (map.data[0] >> 6) != 2) {
    gst_buffer_unmap (buffer, &map);
    return;
  }
  g_mutex_lock (&s->lock);
  s->stats.bytes_from_program += map.size;
  clock = t->is_video ? &s->video_clock : &s->audio_clock;
  if (segment && GST_BUFFER_PTS_IS_VALID (buffer)) {
    GstClockTime rt = gst_segment_to_running_time (segment, GST_FORMAT_TIME,
                                                   GST_BUFFER_PTS (buffer));
    if (rt != GST_CLOCK_TIME_NONE) {
      clock->running_time = rt;
      clock->rtp_timestamp = tribune_rtp_timestamp (map.data);
    }
  }
  if (t->is_video)
    lean_history_put (s->history, map.data, map.size, g_get_monotonic_time ());
  if (s->active->len > 0)
    send_to_viewers (s, t->is_video, map.data, map.size);
  g_mutex_unlock (&s->lock);
  gst_buffer_unmap (buffer, &map);
}

