/* text — fonts and the cache of rendered strings. */
#ifndef WW_TEXT_H
#define WW_TEXT_H

#include <SDL.h>
#include <stdbool.h>

#include "view.h"

#define TEXT_CACHE_MAX 768              /* textures kept between frames */
#define TEXT_CACHE_BYTES (4 << 20)      /* and their pixels, at most */

struct text;

/* Opens the bundled fonts from `font_dir` for drawing with `r`. */
struct text *text_new(SDL_Renderer *r, const char *font_dir, char *err, size_t errlen);
void text_free(struct text *t);   /* accepts NULL */

/* Sets the size of everything from the window: `scale` 1.0 is 1080 pixels
 * on the short side. Reopens the fonts and empties the cache if it changed. */
bool text_set_scale(struct text *t, double scale);

/* Width of `s` on one line. */
int text_width(struct text *t, enum view_style style, const char *s);

/* The texture of `s` in `style`, wrapped at `wrap` pixels (0: one line),
 * white: draw it with SDL_SetTextureColorMod for a colour. Its size in *w,
 * *h. Cached by all three; NULL for "". Valid until text_frame_end(). */
SDL_Texture *text_get(struct text *t, enum view_style style, const char *s, int wrap, int *w,
		      int *h);

/* Height `s` takes when wrapped at `wrap` pixels. */
int text_height(struct text *t, enum view_style style, const char *s, int wrap);

/* Between frames: evicts the least recently used textures beyond the
 * limits (count and bytes), but none the frame just drawn used. */
void text_frame_end(struct text *t);

#endif
