/* export-ori.c — see export-ori.h.
 *
 * The shape: a meeting is a schema:Event; its agenda items are schema:Events too, with
 * schema:superEvent the meeting, schema:position their number and ori:AgendaItem as
 * additional type (as Open Raadsinformatie has them); the recording is the meeting's
 * schema:video and an item's schema:startOffset is where it starts in it, in seconds. A
 * council is an org:Organization. An advice is an opengov:Motion by its council, linked
 * from the agenda items where it was discussed (ori:motion). Node ids are this server's
 * pages, so following an id shows the thing to a person. */
#include "export-ori.h"
#include "store-advices.h"
#include "store-meetings.h"

static JsonObject *
context (void)
{
  JsonObject *c = json_object_new ();
  const struct { const gchar *term, *iri; gboolean link; } terms[] = {
    { "name", "schema:name", FALSE },
    { "description", "schema:description", FALSE },
    { "text", "schema:text", FALSE },
    { "startDate", "schema:startDate", FALSE },
    { "endDate", "schema:endDate", FALSE },
    { "eventStatus", "schema:eventStatus", FALSE },
    { "position", "schema:position", FALSE },
    { "startOffset", "schema:startOffset", FALSE },
    { "dateCreated", "schema:dateCreated", FALSE },
    { "dateSent", "schema:dateSent", FALSE },
    { "expires", "schema:expires", FALSE },
    { "creativeWorkStatus", "schema:creativeWorkStatus", FALSE },
    { "about", "schema:about", FALSE },
    { "recipient", "schema:recipient", FALSE },
    { "additionalType", "schema:additionalType", TRUE },
    { "organizer", "schema:organizer", TRUE },
    { "creator", "schema:creator", TRUE },
    { "superEvent", "schema:superEvent", TRUE },
    { "video", "schema:video", TRUE },
    { "url", "schema:url", TRUE },
    { "agenda", "ori:agenda", TRUE },
    { "motion", "ori:motion", TRUE },
    { "result", "opengov:result", FALSE },
  };

  json_object_set_string_member (c, "schema", "http://schema.org/");
  json_object_set_string_member (c, "ori", "https://github.com/argu-co/popolo-ori#");
  json_object_set_string_member (c, "opengov", "http://www.w3.org/ns/opengov#");
  json_object_set_string_member (c, "org", "http://www.w3.org/ns/org#");
  for (guint i = 0; i < G_N_ELEMENTS (terms); i++) {
    if (terms[i].link) {
      JsonObject *t = json_object_new ();

      json_object_set_string_member (t, "@id", terms[i].iri);
      json_object_set_string_member (t, "@type", "@id");
      json_object_set_object_member (c, terms[i].term, t);
    } else {
      json_object_set_string_member (c, terms[i].term, terms[i].iri);
    }
  }
  return c;
}

static void
copy_string (JsonObject *to, const gchar *to_name, JsonObject *from, const gchar *name)
{
  JsonNode *n = json_object_get_member (from, name);

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING &&
      *json_node_get_string (n))
    json_object_set_string_member (to, to_name, json_node_get_string (n));
}

/* item id → the advices' ids tied to it, from the list of advices. */
static GHashTable *
motions_by_item (JsonArray *advices)
{
  GHashTable *map = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) json_array_unref);

  for (guint i = 0; i < json_array_get_length (advices); i++) {
    JsonObject *a = json_array_get_object_element (advices, i);
    JsonArray *items = json_object_get_array_member (a, "items");

    for (guint k = 0; items && k < json_array_get_length (items); k++) {
      gint64 item = json_object_get_int_member (json_array_get_object_element (items, k), "id");
      JsonArray *list = g_hash_table_lookup (map, &item);

      if (list == NULL) {
        gint64 *key = g_new (gint64, 1);

        *key = item;
        list = json_array_new ();
        g_hash_table_insert (map, key, list);
      }
      json_array_add_int_element (list, json_object_get_int_member (a, "id"));
    }
  }
  return map;
}

