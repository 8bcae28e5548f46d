/* kiosk — the assembled application: window, renderer, screens, one frame.
 *
 * One frame is always the same steps, in the real loop and in script mode:
 * the app builds the view list, the list is checked (strict mode: nothing
 * outside the screen, no overlapping touch targets, every label fits), the
 * renderer draws it, and only then is the text cache trimmed, so no texture
 * a frame uses is freed while it is drawn (STYLE.md, habit 8).
 *
 * The loop's own timers live here too, on the same 64-bit kiosk clock as
 * the app's: the opening hours (outside them the screen is black, the
 * display may sleep, and the first touch only lights it again), systemd's
 * watchdog (pinged from the loop itself, so a hung loop is restarted), and
 * the fleet's status file, and the headphone jack polled about once a
 * second. Script mode calls them on its virtual clock.
 *
 * A frame redraws only what changed (render.c) into the window's surface,
 * which the software renderer keeps from frame to frame, and shows only
 * those rectangles; whatever leaves the window's pixels in doubt (a window
 * event, dark and lit, a frame not whole) has the next frame drawn whole.
 * The GPU renderer's back buffer is undefined after a present: with it
 * every frame is drawn and shown whole. WW_DAMAGE_CHECK=1 paints what
 * a frame redraws in a loud colour first, draws the frame a second time
 * the plain way, and fails the frame check where the pixels differ.
 *
 * Speech is wired here: after a frame is built, what the app asks to be read
 * (the page, a focused or touched widget) is made from that frame's view
 * list and handed to speech.c, which starts espeak-ng on first use. */
#include "kiosk.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "durable.h"
#include "fault.h"
#include "journal.h"
#include "picture.h"
#include "reading.h"
#include "screen.h"

#include "utf8.h"

void kiosk_settle_stats(struct kiosk *k, bool now);

/* How often the headphone jack is read: a visitor who plugs in hears
 * speech start within a second. */
#define JACK_POLL_MS 1000

/* When an event happened on the kiosk's 64-bit clock: `now` less the
 * event's age, which the 32-bit stamps give modulo 2^32 (an event is never
 * older than 24 days; a stamp from after `now` counts as now). */
static uint64_t event_time(uint32_t stamp, uint64_t now)
{
	uint32_t age = (uint32_t)now - stamp;
	if (age > UINT32_MAX / 2 || age > now)
		return now;
	return now - age;
}

/* Input outside the opening hours: every touch keeps the kiosk lit for
 * wake_ms; on a dark screen the touch (down to up) or key that lit it goes
 * no further, so a tap in the dark opens nothing. True when swallowed. */
static bool wake(struct kiosk *k, const SDL_Event *e, uint64_t t)
{
	bool press = e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_FINGERDOWN || e->type == SDL_KEYDOWN ||
		     e->type == SDL_TEXTINPUT;
	bool pointer = e->type == SDL_MOUSEMOTION || e->type == SDL_MOUSEBUTTONUP || e->type == SDL_FINGERMOTION ||
		       e->type == SDL_FINGERUP;
	if (!press && !pointer)
		return false;
	k->awake_until = t + k->wake_ms;
	if (k->dark && press) {
		k->dark = false;
		k->repaint = true;
		k->waking = e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_FINGERDOWN;
		SDL_DisableScreenSaver();
		journal_say(JOURNAL_INFO, "closed, lit by a touch for %llu s", (unsigned long long)k->wake_ms / 1000);
		return true;
	}
	if (k->waking && pointer) {
		k->waking = e->type != SDL_MOUSEBUTTONUP && e->type != SDL_FINGERUP;
		return true;
	}
	return false;
}

/* After these the window's surface may be new, or what the screen shows
 * of it was lost: the next frame is drawn and shown whole. */
static bool window_lost_pixels(Uint8 event)
{
	return event == SDL_WINDOWEVENT_EXPOSED || event == SDL_WINDOWEVENT_SHOWN ||
	       event == SDL_WINDOWEVENT_RESIZED || event == SDL_WINDOWEVENT_SIZE_CHANGED ||
	       event == SDL_WINDOWEVENT_RESTORED || event == SDL_WINDOWEVENT_MAXIMIZED;
}

