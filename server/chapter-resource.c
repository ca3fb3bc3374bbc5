/* chapter-resource.c — PATCH /api/meetings/{id}/agenda/{item}/chapter
 * {"offset_s": 123.4}: the archivist (or the chair, or the secretary) moves an item's
 * chapter to where the item really starts in the recording.
 *
 * The offset is on the recording's timeline (what the player shows); it is stored as the
 * wall-clock time at that point (timeline.h), so it keeps meaning the same moment while a
 * live recording grows. 200 with the meeting; 400 for an offset that is not a number
 * within the recording, 404 for an unknown meeting or an item without a chapter, 409
 * when nothing is recorded yet.
 */
#include "resources.h"
#include "archive.h"
#include "auth.h"
#include "http-util.h"
#include "recording-index.h"
#include "store-meetings.h"

#include <math.h>

static const gchar *const correctors[] = { "admin", "chair", "archivist", NULL };

static gint64
parse_id (const gchar *text)
{
  guint64 id = 0;

  return text && g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &id, NULL) ? (gint64) id : 0;
}

/* The member as a number (integer or not); FALSE when absent or another type. */
static gboolean
number_member (JsonObject *o, const gchar *name, gdouble *value)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  if (json_node_get_value_type (n) == G_TYPE_INT64)
    *value = (gdouble) json_node_get_int (n);
  else if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    *value = json_node_get_double (n);
  else
    return FALSE;
  return isfinite (*value);
}

void
tribune_resource_chapter (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  gint64 meeting = parse_id (route->file), item = parse_id (route->item);
  g_autoptr (TribuneUser) user = NULL;
  g_autoptr (JsonNode) body = NULL;
  g_autoptr (TribuneArchive) a = NULL;
  g_autoptr (GError) error = NULL;
  gdouble offset_s = 0;
  gint64 wall_us = 0, duration_us;

  tribune_http_cors (msg);
  if (meeting == 0 || item == 0) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting or agenda item");
    return;
  }
  if ((user = tribune_auth_require (app, msg, correctors)) == NULL ||
      (body = tribune_http_body_json_object (msg)) == NULL)
    return;
  if (!number_member (json_node_get_object (body), "offset_s", &offset_s) || offset_s < 0) {
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST,
                        "offset_s is a number of seconds from the start of the recording");
    return;
  }
  if ((a = tribune_archive_load (app->store, meeting, &error)) == NULL) {
    tribune_http_gerror (msg, error);
    return;
  }
  duration_us = tribune_timeline_duration_us (a->timeline);
  if (duration_us == 0) {
    tribune_http_error (msg, SOUP_STATUS_CONFLICT, "nothing of this meeting is recorded yet");
    return;
  }
  if (offset_s > duration_us / 1e6 ||
      !tribune_timeline_wall_at (a->timeline, (gint64) llround (offset_s * 1e6), &wall_us)) {
    g_autofree gchar *text = g_strdup_printf ("offset_s must be between 0 and %.3f (the "
                                              "length of the recording)", duration_us / 1e6);
    tribune_http_error (msg, SOUP_STATUS_BAD_REQUEST, text);
    return;
  }
  if (!tribune_recording_index_move_chapter (app->store, meeting, item, wall_us, &error)) {
    tribune_http_gerror (msg, error);
    return;
  }
  g_message ("meeting %" G_GINT64_FORMAT ": chapter of item %" G_GINT64_FORMAT " moved to "
             "%.3f s by %s", meeting, item, offset_s, user->role);
  tribune_http_json_or_error (msg, SOUP_STATUS_OK,
                              tribune_store_meeting_get (app->store, meeting, &error), &error);
}
