/* picture — content pictures decoded, screenshots encoded: PNG by libpng,
 * JPEG by libjpeg. */
#ifndef WW_PICTURE_H
#define WW_PICTURE_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

/* Decodes the PNG or JPEG in `data` into a new surface: RGBA32 when the
 * picture has transparency, else RGB24 (so that drawing it blends
 * nothing). Refuses,
 * before anything is allocated for its pixels, a picture wider or higher
 * than `max_side` pixels. NULL with the reason in `why` for that, for
 * bytes that are neither format, and for a damaged or cut-off file; never
 * reads outside `data`. */
SDL_Surface *picture_decode(const unsigned char *data, size_t len, int max_side, char *why, size_t why_size);

/* The file of libjpeg, loaded with the first JPEG picture. */
#define PICTURE_JPEG_LIBRARY "libjpeg.so.62"
/* For tests, before the first JPEG: another file to load instead (one that
 * does not exist stands for libjpeg not being installed). */
void picture_use_jpeg_library(const char *file);

/* Writes `width` x `height` RGB24 pixels (rows `pitch` bytes apart) to
 * `path` as a PNG. False with the reason, naming the file, in `why`. */
bool picture_save_png(const char *path, int width, int height, const void *rgb, int pitch, char *why,
		      size_t why_size);

#endif
