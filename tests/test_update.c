/* Taking over an update (kiosk/update.c): a good one, and every fault that
 * must leave current.db byte for byte as it was: checked by SHA-256 before and
 * after, and by opening what is then in service. Crashes are real: a child
 * process aborts at a test hook, then the next start repairs the folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "helpers.h"
#include "store.h"
#include "update.h"
#include "updater.h"

#include <SDL.h>

#define CONTENT "build/content.db"

struct bench {
	char *dir, *data, *stick, *pub, *sec, *newer;
	struct update_config cfg;
	char current[4096];
};

/* A data folder serving the demo content (version 1), a key pair, and a
 * version 2 of the content signed on a stick. */
static void setup(struct bench *b)
{
	memset(b, 0, sizeof *b);
	b->dir = scratch_dir();
	b->data = path_join(b->dir, "data");
	b->stick = path_join(b->dir, "stick");
	b->pub = path_join(b->dir, "staff.pub");
	b->sec = path_join(b->dir, "staff.key");
	b->newer = path_join(b->dir, "v2.db");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", b->pub, b->sec), 0);
	struct tool_result r = tool_run("build", "content", b->newer, "--content-version", "2", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("pack", b->newer, b->stick, "--sign", b->sec, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	char why[512];
	cr_assert(update_prepare(b->data, CONTENT, b->current, sizeof b->current, why, sizeof why), "%s", why);
	snprintf(b->cfg.data_dir, sizeof b->cfg.data_dir, "%s", b->data);
	cr_assert(package_read_key(b->pub, &b->cfg.keys[0], why, sizeof why), "%s", why);
	b->cfg.nkeys = 1;
}

static void teardown(struct bench *b)
{
	scratch_remove(b->dir);
	free(b->data);
	free(b->stick);
	free(b->pub);
	free(b->sec);
	free(b->newer);
}

/* What is in service can be served: it opens and passes every check. */
static long long serves(const char *current)
{
	char err[256];
	struct store *s = store_open(current, err, sizeof err);
	cr_assert(s, "current.db does not open: %s", err);
	long long v = store_meta(s)->content_version;
	struct diag d = {.out = NULL};
	FILE *devnull = fopen("/dev/null", "w");
	d.out = devnull;
	cr_assert(check_content(store_db(s), current, &d), "current.db fails the check");
	fclose(devnull);
	store_close(s);
	return v;
}

LEAKFREE_TEST(update, a_good_update_is_taken_over_and_can_be_rolled_back, .timeout = 60)
{
	struct bench b;
	setup(&b);
	cr_assert_eq(shell("cmp -s %s %s", CONTENT, b.current), 0, "the bundled content was not copied in");
	char *before = sha256_file(b.current), *update = sha256_file(b.newer);
	struct update_result r;
	update_apply(&b.cfg, b.stick, 1, NULL, NULL, &r);
	cr_assert(r.applied, "%s", r.reason);
	cr_assert_eq(r.version, 2);
	cr_assert_str_eq(r.sha256, update);
	char *now = sha256_file(b.current), *prev_path = path_join(b.data, UPDATE_PREVIOUS);
	char *prev = sha256_file(prev_path);
	cr_assert_str_eq(now, update);
	cr_assert_str_eq(prev, before);
	cr_assert_eq(serves(b.current), 2);
	cr_assert_neq(shell("test -e %s/%s", b.data, UPDATE_INCOMING), 0, "the copy was left behind");
	/* The same stick again: not newer, nothing changes. */
	update_apply(&b.cfg, b.stick, 2, NULL, NULL, &r);
	cr_assert_not(r.applied);
	cr_assert(strstr(r.reason, "not newer"), "%s", r.reason);
	update_log(b.data, "refused", &r);
	cr_assert_eq(shell("grep -q 'refused	version 2	sha256 %s	version 2 is not newer' %s/update.log", update,
			   b.data), 0);
	/* Rollback, and its undoing. */
	char why[256];
	cr_assert(update_rollback(b.data, why, sizeof why), "%s", why);
	free(now);
	now = sha256_file(b.current);
	cr_assert_str_eq(now, before);
	cr_assert_eq(serves(b.current), 1);
	cr_assert(update_rollback(b.data, why, sizeof why), "%s", why);
	free(now);
	now = sha256_file(b.current);
	cr_assert_str_eq(now, update);
	free(now);
	free(prev);
	free(prev_path);
	free(before);
	free(update);
	teardown(&b);
}

/* Each fault: a damage done to the stick (or a test hook), and the reason
 * the staff is told. current.db must stay byte for byte the same. */
LEAKFREE_TEST(update, every_fault_leaves_the_content_in_service_unchanged, .timeout = 180)
{
	struct bench b;
	setup(&b);
	char *other_pub = path_join(b.dir, "other.pub"), *other_sec = path_join(b.dir, "other.key");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", other_pub, other_sec), 0);
	char *file = path_join(b.stick, PACKAGE_FILE);
	struct fault {
		const char *name, *damage, *hook, *hook_value, *reason;
		enum update_why why;
	} faults[] = {
		{"no signature", "rm STICK/wegweiser/content.db.minisig", NULL, NULL, "has no signature", UPDATE_WHY_NO_SIGNATURE},
		{"wrong key", "minisign -S -s OTHER -m STICK/wegweiser/content.db >/dev/null", NULL, NULL,
		 "does not trust", UPDATE_WHY_FOREIGN_KEY},
		{"one flipped bit", "printf '\\x10' | dd of=STICK/wegweiser/content.db bs=1 seek=40000 conv=notrunc "
		 "2>/dev/null", NULL, NULL, "changed after it was signed", UPDATE_WHY_CHANGED},
		{"truncated", "truncate -s 300000 STICK/wegweiser/content.db", NULL, NULL, "changed after it was signed", UPDATE_WHY_CHANGED},
		{"not our content", "head -c 200000 /dev/urandom > STICK/wegweiser/content.db && minisign -S -s KEY -m "
		 "STICK/wegweiser/content.db >/dev/null", NULL, NULL, "not content this kiosk can show", UPDATE_WHY_NOT_CONTENT},
		{"another schema version", "sqlite3 STICK/wegweiser/content.db 'PRAGMA ignore_check_constraints = 1; "
		 "UPDATE meta SET schema_version = 1' && minisign -S -s KEY -m STICK/wegweiser/content.db >/dev/null",
		 NULL, NULL, "schema version", UPDATE_WHY_NOT_CONTENT},
		{"an older version", "cp " CONTENT " STICK/wegweiser/content.db && minisign -S -s KEY -m "
		 "STICK/wegweiser/content.db >/dev/null", NULL, NULL, "not newer", UPDATE_WHY_NOT_NEWER},
		{"stick pulled mid-copy", "true", "WW_TEST_READ_FAILS_AFTER", "300000", "pulled out", UPDATE_WHY_STICK_READ},
		{"disk full", "true", "WW_TEST_DISK_FULL_AFTER", "300000", "disk is full", UPDATE_WHY_DISK_FULL},
	};
	char *before = sha256_file(b.current);
	for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
		const struct fault *f = &faults[i];
		/* A fresh, good stick, then the damage. */
		struct tool_result tr = tool_run("pack", b.newer, b.stick, "--sign", b.sec, NULL);
		cr_assert_eq(tr.status, 0, "%s", tr.err);
		tool_result_free(&tr);
		const char *name[] = {"STICK", "OTHER", "KEY"}, *value[] = {b.stick, other_sec, b.sec};
		char *cmd = expand(f->damage, name, value, 3);
		if (strstr(cmd, "minisign -S"))
			shell("rm -f %s.minisig", file);
		cr_assert_eq(shell("%s", cmd), 0, "%s: %s", f->name, cmd);
		free(cmd);
		if (f->hook)
			setenv(f->hook, f->hook_value, 1);
		struct update_result r;
		update_apply(&b.cfg, b.stick, 1, NULL, NULL, &r);
		if (f->hook)
			unsetenv(f->hook);
		cr_assert_not(r.applied, "%s: taken over", f->name);
		cr_assert(strstr(r.reason, f->reason), "%s: %s", f->name, r.reason);
		cr_assert_eq(r.why, f->why, "%s: reason kind %s", f->name, update_why_name(r.why));
		char *after = sha256_file(b.current);
		cr_assert_str_eq(after, before, "%s: current.db changed", f->name);
		free(after);
		cr_assert_eq(serves(b.current), 1, "%s", f->name);
		cr_assert_neq(shell("test -e %s/%s", b.data, UPDATE_INCOMING), 0, "%s: the copy was left", f->name);
	}
	free(before);
	free(file);
	free(other_pub);
	free(other_sec);
	teardown(&b);
}

/* The power fails at many points of the apply: the next start serves the
 * old content or the new one, never a broken one, and leaves no copy. */
LEAKFREE_TEST(update, a_crash_at_any_point_leaves_old_or_new_content, .timeout = 180)
{
	struct bench b;
	setup(&b);
	char *old = sha256_file(b.current), *new = sha256_file(b.newer);
	struct { const char *hook, *value; } points[] = {
		{"WW_TEST_CRASH_AFTER", "0"},       {"WW_TEST_CRASH_AFTER", "131072"},
		{"WW_TEST_CRASH_AFTER", "262144"},  {"WW_TEST_CRASH_AFTER", "393216"},
		{"WW_TEST_CRASH_AFTER", "524288"},  {"WW_TEST_CRASH_BETWEEN_RENAMES", "1"},
	};
	int saw_new = 0;
	for (size_t i = 0; i < sizeof points / sizeof *points; i++) {
		pid_t pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			setenv(points[i].hook, points[i].value, 1);
			struct update_result r;
			update_apply(&b.cfg, b.stick, 1, NULL, NULL, &r);
			_exit(r.applied ? 0 : 1);
		}
		int status;
		waitpid(pid, &status, 0);
		cr_assert(WIFSIGNALED(status), "%s=%s: the child did not crash", points[i].hook, points[i].value);
		/* The next start, with no bundled content to fall back on: what
		 * serves must come from the data folder. */
		char why[256], current[4096];
		cr_assert(update_prepare(b.data, "/nonexistent/bundled.db", current, sizeof current, why, sizeof why),
			  "%s=%s: %s", points[i].hook, points[i].value, why);
		char *now = sha256_file(current);
		cr_assert(strcmp(now, old) == 0 || strcmp(now, new) == 0, "%s=%s: current.db is neither old nor new",
			  points[i].hook, points[i].value);
		saw_new += strcmp(now, new) == 0;
		serves(current);
		cr_assert_neq(shell("test -e %s/%s", b.data, UPDATE_INCOMING), 0, "a copy was left");
		free(now);
		/* Back to the old content for the next point. */
		shell("cp %s %s && rm -f %s/%s", CONTENT, current, b.data, UPDATE_PREVIOUS);
	}
	cr_assert_eq(saw_new, 0, "a crash before the swap completed put the new content in service");
	free(old);
	free(new);
	teardown(&b);
}

