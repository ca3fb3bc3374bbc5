/* test-hls-parts.c — Low-Latency HLS in the live playlist (pipelines/hls-playlist.c):
 * the exact text with parts, the preload hint, which segments list their parts, the
 * blocking-reload rules of RFC 8216bis (ready, wait, too far), part data and the
 * changed hook. */
#include "hls-playlist.h"
#include "hls-snapshot.h"

#include <string.h>

/* 2026-11-28T10:11:30.747Z */
#define T0 G_GINT64_CONSTANT (1795860690747000)

static GBytes *
bytes_of (const gchar *text)
{
  return g_bytes_new (text, strlen (text));
}

/* What the HTTP code sees: the playlist's current snapshot. Kept until the next call, so
 * an assertion can use it inline. */
static TribuneHlsSnapshot *
now (TribuneHlsPlaylist *p)
{
  static TribuneHlsSnapshot *last;

  g_clear_pointer (&last, tribune_hls_snapshot_unref);
  last = tribune_hls_playlist_snapshot (p);
  g_assert_nonnull (last);
  return last;
}

/* (transfer full) a part's bytes as served, or NULL. */
static GBytes *
part_data (TribuneHlsPlaylist *p, const gchar *uri)
{
  GBytes *data = uri ? tribune_hls_snapshot_part (now (p), uri) : NULL;
  return data ? g_bytes_ref (data) : NULL;
}

/* Segment @i as three parts (0.36, 0.36, 0.28 s), then closed. */
static void
add_segment_with_parts (TribuneHlsPlaylist *p, guint i)
{
  static const gdouble lengths[] = { 0.36, 0.36, 0.28 };
  g_autofree gchar *uri = g_strdup_printf ("s-%05u.ts", i);
  g_auto (GStrv) gone = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (lengths); k++) {
    g_autoptr (GBytes) data = bytes_of (k == 0 ? "key" : "delta");
    tribune_hls_playlist_add_part (p, lengths[k], k == 0, T0 + i * G_USEC_PER_SEC, data);
  }
  gone = tribune_hls_playlist_add (p, uri, 1.0, T0 + (gint64) i * G_USEC_PER_SEC);
}

static TribuneHlsPlaylist *
new_ll (guint window)
{
  TribuneHlsPlaylist *p = tribune_hls_playlist_new (window, 2);

  tribune_hls_playlist_enable_parts (p, 0.4, "x-p");
  return p;
}

