/* app — the visitor's session: where they are, and what their input does.
 *
 * Owns the session: a history of places (a screen of the table in
 * kiosk/screens/ and its argument, with the scroll position), the language,
 * the pointer (gesture.c), the keyboard focus, the typed fields, the idle
 * reset that forgets all of it, and the notices over the screen (the idle
 * question, a content update). Every frame it assembles the header, the
 * current screen's widgets and the dialogs into a view list (app_build).
 * It never draws and never reads the clock itself: time comes in with the
 * input and app_tick(), so script mode can run it on a virtual clock. What a
 * screen shows and loads is the screen's own (its row and its state). */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "gesture.h"
#include "keyboard.h"
#include "screens/screens.h"
#include "utf8.h"

#define MAX_HISTORY 32
#define MAX_TARGET 96
#define MAX_SCREENS 16
#define MAX_FIELD_BYTES 96      /* what fits the search field; more keys are ignored */
#define STAFF_HOLD_MS 5000      /* a press this long in the bottom-left corner: staff mode */

/* The typed fields: how much each holds, and whether only digits. */
static const struct {
	size_t cap;
	bool digits;
} field_spec[TYPED_COUNT] = {
	[TYPED_QUERY] = {MAX_FIELD_BYTES, false},
	[TYPED_POSTCODE] = {6, true},   /* five digits */
	[TYPED_PIN] = {13, true},       /* up to twelve digits */
};

struct place {
	const struct screen *screen;
	char arg[MAX_TARGET];
	double scroll;
};

struct app {
	struct store *store;
	struct uistrings *strings;
	struct text *text;
	struct render *render;
	struct app_settings set;
	char lang[3];
	struct theme theme;

	struct place history[MAX_HISTORY];
	int depth;
	void *state;                    /* the current place's screen state */
	enum screen_status status;      /* what entering it found */
	void *keep[MAX_SCREENS];        /* each screen's session-long data */

	/* What was typed lives here and nowhere else (not in the history,
	 * not in a log) and is wiped at the idle reset. */
	char field[TYPED_COUNT][MAX_FIELD_BYTES];

	struct store_place home;        /* the kiosk's own place */
	bool have_home;

	/* The scrolling area of the last frame. */
	SDL_Rect viewport;
	double content_h;

	struct gesture gesture;
	char pressed[MAX_TARGET];       /* the target under the finger */
	bool corner_press;              /* staff mode's hidden door */
	uint64_t corner_since;
	char focus[MAX_TARGET];
	struct view_list *frame;        /* the last frame built: what input hits */

	struct app_staff_hooks staff;
	unsigned langs_used;    /* languages of this session, for the statistics */
	bool relabel;           /* the place is shown again in another language */
	bool returning;         /* the place is entered again (back, or relabel) */

	/* A content update: applying (with the part done), or its outcome. */
	enum { UPDATE_NONE, UPDATE_RUNNING, UPDATE_SHOWN } update;
	double update_done;
	bool update_applied;
	long long update_version;
	char update_reason[64];

	uint64_t now, last_input;
	bool countdown;
	bool dirty, quit;
};

static struct place *here(struct app *a)
{
	return &a->history[a->depth - 1];
}

static const struct screen *current(const struct app *a)
{
	return a->history[a->depth - 1].screen;
}

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

static int screen_index_of(const struct screen *s)
{
	for (int i = 0; screen_table[i]; i++)
		if (screen_table[i] == s)
			return i;
	return -1;
}

void *app_keep(struct app *a, const struct screen *s)
{
	int i = screen_index_of(s);
	return i >= 0 ? a->keep[i] : NULL;
}

char *app_field(struct app *a, enum typed_field f, size_t *cap)
{
	if (cap)
		*cap = field_spec[f].cap;
	return a->field[f];
}

void app_count(struct app *a, const char *what, const char *key)
{
	if (a->staff.count && !a->relabel)
		a->staff.count(a->staff.ctx, what, key);
}

