/* source-input.c — the room's own source pipeline and its restart policy.
 * See source-input.h. */
#include "source-input.h"
#include "tribune-error.h"

struct _TribuneSourceInput {
  const TribuneRoomConfig *room;
  TribuneBridge *bridge;
  GstElement *pipeline;
  guint bus_watch;
  guint retry_source;
  guint retry_delay_ms;
  guint restarts;
  gboolean have_video, have_audio;  /* a decodebin pad is linked; streaming thread + lock */
  GMutex link_lock;
};

/* Launch descriptions. User-provided values (URL, device) are NOT put in here; they are
 * set as properties after parsing, so no value can inject pipeline syntax. */
gchar *
tribune_source_input_describe (const TribuneRoomConfig *room)
{
  switch (room->source) {
    case TRIBUNE_SOURCE_TEST:
      return g_strdup_printf (
        "videotestsrc is-live=true pattern=smpte horizontal-speed=4\n"
        "  ! video/x-raw,width=%u,height=%u,framerate=%u/1\n"
        "  ! clockoverlay halignment=right valignment=top font-desc=\"Sans 24\"\n"
        "      time-format=\"%%H:%%M:%%S\" shaded-background=true\n"
        /* Top left: the bottom of the picture is the program's lower third. */
        "  ! textoverlay name=title halignment=left valignment=top\n"
        "      font-desc=\"Sans Bold 24\" shaded-background=true\n"
        "  ! identity name=video\n"
        "audiotestsrc is-live=true wave=sine freq=440 volume=0.05\n"
        "  ! identity name=audio\n",
        room->width, room->height, room->framerate);
    case TRIBUNE_SOURCE_RTSP:
    case TRIBUNE_SOURCE_SRT:
      return g_strdup ("uridecodebin name=decode\n");
    case TRIBUNE_SOURCE_V4L2:
      if (room->audio_device)
        return g_strdup ("v4l2src name=camera ! decodebin name=decode\n"
                         "pulsesrc name=mic ! identity name=audio\n");
      return g_strdup ("v4l2src name=camera ! decodebin name=decode\n");
    case TRIBUNE_SOURCE_PULSE:
      return g_strdup ("pulsesrc name=mic ! identity name=audio\n");
    case TRIBUNE_SOURCE_NONE:
    case TRIBUNE_SOURCE_WHIP:
      break;
  }
  return NULL;
}

static void schedule_retry (TribuneSourceInput *input);

static void
link_to_tail (TribuneSourceInput *input, GstPad *pad, gboolean video)
{
  g_autoptr (GError) error = NULL;
  GstElement *tail = video ? tribune_bridge_make_video_tail (input->bridge, &error)
                           : tribune_bridge_make_audio_tail (input->bridge, &error);
  g_autoptr (GstPad) sink = NULL;

  if (tail == NULL) {
    g_warning ("room %s: %s", input->room->id, error->message);
    return;
  }
  gst_bin_add (GST_BIN (input->pipeline), tail);
  sink = gst_element_get_static_pad (tail, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_warning ("room %s: could not link the source's %s", input->room->id,
               video ? "video" : "audio");
  gst_element_sync_state_with_parent (tail);
}

/* decodebin/uridecodebin: streaming thread. Link the first video and audio pad. */
static void
on_pad_added (GstElement *decode, GstPad *pad, gpointer user_data)
{
  TribuneSourceInput *input = user_data;
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const gchar *name;
  gboolean video, take;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  video = g_str_has_prefix (name, "video/x-raw");
  if (!video && !g_str_has_prefix (name, "audio/x-raw"))
    return;

  g_mutex_lock (&input->link_lock);
  take = video ? !input->have_video : !input->have_audio;
  if (video)
    input->have_video = TRUE;
  else
    input->have_audio = TRUE;
  g_mutex_unlock (&input->link_lock);
  if (take)
    link_to_tail (input, pad, video);
}

static void
link_static (TribuneSourceInput *input, const gchar *name, gboolean video)
{
  g_autoptr (GstElement) e = gst_bin_get_by_name (GST_BIN (input->pipeline), name);
  g_autoptr (GstPad) pad = NULL;

  if (e == NULL)
    return;
  pad = gst_element_get_static_pad (e, "src");
  link_to_tail (input, pad, video);
}

/* uridecodebin made its source (rtspsrc or srtsrc): keep its latency low. rtspsrc's
 * default jitter buffer is 2 s; a meeting camera on a LAN needs far less. */
static void
on_source_setup (GstElement *decode, GstElement *source, gpointer user_data)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (source), "latency")) {
    if (G_IS_PARAM_SPEC_UINT (g_object_class_find_property (G_OBJECT_GET_CLASS (source),
                                                           "latency")))
      g_object_set (source, "latency", 200u, NULL);
    else
      g_object_set (source, "latency", 200, NULL);
  }
}

static const gchar *
hint_for (const TribuneRoomConfig *room)
{
  switch (room->source) {
    case TRIBUNE_SOURCE_RTSP: return "check that the camera is on and the url is right";
    case TRIBUNE_SOURCE_SRT: return "waiting for an SRT caller again";
    case TRIBUNE_SOURCE_V4L2: return "check that the camera is plugged in (video_device)";
    case TRIBUNE_SOURCE_PULSE: return "check the microphone (audio_device) and PulseAudio";
    default: return "run with GST_DEBUG=3 for details";
  }
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  TribuneSourceInput *input = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_autoptr (GError) err = NULL;
    g_autofree gchar *debug = NULL;

    gst_message_parse_error (msg, &err, &debug);
    g_warning ("room %s: source failed: %s; %s; retrying in %u ms", input->room->id,
               err->message, hint_for (input->room), input->retry_delay_ms);
    schedule_retry (input);
    return G_SOURCE_REMOVE;
  }
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
    g_message ("room %s: source ended; %s; retrying in %u ms", input->room->id,
               hint_for (input->room), input->retry_delay_ms);
    schedule_retry (input);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static void
