/* The staff tool against what someone may plant for it (issue 12, item
 * 8): a content file crafted so that `dump` writes outside its folder, and
 * links and pipes planted in that folder. Content files are crafted as an
 * attacker would, with the sqlite3 shell and CHECK constraints off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

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
