/* vod-resource.c — the recorded archive over HTTP: /vod/{meeting}/…
 *
 *   index.m3u8           the whole recording (vod-playlist.h)
 *   chapters.vtt         the agenda as WebVTT chapters (chapters-vtt.h)
 *   items/{item}.m3u8    one agenda item's stretch
 *   items/{item}.mp4     the same as an MP4 download (clips.h; the request is paused
 *                        while the clip is made, once, then served from the cache)
 *   {recording}/{seq}.ts a segment: only files the index lists are served
 *
 * Public, with CORS like /hls: residents and other sites play the archive. Every path
 * part is checked (numbers, fixed names) before anything touches the disk. Segments never
 * change (immutable); playlists are not cached while the meeting is live and only
 * briefly after (a chapter correction changes the item playlists and chapters).
 */
#include "resources.h"
#include "archive.h"
#include "chapters-vtt.h"
#include "clips.h"
#include "http-util.h"
#include "recorder.h"
#include "recording-index.h"
#include "vod-playlist.h"

#include <string.h>

#define SEGMENT_CACHE "public, max-age=31536000, immutable"

/* "123" (@suffix "") or "123.m3u8" (@suffix ".m3u8") → 123; -1 when it is not that, or
 * below @min. Decimal digits only: no sign, no spaces, nothing that could name a path. */
static gint64
parse_number (const gchar *text, const gchar *suffix, guint64 min)
{
  g_autofree gchar *digits = NULL;
  guint64 n = 0;

  if (text == NULL || !g_str_has_suffix (text, suffix))
    return -1;
  digits = g_strndup (text, strlen (text) - strlen (suffix));
  if (!g_ascii_string_to_unsigned (digits, 10, min, G_MAXINT64, &n, NULL))
    return -1;
  return (gint64) n;
}

static void
reply_text (SoupServerMessage *msg, TribuneArchive *a, const gchar *type, gchar *text,
            gboolean changes_after_end)
{
  g_autofree gchar *owned = text;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", a->ended && !changes_after_end
                                ? "public, max-age=300" : "no-cache");
  tribune_http_text (msg, SOUP_STATUS_OK, type, owned);
}

typedef struct {
  SoupServerMessage *msg;          /* ref held while paused */
  gchar *filename;
  gboolean paused;
  gboolean answered;
} PendingClip;

/* A download name from the item's title: ASCII letters, digits and '-' only. */
static gchar *
clip_filename (gint64 meeting, const TribuneChapter *c)
{
  GString *name = g_string_new (NULL);

  g_string_append_printf (name, "vergadering-%" G_GINT64_FORMAT "-", meeting);
  for (const gchar *p = c->title; *p && name->len < 80; p++) {
    if (g_ascii_isalnum (*p))
      g_string_append_c (name, g_ascii_tolower (*p));
    else if (name->len > 0 && name->str[name->len - 1] != '-')
      g_string_append_c (name, '-');
  }
  while (name->len > 0 && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  g_string_append (name, ".mp4");
  return g_string_free (name, FALSE);
}

static void
on_clip_ready (const gchar *path, const GError *error, gpointer user_data)
{
  PendingClip *p = user_data;

  if (!(error && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))) {
    if (path) {
      SoupMessageHeaders *h = soup_server_message_get_response_headers (p->msg);
      g_autofree gchar *disposition = g_strdup_printf ("attachment; filename=\"%s\"",
                                                       p->filename);

      tribune_resource_send_file (p->msg, path, "public, max-age=60");
      soup_message_headers_set_content_type (h, "video/mp4", NULL);
      soup_message_headers_replace (h, "Content-Disposition", disposition);
    } else {
      tribune_http_error (p->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                          "the clip could not be made; try again later (the server log "
                          "says why)");
    }
    if (p->paused)
      soup_server_message_unpause (p->msg);
  }
  p->answered = TRUE;
  if (p->paused || (error && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))) {
    g_object_unref (p->msg);
    g_free (p->filename);
    g_free (p);
  }
}

