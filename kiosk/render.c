/* render — draws a view list.
 *
 * The only code that paints: the drawing primitives the widget classes
 * (widget.c) draw with, in the theme's colours, and the frame loop that
 * draws every widget back to front with its focus ring. QR codes are always
 * dark on light, whole pixels per module, with their quiet zone, and are
 * kept as textures keyed by payload. It never decides layout; widgets
 * arrive placed, and their labels are laid out as their class says, the
 * same way here when drawn and in render_check_fit().
 *
 * A frame redraws only what changed (damage.c): each widget is hashed with
 * what decides its pixels, and only the rectangles whose hash changed are
 * drawn anew: background, then every widget that reaches into them, in
 * order, each clipped to the rectangle. Every widget is clipped to what it
 * may paint (its rectangle, its focus ring, its scroll area), so a widget
 * never paints outside the cells it was hashed into. No background is
 * painted under an opaque widget that fills a whole redrawn rectangle. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "damage.h"
#include "hash.h"
#include "journal.h"
#include "picture.h"
#include "qr.h"
#include "rules.h"
#include "store.h"
#include "widget.h"

struct qr_entry {
	char *payload;
	struct qr_code *code;   /* until the texture is made, when first drawn: */
	int modules;            /* layout needs only this */
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
	long long image_refused_id;     /* a picture that did not decode: not retried while on screen */
	/* What the window holds, and what the last frame redrew. */
	struct damage *damage;
	SDL_Rect redrawn[DAMAGE_MAX_RECTS];
	bool poison;            /* fill what is redrawn with a loud colour first */
	bool whole;
	long long redrawn_px;
	int nredrawn;
};

struct render *render_new(struct text *t)
{
	struct render *rd = calloc(1, sizeof *rd);
	if (rd) {
		rd->text = t;
		rd->damage = damage_new();
	}
	if (rd && !rd->damage) {
		free(rd);
		return NULL;
	}
	return rd;
}

void render_set_renderer(struct render *r, SDL_Renderer *sr)
{
	r->r = sr;
}

static void qr_forget(struct qr_entry *e)
{
	free(e->payload);
	qr_free(e->code);
	if (e->tex)
		SDL_DestroyTexture(e->tex);
	memset(e, 0, sizeof *e);
}

void render_free(struct render *r)
{
	if (!r)
		return;
	for (int i = 0; i < RENDER_QR_CACHE; i++)
		qr_forget(&r->qr[i]);
	if (r->image)
		SDL_DestroyTexture(r->image);
	damage_free(r->damage);
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
	qr_forget(victim);
	victim->payload = strdup(payload);
	victim->code = code;
	victim->modules = qr_modules(code);
	if (!victim->payload) {
		qr_forget(victim);
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

/* The lines of `v`'s label its clip shows, rendered in `ink_color`, and
 * drawn when `draw`. */
static void label(struct render *r, const struct view *v, SDL_Color ink_color, bool draw)
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
		const struct text_ink *ink =
			text_line(r->text, v->style, ink_color, v->label + line->start, (size_t)line->len);
		if (!ink || !draw)
			continue;
		int x = v->rect.x + pad;
		/* Centred buttons, and QR captions under their code. */
		if (c->centred || (c->wraps && v->style == STYLE_QR))
			x = v->rect.x + (v->rect.w - ink->w) / 2;
		text_draw(r->text, ink, ink_color, x, y);
	}
}

void render_label(struct render *r, const struct view *v, enum theme_color color)
{
	label(r, v, theme_color(r->th, color), true);
}

void render_lines_ahead(struct render *r, struct view_list *l, int width, int height)
{
	SDL_Rect window = {0, 0, width, height}, seen;
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		if (widget_class(v->role)->labelled && v->label && v->label[0] &&
		    SDL_IntersectRect(&v->clip, &window, &seen))
			label(r, v, (SDL_Color){0, 0, 0, 255}, false);
	}
}

