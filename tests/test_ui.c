/* The kiosk's UI, driven in script mode (kiosk/script.c) on the offscreen
 * video driver: the real binary, built with the sanitizers, on the demo
 * content. Trees are read back and checked here; QR codes are decoded from
 * the screenshot's pixels by zbarimg and compared with the tree and with
 * the content file (read with the sqlite3 shell). */
#include <SDL.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

#define KIOSK "build/san/wegweiser"
#define CONTENT "build/content.db"
/* Runs a script at a size; the script's output folder is `dir`. Returns
 * the exit status; stderr in *err (malloc'd). */
static int run_script_env(const char *dir, const char *size, const char *script, const char *env,
			  const char *options, char **err)
{
	return kiosk_script(dir, size, script, env, options, err);
}

static int run_script_with(const char *dir, const char *size, const char *script, const char *options,
			   char **err)
{
	return run_script_env(dir, size, script, "", options, err);
}

static int run_script(const char *dir, const char *size, const char *script, char **err)
{
	return run_script_with(dir, size, script, "", err);
}

static bool takes_input(const struct node *n)
{
	static const char *roles[] = {"button", "link", "item", "letter", "key", "input"};
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(n->role, roles[i]) == 0)
			return true;
	return false;
}

/* No touch target overlaps another; nothing lies outside the screen; touch
 * targets are at least 9 mm high on the default 24-inch panel. */
static void assert_layout(const struct tree *t, int w, int h, const char *where)
{
	double min_h = 9.0 * w / 531.4;
	for (int i = 0; i < t->count; i++) {
		const struct node *a = &t->n[i];
		cr_assert(a->x >= 0 && a->y >= 0 && a->x + a->w <= w && a->y + a->h <= h,
			  "%s: %s \"%s\" at %d,%d %dx%d is outside the screen", where, a->role, a->label,
			  a->x, a->y, a->w, a->h);
		if (!takes_input(a))
			continue;
		for (int j = i + 1; j < t->count; j++) {
			const struct node *b = &t->n[j];
			if (!takes_input(b))
				continue;
			bool apart = a->x + a->w <= b->x || b->x + b->w <= a->x || a->y + a->h <= b->y ||
				     b->y + b->h <= a->y;
			cr_assert(apart, "%s: %s \"%s\" overlaps %s \"%s\"", where, a->role, a->label, b->role,
				  b->label);
		}
	}
	/* Height: only for targets shown whole (a row cut by the list's edge is smaller). */
	for (int i = 0; i < t->count; i++) {
		const struct node *a = &t->n[i];
		if (takes_input(a) && strcmp(a->role, "item") != 0 && strcmp(a->role, "link") != 0)
			cr_assert_geq(a->h, (int)min_h, "%s: %s \"%s\" is %d px high, under 9 mm", where,
				      a->role, a->label, a->h);
	}
}

static char *sql_value(const char *sql)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "sqlite3 %s \"%s\"", CONTENT, sql);
	FILE *p = popen(cmd, "r");
	cr_assert(p);
	char *buf = calloc(1, 4096);
	size_t n = fread(buf, 1, 4095, p);
	pclose(p);
	while (n && (buf[n - 1] == '\n'))
		buf[--n] = '\0';
	return buf;
}

/* Decodes the QR code in one rectangle of a screenshot with zbarimg. */
static char *decode_qr(const char *dir, const char *png, const struct node *q, int i)
{
	char crop[64], out[64];
	snprintf(crop, sizeof crop, "qr-%d.png", i);
	snprintf(out, sizeof out, "qr-%d.txt", i);
	char *cpath = path_join(dir, crop), *opath = path_join(dir, out);
	cr_assert_eq(shell("convert '%s' -crop %dx%d+%d+%d +repage '%s'", png, q->w, q->h, q->x, q->y, cpath), 0);
	int rc = shell("zbarimg --nodbus --raw -q -Sbinary '%s' > '%s'", cpath, opath);
	cr_assert_eq(rc, 0, "zbarimg found no code in %s (%s)", cpath, q->label);
	size_t len;
	char *data = read_file(opath, &len);
	free(cpath);
	free(opath);
	return data;
}

