/* test-encoder-threads.c — one x264 thread (no frame delay) up to 720p30. */
#include "encoder-threads.h"

static void
test_threads (void)
{
  g_assert_cmpuint (tribune_encoder_threads (640, 360, 30, 2), ==, 1);
  g_assert_cmpuint (tribune_encoder_threads (1280, 720, 30, 2), ==, 1);
  g_assert_cmpuint (tribune_encoder_threads (1280, 720, 25, 8), ==, 1);
  /* 720p60 and 1080p30 need more than one thread can do in time. */
  g_assert_cmpuint (tribune_encoder_threads (1280, 720, 60, 4), ==, 2);
  g_assert_cmpuint (tribune_encoder_threads (1920, 1080, 30, 4), ==, 3);
  /* Never more than x264's own choice for the machine, never none. */
  g_assert_cmpuint (tribune_encoder_threads (3840, 2160, 60, 2), ==, 3);
  g_assert_cmpuint (tribune_encoder_threads (3840, 2160, 60, 1), ==, 1);
  g_assert_cmpuint (tribune_encoder_threads (3840, 2160, 60, 0), ==, 1);
  g_assert_cmpuint (tribune_encoder_threads (3840, 2160, 60, 64), ==, 18);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/encoder-threads/by-pixel-rate", test_threads);
  return g_test_run ();
}
