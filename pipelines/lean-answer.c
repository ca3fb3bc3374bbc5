/* lean-answer.c — the lean sender's SDP answer (see lean-answer.h). */
#include "lean-answer.h"
#include "tribune-error.h"

#include <gst/sdp/sdp.h>
#include <string.h>

void
tribune_lean_offer_clear (TribuneLeanOffer *offer)
{
  g_clear_pointer (&offer->remote_ufrag, g_free);
  g_clear_pointer (&offer->remote_fingerprint, g_free);
}

static const gchar *
attribute (const GstSDPMessage *msg, const GstSDPMedia *media, const gchar *key)
{
  const gchar *v = gst_sdp_media_get_attribute_val (media, key);

  return v ? v : gst_sdp_message_get_attribute_val (msg, key);
}

/* TRUE if the offer has "a=<key>:<pt> <value>" on @media. */
static gboolean
has_pt_attribute (const GstSDPMedia *media, const gchar *key, guint pt, const gchar *value)
{
  g_autofree gchar *want = g_strdup_printf ("%u %s", pt, value);

  for (guint i = 0;; i++) {
    const gchar *v = gst_sdp_media_get_attribute_val_n (media, key, i);
    if (v == NULL)
      return FALSE;
    if (g_ascii_strcasecmp (v, want) == 0)
      return TRUE;
  }
}

/* The offer's fmtp parameters for @pt, or NULL. Only printable ASCII without spaces
 * survives: this text goes back into our answer. */
static gchar *
fmtp_of (const GstSDPMedia *media, guint pt)
{
  g_autofree gchar *prefix = g_strdup_printf ("%u ", pt);

  for (guint i = 0;; i++) {
    const gchar *v = gst_sdp_media_get_attribute_val_n (media, "fmtp", i);
    if (v == NULL)
      return NULL;
    if (!g_str_has_prefix (v, prefix))
      continue;
    v += strlen (prefix);
    for (const gchar *p = v; *p; p++)
      if (*p <= ' ' || *p > '~')
        return NULL;
    return g_strdup (v);
  }
}

static gboolean
token_ok (const gchar *s, gsize max)
{
  if (s == NULL || *s == '\0' || strlen (s) > max)
    return FALSE;
  for (const gchar *p = s; *p; p++)
    if (*p <= ' ' || *p > '~')
      return FALSE;
  return TRUE;
}

static void
add_transport (GString *a, const TribuneLeanAnswerParams *p)
{
  g_string_append_printf (a,
      "c=IN IP4 0.0.0.0\r\n"
      "a=ice-ufrag:%s\r\n"
      "a=ice-pwd:%s\r\n"
      "a=fingerprint:%s\r\n"
      "a=setup:passive\r\n",
      p->ufrag, p->pwd, p->fingerprint);
}

static void
add_candidates (GString *a, const TribuneLeanAnswerParams *p)
{
  for (guint i = 0; p->candidates[i]; i++)
    /* Host candidates only (ICE-lite); priority as RFC 8445 §5.1.2 for a host UDP one. */
    g_string_append_printf (a, "a=candidate:%u 1 udp %u %s typ host\r\n", i + 1,
                            2130706431u - i, p->candidates[i]);
  g_string_append (a, "a=end-of-candidates\r\n");
}

static void
add_media (GString *a, const GstSDPMedia *media, const gchar *mid,
           const TribuneMediaChoice *choice, gboolean is_video,
           const TribuneLeanAnswerParams *p, TribuneLeanOffer *out)
{
  g_autofree gchar *fmtp = fmtp_of (media, choice->pt);
  guint32 ssrc = is_video ? p->video_ssrc : p->audio_ssrc;
  const gchar *kind = is_video ? "video" : "audio";

  g_string_append_printf (a, "m=%s 9 UDP/TLS/RTP/SAVPF %u\r\n", kind, choice->pt);
  add_transport (a, p);
  g_string_append_printf (a, "a=mid:%s\r\na=sendonly\r\na=rtcp-mux\r\n", mid);
  if (gst_sdp_media_get_attribute_val (media, "rtcp-rsize"))
    g_string_append (a, "a=rtcp-rsize\r\n");
  if (is_video)
    g_string_append_printf (a, "a=rtpmap:%u H264/90000\r\n", choice->pt);
  else
    g_string_append_printf (a, "a=rtpmap:%u opus/48000/2\r\n", choice->pt);
  if (is_video) {
    out->video_nack = has_pt_attribute (media, "rtcp-fb", choice->pt, "nack");
    out->video_pli = has_pt_attribute (media, "rtcp-fb", choice->pt, "nack pli");
    out->video_fir = has_pt_attribute (media, "rtcp-fb", choice->pt, "ccm fir");
    if (out->video_nack)
      g_string_append_printf (a, "a=rtcp-fb:%u nack\r\n", choice->pt);
    if (out->video_pli)
      g_string_append_printf (a, "a=rtcp-fb:%u nack pli\r\n", choice->pt);
    if (out->video_fir)
      g_string_append_printf (a, "a=rtcp-fb:%u ccm fir\r\n", choice->pt);
  }
  if (fmtp)
    g_string_append_printf (a, "a=fmtp:%u %s\r\n", choice->pt, fmtp);
  else if (is_video)
    g_string_append_printf (a, "a=fmtp:%u packetization-mode=1\r\n", choice->pt);
  g_string_append_printf (a, "a=msid:tribune %s\r\n", kind);
  g_string_append_printf (a, "a=ssrc:%u cname:tribune\r\n", ssrc);
  g_string_append_printf (a, "a=ssrc:%u msid:tribune %s\r\n", ssrc, kind);
  add_candidates (a, p);
}

