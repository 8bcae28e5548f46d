/* near — contact points near a postcode.
 *
 * A keypad for the postcode and, beside it (or above it on a portrait
 * screen), the contact points by distance: from the postcode typed, or,
 * before one is, from where the kiosk stands. The postcode is the
 * session's (a typed field) and never leaves it. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#include "keyboard.h"

#define MAX_NEAR 20             /* contact points listed by distance */

struct near_state {
	struct store_place from;        /* where distances are measured from */
	bool have_from;
	bool failed;                    /* the content would not answer */
	struct store_near near[MAX_NEAR];
	int nnear;
};

static void load(struct app *a, struct near_state *s)
{
	const char *postcode = app_field(a, TYPED_POSTCODE, NULL);
	const struct store_place *home = app_home_place(a);
	enum store_status found = STORE_NOT_FOUND;
	if (strlen(postcode) == 5)
		found = store_locate_postcode(app_store(a), postcode, &s->from);
	else if (home) {
		s->from = *home;
		found = STORE_FOUND;
	}
	s->have_from = found == STORE_FOUND;
	s->nnear = s->have_from ? store_contacts_near(app_store(a), s->from.lat, s->from.lon, s->near, MAX_NEAR) : 0;
	s->failed = found == STORE_FAILED || s->nnear < 0;
	if (s->nnear < 0)
		s->nnear = 0;
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

/* "2,3 km" or "2.3 km"; whole kilometres from 10 on. */
static void format_km(const char *lang, double km, char *out, size_t cap)
{
	snprintf(out, cap, km < 10 ? "%.1f km" : "%.0f km", km);
	char *dot = strchr(out, '.');
	if (dot && strcmp(lang, "de") == 0)
		*dot = ',';
}

static void put_list(struct app *a, struct near_state *s, struct flow *f)
{
	const char *postcode = app_field(a, TYPED_POSTCODE, NULL);
	bool typed_one = strlen(postcode) == 5;
	char buf[512], place[TEXT_BYTES(LIMIT_TOWN) + 16];
	if (s->failed) {
		flow_text(f, ROLE_HEADING, STYLE_SUBHEADING, app_tr(a, "page_failed_title"));
		flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "page_failed"));
		return;
	}
	if (!s->have_from) {
		flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, typed_one ? "near_none" : "near_prompt"));
		return;
	}
	snprintf(place, sizeof place, "%s %s", s->from.postcode, s->from.town);
	if (typed_one && !s->from.exact) {
		uistrings_fill(buf, sizeof buf, app_tr(a, "near_unknown"), postcode);
		flow_text(f, ROLE_TEXT, STYLE_BODY, buf);
	}
	uistrings_fill(buf, sizeof buf, app_tr(a, typed_one ? "near_from" : "near_from_here"), place);
	flow_text(f, ROLE_HEADING, STYLE_SUBHEADING, buf);
	for (int i = 0; i < s->nnear; i++) {
		const struct store_near *n = &s->near[i];
		char target[32], km[32], line[TEXT_BYTES(LIMIT_TOWN) + 64];
		snprintf(target, sizeof target, "contact:%lld", n->id);
		if (n->km >= 0)
			format_km(app_lang(a), n->km, km, sizeof km);
		snprintf(line, sizeof line, "%s%s%s %s", n->km >= 0 ? km : "", n->km >= 0 ? " · " : "", n->postcode,
			 n->town);
		const char *lines[1] = {line};
		flow_card(f, n->name, lines, 1, target);
	}
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
