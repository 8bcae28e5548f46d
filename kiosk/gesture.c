/* gesture — what a finger does: tap or drag, and kinetic scrolling.
 *
 * A press is a tap until the finger moves further than the slop; then it
 * is a drag that moves the scrolling area with the finger, and when the
 * finger leaves fast the area goes on (a fling) and slows down by
 * exponential decay. Speed is measured from the events' own timestamps over
 * the last VELOCITY_WINDOW_MS, so many events within one frame do not make
 * a flick faster, and the decay is integrated exactly over each step, so
 * the distance does not depend on how often frames come. Time comes in
 * with each call (64-bit milliseconds); this file reads no clock and knows
 * no widgets: what a tap hits is the session's business. */
#include "gesture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define VELOCITY_WINDOW_MS 100  /* pointer samples that set a fling's speed */
#define FLING_TAU_MS 325.0      /* exponential decay of a fling */
#define FLING_MIN_SPEED 0.02    /* px per ms below which a fling stops */

void gesture_clamp(struct gesture *g, double *scroll, double max)
{
	if (max < 0)
		max = 0;
	if (*scroll < 0 || *scroll > max) {
		*scroll = *scroll < 0 ? 0 : max;
		g->velocity = 0;   /* clamped edges: a fling stops at the end */
	}
}

void gesture_down(struct gesture *g, int x, int y, uint64_t t, double scroll, bool in_area, bool only_stops)
{
	g->down = true;
	g->dragging = false;
	g->x0 = x;
	g->y0 = y;
	g->scroll0 = scroll;
	g->nsamples = 0;
	g->samples[g->nsamples++] = (struct gesture_sample){y, t};
	g->in_area = in_area;
	g->stopped = g->velocity != 0 || only_stops;
	g->velocity = 0;
}

bool gesture_move(struct gesture *g, int x, int y, uint64_t t, int slop, double *scroll, double max)
{
	if (!g->down)
		return false;
	bool became_drag = false;
	if (!g->dragging && (abs(x - g->x0) > slop || abs(y - g->y0) > slop))
		became_drag = g->dragging = true;
	if (g->nsamples == GESTURE_SAMPLES) {
		memmove(g->samples, g->samples + 1, (GESTURE_SAMPLES - 1) * sizeof *g->samples);
		g->nsamples--;
	}
	g->samples[g->nsamples++] = (struct gesture_sample){y, t};
	if (g->dragging && g->in_area) {
		*scroll = g->scroll0 - (y - g->y0);
		gesture_clamp(g, scroll, max);
	}
	return became_drag;
}

/* Release speed from the samples of the last VELOCITY_WINDOW_MS. */
static double release_velocity(const struct gesture *g, uint64_t t)
{
	int first = g->nsamples - 1;
	while (first > 0 && t - g->samples[first - 1].t <= VELOCITY_WINDOW_MS)
		first--;
	const struct gesture_sample *s0 = &g->samples[first], *s1 = &g->samples[g->nsamples - 1];
	if (s1->t <= s0->t)
		return 0;
	return -(double)(s1->y - s0->y) / (double)(s1->t - s0->t);
}

bool gesture_up(struct gesture *g, uint64_t t)
{
	if (!g->down)
		return false;
	g->down = false;
	if (!g->dragging)
		return !g->stopped;
	if (g->in_area) {
		g->velocity = release_velocity(g, t);
		if (fabs(g->velocity) < FLING_MIN_SPEED * 5)
			g->velocity = 0;
		g->last_tick = t;
	}
	return false;
}

void gesture_cancel(struct gesture *g)
{
	g->down = g->dragging = false;
}

bool gesture_tick(struct gesture *g, uint64_t now, double *scroll, double max)
{
	double dt = (double)(now - g->last_tick);
	g->last_tick = now;
	if (g->velocity == 0 || g->down || dt <= 0)
		return false;
	double decay = exp(-dt / FLING_TAU_MS);
	*scroll += g->velocity * FLING_TAU_MS * (1 - decay);
	g->velocity *= decay;
	if (fabs(g->velocity) < FLING_MIN_SPEED)
		g->velocity = 0;
	gesture_clamp(g, scroll, max);
	return true;
}