void render_qr(struct render *r, const struct view *v)
{
	render_fill(r, &v->rect, COLOR_CARD);
	struct qr_entry *e = qr_entry(r, v->target);
	if (e && !e->tex) {
		e->tex = module_texture(r->r, e->code);
		if (e->tex) {   /* what a layout asks (modules) is kept apart */
			qr_free(e->code);
			e->code = NULL;
		}
	}
	int side = e && e->tex ? render_qr_side(r, v->target, v->rect.w < v->rect.h ? v->rect.w : v->rect.h) : 0;
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

/* Where a widget may paint: its visible part in a scroll area, else its
 * rectangle and, when focused, the rings around it. */
static SDL_Rect view_extent(const struct render *r, const struct view *v)
{
	if (!SDL_RectEquals(&v->clip, &v->rect))
		return v->clip;
	SDL_Rect e = v->rect;
	if (v->flags & VIEW_FOCUSED) {
		int grow = 2 * r->th->focus_ring;
		e = (SDL_Rect){e.x - grow, e.y - grow, e.w + 2 * grow, e.h + 2 * grow};
	}
	return e;
}

/* Everything that decides a widget's pixels, but the look (render_look). */
static uint64_t view_hash(const struct view *v)
{
	struct {
		int role, style;
		unsigned flags;
		SDL_Rect rect, clip;
	} key;
	memset(&key, 0, sizeof key);
	key.role = (int)v->role, key.style = (int)v->style, key.flags = v->flags;
	key.rect = v->rect, key.clip = v->clip;
	uint64_t h = hash_bytes(&key, sizeof key);
	h = hash_more(h, v->label, strlen(v->label) + 1);
	if (v->target)   /* a QR code's payload */
		h = hash_more(h, v->target, strlen(v->target) + 1);
	if (v->role == ROLE_IMAGE && v->data) {
		const struct store_media *m = v->data;
		h = hash_more(h, &v->data, sizeof v->data);
		h = hash_more(h, &m->id, sizeof m->id);
		h = hash_more(h, &m->len, sizeof m->len);
	}
	return h;
}

/* What every widget is drawn with: the colour table, the fonts' scale,
 * the sizes of the window. */
static uint64_t render_look(const struct render *r)
{
	const struct theme *th = r->th;
	struct {
		const struct theme_table *table;
		double text_scale, u;
		int win_w, win_h, focus_ring, border;
	} key;
	memset(&key, 0, sizeof key);
	key.table = th->table, key.text_scale = th->text_scale, key.u = th->u;
	key.win_w = th->win_w, key.win_h = th->win_h, key.focus_ring = th->focus_ring, key.border = th->px.border;
	return hash_bytes(&key, sizeof key);
}

/* Paints the background in `area`, unless one opaque widget fills all of
 * it (a card being pressed, a key, the field typed into). Cutting the
 * background around every card instead measured slower: many small fills
 * cost more than one large one. */
static void paint_background(struct render *r, struct view_list *l, SDL_Rect area, bool cover)
{
	for (int i = 0; cover && i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		const struct widget_class *c = widget_class(v->role);
		enum theme_color fill;
		SDL_Rect part;
		if (c->fill && c->fill(v, &fill) && theme_color(r->th, fill).a == 255 &&
		    SDL_IntersectRect(&v->clip, &area, &part) && SDL_RectEquals(&part, &area))
			return;
	}
	SDL_Color bg = theme_color(r->th, COLOR_BACKGROUND);
	SDL_SetRenderDrawBlendMode(r->r, SDL_BLENDMODE_NONE);
	SDL_SetRenderDrawColor(r->r, bg.r, bg.g, bg.b, bg.a);
	SDL_RenderFillRect(r->r, &area);
}

/* Draws `area` anew: its background, then every widget reaching into it,
 * back to front, each clipped to what it may paint. `cover`: no
 * background under opaque widgets. */
static void draw_area(struct render *r, struct view_list *l, SDL_Rect area, bool cover)
{
	SDL_RenderSetClipRect(r->r, &area);
	if (r->poison) {
		SDL_SetRenderDrawBlendMode(r->r, SDL_BLENDMODE_NONE);
		SDL_SetRenderDrawColor(r->r, 255, 0, 255, 255);
		SDL_RenderFillRect(r->r, &area);
	}
	paint_background(r, l, area, cover);
	int ring = r->th->focus_ring;
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		SDL_Rect extent = view_extent(r, v), clip;
		if (!SDL_IntersectRect(&extent, &area, &clip))
			continue;
		SDL_RenderSetClipRect(r->r, &clip);
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
}

/* The picture no widget shows any more is freed: a picture stays decoded
 * while it is on screen, drawn anew or not. So does a refusal: a picture
 * that did not decode (memory short for a moment) is tried again, and said
 * again, the next time it is shown. */
static void keep_image(struct render *r, struct view_list *l)
{
	bool shown = false, refused_shown = false;
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		const struct store_media *m = v->data;
		if (v->role == ROLE_IMAGE && m) {
			shown |= m->id == r->image_id;
			refused_shown |= m->id == r->image_refused_id;
		}
	}
	if (!shown && r->image) {
		SDL_DestroyTexture(r->image);
		r->image = NULL;
		r->image_id = 0;
	}
	if (!refused_shown)
		r->image_refused_id = 0;
}

