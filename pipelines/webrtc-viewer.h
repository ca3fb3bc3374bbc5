/* webrtc-viewer.h — one WHEP viewer: sends the room's already-encoded program.
 *
 * The viewer is deliberately small: it takes an offer plan and the offer, answers it,
 * and then receives the program's payloaded RTP packets from the taps (packet-tap.h),
 * rewriting the payload type when the browser chose another one. It never reaches into
 * the program, so it can later be replaced by a leaner sender without touching the rest.
 * Each viewer is its own pipeline: an error in one viewer ends that viewer only.
 *
 * Threads: all functions on the main thread; callbacks arrive on the main context.
 */
#pragma once

#include <gst/gst.h>

#include "config.h"
#include "program.h"
#include "sdp-offer.h"

G_BEGIN_DECLS

typedef struct _TribuneViewer TribuneViewer;

typedef void (*TribuneViewerAnswerFunc) (TribuneViewer *viewer, const gchar *answer,
                                         const gchar *error_message, gpointer user_data);
/* The viewer's connection failed, closed or never came up; the owner should free it. */
typedef void (*TribuneViewerGoneFunc) (TribuneViewer *viewer, const gchar *reason,
                                       gpointer user_data);

/* (transfer full). Error: TRIBUNE_ERROR_PIPELINE / _MISSING_PLUGIN. */
TribuneViewer *tribune_viewer_new (const gchar *id, TribuneProgram *program,
                                   const TribuneConfig *config, GError **error);
/* Start negotiation; @answered gets the answer or an error, then @gone may follow any
 * time later. @plan is copied as needed. */
void tribune_viewer_negotiate (TribuneViewer *viewer, const TribuneOfferPlan *plan,
                               const gchar *offer, TribuneViewerAnswerFunc answered,
                               gpointer answered_data, TribuneViewerGoneFunc gone,
                               gpointer gone_data);
/* Send this sound instead of the program's (a participant's mix-minus, the hall's
 * return feed): Opus RTP with payload type 111. Before negotiating. The tap must outlive
 * the viewer. */
void tribune_viewer_set_audio_tap (TribuneViewer *viewer, TribunePacketTap *tap);
/* Add remote candidates from a WHEP PATCH. */
void tribune_viewer_add_candidate (TribuneViewer *viewer, guint mline,
                                   const gchar *candidate);
const gchar *tribune_viewer_get_id (TribuneViewer *viewer);
gboolean tribune_viewer_is_connected (TribuneViewer *viewer);
/* Stops sending and frees. */
void tribune_viewer_free (TribuneViewer *viewer);

G_END_DECLS
