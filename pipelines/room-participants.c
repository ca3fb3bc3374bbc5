/* room-participants.c — a room's remote participants: their sessions, where their tiles
 * go, who is speaking. See room.h ("Remote participants") and docs/hybrid.md.
 *
 * The layout is a reconcile too: every watchdog tick (250 ms) lists the tiles that have
 * pictures now (the hall, then participants in key order), picks the large one (the
 * chair's choice, else the active speaker, else the hall) and, when that differs from
 * what was applied, places every tile again. So a participant whose frames stop is off
 * the picture within 1.25 s, and back as soon as frames flow, without anyone acting.
 */
#include "room-private.h"
#include "tribune-error.h"

#include <math.h>

static void
remote_free (gpointer data)
{
  tribune_remote_free (data);
}

void
tribune_room_participants_init (TribuneRoom *room)
{
  room->remotes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remote_free);
  room->muted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  room->on_picture = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  room->layout = TRIBUNE_LAYOUT_FOCUS;
  tribune_active_speaker_init (&room->speaker);
}

void
tribune_room_participants_clear (TribuneRoom *room)
{
  /* Before the program: tiles live in it. */
  g_clear_pointer (&room->remotes, g_hash_table_unref);
  g_clear_pointer (&room->muted, g_hash_table_unref);
  g_clear_pointer (&room->on_picture, g_hash_table_unref);
  g_clear_pointer (&room->focus_key, g_free);
  g_clear_pointer (&room->applied_layout, g_free);
  tribune_active_speaker_clear (&room->speaker);
}

static void
notify (TribuneRoom *room)
{
  if (room->participants_changed)
    room->participants_changed (room, room->participants_changed_data);
}

static void
on_session_gone (TribuneRemote *remote, const gchar *session_id, const gchar *reason,
                 gpointer user_data)
{
  TribuneRoom *room = user_data;
  g_autofree gchar *key = g_strdup (tribune_remote_key (remote));

  g_message ("room %s: participant %s: session %s ended (%s)", room->rc->id, key,
             session_id, reason);
  if (tribune_remote_n_sessions (remote) == 0) {
    tribune_active_speaker_forget (&room->speaker, key);
    g_hash_table_remove (room->remotes, key);
  }
  notify (room);
}

/* The participant's remote, made on their first session. NULL with @error when the
 * meeting is full or the program cannot take another tile. */
static TribuneRemote *
ensure_remote (TribuneRoom *room, const gchar *key, const gchar *name, GError **error)
{
  TribuneRemote *r = g_hash_table_lookup (room->remotes, key);

  if (r)
    return r;
  if (g_hash_table_size (room->remotes) >= room->config->max_participants) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE,
                 "this meeting already has %u remote participants (max_participants); "
                 "ask the chair to remove someone, or raise max_participants in the "
                 "server settings", room->config->max_participants);
    return NULL;
  }
  r = tribune_remote_new (room->program, room->config, room->rc->id, key, name,
                          on_session_gone, room, error);
  if (r == NULL)
    return NULL;
  tribune_program_tile_set_muted (tribune_remote_tile (r),
                                  g_hash_table_contains (room->muted, key));
  g_hash_table_insert (room->remotes, g_strdup (key), r);
  g_message ("room %s: participant %s joined (%u taking part)", room->rc->id, key,
             g_hash_table_size (room->remotes));
  return r;
}

typedef struct {
  TribuneRoom *room;
  gchar *key;
  TribuneSessionReady ready;
  gpointer user_data;
} PendingJoin;

static void
on_answered (const gchar *session_id, const gchar *answer, const gchar *error_message,
             gpointer user_data)
{
  PendingJoin *p = user_data;
  TribuneRoom *room = p->room;

  if (answer == NULL) {
    g_autoptr (GError) error = g_error_new (TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                                            "could not answer the offer: %s",
                                            error_message);
    TribuneRemote *r = g_hash_table_lookup (room->remotes, p->key);

    if (r && session_id)
      tribune_remote_end_session (r, session_id);
    if (r && tribune_remote_n_sessions (r) == 0)
      g_hash_table_remove (room->remotes, p->key);
    p->ready (NULL, NULL, error, p->user_data);
  } else {
    p->ready (session_id, answer, NULL, p->user_data);
    notify (room);
  }
  g_free (p->key);
  g_free (p);
}