void kiosk_event(struct kiosk *k, const SDL_Event *e, uint64_t now, bool *quit)
{
	struct app *a = k->app;
	uint64_t t = event_time(e->common.timestamp, now);
	Uint64 t0 = k->measure ? SDL_GetPerformanceCounter() : 0;
	k->clock_ms = now;
	if (wake(k, e, t))
		return;
	switch (e->type) {
	case SDL_QUIT:
		/* In kiosk mode closing the window sends none (main.c), so this
		 * is SIGTERM or SIGINT: the service is stopped. */
		*quit = true;
		break;
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_CLOSE && !k->lockdown) {
			*quit = true;
		} else if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			k->width = e->window.data1;
			k->height = e->window.data2;
			app_resize(a, k->width, k->height);
		} else if (e->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
			k->finger = -1;   /* a press cut short is no tap */
			app_pointer_cancel(a, t);
		} else if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
			app_navigate(a, "");   /* nothing to follow; marks the frame dirty */
		}
		if (window_lost_pixels(e->window.event)) {
			render_invalidate(k->render);
			k->repaint = true;
		}
		break;
	case SDL_MOUSEBUTTONDOWN:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			app_pointer_down(a, e->button.x, e->button.y, t);
		break;
	case SDL_MOUSEMOTION:
		if (e->motion.which != SDL_TOUCH_MOUSEID && (e->motion.state & SDL_BUTTON_LMASK))
			app_pointer_move(a, e->motion.x, e->motion.y, t);
		break;
	case SDL_MOUSEBUTTONUP:
		if (e->button.which != SDL_TOUCH_MOUSEID && e->button.button == SDL_BUTTON_LEFT)
			app_pointer_up(a, e->button.x, e->button.y, t);
		break;
	case SDL_FINGERDOWN:
		if (k->finger == -1) {
			k->finger = e->tfinger.fingerId;
			app_pointer_down(a, (int)(e->tfinger.x * k->width), (int)(e->tfinger.y * k->height), t);
		}
		break;
	case SDL_FINGERMOTION:
		if (e->tfinger.fingerId == k->finger)
			app_pointer_move(a, (int)(e->tfinger.x * k->width), (int)(e->tfinger.y * k->height), t);
		break;
	case SDL_FINGERUP:
		if (e->tfinger.fingerId == k->finger) {
			k->finger = -1;
			app_pointer_up(a, (int)(e->tfinger.x * k->width), (int)(e->tfinger.y * k->height), t);
		}
		break;
	case SDL_KEYDOWN:
		app_key(a, e->key.keysym.sym, e->key.keysym.mod, t);
		break;
	case SDL_TEXTINPUT:
		app_text(a, e->text.text, t);
		break;
	default:
		break;
	}
	if (k->measure) {
		double us = (double)(SDL_GetPerformanceCounter() - t0) * 1e6 / (double)SDL_GetPerformanceFrequency();
		if (us > k->event_us_max)
			k->event_us_max = us;
	}
}

static struct reading_words reading_words(const struct kiosk *k)
{
	return (struct reading_words){.qr = app_tr(k->app, "speech_qr")};
}

int kiosk_page_text(struct kiosk *k, char *out, size_t cap)
{
	struct reading_words w = reading_words(k);
	return reading_page(k->views, 0, &w, out, cap);
}

/* Hands what the app asks to be read to speech, made from the frame just
 * built: it replaces whatever is being said. */
