/* chapters-vtt.c — see chapters-vtt.h. */
#include "chapters-vtt.h"

gchar *
tribune_vtt_escape (const gchar *text)
{
  GString *out = g_string_new (NULL);

  for (const gchar *p = text ? text : ""; *p; p++) {
    switch (*p) {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '\r':
      case '\n': g_string_append_c (out, ' '); break;
      default: g_string_append_c (out, *p);
    }
  }
  return g_string_free (out, FALSE);
}

static void
append_time (GString *out, gint64 us)
{
  gint64 ms = us / 1000;

  g_string_append_printf (out, "%02" G_GINT64_FORMAT ":%02d:%02d.%03d", ms / 3600000,
                          (int) (ms / 60000 % 60), (int) (ms / 1000 % 60), (int) (ms % 1000));
}

static void
append_cue (GString *out, const gchar *id_prefix, gint64 id, gint64 from_us, gint64 to_us,
            const gchar *text)
{
  g_autofree gchar *title = tribune_vtt_escape (text);

  g_string_append_printf (out, "\n%s-%" G_GINT64_FORMAT "\n", id_prefix, id);
  append_time (out, from_us);
  g_string_append (out, " --> ");
  append_time (out, to_us);
  g_string_append_printf (out, "\n%s\n", title);
}

/* Items and residents' turns, in start order. A turn lies inside its item's stretch: a
 * nested chapter, which WebVTT allows (a chapter cue may contain others). */
gchar *
tribune_chapters_vtt_render (TribuneArchive *a)
{
  GString *out = g_string_new ("WEBVTT\n");
  guint t = 0;
  guint n_turns = a->turns ? a->turns->len : 0;

  for (guint i = 0; i <= a->chapters->len; i++) {
    const TribuneChapter *c = i < a->chapters->len ? g_ptr_array_index (a->chapters, i) : NULL;

    for (; t < n_turns; t++) {
      const TribuneTurn *turn = g_ptr_array_index (a->turns, t);
      if (c && turn->offset_us >= c->offset_us)
        break;
      if (turn->end_us > turn->offset_us)
        append_cue (out, "speaker", turn->id, turn->offset_us, turn->end_us, turn->title);
    }
    if (c && c->end_us > c->offset_us)
      append_cue (out, "item", c->item_id, c->offset_us, c->end_us, c->title);
  }
  return g_string_free (out, FALSE);
}
