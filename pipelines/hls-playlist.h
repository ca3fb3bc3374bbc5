/* hls-playlist.h — the live HLS media playlist of a room (RFC 8216), in memory.
 *
 * The writer appends each finished segment; the HTTP handler renders the playlist on
 * request, so a client never reads a half-written file. The playlist keeps a sliding
 * window and tells the writer which old segment files may be deleted (a few segments
 * after they left the window, so slow clients still finish their downloads).
 *
 * Not thread-safe: the main thread owns it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TribuneHlsPlaylist TribuneHlsPlaylist;

/* @target_duration_s: EXT-X-TARGETDURATION, fixed for the playlist's life (RFC 8216
 * forbids changing it); segments longer than that are still listed, with a warning. */
TribuneHlsPlaylist *tribune_hls_playlist_new (guint window, guint target_duration_s);
void tribune_hls_playlist_free (TribuneHlsPlaylist *playlist);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneHlsPlaylist, tribune_hls_playlist_free)

/* Append a segment. @uri is relative to the playlist; @wall_us the wall-clock time of
 * its first frame (EXT-X-PROGRAM-DATE-TIME). Returns the URIs that are no longer
 * needed (transfer full, NULL-terminated; may be empty). */
GStrv tribune_hls_playlist_add (TribuneHlsPlaylist *playlist, const gchar *uri,
                                gdouble duration_s, gint64 wall_us);
/* The next segment follows a break (writer restarted): EXT-X-DISCONTINUITY. */
void tribune_hls_playlist_mark_discontinuity (TribuneHlsPlaylist *playlist);
/* (transfer full) the playlist text; NULL while it has no segment yet. */
gchar *tribune_hls_playlist_render (TribuneHlsPlaylist *playlist);
guint tribune_hls_playlist_length (TribuneHlsPlaylist *playlist);
guint64 tribune_hls_playlist_media_sequence (TribuneHlsPlaylist *playlist);
/* Is @uri a segment the playlist lists now or recently listed? (serving check) */
gboolean tribune_hls_playlist_knows (TribuneHlsPlaylist *playlist, const gchar *uri);

G_END_DECLS
