/* test-vod-playlist.c — rendering the archive (recordings/vod-playlist.c,
 * chapters-vtt.c, archive.c): the VOD/EVENT playlists, discontinuities at gaps, item
 * playlists, and WebVTT chapters with hostile titles. */
#include "archive.h"
#include "chapters-vtt.h"
#include "vod-playlist.h"

#include <string.h>

#define S ((gint64) G_USEC_PER_SEC)
#define T0 ((gint64) 1796000000 * S)     /* 2026-11-30T00:53:20Z */

static TribuneChapter *
chapter (gint64 id, gint64 item, const gchar *title, gint64 start_us)
{
  TribuneChapter *c = g_new0 (TribuneChapter, 1);

  c->id = id;
  c->item_id = item;
  c->title = g_strdup (title);
  c->start_us = start_us;
  return c;
}

/* Recording 1: 4 segments from T0; a crash; recording 2: 3 segments from T0+20 s.
 * Item 10 at T0+0.5 s, item 11 at T0+2.25 s, item 12 during the gap (T0+8 s: maps to
 * 4 s), item 13 at the same moment as 12 (zero length). */
static TribuneArchive *
archive (gboolean ended, const gchar *title11)
{
  TribuneTimeline *t = tribune_timeline_new ();
  GPtrArray *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) tribune_chapter_free);

  for (gint i = 0; i < 4; i++)
    tribune_timeline_append (t, 1, i, T0 + i * S, S);
  for (gint i = 0; i < 3; i++)
    tribune_timeline_append (t, 2, i, T0 + (20 + i) * S, S);
  g_ptr_array_add (chapters, chapter (1, 10, "Opening", T0 + S / 2));
  g_ptr_array_add (chapters, chapter (2, 11, title11, T0 + 2 * S + S / 4));
  g_ptr_array_add (chapters, chapter (3, 12, "Rondvraag", T0 + 8 * S));
  g_ptr_array_add (chapters, chapter (4, 13, "Sluiting", T0 + 8 * S));
  return tribune_archive_new (7, ended, t, chapters);
}

static guint
count (const gchar *text, const gchar *needle)
{
  guint n = 0;

  for (const gchar *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static void
test_whole_recording_ended (void)
{
  g_autoptr (TribuneArchive) a = archive (TRUE, "Begroting");
  g_autofree gchar *text = tribune_vod_playlist_render (a);

  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"
                                         "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"));
  g_assert_true (g_str_has_suffix (text, "#EXT-X-ENDLIST\n"));
  g_assert_cmpuint (count (text, "#EXTINF:1.000,\n"), ==, 7);
  /* One discontinuity, between the recordings, each run dated. */
  g_assert_cmpuint (count (text, "#EXT-X-DISCONTINUITY\n"), ==, 1);
  g_assert_nonnull (strstr (text, "1/3.ts\n#EXT-X-DISCONTINUITY\n"
                                  "#EXT-X-PROGRAM-DATE-TIME:2026-11-30T00:53:40.000Z\n"
                                  "#EXTINF:1.000,\n2/0.ts\n"));
  g_assert_nonnull (strstr (text, "#EXT-X-PROGRAM-DATE-TIME:2026-11-30T00:53:20.000Z\n"
                                  "#EXTINF:1.000,\n1/0.ts\n"));
  g_assert_cmpuint (count (text, "#EXT-X-PROGRAM-DATE-TIME"), ==, 2);
}

static void
test_whole_recording_live (void)
{
  g_autoptr (TribuneArchive) a = archive (FALSE, "Begroting");
  g_autofree gchar *text = tribune_vod_playlist_render (a);
  g_autoptr (TribuneArchive) none = tribune_archive_new (
      8, FALSE, tribune_timeline_new (),
      g_ptr_array_new_with_free_func ((GDestroyNotify) tribune_chapter_free));

  g_assert_nonnull (strstr (text, "#EXT-X-PLAYLIST-TYPE:EVENT\n"));
  g_assert_null (strstr (text, "ENDLIST"));
  g_assert_null (tribune_vod_playlist_render (none));
}

static void
test_chapter_offsets (void)
{
  g_autoptr (TribuneArchive) a = archive (TRUE, "Begroting");
  const TribuneChapter *c11 = tribune_archive_chapter (a, 11);
  const TribuneChapter *c12 = tribune_archive_chapter (a, 12);

  g_assert_cmpint (tribune_archive_chapter (a, 10)->offset_us, ==, S / 2);
  g_assert_cmpint (c11->offset_us, ==, 2 * S + S / 4);
  g_assert_cmpint (c11->end_us, ==, 4 * S);             /* item 12 starts after the gap */
  g_assert_cmpint (c12->offset_us, ==, 4 * S);
  g_assert_cmpint (c12->end_us, ==, 4 * S);             /* item 13 at the same moment */
  g_assert_cmpint (tribune_archive_chapter (a, 13)->end_us, ==, 7 * S);
  g_assert_null (tribune_archive_chapter (a, 99));
}

