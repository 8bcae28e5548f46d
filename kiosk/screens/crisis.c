/* crisis — help now: the crisis lines, each with a code to call it.
 *
 * Opened from the button at the foot of every screen and from the box on
 * sensitive topics. The content's crisis lines (services.csv), in their
 * order: name, the number in large print, when it answers and for whom,
 * and a QR code a phone dials. In landscape two columns, so that all are
 * in sight. Nothing here needs typing or choosing first. */
#include "screens.h"

#include <stdio.h>
#include <string.h>

#define MAX_LINES 16            /* crisis lines shown; content holds few */

struct crisis_state {
	struct store_service lines[MAX_LINES];
	char tel[MAX_LINES][40];
	int n;
};

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	(void)arg;
	struct crisis_state *s = state;
	s->n = store_services(app_store(a), true, app_lang(a), s->lines, MAX_LINES);
	if (s->n < 0)
		return SCREEN_FAILED;
	for (int i = 0; i < s->n; i++) {
		char tel[sizeof s->tel[i]];
		snprintf(tel, sizeof tel, "%s%s", *s->lines[i].phone ? "tel:" : "", s->lines[i].phone);
		memcpy(s->tel[i], tel, sizeof tel);
	}
	return SCREEN_SHOWN;
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct crisis_state *s = state;
	struct flow p = app_page_begin(a, ui, true, 0);
	flow_text(&p, ROLE_HEADING, STYLE_HEADING, app_tr(a, "crisis_title"));
	flow_text(&p, ROLE_TEXT, STYLE_BODY, app_tr(a, "crisis_intro"));
	flow_text(&p, ROLE_TEXT, STYLE_BODY, app_tr(a, "crisis_how"));
	flow_space(&p, ui->th->px.gap / 2);
	/* Every code the same size: the least that every number allows. */
	int side = 0;
	for (int i = 0; i < s->n; i++) {
		int least = *s->tel[i] ? flow_qr_least(&p, s->tel[i]) : 0;
		side = least > side ? least : side;
	}
	struct flow right, left = flow_split_beside(&p, &right);
	bool two = right.x != left.x;
	if (two) {      /* halves, not the details-and-codes split */
		left.w = right.w = (p.w - ui->th->px.gap * 2) / 2;
		right.x = p.x + p.w - right.w;
	}
	int half = (s->n + 1) / 2;
	for (int i = 0; i < s->n; i++) {
		const struct store_service *c = &s->lines[i];
		struct flow *f = two && i >= half ? &right : &left;
		char caption[TEXT_BYTES(LIMIT_NAME) + 64];
		uistrings_fill(caption, sizeof caption, app_tr(a, "crisis_call"), c->phone_shown);
		const char *lines[2] = {c->hours, c->description};
		flow_call_row(f, side, s->tel[i], caption, c->name, c->phone_shown, lines, 2);
	}
	if (!s->n)
		flow_text(&left, ROLE_TEXT, STYLE_BODY, app_tr(a, "crisis_none"));
	p.y = left.y > right.y ? left.y : right.y;
	app_page_end(a, ui, &p);
}

static const char *title(struct app *a, void *state)
{
	(void)state;
	return app_tr(a, "crisis_title");
}

const struct screen screen_crisis = {
	.name = "crisis",
	.state_size = sizeof(struct crisis_state),
	.enter = enter,
	.build = build,
	.title = title,
};
