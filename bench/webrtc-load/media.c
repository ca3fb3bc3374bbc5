/* media.c — the load client's packet path: one UDP socket per session, all of them in
 * one epoll set read with recvmmsg; ICE (Binding requests and answers), DTLS, counting
 * RTP per SSRC, and the decoded sample's decrypt and PLI (see webrtc-load.h).
 *
 * The cost per packet is what limits how many viewers one process can simulate, so the
 * common path (an SRTP packet of a counted-only session) is: demultiplex on the first
 * byte, read SSRC and sequence number from the clear header, find the stream among at
 * most four, set a bit. Nothing is decrypted, copied or allocated.
 *
 * Batching: the epoll fd is one GSource on the main context. When it wakes up we read
 * every ready socket until it is empty, then nap for WL_NAP_US so that the next wake-up
 * finds several packets per socket: a video frame comes as a burst of packets, and
 * reading them in one recvmmsg instead of one wake-up each is most of the saving. The
 * sockets' receive buffers hold far more than a nap's worth of packets.
 */
#define _GNU_SOURCE             /* recvmmsg */
#include "webrtc-load.h"
#include "stun-message.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <stdarg.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
#define PACKET_MAX 1600
#define CHECK_INTERVAL_US (50 * 1000)          /* until the first success */
#define CONSENT_INTERVAL_US (2500 * 1000)      /* RFC 7675: every 4–6 s is enough; 2.5 s
                                                * leaves room for a lost one before the
                                                * server's 30 s limit */
#define PLI_INTERVAL_US (3 * G_USEC_PER_SEC)
#define CONNECT_TIMEOUT_US (45 * G_USEC_PER_SEC)
#define RCVBUF_BYTES (1 << 20)
/* Peer-reflexive priority (RFC 8445 §7.1.1: type preference 110, one component). */
#define CHECK_PRIORITY ((110u << 24) | (65535u << 8) | 255u)

static gint64 nap_us = 1000;
static gboolean debug;       /* WEBRTC_LOAD_DEBUG: what ICE sees */

