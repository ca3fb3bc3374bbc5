/* remote-participant.c — see remote-participant.h. */
#include "remote-participant.h"
#include "input-bridge.h"
#include "webrtc-viewer.h"
#include "whip-input.h"

/* A participant's camera is shown small; ask the browser to start at a tile's rate. */
#define PARTICIPANT_START_KBPS 800
/* A conversation: members answer each other, so every 100 ms counts. 60 ms of jitter
 * buffer is what browsers settle at on a good line (their buffer adapts; ours is fixed),
 * against webrtcbin's 200 ms default for the hall's broadcast input. */
#define PARTICIPANT_JITTER_MS 60

struct _TribuneRemote {
  TribuneProgram *program;            /* not owned; outlives the participant */
  const TribuneConfig *config;
  gchar *room_id;
  gchar *key;
  TribuneProgramTile *tile;
  TribuneBridge *bridge;
  TribuneWhipInput *send;             /* NULL when not sending */
  TribuneViewer *receive;             /* NULL when not receiving */
  gint64 created_us;
  TribuneRemoteSessionGone gone;
  gpointer gone_data;
};

typedef struct {
  TribuneRemoteAnswered answered;
  gpointer user_data;
} Pending;

TribuneRemote *
tribune_remote_new (TribuneProgram *program, const TribuneConfig *config,
                    const gchar *room_id, const gchar *key, const gchar *name,
                    TribuneRemoteSessionGone gone, gpointer gone_data, GError **error)
{
  TribuneProgramTile *tile = tribune_program_tile_new (program, key, error);
  TribuneRemote *r;

  if (tile == NULL)
    return NULL;
  r = g_new0 (TribuneRemote, 1);
  r->program = program;
  r->config = config;
  r->room_id = g_strdup (room_id);
  r->key = g_strdup (key);
  r->tile = tile;
  r->bridge = tribune_bridge_new_for (program, tribune_program_tile_video (tile),
                                      tribune_program_tile_audio (tile),
                                      TRIBUNE_TILE_WIDTH, TRIBUNE_TILE_HEIGHT);
  tribune_bridge_set_label (r->bridge, name);
  r->created_us = g_get_monotonic_time ();
  r->gone = gone;
  r->gone_data = gone_data;
  return r;
}

void
tribune_remote_free (TribuneRemote *r)
{
  if (r == NULL)
    return;
  /* Sessions first: the viewer holds a subscription on the tile's tap, the sender pushes
   * into the tile's appsrcs through the bridge. */
  g_clear_pointer (&r->receive, tribune_viewer_free);
  g_clear_pointer (&r->send, tribune_whip_input_free);
  g_clear_pointer (&r->tile, tribune_program_tile_free);
  tribune_bridge_free (r->bridge);
  g_free (r->room_id);
  g_free (r->key);
  g_free (r);
}

/* ---- sending (WHIP) ---- */

static void
on_send_answered (TribuneWhipInput *input, const gchar *answer, const gchar *error_message,
                  gpointer user_data)
{
  Pending *p = user_data;

  p->answered (tribune_whip_input_get_id (input), answer, error_message, p->user_data);
  g_free (p);
}

static void
on_send_gone (TribuneWhipInput *input, const gchar *reason, gpointer user_data)
{
  TribuneRemote *r = user_data;
  g_autofree gchar *id = g_strdup (tribune_whip_input_get_id (input));

  if (input != r->send)
    return;
  g_clear_pointer (&r->send, tribune_whip_input_free);
  r->gone (r, id, reason, r->gone_data);
}

void
tribune_remote_send (TribuneRemote *r, const gchar *session_id, const TribuneOfferPlan *plan,
                     const gchar *offer, TribuneRemoteAnswered answered, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  Pending *p;

  /* A rejoin replaces the old session at once (it may not have noticed it is dead). */
  g_clear_pointer (&r->send, tribune_whip_input_free);
  tribune_bridge_reset (r->bridge);
  r->send = tribune_whip_input_new (session_id, r->room_id, r->bridge,
                                    PARTICIPANT_START_KBPS, r->config, &error);
  if (r->send == NULL) {
    answered (NULL, NULL, error->message, user_data);
    return;
  }
  tribune_whip_input_set_latency (r->send, PARTICIPANT_JITTER_MS);
  p = g_new0 (Pending, 1);
  p->answered = answered;
  p->user_data = user_data;
  tribune_whip_input_negotiate (r->send, plan, offer, on_send_answered, p, on_send_gone, r);
}