static bool count_progress(void *ctx, double done)
{
	(void)done;
	++*(int *)ctx;
	return true;
}

/* The entries of the data folder besides what a refusal may leave there
 * (current.db, update.log, verified). */
static int leftovers(const char *data)
{
	return shell("test -z \"$(ls -A %s | grep -v -x -e current.db -e update.log -e verified)\"", data);
}

/* Sticks made to hurt: pipes where files should be, links to files of the
 * kiosk's machine, a 4 GB file with a forged or foreign signature, a huge
 * signature. Each is refused before a byte of content.db is copied (no
 * progress call), with its own reason, and current.db stays as it was. */
LEAKFREE_TEST(update, hostile_sticks_are_refused_before_anything_is_copied, .timeout = 120)
{
	struct bench b;
	setup(&b);
	char *other_pub = path_join(b.dir, "other.pub"), *other_sec = path_join(b.dir, "other.key");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", other_pub, other_sec), 0);
	char *secret = path_join(b.dir, "secret.txt");
	write_file(secret, "root:$6$secret\n", 15);
	struct fault {
		const char *name, *damage, *reason;
		enum update_why why;
	} faults[] = {
		{"a named pipe as signature", "rm SIG && mkfifo SIG", "a named pipe, not a file", UPDATE_WHY_NOT_A_FILE},
		{"a named pipe as content", "rm FILE && mkfifo FILE", "a named pipe, not a file", UPDATE_WHY_NOT_A_FILE},
		{"content linked to a secret", "rm FILE && ln -s SECRET FILE", "a symbolic link", UPDATE_WHY_NOT_A_FILE},
		{"signature linked", "mv SIG STICK/sig && ln -s STICK/sig SIG", "a symbolic link", UPDATE_WHY_NOT_A_FILE},
		{"the folder linked", "mv STICK/wegweiser STICK/real && ln -s real STICK/wegweiser", "not a folder",
		 UPDATE_WHY_NOT_A_FILE},
		{"a megabyte of signature", "head -c 1048576 /dev/zero | tr '\\0' A > SIG",
		 "not a minisign signature (larger than 8192 bytes)", UPDATE_WHY_BAD_SIGNATURE},
		{"4 GB, a forged signature", "truncate -s 4G FILE && echo garbage > SIG", "not a minisign signature",
		 UPDATE_WHY_BAD_SIGNATURE},
		{"4 GB, a foreign key", "rm SIG && minisign -S -s OTHER -m FILE >/dev/null && truncate -s 4G FILE",
		 "does not trust", UPDATE_WHY_FOREIGN_KEY},
		{"4 GB, our key", "truncate -s 4G FILE", "the update is 4096 MB, more than the 512 MB this kiosk takes",
		 UPDATE_WHY_TOO_LARGE},
	};
	char *before = sha256_file(b.current), *file = path_join(b.stick, PACKAGE_FILE);
	char *sig = path_join(b.stick, PACKAGE_SIG);
	for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
		const struct fault *f = &faults[i];
		shell("rm -rf %s", b.stick);
		struct tool_result tr = tool_run("pack", b.newer, b.stick, "--sign", b.sec, NULL);
		cr_assert_eq(tr.status, 0, "%s", tr.err);
		tool_result_free(&tr);
		const char *name[] = {"STICK", "FILE", "SIG", "OTHER", "SECRET"};
		const char *value[] = {b.stick, file, sig, other_sec, secret};
		char *cmd = expand(f->damage, name, value, 5);
		cr_assert_eq(shell("%s", cmd), 0, "%s: %s", f->name, cmd);
		free(cmd);
		struct update_result r;
		int calls = 0;
		update_apply(&b.cfg, b.stick, 1, count_progress, &calls, &r);
		cr_assert_not(r.applied, "%s: taken over", f->name);
		cr_assert(strstr(r.reason, f->reason), "%s: %s", f->name, r.reason);
		cr_assert_eq(r.why, f->why, "%s: reason kind %s", f->name, update_why_name(r.why));
		cr_assert_eq(calls, 0, "%s: content.db was copied", f->name);
		cr_assert_str_eq(r.sha256, "", "%s: a file was read", f->name);
		char *after = sha256_file(b.current);
		cr_assert_str_eq(after, before, "%s: current.db changed", f->name);
		free(after);
		cr_assert_eq(leftovers(b.data), 0, "%s: something was left in the data folder", f->name);
	}
	cr_assert_neq(shell("grep -q secret %s/*", b.data), 0, "the linked file reached the data folder");
	/* A bound of one's own: [update] max_size_mb. */
	shell("rm -rf %s", b.stick);
	struct tool_result tr = tool_run("pack", b.newer, b.stick, "--sign", b.sec, NULL);
	tool_result_free(&tr);
	/* The demo file is under 1 MB: grown to 2 MB, it is refused before its
	 * signature is checked. */
	cr_assert_eq(shell("truncate -s 2M %s", file), 0);
	b.cfg.max_bytes = 1 << 20;
	struct update_result r;
	update_apply(&b.cfg, b.stick, 1, NULL, NULL, &r);
	cr_assert_eq(r.why, UPDATE_WHY_TOO_LARGE, "%s", r.reason);
	cr_assert(strstr(r.reason, "the update is 2 MB, more than the 1 MB"), "%s", r.reason);
	free(before);
	free(file);
	free(sig);
	free(secret);
	free(other_pub);
	free(other_sec);
	teardown(&b);
}

