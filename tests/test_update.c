/* Taking over an update (kiosk/update.c): a good one, and every fault that
 * must leave current.db byte for byte as it was: checked by SHA-256 before and
 * after, and by opening what is then in service. Crashes are real: a child
 * process aborts at a test hook, then the next start repairs the folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "helpers.h"
#include "store.h"
#include "update.h"

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
		 "UPDATE meta SET schema_version = 3' && minisign -S -s KEY -m STICK/wegweiser/content.db >/dev/null",
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
