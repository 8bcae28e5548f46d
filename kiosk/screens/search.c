/* search — the search screen: a field, a keyboard, results as you type.
 *
 * What the visitor types is the session's (the query field), never kept
 * here: each key runs the search again (kiosk/search.c, the same code as
 * the staff tool's) and lists the results, each with what it is, where it
 * is and, in words of the visitor's language, why it was found. When
 * nothing is found, the screen says so and offers the ways that always
 * work: the A-Z index and the kiosk's nearest contact point (or "near
 * me"). Opening the search costs a fifth of a second on a large content
 * file, so it is opened in a thread of its own once the first frame with
 * the content is up (after the session's first reset, at the start and
 * after every content change: not before, where it slowed the kiosk's
 * first frame), through the store's connection (SQLite serialises the two
 * threads' calls), and kept until the content changes: a visitor's first
 * key finds it open, or waits only for what is left of the opening. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "keyboard.h"
#include "search.h"

#define MAX_RESULTS 60          /* enough to scroll, few enough to read */
/* A result's line: its kind (a word), its place and why it was found, with
 * room for the separators and the words around an alias. */
#define PLACE_BYTES (TEXT_BYTES(LIMIT_TOWN) + 48)
#define VIA_BYTES (TEXT_BYTES(LIMIT_NAME) + 64)
#define RESULT_LINE_BYTES (PLACE_BYTES + VIA_BYTES + 96)

struct search_keep {
	struct search *search;
	bool broken;            /* it would not open: no search until new content */
	/* While the search opens in the background: the thread, and what it
	 * leaves for the UI thread to take once it has joined it. */
	SDL_Thread *opening;
	sqlite3 *db;
	struct search *opened;
	char err[256];
};

static int open_in_background(void *keep)
{
	struct search_keep *k = keep;
	k->opened = search_open(k->db, k->err, sizeof k->err);
	return 0;
}

/* Starts opening the search of the content in service; when no thread can
 * be started, the first search opens it (run()). */
static void start_opening(struct app *a, struct search_keep *k)
{
	k->db = store_db(app_store(a));
	k->opened = NULL;
	k->opening = SDL_CreateThread(open_in_background, "search-open", k);
}

/* Takes the search the thread opened, waiting for it if it has not done. */
static void finish_opening(struct search_keep *k)
{
	if (!k->opening)
		return;
	SDL_WaitThread(k->opening, NULL);
	k->opening = NULL;
	k->search = k->opened;
	k->opened = NULL;
	if (!k->search) {
		fprintf(stderr, "wegweiser: %s\n", k->err);   /* never a query */
		k->broken = true;
	}
}

struct search_state {
	struct search_result results[MAX_RESULTS];
	int nresults;
	struct store_near nearest;      /* the kiosk's nearest contact point */
	bool have_nearest;
};

static void forget(struct app *a, void *keep, enum screen_forget what)
{
	(void)a;
	struct search_keep *k = keep;
	if (what == FORGET_SESSION) {
		search_forget(k->search);   /* the last query's words */
		return;
	}
	finish_opening(k);   /* the thread reads the content that is going */
	search_close(k->search);
	k->search = NULL;
	k->broken = false;
}

/* Once the screen after a reset is up: opened before it, the search took
 * the CPU and the store's connection from the kiosk's first frame. */
static void after_frame(struct app *a, void *keep)
{
	struct search_keep *k = keep;
	if (!k->search && !k->opening && !k->broken)
		start_opening(a, k);
}

/* The results for what is typed. */
static void run(struct app *a, struct search_state *s)
{
	struct search_keep *k = app_keep(a, &screen_search);
	const char *query = app_field(a, TYPED_QUERY, NULL);
	s->nresults = 0;
	if (!query[0])
		return;
	finish_opening(k);
	if (k->broken)
		return;
	if (!k->search) {
		char err[256];
		k->search = search_open(store_db(app_store(a)), err, sizeof err);
		if (!k->search) {
			fprintf(stderr, "wegweiser: %s\n", err);   /* never the query */
			k->broken = true;
			return;
		}
	}
	int n = search_run(k->search, query, app_lang(a), s->results, MAX_RESULTS);
	s->nresults = n > 0 ? n : 0;
}

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	(void)arg;
	struct search_state *s = state;
	run(a, s);
	const struct store_place *home = app_home_place(a);
	s->have_nearest = home && store_contacts_near(app_store(a), home->lat, home->lon, &s->nearest, 1) > 0;
	return SCREEN_SHOWN;
}

