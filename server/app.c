/* app.c — see app.h. */
#include "app.h"
#include "demo-meeting.h"
#include "meeting-runtime.h"
#include "resources.h"
#include "tribune-error.h"
#include "tribune-build.h"

#include <gio/gio.h>
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
