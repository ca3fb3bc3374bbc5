/* mix-minus.c — see mix-minus.h. */
#include "mix-minus.h"
#include "tribune-error.h"

typedef struct {
  gchar *group;
  GstElement *tee;                 /* not owned (a ref) */
} Voice;

typedef struct {
  gchar *group;
  GstElement *mixer;               /* a ref */
  GPtrArray *elements;             /* created here (mixer … appsink), to drop at removal */
  TribunePacketTap *tap;           /* NULL for a registered mixer */
} Listener;

typedef struct {
  GstElement *tee;                 /* a ref */
  GstElement *mixer;               /* a ref */
  GstPad *tee_pad;                 /* request pads, refs */
  GstPad *mixer_pad;
} Link;

struct _TribuneMixMinus {
  GstElement *pipeline;
  GstElement *silence;
  GPtrArray *voices;               /* Voice* */
  GPtrArray *listeners;            /* Listener* */
  GPtrArray *links;                /* Link* */
};

static void
voice_free (Voice *v)
{
  g_free (v->group);
  gst_object_unref (v->tee);
  g_free (v);
}

static void
link_free (Link *l)
{
  gst_object_unref (l->tee_pad);
  gst_object_unref (l->mixer_pad);
  gst_object_unref (l->tee);
  gst_object_unref (l->mixer);
  g_free (l);
}

static void
listener_free (Listener *l)
{
  g_free (l->group);
  gst_object_unref (l->mixer);
  g_ptr_array_unref (l->elements);
  tribune_packet_tap_free (l->tap);
  g_free (l);
}

TribuneMixMinus *
tribune_mix_minus_new (GstElement *pipeline, GstElement *silence_tee)
{
  TribuneMixMinus *mm = g_new0 (TribuneMixMinus, 1);

  mm->pipeline = gst_object_ref (pipeline);
  mm->silence = gst_object_ref (silence_tee);
  mm->voices = g_ptr_array_new_with_free_func ((GDestroyNotify) voice_free);
  mm->listeners = g_ptr_array_new_with_free_func ((GDestroyNotify) listener_free);
  mm->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  return mm;
}

void
tribune_mix_minus_free (TribuneMixMinus *mm)
{
  if (mm == NULL)
    return;
  g_ptr_array_unref (mm->links);
  g_ptr_array_unref (mm->listeners);
  g_ptr_array_unref (mm->voices);
  gst_object_unref (mm->silence);
  gst_object_unref (mm->pipeline);
  g_free (mm);
}

/* The mixer must already be PLAYING when a tee pad is linked to it: a tee passes a
 * FLUSHING return from any branch up to its source, which would stop that voice. */
static void
connect (TribuneMixMinus *mm, GstElement *tee, GstElement *mixer)
{
  Link *l = g_new0 (Link, 1);

  l->tee = gst_object_ref (tee);
  l->mixer = gst_object_ref (mixer);
  l->tee_pad = gst_element_request_pad_simple (tee, "src_%u");
  l->mixer_pad = gst_element_request_pad_simple (mixer, "sink_%u");
  if (l->tee_pad == NULL || l->mixer_pad == NULL ||
      gst_pad_link (l->tee_pad, l->mixer_pad) != GST_PAD_LINK_OK) {
    g_warning ("mix-minus: could not link %s into %s; that voice is missing from one mix",
               GST_OBJECT_NAME (tee), GST_OBJECT_NAME (mixer));
    if (l->tee_pad)
      gst_element_release_request_pad (tee, l->tee_pad);
    if (l->mixer_pad)
      gst_element_release_request_pad (mixer, l->mixer_pad);
    gst_clear_object (&l->tee_pad);
    gst_clear_object (&l->mixer_pad);
    gst_object_unref (l->tee);
    gst_object_unref (l->mixer);
    g_free (l);
    return;
  }
  g_ptr_array_add (mm->links, l);
}

/* One cut in progress. Shared by the caller and the pad probe, which may run on a
 * streaming thread after the caller has given up waiting: reference-counted, and `done`
 * (under the shared lock) says which of the two did the unlink. */
typedef struct {
  gint refs;
  gboolean done;
  GstPad *peer;                    /* a ref */
} Cut;

static GMutex cut_lock;
static GCond cut_cond;

static void
cut_unref (gpointer data)
{
  Cut *c = data;

  if (g_atomic_int_dec_and_test (&c->refs)) {
    gst_object_unref (c->peer);
    g_free (c);
  }
}

static GstPadProbeReturn
unlink_when_idle (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Cut *c = user_data;

  g_mutex_lock (&cut_lock);
  if (!c->done) {
    gst_pad_unlink (pad, c->peer);
    c->done = TRUE;
    g_cond_broadcast (&cut_cond);
  }
  g_mutex_unlock (&cut_lock);
  return GST_PAD_PROBE_REMOVE;
}

