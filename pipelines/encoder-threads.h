/* encoder-threads.h — how many threads the program's x264 may use.
 *
 * x264 runs frame threads: each holds a frame of its own, so n threads delay the picture
 * by n − 1 frames (33 ms each at 30 fps), and a key frame a new viewer asks for just as
 * much. On this project's 2-core machine x264 chose 3 threads, and a joining WebRTC
 * viewer waited 100–200 ms longer for its first picture than with one (bench/ttff.mjs).
 * One thread encodes 720p30 at veryfast in about 15 ms a frame (≈45 % of a core), so a
 * program up to 720p30's pixel rate gets one thread; above it, one more thread per
 * multiple of that rate, never more than x264's own choice (1.5 × the cores).
 * (x264's sliced threads have no frame delay, but a test run with them once ended in a
 * SIGFPE inside the encoder that was never explained: see docs/performance.md.)
 */
#pragma once

#include <glib.h>

guint tribune_encoder_threads (guint width, guint height, guint framerate, guint cpus);
