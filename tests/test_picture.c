/* Pictures (kiosk/picture.c): the demo content's PNGs and JPEGs made from
 * them, decoded and compared pixel by pixel with what ImageMagick decodes;
 * cut-off, oversized and random bytes refused without a crash; screenshots
 * written and read back by ImageMagick. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "picture.h"

#define DEMO_PICTURE "content/media/gruppe.png"
#define SIDE_LIMIT 2000

/* Decodes the file at `path`; fails the test when it will not. */
static SDL_Surface *decode_file(const char *path)
{
	size_t len;
	unsigned char *data = (unsigned char *)read_file(path, &len);
	char why[200] = "";
	SDL_Surface *s = picture_decode(data, len, SIDE_LIMIT, why, sizeof why);
	cr_assert(s, "%s: %s", path, why);
	free(data);
	return s;
}

/* The largest difference of one component between `s` and the raw pixels
 * ImageMagick writes for `path` in `map` order ("rgb", "rgba"). */
static int largest_difference(SDL_Surface *s, const char *dir, const char *path, const char *map)
{
	char *raw_path = path_join(dir, "reference.raw");
	cr_assert_eq(shell("convert '%s' -depth 8 %s:'%s'", path, map, raw_path), 0);
	size_t raw_len;
	unsigned char *raw = (unsigned char *)read_file(raw_path, &raw_len);
	int bytes = s->format->BytesPerPixel;
	cr_assert_eq(raw_len, (size_t)s->w * (size_t)s->h * (size_t)bytes, "%s: ImageMagick's size differs", path);
	int largest = 0;
	for (int y = 0; y < s->h; y++) {
		const unsigned char *row = (const unsigned char *)s->pixels + (size_t)y * (size_t)s->pitch;
		const unsigned char *want = raw + (size_t)y * (size_t)s->w * (size_t)bytes;
		for (int i = 0; i < s->w * bytes; i++) {
			int d = abs(row[i] - want[i]);
			largest = d > largest ? d : largest;
		}
	}
	free(raw), free(raw_path);
	return largest;
}

LEAKFREE_TEST(picture, demo_png_decodes_as_imagemagick_decodes_it)
{
	char *dir = scratch_dir();
	SDL_Surface *s = decode_file(DEMO_PICTURE);
	cr_assert_eq(s->w, 480);
	cr_assert_eq(s->h, 320);
	cr_assert_eq(s->format->format, SDL_PIXELFORMAT_RGB24, "an opaque picture blends nothing when drawn");
	/* 16 bits a component rounded to 8: at most one step apart. */
	int d = largest_difference(s, dir, DEMO_PICTURE, "rgb");
	cr_assert(d <= 1, "pixels differ by up to %d", d);
	SDL_FreeSurface(s);
	scratch_remove(dir);
}

LEAKFREE_TEST(picture, transparent_png_keeps_its_alpha)
{
	char *dir = scratch_dir();
	char *png = path_join(dir, "half.png");
	cr_assert_eq(shell("convert " DEMO_PICTURE " -depth 8 -alpha set -channel A -fx 'i/w' +channel '%s'", png), 0);
	SDL_Surface *s = decode_file(png);
	cr_assert_eq(s->format->format, SDL_PIXELFORMAT_RGBA32);
	int d = largest_difference(s, dir, png, "rgba");
	cr_assert(d == 0, "pixels differ by up to %d", d);
	SDL_FreeSurface(s);
	free(png);
	scratch_remove(dir);
}

LEAKFREE_TEST(picture, jpeg_decodes_as_imagemagick_decodes_it)
{
	char *dir = scratch_dir();
	char *jpeg = path_join(dir, "photo.jpg");
	cr_assert_eq(shell("convert " DEMO_PICTURE " -depth 8 -quality 90 '%s'", jpeg), 0);
	SDL_Surface *s = decode_file(jpeg);
	cr_assert_eq(s->w, 480);
	cr_assert_eq(s->h, 320);
	cr_assert_eq(s->format->format, SDL_PIXELFORMAT_RGB24);
	/* Both use libjpeg; its upsampling may differ by a step. */
	int d = largest_difference(s, dir, jpeg, "rgb");
	cr_assert(d <= 2, "pixels differ by up to %d", d);
	SDL_FreeSurface(s);
	free(jpeg);
	scratch_remove(dir);
}