/* ---- receiving (WHEP) ---- */

static void
on_receive_answered (TribuneViewer *viewer, const gchar *answer, const gchar *error_message,
                     gpointer user_data)
{
  Pending *p = user_data;

  p->answered (tribune_viewer_get_id (viewer), answer, error_message, p->user_data);
  g_free (p);
}

static void
on_receive_gone (TribuneViewer *viewer, const gchar *reason, gpointer user_data)
{
  TribuneRemote *r = user_data;
  g_autofree gchar *id = g_strdup (tribune_viewer_get_id (viewer));

  if (viewer != r->receive)
    return;
  g_clear_pointer (&r->receive, tribune_viewer_free);
  r->gone (r, id, reason, r->gone_data);
}

void
tribune_remote_receive (TribuneRemote *r, const gchar *session_id,
                        const TribuneOfferPlan *plan, const gchar *offer,
                        TribuneRemoteAnswered answered, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  Pending *p;

  g_clear_pointer (&r->receive, tribune_viewer_free);
  r->receive = tribune_viewer_new (session_id, r->program, r->config, &error);
  if (r->receive == NULL) {
    answered (NULL, NULL, error->message, user_data);
    return;
  }
  /* The program's picture, and everyone's voice but their own. */
  tribune_viewer_set_audio_tap (r->receive, tribune_program_tile_return_tap (r->tile));
  p = g_new0 (Pending, 1);
  p->answered = answered;
  p->user_data = user_data;
  tribune_viewer_negotiate (r->receive, plan, offer, on_receive_answered, p,
                            on_receive_gone, r);
}

/* ---- sessions ---- */

gboolean
tribune_remote_has_session (TribuneRemote *r, const gchar *session_id)
{
  return (r->send && g_strcmp0 (tribune_whip_input_get_id (r->send), session_id) == 0) ||
         (r->receive && g_strcmp0 (tribune_viewer_get_id (r->receive), session_id) == 0);
}

gboolean
tribune_remote_end_session (TribuneRemote *r, const gchar *session_id)
{
  if (r->send && g_strcmp0 (tribune_whip_input_get_id (r->send), session_id) == 0) {
    g_clear_pointer (&r->send, tribune_whip_input_free);
    tribune_bridge_reset (r->bridge);
    return TRUE;
  }
  if (r->receive && g_strcmp0 (tribune_viewer_get_id (r->receive), session_id) == 0) {
    g_clear_pointer (&r->receive, tribune_viewer_free);
    return TRUE;
  }
  return FALSE;
}

gboolean
tribune_remote_trickle (TribuneRemote *r, const gchar *session_id, GArray *candidates)
{
  for (guint i = 0; i < candidates->len; i++) {
    TribuneTrickleCandidate *c = &g_array_index (candidates, TribuneTrickleCandidate, i);

    if (r->send && g_strcmp0 (tribune_whip_input_get_id (r->send), session_id) == 0)
      tribune_whip_input_add_candidate (r->send, c->mline, c->candidate);
    else if (r->receive && g_strcmp0 (tribune_viewer_get_id (r->receive), session_id) == 0)
      tribune_viewer_add_candidate (r->receive, c->mline, c->candidate);
    else
      return FALSE;
  }
  return TRUE;
}

gboolean
tribune_remote_is_sending (TribuneRemote *r)
{
  return r->send != NULL;
}

guint
tribune_remote_n_sessions (TribuneRemote *r)
{
  return (r->send ? 1 : 0) + (r->receive ? 1 : 0);
}

const gchar *
tribune_remote_key (TribuneRemote *r)
{
  return r->key;
}

gint64
tribune_remote_last_frame_us (TribuneRemote *r)
{
  return MAX (tribune_bridge_last_video_us (r->bridge),
              tribune_bridge_last_audio_us (r->bridge));
}

gint64
tribune_remote_created_us (TribuneRemote *r)
{
  return r->created_us;
}

TribuneProgramTile *
tribune_remote_tile (TribuneRemote *r)
{
  return r->tile;
}