static void
join (TribuneRoom *room, gboolean send, const gchar *key, const gchar *name,
      const TribuneOfferPlan *plan, const gchar *offer, TribuneSessionReady ready,
      gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = tribune_room_new_session_id ();
  TribuneRemote *r = ensure_remote (room, key, name, &error);
  PendingJoin *p;

  if (r == NULL) {
    ready (NULL, NULL, error, user_data);
    return;
  }
  p = g_new0 (PendingJoin, 1);
  p->room = room;
  p->key = g_strdup (key);
  p->ready = ready;
  p->user_data = user_data;
  if (send)
    tribune_remote_send (r, id, plan, offer, on_answered, p);
  else
    tribune_remote_receive (r, id, plan, offer, on_answered, p);
}

void
tribune_room_participant_send (TribuneRoom *room, const gchar *key, const gchar *name,
                               const TribuneOfferPlan *plan, const gchar *offer,
                               TribuneSessionReady ready, gpointer user_data)
{
  join (room, TRUE, key, name, plan, offer, ready, user_data);
}

void
tribune_room_participant_receive (TribuneRoom *room, const gchar *key, const gchar *name,
                                  const TribuneOfferPlan *plan, const gchar *offer,
                                  TribuneSessionReady ready, gpointer user_data)
{
  join (room, FALSE, key, name, plan, offer, ready, user_data);
}

/* The participant holding @session_id (@key NULL: look through all). */
static TribuneRemote *
find_by_session (TribuneRoom *room, const gchar *key, const gchar *session_id)
{
  GHashTableIter iter;
  gpointer value;

  if (key)
    return g_hash_table_lookup (room->remotes, key);
  g_hash_table_iter_init (&iter, room->remotes);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    if (tribune_remote_has_session (value, session_id))
      return value;
  }
  return NULL;
}

gboolean
tribune_room_participant_end_session (TribuneRoom *room, const gchar *key_or_null,
                                      const gchar *session_id)
{
  TribuneRemote *r = find_by_session (room, key_or_null, session_id);
  const gchar *key;

  if (r == NULL)
    return FALSE;
  key = tribune_remote_key (r);
  if (!tribune_remote_end_session (r, session_id))
    return FALSE;
  g_message ("room %s: participant %s ended session %s", room->rc->id, key, session_id);
  if (tribune_remote_n_sessions (r) == 0) {
    g_autofree gchar *gone = g_strdup (key);

    tribune_active_speaker_forget (&room->speaker, gone);
    g_hash_table_remove (room->remotes, gone);
  }
  notify (room);
  return TRUE;
}

gboolean
tribune_room_participant_trickle (TribuneRoom *room, const gchar *key,
                                  const gchar *session_id, GArray *candidates)
{
  TribuneRemote *r = find_by_session (room, key, session_id);

  return r != NULL && tribune_remote_trickle (r, session_id, candidates);
}

void
tribune_room_participant_remove (TribuneRoom *room, const gchar *key)
{
  if (!g_hash_table_contains (room->remotes, key))
    return;
  g_message ("room %s: participant %s removed", room->rc->id, key);
  tribune_active_speaker_forget (&room->speaker, key);
  g_hash_table_remove (room->remotes, key);
  notify (room);
}

void
tribune_room_participant_set_muted (TribuneRoom *room, const gchar *key, gboolean muted)
{
  TribuneRemote *r = g_hash_table_lookup (room->remotes, key);

  if (muted)
    g_hash_table_add (room->muted, g_strdup (key));
  else
    g_hash_table_remove (room->muted, key);
  if (r)
    tribune_program_tile_set_muted (tribune_remote_tile (r), muted);
}

void
tribune_room_set_layout (TribuneRoom *room, TribuneLayoutKind kind, const gchar *focus_key)
{
  room->layout = kind;
  g_free (room->focus_key);
  room->focus_key = g_strdup (focus_key);
}

void
tribune_room_set_participants_hook (TribuneRoom *room, TribuneParticipantsChanged hook,
                                    gpointer user_data)
{
  room->participants_changed = hook;
  room->participants_changed_data = user_data;
}

