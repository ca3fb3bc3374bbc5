/* test-recordings.c — the recorded archive end to end: a meeting recorded while live,
 * read back as the pages and players read it (VOD playlists, segments, WebVTT chapters,
 * the MP4 clip of an item, checked with ffprobe), the archivist's chapter correction
 * with its role checks, and a kill -9 during a live meeting: the database stays sound,
 * nothing indexed is lost, and recording resumes after a gap marker. */
#include "harness.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

static const char config[] =
  "[server]\nport = 0\nhls_segment_ms = 1000\n"
  "[room demo]\nsource = none\nwidth = 320\nheight = 180\nframerate = 10\nvideo_kbps = 200\n";

/* The body of @path as bytes (test_http's body is a string and stops at a NUL). */
static GBytes *
download (TestServer *s, const gchar *path, guint *status, SoupMessageHeaders **headers)
{
  g_autoptr (SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autofree gchar *url = g_strconcat (s->base_url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GError) error = NULL;
  GBytes *bytes = soup_session_send_and_read (session, msg, NULL, &error);

  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (headers)
    *headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return bytes;
}

static TestResponse *
call (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
      const gchar *json)
{
  g_autofree gchar *auth = token ? g_strdup_printf ("Bearer %s", token) : NULL;
  const gchar *headers[] = { "Authorization", auth, NULL };

  return test_http (s, method, path, json ? "application/json" : NULL, json, -1,
                    token ? headers : NULL);
}

static gchar *
expect (TestServer *s, const gchar *token, const gchar *method, const gchar *path,
        const gchar *json, guint status)
{
  g_autoptr (TestResponse) r = call (s, token, method, path, json);

  if (r->status != status)
    g_error ("%s %s: %u (%s), expected %u", method, path, r->status, r->body, status);
  return g_strdup (r->body);
}

/* Council, meeting 1 in room demo and four agenda items (ids 1..4; the chair skips 4);
 * the second has a title that tries to break out of WebVTT. */
static void
make_meeting (TestServer *s, const gchar *admin)
{
  g_free (expect (s, admin, "POST", "/api/councils",
                  "{\"name\": \"Wijkraad Feijenoord\", \"slug\": \"feijenoord\"}", 201));
  g_free (expect (s, admin, "POST", "/api/meetings",
                  "{\"council\": \"feijenoord\", \"title\": \"Openbare vergadering\", "
                  "\"room\": \"demo\", \"starts_at\": \"2026-12-01T20:00:00+01:00\"}", 201));
  g_free (expect (s, admin, "POST", "/api/meetings/1/agenda",
                  "{\"title\": \"Opening\", \"kind\": \"opening\"}", 201));
  g_free (expect (s, admin, "POST", "/api/meetings/1/agenda",
                  "{\"title\": \"Speeltuin <b>&</b>\\n\\n--> 00:00:00.000 --> x\"}", 201));
  g_free (expect (s, admin, "POST", "/api/meetings/1/agenda",
                  "{\"title\": \"Sluiting\", \"kind\": \"closing\"}", 201));
  /* Never made current: no chapter until an archivist gives it one. */
  g_free (expect (s, admin, "POST", "/api/meetings/1/agenda",
                  "{\"title\": \"Rondvraag\", \"kind\": \"rondvraag\"}", 201));
}

static JsonObject *
get_meeting (TestServer *s, JsonNode **keep)
{
  g_autofree gchar *body = expect (s, NULL, "GET", "/api/meetings/1", NULL, 200);

  *keep = json_from_string (body, NULL);
  g_assert_nonnull (*keep);
  return json_node_get_object (*keep);
}

static JsonObject *
agenda_item (JsonObject *meeting, guint index)
{
  return json_array_get_object_element (json_object_get_array_member (meeting, "agenda"),
                                        index);
}

/* Record meeting 1: start, items 1, 2, 3 current at ~1.5 s, ~5.5 s, ~9.5 s, end at
 * ~12.5 s. */
static void
record_meeting (TestServer *s, const gchar *admin, const gchar *chair)
{
  make_meeting (s, admin);
  g_free (expect (s, chair, "POST", "/api/meetings/1/start", NULL, 200));
  test_spin (1500);
  g_free (expect (s, chair, "POST", "/api/meetings/1/agenda/1/current", NULL, 200));
  test_spin (4000);
  g_free (expect (s, chair, "POST", "/api/meetings/1/agenda/2/current", NULL, 200));
  test_spin (4000);
  g_free (expect (s, chair, "POST", "/api/meetings/1/agenda/3/current", NULL, 200));
  test_spin (3000);
  g_free (expect (s, chair, "POST", "/api/meetings/1/end", NULL, 200));
  /* The segment open at the end is still kept (recorder.h, "finish"): until it is in, the
   * playlist is not final yet; then it is, within about a segment. */
  {
    gint64 deadline = g_get_monotonic_time () + (gint64) test_ms (5000) * 1000;
    gboolean final = FALSE;

    while (!final && g_get_monotonic_time () < deadline) {
      g_autofree gchar *body = expect (s, NULL, "GET", "/vod/1/index.m3u8", NULL, 200);

      final = strstr (body, "#EXT-X-ENDLIST") != NULL;
      if (!final)
        test_spin (100);
    }
    g_assert_true (final);
  }
}

/* ffprobe's codec names and duration of @bytes (written to a temp file). */
static void
probe (GBytes *bytes, const gchar *ext, gchar **codecs, gdouble *duration)
{
  g_autofree gchar *name = g_strdup_printf ("tribune-probe-XXXXXX.%s", ext);
  g_autofree gchar *path = NULL;
  g_autofree gchar *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  GString *names = g_string_new (NULL);
  gint fd = g_file_open_tmp (name, &path, &error);
  gint status = 0;
  const gchar *argv[] = { "ffprobe", "-v", "error", "-show_entries",
                          "stream=codec_name:format=duration", "-of", "default=nw=1", NULL,
                          NULL };

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  argv[7] = path;
  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("ffprobe is needed for this test (Debian package ffmpeg): %s", error->message);
  g_unlink (path);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("ffprobe failed on the %s: %s", ext, err);
  *duration = 0;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    /* MPEG-TS lists its streams twice (in the program and on their own). */
    if (g_str_has_prefix (lines[i], "codec_name=") && !strstr (names->str, lines[i] + 11))
      g_string_append_printf (names, "%s%s", names->len ? "," : "", lines[i] + 11);
    else if (g_str_has_prefix (lines[i], "duration=") && !g_str_equal (lines[i] + 9, "N/A"))
      *duration = g_ascii_strtod (lines[i] + 9, NULL);
  }
  *codecs = g_string_free (names, FALSE);
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
test_archive (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *chair = test_login_new_user (s, "voorzitter", "chair", "wachtwoord-123");
  g_autoptr (JsonNode) keep = NULL;
  g_autoptr (TestResponse) index = NULL, item = NULL, vtt = NULL;
  g_autoptr (GBytes) segment = NULL, clip = NULL;
  g_autoptr (SoupMessageHeaders) clip_headers = NULL;
  g_autofree gchar *codecs = NULL, *clip_codecs = NULL, *segment_path = NULL;
  JsonObject *meeting, *recording, *second;
  gdouble start1, start2, start3, duration = 0, clip_duration = 0;
  const gchar *uri;
  guint status = 0;

  /* Nothing recorded yet: recording null, the playlist 404. */
  make_meeting (s, admin);
  meeting = get_meeting (s, &keep);
  g_assert_true (json_object_get_null_member (meeting, "recording"));
  g_assert_true (json_object_get_null_member (agenda_item (meeting, 0), "chapter"));
  g_assert_true (json_object_get_null_member (agenda_item (meeting, 0), "hls"));
  g_free (expect (s, NULL, "GET", "/vod/1/index.m3u8", NULL, 404));
  g_clear_pointer (&keep, json_node_unref);
  test_server_stop (s);

  s = test_server_start (config);
  g_free (admin);
  g_free (chair);
  admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  chair = test_login_new_user (s, "voorzitter", "chair", "wachtwoord-123");
  record_meeting (s, admin, chair);

  /* The meeting as the archive page reads it. */
  meeting = get_meeting (s, &keep);
  recording = json_object_get_object_member (meeting, "recording");
  g_assert_nonnull (recording);
  g_assert_cmpstr (json_object_get_string_member (recording, "hls"), ==, "/vod/1/index.m3u8");
  g_assert_cmpstr (json_object_get_string_member (recording, "chapters"), ==,
                   "/vod/1/chapters.vtt");
  g_assert_cmpfloat (json_object_get_double_member (recording, "duration_s"), >, 9.0);
  g_assert_cmpfloat (json_object_get_double_member (recording, "duration_s"), <, 30.0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (recording, "gaps")),
                    ==, 0);
  start1 = json_object_get_double_member (json_object_get_object_member (
               agenda_item (meeting, 0), "chapter"), "offset_s");
  start2 = json_object_get_double_member (json_object_get_object_member (
               agenda_item (meeting, 1), "chapter"), "offset_s");
  start3 = json_object_get_double_member (json_object_get_object_member (
               agenda_item (meeting, 2), "chapter"), "offset_s");
  g_assert_cmpfloat (start2 - start1, >, 3.0);
  g_assert_cmpfloat (start2 - start1, <, 6.0);
  g_assert_cmpfloat (start3 - start2, >, 3.0);
  /* Item 3 ran 3 s before the end, and all of it is in: the last second too. */
  g_assert_cmpfloat (json_object_get_double_member (recording, "duration_s") - start3, >=, 2.9);
  second = agenda_item (meeting, 1);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (second,
                                                  "chapter"), "corrected"));
  g_assert_cmpstr (json_object_get_string_member (second, "hls"), ==, "/vod/1/items/2.m3u8");
  g_assert_cmpstr (json_object_get_string_member (second, "mp4"), ==, "/vod/1/items/2.mp4");
  g_assert_cmpstr (json_object_get_string_member (second, "kind"), ==, "discussion");

  /* The whole recording: VOD, ended, no gaps. */
  index = call (s, NULL, "GET", "/vod/1/index.m3u8", NULL);
  g_assert_cmpuint (index->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (index->headers, NULL), ==,
                   "application/vnd.apple.mpegurl");
  g_assert_cmpstr (soup_message_headers_get_one (index->headers, "Access-Control-Allow-Origin"),
                   ==, "*");
  g_assert_true (g_str_has_prefix (index->body, "#EXTM3U\n"));
  g_assert_nonnull (strstr (index->body, "#EXT-X-PLAYLIST-TYPE:VOD\n"));
  g_assert_nonnull (strstr (index->body, "#EXT-X-PROGRAM-DATE-TIME:"));
  g_assert_true (g_str_has_suffix (index->body, "#EXT-X-ENDLIST\n"));
  g_assert_null (strstr (index->body, "DISCONTINUITY"));
  g_assert_cmpuint (count (index->body, "#EXTINF:"), >=, 9);

  /* Item 2's playlist, and its first segment through the relative URI. */
  item = call (s, NULL, "GET", "/vod/1/items/2.m3u8", NULL);
  g_assert_cmpuint (item->status, ==, 200);
  g_assert_nonnull (strstr (item->body, "#EXT-X-ENDLIST\n"));
  g_assert_cmpuint (count (item->body, "#EXTINF:"), >=, 3);
  g_assert_cmpuint (count (item->body, "#EXTINF:"), <=, 7);
  uri = strstr (item->body, "\n../");
  g_assert_nonnull (uri);
  segment_path = g_strndup (uri + 4, strcspn (uri + 4, "\n"));
  {
    g_autofree gchar *full = g_strconcat ("/vod/1/", segment_path, NULL);
    g_autoptr (SoupMessageHeaders) h = NULL;

    segment = download (s, full, &status, &h);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (h, "Cache-Control"), ==,
                     "public, max-age=31536000, immutable");
  }
  probe (segment, "ts", &codecs, &duration);
  g_assert_cmpstr (codecs, ==, "h264,aac");

  /* The MP4 clip of item 2: about its length (whole segments: up to ~2 s more). */
  clip = download (s, "/vod/1/items/2.mp4", &status, &clip_headers);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (clip_headers, NULL), ==, "video/mp4");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (clip_headers,
                                   "Content-Disposition"), "attachment; filename=\""));
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (clip_headers,
                                   "Content-Disposition"), ".mp4\""));
  probe (clip, "mp4", &clip_codecs, &clip_duration);
  g_assert_cmpstr (clip_codecs, ==, "h264,aac");
  g_assert_cmpfloat (clip_duration, >, start3 - start2 - 0.5);
  g_assert_cmpfloat (clip_duration, <, start3 - start2 + 2.5);
  /* Again: from the cache, the same file. */
  {
    g_autoptr (GBytes) again = download (s, "/vod/1/items/2.mp4", &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_true (g_bytes_equal (again, clip));
  }

  /* Chapters: one cue per item, the title escaped. */
  vtt = call (s, NULL, "GET", "/vod/1/chapters.vtt", NULL);
  g_assert_cmpuint (vtt->status, ==, 200);
  g_assert_true (g_str_has_prefix (vtt->body, "WEBVTT\n"));
  g_assert_cmpuint (count (vtt->body, " --> "), ==, 3);
  g_assert_nonnull (strstr (vtt->body, "\nSpeeltuin &lt;b&gt;&amp;&lt;/b&gt;  --&gt; "
                                       "00:00:00.000 --&gt; x\n"));
  g_assert_null (strstr (vtt->body, "<b>"));

  /* Paths that name nothing. */
  g_free (expect (s, NULL, "GET", "/vod/1/1/999999.ts", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/1/2/0.ts", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/2/1/0.ts", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/1/1/-1.ts", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/1/1/0.mp4", NULL, 404));
  {
    /* libsoup itself refuses an encoded slash (400); either way nothing is served. */
    g_autoptr (TestResponse) r = call (s, NULL, "GET", "/vod/1/..%2F..%2Ftribune.db/0.ts", NULL);
    g_assert_true (r->status == 400 || r->status == 404);
  }
  g_free (expect (s, NULL, "GET", "/vod/1/../../tribune.db", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/1/1/..", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/1/items/9.m3u8", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/1/items/abc.mp4", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/x/index.m3u8", NULL, 404));
  g_free (expect (s, NULL, "GET", "/vod/7/chapters.vtt", NULL, 404));
  g_free (expect (s, NULL, "POST", "/vod/1/index.m3u8", "{}", 405));
  /* A recorded meeting stays: deleting it would orphan its files. */
  g_free (expect (s, admin, "DELETE", "/api/meetings/1", NULL, 409));
  g_free (expect (s, NULL, "GET", "/vod/1/index.m3u8", NULL, 200));
  test_server_stop (s);
}

