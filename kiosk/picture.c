/* picture — the pixels of a content picture, and a screenshot as a PNG.
 *
 * The kiosk shows the PNG and JPEG pictures of its content (rules.c says
 * which bytes are which) and writes PNG screenshots in script mode. libpng
 * is in the process anyway (FreeType and HarfBuzz use it), so its
 * simplified API decodes and encodes PNG; libjpeg decodes JPEG, loaded
 * (dynlib.c) with the first JPEG picture, since most content has none. A
 * general image library would map a dozen decoders (TIFF, WebP, ...) the
 * kiosk never needs into every kiosk process. The size of a picture is
 * read from its header and checked before its pixels are allocated, and a
 * damaged file is an error, never a crash: content is checked when it is
 * built and loaded, but this is the last line. Keeps no state but
 * libjpeg's functions; call it from one thread (the UI's). */
#include "picture.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>

#include "dynlib.h"
#include "fault.h"
#include "rules.h"

static SDL_Surface *decode_png(const unsigned char *data, size_t len, int max_side, char *why, size_t why_size)
{
	SDL_Surface *s = NULL;
	png_image img = {.version = PNG_IMAGE_VERSION};
	if (!png_image_begin_read_from_memory(&img, data, len)) {
		snprintf(why, why_size, "not a readable PNG: %s", img.message);
		goto done;
	}
	if (img.width < 1 || img.height < 1 || img.width > (png_uint_32)max_side ||
	    img.height > (png_uint_32)max_side) {
		snprintf(why, why_size, "a PNG of %ux%u pixels (at most %dx%d allowed)", (unsigned)img.width,
			 (unsigned)img.height, max_side, max_side);
		goto done;
	}
	/* A 16-bit file without gAMA or sRGB would be taken as linear light
	 * and come out far too bright; image editors write sRGB. */
	img.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
	bool alpha = img.format & PNG_FORMAT_FLAG_ALPHA;
	img.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
	s = SDL_CreateRGBSurfaceWithFormat(0, (int)img.width, (int)img.height, alpha ? 32 : 24,
					   alpha ? SDL_PIXELFORMAT_RGBA32 : SDL_PIXELFORMAT_RGB24);
	if (!s) {
		snprintf(why, why_size, "no memory for a picture of %ux%u pixels", (unsigned)img.width,
			 (unsigned)img.height);
		goto done;
	}
	/* The row stride counts components; with 8 bits each, bytes. */
	if (!png_image_finish_read(&img, NULL, s->pixels, s->pitch, NULL)) {
		snprintf(why, why_size, "a damaged PNG: %s", img.message);
		SDL_FreeSurface(s);
		s = NULL;
	}
done:
	png_image_free(&img);
	return s;
}

#define JPEG_FUNCTIONS(X) X(jpeg_std_error) X(jpeg_CreateDecompress) X(jpeg_mem_src) X(jpeg_read_header) \
	X(jpeg_start_decompress) X(jpeg_read_scanlines) X(jpeg_finish_decompress) X(jpeg_destroy_decompress)
#define JPEG_POINTER(f) __typeof__(f) *f;
#define JPEG_SYMBOL(f) DYNLIB_SYMBOL(struct jpeg_library, f),

static struct jpeg_library {
	JPEG_FUNCTIONS(JPEG_POINTER)
} lj;

static const struct dynlib_symbol jpeg_symbols[] = {JPEG_FUNCTIONS(JPEG_SYMBOL)};

/* libjpeg, loaded with the first JPEG; without it no JPEG is shown. */
static struct dynlib jpeg_library = DYNLIB_INIT(PICTURE_JPEG_LIBRARY, jpeg_symbols, &lj);

void picture_use_jpeg_library(const char *file)
{
	jpeg_library.file = file;
}

/* libjpeg reports an error by calling error_exit, which must not return:
 * it jumps back into decode_jpeg with the message kept. */
struct jpeg_failure {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
	char message[JMSG_LENGTH_MAX];
};

