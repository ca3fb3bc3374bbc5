/* signalling.c — how a load-client session gets its peer's description: WHEP (we offer,
 * Tribune answers) or the Janus HTTP API (the Streaming plugin offers on "watch", we
 * answer with "start"), and the SDP on both sides (see webrtc-load.h).
 *
 * All HTTP is asynchronous on the main context (libsoup 3). The SDP is written and read
 * by hand: only what a receive-only bundle of one audio and one video stream needs.
 * Janus events arrive by long poll (GET /janus/SESSION?maxev=N); a session polls until it
 * is connected (the offer, and trickle candidates if Janus sends any), then only sends
 * keep-alives, so 500 connected sessions do not hold 500 pending requests.
 */
#include "webrtc-load.h"

#include <arpa/inet.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define KEEPALIVE_US (25 * G_USEC_PER_SEC)
#define VIDEO_PT 102
#define AUDIO_PT 111

/* @status 0: no HTTP response; @why then says what happened (else NULL). */
typedef void (*HttpDone) (WlSession *s, guint status, SoupMessage *msg, GBytes *body,
                          const gchar *why);

typedef struct {
  WlSession *s;
  HttpDone done;
} HttpCall;

static void
on_http_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  HttpCall *call = user_data;
  g_autoptr (GError) error = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  guint status = (msg != NULL && error == NULL) ? soup_message_get_status (msg) : 0;

  call->s->pending_http--;
  if (call->done != NULL)
    call->done (call->s, status, msg, body, error ? error->message : NULL);
  g_free (call);
}

static void
http (WlSession *s, const gchar *method, const gchar *url, const gchar *content_type,
      const gchar *body, HttpDone done)
{
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  HttpCall *call = g_new0 (HttpCall, 1);

  call->s = s;
  call->done = done;
  if (body != NULL) {
    g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));
    soup_message_set_request_body_from_bytes (msg, content_type, bytes);
  }
  s->pending_http++;
  soup_session_send_and_read_async (s->load->http, msg, G_PRIORITY_DEFAULT, NULL,
                                    on_http_done, call);
}

/* ---- SDP ---- */

/* "candidate:F 1 udp PRIO ADDR PORT typ host ..." (with or without "a="). */
static void
add_candidate_line (WlSession *s, const gchar *line)
{
  g_auto (GStrv) f = NULL;
  struct sockaddr_in sin = { .sin_family = AF_INET };

  if (g_str_has_prefix (line, "a="))
    line += 2;
  if (!g_str_has_prefix (line, "candidate:"))
    return;
  f = g_strsplit (line + strlen ("candidate:"), " ", 8);
  if (g_strv_length (f) < 6 || strcmp (f[1], "1") != 0 || g_ascii_strcasecmp (f[2], "udp"))
    return;
  /* IPv4 only: our socket is on --bind (an IPv4 address). */
  if (inet_pton (AF_INET, f[4], &sin.sin_addr) != 1)
    return;
  sin.sin_port = g_htons ((guint16) g_ascii_strtoull (f[5], NULL, 10));
  for (guint i = 0; i < s->n_candidates; i++)
    if (s->candidates[i].sin_addr.s_addr == sin.sin_addr.s_addr &&
        s->candidates[i].sin_port == sin.sin_port)
      return;
  if (s->n_candidates < WL_MAX_CANDIDATES)
    s->candidates[s->n_candidates++] = sin;
}

static void
set_once (gchar **field, const gchar *value)
{
  if (*field == NULL)
    *field = g_strstrip (g_strdup (value));
}

