/* theme — the look: every size, font and colour, from one table.
 *
 * A theme table holds the look at 1080 pixels on the window's short side:
 * colours, the font size and weight of every text style, the padding
 * inside widgets, and the sizes of the layout. theme_fit() turns a table
 * into pixels for one window, and touch targets never get lower than
 * min_target_mm on the configured screen. Screens, layout and renderer
 * read sizes and colours only from here; a second look (high contrast,
 * larger text) is a second table, never an `if` in a screen. */
#include "theme.h"

#include <math.h>

/* What both looks share: the type scale, padding, sizes and the least
 * sizes on the panel. A look differs in its colours only. */
#define THEME_SHAPE \
	/* A small type scale: semibold 58, 44, 34, 30 and regular 34, 30, 28, \
	 * so seven fonts are open (about 115 kB of heap each). */ \
	.font = { \
		[STYLE_TITLE] = {58, true},      [STYLE_HEADING] = {44, true}, \
		[STYLE_SUBHEADING] = {34, true}, [STYLE_BODY] = {30, false}, \
		[STYLE_SMALL] = {28, false},     [STYLE_BUTTON] = {34, true}, \
		[STYLE_BUTTON_QUIET] = {30, true}, [STYLE_LETTER] = {34, true}, \
		[STYLE_ITEM] = {34, false},      [STYLE_LINK] = {30, true}, \
		[STYLE_INPUT] = {34, false},     [STYLE_HEADER_BAR] = {34, true}, \
		[STYLE_PANEL] = {30, false},     [STYLE_THUMB] = {30, true}, \
		[STYLE_OVERLAY] = {30, false},   [STYLE_DIALOG] = {44, true}, \
		[STYLE_BADGE] = {30, true},      [STYLE_QR] = {30, true}, \
		[STYLE_LETTER_CURRENT] = {34, true}, [STYLE_CARD] = {30, false}, \
		[STYLE_HEADER_BUTTON] = {30, true}, [STYLE_INPUT_TEXT] = {34, false}, \
		[STYLE_SHADE] = {30, false},     [STYLE_ALERT] = {30, true}, \
		[STYLE_KEY_ACTION] = {30, true}, \
	}, \
	.padding = { \
		[STYLE_TITLE] = 16, [STYLE_HEADING] = 16, [STYLE_SUBHEADING] = 16, [STYLE_BODY] = 16, \
		[STYLE_SMALL] = 16, [STYLE_BUTTON] = 16, [STYLE_BUTTON_QUIET] = 16, [STYLE_LETTER] = 16, \
		[STYLE_ITEM] = 24, [STYLE_LINK] = 16, [STYLE_INPUT] = 24, [STYLE_HEADER_BAR] = 16, \
		[STYLE_PANEL] = 16, [STYLE_THUMB] = 16, [STYLE_OVERLAY] = 16, [STYLE_DIALOG] = 16, \
		[STYLE_BADGE] = 16, [STYLE_QR] = 16, [STYLE_LETTER_CURRENT] = 16, [STYLE_CARD] = 24, \
		[STYLE_HEADER_BUTTON] = 16, [STYLE_INPUT_TEXT] = 24, [STYLE_SHADE] = 16, [STYLE_ALERT] = 16, \
		[STYLE_KEY_ACTION] = 16, \
	}, \
	.size = { \
		.target = 88, .pad = 40, .gap = 20, .header_inset = 14, .field_extra = 16, \
		.index_heading = 72, .measure = 1400, .cards_two_columns = 1200, \
		.qr_four_columns = 300, .qr_three_columns = 220, .qr_max = 400, \
		.dialog = 1000, .dialog_wide = 1100, .thumb = 14, .key_max = 120, \
		.digit_key_max = 200, .digit_key_extra = 12, .border = 3, \
	}, \
	.min_target_mm = 9.0, \
	/* A phone held a step away reads modules of 0.75 mm and codes 35 mm wide. */ \
	.qr_module_mm = 0.75, \
	.qr_side_mm = 35.0, \
	.slop = 0.18,   /* about 1.6 mm on a 24-inch panel */

/* Calm, high-contrast colours: text and buttons at WCAG AAA contrast on
 * their backgrounds, a warm orange focus ring. */