static void read_aloud(struct kiosk *k)
{
	struct app_read r = app_take_reading(k->app);
	if (r.what == READ_NOTHING)
		return;
	if (!k->said && !(k->said = fault_malloc(SPEECH_MAX_TEXT_BYTES)))
		return;   /* said on stderr; the next reading tries again */
	struct reading_words w = reading_words(k);
	/* What was read may hold what a visitor typed: none of it stays. */
	sodium_memzero(k->said, SPEECH_MAX_TEXT_BYTES);
	if (r.what == READ_PAGE || r.what == READ_DIALOG) {
		size_t used = 0;
		if (r.announce)
			used = (size_t)snprintf(k->said, SPEECH_MAX_TEXT_BYTES, "%s\n", r.announce);
		if (used >= SPEECH_MAX_TEXT_BYTES)
			used = 0;
		int left_out = reading_page(k->views, r.what == READ_DIALOG ? r.from : 0, &w, k->said + used,
					    SPEECH_MAX_TEXT_BYTES - used);
		if (left_out)
			journal_say(JOURNAL_WARNING, "speech: this page's text is longer than %d bytes; %d of its "
				    "pieces are not read", SPEECH_MAX_TEXT_BYTES, left_out);
	} else if (r.what == READ_ITEM) {
		reading_item(k->views, r.target, &w, k->said, SPEECH_MAX_TEXT_BYTES);
	}
	if (k->speech_silent)
		return;
	if (r.what == READ_STOP)
		speech_stop(k->speech);
	else
		speech_say(k->speech, app_lang(k->app), k->said);
}

/* WW_DAMAGE_CHECK: the frame just drawn against the same frame drawn
 * whole the plain way, pixel for pixel; false with where they differ. */
static bool check_damage(struct kiosk *k, char *why, size_t whylen)
{
	size_t pitch = (size_t)k->width * 4, size = pitch * (size_t)k->height;
	Uint8 *changed = malloc(size), *whole = malloc(size);
	bool ok = false;
	if (!changed || !whole || SDL_RenderReadPixels(k->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, changed,
						       (int)pitch) != 0) {
		snprintf(why, whylen, "damage check: cannot read the window: %s", SDL_GetError());
		goto done;
	}
	render_draw_reference(k->render, k->views);
	if (SDL_RenderReadPixels(k->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, whole, (int)pitch) != 0) {
		snprintf(why, whylen, "damage check: cannot read the window: %s", SDL_GetError());
		goto done;
	}
	ok = memcmp(changed, whole, size) == 0;
	for (size_t i = 0; !ok && i < size; i += 4)
		if (memcmp(changed + i, whole + i, 4) != 0) {
			size_t px = i / 4;
			snprintf(why, whylen, "the frame redrawn where it changed differs from one drawn whole at %zu,%zu",
				 px % (size_t)k->width, px / (size_t)k->width);
			break;
		}
done:
	free(changed);
	free(whole);
	return ok;
}

bool kiosk_draw(struct kiosk *k)
{
	char why[400];
	app_build(k->app, k->views);
	k->surface_unshown = true;
	if (k->dark) {
		/* The session's state still moves on (the idle reset); nothing
		 * of it is shown, or hit by a touch. */
		view_list_begin(k->views, k->width, k->height);
		bool ok = view_list_end(k->views, why, sizeof why);
		SDL_SetRenderDrawColor(k->renderer, 0, 0, 0, 255);
		SDL_RenderClear(k->renderer);
		render_invalidate(k->render);
		k->frames++;
		return ok;
	}
	bool ok = view_list_end(k->views, why, sizeof why);
	read_aloud(k);
	if (ok && k->strict)
		ok = view_list_check_targets(k->views, why, sizeof why) &&
		     render_check_fit(k->render, k->views, why, sizeof why);
	render_poison(k->render, k->damage_check);
	if (k->keeps_pixels)
		render_draw_changed(k->render, k->views);
	else
		render_draw(k->render, k->views);
	k->frames++;
	/* Out of memory for a text: the frame was measured and drawn with
	 * texts missing, so its checks say nothing, and it is not shown; the
	 * window's pixels are not the frame's, and the next is drawn whole. */
	if (text_frame_incomplete(k->text)) {
		render_invalidate(k->render);
		return true;
	}
	if (ok && k->damage_check)
		ok = check_damage(k, why, sizeof why);
	if (!ok && !k->failure[0])
		snprintf(k->failure, sizeof k->failure, "%s", why);
	return ok;
}

/* Shows what the last draw changed; all of it when the screen may be
 * behind the surface by more than that (an earlier draw not shown, or a
 * dark screen) or the renderer does not keep its pixels. */