gboolean
wl_sdp_apply_remote (WlSession *s, const gchar *sdp, gboolean offerer, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (sdp, "\n", -1);
  g_autofree gchar *setup = NULL;
  gboolean ice_lite = FALSE;
  gchar kind = 0;               /* 'a', 'v', or 0 outside audio/video sections */

  for (guint i = 0; lines[i] != NULL; i++) {
    gchar *l = g_strchomp (lines[i]);
    if (g_str_has_prefix (l, "m=")) {
      kind = g_str_has_prefix (l, "m=audio") ? 'a' : g_str_has_prefix (l, "m=video") ? 'v' : 0;
    } else if (g_str_has_prefix (l, "a=ice-ufrag:")) {
      set_once (&s->remote_ufrag, l + strlen ("a=ice-ufrag:"));
    } else if (g_str_has_prefix (l, "a=ice-pwd:")) {
      set_once (&s->remote_pwd, l + strlen ("a=ice-pwd:"));
    } else if (g_str_has_prefix (l, "a=fingerprint:")) {
      set_once (&s->remote_fingerprint, l + strlen ("a=fingerprint:"));
    } else if (g_str_has_prefix (l, "a=setup:")) {
      set_once (&setup, l + strlen ("a=setup:"));
    } else if (strcmp (l, "a=ice-lite") == 0) {
      ice_lite = TRUE;
    } else if (g_str_has_prefix (l, "a=candidate:")) {
      add_candidate_line (s, l);
    } else if (g_str_has_prefix (l, "a=rtpmap:") && kind != 0) {
      guint pt = (guint) g_ascii_strtoull (l + strlen ("a=rtpmap:"), NULL, 10);
      const gchar *enc = strchr (l, ' ');
      /* Only the media codecs count: RTX, RED and FEC streams have their own SSRCs
       * and sequence numbers that are not the viewer's picture or sound. */
      if (pt < 128 && enc != NULL) {
        if (kind == 'v' && g_ascii_strncasecmp (enc + 1, "H264/", 5) == 0) {
          s->pt_kind[pt] = 2;
          if (s->video_pt == 0)
            s->video_pt = pt;
        } else if (kind == 'a' && g_ascii_strncasecmp (enc + 1, "opus/", 5) == 0) {
          s->pt_kind[pt] = 1;
        }
      }
    }
  }
  if (s->remote_ufrag == NULL || s->remote_pwd == NULL || s->remote_fingerprint == NULL) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "the remote SDP lacks ice-ufrag, ice-pwd or fingerprint");
    return FALSE;
  }
  if (s->video_pt == 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the remote SDP has no H264");
    return FALSE;
  }
  /* Offerer (Janus, actpass): we answer active and connect. Answerer (WHEP): the answer
   * says which side connects. An ICE-lite peer is never controlling. */
  s->dtls_role = (!offerer && setup != NULL && strcmp (setup, "active") == 0)
    ? TRIBUNE_DTLS_SERVER : TRIBUNE_DTLS_CLIENT;
  s->controlling = !offerer || ice_lite;
  return TRUE;
}

static void
append_transport (GString *sdp, WlSession *s, gboolean with_candidate, const gchar *setup)
{
  g_string_append_printf (sdp,
                          "c=IN IP4 %s\r\n"
                          "a=ice-ufrag:%s\r\n"
                          "a=ice-pwd:%s\r\n"
                          "a=fingerprint:%s\r\n"
                          "a=setup:%s\r\n"
                          "a=rtcp-mux\r\n",
                          s->load->bind, s->local_ufrag, s->local_pwd,
                          tribune_dtls_identity_fingerprint (s->load->identity), setup);
  if (with_candidate)
    g_string_append_printf (sdp,
                            "a=candidate:1 1 udp 2130706431 %s %u typ host\r\n"
                            "a=end-of-candidates\r\n", s->load->bind, s->local_port);
}

