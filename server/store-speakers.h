/* store-speakers.h — residents who ask to speak on an agenda item (inspreken), schema v5.
 *
 * waiting → admitted → done, or waiting → declined. One turn at a time per meeting.
 * Admitting makes a participant of kind "resident" (an invite whose token the resident's
 * page gets through its own secret) and starts the clock: the turn ends by itself at
 * `ends_us` (the server's speaker clock), or earlier when the chair ends it; the chair can
 * extend it. The turn's wall-clock start and end are its chapter in the recording.
 *
 * The resident gets a secret when asking (only its SHA-256 is kept) to follow their own
 * request. Main thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

/* {id, secret, status}; BAD_INPUT (name 1–80, topic 1–200, item of this meeting),
 * NOT_FOUND (meeting), CONFLICT (the meeting has ended). */
JsonNode *tribune_store_speaker_add (TribuneStore *store, gint64 meeting_id,
                                     const gchar *name, const gchar *topic, gint64 item_id,
                                     GError **error);
/* {speakers: [{id, name, topic, item_id, status, created_at, starts_at, ends_at, ended_at,
 * participant_id}]} in order of asking. */
JsonNode *tribune_store_speakers_list (TribuneStore *store, gint64 meeting_id, GError **error);
/* One request as its resident sees it, with {join: {url, token}} while admitted (the
 * token is made at admission and kept only as the resident's secret can fetch it: it is
 * re-issued here, see .c). NOT_FOUND unless @secret matches. */
JsonNode *tribune_store_speaker_for_resident (TribuneStore *store, gint64 id,
                                              const gchar *secret, GError **error);
/* The chair's moves. @action "admit" (@seconds: the turn), "extend" (@seconds more),
 * "end", "decline". CONFLICT for a move the status does not allow, or admitting while
 * another turn runs. Returns the request (as in the list). */
JsonNode *tribune_store_speaker_act (TribuneStore *store, gint64 meeting_id, gint64 id,
                                     const gchar *action, guint seconds, guint invite_hours,
                                     GError **error);
/* End every admitted turn whose time is up (@now_us wall clock); the meetings touched
 * (gint64), so their rooms can be reconciled. */
GArray *tribune_store_speakers_end_due (TribuneStore *store, gint64 now_us);
/* The running turn's end (wall clock µs) of participant @participant_id, or 0. */
gint64 tribune_store_speaker_turn_end (TribuneStore *store, gint64 participant_id);
/* Turns that started, for the archive: (transfer full) array of TribuneSpeakerTurn. */
typedef struct {
  gint64 id, item_id;
  gchar *name, *topic;
  gint64 start_us, end_us;      /* end 0 while running */
} TribuneSpeakerTurn;
GArray *tribune_store_speaker_turns (TribuneStore *store, gint64 meeting_id);

G_END_DECLS
