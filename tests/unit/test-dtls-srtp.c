/* test-dtls-srtp.c — DTLS-SRTP between two endpoints in one process (pipelines/dtls-srtp.c).
 *
 * A server endpoint (us, a=setup:passive) and a client endpoint (the browser's side) are
 * wired through their send callbacks into one queue per direction; pump() delivers until
 * both queues are empty. Each side has its own identity, so a fingerprint check that
 * compared the wrong certificate would fail here.
 */
#include "dtls-srtp.h"

#include <string.h>

#define MTU 1200
#define RTP_HEADER 12

typedef struct {
  GQueue datagrams;             /* GBytes sent by one side, not yet delivered */
  guint sent;                   /* datagrams given to send, dropped ones included */
  gboolean drop;                /* lose what this side sends while TRUE */
} Wire;

typedef struct {
  TribuneDtlsIdentity *server_id, *client_id;
  Wire from_server, from_client;
  TribuneDtlsSrtp *server, *client;
} Fixture;

/* Every datagram must fit the MTU and hold whole DTLS records (RFC 6347 §4.1). */
static void
on_send (const guint8 *data, gsize len, gpointer user_data)
{
  Wire *wire = user_data;
  gsize pos = 0;

  g_assert_cmpuint (len, >, 0);
  g_assert_cmpuint (len, <=, MTU);
  while (pos < len) {
    g_assert_cmpuint (len - pos, >=, 13);
    g_assert_cmpuint (data[pos], >=, 20);         /* content type: RFC 7983 demux range */
    g_assert_cmpuint (data[pos], <=, 63);
    pos += 13 + ((gsize) data[pos + 11] << 8 | data[pos + 12]);
  }
  g_assert_cmpuint (pos, ==, len);

  wire->sent++;
  if (!wire->drop)
    g_queue_push_tail (&wire->datagrams, g_bytes_new (data, len));
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->server_id = tribune_dtls_identity_new (&error);
  g_assert_no_error (error);
  f->client_id = tribune_dtls_identity_new (&error);
  g_assert_no_error (error);
  g_queue_init (&f->from_server.datagrams);
  g_queue_init (&f->from_client.datagrams);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  tribune_dtls_srtp_free (f->server);
  tribune_dtls_srtp_free (f->client);
  g_queue_clear_full (&f->from_server.datagrams, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&f->from_client.datagrams, (GDestroyNotify) g_bytes_unref);
  tribune_dtls_identity_free (f->server_id);
  tribune_dtls_identity_free (f->client_id);
}

/* Each side is told the fingerprint it expects from the other. */
static void
make_pair (Fixture *f, const gchar *server_expects, const gchar *client_expects)
{
  f->server = tribune_dtls_srtp_new (f->server_id, TRIBUNE_DTLS_SERVER, server_expects,
                                     on_send, &f->from_server);
  f->client = tribune_dtls_srtp_new (f->client_id, TRIBUNE_DTLS_CLIENT, client_expects,
                                     on_send, &f->from_client);
}

static void
make_matching_pair (Fixture *f)
{
  make_pair (f, tribune_dtls_identity_fingerprint (f->client_id),
             tribune_dtls_identity_fingerprint (f->server_id));
}

/* Delivers queued datagrams both ways until nobody has anything more to say. */
static void
pump (Fixture *f)
{
  for (guint round = 0; round < 100; round++) {
    GBytes *to_client = g_queue_pop_head (&f->from_server.datagrams);
    GBytes *to_server = g_queue_pop_head (&f->from_client.datagrams);

    if (to_client == NULL && to_server == NULL)
      return;
    if (to_client) {
      tribune_dtls_srtp_receive (f->client, g_bytes_get_data (to_client, NULL),
                                 g_bytes_get_size (to_client));
      g_bytes_unref (to_client);
    }
    if (to_server) {
      tribune_dtls_srtp_receive (f->server, g_bytes_get_data (to_server, NULL),
                                 g_bytes_get_size (to_server));
      g_bytes_unref (to_server);
    }
  }
  g_assert_not_reached ();
}

static void
connect_pair (Fixture *f)
{
  make_matching_pair (f);
  tribune_dtls_srtp_start (f->server);
  tribune_dtls_srtp_start (f->client);
  pump (f);
  g_assert_cmpstr (tribune_dtls_srtp_get_error (f->server), ==, NULL);
  g_assert_cmpstr (tribune_dtls_srtp_get_error (f->client), ==, NULL);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
}

