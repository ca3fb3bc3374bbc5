/* recorder.c — see recorder.h.
 *
 * Why a hard link: the HLS writer already wrote the segment once; linking keeps it past
 * the live window at no cost in time or space. The writer deletes its own name later,
 * the archive's name stays. Across file systems link() fails with EXDEV and the file is
 * copied to "NAME.part", synced and renamed, so the final name only ever holds a whole
 * file.
 */
#include "recorder.h"
#include "recording-index.h"
#include "storage-guard.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

typedef struct {
  TribuneRecorder *recorder;
  TribuneRoom *room;               /* not owned; the rooms outlive the recorder's use */
  gint64 meeting_id;
  gint64 recording_id;
  gint64 next_sequence;            /* every closed segment takes one, kept or not */
  gchar *dir;                      /* DATA/recordings/{meeting}/{recording} */
  gboolean failing;                /* the last segment could not be stored */
  TribuneStorageVerdict held;      /* skipping segments for a storage limit */
  gint64 finish_at_us;             /* the meeting ended then (wall clock); 0: still live */
  guint finish_timeout;            /* ends the recording if that last segment never comes */
  guint pending;                   /* segments being made durable on a worker thread */
  gboolean stopped;                /* out of the table; closed once nothing is pending */
} Active;

/* How long a finishing recording waits for the segment that holds the end: a segment is
 * 1–10 s (hls_segment_ms); past this the room is not writing and waiting helps nobody. */
#define FINISH_GRACE_MS 15000

struct _TribuneRecorder {
  TribuneStore *store;             /* not owned */
  gchar *root;
  GHashTable *active;              /* meeting id (gint64*) → Active*, owned */
  guint64 min_free_bytes, max_bytes;
  guint64 used_bytes;              /* all indexed segments: counted once, then kept up */
  guint pending;                   /* all recordings' segments on worker threads */
};

static void
active_free (Active *a)
{
  if (a->finish_timeout)
    g_source_remove (a->finish_timeout);
  g_free (a->dir);
  g_free (a);
}

/* Make the file's data (and its name in @dir) durable before the index points at it. */
static gboolean
sync_path (const gchar *path, gboolean directory)
{
  int fd = g_open (path, O_RDONLY | (directory ? O_DIRECTORY : 0), 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static gboolean
copy_whole (const gchar *from, const gchar *to, GError **error)
{
  g_autofree gchar *part = g_strconcat (to, ".part", NULL);
  g_autoptr (GFile) src = g_file_new_for_path (from);
  g_autoptr (GFile) dst = g_file_new_for_path (part);

  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    return FALSE;
  if (!sync_path (part, FALSE) || g_rename (part, to) != 0) {
    int saved = errno;
    g_unlink (part);
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", to,
                 g_strerror (saved));
    return FALSE;
  }
  return TRUE;
}

/* Hard-link @from to @to now (a name, no data: fast on the main thread, and before the
 * live window deletes @from). FALSE with *@copy set when it must be copied instead (another
 * file system), FALSE with @error for anything else. */
static gboolean
link_now (const gchar *from, const gchar *to, gboolean *copy, GError **error)
{
  *copy = FALSE;
  /* A leftover with this name is not indexed (sequences are indexed once): replace it. */
  g_unlink (to);
  if (link (from, to) == 0)
    return TRUE;
  if (errno == EXDEV || errno == EPERM || errno == EMLINK) {
    *copy = TRUE;
    return FALSE;
  }
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", to,
               g_strerror (errno));
  return FALSE;
}

/* ---- making a segment durable, off the main thread ----
 *
 * fsync waits for the disk: a few ms here, but hundreds on an SD card or a busy disk, and
 * on the main thread that would hold up every HTTP reply and event once a second. The
 * worker syncs (or copies and syncs); the main thread indexes the segment afterwards, so a
 * row still never points at a file that is not on disk. A stopped recording stays open
 * until its last segments are indexed. */

