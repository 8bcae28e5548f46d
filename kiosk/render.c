/* render — draws a view list.
 *
 * The only code that paints: the drawing primitives the widget classes
 * (widget.c) draw with, in the theme's colours, and the frame loop that
 * draws every widget back to front with its focus ring. QR codes are always
 * dark on light, whole pixels per module, with their quiet zone, and are
 * kept as textures keyed by payload. It never decides layout; widgets
 * arrive placed, and their labels are laid out as their class says, the
 * same way here when drawn and in render_check_fit(). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "picture.h"
#include "qr.h"
#include "rules.h"
#include "store.h"
#include "widget.h"

struct qr_entry {
	char *payload;
	int modules;
	SDL_Texture *tex;
	unsigned long used;
};

struct render {
	SDL_Renderer *r;
	struct text *text;
	const struct theme *th;
	struct qr_entry qr[RENDER_QR_CACHE];
	unsigned long tick;
	/* The picture on screen, decoded once; freed with the first frame that
	 * no longer shows it (a 480 x 320 picture is 600 kB of texture). */
	long long image_id;
	SDL_Texture *image;
	bool image_drawn;
	long long image_refused_id;     /* a picture that did not decode: said once, not retried */
};

struct render *render_new(SDL_Renderer *r, struct text *t)
{
	struct render *rd = calloc(1, sizeof *rd);
	if (rd) {
		rd->r = r;
		rd->text = t;
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

void render_set_theme(struct render *r, const struct theme *th)
{
	r->th = th;
}

const struct theme *render_theme(const struct render *r)
{
	return r->th;
}

struct text *render_text(const struct render *r)
{
	return r->text;
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

int render_qr_modules(struct render *r, const char *payload)
{
	struct qr_entry *e = qr_entry(r, payload);
	return e ? e->modules + 2 * QR_QUIET_ZONE : 0;
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
	if (m->id == r->image_refused_id)
		return NULL;
	if (r->image)
		SDL_DestroyTexture(r->image);
	r->image = NULL;
	r->image_id = m->id;
	char why[160];
	SDL_Surface *s = picture_decode(m->data, m->len, LIMIT_IMAGE_SIDE, why, sizeof why);
	if (s) {
		r->image = SDL_CreateTextureFromSurface(r->r, s);
		SDL_FreeSurface(s);
	} else {
		journal_say(JOURNAL_WARNING, "picture %lld not shown: %s", m->id, why);
		r->image_refused_id = m->id;
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

void render_fill(struct render *r, const SDL_Rect *rect, enum theme_color c)
{
	draw_color(r->r, theme_color(r->th, c));
	SDL_RenderFillRect(r->r, rect);
}

void render_frame(struct render *r, SDL_Rect rect, int thickness, enum theme_color c)
{
	draw_color(r->r, theme_color(r->th, c));
	for (int i = 0; i < thickness; i++) {
		SDL_RenderDrawRect(r->r, &rect);
		rect.x++, rect.y++, rect.w -= 2, rect.h -= 2;
	}
}

/* The padding around the widget's label, as its class says. */
static int label_padding(const struct render *r, const struct view *v, const struct widget_class *c)
{
	return c->padded ? r->th->padding[v->style] : 0;
}

void render_label(struct render *r, const struct view *v, enum theme_color color)
{
	const struct widget_class *c = widget_class(v->role);
	int pad = label_padding(r, v, c);
	const struct text_layout *lay =
		text_layout(r->text, v->style, v->label, c->wraps ? v->rect.w - 2 * pad : 0);
	int y = v->rect.y + pad;
	if (c->middle)
		y = v->rect.y + (v->rect.h - lay->height) / 2;
	for (int i = 0; i < lay->nlines; i++, y += lay->line_skip) {
		if (y + lay->line_h <= v->clip.y || y >= v->clip.y + v->clip.h)
			continue;
		const struct text_line *line = &lay->line[i];
		SDL_Color ink_color = theme_color(r->th, color);
		const struct text_ink *ink =
			text_line(r->text, v->style, ink_color, v->label + line->start, (size_t)line->len);
		if (!ink)
			continue;
		int x = v->rect.x + pad;
		/* Centred buttons, and QR captions under their code. */
		if (c->centred || (c->wraps && v->style == STYLE_QR))
			x = v->rect.x + (v->rect.w - ink->w) / 2;
		text_draw(r->text, ink, ink_color, x, y);
	}
}

void render_qr(struct render *r, const struct view *v)
{
	render_fill(r, &v->rect, COLOR_CARD);
	struct qr_entry *e = qr_entry(r, v->target);
	int side = e ? render_qr_side(r, v->target, v->rect.w < v->rect.h ? v->rect.w : v->rect.h) : 0;
	if (side > 0) {
		SDL_Rect dst = {v->rect.x + (v->rect.w - side) / 2, v->rect.y + (v->rect.h - side) / 2, side, side};
		SDL_RenderCopy(r->r, e->tex, NULL, &dst);
	}
}

void render_image(struct render *r, const struct view *v)
{
	SDL_Texture *tex = v->data ? image_texture(r, v->data) : NULL;
	if (tex)
		SDL_RenderCopy(r->r, tex, NULL, &v->rect);
	else   /* undecodable: a calm placeholder, never garbage */
		render_fill(r, &v->rect, COLOR_DISABLED_BACKGROUND);
}

void render_draw(struct render *r, struct view_list *l)
{
	draw_color(r->r, theme_color(r->th, COLOR_BACKGROUND));
	SDL_RenderSetClipRect(r->r, NULL);
	SDL_RenderClear(r->r);
	r->image_drawn = false;
	int ring = r->th->focus_ring;
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		bool clipped = !SDL_RectEquals(&v->clip, &v->rect);
		SDL_RenderSetClipRect(r->r, clipped ? &v->clip : NULL);
		widget_class(v->role)->draw(r, v);
		if (v->flags & VIEW_FOCUSED) {
			/* Two rings: the outer dark, the inner light (in the normal
			 * look), so the focus shows 3:1 on any background. */
			SDL_Rect outer = {v->rect.x - 2 * ring, v->rect.y - 2 * ring, v->rect.w + 4 * ring,
					  v->rect.h + 4 * ring};
			SDL_Rect inner = {outer.x + ring, outer.y + ring, outer.w - 2 * ring, outer.h - 2 * ring};
			render_frame(r, outer, ring, COLOR_FOCUS);
			render_frame(r, inner, ring, COLOR_FOCUS_INNER);
		}
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
		const struct widget_class *c = widget_class(v->role);
		if (!*v->label || !c->labelled)
			continue;
		int pad = label_padding(r, v, c);
		const struct text_layout *lay =
			text_layout(r->text, v->style, v->label, c->wraps ? v->rect.w - 2 * pad : 0);
		/* A wrapped label starts below its padding and may reach the bottom edge. */
		int w = lay->width, h = lay->height, room_h = v->rect.h - (c->wraps ? pad : 0);
		if (w > v->rect.w - 2 * pad || h > room_h) {
			snprintf(why, whylen, "%s \"%.40s\" needs %dx%d but has %dx%d", c->name, v->label,
				 w + 2 * pad, h, v->rect.w, v->rect.h);
			return false;
		}
	}
	return true;
}
