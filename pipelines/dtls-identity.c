/* dtls-identity.c — the process's DTLS certificate (see dtls-identity.h). */
#include "dtls-identity.h"
#include "tribune-error.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#define SRTP_PROFILES "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80"

struct _TribuneDtlsIdentity {
  SSL_CTX *ctx;                 /* certificate, key, use_srtp, verify callback */
  gchar *fingerprint;           /* "sha-256 AB:…" */
};

/* "AB:CD:…" for @len bytes. */
gchar *
tribune_dtls_hex_colons (const guint8 *digest, guint len)
{
  GString *s = g_string_sized_new (len * 3);

  for (guint i = 0; i < len; i++)
    g_string_append_printf (s, i ? ":%02X" : "%02X", digest[i]);
  return g_string_free (s, FALSE);
}

/* The most recent OpenSSL error of this thread, or @fallback. Clears the queue. */
gchar *
tribune_openssl_error (const gchar *fallback)
{
  unsigned long code = ERR_peek_last_error ();
  char buf[256];

  ERR_clear_error ();
  if (code == 0)
    return g_strdup (fallback);
  ERR_error_string_n (code, buf, sizeof buf);
  return g_strdup (buf);
}

/* An ECDSA P-256 key and a self-signed certificate for it, CN "tribune", valid from a
 * day ago (clock skew) for a year: a server runs for months, and WebRTC peers trust the
 * fingerprint in the SDP, not the dates, but an expired certificate invites trouble. */
static X509 *
make_certificate (EVP_PKEY *key)
{
  X509 *cert = X509_new ();
  BIGNUM *serial = BN_new ();
  X509_NAME *name;
  gboolean ok;

  ok = cert && serial &&
       X509_set_version (cert, X509_VERSION_3) &&
       BN_rand (serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) &&
       BN_to_ASN1_INTEGER (serial, X509_get_serialNumber (cert)) &&
       X509_gmtime_adj (X509_getm_notBefore (cert), -24 * 3600) &&
       X509_gmtime_adj (X509_getm_notAfter (cert), 365 * 24 * 3600) &&
       X509_set_pubkey (cert, key) &&
       (name = X509_get_subject_name (cert)) &&
       X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC,
                                   (const unsigned char *) "tribune", -1, -1, 0) &&
       X509_set_issuer_name (cert, name) &&
       X509_sign (cert, key, EVP_sha256 ()) > 0;
  BN_free (serial);
  if (!ok) {
    X509_free (cert);
    return NULL;
  }
  return cert;
}

static SSL_CTX *
make_context (X509 *cert, EVP_PKEY *key)
{
  SSL_CTX *ctx = SSL_CTX_new (DTLS_method ());

  if (ctx == NULL)
    return NULL;
  /* DTLS 1.0 is gone from browsers; 1.2 is what they all speak. */
  if (!SSL_CTX_set_min_proto_version (ctx, DTLS1_2_VERSION) ||
      SSL_CTX_use_certificate (ctx, cert) != 1 ||
      SSL_CTX_use_PrivateKey (ctx, key) != 1 ||
      SSL_CTX_check_private_key (ctx) != 1 ||
      /* Returns 0 on success, unlike everything else. */
      SSL_CTX_set_tlsext_use_srtp (ctx, SRTP_PROFILES) != 0) {
    SSL_CTX_free (ctx);
    return NULL;
  }
  /* Each session lives for one peer connection: no resumption, no tickets. */
  SSL_CTX_set_options (ctx, SSL_OP_NO_TICKET | SSL_OP_NO_QUERY_MTU);
  SSL_CTX_set_session_cache_mode (ctx, SSL_SESS_CACHE_OFF);
  return ctx;
}

TribuneDtlsIdentity *
tribune_dtls_identity_new (GError **error)
{
  TribuneDtlsIdentity *identity;
  EVP_PKEY *key;
  X509 *cert = NULL;
  SSL_CTX *ctx = NULL;
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  g_autofree gchar *hex = NULL;

  ERR_clear_error ();
  key = EVP_EC_gen ("P-256");
  if (key != NULL)
    cert = make_certificate (key);
  if (cert != NULL)
    ctx = make_context (cert, key);
  if (ctx == NULL || X509_digest (cert, EVP_sha256 (), digest, &len) != 1) {
    g_autofree gchar *why = tribune_openssl_error ("unknown error");

    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "Cannot make the DTLS certificate: %s", why);
    SSL_CTX_free (ctx);
    X509_free (cert);
    EVP_PKEY_free (key);
    return NULL;
  }
  /* The context holds its own references to both. */
  X509_free (cert);
  EVP_PKEY_free (key);

  hex = tribune_dtls_hex_colons (digest, len);
  identity = g_new0 (TribuneDtlsIdentity, 1);
  identity->ctx = ctx;
  identity->fingerprint = g_strconcat ("sha-256 ", hex, NULL);
  return identity;
}

void
tribune_dtls_identity_free (TribuneDtlsIdentity *identity)
{
  if (identity == NULL)
    return;
  SSL_CTX_free (identity->ctx);
  g_free (identity->fingerprint);
  g_free (identity);
}

const gchar *
tribune_dtls_identity_fingerprint (const TribuneDtlsIdentity *identity)
{
  g_return_val_if_fail (identity != NULL, NULL);
  return identity->fingerprint;
}

SSL_CTX *
tribune_dtls_identity_get_context (const TribuneDtlsIdentity *identity)
{
  return identity->ctx;
}
