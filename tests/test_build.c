/* wegweiser-content build: validation messages, atomic writes, round trip
 * and stats (tools/build.c, tools/dump.c, tools/cli.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

/* The mini sources in a scratch folder, to be changed by a test. */
struct fixture {
	char *dir, *src, *db;
};

static struct fixture fixture_new(void)
{
	struct fixture f;
	f.dir = scratch_dir();
	f.src = path_join(f.dir, "src");
	f.db = path_join(f.dir, "out.db");
	mkdir(f.src, 0755);
	copy_sources(MINI_SOURCES, f.src);
	return f;
}

static void fixture_edit(struct fixture *f, const char *file, const char *old, const char *new_text)
{
	char *p = path_join(f->src, file);
	replace_in_file(p, old, new_text);
	free(p);
}

static void fixture_free(struct fixture *f)
{
	free(f->src);
	free(f->db);
	scratch_remove(f->dir);
}

struct bad_case {
	const char *file, *old, *new_text, *message;
};

/* One per rule: the change to a valid source, and the exact message. */
static const struct bad_case bad_cases[] = {
	{"stopwords.csv", "de,zu,0", "de,zu viel,0",
	 "stopwords.csv:3:2: error: word: \"zu viel\" must be one word"},
	{"stopwords.csv", "de,zu,0", "fr,zu,0",
	 "stopwords.csv:3:1: error: lang: \"fr\" is not one of the languages meta.csv declares"},
	{"stopwords.csv", "de,zu,0", "de,ich,0",
	 "stopwords.csv:3:2: error: word: \"de ich\" appears twice (first on line 2)"},
	{"stopwords.csv", "de,mutter,1", "de,mutter,vielleicht",
	 "stopwords.csv:5:3: error: minor: \"vielleicht\" must be 1 or 0"},
	{"contact_points.csv", "https://musterstadt.example.org/", "htp://musterstadt.example.org/",
	 "contact_points.csv:2:8: error: web: \"htp://musterstadt.example.org/\" must start with https://"},
	{"contact_points.csv", "kontakt@musterstadt.example.org", "kontakt-at-musterstadt",
	 "contact_points.csv:2:7: error: email: \"kontakt-at-musterstadt\" is not an e-mail address"},
	{"contact_points.csv", "030 23125 100", "23125 100",
	 "contact_points.csv:2:6: error: phone: \"23125 100\" needs an area code"},
	{"contact_points.csv", "00202,Beispielhausen", "2020,Beispielhausen",
	 "contact_points.csv:3:4: error: postcode: \"2020\" is not a postcode (five digits)"},
	{"contact_points.csv", "\"52,5\"", "north",
	 "contact_points.csv:2:9: error: lat: \"north\" is not a number"},
	{"contact_points.csv", "\"52,5\",13.4", ",13.4",
	 "contact_points.csv:2:9: error: lat: is empty, but lon is not (give lat and lon together, or none of them)"},
	{"contact_points.csv", "ja,nein", "ja,vielleicht",
	 "contact_points.csv:3:12: error: hearing_loop: \"vielleicht\" must be 1 or 0"},
	{"contact_points.csv", "1,0,1,punkt", "1,0,1,kreis",
	 "contact_points.csv:2:14: error: image: \"kreis\" is not a image name from media.csv that exists"},
	{"contact_points.csv", "punkt,001", "punkt,001 0011x",
	 "contact_points.csv:2:15: error: areas: \"001 0011x\" has \"0011x\", which is not a postcode prefix"},
	{"contact_points.csv", "\"00200-00249, 0025\"", "00249-00200",
	 "contact_points.csv:3:15: error: areas: \"00249-00200\" has \"00249-00200\", which is a range whose first"
	 " postcode is higher than its last"},
	{"topics.csv", "trauer,,", "Trauer,,",
	 "topics.csv:4:1: error: slug: \"Trauer\" may only contain a-z, 0-9 and '-'"},
	{"topics.csv", "trauer,,", "trauer,,trauer",
	 "topics.csv:4:3: error: related: \"trauer\" is the topic itself"},
	{"topics.csv", "zoeliakie,,diabetes trauer", "zoeliakie,,diabetes kummer",
	 "topics.csv:3:3: error: related: \"kummer\" is not a topic slug from topics.csv that exists"},
	{"groups.csv", "12,Gesprächskreis", "10,Gesprächskreis",
	 "groups.csv:4:1: error: id: \"10\" appears twice (first on line 2)"},
	{"groups.csv", "zoeliakie diabetes", "zoeliakie diabetis",
	 "groups.csv:3:3: error: topics: \"diabetis\" is not a topic slug from topics.csv that exists"},
	{"groups.csv", "trauer,1,", "trauer,9,",
	 "groups.csv:4:4: error: contact_point: \"9\" is not a contact point id from contact_points.csv that exists"},
	{"groups.csv", "Kirchgasse 3,00202,Beispielhausen", "Kirchgasse 3,00202,",
	 "groups.csv:3:10: error: town: is empty, but street is not (give street, postcode and town together, or"
	 " none of them)"},
	{"groups.csv", "Kirchgasse 3,00202,Beispielhausen", ",00202,",
	 "groups.csv:3:8: error: street: is empty, but postcode is not (give street, postcode and town together,"
	 " or none of them)"},
	{"groups.csv", "Musterweg 1,00101,", "Musterweg 1,0010,",
	 "groups.csv:2:9: error: postcode: \"0010\" is not a postcode (five digits)"},
	{"groups.csv", "11,Glutenfrei leben Beispielhausen,", "11,,",
	 "groups.csv:3:2: error: name: is empty"},
	{"groups.csv", "12,Gesprächskreis Trauer Musterstadt,trauer", "0,Gesprächskreis Trauer Musterstadt,trauer",
	 "groups.csv:4:1: error: id: \"0\" is not a positive whole number"},
	{"groups.csv", "contact_point,phone,email,web", "contact_point,phone,email,webseite",
	 "groups.csv:1:7: error: unknown column \"webseite\""},
	{"aliases.csv", "trauer,en,bereavement", "trauer,fr,deuil",
	 "aliases.csv:6:2: error: lang: \"fr\" is not one of the languages meta.csv declares"},
	{"aliases.csv", "diabetes,de,Zuckerkrankheit", "diabetes,de,Zucker",
	 "aliases.csv:3:3: error: alias: \"diabetes de Zucker\" appears twice (first on line 2)"},
	{"topic_texts.csv", "trauer,de,Trauer,", "trauer,de,\"Trauer und Verlust, Abschied und Neubeginn, "
	 "Erinnern und Weiterleben: ein sehr langer Name, der nicht auf einen Knopf passt\",",
	 "topic_texts.csv:6:3: error: name: \"Trauer und Verlust, Abschied und Neubeginn, Erinnern und Wei\" "
	 "is longer than 120 characters"},
	{"topic_texts.csv", "trauer,de,Trauer,\"Abschied nehmen, gemeinsam statt allein.\"\n", "",
	 "topic_texts.csv: error: topic trauer has no text in 'de', the default language"},
	{"contact_point_texts.csv", "2,de,Di", "2,xx,Di",
	 "contact_point_texts.csv:6:2: error: lang: \"xx\" is not one of the languages meta.csv declares"},
	{"page_texts.csv", "Sie helfen einander.", "Sie helfen\x01 einander.",
	 "page_texts.csv:2:4: error: body: \"Menschen mit dem gleichen Anliegen treffen sich."},
	{"meta.csv", "2026-11-01", "1.11.2026",
	 "meta.csv:4:2: error: value: \"1.11.2026\" is not a date in the form YYYY-MM-DD"},
	{"meta.csv", "languages,de en", "languages,deutsch",
	 "meta.csv:5:2: error: languages: \"deutsch\" is not a language code"},
	{"meta.csv", "publisher,Testredaktion (Demo)\n", "",
	 "meta.csv: error: the setting \"publisher\" is missing"},
	{"media.csv", "media/punkt.png", "meta.csv",
	 "media.csv:2:2: error: file: \"meta.csv\" is not a PNG or JPEG image"},
	{"media.csv", "media/punkt.png", "../../etc/passwd",
	 "media.csv:2:2: error: file: \"../../etc/passwd\" must be a path inside the content folder"},
	{"postcodes.csv", "00202,Beispielhausen,53.55,10.0", "00101,Beispielhausen,53.55,10.0",
	 "postcodes.csv:3:1: error: postcode: \"00101\" appears twice (first on line 2)"},
};

