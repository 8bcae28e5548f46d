/* text — fonts, line breaking, and the cache of rendered lines.
 *
 * Text is broken into lines here, not by SDL2_ttf, so a page can be laid
 * out from line widths alone and only the lines in sight are ever rendered
 * (DESIGN.md: visible rows only). Rendering a line with SDL2_ttf costs far
 * more than drawing its texture, so each line is rendered once and kept,
 * keyed by style and text (STYLE.md: text texture cache). With the software
 * renderer (the default) a line is kept as its coverage, one byte a pixel,
 * and blended in any colour straight into the window's pixels: a quarter of
 * the memory of a texture, one copy for every colour it is drawn in, and
 * the transparent four fifths of a line's box cost nothing to draw. With
 * the GPU renderer a line is a texture rendered in its colour (keyed by it
 * too), since a tinted texture is what a GPU draws fast. Layouts are cached
 * the same way. Both caches are bounded:
 * text_frame_end() evicts the least recently used entries, and only between
 * frames, so nothing a frame still draws is freed under it. Font sizes
 * come from the theme and follow the window (text_set_fonts), never fixed
 * pixels. */
#include "text.h"

#include <SDL_ttf.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "hash.h"
#include "utf8.h"

struct entry {
	uint64_t hash;
	char *key;              /* style, wrap and text, as compared */
	size_t keylen;
	uint64_t used;          /* frame it was last used in */
	size_t bytes;           /* what it holds, counted against the limit */
	struct text_ink ink;    /* a line's pixels, or */
	struct text_layout *layout;
};

/* A bounded least-recently-used set of entries. */
struct cache {
	struct entry e[TEXT_CACHE_MAX * 2];
	int n;
	size_t bytes;
};

struct text {
	/* None yet: lines are rendered ahead as coverage, what the
	 * software renderer takes (text_set_renderer). */
	SDL_Renderer *renderer;
	/* Lines drawn into this window's pixels (software renderer), else as
	 * textures through the renderer. */
	SDL_Window *direct;
	char regular[1024], bold[1024];
	struct text_font style_font[STYLE_COUNT];
	double scale;
	/* One font per distinct size and weight: each open font costs about
	 * 200 kB (FreeType face, HarfBuzz tables, glyph cache). */
	TTF_Font *opened[STYLE_COUNT];
	int nopened;
	TTF_Font *fonts[STYLE_COUNT];   /* by style, into opened[] */
	struct cache lines;     /* textures of single lines */
	struct cache layouts;   /* line breaks of whole texts */
	uint64_t frame;
	bool incomplete;        /* a text of this frame could not be laid out or rendered */
};

static void drop(struct entry *e)
{
	if (e->ink.tex)
		SDL_DestroyTexture(e->ink.tex);
	if (e->ink.coverage)   /* the picture of what a visitor typed is theirs too */
		sodium_memzero(e->ink.coverage->pixels, (size_t)e->ink.coverage->pitch * (size_t)e->ink.coverage->h);
	SDL_FreeSurface(e->ink.coverage);
	free(e->layout);
	if (e->key)
		sodium_memzero(e->key, e->keylen);   /* it may be what a visitor typed */
	free(e->key);
}

static void clear_cache(struct cache *c)
{
	for (int i = 0; i < c->n; i++)
		drop(&c->e[i]);
	c->n = 0;
	c->bytes = 0;
}

static void close_fonts(struct text *t)
{
	for (int i = 0; i < t->nopened; i++)
		TTF_CloseFont(t->opened[i]);
	t->nopened = 0;
	memset(t->fonts, 0, sizeof t->fonts);
}

struct text *text_new(const char *font_dir, const struct text_font fonts[STYLE_COUNT], double scale, char *err,
		      size_t errlen)
{
	struct text *t = calloc(1, sizeof *t);
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	snprintf(t->regular, sizeof t->regular, "%s/OpenSans-Regular.ttf", font_dir);
	snprintf(t->bold, sizeof t->bold, "%s/OpenSans-Semibold.ttf", font_dir);
	if (!text_set_fonts(t, fonts, scale)) {
		snprintf(err, errlen, "cannot open the fonts in %s: %s", font_dir, TTF_GetError());
		text_free(t);
		return NULL;
	}
	return t;
}

