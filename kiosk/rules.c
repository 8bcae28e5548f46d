/* rules — what a valid field of the content looks like.
 *
 * The staff tool checks every CSV field with rule_check() while it builds a
 * content file, and `check` (and, before an update is applied, the kiosk)
 * checks every stored value with rule_check_stored(). Keeping both on one
 * function is what makes "the same field rules as build" true. The schema's
 * CHECK constraints are a coarser second line behind these. */
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search.h"
#include "utf8.h"

/* OWASP's "CSV Injection": a cell that starts with = @ + - (or a tab or a
 * line break a spreadsheet drops first) is read as a formula, and a formula
 * can open a link (HYPERLINK), fetch a page (WEBSERVICE), start a program
 * (DDE: cmd|'…'!A0) or read another workbook ('\\server\[x.xlsx]S'!A1).
 * Staff do begin texts with '-' and '+': a list dash ("- Beratung"), a
 * number ("+49 30 …", "-20 %"), a lone "-" for "none". So after + or - a
 * space or a digit is text, unless the value also holds what a formula
 * needs to reach beyond its own sheet: a bracket (a function call), '|'
 * (DDE) or '!' (another sheet or workbook). Leading spaces are skipped:
 * spreadsheets may trim them on import. */
const char *rule_spreadsheet_formula(const char *v)
{
	static const char sign_before_letter[] =
		"starts like a spreadsheet formula (+ or - right before a letter or a sign), which Excel or"
		" LibreOffice would run when they open the CSV file; put a space after it, or begin with a word";
	static const char sign_and_call[] =
		"starts like a spreadsheet formula (+ or - at the start, a bracket, | or ! later), which Excel or"
		" LibreOffice would run when they open the CSV file; begin it with a word (for a list, use – or •"
		" instead of - or +)";
	v += strspn(v, " ");
	if (*v == '=' || *v == '@')
		return "starts like a spreadsheet formula (with = or @), which Excel or LibreOffice would run when"
		       " they open the CSV file; begin it with a word";
	if (*v == '\t' || *v == '\r' || *v == '\n')
		return "starts like a spreadsheet formula (a tab or a line break first, which a spreadsheet drops"
		       " before it reads the rest); remove it";
	if (*v != '+' && *v != '-')
		return NULL;
	if (v[1] && v[1] != ' ' && !(v[1] >= '0' && v[1] <= '9'))
		return sign_before_letter;
	return strpbrk(v, "(|!") ? sign_and_call : NULL;
}

static bool check_text(const char *v, size_t max_chars, bool one_line, const char **why)
{
	size_t len = strlen(v);
	if (!utf8_valid(v, len, NULL)) {
		*why = "is not valid UTF-8";
		return false;
	}
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n' && one_line) {
			*why = "must be one line";
			return false;
		}
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
			*why = "contains a control character";
			return false;
		}
	}
	const char *formula = rule_spreadsheet_formula(v);
	if (formula) {
		*why = formula;
		return false;
	}
	if (max_chars && utf8_length(v) > max_chars) {
		static _Thread_local char msg[64];
		snprintf(msg, sizeof msg, "is longer than %zu characters", max_chars);
		*why = msg;
		return false;
	}
	return true;
}

/* A stop word is one word as a query is split into words, or no query
 * could hold it: "zu viel" and "zu-viel" are two. */
static bool check_word(const char *v, size_t max_chars, const char **why)
{
	if (!check_text(v, max_chars, true, why))
		return false;
	size_t len;
	char *key = search_key_dup(v, strlen(v), &len);
	bool one = key && len > 0 && !memchr(key, ' ', len) && !strchr(v, ' ');
	*why = !key ? "cannot be checked: out of memory" : "must be one word";
	free(key);
	return one;
}

static bool check_slug(const char *v, const char **why)
{
	size_t n = strlen(v);
	if (n > LIMIT_SLUG) {
		*why = "is longer than 64 characters";
		return false;
	}
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
			*why = "may only contain a-z, 0-9 and '-'";
			return false;
		}
	if (v[0] == '-') {
		*why = "must not start with '-'";
		return false;
	}
	return true;
}

static bool parse_int(const char *v, long long *out)
{
	char *end;
	errno = 0;
	long long x = strtoll(v, &end, 10);
	if (errno || end == v || *end || isspace((unsigned char)v[0]))
		return false;
	*out = x;
	return true;
}

/* Reads a phone number as written: digits, a leading '+', and the
 * separators staff use (space, '-', '/', '.', parentheses). A German
 * national number ("030 23125-0"), or an international one ("+49 30
 * 231250", "0049 30 231250", "+49 (0)30 231250": the bracketed 0 of the
 * national form is not dialled) gives E.164 in `dial`. With `short_ok`, 3
 * to 6 digits that do not start with 0 ("116 117") are a short number,
 * dialled as its digits. */
