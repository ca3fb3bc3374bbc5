/* layout.h — where each picture goes in the program when remote participants take part.
 *
 * The program shows a number of tiles: the hall (when it sends pictures) and each remote
 * participant. Three layouts, picked by the chair:
 *   focus — one tile fills the picture, the others are thumbnails in rows along the top
 *           (the lower third at the bottom stays readable);
 *   grid  — equal 16:9 tiles, as large as fit, centred;
 *   hall  — only the hall (or, without one, the focused tile) fills the picture.
 * Pure arithmetic; any thread; unit-tested.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_LAYOUT_FOCUS,
  TRIBUNE_LAYOUT_GRID,
  TRIBUNE_LAYOUT_HALL,
} TribuneLayoutKind;

typedef struct {
  gint x, y, width, height;
  gboolean visible;
  guint zorder;          /* 0 = bottom among the tiles */
} TribuneTileRect;

gboolean tribune_layout_kind_from_string (const gchar *text, TribuneLayoutKind *kind);
const gchar *tribune_layout_kind_to_string (TribuneLayoutKind kind);

/* Fill @rects[0 .. n_tiles-1] for a @width × @height program. @focus is the index of the
 * large tile (focus layout) or the only one (hall layout); tile 0 is the hall when
 * @has_hall. Out-of-range @focus means tile 0. */
void tribune_layout_compute (TribuneLayoutKind kind, guint n_tiles, guint focus,
                             gboolean has_hall, guint width, guint height,
                             TribuneTileRect *rects);

G_END_DECLS