const gchar *
tribune_room_active_speaker (TribuneRoom *room)
{
  return tribune_active_speaker_current (&room->speaker);
}

GArray *
tribune_room_participant_states (TribuneRoom *room)
{
  GArray *states = g_array_new (FALSE, TRUE, sizeof (TribuneParticipantState));
  GHashTableIter iter;
  gpointer key, value;

  g_array_set_clear_func (states, (GDestroyNotify) NULL);
  g_hash_table_iter_init (&iter, room->remotes);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    TribuneParticipantState s = { 0 };

    s.key = g_strdup (key);
    s.connected = TRUE;
    s.on_picture = g_hash_table_contains (room->on_picture, key);
    s.speaking = g_strcmp0 (key, tribune_active_speaker_current (&room->speaker)) == 0;
    s.level_db = tribune_active_speaker_level (&room->speaker, key);
    g_array_append_val (states, s);
  }
  return states;
}

/* ---- levels and layout ---- */

void
tribune_room_participants_note_level (TribuneRoom *room, GstMessage *msg)
{
  const GstStructure *s = gst_message_get_structure (msg);
  const gchar *name = GST_OBJECT_NAME (GST_MESSAGE_SRC (msg));
  const GValue *rms;
  g_auto (GStrv) parts = NULL;
  gdouble loudest = -INFINITY;

  if (s == NULL || !gst_structure_has_name (s, "level") || !g_str_has_prefix (name, "vu:"))
    return;
  parts = g_strsplit (name, ":", 3);
  if (g_strv_length (parts) != 3)
    return;
  rms = gst_structure_get_value (s, "rms");
  if (rms == NULL)
    return;
  /* "rms" is a GValueArray (deprecated type, still what level posts); read it as the
   * plain struct it is, without the deprecated accessors. */
  {
    const GValueArray *channels = g_value_get_boxed (rms);
    for (guint i = 0; channels && i < channels->n_values; i++) {
      const GValue *v = &channels->values[i];
      if (G_VALUE_HOLDS_DOUBLE (v))
        loudest = MAX (loudest, g_value_get_double (v));
    }
  }
  tribune_active_speaker_note (&room->speaker, parts[1], loudest, g_get_monotonic_time ());
}

static gint
compare_keys (gconstpointer a, gconstpointer b)
{
  const gchar *ka = *(const gchar *const *) a, *kb = *(const gchar *const *) b;
  gint64 na = g_ascii_strtoll (ka, NULL, 10), nb = g_ascii_strtoll (kb, NULL, 10);

  return na != nb ? (na < nb ? -1 : 1) : g_strcmp0 (ka, kb);
}

