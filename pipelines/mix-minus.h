/* mix-minus.h — everyone hears everyone but themselves.
 *
 * In a hybrid meeting each voice (the hall, each remote participant) enters the program
 * once, as a `tee`. Each listener is an `audiomixer` that takes every voice except those
 * of its own group, then its own Opus encode and RTP payloader ending in a packet tap:
 *   - the program mixer hears every group (it is registered, not created here);
 *   - participant k's mixer hears the hall and every other participant: k's return feed;
 *   - the hall's mixer ("hall") hears only the remote participants, so the hall's speakers
 *     play them without echoing the hall back.
 * Adding a voice links it into every listener of another group; adding a listener links
 * every voice of another group into it. Removing a group unlinks its voices and its
 * listener while audio flows: each link is cut in an IDLE pad probe (never mid-push: a
 * mixer pad released under a push would return FLUSHING, and the tee would pass that up
 * and stop the voice for everyone), then the pads are released.
 *
 * Every mixer also takes the program's live silence, so a listener with nobody else to
 * hear still produces a steady stream.
 *
 * Threads: main thread. The taps call subscribers on streaming threads (packet-tap.h).
 */
#pragma once

#include <gst/gst.h>

#include "packet-tap.h"

G_BEGIN_DECLS

#define TRIBUNE_MIX_MINUS_HALL "hall"

typedef struct _TribuneMixMinus TribuneMixMinus;

/* @pipeline: the program; @silence_tee: a tee of live silence in it. */
TribuneMixMinus *tribune_mix_minus_new (GstElement *pipeline, GstElement *silence_tee);
/* Drops the bookkeeping and the taps; the pipeline must be stopped (NULL) first. */
void tribune_mix_minus_free (TribuneMixMinus *mm);

/* A voice of @group: @tee (in the pipeline, PLAYING or about to be) feeds every listener
 * of another group. */
void tribune_mix_minus_add_voice (TribuneMixMinus *mm, const gchar *group, GstElement *tee);
/* A mixer that already exists in the pipeline (the program's) hears every voice not of
 * @group. */
void tribune_mix_minus_add_mixer (TribuneMixMinus *mm, const gchar *group, GstElement *mixer);
/* A new listener for @group with its own mixer → Opus → RTP (payload type 111, the given
 * @ssrc) → tap. Returns the tap (transfer none; valid until the group is removed), or NULL
 * with @error when an element is missing. */
TribunePacketTap *tribune_mix_minus_add_listener (TribuneMixMinus *mm, const gchar *group,
                                                  guint32 ssrc, GError **error);
/* Unlink and drop @group's voices and listener. Voices' own elements (the tee and what
 * feeds it) stay the caller's. */
void tribune_mix_minus_remove_group (TribuneMixMinus *mm, const gchar *group);

G_END_DECLS
