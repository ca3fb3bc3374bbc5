/* config.h — Tribune's configuration: the [server] group and one [room ID] group per room.
 *
 * The file is a GKeyFile (see tribune.conf.example). With no file at all Tribune runs the
 * embedded default: one demo room fed by a test source, so a fresh install plays at once.
 * A config is immutable after loading; the main thread owns it for the process lifetime.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  TRIBUNE_SOURCE_NONE,   /* only the slate (and WHIP, if the room has an ingest key) */
  TRIBUNE_SOURCE_TEST,   /* built-in moving picture with clock and room name, and a tone */
  TRIBUNE_SOURCE_WHIP,   /* a WHIP publisher (OBS, the hall page) is the room's source */
  TRIBUNE_SOURCE_SRT,    /* SRT listener on srt_port */
  TRIBUNE_SOURCE_RTSP,   /* pull from an RTSP camera at url */
  TRIBUNE_SOURCE_V4L2,   /* local camera (video_device) and, if set, PulseAudio mic */
  TRIBUNE_SOURCE_PULSE,  /* local microphone only */
} TribuneSourceKind;

typedef struct {
  gchar *id;              /* [a-z0-9-], used in URLs */
  gchar *title;
  TribuneSourceKind source;
  gchar *ingest_key;      /* WHIP bearer key; NULL: WHIP publishing is off */
  gchar *url;             /* rtsp:// URL */
  guint srt_port;
  gchar *video_device;    /* v4l2 */
  gchar *audio_device;    /* pulse; NULL: default device */
  guint width, height, framerate;
  guint video_kbps, audio_kbps;
  guint whip_jitter_ms;    /* jitter buffer of the hall's WHIP input: lower is sooner on
                            * air, higher rides out a worse uplink (retransmissions) */
} TribuneRoomConfig;

typedef struct {
  gchar *bind_address;
  guint port;             /* 0: any free port (logged at start) */
  gchar *data_dir;
  gchar *web_dir;
  gchar *vendor_dir;      /* where hls.min.js is found */
  gchar *stun_server;     /* stun://host:port or NULL */
  GStrv ice_addresses;    /* gather ICE candidates only on these IPs; NULL: all interfaces */
  gsize max_body_bytes;
  guint max_viewers;      /* WHEP sessions per room */
  gboolean lean_viewers;  /* viewer_sender = lean: WHEP viewers through the lean sender
                           * (lean-sender.h); webrtcbin: a webrtcbin per viewer */
  guint hls_segment_ms;
  guint hls_window;       /* segments in the live playlist */
  guint hls_part_ms;      /* Low-Latency HLS part target; 0: classic HLS only */
  guint hls_threads;      /* threads answering HLS requests (hls-fast.h); 0: libsoup's
                           * main thread answers them, like every other request */
  guint recording_min_free_mb;   /* the recorder pauses below this much free disk */
  guint recordings_max_mb;       /* all recordings together; 0: no limit */
  guint question_names_days;     /* residents' names hidden this long after a meeting
                                  * ended (public reads); 0: never hidden */
  gchar *time_zone;       /* advice deadlines count calendar days here (Europe/Amsterdam) */
  guint attachment_max_mb; /* one advice attachment (PDF) at most */
  guint max_participants;  /* remote participants (members, residents) per meeting */
  guint invite_valid_hours; /* an invite link works this long after it was made */
  guint speaker_turn_s;    /* a resident's speaking turn (inspreken), before extensions */
  gboolean demo_meeting;  /* first start on an empty database: a demo council with a live
                           * meeting in the first room (the embedded default sets it) */
  GPtrArray *rooms;       /* (element-type TribuneRoomConfig) */
} TribuneConfig;

TribuneConfig *tribune_config_load_data (const gchar *data, GError **error);
TribuneConfig *tribune_config_load_file (const gchar *path, GError **error);
/* The embedded default: demo room with a test source, WHIP key "demo". */
TribuneConfig *tribune_config_new_default (void);
void tribune_config_free (TribuneConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TribuneConfig, tribune_config_free)

const TribuneRoomConfig *tribune_config_find_room (const TribuneConfig *config,
                                                   const gchar *id);
const gchar *tribune_source_kind_to_string (TribuneSourceKind kind);
gboolean tribune_room_id_is_valid (const gchar *id);

G_END_DECLS