static void
add_meeting (JsonArray *graph, JsonObject *m, const gchar *base, GHashTable *motions)
{
  gint64 id = json_object_get_int_member (m, "id");
  JsonObject *node = json_object_new ();
  JsonArray *agenda = json_object_get_array_member (m, "agenda");
  JsonArray *agenda_ids = json_array_new ();
  g_autofree gchar *meeting_iri = g_strdup_printf ("%s/archive/%" G_GINT64_FORMAT, base, id);
  g_autofree gchar *council_iri = g_strdup_printf ("%s/archive?council=%s", base,
      json_object_get_string_member (m, "council_slug"));
  gboolean recorded = json_object_has_member (m, "recording") &&
                      !json_object_get_null_member (m, "recording");

  json_object_set_string_member (node, "@id", meeting_iri);
  json_object_set_string_member (node, "@type", "schema:Event");
  json_object_set_string_member (node, "additionalType", "ori:Meeting");
  copy_string (node, "name", m, "title");
  copy_string (node, "startDate", m, "starts_at");
  copy_string (node, "endDate", m, "ended_at");
  copy_string (node, "eventStatus", m, "status");
  json_object_set_string_member (node, "organizer", council_iri);
  if (recorded) {
    g_autofree gchar *video = g_strdup_printf ("%s/vod/%" G_GINT64_FORMAT "/index.m3u8", base, id);
    json_object_set_string_member (node, "video", video);
  }
  for (guint i = 0; agenda && i < json_array_get_length (agenda); i++) {
    JsonObject *item = json_array_get_object_element (agenda, i);
    gint64 item_id = json_object_get_int_member (item, "id");
    JsonObject *inode = json_object_new ();
    g_autofree gchar *iri = g_strdup_printf ("%s/archive/%" G_GINT64_FORMAT "?item=%"
                                             G_GINT64_FORMAT, base, id, item_id);
    JsonArray *linked = g_hash_table_lookup (motions, &item_id);
    JsonNode *chapter = json_object_get_member (item, "chapter");

    json_object_set_string_member (inode, "@id", iri);
    json_object_set_string_member (inode, "@type", "schema:Event");
    json_object_set_string_member (inode, "additionalType", "ori:AgendaItem");
    copy_string (inode, "name", item, "title");
    copy_string (inode, "description", item, "description");
    json_object_set_int_member (inode, "position", json_object_get_int_member (item, "position"));
    json_object_set_string_member (inode, "superEvent", meeting_iri);
    json_object_set_string_member (inode, "url", iri);
    if (recorded && chapter && JSON_NODE_HOLDS_OBJECT (chapter))
      json_object_set_double_member (inode, "startOffset",
          json_object_get_double_member (json_node_get_object (chapter), "offset_s"));
    if (linked) {
      JsonArray *refs = json_array_new ();

      for (guint k = 0; k < json_array_get_length (linked); k++) {
        g_autofree gchar *advice = g_strdup_printf ("%s/advices/%" G_GINT64_FORMAT, base,
                                                    json_array_get_int_element (linked, k));
        json_array_add_string_element (refs, advice);
      }
      json_object_set_array_member (inode, "motion", refs);
    }
    json_array_add_string_element (agenda_ids, iri);
    json_array_add_object_element (graph, inode);
  }
  json_object_set_array_member (node, "agenda", agenda_ids);
  json_array_add_object_element (graph, node);
}

static void
add_advice (JsonArray *graph, JsonObject *a, const gchar *base)
{
  JsonObject *node = json_object_new ();
  g_autofree gchar *iri = g_strdup_printf ("%s/advices/%" G_GINT64_FORMAT, base,
                                           json_object_get_int_member (a, "id"));
  g_autofree gchar *council_iri = g_strdup_printf ("%s/archive?council=%s", base,
      json_object_get_string_member (a, "council"));

  json_object_set_string_member (node, "@id", iri);
  json_object_set_string_member (node, "@type", "opengov:Motion");
  copy_string (node, "name", a, "title");
  copy_string (node, "description", a, "summary");
  copy_string (node, "text", a, "text");
  copy_string (node, "about", a, "theme");
  copy_string (node, "recipient", a, "addressee");
  copy_string (node, "creativeWorkStatus", a, "status");
  copy_string (node, "dateCreated", a, "created_at");
  copy_string (node, "dateSent", a, "sent_at");
  copy_string (node, "expires", a, "deadline");
  copy_string (node, "result", a, "outcome");
  json_object_set_string_member (node, "creator", council_iri);
  json_object_set_string_member (node, "url", iri);
  json_array_add_object_element (graph, node);
}

JsonNode *
tribune_export_ori (TribuneStore *store, const gchar *base_url, const GDate *today)
{
  TribuneAdviceFilter all = { 0 };
  g_autoptr (JsonNode) councils = tribune_store_councils_list (store);
  g_autoptr (JsonNode) meetings = tribune_store_meetings_list (store, 0, NULL, NULL, NULL);
  g_autoptr (JsonNode) advices = tribune_store_advices_list (store, &all, today);
  JsonArray *advice_list = json_object_get_array_member (json_node_get_object (advices), "advices");
  JsonArray *council_list = json_object_get_array_member (json_node_get_object (councils),
                                                         "councils");
  JsonArray *meeting_list = meetings ? json_object_get_array_member (
      json_node_get_object (meetings), "meetings") : NULL;
  g_autoptr (GHashTable) motions = motions_by_item (advice_list);
  JsonObject *root = json_object_new ();
  JsonArray *graph = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < json_array_get_length (council_list); i++) {
    JsonObject *c = json_array_get_object_element (council_list, i);
    JsonObject *org = json_object_new ();
    g_autofree gchar *iri = g_strdup_printf ("%s/archive?council=%s", base_url,
                                             json_object_get_string_member (c, "slug"));

    json_object_set_string_member (org, "@id", iri);
    json_object_set_string_member (org, "@type", "org:Organization");
    copy_string (org, "name", c, "name");
    json_array_add_object_element (graph, org);
  }
  for (guint i = 0; meeting_list && i < json_array_get_length (meeting_list); i++) {
    gint64 id = json_object_get_int_member (json_array_get_object_element (meeting_list, i), "id");
    g_autoptr (JsonNode) full = tribune_store_meeting_get (store, id, NULL);

    if (full)
      add_meeting (graph, json_node_get_object (full), base_url, motions);
  }
  for (guint i = 0; i < json_array_get_length (advice_list); i++)
    add_advice (graph, json_array_get_object_element (advice_list, i), base_url);
  json_object_set_object_member (root, "@context", context ());
  json_object_set_array_member (root, "@graph", graph);
  json_node_take_object (node, root);
  return node;
}