/* An RTP packet of @len bytes: V=2, PT 96, then a payload pattern. */
static void
make_rtp (guint8 *packet, gsize len, guint16 seq, guint32 ssrc)
{
  packet[0] = 0x80;
  packet[1] = 96;
  packet[2] = seq >> 8;
  packet[3] = seq & 0xff;
  packet[4] = packet[5] = packet[6] = 0;
  packet[7] = seq & 0xff;                 /* timestamp */
  packet[8] = ssrc >> 24;
  packet[9] = ssrc >> 16;
  packet[10] = ssrc >> 8;
  packet[11] = ssrc & 0xff;
  for (gsize i = RTP_HEADER; i < len; i++)
    packet[i] = (guint8) (i * 7 + seq);
}

/* A receiver report with one report block (RFC 3550 §6.4.2): 32 bytes. */
static gsize
make_rtcp_rr (guint8 *packet, guint32 ssrc)
{
  memset (packet, 0, 32);
  packet[0] = 0x81;                       /* V=2, RC=1 */
  packet[1] = 201;
  packet[3] = 7;                          /* length in words minus one */
  packet[4] = ssrc >> 24;
  packet[5] = ssrc >> 16;
  packet[6] = ssrc >> 8;
  packet[7] = ssrc & 0xff;
  packet[8] = 0x12;                       /* the reported SSRC */
  packet[12] = 5;                         /* fraction lost */
  packet[19] = 42;                        /* highest sequence number */
  return 32;
}

/* ---- identity --------------------------------------------------------------------- */

static void
test_identity_fingerprint (Fixture *f, gconstpointer data)
{
  const gchar *a = tribune_dtls_identity_fingerprint (f->server_id);
  const gchar *b = tribune_dtls_identity_fingerprint (f->client_id);

  g_assert_true (g_regex_match_simple ("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", a, 0, 0));
  g_assert_true (g_regex_match_simple ("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", b, 0, 0));
  g_assert_cmpstr (a, !=, b);
}

/* ---- handshake -------------------------------------------------------------------- */

static void
test_handshake (Fixture *f, gconstpointer data)
{
  make_matching_pair (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_HANDSHAKING);
  g_assert_null (tribune_dtls_srtp_get_profile (f->server));

  /* The server waits for the ClientHello. */
  tribune_dtls_srtp_start (f->server);
  g_assert_cmpuint (f->from_server.sent, ==, 0);
  g_assert_cmpint (tribune_dtls_srtp_timeout_ms (f->server), ==, -1);
  tribune_dtls_srtp_start (f->client);
  g_assert_cmpuint (f->from_client.sent, ==, 1);
  /* The client retransmits its ClientHello if nothing comes back (RFC 6347: 1 s). */
  g_assert_cmpint (tribune_dtls_srtp_timeout_ms (f->client), >, 0);
  g_assert_cmpint (tribune_dtls_srtp_timeout_ms (f->client), <=, 1000);

  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
  /* GCM is preferred and both offer it. */
  g_assert_cmpstr (tribune_dtls_srtp_get_profile (f->server), ==, "AEAD_AES_128_GCM");
  g_assert_cmpstr (tribune_dtls_srtp_get_profile (f->client), ==, "AEAD_AES_128_GCM");
  g_assert_null (tribune_dtls_srtp_get_error (f->server));
  g_assert_null (tribune_dtls_srtp_get_error (f->client));
  /* Full handshake: ClientHello, the server's flight, the client's flight, the server's
   * Finished; each flight fits one datagram with an ECDSA certificate. */
  g_assert_cmpuint (f->from_client.sent, ==, 2);
  g_assert_cmpuint (f->from_server.sent, ==, 2);
  g_assert_cmpint (tribune_dtls_srtp_timeout_ms (f->client), ==, -1);
}

static void
test_fingerprint_any_case (Fixture *f, gconstpointer data)
{
  g_autofree gchar *lower = g_ascii_strdown (tribune_dtls_identity_fingerprint (f->client_id), -1);
  g_autofree gchar *upper = g_ascii_strup (tribune_dtls_identity_fingerprint (f->server_id), -1);

  make_pair (f, lower, upper);            /* "sha-256 ab:…" and "SHA-256 AB:…" */
  tribune_dtls_srtp_start (f->client);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
}