void text_set_renderer(struct text *t, SDL_Renderer *r)
{
	t->renderer = r;
	/* Straight into the window's pixels where the renderer draws there
	 * anyway: the software renderer of a window whose pixels are 32-bit
	 * with the colours in the low three bytes (XRGB and XBGR, what desktops
	 * use). */
	SDL_RendererInfo info;
	SDL_Window *window = SDL_RenderGetWindow(r);
	SDL_Surface *screen = window ? SDL_GetWindowSurface(window) : NULL;
	if (screen && SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) &&
	    screen->format->BytesPerPixel == 4 && (screen->format->Rmask | screen->format->Gmask |
						   screen->format->Bmask) == 0xFFFFFF)
		t->direct = window;
	else   /* lines rendered ahead as coverage: this renderer draws textures */
		clear_cache(&t->lines);
}

void text_free(struct text *t)
{
	if (!t)
		return;
	clear_cache(&t->lines);
	clear_cache(&t->layouts);
	close_fonts(t);
	free(t);
}

bool text_set_fonts(struct text *t, const struct text_font fonts[STYLE_COUNT], double scale)
{
	if (t->nopened && scale == t->scale &&
	    memcmp(fonts, t->style_font, sizeof t->style_font) == 0)
		return true;
	memcpy(t->style_font, fonts, sizeof t->style_font);
	clear_cache(&t->lines);
	clear_cache(&t->layouts);
	close_fonts(t);
	t->scale = scale;
	int sizes[STYLE_COUNT];
	for (int i = 0; i < STYLE_COUNT; i++) {
		int px = (int)(fonts[i].px * scale + 0.5);
		sizes[i] = px < 8 ? 8 : px;
		for (int j = 0; j < i && !t->fonts[i]; j++)
			if (sizes[j] == sizes[i] && fonts[j].bold == fonts[i].bold)
				t->fonts[i] = t->fonts[j];
		if (t->fonts[i])
			continue;
		TTF_Font *f = TTF_OpenFont(fonts[i].bold ? t->bold : t->regular, sizes[i]);
		if (!f)
			return false;
		TTF_SetFontHinting(f, TTF_HINTING_LIGHT);
		t->opened[t->nopened++] = f;
		t->fonts[i] = f;
	}
	return true;
}

/* The entry for (style, variant, s[0..len)), or a new empty one to fill,
 * or NULL when the cache is full of entries this frame uses. The variant is
 * the wrap width of a layout, the colour of a line. */
static struct entry *lookup(struct text *t, struct cache *c, enum view_style style, long variant,
			    const char *s, size_t len, bool *found)
{
	char head[32];
	int headlen = snprintf(head, sizeof head, "%d/%ld/", (int)style, variant);
	uint64_t hash = hash_more(hash_bytes(head, (size_t)headlen), s, len);
	size_t keylen = (size_t)headlen + len;
	for (int i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];
		if (e->hash == hash && e->keylen == keylen && memcmp(e->key, head, (size_t)headlen) == 0 &&
		    memcmp(e->key + headlen, s, len) == 0) {
			e->used = t->frame;
			*found = true;
			return e;
		}
	}
	*found = false;
	if (c->n == (int)(sizeof c->e / sizeof *c->e))
		return NULL;   /* a frame with this many texts is reported by the caller */
	struct entry *e = &c->e[c->n];
	memset(e, 0, sizeof *e);
	e->key = fault_malloc(keylen + 1);
	if (!e->key) {
		t->incomplete = true;
		return NULL;
	}
	memcpy(e->key, head, (size_t)headlen);
	memcpy(e->key + headlen, s, len);
	e->key[keylen] = '\0';
	e->keylen = keylen;
	e->hash = hash;
	e->used = t->frame;
	return e;
}

/* Keeps a filled entry (the one lookup() returned last). */
static void keep(struct cache *c, size_t bytes)
{
	c->e[c->n].bytes = bytes;
	c->bytes += bytes;
	c->n++;
}

/* Width of s[0..len) on one line. `s` is the cache's own copy of the
 * text: ended for a moment where the span ends, so that measuring needs
 * no copy (and no allocation that could fail). */
