/* room.c — see room.h.
 *
 * Ownership: the room owns everything it starts. Viewers and the publisher are freed
 * only from the main thread, after unsubscribing from the program's taps, so the
 * program's streaming threads never see a freed session.
 */
#include "room.h"
#include "room-private.h"
#include "hls-writer.h"
#include "tribune-error.h"

#define WATCHDOG_MS 250
/* A publisher with no frames for this long no longer blocks a new one (OBS reconnects,
 * a browser tab closed without DELETE). */
#define STALE_PUBLISHER_US (5 * G_USEC_PER_SEC)
#define HLS_CLIENT_WINDOW_US (15 * G_USEC_PER_SEC)

gchar *
tribune_room_new_session_id (void)
{
  g_autofree gchar *uuid = g_uuid_string_random ();
  GString *id = g_string_new (NULL);

  for (const gchar *p = uuid; *p; p++) {
    if (*p != '-')
      g_string_append_c (id, *p);
  }
  return g_string_free (id, FALSE);
}

gboolean
tribune_room_frames_recent (gint64 last_us, gint64 now)
{
  return last_us > 0 && now - last_us < TRIBUNE_ROOM_FRAME_TIMEOUT_US;
}

static gint64
bridge_last_us (TribuneBridge *b)
{
  return MAX (tribune_bridge_last_video_us (b), tribune_bridge_last_audio_us (b));
}

static gboolean
watchdog_tick (gpointer user_data)
{
  TribuneRoom *room = user_data;
  gint64 now = g_get_monotonic_time ();
  gboolean source_up = tribune_room_frames_recent (bridge_last_us (room->bridges[TRIBUNE_LAYER_SOURCE]), now);
  gboolean whip_up = room->publisher != NULL &&
    tribune_room_frames_recent (bridge_last_us (room->bridges[TRIBUNE_LAYER_WHIP]), now);
  const gchar *on_air;
  GHashTableIter iter;
  gpointer value;

  if (source_up != room->source_up || whip_up != room->whip_up) {
    tribune_program_set_layer_visible (room->program, TRIBUNE_LAYER_WHIP, whip_up, whip_up);
    tribune_program_set_layer_visible (room->program, TRIBUNE_LAYER_SOURCE, source_up,
                                       source_up && !whip_up);
    if (source_up)
      tribune_source_input_note_frames (room->source);
  }
  tribune_room_participants_tick (room, source_up || whip_up, now);
  on_air = whip_up ? "whip" : source_up ? tribune_source_kind_to_string (room->rc->source)
                                        : "slate";
  if (g_strcmp0 (on_air, room->on_air) != 0) {
    g_message ("room %s: on air: %s -> %s", room->rc->id, room->on_air, on_air);
    room->on_air = on_air;
  }
  room->source_up = source_up;
  room->whip_up = whip_up;

  /* Forget HLS clients that stopped polling. */
  g_mutex_lock (&room->hls_lock);
  g_hash_table_iter_init (&iter, room->hls_clients);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    if (now - *(gint64 *) value > HLS_CLIENT_WINDOW_US)
      g_hash_table_iter_remove (&iter);
  }
  g_mutex_unlock (&room->hls_lock);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_program_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  TribuneRoom *room = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT) {
    tribune_room_participants_note_level (room, msg);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;
    g_autofree gchar *debug = NULL;

    gst_message_parse_error (msg, &err, &debug);
    room->pipeline_errors++;
    g_critical ("room %s: the program failed: %s (%s). Viewers see a frozen picture; "
                "restart tribune and report this with the log.", room->rc->id,
                err->message, debug ? debug : "");
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
    g_autoptr (GError) err = NULL;
    g_autofree gchar *debug = NULL;

    gst_message_parse_warning (msg, &err, &debug);
    g_message ("room %s: program warning from %s: %s (%s)", room->rc->id,
               GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)), err->message, debug ? debug : "");
  }
  return G_SOURCE_CONTINUE;
}

static void on_lean_viewer_gone (const gchar *viewer_id, const gchar *reason,
                                 gpointer user_data);