typedef struct {
  Active *a;
  gchar *source;                   /* copy from here (another file system); NULL: linked */
  gchar *dest, *rel;
  gint64 sequence, wall_us, duration_us, bytes;
} Keep;

static void
keep_free (Keep *k)
{
  g_free (k->source);
  g_free (k->dest);
  g_free (k->rel);
  g_free (k);
}

static void
keep_in_thread (GTask *task, gpointer object, gpointer task_data, GCancellable *cancel)
{
  Keep *k = task_data;
  g_autofree gchar *dir = g_path_get_dirname (k->dest);
  GError *error = NULL;
  GStatBuf st;

  if (k->source ? !copy_whole (k->source, k->dest, &error) : !sync_path (k->dest, FALSE)) {
    if (error == NULL)
      error = g_error_new (G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", k->dest,
                           g_strerror (errno));
    g_task_return_error (task, error);
    return;
  }
  if (g_stat (k->dest, &st) != 0 || !sync_path (dir, TRUE)) {
    g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s",
                             k->dest, g_strerror (errno));
    return;
  }
  k->bytes = (gint64) st.st_size;
  g_task_return_boolean (task, TRUE);
}

static void stop_active (TribuneRecorder *r, Active *a, gboolean unhook);

static void
close_active (Active *a)
{
  tribune_recording_index_end (a->recorder->store, a->recording_id);
  active_free (a);
}

static void
report_failure (Active *a, const gchar *why)
{
  if (!a->failing)
    g_warning ("meeting %" G_GINT64_FORMAT ": cannot keep a recording segment (%s). Free "
               "space in %s or make it writable: the live stream goes on, what is "
               "already recorded is kept, and recording continues (with a gap) as soon "
               "as segments can be written again.", a->meeting_id, why, a->recorder->root);
  a->failing = TRUE;
}

/* Back on the main thread: index the durable segment. */
static void
kept (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Keep *k = g_task_get_task_data (G_TASK (result));
  Active *a = k->a;
  TribuneRecorder *r = a->recorder;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !tribune_recording_index_add_segment (r->store, a->recording_id, k->sequence, k->rel,
                                            k->wall_us, k->duration_us, k->bytes, &error)) {
    report_failure (a, error ? error->message : "unknown error");
    g_unlink (k->dest);
  } else {
    r->used_bytes += (guint64) k->bytes;
    if (a->failing)
      g_message ("meeting %" G_GINT64_FORMAT ": recording segments again", a->meeting_id);
    a->failing = FALSE;
  }
  a->pending--;
  r->pending--;
  if (a->stopped && a->pending == 0)
    close_active (a);
}

