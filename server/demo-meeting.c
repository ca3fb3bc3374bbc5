/* demo-meeting.c — see demo-meeting.h. */
#include "demo-meeting.h"
#include "advice-deadline.h"
#include "resources.h"
#include "store-advices.h"
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

/* Two advices of the demo council, so the tracker shows its clock at once: one sent 50
 * days ago and not answered (overdue), tied to the meeting's advice item; one answered. */
static gboolean
seed_advices (TribuneApp *app, gint64 advice_item, GError **error)
{
  static const struct {
    const gchar *title, *summary, *kind, *theme, *addressee;
    gint sent_days_ago, answered_days_ago;
  } advices[] = {
    { "Veilig oversteken op de Putselaan",
      "Kinderen steken de Putselaan over op weg naar school. De wijkraad vraagt om een "
      "zebrapad en een lagere snelheid bij de school.", "unsolicited", "traffic",
      "Wethouder Buitenruimte", 50, -1 },
    { "Meer groen op het Afrikaanderplein",
      "Meer bomen en plantenbakken op het plein, zodat het in de zomer koeler is.",
      "requested", "public_space", "Gemeente Rotterdam, Stadsbeheer", 80, 30 },
  };
  GDate today;

  tribune_advice_today (app, &today);
  for (guint i = 0; i < G_N_ELEMENTS (advices); i++) {
    g_autoptr (JsonObject) fields = json_object_new ();
    g_autoptr (JsonObject) send = json_object_new ();
    const gchar *const *allowed = NULL;
    GDate sent = today;
    g_autofree gchar *sent_text = NULL;
    gint64 id;

    json_object_set_string_member (fields, "council", "demo");
    json_object_set_string_member (fields, "title", advices[i].title);
    json_object_set_string_member (fields, "summary", advices[i].summary);
    json_object_set_string_member (fields, "kind", advices[i].kind);
    json_object_set_string_member (fields, "theme", advices[i].theme);
    json_object_set_string_member (fields, "addressee", advices[i].addressee);
    if (i == 0) {
      JsonArray *items = json_array_new ();

      json_array_add_int_element (items, advice_item);
      json_object_set_array_member (fields, "items", items);
    }
    if ((id = tribune_store_advice_create (app->store, fields, "demo", error)) == 0)
      return FALSE;
    g_date_subtract_days (&sent, (guint) advices[i].sent_days_ago);
    sent_text = tribune_date_format (&sent);
    json_object_set_string_member (send, "status", "sent");
    json_object_set_string_member (send, "sent_at", sent_text);
    if (!tribune_store_advice_update (app->store, id, send, "demo", &today, &allowed, error))
      return FALSE;
    if (advices[i].answered_days_ago >= 0) {
      g_autoptr (JsonObject) answer = json_object_new ();
      GDate answered = today;
      g_autofree gchar *answered_text = NULL;

      g_date_subtract_days (&answered, (guint) advices[i].answered_days_ago);
      answered_text = tribune_date_format (&answered);
      json_object_set_string_member (answer, "status", "answered");
      json_object_set_string_member (answer, "answered_at", answered_text);
      json_object_set_string_member (answer, "outcome", "adopted");
      json_object_set_string_member (answer, "response",
                                     "De gemeente plant dit voorjaar twaalf bomen.");
      if (!tribune_store_advice_update (app->store, id, answer, "demo", &today, &allowed, error))
        return FALSE;
    }
  }
  return TRUE;
}

void
tribune_demo_meeting_seed (TribuneApp *app)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) councils = tribune_store_councils_list (app->store);
  g_autoptr (JsonNode) council = NULL, meeting = NULL, started = NULL, current = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree gchar *starts_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  const TribuneRoomConfig *room;
  gint64 council_id, meeting_id, first_item = 0, advice_item = 0;

  if (!app->config->demo_meeting || app->config->rooms->len == 0 ||
      json_array_get_length (json_object_get_array_member (json_node_get_object (councils),
                                                           "councils")) > 0)
    return;
  room = g_ptr_array_index (app->config->rooms, 0);
  council = tribune_store_council_add (app->store, "demo", "Wijkraad Demo", 0, &error);
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
    if (g_str_equal (agenda[i].kind, "advice"))
      advice_item = json_object_get_int_member (json_node_get_object (item), "id");
  }
  if (!seed_advices (app, advice_item, &error))
    goto failed;
  started = tribune_store_meeting_start (app->store, meeting_id, &error);
  if (started == NULL)
    goto failed;
  current = tribune_store_meeting_set_current (app->store, meeting_id, first_item,
                                               g_get_real_time (), &error);
  if (current == NULL)
    goto failed;
  g_message ("demo: council 'Wijkraad Demo' with a live meeting in room %s and two advices "
             "(/advices). Make an account "
             "to run it: tribune user add NAME --role admin", room->id);
  return;

failed:
  g_warning ("demo: could not set up the demo meeting: %s", error->message);
}