gchar *
wl_sdp_build_offer (WlSession *s)
{
  GString *sdp = g_string_new (NULL);

  g_string_append_printf (sdp,
                          "v=0\r\n"
                          "o=- %u 2 IN IP4 %s\r\n"
                          "s=-\r\n"
                          "t=0 0\r\n"
                          "a=group:BUNDLE 0 1\r\n"
                          "a=msid-semantic: WMS\r\n", g_random_int (), s->load->bind);
  g_string_append_printf (sdp, "m=audio %u UDP/TLS/RTP/SAVPF %d\r\n", s->local_port,
                          AUDIO_PT);
  append_transport (sdp, s, TRUE, "actpass");
  g_string_append_printf (sdp,
                          "a=mid:0\r\n"
                          "a=recvonly\r\n"
                          "a=rtpmap:%d opus/48000/2\r\n"
                          "a=fmtp:%d minptime=10;useinbandfec=1\r\n", AUDIO_PT, AUDIO_PT);
  g_string_append_printf (sdp, "m=video %u UDP/TLS/RTP/SAVPF %d\r\n", s->local_port,
                          VIDEO_PT);
  append_transport (sdp, s, TRUE, "actpass");
  g_string_append_printf (sdp,
                          "a=mid:1\r\n"
                          "a=recvonly\r\n"
                          "a=rtcp-rsize\r\n"
                          "a=rtpmap:%d H264/90000\r\n"
                          "a=rtcp-fb:%d nack\r\n"
                          "a=rtcp-fb:%d nack pli\r\n"
                          "a=rtcp-fb:%d ccm fir\r\n"
                          "a=fmtp:%d level-asymmetry-allowed=1;packetization-mode=1;"
                          "profile-level-id=42e01f\r\n",
                          VIDEO_PT, VIDEO_PT, VIDEO_PT, VIDEO_PT, VIDEO_PT);
  return g_string_free (sdp, FALSE);
}

/* The answer to Janus's offer: each m-section in order, its first H264 (video) or Opus
 * (audio) payload type, recvonly; anything else rejected with port 0. */
gchar *
wl_sdp_build_answer (WlSession *s, const gchar *offer)
{
  g_auto (GStrv) lines = g_strsplit (offer, "\n", -1);
  GString *sdp = g_string_new (NULL);
  g_autoptr (GString) section = NULL;
  gboolean first = TRUE;
  gint chosen = -1;
  gchar kind = 0;
  g_autofree gchar *mid = NULL, *fmtp = NULL;

  g_string_append_printf (sdp, "v=0\r\no=- %u 2 IN IP4 %s\r\ns=-\r\nt=0 0\r\n",
                          g_random_int (), s->load->bind);
  for (guint i = 0; lines[i] != NULL; i++) {
    gchar *l = g_strchomp (lines[i]);
    if (g_str_has_prefix (l, "a=group:BUNDLE") && kind == 0 && mid == NULL)
      g_string_append_printf (sdp, "%s\r\n", l);
  }
  /* One pass per m-section: collect, then write when the next one starts. */
  for (guint i = 0;; i++) {
    gchar *l = lines[i] ? g_strchomp (lines[i]) : NULL;
    if (l == NULL || g_str_has_prefix (l, "m=")) {
      if (kind != 0) {
        const gchar *media = kind == 'v' ? "video" : kind == 'a' ? "audio" : "application";
        if (chosen < 0 || kind == 'x') {
          g_string_append_printf (sdp, "m=%s 0 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\n",
                                  media);
          if (mid)
            g_string_append_printf (sdp, "a=mid:%s\r\na=inactive\r\n", mid);
        } else {
          g_string_append_printf (sdp, "m=%s %u UDP/TLS/RTP/SAVPF %d\r\n", media,
                                  s->local_port, chosen);
          append_transport (sdp, s, first, "active");
          first = FALSE;
          if (mid)
            g_string_append_printf (sdp, "a=mid:%s\r\n", mid);
          g_string_append (sdp, "a=recvonly\r\n");
          g_string_append_printf (sdp, kind == 'v' ? "a=rtpmap:%d H264/90000\r\n"
                                                   : "a=rtpmap:%d opus/48000/2\r\n", chosen);
          if (kind == 'v')
            g_string_append_printf (sdp, "a=rtcp-fb:%d nack\r\na=rtcp-fb:%d nack pli\r\n"
                                    "a=rtcp-fb:%d ccm fir\r\n", chosen, chosen, chosen);
          if (fmtp)
            g_string_append_printf (sdp, "%s\r\n", fmtp);
        }
      }
      if (l == NULL)
        break;
      kind = g_str_has_prefix (l, "m=video") ? 'v' : g_str_has_prefix (l, "m=audio") ? 'a' : 'x';
      chosen = -1;
      g_clear_pointer (&mid, g_free);
      g_clear_pointer (&fmtp, g_free);
    } else if (kind != 0 && g_str_has_prefix (l, "a=mid:")) {
      mid = g_strdup (l + strlen ("a=mid:"));
    } else if (kind != 0 && chosen < 0 && g_str_has_prefix (l, "a=rtpmap:")) {
      gint pt = (gint) g_ascii_strtoll (l + strlen ("a=rtpmap:"), NULL, 10);
      const gchar *enc = strchr (l, ' ');
      if (enc && ((kind == 'v' && !g_ascii_strncasecmp (enc + 1, "H264/", 5)) ||
                  (kind == 'a' && !g_ascii_strncasecmp (enc + 1, "opus/", 5))))
        chosen = pt;
    } else if (kind != 0 && chosen >= 0 && fmtp == NULL && g_str_has_prefix (l, "a=fmtp:") &&
               g_ascii_strtoll (l + strlen ("a=fmtp:"), NULL, 10) == chosen) {
      fmtp = g_strdup (l);
    }
  }
  return g_string_free (sdp, FALSE);
}

