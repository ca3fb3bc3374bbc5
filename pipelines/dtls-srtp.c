/* dtls-srtp.c — DTLS-SRTP for one WebRTC peer on memory BIOs (see dtls-srtp.h).
 *
 * DESIGN
 *
 * OpenSSL reads from one memory BIO (rbio: we write each datagram from the peer into it)
 * and writes to another (wbio: we drain it after every call that may produce output).
 * Nothing here owns a socket, a timer or a thread: the caller feeds datagrams in, sends
 * what comes out, and asks timeout_ms() when to call handle_timeout().
 *
 * Datagrams out. A memory BIO concatenates everything OpenSSL writes, so the datagram
 * boundaries OpenSSL had in mind are lost. OpenSSL does keep every record within the MTU
 * we set (SSL_set_mtu with SSL_OP_NO_QUERY_MTU: a memory BIO cannot be asked), so we
 * walk the record headers (13 bytes, length in bytes 11–12) and pack whole records into
 * datagrams of at most TRIBUNE_DTLS_MTU bytes. Several records in one datagram are legal
 * (RFC 6347 §4.1.1); browsers pack their flights the same way. BIO_s_dgram_pair would
 * keep the boundaries, but it only exists from OpenSSL 3.2; Debian 12 has 3.0.
 *
 * Datagrams in. OpenSSL 3.0 reads a whole datagram at once and, when it discards one
 * record (a ClientHello retransmission says DTLS 1.0 in its record header, which no longer
 * matches once 1.2 is negotiated), loses every record behind it in that datagram. So we
 * feed it record by record, and never pack records of different versions together when
 * sending.
 *
 * The peer. WebRTC certificates are self-signed; what authenticates the peer is the
 * fingerprint in its SDP. The verify callback accepts any chain but compares the leaf
 * with that fingerprint, so a mismatch aborts the handshake there (the peer gets a
 * bad_certificate alert) and no keys are ever exported for an unverified peer.
 *
 * Keys (RFC 5764 §4.2). The exporter gives client_key | server_key | client_salt |
 * server_salt. libsrtp takes key‖salt; we send with our role's half and receive with the
 * peer's. Both libsrtp sessions use "any SSRC" templates: a viewer's SSRCs are not known
 * here. Key material lives on the stack only as long as srtp_create needs it and is wiped
 * with OPENSSL_cleanse.
 *
 * Outgoing RTP with GCM. Debian's libsrtp2 does its AES through NSS, which sets up a PK11
 * context for every packet; with one protect per packet per viewer that was most of the
 * lean sender's CPU. So when the profile is AEAD_AES_128_GCM our outgoing RTP goes through
 * srtp-gcm.c (OpenSSL, a reused EVP context) instead, made from the same local key and
 * salt. libsrtp keeps everything else: SRTCP both ways (its outbound session then only
 * ever sees RTCP, whose index is separate from RTP's), inbound SRTP, and the AES-CM
 * profile.
 *
 * Errors. OpenSSL's error queue is per thread and shared by every endpoint on it, so each
 * call clears it first and reads it right after a failure.
 */
#include "dtls-srtp.h"
#include "dtls-identity.h"

#include "srtp-gcm.h"
#include "tribune-error.h"

#include <string.h>
#include <sys/time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <srtp2/srtp.h>

/* The DTLS payload limit: 1200 bytes plus IPv6/UDP headers stays below any real path MTU
 * (the same figure browsers use for their own DTLS). */
#define TRIBUNE_DTLS_MTU 1200
#define DTLS_RECORD_HEADER 13
#define SRTP_KEY_LEN 16
#define SRTP_MAX_SALT_LEN 14
/* Replay window (packets) for both sessions: video bursts reorder by a few hundred. */
#define SRTP_WINDOW 1024

struct _TribuneDtlsSrtp {
  TribuneDtlsRole role;
  TribuneDtlsState state;
  gchar *error;                 /* set once, with state FAILED */
  const gchar *profile;         /* static string; set with state CONNECTED */