/* Builds f's sources: refused with `message`, and nothing written (no
 * content file, no temporary one). `what` names the case. */
static void assert_refused(struct fixture *f, const char *message, const char *what)
{
	int entries = count_entries(f->dir);
	struct tool_result r = tool_run("build", f->src, f->db, NULL);
	cr_assert_eq(r.status, 1, "%s built:\n%s", what, r.err);
	cr_assert(strstr(r.err, message), "%s: expected\n  %s\nin\n%s", what, message, r.err);
	cr_assert(strstr(r.err, "out.db: not written"), "%s: %s", what, r.err);
	cr_assert_not(file_exists(f->db), "%s left a content file", what);
	cr_assert_eq(count_entries(f->dir), entries, "%s left a temporary file", what);
	tool_result_free(&r);
}

LEAKFREE_TEST(build, each_rule_names_file_line_column_and_writes_nothing)
{
	for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
		const struct bad_case *c = &bad_cases[i];
		struct fixture f = fixture_new();
		fixture_edit(&f, c->file, c->old, c->new_text);
		char what[32];
		snprintf(what, sizeof what, "case %zu", i);
		assert_refused(&f, c->message, what);
		fixture_free(&f);
	}
}

LEAKFREE_TEST(build, refuses_an_image_too_large_to_decode_safely)
{
	struct fixture f = fixture_new();
	/* A valid PNG header that claims 3000 x 3000 pixels: 36 MB decoded. */
	const char header[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x0b\xb8\0\0\x0b\xb8\x08\x02\0\0\0";
	char *path = path_join(f.src, "media/riesig.png");
	write_file(path, header, sizeof header - 1);
	free(path);
	fixture_edit(&f, "media.csv", "media/punkt.png", "media/riesig.png");
	assert_refused(&f, "media.csv:2:2: error: file: \"media/riesig.png\" has no readable size or is "
		       "larger than 2000 x 2000 pixels", "a picture too large");
	fixture_free(&f);
}

/* A picture copied only half-way (a USB stick pulled too soon, on the
 * office PC) is refused by name, not built into content that every kiosk
 * would show with its lower part missing. */
LEAKFREE_TEST(build, refuses_a_picture_cut_off)
{
	struct fixture f = fixture_new();
	char *path = path_join(f.src, "media/punkt.png");
	size_t len;
	char *data = read_file(path, &len);
	cr_assert(data && len > 12);
	write_file(path, data, len - 12);   /* all but its IEND chunk */
	free(data);
	free(path);
	assert_refused(&f, "media.csv:2:2: error: file: \"media/punkt.png\" is cut off before the end of its "
		       "picture: copy it again", "a picture cut off");
	fixture_free(&f);
}

LEAKFREE_TEST(build, missing_translation_is_a_warning)
{
	struct fixture f = fixture_new();
	fixture_edit(&f, "topic_texts.csv", "trauer,en,Grief,\"Saying goodbye, together rather than alone.\"\n", "");
	struct tool_result r = tool_run("build", f.src, f.db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "topic_texts.csv: warning: topic trauer has no text in 'en'; the kiosk "
			 "will show the 'de' text"), "%s", r.err);
	cr_assert(strstr(r.out, "written (1 warning)"), "%s", r.out);
	cr_assert(file_exists(f.db));
	tool_result_free(&r);
	fixture_free(&f);
}

