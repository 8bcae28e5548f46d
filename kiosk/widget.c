/* widget — what each kind of widget is: one class row per role.
 *
 * A role's row says how the test tree names it, whether it takes input,
 * how its label is laid out (wrapped, padded, centred) and how it is
 * drawn. The view list (hit test, focus, tree), the renderer (drawing, the
 * check that every label fits) and script mode all read these rows, so a
 * label is laid out the same way where it is drawn and where it is
 * checked, and a new kind of widget is one draw function and one row.
 * A row's fill names the colour its draw first paints the widget's whole
 * rectangle with: the renderer paints no background under an opaque one.
 * Drawing goes through render.c's primitives and the theme's colours. */
#include "widget.h"

#include "render.h"
#include "text.h"
#include "theme.h"

/* The colour a box is filled with; a card-like box is framed too. */
static enum theme_color box_color(enum view_style style)
{
	switch (style) {
	case STYLE_HEADER_BAR: case STYLE_THUMB:
		return COLOR_PRIMARY;
	case STYLE_OVERLAY:
		return COLOR_OVERLAY;
	case STYLE_BADGE:
		return COLOR_BADGE;
	case STYLE_LETTER_CURRENT:
		return COLOR_CURRENT;
	case STYLE_SHADE:
		return COLOR_ABOVE_REACH;
	default:
		return COLOR_CARD;
	}
}

static bool fill_box(const struct view *v, enum theme_color *c)
{
	*c = box_color(v->style);
	return true;
}

static void draw_box(struct render *r, const struct view *v)
{
	const struct theme *th = render_theme(r);
	enum theme_color c = box_color(v->style);
	render_fill(r, &v->rect, c);
	bool card = c == COLOR_CARD;
	if (card)
		render_frame(r, v->rect, v->style == STYLE_DIALOG ? 2 * th->px.border : 1, COLOR_BORDER);
}

static void draw_text(struct render *r, const struct view *v)
{
	enum theme_color c = v->style == STYLE_HEADER_BAR ? COLOR_ON_PRIMARY
			     : v->role == ROLE_HEADING ? COLOR_TEXT
			     : v->style == STYLE_BADGE ? COLOR_BADGE_TEXT
			     : v->style == STYLE_SMALL ? COLOR_MUTED : COLOR_TEXT;
	render_label(r, v, c);
}

/* A button's fill: every style has one but the header's, which is
 * outlined on the dark bar and filled light only while pressed. */
static bool fill_button(const struct view *v, enum theme_color *c)
{
	bool pressed = v->flags & VIEW_PRESSED, disabled = v->flags & VIEW_DISABLED;
	if (v->style == STYLE_BUTTON_QUIET)
		*c = pressed ? COLOR_PRIMARY_PRESSED : COLOR_CARD;
	else if (v->style == STYLE_ALERT)
		*c = pressed ? COLOR_PRIMARY_PRESSED : COLOR_ALERT;
	else if (v->style == STYLE_HEADER_BUTTON)
		*c = COLOR_CARD_PRESSED;
	else
		*c = disabled ? COLOR_DISABLED_BACKGROUND : pressed ? COLOR_PRIMARY_PRESSED : COLOR_PRIMARY;
	return v->style != STYLE_HEADER_BUTTON || pressed;
}

static void draw_button(struct render *r, const struct view *v)
{
	bool pressed = v->flags & VIEW_PRESSED, disabled = v->flags & VIEW_DISABLED;
	int border = render_theme(r)->px.border;
	enum theme_color fill;
	if (fill_button(v, &fill))
		render_fill(r, &v->rect, fill);
	if (v->style == STYLE_BUTTON_QUIET) {
		render_frame(r, v->rect, border, COLOR_PRIMARY);
		render_label(r, v, pressed ? COLOR_ON_PRIMARY : COLOR_PRIMARY);
	} else if (v->style == STYLE_ALERT) {
		render_frame(r, v->rect, border, COLOR_ON_ALERT);
		render_label(r, v, COLOR_ON_ALERT);
	} else if (v->style == STYLE_HEADER_BUTTON) {
		/* Disabled (reading aloud without sound), it is a line on the bar
		 * that says so: no frame, and as legible as the buttons beside it. */
		if (!disabled)
			render_frame(r, v->rect, border, COLOR_ON_PRIMARY);
		render_label(r, v, pressed ? COLOR_PRIMARY : COLOR_ON_PRIMARY);
	} else {
		render_label(r, v, disabled ? COLOR_DISABLED_TEXT : COLOR_ON_PRIMARY);
	}
}

static bool fill_letter(const struct view *v, enum theme_color *c)
{
	bool pressed = v->flags & VIEW_PRESSED, disabled = v->flags & VIEW_DISABLED;
	*c = disabled ? COLOR_DISABLED_BACKGROUND : pressed ? COLOR_PRIMARY_PRESSED
		: v->style == STYLE_LETTER_CURRENT ? COLOR_CURRENT : COLOR_CARD;
	return true;
}

