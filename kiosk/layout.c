/* layout — placing widgets: a column that flows down a page, the header
 * bar, the letter grid, the QR grid, the areas of a typing screen.
 *
 * Screens describe what they show; this file decides where it goes, from
 * the theme's sizes and the measured text, so every screen places a
 * heading, a card or a QR code the same way. It pushes widgets into the
 * frame's view list and keeps no state between frames. It never reads the
 * content or the session: what to show comes in as arguments. */
#include "layout.h"

#include <stdio.h>

#include "rules.h"

#define MAX_QR_CELLS 8
#define TYPING_KEYBOARD_MIN 880 /* px at 1080 and normal text: a keyboard's width at least */
#define MAX_HEADER_LABEL 64

SDL_Rect flow_take(struct flow *f, int h)
{
	SDL_Rect r = {f->x, f->top + f->y - (int)f->scroll, f->w, h};
	f->y += h;
	return r;
}

void flow_space(struct flow *f, int h)
{
	f->y += h;
}

struct view *flow_text(struct flow *f, enum view_role role, enum view_style style, const char *s)
{
	if (!*s)
		return NULL;
	int h = text_height(f->ui->text, style, s, f->w);
	struct view *v = view_push(f->ui->l, role, style, flow_take(f, h), s, NULL);
	flow_space(f, f->ui->th->px.gap / 2);
	return v;
}

void flow_heading(struct flow *f, const char *s)
{
	flow_space(f, f->ui->th->px.gap);
	flow_text(f, ROLE_HEADING, STYLE_SUBHEADING, s);
}

void flow_label_value(struct flow *f, const char *label, const char *value)
{
	if (!*value)
		return;
	char buf[TEXT_BYTES(LIMIT_DESCRIPTION) + 128];
	snprintf(buf, sizeof buf, "%s: %s", label, value);
	flow_text(f, ROLE_TEXT, STYLE_BODY, buf);
}

struct view *flow_button(struct flow *f, const char *label, const char *target, enum view_style style)
{
	const struct theme *th = f->ui->th;
	int pad = th->padding[style];
	int w = text_width(f->ui->text, style, label) + 4 * pad;
	w = w < f->w ? w : f->w;
	/* A label wider than the column goes on two lines (large text). */
	int h = text_height(f->ui->text, style, label, w - 2 * pad) + 2 * pad;
	SDL_Rect r = flow_take(f, h > th->px.target ? h : th->px.target);
	r.w = w;
	struct view *v = view_push(f->ui->l, ROLE_BUTTON, style, r, label, target);
	flow_space(f, th->px.gap);
	return v;
}

void flow_link(struct flow *f, const char *label, const char *target)
{
	/* A name wider than the column goes on more lines (large text), as
	 * a button's does, instead of running past the column's edge. */
	int h = text_height(f->ui->text, STYLE_LINK, label, f->w);
	int w = text_width(f->ui->text, STYLE_LINK, label);
	int target_h = f->ui->th->px.target;
	SDL_Rect r = flow_take(f, h > target_h ? h : target_h);
	if (w < r.w)
		r.w = w;
	view_push(f->ui->l, ROLE_LINK, STYLE_LINK, r, label, target);
}

void flow_image(struct flow *f, const struct store_media *m)
{
	int w, h;
	if (!m || !rule_image_size(m->data, m->len, &w, &h))
		return;
	double u = f->ui->th->u;
	int dw = (int)(w * u + 0.5), dh = (int)(h * u + 0.5);
	if (dw > f->w) {
		dh = (int)((double)dh * f->w / dw + 0.5);
		dw = f->w;
	}
	SDL_Rect r = flow_take(f, dh);
	r.w = dw;
	struct view *v = view_push(f->ui->l, ROLE_IMAGE, STYLE_BODY, r, m->alt, NULL);
	if (v)
		v->data = m;
	flow_space(f, f->ui->th->px.gap);
}

