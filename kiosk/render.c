/* render — draws a view list.
 *
 * The only code that paints. It knows the theme: calm, high-contrast colours
 * (text and buttons at WCAG AAA contrast on their backgrounds), a visible
 * focus ring, pressed feedback, disabled letters greyed. QR codes are always
 * dark on light, whole pixels per module, with their quiet zone, and are kept
 * as textures keyed by payload and size. It never decides layout; widgets
 * arrive placed. */
#include "render.h"

#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>

#include "qr.h"
#include "store.h"

struct qr_entry {
	char *payload;
	int modules;
	SDL_Texture *tex;
	unsigned long used;
};

struct render {
	SDL_Renderer *r;
	struct text *text;
	double scale;
	struct qr_entry qr[RENDER_QR_CACHE];
	unsigned long tick;
	/* The picture on screen, decoded once; freed with the first frame that
	 * no longer shows it (a 480 x 320 picture is 600 kB of texture). */
	long long image_id;
	SDL_Texture *image;
	bool image_drawn;
};

static const SDL_Color
	c_bg = {0xF6, 0xF4, 0xEF, 255}, c_text = {0x1B, 0x1B, 0x1B, 255},
	c_muted = {0x45, 0x45, 0x45, 255}, c_primary = {0x1D, 0x4F, 0x7A, 255},
	c_primary_pressed = {0x10, 0x31, 0x4D, 255}, c_white = {255, 255, 255, 255},
	c_card = {255, 255, 255, 255}, c_border = {0xB5, 0xAE, 0xA0, 255},
	c_card_pressed = {0xD6, 0xE4, 0xF0, 255}, c_disabled_bg = {0xE9, 0xE6, 0xDF, 255},
	c_disabled_text = {0x76, 0x76, 0x76, 255}, c_focus = {0xC2, 0x5E, 0x00, 255},
	c_overlay = {0x10, 0x14, 0x18, 200}, c_badge = {0xFF, 0xF0, 0xC0, 255},
	c_badge_text = {0x4A, 0x38, 0x00, 255}, c_current = {0xF2, 0xC1, 0x4E, 255};

struct render *render_new(SDL_Renderer *r, struct text *t)
{
	struct render *rd = calloc(1, sizeof *rd);
	if (rd) {
		rd->r = r;
		rd->text = t;
		rd->scale = 1.0;
	}
	return rd;
}

void render_free(struct render *r)
{
	if (!r)
		return;
	for (int i = 0; i < RENDER_QR_CACHE; i++) {
		free(r->qr[i].payload);
		if (r->qr[i].tex)
			SDL_DestroyTexture(r->qr[i].tex);
	}
	if (r->image)
		SDL_DestroyTexture(r->image);
	free(r);
}

int render_padding(const struct render *r, enum view_style style)
{
	int base = style == STYLE_ITEM || style == STYLE_CARD || style == STYLE_INPUT ||
		   style == STYLE_INPUT_TEXT ? 24 : 16;
	return (int)(base * r->scale + 0.5);
}

/* The code's texture, one pixel a module: the renderer scales it by the
 * whole module size with nearest-pixel sampling, which is exact, so a large
 * code costs kilobytes of texture, not a megabyte. */
static SDL_Texture *module_texture(SDL_Renderer *sr, const struct qr_code *code)
{
	int n = qr_modules(code) + 2 * QR_QUIET_ZONE;
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, n, n, 8, SDL_PIXELFORMAT_INDEX8);
	if (!s)
		return NULL;
	SDL_Color gray[256];
	for (int i = 0; i < 256; i++)
		gray[i] = (SDL_Color){(Uint8)i, (Uint8)i, (Uint8)i, 255};
	SDL_SetPaletteColors(s->format->palette, gray, 0, 256);
	qr_render_gray(code, 1, s->pixels, s->pitch);
	SDL_Texture *tex = SDL_CreateTextureFromSurface(sr, s);
	if (tex)
		SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
	SDL_FreeSurface(s);
	return tex;
}

