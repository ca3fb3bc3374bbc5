/* dtls-identity.h — the process's DTLS certificate: one ECDSA P-256 key and a
 * self-signed certificate, made once at start (≈5 ms; RSA-2048 took ≈0.28 s), and the
 * OpenSSL context every DTLS-SRTP endpoint (dtls-srtp.h) is made from. Its fingerprint
 * goes into every SDP answer; WebRTC peers trust that, not a chain.
 *
 * Threads: made on one thread, then read-only; any thread may use it.
 */
#pragma once

#include <glib.h>
#include <openssl/ssl.h>

G_BEGIN_DECLS

typedef struct _TribuneDtlsIdentity TribuneDtlsIdentity;

/* (transfer full). Error: TRIBUNE_ERROR_PIPELINE if OpenSSL cannot make a key. */
TribuneDtlsIdentity *tribune_dtls_identity_new (GError **error);
void tribune_dtls_identity_free (TribuneDtlsIdentity *identity);
/* "sha-256 AB:CD:…" as it goes after "a=fingerprint:". */
const gchar *tribune_dtls_identity_fingerprint (const TribuneDtlsIdentity *identity);

/* The context endpoints make their SSL sessions from (DTLS 1.2+, the SRTP profiles, the
 * certificate; no verify callback: each session sets its own). (transfer none) */
SSL_CTX *tribune_dtls_identity_get_context (const TribuneDtlsIdentity *identity);

/* "AB:CD:…" for @len bytes (transfer full). */
gchar *tribune_dtls_hex_colons (const guint8 *digest, guint len);
/* The most recent OpenSSL error of this thread, or @fallback (transfer full). Clears the
 * queue. */
gchar *tribune_openssl_error (const gchar *fallback);

G_END_DECLS
