/* store.c — see store.h.
 *
 * MIGRATIONS
 * `migrations[i]` brings the schema from version i to i+1. Never edit a released
 * migration: add a new one. Each runs inside BEGIN IMMEDIATE … COMMIT together with
 * the PRAGMA user_version bump, so the version always names the schema on disk.
 */
#include "store.h"
#include "tribune-error.h"

struct _TribuneStore {
  sqlite3 *db;
};

static const char *const migrations[] = {
  /* 0 → 1: councils, accounts, rooms, meetings and their agendas, recordings and the
   * chapters that map agenda items onto them. Times are ISO 8601 UTC text. */
  "CREATE TABLE councils (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64),\n"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
  ");\n"
  "CREATE TABLE users (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  username TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),\n"
  "  password_hash TEXT NOT NULL,\n"
  "  role TEXT NOT NULL CHECK (role IN ('admin', 'chair', 'member', 'archivist')),\n"
  "  council_id INTEGER REFERENCES councils (id) ON DELETE SET NULL,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
  ");\n"
  "CREATE TABLE sessions (\n"
  "  token_hash TEXT PRIMARY KEY,\n"
  "  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,\n"
  "  expires_at TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE meetings (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  council_id INTEGER NOT NULL REFERENCES councils (id) ON DELETE RESTRICT,\n"
  "  room TEXT NOT NULL,\n"
  "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),\n"
  "  starts_at TEXT NOT NULL,\n"
  "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'live', 'ended')),\n"
  "  current_item_id INTEGER,\n"
  "  started_at TEXT,\n"
  "  ended_at TEXT\n"
  ");\n"
  "CREATE INDEX meetings_by_council_time ON meetings (council_id, starts_at);\n"
  "CREATE TABLE agenda_items (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),\n"
  "  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 4000),\n"
  "  kind TEXT NOT NULL DEFAULT 'discussion' CHECK (kind IN ('opening', 'inspreken',\n"
  "    'advice', 'discussion', 'rondvraag', 'closing'))\n"
  ");\n"
  "CREATE INDEX agenda_by_meeting ON agenda_items (meeting_id, position);\n"
  /* A recording is one continuous run of the recorder for a meeting; a restart after a
   * crash starts a new one, which is the gap marker. Segments are its files. */
  "CREATE TABLE recordings (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,\n"
  "  started_at TEXT NOT NULL,\n"
  "  ended_at TEXT\n"
  ");\n"
  "CREATE TABLE segments (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  recording_id INTEGER NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,\n"
  "  sequence INTEGER NOT NULL,\n"
  "  file TEXT NOT NULL,\n"
  "  start_us INTEGER NOT NULL,      -- wall clock, µs since the epoch\n"
  "  duration_us INTEGER NOT NULL CHECK (duration_us > 0),\n"
  "  bytes INTEGER NOT NULL DEFAULT 0,\n"
  "  UNIQUE (recording_id, sequence)\n"
  ");\n"
  "CREATE INDEX segments_by_time ON segments (recording_id, start_us);\n"
  "CREATE TABLE chapters (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,\n"
  "  item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,\n"
  "  start_us INTEGER NOT NULL,      -- wall clock when the chair made the item current\n"
  "  corrected INTEGER NOT NULL DEFAULT 0\n"
  ");\n"
  "CREATE INDEX chapters_by_meeting ON chapters (meeting_id, start_us);\n",

  /* 1 → 2: full-text search over agenda titles and descriptions (FTS5, kept in step by
   * triggers; later migrations add advices and questions). */
  "CREATE VIRTUAL TABLE agenda_search USING fts5 (\n"
  "  title, description, content='agenda_items', content_rowid='id',\n"
  "  tokenize='unicode61 remove_diacritics 2'\n"
  ");\n"
  "INSERT INTO agenda_search (rowid, title, description)\n"
  "  SELECT id, title, description FROM agenda_items;\n"
  "CREATE TRIGGER agenda_search_insert AFTER INSERT ON agenda_items BEGIN\n"
  "  INSERT INTO agenda_search (rowid, title, description)\n"
  "    VALUES (new.id, new.title, new.description);\n"
  "END;\n"
  "CREATE TRIGGER agenda_search_delete AFTER DELETE ON agenda_items BEGIN\n"
  "  INSERT INTO agenda_search (agenda_search, rowid, title, description)\n"
  "    VALUES ('delete', old.id, old.title, old.description);\n"
  "END;\n"
  "CREATE TRIGGER agenda_search_update AFTER UPDATE ON agenda_items BEGIN\n"
  "  INSERT INTO agenda_search (agenda_search, rowid, title, description)\n"
  "    VALUES ('delete', old.id, old.title, old.description);\n"
  "  INSERT INTO agenda_search (rowid, title, description)\n"
  "    VALUES (new.id, new.title, new.description);\n"
  "END;\n",

  /* 2 → 3: residents' questions, their votes and the moderation log (store-questions.c).
   * A vote is kept as sha256(secret + client key), the secret made here once per database,
   * so no address is ever stored and hashes cannot be compared across installations.
   * Only approved and answered questions are found by search (store-questions.c filters). */
  "CREATE TABLE settings (\n"
  "  key TEXT PRIMARY KEY,\n"
  "  value TEXT NOT NULL\n"
  ");\n"
  "INSERT INTO settings (key, value) VALUES ('vote_secret', lower(hex(randomblob(32))));\n"
  "CREATE TABLE questions (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,\n"
  "  item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,\n"
  "  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),\n"
  "  original_text TEXT,\n"
  "  name TEXT CHECK (length(name) <= 80),\n"
  "  neighbourhood TEXT CHECK (length(neighbourhood) <= 80),\n"
  "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved',\n"
  "    'declined', 'answered', 'merged')),\n"
  "  reason TEXT CHECK (length(reason) <= 200),\n"
  "  merged_into INTEGER REFERENCES questions (id) ON DELETE SET NULL,\n"
  "  votes INTEGER NOT NULL DEFAULT 0,\n"
  "  token_hash TEXT NOT NULL,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  answered_us INTEGER,            -- wall clock, µs since the epoch\n"
  "  on_screen INTEGER NOT NULL DEFAULT 0 CHECK (on_screen IN (0, 1))\n"
  ");\n"
  "CREATE INDEX questions_by_meeting ON questions (meeting_id, status);\n"
  "CREATE TABLE question_votes (\n"
  "  question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,\n"
  "  voter_hash TEXT NOT NULL,\n"
  "  PRIMARY KEY (question_id, voter_hash)\n"
  ");\n"
  "CREATE TABLE moderation_log (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,\n"
  "  question_id INTEGER REFERENCES questions (id) ON DELETE SET NULL,\n"
  "  action TEXT NOT NULL,\n"
  "  reason TEXT CHECK (length(reason) <= 200),\n"
  "  by_username TEXT NOT NULL,\n"
  "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
  ");\n"
  "CREATE INDEX moderation_by_meeting ON moderation_log (meeting_id, id);\n"
  "CREATE VIRTUAL TABLE question_search USING fts5 (\n"
  "  text, content='questions', content_rowid='id',\n"
  "  tokenize='unicode61 remove_diacritics 2'\n"
  ");\n"
  "CREATE TRIGGER question_search_insert AFTER INSERT ON questions BEGIN\n"
  "  INSERT INTO question_search (rowid, text) VALUES (new.id, new.text);\n"
  "END;\n"
  "CREATE TRIGGER question_search_delete AFTER DELETE ON questions BEGIN\n"
  "  INSERT INTO question_search (question_search, rowid, text)\n"
  "    VALUES ('delete', old.id, old.text);\n"
  "END;\n"
  "CREATE TRIGGER question_search_update AFTER UPDATE OF text ON questions BEGIN\n"
  "  INSERT INTO question_search (question_search, rowid, text)\n"
  "    VALUES ('delete', old.id, old.text);\n"
  "  INSERT INTO question_search (rowid, text) VALUES (new.id, new.text);\n"
  "END;\n",
  /* 3 → 4: the advice tracker (store-advices.h, docs/advices.md). Dates of the advice's
   * life (sent_at, deadline, answered_at, escalated_at) are calendar dates YYYY-MM-DD in
   * the council's zone; overdue is computed on reading, never stored. The term is copied
   * from the council when the advice is sent. Nothing is deleted: an advice is withdrawn. */
  "ALTER TABLE councils ADD COLUMN advice_term_days INTEGER NOT NULL DEFAULT 42\n"
  "  CHECK (advice_term_days BETWEEN 1 AND 365);\n"
  "CREATE TABLE advices (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  council_id INTEGER NOT NULL REFERENCES councils (id) ON DELETE RESTRICT,\n"
  "  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),\n"
  "  summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),\n"
  "  text TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 50000),\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('requested', 'unsolicited')),\n"
  "  theme TEXT NOT NULL CHECK (theme IN ('welfare', 'safety', 'public_space', 'traffic',\n"
  "    'housing', 'environment', 'other')),\n"
  "  addressee TEXT NOT NULL CHECK (length(addressee) BETWEEN 1 AND 200),\n"
  "  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent', 'answered',\n"
  "    'escalated', 'withdrawn')),\n"
  "  term_days INTEGER,\n"
  "  sent_at TEXT,\n"
  "  deadline TEXT,\n"
  "  answered_at TEXT,\n"
  "  outcome TEXT CHECK (outcome IN ('adopted', 'partly_adopted', 'not_adopted')),\n"
  "  response TEXT CHECK (length(response) <= 50000),\n"
  "  escalated_at TEXT,\n"
  "  escalation_note TEXT CHECK (length(escalation_note) <= 2000),\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
  ");\n"
  "CREATE INDEX advices_by_council ON advices (council_id, status);\n"
  "CREATE TABLE advice_items (\n"
  "  advice_id INTEGER NOT NULL REFERENCES advices (id) ON DELETE CASCADE,\n"
  "  item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,\n"
  "  PRIMARY KEY (advice_id, item_id)\n"
  ");\n"
  "CREATE INDEX advice_items_by_item ON advice_items (item_id);\n"
  "CREATE TABLE advice_events (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  advice_id INTEGER NOT NULL REFERENCES advices (id) ON DELETE CASCADE,\n"
  "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
  "  action TEXT NOT NULL,\n"
  "  status TEXT NOT NULL,\n"
  "  note TEXT CHECK (length(note) <= 2000),\n"
  "  by_username TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX advice_events_by_advice ON advice_events (advice_id, id);\n"
  "CREATE TABLE advice_attachments (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  advice_id INTEGER NOT NULL REFERENCES advices (id) ON DELETE CASCADE,\n"
  "  kind TEXT NOT NULL CHECK (kind IN ('advice', 'response')),\n"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
  "  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),\n"
  "  bytes INTEGER NOT NULL,\n"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
  ");\n"
  "CREATE VIRTUAL TABLE advice_search USING fts5 (\n"
  "  title, summary, text, content='advices', content_rowid='id',\n"
  "  tokenize='unicode61 remove_diacritics 2'\n"
  ");\n"
  "CREATE TRIGGER advice_search_insert AFTER INSERT ON advices BEGIN\n"
  "  INSERT INTO advice_search (rowid, title, summary, text)\n"
  "    VALUES (new.id, new.title, new.summary, new.text);\n"
  "END;\n"
  "CREATE TRIGGER advice_search_delete AFTER DELETE ON advices BEGIN\n"
  "  INSERT INTO advice_search (advice_search, rowid, title, summary, text)\n"
  "    VALUES ('delete', old.id, old.title, old.summary, old.text);\n"
  "END;\n"
  "CREATE TRIGGER advice_search_update AFTER UPDATE OF title, summary, text ON advices BEGIN\n"
  "  INSERT INTO advice_search (advice_search, rowid, title, summary, text)\n"
  "    VALUES ('delete', old.id, old.title, old.summary, old.text);\n"
  "  INSERT INTO advice_search (rowid, title, summary, text)\n"
  "    VALUES (new.id, new.title, new.summary, new.text);\n"
  "END;\n",

  /* 4 → 5: hybrid meetings (docs/hybrid.md). A participant row is an invite: the link's
   * token (only its SHA-256), how long it works, and the state the chair and the
   * participant set. The meeting remembers its layout, so a restart keeps it. */
  "CREATE TABLE participants (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,\n"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),\n"
  "  kind TEXT NOT NULL DEFAULT 'member' CHECK (kind IN ('member', 'resident')),\n"
  "  token_hash TEXT NOT NULL UNIQUE,\n"
  "  expires_at TEXT NOT NULL,\n"
  "  muted INTEGER NOT NULL DEFAULT 0,\n"
  "  hand_raised INTEGER NOT NULL DEFAULT 0,\n"
  "  removed INTEGER NOT NULL DEFAULT 0,\n"
  "  connected INTEGER NOT NULL DEFAULT 0,\n"
  "  joined_at TEXT,\n"
  "  left_at TEXT,\n"
  "  created_at TEXT NOT NULL,\n"
  "  created_by INTEGER\n"
  ");\n"
  "CREATE INDEX participants_by_meeting ON participants (meeting_id);\n"
  "ALTER TABLE meetings ADD COLUMN layout_kind TEXT NOT NULL DEFAULT 'focus'\n"
  "  CHECK (layout_kind IN ('focus', 'grid', 'hall'));\n"
  "ALTER TABLE meetings ADD COLUMN layout_focus INTEGER;\n"
  /* Residents who ask to speak (inspreken). Admitted, a request gets a participant (kind
   * resident) for the turn; the turn's wall-clock start and end make its chapter. */
  "CREATE TABLE speakers (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,\n"
  "  item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,\n"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),\n"
  "  topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),\n"
  "  status TEXT NOT NULL DEFAULT 'waiting'\n"
  "    CHECK (status IN ('waiting', 'admitted', 'done', 'declined')),\n"
  "  secret_hash TEXT NOT NULL,\n"
  "  participant_id INTEGER REFERENCES participants (id) ON DELETE SET NULL,\n"
  "  created_at TEXT NOT NULL,\n"
  "  started_us INTEGER,             -- wall clock, µs: admitted\n"
  "  ends_us INTEGER,                -- when the turn ends by itself\n"
  "  ended_us INTEGER                -- when it ended\n"
  ");\n"
  "CREATE INDEX speakers_by_meeting ON speakers (meeting_id, status);\n"
  /* One turn at a time, whatever the code above it does. */
  "CREATE UNIQUE INDEX speakers_one_turn ON speakers (meeting_id) WHERE status = 'admitted';\n",
};