/* The cache entry for a payload, encoding it if needed (LRU replacement). */
static struct qr_entry *qr_entry(struct render *r, const char *payload)
{
	struct qr_entry *victim = &r->qr[0];
	r->tick++;
	for (int i = 0; i < RENDER_QR_CACHE; i++) {
		struct qr_entry *e = &r->qr[i];
		if (e->payload && strcmp(e->payload, payload) == 0) {
			e->used = r->tick;
			return e;
		}
		if (!e->payload || e->used < victim->used)
			victim = e;
	}
	char err[128];
	struct qr_code *code = qr_encode(payload, err, sizeof err);
	if (!code)
		return NULL;
	free(victim->payload);
	if (victim->tex)
		SDL_DestroyTexture(victim->tex);
	memset(victim, 0, sizeof *victim);
	victim->payload = strdup(payload);
	victim->modules = qr_modules(code);
	victim->tex = module_texture(r->r, code);
	qr_free(code);
	if (!victim->payload || !victim->tex) {
		free(victim->payload);
		if (victim->tex)
			SDL_DestroyTexture(victim->tex);
		memset(victim, 0, sizeof *victim);
		return NULL;
	}
	victim->used = r->tick;
	return victim;
}

int render_qr_side(struct render *r, const char *payload, int max_px)
{
	struct qr_entry *e = qr_entry(r, payload);
	if (!e)
		return 0;
	int px = qr_module_px(e->modules, max_px);
	return px * (e->modules + 2 * QR_QUIET_ZONE);
}

/* The texture of a picture (its size was checked when it was loaded). */
static SDL_Texture *image_texture(struct render *r, const struct store_media *m)
{
	r->image_drawn = true;
	if (r->image && r->image_id == m->id)
		return r->image;
	if (r->image)
		SDL_DestroyTexture(r->image);
	r->image = NULL;
	r->image_id = m->id;
	SDL_Surface *s = IMG_Load_RW(SDL_RWFromConstMem(m->data, (int)m->len), 1);
	if (s) {
		r->image = SDL_CreateTextureFromSurface(r->r, s);
		SDL_FreeSurface(s);
	}
	if (r->image)
		SDL_SetTextureScaleMode(r->image, SDL_ScaleModeLinear);
	return r->image;
}

/* Sets the draw colour. Opaque colours draw without blending: SDL's
 * software renderer blends every pixel of a rectangle when asked to, even
 * at full alpha, and cards and bars are most of a frame's pixels. */
static void draw_color(SDL_Renderer *r, SDL_Color c)
{
	SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
}

static void fill(SDL_Renderer *r, const SDL_Rect *rect, SDL_Color c)
{
	draw_color(r, c);
	SDL_RenderFillRect(r, rect);
}

static void frame(SDL_Renderer *r, SDL_Rect rect, int thickness, SDL_Color c)
{
	draw_color(r, c);
	for (int i = 0; i < thickness; i++) {
		SDL_RenderDrawRect(r, &rect);
		rect.x++, rect.y++, rect.w -= 2, rect.h -= 2;
	}
}

/* Draws a label: wrapped to the widget for texts, else one line, centred
 * when `centre`. Only the lines inside the widget's clip are rendered. */
static void label(struct render *r, const struct view *v, SDL_Color c, bool wrap, bool centre,
		  int pad)
{
	const struct text_layout *lay =
		text_layout(r->text, v->style, v->label, wrap ? v->rect.w - 2 * pad : 0);
	int y = v->rect.y + pad;
	if (centre || !wrap)
		y = v->rect.y + (v->rect.h - lay->height) / 2;
	for (int i = 0; i < lay->nlines; i++, y += lay->line_skip) {
		if (y + lay->line_h <= v->clip.y || y >= v->clip.y + v->clip.h)
			continue;
		const struct text_line *line = &lay->line[i];
		int w, h;
		SDL_Texture *tex =
			text_line(r->text, v->style, c, v->label + line->start, (size_t)line->len, &w, &h);
		if (!tex)
			continue;
		SDL_Rect dst = {v->rect.x + pad, y, w, h};
		/* Centred buttons, and QR captions under their code. */
		if (centre || (wrap && v->style == STYLE_QR))
			dst.x = v->rect.x + (v->rect.w - w) / 2;
		SDL_RenderCopy(r->r, tex, NULL, &dst);
	}
}

