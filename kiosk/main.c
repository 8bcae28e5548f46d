/* main — the wegweiser kiosk: command line, set-up, the event loop.
 *
 * Reads the command line and the INI config, opens the content file and the
 * window, and then either replays a test script (--script) or runs the
 * event loop. The loop blocks in SDL_WaitEventTimeout until input arrives or
 * the app's next timer is due (idle reset, a fling in motion), so a kiosk
 * nobody touches uses no CPU. A mouse and a touch panel both reach the app
 * as one pointer; SDL's synthetic mouse-from-touch events are switched off
 * so nothing arrives twice, and only the first finger counts.
 *
 * Installed, it finds its fonts, strings and bundled content in the data
 * folder compiled in (WW_DATADIR, from make install's PREFIX) or given by
 * --assets; run from the source tree, in assets/ and build/. By default it
 * draws with SDL's software renderer, presented straight to the window:
 * a kiosk then holds ~15 MiB instead of ~70 with Mesa loaded. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <sodium.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "config.h"
#include "fault.h"
#include "journal.h"
#include "paths.h"
#include "kiosk.h"
#include "screen.h"
#include "script.h"
#include "startup.h"
#include "status.h"
#include "stopsignal.h"

#define IDLE_COUNTDOWN_MS 15000

struct options {
	const char *content;            /* NULL: the data folder's content.db */
	const char *assets;             /* NULL: the build tree's, else WW_DATADIR */
	const char *config;
	const char *data_dir;
	const char *pubkeys[CONFIG_MAX_LIST], *watch[CONFIG_MAX_LIST];
	int npubkeys, nwatch;
	const char *script;
	const char *lang;
	int width, height;
	bool fullscreen;
	bool lockdown;
};

static const char usage[] =
	"Usage: wegweiser [--content FILE] [--config FILE] [--size WxH] [--fullscreen] [--kiosk]\n"
	"                 [--lang de|en] [--data-dir DIR] [--pubkey FILE]… [--watch DIR]…\n"
	"                 [--assets DIR] [--script FILE] [--version] [--help]\n"
	"The Wegweiser self-help kiosk.\n"
	"  --content FILE  the content file to show (default: the data folder's\n"
	"                  content.db, " WW_DATADIR "/content.db)\n"
	"  --config FILE   the INI configuration (idle timeout, language, screen size)\n"
	"  --size WxH      window size in pixels (default 1920x1080)\n"
	"  --fullscreen    fill the screen\n"
	"  --kiosk         kiosk mode (as [kiosk] lockdown = yes): full screen, keyboard\n"
	"                  grabbed, no pointer, and no key, window close or gesture ends\n"
	"                  the program; only staff mode can (or SIGTERM)\n"
	"  --lang de|en    the start language (overrides the configuration)\n"
	"  --data-dir DIR  serve DIR/current.db (first filled from --content) and take\n"
	"                  signed updates from USB sticks into it\n"
	"  --pubkey FILE   a minisign public key whose updates are trusted (repeatable)\n"
	"  --watch DIR     a mount folder to look for sticks in (repeatable; default\n"
	"                  /media and /run/media)\n"
	"  --assets DIR    the data folder: fonts/, strings/ and the bundled content.db\n"
	"                  (default " WW_DATADIR ", or the source tree's\n"
	"                  assets/ and build/ when run from there)\n"
	"  --script FILE   replay a UI test script on a virtual clock, then exit\n"
	"Ctrl+Q quits, except in kiosk mode.\n";

/* "WxH", each a whole number from WINDOW_SIDE_MIN to WINDOW_SIDE_MAX, and
 * nothing else. */