LEAKFREE_TEST(build, failed_build_leaves_existing_file_byte_for_byte)
{
	struct fixture f = fixture_new();
	struct tool_result r = tool_run("build", f.src, f.db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	size_t before_len, after_len;
	char *before = read_file(f.db, &before_len);
	int entries = count_entries(f.dir);

	fixture_edit(&f, "groups.csv", "https://glutenfrei.example.org/", "glutenfrei.example.org");
	r = tool_run("build", f.src, f.db, "--content-version", "4", NULL);
	cr_assert_eq(r.status, 1);
	char *after = read_file(f.db, &after_len);
	cr_assert_eq(after_len, before_len);
	cr_assert(memcmp(before, after, before_len) == 0, "out.db changed");
	cr_assert_eq(count_entries(f.dir), entries, "a temporary file was left behind");
	tool_result_free(&r);
	free(before);
	free(after);
	fixture_free(&f);
}

LEAKFREE_TEST(build, content_version_from_meta_or_option)
{
	struct fixture f = fixture_new();
	struct tool_result r = tool_run("build", f.src, f.db, "--content-version", "42", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("stats", f.db, NULL);
	cr_assert(strstr(r.out, "content_version 42\n"), "%s", r.out);
	tool_result_free(&r);
	r = tool_run("build", f.src, f.db, NULL);
	tool_result_free(&r);
	r = tool_run("stats", f.db, NULL);
	cr_assert(strstr(r.out, "content_version 3\n"), "%s", r.out);
	tool_result_free(&r);
	fixture_edit(&f, "meta.csv", "content_version,3\n", "");
	r = tool_run("build", f.src, f.db, NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "content_version: is not set"), "%s", r.err);
	tool_result_free(&r);
	fixture_free(&f);
}

/* Rows of a CSV file as the sqlite3 shell's own CSV reader counts them. */
static long shell_rows(const char *dir, const char *file)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "sqlite3 :memory: '.import --csv %s/%s t' 'SELECT count(*) FROM t'",
		 dir, file);
	FILE *p = popen(cmd, "r");
	long n = -1;
	cr_assert(p);
	cr_assert_eq(fscanf(p, "%ld", &n), 1, "%s", cmd);
	pclose(p);
	return n;
}

