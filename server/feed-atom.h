/* feed-atom.h — the advice tracker's Atom 1.0 feed (RFC 4287): one entry per event
 * (status change, note, attachment), newest first. Pure: JSON in, text out. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @events: what tribune_store_advice_feed_events returns ({"events": [...]}).
 * @base_url: "http://host:port", for links and ids; @title: the feed's title; @council:
 * the council slug the feed is limited to, or NULL (it gets its own feed id and self
 * link); @now: the feed's <updated> when there are no entries. (transfer full) */
gchar *tribune_feed_atom (JsonObject *events, const gchar *base_url, const gchar *title,
                          const gchar *council, GDateTime *now);
/* The host of @base_url as the authority of tag: URIs (RFC 4151: a DNS name), or
 * "tribune.invalid" when it is not one (an IPv6 address). (transfer full) */
gchar *tribune_feed_tag_authority (const gchar *base_url);
/* The entry title in plain Dutch for an event's action, e.g. "verstuurd naar de gemeente". */
const gchar *tribune_feed_action_words (const gchar *action);

G_END_DECLS
