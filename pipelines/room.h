/* room.h — a room: its program, its inputs, its viewers and its HLS output.
 *
 * The room is what the HTTP layer talks to. It owns the program (program.h), a bridge per
 * input layer, the room's own source (source-input.h), at most one WHIP publisher
 * (whip-input.h), its WHEP viewers (webrtc-viewer.h) and the HLS writer (hls-writer.h).
 * A watchdog (every 250 ms) decides which layer is on air from the frames that arrive:
 * no frames for 1 s and the layer is hidden, so the slate shows within 2 s of an input
 * dropping out and the program returns to the input as soon as frames flow again, with
 * no viewer reconnecting.
 *
 * Threads: main thread only. Callbacks are called on the main context.
 */
#pragma once

#include "config.h"
#include "hls-playlist.h"
#include "hls-writer.h"
#include "layout.h"
#include "sdp-offer.h"

G_BEGIN_DECLS

typedef struct _TribuneRoom TribuneRoom;

/* @session_id and @answer are NULL on failure; then @error says why (its code maps to
 * an HTTP status). */
typedef void (*TribuneSessionReady) (const gchar *session_id, const gchar *answer,
                                     const GError *error, gpointer user_data);

typedef struct {
  const gchar *on_air;        /* "slate", "whip", or the source kind ("test", "rtsp"…) */
  gboolean live;              /* something other than the slate is on air */
  guint whep_viewers;         /* sessions (negotiating or connected) */
  guint hls_viewers;          /* distinct HLS clients seen in the last 15 s */
  gboolean source_up;
  gboolean whip_up;
  gboolean publishing;        /* a WHIP session exists */
  guint64 webrtc_bytes_out;
  guint64 hls_bytes_out;
  guint pipeline_errors;
  /* The lean sender's (all 0 with viewer_sender = webrtcbin). */
  guint64 webrtc_send_drops;        /* datagrams the kernel refused */
  guint64 webrtc_retransmissions;   /* packets resent after a viewer's NACK */
  guint64 webrtc_keyframe_requests; /* PLI/FIR from viewers */
  guint64 webrtc_keyframe_replays;  /* viewers started at a key frame already sent */
} TribuneRoomStatus;

TribuneRoom *tribune_room_new (const TribuneRoomConfig *room, const TribuneConfig *config,
                               GError **error);
gboolean tribune_room_start (TribuneRoom *room, GError **error);
void tribune_room_free (TribuneRoom *room);

const TribuneRoomConfig *tribune_room_get_config (TribuneRoom *room);
void tribune_room_get_status (TribuneRoom *room, TribuneRoomStatus *status);

/* WHEP. @ready may be called before this returns (on early errors). */
void tribune_room_add_viewer (TribuneRoom *room, const TribuneOfferPlan *plan,
                              const gchar *offer, TribuneSessionReady ready,
                              gpointer user_data);
gboolean tribune_room_remove_viewer (TribuneRoom *room, const gchar *session_id);
gboolean tribune_room_trickle_viewer (TribuneRoom *room, const gchar *session_id,
                                      GArray *candidates);

/* WHIP. Error TRIBUNE_ERROR_CONFLICT when another publisher is active. */
void tribune_room_publish (TribuneRoom *room, const TribuneOfferPlan *plan,
                           const gchar *offer, TribuneSessionReady ready,
                           gpointer user_data);
gboolean tribune_room_unpublish (TribuneRoom *room, const gchar *session_id);
gboolean tribune_room_trickle_publisher (TribuneRoom *room, const gchar *session_id,
                                         GArray *candidates);

/* ---- Remote participants (docs/hybrid.md) ----
 * Keyed by the participant's database id as text. Each has up to two sessions: sending
 * (WHIP: camera and microphone into the program) and receiving (WHEP: the program's
 * picture with everyone's sound but their own). Errors: TRIBUNE_ERROR_UNAVAILABLE when
 * max_participants are already taking part. */
void tribune_room_participant_send (TribuneRoom *room, const gchar *key, const gchar *name,
                                    const TribuneOfferPlan *plan, const gchar *offer,
                                    TribuneSessionReady ready, gpointer user_data);
void tribune_room_participant_receive (TribuneRoom *room, const gchar *key,
                                       const gchar *name, const TribuneOfferPlan *plan,
                                       const gchar *offer, TribuneSessionReady ready,
                                       gpointer user_data);
/* DELETE of one session; FALSE if no participant has it. @key NULL: whoever has it. */
gboolean tribune_room_participant_end_session (TribuneRoom *room, const gchar *key,
                                               const gchar *session_id);
gboolean tribune_room_participant_trickle (TribuneRoom *room, const gchar *key,
                                           const gchar *session_id, GArray *candidates);
/* Ends both sessions and takes the tile off the program. */
void tribune_room_participant_remove (TribuneRoom *room, const gchar *key);
/* Remembered for a participant who joins later. */
void tribune_room_participant_set_muted (TribuneRoom *room, const gchar *key, gboolean muted);
/* @focus_key NULL: the large tile follows the active speaker. */
void tribune_room_set_layout (TribuneRoom *room, TribuneLayoutKind kind,
                              const gchar *focus_key);
/* The hall's return feed (WHEP): the remote participants' voices only, and the program's
 * picture if the offer asks for video. */
void tribune_room_listen_hall (TribuneRoom *room, const TribuneOfferPlan *plan,
                               const gchar *offer, TribuneSessionReady ready,
                               gpointer user_data);

typedef struct {
  gchar *key;
  gboolean connected;       /* has a session (sending or receiving) */
  gboolean on_picture;      /* their frames arrive and they are in the layout */
  gboolean speaking;        /* the active speaker */
  gdouble level_db;         /* smoothed sound level, dBFS (−inf: none) */
} TribuneParticipantState;

/* (element-type TribuneParticipantState) (transfer full) */
GArray *tribune_room_participant_states (TribuneRoom *room);
/* The active speaker's key, "hall", or NULL. (transfer none) */
const gchar *tribune_room_active_speaker (TribuneRoom *room);

/* Called on the main context when who is connected, who is on the picture or who is
 * speaking changes. */
typedef void (*TribuneParticipantsChanged) (TribuneRoom *room, gpointer user_data);
void tribune_room_set_participants_hook (TribuneRoom *room, TribuneParticipantsChanged hook,
                                         gpointer user_data);

/* HLS. The playlist (transfer none) or NULL before the writer exists. */
TribuneHlsPlaylist *tribune_room_hls_playlist (TribuneRoom *room);
const gchar *tribune_room_hls_dir (TribuneRoom *room);
/* An HLS client fetched the playlist (@client: address + user agent, hashed). These two,
 * tribune_room_hls_playlist and tribune_room_hls_dir may be called from any thread (the
 * HLS fast path's); the others from the main thread. */
void tribune_room_note_hls_client (TribuneRoom *room, const gchar *client);
void tribune_room_add_hls_bytes (TribuneRoom *room, guint64 bytes);
/* Called for every HLS segment the room's writer closes (hls-writer.h); the recorder
 * keeps a live meeting's segments this way. @hook NULL removes it. */
void tribune_room_set_segment_hook (TribuneRoom *room, TribuneSegmentClosed hook,
                                    gpointer user_data);

/* The lower third on the program (the meeting's current agenda item); plain text,
 * NULL @title removes it. */
void tribune_room_set_lower_third (TribuneRoom *room, const gchar *title,
                                   const gchar *subtitle);

G_END_DECLS
