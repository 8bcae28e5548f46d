/* fold — the one way text is compared, sorted and searched. */
#ifndef WW_FOLD_H
#define WW_FOLD_H

#include <stddef.h>

/* `len` bytes of UTF-8 in Unicode normal form NFKC, in a new malloc'd
 * string of *outlen bytes (NULL when out of memory): composed ("o" + U+0308
 * as macOS sends it becomes "ö"), compatibility forms as their plain letters
 * (ﬁ, fullwidth Ａ, ²). Invalid UTF-8 comes back unchanged, for fold_text()
 * to mark. */
char *fold_normalize(const char *in, size_t len, size_t *outlen);

/* Folds `len` bytes of UTF-8 into `out`: lower case; Latin letters with
 * accents or umlauts become their base letters (Ä -> a, é -> e); ß and ẞ
 * become "ss", Æ "ae", Œ "oe"; Greek and Cyrillic capitals become small
 * letters; invalid bytes become '?'. Folding never makes text longer, so
 * `out` needs len + 1 bytes. Returns the folded length. */
size_t fold_text(const char *in, size_t len, char *out);

/* Text normalised (fold_normalize()), then folded, into a new malloc'd
 * string (NULL when out of memory): the one way every text is compared. */
char *fold_dup(const char *in);

/* The A–Z index letter of a folded text: 'A'..'Z', or '#' for anything
 * that does not start with a Latin letter. */
char fold_letter(const char *folded);

#endif
