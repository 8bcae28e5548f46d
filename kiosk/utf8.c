/* utf8 — decoding and validating UTF-8 text.
 *
 * Everything the kiosk shows and everything staff type into a spreadsheet
 * passes through here: the CSV reader rejects files that are not UTF-8, the
 * folding code walks code points. Strict decoding (no overlongs, no
 * surrogates) so that one byte sequence has one meaning everywhere. */
#include "utf8.h"

#include <stdio.h>
#include <string.h>


int32_t utf8_next(const char **p, size_t len)
{
	const unsigned char *s = (const unsigned char *)*p;
	if (len == 0)
		return -1;
	unsigned char c = s[0];
	int32_t cp;
	size_t n;
	if (c < 0x80) {
		*p += 1;
		return c;
	} else if ((c & 0xE0) == 0xC0) {
		cp = c & 0x1F;
		n = 2;
	} else if ((c & 0xF0) == 0xE0) {
		cp = c & 0x0F;
		n = 3;
	} else if ((c & 0xF8) == 0xF0) {
		cp = c & 0x07;
		n = 4;
	} else {
		goto bad;
	}
	if (len < n)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		goto bad;
	*p += n;
	return cp;
bad:
	*p += 1;
	return -1;
}

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *at = p;
		if (utf8_next(&p, (size_t)(end - p)) < 0) {
			if (bad)
				*bad = (size_t)(at - s);
			return false;
		}
	}
	return true;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

size_t utf8_prefix(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	if (s[n])
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	return n;
}

size_t utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

size_t utf8_offset(const char *s, size_t len, size_t chars)
{
	size_t i = 0;
	for (size_t n = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == chars)
			break;
	return i;
}

size_t utf8_skip(const char *s, size_t i, size_t end)
{
	if (i >= end)
		return i;
	const char *p = s + i;
	utf8_next(&p, end - i);
	return (size_t)(p - s);
}

size_t utf8_back(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	/* Back over up to three continuation bytes to a possible start; if
	 * that is not one valid character ending at len, only the last byte
	 * is one. */
	size_t start = len - 1;
	while (start > 0 && len - start < 4 && ((unsigned char)s[start] & 0xC0) == 0x80)
		start--;
	return utf8_skip(s, start, len) == len ? start : len - 1;
}

size_t utf8_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Code points that would break a line or reorder what a reader sees. */
static bool unsafe(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x061C;
}

/* The escaped form of the code point at *p, advancing *p past it. */
static size_t escape_one(const char **p, const char *end, char piece[16])
{
	const char *at = *p;
	int32_t cp = utf8_next(p, (size_t)(end - at));
	if (cp < 0)
		return (size_t)snprintf(piece, 16, "\\x%02X", (unsigned char)*at);
	if (cp == '\\' || cp == '\n' || cp == '\r' || cp == '\t')
		return (size_t)snprintf(piece, 16, "\\%c", cp == '\n' ? 'n' : cp == '\r' ? 'r' : cp == '\t' ? 't' : '\\');
	if (unsafe(cp))
		return (size_t)snprintf(piece, 16, "\\u{%04X}", (unsigned)cp);
	memcpy(piece, at, (size_t)(*p - at));
	return (size_t)(*p - at);
}

bool utf8_escape(const char *s, char *out, size_t cap)
{
	static const char ellipsis[] = "…";
	const char *end = s + strlen(s);
	char piece[16];
	size_t total = 0;
	for (const char *p = s; p < end;)
		total += escape_one(&p, end, piece);
	/* When it does not all fit, keep room for the ellipsis. */
	size_t room = total < cap ? cap - 1 : cap > sizeof ellipsis ? cap - sizeof ellipsis : 0, n = 0;
	for (const char *p = s; p < end;) {
		size_t len = escape_one(&p, end, piece);
		if (n + len > room)
			break;
		memcpy(out + n, piece, len);
		n += len;
	}
	if (total >= cap && n + sizeof ellipsis <= cap) {
		memcpy(out + n, ellipsis, sizeof ellipsis - 1);
		n += sizeof ellipsis - 1;
	}
	out[n] = '\0';
	return total < cap;
}
