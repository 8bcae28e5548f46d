/* topic — one topic: what it is, where to get help, the groups.
 *
 * The topic's name and plain-language summary (on a sensitive topic a box
 * with the first crisis lines before it), the groups as cards with their
 * town and when and where they meet, the contact points that support them
 * as cards with their town, and related topics. When the kiosk knows where
 * it stands, groups and contact points come nearest first, with their
 * distance. At national scale a topic has hundreds of groups: the first
 * MAX_GROUPS are shown and the rest counted. */
#include "screens.h"

#include <stdio.h>

#define MAX_GROUPS 60
#define MAX_LINKS 48
#define CRISIS_IN_BOX 2         /* the first crisis lines, named in the box */
#define CONTACTS_FIRST 3        /* on a portrait screen, before the groups */

struct topic_state {
	struct store_topic topic;
	struct store_group_row groups[MAX_GROUPS];
	int ngroups, groups_total;
	struct store_near contacts[MAX_LINKS];
	struct store_link related[MAX_LINKS];
	int ncontacts, nrelated;
	struct store_service crisis[CRISIS_IN_BOX];
	int ncrisis;
};

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	struct topic_state *s = state;
	struct store *store = app_store(a);
	const struct store_place *home = app_home_place(a);
	enum store_status found = store_topic(store, arg, app_lang(a), &s->topic);
	if (found != STORE_FOUND)
		return screen_status(found);
	s->ngroups = store_topic_groups(store, s->topic.id, app_lang(a), home, s->groups, MAX_GROUPS,
					&s->groups_total);
	s->ncontacts = store_topic_contacts(store, s->topic.id, home, s->contacts, MAX_LINKS);
	s->nrelated = store_topic_related(store, s->topic.id, app_lang(a), s->related, MAX_LINKS);
	s->ncrisis = s->topic.sensitive ? store_services(store, true, app_lang(a), s->crisis, CRISIS_IN_BOX) : 0;
	if (s->ngroups < 0 || s->ncontacts < 0 || s->nrelated < 0 || s->ncrisis < 0)
		return SCREEN_FAILED;
	app_count(a, "topic_view", s->topic.slug);
	return SCREEN_SHOWN;
}

/* On a sensitive topic: the first crisis lines, and the way to them all. */
static void put_crisis_box(struct app *a, struct topic_state *s, struct flow *f)
{
	char text[CRISIS_IN_BOX][TEXT_BYTES(LIMIT_NAME) + LIMIT_PHONE + 8];
	const char *lines[CRISIS_IN_BOX + 1];
	int n = 0;
	for (int i = 0; i < s->ncrisis; i++) {
		const struct store_service *c = &s->crisis[i];
		snprintf(text[i], sizeof text[i], "%s: %s", c->name, c->phone_shown);
		lines[n++] = text[i];
	}
	lines[n++] = app_tr(a, "topic_crisis_more");
	flow_alert_card(f, app_tr(a, "topic_crisis_title"), lines, n, "crisis");
	flow_space(f, f->ui->th->px.gap / 2);
}

static void put_contacts(struct app *a, struct topic_state *s, struct flow *f, int from, int to,
			 const char *heading)
{
	if (from >= to)
		return;
	flow_heading(f, app_tr(a, heading));
	for (int i = from; i < to; i++) {
		const struct store_near *c = &s->contacts[i];
		char target[32], where[TEXT_BYTES(LIMIT_TOWN) + 48];
		snprintf(target, sizeof target, "contact:%lld", c->id);
		screen_place_line(a, c->postcode, c->town, c->km, where, sizeof where);
		const char *lines[1] = {where};
		flow_card(f, c->name, lines, 1, target);
	}
}

static void put_groups(struct app *a, struct topic_state *s, struct flow *f)
{
	flow_heading(f, app_tr(a, "topic_groups"));
	if (!s->ngroups)
		flow_text(f, ROLE_TEXT, STYLE_BODY, app_tr(a, "topic_no_groups"));
	for (int i = 0; i < s->ngroups; i++) {
		const struct store_group_row *g = &s->groups[i];
		char target[32], meets[TEXT_BYTES(2 * LIMIT_SCHEDULE) + 8], where[TEXT_BYTES(LIMIT_TOWN) + 48];
		snprintf(target, sizeof target, "group:%lld", g->id);
		snprintf(meets, sizeof meets, "%s%s%s", g->schedule, *g->schedule && *g->place ? " · " : "", g->place);
		screen_place_line(a, "", g->town, g->km, where, sizeof where);
		const char *lines[2] = {where, meets};
		flow_card(f, g->name, lines, 2, target);
	}
	if (s->groups_total > s->ngroups) {
		char more[256], n[16];
		snprintf(n, sizeof n, "%d", s->groups_total - s->ngroups);
		uistrings_fill(more, sizeof more, app_tr(a, "topic_more_groups"), n);
		flow_text(f, ROLE_TEXT, STYLE_BODY, more);
	}
}

static void put_related(struct app *a, struct topic_state *s, struct flow *f)
{
	if (!s->nrelated)
		return;
	flow_heading(f, app_tr(a, "topic_related"));
	for (int i = 0; i < s->nrelated; i++)
		flow_link(f, s->related[i].label, s->related[i].target);
}

/* In landscape the groups in the wide column, the contact points and
 * related topics beside them from the top; in portrait the nearest
 * contact points, the groups, then the other contact points. */
static void build(struct app *a, void *state, struct ui *ui)
{
	struct topic_state *s = state;
	struct flow p = app_page_begin(a, ui, true, 0), side;
	struct flow f = flow_split_beside(&p, &side);
	bool beside = side.x != f.x;
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, s->topic.name);
	if (s->topic.sensitive)
		put_crisis_box(a, s, &f);
	flow_text(&f, ROLE_TEXT, STYLE_BODY, s->topic.summary);
	if (beside) {
		put_groups(a, s, &f);
		put_contacts(a, s, &side, 0, s->ncontacts, "topic_contacts");
		put_related(a, s, &side);
		p.y = f.y > side.y ? f.y : side.y;
	} else {
		int first = s->ncontacts < CONTACTS_FIRST ? s->ncontacts : CONTACTS_FIRST;
		put_contacts(a, s, &f, 0, first, "topic_contacts");
		put_groups(a, s, &f);
		put_contacts(a, s, &f, first, s->ncontacts, "topic_contacts_more");
		put_related(a, s, &f);
		p.y = f.y;
	}
	app_page_end(a, ui, &p);
}

static const char *title(struct app *a, void *state)
{
	(void)a;
	return ((struct topic_state *)state)->topic.name;
}

const struct screen screen_topic = {
	.name = "topic",
	.state_size = sizeof(struct topic_state),
	.enter = enter,
	.build = build,
	.title = title,
};
