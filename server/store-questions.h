/* store-questions.h — residents' questions to a meeting, their votes and the moderation
 * log (schema version 3, store.c).
 *
 * A resident asks while the meeting is live or on the day it is planned; a question starts
 * "pending" and only the chair's side (chair, admin, member) sees it until it is approved.
 * The asker gets a token once (stored as its SHA-256) that lets them follow their own
 * question in any status. The statuses and their moves:
 *
 *   pending  → approved | declined | merged | answered
 *   approved → answered | declined | pending | merged
 *   declined → pending | approved
 *   answered → approved
 *   merged   (final: its votes went to the question it was merged into)
 *
 * Every moderator change adds a moderation_log row (action: the new status, "edited",
 * "on_screen" or "off_screen"); the public log shows no resident's name or text.
 *
 * Views (the JSON "Q" of docs/api.md): STAFF has everything incl. original_text; OWNER is
 * the public shape with the asker's own text in any status; PUBLIC is the public shape,
 * and for a question that is not public (pending, merged) carries no text, name,
 * neighbourhood or reason. Names and neighbourhoods are left out of public and owner views
 * of meetings that ended more than @names_days ago (0: never).
 *
 * Main thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_QUESTION_VIEW_PUBLIC,
  TRIBUNE_QUESTION_VIEW_OWNER,
  TRIBUNE_QUESTION_VIEW_STAFF,
} TribuneQuestionView;

/* ---- the status table (pure) ---- */

/* The statuses @status may move to (NULL-terminated, possibly empty); NULL when @status
 * is not a status. (transfer none) */
const gchar *const *tribune_question_next_statuses (const gchar *status);
gboolean tribune_question_can_move (const gchar *from, const gchar *to);
/* approved, answered and declined questions are public. */
gboolean tribune_question_status_is_public (const gchar *status);

/* ---- queries ---- */

/* Ask: @text 1–500 characters after trimming, @name/@neighbourhood ≤ 80 (NULL or blank:
 * none), @item_id 0 for the meeting's current item. BAD_INPUT, NOT_FOUND, or CONFLICT
 * when questions are closed. Returns the 201 body with the token (transfer full). */
JsonNode *tribune_store_question_add (TribuneStore *store, gint64 meeting_id,
                                      const gchar *text, const gchar *name,
                                      const gchar *neighbourhood, gint64 item_id,
                                      GError **error);
/* {"questions": [Q…]} by item position, votes (most first), id. @staff: every status;
 * else the public ones plus the asker's own for @token (may be NULL). NOT_FOUND for an
 * unknown meeting. (transfer full) */
JsonNode *tribune_store_questions_list (TribuneStore *store, gint64 meeting_id,
                                        gboolean staff, const gchar *token, guint names_days,
                                        GError **error);
/* One Q in @view, NOT_FOUND if there is none. (transfer full) */
JsonNode *tribune_store_question_get (TribuneStore *store, gint64 id, TribuneQuestionView view,
                                      guint names_days, GError **error);
/* Does @token belong to question @id? */
gboolean tribune_store_question_token_matches (TribuneStore *store, gint64 id,
                                               const gchar *token);
/* The question's meeting and status (transfer full, *@status), FALSE if there is none. */
gboolean tribune_store_question_meta (TribuneStore *store, gint64 id, gint64 *meeting_id,
                                      gchar **status);

/* A moderator's change: any of @status, @reason, @text (NULL: unchanged), @merged_into
 * (0: none). An illegal move is CONFLICT with *@allowed set to the statuses that are
 * allowed (transfer none); bad values BAD_INPUT. */
gboolean tribune_store_question_update (TribuneStore *store, gint64 id, const gchar *status,
                                        const gchar *reason, const gchar *text,
                                        gint64 merged_into, const gchar *by,
                                        const gchar *const **allowed, GError **error);
/* One vote per @client_key (kept only as a salted hash): the new count in *@votes.
 * CONFLICT when the question is not approved or this client has voted. */
gboolean tribune_store_question_vote (TribuneStore *store, gint64 id, const gchar *client_key,
                                      gint64 *votes, GError **error);
/* Put on screen (taking the meeting's other question off; its id in *@other, 0 if none)
 * or take off. On: CONFLICT unless approved or answered in a live meeting. */
gboolean tribune_store_question_screen (TribuneStore *store, gint64 id, gboolean on,
                                        const gchar *by, gint64 *other, GError **error);
/* The question on screen in @meeting_id: {"name", "neighbourhood", "text"} or NULL.
 * (transfer full) */
JsonNode *tribune_store_question_on_screen (TribuneStore *store, gint64 meeting_id);
/* Take the meeting's question off screen because the meeting ended, logged as @by's
 * "off_screen" with reason "meeting_ended"; its id, 0 if none was on screen. */
gint64 tribune_store_questions_clear_screen (TribuneStore *store, gint64 meeting_id,
                                             const gchar *by);
/* {"log": [{at, question, action, reason, by}]}; NOT_FOUND for an unknown meeting. */
JsonNode *tribune_store_moderation_log (TribuneStore *store, gint64 meeting_id,
                                        GError **error);
/* The room of @meeting_id (transfer full), NULL if there is no such meeting. */
gchar *tribune_store_meeting_room (TribuneStore *store, gint64 meeting_id);
/* Append search hits for approved and answered questions matching the FTS5 @match:
 * {"type": "question", meeting, meeting_title, starts_at, council, question, text, item,
 * status, answered_offset_s}. */
void tribune_store_questions_search (TribuneStore *store, const gchar *match, JsonArray *hits);

G_END_DECLS
