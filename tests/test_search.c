/* Search (kiosk/search.c) on the demo content: spelling, ranking, reasons,
 * the relevance table in tests/data/search_relevance.tsv, and the staff
 * tool's `search` command, which must print what the kiosk finds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "search.h"
#include "store.h"

#define CONTENT "build/content.db"
#define RELEVANCE "tests/data/search_relevance.tsv"
#define MAX 40

struct fixture {
	struct store *store;
	struct search *search;
	struct search_result r[MAX];
};

static void open_demo(struct fixture *f)
{
	char err[256];
	f->store = store_open(CONTENT, err, sizeof err);
	cr_assert(f->store, "%s: %s", CONTENT, err);
	f->search = search_open(store_db(f->store), err, sizeof err);
	cr_assert(f->search, "%s", err);
}

static void close_demo(struct fixture *f)
{
	search_close(f->search);
	store_close(f->store);
}

static int run(struct fixture *f, const char *q, const char *lang)
{
	int n = search_run(f->search, q, lang, f->r, MAX);
	cr_assert(n >= 0, "search \"%s\" failed", q);
	return n;
}

/* Where `target` is among the results, or -1. */
static int rank_of(const struct fixture *f, int n, const char *target)
{
	for (int i = 0; i < n; i++)
		if (strcmp(f->r[i].target, target) == 0)
			return i;
	return -1;
}

static void assert_first(struct fixture *f, const char *q, const char *lang, const char *target)
{
	int n = run(f, q, lang);
	cr_assert(n > 0 && strcmp(f->r[0].target, target) == 0, "\"%s\": first is %s, not %s", q,
		  n ? f->r[0].target : "nothing", target);
}

LEAKFREE_TEST(search, umlauts_and_sharp_s_are_spelt_alike_every_way)
{
	static const char *const same[][3] = {
		{"Zöliakie", "Zoeliakie", "ZOLIAKIE"},
		{"Straße", "Strasse", "STRASSE"},
		{"Übergewicht", "Uebergewicht", "ubergewicht"},
		{"Hörbehinderung", "Hoerbehinderung", "horbehinderung"},
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		char *k[3];
		for (int j = 0; j < 3; j++)
			k[j] = search_key_dup(same[i][j], strlen(same[i][j]), NULL);
		cr_assert_str_eq(k[0], k[1], "%s / %s", same[i][0], same[i][1]);
		cr_assert_str_eq(k[0], k[2], "%s / %s", same[i][0], same[i][2]);
		for (int j = 0; j < 3; j++)
			free(k[j]);
	}
	char *k = search_key_dup("  Krebs (allgemein) – ME/CFS ", 31, NULL);
	cr_assert_str_eq(k, "krebs allgemein me cfs");
	free(k);
}

LEAKFREE_TEST(search, decomposed_and_compatibility_forms_are_the_same_text)
{
	/* o + U+0308 (as macOS keyboards send it), the ligature ﬁ, fullwidth
	 * letters, a superscript two: each the same key as its plain form. */
	static const char *const same[][2] = {
		{"Zo\xcc\x88liakie", "Zöliakie"},
		{"Hu\xcc\x88" "fte", "Hüfte"},
		{"\xef\xac\x81" "bromyalgie", "fibromyalgie"},
		{"\xef\xbc\xa1\xef\xbc\xa4\xef\xbc\xa8\xef\xbc\xb3", "ADHS"},
		{"Typ\xc2\xb2", "Typ2"},
	};
	for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
		char *a = search_key_dup(same[i][0], strlen(same[i][0]), NULL);
		char *b = search_key_dup(same[i][1], strlen(same[i][1]), NULL);
		cr_assert_str_eq(a, b, "%s / %s", same[i][0], same[i][1]);
		free(a);
		free(b);
	}
	/* The decomposed query finds what the composed one finds, groups too. */
	struct fixture f, g;
	open_demo(&f);
	open_demo(&g);
	int n = run(&f, "Zo\xcc\x88liakie", "de"), m = run(&g, "Zöliakie", "de");
	cr_assert_eq(n, m);
	cr_assert_gt(n, 1);
	for (int i = 0; i < n; i++) {
		cr_assert_str_eq(f.r[i].target, g.r[i].target, "place %d", i);
		cr_assert_eq(f.r[i].match, g.r[i].match, "place %d", i);
	}
	cr_assert_str_eq(f.r[0].target, "topic:zoeliakie");
	cr_assert_eq(f.r[0].match, MATCH_EXACT);
	close_demo(&f);
	close_demo(&g);
}

