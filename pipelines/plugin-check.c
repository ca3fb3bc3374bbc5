/* plugin-check.c — see plugin-check.h. */
#include "plugin-check.h"
#include "tribune-error.h"

#include <gst/gst.h>

static const struct {
  const gchar *element;
  const gchar *package;
} required[] = {
  { "videotestsrc", "gstreamer1.0-plugins-base" },
  { "audiotestsrc", "gstreamer1.0-plugins-base" },
  { "compositor", "gstreamer1.0-plugins-base" },
  { "audiomixer", "gstreamer1.0-plugins-base" },
  { "textoverlay", "gstreamer1.0-plugins-base" },
  { "imagefreeze", "gstreamer1.0-plugins-good" },
  { "clockoverlay", "gstreamer1.0-plugins-base" },
  { "videoconvert", "gstreamer1.0-plugins-base" },
  { "videoscale", "gstreamer1.0-plugins-base" },
  { "audioconvert", "gstreamer1.0-plugins-base" },
  { "audioresample", "gstreamer1.0-plugins-base" },
  { "opusenc", "gstreamer1.0-plugins-base" },
  { "appsrc", "gstreamer1.0-plugins-base" },
  { "appsink", "gstreamer1.0-plugins-base" },
  { "decodebin", "gstreamer1.0-plugins-base" },
  { "uridecodebin", "gstreamer1.0-plugins-base" },
  { "rtph264pay", "gstreamer1.0-plugins-good" },
  { "rtpopuspay", "gstreamer1.0-plugins-good" },
  { "splitmuxsink", "gstreamer1.0-plugins-good" },
  { "x264enc", "gstreamer1.0-plugins-ugly" },
  { "h264parse", "gstreamer1.0-plugins-bad" },
  { "aacparse", "gstreamer1.0-plugins-good" },
  { "mpegtsmux", "gstreamer1.0-plugins-bad" },
  { "webrtcbin", "gstreamer1.0-plugins-bad" },
  { "nicesrc", "gstreamer1.0-nice" },
  { "nicesink", "gstreamer1.0-nice" },
  { "dtlssrtpenc", "gstreamer1.0-plugins-bad" },
  { "avenc_aac", "gstreamer1.0-libav" },
  { "avdec_h264", "gstreamer1.0-libav" },
};

gboolean
tribune_plugins_check (GError **error)
{
  g_autoptr (GString) missing = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++) {
    g_autoptr (GstElementFactory) f = gst_element_factory_find (required[i].element);
    if (f == NULL)
      g_string_append_printf (missing, "\n  %s (apt-get install %s)", required[i].element,
                              required[i].package);
  }
  if (missing->len > 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_MISSING_PLUGIN,
                 "GStreamer elements are missing:%s", missing->str);
    return FALSE;
  }
  return TRUE;
}