TribuneRoom *
tribune_room_new (const TribuneRoomConfig *rc, const TribuneConfig *config, GError **error)
{
  TribuneRoom *room = g_new0 (TribuneRoom, 1);
  g_autofree gchar *hls_dir = g_build_filename (config->data_dir, "hls", rc->id, NULL);

  room->rc = rc;
  room->config = config;
  room->on_air = "slate";
  room->viewers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) tribune_viewer_free);
  g_mutex_init (&room->hls_lock);
  room->hls_clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  tribune_room_participants_init (room);
  room->program = tribune_program_new (rc, config->hls_segment_ms, error);
  if (room->program == NULL)
    goto fail;
  for (guint layer = 1; layer < TRIBUNE_N_LAYERS; layer++)
    room->bridges[layer] = tribune_bridge_new (room->program, layer, rc);
  room->source = tribune_source_input_new (rc, room->bridges[TRIBUNE_LAYER_SOURCE]);
  room->hls = tribune_hls_writer_new (rc->id, room->program, hls_dir, config, error);
  if (room->hls == NULL)
    goto fail;
  return room;

fail:
  tribune_room_free (room);
  return NULL;
}

gboolean
tribune_room_start (TribuneRoom *room, GError **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (tribune_program_get_pipeline (room->program));
  g_autoptr (GError) hls_error = NULL;

  room->program_bus_watch = gst_bus_add_watch (bus, on_program_message, room);
  if (!tribune_program_start (room->program, error))
    return FALSE;
  if (!tribune_hls_writer_start (room->hls, &hls_error))
    /* Not fatal: WebRTC still works; the log says what to fix. */
    g_warning ("room %s: HLS is off: %s", room->rc->id, hls_error->message);
  if (room->source)
    tribune_source_input_start (room->source);
  if (room->config->lean_viewers) {
    g_autoptr (GError) lean_error = NULL;

    room->lean = tribune_lean_sender_new (room->rc->id, room->program, room->config,
                                          on_lean_viewer_gone, room, &lean_error);
    if (room->lean == NULL)
      /* Not fatal: each viewer then gets a webrtcbin, as with viewer_sender = webrtcbin. */
      g_warning ("room %s: lean sender unavailable, using webrtcbin per viewer: %s",
                 room->rc->id, lean_error->message);
  }
  room->watchdog = g_timeout_add (WATCHDOG_MS, watchdog_tick, room);
  g_message ("room %s (%s): program running, source %s%s", room->rc->id, room->rc->title,
             tribune_source_kind_to_string (room->rc->source),
             room->rc->ingest_key ? ", WHIP publishing allowed" : "");
  return TRUE;
}

void
tribune_room_free (TribuneRoom *room)
{
  if (room == NULL)
    return;
  if (room->watchdog)
    g_source_remove (room->watchdog);
  if (room->program_bus_watch)
    g_source_remove (room->program_bus_watch);
  /* Sessions and outputs first: they hold subscriptions on the program's taps. */
  g_clear_pointer (&room->viewers, g_hash_table_unref);
  g_clear_pointer (&room->lean, tribune_lean_sender_free);
  tribune_room_participants_clear (room);
  g_clear_pointer (&room->publisher, tribune_whip_input_free);
  g_clear_pointer (&room->source, tribune_source_input_free);
  g_clear_pointer (&room->hls, tribune_hls_writer_free);
  g_clear_pointer (&room->program, tribune_program_free);
  for (guint layer = 1; layer < TRIBUNE_N_LAYERS; layer++)
    tribune_bridge_free (room->bridges[layer]);
  g_clear_pointer (&room->hls_clients, g_hash_table_unref);
  g_mutex_clear (&room->hls_lock);
  g_free (room);
}

const TribuneRoomConfig *
tribune_room_get_config (TribuneRoom *room)
{
  return room->rc;
}

