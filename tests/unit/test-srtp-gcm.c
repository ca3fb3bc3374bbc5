/* test-srtp-gcm.c — outbound SRTP with AES-128-GCM on OpenSSL (pipelines/srtp-gcm.c).
 *
 * What a browser sees is what matters, and browsers run libsrtp: so packets protected here
 * must unprotect, byte for byte, in a libsrtp inbound session made from the same master key
 * and salt, and must equal what a libsrtp outbound session makes of the same packets. The
 * RFC 7714 §16.1 vector checks the packet transform on its own, from the session keys.
 */
#include "srtp-gcm.h"

#include <string.h>

#include <srtp2/srtp.h>

#define TAG TRIBUNE_SRTP_GCM_TAG_LEN
#define MAX_PACKET 1500

static const guint8 master_key[16] = {
  0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
};
static const guint8 master_salt[12] = {
  0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a,
};

typedef struct {
  guint8 data[MAX_PACKET + TAG];
  gsize len;
} Packet;

/* A libsrtp session with the AES-128-GCM policy for any SSRC, from key‖salt. */
static srtp_t
libsrtp_session (const guint8 *key, const guint8 *salt, gboolean outbound)
{
  guint8 material[16 + 12];
  srtp_policy_t policy;
  srtp_t session = NULL;

  memcpy (material, key, 16);
  memcpy (material + 16, salt, 12);
  memset (&policy, 0, sizeof policy);
  srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtp);
  srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtcp);
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = material;
  policy.window_size = 1024;
  policy.allow_repeat_tx = outbound;
  g_assert_cmpint (srtp_create (&session, &policy), ==, srtp_err_status_ok);
  return session;
}

/* An RTP packet: @n_csrc CSRCs, a one-byte-header extension (RFC 8285) of @ext_words
 * words when > 0, and @payload_len bytes that depend on SSRC and sequence number. */
static void
make_rtp (Packet *p, guint32 ssrc, guint16 seq, guint n_csrc, guint ext_words,
          gsize payload_len)
{
  gsize pos = 12;

  memset (p, 0, sizeof *p);
  p->data[0] = 0x80 | (ext_words > 0 ? 0x10 : 0) | n_csrc;
  p->data[1] = 96;
  p->data[2] = seq >> 8;
  p->data[3] = seq;
  p->data[4] = 0x12; p->data[5] = 0x34; p->data[6] = seq >> 8; p->data[7] = seq;
  p->data[8] = ssrc >> 24; p->data[9] = ssrc >> 16; p->data[10] = ssrc >> 8; p->data[11] = ssrc;
  for (guint i = 0; i < n_csrc; i++, pos += 4)
    p->data[pos + 3] = 0xc0 + i;
  if (ext_words > 0) {
    p->data[pos] = 0xbe;
    p->data[pos + 1] = 0xde;
    p->data[pos + 3] = ext_words;
    /* id 1, two bytes (say, a transport-wide sequence number), then padding. */
    p->data[pos + 4] = 0x11;
    p->data[pos + 5] = seq >> 8;
    p->data[pos + 6] = seq;
    pos += 4 + 4 * ext_words;
  }
  for (gsize i = 0; i < payload_len; i++)
    p->data[pos + i] = (guint8) (ssrc ^ (seq * 7) ^ (i * 13));
  p->len = pos + payload_len;
}

/* Protects @plain with @ctx, checks libsrtp's outbound session @ref protects it to the same
 * bytes (unless NULL), and, unless @deliver is FALSE (the packet is "lost"), that @in
 * unprotects it back to @plain. Returns the protected packet. */