static bool phone_parse(const char *v, bool short_ok, char dial[RULE_DIAL_MAX], const char **why)
{
	char digits[32];
	size_t n = 0;
	bool plus = false;
	for (const char *p = v; *p; p++) {
		bool international = plus || (n >= 2 && digits[0] == '0' && digits[1] == '0');
		if (*p == '+' && n == 0 && !plus) {
			plus = true;
		} else if (strncmp(p, "(0)", 3) == 0 && international && n > (plus ? 0u : 2u)) {
			p += 2;
		} else if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof digits) {
				*why = "has too many digits for a phone number";
				return false;
			}
			digits[n++] = *p;
		} else if (!strchr(" \t-/.()", *p)) {
			*why = "is not a phone number (only digits, '+', spaces, '-', '/', '(', ')')";
			return false;
		}
	}
	digits[n] = '\0';
	const char *national = NULL, *intl = NULL;
	if (plus)
		intl = digits;
	else if (n >= 2 && digits[0] == '0' && digits[1] == '0')
		intl = digits + 2;
	else if (n >= 1 && digits[0] == '0')
		national = digits + 1;
	else if (short_ok && n >= 3 && n <= 6) {
		memcpy(dial, digits, n + 1);
		return true;
	} else {
		*why = short_ok ? "is neither a short number (3 to 6 digits, such as 116 117) nor a number"
				  " with an area code (0…) or a country code (+…)"
				: "needs an area code (0…) or a country code (+…)";
		return false;
	}
	char e164[40];
	snprintf(e164, sizeof e164, "+%s%s", national ? "49" : "", national ? national : intl);
	size_t total = strlen(e164) - 1;
	if (e164[1] == '0' || total < 7 || total > 15) {
		*why = "is not a complete phone number (7 to 15 digits with country code)";
		return false;
	}
	memcpy(dial, e164, total + 2);
	return true;
}

/* A phone number is kept as staff wrote it, for the screen, with its
 * spaces tidied: one between parts, none at either end. */
static bool check_phone(const char *v, bool short_ok, char norm[RULE_NORM_MAX], const char **why)
{
	char dial[RULE_DIAL_MAX];
	if (!phone_parse(v, short_ok, dial, why))
		return false;
	/* Copying stops one character past the limit: `norm` has room. */
	_Static_assert(RULE_NORM_MAX > LIMIT_PHONE + 2, "a tidied phone number fits the stored form");
	size_t n = 0;
	bool gap = false;
	for (const char *p = v; *p && n <= LIMIT_PHONE; p++) {
		if (*p == ' ' || *p == '\t') {
			gap = n > 0;
			continue;
		}
		if (gap)
			norm[n++] = ' ';
		norm[n++] = *p;
		gap = false;
	}
	norm[n] = '\0';
	if (n > LIMIT_PHONE) {
		static _Thread_local char msg[64];
		snprintf(msg, sizeof msg, "is longer than %d characters", LIMIT_PHONE);
		*why = msg;
		return false;
	}
	return true;
}

bool rule_phone_dial(const char *written, char out[RULE_DIAL_MAX])
{
	const char *why;
	return phone_parse(written, true, out, &why);
}

static bool check_email(const char *v, const char **why)
{
	if (strlen(v) > LIMIT_EMAIL) {
		*why = "is longer than 254 characters";
		return false;
	}
	const char *at = strchr(v, '@');
	if (!at || at == v || strchr(at + 1, '@')) {
		*why = "is not an e-mail address (needs exactly one '@' with a name before it)";
		return false;
	}
	const char *formula = rule_spreadsheet_formula(v);
	if (formula) {
		*why = formula;
		return false;
	}
	const char *domain = at + 1;
	const char *dot = strrchr(domain, '.');
	if (!dot || dot == domain || dot[1] == '\0' || strstr(domain, "..")) {
		*why = "is not an e-mail address (the part after '@' needs a domain such as example.org)";
		return false;
	}
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>()[]\\,;:\"", *p)) {
			*why = "is not an e-mail address (no spaces or <>()[],;:\" allowed)";
			return false;
		}
	return true;
}

