/* lean-sender.c — WHEP viewers without webrtcbin (see lean-sender.h).
 *
 * DESIGN
 * Everything a viewer costs per packet is here, in send_to_viewers(): a memcpy, two
 * header rewrites, an SRTP protect, and its share of one sendmmsg. The rest happens
 * rarely and on the receiving thread: STUN checks (every ~2.5 s per viewer once
 * connected), the DTLS handshake (once), RTCP (about once a second) and the sender
 * reports (once a second).
 *
 * LOCKING
 * One mutex per sender protects every viewer and table below. The taps' streaming
 * threads (video, audio) hold it while they send; the receiving thread holds it while it
 * handles a datagram or the once-per-100-ms housekeeping; the main thread while it adds
 * or removes a viewer. A tap's own lock is taken before ours (the tap calls us with it
 * held); we never call into a tap with ours held, except request_keyframe, which takes
 * only the encoder's.
 */
#define _GNU_SOURCE       /* sendmmsg */
#include "lean-sender.h"
#include "dtls-srtp.h"
#include "lean-answer.h"
#include "lean-rtcp.h"
#include "tribune-error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stun-message.h"

#define MAX_SOCKETS 8
#define SLOT_SIZE 1536                  /* one protected packet */
#define MAX_PLAIN (SLOT_SIZE - TRIBUNE_SRTP_MAX_TRAILER)
#define HISTORY 1024                    /* video packets kept for NACK: ~2-4 s */
#define CONSENT_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define SETUP_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define HOUSEKEEPING_MS 100

typedef struct {
  gint fd;
  gchar *address;                       /* "IP PORT", as in the candidate */
} LeanSocket;

typedef struct {
  gchar *id;
  gchar *ufrag, *pwd;                   /* ours for this viewer */
  gchar *remote_ufrag;
  LeanSocket *sock;                     /* where its checks arrive: NULL before the first */
  struct sockaddr_in addr;
  TribuneDtlsSrtp *dtls;
  gboolean connected, gone;
  gboolean wants_video, wants_audio;
  guint8 video_pt, audio_pt;
  gint64 created_us, last_check_us, next_report_us;
  guint32 video_packets, video_octets, audio_packets, audio_octets;
  guint8 fraction_lost;
} LeanViewer;

typedef struct {
  guint16 seq;
  guint16 len;                          /* 0: empty */
  guint8 data[MAX_PLAIN];
} HistorySlot;

/* What a sender report needs: a recent packet's RTP time and its running time. */
typedef struct {
  guint32 rtp_timestamp;
  GstClockTime running_time;            /* NONE: no packet yet */
  guint clock_rate;
} StreamClock;

typedef struct _TribuneLeanSender TribuneLeanSender;

typedef struct {
  TribuneLeanSender *sender;
  gboolean is_video;
  guint tap_id;
  TribunePacketTap *tap;
} Track;

/* Outlives the sender while messages to the main context are in flight. */
typedef struct {
  gint refs;
  TribuneLeanSender *sender;            /* NULL once freed; main thread only */
} Link;

struct _TribuneLeanSender {
  gchar *room_id;
  TribuneProgram *program;              /* not owned */
  TribuneLeanGoneFunc gone;
  gpointer gone_data;
  GMainContext *main_context;
  Link *link;
  LeanSocket sockets[MAX_SOCKETS];
  guint n_sockets;
  gchar **candidates;                   /* "IP PORT" each, for answers */
  guint32 video_ssrc, audio_ssrc;
  Track video, audio;
  GThread *thread;
  gint wake_fd;
  gint stopping;                        /* atomic */

  GMutex lock;
  GHashTable *viewers;                  /* id → LeanViewer*; protected by lock */
  GHashTable *by_ufrag;                 /* our ufrag → LeanViewer*; protected by lock */
  GHashTable *by_address;               /* guint64 (ip << 16 | port) → LeanViewer*; lock */
  GPtrArray *active;                    /* connected viewers; protected by lock */
  HistorySlot *history;                 /* protected by lock */
  StreamClock video_clock, audio_clock; /* protected by lock */
  guint8 *scratch;                      /* send buffers; protected by lock */
  struct mmsghdr *msgs;
  struct iovec *iovs;
  guint8 *msg_socket;                   /* index into sockets[] of each msgs[] entry */
  guint scratch_slots;
  TribuneLeanStats stats;               /* protected by lock */
};

