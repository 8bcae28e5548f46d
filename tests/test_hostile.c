/* The real kiosk (build/san/wegweiser) against what an adversary can put in
 * its way: sticks with named pipes, links, 4 GB files, forged folder names;
 * content files damaged with the sqlite3 shell; data folders that are
 * read-only or full (a tmpfs of their own, which no chmod can fake for
 * root); pipes and devices for its files; a stick stuck in a read when it
 * is told to stop. Each run checks that the kiosk says why, that current.db
 * stays byte for byte as it was, and that a tap after the hostile stick
 * still works. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

#define CONTENT "build/content.db"
#define KIOSK_ENV "SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none ASAN_OPTIONS=detect_leaks=1 " \
		  "LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 "

struct kit {
	char *dir, *pub, *sec, *v2, *media, *stick, *data, *current, *log;
	char options[8192];
};

/* Keys, content version 2, and the folders: media/STICK is where a stick
 * is, data/ the kiosk's data folder. */
static void kit_new(struct kit *k)
{
	k->dir = scratch_dir();
	k->pub = path_join(k->dir, "staff.pub");
	k->sec = path_join(k->dir, "staff.key");
	k->v2 = path_join(k->dir, "v2.db");
	k->media = path_join(k->dir, "media");
	k->stick = path_join(k->media, "STICK");
	k->data = path_join(k->dir, "data");
	k->current = path_join(k->data, "current.db");
	k->log = path_join(k->data, "update.log");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", k->pub, k->sec), 0);
	cr_assert_eq(shell("build/wegweiser-content build content %s --content-version 2 >/dev/null", k->v2), 0);
	snprintf(k->options, sizeof k->options, "--data-dir %s --pubkey %s --watch %s", k->data, k->pub, k->media);
}

static void kit_free(struct kit *k)
{
	scratch_remove(k->dir);
	free(k->pub), free(k->sec), free(k->v2), free(k->media), free(k->stick), free(k->data);
	free(k->current), free(k->log);
}

/* A fresh data folder and a good signed stick of version 2. */
static void fresh_stick(struct kit *k)
{
	shell("rm -rf %s %s && mkdir -p %s", k->data, k->media, k->media);
	struct tool_result r = tool_run("pack", k->v2, k->stick, "--sign", k->sec, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
}

static char *text_of(const char *dir, const char *name)
{
	char *path = path_join(dir, name), *text = read_file(path, NULL);
	cr_assert(text, "no %s", path);
	free(path);
	return text;
}

/* The kiosk's answer to the stick, then a tap that must work. */
static const char tap_after[] = "tap \"@update:ok\"\ntap \"@letter:Z\"\nexpect \"Zwillingselternschaft\"\n";

/* Each hostile stick in a kiosk that runs: refused with its reason in the
 * staff's language, in seconds, nothing copied, current.db unchanged, and
 * the kiosk answers the next tap. */
LEAKFREE_TEST(hostile, sticks_are_refused_and_the_kiosk_stays_responsive, .timeout = 240)
{
	struct kit k;
	kit_new(&k);
	struct {
		const char *name, *damage, *shown;
	} cases[] = {
		{"a named pipe as signature", "rm SIG && mkfifo SIG", "keine gewöhnliche Datei"},
		{"a named pipe as content", "rm FILE && mkfifo FILE", "keine gewöhnliche Datei"},
		{"content linked to /etc/passwd", "rm FILE && ln -s /etc/passwd FILE", "keine gewöhnliche Datei"},
		{"4 GB with a forged signature", "truncate -s 4G FILE && echo garbage > SIG",
		 "Die Signaturdatei ist beschädigt"},
		{"4 GB signed by our key", "truncate -s 4G FILE", "größer, als dieser Kiosk annimmt"},
		{"a megabyte of signature", "head -c 1048576 /dev/zero | tr '\\0' A > SIG",
		 "Die Signaturdatei ist beschädigt"},
	};
	char script[1024], *bundled = sha256_file(CONTENT);
	snprintf(script, sizeof script, "wait 100\ntree %s/after.tree\n%s", k.dir, tap_after);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fresh_stick(&k);
		char *file = path_join(k.stick, "wegweiser/content.db"), *sig = path_join(k.stick, "wegweiser/content.db.minisig");
		const char *name[] = {"FILE", "SIG"}, *value[] = {file, sig};
		char *damage = expand(cases[i].damage, name, value, 2), *err;
		cr_assert_eq(shell("%s", damage), 0, "%s: %s", cases[i].name, damage);
		time_t t0 = time(NULL);
		int rc = kiosk_script(k.dir, "1920x1080", script, "", k.options, &err);
		cr_assert_eq(rc, 0, "%s: %s", cases[i].name, err);
		cr_assert_lt(time(NULL) - t0, 60, "%s: took %lld s", cases[i].name, (long long)(time(NULL) - t0));
		char *tree = text_of(k.dir, "after.tree");
		cr_assert(strstr(tree, "Update nicht übernommen") && strstr(tree, cases[i].shown), "%s: %s", cases[i].name,
			  tree);
		char *now = sha256_file(k.current);
		cr_assert_str_eq(now, bundled, "%s: current.db changed", cases[i].name);
		cr_assert_eq(shell("test $(du -sk %s | cut -f1) -lt 8192", k.data), 0, "%s: the data disk filled", cases[i].name);
		cr_assert_eq(shell("grep -q '	refused	version 0	sha256 -	' %s", k.log), 0, "%s: not logged", cases[i].name);
		cr_assert_neq(shell("grep -q root: %s/*", k.data), 0, "%s: /etc/passwd reached the data folder", cases[i].name);
		free(now), free(tree), free(err), free(damage), free(file), free(sig);
	}
	free(bundled);
	kit_free(&k);
}

