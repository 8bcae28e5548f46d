/* text — fonts and the cache of rendered strings. */
#ifndef WW_TEXT_H
#define WW_TEXT_H

#include <SDL.h>
#include <stdbool.h>

#include "view.h"

#define TEXT_CACHE_MAX 768              /* lines (and layouts) kept between frames */
#define TEXT_CACHE_BYTES (1 << 20)      /* and the lines' pixels, at most: 1 MiB holds a
                                         * full screen's lines and more with the software
                                         * renderer (one byte a pixel) */
#define TEXT_LAYOUT_BYTES (256 << 10)   /* and the layouts' bytes, at most */

struct text;

/* One line of a layout: bytes [start, start + len) of the text, `w` pixels
 * wide. */
struct text_line {
	int start, len, w;
};

/* A text broken into lines. Line i is drawn `i * line_skip` below the
 * first; `height` is that of all lines, `width` that of the widest. */
struct text_layout {
	int nlines, width, height;
	int line_skip, line_h;
	struct text_line line[];
};

/* A text style's font: size in pixels at 1080 pixels on the window's short
 * side, and whether semibold (the theme's table holds one per style). */
struct text_font {
	int px;
	bool bold;
};

/* Opens the bundled fonts from `font_dir` at the sizes of `fonts` (one per
 * style) and `scale` (as text_set_fonts): the scale the first screen will
 * ask for, so they are opened once. Needs no window: until
 * text_set_renderer(), lines are rendered as coverage, ahead of drawing. */
struct text *text_new(const char *font_dir, const struct text_font fonts[STYLE_COUNT], double scale, char *err,
		      size_t errlen);
/* Draws with `r` from now on. Lines rendered ahead are kept when `r` is
 * the software renderer of a window with 32-bit pixels, which takes
 * coverage; else dropped, to be rendered again as textures. */
void text_set_renderer(struct text *t, SDL_Renderer *r);
void text_free(struct text *t);   /* accepts NULL */

/* Sets the fonts (one per style) and their scale: 1.0 is 1080 pixels on
 * the window's short side. Reopens the fonts and empties the caches if
 * either changed. */
bool text_set_fonts(struct text *t, const struct text_font fonts[STYLE_COUNT], double scale);

/* `s` in `style` broken into lines of at most `wrap` pixels (0: only at
 * newlines). Cached; valid until text_frame_end(). Never NULL. */
const struct text_layout *text_layout(struct text *t, enum view_style style, const char *s, int wrap);

/* Width of `s` on one line, and height of `s` wrapped at `wrap` pixels: from
 * the layout, without rendering anything. */
int text_width(struct text *t, enum view_style style, const char *s);
int text_height(struct text *t, enum view_style style, const char *s, int wrap);

/* A rendered line, `w` x `h` pixels: its coverage (one byte a pixel, drawn
 * in any colour; the software renderer) or a texture in its colour (GPU). */
struct text_ink {
	SDL_Surface *coverage;
	SDL_Texture *tex;
	int w, h;
};

/* The line s[0..len) in `style`, to be drawn in `color`. Cached; NULL for an
 * empty line, or out of memory (then text_frame_incomplete()). Valid until
 * text_frame_end(). */
const struct text_ink *text_line(struct text *t, enum view_style style, SDL_Color color, const char *s,
				 size_t len);

/* Draws `ink` with its top left at (x, y) in `color` (the colour text_line()
 * was given), inside the renderer's clip rectangle, over what the renderer
 * drew before. */
void text_draw(struct text *t, const struct text_ink *ink, SDL_Color color, int x, int y);

/* Whether a text of this frame could not be laid out or rendered (out of
 * memory): the frame is not whole, and nothing of it was kept in the
 * caches, so the next frame tries again. */
bool text_frame_incomplete(const struct text *t);

/* Between frames: evicts the least recently used lines and layouts beyond
 * the limits (count and bytes), but none the frame just drawn used. */
void text_frame_end(struct text *t);

/* Empties both caches, wiping every cached text before it is freed: at the
 * idle reset nothing a visitor typed may stay in memory. */
void text_forget(struct text *t);

/* Bytes of pixels the line cache holds now (for make bench). */
size_t text_cache_bytes(const struct text *t);

#endif
