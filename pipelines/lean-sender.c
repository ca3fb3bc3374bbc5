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
#include "lean-sender-private.h"
#include "lean-answer.h"
#include "tribune-error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <openssl/rand.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

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

void
lean_send_datagram (TribuneLeanSender *s, LeanViewer *v, const guint8 *data, gsize len)
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
void
lean_mark_gone (TribuneLeanSender *s, LeanViewer *v, const gchar *reason)
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
  s->history = lean_history_new ();
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
  s->thread = g_thread_new ("lean-rx", lean_receive_thread, s);

  s->video = (Track) { s, TRUE, 0, tribune_program_tap (program, TRIBUNE_TAP_RTP_VIDEO) };
  s->audio = (Track) { s, FALSE, 0, tribune_program_tap (program, TRIBUNE_TAP_RTP_AUDIO) };
  s->video.tap_id = tribune_packet_tap_subscribe (s->video.tap, lean_on_packet, &s->video);
  s->audio.tap_id = tribune_packet_tap_subscribe (s->audio.tap, lean_on_packet, &s->audio);
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
  lean_history_free (s->history);
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
  g_mutex_unlock (&s->lock);
  /* Its key frame now, not when the handshake is done: by then it has usually been
   * sent, and the viewer starts with it (lean-receive.c, start_at_keyframe). */
  if (v->wants_video)
    tribune_program_request_keyframe (s->program);
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
