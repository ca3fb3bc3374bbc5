/* main.c — the tribune daemon: parse the command line, load the config, start the rooms
 * and the HTTP server, run until SIGINT/SIGTERM. */
#include "app.h"
#include "cli-user.h"
#include "config.h"
#include "main-loop-watch.h"
#include "plugin-check.h"
#include "tribune-build.h"

#include <glib-unix.h>
#include <gst/gst.h>
#include <stdio.h>

/* The main loop turns every few ms; a second and a half without a turn is a stall worth
 * a log line (main-loop-watch.h). */
#define MAIN_LOOP_STALL_MS 1500

static gboolean
on_signal (gpointer user_data)
{
  g_message ("stopping");
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  g_autofree gchar *config_path = NULL;
  g_autofree gchar *data_dir = NULL;
  gint port = -1;
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
      "Configuration file (default: built-in demo room)", "FILE" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "HTTP port (0: any free port)", "N" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Data directory for HLS segments (default ./data)", "DIR" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("- media server for neighbourhood councils");
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  TribuneConfig *config;
  TribuneApp *app;
  TribuneMainLoopWatch *watch;

  /* Subcommands work on the data directory without starting the server. */
  if (argc >= 2 && g_str_equal (argv[1], "user"))
    return tribune_cli_user (argc - 1, argv + 1);

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  g_option_context_set_description (ctx,
      "Open http://localhost:8080/ after start. Configuration: see tribune.conf.example.\n"
      "Accounts: tribune user add NAME --role ROLE [--data DIR] (see --help there).");
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("tribune: %s\nTry tribune --help\n", error->message);
    return 2;
  }
  if (version) {
    g_print ("tribune %s\n", TRIBUNE_VERSION);
    return 0;
  }
  if (port > 65535) {
    g_printerr ("tribune: --port must be 0 to 65535\n");
    return 2;
  }
  if (!tribune_plugins_check (&error)) {
    g_printerr ("tribune: %s\n", error->message);
    return 1;
  }

  config = config_path ? tribune_config_load_file (config_path, &error)
                       : tribune_config_new_default ();
  if (config == NULL) {
    g_printerr ("tribune: %s\n", error->message);
    return 1;
  }
  if (port >= 0)
    config->port = (guint) port;
  if (data_dir) {
    g_free (config->data_dir);
    config->data_dir = g_steal_pointer (&data_dir);
  }

  app = tribune_app_new (config, &error);
  if (app == NULL || !tribune_app_listen (app, &error)) {
    g_printerr ("tribune: %s\n", error->message);
    tribune_app_free (app);
    tribune_config_free (config);
    return 1;
  }
  /* Tests and scripts read this line to find the port. */
  printf ("tribune: listening on http://127.0.0.1:%u/\n", app->port);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  watch = tribune_main_loop_watch_start (MAIN_LOOP_STALL_MS);
  g_main_loop_run (loop);
  tribune_main_loop_watch_stop (watch);

  tribune_app_free (app);
  tribune_config_free (config);
  gst_deinit ();
  return 0;
}
