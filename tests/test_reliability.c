/* Reliability: the kiosk out of memory (WW_FAULT=alloc, kiosk/fault.c) and
 * out of disk (a small tmpfs of its own for the data folder), and the files
 * it writes staying small over a year of use (update.log's rotation, the
 * statistics' row cap, the whole data folder after a year in script mode).
 * Every kiosk here is the sanitizer build: surviving means no crash, no
 * sanitizer error and no leak, and the screen drawn whole again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"
#include "stats.h"
#include "update.h"

#define SIZE "1280x800"

/* A visit through a topic's groups and the search; memory fails on the
 * first pass (checks warn: a screen that could not be built is told, not
 * fatal), and the second pass, with memory back, must go all the way:
 * after the idle reset, or without a touch (the start screen that failed
 * is tried again), the start screen is there. */
#define VISIT                                                                                      \
	"tap \"@index\"\ntap \"@letter:D\"\ntap \"@topic:diabetes\"\ntap \"@group:\"\ntap \"@home\"\n"     \
	"tap \"@search\"\ntext \"zucker\"\n"

/* Allocation N (COUNT of them from N on) fails somewhere on a visit: the
 * screen's state, a text of the frame, a store row, SQLite's own memory,
 * the search. The numbers are spread over the visit's 6,300 or so counted
 * allocations (WW_FAULT=alloc:0 counts them). */
LEAKFREE_TEST(reliability, out_of_memory_on_a_visit_is_survived, .timeout = 900)
{
	static const char *const faults[] = {"1",    "98",   "195",  "389",  "583",  "874",   "1262",
					     "1553", "2717", "3008", "4500", "6306", "98:40", "1:100"};
	char *dir = scratch_dir(), *err;
	char script[4096];
	snprintf(script, sizeof script,
		 "checks warn\n" VISIT "checks stop\nwait 10000\nclock +200000\nwait 100\n"
		 "expect \"Selbsthilfe finden\"\n" VISIT
		 "key Home\ntap \"@index\"\ntap \"@letter:D\"\ntap \"@topic:diabetes\"\ntree %s/after.tree\n",
		 dir);
	for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
		char env[64];
		snprintf(env, sizeof env, "WW_FAULT=alloc:%s", faults[i]);
		int rc = kiosk_script(dir, SIZE, script, env, "", &err);
		cr_assert_eq(rc, 0, "%s: the kiosk did not come through: %s", env, err);
		cr_assert(strstr(err, "made to fail"), "%s: no allocation failed: %s", env, err);
		struct tree t = tree_in(dir, "after.tree");
		cr_assert(tree_find(&t, "item", "group:"), "%s: the topic's groups are not back", env);
		free(t.n);
		/* A frame that lost a text is not shown, and the next is whole. */
		if (strcmp(faults[i], "98") == 0 || strcmp(faults[i], "98:40") == 0) {
			cr_assert(strstr(err, "out of memory while drawing: the screen keeps its last whole frame"),
				  "%s: %s", env, err);
			cr_assert(strstr(err, "the screen is drawn whole again"), "%s: %s", env, err);
		}
		free(err);
	}
	scratch_remove(dir);
}

/* Memory short for a while (300 allocations) right as the visitor goes
 * to the index and back home: the start screen itself could not be built,
 * and it offers no button to try again. Once memory is back it is tried
 * again without a touch, and shows. */
LEAKFREE_TEST(reliability, a_start_screen_that_failed_comes_back, .timeout = 300)
{
	char *dir = scratch_dir(), *err;
	int rc = kiosk_script(dir, SIZE,
			      "checks warn\ntap \"@index\"\nkey Home\nchecks stop\nwait 30000\n"
			      "expect \"Selbsthilfe finden\"\ntap \"@index\"\ntap \"@letter:D\"\n",
			      "WW_FAULT=alloc:1:300", "", &err);
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert(strstr(err, "300 made to fail"), "%s", err);
	free(err);
	scratch_remove(dir);
}

/* A picture whose pixels found no memory (WW_FAULT=picture:1) is not
 * shown, and said; the next time its page is shown, it is tried again and
 * is there: a moment short of memory does not take it away for good. */