/* ---- the process's DTLS certificate ---- */

static TribuneDtlsIdentity *
shared_identity (GError **error)
{
  static TribuneDtlsIdentity *identity;
  static GMutex mutex;
  TribuneDtlsIdentity *result;

  g_mutex_lock (&mutex);
  if (identity == NULL)
    identity = tribune_dtls_identity_new (error);
  result = identity;
  g_mutex_unlock (&mutex);
  return result;
}

/* ---- helpers ---- */

static guint64
address_key (const struct sockaddr_in *a)
{
  return (guint64) ntohl (a->sin_addr.s_addr) << 16 | ntohs (a->sin_port);
}

static gchar *
random_token (guint length)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  guint8 bytes[64];
  gchar *s = g_malloc (length + 1);

  g_assert (length <= sizeof bytes);
  if (RAND_bytes (bytes, (int) length) != 1)
    g_error ("lean sender: no random bytes from OpenSSL");
  for (guint i = 0; i < length; i++)
    s[i] = alphabet[bytes[i] & 63];
  s[length] = '\0';
  return s;
}

static void
send_datagram (TribuneLeanSender *s, LeanViewer *v, const guint8 *data, gsize len)
{
  if (v->sock == NULL)
    return;
  if (sendto (v->sock->fd, data, len, 0, (struct sockaddr *) &v->addr, sizeof v->addr) < 0)
    s->stats.send_drops++;
  else {
    s->stats.packets_sent++;
    s->stats.bytes_sent += len;
  }
}

static void
on_dtls_send (const guint8 *data, gsize len, gpointer user_data)
{
  LeanViewer *v = user_data;

  /* Called with the lock held, from a call we made on this viewer. */
  if (v->sock)
    (void) sendto (v->sock->fd, data, len, 0, (struct sockaddr *) &v->addr, sizeof v->addr);
}

static void
viewer_free (LeanViewer *v)
{
  g_free (v->id);
  g_free (v->ufrag);
  g_free (v->pwd);
  g_free (v->remote_ufrag);
  tribune_dtls_srtp_free (v->dtls);
  g_free (v);
}

/* ---- leaving: the receiving thread decides, the main thread frees ---- */

typedef struct {
  Link *link;
  gchar *id;
  gchar *reason;
} GoneMessage;

static void
link_unref (Link *link)
{
  if (g_atomic_int_dec_and_test (&link->refs))
    g_free (link);
}

static void
gone_message_free (gpointer data)
{
  GoneMessage *m = data;

  link_unref (m->link);
  g_free (m->id);
  g_free (m->reason);
  g_free (m);
}

static gboolean
dispatch_gone (gpointer data)
{
  GoneMessage *m = data;
  TribuneLeanSender *s = m->link->sender;

  /* Already removed (a DELETE came first) or the sender is gone: nothing to say. */
  if (s && tribune_lean_sender_remove_viewer (s, m->id))
    s->gone (m->id, m->reason, s->gone_data);
  return G_SOURCE_REMOVE;
}

/* Lock held. */
static void
mark_gone (TribuneLeanSender *s, LeanViewer *v, const gchar *reason)
{
  GoneMessage *m;

  if (v->gone)
    return;
  v->gone = TRUE;
  if (v->connected)
    g_ptr_array_remove_fast (s->active, v);
  v->connected = FALSE;
  m = g_new0 (GoneMessage, 1);
  m->link = s->link;
  g_atomic_int_inc (&s->link->refs);
  m->id = g_strdup (v->id);
  m->reason = g_strdup (reason);
  g_main_context_invoke_full (s->main_context, G_PRIORITY_DEFAULT, dispatch_gone, m,
                              gone_message_free);
}

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
  g_hash_table_replace (s->by_address, g_memdup2 (&(guint64) { address_key (from) },
                                                  sizeof (guint64)), v);
}

static void
viewer_connected (TribuneLeanSender *s, LeanViewer *v)
{
  v->connected = TRUE;
  v->next_report_us = g_get_monotonic_time () + g_random_int_range (200, 1000) * 1000;
  g_ptr_array_add (s->active, v);
  g_message ("room %s: viewer %s receiving (lean sender, %s)", s->room_id, v->id,
             tribune_dtls_srtp_get_profile (v->dtls));
  /* A new viewer can start decoding only at a key frame. */
  tribune_program_request_keyframe (s->program);
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
    mark_gone (s, v, reason);
  } else if (after == TRIBUNE_DTLS_CLOSED)
    mark_gone (s, v, "the viewer closed the connection");
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
    send_datagram (s, v, buffer, protected_len);
}

