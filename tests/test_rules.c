/* The field rules (kiosk/rules.c) and their twin CHECK constraints in
 * content/schema.sql. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "rules.h"
#include "store.h"

static void accepts(enum rule r, const char *in, const char *stored)
{
	char norm[RULE_NORM_MAX];
	const char *why = NULL;
	cr_assert(rule_check(r, in, 0, norm, &why), "\"%s\" refused: %s", in, why ? why : "");
	if (stored)
		cr_assert_str_eq(norm, stored, "\"%s\"", in);
}

static void refuses(enum rule r, const char *in, const char *because)
{
	char norm[RULE_NORM_MAX];
	const char *why = NULL;
	cr_assert_not(rule_check(r, in, 0, norm, &why), "\"%s\" accepted", in);
	cr_assert(why && strstr(why, because), "\"%s\": \"%s\" does not say \"%s\"", in,
		  why ? why : "", because);
}

static void dials(const char *written, const char *dial)
{
	char out[RULE_DIAL_MAX];
	cr_assert(rule_phone_dial(written, out), "\"%s\" has no number to dial", written);
	cr_assert_str_eq(out, dial, "\"%s\"", written);
}

LEAKFREE_TEST(rules, phone_numbers_kept_as_written_and_dialled_as_e164)
{
	/* Stored as written, spaces tidied; dialled as E.164. */
	accepts(RULE_PHONE, "030 23125-0", "030 23125-0");
	accepts(RULE_PHONE, "  (030)  231 25\t0 ", "(030) 231 25 0");
	dials("030 23125-0", "+4930231250");
	dials("(030) 231 25 0", "+4930231250");
	dials("+49 30 231250", "+4930231250");
	dials("0049 30 231250", "+4930231250");
	dials("0221/4710-311", "+492214710311");
	dials("+43 1 234567", "+431234567");
	/* The bracketed 0 of the national form is not dialled from abroad. */
	dials("+49 (0)30 23125-111", "+493023125111");
	dials("0049 (0) 30 23125-111", "+493023125111");
	refuses(RULE_PHONE, "231250", "area code");
	refuses(RULE_PHONE, "116 117", "area code");
	refuses(RULE_PHONE, "030 CALL-NOW", "not a phone number");
	refuses(RULE_PHONE, "+0 123456789", "not a complete phone number");
	refuses(RULE_PHONE, "030 1", "not a complete phone number");
	refuses(RULE_PHONE, "+49 1234 5678 9012 3456", "not a complete phone number");
	/* 32 characters at most, counted as stored. */
	accepts(RULE_PHONE, "(0 3 0)2 3 1 2 5 - 1 1 1 - 0 0 0", "(0 3 0)2 3 1 2 5 - 1 1 1 - 0 0 0");
	accepts(RULE_PHONE, "  (0 3 0)2 3 1 2 5 - 1 1 1 - 0 0 0    ", "(0 3 0)2 3 1 2 5 - 1 1 1 - 0 0 0");
	refuses(RULE_PHONE, "(0 3 0) 2 3 1 2 5 - 1 1 1 - 0 0 0", "longer than 32");
	/* Stored values must already be tidied. */
	const char *why;
	cr_assert(rule_check_stored(RULE_PHONE, "030 23125-0", 0, &why));
	cr_assert_not(rule_check_stored(RULE_PHONE, "030  23125-0", 0, &why));
	cr_assert(strstr(why, "tidied"));
}

LEAKFREE_TEST(rules, service_numbers_may_be_short)
{
	accepts(RULE_SERVICE_PHONE, "116 117", "116 117");
	accepts(RULE_SERVICE_PHONE, "0800 111 0 111", "0800 111 0 111");
	dials("112", "112");
	dials("116 117", "116117");
	dials("0800 111 0 111", "+498001110111");
	refuses(RULE_SERVICE_PHONE, "11", "neither a short number");
	refuses(RULE_SERVICE_PHONE, "1161170", "neither a short number");
	refuses(RULE_SERVICE_PHONE, "+49 112", "not a complete phone number");
	char out[RULE_DIAL_MAX];
	cr_assert_not(rule_phone_dial("Notruf", out));
}