static void
item_clip (TribuneApp *app, SoupServerMessage *msg, TribuneArchive *a, const TribuneChapter *c)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *prefix = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                              a->meeting_id, c->item_id);
  PendingClip *p;
  guint first, last;

  if (!tribune_archive_chapter_segments (a, c, &first, &last)) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "this agenda item has no recording");
    return;
  }
  if (!tribune_archive_chapter_closed (a, c)) {
    tribune_http_error (msg, SOUP_STATUS_CONFLICT, "this agenda item is still being "
                        "recorded; the download is ready when the next item starts or "
                        "the meeting ends");
    return;
  }
  for (guint i = first; i <= last; i++) {
    const TribuneTimelineSegment *s = tribune_timeline_get (a->timeline, i);
    g_autofree gchar *file = tribune_recording_index_segment_file (app->store, a->meeting_id,
                                                                   s->recording_id, s->sequence);
    if (file)
      g_ptr_array_add (files, g_build_filename (tribune_recorder_root (app->recorder), file,
                                                NULL));
  }
  g_ptr_array_add (files, NULL);
  p = g_new0 (PendingClip, 1);
  p->msg = g_object_ref (msg);
  p->filename = clip_filename (a->meeting_id, c);
  tribune_clips_get (app->clips, prefix, (const gchar *const *) files->pdata, on_clip_ready, p);
  if (p->answered) {               /* from the cache, already sent */
    g_object_unref (p->msg);
    g_free (p->filename);
    g_free (p);
    return;
  }
  p->paused = TRUE;
  soup_server_message_pause (msg);
}

static void
item (TribuneApp *app, SoupServerMessage *msg, TribuneArchive *a, const gchar *name)
{
  gboolean mp4 = g_str_has_suffix (name, ".mp4");
  gint64 item_id = parse_number (name, mp4 ? ".mp4" : ".m3u8", 1);
  const TribuneChapter *c = item_id > 0 ? tribune_archive_chapter (a, item_id) : NULL;
  gchar *text;

  if (c == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no recording of this agenda item "
                        "(it was never made current, or it is not on this meeting's agenda)");
    return;
  }
  if (mp4) {
    item_clip (app, msg, a, c);
    return;
  }
  if ((text = tribune_vod_item_playlist_render (a, c)) == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "this agenda item has no recording");
    return;
  }
  reply_text (msg, a, "application/vnd.apple.mpegurl", text, TRUE);
}

static void
segment (TribuneApp *app, SoupServerMessage *msg, gint64 meeting, const TribuneRoute *route)
{
  gint64 recording = parse_number (route->session, "", 1);
  gint64 sequence = parse_number (route->item, ".ts", 0);
  g_autofree gchar *file = NULL;
  g_autofree gchar *path = NULL;

  if (recording < 0 || sequence < 0 ||
      (file = tribune_recording_index_segment_file (app->store, meeting, recording,
                                                    sequence)) == NULL) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such segment");
    return;
  }
  path = g_build_filename (tribune_recorder_root (app->recorder), file, NULL);
  tribune_resource_send_file (msg, path, SEGMENT_CACHE);
}

void
tribune_resource_vod (TribuneApp *app, SoupServerMessage *msg, const TribuneRoute *route)
{
  gint64 meeting = parse_number (route->file, "", 1);
  g_autoptr (TribuneArchive) a = NULL;
  g_autoptr (GError) error = NULL;
  gchar *text;

  tribune_http_cors (msg);
  if (meeting < 0) {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such meeting");
    return;
  }
  if (route->session && !g_str_equal (route->session, "items")) {
    segment (app, msg, meeting, route);
    return;
  }
  if ((a = tribune_archive_load (app->store, meeting, &error)) == NULL) {
    tribune_http_gerror (msg, error);
    return;
  }
  if (route->session) {
    item (app, msg, a, route->item);
  } else if (g_str_equal (route->item, "index.m3u8")) {
    if ((text = tribune_vod_playlist_render (a)) == NULL)
      tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "nothing of this meeting is recorded");
    else
      reply_text (msg, a, "application/vnd.apple.mpegurl", text, FALSE);
  } else if (g_str_equal (route->item, "chapters.vtt")) {
    reply_text (msg, a, "text/vtt; charset=utf-8", tribune_chapters_vtt_render (a), TRUE);
  } else {
    tribune_http_error (msg, SOUP_STATUS_NOT_FOUND, "no such page or resource");
  }
}
