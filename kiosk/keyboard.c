/* keyboard — on-screen keyboards as data, and editing what is typed.
 *
 * A keyboard is a table of rows (QWERTZ with umlauts and ß, QWERTY, a
 * digit keypad); keyboard_build() turns one into key widgets whose targets
 * say what they type, so a tap on a key and a letter from a hardware
 * keyboard reach keyboard_edit() the same way. Editing works on whole
 * UTF-8 characters and never grows a field past its capacity: a full field
 * takes no more keys. It keeps nothing: the fields belong to the session. */
#include "keyboard.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "utf8.h"

#define MAX_ROW 64              /* bytes of one row of key characters */
#define MAX_SHOWN 256           /* bytes of what a field shows */

static const char *const qwertz_rows[] = {"q w e r t z u i o p ü", "a s d f g h j k l ö ä", "y x c v b n m ß"};
static const char *const qwerty_rows[] = {"q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m"};
static const char *const digit_rows[] = {"1 2 3", "4 5 6", "7 8 9"};

const struct keyboard_layout keyboard_qwertz = {qwertz_rows, 3, false};
const struct keyboard_layout keyboard_qwerty = {qwerty_rows, 3, false};
const struct keyboard_layout keyboard_digits = {digit_rows, 3, true};

const struct keyboard_layout *keyboard_letters(const char *lang)
{
	return strcmp(lang, "de") == 0 ? &keyboard_qwertz : &keyboard_qwerty;
}

/* A key's label: the letter as a capital, like the keys of a real keyboard. */
static void key_label(const char *ch, char *out, size_t cap)
{
	static const char *const upper[][2] = {{"ä", "Ä"}, {"ö", "Ö"}, {"ü", "Ü"}};
	for (size_t i = 0; i < sizeof upper / sizeof *upper; i++)
		if (strcmp(ch, upper[i][0]) == 0) {
			snprintf(out, cap, "%s", upper[i][1]);
			return;
		}
	snprintf(out, cap, "%s", ch);
	if (out[0] >= 'a' && out[0] <= 'z' && !out[1])
		out[0] = (char)(out[0] - 32);
}

static void put_key(struct ui *ui, SDL_Rect r, const char *label, const char *key, enum view_style style)
{
	char target[32];
	snprintf(target, sizeof target, "key:%s", key);
	view_push(ui->l, ROLE_KEY, style, r, label, target);
}

static int keys_in(const char *row)
{
	int n = 1;
	for (const char *c = row; *c; c++)
		n += *c == ' ';
	return n;
}

/* A key's height: a target's (a digit key a little more), less where the
 * layout area is low (the reach layout), never under 9 mm. */
static int key_height(const struct theme *th, const struct keyboard_layout *k)
{
	int kh = k->digits ? th->digit_key_h : th->px.target, g = th->px.gap / 2;
	int rows = k->nrows + 1;
	/* Room for the keys under the header and the field (and, in portrait,
	 * the button and a result and a half: a list squeezed to a sliver
	 * under the header left a wheelchair user in the reach layout typing
	 * with no result in sight). */
	int room = th->h - th->header_h - th->field_h - 3 * th->px.gap -
		   (layout_typing_side_by_side(th) ? 0 : 3 * th->px.target + th->px.gap);
	int fit = (room - (rows - 1) * g) / rows;
	/* Never lower than 9 mm, nor than a line of the keys' text. */
	int least = (int)(th->table->font[STYLE_BUTTON_QUIET].px * th->u * th->text_scale * 1.4) + 2;
	least = least > th->min_target ? least : th->min_target;
	if (fit < kh)
		kh = fit > least ? fit : least;
	return kh;
}

int keyboard_height(const struct theme *th, const struct keyboard_layout *k)
{
	return (k->nrows + 1) * key_height(th, k) + k->nrows * (th->px.gap / 2);
}

