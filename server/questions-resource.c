/* questions-resource.c — residents' questions over HTTP:
 *   POST/GET /api/meetings/{id}/questions      ask (public, rate limited) / the list
 *   GET/PATCH /api/questions/{id}              the asker's view (?token=) / moderate
 *   POST /api/questions/{id}/votes             one vote per client (rate limited)
 *   POST/DELETE /api/questions/{id}/screen     the question as the program's lower third
 * and the live updates: every change goes to the meeting's moderation stream (the full
 * question, "moderation/{id}" on the event hub) and, when the question is or was public,
 * to the room's stream in its public shape. Resident text never reaches the log. */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "meeting-runtime.h"
#include "rate-limit.h"
#include "store-questions.h"

#include <string.h>

#define WINDOW_US (10 * 60 * G_USEC_PER_SEC)

static const gchar *const moderators[] = { "chair", "admin", "member", NULL };

TribuneRateLimit *
tribune_questions_ask_limit (void)
{
  return tribune_rate_limit_new (5, WINDOW_US);
}

TribuneRateLimit *
tribune_questions_vote_limit (void)
{
  return tribune_rate_limit_new (30, WINDOW_US);
}

gboolean
tribune_questions_is_moderator (TribuneApp *app, SoupServerMessage *msg)
{
  g_autoptr (TribuneUser) user = tribune_auth_user (app, msg);

  return user != NULL && g_strv_contains (moderators, user->role);
}

void
tribune_questions_publish (TribuneApp *app, gint64 id, gboolean was_public)
{
  guint days = app->config->question_names_days;
  g_autoptr (JsonNode) staff = tribune_store_question_get (app->store, id,
                                                           TRIBUNE_QUESTION_VIEW_STAFF, days, NULL);
  g_autoptr (JsonNode) pub = NULL;
  g_autofree gchar *key = NULL, *text = NULL, *room = NULL;
  JsonObject *q;
  gint64 meeting;

  if (staff == NULL)
    return;
  q = json_node_get_object (staff);
  meeting = json_object_get_int_member (q, "meeting");
  key = g_strdup_printf ("moderation/%" G_GINT64_FORMAT, meeting);
  text = json_to_string (staff, FALSE);
  tribune_event_hub_publish (app->events, key, "question", text);
  if (!was_public && !tribune_question_status_is_public (json_object_get_string_member (q, "status")))
    return;
  room = tribune_store_meeting_room (app->store, meeting);
  pub = tribune_store_question_get (app->store, id, TRIBUNE_QUESTION_VIEW_PUBLIC, days, NULL);
  if (room && pub) {
    g_clear_pointer (&text, g_free);
    text = json_to_string (pub, FALSE);
    tribune_event_hub_publish (app->events, room, "question", text);
  }
}

static void
too_many (SoupServerMessage *msg, guint retry_after_s, const gchar *what)
{
  g_autofree gchar *seconds = g_strdup_printf ("%u", retry_after_s);
  g_autofree gchar *text = g_strdup_printf ("too many %s from here; try again in %u seconds",
                                            what, retry_after_s);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", seconds);
  tribune_http_error (msg, 429, text);
}

/* An optional member: absent/null → TRUE with *@value NULL; a string → TRUE; else FALSE. */
static gboolean
optional_string (JsonObject *o, const gchar *name, const gchar **value)
{
  JsonNode *n = json_object_get_member (o, name);

  *value = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  *value = tribune_json_string_member (o, name);
  return *value != NULL;
}

/* An optional positive integer member (absent/null: 0). */
static gboolean
optional_id (JsonObject *o, const gchar *name, gint64 *value)
{
  JsonNode *n = json_object_get_member (o, name);

  *value = 0;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
      json_node_get_int (n) < 1)
    return FALSE;
  *value = json_node_get_int (n);
  return TRUE;
}

