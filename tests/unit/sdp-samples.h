/* sdp-samples.h — browser offers for the unit tests: Chromium and Firefox WHEP offers as
 * they send them (shared by test-sdp-offer.c and test-lean-answer.c). */
#pragma once

#include <glib.h>

#define SESSION \
  "v=0\r\n" \
  "o=- 4215775240449105457 2 IN IP4 127.0.0.1\r\n" \
  "s=-\r\n" \
  "t=0 0\r\n" \
  "a=group:BUNDLE 0 1\r\n" \
  "a=extmap-allow-mixed\r\n" \
  "a=msid-semantic: WMS\r\n"

#define UFRAG "a=ice-ufrag:EsAw\r\n"
#define PWD "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n"
#define FINGERPRINT \
  "a=fingerprint:sha-256 DA:7B:57:DC:28:CE:04:4F:31:79:85:C4:31:67:EB:27:58:29:ED:77:" \
  "2A:0D:24:AE:ED:AD:30:BC:BD:F1:9C:02\r\n"

#define TRANSPORT(mid) \
  "c=IN IP4 0.0.0.0\r\n" \
  "a=rtcp:9 IN IP4 0.0.0.0\r\n" \
  UFRAG PWD \
  "a=ice-options:trickle\r\n" \
  FINGERPRINT \
  "a=setup:actpass\r\n" \
  "a=mid:" mid "\r\n"

/* Chromium's audio section, as in a WHEP (recvonly) offer. */
#define CHROME_AUDIO(mid, dir) \
  "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\n" \
  TRANSPORT (mid) \
  "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n" \
  "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n" \
  "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n" \
  "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" \
  "a=" dir "\r\n" \
  "a=rtcp-mux\r\n" \
  "a=rtpmap:111 opus/48000/2\r\n" \
  "a=rtcp-fb:111 transport-cc\r\n" \
  "a=fmtp:111 minptime=10;useinbandfec=1\r\n" \
  "a=rtpmap:63 red/48000/2\r\n" \
  "a=fmtp:63 111/111\r\n" \
  "a=rtpmap:9 G722/8000\r\n" \
  "a=rtpmap:0 PCMU/8000\r\n" \
  "a=rtpmap:8 PCMA/8000\r\n" \
  "a=rtpmap:13 CN/8000\r\n" \
  "a=rtpmap:110 telephone-event/48000\r\n" \
  "a=rtpmap:126 telephone-event/8000\r\n"

#define RTX(pt, apt) "a=rtpmap:" pt " rtx/90000\r\na=fmtp:" pt " apt=" apt "\r\n"
#define FB(pt) \
  "a=rtcp-fb:" pt " goog-remb\r\n" \
  "a=rtcp-fb:" pt " transport-cc\r\n" \
  "a=rtcp-fb:" pt " ccm fir\r\n" \
  "a=rtcp-fb:" pt " nack\r\n" \
  "a=rtcp-fb:" pt " nack pli\r\n"
#define H264(pt, pm, plid) \
  "a=rtpmap:" pt " H264/90000\r\n" FB (pt) \
  "a=fmtp:" pt " level-asymmetry-allowed=1;packetization-mode=" pm ";profile-level-id=" plid "\r\n"

/* Chromium's video section: VP8 first, H.264 42001f (pm 1, pm 0), 42e01f (pm 1, pm 0),
 * 4d001f, AV1, VP9, 64001f, red, ulpfec, each with its rtx. */
#define CHROME_VIDEO(mid, dir) \
  "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 " \
  "98 99 100 101 112 113 116 117 118\r\n" \
  TRANSPORT (mid) \
  "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n" \
  "a=extmap:13 urn:3gpp:video-orientation\r\n" \
  "a=" dir "\r\n" \
  "a=rtcp-mux\r\n" \
  "a=rtcp-rsize\r\n" \
  "a=rtpmap:96 VP8/90000\r\n" FB ("96") RTX ("97", "96") \
  H264 ("102", "1", "42001f") RTX ("103", "102") \
  H264 ("104", "0", "42001f") RTX ("105", "104") \
  H264 ("106", "1", "42e01f") RTX ("107", "106") \
  H264 ("108", "0", "42e01f") RTX ("109", "108") \
  H264 ("127", "1", "4d001f") RTX ("125", "127") \
  H264 ("39", "0", "4d001f") RTX ("40", "39") \
  "a=rtpmap:45 AV1/90000\r\n" FB ("45") "a=fmtp:45 level-idx=5;profile=0;tier=0\r\n" \
  RTX ("46", "45") \
  "a=rtpmap:98 VP9/90000\r\n" FB ("98") "a=fmtp:98 profile-id=0\r\n" RTX ("99", "98") \
  "a=rtpmap:100 VP9/90000\r\n" FB ("100") "a=fmtp:100 profile-id=2\r\n" RTX ("101", "100") \
  H264 ("112", "1", "64001f") RTX ("113", "112") \
  "a=rtpmap:116 red/90000\r\n" RTX ("117", "116") \
  "a=rtpmap:118 ulpfec/90000\r\n"