LEAKFREE_TEST(search, the_ranking_function_orders_as_documented)
{
	/* In the order search_compare must give, from shuffled input. */
	struct search_result want[] = {
		/* More of the query covered beats everything else. */
		{.kind = SEARCH_PAGE, .match = MATCH_FUZZY, .covered = 12, .typos = 2, .sort_key = "z", .id = 20},
		{.kind = SEARCH_TOPIC, .match = MATCH_EXACT, .covered = 5, .sort_key = "sucht", .id = 1},
		{.kind = SEARCH_TOPIC, .match = MATCH_ALIAS, .covered = 5, .field = FIELD_ALIAS, .sort_key = "alkohol", .id = 3},
		{.kind = SEARCH_TOPIC, .match = MATCH_ALIAS, .covered = 5, .field = FIELD_OTHER_NAME, .sort_key = "a", .id = 4},
		{.kind = SEARCH_TOPIC, .match = MATCH_PREFIX, .covered = 5, .sort_key = "suchtkranke", .id = 2},
		{.kind = SEARCH_TOPIC, .match = MATCH_ALIAS_PREFIX, .covered = 5, .field = FIELD_ALIAS, .sort_key = "a", .id = 19},
		{.kind = SEARCH_TOPIC, .match = MATCH_WORD, .covered = 5, .sort_key = "gluecksspielsucht", .id = 5},
		{.kind = SEARCH_TOPIC, .match = MATCH_WORD, .covered = 5, .sort_key = "kaufsucht", .id = 6},
		{.kind = SEARCH_TOPIC, .match = MATCH_STEM, .covered = 5, .sort_key = "a", .id = 14},
		{.kind = SEARCH_TOPIC, .match = MATCH_STEM, .covered = 5, .loose = 1, .sort_key = "a", .id = 15},
		{.kind = SEARCH_TOPIC, .match = MATCH_PART, .covered = 5, .sort_key = "a", .id = 16},
		{.kind = SEARCH_CONTACT, .match = MATCH_EXACT, .covered = 5, .sort_key = "sucht", .id = 7},
		{.kind = SEARCH_CONTACT, .match = MATCH_ALIAS, .covered = 5, .field = FIELD_TOWN, .sort_key = "a", .id = 8},
		{.kind = SEARCH_GROUP, .match = MATCH_PREFIX, .covered = 5, .sort_key = "z", .id = 9},
		{.kind = SEARCH_PAGE, .match = MATCH_EXACT, .covered = 5, .sort_key = "a", .id = 10},
		/* Met only in a summary: below every name and alias. */
		{.kind = SEARCH_TOPIC, .match = MATCH_SUMMARY, .covered = 5, .field = FIELD_SUMMARY, .sort_key = "a", .id = 17},
		{.kind = SEARCH_TOPIC, .match = MATCH_FUZZY, .covered = 5, .typos = 1, .sort_key = "z", .id = 11},
		{.kind = SEARCH_TOPIC, .match = MATCH_FUZZY, .covered = 5, .typos = 2, .sort_key = "a", .id = 12},
		{.kind = SEARCH_CONTACT, .match = MATCH_FUZZY, .covered = 5, .typos = 1, .sort_key = "a", .id = 13},
		{.kind = SEARCH_TOPIC, .match = MATCH_EXACT, .covered = 2, .sort_key = "a", .id = 18},
	};
	enum { N = sizeof want / sizeof *want };
	struct search_result got[N];
	for (int i = 0; i < N; i++)
		got[i] = want[(i * 7 + 3) % N];   /* 7 and 20 are coprime: a permutation */
	qsort(got, N, sizeof *got, search_compare);
	for (int i = 0; i < N; i++)
		cr_assert_eq(got[i].id, want[i].id, "place %d holds %lld", i, got[i].id);
}