static void
ask (TribuneApp *app, SoupServerMessage *msg, gint64 meeting_id)
{
  g_autofree gchar *client = tribune_http_client_key (msg);
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *text, *name, *hood;
  gint64 item;
  guint retry = 0;
  JsonObject *o;
  JsonNode *node;

  if (!tribune_rate_limit_check (app->question_limit, client, g_get_monotonic_time (), &retry)) {
    too_many (msg, retry, "questions");
    return;
  }
  if ((body = tribune_http_body_json_object (msg)) == NULL)
    return;
  o = json_node_get_object (body);
  text = tribune_json_string_member (o, "text");
  if (text == NULL || !optional_string (o, "name", &name) ||
      !optional_string (o, "neighbourhood", &hood) || !optional_id (o, "item", &item)) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "a question is {\"text\": 1 to 500 "
                        "characters, \"name\", \"neighbourhood\": optional, up to 80, "
                        "\"item\": an agenda item id, optional}");
    return;
  }
  node = tribune_store_question_add (app->store, meeting_id, text, name, hood, item, &error);
  if (node) {
    gint64 id = json_object_get_int_member (json_node_get_object (node), "id");

    tribune_rate_limit_record (app->question_limit, client, g_get_monotonic_time ());
    g_message ("meeting %" G_GINT64_FORMAT ": question %" G_GINT64_FORMAT " asked",
               meeting_id, id);
    tribune_questions_publish (app, id, FALSE);
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_CREATED, node, &error);
}

static void
list (TribuneApp *app, SoupServerMessage *msg, gint64 meeting_id, GHashTable *query)
{
  g_autoptr (GError) error = NULL;
  const gchar *token = query ? g_hash_table_lookup (query, "token") : NULL;
  JsonNode *node = tribune_store_questions_list (app->store, meeting_id,
                                                 tribune_questions_is_moderator (app, msg),
                                                 token, app->config->question_names_days,
                                                 &error);

  tribune_http_json_or_error (msg, SOUP_STATUS_OK, node, &error);
}

static void
get_one (TribuneApp *app, SoupServerMessage *msg, gint64 id, GHashTable *query)
{
  g_autoptr (GError) error = NULL;
  const gchar *token = query ? g_hash_table_lookup (query, "token") : NULL;
  TribuneQuestionView view;
  JsonNode *node;

  if (tribune_questions_is_moderator (app, msg))
    view = TRIBUNE_QUESTION_VIEW_STAFF;
  else if (tribune_store_question_token_matches (app->store, id, token))
    view = TRIBUNE_QUESTION_VIEW_OWNER;
  else {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such question for this token");
    return;
  }
  node = tribune_store_question_get (app->store, id, view, app->config->question_names_days,
                                     &error);
  tribune_http_json_or_error (msg, SOUP_STATUS_OK, node, &error);
}

/* Was it on screen? Then the picture follows the change. */
static gboolean
on_screen (TribuneApp *app, gint64 id)
{
  g_autoptr (JsonNode) q = tribune_store_question_get (app->store, id,
                                                       TRIBUNE_QUESTION_VIEW_STAFF, 0, NULL);

  return q && json_object_get_boolean_member (json_node_get_object (q), "on_screen");
}

static void
reply_staff (TribuneApp *app, SoupServerMessage *msg, gint64 id)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = tribune_store_question_get (app->store, id, TRIBUNE_QUESTION_VIEW_STAFF,
                                               app->config->question_names_days, &error);

  tribune_http_json_or_error (msg, SOUP_STATUS_OK, node, &error);
}

