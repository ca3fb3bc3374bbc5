/* store-meetings.h — councils and their meetings (the agenda lives in store-agenda.c).
 * Times are ISO 8601 UTC text ("2026-12-01T19:00:00Z"). Main thread. */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

/* Each returns a JSON node for the API (transfer full), or NULL with an error:
 * TRIBUNE_ERROR_BAD_INPUT, _NOT_FOUND or _CONFLICT. */
JsonNode *tribune_store_councils_list (TribuneStore *store);
JsonNode *tribune_store_council_add (TribuneStore *store, const gchar *slug,
                                     const gchar *name, gint advice_term_days,
                                     GError **error);
/* @council: a numeric id or a slug. Returns its id, 0 if there is none. */
gint64 tribune_store_council_find (TribuneStore *store, const gchar *council);

/* @council_id 0: all councils; @from/@to: NULL for no bound (ISO 8601). */
JsonNode *tribune_store_meetings_list (TribuneStore *store, gint64 council_id,
                                       const gchar *from, const gchar *to, GError **error);
JsonNode *tribune_store_meeting_get (TribuneStore *store, gint64 id, GError **error);
/* The meeting with its agenda items only (no chapters, no recording): what the live
 * events need, without loading the recording's timeline (thousands of rows on a long
 * meeting). (transfer full) */
JsonNode *tribune_store_meeting_get_light (TribuneStore *store, gint64 id, GError **error);
JsonNode *tribune_store_meeting_add (TribuneStore *store, gint64 council_id,
                                     const gchar *title, const gchar *room,
                                     const gchar *starts_at, GError **error);
/* NULL members are left as they are. Ended meetings cannot change (CONFLICT). */
JsonNode *tribune_store_meeting_update (TribuneStore *store, gint64 id, const gchar *title,
                                        const gchar *room, const gchar *starts_at,
                                        GError **error);
/* A live meeting cannot be deleted (CONFLICT). */
gboolean tribune_store_meeting_delete (TribuneStore *store, gint64 id, GError **error);

/* The chair runs the meeting. start: planned → live (CONFLICT if it is not planned or
 * another meeting is live in the same room); end: live → ended. */
JsonNode *tribune_store_meeting_start (TribuneStore *store, gint64 id, GError **error);
JsonNode *tribune_store_meeting_end (TribuneStore *store, gint64 id, GError **error);
/* Make @item_id current in a live meeting and record a chapter mark at @wall_us
 * (µs since the epoch). CONFLICT when not live, NOT_FOUND for another meeting's item. */
JsonNode *tribune_store_meeting_set_current (TribuneStore *store, gint64 id, gint64 item_id,
                                             gint64 wall_us, GError **error);

/* The ids of the meetings that are live now (transfer full; gint64 elements). */
GArray *tribune_store_live_meetings (TribuneStore *store);
/* The id of the meeting live in @room, 0 if none. */
gint64 tribune_store_room_live_meeting (TribuneStore *store, const gchar *room);

/* "2026-12-01T20:00:00+01:00" → "2026-12-01T19:00:00Z"; NULL if not ISO 8601 with a
 * time zone. (transfer full) */
gchar *tribune_iso8601_to_utc (const gchar *text);

G_END_DECLS
