/* areas — the postcode areas a contact point serves.
 *
 * Staff name a contact point's district the way they know it: postcode
 * prefixes ("001") and ranges ("00110-00129"). This file reads such a list
 * (for the rule that checks it in build and check, rules.c), says which
 * areas of different contact points overlap (the warning of build and
 * check), and is what the store matches a visitor's postcode with
 * (store_contacts_for_postcode). Pure functions, no SQL, no allocation. */
#include "areas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';';
}

/* The dash of a range: '-', or the en dash a spreadsheet's autocorrect
 * puts in its place. Returns its length in bytes, or 0. */
static size_t dash(const char *p)
{
	if (*p == '-')
		return 1;
	return strncmp(p, "\xE2\x80\x93", 3) == 0 ? 3 : 0;
}

static size_t digits(const char *p, int *value)
{
	size_t n = 0;
	*value = 0;
	while (p[n] >= '0' && p[n] <= '9') {
		if (n < 9)
			*value = *value * 10 + (p[n] - '0');
		n++;
	}
	return n;
}

/* Sets *why to a sentence about the item that starts at `item`. */
static int bad(const char *item, const char *what, const char **why)
{
	static _Thread_local char msg[160];
	size_t len = 0;
	while (item[len] && !is_separator(item[len]) && len < 24)
		len++;
	snprintf(msg, sizeof msg, "has \"%.*s\", which %s", (int)len, item, what);
	*why = msg;
	return -1;
}

int areas_parse(const char *text, struct area out[AREAS_MAX], char *tidy, size_t cap, const char **why)
{
	static const char *const not_an_area =
		"is not a postcode prefix (1 to 5 digits, such as 001) or a range (such as 00110-00129)";
	int n = 0;
	size_t len = 0;
	const char *p = text;
	if (tidy && cap)
		tidy[0] = '\0';
	for (;;) {
		while (is_separator(*p))
			p++;
		if (!*p)
			break;
		const char *item = p;
		int low, high;
		size_t k1 = digits(p, &low), k2 = 0, d;
		if (k1 == 0)
			return bad(item, not_an_area, why);
		const char *q = p + k1;
		while (*q == ' ')
			q++;
		if ((d = dash(q)) != 0) {
			q += d;
			while (*q == ' ')
				q++;
			k2 = digits(q, &high);
			if (k1 != 5 || k2 != 5)
				return bad(item, "is not a range of two five-digit postcodes (such as 00110-00129)", why);
			if (low > high)
				return bad(item, "is a range whose first postcode is higher than its last", why);
			p = q + k2;
		} else {
			if (k1 > 5)
				return bad(item, "has more than five digits", why);
			int span = 1;
			for (size_t i = k1; i < 5; i++)
				span *= 10;
			low *= span;
			high = low + span - 1;
			p += k1;
		}
		if (*p && !is_separator(*p))
			return bad(item, not_an_area, why);
		if (n == AREAS_MAX) {
			static _Thread_local char msg[64];
			snprintf(msg, sizeof msg, "names more than %d areas", AREAS_MAX);
			*why = msg;
			return -1;
		}
		out[n++] = (struct area){low, high};
		if (tidy) {
			int w = k2 ? snprintf(tidy + len, cap - len, "%s%05d-%05d", n > 1 ? " " : "", low, high)
				   : snprintf(tidy + len, cap - len, "%s%.*s", n > 1 ? " " : "", (int)k1, item);
			if (w < 0 || (size_t)w >= cap - len) {
				*why = "is too long to be stored";
				return -1;
			}
			len += (size_t)w;
		}
	}
	if (n == 0) {
		*why = "names no postcode area";
		return -1;
	}
	return n;
}

void area_format(struct area a, char out[AREA_TEXT_MAX])
{
	if (a.low == a.high)
		snprintf(out, AREA_TEXT_MAX, "%05u", (unsigned)a.low % 100000u);
	else
		snprintf(out, AREA_TEXT_MAX, "%05u-%05u", (unsigned)a.low % 100000u, (unsigned)a.high % 100000u);
}

int area_size(struct area a)
{
	return a.high - a.low + 1;
}

static int by_low(const void *pa, const void *pb)
{
	const struct area_owned *a = pa, *b = pb;
	if (a->area.low != b->area.low)
		return a->area.low < b->area.low ? -1 : 1;
	if (a->area.high != b->area.high)
		return a->area.high < b->area.high ? -1 : 1;
	return (a->owner > b->owner) - (a->owner < b->owner);
}

void areas_overlaps(struct area_owned *all, int n,
		    void (*fn)(int owner_a, int owner_b, struct area overlap, void *ctx), void *ctx)
{
	if (n < 2)
		return;
	qsort(all, (size_t)n, sizeof *all, by_low);
	/* all[first..i) are the areas still open at area i's first postcode:
	 * those that ended before it are swapped below `first` as they are
	 * met. Every open area overlaps area i, so the work is the number of
	 * overlaps, not the square of the areas. */
	int first = 0;
	for (int i = 0; i < n; i++) {
		for (int j = first; j < i; j++)
			if (all[j].area.high < all[i].area.low) {
				struct area_owned ended = all[j];
				all[j] = all[first];
				all[first++] = ended;
			}
		for (int j = first; j < i; j++) {
			const struct area_owned *a = &all[j], *b = &all[i];
			if (a->owner == b->owner)
				continue;
			struct area both = {b->area.low, a->area.high < b->area.high ? a->area.high : b->area.high};
			if (a->owner < b->owner)
				fn(a->owner, b->owner, both, ctx);
			else
				fn(b->owner, a->owner, both, ctx);
		}
	}
}
