/* srtp-gcm.c — outbound SRTP with AEAD_AES_128_GCM on OpenSSL (see srtp-gcm.h).
 *
 * DESIGN
 *
 * Keys (RFC 3711 §4.3, RFC 7714 §11 with erratum 4938). The AES-CM PRF encrypts, under the
 * master key, the block x‖0x0000 where x is the 112-bit master salt XOR (label‖r), label‖r
 * aligned on the right of x: the label lands in octet 7. r = index DIV kdr is 0, since
 * WebRTC never re-keys (kdr 0). GCM's master salt has only 96 bits; the erratum says it is
 * multiplied by 2^16 to make the 112-bit salt, i.e. zero-padded on the right, which is what
 * libsrtp (and so every browser) does. The session key is the first 16 octets of keystream
 * for label 0x00, the session salt the first 12 for label 0x02: one AES block each, which
 * is AES-ECB of the PRF input (the counter in the last two octets stays 0).
 *
 * Packets (RFC 7714 §8). IV = session salt XOR (0x0000‖SSRC‖ROC‖SEQ); the additional
 * authenticated data is the RTP header as sent, CSRCs and header extension included (we do
 * not encrypt extensions, RFC 6904); the payload is encrypted in place and the 16-octet tag
 * goes after it. The key is set once on the EVP_CIPHER_CTX; each packet only sets its IV,
 * so nothing is allocated per packet.
 *
 * Rollover counters. The sender knows the index of each new packet, but the lean sender
 * also resends old packets after a NACK with their original sequence number, perhaps from
 * before the last wrap. So the ROC comes from the same estimate a receiver makes (RFC 3711
 * §3.3.1), from the highest sequence number sent on that SSRC: a resent packet gets the
 * ROC it had the first time, and the receiver's estimate agrees. One small table per
 * context, searched linearly: a viewer has two SSRCs.
 */
#include "srtp-gcm.h"
#include "rtp-header.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#define LABEL_RTP_ENCRYPTION 0x00
#define LABEL_RTP_SALT 0x02
#define SEQ_HALF 32768          /* 2^15: the estimate's window, either side of the highest */

typedef struct {
  guint32 ssrc;
  guint32 roc;                  /* rollover counter of the highest sequence number */
  guint16 highest;              /* highest sequence number sent (s_l in RFC 3711) */
} Stream;

struct _TribuneSrtpGcm {
  EVP_CIPHER_CTX *evp;          /* AES-128-GCM, session key set, encrypting */
  guint8 salt[TRIBUNE_SRTP_GCM_SALT_LEN];   /* session salt */
  Stream streams[TRIBUNE_SRTP_GCM_MAX_SSRCS];
  guint n_streams;
  guint last;                   /* index of the stream used last: usually the next one too */
};

/* ---- keys ------------------------------------------------------------------------- */

/* The session key and salt (RFC 3711 §4.3.1, 4.3.3) from the master key and 96-bit salt. */
static gboolean
derive_session_keys (const guint8 *master_key, const guint8 *master_salt,
                     guint8 *session_key, guint8 *session_salt)
{
  static const guint8 labels[2] = { LABEL_RTP_ENCRYPTION, LABEL_RTP_SALT };
  guint8 in[2 * 16] = { 0 }, out[2 * 16 + 16];
  EVP_CIPHER_CTX *ecb = EVP_CIPHER_CTX_new ();
  int n = 0, tail = 0;
  gboolean ok;

  /* Two PRF input blocks: salt, two zero octets of padding (erratum 4938), counter 0. */
  for (guint b = 0; b < 2; b++) {
    memcpy (in + 16 * b, master_salt, TRIBUNE_SRTP_GCM_SALT_LEN);
    in[16 * b + 7] ^= labels[b];
  }
  ok = ecb != NULL &&
       EVP_EncryptInit_ex (ecb, EVP_aes_128_ecb (), NULL, master_key, NULL) == 1 &&
       EVP_CIPHER_CTX_set_padding (ecb, 0) == 1 &&
       EVP_EncryptUpdate (ecb, out, &n, in, sizeof in) == 1 && n == (int) sizeof in &&
       EVP_EncryptFinal_ex (ecb, out + n, &tail) == 1 && tail == 0;
  if (ok) {
    memcpy (session_key, out, TRIBUNE_SRTP_GCM_KEY_LEN);
    memcpy (session_salt, out + 16, TRIBUNE_SRTP_GCM_SALT_LEN);
  }
  OPENSSL_cleanse (in, sizeof in);
  OPENSSL_cleanse (out, sizeof out);
  EVP_CIPHER_CTX_free (ecb);
  return ok;
}

TribuneSrtpGcm *
tribune_srtp_gcm_new_with_session_keys (const guint8 *session_key, const guint8 *session_salt)
{
  TribuneSrtpGcm *self;

  g_return_val_if_fail (session_key != NULL && session_salt != NULL, NULL);

  self = g_new0 (TribuneSrtpGcm, 1);
  memcpy (self->salt, session_salt, TRIBUNE_SRTP_GCM_SALT_LEN);
  self->evp = EVP_CIPHER_CTX_new ();
  /* The key now, once; the IV (12 octets, GCM's default length) per packet. */
  if (self->evp == NULL ||
      EVP_EncryptInit_ex (self->evp, EVP_aes_128_gcm (), NULL, session_key, NULL) != 1) {
    ERR_clear_error ();
    tribune_srtp_gcm_free (self);
    return NULL;
  }
  return self;
}

