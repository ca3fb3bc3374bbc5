/* rtp-header.h — the fixed RTP header (RFC 3550 §5.1), read from packet bytes: where the
 * payload starts and the timestamp. Shared by SRTP (srtp-gcm.c), the key frame finder
 * (rtp-h264.c) and the lean sender's clock (lean-send.c). Pure; safe on short input. */
#pragma once

#include <glib.h>

#define TRIBUNE_RTP_HEADER_LEN 12

/* The length of @rtp's header: fixed part, CSRCs and header extension; 0 if @len cannot
 * hold it or @rtp is not RTP version 2. */
gsize tribune_rtp_header_length (const guint8 *rtp, gsize len);

/* The RTP timestamp of @rtp (TRIBUNE_RTP_HEADER_LEN bytes or more). */
guint32 tribune_rtp_timestamp (const guint8 *rtp);
