/* demo-meeting.c — see demo-meeting.h. */
#include "demo-meeting.h"
#include "store-agenda.h"
#include "store-meetings.h"

static const struct {
  const gchar *kind, *title, *description;
} agenda[] = {
  { "opening", "Opening en mededelingen", "De voorzitter opent de vergadering." },
  { "inspreken", "Inspreken: speeltuin Afrikaanderplein",
    "Bewoners vertellen wat zij van de nieuwe speeltuin vinden." },
  { "advice", "Advies over veilig oversteken op de Putselaan",
    "De wijkraad bespreekt het advies aan de gemeente." },
  { "rondvraag", "Rondvraag", "Vragen van leden en bewoners." },
  { "closing", "Sluiting", NULL },
};

void
tribune_demo_meeting_seed (TribuneApp *app)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) councils = tribune_store_councils_list (app->store);
  g_autoptr (JsonNode) council = NULL, meeting = NULL, started = NULL, current = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree gchar *starts_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  const TribuneRoomConfig *room;
  gint64 council_id, meeting_id, first_item = 0;

  if (!app->config->demo_meeting || app->config->rooms->len == 0 ||
      json_array_get_length (json_object_get_array_member (json_node_get_object (councils),
                                                           "councils")) > 0)
    return;
  room = g_ptr_array_index (app->config->rooms, 0);
  council = tribune_store_council_add (app->store, "demo", "Wijkraad Demo", &error);
  if (council == NULL)
    goto failed;
  council_id = json_object_get_int_member (json_node_get_object (council), "id");
  meeting = tribune_store_meeting_add (app->store, council_id, "Demovergadering", room->id,
                                       starts_at, &error);
  if (meeting == NULL)
    goto failed;
  meeting_id = json_object_get_int_member (json_node_get_object (meeting), "id");
  for (guint i = 0; i < G_N_ELEMENTS (agenda); i++) {
    g_autoptr (JsonNode) item = tribune_store_agenda_add (app->store, meeting_id,
                                                          agenda[i].title,
                                                          agenda[i].description,
                                                          agenda[i].kind, &error);
    if (item == NULL)
      goto failed;
    if (i == 0)
      first_item = json_object_get_int_member (json_node_get_object (item), "id");
  }
  started = tribune_store_meeting_start (app->store, meeting_id, &error);
  if (started == NULL)
    goto failed;
  current = tribune_store_meeting_set_current (app->store, meeting_id, first_item,
                                               g_get_real_time (), &error);
  if (current == NULL)
    goto failed;
  g_message ("demo: council 'Wijkraad Demo' with a live meeting in room %s. Make an account "
             "to run it: tribune user add NAME --role admin", room->id);
  return;

failed:
  g_warning ("demo: could not set up the demo meeting: %s", error->message);
}
