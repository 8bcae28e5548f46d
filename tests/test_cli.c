/* The command line of wegweiser-content (tools/cli.c). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

LEAKFREE_TEST(cli, help_for_the_tool_and_each_command)
{
	static const char *commands[] = {"build", "check", "stats", "dump", "search", "pack", "verify", "passwd",
					 "generate"};
	struct tool_result r = tool_run("--help", NULL);
	cr_assert_eq(r.status, 0);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		cr_assert(strstr(r.out, commands[i]), "tool help lacks %s", commands[i]);
	tool_result_free(&r);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		r = tool_run(commands[i], "--help", NULL);
		cr_assert_eq(r.status, 0);
		char usage[64];
		snprintf(usage, sizeof usage, "Usage: wegweiser-content %s", commands[i]);
		cr_assert(strstr(r.out, usage), "%s --help: %s", commands[i], r.out);
		tool_result_free(&r);
	}
}

LEAKFREE_TEST(cli, wrong_command_lines_exit_2_and_say_why)
{
	struct { const char *a, *b, *c, *message; } cases[] = {
		{NULL, NULL, NULL, "no command given"},
		{"bild", NULL, NULL, "unknown command \"bild\""},
		{"build", "content", NULL, "needs SRC_DIR and OUT.db"},
		{"build", "--content-version", "0", "--content-version must be 1 or more"},
		{"stats", NULL, NULL, "needs exactly one DB"},
		{"generate", "--groups", "zehn", "--groups needs a whole number"},
		{"generate", "--groups", "10", "needs --groups, --topics, --contact-points and OUT_DIR"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tool_result r = tool_run(cases[i].a, cases[i].b, cases[i].c, NULL);
		cr_assert_eq(r.status, 2, "case %zu", i);
		cr_assert(strstr(r.err, cases[i].message), "case %zu: %s", i, r.err);
		tool_result_free(&r);
	}
}

LEAKFREE_TEST(cli, stats_of_a_missing_file_fails)
{
	struct tool_result r = tool_run("stats", "/nonexistent/content.db", NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "/nonexistent/content.db: unable to open"), "%s", r.err);
	tool_result_free(&r);
}

LEAKFREE_TEST(cli, passwd_prints_a_hash_that_holds_the_pin_and_only_it)
{
	char *dir = scratch_dir(), *out = path_join(dir, "out"), *err = path_join(dir, "err");
	cr_assert_eq(shell("echo 4711 | build/wegweiser-content passwd > %s", out), 0);
	size_t len;
	char *line = read_file(out, &len);
	cr_assert(line && strncmp(line, "pin_hash = $argon2id$", 21) == 0, "%s", line);
	line[strcspn(line, "\n")] = '\0';
	const char *hash = line + 11;
	cr_assert_eq(sodium_init() < 0, 0);
	cr_assert_eq(crypto_pwhash_str_verify(hash, "4711", 4), 0);
	cr_assert_neq(crypto_pwhash_str_verify(hash, "4712", 4), 0);
	cr_assert_null(strstr(line, "4711"), "the PIN is in the output");
	free(line);
	static const char *bad[] = {"12", "1234567890123", "12a4", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cr_assert_eq(shell("echo '%s' | build/wegweiser-content passwd >%s 2>%s", bad[i], out, err), 2, "%s",
			     bad[i]);
		char *e = read_file(err, NULL);
		cr_assert(e && strstr(e, "a PIN is 4 to 12 digits"), "%s", e);
		free(e);
	}
	free(out);
	free(err);
	scratch_remove(dir);
}

/* `verify` shares the kiosk's reading of a signature (kiosk/package.c):
 * one of a megabyte, or a named pipe, is refused with its reason, at
 * once, never as an internal error (issue 12, item 13). */
LEAKFREE_TEST(cli, verify_names_what_is_wrong_with_a_huge_or_endless_signature, .timeout = 60)
{
	char *dir = scratch_dir(), *db = path_join(dir, "mini.db"), *stick = path_join(dir, "stick");
	char *pub = path_join(dir, "staff.pub"), *sec = path_join(dir, "staff.key");
	char *sig = path_join(stick, "wegweiser/content.db.minisig");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", pub, sec), 0);
	struct tool_result r = tool_run("build", MINI_SOURCES, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("pack", db, stick, "--sign", sec, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("verify", pub, stick, NULL);
	cr_assert_eq(r.status, 0, "the signed package is refused: %s", r.err);
	tool_result_free(&r);
	static const struct {
		const char *damage, *message;
	} cases[] = {
		{"head -c 1048576 /dev/zero | tr '\\0' A > SIG", "not a minisign signature (larger than 8192 bytes)"},
		{"head -c 1048576 /dev/urandom > SIG", "not a minisign signature (larger than 8192 bytes)"},
		{"(echo 'untrusted comment: x'; head -c 1048576 /dev/zero | tr '\\0' A) > SIG",
		 "not a minisign signature (larger than 8192 bytes)"},
		{"rm SIG && mkfifo SIG", "a named pipe, not a file"},
		{"rm SIG && ln -s /dev/zero SIG", "a symbolic link, not a file: not followed"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cr_assert_eq(shell("cp %s %s.good", sig, sig), 0);
		const char *name[] = {"SIG"}, *value[] = {sig};
		char *damage = expand(cases[i].damage, name, value, 1);
		cr_assert_eq(shell("%s", damage), 0, "%s", damage);
		r = tool_run("verify", pub, stick, NULL);
		cr_assert_eq(r.status, 1, "%s: %s", damage, r.err);
		cr_assert(strstr(r.err, "content.db: refused: ") && strstr(r.err, cases[i].message),
			  "%s: expected \"%s\" in\n%s", damage, cases[i].message, r.err);
		cr_assert_null(strstr(r.err, "internal"), "%s: %s", damage, r.err);
		cr_assert_null(strstr(r.out, "signature ok"), "%s: %s", damage, r.out);
		tool_result_free(&r);
		cr_assert_eq(shell("rm -f %s && mv %s.good %s", sig, sig, sig), 0);
		free(damage);
	}
	free(sig), free(pub), free(sec), free(stick), free(db);
	scratch_remove(dir);
}
