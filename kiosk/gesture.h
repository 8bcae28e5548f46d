/* gesture — what a finger does: tap or drag, and kinetic scrolling. */
#ifndef WW_GESTURE_H
#define WW_GESTURE_H

#include <stdbool.h>
#include <stdint.h>

#define GESTURE_SAMPLES 16

struct gesture_sample {
	int y;
	uint64_t t;
};

/* One pointer (a mouse, or the first finger) over one scrolling area. */
struct gesture {
	bool down;              /* pressed now */
	bool dragging;          /* moved further than the slop: never a tap */
	bool stopped;           /* the press only stopped a fling or a question */
	bool in_area;           /* it began inside the scrolling area */
	int x0, y0;
	double scroll0;         /* the scroll position when it began */
	struct gesture_sample samples[GESTURE_SAMPLES];
	int nsamples;
	double velocity;        /* px per ms while flinging; 0 at rest */
	uint64_t last_tick;
};

/* A press at x, y at time t. `only_stops`: this press ends something (a
 * question on screen) and is no tap. A press during a fling stops it and
 * is no tap either. */
void gesture_down(struct gesture *g, int x, int y, uint64_t t, double scroll, bool in_area, bool only_stops);
/* The pointer moved; scrolls *scroll (at most `max`) when dragging in the
 * area. True when the press has just become a drag (more than `slop`
 * pixels away). */
bool gesture_move(struct gesture *g, int x, int y, uint64_t t, int slop, double *scroll, double max);
/* The pointer was released at time t (gesture_move to where it was
 * released first). True for a tap (no drag, no fling stopped); a drag that
 * ends fast starts a fling. */
bool gesture_up(struct gesture *g, uint64_t t);
/* The press is gone (the window lost focus): no tap, no fling. */
void gesture_cancel(struct gesture *g);
/* Moves a fling on to `now`; true when *scroll moved. */
bool gesture_tick(struct gesture *g, uint64_t now, double *scroll, double max);
/* Keeps *scroll within 0..max; a fling stops at the edge. */
void gesture_clamp(struct gesture *g, double *scroll, double max);

#endif