static bool check_web(const char *v, const char **why)
{
	const char *host;
	if (strlen(v) > LIMIT_WEB) {
		*why = "is longer than 500 characters";
		return false;
	}
	/* A QR code hands the address to a visitor's phone as it is: only an
	 * encrypted one, never a plain http:// page or another scheme. */
	if (strncmp(v, "https://", 8) == 0) {
		host = v + 8;
	} else if (strncasecmp(v, "http://", 7) == 0) {
		*why = "is not a secure address: only https:// addresses are taken (try the same address with https://)";
		return false;
	} else {
		*why = "must start with https://";
		return false;
	}
	size_t hostlen = strcspn(host, "/?#");
	if (hostlen == 0 || !memchr(host, '.', hostlen) || host[0] == '.') {
		*why = "has no host name after the scheme (such as example.org)";
		return false;
	}
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F || strchr("<>\"\\^`{|}", *p)) {
			*why = "contains a character not allowed in a web address (space, quote, <>, non-ASCII)";
			return false;
		}
	return true;
}

static bool check_coordinate(const char *v, double limit, char norm[RULE_NORM_MAX],
			     const char **why)
{
	char buf[RULE_NORM_MAX];
	if (strlen(v) >= sizeof buf) {
		*why = "is not a number";
		return false;
	}
	strcpy(buf, v);
	char *comma = strchr(buf, ',');
	if (comma)
		*comma = '.';   /* German spreadsheets write 51,05 */
	char *end;
	errno = 0;
	double x = strtod(buf, &end);
	if (errno || end == buf || *end || isspace((unsigned char)buf[0]) || x != x) {
		*why = "is not a number (decimal degrees such as 51.0504)";
		return false;
	}
	if (x < -limit || x > limit) {
		*why = limit == 90 ? "is not a latitude (-90 to 90)" : "is not a longitude (-180 to 180)";
		return false;
	}
	snprintf(norm, RULE_NORM_MAX, "%.7g", x);
	return true;
}

static bool check_date(const char *v, const char **why)
{
	int y, m, d;
	char tail;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' ||
	    sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))) {
		*why = "is not a date in the form YYYY-MM-DD";
		return false;
	}
	return true;
}

static bool check_bool(const char *v, char norm[RULE_NORM_MAX], const char **why)
{
	static const char *yes[] = {"1", "ja", "yes", "x", "true", "wahr"};
	static const char *no[] = {"0", "nein", "no", "false", "falsch"};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (strcasecmp(v, yes[i]) == 0) {
			strcpy(norm, "1");
			return true;
		}
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (strcasecmp(v, no[i]) == 0) {
			strcpy(norm, "0");
			return true;
		}
	*why = "must be 1 or 0 (yes or no)";
	return false;
}

bool rule_check(enum rule r, const char *v, size_t max_chars, char norm[RULE_NORM_MAX],
		const char **why)
{
	long long x;
	norm[0] = '\0';
	switch (r) {
	case RULE_TEXT:
		return check_text(v, max_chars, false, why);
	case RULE_LINE:
		return check_text(v, max_chars, true, why);
	case RULE_WORD:
		return check_word(v, max_chars, why);
	case RULE_SLUG:
		return check_slug(v, why);
	case RULE_LANG:
		if (strlen(v) != 2 || v[0] < 'a' || v[0] > 'z' || v[1] < 'a' || v[1] > 'z') {
			*why = "is not a language code (two small letters such as de or en)";
			return false;
		}
		return true;
	case RULE_ID:
		if (!parse_int(v, &x) || x <= 0) {
			*why = "is not a positive whole number";
			return false;
		}
		snprintf(norm, RULE_NORM_MAX, "%lld", x);
		return true;
	case RULE_INT:
		if (!parse_int(v, &x)) {
			*why = "is not a whole number";
			return false;
		}
		snprintf(norm, RULE_NORM_MAX, "%lld", x);
		return true;
	case RULE_PHONE:
	case RULE_SERVICE_PHONE:
		return check_phone(v, r == RULE_SERVICE_PHONE, norm, why);
	case RULE_EMAIL:
		return check_email(v, why);
	case RULE_WEB:
		return check_web(v, why);
	case RULE_POSTCODE:
		if (strlen(v) != 5 || strspn(v, "0123456789") != 5) {
			*why = "is not a postcode (five digits)";
			return false;
		}
		return true;
	case RULE_LAT:
		return check_coordinate(v, 90, norm, why);
	case RULE_LON:
		return check_coordinate(v, 180, norm, why);
	case RULE_BOOL:
		return check_bool(v, norm, why);
	case RULE_DATE:
		return check_date(v, why);
	case RULE_AREAS: {
		struct area areas[AREAS_MAX];
		return areas_parse(v, areas, norm, RULE_NORM_MAX, why) > 0;
	}
	}
	*why = "has an unknown rule";
	return false;
}