static void
test_exact_text (void)
{
  g_autoptr (TribuneHlsPlaylist) p = new_ll (6);
  g_autoptr (GBytes) data = bytes_of ("open");
  g_autofree gchar *text = NULL;

  g_assert_true (tribune_hls_snapshot_has_parts (now (p)));
  g_assert_null (tribune_hls_playlist_render (p));
  add_segment_with_parts (p, 0);
  /* The segment being written shows its parts; a part over the target is listed at the
   * target (the rule is a MUST). */
  tribune_hls_playlist_add_part (p, 0.45, TRUE, T0 + G_USEC_PER_SEC, data);
  text = tribune_hls_playlist_render (p);
  g_assert_cmpstr (text, ==,
                   "#EXTM3U\n"
                   "#EXT-X-VERSION:6\n"
                   "#EXT-X-TARGETDURATION:2\n"
                   "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.200\n"
                   "#EXT-X-PART-INF:PART-TARGET=0.400\n"
                   "#EXT-X-MEDIA-SEQUENCE:0\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:30.747Z\n"
                   "#EXT-X-PART:DURATION=0.360,URI=\"x-p0.ts\",INDEPENDENT=YES\n"
                   "#EXT-X-PART:DURATION=0.360,URI=\"x-p1.ts\"\n"
                   "#EXT-X-PART:DURATION=0.280,URI=\"x-p2.ts\"\n"
                   "#EXTINF:1.000,\n"
                   "s-00000.ts\n"
                   "#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:31.747Z\n"
                   "#EXT-X-PART:DURATION=0.400,URI=\"x-p3.ts\",INDEPENDENT=YES\n"
                   "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"x-p4.ts\"\n");
  g_assert_true (tribune_hls_snapshot_is_hinted (now (p), "x-p4.ts"));
  g_assert_false (tribune_hls_snapshot_is_hinted (now (p), "x-p3.ts"));
  g_assert_false (tribune_hls_snapshot_is_hinted (now (p), NULL));

  /* Rendered once per change, shared until the next one. */
  {
    g_autoptr (GBytes) a = g_bytes_ref (tribune_hls_snapshot_text (now (p)));
    g_autoptr (GBytes) b = g_bytes_ref (tribune_hls_snapshot_text (now (p)));
    g_autoptr (GBytes) c = NULL;
    g_autoptr (GBytes) d = NULL;
    g_autoptr (GBytes) more = bytes_of ("more");

    g_assert_true (a == b);
    g_assert_cmpmem (g_bytes_get_data (a, NULL), g_bytes_get_size (a), text, strlen (text));
    tribune_hls_playlist_add_part (p, 0.36, FALSE, T0, more);
    c = g_bytes_ref (tribune_hls_snapshot_text (now (p)));
    g_assert_true (c != a);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (c, NULL), g_bytes_get_size (c), "x-p5.ts"));
    tribune_hls_playlist_mark_discontinuity (p);
    d = g_bytes_ref (tribune_hls_snapshot_text (now (p)));
    /* The broken-off segment's parts are gone from the text; the hint moved on. */
    g_assert_null (g_strstr_len (g_bytes_get_data (d, NULL), g_bytes_get_size (d), "URI=\"x-p4.ts\""));
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (d, NULL), g_bytes_get_size (d),
                                    "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"x-p5.ts\""));
  }
}

/* Without parts the playlist is the classic one: no LL tags at all. */
static void
test_classic_has_no_ll_tags (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (6, 2);
  g_auto (GStrv) gone = tribune_hls_playlist_add (p, "s-00000.ts", 1.0, T0);
  g_autofree gchar *text = tribune_hls_playlist_render (p);

  g_assert_false (tribune_hls_snapshot_has_parts (now (p)));
  g_assert_null (strstr (text, "EXT-X-PART"));
  g_assert_null (strstr (text, "PRELOAD-HINT"));
  g_assert_null (strstr (text, "SERVER-CONTROL"));
  g_assert_nonnull (strstr (text, "#EXT-X-VERSION:3\n"));
}

/* Parts are listed only for segments that end within 3 target durations (6 s) of the
 * live edge; older ones keep only their EXTINF. Media sequence numbers never go back. */
static void
test_parts_listed_near_the_edge (void)
{
  g_autoptr (TribuneHlsPlaylist) p = new_ll (10);
  guint64 last_sequence = 0;

  for (guint i = 0; i < 30; i++) {
    g_autofree gchar *text = NULL;
    g_auto (GStrv) lines = NULL;
    guint segments_with_parts = 0;
    gboolean saw_part = FALSE;

    add_segment_with_parts (p, i);
    g_assert_cmpuint (tribune_hls_playlist_media_sequence (p), >=, last_sequence);
    last_sequence = tribune_hls_playlist_media_sequence (p);
    text = tribune_hls_playlist_render (p);
    lines = g_strsplit (text, "\n", -1);
    for (guint k = 0; lines[k]; k++) {
      if (g_str_has_prefix (lines[k], "#EXT-X-PART:"))
        saw_part = TRUE;
      if (g_str_has_prefix (lines[k], "#EXTINF:")) {
        segments_with_parts += saw_part;
        saw_part = FALSE;
      }
    }
    /* 1 s segments: those ending less than 6 s before the edge, i.e. the last 6. */
    g_assert_cmpuint (segments_with_parts, ==, MIN (i + 1, 6));
  }
}