static Packet
send_packet (TribuneSrtpGcm *ctx, srtp_t ref, srtp_t in, const Packet *plain,
             gboolean deliver)
{
  Packet ours = *plain, theirs = *plain, received;
  int n = (int) plain->len;

  ours.len = tribune_srtp_gcm_protect_rtp (ctx, ours.data, plain->len);
  g_assert_cmpuint (ours.len, ==, plain->len + TAG);
  if (ref != NULL) {
    g_assert_cmpint (srtp_protect (ref, theirs.data, &n), ==, srtp_err_status_ok);
    g_assert_cmpmem (ours.data, ours.len, theirs.data, (gsize) n);
  }
  if (deliver) {
    received = ours;
    n = (int) received.len;
    g_assert_cmpint (srtp_unprotect (in, received.data, &n), ==, srtp_err_status_ok);
    g_assert_cmpmem (received.data, (gsize) n, plain->data, plain->len);
  }
  return ours;
}

/* RFC 7714 §16.1.1: key, salt, packet and result as the RFC gives them. */
static void
test_rfc7714_vector (void)
{
  static const guint8 key[16] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
  };
  static const guint8 salt[12] = "Quid pro quo";
  static const guint8 plain[] = {
    0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3, 0x55, 0x01, 0xa0, 0xb2,
    'G', 'a', 'l', 'l', 'i', 'a', ' ', 'e', 's', 't', ' ', 'o', 'm', 'n', 'i', 's', ' ',
    'd', 'i', 'v', 'i', 's', 'a', ' ', 'i', 'n', ' ', 'p', 'a', 'r', 't', 'e', 's', ' ',
    't', 'r', 'e', 's',
  };
  static const guint8 expected[] = {
    0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3, 0x55, 0x01, 0xa0, 0xb2,
    0xf2, 0x4d, 0xe3, 0xa3, 0xfb, 0x34, 0xde, 0x6c, 0xac, 0xba, 0x86, 0x1c,
    0x9d, 0x7e, 0x4b, 0xca, 0xbe, 0x63, 0x3b, 0xd5, 0x0d, 0x29, 0x4e, 0x6f,
    0x42, 0xa5, 0xf4, 0x7a, 0x51, 0xc7, 0xd1, 0x9b, 0x36, 0xde, 0x3a, 0xdf,
    0x88, 0x33,
    0x89, 0x9d, 0x7f, 0x27, 0xbe, 0xb1, 0x6a, 0x91, 0x52, 0xcf, 0x76, 0x5e,
    0xe4, 0x39, 0x0c, 0xce,
  };
  TribuneSrtpGcm *ctx = tribune_srtp_gcm_new_with_session_keys (key, salt);
  guint8 buffer[sizeof plain + TAG];

  g_assert_nonnull (ctx);
  memcpy (buffer, plain, sizeof plain);
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, buffer, sizeof plain), ==,
                    sizeof expected);
  g_assert_cmpmem (buffer, sizeof buffer, expected, sizeof expected);
  tribune_srtp_gcm_free (ctx);
}

/* Four SSRCs interleaved (two with CSRCs and an extension), sizes from a header-only
 * packet to a full one: libsrtp makes the same bytes and reads them back. */
static void
test_libsrtp_interop (void)
{
  static const guint32 ssrcs[4] = { 0x11111111, 0xdeadbeef, 0x00000001, 0xfffffffe };
  static const gsize sizes[] = { 0, 1, 15, 16, 17, 160, 1000, 1200 };
  TribuneSrtpGcm *ctx = tribune_srtp_gcm_new (master_key, master_salt);
  srtp_t ref = libsrtp_session (master_key, master_salt, TRUE);
  srtp_t in = libsrtp_session (master_key, master_salt, FALSE);
  Packet plain;

  g_assert_nonnull (ctx);
  for (guint round = 0; round < 40; round++)
    for (guint s = 0; s < G_N_ELEMENTS (ssrcs); s++) {
      make_rtp (&plain, ssrcs[s], (guint16) (1000 * s + round), s % 2 ? 3 : 0,
                s % 2 ? 2 : 0, sizes[(round + s) % G_N_ELEMENTS (sizes)]);
      send_packet (ctx, ref, in, &plain, TRUE);
    }
  srtp_dealloc (ref);
  srtp_dealloc (in);
  tribune_srtp_gcm_free (ctx);
}

