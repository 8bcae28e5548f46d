/* near — the contact point for a postcode, and others near it.
 *
 * A keypad for the postcode and, beside it (or above it on a portrait
 * screen), the answer: first the contact point responsible for that
 * postcode (the content's areas), then others nearby with their distance
 * where the postcode's place is known, then, under a heading that says
 * so, a few farther away. A postcode in no area is told so plainly, with
 * the kiosk's own contact point and the national information service
 * (NAKOS) to call: never a guess that looks like an answer. Before a
 * postcode is typed the same for where the kiosk stands, when it knows.
 * The postcode is the session's (a typed field) and never leaves it. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#include "keyboard.h"

#define MAX_RESPONSIBLE 4       /* contact points responsible for one postcode */
#define MAX_NEAR 24             /* contact points by distance */
#define NEARBY_KM 50.0          /* "near"; beyond it, "farther away" */
#define MAX_FARTHER 3           /* farther ones listed */

struct near_state {
	char postcode[6];               /* asked about: typed, else the kiosk's; "" none */
	bool typed;
	struct store_place from;        /* where it is, when `located` */
	bool located;
	struct store_near responsible[MAX_RESPONSIBLE];
	int nresponsible;
	struct store_near near[MAX_NEAR];       /* by distance, the responsible left out */
	int nnear;
	struct store_near home;         /* outside every area: the kiosk's own */
	bool have_home;
	struct store_service info;      /* and the information service */
	bool have_info;
	char info_tel[40];
	bool failed;                    /* the content would not answer */
};

/* The kiosk's own contact point: the one responsible for where it stands,
 * else the nearest to it. */
static bool home_contact(struct app *a, struct store_near *out, bool *failed)
{
	const char *postcode = app_settings(a)->postcode;
	const struct store_place *home = app_home_place(a);
	int n = *postcode ? store_contacts_for_postcode(app_store(a), postcode, out, 1) : 0;
	if (n == 0 && home)
		n = store_contacts_near(app_store(a), home->lat, home->lon, out, 1);
	*failed |= n < 0;
	return n > 0;
}

/* Distances to the responsible contact points from the list by distance,
 * which then leaves them out. */
static void merge(struct near_state *s)
{
	int kept = 0;
	for (int i = 0; i < s->nnear; i++) {
		bool responsible = false;
		for (int k = 0; k < s->nresponsible; k++)
			if (s->responsible[k].id == s->near[i].id) {
				s->responsible[k].km = s->near[i].km;
				responsible = true;
			}
		if (!responsible)
			s->near[kept++] = s->near[i];
	}
	s->nnear = kept;
}

static void load(struct app *a, struct near_state *s)
{
	const char *typed = app_field(a, TYPED_POSTCODE, NULL);
	struct store *store = app_store(a);
	s->typed = strlen(typed) == 5;
	snprintf(s->postcode, sizeof s->postcode, "%s", s->typed ? typed : app_settings(a)->postcode);
	s->located = s->have_home = s->have_info = s->failed = false;
	s->nresponsible = s->nnear = 0;
	if (!*s->postcode)
		return;
	s->nresponsible = store_contacts_for_postcode(store, s->postcode, s->responsible, MAX_RESPONSIBLE);
	/* Distances only from the postcode itself: one sharing its first
	 * digits may lie kilometres away. */
	enum store_status found = store_locate_postcode(store, s->postcode, &s->from);
	s->located = found == STORE_FOUND && s->from.exact;
	if (s->located)
		s->nnear = store_contacts_near(store, s->from.lat, s->from.lon, s->near, MAX_NEAR);
	s->failed = found == STORE_FAILED || s->nresponsible < 0 || s->nnear < 0;
	if (s->failed)
		return;
	merge(s);
	if (s->nresponsible == 0) {
		s->have_home = home_contact(a, &s->home, &s->failed);
		s->have_info = store_services(store, false, app_lang(a), &s->info, 1) == 1;
		char tel[sizeof s->info_tel];
		snprintf(tel, sizeof tel, "%s%s", *s->info.phone ? "tel:" : "", s->info.phone);
		memcpy(s->info_tel, tel, sizeof tel);
	}
}

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	(void)arg;
	load(a, state);
	return SCREEN_SHOWN;
}

static void typed(struct app *a, void *state, bool began)
{
	(void)began;
	load(a, state);
}

