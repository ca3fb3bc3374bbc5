/* advices-resource.c — the advice tracker's API (docs/advices.md, docs/api.md):
 *
 *   GET   /api/advices[?council&status&theme&year&meeting] → {"advices": [A…]}
 *   POST  /api/advices {council, title, summary?, text?, kind, theme, addressee, items?}
 *                                                     → 201 A (a draft)
 *   GET   /api/advices/{id}                           → A
 *   PATCH /api/advices/{id} {fields…, status?, the move's fields} → A; 409 with "allowed"
 *   GET   /api/advices/{id}/events                    → {"events": […]}
 *   POST  /api/advices/{id}/events {note}             → 201 {"events": […]}
 *
 * Reading is public; every write is the secretary's (role admin). "Today", for the
 * deadline clock, is the date in the configured time zone. The log names the advice and
 * the action, never its text. */
#include "resources.h"
#include "advice-deadline.h"
#include "advice-states.h"
#include "auth.h"
#include "http-util.h"
#include "store-advices.h"
#include "store-meetings.h"

static const gchar *const secretaries[] = { "admin", NULL };

void
tribune_advice_today (TribuneApp *app, GDate *out)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (app->config->time_zone);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  if (zone == NULL)          /* checked at start-up; only if tzdata went away since */
    zone = g_time_zone_new_utc ();
  tribune_date_local (now, zone, out);
}

static const gchar *
query_value (GHashTable *query, const gchar *name)
{
  const gchar *value = query ? g_hash_table_lookup (query, name) : NULL;

  return value && *value ? value : NULL;
}

static void
list (TribuneApp *app, SoupServerMessage *msg, GHashTable *query)
{
  TribuneAdviceFilter filter = { 0 };
  const gchar *year = query_value (query, "year"), *meeting = query_value (query, "meeting");
  guint64 number = 0;
  GDate day;

  filter.council = query_value (query, "council");
  filter.status = query_value (query, "status");
  filter.theme = query_value (query, "theme");
  if (filter.status && !g_str_equal (filter.status, "overdue") &&
      !tribune_advice_status_is_known (filter.status)) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "status is one of draft, sent, answered, "
                        "escalated, withdrawn, overdue");
    return;
  }
  if (filter.theme && !tribune_advice_theme_is_known (filter.theme)) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "theme is one of welfare, safety, "
                        "public_space, traffic, housing, environment, other");
    return;
  }
  if (year) {
    if (!g_ascii_string_to_unsigned (year, 10, 1900, 9999, &number, NULL)) {
      tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "year is a year like 2026");
      return;
    }
    filter.year = (gint) number;
  }
  if (meeting) {
    if (!g_ascii_string_to_unsigned (meeting, 10, 1, G_MAXINT64, &number, NULL)) {
      tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, "meeting is a meeting id");
      return;
    }
    filter.meeting = (gint64) number;
  }
  if (filter.council && tribune_store_council_find (app->store, filter.council) == 0) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such council");
    return;
  }
  tribune_advice_today (app, &day);
  {
    g_autoptr (JsonNode) node = tribune_store_advices_list (app->store, &filter, &day);
    tribune_http_json (msg, SOUP_STATUS_OK, node);
  }
}

static void
reply_advice (TribuneApp *app, SoupServerMessage *msg, guint status, gint64 id)
{
  g_autoptr (GError) error = NULL;
  GDate day;

  tribune_advice_today (app, &day);
  tribune_http_json_or_error (msg, status, tribune_store_advice_get (app->store, id, &day,
                                                                     &error), &error);
}

static void
create (TribuneApp *app, SoupServerMessage *msg)
{
  g_autoptr (TribuneUser) user = tribune_auth_require (app, msg, secretaries);
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (user == NULL || (body = tribune_http_body_json_object (msg)) == NULL)
    return;
  id = tribune_store_advice_create (app->store, json_node_get_object (body), user->username,
                                    &error);
  if (id == 0) {
    tribune_http_gerror (msg, error);
    return;
  }
  g_message ("advice %" G_GINT64_FORMAT ": created by user %" G_GINT64_FORMAT, id, user->id);
  reply_advice (app, msg, SOUP_STATUS_CREATED, id);
}

static void
conflict (SoupServerMessage *msg, const GError *error, const gchar *const *allowed)
{
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
}

static void
update (TribuneApp *app, SoupServerMessage *msg, gint64 id)
{
  g_autoptr (TribuneUser) user = tribune_auth_require (app, msg, secretaries);
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *const *allowed = NULL;
  GDate day;

  if (user == NULL || (body = tribune_http_body_json_object (msg)) == NULL)
    return;
  tribune_advice_today (app, &day);
  if (!tribune_store_advice_update (app->store, id, json_node_get_object (body), user->username,
                                    &day, &allowed, &error)) {
    if (allowed)
      conflict (msg, error, allowed);
    else
      tribune_http_gerror (msg, error);
    return;
  }
  g_message ("advice %" G_GINT64_FORMAT ": %s by user %" G_GINT64_FORMAT, id,
             json_object_has_member (json_node_get_object (body), "status") ? "moved" : "edited",
             user->id);
  reply_advice (app, msg, SOUP_STATUS_OK, id);
}

static void
events (TribuneApp *app, SoupServerMessage *msg, gint64 id)
{
  g_autoptr (GError) error = NULL;

  if (g_str_equal (soup_server_message_get_method (msg), "POST")) {
    g_autoptr (TribuneUser) user = tribune_auth_require (app, msg, secretaries);
    g_autoptr (JsonNode) body = NULL;
    g_autofree gchar *note = NULL;
    const gchar *text;

    if (user == NULL || (body = tribune_http_body_json_object (msg)) == NULL)
      return;
    text = tribune_json_string_member (json_node_get_object (body), "note");
    note = text ? g_strstrip (g_strdup (text)) : NULL;
    if (!tribune_store_advice_add_note (app->store, id, note, user->username, &error)) {
      tribune_http_gerror (msg, error);
      return;
    }
    g_message ("advice %" G_GINT64_FORMAT ": note by user %" G_GINT64_FORMAT, id, user->id);
    tribune_http_json_or_error (msg, SOUP_STATUS_CREATED,
                                tribune_store_advice_events (app->store, id, &error), &error);
    return;
  }
  tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                              tribune_store_advice_events (app->store, id, &error), &error);
}

void
tribune_resource_advices (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route,
                          GHashTable *query)
{
  const gchar *method = soup_server_message_get_method (msg);
  guint64 id = 0;

  tribune_http_cors (msg);
  if (route->kind == TRIBUNE_ROUTE_API_ADVICES) {
    if (g_str_equal (method, "POST"))
      create (app, msg);
    else
      list (app, msg, query);
    return;
  }
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL) ||
      !tribune_store_advice_exists (app->store, (gint64) id)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such advice");
    return;
  }
  if (route->kind == TRIBUNE_ROUTE_API_ADVICE_EVENTS)
    events (app, msg, (gint64) id);
  else if (g_str_equal (method, "PATCH"))
    update (app, msg, (gint64) id);
  else
    reply_advice (app, msg, SOUP_STATUS_OK, (gint64) id);
}
