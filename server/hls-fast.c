/* hls-fast.c — see hls-fast.h for why and how.
 *
 * THREADS AND OWNERSHIP
 * Each worker owns its epoll set, its connections and its held requests; nothing of a
 * connection is shared between threads. A connection is on exactly one worker from
 * accept to close, or until it is handed to libsoup: then the worker forgets it and the
 * main thread owns the socket. Workers read the rooms table (fixed after start-up), the
 * HLS snapshots (immutable, ref-counted) and update the room's HLS counters (locked in
 * room.c). The counters in TribuneHlsFast are atomics.
 *
 * A CONNECTION
 *   READING  — peek; a whole head that is ours is consumed and answered; anything else
 *              is handed on unread.
 *   HELD     — a blocking LL-HLS request: asked again every HELD_CHECK_MS (one look at
 *              the room's current snapshot) and answered at its deadline at the latest.
 *              Further requests wait in the socket.
 *   SENDING  — head and body (memory: sendmsg; a segment file: sendfile) until done,
 *              then READING again (keep-alive) or closed.
 * Edge-triggered epoll: every state reads or writes until EAGAIN before it waits.
 */
#define _GNU_SOURCE   /* accept4 */
#include "hls-fast.h"
#include "hls-answer.h"
#include "http-head.h"
#include "routes.h"
#include "tribune-error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define IDLE_TIMEOUT_US (60 * G_USEC_PER_SEC)   /* keep-alive with no request */
#define HEAD_TIMEOUT_US (15 * G_USEC_PER_SEC)   /* a head that never completes */
#define SEND_TIMEOUT_US (60 * G_USEC_PER_SEC)   /* a client that takes nothing */
#define HELD_CHECK_MS 10
#define MAX_WORKERS 4

typedef struct _Worker Worker;

typedef enum { CONN_READING, CONN_HELD, CONN_SENDING } ConnState;

typedef struct {
  Worker *worker;
  gint fd;
  ConnState state;
  gchar remote[INET6_ADDRSTRLEN];
  gint64 last_us;             /* the last progress, for the timeouts */
  gboolean head_started;      /* part of a head is waiting in the socket */
  gboolean keep_alive;
  TribuneHlsRequest req;
  gint64 deadline_us;         /* HELD: answer by then */
  gchar *out_head;            /* SENDING */
  gsize out_head_len;
  gsize sent;                 /* of head + memory body */
  guint64 file_off;
} Conn;

struct _Worker {
  TribuneHlsFast *fast;
  GThread *thread;
  gint epfd;
  gint wake_fd;
  GHashTable *conns;          /* Conn* (set) */
  GQueue held;                /* Conn* */
  gchar date[64];
  time_t date_second;
};

struct _TribuneHlsFast {
  TribuneApp *app;
  SoupServer *server;
  gint listen_fd;
  Worker workers[MAX_WORKERS];
  guint n_workers;
  guint64 requests;           /* atomics */
  guint64 handoffs;
  gint held;
  gint connections;
};

/* ---- the date header ---- */

static const gchar *
http_date (Worker *w)
{
  static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                        "Aug", "Sep", "Oct", "Nov", "Dec" };
  time_t now = time (NULL);
  struct tm tm;

  if (now != w->date_second && gmtime_r (&now, &tm) != NULL) {
    /* IMF-fixdate with English names whatever the locale (RFC 9110 5.6.7). */
    g_snprintf (w->date, sizeof w->date, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
    w->date_second = now;
  }
  return w->date;
}

/* ---- connections ---- */

/* The worker lets go of @c (its socket is closed or handed on) and frees it. */
static void
conn_forget (Conn *c)
{
  Worker *w = c->worker;

  g_hash_table_remove (w->conns, c);
  g_atomic_int_add (&w->fast->connections, -1);
  g_free (c->out_head);
  tribune_hls_request_clear (&c->req);
  g_free (c);
}

