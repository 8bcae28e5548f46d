/* damage — which parts of the window changed since the last frame drawn.
 *
 * The way rxi/lite's render cache does it: the window is a grid of cells;
 * every widget folds the hash of what decides its pixels into each cell
 * it touches, and the cells whose hash differs from the last frame's are
 * merged into rectangles, the only parts render.c redraws and kiosk.c
 * shows. It knows nothing of widgets or SDL's drawing: render.c says what
 * each widget paints where, and says when the window's pixels cannot be
 * trusted. A frame with nothing changed has no rectangles. */
#include "damage.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

struct damage {
	int w, h, cell_px, cols, rows;
	uint64_t look;
	bool trusted;           /* the window holds the last frame's pixels */
	bool whole;
	uint64_t *cells, *last; /* this frame's hashes, the last frame's */
	int nrects;
	SDL_Rect rect[DAMAGE_MAX_RECTS];
	uint64_t cell_buf[2][DAMAGE_MAX_CELLS];
};

struct damage *damage_new(void)
{
	struct damage *d = calloc(1, sizeof *d);
	if (d) {
		d->cells = d->cell_buf[0];
		d->last = d->cell_buf[1];
	}
	return d;
}

void damage_free(struct damage *d)
{
	free(d);
}

void damage_invalidate(struct damage *d)
{
	d->trusted = false;
}

void damage_begin(struct damage *d, int w, int h, uint64_t look)
{
	uint64_t *swap = d->last;
	d->last = d->cells;
	d->cells = swap;
	if (w != d->w || h != d->h || look != d->look)
		d->trusted = false;
	d->w = w > 0 ? w : 1;
	d->h = h > 0 ? h : 1;
	d->look = look;
	d->cell_px = DAMAGE_CELL_PX;
	for (;;) {
		d->cols = (d->w + d->cell_px - 1) / d->cell_px;
		d->rows = (d->h + d->cell_px - 1) / d->cell_px;
		if (d->cols * d->rows <= DAMAGE_MAX_CELLS)
			break;
		d->cell_px *= 2;
	}
	for (int i = 0; i < d->cols * d->rows; i++)
		d->cells[i] = HASH_START;
}

void damage_add(struct damage *d, SDL_Rect extent, uint64_t hash)
{
	SDL_Rect window = {0, 0, d->w, d->h}, e;
	if (!SDL_IntersectRect(&extent, &window, &e))
		return;
	/* The extent itself is in the hash: a widget that moves changes both
	 * the cells it left and those it reached. */
	hash = hash_more(hash, &e, sizeof e);
	int x0 = e.x / d->cell_px, x1 = (e.x + e.w - 1) / d->cell_px;
	int y0 = e.y / d->cell_px, y1 = (e.y + e.h - 1) / d->cell_px;
	for (int y = y0; y <= y1; y++)
		for (int x = x0; x <= x1; x++) {
			uint64_t *cell = &d->cells[y * d->cols + x];
			*cell = hash_more(*cell, &hash, sizeof hash);
		}
}

/* Adds changed cell x, y (in cells) to the rectangle it touches or
 * overlaps, else to a new one; false when there is no room. */
static bool add_cell(struct damage *d, int x, int y)
{
	for (int i = 0; i < d->nrects; i++) {
		SDL_Rect *r = &d->rect[i];
		if (x >= r->x - 1 && x <= r->x + r->w && y >= r->y - 1 && y <= r->y + r->h) {
			int x1 = SDL_max(r->x + r->w, x + 1), y1 = SDL_max(r->y + r->h, y + 1);
			r->x = SDL_min(r->x, x);
			r->y = SDL_min(r->y, y);
			r->w = x1 - r->x;
			r->h = y1 - r->y;
			return true;
		}
	}
	if (d->nrects == DAMAGE_MAX_RECTS)
		return false;
	d->rect[d->nrects++] = (SDL_Rect){x, y, 1, 1};
	return true;
}

int damage_end(struct damage *d)
{
	d->nrects = 0;
	d->whole = !d->trusted;
	for (int y = 0; y < d->rows && !d->whole; y++)
		for (int x = 0; x < d->cols && !d->whole; x++)
			if (d->cells[y * d->cols + x] != d->last[y * d->cols + x] && !add_cell(d, x, y))
				d->whole = true;
	d->trusted = true;
	if (d->whole) {
		d->nrects = 1;
		d->rect[0] = (SDL_Rect){0, 0, d->w, d->h};
		return 1;
	}
	SDL_Rect window = {0, 0, d->w, d->h};
	for (int i = 0; i < d->nrects; i++) {
		SDL_Rect *r = &d->rect[i], px = {r->x * d->cell_px, r->y * d->cell_px, r->w * d->cell_px,
						 r->h * d->cell_px};
		SDL_IntersectRect(&px, &window, r);
	}
	return d->nrects;
}

const SDL_Rect *damage_rects(const struct damage *d)
{
	return d->rect;
}

bool damage_whole(const struct damage *d)
{
	return d->whole;
}