static void
test_chapter_correction (void)
{
  TestServer *s = test_server_start (config);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autofree gchar *chair = test_login_new_user (s, "voorzitter", "chair", "wachtwoord-123");
  g_autofree gchar *archivist = test_login_new_user (s, "archivaris", "archivist",
                                                     "wachtwoord-123");
  g_autofree gchar *member = test_login_new_user (s, "lid", "member", "wachtwoord-123");
  const gchar *path = "/api/meetings/1/agenda/2/chapter";
  g_autoptr (JsonNode) keep = NULL;
  g_autoptr (TestResponse) vtt = NULL;
  g_autofree gchar *body = NULL;
  JsonObject *meeting, *chapter;

  record_meeting (s, admin, chair);

  g_free (expect (s, NULL, "PATCH", path, "{\"offset_s\": 2.5}", 401));
  g_free (expect (s, member, "PATCH", path, "{\"offset_s\": 2.5}", 403));
  g_free (expect (s, archivist, "PATCH", path, "{\"offset_s\": -1}", 400));
  g_free (expect (s, archivist, "PATCH", path, "{\"offset_s\": \"2.5\"}", 400));
  g_free (expect (s, archivist, "PATCH", path, "{\"offset_s\": 100000}", 400));
  g_free (expect (s, archivist, "PATCH", path, "{}", 400));
  g_free (expect (s, archivist, "PATCH", path, "[2.5]", 400));
  g_free (expect (s, archivist, "PATCH", path, "1e999", 400));
  g_free (expect (s, archivist, "PATCH", "/api/meetings/1/agenda/99/chapter",
                  "{\"offset_s\": 2.5}", 404));
  g_free (expect (s, archivist, "PATCH", "/api/meetings/7/agenda/2/chapter",
                  "{\"offset_s\": 2.5}", 404));
  g_free (expect (s, archivist, "GET", path, NULL, 405));

  /* Item 1 became current 1.5 s after the start, so at least 1.5 s in: 0.5 s is before
   * it. */
  body = expect (s, archivist, "PATCH", path, "{\"offset_s\": 0.5}", 200);
  g_assert_nonnull (strstr (body, "\"corrected\":true"));
  meeting = get_meeting (s, &keep);
  chapter = json_object_get_object_member (agenda_item (meeting, 1), "chapter");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (chapter, "offset_s"), 0.5,
                                  0.0015);
  g_assert_true (json_object_get_boolean_member (chapter, "corrected"));
  /* Item 2 now comes before item 1: the chapters follow the recording. */
  vtt = call (s, NULL, "GET", "/vod/1/chapters.vtt", NULL);
  g_assert_nonnull (strstr (vtt->body, "\nitem-2\n00:00:00.500 --> "));
  g_assert_true (strstr (vtt->body, "item-2") < strstr (vtt->body, "item-1"));

  /* The chair and the secretary may correct too. */
  g_free (expect (s, chair, "PATCH", path, "{\"offset_s\": 7}", 200));
  g_free (expect (s, admin, "PATCH", path, "{\"offset_s\": 6}", 200));
  g_clear_pointer (&keep, json_node_unref);
  meeting = get_meeting (s, &keep);
  chapter = json_object_get_object_member (agenda_item (meeting, 1), "chapter");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (chapter, "offset_s"), 6.0,
                                  0.0015);

  /* The item the chair skipped gets its chapter from the archivist. */
  g_assert_true (json_object_get_null_member (agenda_item (meeting, 3), "chapter"));
  g_free (expect (s, archivist, "PATCH", "/api/meetings/1/agenda/4/chapter",
                  "{\"offset_s\": 3}", 200));
  g_clear_pointer (&keep, json_node_unref);
  meeting = get_meeting (s, &keep);
  chapter = json_object_get_object_member (agenda_item (meeting, 3), "chapter");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (chapter, "offset_s"), 3.0,
                                  0.0015);
  g_assert_true (json_object_get_boolean_member (chapter, "corrected"));
  g_assert_false (json_object_get_null_member (agenda_item (meeting, 3), "hls"));
  test_server_stop (s);
}