static void
conn_close (Conn *c)
{
  Worker *w = c->worker;

  if (c->state == CONN_HELD) {
    g_queue_remove (&w->held, c);
    g_atomic_int_add (&w->fast->held, -1);
  }
  close (c->fd);   /* also takes it out of the epoll set */
  conn_forget (c);
}

typedef struct {
  SoupServer *server;
  gint fd;
} Handoff;

static void
handoff_free (gpointer data)
{
  Handoff *h = data;

  if (h->fd >= 0)
    close (h->fd);
  g_object_unref (h->server);
  g_free (h);
}

/* Main thread: libsoup takes the connection, and reads the request we left unread. */
static gboolean
handoff_in_main (gpointer data)
{
  Handoff *h = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = g_socket_new_from_fd (h->fd, &error);
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GSocketAddress) local = NULL;
  g_autoptr (GSocketAddress) remote = NULL;

  if (socket == NULL) {
    g_warning ("http: could not hand a connection to libsoup: %s", error->message);
    return G_SOURCE_REMOVE;
  }
  h->fd = -1;   /* the socket owns it now */
  connection = g_socket_connection_factory_create_connection (socket);
  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL ||
      !soup_server_accept_iostream (h->server, G_IO_STREAM (connection), local, remote,
                                    &error))
    g_debug ("http: a connection closed as it was handed on: %s",
             error ? error->message : "no address");
  return G_SOURCE_REMOVE;
}

static void
conn_handoff (Conn *c)
{
  Worker *w = c->worker;
  Handoff *h = g_new0 (Handoff, 1);

  epoll_ctl (w->epfd, EPOLL_CTL_DEL, c->fd, NULL);
  h->server = g_object_ref (w->fast->server);
  h->fd = c->fd;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, handoff_in_main, h, handoff_free);
  __atomic_add_fetch (&w->fast->handoffs, 1, __ATOMIC_RELAXED);
  conn_forget (c);
}

/* Sends what is left of the answer. FALSE: the connection was closed (and freed). */
static gboolean
conn_send (Conn *c)
{
  TribuneHlsRequest *req = &c->req;
  gsize body_len = req->body && !req->head ? g_bytes_get_size (req->body) : 0;

  while (c->state == CONN_SENDING) {
    ssize_t n;

    if (c->sent < c->out_head_len + body_len) {
      struct iovec iov[2];
      struct msghdr m = { .msg_iov = iov };

      if (c->sent < c->out_head_len) {
        iov[m.msg_iovlen++] = (struct iovec) { c->out_head + c->sent, c->out_head_len - c->sent };
      }
      if (body_len > 0) {
        gsize off = c->sent > c->out_head_len ? c->sent - c->out_head_len : 0;
        iov[m.msg_iovlen++] = (struct iovec) {
          (gchar *) g_bytes_get_data (req->body, NULL) + off, body_len - off };
      }
      n = sendmsg (c->fd, &m, MSG_NOSIGNAL);
      if (n > 0)
        c->sent += (gsize) n;
    } else if (req->file_fd >= 0 && !req->head && c->file_off < req->file_len) {
      off_t off = (off_t) c->file_off;

      n = sendfile (c->fd, req->file_fd, &off, (size_t) MIN (req->file_len - c->file_off,
                                                               (guint64) 1 << 20));
      if (n == 0) {
        /* The file is shorter than it was: the promised length cannot be kept. */
        conn_close (c);
        return FALSE;
      }
      if (n > 0)
        c->file_off += (guint64) n;
    } else {
      /* All sent. */
      g_clear_pointer (&c->out_head, g_free);
      tribune_hls_request_clear (req);
      c->state = CONN_READING;
      if (!c->keep_alive) {
        conn_close (c);
        return FALSE;
      }
      break;
    }
    if (n < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return TRUE;   /* EPOLLOUT brings us back */
      conn_close (c);
      return FALSE;
    }
    c->last_us = g_get_monotonic_time ();
  }
  return TRUE;
}

