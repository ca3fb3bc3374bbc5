/* hls-blocking.c — see hls-blocking.h. */
#include "hls-blocking.h"

typedef struct _Held Held;

/* The requests held on one playlist: the playlist's changed-hook data. */
typedef struct {
  TribuneHlsPlaylist *playlist;    /* the owner; frees the holder (answering all) first */
  GList *held;                     /* Held* */
} Holder;

struct _Held {
  Holder *holder;
  SoupServerMessage *msg;          /* a ref while held */
  TribuneHlsTry try_answer;
  gpointer data;
  GDestroyNotify destroy;
  guint timeout;
  gulong finished_id;
};

static guint held_count;

static void
held_free (Held *h)
{
  held_count--;
  if (h->timeout)
    g_source_remove (h->timeout);
  if (h->finished_id)
    g_signal_handler_disconnect (h->msg, h->finished_id);
  if (h->destroy)
    h->destroy (h->data);
  g_object_unref (h->msg);
  g_free (h);
}

/* Try @h; if it answered, take it out and let the response go. */
static gboolean
try_held (Held *h, TribuneHlsPlaylist *playlist, gboolean last_chance)
{
  SoupServerMessage *msg = h->msg;

  if (!h->try_answer (msg, playlist, h->data, last_chance))
    return FALSE;
  h->holder->held = g_list_remove (h->holder->held, h);
  g_object_ref (msg);
  held_free (h);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return TRUE;
}

static void
on_changed (TribuneHlsPlaylist *playlist, gpointer user_data)
{
  Holder *holder = user_data;
  GList *l = holder->held;

  while (l) {
    GList *next = l->next;
    try_held (l->data, playlist, FALSE);
    l = next;
  }
}

/* The playlist is being freed (the server stops): answer everyone now. */
static void
holder_free (gpointer user_data)
{
  Holder *holder = user_data;

  while (holder->held)
    try_held (holder->held->data, NULL, TRUE);
  g_free (holder);
}

static gboolean
on_deadline (gpointer user_data)
{
  Held *h = user_data;

  h->timeout = 0;
  try_held (h, h->holder->playlist, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_finished (SoupServerMessage *msg, gpointer user_data)
{
  Held *h = user_data;

  /* The client went away (or the server is closing the connection). */
  h->finished_id = 0;
  g_signal_handlers_disconnect_by_data (msg, h);
  h->holder->held = g_list_remove (h->holder->held, h);
  held_free (h);
}

void
tribune_hls_hold (TribuneHlsPlaylist *playlist, SoupServerMessage *msg, guint timeout_ms,
                  TribuneHlsTry try_answer, gpointer data, GDestroyNotify destroy)
{
  Holder *holder = tribune_hls_playlist_get_changed_data (playlist);
  Held *h = g_new0 (Held, 1);

  if (holder == NULL) {
    holder = g_new0 (Holder, 1);
    holder->playlist = playlist;
    tribune_hls_playlist_set_changed_hook (playlist, on_changed, holder, holder_free);
  }
  held_count++;
  h->holder = holder;
  h->msg = g_object_ref (msg);
  h->try_answer = try_answer;
  h->data = data;
  h->destroy = destroy;
  h->timeout = g_timeout_add (timeout_ms, on_deadline, h);
  h->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_finished), h);
  holder->held = g_list_append (holder->held, h);
  soup_server_message_pause (msg);
}

guint
tribune_hls_held (void)
{
  return held_count;
}
