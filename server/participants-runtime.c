/* participants-runtime.c — see participants-runtime.h. */
#include "participants-runtime.h"
#include "layout.h"
#include "resources.h"
#include "store-meetings.h"
#include "store-participants.h"
#include "store-questions.h"
#include "store-speakers.h"

/* How often the clock looks for speaking turns whose time is up. */
#define SPEAKER_CLOCK_MS 500

void
tribune_participants_runtime_changed (TribuneApp *app, gint64 meeting_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) meeting = tribune_store_meeting_get_light (app->store, meeting_id,
                                                                  &error);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GHashTable) allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gchar *kind_text = NULL;
  GArray *states;
  TribuneLayoutKind kind = TRIBUNE_LAYOUT_FOCUS;
  gboolean ended;
  gint64 focus = 0;
  TribuneRoom *room;

  if (meeting == NULL)
    return;
  room = tribune_app_find_room (app, json_object_get_string_member (
                                         json_node_get_object (meeting), "room"));
  if (room == NULL)
    return;
  ended = g_strcmp0 (json_object_get_string_member (json_node_get_object (meeting), "status"),
                     "ended") == 0;
  if (tribune_store_meeting_layout (app->store, meeting_id, &kind_text, &focus, NULL))
    tribune_layout_kind_from_string (kind_text, &kind);
  {
    g_autofree gchar *focus_key = focus ? g_strdup_printf ("%" G_GINT64_FORMAT, focus) : NULL;
    tribune_room_set_layout (room, kind, focus_key);
  }
  list = tribune_store_participants_list (app->store, meeting_id, NULL);
  for (guint i = 0; i < list->len; i++) {
    TribuneParticipant *p = g_ptr_array_index (list, i);
    g_autofree gchar *key = g_strdup_printf ("%" G_GINT64_FORMAT, p->id);

    tribune_room_participant_set_muted (room, key, p->muted);
    if (!p->removed && !ended)
      g_hash_table_add (allowed, g_steal_pointer (&key));
  }
  /* Whoever takes part in the room but is removed, revoked, or of an ended meeting
   * leaves now. */
  states = tribune_room_participant_states (room);
  for (guint i = 0; i < states->len; i++) {
    TribuneParticipantState *s = &g_array_index (states, TribuneParticipantState, i);
    gint64 id = g_ascii_strtoll (s->key, NULL, 10);
    gint64 of = tribune_store_participant_meeting (app->store, id);

    if ((of == meeting_id || of == 0) && !g_hash_table_contains (allowed, s->key))
      tribune_room_participant_remove (room, s->key);
    g_free (s->key);
  }
  g_array_unref (states);
}

/* The room says who takes part changed: write `connected`, publish the lists. */
static void
on_participants_changed (TribuneRoom *room, gpointer user_data)
{
  TribuneApp *app = user_data;
  const TribuneRoomConfig *rc = tribune_room_get_config (room);
  g_autoptr (GArray) was = tribune_store_participants_connected_in_room (app->store, rc->id);
  g_autoptr (GHashTable) meetings = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           g_free, NULL);
  g_autoptr (GHashTable) now = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray *states = tribune_room_participant_states (room);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < states->len; i++) {
    TribuneParticipantState *s = &g_array_index (states, TribuneParticipantState, i);
    gint64 *id = g_new (gint64, 1);
    gint64 *meeting = g_new (gint64, 1);

    *id = g_ascii_strtoll (s->key, NULL, 10);
    *meeting = tribune_store_participant_meeting (app->store, *id);
    tribune_store_participant_set_connected (app->store, *id, TRUE, NULL);
    g_hash_table_add (now, id);
    if (*meeting)
      g_hash_table_add (meetings, meeting);
    else
      g_free (meeting);
    g_free (s->key);
  }
  g_array_unref (states);
  for (guint i = 0; i + 1 < was->len; i += 2) {
    gint64 id = g_array_index (was, gint64, i);

    if (!g_hash_table_contains (now, &id)) {
      gint64 *meeting = g_new (gint64, 1);

      *meeting = g_array_index (was, gint64, i + 1);
      tribune_store_participant_set_connected (app->store, id, FALSE, NULL);
      g_hash_table_add (meetings, meeting);
    }
  }
  g_hash_table_iter_init (&iter, meetings);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    tribune_participants_publish (app, *(gint64 *) key);
}

/* Turns end by themselves: the participant leaves, the pages hear of it. */
static gboolean
speaker_clock_tick (gpointer user_data)
{
  TribuneApp *app = user_data;
  g_autoptr (GArray) meetings = tribune_store_speakers_end_due (app->store, g_get_real_time ());

  for (guint i = 0; i < meetings->len; i++) {
    gint64 meeting = g_array_index (meetings, gint64, i);

    g_message ("meeting %" G_GINT64_FORMAT ": a speaking turn ended (time is up)", meeting);
    tribune_participants_runtime_changed (app, meeting);
    tribune_speakers_publish (app, meeting, NULL);
    tribune_participants_publish (app, meeting);
  }
  return G_SOURCE_CONTINUE;
}

void
tribune_participants_runtime_start (TribuneApp *app)
{
  app->speaker_clock = g_timeout_add (SPEAKER_CLOCK_MS, speaker_clock_tick, app);
  GHashTableIter iter;
  gpointer value;
  g_autoptr (GArray) stale = NULL;

  g_hash_table_iter_init (&iter, app->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    TribuneRoom *room = value;

    tribune_room_set_participants_hook (room, on_participants_changed, app);
    /* Nobody is connected to a server that just started. */
    stale = tribune_store_participants_connected_in_room (
        app->store, tribune_room_get_config (room)->id);
    for (guint i = 0; i + 1 < stale->len; i += 2)
      tribune_store_participant_set_connected (app->store, g_array_index (stale, gint64, i),
                                               FALSE, NULL);
    g_clear_pointer (&stale, g_array_unref);
  }
}
