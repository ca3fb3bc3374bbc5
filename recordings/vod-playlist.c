/* vod-playlist.c — see vod-playlist.h. */
#include "vod-playlist.h"

#include <math.h>

static void
append_date_time (GString *out, gint64 wall_us)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (wall_us / G_USEC_PER_SEC);
  g_autofree gchar *text = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S") : NULL;

  if (text)
    g_string_append_printf (out, "#EXT-X-PROGRAM-DATE-TIME:%s.%03dZ\n", text,
                            (int) ((wall_us % G_USEC_PER_SEC) / 1000));
}

static gchar *
render (TribuneArchive *a, guint first, guint last, gboolean closed, gint64 start_offset_us,
        const gchar *prefix)
{
  GString *out = g_string_new ("#EXTM3U\n#EXT-X-VERSION:3\n");
  gint64 longest = 0;

  for (guint i = first; i <= last; i++)
    longest = MAX (longest, tribune_timeline_get (a->timeline, i)->duration_us);
  /* RFC 8216 4.3.3.1: every EXTINF, rounded, must be <= the target duration. */
  g_string_append_printf (out, "#EXT-X-TARGETDURATION:%d\n",
                          (int) MAX (1, (longest + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
  g_string_append (out, "#EXT-X-MEDIA-SEQUENCE:0\n");
  g_string_append_printf (out, "#EXT-X-PLAYLIST-TYPE:%s\n", closed ? "VOD" : "EVENT");
  if (start_offset_us > 0)
    g_string_append_printf (out, "#EXT-X-START:TIME-OFFSET=%.3f,PRECISE=YES\n",
                            start_offset_us / 1e6);
  for (guint i = first; i <= last; i++) {
    const TribuneTimelineSegment *s = tribune_timeline_get (a->timeline, i);

    if (i > first && s->after_gap)
      g_string_append (out, "#EXT-X-DISCONTINUITY\n");
    if (i == first || s->after_gap)
      append_date_time (out, s->start_us);
    g_string_append_printf (out, "#EXTINF:%.3f,\n%s%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                            ".ts\n", s->duration_us / 1e6, prefix, s->recording_id,
                            s->sequence);
  }
  if (closed)
    g_string_append (out, "#EXT-X-ENDLIST\n");
  return g_string_free (out, FALSE);
}

gchar *
tribune_vod_playlist_render (TribuneArchive *a)
{
  guint n = tribune_timeline_length (a->timeline);

  if (n == 0)
    return NULL;
  return render (a, 0, n - 1, a->ended, 0, "");
}

gchar *
tribune_vod_item_playlist_render (TribuneArchive *a, const TribuneChapter *c)
{
  guint first, last;

  if (!tribune_archive_chapter_segments (a, c, &first, &last))
    return NULL;
  return render (a, first, last, tribune_archive_chapter_closed (a, c),
                 MAX (0, c->offset_us - tribune_timeline_get (a->timeline, first)->offset_us),
                 "../");
}
