/* app — the visitor's session: where they are, and what they typed.
 *
 * Owns the session: a history of places (a screen of the table in
 * kiosk/screens/ and its argument, with the scroll position), the language,
 * the typed fields, the keyboard focus, the idle reset that forgets all of
 * it, and the notices over the screen (the idle question, a content
 * update). Every frame it assembles the header, the current screen's
 * widgets and the dialogs into a view list (app_build). What input does is
 * input.c's; what a screen shows and loads is the screen's own (its row and
 * its state). It never draws and never reads the clock itself: time comes
 * in with the input and app_tick(), so script mode can run it on a virtual
 * clock. */
#include "app_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "fault.h"
#include "keyboard.h"

/* The typed fields: how much each holds, and whether only digits. */
static const struct {
	size_t cap;
	bool digits;
} field_spec[TYPED_COUNT] = {
	[TYPED_QUERY] = {MAX_FIELD_BYTES, false},
	[TYPED_POSTCODE] = {6, true},   /* five digits */
	[TYPED_PIN] = {13, true},       /* up to twelve digits */
};

/* ---- what screens get ------------------------------------------------------ */

const char *app_tr(const struct app *a, const char *key)
{
	return uistrings_get(a->strings, a->lang, key);
}

const char *app_lang(const struct app *a)
{
	return a->lang;
}

struct store *app_store(const struct app *a)
{
	return a->store;
}

const struct theme *app_theme(const struct app *a)
{
	return &a->theme;
}

uint64_t app_now(const struct app *a)
{
	return a->now;
}

const struct store_place *app_home_place(const struct app *a)
{
	return a->have_home ? &a->home : NULL;
}

const struct app_settings *app_settings(const struct app *a)
{
	return &a->set;
}

const struct app_staff_hooks *app_staff(const struct app *a)
{
	return &a->staff;
}

void *app_keep(struct app *a, const struct screen *s)
{
	for (int i = 0; a->screens->rows[i]; i++)
		if (a->screens->rows[i] == s)
			return a->keep[i];
	return NULL;
}

static bool opens(const char *prefix, const char *target)
{
	size_t n = prefix ? strlen(prefix) : 0;
	return n && strncmp(target, prefix, n) == 0 && (target[n] == '\0' || target[n] == ':');
}

/* The screen a target opens: the one whose name (or second prefix) it
 * starts with; NULL for none. */
static const struct screen *screen_for(const struct app *a, const char *target)
{
	for (const struct screen *const *s = a->screens->rows; *s; s++)
		if (opens((*s)->name, target) || opens((*s)->also, target))
			return *s;
	return NULL;
}

char *app_field(struct app *a, enum typed_field f, size_t *cap)
{
	if (cap)
		*cap = field_spec[f].cap;
	return a->field[f];
}

void app_count(struct app *a, const char *what, const char *key)
{
	if (a->staff.count && !a->uncounted)
		a->staff.count(a->staff.ctx, what, key);
}

double app_scroll(const struct app *a)
{
	return a->history[a->depth - 1].scroll;
}

void app_scroll_to(struct app *a, double y)
{
	here(a)->scroll = y;
	a->gesture.velocity = 0;
	a->dirty = true;
}

/* ---- places ---------------------------------------------------------------- */

static void leave(struct app *a)
{
	if (!a->state)
		return;
	if (a->depth > 0 && current(a)->leave)
		current(a)->leave(a, a->state);
	free(a->state);
	a->state = NULL;
}

/* Loads what the current place shows, as its screen says. */
static void enter(struct app *a)
{
	const struct screen *s = current(a);
	leave(a);
	a->state = fault_calloc(1, s->state_size ? s->state_size : 1);
	a->status = !a->state ? SCREEN_FAILED : s->enter ? s->enter(a, a->state, here(a)->arg) : SCREEN_SHOWN;
	a->gesture.velocity = 0;
	a->dirty = true;
	if (a->speech_on)
		a->reading = (struct app_read){.what = READ_PAGE};
}

