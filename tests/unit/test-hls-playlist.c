/* test-hls-playlist.c — the live HLS playlist (pipelines/hls-playlist.c): sliding window,
 * media sequence, segments to delete, discontinuities, date-times, and the exact text. */
#include "hls-playlist.h"
#include "hls-snapshot.h"

/* Would the HTTP code serve segment @uri now? (the playlist's current snapshot) */
static gboolean
knows (TribuneHlsPlaylist *p, const gchar *uri)
{
  g_autoptr (TribuneHlsSnapshot) s = tribune_hls_playlist_snapshot (p);

  return s != NULL && uri != NULL && tribune_hls_snapshot_knows (s, uri);
}

#include <string.h>

/* 2026-11-28T10:11:30.747Z */
#define T0 G_GINT64_CONSTANT (1795860690747000)

static gchar *
seg_name (guint i)
{
  return g_strdup_printf ("1795860689-1-%05u.ts", i);
}

/* Add segment @i: 1 s long, starting at T0 + i s. Returns the URIs to delete. */
static GStrv
add_seg (TribuneHlsPlaylist *p, guint i)
{
  g_autofree gchar *uri = seg_name (i);

  return tribune_hls_playlist_add (p, uri, 1.0, T0 + (gint64) i * G_USEC_PER_SEC);
}

static void
add_seg_none_gone (TribuneHlsPlaylist *p, guint i)
{
  g_auto (GStrv) gone = add_seg (p, i);

  g_assert_nonnull (gone);
  g_assert_cmpuint (g_strv_length (gone), ==, 0);
}

static guint
count_lines_starting (const gchar *text, const gchar *prefix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static guint
count_lines_equal (const gchar *text, const gchar *line)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    n += g_str_equal (lines[i], line);
  return n;
}

static void
test_empty (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (6, 2);

  g_assert_null (tribune_hls_playlist_render (p));
  g_assert_cmpuint (tribune_hls_playlist_length (p), ==, 0);
  g_assert_cmpuint (tribune_hls_playlist_media_sequence (p), ==, 0);
  g_assert_false (knows (p, "1795860689-1-00000.ts"));
  g_assert_false (knows (p, ""));
  g_assert_false (knows (p, NULL));

  /* A discontinuity mark alone does not make a playlist. */
  tribune_hls_playlist_mark_discontinuity (p);
  g_assert_null (tribune_hls_playlist_render (p));
}

static void
test_first_segment_exact_text (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (6, 2);
  g_autofree gchar *text = NULL;

  add_seg_none_gone (p, 2);
  text = tribune_hls_playlist_render (p);
  g_assert_cmpstr (text, ==,
                   "#EXTM3U\n"
                   "#EXT-X-VERSION:3\n"
                   "#EXT-X-TARGETDURATION:2\n"
                   "#EXT-X-MEDIA-SEQUENCE:0\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:32.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00002.ts\n");
  g_assert_cmpuint (tribune_hls_playlist_length (p), ==, 1);
  g_assert_true (knows (p, "1795860689-1-00002.ts"));
}

static void
test_window_slides (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 2);
  g_autofree gchar *text = NULL;

  for (guint i = 0; i < 3; i++) {
    g_auto (GStrv) gone = add_seg (p, i);
    g_assert_cmpuint (tribune_hls_playlist_length (p), ==, i + 1);
    g_assert_cmpuint (tribune_hls_playlist_media_sequence (p), ==, 0);
  }
  for (guint i = 3; i < 10; i++) {
    g_auto (GStrv) gone = add_seg (p, i);
    g_assert_cmpuint (tribune_hls_playlist_length (p), ==, 3);
    g_assert_cmpuint (tribune_hls_playlist_media_sequence (p), ==, i - 2);
  }

  text = tribune_hls_playlist_render (p);
  g_assert_cmpstr (text, ==,
                   "#EXTM3U\n"
                   "#EXT-X-VERSION:3\n"
                   "#EXT-X-TARGETDURATION:2\n"
                   "#EXT-X-MEDIA-SEQUENCE:7\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:37.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00007.ts\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:38.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00008.ts\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:39.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00009.ts\n");
}