LEAKFREE_TEST(picture, a_cut_off_png_is_refused_at_every_length)
{
	size_t len;
	unsigned char *data = (unsigned char *)read_file(DEMO_PICTURE, &len);
	/* Cut inside the closing IEND chunk (12 bytes), every pixel is there:
	 * libpng shows it, and so may the kiosk. */
	size_t pixels_end = len - 12;
	for (size_t cut = 0; cut < pixels_end; cut += cut < 100 ? 1 : 97) {
		/* Its own allocation, so that AddressSanitizer sees a read past the end. */
		unsigned char *part = malloc(cut ? cut : 1);
		memcpy(part, data, cut);
		char why[200] = "";
		SDL_Surface *s = picture_decode(part, cut, SIDE_LIMIT, why, sizeof why);
		cr_assert_null(s, "%zu of %zu bytes decoded", cut, len);
		cr_assert(why[0], "no reason given for %zu bytes", cut);
		free(part);
	}
	free(data);
}

LEAKFREE_TEST(picture, a_cut_off_jpeg_never_crashes)
{
	char *dir = scratch_dir();
	char *jpeg = path_join(dir, "photo.jpg");
	cr_assert_eq(shell("convert " DEMO_PICTURE " -depth 8 '%s'", jpeg), 0);
	size_t len;
	unsigned char *data = (unsigned char *)read_file(jpeg, &len);
	int refused = 0;
	for (size_t cut = 0; cut < len; cut += cut < 700 ? 1 : 211) {
		unsigned char *part = malloc(cut ? cut : 1);
		memcpy(part, data, cut);
		char why[200] = "";
		SDL_Surface *s = picture_decode(part, cut, SIDE_LIMIT, why, sizeof why);
		/* Cut inside its pixels, libjpeg fills the rest grey: shown, but safe. */
		refused += !s;
		cr_assert(s || why[0], "no reason given for %zu bytes", cut);
		SDL_FreeSurface(s);
		free(part);
	}
	cr_assert(refused > 0, "a JPEG cut off in its header decoded");
	free(data), free(jpeg);
	scratch_remove(dir);
}

LEAKFREE_TEST(picture, random_bytes_are_refused)
{
	srand(17);
	static const char *const starts[] = {"", "\x89PNG\r\n\x1a\n", "\xFF\xD8\xFF"};
	for (int round = 0; round < 300; round++) {
		size_t len = (size_t)(rand() % 4000) + 1;
		unsigned char *data = malloc(len);
		for (size_t i = 0; i < len; i++)
			data[i] = (unsigned char)rand();
		const char *start = starts[round % 3];
		memcpy(data, start, strlen(start) < len ? strlen(start) : len);
		char why[200] = "";
		SDL_Surface *s = picture_decode(data, len, SIDE_LIMIT, why, sizeof why);
		cr_assert_null(s, "round %d: %zu random bytes decoded", round, len);
		cr_assert(why[0]);
		free(data);
	}
	char why[200] = "";
	cr_assert_null(picture_decode((const unsigned char *)"GIF89a", 6, SIDE_LIMIT, why, sizeof why));
	cr_assert_str_eq(why, "neither a PNG nor a JPEG picture");
}

