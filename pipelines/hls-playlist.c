/* hls-playlist.c — see hls-playlist.h. */
#include "hls-playlist.h"
#include "hls-snapshot.h"

#include <math.h>
#include <string.h>

/* Segments kept on disk after leaving the window. */
#define LINGER 4
/* Segments (counted from the newest) whose parts stay in memory: those listed (within
 * 3 target durations of the edge) and a little more for clients still fetching them. */
#define PARTS_KEPT 8

typedef struct {
  gchar *uri;
  gdouble duration;
  gboolean independent;
  GBytes *data;
} Part;

typedef struct {
  gchar *uri;
  gdouble duration;
  gint64 wall_us;
  gboolean discontinuity;
  GPtrArray *parts;         /* Part*; emptied once older than PARTS_KEPT segments */
} Segment;

struct _TribuneHlsPlaylist {
  GQueue segments;          /* Segment*, oldest first; window + LINGER at most */
  guint window;
  guint target;
  guint64 first_sequence;   /* sequence number of the head of `segments` */
  guint discontinuity_sequence;  /* discontinuities popped off the queue */
  gboolean next_discontinuity;
  /* Low-Latency HLS (part_target 0: off). */
  gdouble part_target;
  gchar *part_prefix;
  guint64 next_part;        /* number in the next part's URI */
  GPtrArray *open_parts;    /* Part*: the segment being written */
  gint64 open_wall_us;
  /* The frozen copy other threads read (hls-snapshot.h); replaced on every change. */
  GMutex snapshot_lock;
  TribuneHlsSnapshot *snapshot;   /* protected by snapshot_lock */
  TribuneHlsChanged changed;
  gpointer changed_data;
  GDestroyNotify changed_destroy;
};

static void
part_free (Part *part)
{
  g_free (part->uri);
  g_clear_pointer (&part->data, g_bytes_unref);
  g_free (part);
}

static void
segment_free (Segment *s)
{
  g_free (s->uri);
  g_ptr_array_unref (s->parts);
  g_free (s);
}

static gchar *next_part_uri (TribuneHlsPlaylist *p);

/* A new snapshot for other threads: the text, every part still kept, every segment
 * still on disk. A few dozen references, a few times a second. */
static void
publish_snapshot (TribuneHlsPlaylist *p)
{
  gchar *rendered = tribune_hls_playlist_render (p);
  g_autoptr (GBytes) text = rendered ? g_bytes_new_take (rendered, strlen (rendered)) : NULL;
  g_autofree gchar *hint = p->part_target > 0 ? next_part_uri (p) : NULL;
  TribuneHlsSnapshot *s, *old;

  s = tribune_hls_snapshot_new (text, p->target, p->part_target, hint,
                                tribune_hls_playlist_open_msn (p), p->open_parts->len);
  for (GList *l = p->segments.head; l; l = l->next) {
    Segment *seg = l->data;
    tribune_hls_snapshot_add_segment (s, seg->uri);
    for (guint i = 0; i < seg->parts->len; i++) {
      Part *part = g_ptr_array_index (seg->parts, i);
      if (part->data)
        tribune_hls_snapshot_add_part (s, part->uri, part->data);
    }
  }
  for (guint i = 0; i < p->open_parts->len; i++) {
    Part *part = g_ptr_array_index (p->open_parts, i);
    if (part->data)
      tribune_hls_snapshot_add_part (s, part->uri, part->data);
  }
  g_mutex_lock (&p->snapshot_lock);
  old = p->snapshot;
  p->snapshot = s;
  g_mutex_unlock (&p->snapshot_lock);
  tribune_hls_snapshot_unref (old);
}

static void
notify_changed (TribuneHlsPlaylist *p)
{
  publish_snapshot (p);
  if (p->changed)
    p->changed (p, p->changed_data);
}

TribuneHlsSnapshot *
tribune_hls_playlist_snapshot (TribuneHlsPlaylist *p)
{
  TribuneHlsSnapshot *s;

  g_mutex_lock (&p->snapshot_lock);
  s = p->snapshot ? tribune_hls_snapshot_ref (p->snapshot) : NULL;
  g_mutex_unlock (&p->snapshot_lock);
  return s;
}