/* Sequence numbers 65530 → 65535 → 0 → 5 on two SSRCs: after the wrap the ROC is 1, which
 * libsrtp (same estimate) agrees on. Packets "lost" on the way are resent later, as after
 * a NACK: one from before the wrap once the wrap is past, one from after it, and one
 * resent before the wrap; each gets its original ROC, so the bytes are the same as the
 * first time and libsrtp accepts them. */
static void
test_wrap_and_retransmission (void)
{
  static const guint32 ssrcs[2] = { 0x0a0b0c0d, 0x51525354 };
  TribuneSrtpGcm *ctx = tribune_srtp_gcm_new (master_key, master_salt);
  srtp_t ref = libsrtp_session (master_key, master_salt, TRUE);
  srtp_t in = libsrtp_session (master_key, master_salt, FALSE);
  Packet plain, first[2][3], again;

  g_assert_nonnull (ctx);
  for (guint s = 0; s < 2; s++) {
    guint16 seq = 65520;

    /* 65520..65529, 65522 lost and resent before the wrap. */
    for (guint i = 0; i < 10; i++, seq++) {
      make_rtp (&plain, ssrcs[s], seq, 1, 1, 200 + s);
      if (seq == 65522)
        first[s][0] = send_packet (ctx, ref, in, &plain, FALSE);
      else
        send_packet (ctx, ref, in, &plain, TRUE);
    }
    make_rtp (&plain, ssrcs[s], 65522, 1, 1, 200 + s);
    again = send_packet (ctx, NULL, in, &plain, TRUE);
    g_assert_cmpmem (again.data, again.len, first[s][0].data, first[s][0].len);

    /* 65530..65535, 0..5 (ROC 1); 65533 and 1 lost. */
    for (guint i = 0; i < 12; i++, seq++) {
      make_rtp (&plain, ssrcs[s], seq, 0, 0, 1200);
      if (seq == 65533)
        first[s][1] = send_packet (ctx, ref, in, &plain, FALSE);
      else if (seq == 1)
        first[s][2] = send_packet (ctx, ref, in, &plain, FALSE);
      else
        send_packet (ctx, ref, in, &plain, TRUE);
    }
    g_assert_cmpuint (seq, ==, 6);
  }

  /* Resent after the wrap, the other SSRC's packets in between. */
  for (guint s = 0; s < 2; s++) {
    make_rtp (&plain, ssrcs[s], 65533, 0, 0, 1200);
    again = send_packet (ctx, NULL, in, &plain, TRUE);
    g_assert_cmpmem (again.data, again.len, first[s][1].data, first[s][1].len);
    make_rtp (&plain, ssrcs[s], 1, 0, 0, 1200);
    again = send_packet (ctx, NULL, in, &plain, TRUE);
    g_assert_cmpmem (again.data, again.len, first[s][2].data, first[s][2].len);
  }

  /* Still ROC 1 for new packets after the resends. */
  for (guint s = 0; s < 2; s++) {
    make_rtp (&plain, ssrcs[s], 6, 0, 0, 100);
    send_packet (ctx, ref, in, &plain, TRUE);
  }
  srtp_dealloc (ref);
  srtp_dealloc (in);
  tribune_srtp_gcm_free (ctx);
}

/* Another master key, or another master salt, and libsrtp rejects the packet; so does it
 * when one bit of the header (authenticated, not encrypted) or of the tag flips. */
