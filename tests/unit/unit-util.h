/* unit-util.h — shared helpers for the unit tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tests that document a known bug in server/ or pipelines/ run in a subprocess, so their
 * failure is reported ("not ok") without aborting the rest of the executable. Register
 * with unit_add_known_bug ("/x/bug/name", test_func); once the bug is fixed the test
 * passes and can move to a plain g_test_add_func. */
static inline void
unit_run_known_bug (gconstpointer data)
{
  GTestFunc body = (GTestFunc) data;

  if (g_test_subprocess ()) {
    body ();
    return;
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  if (!g_test_trap_has_passed ()) {
    g_test_message ("known bug: see the comment above the test function");
    g_test_fail ();
  }
}

#define unit_add_known_bug(path, func) \
  g_test_add_data_func ((path), (gconstpointer) (func), unit_run_known_bug)

G_END_DECLS