static void
resend (TribuneLeanSender *s, LeanViewer *v, const TribuneRtcpFeedback *fb)
{
  for (guint i = 0; i < fb->n_nacks; i++) {
    HistorySlot *slot = &s->history[fb->nacks[i] % HISTORY];

    if (slot->len == 0 || slot->seq != fb->nacks[i]) {
      s->stats.nacks_unanswered++;
      continue;
    }
    protect_and_send (s, v, slot->data, slot->len, v->video_pt, s->video_ssrc);
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
  key = address_key (from);
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
      send_datagram (s, v, buffer, len);
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
        mark_gone (s, v, v->sock ? "no DTLS handshake within 30 s"
                                 : "no ICE connectivity check within 30 s");
      continue;
    }
    if (now - v->last_check_us > CONSENT_TIMEOUT_US) {
      mark_gone (s, v, "no ICE consent check for 30 s");
      continue;
    }
    if (now >= v->next_report_us) {
      send_reports (s, v, running, ntp);
      v->next_report_us = now + G_USEC_PER_SEC;
    }
  }
}

static gpointer
receive_thread (gpointer data)
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

static void
on_packet (GstSample *sample, gpointer user_data)
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
      clock->rtp_timestamp = (guint32) map.data[4] << 24 | (guint32) map.data[5] << 16 |
                             (guint32) map.data[6] << 8 | map.data[7];
    }
  }
  if (t->is_video) {
    guint16 seq = (guint16) (map.data[2] << 8 | map.data[3]);
    HistorySlot *slot = &s->history[seq % HISTORY];
    slot->seq = seq;
    slot->len = (guint16) map.size;
    memcpy (slot->data, map.data, map.size);
  }
  if (s->active->len > 0)
    send_to_viewers (s, t->is_video, map.data, map.size);
  g_mutex_unlock (&s->lock);
  gst_buffer_unmap (buffer, &map);
}

/* ---- sockets ---- */

static GPtrArray *
candidate_addresses (const TribuneConfig *config)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  struct ifaddrs *ifs = NULL;

  if (config->ice_addresses) {
    for (guint i = 0; config->ice_addresses[i]; i++) {
      struct in_addr a;
      if (inet_pton (AF_INET, config->ice_addresses[i], &a) == 1)
        g_ptr_array_add (list, g_strdup (config->ice_addresses[i]));
      else
        g_message ("lean sender: ice_addresses entry %s is not IPv4; skipped",
                   config->ice_addresses[i]);
    }
    return list;
  }
  if (getifaddrs (&ifs) == 0) {
    for (struct ifaddrs *i = ifs; i; i = i->ifa_next) {
      gchar text[INET_ADDRSTRLEN];
      if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
          !(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
        continue;
      inet_ntop (AF_INET, &((struct sockaddr_in *) i->ifa_addr)->sin_addr, text, sizeof text);
      g_ptr_array_add (list, g_strdup (text));
    }
    freeifaddrs (ifs);
  }
  if (list->len == 0)
    g_ptr_array_add (list, g_strdup ("127.0.0.1"));
  return list;
}

static gboolean
open_socket (LeanSocket *sock, const gchar *ip, GError **error)
{
  struct sockaddr_in a = { .sin_family = AF_INET };
  socklen_t len = sizeof a;
  gint size = 4 * 1024 * 1024;

  inet_pton (AF_INET, ip, &a.sin_addr);
  sock->fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (sock->fd < 0 || bind (sock->fd, (struct sockaddr *) &a, sizeof a) < 0 ||
      getsockname (sock->fd, (struct sockaddr *) &a, &len) < 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "cannot open a UDP socket on %s for WebRTC viewers: %s", ip,
                 g_strerror (errno));
    return FALSE;
  }
  /* Room for a burst of a key frame to every viewer (the kernel caps it at wmem_max). */
  setsockopt (sock->fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  sock->address = g_strdup_printf ("%s %u", ip, ntohs (a.sin_port));
  return TRUE;
}

/* ---- life ---- */

