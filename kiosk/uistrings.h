/* uistrings — the texts of the kiosk's own interface, per language. */
#ifndef WW_UISTRINGS_H
#define WW_UISTRINGS_H

#include <stddef.h>

#define MAX_UISTRINGS 192
#define MAX_UISTRING_LANGS 8

struct uistrings;

/* Loads DIR/LANG.ini for each language code in `langs` (NULL-terminated);
 * the first is the fallback for keys another file lacks. */
struct uistrings *uistrings_load(const char *dir, const char *const *langs, char *err, size_t errlen);
void uistrings_free(struct uistrings *s);   /* accepts NULL */

/* The text for `key` in `lang`, else in the fallback language, else the
 * key itself (so a missing text shows up, rather than an empty button). */
const char *uistrings_get(const struct uistrings *s, const char *lang, const char *key);

/* A text with its one placeholder (%s or %d) filled in with `value`. The
 * texts come from files, so they are never used as printf formats. */
void uistrings_fill(char *out, size_t cap, const char *text, const char *value);
/* The same for `n` placeholders, filled in in order (a missing value
 * leaves its placeholder out). */
void uistrings_fill_n(char *out, size_t cap, const char *text, const char *const *values, int n);

#endif