LEAKFREE_TEST(reliability, a_picture_short_of_memory_shows_the_next_time, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	char script[1024];
	snprintf(script, sizeof script,
		 "tap \"@page:was-ist-selbsthilfe\"\ntree %s/first.tree\nshot %s/first.png\ntap \"@home\"\n"
		 "tap \"@page:was-ist-selbsthilfe\"\ntree %s/again.tree\nshot %s/again.png\n",
		 dir, dir, dir, dir);
	cr_assert_eq(kiosk_script(dir, SIZE, script, "WW_FAULT=picture:1", "", &err), 0, "%s", err);
	const char *said = strstr(err, "not shown: no memory for its pixels");
	cr_assert(said, "the failed picture was not said: %s", err);
	cr_assert_null(strstr(said + 1, "not shown"), "said twice: %s", err);
	free(err);
	struct tree first = tree_in(dir, "first.tree"), again = tree_in(dir, "again.tree");
	const struct node *a = tree_find(&first, "image", ""), *b = tree_find(&again, "image", "");
	cr_assert(a && b, "no picture on the page");
	double missing = picture_rmse(dir, "first.png", "gruppe", a->x, a->y, a->w, a->h);
	double shown = picture_rmse(dir, "again.png", "gruppe", b->x, b->y, b->w, b->h);
	cr_assert_gt(missing, 0.03, "the picture was drawn although its decoding failed: RMSE %.3f", missing);
	cr_assert_lt(shown, 0.03, "the picture is not back the next time: RMSE %.3f", shown);
	free(first.n);
	free(again.n);
	scratch_remove(dir);
}

/* The data folder, the status folder and the statistics on a tmpfs that
 * is full while a visitor browses and staff mistype the PIN: each write
 * fails, is said once, and the kiosk goes on; once there is room again
 * (the test removes a filler file half-way through the run, which reads
 * its script from a pipe) the counters of the whole run are written. */
LEAKFREE_TEST(reliability, a_full_disk_loses_no_counters_and_recovers, .timeout = 600)
{
	char *dir = scratch_dir(), *mnt = path_join(dir, "mnt"), *data = path_join(mnt, "data");
	private_mount(mnt, "size=1400k");
	cr_assert_eq(shell("mkdir -p %s/status %s && cp build/content.db %s/current.db", mnt, data, data), 0);
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; echo '[stats]'; "
			   "echo 'enabled = yes'; echo '[status]'; echo 'folder = %s/status'; } > %s/kiosk.ini",
			   mnt, dir), 0);
	char part1[1024], part2[1024];
	snprintf(part1, sizeof part1,
		 "clock +1000\n" VISIT "tap \"@home\"\ndrag 1270 790 1270 790 5200\n"
		 "tap \"@key:1\"\ntap \"@key:2\"\ntap \"@key:3\"\ntap \"@key:4\"\ntap \"@staff:login\"\n"
		 "key Escape\nkey Home\nclock +61000\ntap \"@index\"\ntree %s/part1.tree\n", dir);
	snprintf(part2, sizeof part2,
		 "clock +61000\nkey Home\ntap \"@index\"\ntap \"@letter:D\"\ntap \"@topic:diabetes\"\nclock +61000\n"
		 "tap \"@home\"\nexpect \"Selbsthilfe finden\"\nquit\n");
	char *p1 = path_join(dir, "part1"), *p2 = path_join(dir, "part2"), *errpath = path_join(dir, "err");
	write_file(p1, part1, strlen(part1));
	write_file(p2, part2, strlen(part2));
	/* The pipe: wait until the kiosk has checked current.db at its start
	 * (and marked it verified), fill the disk, part 1, wait until the
	 * kiosk is through it (its tree written), free the disk, part 2. */
	int rc = shell(
		"{ for i in $(seq 3000); do [ -s %s/verified ] && break; sleep 0.1; done; sleep 0.5; "
		"  dd if=/dev/zero of=%s/filler bs=4k 2>/dev/null; cat %s; "
		"  for i in $(seq 3000); do [ -e %s/part1.tree ] && break; sleep 0.1; done; "
		"  rm %s/filler; cat %s; } | "
		"timeout -s KILL 500 env SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none ASAN_OPTIONS=detect_leaks=1 "
		"LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 build/san/wegweiser "
		"--content build/content.db --size " SIZE " --config %s/kiosk.ini --data-dir %s --script /dev/stdin 2>%s",
		data, mnt, p1, dir, mnt, p2, dir, data, errpath);
	char *err = read_file(errpath, NULL);
	cr_assert_eq(rc, 0, "the kiosk did not come through a full disk: %s", err);
	/* Each failed write said, once, naming the file. */
	cr_assert(strstr(err, "statistics: stats.csv: cannot write: No space left on device"), "%s", err);
	cr_assert(strstr(strstr(err, "statistics: stats.csv") + 1, "statistics: stats.csv") == NULL,
		  "said more than once: %s", err);
	cr_assert(strstr(err, "cannot keep the PIN's waiting state: No space left on device"), "%s", err);
	cr_assert(strstr(err, "statistics: written again"), "%s", err);
	/* Nothing counted while the disk was full is lost: two visits of the
	 * topic, the first counted on a full disk. */
	cr_assert_eq(shell("grep -q ',topic_view,diabetes,2$' %s/stats.csv", data), 0, "%s",
		     read_file(path_join(data, "stats.csv"), NULL));
	cr_assert_eq(shell("ls %s | grep -q 'tmp'", data), 1, "a temporary file was left");
	free(err);
	free(p1);
	free(p2);
	free(errpath);
	free(data);
	free(mnt);
	scratch_remove(dir);
}