static int span_width(TTF_Font *f, char *s, size_t len)
{
	char after = s[len];
	int w = 0, h = 0;
	s[len] = '\0';
	if (len && TTF_SizeUTF8(f, s, &w, &h) != 0)
		w = 0;
	s[len] = after;
	return w;
}

/* The end of the longest run of whole characters from `start` that fits in
 * `wrap` pixels, at least one character so every line makes progress. */
static size_t fit_chars(TTF_Font *f, char *s, size_t start, size_t end, int wrap)
{
	size_t fit = utf8_skip(s, start, end);
	for (size_t i = fit; i < end; i = utf8_skip(s, i, end)) {
		size_t j = utf8_skip(s, i, end);
		if (span_width(f, s + start, j - start) > wrap)
			break;
		fit = j;
	}
	return fit;
}

struct layout_builder {
	struct text_layout *lay;
	int cap;
};

/* Adds the line s[start..end); `w` is its width when already measured, or -1. */
static bool add_line(struct layout_builder *b, TTF_Font *f, char *s, size_t start, size_t end, int w)
{
	if (b->lay->nlines == b->cap) {
		int cap = b->cap ? 2 * b->cap : 4;
		struct text_layout *grown =
			fault_realloc(b->lay, sizeof *b->lay + (size_t)cap * sizeof b->lay->line[0]);
		if (!grown)
			return false;
		b->lay = grown;
		b->cap = cap;
	}
	struct text_line *l = &b->lay->line[b->lay->nlines++];
	l->start = (int)start;
	l->len = (int)(end - start);
	l->w = w >= 0 ? w : span_width(f, s + start, end - start);
	if (l->w > b->lay->width)
		b->lay->width = l->w;
	return true;
}

/* A place a line may end: the line is s[start..line_end), the next starts at `next`. */
struct line_break {
	size_t line_end, next;
};

/* Breaks one paragraph (no newline inside) greedily: at spaces, which are
 * dropped, and after a hyphen or slash, which stay (compounds, web
 * addresses); a word wider than the line is broken between characters.
 * Measuring a span shapes all of it, so trying the breaks one by one cost
 * the square of a line's length (and measuring the whole rest first, the
 * square of the paragraph's); a prefix is never narrower than a shorter
 * one, so the last break that fits is found by bisection instead. */
static bool break_paragraph(struct layout_builder *b, TTF_Font *f, char *s, size_t start,
			    size_t end, int wrap)
{
	while (start < end && s[start] == ' ')
		start++;
	if (start == end)
		return add_line(b, f, s, start, start, -1);
	struct line_break *brk = wrap > 0 ? fault_malloc((end - start + 1) * sizeof *brk) : NULL;
	bool ok = true;
	while (ok && start < end) {
		size_t last = end;
		while (last > start && s[last - 1] == ' ')
			last--;
		if (!brk) {
			ok = wrap <= 0 && add_line(b, f, s, start, last, -1);
			break;
		}
		int n = 0;
		for (size_t i = start; i < end; i++) {
			size_t line_end, next;
			if (s[i] == ' ') {
				line_end = i;
				next = i + 1;
			} else if ((s[i] == '-' || s[i] == '/') && i > start && i + 1 < end && s[i + 1] != ' ') {
				line_end = next = i + 1;
			} else {
				continue;
			}
			while (line_end > start && s[line_end - 1] == ' ')
				line_end--;
			if (line_end > start)
				brk[n++] = (struct line_break){line_end, next};
		}
		brk[n++] = (struct line_break){last, end};   /* the rest, whole */
		/* brk[fits] fits (-1: none known), brk[wide] does not. */
		int fits = -1, wide = n, fits_w = -1;
		while (wide - fits > 1) {
			int mid = wide == n ? n - 1 : fits + (wide - fits) / 2;
			int w = span_width(f, s + start, brk[mid].line_end - start);
			if (w <= wrap)
				fits = mid, fits_w = w;
			else
				wide = mid;
		}
		size_t line_end, resume;
		if (fits < 0) {   /* the first word alone is too wide */
			line_end = resume = fit_chars(f, s, start, end, wrap);
			fits_w = -1;
		} else {
			line_end = brk[fits].line_end;
			resume = brk[fits].next;
		}
		ok = add_line(b, f, s, start, line_end, fits_w);
		start = resume;
		while (start < end && s[start] == ' ')
			start++;
	}
	free(brk);
	return ok;
}

