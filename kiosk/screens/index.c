/* index — the A-Z index of all topics.
 *
 * Letters on top, then the topics under a heading for each letter, in as
 * many columns as the width gives readable names (one on a portrait
 * screen, three on a wide one), row by row. At national scale the list is
 * long, so it is virtual: the rows' offsets are computed once per
 * language, size and look, and each frame only builds the rows in sight,
 * the first found by bisection. The topics of the current language are
 * kept for the session (the start screen's letters use them too) and
 * forgotten when the content changes. A tap on a letter jumps to it and
 * marks it, even where the list ends before that letter can reach the
 * top; "letter:X" from elsewhere opens the index there. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LETTERS 27              /* A-Z and '#' */
#define MIN_COLUMN 520          /* px at 1080: a column at least this wide */

struct index_keep {
	struct store_index_row *rows;
	int nrows;
	bool failed;            /* the content would not give its topics */
	char lang[3];
	bool present[LETTERS];
	/* The layout: each topic's row offset from the top (headings
	 * interleave), its column, and its row's height. */
	int *row_y, *row_h;
	unsigned char *col;
	int height;
	int letter_y[LETTERS];
	int laid_w, laid_cols, laid_target, laid_heading, laid_gap;
	const struct theme_table *laid_table;
};

struct index_state {
	char jumped;            /* the letter last jumped to, or 0 */
	int jump_y;             /* where that put the list */
};

static int letter_index(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' : LETTERS - 1;
}

static void forget_layout(struct index_keep *k)
{
	free(k->row_y);
	free(k->row_h);
	free(k->col);
	k->row_y = k->row_h = NULL;
	k->col = NULL;
}

static void forget(struct app *a, void *keep, enum screen_forget what)
{
	(void)a;
	struct index_keep *k = keep;
	if (what == FORGET_SESSION)
		return;   /* nothing typed in it */
	free(k->rows);
	forget_layout(k);
	memset(k, 0, sizeof *k);
}

/* The topics of the current language. */
static struct index_keep *load(struct app *a)
{
	struct index_keep *k = app_keep(a, &screen_index);
	if (k->rows && strcmp(k->lang, app_lang(a)) == 0)
		return k;
	forget(a, k, FORGET_CONTENT);
	k->nrows = store_topic_index(app_store(a), app_lang(a), &k->rows);
	k->failed = k->nrows < 0;
	if (k->failed)
		k->nrows = 0;
	snprintf(k->lang, sizeof k->lang, "%s", app_lang(a));
	for (int i = 0; i < k->nrows; i++)
		k->present[letter_index(k->rows[i].letter)] = true;
	return k;
}

/* The offsets for a list `w` pixels wide, unless they are laid out for it
 * already. Names that need two lines make their row higher. */
static bool lay_out(struct index_keep *k, struct ui *ui, int w)
{
	const struct theme *th = ui->th;
	int gap = th->px.gap, target = th->px.target, heading_h = th->px.index_heading;
	int cols = (w + gap) / ((int)(MIN_COLUMN * th->u) + gap);
	cols = cols < 1 ? 1 : cols > 3 ? 3 : cols;
	if (k->row_y && k->laid_w == w && k->laid_cols == cols && k->laid_target == target &&
	    k->laid_heading == heading_h && k->laid_gap == gap && k->laid_table == th->table)
		return true;
	forget_layout(k);
	size_t n = (size_t)k->nrows + 1;
	k->row_y = malloc(n * sizeof *k->row_y);
	k->row_h = malloc(n * sizeof *k->row_h);
	k->col = malloc(n);
	if (!k->row_y || !k->row_h || !k->col) {
		forget_layout(k);
		return false;
	}
	int cw = (w - (cols - 1) * gap) / cols, inner = cw - 2 * th->padding[STYLE_ITEM];
	int y = 0;
	for (int i = 0; i < k->nrows;) {
		/* A letter's topics, row by row. */
		char c = k->rows[i].letter;
		k->letter_y[letter_index(c)] = y;
		y += heading_h;
		int first = i;
		while (i < k->nrows && k->rows[i].letter == c) {
			int h = target;
			int in_row = 0;
			for (; in_row < cols && i + in_row < k->nrows && k->rows[i + in_row].letter == c; in_row++) {
				int need = text_height(ui->text, STYLE_ITEM, k->rows[i + in_row].name, inner) +
					   2 * th->padding[STYLE_ITEM];
				h = need > h ? need : h;
			}
			for (int j = 0; j < in_row; j++) {
				k->row_y[i + j] = y;
				k->row_h[i + j] = h;
				k->col[i + j] = (unsigned char)((i + j - first) % cols);
			}
			i += in_row;
			y += h + gap / 2;
		}
	}
	k->row_y[k->nrows] = y;
	k->height = y;
	k->laid_w = w, k->laid_cols = cols, k->laid_target = target, k->laid_heading = heading_h;
	k->laid_gap = gap, k->laid_table = th->table;
	k->laid_w = text_frame_incomplete(ui->text) ? -1 : w;   /* a name not measured (out of memory): again */
	return true;
}