TribuneSrtpGcm *
tribune_srtp_gcm_new (const guint8 *master_key, const guint8 *master_salt)
{
  guint8 key[TRIBUNE_SRTP_GCM_KEY_LEN], salt[TRIBUNE_SRTP_GCM_SALT_LEN];
  TribuneSrtpGcm *self = NULL;

  g_return_val_if_fail (master_key != NULL && master_salt != NULL, NULL);

  if (derive_session_keys (master_key, master_salt, key, salt))
    self = tribune_srtp_gcm_new_with_session_keys (key, salt);
  else
    ERR_clear_error ();
  OPENSSL_cleanse (key, sizeof key);
  OPENSSL_cleanse (salt, sizeof salt);
  return self;
}

void
tribune_srtp_gcm_free (TribuneSrtpGcm *self)
{
  if (self == NULL)
    return;
  /* OpenSSL wipes the key schedule when it frees the context. */
  EVP_CIPHER_CTX_free (self->evp);
  OPENSSL_cleanse (self, sizeof *self);
  g_free (self);
}

/* ---- rollover counters ------------------------------------------------------------ */

/* The stream of @ssrc; a new one (ROC 0, @seq the highest) on its first packet; NULL
 * when the table is full. */
static Stream *
find_stream (TribuneSrtpGcm *self, guint32 ssrc, guint16 seq)
{
  Stream *s;

  if (self->n_streams > 0 && self->streams[self->last].ssrc == ssrc)
    return &self->streams[self->last];
  for (guint i = 0; i < self->n_streams; i++)
    if (self->streams[i].ssrc == ssrc) {
      self->last = i;
      return &self->streams[i];
    }
  if (self->n_streams == TRIBUNE_SRTP_GCM_MAX_SSRCS)
    return NULL;
  self->last = self->n_streams++;
  s = &self->streams[self->last];
  s->ssrc = ssrc;
  s->roc = 0;
  s->highest = seq;
  return s;
}

/* RFC 3711 §3.3.1: the ROC of @seq as a receiver that saw our highest would guess it. A
 * packet from "before ROC 0" cannot exist; libsrtp receivers also keep ROC 0 there. */
static guint32
estimate_roc (const Stream *s, guint16 seq)
{
  if (s->highest < SEQ_HALF)
    return ((gint) seq - s->highest > SEQ_HALF && s->roc > 0) ? s->roc - 1 : s->roc;
  return ((gint) s->highest - SEQ_HALF > seq) ? s->roc + 1 : s->roc;
}

/* After @seq went out with @roc: advance the highest (RFC 3711 §3.3.1, the update rules). */
static void
update_stream (Stream *s, guint32 roc, guint16 seq)
{
  if (roc == s->roc + 1) {
    s->roc = roc;
    s->highest = seq;
  } else if (roc == s->roc && seq > s->highest) {
    s->highest = seq;
  }
}

/* ---- packets ---------------------------------------------------------------------- */

gsize
tribune_srtp_gcm_protect_rtp (TribuneSrtpGcm *self, guint8 *buffer, gsize len)
{
  guint8 iv[TRIBUNE_SRTP_GCM_SALT_LEN];
  gsize hdr;
  guint32 ssrc, roc;
  guint16 seq;
  Stream *stream;
  int n;

  g_return_val_if_fail (self != NULL, 0);

  if (buffer == NULL || len > G_MAXINT - TRIBUNE_SRTP_GCM_TAG_LEN ||
      (hdr = tribune_rtp_header_length (buffer, len)) == 0)
    return 0;
  seq = (guint16) (buffer[2] << 8 | buffer[3]);
  ssrc = (guint32) buffer[8] << 24 | buffer[9] << 16 | buffer[10] << 8 | buffer[11];
  if ((stream = find_stream (self, ssrc, seq)) == NULL)
    return 0;
  roc = estimate_roc (stream, seq);

  /* RFC 7714 §8.1: salt XOR 00 00 | SSRC | ROC | SEQ. */
  memcpy (iv, self->salt, sizeof iv);
  for (guint i = 0; i < 4; i++) {
    iv[2 + i] ^= buffer[8 + i];
    iv[6 + i] ^= (guint8) (roc >> (24 - 8 * i));
  }
  iv[10] ^= buffer[2];
  iv[11] ^= buffer[3];

  /* Cipher and key stay as set up; only the IV changes. GCM encrypts in place. */
  if (EVP_EncryptInit_ex (self->evp, NULL, NULL, NULL, iv) != 1 ||
      EVP_EncryptUpdate (self->evp, NULL, &n, buffer, (int) hdr) != 1 ||
      (len > hdr && (EVP_EncryptUpdate (self->evp, buffer + hdr, &n, buffer + hdr,
                                        (int) (len - hdr)) != 1 || n != (int) (len - hdr))) ||
      EVP_EncryptFinal_ex (self->evp, buffer + len, &n) != 1 || n != 0 ||
      EVP_CIPHER_CTX_ctrl (self->evp, EVP_CTRL_AEAD_GET_TAG, TRIBUNE_SRTP_GCM_TAG_LEN,
                           buffer + len) != 1) {
    ERR_clear_error ();
    return 0;
  }
  update_stream (stream, roc, seq);
  return len + TRIBUNE_SRTP_GCM_TAG_LEN;
}