  SSL *ssl;                     /* owns rbio and wbio */
  BIO *rbio;                    /* datagrams from the peer */
  BIO *wbio;                    /* records for the peer */
  TribuneDtlsSendFunc send;
  gpointer send_data;

  const EVP_MD *peer_md;        /* NULL: no fingerprint check */
  const gchar *peer_algorithm;  /* "sha-256": as SDP spells it */
  guint8 peer_digest[EVP_MAX_MD_SIZE];
  guint peer_digest_len;

  srtp_t srtp_out;              /* our role's key: protect (RTP too unless gcm_out) */
  TribuneSrtpGcm *gcm_out;      /* our role's key, GCM profile: protect RTP */
  srtp_t srtp_in;               /* the peer's key: unprotect */
};

/* ---- small helpers ---------------------------------------------------------------- */

static gboolean
srtp_ready (void)
{
  static gsize once = 0;
  static srtp_err_status_t status;

  /* srtp_init registers libsrtp's ciphers in a process-wide table; it is never undone
   * (srtp_shutdown would pull it from under every other endpoint). GStreamer's srtp
   * plugin (webrtcbin: WHIP, participants) calls it too, and a second call fails
   * (the debug module is already registered) although the library works: so a failure
   * counts only if a session cannot be made either. */
  if (g_once_init_enter (&once)) {
    status = srtp_init ();
    if (status != srtp_err_status_ok) {
      srtp_policy_t policy;
      srtp_t probe = NULL;
      guint8 key[SRTP_AES_GCM_128_KEY_LEN_WSALT] = { 0 };

      memset (&policy, 0, sizeof policy);
      srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtcp);
      policy.ssrc.type = ssrc_any_outbound;
      policy.key = key;
      if (srtp_create (&probe, &policy) == srtp_err_status_ok) {
        srtp_dealloc (probe);
        status = srtp_err_status_ok;
      }
    }
    g_once_init_leave (&once, 1);
  }
  return status == srtp_err_status_ok;
}

/* Moves to FAILED. The first reason wins: the verify callback's fingerprint message is
 * clearer than the "certificate verify failed" OpenSSL reports after it. */
static void
fail (TribuneDtlsSrtp *self, gchar *message /* transfer full */)
{
  self->state = TRIBUNE_DTLS_FAILED;
  if (self->error != NULL) {
    g_free (message);
    return;
  }
  self->error = message;
  g_debug ("dtls-srtp: failed: %s", self->error);
}

static const EVP_MD *
md_for_name (const gchar *name, const gchar **sdp_name)
{
  static const struct { const char *name; const char *md; } algorithms[] = {
    { "sha-1", "SHA1" }, { "sha-224", "SHA224" }, { "sha-256", "SHA256" },
    { "sha-384", "SHA384" }, { "sha-512", "SHA512" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    if (g_ascii_strcasecmp (name, algorithms[i].name) == 0) {
      *sdp_name = algorithms[i].name;
      return EVP_get_digestbyname (algorithms[i].md);
    }
  return NULL;
}

/* Parses "sha-256 AB:CD:…" (RFC 8122 §5, any case) into the endpoint. */
static gboolean
parse_fingerprint (TribuneDtlsSrtp *self, const gchar *text)
{
  g_autofree gchar *trimmed = g_strstrip (g_strdup (text));
  g_auto (GStrv) parts = g_strsplit_set (trimmed, " \t", 2);
  g_autofree gchar *copy = NULL;
  const EVP_MD *md;
  const gchar *p;
  guint len = 0;

  if (parts[0] == NULL || parts[1] == NULL ||
      (md = md_for_name (parts[0], &self->peer_algorithm)) == NULL)
    return FALSE;
  copy = g_strstrip (g_strdup (parts[1]));
  for (p = copy; *p; ) {
    if (len == (guint) EVP_MD_get_size (md) || !g_ascii_isxdigit (p[0]) ||
        !g_ascii_isxdigit (p[1]))
      return FALSE;
    self->peer_digest[len++] = g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]);
    p += 2;
    if (*p == ':' && p[1] != '\0')
      p++;
    else if (*p != '\0')
      return FALSE;
  }
  if (len != (guint) EVP_MD_get_size (md))
    return FALSE;
  self->peer_md = md;
  self->peer_digest_len = len;
  return TRUE;
}

