/* view — the flat list of widgets one frame shows. */
#ifndef WW_VIEW_H
#define WW_VIEW_H

#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>

#define MAX_VIEWS 1024
#define MAX_VIEW_TEXT (256 * 1024)   /* labels and targets of one frame */

/* What a widget is, as the test tree names it. BOX is decoration: drawn,
 * never hit, focused or listed. */
enum view_role {
	ROLE_HEADING, ROLE_TEXT, ROLE_BUTTON, ROLE_LINK, ROLE_ITEM, ROLE_LETTER,
	ROLE_QR, ROLE_KEY, ROLE_INPUT, ROLE_IMAGE, ROLE_BOX,
};

/* CURRENT marks the one of a set that is in effect (the letter the list
 * shows, the language), as a screen reader says "current". */
enum view_flag { VIEW_FOCUSED = 1, VIEW_PRESSED = 2, VIEW_DISABLED = 4, VIEW_CURRENT = 8 };

/* How a widget looks; the renderer maps these to fonts and colours. */
enum view_style {
	STYLE_TITLE, STYLE_HEADING, STYLE_SUBHEADING, STYLE_BODY, STYLE_SMALL, STYLE_BUTTON,
	STYLE_BUTTON_QUIET, STYLE_LETTER, STYLE_ITEM, STYLE_LINK, STYLE_INPUT, STYLE_HEADER_BAR,
	STYLE_PANEL, STYLE_THUMB, STYLE_OVERLAY, STYLE_DIALOG, STYLE_BADGE, STYLE_QR,
	STYLE_LETTER_CURRENT, STYLE_CARD, STYLE_HEADER_BUTTON, STYLE_INPUT_TEXT, STYLE_SHADE, STYLE_ALERT,
	STYLE_KEY_ACTION,
	STYLE_COUNT
};

struct view {
	enum view_role role;
	enum view_style style;
	unsigned flags;
	SDL_Rect rect;          /* where it is drawn */
	SDL_Rect clip;          /* the visible part (rect cut by its scroll area) */
	const char *label;      /* visible text or accessible name; "" for none */
	const char *target;     /* navigation target or QR payload; NULL: none */
	const void *data;       /* QR code or image, owned by the screen */
};

struct view_list;

struct view_list *view_list_new(void);
void view_list_free(struct view_list *l);       /* accepts NULL */

/* Starts a frame: empties the list; the origin is 0. */
void view_list_begin(struct view_list *l, int width, int height);
/* Widgets pushed from now on are placed `y` rows further down (the reach
 * layout's band): screens lay out from 0, the list holds window rows. */
void view_list_set_origin(struct view_list *l, int y);
/* Checks the frame's invariants: nothing outside the screen, clip stack
 * empty. Returns false and describes the first broken one in `why`. */
bool view_list_end(struct view_list *l, char *why, size_t whylen);

/* Scroll areas: widgets pushed between push and pop are clipped to `area`;
 * pushes nest at most MAX_CLIPS deep. */
void view_clip_push(struct view_list *l, SDL_Rect area);
void view_clip_pop(struct view_list *l);

/* Adds a widget; label and target are copied. Returns it (NULL when the
 * list is full or the widget is wholly outside its clip area). */
struct view *view_push(struct view_list *l, enum view_role role, enum view_style style,
		       SDL_Rect rect, const char *label, const char *target);

int view_count(const struct view_list *l);
struct view *view_at(struct view_list *l, int i);
/* The top-most widget that takes input (not BOX, not disabled, not plain
 * text) at x, y; NULL for none. */
struct view *view_hit(struct view_list *l, int x, int y);
/* True for roles a finger or the keyboard can activate. */
bool view_is_interactive(const struct view *v);

/* Checks that no two widgets that take input overlap; false with the first
 * pair in `why`. */
bool view_list_check_targets(struct view_list *l, char *why, size_t whylen);

/* Writes the test tree: one widget a line, tab-separated
 * ROLE X Y W H FLAGS LABEL TARGET, with \n \r \t \\ escaped. */
void view_list_write_tree(const struct view_list *l, FILE *out);
const char *view_role_name(enum view_role role);

#endif
