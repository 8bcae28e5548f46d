/* scriptline — one line of a UI test script, read into a step. */
#ifndef WW_SCRIPTLINE_H
#define WW_SCRIPTLINE_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of a script line, with its line break and NUL: a longer line is
 * refused, never split. */
#define SCRIPT_MAX_LINE 1024

enum script_op {
	SCRIPT_SKIP,            /* an empty line or a # comment */
	SCRIPT_TAP_AT,          /* tap X Y */
	SCRIPT_TAP_LABEL,       /* tap "LABEL" or tap "@TARGET": text */
	SCRIPT_DRAG,            /* drag X1 Y1 X2 Y2 MS */
	SCRIPT_KEY,             /* key [Ctrl+|Shift+|Alt+]NAME: key, mod */
	SCRIPT_TEXT,            /* text "STRING": text */
	SCRIPT_CLOCK,           /* clock MS or clock +MS (from now): clock_ms, clock_relative */
	SCRIPT_WAIT,            /* wait MS: ms */
	SCRIPT_DATE,            /* date YYYY-MM-DD HH:MM[:SS]: wall_s */
	SCRIPT_EXPECT_DARK,
	SCRIPT_EXPECT_LIT,
	SCRIPT_EXPECT_LABEL,    /* expect "LABEL": text */
	SCRIPT_SHOT,            /* shot FILE.png: text */
	SCRIPT_TREE,            /* tree FILE: text */
	SCRIPT_SPEAK,           /* speak FILE.wav: text */
	SCRIPT_SAID,            /* said FILE.txt: text */
	SCRIPT_HEADPHONES_IN,   /* headphones in */
	SCRIPT_HEADPHONES_OUT,  /* headphones out */
	SCRIPT_CHECKS_WARN,     /* checks warn: failed checks and missed taps are told, the run goes on */
	SCRIPT_CHECKS_STOP,     /* checks stop: they end the run again (the default) */
	SCRIPT_WINDOW_EXPOSED,  /* window exposed: as a window uncovered */
	SCRIPT_WINDOW_RESIZED,  /* window resized: as a window given its size anew */
	SCRIPT_QUIT,
};

struct script_step {
	enum script_op op;
	int x1, y1, x2, y2;     /* tap at x1, y1; drag from x1, y1 to x2, y2 */
	int ms;                 /* drag, wait */
	unsigned long long clock_ms;
	bool clock_relative;
	SDL_Keycode key;
	uint16_t mod;           /* KMOD_LCTRL, KMOD_LSHIFT, KMOD_LALT */
	long long wall_s;       /* date: seconds since 1970, read as local time */
	char text[SCRIPT_MAX_LINE];
};

/* Reads one line of a script (its line break may be there or not) into
 * *step. Touches no window and no kiosk: what the line means is checked
 * here, what it finds on screen is the runner's (script.c). False with
 * the reason in `why` ("wait needs a number of milliseconds"). */
bool script_parse_line(const char *line, struct script_step *step, char *why, size_t whylen);

#endif