LEAKFREE_TEST(search, prefixes_compounds_and_words_in_any_order)
{
	struct fixture f;
	open_demo(&f);
	assert_first(&f, "Epilep", "de", "topic:epilepsie");
	int n = run(&f, "krebs", "de");
	cr_assert_str_eq(f.r[0].target, "topic:krebs");
	cr_assert_eq(f.r[0].match, MATCH_PREFIX);
	int brust = rank_of(&f, n, "topic:brustkrebs"), prostata = rank_of(&f, n, "topic:prostatakrebs");
	cr_assert(brust > 0 && prostata > 0, "krebs: Brustkrebs at %d, Prostatakrebs at %d", brust, prostata);
	cr_assert_eq(f.r[brust].match, MATCH_WORD);
	assert_first(&f, "krebs brust", "de", "topic:brustkrebs");
	assert_first(&f, "brust krebs", "de", "topic:brustkrebs");
	/* A name's words written as one. */
	assert_first(&f, "downsyndrom", "de", "topic:down-syndrom");
	close_demo(&f);
}

LEAKFREE_TEST(search, an_everyday_word_says_why_it_matched)
{
	struct fixture f;
	open_demo(&f);
	run(&f, "Zucker", "de");
	cr_assert_str_eq(f.r[0].target, "topic:diabetes");
	cr_assert_eq(f.r[0].match, MATCH_ALIAS);
	cr_assert_str_eq(f.r[0].via, "Zucker");
	char why[256];
	search_reason(&f.r[0], why, sizeof why);
	cr_assert_str_eq(why, "Zucker → Diabetes");
	/* The other language's name leads to the topic too, titled in ours. */
	run(&f, "Breast cancer", "de");
	cr_assert_str_eq(f.r[0].target, "topic:brustkrebs");
	cr_assert_str_eq(f.r[0].title, "Brustkrebs");
	cr_assert_str_eq(f.r[0].via, "Breast cancer");
	cr_assert_eq(f.r[0].field, FIELD_OTHER_NAME);
	/* One spelt as ours is no other word for it: the reason names no empty one. */
	int n = run(&f, "manic depression", "de");
	int at = rank_of(&f, n, "topic:depression");
	cr_assert(at >= 0);
	cr_assert_eq(f.r[at].field, FIELD_OTHER_NAME);
	search_reason(&f.r[at], why, sizeof why);
	cr_assert_str_eq(why, "word in name");
	/* An alias that is what was typed beats a name that only begins with it. */
	run(&f, "allein", "de");
	cr_assert_str_eq(f.r[0].target, "topic:einsamkeit");
	cr_assert_eq(f.r[0].match, MATCH_ALIAS);
	run(&f, "Krebs", "en");
	cr_assert_str_eq(f.r[0].title, "Cancer (general)");
	close_demo(&f);
}

LEAKFREE_TEST(search, one_or_two_typing_errors_still_find_the_topic)
{
	struct fixture f;
	open_demo(&f);
	static const char *const typos[] = {
		"Diabetus",   /* wrong */   "Diabtes",   /* missing */  "Diabeetes", /* doubled */
		"Daibetes",   /* swapped */ "Diabtus",   /* two */
	};
	for (size_t i = 0; i < sizeof typos / sizeof *typos; i++) {
		int n = run(&f, typos[i], "de");
		cr_assert(n > 0 && strcmp(f.r[0].target, "topic:diabetes") == 0, "\"%s\": first %s", typos[i],
			  n ? f.r[0].target : "nothing");
		cr_assert_eq(f.r[0].match, MATCH_FUZZY, "%s", typos[i]);
	}
	assert_first(&f, "Parkinsn", "de", "topic:parkinson");
	assert_first(&f, "Schlagnafall", "de", "topic:schlaganfall");
	close_demo(&f);
}

