/* encoder-threads.c — see encoder-threads.h. */
#include "encoder-threads.h"

#define ONE_THREAD_PIXELS_PER_SECOND (1280ull * 720ull * 30ull)

guint
tribune_encoder_threads (guint width, guint height, guint framerate, guint cpus)
{
  guint64 rate = (guint64) width * height * framerate;
  guint64 wanted = (rate + ONE_THREAD_PIXELS_PER_SECOND - 1) / ONE_THREAD_PIXELS_PER_SECOND;
  guint64 most = MAX (1u, cpus * 3 / 2);

  return (guint) CLAMP (wanted, 1, most);
}
