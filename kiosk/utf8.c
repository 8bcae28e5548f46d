/* utf8 — decoding and validating UTF-8 text.
 *
 * Everything the kiosk shows and everything staff type into a spreadsheet
 * passes through here: the CSV reader rejects files that are not UTF-8, the
 * folding code walks code points. Strict decoding (no overlongs, no
 * surrogates) so that one byte sequence has one meaning everywhere. */
#include "utf8.h"


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

size_t utf8_skip(const char *s, size_t i, size_t end)
{
	do
		i++;
	while (i < end && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

size_t utf8_back(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len - 1] & 0xC0) == 0x80)
		len--;
	return len > 0 ? len - 1 : 0;
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