static const gchar ice_chars[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static inline guint16
rd16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
rd32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
random_chars (gchar *out, gsize n)
{
  for (gsize i = 0; i < n; i++)
    out[i] = ice_chars[g_random_int_range (0, 64)];
  out[n] = '\0';
}

void
wl_session_fail (WlSession *s, const gchar *fmt, ...)
{
  va_list ap;

  if (s->state == WL_FAILED || s->state == WL_CLOSED)
    return;
  va_start (ap, fmt);
  s->failure = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  /* A session that was connected keeps its counters; the report lists it as failed. */
  s->state = WL_FAILED;
  s->load->failed++;
  g_printerr ("webrtc-load: session %u failed: %s\n", s->index, s->failure);
}

gboolean
wl_session_open_socket (WlSession *s, GError **error)
{
  struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = s->load->bind_addr };
  socklen_t sl = sizeof sin;
  struct epoll_event ev = { .events = EPOLLIN, .data.ptr = s };
  int size = RCVBUF_BYTES;

  s->fd = socket (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s->fd < 0 || bind (s->fd, (struct sockaddr *) &sin, sizeof sin) < 0 ||
      getsockname (s->fd, (struct sockaddr *) &sin, &sl) < 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "UDP socket on %s: %s",
                 s->load->bind, g_strerror (errno));
    return FALSE;
  }
  /* A nap or a slow HTTP callback must not cost packets we would count as the server's
   * loss: a big buffer (FORCE works as root, past rmem_max). */
  if (setsockopt (s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
    (void) setsockopt (s->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  s->local_port = g_ntohs (sin.sin_port);
  if (epoll_ctl (s->load->epfd, EPOLL_CTL_ADD, s->fd, &ev) < 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "epoll: %s",
                 g_strerror (errno));
    return FALSE;
  }
  random_chars (s->local_ufrag, 8);
  random_chars (s->local_pwd, 24);
  s->tie_breaker = ((guint64) g_random_int () << 32) | g_random_int ();
  s->our_ssrc = g_random_int ();
  return TRUE;
}

static void
send_to_remote (const guint8 *data, gsize len, gpointer user_data)
{
  WlSession *s = user_data;

  if (s->remote.sin_family == AF_INET)
    (void) sendto (s->fd, data, len, 0, (struct sockaddr *) &s->remote, sizeof s->remote);
}

void
wl_session_start_ice (WlSession *s)
{
  s->state = WL_CHECKING;
  s->next_check_us = g_get_monotonic_time ();
  /* The endpoint exists from now on: as DTLS server we may get the peer's ClientHello
   * before our own check has succeeded (its check of us came first). */
  s->dtls = tribune_dtls_srtp_new (s->load->identity, s->dtls_role, s->remote_fingerprint,
                                   send_to_remote, s);
}

static void
send_check (WlSession *s, const struct sockaddr_in *to)
{
  guint8 tid[12], out[TRIBUNE_STUN_MAX_LEN];
  gsize len;

  for (int i = 0; i < 12; i += 4) {
    guint32 r = g_random_int ();
    memcpy (tid + i, &r, 4);
  }
  /* Controlling: every check nominates (aggressive nomination), which is what an
   * ICE-lite peer needs and a full one accepts. */
  len = tribune_stun_build_binding_request (tid, s->remote_ufrag, s->local_ufrag,
                                            s->remote_pwd, CHECK_PRIORITY, s->controlling,
                                            s->tie_breaker, s->controlling, out);
  if (len > 0)
    (void) sendto (s->fd, out, len, 0, (const struct sockaddr *) to, sizeof *to);
}

static void
add_candidate (WlSession *s, const struct sockaddr_in *from)
{
  for (guint i = 0; i < s->n_candidates; i++)
    if (s->candidates[i].sin_addr.s_addr == from->sin_addr.s_addr &&
        s->candidates[i].sin_port == from->sin_port)
      return;
  if (s->n_candidates < WL_MAX_CANDIDATES)
    s->candidates[s->n_candidates++] = *from;
}

static void
ice_succeeded (WlSession *s, const struct sockaddr_in *from)
{
  if (s->state != WL_CHECKING)
    return;
  s->remote = *from;
  s->state = WL_DTLS;
  s->next_check_us = g_get_monotonic_time () + CONSENT_INTERVAL_US;
  tribune_dtls_srtp_start (s->dtls);
}

static void
handle_stun (WlSession *s, const guint8 *data, gsize len, const struct sockaddr_in *from)
{
  TribuneStunMessage msg;
  guint8 out[TRIBUNE_STUN_MAX_LEN];
  gsize n;

  if (s->remote_pwd == NULL || !tribune_stun_parse (data, len, &msg)) {
    if (debug)
      g_printerr ("session %u: unparsable STUN (%zu bytes)\n", s->index, len);
    return;
  }
  if (debug)
    g_printerr ("session %u: STUN kind %d from %s:%u, integrity %d/%d\n", s->index, msg.kind,
                inet_ntoa (from->sin_addr), g_ntohs (from->sin_port),
                tribune_stun_check_integrity (data, len, &msg, s->local_pwd),
                tribune_stun_check_integrity (data, len, &msg, s->remote_pwd));
  if (msg.kind == TRIBUNE_STUN_BINDING_REQUEST) {
    if (!tribune_stun_username_is_for (&msg, s->local_ufrag) ||
        !tribune_stun_check_integrity (data, len, &msg, s->local_pwd))
      return;
    n = tribune_stun_build_binding_success (&msg, (const struct sockaddr *) from,
                                            sizeof *from, s->local_pwd, out);
    (void) sendto (s->fd, out, n, 0, (const struct sockaddr *) from, sizeof *from);
    /* A peer-reflexive candidate (the peer checks from an address it did not signal):
     * check it back (a triggered check, RFC 8445 §7.3.1.4). */
    if (s->state == WL_CHECKING) {
      add_candidate (s, from);
      send_check (s, from);
    }
  } else if (msg.kind == TRIBUNE_STUN_BINDING_SUCCESS) {
    if (tribune_stun_check_integrity (data, len, &msg, s->remote_pwd))
      ice_succeeded (s, from);
  }
}

static void
handle_dtls (WlSession *s, const guint8 *data, gsize len, const struct sockaddr_in *from)
{
  TribuneDtlsState st;

  if (s->dtls == NULL || (s->state != WL_CHECKING && s->state != WL_DTLS &&
                          s->state != WL_CONNECTED))
    return;
  if (s->remote.sin_family != AF_INET)
    s->remote = *from;          /* a ClientHello before our check succeeded */
  st = tribune_dtls_srtp_receive (s->dtls, data, len);
  if (st == TRIBUNE_DTLS_CONNECTED && s->state != WL_CONNECTED) {
    if (s->state == WL_CHECKING)
      s->next_check_us = g_get_monotonic_time ();   /* keep checking: consent */
    wl_session_connected (s);
  } else if (st == TRIBUNE_DTLS_FAILED) {
    wl_session_fail (s, "DTLS: %s", tribune_dtls_srtp_get_error (s->dtls));
  } else if (st == TRIBUNE_DTLS_CLOSED && s->state == WL_CONNECTED &&
             !s->load->stopping) {
    wl_session_fail (s, "the server closed DTLS (close_notify)");
  }
}

static WlStream *
find_stream (WlSession *s, guint32 ssrc, guint pt)
{
  for (guint i = 0; i < s->n_streams; i++)
    if (s->streams[i].ssrc == ssrc)
      return &s->streams[i];
  /* Only payload types of the SDP count (an unnegotiated one would be a server bug or
   * a probe; it is not part of what the viewer sees). */
  if (s->n_streams == WL_MAX_STREAMS || s->pt_kind[pt] == 0)
    return NULL;
  WlStream *st = &s->streams[s->n_streams++];
  memset (st, 0, sizeof *st);
  st->ssrc = ssrc;
  st->video = s->pt_kind[pt] == 2;
  return st;
}

/* RFC 3550 A.1-style extension against the highest seen, plus a duplicate bitmap. */
static void
count_packet (WlStream *st, guint16 seq, gsize len)
{
  guint64 ext;
  gint16 delta;

  st->total++;
  if (!st->baseline) {
    st->baseline = TRUE;
    /* Offset by 2^16 so a packet reordered before the first one does not wrap. */
    st->first_ext = st->highest_ext = (guint64) seq + 65536;
    memset (st->seen, 0, sizeof st->seen);
    ext = st->first_ext;
  } else {
    delta = (gint16) (seq - (guint16) st->highest_ext);
    ext = st->highest_ext + delta;
    if (ext < st->first_ext)
      return;                   /* from before the window */
    if (delta > 0) {
      if (delta >= 1024)
        memset (st->seen, 0, sizeof st->seen);
      else
        for (guint64 e = st->highest_ext + 1; e <= ext; e++)
          st->seen[(e >> 5) & 31] &= ~(1u << (e & 31));
      st->highest_ext = ext;
    } else if (st->highest_ext - ext >= 1024) {
      return;                   /* too old to tell a duplicate from a late one */
    }
  }
  guint32 bit = 1u << (ext & 31);
  if (st->seen[(ext >> 5) & 31] & bit)
    return;                     /* duplicate */
  st->seen[(ext >> 5) & 31] |= bit;
  st->received++;
  st->bytes += len;
}

static void
handle_rtp (WlSession *s, guint8 *data, gsize len, gint64 now)
{
  guint pt;
  WlStream *st;

  if (s->state != WL_CONNECTED || len < 12 || (data[0] & 0xC0) != 0x80)
    return;
  /* RFC 5761: RTCP packet types 192–223 in the second byte. */
  if (data[1] >= 192 && data[1] <= 223)
    return;
  pt = data[1] & 0x7f;
  st = find_stream (s, rd32 (data + 8), pt);
  if (st == NULL)
    return;
  s->last_media_us = now;
  if (s->load->measuring)
    count_packet (st, rd16 (data + 2), len);
  else
    st->total++;
  if (s->decoder != NULL && st->video) {
    gsize plain = tribune_dtls_srtp_unprotect_rtp (s->dtls, data, len);
    if (plain > 0)
      wl_decoder_push (s->decoder, data, plain);
  }
}

static void
handle_datagram (WlSession *s, guint8 *data, gsize len, const struct sockaddr_in *from,
                 gint64 now)
{
  guint8 b;

  if (len == 0)
    return;
  b = data[0];
  /* RFC 7983 demultiplexing. */
  if (b <= 3)
    handle_stun (s, data, len, from);
  else if (b >= 20 && b <= 63)
    handle_dtls (s, data, len, from);
  else if (b >= 128 && b <= 191)
    handle_rtp (s, data, len, now);
}

/* The receive buffers, shared by every session (one thread). */
static guint8 buffers[BATCH][PACKET_MAX];
static struct mmsghdr msgs[BATCH];
static struct iovec iovs[BATCH];
static struct sockaddr_in froms[BATCH];

static void
drain (WlSession *s, gint64 now)
{
  int n;

  do {
    for (int i = 0; i < BATCH; i++) {
      iovs[i].iov_base = buffers[i];
      iovs[i].iov_len = PACKET_MAX;
      msgs[i].msg_hdr = (struct msghdr) {
        .msg_name = &froms[i], .msg_namelen = sizeof froms[i],
        .msg_iov = &iovs[i], .msg_iovlen = 1,
      };
    }
    n = recvmmsg (s->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
    for (int i = 0; i < n && s->fd >= 0; i++)
      handle_datagram (s, buffers[i], msgs[i].msg_len, &froms[i], now);
  } while (n == BATCH && s->fd >= 0);
}

static gboolean
on_epoll (gint fd, GIOCondition cond, gpointer user_data)
{
  WlLoad *load = user_data;
  struct epoll_event evs[512];
  gint64 now = g_get_monotonic_time ();
  int n;

  n = epoll_wait (load->epfd, evs, G_N_ELEMENTS (evs), 0);
  for (int i = 0; i < n; i++) {
    WlSession *s = evs[i].data.ptr;
    if (s->fd >= 0)
      drain (s, now);
  }
  /* Let packets gather so the next round reads bursts (see the top of the file). */
  if (n > 0 && nap_us > 0)
    g_usleep (nap_us);
  return G_SOURCE_CONTINUE;
}

void
wl_media_attach (WlLoad *load)
{
  const gchar *nap = g_getenv ("WEBRTC_LOAD_NAP_US");

  debug = g_getenv ("WEBRTC_LOAD_DEBUG") != NULL;
  if (nap != NULL)
    nap_us = g_ascii_strtoll (nap, NULL, 10);
  load->epfd = epoll_create1 (EPOLL_CLOEXEC);
  g_unix_fd_add (load->epfd, G_IO_IN, on_epoll, load);
}

/* Compound RTCP: an empty RR (RFC 3550 wants one first) and a PLI (RFC 4585 §6.3.1). */
static void
send_pli (WlSession *s, guint32 media_ssrc)
{
  guint8 buf[20 + TRIBUNE_SRTP_MAX_TRAILER] = {
    0x80, 201, 0, 1, 0, 0, 0, 0,                /* RR, RC 0, length 1 word + 1 */
    0x81, 206, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0,    /* PSFB, FMT 1 (PLI), length 2 */
  };
  gsize len;

  for (int i = 0; i < 4; i++) {
    buf[4 + i] = buf[12 + i] = (s->our_ssrc >> (24 - 8 * i)) & 0xff;
    buf[16 + i] = (media_ssrc >> (24 - 8 * i)) & 0xff;
  }
  len = tribune_dtls_srtp_protect_rtcp (s->dtls, buf, 20);
  if (len > 0)
    send_to_remote (buf, len, s);
}

void
wl_session_tick (WlSession *s, gint64 now)
{
  if (s->state == WL_CHECKING || s->state == WL_DTLS) {
    if (now - s->started_us > CONNECT_TIMEOUT_US) {
      wl_session_fail (s, "not connected after %d s (%s)",
                       (int) (CONNECT_TIMEOUT_US / G_USEC_PER_SEC),
                       s->state == WL_CHECKING ? "no ICE success" : "DTLS handshake");
      return;
    }
  }
  if (s->state == WL_CHECKING && now >= s->next_check_us) {
    for (guint i = 0; i < s->n_candidates; i++)
      send_check (s, &s->candidates[i]);
    s->next_check_us = now + CHECK_INTERVAL_US;
  } else if ((s->state == WL_DTLS || s->state == WL_CONNECTED) && now >= s->next_check_us) {
    send_check (s, &s->remote);
    s->next_check_us = now + CONSENT_INTERVAL_US;
  }
  if (s->dtls != NULL && (s->state == WL_DTLS || s->state == WL_CHECKING) &&
      tribune_dtls_srtp_timeout_ms (s->dtls) == 0) {
    if (tribune_dtls_srtp_handle_timeout (s->dtls) == TRIBUNE_DTLS_FAILED)
      wl_session_fail (s, "DTLS: %s", tribune_dtls_srtp_get_error (s->dtls));
  }
  if (s->decoder != NULL && s->state == WL_CONNECTED && now >= s->next_pli_us) {
    guint64 frames = 0;
    wl_decoder_stats (s->decoder, &frames, NULL, NULL, NULL, NULL);
    for (guint i = 0; frames == 0 && i < s->n_streams; i++)
      if (s->streams[i].video) {
        send_pli (s, s->streams[i].ssrc);
        break;
      }
    s->next_pli_us = now + PLI_INTERVAL_US;
  }
}

void
wl_session_begin_window (WlSession *s)
{
  for (guint i = 0; i < s->n_streams; i++) {
    s->streams[i].baseline = FALSE;
    s->streams[i].received = s->streams[i].bytes = 0;
  }
  if (s->decoder != NULL)
    wl_decoder_begin_window (s->decoder);
}

void
wl_session_close_media (WlSession *s)
{
  if (s->dtls != NULL && tribune_dtls_srtp_get_state (s->dtls) == TRIBUNE_DTLS_CONNECTED)
    tribune_dtls_srtp_close (s->dtls);
  if (s->fd >= 0) {
    (void) epoll_ctl (s->load->epfd, EPOLL_CTL_DEL, s->fd, NULL);
    close (s->fd);
    s->fd = -1;
  }
}

/* Drops by the kernel on our sockets (receive queue full): loss that is ours, not the
 * server's. /proc/net/udp's last column, matched by local port. Call before closing. */
guint64
wl_media_socket_drops (WlLoad *load)
{
  g_autofree gchar *text = NULL;
  g_autoptr (GHashTable) ports = g_hash_table_new (NULL, NULL);
  g_auto (GStrv) lines = NULL;
  guint64 drops = 0;

  for (guint i = 0; i < load->sessions->len; i++) {
    WlSession *s = g_ptr_array_index (load->sessions, i);
    if (s->fd >= 0)
      g_hash_table_add (ports, GUINT_TO_POINTER (s->local_port));
  }
  if (!g_file_get_contents ("/proc/net/udp", &text, NULL, NULL))
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++) {
    g_auto (GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
    g_autoptr (GPtrArray) cols = g_ptr_array_new ();
    for (guint k = 0; f[k] != NULL; k++)
      if (*f[k] != '\0')
        g_ptr_array_add (cols, f[k]);
    if (cols->len < 13)
      continue;
    const gchar *colon = strchr (g_ptr_array_index (cols, 1), ':');
    guint port = colon ? (guint) g_ascii_strtoull (colon + 1, NULL, 16) : 0;
    if (g_hash_table_contains (ports, GUINT_TO_POINTER (port)))
      drops += g_ascii_strtoull (g_ptr_array_index (cols, cols->len - 1), NULL, 10);
  }
  return drops;
}
