/* screen — what a screen is, and what the session gives it. */
#ifndef WW_SCREEN_H
#define WW_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "layout.h"
#include "store.h"
#include "theme.h"

/* The fields a visitor (or staff) types into. They belong to the session:
 * kept while the visitor goes back and forth, wiped at the idle reset. */
enum typed_field { TYPED_NONE, TYPED_QUERY, TYPED_POSTCODE, TYPED_PIN, TYPED_COUNT };

/* What entering a screen found. */
enum screen_status {
	SCREEN_SHOWN,           /* loaded: build it */
	SCREEN_NOT_FOUND,       /* what the target names is not in the content */
	SCREEN_FAILED,          /* the content could not be read (logged) */
};

/* A screen's status from the store's answer (which was not STORE_FOUND). */
static inline enum screen_status screen_status(enum store_status found)
{
	return found == STORE_NOT_FOUND ? SCREEN_NOT_FOUND : found == STORE_FOUND ? SCREEN_SHOWN : SCREEN_FAILED;
}

/* A screen is one row of the screen table (kiosk/screens/screens.c): what
 * it loads on enter, how it builds its widgets, what a target on it does,
 * its title, what it frees on leave. Its state for one visit is its own
 * (state_size bytes, zeroed on enter, freed after leave); what it keeps
 * for the whole session (a cache of the content) is `keep_size` bytes,
 * zeroed when the app starts and handed to `forget` at the idle reset (to
 * wipe any trace of what a visitor typed), when the content changes and
 * when the app ends. Any function but build may be NULL. */
enum screen_forget { FORGET_SESSION, FORGET_CONTENT, FORGET_ALL };

struct screen {
	const char *name;       /* it opens with the target "NAME" or "NAME:ARG" */
	const char *also;       /* another target prefix that opens it, or NULL */
	size_t state_size;
	size_t keep_size;
	enum typed_field field;   /* what its keys and a hardware keyboard type into */
	bool fresh_field;       /* opening it anew empties that field */
	enum screen_status (*enter)(struct app *a, void *state, const char *arg);
	void (*build)(struct app *a, void *state, struct ui *ui);
	/* A target tapped on this screen: true when the screen took it. */
	bool (*act)(struct app *a, void *state, const char *target);
	/* What was typed changed; `began`: the field was empty before. */
	void (*typed)(struct app *a, void *state, bool began);
	/* Enter on a hardware keyboard with nothing focused. */
	void (*submit)(struct app *a, void *state);
	const char *(*title)(struct app *a, void *state);
	void (*leave)(struct app *a, void *state);
	/* Runs with the clock (app_tick): a countdown, an answer it waits
	 * for. Sets *redraw when what it shows changed; returns milliseconds
	 * until it must run again, or -1 for not until something happens. */
	int (*tick)(struct app *a, void *state, uint64_t now, bool *redraw);
	void (*forget)(struct app *a, void *keep, enum screen_forget what);
	/* A frame is on the screen (app_after_frame): work the screen can do
	 * before it is opened, but that must not delay the first frame. */
	void (*after_frame)(struct app *a, void *keep);
};

/* The kiosk's screens (kiosk/screens/screens.c), handed to app_new(). */
struct screen_set {
	const struct screen *const *rows;       /* NULL-terminated; the first is the start screen */
	const struct screen *search;            /* typing anywhere else opens it */
	const struct screen *staff_door;        /* a long press in the corner opens it */
	const struct screen *missing;           /* shown for a place that cannot be (NULL state) */
	/* Over any screen: "are you still there?", and a content update. */
	void (*countdown)(struct app *a, struct ui *ui, int seconds_left);
	void (*update)(struct app *a, struct ui *ui, bool running, double done, bool applied,
		       long long version, const char *reason_key);
};
extern const struct screen_set screen_set;

/* ---- what the session gives a screen ---- */

const char *app_tr(const struct app *a, const char *key);
const char *app_lang(const struct app *a);
struct store *app_store(const struct app *a);
const struct theme *app_theme(const struct app *a);
uint64_t app_now(const struct app *a);
/* The kiosk's own place (configured postcode), or NULL. */
const struct store_place *app_home_place(const struct app *a);
const struct app_settings *app_settings(const struct app *a);
const struct app_staff_hooks *app_staff(const struct app *a);
/* The screen's session-long data (its keep_size bytes). */
void *app_keep(struct app *a, const struct screen *s);
/* A field's text (and its capacity in *cap, when not NULL). */
char *app_field(struct app *a, enum typed_field f, size_t *cap);
/* One event for the usage statistics, when they are on (never while a
 * page is only shown again in another language). */
void app_count(struct app *a, const char *what, const char *key);

/* Opens screen `s` with `arg` as a new place, or in place of the current
 * one when `replace` (which is then no place to go back to). Returns the
 * new screen's state. */
void *app_open(struct app *a, const struct screen *s, const char *arg, bool replace);
/* What entering the current place found. */
enum screen_status app_status(const struct app *a);
/* True while a place is entered again (back, or another language): a
 * screen keeps the scroll position then rather than setting its own. */
bool app_returning(const struct app *a);
/* The state of `s` when it is the current screen, else NULL: a screen
 * whose action may have started the session anew (a rollback) finds its
 * state again through this, never through a pointer it held before. */
void *app_state(struct app *a, const struct screen *s);
/* The current place's scroll position, and setting it (kept within the
 * scrolling area at the next frame). */
double app_scroll(const struct app *a);
void app_scroll_to(struct app *a, double y);

/* A scrolling page under the header, in the readable measure unless
 * `wide`, with `footer_h` pixels kept free at the bottom. */
struct flow app_page_begin(struct app *a, struct ui *ui, bool wide, int footer_h);
void app_page_end(struct app *a, struct ui *ui, struct flow *f);
/* A scrolling list in `area`. */
struct flow app_list_begin(struct app *a, struct ui *ui, SDL_Rect area);
void app_list_end(struct app *a, struct ui *ui, struct flow *f);
/* A scrolling area the screen lays out itself: returns the scroll
 * position, kept within 0..content_h - area.h. */
double app_scroll_area(struct app *a, SDL_Rect area, double content_h);


#endif
