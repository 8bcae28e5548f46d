/* page — an info page: what self-help is, how to start a group, this
 * kiosk and the visitor's data.
 *
 * The title, the text in paragraphs (separated by an empty line in the
 * content) at a readable measure, and the page's picture beside the text
 * where the screen is wide enough, else under the title. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct page_state {
	struct store_page *page;
	struct store_media *image;
};

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	struct page_state *s = state;
	enum store_status found = store_page(app_store(a), arg, app_lang(a), &s->page);
	if (found != STORE_FOUND)
		return screen_status(found);
	s->image = screen_load_image(a, s->page->media_id);
	return SCREEN_SHOWN;
}

static void leave(struct app *a, void *state)
{
	(void)a;
	struct page_state *s = state;
	free(s->page);
	free(s->image);
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct page_state *s = state;
	const struct theme *th = ui->th;
	struct flow f = app_page_begin(a, ui, false, 0);
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, s->page->title);
	int w, h;
	if (s->image && rule_image_size(s->image->data, s->image->len, &w, &h)) {
		struct flow side = f;
		side.x = f.x + f.w + 2 * th->px.gap;
		side.w = th->w - th->px.pad - side.x;
		flow_image(side.w >= (int)(w * th->u * 0.75) ? &side : &f, s->image);
	}
	char para[TEXT_BYTES(LIMIT_BODY)];
	for (const char *p = s->page->body; *p;) {
		const char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		snprintf(para, sizeof para, "%.*s", (int)n, p);
		flow_text(&f, ROLE_TEXT, STYLE_BODY, para);
		flow_space(&f, th->px.gap / 2);
		p += n;
		while (*p == '\n')
			p++;
	}
	app_page_end(a, ui, &f);
}

static const char *title(struct app *a, void *state)
{
	(void)a;
	return ((struct page_state *)state)->page->title;
}

const struct screen screen_page = {
	.name = "page",
	.state_size = sizeof(struct page_state),
	.enter = enter,
	.build = build,
	.title = title,
	.leave = leave,
};
