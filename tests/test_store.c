/* The content store (kiosk/store.c) on content files made by build, rows
 * added with the sqlite3 shell: its lists are bounded (up to the named
 * maximum every row is there, one more is a failure, never a list cut
 * short), and it gives what the screens show as the content has it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store.h"

/* A built mini content file with topics (and their texts) or contact
 * points added by the sqlite3 shell up to `total`. */
static char *content_with(char *dir, const char *what, int total)
{
	char *db = path_join(dir, "c.db");
	struct tool_result r = tool_run("build", MINI_SOURCES, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	char *script = path_join(dir, "add.sql"), text[1024];
	int n = strcmp(what, "topics") == 0
		? snprintf(text, sizeof text,
			   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
			   " WHERE i < %d - (SELECT count(*) FROM topic))"
			   " INSERT INTO topic (id, slug, sort_key) SELECT 100000 + i, 'extra-' || i, 'extra ' || i FROM n;"
			   " INSERT INTO topic_text (topic_id, lang, name, summary, sort_key, letter)"
			   " SELECT id, 'de', 'Extra ' || id, '', 'extra ' || id, 'E' FROM topic WHERE id > 100000",
			   total)
		: snprintf(text, sizeof text,
			   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
			   " WHERE i < %d - (SELECT count(*) FROM contact_point))"
			   " INSERT INTO contact_point (id, name, street, postcode, town, lat, lon)"
			   " SELECT 100000 + i, 'Stelle ' || i, 'Weg 1', '00101', 'Musterstadt', 52.5, 13.4 FROM n",
			   total);
	write_file(script, text, (size_t)n);
	cr_assert_eq(shell("sqlite3 '%s' < '%s'", db, script), 0);
	free(script);
	return db;
}

static int index_rows(int total)
{
	char *dir = scratch_dir(), *db = content_with(dir, "topics", total), err[256];
	struct store *s = store_open(db, err, sizeof err);
	cr_assert(s, "%s", err);
	struct store_index_row *rows = (void *)1;
	int n = store_topic_index(s, "de", &rows);
	if (n < 0)
		cr_assert_null(rows, "nothing is handed out on failure");
	free(rows);
	store_close(s);
	free(db);
	scratch_remove(dir);
	return n;
}

static int near_rows(int total)
{
	char *dir = scratch_dir(), *db = content_with(dir, "contact points", total), err[256];
	struct store *s = store_open(db, err, sizeof err);
	cr_assert(s, "%s", err);
	struct store_near *rows = calloc(10, sizeof *rows);
	int n = store_contacts_near(s, 52.5, 13.4, rows, 10);
	free(rows);
	store_close(s);
	free(db);
	scratch_remove(dir);
	return n;
}

LEAKFREE_TEST(store, topic_index_up_to_its_maximum)
{
	cr_assert_eq(index_rows(STORE_MAX_TOPICS), STORE_MAX_TOPICS, "every topic, up to the maximum");
	cr_assert_eq(index_rows(STORE_MAX_TOPICS + 1), -1, "one more is a failure, not a shorter index");
}

LEAKFREE_TEST(store, contact_points_near_up_to_their_maximum)
{
	cr_assert_eq(near_rows(STORE_MAX_CONTACT_POINTS), 10, "the nearest of all of them");
	cr_assert_eq(near_rows(STORE_MAX_CONTACT_POINTS + 1), -1, "one more is a failure");
}

/* The mini content built in a scratch folder and opened. */
static struct store *mini_store(char **dir)
{
	*dir = scratch_dir();
	char *db = path_join(*dir, "c.db"), err[256];
	struct tool_result r = tool_run("build", MINI_SOURCES, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	struct store *s = store_open(db, err, sizeof err);
	cr_assert(s, "%s", err);
	free(db);
	return s;
}

LEAKFREE_TEST(store, phone_numbers_as_written_and_to_dial)
{
	char *dir;
	struct store *s = mini_store(&dir);
	struct store_contact *c = calloc(1, sizeof *c);
	struct store_group *g = calloc(1, sizeof *g);
	cr_assert_eq(store_contact(s, 1, "de", c), STORE_FOUND);
	cr_assert_str_eq(c->phone_shown, "030 23125 100");
	cr_assert_str_eq(c->phone, "+493023125100");
	cr_assert_eq(store_contact(s, 2, "de", c), STORE_FOUND);
	cr_assert_str_eq(c->phone_shown, "+49 40 66969 200");
	cr_assert_str_eq(c->phone, "+494066969200");
	cr_assert_eq(store_group(s, 11, "de", g), STORE_FOUND);
	cr_assert_str_eq(g->phone_shown, "0221 4710 311");
	cr_assert_str_eq(g->phone, "+492214710311");
	cr_assert_eq(store_group(s, 10, "de", g), STORE_FOUND);
	cr_assert_str_eq(g->phone_shown, "", "no phone of its own");
	cr_assert_str_eq(g->phone, "");
	free(c), free(g);
	store_close(s);
	scratch_remove(dir);
}

/* The contact points for a postcode, by id, as one string: "2 1". */
static void for_postcode(struct store *s, const char *postcode, const char *ids)
{
	struct store_near rows[4];
	char got[64] = "";
	int n = store_contacts_for_postcode(s, postcode, rows, 4);
	cr_assert_geq(n, 0, "%s", postcode);
	for (int i = 0; i < n; i++) {
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%lld", i ? " " : "", rows[i].id);
		cr_assert_eq(rows[i].km, -1, "the distance is the caller's");
	}
	cr_assert_str_eq(got, ids, "postcode %s", postcode);
}

LEAKFREE_TEST(store, contact_points_for_a_postcode_by_their_areas)
{
	char *dir = scratch_dir(), *src = path_join(dir, "src"), *db = path_join(dir, "c.db"), err[256];
	cr_assert_eq(shell("mkdir '%s'", src), 0);
	copy_sources(MINI_SOURCES, src);
	/* Musterstadt serves 001; Beispielhausen 00200-00249, 0025, and (by
	 * a deliberate overlap) 00110-00119 and 00150 inside Musterstadt's. */
	char *csv = path_join(src, "contact_points.csv");
	replace_in_file(csv, "\"00200-00249, 0025\"", "\"00200-00249 0025 00110-00119 00150\"");
	free(csv);
	struct tool_result r = tool_run("build", src, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	struct store *s = store_open(db, err, sizeof err);
	cr_assert(s, "%s", err);
	for_postcode(s, "00101", "1");                /* a prefix */
	for_postcode(s, "00199", "1");                /* its last postcode */
	for_postcode(s, "00115", "2 1");              /* 10 postcodes before 100 */
	for_postcode(s, "00150", "2 1");              /* one postcode before 100 */
	for_postcode(s, "00120", "1");
	for_postcode(s, "00249", "2");                /* a range's last postcode */
	for_postcode(s, "00250", "2");
	for_postcode(s, "00260", "");                 /* in no area */
	for_postcode(s, "10115", "");
	for_postcode(s, "001", "");                   /* not a postcode */
	struct store_near one[1];
	cr_assert_eq(store_contacts_for_postcode(s, "00115", one, 1), 1, "at most max");
	cr_assert_eq(one[0].id, 2);
	cr_assert_str_eq(one[0].name, "Selbsthilfebüro Beispielhausen");
	cr_assert_str_eq(one[0].postcode, "00202");
	cr_assert_str_eq(one[0].town, "Beispielhausen");
	store_close(s);
	free(src), free(db);
	scratch_remove(dir);
}

LEAKFREE_TEST(store, contact_points_for_a_postcode_fail_as_a_damaged_file_would)
{
	char *dir = scratch_dir(), *db = path_join(dir, "c.db"), err[256];
	struct tool_result r = tool_run("build", MINI_SOURCES, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	cr_assert_eq(shell("sqlite3 '%s' \"PRAGMA ignore_check_constraints = ON;"
			   " UPDATE contact_point SET areas = 'Musterstadt' WHERE id = 2\"", db), 0);
	struct store *s = store_open(db, err, sizeof err);
	cr_assert(s, "%s", err);
	struct store_near rows[4];
	cr_assert_eq(store_contacts_for_postcode(s, "00101", rows, 4), -1, "no answer from areas it cannot read");
	store_close(s);
	setenv("WW_FAULT", "query:contact_areas", 1);
	s = store_open(db, err, sizeof err);
	unsetenv("WW_FAULT");
	cr_assert(s, "%s", err);
	cr_assert_eq(store_contacts_for_postcode(s, "00101", rows, 4), -1);
	store_close(s);
	free(db);
	scratch_remove(dir);
}

LEAKFREE_TEST(store, a_topic_says_whether_it_is_sensitive)
{
	char *dir;
	struct store *s = mini_store(&dir);
	struct store_topic *t = calloc(1, sizeof *t);
	cr_assert_eq(store_topic(s, "trauer", "de", t), STORE_FOUND);
	cr_assert(t->sensitive, "topics.csv says ja");
	cr_assert_eq(store_topic(s, "diabetes", "de", t), STORE_FOUND);
	cr_assert_not(t->sensitive, "topics.csv says nein");
	cr_assert_eq(store_topic(s, "zoeliakie", "de", t), STORE_FOUND);
	cr_assert_not(t->sensitive, "empty is no");
	free(t);
	store_close(s);
	scratch_remove(dir);
}

LEAKFREE_TEST(store, a_group_gives_where_it_meets)
{
	char *dir;
	struct store *s = mini_store(&dir);
	struct store_group *g = calloc(1, sizeof *g);
	cr_assert_eq(store_group(s, 11, "en", g), STORE_FOUND);
	cr_assert_str_eq(g->place, "Parish hall");
	cr_assert_str_eq(g->street, "Kirchgasse 3");
	cr_assert_str_eq(g->postcode, "00202");
	cr_assert_str_eq(g->town, "Beispielhausen");
	cr_assert_eq(store_group(s, 12, "en", g), STORE_FOUND);
	cr_assert_str_eq(g->place, "Online");
	cr_assert_str_eq(g->street, "", "no address");
	cr_assert_str_eq(g->postcode, "");
	cr_assert_str_eq(g->town, "");
	free(g);
	store_close(s);
	scratch_remove(dir);
}
