/* keyboard — on-screen keyboards as data, and editing what is typed. */
#ifndef WW_KEYBOARD_H
#define WW_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "layout.h"

/* A layout: rows of key characters separated by spaces. A row of clear,
 * space and backspace follows a letter layout's rows; a digit layout's
 * extra row is 0 and backspace. */
struct keyboard_layout {
	const char *const *rows;
	int nrows;
	bool digits;
};

extern const struct keyboard_layout keyboard_qwertz, keyboard_qwerty, keyboard_digits;

/* The letter layout for a language: QWERTZ with umlauts and ß in German,
 * QWERTY elsewhere. */
const struct keyboard_layout *keyboard_letters(const char *lang);

/* The labels of the editing keys. */
struct keyboard_labels {
	const char *backspace, *clear, *space;
};

int keyboard_height(const struct theme *th, const struct keyboard_layout *k);
/* The keys, centred at the bottom of `area`; each key's target is
 * "key:" and what it types ("a", "space", "backspace", "clear"). Returns
 * the top of the keyboard. */
int keyboard_build(struct ui *ui, SDL_Rect area, const struct keyboard_layout *k,
		   const struct keyboard_labels *labels);

/* The field showing what was typed (its end, when longer than the field),
 * or the hint when nothing is; a tap on it follows `target`. */
void keyboard_field(struct ui *ui, SDL_Rect r, const char *typed, const char *hint, const char *target);

/* What a key ("space", "backspace", "clear", or the text it types) does to
 * `field` of `cap` bytes: a field of digits takes only digits, nothing
 * starts with a space, a full field takes nothing more. True when the
 * field changed. */
bool keyboard_edit(char *field, size_t cap, const char *key, bool digits);

#endif