const struct text_layout *text_layout(struct text *t, enum view_style style, const char *s, int wrap)
{
	static const struct text_layout empty = {0};
	if (!*s)
		return &empty;
	bool found;
	size_t len = strlen(s);
	struct entry *e = lookup(t, &t->layouts, style, wrap, s, len, &found);
	if (!e)
		return &empty;
	if (found)
		return e->layout;
	TTF_Font *f = t->fonts[style];
	char *own = e->key + (e->keylen - len);   /* the text, NUL-terminated, after the key's head */
	struct layout_builder b = {fault_calloc(1, sizeof *b.lay), 0};
	bool ok = b.lay != NULL;
	for (size_t start = 0; ok && start <= len;) {
		const char *nl = memchr(own + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - own) : len;
		ok = break_paragraph(&b, f, own, start, end, wrap);
		start = end + 1;
	}
	if (!ok) {
		free(b.lay);
		free(e->key);
		t->incomplete = true;
		return &empty;
	}
	b.lay->line_skip = TTF_FontLineSkip(f);
	b.lay->line_h = TTF_FontHeight(f);
	b.lay->height = (b.lay->nlines - 1) * b.lay->line_skip + b.lay->line_h;
	e->layout = b.lay;
	keep(&t->layouts, sizeof *b.lay + (size_t)b.lay->nlines * sizeof b.lay->line[0] + e->keylen);
	return e->layout;
}

int text_width(struct text *t, enum view_style style, const char *s)
{
	return text_layout(t, style, s, 0)->width;
}

int text_height(struct text *t, enum view_style style, const char *s, int wrap)
{
	return text_layout(t, style, s, wrap)->height;
}

const struct text_ink *text_line(struct text *t, enum view_style style, SDL_Color color, const char *s,
				 size_t len)
{
	if (len == 0)
		return NULL;
	bool found;
	/* Coverage is drawn in any colour; a texture holds its colour. */
	bool coverage = t->direct || !t->renderer;
	long rgb = coverage ? -1 : (long)color.r << 16 | color.g << 8 | color.b;
	struct entry *e = lookup(t, &t->lines, style, rgb, s, len, &found);
	if (!e)
		return NULL;
	if (!found) {
		/* The key holds the line NUL-terminated, after the "style/rgb/" head. */
		const char *line = e->key + e->keylen - len;
		SDL_Surface *surf = NULL;
		size_t bytes = 0;
		if (fault_alloc_fails()) {
			/* as if SDL2_ttf had run out of memory */
		} else if (coverage) {
			/* Shaded from black to white: its 8-bit pixels are the
			 * glyphs' coverage, exactly the alpha Blended would give. */
			surf = TTF_RenderUTF8_Shaded(t->fonts[style], line, (SDL_Color){255, 255, 255, 255},
						     (SDL_Color){0, 0, 0, 255});
			e->ink.coverage = surf;
			bytes = surf ? (size_t)surf->pitch * (size_t)surf->h : 0;
		} else {
			color.a = 255;
			surf = TTF_RenderUTF8_Blended(t->fonts[style], line, color);
			e->ink.tex = surf ? SDL_CreateTextureFromSurface(t->renderer, surf) : NULL;
			bytes = surf ? (size_t)surf->w * (size_t)surf->h * 4 : 0;
		}
		if (!e->ink.coverage && !e->ink.tex) {
			SDL_FreeSurface(surf);
			free(e->key);
			t->incomplete = true;
			return NULL;
		}
		e->ink.w = surf->w;
		e->ink.h = surf->h;
		if (e->ink.tex)
			SDL_FreeSurface(surf);
		keep(&t->lines, bytes);
	}
	return &e->ink;
}

/* One pixel of coverage `a` (0 < a < 255) in the colour `solid`, blended
 * into `p`: red and blue in one multiplication, green in another (the
 * colour channels are the low three bytes, in any order). */
static inline Uint32 blend(Uint32 p, Uint32 solid, unsigned a)
{
	unsigned k = a + (a >> 7), rest = 256 - k;   /* 0..256 */
	Uint32 rb = ((solid & 0xFF00FF) * k + (p & 0xFF00FF) * rest) >> 8;
	Uint32 g = ((solid & 0x00FF00) * k + (p & 0x00FF00) * rest) >> 8;
	return (p & 0xFF000000) | (rb & 0xFF00FF) | (g & 0x00FF00);
}