/* ---- WHEP ---- */

static void
on_whep_answer (WlSession *s, guint status, SoupMessage *msg, GBytes *body, const gchar *why)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *answer = NULL;
  const gchar *location;

  if (s->state != WL_SIGNALLING)
    return;
  if (status != 201 || body == NULL) {
    wl_session_fail (s, "WHEP POST: HTTP %u%s%s", status, why ? ": " : "", why ? why : "");
    return;
  }
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                           "Location");
  if (location != NULL)
    s->location = g_uri_resolve_relative (s->load->whep_url, location, G_URI_FLAGS_NONE, NULL);
  answer = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (g_getenv ("WEBRTC_LOAD_DEBUG"))
    g_printerr ("---- session %u: WHEP answer\n%s", s->index, answer);
  if (!wl_sdp_apply_remote (s, answer, FALSE, &error)) {
    wl_session_fail (s, "WHEP answer: %s", error->message);
    return;
  }
  wl_session_start_ice (s);
}

/* ---- Janus ---- */

static gchar *
janus_url (WlSession *s, gboolean with_handle)
{
  if (s->janus_session == 0)
    return g_strdup (s->load->janus_url);
  if (with_handle)
    return g_strdup_printf ("%s/%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT, s->load->janus_url,
                            s->janus_session, s->janus_handle);
  return g_strdup_printf ("%s/%" G_GUINT64_FORMAT, s->load->janus_url, s->janus_session);
}

/* @body_json: the request without "transaction"; added here. */
static void
janus_post (WlSession *s, gboolean with_handle, const gchar *body_json, HttpDone done)
{
  g_autofree gchar *url = janus_url (s, with_handle);
  g_autofree gchar *body = g_strdup_printf ("{\"transaction\":\"t%u\",%s", g_random_int (),
                                            body_json + 1);

  http (s, "POST", url, "application/json", body, done);
}

