/* startup — the start screen made ready while SDL starts. */
#ifndef WW_STARTUP_H
#define WW_STARTUP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "render.h"
#include "store.h"
#include "text.h"
#include "uistrings.h"
#include "view.h"

/* The content to serve: the data folder's current.db (filled from the
 * bundled content the first time, checked like `wegweiser-content check`,
 * with previous.db and then the bundled content to fall back on), else the
 * bundled content as it is, once it passes the check. */
struct content_pick {
	const char *dir;                /* the data folder, or NULL */
	bool stats;                     /* [stats] on: warn when they cannot be */
	bool measure;                   /* report content_check_ms */
	const char *content;            /* the bundled content; out: the file to serve */
	char current[PATH_MAX + 32];    /* out: the data folder's, when served */
	bool in_data_dir;               /* out: served from the data folder */
	bool passed;                    /* out: there is content that passed the check */
};

/* What the first frame needs that needs no window. The fields marked "out"
 * are written by startup_prepare() only; what it made is the caller's to
 * free, and NULL what it could not make (it has said why in the journal). */
struct startup {
	const char *assets;             /* fonts/ and strings/ in it */
	const struct app_settings *settings;
	int width, height;              /* the window's size, as expected */
	bool lines_ahead;               /* render the start screen's lines (for the software renderer) */
	uint64_t now;                   /* the app's clock at its start */
	struct content_pick pick;
	struct uistrings *strings;      /* out */
	struct text *text;              /* out: no renderer yet (text_set_renderer) */
	struct render *render;          /* out: no renderer yet (render_set_renderer) */
	struct view_list *views;        /* out */
	struct store *store;            /* out */
	struct app *app;                /* out: at width x height, start screen laid out */
};

/* Makes everything of `s` in turn: strings, fonts, the content picked and
 * checked, the store, the app, and with lines_ahead the start screen's
 * lines. As an SDL thread (it returns 0), beside SDL_Init: it touches no
 * SDL video, and runs in a C locale of its own. */
int startup_prepare(void *s);

#endif
