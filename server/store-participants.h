/* store-participants.h — remote participants of hybrid meetings (schema v5, store.c).
 *
 * A participant row is an invite link: who (name, kind member or resident), the SHA-256
 * of its token (the token itself is shown once, when the invite is made), until when it
 * works, and the state the chair and the participant set (muted, hand raised, removed).
 * `connected` is written by the runtime from what the room sees. The meeting's layout
 * (focus, grid, hall; an optional participant in focus) is kept on the meeting.
 *
 * Main thread (one connection).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id, meeting_id;
  gchar *name;
  gchar *kind;                    /* "member" or "resident" */
  gboolean muted, hand_raised, removed, connected;
  gchar *expires_at;              /* ISO 8601 UTC */
} TribuneParticipant;

void tribune_participant_free (TribuneParticipant *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneParticipant, tribune_participant_free)

/* No control characters, line or paragraph separators (U+2028/9) or non-characters. */
gboolean tribune_plain_text_is_clean (const gchar *text);
/* A fresh random token (base64url, 256 bits) and its SHA-256 (hex). (transfer full) */
void tribune_store_new_token (gchar **token, gchar **hash);
gchar *tribune_store_hash_token (const gchar *token);
/* Insert a participant whose token has @token_hash; returns its id, or 0 with @error.
 * *@expires_at (optional) gets the expiry. */
gint64 tribune_store_participant_insert (TribuneStore *store, gint64 meeting_id,
                                         const gchar *name, const gchar *kind,
                                         const gchar *token_hash, guint valid_hours,
                                         gint64 created_by, gchar **expires_at,
                                         GError **error);
/* A new invite; returns {id, name, kind, token, url, expires_at} (the only time the token
 * is seen). BAD_INPUT for a bad name or kind, NOT_FOUND for an unknown meeting. */
JsonNode *tribune_store_invite_create (TribuneStore *store, gint64 meeting_id,
                                       const gchar *name, const gchar *kind,
                                       guint valid_hours, gint64 created_by, GError **error);
/* The participant whose invite @token is, for @meeting_id; UNAUTHORIZED when unknown or
 * expired. A removed participant is returned (the caller refuses it with 403). */
TribuneParticipant *tribune_store_participant_by_token (TribuneStore *store,
                                                        gint64 meeting_id,
                                                        const gchar *token, GError **error);
TribuneParticipant *tribune_store_participant_get (TribuneStore *store, gint64 meeting_id,
                                                   gint64 id, GError **error);
/* (element-type TribuneParticipant) in invite order. */
GPtrArray *tribune_store_participants_list (TribuneStore *store, gint64 meeting_id,
                                            GError **error);
/* One participant as the API shows it (no token hash). (transfer full) */
JsonNode *tribune_participant_to_json (const TribuneParticipant *p);

/* @field: "muted", "hand_raised" or "removed". NOT_FOUND for an unknown id. */
gboolean tribune_store_participant_set_flag (TribuneStore *store, gint64 meeting_id,
                                             gint64 id, const gchar *field, gboolean value,
                                             GError **error);
gboolean tribune_store_participant_set_connected (TribuneStore *store, gint64 id,
                                                  gboolean connected, GError **error);
/* Revoke: the row goes, the link stops working. */
gboolean tribune_store_participant_delete (TribuneStore *store, gint64 meeting_id,
                                           gint64 id, GError **error);

/* Participants marked connected in meetings held in @room: pairs (id, meeting id). */
GArray *tribune_store_participants_connected_in_room (TribuneStore *store, const gchar *room);
/* The meeting of participant @id, or 0. */
gint64 tribune_store_participant_meeting (TribuneStore *store, gint64 id);

/* @kind "focus", "grid" or "hall"; @focus a participant of the meeting or 0 (automatic). */
gboolean tribune_store_meeting_set_layout (TribuneStore *store, gint64 meeting_id,
                                           const gchar *kind, gint64 focus, GError **error);
gboolean tribune_store_meeting_layout (TribuneStore *store, gint64 meeting_id, gchar **kind,
                                       gint64 *focus, GError **error);

G_END_DECLS
