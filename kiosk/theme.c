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
		[COLOR_DISABLED_TEXT] = {0x76, 0x76, 0x76, 255},
		[COLOR_FOCUS] = {0xC2, 0x5E, 0x00, 255},
		[COLOR_OVERLAY] = {0x10, 0x14, 0x18, 200},
		[COLOR_BADGE] = {0xFF, 0xF0, 0xC0, 255},
		[COLOR_BADGE_TEXT] = {0x4A, 0x38, 0x00, 255},
		[COLOR_CURRENT] = {0xF2, 0xC1, 0x4E, 255},
	},
	/* A small type scale: semibold 58, 44, 34, 30 and regular 34, 30, 28,
	 * so seven fonts are open (each costs about 200 kB). */
	.font = {
		[STYLE_TITLE] = {58, true},      [STYLE_HEADING] = {44, true},
		[STYLE_SUBHEADING] = {34, true}, [STYLE_BODY] = {30, false},
		[STYLE_SMALL] = {28, false},     [STYLE_BUTTON] = {34, true},
		[STYLE_BUTTON_QUIET] = {30, true}, [STYLE_LETTER] = {34, true},
		[STYLE_ITEM] = {34, false},      [STYLE_LINK] = {30, true},
		[STYLE_INPUT] = {34, false},     [STYLE_HEADER_BAR] = {34, true},
		[STYLE_PANEL] = {30, false},     [STYLE_THUMB] = {30, true},
		[STYLE_OVERLAY] = {30, false},   [STYLE_DIALOG] = {44, true},
		[STYLE_BADGE] = {30, true},      [STYLE_QR] = {30, true},
		[STYLE_LETTER_CURRENT] = {34, true}, [STYLE_CARD] = {30, false},
		[STYLE_HEADER_BUTTON] = {30, true}, [STYLE_INPUT_TEXT] = {34, false},
	},
	.padding = {
		[STYLE_TITLE] = 16, [STYLE_HEADING] = 16, [STYLE_SUBHEADING] = 16, [STYLE_BODY] = 16,
		[STYLE_SMALL] = 16, [STYLE_BUTTON] = 16, [STYLE_BUTTON_QUIET] = 16, [STYLE_LETTER] = 16,
		[STYLE_ITEM] = 24, [STYLE_LINK] = 16, [STYLE_INPUT] = 24, [STYLE_HEADER_BAR] = 16,
		[STYLE_PANEL] = 16, [STYLE_THUMB] = 16, [STYLE_OVERLAY] = 16, [STYLE_DIALOG] = 16,
		[STYLE_BADGE] = 16, [STYLE_QR] = 16, [STYLE_LETTER_CURRENT] = 16, [STYLE_CARD] = 24,
		[STYLE_HEADER_BUTTON] = 16, [STYLE_INPUT_TEXT] = 24,
	},
	.size = {
		.target = 88, .pad = 40, .gap = 20, .header_inset = 14, .field_extra = 16,
		.index_heading = 72, .measure = 1400, .cards_two_columns = 1200,
		.qr_four_columns = 300, .qr_three_columns = 220, .qr_max = 400,
		.dialog = 1000, .dialog_wide = 1100, .thumb = 14, .key_max = 120,
		.digit_key_max = 200, .digit_key_extra = 12, .border = 3,
	},
	.min_target_mm = 9.0,
	/* A phone held a step away reads modules of 0.75 mm and codes 35 mm wide. */
	.qr_module_mm = 0.75,
	.qr_side_mm = 35.0,
	.slop = 0.18,   /* about 1.6 mm on a 24-inch panel */
};

void theme_fit(struct theme *th, const struct theme_table *table, int w, int h, double width_mm,
	       double diagonal_mm)
{
	const struct theme_sizes *s = &table->size;
	double u = (w < h ? w : h) / 1080.0;
	th->table = table;
	th->w = w;
	th->h = h;
	th->u = u;
	if (width_mm <= 0)
		width_mm = diagonal_mm * w / hypot(w, h);
	th->px_per_mm = w / width_mm;
	int min_target = (int)ceil(table->min_target_mm * th->px_per_mm);
	th->qr_module_min = (int)ceil(table->qr_module_mm * th->px_per_mm - 1e-9);
	if (th->qr_module_min < 2)
		th->qr_module_min = 2;   /* never one pixel a module */
	th->qr_side_min = (int)ceil(table->qr_side_mm * th->px_per_mm);
	th->px.target = (int)(s->target * u) > min_target ? (int)(s->target * u) : min_target;
	th->px.pad = (int)(s->pad * u);
	th->px.gap = (int)(s->gap * u);
	th->px.header_inset = (int)(s->header_inset * u);
	th->px.field_extra = (int)(s->field_extra * u);
	th->px.index_heading = (int)(s->index_heading * u);
	th->px.measure = (int)(s->measure * u);
	th->px.cards_two_columns = (int)(s->cards_two_columns * u);
	th->px.qr_four_columns = (int)(s->qr_four_columns * u);
	th->px.qr_three_columns = (int)(s->qr_three_columns * u);
	th->px.qr_max = (int)(s->qr_max * u);
	th->px.dialog = (int)(s->dialog * u);
	th->px.dialog_wide = (int)(s->dialog_wide * u);
	th->px.thumb = (int)(s->thumb * u) > 6 ? (int)(s->thumb * u) : 6;
	th->px.key_max = (int)(s->key_max * u);
	th->px.digit_key_max = (int)(s->digit_key_max * u);
	th->px.digit_key_extra = (int)(s->digit_key_extra * u);
	th->px.border = (int)(s->border * u + 0.5) > 1 ? (int)(s->border * u + 0.5) : 1;
	th->header_h = th->px.target + 2 * th->px.header_inset;
	th->field_h = th->px.target + th->px.field_extra;
	th->digit_key_h = th->px.target + th->px.digit_key_extra;
	th->slop = (int)(th->px.target * table->slop) + 2;
	for (int i = 0; i < STYLE_COUNT; i++)
		th->padding[i] = (int)(table->padding[i] * u + 0.5);
}