bool rule_check_stored(enum rule r, const char *v, size_t max_chars, const char **why)
{
	char norm[RULE_NORM_MAX];
	if (!rule_check(r, v, max_chars, norm, why))
		return false;
	/* Coordinates are REAL in the file: any spelling of the number is fine. */
	if (!norm[0] || r == RULE_LAT || r == RULE_LON)
		return true;
	if (strcmp(norm, v) != 0) {
		*why = r == RULE_PHONE || r == RULE_SERVICE_PHONE
			       ? "is not stored tidied (one space between parts, none at either end)"
		       : r == RULE_AREAS ? "is not stored tidied (one space between areas, ranges with '-')"
					 : "is not in its stored form";
		return false;
	}
	return true;
}

const char *rule_image_mime(const unsigned char *d, size_t len)
{
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

/* The JPEG marker at d[*i], fill bytes before it skipped: the marker in
 * *m, where its segment's length field (or the next marker) starts in
 * *body, the segment's length in *seglen (0 for SOI, EOI, RSTn and TEM,
 * which have none), and *i moved past the segment, which may end beyond
 * `len`. False where no marker stands, or its length is cut off. */
static bool jpeg_marker(const unsigned char *d, size_t len, size_t *i, unsigned char *m, size_t *body,
			size_t *seglen)
{
	while (*i + 1 < len && d[*i] == 0xFF && d[*i + 1] == 0xFF)
		(*i)++;
	if (*i + 2 > len || d[*i] != 0xFF)
		return false;
	*m = d[*i + 1];
	*body = *i + 2;
	*seglen = 0;
	if (*m == 0xD8 || *m == 0xD9 || (*m >= 0xD0 && *m <= 0xD7) || *m == 0x01) {
		*i += 2;
		return true;
	}
	if (*i + 4 > len)
		return false;
	*seglen = (size_t)d[*i + 2] << 8 | d[*i + 3];
	if (*seglen < 2)
		return false;
	*i += 2 + *seglen;
	return true;
}

bool rule_image_size(const unsigned char *d, size_t len, int *w, int *h)
{
	const char *mime = rule_image_mime(d, len);
	if (!mime)
		return false;
	if (strcmp(mime, "image/png") == 0) {
		/* Signature, then the IHDR chunk: length, type, width, height. */
		if (len < 24 || memcmp(d + 12, "IHDR", 4) != 0)
			return false;
		unsigned long pw = (unsigned long)d[16] << 24 | (unsigned long)d[17] << 16 | (unsigned long)d[18] << 8 | d[19];
		unsigned long ph = (unsigned long)d[20] << 24 | (unsigned long)d[21] << 16 | (unsigned long)d[22] << 8 | d[23];
		if (pw == 0 || ph == 0 || pw > 0x7FFFFFFF || ph > 0x7FFFFFFF)
			return false;
		*w = (int)pw;
		*h = (int)ph;
		return true;
	}
	/* JPEG: the marker segments, to the first start-of-frame. */
	size_t i = 2, body, seglen;
	unsigned char m;
	while (jpeg_marker(d, len, &i, &m, &body, &seglen)) {
		bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
		if (sof) {
			if (body + 7 > len)
				return false;
			*h = d[body + 3] << 8 | d[body + 4];
			*w = d[body + 5] << 8 | d[body + 6];
			return *w > 0 && *h > 0;
		}
		if (m == 0xD9 || m == 0xDA)   /* end of image, or scan data: no frame seen */
			return false;
	}
	return false;
}

bool rule_image_fits(const unsigned char *data, size_t len)
{
	int w, h;
	return rule_image_size(data, len, &w, &h) && w <= LIMIT_IMAGE_SIDE && h <= LIMIT_IMAGE_SIDE;
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

bool rule_image_whole(const unsigned char *d, size_t len)
{
	const char *mime = rule_image_mime(d, len);
	if (!mime)
		return false;
	if (strcmp(mime, "image/png") == 0) {
		/* Chunks of LENGTH, TYPE, DATA and CRC, to the IEND chunk. */
		for (size_t i = 8; i + 12 <= len;) {
			unsigned long n = be32(d + i);
			if (n > len - i - 12)
				return false;   /* runs past the end */
			if (memcmp(d + i + 4, "IEND", 4) == 0)
				return true;
			i += 12 + n;
		}
		return false;
	}
	/* JPEG: the marker segments; a scan's coded data runs to the next
	 * marker (in it, 0xFF is followed by 0x00, or D0..D7 for a restart). */
	size_t i = 2, body, seglen;
	unsigned char m;
	while (jpeg_marker(d, len, &i, &m, &body, &seglen)) {
		if (m == 0xD9)
			return true;   /* end of image */
		if (i > len)
			return false;   /* the segment runs past the end */
		if (m == 0xDA)
			while (i + 1 < len && !(d[i] == 0xFF && d[i + 1] != 0x00 && (d[i + 1] < 0xD0 || d[i + 1] > 0xD7)))
				i++;
	}
	return false;
}
