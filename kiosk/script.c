/* script — replays a UI test script on a virtual clock.
 *
 * How the UI is tested (DESIGN.md, testing ladder 2): taps, drags, keys and
 * text go in as SDL events through kiosk_event(), the path a finger and a
 * keyboard take, stamped as SDL stamps them (32-bit milliseconds) from a
 * virtual 64-bit clock, so a 90-second idle timeout takes no real time,
 * every run is the same, and `clock MS` can start the clock anywhere (past
 * the 49.7 days where the 32-bit stamps wrap). After each step the frame
 * is built in strict mode; `tree` and `shot` write what the frame holds. A
 * failed expect, a tap on nothing, a bad line, a failed frame check or an
 * app that ends before the script does all stop the run with the line
 * (after `checks warn` a failed frame check or a tap that finds nothing
 * is told and the run goes on, until `checks stop`: a long random run
 * collects them all, and a run with failures injected goes on to show
 * that the kiosk recovers).
 * The loop's own timers (opening hours, watchdog, status file) run on the
 * same virtual clock; `date` sets the wall clock the opening hours read. */
#include "script.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fault.h"
#include "utf8.h"

#define MAX_LINE 1024
#define FRAME_MS 16             /* frames while waiting: 60 per second */
#define TOUCH_EVENT_MS 8        /* a 120 Hz touch panel during drags */
#define TAP_MS 60               /* how long a finger rests for a tap */

struct run {
	struct kiosk *k;
	uint64_t now;
	const char *path;
	int line;
	FILE *err;
	bool warn_only;         /* `checks warn`: a failed check or a missed tap does not end the run */
};

/* Gives one event to the kiosk, stamped with the virtual clock. */
static void send(struct run *r, SDL_Event *e)
{
	bool quit = false;
	e->common.timestamp = (Uint32)r->now;
	kiosk_event(r->k, e, r->now, &quit);
}

static void pointer(struct run *r, Uint32 type, int x, int y)
{
	SDL_Event e = {.type = type};
	if (type == SDL_MOUSEMOTION) {
		e.motion.x = x;
		e.motion.y = y;
		e.motion.state = SDL_BUTTON_LMASK;
	} else {
		e.button.x = x;
		e.button.y = y;
		e.button.button = SDL_BUTTON_LEFT;
		e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
	}
	send(r, &e);
}

/* Typed text as SDL delivers it: whole characters, at most
 * SDL_TEXTINPUTEVENT_TEXT_SIZE - 1 bytes an event. */
static void type_text(struct run *r, const char *s)
{
	size_t len = strlen(s);
	for (size_t at = 0; at < len;) {
		SDL_Event e = {.type = SDL_TEXTINPUT};
		size_t end = at;
		while (end < len && utf8_skip(s, end, len) - at < sizeof e.text.text)
			end = utf8_skip(s, end, len);
		memcpy(e.text.text, s + at, end - at);
		send(r, &e);
		at = end;
	}
}

__attribute__((format(printf, 2, 3)))
static bool fail(struct run *r, const char *fmt, ...)
{
	va_list ap;
	fprintf(r->err, "%s:%d: ", r->path, r->line);
	va_start(ap, fmt);
	vfprintf(r->err, fmt, ap);
	va_end(ap);
	fputc('\n', r->err);
	return false;
}

/* A tap that finds nothing: the end of the run, or (`checks warn`) a line
 * on the error stream and the run goes on. */
__attribute__((format(printf, 2, 3)))
static bool missed(struct run *r, const char *fmt, ...)
{
	va_list ap;
	fprintf(r->err, "%s:%d: ", r->path, r->line);
	va_start(ap, fmt);
	vfprintf(r->err, fmt, ap);
	va_end(ap);
	fputs(r->warn_only ? " (going on)\n" : "\n", r->err);
	return r->warn_only;
}

/* A failed frame check: the end of the run, or (`checks warn`) a line on
 * the error stream and the run goes on. */
static bool check_failed(struct run *r)
{
	bool go_on = r->warn_only;
	if (go_on) {
		fprintf(r->err, "%s:%d: frame check (going on): %s\n", r->path, r->line, r->k->failure);
		r->k->failure[0] = '\0';   /* the next one is told too */
	}
	return go_on || fail(r, "frame check: %s", r->k->failure);
}