static JsonObject *
parse_object (GBytes *body, JsonParser *parser)
{
  JsonNode *root;

  if (body == NULL || !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                   (gssize) g_bytes_get_size (body), NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

static void janus_poll (WlSession *s);

static void
janus_handle_event (WlSession *s, JsonObject *ev)
{
  const gchar *type = json_object_get_string_member_with_default (ev, "janus", "");

  if (strcmp (type, "event") == 0 && json_object_has_member (ev, "jsep")) {
    JsonObject *jsep = json_object_get_object_member (ev, "jsep");
    const gchar *sdp = json_object_get_string_member_with_default (jsep, "sdp", NULL);
    g_autoptr (GError) error = NULL;
    g_autofree gchar *answer = NULL, *answer_json = NULL, *msg = NULL;
    g_autoptr (JsonBuilder) b = json_builder_new ();
    g_autoptr (JsonNode) node = NULL;

    if (s->state != WL_SIGNALLING || sdp == NULL)
      return;
    if (!wl_sdp_apply_remote (s, sdp, TRUE, &error)) {
      wl_session_fail (s, "Janus offer: %s", error->message);
      return;
    }
    answer = wl_sdp_build_answer (s, sdp);
    if (g_getenv ("WEBRTC_LOAD_DEBUG"))
      g_printerr ("---- session %u: Janus offer\n%s---- our answer\n%s", s->index, sdp, answer);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "janus");
    json_builder_add_string_value (b, "message");
    json_builder_set_member_name (b, "body");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "request");
    json_builder_add_string_value (b, "start");
    json_builder_end_object (b);
    json_builder_set_member_name (b, "jsep");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "type");
    json_builder_add_string_value (b, "answer");
    json_builder_set_member_name (b, "sdp");
    json_builder_add_string_value (b, answer);
    json_builder_end_object (b);
    json_builder_end_object (b);
    node = json_builder_get_root (b);
    msg = json_to_string (node, FALSE);
    janus_post (s, TRUE, msg, NULL);
    wl_session_start_ice (s);
  } else if (strcmp (type, "trickle") == 0 && json_object_has_member (ev, "candidate")) {
    JsonObject *c = json_object_get_object_member (ev, "candidate");
    const gchar *line = c ? json_object_get_string_member_with_default (c, "candidate", NULL)
                          : NULL;
    /* Candidates that come after the offer join the checks at the next round. */
    if (line != NULL)
      add_candidate_line (s, line);
  } else if (strcmp (type, "hangup") == 0 && !s->load->stopping) {
    wl_session_fail (s, "Janus hung up: %s",
                     json_object_get_string_member_with_default (ev, "reason", "?"));
  } else if (strcmp (type, "event") == 0) {
    /* A plugin error ("error_code") for the watch request is a failure. */
    JsonObject *pd = json_object_get_object_member (ev, "plugindata");
    JsonObject *data = pd ? json_object_get_object_member (pd, "data") : NULL;
    if (data != NULL && json_object_has_member (data, "error"))
      wl_session_fail (s, "Janus: %s", json_object_get_string_member (data, "error"));
  }
}

static void
on_janus_poll (WlSession *s, guint status, SoupMessage *msg, GBytes *body, const gchar *why)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  s->janus_polling = FALSE;
  if (s->load->stopping || s->state == WL_FAILED || s->state == WL_CLOSED)
    return;
  if (status == 200 && body != NULL &&
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                  (gssize) g_bytes_get_size (body), NULL)) {
    root = json_parser_get_root (parser);
    /* maxev > 1: an array of events; otherwise one object. */
    if (JSON_NODE_HOLDS_ARRAY (root)) {
      JsonArray *a = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (a); i++) {
        JsonNode *n = json_array_get_element (a, i);
        if (JSON_NODE_HOLDS_OBJECT (n))
          janus_handle_event (s, json_node_get_object (n));
      }
    } else if (JSON_NODE_HOLDS_OBJECT (root)) {
      janus_handle_event (s, json_node_get_object (root));
    }
  } else if (status != 200) {
    wl_session_fail (s, "Janus long poll: HTTP %u%s%s", status, why ? ": " : "", why ? why : "");
    return;
  }
  janus_poll (s);
}

static void
janus_poll (WlSession *s)
{
  g_autofree gchar *base = NULL, *url = NULL;

  /* Connected sessions need no events (see the top of the file). */
  if (s->janus_polling || s->state == WL_CONNECTED || s->state == WL_FAILED ||
      s->state == WL_CLOSED)
    return;
  base = janus_url (s, FALSE);
  url = g_strdup_printf ("%s?maxev=10&rid=%u", base, g_random_int ());
  s->janus_polling = TRUE;
  http (s, "GET", url, NULL, NULL, on_janus_poll);
}