static void assert_stats_match(const char *src)
{
	char *dir = scratch_dir(), *db = path_join(dir, "c.db");
	struct tool_result r = tool_run("build", src, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("stats", db, NULL);
	cr_assert_eq(r.status, 0);
	char expected[1024];
	snprintf(expected, sizeof expected,
		 "schema_version 2\ncontent_version %s\nlanguages de,en\ntopics %ld\naliases %ld\n"
		 "contact_points %ld\ngroups %ld\npages %ld\nmedia %ld\n",
		 strcmp(src, MINI_SOURCES) == 0 ? "3" : "1",
		 shell_rows(src, "topics.csv"), shell_rows(src, "aliases.csv"),
		 shell_rows(src, "contact_points.csv"), shell_rows(src, "groups.csv"),
		 shell_rows(src, "pages.csv"), shell_rows(src, "media.csv"));
	cr_assert_str_eq(r.out, expected);
	tool_result_free(&r);
	free(db);
	scratch_remove(dir);
}

LEAKFREE_TEST(build, stats_match_the_sources)
{
	assert_stats_match(MINI_SOURCES);
	assert_stats_match("content");
}

/* Every row of every table of a equals one of b, and the other way round. */
static void assert_same_content(const char *a, const char *b)
{
	static const char *tables[] = {
		"meta", "media", "media_text", "topic", "topic_text", "topic_related", "alias",
		"contact_point", "contact_point_text", "self_help_group", "group_topic", "group_text",
		"page", "page_text", "postcode", "search_entry"};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		const char *t = tables[i];
		int rc = shell("test \"$(sqlite3 '%s' \"ATTACH '%s' AS b; SELECT count(*) FROM "
			       "(SELECT * FROM main.%s EXCEPT SELECT * FROM b.%s) ; SELECT count(*) FROM "
			       "(SELECT * FROM b.%s EXCEPT SELECT * FROM main.%s); SELECT (SELECT count(*) "
			       "FROM main.%s) = (SELECT count(*) FROM b.%s)\")\" = \"$(printf '0\\n0\\n1')\"",
			       a, b, t, t, t, t, t, t);
		cr_assert_eq(rc, 0, "table %s differs between %s and %s", t, a, b);
	}
}

