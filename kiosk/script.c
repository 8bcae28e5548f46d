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
 * same virtual clock; `date` sets the wall clock the opening hours read.
 * `speak` and `said` show what speech reads (script mode plays nothing);
 * `headphones in|out` stands for the jack, which script mode does not read.
 * `window exposed|resized` stand for what a window system sends. With
 * WW_DAMAGE_CHECK set, every frame says on the error stream how much of
 * the window it redrew ("FILE:LINE: redrawn PIXELS of TOTAL pixels in N
 * rectangles (whole): X,Y,W,H …"), and is checked against one drawn whole.
 * scriptline.c reads each line into a step; this file runs the steps. */
#include "script.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "screen.h"
#include "scriptline.h"
#include "utf8.h"

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

/* Draws a frame if the app wants one; reports a failed frame check. */
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

static bool frame(struct run *r, bool force)
{
	if (!force && !kiosk_needs_frame(r->k))
		return true;
	bool ok = kiosk_frame(r->k);
	if (r->k->damage_check && !r->k->dark) {
		const SDL_Rect *rects;
		long long pixels;
		bool whole;
		int n = render_redrawn(r->k->render, &rects, &pixels, &whole);
		fprintf(r->err, "%s:%d: redrawn %lld of %lld pixels in %d rectangles%s:", r->path, r->line, pixels,
			(long long)r->k->width * r->k->height, n, whole ? " (whole)" : "");
		for (int i = 0; i < n; i++)
			fprintf(r->err, " %d,%d,%d,%d", rects[i].x, rects[i].y, rects[i].w, rects[i].h);
		fputc('\n', r->err);
	}
	if (!ok)
		return check_failed(r);
	app_after_frame(r->k->app);
	return true;
}

/* What a window system sends when a window is uncovered or sized anew. */
static bool cmd_window(struct run *r, const struct script_step *st)
{
	SDL_Event e = {.type = SDL_WINDOWEVENT};
	if (st->op == SCRIPT_WINDOW_EXPOSED) {
		e.window.event = SDL_WINDOWEVENT_EXPOSED;
	} else {
		e.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
		e.window.data1 = r->k->width;
		e.window.data2 = r->k->height;
	}
	send(r, &e);
	return frame(r, false);
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

static bool cmd_tap(struct run *r, const struct script_step *st)
{
	int x = st->x1, y = st->y1;
	if (st->op == SCRIPT_TAP_LABEL) {
		const struct view *v = find(r->k, st->text);
		if (!v)
			return missed(r, "tap: no widget %s \"%s\" on screen", st->text[0] == '@' ? "with target" : "labelled",
				      st->text[0] == '@' ? st->text + 1 : st->text);
		x = v->clip.x + v->clip.w / 2;
		y = v->clip.y + v->clip.h / 2;
	}
	if (!touchable(r->k, x, y))
		return missed(r, "tap at %d,%d hits nothing", x, y);
	pointer(r, SDL_MOUSEBUTTONDOWN, x, y);
	if (!frame(r, false) || !advance(r, TAP_MS))
		return false;
	pointer(r, SDL_MOUSEBUTTONUP, x, y);
	return frame(r, false);
}

static bool cmd_drag(struct run *r, const struct script_step *st)
{
	int x1 = st->x1, y1 = st->y1, x2 = st->x2, y2 = st->y2, ms = st->ms;
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

static bool cmd_key(struct run *r, const struct script_step *st)
{
	SDL_Event e = {.type = SDL_KEYDOWN};
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = st->key;
	e.key.keysym.scancode = SDL_GetScancodeFromKey(st->key);
	e.key.keysym.mod = st->mod;
	send(r, &e);
	return frame(r, false);
}

static bool cmd_write(struct run *r, const struct script_step *st)
{
	const char *path = st->text;
	if (!kiosk_draw(r->k) && !check_failed(r))
		return false;
	if (st->op == SCRIPT_SHOT) {
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
	r->k->surface_unshown = false;
	text_frame_end(r->k->text);
	return true;
}

/* The wall clock (local time) from now on, running with the virtual clock. */
static bool cmd_date(struct run *r, const struct script_step *st)
{
	r->k->virtual_wall = true;
	r->k->wall_minus_now_ms = (int64_t)st->wall_s * 1000 - (int64_t)r->now;
	kiosk_tick(r->k, r->now);
	return frame(r, false);
}

/* `speak FILE.wav`: the page as speech reads it now, synthesised into a
 * WAV file; `said FILE.txt`: the text last handed to speech (one piece a
 * line; empty when nothing was said). */
static bool cmd_speech(struct run *r, const struct script_step *st)
{
	const char *path = st->text;
	char why[PATH_MAX + 256];
	static char text[SPEECH_MAX_TEXT_BYTES];
	if (!kiosk_draw(r->k))
		return fail(r, "frame check: %s", r->k->failure);
	if (st->op == SCRIPT_SPEAK) {
		if (kiosk_page_text(r->k, text, sizeof text) > 0)
			return fail(r, "speak: the page's text is longer than %d bytes", SPEECH_MAX_TEXT_BYTES);
		if (speech_to_wav(r->k->speech, app_lang(r->k->app), text, path, why, sizeof why) != 0)
			return fail(r, "speak: %s", why);
		return true;
	}
	FILE *fp = fopen(path, "w");
	if (!fp)
		return fail(r, "said: cannot write %s", path);
	fputs(r->k->said ? r->k->said : "", fp);
	if (fclose(fp) != 0)
		return fail(r, "said: cannot write %s", path);
	return true;
}

/* Runs one step that script_parse_line() read. */
static bool run_step(struct run *r, const struct script_step *st, bool *quit)
{
	struct kiosk *k = r->k;
	switch (st->op) {
	case SCRIPT_SKIP:
		return true;
	case SCRIPT_TAP_AT:
	case SCRIPT_TAP_LABEL:
		return cmd_tap(r, st);
	case SCRIPT_DRAG:
		return cmd_drag(r, st);
	case SCRIPT_KEY:
		return cmd_key(r, st);
	case SCRIPT_TEXT:
		type_text(r, st->text);
		return frame(r, false);
	case SCRIPT_CLOCK:
		if (st->clock_relative ? st->clock_ms > UINT64_MAX - r->now : st->clock_ms < r->now)
			return fail(r, "clock needs milliseconds (or +MS from now), no earlier than now (%llu)",
				    (unsigned long long)r->now);
		/* a jump: the app sees the time pass at its next tick */
		r->now = st->clock_relative ? r->now + st->clock_ms : st->clock_ms;
		kiosk_tick(k, r->now);
		app_tick(k->app, r->now);
		return frame(r, false);
	case SCRIPT_WAIT:
		kiosk_updates(k, r->now, true);   /* background work finishes first */
		return advance(r, st->ms);
	case SCRIPT_DATE:
		return cmd_date(r, st);
	case SCRIPT_EXPECT_DARK:
	case SCRIPT_EXPECT_LIT: {
		bool want_dark = st->op == SCRIPT_EXPECT_DARK;
		const char *label = want_dark ? "dark" : "lit";
		if (k->dark != want_dark)
			return fail(r, "expected the screen %s, but it is %s", label, k->dark ? "dark" : "lit");
		if (SDL_IsScreenSaverEnabled() != k->dark)
			return fail(r, "the screen is %s, but the display %s sleep", label, k->dark ? "may not" : "may");
		return true;
	}
	case SCRIPT_EXPECT_LABEL:
		if (!kiosk_draw(k) && !check_failed(r))
			return false;
		if (!find(k, st->text))
			return fail(r, "expected \"%s\", which is not on screen", st->text);
		return true;
	case SCRIPT_SHOT:
	case SCRIPT_TREE:
		return cmd_write(r, st);
	case SCRIPT_SPEAK:
	case SCRIPT_SAID:
		return cmd_speech(r, st);
	case SCRIPT_HEADPHONES_IN:
	case SCRIPT_HEADPHONES_OUT:
		kiosk_headphones(k, st->op == SCRIPT_HEADPHONES_IN);
		return frame(r, false);
	case SCRIPT_CHECKS_WARN:
	case SCRIPT_CHECKS_STOP:
		r->warn_only = st->op == SCRIPT_CHECKS_WARN;
		return true;
	case SCRIPT_WINDOW_EXPOSED:
	case SCRIPT_WINDOW_RESIZED:
		return cmd_window(r, st);
	case SCRIPT_QUIT:
		*quit = true;
		return true;
	}
	return fail(r, "no such step");
}

int script_run(struct kiosk *k, const char *path, FILE *err)
{
	struct run r = {.k = k, .now = SCRIPT_T0, .path = path, .err = err};
	FILE *fp = fopen(path, "r");
	char buf[SCRIPT_MAX_LINE], why[256];
	struct script_step *step = malloc(sizeof *step);
	bool ok = true, quit = false;
	if (!fp || !step) {
		fprintf(err, "%s: cannot read the script\n", path);
		if (fp)
			fclose(fp);
		free(step);
		return 2;
	}
	kiosk_tick(k, r.now);
	app_tick(k->app, r.now);
	ok = frame(&r, true);
	fault_arm();   /* WW_FAULT=alloc counts from here, as in the real loop */
	while (ok && !quit && fgets(buf, sizeof buf, fp)) {
		r.line++;
		/* A line longer than buf comes in pieces; the first fills buf,
		 * and script_parse_line() refuses it whole. */
		bool parsed = script_parse_line(buf, step, why, sizeof why);
		if (parsed && step->op == SCRIPT_SKIP)
			continue;
		if (app_quit_requested(k->app)) {
			ok = fail(&r, "the app ended before the script");
			break;
		}
		ok = parsed ? run_step(&r, step, &quit) : fail(&r, "%s", why);
		/* A visitor's taps are seconds apart: the real loop settles
		 * between them, and so does the script once nothing moves. */
		if (ok && !app_needs_frame(k->app))
			kiosk_settle(k);
	}
	fclose(fp);
	free(step);
	if (ok && !quit && app_quit_requested(k->app))
		ok = fail(&r, "the app ended before the script");
	return ok ? 0 : 1;
}
