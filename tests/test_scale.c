/* Content at Germany's scale: 100,000 groups (tools/generate.c, build). */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

LEAKFREE_TEST(scale, generate_is_deterministic)
{
	char *dir = scratch_dir();
	char *a = path_join(dir, "a"), *b = path_join(dir, "b"), *c = path_join(dir, "c");
	const char *n[] = {"--groups", "500", "--topics", "80", "--contact-points", "12"};
	struct tool_result r1 = tool_run("generate", n[0], n[1], n[2], n[3], n[4], n[5], "--seed", "5", a, NULL);
	struct tool_result r2 = tool_run("generate", n[0], n[1], n[2], n[3], n[4], n[5], "--seed", "5", b, NULL);
	struct tool_result r3 = tool_run("generate", n[0], n[1], n[2], n[3], n[4], n[5], "--seed", "6", c, NULL);
	cr_assert_eq(r1.status + r2.status + r3.status, 0, "%s", r1.err);
	cr_assert_eq(shell("diff -r '%s' '%s'", a, b), 0, "the same seed gave other files");
	cr_assert_neq(shell("diff -q '%s/groups.csv' '%s/groups.csv' >/dev/null", a, c), 0,
		      "another seed gave the same groups");
	tool_result_free(&r1), tool_result_free(&r2), tool_result_free(&r3);
	free(a), free(b), free(c);
	scratch_remove(dir);
}

LEAKFREE_TEST(scale, hundred_thousand_groups_build_and_check, .timeout = 300)
{
	char *dir = scratch_dir();
	char *src = path_join(dir, "src"), *db = path_join(dir, "big.db");
	struct tool_result r = tool_run("generate", "--groups", "100000", "--topics", "2000",
					"--contact-points", "320", "--seed", "1", src, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("build", src, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("stats", db, NULL);
	cr_assert(strstr(r.out, "topics 2000\n"), "%s", r.out);
	cr_assert(strstr(r.out, "contact_points 320\n"), "%s", r.out);
	cr_assert(strstr(r.out, "groups 100000\n"), "%s", r.out);
	tool_result_free(&r);
	r = tool_run("check", db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	free(src), free(db);
	scratch_remove(dir);
}
