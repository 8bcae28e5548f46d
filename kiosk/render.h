/* render — draws a view list. */
#ifndef WW_RENDER_H
#define WW_RENDER_H

#include <SDL.h>
#include <stdbool.h>

#include "text.h"
#include "theme.h"
#include "view.h"

#define RENDER_QR_CACHE 16

struct render;

/* Lays out with `t` from the start; draws once render_set_renderer() gave
 * it a renderer (the window may not be open yet). */
struct render *render_new(struct text *t);
void render_set_renderer(struct render *r, SDL_Renderer *sr);
void render_free(struct render *r);   /* accepts NULL */

/* The look to draw with (kept by the caller, read at every draw). */
void render_set_theme(struct render *r, const struct theme *th);
const struct theme *render_theme(const struct render *r);
struct text *render_text(const struct render *r);

/* The modules across the QR code for `payload`, quiet zone included; 0
 * when it cannot be encoded. */
int render_qr_modules(struct render *r, const char *payload);

/* The side in pixels of the QR code for `payload` drawn no larger than
 * `max_px`, quiet zone included; 0 when it cannot be drawn that small. */
int render_qr_side(struct render *r, const char *payload, int max_px);

/* Draws the whole list, back to front, and presents nothing: the caller
 * decides when to present (and may read pixels first). */
void render_draw(struct render *r, struct view_list *l);
/* Draws only what changed since the last frame drawn (all of it when the
 * window's pixels are not to be trusted, render_invalidate); the same
 * pixels as render_draw(). render_redrawn() says where. */
void render_draw_changed(struct render *r, struct view_list *l);
/* Draws the whole list the plain way: the whole background, then every
 * widget; what render_draw_changed() is checked against. */
void render_draw_reference(struct render *r, struct view_list *l);
/* Checking: every rectangle drawn anew is first filled with a colour no
 * look uses, so a widget that leaves part of its rectangle unpainted
 * while the background under it was skipped shows. */
void render_poison(struct render *r, bool on);
/* The window's pixels are not the last frame's (a window event, a frame
 * not drawn whole, something else painted): the next frame draws all. */
void render_invalidate(struct render *r);
/* The rectangles the last frame redrew (count returned), their pixels,
 * and whether it was the whole window. */
int render_redrawn(const struct render *r, const SDL_Rect **rects, long long *pixels, bool *whole);

/* Checks that every label fits its widget, laid out as it is drawn; false
 * with the first that does not in `why`. */
bool render_check_fit(struct render *r, struct view_list *l, char *why, size_t whylen);

/* Renders the lines of every label `l` shows in a `width` x `height`
 * window into the text cache, as the next draw will want them, drawing
 * nothing: before there is a renderer (text_set_renderer), beside SDL's
 * start-up. */
void render_lines_ahead(struct render *r, struct view_list *l, int width, int height);

/* ---- primitives for the widget classes (widget.c) ---- */
void render_fill(struct render *r, const SDL_Rect *rect, enum theme_color c);
/* An outline `thickness` pixels wide inside `rect`. */
void render_frame(struct render *r, SDL_Rect rect, int thickness, enum theme_color c);
/* The widget's label in colour `c`, laid out as its class says; only the
 * lines inside the widget's clip are rendered. */
void render_label(struct render *r, const struct view *v, enum theme_color c);
/* The QR code of the widget's target, dark on light, centred. */
void render_qr(struct render *r, const struct view *v);
/* The picture in the widget's data; a calm placeholder if undecodable. */
void render_image(struct render *r, const struct view *v);

#endif
