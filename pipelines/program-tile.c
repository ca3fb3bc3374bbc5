/* program-tile.c — see program-tile.h. */
#include "program-tile.h"
#include "tribune-error.h"

struct _TribuneProgramTile {
  TribuneProgram *program;       /* not owned; outlives its tiles */
  gchar *key;
  GstElement *vsrc, *asrc, *volume, *level, *tee;   /* refs; in the program */
  GstPad *compositor_pad;
  TribunePacketTap *return_tap;  /* owned by the mix-minus */
};

static GstElement *
make_appsrc (GstCaps *caps)
{
  GstElement *src = gst_element_factory_make ("appsrc", NULL);

  /* As the program's layers: leaky, non-blocking, and a max latency the mixers accept. */
  g_object_set (src, "is-live", TRUE, "format", GST_FORMAT_TIME, "block", FALSE,
                "max-buffers", (guint64) 8, "leaky-type", 2, "caps", caps,
                "min-latency", (gint64) 0, "max-latency", (gint64) GST_SECOND, NULL);
  return src;
}

TribuneProgramTile *
tribune_program_tile_new (TribuneProgram *program, const gchar *key, GError **error)
{
  TribuneProgramTile *t = g_new0 (TribuneProgramTile, 1);
  GstElement *pipeline = tribune_program_get_pipeline (program);
  g_autofree gchar *level_name = g_strdup_printf ("vu:%s:0", key);
  guint width, height, framerate;
  g_autoptr (GstCaps) vcaps = NULL;
  g_autoptr (GstCaps) acaps = gst_caps_from_string (
      "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2");
  g_autoptr (GstPad) vsrc_pad = NULL;

  tribune_program_get_size (program, &width, &height, &framerate);
  vcaps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                               "width", G_TYPE_INT, TRIBUNE_TILE_WIDTH,
                               "height", G_TYPE_INT, TRIBUNE_TILE_HEIGHT,
                               "framerate", GST_TYPE_FRACTION, (gint) framerate, 1,
                               "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  t->program = program;
  t->key = g_strdup (key);
  t->vsrc = gst_object_ref (make_appsrc (vcaps));
  t->asrc = gst_object_ref (make_appsrc (acaps));
  t->volume = gst_object_ref (gst_element_factory_make ("volume", NULL));
  t->level = gst_object_ref (gst_element_factory_make ("level", level_name));
  t->tee = gst_object_ref (gst_element_factory_make ("tee", NULL));
  g_object_set (t->level, "interval", (guint64) 100 * GST_MSECOND, "post-messages", TRUE,
                NULL);
  g_object_set (t->tee, "allow-not-linked", TRUE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), t->vsrc, t->asrc, t->volume, t->level, t->tee, NULL);
  if (!gst_element_link_many (t->asrc, t->volume, t->level, t->tee, NULL)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "participant %s: could not link their sound into the program", key);
    tribune_program_tile_free (t);
    return NULL;
  }
  /* Hidden until the layout places it. */
  t->compositor_pad = gst_element_request_pad_simple (
      tribune_program_get_compositor (program), "sink_%u");
  g_object_set (t->compositor_pad, "alpha", 0.0, "zorder", 10u, NULL);
  vsrc_pad = gst_element_get_static_pad (t->vsrc, "src");
  if (gst_pad_link (vsrc_pad, t->compositor_pad) != GST_PAD_LINK_OK) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_PIPELINE,
                 "participant %s: could not link their picture into the program", key);
    tribune_program_tile_free (t);
    return NULL;
  }
  /* Downstream first: the tee must play before anything pushes through it. */
  gst_element_sync_state_with_parent (t->tee);
  gst_element_sync_state_with_parent (t->level);
  gst_element_sync_state_with_parent (t->volume);
  gst_element_sync_state_with_parent (t->asrc);
  gst_element_sync_state_with_parent (t->vsrc);

  /* Their own mix first (everyone else), then their voice into every other mix. */
  t->return_tap = tribune_mix_minus_add_listener (tribune_program_get_mix_minus (program),
                                                  key, g_random_int (), error);
  if (t->return_tap == NULL) {
    tribune_program_tile_free (t);
    return NULL;
  }
  tribune_mix_minus_add_voice (tribune_program_get_mix_minus (program), key, t->tee);
  return t;
}

static void
stop_and_remove (GstElement *pipeline, GstElement **e)
{
  if (*e == NULL)
    return;
  gst_element_set_locked_state (*e, TRUE);
  gst_element_set_state (*e, GST_STATE_NULL);
  if (GST_OBJECT_PARENT (*e) == GST_OBJECT (pipeline))
    gst_bin_remove (GST_BIN (pipeline), *e);
  gst_clear_object (e);
}

void
tribune_program_tile_free (TribuneProgramTile *t)
{
  GstElement *pipeline;

  if (t == NULL)
    return;
  pipeline = tribune_program_get_pipeline (t->program);
  /* Out of every mix first (cut between pushes), then stop the tile's own elements. */
  tribune_mix_minus_remove_group (tribune_program_get_mix_minus (t->program), t->key);
  if (t->compositor_pad) {
    GstElement *vmix = tribune_program_get_compositor (t->program);

    /* Stop the appsrc before its compositor pad goes: nothing pushes into a released
     * pad. */
    stop_and_remove (pipeline, &t->vsrc);
    gst_element_release_request_pad (vmix, t->compositor_pad);
    gst_clear_object (&t->compositor_pad);
  }
  stop_and_remove (pipeline, &t->vsrc);
  stop_and_remove (pipeline, &t->asrc);
  stop_and_remove (pipeline, &t->volume);
  stop_and_remove (pipeline, &t->level);
  stop_and_remove (pipeline, &t->tee);
  g_free (t->key);
  g_free (t);
}

GstAppSrc *
tribune_program_tile_video (TribuneProgramTile *t)
{
  return GST_APP_SRC (t->vsrc);
}

GstAppSrc *
tribune_program_tile_audio (TribuneProgramTile *t)
{
  return GST_APP_SRC (t->asrc);
}

TribunePacketTap *
tribune_program_tile_return_tap (TribuneProgramTile *t)
{
  return t->return_tap;
}

void
tribune_program_tile_place (TribuneProgramTile *t, const TribuneTileRect *r)
{
  g_object_set (t->compositor_pad, "xpos", r->x, "ypos", r->y, "width", r->width,
                "height", r->height, "alpha", r->visible ? 1.0 : 0.0,
                "zorder", (guint) (r->zorder ? 40 : 10), NULL);
}

void
tribune_program_tile_set_muted (TribuneProgramTile *t, gboolean muted)
{
  g_object_set (t->volume, "mute", muted, NULL);
}
