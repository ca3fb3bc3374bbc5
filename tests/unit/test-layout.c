/* test-layout.c — where tiles go (pipelines/layout.c). */
#include "layout.h"

#define W 1280
#define H 720

static gboolean
overlap (const TribuneTileRect *a, const TribuneTileRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static void
assert_inside (const TribuneTileRect *r)
{
  g_assert_cmpint (r->x, >=, 0);
  g_assert_cmpint (r->y, >=, 0);
  g_assert_cmpint (r->x + r->width, <=, W);
  g_assert_cmpint (r->y + r->height, <=, H);
  g_assert_cmpint (r->width % 2, ==, 0);
  g_assert_cmpint (r->height % 2, ==, 0);
}

static void
test_names (void)
{
  TribuneLayoutKind k;

  g_assert_true (tribune_layout_kind_from_string ("grid", &k));
  g_assert_cmpint (k, ==, TRIBUNE_LAYOUT_GRID);
  g_assert_true (tribune_layout_kind_from_string ("hall", &k));
  g_assert_cmpint (k, ==, TRIBUNE_LAYOUT_HALL);
  g_assert_true (tribune_layout_kind_from_string ("focus", &k));
  g_assert_cmpint (k, ==, TRIBUNE_LAYOUT_FOCUS);
  g_assert_false (tribune_layout_kind_from_string ("Grid", &k));
  g_assert_false (tribune_layout_kind_from_string ("", &k));
  g_assert_false (tribune_layout_kind_from_string (NULL, &k));
  g_assert_cmpstr (tribune_layout_kind_to_string (TRIBUNE_LAYOUT_GRID), ==, "grid");
}

static void
test_one_tile_fills (void)
{
  for (guint kind = 0; kind < 3; kind++) {
    TribuneTileRect r;
    tribune_layout_compute (kind, 1, 0, TRUE, W, H, &r);
    g_assert_true (r.visible);
    g_assert_cmpint (r.x, ==, 0);
    g_assert_cmpint (r.width, ==, W);
    g_assert_cmpint (r.height, ==, H);
  }
}

static void
test_grid (void)
{
  for (guint n = 2; n <= 13; n++) {
    TribuneTileRect r[13];
    guint cols = n <= 4 ? 2 : n <= 9 ? 3 : 4;

    tribune_layout_compute (TRIBUNE_LAYOUT_GRID, n, 0, TRUE, W, H, r);
    for (guint i = 0; i < n; i++) {
      g_assert_true (r[i].visible);
      assert_inside (&r[i]);
      /* 16:9 within rounding, and as large as the column count allows. */
      g_assert_cmpint (ABS (r[i].width * 9 - r[i].height * 16), <=, 32);
      g_assert_cmpint (r[i].width, >=, W / cols - 2 * (gint) cols);
      for (guint j = 0; j < i; j++)
        g_assert_false (overlap (&r[i], &r[j]));
    }
  }
  /* Three tiles: two on top, the third centred below. */
  {
    TribuneTileRect r[3];
    tribune_layout_compute (TRIBUNE_LAYOUT_GRID, 3, 0, TRUE, W, H, r);
    g_assert_cmpint (r[0].y, ==, r[1].y);
    g_assert_cmpint (r[2].y, >, r[0].y);
    g_assert_cmpint (ABS (r[2].x + r[2].width / 2 - W / 2), <=, 2);
  }
}

static void
test_focus (void)
{
  for (guint n = 2; n <= 13; n++) {
    for (guint big = 0; big < n; big++) {
      TribuneTileRect r[13];

      tribune_layout_compute (TRIBUNE_LAYOUT_FOCUS, n, big, TRUE, W, H, r);
      g_assert_cmpint (r[big].width, ==, W);
      g_assert_cmpint (r[big].height, ==, H);
      g_assert_cmpuint (r[big].zorder, ==, 0);
      for (guint i = 0; i < n; i++) {
        g_assert_true (r[i].visible);
        assert_inside (&r[i]);
        if (i == big)
          continue;
        /* Thumbnails above the large tile, in the top half (the lower third is free),
         * never on each other. */
        g_assert_cmpuint (r[i].zorder, >, 0);
        g_assert_cmpint (r[i].y + r[i].height, <=, H / 2);
        g_assert_cmpint (r[i].width, <, W / 5);
        for (guint j = 0; j < i; j++) {
          if (j != big)
            g_assert_false (overlap (&r[i], &r[j]));
        }
      }
    }
  }
  /* Out of range: the hall (tile 0) is large. */
  {
    TribuneTileRect r[3];
    tribune_layout_compute (TRIBUNE_LAYOUT_FOCUS, 3, 7, TRUE, W, H, r);
    g_assert_cmpint (r[0].width, ==, W);
  }
}

static void
test_hall_only (void)
{
  TribuneTileRect r[4];

  tribune_layout_compute (TRIBUNE_LAYOUT_HALL, 4, 2, TRUE, W, H, r);
  g_assert_true (r[0].visible);
  g_assert_cmpint (r[0].width, ==, W);
  for (guint i = 1; i < 4; i++)
    g_assert_false (r[i].visible);
  /* No hall picture: the chosen participant instead of nothing. */
  tribune_layout_compute (TRIBUNE_LAYOUT_HALL, 4, 2, FALSE, W, H, r);
  g_assert_true (r[2].visible);
  g_assert_false (r[0].visible);
  g_assert_false (r[1].visible);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout/names", test_names);
  g_test_add_func ("/layout/one-tile-fills", test_one_tile_fills);
  g_test_add_func ("/layout/grid", test_grid);
  g_test_add_func ("/layout/focus", test_focus);
  g_test_add_func ("/layout/hall-only", test_hall_only);
  return g_test_run ();
}