static void
test_media_sequence_long_run (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (6, 2);
  g_autofree gchar *text = NULL;

  /* Four hours of one-second segments. */
  for (guint i = 0; i < 4 * 3600; i++) {
    g_auto (GStrv) gone = add_seg (p, i);
  }
  g_assert_cmpuint (tribune_hls_playlist_media_sequence (p), ==, 4 * 3600 - 6);
  g_assert_cmpuint (tribune_hls_playlist_length (p), ==, 6);
  text = tribune_hls_playlist_render (p);
  g_assert_nonnull (strstr (text, "\n#EXT-X-MEDIA-SEQUENCE:14394\n"));
  g_assert_cmpuint (count_lines_starting (text, "#EXTINF:"), ==, 6);
  g_assert_nonnull (strstr (text, "\n1795860689-1-14394.ts\n"));
  g_assert_nonnull (strstr (text, "\n1795860689-1-14399.ts\n"));
  g_assert_null (strstr (text, "1795860689-1-14393.ts"));
}

static void
test_deletion_after_linger (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 2);
  guint deleted = 0;

  /* window 3 + 4 lingering: nothing to delete for the first 7 segments. */
  for (guint i = 0; i < 7; i++)
    add_seg_none_gone (p, i);

  /* Segment 0 left the window when segment 3 came; still served while lingering. */
  g_assert_true (knows (p, "1795860689-1-00000.ts"));
  g_assert_true (knows (p, "1795860689-1-00003.ts"));

  for (guint i = 7; i < 50; i++) {
    g_auto (GStrv) gone = add_seg (p, i);
    g_autofree gchar *expected = seg_name (i - 7);

    /* Exactly one, the oldest, each time. */
    g_assert_cmpuint (g_strv_length (gone), ==, 1);
    g_assert_cmpstr (gone[0], ==, expected);
    g_assert_false (knows (p, expected));
    deleted++;
  }
  g_assert_cmpuint (deleted, ==, 43);
  /* Lingering: out of the window, not yet deleted. */
  g_assert_true (knows (p, "1795860689-1-00043.ts"));
  g_assert_true (knows (p, "1795860689-1-00046.ts"));
  g_assert_false (knows (p, "1795860689-1-00042.ts"));
  g_assert_false (knows (p, "1795860689-1-00050.ts"));
  g_assert_false (knows (p, "1795860689-1-0004"));
}

static void
test_target_duration_fixed (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (6, 4);
  g_autofree gchar *text = NULL;
  GStrv gone;

  gone = tribune_hls_playlist_add (p, "a.ts", 0.5, T0);
  g_strfreev (gone);
  gone = tribune_hls_playlist_add (p, "b.ts", 4.4, T0 + 500000);   /* rounds to 4: OK */
  g_strfreev (gone);
  gone = tribune_hls_playlist_add (p, "c.ts", 1.0, T0 + 4900000);
  g_strfreev (gone);
  text = tribune_hls_playlist_render (p);
  g_assert_cmpuint (count_lines_starting (text, "#EXT-X-TARGETDURATION:"), ==, 1);
  g_assert_nonnull (strstr (text, "\n#EXT-X-TARGETDURATION:4\n"));
}

static void
test_extinf_format (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (10, 3);
  g_autofree gchar *text = NULL;
  static const struct { gdouble d; const gchar *text; } cases[] = {
    { 1.0, "#EXTINF:1.000,\n" },
    { 2.5, "#EXTINF:2.500,\n" },
    { 0.04, "#EXTINF:0.040,\n" },
    { 0.9996, "#EXTINF:1.000,\n" },
    { 1.0333333, "#EXTINF:1.033,\n" },
    { 3.0, "#EXTINF:3.000,\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *uri = g_strdup_printf ("s%u.ts", i);
    g_auto (GStrv) gone = tribune_hls_playlist_add (p, uri, cases[i].d, T0 + i);
  }
  text = tribune_hls_playlist_render (p);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *line = g_strdup_printf ("%ss%u.ts\n", cases[i].text, i);
    if (strstr (text, line) == NULL)
      g_error ("missing\n%s in\n%s", line, text);
  }
}

