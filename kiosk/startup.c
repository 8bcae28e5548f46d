/* startup — the start screen made ready while SDL starts.
 *
 * SDL_Init waits on the display server, 5 to 30 ms here, and opening the
 * window a little more; a bare SDL program waits as long. Meanwhile one
 * thread does all of the start that needs no window: it loads the strings,
 * opens the fonts, picks and checks the content, opens the store and the
 * app, lays the start screen out at the window's expected size, and
 * renders its lines ahead as coverage, what the software renderer blends.
 * The content's check, which hashes the whole file, has a thread of its
 * own beside the strings and fonts; the store opens once it passed. The
 * main thread then gives text and render the renderer and draws: a window
 * of another size (a full screen that is not 1920 x 1080) is laid out
 * again there, as a resize is.
 *
 * Nothing here touches SDL's video subsystem, only fonts and surfaces, and
 * nothing of the kiosk but `struct startup`. It runs in a locale of its
 * own, the C locale: SDL_Init sets the process's locale for a moment
 * meanwhile (for X11's input method), and glibc lets no thread share the
 * process's locale while it changes. */
#include "startup.h"

#include <SDL.h>
#include <locale.h>
#include <stdio.h>
#include <time.h>

#include "journal.h"
#include "kiosk.h"
#include "screen.h"
#include "update.h"

/* Checks the content file served without a data folder, or when the data
 * folder cannot take it: nothing to fall back on, so a failure stops. */
static bool check_as_is(const char *content)
{
	char why[1024];
	if (update_check_file(content, NULL, why, sizeof why))
		return true;
	journal_say(JOURNAL_ERR, "%s", why);   /* it names the file */
	return false;
}

static uint64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* With a data folder: serve its current.db. Without one, or when the
 * folder cannot hold the content, the bundled content is served as it is,
 * once it passes the check. */
static void pick_content(void *arg)
{
	struct content_pick *pick = arg;
	char why[1024];
	if (!pick->dir) {
		if (pick->stats)
			journal_say(JOURNAL_WARNING, "statistics need a data folder (--data-dir): they are off");
		pick->passed = check_as_is(pick->content);
		return;
	}
	if (!update_prepare(pick->dir, pick->content, pick->current, sizeof pick->current, why, sizeof why)) {
		journal_say(JOURNAL_ERR, "%s", why);
		journal_say(JOURNAL_WARNING, "serving the bundled content %s as it is; updates%s are off", pick->content,
			    pick->stats ? " and statistics" : "");
		pick->passed = check_as_is(pick->content);
		return;
	}
	uint64_t t0 = monotonic_ms();
	if (!update_select(pick->dir, pick->content, "wegweiser " WW_VERSION, pick->current, sizeof pick->current,
			   stderr, why, sizeof why)) {
		journal_say(JOURNAL_ERR, "%s", why);
		return;
	}
	if (pick->measure)
		fprintf(stderr, "report content_check_ms %llu\n", (unsigned long long)(monotonic_ms() - t0));
	pick->content = pick->current;
	pick->in_data_dir = true;
	pick->passed = true;
}

/* Runs fn(arg) in a C locale of this thread's own. */
static void in_own_locale(void (*fn)(void *), void *arg)
{
	locale_t own = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (own)
		uselocale(own);
	fn(arg);
	if (own) {
		uselocale(LC_GLOBAL_LOCALE);
		freelocale(own);
	}
}

/* The content's pick as a thread of its own. */
static int pick_thread(void *pick)
{
	in_own_locale(pick_content, pick);
	return 0;
}

/* The strings, the fonts, and the lists to lay out in: false when one is
 * missing (said). */
static bool open_text(struct startup *s)
{
	static const char *const langs[] = {"de", "en", NULL};
	char err[512], dir[PATH_MAX + 16];
	snprintf(dir, sizeof dir, "%s/strings", s->assets);
	s->strings = uistrings_load(dir, langs, err, sizeof err);
	if (!s->strings) {
		journal_say(JOURNAL_ERR, "%s", err);
		return false;
	}
	snprintf(dir, sizeof dir, "%s/fonts", s->assets);
	/* At the size the start screen has them (the app's first fit asks for
	 * the same), so that they are opened once, not at 1.0 and again. */
	s->text = text_new(dir, theme_normal.font, app_font_scale(s->settings, s->width, s->height), err,
			   sizeof err);
	if (!s->text) {
		journal_say(JOURNAL_ERR, "%s", err);
		return false;
	}
	s->views = view_list_new();
	s->render = render_new(s->text);
	if (!s->views || !s->render) {
		journal_say(JOURNAL_ERR, "out of memory");
		return false;
	}
	return true;
}

static void prepare(void *arg)
{
	struct startup *s = arg;
	/* The check hashes the content file: the 100,000-group file takes
	 * longer than the fonts and SDL_Init together, so it has a core of its
	 * own meanwhile; without a thread, it runs here. */
	SDL_Thread *picking = SDL_CreateThread(pick_thread, "content-check", &s->pick);
	if (!picking)
		pick_content(&s->pick);
	bool text = open_text(s);
	SDL_WaitThread(picking, NULL);
	if (!text || !s->pick.passed)
		return;
	char err[512];
	s->store = store_open(s->pick.content, err, sizeof err);
	if (!s->store) {
		journal_say(JOURNAL_ERR, "%s: %s", s->pick.content, err);
		return;
	}
	s->app = app_new(&screen_set, s->store, s->strings, s->text, s->render, s->settings, s->width, s->height,
			 s->now);
	if (!s->app) {
		journal_say(JOURNAL_ERR, "out of memory");
		return;
	}
	if (s->lines_ahead) {
		app_build(s->app, s->views);
		render_lines_ahead(s->render, s->views, s->width, s->height);
	}
}

int startup_prepare(void *s)
{
	in_own_locale(prepare, s);
	return 0;
}