LEAKFREE_TEST(search, short_queries_and_numbers_are_not_guessed_at)
{
	struct fixture f;
	open_demo(&f);
	/* Four letters and fewer: no typo tolerance, so no noise. */
	static const char *const short_q[] = {"a", "ms", "ast", "gich"};
	for (size_t i = 0; i < sizeof short_q / sizeof *short_q; i++) {
		int n = run(&f, short_q[i], "de");
		for (int j = 0; j < n; j++)
			cr_assert_neq(f.r[j].match, MATCH_FUZZY, "\"%s\" guessed %s", short_q[i], f.r[j].title);
	}
	/* A postcode matches exactly or as typed so far, never one digit off. */
	int n = run(&f, "00110", "de");
	cr_assert_eq(n, 1, "00110: %d results", n);
	cr_assert_str_eq(f.r[0].target, "contact:1");
	cr_assert_eq(f.r[0].field, FIELD_POSTCODE);
	cr_assert_eq(run(&f, "xqzyv", "de"), 0);
	cr_assert_eq(run(&f, "   ", "de"), 0);
	cr_assert_eq(run(&f, "", "de"), 0);
	close_demo(&f);
}

/* A group is placed where it meets, else at its contact point: alike names
 * are told apart by it. */
LEAKFREE_TEST(search, a_group_result_says_where_it_meets)
{
	struct fixture f;
	open_demo(&f);
	int n = run(&f, "Gesprächskreis Depression Beispielhausen", "de");
	int at[2] = {rank_of(&f, n, "group:138"), rank_of(&f, n, "group:428")};
	cr_assert(at[0] >= 0 && at[1] >= 0, "the two groups of that name are not both found");
	cr_assert_str_eq(f.r[at[0]].postcode, "00124");
	cr_assert_str_eq(f.r[at[1]].postcode, "00122");
	cr_assert_str_eq(f.r[at[0]].town, "Beispielhausen");
	cr_assert_str_eq(f.r[at[1]].town, "Beispielhausen");
	/* group 8 has no place of its own: its contact point's (3, Exempelburg) */
	n = run(&f, "Selbsthilfegruppe Hämophilie Exempelburg", "de");
	int g = rank_of(&f, n, "group:8");
	cr_assert(g >= 0);
	cr_assert_str_eq(f.r[g].town, "Exempelburg");
	cr_assert_str_eq(f.r[g].postcode, "00130");
	close_demo(&f);
}

LEAKFREE_TEST(search, contact_points_groups_and_pages_are_found_in_that_order)
{
	struct fixture f;
	open_demo(&f);
	int n = run(&f, "Musterstadt", "de");
	cr_assert(n > 2);
	cr_assert_str_eq(f.r[0].target, "contact:1");
	cr_assert_eq(f.r[0].field, FIELD_TOWN);
	cr_assert_str_eq(f.r[0].postcode, "00110");
	cr_assert_str_eq(f.r[0].town, "Musterstadt");
	cr_assert_eq(f.r[1].kind, SEARCH_GROUP, "then its groups");
	n = run(&f, "Zöliakie", "de");
	cr_assert_str_eq(f.r[0].target, "topic:zoeliakie");
	cr_assert_eq(f.r[1].kind, SEARCH_GROUP);
	cr_assert(strstr(f.r[1].title, "Zöliakie"), "%s", f.r[1].title);
	cr_assert_eq(strncmp(f.r[1].target, "group:", 6), 0);
	n = run(&f, "kiosk daten", "de");
	cr_assert(n > 0 && f.r[0].kind == SEARCH_PAGE, "kiosk daten: %s", n ? f.r[0].target : "nothing");
	/* No more than asked for, best first. */
	cr_assert_eq(search_run(f.search, "e", "de", f.r, 3), 3);
	close_demo(&f);
}