LEAKFREE_TEST(picture, a_picture_over_the_side_limit_is_refused_before_decoding)
{
	char *dir = scratch_dir();
	char *png = path_join(dir, "wide.png"), *jpeg = path_join(dir, "wide.jpg");
	cr_assert_eq(shell("convert -size 2001x3 xc:white '%s' && convert -size 3x2001 xc:white '%s'", png, jpeg), 0);
	const char *const files[] = {png, jpeg};
	const char *const sizes[] = {"2001x3", "3x2001"};
	for (int i = 0; i < 2; i++) {
		size_t len;
		unsigned char *data = (unsigned char *)read_file(files[i], &len);
		char why[200] = "";
		cr_assert_null(picture_decode(data, len, SIDE_LIMIT, why, sizeof why), "%s", files[i]);
		cr_assert(strstr(why, sizes[i]) && strstr(why, "at most 2000x2000"), "%s", why);
		SDL_Surface *s = picture_decode(data, len, 3000, why, sizeof why);
		cr_assert(s, "%s", why);
		SDL_FreeSurface(s);
		free(data);
	}
	free(png), free(jpeg);
	scratch_remove(dir);
}

LEAKFREE_TEST(picture, a_screenshot_reads_back_as_written)
{
	char *dir = scratch_dir();
	char *png = path_join(dir, "shot.png");
	enum { W = 37, H = 11, PITCH = 3 * W + 5 };   /* rows padded, as SDL pads them */
	unsigned char *rgb = malloc(PITCH * H);
	for (int i = 0; i < PITCH * H; i++)
		rgb[i] = (unsigned char)(i * 7);
	char why[300];
	cr_assert(picture_save_png(png, W, H, rgb, PITCH, why, sizeof why), "%s", why);
	cr_assert_eq(shell("identify -format '%%m %%wx%%h' '%s' | grep -qx 'PNG 37x11'", png), 0);
	SDL_Surface *s = decode_file(png);
	cr_assert_eq(s->format->format, SDL_PIXELFORMAT_RGB24);
	for (int y = 0; y < H; y++)
		cr_assert_arr_eq((unsigned char *)s->pixels + y * s->pitch, rgb + y * PITCH, 3 * W, "row %d", y);
	cr_assert_eq(largest_difference(s, dir, png, "rgb"), 0);
	SDL_FreeSurface(s);

	char *nowhere = path_join(dir, "missing/shot.png");
	cr_assert_not(picture_save_png(nowhere, W, H, rgb, PITCH, why, sizeof why));
	cr_assert(strstr(why, nowhere), "%s", why);
	free(rgb), free(png), free(nowhere);
	scratch_remove(dir);
}

LEAKFREE_TEST(picture, libjpeg_is_loaded_with_the_first_jpeg_only)
{
	char *dir = scratch_dir();
	char *jpeg = path_join(dir, "photo.jpg");
	cr_assert_eq(shell("convert " DEMO_PICTURE " -depth 8 '%s'", jpeg), 0);
	SDL_FreeSurface(decode_file(DEMO_PICTURE));
	cr_assert(!library_mapped("libjpeg.so"), "libjpeg is mapped before a JPEG was shown");
	SDL_FreeSurface(decode_file(jpeg));
	cr_assert(library_mapped("libjpeg.so"), "libjpeg is not mapped once a JPEG was shown");
	free(jpeg);
	scratch_remove(dir);
}

LEAKFREE_TEST(picture, without_libjpeg_a_jpeg_is_refused_and_pngs_still_show)
{
	char *dir = scratch_dir();
	char *jpeg = path_join(dir, "photo.jpg");
	cr_assert_eq(shell("convert " DEMO_PICTURE " -depth 8 '%s'", jpeg), 0);
	picture_use_jpeg_library("libjpeg-not-installed.so.62");
	size_t len;
	unsigned char *data = (unsigned char *)read_file(jpeg, &len);
	char why[300] = "";
	for (int i = 0; i < 2; i++) {
		cr_assert_null(picture_decode(data, len, SIDE_LIMIT, why, sizeof why));
		cr_assert(strstr(why, "no JPEG decoder: libjpeg-not-installed.so.62: "), "%s", why);
	}
	SDL_FreeSurface(decode_file(DEMO_PICTURE));
	free(data), free(jpeg);
	scratch_remove(dir);
}