static gboolean
conn_respond (Conn *c)
{
  c->out_head = tribune_hls_request_format_head (&c->req, c->keep_alive,
                                                  http_date (c->worker), &c->out_head_len);
  c->sent = 0;
  c->file_off = 0;
  c->state = CONN_SENDING;
  __atomic_add_fetch (&c->worker->fast->requests, 1, __ATOMIC_RELAXED);
  return conn_send (c);
}

static void
conn_hold (Conn *c)
{
  Worker *w = c->worker;

  c->state = CONN_HELD;
  c->deadline_us = g_get_monotonic_time () + c->req.hold_ms * 1000;
  g_queue_push_tail (&w->held, c);
  g_atomic_int_add (&w->fast->held, 1);
}

/* A request for /hls/{room}/{file}: read it into @req. FALSE: another path, for libsoup. */
static gboolean
request_init (TribuneHlsRequest *req, const TribuneHttpHead *head, const gchar *remote)
{
  g_autofree gchar *path = g_strndup (head->path, head->path_len);
  g_autofree gchar *query = head->query ? g_strndup (head->query, head->query_len) : NULL;
  g_autofree gchar *ua = head->user_agent ? g_strndup (head->user_agent, head->user_agent_len)
                                          : NULL;
  TribuneRoute route;
  gboolean hls;

  /* Percent-escapes: libsoup decodes those (and our HLS names never have any). */
  if (!g_str_has_prefix (path, "/hls/") || strchr (path, '%') != NULL)
    return FALSE;
  hls = tribune_route_parse (path, &route) && route.kind == TRIBUNE_ROUTE_HLS;
  if (hls)
    tribune_hls_request_init (req, route.room, route.file, query, head->head, remote, ua);
  tribune_route_clear (&route);
  return hls;
}

/* Reads and answers requests until the socket has no whole one. */
static void
conn_read (Conn *c)
{
  TribuneApp *app = c->worker->fast->app;

  while (c->state == CONN_READING) {
    gchar buf[TRIBUNE_HTTP_HEAD_MAX];
    TribuneHttpHead head;
    TribuneHlsVerdict verdict;
    ssize_t n = recv (c->fd, buf, sizeof buf, MSG_PEEK);

    if (n == 0) {
      conn_close (c);
      return;
    }
    if (n < 0) {
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        conn_close (c);
      return;
    }
    switch (tribune_http_head_parse (buf, (gsize) n, &head)) {
    case TRIBUNE_HTTP_HEAD_INCOMPLETE:
      if (!c->head_started) {
        c->head_started = TRUE;
        c->last_us = g_get_monotonic_time ();
      }
      return;   /* the rest of the head brings a new edge */
    case TRIBUNE_HTTP_HEAD_OTHER:
      conn_handoff (c);
      return;
    case TRIBUNE_HTTP_HEAD_FAST:
      break;
    }
    if (!request_init (&c->req, &head, c->remote)) {
      conn_handoff (c);
      return;
    }
    /* Ours: take the head off the socket (it is all there: we just peeked it). */
    if (recv (c->fd, buf, head.head_len, 0) != (ssize_t) head.head_len) {
      conn_close (c);
      return;
    }
    c->head_started = FALSE;
    c->keep_alive = head.keep_alive;
    c->last_us = g_get_monotonic_time ();
    verdict = tribune_hls_request_answer (&c->req, app, FALSE);
    if (verdict == TRIBUNE_HLS_ANSWER_HOLD) {
      conn_hold (c);
      return;
    }
    if (!conn_respond (c))
      return;
  }
}

static void
conn_event (Conn *c, guint32 events)
{
  if (events & (EPOLLERR | EPOLLHUP)) {
    conn_close (c);
    return;
  }
  if (c->state == CONN_SENDING && !conn_send (c))
    return;
  if (c->state == CONN_HELD && (events & EPOLLRDHUP)) {
    /* The player gave up waiting. */
    conn_close (c);
    return;
  }
  if (c->state == CONN_READING)
    conn_read (c);
}