TribuneHlsPlaylist *
tribune_hls_playlist_new (guint window, guint target_duration_s)
{
  TribuneHlsPlaylist *p = g_new0 (TribuneHlsPlaylist, 1);

  g_queue_init (&p->segments);
  p->window = MAX (window, 1);
  p->target = MAX (target_duration_s, 1);
  p->open_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
  g_mutex_init (&p->snapshot_lock);
  return p;
}

void
tribune_hls_playlist_free (TribuneHlsPlaylist *p)
{
  if (p == NULL)
    return;
  if (p->changed_destroy)
    p->changed_destroy (p->changed_data);
  g_queue_clear_full (&p->segments, (GDestroyNotify) segment_free);
  g_ptr_array_unref (p->open_parts);
  g_clear_pointer (&p->snapshot, tribune_hls_snapshot_unref);
  g_mutex_clear (&p->snapshot_lock);
  g_free (p->part_prefix);
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
  /* The parts written so far make up this segment. */
  s->parts = p->open_parts;
  p->open_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) part_free);
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
  {
    guint n = g_queue_get_length (&p->segments);
    if (n > PARTS_KEPT)
      g_ptr_array_set_size (((Segment *) g_queue_peek_nth (&p->segments, n - 1 - PARTS_KEPT))->parts, 0);
  }
  notify_changed (p);
  return g_strv_builder_end (gone);
}

void
tribune_hls_playlist_mark_discontinuity (TribuneHlsPlaylist *p)
{
  p->next_discontinuity = TRUE;
  /* The writer broke off: the segment it was writing will never be whole. */
  g_ptr_array_set_size (p->open_parts, 0);
  publish_snapshot (p);
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

static gboolean parts_listed (TribuneHlsPlaylist *p, GList *segment);
static void append_parts (GString *out, GPtrArray *parts);

gchar *
tribune_hls_playlist_render (TribuneHlsPlaylist *p)
{
  guint n = g_queue_get_length (&p->segments);
  guint skip = n > p->window ? n - p->window : 0;
  guint discontinuities_before = 0;
  GString *out;
  GList *l;
  guint i;

  if (n == 0 && p->open_parts->len == 0)
    return NULL;
  /* EXT-X-DISCONTINUITY-SEQUENCE counts discontinuities that left the playlist. */
  for (l = p->segments.head, i = 0; l && i < skip; l = l->next, i++) {
    if (((Segment *) l->data)->discontinuity)
      discontinuities_before++;
  }
  out = g_string_new (p->part_target > 0 ? "#EXTM3U\n#EXT-X-VERSION:6\n"
                                          : "#EXTM3U\n#EXT-X-VERSION:3\n");
  g_string_append_printf (out, "#EXT-X-TARGETDURATION:%u\n", p->target);
  if (p->part_target > 0) {
    /* PART-HOLD-BACK: three parts behind the edge, as the spec recommends (at least
     * two). Blocking reloads make the client's next request wait for the next part. */
    g_string_append_printf (out, "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,"
                            "PART-HOLD-BACK=%.3f\n", 3 * p->part_target);
    g_string_append_printf (out, "#EXT-X-PART-INF:PART-TARGET=%.3f\n", p->part_target);
  }
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
    if (parts_listed (p, l))
      append_parts (out, s->parts);
    g_string_append_printf (out, "#EXTINF:%.3f,\n%s\n", s->duration, s->uri);
  }
  if (p->part_target > 0) {
    if (p->open_parts->len > 0) {
      if (p->next_discontinuity)
        g_string_append (out, "#EXT-X-DISCONTINUITY\n");
      append_date_time (out, p->open_wall_us);
      append_parts (out, p->open_parts);
    }
    g_string_append_printf (out, "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"%s%" G_GUINT64_FORMAT
                            ".ts\"\n", p->part_prefix, p->next_part);
  }
  return g_string_free (out, FALSE);
}

/* ---- Low-Latency HLS ---- */

