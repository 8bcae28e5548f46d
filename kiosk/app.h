/* app — the kiosk's screens and what a visitor's input does to them. */
#ifndef WW_APP_H
#define WW_APP_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "render.h"
#include "store.h"
#include "update.h"
#include "uistrings.h"
#include "text.h"
#include "view.h"

struct app_settings {
	int idle_timeout_ms;            /* no input this long: "still there?" */
	int idle_countdown_ms;          /* how long that question stays */
	char default_lang[3];
	double screen_width_mm;         /* physical width of the window's screen; 0: 24-inch */
	double screen_bottom_mm;        /* its lower edge above the floor; 0: not known */
	char postcode[6];               /* where the kiosk stands, or "" */
	char pin_hash[128];             /* the staff PIN's hash; "" = no staff mode */
	bool lockdown;                  /* kiosk mode: no key a visitor has ends the program */
};

/* What staff see of the kiosk; the screen words it in their language. */
#define STAFF_UPDATES 3
struct staff_status {
	long long version;              /* the content in service */
	char published[16];
	char publisher[256 * 4];        /* as store_meta holds it */
	const char *program;            /* "Wegweiser 0.2.0" */
	uint64_t uptime_s;
	bool disk_known;
	unsigned long long disk_free;   /* bytes, in the data folder */
	bool data_dir;                  /* updates and rollback are possible */
	bool updates;                   /* sticks are watched (a trusted key) */
	long long previous_version;     /* previous.db, to go back (or forth) to; 0: none */
	char previous_published[16];
	int nupdates;
	struct update_entry update[STAFF_UPDATES];      /* the last outcomes, newest first */
};

/* What staff mode needs from outside the screens (kiosk.c provides it). */
struct app_staff_hooks {
	void *ctx;
	void (*status)(void *ctx, struct staff_status *out);
	/* Puts previous.db back in service; false with why (in English). */
	bool (*rollback)(void *ctx, char *why, size_t whylen);
	/* Looks for a stick now, one seen before included: returns a token for
	 * stick_result(), which says (true) once the look is done whether it
	 * found a stick with an update (then being taken over). NULL without
	 * updates. */
	int (*check_stick)(void *ctx);
	bool (*stick_result)(void *ctx, int token, bool *found);
	/* Usage statistics, NULL when they are off: counts one event of today;
	 * writes the counters to a stick: true with the file in msg, false with
	 * why in msg ("" when no stick is mounted). */
	void (*count)(void *ctx, const char *what, const char *key);
	bool (*export_stats)(void *ctx, char *msg, size_t len);
	/* The PIN's wrong tries and how long staff must still wait, kept over
	 * restarts (NULL without a data folder: kept in memory only). */
	void (*load_pin_wait)(void *ctx, int *misses, uint64_t *wait_ms);
	void (*save_pin_wait)(void *ctx, int misses, uint64_t wait_ms);
};

struct app;
struct screen_set;

/* The scale a new session's fonts have in a window of `width` x `height`
 * pixels (text_new, text_set_fonts): what its first look asks for. */
double app_font_scale(const struct app_settings *set, int width, int height);
/* A session over `screens` (kiosk/screens/) in a window of `width` x
 * `height` pixels, starting at time `now_ms`. */
struct app *app_new(const struct screen_set *screens, struct store *store, struct uistrings *strings,
		    struct text *text, struct render *render, const struct app_settings *settings,
		    int width, int height, uint64_t now_ms);
void app_free(struct app *a);   /* accepts NULL */

/* The window's size in pixels; layout follows it. */
void app_resize(struct app *a, int width, int height);

/* Input, with the time it happened (event timestamps, not frame counts). A
 * mouse and the first finger on a touch panel both come in as a pointer. */
void app_pointer_down(struct app *a, int x, int y, uint64_t t_ms);
void app_pointer_move(struct app *a, int x, int y, uint64_t t_ms);
void app_pointer_up(struct app *a, int x, int y, uint64_t t_ms);
void app_pointer_cancel(struct app *a, uint64_t t_ms);
void app_key(struct app *a, SDL_Keycode key, uint16_t mod, uint64_t t_ms);
/* Typed text (UTF-8) from a hardware keyboard: it goes into the search (or
 * the postcode), and anywhere else starts a new search. */
void app_text(struct app *a, const char *utf8, uint64_t t_ms);

/* Advances animations and timers to `now_ms`. */
void app_tick(struct app *a, uint64_t now_ms);

/* A frame was presented: the screens' work that waits for one starts. */
void app_after_frame(struct app *a);
/* Whether a frame must be drawn now (something changed or moves). */
bool app_needs_frame(const struct app *a);
/* Milliseconds until the app needs to run again without input: 0 while
 * something moves, -1 when nothing is pending (sleep until input). */
int app_next_wakeup(const struct app *a, uint64_t now_ms);
bool app_quit_requested(const struct app *a);
/* Ends the program as Ctrl+Q does (outside kiosk mode) and staff mode's
 * "end the program" button. */
void app_quit(struct app *a);

/* Turns the current state into the frame's widgets. */
void app_build(struct app *a, struct view_list *l);

/* Content updates, for staff to see: one being applied (the part done,
 * 0..1; the screen asks not to pull the stick, and touches wait), and its
 * outcome (the version taken over, or why not: update_why_name()), shown
 * until tapped away. */
void app_show_update_progress(struct app *a, double done);
void app_show_update_result(struct app *a, bool applied, long long version, const char *why_name);
/* New content in service: the session starts again from it. The old store
 * may be closed once this returns. */
void app_set_store(struct app *a, struct store *store);

void app_set_staff_hooks(struct app *a, const struct app_staff_hooks *hooks);

/* Speech (the access bar's "Vorlesen", or headphones): the app says what
 * is to be read after a frame is built; kiosk.c takes it, makes the text
 * from that frame's view list (reading.c) and hands it to speech.c. */
#define APP_MAX_TARGET 96
enum app_reading {
	READ_NOTHING,
	READ_PAGE,      /* a new screen (or speech just turned on): the whole page */
	READ_ITEM,      /* the focus moved, or a first tap: the widget with `target` */
	READ_STOP,      /* speech turned off, or the idle reset: silence */
	READ_DIALOG,    /* a dialog came up (the idle question): its widgets, from `from` on */
};
struct app_read {
	enum app_reading what;
	char target[APP_MAX_TARGET];
	int from;               /* READ_DIALOG: the frame's first widget of the dialog */
	const char *announce;   /* said before the page ("Vorlesen ist an."), or NULL */
};
/* Takes what is to be read now (once; READ_NOTHING when nothing is). */
struct app_read app_take_reading(struct app *a);
bool app_speech_on(const struct app *a);
/* Turns speech on or off from outside the screen (headphones plugged in or
 * out); on, it says so (`announce_key`, a text of assets/strings) and reads
 * the page. */
void app_set_speech(struct app *a, bool on, const char *announce_key);
/* Speech found no sound (speech_failed): it goes off, cannot be turned on
 * again by this visitor, and its button in the access bar says it is not
 * possible (and is disabled), so that nobody waits for a voice that does
 * not come. The idle reset gives the next visitor the button back. */
void app_speech_unavailable(struct app *a);
/* True once after an idle reset that gave the speech button back: speech
 * should look for sound again (speech_retry). */
bool app_take_speech_retry(struct app *a);

/* Follows a navigation target as a tap on it would ("topic:diabetes"). */
void app_navigate(struct app *a, const char *target);

#endif
