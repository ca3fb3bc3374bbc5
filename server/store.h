/* store.h — Tribune's SQLite database: the connection and its schema migrations.
 *
 * One file, `DATA/tribune.db`, in WAL mode with foreign keys on and a busy timeout, so a
 * crash never loses a committed write and readers never block the writer. The schema is
 * versioned with PRAGMA user_version: at open, every migration newer than the file's
 * version runs in order, each in one IMMEDIATE transaction, so a database from any
 * earlier release opens and is brought up to date (and a failed migration leaves the file
 * at the last good version). A database newer than this binary is refused, not guessed at.
 *
 * The queries for each table group live in their own files (store-*.c) and take the
 * TribuneStore. Threads: a store is used by one thread at a time (the main thread).
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _TribuneStore TribuneStore;

/* Open (creating if needed) @path and migrate it to the newest schema. */
TribuneStore *tribune_store_open (const gchar *path, GError **error);
void tribune_store_close (TribuneStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneStore, tribune_store_close)

sqlite3 *tribune_store_db (TribuneStore *store);
/* The schema version of the open file (== tribune_store_latest_version () after open). */
gint tribune_store_version (TribuneStore *store);
gint tribune_store_latest_version (void);
/* Run PRAGMA integrity_check; TRUE when it says "ok". */
gboolean tribune_store_check_integrity (TribuneStore *store, GError **error);

/* For tests of migrations: open @path and migrate only up to @version. */
TribuneStore *tribune_store_open_at_version (const gchar *path, gint version,
                                             GError **error);

G_END_DECLS