static void
test_discontinuity (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 2);
  g_autofree gchar *text = NULL;

  add_seg_none_gone (p, 0);
  add_seg_none_gone (p, 1);
  tribune_hls_playlist_mark_discontinuity (p);
  tribune_hls_playlist_mark_discontinuity (p);    /* twice: still one break */
  add_seg_none_gone (p, 2);

  text = tribune_hls_playlist_render (p);
  g_assert_cmpstr (text, ==,
                   "#EXTM3U\n"
                   "#EXT-X-VERSION:3\n"
                   "#EXT-X-TARGETDURATION:2\n"
                   "#EXT-X-MEDIA-SEQUENCE:0\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:30.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00000.ts\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:31.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00001.ts\n"
                   "#EXT-X-DISCONTINUITY\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:32.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00002.ts\n");
  g_clear_pointer (&text, g_free);

  /* Only the next segment carries the tag. */
  add_seg_none_gone (p, 3);
  add_seg_none_gone (p, 4);
  text = tribune_hls_playlist_render (p);
  g_assert_cmpuint (count_lines_starting (text, "#EXT-X-DISCONTINUITY"), ==, 1);
  g_assert_nonnull (strstr (text, "#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"
                                  "2026-11-28T10:11:32.747Z\n#EXTINF:1.000,\n"
                                  "1795860689-1-00002.ts\n"));
  g_assert_null (strstr (text, "DISCONTINUITY-SEQUENCE"));
  g_clear_pointer (&text, g_free);

  /* Segment 2 leaves the window: the count moves to EXT-X-DISCONTINUITY-SEQUENCE. */
  add_seg_none_gone (p, 5);
  text = tribune_hls_playlist_render (p);
  g_assert_cmpstr (text, ==,
                   "#EXTM3U\n"
                   "#EXT-X-VERSION:3\n"
                   "#EXT-X-TARGETDURATION:2\n"
                   "#EXT-X-MEDIA-SEQUENCE:3\n"
                   "#EXT-X-DISCONTINUITY-SEQUENCE:1\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:33.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00003.ts\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:34.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00004.ts\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:35.747Z\n"
                   "#EXTINF:1.000,\n"
                   "1795860689-1-00005.ts\n");
  g_clear_pointer (&text, g_free);

  /* It stays 1 while segment 2 lingers and after it is deleted (after segment 9). */
  for (guint i = 6; i < 20; i++) {
    g_auto (GStrv) gone = add_seg (p, i);
    text = tribune_hls_playlist_render (p);
    g_assert_nonnull (strstr (text, "\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n"));
    g_assert_null (strstr (text, "#EXT-X-DISCONTINUITY\n"));
    g_clear_pointer (&text, g_free);
  }
  g_assert_false (knows (p, "1795860689-1-00002.ts"));

  /* A second break, and it leaves too: 2. */
  tribune_hls_playlist_mark_discontinuity (p);
  for (guint i = 20; i < 30; i++) {
    g_auto (GStrv) gone = add_seg (p, i);
  }
  text = tribune_hls_playlist_render (p);
  g_assert_nonnull (strstr (text, "\n#EXT-X-DISCONTINUITY-SEQUENCE:2\n"));
}

static void
test_discontinuity_first_segment (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 2);
  g_autofree gchar *text = NULL;

  tribune_hls_playlist_mark_discontinuity (p);
  add_seg_none_gone (p, 0);
  text = tribune_hls_playlist_render (p);
  g_assert_nonnull (strstr (text, "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY\n"));
  g_clear_pointer (&text, g_free);

  /* Many breaks in a row, each leaving the window: the sequence counts them all. */
  for (guint i = 1; i < 12; i++) {
    tribune_hls_playlist_mark_discontinuity (p);
    g_auto (GStrv) gone = add_seg (p, i);
  }
  text = tribune_hls_playlist_render (p);
  /* Segments 0..11 all start with a break; 9, 10, 11 are listed: 9 breaks left. */
  g_assert_nonnull (strstr (text, "\n#EXT-X-DISCONTINUITY-SEQUENCE:9\n"));
  g_assert_cmpuint (count_lines_equal (text, "#EXT-X-DISCONTINUITY"), ==, 3);
}

