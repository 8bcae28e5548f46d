/* strings — the texts of the kiosk's own interface, per language. */
#ifndef WW_STRINGS_H
#define WW_STRINGS_H

#include <stddef.h>

#define MAX_STRINGS 96
#define MAX_STRING_LANGS 8

struct strings;

/* Loads DIR/LANG.ini for each language code in `langs` (NULL-terminated);
 * the first is the fallback for keys another file lacks. */
struct strings *strings_load(const char *dir, const char *const *langs, char *err, size_t errlen);
void strings_free(struct strings *s);   /* accepts NULL */

/* The text for `key` in `lang`, else in the fallback language, else the
 * key itself (so a missing text shows up, rather than an empty button). */
const char *strings_get(const struct strings *s, const char *lang, const char *key);

#endif
