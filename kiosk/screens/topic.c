/* topic — one topic: what it is, where to get help, the groups.
 *
 * The topic's name and plain-language summary, then the contact points
 * that support its groups (nearest to the kiosk first when the kiosk knows
 * where it stands), then the groups as cards with when and where they
 * meet, then related topics. At national scale a topic has hundreds of
 * groups: the first MAX_GROUPS are shown and the rest counted. */
#include "screens.h"

#include <stdio.h>

#define MAX_GROUPS 60
#define MAX_LINKS 48

struct topic_state {
	struct store_topic topic;
	struct store_group_row groups[MAX_GROUPS];
	int ngroups, groups_total;
	struct store_link contacts[MAX_LINKS], related[MAX_LINKS];
	int ncontacts, nrelated;
};

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	struct topic_state *s = state;
	struct store *store = app_store(a);
	enum store_status found = store_topic(store, arg, app_lang(a), &s->topic);
	if (found != STORE_FOUND)
		return screen_status(found);
	s->ngroups = store_topic_groups(store, s->topic.id, app_lang(a), s->groups, MAX_GROUPS, &s->groups_total);
	s->ncontacts = store_topic_contacts(store, s->topic.id, app_home_place(a), s->contacts, MAX_LINKS);
	s->nrelated = store_topic_related(store, s->topic.id, app_lang(a), s->related, MAX_LINKS);
	if (s->ngroups < 0 || s->ncontacts < 0 || s->nrelated < 0)
		return SCREEN_FAILED;
	app_count(a, "topic_view", s->topic.slug);
	return SCREEN_SHOWN;
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct topic_state *s = state;
	struct flow f = app_page_begin(a, ui, false, 0);
	flow_text(&f, ROLE_HEADING, STYLE_HEADING, s->topic.name);
	flow_text(&f, ROLE_TEXT, STYLE_BODY, s->topic.summary);
	/* Contact points first: at national scale a topic has hundreds of
	 * groups, and the contact point is where a visitor gets help with all. */
	if (s->ncontacts) {
		flow_heading(&f, app_tr(a, "topic_contacts"));
		for (int i = 0; i < s->ncontacts; i++)
			flow_link(&f, s->contacts[i].label, s->contacts[i].target);
	}
	flow_heading(&f, app_tr(a, "topic_groups"));
	if (!s->ngroups)
		flow_text(&f, ROLE_TEXT, STYLE_BODY, app_tr(a, "topic_no_groups"));
	for (int i = 0; i < s->ngroups; i++) {
		const struct store_group_row *g = &s->groups[i];
		char target[32], meets[TEXT_BYTES(2 * LIMIT_SCHEDULE) + 8], by[TEXT_BYTES(LIMIT_NAME) + 64];
		snprintf(target, sizeof target, "group:%lld", g->id);
		snprintf(meets, sizeof meets, "%s%s%s", g->schedule, *g->schedule && *g->place ? " · " : "", g->place);
		by[0] = '\0';
		if (*g->contact_name)
			snprintf(by, sizeof by, "%s: %s", app_tr(a, "group_supported_by"), g->contact_name);
		const char *lines[2] = {meets, by};
		flow_card(&f, g->name, lines, 2, target);
	}
	if (s->groups_total > s->ngroups) {
		char more[256], n[16];
		snprintf(n, sizeof n, "%d", s->groups_total - s->ngroups);
		uistrings_fill(more, sizeof more, app_tr(a, "topic_more_groups"), n);
		flow_text(&f, ROLE_TEXT, STYLE_BODY, more);
	}
	if (s->nrelated) {
		flow_heading(&f, app_tr(a, "topic_related"));
		for (int i = 0; i < s->nrelated; i++)
			flow_link(&f, s->related[i].label, s->related[i].target);
	}
	app_page_end(a, ui, &f);
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
