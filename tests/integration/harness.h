/* harness.h — integration test harness: the real tribune binary on a free loopback
 * port, plain HTTP requests, and WebRTC clients (a WHEP viewer that decodes frames and a
 * WHIP publisher) built on webrtcbin, as an independent peer would be. */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess *process;
  gchar *data_dir;
  gboolean owns_data_dir;   /* made by the harness: removed when the server is freed */
  gchar *config_path;
  gchar *base_url;          /* http://127.0.0.1:PORT */
  guint port;
  GString *log;             /* stderr of the server, collected */
} TestServer;

/* Start build/tribune (TRIBUNE_BIN overrides) with @config_text written to a temp file.
 * Waits for the "listening" line. */
TestServer *test_server_start (const gchar *config_text);
/* The same on @data_dir, which the caller owns: it outlives the server (restarts after a
 * kill on the same data). */
TestServer *test_server_start_in (const gchar *config_text, const gchar *data_dir);
/* SIGTERM, wait; asserts a clean exit (0) unless it was killed on purpose. */
void test_server_stop (TestServer *server);
void test_server_kill (TestServer *server);

typedef struct {
  guint status;
  gchar *body;                   /* NUL-terminated; body_len bytes of it are the body */
  gsize body_len;
  SoupMessageHeaders *headers;   /* response headers */
} TestResponse;

TestResponse *test_http (TestServer *server, const gchar *method, const gchar *path,
                         const gchar *content_type, const gchar *body, gssize body_len,
                         const gchar *const *extra_headers /* "Name", "value", ..., NULL */);
void test_response_free (TestResponse *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestResponse, test_response_free)

/* ---- WebRTC peers ---- */
typedef struct _TestPeer TestPeer;

/* A receive-only WHEP viewer. Decoded frames are counted and the mean colour of the
 * top centre (x = w/2, y = h/8) of the latest frame is kept. */
TestPeer *test_whep_viewer_new (TestServer *server, const gchar *room);
/* A WHIP publisher sending a solid colour (0xRRGGBB) and a tone. */
TestPeer *test_whip_publisher_new (TestServer *server, const gchar *room, const gchar *key,
                                   guint32 rgb);
/* The same with a tone of @freq Hz (the default is 660). */
TestPeer *test_whip_publisher_new_tone (TestServer *server, const gchar *room,
                                        const gchar *key, guint32 rgb, guint freq);
/* A viewer's received sound: the level of @freq Hz over the last half second, in dB
 * relative to a full-scale sine (silence ≈ −100), and samples received so far. */
gdouble test_peer_tone_db (TestPeer *peer, gdouble freq);
guint64 test_peer_audio_samples (TestPeer *peer);
/* Send "Authorization: Bearer @key" with the offer (a participant's invite token). */
void test_peer_set_key (TestPeer *peer, const gchar *key);
/* Offer → POST → answer. Returns the HTTP status (201 on success). */
guint test_peer_connect (TestPeer *peer);
const gchar *test_peer_location (TestPeer *peer);
/* The server's SDP answer, after a 201. */
const gchar *test_peer_answer (TestPeer *peer);
/* Iterate the default main context until @frames decoded frames or @timeout_ms. */
gboolean test_peer_wait_frames (TestPeer *peer, guint frames, guint timeout_ms);
guint test_peer_frames (TestPeer *peer);
/* Mean RGB of the centre of the last decoded frame. */
void test_peer_centre_rgb (TestPeer *peer, guint8 *r, guint8 *g, guint8 *b);
/* Wait until the centre colour is within @tolerance of 0xRRGGBB. */
gboolean test_peer_wait_colour (TestPeer *peer, guint32 rgb, guint tolerance,
                                guint timeout_ms);
/* Stop media abruptly (a camera that drops out): no DELETE. */
void test_peer_stop_media (TestPeer *peer);
/* DELETE the session, then free. */
void test_peer_free (TestPeer *peer, gboolean send_delete);

/* `tribune user add NAME --role ROLE --data <server's data dir>` with @password on stdin,
 * then POST /api/session; returns the token (transfer full). */
gchar *test_login_new_user (TestServer *server, const gchar *name, const gchar *role,
                            const gchar *password);

void test_spin (guint ms);
/* @ms scaled by TRIBUNE_TEST_SLOWDOWN (set for sanitizer builds, which run the same
 * media work several times slower). Use it for every "within N ms" expectation. */
guint test_ms (guint ms);

/* ---- a raw event-stream reader, as an EventSource is: one GET, read as it comes ---- */
typedef struct {
  GSocketConnection *conn;
  GString *seen;          /* everything read so far, chunk framing included */
} TestEvents;

/* GET @path (e.g. /api/rooms/demo/events); @cookie: a session token sent as the
 * tribune_session cookie, or NULL. */
TestEvents *test_events_open (TestServer *server, const gchar *path, const gchar *cookie);
/* Read until @text has arrived after @from (an offset into everything seen). Returns the
 * offset just past it, or -1 after @timeout_ms or when the server closed the stream. */
gssize test_events_wait (TestEvents *events, gsize from, const gchar *text,
                         guint timeout_ms);
void test_events_close (TestEvents *events);

/* Mean RGB of block (@bx, @by) of the first frame of @room's newest HLS segment, the
 * picture scaled to 32×18 blocks (ffmpeg). FALSE if there is no segment yet. */
gboolean test_hls_frame_block (TestServer *server, const gchar *room, guint bx, guint by,
                               guint8 rgb[3]);

/* g_test_run (), then gst_deinit (): GStreamer's pooled streaming threads end, and with
 * them the per-thread OpenSSL state (error queue, random generator) the DTLS elements
 * made, before LeakSanitizer looks at the heap. Without it a thread that is still
 * parked in the pool at exit reports that state as leaked, now and then. */
int test_run (void);

G_END_DECLS
