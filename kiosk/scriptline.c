/* scriptline — one line of a UI test script, read into a step.
 *
 * The reading half of script mode (script.c runs the steps): what each
 * command takes and how its arguments are written, and nothing about what
 * is on screen, so it runs without a window and a fuzz target can feed it
 * any bytes (tests/fuzz). A bad line gets the sentence script.c prints
 * after PATH:LINE; a line is never cut short or split, nor an argument
 * truncated to fit. */
#include "scriptline.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define KEY_NAME_MAX 64         /* bytes of "Ctrl+Shift+Keypad 8" and the like */

__attribute__((format(printf, 3, 4)))
static bool refuse(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return false;
}

/* Reads a "quoted" argument (\" and \\ inside) into `out`; false if there is
 * none, or if it does not fit in `cap` bytes. */
static bool quoted(const char **s, char *out, size_t cap)
{
	const char *p = *s + strspn(*s, " \t");
	if (*p != '"')
		return false;
	p++;
	size_t n = 0;
	while (*p && *p != '"') {
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 >= cap)
			return false;
		out[n++] = *p;
		p++;
	}
	if (*p != '"')
		return false;
	out[n] = '\0';
	*s = p + 1;
	return true;
}

static bool rest_is_empty(const char *s)
{
	return s[strspn(s, " \t")] == '\0';
}

/* Whether `args` is the one word `word`, blanks around it aside. */
static bool only_word(const char *args, const char *word)
{
	args += strspn(args, " \t");
	size_t len = strlen(word);
	return strncmp(args, word, len) == 0 && rest_is_empty(args + len);
}

static bool parse_tap(const char *args, struct script_step *st, char *why, size_t whylen)
{
	char tail;
	if (quoted(&args, st->text, sizeof st->text)) {
		if (!rest_is_empty(args))
			return refuse(why, whylen, "tap: unexpected text after the label");
		st->op = SCRIPT_TAP_LABEL;
		return true;
	}
	if (sscanf(args, "%d %d %c", &st->x1, &st->y1, &tail) != 2)
		return refuse(why, whylen, "tap needs X Y, \"LABEL\" or \"@TARGET\"");
	st->op = SCRIPT_TAP_AT;
	return true;
}

static bool parse_key(const char *args, struct script_step *st, char *why, size_t whylen)
{
	char name[KEY_NAME_MAX];
	/* A name with a space in it ("Keypad 8") comes in quotes. */
	if (!quoted(&args, name, sizeof name)) {
		const char *word = args + strspn(args, " \t");
		size_t len = strcspn(word, " \t");
		if (len == 0 || len >= sizeof name || *word == '"')
			return refuse(why, whylen, "key needs a key name");
		memcpy(name, word, len);
		name[len] = '\0';
	}
	char *k = name;
	for (;;) {
		if (strncmp(k, "Ctrl+", 5) == 0)
			st->mod |= KMOD_LCTRL, k += 5;
		else if (strncmp(k, "Shift+", 6) == 0)
			st->mod |= KMOD_LSHIFT, k += 6;
		else if (strncmp(k, "Alt+", 4) == 0)
			st->mod |= KMOD_LALT, k += 4;
		else
			break;
	}
	st->key = SDL_GetKeyFromName(k);
	if (st->key == SDLK_UNKNOWN)
		return refuse(why, whylen, "key: \"%s\" is not an SDL key name", k);
	st->op = SCRIPT_KEY;
	return true;
}

