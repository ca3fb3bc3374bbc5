/* lean-receive.c — the lean sender's receiving thread (see lean-sender.h): every
 * datagram a viewer sends arrives here on the room's shared sockets. STUN checks are
 * answered and give the viewer's address; DTLS goes to the viewer's endpoint until the
 * keys are out; RTCP asks for key frames (PLI, FIR), for resends (NACK) and reports loss.
 * Every 100 ms the same thread does the housekeeping: DTLS retransmissions, consent
 * (30 s without a check: gone) and one sender report per stream per viewer per second. */
#include "lean-sender-private.h"
#include "lean-rtcp.h"
#include "stun-message.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

/* ---- receiving: STUN, DTLS, RTCP ---- */

static void
handle_stun (TribuneLeanSender *s, LeanSocket *sock, const guint8 *data, gsize len,
             const struct sockaddr_in *from)
{
  TribuneStunMessage msg;
  gchar ufrag[257];
  const gchar *colon;
  gsize ufrag_len;
  LeanViewer *v;
  guint8 response[TRIBUNE_STUN_MAX_LEN];
  gsize response_len;

  if (!tribune_stun_parse (data, len, &msg) || msg.kind != TRIBUNE_STUN_BINDING_REQUEST ||
      msg.username == NULL)
    return;
  colon = memchr (msg.username, ':', msg.username_len);
  ufrag_len = colon ? (gsize) (colon - msg.username) : msg.username_len;
  if (ufrag_len == 0 || ufrag_len >= sizeof ufrag)
    return;
  memcpy (ufrag, msg.username, ufrag_len);
  ufrag[ufrag_len] = '\0';
  v = g_hash_table_lookup (s->by_ufrag, ufrag);
  if (v == NULL || v->gone || !tribune_stun_check_integrity (data, len, &msg, v->pwd))
    return;   /* not ours, or a forgery: RFC 8445 says drop silently */

  response_len = tribune_stun_build_binding_success (&msg, (const struct sockaddr *) from,
                                                     sizeof *from, v->pwd, response);
  (void) sendto (sock->fd, response, response_len, 0, (const struct sockaddr *) from,
                 sizeof *from);
  v->last_check_us = g_get_monotonic_time ();
  /* The controlling browser nominates with USE-CANDIDATE; until then the first
   * address that checked is where we answer DTLS. */
  if (v->sock == NULL || msg.use_candidate) {
    v->sock = sock;
    v->addr = *from;
  }
  g_hash_table_replace (s->by_address, g_memdup2 (&(guint64) { lean_address_key (from) },
                                                  sizeof (guint64)), v);
}

static void
protect_and_send (TribuneLeanSender *s, LeanViewer *v, const guint8 *plain, gsize len,
                  guint8 pt, guint32 ssrc)
{
  guint8 buffer[SLOT_SIZE];
  gsize protected_len;

  memcpy (buffer, plain, len);
  buffer[1] = (buffer[1] & 0x80) | pt;
  buffer[8] = ssrc >> 24; buffer[9] = ssrc >> 16; buffer[10] = ssrc >> 8; buffer[11] = ssrc;
  protected_len = tribune_dtls_srtp_protect_rtp (v->dtls, buffer, len);
  if (protected_len > 0)
    lean_send_datagram (s, v, buffer, protected_len);
}

/* Lock held. A new viewer can start decoding only at a key frame. It asked for one with
 * its offer (lean-sender.c), and its handshake usually ends after that key frame went
 * out: send it the key frame and the packets since, from the history, and it shows a
 * picture at once instead of waiting for another key frame (≈ 50 ms: the next frame and
 * its encoding). The browser's jitter buffer takes the burst. Only a recent key frame
 * (KEYFRAME_REPLAY_MAX_US): an older one would start the viewer that far behind live.
 * Returns the key frame's age in ms, or -1 when there is none to start at. */
static gint
start_at_keyframe (TribuneLeanSender *s, LeanViewer *v)
{
  guint16 first;
  guint count;
  gint64 age_us;

  if (!v->wants_video)
    return -1;
  age_us = lean_history_since_keyframe (s->history, g_get_monotonic_time (),
                                        KEYFRAME_REPLAY_MAX_US, &first, &count);
  if (age_us < 0)
    return -1;
  for (guint i = 0; i < count; i++) {
    gsize len;
    const guint8 *packet = lean_history_get (s->history, (guint16) (first + i), &len);

    protect_and_send (s, v, packet, len, v->video_pt, s->video_ssrc);
    v->video_packets++;
    v->video_octets += (guint32) len - 12;
  }
  s->stats.keyframe_replays++;
  return (gint) (age_us / 1000);
}

