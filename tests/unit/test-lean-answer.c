/* test-lean-answer.c — the lean sender's SDP answer (pipelines/lean-answer.c): what a
 * browser needs to connect to an ICE-lite, DTLS-passive, send-only, bundled server, for
 * Chromium's and Firefox's WHEP offers, and the offers it must refuse. */
#include "lean-answer.h"
#include "sdp-offer.h"
#include "tribune-error.h"
#include "unit-util.h"

#include <gst/sdp/sdp.h>
#include <string.h>

#include "sdp-samples.h"

static const gchar *const candidates[] = { "192.0.2.7 40000", "127.0.0.1 40001", NULL };

static const TribuneLeanAnswerParams params = {
  .ufrag = "Ab12Cd34", .pwd = "aaaaBBBBccccDDDDeeeeFFFF",
  .fingerprint = "sha-256 01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:"
                 "16:17:18:19:1A:1B:1C:1D:1E:1F:20",
  .candidates = candidates, .video_ssrc = 0x11223344, .audio_ssrc = 0x55667788,
};

static gchar *
answer_for (const gchar *offer, TribuneLeanOffer *remote, GError **error)
{
  TribuneOfferPlan plan;
  gchar *answer;

  g_assert_true (tribune_offer_plan_for_playback (offer, &plan, NULL));
  answer = tribune_lean_answer_build (offer, &plan, &params, remote, error);
  tribune_offer_plan_clear (&plan);
  return answer;
}

static const gchar *
media_attr (const GstSDPMessage *msg, guint i, const gchar *key)
{
  return gst_sdp_media_get_attribute_val (gst_sdp_message_get_media (msg, i), key);
}

static void
test_chrome (void)
{
  TribuneLeanOffer remote;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *answer = answer_for (chrome_whep, &remote, &error);
  g_autoptr (GstSDPMessage) msg = NULL;

  g_assert_no_error (error);
  gst_sdp_message_new (&msg);
  g_assert_cmpint (gst_sdp_message_parse_buffer ((const guint8 *) answer, strlen (answer), msg),
                   ==, GST_SDP_OK);
  g_assert_nonnull (gst_sdp_message_get_attribute_val (msg, "ice-lite"));
  g_assert_cmpstr (gst_sdp_message_get_attribute_val (msg, "group"), ==, "BUNDLE 0 1");
  g_assert_cmpuint (gst_sdp_message_medias_len (msg), ==, 2);
  /* m-line order and mids follow the offer: audio 0, video 1. */
  g_assert_cmpstr (gst_sdp_media_get_media (gst_sdp_message_get_media (msg, 0)), ==, "audio");
  g_assert_cmpstr (gst_sdp_media_get_format (gst_sdp_message_get_media (msg, 0), 0), ==, "111");
  g_assert_cmpstr (gst_sdp_media_get_format (gst_sdp_message_get_media (msg, 1), 0), ==, "106");
  for (guint i = 0; i < 2; i++) {
    g_assert_cmpstr (media_attr (msg, i, "setup"), ==, "passive");
    g_assert_cmpstr (media_attr (msg, i, "ice-ufrag"), ==, "Ab12Cd34");
    g_assert_cmpstr (media_attr (msg, i, "ice-pwd"), ==, "aaaaBBBBccccDDDDeeeeFFFF");
    g_assert_cmpstr (media_attr (msg, i, "fingerprint"), ==, params.fingerprint);
    g_assert_nonnull (media_attr (msg, i, "sendonly"));
    g_assert_nonnull (media_attr (msg, i, "rtcp-mux"));
    g_assert_nonnull (media_attr (msg, i, "end-of-candidates"));
    g_assert_cmpstr (gst_sdp_media_get_attribute_val_n (gst_sdp_message_get_media (msg, i),
                                                        "candidate", 1), ==,
                     "2 1 udp 2130706430 127.0.0.1 40001 typ host");
  }
  g_assert_cmpstr (media_attr (msg, 1, "mid"), ==, "1");
  g_assert_cmpstr (media_attr (msg, 1, "ssrc"), ==, "287454020 cname:tribune");
  g_assert_cmpstr (media_attr (msg, 0, "ssrc"), ==, "1432778632 cname:tribune");
  /* The codec entry repeats the browser's own fmtp. */
  g_assert_cmpstr (media_attr (msg, 1, "fmtp"), ==,
                   "106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
  g_assert_nonnull (strstr (answer, "a=rtcp-fb:106 nack\r\n"));
  g_assert_nonnull (strstr (answer, "a=rtcp-fb:106 nack pli\r\n"));
  g_assert_null (strstr (answer, "transport-cc"));    /* we do not act on it */
  g_assert_null (strstr (answer, "extmap"));
  g_assert_true (remote.video_nack && remote.video_pli && remote.video_fir);
  g_assert_cmpstr (remote.remote_ufrag, ==, "EsAw");
  g_assert_true (g_str_has_prefix (remote.remote_fingerprint, "sha-256 DA:7B:57"));
  tribune_lean_offer_clear (&remote);
}

static void
test_firefox (void)
{
  TribuneLeanOffer remote;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *answer = answer_for (firefox_whep, &remote, &error);

  g_assert_no_error (error);
  /* Video first in Firefox's offer; the session-level fingerprint is found. */
  g_assert_true (g_str_has_prefix (strstr (answer, "m="), "m=video 9 UDP/TLS/RTP/SAVPF 126\r\n"));
  g_assert_nonnull (strstr (answer, "m=audio 9 UDP/TLS/RTP/SAVPF 109\r\n"));
  g_assert_nonnull (strstr (answer, "a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1"));
  g_assert_cmpstr (remote.remote_ufrag, ==, "8a2c4e6f");
  g_assert_nonnull (remote.remote_fingerprint);
  g_assert_false (remote.video_fir);
  tribune_lean_offer_clear (&remote);
}

static void
expect_refusal (const gchar *offer, const gchar *what, const gchar *with, const gchar *message)
{
  GString *s = g_string_new (offer);
  g_autofree gchar *changed = NULL;
  TribuneLeanOffer remote;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *answer = NULL;

  g_assert_cmpuint (g_string_replace (s, what, with, 0), >, 0);
  changed = g_string_free (s, FALSE);
  answer = answer_for (changed, &remote, &error);
  g_assert_null (answer);
  g_assert_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, message));
  tribune_lean_offer_clear (&remote);
}