/* Grows `area` over the whole of every scaled picture (a QR code, an
 * image) it cuts: SDL scales a clipped copy from a rounded part of the
 * source, a pixel off from the same copy clipped elsewhere, so a picture
 * is redrawn whole or not at all. */
static void take_in_scaled(struct render *r, struct view_list *l, SDL_Rect window, SDL_Rect *area)
{
	bool grown;
	do {
		grown = false;
		for (int i = 0; i < view_count(l); i++) {
			const struct view *v = view_at(l, i);
			SDL_Rect reach = view_extent(r, v), extent, both;
			if ((v->role != ROLE_IMAGE && v->role != ROLE_QR) || !SDL_IntersectRect(&reach, &window, &extent) ||
			    !SDL_IntersectRect(&extent, area, &both) || SDL_RectEquals(&both, &extent))
				continue;
			SDL_UnionRect(area, &extent, area);
			grown = true;
		}
	} while (grown);
}

static void draw_frame(struct render *r, struct view_list *l, bool changed_only)
{
	SDL_Rect window = {0, 0, 0, 0};
	SDL_GetRendererOutputSize(r->r, &window.w, &window.h);
	damage_begin(r->damage, window.w, window.h, render_look(r));
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		damage_add(r->damage, view_extent(r, v), view_hash(v));
	}
	if (!changed_only)
		damage_invalidate(r->damage);
	int n = damage_end(r->damage);
	memcpy(r->redrawn, damage_rects(r->damage), (size_t)n * sizeof *r->redrawn);
	for (int i = 0; i < n; i++)
		take_in_scaled(r, l, window, &r->redrawn[i]);
	r->whole = damage_whole(r->damage);
	r->nredrawn = n;
	r->redrawn_px = 0;
	for (int i = 0; i < n; i++) {
		draw_area(r, l, r->redrawn[i], true);
		r->redrawn_px += (long long)r->redrawn[i].w * r->redrawn[i].h;
	}
	SDL_RenderSetClipRect(r->r, NULL);
	keep_image(r, l);
}

void render_draw(struct render *r, struct view_list *l)
{
	draw_frame(r, l, false);
}

void render_draw_changed(struct render *r, struct view_list *l)
{
	draw_frame(r, l, true);
}

void render_draw_reference(struct render *r, struct view_list *l)
{
	SDL_Rect window = {0, 0, 0, 0};
	SDL_GetRendererOutputSize(r->r, &window.w, &window.h);
	draw_area(r, l, window, false);
	SDL_RenderSetClipRect(r->r, NULL);
}

void render_poison(struct render *r, bool on)
{
	r->poison = on;
}

void render_invalidate(struct render *r)
{
	damage_invalidate(r->damage);
}

int render_redrawn(const struct render *r, const SDL_Rect **rects, long long *pixels, bool *whole)
{
	*rects = r->redrawn;
	*pixels = r->redrawn_px;
	*whole = r->whole;
	return r->nredrawn;
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
