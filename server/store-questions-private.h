/* store-questions-private.h — helpers shared by store-questions.c (asking, reading) and
 * store-question-moderation.c (the chair's side); not for other files. */
#pragma once

#include <sqlite3.h>

#include "store.h"

G_BEGIN_DECLS

void tribune_questions_bind_text_or_null (sqlite3_stmt *stmt, int i, const gchar *text);
gboolean tribune_questions_exec (TribuneStore *store, const gchar *sql);
/* @text trimmed (transfer full), or NULL (error set) unless it has @min..@max characters
 * of valid UTF-8 without NUL. A blank optional value (@min 0) gives "". */
gchar *tribune_questions_clean_text (const gchar *text, guint min, guint max,
                                     const gchar *what, GError **error);
/* NOT_FOUND unless the meeting exists. */
gboolean tribune_questions_meeting_exists (TribuneStore *store, gint64 meeting_id,
                                           GError **error);

G_END_DECLS