static void
viewer_connected (TribuneLeanSender *s, LeanViewer *v)
{
  gint replayed_ms;

  v->connected = TRUE;
  v->next_report_us = g_get_monotonic_time () + g_random_int_range (200, 1000) * 1000;
  replayed_ms = start_at_keyframe (s, v);
  g_ptr_array_add (s->active, v);
  if (replayed_ms >= 0)
    g_message ("room %s: viewer %s receiving (lean sender, %s), from a key frame %d ms old",
               s->room_id, v->id, tribune_dtls_srtp_get_profile (v->dtls), replayed_ms);
  else {
    g_message ("room %s: viewer %s receiving (lean sender, %s)", s->room_id, v->id,
               tribune_dtls_srtp_get_profile (v->dtls));
    tribune_program_request_keyframe (s->program);
  }
}

static void
handle_dtls (TribuneLeanSender *s, LeanViewer *v, const guint8 *data, gsize len)
{
  TribuneDtlsState before = tribune_dtls_srtp_get_state (v->dtls);
  TribuneDtlsState after = tribune_dtls_srtp_receive (v->dtls, data, len);

  if (after == TRIBUNE_DTLS_CONNECTED && before != TRIBUNE_DTLS_CONNECTED)
    viewer_connected (s, v);
  else if (after == TRIBUNE_DTLS_FAILED) {
    g_autofree gchar *reason = g_strdup_printf ("DTLS failed: %s",
                                                tribune_dtls_srtp_get_error (v->dtls));
    lean_mark_gone (s, v, reason);
  } else if (after == TRIBUNE_DTLS_CLOSED)
    lean_mark_gone (s, v, "the viewer closed the connection");
}

static void
resend (TribuneLeanSender *s, LeanViewer *v, const TribuneRtcpFeedback *fb)
{
  for (guint i = 0; i < fb->n_nacks; i++) {
    gsize len;
    const guint8 *packet = lean_history_get (s->history, fb->nacks[i], &len);

    if (packet == NULL) {
      s->stats.nacks_unanswered++;
      continue;
    }
    protect_and_send (s, v, packet, len, v->video_pt, s->video_ssrc);
    s->stats.retransmissions++;
  }
}

static void
handle_rtcp (TribuneLeanSender *s, LeanViewer *v, const guint8 *data, gsize len)
{
  guint8 buffer[SLOT_SIZE];
  TribuneRtcpFeedback fb;
  gsize plain_len;

  if (len > sizeof buffer || data[1] < 192 || data[1] > 223)
    return;   /* RTP from a viewer: it sends nothing we want */
  memcpy (buffer, data, len);
  plain_len = tribune_dtls_srtp_unprotect_rtcp (v->dtls, buffer, len);
  if (plain_len == 0 ||
      !tribune_rtcp_read_feedback (buffer, plain_len, s->video_ssrc, s->audio_ssrc, &fb))
    return;
  if (fb.pli || fb.fir) {
    s->stats.keyframe_requests++;
    tribune_program_request_keyframe (s->program);   /* rate-limited there */
  }
  if (fb.n_nacks > 0 && v->wants_video)
    resend (s, v, &fb);
  if (fb.has_report)
    v->fraction_lost = fb.fraction_lost;
}

static void
handle_datagram (TribuneLeanSender *s, LeanSocket *sock, const guint8 *data, gsize len,
                 const struct sockaddr_in *from)
{
  LeanViewer *v;
  guint64 key;

  if (len == 0)
    return;
  /* RFC 7983: the first byte tells STUN, DTLS and RTP/RTCP apart. */
  if (data[0] < 4) {
    handle_stun (s, sock, data, len, from);
    return;
  }
  key = lean_address_key (from);
  v = g_hash_table_lookup (s->by_address, &key);
  if (v == NULL || v->gone)
    return;   /* only addresses that passed a connectivity check get this far */
  if (data[0] >= 20 && data[0] <= 63)
    handle_dtls (s, v, data, len);
  else if (data[0] >= 128 && data[0] <= 191 && v->connected && len >= 8)
    handle_rtcp (s, v, data, len);
}

/* ---- sender reports ---- */

static guint32
rtp_time_now (const StreamClock *c, GstClockTime now)
{
  gint64 diff = (gint64) now - (gint64) c->running_time;

  return c->rtp_timestamp + (guint32) (gint64) (diff * (gint64) c->clock_rate / GST_SECOND);
}

