/* sdp-offer.c — offer validation and codec choice (see sdp-offer.h). */
#include "sdp-offer.h"
#include "tribune-error.h"

#include <gst/sdp/sdp.h>
#include <string.h>

#define ACCEPTED_PLAYBACK "this server sends H.264 (packetization-mode=1) video and Opus audio"
#define ACCEPTED_INGEST "this server takes H.264 (packetization-mode=1), VP8 or VP9 video and Opus audio"

typedef enum { WANT_RECEIVE, WANT_SEND } OfferRole;

void
tribune_offer_plan_clear (TribuneOfferPlan *plan)
{
  g_clear_pointer (&plan->video.encoding, g_free);
  g_clear_pointer (&plan->audio.encoding, g_free);
  gst_clear_caps (&plan->video.caps);
  gst_clear_caps (&plan->audio.caps);
}

static const gchar *
attribute (const GstSDPMessage *msg, const GstSDPMedia *media, const gchar *key)
{
  const gchar *v = gst_sdp_media_get_attribute_val (media, key);

  return v ? v : gst_sdp_message_get_attribute_val (msg, key);
}

static const gchar *
direction_of (const GstSDPMedia *media, const GstSDPMessage *msg)
{
  static const char *const dirs[] = { "sendrecv", "sendonly", "recvonly", "inactive" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
    if (gst_sdp_media_get_attribute_val (media, dirs[i]) != NULL)
      return dirs[i];
  }
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++) {
    if (gst_sdp_message_get_attribute_val (msg, dirs[i]) != NULL)
      return dirs[i];
  }
  return "sendrecv";   /* RFC 4566 default */
}

/* Rank an offered codec entry for our use; 0 means unusable. Higher is better. */
static guint
rank_codec (const GstStructure *s, gboolean is_video, OfferRole role)
{
  const gchar *name = gst_structure_get_string (s, "encoding-name");
  const gchar *pm, *plid, *profile;
  gint clock_rate = 0;

  if (name == NULL)
    return 0;
  gst_structure_get_int (s, "clock-rate", &clock_rate);
  if (!is_video)
    return g_ascii_strcasecmp (name, "OPUS") == 0 && clock_rate == 48000 ? 10 : 0;

  if (g_ascii_strcasecmp (name, "H264") == 0 && clock_rate == 90000) {
    pm = gst_structure_get_string (s, "packetization-mode");
    if (g_strcmp0 (pm, "1") != 0)
      /* Our payloader sends FU-A/STAP-A (mode 1); the depayloader takes any mode. */
      return role == WANT_SEND ? 4 : 0;
    /* We send constrained baseline; prefer entries that say exactly that. GStreamer
     * turns the SDP's profile-level-id into a "profile" field; older versions kept
     * the raw value, so look at both. */
    plid = gst_structure_get_string (s, "profile-level-id");
    profile = gst_structure_get_string (s, "profile");
    if (g_strcmp0 (profile, "constrained-baseline") == 0 ||
        (plid && g_ascii_strncasecmp (plid, "42e0", 4) == 0))
      return 10;
    if (g_strcmp0 (profile, "baseline") == 0 ||
        (plid && g_ascii_strncasecmp (plid, "4200", 4) == 0))
      return 9;
    return role == WANT_SEND ? 8 : 5;
  }
  if (role == WANT_SEND && clock_rate == 90000) {
    if (g_ascii_strcasecmp (name, "VP8") == 0)
      return 7;
    if (g_ascii_strcasecmp (name, "VP9") == 0)
      return 6;
  }
  return 0;
}

/* GStreamer turns the fmtp's profile-level-id into profile/level fields, and webrtcbin
 * then answers without it, which browsers read as Baseline level 1.0 ("420010").
 * Put the offer's own value back so a WHIP answer repeats exactly what was offered. */
static void
keep_profile_level_id (const GstSDPMedia *media, guint pt, GstStructure *s)
{
  g_autofree gchar *prefix = g_strdup_printf ("%u ", pt);

  for (guint i = 0;; i++) {
    const gchar *fmtp = gst_sdp_media_get_attribute_val_n (media, "fmtp", i);
    const gchar *p;

    if (fmtp == NULL)
      return;
    if (!g_str_has_prefix (fmtp, prefix) || (p = strstr (fmtp, "profile-level-id=")) == NULL)
      continue;
    p += strlen ("profile-level-id=");
    if (strspn (p, "0123456789abcdefABCDEF") >= 6) {
      g_autofree gchar *value = g_strndup (p, 6);
      gst_structure_set (s, "profile-level-id", G_TYPE_STRING, value, NULL);
    }
    return;
  }
}