/* The look for a window of w x h pixels on the panel the settings
 * describe (a 24-inch one unless they say its width). */
static void fit(struct theme *th, const struct app_settings *set, const struct theme_choice *choice, int w, int h)
{
	struct theme_screen screen = {set->screen_width_mm, CONFIG_DEFAULT_DIAGONAL_MM, set->screen_bottom_mm};
	theme_fit(th, choice, &screen, w, h);
}

/* The fonts' scale in a look (text_set_fonts). */
static double font_scale(const struct theme *th)
{
	return th->u * th->text_scale;
}

double app_font_scale(const struct app_settings *set, int width, int height)
{
	struct theme th;
	fit(&th, set, &(struct theme_choice){0}, width, height);
	return font_scale(&th);
}

/* The look for the window and what the visitor chose; the access bar's
 * height from its labels in the current language. */
static void refit(struct app *a)
{
	fit(&a->theme, &a->set, &a->choice, a->win_w, a->win_h);
	text_set_fonts(a->text, a->theme.table->font, font_scale(&a->theme));
	render_set_theme(a->render, &a->theme);
	struct access_bar bar;
	access_bar_labels(a, &bar);
	int bar_h = layout_access_bar_height(&a->theme, a->text, &bar);
	a->theme.h -= bar_h - a->theme.bar_h;
	a->theme.bar_h = bar_h;
	a->dirty = true;
}

/* A visitor's own setting, from the access bar: larger text (three
 * steps, then back), high contrast, reach, speech. The place is laid out
 * anew at the same scroll position. */
static void set_access(struct app *a, const char *what)
{
	if (strcmp(what, "text") == 0)
		a->choice.text_step = (a->choice.text_step + 1) % THEME_TEXT_STEPS;
	else if (strcmp(what, "contrast") == 0)
		a->choice.high_contrast = !a->choice.high_contrast;
	else if (strcmp(what, "reach") == 0)
		a->choice.reach = !a->choice.reach;
	else if (strcmp(what, "speech") == 0)
		app_set_speech(a, !a->speech_on, "speech_on");
	else
		return;
	refit(a);
}

void app_set_speech(struct app *a, bool on, const char *announce_key)
{
	if (on == a->speech_on || (on && a->speech_unavailable))
		return;
	a->speech_on = on;
	a->reading = on ? (struct app_read){.what = READ_PAGE, .announce = app_tr(a, announce_key)}
			: (struct app_read){.what = READ_STOP};
	a->dirty = true;   /* the access bar shows it */
}

void app_speech_unavailable(struct app *a)
{
	if (a->speech_unavailable)
		return;
	a->speech_unavailable = true;
	a->speech_on = false;
	a->reading = (struct app_read){.what = READ_NOTHING};
	a->dirty = true;   /* the access bar shows it */
}

bool app_take_speech_retry(struct app *a)
{
	bool retry = a->speech_retry;
	a->speech_retry = false;
	return retry;
}

bool app_speech_on(const struct app *a)
{
	return a->speech_on;
}

struct app_read app_take_reading(struct app *a)
{
	struct app_read r = a->reading;
	a->reading = (struct app_read){.what = READ_NOTHING};
	if (r.what == READ_DIALOG && a->modal_from < 0)
		r.what = READ_NOTHING;   /* gone before it was drawn */
	r.from = a->modal_from;
	return r;
}

void access_bar_labels(const struct app *a, struct access_bar *bar)
{
	static const char *const text_key[THEME_TEXT_STEPS] = {"setting_text_larger", "setting_text_largest",
							       "setting_text_normal"};
	*bar = (struct access_bar){
		.crisis = app_tr(a, "crisis_entry"),
		.crisis_on = a->depth > 0 && current(a)->name && strcmp(current(a)->name, "crisis") == 0,
		.text = app_tr(a, text_key[a->choice.text_step]),
		.contrast = app_tr(a, "setting_contrast"),
		.reach = app_tr(a, "setting_reach"),
		.speech = app_tr(a, a->speech_unavailable ? "setting_speech_unavailable" : "setting_speech"),
		.text_on = a->choice.text_step > 0,
		.contrast_on = a->choice.high_contrast,
		.reach_on = a->choice.reach,
		.speech_on = a->speech_on,
		.speech_unavailable = a->speech_unavailable,
	};
}