/* ---- the peer's certificate ------------------------------------------------------- */

/* Whether @cert is the one the peer's SDP named. If not, FAILED with both fingerprints. */
static gboolean
certificate_matches (TribuneDtlsSrtp *self, X509 *cert)
{
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  g_autofree gchar *got = NULL;
  g_autofree gchar *want = NULL;

  if (self->peer_md == NULL)
    return TRUE;
  if (cert != NULL && X509_digest (cert, self->peer_md, digest, &len) == 1 &&
      len == self->peer_digest_len && CRYPTO_memcmp (digest, self->peer_digest, len) == 0)
    return TRUE;

  got = tribune_dtls_hex_colons (digest, len);
  want = tribune_dtls_hex_colons (self->peer_digest, self->peer_digest_len);
  fail (self, g_strdup_printf ("the peer's certificate does not match the fingerprint in its "
                               "SDP (%s %s; its certificate has %s)",
                               self->peer_algorithm, want, got));
  return FALSE;
}

/* Any chain will do as far as OpenSSL is concerned (WebRTC certificates are self-signed
 * and may be expired); the leaf's fingerprint decides. */
static int
verify_peer (int preverify_ok, X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  TribuneDtlsSrtp *self = SSL_get_app_data (ssl);

  if (X509_STORE_CTX_get_error_depth (store) != 0)
    return 1;
  /* OpenSSL may ask again about the same certificate. */
  if (self->state == TRIBUNE_DTLS_FAILED)
    return 0;
  if (certificate_matches (self, X509_STORE_CTX_get_current_cert (store)))
    return 1;
  X509_STORE_CTX_set_error (store, X509_V_ERR_CERT_REJECTED);
  return 0;
}

/* ---- datagrams out ---------------------------------------------------------------- */

/* Length of the whole record at @data, or all of @len when the header does not fit
 * (never seen from OpenSSL; sent as it is rather than dropped). */
static gsize
record_length (const guint8 *data, gsize len)
{
  gsize body;

  if (len < DTLS_RECORD_HEADER)
    return len;
  body = (gsize) data[11] << 8 | data[12];
  return MIN (len, DTLS_RECORD_HEADER + body);
}

/* Sends everything OpenSSL wrote, whole records packed into datagrams ≤ the MTU. A record
 * whose version differs from the one before it (a ClientHello says DTLS 1.0, the rest
 * 1.2) starts a new datagram: OpenSSL drops such a record and with it the rest of its
 * datagram, so a retransmitted ClientHello sharing a datagram with the next flight would
 * take that flight down with it. */
static void
flush_output (TribuneDtlsSrtp *self)
{
  size_t pending = BIO_ctrl_pending (self->wbio);
  g_autofree guint8 *out = NULL;
  gsize start = 0, pos = 0, len;
  int n;

  if (pending == 0)
    return;
  out = g_malloc (pending);
  n = BIO_read (self->wbio, out, (int) pending);
  if (n <= 0)
    return;
  len = (gsize) n;
  while (pos < len) {
    gsize record = record_length (out + pos, len - pos);

    if (pos > start && (pos + record - start > TRIBUNE_DTLS_MTU ||
                        record < DTLS_RECORD_HEADER ||
                        memcmp (out + pos + 1, out + start + 1, 2) != 0)) {
      self->send (out + start, pos - start, self->send_data);
      start = pos;
    }
    pos += record;
  }
  if (pos > start)
    self->send (out + start, pos - start, self->send_data);
}

/* ---- keys ------------------------------------------------------------------------- */

