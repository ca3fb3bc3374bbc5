/* store-advice-changes.c — writing advices: create, edit, the status moves with their
 * conditions (advice-states.h has the table), notes and attachments. Every write adds an
 * event, so the public timeline is the whole history. See store-advices.h. */
#include "store-advices.h"
#include "advice-deadline.h"
#include "advice-states.h"
#include "store-meetings.h"
#include "store-rows.h"
#include "tribune-error.h"

#include <string.h>

/* What the moves may lead to when their condition fails: the table minus "escalated". */
static const gchar *const sent_not_overdue[] = { "answered", "withdrawn", NULL };
static const gchar *const answered_not_refused[] = { NULL };

static void
exec (TribuneStore *store, const gchar *sql)
{
  sqlite3_exec (tribune_store_db (store), sql, NULL, NULL, NULL);
}

static void
add_event (TribuneStore *store, gint64 advice, const gchar *action, const gchar *status,
           const gchar *note, const gchar *by)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "INSERT INTO advice_events (advice_id, "
      "action, status, note, by_username) VALUES (?, ?, ?, ?, ?)");

  sqlite3_bind_int64 (stmt, 1, advice);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, note, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, by, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

/* ---- reading the request's fields ---- */

/* A string member, or NULL when absent or not a string. */
static const gchar *
string_member (JsonObject *o, const gchar *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* A string member trimmed into @out (transfer full; NULL when absent). FALSE, with
 * BAD_INPUT, when present but not a string, not UTF-8, or its length (in characters)
 * outside [@min, @max]. */
static gboolean
text_member (JsonObject *o, const gchar *name, guint min, guint max, gchar **out,
             GError **error)
{
  JsonNode *node = json_object_get_member (o, name);
  glong length;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "%s must be text", name);
    return FALSE;
  }
  /* Control characters and non-characters have no place in a public record, and would
   * break the feeds that carry it (XML forbids them even escaped). */
  for (const gchar *p = json_node_get_string (node); *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);

    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
        c == 0xFFFE || c == 0xFFFF) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "%s contains a control character", name);
      return FALSE;
    }
  }
  *out = g_strstrip (g_strdup (json_node_get_string (node)));
  length = g_utf8_strlen (*out, -1);
  if (length < (glong) min || length > (glong) max) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "%s: %u to %u characters", name, min, max);
    g_clear_pointer (out, g_free);
    return FALSE;
  }
  return TRUE;
}

/* A date member "YYYY-MM-DD", required, not after @today and not before @not_before
 * (may be NULL). */
static gboolean
date_member (JsonObject *o, const gchar *name, const GDate *today, const gchar *not_before,
             gchar **out, GError **error)
{
  const gchar *text = string_member (o, name);
  GDate date, earliest;

  *out = NULL;
  if (text == NULL || !tribune_date_parse (text, &date)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "%s: a date as YYYY-MM-DD", name);
    return FALSE;
  }
  if (g_date_compare (&date, today) > 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "%s: %s is in the future", name, text);
    return FALSE;
  }
  if (not_before && tribune_date_parse (not_before, &earliest) &&
      g_date_compare (&date, &earliest) < 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "%s: %s is before the advice was sent (%s)", name, text, not_before);
    return FALSE;
  }
  *out = g_strdup (text);
  return TRUE;
}

/* Replace the advice's agenda items with @items (an array of ids), each an item of a
 * meeting of @council. */