static void assert_round_trip(const char *src)
{
	char *dir = scratch_dir();
	char *a = path_join(dir, "a.db"), *b = path_join(dir, "b.db");
	char *d1 = path_join(dir, "dump1"), *d2 = path_join(dir, "dump2");
	struct tool_result r = tool_run("build", src, a, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("dump", a, d1, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("build", d1, b, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	assert_same_content(a, b);
	r = tool_run("dump", b, d2, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	cr_assert_eq(shell("diff -r '%s' '%s'", d1, d2), 0, "dumps of the same content differ");
	free(a), free(b), free(d1), free(d2);
	scratch_remove(dir);
}

LEAKFREE_TEST(build, dump_then_build_gives_the_same_content)
{
	assert_round_trip(MINI_SOURCES);
	assert_round_trip("content");
}

LEAKFREE_TEST(build, what_build_writes_check_accepts)
{
	char *dir = scratch_dir(), *db = path_join(dir, "demo.db");
	struct tool_result r = tool_run("build", "content", db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("check", db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "ok (0 warnings)"), "the demo content misses translations: %s", r.err);
	tool_result_free(&r);
	free(db);
	scratch_remove(dir);
}

LEAKFREE_TEST(build, sort_keys_and_letters_follow_din_5007)
{
	char *dir = scratch_dir(), *db = path_join(dir, "demo.db");
	struct tool_result r = tool_run("build", "content", db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	/* "Älter werden" sorts under A, "Zöliakie" between "Zahn…" and "Zwang…". */
	cr_assert_eq(shell("test \"$(sqlite3 '%s' \"SELECT letter FROM topic_text JOIN topic ON "
			   "topic.id = topic_id WHERE slug = 'aelter-werden' AND lang = 'de'\")\" = A", db), 0);
	cr_assert_eq(shell("test \"$(sqlite3 '%s' \"SELECT group_concat(slug, ' ') FROM (SELECT slug "
			   "FROM topic_text JOIN topic ON topic.id = topic_id WHERE lang = 'de' AND letter = 'Z' "
			   "ORDER BY topic_text.sort_key)\")\" = 'zahnbehandlungsangst zoeliakie zwang "
			   "zwillingselternschaft'", db), 0);
	free(db);
	scratch_remove(dir);
}

LEAKFREE_TEST(build, overlapping_areas_are_a_warning_naming_both)
{
	struct fixture f = fixture_new();
	/* Beispielhausen also serves part of Musterstadt's 001. */
	fixture_edit(&f, "contact_points.csv", "\"00200-00249, 0025\"", "\"00200-00249, 00110 - 00119\"");
	struct tool_result r = tool_run("build", f.src, f.db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.err, "contact_points.csv:3:15: warning: areas: contact point 1 (Selbsthilfekontaktstelle"
			 " Musterstadt), line 2, and contact point 2 (Selbsthilfebüro Beispielhausen) both serve"
			 " 00110-00119\n"), "%s", r.err);
	cr_assert(strstr(r.out, "written (1 warning)"), "%s", r.out);
	tool_result_free(&r);
	r = tool_run("check", f.db, NULL);
	cr_assert_eq(r.status, 0, "a warning is no error: %s", r.err);
	cr_assert(strstr(r.err, "out.db: warning: contact_point: contact point 1 (Selbsthilfekontaktstelle Musterstadt)"
			 " and contact point 2 (Selbsthilfebüro Beispielhausen) both serve 00110-00119\n"), "%s", r.err);
	tool_result_free(&r);
	fixture_free(&f);
}
