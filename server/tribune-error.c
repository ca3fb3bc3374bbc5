/* tribune-error.c — the error domain and its mapping to HTTP status codes. */
#include "tribune-error.h"

G_DEFINE_QUARK (tribune-error-quark, tribune_error)

guint
tribune_error_http_status (const GError *error)
{
  if (error == NULL || error->domain != TRIBUNE_ERROR)
    return 500;

  switch ((TribuneError) error->code) {
    case TRIBUNE_ERROR_BAD_INPUT: return 400;
    case TRIBUNE_ERROR_UNAUTHORIZED: return 401;
    case TRIBUNE_ERROR_NOT_FOUND: return 404;
    case TRIBUNE_ERROR_NOT_ACCEPTABLE: return 406;
    case TRIBUNE_ERROR_CONFLICT: return 409;
    case TRIBUNE_ERROR_TOO_LARGE: return 413;
    case TRIBUNE_ERROR_UNAVAILABLE: return 503;
    case TRIBUNE_ERROR_MISSING_PLUGIN:
    case TRIBUNE_ERROR_PIPELINE:
    case TRIBUNE_ERROR_CONFIG:
      return 500;
  }
  return 500;
}