TribuneLeanSender *
tribune_lean_sender_new (const gchar *room_id, TribuneProgram *program,
                         const TribuneConfig *config, TribuneLeanGoneFunc gone,
                         gpointer gone_data, GError **error)
{
  g_autoptr (GPtrArray) addresses = NULL;
  TribuneLeanSender *s;

  if (shared_identity (error) == NULL)
    return NULL;
  s = g_new0 (TribuneLeanSender, 1);
  s->room_id = g_strdup (room_id);
  s->program = program;
  s->gone = gone;
  s->gone_data = gone_data;
  s->main_context = g_main_context_ref_thread_default ();
  s->link = g_new0 (Link, 1);
  s->link->refs = 1;
  s->link->sender = s;
  s->wake_fd = -1;
  g_mutex_init (&s->lock);
  s->viewers = g_hash_table_new (g_str_hash, g_str_equal);
  s->by_ufrag = g_hash_table_new (g_str_hash, g_str_equal);
  s->by_address = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  s->active = g_ptr_array_new ();
  s->history = g_new0 (HistorySlot, HISTORY);
  s->video_clock = (StreamClock) { .running_time = GST_CLOCK_TIME_NONE, .clock_rate = 90000 };
  s->audio_clock = (StreamClock) { .running_time = GST_CLOCK_TIME_NONE, .clock_rate = 48000 };
  do {
    s->video_ssrc = g_random_int ();
    s->audio_ssrc = g_random_int ();
  } while (s->video_ssrc == s->audio_ssrc || s->video_ssrc == 0 || s->audio_ssrc == 0);

  addresses = candidate_addresses (config);
  s->candidates = g_new0 (gchar *, MIN (addresses->len, MAX_SOCKETS) + 1);
  for (guint i = 0; i < addresses->len && i < MAX_SOCKETS; i++) {
    s->sockets[i].fd = -1;
    if (!open_socket (&s->sockets[i], g_ptr_array_index (addresses, i), error)) {
      if (s->sockets[i].fd >= 0)
        close (s->sockets[i].fd);
      tribune_lean_sender_free (s);
      return NULL;
    }
    s->candidates[i] = g_strdup (s->sockets[i].address);
    s->n_sockets++;
  }
  s->wake_fd = eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC);
  s->thread = g_thread_new ("lean-rx", receive_thread, s);

  s->video = (Track) { s, TRUE, 0, tribune_program_tap (program, TRIBUNE_TAP_RTP_VIDEO) };
  s->audio = (Track) { s, FALSE, 0, tribune_program_tap (program, TRIBUNE_TAP_RTP_AUDIO) };
  s->video.tap_id = tribune_packet_tap_subscribe (s->video.tap, on_packet, &s->video);
  s->audio.tap_id = tribune_packet_tap_subscribe (s->audio.tap, on_packet, &s->audio);
  {
    g_autofree gchar *list = g_strjoinv (", ", s->candidates);
    g_message ("room %s: WebRTC viewers on UDP %s (lean sender, ICE-lite)", room_id, list);
  }
  return s;
}

void
tribune_lean_sender_free (TribuneLeanSender *s)
{
  GHashTableIter iter;
  gpointer value;

  if (s == NULL)
    return;
  /* The taps first: after this no streaming thread is in here. */
  if (s->video.tap_id)
    tribune_packet_tap_unsubscribe (s->video.tap, s->video.tap_id);
  if (s->audio.tap_id)
    tribune_packet_tap_unsubscribe (s->audio.tap, s->audio.tap_id);
  if (s->thread) {
    g_atomic_int_set (&s->stopping, 1);
    (void) eventfd_write (s->wake_fd, 1);
    g_thread_join (s->thread);
  }
  g_hash_table_iter_init (&iter, s->viewers);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    LeanViewer *v = value;
    if (v->connected)
      tribune_dtls_srtp_close (v->dtls);
    viewer_free (v);
  }
  g_hash_table_unref (s->viewers);
  g_hash_table_unref (s->by_ufrag);
  g_hash_table_unref (s->by_address);
  g_ptr_array_unref (s->active);
  for (guint i = 0; i < s->n_sockets; i++) {
    close (s->sockets[i].fd);
    g_free (s->sockets[i].address);
  }
  if (s->wake_fd >= 0)
    close (s->wake_fd);
  g_strfreev (s->candidates);
  g_free (s->history);
  g_free (s->scratch);
  g_free (s->msgs);
  g_free (s->iovs);
  g_free (s->msg_socket);
  g_mutex_clear (&s->lock);
  s->link->sender = NULL;
  link_unref (s->link);
  g_main_context_unref (s->main_context);
  g_free (s->room_id);
  g_free (s);
}