/* The room's HLS writer closed a segment (main thread): keep it. */
static void
keep_segment (const gchar *path, gint64 wall_us, gint64 duration_us, gpointer user_data)
{
  Active *a = user_data;
  TribuneRecorder *r = a->recorder;
  gint64 sequence;
  g_autofree gchar *name = NULL;
  g_autofree gchar *rel = NULL;
  g_autofree gchar *dest = NULL;
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  if (duration_us <= 0)
    return;
  /* Finishing: a segment that starts after the end is not the meeting's any more. */
  if (a->finish_at_us && wall_us >= a->finish_at_us) {
    tribune_recorder_stop (r, a->meeting_id);
    return;
  }
  sequence = a->next_sequence++;
  name = g_strdup_printf ("%" G_GINT64_FORMAT ".ts", sequence);
  rel = g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%s", a->meeting_id,
                         a->recording_id, name);
  dest = g_build_filename (a->dir, name, NULL);

  /* Over a storage limit the segment is skipped (its sequence number stays unused, so
   * the archive shows the gap); nothing stored is touched. */
  if (g_stat (path, &st) == 0) {
    TribuneStorageVerdict verdict = tribune_storage_decide (
        tribune_storage_free_bytes (r->root), r->min_free_bytes, r->used_bytes, r->max_bytes,
        (guint64) st.st_size);

    if (verdict != TRIBUNE_STORAGE_OK) {
      if (a->held != verdict)
        g_warning ("meeting %" G_GINT64_FORMAT ": recording paused: %s. The live stream goes "
                   "on and what is recorded is kept; recording resumes (after a gap) when "
                   "there is room.", a->meeting_id, tribune_storage_advice (verdict));
      a->held = verdict;
      return;
    }
    if (a->held != TRIBUNE_STORAGE_OK)
      g_message ("meeting %" G_GINT64_FORMAT ": there is room again; recording resumes",
                 a->meeting_id);
    a->held = TRIBUNE_STORAGE_OK;
  }
  {
    gboolean copy = FALSE;
    Keep *k;
    GTask *task;

    if (!link_now (path, dest, &copy, &error) && !copy) {
      report_failure (a, error->message);
      return;
    }
    k = g_new0 (Keep, 1);
    k->a = a;
    k->source = copy ? g_strdup (path) : NULL;
    k->dest = g_steal_pointer (&dest);
    k->rel = g_steal_pointer (&rel);
    k->sequence = sequence;
    k->wall_us = wall_us;
    k->duration_us = duration_us;
    a->pending++;
    r->pending++;
    task = g_task_new (NULL, NULL, kept, NULL);
    g_task_set_task_data (task, k, (GDestroyNotify) keep_free);
    g_task_run_in_thread (task, keep_in_thread);
    g_object_unref (task);
  }
}

static void
on_segment_closed (const gchar *path, gint64 wall_us, gint64 duration_us, gpointer user_data)
{
  Active *a = user_data;
  TribuneRecorder *r = a->recorder;
  gint64 meeting_id = a->meeting_id;
  gboolean last = a->finish_at_us && wall_us < a->finish_at_us &&
                  wall_us + duration_us >= a->finish_at_us;

  keep_segment (path, wall_us, duration_us, user_data);
  /* The segment that was open when the meeting ended is in: the recording is whole. */
  if (last)
    tribune_recorder_stop (r, meeting_id);
}

static gboolean
finish_timed_out (gpointer user_data)
{
  Active *a = user_data;

  a->finish_timeout = 0;
  g_message ("meeting %" G_GINT64_FORMAT ": no segment after the end; the recording ends "
             "with the last one kept", a->meeting_id);
  tribune_recorder_stop (a->recorder, a->meeting_id);
  return G_SOURCE_REMOVE;
}

void
tribune_recorder_finish (TribuneRecorder *r, gint64 meeting_id)
{
  Active *a = g_hash_table_lookup (r->active, &meeting_id);

  if (a == NULL || a->finish_at_us)
    return;
  a->finish_at_us = g_get_real_time ();
  a->finish_timeout = g_timeout_add (FINISH_GRACE_MS, finish_timed_out, a);
}

TribuneRecorder *
tribune_recorder_new (TribuneStore *store, const gchar *root)
{
  TribuneRecorder *r = g_new0 (TribuneRecorder, 1);

  r->store = store;
  r->root = g_strdup (root);
  r->active = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                     (GDestroyNotify) active_free);
  r->used_bytes = tribune_recording_index_total_bytes (store);
  tribune_recording_index_close_finished (store);
  return r;
}

void
tribune_recorder_set_limits (TribuneRecorder *r, guint64 min_free_bytes, guint64 max_bytes)
{
  r->min_free_bytes = min_free_bytes;
  r->max_bytes = max_bytes;
}

void
tribune_recorder_free (TribuneRecorder *r)
{
  g_autoptr (GPtrArray) all = NULL;
  GHashTableIter iter;
  Active *a;

  if (r == NULL)
    return;
  all = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, r->active);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a))
    g_ptr_array_add (all, a);
  for (guint i = 0; i < all->len; i++)
    stop_active (r, g_ptr_array_index (all, i), FALSE);
  /* The last segments are on their way to the disk: index them before the store goes. */
  while (r->pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_hash_table_unref (r->active);
  g_free (r->root);
  g_free (r);
}