static bool stop_at(void *ctx, double done)
{
	return done < *(double *)ctx;
}

/* Shutdown stops an update between two chunks of the copy, or inside the
 * check, and it leaves nothing behind. */
LEAKFREE_TEST(update, an_update_can_be_stopped, .timeout = 60)
{
	struct bench b;
	setup(&b);
	char *before = sha256_file(b.current);
	double points[] = {0.1, 1.0};   /* during the copy; after it, in the check */
	for (int i = 0; i < 2; i++) {
		struct update_result r;
		update_apply(&b.cfg, b.stick, 1, stop_at, &points[i], &r);
		cr_assert_not(r.applied);
		cr_assert_eq(r.why, UPDATE_WHY_CANCELLED, "%s", r.reason);
		cr_assert(strstr(r.reason, "shutting down"), "%s", r.reason);
		char *after = sha256_file(b.current);
		cr_assert_str_eq(after, before);
		free(after);
		cr_assert_eq(leftovers(b.data), 0);
	}
	free(before);
	teardown(&b);
}

/* Every update leaves a line before it starts, so a kiosk that dies during
 * one leaves a trace; the next start says how it ended. */
LEAKFREE_TEST(update, an_interrupted_update_is_logged_at_the_next_start, .timeout = 120)
{
	struct bench b;
	setup(&b);
	struct { const char *hook, *value, *said; } points[] = {
		{"WW_TEST_CRASH_AFTER", "262144", "its unfinished copy was removed; version 1 is in service"},
		{"WW_TEST_CRASH_BETWEEN_RENAMES", "1",
		 "it stopped between the two renames: the previous content was put back; version 1 is in service"},
	};
	for (size_t i = 0; i < sizeof points / sizeof *points; i++) {
		shell("rm -f %s/update.log", b.data);
		pid_t pid = fork();
		cr_assert_geq(pid, 0);
		if (pid == 0) {
			setenv(points[i].hook, points[i].value, 1);
			struct update_result r;
			update_apply(&b.cfg, b.stick, 1, NULL, NULL, &r);
			_exit(0);
		}
		int status;
		waitpid(pid, &status, 0);
		cr_assert(WIFSIGNALED(status));
		char *log = path_join(b.data, UPDATE_LOG);
		char *text = read_file(log, NULL);
		cr_assert(text && strstr(text, "\tstarted\tversion 0\tsha256 -\tfrom "), "no line before: %s", text);
		free(text);
		char why[256], current[4096];
		cr_assert(update_prepare(b.data, CONTENT, current, sizeof current, why, sizeof why), "%s", why);
		text = read_file(log, NULL);
		char *line = strstr(text, "\tinterrupted\tversion 1\t");
		cr_assert(line, "%s", text);
		cr_assert(strstr(line, points[i].said), "%s", line);
		free(text);
		/* Said once: a second start has nothing to add. */
		cr_assert(update_prepare(b.data, CONTENT, current, sizeof current, why, sizeof why), "%s", why);
		cr_assert_eq(shell("test $(grep -c interrupted %s) = 1", log), 0);
		free(log);
	}
	teardown(&b);
}

