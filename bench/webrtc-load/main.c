/* main.c — the WebRTC viewer load client's command line, life cycle and report
 * (see webrtc-load.h for the design).
 *
 *   webrtc-load (--whep URL | --janus URL --mountpoint ID) --viewers N [--duration S]
 *               [--ramp PER_SECOND] [--decode K] [--bind 127.0.0.1] [--json FILE] [--quiet]
 *
 * Life cycle: sessions start at --ramp per second; once every one is connected or has
 * failed, the measuring window opens (counters restart, CPU is sampled) and lasts
 * --duration seconds; then every session is ended properly (DTLS close_notify, WHEP
 * DELETE or Janus hangup/detach/destroy) and the report is printed and written.
 * SIGINT/SIGTERM close the window early and end the same way.
 */
#include "webrtc-load.h"

#include <arpa/inet.h>
#include <glib-unix.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/resource.h>

#define TICK_MS 20
#define TEARDOWN_TIMEOUT_US (10 * G_USEC_PER_SEC)
#define STALL_US (3 * G_USEC_PER_SEC)

static gdouble
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec / 1e6;
}

gboolean
wl_log_enabled (WlLoad *load)
{
  return !load->quiet;
}

static void
start_session (WlLoad *load)
{
  WlSession *s = g_new0 (WlSession, 1);
  g_autoptr (GError) error = NULL;

  s->load = load;
  s->index = load->sessions->len;
  s->fd = -1;
  s->state = WL_SIGNALLING;
  s->started_us = g_get_monotonic_time ();
  g_ptr_array_add (load->sessions, s);
  load->started++;
  if (!wl_session_open_socket (s, &error)) {
    wl_session_fail (s, "%s", error->message);
    return;
  }
  wl_signal_start (s);
}

void
wl_session_connected (WlSession *s)
{
  WlLoad *load = s->load;
  g_autoptr (GError) error = NULL;

  s->state = WL_CONNECTED;
  s->connected_us = s->last_media_us = g_get_monotonic_time ();
  load->connected++;
  /* The decoded sample: the first K sessions to connect. */
  if (load->decoders < load->decode) {
    load->decoders++;
    s->decoder = wl_decoder_new (s->video_pt, &error);
    if (s->decoder == NULL)
      g_printerr ("webrtc-load: session %u: no decoder: %s\n", s->index, error->message);
    s->next_pli_us = s->connected_us;           /* a key frame now, not at the next GOP */
  }
  if (!load->quiet && (load->connected % 50 == 0 || load->connected == load->viewers))
    g_printerr ("webrtc-load: %u/%u connected (%s)\n", load->connected, load->viewers,
                tribune_dtls_srtp_get_profile (s->dtls));
}

static void
finish (WlLoad *load);

void
wl_session_finished_teardown (WlSession *s)
{
  if (s->state != WL_CLOSED)
    s->state = s->state == WL_FAILED ? WL_FAILED : WL_CLOSED;
  if (s->load->teardown_pending > 0 && --s->load->teardown_pending == 0)
    g_main_loop_quit (s->load->loop);
}

static void
open_window (WlLoad *load)
{
  load->all_done_us = load->window_start_us = g_get_monotonic_time ();
  for (guint i = 0; i < load->sessions->len; i++)
    wl_session_begin_window (g_ptr_array_index (load->sessions, i));
  load->measuring = TRUE;
  load->cpu_window_s = -cpu_seconds ();
  /* Always, --quiet or not: bench/fanout.sh waits for "; measuring" to start its own
   * window. */
  g_printerr ("webrtc-load: %u connected, %u failed; measuring %.0f s\n", load->connected,
              load->failed, load->duration);
}

static void
close_window_and_stop (WlLoad *load)
{
  gint64 now = g_get_monotonic_time ();

  if (load->stopping)
    return;
  load->stopping = TRUE;
  if (load->measuring) {
    load->cpu_window_s += cpu_seconds ();
    load->window_end_us = now;
    load->measuring = FALSE;
  } else {
    load->window_start_us = load->window_end_us = now;
    load->cpu_window_s = 0;
  }
  load->socket_drops = wl_media_socket_drops (load);
  load->teardown_pending = load->sessions->len;
  if (load->teardown_pending == 0) {
    g_main_loop_quit (load->loop);
    return;
  }
  for (guint i = 0; i < load->sessions->len; i++) {
    WlSession *s = g_ptr_array_index (load->sessions, i);
    wl_session_close_media (s);
    wl_signal_stop (s);
  }
}