/* Cut links between pushes, then release their pads. An IDLE probe runs at once when
 * its pad is idle, else right after the push in flight (a few ms of audio). All cuts of
 * one removal wait together, at most 500 ms in all: the main loop must not stall for
 * each link of a participant who leaves. */
static void
disconnect_all (GPtrArray *links)
{
  g_autoptr (GPtrArray) cuts = g_ptr_array_new_with_free_func (cut_unref);
  gint64 deadline = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
  gboolean waiting = TRUE;
  guint forced = 0;

  for (guint i = 0; i < links->len; i++) {
    Link *l = g_ptr_array_index (links, i);
    Cut *c = g_new0 (Cut, 1);

    c->refs = 2;                   /* this function, and the probe until it is removed */
    c->peer = gst_object_ref (l->mixer_pad);
    g_ptr_array_add (cuts, c);
    gst_pad_add_probe (l->tee_pad, GST_PAD_PROBE_TYPE_IDLE, unlink_when_idle, c, cut_unref);
  }
  g_mutex_lock (&cut_lock);
  while (waiting) {
    waiting = FALSE;
    for (guint i = 0; i < cuts->len && !waiting; i++)
      waiting = !((Cut *) g_ptr_array_index (cuts, i))->done;
    if (waiting && !g_cond_wait_until (&cut_cond, &cut_lock, deadline))
      break;
  }
  g_mutex_unlock (&cut_lock);

  for (guint i = 0; i < links->len; i++) {
    Link *l = g_ptr_array_index (links, i);
    Cut *c = g_ptr_array_index (cuts, i);
    gboolean cut_by_probe;

    g_mutex_lock (&cut_lock);
    cut_by_probe = c->done;
    c->done = TRUE;                /* a late probe now does nothing */
    g_mutex_unlock (&cut_lock);
    if (!cut_by_probe) {
      /* The probe stays until that push returns (or the pad goes) and then does
       * nothing: it holds its own reference to the cut.
       * A push stuck in the mixer (it waits for its other inputs, or a stopped
       * pipeline): unlinking is safe while it runs, and releasing the tee's pad first
       * makes the tee count that push as "not linked", not as a flush of the voice. */
      gst_pad_unlink (l->tee_pad, l->mixer_pad);
      forced++;
    }
    gst_element_release_request_pad (l->tee, l->tee_pad);
    gst_element_release_request_pad (l->mixer, l->mixer_pad);
  }
  if (forced > 0)
    g_message ("mix-minus: %u of %u sound links were still busy after 500 ms; cut while "
               "pushing", forced, links->len);
}

void
tribune_mix_minus_add_voice (TribuneMixMinus *mm, const gchar *group, GstElement *tee)
{
  Voice *v = g_new0 (Voice, 1);

  v->group = g_strdup (group);
  v->tee = gst_object_ref (tee);
  /* A branch being cut returns NOT_LINKED for a moment; that must not stop the voice. */
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  g_ptr_array_add (mm->voices, v);
  for (guint i = 0; i < mm->listeners->len; i++) {
    Listener *l = g_ptr_array_index (mm->listeners, i);
    if (g_strcmp0 (l->group, group) != 0)
      connect (mm, tee, l->mixer);
  }
}

static Listener *
add_listener (TribuneMixMinus *mm, const gchar *group, GstElement *mixer)
{
  Listener *l = g_new0 (Listener, 1);

  l->group = g_strdup (group);
  l->mixer = gst_object_ref (mixer);
  l->elements = g_ptr_array_new_with_free_func (gst_object_unref);
  g_ptr_array_add (mm->listeners, l);
  return l;
}

static void
feed_listener (TribuneMixMinus *mm, Listener *l)
{
  connect (mm, mm->silence, l->mixer);
  for (guint i = 0; i < mm->voices->len; i++) {
    Voice *v = g_ptr_array_index (mm->voices, i);
    if (g_strcmp0 (v->group, l->group) != 0)
      connect (mm, v->tee, l->mixer);
  }
}

void
tribune_mix_minus_add_mixer (TribuneMixMinus *mm, const gchar *group, GstElement *mixer)
{
  Listener *l = add_listener (mm, group, mixer);

  /* The program's mixer has its silence from the launch string already. */
  for (guint i = 0; i < mm->voices->len; i++) {
    Voice *v = g_ptr_array_index (mm->voices, i);
    if (g_strcmp0 (v->group, l->group) != 0)
      connect (mm, v->tee, l->mixer);
  }
}

/* A listener's chain, "audiomixer → caps → opusenc → rtpopuspay → appsink", sink first
 * (the order to bring them to PLAYING, so nothing pushes into a stopped element). */