/* Draws a frame if the app wants one; reports a failed frame check. */
static bool frame(struct run *r, bool force)
{
	if (!force && !kiosk_needs_frame(r->k))
		return true;
	if (!kiosk_frame(r->k))
		return check_failed(r);
	return true;
}

/* Lets `ms` of virtual time pass, a frame at a time. */
static bool advance(struct run *r, int ms)
{
	for (int t = 0; t < ms; t += FRAME_MS) {
		int step = ms - t < FRAME_MS ? ms - t : FRAME_MS;
		r->now += (uint64_t)step;
		kiosk_updates(r->k, r->now, false);
		kiosk_tick(r->k, r->now);
		app_tick(r->k->app, r->now);
		if (!frame(r, false))
			return false;
	}
	return true;
}

/* Reads a "quoted" argument; false if there is none. */
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
		if (n + 1 < cap)
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
	return s[strspn(s, " \t\r\n")] == '\0';
}

static const struct view *find(struct kiosk *k, const char *what)
{
	bool by_target = what[0] == '@';
	for (int i = 0; i < view_count(k->views); i++) {
		const struct view *v = view_at(k->views, i);
		if (v->role == ROLE_BOX)
			continue;
		if (by_target ? v->target && strncmp(v->target, what + 1, strlen(what + 1)) == 0
			      : strcmp(v->label, what) == 0)
			return v;
	}
	return NULL;
}

/* Whether a touch at x, y meets something: a widget that takes input, or
 * the "still there?" overlay (which any touch dismisses). */
static bool touchable(struct kiosk *k, int x, int y)
{
	SDL_Point p = {x, y};
	if (k->dark)
		return true;   /* a touch on the black screen lights it */
	for (int i = 0; i < view_count(k->views); i++) {
		const struct view *v = view_at(k->views, i);
		if (v->role == ROLE_BOX && v->style == STYLE_OVERLAY && SDL_PointInRect(&p, &v->clip))
			return true;
	}
	return view_hit(k->views, x, y) != NULL;
}

static bool cmd_tap(struct run *r, const char *args)
{
	char what[MAX_LINE];
	int x, y;
	char tail;
	if (quoted(&args, what, sizeof what)) {
		if (!rest_is_empty(args))
			return fail(r, "tap: unexpected text after the label");
		const struct view *v = find(r->k, what);
		if (!v)
			return missed(r, "tap: no widget %s \"%s\" on screen", what[0] == '@' ? "with target" : "labelled",
				      what[0] == '@' ? what + 1 : what);
		x = v->clip.x + v->clip.w / 2;
		y = v->clip.y + v->clip.h / 2;
	} else if (sscanf(args, "%d %d %c", &x, &y, &tail) != 2) {
		return fail(r, "tap needs X Y, \"LABEL\" or \"@TARGET\"");
	}
	if (!touchable(r->k, x, y))
		return missed(r, "tap at %d,%d hits nothing", x, y);
	pointer(r, SDL_MOUSEBUTTONDOWN, x, y);
	if (!frame(r, false) || !advance(r, TAP_MS))
		return false;
	pointer(r, SDL_MOUSEBUTTONUP, x, y);
	return frame(r, false);
}

static bool cmd_drag(struct run *r, const char *args)
{
	int x1, y1, x2, y2, ms;
	char tail;
	if (sscanf(args, "%d %d %d %d %d %c", &x1, &y1, &x2, &y2, &ms, &tail) != 5 || ms <= 0)
		return fail(r, "drag needs X1 Y1 X2 Y2 MS");
	pointer(r, SDL_MOUSEBUTTONDOWN, x1, y1);
	int since_frame = 0;
	for (int t = TOUCH_EVENT_MS; t <= ms; t += TOUCH_EVENT_MS) {
		r->now += TOUCH_EVENT_MS;
		double f = (double)t / ms;
		pointer(r, SDL_MOUSEMOTION, x1 + (int)((x2 - x1) * f), y1 + (int)((y2 - y1) * f));
		if ((since_frame += TOUCH_EVENT_MS) >= FRAME_MS) {
			since_frame = 0;
			kiosk_tick(r->k, r->now);
			app_tick(r->k->app, r->now);
			if (!frame(r, false))
				return false;
		}
	}
	pointer(r, SDL_MOUSEBUTTONUP, x2, y2);
	return frame(r, false);
}

