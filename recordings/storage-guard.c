/* storage-guard.c — see storage-guard.h. */
#include "storage-guard.h"

#include <sys/statvfs.h>

TribuneStorageVerdict
tribune_storage_decide (guint64 free_bytes, guint64 min_free_bytes, guint64 used_bytes,
                        guint64 max_bytes, guint64 next_bytes)
{
  /* The segment is already on disk (a hard link costs no space); a copy would need
   * @next_bytes more. Count it either way: the margin is what matters. */
  if (free_bytes < min_free_bytes + next_bytes)
    return TRIBUNE_STORAGE_DISK_FULL;
  if (max_bytes > 0 && used_bytes + next_bytes > max_bytes)
    return TRIBUNE_STORAGE_QUOTA_FULL;
  return TRIBUNE_STORAGE_OK;
}

guint64
tribune_storage_free_bytes (const gchar *path)
{
  struct statvfs st;

  if (statvfs (path, &st) != 0)
    return G_MAXUINT64;
  return (guint64) st.f_bavail * (guint64) st.f_frsize;
}

const gchar *
tribune_storage_advice (TribuneStorageVerdict verdict)
{
  switch (verdict) {
    case TRIBUNE_STORAGE_DISK_FULL:
      return "the disk is nearly full (less than recording_min_free_mb free); free space "
             "or move DATA/recordings to a larger disk";
    case TRIBUNE_STORAGE_QUOTA_FULL:
      return "the recordings use recordings_max_mb; raise that limit in tribune.conf or "
             "delete old meetings";
    default:
      return "";
  }
}