LEAKFREE_TEST(search, a_query_is_a_set_of_words_ranked_by_what_they_cover)
{
	struct fixture f;
	open_demo(&f);
	/* A word that meets nothing does not empty the list. */
	assert_first(&f, "diabetes xqzyv", "de", "topic:diabetes");
	cr_assert_eq(f.r[0].covered, 8);
	/* Stop words are left out: the rest is the whole query. */
	assert_first(&f, "ich habe diabetes", "de", "topic:diabetes");
	cr_assert_eq(f.r[0].match, MATCH_EXACT);
	/* ... unless they are all there is: "zu" is then looked for. */
	int n = run(&f, "zu", "de");
	cr_assert(n > 0 && f.r[0].covered == 2, "zu: %d results", n);
	/* The result covering more of the query wins over a better match of less. */
	assert_first(&f, "brustkrebs mann", "de", "topic:brustkrebs");
	cr_assert_eq(f.r[0].covered, strlen("brustkrebs") + 1, "a minor word counts one");
	n = run(&f, "meine mutter hat krebs", "de");
	cr_assert_str_eq(f.r[0].target, "topic:krebs", "the minor word Mutter does not outweigh Krebs");
	assert_first(&f, "herz kinder", "de", "topic:herzkranke-kinder");
	close_demo(&f);
}

LEAKFREE_TEST(search, word_forms_meet_by_their_stems)
{
	struct fixture f;
	open_demo(&f);
	static const char *const drugs[] = {"kifft", "kiffen", "Kiffer", "kiffe"};
	for (size_t i = 0; i < sizeof drugs / sizeof *drugs; i++)
		assert_first(&f, drugs[i], "de", "topic:drogen");
	static const char *const drink[] = {"trinke", "Trinken", "trinker"};
	for (size_t i = 0; i < sizeof drink / sizeof *drink; i++)
		assert_first(&f, drink[i], "de", "topic:alkohol");
	assert_first(&f, "Ängste", "de", "topic:angst");
	assert_first(&f, "depressionen", "de", "topic:depression");
	cr_assert_eq(f.r[0].match, MATCH_EXACT, "a form of the name is the name");
	assert_first(&f, "kifft", "de", "topic:drogen");
	cr_assert_eq(f.r[0].match, MATCH_STEM);
	char why[256];
	search_reason(&f.r[0], why, sizeof why);
	cr_assert_str_eq(why, "word form in Kiffen → Drogenabhängigkeit");
	/* English words by the English stemmer. */
	assert_first(&f, "smokes", "en", "topic:rauchen");
	assert_first(&f, "hoarders", "en", "topic:messie");
	close_demo(&f);
}

/* The stemmer library is opened with the first search, not at start: a
 * process that never searched does not map it. */
LEAKFREE_TEST(search, the_stemmer_is_loaded_when_a_search_first_opens)
{
	cr_assert_not(library_mapped("libstemmer"), "libstemmer is mapped before any search opened");
	struct fixture f;
	open_demo(&f);
	cr_assert(library_mapped("libstemmer"));
	assert_first(&f, "kifft", "de", "topic:drogen");
	cr_assert_eq(f.r[0].match, MATCH_STEM);
	close_demo(&f);
}

LEAKFREE_TEST(search, a_typed_compound_is_split_into_known_words)
{
	struct fixture f;
	open_demo(&f);
	assert_first(&f, "zuckerschock", "de", "topic:diabetes");
	cr_assert_eq(f.r[0].match, MATCH_PART);
	cr_assert_eq(f.r[0].covered, strlen("zucker"));
	/* With a linking letter between the parts. */
	assert_first(&f, "scheidungskinder", "de", "topic:trennung-scheidung");
	assert_first(&f, "kinderwunschbehandlung", "de", "topic:kinderwunsch");
	/* A part meets words, not the inside of other compounds. */
	assert_first(&f, "tinnitusbehandlung", "de", "topic:tinnitus");
	close_demo(&f);
}