static bool cmd_key(struct run *r, const char *args)
{
	char name[64];
	uint16_t mod = 0;
	const char *rest = args;
	/* A name with a space in it ("Keypad 8") comes in quotes. */
	if (!quoted(&rest, name, sizeof name) && sscanf(args, " %63s", name) != 1)
		return fail(r, "key needs a key name");
	char *k = name;
	for (;;) {
		if (strncmp(k, "Ctrl+", 5) == 0)
			mod |= KMOD_LCTRL, k += 5;
		else if (strncmp(k, "Shift+", 6) == 0)
			mod |= KMOD_LSHIFT, k += 6;
		else if (strncmp(k, "Alt+", 4) == 0)
			mod |= KMOD_LALT, k += 4;
		else
			break;
	}
	SDL_Keycode key = SDL_GetKeyFromName(k);
	if (key == SDLK_UNKNOWN)
		return fail(r, "key: \"%s\" is not an SDL key name", k);
	SDL_Event e = {.type = SDL_KEYDOWN};
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = key;
	e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
	e.key.keysym.mod = mod;
	send(r, &e);
	return frame(r, false);
}

static bool cmd_write(struct run *r, const char *cmd, const char *args)
{
	char path[MAX_LINE];
	if (sscanf(args, " %1023s", path) != 1)
		return fail(r, "%s needs a file name", cmd);
	if (!kiosk_draw(r->k) && !check_failed(r))
		return false;
	if (strcmp(cmd, "shot") == 0) {
		if (!kiosk_save_png(r->k, path))
			return fail(r, "shot: cannot write %s: %s", path, SDL_GetError());
	} else {
		FILE *fp = fopen(path, "w");
		if (!fp)
			return fail(r, "tree: cannot write %s", path);
		view_list_write_tree(r->k->views, fp);
		if (fclose(fp) != 0)
			return fail(r, "tree: cannot write %s", path);
	}
	SDL_RenderPresent(r->k->renderer);
	text_frame_end(r->k->text);
	return true;
}

/* `date YYYY-MM-DD HH:MM[:SS]`: the wall clock (local time) from now on,
 * running with the virtual clock. */