void app_dirty(struct app *a)
{
	a->dirty = true;
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

void fill_in(char *out, size_t cap, const char *text, const char *value)
{
	const char *at = strstr(text, "%s");
	const char *at_d = strstr(text, "%d");
	if (!at || (at_d && at_d < at))
		at = at_d;
	if (!at)
		snprintf(out, cap, "%s", text);
	else
		snprintf(out, cap, "%.*s%s%s", (int)(at - text), text, value, at + 2);
}

void app_keyboard_labels(const struct app *a, struct keyboard_labels *out)
{
	out->backspace = app_tr(a, "key_backspace");
	out->clear = app_tr(a, "key_clear");
	out->space = app_tr(a, "key_space");
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
	a->state = calloc(1, s->state_size ? s->state_size : 1);
	a->status = !a->state ? SCREEN_FAILED : s->enter ? s->enter(a, a->state, here(a)->arg) : SCREEN_SHOWN;
	a->gesture.velocity = 0;
	a->dirty = true;
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
	struct place *p = &a->history[a->depth++];
	p->screen = s;
	snprintf(p->arg, sizeof p->arg, "%s", arg ? arg : "");
	p->scroll = 0;
	a->focus[0] = '\0';
	if (s->fresh_field)
		sodium_memzero(a->field[s->field], sizeof a->field[s->field]);
	enter(a);
	return a->state;
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
	app_open(a, screen_table[0], NULL, false);
}

static void reset_session(struct app *a)
{
	if (a->langs_used & 1u)
		app_count(a, "language", "de");
	if (a->langs_used & 2u)
		app_count(a, "language", "en");
	a->langs_used = 0;
	if (a->update == UPDATE_SHOWN)
		a->update = UPDATE_NONE;
	snprintf(a->lang, sizeof a->lang, "%s", a->set.default_lang);
	sodium_memzero(a->field, sizeof a->field);
	a->corner_press = false;
	gesture_cancel(&a->gesture);
	a->pressed[0] = a->focus[0] = '\0';
	a->countdown = false;
	home(a);
}

static void mark_language(struct app *a)
{
	a->langs_used |= strcmp(a->lang, "en") == 0 ? 2u : 1u;
}

/* A key of the on-screen keyboard (or a typed character) into the current
 * screen's field. */
static void type_key(struct app *a, const char *key)
{
	const struct screen *s = current(a);
	if (s->field == TYPED_NONE)
		return;
	char *f = a->field[s->field];
	bool began = !f[0];
	if (!keyboard_edit(f, field_spec[s->field].cap, key, field_spec[s->field].digits))
		return;
	app_scroll_to(a, 0);
	if (s->typed)
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
			a->returning = true;
			enter(a);
			a->returning = false;
		}
	} else if (strncmp(t, "lang:", 5) == 0) {
		snprintf(a->lang, sizeof a->lang, "%.2s", t + 5);
		mark_language(a);
		a->relabel = a->returning = true;
		enter(a);
		a->relabel = a->returning = false;
	} else if (strcmp(t, "idle:continue") == 0) {
		a->countdown = false;
	} else if (strcmp(t, "update:ok") == 0) {
		a->update = UPDATE_NONE;
	} else if (strncmp(t, "key:", 4) == 0) {
		type_key(a, t + 4);
	} else if (!(current(a)->act && a->status == SCREEN_SHOWN && current(a)->act(a, a->state, t))) {
		const struct screen *s = screen_find(t);
		const char *colon = strchr(t, ':');
		if (s && (s != current(a) || colon))
			app_open(a, s, colon ? colon + 1 : NULL, false);
	}
}

/* ---- life cycle ------------------------------------------------------------ */

static void forget_content(struct app *a, bool for_good)
{
	for (int i = 0; screen_table[i]; i++)
		if (screen_table[i]->forget && a->keep[i])
			screen_table[i]->forget(a, a->keep[i], for_good);
}

