/* lean-sender-private.h — the lean sender's state, shared by its three files:
 * lean-sender.c (life, sockets, viewers), lean-receive.c (the receiving thread: STUN,
 * DTLS, RTCP, reports) and lean-send.c (the taps' streaming threads: one protected copy
 * per viewer). Not for use outside pipelines/lean-*.c. The locking rules are at the top
 * of lean-sender.c. */
#pragma once

#include "lean-sender.h"
#include "lean-history.h"
#include "dtls-srtp.h"

#include <netinet/in.h>
#include <sys/socket.h>

G_BEGIN_DECLS

#define MAX_SOCKETS 8
#define SLOT_SIZE 1536                  /* one protected packet */
#define MAX_PLAIN (SLOT_SIZE - TRIBUNE_SRTP_MAX_TRAILER)
#define CONSENT_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define SETUP_TIMEOUT_US (30 * G_USEC_PER_SEC)
#define HOUSEKEEPING_MS 100
/* A new viewer starts at a key frame already sent if it is at most this old. */
#define KEYFRAME_REPLAY_MAX_US (250 * 1000)

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
  LeanHistory *history;                 /* video, for NACK and new viewers; lock */
  StreamClock video_clock, audio_clock; /* protected by lock */
  guint8 *scratch;                      /* send buffers; protected by lock */
  struct mmsghdr *msgs;
  struct iovec *iovs;
  guint8 *msg_socket;                   /* index into sockets[] of each msgs[] entry */
  guint scratch_slots;
  TribuneLeanStats stats;               /* protected by lock */
};

/* Packed (IPv4 address, port): the key of by_address. */
static inline guint64
lean_address_key (const struct sockaddr_in *a)
{
  return (guint64) ntohl (a->sin_addr.s_addr) << 16 | ntohs (a->sin_port);
}

/* Lock held: one datagram to @v, counted in the stats. */
void lean_send_datagram (TribuneLeanSender *s, LeanViewer *v, const guint8 *data, gsize len);
/* Lock held: @v is gone; it is freed on the main context and the owner told. */
void lean_mark_gone (TribuneLeanSender *s, LeanViewer *v, const gchar *reason);
/* The receiving thread (lean-receive.c). */
gpointer lean_receive_thread (gpointer sender);
/* A tap's subscriber: @user_data is a Track (lean-send.c). */
void lean_on_packet (GstSample *sample, gpointer user_data);

G_END_DECLS