/* Enters the current place again: gone back to, or shown in another
 * language (`uncounted`: not counted for the statistics a second time). */
static void reenter(struct app *a, bool uncounted)
{
	a->uncounted = uncounted;
	a->returning = true;
	enter(a);
	a->uncounted = a->returning = false;
}

void *app_open(struct app *a, const struct screen *s, const char *arg, bool replace)
{
	leave(a);
	if (replace && a->depth > 0)
		a->depth--;
	if (a->depth == MAX_HISTORY) {
		memmove(a->history, a->history + 1, (MAX_HISTORY - 1) * sizeof *a->history);
		a->depth--;
	}
	if (a->depth > 0)
		snprintf(here(a)->focus, sizeof here(a)->focus, "%s", a->focus);
	struct place *p = &a->history[a->depth++];
	p->screen = s;
	snprintf(p->arg, sizeof p->arg, "%s", arg ? arg : "");
	p->scroll = 0;
	p->focus[0] = a->focus[0] = '\0';
	if (s->fresh_field)
		sodium_memzero(a->field[s->field], sizeof a->field[s->field]);
	enter(a);
	return a->state;
}

enum screen_status app_status(const struct app *a)
{
	return a->status;
}

bool app_returning(const struct app *a)
{
	return a->returning;
}

void *app_state(struct app *a, const struct screen *s)
{
	return current(a) == s ? a->state : NULL;
}

static void home(struct app *a)
{
	leave(a);
	a->depth = 0;
	app_open(a, a->screens->rows[0], NULL, false);
}

static void forget(struct app *a, enum screen_forget what)
{
	for (int i = 0; a->screens->rows[i]; i++)
		if (a->screens->rows[i]->forget && a->keep[i])
			a->screens->rows[i]->forget(a, a->keep[i], what);
}

static void reset_session(struct app *a)
{
	if (a->langs_used)
		app_count(a, "session", "");
	if (a->langs_used & 1u)
		app_count(a, "language", "de");
	if (a->langs_used & 2u)
		app_count(a, "language", "en");
	a->langs_used = 0;
	if (a->update == UPDATE_SHOWN)
		a->update = UPDATE_NONE;
	snprintf(a->lang, sizeof a->lang, "%s", a->set.default_lang);
	a->choice = (struct theme_choice){0};
	if (a->speech_on)
		a->reading = (struct app_read){.what = READ_STOP};
	a->speech_on = false;
	/* The sound a visitor did not find, the next may: a speaker plugged
	 * in, the device free again. */
	if (a->speech_unavailable) {
		a->speech_unavailable = false;
		a->speech_retry = true;
	}
	refit(a);
	/* Nothing typed survives: the fields, the screens' traces of them,
	 * and every text rendered from them. */
	sodium_memzero(a->field, sizeof a->field);
	leave(a);
	forget(a, FORGET_SESSION);
	text_forget(a->text);
	a->corner_press = false;
	gesture_cancel(&a->gesture);
	a->pressed[0] = a->focus[0] = '\0';
	a->keys_used = false;
	a->countdown = false;
	home(a);
}

void app_mark_language(struct app *a)
{
	a->langs_used |= strcmp(a->lang, "en") == 0 ? 2u : 1u;
}

void app_type_key(struct app *a, const char *key)
{
	const struct screen *s = current(a);
	if (s->field == TYPED_NONE)
		return;
	char *f = a->field[s->field];
	bool began = !f[0];
	if (!keyboard_edit(f, field_spec[s->field].cap, key, field_spec[s->field].digits))
		return;
	app_scroll_to(a, 0);
	if (s->typed && a->status == SCREEN_SHOWN)   /* no state when it failed (out of memory) */
		s->typed(a, a->state, began && f[0]);
}