static void draw_view(struct render *r, const struct view *v)
{
	SDL_Renderer *sr = r->r;
	bool pressed = v->flags & VIEW_PRESSED, disabled = v->flags & VIEW_DISABLED;
	int border = (int)(3 * r->scale + 0.5) > 1 ? (int)(3 * r->scale + 0.5) : 1;
	int pad = render_padding(r, v->style);
	switch (v->role) {
	case ROLE_BOX:
		if (v->style == STYLE_HEADER_BAR)
			fill(sr, &v->rect, c_primary);
		else if (v->style == STYLE_OVERLAY)
			fill(sr, &v->rect, c_overlay);
		else if (v->style == STYLE_THUMB)
			fill(sr, &v->rect, c_primary);
		else if (v->style == STYLE_BADGE)
			fill(sr, &v->rect, c_badge);
		else if (v->style == STYLE_LETTER_CURRENT)
			fill(sr, &v->rect, c_current);
		else {
			fill(sr, &v->rect, c_card);
			frame(sr, v->rect, v->style == STYLE_DIALOG ? 2 * border : 1, c_border);
		}
		break;
	case ROLE_HEADING:
		label(r, v, v->style == STYLE_HEADER_BAR ? c_white : c_text, true, false, 0);
		break;
	case ROLE_TEXT:
		label(r, v, v->style == STYLE_HEADER_BAR ? c_white
			    : v->style == STYLE_BADGE ? c_badge_text
			    : v->style == STYLE_SMALL ? c_muted : c_text, true, false, 0);
		break;
	case ROLE_BUTTON:
	case ROLE_KEY:
		if (v->style == STYLE_BUTTON_QUIET) {
			fill(sr, &v->rect, pressed ? c_primary_pressed : c_white);
			frame(sr, v->rect, border, c_primary);
			label(r, v, pressed ? c_white : c_primary, false, true, pad);
		} else if (v->style == STYLE_HEADER_BUTTON) {
			/* On the dark header bar: outlined; pressed, filled light. */
			if (pressed)
				fill(sr, &v->rect, c_card_pressed);
			if (!disabled)
				frame(sr, v->rect, border, c_white);
			label(r, v, disabled ? c_disabled_text : pressed ? c_primary : c_white, false, true, pad);
		} else {
			fill(sr, &v->rect, disabled ? c_disabled_bg : pressed ? c_primary_pressed : c_primary);
			label(r, v, disabled ? c_disabled_text : c_white, false, true, pad);
		}
		break;
	case ROLE_LETTER:
		fill(sr, &v->rect, disabled ? c_disabled_bg : pressed ? c_primary_pressed
				   : v->style == STYLE_LETTER_CURRENT ? c_current : c_card);
		if (!disabled)
			frame(sr, v->rect, border, c_primary);
		label(r, v, disabled ? c_disabled_text : pressed ? c_white : c_primary, false, true, 0);
		break;
	case ROLE_ITEM:
		fill(sr, &v->rect, pressed ? c_card_pressed : c_card);
		frame(sr, v->rect, 1, c_border);
		{
			SDL_Rect bar = {v->rect.x, v->rect.y, border * 2, v->rect.h};
			fill(sr, &bar, c_primary);
		}
		label(r, v, c_primary, true, false, pad);
		break;
	case ROLE_LINK:
		if (pressed)
			fill(sr, &v->rect, c_card_pressed);
		label(r, v, c_primary, false, false, 0);
		{
			int w = text_width(r->text, v->style, v->label);
			SDL_Rect line = {v->rect.x, v->rect.y + v->rect.h - border - 2, w, border};
			fill(sr, &line, c_primary);
		}
		break;
	case ROLE_INPUT:
		fill(sr, &v->rect, c_white);
		frame(sr, v->rect, border, c_primary);
		if (v->style == STYLE_INPUT_TEXT) {
			/* What was typed, and a caret after it where typing goes on. */
			label(r, v, c_text, false, false, pad);
			int w = text_width(r->text, v->style, v->label);
			int x = v->rect.x + pad + w + border;
			if (x > v->rect.x + v->rect.w - pad)
				x = v->rect.x + v->rect.w - pad;
			SDL_Rect caret = {x, v->rect.y + v->rect.h / 5, border * 2, v->rect.h * 3 / 5};
			fill(sr, &caret, c_primary);
		} else {
			label(r, v, c_muted, false, false, pad);
		}
		break;
	case ROLE_QR: {
		fill(sr, &v->rect, c_white);
		struct qr_entry *e = qr_entry(r, v->target);
		int side = e ? render_qr_side(r, v->target, v->rect.w < v->rect.h ? v->rect.w : v->rect.h) : 0;
		if (side > 0) {
			SDL_Rect dst = {v->rect.x + (v->rect.w - side) / 2, v->rect.y + (v->rect.h - side) / 2,
					side, side};
			SDL_RenderCopy(sr, e->tex, NULL, &dst);
		}
		break;
	}
	case ROLE_IMAGE: {
		SDL_Texture *tex = v->data ? image_texture(r, v->data) : NULL;
		if (tex)
			SDL_RenderCopy(sr, tex, NULL, &v->rect);
		else   /* undecodable: a calm placeholder, never garbage */
			fill(sr, &v->rect, c_disabled_bg);
		break;
	}
	}
	if (v->flags & VIEW_FOCUSED) {
		SDL_Rect ring = {v->rect.x - 2 * border, v->rect.y - 2 * border, v->rect.w + 4 * border,
				 v->rect.h + 4 * border};
		frame(sr, ring, border, c_focus);
	}
}

