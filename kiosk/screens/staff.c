/* staff — staff mode: the PIN screen and the maintenance screen.
 *
 * Neither opens by a target: the PIN screen opens after a long press in the
 * bottom-right corner (input.c), the maintenance screen only after the right
 * PIN. The PIN is typed into the session's PIN field, compared with the
 * configured Argon2id hash and wiped at once; after STAFF_FREE_TRIES wrong
 * PINs staff wait, twice as long with every further miss. The misses
 * outlive the idle reset and, through the staff hooks, a restart (kept in
 * the data folder): waiting must not be skippable. Maintenance shows what the kiosk reports (staff hooks)
 * and offers rollback, a stick check, the statistics export and leaving. */
#include "screens.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "keyboard.h"
#include "utf8.h"

#define STAFF_FREE_TRIES 3      /* wrong PINs before the waiting starts */
#define STAFF_LOCK_MS 30000     /* then 30 s, doubling with every further miss */
#define STAFF_LOCK_MAX_MS (15 * 60 * 1000)
#define MAX_MESSAGE 512

struct pin_keep {
	int misses;
	uint64_t locked_until;
};

struct pin_state {
	char msg[MAX_MESSAGE];  /* what the last try did */
	int shown_secs;         /* the waiting last drawn */
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

static void login(struct app *a, struct pin_state *s)
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

/* While staff wait, the seconds count down, and the wait's end shows. */
static int pin_tick(struct app *a, void *state, uint64_t now, bool *redraw)
{
	struct pin_state *s = state;
	const struct pin_keep *k = app_keep(a, &screen_staff_pin);
	int secs = now < k->locked_until ? (int)((k->locked_until - now + 999) / 1000) : 0;
	if (secs != s->shown_secs) {
		s->shown_secs = secs;
		*redraw = true;
	}
	if (!secs)
		return -1;
	int ms = (int)((k->locked_until - now) % 1000);
	return ms ? ms : 1000;
}

static void pin_build(struct app *a, void *state, struct ui *ui)
{
	struct pin_state *s = state;
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
	.state_size = sizeof(struct pin_state),
	.keep_size = sizeof(struct pin_keep),
	.field = TYPED_PIN,
	.fresh_field = true,
	.enter = pin_enter,
	.build = pin_build,
	.act = pin_act,
	.submit = pin_submit,
	.title = title,
	.tick = pin_tick,
};

/* ---- maintenance ------------------------------------------------------------ */

struct staff_state {
	char msg[MAX_MESSAGE];  /* what the last action did */
	int stick_token;        /* a stick check under way (0: none) */
};

static bool german(struct app *a)
{
	return strcmp(app_lang(a), "de") == 0;
}

/* "24.11.2026" or "2026-11-24" from "2026-11-24". */
static void format_date(struct app *a, const char *iso, char *out, size_t cap)
{
	int y, m, d;
	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
		snprintf(out, cap, "%s", iso);
	else if (german(a))
		snprintf(out, cap, "%02d.%02d.%04d", d, m, y);
	else
		snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

/* A moment in local time: "30.11.2026, 17:40 Uhr". */
static void format_when(struct app *a, long long when, char *out, size_t cap)
{
	time_t t = (time_t)when;
	struct tm tm;
	char iso[16], date[16], clock[8];
	localtime_r(&t, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%d", &tm);
	strftime(clock, sizeof clock, "%H:%M", &tm);
	format_date(a, iso, date, sizeof date);
	const char *v[2] = {date, clock};
	uistrings_fill_n(out, cap, app_tr(a, "date_time"), v, 2);
}

/* "3 Tagen und 4 Stunden": the two largest units. */
static void format_uptime(struct app *a, uint64_t s, char *out, size_t cap)
{
	static const char *const unit[3][2] = {{"unit_day_1", "unit_day_n"}, {"unit_hour_1", "unit_hour_n"},
						 {"unit_minute_1", "unit_minute_n"}};
	long long n[3] = {(long long)(s / 86400), (long long)(s / 3600 % 24), (long long)(s / 60 % 60)};
	char part[2][64];
	int parts = 0;
	for (int i = 0; i < 3 && parts < 2; i++) {
		if (!n[i] && !parts)
			continue;
		if (n[i]) {
			char num[24];
			snprintf(num, sizeof num, "%lld", n[i]);
			uistrings_fill(part[parts++], sizeof part[0], app_tr(a, unit[i][n[i] != 1]), num);
		} else {
			break;   /* "3 Tagen", not "3 Tagen und 0 Stunden" */
		}
	}
	if (!parts)
		snprintf(out, cap, "%s", app_tr(a, "unit_under_minute"));
	else if (parts == 1)
		snprintf(out, cap, "%s", part[0]);
	else {
		const char *v[2] = {part[0], part[1]};
		uistrings_fill_n(out, cap, app_tr(a, "unit_and"), v, 2);
	}
}

/* "79,3 GB" or "512 MB". */
static void format_bytes(struct app *a, unsigned long long bytes, char *out, size_t cap)
{
	if (bytes >= 1000000000ULL)
		snprintf(out, cap, "%.1f GB", bytes / 1e9);
	else
		snprintf(out, cap, "%llu MB", bytes / 1000000ULL);
	char *dot = strchr(out, '.');
	if (dot && german(a))
		*dot = ',';
}

/* One outcome of the update log as a sentence. */
static void format_update(struct app *a, const struct update_entry *e, char *out, size_t cap)
{
	char when[64], version[24], why[64];
	format_when(a, e->when, when, sizeof when);
	snprintf(version, sizeof version, "%lld", e->version);
	snprintf(why, sizeof why, "update_why_%s", e->why[0] ? e->why : "other");
	const char *v[2] = {when, version};
	if (strcmp(e->what, "applied") == 0)
		uistrings_fill_n(out, cap, app_tr(a, "staff_log_applied"), v, 2);
	else if (strcmp(e->what, "refused") == 0) {
		v[1] = app_tr(a, why);
		uistrings_fill_n(out, cap, app_tr(a, "staff_log_refused"), v, 2);
	} else if (strcmp(e->what, "rolled back") == 0)
		uistrings_fill_n(out, cap, app_tr(a, "staff_log_rolled_back"), v, 2);
	else if (strcmp(e->what, "interrupted") == 0)
		uistrings_fill_n(out, cap, app_tr(a, "staff_log_interrupted"), v, 2);
	else if (strcmp(e->what, "fell back") == 0 || strcmp(e->what, "no content") == 0)
		uistrings_fill_n(out, cap, app_tr(a, "staff_log_fell_back"), v, 2);
	else if (strcmp(e->what, "cancelled") == 0 || strcmp(e->what, "abandoned") == 0)
		uistrings_fill_n(out, cap, app_tr(a, "staff_log_cancelled"), v, 1);
	else {
		v[1] = e->what;
		uistrings_fill_n(out, cap, app_tr(a, "staff_log_other"), v, 2);
	}
}

static bool staff_act(struct app *a, void *state, const char *target)
{
	const struct app_staff_hooks *h = app_staff(a);
	struct staff_state *s = state;
	char msg[MAX_MESSAGE];
	if (strcmp(target, "staff:leave") == 0) {
		app_navigate(a, "home");
		return true;
	} else if (strcmp(target, "staff:rollback") == 0 && h->rollback) {
		char why[MAX_MESSAGE], safe[MAX_MESSAGE];
		bool ok = h->rollback(h->ctx, why, sizeof why);
		utf8_escape(why, safe, sizeof safe);
		if (ok) {
			struct staff_status st;
			char version[24];
			h->status(h->ctx, &st);
			snprintf(version, sizeof version, "%lld", st.version);
			uistrings_fill(msg, sizeof msg, app_tr(a, "staff_rolled_back"), version);
		} else
			uistrings_fill(msg, sizeof msg, app_tr(a, "staff_rollback_failed"), safe);
		/* A rollback starts the session again on the content it brings
		 * back (app_set_store), which closed this screen: staff stay. */
		s = app_state(a, &screen_staff);
		if (!s)
			s = app_open(a, &screen_staff, NULL, false);
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
		s->stick_token = h->check_stick(h->ctx);
		snprintf(msg, sizeof msg, "%s", app_tr(a, "staff_checking"));
	} else {
		return false;
	}
	if (s)
		snprintf(s->msg, MAX_MESSAGE, "%s", msg);
	return true;
}

/* While a stick is being checked: its answer, as soon as the look is done. */
static int staff_tick(struct app *a, void *state, uint64_t now, bool *redraw)
{
	(void)now;
	struct staff_state *s = state;
	const struct app_staff_hooks *h = app_staff(a);
	bool found;
	if (!s->stick_token || !h->stick_result)
		return -1;
	if (!h->stick_result(h->ctx, s->stick_token, &found))
		return 100;
	s->stick_token = 0;
	snprintf(s->msg, sizeof s->msg, "%s", app_tr(a, found ? "staff_stick_found" : "staff_stick_none"));
	*redraw = true;
	return -1;
}

static void staff_build(struct app *a, void *state, struct ui *ui)
{
	struct staff_state *s = state;
	const struct app_staff_hooks *h = app_staff(a);
	struct staff_status st = {0};
	if (h->status)
		h->status(h->ctx, &st);
	int gap = ui->th->px.gap;
	char line[MAX_MESSAGE], date[32], number[24], value[64];
	/* What the kiosk runs on the left, what staff can do beside it (in
	 * portrait below it), so that every button is in sight. */
	struct flow p = app_page_begin(a, ui, true, 0), b;
	struct flow f = flow_split_beside(&p, &b);
	bool beside = b.x != f.x;
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, app_tr(a, "staff_title"));
	snprintf(number, sizeof number, "%lld", st.version);
	format_date(a, st.published, date, sizeof date);
	const char *content[3] = {number, date, st.publisher};
	uistrings_fill_n(line, sizeof line, app_tr(a, "staff_content_line"), content, 3);
	flow_text(&f, ROLE_TEXT, STYLE_BODY, line);
	uistrings_fill(line, sizeof line, app_tr(a, "staff_program_line"), st.program ? st.program : "");
	flow_text(&f, ROLE_TEXT, STYLE_BODY, line);
	format_uptime(a, st.uptime_s, value, sizeof value);
	uistrings_fill(line, sizeof line, app_tr(a, "staff_uptime_line"), value);
	flow_text(&f, ROLE_TEXT, STYLE_BODY, line);
	if (st.disk_known) {
		format_bytes(a, st.disk_free, value, sizeof value);
		uistrings_fill(line, sizeof line, app_tr(a, "staff_disk_line"), value);
		flow_text(&f, ROLE_TEXT, STYLE_BODY, line);
	}
	if (!st.data_dir)
		flow_text(&f, ROLE_TEXT, STYLE_BODY, app_tr(a, "staff_no_data_dir"));
	else if (!st.updates)
		flow_text(&f, ROLE_TEXT, STYLE_BODY, app_tr(a, "staff_no_updates"));
	if (st.data_dir) {
		flow_heading(&f, app_tr(a, "staff_updates"));
		if (!st.nupdates)
			flow_text(&f, ROLE_TEXT, STYLE_BODY, app_tr(a, "staff_updates_none"));
		for (int i = 0; i < st.nupdates; i++) {
			format_update(a, &st.update[i], line, sizeof line);
			flow_text(&f, ROLE_TEXT, STYLE_BODY, line);
		}
	}
	if (!beside)
		b = f;
	if (s->msg[0]) {
		flow_space(&b, beside ? 0 : gap);
		flow_text(&b, ROLE_HEADING, STYLE_SUBHEADING, s->msg);
	}
	flow_space(&b, gap);
	if (st.data_dir) {
		/* Where the button goes: back to an older version, or forth again
		 * to the newer one a rollback replaced. */
		if (st.previous_version) {
			snprintf(number, sizeof number, "%lld", st.previous_version);
			format_date(a, st.previous_published, date, sizeof date);
			const char *to[2] = {number, date};
			uistrings_fill_n(line, sizeof line, app_tr(a, st.previous_version < st.version ? "staff_rollback_to"
								 : "staff_forward_to"), to, 2);
			flow_button(&b, line, "staff:rollback", STYLE_BUTTON_QUIET);
		} else {
			flow_text(&b, ROLE_TEXT, STYLE_BODY, app_tr(a, "staff_no_previous"));
		}
	}
	if (h->check_stick) {
		struct view *v = flow_button(&b, app_tr(a, s->stick_token ? "staff_checking" : "staff_stick"),
					     "staff:stick", STYLE_BUTTON_QUIET);
		if (v && s->stick_token)
			v->flags |= VIEW_DISABLED;   /* one look at a time */
	}
	if (h->export_stats)
		flow_button(&b, app_tr(a, "staff_export"), "staff:export", STYLE_BUTTON_QUIET);
	flow_button(&b, app_tr(a, "staff_quit"), "staff:quit", STYLE_BUTTON_QUIET);
	flow_button(&b, app_tr(a, "staff_leave"), "staff:leave", STYLE_BUTTON);
	p.y = beside && f.y > b.y ? f.y : b.y;
	app_page_end(a, ui, &p);
}

const struct screen screen_staff = {
	.state_size = sizeof(struct staff_state),
	.build = staff_build,
	.act = staff_act,
	.title = title,
	.tick = staff_tick,
};
