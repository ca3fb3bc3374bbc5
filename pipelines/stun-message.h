/* stun-message.h — the few STUN messages (RFC 8489) that ICE connectivity checks need
 * (RFC 8445 §7.2): parse and check a Binding request, build its success response, and
 * build a Binding request of our own (the load client checks as a full ICE agent).
 *
 * Only what checks use: USERNAME, MESSAGE-INTEGRITY (HMAC-SHA1, short-term credentials:
 * the key is the password as is), FINGERPRINT (CRC-32 xor 0x5354554e), XOR-MAPPED-ADDRESS,
 * PRIORITY, USE-CANDIDATE, ICE-CONTROLLING / ICE-CONTROLLED. Anything else is skipped
 * (comprehension-optional) or, when comprehension-required and unknown, reported.
 *
 * Pure functions on byte buffers; any thread; no allocation.
 */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <sys/socket.h>

G_BEGIN_DECLS

#define TRIBUNE_STUN_HEADER_LEN 20
#define TRIBUNE_STUN_MAX_LEN 548      /* what we build fits; what we read may be longer */

typedef enum {
  TRIBUNE_STUN_NOT_STUN,          /* not a STUN message at all (RTP, DTLS, garbage) */
  TRIBUNE_STUN_BINDING_REQUEST,
  TRIBUNE_STUN_BINDING_SUCCESS,
  TRIBUNE_STUN_BINDING_ERROR,
  TRIBUNE_STUN_BINDING_INDICATION,
  TRIBUNE_STUN_OTHER,             /* well-formed STUN, another method or class */
} TribuneStunKind;

typedef struct {
  TribuneStunKind kind;
  guint8 transaction_id[12];
  const gchar *username;          /* points into the message; NOT NUL-terminated */
  gsize username_len;
  guint32 priority;               /* 0: absent */
  gboolean use_candidate;
  gboolean ice_controlling, ice_controlled;
  guint64 tie_breaker;
  gboolean has_integrity, has_fingerprint;
  gsize integrity_offset;         /* offset of the MESSAGE-INTEGRITY attribute header */
  gboolean has_xor_mapped;        /* for responses */
  struct sockaddr_storage xor_mapped;
  guint16 unknown_required;       /* first unknown comprehension-required attribute
                                   * type (< 0x8000), 0: none; the message still parses */
} TribuneStunMessage;

/* Classify and parse @data. Returns FALSE for anything that is not well-formed STUN
 * (kind then says NOT_STUN); a wrong FINGERPRINT also returns FALSE. The first byte
 * of STUN is 0..3 (RFC 7983 demultiplexing), which callers can test before calling. */
gboolean tribune_stun_parse (const guint8 *data, gsize len, TribuneStunMessage *out);

/* TRUE if the message carries MESSAGE-INTEGRITY and it verifies with @password. */
gboolean tribune_stun_check_integrity (const guint8 *data, gsize len,
                                       const TribuneStunMessage *msg,
                                       const gchar *password);

/* TRUE if the USERNAME is "<local_ufrag>:<anything>" (a check addressed to us). */
gboolean tribune_stun_username_is_for (const TribuneStunMessage *msg,
                                       const gchar *local_ufrag);

/* Build a Binding success response to @request: XOR-MAPPED-ADDRESS = @from (IPv4 or
 * IPv6, v4-mapped IPv6 written as IPv4), MESSAGE-INTEGRITY with @password, FINGERPRINT.
 * Writes into @out (at least TRIBUNE_STUN_MAX_LEN bytes); returns the length. */
gsize tribune_stun_build_binding_success (const TribuneStunMessage *request,
                                          const struct sockaddr *from, socklen_t from_len,
                                          const gchar *password, guint8 *out);

/* Build a Binding request: USERNAME "@remote_ufrag:@local_ufrag", PRIORITY, ICE-CONTROLLING
 * (with @tie_breaker) or ICE-CONTROLLED, USE-CANDIDATE if @use_candidate, MESSAGE-INTEGRITY
 * with @remote_password, FINGERPRINT. @transaction_id: 12 bytes, the caller's random.
 * Returns the length written into @out (at least TRIBUNE_STUN_MAX_LEN bytes), or 0 if
 * the two ufrags are too long for TRIBUNE_STUN_MAX_LEN (the remote one is the peer's). */
gsize tribune_stun_build_binding_request (const guint8 transaction_id[12],
                                          const gchar *remote_ufrag,
                                          const gchar *local_ufrag,
                                          const gchar *remote_password,
                                          guint32 priority, gboolean controlling,
                                          guint64 tie_breaker, gboolean use_candidate,
                                          guint8 *out);

G_END_DECLS