/* An update bigger than the room left in the data folder: the copy fails
 * with the reason, nothing half-copied stays, the content in service is
 * the same file, and the kiosk goes on showing it. */
LEAKFREE_TEST(reliability, an_update_that_does_not_fit_changes_nothing, .timeout = 300)
{
	char *dir = scratch_dir(), *data = path_join(dir, "data"), *media = path_join(dir, "media");
	char *current = path_join(data, UPDATE_CURRENT);
	/* The content in service fits, a second copy not: room for one and a half. */
	struct stat content;
	cr_assert_eq(stat("build/content.db", &content), 0);
	char size[64];
	snprintf(size, sizeof size, "size=%lldk", (long long)content.st_size * 3 / 2 / 1024);
	private_mount(data, size);
	cr_assert_eq(shell("minisign -G -W -p %s/k.pub -s %s/k.key >/dev/null && "
			   "build/wegweiser-content build content %s/v2.db --content-version 2 >/dev/null", dir, dir,
			   dir), 0);
	cr_assert_eq(shell("mkdir -p %s && build/wegweiser-content pack %s/v2.db %s/STICK --sign %s/k.key >/dev/null",
			   media, dir, media, dir), 0);
	char options[8192], *err;
	snprintf(options, sizeof options, "--data-dir %s --pubkey %s/k.pub --watch %s", data, dir, media);
	int rc = kiosk_script(dir, SIZE, "expect \"Selbsthilfe finden\"\nwait 2100\nwait 3000\ntap \"@update:ok\"\n"
				    "tap \"@letter:Z\"\nexpect \"Zwillingselternschaft\"\n", "", options,
			      &err);
	cr_assert_eq(rc, 0, "%s", err);
	cr_assert(strstr(err, "disk is full") || strstr(err, "No space left on device"), "no reason said: %s", err);
	cr_assert_null(strstr(err, "update applied"), "%s", err);
	char *before = sha256_file("build/content.db"), *after = sha256_file(current);
	cr_assert_str_eq(before, after, "the content in service changed");
	cr_assert_eq(shell("test -e %s/" UPDATE_INCOMING, data), 1, "a half copy was left");
	cr_assert_eq(shell("grep -q 'refused\\|failed' %s/" UPDATE_LOG, data), 0, "update.log says nothing");
	free(before);
	free(after);
	free(err);
	free(current);
	free(media);
	free(data);
	scratch_remove(dir);
}

/* update.log over years of sticks: never beyond UPDATE_LOG_MAX_BYTES, the
 * newest line always last, the first line kept whole, no temporary file
 * left. */
LEAKFREE_TEST(reliability, update_log_keeps_its_newest_lines, .timeout = 60)
{
	char *dir = scratch_dir(), *log = path_join(dir, UPDATE_LOG);
	struct update_result r = {.applied = false, .why = UPDATE_WHY_NONE, .version = 0};
	struct stat sb;
	off_t largest = 0;
	for (int i = 1; i <= 3000; i++) {
		r.version = i;
		snprintf(r.sha256, sizeof r.sha256, "%064d", i);
		snprintf(r.reason, sizeof r.reason, "stick number %d, a reason long enough to fill the log", i);
		update_log(dir, i % 2 ? "started" : "refused", &r);
		cr_assert_eq(stat(log, &sb), 0);
		if (sb.st_size > largest)
			largest = sb.st_size;
	}
	cr_assert_leq(largest, UPDATE_LOG_MAX_BYTES, "update.log grew to %lld bytes", (long long)largest);
	cr_assert_geq(sb.st_size, UPDATE_LOG_KEEP_BYTES / 2, "update.log kept too little: %lld", (long long)sb.st_size);
	char *text = read_file(log, NULL);
	cr_assert(text);
	cr_assert(strstr(text, "\tversion 3000\t"), "the newest line is gone");
	cr_assert_null(strstr(text, "\tversion 1\t"), "the oldest line is still there");
	cr_assert_eq(strncmp(text, "20", 2), 0, "the first line is cut: %.80s", text);
	cr_assert_eq(text[strlen(text) - 1], '\n');
	cr_assert_eq(count_entries(dir), 1, "a temporary file was left");
	free(text);
	free(log);
	scratch_remove(dir);
}

