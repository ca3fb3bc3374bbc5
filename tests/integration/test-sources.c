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

static void
test_rtsp (void)
{
  GstRTSPServer *rtsp = gst_rtsp_server_new ();
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();
  g_autofree gchar *launch = g_strdup_printf ("( %s ! rtph264pay name=pay0 pt=96 )", encoder);
  g_autofree gchar *config = NULL;
  TestServer *server;
  TestPeer *viewer;
  guint source_id;

  gst_rtsp_server_set_address (rtsp, "127.0.0.1");
  gst_rtsp_server_set_service (rtsp, "0");
  gst_rtsp_media_factory_set_launch (factory, launch);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  gst_rtsp_mount_points_add_factory (gst_rtsp_server_get_mount_points (rtsp), "/cam", factory);
  g_object_unref (gst_rtsp_server_get_mount_points (rtsp));   /* the getter added a ref */
  source_id = gst_rtsp_server_attach (rtsp, NULL);
  g_assert_cmpuint (source_id, >, 0);

  config = g_strdup_printf (
      "[server]\nport = 0\nice_addresses = 127.0.0.1\n"
      "[room cam]\ntitle = Camera\nsource = rtsp\nurl = rtsp://127.0.0.1:%d/cam\n"
      "width = 320\nheight = 240\nframerate = 15\nvideo_kbps = 300\n",
      gst_rtsp_server_get_bound_port (rtsp));
  server = test_server_start (config);
  viewer = test_whep_viewer_new (server, "cam");
  g_assert_cmpuint (test_peer_connect (viewer), ==, 201);
  g_assert_true (test_peer_wait_colour (viewer, GREEN_RGB, TOLERANCE, test_ms (15000)));

  /* The camera goes away: slate. */
  g_source_remove (source_id);
  {
    /* Close every client session so the stream really stops. */
    GList *clients = gst_rtsp_server_client_filter (rtsp, NULL, NULL);
    for (GList *l = clients; l; l = l->next)
      gst_rtsp_client_close (l->data);
    g_list_free_full (clients, g_object_unref);
  }
  g_assert_true (test_peer_wait_colour (viewer, SLATE_RGB, TOLERANCE, test_ms (12000)));

  test_peer_free (viewer, TRUE);
  test_server_stop (server);
  g_object_unref (rtsp);
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
