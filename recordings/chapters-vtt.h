/* chapters-vtt.h — a meeting's chapters as WebVTT (kind="chapters" tracks): one cue per
 * agenda item that has a chapter, from its offset to the next chapter or the end, with
 * the item's title as the cue text.
 *
 * Titles are user text: '&', '<' and '>' are escaped (so "-->" cannot end a timing
 * line and no tag can be injected) and line breaks become spaces (a blank line would end
 * the cue). Cues of zero length (two chapters at one moment) are left out. Pure; tested.
 */
#pragma once

#include "archive.h"

G_BEGIN_DECLS

/* Always a valid file ("WEBVTT" alone when there is nothing). (transfer full) */
gchar *tribune_chapters_vtt_render (TribuneArchive *archive);
/* @text made safe as WebVTT cue text (transfer full). */
gchar *tribune_vtt_escape (const gchar *text);

G_END_DECLS
