/* plugin-check.h — at start-up, make sure every GStreamer element Tribune uses exists,
 * and name the Debian package that provides a missing one. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* FALSE with a message listing every missing element and its package. */
gboolean tribune_plugins_check (GError **error);

G_END_DECLS