/* ---- the worker ---- */

static void
accept_all (Worker *w)
{
  for (;;) {
    struct sockaddr_storage addr;
    socklen_t addr_len = sizeof addr;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET };
    gint fd = accept4 (w->fast->listen_fd, (struct sockaddr *) &addr, &addr_len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    gint one = 1;
    Conn *c;

    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno == EMFILE || errno == ENFILE)
        g_warning ("http: out of file descriptors; raise the limit (ulimit -n) for this "
                   "many connections");
      else if (errno != EAGAIN && errno != EWOULDBLOCK)
        g_warning ("http: accept failed: %s", g_strerror (errno));
      return;
    }
    setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c = g_new0 (Conn, 1);
    c->worker = w;
    c->fd = fd;
    c->state = CONN_READING;
    c->last_us = g_get_monotonic_time ();
    c->req.file_fd = -1;
    if (addr.ss_family == AF_INET)
      inet_ntop (AF_INET, &((struct sockaddr_in *) &addr)->sin_addr, c->remote, sizeof c->remote);
    else if (addr.ss_family == AF_INET6)
      inet_ntop (AF_INET6, &((struct sockaddr_in6 *) &addr)->sin6_addr, c->remote,
                 sizeof c->remote);
    g_hash_table_add (w->conns, c);
    g_atomic_int_add (&w->fast->connections, 1);
    ev.data.ptr = c;
    if (epoll_ctl (w->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
      conn_close (c);
    /* Registered edge-triggered with data already waiting: epoll reports it. */
  }
}

static void
retry_held (Worker *w, gint64 now)
{
  TribuneApp *app = w->fast->app;
  GList *l = w->held.head;

  while (l != NULL) {
    Conn *c = l->data;
    GList *next = l->next;
    gboolean last_chance = now >= c->deadline_us;

    if (tribune_hls_request_answer (&c->req, app, last_chance) != TRIBUNE_HLS_ANSWER_HOLD) {
      g_queue_delete_link (&w->held, l);
      g_atomic_int_add (&w->fast->held, -1);
      c->state = CONN_READING;   /* for conn_respond's bookkeeping */
      if (conn_respond (c) && c->state == CONN_READING)
        conn_read (c);
    }
    l = next;
  }
}

/* Connections that stopped moving. */
static void
sweep (Worker *w, gint64 now)
{
  GHashTableIter iter;
  gpointer key;
  g_autoptr (GPtrArray) stale = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, w->conns);
  while (g_hash_table_iter_next (&iter, &key, NULL)) {
    Conn *c = key;
    gint64 idle = now - c->last_us;

    if ((c->state == CONN_READING && idle > (c->head_started ? HEAD_TIMEOUT_US : IDLE_TIMEOUT_US)) ||
        (c->state == CONN_SENDING && idle > SEND_TIMEOUT_US))
      g_ptr_array_add (stale, c);
  }
  for (guint i = 0; i < stale->len; i++)
    conn_close (g_ptr_array_index (stale, i));
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  gint64 next_sweep = g_get_monotonic_time () + G_USEC_PER_SEC;

  for (;;) {
    struct epoll_event events[64];
    gint n = epoll_wait (w->epfd, events, G_N_ELEMENTS (events),
                         w->held.length > 0 ? HELD_CHECK_MS : 1000);
    gint64 now;

    if (n < 0 && errno != EINTR) {
      g_warning ("http: epoll_wait failed: %s; the HLS fast path stops", g_strerror (errno));
      break;
    }
    for (gint i = 0; i < n; i++) {
      gpointer ptr = events[i].data.ptr;

      if (ptr == NULL)
        accept_all (w);
      else if (ptr == w)
        return NULL;   /* woken to stop */
      else
        conn_event (ptr, events[i].events);
    }
    now = g_get_monotonic_time ();
    if (w->held.length > 0)
      retry_held (w, now);
    if (now >= next_sweep) {
      sweep (w, now);
      next_sweep = now + G_USEC_PER_SEC;
    }
  }
  return NULL;
}