static void
test_fingerprint_none (Fixture *f, gconstpointer data)
{
  make_pair (f, NULL, NULL);
  tribune_dtls_srtp_start (f->client);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
}

/* The browser's SDP said another certificate than the one it presents. */
static void
test_fingerprint_wrong_client (Fixture *f, gconstpointer data)
{
  /* The server expects its own fingerprint: well-formed, but not the client's. */
  make_pair (f, tribune_dtls_identity_fingerprint (f->server_id),
             tribune_dtls_identity_fingerprint (f->server_id));
  tribune_dtls_srtp_start (f->client);
  pump (f);

  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_FAILED);
  g_assert_nonnull (strstr (tribune_dtls_srtp_get_error (f->server), "fingerprint"));
  g_assert_nonnull (strstr (tribune_dtls_srtp_get_error (f->server),
                            tribune_dtls_identity_fingerprint (f->server_id) + 8));
  g_assert_null (tribune_dtls_srtp_get_profile (f->server));
  /* The alert tells the client at once. */
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_FAILED);
  g_assert_nonnull (tribune_dtls_srtp_get_error (f->client));
}

static void
test_fingerprint_wrong_server (Fixture *f, gconstpointer data)
{
  guint8 packet[200 + TRIBUNE_SRTP_MAX_TRAILER];

  make_pair (f, tribune_dtls_identity_fingerprint (f->client_id),
             tribune_dtls_identity_fingerprint (f->client_id));
  tribune_dtls_srtp_start (f->client);
  pump (f);

  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_FAILED);
  g_assert_nonnull (strstr (tribune_dtls_srtp_get_error (f->client), "fingerprint"));
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_FAILED);
  /* No keys: nothing is protected. */
  make_rtp (packet, 200, 1, 0x1234);
  g_assert_cmpuint (tribune_dtls_srtp_protect_rtp (f->server, packet, 200), ==, 0);
  g_assert_cmpuint (tribune_dtls_srtp_protect_rtp (f->client, packet, 200), ==, 0);
}

/* RFC 8122 allows other hash functions. The failure message tells the client's SHA-512
 * fingerprint; given that, the handshake succeeds. */
static void
test_fingerprint_sha512 (Fixture *f, gconstpointer data)
{
  g_autofree gchar *wrong = g_strconcat ("sha-512 ", "00", NULL);
  g_autofree gchar *right = NULL;
  const gchar *error, *has;

  for (guint i = 1; i < 64; i++) {
    g_autofree gchar *longer = g_strconcat (wrong, ":00", NULL);

    g_free (wrong);
    wrong = g_steal_pointer (&longer);
  }
  make_pair (f, wrong, NULL);
  tribune_dtls_srtp_start (f->client);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_FAILED);
  error = tribune_dtls_srtp_get_error (f->server);
  g_assert_nonnull (strstr (error, "sha-512 00:00"));
  has = strstr (error, "its certificate has ");
  g_assert_nonnull (has);
  right = g_strdup_printf ("SHA-512 %.*s", 64 * 3 - 1, has + strlen ("its certificate has "));

  tribune_dtls_srtp_free (f->server);
  tribune_dtls_srtp_free (f->client);
  make_pair (f, right, NULL);
  tribune_dtls_srtp_start (f->client);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
}

static void
test_fingerprint_malformed (Fixture *f, gconstpointer data)
{
  const gchar *bad[] = { "sha-256 zz:11", "sha-256", "md5 AB:CD", "", "sha-256 AB:CD",
                         "sha-256 AB:CD:", NULL };

  for (guint i = 0; bad[i]; i++) {
    TribuneDtlsSrtp *e = tribune_dtls_srtp_new (f->server_id, TRIBUNE_DTLS_CLIENT, bad[i],
                                                on_send, &f->from_client);

    g_assert_cmpint (tribune_dtls_srtp_get_state (e), ==, TRIBUNE_DTLS_FAILED);
    g_assert_nonnull (strstr (tribune_dtls_srtp_get_error (e), "fingerprint"));
    tribune_dtls_srtp_start (e);
    g_assert_cmpuint (f->from_client.sent, ==, 0);
    tribune_dtls_srtp_free (e);
  }
}

/* ---- retransmission --------------------------------------------------------------- */