static gboolean
make_session (srtp_t *session, gboolean gcm, const guint8 *key, gboolean outbound,
              GString *why)
{
  srtp_policy_t policy;
  srtp_err_status_t status;

  memset (&policy, 0, sizeof policy);
  if (gcm) {
    srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtcp);
  } else {
    srtp_crypto_policy_set_rtp_default (&policy.rtp);
    srtp_crypto_policy_set_rtcp_default (&policy.rtcp);
  }
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = (unsigned char *) key;
  policy.window_size = SRTP_WINDOW;
  /* A packet resent after a NACK keeps its sequence number: libsrtp must protect it
   * again rather than call it a replay. */
  policy.allow_repeat_tx = outbound;
  policy.next = NULL;
  status = srtp_create (session, &policy);
  if (status != srtp_err_status_ok) {
    *session = NULL;
    g_string_append_printf (why, "libsrtp cannot create the %s session (error %d)",
                            outbound ? "outbound" : "inbound", (int) status);
    return FALSE;
  }
  return TRUE;
}

/* RFC 5764 §4.2: exports the keys of the negotiated profile and creates both sessions. */
static gboolean
export_keys (TribuneDtlsSrtp *self, GString *why)
{
  static const char label[] = "EXTRACTOR-dtls_srtp";
  const SRTP_PROTECTION_PROFILE *profile = SSL_get_selected_srtp_profile (self->ssl);
  guint8 material[2 * (SRTP_KEY_LEN + SRTP_MAX_SALT_LEN)];
  guint8 local[SRTP_KEY_LEN + SRTP_MAX_SALT_LEN], remote[SRTP_KEY_LEN + SRTP_MAX_SALT_LEN];
  const guint8 *client_key, *server_key, *client_salt, *server_salt;
  gboolean gcm, server = self->role == TRIBUNE_DTLS_SERVER, ok;
  gsize salt_len;

  if (profile == NULL) {
    g_string_append (why, "the peer did not negotiate an SRTP profile (use_srtp)");
    return FALSE;
  }
  if (profile->id == SRTP_AEAD_AES_128_GCM)
    gcm = TRUE;
  else if (profile->id == SRTP_AES128_CM_SHA1_80)
    gcm = FALSE;
  else {
    g_string_append_printf (why, "unexpected SRTP profile %s", profile->name);
    return FALSE;
  }
  salt_len = gcm ? SRTP_AEAD_SALT_LEN : SRTP_SALT_LEN;
  if (SSL_export_keying_material (self->ssl, material, 2 * (SRTP_KEY_LEN + salt_len),
                                  label, sizeof label - 1, NULL, 0, 0) != 1) {
    g_autofree gchar *err = tribune_openssl_error ("exporter failed");

    g_string_append_printf (why, "cannot export the SRTP keys: %s", err);
    return FALSE;
  }
  client_key = material;
  server_key = client_key + SRTP_KEY_LEN;
  client_salt = server_key + SRTP_KEY_LEN;
  server_salt = client_salt + salt_len;
  memcpy (local, server ? server_key : client_key, SRTP_KEY_LEN);
  memcpy (local + SRTP_KEY_LEN, server ? server_salt : client_salt, salt_len);
  memcpy (remote, server ? client_key : server_key, SRTP_KEY_LEN);
  memcpy (remote + SRTP_KEY_LEN, server ? client_salt : server_salt, salt_len);

  ok = make_session (&self->srtp_out, gcm, local, TRUE, why) &&
       make_session (&self->srtp_in, gcm, remote, FALSE, why);
  if (ok && gcm) {
    self->gcm_out = tribune_srtp_gcm_new (local, local + SRTP_KEY_LEN);
    /* Not expected (OpenSSL has just done a handshake); libsrtp can still protect. */
    if (self->gcm_out == NULL)
      g_warning ("dtls-srtp: OpenSSL cannot set up AES-GCM; outgoing RTP goes through "
                 "libsrtp");
  }
  /* libsrtp and srtp-gcm derived their session keys; the master keys are not needed. */
  OPENSSL_cleanse (material, sizeof material);
  OPENSSL_cleanse (local, sizeof local);
  OPENSSL_cleanse (remote, sizeof remote);
  if (ok)
    self->profile = gcm ? "AEAD_AES_128_GCM" : "AES_CM_128_HMAC_SHA1_80";
  return ok;
}

