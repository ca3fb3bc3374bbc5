/* rtp-h264.h — what an H.264 RTP packet (RFC 6184) carries, as far as a sender that
 * forwards packets without parsing the video needs to know.
 *
 * The lean sender starts a new viewer at the most recent key frame it still has (see
 * lean-receive.c), so it has to see where key frames begin among the packets it copies.
 * Our payloader (rtph264pay config-interval=-1 aggregate-mode=zero-latency) puts SPS and
 * PPS in front of every IDR picture, alone or in a STAP-A; a key frame therefore begins
 * with the packet that carries the SPS, or, from a payloader that sends none, with the
 * first fragment of the IDR slice.
 *
 * Pure functions on packet bytes; safe on truncated or hostile input.
 */
#pragma once

#include "rtp-header.h"

/* TRUE if @rtp carries a SPS or the first piece of an IDR slice: a decoder that starts
 * here gets a whole picture. Several packets of one access unit may answer TRUE (SPS,
 * then the IDR's first fragment): callers keep the first of each RTP timestamp. */
gboolean tribune_rtp_h264_opens_keyframe (const guint8 *rtp, gsize len);