static void
test_lost_flight_retransmitted (Fixture *f, gconstpointer data)
{
  GBytes *hello;
  gint ms;
  guint sent;

  make_matching_pair (f);
  tribune_dtls_srtp_start (f->client);
  hello = g_queue_pop_head (&f->from_client.datagrams);

  /* The server's whole first flight is lost. */
  f->from_server.drop = TRUE;
  tribune_dtls_srtp_receive (f->server, g_bytes_get_data (hello, NULL),
                             g_bytes_get_size (hello));
  g_bytes_unref (hello);
  f->from_server.drop = FALSE;
  sent = f->from_server.sent;
  g_assert_cmpuint (sent, >=, 1);
  g_assert_cmpuint (g_queue_get_length (&f->from_server.datagrams), ==, 0);

  /* Too early: nothing to resend. */
  ms = tribune_dtls_srtp_timeout_ms (f->server);
  g_assert_cmpint (ms, >, 0);
  g_assert_cmpint (ms, <=, 1000);
  tribune_dtls_srtp_handle_timeout (f->server);
  g_assert_cmpuint (f->from_server.sent, ==, sent);

  g_usleep ((gulong) ms * 1000 + 20000);
  g_assert_cmpint (tribune_dtls_srtp_timeout_ms (f->server), ==, 0);
  g_assert_cmpint (tribune_dtls_srtp_handle_timeout (f->server), ==,
                   TRIBUNE_DTLS_HANDSHAKING);
  g_assert_cmpuint (f->from_server.sent, >, sent);
  /* Backed off: the next retransmission waits longer. */
  g_assert_cmpint (tribune_dtls_srtp_timeout_ms (f->server), >, ms);

  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
}

/* A peer may pack a stale retransmission in front of its next flight. OpenSSL, fed the
 * datagram whole, would drop the old ClientHello and the flight behind it. */
static void
test_stale_record_packed_with_flight (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) hello = NULL;
  g_autoptr (GBytes) flight = NULL;
  g_autoptr (GByteArray) packed = g_byte_array_new ();
  GBytes *b;

  make_matching_pair (f);
  tribune_dtls_srtp_start (f->client);
  hello = g_queue_pop_head (&f->from_client.datagrams);
  tribune_dtls_srtp_receive (f->server, g_bytes_get_data (hello, NULL),
                             g_bytes_get_size (hello));
  while ((b = g_queue_pop_head (&f->from_server.datagrams)) != NULL) {
    tribune_dtls_srtp_receive (f->client, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
    g_bytes_unref (b);
  }
  g_assert_cmpuint (g_queue_get_length (&f->from_client.datagrams), ==, 1);
  flight = g_queue_pop_head (&f->from_client.datagrams);

  g_byte_array_append (packed, g_bytes_get_data (hello, NULL), g_bytes_get_size (hello));
  g_byte_array_append (packed, g_bytes_get_data (flight, NULL), g_bytes_get_size (flight));
  g_assert_cmpint (tribune_dtls_srtp_receive (f->server, packed->data, packed->len), ==,
                   TRIBUNE_DTLS_CONNECTED);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
}

/* ---- SRTP ------------------------------------------------------------------------- */

/* @from protects, @to unprotects: the bytes come back unchanged. */
static void
check_rtp_direction (TribuneDtlsSrtp *from, TribuneDtlsSrtp *to, guint32 ssrc)
{
  for (guint16 seq = 1000; seq < 1010; seq++) {
    guint8 plain[MTU], packet[MTU + TRIBUNE_SRTP_MAX_TRAILER];
    gsize len;

    make_rtp (plain, MTU, seq, ssrc);
    memcpy (packet, plain, MTU);
    len = tribune_dtls_srtp_protect_rtp (from, packet, MTU);
    g_assert_cmpuint (len, ==, MTU + 16);         /* the GCM tag */
    g_assert_cmpmem (packet, RTP_HEADER, plain, RTP_HEADER);
    g_assert_true (memcmp (packet + RTP_HEADER, plain + RTP_HEADER, 64) != 0);

    len = tribune_dtls_srtp_unprotect_rtp (to, packet, len);
    g_assert_cmpmem (packet, len, plain, MTU);
  }
}

static void
test_rtp_both_ways (Fixture *f, gconstpointer data)
{
  connect_pair (f);
  check_rtp_direction (f->server, f->client, 0x11111111);
  check_rtp_direction (f->client, f->server, 0x22222222);
}