LEAKFREE_TEST(rules, email)
{
	accepts(RULE_EMAIL, "kontakt@musterstadt.example.org", NULL);
	accepts(RULE_EMAIL, "erika.musterfrau+gruppe@example.com", NULL);
	refuses(RULE_EMAIL, "kontakt@example", "domain");
	refuses(RULE_EMAIL, "kontakt.example.org", "'@'");
	refuses(RULE_EMAIL, "@example.org", "'@'");
	refuses(RULE_EMAIL, "a@b@example.org", "'@'");
	refuses(RULE_EMAIL, "erika musterfrau@example.org", "no spaces");
	refuses(RULE_EMAIL, "a@example..org", "domain");
}

LEAKFREE_TEST(rules, web_addresses_only_https)
{
	accepts(RULE_WEB, "https://musterstadt.example.org/", NULL);
	accepts(RULE_WEB, "https://example.org/gruppen?ort=1#x", NULL);
	/* A QR code would hand a plain http:// page to a visitor's phone. */
	refuses(RULE_WEB, "http://example.org/gruppen?ort=1#x", "only https:// addresses are taken");
	refuses(RULE_WEB, "HTTP://example.org/", "only https://");
	refuses(RULE_WEB, "www.example.org", "https://");
	refuses(RULE_WEB, "javascript:alert(1)", "https://");
	refuses(RULE_WEB, "ftp://example.org/", "https://");
	refuses(RULE_WEB, "https://", "host");
	refuses(RULE_WEB, "https://localhost/", "host");
	refuses(RULE_WEB, "https://exa mple.org/", "not allowed");
	refuses(RULE_WEB, "https://example.org/\"><script>", "not allowed");
	/* Long addresses are fine up to their limits (and are stored as given). */
	char web[LIMIT_WEB + 2] = "https://musterstadt.example.org/";
	memset(web + strlen(web), 'x', LIMIT_WEB - strlen(web));
	web[LIMIT_WEB] = '\0';
	accepts(RULE_WEB, web, "");
	strcat(web, "x");
	refuses(RULE_WEB, web, "longer than 500");
	char email[LIMIT_EMAIL + 2];
	memset(email, 'e', sizeof email);
	memcpy(email + LIMIT_EMAIL - 12, "@example.org", 13);
	accepts(RULE_EMAIL, email, "");
	char slug[LIMIT_SLUG + 2];
	memset(slug, 's', LIMIT_SLUG);
	slug[LIMIT_SLUG] = '\0';
	accepts(RULE_SLUG, slug, "");
	strcat(slug, "s");
	refuses(RULE_SLUG, slug, "longer than 64");
}

LEAKFREE_TEST(rules, dates_postcodes_coordinates_booleans)
{
	accepts(RULE_DATE, "2024-02-29", "");
	refuses(RULE_DATE, "2023-02-29", "YYYY-MM-DD");
	refuses(RULE_DATE, "2026-13-01", "YYYY-MM-DD");
	refuses(RULE_DATE, "24.11.2026", "YYYY-MM-DD");
	accepts(RULE_POSTCODE, "00101", "");
	refuses(RULE_POSTCODE, "1010", "five digits");
	refuses(RULE_POSTCODE, "0101A", "five digits");
	accepts(RULE_LAT, "51,0504", "51.0504");
	accepts(RULE_LON, "-13.7373", "-13.7373");
	refuses(RULE_LAT, "91", "latitude");
	refuses(RULE_LON, "180.5", "longitude");
	refuses(RULE_LAT, "N51", "not a number");
	refuses(RULE_LAT, "nan", "not a number");
	accepts(RULE_BOOL, "ja", "1");
	accepts(RULE_BOOL, "X", "1");
	accepts(RULE_BOOL, "Nein", "0");
	refuses(RULE_BOOL, "vielleicht", "1 or 0");
}