static void
test_blocking_rules (void)
{
  g_autoptr (TribuneHlsPlaylist) p = new_ll (6);
  g_autoptr (GBytes) data = bytes_of ("open");

  for (guint i = 0; i < 4; i++)
    add_segment_with_parts (p, i);
  /* Segments 0–3 complete; 4 is being written, with no part yet. */
  g_assert_cmpuint (tribune_hls_playlist_open_msn (p), ==, 4);
  g_assert_cmpuint (tribune_hls_playlist_open_parts (p), ==, 0);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 3, -1), ==, TRIBUNE_HLS_READY);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 3, 2), ==, TRIBUNE_HLS_READY);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 0, -1), ==, TRIBUNE_HLS_READY);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 4, -1), ==, TRIBUNE_HLS_WAIT);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 4, 0), ==, TRIBUNE_HLS_WAIT);
  /* The last segment shown is 3: up to 3 + 2 may be asked for. */
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 5, -1), ==, TRIBUNE_HLS_WAIT);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 6, -1), ==, TRIBUNE_HLS_TOO_FAR);

  tribune_hls_playlist_add_part (p, 0.36, TRUE, T0, data);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 4, 0), ==, TRIBUNE_HLS_READY);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 4, 1), ==, TRIBUNE_HLS_WAIT);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 4, -1), ==, TRIBUNE_HLS_WAIT);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 6, 0), ==, TRIBUNE_HLS_WAIT);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 7, 0), ==, TRIBUNE_HLS_TOO_FAR);
  /* Advance Part Limit: 3 / 0.4 = 7.5 parts past the last one (part 0). */
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 4, 7), ==, TRIBUNE_HLS_WAIT);
  g_assert_cmpint (tribune_hls_snapshot_check_block (now (p), 4, 8), ==, TRIBUNE_HLS_TOO_FAR);
}

static void
count_changes (TribuneHlsPlaylist *p, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
count_destroy (gpointer user_data)
{
  (*(guint *) user_data) += 1000;
}

static void
test_part_data_and_hook (void)
{
  TribuneHlsPlaylist *p = new_ll (3);
  guint changes = 0;
  g_autoptr (GBytes) got = NULL;

  tribune_hls_playlist_set_changed_hook (p, count_changes, &changes, count_destroy);
  g_assert_true (tribune_hls_playlist_get_changed_data (p) == &changes);
  add_segment_with_parts (p, 0);
  g_assert_cmpuint (changes, ==, 4);          /* three parts and a segment */
  got = part_data (p, "x-p0.ts");
  g_assert_nonnull (got);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "key", 3);
  g_assert_null (part_data (p, "x-p3.ts"));
  g_assert_null (part_data (p, "s-00000.ts"));
  g_assert_null (part_data (p, NULL));

  /* Parts of old segments are let go (8 segments are kept). */
  for (guint i = 1; i < 12; i++)
    add_segment_with_parts (p, i);
  g_assert_null (part_data (p, "x-p0.ts"));
  g_clear_pointer (&got, g_bytes_unref);
  got = part_data (p, "x-p33.ts");   /* segment 11's first part */
  g_assert_nonnull (got);

  tribune_hls_playlist_free (p);
  g_assert_cmpuint (changes, ==, 1000 + 4 * 12);
}

/* A writer that broke off: its open parts go, the hint moves on, the next segment is a
 * discontinuity. */
static void
test_discontinuity_drops_open_parts (void)
{
  g_autoptr (TribuneHlsPlaylist) p = new_ll (6);
  g_autoptr (GBytes) data = bytes_of ("open");
  g_autofree gchar *text = NULL;

  add_segment_with_parts (p, 0);
  tribune_hls_playlist_add_part (p, 0.36, TRUE, T0, data);
  tribune_hls_playlist_mark_discontinuity (p);
  g_assert_cmpuint (tribune_hls_playlist_open_parts (p), ==, 0);
  g_assert_null (part_data (p, "x-p3.ts"));
  g_assert_true (tribune_hls_snapshot_is_hinted (now (p), "x-p4.ts"));
  add_segment_with_parts (p, 1);
  text = tribune_hls_playlist_render (p);
  g_assert_nonnull (strstr (text, "#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-11-28T10:11:31.747Z\n"
                                  "#EXT-X-PART:DURATION=0.360,URI=\"x-p4.ts\",INDEPENDENT=YES\n"));
}

