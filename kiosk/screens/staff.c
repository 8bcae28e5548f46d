/* staff — staff mode: the PIN screen and the maintenance screen.
 *
 * Neither opens by a target: the PIN screen opens after a long press in the
 * bottom-left corner (app.c), the maintenance screen only after the right
 * PIN. The PIN is typed into the session's PIN field, compared with the
 * configured Argon2id hash and wiped at once; after STAFF_FREE_TRIES wrong
 * PINs staff wait, twice as long with every further miss. The misses
 * outlive the idle reset and, through the staff hooks, a restart (kept in
 * the data folder): waiting must not be skippable. Maintenance shows what the kiosk reports (staff hooks)
 * and offers rollback, a stick check, the statistics export and leaving. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "keyboard.h"

#define STAFF_FREE_TRIES 3      /* wrong PINs before the waiting starts */
#define STAFF_LOCK_MS 30000     /* then 30 s, doubling with every further miss */
#define STAFF_LOCK_MAX_MS (15 * 60 * 1000)
#define MAX_MESSAGE 512

struct pin_keep {
	int misses;
	uint64_t locked_until;
};

struct staff_state {
	char msg[MAX_MESSAGE];  /* what the last action did */
};

/* ---- the PIN ---------------------------------------------------------------- */

static bool locked(struct app *a)
{
	const struct pin_keep *k = app_keep(a, &screen_staff_pin);
	return app_now(a) < k->locked_until;
}

/* Keeps the misses and the waiting over restarts, where the kiosk can. */
static void save_wait(struct app *a, const struct pin_keep *k)
{
	const struct app_staff_hooks *h = app_staff(a);
	if (h->save_pin_wait)
		h->save_pin_wait(h->ctx, k->misses, k->locked_until > app_now(a) ? k->locked_until - app_now(a) : 0);
}

static enum screen_status pin_enter(struct app *a, void *state, const char *arg)
{
	(void)state;
	(void)arg;
	struct pin_keep *k = app_keep(a, &screen_staff_pin);
	const struct app_staff_hooks *h = app_staff(a);
	if (h->load_pin_wait) {
		uint64_t wait_ms;
		h->load_pin_wait(h->ctx, &k->misses, &wait_ms);
		k->locked_until = wait_ms ? app_now(a) + wait_ms : 0;
	}
	return SCREEN_SHOWN;
}

static void login(struct app *a, struct staff_state *s)
{
	struct pin_keep *k = app_keep(a, &screen_staff_pin);
	if (locked(a))
		return;
	size_t cap;
	char *pin = app_field(a, TYPED_PIN, &cap);
	const char *hash = app_settings(a)->pin_hash;
	bool right = hash[0] && pin[0] && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
	sodium_memzero(pin, cap);
	if (right) {
		k->misses = 0;
		save_wait(a, k);
		app_open(a, &screen_staff, NULL, true);   /* the PIN screen is no place to go back to */
		return;
	}
	k->misses++;
	snprintf(s->msg, sizeof s->msg, "%s", app_tr(a, "staff_wrong"));
	if (k->misses >= STAFF_FREE_TRIES) {
		int doublings = k->misses - STAFF_FREE_TRIES < 5 ? k->misses - STAFF_FREE_TRIES : 5;
		uint64_t wait = (uint64_t)STAFF_LOCK_MS << doublings;
		k->locked_until = app_now(a) + (wait < STAFF_LOCK_MAX_MS ? wait : STAFF_LOCK_MAX_MS);
	}
	save_wait(a, k);
}

static bool pin_act(struct app *a, void *state, const char *target)
{
	if (strcmp(target, "staff:login") != 0)
		return false;
	login(a, state);
	return true;
}

static void pin_submit(struct app *a, void *state)
{
	login(a, state);
}

/* While staff wait, the seconds count down. */
static int pin_wakeup(struct app *a, void *state, uint64_t now)
{
	(void)state;
	const struct pin_keep *k = app_keep(a, &screen_staff_pin);
	if (now >= k->locked_until)
		return -1;
	int ms = (int)((k->locked_until - now) % 1000);
	return ms ? ms : 1000;
}

