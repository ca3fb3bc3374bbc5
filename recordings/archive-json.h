/* archive-json.h — the archive's part of GET /api/meetings/{id}: the agenda with each
 * item's chapter and links, and the recording (docs/api.md, "Recordings"):
 *
 *   "agenda": [{id, position, title, description, kind,
 *               "chapter": {"id", "offset_s", "corrected"} | null,
 *               "hls": "/vod/{m}/items/{i}.m3u8" | null,
 *               "mp4": "/vod/{m}/items/{i}.mp4" | null}],
 *   "recording": {"hls": "/vod/{m}/index.m3u8", "chapters": "/vod/{m}/chapters.vtt",
 *                 "duration_s", "gaps": [{"offset_s", "missing_s"}]} | null
 *
 * "hls" is set when the item's stretch has a segment; "mp4" when it also is closed (a
 * clip of a stretch still being recorded would be outdated at once). Main thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

/* Microseconds as seconds with millisecond precision: what a player's currentTime can
 * use, and how every offset in the API is given. */
gdouble tribune_archive_seconds (gint64 us);
/* Adds "agenda" and "recording" to @meeting (the meeting's row as JSON, with "id"). */
void tribune_archive_json_add (TribuneStore *store, JsonObject *meeting);

G_END_DECLS
