/* app.c — see app.h. */
#include "app.h"
#include "demo-meeting.h"
#include "hls-fast.h"
#include "meeting-runtime.h"
#include "resources.h"
#include "tribune-error.h"
#include "tribune-build.h"

#include <errno.h>
#include <gio/gio.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <gst/gst.h>

TribuneApp *
tribune_app_new (TribuneConfig *config, GError **error)
{
  TribuneApp *app = g_new0 (TribuneApp, 1);
  g_autofree gchar *db_path = g_build_filename (config->data_dir, "tribune.db", NULL);

  app->config = config;
  app->started_us = g_get_monotonic_time ();
  g_mkdir_with_parents (config->data_dir, 0750);
  app->store = tribune_store_open (db_path, error);
  if (app->store == NULL) {
    g_prefix_error (error, "%s: ", db_path);
    g_free (app);
    return NULL;
  }
  {
    g_autofree gchar *recordings = g_build_filename (config->data_dir, "recordings", NULL);
    g_autofree gchar *clips = g_build_filename (config->data_dir, "cache", "clips", NULL);

    app->recorder = tribune_recorder_new (app->store, recordings);
    tribune_recorder_set_limits (app->recorder,
                                 (guint64) config->recording_min_free_mb << 20,
                                 (guint64) config->recordings_max_mb << 20);
    app->clips = tribune_clips_new (clips);
  }
  /* The DTLS elements make one certificate per process, when the first one is created:
   * do it now rather than during the first viewer's POST (measured: the first answer took
   * 280–480 ms instead of ~16 ms). */
  {
    GstElement *dtls = gst_element_factory_make ("dtlsdec", NULL);
    if (dtls)
      gst_object_unref (gst_object_ref_sink (dtls));
  }
  app->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) tribune_room_free);
  app->room_order = g_ptr_array_new ();
  for (guint i = 0; i < config->rooms->len; i++) {
    const TribuneRoomConfig *rc = g_ptr_array_index (config->rooms, i);
    TribuneRoom *room = tribune_room_new (rc, config, error);

    if (room == NULL || !tribune_room_start (room, error)) {
      tribune_room_free (room);
      tribune_app_free (app);
      return NULL;
    }
    g_hash_table_insert (app->rooms, rc->id, room);
    g_ptr_array_add (app->room_order, room);
  }
  /* Pages per room that follow the meeting live; a room page and a chair console each
   * hold one. Capped like viewers, so the cap on connections is predictable. */
  app->events = tribune_event_hub_new (MAX (64u, 2 * config->max_viewers));
  app->question_limit = tribune_questions_ask_limit ();
  app->vote_limit = tribune_questions_vote_limit ();
  /* Asking to speak: 3 requests per client per 10 minutes. */
  app->speaker_limit = tribune_rate_limit_new (3, 10 * 60 * G_USEC_PER_SEC);
  app->server = soup_server_new ("server-header", "tribune/" TRIBUNE_VERSION " ", NULL);
  tribune_http_router_attach (app);
  tribune_demo_meeting_seed (app);
  tribune_meeting_runtime_resume (app);
  return app;
}

/* The listening socket for the HLS fast path: bound and listening, non-blocking. */
static gint
listen_socket (GSocketAddress *address, GError **error)
{
  g_autoptr (GSocket) socket = g_socket_new (g_socket_address_get_family (address),
                                             G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                             error);
  gint fd;

  if (socket == NULL)
    return -1;
  /* Thousands of HLS players may connect at once (the kernel caps it at somaxconn). */
  g_socket_set_listen_backlog (socket, 4096);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return -1;
  fd = dup (g_socket_get_fd (socket));   /* keeps O_NONBLOCK; the GSocket closes its own */
  if (fd < 0)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG, "cannot listen: %s",
                 g_strerror (errno));
  return fd;
}

gboolean
tribune_app_listen (TribuneApp *app, GError **error)
{
  g_autoptr (GSocketAddress) address =
    g_inet_socket_address_new_from_string (app->config->bind_address, app->config->port);
  GSList *uris;

  if (address == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "[server] bind '%s' is not an IP address", app->config->bind_address);
    return FALSE;
  }
  if (app->config->hls_threads > 0) {
    /* Our threads accept every connection; libsoup gets all but HLS (hls-fast.h). */
    gint fd = listen_socket (address, error);
    struct sockaddr_storage bound;
    socklen_t len = sizeof bound;

    if (fd < 0)
      return FALSE;
    if (getsockname (fd, (struct sockaddr *) &bound, &len) == 0)
      app->port = ntohs (bound.ss_family == AF_INET6
                         ? ((struct sockaddr_in6 *) &bound)->sin6_port
                         : ((struct sockaddr_in *) &bound)->sin_port);
    app->hls_fast = tribune_hls_fast_new (app, fd, app->config->hls_threads, error);
    if (app->hls_fast == NULL)
      return FALSE;
    /* libsoup keeps a connection alive after a request only while it has a listener of
     * its own (soup-server.c request_finished); without one, every page and API call
     * handed to it would cost a new connection. So it gets one it never needs: an
     * ephemeral port on 127.0.0.1 serving the same application. */
    return soup_server_listen_local (app->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error);
  }
  if (!soup_server_listen (app->server, address, 0, error))
    return FALSE;
  uris = soup_server_get_uris (app->server);
  if (uris)
    app->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

TribuneRoom *
tribune_app_find_room (TribuneApp *app, const gchar *id)
{
  return id ? g_hash_table_lookup (app->rooms, id) : NULL;
}

void
tribune_app_free (TribuneApp *app)
{
  if (app == NULL)
    return;
  /* The fast path first: its threads read the rooms. */
  g_clear_pointer (&app->hls_fast, tribune_hls_fast_free);
  if (app->server) {
    soup_server_disconnect (app->server);
    g_object_unref (app->server);
  }
  /* After the server: disconnecting it finishes the open event streams, which the hub
   * hears about. */
  tribune_event_hub_free (app->events);
  tribune_rate_limit_free (app->question_limit);
  tribune_rate_limit_free (app->vote_limit);
  tribune_rate_limit_free (app->speaker_limit);
  if (app->speaker_clock)
    g_source_remove (app->speaker_clock);
  g_ptr_array_unref (app->room_order);
  g_hash_table_unref (app->rooms);
  /* After the rooms: their HLS writers hand the recorder their last segment as they
   * stop. Before the store, which both use. */
  tribune_recorder_free (app->recorder);
  tribune_clips_free (app->clips);
  tribune_store_close (app->store);
  g_free (app);
}