static void show(struct kiosk *k, bool behind)
{
	const SDL_Rect *rects;
	long long pixels;
	bool whole;
	int n = render_redrawn(k->render, &rects, &pixels, &whole);
	if (k->dark || behind || whole || !k->keeps_pixels) {
		SDL_RenderPresent(k->renderer);
	} else if (n > 0) {
		SDL_RenderFlush(k->renderer);
		SDL_UpdateWindowSurfaceRects(k->window, rects, n);
	}
	k->surface_unshown = false;
}

static void write_status(struct kiosk *k, uint64_t now);

/* Once the first frame is on the screen: the start is counted, synced to
 * disk (milliseconds on an SD card, which the visitor would wait for
 * before), and the status file that carries the count is written. */
static void count_start(struct kiosk *k)
{
	char why[PATH_MAX + 128];
	k->first_shown = true;
	if (k->data_dir[0]) {
		if (!status_count_start(k->data_dir, k->width, k->height, &k->status.starts_total,
					&k->status.starts_this_boot, why, sizeof why))
			journal_say(JOURNAL_ERR, "%s", why);
		status_read_last_update(k->data_dir, &k->status);
	} else {
		k->status.starts_total = -1;
	}
	if (k->status_dir[0])
		write_status(k, k->clock_ms);
}

bool kiosk_frame(struct kiosk *k)
{
	Uint64 t0 = k->measure ? SDL_GetPerformanceCounter() : 0;
	bool behind = k->surface_unshown;
	bool ok = kiosk_draw(k);
	/* A frame that is not whole (out of memory) is not shown: the screen
	 * keeps the last one, and the next turn of the loop tries again. */
	bool whole = !text_frame_incomplete(k->text);
	if (whole)
		show(k, behind);
	if (whole && !k->first_shown)
		count_start(k);
	pagein_finish(k->pagein);
	k->pagein = NULL;
	text_frame_end(k->text);
	k->repaint = !whole;
	if (!whole)   /* what was measured from texts that are missing (the access bar), measured again */
		app_resize(k->app, k->width, k->height);
	if (!whole && !k->frame_failed)
		journal_say(JOURNAL_ERR, "out of memory while drawing: the screen keeps its last whole frame");
	else if (whole && k->frame_failed)
		journal_say(JOURNAL_NOTICE, "the screen is drawn whole again");
	k->frame_failed = !whole;
	if (whole && !k->notified_ready) {
		/* Only now is the kiosk up: systemd counts a start that never
		 * showed a frame as failed (TimeoutStartSec). */
		sd_notify(0, "READY=1\nSTATUS=Showing the start screen");
		k->notified_ready = true;
	}
	if (k->frame_us && k->nframe_us < KIOSK_FRAMES_MEASURED)
		k->frame_us[k->nframe_us++] = (double)(SDL_GetPerformanceCounter() - t0) * 1e6 /
					       (double)SDL_GetPerformanceFrequency();
	return ok;
}

void kiosk_settle(struct kiosk *k)
{
	/* Screens free their line textures and rows in many small blocks; glibc
	 * keeps such holes inside the heap until asked, and over years of
	 * browsing they add up. Once per quiet moment costs well under a
	 * millisecond. */
	if (k->frames == k->settled_frames)
		return;
	k->settled_frames = k->frames;
	kiosk_settle_stats(k, false);
	malloc_trim(0);
}

bool kiosk_save_png(struct kiosk *k, const char *path)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, k->width, k->height, 24, SDL_PIXELFORMAT_RGB24);
	char why[PATH_MAX + 100];
	bool read = s && SDL_RenderReadPixels(k->renderer, NULL, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch) == 0;
	bool ok = read && picture_save_png(path, s->w, s->h, s->pixels, s->pitch, why, sizeof why);
	if (read && !ok)
		SDL_SetError("%s", why);   /* what script mode reports */
	SDL_FreeSurface(s);
	return ok;
}

/* Serves what is now current.db; false (the old store kept) if it will not open. */
static bool reopen(struct kiosk *k, char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/%s", k->data_dir, UPDATE_CURRENT);
	struct store *fresh = store_open(path, err, errlen);
	if (!fresh)
		return false;
	struct store *old = k->store;
	k->store = fresh;
	app_set_store(k->app, fresh);
	store_close(old);
	return true;
}

