/* remote-participant.h — a council member (or an admitted resident) taking part from a
 * browser: what they send into the program and what they hear back.
 *
 * A remote participant has a tile in the program (program-tile.h) and up to two WebRTC
 * sessions, both standard: a WHIP session that sends their camera and microphone (a
 * whip-input feeding the tile through a bridge, with their name drawn on the picture) and
 * a WHEP session that plays the program's picture with their own mix-minus sound (a
 * viewer whose audio comes from the tile's return tap). Joining again with the same link
 * replaces the old session of that kind: a browser that reloads is back at once.
 *
 * Threads: main thread; callbacks on the main context.
 */
#pragma once

#include "config.h"
#include "program-tile.h"
#include "sdp-offer.h"

G_BEGIN_DECLS

typedef struct _TribuneRemote TribuneRemote;

/* @answer NULL on failure, then @error_message says why. */
typedef void (*TribuneRemoteAnswered) (const gchar *session_id, const gchar *answer,
                                       const gchar *error_message, gpointer user_data);
/* One of the participant's sessions ended by itself (connection failed or closed). */
typedef void (*TribuneRemoteSessionGone) (TribuneRemote *remote, const gchar *session_id,
                                          const gchar *reason, gpointer user_data);

/* Adds the tile to the playing program. (transfer full) NULL with @error. */
TribuneRemote *tribune_remote_new (TribuneProgram *program, const TribuneConfig *config,
                                   const gchar *room_id, const gchar *key, const gchar *name,
                                   TribuneRemoteSessionGone gone, gpointer gone_data,
                                   GError **error);
void tribune_remote_free (TribuneRemote *remote);

void tribune_remote_send (TribuneRemote *remote, const gchar *session_id,
                          const TribuneOfferPlan *plan, const gchar *offer,
                          TribuneRemoteAnswered answered, gpointer user_data);
void tribune_remote_receive (TribuneRemote *remote, const gchar *session_id,
                             const TribuneOfferPlan *plan, const gchar *offer,
                             TribuneRemoteAnswered answered, gpointer user_data);
/* TRUE when @session_id was one of this participant's (it is ended). */
gboolean tribune_remote_end_session (TribuneRemote *remote, const gchar *session_id);
gboolean tribune_remote_trickle (TribuneRemote *remote, const gchar *session_id,
                                 GArray *candidates);
gboolean tribune_remote_has_session (TribuneRemote *remote, const gchar *session_id);
gboolean tribune_remote_is_sending (TribuneRemote *remote);
guint tribune_remote_n_sessions (TribuneRemote *remote);

const gchar *tribune_remote_key (TribuneRemote *remote);
/* Monotonic time (µs) of their last picture or sound; 0 before the first. */
gint64 tribune_remote_last_frame_us (TribuneRemote *remote);
gint64 tribune_remote_created_us (TribuneRemote *remote);
TribuneProgramTile *tribune_remote_tile (TribuneRemote *remote);

G_END_DECLS