static void
test_program_date_time (void)
{
  static const struct { gint64 wall_us; const gchar *text; } cases[] = {
    { T0, "2026-11-28T10:11:30.747Z" },
    { T0 - 747000, "2026-11-28T10:11:30.000Z" },               /* whole second */
    { T0 - 747000 + 999999, "2026-11-28T10:11:30.999Z" },      /* not rounded up */
    { T0 - 747000 + 1000, "2026-11-28T10:11:30.001Z" },
    { T0 - 747000 + 999, "2026-11-28T10:11:30.000Z" },
    { 0, "1970-01-01T00:00:00.000Z" },
    { G_GINT64_CONSTANT (951782400123456), "2000-02-29T00:00:00.123Z" },   /* leap day */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 2);
    g_autofree gchar *text = NULL;
    g_autofree gchar *line = g_strdup_printf ("\n#EXT-X-PROGRAM-DATE-TIME:%s\n", cases[i].text);
    g_auto (GStrv) gone = tribune_hls_playlist_add (p, "a.ts", 1.0, cases[i].wall_us);

    text = tribune_hls_playlist_render (p);
    if (strstr (text, line) == NULL)
      g_error ("wall %" G_GINT64_FORMAT ": expected%sin\n%s", cases[i].wall_us, line, text);
  }
}

static void
test_program_date_time_iso8601 (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 2);
  g_autofree gchar *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GRegex) re = g_regex_new (
      "^#EXT-X-PROGRAM-DATE-TIME:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$",
      0, 0, NULL);
  guint seen = 0;

  for (guint i = 0; i < 3; i++) {
    g_auto (GStrv) gone =
      tribune_hls_playlist_add (p, "x.ts", 1.0, g_get_real_time () + i * 1001);
  }
  text = tribune_hls_playlist_render (p);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (!g_str_has_prefix (lines[i], "#EXT-X-PROGRAM-DATE-TIME:"))
      continue;
    seen++;
    if (!g_regex_match (re, lines[i], 0, NULL))
      g_error ("not ISO 8601 with milliseconds and Z: %s", lines[i]);
    /* It parses back as a date-time. */
    {
      g_autoptr (GDateTime) dt =
        g_date_time_new_from_iso8601 (lines[i] + strlen ("#EXT-X-PROGRAM-DATE-TIME:"), NULL);
      g_assert_nonnull (dt);
    }
  }
  g_assert_cmpuint (seen, ==, 3);
}

static void
test_pre_epoch_date_time (void)
{
  /* One microsecond before the epoch: 1969-12-31T23:59:59.999Z (a clock gone wrong
   * must not produce garbage). */
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 2);
  g_autofree gchar *text = NULL;
  g_auto (GStrv) gone = tribune_hls_playlist_add (p, "a.ts", 1.0, -1);

  text = tribune_hls_playlist_render (p);
  g_assert_nonnull (strstr (text, "\n#EXT-X-PROGRAM-DATE-TIME:1969-12-31T23:59:59.999Z\n"));
}

static void
test_over_long_segment_warns (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (6, 2);
  g_autofree gchar *text = NULL;
  GStrv gone;

  /* 2.49 s rounds to 2: within the target, no warning (a warning would be fatal). */
  gone = tribune_hls_playlist_add (p, "ok.ts", 2.49, T0);
  g_strfreev (gone);

  g_test_expect_message ("tribune", G_LOG_LEVEL_WARNING,
                         "hls: segment long.ts lasts 2.60 s, over the target duration 2 s");
  gone = tribune_hls_playlist_add (p, "long.ts", 2.6, T0 + 2490000);
  g_test_assert_expected_messages ();
  g_strfreev (gone);

  g_test_expect_message ("tribune", G_LOG_LEVEL_WARNING, "*half.ts lasts 2.50 s*");
  gone = tribune_hls_playlist_add (p, "half.ts", 2.5, T0 + 5090000);
  g_test_assert_expected_messages ();
  g_strfreev (gone);

  /* Still listed, with its real duration; the target does not change. */
  text = tribune_hls_playlist_render (p);
  g_assert_nonnull (strstr (text, "#EXTINF:2.600,\nlong.ts\n"));
  g_assert_nonnull (strstr (text, "#EXTINF:2.500,\nhalf.ts\n"));
  g_assert_nonnull (strstr (text, "\n#EXT-X-TARGETDURATION:2\n"));
  g_assert_cmpuint (tribune_hls_playlist_length (p), ==, 3);
}

