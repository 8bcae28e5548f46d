/* missing — what a place shows when it cannot be shown. */
#include "screens.h"

static void build(struct app *a, void *state, struct ui *ui)
{
	(void)state;
	struct flow f = app_page_begin(a, ui, false, 0);
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, "?");
	app_page_end(a, ui, &f);
}

const struct screen screen_missing = {
	.build = build,
};
