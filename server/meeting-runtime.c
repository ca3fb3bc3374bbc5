/* meeting-runtime.c — see meeting-runtime.h. */
#include "meeting-runtime.h"
#include "event-stream.h"
#include "store-meetings.h"
#include "store-questions.h"
#include "participants-runtime.h"
#include "resources.h"

/* The event pages get: {"id", "title", "council", "status", "current_item": {…} | null,
 * "agenda": [{"id", "position", "title", "kind"}]}. Built from the store, so what the
 * pages show is what is stored. */
static JsonNode *
event_node (JsonObject *meeting, JsonArray *items)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  gint64 current = 0;
  JsonObject *current_item = NULL;

  if (!json_object_get_null_member (meeting, "current_item"))
    current = json_object_get_int_member (meeting, "current_item");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, json_object_get_int_member (meeting, "id"));
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, json_object_get_string_member (meeting, "title"));
  json_builder_set_member_name (b, "council");
  json_builder_add_string_value (b, json_object_get_string_member (meeting, "council_name"));
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, json_object_get_string_member (meeting, "status"));
  json_builder_set_member_name (b, "agenda");
  json_builder_begin_array (b);
  for (guint i = 0; items && i < json_array_get_length (items); i++) {
    JsonObject *item = json_array_get_object_element (items, i);

    if (json_object_get_int_member (item, "id") == current)
      current_item = item;
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "id");
    json_builder_add_int_value (b, json_object_get_int_member (item, "id"));
    json_builder_set_member_name (b, "position");
    json_builder_add_int_value (b, json_object_get_int_member (item, "position"));
    json_builder_set_member_name (b, "title");
    json_builder_add_string_value (b, json_object_get_string_member (item, "title"));
    json_builder_set_member_name (b, "kind");
    json_builder_add_string_value (b, json_object_get_string_member (item, "kind"));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "current_item");
  if (current_item) {
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "id");
    json_builder_add_int_value (b, current);
    json_builder_set_member_name (b, "position");
    json_builder_add_int_value (b, json_object_get_int_member (current_item, "position"));
    json_builder_set_member_name (b, "title");
    json_builder_add_string_value (b, json_object_get_string_member (current_item, "title"));
    json_builder_set_member_name (b, "kind");
    json_builder_add_string_value (b, json_object_get_string_member (current_item, "kind"));
    json_builder_end_object (b);
  } else {
    json_builder_add_null_value (b);
  }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The meeting as an event (transfer full), or NULL if it cannot be read. The light read:
 * the agenda without the recording's timeline, which each chair action and each page
 * that connects would otherwise load. */
static JsonNode *
meeting_event (TribuneApp *app, gint64 meeting_id, JsonNode **meeting_out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) meeting = tribune_store_meeting_get_light (app->store, meeting_id,
                                                                  &error);
  JsonObject *m;
  JsonNode *event;

  if (meeting == NULL) {
    g_warning ("meeting %" G_GINT64_FORMAT ": cannot read it back: %s", meeting_id,
               error->message);
    return NULL;
  }
  m = json_node_get_object (meeting);
  event = event_node (m, json_object_has_member (m, "agenda")
                           ? json_object_get_array_member (m, "agenda") : NULL);
  if (meeting_out)
    *meeting_out = g_steal_pointer (&meeting);
  return event;
}

gchar *
tribune_meeting_runtime_room_event (TribuneApp *app, const gchar *room)
{
  gint64 id = tribune_store_room_live_meeting (app->store, room);
  g_autoptr (JsonNode) event = id ? meeting_event (app, id, NULL) : NULL;

  return event ? json_to_string (event, FALSE) : g_strdup ("null");
}

/* A resident's question on screen: "Vraag van Anna (Katendrecht)" over its text. */
static gboolean
show_question (TribuneApp *app, TribuneRoom *room, gint64 meeting_id)
{
  g_autoptr (JsonNode) node = tribune_store_question_on_screen (app->store, meeting_id);
  g_autofree gchar *title = NULL;
  const gchar *name, *hood;
  JsonObject *q;

  if (node == NULL)
    return FALSE;
  q = json_node_get_object (node);
  name = json_object_get_null_member (q, "name") ? NULL : json_object_get_string_member (q, "name");
  hood = json_object_get_null_member (q, "neighbourhood") ? NULL :
         json_object_get_string_member (q, "neighbourhood");
  if (name && hood)
    title = g_strdup_printf ("Vraag van %s (%s)", name, hood);
  else if (name)
    title = g_strdup_printf ("Vraag van %s", name);
  else if (hood)
    title = g_strdup_printf ("Vraag (%s)", hood);
  else
    title = g_strdup ("Vraag");
  /* Set as text: tribune_program_set_lower_third escapes it for Pango. */
  tribune_room_set_lower_third (room, title, json_object_get_string_member (q, "text"));
  return TRUE;
}