void app_navigate(struct app *a, const char *t)
{
	a->dirty = true;
	if (strcmp(t, "home") == 0) {
		home(a);
	} else if (strcmp(t, "back") == 0) {
		if (a->depth > 1) {
			leave(a);
			a->depth--;
			snprintf(a->focus, sizeof a->focus, "%s", here(a)->focus);   /* where the visitor left */
			reenter(a, false);
		}
	} else if (strncmp(t, "lang:", 5) == 0) {
		snprintf(a->lang, sizeof a->lang, "%.2s", t + 5);
		app_mark_language(a);
		refit(a);   /* the access bar's labels */
		reenter(a, true);
	} else if (strncmp(t, "setting:", 8) == 0) {
		set_access(a, t + 8);
	} else if (strcmp(t, "idle:continue") == 0) {
		a->countdown = false;
	} else if (strcmp(t, "update:ok") == 0) {
		a->update = UPDATE_NONE;
	} else if (strncmp(t, "key:", 4) == 0) {
		app_type_key(a, t + 4);
	} else if (!(current(a)->act && a->status == SCREEN_SHOWN && current(a)->act(a, a->state, t))) {
		const struct screen *s = screen_for(a, t);
		const char *colon = strchr(t, ':');
		if (s && (s != current(a) || colon))
			app_open(a, s, colon ? colon + 1 : NULL, false);
	}
}

/* ---- life cycle ------------------------------------------------------------ */

struct app *app_new(const struct screen_set *screens, struct store *store, struct uistrings *strings,
		    struct text *text, struct render *render, const struct app_settings *settings,
		    int width, int height, uint64_t now_ms)
{
	struct app *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->screens = screens;
	for (int i = 0; screens->rows[i]; i++) {
		if (i == MAX_SCREENS)
			goto fail;
		size_t size = screens->rows[i]->keep_size;
		if (size && !(a->keep[i] = calloc(1, size)))
			goto fail;
	}
	a->store = store;
	a->strings = strings;
	a->text = text;
	a->render = render;
	a->set = *settings;
	a->now = a->last_input = a->gesture.last_tick = now_ms;
	if (a->set.postcode[0])
		a->have_home = store_locate_postcode(store, a->set.postcode, &a->home) == STORE_FOUND;
	app_resize(a, width, height);
	reset_session(a);
	return a;
fail:
	for (int i = 0; i < MAX_SCREENS; i++)
		free(a->keep[i]);
	free(a);
	return NULL;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	leave(a);
	forget(a, FORGET_ALL);
	for (int i = 0; i < MAX_SCREENS; i++)
		free(a->keep[i]);
	sodium_memzero(a->field, sizeof a->field);
	free(a);
}

void app_resize(struct app *a, int width, int height)
{
	a->win_w = width;
	a->win_h = height;
	refit(a);
}

bool app_quit_requested(const struct app *a)
{
	return a->quit;
}

void app_quit(struct app *a)
{
	a->quit = true;
}

void app_set_store(struct app *a, struct store *store)
{
	leave(a);
	forget(a, FORGET_CONTENT);
	a->store = store;
	a->have_home = a->set.postcode[0] && store_locate_postcode(store, a->set.postcode, &a->home) == STORE_FOUND;
	bool shown = a->update == UPDATE_SHOWN;
	reset_session(a);
	if (shown)
		a->update = UPDATE_SHOWN;   /* the outcome stays for staff to read */
}

void app_set_staff_hooks(struct app *a, const struct app_staff_hooks *hooks)
{
	a->staff = *hooks;
}

void app_show_update_progress(struct app *a, double done)
{
	a->update = UPDATE_RUNNING;
	a->update_done = done < 0 ? 0 : done > 1 ? 1 : done;
	gesture_cancel(&a->gesture);
	a->pressed[0] = '\0';
	a->dirty = true;
}

