/* resources.h — the HTTP resource handlers, one file each, dispatched by http-router.c.
 * Each takes the app, the message and the parsed route; all run on the main thread. */
#pragma once

#include "app.h"
#include "rate-limit.h"
#include "routes.h"
#include "store-participants.h"

G_BEGIN_DECLS

/* whep-whip.c: POST offer, DELETE session, PATCH trickle ICE. */
void tribune_resource_webrtc (TribuneApp *app, SoupServerMessage *msg,
                              const TribuneRoute *route);
/* participant-media.c: a remote participant's WHIP / WHEP sessions (invite token as the
 * bearer) and the hall's return feed (ingest key). */
void tribune_resource_participant_media (TribuneApp *app, SoupServerMessage *msg,
                                         const TribuneRoute *route);
/* The participant whose invite token the request carries (Authorization: Bearer, else
 * @query_token), not removed; else replies 401/403 and returns NULL. (transfer full) */
TribuneParticipant *tribune_participant_from_request (TribuneApp *app, SoupServerMessage *msg,
                                           gint64 meeting_id, const gchar *query_token);
/* participants-resource.c: invites, the participants list and the chair's actions, the
 * layout, and the participant's own view (/api/join/{meeting}). */
void tribune_resource_participants (TribuneApp *app, SoupServerMessage *msg,
                                    const TribuneRoute *route, GHashTable *query);
/* Publish the meeting's participants: the full list on "moderation/{meeting}" and the
 * public shape on the room's stream. */
void tribune_participants_publish (TribuneApp *app, gint64 meeting_id);
/* speakers-resource.c: residents asking to speak, the chair's admit / extend / end /
 * decline, the resident's own view. */
void tribune_resource_speakers (TribuneApp *app, SoupServerMessage *msg,
                                const TribuneRoute *route, GHashTable *query);
/* Publish the meeting's requests to speak (and @changed's public shape, if given). */
void tribune_speakers_publish (TribuneApp *app, gint64 meeting_id, JsonNode *changed);
/* hls-resource.c: playlist from memory, segments from disk. */
void tribune_resource_hls (TribuneApp *app, SoupServerMessage *msg,
                           const TribuneRoute *route);
/* status-resource.c: /healthz, /metrics, /api/rooms[/{room}]. */
void tribune_resource_status (TribuneApp *app, SoupServerMessage *msg,
                              const TribuneRoute *route);
/* session-resource.c: /api/session (log in, who am I, log out). */
void tribune_resource_session (TribuneApp *app, SoupServerMessage *msg,
                               const TribuneRoute *route);
/* meetings-resource.c: /api/councils, /api/meetings[/{id}]; @query may be NULL. */
void tribune_resource_meetings (TribuneApp *app, SoupServerMessage *msg,
                                const TribuneRoute *route, GHashTable *query);
/* agenda-resource.c: /api/meetings/{id}/agenda[/{item}] and /api/search. */
void tribune_resource_agenda (TribuneApp *app, SoupServerMessage *msg,
                              const TribuneRoute *route, GHashTable *query);
/* vod-resource.c: /vod/{meeting}/… the recorded archive (playlists, chapters, segments,
 * MP4 clips). */
void tribune_resource_vod (TribuneApp *app, SoupServerMessage *msg,
                           const TribuneRoute *route);
/* chapter-resource.c: PATCH an agenda item's chapter (admin, chair, archivist). */
void tribune_resource_chapter (TribuneApp *app, SoupServerMessage *msg,
                               const TribuneRoute *route);
/* chair-resource.c: start, end, current agenda item (chair or admin). */
void tribune_resource_chair (TribuneApp *app, SoupServerMessage *msg,
                             const TribuneRoute *route);
/* events-resource.c: GET /api/rooms/{room}/events (Server-Sent Events). */
void tribune_resource_events (TribuneApp *app, SoupServerMessage *msg,
                              const TribuneRoute *route);
/* users-resource.c: /api/users[/{id}] (admin). */
void tribune_resource_users (TribuneApp *app, SoupServerMessage *msg,
                             const TribuneRoute *route);
/* questions-resource.c: /api/meetings/{id}/questions, /api/questions/{id}[/votes|/screen]. */
void tribune_resource_questions (TribuneApp *app, SoupServerMessage *msg,
                                 const TribuneRoute *route, GHashTable *query);
/* Publish question @id's change: the full question on "moderation/{meeting}", the public
 * shape on the room's stream when it is public now or @was_public. */
void tribune_questions_publish (TribuneApp *app, gint64 id, gboolean was_public);
/* Is the request's user a chair, admin or member? */
gboolean tribune_questions_is_moderator (TribuneApp *app, SoupServerMessage *msg);
/* The rate limits for asking (5) and voting (30) per client per 10 minutes. */
TribuneRateLimit *tribune_questions_ask_limit (void);
TribuneRateLimit *tribune_questions_vote_limit (void);
/* moderation-resource.c: /api/meetings/{id}/moderation[/events]. */
void tribune_resource_moderation (TribuneApp *app, SoupServerMessage *msg,
                                  const TribuneRoute *route);
/* advices-resource.c: /api/advices[/{id}[/events]] (docs/advices.md). */
void tribune_resource_advices (TribuneApp *app, SoupServerMessage *msg,
                               const TribuneRoute *route, GHashTable *query);
/* Today's date where the councils are (config time_zone): the advice clock's "today". */
void tribune_advice_today (TribuneApp *app, GDate *out);
/* advice-attachments-resource.c: /api/advices/{id}/attachments[/{attachment}] (PDF). */
void tribune_resource_advice_attachments (TribuneApp *app, SoupServerMessage *msg,
                                          const TribuneRoute *route, GHashTable *query);
/* advice-feeds-resource.c: /advices.atom, /advices.ics, /api/advices.json,
 * /api/export/ori.jsonld. */
void tribune_resource_advice_feeds (TribuneApp *app, SoupServerMessage *msg,
                                    const TribuneRoute *route, GHashTable *query);
/* static-resource.c: pages, /static/…, /vendor/…. */
void tribune_resource_static (TribuneApp *app, SoupServerMessage *msg,
                              const TribuneRoute *route);
/* Send a file with a content type from its name; 404 JSON if it does not exist. */
void tribune_resource_send_file (SoupServerMessage *msg, const gchar *path,
                                 const gchar *cache_control);

/* http-router.c */
void tribune_http_router_attach (TribuneApp *app);

G_END_DECLS