/* Counts the forged line as a line of its own in a tree: a newline (tree
 * "\n") right before it, not an escaped backslash and n (tree "\\n"). */
static int forged_lines(const char *tree, const char *forged)
{
	int n = 0;
	for (const char *p = tree; (p = strstr(p, forged)) != NULL; p++) {
		int slashes = 0;
		for (const char *q = p - 2; q >= tree && *q == '\\'; q--)
			slashes++;
		n += p - tree >= 2 && p[-1] == 'n' && slashes % 2 == 1;
	}
	return n;
}

/* A stick folder named with newlines and tabs cannot write lines into
 * update.log or onto the staff screen; and statistics go only to a mounted
 * stick, created new, never through a link planted there. */
LEAKFREE_TEST(hostile, forged_names_and_planted_links, .timeout = 300)
{
	struct kit k;
	kit_new(&k);
	fresh_stick(&k);
	char *cfg = path_join(k.dir, "kiosk.ini"), *forged = path_join(k.media, "x\n2026-01-01T00:00:00Z\tapplied\tversion 99\t-");
	cr_assert_eq(shell("mv %s '%s' && rm '%s'/wegweiser/content.db.minisig", k.stick, forged, forged), 0);
	cr_assert_eq(shell("{ echo '[staff]'; echo 4711 | build/wegweiser-content passwd; echo '[stats]';"
			   " echo 'enabled = yes'; } > %s", cfg), 0);
	/* The staff's stick, with links planted where the export writes. */
	char *victim = path_join(k.dir, "victim.txt");
	write_file(victim, "keep me\n", 8);
	private_mount(k.stick, "size=8m");
	cr_assert_eq(shell("d=$(date +%%F) && ln -s %s %s/wegweiser-statistik-$d.csv.tmp && "
			   "ln -s %s %s/wegweiser-statistik-$d.csv", victim, k.stick, victim, k.stick), 0);
	char options[8400], script[2048];
	snprintf(options, sizeof options, "%s --config %s", k.options, cfg);
	snprintf(script, sizeof script,
		 "wait 100\ntree %s/refused.tree\n%s"
		 "drag 1910 1070 1910 1070 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tap \"@staff:login\"\ntree %s/staff.tree\ntap \"@staff:export\"\ntree %s/export.tree\n",
		 k.dir, tap_after, k.dir, k.dir);
	char *err;
	cr_assert_eq(kiosk_script(k.dir, "1920x1080", script, "", options, &err), 0, "%s", err);
	char *tree = text_of(k.dir, "refused.tree");
	cr_assert(strstr(tree, "Die Signatur fehlt"), "%s", tree);
	free(tree);
	/* update.log: one line each for started and refused, nothing forged. */
	cr_assert_eq(shell("test $(wc -l < %s) = 2 && ! grep -q '^2026-01-01' %s", k.log, k.log), 0);
	/* The staff screen words the log's outcomes itself: the refusal, and
	 * nothing of the folder's name. */
	tree = text_of(k.dir, "staff.tree");
	cr_assert(strstr(tree, "Uhr: ein Update abgelehnt – Die Signatur fehlt"), "the refusal is not shown: %s", tree);
	cr_assert_null(strstr(tree, "version 99"), "a forged line on the staff screen:\n%s", tree);
	cr_assert_null(strstr(tree, "Version 99"), "a forged line on the staff screen:\n%s", tree);
	cr_assert_eq(forged_lines(tree, "2026-01-01T00:00:00Z"), 0, "a forged line on the staff screen:\n%s", tree);
	free(tree);
	tree = text_of(k.dir, "export.tree");
	cr_assert(strstr(tree, "Statistik gespeichert: "), "%s", tree);
	free(tree);
	char *kept = read_file(victim, NULL);
	cr_assert_str_eq(kept, "keep me\n", "the export wrote through a link");
	free(kept);
	cr_assert_eq(shell("f=%s/wegweiser-statistik-$(date +%%F).csv && test -f $f && ! test -L $f && "
			   "head -1 $f | grep -qx date,what,key,count", k.stick), 0);
	/* A writable folder that is no stick of its own: nothing is written. */
	cr_assert_eq(shell("umount -l %s && rm -rf '%s' && mkdir -p %s/PLAIN", k.stick, forged, k.media), 0);
	snprintf(script, sizeof script,
		 "drag 1910 1070 1910 1070 5200\ntap \"@key:4\"\ntap \"@key:7\"\ntap \"@key:1\"\ntap \"@key:1\"\n"
		 "tap \"@staff:login\"\ntap \"@staff:export\"\ntree %s/plain.tree\n", k.dir);
	free(err);
	cr_assert_eq(kiosk_script(k.dir, "1920x1080", script, "", options, &err), 0, "%s", err);
	tree = text_of(k.dir, "plain.tree");
	cr_assert(strstr(tree, "Kein USB-Stick gefunden"), "%s", tree);
	cr_assert_neq(shell("ls %s/PLAIN %s/STICK | grep -q statistik", k.media, k.media), 0, "written to a plain folder");
	free(tree), free(err), free(cfg), free(forged), free(victim);
	kit_free(&k);
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};
	nanosleep(&ts, NULL);
}

