/* app_private — the session's state, shared by app.c and input.c only. */
#ifndef WW_APP_PRIVATE_H
#define WW_APP_PRIVATE_H

#include "app.h"
#include "gesture.h"
#include "screen.h"

#define MAX_HISTORY 32
#define MAX_TARGET APP_MAX_TARGET
#define MAX_SCREENS 16
#define MAX_FIELD_BYTES 96      /* what fits the search field; more keys are ignored */
#define STAFF_HOLD_MS 5000      /* a press this long in the bottom-left corner: staff mode */
#define START_RETRY_MS 10000    /* the start screen failed (out of memory): tried again */

struct place {
	const struct screen *screen;
	char arg[MAX_TARGET];
	double scroll;
	char focus[MAX_TARGET];         /* the keyboard focus when it was left */
};

struct app {
	const struct screen_set *screens;
	struct store *store;
	struct uistrings *strings;
	struct text *text;
	struct render *render;
	struct app_settings set;
	char lang[3];
	struct theme theme;
	struct theme_choice choice;     /* what the visitor set: text size, contrast, reach */
	bool speech_on;
	bool speech_unavailable;        /* speech found no sound: it stays off until the next visitor */
	bool speech_retry;              /* a new visitor: speech may be tried again (app_take_speech_retry) */
	struct app_read reading;        /* what is to be read once the frame is built */
	int win_w, win_h;

	struct place history[MAX_HISTORY];
	int depth;
	void *state;                    /* the current place's screen state */
	enum screen_status status;      /* what entering it found */
	void *keep[MAX_SCREENS];        /* each screen's session-long data */

	/* What was typed lives here and nowhere else (not in the history,
	 * not in a log) and is wiped at the idle reset. */
	char field[TYPED_COUNT][MAX_FIELD_BYTES];

	struct store_place home;        /* the kiosk's own place */
	bool have_home;

	/* The scrolling area of the last frame. */
	SDL_Rect viewport;
	double content_h;

	struct gesture gesture;
	char pressed[MAX_TARGET];       /* the target under the finger */
	bool corner_press;              /* staff mode's hidden door */
	uint64_t corner_since;
	char focus[MAX_TARGET];
	bool keys_used;                 /* the visitor moves by keys: focus is kept in sight */
	bool swallow_digit;             /* the keypad key just pressed also sends its digit as text */
	struct view_list *frame;        /* the last frame built: what input hits */
	int modal_from;                 /* the frame's first dialog widget; -1: none */

	struct app_staff_hooks staff;
	unsigned langs_used;    /* languages of this session, for the statistics */
	bool uncounted;         /* the place is shown again in another language */
	bool returning;         /* the place is entered again (back, or another language) */

	/* A content update: applying (with the part done), or its outcome. */
	enum { UPDATE_NONE, UPDATE_RUNNING, UPDATE_SHOWN } update;
	double update_done;
	bool update_applied;
	long long update_version;
	char update_reason[64];

	uint64_t now, last_input;
	int64_t screen_due;     /* when the screen's tick wants to run again; -1: never */
	uint64_t start_retry_at;        /* the start screen failed: when it is tried again */
	bool countdown;
	bool dirty, quit;
};

static inline struct place *here(struct app *a)
{
	return &a->history[a->depth - 1];
}

static inline const struct screen *current(const struct app *a)
{
	return a->history[a->depth - 1].screen;
}

static inline double max_scroll(const struct app *a)
{
	double m = a->content_h - a->viewport.h;
	return m > 0 ? m : 0;
}

/* A key of the on-screen keyboard ("a", "space", "backspace", "clear") or a
 * typed character into the current screen's field (app.c). */
void app_type_key(struct app *a, const char *key);
/* The access bar's labels and states in the current language (app.c). */
void access_bar_labels(const struct app *a, struct access_bar *bar);
/* Notes the language as used in this session (app.c). */
void app_mark_language(struct app *a);

#endif