int keyboard_build(struct ui *ui, SDL_Rect area, const struct keyboard_layout *k,
		   const struct keyboard_labels *labels)
{
	const struct theme *th = ui->th;
	int g = th->px.gap / 2, cols = 0;
	for (int r = 0; r < k->nrows; r++)
		cols = keys_in(k->rows[r]) > cols ? keys_in(k->rows[r]) : cols;
	int kw = (area.w - (cols - 1) * g) / cols;
	int max_kw = k->digits ? th->px.digit_key_max : th->px.key_max;
	if (kw > max_kw)
		kw = max_kw;
	int kh = key_height(th, k);
	int total = k->nrows + 1;
	int top = area.y + area.h - total * kh - (total - 1) * g;
	int width = cols * kw + (cols - 1) * g;
	int x0 = area.x + (area.w - width) / 2;
	for (int r = 0; r < k->nrows; r++) {
		char row[MAX_ROW];
		snprintf(row, sizeof row, "%s", k->rows[r]);
		int units = keys_in(row);
		int x = x0 + (width - (units * kw + (units - 1) * g)) / 2;
		int y = top + r * (kh + g);
		char *save = NULL;
		for (char *ch = strtok_r(row, " ", &save); ch; ch = strtok_r(NULL, " ", &save)) {
			char label[8];
			key_label(ch, label, sizeof label);
			put_key(ui, (SDL_Rect){x, y, kw, kh}, label, ch, STYLE_BUTTON_QUIET);
			x += kw + g;
		}
	}
	/* The editing keys in a row of their own, each as wide as its label
	 * needs (at least three letter keys), space taking the rest. */
	int y = top + k->nrows * (kh + g), pad = th->padding[STYLE_KEY_ACTION];
	int back_w = text_width(ui->text, STYLE_KEY_ACTION, labels->backspace) + 2 * pad;
	if (k->digits) {   /* a few digits: backspace is all the editing needed */
		put_key(ui, (SDL_Rect){x0, y, kw, kh}, "0", "0", STYLE_BUTTON_QUIET);
		put_key(ui, (SDL_Rect){x0 + kw + g, y, width - kw - g, kh}, labels->backspace, "backspace",
			STYLE_KEY_ACTION);
		return top;
	}
	int three = 3 * kw + 2 * g;
	int clear_w = text_width(ui->text, STYLE_KEY_ACTION, labels->clear) + 2 * pad;
	clear_w = clear_w > three ? clear_w : three;
	back_w = back_w > three ? back_w : three;
	int space_w = width - clear_w - back_w - 2 * g;
	put_key(ui, (SDL_Rect){x0, y, clear_w, kh}, labels->clear, "clear", STYLE_KEY_ACTION);
	put_key(ui, (SDL_Rect){x0 + clear_w + g, y, space_w, kh}, labels->space, "space", STYLE_BUTTON_QUIET);
	put_key(ui, (SDL_Rect){x0 + clear_w + space_w + 2 * g, y, back_w, kh}, labels->backspace, "backspace",
		STYLE_KEY_ACTION);
	return top;
}

void keyboard_field(struct ui *ui, SDL_Rect r, const char *typed, const char *hint, const char *target)
{
	const char *shown = *typed ? typed : hint;
	char tail[MAX_SHOWN];
	int room = r.w - 3 * ui->th->padding[STYLE_INPUT_TEXT];
	if (*typed && text_width(ui->text, STYLE_INPUT_TEXT, typed) > room) {
		/* Longer than the field: its end, where the typing is. */
		size_t at = 0, len = strlen(typed);
		do {
			at = utf8_skip(typed, at, len);
			snprintf(tail, sizeof tail, "…%s", typed + at);
		} while (at < len && text_width(ui->text, STYLE_INPUT_TEXT, tail) > room);
		shown = tail;
	}
	view_push(ui->l, ROLE_INPUT, *typed ? STYLE_INPUT_TEXT : STYLE_INPUT, r, shown, target);
	sodium_memzero(tail, sizeof tail);   /* what was typed, on the stack */
}

bool keyboard_edit(char *field, size_t cap, const char *key, bool digits)
{
	size_t len = strlen(field);
	if (strcmp(key, "clear") == 0) {
		field[0] = '\0';
		return true;
	}
	if (strcmp(key, "backspace") == 0) {
		field[utf8_back(field, len)] = '\0';
		return true;
	}
	const char *add = strcmp(key, "space") == 0 ? " " : key;
	size_t n = strlen(add);
	if (digits && strspn(add, "0123456789") != n)
		return false;
	if (len == 0 && strcmp(add, " ") == 0)
		return false;   /* nothing starts with a space */
	if (len + n >= cap)
		return false;   /* full: the field shows what it holds */
	memcpy(field + len, add, n + 1);
	return true;
}