static void
test_refusals (void)
{
  expect_refusal (chrome_whep, "a=rtcp-mux\r\n", "", "a=rtcp-mux is required");
  expect_refusal (chrome_whep, "a=mid:1\r\n", "", "a=mid");
  expect_refusal (chrome_whep, "a=setup:actpass", "a=setup:passive", "a=setup must be");
}

static void
test_rejected_mline (void)
{
  /* Audio inactive: the answer keeps its m-line, rejected with port 0, outside BUNDLE. */
  GString *s = g_string_new (chrome_whep);
  g_autofree gchar *offer = NULL;
  TribuneLeanOffer remote;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *answer = NULL;

  g_string_replace (s, "a=recvonly\r\na=rtcp-mux\r\na=rtpmap:111",
                    "a=inactive\r\na=rtcp-mux\r\na=rtpmap:111", 1);
  offer = g_string_free (s, FALSE);
  answer = answer_for (offer, &remote, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (strstr (answer, "m="), "m=audio 0 UDP/TLS/RTP/SAVPF 111\r\n"));
  g_assert_nonnull (strstr (answer, "a=group:BUNDLE 1\r\n"));
  tribune_lean_offer_clear (&remote);
}

static void
test_hostile_fmtp (void)
{
  /* A line break smuggled into fmtp text must not become an SDP line of ours. */
  GString *s = g_string_new (chrome_whep);
  g_autofree gchar *offer = NULL;
  TribuneLeanOffer remote;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *answer = NULL;

  g_string_replace (s, "a=fmtp:111 minptime=10;useinbandfec=1",
                    "a=fmtp:111 minptime=10;\ra=evil:1", 1);
  offer = g_string_free (s, FALSE);
  answer = answer_for (offer, &remote, &error);
  if (answer)
    g_assert_null (strstr (answer, "evil"));
  tribune_lean_offer_clear (&remote);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  g_test_add_func ("/lean-answer/chrome", test_chrome);
  g_test_add_func ("/lean-answer/firefox", test_firefox);
  g_test_add_func ("/lean-answer/refusals", test_refusals);
  g_test_add_func ("/lean-answer/rejected-mline", test_rejected_mline);
  g_test_add_func ("/lean-answer/hostile-fmtp", test_hostile_fmtp);
  return g_test_run ();
}