static void typed(struct app *a, void *state, bool began)
{
	if (began)
		app_count(a, "search", "");   /* that a search began; never what was typed */
	run(a, state);
}

/* Enter opens the first result. */
static void submit(struct app *a, void *state)
{
	struct search_state *s = state;
	if (s->nresults) {
		char target[sizeof s->results[0].target];
		snprintf(target, sizeof target, "%s", s->results[0].target);
		app_navigate(a, target);
	}
}

/* A result's line under its name: what it is, where it is (alike names
 * are told apart by the place), and why it was found when its name does
 * not say so: "Thema · gefunden über „Zucker“", "Thema · gefunden in der
 * Beschreibung", "Selbsthilfegruppe · 00124 Beispielhausen". A word of
 * another language that found it is never shown: it would read as a slip
 * in the visitor's language, and the visitor knows what they typed. */
static void result_line(struct app *a, const struct search_result *r, char *line, size_t cap)
{
	static const char *const kind_key[] = {"kind_topic", "kind_contact", "kind_group", "kind_page"};
	char place[PLACE_BYTES] = "", via[VIA_BYTES] = "";
	screen_place_line(a, r->postcode, r->town, -1, place, sizeof place);
	if (*r->via && r->field == FIELD_ALIAS)
		uistrings_fill(via, sizeof via, app_tr(a, "search_via"), r->via);
	else if (r->field == FIELD_SUMMARY)
		snprintf(via, sizeof via, "%s", app_tr(a, "search_in_summary"));
	snprintf(line, cap, "%s%s%s%s%s", app_tr(a, kind_key[r->kind]), *place ? " · " : "", place,
		 *via ? " · " : "", via);
}

static void put_results(struct app *a, struct search_state *s, struct flow *f)
{
	const char *query = app_field(a, TYPED_QUERY, NULL);
	if (!query[0]) {
		flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "search_start"));
		return;
	}
	if (!s->nresults) {
		/* Nothing: say so kindly, and offer the ways that always work. */
		char msg[256 + 128];
		uistrings_fill(msg, sizeof msg, app_tr(a, "search_none"), query);
		flow_text(f, ROLE_HEADING, STYLE_SUBHEADING, msg);
		sodium_memzero(msg, sizeof msg);   /* it holds what was typed */
		flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "search_none_hint"));
		flow_space(f, f->ui->th->px.gap);
		flow_button(f, app_tr(a, "all_topics"), "index", STYLE_BUTTON);
		/* The contact point: the kiosk's nearest when it knows its place;
		 * else the "near me" button beside the field leads to one. */
		if (s->have_nearest) {
			char target[32];
			snprintf(target, sizeof target, "contact:%lld", s->nearest.id);
			flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "search_local_contact"));
			flow_link(f, s->nearest.name, target);
		}
		return;
	}
	for (int i = 0; i < s->nresults; i++) {
		char line[RESULT_LINE_BYTES];
		result_line(a, &s->results[i], line, sizeof line);
		const char *lines[1] = {line};
		flow_card(f, s->results[i].title, lines, 1, s->results[i].target);
	}
}

static void build(struct app *a, void *state, struct ui *ui)
{
	const struct keyboard_layout *k = keyboard_letters(app_lang(a));
	struct keyboard_labels labels;
	screen_keyboard_labels(a, &labels);
	struct typing_areas t = layout_typing(ui->th, keyboard_height(ui->th, k), true);
	keyboard_field(ui, t.field, app_field(a, TYPED_QUERY, NULL), app_tr(a, "search_hint"), "search");
	const char *near = app_tr(a, "near_button");
	int bw = text_width(ui->text, STYLE_BUTTON, near) + 4 * ui->th->padding[STYLE_BUTTON];
	SDL_Rect r = t.button;
	if (bw < r.w)
		r.w = bw;
	view_push(ui->l, ROLE_BUTTON, STYLE_BUTTON_QUIET, r, near, "near");
	keyboard_build(ui, t.keys, k, &labels);
	struct flow f = app_list_begin(a, ui, t.list);
	put_results(a, state, &f);
	app_list_end(a, ui, &f);
}

static const char *title(struct app *a, void *state)
{
	(void)state;
	return app_tr(a, "search_title");
}

const struct screen screen_search = {
	.name = "search",
	.state_size = sizeof(struct search_state),
	.keep_size = sizeof(struct search_keep),
	.field = TYPED_QUERY,
	.fresh_field = true,
	.enter = enter,
	.build = build,
	.typed = typed,
	.submit = submit,
	.title = title,
	.forget = forget,
	.after_frame = after_frame,
};
