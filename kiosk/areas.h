/* areas — the postcode areas a contact point serves. */
#ifndef WW_AREAS_H
#define WW_AREAS_H

#include <stdbool.h>
#include <stddef.h>

/* Areas one contact point names at most; the rule refuses more. */
#define AREAS_MAX 64

/* The longest tidied list: AREAS_MAX ranges "00110-00129" and their spaces. */
#define AREAS_TEXT_MAX (AREAS_MAX * 12 - 1)

/* Postcodes from `low` to `high`, both included, as numbers (00110 = 110). */
struct area {
	int low, high;
};

/* Reads a list of areas as staff write it: items separated by spaces,
 * commas or semicolons, each a prefix of 1 to 5 digits ("001" is 00100 to
 * 00199) or a range of two five-digit postcodes ("00110-00129", also with
 * an en dash or spaces around the dash), the low one first. Returns the
 * number of areas (1 to AREAS_MAX) and, when `tidy` is not NULL, writes the
 * list as it is stored: the items in the given order, one space between
 * them, ranges with '-' (`cap` of AREAS_TEXT_MAX + 1 always suffices). On a
 * bad list returns -1 and sets *why to a sentence naming the bad item. */
int areas_parse(const char *text, struct area out[AREAS_MAX], char *tidy, size_t cap, const char **why);

/* Bytes area_format() needs: "00110-00129" and the NUL. */
#define AREA_TEXT_MAX 12

/* An area as staff read it: "00115" for one postcode, else "00110-00119". */
void area_format(struct area a, char out[AREA_TEXT_MAX]);

/* The width of an area in postcodes: what "most specific" compares. */
int area_size(struct area a);

/* One area of one owner (a row of the caller's, by index). */
struct area_owned {
	struct area area;
	int owner;
};

/* Calls fn(a, b, overlap, ctx) for every two areas of different owners
 * that share postcodes, with owner a < owner b and `overlap` the postcodes
 * both serve; in order of the overlap's first postcode. Reorders `all`. */
void areas_overlaps(struct area_owned *all, int n,
		    void (*fn)(int owner_a, int owner_b, struct area overlap, void *ctx), void *ctx);

#endif