/* ---- the endpoint ----------------------------------------------------------------- */

TribuneDtlsSrtp *
tribune_dtls_srtp_new (TribuneDtlsIdentity *identity, TribuneDtlsRole role,
                       const gchar *peer_fingerprint,
                       TribuneDtlsSendFunc send, gpointer send_data)
{
  TribuneDtlsSrtp *self;

  g_return_val_if_fail (identity != NULL, NULL);
  g_return_val_if_fail (send != NULL, NULL);

  self = g_new0 (TribuneDtlsSrtp, 1);
  self->role = role;
  self->state = TRIBUNE_DTLS_HANDSHAKING;
  self->send = send;
  self->send_data = send_data;

  /* Construction cannot report an error: a bad fingerprint or an OpenSSL failure gives
   * an endpoint that is FAILED from the start, and says why in get_error. */
  if (!srtp_ready ()) {
    fail (self, g_strdup ("libsrtp failed to initialise"));
    return self;
  }
  if (peer_fingerprint != NULL && !parse_fingerprint (self, peer_fingerprint)) {
    /* Peer text, bound for logs and HTTP errors: escaped and cut short. */
    g_autofree gchar *shown = g_strescape (peer_fingerprint, NULL);
    fail (self, g_strdup_printf ("cannot parse the peer's fingerprint \"%.120s\"", shown));
    return self;
  }

  ERR_clear_error ();
  self->ssl = SSL_new (tribune_dtls_identity_get_context (identity));
  self->rbio = BIO_new (BIO_s_mem ());
  self->wbio = BIO_new (BIO_s_mem ());
  if (self->ssl == NULL || self->rbio == NULL || self->wbio == NULL) {
    BIO_free (self->rbio);
    BIO_free (self->wbio);
    self->rbio = self->wbio = NULL;
    fail (self, tribune_openssl_error ("cannot create the DTLS session"));
    return self;
  }
  /* An empty read BIO means "wait for the next datagram", not end of file. */
  BIO_set_mem_eof_return (self->rbio, -1);
  BIO_set_mem_eof_return (self->wbio, -1);
  /* Ask for the peer's certificate (a server must, or there is nothing to compare with
   * the fingerprint) and judge it by that fingerprint alone. */
  SSL_set_verify (self->ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_peer);
  SSL_set_bio (self->ssl, self->rbio, self->wbio);
  SSL_set_app_data (self->ssl, self);
  /* SSL_OP_NO_QUERY_MTU (set on the context) makes OpenSSL use this figure. */
  SSL_set_mtu (self->ssl, TRIBUNE_DTLS_MTU);
  if (role == TRIBUNE_DTLS_SERVER)
    SSL_set_accept_state (self->ssl);
  else
    SSL_set_connect_state (self->ssl);
  return self;
}

void
tribune_dtls_srtp_free (TribuneDtlsSrtp *self)
{
  if (self == NULL)
    return;
  if (self->srtp_out)
    srtp_dealloc (self->srtp_out);
  if (self->srtp_in)
    srtp_dealloc (self->srtp_in);
  tribune_srtp_gcm_free (self->gcm_out);
  SSL_free (self->ssl);
  g_free (self->error);
  g_free (self);
}

/* After an SSL call returned @ret: FAILED on a fatal error, CLOSED on close_notify. */
static void
check_result (TribuneDtlsSrtp *self, int ret, const gchar *what)
{
  switch (SSL_get_error (self->ssl, ret)) {
    case SSL_ERROR_NONE:
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
      return;
    case SSL_ERROR_ZERO_RETURN:
      self->state = TRIBUNE_DTLS_CLOSED;
      ERR_clear_error ();
      return;
    default: {
      g_autofree gchar *err = tribune_openssl_error ("unknown error");

      fail (self, g_strdup_printf ("%s: %s", what, err));
      return;
    }
  }
}

