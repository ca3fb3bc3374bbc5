/* stun-message.c — parsing and building the STUN Binding messages of ICE connectivity
 * checks (see stun-message.h for the scope).
 *
 * Everything here reads untrusted datagrams: every length is checked against the end of
 * the buffer before a byte is read, the header's length must match the datagram, and
 * attributes must fit inside it. MESSAGE-INTEGRITY is checked on request (it needs the
 * password, which the caller finds through the USERNAME); FINGERPRINT is checked while
 * parsing, since it needs nothing but the bytes and tells STUN from look-alikes.
 */
#include "stun-message.h"

#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#define STUN_MAGIC_COOKIE 0x2112A442u
#define STUN_FINGERPRINT_XOR 0x5354554eu

/* Message types: method Binding (0x001) in the four classes. */
#define STUN_BINDING_REQUEST 0x0001
#define STUN_BINDING_INDICATION 0x0011
#define STUN_BINDING_SUCCESS 0x0101
#define STUN_BINDING_ERROR 0x0111

#define ATTR_MAPPED_ADDRESS 0x0001
#define ATTR_USERNAME 0x0006
#define ATTR_MESSAGE_INTEGRITY 0x0008
#define ATTR_ERROR_CODE 0x0009
#define ATTR_XOR_MAPPED_ADDRESS 0x0020
#define ATTR_PRIORITY 0x0024
#define ATTR_USE_CANDIDATE 0x0025
#define ATTR_SOFTWARE 0x8022
#define ATTR_FINGERPRINT 0x8028
#define ATTR_ICE_CONTROLLED 0x8029
#define ATTR_ICE_CONTROLLING 0x802A

#define HMAC_SHA1_LEN 20

/* The part of a message MESSAGE-INTEGRITY covers is copied (the header's length is
 * rewritten for the HMAC). Checks are ~100 bytes; anything bigger than a UDP datagram
 * on a normal path is not worth verifying. */
#define MAX_INTEGRITY_SPAN 1500

static inline guint16
rd16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
rd32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static inline void
wr16 (guint8 *p, guint16 v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static inline void
wr32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

/* ---- CRC-32 (ISO-HDLC, the one FINGERPRINT uses), table built once ---- */

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    for (guint32 i = 0; i < 256; i++) {
      guint32 c = i;
      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      crc_table[i] = c;
    }
    g_once_init_leave (&done, 1);
  }
}

