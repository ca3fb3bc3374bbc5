/* test-tribune-error.c — the error domain and its HTTP status mapping
 * (server/tribune-error.c). */
#include "tribune-error.h"

#include <gio/gio.h>

static guint
status_for (GQuark domain, gint code)
{
  g_autoptr (GError) error = g_error_new_literal (domain, code, "x");

  return tribune_error_http_status (error);
}

static void
test_codes (void)
{
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT), ==, 400);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_UNAUTHORIZED), ==, 401);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND), ==, 404);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_ACCEPTABLE), ==, 406);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT), ==, 409);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_TOO_LARGE), ==, 413);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE), ==, 503);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN), ==, 500);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE), ==, 500);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG), ==, 500);
}

static void
test_unknown (void)
{
  /* Codes outside the enum, other domains and no error at all are internal errors. */
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, 999), ==, 500);
  g_assert_cmpuint (status_for (TRIBUNE_ERROR, -1), ==, 500);
  /* Same numeric code as BAD_INPUT/NOT_FOUND, other domain: not a 400/404. */
  g_assert_cmpuint (status_for (G_IO_ERROR, 0), ==, 500);
  g_assert_cmpuint (status_for (G_IO_ERROR, G_IO_ERROR_NOT_FOUND), ==, 500);
  g_assert_cmpuint (status_for (G_FILE_ERROR, G_FILE_ERROR_NOENT), ==, 500);
  g_assert_cmpuint (tribune_error_http_status (NULL), ==, 500);
}

static void
test_quark (void)
{
  g_assert_true (TRIBUNE_ERROR == tribune_error_quark ());
  g_assert_cmpstr (g_quark_to_string (TRIBUNE_ERROR), ==, "tribune-error-quark");
  g_assert_true (TRIBUNE_ERROR != G_IO_ERROR);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tribune-error/codes", test_codes);
  g_test_add_func ("/tribune-error/unknown", test_unknown);
  g_test_add_func ("/tribune-error/quark", test_quark);

  return g_test_run ();
}