const bool *index_letters(struct app *a)
{
	return load(a)->present;
}

/* Jumps to a letter (laid out at the current width by the next frame). */
static void jump(struct app *a, struct index_state *s, char letter)
{
	struct index_keep *k = load(a);
	int i = letter_index(letter);
	if (!k->present[i] || !k->row_y)
		return;
	s->jumped = i < 26 ? (char)('A' + i) : '#';
	s->jump_y = k->letter_y[i];
	app_scroll_to(a, s->jump_y);
}

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	struct index_state *s = state;
	if (load(a)->failed)
		return SCREEN_FAILED;
	if (arg[0] && !app_returning(a)) {
		s->jumped = arg[0];   /* the offsets come with the first frame */
		s->jump_y = -1;
	}
	return SCREEN_SHOWN;
}

static bool act(struct app *a, void *state, const char *target)
{
	if (strncmp(target, "letter:", 7) != 0)
		return false;
	jump(a, state, target[7]);
	return true;
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct index_state *s = state;
	struct index_keep *k = load(a);
	const struct theme *th = ui->th;
	int x = th->px.pad, w = th->w - 2 * th->px.pad, gap = th->px.gap;
	int y = th->header_h + gap, thumb_w = th->px.thumb;
	int list_w = w - thumb_w - gap;
	if (!lay_out(k, ui, list_w))
		k->nrows = 0;
	if (s->jumped && s->jump_y < 0)
		jump(a, s, s->jumped);   /* opened at a letter */
	/* Which letter the top of the list is in: the one jumped to while the
	 * list is still where that put it (at the end it cannot reach the top). */
	int letters_h = layout_letters_height(th, w, k->present);
	SDL_Rect vp = {x, y + letters_h + gap, w, th->h - (y + letters_h + gap) - gap};
	double scroll = app_scroll_area(a, vp, k->height), max = k->height - vp.h;
	char current = 0;
	for (int i = 0; i < LETTERS; i++)
		if (k->present[i] && k->letter_y[i] <= scroll + 1)
			current = i < 26 ? (char)('A' + i) : '#';
	if (s->jumped && (int)scroll == (s->jump_y < max ? s->jump_y : (int)max))
		current = s->jumped;
	else
		s->jumped = 0;   /* scrolled away by hand */
	layout_letters(ui, x, y, w, k->present, current);
	view_clip_push(ui->l, vp);
	/* First row in sight, by bisection of the offsets. */
	int lo = 0, hi = k->nrows;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (k->row_y[mid] + k->row_h[mid] < scroll - th->px.index_heading)
			lo = mid + 1;
		else
			hi = mid;
	}
	int cols = k->laid_cols, cw = (list_w - (cols - 1) * gap) / cols;
	for (int i = lo; i < k->nrows; i++) {
		int top = vp.y + k->row_y[i] - (int)scroll;
		if (top > vp.y + vp.h)
			break;
		if (i == 0 || k->rows[i].letter != k->rows[i - 1].letter) {
			char letter[2] = {k->rows[i].letter, '\0'};
			int hh = text_height(ui->text, STYLE_SUBHEADING, letter, 0);
			int heading_h = th->px.index_heading;
			SDL_Rect hr = {x, top - heading_h + (heading_h - hh) / 2, list_w, hh};
			view_push(ui->l, ROLE_HEADING, STYLE_SUBHEADING, hr, letter, NULL);
		}
		char target[LIMIT_SLUG + 8];
		snprintf(target, sizeof target, "topic:%s", k->rows[i].slug);
		SDL_Rect r = {x + k->col[i] * (cw + gap), top, cw, k->row_h[i]};
		view_push(ui->l, ROLE_ITEM, STYLE_ITEM, r, k->rows[i].name, target);
	}
	view_clip_pop(ui->l);
	/* Where in the list you are: a thumb on the right. */
	layout_scrollbar(ui, vp.x + vp.w - thumb_w, vp, k->height, scroll);
}

static const char *title(struct app *a, void *state)
{
	(void)state;
	return app_tr(a, "index_title");
}

const struct screen screen_index = {
	.name = "index",
	.also = "letter",
	.state_size = sizeof(struct index_state),
	.keep_size = sizeof(struct index_keep),
	.enter = enter,
	.build = build,
	.act = act,
	.title = title,
	.forget = forget,
};