/* A folder name can hold newlines and tabs: in the log it stays inside its
 * own line, so nobody can write "applied version 99" there with a stick. */
LEAKFREE_TEST(update, a_stick_cannot_write_lines_into_the_log, .timeout = 60)
{
	struct bench b;
	setup(&b);
	char *forged = path_join(b.dir, "x\n2026-01-01T00:00:00Z\tapplied\tversion 99\tsha256 -\t\033[2Jok");
	cr_assert_eq(shell("mv %s '%s' && rm '%s'/" PACKAGE_SIG, b.stick, forged, forged), 0);
	struct update_result r;
	update_apply(&b.cfg, forged, 1, NULL, NULL, &r);
	update_log(b.data, "refused", &r);
	char *log = path_join(b.data, UPDATE_LOG), *text = read_file(log, NULL);
	cr_assert_eq(shell("test $(wc -l < %s) = 2", log), 0, "%s", text);
	cr_assert_null(strstr(text, "\tapplied\t"), "%s", text);
	cr_assert_null(strchr(text, '\033'), "%s", text);
	cr_assert(strstr(text, "x\\n2026-01-01T00:00:00Z\\tapplied\\tversion 99\\tsha256 -\\t\\u{001B}[2Jok"), "%s", text);
	free(text);
	free(log);
	free(forged);
	teardown(&b);
}

