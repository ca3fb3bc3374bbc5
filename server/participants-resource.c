/* participants-resource.c — hybrid meetings' API (docs/hybrid.md):
 *   POST   /api/meetings/{id}/invites              {name, kind?}   admin, chair
 *   GET    /api/meetings/{id}/participants                         admin, chair
 *   POST   /api/meetings/{id}/participants/{p}     {action}        admin, chair
 *   DELETE /api/meetings/{id}/participants/{p}     revoke          admin, chair
 *   PUT    /api/meetings/{id}/layout               {kind, focus?}  admin, chair
 *   GET    /api/join/{meeting}                     the participant (invite token)
 *   POST   /api/join/{meeting}                     {muted?, hand_raised?}
 * Every change is saved first, then the meeting runtime brings the room in line
 * (meeting-runtime.c) and the lists are published to the chair's and the room's streams.
 */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "participants-runtime.h"
#include "store-meetings.h"
#include "store-questions.h"
#include "store-speakers.h"
#include "tribune-error.h"

static const gchar *const managers[] = { "chair", "admin", NULL };

/* The room's view of participant @id (speaking, on the picture), if it is taking part. */
static void
add_live_state (JsonObject *o, GArray *states, const gchar *speaker)
{
  g_autofree gchar *key = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           json_object_get_int_member (o, "id"));
  gboolean on_picture = FALSE;

  for (guint i = 0; states && i < states->len; i++) {
    TribuneParticipantState *s = &g_array_index (states, TribuneParticipantState, i);
    if (g_strcmp0 (s->key, key) == 0)
      on_picture = s->on_picture;
  }
  json_object_set_boolean_member (o, "on_picture", on_picture);
  json_object_set_boolean_member (o, "speaking", g_strcmp0 (speaker, key) == 0);
}

static void
free_states (GArray *states)
{
  for (guint i = 0; states && i < states->len; i++)
    g_free (g_array_index (states, TribuneParticipantState, i).key);
  if (states)
    g_array_unref (states);
}

/* {participants: [...], layout: {kind, focus}} — @public leaves out what only the chair
 * sees (removed, hand, expiry) and removed participants. */
static JsonNode *
participants_json (TribuneApp *app, gint64 meeting_id, gboolean public, GError **error)
{
  g_autoptr (GPtrArray) list = tribune_store_participants_list (app->store, meeting_id, error);
  g_autofree gchar *room_id = tribune_store_meeting_room (app->store, meeting_id);
  TribuneRoom *room = room_id ? tribune_app_find_room (app, room_id) : NULL;
  GArray *states = room ? tribune_room_participant_states (room) : NULL;
  const gchar *speaker = room ? tribune_room_active_speaker (room) : NULL;
  g_autofree gchar *kind = NULL;
  gint64 focus = 0;
  JsonArray *array = json_array_new ();
  JsonObject *root = json_object_new (), *layout = json_object_new ();
  JsonNode *node;

  for (guint i = 0; i < list->len; i++) {
    TribuneParticipant *p = g_ptr_array_index (list, i);
    JsonNode *n;
    JsonObject *o;

    if (public && p->removed)
      continue;
    n = tribune_participant_to_json (p);
    o = json_node_get_object (n);
    add_live_state (o, states, speaker);
    if (public) {
      json_object_remove_member (o, "removed");
      json_object_remove_member (o, "expires_at");
    }
    json_array_add_element (array, n);
  }
  json_object_set_array_member (root, "participants", array);
  if (tribune_store_meeting_layout (app->store, meeting_id, &kind, &focus, NULL)) {
    json_object_set_string_member (layout, "kind", kind);
    if (focus)
      json_object_set_int_member (layout, "focus", focus);
    else
      json_object_set_null_member (layout, "focus");
  }
  json_object_set_object_member (root, "layout", layout);
  json_object_set_string_member (root, "active_speaker",
                                 speaker ? speaker : "");
  free_states (states);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, root);
  return node;
}

void
tribune_participants_publish (TribuneApp *app, gint64 meeting_id)
{
  g_autofree gchar *room = tribune_store_meeting_room (app->store, meeting_id);
  g_autofree gchar *key = g_strdup_printf ("moderation/%" G_GINT64_FORMAT, meeting_id);
  g_autoptr (JsonNode) staff = participants_json (app, meeting_id, FALSE, NULL);
  g_autoptr (JsonNode) pub = participants_json (app, meeting_id, TRUE, NULL);
  g_autofree gchar *staff_text = json_to_string (staff, FALSE);
  g_autofree gchar *pub_text = json_to_string (pub, FALSE);

  tribune_event_hub_publish (app->events, key, "participants", staff_text);
  if (room)
    tribune_event_hub_publish (app->events, room, "participants", pub_text);
}

