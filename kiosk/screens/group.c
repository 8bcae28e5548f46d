/* group — one self-help group: when and where it meets, who supports it.
 *
 * The group's meeting times and place, a note, the contact point that
 * supports it and its topics; and its contact details as QR codes: its
 * own, or, when it has none (many groups ask to be called first through
 * their contact point), the supporting contact point's call code, so the
 * page is never a dead end. The codes stand where the contact page has
 * them, at the same size. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_TOPICS 48

struct group_state {
	struct store_group group;
	struct store_link topics[MAX_TOPICS];
	int ntopics;
	struct contact_codes codes;
	bool own_codes;         /* the group has a phone, e-mail or web page of its own */
	bool has_codes;         /* its own, or its contact point's phone */
	char contact_phone[LIMIT_PHONE + 1];    /* the contact point's, as written, when the code is its */
};

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	struct group_state *s = state;
	struct store_group *g = &s->group;
	enum store_status found = store_group(app_store(a), atoll(arg), app_lang(a), g);
	if (found != STORE_FOUND)
		return screen_status(found);
	s->ntopics = store_group_topics(app_store(a), g->id, app_lang(a), s->topics, MAX_TOPICS);
	if (s->ntopics < 0)
		return SCREEN_FAILED;
	s->own_codes = *g->phone || *g->email || *g->web;
	struct store_contact cp;
	if (s->own_codes) {
		contact_codes_make(&s->codes, g->name, "", "", "", g->phone, g->email, g->web);
	} else if (g->contact_id && store_contact(app_store(a), g->contact_id, app_lang(a), &cp) == STORE_FOUND &&
		   cp.phone[0]) {
		contact_codes_make(&s->codes, cp.name, "", "", "", cp.phone, "", "");
		s->codes.vcard[0] = '\0';   /* only the call: the contact point's page has its card */
		s->codes.call_caption = "qr_call_contact";
		snprintf(s->contact_phone, sizeof s->contact_phone, "%s", cp.phone_shown);
	}
	s->has_codes = s->codes.tel[0] || s->codes.mail[0] || s->codes.web[0] || s->codes.vcard[0];
	if (s->has_codes)
		contact_codes_count(a, &s->codes);
	return SCREEN_SHOWN;
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct group_state *s = state;
	const struct store_group *g = &s->group;
	struct flow p = app_page_begin(a, ui, true, 0), codes = p;
	struct flow d = s->has_codes ? flow_split_beside(&p, &codes) : p;
	bool beside = codes.x != d.x;
	flow_text(&d, ROLE_HEADING, STYLE_HEADING, g->name);   /* read first */
	if (beside)
		contact_codes_put(a, &codes, &s->codes, codes.bottom - codes.top - codes.y - ui->th->px.gap);
	flow_label_value(&d, app_tr(a, "group_meets"), g->schedule);
	char where[TEXT_BYTES(LIMIT_SCHEDULE) + TEXT_BYTES(LIMIT_NAME) + TEXT_BYTES(LIMIT_TOWN) + 32];
	snprintf(where, sizeof where, "%s%s%s%s%s%s%s", g->place, *g->place && (*g->street || *g->town) ? "\n" : "",
		 g->street, *g->street && *g->town ? ", " : "", g->postcode, *g->postcode ? " " : "", g->town);
	flow_label_value(&d, app_tr(a, "group_place"), where);
	if (s->has_codes && !beside)
		contact_codes_put(a, &d, &s->codes, d.bottom - d.top - d.y - ui->th->px.gap);
	flow_text(&d, ROLE_TEXT, STYLE_BODY, g->note);
	flow_label_value(&d, app_tr(a, "contact_phone"), g->phone_shown);
	flow_label_value(&d, app_tr(a, "group_contact_phone"), s->contact_phone);
	flow_label_value(&d, app_tr(a, "contact_email"), g->email);
	flow_label_value(&d, app_tr(a, "contact_web"), g->web);
	if (g->contact_id) {
		char target[32];
		snprintf(target, sizeof target, "contact:%lld", g->contact_id);
		flow_heading(&d, app_tr(a, "group_supported_by"));
		flow_link(&d, g->contact_name, target);
	}
	if (s->ntopics) {
		flow_heading(&d, app_tr(a, "group_topics"));
		for (int i = 0; i < s->ntopics; i++)
			flow_link(&d, s->topics[i].label, s->topics[i].target);
	}
	p.y = d.y > codes.y ? d.y : codes.y;
	app_page_end(a, ui, &p);
}

static const char *title(struct app *a, void *state)
{
	(void)a;
	return ((struct group_state *)state)->group.name;
}

const struct screen screen_group = {
	.name = "group",
	.state_size = sizeof(struct group_state),
	.enter = enter,
	.build = build,
	.title = title,
};
