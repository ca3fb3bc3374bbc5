/* metrics.h — Prometheus text exposition (format 0.0.4) of the rooms' counters.
 * Pure: the caller collects the statuses; unit-tested. */
#pragma once

#include "room.h"

G_BEGIN_DECLS

typedef struct {
  const gchar *room_id;
  TribuneRoomStatus status;
  guint event_streams;        /* pages following the room's events (event-stream.h) */
} TribuneRoomMetrics;

/* (transfer full) */
gchar *tribune_metrics_render (const TribuneRoomMetrics *rooms, guint n_rooms,
                               gdouble uptime_s);

G_END_DECLS
