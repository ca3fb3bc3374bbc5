/* app.h — the running server: configuration, rooms and the HTTP server.
 *
 * Resource handlers (whep-whip.c, hls-resource.c, status-resource.c, static-resource.c)
 * get the app and look rooms up here. Main thread only, except tribune_app_find_room:
 * the rooms table is filled before the server listens and never changes after, so the
 * HLS threads (hls-fast.h) read it too.
 */
#pragma once

#include <libsoup/soup.h>

#include "config.h"
#include "clips.h"
#include "event-stream.h"
#include "rate-limit.h"
#include "recorder.h"
#include "room.h"
#include "store.h"

G_BEGIN_DECLS

typedef struct {
  TribuneConfig *config;
  TribuneStore *store;        /* DATA/tribune.db */
  TribuneEventHub *events;    /* Server-Sent Events to the pages, per room */
  TribuneRecorder *recorder;  /* keeps live meetings' segments in DATA/recordings */
  TribuneClips *clips;        /* MP4 clips of agenda items, DATA/cache/clips */
  TribuneRateLimit *question_limit;  /* residents asking, per client (memory only) */
  TribuneRateLimit *vote_limit;      /* residents voting, per client (memory only) */
  TribuneRateLimit *speaker_limit;   /* residents asking to speak, per client */
  guint speaker_clock;               /* ends speaking turns whose time is up */
  GHashTable *rooms;          /* id → TribuneRoom*, owned */
  GPtrArray *room_order;      /* TribuneRoom*, config order, not owned */
  SoupServer *server;
  struct _TribuneHlsFast *hls_fast;  /* the listening socket's threads (hls-fast.h); or NULL */
  gint64 started_us;
  guint port;                 /* the port actually listened on */
} TribuneApp;

/* Opens the database and builds and starts every room; fails if the database cannot be
 * opened or a room's program cannot start. */
TribuneApp *tribune_app_new (TribuneConfig *config, GError **error);
/* Listen on the configured address and port (0: a free port). */
gboolean tribune_app_listen (TribuneApp *app, GError **error);
void tribune_app_free (TribuneApp *app);
TribuneRoom *tribune_app_find_room (TribuneApp *app, const gchar *id);

G_END_DECLS
