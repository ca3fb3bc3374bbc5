/* test-llhls.c — Low-Latency HLS against the real tribune binary (RFC 8216bis):
 * the playlist's LL tags, part durations within PART-TARGET, a monotonic media sequence,
 * blocking reloads that return once the part exists, the preload-hinted part held until
 * it is written, 400 for requests too far ahead, parts that concatenate into their
 * segment, segments ffprobe reads, the cache headers, and classic HLS with parts off. */
#include "harness.h"

#include <string.h>

/* Every test runs twice: HLS answered by the HTTP threads (the default), and by libsoup
 * (hls_threads = 0, as on a connection handed to libsoup): the same rules either way. */
static const gchar *hls_threads = "";

static const char ll_config_tail[] =
  "hls_segment_ms = 1000\nhls_part_ms = 400\n"
  "[room demo]\ntitle = Demo\nsource = test\ningest_key = demo\n"
  "width = 320\nheight = 240\nframerate = 25\nvideo_kbps = 400\n";

static const char classic_config_tail[] =
  "hls_segment_ms = 1000\nhls_part_ms = 0\n"
  "[room demo]\ntitle = Demo\nsource = test\ningest_key = demo\n"
  "width = 320\nheight = 240\nframerate = 25\nvideo_kbps = 400\n";

#define PLAYLIST "/hls/demo/index.m3u8"

static TestServer *
start (const char *tail)
{
  g_autofree gchar *config = g_strdup_printf ("[server]\nport = 0\n%s%s", hls_threads, tail);
  return test_server_start (config);
}

/* What a playlist says, parsed the way a player reads it. */
typedef struct {
  guint64 media_sequence;
  gdouble part_target;
  GPtrArray *segments;             /* gchar*: segment URIs in order */
  GPtrArray *segment_parts;        /* GPtrArray* of part URIs per segment (may be empty) */
  GPtrArray *open_parts;           /* part URIs after the last segment */
  GArray *part_durations;          /* every EXT-X-PART's DURATION */
  GPtrArray *independent;          /* URIs of INDEPENDENT=YES parts */
  gchar *hint;
} Playlist;

static void
playlist_free (Playlist *p)
{
  g_ptr_array_unref (p->segments);
  g_ptr_array_unref (p->segment_parts);
  g_ptr_array_unref (p->open_parts);
  g_ptr_array_unref (p->independent);
  g_array_unref (p->part_durations);
  g_free (p->hint);
  g_free (p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Playlist, playlist_free)

static gchar *
quoted_uri (const gchar *line)
{
  const gchar *start = strstr (line, "URI=\"");
  const gchar *end = start ? strchr (start + 5, '"') : NULL;

  g_assert_nonnull (end);
  return g_strndup (start + 5, end - start - 5);
}

static Playlist *
parse (const gchar *text)
{
  Playlist *p = g_new0 (Playlist, 1);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  p->segments = g_ptr_array_new_with_free_func (g_free);
  p->segment_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  p->open_parts = g_ptr_array_new_with_free_func (g_free);
  p->independent = g_ptr_array_new_with_free_func (g_free);
  p->part_durations = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_assert_true (g_str_has_prefix (text, "#EXTM3U\n"));
  for (guint i = 0; lines[i]; i++) {
    const gchar *l = lines[i];

    if (g_str_has_prefix (l, "#EXT-X-MEDIA-SEQUENCE:"))
      p->media_sequence = g_ascii_strtoull (l + strlen ("#EXT-X-MEDIA-SEQUENCE:"), NULL, 10);
    else if (g_str_has_prefix (l, "#EXT-X-PART-INF:PART-TARGET="))
      p->part_target = g_ascii_strtod (l + strlen ("#EXT-X-PART-INF:PART-TARGET="), NULL);
    else if (g_str_has_prefix (l, "#EXT-X-PART:")) {
      gdouble d = g_ascii_strtod (strstr (l, "DURATION=") + strlen ("DURATION="), NULL);
      g_array_append_val (p->part_durations, d);
      g_ptr_array_add (p->open_parts, quoted_uri (l));
      if (strstr (l, "INDEPENDENT=YES"))
        g_ptr_array_add (p->independent, quoted_uri (l));
    } else if (g_str_has_prefix (l, "#EXT-X-PRELOAD-HINT:")) {
      g_assert_nonnull (strstr (l, "TYPE=PART"));
      p->hint = quoted_uri (l);
    } else if (l[0] != '#' && l[0] != '\0') {
      g_ptr_array_add (p->segments, g_strdup (l));
      /* The parts listed so far belong to this segment. */
      g_ptr_array_add (p->segment_parts, p->open_parts);
      p->open_parts = g_ptr_array_new_with_free_func (g_free);
    }
  }
  return p;
}

static gboolean
is_independent (Playlist *p, const gchar *uri)
{
  for (guint i = 0; i < p->independent->len; i++)
    if (g_str_equal (g_ptr_array_index (p->independent, i), uri))
      return TRUE;
  return FALSE;
}

static TestResponse *
get (TestServer *s, const gchar *path)
{
  return test_http (s, "GET", path, NULL, NULL, 0, NULL);
}

/* The playlist once it has at least @segments whole segments. */
static Playlist *
wait_playlist (TestServer *s, guint segments)
{
  for (guint i = 0; i < 300; i++) {
    g_autoptr (TestResponse) r = get (s, PLAYLIST);

    if (r->status == 200) {
      Playlist *p = parse (r->body);
      if (p->segments->len >= segments)
        return p;
      playlist_free (p);
    }
    test_spin (100);
  }
  g_error ("the playlist never had %u segments", segments);
  return NULL;
}

static void
test_playlist_rules (void)
{
  TestServer *s = start (ll_config_tail);
  g_autoptr (Playlist) first = wait_playlist (s, 3);
  g_autoptr (TestResponse) r = get (s, PLAYLIST);
  guint64 last_sequence = first->media_sequence;

  g_assert_nonnull (strstr (r->body, "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK="));
  g_assert_cmpfloat_with_epsilon (first->part_target, 0.4, 1e-9);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==,
                   "public, max-age=1");
  g_assert_nonnull (first->hint);

  /* Over ~4 s of reloads, and on until the window has moved (the first playlist had 3 of
   * its 6 segments: the sequence moves after ~4 s, so a fixed 4 s was a coin toss on a
   * fast machine; at most ~12 s): parts within PART-TARGET, every segment's first part
   * independent (it starts on a key frame), media sequence never going back. */
  for (guint round = 0; round < 20 || (last_sequence == first->media_sequence && round < 60);
       round++) {
    g_autoptr (TestResponse) again = get (s, PLAYLIST);
    g_autoptr (Playlist) p = parse (again->body);

    g_assert_cmpuint (p->media_sequence, >=, last_sequence);
    last_sequence = p->media_sequence;
    for (guint i = 0; i < p->part_durations->len; i++) {
      gdouble d = g_array_index (p->part_durations, gdouble, i);
      g_assert_cmpfloat (d, >, 0.0);
      g_assert_cmpfloat (d, <=, p->part_target);
    }
    for (guint i = 0; i < p->segment_parts->len; i++) {
      GPtrArray *parts = g_ptr_array_index (p->segment_parts, i);
      if (parts->len > 0)
        g_assert_true (is_independent (p, g_ptr_array_index (parts, 0)));
    }
    test_spin (200);
  }
  g_assert_cmpuint (last_sequence, >, first->media_sequence);
  test_server_stop (s);
}

