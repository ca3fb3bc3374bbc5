/* hls-snapshot.h — a frozen, thread-safe copy of a room's live HLS playlist: what a
 * server thread needs to answer a request without touching the playlist, which belongs
 * to the main thread.
 *
 * The playlist makes a new snapshot every time it changes (a part or a segment added:
 * a few times a second) and any thread may take a reference to the current one
 * (tribune_hls_playlist_snapshot). A snapshot never changes; the bytes it shares (the
 * playlist text, the parts) are immutable GBytes.
 */
#pragma once

#include "hls-playlist.h"

G_BEGIN_DECLS


TribuneHlsSnapshot *tribune_hls_snapshot_ref (TribuneHlsSnapshot *snapshot);
void tribune_hls_snapshot_unref (TribuneHlsSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneHlsSnapshot, tribune_hls_snapshot_unref)

/* (transfer none) the playlist text; NULL while it has no segment or part yet. */
GBytes *tribune_hls_snapshot_text (TribuneHlsSnapshot *snapshot);
gboolean tribune_hls_snapshot_has_parts (TribuneHlsSnapshot *snapshot);
guint tribune_hls_snapshot_target (TribuneHlsSnapshot *snapshot);
/* (transfer none) a part's bytes, or NULL if it is not (or no longer) kept. */
GBytes *tribune_hls_snapshot_part (TribuneHlsSnapshot *snapshot, const gchar *uri);
gboolean tribune_hls_snapshot_is_hinted (TribuneHlsSnapshot *snapshot, const gchar *uri);
/* Is @uri a segment the playlist lists now or recently listed? */
gboolean tribune_hls_snapshot_knows (TribuneHlsSnapshot *snapshot, const gchar *uri);
TribuneHlsBlock tribune_hls_snapshot_check_block (TribuneHlsSnapshot *snapshot, guint64 msn,
                                                  gint64 part);

/* ---- for hls-playlist.c, which builds them ---- */
TribuneHlsSnapshot *tribune_hls_snapshot_new (GBytes *text, guint target,
                                              gdouble part_target, const gchar *hint,
                                              guint64 open_msn, guint open_parts);
/* Takes a reference to @data. */
void tribune_hls_snapshot_add_part (TribuneHlsSnapshot *snapshot, const gchar *uri,
                                    GBytes *data);
void tribune_hls_snapshot_add_segment (TribuneHlsSnapshot *snapshot, const gchar *uri);

G_END_DECLS