static GPtrArray *
make_listener_chain (guint32 ssrc)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func (gst_object_unref);
  g_autoptr (GstCaps) caps = gst_caps_from_string (
      "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2");
  GstElement *e[5] = {
    gst_element_factory_make ("appsink", NULL),
    gst_element_factory_make ("rtpopuspay", NULL),
    gst_element_factory_make ("opusenc", NULL),
    gst_element_factory_make ("capsfilter", NULL),
    gst_element_factory_make ("audiomixer", NULL),
  };

  for (guint i = 0; i < G_N_ELEMENTS (e); i++) {
    if (e[i] == NULL) {
      for (guint j = 0; j < G_N_ELEMENTS (e); j++)
        if (e[j])
          gst_object_unref (gst_object_ref_sink (e[j]));
      g_ptr_array_unref (chain);
      return NULL;
    }
  }
  g_object_set (e[0], "sync", FALSE, "async", FALSE, "emit-signals", FALSE,
                "max-buffers", 50u, "drop", TRUE, NULL);
  g_object_set (e[1], "pt", 111u, "mtu", 1200u, "ssrc", ssrc, NULL);
  /* 48 kbit/s: a voice mix for one listener; 20 ms frames as WebRTC expects. */
  g_object_set (e[2], "bitrate", 48000, NULL);
  gst_util_set_object_arg (G_OBJECT (e[2]), "frame-size", "20");
  g_object_set (e[3], "caps", caps, NULL);
  /* start-time-selection=first: start at the running time of the first input, not at
   * 0 — a mixer added three hours into a meeting would otherwise mix three hours of
   * silence in a burst before reaching now. */
  g_object_set (e[4], "latency", (guint64) 40 * GST_MSECOND, NULL);
  gst_util_set_object_arg (G_OBJECT (e[4]), "start-time-selection", "first");
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    g_ptr_array_add (chain, gst_object_ref_sink (e[i]));
  return chain;
}

TribunePacketTap *
tribune_mix_minus_add_listener (TribuneMixMinus *mm, const gchar *group, guint32 ssrc,
                                GError **error)
{
  g_autoptr (GPtrArray) chain = make_listener_chain (ssrc);
  Listener *l;

  if (chain == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "cannot build a participant's sound mix: install gstreamer1.0-plugins-base "
                 "and gstreamer1.0-plugins-good");
    return NULL;
  }
  for (guint i = 0; i < chain->len; i++)
    gst_bin_add (GST_BIN (mm->pipeline), g_ptr_array_index (chain, i));
  for (guint i = chain->len - 1; i > 0; i--) {
    GstElement *up = g_ptr_array_index (chain, i), *down = g_ptr_array_index (chain, i - 1);
    if (!gst_element_link (up, down)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                   "cannot link a participant's sound mix (%s → %s)",
                   GST_OBJECT_NAME (up), GST_OBJECT_NAME (down));
      for (guint j = 0; j < chain->len; j++)
        gst_bin_remove (GST_BIN (mm->pipeline), g_ptr_array_index (chain, j));
      return NULL;
    }
  }
  l = add_listener (mm, group, g_ptr_array_index (chain, chain->len - 1));
  l->tap = tribune_packet_tap_new (g_ptr_array_index (chain, 0));
  /* A participant's player may ask before the first packet: it needs the SSRC then. */
  tribune_packet_tap_set_ssrc (l->tap, ssrc);
  for (guint i = 0; i < chain->len; i++) {
    gst_element_sync_state_with_parent (g_ptr_array_index (chain, i));
    g_ptr_array_add (l->elements, gst_object_ref (g_ptr_array_index (chain, i)));
  }
  feed_listener (mm, l);
  return l->tap;
}

static void
drop_links_where (TribuneMixMinus *mm, GstElement *tee, GstElement *mixer)
{
  g_autoptr (GPtrArray) gone = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);

  for (guint i = mm->links->len; i > 0; i--) {
    Link *l = g_ptr_array_index (mm->links, i - 1);
    if ((tee && l->tee == tee) || (mixer && l->mixer == mixer))
      g_ptr_array_add (gone, g_ptr_array_steal_index (mm->links, i - 1));
  }
  disconnect_all (gone);
}

void
tribune_mix_minus_remove_group (TribuneMixMinus *mm, const gchar *group)
{
  for (guint i = mm->voices->len; i > 0; i--) {
    Voice *v = g_ptr_array_index (mm->voices, i - 1);
    if (g_strcmp0 (v->group, group) == 0) {
      drop_links_where (mm, v->tee, NULL);
      g_ptr_array_remove_index (mm->voices, i - 1);
    }
  }
  for (guint i = mm->listeners->len; i > 0; i--) {
    Listener *l = g_ptr_array_index (mm->listeners, i - 1);
    if (g_strcmp0 (l->group, group) != 0)
      continue;
    drop_links_where (mm, NULL, l->mixer);
    /* Stop the chain from the mixer down, then take it out of the program. */
    for (guint j = l->elements->len; j > 0; j--) {
      GstElement *e = g_ptr_array_index (l->elements, j - 1);
      gst_element_set_locked_state (e, TRUE);
      gst_element_set_state (e, GST_STATE_NULL);
      gst_bin_remove (GST_BIN (mm->pipeline), e);
    }
    g_ptr_array_remove_index (mm->listeners, i - 1);
  }
}
