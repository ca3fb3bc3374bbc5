/* main-loop-watch.h — notices when the main loop stops turning.
 *
 * Everything that answers people runs on the main loop: HTTP handlers, the event
 * streams, the meeting logic. A call that blocks it (a pipeline that will not change
 * state, a slow disk under SQLite) holds every page and API call for as long; from
 * outside it looks like a slow or hung server. A heartbeat on the main loop and a small
 * watcher thread turn that into log lines: a warning when the loop has not turned for
 * @threshold_ms, and how long the stall lasted once it turns again. With the environment
 * variable TRIBUNE_STALL_STACKS=1 (the tests set it) the main thread's stack is also
 * written to stderr at the warning, to find the call that blocked.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TribuneMainLoopWatch TribuneMainLoopWatch;

/* Call on the main thread, whose default main context is watched. */
TribuneMainLoopWatch *tribune_main_loop_watch_start (guint threshold_ms);
void tribune_main_loop_watch_stop (TribuneMainLoopWatch *watch);

G_END_DECLS