LEAKFREE_TEST(rules, slugs_ids_languages_text)
{
	accepts(RULE_SLUG, "alzheimer-demenz", NULL);
	refuses(RULE_SLUG, "Alzheimer", "a-z");
	refuses(RULE_SLUG, "zöliakie", "a-z");
	refuses(RULE_SLUG, "-x", "start");
	accepts(RULE_ID, "007", "7");
	refuses(RULE_ID, "0", "positive");
	refuses(RULE_ID, "3.5", "positive");
	accepts(RULE_LANG, "tr", "");
	refuses(RULE_LANG, "DE", "language code");
	refuses(RULE_LANG, "deu", "language code");
	char norm[RULE_NORM_MAX];
	const char *why;
	cr_assert(rule_check(RULE_TEXT, "Zeile 1\nZeile 2\tTab", 20, norm, &why));
	cr_assert_not(rule_check(RULE_LINE, "Zeile 1\nZeile 2", 0, norm, &why));
	cr_assert_not(rule_check(RULE_TEXT, "Glocke\a", 0, norm, &why));
	cr_assert(strstr(why, "control character"));
	cr_assert(rule_check(RULE_TEXT, "Zöliakie", 8, norm, &why), "8 characters, 9 bytes");
	cr_assert_not(rule_check(RULE_TEXT, "Zöliakie!", 8, norm, &why));
	cr_assert(strstr(why, "longer than 8"));
}

LEAKFREE_TEST(rules, image_types_from_bytes)
{
	cr_assert_str_eq(rule_image_mime((const unsigned char *)"\x89PNG\r\n\x1a\nxxxx", 12), "image/png");
	cr_assert_str_eq(rule_image_mime((const unsigned char *)"\xFF\xD8\xFF\xE0", 4), "image/jpeg");
	cr_assert_null(rule_image_mime((const unsigned char *)"GIF89a", 6));
	cr_assert_null(rule_image_mime((const unsigned char *)"\x89PNG", 4));
}

/* A PNG signature and IHDR chunk of the given size. */
static void png_header(unsigned char out[24], unsigned w, unsigned h)
{
	memcpy(out, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
	for (int i = 0; i < 4; i++) {
		out[16 + i] = (unsigned char)(w >> (24 - 8 * i));
		out[20 + i] = (unsigned char)(h >> (24 - 8 * i));
	}
}

LEAKFREE_TEST(rules, image_size_from_headers_without_decoding)
{
	int w = 0, h = 0;
	size_t len;
	char *real = read_file("content/media/gruppe.png", &len);
	cr_assert(rule_image_size((unsigned char *)real, len, &w, &h));
	cr_assert_eq(w, 480);
	cr_assert_eq(h, 320);
	cr_assert(rule_image_fits((unsigned char *)real, len));
	free(real);

	unsigned char png[24];
	png_header(png, 2000, 2000);
	cr_assert(rule_image_fits(png, sizeof png));
	png_header(png, 2001, 10);
	cr_assert_not(rule_image_fits(png, sizeof png), "a side over the limit");
	png_header(png, 10, 0x80000000u);
	cr_assert_not(rule_image_size(png, sizeof png, &w, &h));
	cr_assert_not(rule_image_size(png, 20, &w, &h), "cut off before the height");

	/* JPEG: SOI, an APP0 segment to skip, fill bytes, then SOF2 (progressive). */
	const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 'J', 'F', 0xFF, 0xFF,
				      0xC2, 0x00, 0x11, 0x08, 0x01, 0x40, 0x01, 0xE0, 0x03};
	cr_assert(rule_image_size(jpeg, sizeof jpeg, &w, &h));
	cr_assert_eq(w, 480);
	cr_assert_eq(h, 320);
	cr_assert_not(rule_image_size(jpeg, 12, &w, &h), "cut off inside the frame header");
	/* DHT (C4) is not a frame; scan data before any frame has no size. */
	const unsigned char no_frame[] = {0xFF, 0xD8, 0xFF, 0xC4, 0x00, 0x02, 0xFF, 0xDA, 0x00, 0x02, 0, 0, 0};
	cr_assert_not(rule_image_size(no_frame, sizeof no_frame, &w, &h));
}

/* A JPEG made by ImageMagick from the demo picture, read back. */
static unsigned char *made_jpeg(const char *dir, const char *options, size_t *len)
{
	char *path = path_join(dir, "made.jpg");
	cr_assert_eq(shell("convert content/media/gruppe.png -depth 8 %s '%s'", options, path), 0);
	unsigned char *data = (unsigned char *)read_file(path, len);
	cr_assert(data);
	free(path);
	return data;
}