typedef struct {
  gint64 recording_id;
  gchar *file;
  gint64 bytes;
} IndexedSegment;

static void
indexed_segment_free (IndexedSegment *s)
{
  g_free (s->file);
  g_free (s);
}

/* Every indexed segment of meeting 1, read from the database file (WAL: also while the
 * server runs). */
static GPtrArray *
indexed_segments (const gchar *dir)
{
  g_autofree gchar *db_path = g_build_filename (dir, "tribune.db", NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) indexed_segment_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT s.recording_id, s.file, s.bytes FROM "
                                       "segments s JOIN recordings r ON r.id = s.recording_id "
                                       "WHERE r.meeting_id = 1 ORDER BY s.recording_id, "
                                       "s.sequence", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW) {
    IndexedSegment *s = g_new0 (IndexedSegment, 1);
    s->recording_id = sqlite3_column_int64 (stmt, 0);
    s->file = g_strdup ((const gchar *) sqlite3_column_text (stmt, 1));
    s->bytes = sqlite3_column_int64 (stmt, 2);
    g_ptr_array_add (list, s);
  }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return list;
}

static gchar *
db_text (const gchar *dir, const gchar *sql)
{
  g_autofree gchar *db_path = g_build_filename (dir, "tribune.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gchar *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    text = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
assert_on_disk (const gchar *dir, GPtrArray *segments)
{
  for (guint i = 0; i < segments->len; i++) {
    IndexedSegment *seg = g_ptr_array_index (segments, i);
    g_autofree gchar *path = g_build_filename (dir, "recordings", seg->file, NULL);
    GStatBuf st;

    if (g_stat (path, &st) != 0)
      g_error ("indexed segment %s is missing on disk", path);
    g_assert_cmpint ((gint64) st.st_size, ==, seg->bytes);
  }
}

/* Wait until meeting 1 has more than @n indexed segments. */
static GPtrArray *
wait_segments (const gchar *dir, guint n, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;) {
    GPtrArray *list = indexed_segments (dir);

    if (list->len > n)
      return list;
    g_ptr_array_unref (list);
    if (g_get_monotonic_time () > deadline)
      g_error ("meeting 1 has no more than %u segments after %u ms", n, timeout_ms);
    test_spin (200);
  }
}

/* kill -9 while a meeting is recorded: the restarted server closes the broken recording,
 * starts another, and the archive shows the gap. */
static void
test_crash (void)
{
  g_autofree gchar *dir = g_dir_make_tmp ("tribune-recording-XXXXXX", NULL);
  g_autofree gchar *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  TestServer *s = test_server_start_in (config, dir);
  g_autofree gchar *admin = test_login_new_user (s, "secretaris", "admin", "wachtwoord-123");
  g_autoptr (GPtrArray) before = NULL, after = NULL;
  g_autoptr (TestResponse) index = NULL;
  g_autofree gchar *integrity = NULL, *ended = NULL, *open_count = NULL, *rows = NULL;
  g_autoptr (JsonNode) keep = NULL;
  JsonObject *meeting, *recording;
  guint kept_before = 0;

  make_meeting (s, admin);
  g_free (expect (s, admin, "POST", "/api/meetings/1/start", NULL, 200));
  g_free (expect (s, admin, "POST", "/api/meetings/1/agenda/1/current", NULL, 200));
  g_ptr_array_unref (wait_segments (dir, 3, test_ms (15000)));
  test_server_kill (s);       /* SIGKILL: no chance to tidy up */
  before = indexed_segments (dir);
  assert_on_disk (dir, before);

  s = test_server_start_in (config, dir);
  integrity = db_text (dir, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  after = wait_segments (dir, before->len + 2, test_ms (15000));
  /* Everything indexed before the crash is still indexed and on disk. */
  for (guint i = 0; i < after->len; i++)
    kept_before += ((IndexedSegment *) g_ptr_array_index (after, i))->recording_id == 1;
  g_assert_cmpuint (kept_before, ==, before->len);
  assert_on_disk (dir, after);
  rows = db_text (dir, "SELECT count(*) FROM recordings WHERE meeting_id = 1");
  g_assert_cmpstr (rows, ==, "2");
  ended = db_text (dir, "SELECT ended_at FROM recordings WHERE id = 1");
  g_assert_nonnull (ended);
  open_count = db_text (dir, "SELECT count(*) FROM recordings WHERE ended_at IS NULL");
  g_assert_cmpstr (open_count, ==, "1");

  /* While live: an EVENT playlist with the gap marked, and a gap in the meeting. */
  index = call (s, NULL, "GET", "/vod/1/index.m3u8", NULL);
  g_assert_cmpuint (index->status, ==, 200);
  g_assert_nonnull (strstr (index->body, "#EXT-X-PLAYLIST-TYPE:EVENT\n"));
  g_assert_null (strstr (index->body, "ENDLIST"));
  g_assert_cmpuint (count (index->body, "#EXT-X-DISCONTINUITY\n"), ==, 1);
  g_assert_nonnull (strstr (index->body, "#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"));
  g_assert_cmpstr (soup_message_headers_get_one (index->headers, "Cache-Control"), ==,
                   "no-cache");
  meeting = get_meeting (s, &keep);
  recording = json_object_get_object_member (meeting, "recording");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (recording, "gaps")),
                    ==, 1);
  g_free (expect (s, admin, "POST", "/api/meetings/1/end", NULL, 200));
  test_server_stop (s);
  g_free (open_count);
  open_count = db_text (dir, "SELECT count(*) FROM recordings WHERE ended_at IS NULL");
  g_assert_cmpstr (open_count, ==, "0");
  (void) !system (cmd);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_test_add_func ("/recordings/archive", test_archive);
  g_test_add_func ("/recordings/chapter-correction", test_chapter_correction);
  g_test_add_func ("/recordings/crash", test_crash);
  return test_run ();
}