void
tribune_room_get_status (TribuneRoom *room, TribuneRoomStatus *s)
{
  TribuneLeanStats lean = { 0 };

  memset (s, 0, sizeof *s);
  s->on_air = room->on_air;
  s->live = g_strcmp0 (room->on_air, "slate") != 0;
  s->whep_viewers = g_hash_table_size (room->viewers);
  if (room->lean) {
    tribune_lean_sender_get_stats (room->lean, &lean);
    s->whep_viewers += lean.viewers;
    s->webrtc_send_drops = lean.send_drops;
    s->webrtc_retransmissions = lean.retransmissions;
    s->webrtc_keyframe_requests = lean.keyframe_requests;
    s->webrtc_keyframe_replays = lean.keyframe_replays;
  }
  g_mutex_lock (&room->hls_lock);
  s->hls_viewers = g_hash_table_size (room->hls_clients);
  s->hls_bytes_out = room->hls_bytes_out;
  g_mutex_unlock (&room->hls_lock);
  s->source_up = room->source_up;
  s->whip_up = room->whip_up;
  s->publishing = room->publisher != NULL;
  /* What the taps handed on, with the lean sender's share replaced by what it sent. */
  s->webrtc_bytes_out =
    tribune_packet_tap_bytes_out (tribune_program_tap (room->program, TRIBUNE_TAP_RTP_VIDEO)) +
    tribune_packet_tap_bytes_out (tribune_program_tap (room->program, TRIBUNE_TAP_RTP_AUDIO)) -
    lean.bytes_from_program + lean.bytes_sent;
  s->pipeline_errors = room->pipeline_errors + tribune_hls_writer_errors (room->hls) +
                       tribune_source_input_restarts (room->source);
}

/* ---- WHEP viewers ---- */

static void
on_lean_viewer_gone (const gchar *viewer_id, const gchar *reason, gpointer user_data)
{
  TribuneRoom *room = user_data;

  g_message ("room %s: viewer %s left (%s)", room->rc->id, viewer_id, reason);
}

/* The lean sender answers at once; the caller still gets its answer from the main loop,
 * as with webrtcbin, so a WHEP POST is always answered the same way. */
typedef struct {
  TribuneSessionReady ready;
  gpointer user_data;
  gchar *id, *answer;
  GError *error;
} LeanReply;

static gboolean
deliver_lean_reply (gpointer data)
{
  LeanReply *r = data;

  r->ready (r->error ? NULL : r->id, r->answer, r->error, r->user_data);
  g_free (r->id);
  g_free (r->answer);
  g_clear_error (&r->error);
  g_free (r);
  return G_SOURCE_REMOVE;
}

static void
add_lean_viewer (TribuneRoom *room, const TribuneOfferPlan *plan, const gchar *offer,
                 TribuneSessionReady ready, gpointer user_data)
{
  LeanReply *r = g_new0 (LeanReply, 1);

  r->ready = ready;
  r->user_data = user_data;
  r->id = tribune_room_new_session_id ();
  r->answer = tribune_lean_sender_add_viewer (room->lean, r->id, plan, offer, &r->error);
  if (r->answer)
    g_message ("room %s: viewer %s answered (lean sender)", room->rc->id, r->id);
  g_idle_add_full (G_PRIORITY_DEFAULT, deliver_lean_reply, r, NULL);
}

static void
on_viewer_gone (TribuneViewer *viewer, const gchar *reason, gpointer user_data)
{
  TribuneRoom *room = user_data;

  g_message ("room %s: viewer %s left (%s)", room->rc->id, tribune_viewer_get_id (viewer),
             reason);
  g_hash_table_remove (room->viewers, tribune_viewer_get_id (viewer));
}

static void
on_viewer_answered (TribuneViewer *viewer, const gchar *answer, const gchar *error_message,
                    gpointer user_data)
{
  Pending *p = user_data;
  TribuneRoom *room = p->room;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = g_strdup (tribune_viewer_get_id (viewer));

  if (answer == NULL) {
    error = g_error_new (TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                         "could not answer the offer: %s", error_message);
    g_hash_table_remove (room->viewers, id);
    p->ready (NULL, NULL, error, p->user_data);
  } else {
    p->ready (id, answer, NULL, p->user_data);
  }
  g_free (p);
}

