/* index — the A-Z index of all topics.
 *
 * Letters on top, then the topics in one long list with a heading before
 * each letter. At national scale the list is long, so it is virtual: the
 * rows' offsets are computed once per language and size, and each frame
 * only builds the rows in sight, the first found by bisection. The topics
 * of the current language are kept for the session (the start screen's
 * letters use them too) and forgotten when the content changes. A tap on a
 * letter jumps to it; "letter:X" from elsewhere opens the index there. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LETTERS 27              /* A-Z and '#' */

struct index_keep {
	struct store_index_row *rows;
	int nrows;
	bool failed;            /* the content would not give its topics */
	char lang[3];
	/* The layout: each row's offset from the top; headings interleave. */
	int *row_y;
	int height;
	int letter_y[LETTERS];
	bool present[LETTERS];
	int row_h, heading_h, gap;
};

static int letter_index(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' : LETTERS - 1;
}

static void forget(struct app *a, void *keep, enum screen_forget what)
{
	(void)a;
	struct index_keep *k = keep;
	if (what == FORGET_SESSION)
		return;   /* nothing typed in it */
	free(k->rows);
	free(k->row_y);
	memset(k, 0, sizeof *k);
}

/* The topics of the current language, and their offsets at this size. */
static struct index_keep *load(struct app *a)
{
	struct index_keep *k = app_keep(a, &screen_index);
	if (!k->rows || strcmp(k->lang, app_lang(a)) != 0) {
		forget(a, k, FORGET_CONTENT);
		k->nrows = store_topic_index(app_store(a), app_lang(a), &k->rows);
		k->failed = k->nrows < 0;
		if (k->failed)
			k->nrows = 0;
		snprintf(k->lang, sizeof k->lang, "%s", app_lang(a));
	}
	const struct theme *th = app_theme(a);
	int row_h = th->px.target, heading_h = th->px.index_heading, gap = th->px.gap;
	if (k->row_y && k->row_h == row_h && k->heading_h == heading_h && k->gap == gap)
		return k;
	free(k->row_y);
	k->row_y = malloc(((size_t)k->nrows + 1) * sizeof *k->row_y);
	if (!k->row_y) {
		k->nrows = 0;
		return k;
	}
	memset(k->present, 0, sizeof k->present);
	int y = 0;
	char last = 0;
	for (int i = 0; i < k->nrows; i++) {
		char c = k->rows[i].letter;
		if (c != last) {
			k->present[letter_index(c)] = true;
			k->letter_y[letter_index(c)] = y;
			y += heading_h;
			last = c;
		}
		k->row_y[i] = y;
		y += row_h + gap / 2;
	}
	k->row_y[k->nrows] = y;
	k->height = y;
	k->row_h = row_h;
	k->heading_h = heading_h;
	k->gap = gap;
	return k;
}

const bool *index_letters(struct app *a)
{
	return load(a)->present;
}

static void jump(struct app *a, char letter)
{
	struct index_keep *k = load(a);
	int i = letter_index(letter);
	if (k->present[i])
		app_scroll_to(a, k->letter_y[i]);
}

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	(void)state;
	if (load(a)->failed)
		return SCREEN_FAILED;
	if (arg[0] && !app_returning(a))
		jump(a, arg[0]);
	return SCREEN_SHOWN;
}

static bool act(struct app *a, void *state, const char *target)
{
	(void)state;
	if (strncmp(target, "letter:", 7) != 0)
		return false;
	jump(a, target[7]);
	return true;
}

static void build(struct app *a, void *state, struct ui *ui)
{
	(void)state;
	struct index_keep *k = load(a);
	const struct theme *th = ui->th;
	int x = th->px.pad, w = th->w - 2 * th->px.pad, gap = th->px.gap;
	int y = th->header_h + gap;
	/* Which letter the top of the list is in. */
	char current = 0;
	double scroll = app_scroll(a);
	for (int i = 0; i < LETTERS; i++)
		if (k->present[i] && k->letter_y[i] <= scroll + 1)
			current = i < 26 ? (char)('A' + i) : '#';
	y += layout_letters(ui, x, y, w, k->present, current, NULL, NULL) + gap;
	int thumb_w = th->px.thumb;
	SDL_Rect vp = {x, y, w, th->h - y - gap};
	scroll = app_scroll_area(a, vp, k->height);
	int row_w = w - thumb_w - gap;
	view_clip_push(ui->l, vp);
	/* First row in sight, by bisection of the offsets. */
	int lo = 0, hi = k->nrows;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (k->row_y[mid] + k->row_h < scroll - k->heading_h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < k->nrows; i++) {
		int top = vp.y + k->row_y[i] - (int)scroll;
		if (top > vp.y + vp.h)
			break;
		if (i == 0 || k->rows[i].letter != k->rows[i - 1].letter) {
			char letter[2] = {k->rows[i].letter, '\0'};
			int hh = text_height(ui->text, STYLE_SUBHEADING, letter, 0);
			SDL_Rect hr = {x, top - k->heading_h + (k->heading_h - hh) / 2, row_w, hh};
			view_push(ui->l, ROLE_HEADING, STYLE_SUBHEADING, hr, letter, NULL);
		}
		char target[LIMIT_SLUG + 8];
		snprintf(target, sizeof target, "topic:%s", k->rows[i].slug);
		SDL_Rect r = {x, top, row_w, k->row_h};
		view_push(ui->l, ROLE_ITEM, STYLE_ITEM, r, k->rows[i].name, target);
	}
	view_clip_pop(ui->l);
	/* Where in the list you are: a thumb on the right. */
	double max = k->height - vp.h;
	if (max > 0) {
		int thumb_h = (int)(vp.h * (vp.h / (double)k->height));
		if (thumb_h < th->px.target / 2)
			thumb_h = th->px.target / 2;
		int ty = vp.y + (int)((vp.h - thumb_h) * (scroll / max));
		SDL_Rect thumb = {vp.x + vp.w - thumb_w, ty, thumb_w, thumb_h};
		view_push(ui->l, ROLE_BOX, STYLE_THUMB, thumb, "", NULL);
	}
}

static const char *title(struct app *a, void *state)
{
	(void)state;
	return app_tr(a, "index_title");
}

const struct screen screen_index = {
	.name = "index",
	.also = "letter",
	.keep_size = sizeof(struct index_keep),
	.enter = enter,
	.build = build,
	.act = act,
	.title = title,
	.forget = forget,
};
