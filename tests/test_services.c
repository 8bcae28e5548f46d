/* Help lines (services.csv): the real national numbers of the demo content
 * against the list in tests/data/national_numbers.tsv, and what
 * store_services() gives (kiosk/store.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store.h"

#define NATIONAL_NUMBERS "tests/data/national_numbers.tsv"
#define NUMBERS_MAX 32

struct number {
	char written[64], dial[32], name[256];
	bool seen;
};

/* The list's lines: number as written, number to dial, name, by tabs. */
static int read_numbers(struct number *out)
{
	FILE *fp = fopen(NATIONAL_NUMBERS, "r");
	cr_assert(fp, NATIONAL_NUMBERS);
	char line[512];
	int n = 0;
	while (fgets(line, sizeof line, fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		cr_assert_lt(n, NUMBERS_MAX);
		struct number *x = &out[n++];
		*x = (struct number){0};
		cr_assert_eq(sscanf(line, "%63[^\t]\t%31[^\t]\t%255[^\t]", x->written, x->dial, x->name), 3,
			     NATIONAL_NUMBERS ": \"%s\" is not NUMBER<TAB>DIAL<TAB>NAME", line);
	}
	fclose(fp);
	return n;
}

static struct store *built(const char *src, char **dir)
{
	*dir = scratch_dir();
	char *db = path_join(*dir, "c.db"), err[256];
	struct tool_result r = tool_run("build", src, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	struct store *s = store_open(db, err, sizeof err);
	cr_assert(s, "%s", err);
	free(db);
	return s;
}

LEAKFREE_TEST(services, the_demo_contents_national_numbers_are_exactly_the_list)
{
	struct number list[NUMBERS_MAX];
	int nlist = read_numbers(list);
	cr_assert_gt(nlist, 0, NATIONAL_NUMBERS " lists nothing");
	char *dir;
	struct store *s = built("content", &dir);
	struct store_service *rows = calloc(STORE_MAX_SERVICES, sizeof *rows);
	int total = 0;
	for (int crisis = 0; crisis < 2; crisis++) {
		int n = store_services(s, crisis, "de", rows, STORE_MAX_SERVICES);
		cr_assert_geq(n, 1, "no %s services", crisis ? "crisis" : "information");
		for (int i = 0; i < n; i++) {
			struct number *match = NULL;
			for (int k = 0; k < nlist && !match; k++)
				if (!list[k].seen && strcmp(list[k].written, rows[i].phone_shown) == 0 &&
				    strcmp(list[k].name, rows[i].name) == 0)
					match = &list[k];
			cr_assert(match, "the content's \"%s\" %s is not in " NATIONAL_NUMBERS, rows[i].name,
				  rows[i].phone_shown);
			cr_assert_str_eq(rows[i].phone, match->dial, "%s %s is dialled as %s, the list says %s",
					 rows[i].name, rows[i].phone_shown, rows[i].phone, match->dial);
			match->seen = true;
		}
		total += n;
	}
	for (int k = 0; k < nlist; k++)
		cr_assert(list[k].seen, NATIONAL_NUMBERS ": %s %s is not in the content", list[k].name,
			  list[k].written);
	cr_assert_eq(total, nlist);

	/* 112 comes first, then the TelefonSeelsorge: the two a sensitive
	 * topic's crisis box names. NAKOS is the one information service,
	 * with its web address. */
	cr_assert_eq(store_services(s, true, "de", rows, STORE_MAX_SERVICES), nlist - 1);
	cr_assert_str_eq(rows[0].phone, "112");
	cr_assert_str_eq(rows[1].phone, "+498001110111");
	cr_assert_eq(store_services(s, false, "en", rows, STORE_MAX_SERVICES), 1);
	cr_assert_str_eq(rows[0].phone_shown, "030 31 01 89 60");
	cr_assert_str_eq(rows[0].web, "https://www.nakos.de");
	cr_assert(strstr(rows[0].name, "NAKOS"), "%s", rows[0].name);
	free(rows);
	store_close(s);
	scratch_remove(dir);
}

LEAKFREE_TEST(services, in_their_order_in_the_visitors_language)
{
	char *dir;
	struct store *s = built(MINI_SOURCES, &dir);
	struct store_service rows[4];
	cr_assert_eq(store_services(s, true, "en", rows, 4), 2);
	cr_assert_str_eq(rows[0].name, "Police", "position 1 before position 2");
	cr_assert_str_eq(rows[0].phone, "110");
	cr_assert(rows[0].crisis);
	cr_assert_str_eq(rows[0].description, "", "none given");
	cr_assert_str_eq(rows[1].name, "Emergency");
	cr_assert_str_eq(rows[1].hours, "around the clock, free of charge");
	cr_assert_eq(store_services(s, true, "en", rows, 1), 1, "at most max");
	cr_assert_eq(store_services(s, false, "tr", rows, 4), 1);
	cr_assert_str_eq(rows[0].name, "Infotelefon Musterstadt", "no Turkish text: the default language's");
	cr_assert_not(rows[0].crisis);
	cr_assert_str_eq(rows[0].phone_shown, "030 23125-150");
	cr_assert_str_eq(rows[0].phone, "+493023125150");
	cr_assert_str_eq(rows[0].web, "https://musterstadt.example.org/infotelefon");
	store_close(s);
	setenv("WW_FAULT", "query:services", 1);
	char *db = path_join(dir, "c.db"), err[256];
	s = store_open(db, err, sizeof err);
	unsetenv("WW_FAULT");
	cr_assert(s, "%s", err);
	cr_assert_eq(store_services(s, true, "de", rows, 4), -1, "a failed query is no empty list");
	store_close(s);
	free(db);
	scratch_remove(dir);
}

/* The demo content marks the topics where a visitor may be in crisis, so
 * that their pages offer the crisis lines first. */
LEAKFREE_TEST(services, the_demo_contents_crisis_topics_are_sensitive)
{
	static const char *const sensitive[] = {
		"suizid-hinterbliebene", "selbstverletzung", "gewalt", "sexuelle-gewalt", "depression",
		"alkohol", "drogen", "sucht", "medikamentenabhaengigkeit", "gluecksspielsucht"};
	char *dir;
	struct store *s = built("content", &dir);
	struct store_topic *t = calloc(1, sizeof *t);
	for (size_t i = 0; i < sizeof sensitive / sizeof *sensitive; i++) {
		cr_assert_eq(store_topic(s, sensitive[i], "de", t), STORE_FOUND, "%s", sensitive[i]);
		cr_assert(t->sensitive, "%s is not marked sensitive", sensitive[i]);
	}
	cr_assert_eq(store_topic(s, "diabetes", "de", t), STORE_FOUND);
	cr_assert_not(t->sensitive);
	free(t);
	store_close(s);
	scratch_remove(dir);
}
