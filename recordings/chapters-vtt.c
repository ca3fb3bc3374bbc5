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

gchar *
tribune_chapters_vtt_render (TribuneArchive *a)
{
  GString *out = g_string_new ("WEBVTT\n");

  for (guint i = 0; i < a->chapters->len; i++) {
    const TribuneChapter *c = g_ptr_array_index (a->chapters, i);
    g_autofree gchar *title = NULL;

    if (c->end_us <= c->offset_us)
      continue;
    title = tribune_vtt_escape (c->title);
    g_string_append_printf (out, "\nitem-%" G_GINT64_FORMAT "\n", c->item_id);
    append_time (out, c->offset_us);
    g_string_append (out, " --> ");
    append_time (out, c->end_us);
    g_string_append_printf (out, "\n%s\n", title);
  }
  return g_string_free (out, FALSE);
}
