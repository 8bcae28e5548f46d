/* missing — what a place shows when it cannot be shown.
 *
 * A target that names nothing in the content (it changed), or content that
 * fails to answer (a damaged file: the store has logged why). Either way
 * the visitor reads plainly what happened and where to go on (the header's
 * Back and Start, which every place has), never an empty page. */
#include "screens.h"

static void build(struct app *a, void *state, struct ui *ui)
{
	(void)state;
	bool failed = app_status(a) == SCREEN_FAILED;
	struct flow f = app_page_begin(a, ui, false, 0);
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, app_tr(a, failed ? "page_failed_title" : "page_not_found_title"));
	flow_text(&f, ROLE_TEXT, STYLE_BODY, app_tr(a, failed ? "page_failed" : "page_not_found"));
	app_page_end(a, ui, &f);
}

const struct screen screen_missing = {
	.build = build,
};