static gboolean
worker_init (Worker *w, TribuneHlsFast *fast, guint index, GError **error)
{
  struct epoll_event listen_ev = { .events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = NULL };
  struct epoll_event wake_ev = { .events = EPOLLIN, .data.ptr = w };
  g_autofree gchar *name = g_strdup_printf ("tribune-http-%u", index);

  w->fast = fast;
  w->conns = g_hash_table_new (NULL, NULL);
  g_queue_init (&w->held);
  w->epfd = epoll_create1 (EPOLL_CLOEXEC);
  w->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (w->epfd < 0 || w->wake_fd < 0 ||
      epoll_ctl (w->epfd, EPOLL_CTL_ADD, fast->listen_fd, &listen_ev) != 0 ||
      epoll_ctl (w->epfd, EPOLL_CTL_ADD, w->wake_fd, &wake_ev) != 0) {
    g_set_error (error, TRIBUNE_ERROR, TRIBUNE_ERROR_UNAVAILABLE,
                 "cannot start the HTTP threads: %s", g_strerror (errno));
    return FALSE;
  }
  w->thread = g_thread_new (name, worker_main, w);
  return TRUE;
}

static void
worker_stop (Worker *w)
{
  guint64 one = 1;
  GHashTableIter iter;
  gpointer key;

  if (w->thread != NULL) {
    if (write (w->wake_fd, &one, sizeof one) != sizeof one)
      g_warning ("http: could not wake a worker to stop it");
    g_thread_join (w->thread);
    w->thread = NULL;
  }
  if (w->conns != NULL) {
    g_autoptr (GPtrArray) all = g_ptr_array_new ();

    g_hash_table_iter_init (&iter, w->conns);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (all, key);
    for (guint i = 0; i < all->len; i++)
      conn_close (g_ptr_array_index (all, i));
    g_hash_table_unref (w->conns);
  }
  if (w->epfd >= 0)
    close (w->epfd);
  if (w->wake_fd >= 0)
    close (w->wake_fd);
}

TribuneHlsFast *
tribune_hls_fast_new (TribuneApp *app, gint listen_fd, guint workers, GError **error)
{
  TribuneHlsFast *fast = g_new0 (TribuneHlsFast, 1);

  /* sendfile has no MSG_NOSIGNAL: a client that vanished mid-segment must not kill us. */
  signal (SIGPIPE, SIG_IGN);
  fast->app = app;
  fast->server = g_object_ref (app->server);
  fast->listen_fd = listen_fd;
  fast->n_workers = CLAMP (workers, 1, MAX_WORKERS);
  for (guint i = 0; i < MAX_WORKERS; i++) {
    fast->workers[i].epfd = -1;
    fast->workers[i].wake_fd = -1;
  }
  for (guint i = 0; i < fast->n_workers; i++) {
    if (!worker_init (&fast->workers[i], fast, i, error)) {
      tribune_hls_fast_free (fast);
      return NULL;
    }
  }
  return fast;
}

void
tribune_hls_fast_free (TribuneHlsFast *fast)
{
  if (fast == NULL)
    return;
  for (guint i = 0; i < fast->n_workers; i++)
    worker_stop (&fast->workers[i]);
  close (fast->listen_fd);
  g_object_unref (fast->server);
  g_free (fast);
}

void
tribune_hls_fast_get_stats (TribuneHlsFast *fast, TribuneHlsFastStats *stats)
{
  stats->requests = __atomic_load_n (&fast->requests, __ATOMIC_RELAXED);
  stats->handoffs = __atomic_load_n (&fast->handoffs, __ATOMIC_RELAXED);
  stats->held = (guint) MAX (0, g_atomic_int_get (&fast->held));
  stats->connections = (guint) MAX (0, g_atomic_int_get (&fast->connections));
}