static void
test_blocking_reload (void)
{
  TestServer *s = start (ll_config_tail);
  g_autoptr (Playlist) p = wait_playlist (s, 2);
  guint64 open_msn = p->media_sequence + p->segments->len;
  guint next_part = p->open_parts->len;
  g_autofree gchar *path = g_strdup_printf (PLAYLIST "?_HLS_msn=%" G_GUINT64_FORMAT
                                            "&_HLS_part=%u", open_msn, next_part);
  g_autoptr (TestResponse) r = get (s, path);
  g_autoptr (Playlist) after = NULL;

  /* The answer came when that part existed: it lists it (or the segment moved on). */
  g_assert_cmpuint (r->status, ==, 200);
  after = parse (r->body);
  if (after->media_sequence + after->segments->len == open_msn)
    g_assert_cmpuint (after->open_parts->len, >, next_part);
  else
    g_assert_cmpuint (after->media_sequence + after->segments->len, >, open_msn);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==,
                   "public, max-age=6");

  /* A whole segment ahead, then further than a client may ask. */
  {
    g_autofree gchar *next = g_strdup_printf (PLAYLIST "?_HLS_msn=%" G_GUINT64_FORMAT,
                                              open_msn + 1);
    g_autofree gchar *far = g_strdup_printf (PLAYLIST "?_HLS_msn=%" G_GUINT64_FORMAT,
                                             open_msn + 50);
    g_autofree gchar *far_part = g_strdup_printf (PLAYLIST "?_HLS_msn=%" G_GUINT64_FORMAT
                                                  "&_HLS_part=40", open_msn + 1);
    g_autoptr (TestResponse) ok = get (s, next);
    g_autoptr (Playlist) later = parse (ok->body);
    g_autoptr (TestResponse) bad = get (s, far);
    g_autoptr (TestResponse) bad_part = get (s, far_part);

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpuint (later->media_sequence + later->segments->len, >, open_msn + 1);
    g_assert_cmpuint (bad->status, ==, 400);
    g_assert_nonnull (strstr (bad->body, "\"error\""));
    /* The part is checked against the open segment only once it is the open one. */
    g_assert_cmpuint (bad_part->status, ==, 200);
  }

  /* Malformed queries. */
  {
    const gchar *bad[] = { "?_HLS_part=1", "?_HLS_msn=abc", "?_HLS_msn=-1",
                           "?_HLS_msn=1&_HLS_part=x", "?_HLS_msn=99999999999999999999" };
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
      g_autofree gchar *q = g_strconcat (PLAYLIST, bad[i], NULL);
      g_autoptr (TestResponse) e = get (s, q);
      g_assert_cmpuint (e->status, ==, 400);
      g_assert_nonnull (strstr (e->body, "\"error\""));
    }
  }
  test_server_stop (s);
}