/* Statistics of a busy kiosk over more than a year: the file holds at
 * most STATS_MAX_ROWS rows, the oldest days gone and the newest kept, and
 * stays under 1 MB. */
LEAKFREE_TEST(reliability, statistics_keep_at_most_their_rows, .timeout = 60)
{
	char *dir = scratch_dir(), *path = path_join(dir, STATS_FILE), why[1024];
	struct stats *s = stats_open(path);
	cr_assert(s);
	time_t day0 = 1767261600;   /* 2026-01-01 10:00 UTC */
	char key[64];
	for (int day = 0; day < 400; day++) {
		for (int topic = 0; topic < 30; topic++) {
			snprintf(key, sizeof key, "a-topic-with-a-rather-long-slug-number-%02d", topic);
			stats_count(s, "topic_view", key, day0 + (time_t)day * 86400);
		}
		if (day % 30 == 0)
			cr_assert(stats_save(s, why, sizeof why), "%s", why);
	}
	cr_assert(stats_save(s, why, sizeof why), "%s", why);
	stats_free(s);
	struct stat sb;
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_lt(sb.st_size, 1 << 20, "stats.csv is %lld bytes", (long long)sb.st_size);
	cr_assert_eq(shell("test $(grep -c topic_view %s) -eq %d", path, STATS_MAX_ROWS), 0);
	cr_assert_eq(shell("grep -q '^2026-01-01,' %s", path), 1, "the oldest day is still there");
	cr_assert_eq(shell("grep -q '^2027-02-04,topic_view,a-topic-with-a-rather-long-slug-number-29,1$' %s", path),
		     0, "the newest day is not there");
	free(path);
	scratch_remove(dir);
}

/* A year of a kiosk in a town hall, in script mode: every day a few
 * visitors, a search, a language switch, the idle reset, on the kiosk's own
 * clock from a fixed date; statistics and the status file on. What the
 * kiosk wrote besides the content files stays within a few hundred KB. */
LEAKFREE_TEST(reliability, a_year_of_use_stays_small, .timeout = 900)
{
	char *dir = scratch_dir(), *data = path_join(dir, "data"), *status = path_join(dir, "status");
	cr_assert_eq(shell("mkdir -p %s && { echo '[stats]'; echo 'enabled = yes'; echo '[status]'; "
			   "echo 'folder = %s'; } > %s/kiosk.ini", status, status, dir), 0);
	size_t cap = 365 * 200 + 64, len = 0;
	char *script = malloc(cap);
	cr_assert(script);
	len += (size_t)snprintf(script + len, cap - len, "date 2026-01-01 09:00\n");
	static const char letters[] = "ADLSZ";
	for (int day = 0; day < 365; day++) {
		int n = snprintf(script + len, cap - len,
				 "tap \"@letter:%c\"\ntap \"@home\"\ntap \"@lang:%s\"\ntap \"@search\"\ntext \"zu\"\n"
				 "clock +86400000\n",
				 letters[day % 5], day % 2 ? "en" : "de");
		cr_assert(n > 0 && (size_t)n < cap - len);
		len += (size_t)n;
	}
	char options[8192], *err;
	snprintf(options, sizeof options, "--config %s/kiosk.ini --data-dir %s", dir, data);
	cr_assert_eq(kiosk_script(dir, SIZE, script, "", options, &err), 0, "%s", err);
	/* The last day is counted on the right date: the kiosk's clock. */
	cr_assert_eq(shell("grep -q '^2026-12-31,' %s/stats.csv", data), 0);
	cr_assert_eq(shell("test $(du -sk --exclude='*.db' %s %s | awk '{s+=$1} END {print s}') -lt 512", data, status),
		     0, "a year's files: %s", err);
	free(err);
	free(script);
	free(status);
	free(data);
	scratch_remove(dir);
}

/* `clock +MS` with a sign: refused with the line, not read as a jump to
 * the end of time (which ended the first long soak at its next jump). */
LEAKFREE_TEST(reliability, a_clock_jump_with_a_sign_is_refused, .timeout = 120)
{
	char *dir = scratch_dir(), *err;
	cr_assert_eq(kiosk_script(dir, SIZE, "clock +1000\nclock +-694967296\n", "", "", &err), 1, "%s", err);
	cr_assert(strstr(err, "test.script:2: clock needs milliseconds"), "%s", err);
	free(err);
	cr_assert_eq(kiosk_script(dir, SIZE, "clock -5\n", "", "", &err), 1, "%s", err);
	free(err);
	scratch_remove(dir);
}
