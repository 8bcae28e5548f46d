/* bench_search — what typing costs: search_run() for every prefix of
 * realistic queries, as a visitor's keystrokes produce them.
 *
 *   build/search-bench DB QUERIES.tsv
 *
 * The queries are the relevance table's (what visitors type) plus names of
 * topics and towns sampled from DB (so a generated file is searched for what
 * it holds). Prints "report NAME VALUE" lines: keystrokes, search_open_ms,
 * search_p50_us, search_p99_us, and sentence_key_max_us: the slowest
 * keystroke of typing "ich trinke zu viel", the budget a frame must keep.
 * The whole run is made ROUNDS times, each with a freshly opened search
 * (nothing carried over), and each keystroke counts with its fastest time:
 * on a shared machine a keystroke that another process interrupted says
 * nothing about search. Part of `make bench`, never of `make test`:
 * timings on a shared machine are not pass/fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search.h"
#include "store.h"
#include "utf8.h"

#define MAX_QUERIES 600
#define MAX_KEYSTROKES 12000
#define ROUNDS 3
#define SENTENCE "ich trinke zu viel"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: search-bench DB QUERIES.tsv\n");
		return 2;
	}
	/* As the kiosk runs SQLite: every freed block wiped, no lookaside. */
	store_wipe_freed_memory();
	static char queries[MAX_QUERIES][128];
	static char langs[MAX_QUERIES][3];
	int nq = 0;
	FILE *fp = fopen(argv[2], "r");
	char line[512];
	while (fp && nq < MAX_QUERIES - 1 && fgets(line, sizeof line, fp)) {
		char *lang = strtok(line, "\t\r\n"), *q = strtok(NULL, "\t\r\n");
		if (!lang || !q || lang[0] == '#' || strcmp(lang, "lang") == 0)
			continue;
		snprintf(langs[nq], sizeof langs[nq], "%.2s", lang);
		snprintf(queries[nq++], sizeof queries[0], "%s", q);
	}
	if (fp)
		fclose(fp);
	char err[256];
	struct store *st = store_open(argv[1], err, sizeof err);
	if (!st) {
		fprintf(stderr, "%s: %s\n", argv[1], err);
		return 1;
	}
	/* Names the file holds: every 17th topic name, and towns. */
	sqlite3_stmt *s = NULL;
	sqlite3_prepare_v2(store_db(st),
			   "SELECT name, lang FROM topic_text WHERE topic_id % 17 = 3 UNION ALL"
			   " SELECT DISTINCT town, 'de' FROM contact_point WHERE id % 29 = 1 LIMIT 120",
			   -1, &s, NULL);
	while (s && nq < MAX_QUERIES - 1 && sqlite3_step(s) == SQLITE_ROW) {
		snprintf(queries[nq], sizeof queries[0], "%s", (const char *)sqlite3_column_text(s, 0));
		snprintf(langs[nq++], sizeof langs[0], "%s", (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);

	snprintf(langs[nq], sizeof langs[0], "de");
	snprintf(queries[nq++], sizeof queries[0], "%s", SENTENCE);   /* last: its keystrokes are reported */
	static double us[MAX_KEYSTROKES];
	static struct search_result results[60];
	double open_ms = 0, sentence_max = 0;
	int n = 0;
	for (int round = 0; round < ROUNDS; round++) {
		double t0 = now_us();
		struct search *search = search_open(store_db(st), err, sizeof err);
		double ms = (now_us() - t0) / 1000;
		if (!search) {
			fprintf(stderr, "%s\n", err);
			store_close(st);
			return 1;
		}
		if (round == 0 || ms < open_ms)
			open_ms = ms;
		n = 0;
		double sentence = 0;
		for (int q = 0; q < nq && n < MAX_KEYSTROKES; q++) {
			size_t len = strlen(queries[q]);
			/* A keystroke types a whole character. */
			for (size_t end = utf8_skip(queries[q], 0, len); end > 0 && n < MAX_KEYSTROKES;
			     end = end < len ? utf8_skip(queries[q], end, len) : 0) {
				char prefix[128];
				snprintf(prefix, sizeof prefix, "%.*s", (int)end, queries[q]);
				double a = now_us();
				search_run(search, prefix, langs[q], results, 60);
				double t = now_us() - a;
				if (round == 0 || t < us[n])
					us[n] = t;
				if (q == nq - 1 && us[n] > sentence)
					sentence = us[n];
				if (getenv("SLOW") && round == ROUNDS - 1 && us[n] > atof(getenv("SLOW")))
					fprintf(stderr, "%6.0f us  %s\n", us[n], prefix);
				n++;
			}
		}
		sentence_max = sentence;
		search_close(search);
	}
	qsort(us, (size_t)n, sizeof *us, by_value);
	printf("report keystrokes %d\n", n);
	printf("report search_open_ms %.1f\n", open_ms);
	printf("report search_p50_us %.0f\n", n ? us[n / 2] : 0);
	printf("report search_p99_us %.0f\n", n ? us[(int)(n * 0.99)] : 0);
	printf("report sentence_key_max_us %.0f\n", sentence_max);
	store_close(st);
	return 0;
}
