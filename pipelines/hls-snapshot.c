/* hls-snapshot.c — see hls-snapshot.h. */
#include "hls-snapshot.h"

struct _TribuneHlsSnapshot {
  gint refs;
  GBytes *text;
  guint target;
  gdouble part_target;
  gchar *hint;
  guint64 open_msn;
  guint open_parts;
  GHashTable *parts;        /* uri → GBytes */
  GHashTable *segments;     /* uri set */
};

TribuneHlsSnapshot *
tribune_hls_snapshot_new (GBytes *text, guint target, gdouble part_target,
                          const gchar *hint, guint64 open_msn, guint open_parts)
{
  TribuneHlsSnapshot *s = g_new0 (TribuneHlsSnapshot, 1);

  s->refs = 1;
  s->text = text ? g_bytes_ref (text) : NULL;
  s->target = target;
  s->part_target = part_target;
  s->hint = g_strdup (hint);
  s->open_msn = open_msn;
  s->open_parts = open_parts;
  s->parts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_bytes_unref);
  s->segments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return s;
}

void
tribune_hls_snapshot_add_part (TribuneHlsSnapshot *s, const gchar *uri, GBytes *data)
{
  g_hash_table_replace (s->parts, g_strdup (uri), g_bytes_ref (data));
}

void
tribune_hls_snapshot_add_segment (TribuneHlsSnapshot *s, const gchar *uri)
{
  g_hash_table_add (s->segments, g_strdup (uri));
}

TribuneHlsSnapshot *
tribune_hls_snapshot_ref (TribuneHlsSnapshot *s)
{
  g_atomic_int_inc (&s->refs);
  return s;
}

void
tribune_hls_snapshot_unref (TribuneHlsSnapshot *s)
{
  if (s == NULL || !g_atomic_int_dec_and_test (&s->refs))
    return;
  g_clear_pointer (&s->text, g_bytes_unref);
  g_free (s->hint);
  g_hash_table_unref (s->parts);
  g_hash_table_unref (s->segments);
  g_free (s);
}

GBytes *
tribune_hls_snapshot_text (TribuneHlsSnapshot *s)
{
  return s->text;
}

gboolean
tribune_hls_snapshot_has_parts (TribuneHlsSnapshot *s)
{
  return s->part_target > 0;
}

guint
tribune_hls_snapshot_target (TribuneHlsSnapshot *s)
{
  return s->target;
}

GBytes *
tribune_hls_snapshot_part (TribuneHlsSnapshot *s, const gchar *uri)
{
  return g_hash_table_lookup (s->parts, uri);
}

gboolean
tribune_hls_snapshot_is_hinted (TribuneHlsSnapshot *s, const gchar *uri)
{
  return s->hint != NULL && g_strcmp0 (s->hint, uri) == 0;
}

gboolean
tribune_hls_snapshot_knows (TribuneHlsSnapshot *s, const gchar *uri)
{
  return g_hash_table_contains (s->segments, uri);
}

TribuneHlsBlock
tribune_hls_snapshot_check_block (TribuneHlsSnapshot *s, guint64 msn, gint64 part)
{
  return tribune_hls_block_decide (s->open_msn, s->open_parts, s->part_target, msn, part);
}