/* Each direction has its own key: our own packet does not decrypt with the peer's key. */
static void
test_rtp_keys_per_direction (Fixture *f, gconstpointer data)
{
  guint8 packet[300 + TRIBUNE_SRTP_MAX_TRAILER];
  gsize len;

  connect_pair (f);
  make_rtp (packet, 300, 1, 0x1234);
  len = tribune_dtls_srtp_protect_rtp (f->server, packet, 300);
  g_assert_cmpuint (len, >, 300);
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->server, packet, len), ==, 0);
}

static void
test_rtcp_both_ways (Fixture *f, gconstpointer data)
{
  TribuneDtlsSrtp *sides[2][2];

  connect_pair (f);
  sides[0][0] = f->server; sides[0][1] = f->client;
  sides[1][0] = f->client; sides[1][1] = f->server;
  for (guint i = 0; i < 2; i++) {
    guint8 plain[32], packet[32 + TRIBUNE_SRTP_MAX_TRAILER];
    gsize len = make_rtcp_rr (plain, 0xabcd0000 + i);

    memcpy (packet, plain, len);
    len = tribune_dtls_srtp_protect_rtcp (sides[i][0], packet, len);
    g_assert_cmpuint (len, ==, 32 + 16 + 4);      /* the GCM tag and the SRTCP index */
    g_assert_cmpuint (len, <=, 32 + TRIBUNE_SRTP_MAX_TRAILER);
    len = tribune_dtls_srtp_unprotect_rtcp (sides[i][1], packet, len);
    g_assert_cmpmem (packet, len, plain, 32);
  }
}

static void
test_tampered (Fixture *f, gconstpointer data)
{
  guint8 plain[500], packet[500 + TRIBUNE_SRTP_MAX_TRAILER], copy[sizeof packet];
  gsize len, rtcp_len;

  connect_pair (f);
  make_rtp (plain, 500, 7, 0x1234);
  memcpy (packet, plain, 500);
  len = tribune_dtls_srtp_protect_rtp (f->server, packet, 500);
  g_assert_cmpuint (len, >, 500);

  /* A flipped bit in the payload, in the header, in the tag; a truncated packet. */
  memcpy (copy, packet, len);
  copy[100] ^= 0x01;
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, copy, len), ==, 0);
  memcpy (copy, packet, len);
  copy[3] ^= 0x01;
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, copy, len), ==, 0);
  memcpy (copy, packet, len);
  copy[len - 1] ^= 0x80;
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, copy, len), ==, 0);
  memcpy (copy, packet, len);
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, copy, len - 1), ==, 0);
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, copy, 5), ==, 0);

  /* The intact packet still decrypts (the failures left no trace), once: then a replay. */
  memcpy (copy, packet, len);
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, copy, len), ==, 500);
  memcpy (copy, packet, len);
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, copy, len), ==, 0);

  rtcp_len = make_rtcp_rr (packet, 0x5678);
  rtcp_len = tribune_dtls_srtp_protect_rtcp (f->client, packet, rtcp_len);
  g_assert_cmpuint (rtcp_len, >, 32);
  packet[10] ^= 0x04;
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtcp (f->server, packet, rtcp_len), ==, 0);
}

/* A NACKed packet goes out again with the same sequence number. */
static void
test_retransmission_protected_again (Fixture *f, gconstpointer data)
{
  guint8 first[400 + TRIBUNE_SRTP_MAX_TRAILER], again[sizeof first];
  gsize len1, len2;

  connect_pair (f);
  make_rtp (first, 400, 42, 0x1234);
  make_rtp (again, 400, 42, 0x1234);
  len1 = tribune_dtls_srtp_protect_rtp (f->server, first, 400);
  len2 = tribune_dtls_srtp_protect_rtp (f->server, again, 400);
  g_assert_cmpuint (len1, >, 400);
  g_assert_cmpmem (first, len1, again, len2);
  /* The receiver takes the copy that arrives (the original was lost). */
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->client, again, len2), ==, 400);
}

static void
test_not_connected (Fixture *f, gconstpointer data)
{
  guint8 packet[100 + TRIBUNE_SRTP_MAX_TRAILER];

  make_matching_pair (f);
  make_rtp (packet, 100, 1, 1);
  g_assert_cmpuint (tribune_dtls_srtp_protect_rtp (f->server, packet, 100), ==, 0);
  g_assert_cmpuint (tribune_dtls_srtp_protect_rtcp (f->server, packet, 100), ==, 0);
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtp (f->server, packet, 100), ==, 0);
  g_assert_cmpuint (tribune_dtls_srtp_unprotect_rtcp (f->server, packet, 100), ==, 0);
}

