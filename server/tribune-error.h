/* tribune-error.h — the one error domain of Tribune.
 *
 * Every fallible function takes `GError **error` last. The code says what kind of
 * failure it is, so the HTTP layer can map it to a status without string matching.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRIBUNE_ERROR (tribune_error_quark ())

typedef enum {
  TRIBUNE_ERROR_BAD_INPUT,        /* malformed request body, SDP, config value → 400 */
  TRIBUNE_ERROR_UNAUTHORIZED,     /* missing or wrong key → 401 */
  TRIBUNE_ERROR_NOT_FOUND,        /* unknown room or session → 404 */
  TRIBUNE_ERROR_NOT_ACCEPTABLE,   /* offer has no codec we can send or receive → 406 */
  TRIBUNE_ERROR_CONFLICT,         /* room already has a publisher → 409 */
  TRIBUNE_ERROR_TOO_LARGE,        /* body over the limit → 413 */
  TRIBUNE_ERROR_UNAVAILABLE,      /* too many sessions, pipeline not running → 503 */
  TRIBUNE_ERROR_MISSING_PLUGIN,   /* a GStreamer element is not installed */
  TRIBUNE_ERROR_PIPELINE,         /* a pipeline failed to build or run */
  TRIBUNE_ERROR_CONFIG,           /* configuration file problem */
} TribuneError;

GQuark tribune_error_quark (void);

/* HTTP status for @error: its TRIBUNE_ERROR code, 500 for anything else. */
guint tribune_error_http_status (const GError *error);

G_END_DECLS
