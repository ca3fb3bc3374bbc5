/* export-ori.h — open data: councils, meetings, agenda items (with where each starts in
 * the recording) and advices as one JSON-LD document in the shape of Open
 * Raadsinformatie (the Popolo-based vocabulary of argu-co/popolo-ori, with schema.org and
 * W3C opengov terms), so the same tools that read Dutch council data can read Tribune's. */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

/* @base_url: "http://host:port" for the node ids (each id is the page that shows the
 * thing). @today: for the advices' clock. (transfer full) */
JsonNode *tribune_export_ori (TribuneStore *store, const gchar *base_url, const GDate *today);

G_END_DECLS
