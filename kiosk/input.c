/* input — what a visitor's finger and keys do to the session.
 *
 * A mouse and the first finger on a touch panel are one pointer: a press
 * on a widget is a tap when it ends on the same widget without a drag
 * (gesture.c decides drag and fling), and a long press in the bottom-right
 * corner opens staff mode. Keys move the focus through the frame's widgets
 * in reading order, activate, go back and home, and edit the current
 * screen's field; typed text goes into that field, and anywhere else
 * starts a new search. With speech on, a focus that moves is read, and a
 * first tap on a widget only focuses it and has it read: the second one
 * activates. While an update is taken over, input waits. Every
 * call carries the time of the input, which keeps the idle reset away.
 * The scrolling area a finger moves is the one the last frame laid out
 * (app_page_begin and the others below, called by the screens). */
#include "app_private.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

static void touched(struct app *a, uint64_t t)
{
	a->last_input = t;
	app_mark_language(a);
	if (a->countdown) {
		a->countdown = false;
		a->dirty = true;
	}
}

/* The scrolling area in window rows (screens give it in the layout
 * area's, which the reach layout moves down). */
static SDL_Rect window_viewport(const struct app *a)
{
	SDL_Rect r = a->viewport;
	r.y += a->theme.top;
	return r;
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
	a->keys_used = false;   /* a finger: the focus may rest where it is */
	SDL_Point pt = {x, y};
	SDL_Rect area = window_viewport(a);
	/* A touch that stops a fling only stops it; one that ends the
	 * "still there?" question only ends it. */
	gesture_down(&a->gesture, x, y, t, here(a)->scroll, SDL_PointInRect(&pt, &area), was_countdown);
	const struct view *v = a->gesture.stopped ? NULL : hit(a, x, y);
	snprintf(a->pressed, sizeof a->pressed, "%s", v ? v->target : "");
	/* Staff mode's hidden door: a long press in the bottom-right corner
	 * (the bottom-left one holds the access bar's first button). */
	int corner = a->theme.px.target;
	a->corner_press = a->set.pin_hash[0] && x >= a->win_w - corner && y >= a->win_h - corner;
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
	if (!v || !*target || strcmp(v->target, target) != 0)
		return;
	if (a->speech_on && v->role == ROLE_KEY) {
		/* Keys of the on-screen keyboard type at the first tap and say
		 * their letter, as screen readers' touch typing does: a word
		 * needing two taps a letter would wear anyone out. */
		app_navigate(a, target);
		a->reading = (struct app_read){.what = READ_ITEM};
		snprintf(a->reading.target, sizeof a->reading.target, "%s", target);
		return;
	}
	if (a->speech_on && strcmp(target, "setting:speech") != 0 && strcmp(a->focus, target) != 0) {
		/* With speech, a first tap says what is there (and focuses it,
		 * as a screen reader does); a second one on it activates. The
		 * switch that ends speech works at once: whoever turned it on
		 * by mistake must not need to know the second tap. */
		snprintf(a->focus, sizeof a->focus, "%s", target);
		a->reading = (struct app_read){.what = READ_ITEM};
		snprintf(a->reading.target, sizeof a->reading.target, "%s", target);
		return;
	}
	app_navigate(a, target);
}

void app_pointer_cancel(struct app *a, uint64_t t)
{
	touched(a, t);
	gesture_cancel(&a->gesture);
	a->pressed[0] = '\0';
	a->dirty = true;
}

/* Whether a widget lies in the frame's scrolling area. */
static bool in_area(const struct app *a, const struct view *v)
{
	SDL_Rect area = window_viewport(a);
	return SDL_HasIntersection(&v->rect, &area);
}

/* Brings a focused widget wholly into sight, as far as the area scrolls. */
static void scroll_to_focus(struct app *a, const struct view *v)
{
	double *scroll = &here(a)->scroll;
	SDL_Rect vp = window_viewport(a);
	if (SDL_HasIntersection(&v->rect, &vp) && v->clip.h < v->rect.h)
		*scroll += v->rect.y < vp.y ? v->rect.y - vp.y : (v->rect.y + v->rect.h) - (vp.y + vp.h);
	else if (!SDL_RectEquals(&v->clip, &v->rect) || v->rect.y > vp.y + vp.h)
		*scroll += v->rect.y - vp.y - a->theme.px.gap;
	gesture_clamp(&a->gesture, scroll, max_scroll(a));
}

/* Moves the keyboard focus to the next (dir 1) or previous (-1) widget that
 * takes input, in reading order, and keeps it in sight. A scrolling area
 * holds only the widgets in sight (a long list is built so): before the
 * focus leaves it, it scrolls on by half its height and the frame is built
 * again, until its end. */