static void card(struct flow *f, enum view_style style, const char *title, const char *const *lines, int nlines,
		 const char *target)
{
	const struct theme *th = f->ui->th;
	struct text *text = f->ui->text;
	int pad = th->padding[style], gap = th->px.gap;
	int inner = f->w - 2 * pad;
	int title_h = text_height(text, style, title, inner);
	enum view_style small = style == STYLE_ALERT ? STYLE_BODY : STYLE_SMALL;
	int h = pad + title_h, line_h[FLOW_CARD_LINES];
	if (nlines > FLOW_CARD_LINES)
		nlines = FLOW_CARD_LINES;
	for (int i = 0; i < nlines; i++) {
		line_h[i] = *lines[i] ? text_height(text, small, lines[i], inner) : 0;
		h += line_h[i] ? line_h[i] + gap / 4 : 0;
	}
	h += pad;
	if (h < th->px.target)
		h = th->px.target;
	SDL_Rect r = flow_take(f, h);
	view_push(f->ui->l, ROLE_ITEM, style, r, title, target);
	int y = r.y + pad + title_h + gap / 4;
	for (int i = 0; i < nlines; i++) {
		if (!line_h[i])
			continue;
		SDL_Rect lr = {r.x + pad, y, inner, line_h[i]};
		view_push(f->ui->l, ROLE_TEXT, small, lr, lines[i], NULL);
		y += line_h[i] + gap / 4;
	}
	flow_space(f, gap / 2);
}

void flow_card(struct flow *f, const char *title, const char *const *lines, int nlines, const char *target)
{
	card(f, STYLE_ITEM, title, lines, nlines, target);
}

void flow_alert_card(struct flow *f, const char *title, const char *const *lines, int nlines, const char *target)
{
	card(f, STYLE_ALERT, title, lines, nlines, target);
}

int flow_call_row(struct flow *f, int side, const char *payload, const char *caption, const char *title,
		  const char *number, const char *const *lines, int nlines)
{
	const struct theme *th = f->ui->th;
	struct text *text = f->ui->text;
	bool has_code = side > 0 && *payload;
	int gap = th->px.gap, x = has_code ? f->x + side + gap : f->x, w = f->x + f->w - x;
	if (nlines > FLOW_CARD_LINES)
		nlines = FLOW_CARD_LINES;
	int title_h = text_height(text, STYLE_SUBHEADING, title, w);
	int number_h = text_height(text, STYLE_HEADING, number, w);
	int h = title_h + number_h, line_h[FLOW_CARD_LINES];
	for (int i = 0; i < nlines; i++) {
		line_h[i] = *lines[i] ? text_height(text, STYLE_SMALL, lines[i], w) : 0;
		h += line_h[i] ? line_h[i] + gap / 4 : 0;
	}
	SDL_Rect r = flow_take(f, has_code && side > h ? side : h);
	if (has_code) {
		SDL_Rect code = {f->x, r.y, side, side};
		view_push(f->ui->l, ROLE_QR, STYLE_QR, code, caption, payload);
	}
	int y = r.y;
	SDL_Rect t = {x, y, w, title_h};
	view_push(f->ui->l, ROLE_HEADING, STYLE_SUBHEADING, t, title, NULL);
	y += title_h;
	SDL_Rect n = {x, y, w, number_h};
	view_push(f->ui->l, ROLE_TEXT, STYLE_HEADING, n, number, NULL);
	y += number_h;
	for (int i = 0; i < nlines; i++) {
		if (!line_h[i])
			continue;
		SDL_Rect lr = {x, y + gap / 4, w, line_h[i]};
		view_push(f->ui->l, ROLE_TEXT, STYLE_SMALL, lr, lines[i], NULL);
		y += line_h[i] + gap / 4;
	}
	flow_space(f, gap);
	return r.h;
}

int flow_qr_least(const struct flow *f, const char *payload)
{
	const struct theme *th = f->ui->th;
	int side = render_qr_modules(f->ui->render, payload) * th->qr_module_min;
	return side > th->qr_side_min ? side : th->qr_side_min;
}