static void
changed (TribuneApp *app, gint64 meeting_id)
{
  tribune_participants_runtime_changed (app, meeting_id);
  tribune_participants_publish (app, meeting_id);
}

static void
invite (TribuneApp *app, SoupServerMessage *msg, gint64 meeting, TribuneUser *user)
{
  g_autoptr (JsonNode) body = tribune_http_body_json_object (msg);
  g_autoptr (GError) error = NULL;
  JsonObject *o;
  JsonNode *node;

  if (body == NULL)
    return;
  o = json_node_get_object (body);
  node = tribune_store_invite_create (app->store, meeting,
                                      tribune_json_string_member (o, "name"),
                                      tribune_json_string_member (o, "kind"),
                                      app->config->invite_valid_hours, user->id, &error);
  if (node) {
    /* The token is in the response only; the log gets the id. */
    g_message ("meeting %" G_GINT64_FORMAT ": invite %" G_GINT64_FORMAT " made by %s",
               meeting, json_object_get_int_member (json_node_get_object (node), "id"),
               user->role);
    tribune_participants_publish (app, meeting);
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_CREATED, node, &error);
}

static void
act (TribuneApp *app, SoupServerMessage *msg, gint64 meeting, gint64 id, TribuneUser *user)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (TribuneParticipant) p = NULL;
  const gchar *action;
  static const struct { const gchar *action, *field; gboolean value; } actions[] = {
    { "mute", "muted", TRUE }, { "unmute", "muted", FALSE },
    { "remove", "removed", TRUE }, { "allow", "removed", FALSE },
    { "lower_hand", "hand_raised", FALSE },
  };
  gboolean done = FALSE, known = FALSE;

  if (g_str_equal (soup_server_message_get_method (msg), "DELETE")) {
    if (tribune_store_participant_delete (app->store, meeting, id, &error)) {
      g_message ("meeting %" G_GINT64_FORMAT ": invite %" G_GINT64_FORMAT " revoked by %s",
                 meeting, id, user->role);
      changed (app, meeting);
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    } else {
      tribune_http_gerror (msg, error);
    }
    return;
  }
  if ((body = tribune_http_body_json_object (msg)) == NULL)
    return;
  action = tribune_json_string_member (json_node_get_object (body), "action");
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++) {
    if (g_strcmp0 (action, actions[i].action) == 0) {
      known = TRUE;
      done = tribune_store_participant_set_flag (app->store, meeting, id, actions[i].field,
                                                 actions[i].value, &error);
    }
  }
  if (!known) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST,
                        "action is one of mute, unmute, remove, allow, lower_hand");
    return;
  }
  if (!done) {
    tribune_http_gerror (msg, error);
    return;
  }
  g_message ("meeting %" G_GINT64_FORMAT ": participant %" G_GINT64_FORMAT ": %s by %s",
             meeting, id, action, user->role);
  changed (app, meeting);
  p = tribune_store_participant_get (app->store, meeting, id, &error);
  tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                              p ? tribune_participant_to_json (p) : NULL, &error);
}

static void
set_layout (TribuneApp *app, SoupServerMessage *msg, gint64 meeting)
{
  g_autoptr (JsonNode) body = tribune_http_body_json_object (msg);
  g_autoptr (GError) error = NULL;
  JsonObject *o;
  gint64 focus = 0;

  if (body == NULL)
    return;
  o = json_node_get_object (body);
  if (json_object_has_member (o, "focus") && !json_object_get_null_member (o, "focus")) {
    JsonNode *f = json_object_get_member (o, "focus");
    if (!JSON_NODE_HOLDS_VALUE (f) || json_node_get_value_type (f) != G_TYPE_INT64 ||
        (focus = json_node_get_int (f)) <= 0) {
      tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST,
                          "focus is a participant id or null (automatic)");
      return;
    }
  }
  if (!tribune_store_meeting_set_layout (app->store, meeting,
                                         tribune_json_string_member (o, "kind"), focus,
                                         &error)) {
    tribune_http_gerror (msg, error);
    return;
  }
  changed (app, meeting);
  tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                              participants_json (app, meeting, FALSE, &error), &error);
}

/* GET / POST /api/join/{meeting}: what the participant's page needs, and their own
 * switches (mute, hand). */