const struct theme_table theme_normal = {
	.name = "normal",
	.color = {
		[COLOR_BACKGROUND] = {0xF6, 0xF4, 0xEF, 255},
		[COLOR_TEXT] = {0x1B, 0x1B, 0x1B, 255},
		[COLOR_MUTED] = {0x45, 0x45, 0x45, 255},
		[COLOR_PRIMARY] = {0x1D, 0x4F, 0x7A, 255},
		[COLOR_PRIMARY_PRESSED] = {0x10, 0x31, 0x4D, 255},
		[COLOR_ON_PRIMARY] = {255, 255, 255, 255},
		[COLOR_CARD] = {255, 255, 255, 255},
		[COLOR_BORDER] = {0xB5, 0xAE, 0xA0, 255},
		[COLOR_CARD_PRESSED] = {0xD6, 0xE4, 0xF0, 255},
		[COLOR_DISABLED_BACKGROUND] = {0xE9, 0xE6, 0xDF, 255},
		[COLOR_DISABLED_TEXT] = {0x5C, 0x5C, 0x5C, 255},       /* 5:1 even disabled */
		/* The focus ring: dark outside, light inside, so one of the two
		 * stands out 3:1 on light pages and on the dark header alike. */
		[COLOR_FOCUS] = {0x1B, 0x1B, 0x1B, 255},
		[COLOR_FOCUS_INNER] = {0xFF, 0xC4, 0x00, 255},
		[COLOR_OVERLAY] = {0x10, 0x14, 0x18, 200},
		[COLOR_BADGE] = {0xFF, 0xF0, 0xC0, 255},
		[COLOR_BADGE_TEXT] = {0x4A, 0x38, 0x00, 255},
		[COLOR_CURRENT] = {0xF2, 0xC1, 0x4E, 255},
		[COLOR_ALERT] = {0xA8, 0x1D, 0x1D, 255},
		[COLOR_ON_ALERT] = {255, 255, 255, 255},
		[COLOR_ABOVE_REACH] = {0xE4, 0xE0, 0xD6, 255},
	},
	THEME_SHAPE
};

const struct theme_table theme_high_contrast = {
	.name = "high contrast",
	.color = {
		/* Black and white and yellow: every text at least 7:1 (WCAG AAA),
		 * most near 21:1. */
		[COLOR_BACKGROUND] = {0x00, 0x00, 0x00, 255},
		[COLOR_TEXT] = {0xFF, 0xFF, 0xFF, 255},
		[COLOR_MUTED] = {0xE6, 0xE6, 0xE6, 255},
		[COLOR_PRIMARY] = {0xFF, 0xE0, 0x00, 255},
		[COLOR_PRIMARY_PRESSED] = {0xFF, 0xFF, 0xFF, 255},
		[COLOR_ON_PRIMARY] = {0x00, 0x00, 0x00, 255},
		[COLOR_CARD] = {0x00, 0x00, 0x00, 255},
		[COLOR_BORDER] = {0xFF, 0xFF, 0xFF, 255},
		[COLOR_CARD_PRESSED] = {0x3A, 0x3A, 0x3A, 255},
		[COLOR_DISABLED_BACKGROUND] = {0x26, 0x26, 0x26, 255},
		[COLOR_DISABLED_TEXT] = {0xB0, 0xB0, 0xB0, 255},
		[COLOR_FOCUS] = {0x00, 0xE5, 0xFF, 255},
		[COLOR_FOCUS_INNER] = {0x00, 0x00, 0x00, 255},
		[COLOR_OVERLAY] = {0x00, 0x00, 0x00, 220},
		[COLOR_BADGE] = {0xFF, 0xE0, 0x00, 255},
		[COLOR_BADGE_TEXT] = {0x00, 0x00, 0x00, 255},
		[COLOR_CURRENT] = {0x40, 0x40, 0x40, 255},     /* yellow on it: 7.9:1 */
		[COLOR_ALERT] = {0xFF, 0x66, 0x66, 255},       /* black on it: 7.4:1 */
		[COLOR_ON_ALERT] = {0x00, 0x00, 0x00, 255},
		[COLOR_ABOVE_REACH] = {0x1A, 0x1A, 0x1A, 255},
	},
	THEME_SHAPE
};

/* The rows of a window within wheelchair reach: from its screen's place
 * above the floor when known, else its lower half. */