struct flow flow_split_beside(struct flow *f, struct flow *beside)
{
	const struct theme *th = f->ui->th;
	*beside = *f;
	if (th->w <= th->h)
		return *f;
	struct flow details = *f;
	int gap = th->px.gap;
	details.w = (f->w - 2 * gap) * 55 / 100;
	beside->x = f->x + details.w + 2 * gap;
	beside->w = f->w - details.w - 2 * gap;
	return details;
}

/* Where `n` codes of `side` pixels go in `cols` columns: the height they
 * take with their captions. */
static int grid_height(const struct theme *th, int n, int cols, int side, int caption_h)
{
	int rows = (n + cols - 1) / cols, gap = th->px.gap;
	return rows * (side + gap / 2 + caption_h + gap);
}

void flow_qr_grid(struct flow *f, const struct qr_cell *cells, int ncells, const char *heading,
		  const char *hint, int max_h)
{
	const struct theme *th = f->ui->th;
	int gap = th->px.gap, n = 0, idx[MAX_QR_CELLS];
	for (int i = 0; i < ncells && n < MAX_QR_CELLS; i++)
		if (cells[i].payload[0])
			idx[n++] = i;
	if (!n)
		return;
	int top = f->y;
	flow_heading(f, heading);
	flow_text(f, ROLE_TEXT, STYLE_BODY, hint);
	/* The smallest side every code allows: modules of at least
	 * qr_module_min pixels (0.75 mm), and qr_side_min (35 mm) across. */
	int least = th->qr_side_min;
	for (int i = 0; i < n; i++) {
		int side = flow_qr_least(f, cells[idx[i]].payload);
		least = side > least ? side : least;
	}
	/* The layout: the largest codes that fit within max_h (when given);
	 * if none does, the shortest one whose codes are still large enough;
	 * never codes under `least` while any layout allows it. It is chosen
	 * for all `ncells` codes, present or not, so that a page with fewer
	 * codes shows them at the same size as a page with all. */
	int all = ncells < MAX_QR_CELLS ? ncells : MAX_QR_CELLS;
	int best_cols = 0, best_side = 0, best_caption = 0, best_rank = -1;
	for (int cols = all; cols >= 1; cols--) {
		if (cols == 3 && all == 4)
			continue;   /* a lonely code on a second row */
		int cell = (f->w - (cols - 1) * gap) / cols, caption_h = 0;
		for (int i = 0; i < all; i++) {
			int h = text_height(f->ui->text, STYLE_QR, cells[i].caption, cell);
			caption_h = h > caption_h ? h : caption_h;
		}
		int side = cell < th->px.qr_max ? cell : th->px.qr_max;
		int rows = (all + cols - 1) / cols;
		if (max_h > 0) {
			int room = (max_h - (f->y - top)) / rows - (gap / 2 + caption_h + gap);
			if (room >= least && room < side)
				side = room;
		}
		bool fits = max_h <= 0 || f->y - top + grid_height(th, all, cols, side, caption_h) <= max_h;
		/* 2: large enough and fits, the larger the better; 1: large
		 * enough, the fewer rows the better; 0: too small, the larger
		 * the better. */
		int rank = side >= least ? (fits ? 2 : 1) : 0;
		bool better = rank > best_rank || (rank == best_rank && (rank == 1 ? cols > best_cols
										  : side > best_side));
		if (better)
			best_cols = cols, best_side = side, best_caption = caption_h, best_rank = rank;
	}
	int cols = best_cols < n ? best_cols : n, side = best_side, caption_h = best_caption;
	int cell = (f->w - (cols - 1) * gap) / cols;
	for (int row = 0; row * cols < n; row++) {
		SDL_Rect band = flow_take(f, side + gap / 2 + caption_h);
		int in_row = n - row * cols < cols ? n - row * cols : cols;
		int x0 = f->x + (f->w - (in_row * cell + (in_row - 1) * gap)) / 2;
		for (int c = 0; c < in_row; c++) {
			const struct qr_cell *q = &cells[idx[row * cols + c]];
			int x = x0 + c * (cell + gap);
			SDL_Rect code = {x + (cell - side) / 2, band.y, side, side};
			view_push(f->ui->l, ROLE_QR, STYLE_QR, code, q->caption, q->payload);
			SDL_Rect cap = {x, band.y + side + gap / 2, cell, caption_h};
			view_push(f->ui->l, ROLE_TEXT, STYLE_QR, cap, q->caption, NULL);
		}
		flow_space(f, gap);
	}
}