static const gchar chrome_whep[] =
  SESSION CHROME_AUDIO ("0", "recvonly") CHROME_VIDEO ("1", "recvonly");

/* Firefox: video first, fingerprint at session level, H.264 126 (pm 1) and 97 (no
 * packetization-mode, i.e. mode 0), VP8 120, VP9 121; audio opus 109. */
static const gchar firefox_whep[] =
  "v=0\r\n"
  "o=mozilla...THIS_IS_SDPARTA-99.0 5981498433547766939 0 IN IP4 0.0.0.0\r\n"
  "s=-\r\n"
  "t=0 0\r\n"
  FINGERPRINT
  "a=group:BUNDLE 0 1\r\n"
  "a=ice-options:trickle\r\n"
  "a=msid-semantic:WMS *\r\n"
  "m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98 123 122 119\r\n"
  "c=IN IP4 0.0.0.0\r\n"
  "a=recvonly\r\n"
  "a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
  "a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1\r\n"
  "a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1\r\n"
  "a=fmtp:120 max-fs=12288;max-fr=60\r\n"
  "a=fmtp:124 apt=120\r\n"
  "a=fmtp:121 max-fs=12288;max-fr=60\r\n"
  "a=fmtp:125 apt=121\r\n"
  "a=fmtp:127 apt=126\r\n"
  "a=fmtp:98 apt=97\r\n"
  "a=fmtp:119 apt=122\r\n"
  "a=ice-pwd:3f8ba6e1c5d8e2f4a7b9c0d1e2f3a4b5\r\n"
  "a=ice-ufrag:8a2c4e6f\r\n"
  "a=mid:0\r\n"
  "a=rtcp-fb:120 nack\r\n"
  "a=rtcp-fb:120 nack pli\r\n"
  "a=rtcp-fb:126 nack\r\n"
  "a=rtcp-fb:126 nack pli\r\n"
  "a=rtcp-mux\r\n"
  "a=rtcp-rsize\r\n"
  "a=rtpmap:120 VP8/90000\r\n"
  "a=rtpmap:124 rtx/90000\r\n"
  "a=rtpmap:121 VP9/90000\r\n"
  "a=rtpmap:125 rtx/90000\r\n"
  "a=rtpmap:126 H264/90000\r\n"
  "a=rtpmap:127 rtx/90000\r\n"
  "a=rtpmap:97 H264/90000\r\n"
  "a=rtpmap:98 rtx/90000\r\n"
  "a=rtpmap:123 ulpfec/90000\r\n"
  "a=rtpmap:122 red/90000\r\n"
  "a=rtpmap:119 rtx/90000\r\n"
  "a=setup:actpass\r\n"
  "m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101\r\n"
  "c=IN IP4 0.0.0.0\r\n"
  "a=recvonly\r\n"
  "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
  "a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1\r\n"
  "a=fmtp:101 0-15\r\n"
  "a=ice-pwd:3f8ba6e1c5d8e2f4a7b9c0d1e2f3a4b5\r\n"
  "a=ice-ufrag:8a2c4e6f\r\n"
  "a=mid:1\r\n"
  "a=rtcp-mux\r\n"
  "a=rtpmap:109 opus/48000/2\r\n"
  "a=rtpmap:9 G722/8000/1\r\n"
  "a=rtpmap:0 PCMU/8000\r\n"
  "a=rtpmap:8 PCMA/8000\r\n"
  "a=rtpmap:101 telephone-event/8000\r\n"
  "a=setup:actpass\r\n";
