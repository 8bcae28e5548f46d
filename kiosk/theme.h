/* theme — the look: every size, font and colour, from one table. */
#ifndef WW_THEME_H
#define WW_THEME_H

#include <SDL.h>
#include <stdbool.h>

#include "text.h"
#include "view.h"

enum theme_color {
	COLOR_BACKGROUND, COLOR_TEXT, COLOR_MUTED, COLOR_PRIMARY, COLOR_PRIMARY_PRESSED, COLOR_ON_PRIMARY,
	COLOR_CARD, COLOR_BORDER, COLOR_CARD_PRESSED, COLOR_DISABLED_BACKGROUND, COLOR_DISABLED_TEXT,
	COLOR_FOCUS, COLOR_FOCUS_INNER, COLOR_OVERLAY, COLOR_BADGE, COLOR_BADGE_TEXT, COLOR_CURRENT,
	COLOR_ALERT, COLOR_ON_ALERT, COLOR_ABOVE_REACH,
	COLOR_COUNT
};

/* Sizes in pixels at 1080 pixels on the window's short side; a theme at
 * another size scales them (theme_fit). */
struct theme_sizes {
	int target;             /* touch target height (and at least min_target_mm) */
	int pad;                /* page margin */
	int gap;                /* between blocks */
	int header_inset;       /* header bar above and below its buttons */
	int field_extra;        /* a typing field is this much higher than a target */
	int index_heading;      /* a letter heading in the A-Z list */
	int measure;            /* a readable line: about 75 characters */
	int cards_two_columns;  /* page width from which cards go two a row */
	int qr_four_columns;    /* column width from which four QR codes go in a row */
	int qr_three_columns;   /* and three */
	int qr_max;             /* largest QR code side */
	int dialog;             /* width of a dialog */
	int dialog_wide;        /* and of one with longer texts */
	int thumb;              /* scroll position thumb, at least 6 px */
	int key_max;            /* widest key of a letter keyboard */
	int digit_key_max;      /* widest key of a digit keypad */
	int digit_key_extra;    /* a digit key is this much higher than a target */
	int border;             /* outlines, focus ring, underlines; at least 1 px */
};

/* One look. A second theme (high contrast, larger text) is a second table. */
struct theme_table {
	const char *name;
	SDL_Color color[COLOR_COUNT];
	struct text_font font[STYLE_COUNT];     /* size at 1080 px, weight */
	int padding[STYLE_COUNT];               /* inside a widget, at 1080 px */
	struct theme_sizes size;
	double min_target_mm;   /* no touch target lower than this on the screen */
	double qr_module_mm;    /* no QR module smaller than this on the screen (nor 1 px) */
	double qr_side_mm;      /* no QR code narrower than this */
	double slop;            /* a finger moving this part of a target is a drag */
};

extern const struct theme_table theme_normal, theme_high_contrast;

/* What a visitor chose for themselves; the idle reset sets it back. */
#define THEME_TEXT_STEPS 3
struct theme_choice {
	int text_step;          /* 0 normal, 1 larger, 2 largest (THEME_TEXT_STEPS) */
	bool high_contrast;
	bool reach;             /* every touch target in reach from a wheelchair */
};

/* The screen the window fills, as configured. */
struct theme_screen {
	double width_mm;        /* 0: a panel diagonal_mm across, in the window's aspect */
	double diagonal_mm;
	double bottom_mm;       /* its lower edge above the floor; 0: not known */
};

/* Touch targets for the reach layout: between these heights above the
 * floor (EN 301 549 8.3.2.5/ADA 308: forward reach, unobstructed). */
#define THEME_REACH_LOW_MM 380.0
#define THEME_REACH_HIGH_MM 1220.0
/* Touch targets are at least this far apart: half a gap between two
 * buttons never less (EN 301 549 and ISO 9241-9 ask for room between). */
#define THEME_APART_MM 2.0

/* A table fitted to a window: every size in pixels. Screens lay out in an
 * area `w` x `h` whose top is window row `top` (0 but in the reach layout,
 * where the area is the band within reach); the access bar takes `bar_h`
 * more rows under it. */
struct theme {
	const struct theme_table *table;
	int w, h;
	int top, bar_h;
	int win_w, win_h;
	double text_scale;      /* fonts against the table's */
	double u;               /* 1.0 at 1080 pixels on the short side */
	double px_per_mm;       /* on the screen the window fills */
	int qr_module_min, qr_side_min; /* pixels */
	struct theme_sizes px;  /* the table's sizes at this window */
	int header_h, field_h, digit_key_h, slop;
	int focus_ring;         /* pixels, at least 3 */
	int min_target;         /* min_target_mm in pixels */
	int padding[STYLE_COUNT];
};

/* Fits the look `choice` picks to a window of w x h pixels on `screen`. */
void theme_fit(struct theme *th, const struct theme_choice *choice, const struct theme_screen *screen, int w, int h);

static inline SDL_Color theme_color(const struct theme *th, enum theme_color c)
{
	return th->table->color[c];
}

#endif