static guint32
crc32_of (const guint8 *data, gsize len)
{
  guint32 c = 0xFFFFFFFFu;

  crc_table_init ();
  for (gsize i = 0; i < len; i++)
    c = crc_table[(c ^ data[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

/* HMAC-SHA1 over @data[0..@len) with the header's length field replaced by
 * @length_field (RFC 8489 §14.5: the length as if MESSAGE-INTEGRITY ended the message). */
static gboolean
integrity_hmac (const guint8 *data, gsize len, guint16 length_field, const gchar *password,
                guint8 out[HMAC_SHA1_LEN])
{
  guint8 copy[MAX_INTEGRITY_SPAN];
  unsigned int out_len = HMAC_SHA1_LEN;

  if (len < TRIBUNE_STUN_HEADER_LEN || len > sizeof copy)
    return FALSE;
  memcpy (copy, data, len);
  wr16 (copy + 2, length_field);
  return HMAC (EVP_sha1 (), password, (int) strlen (password), copy, len, out,
               &out_len) != NULL && out_len == HMAC_SHA1_LEN;
}

/* ---- parsing ---- */

static TribuneStunKind
kind_of (guint16 type)
{
  switch (type) {
  case STUN_BINDING_REQUEST:
    return TRIBUNE_STUN_BINDING_REQUEST;
  case STUN_BINDING_SUCCESS:
    return TRIBUNE_STUN_BINDING_SUCCESS;
  case STUN_BINDING_ERROR:
    return TRIBUNE_STUN_BINDING_ERROR;
  case STUN_BINDING_INDICATION:
    return TRIBUNE_STUN_BINDING_INDICATION;
  default:
    return TRIBUNE_STUN_OTHER;
  }
}

/* XOR-MAPPED-ADDRESS: family, port ^ cookie>>16, address ^ cookie (‖ transaction id). */
static gboolean
parse_xor_address (const guint8 *header, const guint8 *v, guint16 vlen,
                   struct sockaddr_storage *out)
{
  memset (out, 0, sizeof *out);
  if (vlen < 4)
    return FALSE;
  guint16 port = rd16 (v + 2) ^ (STUN_MAGIC_COOKIE >> 16);
  if (v[1] == 0x01 && vlen == 8) {
    struct sockaddr_in *sin = (struct sockaddr_in *) out;
    sin->sin_family = AF_INET;
    sin->sin_port = g_htons (port);
    sin->sin_addr.s_addr = g_htonl (rd32 (v + 4) ^ STUN_MAGIC_COOKIE);
    return TRUE;
  }
  if (v[1] == 0x02 && vlen == 20) {
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) out;
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = g_htons (port);
    /* The mask is the cookie followed by the transaction id: header bytes 4..19. */
    for (int i = 0; i < 16; i++)
      sin6->sin6_addr.s6_addr[i] = v[4 + i] ^ header[4 + i];
    return TRUE;
  }
  return FALSE;
}

gboolean
tribune_stun_parse (const guint8 *data, gsize len, TribuneStunMessage *out)
{
  gsize msg_len, off;
  gboolean after_integrity = FALSE;

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  out->kind = TRIBUNE_STUN_NOT_STUN;
  if (data == NULL || len < TRIBUNE_STUN_HEADER_LEN)
    return FALSE;
  /* The two top bits are zero, the cookie is there, the length counts whole words and
   * matches the datagram (STUN over UDP is one message per datagram). */
  if ((data[0] & 0xC0) != 0 || rd32 (data + 4) != STUN_MAGIC_COOKIE)
    return FALSE;
  msg_len = rd16 (data + 2);
  if ((msg_len & 3) != 0 || msg_len + TRIBUNE_STUN_HEADER_LEN != len)
    return FALSE;
  memcpy (out->transaction_id, data + 8, 12);

  for (off = TRIBUNE_STUN_HEADER_LEN; off < len;) {
    guint16 type, vlen;
    const guint8 *v;
    gsize padded;

    if (len - off < 4)
      return FALSE;
    type = rd16 (data + off);
    vlen = rd16 (data + off + 2);
    padded = ((gsize) vlen + 3) & ~(gsize) 3;
    if (padded > len - off - 4)
      return FALSE;
    v = data + off + 4;

    if (type == ATTR_FINGERPRINT) {
      /* Must be last; covers everything before it. */
      if (vlen != 4 || off + 8 != len)
        return FALSE;
      if ((crc32_of (data, off) ^ STUN_FINGERPRINT_XOR) != rd32 (v))
        return FALSE;
      out->has_fingerprint = TRUE;
    } else if (after_integrity) {
      /* RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are
       * ignored; they are not covered by the HMAC. */
    } else {
      switch (type) {
      case ATTR_USERNAME:
        out->username = (const gchar *) v;
        out->username_len = vlen;
        break;
      case ATTR_MESSAGE_INTEGRITY:
        if (vlen != HMAC_SHA1_LEN)
          return FALSE;
        out->has_integrity = TRUE;
        out->integrity_offset = off;
        after_integrity = TRUE;
        break;
      case ATTR_XOR_MAPPED_ADDRESS:
        if (!parse_xor_address (data, v, vlen, &out->xor_mapped))
          return FALSE;
        out->has_xor_mapped = TRUE;
        break;
      case ATTR_PRIORITY:
        if (vlen != 4)
          return FALSE;
        out->priority = rd32 (v);
        break;
      case ATTR_USE_CANDIDATE:
        out->use_candidate = TRUE;
        break;
      case ATTR_ICE_CONTROLLED:
      case ATTR_ICE_CONTROLLING:
        if (vlen != 8)
          return FALSE;
        out->tie_breaker = ((guint64) rd32 (v) << 32) | rd32 (v + 4);
        if (type == ATTR_ICE_CONTROLLING)
          out->ice_controlling = TRUE;
        else
          out->ice_controlled = TRUE;
        break;
      case ATTR_MAPPED_ADDRESS:
      case ATTR_ERROR_CODE:
      case ATTR_SOFTWARE:
        break;
      default:
        /* 0x0000–0x7FFF are comprehension-required: an agent must refuse a request
         * carrying one it does not know (420); the caller decides. */
        if (type < 0x8000 && out->unknown_required == 0)
          out->unknown_required = type;
        break;
      }
    }
    off += 4 + padded;
  }
  out->kind = kind_of (rd16 (data));
  return TRUE;
}

gboolean
tribune_stun_check_integrity (const guint8 *data, gsize len, const TribuneStunMessage *msg,
                              const gchar *password)
{
  guint8 mac[HMAC_SHA1_LEN];
  gsize off;

  g_return_val_if_fail (msg != NULL && password != NULL, FALSE);
  if (!msg->has_integrity || data == NULL)
    return FALSE;
  off = msg->integrity_offset;
  /* Trust nothing from @msg that we can re-check against @data. */
  if (off < TRIBUNE_STUN_HEADER_LEN || off + 4 + HMAC_SHA1_LEN > len ||
      rd16 (data + off) != ATTR_MESSAGE_INTEGRITY || rd16 (data + off + 2) != HMAC_SHA1_LEN)
    return FALSE;
  if (!integrity_hmac (data, off, (guint16) (off + 4 + HMAC_SHA1_LEN -
                                             TRIBUNE_STUN_HEADER_LEN), password, mac))
    return FALSE;
  return CRYPTO_memcmp (mac, data + off + 4, HMAC_SHA1_LEN) == 0;
}

gboolean
tribune_stun_username_is_for (const TribuneStunMessage *msg, const gchar *local_ufrag)
{
  gsize n;

  g_return_val_if_fail (msg != NULL && local_ufrag != NULL, FALSE);
  n = strlen (local_ufrag);
  return msg->username != NULL && n > 0 && msg->username_len > n &&
         memcmp (msg->username, local_ufrag, n) == 0 && msg->username[n] == ':';
}

/* ---- building ---- */

static gsize
put_attr_header (guint8 *out, gsize off, guint16 type, guint16 vlen)
{
  wr16 (out + off, type);
  wr16 (out + off + 2, vlen);
  return off + 4;
}

/* Appends MESSAGE-INTEGRITY and FINGERPRINT to the message of @off bytes in @out and
 * writes the header's final length. Returns the total length. */
static gsize
finish_message (guint8 *out, gsize off, const gchar *password)
{
  guint8 mac[HMAC_SHA1_LEN];

  if (!integrity_hmac (out, off, (guint16) (off + 4 + HMAC_SHA1_LEN -
                                            TRIBUNE_STUN_HEADER_LEN), password, mac))
    return 0;
  off = put_attr_header (out, off, ATTR_MESSAGE_INTEGRITY, HMAC_SHA1_LEN);
  memcpy (out + off, mac, HMAC_SHA1_LEN);
  off += HMAC_SHA1_LEN;
  /* The CRC covers the header with the length that includes FINGERPRINT itself. */
  wr16 (out + 2, (guint16) (off + 8 - TRIBUNE_STUN_HEADER_LEN));
  guint32 crc = crc32_of (out, off) ^ STUN_FINGERPRINT_XOR;
  off = put_attr_header (out, off, ATTR_FINGERPRINT, 4);
  wr32 (out + off, crc);
  return off + 4;
}

static void
put_header (guint8 *out, guint16 type, const guint8 transaction_id[12])
{
  wr16 (out, type);
  wr16 (out + 2, 0);
  wr32 (out + 4, STUN_MAGIC_COOKIE);
  memcpy (out + 8, transaction_id, 12);
}

gsize
tribune_stun_build_binding_success (const TribuneStunMessage *request,
                                    const struct sockaddr *from, socklen_t from_len,
                                    const gchar *password, guint8 *out)
{
  gsize off;
  guint8 addr[16];
  gboolean v4;
  guint16 port;

  g_return_val_if_fail (request != NULL && from != NULL && password != NULL && out, 0);
  if (from->sa_family == AF_INET && from_len >= sizeof (struct sockaddr_in)) {
    const struct sockaddr_in *sin = (const struct sockaddr_in *) from;
    v4 = TRUE;
    port = g_ntohs (sin->sin_port);
    memcpy (addr, &sin->sin_addr, 4);
  } else if (from->sa_family == AF_INET6 && from_len >= sizeof (struct sockaddr_in6)) {
    const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *) from;
    port = g_ntohs (sin6->sin6_port);
    /* A v4-mapped address is the IPv4 peer of a dual-stack socket: tell it its IPv4. */
    v4 = IN6_IS_ADDR_V4MAPPED (&sin6->sin6_addr);
    memcpy (addr, v4 ? sin6->sin6_addr.s6_addr + 12 : sin6->sin6_addr.s6_addr, v4 ? 4 : 16);
  } else {
    g_return_val_if_reached (0);
  }

  put_header (out, STUN_BINDING_SUCCESS, request->transaction_id);
  off = put_attr_header (out, TRIBUNE_STUN_HEADER_LEN, ATTR_XOR_MAPPED_ADDRESS,
                         v4 ? 8 : 20);
  out[off] = 0;
  out[off + 1] = v4 ? 0x01 : 0x02;
  wr16 (out + off + 2, port ^ (STUN_MAGIC_COOKIE >> 16));
  /* The mask: cookie then transaction id, which the header already holds at 4..19. */
  for (int i = 0; i < (v4 ? 4 : 16); i++)
    out[off + 4 + i] = addr[i] ^ out[4 + i];
  off += v4 ? 8 : 20;
  return finish_message (out, off, password);
}

gsize
tribune_stun_build_binding_request (const guint8 transaction_id[12],
                                    const gchar *remote_ufrag, const gchar *local_ufrag,
                                    const gchar *remote_password, guint32 priority,
                                    gboolean controlling, guint64 tie_breaker,
                                    gboolean use_candidate, guint8 *out)
{
  gsize off, rlen, llen, ulen;
  /* Everything but USERNAME: PRIORITY 8, ICE-CONTROLL(ED|ING) 12, USE-CANDIDATE 4,
   * MESSAGE-INTEGRITY 24, FINGERPRINT 8, and USERNAME's own header. */
  const gsize fixed = TRIBUNE_STUN_HEADER_LEN + 8 + 12 + 4 + 24 + 8 + 4;

  g_return_val_if_fail (transaction_id && remote_ufrag && local_ufrag && remote_password &&
                        out, 0);
  rlen = strlen (remote_ufrag);
  llen = strlen (local_ufrag);
  ulen = rlen + 1 + llen;
  /* The remote ufrag comes from the peer's SDP: too long for our buffer is a runtime
   * refusal, not a programmer error. */
  if (fixed + ((ulen + 3) & ~(gsize) 3) > TRIBUNE_STUN_MAX_LEN)
    return 0;

  put_header (out, STUN_BINDING_REQUEST, transaction_id);
  off = put_attr_header (out, TRIBUNE_STUN_HEADER_LEN, ATTR_USERNAME, (guint16) ulen);
  memcpy (out + off, remote_ufrag, rlen);
  out[off + rlen] = ':';
  memcpy (out + off + rlen + 1, local_ufrag, llen);
  off += ulen;
  while (off & 3)
    out[off++] = 0;

  off = put_attr_header (out, off, ATTR_PRIORITY, 4);
  wr32 (out + off, priority);
  off += 4;
  off = put_attr_header (out, off, controlling ? ATTR_ICE_CONTROLLING : ATTR_ICE_CONTROLLED,
                         8);
  wr32 (out + off, (guint32) (tie_breaker >> 32));
  wr32 (out + off + 4, (guint32) tie_breaker);
  off += 8;
  if (use_candidate)
    off = put_attr_header (out, off, ATTR_USE_CANDIDATE, 0);
  return finish_message (out, off, remote_password);
}
