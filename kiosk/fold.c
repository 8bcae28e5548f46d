/* fold — the one way text is compared, sorted and searched.
 *
 * Sort keys in the A–Z index, the search index the tool builds and the
 * queries the kiosk runs against it all go through fold_text(), so "Zöliakie"
 * sorts under Z between "Zahn…" and "Zwang…" (DIN 5007-1: ä = a) and meets
 * "ZOLIAKIE" in search. Spelling variants that need more than a per-letter
 * mapping (ae for ä) belong to the search code, not here. Before folding,
 * text is brought to one Unicode form by utf8proc (fold_normalize()), so a
 * decomposed "Zöliakie" is the same text. Pure functions; no allocation
 * except in fold_normalize() and fold_dup(). */
#include "fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

/* Base letters of U+00C0..U+00FF; '\0' keeps the character (×, ÷) and
 * '*' marks a two-letter expansion handled in fold_cp(). */
static const char latin1[64] = {
	'a', 'a', 'a', 'a', 'a', 'a', '*', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', '*', '*',
	'a', 'a', 'a', 'a', 'a', 'a', '*', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', '*', 'y',
};

/* Base letters of Latin Extended-A, U+0100..U+017F. */
static const char latin_ext_a[] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "**"
	"jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "**" "rrrrrr" "ssssssss"
	"tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

_Static_assert(sizeof latin_ext_a == 128 + 1, "one letter per code point");

/* Writes the folded form of one code point; returns bytes written. */
static size_t fold_cp(int32_t cp, char *out)
{
	const char *two = NULL;
	char one = 0;

	if (cp < 0)
		one = '?';
	else if (cp < 0x80)
		one = (cp >= 'A' && cp <= 'Z') ? (char)(cp + 32) : (char)cp;
	else if (cp >= 0xC0 && cp <= 0xFF)
		one = latin1[cp - 0xC0];
	else if (cp >= 0x100 && cp <= 0x17F)
		one = latin_ext_a[cp - 0x100];
	else if (cp == 0x1E9E)          /* capital sharp s */
		two = "ss";
	else if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
		cp += 0x20;             /* Greek capitals */
	else if (cp >= 0x410 && cp <= 0x42F)
		cp += 0x20;             /* Cyrillic capitals */
	else if (cp >= 0x400 && cp <= 0x40F)
		cp += 0x50;

	if (one == '*' && cp >= 0xC0) {   /* the table's mark, not an ASCII '*' */
		switch (cp) {
		case 0xC6: case 0xE6: two = "ae"; break;
		case 0xDE: case 0xFE: two = "th"; break;
		case 0xDF: two = "ss"; break;
		case 0x132: case 0x133: two = "ij"; break;
		default: two = "oe"; break; /* U+0152, U+0153 */
		}
	}
	if (two) {
		out[0] = two[0];
		out[1] = two[1];
		return 2;
	}
	if (one) {
		out[0] = one;
		return 1;
	}
	return utf8_encode(cp, out);
}

size_t fold_text(const char *in, size_t len, char *out)
{
	const char *p = in, *end = in + len;
	size_t n = 0;
	while (p < end) {
		int32_t cp = utf8_next(&p, (size_t)(end - p));
		n += fold_cp(cp, out + n);
	}
	out[n] = '\0';
	return n;
}

char *fold_normalize(const char *in, size_t len, size_t *outlen)
{
	bool ascii = true;
	for (size_t i = 0; i < len && ascii; i++)
		ascii = !((unsigned char)in[i] & 0x80);
	/* ASCII is its own normal form, and the most common text by far. */
	if (!ascii && len <= (size_t)PTRDIFF_MAX) {
		utf8proc_uint8_t *nf = NULL;
		utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &nf,
						  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
		if (n == UTF8PROC_ERROR_NOMEM)
			return NULL;
		if (n >= 0) {
			*outlen = (size_t)n;
			return (char *)nf;
		}
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, in, len);
	copy[len] = '\0';
	*outlen = len;
	return copy;
}

char *fold_dup(const char *in)
{
	size_t len;
	char *out = fold_normalize(in, strlen(in), &len);
	if (out)
		fold_text(out, len, out);   /* folding never makes text longer */
	return out;
}

char fold_letter(const char *folded)
{
	char c = folded[0];
	return (c >= 'a' && c <= 'z') ? (char)(c - 32) : '#';
}
