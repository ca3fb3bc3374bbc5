/* speakers-resource.c — residents who ask to speak (inspreken), docs/hybrid.md:
 *   POST /api/meetings/{id}/speakers        {name, topic, item_id}  anyone, rate-limited
 *   GET  /api/meetings/{id}/speakers                                admin, chair
 *   POST /api/meetings/{id}/speakers/{s}    {action, seconds?}      admin, chair
 *   GET  /api/speakers/{s}?s=SECRET                                 the resident
 * Every change is published: the list on the chair's stream ("speakers") and the public
 * shape ({id, status, ends_at}, no names) on the room's ("speaker"); the room is then
 * reconciled (an ended turn's participant leaves).
 */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "participants-runtime.h"
#include "store-questions.h"
#include "store-speakers.h"

static const gchar *const managers[] = { "chair", "admin", NULL };

#define EXTEND_DEFAULT_S 60

void
tribune_speakers_publish (TribuneApp *app, gint64 meeting_id, JsonNode *changed)
{
  g_autofree gchar *room = tribune_store_meeting_room (app->store, meeting_id);
  g_autofree gchar *key = g_strdup_printf ("moderation/%" G_GINT64_FORMAT, meeting_id);
  g_autoptr (JsonNode) list = tribune_store_speakers_list (app->store, meeting_id, NULL);

  if (list) {
    g_autofree gchar *text = json_to_string (list, FALSE);
    tribune_event_hub_publish (app->events, key, "speakers", text);
  }
  if (room && changed) {
    JsonObject *c = json_node_get_object (changed);
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (JsonNode) pub = NULL;
    g_autofree gchar *text = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "id");
    json_builder_add_int_value (b, json_object_get_int_member (c, "id"));
    json_builder_set_member_name (b, "status");
    json_builder_add_string_value (b, json_object_get_string_member (c, "status"));
    json_builder_set_member_name (b, "ends_at");
    if (json_object_get_null_member (c, "ends_at"))
      json_builder_add_null_value (b);
    else
      json_builder_add_string_value (b, json_object_get_string_member (c, "ends_at"));
    json_builder_end_object (b);
    pub = json_builder_get_root (b);
    text = json_to_string (pub, FALSE);
    tribune_event_hub_publish (app->events, room, "speaker", text);
  }
}

static void
ask (TribuneApp *app, SoupServerMessage *msg, gint64 meeting)
{
  g_autofree gchar *client = tribune_http_client_key (msg);
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *o;
  JsonNode *item, *node;
  gint64 item_id = 0;
  guint retry = 0;

  if (!tribune_rate_limit_check (app->speaker_limit, client, g_get_monotonic_time (), &retry)) {
    g_autofree gchar *seconds = g_strdup_printf ("%u", retry);
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", seconds);
    tribune_http_error (msg, 429, "too many requests to speak from here; try again later");
    return;
  }
  if ((body = tribune_http_body_json_object (msg)) == NULL)
    return;
  o = json_node_get_object (body);
  item = json_object_get_member (o, "item_id");
  if (item && !json_node_is_null (item)) {
    if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_INT64 ||
        (item_id = json_node_get_int (item)) <= 0) {
      tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "item_id is an agenda item id");
      return;
    }
  }
  node = tribune_store_speaker_add (app->store, meeting, tribune_json_string_member (o, "name"),
                                    tribune_json_string_member (o, "topic"), item_id, &error);
  if (node) {
    gint64 id = json_object_get_int_member (json_node_get_object (node), "id");

    tribune_rate_limit_record (app->speaker_limit, client, g_get_monotonic_time ());
    g_message ("meeting %" G_GINT64_FORMAT ": request to speak %" G_GINT64_FORMAT, meeting, id);
    tribune_speakers_publish (app, meeting, NULL);
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_CREATED, node, &error);
}

static void
act (TribuneApp *app, SoupServerMessage *msg, gint64 meeting, gint64 id, TribuneUser *user)
{
  g_autoptr (JsonNode) body = tribune_http_body_json_object (msg);
  g_autoptr (GError) error = NULL;
  const gchar *action;
  JsonNode *seconds_node, *node;
  gint64 seconds = 0;

  if (body == NULL)
    return;
  action = tribune_json_string_member (json_node_get_object (body), "action");
  seconds_node = json_object_get_member (json_node_get_object (body), "seconds");
  if (seconds_node) {
    if (!JSON_NODE_HOLDS_VALUE (seconds_node) ||
        json_node_get_value_type (seconds_node) != G_TYPE_INT64 ||
        (seconds = json_node_get_int (seconds_node)) < 10 || seconds > 3600) {
      tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "seconds is a whole number, 10 to 3600");
      return;
    }
  }
  if (seconds == 0)
    seconds = g_strcmp0 (action, "admit") == 0 ? app->config->speaker_turn_s : EXTEND_DEFAULT_S;
  node = tribune_store_speaker_act (app->store, meeting, id, action, (guint) seconds,
                                    app->config->invite_valid_hours, &error);
  if (node) {
    g_message ("meeting %" G_GINT64_FORMAT ": request to speak %" G_GINT64_FORMAT ": %s by %s",
               meeting, id, action, user->role);
    tribune_participants_runtime_changed (app, meeting);
    tribune_speakers_publish (app, meeting, node);
    tribune_participants_publish (app, meeting);
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_OK, node, &error);
}

void
tribune_resource_speakers (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route,
                           GHashTable *query)
{
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (GError) error = NULL;
  guint64 meeting = 0, id = 0;
  const gchar *method = soup_server_message_get_method (msg);

  tribune_http_cors (msg);
  if (route->kind == TRIBUNE_ROUTE_API_SPEAKER_SELF) {
    if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL)) {
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such request to speak");
      return;
    }
    tribune_http_json_or_error (msg, SOUP_STATUS_OK,
        tribune_store_speaker_for_resident (app->store, (gint64) id,
                                            query ? g_hash_table_lookup (query, "s") : NULL,
                                            &error), &error);
    return;
  }
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &meeting, NULL) ||
      (route->kind == TRIBUNE_ROUTE_API_SPEAKER &&
       !g_ascii_string_to_unsigned (route->item, 10, 1, G_MAXINT64, &id, NULL))) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting or request to speak");
    return;
  }
  if (route->kind == TRIBUNE_ROUTE_API_SPEAKERS && g_str_equal (method, "POST")) {
    ask (app, msg, (gint64) meeting);
    return;
  }
  if ((user = tribune_auth_require (app, msg, managers)) == NULL)
    return;
  if (route->kind == TRIBUNE_ROUTE_API_SPEAKERS)
    tribune_http_json_or_error (msg, SOUP_STATUS_OK,
        tribune_store_speakers_list (app->store, (gint64) meeting, &error), &error);
  else
    act (app, msg, (gint64) meeting, (gint64) id, user);
}