/* A data folder that is read-only or full at the first start: false with
 * the folder and the reason; the kiosk then serves the bundled content. */
LEAKFREE_TEST(update, a_read_only_or_full_data_folder_is_named, .timeout = 60)
{
	char *dir = scratch_dir(), *ro = path_join(dir, "ro"), *full = path_join(dir, "full");
	private_mount(ro, "ro");
	private_mount(full, "size=256k");
	char why[1024], current[4096];
	cr_assert_not(update_prepare(ro, CONTENT, current, sizeof current, why, sizeof why));
	cr_assert(strstr(why, ro) == why && strstr(why, "Read-only file system"), "%s", why);
	cr_assert_not(update_prepare(full, CONTENT, current, sizeof current, why, sizeof why));
	cr_assert(strstr(why, full) == why && strstr(why, "disk is full"), "%s", why);
	cr_assert_eq(count_entries(full), 0, "a half copy was left");
	free(ro);
	free(full);
	scratch_remove(dir);
}

/* Content in service that fails the check: previous.db takes over, then the
 * bundled content; each step logged. A file once verified is known by its
 * inode, size, time and hash: a changed byte is found. */
LEAKFREE_TEST(update, bad_content_in_service_falls_back, .timeout = 120)
{
	struct bench b;
	setup(&b);
	char serve[4096], why[2048];
	const char *checker = "wegweiser test";
	char *previous = path_join(b.data, UPDATE_PREVIOUS), *rejected = path_join(b.data, UPDATE_REJECTED);
	char *log = path_join(b.data, UPDATE_LOG);
	/* Good: served, and marked as verified. */
	cr_assert(update_select(b.data, CONTENT, checker, serve, sizeof serve, NULL, why, sizeof why), "%s", why);
	cr_assert_str_eq(serve, b.current);
	cr_assert_eq(shell("grep -q '^wegweiser test	' %s/verified", b.data), 0);
	/* The update is taken, so previous.db is the demo content; then
	 * current.db gets a view. */
	struct update_result r;
	update_apply(&b.cfg, b.stick, 1, NULL, NULL, &r);
	cr_assert(r.applied, "%s", r.reason);
	char *v1 = sha256_file(previous);
	cr_assert_eq(shell("sqlite3 %s 'CREATE VIEW v AS SELECT 1'", b.current), 0);
	cr_assert(update_select(b.data, CONTENT, checker, serve, sizeof serve, NULL, why, sizeof why), "%s", why);
	cr_assert_str_eq(serve, b.current);
	char *now = sha256_file(b.current);
	cr_assert_str_eq(now, v1, "previous.db did not take over");
	free(now);
	cr_assert(file_exists(rejected));
	cr_assert_eq(shell("grep -q 'fell back	version 1	sha256 -	current.db fails the check (not content this kiosk "
			   "can show: %s: error: schema: view v is not part of schema version 2): serving previous.db' %s",
			   b.current, log), 0);
	/* One byte changed, its time put back: the hash finds it; no previous.db
	 * is left, so the bundled content takes over. */
	cr_assert_eq(shell("f=%s; t=$(stat -c %%y $f); sqlite3 $f 'PRAGMA ignore_check_constraints = 1; UPDATE "
			   "contact_point SET web = \"http://x.example.org/\" WHERE id = 1' && touch -d \"$t\" $f",
			   b.current), 0);
	cr_assert(update_select(b.data, CONTENT, checker, serve, sizeof serve, NULL, why, sizeof why), "%s", why);
	cr_assert_eq(shell("cmp -s %s %s", CONTENT, b.current), 0, "the bundled content did not take over");
	cr_assert_eq(shell("grep -q 'serving the bundled content' %s", log), 0);
	/* Nothing passes: false, with every reason. */
	char *bad = path_join(b.dir, "bad.db");
	cr_assert_eq(shell("cp %s %s && sqlite3 %s 'CREATE TRIGGER t AFTER INSERT ON topic BEGIN SELECT 1; END' && "
			   "cp %s %s && sqlite3 %s 'CREATE VIEW w AS SELECT 2'", CONTENT, bad, bad, CONTENT, b.current,
			   b.current), 0);
	cr_assert_not(update_select(b.data, bad, checker, serve, sizeof serve, NULL, why, sizeof why));
	cr_assert(strstr(why, "view w") && strstr(why, "trigger t"), "%s", why);
	free(bad);
	free(v1);
	free(log);
	free(previous);
	free(rejected);
	teardown(&b);
}