static void jpeg_fail(j_common_ptr cinfo)
{
	struct jpeg_failure *f = (struct jpeg_failure *)cinfo->err;
	f->mgr.format_message(cinfo, f->message);
	longjmp(f->back, 1);
}

/* Warnings (a file cut off inside its pixels decodes with the rest grey)
 * are not for the kiosk's log. */
static void jpeg_quiet(j_common_ptr cinfo)
{
	(void)cinfo;
}

static SDL_Surface *decode_jpeg(const unsigned char *data, size_t len, int max_side, char *why, size_t why_size)
{
	if (!dynlib_load(&jpeg_library)) {
		snprintf(why, why_size, "no JPEG decoder: %s", jpeg_library.failure);
		return NULL;
	}
	/* Changed after setjmp and read after the jump back: volatile. */
	SDL_Surface *volatile s = NULL;
	struct jpeg_decompress_struct cinfo;
	struct jpeg_failure failure;
	cinfo.err = lj.jpeg_std_error(&failure.mgr);
	failure.mgr.error_exit = jpeg_fail;
	failure.mgr.output_message = jpeg_quiet;
	if (setjmp(failure.back)) {
		snprintf(why, why_size, "a damaged JPEG: %s", failure.message);
		SDL_FreeSurface(s);
		s = NULL;
		goto done;
	}
	lj.jpeg_CreateDecompress(&cinfo, JPEG_LIB_VERSION, sizeof cinfo);
	lj.jpeg_mem_src(&cinfo, data, (unsigned long)len);
	lj.jpeg_read_header(&cinfo, TRUE);
	if (cinfo.image_width > (JDIMENSION)max_side || cinfo.image_height > (JDIMENSION)max_side) {
		snprintf(why, why_size, "a JPEG of %ux%u pixels (at most %dx%d allowed)", (unsigned)cinfo.image_width,
			 (unsigned)cinfo.image_height, max_side, max_side);
		goto done;
	}
	cinfo.out_color_space = JCS_RGB;
	lj.jpeg_start_decompress(&cinfo);
	s = SDL_CreateRGBSurfaceWithFormat(0, (int)cinfo.output_width, (int)cinfo.output_height, 24,
					   SDL_PIXELFORMAT_RGB24);
	if (!s) {
		snprintf(why, why_size, "no memory for a picture of %ux%u pixels", (unsigned)cinfo.output_width,
			 (unsigned)cinfo.output_height);
		goto done;
	}
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = (JSAMPROW)s->pixels + (size_t)cinfo.output_scanline * (size_t)s->pitch;
		lj.jpeg_read_scanlines(&cinfo, &row, 1);
	}
	lj.jpeg_finish_decompress(&cinfo);
done:
	lj.jpeg_destroy_decompress(&cinfo);
	return s;
}

SDL_Surface *picture_decode(const unsigned char *data, size_t len, int max_side, char *why, size_t why_size)
{
	if (fault_picture_fails()) {
		snprintf(why, why_size, "no memory for its pixels (WW_FAULT)");
		return NULL;
	}
	const char *mime = rule_image_mime(data, len);
	if (mime && strcmp(mime, "image/png") == 0)
		return decode_png(data, len, max_side, why, why_size);
	if (mime && strcmp(mime, "image/jpeg") == 0)
		return decode_jpeg(data, len, max_side, why, why_size);
	snprintf(why, why_size, "neither a PNG nor a JPEG picture");
	return NULL;
}

bool picture_save_png(const char *path, int width, int height, const void *rgb, int pitch, char *why,
		      size_t why_size)
{
	png_image img = {
		.version = PNG_IMAGE_VERSION,
		.width = (png_uint_32)width,
		.height = (png_uint_32)height,
		.format = PNG_FORMAT_RGB,
	};
	bool ok = png_image_write_to_file(&img, path, 0, rgb, pitch, NULL) != 0;
	if (!ok)
		snprintf(why, why_size, "%s: not written: %s", path, img.message);
	png_image_free(&img);
	return ok;
}
