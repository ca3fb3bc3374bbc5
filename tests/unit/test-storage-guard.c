/* test-storage-guard.c — when the recorder keeps a segment, and when it pauses. */
#include "storage-guard.h"

#include <string.h>

#define MB (G_GUINT64_CONSTANT (1) << 20)

static void
test_room_enough (void)
{
  g_assert_cmpint (tribune_storage_decide (10000 * MB, 1024 * MB, 0, 0, MB), ==,
                   TRIBUNE_STORAGE_OK);
  /* No quota (0) however much is used. */
  g_assert_cmpint (tribune_storage_decide (10000 * MB, 1024 * MB, 900000 * MB, 0, MB), ==,
                   TRIBUNE_STORAGE_OK);
  /* Exactly at both limits still fits. */
  g_assert_cmpint (tribune_storage_decide (1025 * MB, 1024 * MB, 2047 * MB, 2048 * MB, MB),
                   ==, TRIBUNE_STORAGE_OK);
}

static void
test_disk_full (void)
{
  /* The segment would eat into the minimum. */
  g_assert_cmpint (tribune_storage_decide (1024 * MB, 1024 * MB, 0, 0, MB), ==,
                   TRIBUNE_STORAGE_DISK_FULL);
  g_assert_cmpint (tribune_storage_decide (0, 0, 0, 0, 1), ==, TRIBUNE_STORAGE_DISK_FULL);
  /* Disk wins over quota: it is the more urgent advice. */
  g_assert_cmpint (tribune_storage_decide (10 * MB, 1024 * MB, 5000 * MB, 2048 * MB, MB), ==,
                   TRIBUNE_STORAGE_DISK_FULL);
  /* No overflow near the top of the range. */
  g_assert_cmpint (tribune_storage_decide (G_MAXUINT64 - 2 * MB, 1024 * MB, 0, 0, MB), ==,
                   TRIBUNE_STORAGE_OK);
}

static void
test_quota_full (void)
{
  g_assert_cmpint (tribune_storage_decide (10000 * MB, 1024 * MB, 2048 * MB, 2048 * MB, 1),
                   ==, TRIBUNE_STORAGE_QUOTA_FULL);
  g_assert_cmpint (tribune_storage_decide (10000 * MB, 0, 2047 * MB + 1, 2048 * MB, MB), ==,
                   TRIBUNE_STORAGE_QUOTA_FULL);
}

static void
test_free_bytes_and_advice (void)
{
  /* A real file system has some space; a path that does not exist says "unknown". */
  g_assert_cmpuint (tribune_storage_free_bytes ("/"), >, 0);
  g_assert_cmpuint (tribune_storage_free_bytes ("/no/such/dir/anywhere"), ==, G_MAXUINT64);
  g_assert_nonnull (strstr (tribune_storage_advice (TRIBUNE_STORAGE_DISK_FULL),
                            "recording_min_free_mb"));
  g_assert_nonnull (strstr (tribune_storage_advice (TRIBUNE_STORAGE_QUOTA_FULL),
                            "recordings_max_mb"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/storage-guard/room-enough", test_room_enough);
  g_test_add_func ("/storage-guard/disk-full", test_disk_full);
  g_test_add_func ("/storage-guard/quota-full", test_quota_full);
  g_test_add_func ("/storage-guard/free-bytes-and-advice", test_free_bytes_and_advice);
  return g_test_run ();
}