void kiosk_updates(struct kiosk *k, uint64_t now, bool finish)
{
	if (!k->updater)
		return;
	enum updater_event e = updater_tick(k->updater, now, store_meta(k->store)->content_version, finish);
	if (e == UPDATER_WORKING) {
		app_show_update_progress(k->app, updater_progress(k->updater));
		return;
	}
	if (e != UPDATER_DONE)
		return;
	struct update_result r = *updater_result(k->updater);
	if (r.applied) {
		char err[400];
		if (!reopen(k, err, sizeof err)) {
			/* Checked a moment ago; if it will not open now, go back. */
			r.applied = false;
			r.why = UPDATE_WHY_OTHER;
			snprintf(r.reason, sizeof r.reason, "the new content would not open (%s); the previous is back",
				 err);
			update_rollback(k->data_dir, err, sizeof err);
		}
	}
	update_log(k->data_dir, r.applied ? "applied" : "refused", &r);
	status_read_last_update(k->data_dir, &k->status);
	k->status_written = 0;   /* the fleet sees it at the next tick */
	if (k->measure)   /* from the stick found to the new content in service */
		fprintf(stderr, "report update_apply_ms %llu\n",
			(unsigned long long)(SDL_GetTicks64() - updater_started(k->updater)));
	char reason[sizeof r.reason * 2];
	utf8_escape(r.reason, reason, sizeof reason);
	journal_say(r.applied ? JOURNAL_NOTICE : JOURNAL_WARNING, "update %s: version %lld%s%s",
		    r.applied ? "applied" : "refused", r.version, r.applied ? "" : ": ", r.applied ? "" : reason);
	app_show_update_result(k->app, r.applied, r.version, update_why_name(r.why));
}

int kiosk_updates_wakeup(const struct kiosk *k, uint64_t now)
{
	return k->updater ? updater_next_wakeup(k->updater, now) : -1;
}

/* ---- staff mode's hooks ------------------------------------------------------ */

static void staff_status(void *ctx, struct staff_status *out)
{
	struct kiosk *k = ctx;
	const struct store_meta *m = store_meta(k->store);
	memset(out, 0, sizeof *out);
	out->version = m->content_version;
	snprintf(out->published, sizeof out->published, "%s", m->published);
	snprintf(out->publisher, sizeof out->publisher, "%s", m->publisher);
	out->program = "Wegweiser " WW_VERSION;
	out->uptime_s = SDL_GetTicks64() / 1000;
	struct statvfs fs;
	out->disk_known = statvfs(k->data_dir[0] ? k->data_dir : ".", &fs) == 0;
	out->disk_free = out->disk_known ? (unsigned long long)fs.f_bavail * fs.f_frsize : 0;
	out->data_dir = k->data_dir[0] != '\0';
	out->updates = k->updater != NULL;
	if (out->data_dir) {
		if (!update_previous(k->data_dir, &out->previous_version, out->previous_published,
				     sizeof out->previous_published))
			out->previous_version = 0;
		out->nupdates = update_log_last(k->data_dir, out->update, STAFF_UPDATES);
	}
}

static bool staff_rollback(void *ctx, char *why, size_t whylen)
{
	struct kiosk *k = ctx;
	why[0] = '\0';   /* the staff screen reads it after a rollback that worked too */
	if (!k->data_dir[0]) {
		snprintf(why, whylen, "no data folder (--data-dir): nothing to roll back");
		return false;
	}
	if (!update_rollback(k->data_dir, why, whylen))
		return false;
	struct update_result r = {.applied = true};
	snprintf(r.reason, sizeof r.reason, "rollback by staff");
	if (!reopen(k, why, whylen)) {
		char ignored[256];
		update_rollback(k->data_dir, ignored, sizeof ignored);   /* undo: keep serving */
		return false;
	}
	r.version = store_meta(k->store)->content_version;
	update_log(k->data_dir, "rolled back", &r);
	status_read_last_update(k->data_dir, &k->status);
	k->status_written = 0;
	return true;
}

