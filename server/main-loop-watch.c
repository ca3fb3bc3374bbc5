/* main-loop-watch.c — warns when the main loop stalls (see main-loop-watch.h). */
#include "main-loop-watch.h"

#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#define BEAT_MS 100

struct _TribuneMainLoopWatch {
  guint threshold_ms;
  gint64 last_beat_us;        /* __atomic: the heartbeat's last turn */
  gint stopping;              /* atomic */
  guint beat_source;
  pthread_t main_thread;
  gboolean stacks;
  GThread *thread;
};

static gboolean
beat (gpointer data)
{
  TribuneMainLoopWatch *w = data;

  __atomic_store_n (&w->last_beat_us, g_get_monotonic_time (), __ATOMIC_RELAXED);
  return G_SOURCE_CONTINUE;
}

/* SIGUSR2 on the main thread: its stack, to stderr. Diagnostics only (tests set
 * TRIBUNE_STALL_STACKS): neither call is strictly async-signal-safe, but the main thread
 * is stuck in a blocking call when this arrives. */
static void
print_stack (int signo)
{
  static const char head[] = "tribune: the main thread's stack during the stall:\n";
  void *frames[64];

  (void) signo;
  if (write (STDERR_FILENO, head, sizeof head - 1) < 0)
    return;
  /* Addresses in the binary print as tribune(+0x…): `addr2line -f -e tribune 0x…`. */
  backtrace_symbols_fd (frames, backtrace (frames, G_N_ELEMENTS (frames)), STDERR_FILENO);
}

static gpointer
watch_thread (gpointer data)
{
  TribuneMainLoopWatch *w = data;
  gint64 stalled_since = 0;

  while (!g_atomic_int_get (&w->stopping)) {
    gint64 last = __atomic_load_n (&w->last_beat_us, __ATOMIC_RELAXED);
    gint64 now = g_get_monotonic_time ();
    gint64 silent_ms = (now - last) / 1000;

    if (stalled_since == 0 && silent_ms >= w->threshold_ms) {
      stalled_since = last;
      g_warning ("main loop: no turn for %" G_GINT64_FORMAT " ms: pages, API calls and "
                 "event streams are waiting (a blocking call on the main thread; please "
                 "report this with the log lines before it)", silent_ms);
      if (w->stacks)
        pthread_kill (w->main_thread, SIGUSR2);
    } else if (stalled_since != 0 && last > stalled_since) {
      g_message ("main loop: turning again after a stall of %.1f s",
                 (gdouble) (last - stalled_since) / G_USEC_PER_SEC);
      stalled_since = 0;
    }
    g_usleep (BEAT_MS * 1000);
  }
  return NULL;
}

TribuneMainLoopWatch *
tribune_main_loop_watch_start (guint threshold_ms)
{
  TribuneMainLoopWatch *w = g_new0 (TribuneMainLoopWatch, 1);

  w->threshold_ms = threshold_ms;
  w->main_thread = pthread_self ();
  w->stacks = g_strcmp0 (g_getenv ("TRIBUNE_STALL_STACKS"), "1") == 0;
  if (w->stacks) {
    void *frames[4];
    struct sigaction sa = { .sa_handler = print_stack };

    backtrace (frames, G_N_ELEMENTS (frames));   /* loads libgcc now, not in the handler */
    sigemptyset (&sa.sa_mask);
    sigaction (SIGUSR2, &sa, NULL);
  }
  beat (w);
  w->beat_source = g_timeout_add (BEAT_MS, beat, w);
  w->thread = g_thread_new ("main-loop-watch", watch_thread, w);
  return w;
}

void
tribune_main_loop_watch_stop (TribuneMainLoopWatch *w)
{
  if (w == NULL)
    return;
  g_atomic_int_set (&w->stopping, 1);
  g_thread_join (w->thread);
  g_source_remove (w->beat_source);
  g_free (w);
}