void app_show_update_result(struct app *a, bool applied, long long version, const char *why_name)
{
	a->update = UPDATE_SHOWN;
	a->update_applied = applied;
	a->update_version = version;
	snprintf(a->update_reason, sizeof a->update_reason, "update_why_%s", why_name);
	a->dirty = true;
}

/* ---- time ------------------------------------------------------------------ */

/* Nothing to forget: the start screen, as it was, nobody there. */
static bool fresh(const struct app *a)
{
	return a->depth == 1 && current(a) == a->screens->rows[0] && a->history[0].scroll == 0 &&
	       strcmp(a->lang, a->set.default_lang) == 0 && !a->focus[0];
}

void app_after_frame(struct app *a)
{
	for (int i = 0; a->screens->rows[i]; i++)
		if (a->screens->rows[i]->after_frame && a->keep[i])
			a->screens->rows[i]->after_frame(a, a->keep[i]);
}

void app_tick(struct app *a, uint64_t now)
{
	a->now = now;
	if (gesture_tick(&a->gesture, now, &here(a)->scroll, max_scroll(a)))
		a->dirty = true;
	if (a->corner_press && a->gesture.down && now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_press = false;
		gesture_cancel(&a->gesture);
		a->pressed[0] = '\0';
		app_open(a, a->screens->staff_door, NULL, false);
	}
	const struct screen *s = current(a);
	a->screen_due = -1;
	if (s->tick && a->status == SCREEN_SHOWN) {
		bool redraw = false;
		int w = s->tick(a, a->state, now, &redraw);
		a->screen_due = w >= 0 ? (int64_t)(now + (uint64_t)w) : -1;
		if (redraw)
			a->dirty = true;
	}
	/* The start screen that failed (out of memory) has no way back to
	 * offer a finger, and no idle reset comes to it: it is tried again. */
	if (a->depth == 1 && a->status == SCREEN_FAILED) {
		if (now >= a->start_retry_at) {
			enter(a);
			a->start_retry_at = now + START_RETRY_MS;
		}
		if (a->status == SCREEN_FAILED)
			a->screen_due = (int64_t)a->start_retry_at;
	}
	uint64_t idle = now - a->last_input;
	if (!a->countdown && !fresh(a) && idle >= (uint64_t)a->set.idle_timeout_ms) {
		a->countdown = true;
		if (a->speech_on)   /* a visitor who cannot see it hears the question */
			a->reading = (struct app_read){.what = READ_DIALOG};
		a->dirty = true;
	}
	if (a->countdown) {
		if (idle >= (uint64_t)(a->set.idle_timeout_ms + a->set.idle_countdown_ms)) {
			reset_session(a);
			a->last_input = now;
		}
		a->dirty = true;   /* the seconds count down */
	}
}

bool app_needs_frame(const struct app *a)
{
	return a->dirty || a->gesture.velocity != 0;
}

int app_next_wakeup(const struct app *a, uint64_t now)
{
	if (a->gesture.velocity != 0)
		return 0;
	if (a->countdown)
		return 1000 - (int)((now - a->last_input) % 1000);
	if (a->corner_press && a->gesture.down)
		return a->corner_since + STAFF_HOLD_MS > now ? (int)(a->corner_since + STAFF_HOLD_MS - now) : 0;
	int screen_due = a->screen_due < 0 ? -1 : a->screen_due > (int64_t)now ? (int)(a->screen_due - (int64_t)now) : 0;
	if (fresh(a))
		return screen_due;   /* nothing to reset: sleep until someone comes */
	uint64_t due = a->last_input + (uint64_t)a->set.idle_timeout_ms;
	int idle_due = due > now ? (int)(due - now) : 0;
	return screen_due >= 0 && screen_due < idle_due ? screen_due : idle_due;
}

/* ---- a frame --------------------------------------------------------------- */

/* Focus is never lost for a visitor who moves by keys: when the focused
 * widget is not in the frame (a new screen, a list that changed, a
 * dialog), the first widget of the dialog, else of the page (below the
 * header), takes it; the header's and the bar's are reached by Tab. */
