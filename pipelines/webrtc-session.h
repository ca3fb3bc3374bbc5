/* webrtc-session.h — what every WebRTC peer of the server shares, WHEP viewer or WHIP
 * publisher: its own pipeline with a webrtcbin, answering the remote offer, watching the
 * connection state, and ending when the connection fails, closes, or never comes up.
 *
 * The media side is the owner's: a viewer links appsrcs to the webrtcbin, a publisher
 * takes its pads. The session reports to the owner on the main context:
 *   answered  — once, with the SDP answer or an error message;
 *   connected — when ICE and DTLS are up (a viewer asks for a key frame then);
 *   gone      — at most once, when the connection failed, closed, did not come up in
 *               30 s, or the pipeline posted an error. The owner then frees the session.
 *
 * Threads: all functions on the main thread. webrtcbin's notifications arrive on its
 * own thread; they are handed to the main context holding a reference, and dropped
 * there if the session was freed meanwhile.
 */
#pragma once

#include <gst/gst.h>

#include "config.h"

G_BEGIN_DECLS

typedef struct _TribuneWebrtcSession TribuneWebrtcSession;

typedef struct {
  void (*answered) (TribuneWebrtcSession *session, const gchar *answer,
                    const gchar *error_message, gpointer user_data);
  void (*connected) (TribuneWebrtcSession *session, gpointer user_data);
  void (*gone) (TribuneWebrtcSession *session, const gchar *reason, gpointer user_data);
} TribuneWebrtcSessionEvents;

/* @kind names the session in logs ("viewer", "publisher"). */
TribuneWebrtcSession *tribune_webrtc_session_new (const gchar *id, const gchar *kind,
                                                  const TribuneConfig *config,
                                                  GError **error);
/* Where the owner adds its elements and links. (transfer none) */
GstElement *tribune_webrtc_session_get_pipeline (TribuneWebrtcSession *session);
GstElement *tribune_webrtc_session_get_webrtcbin (TribuneWebrtcSession *session);
/* Start the pipeline and answer @offer; events go to @events with @user_data. */
void tribune_webrtc_session_start (TribuneWebrtcSession *session, const gchar *offer,
                                   const TribuneWebrtcSessionEvents *events,
                                   gpointer user_data);
void tribune_webrtc_session_add_candidate (TribuneWebrtcSession *session, guint mline,
                                           const gchar *candidate);
const gchar *tribune_webrtc_session_get_id (TribuneWebrtcSession *session);
gboolean tribune_webrtc_session_is_connected (TribuneWebrtcSession *session);
gint64 tribune_webrtc_session_created_us (TribuneWebrtcSession *session);
/* Stops the pipeline; no event is delivered after this. */
void tribune_webrtc_session_free (TribuneWebrtcSession *session);

G_END_DECLS