/* A picture copied half-way is caught before a kiosk shows its rest grey:
 * a PNG runs to IEND, a JPEG to the end-of-image marker after its scans,
 * and bytes that only look like that marker, inside a segment, do not
 * count. */
LEAKFREE_TEST(rules, image_whole_only_to_its_end)
{
	size_t len;
	unsigned char *png = (unsigned char *)read_file("content/media/gruppe.png", &len);
	cr_assert(rule_image_whole(png, len));
	size_t png_cuts[] = {len - 1, len - 12, len - 13, len / 2, 33, 8};
	for (size_t i = 0; i < sizeof png_cuts / sizeof *png_cuts; i++)
		cr_assert_not(rule_image_whole(png, png_cuts[i]), "a PNG cut to %zu of %zu bytes", png_cuts[i], len);
	free(png);

	char *dir = scratch_dir();
	const char *kinds[] = {"-quality 90", "-quality 90 -interlace Plane"};   /* baseline, progressive */
	for (size_t k = 0; k < 2; k++) {
		unsigned char *jpeg = made_jpeg(dir, kinds[k], &len);
		cr_assert(rule_image_whole(jpeg, len), "%s", kinds[k]);
		size_t cuts[] = {len - 1, len - 2, len - 100, len / 2, len / 4, 200};
		for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++)
			cr_assert_not(rule_image_whole(jpeg, cuts[i]), "%s cut to %zu of %zu bytes", kinds[k], cuts[i],
				      len);
		/* Bytes after the end (some cameras add them) change nothing;
		 * an end marker inside a comment segment, before a cut-off scan,
		 * is no end. */
		unsigned char *more = malloc(len + 24);
		cr_assert(more);
		memcpy(more, jpeg, len);
		memset(more + len, 0, 24);
		cr_assert(rule_image_whole(more, len + 24), "%s with bytes after its end", kinds[k]);
		const unsigned char comment[] = {0xFF, 0xFE, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9};
		memcpy(more, jpeg, 2);
		memcpy(more + 2, comment, sizeof comment);
		memcpy(more + 2 + sizeof comment, jpeg + 2, len / 2);
		cr_assert(rule_image_size(more, 2 + sizeof comment + len / 2, &(int){0}, &(int){0}));
		cr_assert_not(rule_image_whole(more, 2 + sizeof comment + len / 2), "%s: the comment's marker counted",
			      kinds[k]);
		free(more);
		free(jpeg);
	}
	scratch_remove(dir);
}

/* Each text limit in rules.h must be the one content/schema.sql enforces:
 * a value of exactly the limit is stored, one character more is refused. */
struct limit_case {
	const char *sql;        /* ?1 is the value under test */
	size_t limit;
};