LEAKFREE_TEST(ui, from_z_to_a_contact_point_and_its_qr_codes, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[2048];
	snprintf(script, sizeof script,
		 "expect \"Selbsthilfe finden\"\n"
		 "tap \"@letter:Z\"\n"
		 "expect \"Zwillingselternschaft\"\n"
		 "tap \"Zwillingselternschaft\"\n"
		 "tree %s/topic.tree\n"
		 "tap \"@contact:\"\n"
		 "shot %s/contact.png\n"
		 "tree %s/contact.tree\n", dir, dir, dir);
	int rc = run_script(dir, "1920x1080", script, &err);
	cr_assert_eq(rc, 0, "the script failed:\n%s", err);
	free(err);

	char *path = path_join(dir, "topic.tree");
	struct tree topic = read_tree(path);
	free(path);
	cr_assert(tree_find(&topic, "heading", "-"), "the topic page has no heading");
	cr_assert(tree_find(&topic, "item", "group:"), "Zwillingselternschaft lists no group");
	free(topic.n);

	path = path_join(dir, "contact.tree");
	struct tree t = read_tree(path);
	free(path);
	const struct node *heading = tree_find(&t, "heading", "-");
	cr_assert(heading);
	char sql[2600];
	snprintf(sql, sizeof sql, "SELECT id FROM contact_point WHERE name = '%s'", heading->label);
	char *id = sql_value(sql);
	cr_assert(*id, "the heading \"%s\" is no contact point's name", heading->label);
	snprintf(sql, sizeof sql, "SELECT phone || char(10) || email || char(10) || web FROM contact_point WHERE id = %s", id);
	char *facts = sql_value(sql);
	char phone[64], email[320], web[600];
	cr_assert_eq(sscanf(facts, "%63[^\n]\n%319[^\n]\n%599[^\n]", phone, email, web), 3, "%s", facts);

	char *png = path_join(dir, "contact.png");
	int qrs = 0;
	bool seen_tel = false, seen_mail = false, seen_web = false, seen_vcard = false;
	for (int i = 0; i < t.count; i++) {
		const struct node *q = &t.n[i];
		if (strcmp(q->role, "qr") != 0)
			continue;
		qrs++;
		char *decoded = decode_qr(dir, png, q, i);
		/* zbarimg -Sbinary writes the bytes as they are, with no newline. */
		cr_assert_str_eq(decoded, q->target, "QR \"%s\" decodes to something else", q->label);
		char expect[2200];
		if (strncmp(q->target, "tel:", 4) == 0) {
			snprintf(expect, sizeof expect, "tel:%s", phone);
			cr_assert_str_eq(q->target, expect);
			seen_tel = true;
		} else if (strncmp(q->target, "mailto:", 7) == 0) {
			snprintf(expect, sizeof expect, "mailto:%s", email);
			cr_assert_str_eq(q->target, expect);
			seen_mail = true;
		} else if (strncmp(q->target, "BEGIN:VCARD", 11) == 0) {
			snprintf(expect, sizeof expect, "FN:%s\r\n", heading->label);
			cr_assert(strstr(q->target, expect), "vCard without %s", expect);
			snprintf(expect, sizeof expect, "%s\r\n", phone);
			cr_assert(strstr(q->target, expect), "vCard without the phone");
			cr_assert(strstr(q->target, "VERSION:3.0\r\n"));
			seen_vcard = true;
		} else {
			cr_assert_str_eq(q->target, web);
			seen_web = true;
		}
		free(decoded);
	}
	cr_assert_eq(qrs, 4, "a contact point with phone, e-mail and web shows 4 codes, not %d", qrs);
	cr_assert(seen_tel && seen_mail && seen_web && seen_vcard);
	free(png), free(id), free(facts), free(t.n);
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, idle_reset_returns_to_a_fresh_start, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[2048];
	snprintf(script, sizeof script, "tree %s/fresh.tree\n", dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	/* Deep into the content, in English, scrolled; then 90 s untouched and
	 * the 15 s countdown. */
	snprintf(script, sizeof script,
		 "tap \"@lang:en\"\n"
		 "tap \"@letter:P\"\n"
		 "tap \"@topic:zwillingselternschaft\"\n"
		 "drag 900 900 900 300 200\n"
		 "wait 90500\n"
		 "expect \"Are you still there?\"\n"
		 "wait 15000\n"
		 "tree %s/reset.tree\n"
		 "shot %s/reset.png\n", dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	cr_assert_eq(shell("cmp -s %s/fresh.tree %s/reset.tree", dir, dir), 0,
		     "after the idle reset the start screen differs from a fresh one");
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, a_touch_during_the_countdown_keeps_the_page, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	const char *script =
		"tap \"@letter:Z\"\n"
		"tap \"@topic:zwillingselternschaft\"\n"
		"wait 92000\n"
		"expect \"Sind Sie noch da?\"\n"
		"tap 20 600\n"
		"wait 20000\n"
		"expect \"Zwillingselternschaft\"\n"
		"expect \"Selbsthilfegruppen\"\n";
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	const char *still_there = "wait 92000\nexpect \"Sind Sie noch da?\"\n";
	/* The fresh start screen itself never asks: there is nothing to forget. */
	cr_assert_neq(run_script(dir, "1920x1080", still_there, &err), 0);
	cr_assert(strstr(err, "expected \"Sind Sie noch da?\""), "%s", err);
	free(err);
	scratch_remove(dir);
}

/* Every screen at every size: the app's own frame checks run on each frame
 * (strict in script mode), and the trees are checked again here. */
LEAKFREE_TEST(ui, every_screen_at_three_sizes, .timeout = 300)
{
	static const char *sizes[] = {"1920x1080", "1080x1920", "1280x800"};
	static const char *screens[][2] = {
		{"start", ""},
		{"index", "tap \"@letter:M\"\n"},
		{"topic", "tap \"@letter:D\"\ntap \"@topic:diabetes\"\n"},
		{"contact", "tap \"@letter:D\"\ntap \"@topic:diabetes\"\ntap \"@contact:\"\n"},
		{"group", "tap \"@letter:D\"\ntap \"@topic:diabetes\"\ntap \"@group:\"\n"},
		{"page", "tap \"@page:\"\n"},
		{"picture", "tap \"@letter:A\"\ntap \"@topic:allergie\"\ntap \"Selbsthilfekontaktstelle Musterstadt\"\n"},
		{"search", "tap \"@search\"\n"},
		{"results", "tap \"@search\"\ntap \"@key:k\"\ntap \"@key:r\"\ntap \"@key:e\"\ntap \"@key:b\"\n"},
		{"no-results", "text \"Xqzyvlänglichkeitswortschatzquatsch\"\n"},
		{"search-en", "tap \"@lang:en\"\ntext \"sugar\"\n"},
		{"near", "tap \"@near\"\ntext \"00119\"\n"},
		{"english", "tap \"@lang:en\"\ntap \"@letter:D\"\ntap \"@topic:diabetes\"\n"},
		{"countdown", "tap \"@letter:D\"\nwait 95000\n"},
	};
	char *dir = scratch_dir();
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		int w, h;
		sscanf(sizes[s], "%dx%d", &w, &h);
		for (size_t i = 0; i < sizeof screens / sizeof *screens; i++) {
			char script[1024], *err;
			snprintf(script, sizeof script, "%stree %s/%s-%s.tree\nshot %s/%s-%s.png\n",
				 screens[i][1], dir, screens[i][0], sizes[s], dir, screens[i][0], sizes[s]);
			int rc = run_script(dir, sizes[s], script, &err);
			cr_assert_eq(rc, 0, "%s at %s:\n%s", screens[i][0], sizes[s], err);
			free(err);
			char name[64], where[64];
			snprintf(name, sizeof name, "%s-%s.tree", screens[i][0], sizes[s]);
			snprintf(where, sizeof where, "%s at %s", screens[i][0], sizes[s]);
			char *path = path_join(dir, name);
			struct tree t = read_tree(path);
			cr_assert_gt(t.count, 3, "%s: an empty screen", where);
			if (strcmp(screens[i][0], "countdown") != 0)
				assert_layout(&t, w, h, where);
			free(t.n);
			free(path);
		}
	}
	if (getenv("WW_KEEP_SHOTS"))
		shell("mkdir -p build/shots && cp %s/*.png build/shots/", dir);
	scratch_remove(dir);
}

/* A page's picture: listed with its alternative text, and on screen the
 * very image the content file holds (scaled), not a placeholder. */
/* The start screen is laid out while SDL starts, at the size asked for; a
 * window of another size (a full screen's, known only once SDL runs) gets
 * its first frame laid out again: the same tree and pixels as a start
 * expected at its own size. */
LEAKFREE_TEST(ui, a_start_expected_at_another_size_draws_its_first_frame_for_the_window, .timeout = 120)
{
	char *dir = scratch_dir(), script[1024], *err;
	snprintf(script, sizeof script, "tree %s/as-asked.tree\nshot %s/as-asked.png\n", dir, dir);
	int rc = kiosk_script(dir, "1280x800", script, "", "", &err);
	cr_assert_eq(rc, 0, "%s", err);
	free(err);
	snprintf(script, sizeof script, "tree %s/other.tree\nshot %s/other.png\n", dir, dir);
	rc = kiosk_script(dir, "1280x800", script, "WW_START_SIZE=1920x1080", "", &err);
	cr_assert_eq(rc, 0, "%s", err);
	free(err);
	cr_assert_eq(shell("cmp -s %s/as-asked.tree %s/other.tree", dir, dir), 0, "the first frame's widgets differ");
	cr_assert_eq(shell("test \"$(compare -metric AE %s/as-asked.png %s/other.png null: 2>&1)\" = 0", dir, dir), 0,
		     "the first frame's pixels differ");
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, pictures_show_the_stored_image_with_its_alternative_text, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[512];
	snprintf(script, sizeof script, "tap \"@page:was-ist-selbsthilfe\"\ntree %s/p.tree\nshot %s/p.png\n", dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	char *path = path_join(dir, "p.tree");
	struct tree t = read_tree(path);
	const struct node *img = NULL;
	for (int i = 0; i < t.count && !img; i++)
		if (strcmp(t.n[i].role, "image") == 0)
			img = &t.n[i];
	cr_assert(img, "no picture on the page");
	char *alt = sql_value("SELECT alt FROM media_text JOIN media ON id = media_id WHERE name = 'gruppe' AND lang = 'de'");
	cr_assert_str_eq(img->label, alt);
	cr_assert_gt(img->w, 100);

	/* The stored bytes, scaled to the widget, against the screenshot; and
	 * against a blank area below it, which must differ: the check can. */
	double diff = picture_rmse(dir, "p.png", "gruppe", img->x, img->y, img->w, img->h);
	cr_assert_lt(diff, 0.03, "the picture on screen differs from the stored one: RMSE %.3f", diff);
	diff = picture_rmse(dir, "p.png", "gruppe", img->x, img->y + 600, img->w, img->h);
	cr_assert_gt(diff, 0.03, "compare cannot tell a blank area: RMSE %.3f", diff);
	free(alt);
	free(t.n);
	free(path);
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, a_long_fling_reaches_the_end_and_a_tap_stops_it, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char *last = sql_value("SELECT name FROM topic_text WHERE lang = 'de' ORDER BY sort_key DESC LIMIT 1");
	char script[2048];
	/* Three quick flicks up the list, each 600 px in 60 ms, let run out. */
	snprintf(script, sizeof script,
		 "tap \"@index\"\n"
		 "drag 900 850 900 250 60\nwait 2500\n"
		 "drag 900 850 900 250 60\nwait 2500\n"
		 "drag 900 850 900 250 60\nwait 2500\n"
		 "drag 900 850 900 250 60\nwait 2500\n"
		 "expect \"%s\"\n", last);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	/* A tap during a fling stops it and opens nothing: the tree right after
	 * the tap equals the tree a second later, and it is still the index. */
	snprintf(script, sizeof script,
		 "tap \"@index\"\n"
		 "drag 900 850 900 250 60\n"
		 "wait 100\n"
		 "tap 900 700\n"
		 "tree %s/stopped.tree\n"
		 "wait 1000\n"
		 "tree %s/later.tree\n"
		 "expect \"Themen von A bis Z\"\n", dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	cr_assert_eq(shell("cmp -s %s/stopped.tree %s/later.tree", dir, dir), 0, "the list kept moving");
	char *path = path_join(dir, "later.tree");
	struct tree t = read_tree(path);
	cr_assert_null(tree_find(&t, "button", "idle"), "");
	bool topic_page = false;
	for (int i = 0; i < t.count; i++)
		topic_page |= strcmp(t.n[i].role, "heading") == 0 && strcmp(t.n[i].label, "Selbsthilfegruppen") == 0;
	cr_assert_not(topic_page, "the tap that stopped the fling opened a topic");
	free(t.n), free(path), free(last);
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, bad_scripts_fail_with_their_line)
{
	static const struct { const char *script, *message; } cases[] = {
		{"expect \"Selbsthilfe finden\"\nexpect \"Gibt es nicht\"\n", ":2: expected \"Gibt es nicht\""},
		{"tap 1 1079\n", ":1: tap at 1,1079 hits nothing"},
		{"\n# comment\nhop 1 2\n", ":3: unknown command \"hop\""},
		{"key Ctrl+Q\nexpect \"Selbsthilfe finden\"\n", ":2: the app ended before the script"},
		{"tap \"Nichts\"\n", ":1: tap: no widget labelled \"Nichts\""},
		{"wait soon\n", ":1: wait needs a number"},
	};
	char *dir = scratch_dir();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *err;
		int rc = run_script(dir, "1280x800", cases[i].script, &err);
		cr_assert_neq(rc, 0, "case %zu passed", i);
		cr_assert(strstr(err, cases[i].message), "case %zu: %s", i, err);
		free(err);
	}
	scratch_remove(dir);
}

/* The node whose label is exactly `label`, or NULL. */
/* The first result row: the first item below the search field. */
static const struct node *first_item(const struct tree *t)
{
	for (int i = 0; i < t->count; i++)
		if (strcmp(t->n[i].role, "item") == 0)
			return &t->n[i];
	return NULL;
}

LEAKFREE_TEST(ui, typing_on_the_screen_keyboard_updates_the_results_per_key, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	static const char *const keys[] = {"z", "u", "c", "k"};
	char script[4096];
	int n = snprintf(script, sizeof script, "tap \"@search\"\ntree %s/k0.tree\n", dir);
	for (int i = 0; i < 4; i++)
		n += snprintf(script + n, sizeof script - (size_t)n, "tap \"@key:%s\"\ntree %s/k%d.tree\n",
			      keys[i], dir, i + 1);
	snprintf(script + n, sizeof script - (size_t)n,
		 "shot %s/zuck.png\n"
		 "tap \"@topic:diabetes\"\nexpect \"Diabetes\"\ntap \"@back\"\ntree %s/back.tree\n"
		 "tap \"@key:backspace\"\ntree %s/bs.tree\n"
		 "tap \"@key:space\"\ntap \"@key:ä\"\ntree %s/umlaut.tree\n"
		 "tap \"@key:clear\"\ntree %s/clear.tree\n"
		 "tap \"@lang:en\"\ntree %s/en.tree\n", dir, dir, dir, dir, dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "k0.tree");
	/* German QWERTZ with umlauts and ß, and the three editing keys. */
	static const char *const de_keys[] = {"key:q", "key:z", "key:ü", "key:ö", "key:ä", "key:ß", "key:y",
					      "key:space", "key:backspace", "key:clear"};
	for (size_t i = 0; i < sizeof de_keys / sizeof *de_keys; i++)
		cr_assert(tree_find(&t, "key", de_keys[i]), "no %s", de_keys[i]);
	cr_assert(tree_find(&t, "input", "search"));
	free(t.n);
	/* Each key changes the field and the results at once. */
	const char *typed[] = {"z", "zu", "zuc", "zuck"};
	char last_first[4096] = "";
	int changed = 0;
	for (int i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof name, "k%d.tree", i + 1);
		t = tree_in(dir, name);
		const struct node *field = tree_find(&t, "input", "search");
		cr_assert(field && strcmp(field->label, typed[i]) == 0, "after %s the field shows %s", typed[i],
			  field ? field->label : "nothing");
		const struct node *first = first_item(&t);
		cr_assert(first, "no result for \"%s\"", typed[i]);
		changed += strcmp(first->target, last_first) != 0;
		snprintf(last_first, sizeof last_first, "%s", first->target);
		free(t.n);
	}
	cr_assert_geq(changed, 2, "the first result never changed while typing");
	t = tree_in(dir, "k4.tree");
	cr_assert_str_eq(first_item(&t)->target, "topic:diabetes");
	cr_assert(tree_label(&t, "text", "Thema · gefunden über „Zucker“"), "the reason is not shown");
	free(t.n);
	/* Back from a result: the same search. */
	t = tree_in(dir, "back.tree");
	cr_assert_str_eq(tree_find(&t, "input", "search")->label, "zuck");
	free(t.n);
	t = tree_in(dir, "bs.tree");
	cr_assert_str_eq(tree_find(&t, "input", "search")->label, "zuc");
	free(t.n);
	t = tree_in(dir, "umlaut.tree");
	cr_assert_str_eq(tree_find(&t, "input", "search")->label, "zuc ä");
	free(t.n);
	t = tree_in(dir, "clear.tree");
	cr_assert_str_eq(tree_find(&t, "input", "search")->label, "Suchwort eingeben …");
	cr_assert_null(first_item(&t), "results for nothing typed");
	free(t.n);
	/* English screen, English layout: no umlaut keys, Y on the top row. */
	t = tree_in(dir, "en.tree");
	cr_assert_null(tree_find(&t, "key", "key:ä"));
	cr_assert_null(tree_find(&t, "key", "key:ß"));
	const struct node *y = tree_find(&t, "key", "key:y"), *q = tree_find(&t, "key", "key:q");
	cr_assert(y && q && y->y == q->y, "Y is not on the top row");
	free(t.n);
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, a_hardware_keyboard_types_into_a_new_search, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[1024];
	snprintf(script, sizeof script,
		 "tap \"@letter:A\"\n"
		 "text \"Zöliakie\"\ntree %s/typed.tree\n"
		 "key BackSpace\ntree %s/bs.tree\n"
		 "key Return\nexpect \"Zöliakie\"\ntree %s/opened.tree\n", dir, dir, dir);
	cr_assert_eq(run_script(dir, "1080x1920", script, &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "typed.tree");
	cr_assert_str_eq(tree_find(&t, "input", "search")->label, "Zöliakie");
	cr_assert_str_eq(first_item(&t)->target, "topic:zoeliakie");
	free(t.n);
	t = tree_in(dir, "bs.tree");
	cr_assert_str_eq(tree_find(&t, "input", "search")->label, "Zöliaki");
	free(t.n);
	t = tree_in(dir, "opened.tree");
	cr_assert(tree_label(&t, "heading", "Zöliakie"), "Return did not open the first result");
	free(t.n);
	scratch_remove(dir);
}

/* The line under a result card: the text that follows its item. */
static const char *result_line(const struct tree *t, const struct node *item)
{
	for (const struct node *n = item + 1; n < t->n + t->count && strcmp(n->role, "item") != 0; n++)
		if (strcmp(n->role, "text") == 0)
			return n->label;
	return "";
}

/* No result's line in sight reads like debug output ("Zucker » Diabetes"). */
static void assert_calm_lines(const struct tree *t, const char *where)
{
	for (int i = 0; i < t->count; i++)
		if (strcmp(t->n[i].role, "item") == 0) {
			const char *line = result_line(t, &t->n[i]);
			cr_assert_null(strstr(line, "»"), "%s: %s reads %s", where, t->n[i].label, line);
		}
}

LEAKFREE_TEST(ui, alike_names_in_the_results_are_told_apart_by_their_place, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[1024];
	snprintf(script, sizeof script,
		 "tap \"@search\"\ntext \"Gesprächskreis Depression Beispielhausen\"\ntree %s/alike.tree\n"
		 "tap \"@key:clear\"\ntext \"Musterstadt\"\ntree %s/town.tree\n", dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "alike.tree");
	assert_calm_lines(&t, "alike.tree");
	/* groups 138 and 428 of the demo content: both in Beispielhausen, met
	 * at 00124 and 00122 */
	const char *lines[2];
	int alike = 0;
	for (int i = 0; i < t.count && alike < 2; i++)
		if (strcmp(t.n[i].role, "item") == 0 &&
		    strcmp(t.n[i].label, "Gesprächskreis Depression Beispielhausen") == 0)
			lines[alike++] = result_line(&t, &t.n[i]);
	cr_assert_eq(alike, 2, "the two groups of that name are not both found");
	cr_assert_str_neq(lines[0], lines[1], "the two groups read alike: %s", lines[0]);
	for (int i = 0; i < 2; i++)
		cr_assert(strcmp(lines[i], "Selbsthilfegruppe · 00124 Beispielhausen") == 0 ||
				  strcmp(lines[i], "Selbsthilfegruppe · 00122 Beispielhausen") == 0,
			  "a group's line reads %s", lines[i]);
	free(t.n);
	/* A contact point's place is its own; a group without a town of its
	 * own is placed at its contact point's. */
	t = tree_in(dir, "town.tree");
	assert_calm_lines(&t, "town.tree");
	const struct node *contact = tree_find(&t, "item", "contact:1");
	cr_assert(contact, "the contact point of Musterstadt is not found");
	cr_assert_str_eq(result_line(&t, contact), "Kontaktstelle · 00110 Musterstadt");
	free(t.n);
	scratch_remove(dir);
}

/* Why a result was found, in words of the visitor's language: the alias that
 * found it, never one of another language. */
LEAKFREE_TEST(ui, the_reason_a_result_was_found_is_said_in_words_of_the_visitors_language, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[2048];
	snprintf(script, sizeof script,
		 "tap \"@search\"\ntext \"manic depression\"\ntree %s/de-manic.tree\n"
		 "tap \"@key:clear\"\ntext \"Milchzucker\"\ntree %s/de-milk.tree\n"
		 "tap \"@lang:en\"\ntap \"@key:clear\"\ntext \"sugar\"\ntree %s/en-sugar.tree\n"
		 "tap \"@key:clear\"\ntext \"Zuckerkrankheit\"\ntree %s/en-zucker.tree\n", dir, dir, dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	static const struct {
		const char *tree, *target, *line;
	} cases[] = {
		/* an English alias in the German screen finds the topic, and is not shown */
		{"de-manic.tree", "topic:bipolar", "Thema"},
		{"de-milk.tree", "topic:laktoseintoleranz", "Thema · gefunden über „Milchzuckerunverträglichkeit“"},
		{"en-sugar.tree", "topic:diabetes", "Topic · found via “sugar”"},
		{"en-sugar.tree", "topic:laktoseintoleranz", "Topic · found in the description"},
		/* and a German one in the English screen */
		{"en-zucker.tree", "topic:diabetes", "Topic"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tree t = tree_in(dir, cases[i].tree);
		assert_calm_lines(&t, cases[i].tree);
		const struct node *item = tree_find(&t, "item", cases[i].target);
		cr_assert(item, "%s: %s is not found", cases[i].tree, cases[i].target);
		cr_assert_str_eq(result_line(&t, item), cases[i].line, "%s", cases[i].tree);
		for (int k = 0; k < t.count; k++)
			cr_assert(strcmp(t.n[k].role, "input") == 0 ||
					  (!strstr(t.n[k].label, "manic") && !strstr(t.n[k].label, "Zuckerkrankheit")),
				  "%s shows %s", cases[i].tree, t.n[k].label);
		free(t.n);
	}
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, nothing_found_says_so_and_offers_the_index_and_a_contact_point, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[1024];
	snprintf(script, sizeof script, "tap \"@search\"\ntext \"xqzyv\"\ntree %s/none.tree\n", dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "none.tree");
	cr_assert(tree_label(&t, "heading", "Zu „xqzyv“ haben wir leider nichts gefunden."));
	cr_assert(tree_find(&t, "button", "index"), "no way to the A–Z index");
	cr_assert(tree_find(&t, "button", "near"), "no way to a contact point");
	cr_assert_null(first_item(&t));
	free(t.n);
	/* With the kiosk's place configured, its nearest contact point is named. */
	char *cfg = path_join(dir, "kiosk.ini");
	write_file(cfg, "[kiosk]\npostcode = 00130\n", 25);
	char options[512];
	snprintf(options, sizeof options, "--config %s", cfg);
	cr_assert_eq(run_script_with(dir, "1920x1080", script, options, &err), 0, "%s", err);
	free(err);
	t = tree_in(dir, "none.tree");
	cr_assert(tree_find(&t, "link", "contact:3"), "the contact point of Exempelburg (00130) is not offered");
	free(t.n);
	free(cfg);
	scratch_remove(dir);
}

/* The kilometres in a card's line "00140 Fiktivbach · 153 km" ("unter 1
 * km": 0); -1 for none. */
static double line_km(const char *label)
{
	const char *dot = strstr(label, " · ");
	if (!dot)
		return -1;
	if (strcmp(dot + strlen(" · "), "unter 1 km") == 0)
		return 0;
	char num[32];
	snprintf(num, sizeof num, "%s", dot + strlen(" · "));
	char *comma = strchr(num, ',');
	if (comma)
		*comma = '.';
	double km;
	return sscanf(num, "%lf km", &km) == 1 ? km : -1;
}

LEAKFREE_TEST(ui, near_me_names_the_responsible_contact_point_first, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[2048];
	snprintf(script, sizeof script,
		 "tap \"@near\"\ntree %s/empty.tree\n"
		 "tap \"@key:0\"\ntap \"@key:0\"\ntap \"@key:1\"\ntap \"@key:3\"\ntap \"@key:0\"\n"
		 "tree %s/exact.tree\n"
		 "tap \"@key:backspace\"\ntap \"@key:backspace\"\ntap \"@key:9\"\ntap \"@key:9\"\n"
		 "tree %s/area.tree\n"
		 "tap \"@contact:\"\nexpect \"Adresse\"\nkey Escape\n"
		 "key BackSpace\nkey BackSpace\nkey BackSpace\nkey BackSpace\nkey BackSpace\ntext \"10115\"\n"
		 "tree %s/outside.tree\n", dir, dir, dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	cr_assert_null(strstr(err, "0013"), "the postcode reached the log: %s", err);
	cr_assert_null(strstr(err, "10115"), "the postcode reached the log: %s", err);
	free(err);
	struct tree t = tree_in(dir, "empty.tree");
	cr_assert_null(first_item(&t), "a list before any postcode");
	for (int d = 0; d <= 9; d++) {
		char key[16];
		snprintf(key, sizeof key, "key:%d", d);
		cr_assert(tree_find(&t, "key", key), "no %s", key);
	}
	free(t.n);
	/* 00130 is in Exempelburg's area: its contact point first, under a
	 * kilometre away; the others are hundreds of kilometres off, so they
	 * come under a heading that says so, and only a few. */
	t = tree_in(dir, "exact.tree");
	cr_assert_str_eq(tree_find(&t, "input", "near")->label, "00130");
	cr_assert(tree_label(&t, "heading", "Zuständig für 00130 Exempelburg"));
	cr_assert_str_eq(first_item(&t)->target, "contact:3");
	cr_assert(tree_label(&t, "text", "00130 Exempelburg · unter 1 km"));
	const struct node *farther = tree_label(&t, "heading", "Weiter entfernt");
	cr_assert(farther, "no heading before the far ones");
	cr_assert_null(tree_label(&t, "heading", "Weitere Kontaktstellen in der Nähe"), "none is within 50 km");
	double last = 50;
	int listed = 0;
	for (const struct node *n = farther; n < t.n + t.count; n++) {
		double km = strcmp(n->role, "text") == 0 ? line_km(n->label) : -1;
		if (km < 0)
			continue;
		cr_assert_geq(km, last, "%s comes after %.1f km", n->label, last);
		last = km;
		listed++;
	}
	cr_assert(listed >= 1 && listed <= 3, "%d farther away listed", listed);
	free(t.n);
	/* 00199 is not in the postcode table but in Vorlagenau's area: that
	 * contact point, and no distance guessed. */
	t = tree_in(dir, "area.tree");
	cr_assert(tree_label(&t, "heading", "Zuständig für 00199"));
	char *id = sql_value("SELECT 'contact:' || id FROM contact_point WHERE areas LIKE '%0019%'");
	cr_assert_str_eq(first_item(&t)->target, id);
	free(id);
	for (int i = 0; i < t.count; i++)
		cr_assert_null(strstr(t.n[i].label, " km"), "a distance from an unknown place: %s", t.n[i].label);
	free(t.n);
	/* 10115 is in no area: said plainly, no contact point offered as if it
	 * were the answer, and NAKOS with a code to call and one for its web
	 * page. */
	t = tree_in(dir, "outside.tree");
	cr_assert(tree_label(&t, "heading", "Für die Postleitzahl 10115 ist bei uns keine Kontaktstelle eingetragen."));
	cr_assert_null(first_item(&t), "a contact point offered for 10115");
	cr_assert(tree_find(&t, "qr", "tel:+493031018960"), "no code to call NAKOS");
	cr_assert(tree_find(&t, "qr", "https://www.nakos.de"), "no code for NAKOS's web page");
	free(t.n);
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, the_kiosks_place_orders_contact_points_nearest_first, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char *cfg = path_join(dir, "kiosk.ini"), options[512], script[1024];
	/* A topic served by several contact points. */
	char *slug = sql_value("SELECT t.slug FROM topic t JOIN group_topic gt ON gt.topic_id = t.id"
			       " JOIN self_help_group g ON g.id = gt.group_id GROUP BY t.id"
			       " HAVING count(DISTINCT g.contact_point_id) >= 3 ORDER BY t.slug LIMIT 1");
	cr_assert(slug && *slug);
	snprintf(options, sizeof options, "--config %s", cfg);
	static const char *const places[] = {"00130", "00230"};
	char first[2][4096];
	for (int i = 0; i < 2; i++) {
		char ini[64];
		int n = snprintf(ini, sizeof ini, "[kiosk]\npostcode = %s\n", places[i]);
		write_file(cfg, ini, (size_t)n);
		snprintf(script, sizeof script, "tap \"@near\"\ntree %s/near.tree\ntext \"10115\"\n"
			 "tree %s/outside.tree\ntap \"@home\"\n"
			 "tap \"@letter:A\"\ntap \"@topic:%s\"\ntree %s/topic.tree\n", dir, dir, slug, dir);
		cr_assert_eq(run_script_with(dir, "1920x1080", script, options, &err), 0, "%s", err);
		free(err);
		struct tree t = tree_in(dir, "near.tree");
		char heading[128];
		char *town = NULL;
		char sql[1024];
		snprintf(sql, sizeof sql, "SELECT town FROM postcode WHERE postcode = '%s'", places[i]);
		town = sql_value(sql);
		snprintf(heading, sizeof heading, "Zuständig für diesen Standort (%s %s)", places[i], town);
		cr_assert(tree_label(&t, "heading", heading), "no \"%s\"", heading);
		free(town);
		/* The contact point responsible for where the kiosk stands. */
		snprintf(sql, sizeof sql, "SELECT 'contact:' || id FROM contact_point WHERE areas LIKE '%%%.4s%%'",
			 places[i]);
		char *own = sql_value(sql);
		cr_assert_str_eq(first_item(&t)->target, own);
		free(t.n);
		/* A postcode in no area: the kiosk's own contact point is offered. */
		t = tree_in(dir, "outside.tree");
		cr_assert(tree_label(&t, "heading", "Die Kontaktstelle hier vor Ort"));
		cr_assert_str_eq(first_item(&t)->target, own);
		free(own);
		free(t.n);
		/* On the topic page the nearest of its contact points comes first. */
		t = tree_in(dir, "topic.tree");
		const struct node *link = tree_find(&t, "item", "contact:");
		cr_assert(link);
		snprintf(first[i], sizeof first[i], "%s", link->target);
		snprintf(sql, sizeof sql,
			 "SELECT 'contact:' || c.id FROM contact_point c, postcode p WHERE p.postcode = '%s'"
			 " AND c.id IN (SELECT g.contact_point_id FROM group_topic gt JOIN self_help_group g"
			 " ON g.id = gt.group_id JOIN topic t ON t.id = gt.topic_id WHERE t.slug = '%s')"
			 " ORDER BY (c.lat - p.lat) * (c.lat - p.lat) + (c.lon - p.lon) * (c.lon - p.lon) LIMIT 1",
			 places[i], slug);
		char *nearest = sql_value(sql);
		cr_assert_str_eq(first[i], nearest, "from %s", places[i]);
		free(nearest);
		free(t.n);
	}
	cr_assert_str_neq(first[0], first[1], "the order does not follow the place");
	free(slug);
	free(cfg);
	scratch_remove(dir);
}

LEAKFREE_TEST(ui, the_idle_reset_forgets_what_was_typed, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[1024];
	snprintf(script, sizeof script,
		 "tap \"@search\"\ntext \"Geheimwort\"\ntap \"@home\"\ntap \"@near\"\ntext \"00110\"\n"
		 "wait 106000\ntap \"@search\"\ntree %s/search.tree\ntap \"@home\"\ntap \"@near\"\n"
		 "tree %s/near.tree\n", dir, dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	cr_assert_null(strstr(err, "Geheimwort"), "the query reached the log");
	free(err);
	struct tree t = tree_in(dir, "search.tree");
	cr_assert_str_eq(tree_find(&t, "input", "search")->label, "Suchwort eingeben …");
	free(t.n);
	t = tree_in(dir, "near.tree");
	cr_assert_str_eq(tree_find(&t, "input", "near")->label, "Postleitzahl eingeben");
	free(t.n);
	cr_assert_neq(shell("grep -rq --exclude=test.script Geheimwort %s", dir), 0,
		      "the query was written to a file");
	scratch_remove(dir);
}


/* The kiosk with a data folder, a trusted key and a watched mount folder:
 * a good stick is taken over while it runs; damaged ones are refused, the
 * content in service stays byte for byte, and the kiosk goes on serving. */
LEAKFREE_TEST(ui, a_stick_with_an_update_is_taken_over_and_a_bad_one_is_not, .timeout = 240)
{
	char *dir = scratch_dir(), *err;
	char *pub = path_join(dir, "staff.pub"), *sec = path_join(dir, "staff.key"), *v2 = path_join(dir, "v2.db");
	char *media = path_join(dir, "media"), *stick = path_join(media, "STICK");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", pub, sec), 0);
	cr_assert_eq(shell("build/wegweiser-content build content %s --content-version 2 >/dev/null", v2), 0);
	char script[2048], options[8192];
	snprintf(script, sizeof script,
		 "tree %s/before.tree\nwait 2500\nwait 10\ntree %s/after.tree\nshot %s/after.png\n"
		 "tap \"@update:ok\"\ntap \"@letter:Z\"\nexpect \"Zwillingselternschaft\"\n", dir, dir, dir);
	struct fault {
		const char *name, *damage, *env, *heading, *reason;   /* env: a test hook, set to 300,000 bytes */
	} cases[] = {
		{"good", "true", NULL, "Neue Inhalte übernommen", "Version 2 ist jetzt in Betrieb"},
		{"no signature", "rm STICK/wegweiser/content.db.minisig", NULL, "Update nicht übernommen",
		 "Die Signatur fehlt"},
		{"flipped bit", "printf '\\x10' | dd of=STICK/wegweiser/content.db bs=1 seek=40000 conv=notrunc 2>/dev/null",
		 NULL, "Update nicht übernommen", "nach dem Signieren verändert"},
		{"older", "cp " CONTENT " STICK/wegweiser/content.db && rm STICK/wegweiser/content.db.minisig && "
		 "minisign -S -s STAFFKEY -m STICK/wegweiser/content.db >/dev/null", NULL, "Update nicht übernommen",
		 "nicht neuer als die in Betrieb"},
		{"pulled out", "true", "WW_TEST_READ_FAILS_AFTER", "Update nicht übernommen", "Wurde er abgezogen?"},
		{"disk full", "true", "WW_TEST_DISK_FULL_AFTER", "Update nicht übernommen", "Speicher des Kiosks ist voll"},
		{"truncated", "truncate -s 300000 STICK/wegweiser/content.db", NULL, "Update nicht übernommen",
		 "nach dem Signieren verändert"},
		{"foreign key", "rm STICK/wegweiser/content.db.minisig && minisign -G -W -p STICK/o.pub -s STICK/o.key "
		 ">/dev/null && minisign -S -s STICK/o.key -m STICK/wegweiser/content.db >/dev/null", NULL,
		 "Update nicht übernommen", "dem dieser Kiosk nicht vertraut"},
		{"not our content", "head -c 200000 /dev/urandom > STICK/wegweiser/content.db && rm "
		 "STICK/wegweiser/content.db.minisig && minisign -S -s STAFFKEY -m STICK/wegweiser/content.db >/dev/null",
		 NULL, "Update nicht übernommen", "keine Inhalte, die dieser Kiosk zeigen kann"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct fault *f = &cases[i];
		char *data = path_join(dir, "data");
		shell("rm -rf %s %s && mkdir -p %s", data, media, media);
		struct tool_result r = tool_run("pack", v2, stick, "--sign", sec, NULL);
		cr_assert_eq(r.status, 0, "%s", r.err);
		tool_result_free(&r);
		/* The damage, with STICK the stick and STAFFKEY the secret key. */
		const char *name[] = {"STICK", "STAFFKEY"}, *value[] = {stick, sec};
		char *damage = expand(f->damage, name, value, 2);
		cr_assert_eq(shell("%s", damage), 0, "%s: %s", f->name, damage);
		free(damage);
		snprintf(options, sizeof options, "--data-dir %s --pubkey %s --watch %s", data, pub, media);
		/* The first start fills the data folder from the bundled content. */
		char *current = path_join(data, "current.db");
		if (f->env)   /* the kiosk inherits the test hook */
			setenv(f->env, "300000", 1);
		int rc = run_script_with(dir, "1920x1080", script, options, &err);
		if (f->env)
			unsetenv(f->env);
		cr_assert_eq(rc, 0, "%s: %s", f->name, err);
		free(err);
		char *now = sha256_file(current), *bundled = sha256_file(CONTENT), *update = sha256_file(v2);
		bool good = strcmp(f->name, "good") == 0;
		cr_assert_str_eq(now, good ? update : bundled, "%s: current.db", f->name);
		struct tree t = tree_in(dir, "after.tree");
		cr_assert(tree_label(&t, "heading", f->heading), "%s: no \"%s\"", f->name, f->heading);
		bool said = false;
		for (int j = 0; j < t.count; j++)
			said |= strstr(t.n[j].label, f->reason) != NULL;
		cr_assert(said, "%s: the reason \"%s\" is not shown", f->name, f->reason);
		free(t.n);
		cr_assert_eq(shell("grep -q '%s	version' %s/update.log", good ? "applied" : "refused", data), 0,
				     "%s: not in the update log", f->name);
		free(now);
		free(bundled);
		free(update);
		free(current);
		free(data);
	}
	free(pub);
	free(sec);
	free(v2);
	free(media);
	free(stick);
	scratch_remove(dir);
}


/* The search is opened for the content in service, in the background, at the
 * start and again whenever the content changes: a word only the update has
 * finds its topic once the update is taken over, and nothing once staff
 * roll it back, in one session. */
LEAKFREE_TEST(ui, the_search_follows_an_update_and_its_rollback, .timeout = 180)
{
	char *dir = scratch_dir(), *err;
	char *src = path_join(dir, "src"), *v2 = path_join(dir, "v2.db"), *data = path_join(dir, "data");
	char *pub = path_join(dir, "staff.pub"), *sec = path_join(dir, "staff.key"), *cfg = path_join(dir, "kiosk.ini");
	char *media = path_join(dir, "media"), *stick = path_join(media, "STICK");
	cr_assert_eq(shell("cp -r content %s && printf 'diabetes,de,Quarkwunder\\n' >> %s/aliases.csv", src, src), 0);
	cr_assert_eq(shell("build/wegweiser-content build %s %s --content-version 2 >/dev/null", src, v2), 0);
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null && mkdir -p %s", pub, sec, media), 0);
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; } > %s", cfg), 0);
	struct tool_result r = tool_run("pack", v2, stick, "--sign", sec, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("search", CONTENT, "Quarkwunder", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "", "the bundled content has the word already");
	tool_result_free(&r);
	char script[2048], options[4096];
	snprintf(script, sizeof script,
		 "wait 2500\nwait 10\ntap \"@update:ok\"\n"
		 "tap \"@search\"\ntext \"Quarkwunder\"\ntree %s/updated.tree\ntap \"@home\"\n"
		 "drag 1910 1070 1910 1070 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tap \"@staff:login\"\ntap \"@staff:rollback\"\ntap \"@staff:leave\"\n"
		 "tap \"@search\"\ntext \"Quarkwunder\"\ntree %s/rolled.tree\n", dir, dir);
	snprintf(options, sizeof options, "--config %s --data-dir %s --pubkey %s --watch %s", cfg, data, pub, media);
	cr_assert_eq(run_script_with(dir, "1920x1080", script, options, &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "updated.tree");
	const struct node *first = first_item(&t);
	cr_assert(first, "after the update the search still finds nothing");
	cr_assert_str_eq(first->target, "topic:diabetes");
	free(t.n);
	t = tree_in(dir, "rolled.tree");
	cr_assert_null(first_item(&t), "after the rollback the search still finds the update's word");
	free(t.n);
	free(src), free(v2), free(data), free(pub), free(sec), free(cfg), free(media), free(stick);
	scratch_remove(dir);
}

/* Staff mode: the hidden long press, the PIN with waiting after misses, the
 * kiosk's state, rollback of an update, leaving, and closing when idle. */
LEAKFREE_TEST(ui, staff_mode_behind_a_long_press_and_a_pin, .timeout = 240)
{
	char *dir = scratch_dir(), *err;
	char *pub = path_join(dir, "staff.pub"), *sec = path_join(dir, "staff.key"), *v2 = path_join(dir, "v2.db");
	char *media = path_join(dir, "media"), *stick = path_join(media, "STICK"), *data = path_join(dir, "data");
	char *cfg = path_join(dir, "kiosk.ini");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", pub, sec), 0);
	cr_assert_eq(shell("build/wegweiser-content build content %s --content-version 2 >/dev/null", v2), 0);
	cr_assert_eq(shell("mkdir -p %s && build/wegweiser-content pack %s %s --sign %s >/dev/null", media, v2, stick,
			   sec), 0);
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; } > %s", cfg), 0);
	char options[8192], script[4096];
	snprintf(options, sizeof options, "--config %s --data-dir %s --pubkey %s --watch %s", cfg, data, pub, media);
	snprintf(script, sizeof script,
		 /* the update arrives; staff confirm it */
		 "wait 2100\nwait 10\ntap \"@update:ok\"\n"
		 /* a tap in the corner is nothing; a 5 s press opens the PIN screen */
		 "drag 1910 1070 1910 1070 300\ntree %s/tap.tree\ndrag 1910 1070 1910 1070 5200\ntree %s/pin.tree\n"
		 /* three wrong PINs, then waiting; the right PIN waits too */
		 "tap \"@key:1\"\ntap \"@key:2\"\ntap \"@key:3\"\ntap \"@key:4\"\ntap \"@staff:login\"\n"
		 "tap \"@key:0\"\ntap \"@key:0\"\ntap \"@key:0\"\ntap \"@key:0\"\ntap \"@staff:login\"\n"
		 "tap \"@key:9\"\ntap \"@key:9\"\ntap \"@key:9\"\ntap \"@key:9\"\ntap \"@staff:login\"\n"
		 "tree %s/locked.tree\n"
		 "tap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\ntree %s/locked2.tree\n"
		 "wait 31000\ntap \"@staff:login\"\ntree %s/staff.tree\nshot %s/staff.png\n"
		 "tap \"@staff:rollback\"\ntree %s/rolled.tree\n"
		 "tap \"@staff:leave\"\ntree %s/left.tree\n"
		 /* and once more in, then left alone */
		 "drag 1910 1070 1910 1070 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tap \"@staff:login\"\nexpect \"Wartung verlassen\"\nwait 106000\ntree %s/idle.tree\n",
		 dir, dir, dir, dir, dir, dir, dir, dir, dir);
	cr_assert_eq(run_script_with(dir, "1920x1080", script, options, &err), 0, "%s", err);
	cr_assert_null(strstr(err, "4711"), "the PIN reached the log");
	free(err);
	struct tree t = tree_in(dir, "tap.tree");
	cr_assert_null(tree_find(&t, "button", "staff:login"), "a tap opened staff mode");
	free(t.n);
	t = tree_in(dir, "pin.tree");
	cr_assert(tree_find(&t, "button", "staff:login"), "the long press did not open the PIN screen");
	cr_assert(tree_find(&t, "key", "key:0") && tree_find(&t, "key", "key:9"));
	free(t.n);
	t = tree_in(dir, "locked.tree");
	cr_assert(tree_label(&t, "heading", "Zu viele falsche Versuche. Bitte warten Sie 30 Sekunden."));
	free(t.n);
	t = tree_in(dir, "locked2.tree");
	const struct node *login = tree_find(&t, "button", "staff:login");
	cr_assert(login && strstr(login->flags, "disabled"), "the right PIN is taken while waiting");
	cr_assert_str_eq(tree_find(&t, "input", "staff:pin")->label, "••••", "the PIN is shown");
	free(t.n);
	t = tree_in(dir, "staff.tree");
	bool v2_shown = false, logged = false;
	for (int i = 0; i < t.count; i++) {
		v2_shown |= strncmp(t.n[i].label, "Inhalte: Version 2 vom ", 23) == 0;
		logged |= strstr(t.n[i].label, " Uhr: Version 2 übernommen") != NULL;
	}
	cr_assert(v2_shown, "the staff screen does not show version 2");
	cr_assert(logged, "the staff screen does not show the last update");
	free(t.n);
	t = tree_in(dir, "rolled.tree");
	cr_assert(tree_label(&t, "heading", "Version 1 ist jetzt in Betrieb."));
	cr_assert(tree_find(&t, "button", "staff:rollback"), "no way forward again");
	cr_assert_eq(strncmp(tree_find(&t, "button", "staff:rollback")->label, "Wieder zu Version 2 vom ", 24), 0,
		     "the button does not say it goes forward again");
	free(t.n);
	char *current = path_join(data, "current.db");
	cr_assert_eq(shell("cmp -s %s %s", CONTENT, current), 0, "the rollback did not bring version 1 back");
	cr_assert_eq(shell("grep -q 'rolled back	version 1' %s/update.log", data), 0);
	t = tree_in(dir, "left.tree");
	cr_assert(tree_label(&t, "heading", "Selbsthilfe finden"));
	free(t.n);
	t = tree_in(dir, "idle.tree");
	cr_assert(tree_label(&t, "heading", "Selbsthilfe finden"), "staff mode did not close when left alone");
	free(t.n);
	/* Without a PIN hash in the configuration there is no staff mode. */
	snprintf(script, sizeof script, "drag 1910 1070 1910 1070 5200\ntree %s/none.tree\n", dir);
	cr_assert_eq(run_script(dir, "1920x1080", script, &err), 0, "%s", err);
	free(err);
	t = tree_in(dir, "none.tree");
	cr_assert_null(tree_find(&t, "button", "staff:login"));
	free(t.n);
	free(current);
	free(pub);
	free(sec);
	free(v2);
	free(media);
	free(stick);
	free(data);
	free(cfg);
	scratch_remove(dir);
}


/* Usage statistics: off by default; when on, daily counters only, written
 * atomically to the data folder and exported to a stick from staff mode. */
LEAKFREE_TEST(ui, usage_statistics_count_days_not_visitors, .timeout = 240)
{
	char *dir = scratch_dir(), *err;
	char *pub = path_join(dir, "staff.pub"), *sec = path_join(dir, "staff.key");
	char *media = path_join(dir, "media"), *data = path_join(dir, "data"), *cfg = path_join(dir, "kiosk.ini");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null && mkdir -p %s", pub, sec, media), 0);
	char *stick = path_join(media, "STICK");
	private_mount(stick, "size=8m");   /* statistics go only to a mounted stick */
	free(stick);
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; echo '[stats]';"
			   " echo 'enabled = yes'; } > %s", cfg), 0);
	char options[8192], script[4096];
	snprintf(options, sizeof options, "--config %s --data-dir %s --pubkey %s --watch %s", cfg, data, pub, media);
	snprintf(script, sizeof script,
		 "tap \"@letter:D\"\ntap \"@topic:diabetes\"\ntap \"@contact:\"\ntap \"@home\"\n"
		 "tap \"@search\"\ntap \"@key:z\"\ntap \"@key:u\"\ntap \"@key:c\"\ntap \"@key:k\"\ntap \"@home\"\n"
		 "tap \"@lang:en\"\ntap \"@letter:D\"\ntap \"@topic:diabetes\"\nwait 106000\n"
		 "drag 1910 1070 1910 1070 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tap \"@staff:login\"\ntap \"@staff:export\"\ntree %s/export.tree\n", dir);
	cr_assert_eq(run_script_with(dir, "1920x1080", script, options, &err), 0, "%s", err);
	free(err);
	char *file = NULL;
	struct tree t = tree_in(dir, "export.tree");
	for (int i = 0; i < t.count && !file; i++)
		if (strncmp(t.n[i].label, "Statistik gespeichert: ", 23) == 0)
			file = strdup(t.n[i].label + 23);
	free(t.n);
	cr_assert(file, "no export message");
	cr_assert(strstr(file, "/media/STICK/wegweiser-statistik-"), "%s", file);
	char *csv = read_file(file, NULL);
	cr_assert(csv, "%s was not written", file);
	static const char *const rows[] = {",topic_view,diabetes,2\n", ",qr_shown,tel,1\n", ",qr_shown,vcard,1\n",
					   ",search,,1\n", ",language,de,1\n", ",language,en,1\n"};
	cr_assert_eq(strncmp(csv, "date,what,key,count\n", 20), 0, "%s", csv);
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		cr_assert(strstr(csv, rows[i]), "no row %s in:\n%s", rows[i], csv);
	cr_assert_null(strstr(csv, "zuc"), "what was typed is in the statistics");
	cr_assert_eq(shell("cmp -s %s %s/stats.csv", file, data), 0, "the data folder's counters differ");
	free(csv);
	free(file);
	/* Off unless configured: no file, no export button. */
	shell("rm -rf %s && echo '[staff]' > %s && echo 4711 | build/wegweiser-content passwd >> %s", data, cfg, cfg);
	snprintf(script, sizeof script,
		 "tap \"@letter:D\"\ntap \"@topic:diabetes\"\nwait 106000\n"
		 "drag 1910 1070 1910 1070 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tap \"@staff:login\"\ntree %s/off.tree\n", dir);
	cr_assert_eq(run_script_with(dir, "1920x1080", script, options, &err), 0, "%s", err);
	free(err);
	cr_assert_neq(shell("test -e %s/stats.csv", data), 0, "statistics were kept while off");
	t = tree_in(dir, "off.tree");
	cr_assert_null(tree_find(&t, "button", "staff:export"));
	free(t.n);
	free(pub);
	free(sec);
	free(media);
	free(data);
	free(cfg);
	scratch_remove(dir);
}


/* SDL stamps events with 32-bit milliseconds, which wrap after 49.7 days;
 * a kiosk runs for months. Taps through A-Z, a topic and a contact point
 * just before the wrap (and across it), just after it, and at 400 days
 * must each land where they were meant, with no idle reset after them. */
LEAKFREE_TEST(ui, taps_work_after_49_days_and_400_days_of_uptime, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	static const unsigned long long start[] = {4294967296ULL - 5000, 4294967296ULL + 5000,
						   400ULL * 86400 * 1000};
	char script[4096];
	int n = 0;
	for (int i = 0; i < 3; i++)
		n += snprintf(script + n, sizeof script - (size_t)n,
			      "clock %llu\n"
			      "tap \"@letter:Z\"\nwait 1500\nexpect \"Zwillingselternschaft\"\n"
			      "tap \"@topic:zwillingselternschaft\"\nwait 1500\n"
			      "expect \"Selbsthilfegruppen\"\n"
			      "tap \"@contact:\"\nwait 1500\nexpect \"Adresse\"\ntree %s/contact-%d.tree\n"
			      "tap \"@home\"\n",
			      start[i], dir, i);
	cr_assert_eq(run_script(dir, "1280x800", script, &err), 0, "%s", err);
	free(err);
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof name, "contact-%d.tree", i);
		struct tree t = tree_in(dir, name);
		cr_assert(tree_find(&t, "qr", "tel:"), "run %d: the contact point's page is not shown", i);
		free(t.n);
	}
	scratch_remove(dir);
}

/* A query the content file fails (a damaged disk, say: injected with
 * WW_FAULT) is logged, and the page says plainly that it cannot be shown
 * now, with the header's way back, instead of showing an empty page. */
LEAKFREE_TEST(ui, a_failed_query_says_so_and_the_way_back_works, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[1024];
	snprintf(script, sizeof script,
		 "tap \"@letter:D\"\ntap \"@topic:diabetes\"\ntree %s/failed.tree\n"
		 "tap \"@back\"\nexpect \"Diabetes\"\ntap \"@lang:en\"\ntap \"@letter:D\"\ntap \"@topic:diabetes\"\n"
		 "tree %s/failed-en.tree\ntap \"@home\"\nexpect \"Find self-help\"\n", dir, dir);
	cr_assert_eq(run_script_env(dir, "1280x800", script, "WW_FAULT=query:topic_groups", "", &err), 0, "%s", err);
	cr_assert(strstr(err, "failed the query \"topic_groups\""), "the failure was not logged: %s", err);
	free(err);
	struct tree t = tree_in(dir, "failed.tree");
	cr_assert(tree_label(&t, "heading", "Diese Seite kann gerade nicht angezeigt werden"));
	cr_assert_null(tree_find(&t, "item", "group:"), "groups shown from a failed query");
	const struct node *back = tree_find(&t, "button", "back");
	cr_assert(back && !strstr(back->flags, "disabled"), "no way back");
	free(t.n);
	t = tree_in(dir, "failed-en.tree");
	cr_assert(tree_label(&t, "heading", "This page cannot be shown right now"));
	free(t.n);
	/* Without the fault the same way shows the topic and its groups. */
	cr_assert_eq(run_script(dir, "1280x800", script, &err), 0, "%s", err);
	cr_assert_null(strstr(err, "failed the query"), "%s", err);
	free(err);
	t = tree_in(dir, "failed.tree");
	cr_assert(tree_label(&t, "heading", "Diabetes"));
	cr_assert(tree_find(&t, "item", "group:"));
	free(t.n);
	scratch_remove(dir);
}

/* Three wrong PINs make staff wait, and a restart gives no fresh tries:
 * the waiting state is kept in the data folder. */
LEAKFREE_TEST(ui, the_pin_wait_survives_a_restart, .timeout = 240)
{
	char *dir = scratch_dir(), *err;
	char *cfg = path_join(dir, "kiosk.ini"), *data = path_join(dir, "data");
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; } > %s", cfg), 0);
	char options[4096], script[2048];
	snprintf(options, sizeof options, "--config %s --data-dir %s", cfg, data);
	snprintf(script, sizeof script,
		 "drag 1270 790 1270 790 5200\n"
		 "tap \"@key:1\"\ntap \"@staff:login\"\ntap \"@key:2\"\ntap \"@staff:login\"\n"
		 "tap \"@key:3\"\ntap \"@staff:login\"\ntree %s/first.tree\n", dir);
	cr_assert_eq(run_script_with(dir, "1280x800", script, options, &err), 0, "%s", err);
	free(err);
	/* The next start: the right PIN waits too. */
	snprintf(script, sizeof script,
		 "drag 1270 790 1270 790 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tree %s/again.tree\n", dir);
	cr_assert_eq(run_script_with(dir, "1280x800", script, options, &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "again.tree");
	const struct node *login = tree_find(&t, "button", "staff:login");
	cr_assert(login && strstr(login->flags, "disabled"), "a restart gave fresh PIN tries");
	bool waiting = false;
	for (int i = 0; i < t.count; i++)
		waiting |= strncmp(t.n[i].label, "Zu viele falsche Versuche. Bitte warten Sie ", 44) == 0;
	cr_assert(waiting, "the waiting is not shown after the restart");
	free(t.n);
	/* Once the wait is over (the file says until when), the right PIN works. */
	cr_assert_eq(shell("awk '{ print $1, 0 }' %s/staff-pin-wait > %s/w && mv %s/w %s/staff-pin-wait", data, data,
			   data, data), 0);
	snprintf(script, sizeof script,
		 "drag 1270 790 1270 790 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tap \"@staff:login\"\nexpect \"Wartung verlassen\"\n");
	cr_assert_eq(run_script_with(dir, "1280x800", script, options, &err), 0, "%s", err);
	free(err);
	cr_assert_neq(shell("test -e %s/staff-pin-wait", data), 0, "the misses were kept after the right PIN");
	free(cfg);
	free(data);
	scratch_remove(dir);
}

/* Ctrl+Q ends the program for developers; in kiosk mode it does nothing,
 * and only staff mode's button ends it. */
LEAKFREE_TEST(ui, ctrl_q_quits_but_not_in_kiosk_mode, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	const char *script = "key Ctrl+Q\nkey Ctrl+W\nkey Alt+F4\nkey Escape\nexpect \"Selbsthilfe finden\"\n";
	cr_assert_eq(run_script(dir, "1280x800", script, &err), 1, "Ctrl+Q did not quit: %s", err);
	cr_assert(strstr(err, "the app ended before the script"), "%s", err);
	free(err);
	cr_assert_eq(run_script_with(dir, "1280x800", script, "--kiosk", &err), 0, "%s", err);
	free(err);
	char *cfg = path_join(dir, "kiosk.ini"), options[4096];
	cr_assert_eq(shell("{ echo '[kiosk]'; echo 'lockdown = yes'; echo '[staff]'; echo 4711 | "
			   "build/wegweiser-content passwd; } > %s", cfg), 0);
	snprintf(options, sizeof options, "--config %s", cfg);
	cr_assert_eq(run_script_with(dir, "1280x800", script, options, &err), 0, "%s", err);
	free(err);
	const char *staff = "drag 1270 790 1270 790 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\n"
			    "tap \"@key:1\"\ntap \"@staff:login\"\ntap \"@staff:quit\"\nexpect \"Wartung\"\n";
	cr_assert_eq(run_script_with(dir, "1280x800", staff, options, &err), 1, "staff could not end it: %s", err);
	cr_assert(strstr(err, "the app ended before the script"), "%s", err);
	free(err);
	free(cfg);
	scratch_remove(dir);
}

/* Kiosk mode in a real window, with no window manager and under openbox:
 * Ctrl+Q, Alt+F4, Alt+Tab, Super, F11, right clicks and the window
 * manager's close leave it running and its screen unchanged; SIGTERM ends
 * it (tests/e2e-lockdown.sh). */
/* The width of the dark run starting at (x, y) in row y of `s`. */
static int dark_run(SDL_Surface *s, int x, int y, int end)
{
	int n = 0;
	const Uint8 *row = (const Uint8 *)s->pixels + y * s->pitch;
	while (x + n < end && row[(x + n) * s->format->BytesPerPixel] < 128)
		n++;
	return n;
}

/* The module size and the width in modules of the QR code in `r` of a
 * screenshot, measured from its finder patterns: the top-left one is 7
 * modules wide, the top-right one ends where the symbol does. */
static void measure_qr(SDL_Surface *s, const struct node *r, int *module_px, int *modules)
{
	for (int y = r->y; y < r->y + r->h; y++)
		for (int x = r->x; x < r->x + r->w; x++) {
			int run = dark_run(s, x, y, r->x + r->w);
			if (!run)
				continue;
			*module_px = run / 7;
			int right = r->x + r->w - 1;
			while (right > x && dark_run(s, right, y, right + 1) == 0)
				right--;
			*modules = (right + 1 - x) / (*module_px ? *module_px : 1);
			return;
		}
	*module_px = *modules = 0;
}

/* A phone reads a code from a step away: every code on contact and group
 * pages has modules of at least 0.75 mm and is at least 35 mm wide with its
 * quiet zone, on a 24-inch panel (the default) in each window size; the
 * codes of a group page are as large as a contact page's; and a group with
 * no phone of its own offers its contact point's. Measured in the
 * screenshots, each code also decoded by zbarimg. */
LEAKFREE_TEST(ui, qr_codes_are_large_enough_to_scan_from_a_step_away, .timeout = 300)
{
	static const char *const sizes[] = {"1920x1080", "1080x1920", "1280x800"};
	static const char *const pages[] = {"contact", "group-own", "group-none"};
	for (int z = 0; z < 3; z++) {
		char *dir = scratch_dir(), *err, script[2048];
		snprintf(script, sizeof script,
			 "tap \"@letter:Z\"\ntap \"@topic:zwillingselternschaft\"\ntap \"@contact:\"\n"
			 "shot %s/contact.png\ntree %s/contact.tree\n"
			 "tap \"@home\"\ntext \"Adipositas\"\ntap \"@topic:adipositas\"\ntap \"@group:320\"\n"
			 "shot %s/group-own.png\ntree %s/group-own.tree\n"
			 "tap \"@home\"\ntext \"Alopezie\"\ntap \"@topic:alopezie\"\ntap \"@group:212\"\n"
			 "shot %s/group-none.png\ntree %s/group-none.tree\n", dir, dir, dir, dir, dir, dir);
		cr_assert_eq(run_script(dir, sizes[z], script, &err), 0, "%s", err);
		free(err);
		int w, h;
		sscanf(sizes[z], "%dx%d", &w, &h);
		double px_per_mm = w / (609.6 * w / sqrt((double)w * w + (double)h * h));
		int side[3] = {0};
		for (int p = 0; p < 3; p++) {
			char name[32];
			snprintf(name, sizeof name, "%s.tree", pages[p]);
			struct tree t = tree_in(dir, name);
			snprintf(name, sizeof name, "%s.png", pages[p]);
			char *png = path_join(dir, name);
			SDL_Surface *raw = read_screenshot(png), *shot = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0)
									: NULL;
			cr_assert(shot, "cannot read %s", png);
			int codes = 0;
			for (int i = 0; i < t.count; i++) {
				if (strcmp(t.n[i].role, "qr") != 0)
					continue;
				char *decoded = decode_qr(dir, png, &t.n[i], i);
				cr_assert_str_eq(decoded, t.n[i].target, "%s %s: the code reads otherwise", sizes[z], pages[p]);
				free(decoded);
				int module_px, modules;
				measure_qr(shot, &t.n[i], &module_px, &modules);
				double module_mm = module_px / px_per_mm, width_mm = (modules + 8) * module_px / px_per_mm;
				cr_assert_geq(module_px, 2, "%s %s: %s has %d px modules", sizes[z], pages[p], t.n[i].label,
					      module_px);
				cr_assert_geq(module_mm, 0.75, "%s %s: %s has modules of %.2f mm", sizes[z], pages[p],
					      t.n[i].label, module_mm);
				cr_assert_geq(width_mm, 35.0, "%s %s: %s is %.1f mm wide", sizes[z], pages[p], t.n[i].label,
					      width_mm);
				side[p] = t.n[i].w;
				codes++;
			}
			cr_assert_gt(codes, 0, "%s %s: no QR code", sizes[z], pages[p]);
			if (p == 2)
				cr_assert(tree_find(&t, "qr", "tel:"), "%s: a group without a phone offers no call", sizes[z]);
			SDL_FreeSurface(shot);
			SDL_FreeSurface(raw);
			free(png);
			free(t.n);
		}
		cr_assert_eq(side[1], side[0], "%s: group codes %d px, contact codes %d px", sizes[z], side[1], side[0]);
		cr_assert_eq(side[2], side[0], "%s: the contact point's call code %d px, contact codes %d px", sizes[z],
			     side[2], side[0]);
		scratch_remove(dir);
	}
}

/* At every size: the start screen shows all its ways in (every info page
 * whole, above the footer); a tap on Z marks Z, even where the list ends
 * before Z reaches the top; on a portrait screen the typed text stands
 * right above the keys. */
LEAKFREE_TEST(ui, start_letters_and_typing_fit_every_size, .timeout = 180)
{
	static const char *const sizes[] = {"1920x1080", "1080x1920", "1280x800"};
	for (int z = 0; z < 3; z++) {
		char *dir = scratch_dir(), *err, script[1024];
		snprintf(script, sizeof script,
			 "tree %s/start.tree\ntap \"@letter:Z\"\ntree %s/z.tree\ntap \"@home\"\n"
			 "tap \"@search\"\ntree %s/search.tree\ntap \"@near\"\ntree %s/near.tree\n", dir, dir, dir, dir);
		cr_assert_eq(run_script(dir, sizes[z], script, &err), 0, "%s", err);
		free(err);
		int w, h;
		sscanf(sizes[z], "%dx%d", &w, &h);
		struct tree t = tree_in(dir, "start.tree");
		int footer_y = h, pages = 0;
		for (int i = 0; i < t.count; i++)
			if (strncmp(t.n[i].label, "Stand der Inhalte", 17) == 0)
				footer_y = t.n[i].y;
		const struct node *index = tree_find(&t, "button", "index");
		cr_assert(index && index->y + index->h <= footer_y, "%s: no whole way to all topics", sizes[z]);
		for (int i = 0; i < t.count; i++)
			if (strcmp(t.n[i].role, "item") == 0 && strncmp(t.n[i].target, "page:", 5) == 0) {
				cr_assert_leq(t.n[i].y + t.n[i].h, footer_y, "%s: %s is cut off", sizes[z], t.n[i].label);
				cr_assert_geq(t.n[i].h, 40, "%s: %s is cut off", sizes[z], t.n[i].label);
				pages++;
			}
		cr_assert_eq(pages, 4, "%s: %d of 4 info pages in sight", sizes[z], pages);
		free(t.n);
		t = tree_in(dir, "z.tree");
		cr_assert(strstr(tree_find(&t, "letter", "letter:Z")->flags, "current"), "%s: Z is not marked", sizes[z]);
		cr_assert_null(strstr(tree_find(&t, "letter", "letter:W")->flags, "current"), "%s: W is marked", sizes[z]);
		free(t.n);
		static const char *const typing[] = {"search.tree", "near.tree"};
		for (int k = 0; h > w && k < 2; k++) {
			t = tree_in(dir, typing[k]);
			const struct node *field = NULL;
			int keys_top = h;
			for (int i = 0; i < t.count; i++) {
				if (strcmp(t.n[i].role, "input") == 0)
					field = &t.n[i];
				if (strcmp(t.n[i].role, "key") == 0 && t.n[i].y < keys_top)
					keys_top = t.n[i].y;
			}
			cr_assert(field);
			int between = keys_top - (field->y + field->h);
			cr_assert(between >= 0 && between <= 40, "%s %s: %d px between the field and the keys", sizes[z],
				  typing[k], between);
			free(t.n);
		}
		scratch_remove(dir);
	}
}

/* "Check the USB stick now" with no stick in answers within seconds, in
 * words; with no data folder there is no rollback to offer, and the screen
 * says why in the staff's language. */
LEAKFREE_TEST(ui, staff_see_plain_answers, .timeout = 240)
{
	char *dir = scratch_dir(), *err;
	char *pub = path_join(dir, "k.pub"), *sec = path_join(dir, "k.key"), *media = path_join(dir, "media");
	char *data = path_join(dir, "data"), *cfg = path_join(dir, "kiosk.ini");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null && mkdir -p %s", pub, sec, media), 0);
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; } > %s", cfg), 0);
	char options[8192], script[2048];
	const char *login = "drag 1270 790 1270 790 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\n"
			    "tap \"@key:1\"\ntap \"@staff:login\"\n";
	snprintf(options, sizeof options, "--config %s --data-dir %s --pubkey %s --watch %s", cfg, data, pub, media);
	snprintf(script, sizeof script, "%stree %s/staff.tree\ntap \"@staff:stick\"\ntree %s/checking.tree\n"
		 "wait 3000\ntree %s/none.tree\n", login, dir, dir, dir);
	cr_assert_eq(run_script_with(dir, "1280x800", script, options, &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "staff.tree");
	cr_assert(tree_label(&t, "text", "Noch keine Updates."));
	cr_assert(tree_label(&t, "text", "Keine vorige Version vorhanden"));
	cr_assert_null(tree_find(&t, "button", "staff:rollback"), "a rollback offered with nothing to go back to");
	free(t.n);
	t = tree_in(dir, "checking.tree");
	cr_assert(strstr(tree_find(&t, "button", "staff:stick")->flags, "disabled"), "a second check while one runs");
	free(t.n);
	t = tree_in(dir, "none.tree");
	cr_assert(tree_label(&t, "heading", "Kein USB-Stick mit einem Update gefunden. Steckt er ganz, und liegt der "
				  "Ordner „wegweiser“ darauf?"), "no answer within 3 s");
	cr_assert_null(strstr(tree_find(&t, "button", "staff:stick")->flags, "disabled"));
	free(t.n);
	/* Without a data folder: no updates, said in English too. */
	snprintf(options, sizeof options, "--config %s --lang en", cfg);
	snprintf(script, sizeof script, "%stree %s/plain.tree\n", login, dir);
	cr_assert_eq(run_script_with(dir, "1280x800", script, options, &err), 0, "%s", err);
	free(err);
	t = tree_in(dir, "plain.tree");
	cr_assert(tree_label(&t, "text", "No data folder: no updates from USB sticks and no going back to the previous "
				  "version."));
	cr_assert_null(tree_find(&t, "button", "staff:rollback"));
	cr_assert_null(tree_find(&t, "button", "staff:stick"));
	free(t.n);
	free(pub);
	free(sec);
	free(media);
	free(data);
	free(cfg);
	scratch_remove(dir);
}

LEAKFREE_TEST(e2e, kiosk_mode_cannot_be_left_in_a_real_window, .timeout = 120)
{
	int rc = shell("xvfb-run -a -s '-screen 0 1280x800x24' sh tests/e2e-lockdown.sh build/wegweiser");
	cr_assert_eq(rc, 0, "kiosk mode could be left (messages above)");
}

/* After the idle reset, what a visitor typed is nowhere in the kiosk's
 * memory: a marker word typed into a real window is found in the process's
 * writable memory while it is shown and in none after the reset
 * (tests/e2e-forget.sh, about 70 s: once plain, once with speech on). */
LEAKFREE_TEST(e2e, the_idle_reset_leaves_nothing_typed_in_memory, .timeout = 240)
{
	int rc = shell("xvfb-run -a -s '-screen 0 1280x800x24' sh tests/e2e-forget.sh build/wegweiser");
	cr_assert_eq(rc, 0, "what was typed is still in memory (messages above)");
}

/* Dead keys on a physical keyboard type accents through the kiosk's own
 * small compose table, not the locale's big one, and a site's
 * XCOMPOSEFILE is kept (tests/e2e-compose.sh, about 20 s). */
LEAKFREE_TEST(e2e, dead_keys_type_accents_with_the_kiosks_compose_table, .timeout = 120)
{
	int rc = shell("xvfb-run -a -n 140 -s '-screen 0 1280x800x24 -noreset' sh tests/e2e-compose.sh build/wegweiser");
	cr_assert_eq(rc, 0, "typing with dead keys failed (messages above)");
}

/* With no session bus given, the kiosk starts none: libdbus would fork it
 * to look for dbus-launch along the PATH, where a stand-in here leaves a
 * mark. */
LEAKFREE_TEST(e2e, no_session_bus_is_launched_for_the_kiosk, .timeout = 60)
{
	char *dir = scratch_dir();
	char bin[PATH_MAX], mark[PATH_MAX], script[PATH_MAX];
	snprintf(bin, sizeof bin, "%s/dbus-launch", dir);
	snprintf(mark, sizeof mark, "%s/launched", dir);
	snprintf(script, sizeof script, "%s/quit.script", dir);
	char stand_in[PATH_MAX + 64];
	snprintf(stand_in, sizeof stand_in, "#!/bin/sh\necho \"$*\" >> %s\nexit 1\n", mark);
	write_file(bin, stand_in, strlen(stand_in));
	cr_assert_eq(chmod(bin, 0755), 0);
	write_file(script, "quit\n", 5);
	int rc = shell("env -u DBUS_SESSION_BUS_ADDRESS PATH='%s':\"$PATH\" xvfb-run -a -s '-screen 0 1280x800x24' "
		       "build/wegweiser --content build/content.db --script '%s'", dir, script);
	cr_assert_eq(rc, 0);
	cr_assert_not(file_exists(mark), "the kiosk ran dbus-launch");
	scratch_remove(dir);
}

/* SIGTERM ends the kiosk within seconds and cleanly wherever it finds it:
 * idle, and between SDL's last look for a stop and its wait for the next
 * event, a gap tests/slow-wait.c widens (tests/e2e-stop.sh, about 15 s). */
LEAKFREE_TEST(e2e, sigterm_ends_the_kiosk_wherever_it_waits, .timeout = 120)
{
	int rc = shell("xvfb-run -a -s '-screen 0 1280x800x24' sh tests/e2e-stop.sh build/wegweiser build/slow-wait.so");
	cr_assert_eq(rc, 0, "SIGTERM did not end the kiosk (messages above)");
}

/* The search opens only after the first frame is shown: before it, it took
 * the CPU and the store from the start. The dynamic linker's own log
 * (LD_DEBUG=files) says when libstemmer, which only the search's opening
 * loads, came in; it must come after the kiosk's report of its first
 * frame, on the same stderr. */
LEAKFREE_TEST(e2e, the_search_opens_after_the_first_frame, .timeout = 60)
{
	char *dir = scratch_dir();
	char *log_path = path_join(dir, "stderr.txt");
	shell("xvfb-run -a -s '-screen 0 1280x800x24' sh -c '"
	      "LD_DEBUG=files WW_REPORT=1 build/wegweiser --content build/content.db --size 1280x800 2> %s & p=$!; i=0;"
	      " until grep -q \"file=libstemmer\" %s; do i=$((i + 1)); [ $i -lt 100 ] || break; sleep 0.1; done;"
	      " kill $p; wait $p'",
	      log_path, log_path);
	char *log = read_file(log_path, NULL);
	cr_assert_not_null(log);
	const char *frame = strstr(log, "report rss_first_frame_kb");
	const char *stemmer = strstr(log, "file=libstemmer");
	cr_assert_not_null(frame, "no first frame was reported");
	cr_assert_not_null(stemmer, "the search never opened (libstemmer was not loaded within 10 s)");
	cr_assert_lt(frame, stemmer, "libstemmer was loaded before the first frame: the search opened before it");
	free(log);
	free(log_path);
	scratch_remove(dir);
}

LEAKFREE_TEST(e2e, clicked_in_a_real_window_under_xvfb, .timeout = 120)
{
	int rc = shell("xvfb-run -a -s '-screen 0 1280x800x24' sh tests/e2e.sh build/wegweiser");
	cr_assert_eq(rc, 0, "the end-to-end run failed (its messages are above)");
}

/* Crisis help: one tap from every screen, in every interface language,
 * and every code on the crisis screen dials a real national number
 * exactly as tests/data/national_numbers.tsv has it (decoded from the
 * pixels, the page scrolled through). */
LEAKFREE_TEST(ui, crisis_help_is_one_tap_away_with_the_real_numbers, .timeout = 300)
{
	/* The crisis lines' numbers to dial: the list's, less the content's
	 * information services (NAKOS), which are no crisis lines. */
	char *info = sql_value("SELECT group_concat(phone, ' ') FROM service WHERE crisis = 0");
	char expect[32][40], line[512];
	int nexpect = 0;
	FILE *fp = fopen("tests/data/national_numbers.tsv", "r");
	cr_assert(fp);
	while (fgets(line, sizeof line, fp)) {
		char written[64], dial[32];
		if (line[0] == '#' || sscanf(line, "%63[^\t]\t%31[^\t]", written, dial) != 2 || strstr(info, dial))
			continue;
		cr_assert_lt(nexpect, 32);
		snprintf(expect[nexpect++], sizeof expect[0], "tel:%s", dial);
	}
	fclose(fp);
	free(info);
	cr_assert_geq(nexpect, 9, "112, 110, the TelefonSeelsorge, … are not all in the list");
	static const char *const langs[] = {"de", "en"};
	static const char *const label[] = {"Akute Krise? Sofort Hilfe", "In crisis? Help now"};
	for (int l = 0; l < 2; l++) {
		char *dir = scratch_dir(), *err, script[4096];
		/* Each screen's tree, the crisis screen from a topic's button,
		 * then three looks down its page. */
		snprintf(script, sizeof script,
			 "tap \"@lang:%s\"\ntree %s/s0.tree\ntap \"@index\"\ntree %s/s1.tree\ntap \"@letter:D\"\n"
			 "tap \"@topic:depression\"\ntree %s/s2.tree\ntap \"@group:\"\ntree %s/s3.tree\nkey Escape\n"
			 "tap \"@contact:\"\ntree %s/s4.tree\ntap \"@home\"\ntap \"@search\"\ntree %s/s5.tree\n"
			 "tap \"@near\"\ntree %s/s6.tree\ntap \"@home\"\ntap \"@letter:D\"\ntap \"@topic:depression\"\n"
			 "tap \"@crisis\"\ntree %s/c0.tree\nshot %s/c0.png\n"
			 "drag 540 1500 540 900 400\nwait 2000\ntree %s/c1.tree\nshot %s/c1.png\n"
			 "drag 540 1500 540 900 400\nwait 2000\ntree %s/c2.tree\nshot %s/c2.png\n",
			 langs[l], dir, dir, dir, dir, dir, dir, dir, dir, dir, dir, dir, dir, dir);
		cr_assert_eq(run_script(dir, "1080x1920", script, &err), 0, "%s", err);
		free(err);
		for (int i = 0; i <= 6; i++) {
			char name[32];
			snprintf(name, sizeof name, "s%d.tree", i);
			struct tree t = tree_in(dir, name);
			const struct node *b = tree_find(&t, "button", "crisis");
			cr_assert(b, "%s: no crisis button on screen %d", langs[l], i);
			cr_assert_str_eq(b->label, label[l]);
			free(t.n);
		}
		struct tree topic = tree_in(dir, "s2.tree");
		cr_assert(tree_find(&topic, "item", "crisis"), "%s: a sensitive topic has no crisis box", langs[l]);
		free(topic.n);
		bool seen[32] = {false};
		for (int k = 0; k < 3; k++) {
			char name[32], png_name[32];
			snprintf(name, sizeof name, "c%d.tree", k);
			snprintf(png_name, sizeof png_name, "c%d.png", k);
			struct tree t = tree_in(dir, name);
			char *png = path_join(dir, png_name);
			for (int i = 0; i < t.count; i++) {
				const struct node *q = &t.n[i];
				if (strcmp(q->role, "qr") != 0 || q->w != q->h)
					continue;   /* partly scrolled out of sight */
				char *decoded = decode_qr(dir, png, q, 100 * k + i);
				cr_assert_str_eq(decoded, q->target, "%s: \"%s\" reads otherwise", langs[l], q->label);
				int e = 0;
				while (e < nexpect && strcmp(expect[e], decoded) != 0)
					e++;
				cr_assert_lt(e, nexpect, "%s: the crisis screen dials %s, which is not in the list", langs[l],
					     decoded);
				seen[e] = true;
				free(decoded);
			}
			free(png);
			free(t.n);
		}
		for (int e = 0; e < nexpect; e++)
			cr_assert(seen[e], "%s: no code dials %s", langs[l], expect[e]);
		scratch_remove(dir);
	}
}

#define MAX_KEY_STEPS 80

/* As a visitor at a keyboard: presses (the script lines `press`) until
 * the focus rests on a widget whose target starts with `want` (one run, a
 * tree after each press), and adds those presses to `keys`. */
static void press_until(const char *dir, const char *size, char *keys, size_t cap, const char *press,
			const char *want)
{
	char *script = malloc(65536), *err;
	int n = snprintf(script, 65536, "%s", keys);
	for (int i = 0; i < MAX_KEY_STEPS; i++)
		n += snprintf(script + n, 65536 - (size_t)n, "%s\ntree %s/step-%d.tree\n", press, dir, i);
	cr_assert_eq(run_script(dir, size, script, &err), 0, "%s", err);
	free(err);
	free(script);
	for (int i = 0; i < MAX_KEY_STEPS; i++) {
		char name[32];
		snprintf(name, sizeof name, "step-%d.tree", i);
		struct tree t = tree_in(dir, name);
		const struct node *f = focused(&t);
		bool there = f && strncmp(f->target, want, strlen(want)) == 0;
		free(t.n);
		size_t len = strlen(keys);
		snprintf(keys + len, cap - len, "%s\n", press);
		if (there)
			return;
	}
	cr_assert_fail("%s: %d presses of %s never reach %s", size, MAX_KEY_STEPS, press, want);
}

/* Keys alone, as a blind visitor with a keypad or someone who cannot
 * touch: from the start screen to a contact point's QR codes and back,
 * the focus visible at every step and where the visitor left it on the
 * way back. In landscape with Tab, in portrait with the keypad's 2 and 5
 * (with Num Lock on, so each also sends its digit as text). */
LEAKFREE_TEST(ui, keys_alone_reach_a_contact_points_codes_and_back, .timeout = 300)
{
	static const struct { const char *size, *next, *enter; } runs[] = {
		{"1920x1080", "key Tab", "key Return"},
		{"1080x1920", "key \"Keypad 2\"\ntext \"2\"", "key \"Keypad 5\"\ntext \"5\""},
	};
	for (int r = 0; r < 2; r++) {
		char *dir = scratch_dir(), *err, keys[16384] = "";
		const char *size = runs[r].size;
		static const char *const way[] = {"letter:Z", "topic:zwillingselternschaft", "contact:"};
		for (int w = 0; w < 3; w++) {
			press_until(dir, size, keys, sizeof keys, runs[r].next, way[w]);
			size_t len = strlen(keys);
			snprintf(keys + len, sizeof keys - len, "%s\n", runs[r].enter);
		}
		char script[20000];
		snprintf(script, sizeof script, "%stree %s/contact.tree\nkey Escape\ntree %s/topic.tree\nkey Escape\n"
			 "tree %s/index.tree\nkey Escape\ntree %s/start.tree\n", keys, dir, dir, dir, dir);
		cr_assert_eq(run_script(dir, size, script, &err), 0, "%s", err);
		free(err);
		cr_assert_null(strstr(keys, "tap"), "not by keys alone");
		struct tree t = tree_in(dir, "contact.tree");
		int codes = 0;
		for (int i = 0; i < t.count; i++)
			codes += strcmp(t.n[i].role, "qr") == 0 && t.n[i].w == t.n[i].h && t.n[i].y >= 0;
		cr_assert_geq(codes, 2, "%s: the contact point's codes are not in sight", size);
		cr_assert(focused(&t), "%s: the focus was lost on the contact page", size);
		free(t.n);
		/* Back: the focus where the visitor left each screen. */
		static const char *const back[][2] = {
			{"topic.tree", "contact:"}, {"index.tree", "topic:zwillingselternschaft"}, {"start.tree", "letter:Z"}};
		for (int b = 0; b < 3; b++) {
			t = tree_in(dir, back[b][0]);
			const struct node *f = focused(&t);
			cr_assert(f, "%s: no focus on %s", size, back[b][0]);
			cr_assert(strncmp(f->target, back[b][1], strlen(back[b][1])) == 0, "%s: %s focuses %s, not %s", size,
				  back[b][0], f->target, back[b][1]);
			free(t.n);
		}
		scratch_remove(dir);
	}
}

/* A link whose name is wider than its column (a long topic name at the
 * largest text) goes on two lines inside the column; it ran past the
 * column's edge and failed the frame check. */
LEAKFREE_TEST(ui, a_long_link_wraps_inside_its_column, .timeout = 120)
{
	char *dir = scratch_dir(), *err, script[1024];
	snprintf(script, sizeof script,
		 "tap \"@setting:text\"\ntap \"@setting:text\"\ntap \"@search\"\ntext \"psychisch krank Familie\"\n"
		 "tap \"@topic:angehoerige-psychisch-erkrankter\"\ntap \"@group:120\"\n"
		 "drag 300 600 300 150 400\nwait 1500\ntree %s/group.tree\n", dir);
	cr_assert_eq(kiosk_script(dir, "1280x800", script, "", "", &err), 0, "%s", err);
	free(err);
	struct tree t = tree_in(dir, "group.tree");
	const struct node *link = tree_find(&t, "link", "topic:angehoerige-psychisch-erkrankter");
	cr_assert_not_null(link, "the topic link is not on the group page");
	const struct node *contact = tree_find(&t, "link", "contact:8");
	cr_assert_not_null(contact);
	/* Two lines are taller than a one-line link's target height. */
	cr_assert_gt(link->h, contact->h, "the long name is on one line: %d px high", link->h);
	free(t.n);
	scratch_remove(dir);
}
