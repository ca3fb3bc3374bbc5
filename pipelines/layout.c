/* layout.c — see layout.h. */
#include "layout.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[] = {
  [TRIBUNE_LAYOUT_FOCUS] = "focus",
  [TRIBUNE_LAYOUT_GRID] = "grid",
  [TRIBUNE_LAYOUT_HALL] = "hall",
};

gboolean
tribune_layout_kind_from_string (const gchar *text, TribuneLayoutKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++) {
    if (g_strcmp0 (text, kind_names[i]) == 0) {
      *kind = (TribuneLayoutKind) i;
      return TRUE;
    }
  }
  return FALSE;
}

const gchar *
tribune_layout_kind_to_string (TribuneLayoutKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "focus";
}

/* Sizes even: I420 chroma is subsampled 2×2, and odd sizes blur the tile's edge. */
static gint
even (gdouble v)
{
  return ((gint) v) & ~1;
}

static void
full (TribuneTileRect *r, guint width, guint height)
{
  r->x = 0;
  r->y = 0;
  r->width = (gint) width;
  r->height = (gint) height;
  r->visible = TRUE;
  r->zorder = 0;
}

static void
grid (guint n, guint width, guint height, TribuneTileRect *rects)
{
  guint cols = (guint) ceil (sqrt ((gdouble) n));
  guint rows = (n + cols - 1) / cols;
  /* Each cell 16:9 (the program's shape), as large as both directions allow. */
  gdouble cell_w = MIN ((gdouble) width / cols, (gdouble) height / rows * width / height);
  gdouble cell_h = cell_w * height / width;
  gdouble top = (height - rows * cell_h) / 2;

  for (guint i = 0; i < n; i++) {
    guint row = i / cols, col = i % cols;
    /* The last row, when not full, is centred too. */
    guint in_row = row == rows - 1 ? n - row * cols : cols;
    gdouble left = (width - in_row * cell_w) / 2;

    rects[i].x = even (left + col * cell_w);
    rects[i].y = even (top + row * cell_h);
    rects[i].width = even (cell_w);
    rects[i].height = even (cell_h);
    rects[i].visible = TRUE;
    rects[i].zorder = 0;
  }
}

static void
focus (guint n, guint big, guint width, guint height, TribuneTileRect *rects)
{
  /* Thumbnails a sixth of the width, right to left along the top, a margin between. */
  const guint per_row = 6;
  gint margin = even (width / 80.0);
  gint tw = even ((width - margin * (per_row + 1)) / (gdouble) per_row);
  gint th = even (tw * (gdouble) height / width);
  guint slot = 0;

  for (guint i = 0; i < n; i++) {
    if (i == big) {
      full (&rects[i], width, height);
      continue;
    }
    guint col = slot % per_row;

    rects[i].x = (gint) width - margin - (gint) (col + 1) * tw - (gint) col * margin;
    rects[i].y = margin + (gint) (slot / per_row) * (th + margin);
    rects[i].width = tw;
    rects[i].height = th;
    rects[i].visible = TRUE;
    rects[i].zorder = 1;
    slot++;
  }
}

void
tribune_layout_compute (TribuneLayoutKind kind, guint n, guint big, gboolean has_hall,
                        guint width, guint height, TribuneTileRect *rects)
{
  if (n == 0)
    return;
  if (big >= n)
    big = 0;
  memset (rects, 0, n * sizeof *rects);
  if (n == 1) {
    full (&rects[0], width, height);
    return;
  }
  switch (kind) {
  case TRIBUNE_LAYOUT_GRID:
    grid (n, width, height, rects);
    break;
  case TRIBUNE_LAYOUT_HALL:
    /* The hall alone; without a hall picture, the chosen participant. */
    full (&rects[has_hall ? 0 : big], width, height);
    break;
  case TRIBUNE_LAYOUT_FOCUS:
  default:
    focus (n, big, width, height, rects);
    break;
  }
}
