/* feed-ics.h — the advice deadlines as an iCalendar feed (RFC 5545): one all-day event
 * per open deadline, so a council member's calendar shows when the municipality's
 * answer is due. Pure: JSON in, text out. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @list: what tribune_store_advices_list returns ({"advices": [...]}). An open deadline is
 * an advice that is sent or escalated, not answered, with a deadline. @base_url for the
 * links, @now for DTSTAMP. Lines end in CRLF and are folded at 75 octets. (transfer full) */
gchar *tribune_feed_ics (JsonObject *list, const gchar *base_url, GDateTime *now);
/* RFC 5545 TEXT escaping (backslash, semicolon, comma, newline); control characters are
 * left out. (transfer full) */
gchar *tribune_ics_escape (const gchar *text);
/* Append "@line" to @out folded at 75 octets (never inside a UTF-8 sequence), CRLF. */
void tribune_ics_append_line (GString *out, const gchar *line);

G_END_DECLS