static gboolean
set_items (TribuneStore *store, gint64 advice, gint64 council, JsonNode *items,
           GError **error)
{
  JsonArray *list;
  sqlite3_stmt *stmt;

  if (!JSON_NODE_HOLDS_ARRAY (items) || json_array_get_length (list = json_node_get_array (items)) > 50) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "items: a list of at most 50 agenda item ids");
    return FALSE;
  }
  stmt = tribune_store_prepare (store, "DELETE FROM advice_items WHERE advice_id = ?");
  sqlite3_bind_int64 (stmt, 1, advice);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  for (guint i = 0; i < json_array_get_length (list); i++) {
    JsonNode *n = json_array_get_element (list, i);
    gint64 item = JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
                  ? json_node_get_int (n) : 0;
    gboolean ok;

    if (item <= 0) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "items: a list of agenda item ids (whole numbers)");
      return FALSE;
    }

    stmt = tribune_store_prepare (store, "INSERT OR IGNORE INTO advice_items (advice_id, "
        "item_id) SELECT ?1, i.id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
        "WHERE i.id = ?2 AND m.council_id = ?3");
    sqlite3_bind_int64 (stmt, 1, advice);
    sqlite3_bind_int64 (stmt, 2, item);
    sqlite3_bind_int64 (stmt, 3, council);
    ok = sqlite3_step (stmt) == SQLITE_DONE;
    sqlite3_finalize (stmt);
    if (!ok || item <= 0 || sqlite3_changes (tribune_store_db (store)) == 0) {
      /* A duplicate id in the list is not an error; anything else is. */
      stmt = tribune_store_prepare (store, "SELECT 1 FROM advice_items WHERE advice_id = ? "
                                           "AND item_id = ?");
      sqlite3_bind_int64 (stmt, 1, advice);
      sqlite3_bind_int64 (stmt, 2, item);
      ok = item > 0 && sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (!ok) {
        g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                     "items: %" G_GINT64_FORMAT " is not an agenda item of this council's "
                     "meetings", item);
        return FALSE;
      }
    }
  }
  return TRUE;
}

/* ---- create ---- */

gint64
tribune_store_advice_create (TribuneStore *store, JsonObject *fields, const gchar *by,
                             GError **error)
{
  g_autofree gchar *title = NULL, *summary = NULL, *text = NULL, *addressee = NULL;
  const gchar *council_text = string_member (fields, "council");
  const gchar *kind = string_member (fields, "kind");
  const gchar *theme = string_member (fields, "theme");
  gint64 council, id;
  sqlite3_stmt *stmt;

  if (!text_member (fields, "title", 1, 200, &title, error) ||
      !text_member (fields, "summary", 0, 2000, &summary, error) ||
      !text_member (fields, "text", 0, 50000, &text, error) ||
      !text_member (fields, "addressee", 1, 200, &addressee, error))
    return 0;
  if (title == NULL || addressee == NULL || council_text == NULL) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "an advice needs council, title, kind, theme and addressee");
    return 0;
  }
  if (!tribune_advice_kind_is_known (kind)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "kind is requested or unsolicited");
    return 0;
  }
  if (!tribune_advice_theme_is_known (theme)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "theme is one of welfare, "
                 "safety, public_space, traffic, housing, environment, other");
    return 0;
  }
  if ((council = tribune_store_council_find (store, council_text)) == 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such council");
    return 0;
  }
  exec (store, "BEGIN IMMEDIATE");
  stmt = tribune_store_prepare (store, "INSERT INTO advices (council_id, title, summary, text, "
                                "kind, theme, addressee) VALUES (?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_int64 (stmt, 1, council);
  sqlite3_bind_text (stmt, 2, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, summary ? summary : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, text ? text : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, theme, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, addressee, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE) {
    sqlite3_finalize (stmt);
    exec (store, "ROLLBACK");
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "the advice was not saved");
    return 0;
  }
  sqlite3_finalize (stmt);
  id = sqlite3_last_insert_rowid (tribune_store_db (store));
  if (json_object_has_member (fields, "items") &&
      !set_items (store, id, council, json_object_get_member (fields, "items"), error)) {
    exec (store, "ROLLBACK");
    return 0;
  }
  add_event (store, id, "created", "draft", NULL, by);
  exec (store, "COMMIT");
  return id;
}

/* ---- edit and move ---- */