/* Blends a run of coverage into a run of pixels. */
static inline void blend_run(const Uint8 *src, Uint32 *dst, int n, Uint32 solid)
{
	for (int i = 0; i < n; i++) {
		if (src[i] == 255)
			dst[i] = solid;
		else if (src[i])
			dst[i] = blend(dst[i], solid, src[i]);
	}
}

/* Blends `ink`'s coverage in `color` (opaque, as a texture draws it) into
 * the window's pixels at (x, y), inside the renderer's clip rectangle, after
 * what the renderer has queued. */
static void draw_coverage(struct text *t, const struct text_ink *ink, SDL_Color color, int x, int y)
{
	SDL_Surface *screen = SDL_GetWindowSurface(t->direct);
	if (!screen || SDL_RenderFlush(t->renderer) != 0)
		return;
	SDL_Rect box = {x, y, ink->w, ink->h}, area = {0, 0, screen->w, screen->h}, clip;
	if (SDL_RenderIsClipEnabled(t->renderer)) {
		SDL_RenderGetClipRect(t->renderer, &clip);
		if (!SDL_IntersectRect(&area, &clip, &area))
			return;
	}
	SDL_Rect out;
	if (!SDL_IntersectRect(&box, &area, &out) || (SDL_MUSTLOCK(screen) && SDL_LockSurface(screen) != 0))
		return;
	Uint32 solid = SDL_MapRGBA(screen->format, color.r, color.g, color.b, 255);
	for (int row = 0; row < out.h; row++) {
		const Uint8 *src = (const Uint8 *)ink->coverage->pixels +
				   (size_t)(out.y - y + row) * (size_t)ink->coverage->pitch + (out.x - x);
		Uint32 *dst = (Uint32 *)((Uint8 *)screen->pixels + (size_t)(out.y + row) * (size_t)screen->pitch) +
			      out.x;
		/* Most of a line's box is blank: eight pixels are looked at
		 * at once, and passed over together. */
		int i = 0;
		for (; i + 8 <= out.w; i += 8) {
			uint64_t eight;
			memcpy(&eight, src + i, sizeof eight);
			if (eight)
				blend_run(src + i, dst + i, 8, solid);
		}
		blend_run(src + i, dst + i, out.w - i, solid);
	}
	if (SDL_MUSTLOCK(screen))
		SDL_UnlockSurface(screen);
}

void text_draw(struct text *t, const struct text_ink *ink, SDL_Color color, int x, int y)
{
	if (ink->coverage) {
		draw_coverage(t, ink, color, x, y);
	} else {
		SDL_Rect dst = {x, y, ink->w, ink->h};
		SDL_RenderCopy(t->renderer, ink->tex, NULL, &dst);
	}
}

static int by_use(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return x->used < y->used ? 1 : x->used > y->used ? -1 : 0;
}

static void trim(struct cache *c, uint64_t drawn, size_t max_bytes)
{
	if (c->n <= TEXT_CACHE_MAX && c->bytes <= max_bytes)
		return;
	/* Most recently used first; drop from the tail. */
	qsort(c->e, (size_t)c->n, sizeof *c->e, by_use);
	while (c->n > 0 && (c->n > TEXT_CACHE_MAX || c->bytes > max_bytes) &&
	       c->e[c->n - 1].used != drawn) {
		struct entry *e = &c->e[--c->n];
		c->bytes -= e->bytes;
		drop(e);
	}
}

bool text_frame_incomplete(const struct text *t)
{
	return t->incomplete;
}

void text_frame_end(struct text *t)
{
	uint64_t drawn = t->frame++;
	t->incomplete = false;
	trim(&t->lines, drawn, TEXT_CACHE_BYTES);
	trim(&t->layouts, drawn, TEXT_LAYOUT_BYTES);
}

void text_forget(struct text *t)
{
	clear_cache(&t->lines);
	clear_cache(&t->layouts);
}

size_t text_cache_bytes(const struct text *t)
{
	return t->lines.bytes;
}