static GBytes *
get_bytes (TestServer *s, const gchar *uri, guint *status)
{
  g_autofree gchar *path = g_strconcat ("/hls/demo/", uri, NULL);
  g_autoptr (TestResponse) r = get (s, path);

  *status = r->status;
  if (r->status == 200) {
    g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "video/mp2t");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==,
                     "public, max-age=3600, immutable");
  }
  return g_bytes_new (r->body, r->body_len);
}

static void
test_parts_and_hint (void)
{
  TestServer *s = start (ll_config_tail);
  g_autoptr (Playlist) p = wait_playlist (s, 2);
  g_autofree gchar *hint = g_strdup (p->hint);
  guint status = 0;
  g_autoptr (GBytes) hinted = NULL;
  g_autoptr (Playlist) after = NULL;
  g_autoptr (TestResponse) r = NULL;

  /* The hinted part is not listed yet; asking for it waits until it is written. */
  for (guint i = 0; i < p->open_parts->len; i++)
    g_assert_cmpstr (g_ptr_array_index (p->open_parts, i), !=, hint);
  hinted = get_bytes (s, hint, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (hinted), >, 188);
  g_assert_cmpuint (g_bytes_get_size (hinted) % 188, ==, 0);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (hinted, NULL))[0], ==, 0x47);
  r = get (s, PLAYLIST);
  after = parse (r->body);
  g_assert_nonnull (strstr (r->body, hint));

  /* A part that never was: 404; one far past the hint: 404 too (not held). */
  get_bytes (s, "12345-p999999.ts", &status);
  g_assert_cmpuint (status, ==, 404);

  /* The parts of a whole segment, one after another, are that segment byte for byte. */
  for (guint i = after->segments->len; i > 0; i--) {
    GPtrArray *parts = g_ptr_array_index (after->segment_parts, i - 1);
    g_autoptr (GByteArray) joined = g_byte_array_new ();
    g_autoptr (GBytes) segment = NULL;

    if (parts->len == 0)
      continue;
    for (guint k = 0; k < parts->len; k++) {
      g_autoptr (GBytes) part = get_bytes (s, g_ptr_array_index (parts, k), &status);
      g_assert_cmpuint (status, ==, 200);
      g_byte_array_append (joined, g_bytes_get_data (part, NULL), g_bytes_get_size (part));
    }
    segment = get_bytes (s, g_ptr_array_index (after->segments, i - 1), &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpmem (joined->data, joined->len, g_bytes_get_data (segment, NULL),
                     g_bytes_get_size (segment));

    /* And the segment is a stream ffprobe reads: H.264 and AAC. */
    {
      g_autofree gchar *url = g_strdup_printf ("%s/hls/demo/%s", s->base_url,
                                               (gchar *) g_ptr_array_index (after->segments, i - 1));
      g_autofree gchar *out = NULL;
      gint wait_status = 0;
      const gchar *argv[] = { "ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                              "-of", "compact", url, NULL };
      g_autoptr (GError) error = NULL;

      g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                    &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      g_assert_nonnull (strstr (out, "codec_name=h264"));
      g_assert_nonnull (strstr (out, "codec_name=aac"));
    }
    break;
  }
  test_server_stop (s);
}

static void
test_classic (void)
{
  TestServer *s = start (classic_config_tail);
  g_autoptr (Playlist) p = wait_playlist (s, 2);
  g_autofree gchar *ahead = g_strdup_printf (PLAYLIST "?_HLS_msn=%" G_GUINT64_FORMAT,
                                             p->media_sequence + p->segments->len + 1);
  g_autoptr (TestResponse) r = get (s, ahead);

  /* No parts, no hint, no blocking: the reload is answered at once. */
  g_assert_null (p->hint);
  g_assert_cmpuint (p->part_durations->len, ==, 0);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_null (strstr (r->body, "CAN-BLOCK-RELOAD"));
  test_server_stop (s);
}

typedef struct {
  const gchar *name;
  void (*run) (void);
} Case;

static const Case cases[] = {
  { "playlist-rules", test_playlist_rules },
  { "blocking-reload", test_blocking_reload },
  { "parts-and-hint", test_parts_and_hint },
  { "classic", test_classic },
};

static void
run_on_threads (gconstpointer data)
{
  hls_threads = "";
  ((const Case *) data)->run ();
}

static void
run_on_libsoup (gconstpointer data)
{
  hls_threads = "hls_threads = 0\n";
  ((const Case *) data)->run ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree gchar *threads = g_strdup_printf ("/llhls/threads/%s", cases[i].name);
    g_autofree gchar *libsoup = g_strdup_printf ("/llhls/libsoup/%s", cases[i].name);

    g_test_add_data_func (threads, &cases[i], run_on_threads);
    g_test_add_data_func (libsoup, &cases[i], run_on_libsoup);
  }
  return test_run ();
}