typedef struct {
  gint64 council;
  gchar *status;
  gchar *sent_at;
  gchar *deadline;
  gchar *outcome;
  gboolean answered;
} Current;

static void
current_clear (Current *c)
{
  g_free (c->status);
  g_free (c->sent_at);
  g_free (c->deadline);
  g_free (c->outcome);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Current, current_clear)

static gboolean
read_current (TribuneStore *store, gint64 id, Current *c, GError **error)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT council_id, status, sent_at, "
      "deadline, outcome, answered_at IS NOT NULL FROM advices WHERE id = ?");
  gboolean found;

  memset (c, 0, sizeof *c);
  sqlite3_bind_int64 (stmt, 1, id);
  if ((found = sqlite3_step (stmt) == SQLITE_ROW)) {
    c->council = sqlite3_column_int64 (stmt, 0);
    c->status = g_strdup ((const gchar *) sqlite3_column_text (stmt, 1));
    c->sent_at = g_strdup ((const gchar *) sqlite3_column_text (stmt, 2));
    c->deadline = g_strdup ((const gchar *) sqlite3_column_text (stmt, 3));
    c->outcome = g_strdup ((const gchar *) sqlite3_column_text (stmt, 4));
    c->answered = sqlite3_column_int (stmt, 5);
  }
  sqlite3_finalize (stmt);
  if (!found)
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_NOT_FOUND, "no such advice");
  return found;
}

/* Set one text column of advice @id (@value NULL: SQL NULL). @column is ours, never input. */
static void
set_column (TribuneStore *store, gint64 id, const gchar *column, const gchar *value)
{
  g_autofree gchar *sql = g_strdup_printf ("UPDATE advices SET %s = ?, updated_at = "
                                           "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now') "
                                           "WHERE id = ?", column);
  sqlite3_stmt *stmt = tribune_store_prepare (store, sql);

  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

/* The field edits of @change; @edited collects the names changed, for the event. */
static gboolean
apply_edits (TribuneStore *store, gint64 id, const Current *c, JsonObject *change,
             GString *edited, GError **error)
{
  static const struct { const gchar *name; guint min, max; } texts[] = {
    { "title", 1, 200 }, { "summary", 0, 2000 }, { "text", 0, 50000 }, { "addressee", 1, 200 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    g_autofree gchar *value = NULL;

    if (!text_member (change, texts[i].name, texts[i].min, texts[i].max, &value, error))
      return FALSE;
    if (value) {
      set_column (store, id, texts[i].name, value);
      g_string_append_printf (edited, "%s%s", edited->len ? ", " : "", texts[i].name);
    }
  }
  if (json_object_has_member (change, "kind")) {
    const gchar *kind = string_member (change, "kind");

    if (!tribune_advice_kind_is_known (kind)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "kind is requested or unsolicited");
      return FALSE;
    }
    set_column (store, id, "kind", kind);
    g_string_append_printf (edited, "%skind", edited->len ? ", " : "");
  }
  if (json_object_has_member (change, "theme")) {
    const gchar *theme = string_member (change, "theme");

    if (!tribune_advice_theme_is_known (theme)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "theme is one of welfare, "
                   "safety, public_space, traffic, housing, environment, other");
      return FALSE;
    }
    set_column (store, id, "theme", theme);
    g_string_append_printf (edited, "%stheme", edited->len ? ", " : "");
  }
  if (json_object_has_member (change, "items")) {
    if (!set_items (store, id, c->council, json_object_get_member (change, "items"), error))
      return FALSE;
    g_string_append_printf (edited, "%sitems", edited->len ? ", " : "");
  }
  return TRUE;
}

static gint
council_term (TribuneStore *store, gint64 council)
{
  sqlite3_stmt *stmt = tribune_store_prepare (store, "SELECT advice_term_days FROM councils "
                                              "WHERE id = ?");
  gint term = 42;

  sqlite3_bind_int64 (stmt, 1, council);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    term = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return term;
}

