/* rate-limit.h — "at most N actions per window per client", in memory only.
 *
 * A sliding window: each client key keeps the times of its recent actions (at most N);
 * an action is allowed while fewer than N fall inside the window. Keys are whatever the
 * caller passes (tribune_http_client_key: a hash of address + User-Agent); they live only
 * as long as they have an action inside the window, and nothing is written to disk.
 *
 * Pure: the caller passes the clock (µs, monotonic), so tests control time. Main thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TribuneRateLimit TribuneRateLimit;

TribuneRateLimit *tribune_rate_limit_new (guint max, gint64 window_us);
void tribune_rate_limit_free (TribuneRateLimit *limit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneRateLimit, tribune_rate_limit_free)

/* May @key act at @now_us? When not, *@retry_after_s (if given) is the whole seconds
 * (at least 1) until it may. Does not count an action: call _record after it succeeded,
 * so a refused or invalid request does not use up the client's allowance. */
gboolean tribune_rate_limit_check (TribuneRateLimit *limit, const gchar *key, gint64 now_us,
                                   guint *retry_after_s);
void tribune_rate_limit_record (TribuneRateLimit *limit, const gchar *key, gint64 now_us);
/* Keys currently remembered (for tests: old ones are forgotten). */
guint tribune_rate_limit_size (TribuneRateLimit *limit);

G_END_DECLS
