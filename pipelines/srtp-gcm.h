/* srtp-gcm.h — outbound SRTP for the AEAD_AES_128_GCM profile (RFC 7714), on OpenSSL.
 *
 * Why not libsrtp: Debian's libsrtp2 is built against NSS, which allocates a PK11 context
 * for every packet it protects (malloc, locks, libsoftokn3): ~1.5–2 µs per packet, most
 * of the lean sender's per-viewer CPU. Here one EVP_CIPHER_CTX holds the session key from
 * the start and each packet only sets its IV: AES-NI GCM on a reused context.
 *
 * Scope: protecting RTP we send. SRTCP (both ways), inbound SRTP and the AES-CM profile
 * stay with libsrtp (dtls-srtp.c); the keys we derive are the ones libsrtp derives, so a
 * libsrtp (browser) receiver unprotects what we send.
 *
 * Threads: a context is not thread-safe; the caller serialises calls on one context.
 * Different contexts may be used from different threads at the same time.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRIBUNE_SRTP_GCM_KEY_LEN 16     /* master and session key */
#define TRIBUNE_SRTP_GCM_SALT_LEN 12    /* master and session salt */
#define TRIBUNE_SRTP_GCM_TAG_LEN 16     /* appended to every packet */
/* SSRCs one context tracks a rollover counter for; a packet from one more is refused. A
 * viewer has two (video and audio). */
#define TRIBUNE_SRTP_GCM_MAX_SSRCS 16

typedef struct _TribuneSrtpGcm TribuneSrtpGcm;

/* From the master key and salt of our direction (the DTLS exporter's output): derives the
 * session key and salt (RFC 3711 §4.3, RFC 7714 §11). (transfer full); NULL if OpenSSL
 * fails. The caller may wipe its copies as soon as this returns. */
TribuneSrtpGcm *tribune_srtp_gcm_new (const guint8 *master_key, const guint8 *master_salt);
/* With the session key and salt as they are, no derivation: for the RFC 7714 §16 test
 * vectors, which start there. */
TribuneSrtpGcm *tribune_srtp_gcm_new_with_session_keys (const guint8 *session_key,
                                                        const guint8 *session_salt);
/* Wipes the keys. NULL is fine. */
void tribune_srtp_gcm_free (TribuneSrtpGcm *ctx);

/* Protects one RTP packet in place: encrypts the payload, authenticates the header (CSRCs
 * and extension included) and appends the tag. @len: the plain packet's length; @buffer
 * has room for len + TRIBUNE_SRTP_GCM_TAG_LEN. A packet with an older sequence number (a
 * retransmission after a NACK) is protected again with the rollover counter it had.
 * Returns the protected length, or 0 (not an RTP packet, too many SSRCs, OpenSSL error):
 * then the packet is not to be sent. No allocation. */
gsize tribune_srtp_gcm_protect_rtp (TribuneSrtpGcm *ctx, guint8 *buffer, gsize len);

G_END_DECLS