LEAKFREE_TEST(search, a_wrong_first_letter_is_forgiven_in_long_words_at_a_cost)
{
	struct fixture f;
	open_demo(&f);
	assert_first(&f, "Rinnitus", "de", "topic:tinnitus");
	cr_assert_eq(f.r[0].match, MATCH_FUZZY);
	cr_assert_eq(f.r[0].typos, 2, "one letter off, and one more for the first letter");
	assert_first(&f, "Diabetus", "de", "topic:diabetes");
	cr_assert_eq(f.r[0].typos, 1);
	/* Five letters are too few to guess a first letter at. */
	int n = run(&f, "Kicht", "de");
	cr_assert(n == 0 || strcmp(f.r[0].target, "topic:gicht") != 0, "Kicht: %s", f.r[0].target);
	close_demo(&f);
}

LEAKFREE_TEST(search, summaries_are_searched_below_names_and_aliases)
{
	struct fixture f;
	open_demo(&f);
	/* "Klebereiweiß" is only in the summary of Zöliakie. */
	assert_first(&f, "Klebereiweiß", "de", "topic:zoeliakie");
	cr_assert_eq(f.r[0].match, MATCH_SUMMARY);
	cr_assert_eq(f.r[0].field, FIELD_SUMMARY);
	cr_assert_str_eq(f.r[0].via, "", "a summary is too long to show as the reason");
	/* A name beats a summary that has the word too. */
	int n = run(&f, "gluten", "de");
	cr_assert_str_eq(f.r[0].target, "topic:zoeliakie");
	for (int i = 0; i < n; i++)
		if (f.r[i].match == MATCH_SUMMARY)
			for (int j = i + 1; j < n; j++)
				cr_assert(f.r[j].match == MATCH_SUMMARY || f.r[j].match == MATCH_FUZZY ||
					  f.r[j].covered < f.r[i].covered, "%s after a summary", f.r[j].title);
	/* Summaries are never guessed at: no typing errors, no short beginnings. */
	n = run(&f, "Klebereiwess", "de");
	for (int i = 0; i < n; i++)
		cr_assert_neq(f.r[i].match, MATCH_SUMMARY, "%s", f.r[i].title);
	close_demo(&f);
}

/* Typing errors count characters, not bytes: in Cyrillic every letter is
 * two bytes. */