static void keep_focus(struct app *a, struct view_list *l)
{
	if (!a->keys_used)
		return;
	const struct theme *th = &a->theme;
	bool modal = a->modal_from >= 0;
	int first = -1, any = -1;
	for (int i = modal ? a->modal_from : 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		if (!view_is_interactive(v))
			continue;
		if (a->focus[0] && strcmp(v->target, a->focus) == 0)
			return;
		if (any < 0)
			any = i;
		if (first < 0 && v->rect.y >= th->top + th->header_h && v->rect.y < th->top + th->h)
			first = i;
	}
	first = modal || first < 0 ? any : first;
	if (first >= 0)
		snprintf(a->focus, sizeof a->focus, "%s", view_at(l, first)->target);
}

static void build_header(struct app *a, struct ui *ui)
{
	const struct screen *s = current(a);
	struct header h = {
		.title = a->status == SCREEN_SHOWN && s->title ? s->title(a, a->state) : "",
		.nav = s != a->screens->rows[0],
		.can_go_back = a->depth > 1,
		.back = app_tr(a, "back"),
		.home = app_tr(a, "home"),
		.lang_label = {app_tr(a, "lang_en"), app_tr(a, "lang_de")},
		.lang_target = {"lang:en", "lang:de"},
		.lang_current = {strcmp(a->lang, "en") == 0, strcmp(a->lang, "de") == 0},
	};
	layout_header(ui, &h);
}

void app_build(struct app *a, struct view_list *l)
{
	const struct theme *th = &a->theme;
	view_list_begin(l, a->win_w, a->win_h);
	struct ui ui = {l, th, a->text, a->render};
	if (th->top > 0) {
		/* The reach layout: above the band within reach, nothing to
		 * touch; a line says where everything went. */
		SDL_Rect above = {0, 0, th->w, th->top};
		view_push(l, ROLE_BOX, STYLE_SHADE, above, "", NULL);
		const char *note = app_tr(a, "reach_note");
		int note_w = th->w - 2 * th->px.pad, note_h = text_height(a->text, STYLE_BODY, note, note_w);
		if (note_h + 2 * th->px.gap <= th->top) {
			SDL_Rect r = {th->px.pad, th->top - note_h - th->px.gap, note_w, note_h};
			view_push(l, ROLE_TEXT, STYLE_BODY, r, note, NULL);
		}
		view_list_set_origin(l, th->top);
	}
	build_header(a, &ui);
	if (a->status == SCREEN_SHOWN)
		current(a)->build(a, a->state, &ui);
	else
		a->screens->missing->build(a, NULL, &ui);
	struct access_bar bar;
	access_bar_labels(a, &bar);
	layout_access_bar(&ui, &bar);
	int before_dialog = view_count(l);
	if (a->countdown) {
		int64_t left_ms = a->set.idle_timeout_ms + a->set.idle_countdown_ms - (int64_t)(a->now - a->last_input);
		a->screens->countdown(a, &ui, left_ms > 0 ? (int)(left_ms / 1000) : 0);
	} else if (a->update != UPDATE_NONE) {
		a->screens->update(a, &ui, a->update == UPDATE_RUNNING, a->update_done, a->update_applied,
			      a->update_version, a->update_reason);
	}
	a->modal_from = view_count(l) > before_dialog ? before_dialog : -1;
	keep_focus(a, l);
	/* Feedback: what the finger presses, what the keyboard focuses. */
	for (int i = 0; i < view_count(l); i++) {
		struct view *v = view_at(l, i);
		if (!view_is_interactive(v))
			continue;
		if (a->pressed[0] && strcmp(v->target, a->pressed) == 0)
			v->flags |= VIEW_PRESSED;
		if (a->focus[0] && strcmp(v->target, a->focus) == 0)
			v->flags |= VIEW_FOCUSED;
	}
	a->frame = l;
	a->dirty = false;
}
