/* storage-guard.h — may the recorder keep one more segment?
 *
 * Two limits, checked before each segment is kept: the file system must keep
 * `recording_min_free_mb` free (so a full disk never takes the database, the live HLS
 * window or the rest of the machine down with it), and the recordings together may use
 * at most `recordings_max_mb` (0: no limit; the built-in demo sets one, so a demo left
 * running does not fill a laptop). Over a limit the recorder skips segments — nothing
 * stored is ever deleted — and says which limit and what to do; it records again as soon
 * as the limit allows.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_STORAGE_OK,
  TRIBUNE_STORAGE_DISK_FULL,       /* free space under the minimum */
  TRIBUNE_STORAGE_QUOTA_FULL,      /* recordings at their maximum */
} TribuneStorageVerdict;

/* Pure: the decision from the numbers (bytes; @max_bytes 0 = no quota). */
TribuneStorageVerdict tribune_storage_decide (guint64 free_bytes, guint64 min_free_bytes,
                                              guint64 used_bytes, guint64 max_bytes,
                                              guint64 next_bytes);
/* Free bytes on the file system that holds @path (G_MAXUINT64 if it cannot be read:
 * then the write itself will tell). */
guint64 tribune_storage_free_bytes (const gchar *path);
/* What to tell the operator (transfer none). */
const gchar *tribune_storage_advice (TribuneStorageVerdict verdict);

G_END_DECLS