LEAKFREE_TEST(search, typing_errors_are_counted_in_characters)
{
	char *dir = scratch_dir(), *src = path_join(dir, "src"), *db = path_join(dir, "c.db");
	cr_assert_eq(shell("mkdir -p '%s'", src), 0);
	copy_sources(MINI_SOURCES, src);
	char *aliases = path_join(src, "aliases.csv");
	char *old = read_file(aliases, NULL);
	size_t len = strlen(old);
	const char *more = "diabetes,en,Диабетический\n";
	char *all = malloc(len + strlen(more) + 1);
	memcpy(all, old, len);
	strcpy(all + len, more);
	write_file(aliases, all, strlen(all));
	struct tool_result r = tool_run("build", src, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	char err[256];
	struct store *st = store_open(db, err, sizeof err);
	cr_assert(st, "%s", err);
	struct search *s = search_open(store_db(st), err, sizeof err);
	cr_assert(s, "%s", err);
	struct search_result res[8];
	/* Two letters (four bytes) missing in a word of 13: within two errors. */
	int n = search_run(s, "Диаетичекий", "en", res, 8);
	cr_assert(n > 0 && strcmp(res[0].target, "topic:diabetes") == 0, "first: %s", n ? res[0].target : "none");
	cr_assert_eq(res[0].match, MATCH_FUZZY);
	cr_assert_eq(res[0].typos, 2);
	/* One letter wrong in the first six: one error, not two. */
	n = search_run(s, "Диобет", "en", res, 8);
	cr_assert(n > 0 && res[0].typos == 1, "typos %d", n ? res[0].typos : -1);
	search_close(s);
	store_close(st);
	free(all);
	free(old);
	free(aliases);
	free(db);
	free(src);
	scratch_remove(dir);
}

/* The relevance table: what visitors type, and the topic that must come
 * first. Every miss is listed before the test fails. */
LEAKFREE_TEST(search, the_relevance_table_has_no_miss)
{
	struct fixture f;
	open_demo(&f);
	FILE *fp = fopen(RELEVANCE, "r");
	cr_assert(fp, "cannot read %s", RELEVANCE);
	char line[512];
	int lineno = 0, queries = 0, misses = 0;
	/* What the table must hold at least, by the first word of the note. */
	struct { const char *name; int min, count; } kinds[] = {
		{"sentence", 60, 0}, {"form", 30, 0}, {"compound", 30, 0}, {"decomposed", 5, 0},
	};
	enum { NKINDS = sizeof kinds / sizeof *kinds };
	while (fgets(line, sizeof line, fp)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#' || strncmp(line, "lang\t", 5) == 0)
			continue;
		char *lang = strtok(line, "\t"), *q = strtok(NULL, "\t"), *slug = strtok(NULL, "\t");
		char *note = strtok(NULL, "\t");
		cr_assert(lang && q && slug, "%s:%d: needs lang, query and slug", RELEVANCE, lineno);
		for (int k = 0; note && k < NKINDS; k++)
			if (strncmp(note, kinds[k].name, strlen(kinds[k].name)) == 0)
				kinds[k].count++;
		char target[96];
		snprintf(target, sizeof target, "topic:%s", slug);
		int n = search_run(f.search, q, lang, f.r, MAX);
		queries++;
		if (n <= 0 || strcmp(f.r[0].target, target) != 0) {
			misses++;
			fprintf(stderr, "%s:%d: \"%s\" (%s): first %s, wanted %s at %d\n", RELEVANCE, lineno, q,
				lang, n > 0 ? f.r[0].target : "nothing", target, rank_of(&f, n, target) + 1);
		}
	}
	fclose(fp);
	close_demo(&f);
	cr_assert_geq(queries, 250, "the table has %d queries", queries);
	for (int k = 0; k < NKINDS; k++)
		cr_assert_geq(kinds[k].count, kinds[k].min, "the table has %d queries noted \"%s\"", kinds[k].count,
			      kinds[k].name);
	cr_assert_eq(misses, 0, "%d of %d queries miss (listed above)", misses, queries);
}

LEAKFREE_TEST(search, the_tool_prints_what_the_kiosk_finds)
{
	struct tool_result r = tool_run("search", CONTENT, "Zucker", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(strncmp(r.out, "topic\tDiabetes\tZucker → Diabetes\n", 35), 0, "%s", r.out);
	tool_result_free(&r);
	r = tool_run("search", CONTENT, "Zucker", "--lang", "en", "--limit", "1", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "topic\tDiabetes\tZucker → Diabetes\n");
	tool_result_free(&r);
	/* Compare the tool with the kiosk's code, result by result. */
	struct fixture f;
	open_demo(&f);
	int n = run(&f, "krebs", "de");
	r = tool_run("search", CONTENT, "krebs", "--limit", "40", NULL);
	char *line = r.out;
	for (int i = 0; i < n; i++) {
		char why[512], want[1024];
		search_reason(&f.r[i], why, sizeof why);
		snprintf(want, sizeof want, "%s\t%s\t%s\n", search_kind_name(f.r[i].kind), f.r[i].title, why);
		cr_assert_eq(strncmp(line, want, strlen(want)), 0, "line %d: %s", i + 1, line);
		line += strlen(want);
	}
	cr_assert_str_eq(line, "");
	tool_result_free(&r);
	close_demo(&f);
	r = tool_run("search", CONTENT, NULL);
	cr_assert_eq(r.status, 2);
	cr_assert(strstr(r.err, "needs DB and QUERY"), "%s", r.err);
	tool_result_free(&r);
}