static gboolean
choose_codec (const GstSDPMedia *media, guint mline, gboolean is_video, OfferRole role,
              TribuneMediaChoice *choice)
{
  guint best_rank = 0;

  for (guint i = 0; i < gst_sdp_media_formats_len (media); i++) {
    const gchar *fmt = gst_sdp_media_get_format (media, i);
    gchar *end = NULL;
    guint64 pt = g_ascii_strtoull (fmt, &end, 10);
    g_autoptr (GstCaps) caps = NULL;
    guint rank;

    if (end == fmt || *end != '\0' || pt > 127)
      continue;
    caps = gst_sdp_media_get_caps_from_media (media, (gint) pt);
    if (caps == NULL || gst_caps_get_size (caps) == 0)
      continue;
    /* The SDP helper names them application/x-unknown; webrtcbin ignores codec
     * preferences that are not application/x-rtp. */
    caps = gst_caps_make_writable (caps);
    gst_structure_set_name (gst_caps_get_structure (caps, 0), "application/x-rtp");
    keep_profile_level_id (media, (guint) pt, gst_caps_get_structure (caps, 0));
    rank = rank_codec (gst_caps_get_structure (caps, 0), is_video, role);
    if (rank > best_rank) {
      const GstStructure *s = gst_caps_get_structure (caps, 0);
      gint rate = 0;

      best_rank = rank;
      gst_structure_get_int (s, "clock-rate", &rate);
      choice->mline = (gint) mline;
      choice->pt = (guint) pt;
      choice->clock_rate = (guint) rate;
      g_free (choice->encoding);
      choice->encoding = g_ascii_strup (gst_structure_get_string (s, "encoding-name"), -1);
      gst_caps_replace (&choice->caps, caps);
    }
  }
  return best_rank > 0;
}

static gboolean
check_media_transport (const GstSDPMessage *msg, const GstSDPMedia *media, guint i,
                       GError **error)
{
  const gchar *proto = gst_sdp_media_get_proto (media);

  if (proto == NULL || strstr (proto, "SAVPF") == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "m-line %u: protocol must be UDP/TLS/RTP/SAVPF (WebRTC)", i);
    return FALSE;
  }
  if (attribute (msg, media, "ice-ufrag") == NULL || attribute (msg, media, "ice-pwd") == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "m-line %u: a=ice-ufrag and a=ice-pwd are required", i);
    return FALSE;
  }
  if (attribute (msg, media, "fingerprint") == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "m-line %u: a=fingerprint (DTLS) is required", i);
    return FALSE;
  }
  return TRUE;
}

static gboolean
plan_offer (const gchar *sdp, OfferRole role, TribuneOfferPlan *plan, GError **error)
{
  g_autoptr (GstSDPMessage) msg = NULL;
  const gchar *accepted = role == WANT_RECEIVE ? ACCEPTED_PLAYBACK : ACCEPTED_INGEST;
  gboolean video_offered = FALSE, audio_offered = FALSE;

  memset (plan, 0, sizeof *plan);
  plan->video.mline = plan->audio.mline = -1;

  if (sdp == NULL || !g_str_has_prefix (sdp, "v=0")) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "the body must be an SDP offer starting with v=0");
    return FALSE;
  }
  if (!g_utf8_validate (sdp, -1, NULL)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "the SDP is not valid UTF-8");
    return FALSE;
  }
  gst_sdp_message_new (&msg);
  if (gst_sdp_message_parse_buffer ((const guint8 *) sdp, strlen (sdp), msg) != GST_SDP_OK ||
      gst_sdp_message_medias_len (msg) == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "the SDP offer has no media (m=) lines");
    return FALSE;
  }
  plan->n_media = gst_sdp_message_medias_len (msg);

  for (guint i = 0; i < plan->n_media; i++) {
    const GstSDPMedia *media = gst_sdp_message_get_media (msg, i);
    const gchar *kind = gst_sdp_media_get_media (media);
    const gchar *dir = direction_of (media, msg);
    gboolean is_video = g_strcmp0 (kind, "video") == 0;
    TribuneMediaChoice *choice = is_video ? &plan->video : &plan->audio;

    if (!is_video && g_strcmp0 (kind, "audio") != 0) {
      /* Client text goes into the error and the log: escape it. */
      g_autofree gchar *shown = g_strescape (kind ? kind : "?", NULL);
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "m-line %u is '%.20s'; only one audio and one video m-line are supported",
                   i, shown);
      return FALSE;
    }
    if ((is_video && video_offered) || (!is_video && audio_offered)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "more than one %s m-line; only one audio and one video are supported",
                   kind);
      return FALSE;
    }
    if (is_video)
      video_offered = TRUE;
    else
      audio_offered = TRUE;
    if (!check_media_transport (msg, media, i, error))
      return FALSE;
    if (role == WANT_RECEIVE && g_strcmp0 (dir, "sendonly") == 0) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "m-line %u is sendonly; a WHEP viewer offers recvonly", i);
      return FALSE;
    }
    if (role == WANT_SEND && g_strcmp0 (dir, "recvonly") == 0) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "m-line %u is recvonly; a WHIP publisher offers sendonly", i);
      return FALSE;
    }
    /* Port 0 means rejected, unless the m-line rides on the bundle (a=bundle-only). */
    if ((gst_sdp_media_get_port (media) == 0 &&
         gst_sdp_media_get_attribute_val (media, "bundle-only") == NULL) ||
        g_strcmp0 (dir, "inactive") == 0)
      continue;   /* nothing to send or take on this m-line */
    if (!choose_codec (media, i, is_video, role, choice)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_ACCEPTABLE,
                   "no usable %s codec in the offer; %s", kind, accepted);
      return FALSE;
    }
  }
  if (plan->video.mline < 0 && plan->audio.mline < 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "the offer has no active audio or video m-line");
    return FALSE;
  }
  return TRUE;
}

