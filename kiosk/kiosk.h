/* kiosk — the assembled application: window, renderer, screens, one frame. */
#ifndef WW_KIOSK_H
#define WW_KIOSK_H

#include <SDL.h>
#include <stdbool.h>

#include "app.h"
#include "hours.h"
#include "pagein.h"
#include "render.h"
#include "speech.h"
#include "store.h"
#include "uistrings.h"
#include "text.h"
#include "stats.h"
#include "status.h"
#include "updater.h"
#include "view.h"

#define WW_VERSION "0.2.0"

#define KIOSK_FRAMES_MEASURED 4096

struct kiosk {
	SDL_Window *window;
	SDL_Renderer *renderer;
	struct store *store;
	struct uistrings *strings;
	struct text *text;
	struct render *render;
	struct view_list *views;
	struct app *app;
	struct updater *updater;        /* NULL: updates are off */
	struct stats *stats;            /* NULL: usage statistics are off */
	uint64_t stats_saved;           /* when they were last written */
	bool stats_failed;              /* the last write failed (said once, not every minute) */
	uint64_t clock_ms;              /* the kiosk clock at the last event or tick */
	char data_dir[PATH_MAX];
	int width, height;
	SDL_FingerID finger;    /* the finger that owns the pointer, or -1 */
	bool lockdown;          /* kiosk mode: closing the window does nothing */
	bool strict;            /* check every frame's invariants (script mode) */
	char failure[512];      /* the first frame check that failed */
	int frames;
	int settled_frames;     /* frames at the last kiosk_settle() */
	bool frame_failed;      /* the last frame was not whole (out of memory) and not shown */
	bool surface_unshown;   /* drawn since the screen was last shown the window's surface */
	/* The renderer draws into the window's own surface, which keeps its
	 * pixels after they are shown (SDL's software renderer): a frame
	 * redraws and shows only what changed. */
	bool keeps_pixels;
	/* The window's pixels being given memory beside the first frame
	 * (pagein.c); finished once that frame is shown. NULL: none. */
	struct pagein *pagein;
	bool damage_check;      /* WW_DAMAGE_CHECK: each partial frame compared with a whole one */
	/* Frame times in microseconds (build, draw, present), for make bench;
	 * held only when measured. */
	bool measure;
	int nframe_us;
	double *frame_us;               /* KIOSK_FRAMES_MEASURED of them, or NULL */
	/* The slowest input event's handling in microseconds (what a key or a
	 * tap does before its frame: a first keystroke's search), for make bench. */
	double event_us_max;
	/* Opening hours (kiosk_tick): closed and untouched for wake_ms, the
	 * screen is black and the display may sleep; a touch lights it. */
	struct hours hours;
	uint64_t wake_ms;
	uint64_t awake_until;   /* on the kiosk clock: the last input + wake_ms */
	bool open;              /* within the opening hours now */
	bool dark;              /* the screen is black now */
	bool waking;            /* the touch that lit it is still down: it is no tap */
	bool repaint;           /* a frame is owed that the app does not ask for */
	/* The wall clock. Script mode's `date` sets a virtual one that runs on
	 * with the kiosk clock; otherwise it is the system's. */
	bool virtual_wall;
	int64_t wall_minus_now_ms;
	/* systemd: READY=1 after the first frame, WATCHDOG=1 from the loop
	 * every watchdog_ms (half of WatchdogSec); 0 when none is asked for. */
	bool notified_ready;
	uint64_t watchdog_ms, watchdog_sent;
	/* The fleet's status file (status.c), rewritten every minute. */
	char status_dir[PATH_MAX];
	uint64_t started_ms, status_written;
	bool first_shown;       /* the first whole frame is on the screen (count_start ran) */
	bool status_failed;     /* the last write failed (said once, not every minute) */
	struct status_facts status;
	/* Speech (speech.c; the app says what to read, reading.c makes the
	 * text from the frame's view list). NULL: none. Script mode keeps the
	 * text (`said`) and plays nothing. */
	struct speech *speech;
	bool speech_silent;
	bool speech_headphones;         /* [speech] on_with_headphones */
	bool jack_known, jack_in;       /* the headphone jack at the last poll */
	bool jack_polled_once;
	uint64_t jack_polled;
	/* The text last handed to speech, SPEECH_MAX_TEXT_BYTES; NULL until
	 * something is first read (32 KiB a kiosk that never speaks need not
	 * hold). */
	char *said;
};

/* Feeds one SDL event to the app. `now` is the kiosk's clock (64-bit
 * milliseconds, SDL_GetTicks64() or script mode's virtual clock): SDL's
 * 32-bit event stamps wrap after 49.7 days, so every time the app sees is
 * taken from `now`, set back by the event's age. Sets *quit on SDL_QUIT. */
void kiosk_event(struct kiosk *k, const SDL_Event *e, uint64_t now, bool *quit);

/* Builds the frame from the app's state, checks it (when strict) and
 * draws it into the back buffer. False when a check failed (see failure). */
bool kiosk_draw(struct kiosk *k);
/* kiosk_draw, then shows it, unless it is not whole (a text that memory
 * could not hold): then the screen keeps the last frame, and a frame is
 * owed (kiosk_needs_frame, kiosk_tick_wakeup) until one is whole. */
bool kiosk_frame(struct kiosk *k);
/* The kiosk has gone quiet (nothing moves, it waits for a touch): gives
 * the heap memory freed since the last quiet moment back to the system. */
void kiosk_settle(struct kiosk *k);
/* Content updates on the clock: polls for a stick, shows progress, and
 * when one is done logs it and puts the new content in service. `finish`
 * waits for a running update (script mode). */
void kiosk_updates(struct kiosk *k, uint64_t now_ms, bool finish);
/* Milliseconds until kiosk_updates has something to do; -1 for never. */
int kiosk_updates_wakeup(const struct kiosk *k, uint64_t now_ms);

/* The loop's own timers at `now_ms`, every turn of the real loop and every
 * step of script mode: opening hours (dark or lit), the watchdog, the
 * status file. kiosk_start_timers sets them going (the kiosk clock's start). */
void kiosk_start_timers(struct kiosk *k, uint64_t now_ms);
void kiosk_tick(struct kiosk *k, uint64_t now_ms);
/* Milliseconds until kiosk_tick has something to do; -1 for never. */
int kiosk_tick_wakeup(const struct kiosk *k, uint64_t now_ms);
/* Whether a frame must be drawn: the app wants one, or the screen goes dark or lit. */
bool kiosk_needs_frame(const struct kiosk *k);
/* The wall clock in milliseconds since 1970, at kiosk clock `now_ms`. */
int64_t kiosk_wall_ms(const struct kiosk *k, uint64_t now_ms);

/* Writes the usage statistics if they changed (`now`: whatever the last
 * write; else at most once a minute). */
void kiosk_settle_stats(struct kiosk *k, bool now);
/* Gives the app's staff mode what it shows and does (info, rollback, a
 * stick check). */
void kiosk_attach_staff(struct kiosk *k);

/* The headphone jack reads `in` (plugged) now: a change turns speech on
 * (said) or off. kiosk_tick polls it; script mode's `headphones` sets it. */
void kiosk_headphones(struct kiosk *k, bool in);
/* The text speech reads for the page now (after kiosk_draw), as it would be
 * said: one piece a line. Returns how many pieces did not fit `cap`. */
int kiosk_page_text(struct kiosk *k, char *out, size_t cap);

/* Writes the back buffer (after kiosk_draw) as a PNG. */
bool kiosk_save_png(struct kiosk *k, const char *path);

#endif