/* ---- viewers ---- */

gchar *
tribune_lean_sender_add_viewer (TribuneLeanSender *s, const gchar *viewer_id,
                                const TribuneOfferPlan *plan, const gchar *offer,
                                GError **error)
{
  TribuneDtlsIdentity *identity = shared_identity (NULL);
  TribuneLeanOffer remote;
  TribuneLeanAnswerParams params;
  LeanViewer *v = g_new0 (LeanViewer, 1);
  gchar *answer;

  v->id = g_strdup (viewer_id);
  v->ufrag = random_token (8);
  v->pwd = random_token (24);
  params = (TribuneLeanAnswerParams) {
    .ufrag = v->ufrag, .pwd = v->pwd,
    .fingerprint = tribune_dtls_identity_fingerprint (identity),
    .candidates = (const gchar *const *) s->candidates,
    .video_ssrc = s->video_ssrc, .audio_ssrc = s->audio_ssrc,
  };
  answer = tribune_lean_answer_build (offer, plan, &params, &remote, error);
  if (answer == NULL) {
    viewer_free (v);
    return NULL;
  }
  v->remote_ufrag = g_steal_pointer (&remote.remote_ufrag);
  v->wants_video = plan->video.mline >= 0;
  v->wants_audio = plan->audio.mline >= 0;
  v->video_pt = (guint8) plan->video.pt;
  v->audio_pt = (guint8) plan->audio.pt;
  v->created_us = g_get_monotonic_time ();
  v->dtls = tribune_dtls_srtp_new (identity, TRIBUNE_DTLS_SERVER, remote.remote_fingerprint,
                                   on_dtls_send, v);
  tribune_lean_offer_clear (&remote);
  /* An endpoint that failed at birth: the offer's fingerprint could not be read. */
  if (tribune_dtls_srtp_get_state (v->dtls) == TRIBUNE_DTLS_FAILED) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "a=fingerprint: %s",
                 tribune_dtls_srtp_get_error (v->dtls));
    g_free (answer);
    viewer_free (v);
    return NULL;
  }

  g_mutex_lock (&s->lock);
  g_hash_table_insert (s->viewers, v->id, v);
  g_hash_table_insert (s->by_ufrag, v->ufrag, v);
  s->stats.viewers = g_hash_table_size (s->viewers);
  g_mutex_unlock (&s->lock);
  return answer;
}

static gboolean
points_to (gpointer key, gpointer value, gpointer user_data)
{
  return value == user_data;
}

gboolean
tribune_lean_sender_remove_viewer (TribuneLeanSender *s, const gchar *viewer_id)
{
  LeanViewer *v;

  g_mutex_lock (&s->lock);
  v = g_hash_table_lookup (s->viewers, viewer_id);
  if (v == NULL) {
    g_mutex_unlock (&s->lock);
    return FALSE;
  }
  g_hash_table_remove (s->viewers, viewer_id);
  g_hash_table_remove (s->by_ufrag, v->ufrag);
  g_hash_table_foreach_remove (s->by_address, points_to, v);
  if (v->connected) {
    g_ptr_array_remove_fast (s->active, v);
    /* Tell the browser now rather than let it wait for its consent to expire. */
    tribune_dtls_srtp_close (v->dtls);
  }
  s->stats.viewers = g_hash_table_size (s->viewers);
  g_mutex_unlock (&s->lock);
  viewer_free (v);
  return TRUE;
}

gboolean
tribune_lean_sender_has_viewer (TribuneLeanSender *s, const gchar *viewer_id)
{
  gboolean has;

  g_mutex_lock (&s->lock);
  has = g_hash_table_contains (s->viewers, viewer_id);
  g_mutex_unlock (&s->lock);
  return has;
}

void
tribune_lean_sender_get_stats (TribuneLeanSender *s, TribuneLeanStats *stats)
{
  g_mutex_lock (&s->lock);
  *stats = s->stats;
  stats->viewers = g_hash_table_size (s->viewers);
  stats->connected = s->active->len;
  g_mutex_unlock (&s->lock);
}
