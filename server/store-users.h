/* store-users.h — accounts: create, look up and check passwords.
 *
 * Passwords are stored only as argon2id hashes (libsodium's crypto_pwhash_str, with its
 * "interactive" limits: ~0.1 s and 64 MiB per check), never in clear and never logged.
 * Main thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "store.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  gchar *username;
  gchar *role;      /* admin, chair, member, archivist */
} TribuneUser;

void tribune_user_free (TribuneUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneUser, tribune_user_free)

gboolean tribune_role_is_valid (const gchar *role);

/* Error TRIBUNE_ERROR_BAD_INPUT (empty or too long name or password, unknown role) or
 * TRIBUNE_ERROR_CONFLICT (name taken). Returns the new id, 0 on error. */
gint64 tribune_store_user_add (TribuneStore *store, const gchar *username,
                               const gchar *password, const gchar *role, GError **error);
/* The user if @password is right; NULL with TRIBUNE_ERROR_UNAUTHORIZED otherwise (the
 * same error whether the name or the password was wrong). */
TribuneUser *tribune_store_user_check (TribuneStore *store, const gchar *username,
                                       const gchar *password, GError **error);
/* {"users": [{id, username, role, created_at}]} by name (transfer full). */
JsonNode *tribune_store_users_list (TribuneStore *store);
/* Deletes the account and its sessions. NOT_FOUND for an unknown id; CONFLICT for the
 * last admin (nobody could manage accounts any more). */
gboolean tribune_store_user_delete (TribuneStore *store, gint64 id, GError **error);
/* A random password a person can type: 20 characters from an unambiguous alphabet
 * (about 100 bits). (transfer full) */
gchar *tribune_password_generate (void);

G_END_DECLS