static bool cmd_date(struct run *r, const char *args)
{
	struct tm tm = {.tm_isdst = -1};
	int len = 0;
	char tail;
	if (sscanf(args, " %4d-%2d-%2d %2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &len) != 5)
		return fail(r, "date needs YYYY-MM-DD HH:MM[:SS]");
	args += len;
	if (*args == ':' && sscanf(args, ":%2d%n", &tm.tm_sec, &len) == 1)
		args += len;
	if (sscanf(args, " %c", &tail) == 1)
		return fail(r, "date: unexpected text after the time");
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return fail(r, "date: not a time this machine can hold");
	r->k->virtual_wall = true;
	r->k->wall_minus_now_ms = (int64_t)t * 1000 - (int64_t)r->now;
	kiosk_tick(r->k, r->now);
	return frame(r, false);
}

int script_run(struct kiosk *k, const char *path, FILE *err)
{
	struct run r = {.k = k, .now = SCRIPT_T0, .path = path, .err = err};
	FILE *fp = fopen(path, "r");
	char buf[MAX_LINE];
	bool ok = true, quit = false;
	if (!fp) {
		fprintf(err, "%s: cannot read the script\n", path);
		return 2;
	}
	kiosk_tick(k, r.now);
	app_tick(k->app, r.now);
	ok = frame(&r, true);
	fault_arm();   /* WW_FAULT=alloc counts from here, as in the real loop */
	while (ok && !quit && fgets(buf, sizeof buf, fp)) {
		r.line++;
		buf[strcspn(buf, "\r\n")] = '\0';
		const char *s = buf + strspn(buf, " \t");
		if (!*s || *s == '#')
			continue;
		if (app_quit_requested(k->app)) {
			ok = fail(&r, "the app ended before the script");
			break;
		}
		char cmd[16];
		int n = 0;
		sscanf(s, "%15s%n", cmd, &n);
		const char *args = s + n;
		char label[MAX_LINE];
		if (strcmp(cmd, "tap") == 0) {
			ok = cmd_tap(&r, args);
		} else if (strcmp(cmd, "drag") == 0) {
			ok = cmd_drag(&r, args);
		} else if (strcmp(cmd, "key") == 0) {
			ok = cmd_key(&r, args);
		} else if (strcmp(cmd, "text") == 0) {
			if (!quoted(&args, label, sizeof label) || !rest_is_empty(args))
				ok = fail(&r, "text needs a \"STRING\"");
			else {
				type_text(&r, label);
				ok = frame(&r, false);
			}
		} else if (strcmp(cmd, "clock") == 0) {
			unsigned long long ms;
			char tail;
			/* `clock +MS` jumps from now: a generated script need not
			 * track the time every step took. */
			const char *plus = args + strspn(args, " \t");
			bool relative = *plus == '+';
			const char *digits = relative ? plus + 1 : plus;
			/* %llu would take "-5" as 2^64 - 5: a sign is refused first. */
			if (*digits < '0' || *digits > '9' || sscanf(digits, "%llu %c", &ms, &tail) != 1 ||
			    (relative ? ms > UINT64_MAX - r.now : ms < r.now))
				ok = fail(&r, "clock needs milliseconds (or +MS from now), no earlier than now (%llu)",
					  (unsigned long long)r.now);
			else {
				r.now = relative ? r.now + ms : ms;   /* a jump: the app sees the time pass at its next tick */
				kiosk_tick(k, r.now);
				app_tick(k->app, r.now);
				ok = frame(&r, false);
			}
		} else if (strcmp(cmd, "wait") == 0) {
			int ms;
			char tail;
			if (sscanf(args, "%d %c", &ms, &tail) != 1 || ms < 0) {
				ok = fail(&r, "wait needs a number of milliseconds");
			} else {
				kiosk_updates(k, r.now, true);   /* background work finishes first */
				ok = advance(&r, ms);
			}
		} else if (strcmp(cmd, "date") == 0) {
			ok = cmd_date(&r, args);
		} else if (strcmp(cmd, "expect") == 0 && (sscanf(args, " %15s", label) == 1) &&
			   (strcmp(label, "dark") == 0 || strcmp(label, "lit") == 0)) {
			if (k->dark != (strcmp(label, "dark") == 0))
				ok = fail(&r, "expected the screen %s, but it is %s", label, k->dark ? "dark" : "lit");
			else if (SDL_IsScreenSaverEnabled() != k->dark)
				ok = fail(&r, "the screen is %s, but the display %s sleep", label,
					  k->dark ? "may not" : "may");
		} else if (strcmp(cmd, "expect") == 0) {
			if (!quoted(&args, label, sizeof label) || !rest_is_empty(args))
				ok = fail(&r, "expect needs a \"LABEL\"");
			else if (!kiosk_draw(k) && !check_failed(&r))
				ok = false;
			else if (!find(k, label))
				ok = fail(&r, "expected \"%s\", which is not on screen", label);
		} else if (strcmp(cmd, "shot") == 0 || strcmp(cmd, "tree") == 0) {
			ok = cmd_write(&r, cmd, args);
		} else if (strcmp(cmd, "checks") == 0) {
			if (sscanf(args, " %15s", label) != 1 || (strcmp(label, "warn") != 0 && strcmp(label, "stop") != 0) ||
			    !rest_is_empty(args + strspn(args, " \t") + strlen(label)))
				ok = fail(&r, "checks needs warn or stop");
			else
				r.warn_only = strcmp(label, "warn") == 0;
		} else if (strcmp(cmd, "quit") == 0) {
			quit = true;
		} else {
			ok = fail(&r, "unknown command \"%s\"", cmd);
		}
		/* A visitor's taps are seconds apart: the real loop settles
		 * between them, and so does the script once nothing moves. */
		if (ok && !app_needs_frame(k->app))
			kiosk_settle(k);
	}
	fclose(fp);
	if (ok && !quit && app_quit_requested(k->app))
		ok = fail(&r, "the app ended before the script");
	return ok ? 0 : 1;
}