/* ---- the watcher (kiosk/updater.c) ------------------------------------------ */

static int log_lines(const char *data, const char *what)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "grep -c '\t%s\t' %s/update.log 2>/dev/null", what, data);
	FILE *p = popen(cmd, "r");
	int n = 0;
	cr_assert(p);
	if (fscanf(p, "%d", &n) != 1)
		n = 0;
	pclose(p);
	return n;
}

/* Polls `n` times, waiting for each look; returns how many sticks it took. */
static int polls(struct updater *u, uint64_t *now, int n)
{
	int done = 0;
	for (int i = 0; i < n; i++, *now += UPDATER_POLL_MS)
		done += updater_tick(u, *now, 1, true) == UPDATER_DONE;
	return done;
}

/* "A stick is handled once": for 20 sticks at once (more than the watcher
 * used to remember), and for files whose size and time keep changing; a
 * stick taken out and put back is handled again. */
LEAKFREE_TEST(updater, a_stick_is_handled_once_while_it_stays, .timeout = 120)
{
	struct bench b;
	setup(&b);
	char *media = path_join(b.dir, "media");
	cr_assert_eq(shell("for i in $(seq -w 1 20); do mkdir -p %s/S$i/wegweiser && echo $i > "
			   "%s/S$i/wegweiser/content.db; done", media, media), 0);
	const char *roots[] = {media};
	struct updater *u = updater_new(&b.cfg, roots, 1);
	uint64_t now = 0;
	cr_assert_eq(polls(u, &now, 30), 20);
	cr_assert_eq(updater_result(u)->why, UPDATE_WHY_NO_SIGNATURE);
	/* Files that change between every two looks are the same sticks. */
	for (int i = 0; i < 5; i++) {
		cr_assert_eq(shell("for f in %s/S*/wegweiser/content.db; do echo more >> $f; touch -d '+%d min' $f; done",
				   media, i + 1), 0);
		cr_assert_eq(polls(u, &now, 1), 0, "a changed file was handled again");
	}
	cr_assert_eq(log_lines(b.data, "started"), 20);
	/* Out and in again: handled again. */
	cr_assert_eq(shell("mv %s/S07 %s/out", media, b.dir), 0);
	cr_assert_eq(polls(u, &now, 2), 0);
	cr_assert_eq(shell("mv %s/out %s/S07", b.dir, media), 0);
	cr_assert_eq(polls(u, &now, 3), 1);
	/* Staff: "check a stick now" looks at every stick again. */
	updater_check_now(u);
	cr_assert_eq(polls(u, &now, 1), 1);
	updater_free(u);
	free(media);
	teardown(&b);
}