static bool parse_size(const char *v, int *width, int *height)
{
	long side[2];
	const char *p = v;
	for (int i = 0; i < 2; i++) {
		char *end;
		if (*p < '0' || *p > '9')
			return false;
		errno = 0;
		side[i] = strtol(p, &end, 10);
		if (errno || side[i] < WINDOW_SIDE_MIN || side[i] > WINDOW_SIDE_MAX || *end != (i == 0 ? 'x' : '\0'))
			return false;
		p = end + 1;
	}
	*width = (int)side[0];
	*height = (int)side[1];
	return true;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	*o = (struct options){.width = 1920, .height = 1080};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("wegweiser %s\n", WW_VERSION);
			return 0;
		} else if (strcmp(a, "--fullscreen") == 0) {
			o->fullscreen = true;
			continue;
		} else if (strcmp(a, "--kiosk") == 0) {
			o->lockdown = true;
			continue;
		}
		if (!v || strncmp(v, "--", 2) == 0) {
			fprintf(stderr, "wegweiser: %s needs a value\n%s", a, usage);
			return 2;
		}
		i++;
		if (strcmp(a, "--content") == 0)
			o->content = v;
		else if (strcmp(a, "--config") == 0)
			o->config = v;
		else if (strcmp(a, "--assets") == 0)
			o->assets = v;
		else if (strcmp(a, "--script") == 0)
			o->script = v;
		else if (strcmp(a, "--data-dir") == 0)
			o->data_dir = v;
		else if (strcmp(a, "--pubkey") == 0 && o->npubkeys < CONFIG_MAX_LIST)
			o->pubkeys[o->npubkeys++] = v;
		else if (strcmp(a, "--watch") == 0 && o->nwatch < CONFIG_MAX_LIST)
			o->watch[o->nwatch++] = v;
		else if (strcmp(a, "--lang") == 0 && (strcmp(v, "de") == 0 || strcmp(v, "en") == 0))
			o->lang = v;
		else if (strcmp(a, "--size") == 0 && parse_size(v, &o->width, &o->height))
			continue;
		else if (strcmp(a, "--size") == 0) {
			fprintf(stderr, "wegweiser: --size %s: not a size in pixels WIDTHxHEIGHT, each from %d to %d"
				" (such as 1920x1080)\n", v, WINDOW_SIDE_MIN, WINDOW_SIDE_MAX);
			return 2;
		} else {
			fprintf(stderr, "wegweiser: unknown option or bad value: %s %s\n%s", a, v, usage);
			return 2;
		}
	}
	return -1;
}

static bool has_strings(const char *assets)
{
	char probe[PATH_MAX + 32];
	snprintf(probe, sizeof probe, "%s/strings/de.ini", assets);
	return access(probe, R_OK) == 0;
}

/* The data folder's fonts and strings (`assets`) and its bundled content:
 * --assets DIR (DIR/content.db); else the source tree the binary was built
 * in (build/wegweiser or build/san/wegweiser: assets/ and build/content.db);
 * else the folder make install filled. False with why. */
static bool find_data(const char *given, char *assets, size_t cap, char *content, size_t content_cap, char *why,
		      size_t whylen)
{
	if (given) {
		snprintf(assets, cap, "%s", given);
		snprintf(content, content_cap, "%s/content.db", given);
		if (has_strings(assets))
			return true;
		snprintf(why, whylen, "--assets %s: no strings/de.ini in it: not a data folder", given);
		return false;
	}
	char *base = SDL_GetBasePath();   /* the binary's folder, with a slash */
	static const char *const up[] = {"", "../"};
	for (int i = 0; base && i < 2; i++) {
		snprintf(assets, cap, "%s%s../assets", base, up[i]);
		snprintf(content, content_cap, "%s%scontent.db", base, up[i]);
		if (has_strings(assets)) {
			SDL_free(base);
			return true;
		}
	}
	SDL_free(base);
	snprintf(assets, cap, "%s", WW_DATADIR);
	snprintf(content, content_cap, "%s/content.db", WW_DATADIR);
	if (has_strings(assets))
		return true;
	snprintf(why, whylen, "%s: no strings/de.ini in it: is wegweiser installed? (--assets names another)",
		 WW_DATADIR);
	return false;
}

/* SDL's X11 driver opens an input method, and libX11 then parses the
 * locale's whole compose table: some 6,000 sequences for a UTF-8 locale,
 * over a quarter of the work before the first frame (SDL's Wayland driver has
 * xkbcommon read the same table). The kiosk's own table keeps what a
 * visitor types at a physical keyboard, a dead key and then a letter
 * (tools/gen-compose.py). A site that sets XCOMPOSEFILE keeps its own. */
static void use_own_compose_table(const char *assets)
{
	if (getenv("XCOMPOSEFILE"))
		return;
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/compose/Compose", assets);
	if (access(path, R_OK) != 0) {
		journal_say(JOURNAL_WARNING, "%s: %s: dead keys come from the locale's compose table", path,
			    strerror(errno));
		return;
	}
	if (setenv("XCOMPOSEFILE", path, 1) != 0)
		journal_say(JOURNAL_WARNING, "XCOMPOSEFILE=%s: %s", path, strerror(errno));
}

