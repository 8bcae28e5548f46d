/* text — fonts and the cache of rendered strings.
 *
 * Rendering a string with SDL2_ttf costs far more than drawing its texture,
 * so every string is rendered once, in white, and kept, keyed by style, wrap
 * width and text; the renderer tints it (STYLE.md: text texture cache). The cache is bounded:
 * text_frame_end() evicts least recently used textures, and only between
 * frames, so no texture a frame still draws is ever freed under it. Font
 * sizes follow the window (text_set_scale), never fixed pixels. */
#include "text.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Font size at 1080 pixels on the short side, and whether semibold. */
static const struct { int px; bool bold; } style_fonts[STYLE_COUNT] = {
	[STYLE_TITLE] = {58, true},      [STYLE_HEADING] = {44, true},
	[STYLE_SUBHEADING] = {34, true}, [STYLE_BODY] = {30, false},
	[STYLE_SMALL] = {28, false},     [STYLE_BUTTON] = {32, true},
	[STYLE_BUTTON_QUIET] = {30, true}, [STYLE_LETTER] = {36, true},
	[STYLE_ITEM] = {32, false},      [STYLE_LINK] = {30, true},
	[STYLE_INPUT] = {34, false},     [STYLE_HEADER_BAR] = {36, true},
	[STYLE_PANEL] = {30, false},     [STYLE_THUMB] = {28, true},
	[STYLE_OVERLAY] = {30, false},   [STYLE_DIALOG] = {44, true},
	[STYLE_BADGE] = {28, true},      [STYLE_QR] = {30, true},
	[STYLE_LETTER_CURRENT] = {36, true}, [STYLE_CARD] = {30, false},
	[STYLE_HEADER_BUTTON] = {30, true},
};

struct entry {
	uint64_t hash;
	char *key;              /* style, colour, wrap and text, as compared */
	size_t keylen;
	SDL_Texture *tex;
	int w, h;
	uint64_t used;          /* frame it was last used in */
};

struct text {
	SDL_Renderer *renderer;
	char regular[1024], bold[1024];
	double scale;
	TTF_Font *fonts[STYLE_COUNT];
	struct entry cache[TEXT_CACHE_MAX * 2];
	int n;
	size_t bytes;           /* pixels held by the cached textures */
	uint64_t frame;
};

static void close_fonts(struct text *t)
{
	for (int i = 0; i < STYLE_COUNT; i++) {
		if (t->fonts[i])
			TTF_CloseFont(t->fonts[i]);
		t->fonts[i] = NULL;
	}
}

static void clear_cache(struct text *t)
{
	for (int i = 0; i < t->n; i++) {
		SDL_DestroyTexture(t->cache[i].tex);
		free(t->cache[i].key);
	}
	t->n = 0;
	t->bytes = 0;
}

struct text *text_new(SDL_Renderer *r, const char *font_dir, char *err, size_t errlen)
{
	struct text *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	t->renderer = r;
	snprintf(t->regular, sizeof t->regular, "%s/OpenSans-Regular.ttf", font_dir);
	snprintf(t->bold, sizeof t->bold, "%s/OpenSans-Semibold.ttf", font_dir);
	if (!text_set_scale(t, 1.0)) {
		snprintf(err, errlen, "cannot open the fonts in %s: %s", font_dir, TTF_GetError());
		text_free(t);
		return NULL;
	}
	return t;
}

void text_free(struct text *t)
{
	if (!t)
		return;
	clear_cache(t);
	close_fonts(t);
	free(t);
}

bool text_set_scale(struct text *t, double scale)
{
	if (t->fonts[0] && scale == t->scale)
		return true;
	clear_cache(t);
	close_fonts(t);
	t->scale = scale;
	for (int i = 0; i < STYLE_COUNT; i++) {
		int px = (int)(style_fonts[i].px * scale + 0.5);
		t->fonts[i] = TTF_OpenFont(style_fonts[i].bold ? t->bold : t->regular, px < 8 ? 8 : px);
		if (!t->fonts[i])
			return false;
		TTF_SetFontHinting(t->fonts[i], TTF_HINTING_LIGHT);
		if (i == STYLE_QR)
			TTF_SetFontWrappedAlign(t->fonts[i], TTF_WRAPPED_ALIGN_CENTER);
	}
	return true;
}

int text_width(struct text *t, enum view_style style, const char *s)
{
	int w = 0, h = 0;
	if (*s && TTF_SizeUTF8(t->fonts[style], s, &w, &h) != 0)
		return 0;
	return w;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

SDL_Texture *text_get(struct text *t, enum view_style style, const char *s, int wrap, int *w,
		      int *h)
{
	static const SDL_Color white = {255, 255, 255, 255};
	*w = *h = 0;
	if (!*s)
		return NULL;
	char head[32];
	int headlen = snprintf(head, sizeof head, "%d/%d/", (int)style, wrap);
	size_t slen = strlen(s), keylen = (size_t)headlen + slen;
	uint64_t hash = hash_bytes(head, (size_t)headlen) ^ (hash_bytes(s, slen) * 31);
	for (int i = 0; i < t->n; i++) {
		struct entry *e = &t->cache[i];
		if (e->hash == hash && e->keylen == keylen && memcmp(e->key, head, (size_t)headlen) == 0 &&
		    memcmp(e->key + headlen, s, slen) == 0) {
			e->used = t->frame;
			*w = e->w;
			*h = e->h;
			return e->tex;
		}
	}
	if (t->n == (int)(sizeof t->cache / sizeof *t->cache))
		return NULL;   /* a frame with this many strings is reported by the caller */
	SDL_Surface *surf = wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(t->fonts[style], s, white, (Uint32)wrap)
				     : TTF_RenderUTF8_Blended(t->fonts[style], s, white);
	if (!surf)
		return NULL;
	SDL_Texture *tex = SDL_CreateTextureFromSurface(t->renderer, surf);
	struct entry *e = &t->cache[t->n];
	e->key = malloc(keylen + 1);
	if (!tex || !e->key) {
		SDL_FreeSurface(surf);
		SDL_DestroyTexture(tex);
		free(e->key);
		return NULL;
	}
	memcpy(e->key, head, (size_t)headlen);
	memcpy(e->key + headlen, s, slen + 1);
	e->keylen = keylen;
	e->hash = hash;
	e->tex = tex;
	e->w = surf->w;
	e->h = surf->h;
	e->used = t->frame;
	SDL_FreeSurface(surf);
	t->n++;
	t->bytes += (size_t)e->w * (size_t)e->h * 4;
	*w = e->w;
	*h = e->h;
	return tex;
}

int text_height(struct text *t, enum view_style style, const char *s, int wrap)
{
	int w, h;
	if (!*s)
		return 0;
	text_get(t, style, s, wrap, &w, &h);
	return h;
}

static int by_use(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->used < y->used ? 1 : x->used > y->used ? -1 : 0;
}

void text_frame_end(struct text *t)
{
	uint64_t drawn = t->frame++;
	if (t->n <= TEXT_CACHE_MAX && t->bytes <= TEXT_CACHE_BYTES)
		return;
	/* Most recently used first; drop from the tail. */
	qsort(t->cache, (size_t)t->n, sizeof *t->cache, by_use);
	while (t->n > 0 && (t->n > TEXT_CACHE_MAX || t->bytes > TEXT_CACHE_BYTES) &&
	       t->cache[t->n - 1].used != drawn) {
		struct entry *e = &t->cache[--t->n];
		t->bytes -= (size_t)e->w * (size_t)e->h * 4;
		SDL_DestroyTexture(e->tex);
		free(e->key);
	}
}