static void move_focus(struct app *a, int dir)
{
	for (int rebuilt = 0; a->frame && rebuilt < 256; rebuilt++) {
		struct view_list *l = a->frame;
		/* Within a dialog while one is up: it is modal. */
		int from = a->modal_from >= 0 ? a->modal_from : 0;
		int n = view_count(l) - from, cur = -1, first_in = -1, last_in = -1;
		for (int i = 0; i < n; i++) {
			const struct view *v = view_at(l, from + i);
			if (!view_is_interactive(v))
				continue;
			if (cur < 0 && a->focus[0] && strcmp(v->target, a->focus) == 0)
				cur = i;
			if (in_area(a, v)) {
				first_in = first_in < 0 ? i : first_in;
				last_in = i;
			}
		}
		if (cur < 0 && rebuilt > 0)     /* scrolled out of the frame: on from the area's edge */
			cur = dir > 0 ? first_in - 1 : last_in + 1;
		int next = -1;
		for (int step = 1; step <= n && next < 0; step++) {
			int i = cur < 0 && rebuilt == 0 ? (dir > 0 ? step - 1 : n - step) : ((cur + dir * step) % n + n) % n;
			if (view_is_interactive(view_at(l, from + i)))
				next = i;
		}
		if (next < 0)
			return;
		double *scroll = &here(a)->scroll;
		bool leaving = cur >= 0 && cur < n && in_area(a, view_at(l, from + cur)) &&
			       (!in_area(a, view_at(l, from + next)) || (dir > 0 ? next < cur : next > cur));
		bool more = dir > 0 ? *scroll < max_scroll(a) - 0.5 : *scroll > 0.5;
		if (leaving && more) {
			*scroll += dir * (a->viewport.h / 2 > 1 ? a->viewport.h / 2 : 1);
			gesture_clamp(&a->gesture, scroll, max_scroll(a));
			app_build(a, l);
			continue;
		}
		const struct view *v = view_at(l, from + next);
		snprintf(a->focus, sizeof a->focus, "%s", v->target);
		scroll_to_focus(a, v);
		if (a->speech_on) {
			a->reading = (struct app_read){.what = READ_ITEM};
			snprintf(a->reading.target, sizeof a->reading.target, "%s", v->target);
		}
		break;
	}
	a->dirty = true;
}

/* Whether the focus rests on the typing field (where Enter sends). */
static bool focus_on_field(const struct app *a)
{
	for (int i = 0; a->frame && i < view_count(a->frame); i++) {
		const struct view *v = view_at(a->frame, i);
		if (v->role == ROLE_INPUT && v->target && strcmp(v->target, a->focus) == 0)
			return true;
	}
	return false;
}

void app_key(struct app *a, SDL_Keycode key, uint16_t mod, uint64_t t)
{
	/* Ctrl+Q ends the program for developers; in kiosk mode no key does. */
	bool quit_key = (mod & KMOD_CTRL) && key == SDLK_q && !a->set.lockdown;
	if (a->update == UPDATE_RUNNING && !quit_key)
		return;
	touched(a, t);
	a->dirty = true;
	if (quit_key) {
		a->quit = true;
		return;
	}
	/* Alt, AltGr and Super with a key are the window manager's (Alt+Tab,
	 * Super+D): never the kiosk's Tab or Escape. */
	if (mod & (KMOD_ALT | KMOD_GUI))
		return;
	const struct screen *s = current(a);
	bool typing = s->field != TYPED_NONE && !a->countdown;
	/* A tactile keypad, as on kiosks for blind visitors: 8, 2, 4 and 6 move
	 * like the arrows, 5 activates. Where something is typed its digits
	 * are text (with Num Lock); elsewhere the text they also send is not. */
	static const struct { SDL_Keycode pad, as; } keypad[] = {
		{SDLK_KP_8, SDLK_UP}, {SDLK_KP_2, SDLK_DOWN}, {SDLK_KP_4, SDLK_LEFT}, {SDLK_KP_6, SDLK_RIGHT},
		{SDLK_KP_5, SDLK_RETURN},
	};
	a->swallow_digit = false;
	for (size_t i = 0; i < sizeof keypad / sizeof *keypad && !typing; i++)
		if (key == keypad[i].pad) {
			key = keypad[i].as;
			a->swallow_digit = true;
		}
	switch (key) {
	case SDLK_TAB: case SDLK_DOWN: case SDLK_RIGHT: case SDLK_UP: case SDLK_LEFT:
	case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
		a->keys_used = true;
		break;
	default:
		break;
	}
	if (typing) {
		/* Letters arrive as text (app_text); these keys edit it. */
		if (key == SDLK_BACKSPACE && a->field[s->field][0]) {
			app_type_key(a, "backspace");
			return;
		}
		if (key == SDLK_DELETE) {
			app_type_key(a, "clear");
			return;
		}
		if (key == SDLK_SPACE)
			return;
		if ((key == SDLK_RETURN || key == SDLK_KP_ENTER) && (!a->focus[0] || focus_on_field(a))) {
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
	bool swallow = a->swallow_digit && utf8[0] >= '0' && utf8[0] <= '9' && !utf8[1];
	a->swallow_digit = false;
	if (swallow)
		return;   /* the keypad's 8 moved the focus; its "8" is no search */
	touched(a, t);
	a->dirty = true;
	if (current(a)->field == TYPED_NONE)
		app_open(a, a->screens->search, NULL, false);   /* typing elsewhere starts a new search */
	/* One character at a time, as the on-screen keys type. */
	for (size_t i = 0, len = strlen(utf8); i < len;) {
		size_t next = utf8_skip(utf8, i, len);
		char ch[8];
		snprintf(ch, sizeof ch, "%.*s", (int)(next - i), utf8 + i);
		app_type_key(a, strcmp(ch, " ") == 0 ? "space" : ch);
		i = next;
	}
}

/* ---- scrolling areas ---------------------------------------------------------- */

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
	/* A sign that there is more: the scroll bar in the right margin. */
	const struct theme *th = &a->theme;
	layout_scrollbar(ui, th->w - (th->px.pad + th->px.thumb) / 2, a->viewport, a->content_h, here(a)->scroll);
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