/* Starts the kiosk's real loop (no script) in the background; its pid. */
static pid_t kiosk_start(const char *options, const char *errpath, const char *env)
{
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "exec env " KIOSK_ENV "%s build/san/wegweiser --content " CONTENT
		 " --size 800x600 %s 2>%s", env, options, errpath);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Waits up to `seconds` for `pid` to end; its exit status, -1 if it did
 * not end (it is killed then). */
static int kiosk_wait(pid_t pid, double seconds)
{
	int status;
	for (int i = 0; i < (int)(seconds * 100); i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		pause_ms(10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static bool wait_for_line(const char *log, const char *what, int seconds)
{
	for (int i = 0; i < seconds * 10; i++) {
		if (shell("grep -q '%s' %s 2>/dev/null", what, log) == 0)
			return true;
		pause_ms(100);
	}
	return false;
}

static bool wait_for_file(const char *path, int seconds)
{
	for (int i = 0; i < seconds * 10; i++) {
		if (file_exists(path))
			return true;
		pause_ms(100);
	}
	return false;
}

/* SIGTERM while the update is stuck reading the stick (a dead device: the
 * test hook never returns): the kiosk ends within seconds and says so. A
 * kiosk killed outright during an update leaves its "started" line, and
 * the next start says how that update ended. */
LEAKFREE_TEST(hostile, a_stuck_update_does_not_keep_the_kiosk_alive, .timeout = 300)
{
	struct kit k;
	kit_new(&k);
	fresh_stick(&k);
	char *errpath = path_join(k.dir, "stderr.txt");
	char *incoming = path_join(k.data, "incoming.tmp");
	pid_t pid = kiosk_start(k.options, errpath, "WW_TEST_STICK_HANGS_AFTER=0 ");
	cr_assert(wait_for_line(k.log, "	started	", 120), "the update did not start");
	/* Stuck for sure: its copy begun (a busy machine may take a while
	 * from the log line to the first read). */
	cr_assert(wait_for_file(incoming, 120), "the copy did not begin");
	time_t t0 = time(NULL);
	kill(pid, SIGTERM);
	int rc = kiosk_wait(pid, 30);
	char *err = read_file(errpath, NULL);
	cr_assert_eq(rc, 0, "the kiosk did not end cleanly on SIGTERM (%d):\n%s", rc, err);
	cr_assert_leq(time(NULL) - t0, 15);
	cr_assert(strstr(err, "stuck reading the stick"), "%s", err);
	free(err);
	cr_assert_eq(shell("grep -q '	abandoned	' %s", k.log), 0);
	/* Killed outright: the next start logs the end of it. */
	shell("rm -rf %s", k.data);
	pid = kiosk_start(k.options, errpath, "WW_TEST_STICK_HANGS_AFTER=0 ");
	cr_assert(wait_for_line(k.log, "	started	", 120), "the update did not start");
	cr_assert(wait_for_file(incoming, 120), "the copy did not begin");
	kill(pid, SIGKILL);
	kiosk_wait(pid, 10);
	cr_assert_eq(kiosk_script(k.dir, "1920x1080", "expect \"Selbsthilfe finden\"\n", "", k.options, &err), 0, "%s", err);
	free(err);
	cr_assert_eq(shell("grep -q '	interrupted	version 1	sha256 -	the kiosk stopped during the update started .*: "
			   "its unfinished copy was removed; version 1 is in service' %s", k.log), 0);
	cr_assert_eq(shell("test ! -e %s/incoming.tmp", k.data), 0);
	free(incoming);
	free(errpath);
	kit_free(&k);
}

/* A data folder that is read-only or full at the first start: the kiosk
 * serves the bundled content and says which folder and why. */
LEAKFREE_TEST(hostile, a_read_only_or_full_data_folder_still_serves, .timeout = 300)
{
	struct kit k;
	kit_new(&k);
	const char *mounts[] = {"ro", "size=256k"}, *said[] = {"Read-only file system", "disk is full"};
	for (int i = 0; i < 2; i++) {
		shell("umount -l %s 2>/dev/null; rm -rf %s", k.data, k.data);
		private_mount(k.data, mounts[i]);
		char *err;
		cr_assert_eq(kiosk_script(k.dir, "1920x1080", "expect \"Selbsthilfe finden\"\ntap \"@letter:Z\"\n"
					  "expect \"Zwillingselternschaft\"\n", "", k.options, &err), 0, "%s: %s", mounts[i], err);
		char expect[4200];
		snprintf(expect, sizeof expect, "wegweiser: %s: cannot put the bundled content there: ", k.data);
		cr_assert(strstr(err, expect) && strstr(err, said[i]), "%s: %s", mounts[i], err);
		cr_assert(strstr(err, "serving the bundled content build/content.db as it is; updates are off"), "%s", err);
		free(err);
	}
	kit_free(&k);
}

/* current.db damaged in ways only the full check sees: the kiosk falls
 * back to previous.db (and logs it), and with no previous.db to the
 * bundled content; with nothing good it stops and says why. */
LEAKFREE_TEST(hostile, content_in_service_is_checked_at_start, .timeout = 600)
{
	struct kit k;
	kit_new(&k);
	struct {
		const char *name, *sql;
	} cases[] = {
		{"a view", "CREATE VIEW v AS SELECT * FROM topic, alias"},
		{"a generated column", "ALTER TABLE contact_point ADD COLUMN slow TEXT GENERATED ALWAYS AS "
		 "(name || name) VIRTUAL"},
		{"a trigger", "CREATE TRIGGER t AFTER INSERT ON topic BEGIN SELECT 1; END"},
		{"a javascript: address", "UPDATE contact_point SET web = \"javascript:alert(1)\" WHERE id = 1"},
		{"an http:// address", "UPDATE contact_point SET web = \"http://example.org/\" WHERE id = 1"},
		{"a vCard line in an address", "UPDATE contact_point SET web = \"https://example.org/\" || char(13, 10) || "
		 "\"TEL:+4900000\" WHERE id = 1"},
	};
	char *bundled = sha256_file(CONTENT), *previous = path_join(k.data, "previous.db");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		/* In service: version 2, damaged; before it: the bundled version 1. */
		shell("rm -rf %s && mkdir -p %s && cp %s %s && cp %s %s", k.data, k.data, CONTENT, previous, k.v2,
		      k.current);
		cr_assert_eq(shell("sqlite3 %s 'PRAGMA ignore_check_constraints = 1; %s'", k.current, cases[i].sql), 0,
			     "%s", cases[i].name);
		char *err;
		cr_assert_eq(kiosk_script(k.dir, "1920x1080", "expect \"Selbsthilfe finden\"\n", "", k.options, &err), 0,
			     "%s: %s", cases[i].name, err);
		char said[4200];
		snprintf(said, sizeof said, "current.db fails the check (not content this kiosk can show: %s: error: ",
			 k.current);
		cr_assert(strstr(err, said), "%s: %s", cases[i].name, err);
		cr_assert(strstr(err, "serving previous.db"), "%s: %s", cases[i].name, err);
		char *now = sha256_file(k.current);
		cr_assert_str_eq(now, bundled, "%s: previous.db is not in service", cases[i].name);
		cr_assert_eq(shell("grep -q '	fell back	version 1	' %s", k.log), 0, "%s", cases[i].name);
		free(now), free(err);
	}
	/* Damaged bytes, and no previous.db: the bundled content. */
	shell("rm -rf %s && mkdir -p %s && cp %s %s && printf 'garbage%%.0s' $(seq 500) | "
	      "dd of=%s bs=1 seek=40000 conv=notrunc 2>/dev/null", k.data, k.data, k.v2, k.current, k.current);
	char *err;
	cr_assert_eq(kiosk_script(k.dir, "1920x1080", "expect \"Selbsthilfe finden\"\n", "", k.options, &err), 0, "%s", err);
	cr_assert(strstr(err, "serving the bundled content"), "%s", err);
	char *now = sha256_file(k.current);
	cr_assert_str_eq(now, bundled);
	free(now), free(err);
	/* Nothing good at all: no start, and every reason said. */
	char *bad = path_join(k.dir, "bad.db");
	shell("cp %s %s && sqlite3 %s 'CREATE VIEW w AS SELECT 1' && sqlite3 %s 'CREATE VIEW v AS SELECT 1'", CONTENT, bad,
	      bad, k.current);
	char options[8400];
	snprintf(options, sizeof options, "%s --content %s", k.options, bad);
	cr_assert_neq(kiosk_script(k.dir, "1920x1080", "expect \"Selbsthilfe finden\"\n", "", options, &err), 0);
	cr_assert(strstr(err, "no content passes the check") && strstr(err, "view w") && strstr(err, "view v"), "%s", err);
	free(err), free(bad), free(bundled), free(previous);
	kit_free(&k);
}

/* The check of the content runs while SDL starts (in a locale of its own,
 * as SDL_Init sets the process's): when SDL cannot start, the kiosk still
 * waits for the check (which falls back from a damaged current.db to
 * previous.db all the same, and logs it) before it stops, and nothing
 * leaks. */
LEAKFREE_TEST(hostile, a_check_in_flight_ends_cleanly_when_sdl_cannot_start, .timeout = 300)
{
	struct kit k;
	kit_new(&k);
	char *bundled = sha256_file(CONTENT), *previous = path_join(k.data, "previous.db");
	shell("rm -rf %s && mkdir -p %s && cp %s %s && cp %s %s", k.data, k.data, CONTENT, previous, k.v2, k.current);
	cr_assert_eq(shell("sqlite3 %s 'CREATE VIEW v AS SELECT * FROM topic, alias'", k.current), 0);
	char *err;
	int rc = kiosk_script(k.dir, "1920x1080", "expect \"Selbsthilfe finden\"\n", "SDL_VIDEODRIVER=no-such-driver",
			      k.options, &err);
	cr_assert_eq(rc, 1, "exit %d: %s", rc, err);
	cr_assert(strstr(err, "cannot start SDL"), "%s", err);
	cr_assert(strstr(err, "serving previous.db"), "the check was cut short: %s", err);
	char *now = sha256_file(k.current);
	cr_assert_str_eq(now, bundled, "previous.db is not in service");
	cr_assert_eq(shell("grep -q '	fell back	version 1	' %s", k.log), 0);
	free(now), free(err), free(bundled), free(previous);
	kit_free(&k);
}

/* Files named on the command line or in the config that are pipes or
 * devices, and sizes that overflow: said and refused, never waited on. */
LEAKFREE_TEST(hostile, pipes_devices_and_bad_sizes_on_the_command_line, .timeout = 300)
{
	struct kit k;
	kit_new(&k);
	char *fifo = path_join(k.dir, "fifo"), *cfg = path_join(k.dir, "kiosk.ini"), *data2 = path_join(k.dir, "data2");
	char *err;
	cr_assert_eq(shell("mkfifo %s", fifo), 0);
	struct {
		const char *options, *said;
		int rc;
	} cases[] = {
		{"--size 4294967616x1080", "--size 4294967616x1080: not a size in pixels WIDTHxHEIGHT, each from 320 to 8192", 2},
		{"--size -1x-1", "--size -1x-1: not a size in pixels", 2},
		{"--content FIFO", "FIFO: a named pipe, not a file", 1},
		{"--content /dev/zero", "/dev/zero: a device, not a file", 1},
		{"--config FIFO", "FIFO: a named pipe, not a file", 0},
		{"--config /dev/zero", "/dev/zero: a device, not a file", 0},
		{"--data-dir DATA --pubkey FIFO", "FIFO: a named pipe, not a file", 0},
		{"--config CFG", "CFG:2: pin_hash: not a hash from 'wegweiser-content passwd'; staff mode is off", 0},
		{"--data-dir DATA2 --content FIFO", "DATA2: cannot put the bundled content there: FIFO: a named pipe, not a file",
		 1},
	};
	write_file(cfg, "[staff]\npin_hash = $argon2id$v=19$m=16384,t=3,p=1$garbage\n", 57);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *name[] = {"FIFO", "DATA2", "DATA", "CFG"}, *value[] = {fifo, data2, k.data, cfg};
		char *options = expand(cases[i].options, name, value, 4), *said = expand(cases[i].said, name, value, 4);
		time_t t0 = time(NULL);
		int rc = kiosk_script(k.dir, "1920x1080", "expect \"Selbsthilfe finden\"\n", "", options, &err);
		cr_assert_eq(rc, cases[i].rc, "%s: exit %d: %s", options, rc, err);
		cr_assert(strstr(err, said), "%s: %s", options, err);
		cr_assert_null(strstr(err, "needs a value"), "%s: %s", options, err);
		cr_assert_lt(time(NULL) - t0, 60);
		free(options), free(said), free(err);
	}
	free(fifo), free(cfg), free(data2);
	kit_free(&k);
}
