/* store-advices.h — the advice tracker's records (schema version 4, store.c; design in
 * docs/advices.md): advices, the agenda items they were discussed at, their events (the
 * public timeline) and their PDF attachments.
 *
 * The JSON of an advice ("A") is the shape in docs/advices.md. Its clock (overdue,
 * days_left, days_overdue) is computed for @today on every read, never stored.
 *
 * Main thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

typedef struct {
  const gchar *council;   /* a council slug, or NULL for all */
  const gchar *status;    /* a status, "overdue" (sent or escalated, unanswered, past its
                           * deadline), or NULL for all */
  const gchar *theme;     /* or NULL */
  gint year;              /* the year it was sent (drafts: created); 0 for all */
  gint64 meeting;         /* only advices tied to an item of this meeting; 0 for all */
} TribuneAdviceFilter;

/* {"advices": [A…]}, the most recently sent (drafts: created) first. (transfer full) */
JsonNode *tribune_store_advices_list (TribuneStore *store, const TribuneAdviceFilter *filter,
                                      const GDate *today);
/* A; NULL with NOT_FOUND. (transfer full) */
JsonNode *tribune_store_advice_get (TribuneStore *store, gint64 id, const GDate *today,
                                    GError **error);
gboolean tribune_store_advice_exists (TribuneStore *store, gint64 id);

/* Create a draft from @fields {council, title, summary?, text?, kind, theme, addressee,
 * items?: [item ids]}; adds a "created" event by @by. BAD_INPUT with what is wrong,
 * NOT_FOUND for an unknown council or item. Returns the id, 0 on error. */
gint64 tribune_store_advice_create (TribuneStore *store, JsonObject *fields, const gchar *by,
                                    GError **error);
/* Change fields (title, summary, text, kind, theme, addressee, items) and/or move to
 * @change's "status" with that move's fields (sent_at; answered_at, outcome, response;
 * escalated_at, note; note for withdrawn). CONFLICT for a move the table or its condition
 * refuses, with *@allowed set to the states reachable now (static); BAD_INPUT; NOT_FOUND.
 * Each write adds its event(s). */
gboolean tribune_store_advice_update (TribuneStore *store, gint64 id, JsonObject *change,
                                      const gchar *by, const GDate *today,
                                      const gchar *const **allowed, GError **error);
/* A progress note on the timeline (1–2000 characters). */
gboolean tribune_store_advice_add_note (TribuneStore *store, gint64 id, const gchar *note,
                                        const gchar *by, GError **error);
/* {"events": [{"id", "at", "action", "status", "note", "by"}…]} oldest first; NOT_FOUND. */
JsonNode *tribune_store_advice_events (TribuneStore *store, gint64 id, GError **error);
/* The latest @limit events of all advices (of @council's when not NULL), newest first:
 * {"events": [{"id", "at", "action", "status", "note", "by", "advice": {"id", "title",
 * "summary", "council", "council_name"}}…]}. For the Atom feed. (transfer full) */
JsonNode *tribune_store_advice_feed_events (TribuneStore *store, const gchar *council,
                                            guint limit);

/* ---- attachments (the files live under {data}/attachments/{sha256}.pdf) ---- */

/* {"attachments": [{"id", "kind", "name", "bytes", "url"}…]} of advice @advice_id, in
 * upload order. (transfer full) */
JsonNode *tribune_store_advice_attachments (TribuneStore *store, gint64 advice_id);
/* Record an attachment (@kind "advice" or "response") and its "attachment" event. */
gint64 tribune_store_advice_attachment_add (TribuneStore *store, gint64 advice_id,
                                            const gchar *kind, const gchar *name,
                                            const gchar *sha256, gint64 bytes, const gchar *by,
                                            GError **error);
/* {"id", "advice", "kind", "name", "bytes", "sha256"}; NULL with NOT_FOUND. */
JsonNode *tribune_store_advice_attachment_get (TribuneStore *store, gint64 advice_id,
                                               gint64 attachment_id, GError **error);
/* Forget an attachment (an "attachment" event with the note "removed: {name}"). Returns
 * its sha256 when no other attachment uses the same file any more (the caller deletes the
 * file), else an empty string; NULL with NOT_FOUND. (transfer full) */
gchar *tribune_store_advice_attachment_remove (TribuneStore *store, gint64 advice_id,
                                               gint64 attachment_id, const gchar *by,
                                               GError **error);

/* Search hits {"type": "advice", "advice", "title", "summary", "status", "council",
 * "sent_at"} for an FTS5 @match, appended to @hits. */
void tribune_store_advices_search (TribuneStore *store, const gchar *match, JsonArray *hits);

G_END_DECLS