static void
send_reports (TribuneLeanSender *s, LeanViewer *v, GstClockTime now, guint64 ntp)
{
  guint8 buffer[256];
  TribuneRtcpSenderReport sr = { .ntp = ntp };
  gsize len;

  for (guint i = 0; i < 2; i++) {
    gboolean video = i == 0;
    const StreamClock *c = video ? &s->video_clock : &s->audio_clock;

    if (!(video ? v->wants_video : v->wants_audio) || c->running_time == GST_CLOCK_TIME_NONE ||
        now == GST_CLOCK_TIME_NONE)
      continue;
    sr.ssrc = video ? s->video_ssrc : s->audio_ssrc;
    sr.rtp_timestamp = rtp_time_now (c, now);
    sr.packet_count = video ? v->video_packets : v->audio_packets;
    sr.octet_count = video ? v->video_octets : v->audio_octets;
    len = tribune_rtcp_write_sender_report (&sr, "tribune", buffer);
    len = tribune_dtls_srtp_protect_rtcp (v->dtls, buffer, len);
    if (len > 0)
      lean_send_datagram (s, v, buffer, len);
  }
}

/* Lock held: timeouts, consent, reports. */
static void
housekeeping (TribuneLeanSender *s)
{
  gint64 now = g_get_monotonic_time ();
  GstClockTime running = GST_CLOCK_TIME_NONE;
  guint64 ntp = tribune_rtcp_ntp_from_unix_us (g_get_real_time ());
  GHashTableIter iter;
  gpointer value;

  if (s->active->len > 0)
    running = tribune_program_running_time (s->program);
  g_hash_table_iter_init (&iter, s->viewers);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    LeanViewer *v = value;

    if (v->gone)
      continue;
    if (!v->connected) {
      if (tribune_dtls_srtp_get_state (v->dtls) == TRIBUNE_DTLS_HANDSHAKING &&
          tribune_dtls_srtp_timeout_ms (v->dtls) == 0)
        tribune_dtls_srtp_handle_timeout (v->dtls);
      if (now - v->created_us > SETUP_TIMEOUT_US)
        lean_mark_gone (s, v, v->sock ? "no DTLS handshake within 30 s"
                                 : "no ICE connectivity check within 30 s");
      continue;
    }
    if (now - v->last_check_us > CONSENT_TIMEOUT_US) {
      lean_mark_gone (s, v, "no ICE consent check for 30 s");
      continue;
    }
    if (now >= v->next_report_us) {
      send_reports (s, v, running, ntp);
      v->next_report_us = now + G_USEC_PER_SEC;
    }
  }
}

gpointer
lean_receive_thread (gpointer data)
{
  TribuneLeanSender *s = data;
  struct pollfd fds[MAX_SOCKETS + 1];
  guint8 buffer[2048];
  gint64 next_housekeeping = 0;

  for (guint i = 0; i < s->n_sockets; i++)
    fds[i] = (struct pollfd) { .fd = s->sockets[i].fd, .events = POLLIN };
  fds[s->n_sockets] = (struct pollfd) { .fd = s->wake_fd, .events = POLLIN };

  while (!g_atomic_int_get (&s->stopping)) {
    gint64 now = g_get_monotonic_time ();
    gint timeout = (gint) MAX (0, (next_housekeeping - now) / 1000);

    if (poll (fds, s->n_sockets + 1, timeout) < 0 && errno != EINTR) {
      g_warning ("lean sender %s: poll failed: %s", s->room_id, g_strerror (errno));
      break;
    }
    for (guint i = 0; i < s->n_sockets; i++) {
      if (!(fds[i].revents & POLLIN))
        continue;
      /* Drain, but give housekeeping its turn under a flood. */
      for (guint n = 0; n < 256; n++) {
        struct sockaddr_in from;
        socklen_t from_len = sizeof from;
        gssize len = recvfrom (fds[i].fd, buffer, sizeof buffer, 0,
                               (struct sockaddr *) &from, &from_len);
        if (len < 0)
          break;
        if (from.sin_family != AF_INET)
          continue;
        g_mutex_lock (&s->lock);
        handle_datagram (s, &s->sockets[i], buffer, (gsize) len, &from);
        g_mutex_unlock (&s->lock);
      }
    }
    now = g_get_monotonic_time ();
    if (now >= next_housekeeping) {
      g_mutex_lock (&s->lock);
      housekeeping (s);
      g_mutex_unlock (&s->lock);
      next_housekeeping = now + HOUSEKEEPING_MS * 1000;
    }
  }
  return NULL;
}