static gboolean
is_overdue (const Current *c, const GDate *today)
{
  GDate deadline;
  TribuneAdviceClock clock;

  if (c->deadline == NULL || !tribune_date_parse (c->deadline, &deadline))
    return FALSE;
  tribune_advice_clock (&deadline, c->answered, today, &clock);
  return clock.overdue;
}

/* Move to @to with its fields from @change; the event's note in *@note. */
static gboolean
apply_move (TribuneStore *store, gint64 id, const Current *c, const gchar *to,
            JsonObject *change, const GDate *today, const gchar *const **allowed,
            gchar **note, GError **error)
{
  g_autofree gchar *date = NULL;

  if (!tribune_advice_can_move (c->status, to)) {
    *allowed = tribune_advice_next_statuses (c->status);
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT,
                 "a %s advice cannot become %s", c->status, to);
    return FALSE;
  }
  if (g_str_equal (to, "escalated") && g_str_equal (c->status, "sent") && !is_overdue (c, today)) {
    *allowed = sent_not_overdue;
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT, "an advice can be escalated "
                 "once its deadline (%s) has passed without an answer", c->deadline);
    return FALSE;
  }
  if (g_str_equal (to, "escalated") && g_str_equal (c->status, "answered") &&
      g_strcmp0 (c->outcome, "not_adopted") != 0) {
    *allowed = answered_not_refused;
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_CONFLICT, "an answered advice can be "
                 "escalated only when it was not adopted");
    return FALSE;
  }
  if (!text_member (change, "note", 0, 2000, note, error))
    return FALSE;

  if (g_str_equal (to, "sent")) {
    GDate sent, deadline;
    gint term = council_term (store, c->council);
    g_autofree gchar *deadline_text = NULL, *term_text = g_strdup_printf ("%d", term);

    if (!date_member (change, "sent_at", today, NULL, &date, error))
      return FALSE;
    tribune_date_parse (date, &sent);
    tribune_advice_deadline (&sent, (guint) term, &deadline);
    deadline_text = tribune_date_format (&deadline);
    set_column (store, id, "sent_at", date);
    set_column (store, id, "deadline", deadline_text);
    set_column (store, id, "term_days", term_text);
  } else if (g_str_equal (to, "answered")) {
    const gchar *outcome = string_member (change, "outcome");
    g_autofree gchar *response = NULL;

    if (!date_member (change, "answered_at", today, c->sent_at, &date, error))
      return FALSE;
    if (!tribune_advice_outcome_is_known (outcome)) {
      g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                   "outcome is adopted, partly_adopted or not_adopted");
      return FALSE;
    }
    if (!text_member (change, "response", 0, 50000, &response, error))
      return FALSE;
    set_column (store, id, "answered_at", date);
    set_column (store, id, "outcome", outcome);
    set_column (store, id, "response", response);
  } else if (g_str_equal (to, "escalated")) {
    if (!date_member (change, "escalated_at", today, c->sent_at, &date, error))
      return FALSE;
    set_column (store, id, "escalated_at", date);
    set_column (store, id, "escalation_note", *note);
  } else if (g_str_equal (to, "draft")) {
    /* Reopened: a fresh start; the earlier dates stay in the events. */
    const gchar *const cleared[] = { "term_days", "sent_at", "deadline", "answered_at",
                                     "outcome", "response", "escalated_at", "escalation_note" };

    for (guint i = 0; i < G_N_ELEMENTS (cleared); i++)
      set_column (store, id, cleared[i], NULL);
  }
  set_column (store, id, "status", to);
  return TRUE;
}

