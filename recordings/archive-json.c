/* archive-json.c — see archive-json.h. */
#include "archive-json.h"
#include "archive.h"
#include "store-agenda.h"

gdouble
tribune_archive_seconds (gint64 us)
{
  return (gdouble) ((us + 500) / 1000) / 1000.0;
}

static JsonNode *
chapter_json (const TribuneChapter *c)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, c->id);
  json_builder_set_member_name (b, "offset_s");
  json_builder_add_double_value (b, tribune_archive_seconds (c->offset_us));
  json_builder_set_member_name (b, "corrected");
  json_builder_add_boolean_value (b, c->corrected);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
set_url_or_null (JsonObject *o, const gchar *name, gboolean set, gint64 meeting, gint64 item,
                 const gchar *ext)
{
  if (set) {
    g_autofree gchar *url = g_strdup_printf ("/vod/%" G_GINT64_FORMAT "/items/%"
                                             G_GINT64_FORMAT ".%s", meeting, item, ext);
    json_object_set_string_member (o, name, url);
  } else
    json_object_set_null_member (o, name);
}

static void
add_agenda (TribuneStore *store, TribuneArchive *a, JsonObject *meeting)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) list = tribune_store_agenda_list (store, a->meeting_id, &error);
  JsonArray *items = list ? json_object_get_array_member (json_node_get_object (list), "items")
                          : NULL;
  JsonArray *out = json_array_new ();

  for (guint i = 0; items && i < json_array_get_length (items); i++) {
    JsonObject *item = json_object_ref (json_array_get_object_element (items, i));
    gint64 id = json_object_get_int_member (item, "id");
    const TribuneChapter *c = tribune_archive_chapter (a, id);
    guint first, last;
    gboolean media = c && tribune_archive_chapter_segments (a, c, &first, &last);

    if (c)
      json_object_set_member (item, "chapter", chapter_json (c));
    else
      json_object_set_null_member (item, "chapter");
    set_url_or_null (item, "hls", media, a->meeting_id, id, "m3u8");
    set_url_or_null (item, "mp4", media && tribune_archive_chapter_closed (a, c),
                     a->meeting_id, id, "mp4");
    json_array_add_object_element (out, item);
  }
  json_object_set_array_member (meeting, "agenda", out);
}

static JsonNode *
recording_json (TribuneArchive *a)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree gchar *hls = g_strdup_printf ("/vod/%" G_GINT64_FORMAT "/index.m3u8",
                                           a->meeting_id);
  g_autofree gchar *vtt = g_strdup_printf ("/vod/%" G_GINT64_FORMAT "/chapters.vtt",
                                           a->meeting_id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "hls");
  json_builder_add_string_value (b, hls);
  json_builder_set_member_name (b, "chapters");
  json_builder_add_string_value (b, vtt);
  json_builder_set_member_name (b, "duration_s");
  json_builder_add_double_value (b, tribune_archive_seconds (tribune_timeline_duration_us (a->timeline)));
  json_builder_set_member_name (b, "gaps");
  json_builder_begin_array (b);
  for (guint i = 1; i < tribune_timeline_length (a->timeline); i++) {
    const TribuneTimelineSegment *s = tribune_timeline_get (a->timeline, i);
    const TribuneTimelineSegment *prev = tribune_timeline_get (a->timeline, i - 1);

    if (!s->after_gap)
      continue;
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "offset_s");
    json_builder_add_double_value (b, tribune_archive_seconds (s->offset_us));
    json_builder_set_member_name (b, "missing_s");
    json_builder_add_double_value (b, tribune_archive_seconds (MAX (0, s->start_us -
                                                    (prev->start_us + prev->duration_us))));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  /* Residents' speaking turns: their own chapters, inside an item. */
  json_builder_set_member_name (b, "turns");
  json_builder_begin_array (b);
  for (guint i = 0; a->turns && i < a->turns->len; i++) {
    const TribuneTurn *t = g_ptr_array_index (a->turns, i);

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "id");
    json_builder_add_int_value (b, t->id);
    json_builder_set_member_name (b, "item_id");
    if (t->item_id)
      json_builder_add_int_value (b, t->item_id);
    else
      json_builder_add_null_value (b);
    json_builder_set_member_name (b, "title");
    json_builder_add_string_value (b, t->title);
    json_builder_set_member_name (b, "offset_s");
    json_builder_add_double_value (b, tribune_archive_seconds (t->offset_us));
    json_builder_set_member_name (b, "end_s");
    json_builder_add_double_value (b, tribune_archive_seconds (t->end_us));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

void
tribune_archive_json_add (TribuneStore *store, JsonObject *meeting)
{
  gint64 id = json_object_get_int_member (meeting, "id");
  g_autoptr (TribuneArchive) a = tribune_archive_load (store, id, NULL);

  if (a == NULL)
    return;
  add_agenda (store, a, meeting);
  if (tribune_timeline_length (a->timeline) > 0)
    json_object_set_member (meeting, "recording", recording_json (a));
  else
    json_object_set_null_member (meeting, "recording");
}