static void draw_letter(struct render *r, const struct view *v)
{
	bool pressed = v->flags & VIEW_PRESSED, disabled = v->flags & VIEW_DISABLED;
	enum theme_color fill;
	fill_letter(v, &fill);
	render_fill(r, &v->rect, fill);
	if (!disabled)
		render_frame(r, v->rect, render_theme(r)->px.border, COLOR_PRIMARY);
	render_label(r, v, disabled ? COLOR_DISABLED_TEXT : pressed ? COLOR_ON_PRIMARY : COLOR_PRIMARY);
}

/* A card: the title in the primary colour, a bar on its left edge; an
 * alert card framed and titled in the alert colour. */
static bool fill_item(const struct view *v, enum theme_color *c)
{
	*c = v->flags & VIEW_PRESSED ? COLOR_CARD_PRESSED : COLOR_CARD;
	return true;
}

static void draw_item(struct render *r, const struct view *v)
{
	bool alert = v->style == STYLE_ALERT;
	enum theme_color accent = alert ? COLOR_ALERT : COLOR_PRIMARY;
	int border = render_theme(r)->px.border;
	enum theme_color fill;
	fill_item(v, &fill);
	render_fill(r, &v->rect, fill);
	render_frame(r, v->rect, alert ? border : 1, alert ? COLOR_ALERT : COLOR_BORDER);
	SDL_Rect bar = {v->rect.x, v->rect.y, border * (alert ? 3 : 2), v->rect.h};
	render_fill(r, &bar, accent);
	render_label(r, v, accent);
}

static bool fill_link(const struct view *v, enum theme_color *c)
{
	*c = COLOR_CARD_PRESSED;
	return v->flags & VIEW_PRESSED;
}

/* Underlined, as a link is everywhere. */
static void draw_link(struct render *r, const struct view *v)
{
	int border = render_theme(r)->px.border;
	enum theme_color fill;
	if (fill_link(v, &fill))
		render_fill(r, &v->rect, fill);
	render_label(r, v, COLOR_PRIMARY);
	/* Each line underlined, under its own text: a long name wraps. */
	const struct text_layout *lay = text_layout(render_text(r), v->style, v->label, v->rect.w);
	int y = v->rect.y + (v->rect.h - lay->height) / 2;
	for (int i = 0; i < lay->nlines; i++, y += lay->line_skip) {
		SDL_Rect line = {v->rect.x, y + lay->line_h - border, lay->line[i].w, border};
		render_fill(r, &line, COLOR_PRIMARY);
	}
}

/* A plain card under what the widget draws (an input field, a QR code). */
static bool fill_card(const struct view *v, enum theme_color *c)
{
	(void)v;
	*c = COLOR_CARD;
	return true;
}

/* What was typed, with a caret after it where typing goes on; or the hint. */
static void draw_input(struct render *r, const struct view *v)
{
	const struct theme *th = render_theme(r);
	int border = th->px.border, pad = th->padding[v->style];
	enum theme_color fill;
	fill_card(v, &fill);
	render_fill(r, &v->rect, fill);
	render_frame(r, v->rect, border, COLOR_PRIMARY);
	if (v->style != STYLE_INPUT_TEXT) {
		render_label(r, v, COLOR_MUTED);
		return;
	}
	render_label(r, v, COLOR_TEXT);
	int x = v->rect.x + pad + text_width(render_text(r), v->style, v->label) + border;
	if (x > v->rect.x + v->rect.w - pad)
		x = v->rect.x + v->rect.w - pad;
	SDL_Rect caret = {x, v->rect.y + v->rect.h / 5, border * 2, v->rect.h * 3 / 5};
	render_fill(r, &caret, COLOR_PRIMARY);
}

static const struct widget_class classes[] = {
	[ROLE_HEADING] = {"heading", false, true, true, false, false, false, draw_text, NULL},
	[ROLE_TEXT] = {"text", false, true, true, false, false, false, draw_text, NULL},
	[ROLE_BUTTON] = {"button", true, true, true, true, true, true, draw_button, fill_button},
	[ROLE_LINK] = {"link", true, true, true, false, false, true, draw_link, fill_link},
	[ROLE_ITEM] = {"item", true, true, true, true, false, false, draw_item, fill_item},
	[ROLE_LETTER] = {"letter", true, true, false, false, true, true, draw_letter, fill_letter},
	[ROLE_QR] = {"qr", false, false, false, false, false, true, render_qr, fill_card},
	[ROLE_KEY] = {"key", true, true, false, false, true, true, draw_button, fill_button},
	[ROLE_INPUT] = {"input", true, true, false, true, false, true, draw_input, fill_card},
	[ROLE_IMAGE] = {"image", false, false, false, false, false, true, render_image, NULL},
	[ROLE_BOX] = {"box", false, false, false, false, false, true, draw_box, fill_box},
};

const struct widget_class *widget_class(enum view_role role)
{
	return &classes[role];
}