gboolean
tribune_store_advice_update (TribuneStore *store, gint64 id, JsonObject *change,
                             const gchar *by, const GDate *today,
                             const gchar *const **allowed, GError **error)
{
  g_auto (Current) c = { 0 };
  g_autoptr (GString) edited = g_string_new (NULL);
  g_autofree gchar *note = NULL;
  const gchar *to = string_member (change, "status");

  *allowed = NULL;
  if (json_object_has_member (change, "status") && !tribune_advice_status_is_known (to)) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT,
                 "status is one of draft, sent, answered, escalated, withdrawn");
    return FALSE;
  }
  exec (store, "BEGIN IMMEDIATE");
  if (!read_current (store, id, &c, error) ||
      !apply_edits (store, id, &c, change, edited, error) ||
      (to && !apply_move (store, id, &c, to, change, today, allowed, &note, error))) {
    exec (store, "ROLLBACK");
    return FALSE;
  }
  if (edited->len) {
    g_string_prepend (edited, "changed: ");
    add_event (store, id, "edited", c.status, edited->str, by);
  }
  if (to)
    add_event (store, id, tribune_advice_action_for (to), to, note, by);
  exec (store, "COMMIT");
  return TRUE;
}

gboolean
tribune_store_advice_add_note (TribuneStore *store, gint64 id, const gchar *note,
                               const gchar *by, GError **error)
{
  g_auto (Current) c = { 0 };
  glong length = note && g_utf8_validate (note, -1, NULL) ? g_utf8_strlen (note, -1) : 0;

  if (length < 1 || length > 2000) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_BAD_INPUT, "note: 1 to 2000 characters");
    return FALSE;
  }
  if (!read_current (store, id, &c, error))
    return FALSE;
  add_event (store, id, "note", c.status, note, by);
  set_column (store, id, "status", c.status);   /* updated_at */
  return TRUE;
}

/* ---- attachments ---- */

gint64
tribune_store_advice_attachment_add (TribuneStore *store, gint64 advice_id, const gchar *kind,
                                     const gchar *name, const gchar *sha256, gint64 bytes,
                                     const gchar *by, GError **error)
{
  g_auto (Current) c = { 0 };
  g_autofree gchar *note = g_strdup_printf ("added: %s", name);
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!read_current (store, advice_id, &c, error))
    return 0;
  exec (store, "BEGIN IMMEDIATE");
  stmt = tribune_store_prepare (store, "INSERT INTO advice_attachments (advice_id, kind, name, "
                                "sha256, bytes) VALUES (?, ?, ?, ?, ?)");
  sqlite3_bind_int64 (stmt, 1, advice_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, bytes);
  if (sqlite3_step (stmt) == SQLITE_DONE)
    id = sqlite3_last_insert_rowid (tribune_store_db (store));
  sqlite3_finalize (stmt);
  if (id == 0) {
    exec (store, "ROLLBACK");
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE, "the attachment was not saved");
    return 0;
  }
  add_event (store, advice_id, "attachment", c.status, note, by);
  exec (store, "COMMIT");
  return id;
}

gchar *
tribune_store_advice_attachment_remove (TribuneStore *store, gint64 advice_id,
                                        gint64 attachment_id, const gchar *by, GError **error)
{
  g_autoptr (JsonNode) found = tribune_store_advice_attachment_get (store, advice_id,
                                                                    attachment_id, error);
  g_auto (Current) c = { 0 };
  g_autofree gchar *note = NULL;
  JsonObject *a;
  sqlite3_stmt *stmt;
  gboolean shared;

  if (found == NULL || !read_current (store, advice_id, &c, error))
    return NULL;
  a = json_node_get_object (found);
  note = g_strdup_printf ("removed: %s", json_object_get_string_member (a, "name"));
  exec (store, "BEGIN IMMEDIATE");
  stmt = tribune_store_prepare (store, "DELETE FROM advice_attachments WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, attachment_id);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  add_event (store, advice_id, "attachment", c.status, note, by);
  exec (store, "COMMIT");
  stmt = tribune_store_prepare (store, "SELECT 1 FROM advice_attachments WHERE sha256 = ?");
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (a, "sha256"), -1, SQLITE_TRANSIENT);
  shared = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return g_strdup (shared ? "" : json_object_get_string_member (a, "sha256"));
}