static gboolean
janus_check (WlSession *s, guint status, GBytes *body, const gchar *why, JsonParser *parser,
             const gchar *what, guint64 *id)
{
  JsonObject *o = parse_object (body, parser);
  const gchar *type = o ? json_object_get_string_member_with_default (o, "janus", "") : "";

  if (status != 200 || o == NULL || (strcmp (type, "success") && strcmp (type, "ack"))) {
    JsonObject *err = o && json_object_has_member (o, "error")
      ? json_object_get_object_member (o, "error") : NULL;
    wl_session_fail (s, "Janus %s: HTTP %u %s", what, status,
                     err ? json_object_get_string_member_with_default (err, "reason", "")
                         : why ? why : type);
    return FALSE;
  }
  if (id != NULL) {
    JsonObject *data = json_object_has_member (o, "data")
      ? json_object_get_object_member (o, "data") : NULL;
    *id = data ? (guint64) json_object_get_int_member_with_default (data, "id", 0) : 0;
    if (*id == 0) {
      wl_session_fail (s, "Janus %s: no id", what);
      return FALSE;
    }
  }
  return TRUE;
}

static void
on_janus_watch (WlSession *s, guint status, SoupMessage *msg, GBytes *body, const gchar *why)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (s->state == WL_SIGNALLING)
    (void) janus_check (s, status, body, why, parser, "watch", NULL);
}

static void
on_janus_attached (WlSession *s, guint status, SoupMessage *msg, GBytes *body, const gchar *why)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree gchar *watch = NULL;

  if (s->state != WL_SIGNALLING ||
      !janus_check (s, status, body, why, parser, "attach", &s->janus_handle))
    return;
  watch = g_strdup_printf ("{\"janus\":\"message\",\"body\":{\"request\":\"watch\","
                           "\"id\":%" G_GUINT64_FORMAT "}}", s->load->mountpoint);
  janus_post (s, TRUE, watch, on_janus_watch);
  janus_poll (s);
}

static void
on_janus_created (WlSession *s, guint status, SoupMessage *msg, GBytes *body, const gchar *why)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (s->state != WL_SIGNALLING ||
      !janus_check (s, status, body, why, parser, "create", &s->janus_session))
    return;
  s->next_keepalive_us = g_get_monotonic_time () + KEEPALIVE_US;
  janus_post (s, FALSE, "{\"janus\":\"attach\",\"plugin\":\"janus.plugin.streaming\"}",
              on_janus_attached);
}

/* ---- common ---- */

void
wl_signal_start (WlSession *s)
{
  if (s->load->whep_url != NULL) {
    g_autofree gchar *offer = wl_sdp_build_offer (s);
    http (s, "POST", s->load->whep_url, "application/sdp", offer, on_whep_answer);
  } else {
    janus_post (s, FALSE, "{\"janus\":\"create\"}", on_janus_created);
  }
}

void
wl_signal_tick (WlSession *s, gint64 now)
{
  if (s->janus_session != 0 && now >= s->next_keepalive_us && s->state != WL_CLOSED) {
    janus_post (s, FALSE, "{\"janus\":\"keepalive\"}", NULL);
    s->next_keepalive_us = now + KEEPALIVE_US;
  }
}

static void
on_teardown_step (WlSession *s, guint status, SoupMessage *msg, GBytes *body, const gchar *why)
{
  /* Janus: hangup → detach → destroy, one after the other (each needs the previous). */
  s->teardown_step++;
  if (s->janus_handle != 0 && s->teardown_step == 1) {
    janus_post (s, TRUE, "{\"janus\":\"detach\"}", on_teardown_step);
  } else if (s->janus_session != 0 && s->teardown_step <= 2) {
    janus_post (s, FALSE, "{\"janus\":\"destroy\"}", on_teardown_step);
  } else {
    wl_session_finished_teardown (s);
  }
}

/* Ends the session on the server; calls wl_session_finished_teardown when done. */
void
wl_signal_stop (WlSession *s)
{
  if (s->load->whep_url != NULL && s->location != NULL) {
    s->teardown_step = 2;
    http (s, "DELETE", s->location, NULL, NULL, on_teardown_step);
  } else if (s->janus_handle != 0) {
    janus_post (s, TRUE, "{\"janus\":\"hangup\"}", on_teardown_step);
  } else if (s->janus_session != 0) {
    s->teardown_step = 1;
    on_teardown_step (s, 0, NULL, NULL, NULL);
  } else {
    wl_session_finished_teardown (s);
  }
}