static void
moderate (TribuneApp *app, SoupServerMessage *msg, gint64 id, TribuneUser *user)
{
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *before = NULL;
  const gchar *status, *reason, *text;
  const gchar *const *allowed = NULL;
  gint64 merged_into, meeting_id = 0;
  gboolean was_on;
  JsonObject *o;

  if (!tribune_store_question_meta (app->store, id, &meeting_id, &before)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such question");
    return;
  }
  if ((body = tribune_http_body_json_object (msg)) == NULL)
    return;
  o = json_node_get_object (body);
  if (!optional_string (o, "status", &status) || !optional_string (o, "reason", &reason) ||
      !optional_string (o, "text", &text) || !optional_id (o, "merged_into", &merged_into)) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "a change is {\"status\", \"reason\", "
                        "\"text\": strings, \"merged_into\": a question id}, each optional");
    return;
  }
  was_on = on_screen (app, id);
  if (!tribune_store_question_update (app->store, id, status, reason, text, merged_into,
                                      user->username, &allowed, &error)) {
    if (allowed) {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) reply = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error->message);
      json_builder_set_member_name (b, "allowed");
      json_builder_begin_array (b);
      for (guint i = 0; allowed[i]; i++)
        json_builder_add_string_value (b, allowed[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      reply = json_builder_get_root (b);
      tribune_http_json (msg, SOUP_STATUS_CONFLICT, reply);
    } else {
      tribune_http_gerror (msg, error);
    }
    return;
  }
  g_message ("question %" G_GINT64_FORMAT ": %s (by the %s)", id,
             status ? status : "edited", user->role);
  tribune_questions_publish (app, id, tribune_question_status_is_public (before));
  if (merged_into)
    tribune_questions_publish (app, merged_into, TRUE);
  if (was_on)
    tribune_meeting_runtime_changed (app, meeting_id);
  reply_staff (app, msg, id);
}

static void
vote (TribuneApp *app, SoupServerMessage *msg, gint64 id)
{
  g_autofree gchar *client = tribune_http_client_key (msg);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (JsonNode) reply = NULL;
  gint64 votes = 0, now = g_get_monotonic_time ();
  guint retry = 0;

  if (!tribune_rate_limit_check (app->vote_limit, client, now, &retry)) {
    too_many (msg, retry, "votes");
    return;
  }
  /* Every attempt counts: trying many questions fast is what the limit is for. */
  tribune_rate_limit_record (app->vote_limit, client, now);
  if (!tribune_store_question_vote (app->store, id, client, &votes, &error)) {
    tribune_http_gerror (msg, error);
    return;
  }
  tribune_questions_publish (app, id, TRUE);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "votes");
  json_builder_add_int_value (b, votes);
  json_builder_end_object (b);
  reply = json_builder_get_root (b);
  tribune_http_json (msg, SOUP_STATUS_OK, reply);
}

static void
screen (TribuneApp *app, SoupServerMessage *msg, gint64 id, TribuneUser *user)
{
  g_autoptr (GError) error = NULL;
  gboolean on = g_str_equal (soup_server_message_get_method (msg), "POST");
  gint64 other = 0, meeting_id = 0;

  if (!tribune_store_question_screen (app->store, id, on, user->username, &other, &error)) {
    tribune_http_gerror (msg, error);
    return;
  }
  tribune_store_question_meta (app->store, id, &meeting_id, NULL);
  if (other)
    tribune_questions_publish (app, other, TRUE);
  tribune_questions_publish (app, id, TRUE);
  tribune_meeting_runtime_changed (app, meeting_id);
  reply_staff (app, msg, id);
}

void
tribune_resource_questions (TribuneApp *app, SoupServerMessage *msg,
                            const TribuneRoute *route, GHashTable *query)
{
  const gchar *method = soup_server_message_get_method (msg);
  g_autoptr (TribuneUser) user = NULL;
  guint64 id = 0;

  tribune_http_cors (msg);
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, route->kind == TRIBUNE_ROUTE_API_QUESTIONS
                        ? "no such meeting" : "no such question");
    return;
  }
  switch (route->kind) {
    case TRIBUNE_ROUTE_API_QUESTIONS:
      if (g_str_equal (method, "POST"))
        ask (app, msg, (gint64) id);
      else
        list (app, msg, (gint64) id, query);
      break;
    case TRIBUNE_ROUTE_API_QUESTION:
      if (!g_str_equal (method, "PATCH"))
        get_one (app, msg, (gint64) id, query);
      else if ((user = tribune_auth_require (app, msg, moderators)) != NULL)
        moderate (app, msg, (gint64) id, user);
      break;
    case TRIBUNE_ROUTE_API_QUESTION_VOTES:
      vote (app, msg, (gint64) id);
      break;
    case TRIBUNE_ROUTE_API_QUESTION_SCREEN:
      if ((user = tribune_auth_require (app, msg, moderators)) != NULL)
        screen (app, msg, (gint64) id, user);
      break;
    default:
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such resource");
  }
}
