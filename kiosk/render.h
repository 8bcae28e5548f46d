/* render — draws a view list. */
#ifndef WW_RENDER_H
#define WW_RENDER_H

#include <SDL.h>
#include <stdbool.h>

#include "text.h"
#include "view.h"

#define RENDER_QR_CACHE 16

struct render;

struct render *render_new(SDL_Renderer *r, struct text *t);
void render_free(struct render *r);   /* accepts NULL */

/* Inner padding of a widget of `style` at the current scale, in pixels. */
int render_padding(const struct render *r, enum view_style style);

/* The side in pixels of the QR code for `payload` drawn no larger than
 * `max_px`, quiet zone included; 0 when it cannot be drawn that small. */
int render_qr_side(struct render *r, const char *payload, int max_px);

/* Draws the whole list, back to front, and presents nothing: the caller
 * decides when to present (and may read pixels first). */
void render_draw(struct render *r, struct view_list *l, double scale);

/* Checks that every label fits its widget; false with the first that does
 * not in `why`. */
bool render_check_fit(struct render *r, struct view_list *l, char *why, size_t whylen);

#endif
