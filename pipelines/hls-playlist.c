/* hls-playlist.c — see hls-playlist.h. */
#include "hls-playlist.h"

#include <math.h>
#include <string.h>

/* Segments kept on disk after leaving the window. */
#define LINGER 4

typedef struct {
  gchar *uri;
  gdouble duration;
  gint64 wall_us;
  gboolean discontinuity;
} Segment;

struct _TribuneHlsPlaylist {
  GQueue segments;          /* Segment*, oldest first; window + LINGER at most */
  guint window;
  guint target;
  guint64 first_sequence;   /* sequence number of the head of `segments` */
  guint discontinuity_sequence;  /* discontinuities popped off the queue */
  gboolean next_discontinuity;
};

static void
segment_free (Segment *s)
{
  g_free (s->uri);
  g_free (s);
}

TribuneHlsPlaylist *
tribune_hls_playlist_new (guint window, guint target_duration_s)
{
  TribuneHlsPlaylist *p = g_new0 (TribuneHlsPlaylist, 1);

  g_queue_init (&p->segments);
  p->window = MAX (window, 1);
  p->target = MAX (target_duration_s, 1);
  return p;
}

void
tribune_hls_playlist_free (TribuneHlsPlaylist *p)
{
  if (p == NULL)
    return;
  g_queue_clear_full (&p->segments, (GDestroyNotify) segment_free);
  g_free (p);
}

GStrv
tribune_hls_playlist_add (TribuneHlsPlaylist *p, const gchar *uri, gdouble duration_s,
                          gint64 wall_us)
{
  g_autoptr (GStrvBuilder) gone = g_strv_builder_new ();
  Segment *s = g_new0 (Segment, 1);

  s->uri = g_strdup (uri);
  s->duration = duration_s;
  s->wall_us = wall_us;
  s->discontinuity = p->next_discontinuity;
  p->next_discontinuity = FALSE;
  if (lround (duration_s) > (long) p->target)
    g_warning ("hls: segment %s lasts %.2f s, over the target duration %u s", uri,
               duration_s, p->target);
  g_queue_push_tail (&p->segments, s);

  while (g_queue_get_length (&p->segments) > p->window + LINGER) {
    Segment *old = g_queue_pop_head (&p->segments);
    g_strv_builder_add (gone, old->uri);
    p->first_sequence++;
    if (old->discontinuity)
      p->discontinuity_sequence++;
    segment_free (old);
  }
  return g_strv_builder_end (gone);
}

void
tribune_hls_playlist_mark_discontinuity (TribuneHlsPlaylist *p)
{
  p->next_discontinuity = TRUE;
}

guint
tribune_hls_playlist_length (TribuneHlsPlaylist *p)
{
  return MIN (g_queue_get_length (&p->segments), p->window);
}

guint64
tribune_hls_playlist_media_sequence (TribuneHlsPlaylist *p)
{
  guint n = g_queue_get_length (&p->segments);

  return p->first_sequence + (n > p->window ? n - p->window : 0);
}

gboolean
tribune_hls_playlist_knows (TribuneHlsPlaylist *p, const gchar *uri)
{
  for (GList *l = p->segments.head; l; l = l->next) {
    if (g_strcmp0 (((Segment *) l->data)->uri, uri) == 0)
      return TRUE;
  }
  return FALSE;
}

static void
append_date_time (GString *out, gint64 wall_us)
{
  g_autoptr (GDateTime) whole = g_date_time_new_from_unix_utc (wall_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) dt = whole ? g_date_time_add (whole, wall_us % G_USEC_PER_SEC) : NULL;
  g_autofree gchar *text = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S.%fZ") : NULL;

  if (text) {
    /* %f prints microseconds; HLS clients expect milliseconds (ISO 8601 allows both,
     * but some players choke on 6 digits). */
    gchar *dot = strrchr (text, '.');
    if (dot && strlen (dot) > 4) {
      dot[4] = 'Z';
      dot[5] = '\0';
    }
    g_string_append_printf (out, "#EXT-X-PROGRAM-DATE-TIME:%s\n", text);
  }
}

gchar *
tribune_hls_playlist_render (TribuneHlsPlaylist *p)
{
  guint n = g_queue_get_length (&p->segments);
  guint skip = n > p->window ? n - p->window : 0;
  guint discontinuities_before = 0;
  GString *out;
  GList *l;
  guint i;

  if (n == 0)
    return NULL;
  /* EXT-X-DISCONTINUITY-SEQUENCE counts discontinuities that left the playlist. */
  for (l = p->segments.head, i = 0; l && i < skip; l = l->next, i++) {
    if (((Segment *) l->data)->discontinuity)
      discontinuities_before++;
  }
  out = g_string_new ("#EXTM3U\n#EXT-X-VERSION:3\n");
  g_string_append_printf (out, "#EXT-X-TARGETDURATION:%u\n", p->target);
  g_string_append_printf (out, "#EXT-X-MEDIA-SEQUENCE:%" G_GUINT64_FORMAT "\n",
                          p->first_sequence + skip);
  if (p->discontinuity_sequence + discontinuities_before > 0)
    g_string_append_printf (out, "#EXT-X-DISCONTINUITY-SEQUENCE:%u\n",
                            p->discontinuity_sequence + discontinuities_before);
  for (; l; l = l->next) {
    Segment *s = l->data;
    if (s->discontinuity)
      g_string_append (out, "#EXT-X-DISCONTINUITY\n");
    append_date_time (out, s->wall_us);
    g_string_append_printf (out, "#EXTINF:%.3f,\n%s\n", s->duration, s->uri);
  }
  return g_string_free (out, FALSE);
}
