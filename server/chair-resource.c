/* chair-resource.c — running a meeting: POST /api/meetings/{id}/start, …/end and
 * …/agenda/{item}/current. The chair and the secretary (admin) may do this; making an item
 * current records a chapter mark (wall clock) that the recording's timeline maps to. */
#include "resources.h"
#include "auth.h"
#include "http-util.h"
#include "meeting-runtime.h"
#include "store-meetings.h"
#include "store-questions.h"

static const gchar *const runners[] = { "chair", "admin", NULL };

void
tribune_resource_chair (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (GError) error = NULL;
  guint64 id = 0, item = 0;
  JsonNode *node;

  tribune_http_cors (msg);
  if (!g_ascii_string_to_unsigned (route->file, 10, 1, G_MAXINT64, &id, NULL) ||
      (route->kind == TRIBUNE_ROUTE_API_AGENDA_CURRENT &&
       !g_ascii_string_to_unsigned (route->item, 10, 1, G_MAXINT64, &item, NULL))) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting or agenda item");
    return;
  }
  if ((user = tribune_auth_require (app, msg, runners)) == NULL)
    return;
  if (route->kind == TRIBUNE_ROUTE_API_AGENDA_CURRENT)
    node = tribune_store_meeting_set_current (app->store, (gint64) id, (gint64) item,
                                              g_get_real_time (), &error);
  else if (g_str_equal (route->item, "start"))
    node = tribune_store_meeting_start (app->store, (gint64) id, &error);
  else
    node = tribune_store_meeting_end (app->store, (gint64) id, &error);
  /* The question on screen leaves with the meeting, in the log under the chair's name
   * (the runtime below would otherwise clear it as "tribune"). */
  if (node && route->kind != TRIBUNE_ROUTE_API_AGENDA_CURRENT && g_str_equal (route->item, "end")) {
    gint64 shown = tribune_store_questions_clear_screen (app->store, (gint64) id, user->username);

    if (shown)
      tribune_questions_publish (app, shown, TRUE);
  }
  if (node)
    tribune_meeting_runtime_changed (app, (gint64) id);
  if (node)
    g_message ("meeting %" G_GUINT64_FORMAT ": %s by %s", id,
               route->kind == TRIBUNE_ROUTE_API_AGENDA_CURRENT ? "item changed" : route->item,
               user->role);
  tribune_http_json_or_error (msg, SOUP_STATUS_OK, node, &error);
}