static void
own (TribuneApp *app, SoupServerMessage *msg, gint64 meeting, GHashTable *query)
{
  g_autoptr (TribuneParticipant) p =
    tribune_participant_from_request (app, msg, meeting,
                                      query ? g_hash_table_lookup (query, "t") : NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) m = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree gchar *whip = NULL, *whep = NULL;
  JsonObject *mo;

  if (p == NULL)
    return;
  if (g_str_equal (soup_server_message_get_method (msg), "POST")) {
    g_autoptr (JsonNode) body = tribune_http_body_json_object (msg);
    JsonObject *o;
    static const char *const fields[] = { "muted", "hand_raised" };

    if (body == NULL)
      return;
    o = json_node_get_object (body);
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++) {
      JsonNode *v = json_object_get_member (o, fields[i]);
      if (v == NULL)
        continue;
      if (!JSON_NODE_HOLDS_VALUE (v) || json_node_get_value_type (v) != G_TYPE_BOOLEAN) {
        tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "muted and hand_raised are true or false");
        return;
      }
      if (!tribune_store_participant_set_flag (app->store, meeting, p->id, fields[i],
                                               json_node_get_boolean (v), &error)) {
        tribune_http_gerror (msg, error);
        return;
      }
    }
    changed (app, meeting);
    {
      gint64 id = p->id;

      g_clear_pointer (&p, tribune_participant_free);
      p = tribune_store_participant_get (app->store, meeting, id, NULL);
    }
  }
  m = tribune_store_meeting_get_light (app->store, meeting, &error);
  if (m == NULL) {
    tribune_http_gerror (msg, error);
    return;
  }
  mo = json_node_get_object (m);
  whip = g_strdup_printf ("/whip/join/%" G_GINT64_FORMAT, meeting);
  whep = g_strdup_printf ("/whep/join/%" G_GINT64_FORMAT, meeting);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "meeting");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, meeting);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, json_object_get_string_member (mo, "title"));
  json_builder_set_member_name (b, "room");
  json_builder_add_string_value (b, json_object_get_string_member (mo, "room"));
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, json_object_get_string_member (mo, "status"));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "participant");
  json_builder_add_value (b, p ? tribune_participant_to_json (p) : json_node_new (JSON_NODE_NULL));
  json_builder_set_member_name (b, "whip");
  json_builder_add_string_value (b, whip);
  json_builder_set_member_name (b, "whep");
  json_builder_add_string_value (b, whep);
  /* An admitted resident: the end of their turn, for the countdown. */
  if (p && tribune_store_speaker_turn_end (app->store, p->id) > 0) {
    g_autoptr (GDateTime) end = g_date_time_new_from_unix_utc (
        tribune_store_speaker_turn_end (app->store, p->id) / G_USEC_PER_SEC);
    g_autofree gchar *text = g_date_time_format (end, "%Y-%m-%dT%H:%M:%SZ");

    json_builder_set_member_name (b, "turn");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "ends_at");
    json_builder_add_string_value (b, text);
    json_builder_end_object (b);
  }
  json_builder_end_object (b);
  tribune_http_json (msg, SOUP_STATUS_OK, json_builder_get_root (b));
}

void
tribune_resource_participants (TribuneApp *app, SoupServerMessage *msg,
                               const TribuneRoute *route, GHashTable *query)
{
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (GError) error = NULL;
  guint64 meeting = 0, id = 0;

  tribune_http_cors (msg);
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &meeting, NULL) ||
      (route->kind == TRIBUNE_ROUTE_API_PARTICIPANT &&
       !g_ascii_string_to_unsigned (route->item, 10, 1, G_MAXINT64, &id, NULL))) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting or participant");
    return;
  }
  if (route->kind == TRIBUNE_ROUTE_API_JOIN) {
    own (app, msg, (gint64) meeting, query);
    return;
  }
  if ((user = tribune_auth_require (app, msg, managers)) == NULL)
    return;
  switch (route->kind) {
    case TRIBUNE_ROUTE_API_INVITES:
      invite (app, msg, (gint64) meeting, user);
      break;
    case TRIBUNE_ROUTE_API_PARTICIPANTS: {
      g_autoptr (JsonNode) m = tribune_store_meeting_get_light (app->store, (gint64) meeting,
                                                                &error);
      if (m == NULL)
        tribune_http_gerror (msg, error);
      else
        tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                                    participants_json (app, (gint64) meeting, FALSE, &error),
                                    &error);
      break;
    }
    case TRIBUNE_ROUTE_API_PARTICIPANT:
      act (app, msg, (gint64) meeting, (gint64) id, user);
      break;
    default:
      set_layout (app, msg, (gint64) meeting);
      break;
  }
}