static int staff_check_stick(void *ctx)
{
	struct kiosk *k = ctx;
	return updater_check_now(k->updater);
}

static bool staff_stick_result(void *ctx, int token, bool *found)
{
	struct kiosk *k = ctx;
	return updater_scan_result(k->updater, token, found);
}

/* The wall clock in seconds, as the statistics' days and names read it. */
static time_t wall_now(const struct kiosk *k)
{
	return (time_t)(kiosk_wall_ms(k, k->clock_ms) / 1000);
}

static void staff_count(void *ctx, const char *what, const char *key)
{
	struct kiosk *k = ctx;
	stats_count(k->stats, what, key, wall_now(k));
}

static bool staff_export(void *ctx, char *msg, size_t len)
{
	struct kiosk *k = ctx;
	char dir[PATH_MAX], name[64], path[PATH_MAX + 64], why[PATH_MAX + 64], day[16];
	unsigned long long dev;
	if (!k->updater || !updater_find_stick(k->updater, dir, sizeof dir, &dev)) {
		msg[0] = '\0';   /* no stick */
		return false;
	}
	time_t now = wall_now(k);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(name, sizeof name, "wegweiser-statistik-%s.csv", day);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	/* The folder's name is the stick's: shown, it must stay one line. */
	bool ok = stats_export(k->stats, dir, dev, name, why, sizeof why);
	utf8_escape(ok ? path : why, msg, len);
	return ok;
}

/* The PIN's waiting state in the data folder: "MISSES UNTIL" with UNTIL in
 * wall-clock milliseconds, so that neither a restart nor a power cut gives
 * fresh tries. Written whole to a temporary file, synced and renamed. */
#define PIN_WAIT_FILE "staff-pin-wait"
#define PIN_WAIT_MAX_MS (15 * 60 * 1000)

static uint64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void staff_load_pin_wait(void *ctx, int *misses, uint64_t *wait_ms)
{
	struct kiosk *k = ctx;
	char path[PATH_MAX + 32], text[64] = "";
	snprintf(path, sizeof path, "%s/%s", k->data_dir, PIN_WAIT_FILE);
	*misses = 0;
	*wait_ms = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return;   /* none: no misses */
	ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, text, sizeof text - 1) : -1;
	close(fd);
	int m;
	unsigned long long until;
	if (n <= 0 || sscanf(text, "%d %llu", &m, &until) != 2 || m < 0) {
		journal_say(JOURNAL_WARNING, "%s: not a PIN waiting state; staff wait the longest", path);
		m = 99, until = wall_ms() + PIN_WAIT_MAX_MS;   /* a damaged file gives no fresh tries */
	}
	uint64_t now = wall_ms();
	*misses = m;
	*wait_ms = until > now ? until - now : 0;
	if (*wait_ms > PIN_WAIT_MAX_MS)   /* the clock went back */
		*wait_ms = PIN_WAIT_MAX_MS;
}