static gdouble
parts_duration (GPtrArray *parts)
{
  gdouble d = 0;

  for (guint i = 0; i < parts->len; i++)
    d += ((Part *) g_ptr_array_index (parts, i))->duration;
  return d;
}

/* Parts are listed for segments that end within 3 target durations of the live edge. */
static gboolean
parts_listed (TribuneHlsPlaylist *p, GList *segment)
{
  gdouble after = parts_duration (p->open_parts);

  if (p->part_target <= 0 || ((Segment *) segment->data)->parts->len == 0)
    return FALSE;
  for (GList *l = segment->next; l; l = l->next)
    after += ((Segment *) l->data)->duration;
  return after < 3.0 * p->target;
}

static void
append_parts (GString *out, GPtrArray *parts)
{
  for (guint i = 0; i < parts->len; i++) {
    Part *part = g_ptr_array_index (parts, i);
    g_string_append_printf (out, "#EXT-X-PART:DURATION=%.3f,URI=\"%s\"%s\n", part->duration,
                            part->uri, part->independent ? ",INDEPENDENT=YES" : "");
  }
}

void
tribune_hls_playlist_enable_parts (TribuneHlsPlaylist *p, gdouble part_target_s,
                                   const gchar *part_prefix)
{
  p->part_target = part_target_s;
  g_free (p->part_prefix);
  p->part_prefix = g_strdup (part_prefix);
  publish_snapshot (p);
}

const gchar *
tribune_hls_playlist_add_part (TribuneHlsPlaylist *p, gdouble duration_s,
                               gboolean independent, gint64 wall_us, GBytes *data)
{
  Part *part = g_new0 (Part, 1);

  part->uri = g_strdup_printf ("%s%" G_GUINT64_FORMAT ".ts", p->part_prefix, p->next_part++);
  /* A part may not last longer than the part target (RFC 8216bis 4.4.4.9); the cutter
   * keeps them shorter, and a stall in the program is no reason to break the rule. */
  part->duration = MIN (duration_s, p->part_target);
  part->independent = independent;
  part->data = g_bytes_ref (data);
  if (p->open_parts->len == 0)
    p->open_wall_us = wall_us;
  g_ptr_array_add (p->open_parts, part);
  notify_changed (p);
  return part->uri;
}

static gchar *
next_part_uri (TribuneHlsPlaylist *p)
{
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".ts", p->part_prefix, p->next_part);
}

guint64
tribune_hls_playlist_open_msn (TribuneHlsPlaylist *p)
{
  return p->first_sequence + g_queue_get_length (&p->segments);
}

guint
tribune_hls_playlist_open_parts (TribuneHlsPlaylist *p)
{
  return p->open_parts->len;
}

TribuneHlsBlock
tribune_hls_block_decide (guint64 open, guint open_parts, gdouble part_target, guint64 msn,
                          gint64 part)
{
  /* The last segment the playlist shows: the open one once it has a part. */
  guint64 last = open_parts > 0 ? open : (open > 0 ? open - 1 : 0);
  /* RFC 8216bis 6.2.5.2: the Advance Part Limit is 3 / PART-TARGET parts below 1 s. */
  gdouble advance = part_target > 0 && part_target < 1 ? 3 / part_target : 3;

  if (msn < open)
    return TRIBUNE_HLS_READY;
  if (msn > last + 2)
    return TRIBUNE_HLS_TOO_FAR;
  if (msn == open && part >= 0) {
    if ((guint64) part < open_parts)
      return TRIBUNE_HLS_READY;
    if ((gdouble) part > (gdouble) open_parts - 1 + advance)
      return TRIBUNE_HLS_TOO_FAR;
  }
  return TRIBUNE_HLS_WAIT;
}

void
tribune_hls_playlist_set_changed_hook (TribuneHlsPlaylist *p, TribuneHlsChanged hook,
                                       gpointer user_data, GDestroyNotify destroy)
{
  if (p->changed_destroy)
    p->changed_destroy (p->changed_data);
  p->changed = hook;
  p->changed_data = user_data;
  p->changed_destroy = destroy;
}

gpointer
tribune_hls_playlist_get_changed_data (TribuneHlsPlaylist *p)
{
  return p->changed_data;
}
