/* participants-runtime.h — what the database says about a meeting's remote participants,
 * applied to its room, and what the room sees written back.
 *
 * Down (a reconcile, like meeting-runtime.h): the layout and focus, who is muted, who is
 * removed or revoked (their sessions end), and everyone once the meeting has ended.
 * Up: when the room reports that who takes part changed (a join, a drop-out, a new active
 * speaker), `connected` is written and the lists are published to the chair's and the
 * room's event streams.
 *
 * Main thread.
 */
#pragma once

#include "app.h"

G_BEGIN_DECLS

void tribune_participants_runtime_changed (TribuneApp *app, gint64 meeting_id);
/* At start-up: listen to every room. */
void tribune_participants_runtime_start (TribuneApp *app);

G_END_DECLS
