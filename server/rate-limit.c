/* rate-limit.c — see rate-limit.h. */
#include "rate-limit.h"

struct _TribuneRateLimit {
  guint max;
  gint64 window_us;
  GHashTable *clients;      /* key → GArray of gint64 action times, oldest first */
  gint64 last_sweep_us;
};

TribuneRateLimit *
tribune_rate_limit_new (guint max, gint64 window_us)
{
  TribuneRateLimit *limit = g_new0 (TribuneRateLimit, 1);

  g_return_val_if_fail (max > 0 && window_us > 0, NULL);
  limit->max = max;
  limit->window_us = window_us;
  limit->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_array_unref);
  return limit;
}

void
tribune_rate_limit_free (TribuneRateLimit *limit)
{
  if (limit == NULL)
    return;
  g_hash_table_destroy (limit->clients);
  g_free (limit);
}

/* Drop the times that left the window. */
static void
expire (TribuneRateLimit *limit, GArray *times, gint64 now_us)
{
  guint keep = 0;

  while (keep < times->len && g_array_index (times, gint64, keep) <= now_us - limit->window_us)
    keep++;
  if (keep)
    g_array_remove_range (times, 0, keep);
}

/* Forget clients with nothing in the window, at most once per window. */
static void
sweep (TribuneRateLimit *limit, gint64 now_us)
{
  GHashTableIter iter;
  gpointer value;

  if (now_us - limit->last_sweep_us < limit->window_us)
    return;
  limit->last_sweep_us = now_us;
  g_hash_table_iter_init (&iter, limit->clients);
  while (g_hash_table_iter_next (&iter, NULL, &value)) {
    expire (limit, value, now_us);
    if (((GArray *) value)->len == 0)
      g_hash_table_iter_remove (&iter);
  }
}

gboolean
tribune_rate_limit_check (TribuneRateLimit *limit, const gchar *key, gint64 now_us,
                          guint *retry_after_s)
{
  GArray *times;
  gint64 wait_us;

  sweep (limit, now_us);
  times = g_hash_table_lookup (limit->clients, key);
  if (times)
    expire (limit, times, now_us);
  if (times == NULL || times->len < limit->max)
    return TRUE;
  /* The oldest action inside the window leaves it first. */
  wait_us = g_array_index (times, gint64, times->len - limit->max) + limit->window_us - now_us;
  if (retry_after_s)
    *retry_after_s = (guint) MAX (1, (wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return FALSE;
}

void
tribune_rate_limit_record (TribuneRateLimit *limit, const gchar *key, gint64 now_us)
{
  GArray *times = g_hash_table_lookup (limit->clients, key);

  if (times == NULL) {
    times = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_hash_table_insert (limit->clients, g_strdup (key), times);
  }
  expire (limit, times, now_us);
  g_array_append_val (times, now_us);
  if (times->len > limit->max)
    g_array_remove_range (times, 0, times->len - limit->max);
}

guint
tribune_rate_limit_size (TribuneRateLimit *limit)
{
  return g_hash_table_size (limit->clients);
}
