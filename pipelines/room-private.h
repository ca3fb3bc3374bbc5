/* room-private.h — the room's state, shared by room.c (program, inputs, viewers, HLS)
 * and room-participants.c (remote participants, layout, active speaker). Not for use
 * outside pipelines/room*.c. */
#pragma once

#include "room.h"
#include "active-speaker.h"
#include "input-bridge.h"
#include "layout.h"
#include "lean-sender.h"
#include "program.h"
#include "remote-participant.h"
#include "source-input.h"
#include "webrtc-viewer.h"
#include "whip-input.h"

G_BEGIN_DECLS

/* An input (layer or participant) with no frames for this long is off the picture. */
#define TRIBUNE_ROOM_FRAME_TIMEOUT_US (1 * G_USEC_PER_SEC)

struct _TribuneRoom {
  const TribuneRoomConfig *rc;
  const TribuneConfig *config;
  TribuneProgram *program;
  TribuneBridge *bridges[TRIBUNE_N_LAYERS];
  TribuneSourceInput *source;
  TribuneWhipInput *publisher;
  GHashTable *viewers;            /* id → TribuneViewer* (viewer_sender = webrtcbin) */
  TribuneLeanSender *lean;        /* WHEP viewers when viewer_sender = lean */
  TribuneHlsWriter *hls;
  /* HLS requests are answered on the fast path's threads too (hls-fast.h). */
  GMutex hls_lock;
  GHashTable *hls_clients;        /* client key → gint64 last seen (µs, boxed); hls_lock */
  guint64 hls_bytes_out;          /* hls_lock */
  guint watchdog;
  guint program_bus_watch;
  guint pipeline_errors;
  const gchar *on_air;
  gboolean source_up, whip_up;

  /* Remote participants (room-participants.c). */
  GHashTable *remotes;            /* key → TribuneRemote* */
  GHashTable *muted;              /* keys muted by themselves or the chair (set) */
  GHashTable *on_picture;         /* keys shown in the layout now (set) */
  TribuneLayoutKind layout;
  gchar *focus_key;               /* the chair's choice; NULL: the active speaker */
  gchar *applied_layout;          /* signature of the layout last applied */
  TribuneActiveSpeaker speaker;
  TribuneParticipantsChanged participants_changed;
  gpointer participants_changed_data;
};

typedef struct {
  TribuneRoom *room;
  TribuneSessionReady ready;
  gpointer user_data;
} Pending;

gchar *tribune_room_new_session_id (void);
gboolean tribune_room_frames_recent (gint64 last_us, gint64 now);

void tribune_room_participants_init (TribuneRoom *room);
void tribune_room_participants_clear (TribuneRoom *room);
/* From the watchdog: who is on the picture, the layout, the active speaker. */
void tribune_room_participants_tick (TribuneRoom *room, gboolean hall_up, gint64 now);
/* A `level` element message from the program's bus. */
void tribune_room_participants_note_level (TribuneRoom *room, GstMessage *msg);

G_END_DECLS