/* ---- the end ---------------------------------------------------------------------- */

static void
test_close (Fixture *f, gconstpointer data)
{
  guint8 packet[100 + TRIBUNE_SRTP_MAX_TRAILER];
  guint sent;

  connect_pair (f);
  sent = f->from_server.sent;
  tribune_dtls_srtp_close (f->server);
  g_assert_cmpuint (f->from_server.sent, ==, sent + 1);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CLOSED);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CLOSED);
  g_assert_null (tribune_dtls_srtp_get_error (f->client));

  make_rtp (packet, 100, 1, 1);
  g_assert_cmpuint (tribune_dtls_srtp_protect_rtp (f->server, packet, 100), ==, 0);
  g_assert_cmpuint (tribune_dtls_srtp_protect_rtp (f->client, packet, 100), ==, 0);
  /* Closing twice sends nothing more. */
  tribune_dtls_srtp_close (f->server);
  g_assert_cmpuint (f->from_server.sent, ==, sent + 1);
}

/* Random datagrams (a fixed seed: the same bytes every run) are ignored or fail the
 * endpoint; they never crash it, and a real handshake still completes after them. */
static void
feed_garbage (TribuneDtlsSrtp *endpoint, GRand *rand, guint count)
{
  for (guint i = 0; i < count; i++) {
    guint8 buf[1500];
    gsize len = g_rand_int_range (rand, 1, sizeof buf + 1);

    for (gsize j = 0; j < len; j++)
      buf[j] = g_rand_int (rand);
    if (i % 2 == 0)
      buf[0] = g_rand_int_range (rand, 20, 24);    /* a DTLS content type */
    if (i % 4 == 0 && len > 13) {
      buf[1] = 0xfe; buf[2] = 0xfd;               /* DTLS 1.2, a plausible length */
      buf[11] = (len - 13) >> 8; buf[12] = (len - 13) & 0xff;
    }
    tribune_dtls_srtp_receive (endpoint, buf, len);
  }
}

static void
test_garbage (Fixture *f, gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240601);

  make_matching_pair (f);
  feed_garbage (f->server, rand, 500);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_HANDSHAKING);

  tribune_dtls_srtp_start (f->client);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);

  feed_garbage (f->server, rand, 500);
  feed_garbage (f->client, rand, 500);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
  check_rtp_direction (f->server, f->client, 0x33333333);

  /* Garbage in the middle of a handshake. */
  tribune_dtls_srtp_free (f->server);
  tribune_dtls_srtp_free (f->client);
  make_matching_pair (f);
  tribune_dtls_srtp_start (f->client);
  feed_garbage (f->client, rand, 100);
  pump (f);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->server), ==, TRIBUNE_DTLS_CONNECTED);
  g_assert_cmpint (tribune_dtls_srtp_get_state (f->client), ==, TRIBUNE_DTLS_CONNECTED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/dtls-srtp/" path, Fixture, NULL, setup, func, teardown)
  ADD ("identity/fingerprint", test_identity_fingerprint);
  ADD ("handshake", test_handshake);
  ADD ("fingerprint/any-case", test_fingerprint_any_case);
  ADD ("fingerprint/none", test_fingerprint_none);
  ADD ("fingerprint/wrong-client", test_fingerprint_wrong_client);
  ADD ("fingerprint/wrong-server", test_fingerprint_wrong_server);
  ADD ("fingerprint/sha-512", test_fingerprint_sha512);
  ADD ("fingerprint/malformed", test_fingerprint_malformed);
  ADD ("lost-flight-retransmitted", test_lost_flight_retransmitted);
  ADD ("stale-record-packed-with-flight", test_stale_record_packed_with_flight);
  ADD ("rtp/both-ways", test_rtp_both_ways);
  ADD ("rtp/keys-per-direction", test_rtp_keys_per_direction);
  ADD ("rtcp/both-ways", test_rtcp_both_ways);
  ADD ("tampered", test_tampered);
  ADD ("nack-retransmission", test_retransmission_protected_again);
  ADD ("not-connected", test_not_connected);
  ADD ("close", test_close);
  ADD ("garbage", test_garbage);
#undef ADD

  return g_test_run ();
}