/* Drives the handshake; on completion checks the peer and makes the SRTP sessions. */
static void
continue_handshake (TribuneDtlsSrtp *self)
{
  g_autoptr (GString) why = NULL;
  int ret;

  ERR_clear_error ();
  ret = SSL_do_handshake (self->ssl);
  if (ret != 1) {
    check_result (self, ret, "DTLS handshake");
    return;
  }

  why = g_string_new (NULL);
  /* The verify callback has compared already; this second look also covers a peer that
   * sent no certificate at all, which the callback never sees. */
  if (SSL_get0_peer_certificate (self->ssl) == NULL) {
    fail (self, g_strdup ("the peer sent no certificate"));
    return;
  }
  if (!certificate_matches (self, SSL_get0_peer_certificate (self->ssl)))
    return;
  if (!export_keys (self, why)) {
    fail (self, g_string_free (g_steal_pointer (&why), FALSE));
    return;
  }
  self->state = TRIBUNE_DTLS_CONNECTED;
}

/* After the handshake: alerts (close_notify), and the peer's retransmitted last flight,
 * which OpenSSL answers by resending ours. Application data has no use in WebRTC media. */
static void
read_records (TribuneDtlsSrtp *self)
{
  guint8 buf[2048];
  int ret;

  do {
    ERR_clear_error ();
    ret = SSL_read (self->ssl, buf, sizeof buf);
  } while (ret > 0);
  check_result (self, ret, "DTLS");
}

void
tribune_dtls_srtp_start (TribuneDtlsSrtp *self)
{
  g_return_if_fail (self != NULL);

  if (self->role == TRIBUNE_DTLS_CLIENT && self->state == TRIBUNE_DTLS_HANDSHAKING) {
    continue_handshake (self);
    flush_output (self);
  }
}

void
tribune_dtls_srtp_close (TribuneDtlsSrtp *self)
{
  g_return_if_fail (self != NULL);

  /* OpenSSL has no close_notify to send during a handshake; the peer times out then. */
  if (self->state == TRIBUNE_DTLS_CONNECTED) {
    ERR_clear_error ();
    SSL_shutdown (self->ssl);
    ERR_clear_error ();
    flush_output (self);
  }
  /* Done either way: nothing more is protected or accepted. */
  if (self->state == TRIBUNE_DTLS_CONNECTED || self->state == TRIBUNE_DTLS_HANDSHAKING)
    self->state = TRIBUNE_DTLS_CLOSED;
}

/* One record (or an unparsable rest) into OpenSSL. */
static void
receive_record (TribuneDtlsSrtp *self, const guint8 *data, gsize len)
{
  if (BIO_write (self->rbio, data, (int) len) != (int) len)
    return;
  if (self->state == TRIBUNE_DTLS_HANDSHAKING)
    continue_handshake (self);
  /* Also right after the handshake: a close_notify may follow the Finished. */
  if (self->state == TRIBUNE_DTLS_CONNECTED)
    read_records (self);
  /* What OpenSSL left unread must not prefix the next record. */
  (void) BIO_reset (self->rbio);
}

TribuneDtlsState
tribune_dtls_srtp_receive (TribuneDtlsSrtp *self, const guint8 *data, gsize len)
{
  gsize pos = 0;

  g_return_val_if_fail (self != NULL, TRIBUNE_DTLS_FAILED);

  if (data == NULL || len > G_MAXINT)
    return self->state;
  /* Record by record: OpenSSL drops the rest of a datagram after a record it discards
   * (a retransmitted ClientHello, a stale epoch), which would lose a whole flight that a
   * peer packed behind it. Our answer still goes out packed, at the end. */
  while (pos < len && (self->state == TRIBUNE_DTLS_HANDSHAKING ||
                       self->state == TRIBUNE_DTLS_CONNECTED)) {
    gsize record = record_length (data + pos, len - pos);

    receive_record (self, data + pos, record);
    pos += record;
  }
  flush_output (self);
  return self->state;
}