stop_pipeline (TribuneSourceInput *input)
{
  if (input->bus_watch)
    g_source_remove (input->bus_watch);
  input->bus_watch = 0;
  if (input->pipeline) {
    gst_element_set_state (input->pipeline, GST_STATE_NULL);
    gst_clear_object (&input->pipeline);
  }
}

static gboolean
build_pipeline (TribuneSourceInput *input, GError **error)
{
  g_autofree gchar *desc = tribune_source_input_describe (input->room);
  g_autoptr (GError) local = NULL;
  g_autoptr (GstElement) e = NULL;
  g_autoptr (GstBus) bus = NULL;

  input->pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local);
  if (input->pipeline == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN, "%s", local->message);
    return FALSE;
  }
  if (!GST_IS_PIPELINE (input->pipeline)) {
    /* A one-element description (uridecodebin) comes back as a bare element, with no
     * bus: give it a pipeline of its own. */
    GstElement *pipeline = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (pipeline), input->pipeline);
    input->pipeline = pipeline;
  }
  gst_object_ref_sink (input->pipeline);
  input->have_video = input->have_audio = FALSE;

  if ((e = gst_bin_get_by_name (GST_BIN (input->pipeline), "title")) != NULL) {
    /* textoverlay parses Pango markup: escape the configured title. */
    g_autofree gchar *escaped = g_markup_escape_text (input->room->title, -1);
    g_object_set (e, "text", escaped, NULL);
    gst_clear_object (&e);
  }
  if ((e = gst_bin_get_by_name (GST_BIN (input->pipeline), "camera")) != NULL) {
    g_object_set (e, "device", input->room->video_device, NULL);
    gst_clear_object (&e);
  }
  if ((e = gst_bin_get_by_name (GST_BIN (input->pipeline), "mic")) != NULL) {
    if (input->room->audio_device)
      g_object_set (e, "device", input->room->audio_device, NULL);
    gst_clear_object (&e);
  }
  if ((e = gst_bin_get_by_name (GST_BIN (input->pipeline), "decode")) != NULL) {
    if (input->room->source == TRIBUNE_SOURCE_RTSP)
      g_object_set (e, "uri", input->room->url, NULL);
    else if (input->room->source == TRIBUNE_SOURCE_SRT) {
      g_autofree gchar *uri =
        g_strdup_printf ("srt://:%u?mode=listener", input->room->srt_port);
      g_object_set (e, "uri", uri, NULL);
    }
    g_signal_connect (e, "pad-added", G_CALLBACK (on_pad_added), input);
    g_signal_connect (e, "source-setup", G_CALLBACK (on_source_setup), input);
    gst_clear_object (&e);
  }
  link_static (input, "video", TRUE);
  link_static (input, "audio", FALSE);

  bus = gst_element_get_bus (input->pipeline);
  input->bus_watch = gst_bus_add_watch (bus, on_bus_message, input);
  return TRUE;
}

static gboolean
retry_cb (gpointer user_data)
{
  TribuneSourceInput *input = user_data;

  input->retry_source = 0;
  input->restarts++;
  tribune_source_input_start (input);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (TribuneSourceInput *input)
{
  /* The bus watch is removed by returning G_SOURCE_REMOVE from its callback. */
  input->bus_watch = 0;
  if (input->pipeline) {
    gst_element_set_state (input->pipeline, GST_STATE_NULL);
    gst_clear_object (&input->pipeline);
  }
  if (input->retry_source == 0)
    input->retry_source = g_timeout_add (input->retry_delay_ms, retry_cb, input);
  input->retry_delay_ms = MIN (input->retry_delay_ms * 2, 10000);
}

TribuneSourceInput *
tribune_source_input_new (const TribuneRoomConfig *room, TribuneBridge *bridge)
{
  TribuneSourceInput *input;

  if (room->source == TRIBUNE_SOURCE_NONE || room->source == TRIBUNE_SOURCE_WHIP)
    return NULL;
  input = g_new0 (TribuneSourceInput, 1);
  input->room = room;
  input->bridge = bridge;
  input->retry_delay_ms = 1000;
  g_mutex_init (&input->link_lock);
  return input;
}

void
tribune_source_input_start (TribuneSourceInput *input)
{
  g_autoptr (GError) error = NULL;

  stop_pipeline (input);
  tribune_bridge_reset (input->bridge);
  if (!build_pipeline (input, &error)) {
    g_warning ("room %s: cannot build the %s source: %s; retrying in %u ms",
               input->room->id, tribune_source_kind_to_string (input->room->source),
               error->message, input->retry_delay_ms);
    schedule_retry (input);
    return;
  }
  if (gst_element_set_state (input->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_warning ("room %s: the %s source would not start; %s; retrying in %u ms",
               input->room->id, tribune_source_kind_to_string (input->room->source),
               hint_for (input->room), input->retry_delay_ms);
    stop_pipeline (input);
    schedule_retry (input);
    return;
  }
}

void
tribune_source_input_note_frames (TribuneSourceInput *input)
{
  /* Frames flow again: the next failure starts with a short back-off. */
  if (input)
    input->retry_delay_ms = 1000;
}

guint
tribune_source_input_restarts (TribuneSourceInput *input)
{
  return input ? input->restarts : 0;
}

void
tribune_source_input_free (TribuneSourceInput *input)
{
  if (input == NULL)
    return;
  if (input->retry_source)
    g_source_remove (input->retry_source);
  stop_pipeline (input);
  g_mutex_clear (&input->link_lock);
  g_free (input);
}