static void
test_item_playlist (void)
{
  g_autoptr (TribuneArchive) a = archive (FALSE, "Begroting");
  g_autofree gchar *item11 = tribune_vod_item_playlist_render (a, tribune_archive_chapter (a, 11));
  g_autofree gchar *item13 = tribune_vod_item_playlist_render (a, tribune_archive_chapter (a, 13));

  /* 2.25 s .. 4 s: segments 1/2 and 1/3, starting 0.25 s into the first; closed (another
   * item followed) although the meeting is live. */
  g_assert_nonnull (strstr (item11, "#EXT-X-PLAYLIST-TYPE:VOD\n"
                                    "#EXT-X-START:TIME-OFFSET=0.250,PRECISE=YES\n"));
  g_assert_nonnull (strstr (item11, "\n../1/2.ts\n#EXTINF:1.000,\n../1/3.ts\n#EXT-X-ENDLIST\n"));
  g_assert_cmpuint (count (item11, "#EXTINF"), ==, 2);
  /* The last item of a live meeting is still growing. */
  g_assert_nonnull (strstr (item13, "#EXT-X-PLAYLIST-TYPE:EVENT\n"));
  g_assert_null (strstr (item13, "ENDLIST"));
  g_assert_null (strstr (item13, "EXT-X-START"));
  g_assert_cmpuint (count (item13, "#EXTINF"), ==, 3);
  /* Zero length: nothing to play. */
  g_assert_null (tribune_vod_item_playlist_render (a, tribune_archive_chapter (a, 12)));
  g_assert_false (tribune_archive_chapter_closed (a, tribune_archive_chapter (a, 13)));
}

static void
test_vtt (void)
{
  g_autoptr (TribuneArchive) a = archive (TRUE, "Speeltuin <b>&</b>\n\n--> 00:00:00.000 --> x");
  g_autofree gchar *vtt = tribune_chapters_vtt_render (a);

  g_assert_cmpstr (vtt, ==,
                   "WEBVTT\n"
                   "\nitem-10\n00:00:00.500 --> 00:00:02.250\nOpening\n"
                   "\nitem-11\n00:00:02.250 --> 00:00:04.000\n"
                   "Speeltuin &lt;b&gt;&amp;&lt;/b&gt;  --&gt; 00:00:00.000 --&gt; x\n"
                   "\nitem-13\n00:00:04.000 --> 00:00:07.000\nSluiting\n");
}

static void
test_vtt_long_and_empty (void)
{
  TribuneTimeline *t = tribune_timeline_new ();
  GPtrArray *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify) tribune_chapter_free);
  g_autoptr (TribuneArchive) a = NULL;
  g_autoptr (TribuneArchive) none = tribune_archive_new (
      8, TRUE, tribune_timeline_new (),
      g_ptr_array_new_with_free_func ((GDestroyNotify) tribune_chapter_free));
  g_autofree gchar *vtt = NULL, *empty = tribune_chapters_vtt_render (none);

  /* A three-hour meeting: hours in the cue times. */
  tribune_timeline_append (t, 1, 0, T0, (gint64) 3 * 3600 * S + 1234000);
  g_ptr_array_add (chapters, chapter (1, 5, "Alles", T0 + (gint64) 3600 * S + 61 * S));
  a = tribune_archive_new (7, TRUE, t, chapters);
  vtt = tribune_chapters_vtt_render (a);
  g_assert_nonnull (strstr (vtt, "01:01:01.000 --> 03:00:01.234\nAlles\n"));
  g_assert_cmpstr (empty, ==, "WEBVTT\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vod-playlist/whole-recording-ended", test_whole_recording_ended);
  g_test_add_func ("/vod-playlist/whole-recording-live", test_whole_recording_live);
  g_test_add_func ("/vod-playlist/chapter-offsets", test_chapter_offsets);
  g_test_add_func ("/vod-playlist/item-playlist", test_item_playlist);
  g_test_add_func ("/vod-playlist/vtt", test_vtt);
  g_test_add_func ("/vod-playlist/vtt-long-and-empty", test_vtt_long_and_empty);
  return g_test_run ();
}