gint
tribune_dtls_srtp_timeout_ms (TribuneDtlsSrtp *self)
{
  struct timeval tv;
  gint64 ms;

  g_return_val_if_fail (self != NULL, -1);

  if (self->state != TRIBUNE_DTLS_HANDSHAKING && self->state != TRIBUNE_DTLS_CONNECTED)
    return -1;
  if (DTLSv1_get_timeout (self->ssl, &tv) != 1)
    return -1;
  /* Rounded up: called early, handle_timeout would find nothing to do. */
  ms = (gint64) tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
  return (gint) CLAMP (ms, 0, G_MAXINT);
}

TribuneDtlsState
tribune_dtls_srtp_handle_timeout (TribuneDtlsSrtp *self)
{
  int ret;

  g_return_val_if_fail (self != NULL, TRIBUNE_DTLS_FAILED);

  if (self->state != TRIBUNE_DTLS_HANDSHAKING && self->state != TRIBUNE_DTLS_CONNECTED)
    return self->state;
  ERR_clear_error ();
  ret = DTLSv1_handle_timeout (self->ssl);
  flush_output (self);
  /* -1 after too many retransmissions (OpenSSL gives up after 12) or on a write error. */
  if (ret < 0)
    fail (self, tribune_openssl_error ("the DTLS handshake timed out"));
  return self->state;
}

TribuneDtlsState
tribune_dtls_srtp_get_state (TribuneDtlsSrtp *self)
{
  g_return_val_if_fail (self != NULL, TRIBUNE_DTLS_FAILED);
  return self->state;
}

const gchar *
tribune_dtls_srtp_get_error (TribuneDtlsSrtp *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->state == TRIBUNE_DTLS_FAILED ? self->error : NULL;
}

const gchar *
tribune_dtls_srtp_get_profile (TribuneDtlsSrtp *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->profile;
}

/* ---- SRTP ------------------------------------------------------------------------- */

typedef srtp_err_status_t (*SrtpFunc) (srtp_t session, void *packet, int *len);

static gsize
transform (TribuneDtlsSrtp *self, srtp_t session, SrtpFunc func, guint8 *buffer, gsize len)
{
  int n = (int) len;

  g_return_val_if_fail (self != NULL, 0);

  if (self->state != TRIBUNE_DTLS_CONNECTED || session == NULL || buffer == NULL ||
      len == 0 || len > G_MAXINT - TRIBUNE_SRTP_MAX_TRAILER)
    return 0;
  if (func (session, buffer, &n) != srtp_err_status_ok || n <= 0)
    return 0;
  return (gsize) n;
}

gsize
tribune_dtls_srtp_protect_rtp (TribuneDtlsSrtp *self, guint8 *buffer, gsize len)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->gcm_out != NULL)
    return self->state == TRIBUNE_DTLS_CONNECTED && buffer != NULL && len > 0
           ? tribune_srtp_gcm_protect_rtp (self->gcm_out, buffer, len) : 0;
  return transform (self, self ? self->srtp_out : NULL, srtp_protect, buffer, len);
}

gsize
tribune_dtls_srtp_protect_rtcp (TribuneDtlsSrtp *self, guint8 *buffer, gsize len)
{
  return transform (self, self ? self->srtp_out : NULL, srtp_protect_rtcp, buffer, len);
}

gsize
tribune_dtls_srtp_unprotect_rtcp (TribuneDtlsSrtp *self, guint8 *buffer, gsize len)
{
  return transform (self, self ? self->srtp_in : NULL, srtp_unprotect_rtcp, buffer, len);
}

gsize
tribune_dtls_srtp_unprotect_rtp (TribuneDtlsSrtp *self, guint8 *buffer, gsize len)
{
  return transform (self, self ? self->srtp_in : NULL, srtp_unprotect, buffer, len);
}
