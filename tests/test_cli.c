/* The command line of wegweiser-content (tools/cli.c). */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

LEAKFREE_TEST(cli, help_for_the_tool_and_each_command)
{
	static const char *commands[] = {"build", "check", "stats", "dump", "search", "pack", "verify", "generate"};
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
