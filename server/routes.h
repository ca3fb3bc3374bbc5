/* routes.h — map a request path to a route and its parameters. Pure; unit-tested.
 *
 * The URL space (docs/api.md): /whep/{room}[/{session}], /whip/{room}[/{session}],
 * /whip/join/{meeting}[/{session}], /whep/join/{meeting}[/{session}], /whep/{room}/hall,
 * /hls/{room}/{file}, /vod/{meeting}/…, /healthz, /metrics, /api/rooms[/{room}],
 * /api/session, /api/councils,
 * /api/meetings[/{id}[/agenda[/{item}[/current|/chapter]]|/start|/end]], /api/search,
 * /api/meetings/{id}/questions, /api/meetings/{id}/moderation[/events],
 * /api/questions/{id}[/votes|/screen], /api/advices[.json], /api/advices/{id}[/events|
 * /attachments[/{attachment}]], /api/export/ori.jsonld, /advices.atom, /advices.ics, the pages
 * /, /room/{room}, /hall/{room}, /archive[/{meeting}], /login, /admin, /chair/{meeting},
 * /advices[/{id}], /admin/advices, /api/meetings/{id}/invites|participants[/{p}]|layout,
 * /api/join/{meeting}, /join/{meeting}, /api/meetings/{id}/speakers[/{s}], /api/speakers/{s},
 * static files under /static/ and the player library under /vendor/.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_ROUTE_NONE,
  TRIBUNE_ROUTE_WHEP,              /* room */
  TRIBUNE_ROUTE_WHEP_SESSION,      /* room, session */
  TRIBUNE_ROUTE_WHIP,
  TRIBUNE_ROUTE_WHIP_SESSION,
  TRIBUNE_ROUTE_WHIP_JOIN,         /* file: the meeting id (a participant sends) */
  TRIBUNE_ROUTE_WHIP_JOIN_SESSION, /* file: the meeting id, session */
  TRIBUNE_ROUTE_WHEP_JOIN,         /* file: the meeting id (a participant receives) */
  TRIBUNE_ROUTE_WHEP_JOIN_SESSION, /* file: the meeting id, session */
  TRIBUNE_ROUTE_WHEP_HALL,         /* room: the hall's return feed */
  TRIBUNE_ROUTE_HLS,               /* room, file (index.m3u8 or a segment) */
  TRIBUNE_ROUTE_HEALTHZ,
  TRIBUNE_ROUTE_METRICS,
  TRIBUNE_ROUTE_API_ROOMS,
  TRIBUNE_ROUTE_API_ROOM,          /* room */
  TRIBUNE_ROUTE_API_SESSION,       /* log in / out */
  TRIBUNE_ROUTE_API_COUNCILS,
  TRIBUNE_ROUTE_API_MEETINGS,
  TRIBUNE_ROUTE_API_MEETING,       /* file: the meeting id */
  TRIBUNE_ROUTE_API_AGENDA,        /* file: the meeting id */
  TRIBUNE_ROUTE_API_AGENDA_ITEM,   /* file: the meeting id, item: the item id */
  TRIBUNE_ROUTE_API_SEARCH,
  TRIBUNE_ROUTE_API_MEETING_ACTION, /* file: the meeting id, item: "start" or "end" */
  TRIBUNE_ROUTE_API_AGENDA_CURRENT, /* file: the meeting id, item: the item id */
  TRIBUNE_ROUTE_API_CHAPTER,       /* file: the meeting id, item: the item id */
  TRIBUNE_ROUTE_VOD,               /* file: the meeting id, session: NULL, "items" or a
                                    * recording id, item: the last path part */
  TRIBUNE_ROUTE_API_ROOM_EVENTS,   /* room: Server-Sent Events */
  TRIBUNE_ROUTE_API_USERS,
  TRIBUNE_ROUTE_API_USER,          /* file: the user id */
  TRIBUNE_ROUTE_API_QUESTIONS,     /* file: the meeting id */
  TRIBUNE_ROUTE_API_QUESTION,      /* file: the question id */
  TRIBUNE_ROUTE_API_QUESTION_VOTES, /* file: the question id */
  TRIBUNE_ROUTE_API_QUESTION_SCREEN, /* file: the question id */
  TRIBUNE_ROUTE_API_MODERATION,    /* file: the meeting id: the public log */
  TRIBUNE_ROUTE_API_MODERATION_EVENTS, /* file: the meeting id: Server-Sent Events */
  TRIBUNE_ROUTE_API_ADVICES,       /* list (filters in the query), create */
  TRIBUNE_ROUTE_API_ADVICE,        /* file: the advice id */
  TRIBUNE_ROUTE_API_ADVICE_EVENTS, /* file: the advice id: its timeline, or a note */
  TRIBUNE_ROUTE_API_ADVICE_ATTACHMENTS, /* file: the advice id */
  TRIBUNE_ROUTE_API_ADVICE_ATTACHMENT,  /* file: the advice id, item: the attachment id */
  TRIBUNE_ROUTE_API_ADVICES_JSON,  /* open data: every advice */
  TRIBUNE_ROUTE_API_EXPORT_ORI,    /* JSON-LD export (Open Raadsinformatie shape) */
  TRIBUNE_ROUTE_ADVICE_FEED,       /* file: "advices.atom" or "advices.ics" */
  TRIBUNE_ROUTE_API_INVITES,       /* file: the meeting id */
  TRIBUNE_ROUTE_API_PARTICIPANTS,  /* file: the meeting id */
  TRIBUNE_ROUTE_API_PARTICIPANT,   /* file: the meeting id, item: the participant id */
  TRIBUNE_ROUTE_API_LAYOUT,        /* file: the meeting id */
  TRIBUNE_ROUTE_API_JOIN,          /* file: the meeting id (the participant's own view) */
  TRIBUNE_ROUTE_PAGE_JOIN,         /* file: the meeting id */
  TRIBUNE_ROUTE_API_SPEAKERS,      /* file: the meeting id */
  TRIBUNE_ROUTE_API_SPEAKER,       /* file: the meeting id, item: the request id */
  TRIBUNE_ROUTE_API_SPEAKER_SELF,  /* file: the request id (the resident's view) */
  TRIBUNE_ROUTE_PAGE_INDEX,
  TRIBUNE_ROUTE_PAGE_ROOM,         /* room */
  TRIBUNE_ROUTE_PAGE_HALL,         /* room */
  TRIBUNE_ROUTE_PAGE_ARCHIVE,      /* the public archive: search and filters */
  TRIBUNE_ROUTE_PAGE_ARCHIVE_MEETING, /* file: the meeting id */
  TRIBUNE_ROUTE_PAGE_LOGIN,
  TRIBUNE_ROUTE_PAGE_ADMIN,
  TRIBUNE_ROUTE_PAGE_CHAIR,        /* file: the meeting id */
  TRIBUNE_ROUTE_PAGE_ADVICES,      /* the public advice tracker */
  TRIBUNE_ROUTE_PAGE_ADVICE,       /* file: the advice id */
  TRIBUNE_ROUTE_PAGE_ADMIN_ADVICES, /* the secretary's editor */
  TRIBUNE_ROUTE_STATIC,            /* file: relative path under web/ */
  TRIBUNE_ROUTE_VENDOR,            /* file */
} TribuneRouteKind;

typedef struct {
  TribuneRouteKind kind;
  gchar *room;
  gchar *session;
  gchar *file;
  gchar *item;
} TribuneRoute;

/* Fills @route; returns FALSE (kind NONE) for paths that match nothing, including paths
 * with empty segments, "." or "..", or characters outside [A-Za-z0-9._-] in a segment. */
gboolean tribune_route_parse (const gchar *path, TribuneRoute *route);
void tribune_route_clear (TribuneRoute *route);
/* The methods a route answers, for 405 Allow headers: e.g. "POST, OPTIONS". */
const gchar *tribune_route_allowed_methods (TribuneRouteKind kind);

G_END_DECLS