/* SDL's X11 driver connects to the session bus (to keep the screensaver
 * off). Where none is given (DBUS_SESSION_BUS_ADDRESS unset, as for a
 * service user without a user bus), libdbus "autolaunches" one: it forks
 * the kiosk and looks for dbus-launch along the PATH, and where dbus-x11 is
 * installed starts a bus daemon for the kiosk alone. A kiosk has no use for
 * a session bus: "disabled:", a transport libdbus does not know, ends its
 * search at once. A given address is kept. */
static void no_session_bus_autolaunch(void)
{
	if (!getenv("DBUS_SESSION_BUS_ADDRESS") && setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 1) != 0)
		journal_say(JOURNAL_WARNING, "DBUS_SESSION_BUS_ADDRESS: %s", strerror(errno));
}

/* A figure in KiB from a /proc file of this process (Linux): the number
 * after `key` ("VmRSS:") on its line; -1 when there is none. */
static long proc_kb(const char *path, const char *key)
{
	FILE *fp = fopen(path, "r");
	char line[256];
	long kb = -1;
	size_t len = strlen(key);
	while (fp && fgets(line, sizeof line, fp))
		if (strncmp(line, key, len) == 0) {
			kb = strtol(line + len, NULL, 10);
			break;
		}
	if (fp)
		fclose(fp);
	return kb;
}

