/* layout — placing widgets: a column that flows down a page, the header
 * bar, the letter grid, the QR grid, the areas of a typing screen. */
#ifndef WW_LAYOUT_H
#define WW_LAYOUT_H

#include <SDL.h>
#include <stdbool.h>

#include "render.h"
#include "store.h"
#include "text.h"
#include "theme.h"
#include "view.h"

/* What building a frame needs: the list the widgets go to, the look, and
 * the measures of text and QR codes. */
struct ui {
	struct view_list *l;
	const struct theme *th;
	struct text *text;
	struct render *render;
};

/* A column that flows down a scrolling page: widgets are placed one under
 * the other from `y` (page coordinates), shown `top - scroll` on screen;
 * the page is in sight from screen y `top` to `bottom`. */
struct flow {
	struct ui *ui;
	int x, w, y;
	int top, bottom;
	double scroll;
};

/* The next `h` pixels of the column, in screen coordinates. */
SDL_Rect flow_take(struct flow *f, int h);
void flow_space(struct flow *f, int h);
/* Wrapped text; nothing for "". Returns the widget (NULL if not in sight). */
struct view *flow_text(struct flow *f, enum view_role role, enum view_style style, const char *s);
/* A section heading, a gap above it. */
void flow_heading(struct flow *f, const char *s);
/* "Label: value" as text; nothing when the value is "". */
void flow_label_value(struct flow *f, const char *label, const char *value);
/* A button as wide as its label needs (at most the column); NULL when
 * scrolled out of sight. */
struct view *flow_button(struct flow *f, const char *label, const char *target, enum view_style style);
/* A link, at least a touch target high. */
void flow_link(struct flow *f, const char *label, const char *target);
/* A picture at its own size scaled with the window, narrower when the
 * column is; its description is the label. */
void flow_image(struct flow *f, const struct store_media *m);
/* A card to tap: its title, then up to FLOW_CARD_LINES lines of small text
 * ("" lines are left out). */
#define FLOW_CARD_LINES 8
void flow_card(struct flow *f, const char *title, const char *const *lines, int nlines, const char *target);
/* The same in the alert colour, its lines in body text: what a visitor in
 * crisis must not miss. */
void flow_alert_card(struct flow *f, const char *title, const char *const *lines, int nlines, const char *target);
/* A help line: its call code (`side` pixels, `caption` its accessible
 * name) beside its name, its number in large print and up to
 * FLOW_CARD_LINES lines of small text; no code for payload "". Returns
 * the height taken. */
int flow_call_row(struct flow *f, int side, const char *payload, const char *caption, const char *title,
		  const char *number, const char *const *lines, int nlines);
/* The smallest side a QR code of `payload` may have: modules of at least
 * qr_module_min pixels (0.75 mm), and qr_side_min (35 mm) across. */
int flow_qr_least(const struct flow *f, const char *payload);

/* On a landscape screen a right-hand column beside the details (returned),
 * for what must be in sight without scrolling; on a portrait screen both
 * are the whole column, one after the other. */
struct flow flow_split_beside(struct flow *f, struct flow *beside);

/* A QR code with its caption. */
struct qr_cell {
	const char *payload;
	const char *caption;
};
/* Codes in a grid under a heading and a hint, all of one size: the largest
 * that fits within `max_h` pixels of the page (when > 0), never with
 * modules under the theme's qr_module_min nor codes under qr_side_min
 * while any layout allows it. Cells whose payload is "" are left out (but
 * sized for, so that every page's codes are alike); nothing at all when
 * none is left. */
void flow_qr_grid(struct flow *f, const struct qr_cell *cells, int ncells, const char *heading,
		  const char *hint, int max_h);

/* ---- parts of a screen ---- */

struct header {
	const char *title;
	bool nav;               /* back and home buttons (not on the start screen) */
	bool can_go_back;
	const char *back, *home;        /* their labels */
	const char *lang_label[2];      /* the language buttons, right-aligned */
	const char *lang_target[2];
	bool lang_current[2];
};
void layout_header(struct ui *ui, const struct header *h);

/* The bar under every screen: the way to crisis help, then a visitor's own
 * settings (larger text, high contrast, controls within reach, read
 * aloud), each showing whether it is on (the `current` flag). One row, or
 * two where they do not fit. Reading aloud on a machine without sound is
 * shown disabled: it says so, and takes no tap. */
struct access_bar {
	const char *crisis, *text, *contrast, *reach, *speech;  /* labels */
	bool crisis_on, text_on, contrast_on, reach_on, speech_on;
	bool speech_unavailable;
};
int layout_access_bar_height(const struct theme *th, struct text *text, const struct access_bar *bar);
/* At the bottom of the layout area (its row th->h). */
void layout_access_bar(struct ui *ui, const struct access_bar *bar);

/* Where in a scrolling area of `content_h` pixels the visitor is: a track
 * at x (th->px.thumb wide) beside the area and a thumb on it; nothing when
 * all of it is in sight. */
void layout_scrollbar(struct ui *ui, int x, SDL_Rect area, double content_h, double scroll);

/* The letter buttons A-Z (and # when `present[26]`), wrapped to the width;
 * letters whose `present` is false are disabled, `current` is marked.
 * Returns the height used. */
int layout_letters(struct ui *ui, int x, int y, int w, const bool present[27], char current);
/* The height layout_letters() takes. */
int layout_letters_height(const struct theme *th, int w, const bool present[27]);

/* A typing screen: the keyboard at the bottom (in reach from a
 * wheelchair), the field with a line for a button, and a list: on a
 * landscape screen the field above the keys, the button and the list
 * beside them; on a portrait one the field right above the keys, the
 * button above it and the list on top. */
struct typing_areas {
	SDL_Rect field, button, keys, list;
};
struct typing_areas layout_typing(const struct theme *th, int keyboard_h, bool with_button);
/* Whether layout_typing() puts the list beside the keys (else above them). */
bool layout_typing_side_by_side(const struct theme *th);

/* A dialog box centred on a dimmed screen: a title, a text, and room for
 * one row of controls below them; returns that row. */
SDL_Rect layout_dialog(struct ui *ui, int width, const char *title, const char *text);

#endif