gint
tribune_store_latest_version (void)
{
  return (gint) G_N_ELEMENTS (migrations);
}

static gboolean
exec (TribuneStore *store, const gchar *sql, GError **error)
{
  char *message = NULL;

  if (sqlite3_exec (store->db, sql, NULL, NULL, &message) != SQLITE_OK) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG, "database: %s",
                 message ? message : sqlite3_errmsg (store->db));
    sqlite3_free (message);
    return FALSE;
  }
  return TRUE;
}

static gint
read_version (TribuneStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gint version = -1;

  if (sqlite3_prepare_v2 (store->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (TribuneStore *store, gint target, GError **error)
{
  gint version = read_version (store);

  if (version < 0 || version > tribune_store_latest_version ()) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "the database has schema version %d, newer than this tribune knows (%d); "
                 "use a newer tribune or restore a backup", version,
                 tribune_store_latest_version ());
    return FALSE;
  }
  for (; version < target; version++) {
    g_autofree gchar *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

    if (!exec (store, "BEGIN IMMEDIATE", error))
      return FALSE;
    if (!exec (store, migrations[version], error) || !exec (store, bump, error)) {
      exec (store, "ROLLBACK", NULL);
      g_prefix_error (error, "migration to schema version %d failed: ", version + 1);
      return FALSE;
    }
    if (!exec (store, "COMMIT", error))
      return FALSE;
  }
  return TRUE;
}

TribuneStore *
tribune_store_open_at_version (const gchar *path, gint version, GError **error)
{
  g_autoptr (TribuneStore) store = g_new0 (TribuneStore, 1);

  if (sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG, "cannot open %s: %s", path,
                 store->db ? sqlite3_errmsg (store->db) : "out of memory");
    return NULL;
  }
  sqlite3_busy_timeout (store->db, 5000);
  /* WAL: committed data survives a crash and readers do not block the writer.
   * synchronous=NORMAL is safe with WAL (a power cut may lose the last commit, never
   * corrupt the file). */
  if (!exec (store, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                    "PRAGMA foreign_keys = ON;", error) ||
      !migrate (store, MIN (version, tribune_store_latest_version ()), error))
    return NULL;
  return g_steal_pointer (&store);
}

TribuneStore *
tribune_store_open (const gchar *path, GError **error)
{
  return tribune_store_open_at_version (path, tribune_store_latest_version (), error);
}

void
tribune_store_close (TribuneStore *store)
{
  if (store == NULL)
    return;
  sqlite3_close (store->db);
  g_free (store);
}

sqlite3 *
tribune_store_db (TribuneStore *store)
{
  return store->db;
}

gint
tribune_store_version (TribuneStore *store)
{
  return read_version (store);
}

gboolean
tribune_store_check_integrity (TribuneStore *store, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (store->db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const gchar *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (!ok)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFIG,
                 "the database failed its integrity check");
  return ok;
}
