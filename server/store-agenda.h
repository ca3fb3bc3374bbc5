/* store-agenda.h — a meeting's agenda items and the search over them.
 * Items are numbered 1..n by `position`; adding appends, moving or deleting renumbers.
 * The agenda can change until the meeting has ended. Main thread. */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

/* {"items": [...]}; NOT_FOUND for an unknown meeting. (transfer full) */
JsonNode *tribune_store_agenda_list (TribuneStore *store, gint64 meeting_id, GError **error);
/* @description and @kind may be NULL ("" and "discussion"). */
JsonNode *tribune_store_agenda_add (TribuneStore *store, gint64 meeting_id,
                                    const gchar *title, const gchar *description,
                                    const gchar *kind, GError **error);
/* NULL / 0 members stay as they are; @position moves the item (1 = first). */
JsonNode *tribune_store_agenda_update (TribuneStore *store, gint64 meeting_id,
                                       gint64 item_id, const gchar *title,
                                       const gchar *description, const gchar *kind,
                                       gint64 position, GError **error);
gboolean tribune_store_agenda_delete (TribuneStore *store, gint64 meeting_id, gint64 item_id,
                                      GError **error);
/* Full-text search over agenda titles and descriptions ({"type": "item", meeting, item…})
 * and approved or answered residents' questions ({"type": "question", …}): {"hits": […]}.
 * Every word must match (prefixes too); accents do not matter. */
JsonNode *tribune_store_search (TribuneStore *store, const gchar *query, GError **error);

G_END_DECLS
