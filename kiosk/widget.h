/* widget — what each kind of widget is: one class row per role. */
#ifndef WW_WIDGET_H
#define WW_WIDGET_H

#include <stdbool.h>

#include "theme.h"
#include "view.h"

struct render;

struct widget_class {
	const char *name;       /* as the test tree names it */
	bool interactive;       /* a finger or the keyboard can activate it (with a target) */
	bool labelled;          /* its label is drawn as text (else it is an accessible name) */
	bool wraps;             /* the label breaks into lines at the widget's width */
	bool padded;            /* the label sits inside the style's padding */
	bool centred;           /* the label is centred across the widget */
	bool middle;            /* its lines stand in the middle of its height (else from its top) */
	void (*draw)(struct render *r, const struct view *v);
	/* The colour draw() first fills the whole rectangle with, before
	 * anything else; false or NULL: it leaves some of it as it was. */
	bool (*fill)(const struct view *v, enum theme_color *c);
};

const struct widget_class *widget_class(enum view_role role);

#endif
