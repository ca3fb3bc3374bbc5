/* vod-playlist.h — HLS media playlists (RFC 8216) over a meeting's archive.
 *
 * The whole recording (/vod/{m}/index.m3u8) and one agenda item's stretch
 * (/vod/{m}/items/{i}.m3u8). While the meeting is live the playlist is an EVENT playlist
 * (it only grows); once it has ended it is VOD with EXT-X-ENDLIST. Every gap (a new
 * recording after a crash, a segment that could not be stored, a writer restart) gets
 * EXT-X-DISCONTINUITY, and each run starts with EXT-X-PROGRAM-DATE-TIME, so players can
 * show the wall-clock time. Pure rendering; unit-tested.
 */
#pragma once

#include "archive.h"

G_BEGIN_DECLS

/* The recording; NULL when nothing is recorded. URIs: "{recording}/{sequence}.ts".
 * (transfer full) */
gchar *tribune_vod_playlist_render (TribuneArchive *archive);
/* The item's stretch; NULL when it has no segment. URIs: "../{recording}/{sequence}.ts"
 * (the playlist lives under items/). EXT-X-START points at the chapter's exact start
 * inside its first segment. Ends with EXT-X-ENDLIST once the stretch is closed. */
gchar *tribune_vod_item_playlist_render (TribuneArchive *archive,
                                         const TribuneChapter *chapter);

G_END_DECLS
