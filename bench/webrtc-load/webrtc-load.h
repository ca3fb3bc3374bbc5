/* webrtc-load.h — the WebRTC viewer load client's shared types (bench/webrtc-load/).
 *
 * DESIGN
 *
 * One process, one thread, N receive-only viewer sessions against Tribune (WHEP) or Janus
 * (HTTP API, Streaming plugin). A viewer built on webrtcbin costs about as much as the
 * server's side of it, so a client made of them measures itself; this one does per session
 * only what a server needs to see a real viewer:
 *   - ICE as a minimal full agent: Binding requests to the peer's candidates until one
 *     succeeds, then consent freshness every 2.5 s (RFC 7675), and answers to the peer's
 *     checks (pipelines/stun-message.c);
 *   - the DTLS handshake (pipelines/dtls-srtp.c), one ECDSA identity for the process;
 *   - counting: SSRC and sequence number are in the clear in SRTP, so loss is counted per
 *     SSRC without decrypting anything.
 * A sample of sessions (--decode K) also decrypts and decodes its video (decode.c) and
 * asks for key frames with PLI, to prove that pictures really arrive.
 *
 * Files: main.c (command line, ramp, measuring window, report), media.c (sockets, epoll
 * and recvmmsg, ICE, DTLS, counting, RTCP), signalling.c (SDP, WHEP, Janus), decode.c.
 *
 * Threads: everything runs on the default GMainContext (libsoup's callbacks, the epoll
 * fd's GSource, the timers). Only decode.c's GStreamer pipelines have threads of their
 * own; they touch nothing here but atomic counters in WlDecoder.
 */
#pragma once

#include <glib.h>
#include <libsoup/soup.h>
#include <netinet/in.h>

#include "dtls-srtp.h"

G_BEGIN_DECLS

typedef struct _WlLoad WlLoad;
typedef struct _WlSession WlSession;
typedef struct _WlDecoder WlDecoder;

typedef enum {
  WL_SIGNALLING,    /* HTTP offer/answer not done yet */
  WL_CHECKING,      /* ICE checks sent, no success yet */
  WL_DTLS,          /* ICE succeeded; handshake under way */
  WL_CONNECTED,     /* SRTP keys; media counted */
  WL_FAILED,
  WL_CLOSED,
} WlState;

/* One RTP stream (SSRC) of a session. Loss per RFC 3550 A.3 over the measuring window:
 * expected = extended highest − first + 1; received counts distinct sequence numbers
 * (a 1024-packet bitmap catches duplicates). */
typedef struct {
  guint32 ssrc;
  gboolean video;
  gboolean baseline;            /* first packet of the window seen */
  guint64 first_ext, highest_ext;
  guint64 received, bytes;      /* in the window */
  guint64 total;                /* since connect */
  guint32 seen[32];             /* bit (ext % 1024): received */
} WlStream;

#define WL_MAX_STREAMS 4
#define WL_MAX_CANDIDATES 8

struct _WlSession {
  WlLoad *load;
  guint index;
  WlState state;
  gchar *failure;               /* why, when FAILED */
  gint64 started_us, connected_us, last_media_us;

  /* ICE */
  int fd;
  guint16 local_port;
  gchar local_ufrag[9], local_pwd[25];
  gchar *remote_ufrag, *remote_pwd, *remote_fingerprint;
  struct sockaddr_in candidates[WL_MAX_CANDIDATES];
  guint n_candidates;
  struct sockaddr_in remote;    /* the pair that succeeded */
  gboolean controlling;
  guint64 tie_breaker;
  gint64 next_check_us;

  /* DTLS-SRTP */
  TribuneDtlsRole dtls_role;
  TribuneDtlsSrtp *dtls;

  /* media */
  guint8 pt_kind[128];          /* 0 unknown, 1 audio, 2 video (from the SDP) */
  guint video_pt;
  WlStream streams[WL_MAX_STREAMS];
  guint n_streams;
  guint32 our_ssrc;
  WlDecoder *decoder;           /* the decoded sample only */
  gint64 next_pli_us;

  /* signalling */
  gchar *location;              /* WHEP: the session URL */
  guint64 janus_session, janus_handle;
  gboolean janus_polling;
  gint64 next_keepalive_us;
  guint pending_http;           /* requests in flight */
  guint teardown_step;          /* Janus: hangup, detach, destroy */
};

struct _WlLoad {
  /* command line */
  gchar *whep_url, *janus_url;
  guint64 mountpoint;
  guint viewers, ramp, decode;
  gdouble duration;
  gchar *bind;
  gchar *json_path;
  gboolean quiet;

  GMainLoop *loop;
  SoupSession *http;
  TribuneDtlsIdentity *identity;
  int epfd;
  struct in_addr bind_addr;
  GPtrArray *sessions;          /* WlSession*, by index */
  guint started, connected, failed, decoders;
  gint64 t0_us, all_done_us, window_start_us, window_end_us;
  gdouble cpu_window_s;         /* user+sys seconds over the window */
  gboolean measuring, stopping;
  guint teardown_pending;
  guint64 socket_drops;         /* kernel receive-queue drops on our sockets */
};

/* media.c */
gboolean wl_session_open_socket (WlSession *s, GError **error);
void wl_session_start_ice (WlSession *s);
void wl_session_fail (WlSession *s, const gchar *fmt, ...) G_GNUC_PRINTF (2, 3);
void wl_media_attach (WlLoad *load);
void wl_session_tick (WlSession *s, gint64 now);
void wl_session_begin_window (WlSession *s);
void wl_session_close_media (WlSession *s);
guint64 wl_media_socket_drops (WlLoad *load);

/* signalling.c */
void wl_signal_start (WlSession *s);
void wl_signal_tick (WlSession *s, gint64 now);
void wl_signal_stop (WlSession *s);
/* The remote description: credentials, fingerprint, setup, candidates, payload types.
 * @offerer: the remote sent an offer (Janus), else an answer (WHEP). */
gboolean wl_sdp_apply_remote (WlSession *s, const gchar *sdp, gboolean offerer,
                              GError **error);
gchar *wl_sdp_build_offer (WlSession *s);
gchar *wl_sdp_build_answer (WlSession *s, const gchar *offer);

/* decode.c */
WlDecoder *wl_decoder_new (guint video_pt, GError **error);
void wl_decoder_push (WlDecoder *d, const guint8 *rtp, gsize len);
void wl_decoder_begin_window (WlDecoder *d);
/* Frames decoded since the window began, and the rest of the figures. */
void wl_decoder_stats (WlDecoder *d, guint64 *frames, guint64 *window_frames,
                       guint64 *keyframes, gint *width, gint *height);
void wl_decoder_free (WlDecoder *d);

/* main.c */
void wl_session_connected (WlSession *s);
void wl_session_finished_teardown (WlSession *s);
gboolean wl_log_enabled (WlLoad *load);

G_END_DECLS