gboolean
tribune_offer_plan_for_playback (const gchar *sdp, TribuneOfferPlan *plan, GError **error)
{
  if (!plan_offer (sdp, WANT_RECEIVE, plan, error)) {
    tribune_offer_plan_clear (plan);
    return FALSE;
  }
  return TRUE;
}

gboolean
tribune_offer_plan_for_ingest (const gchar *sdp, TribuneOfferPlan *plan, GError **error)
{
  if (!plan_offer (sdp, WANT_SEND, plan, error)) {
    tribune_offer_plan_clear (plan);
    return FALSE;
  }
  return TRUE;
}

static void
clear_candidate (TribuneTrickleCandidate *c)
{
  g_free (c->candidate);
}

GArray *
tribune_trickle_parse (const gchar *sdpfrag, GError **error)
{
  g_autoptr (GArray) out = g_array_new (FALSE, TRUE, sizeof (TribuneTrickleCandidate));
  g_auto (GStrv) lines = NULL;
  gint mline = -1;

  g_array_set_clear_func (out, (GDestroyNotify) clear_candidate);
  if (sdpfrag == NULL || !g_utf8_validate (sdpfrag, -1, NULL)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "empty or invalid sdpfrag");
    return NULL;
  }
  lines = g_strsplit (sdpfrag, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    gchar *line = g_strstrip (lines[i]);

    if (*line == '\0' || g_str_has_prefix (line, "a=ice-ufrag:") ||
        g_str_has_prefix (line, "a=ice-pwd:") || g_str_has_prefix (line, "a=ice-options:") ||
        g_str_equal (line, "a=end-of-candidates") || g_str_has_prefix (line, "a=group:"))
      continue;
    if (g_str_has_prefix (line, "m=")) {
      mline++;
      continue;
    }
    if (g_str_has_prefix (line, "a=mid:")) {
      if (mline < 0)
        mline = 0;
      continue;
    }
    if (g_str_has_prefix (line, "a=candidate:") && strlen (line) < 1024) {
      TribuneTrickleCandidate c = { (guint) MAX (mline, 0), g_strdup (line + 2) };
      g_array_append_val (out, c);
      continue;
    }
    {
      g_autofree gchar *shown = g_strescape (line, NULL);
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "unexpected line in trickle-ice-sdpfrag: %.40s", shown);
    }
    return NULL;
  }
  return g_steal_pointer (&out);
}

gchar *
tribune_sdp_answer_hint_bitrate (const gchar *answer, guint start_kbps)
{
  g_autoptr (GstSDPMessage) msg = NULL;

  if (answer == NULL || gst_sdp_message_new_from_text (answer, &msg) != GST_SDP_OK)
    return g_strdup (answer);
  for (guint i = 0; i < gst_sdp_message_medias_len (msg); i++) {
    GstSDPMedia *media = (GstSDPMedia *) gst_sdp_message_get_media (msg, i);

    if (g_strcmp0 (gst_sdp_media_get_media (media), "video") != 0)
      continue;
    for (guint f = 0; f < gst_sdp_media_formats_len (media); f++) {
      const gchar *pt = gst_sdp_media_get_format (media, f);
      g_autofree gchar *prefix = g_strdup_printf ("%s ", pt);
      g_autofree gchar *hint = g_strdup_printf ("x-google-start-bitrate=%u", start_kbps);
      gboolean found = FALSE;

      for (guint a = 0; a < gst_sdp_media_attributes_len (media); a++) {
        const GstSDPAttribute *attr = gst_sdp_media_get_attribute (media, a);
        if (g_strcmp0 (attr->key, "fmtp") == 0 && attr->value &&
            g_str_has_prefix (attr->value, prefix)) {
          g_autofree gchar *value = g_strdup_printf ("%s;%s", attr->value, hint);
          GstSDPAttribute replacement;
          gst_sdp_attribute_set (&replacement, "fmtp", value);
          gst_sdp_media_replace_attribute (media, a, &replacement);
          found = TRUE;
          break;
        }
      }
      if (!found) {
        g_autofree gchar *value = g_strdup_printf ("%s%s", prefix, hint);
        gst_sdp_media_add_attribute (media, "fmtp", value);
      }
    }
  }
  return gst_sdp_message_as_text (msg);
}