static void reach_band(const struct theme_screen *screen, double px_per_mm, int h, int *top, int *bottom)
{
	*top = h / 2;
	*bottom = h;
	if (screen->bottom_mm <= 0)
		return;
	/* Row y is bottom_mm + (h - y) / px_per_mm above the floor. */
	double high = h - (THEME_REACH_HIGH_MM - screen->bottom_mm) * px_per_mm;
	double low = h - (THEME_REACH_LOW_MM - screen->bottom_mm) * px_per_mm;
	*top = high < 0 ? 0 : high > h ? h : (int)ceil(high);
	*bottom = low < 0 ? 0 : low > h ? h : (int)floor(low);
	if (*bottom - *top < h / 3) {   /* a screen mounted out of reach: its lowest third */
		*top = h - h / 3;
		*bottom = h;
	}
}

void theme_fit(struct theme *th, const struct theme_choice *choice, const struct theme_screen *screen, int w, int h)
{
	static const double text_scale[THEME_TEXT_STEPS] = {1.0, 1.25, 1.5};
	const struct theme_table *table = choice->high_contrast ? &theme_high_contrast : &theme_normal;
	const struct theme_sizes *s = &table->size;
	double width_mm = screen->width_mm > 0 ? screen->width_mm : screen->diagonal_mm * w / hypot(w, h);
	th->table = table;
	th->win_w = w;
	th->win_h = h;
	th->px_per_mm = w / width_mm;
	th->text_scale = text_scale[choice->text_step >= 0 && choice->text_step < THEME_TEXT_STEPS ? choice->text_step : 0];
	int top = 0, bottom = h;
	double u = (w < h ? w : h) / 1080.0;
	if (choice->reach) {
		reach_band(screen, th->px_per_mm, h, &top, &bottom);
		/* Everything a little smaller where the band is low, so that a
		 * keyboard and its field still fit; targets stay >= 9 mm. */
		double band_u = ((w < bottom - top ? w : bottom - top) / 800.0);
		u = band_u < u ? band_u : u;
	}
	th->u = u;
	th->w = w;
	th->top = top;
	int min_target = (int)ceil(table->min_target_mm * th->px_per_mm);
	th->min_target = min_target;
	th->qr_module_min = (int)ceil(table->qr_module_mm * th->px_per_mm - 1e-9);
	if (th->qr_module_min < 2)
		th->qr_module_min = 2;   /* never one pixel a module */
	th->qr_side_min = (int)ceil(table->qr_side_mm * th->px_per_mm);
	th->px.target = (int)(s->target * u) > min_target ? (int)(s->target * u) : min_target;
	th->px.pad = (int)(s->pad * u);
	th->px.gap = (int)(s->gap * u);
	int apart = (int)ceil(THEME_APART_MM * th->px_per_mm);
	if (th->px.gap / 2 < apart)
		th->px.gap = 2 * apart;
	th->px.header_inset = (int)(s->header_inset * u);
	th->px.field_extra = (int)(s->field_extra * u);
	th->px.index_heading = (int)(s->index_heading * u * th->text_scale);
	th->px.measure = (int)(s->measure * u * th->text_scale);
	th->px.cards_two_columns = (int)(s->cards_two_columns * u * th->text_scale);
	th->px.qr_four_columns = (int)(s->qr_four_columns * u);
	th->px.qr_three_columns = (int)(s->qr_three_columns * u);
	th->px.qr_max = (int)(s->qr_max * u);
	th->px.dialog = (int)(s->dialog * u * th->text_scale);
	th->px.dialog_wide = (int)(s->dialog_wide * u * th->text_scale);
	th->px.thumb = (int)(s->thumb * u) > 6 ? (int)(s->thumb * u) : 6;
	th->px.key_max = (int)(s->key_max * u * th->text_scale);
	th->px.digit_key_max = (int)(s->digit_key_max * u * th->text_scale);
	th->px.digit_key_extra = (int)(s->digit_key_extra * u);
	th->px.border = (int)(s->border * u + 0.5) > 1 ? (int)(s->border * u + 0.5) : 1;
	th->focus_ring = th->px.border > 3 ? th->px.border : 3;
	/* A target is at least as high as the text in it needs. */
	int text_target = (int)(s->target * u * th->text_scale * 0.8);
	th->px.target = text_target > th->px.target ? text_target : th->px.target;
	th->header_h = th->px.target + 2 * th->px.header_inset;
	th->bar_h = th->header_h;
	th->field_h = th->px.target + th->px.field_extra;
	th->digit_key_h = th->px.target + th->px.digit_key_extra;
	th->slop = (int)(th->px.target * table->slop) + 2;
	th->h = bottom - top - th->bar_h;
	for (int i = 0; i < STYLE_COUNT; i++)
		th->padding[i] = (int)(table->padding[i] * u + 0.5);
}