static void
test_zero_window_and_target (void)
{
  /* Both are clamped to 1. */
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (0, 0);
  g_autofree gchar *text = NULL;

  add_seg_none_gone (p, 0);
  add_seg_none_gone (p, 1);
  g_assert_cmpuint (tribune_hls_playlist_length (p), ==, 1);
  g_assert_cmpuint (tribune_hls_playlist_media_sequence (p), ==, 1);
  text = tribune_hls_playlist_render (p);
  g_assert_nonnull (strstr (text, "\n#EXT-X-TARGETDURATION:1\n"));
  g_assert_cmpuint (count_lines_starting (text, "#EXTINF:"), ==, 1);
  g_assert_nonnull (strstr (text, "\n1795860689-1-00001.ts\n"));
}

static void
test_render_consistent_with_getters (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (5, 2);

  for (guint i = 0; i < 40; i++) {
    g_autofree gchar *text = NULL;
    g_autofree gchar *seq = NULL;
    g_auto (GStrv) gone = add_seg (p, i);

    if (i % 7 == 3)
      tribune_hls_playlist_mark_discontinuity (p);
    text = tribune_hls_playlist_render (p);
    seq = g_strdup_printf ("\n#EXT-X-MEDIA-SEQUENCE:%" G_GUINT64_FORMAT "\n",
                           tribune_hls_playlist_media_sequence (p));
    g_assert_nonnull (strstr (text, seq));
    g_assert_cmpuint (count_lines_starting (text, "#EXTINF:"), ==,
                      tribune_hls_playlist_length (p));
    g_assert_true (g_str_has_prefix (text, "#EXTM3U\n"));
    g_assert_true (g_str_has_suffix (text, ".ts\n"));
    /* Every listed segment is known (servable). */
    for (guint k = 0; k < tribune_hls_playlist_length (p); k++) {
      g_autofree gchar *uri = seg_name (i - k);
      g_assert_true (knows (p, uri));
      g_assert_nonnull (strstr (text, uri));
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hls-playlist/empty", test_empty);
  g_test_add_func ("/hls-playlist/first-segment-exact-text", test_first_segment_exact_text);
  g_test_add_func ("/hls-playlist/window-slides", test_window_slides);
  g_test_add_func ("/hls-playlist/media-sequence-long-run", test_media_sequence_long_run);
  g_test_add_func ("/hls-playlist/deletion-after-linger", test_deletion_after_linger);
  g_test_add_func ("/hls-playlist/target-duration-fixed", test_target_duration_fixed);
  g_test_add_func ("/hls-playlist/extinf-format", test_extinf_format);
  g_test_add_func ("/hls-playlist/discontinuity", test_discontinuity);
  g_test_add_func ("/hls-playlist/discontinuity-first-segment",
                   test_discontinuity_first_segment);
  g_test_add_func ("/hls-playlist/program-date-time", test_program_date_time);
  g_test_add_func ("/hls-playlist/program-date-time-iso8601", test_program_date_time_iso8601);
  g_test_add_func ("/hls-playlist/pre-epoch-date-time", test_pre_epoch_date_time);
  g_test_add_func ("/hls-playlist/over-long-segment-warns", test_over_long_segment_warns);
  g_test_add_func ("/hls-playlist/zero-window-and-target", test_zero_window_and_target);
  g_test_add_func ("/hls-playlist/render-consistent-with-getters",
                   test_render_consistent_with_getters);

  return g_test_run ();
}
