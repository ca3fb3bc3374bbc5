/* cli-user.c — see cli-user.h.
 *
 * The password comes from standard input when it is not a terminal (one line, for
 * scripts: `printf '%s\n' "$PW" | tribune user add …`); otherwise a random one is made
 * and printed once. It is never put on the command line, where `ps` would show it.
 */
#include "cli-user.h"
#include "store-users.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static gchar *
read_password_line (void)
{
  char buf[512];
  gsize len;

  if (fgets (buf, sizeof buf, stdin) == NULL)
    return NULL;
  len = strcspn (buf, "\r\n");
  buf[len] = '\0';
  return len > 0 ? g_strdup (buf) : NULL;
}

int
tribune_cli_user (int argc, char **argv)
{
  g_autofree gchar *role = NULL;
  g_autofree gchar *data_dir = NULL;
  GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role,
      "admin, chair, member or archivist", "ROLE" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Data directory with tribune.db (default ./data)", "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new ("add NAME - create an account");
  g_autoptr (GError) error = NULL;
  g_autoptr (TribuneStore) store = NULL;
  g_autofree gchar *db_path = NULL;
  g_autofree gchar *password = NULL;
  gboolean generated = FALSE;
  gint64 id;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
      "The password is read from standard input (one line) when that is not a terminal;\n"
      "otherwise a random password is made and printed once.");
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("tribune user: %s\n", error->message);
    return 2;
  }
  if (argc != 3 || !g_str_equal (argv[1], "add")) {
    g_printerr ("usage: tribune user add NAME --role ROLE [--data DIR]\n");
    return 2;
  }
  if (!tribune_role_is_valid (role)) {
    g_printerr ("tribune user: --role must be admin, chair, member or archivist\n");
    return 2;
  }
  if (g_mkdir_with_parents (data_dir ? data_dir : "data", 0750) != 0) {
    g_printerr ("tribune user: cannot create %s\n", data_dir ? data_dir : "data");
    return 1;
  }
  db_path = g_build_filename (data_dir ? data_dir : "data", "tribune.db", NULL);
  store = tribune_store_open (db_path, &error);
  if (store == NULL) {
    g_printerr ("tribune user: %s\n", error->message);
    return 1;
  }
  if (!isatty (STDIN_FILENO))
    password = read_password_line ();
  if (password == NULL) {
    password = tribune_password_generate ();
    generated = TRUE;
  }
  id = tribune_store_user_add (store, argv[2], password, role, &error);
  if (id == 0) {
    g_printerr ("tribune user: %s\n", error->message);
    return 1;
  }
  g_print ("added user %s (%s, id %" G_GINT64_FORMAT ")\n", argv[2], role, id);
  if (generated)
    g_print ("password (shown only now): %s\n", password);
  memset (password, 0, strlen (password));
  return 0;
}