/* A new recording's directory holds no indexed file: anything there is a leftover of a
 * deleted meeting whose id was reused. */
static gboolean
prepare_dir (const gchar *dir, GError **error)
{
  g_autoptr (GDir) d = NULL;
  const gchar *name;

  if (g_mkdir_with_parents (dir, 0750) != 0) {
    int saved = errno;
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot create %s: %s",
                 dir, g_strerror (saved));
    return FALSE;
  }
  d = g_dir_open (dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)) != NULL) {
    g_autofree gchar *path = g_build_filename (dir, name, NULL);
    g_unlink (path);
  }
  return TRUE;
}

gboolean
tribune_recorder_ensure (TribuneRecorder *r, TribuneRoom *room, gint64 meeting_id,
                         GError **error)
{
  g_autofree gchar *dir = NULL;
  GHashTableIter iter;
  Active *a;
  gint64 recording_id;

  if (g_hash_table_contains (r->active, &meeting_id))
    return TRUE;
  g_hash_table_iter_init (&iter, r->active);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &a)) {
    if (a->room == room) {
      g_message ("meeting %" G_GINT64_FORMAT ": recording stops, meeting %" G_GINT64_FORMAT
                 " takes over the room", a->meeting_id, meeting_id);
      tribune_recorder_stop (r, a->meeting_id);
      break;
    }
  }
  /* Left open by a crash: close it where its last segment ends; the new row is the gap. */
  tribune_recording_index_close_open (r->store, meeting_id);
  recording_id = tribune_recording_index_begin (r->store, meeting_id, error);
  if (recording_id == 0)
    return FALSE;
  dir = g_strdup_printf ("%s/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, r->root, meeting_id,
                         recording_id);
  if (!prepare_dir (dir, error)) {
    tribune_recording_index_end (r->store, recording_id);
    return FALSE;
  }
  a = g_new0 (Active, 1);
  a->recorder = r;
  a->room = room;
  a->meeting_id = meeting_id;
  a->recording_id = recording_id;
  a->dir = g_steal_pointer (&dir);
  g_hash_table_insert (r->active, &a->meeting_id, a);
  tribune_room_set_segment_hook (room, on_segment_closed, a);
  g_message ("meeting %" G_GINT64_FORMAT ": recording %" G_GINT64_FORMAT " started in %s",
             meeting_id, recording_id, a->dir);
  return TRUE;
}

/* Out of the table, closed once its pending segments are indexed. @unhook: take the
 * segment hook off the room (not at shutdown: the rooms are gone by then). */
static void
stop_active (TribuneRecorder *r, Active *a, gboolean unhook)
{
  if (unhook)
    tribune_room_set_segment_hook (a->room, NULL, NULL);
  g_hash_table_steal (r->active, &a->meeting_id);
  if (a->finish_timeout) {
    g_source_remove (a->finish_timeout);
    a->finish_timeout = 0;
  }
  a->stopped = TRUE;
  g_message ("meeting %" G_GINT64_FORMAT ": recording %" G_GINT64_FORMAT " ended after %"
             G_GINT64_FORMAT " segments", a->meeting_id, a->recording_id, a->next_sequence);
  if (a->pending == 0)
    close_active (a);
}

void
tribune_recorder_stop (TribuneRecorder *r, gint64 meeting_id)
{
  Active *a = g_hash_table_lookup (r->active, &meeting_id);

  if (a != NULL)
    stop_active (r, a, TRUE);
}

gboolean
tribune_recorder_is_recording (TribuneRecorder *r, gint64 meeting_id)
{
  return g_hash_table_contains (r->active, &meeting_id);
}

const gchar *
tribune_recorder_root (TribuneRecorder *r)
{
  return r->root;
}