/* The look into the mount folders happens in the worker: 20,000 folders
 * there cost the UI thread the start of a thread, and the worker a bounded
 * number of entries. */
LEAKFREE_TEST(updater, the_ui_thread_does_not_scan, .timeout = 120)
{
	struct bench b;
	setup(&b);
	char *media = path_join(b.dir, "media");
	cr_assert_eq(shell("mkdir -p %s && cd %s && seq -f d%%05g 20000 | xargs mkdir", media, media), 0);
	const char *roots[] = {media};
	struct updater *u = updater_new(&b.cfg, roots, 1);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(updater_tick(u, 0, 1, false), UPDATER_IDLE);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	cr_assert_lt(ms, 50, "a tick took %.1f ms on the UI thread", ms);
	while (updater_tick(u, 1, 1, false) == UPDATER_IDLE && updater_next_wakeup(u, 1) == 10)
		SDL_Delay(1);
	/* A stick among them is found in time, once the rest are gone. */
	cr_assert_eq(shell("cd %s && ls | head -n 19990 | xargs rmdir && mkdir -p d20000/wegweiser && "
			   "echo x > d20000/wegweiser/content.db", media), 0);
	uint64_t now = UPDATER_POLL_MS;
	cr_assert_eq(polls(u, &now, 1), 1);
	updater_free(u);
	free(media);
	teardown(&b);
}

/* Shutdown during an update stuck in a read that never returns (a dead
 * stick): it waits UPDATER_STOP_MS, logs it, and goes. */
LEAKFREE_TEST(updater, shutdown_does_not_wait_for_a_stuck_stick, .timeout = 60)
{
	struct bench b;
	setup(&b);
	char *media = path_join(b.dir, "media");
	cr_assert_eq(shell("mkdir -p %s && mv %s %s/STICK", media, b.stick, media), 0);
	const char *roots[] = {media};
	setenv("WW_TEST_STICK_HANGS_AFTER", "0", 1);
	struct updater *u = updater_new(&b.cfg, roots, 1);
	uint64_t now = 0;
	while (updater_tick(u, now, 1, false) != UPDATER_WORKING)
		SDL_Delay(1);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	updater_free(u);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	unsetenv("WW_TEST_STICK_HANGS_AFTER");
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert(s >= UPDATER_STOP_MS / 1000.0 - 0.1 && s < UPDATER_STOP_MS / 1000.0 + 1, "shutdown took %.2f s", s);
	cr_assert_eq(log_lines(b.data, "abandoned"), 1);
	free(media);
	teardown(&b);
}