void render_draw(struct render *r, struct view_list *l, double scale)
{
	r->scale = scale;
	draw_color(r->r, c_bg);
	SDL_RenderSetClipRect(r->r, NULL);
	SDL_RenderClear(r->r);
	r->image_drawn = false;
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		bool clipped = !SDL_RectEquals(&v->clip, &v->rect);
		SDL_RenderSetClipRect(r->r, clipped ? &v->clip : NULL);
		draw_view(r, v);
	}
	SDL_RenderSetClipRect(r->r, NULL);
	if (!r->image_drawn && r->image) {
		SDL_DestroyTexture(r->image);
		r->image = NULL;
		r->image_id = 0;
	}
}

bool render_check_fit(struct render *r, struct view_list *l, char *why, size_t whylen)
{
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		if (!*v->label || v->role == ROLE_BOX || v->role == ROLE_QR || v->role == ROLE_IMAGE)
			continue;
		bool wraps = v->role == ROLE_TEXT || v->role == ROLE_HEADING || v->role == ROLE_ITEM;
		int pad = v->role == ROLE_TEXT || v->role == ROLE_HEADING || v->role == ROLE_LINK ||
				  v->role == ROLE_LETTER ? 0 : render_padding(r, v->style);
		const struct text_layout *lay =
			text_layout(r->text, v->style, v->label, wraps ? v->rect.w - 2 * pad : 0);
		int w = lay->width, h = lay->height;
		if (w > v->rect.w - 2 * pad || h > v->rect.h - (v->role == ROLE_ITEM ? pad : 0)) {
			snprintf(why, whylen, "%s \"%.40s\" needs %dx%d but has %dx%d", view_role_name(v->role),
				 v->label, w + 2 * pad, h, v->rect.w, v->rect.h);
			return false;
		}
	}
	return true;
}