void layout_header(struct ui *ui, const struct header *h)
{
	const struct theme *th = ui->th;
	int gap = th->px.gap, target = th->px.target;
	SDL_Rect bar = {0, 0, th->w, th->header_h};
	view_push(ui->l, ROLE_BOX, STYLE_HEADER_BAR, bar, "", NULL);
	int pad = th->padding[STYLE_HEADER_BUTTON];
	int y = (th->header_h - target) / 2, x = th->px.pad / 2;
	if (h->nav) {
		const char *labels[2] = {h->back, h->home};
		const char *targets[2] = {"back", "home"};
		for (int i = 0; i < 2; i++) {
			char label[MAX_HEADER_LABEL];
			snprintf(label, sizeof label, i == 0 ? "‹ %s" : "%s", labels[i]);
			int w = text_width(ui->text, STYLE_HEADER_BUTTON, label) + 3 * pad;
			SDL_Rect r = {x, y, w, target};
			struct view *v = view_push(ui->l, ROLE_BUTTON, STYLE_HEADER_BUTTON, r, label, targets[i]);
			if (v && i == 0 && !h->can_go_back)
				v->flags |= VIEW_DISABLED;
			x += w + gap / 2;
		}
	}
	/* Languages, right-aligned; the current one filled light. */
	int right = th->w - th->px.pad / 2;
	for (int i = 0; i < 2; i++) {
		int w = text_width(ui->text, STYLE_HEADER_BUTTON, h->lang_label[i]) + 3 * pad;
		right -= w;
		SDL_Rect r = {right, y, w, target};
		struct view *v = view_push(ui->l, ROLE_BUTTON, h->lang_current[i] ? STYLE_BUTTON_QUIET
								    : STYLE_HEADER_BUTTON, r, h->lang_label[i], h->lang_target[i]);
		if (v && h->lang_current[i])
			v->flags |= VIEW_CURRENT;
		right -= gap / 2;
	}
	int tw = right - x - gap;
	if (tw > 0 && h->title && *h->title) {
		int title_h = text_height(ui->text, STYLE_HEADER_BAR, h->title, 0);
		if (text_width(ui->text, STYLE_HEADER_BAR, h->title) <= tw && title_h <= th->header_h) {
			SDL_Rect r = {x + gap / 2, (th->header_h - title_h) / 2, tw, title_h};
			view_push(ui->l, ROLE_TEXT, STYLE_HEADER_BAR, r, h->title, NULL);
		}
	}
}

/* The bar's buttons, in order: crisis help first, in the alert colour. */
#define BAR_BUTTONS 5
struct bar_button {
	const char *label, *target;
	bool on;
	enum view_style style;
	bool disabled;
};

static int bar_buttons(const struct access_bar *bar, struct bar_button *b)
{
	b[0] = (struct bar_button){bar->crisis, "crisis", bar->crisis_on, STYLE_ALERT, false};
	b[1] = (struct bar_button){bar->text, "setting:text", bar->text_on, STYLE_HEADER_BUTTON, false};
	b[2] = (struct bar_button){bar->contrast, "setting:contrast", bar->contrast_on, STYLE_HEADER_BUTTON, false};
	b[3] = (struct bar_button){bar->reach, "setting:reach", bar->reach_on, STYLE_HEADER_BUTTON, false};
	b[4] = (struct bar_button){bar->speech, "setting:speech", bar->speech_on, STYLE_HEADER_BUTTON,
				   bar->speech_unavailable};
	return BAR_BUTTONS;
}

/* Lays the bar's buttons out from x0 in rows of at most `room` pixels; the
 * number of rows. With `ui`, pushes them, the first row at y. */