struct app *app_new(struct store *store, struct uistrings *strings, struct text *text,
		    struct render *render, const struct app_settings *settings, uint64_t now_ms)
{
	struct app *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	for (int i = 0; screen_table[i]; i++) {
		if (i == MAX_SCREENS)
			goto fail;
		size_t size = screen_table[i]->keep_size;
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
		a->have_home = store_locate_postcode(store, a->set.postcode, &a->home);
	app_resize(a, 1920, 1080);
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
	forget_content(a, true);
	for (int i = 0; i < MAX_SCREENS; i++)
		free(a->keep[i]);
	sodium_memzero(a->field, sizeof a->field);
	free(a);
}

void app_resize(struct app *a, int width, int height)
{
	theme_fit(&a->theme, &theme_normal, width, height, a->set.screen_width_mm);
	text_set_fonts(a->text, a->theme.table->font, a->theme.u);
	render_set_theme(a->render, &a->theme);
	a->dirty = true;
}

bool app_quit_requested(const struct app *a)
{
	return a->quit;
}

void app_set_store(struct app *a, struct store *store)
{
	leave(a);
	forget_content(a, false);
	a->store = store;
	a->have_home = a->set.postcode[0] && store_locate_postcode(store, a->set.postcode, &a->home);
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

static double max_scroll(const struct app *a)
{
	double m = a->content_h - a->viewport.h;
	return m > 0 ? m : 0;
}

/* Nothing to forget: the start screen, as it was, nobody there. */
static bool fresh(const struct app *a)
{
	return a->depth == 1 && current(a) == screen_table[0] && a->history[0].scroll == 0 &&
	       strcmp(a->lang, a->set.default_lang) == 0 && !a->focus[0];
}

void app_tick(struct app *a, uint64_t now)
{
	uint64_t before = a->now;
	a->now = now;
	if (gesture_tick(&a->gesture, now, &here(a)->scroll, max_scroll(a)))
		a->dirty = true;
	if (a->corner_press && a->gesture.down && now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_press = false;
		gesture_cancel(&a->gesture);
		a->pressed[0] = '\0';
		app_open(a, &screen_staff_pin, NULL, false);
	}
	const struct screen *s = current(a);
	if (s->wakeup && a->status == SCREEN_SHOWN) {
		int w = s->wakeup(a, a->state, before);
		if (w >= 0 && now >= before + (uint64_t)w)
			a->dirty = true;
	}
	uint64_t idle = now - a->last_input;
	if (!a->countdown && !fresh(a) && idle >= (uint64_t)a->set.idle_timeout_ms) {
		a->countdown = true;
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
	const struct screen *s = current(a);
	int screen_due = s->wakeup && a->status == SCREEN_SHOWN ? s->wakeup((struct app *)a, a->state, now) : -1;
	if (fresh(a))
		return screen_due;   /* nothing to reset: sleep until someone comes */
	uint64_t due = a->last_input + (uint64_t)a->set.idle_timeout_ms;
	int idle_due = due > now ? (int)(due - now) : 0;
	return screen_due >= 0 && screen_due < idle_due ? screen_due : idle_due;
}

/* ---- input ----------------------------------------------------------------- */

static void touched(struct app *a, uint64_t t)
{
	a->last_input = t;
	mark_language(a);
	if (a->countdown) {
		a->countdown = false;
		a->dirty = true;
	}
}

/* The widget under a point in the last built frame. */
static const struct view *hit(struct app *a, int x, int y)
{
	return a->frame ? view_hit(a->frame, x, y) : NULL;
}

void app_pointer_down(struct app *a, int x, int y, uint64_t t)
{
	if (a->update == UPDATE_RUNNING)
		return;   /* the content is being replaced: touches wait */
	bool was_countdown = a->countdown;
	touched(a, t);
	a->dirty = true;
	SDL_Point pt = {x, y};
	/* A touch that stops a fling only stops it; one that ends the
	 * "still there?" question only ends it. */
	gesture_down(&a->gesture, x, y, t, here(a)->scroll, SDL_PointInRect(&pt, &a->viewport), was_countdown);
	const struct view *v = a->gesture.stopped ? NULL : hit(a, x, y);
	snprintf(a->pressed, sizeof a->pressed, "%s", v ? v->target : "");
	/* Staff mode's hidden door: a long press in the bottom-left corner. */
	int corner = a->theme.px.target;
	a->corner_press = a->set.pin_hash[0] && x < corner && y >= a->theme.h - corner;
	a->corner_since = t;
}

void app_pointer_move(struct app *a, int x, int y, uint64_t t)
{
	if (!a->gesture.down)
		return;
	touched(a, t);
	double before = here(a)->scroll;
	if (gesture_move(&a->gesture, x, y, t, a->theme.slop, &here(a)->scroll, max_scroll(a))) {
		a->corner_press = false;
		a->pressed[0] = '\0';   /* a drag is never a tap */
		a->dirty = true;
	}
	if (here(a)->scroll != before || (a->gesture.dragging && a->gesture.in_area))
		a->dirty = true;
}

void app_pointer_up(struct app *a, int x, int y, uint64_t t)
{
	if (!a->gesture.down)
		return;
	app_pointer_move(a, x, y, t);
	bool tap = gesture_up(&a->gesture, t);
	a->corner_press = false;
	a->dirty = true;
	char target[MAX_TARGET];
	snprintf(target, sizeof target, "%s", a->pressed);
	a->pressed[0] = '\0';
	const struct view *v = tap ? hit(a, x, y) : NULL;
	if (v && *target && strcmp(v->target, target) == 0)
		app_navigate(a, target);
}

void app_pointer_cancel(struct app *a, uint64_t t)
{
	touched(a, t);
	gesture_cancel(&a->gesture);
	a->pressed[0] = '\0';
	a->dirty = true;
}

/* Moves the keyboard focus to the next (dir 1) or previous (-1) widget that
 * takes input in the last frame, and keeps it in sight. */
static void move_focus(struct app *a, int dir)
{
	struct view_list *l = a->frame;
	int n = l ? view_count(l) : 0, cur = -1, count = 0;
	for (int i = 0; i < n; i++) {
		const struct view *v = view_at(l, i);
		if (view_is_interactive(v)) {
			count++;
			if (cur < 0 && a->focus[0] && strcmp(v->target, a->focus) == 0)
				cur = i;
		}
	}
	if (!count)
		return;
	for (int step = 1; step <= n; step++) {
		int i = cur < 0 ? (dir > 0 ? step - 1 : n - step) : ((cur + dir * step) % n + n) % n;
		const struct view *v = view_at(l, i);
		if (!view_is_interactive(v))
			continue;
		snprintf(a->focus, sizeof a->focus, "%s", v->target);
		double *scroll = &here(a)->scroll;
		const SDL_Rect *vp = &a->viewport;
		if (SDL_HasIntersection(&v->rect, vp) && v->clip.h < v->rect.h)
			*scroll += v->rect.y < vp->y ? v->rect.y - vp->y : (v->rect.y + v->rect.h) - (vp->y + vp->h);
		else if (!SDL_RectEquals(&v->clip, &v->rect) || v->rect.y > vp->y + vp->h)
			*scroll += v->rect.y - vp->y - a->theme.px.gap;
		gesture_clamp(&a->gesture, scroll, max_scroll(a));
		break;
	}
	a->dirty = true;
}

void app_key(struct app *a, SDL_Keycode key, uint16_t mod, uint64_t t)
{
	if (a->update == UPDATE_RUNNING && !((mod & KMOD_CTRL) && key == SDLK_q))
		return;
	touched(a, t);
	a->dirty = true;
	if ((mod & KMOD_CTRL) && key == SDLK_q) {
		a->quit = true;
		return;
	}
	const struct screen *s = current(a);
	if (s->field != TYPED_NONE && !a->countdown) {
		/* Letters arrive as text (app_text); these keys edit it. */
		if (key == SDLK_BACKSPACE && a->field[s->field][0]) {
			type_key(a, "backspace");
			return;
		}
		if (key == SDLK_DELETE) {
			type_key(a, "clear");
			return;
		}
		if (key == SDLK_SPACE)
			return;
		if ((key == SDLK_RETURN || key == SDLK_KP_ENTER) && !a->focus[0]) {
			if (s->submit && a->status == SCREEN_SHOWN)
				s->submit(a, a->state);
			return;
		}
	}
	double *scroll = &here(a)->scroll;
	switch (key) {
	case SDLK_TAB:
		move_focus(a, (mod & KMOD_SHIFT) ? -1 : 1);
		break;
	case SDLK_DOWN: case SDLK_RIGHT:
		move_focus(a, 1);
		break;
	case SDLK_UP: case SDLK_LEFT:
		move_focus(a, -1);
		break;
	case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
		if (a->countdown) {
			a->countdown = false;
		} else if (a->focus[0]) {
			char target[MAX_TARGET];
			snprintf(target, sizeof target, "%s", a->focus);
			app_navigate(a, target);
		}
		break;
	case SDLK_ESCAPE: case SDLK_BACKSPACE: case SDLK_AC_BACK:
		app_navigate(a, "back");
		break;
	case SDLK_HOME: case SDLK_AC_HOME:
		app_navigate(a, "home");
		break;
	case SDLK_PAGEDOWN: case SDLK_PAGEUP:
		*scroll += (key == SDLK_PAGEDOWN ? 1 : -1) * a->viewport.h * 0.8;
		gesture_clamp(&a->gesture, scroll, max_scroll(a));
		break;
	default:
		break;
	}
}

void app_text(struct app *a, const char *utf8, uint64_t t)
{
	if (a->update == UPDATE_RUNNING)
		return;   /* as touches: they wait */
	touched(a, t);
	a->dirty = true;
	if (current(a)->field == TYPED_NONE)
		app_open(a, &screen_search, NULL, false);   /* typing elsewhere starts a new search */
	/* One character at a time, as the on-screen keys type. */
	for (size_t i = 0, len = strlen(utf8); i < len;) {
		size_t next = utf8_skip(utf8, i, len);
		char ch[8];
		snprintf(ch, sizeof ch, "%.*s", (int)(next - i), utf8 + i);
		type_key(a, strcmp(ch, " ") == 0 ? "space" : ch);
		i = next;
	}
}

/* ---- a frame --------------------------------------------------------------- */

struct flow app_page_begin(struct app *a, struct ui *ui, bool wide, int footer_h)
{
	const struct theme *th = &a->theme;
	int w = th->w - 2 * th->px.pad;
	if (w > th->px.measure && !wide)
		w = th->px.measure;   /* a readable measure: lines of about 75 characters */
	a->viewport = (SDL_Rect){0, th->header_h, th->w, th->h - th->header_h};
	if (footer_h > 0)
		a->viewport.h = th->h - footer_h - th->px.gap / 2 - th->px.gap / 2 - a->viewport.y;
	view_clip_push(ui->l, a->viewport);
	return (struct flow){.ui = ui, .x = th->px.pad, .w = w, .y = th->px.gap + th->px.gap / 2,
			     .top = a->viewport.y, .bottom = a->viewport.y + a->viewport.h,
			     .scroll = here(a)->scroll};
}

/* Closes a scrolling area whose content ends `bottom` pixels below its
 * last widget; a page laid out at a scroll position it no longer has is
 * drawn again. */
static void area_end(struct app *a, struct ui *ui, struct flow *f, int bottom)
{
	view_clip_pop(ui->l);
	a->content_h = f->y + bottom;
	double before = here(a)->scroll;
	gesture_clamp(&a->gesture, &here(a)->scroll, max_scroll(a));
	if (here(a)->scroll != before)
		a->dirty = true;
}

void app_page_end(struct app *a, struct ui *ui, struct flow *f)
{
	area_end(a, ui, f, a->theme.px.pad);
}

struct flow app_list_begin(struct app *a, struct ui *ui, SDL_Rect area)
{
	a->viewport = area;
	view_clip_push(ui->l, area);
	return (struct flow){.ui = ui, .x = area.x, .w = area.w, .y = 0, .top = area.y,
			     .bottom = area.y + area.h, .scroll = here(a)->scroll};
}

void app_list_end(struct app *a, struct ui *ui, struct flow *f)
{
	area_end(a, ui, f, a->theme.px.gap);
}

double app_scroll_area(struct app *a, SDL_Rect area, double content_h)
{
	a->viewport = area;
	a->content_h = content_h;
	gesture_clamp(&a->gesture, &here(a)->scroll, max_scroll(a));
	return here(a)->scroll;
}

/* A place that cannot be shown. */
static void build_missing(struct app *a, struct ui *ui)
{
	struct flow f = app_page_begin(a, ui, false, 0);
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, "?");
	app_page_end(a, ui, &f);
}

static void build_header(struct app *a, struct ui *ui)
{
	const struct screen *s = current(a);
	struct header h = {
		.title = a->status == SCREEN_SHOWN && s->title ? s->title(a, a->state) : "",
		.nav = s != screen_table[0],
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
	view_list_begin(l, a->theme.w, a->theme.h);
	struct ui ui = {l, &a->theme, a->text, a->render};
	build_header(a, &ui);
	if (a->status == SCREEN_SHOWN)
		current(a)->build(a, a->state, &ui);
	else
		build_missing(a, &ui);
	if (a->countdown) {
		int64_t left_ms = a->set.idle_timeout_ms + a->set.idle_countdown_ms - (int64_t)(a->now - a->last_input);
		dialog_countdown(a, &ui, left_ms > 0 ? (int)(left_ms / 1000) : 0);
	} else if (a->update != UPDATE_NONE) {
		dialog_update(a, &ui, a->update == UPDATE_RUNNING, a->update_done, a->update_applied,
			      a->update_version, a->update_reason);
	}
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