void
tribune_room_participants_tick (TribuneRoom *room, gboolean hall_up, gint64 now)
{
  g_autoptr (GPtrArray) tiles = g_ptr_array_new ();   /* keys; "hall" first if up */
  g_autoptr (GString) signature = g_string_new (NULL);
  g_autofree TribuneTileRect *rects = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const gchar *big_key;
  guint big = 0, w, h, fps;
  gboolean changed = FALSE;

  if (tribune_active_speaker_update (&room->speaker, now))
    changed = TRUE;
  g_hash_table_iter_init (&iter, room->remotes);
  while (g_hash_table_iter_next (&iter, &key, &value)) {
    if (tribune_room_frames_recent (tribune_remote_last_frame_us (value), now))
      g_ptr_array_add (tiles, key);
  }
  g_ptr_array_sort (tiles, compare_keys);
  /* Who is on the picture changed? */
  if (tiles->len != g_hash_table_size (room->on_picture))
    changed = TRUE;
  for (guint i = 0; i < tiles->len && !changed; i++)
    changed = !g_hash_table_contains (room->on_picture, g_ptr_array_index (tiles, i));
  if (changed) {
    g_hash_table_remove_all (room->on_picture);
    for (guint i = 0; i < tiles->len; i++)
      g_hash_table_add (room->on_picture, g_strdup (g_ptr_array_index (tiles, i)));
  }
  if (hall_up || tiles->len == 0)
    g_ptr_array_insert (tiles, 0, (gpointer) TRIBUNE_MIX_MINUS_HALL);

  big_key = room->focus_key ? room->focus_key : tribune_active_speaker_current (&room->speaker);
  for (guint i = 0; big_key && i < tiles->len; i++) {
    if (g_strcmp0 (g_ptr_array_index (tiles, i), big_key) == 0)
      big = i;
  }
  g_string_append_printf (signature, "%s/%u", tribune_layout_kind_to_string (room->layout),
                          big);
  for (guint i = 0; i < tiles->len; i++)
    g_string_append_printf (signature, "/%s", (const gchar *) g_ptr_array_index (tiles, i));
  if (g_strcmp0 (signature->str, room->applied_layout) != 0) {
    gboolean has_hall = g_strcmp0 (g_ptr_array_index (tiles, 0), TRIBUNE_MIX_MINUS_HALL) == 0;

    tribune_program_get_size (room->program, &w, &h, &fps);
    rects = g_new0 (TribuneTileRect, tiles->len);
    tribune_layout_compute (room->layout, tiles->len, big, has_hall, w, h, rects);
    /* Participants not on the picture are hidden; those on it placed. */
    g_hash_table_iter_init (&iter, room->remotes);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
      TribuneTileRect hidden = { 0 };
      const TribuneTileRect *r = &hidden;

      for (guint i = 0; i < tiles->len; i++) {
        if (g_strcmp0 (g_ptr_array_index (tiles, i), key) == 0)
          r = &rects[i];
      }
      tribune_program_tile_place (tribune_remote_tile (value), r);
    }
    if (has_hall)
      tribune_program_place_hall (room->program, &rects[0]);
    tribune_program_set_slate_visible (room->program, tiles->len == 1 && has_hall);
    g_message ("room %s: layout %s", room->rc->id, signature->str);
    g_free (room->applied_layout);
    room->applied_layout = g_string_free (g_steal_pointer (&signature), FALSE);
  }
  if (changed)
    notify (room);
}

/* ---- the hall's return feed ---- */

static void
on_hall_listener_gone (TribuneViewer *viewer, const gchar *reason, gpointer user_data)
{
  TribuneRoom *room = user_data;

  g_message ("room %s: hall return %s ended (%s)", room->rc->id,
             tribune_viewer_get_id (viewer), reason);
  g_hash_table_remove (room->viewers, tribune_viewer_get_id (viewer));
}

static void
on_hall_listener_answered (TribuneViewer *viewer, const gchar *answer,
                           const gchar *error_message, gpointer user_data)
{
  Pending *p = user_data;
  g_autofree gchar *id = g_strdup (tribune_viewer_get_id (viewer));

  if (answer == NULL) {
    g_autoptr (GError) error = g_error_new (TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                                            "could not answer the offer: %s",
                                            error_message);
    g_hash_table_remove (p->room->viewers, id);
    p->ready (NULL, NULL, error, p->user_data);
  } else {
    p->ready (id, answer, NULL, p->user_data);
  }
  g_free (p);
}

void
tribune_room_listen_hall (TribuneRoom *room, const TribuneOfferPlan *plan, const gchar *offer,
                          TribuneSessionReady ready, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = tribune_room_new_session_id ();
  TribunePacketTap *tap = tribune_program_hall_return (room->program, &error);
  TribuneViewer *viewer;
  Pending *p;

  if (tap == NULL) {
    ready (NULL, NULL, error, user_data);
    return;
  }
  viewer = tribune_viewer_new (id, room->program, room->config, &error);
  if (viewer == NULL) {
    ready (NULL, NULL, error, user_data);
    return;
  }
  tribune_viewer_set_audio_tap (viewer, tap);
  /* An ordinary viewer otherwise: DELETE /whep/{room}/{session} ends it. */
  g_hash_table_insert (room->viewers, (gpointer) tribune_viewer_get_id (viewer), viewer);
  p = g_new0 (Pending, 1);
  p->room = room;
  p->ready = ready;
  p->user_data = user_data;
  tribune_viewer_negotiate (viewer, plan, offer, on_hall_listener_answered, p,
                            on_hall_listener_gone, room);
}