static void put_card(struct app *a, struct flow *f, const struct store_near *n)
{
	char target[32], where[TEXT_BYTES(LIMIT_TOWN) + 48];
	snprintf(target, sizeof target, "contact:%lld", n->id);
	screen_place_line(a, n->postcode, n->town, n->km, where, sizeof where);
	const char *lines[1] = {where};
	flow_card(f, n->name, lines, 1, target);
}

/* Others by distance: those within NEARBY_KM, then a few farther away. */
static void put_others(struct app *a, struct near_state *s, struct flow *f, const char *heading)
{
	int nearby = 0;
	while (nearby < s->nnear && s->near[nearby].km >= 0 && s->near[nearby].km <= NEARBY_KM)
		nearby++;
	if (nearby) {
		flow_heading(f, heading);
		for (int i = 0; i < nearby; i++)
			put_card(a, f, &s->near[i]);
	}
	int farther = s->nnear - nearby < MAX_FARTHER ? s->nnear - nearby : MAX_FARTHER;
	if (farther) {
		flow_heading(f, app_tr(a, "near_farther"));
		for (int i = nearby; i < nearby + farther; i++)
			put_card(a, f, &s->near[i]);
	}
}

/* A postcode in no contact point's area. */
static void put_outside(struct app *a, struct near_state *s, struct flow *f, const char *place)
{
	char buf[512];
	uistrings_fill(buf, sizeof buf, app_tr(a, "near_outside"), place);
	flow_text(f, ROLE_HEADING, STYLE_SUBHEADING, buf);
	flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "near_outside_help"));
	if (s->have_home) {
		flow_heading(f, app_tr(a, "near_home"));
		put_card(a, f, &s->home);
	}
	if (s->have_info) {
		/* Its number and web page, each with a code, the same size. */
		const struct store_service *i = &s->info;
		int side = flow_qr_least(f, s->info_tel), web_side = *i->web ? flow_qr_least(f, i->web) : 0;
		side = web_side > side ? web_side : side;
		const char *web = strncmp(i->web, "https://", 8) == 0 ? i->web + 8 : i->web;
		const char *lines[1] = {i->description};
		flow_space(f, f->ui->th->px.gap);
		flow_call_row(f, side, s->info_tel, app_tr(a, "qr_call"), i->name, i->phone_shown, lines, 1);
		if (*i->web)
			flow_call_row(f, side, i->web, app_tr(a, "qr_web"), app_tr(a, "qr_web"), web, NULL, 0);
	}
	if (s->nnear && s->near[0].km <= NEARBY_KM)
		put_others(a, s, f, app_tr(a, "near_nearby_outside"));
}

static void put_list(struct app *a, struct near_state *s, struct flow *f)
{
	char buf[512], place[TEXT_BYTES(LIMIT_TOWN) + 16];
	if (s->failed) {
		flow_text(f, ROLE_HEADING, STYLE_SUBHEADING, app_tr(a, "page_failed_title"));
		flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "page_failed"));
		return;
	}
	if (!s->typed)
		flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "near_prompt"));
	if (!*s->postcode)
		return;
	snprintf(place, sizeof place, "%s%s%s", s->postcode, s->located ? " " : "", s->located ? s->from.town : "");
	if (s->nresponsible == 0) {
		put_outside(a, s, f, place);
		return;
	}
	uistrings_fill(buf, sizeof buf, app_tr(a, s->typed ? "near_responsible" : "near_responsible_here"), place);
	flow_heading(f, buf);
	for (int i = 0; i < s->nresponsible; i++)
		put_card(a, f, &s->responsible[i]);
	put_others(a, s, f, app_tr(a, "near_nearby"));
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct keyboard_labels labels;
	screen_keyboard_labels(a, &labels);
	struct typing_areas t = layout_typing(ui->th, keyboard_height(ui->th, &keyboard_digits), false);
	keyboard_field(ui, t.field, app_field(a, TYPED_POSTCODE, NULL), app_tr(a, "near_hint"), "near");
	keyboard_build(ui, t.keys, &keyboard_digits, &labels);
	struct flow f = app_list_begin(a, ui, t.list);
	put_list(a, state, &f);
	app_list_end(a, ui, &f);
}

static const char *title(struct app *a, void *state)
{
	(void)state;
	return app_tr(a, "near_title");
}

const struct screen screen_near = {
	.name = "near",
	.state_size = sizeof(struct near_state),
	.field = TYPED_POSTCODE,
	.enter = enter,
	.build = build,
	.typed = typed,
	.title = title,
};
