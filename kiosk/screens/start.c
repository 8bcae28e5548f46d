/* start — the start screen: where every visit begins and the idle reset
 * returns.
 *
 * A welcome, the search field, "near me", the letters A-Z with the way to
 * all topics, and the info pages as cards; below the page, always in
 * sight, the content's date and, for demo content, that it is invented. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#define MAX_PAGES 48

struct start_state {
	struct store_link pages[MAX_PAGES];
	int npages;
};

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	(void)arg;
	struct start_state *s = state;
	/* The start screen is where every visit begins: what it cannot read
	 * (logged) it leaves out, and search still works. */
	s->npages = store_pages(app_store(a), app_lang(a), s->pages, MAX_PAGES);
	if (s->npages < 0)
		s->npages = 0;
	index_letters(a);
	return SCREEN_SHOWN;
}

/* The content's date, and that it is demo data. */
static void footer_text(struct app *a, char *footer, size_t size)
{
	const struct store_meta *m = store_meta(app_store(a));
	char date[64], line[160];
	int y, mo, d;
	bool de = strcmp(app_lang(a), "de") == 0;
	if (sscanf(m->published, "%d-%d-%d", &y, &mo, &d) == 3)
		snprintf(date, sizeof date, de ? "%02d.%02d.%04d" : "%04d-%02d-%02d", de ? d : y, mo, de ? y : d);
	else
		snprintf(date, sizeof date, "%s", m->published);
	uistrings_fill(line, sizeof line, app_tr(a, "content_date"), date);
	snprintf(footer, size, "%s%s%s", line, m->demo ? " · " : "", m->demo ? app_tr(a, "demo") : "");
}

/* The info pages as cards, two a row where there is room. */
static void put_pages(struct app *a, struct start_state *s, struct flow *f)
{
	const struct theme *th = f->ui->th;
	int gap = th->px.gap, pad = th->padding[STYLE_ITEM];
	flow_heading(f, app_tr(a, "pages"));
	int cols = f->w >= th->px.cards_two_columns ? 2 : 1;
	int cw = (f->w - (cols - 1) * gap) / cols;
	for (int i = 0; i < s->npages; i += cols) {
		int h = th->px.target;
		for (int c = 0; c < cols && i + c < s->npages; c++) {
			int card_h = text_height(f->ui->text, STYLE_ITEM, s->pages[i + c].label, cw - 2 * pad) + 2 * pad;
			if (card_h > h)
				h = card_h;
		}
		SDL_Rect row = flow_take(f, h);
		for (int c = 0; c < cols && i + c < s->npages; c++) {
			SDL_Rect r = {row.x + c * (cw + gap), row.y, cw, h};
			view_push(f->ui->l, ROLE_ITEM, STYLE_ITEM, r, s->pages[i + c].label, s->pages[i + c].target);
		}
		flow_space(f, gap / 2);
	}
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct start_state *s = state;
	const struct theme *th = ui->th;
	int gap = th->px.gap;
	char footer[512];
	footer_text(a, footer, sizeof footer);
	int footer_w = th->w - 2 * th->px.pad;
	int footer_h = text_height(ui->text, STYLE_SMALL, footer, footer_w);
	/* All of it in sight: on a landscape screen the search and the letters
	 * on the left, the other ways in (all topics, near me, the info
	 * pages) in a column of their own on the right. */
	struct flow page = app_page_begin(a, ui, true, footer_h), side;
	struct flow f = flow_split_beside(&page, &side);
	bool beside = side.x != f.x;
	struct flow *ways = beside ? &side : &f;
	flow_text(&f, ROLE_HEADING, STYLE_TITLE, app_tr(a, "welcome"));
	flow_text(&f, ROLE_TEXT, STYLE_BODY, app_tr(a, "intro"));
	flow_space(&f, gap);
	SDL_Rect input = flow_take(&f, th->field_h);
	view_push(ui->l, ROLE_INPUT, STYLE_INPUT, input, app_tr(a, "search_hint"), "search");
	flow_space(&f, gap);
	if (!beside) {
		/* The two other ways in right under the field, side by side
		 * where they fit, so both are in sight in every layout. */
		struct flow row = f;
		struct view *all = flow_button(&row, app_tr(a, "all_topics"), "index", STYLE_BUTTON);
		struct flow right = f;
		int used = all ? all->rect.w + gap / 2 : 0;
		int near_w = text_width(ui->text, STYLE_BUTTON_QUIET, app_tr(a, "near_button")) +
			     4 * th->padding[STYLE_BUTTON_QUIET];
		if (all && used + near_w <= f.w) {
			right.x += used;
			right.w -= used;
			flow_button(&right, app_tr(a, "near_button"), "near", STYLE_BUTTON_QUIET);
			f.y = row.y > right.y ? row.y : right.y;
		} else {
			f.y = row.y;
			flow_button(&f, app_tr(a, "near_button"), "near", STYLE_BUTTON_QUIET);
		}
	}
	flow_heading(&f, app_tr(a, "letters"));
	SDL_Rect letters = flow_take(&f, 0);
	f.y += layout_letters(ui, letters.x, letters.y, f.w, index_letters(a), 0);
	flow_space(&f, gap);
	if (beside) {
		flow_space(ways, gap);   /* level with the welcome's first line */
		flow_button(ways, app_tr(a, "all_topics"), "index", STYLE_BUTTON);
		flow_button(ways, app_tr(a, "near_button"), "near", STYLE_BUTTON_QUIET);
	}
	if (s->npages)
		put_pages(a, s, ways);
	page.y = f.y > side.y ? f.y : side.y;
	app_page_end(a, ui, &page);
	SDL_Rect r = {th->px.pad, th->h - footer_h - gap / 2, footer_w, footer_h};
	view_push(ui->l, ROLE_TEXT, STYLE_SMALL, r, footer, NULL);
}

static const char *title(struct app *a, void *state)
{
	(void)state;
	return app_tr(a, "app_name");
}

const struct screen screen_start = {
	.name = "start",
	.state_size = sizeof(struct start_state),
	.enter = enter,
	.build = build,
	.title = title,
};