/* `date YYYY-MM-DD HH:MM[:SS]`, local time. */
static bool parse_date(const char *args, struct script_step *st, char *why, size_t whylen)
{
	struct tm tm = {.tm_isdst = -1};
	int len = 0;
	char tail;
	if (sscanf(args, " %4d-%2d-%2d %2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &len) != 5)
		return refuse(why, whylen, "date needs YYYY-MM-DD HH:MM[:SS]");
	args += len;
	if (*args == ':' && sscanf(args, ":%2d%n", &tm.tm_sec, &len) == 1)
		args += len;
	if (sscanf(args, " %c", &tail) == 1)
		return refuse(why, whylen, "date: unexpected text after the time");
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return refuse(why, whylen, "date: not a time this machine can hold");
	st->wall_s = (long long)t;
	st->op = SCRIPT_DATE;
	return true;
}

bool script_parse_line(const char *line, struct script_step *st, char *why, size_t whylen)
{
	char tail;
	memset(st, 0, sizeof *st);
	size_t len = strcspn(line, "\r\n");
	if (len >= SCRIPT_MAX_LINE - 1)
		return refuse(why, whylen, "longer than %d characters", SCRIPT_MAX_LINE - 2);
	char buf[SCRIPT_MAX_LINE];
	memcpy(buf, line, len);
	buf[len] = '\0';
	const char *s = buf + strspn(buf, " \t");
	if (!*s || *s == '#')
		return true;   /* SCRIPT_SKIP */
	size_t cmd_len = strcspn(s, " \t");
	const char *args = s + cmd_len;
#define IS(name) (cmd_len == sizeof name - 1 && memcmp(s, name, cmd_len) == 0)
	if (IS("tap"))
		return parse_tap(args, st, why, whylen);
	if (IS("drag")) {
		if (sscanf(args, "%d %d %d %d %d %c", &st->x1, &st->y1, &st->x2, &st->y2, &st->ms, &tail) != 5 ||
		    st->ms <= 0)
			return refuse(why, whylen, "drag needs X1 Y1 X2 Y2 MS");
		st->op = SCRIPT_DRAG;
		return true;
	}
	if (IS("key"))
		return parse_key(args, st, why, whylen);
	if (IS("text")) {
		if (!quoted(&args, st->text, sizeof st->text) || !rest_is_empty(args))
			return refuse(why, whylen, "text needs a \"STRING\"");
		st->op = SCRIPT_TEXT;
		return true;
	}
	if (IS("clock")) {
		/* `clock +MS` jumps from now: a generated script need not track
		 * the time every step took. %llu would take "-5" as 2^64 - 5: a
		 * sign is refused first. */
		const char *digits = args + strspn(args, " \t");
		st->clock_relative = *digits == '+';
		digits += st->clock_relative;
		if (*digits < '0' || *digits > '9' || sscanf(digits, "%llu %c", &st->clock_ms, &tail) != 1)
			return refuse(why, whylen, "clock needs milliseconds (or +MS from now)");
		st->op = SCRIPT_CLOCK;
		return true;
	}
	if (IS("wait")) {
		if (sscanf(args, "%d %c", &st->ms, &tail) != 1 || st->ms < 0)
			return refuse(why, whylen, "wait needs a number of milliseconds");
		st->op = SCRIPT_WAIT;
		return true;
	}
	if (IS("date"))
		return parse_date(args, st, why, whylen);
	if (IS("expect")) {
		if (only_word(args, "dark"))
			st->op = SCRIPT_EXPECT_DARK;
		else if (only_word(args, "lit"))
			st->op = SCRIPT_EXPECT_LIT;
		else if (!quoted(&args, st->text, sizeof st->text) || !rest_is_empty(args))
			return refuse(why, whylen, "expect needs a \"LABEL\"");
		else
			st->op = SCRIPT_EXPECT_LABEL;
		return true;
	}
	if (IS("shot") || IS("tree") || IS("speak") || IS("said")) {
		st->op = IS("shot") ? SCRIPT_SHOT : IS("tree") ? SCRIPT_TREE : IS("speak") ? SCRIPT_SPEAK : SCRIPT_SAID;
		if (sscanf(args, " %1023s", st->text) != 1)
			return refuse(why, whylen, "%.*s needs a file name", (int)cmd_len, s);
		return true;
	}
	if (IS("headphones") || IS("checks")) {
		bool phones = IS("headphones");
		if (only_word(args, phones ? "in" : "warn"))
			st->op = phones ? SCRIPT_HEADPHONES_IN : SCRIPT_CHECKS_WARN;
		else if (only_word(args, phones ? "out" : "stop"))
			st->op = phones ? SCRIPT_HEADPHONES_OUT : SCRIPT_CHECKS_STOP;
		else
			return refuse(why, whylen, phones ? "headphones needs in or out" : "checks needs warn or stop");
		return true;
	}
	if (IS("window")) {
		if (only_word(args, "exposed"))
			st->op = SCRIPT_WINDOW_EXPOSED;
		else if (only_word(args, "resized"))
			st->op = SCRIPT_WINDOW_RESIZED;
		else
			return refuse(why, whylen, "window needs exposed or resized");
		return true;
	}
	if (IS("quit")) {
		st->op = SCRIPT_QUIT;
		return true;
	}
#undef IS
	return refuse(why, whylen, "unknown command \"%.*s\"", (int)(cmd_len < 40 ? cmd_len : 40), s);
}
