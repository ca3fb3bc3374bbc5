/* clips.c — see clips.h.
 *
 * Lifetime: a Job belongs to clips->jobs (name → Job) from its start until its result
 * is delivered on the main context. Its worker thread touches only the job's own
 * immutable fields (files, paths) and `cancelled`; at the end it attaches an idle source
 * (held by the job) that delivers the result. tribune_clips_free cancels, joins every
 * thread and destroys the pending sources, so no callback runs after it.
 */
#include "clips.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <errno.h>
#include <string.h>

/* At most this much TS waiting in the appsrc: a clip of an evening is not read into
 * memory at once. */
#define MAX_QUEUED_BYTES (8 * 1024 * 1024)
/* A clip that takes longer than this is given up (a stuck pipeline). */
#define JOB_TIMEOUT_US (10 * 60 * G_USEC_PER_SEC)

typedef struct {
  TribuneClipReady ready;
  gpointer user_data;
} Waiter;

typedef struct {
  TribuneClips *clips;
  gchar *name;                     /* "{prefix}-{hash}.mp4" */
  gchar *prefix;
  gchar *path;                     /* cache_dir/name */
  GStrv files;
  GArray *waiters;                 /* Waiter */
  GThread *thread;
  gint cancelled;                  /* atomic */
  GError *error;                   /* set by the worker, read after the join */
  GSource *done;                   /* attached by the worker */
  GMutex lock;                     /* protects done */
} Job;

struct _TribuneClips {
  gchar *cache_dir;
  GMainContext *context;
  GHashTable *jobs;                /* name → Job*, owned */
};

static const char clip_launch[] =
  "appsrc name=src format=bytes block=false\n"
  "    caps=video/mpegts,systemstream=true,packetsize=188\n"
  "  ! tsdemux name=demux\n"
  /* Parsers right after the demuxer: delayed linking picks the pad by its caps. The
   * queues let the demuxer's one thread feed both muxer pads. */
  "demux. ! h264parse ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=10000000000\n"
  "  ! mux.\n"
  "demux. ! aacparse ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=10000000000\n"
  "  ! mux.\n"
  /* faststart: the index first, so browsers can start playing before the download ends. */
  "mp4mux name=mux faststart=true ! filesink name=sink\n";

static void
job_free (Job *job)
{
  for (guint i = 0; i < job->waiters->len; i++) {
    Waiter *w = &g_array_index (job->waiters, Waiter, i);
    g_autoptr (GError) e = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        "the server is shutting down");
    w->ready (NULL, e, w->user_data);
  }
  if (job->thread)
    g_thread_join (job->thread);
  if (job->done) {
    g_source_destroy (job->done);
    g_source_unref (job->done);
  }
  g_array_unref (job->waiters);
  g_strfreev (job->files);
  g_clear_error (&job->error);
  g_mutex_clear (&job->lock);
  g_free (job->name);
  g_free (job->prefix);
  g_free (job->path);
  g_free (job);
}

/* Worker: feed the files, wait for EOS or an error. */
static gboolean
remux (Job *job, const gchar *out, GError **error)
{
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstElement) src = NULL, sink = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GError) local = NULL;
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_US;
  gboolean ok = FALSE;

  pipeline = gst_parse_launch_full (clip_launch, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local);
  if (pipeline == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s (install "
                 "gstreamer1.0-plugins-good and -bad)", local->message);
    return FALSE;
  }
  gst_object_ref_sink (pipeline);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", out, NULL);
  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the clip pipeline would not start");
    goto out;
  }
  for (guint i = 0; job->files[i]; i++) {
    gchar *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents (job->files[i], &data, &len, error))
      goto out;
    gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_new_wrapped (data, len));
    /* Wait for room, watching for errors and cancellation (never block in a push). */
    while (gst_app_src_get_current_level_bytes (GST_APP_SRC (src)) > MAX_QUEUED_BYTES) {
      g_autoptr (GstMessage) m = gst_bus_timed_pop_filtered (bus, 20 * GST_MSECOND,
                                                             GST_MESSAGE_ERROR);
      if (m || g_atomic_int_get (&job->cancelled) || g_get_monotonic_time () > deadline) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the clip could not be made");
        goto out;
      }
    }
  }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  while (!ok) {
    g_autoptr (GstMessage) m = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND,
                                                           GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    if (m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_EOS) {
      ok = TRUE;
    } else if (m) {
      g_autoptr (GError) e = NULL;
      gst_message_parse_error (m, &e, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "making the clip failed: %s",
                   e->message);
      break;
    } else if (g_atomic_int_get (&job->cancelled) || g_get_monotonic_time () > deadline) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "making the clip took too long");
      break;
    }
  }
out:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static gboolean deliver (gpointer user_data);

static gpointer
worker (gpointer user_data)
{
  Job *job = user_data;
  g_autofree gchar *part = g_strconcat (job->path, ".part", NULL);
  GSource *done;

  if (remux (job, part, &job->error) && g_rename (part, job->path) != 0)
    g_set_error (&job->error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s",
                 job->path, g_strerror (errno));
  if (job->error)
    g_unlink (part);
  done = g_idle_source_new ();
  g_source_set_callback (done, deliver, job, NULL);
  g_mutex_lock (&job->lock);
  job->done = done;
  g_source_attach (done, job->clips->context);
  g_mutex_unlock (&job->lock);
  return NULL;
}

/* Old clips of the same item (another hash) are outdated. */
static void
remove_older (TribuneClips *clips, const gchar *prefix, const gchar *keep)
{
  g_autoptr (GDir) d = g_dir_open (clips->cache_dir, 0, NULL);
  g_autofree gchar *start = g_strconcat (prefix, "-", NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d)) != NULL) {
    if (g_str_has_prefix (name, start) && !g_str_equal (name, keep) &&
        g_str_has_suffix (name, ".mp4") && !g_hash_table_contains (clips->jobs, name)) {
      g_autofree gchar *path = g_build_filename (clips->cache_dir, name, NULL);
      g_unlink (path);
    }
  }
}

/* Main context: hand the result to every waiter, then forget the job. */
static gboolean
deliver (gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (GArray) waiters = job->waiters;

  job->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_thread_join (job->thread);
  job->thread = NULL;
  if (job->error)
    g_warning ("clip %s: %s", job->name, job->error->message);
  else
    remove_older (job->clips, job->prefix, job->name);
  for (guint i = 0; i < waiters->len; i++) {
    Waiter *w = &g_array_index (waiters, Waiter, i);
    w->ready (job->error ? NULL : job->path, job->error, w->user_data);
  }
  /* Frees the job; the source is being dispatched, destroying it here is allowed. */
  g_hash_table_remove (job->clips->jobs, job->name);
  return G_SOURCE_REMOVE;
}

TribuneClips *
tribune_clips_new (const gchar *cache_dir)
{
  TribuneClips *clips = g_new0 (TribuneClips, 1);

  clips->cache_dir = g_strdup (cache_dir);
  clips->context = g_main_context_ref_thread_default ();
  clips->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) job_free);
  g_mkdir_with_parents (cache_dir, 0750);
  return clips;
}

void
tribune_clips_free (TribuneClips *clips)
{
  GHashTableIter iter;
  Job *job;

  if (clips == NULL)
    return;
  g_hash_table_iter_init (&iter, clips->jobs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &job))
    g_atomic_int_set (&job->cancelled, 1);
  g_hash_table_unref (clips->jobs);      /* joins the threads */
  g_main_context_unref (clips->context);
  g_free (clips->cache_dir);
  g_free (clips);
}

void
tribune_clips_get (TribuneClips *clips, const gchar *prefix, const gchar *const *files,
                   TribuneClipReady ready, gpointer user_data)
{
  g_autofree gchar *joined = g_strjoinv ("\n", (GStrv) files);
  g_autofree gchar *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);
  g_autofree gchar *name = g_strdup_printf ("%s-%.16s.mp4", prefix, hash);
  Waiter w = { ready, user_data };
  Job *job = g_hash_table_lookup (clips->jobs, name);
  g_autofree gchar *path = NULL;

  if (job) {
    g_array_append_val (job->waiters, w);
    return;
  }
  path = g_build_filename (clips->cache_dir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR)) {
    ready (path, NULL, user_data);
    return;
  }
  g_mkdir_with_parents (clips->cache_dir, 0750);
  job = g_new0 (Job, 1);
  job->clips = clips;
  job->name = g_steal_pointer (&name);
  job->prefix = g_strdup (prefix);
  job->path = g_steal_pointer (&path);
  job->files = g_strdupv ((GStrv) files);
  job->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  g_array_append_val (job->waiters, w);
  g_mutex_init (&job->lock);
  g_hash_table_insert (clips->jobs, job->name, job);
  job->thread = g_thread_new ("tribune-clip", worker, job);
}
