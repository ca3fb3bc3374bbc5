/* feed-atom.c — see feed-atom.h. Every piece of user text passes g_markup_escape_text:
 * a title like "<script>" or "A & B" is text in every feed reader. */
#include "feed-atom.h"

#include <string.h>

static const struct { const gchar *action, *words; } actions[] = {
  { "created", "aangemaakt" },
  { "edited", "aangepast" },
  { "sent", "verstuurd naar de gemeente" },
  { "answered", "beantwoord door de gemeente" },
  { "escalated", "doorgezet (geëscaleerd)" },
  { "withdrawn", "ingetrokken" },
  { "reopened", "weer in concept" },
  { "note", "nieuwe stand van zaken" },
  { "attachment", "bijlage" },
};

const gchar *
tribune_feed_action_words (const gchar *action)
{
  for (guint i = 0; action && i < G_N_ELEMENTS (actions); i++) {
    if (g_str_equal (actions[i].action, action))
      return actions[i].words;
  }
  return "bijgewerkt";
}

/* XML 1.0 has no place for control characters or U+FFFE/U+FFFF, not even escaped: one
 * such character in one title would make the whole feed unreadable. Leave them out. */
static gchar *
xml_text (const gchar *text)
{
  g_autofree gchar *valid = g_utf8_make_valid (text ? text : "", -1);
  g_autoptr (GString) clean = g_string_new (NULL);

  for (const gchar *p = valid; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if ((c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && c != 0xFFFE && c != 0xFFFF)
      g_string_append_unichar (clean, c);
  }
  return g_markup_escape_text (clean->str, -1);
}

gchar *
tribune_feed_tag_authority (const gchar *base_url)
{
  g_autoptr (GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const gchar *host = uri ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0' || strchr (host, ':'))
    return g_strdup ("tribune.invalid");
  for (const gchar *p = host; *p; p++) {
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return g_strdup ("tribune.invalid");
  }
  return g_ascii_strdown (host, -1);
}

static void
element (GString *out, const gchar *indent, const gchar *name, const gchar *text)
{
  g_autofree gchar *escaped = xml_text (text);

  g_string_append_printf (out, "%s<%s>%s</%s>\n", indent, name, escaped, name);
}

static const gchar *
string_or_empty (JsonObject *o, const gchar *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : "";
}

gchar *
tribune_feed_atom (JsonObject *root, const gchar *base_url, const gchar *title,
                   const gchar *council, GDateTime *now)
{
  JsonArray *events = json_object_get_array_member (root, "events");
  g_autoptr (GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                          "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                                          "xml:lang=\"nl\">\n");
  g_autofree gchar *base = g_markup_escape_text (base_url, -1);
  g_autofree gchar *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree gchar *host = tribune_feed_tag_authority (base_url);
  g_autofree gchar *slug = council ? g_markup_escape_text (council, -1) : NULL;
  guint n = events ? json_array_get_length (events) : 0;

  /* tag: URIs (RFC 4151) need a host name and a date: stable per installation. A feed
   * limited to one council is a feed of its own (its own id and self link). */
  element (out, "  ", "title", title);
  element (out, "  ", "subtitle", "Adviezen van de wijkraden aan de gemeente, en wat ermee gebeurt");
  g_string_append_printf (out, "  <id>tag:%s,2026:advices%s%s</id>\n", host,
                          slug ? ":" : "", slug ? slug : "");
  g_string_append_printf (out, "  <link rel=\"alternate\" type=\"text/html\" "
                          "href=\"%s/advices%s%s\"/>\n", base, slug ? "?council=" : "",
                          slug ? slug : "");
  g_string_append_printf (out, "  <link rel=\"self\" type=\"application/atom+xml\" "
                          "href=\"%s/advices.atom%s%s\"/>\n", base, slug ? "?council=" : "",
                          slug ? slug : "");
  element (out, "  ", "updated", n ? string_or_empty (json_array_get_object_element (events, 0),
                                                      "at") : stamp);
  g_string_append (out, "  <author><name>Tribune</name></author>\n");
  g_string_append (out, "  <generator>Tribune</generator>\n");
  for (guint i = 0; i < n; i++) {
    JsonObject *e = json_array_get_object_element (events, i);
    JsonObject *advice = json_object_get_object_member (e, "advice");
    gint64 advice_id = json_object_get_int_member (advice, "id");
    const gchar *note = string_or_empty (e, "note");
    const gchar *summary = string_or_empty (advice, "summary");
    /* The title in Unicode isolates (FSI … PDI): a direction override in it cannot turn
     * the words around it. */
    g_autofree gchar *entry_title = g_strdup_printf ("Advies ‘\u2068%s\u2069’: %s",
        string_or_empty (advice, "title"), tribune_feed_action_words (string_or_empty (e, "action")));
    g_autofree gchar *text = *note ? g_strdup_printf ("%s%s%s", note, *summary ? "\n\n" : "", summary)
                                   : g_strdup (summary);

    g_string_append (out, "  <entry>\n");
    element (out, "    ", "title", entry_title);
    g_string_append_printf (out, "    <id>tag:%s,2026:advice-event-%" G_GINT64_FORMAT "</id>\n",
                            host, json_object_get_int_member (e, "id"));
    g_string_append_printf (out, "    <link rel=\"alternate\" type=\"text/html\" "
                            "href=\"%s/advices/%" G_GINT64_FORMAT "\"/>\n", base, advice_id);
    element (out, "    ", "updated", string_or_empty (e, "at"));
    element (out, "    ", "published", string_or_empty (e, "at"));
    g_string_append (out, "    <author>");
    element (out, "", "name", string_or_empty (advice, "council_name"));
    g_string_truncate (out, out->len - 1);
    g_string_append (out, "</author>\n");
    g_string_append_printf (out, "    <category term=\"%s\"/>\n",
                            string_or_empty (e, "action"));
    if (*text)
      element (out, "    ", "summary", text);
    g_string_append (out, "  </entry>\n");
  }
  g_string_append (out, "</feed>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