static gboolean
on_tick (gpointer user_data)
{
  WlLoad *load = user_data;
  gint64 now = g_get_monotonic_time ();
  guint due, settled = 0;

  if (load->stopping) {
    if (now - load->window_end_us > TEARDOWN_TIMEOUT_US) {
      g_printerr ("webrtc-load: %u sessions not ended after %d s; giving up on them\n",
                  load->teardown_pending, (int) (TEARDOWN_TIMEOUT_US / G_USEC_PER_SEC));
      g_main_loop_quit (load->loop);
    }
    return G_SOURCE_CONTINUE;
  }
  due = MIN (load->viewers, (guint) ((now - load->t0_us) * load->ramp / G_USEC_PER_SEC) + 1);
  while (load->started < due)
    start_session (load);
  for (guint i = 0; i < load->sessions->len; i++) {
    WlSession *s = g_ptr_array_index (load->sessions, i);
    wl_session_tick (s, now);
    wl_signal_tick (s, now);
    if (s->state == WL_CONNECTED || s->state == WL_FAILED)
      settled++;
  }
  if (!load->measuring && load->started == load->viewers && settled == load->viewers)
    open_window (load);
  if (load->measuring && now - load->window_start_us >= load->duration * G_USEC_PER_SEC)
    close_window_and_stop (load);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal (gpointer user_data)
{
  close_window_and_stop (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- report ---- */

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of @v (sorted here); 0 when empty. */
static gdouble
percentile (GArray *v, gdouble p)
{
  if (v->len == 0)
    return 0;
  g_array_sort (v, cmp_double);
  guint rank = (guint) MAX (1.0, (p / 100.0) * v->len + 0.999999);
  return g_array_index (v, gdouble, MIN (rank, v->len) - 1);
}

#define ADD(b, name, kind, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_##kind##_value (b, value); } G_STMT_END

static void
finish (WlLoad *load)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (GArray) connect_ms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_autoptr (GArray) loss = g_array_new (FALSE, FALSE, sizeof (gdouble));
  gdouble window_s = (load->window_end_us - load->window_start_us) / 1e6;
  guint64 all_expected = 0, all_lost = 0;
  guint ok = 0, failed = 0, stalled = 0;
  gdouble cpu_pct = window_s > 0 ? 100.0 * load->cpu_window_s / window_s : 0;

  json_builder_begin_object (b);
  ADD (b, "target", string, load->whep_url ? "whep" : "janus");
  ADD (b, "viewers_requested", int, load->viewers);
  json_builder_set_member_name (b, "failures");
  json_builder_begin_array (b);
  for (guint i = 0; i < load->sessions->len; i++) {
    WlSession *s = g_ptr_array_index (load->sessions, i);
    if (s->failure == NULL)
      continue;
    failed++;
    json_builder_begin_object (b);
    ADD (b, "session", int, s->index);
    ADD (b, "reason", string, s->failure);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "sessions");
  json_builder_begin_array (b);
  for (guint i = 0; i < load->sessions->len; i++) {
    WlSession *s = g_ptr_array_index (load->sessions, i);
    guint64 vp = 0, ap = 0, vl = 0, al = 0, bytes = 0, expected = 0;
    gboolean is_stalled;
    if (s->connected_us == 0)
      continue;
    gdouble ms = (s->connected_us - s->started_us) / 1000.0;
    g_array_append_val (connect_ms, ms);
    if (s->failure == NULL)
      ok++;
    for (guint k = 0; k < s->n_streams; k++) {
      WlStream *st = &s->streams[k];
      guint64 exp = st->baseline ? st->highest_ext - st->first_ext + 1 : 0;
      guint64 lost = exp > st->received ? exp - st->received : 0;
      expected += exp;
      bytes += st->bytes;
      if (st->video) {
        vp += st->received;
        vl += lost;
      } else {
        ap += st->received;
        al += lost;
      }
    }
    /* No media for the last seconds of the window: the tail the sequence numbers
     * cannot show (a server that silently dropped the viewer). */
    is_stalled = load->window_end_us - s->last_media_us > STALL_US;
    stalled += is_stalled;
    gdouble pct = expected ? 100.0 * (vl + al) / expected : (is_stalled ? 100.0 : 0);
    all_expected += expected;
    all_lost += vl + al;
    g_array_append_val (loss, pct);
    json_builder_begin_object (b);
    ADD (b, "index", int, s->index);
    ADD (b, "video_packets", int, vp);
    ADD (b, "audio_packets", int, ap);
    ADD (b, "video_lost", int, vl);
    ADD (b, "audio_lost", int, al);
    ADD (b, "loss_pct", double, pct);
    ADD (b, "kbps", double, window_s > 0 ? bytes * 8 / window_s / 1000 : 0);
    ADD (b, "connect_ms", double, ms);
    if (is_stalled)
      ADD (b, "stalled", boolean, TRUE);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  ADD (b, "viewers_connected", int, ok);
  ADD (b, "viewers_failed", int, failed);
  ADD (b, "viewers_stalled", int, stalled);
  gdouble c50 = percentile (connect_ms, 50), c95 = percentile (connect_ms, 95);
  json_builder_set_member_name (b, "connect_ms");
  json_builder_begin_object (b);
  ADD (b, "median", double, c50);
  ADD (b, "p95", double, c95);
  json_builder_end_object (b);
  ADD (b, "duration_s", double, window_s);
  gdouble l50 = percentile (loss, 50), lmax = loss->len ? g_array_index (loss, gdouble,
                                                                          loss->len - 1) : 0;
  gdouble ltot = all_expected ? 100.0 * all_lost / all_expected : 0;
  json_builder_set_member_name (b, "loss_pct");
  json_builder_begin_object (b);
  ADD (b, "median", double, l50);
  ADD (b, "max", double, lmax);
  ADD (b, "total", double, ltot);
  json_builder_end_object (b);

  g_autoptr (GString) decoded_text = g_string_new (NULL);
  json_builder_set_member_name (b, "decoded");
  json_builder_begin_array (b);
  for (guint i = 0; i < load->sessions->len; i++) {
    WlSession *s = g_ptr_array_index (load->sessions, i);
    guint64 frames, wframes, keys;
    gint w, h;
    if (s->decoder == NULL)
      continue;
    wl_decoder_stats (s->decoder, &frames, &wframes, &keys, &w, &h);
    gdouble fps = window_s > 0 ? wframes / window_s : 0;
    json_builder_begin_object (b);
    ADD (b, "index", int, s->index);
    ADD (b, "frames", int, frames);
    ADD (b, "keyframes", int, keys);
    ADD (b, "width", int, w);
    ADD (b, "height", int, h);
    ADD (b, "fps", double, fps);
    json_builder_end_object (b);
    g_string_append_printf (decoded_text, "  decoded: session %u %dx%d %.1f fps, %" G_GUINT64_FORMAT
                            " frames (%" G_GUINT64_FORMAT " key frames)\n", s->index, w, h,
                            fps, frames, keys);
  }
  json_builder_end_array (b);
  ADD (b, "client_cpu_pct", double, cpu_pct);
  ADD (b, "client_socket_drops", int, load->socket_drops);
  json_builder_end_object (b);

  g_print ("webrtc-load: %s, %u viewers requested: %u connected, %u failed, %u stalled\n"
           "  connect: median %.0f ms, p95 %.0f ms\n"
           "  loss over %.1f s: median %.3f%%, max %.3f%%, total %.3f%% "
           "(client socket drops %" G_GUINT64_FORMAT ")\n"
           "%s"
           "  client CPU: %.1f%% of one core, %.3f%% per connected viewer\n",
           load->whep_url ? "WHEP" : "Janus", load->viewers, ok, failed, stalled, c50, c95,
           window_s, l50, lmax, ltot, load->socket_drops, decoded_text->str, cpu_pct,
           ok ? cpu_pct / ok : 0);

  if (load->json_path != NULL) {
    g_autoptr (JsonGenerator) gen = json_generator_new ();
    g_autoptr (JsonNode) root = json_builder_get_root (b);
    g_autoptr (GError) error = NULL;
    json_generator_set_root (gen, root);
    json_generator_set_pretty (gen, TRUE);
    if (!json_generator_to_file (gen, load->json_path, &error))
      g_printerr ("webrtc-load: %s\n", error->message);
  }
}

int
main (int argc, char **argv)
{
  WlLoad load = { .ramp = 50, .decode = 1, .duration = 30 };
  gint viewers = 0, ramp = 50, decode = 1;
  gint64 mountpoint = 0;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *bind = NULL;
  GOptionEntry entries[] = {
    { "whep", 0, 0, G_OPTION_ARG_STRING, &load.whep_url, "WHEP endpoint (Tribune)", "URL" },
    { "janus", 0, 0, G_OPTION_ARG_STRING, &load.janus_url, "Janus HTTP API base", "URL" },
    { "mountpoint", 0, 0, G_OPTION_ARG_INT64, &mountpoint, "Streaming mountpoint", "ID" },
    { "viewers", 0, 0, G_OPTION_ARG_INT, &viewers, "Sessions to open", "N" },
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &load.duration,
      "Seconds to measure after the last connected (30)", "S" },
    { "ramp", 0, 0, G_OPTION_ARG_INT, &ramp, "Sessions started per second (50)", "N" },
    { "decode", 0, 0, G_OPTION_ARG_INT, &decode, "Sessions that decode video (1)", "K" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind, "Local IPv4 address (127.0.0.1)", "ADDR" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &load.json_path, "Write the report here", "FILE" },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &load.quiet, "No progress on stderr", NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- WebRTC viewer load client");

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("webrtc-load: %s\n", error->message);
    return 2;
  }
  load.bind = bind ? g_steal_pointer (&bind) : g_strdup ("127.0.0.1");
  if ((load.whep_url == NULL) == (load.janus_url == NULL) || viewers < 1 || ramp < 1 ||
      decode < 0 || load.duration < 0 || (load.janus_url && mountpoint <= 0) ||
      inet_pton (AF_INET, load.bind, &load.bind_addr) != 1) {
    g_printerr ("usage: webrtc-load (--whep URL | --janus URL --mountpoint ID) --viewers N "
                "[--duration S] [--ramp PER_SECOND] [--decode K] [--bind IPV4] "
                "[--json FILE] [--quiet]\n");
    return 2;
  }
  if (load.janus_url != NULL && g_str_has_suffix (load.janus_url, "/"))
    load.janus_url[strlen (load.janus_url) - 1] = '\0';
  load.viewers = viewers;
  load.ramp = ramp;
  load.decode = decode;
  load.mountpoint = mountpoint;
  if (decode > 0)
    gst_init (&argc, &argv);
  signal (SIGPIPE, SIG_IGN);

  load.identity = tribune_dtls_identity_new (&error);
  if (load.identity == NULL) {
    g_printerr ("webrtc-load: DTLS identity: %s\n", error->message);
    return 1;
  }
  load.loop = g_main_loop_new (NULL, FALSE);
  /* Every session may have a request in flight (Janus long polls until connected). */
  load.http = soup_session_new_with_options ("max-conns", 4 * viewers + 16,
                                             "max-conns-per-host", 4 * viewers + 16,
                                             "timeout", 90, NULL);
  load.sessions = g_ptr_array_new ();
  wl_media_attach (&load);
  g_unix_signal_add (SIGINT, on_signal, &load);
  g_unix_signal_add (SIGTERM, on_signal, &load);
  load.t0_us = g_get_monotonic_time ();
  g_timeout_add (TICK_MS, on_tick, &load);
  g_main_loop_run (load.loop);

  finish (&load);
  for (guint i = 0; i < load.sessions->len; i++) {
    WlSession *s = g_ptr_array_index (load.sessions, i);
    wl_decoder_free (s->decoder);
    if (s->dtls)
      tribune_dtls_srtp_free (s->dtls);
  }
  return load.connected > 0 || viewers == 0 ? 0 : 1;
}