/* The frozen copy other threads serve from (hls-snapshot.h) says what the playlist says,
 * at every step, and stays as it was when the playlist moves on. */
static void
test_snapshot_follows_playlist (void)
{
  g_autoptr (TribuneHlsPlaylist) p = tribune_hls_playlist_new (3, 1);
  g_autoptr (TribuneHlsSnapshot) before = NULL;

  g_assert_null (tribune_hls_playlist_snapshot (p));
  tribune_hls_playlist_enable_parts (p, 0.4, "p-");
  for (guint i = 0; i < 12; i++) {
    add_segment_with_parts (p, i);
    {
      g_autoptr (TribuneHlsSnapshot) s = tribune_hls_playlist_snapshot (p);
      g_autofree gchar *text = tribune_hls_playlist_render (p);
      g_autofree gchar *hint = g_strdup_printf ("p-%u.ts", 3 * (i + 1));
      g_autofree gchar *segment = g_strdup_printf ("s-%05u.ts", i);
      g_autofree gchar *part = g_strdup_printf ("p-%u.ts", 3 * i + 1);

      g_assert_nonnull (s);
      g_assert_cmpmem (g_bytes_get_data (tribune_hls_snapshot_text (s), NULL),
                       g_bytes_get_size (tribune_hls_snapshot_text (s)), text, strlen (text));
      g_assert_true (tribune_hls_snapshot_has_parts (s));
      g_assert_cmpuint (tribune_hls_snapshot_target (s), ==, 1);
      g_assert_true (tribune_hls_snapshot_is_hinted (s, hint));
      g_assert_true (tribune_hls_snapshot_knows (s, segment));
      g_assert_false (tribune_hls_snapshot_knows (s, hint));
      g_assert_nonnull (tribune_hls_snapshot_part (s, part));
      g_assert_null (tribune_hls_snapshot_part (s, hint));
      /* The blocking rules, as the playlist decides them. */
      for (guint64 msn = 0; msn < i + 4; msn++) {
        for (gint64 k = -1; k < 12; k++)
          g_assert_cmpint (tribune_hls_snapshot_check_block (s, msn, k), ==,
                           tribune_hls_snapshot_check_block (now (p), msn, k));
      }
      if (i == 2)
        before = tribune_hls_snapshot_ref (s);
    }
  }
  /* An old snapshot is untouched by what came after it. */
  g_assert_true (tribune_hls_snapshot_knows (before, "s-00000.ts"));
  g_assert_false (tribune_hls_snapshot_knows (before, "s-00011.ts"));
  g_assert_nonnull (tribune_hls_snapshot_part (before, "p-0.ts"));
  g_assert_true (tribune_hls_snapshot_is_hinted (before, "p-9.ts"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hls-parts/exact-text", test_exact_text);
  g_test_add_func ("/hls-parts/classic-has-no-ll-tags", test_classic_has_no_ll_tags);
  g_test_add_func ("/hls-parts/listed-near-the-edge", test_parts_listed_near_the_edge);
  g_test_add_func ("/hls-parts/blocking-rules", test_blocking_rules);
  g_test_add_func ("/hls-parts/part-data-and-hook", test_part_data_and_hook);
  g_test_add_func ("/hls-parts/discontinuity-drops-open-parts", test_discontinuity_drops_open_parts);
  g_test_add_func ("/hls-parts/snapshot-follows-playlist", test_snapshot_follows_playlist);
  return g_test_run ();
}
