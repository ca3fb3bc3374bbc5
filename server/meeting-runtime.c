/* meeting-runtime.c — see meeting-runtime.h. */
#include "meeting-runtime.h"
#include "store-meetings.h"

/* The current item's title, or NULL (transfer none: points into @meeting). */
static const gchar *
current_item_title (JsonObject *meeting)
{
  JsonArray *agenda;
  gint64 current;

  if (!json_object_has_member (meeting, "current_item") ||
      json_object_get_null_member (meeting, "current_item"))
    return NULL;
  current = json_object_get_int_member (meeting, "current_item");
  agenda = json_object_has_member (meeting, "agenda")
             ? json_object_get_array_member (meeting, "agenda") : NULL;
  for (guint i = 0; agenda && i < json_array_get_length (agenda); i++) {
    JsonObject *item = json_array_get_object_element (agenda, i);
    if (json_object_get_int_member (item, "id") == current)
      return json_object_get_string_member (item, "title");
  }
  return NULL;
}

void
tribune_meeting_runtime_changed (TribuneApp *app, gint64 meeting_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = tribune_store_meeting_get (app->store, meeting_id, &error);
  JsonObject *meeting;
  const gchar *status;
  TribuneRoom *room;

  if (node == NULL) {
    g_warning ("meeting %" G_GINT64_FORMAT ": cannot read it back: %s", meeting_id,
               error->message);
    return;
  }
  meeting = json_node_get_object (node);
  status = json_object_get_string_member (meeting, "status");
  room = tribune_app_find_room (app, json_object_get_string_member (meeting, "room"));
  if (room == NULL) {
    g_warning ("meeting %" G_GINT64_FORMAT ": its room '%s' is not in the configuration; "
               "add it to tribune.conf to broadcast and record this meeting", meeting_id,
               json_object_get_string_member (meeting, "room"));
    return;
  }
  (void) status;
  (void) current_item_title;
}

void
tribune_meeting_runtime_resume (TribuneApp *app)
{
  g_autoptr (GArray) live = tribune_store_live_meetings (app->store);

  for (guint i = 0; i < live->len; i++) {
    gint64 id = g_array_index (live, gint64, i);

    g_message ("meeting %" G_GINT64_FORMAT " was live when the server stopped; resuming "
               "its broadcast and recording", id);
    tribune_meeting_runtime_changed (app, id);
  }
}