static int bar_rows(const struct theme *th, struct text *text, const struct access_bar *bar, struct ui *ui, int y)
{
	struct bar_button b[BAR_BUTTONS];
	int n = bar_buttons(bar, b), pad = th->padding[STYLE_HEADER_BUTTON], g = th->px.gap / 2;
	int x0 = th->px.pad / 2, room = th->w - th->px.pad, x = x0, rows = 1;
	for (int i = 0; i < n; i++) {
		int w = text_width(text, b[i].style, b[i].label) + 3 * pad;
		w = w < room ? w : room;
		if (x > x0 && x + w > x0 + room) {
			rows++;
			x = x0;
			y += th->px.target + th->px.header_inset;
		}
		if (ui) {
			SDL_Rect r = {x, y, w, th->px.target};
			enum view_style style = b[i].style == STYLE_ALERT ? STYLE_ALERT
						: b[i].on ? STYLE_BUTTON_QUIET : STYLE_HEADER_BUTTON;
			struct view *v = view_push(ui->l, ROLE_BUTTON, style, r, b[i].label, b[i].target);
			if (v && b[i].on)
				v->flags |= VIEW_CURRENT;
			if (v && b[i].disabled)
				v->flags |= VIEW_DISABLED;
		}
		x += w + g;
	}
	return rows;
}

int layout_access_bar_height(const struct theme *th, struct text *text, const struct access_bar *bar)
{
	int rows = bar_rows(th, text, bar, NULL, 0);
	return rows * th->px.target + (rows + 1) * th->px.header_inset;
}

void layout_access_bar(struct ui *ui, const struct access_bar *bar)
{
	const struct theme *th = ui->th;
	SDL_Rect r = {0, th->h, th->w, th->bar_h};
	view_push(ui->l, ROLE_BOX, STYLE_HEADER_BAR, r, "", NULL);
	bar_rows(th, ui->text, bar, ui, th->h + th->px.header_inset);
}

void layout_scrollbar(struct ui *ui, int x, SDL_Rect area, double content_h, double scroll)
{
	const struct theme *th = ui->th;
	double max = content_h - area.h;
	if (max <= 0 || area.h <= 0)
		return;
	int w = th->px.thumb;
	SDL_Rect track = {x, area.y, w, area.h};
	view_push(ui->l, ROLE_BOX, STYLE_SHADE, track, "", NULL);
	int thumb_h = (int)(area.h * (area.h / content_h));
	if (thumb_h < th->px.target / 2)
		thumb_h = th->px.target / 2;
	double at = scroll < 0 ? 0 : scroll > max ? 1 : scroll / max;
	SDL_Rect thumb = {x, area.y + (int)((area.h - thumb_h) * at), w, thumb_h};
	view_push(ui->l, ROLE_BOX, STYLE_THUMB, thumb, "", NULL);
}

/* The letters' grid: columns and rows at width w. */
static void letter_grid(const struct theme *th, int w, int n, int *cols, int *rows)
{
	int g = th->px.gap / 2, cell = th->px.target;
	*cols = (w + g) / (cell + g);
	*cols = *cols > n ? n : *cols < 1 ? 1 : *cols;
	*rows = (n + *cols - 1) / *cols;
}

int layout_letters_height(const struct theme *th, int w, const bool present[27])
{
	int cols, rows;
	letter_grid(th, w, 26 + (present[26] ? 1 : 0), &cols, &rows);
	return rows * th->px.target + (rows - 1) * (th->px.gap / 2);
}

