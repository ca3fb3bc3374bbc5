/* test-sources.c — the room's own network sources: an SRT caller pushing to the room's
 * SRT listener, and an RTSP camera the room pulls from. Each test sees the source's
 * picture reach a WHEP viewer, the slate when the source goes away, and the picture
 * again when it comes back, without the viewer reconnecting. */
#include "harness.h"

#include <gst/rtsp-server/rtsp-server.h>

#define SLATE_RGB 0x1d3557
#define GREEN_RGB 0x30c040
#define TOLERANCE 40

static const char encoder[] =
  "videotestsrc is-live=true pattern=solid-color foreground-color=0xff30c040"
  " ! video/x-raw,width=320,height=240,framerate=15/1"
  " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=300";

static guint
free_udp_port (void)
{
  g_autoptr (GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                        G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, any, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static GstElement *
start_srt_caller (guint port)
{
  g_autofree gchar *launch = g_strdup_printf (
      "%s ! h264parse config-interval=-1 ! mpegtsmux alignment=7"
      " ! srtsink uri=srt://127.0.0.1:%u?mode=caller latency=100", encoder, port);
  g_autoptr (GError) error = NULL;
  GstElement *p = gst_parse_launch (launch, &error);

  g_assert_no_error (error);
  gst_element_set_state (p, GST_STATE_PLAYING);
  return p;
}

static void
stop_pipeline (GstElement *p)
{
  gst_element_set_state (p, GST_STATE_NULL);
  gst_object_unref (p);
}

static void
test_srt (void)
{
  guint port = free_udp_port ();
  g_autofree gchar *config = g_strdup_printf (
      "[server]\nport = 0\nice_addresses = 127.0.0.1\n"
      "[room srt]\ntitle = SRT\nsource = srt\nsrt_port = %u\n"
      "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 300\n", port);
  TestServer *server = test_server_start (config);
  TestPeer *viewer = test_whep_viewer_new (server, "srt");
  GstElement *caller;

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_true (test_peer_wait_colour (viewer, SLATE_RGB, TOLERANCE, test_ms (10000)));

  caller = start_srt_caller (port);
  g_assert_true (test_peer_wait_colour (viewer, GREEN_RGB, TOLERANCE, test_ms (15000)));
  stop_pipeline (caller);
  g_assert_true (test_peer_wait_colour (viewer, SLATE_RGB, TOLERANCE, test_ms (3000)));

  /* The listener takes the next caller (the encoder in the hall restarted). */
  caller = start_srt_caller (port);
  g_assert_true (test_peer_wait_colour (viewer, GREEN_RGB, TOLERANCE, test_ms (20000)));
  stop_pipeline (caller);

  test_peer_free (viewer, TRUE);
  test_server_stop (server);
}

/* The RTSP camera runs in its own thread with its own main context, as a real camera
 * would: it answers whatever the test's main thread is doing (blocked reading the
 * server's first line, say). When it was served from the test's main context, the
 * server's start could wait on a camera nobody was serving — a test run that hung, once
 * in about sixteen. */
typedef struct {
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  GstRTSPServer *server;
  guint source_id;
  gint port;              /* set by the thread once it serves */
  gint stopped;           /* set by the thread once it closed every client */
} Camera;

static gpointer
camera_thread (gpointer user_data)
{
  Camera *c = user_data;
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  GstRTSPMountPoints *mounts;
  g_autofree gchar *launch = g_strdup_printf ("( %s ! rtph264pay name=pay0 pt=96 )", encoder);

  g_main_context_push_thread_default (c->context);
  c->server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (c->server, "127.0.0.1");
  gst_rtsp_server_set_service (c->server, "0");
  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  mounts = gst_rtsp_server_get_mount_points (c->server);
  gst_rtsp_mount_points_add_factory (mounts, "/cam", factory);
  g_object_unref (mounts);
  c->source_id = gst_rtsp_server_attach (c->server, c->context);
  g_atomic_int_set (&c->port, gst_rtsp_server_get_bound_port (c->server));
  g_main_loop_run (c->loop);
  g_object_unref (c->server);
  g_main_context_pop_thread_default (c->context);
  return NULL;
}

static Camera *
camera_start (void)
{
  Camera *c = g_new0 (Camera, 1);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  c->context = g_main_context_new ();
  c->loop = g_main_loop_new (c->context, FALSE);
  c->thread = g_thread_new ("camera", camera_thread, c);
  while (g_atomic_int_get (&c->port) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpint (g_atomic_int_get (&c->port), >, 0);
  return c;
}

/* Camera thread: stop listening and close every client session, so the stream stops. */
static gboolean
camera_unplug_cb (gpointer user_data)
{
  Camera *c = user_data;
  GList *clients = gst_rtsp_server_client_filter (c->server, NULL, NULL);

  g_source_destroy (g_main_context_find_source_by_id (c->context, c->source_id));
  for (GList *l = clients; l; l = l->next)
    gst_rtsp_client_close (l->data);
  g_list_free_full (clients, g_object_unref);
  g_atomic_int_set (&c->stopped, 1);
  return G_SOURCE_REMOVE;
}

static void
camera_unplug (Camera *c)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_main_context_invoke (c->context, camera_unplug_cb, c);
  while (!g_atomic_int_get (&c->stopped) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_true (g_atomic_int_get (&c->stopped));
}

static void
camera_free (Camera *c)
{
  g_main_loop_quit (c->loop);
  g_thread_join (c->thread);
  g_main_loop_unref (c->loop);
  g_main_context_unref (c->context);
  g_free (c);
}

static void
test_rtsp (void)
{
  Camera *camera = camera_start ();
  g_autofree gchar *config = g_strdup_printf (
      "[server]\nport = 0\nice_addresses = 127.0.0.1\n"
      "[room cam]\ntitle = Camera\nsource = rtsp\nurl = rtsp://127.0.0.1:%d/cam\n"
      "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 300\n",
      g_atomic_int_get (&camera->port));
  TestServer *server = test_server_start (config);
  TestPeer *viewer = test_whep_viewer_new (server, "cam");

  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_true (test_peer_wait_colour (viewer, GREEN_RGB, TOLERANCE, test_ms (15000)));

  /* The camera goes away: slate. */
  camera_unplug (camera);
  g_assert_true (test_peer_wait_colour (viewer, SLATE_RGB, TOLERANCE, test_ms (12000)));

  test_peer_free (viewer, TRUE);
  test_server_stop (server);
  camera_free (camera);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/sources/srt", test_srt);
  g_test_add_func ("/sources/rtsp", test_rtsp);
  return test_run ();
}