static const struct limit_case limit_cases[] = {
	{"INSERT INTO topic_text VALUES (1, 'de', ?1, '', 'x', 'X')", LIMIT_TOPIC_NAME},
	{"INSERT INTO topic_text VALUES (1, 'en', 'n', ?1, 'x', 'X')", LIMIT_SUMMARY},
	{"INSERT INTO alias (topic_id, lang, alias) VALUES (1, 'de', ?1)", LIMIT_ALIAS},
	{"INSERT INTO contact_point (id, name, street, postcode, town) VALUES (1, ?1, 's', '00101', 't')", LIMIT_NAME},
	{"INSERT INTO contact_point (id, name, street, postcode, town) VALUES (2, 'n', ?1, '00101', 't')", LIMIT_NAME},
	{"INSERT INTO contact_point (id, name, street, postcode, town) VALUES (3, 'n', 's', '00101', ?1)", LIMIT_TOWN},
	{"INSERT INTO contact_point_text VALUES (1, 'de', ?1, '', '')", LIMIT_HOURS},
	{"INSERT INTO contact_point_text VALUES (1, 'en', '', ?1, '')", LIMIT_HOURS},
	{"INSERT INTO contact_point_text VALUES (1, 'fr', '', '', ?1)", LIMIT_DESCRIPTION},
	{"INSERT INTO self_help_group (id, name) VALUES (1, ?1)", LIMIT_NAME},
	{"INSERT INTO group_text VALUES (1, 'de', ?1, '', '')", LIMIT_SCHEDULE},
	{"INSERT INTO group_text VALUES (1, 'en', '', ?1, '')", LIMIT_SCHEDULE},
	{"INSERT INTO group_text VALUES (1, 'fr', '', '', ?1)", LIMIT_HOURS},
	{"INSERT INTO page_text VALUES (1, 'de', ?1, '')", LIMIT_NAME},
	{"INSERT INTO page_text VALUES (1, 'en', 't', ?1)", LIMIT_BODY},
	{"INSERT INTO media_text VALUES (1, 'de', ?1)", LIMIT_ALT},
	{"INSERT INTO postcode VALUES ('00101', ?1, 0, 0)", LIMIT_TOWN},
	{"INSERT INTO stop_word VALUES ('de', ?1, 0)", LIMIT_STOP_WORD},
	{"UPDATE meta SET title = ?1", LIMIT_META_TEXT},
	{"UPDATE meta SET publisher = ?1", LIMIT_META_TEXT},
	{"INSERT INTO topic (slug, sort_key) VALUES (?1, '')", LIMIT_SLUG},
	{"INSERT INTO service_text VALUES (1, 'de', ?1, '', '')", LIMIT_NAME},
	{"INSERT INTO service_text VALUES (1, 'en', 'n', ?1, '')", LIMIT_SCHEDULE},
	{"INSERT INTO service_text VALUES (1, 'fr', 'n', '', ?1)", LIMIT_SCHEDULE},
};

static bool stores(sqlite3 *db, const char *sql, size_t chars)
{
	/* Slugs are ASCII; texts get "ä", one character in two bytes: limits
	 * count characters, not bytes. */
	const char *unit = strstr(sql, "slug") ? "a" : "ä";
	size_t ulen = strlen(unit), len = ulen * chars;
	char *value = malloc(len + 1);
	for (size_t i = 0; i < chars; i++)
		memcpy(value + i * ulen, unit, ulen);
	value[len] = '\0';
	sqlite3_exec(db, "SAVEPOINT s", NULL, NULL, NULL);
	sqlite3_stmt *st = NULL;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, value, (int)len, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK TO s; RELEASE s", NULL, NULL, NULL);
	free(value);
	return rc == SQLITE_DONE;
}

LEAKFREE_TEST(rules, limits_match_the_schema)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, store_schema_sql, NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "INSERT INTO meta VALUES (1, 2, 1, 't', 'p', '2026-01-01', 'de', 0)",
				  NULL, NULL, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof limit_cases / sizeof *limit_cases; i++) {
		const struct limit_case *c = &limit_cases[i];
		cr_assert(stores(db, c->sql, c->limit), "%zu characters refused: %s", c->limit, c->sql);
		cr_assert_not(stores(db, c->sql, c->limit + 1), "%zu characters stored: %s",
			      c->limit + 1, c->sql);
	}
	sqlite3_close(db);
}

/* The longest list of areas the rule takes is what the schema stores. */
LEAKFREE_TEST(rules, areas_limit_matches_the_schema)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, store_schema_sql, NULL, NULL, NULL), SQLITE_OK);
	char areas[AREAS_TEXT_MAX + 3] = "", norm[RULE_NORM_MAX];
	const char *why;
	for (int i = 0; i < AREAS_MAX; i++)
		snprintf(areas + strlen(areas), sizeof areas - strlen(areas), "%s%05d-%05d", i ? " " : "", i, i);
	cr_assert(rule_check(RULE_AREAS, areas, 0, norm, &why), "%s", why);
	cr_assert_str_eq(norm, areas);
	for (int longer = 0; longer < 2; longer++) {
		sqlite3_stmt *st = NULL;
		cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO contact_point (id, name, street, postcode, town, areas)"
						" VALUES (?2, 'n', 's', '00101', 't', ?1)", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, areas, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, longer + 1);
		cr_assert_eq(sqlite3_step(st) == SQLITE_DONE, !longer, "%zu characters", strlen(areas));
		sqlite3_finalize(st);
		strcat(areas, "0");
	}
	sqlite3_close(db);
}
