/* hls-playlist.h — the live HLS media playlist of a room (RFC 8216), in memory, with
 * Low-Latency HLS parts when enabled (RFC 8216bis: EXT-X-PART, EXT-X-PRELOAD-HINT,
 * EXT-X-SERVER-CONTROL with blocking reloads).
 *
 * The writer appends each finished segment and part; on every change the playlist
 * renders its text once and publishes a snapshot (hls-snapshot.h) that the HTTP code
 * answers from, so a client never reads a half-written file. The playlist keeps a sliding
 * window and tells the writer which old segment files may be deleted (a few segments
 * after they left the window, so slow clients still finish their downloads).
 *
 * Not thread-safe: the main thread owns it; other threads read its snapshots.
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

/* ---- Low-Latency HLS ----
 * Parts are kept in memory (served from the snapshots) for the last few segments; they
 * are listed for the segments that end within 3 target durations of the live edge, and
 * for the segment being written. Part URIs are "{prefix}{n}.ts" with n counting parts
 * over the playlist's life, so the next part's name (the preload hint) is known before
 * anyone knows which segment it will belong to. */
void tribune_hls_playlist_enable_parts (TribuneHlsPlaylist *playlist, gdouble part_target_s,
                                        const gchar *part_prefix);
/* A part of the segment being written is complete. @wall_us: wall-clock time of its
 * first frame. Takes a reference to @data. Returns the part's URI. */
const gchar *tribune_hls_playlist_add_part (TribuneHlsPlaylist *playlist, gdouble duration_s,
                                            gboolean independent, gint64 wall_us,
                                            GBytes *data);
/* Media sequence number of the segment being written (the parts after the last whole
 * segment), and how many of its parts are complete. */
guint64 tribune_hls_playlist_open_msn (TribuneHlsPlaylist *playlist);
guint tribune_hls_playlist_open_parts (TribuneHlsPlaylist *playlist);

typedef enum {
  TRIBUNE_HLS_READY,       /* the playlist has it: answer now */
  TRIBUNE_HLS_WAIT,        /* not yet: hold the request until the playlist changes */
  TRIBUNE_HLS_TOO_FAR,     /* further ahead than a client may ask: 400 */
} TribuneHlsBlock;

/* A blocking reload asks for media sequence @msn and part @part (-1: the whole segment)
 * of a playlist whose open segment is @open_msn with @open_parts parts so far. */
TribuneHlsBlock tribune_hls_block_decide (guint64 open_msn, guint open_parts,
                                          gdouble part_target, guint64 msn, gint64 part);

/* Any thread: (transfer full) the playlist as it was at its last change (hls-snapshot.h),
 * or NULL before the first. */
typedef struct _TribuneHlsSnapshot TribuneHlsSnapshot;
TribuneHlsSnapshot *tribune_hls_playlist_snapshot (TribuneHlsPlaylist *playlist);

/* Called (main thread) every time a segment or part is added; one hook per playlist.
 * @destroy is called on the data when the hook is replaced or the playlist freed. */
typedef void (*TribuneHlsChanged) (TribuneHlsPlaylist *playlist, gpointer user_data);
void tribune_hls_playlist_set_changed_hook (TribuneHlsPlaylist *playlist,
                                            TribuneHlsChanged hook, gpointer user_data,
                                            GDestroyNotify destroy);
gpointer tribune_hls_playlist_get_changed_data (TribuneHlsPlaylist *playlist);

G_END_DECLS