static void staff_save_pin_wait(void *ctx, int misses, uint64_t wait_ms)
{
	struct kiosk *k = ctx;
	char path[PATH_MAX + 32], tmp[PATH_MAX + 40], text[64];
	snprintf(path, sizeof path, "%s/%s", k->data_dir, PIN_WAIT_FILE);
	if (!misses) {
		unlink(path);
		return;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int len = snprintf(text, sizeof text, "%d %llu\n", misses, (unsigned long long)(wall_ms() + wait_ms));
	unlink(tmp);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	bool ok = fd >= 0 && write(fd, text, (size_t)len) == len && fsync(fd) == 0;
	if (fd >= 0)
		close(fd);
	if (!ok || rename(tmp, path) != 0 || !durable_sync_folder_of(path)) {
		journal_say(JOURNAL_ERR, "%s: cannot keep the PIN's waiting state: %s", path, strerror(errno));
		unlink(tmp);
	}
}

void kiosk_settle_stats(struct kiosk *k, bool now)
{
	char why[PATH_MAX + 64];
	if (!k->stats || !stats_dirty(k->stats))
		return;
	uint64_t t = k->clock_ms;
	if (!now && k->stats_saved && t - k->stats_saved < 60000)
		return;   /* at most once a minute */
	/* A full disk: the counters stay in memory, dirty, and are written
	 * whole at the next try that finds room. */
	bool ok = stats_save(k->stats, why, sizeof why);
	if (!ok && !k->stats_failed)
		journal_say(JOURNAL_ERR, "statistics: %s", why);
	else if (ok && k->stats_failed)
		journal_say(JOURNAL_NOTICE, "statistics: written again");
	k->stats_failed = !ok;
	k->stats_saved = t;
}

void kiosk_attach_staff(struct kiosk *k)
{
	struct app_staff_hooks h = {k, staff_status, staff_rollback, k->updater ? staff_check_stick : NULL,
				    k->updater ? staff_stick_result : NULL, k->stats ? staff_count : NULL,
				    k->stats ? staff_export : NULL, k->data_dir[0] ? staff_load_pin_wait : NULL,
				    k->data_dir[0] ? staff_save_pin_wait : NULL};
	app_set_staff_hooks(k->app, &h);
}

/* ---- the loop's own timers ----------------------------------------------- */

#define STATUS_EVERY_MS 60000   /* the status file's uptime: to the minute */
#define FRAME_RETRY_MS 250      /* out of memory while drawing: the next try */

int64_t kiosk_wall_ms(const struct kiosk *k, uint64_t now)
{
	if (k->virtual_wall)
		return (int64_t)now + k->wall_minus_now_ms;
	return (int64_t)wall_ms();
}

void kiosk_start_timers(struct kiosk *k, uint64_t now)
{
	uint64_t usec = 0;
	k->started_ms = k->clock_ms = now;
	/* systemd restarts the kiosk when no ping came for WatchdogSec; two
	 * pings a period leave room for one slow frame. */
	if (sd_watchdog_enabled(0, &usec) > 0 && usec >= 2000)
		k->watchdog_ms = usec / 2000;
	k->watchdog_sent = now;
	k->open = hours_open(&k->hours, (time_t)(kiosk_wall_ms(k, now) / 1000));
}

static void write_status(struct kiosk *k, uint64_t now)
{
	char why[PATH_MAX + 128];
	const struct store_meta *m = store_meta(k->store);
	k->status.program_version = WW_VERSION;
	k->status.content_version = m->content_version;
	k->status.content_published = m->published;
	k->status.uptime_s = (long long)((now - k->started_ms) / 1000);
	k->status.open = k->open;
	k->status.sessions_today = k->stats ? stats_today(k->stats, "session", wall_now(k)) : -1;
	bool ok = status_write(k->status_dir, &k->status, why, sizeof why);
	if (!ok && !k->status_failed)
		journal_say(JOURNAL_ERR, "fleet status: %s", why);
	else if (ok && k->status_failed)
		journal_say(JOURNAL_NOTICE, "fleet status: %s/%s written again", k->status_dir, STATUS_FILE);
	k->status_failed = !ok;
	k->status_written = now;
}

/* Headphones plugged in turn speech on and say so; pulled out, off. Only
 * a change does anything: a visitor who turned speech off with the
 * headphones in keeps it off. */
void kiosk_headphones(struct kiosk *k, bool in)
{
	if (in == k->jack_in)
		return;
	k->jack_in = in;
	app_set_speech(k->app, in, "speech_headphones");
	journal_say(JOURNAL_INFO, !in ? "headphones pulled out: speech off"
			  : app_speech_on(k->app) ? "headphones plugged in: speech on"
			  : "headphones plugged in: speech stays off, it found no sound");
}

static void poll_headphones(struct kiosk *k, uint64_t now)
{
	bool known = false;
	bool in = speech_headphones_plugged(k->speech, &known) && known;
	k->jack_polled_once = true;
	k->jack_polled = now;
	k->jack_known = known;
	kiosk_headphones(k, in);
}

void kiosk_tick(struct kiosk *k, uint64_t now)
{
	k->clock_ms = now;
	bool open = hours_open(&k->hours, (time_t)(kiosk_wall_ms(k, now) / 1000));
	bool dark = !open && now >= k->awake_until;
	if (open != k->open) {
		journal_say(JOURNAL_INFO, open ? "opening hours begin" : "opening hours end");
		k->status_written = 0;
	}
	k->open = open;
	if (dark != k->dark) {
		/* Dark, the panel may sleep (DPMS, the compositor's idle); lit,
		 * it must not while nobody touches it. */
		k->dark = dark;
		k->repaint = true;
		if (dark)
			SDL_EnableScreenSaver();
		else
			SDL_DisableScreenSaver();
	}
	if (k->watchdog_ms && now - k->watchdog_sent >= k->watchdog_ms) {
		sd_notify(0, "WATCHDOG=1");
		k->watchdog_sent = now;
	}
	if (k->status_dir[0] && k->first_shown && (!k->status_written || now - k->status_written >= STATUS_EVERY_MS))
		write_status(k, now);
	/* The first look at the jack opens ALSA's control and reads its
	 * configuration: after the first frame, which need not wait for it. */
	if (k->speech && k->speech_headphones && k->first_shown &&
	    (!k->jack_polled_once || now - k->jack_polled >= JACK_POLL_MS))
		poll_headphones(k, now);
	/* A new visitor may find the sound the last did not. */
	if (k->speech && app_take_speech_retry(k->app))
		speech_retry(k->speech);
	/* Speech asked for and no sound to be had: the access bar says so
	 * instead of showing it on, and the fleet's status file at once. Said
	 * on the journal as an error once, not again for each visitor who
	 * tries. */
	if (k->speech && app_speech_on(k->app) && (speech_failed(k->speech) || fault_speech_fails())) {
		app_speech_unavailable(k->app);
		journal_say(k->status.speech_failed ? JOURNAL_NOTICE : JOURNAL_ERR,
			    "speech: no sound; the access bar says reading aloud is not possible");
		if (!k->status.speech_failed)
			k->status_written = 0;
		k->status.speech_failed = true;
	}
	/* Sound again: the first samples of a text reached the device. */
	if (k->speech && k->status.speech_failed && app_speech_on(k->app) && speech_latency_ms(k->speech) >= 0) {
		journal_say(JOURNAL_NOTICE, "speech: sound found again");
		k->status.speech_failed = false;
		k->status_written = 0;
	}
}

static int sooner(int a, uint64_t b)
{
	int ms = b > INT32_MAX ? INT32_MAX : (int)b;
	return a < 0 || ms < a ? ms : a;
}

int kiosk_tick_wakeup(const struct kiosk *k, uint64_t now)
{
	int wait = -1;
	if (k->hours.kept) {
		/* Hours change on the minute; a lit closed kiosk goes dark when
		 * its wake time runs out. */
		wait = sooner(wait, (uint64_t)(60000 - kiosk_wall_ms(k, now) % 60000));
		if (k->awake_until > now)
			wait = sooner(wait, k->awake_until - now);
	}
	if (k->watchdog_ms)
		wait = sooner(wait, k->watchdog_sent + k->watchdog_ms > now ? k->watchdog_sent + k->watchdog_ms - now : 0);
	if (k->status_dir[0] && k->first_shown)
		wait = sooner(wait, k->status_written + STATUS_EVERY_MS > now && k->status_written
					    ? k->status_written + STATUS_EVERY_MS - now : 0);
	if (k->speech && k->speech_headphones && k->first_shown && !k->jack_polled_once)
		wait = 0;   /* the first look, once the first frame is up */
	/* Without a jack control (most machines) the poll does not wake the
	 * loop: it runs with whatever else wakes it. */
	if (k->speech && k->speech_headphones && k->jack_known)
		wait = sooner(wait, k->jack_polled + JACK_POLL_MS > now ? k->jack_polled + JACK_POLL_MS - now : 0);
	if (k->frame_failed)
		wait = sooner(wait, FRAME_RETRY_MS);
	return wait;
}

bool kiosk_needs_frame(const struct kiosk *k)
{
	return k->repaint || app_needs_frame(k->app);
}