void
tribune_room_add_viewer (TribuneRoom *room, const TribuneOfferPlan *plan, const gchar *offer,
                         TribuneSessionReady ready, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = NULL;
  TribuneViewer *viewer;
  Pending *p;

  TribuneRoomStatus status;

  tribune_room_get_status (room, &status);
  if (status.whep_viewers >= room->config->max_viewers) {
    error = g_error_new (TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE,
                         "room %s is full (%u viewers); try HLS at /hls/%s/index.m3u8",
                         room->rc->id, room->config->max_viewers, room->rc->id);
    ready (NULL, NULL, error, user_data);
    return;
  }
  if (room->lean) {
    add_lean_viewer (room, plan, offer, ready, user_data);
    return;
  }
  id = tribune_room_new_session_id ();
  viewer = tribune_viewer_new (id, room->program, room->config, &error);
  if (viewer == NULL) {
    ready (NULL, NULL, error, user_data);
    return;
  }
  g_hash_table_insert (room->viewers, (gpointer) tribune_viewer_get_id (viewer), viewer);
  p = g_new0 (Pending, 1);
  p->room = room;
  p->ready = ready;
  p->user_data = user_data;
  tribune_viewer_negotiate (viewer, plan, offer, on_viewer_answered, p, on_viewer_gone,
                            room);
}

gboolean
tribune_room_remove_viewer (TribuneRoom *room, const gchar *session_id)
{
  if (room->lean && tribune_lean_sender_remove_viewer (room->lean, session_id)) {
    g_message ("room %s: viewer %s left (ended by the client)", room->rc->id, session_id);
    return TRUE;
  }
  return g_hash_table_remove (room->viewers, session_id);
}

gboolean
tribune_room_trickle_viewer (TribuneRoom *room, const gchar *session_id, GArray *candidates)
{
  TribuneViewer *viewer = g_hash_table_lookup (room->viewers, session_id);

  /* ICE-lite: the browser's checks find us; its candidates tell us nothing we need. */
  if (room->lean && tribune_lean_sender_has_viewer (room->lean, session_id))
    return TRUE;
  if (viewer == NULL)
    return FALSE;
  for (guint i = 0; i < candidates->len; i++) {
    TribuneTrickleCandidate *c = &g_array_index (candidates, TribuneTrickleCandidate, i);
    tribune_viewer_add_candidate (viewer, c->mline, c->candidate);
  }
  return TRUE;
}

/* ---- WHIP publisher ---- */

static void
drop_publisher (TribuneRoom *room, const gchar *reason)
{
  if (room->publisher == NULL)
    return;
  g_message ("room %s: publisher %s ended (%s)", room->rc->id,
             tribune_whip_input_get_id (room->publisher), reason);
  g_clear_pointer (&room->publisher, tribune_whip_input_free);
  tribune_bridge_reset (room->bridges[TRIBUNE_LAYER_WHIP]);
}

static void
on_publisher_gone (TribuneWhipInput *input, const gchar *reason, gpointer user_data)
{
  TribuneRoom *room = user_data;

  if (input == room->publisher)
    drop_publisher (room, reason);
}

static void
on_publisher_answered (TribuneWhipInput *input, const gchar *answer,
                       const gchar *error_message, gpointer user_data)
{
  Pending *p = user_data;
  TribuneRoom *room = p->room;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = g_strdup (tribune_whip_input_get_id (input));

  if (answer == NULL) {
    error = g_error_new (TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                         "could not answer the offer: %s", error_message);
    if (input == room->publisher)
      drop_publisher (room, error_message);
    p->ready (NULL, NULL, error, p->user_data);
  } else {
    p->ready (id, answer, NULL, p->user_data);
  }
  g_free (p);
}

