/* packet-tap.c — fan one appsink's samples out to its subscribers (see packet-tap.h). */
#include "packet-tap.h"

#include <gst/app/gstappsink.h>

typedef struct {
  guint id;
  TribunePacketFunc func;
  gpointer user_data;
} Subscriber;

struct _TribunePacketTap {
  GstElement *appsink;
  GMutex lock;
  GArray *subscribers;        /* Subscriber; protected by lock */
  GstCaps *caps;              /* protected by lock */
  guint next_id;              /* protected by lock */
  guint64 bytes_out;          /* protected by lock */
  guint32 ssrc;               /* the payloader's, when set before any sample; 0: unknown */
};

static GstFlowReturn
on_new_sample (GstAppSink *appsink, gpointer user_data)
{
  TribunePacketTap *tap = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (appsink);
  GstBuffer *buffer;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);

  g_mutex_lock (&tap->lock);
  gst_caps_replace (&tap->caps, gst_sample_get_caps (sample));
  for (guint i = 0; i < tap->subscribers->len; i++) {
    Subscriber *s = &g_array_index (tap->subscribers, Subscriber, i);
    s->func (sample, s->user_data);
  }
  if (buffer)
    tap->bytes_out += (guint64) gst_buffer_get_size (buffer) * tap->subscribers->len;
  g_mutex_unlock (&tap->lock);

  /* Never report an error upstream: a subscriber's trouble is its own, and the
   * program must keep running for everyone else. */
  return GST_FLOW_OK;
}

TribunePacketTap *
tribune_packet_tap_new (GstElement *appsink)
{
  TribunePacketTap *tap = g_new0 (TribunePacketTap, 1);
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };

  g_mutex_init (&tap->lock);
  tap->subscribers = g_array_new (FALSE, FALSE, sizeof (Subscriber));
  tap->appsink = gst_object_ref (appsink);
  tap->next_id = 1;
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &callbacks, tap, NULL);
  return tap;
}

void
tribune_packet_tap_free (TribunePacketTap *tap)
{
  GstAppSinkCallbacks none = { NULL };

  if (tap == NULL)
    return;
  gst_app_sink_set_callbacks (GST_APP_SINK (tap->appsink), &none, NULL, NULL);
  gst_object_unref (tap->appsink);
  g_array_unref (tap->subscribers);
  gst_clear_caps (&tap->caps);
  g_mutex_clear (&tap->lock);
  g_free (tap);
}

guint
tribune_packet_tap_subscribe (TribunePacketTap *tap, TribunePacketFunc func,
                              gpointer user_data)
{
  Subscriber s = { 0, func, user_data };

  g_mutex_lock (&tap->lock);
  s.id = tap->next_id++;
  g_array_append_val (tap->subscribers, s);
  g_mutex_unlock (&tap->lock);
  return s.id;
}

void
tribune_packet_tap_unsubscribe (TribunePacketTap *tap, guint id)
{
  g_mutex_lock (&tap->lock);
  for (guint i = 0; i < tap->subscribers->len; i++) {
    if (g_array_index (tap->subscribers, Subscriber, i).id == id) {
      g_array_remove_index_fast (tap->subscribers, i);
      break;
    }
  }
  g_mutex_unlock (&tap->lock);
}

guint
tribune_packet_tap_count (TribunePacketTap *tap)
{
  guint n;

  g_mutex_lock (&tap->lock);
  n = tap->subscribers->len;
  g_mutex_unlock (&tap->lock);
  return n;
}

GstCaps *
tribune_packet_tap_get_caps (TribunePacketTap *tap)
{
  GstCaps *caps;

  g_mutex_lock (&tap->lock);
  caps = tap->caps ? gst_caps_ref (tap->caps) : NULL;
  g_mutex_unlock (&tap->lock);
  return caps;
}

guint64
tribune_packet_tap_bytes_out (TribunePacketTap *tap)
{
  guint64 n;

  g_mutex_lock (&tap->lock);
  n = tap->bytes_out;
  g_mutex_unlock (&tap->lock);
  return n;
}

void
tribune_packet_tap_set_ssrc (TribunePacketTap *tap, guint32 ssrc)
{
  g_mutex_lock (&tap->lock);
  tap->ssrc = ssrc;
  g_mutex_unlock (&tap->lock);
}

gboolean
tribune_packet_tap_get_ssrc (TribunePacketTap *tap, guint32 *ssrc)
{
  guint value = 0;
  gboolean found = FALSE;

  g_mutex_lock (&tap->lock);
  if (tap->caps &&
      gst_structure_get_uint (gst_caps_get_structure (tap->caps, 0), "ssrc", &value))
    found = TRUE;
  else if (tap->ssrc != 0) {
    value = tap->ssrc;
    found = TRUE;
  }
  g_mutex_unlock (&tap->lock);
  *ssrc = value;
  return found;
}
