/* contact — a self-help contact point, and its details as QR codes.
 *
 * Name, description, a picture, address, phone, e-mail, web page, opening
 * hours and accessibility; and the details as QR codes for the visitor's
 * own phone: call, e-mail, web page, save the contact (vCard). On a
 * landscape screen the codes stand beside the details, sized to be in
 * sight without scrolling. The codes and the picture helpers are shared
 * with the group screen. */
#include "screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcard.h"

struct contact_state {
	struct store_contact contact;
	struct contact_codes codes;
	struct store_media *image;
};

void contact_codes_make(struct contact_codes *q, const char *name, const char *street, const char *postcode,
			const char *town, const char *phone, const char *email, const char *web)
{
	memset(q, 0, sizeof *q);
	q->call_caption = "qr_call";
	if (*phone && !vcard_tel_uri(phone, q->tel, sizeof q->tel))
		q->tel[0] = '\0';
	if (*email && !vcard_mailto_uri(email, q->mail, sizeof q->mail))
		q->mail[0] = '\0';
	snprintf(q->web, sizeof q->web, "%s", web);
	struct vcard_contact c = {.name = name, .street = street, .postcode = postcode, .town = town,
				  .phone_e164 = phone, .email = email, .web = web};
	if (!vcard_build(&c, q->vcard, sizeof q->vcard))
		q->vcard[0] = '\0';
}

void contact_codes_count(struct app *a, const struct contact_codes *q)
{
	const char *payload[4] = {q->tel, q->mail, q->web, q->vcard};
	static const char *const kind[4] = {"tel", "mail", "web", "vcard"};
	for (int i = 0; i < 4; i++)
		if (payload[i][0])
			app_count(a, "qr_shown", kind[i]);
}

void contact_codes_put(struct app *a, struct flow *f, const struct contact_codes *q, int max_h)
{
	const struct qr_cell cells[] = {
		{q->tel, app_tr(a, q->call_caption)}, {q->mail, app_tr(a, "qr_mail")},
		{q->web, app_tr(a, "qr_web")}, {q->vcard, app_tr(a, "qr_save")},
	};
	flow_qr_grid(f, cells, 4, app_tr(a, "qr_title"), app_tr(a, "qr_hint"), max_h);
}

struct store_media *screen_load_image(struct app *a, long long media_id)
{
	struct store_media *m = NULL;
	if (media_id)
		store_media(app_store(a), media_id, app_lang(a), &m);   /* none, it failed: the page without it */
	if (m && !rule_image_fits(m->data, m->len)) {
		free(m);
		m = NULL;
	}
	return m;
}

static enum screen_status enter(struct app *a, void *state, const char *arg)
{
	struct contact_state *s = state;
	struct store_contact *c = &s->contact;
	enum store_status found = store_contact(app_store(a), atoll(arg), app_lang(a), c);
	if (found != STORE_FOUND)
		return screen_status(found);
	contact_codes_make(&s->codes, c->name, c->street, c->postcode, c->town, c->phone, c->email, c->web);
	contact_codes_count(a, &s->codes);
	s->image = screen_load_image(a, c->media_id);
	return SCREEN_SHOWN;
}

static void leave(struct app *a, void *state)
{
	(void)a;
	free(((struct contact_state *)state)->image);
}

static void build(struct app *a, void *state, struct ui *ui)
{
	struct contact_state *s = state;
	const struct store_contact *c = &s->contact;
	char buf[4096];
	/* The codes in sight without scrolling: on a landscape screen a column
	 * of their own beside the details, from the top; on a portrait one
	 * right under the name and address. */
	struct flow p = app_page_begin(a, ui, true, 0), codes;
	struct flow d = flow_split_beside(&p, &codes);
	bool beside = codes.x != d.x;
	flow_text(&d, ROLE_HEADING, STYLE_HEADING, c->name);   /* read first */
	if (beside)
		contact_codes_put(a, &codes, &s->codes, codes.bottom - codes.top - codes.y - ui->th->px.gap);
	snprintf(buf, sizeof buf, "%s\n%s %s", c->street, c->postcode, c->town);
	if (!beside) {
		flow_text(&d, ROLE_TEXT, STYLE_BODY, buf);
		contact_codes_put(a, &d, &s->codes, d.bottom - d.top - d.y - ui->th->px.gap);
	}
	flow_text(&d, ROLE_TEXT, STYLE_BODY, c->description);
	flow_image(&d, s->image);
	if (beside) {
		flow_heading(&d, app_tr(a, "contact_address"));
		flow_text(&d, ROLE_TEXT, STYLE_BODY, buf);
	}
	flow_label_value(&d, app_tr(a, "contact_phone"), c->phone_shown);
	flow_label_value(&d, app_tr(a, "contact_email"), c->email);
	flow_label_value(&d, app_tr(a, "contact_web"), c->web);
	if (*c->hours) {
		flow_heading(&d, app_tr(a, "contact_hours"));
		flow_text(&d, ROLE_TEXT, STYLE_BODY, c->hours);
	}
	flow_heading(&d, app_tr(a, "contact_access"));
	snprintf(buf, sizeof buf, "%s%s%s%s%s",
		 app_tr(a, c->step_free ? "access_step_free" : "access_not_step_free"), c->hearing_loop ? "\n" : "",
		 c->hearing_loop ? app_tr(a, "access_hearing_loop") : "", c->accessible_wc ? "\n" : "",
		 c->accessible_wc ? app_tr(a, "access_wc") : "");
	flow_text(&d, ROLE_TEXT, STYLE_BODY, buf);
	flow_text(&d, ROLE_TEXT, STYLE_BODY, c->accessibility);
	p.y = d.y > codes.y ? d.y : codes.y;
	app_page_end(a, ui, &p);
}

static const char *title(struct app *a, void *state)
{
	(void)a;
	return ((struct contact_state *)state)->contact.name;
}

const struct screen screen_contact = {
	.name = "contact",
	.state_size = sizeof(struct contact_state),
	.enter = enter,
	.build = build,
	.title = title,
	.leave = leave,
};
