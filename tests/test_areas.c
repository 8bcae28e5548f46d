/* Postcode areas (kiosk/areas.c): the lists staff write, and which areas
 * of different contact points overlap. */
#include <stdio.h>
#include <string.h>

#include "areas.h"
#include "helpers.h"

static void parses(const char *text, const char *tidy, int n, const struct area *want)
{
	struct area got[AREAS_MAX];
	char stored[AREAS_TEXT_MAX + 1];
	const char *why = NULL;
	cr_assert_eq(areas_parse(text, got, stored, sizeof stored, &why), n, "\"%s\": %s", text, why ? why : "");
	cr_assert_str_eq(stored, tidy, "\"%s\"", text);
	for (int i = 0; i < n; i++)
		cr_assert(got[i].low == want[i].low && got[i].high == want[i].high,
			  "\"%s\" area %d: %d-%d, not %d-%d", text, i, got[i].low, got[i].high, want[i].low, want[i].high);
}

static void refuses(const char *text, const char *because)
{
	struct area got[AREAS_MAX];
	const char *why = NULL;
	cr_assert_eq(areas_parse(text, got, NULL, 0, &why), -1, "\"%s\" accepted", text);
	cr_assert(why && strstr(why, because), "\"%s\": \"%s\" does not say \"%s\"", text, why ? why : "", because);
}

LEAKFREE_TEST(areas, prefixes_and_ranges_as_staff_write_them)
{
	parses("001", "001", 1, (struct area[]){{100, 199}});
	parses("1", "1", 1, (struct area[]){{10000, 19999}});
	parses("00115", "00115", 1, (struct area[]){{115, 115}});
	parses("00110-00129", "00110-00129", 1, (struct area[]){{110, 129}});
	/* An en dash from a spreadsheet's autocorrect, spaces around the dash. */
	parses("00110 \xE2\x80\x93 00129", "00110-00129", 1, (struct area[]){{110, 129}});
	parses(" 001,002;\t00300 - 00310 ,\n99", "001 002 00300-00310 99", 4,
	       (struct area[]){{100, 199}, {200, 299}, {300, 310}, {99000, 99999}});
	refuses("", "names no postcode area");
	refuses(" , ;", "names no postcode area");
	refuses("001 0011x", "has \"0011x\", which is not a postcode prefix");
	refuses("123456", "has \"123456\", which has more than five digits");
	refuses("0011-0012", "is not a range of two five-digit postcodes");
	refuses("00110-", "is not a range of two five-digit postcodes");
	refuses("00130-00120", "first postcode is higher than its last");
	refuses("Musterstadt", "is not a postcode prefix");

	char many[AREAS_TEXT_MAX + 32] = "";
	for (int i = 0; i < AREAS_MAX; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "%s%05d-%05d", i ? " " : "", i * 100,
			 i * 100 + 99);
	cr_assert_eq(strlen(many), AREAS_TEXT_MAX, "the longest list there can be");
	struct area got[AREAS_MAX];
	char stored[AREAS_TEXT_MAX + 1];
	const char *why;
	cr_assert_eq(areas_parse(many, got, stored, sizeof stored, &why), AREAS_MAX);
	strcat(many, " 9");
	refuses(many, "names more than 64 areas");
}

LEAKFREE_TEST(areas, formatted_as_postcodes)
{
	char out[AREA_TEXT_MAX];
	area_format((struct area){110, 119}, out);
	cr_assert_str_eq(out, "00110-00119");
	area_format((struct area){99999, 99999}, out);
	cr_assert_str_eq(out, "99999");
	cr_assert_eq(area_size((struct area){100, 199}), 100);
}

struct seen {
	char text[512];
};

static void note(int a, int b, struct area both, void *p)
{
	struct seen *s = p;
	char postcodes[AREA_TEXT_MAX];
	area_format(both, postcodes);
	snprintf(s->text + strlen(s->text), sizeof s->text - strlen(s->text), "%d+%d:%s ", a, b, postcodes);
}

LEAKFREE_TEST(areas, overlaps_of_different_owners_only)
{
	/* Owner 0 serves 001 and, inside it, 00150-00151 (its own areas may
	 * nest); owner 1 a range inside 001 and 00250; owner 2 0015; owner 3
	 * touches none of them. */
	struct area_owned all[] = {
		{{100, 199}, 0}, {{150, 151}, 0}, {{110, 119}, 1}, {{250, 250}, 1},
		{{150, 159}, 2}, {{200, 249}, 3}, {{251, 299}, 3},
	};
	struct seen s = {""};
	areas_overlaps(all, (int)(sizeof all / sizeof *all), note, &s);
	cr_assert_str_eq(s.text, "0+1:00110-00119 0+2:00150-00159 0+2:00150-00151 ");
}

LEAKFREE_TEST(areas, no_overlap_no_call)
{
	struct area_owned all[] = {{{100, 199}, 0}, {{200, 299}, 1}, {{300, 300}, 2}, {{301, 399}, 0}};
	struct seen s = {""};
	areas_overlaps(all, 4, note, &s);
	cr_assert_str_eq(s.text, "");
	areas_overlaps(all, 0, note, &s);
	cr_assert_str_eq(s.text, "");
}
