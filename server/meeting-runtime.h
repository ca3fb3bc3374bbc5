/* meeting-runtime.h — what a meeting does to its room beyond the database: recording,
 * the lower third with the current agenda item, and events to the pages watching the room.
 *
 * One entry point, "the meeting changed": it reads the meeting back from the store and
 * brings the room in line with it (live → recorder on, lower third = current item;
 * ended → recorder off, lower third gone). Being a reconcile, not a list of commands, it
 * is safe to call twice and is also what start-up does for meetings that were live when
 * the server stopped (a crash, a deploy): recording resumes, with a gap marker.
 *
 * Main thread.
 */
#pragma once

#include "app.h"

G_BEGIN_DECLS

/* After the chair's start / end / current item (or any edit of a live meeting). */
void tribune_meeting_runtime_changed (TribuneApp *app, gint64 meeting_id);
/* The "meeting" event a page gets when it opens @room's event stream: the live meeting,
 * or "null" (JSON text, transfer full). */
gchar *tribune_meeting_runtime_room_event (TribuneApp *app, const gchar *room);
/* At start-up: every meeting that is still live. */
void tribune_meeting_runtime_resume (TribuneApp *app);

G_END_DECLS