/* A publisher blocks a new one only while it is plausibly alive. */
static gboolean
publisher_is_active (TribuneRoom *room)
{
  gint64 now = g_get_monotonic_time ();
  gint64 last = bridge_last_us (room->bridges[TRIBUNE_LAYER_WHIP]);

  if (room->publisher == NULL)
    return FALSE;
  if (last > 0)
    return now - last < STALE_PUBLISHER_US;
  /* Still connecting: give it the same grace from its creation. */
  return now - tribune_whip_input_created_us (room->publisher) < 3 * STALE_PUBLISHER_US;
}

void
tribune_room_publish (TribuneRoom *room, const TribuneOfferPlan *plan, const gchar *offer,
                      TribuneSessionReady ready, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = NULL;
  Pending *p;

  if (publisher_is_active (room)) {
    error = g_error_new (TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                         "room %s already has a publisher; stop it first (DELETE its "
                         "session URL), or wait until it has sent nothing for 5 s "
                         "(15 s if it never connected)",
                         room->rc->id);
    ready (NULL, NULL, error, user_data);
    return;
  }
  drop_publisher (room, "replaced by a new publisher");
  id = tribune_room_new_session_id ();
  room->publisher = tribune_whip_input_new (id, room->rc->id,
                                            room->bridges[TRIBUNE_LAYER_WHIP],
                                            room->rc->video_kbps, room->config, &error);
  if (room->publisher == NULL) {
    ready (NULL, NULL, error, user_data);
    return;
  }
  tribune_whip_input_set_latency (room->publisher, room->rc->whip_jitter_ms);
  p = g_new0 (Pending, 1);
  p->room = room;
  p->ready = ready;
  p->user_data = user_data;
  tribune_whip_input_negotiate (room->publisher, plan, offer, on_publisher_answered, p,
                                on_publisher_gone, room);
}

gboolean
tribune_room_unpublish (TribuneRoom *room, const gchar *session_id)
{
  if (room->publisher == NULL ||
      g_strcmp0 (tribune_whip_input_get_id (room->publisher), session_id) != 0)
    return FALSE;
  drop_publisher (room, "DELETE from the publisher");
  return TRUE;
}

gboolean
tribune_room_trickle_publisher (TribuneRoom *room, const gchar *session_id,
                                GArray *candidates)
{
  if (room->publisher == NULL ||
      g_strcmp0 (tribune_whip_input_get_id (room->publisher), session_id) != 0)
    return FALSE;
  for (guint i = 0; i < candidates->len; i++) {
    TribuneTrickleCandidate *c = &g_array_index (candidates, TribuneTrickleCandidate, i);
    tribune_whip_input_add_candidate (room->publisher, c->mline, c->candidate);
  }
  return TRUE;
}

/* ---- HLS ---- */

TribuneHlsPlaylist *
tribune_room_hls_playlist (TribuneRoom *room)
{
  return room->hls ? tribune_hls_writer_get_playlist (room->hls) : NULL;
}

const gchar *
tribune_room_hls_dir (TribuneRoom *room)
{
  return room->hls ? tribune_hls_writer_get_dir (room->hls) : NULL;
}

void
tribune_room_note_hls_client (TribuneRoom *room, const gchar *client)
{
  gint64 *seen = g_new (gint64, 1);

  *seen = g_get_monotonic_time ();
  /* Bounded: at most one entry per distinct client within the window. */
  g_mutex_lock (&room->hls_lock);
  g_hash_table_replace (room->hls_clients, g_strdup (client), seen);
  g_mutex_unlock (&room->hls_lock);
}

void
tribune_room_add_hls_bytes (TribuneRoom *room, guint64 bytes)
{
  g_mutex_lock (&room->hls_lock);
  room->hls_bytes_out += bytes;
  g_mutex_unlock (&room->hls_lock);
}

void
tribune_room_set_segment_hook (TribuneRoom *room, TribuneSegmentClosed hook,
                               gpointer user_data)
{
  if (room->hls)
    tribune_hls_writer_set_segment_hook (room->hls, hook, user_data);
}

void
tribune_room_set_lower_third (TribuneRoom *room, const gchar *title, const gchar *subtitle)
{
  tribune_program_set_lower_third (room->program, title, subtitle);
}
