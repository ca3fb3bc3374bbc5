/* dtls-srtp.h — DTLS-SRTP (RFC 5764) for one WebRTC peer, without sockets or threads.
 *
 * The caller owns the UDP socket: it feeds every DTLS datagram that arrives from the peer
 * (first byte 20..63, RFC 7983) into tribune_dtls_srtp_receive() and sends whatever the
 * endpoint gives back. OpenSSL runs on memory BIOs. When the handshake is done the peer's
 * certificate is checked against the fingerprint from its SDP, the SRTP keys are exported
 * ("EXTRACTOR-dtls_srtp") and the endpoint protects outgoing RTP/RTCP and unprotects
 * incoming SRTCP (libsrtp2). Profiles: AEAD_AES_128_GCM (preferred, cheaper) and
 * AES128_CM_HMAC_SHA1_80. Outgoing RTP with GCM, the one per-viewer-per-packet cost, goes
 * through srtp-gcm.h (OpenSSL, ~2x faster than Debian's NSS-based libsrtp2).
 *
 * Construction cannot fail loudly: a peer fingerprint that cannot be read, or a library
 * that cannot start, gives an endpoint that is FAILED at once (check get_state after
 * new). The send callback must not free the endpoint (it runs inside its calls).
 *
 * One TribuneDtlsIdentity (dtls-identity.h) per process is shared by all endpoints.
 *
 * Threads: an endpoint is not thread-safe; the caller serialises calls on one endpoint.
 * Different endpoints may be used from different threads at the same time.
 */
#pragma once

#include <glib.h>

#include "dtls-identity.h"

G_BEGIN_DECLS

typedef struct _TribuneDtlsSrtp TribuneDtlsSrtp;

typedef enum {
  TRIBUNE_DTLS_SERVER,          /* we answered a=setup:passive: the peer connects */
  TRIBUNE_DTLS_CLIENT,          /* we answered a=setup:active: we connect */
} TribuneDtlsRole;

typedef enum {
  TRIBUNE_DTLS_HANDSHAKING,
  TRIBUNE_DTLS_CONNECTED,       /* keys exported; protect/unprotect work */
  TRIBUNE_DTLS_CLOSED,          /* the peer sent close_notify */
  TRIBUNE_DTLS_FAILED,          /* handshake error or fingerprint mismatch; see error */
} TribuneDtlsState;

/* Sends one datagram to the peer (a DTLS record flight). Called from inside
 * receive/handle_timeout/start on the caller's thread. */
typedef void (*TribuneDtlsSendFunc) (const guint8 *data, gsize len, gpointer user_data);

/* @peer_fingerprint: the value of the peer's a=fingerprint ("sha-256 AB:…", any case);
 * NULL skips the check (tests only). The identity must outlive the endpoint. */
TribuneDtlsSrtp *tribune_dtls_srtp_new (TribuneDtlsIdentity *identity, TribuneDtlsRole role,
                                        const gchar *peer_fingerprint,
                                        TribuneDtlsSendFunc send, gpointer send_data);
void tribune_dtls_srtp_free (TribuneDtlsSrtp *endpoint);

/* Client role: send the first flight. Server role: nothing to do. */
void tribune_dtls_srtp_start (TribuneDtlsSrtp *endpoint);
/* Send close_notify (through send) so the peer learns at once that we are done. */
void tribune_dtls_srtp_close (TribuneDtlsSrtp *endpoint);
/* Feed one DTLS datagram from the peer; may call send. Returns the new state. */
TribuneDtlsState tribune_dtls_srtp_receive (TribuneDtlsSrtp *endpoint, const guint8 *data,
                                            gsize len);
/* Milliseconds until handle_timeout should be called (a retransmission), or -1: none. */
gint tribune_dtls_srtp_timeout_ms (TribuneDtlsSrtp *endpoint);
TribuneDtlsState tribune_dtls_srtp_handle_timeout (TribuneDtlsSrtp *endpoint);
TribuneDtlsState tribune_dtls_srtp_get_state (TribuneDtlsSrtp *endpoint);
/* Why it failed, for the log (never key material). NULL unless FAILED. */
const gchar *tribune_dtls_srtp_get_error (TribuneDtlsSrtp *endpoint);
/* "AEAD_AES_128_GCM" or "AES_CM_128_HMAC_SHA1_80"; NULL before CONNECTED. */
const gchar *tribune_dtls_srtp_get_profile (TribuneDtlsSrtp *endpoint);

/* Bytes the protected packet may grow by (the auth tag; SRTCP adds the index too). */
#define TRIBUNE_SRTP_MAX_TRAILER 32

/* Protect in place. @len: the plain packet's length; @buffer has room for
 * len + TRIBUNE_SRTP_MAX_TRAILER. Returns the protected length, or 0 on error (the
 * packet is then not to be sent). Only when CONNECTED. */
gsize tribune_dtls_srtp_protect_rtp (TribuneDtlsSrtp *endpoint, guint8 *buffer, gsize len);
gsize tribune_dtls_srtp_protect_rtcp (TribuneDtlsSrtp *endpoint, guint8 *buffer, gsize len);
/* Unprotect the peer's SRTCP in place. Returns the plain length, or 0 (bad tag, replay,
 * not connected). */
gsize tribune_dtls_srtp_unprotect_rtcp (TribuneDtlsSrtp *endpoint, guint8 *buffer, gsize len);
/* Unprotect the peer's SRTP in place (the load client's sample decrypt). Same returns. */
gsize tribune_dtls_srtp_unprotect_rtp (TribuneDtlsSrtp *endpoint, guint8 *buffer, gsize len);

G_END_DECLS