/* Resident memory of this process, in KiB. */
static long rss_kb(void)
{
	return proc_kb("/proc/self/status", "VmRSS:");
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Proportional memory (shared pages divided among their users), in KiB. */
static long pss_kb(void)
{
	return proc_kb("/proc/self/smaps_rollup", "Pss:");
}

/* With WW_REPORT set, figures for make bench go to stderr, one a line. */
static void report_first_frame(SDL_Renderer *renderer)
{
	SDL_RendererInfo info;
	if (SDL_GetRendererInfo(renderer, &info) == 0)
		fprintf(stderr, "report renderer %s\n", info.name);
	int w = 0, h = 0;
	SDL_GetRendererOutputSize(renderer, &w, &h);
	fprintf(stderr, "report window %dx%d\n", w, h);
	fprintf(stderr, "report pss_first_frame_kb %ld\n", pss_kb());
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "report first_frame_epoch_ms %lld\n",
		(long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
	fprintf(stderr, "report rss_first_frame_kb %ld\n", rss_kb());
}

static void report_exit(struct kiosk *k)
{
	fprintf(stderr, "report rss_kb %ld\n", rss_kb());
	fprintf(stderr, "report pss_kb %ld\n", pss_kb());
	fprintf(stderr, "report text_cache_kb %zu\n", text_cache_bytes(k->text) / 1024);
	fprintf(stderr, "report event_us_max %.0f\n", k->event_us_max);
	if (k->nframe_us > 0) {
		qsort(k->frame_us, (size_t)k->nframe_us, sizeof *k->frame_us, by_value);
		fprintf(stderr, "report frames %d\n", k->nframe_us);
		fprintf(stderr, "report frame_us_p50 %.0f\n", k->frame_us[k->nframe_us / 2]);
		fprintf(stderr, "report frame_us_p99 %.0f\n", k->frame_us[k->nframe_us * 99 / 100]);
	}
}

/* Once the content served from the data folder passed: statistics, and
 * sticks watched for updates signed by a trusted key. */
static void start_updates(struct kiosk *k, const struct options *o, const struct config *cfg, const char *dir)
{
	char why[1024];
	snprintf(k->data_dir, sizeof k->data_dir, "%s", dir);
	if (cfg->stats) {
		char path[PATH_MAX + 32];
		snprintf(path, sizeof path, "%s/%s", dir, STATS_FILE);
		k->stats = stats_open(path);
	}
	struct update_config uc = {.max_bytes = (long long)cfg->max_size_mb << 20};
	snprintf(uc.data_dir, sizeof uc.data_dir, "%s", dir);
	snprintf(uc.checker, sizeof uc.checker, "wegweiser %s", WW_VERSION);
	int nkeys = o->npubkeys ? o->npubkeys : cfg->npubkeys;
	for (int i = 0; i < nkeys && uc.nkeys < PACKAGE_MAX_KEYS; i++) {
		const char *path = o->npubkeys ? o->pubkeys[i] : cfg->pubkeys[i];
		if (package_read_key(path, &uc.keys[uc.nkeys], why, sizeof why))
			uc.nkeys++;
		else
			journal_say(JOURNAL_ERR, "%s", why);
	}
	if (!uc.nkeys) {
		journal_say(JOURNAL_WARNING, "no trusted public key (--pubkey): updates from USB sticks are off");
		return;
	}
	const char *roots[CONFIG_MAX_LIST] = {"/media", "/run/media"};
	int nroots = 2;
	if (o->nwatch || cfg->nwatch) {
		nroots = o->nwatch ? o->nwatch : cfg->nwatch;
		for (int i = 0; i < nroots; i++)
			roots[i] = o->nwatch ? o->watch[i] : cfg->watch[i];
	}
	k->updater = updater_new(&uc, roots, nroots);
	if (!k->updater)
		journal_say(JOURNAL_ERR, "out of memory: updates are off");
}

/* Takes what the start-up made, to be freed with the kiosk. A move: called
 * again (at exit) it takes nothing, so a store the kiosk replaced since is
 * not put back. */
static void adopt(struct kiosk *k, struct startup *s)
{
	if (!s->strings)   /* taken, or nothing made: it is made first */
		return;
	k->strings = s->strings;
	k->text = s->text;
	k->render = s->render;
	k->views = s->views;
	k->store = s->store;
	k->app = s->app;
	s->strings = NULL;
	s->text = NULL;
	s->render = NULL;
	s->views = NULL;
	s->store = NULL;
	s->app = NULL;
}

static void run_loop(struct kiosk *k)
{
	bool quit = false;
	bool first = true;
	while (!quit && !stopsignal_asked() && !app_quit_requested(k->app)) {
		uint64_t now = SDL_GetTicks64();
		kiosk_updates(k, now, false);
		kiosk_tick(k, now);
		app_tick(k->app, now);
		if (kiosk_needs_frame(k) || first) {
			kiosk_frame(k);
			if (first && k->measure)
				report_first_frame(k->renderer);
			app_after_frame(k->app);
			if (first)
				fault_arm();   /* WW_FAULT=alloc: tests fail allocations from here on */
			first = false;
		}
		/* Sleep until input, or until the app's next timer; while
		 * something moves, a frame every 16 ms. */
		int wait = app_next_wakeup(k->app, SDL_GetTicks64());
		if (wait == 0 || app_needs_frame(k->app))
			wait = 16;
		else
			kiosk_settle(k);
		int poll = kiosk_updates_wakeup(k, SDL_GetTicks64());
		if (poll >= 0 && (wait < 0 || poll < wait))
			wait = poll > 0 ? poll : 1;
		int timer = kiosk_tick_wakeup(k, SDL_GetTicks64());
		if (timer >= 0 && (wait < 0 || timer < wait))
			wait = timer > 0 ? timer : 1;
		SDL_Event e;
		int got = wait < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, wait);
		while (got) {
			kiosk_event(k, &e, SDL_GetTicks64(), &quit);
			got = SDL_PollEvent(&e);
		}
	}
}

int main(int argc, char **argv)
{
	struct options o;
	int rc = parse_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	/* Text textures are pixel buffers of 64 KiB and more that come and go
	 * with the screens; from mmap, freeing one gives its memory back, so a
	 * kiosk running for years does not keep a fragmented heap. */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	/* One heap for every thread: the start-up, the content check, the
	 * search's opening, speech and updates allocate at different times,
	 * and an arena each kept its own free memory: 400 kB more after 200
	 * screens, no faster start. */
	mallopt(M_ARENA_MAX, 1);
	journal_detect();
	if (!store_wipe_freed_memory())
		journal_say(JOURNAL_WARNING, "SQLite would not take a wiping allocator");

	/* On the heap, and gone once the kiosk has started: 77 KiB of paths
	 * (lists of keys and folders) the main thread's stack would keep. */
	struct config *cfg = malloc(sizeof *cfg);
	if (!cfg) {
		journal_say(JOURNAL_ERR, "out of memory");
		return 1;
	}
	config_defaults(cfg);
	if (o.config && config_load(cfg, o.config, stderr) != 0)
		journal_say(JOURNAL_ERR, "%s: starting with the default settings", o.config);
	struct app_settings settings = {.idle_timeout_ms = cfg->idle_timeout_s * 1000,
					.idle_countdown_ms = IDLE_COUNTDOWN_MS,
					.screen_width_mm = cfg->screen_width_mm,
					.screen_bottom_mm = cfg->screen_bottom_mm};
	snprintf(settings.default_lang, sizeof settings.default_lang, "%s", o.lang ? o.lang : cfg->default_lang);
	snprintf(settings.postcode, sizeof settings.postcode, "%s", cfg->postcode);
	snprintf(settings.pin_hash, sizeof settings.pin_hash, "%s", cfg->pin_hash);
	settings.lockdown = o.lockdown || cfg->lockdown;
	bool fullscreen = o.fullscreen || settings.lockdown;
	char assets[PATH_MAX], bundled[PATH_MAX + 16], why[PATH_MAX + 128];
	if (!find_data(o.assets, assets, sizeof assets, bundled, sizeof bundled, why, sizeof why)) {
		journal_say(JOURNAL_ERR, "%s", why);
		free(cfg);
		return 1;
	}
	const char *content = o.content ? o.content : cfg->content_path[0] ? cfg->content_path : bundled;
	use_own_compose_table(assets);
	no_session_bus_autolaunch();

	struct kiosk k = {.width = o.width, .height = o.height, .finger = -1, .lockdown = settings.lockdown,
			  .strict = o.script != NULL, .measure = getenv("WW_REPORT") != NULL,
			  .damage_check = getenv("WW_DAMAGE_CHECK") != NULL,
			  .hours = cfg->hours, .wake_ms = (uint64_t)cfg->wake_s * 1000};
	snprintf(k.status_dir, sizeof k.status_dir, "%s", cfg->status_dir);
	if (k.measure)
		k.frame_us = calloc(KIOSK_FRAMES_MEASURED, sizeof *k.frame_us);
	bool gpu = cfg->gpu && !o.script;   /* script mode reads pixels back: always software */
	/* Expected at the size asked for: a full screen's is known only once
	 * SDL has started, so the one the last start found is taken (kept in
	 * the data folder), and a screen of another size is laid out again. */
	struct startup start = {.assets = assets, .settings = &settings, .width = o.width, .height = o.height,
				.lines_ahead = !gpu, .now = o.script ? SCRIPT_T0 : SDL_GetTicks64(),
				.pick = {.dir = o.data_dir ? o.data_dir : cfg->data_dir[0] ? cfg->data_dir : NULL,
					 .stats = cfg->stats, .measure = k.measure, .content = content}};
	if (fullscreen && !o.script && start.pick.dir)
		status_last_window(start.pick.dir, &start.width, &start.height);
	/* Tests give the start another expected size (a full screen's, known
	 * only later): the first frame must be laid out again for the window. */
	const char *expected = getenv("WW_START_SIZE");
	if (expected && !parse_size(expected, &start.width, &start.height))
		journal_say(JOURNAL_WARNING, "WW_START_SIZE=%s: not WxH; ignored", expected);
	SDL_Thread *preparing = NULL;
	rc = 1;
	SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
	if (settings.lockdown) {
		/* Kiosk mode: the window manager's close (Alt+F4, its menu) sends
		 * no SDL_QUIT, only SIGTERM does; Alt+Tab, Super and the other
		 * window manager keys reach the kiosk, which ignores them; and a
		 * full-screen window stays when something takes the focus. */
		SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
		SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
		SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
		SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	}
	if (!o.script)
		stopsignal_block();   /* before any thread starts */
	if (TTF_Init() != 0) {
		journal_say(JOURNAL_ERR, "cannot start SDL_ttf: %s", SDL_GetError());
		goto done;
	}
	/* The start screen is made ready while SDL starts and the window
	 * opens; without a thread, here. */
	preparing = SDL_CreateThread(startup_prepare, "start", &start);
	if (!preparing)
		startup_prepare(&start);
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		journal_say(JOURNAL_ERR, "cannot start SDL: %s", SDL_GetError());
		goto done;
	}
	if (!o.script && !stopsignal_watch())
		journal_say(JOURNAL_WARNING, "no thread for SIGTERM: it ends the kiosk at once, unsaved");
	/* The software renderer presents its pixels straight to the window
	 * (XShm on X11): by default SDL would copy them through an OpenGL
	 * texture, loading Mesa and LLVM (some 90 MB) for that alone. SDL 2's
	 * Wayland driver has no other way to the screen than EGL, so there it
	 * keeps that copy. */
	const char *video = SDL_GetCurrentVideoDriver();
	if (!gpu && !(video && strcmp(video, "wayland") == 0))
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | (fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
	SDL_DisplayMode desktop;
	if (fullscreen && !o.script && SDL_GetDesktopDisplayMode(0, &desktop) == 0) {
		/* The screen's size from the start: with no window manager to
		 * make it full screen, the window is. */
		o.width = desktop.w;
		o.height = desktop.h;
	}
	k.window = SDL_CreateWindow("Wegweiser", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o.width,
				    o.height, flags);
	if (!k.window) {
		journal_say(JOURNAL_ERR, "cannot open a window: %s", SDL_GetError());
		goto done;
	}
	k.renderer = SDL_CreateRenderer(k.window, -1,
					gpu ? SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC : SDL_RENDERER_SOFTWARE);
	if (!k.renderer && gpu) {
		journal_say(JOURNAL_WARNING, "no GPU renderer (%s): drawing in software", SDL_GetError());
		k.renderer = SDL_CreateRenderer(k.window, -1, SDL_RENDERER_SOFTWARE);
	}
	if (!k.renderer) {
		journal_say(JOURNAL_ERR, "cannot draw: %s", SDL_GetError());
		goto done;
	}
	SDL_RendererInfo info;
	k.keeps_pixels = SDL_GetRendererInfo(k.renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
	SDL_Surface *pixels = k.keeps_pixels ? SDL_GetWindowSurface(k.window) : NULL;
	if (pixels)
		k.pagein = pagein_start(pixels->pixels, (size_t)pixels->pitch * (size_t)pixels->h);
	SDL_WaitThread(preparing, NULL);
	preparing = NULL;
	adopt(&k, &start);
	if (!k.app)
		goto done;   /* said */
	text_set_renderer(k.text, k.renderer);
	render_set_renderer(k.render, k.renderer);
	SDL_GetRendererOutputSize(k.renderer, &k.width, &k.height);
	if (k.measure)   /* for the tests: the size the start screen was first made for */
		fprintf(stderr, "report laid_out_first %dx%d\n", start.width, start.height);
	if (k.width != start.width || k.height != start.height)
		app_resize(k.app, k.width, k.height);
	if (start.pick.in_data_dir)
		start_updates(&k, &o, cfg, start.pick.dir);
	kiosk_attach_staff(&k);
	/* Cheap: espeak-ng, the audio device and the worker start on first use. */
	k.speech = speech_new(cfg->speech_rate_wpm, cfg->speech_volume, stderr);
	k.speech_silent = o.script != NULL;
	/* A test's taps must not change with the developer's headphones. */
	k.speech_headphones = cfg->speech_on_with_headphones && !o.script;
	/* Everything the kiosk needs of it has been taken (the content
	 * pick's paths included: the check that reads them has ended). */
	free(cfg);
	cfg = NULL;
	kiosk_start_timers(&k, o.script ? SCRIPT_T0 : SDL_GetTicks64());
	if (o.script) {
		rc = script_run(&k, o.script, stderr);
	} else {
		SDL_ShowCursor(fullscreen ? SDL_DISABLE : SDL_ENABLE);
		if (settings.lockdown) {
			SDL_SetWindowKeyboardGrab(k.window, SDL_TRUE);
			SDL_SetWindowMouseGrab(k.window, SDL_TRUE);
		}
		run_loop(&k);
		sd_notify(0, "STOPPING=1");
		rc = 0;
	}
	if (k.measure)
		report_exit(&k);
done:
	/* It writes to `start`, on this stack, and reads `cfg`; what it made
	 * is freed below. */
	SDL_WaitThread(preparing, NULL);
	adopt(&k, &start);
	free(cfg);
	pagein_finish(k.pagein);   /* before the window's pixels go */
	stopsignal_end();
	kiosk_settle_stats(&k, true);
	stats_free(k.stats);
	updater_free(k.updater);
	speech_free(k.speech);
	app_free(k.app);
	render_free(k.render);
	view_list_free(k.views);
	text_free(k.text);
	free(k.frame_us);
	if (k.said)
		sodium_memzero(k.said, SPEECH_MAX_TEXT_BYTES);
	free(k.said);
	uistrings_free(k.strings);
	store_close(k.store);
	if (k.renderer)
		SDL_DestroyRenderer(k.renderer);
	if (k.window)
		SDL_DestroyWindow(k.window);
	TTF_Quit();
	SDL_Quit();
	return rc;
}
