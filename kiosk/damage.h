/* damage — which parts of the window changed since the last frame drawn. */
#ifndef WW_DAMAGE_H
#define WW_DAMAGE_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

/* The window is cut into square cells this wide (wider on a window with
 * more cells than DAMAGE_MAX_CELLS). */
#define DAMAGE_CELL_PX 64
#define DAMAGE_MAX_CELLS (64 * 64)
/* Changed cells merge into at most this many rectangles; a frame that
 * would need more redraws the whole window. */
#define DAMAGE_MAX_RECTS 64

struct damage;

struct damage *damage_new(void);
void damage_free(struct damage *d);     /* accepts NULL */

/* The pixels in the window can no longer be trusted (a window event, a
 * frame not drawn whole, another picture painted over it): the next frame
 * is redrawn whole. */
void damage_invalidate(struct damage *d);

/* Starts a frame of a w x h window. `look` stands for everything every
 * widget is drawn with (colours, fonts, sizes): when it changes, the
 * whole window changes. */
void damage_begin(struct damage *d, int w, int h, uint64_t look);
/* A widget painting inside `extent`, whose pixels `hash` stands for. */
void damage_add(struct damage *d, SDL_Rect extent, uint64_t hash);
/* Ends the frame: how many rectangles changed since the last frame
 * (0: none), each cut to the window; damage_rects() gives them. */
int damage_end(struct damage *d);
const SDL_Rect *damage_rects(const struct damage *d);
/* The frame just ended is redrawn whole (the first, after
 * damage_invalidate, a new size or look, too many rectangles). */
bool damage_whole(const struct damage *d);

#endif
