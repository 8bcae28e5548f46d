/* Script lines (kiosk/scriptline.c) read without a window: what each
 * command takes, and the lines it refuses rather than cut or split. The
 * runner's side is tests/test_ui.c; a line too long for the runner is
 * tried here in the real kiosk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "scriptline.h"

static struct script_step step;

static void parses(const char *line, enum script_op op)
{
	char why[256] = "";
	cr_assert(script_parse_line(line, &step, why, sizeof why), "%s: %s", line, why);
	cr_assert_eq(step.op, op, "%s: op %d", line, step.op);
}

static void refuses(const char *line, const char *reason)
{
	char why[256] = "";
	cr_assert_not(script_parse_line(line, &step, why, sizeof why), "%s was taken", line);
	cr_assert(strstr(why, reason), "%s: %s", line, why);
}

Test(script, every_command_is_read)
{
	parses("   # a comment\n", SCRIPT_SKIP);
	parses("\r\n", SCRIPT_SKIP);
	parses("tap 12 -3\r\n", SCRIPT_TAP_AT);
	cr_assert(step.x1 == 12 && step.y1 == -3);
	parses("tap \"@letter:Z\"", SCRIPT_TAP_LABEL);
	cr_assert_str_eq(step.text, "@letter:Z");
	parses("drag 1 2 3 4 500", SCRIPT_DRAG);
	cr_assert(step.x1 == 1 && step.y1 == 2 && step.x2 == 3 && step.y2 == 4 && step.ms == 500);
	parses("key \"Keypad 8\"", SCRIPT_KEY);
	cr_assert_eq(step.key, SDLK_KP_8);
	parses("key Ctrl+Shift+Q", SCRIPT_KEY);
	cr_assert(step.key == SDLK_q && step.mod == (KMOD_LCTRL | KMOD_LSHIFT));
	parses("text \"Z\\\"ö\\\\\"", SCRIPT_TEXT);
	cr_assert_str_eq(step.text, "Z\"ö\\");
	parses("clock 4294968296", SCRIPT_CLOCK);
	cr_assert_eq(step.clock_ms, 4294968296ULL);
	cr_assert_not(step.clock_relative);
	parses("clock +90000", SCRIPT_CLOCK);
	cr_assert(step.clock_ms == 90000 && step.clock_relative);
	parses("checks warn", SCRIPT_CHECKS_WARN);
	parses("checks stop", SCRIPT_CHECKS_STOP);
	parses("wait 0", SCRIPT_WAIT);
	parses("date 2026-12-24 20:00:30", SCRIPT_DATE);
	parses("expect dark", SCRIPT_EXPECT_DARK);
	parses("expect lit ", SCRIPT_EXPECT_LIT);
	parses("expect \"dark\"", SCRIPT_EXPECT_LABEL);
	cr_assert_str_eq(step.text, "dark");
	parses("shot /tmp/a.png", SCRIPT_SHOT);
	cr_assert_str_eq(step.text, "/tmp/a.png");
	parses("tree t", SCRIPT_TREE);
	parses("speak /tmp/a.wav", SCRIPT_SPEAK);
	cr_assert_str_eq(step.text, "/tmp/a.wav");
	parses("said s.txt", SCRIPT_SAID);
	parses("headphones in", SCRIPT_HEADPHONES_IN);
	parses("headphones out ", SCRIPT_HEADPHONES_OUT);
	parses("window exposed", SCRIPT_WINDOW_EXPOSED);
	parses("window resized", SCRIPT_WINDOW_RESIZED);
	parses("quit", SCRIPT_QUIT);
}

Test(script, bad_lines_are_refused_with_a_reason)
{
	refuses("hop 1 2", "unknown command \"hop\"");
	refuses("tapping 1 2", "unknown command \"tapping\"");
	refuses("tap 1", "tap needs X Y");
	refuses("tap \"open", "tap needs X Y");
	refuses("tap \"a\" b", "unexpected text after the label");
	refuses("drag 1 2 3 4 0", "drag needs");
	refuses("wait -1", "wait needs a number");
	refuses("wait 5 s", "wait needs a number");
	refuses("key Ctrl+Nothing", "\"Nothing\" is not an SDL key name");
	refuses("date 2026-12-24", "date needs");
	refuses("date 2026-12-24 10:00 x", "unexpected text after the time");
	refuses("expect dark now", "expect needs a \"LABEL\"");
	refuses("shot", "shot needs a file name");
	refuses("speak", "speak needs a file name");
	refuses("clock +-5", "clock needs milliseconds");
	refuses("clock -5", "clock needs milliseconds");
	refuses("checks maybe", "checks needs warn or stop");
	refuses("headphones", "headphones needs in or out");
	refuses("headphones inside", "headphones needs in or out");
	refuses("window closed", "window needs exposed or resized");
	refuses("text unquoted", "text needs a \"STRING\"");
}

/* A key name longer than its buffer was cut to fit, and could then name
 * another key: this one was read as Alt+Shift+Q. Now it is refused. */
Test(script, a_long_key_name_is_refused_not_cut)
{
	refuses("key Alt+Alt+Alt+Alt+Alt+Alt+Alt+Alt+Alt+Alt+Alt+Alt+Alt+Alt+Shift+QXYZ", "key needs a key name");
}

Test(script, a_line_too_long_is_refused_whole)
{
	char *line = malloc(SCRIPT_MAX_LINE + 8);
	memset(line, ' ', SCRIPT_MAX_LINE + 6);
	memcpy(line, "wait 1", 6);
	line[SCRIPT_MAX_LINE + 6] = '\0';
	refuses(line, "longer than 1022 characters");
	line[SCRIPT_MAX_LINE - 2] = '\0';
	parses(line, SCRIPT_WAIT);
	free(line);
}

/* The runner read such a line in pieces, each run as a line of its own. */
LEAKFREE_TEST(script, the_kiosk_stops_at_a_line_too_long)
{
	char *dir = scratch_dir(), *err = NULL;
	char script[3000];
	memset(script, 'x', sizeof script);
	memcpy(script, "text \"", 6);
	memcpy(script + 2000, "\"\nwait 10\nexpect \"Selbsthilfe finden\"\n", 39);
	int rc = kiosk_script(dir, "1280x800", script, "", "", &err);
	cr_assert_neq(rc, 0, "the script passed");
	cr_assert(err && strstr(err, ":1: longer than 1022 characters"), "%s", err ? err : "");
	free(err);
	scratch_remove(dir);
}