static void
test_wrong_key_fails (void)
{
  guint8 other_key[16], other_salt[12];
  TribuneSrtpGcm *ctx = tribune_srtp_gcm_new (master_key, master_salt);
  srtp_t wrong_key, wrong_salt, right;
  Packet plain, sent, copy;
  int n;

  memcpy (other_key, master_key, sizeof other_key);
  other_key[15] ^= 0x01;
  memcpy (other_salt, master_salt, sizeof other_salt);
  other_salt[11] ^= 0x80;
  wrong_key = libsrtp_session (other_key, master_salt, FALSE);
  wrong_salt = libsrtp_session (master_key, other_salt, FALSE);
  right = libsrtp_session (master_key, master_salt, FALSE);

  make_rtp (&plain, 0x01020304, 4242, 2, 1, 500);
  sent = send_packet (ctx, NULL, NULL, &plain, FALSE);

  copy = sent;
  n = (int) copy.len;
  g_assert_cmpint (srtp_unprotect (wrong_key, copy.data, &n), ==, srtp_err_status_auth_fail);
  copy = sent;
  n = (int) copy.len;
  g_assert_cmpint (srtp_unprotect (wrong_salt, copy.data, &n), ==, srtp_err_status_auth_fail);
  copy = sent;
  copy.data[1] ^= 0x01;         /* the payload type */
  n = (int) copy.len;
  g_assert_cmpint (srtp_unprotect (right, copy.data, &n), ==, srtp_err_status_auth_fail);
  copy = sent;
  copy.data[copy.len - 1] ^= 0x01;
  n = (int) copy.len;
  g_assert_cmpint (srtp_unprotect (right, copy.data, &n), ==, srtp_err_status_auth_fail);
  /* And the untouched packet does pass: the failures above are not about something else. */
  copy = sent;
  n = (int) copy.len;
  g_assert_cmpint (srtp_unprotect (right, copy.data, &n), ==, srtp_err_status_ok);
  g_assert_cmpmem (copy.data, (gsize) n, plain.data, plain.len);

  srtp_dealloc (wrong_key);
  srtp_dealloc (wrong_salt);
  srtp_dealloc (right);
  tribune_srtp_gcm_free (ctx);
}

/* What is not an RTP packet is refused, the buffer past the packet untouched; so is a
 * packet from one SSRC more than a context tracks. */
static void
test_refuses (void)
{
  TribuneSrtpGcm *ctx = tribune_srtp_gcm_new (master_key, master_salt);
  Packet p;

  g_assert_nonnull (ctx);
  make_rtp (&p, 1, 1, 0, 0, 0);
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, 11), ==, 0);
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, 0), ==, 0);
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, NULL, 100), ==, 0);
  p.data[0] = 0x40;             /* version 1 */
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, 12), ==, 0);

  make_rtp (&p, 1, 1, 15, 0, 0); /* 15 CSRCs, one byte short of them */
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, p.len - 1), ==, 0);
  make_rtp (&p, 1, 1, 0, 1, 0);  /* the extension says 1 word; cut inside it */
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, p.len - 1), ==, 0);
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, 14), ==, 0);
  p.data[14] = 0xff;             /* the extension claims 0xff03 words */
  p.data[15] = 0x03;
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, p.len), ==, 0);
  for (gsize i = 0; i < sizeof p.data; i++)
    if (i >= p.len)
      g_assert_cmpuint (p.data[i], ==, 0);

  for (guint32 ssrc = 1; ssrc <= TRIBUNE_SRTP_GCM_MAX_SSRCS; ssrc++) {
    make_rtp (&p, ssrc, 7, 0, 0, 10);
    g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, p.len), ==, p.len + TAG);
  }
  make_rtp (&p, TRIBUNE_SRTP_GCM_MAX_SSRCS + 1, 7, 0, 0, 10);
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, p.len), ==, 0);
  /* The ones it has keep working. */
  make_rtp (&p, 3, 8, 0, 0, 10);
  g_assert_cmpuint (tribune_srtp_gcm_protect_rtp (ctx, p.data, p.len), ==, p.len + TAG);
  tribune_srtp_gcm_free (ctx);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (srtp_init (), ==, srtp_err_status_ok);

  g_test_add_func ("/srtp-gcm/rfc7714-vector", test_rfc7714_vector);
  g_test_add_func ("/srtp-gcm/libsrtp-interop", test_libsrtp_interop);
  g_test_add_func ("/srtp-gcm/wrap-and-retransmission", test_wrap_and_retransmission);
  g_test_add_func ("/srtp-gcm/wrong-key-fails", test_wrong_key_fails);
  g_test_add_func ("/srtp-gcm/refuses", test_refuses);
  return g_test_run ();
}