/* The lower third: "3. Speeltuin Afrikaanderplein" over the council's name; before the
 * first item, the meeting's title. A question on screen takes its place. */
static void
show_lower_third (TribuneApp *app, TribuneRoom *room, JsonObject *meeting, JsonObject *event)
{
  const gchar *council = json_object_get_string_member (meeting, "council_name");
  JsonObject *current;
  g_autofree gchar *title = NULL;

  if (show_question (app, room, json_object_get_int_member (meeting, "id")))
    return;
  if (json_object_get_null_member (event, "current_item")) {
    tribune_room_set_lower_third (room, json_object_get_string_member (meeting, "title"),
                                  council);
    return;
  }
  current = json_object_get_object_member (event, "current_item");
  title = g_strdup_printf ("%" G_GINT64_FORMAT ". %s",
                           json_object_get_int_member (current, "position"),
                           json_object_get_string_member (current, "title"));
  tribune_room_set_lower_third (room, title, council);
}

void
tribune_meeting_runtime_changed (TribuneApp *app, gint64 meeting_id)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) event = meeting_event (app, meeting_id, &node);
  g_autofree gchar *event_text = NULL;
  JsonObject *meeting;
  const gchar *status, *room_id;
  TribuneRoom *room;

  if (event == NULL)
    return;
  meeting = json_node_get_object (node);
  status = json_object_get_string_member (meeting, "status");
  room_id = json_object_get_string_member (meeting, "room");
  if (g_str_equal (status, "planned"))
    return;               /* nothing on air yet; pages learn of it when it starts */
  event_text = json_to_string (event, FALSE);
  tribune_event_hub_publish (app->events, room_id, "meeting", event_text);
  /* Before the room check: an ended meeting's recording closes even if its room left
   * the configuration. */
  if (!g_str_equal (status, "live")) {
    gint64 shown = tribune_store_questions_clear_screen (app->store, meeting_id,
                                                                 "tribune");

    tribune_recorder_finish (app->recorder, meeting_id);
    if (shown)
      tribune_questions_publish (app, shown, TRUE);   /* the meeting ended: off screen */
  }
  room = tribune_app_find_room (app, room_id);
  if (room == NULL) {
    g_warning ("meeting %" G_GINT64_FORMAT ": its room '%s' is not in the configuration; "
               "add it to tribune.conf to broadcast and record this meeting", meeting_id,
               room_id);
    return;
  }
  if (g_str_equal (status, "live")) {
    g_autoptr (GError) rec_error = NULL;

    if (!tribune_recorder_ensure (app->recorder, room, meeting_id, &rec_error))
      g_warning ("meeting %" G_GINT64_FORMAT ": NOT RECORDING: %s. Make %s writable with "
                 "free space; recording is tried again at the next agenda item and when "
                 "the server starts. The live stream goes on.", meeting_id, rec_error->message,
                 tribune_recorder_root (app->recorder));
    show_lower_third (app, room, meeting, json_node_get_object (event));
  }
  else
    tribune_room_set_lower_third (room, NULL, NULL);
  /* The meeting ended: its remote participants' sessions end with it. */
  tribune_participants_runtime_changed (app, meeting_id);
}

void
tribune_meeting_runtime_resume (TribuneApp *app)
{
  g_autoptr (GArray) live = tribune_store_live_meetings (app->store);

  tribune_participants_runtime_start (app);
  for (guint i = 0; i < live->len; i++) {
    gint64 id = g_array_index (live, gint64, i);

    g_message ("meeting %" G_GINT64_FORMAT " was live when the server stopped; resuming "
               "its broadcast and recording", id);
    tribune_meeting_runtime_changed (app, id);
  }
}