int layout_letters(struct ui *ui, int x, int y, int w, const bool present[27], char current)
{
	const struct theme *th = ui->th;
	int g = th->px.gap / 2;
	int n = 26 + (present[26] ? 1 : 0), cell = th->px.target, cols, rows;
	letter_grid(th, w, n, &cols, &rows);
	int cw = (w - (cols - 1) * g) / cols;
	for (int i = 0; i < n; i++) {
		char label[2] = {i < 26 ? (char)('A' + i) : '#', '\0'};
		char target[16];
		snprintf(target, sizeof target, "letter:%s", label);
		SDL_Rect r = {x + (i % cols) * (cw + g), y + (i / cols) * (cell + g), cw, cell};
		struct view *v = view_push(ui->l, ROLE_LETTER, label[0] == current ? STYLE_LETTER_CURRENT
					   : STYLE_LETTER, r, label, target);
		if (v && !present[i])
			v->flags |= VIEW_DISABLED;
		if (v && label[0] == current)
			v->flags |= VIEW_CURRENT;
	}
	return rows * cell + (rows - 1) * g;
}

bool layout_typing_side_by_side(const struct theme *th)
{
	/* Where the left side holds a keyboard's eleven keys and its editing
	 * row at this text size. */
	int left_w = (th->w - 2 * th->px.pad - 2 * th->px.gap) * 56 / 100;
	return th->w > th->h && left_w >= (int)(TYPING_KEYBOARD_MIN * th->u * th->text_scale);
}

struct typing_areas layout_typing(const struct theme *th, int keyboard_h, bool with_button)
{
	struct typing_areas t;
	int pad = th->px.pad, gap = th->px.gap;
	int top = th->header_h + gap, bottom = th->h - gap;
	if (layout_typing_side_by_side(th)) {
		int left_w = (th->w - 2 * pad - 2 * gap) * 56 / 100;
		/* The field on top of the left side, the keys at its bottom; on
		 * the right the button, then the list. */
		int left = left_w, right = th->w - 2 * pad - left - 2 * gap;
		int rx = pad + left + 2 * gap;
		t.field = (SDL_Rect){pad, top, left, th->field_h};
		t.keys = (SDL_Rect){pad, bottom - keyboard_h, left, keyboard_h};
		t.button = (SDL_Rect){rx, top, right, th->px.target};
		int list_top = with_button ? top + th->px.target + gap : top;
		t.list = (SDL_Rect){rx, list_top, right, bottom - list_top};
	} else {
		/* Top to bottom: the list, the button, the field right above
		 * the keys, so eyes and fingers stay in one place. */
		int w = th->w - 2 * pad;
		t.keys = (SDL_Rect){pad, bottom - keyboard_h, w, keyboard_h};
		t.field = (SDL_Rect){pad, t.keys.y - gap - th->field_h, w, th->field_h};
		t.button = (SDL_Rect){pad, t.field.y - gap - th->px.target, w, th->px.target};
		int list_end = with_button ? t.button.y : t.field.y;
		t.list = (SDL_Rect){pad, top, w, list_end - gap - top};
	}
	return t;
}

SDL_Rect layout_dialog(struct ui *ui, int width, const char *title, const char *text)
{
	const struct theme *th = ui->th;
	int pad = th->px.pad, gap = th->px.gap;
	SDL_Rect all = {0, 0, th->w, th->h};
	view_push(ui->l, ROLE_BOX, STYLE_OVERLAY, all, "", NULL);
	int w = th->w - 2 * pad < width ? th->w - 2 * pad : width;
	int inner = w - 2 * pad;
	int title_h = text_height(ui->text, STYLE_DIALOG, title, inner);
	int text_h = text_height(ui->text, STYLE_BODY, text, inner);
	int h = pad + title_h + gap + text_h + 2 * gap + th->px.target + pad;
	SDL_Rect box = {(th->w - w) / 2, (th->h - h) / 2, w, h};
	view_push(ui->l, ROLE_BOX, STYLE_DIALOG, box, "", NULL);
	SDL_Rect t = {box.x + pad, box.y + pad, inner, title_h};
	view_push(ui->l, ROLE_HEADING, STYLE_DIALOG, t, title, NULL);
	SDL_Rect m = {t.x, t.y + title_h + gap, inner, text_h};
	view_push(ui->l, ROLE_TEXT, STYLE_BODY, m, text, NULL);
	return (SDL_Rect){t.x, m.y + text_h + 2 * gap, inner, th->px.target};
}
