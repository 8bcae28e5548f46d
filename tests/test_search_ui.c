/* Searching by the kiosk's on-screen keyboard: the real binary, built with
 * the sanitizers, in script mode on the offscreen video driver and the demo
 * content. After every key the tree the kiosk wrote is compared with what
 * search_run() finds for the text typed so far, so the list is the search's
 * and changes with the key. Whether a keystroke's search fits in a frame is
 * measured by `make bench` (search-bench), not here: frame times under the
 * sanitizers say nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "search.h"
#include "store.h"

#define KIOSK "build/san/wegweiser"
#define CONTENT "build/content.db"
#define MAX_ITEMS 64

/* The result rows of a tree (role "item"), in order: their targets. */
struct items {
	char target[MAX_ITEMS][96];
	int n;
	char field[256];        /* the search field's label */
};

static struct items read_items(const char *path)
{
	struct items it = {.n = 0};
	char *text = read_file(path, NULL);
	cr_assert(text, "no tree at %s", path);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *f[8];
		int k = 0;
		for (char *p = line; p && k < 8; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		cr_assert_eq(k, 8, "a tree line has %d fields, not 8", k);
		if (strcmp(f[0], "item") == 0 && it.n < MAX_ITEMS)
			snprintf(it.target[it.n++], sizeof it.target[0], "%s", f[7]);
		else if (strcmp(f[0], "input") == 0 && strcmp(f[7], "search") == 0)
			snprintf(it.field, sizeof it.field, "%s", f[6]);
	}
	free(text);
	return it;
}

LEAKFREE_TEST(search_ui, a_sentence_typed_key_by_key_finds_its_topic_first, .timeout = 180)
{
	static const char typed[] = "ich trinke zu viel";
	enum { KEYS = sizeof typed - 1 };
	char *dir = scratch_dir(), *script_path = path_join(dir, "type.script"), *err_path = path_join(dir, "err");
	char script[8192];
	int len = snprintf(script, sizeof script, "tap \"@search\"\n");
	for (int i = 0; i < KEYS; i++)
		len += snprintf(script + len, sizeof script - (size_t)len, "tap \"@key:%s\"\ntree %s/k%02d.tree\n",
				typed[i] == ' ' ? "space" : (char[]){typed[i], '\0'}, dir, i + 1);
	cr_assert_lt(len, (int)sizeof script);
	write_file(script_path, script, (size_t)len);
	int rc = shell("SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none ASAN_OPTIONS=detect_leaks=1 "
		       "LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 "
		       "%s --content %s --size 1920x1080 --script %s 2>%s", KIOSK, CONTENT, script_path, err_path);
	char *err = read_file(err_path, NULL);
	cr_assert_eq(rc, 0, "the kiosk failed: %s", err ? err : "");
	free(err);

	/* The search the kiosk runs, in-process, for comparison. */
	char msg[256];
	struct store *st = store_open(CONTENT, msg, sizeof msg);
	cr_assert(st, "%s", msg);
	struct search *s = search_open(store_db(st), msg, sizeof msg);
	cr_assert(s, "%s", msg);
	static struct search_result r[60];
	int changed = 0;
	char last_first[96] = "";
	for (int i = 0; i < KEYS; i++) {
		char name[64], prefix[sizeof typed];
		snprintf(name, sizeof name, "%s/k%02d.tree", dir, i + 1);
		snprintf(prefix, sizeof prefix, "%.*s", i + 1, typed);
		struct items it = read_items(name);
		cr_assert_str_eq(it.field, prefix, "after key %d the field shows \"%s\"", i + 1, it.field);
		int n = search_run(s, prefix, "de", r, 60);
		cr_assert(n > 0, "\"%s\" finds nothing", prefix);
		cr_assert_gt(it.n, 0, "\"%s\": no result rows", prefix);
		/* The rows shown are the search's, in its order. */
		for (int k = 0; k < it.n && k < n; k++)
			cr_assert_str_eq(it.target[k], r[k].target, "\"%s\": row %d", prefix, k + 1);
		changed += strcmp(it.target[0], last_first) != 0;
		snprintf(last_first, sizeof last_first, "%s", it.target[0]);
	}
	char last_path[256];
	snprintf(last_path, sizeof last_path, "%s/k%02d.tree", dir, KEYS);
	struct items last = read_items(last_path);
	cr_assert_str_eq(last.target[0], "topic:alkohol", "\"%s\" lists %s first", typed, last.target[0]);
	cr_assert_geq(changed, 3, "the first row changed only %d times while typing", changed);
	search_close(s);
	store_close(st);
	free(script_path);
	free(err_path);
	scratch_remove(dir);
}