gchar *
tribune_lean_answer_build (const gchar *offer, const TribuneOfferPlan *plan,
                           const TribuneLeanAnswerParams *params, TribuneLeanOffer *out,
                           GError **error)
{
  g_autoptr (GstSDPMessage) msg = NULL;
  g_autoptr (GString) media_text = g_string_new (NULL);
  g_autoptr (GString) bundle = g_string_new (NULL);
  GString *answer;

  memset (out, 0, sizeof *out);
  gst_sdp_message_new (&msg);
  if (gst_sdp_message_parse_buffer ((const guint8 *) offer, strlen (offer), msg) != GST_SDP_OK) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "the SDP offer cannot be read");
    return NULL;
  }
  for (guint i = 0; i < gst_sdp_message_medias_len (msg); i++) {
    const GstSDPMedia *media = gst_sdp_message_get_media (msg, i);
    const gchar *kind = gst_sdp_media_get_media (media);
    gboolean is_video = (gint) i == plan->video.mline;
    gboolean used = is_video || (gint) i == plan->audio.mline;
    const gchar *mid = gst_sdp_media_get_attribute_val (media, "mid");
    const gchar *setup = attribute (msg, media, "setup");
    const gchar *ufrag = attribute (msg, media, "ice-ufrag");
    const gchar *fingerprint = attribute (msg, media, "fingerprint");

    if (!used) {
      /* Rejected: port 0, same media and protocol, the mid kept (RFC 8843 §7.3.3). */
      g_string_append_printf (media_text, "m=%s 0 UDP/TLS/RTP/SAVPF %s\r\n"
                              "c=IN IP4 0.0.0.0\r\n",
                              g_strcmp0 (kind, "video") == 0 ? "video" : "audio",
                              gst_sdp_media_formats_len (media) > 0 &&
                              token_ok (gst_sdp_media_get_format (media, 0), 3)
                              ? gst_sdp_media_get_format (media, 0) : "0");
      if (token_ok (mid, 32))
        g_string_append_printf (media_text, "a=mid:%s\r\n", mid);
      g_string_append (media_text, "a=inactive\r\n");
      continue;
    }
    if (!token_ok (mid, 32)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "m-line %u: a=mid (up to 32 characters) is required; this server "
                   "bundles audio and video on one transport (RFC 8843)", i);
      return NULL;
    }
    if (gst_sdp_media_get_attribute_val (media, "rtcp-mux") == NULL) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "m-line %u: a=rtcp-mux is required (RTP and RTCP on one port)", i);
      return NULL;
    }
    if (setup && g_ascii_strcasecmp (setup, "actpass") != 0 &&
        g_ascii_strcasecmp (setup, "active") != 0) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "m-line %u: a=setup must be actpass or active (this server is the "
                   "DTLS server)", i);
      return NULL;
    }
    if (!token_ok (ufrag, 256) || fingerprint == NULL || strlen (fingerprint) > 200) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "m-line %u: a usable a=ice-ufrag and a=fingerprint are required", i);
      return NULL;
    }
    if (out->remote_ufrag == NULL) {
      out->remote_ufrag = g_strdup (ufrag);
      out->remote_fingerprint = g_strdup (fingerprint);
    }
    g_string_append_printf (bundle, " %s", mid);
    add_media (media_text, media, mid, is_video ? &plan->video : &plan->audio, is_video,
               params, out);
  }
  if (out->remote_ufrag == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "the offer has no audio or video m-line to answer");
    return NULL;
  }
  answer = g_string_new (NULL);
  g_string_append_printf (answer,
      "v=0\r\n"
      "o=- %" G_GUINT64_FORMAT " 2 IN IP4 127.0.0.1\r\n"
      "s=-\r\n"
      "t=0 0\r\n"
      "a=group:BUNDLE%s\r\n"
      "a=ice-lite\r\n"
      "a=msid-semantic: WMS tribune\r\n",
      (guint64) g_random_int () << 20 | g_random_int_range (0, 1 << 20), bundle->str);
  g_string_append (answer, media_text->str);
  return g_string_free (answer, FALSE);
}
