/* program-tile.h — a remote participant's place in the program: picture and voice.
 *
 * A tile is a pair of appsrcs in the program (fed by the participant's own pipeline
 * through a bridge, like any input): the picture goes to a compositor pad placed by the
 * layout; the voice goes through volume (the mute switch) → level (who speaks) → tee into
 * the mix-minus, which also makes this participant's own mix (everyone but them). The
 * appsrcs are leaky and never block: a participant on a bad network loses their own
 * frames, never the program's.
 *
 * Threads: main thread.
 */
#pragma once

#include <gst/gst.h>
#include <gst/app/gstappsrc.h>

#include "layout.h"
#include "packet-tap.h"
#include "program.h"

G_BEGIN_DECLS

/* The size every participant's picture is scaled to before it reaches the program (the
 * compositor scales the tile from there: a quarter of the pixels of 720p, so eight
 * webcams cost less than two full-size inputs). */
#define TRIBUNE_TILE_WIDTH 640
#define TRIBUNE_TILE_HEIGHT 360

typedef struct _TribuneProgramTile TribuneProgramTile;

/* Adds the tile to the playing program, hidden until placed. (transfer full) */
TribuneProgramTile *tribune_program_tile_new (TribuneProgram *program, const gchar *key,
                                              GError **error);
void tribune_program_tile_free (TribuneProgramTile *tile);

GstAppSrc *tribune_program_tile_video (TribuneProgramTile *tile);
GstAppSrc *tribune_program_tile_audio (TribuneProgramTile *tile);
/* This participant's mix-minus, Opus RTP (payload type 111). (transfer none) */
TribunePacketTap *tribune_program_tile_return_tap (TribuneProgramTile *tile);
void tribune_program_tile_place (TribuneProgramTile *tile, const TribuneTileRect *rect);
void tribune_program_tile_set_muted (TribuneProgramTile *tile, gboolean muted);

G_END_DECLS