static void pin_build(struct app *a, void *state, struct ui *ui)
{
	struct staff_state *s = state;
	const struct pin_keep *k = app_keep(a, &screen_staff_pin);
	struct keyboard_labels labels;
	screen_keyboard_labels(a, &labels);
	struct typing_areas t = layout_typing(ui->th, keyboard_height(ui->th, &keyboard_digits), true);
	const char *pin = app_field(a, TYPED_PIN, NULL);
	char dots[64] = "";
	for (size_t i = 0; pin[i] && i < 12; i++)
		strcat(dots, "•");   /* the PIN itself is never shown */
	keyboard_field(ui, t.field, dots, app_tr(a, "staff_pin_hint"), "staff:pin");
	bool waiting = locked(a);
	const char *label = app_tr(a, "staff_login");
	SDL_Rect b = t.button;
	int bw = text_width(ui->text, STYLE_BUTTON, label) + 4 * ui->th->padding[STYLE_BUTTON];
	if (bw < b.w)
		b.w = bw;
	struct view *v = view_push(ui->l, ROLE_BUTTON, STYLE_BUTTON, b, label, "staff:login");
	if (v && (waiting || !pin[0]))
		v->flags |= VIEW_DISABLED;
	keyboard_build(ui, t.keys, &keyboard_digits, &labels);
	struct flow f = app_list_begin(a, ui, t.list);
	char msg[MAX_MESSAGE] = "";
	if (waiting) {
		char secs[16];
		snprintf(secs, sizeof secs, "%d", (int)((k->locked_until - app_now(a) + 999) / 1000));
		uistrings_fill(msg, sizeof msg, app_tr(a, "staff_locked"), secs);
	}
	flow_text(&f, ROLE_TEXT, STYLE_BODY, app_tr(a, "staff_pin_prompt"));
	flow_text(&f, ROLE_HEADING, STYLE_SUBHEADING, waiting ? msg : s->msg);
	app_list_end(a, ui, &f);
}

static const char *title(struct app *a, void *state)
{
	(void)state;
	return app_tr(a, "staff_title");
}

const struct screen screen_staff_pin = {
	.state_size = sizeof(struct staff_state),
	.keep_size = sizeof(struct pin_keep),
	.field = TYPED_PIN,
	.fresh_field = true,
	.enter = pin_enter,
	.build = pin_build,
	.act = pin_act,
	.submit = pin_submit,
	.title = title,
	.wakeup = pin_wakeup,
};

/* ---- maintenance ------------------------------------------------------------ */

static bool staff_act(struct app *a, void *state, const char *target)
{
	const struct app_staff_hooks *h = app_staff(a);
	char msg[MAX_MESSAGE];
	if (strcmp(target, "staff:leave") == 0) {
		app_navigate(a, "home");
		return true;
	} else if (strcmp(target, "staff:rollback") == 0 && h->rollback) {
		char why[MAX_MESSAGE];
		bool ok = h->rollback(h->ctx, why, sizeof why);
		snprintf(msg, sizeof msg, "%s", ok ? app_tr(a, "staff_rolled_back") : why);
		/* A rollback starts the session again on the content it brings
		 * back (app_set_store), which closed this screen: staff stay. */
		state = app_state(a, &screen_staff);
		if (!state)
			state = app_open(a, &screen_staff, NULL, false);
	} else if (strcmp(target, "staff:export") == 0 && h->export_stats) {
		char where[400];
		bool ok = h->export_stats(h->ctx, where, sizeof where);
		if (!ok && !where[0])
			snprintf(msg, sizeof msg, "%s", app_tr(a, "staff_no_stick"));
		else
			uistrings_fill(msg, sizeof msg, app_tr(a, ok ? "staff_exported" : "staff_export_failed"), where);
	} else if (strcmp(target, "staff:quit") == 0) {
		app_quit(a);   /* in kiosk mode the only way; a service starts it again */
		return true;
	} else if (strcmp(target, "staff:stick") == 0 && h->check_stick) {
		h->check_stick(h->ctx);
		snprintf(msg, sizeof msg, "%s", app_tr(a, "staff_checking"));
	} else {
		return false;
	}
	if (state)
		snprintf(((struct staff_state *)state)->msg, MAX_MESSAGE, "%s", msg);
	return true;
}

static void staff_build(struct app *a, void *state, struct ui *ui)
{
	struct staff_state *s = state;
	const struct app_staff_hooks *h = app_staff(a);
	int gap = ui->th->px.gap;
	char info[2048] = "";
	struct flow f = app_page_begin(a, ui, false, 0);
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, app_tr(a, "staff_title"));
	if (h->info)
		h->info(h->ctx, app_lang(a), info, sizeof info);
	flow_text(&f, ROLE_TEXT, STYLE_BODY, info);
	if (s->msg[0]) {
		flow_space(&f, gap);
		flow_text(&f, ROLE_HEADING, STYLE_SUBHEADING, s->msg);
	}
	flow_space(&f, gap);
	flow_button(&f, app_tr(a, "staff_rollback"), "staff:rollback", STYLE_BUTTON_QUIET);
	flow_button(&f, app_tr(a, "staff_stick"), "staff:stick", STYLE_BUTTON_QUIET);
	if (h->export_stats)
		flow_button(&f, app_tr(a, "staff_export"), "staff:export", STYLE_BUTTON_QUIET);
	flow_button(&f, app_tr(a, "staff_quit"), "staff:quit", STYLE_BUTTON_QUIET);
	flow_button(&f, app_tr(a, "staff_leave"), "staff:leave", STYLE_BUTTON);
	app_page_end(a, ui, &f);
}

const struct screen screen_staff = {
	.state_size = sizeof(struct staff_state),
	.build = staff_build,
	.act = staff_act,
	.title = title,
};
