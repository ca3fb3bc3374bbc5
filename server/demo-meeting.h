/* demo-meeting.h — what a newcomer sees on first start: a demo council ("Wijkraad Demo")
 * whose meeting is live in the first room, with an agenda in plain Dutch, so the room
 * page, the lower third, the chair console and the archive all have something to show.
 * Only on an empty database, and only when [server] demo_meeting is set (the embedded
 * default does; a real tribune.conf does not). Main thread. */
#pragma once

#include "app.h"

G_BEGIN_DECLS

void tribune_demo_meeting_seed (TribuneApp *app);

G_END_DECLS
