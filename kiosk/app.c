/* app — the kiosk's screens and what a visitor's input does to them.
 *
 * Owns the visitor's session: where they are (a history of places, each with
 * its scroll position), the language, the pointer and kinetic scrolling, the
 * keyboard focus and the idle reset that forgets all of it. Every frame it
 * turns that state into a view list (app_build); it never draws and never
 * reads the clock itself: time comes in with the input and app_tick(), so
 * script mode can run it on a virtual clock. Data comes from the store when a
 * place is entered, not per frame. All sizes derive from the window. */
#include "app.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "package.h"
#include "search.h"
#include "vcard.h"

#define MAX_HISTORY 32
#define MAX_TARGET 96
#define MAX_TOPIC_GROUPS 60
#define MAX_LINKS 48
#define MAX_SAMPLES 16
#define MAX_LETTERS 27          /* A–Z and '#' */
#define MAX_QUERY_BYTES 96      /* what fits the search field; more keys are ignored */
#define MAX_RESULTS 60          /* search results shown: enough to scroll, few to read */
#define MAX_NEAR 20             /* contact points listed by distance */
#define STAFF_HOLD_MS 5000      /* a press this long in the bottom-left corner: staff mode */
#define STAFF_FREE_TRIES 3      /* wrong PINs before the waiting starts */
#define STAFF_LOCK_MS 30000     /* then 30 s, doubling with every further miss */
#define STAFF_LOCK_MAX_MS (15 * 60 * 1000)
#define VELOCITY_WINDOW_MS 100  /* pointer samples that set a fling's speed */
#define FLING_TAU_MS 325.0      /* exponential decay of a fling */
#define FLING_MIN_SPEED 0.02    /* px per ms below which a fling stops */

enum screen {
	SCR_START, SCR_INDEX, SCR_TOPIC, SCR_CONTACT, SCR_GROUP, SCR_PAGE, SCR_SEARCH, SCR_NEAR,
	SCR_STAFF_PIN, SCR_STAFF
};

struct place {
	enum screen screen;
	char arg[MAX_TARGET];
	double scroll;
};

struct sample {
	int y;
	uint64_t t;
};

struct qr_set {
	char tel[40], mail[LIMIT_EMAIL + 16], web[LIMIT_WEB + 1], vcard[4096];
};

struct app {
	struct store *store;
	struct uistrings *strings;
	struct text *text;
	struct render *render;
	struct app_settings set;
	char lang[3];

	/* Layout, from the window. */
	int w, h;
	double u;               /* 1.0 at 1080 px on the short side */
	int pad, gap, target, header_h;

	struct place history[MAX_HISTORY];
	int depth;

	/* What the current place shows, loaded when it is entered. */
	struct store_topic topic;
	struct store_group_row *groups;
	int ngroups, groups_total;
	struct store_link links_a[MAX_LINKS], links_b[MAX_LINKS];
	int nlinks_a, nlinks_b;
	struct store_contact contact;
	struct store_group group;
	struct store_page *page;
	struct store_media *image;      /* of the contact point or page, or NULL */
	struct qr_set qr;
	bool found;

	/* The A–Z index of one language, with each row's offset. */
	struct store_index_row *index;
	int nindex;
	char index_lang[3];
	int *row_y;             /* offset of row i; headings interleave */
	int index_height;
	int letter_y[MAX_LETTERS];
	bool letter_present[MAX_LETTERS];
	int index_row_h, index_heading_h;

	/* Search: what the visitor typed lives here and nowhere else (not in
	 * the history, not in a log) and is forgotten at the idle reset. */
	struct search *search;          /* opened at the first search */
	bool search_broken;
	char query[MAX_QUERY_BYTES];
	struct search_result results[MAX_RESULTS];
	int nresults;

	/* Near me: the postcode typed, the place distances are measured from,
	 * the kiosk's own place (config), the nearest contact points. */
	char postcode[6];
	struct store_place from, home;
	bool have_from, have_home;
	struct store_near near[MAX_NEAR];
	int nnear;

	/* Scrolling of the current place. */
	SDL_Rect viewport;
	double content_h;
	double velocity;        /* px per ms, while flinging */
	uint64_t last_tick;

	/* The pointer. */
	bool down, dragging, press_stopped_fling, press_in_viewport;
	int x0, y0;
	double scroll0;
	char pressed[MAX_TARGET];
	struct sample samples[MAX_SAMPLES];
	int nsamples;

	char focus[MAX_TARGET];
	struct view_list *frame;        /* the last frame built: what input hits */

	/* Staff mode: the hidden press, the PIN being typed, the tries. The
	 * tries outlive the idle reset: waiting must not be skippable. */
	struct app_staff_hooks staff;
	bool corner_press;
	uint64_t corner_since;
	char pin[13];
	int pin_misses;
	uint64_t pin_locked_until;
	char staff_msg[512];
	unsigned langs_used;    /* languages of this session, for the statistics */
	bool relabel;           /* the place is loaded again in another language: no new view */

	/* A content update: applying (with the part done), or its outcome. */
	enum { UPDATE_NONE, UPDATE_RUNNING, UPDATE_SHOWN } update;
	double update_done;
	bool update_applied;
	long long update_version;
	char update_reason[512];

	uint64_t now, last_input;
	bool countdown;
	bool dirty, quit;
};

static struct place *here(struct app *a)
{
	return &a->history[a->depth - 1];
}

static const char *tr(const struct app *a, const char *key)
{
	return uistrings_get(a->strings, a->lang, key);
}

/* A translated text with its one placeholder (%s or %d) filled in. The
 * texts come from files, so they are never used as printf formats. */
static void fill_in(char *out, size_t cap, const char *text, const char *value)
{
	const char *at = strstr(text, "%s");
	const char *at_d = strstr(text, "%d");
	if (!at || (at_d && at_d < at))
		at = at_d;
	if (!at)
		snprintf(out, cap, "%s", text);
	else
		snprintf(out, cap, "%.*s%s%s", (int)(at - text), text, value, at + 2);
}

static int letter_index(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' : MAX_LETTERS - 1;
}

/* ---- loading ---------------------------------------------------------------- */

static void load_index(struct app *a)
{
	if (a->index && strcmp(a->index_lang, a->lang) == 0)
		return;
	free(a->index);
	free(a->row_y);
	a->row_y = NULL;
	a->nindex = store_topic_index(a->store, a->lang, &a->index);
	if (a->nindex < 0)
		a->nindex = 0;
	snprintf(a->index_lang, sizeof a->index_lang, "%s", a->lang);
	a->index_height = 0;   /* laid out on the next build */
}

/* Row offsets: a heading before the first topic of each letter. */
static void layout_index(struct app *a)
{
	int row_h = a->target, head_h = (int)(72 * a->u);
	if (a->row_y && a->index_row_h == row_h && a->index_heading_h == head_h)
		return;
	free(a->row_y);
	a->row_y = malloc(((size_t)a->nindex + 1) * sizeof *a->row_y);
	if (!a->row_y) {
		a->nindex = 0;
		return;
	}
	memset(a->letter_present, 0, sizeof a->letter_present);
	int y = 0;
	char last = 0;
	for (int i = 0; i < a->nindex; i++) {
		char c = a->index[i].letter;
		if (c != last) {
			a->letter_present[letter_index(c)] = true;
			a->letter_y[letter_index(c)] = y;
			y += head_h;
			last = c;
		}
		a->row_y[i] = y;
		y += row_h + a->gap / 2;
	}
	a->row_y[a->nindex] = y;
	a->index_height = y;
	a->index_row_h = row_h;
	a->index_heading_h = head_h;
}

static void make_qr(struct qr_set *q, const char *name, const char *street, const char *postcode,
		    const char *town, const char *phone, const char *email, const char *web)
{
	memset(q, 0, sizeof *q);
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

/* The picture of a place, if it has one whose size is safe to decode. */
static void load_image(struct app *a, long long media_id)
{
	if (!media_id)
		return;
	a->image = store_media(a->store, media_id, a->lang);
	if (a->image && !rule_image_fits(a->image->data, a->image->len)) {
		free(a->image);
		a->image = NULL;
	}
}

/* The results for what is typed, from the same code as the staff tool's. */
static void run_search(struct app *a)
{
	a->nresults = 0;
	if (!a->query[0] || a->search_broken)
		return;
	if (!a->search) {
		char err[256];
		a->search = search_open(store_db(a->store), err, sizeof err);
		if (!a->search) {
			fprintf(stderr, "wegweiser: %s\n", err);   /* never the query */
			a->search_broken = true;
			return;
		}
	}
	int n = search_run(a->search, a->query, a->lang, a->results, MAX_RESULTS);
	a->nresults = n > 0 ? n : 0;
}

/* Contact points by distance: from the postcode typed, else from the
 * kiosk's own place. */
static void load_near(struct app *a)
{
	a->have_from = false;
	if (strlen(a->postcode) == 5)
		a->have_from = store_locate_postcode(a->store, a->postcode, &a->from);
	else if (a->have_home) {
		a->from = a->home;
		a->have_from = true;
	}
	a->nnear = a->have_from ? store_contacts_near(a->store, a->from.lat, a->from.lon, a->near, MAX_NEAR)
				: 0;
	if (a->nnear < 0)
		a->nnear = 0;
}

/* One event for the usage statistics (when they are on). */
static void count(struct app *a, const char *what, const char *key)
{
	if (a->staff.count && !a->relabel)
		a->staff.count(a->staff.ctx, what, key);
}

static void mark_language(struct app *a)
{
	a->langs_used |= strcmp(a->lang, "en") == 0 ? 2u : 1u;
}

/* The QR codes a page shows, by kind, for the statistics. */
static void count_qr(struct app *a)
{
	const char *payload[4] = {a->qr.tel, a->qr.mail, a->qr.web, a->qr.vcard};
	static const char *const kind[4] = {"tel", "mail", "web", "vcard"};
	for (int i = 0; i < 4; i++)
		if (payload[i][0])
			count(a, "qr_shown", kind[i]);
}

/* Reads what the current place shows from the store. */
static void load_place(struct app *a)
{
	struct place *p = here(a);
	free(a->page);
	a->page = NULL;
	free(a->image);
	a->image = NULL;
	a->found = true;
	a->nlinks_a = a->nlinks_b = a->ngroups = 0;
	switch (p->screen) {
	case SCR_START:
		a->nlinks_a = store_pages(a->store, a->lang, a->links_a, MAX_LINKS);
		load_index(a);
		break;
	case SCR_INDEX:
		load_index(a);
		break;
	case SCR_TOPIC:
		a->found = store_topic(a->store, p->arg, a->lang, &a->topic);
		if (a->found) {
			a->ngroups = store_topic_groups(a->store, a->topic.id, a->lang, a->groups,
							MAX_TOPIC_GROUPS, &a->groups_total);
			a->nlinks_a = store_topic_contacts(a->store, a->topic.id, a->have_home ? &a->home : NULL,
							   a->links_a, MAX_LINKS);
			a->nlinks_b = store_topic_related(a->store, a->topic.id, a->lang, a->links_b, MAX_LINKS);
			count(a, "topic_view", a->topic.slug);
		}
		break;
	case SCR_CONTACT:
		a->found = store_contact(a->store, atoll(p->arg), a->lang, &a->contact);
		if (a->found) {
			struct store_contact *c = &a->contact;
			make_qr(&a->qr, c->name, c->street, c->postcode, c->town, c->phone, c->email, c->web);
			count_qr(a);
			load_image(a, c->media_id);
		}
		break;
	case SCR_GROUP:
		a->found = store_group(a->store, atoll(p->arg), a->lang, &a->group);
		if (a->found) {
			struct store_group *g = &a->group;
			a->nlinks_a = store_group_topics(a->store, g->id, a->lang, a->links_a, MAX_LINKS);
			make_qr(&a->qr, g->name, "", "", "", g->phone, g->email, g->web);
			if (*g->phone || *g->email || *g->web)
				count_qr(a);
		}
		break;
	case SCR_PAGE:
		a->page = store_page(a->store, p->arg, a->lang);
		a->found = a->page != NULL;
		if (a->found)
			load_image(a, a->page->media_id);
		break;
	case SCR_SEARCH:
		run_search(a);
		a->nlinks_a = a->have_home ? store_contacts_near(a->store, a->home.lat, a->home.lon,
								  a->near, 1) : 0;
		break;
	case SCR_NEAR:
		load_near(a);
		break;
	case SCR_STAFF_PIN:
	case SCR_STAFF:
		break;
	}
	if (a->nlinks_a < 0)
		a->nlinks_a = 0;
	if (a->nlinks_b < 0)
		a->nlinks_b = 0;
	if (a->ngroups < 0)
		a->ngroups = 0;
	a->velocity = 0;
	a->dirty = true;
}

/* ---- navigation --------------------------------------------------------------- */

static void go(struct app *a, enum screen screen, const char *arg)
{
	if (a->depth == MAX_HISTORY) {
		memmove(a->history, a->history + 1, (MAX_HISTORY - 1) * sizeof *a->history);
		a->depth--;
	}
	struct place *p = &a->history[a->depth++];
	p->screen = screen;
	snprintf(p->arg, sizeof p->arg, "%s", arg ? arg : "");
	p->scroll = 0;
	a->focus[0] = '\0';
	load_place(a);
}

static void reset_session(struct app *a)
{
	if (a->langs_used & 1u)
		count(a, "language", "de");
	if (a->langs_used & 2u)
		count(a, "language", "en");
	a->langs_used = 0;
	if (a->update == UPDATE_SHOWN)
		a->update = UPDATE_NONE;
	snprintf(a->lang, sizeof a->lang, "%s", a->set.default_lang);
	memset(a->query, 0, sizeof a->query);
	memset(a->postcode, 0, sizeof a->postcode);
	sodium_memzero(a->pin, sizeof a->pin);
	a->staff_msg[0] = '\0';
	a->corner_press = false;
	memset(a->results, 0, sizeof a->results);
	a->nresults = 0;
	a->depth = 0;
	a->down = a->dragging = false;
	a->pressed[0] = a->focus[0] = '\0';
	a->countdown = false;
	go(a, SCR_START, NULL);
}

static void jump_to_letter(struct app *a, char letter)
{
	layout_index(a);
	int i = letter_index(letter);
	if (a->letter_present[i])
		here(a)->scroll = a->letter_y[i];
	a->velocity = 0;
}

/* What a key of the on-screen keyboard (or typed text) does to the search
 * or the postcode: "space", "backspace", "clear", or the text it types. */
static void type_key(struct app *a, const char *key)
{
	enum screen screen = here(a)->screen;
	if (screen != SCR_SEARCH && screen != SCR_NEAR && screen != SCR_STAFF_PIN)
		return;
	char *field = screen == SCR_SEARCH ? a->query : screen == SCR_NEAR ? a->postcode : a->pin;
	size_t cap = screen == SCR_SEARCH ? sizeof a->query : screen == SCR_NEAR ? sizeof a->postcode
		     : sizeof a->pin;
	size_t len = strlen(field);
	if (strcmp(key, "clear") == 0) {
		field[0] = '\0';
	} else if (strcmp(key, "backspace") == 0) {
		while (len > 0 && ((unsigned char)field[len - 1] & 0xC0) == 0x80)
			len--;   /* the continuation bytes of the last character */
		field[len > 0 ? len - 1 : 0] = '\0';
	} else {
		const char *add = strcmp(key, "space") == 0 ? " " : key;
		size_t n = strlen(add);
		if (screen != SCR_SEARCH && strspn(add, "0123456789") != n)
			return;   /* a postcode or PIN is digits */
		if (screen == SCR_SEARCH && len == 0 && strcmp(add, " ") == 0)
			return;   /* nothing starts with a space */
		if (len + n >= cap)
			return;   /* full: the field shows what it holds */
		memcpy(field + len, add, n + 1);
		if (screen == SCR_SEARCH && len == 0)
			count(a, "search", "");   /* that a search began; never what was typed */
	}
	here(a)->scroll = 0;
	a->velocity = 0;
	if (screen == SCR_SEARCH)
		run_search(a);
	else if (screen == SCR_NEAR)
		load_near(a);
	a->dirty = true;
}

/* The PIN typed against the configured hash, with waiting after misses. */
static void staff_login(struct app *a)
{
	if (a->now < a->pin_locked_until)
		return;
	bool right = a->set.pin_hash[0] && a->pin[0] &&
		     crypto_pwhash_str_verify(a->set.pin_hash, a->pin, strlen(a->pin)) == 0;
	sodium_memzero(a->pin, sizeof a->pin);
	if (right) {
		a->pin_misses = 0;
		a->staff_msg[0] = '\0';
		a->depth--;   /* the PIN screen is not a place to go back to */
		go(a, SCR_STAFF, NULL);
		return;
	}
	a->pin_misses++;
	snprintf(a->staff_msg, sizeof a->staff_msg, "%s", tr(a, "staff_wrong"));
	if (a->pin_misses >= STAFF_FREE_TRIES) {
		uint64_t wait = (uint64_t)STAFF_LOCK_MS << (a->pin_misses - STAFF_FREE_TRIES < 5
							     ? a->pin_misses - STAFF_FREE_TRIES : 5);
		a->pin_locked_until = a->now + (wait < STAFF_LOCK_MAX_MS ? wait : STAFF_LOCK_MAX_MS);
	}
}

static void staff_action(struct app *a, const char *what)
{
	if (here(a)->screen != SCR_STAFF)
		return;
	if (strcmp(what, "leave") == 0) {
		a->depth = 0;
		go(a, SCR_START, NULL);
	} else if (strcmp(what, "rollback") == 0 && a->staff.rollback) {
		char why[512];
		if (a->staff.rollback(a->staff.ctx, why, sizeof why))
			snprintf(a->staff_msg, sizeof a->staff_msg, "%s", tr(a, "staff_rolled_back"));
		else
			snprintf(a->staff_msg, sizeof a->staff_msg, "%s", why);
		/* A rollback starts the session again (app_set_store); staff stay. */
		if (here(a)->screen != SCR_STAFF) {
			char keep[sizeof a->staff_msg];
			snprintf(keep, sizeof keep, "%s", a->staff_msg);
			go(a, SCR_STAFF, NULL);
			snprintf(a->staff_msg, sizeof a->staff_msg, "%s", keep);
		}
	} else if (strcmp(what, "export") == 0 && a->staff.export_stats) {
		char where[400];
		bool ok = a->staff.export_stats(a->staff.ctx, where, sizeof where);
		if (!ok && !where[0])
			snprintf(a->staff_msg, sizeof a->staff_msg, "%s", tr(a, "staff_no_stick"));
		else
			fill_in(a->staff_msg, sizeof a->staff_msg, tr(a, ok ? "staff_exported" : "staff_export_failed"),
				where);
	} else if (strcmp(what, "stick") == 0 && a->staff.check_stick) {
		a->staff.check_stick(a->staff.ctx);
		snprintf(a->staff_msg, sizeof a->staff_msg, "%s", tr(a, "staff_checking"));
	}
}

void app_navigate(struct app *a, const char *t)
{
	a->dirty = true;
	if (strcmp(t, "home") == 0) {
		a->depth = 0;
		go(a, SCR_START, NULL);
	} else if (strcmp(t, "back") == 0) {
		if (a->depth > 1) {
			a->depth--;
			load_place(a);
		}
	} else if (strcmp(t, "index") == 0) {
		go(a, SCR_INDEX, NULL);
	} else if (strcmp(t, "search") == 0) {
		if (here(a)->screen != SCR_SEARCH) {
			a->query[0] = '\0';   /* a new search; "back" returns to a result list */
			go(a, SCR_SEARCH, NULL);
		}
	} else if (strcmp(t, "near") == 0) {
		if (here(a)->screen != SCR_NEAR)
			go(a, SCR_NEAR, NULL);
	} else if (strncmp(t, "key:", 4) == 0) {
		type_key(a, t + 4);
	} else if (strncmp(t, "letter:", 7) == 0) {
		if (here(a)->screen != SCR_INDEX)
			go(a, SCR_INDEX, NULL);
		jump_to_letter(a, t[7]);
	} else if (strncmp(t, "topic:", 6) == 0) {
		go(a, SCR_TOPIC, t + 6);
	} else if (strncmp(t, "contact:", 8) == 0) {
		go(a, SCR_CONTACT, t + 8);
	} else if (strncmp(t, "group:", 6) == 0) {
		go(a, SCR_GROUP, t + 6);
	} else if (strncmp(t, "page:", 5) == 0) {
		go(a, SCR_PAGE, t + 5);
	} else if (strncmp(t, "lang:", 5) == 0) {
		snprintf(a->lang, sizeof a->lang, "%.2s", t + 5);
		mark_language(a);
		a->relabel = true;
		load_place(a);
		a->relabel = false;
	} else if (strcmp(t, "idle:continue") == 0) {
		a->countdown = false;
	} else if (strcmp(t, "update:ok") == 0) {
		a->update = UPDATE_NONE;
	} else if (strcmp(t, "staff:login") == 0) {
		staff_login(a);
	} else if (strncmp(t, "staff:", 6) == 0) {
		staff_action(a, t + 6);
	}
}

/* ---- life cycle -------------------------------------------------------------- */

struct app *app_new(struct store *store, struct uistrings *strings, struct text *text,
		    struct render *render, const struct app_settings *settings, uint64_t now_ms)
{
	struct app *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->groups = calloc(MAX_TOPIC_GROUPS, sizeof *a->groups);
	if (!a->groups) {
		free(a);
		return NULL;
	}
	a->store = store;
	a->strings = strings;
	a->text = text;
	a->render = render;
	a->set = *settings;
	a->now = a->last_input = a->last_tick = now_ms;
	if (a->set.postcode[0])
		a->have_home = store_locate_postcode(store, a->set.postcode, &a->home);
	app_resize(a, 1920, 1080);
	reset_session(a);
	return a;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	search_close(a->search);
	free(a->groups);
	free(a->index);
	free(a->row_y);
	free(a->page);
	free(a->image);
	free(a);
}

void app_resize(struct app *a, int width, int height)
{
	a->w = width;
	a->h = height;
	a->u = (width < height ? width : height) / 1080.0;
	double px_per_mm = width / a->set.screen_width_mm;
	int nine_mm = (int)ceil(9.0 * px_per_mm);
	a->target = (int)(88 * a->u);
	if (a->target < nine_mm)
		a->target = nine_mm;
	a->pad = (int)(40 * a->u);
	a->gap = (int)(20 * a->u);
	a->header_h = a->target + 2 * (int)(14 * a->u);
	text_set_scale(a->text, a->u);
	free(a->row_y);
	a->row_y = NULL;
	a->dirty = true;
}

double app_scale(const struct app *a)
{
	return a->u;
}

bool app_quit_requested(const struct app *a)
{
	return a->quit;
}

/* ---- scrolling ------------------------------------------------------------------ */

static double max_scroll(const struct app *a)
{
	double m = a->content_h - a->viewport.h;
	return m > 0 ? m : 0;
}

static void clamp_scroll(struct app *a)
{
	struct place *p = here(a);
	double m = max_scroll(a);
	if (p->scroll < 0 || p->scroll > m) {
		p->scroll = p->scroll < 0 ? 0 : m;
		a->velocity = 0;   /* clamped edges: a fling stops at the end */
	}
}

void app_tick(struct app *a, uint64_t now)
{
	double dt = (double)(now - a->last_tick);
	uint64_t before = a->last_tick;
	a->last_tick = a->now = now;
	if (a->velocity != 0 && !a->down && dt > 0) {
		/* Exponential decay, integrated exactly over dt so that the
		 * distance does not depend on how often frames come. */
		double decay = exp(-dt / FLING_TAU_MS);
		here(a)->scroll += a->velocity * FLING_TAU_MS * (1 - decay);
		a->velocity *= decay;
		if (fabs(a->velocity) < FLING_MIN_SPEED)
			a->velocity = 0;
		clamp_scroll(a);
		a->dirty = true;
	}
	if (a->corner_press && a->down && now - a->corner_since >= STAFF_HOLD_MS) {
		a->corner_press = a->down = a->dragging = false;
		a->pressed[0] = '\0';
		a->staff_msg[0] = '\0';
		go(a, SCR_STAFF_PIN, NULL);
	}
	if (here(a)->screen == SCR_STAFF_PIN && a->pin_locked_until && now / 1000 != before / 1000)
		a->dirty = true;   /* the waiting counts down */
	uint64_t idle = now - a->last_input;
	bool fresh = a->depth == 1 && here(a)->screen == SCR_START && here(a)->scroll == 0 &&
		     strcmp(a->lang, a->set.default_lang) == 0 && !a->focus[0];
	if (!a->countdown && !fresh && idle >= (uint64_t)a->set.idle_timeout_ms) {
		a->countdown = true;
		a->dirty = true;
	}
	if (a->countdown) {
		if (idle >= (uint64_t)(a->set.idle_timeout_ms + a->set.idle_countdown_ms)) {
			reset_session(a);
			a->last_input = now;
		}
		a->dirty = true;   /* the seconds count down */
	}
}

bool app_needs_frame(const struct app *a)
{
	return a->dirty || a->velocity != 0;
}

int app_next_wakeup(const struct app *a, uint64_t now)
{
	if (a->velocity != 0)
		return 0;
	if (a->countdown)
		return 1000 - (int)((now - a->last_input) % 1000);
	if (a->corner_press && a->down)
		return a->corner_since + STAFF_HOLD_MS > now ? (int)(a->corner_since + STAFF_HOLD_MS - now) : 0;
	if (here((struct app *)a)->screen == SCR_STAFF_PIN && now < a->pin_locked_until)
		return 1000 - (int)(now % 1000);
	bool fresh = a->depth == 1 && here((struct app *)a)->screen == SCR_START &&
		     here((struct app *)a)->scroll == 0 && strcmp(a->lang, a->set.default_lang) == 0 &&
		     !a->focus[0];
	if (fresh)
		return -1;   /* nothing to reset: sleep until someone comes */
	uint64_t due = a->last_input + (uint64_t)a->set.idle_timeout_ms;
	return due > now ? (int)(due - now) : 0;
}

/* ---- input ---------------------------------------------------------------------- */

static void touched(struct app *a, uint64_t t)
{
	a->last_input = t;
	mark_language(a);
	if (a->countdown) {
		a->countdown = false;
		a->dirty = true;
	}
}

/* The widget under a point in the last built frame. */
static const struct view *hit(struct view_list *l, int x, int y)
{
	return l ? view_hit(l, x, y) : NULL;
}

void app_pointer_down(struct app *a, int x, int y, uint64_t t)
{
	if (a->update == UPDATE_RUNNING)
		return;   /* the content is being replaced: touches wait */
	bool was_countdown = a->countdown;
	touched(a, t);
	a->dirty = true;
	a->down = true;
	a->dragging = false;
	a->x0 = x;
	a->y0 = y;
	a->scroll0 = here(a)->scroll;
	a->nsamples = 0;
	a->samples[a->nsamples++] = (struct sample){y, t};
	SDL_Point pt = {x, y};
	a->press_in_viewport = SDL_PointInRect(&pt, &a->viewport);
	/* A touch that stops a fling only stops it; one that ends the
	 * "still there?" question only ends it. */
	a->press_stopped_fling = a->velocity != 0 || was_countdown;
	a->velocity = 0;
	const struct view *v = a->press_stopped_fling ? NULL : hit(a->frame, x, y);
	snprintf(a->pressed, sizeof a->pressed, "%s", v ? v->target : "");
	/* Staff mode's hidden door: a long press in the bottom-left corner. */
	a->corner_press = a->set.pin_hash[0] && x < a->target && y >= a->h - a->target;
	a->corner_since = t;
}

void app_pointer_move(struct app *a, int x, int y, uint64_t t)
{
	if (!a->down)
		return;
	touched(a, t);
	int slop = (int)(a->target * 0.18) + 2;   /* about 1.6 mm on a 24-inch panel */
	if (!a->dragging && (abs(x - a->x0) > slop || abs(y - a->y0) > slop)) {
		a->dragging = true;
		a->corner_press = false;
		a->pressed[0] = '\0';   /* a drag is never a tap */
		a->dirty = true;
	}
	if (a->nsamples == MAX_SAMPLES) {
		memmove(a->samples, a->samples + 1, (MAX_SAMPLES - 1) * sizeof *a->samples);
		a->nsamples--;
	}
	a->samples[a->nsamples++] = (struct sample){y, t};
	if (a->dragging && a->press_in_viewport) {
		here(a)->scroll = a->scroll0 - (y - a->y0);
		clamp_scroll(a);
		a->dirty = true;
	}
}

/* Release speed from the samples of the last VELOCITY_WINDOW_MS, by their
 * timestamps: many events within one frame do not make a flick faster. */
static double release_velocity(const struct app *a, uint64_t t)
{
	int first = a->nsamples - 1;
	while (first > 0 && t - a->samples[first - 1].t <= VELOCITY_WINDOW_MS)
		first--;
	const struct sample *s0 = &a->samples[first], *s1 = &a->samples[a->nsamples - 1];
	if (s1->t <= s0->t)
		return 0;
	return -(double)(s1->y - s0->y) / (double)(s1->t - s0->t);
}

void app_pointer_up(struct app *a, int x, int y, uint64_t t)
{
	if (!a->down)
		return;
	app_pointer_move(a, x, y, t);
	a->down = false;
	a->corner_press = false;
	a->dirty = true;
	if (a->dragging) {
		if (a->press_in_viewport) {
			a->velocity = release_velocity(a, t);
			if (fabs(a->velocity) < FLING_MIN_SPEED * 5)
				a->velocity = 0;
			a->last_tick = t;
		}
		return;
	}
	const struct view *v = hit(a->frame, x, y);
	char target[MAX_TARGET];
	snprintf(target, sizeof target, "%s", a->pressed);
	a->pressed[0] = '\0';
	if (!a->press_stopped_fling && v && strcmp(v->target, target) == 0 && *target)
		app_navigate(a, target);
}

void app_pointer_cancel(struct app *a, uint64_t t)
{
	touched(a, t);
	a->down = a->dragging = false;
	a->pressed[0] = '\0';
	a->dirty = true;
}

/* Moves the keyboard focus to the next (dir 1) or previous (-1) widget that
 * takes input in the last frame. */
static void move_focus(struct app *a, int dir)
{
	struct view_list *l = a->frame;
	int n = l ? view_count(l) : 0, cur = -1, count = 0;
	for (int i = 0; i < n; i++) {
		const struct view *v = view_at(l, i);
		if (view_is_interactive(v)) {
			count++;
			if (cur < 0 && a->focus[0] && strcmp(v->target, a->focus) == 0)
				cur = i;
		}
	}
	if (!count)
		return;
	for (int step = 1; step <= n; step++) {
		int i = cur < 0 ? (dir > 0 ? step - 1 : n - step) : ((cur + dir * step) % n + n) % n;
		const struct view *v = view_at(l, i);
		if (view_is_interactive(v)) {
			snprintf(a->focus, sizeof a->focus, "%s", v->target);
			/* Keep the focused widget in sight. */
			if (SDL_HasIntersection(&v->rect, &a->viewport) && v->clip.h < v->rect.h)
				here(a)->scroll += v->rect.y < a->viewport.y ? v->rect.y - a->viewport.y
					: (v->rect.y + v->rect.h) - (a->viewport.y + a->viewport.h);
			else if (!SDL_RectEquals(&v->clip, &v->rect) || v->rect.y > a->viewport.y + a->viewport.h)
				here(a)->scroll += v->rect.y - a->viewport.y - a->gap;
			clamp_scroll(a);
			break;
		}
	}
	a->dirty = true;
}

void app_key(struct app *a, SDL_Keycode key, uint16_t mod, uint64_t t)
{
	if (a->update == UPDATE_RUNNING && !((mod & KMOD_CTRL) && key == SDLK_q))
		return;
	touched(a, t);
	a->dirty = true;
	if ((mod & KMOD_CTRL) && key == SDLK_q) {
		a->quit = true;
		return;
	}
	enum screen screen = here(a)->screen;
	bool typing = screen == SCR_SEARCH || screen == SCR_NEAR;
	const char *field = screen == SCR_SEARCH ? a->query : a->postcode;
	if (typing && !a->countdown) {
		/* Letters arrive as text (app_text); these keys edit it. */
		if (key == SDLK_BACKSPACE && field[0]) {
			type_key(a, "backspace");
			return;
		}
		if (key == SDLK_DELETE) {
			type_key(a, "clear");
			return;
		}
		if (key == SDLK_SPACE)
			return;
		if ((key == SDLK_RETURN || key == SDLK_KP_ENTER) && !a->focus[0]) {
			if (screen == SCR_SEARCH && a->nresults)
				app_navigate(a, a->results[0].target);
			return;
		}
	}
	switch (key) {
	case SDLK_TAB:
		move_focus(a, (mod & KMOD_SHIFT) ? -1 : 1);
		break;
	case SDLK_DOWN: case SDLK_RIGHT:
		move_focus(a, 1);
		break;
	case SDLK_UP: case SDLK_LEFT:
		move_focus(a, -1);
		break;
	case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
		if (a->countdown)
			a->countdown = false;
		else if (a->focus[0]) {
			char target[MAX_TARGET];
			snprintf(target, sizeof target, "%s", a->focus);
			app_navigate(a, target);
		}
		break;
	case SDLK_ESCAPE: case SDLK_BACKSPACE: case SDLK_AC_BACK:
		app_navigate(a, "back");
		break;
	case SDLK_HOME: case SDLK_AC_HOME:
		app_navigate(a, "home");
		break;
	case SDLK_PAGEDOWN: case SDLK_PAGEUP:
		here(a)->scroll += (key == SDLK_PAGEDOWN ? 1 : -1) * a->viewport.h * 0.8;
		clamp_scroll(a);
		break;
	default:
		break;
	}
}

void app_show_update_progress(struct app *a, double done)
{
	a->update = UPDATE_RUNNING;
	a->update_done = done < 0 ? 0 : done > 1 ? 1 : done;
	a->down = a->dragging = false;
	a->pressed[0] = '\0';
	a->dirty = true;
}

void app_show_update_result(struct app *a, bool applied, long long version, const char *why_name)
{
	a->update = UPDATE_SHOWN;
	a->update_applied = applied;
	a->update_version = version;
	snprintf(a->update_reason, sizeof a->update_reason, "update_why_%s", why_name);
	a->dirty = true;
}

void app_set_store(struct app *a, struct store *store)
{
	search_close(a->search);
	a->search = NULL;
	a->search_broken = false;
	free(a->index);
	a->index = NULL;
	a->nindex = 0;
	free(a->row_y);
	a->row_y = NULL;
	a->store = store;
	a->have_home = a->set.postcode[0] && store_locate_postcode(store, a->set.postcode, &a->home);
	bool shown = a->update == UPDATE_SHOWN;
	reset_session(a);
	if (shown)
		a->update = UPDATE_SHOWN;   /* the outcome stays for staff to read */
}

void app_text(struct app *a, const char *utf8, uint64_t t)
{
	if (a->update == UPDATE_RUNNING)
		return;   /* as touches: they wait */
	touched(a, t);
	a->dirty = true;
	enum screen screen = here(a)->screen;
	if (screen != SCR_SEARCH && screen != SCR_NEAR) {
		/* Typing elsewhere starts a new search. */
		a->query[0] = '\0';
		go(a, SCR_SEARCH, NULL);
	}
	/* One character at a time, as the on-screen keys type. */
	for (const char *p = utf8; *p;) {
		char ch[8];
		size_t n = 1;
		while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80 && n < sizeof ch - 1)
			n++;
		memcpy(ch, p, n);
		ch[n] = '\0';
		p += n;
		type_key(a, strcmp(ch, " ") == 0 ? "space" : ch);
	}
}

/* ---- building a frame --------------------------------------------------------------- */

/* Lays out a scrolling page top to bottom inside the viewport. */
struct page {
	struct app *a;
	struct view_list *l;
	int x, w, y;
	double scroll;
};

static SDL_Rect take(struct page *p, int h)
{
	SDL_Rect r = {p->x, p->a->viewport.y + p->y - (int)p->scroll, p->w, h};
	p->y += h;
	return r;
}

static void space(struct page *p, int h)
{
	p->y += h;
}

static struct view *put_text(struct page *p, enum view_role role, enum view_style style,
			     const char *s)
{
	if (!*s)
		return NULL;
	int h = text_height(p->a->text, style, s, p->w);
	struct view *v = view_push(p->l, role, style, take(p, h), s, NULL);
	space(p, p->a->gap / 2);
	return v;
}

static void put_heading(struct page *p, const char *s)
{
	space(p, p->a->gap);
	put_text(p, ROLE_HEADING, STYLE_SUBHEADING, s);
}

/* A line "Label: text" as text. */
static void put_field(struct page *p, const char *label, const char *value)
{
	if (!*value)
		return;
	char buf[TEXT_BYTES(LIMIT_DESCRIPTION) + 128];
	snprintf(buf, sizeof buf, "%s: %s", label, value);
	put_text(p, ROLE_TEXT, STYLE_BODY, buf);
}

static void put_button(struct page *p, const char *label, const char *target, enum view_style st)
{
	struct app *a = p->a;
	int pad = render_padding(a->render, st);
	int w = text_width(a->text, st, label) + 4 * pad;
	if (w > p->w)
		w = p->w;
	SDL_Rect r = take(p, a->target);
	r.w = w;
	view_push(p->l, ROLE_BUTTON, st, r, label, target);
	space(p, a->gap);
}

static void put_link(struct page *p, const char *label, const char *target)
{
	struct app *a = p->a;
	int h = text_height(a->text, STYLE_LINK, label, 0);
	int w = text_width(a->text, STYLE_LINK, label);
	SDL_Rect r = take(p, h > a->target ? h : a->target);
	if (w < r.w)
		r.w = w;
	view_push(p->l, ROLE_LINK, STYLE_LINK, r, label, target);
}

/* A picture at its own size (scaled with the window), narrower when the
 * column is; its label is the alternative text. */
static void put_image(struct page *p, const struct store_media *m)
{
	int w, h;
	if (!m || !rule_image_size(m->data, m->len, &w, &h))
		return;
	struct app *a = p->a;
	int dw = (int)(w * a->u + 0.5), dh = (int)(h * a->u + 0.5);
	if (dw > p->w) {
		dh = (int)((double)dh * p->w / dw + 0.5);
		dw = p->w;
	}
	SDL_Rect r = take(p, dh);
	r.w = dw;
	struct view *v = view_push(p->l, ROLE_IMAGE, STYLE_BODY, r, m->alt, NULL);
	if (v)
		v->data = m;
	space(p, a->gap);
}

/* A card: the item (its label is the title) with lines of text inside. */
static void put_item(struct page *p, const char *title, const char *const *lines, int nlines,
		     const char *target)
{
	struct app *a = p->a;
	int pad = render_padding(a->render, STYLE_ITEM);
	int inner = p->w - 2 * pad;
	int h = pad + text_height(a->text, STYLE_ITEM, title, inner);
	int line_h[8];
	for (int i = 0; i < nlines && i < 8; i++) {
		line_h[i] = *lines[i] ? text_height(a->text, STYLE_SMALL, lines[i], inner) : 0;
		h += line_h[i] ? line_h[i] + a->gap / 4 : 0;
	}
	h += pad;
	if (h < a->target)
		h = a->target;
	SDL_Rect r = take(p, h);
	view_push(p->l, ROLE_ITEM, STYLE_ITEM, r, title, target);
	int y = r.y + pad + text_height(a->text, STYLE_ITEM, title, inner) + a->gap / 4;
	for (int i = 0; i < nlines && i < 8; i++) {
		if (!line_h[i])
			continue;
		SDL_Rect tr = {r.x + pad, y, inner, line_h[i]};
		view_push(p->l, ROLE_TEXT, STYLE_SMALL, tr, lines[i], NULL);
		y += line_h[i] + a->gap / 4;
	}
	space(p, a->gap / 2);
}

/* On a landscape screen the QR codes get the right-hand column, beside the
 * details, so they are in sight without scrolling; on a portrait screen they
 * follow the details. Returns the page for the details. */
static struct page split_for_qr(struct page *p, struct page *qr_column)
{
	struct app *a = p->a;
	*qr_column = *p;
	if (a->w <= a->h)
		return *p;
	struct page details = *p;
	details.w = (p->w - 2 * a->gap) * 55 / 100;
	qr_column->x = p->x + details.w + 2 * a->gap;
	qr_column->w = p->w - details.w - 2 * a->gap;
	return details;
}

/* The QR codes of a contact: call, e-mail, web page, save contact. With a
 * `max_h` (> 0) they are sized to fit that height. */
static void put_qr_codes(struct page *p, const struct qr_set *q, int max_h)
{
	struct app *a = p->a;
	const char *payload[4] = {q->tel, q->mail, q->web, q->vcard};
	const char *caption[4] = {tr(a, "qr_call"), tr(a, "qr_mail"), tr(a, "qr_web"), tr(a, "qr_save")};
	int n = 0, idx[4];
	for (int i = 0; i < 4; i++)
		if (payload[i][0])
			idx[n++] = i;
	if (!n)
		return;
	int top = p->y;
	put_heading(p, tr(a, "qr_title"));
	put_text(p, ROLE_TEXT, STYLE_BODY, tr(a, "qr_hint"));
	int cols = p->w >= 4 * (int)(300 * a->u) ? 4 : 2;
	if (n == 3 && cols == 2)
		cols = 3 * (int)(220 * a->u) <= p->w ? 3 : 2;
	if (cols > n)
		cols = n;
	int cell = (p->w - (cols - 1) * a->gap) / cols;
	int caption_h = 0;
	for (int i = 0; i < n; i++) {
		int h = text_height(a->text, STYLE_QR, caption[idx[i]], cell);
		if (h > caption_h)
			caption_h = h;
	}
	/* One size for every code on the page, the largest all of them allow. */
	int side = cell < (int)(520 * a->u) ? cell : (int)(520 * a->u);
	int rows = (n + cols - 1) / cols;
	if (max_h > 0) {
		int room = (max_h - (p->y - top) - rows * (a->gap + a->gap / 2 + caption_h)) / rows;
		if (room < side)
			side = room;
	}
	for (int i = 0; i < n; i++) {
		int s = render_qr_side(a->render, payload[idx[i]], side);
		if (s < side)
			side = s;
	}
	for (int row = 0; row * cols < n; row++) {
		SDL_Rect band = take(p, side + a->gap / 2 + caption_h);
		for (int c = 0; c < cols && row * cols + c < n; c++) {
			int i = idx[row * cols + c];
			int x = p->x + c * (cell + a->gap);
			SDL_Rect qr = {x + (cell - side) / 2, band.y, side, side};
			view_push(p->l, ROLE_QR, STYLE_QR, qr, caption[i], payload[i]);
			SDL_Rect cap = {x, band.y + side + a->gap / 2, cell, caption_h};
			view_push(p->l, ROLE_TEXT, STYLE_QR, cap, caption[i], NULL);
		}
		space(p, a->gap);
	}
}

/* The bar on top of every screen: back, home, where you are, languages. */
static void build_header(struct app *a, struct view_list *l, const char *title, bool nav)
{
	SDL_Rect bar = {0, 0, a->w, a->header_h};
	view_push(l, ROLE_BOX, STYLE_HEADER_BAR, bar, "", NULL);
	int pad = render_padding(a->render, STYLE_HEADER_BUTTON);
	int y = (a->header_h - a->target) / 2, x = a->pad / 2;
	if (nav) {
		const char *labels[2] = {tr(a, "back"), tr(a, "home")};
		const char *targets[2] = {"back", "home"};
		for (int i = 0; i < 2; i++) {
			char label[64];
			snprintf(label, sizeof label, i == 0 ? "‹ %s" : "%s", labels[i]);
			int w = text_width(a->text, STYLE_HEADER_BUTTON, label) + 3 * pad;
			SDL_Rect r = {x, y, w, a->target};
			struct view *v = view_push(l, ROLE_BUTTON, STYLE_HEADER_BUTTON, r, label, targets[i]);
			if (v && i == 0 && a->depth < 2)
				v->flags |= VIEW_DISABLED;
			x += w + a->gap / 2;
		}
	}
	/* Languages, right-aligned; the current one filled light. */
	int right = a->w - a->pad / 2;
	static const char *codes[2] = {"en", "de"};
	for (int i = 0; i < 2; i++) {
		char key[16], target[16];
		snprintf(key, sizeof key, "lang_%s", codes[i]);
		snprintf(target, sizeof target, "lang:%s", codes[i]);
		const char *label = tr(a, key);
		int w = text_width(a->text, STYLE_HEADER_BUTTON, label) + 3 * pad;
		right -= w;
		SDL_Rect r = {right, y, w, a->target};
		bool current = strcmp(a->lang, codes[i]) == 0;
		view_push(l, ROLE_BUTTON, current ? STYLE_BUTTON_QUIET : STYLE_HEADER_BUTTON, r, label, target);
		right -= a->gap / 2;
	}
	int tw = right - x - a->gap;
	if (tw > 0 && title && *title) {
		int th = text_height(a->text, STYLE_HEADER_BAR, title, 0);
		if (text_width(a->text, STYLE_HEADER_BAR, title) <= tw && th <= a->header_h) {
			SDL_Rect r = {x + a->gap / 2, (a->header_h - th) / 2, tw, th};
			view_push(l, ROLE_TEXT, STYLE_HEADER_BAR, r, title, NULL);
		}
	}
}

/* The letter buttons A–Z, wrapped to the width, and optionally a button
 * after them (on the last row when it fits). Returns their height. */
static int build_letters(struct app *a, struct view_list *l, int x, int y, int w, char current,
			 const char *button, const char *button_target)
{
	layout_index(a);
	int n = 26 + (a->letter_present[MAX_LETTERS - 1] ? 1 : 0);
	int cell = a->target, cols = (w + a->gap / 2) / (cell + a->gap / 2);
	if (cols > n)
		cols = n;
	if (cols < 1)
		cols = 1;
	int rows = (n + cols - 1) / cols;
	int cw = (w - (cols - 1) * (a->gap / 2)) / cols;
	for (int i = 0; i < n; i++) {
		char label[2] = {i < 26 ? (char)('A' + i) : '#', '\0'};
		char target[16];
		snprintf(target, sizeof target, "letter:%s", label);
		SDL_Rect r = {x + (i % cols) * (cw + a->gap / 2), y + (i / cols) * (cell + a->gap / 2), cw, cell};
		bool present = a->letter_present[i < 26 ? i : MAX_LETTERS - 1];
		struct view *v = view_push(l, ROLE_LETTER, label[0] == current ? STYLE_LETTER_CURRENT
					   : STYLE_LETTER, r, label, target);
		if (v && !present)
			v->flags |= VIEW_DISABLED;
	}
	if (button) {
		int bw = text_width(a->text, STYLE_BUTTON, button) + 4 * render_padding(a->render, STYLE_BUTTON);
		int used = n % cols ? n % cols : cols;
		int bx = x + used * (cw + a->gap / 2) + a->gap;
		SDL_Rect r = {bx, y + (rows - 1) * (cell + a->gap / 2), bw, cell};
		if (bx + bw > x + w) {
			r.x = x;
			r.y += cell + a->gap;
			rows++;
		}
		view_push(l, ROLE_BUTTON, STYLE_BUTTON, r, button, button_target);
		return rows * cell + (rows - 2) * (a->gap / 2) + a->gap;
	}
	return rows * cell + (rows - 1) * (a->gap / 2);
}

static void build_start(struct app *a, struct page *p)
{
	put_text(p, ROLE_HEADING, STYLE_TITLE, tr(a, "welcome"));
	put_text(p, ROLE_TEXT, STYLE_BODY, tr(a, "intro"));
	space(p, a->gap);
	SDL_Rect input = take(p, a->target + (int)(16 * a->u));
	view_push(p->l, ROLE_INPUT, STYLE_INPUT, input, tr(a, "search_hint"), "search");
	space(p, a->gap);
	put_button(p, tr(a, "near_button"), "near", STYLE_BUTTON_QUIET);
	put_heading(p, tr(a, "letters"));
	SDL_Rect letters = take(p, 0);
	p->y += build_letters(a, p->l, letters.x, letters.y, p->w, 0, tr(a, "all_topics"), "index");
	space(p, a->gap);
	if (a->nlinks_a) {
		/* The info pages as cards, two a row where there is room. */
		put_heading(p, tr(a, "pages"));
		int cols = p->w >= (int)(1200 * a->u) ? 2 : 1;
		int cw = (p->w - (cols - 1) * a->gap) / cols;
		for (int i = 0; i < a->nlinks_a; i += cols) {
			int h = a->target;
			for (int c = 0; c < cols && i + c < a->nlinks_a; c++) {
				int th = text_height(a->text, STYLE_ITEM, a->links_a[i + c].label,
						     cw - 2 * render_padding(a->render, STYLE_ITEM)) +
					 2 * render_padding(a->render, STYLE_ITEM);
				if (th > h)
					h = th;
			}
			SDL_Rect row = take(p, h);
			for (int c = 0; c < cols && i + c < a->nlinks_a; c++) {
				SDL_Rect r = {row.x + c * (cw + a->gap), row.y, cw, h};
				view_push(p->l, ROLE_ITEM, STYLE_ITEM, r, a->links_a[i + c].label,
					  a->links_a[i + c].target);
			}
			space(p, a->gap / 2);
		}
	}
}

/* The start screen's footer: the content's date, and that it is demo data. */
static void start_footer(struct app *a, char *footer, size_t size)
{
	const struct store_meta *m = store_meta(a->store);
	char date[64], line[160];
	int y, mo, d;
	bool de = strcmp(a->lang, "de") == 0;
	if (sscanf(m->published, "%d-%d-%d", &y, &mo, &d) == 3)
		snprintf(date, sizeof date, de ? "%02d.%02d.%04d" : "%04d-%02d-%02d", de ? d : y, mo,
			 de ? y : d);
	else
		snprintf(date, sizeof date, "%s", m->published);
	fill_in(line, sizeof line, tr(a, "content_date"), date);
	snprintf(footer, size, "%s%s%s", line, m->demo ? " · " : "", m->demo ? tr(a, "demo") : "");
}

static void build_topic(struct app *a, struct page *p)
{
	put_text(p, ROLE_HEADING, STYLE_HEADING, a->topic.name);
	put_text(p, ROLE_TEXT, STYLE_BODY, a->topic.summary);
	/* Contact points first: at national scale a topic has hundreds of
	 * groups, and the contact point is where a visitor gets help with all. */
	if (a->nlinks_a) {
		put_heading(p, tr(a, "topic_contacts"));
		for (int i = 0; i < a->nlinks_a; i++)
			put_link(p, a->links_a[i].label, a->links_a[i].target);
	}
	put_heading(p, tr(a, "topic_groups"));
	if (!a->ngroups)
		put_text(p, ROLE_TEXT, STYLE_BODY, tr(a, "topic_no_groups"));
	for (int i = 0; i < a->ngroups; i++) {
		const struct store_group_row *g = &a->groups[i];
		char target[32], meets[TEXT_BYTES(2 * LIMIT_SCHEDULE) + 8], by[TEXT_BYTES(LIMIT_NAME) + 64];
		snprintf(target, sizeof target, "group:%lld", g->id);
		snprintf(meets, sizeof meets, "%s%s%s", g->schedule, *g->schedule && *g->place ? " · " : "",
			 g->place);
		by[0] = '\0';
		if (*g->contact_name)
			snprintf(by, sizeof by, "%s: %s", tr(a, "group_supported_by"), g->contact_name);
		const char *lines[2] = {meets, by};
		put_item(p, g->name, lines, 2, target);
	}
	if (a->groups_total > a->ngroups) {
		char more[256], n[16];
		snprintf(n, sizeof n, "%d", a->groups_total - a->ngroups);
		fill_in(more, sizeof more, tr(a, "topic_more_groups"), n);
		put_text(p, ROLE_TEXT, STYLE_BODY, more);
	}
	if (a->nlinks_b) {
		put_heading(p, tr(a, "topic_related"));
		for (int i = 0; i < a->nlinks_b; i++)
			put_link(p, a->links_b[i].label, a->links_b[i].target);
	}
}

static void build_contact(struct app *a, struct page *p)
{
	const struct store_contact *c = &a->contact;
	char buf[4096];
	struct page qr, d;
	put_text(p, ROLE_HEADING, STYLE_HEADING, c->name);
	d = split_for_qr(p, &qr);
	bool beside = qr.x != d.x;
	if (beside)
		put_qr_codes(&qr, &a->qr, a->viewport.h - qr.y - a->gap);
	put_text(&d, ROLE_TEXT, STYLE_BODY, c->description);
	put_image(&d, a->image);
	put_heading(&d, tr(a, "contact_address"));
	snprintf(buf, sizeof buf, "%s\n%s %s", c->street, c->postcode, c->town);
	put_text(&d, ROLE_TEXT, STYLE_BODY, buf);
	put_field(&d, tr(a, "contact_phone"), c->phone);
	put_field(&d, tr(a, "contact_email"), c->email);
	put_field(&d, tr(a, "contact_web"), c->web);
	if (*c->hours) {
		put_heading(&d, tr(a, "contact_hours"));
		put_text(&d, ROLE_TEXT, STYLE_BODY, c->hours);
	}
	put_heading(&d, tr(a, "contact_access"));
	snprintf(buf, sizeof buf, "%s%s%s%s%s", tr(a, c->step_free ? "access_step_free" : "access_not_step_free"),
		 c->hearing_loop ? "\n" : "", c->hearing_loop ? tr(a, "access_hearing_loop") : "",
		 c->accessible_wc ? "\n" : "", c->accessible_wc ? tr(a, "access_wc") : "");
	put_text(&d, ROLE_TEXT, STYLE_BODY, buf);
	put_text(&d, ROLE_TEXT, STYLE_BODY, c->accessibility);
	if (!beside)
		put_qr_codes(&d, &a->qr, 0);
	p->y = d.y > qr.y ? d.y : qr.y;
}

static void build_group(struct app *a, struct page *p)
{
	const struct store_group *g = &a->group;
	struct page qr, d;
	bool own = *g->phone || *g->email || *g->web;
	put_text(p, ROLE_HEADING, STYLE_HEADING, g->name);
	d = own ? split_for_qr(p, &qr) : *p;
	if (!own)
		qr = d;
	bool beside = qr.x != d.x;
	if (own && beside)
		put_qr_codes(&qr, &a->qr, a->viewport.h - qr.y - a->gap);
	put_field(&d, tr(a, "group_meets"), g->schedule);
	put_field(&d, tr(a, "group_place"), g->place);
	put_text(&d, ROLE_TEXT, STYLE_BODY, g->note);
	if (g->contact_id) {
		char target[32];
		snprintf(target, sizeof target, "contact:%lld", g->contact_id);
		put_heading(&d, tr(a, "group_supported_by"));
		put_link(&d, g->contact_name, target);
	}
	if (a->nlinks_a) {
		put_heading(&d, tr(a, "group_topics"));
		for (int i = 0; i < a->nlinks_a; i++)
			put_link(&d, a->links_a[i].label, a->links_a[i].target);
	}
	put_field(&d, tr(a, "contact_phone"), g->phone);
	put_field(&d, tr(a, "contact_email"), g->email);
	put_field(&d, tr(a, "contact_web"), g->web);
	if (own && !beside)
		put_qr_codes(&d, &a->qr, 0);
	p->y = d.y > qr.y ? d.y : qr.y;
}

static void build_page(struct app *a, struct page *p)
{
	put_text(p, ROLE_HEADING, STYLE_HEADING, a->page->title);
	/* The picture: beside the text where the screen is wide enough, else
	 * under the title. */
	int w, h;
	if (a->image && rule_image_size(a->image->data, a->image->len, &w, &h)) {
		struct page side = *p;
		side.x = p->x + p->w + 2 * a->gap;
		side.w = a->w - a->pad - side.x;
		if (side.w >= (int)(w * a->u * 0.75))
			put_image(&side, a->image);
		else
			put_image(p, a->image);
	}
	/* Paragraphs are separated by an empty line; each is its own text. */
	const char *s = a->page->body;
	char para[TEXT_BYTES(LIMIT_BODY)];
	while (*s) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		snprintf(para, sizeof para, "%.*s", (int)n, s);
		put_text(p, ROLE_TEXT, STYLE_BODY, para);
		space(p, a->gap / 2);
		s += n;
		while (*s == '\n')
			s++;
	}
}

/* ---- search and near me ----------------------------------------------------- */

/* A key's label: the letter as a capital, like the keys of a real keyboard. */
static void key_label(const char *ch, char *out, size_t cap)
{
	static const char *const upper[][2] = {{"ä", "Ä"}, {"ö", "Ö"}, {"ü", "Ü"}};
	for (size_t i = 0; i < sizeof upper / sizeof *upper; i++)
		if (strcmp(ch, upper[i][0]) == 0) {
			snprintf(out, cap, "%s", upper[i][1]);
			return;
		}
	snprintf(out, cap, "%s", ch);
	if (out[0] >= 'a' && out[0] <= 'z' && !out[1])
		out[0] = (char)(out[0] - 32);
}

static void put_key(struct view_list *l, SDL_Rect r, const char *label, const char *key,
		    enum view_style style)
{
	char target[32];
	snprintf(target, sizeof target, "key:%s", key);
	view_push(l, ROLE_KEY, style, r, label, target);
}

/* The keys of one layout: rows of characters separated by spaces; the last
 * row of characters ends with backspace, and a row of clear and space (or,
 * for digits, 0 and backspace) follows. Centred in `area`, at its
 * bottom; returns the top of the keyboard. */
static int build_keyboard(struct app *a, struct view_list *l, SDL_Rect area, const char *const *rows,
			  int nrows, bool digits)
{
	int g = a->gap / 2, cols = 0;
	for (int r = 0; r < nrows; r++) {
		int n = 1;
		for (const char *c = rows[r]; *c; c++)
			n += *c == ' ';
		if (!digits && r == nrows - 1)
			n += 3;   /* backspace, three keys wide */
		if (n > cols)
			cols = n;
	}
	int kw = (area.w - (cols - 1) * g) / cols;
	int max_kw = (int)((digits ? 200 : 120) * a->u);
	if (kw > max_kw)
		kw = max_kw;
	int kh = digits ? a->target + (int)(12 * a->u) : a->target;
	int total = nrows + 1;
	int top = area.y + area.h - total * kh - (total - 1) * g;
	int width = cols * kw + (cols - 1) * g;
	int x0 = area.x + (area.w - width) / 2;
	for (int r = 0; r < nrows; r++) {
		char row[64];
		snprintf(row, sizeof row, "%s", rows[r]);
		int n = 1;
		for (const char *c = row; *c; c++)
			n += *c == ' ';
		int units = n + (!digits && r == nrows - 1 ? 3 : 0);
		int x = x0 + (width - (units * kw + (units - 1) * g)) / 2;
		int y = top + r * (kh + g);
		char *save = NULL;
		for (char *ch = strtok_r(row, " ", &save); ch; ch = strtok_r(NULL, " ", &save)) {
			char label[8];
			key_label(ch, label, sizeof label);
			put_key(l, (SDL_Rect){x, y, kw, kh}, label, ch, STYLE_BUTTON_QUIET);
			x += kw + g;
		}
		if (!digits && r == nrows - 1)
			put_key(l, (SDL_Rect){x, y, 3 * kw + 2 * g, kh}, tr(a, "key_backspace"), "backspace",
				STYLE_BUTTON);
	}
	int y = top + nrows * (kh + g);
	if (digits) {   /* five digits: backspace is all the editing needed */
		put_key(l, (SDL_Rect){x0, y, kw, kh}, "0", "0", STYLE_BUTTON_QUIET);
		put_key(l, (SDL_Rect){x0 + kw + g, y, width - kw - g, kh}, tr(a, "key_backspace"), "backspace",
			STYLE_BUTTON);
	} else {
		int cw = 4 * kw + 3 * g, sw = width - cw - g;
		put_key(l, (SDL_Rect){x0, y, cw, kh}, tr(a, "key_clear"), "clear", STYLE_BUTTON);
		put_key(l, (SDL_Rect){x0 + cw + g, y, sw, kh}, tr(a, "key_space"), "space", STYLE_BUTTON_QUIET);
	}
	return top;
}

/* The typing side (field, keyboard) and the list side of a screen: side by
 * side on a landscape screen, the keyboard at the bottom (within reach from a
 * wheelchair), stacked with the list in the middle on a portrait one.
 * `button`: a button goes under the field (below_field). */
struct typing_layout {
	SDL_Rect field, below_field, keys, list;
};

static struct typing_layout typing_layout(struct app *a, int keyboard_h, bool button)
{
	struct typing_layout t;
	int top = a->header_h + a->gap, bottom = a->h - a->gap;
	int field_h = a->target + (int)(16 * a->u);
	if (a->w > a->h) {
		int left = (a->w - 2 * a->pad - 2 * a->gap) * 56 / 100;
		t.field = (SDL_Rect){a->pad, top, left, field_h};
		t.keys = (SDL_Rect){a->pad, bottom - keyboard_h, left, keyboard_h};
		t.list = (SDL_Rect){a->pad + left + 2 * a->gap, top, a->w - 2 * a->pad - left - 2 * a->gap,
				    bottom - top};
	} else {
		int w = a->w - 2 * a->pad;
		t.field = (SDL_Rect){a->pad, top, w, field_h};
		t.keys = (SDL_Rect){a->pad, bottom - keyboard_h, w, keyboard_h};
		t.list = (SDL_Rect){a->pad, 0, w, 0};
	}
	t.below_field = (SDL_Rect){t.field.x, t.field.y + t.field.h + a->gap, t.field.w, a->target};
	if (a->w <= a->h) {
		t.list.y = button ? t.below_field.y + t.below_field.h + a->gap : t.below_field.y;
		t.list.h = t.keys.y - a->gap - t.list.y;
	}
	return t;
}

static int keyboard_height(const struct app *a, int nrows, bool digits)
{
	int kh = digits ? a->target + (int)(12 * a->u) : a->target;
	return (nrows + 1) * kh + nrows * (a->gap / 2);
}

/* The field that shows what was typed, with a caret; the hint when empty. */
static void put_field_box(struct app *a, struct view_list *l, SDL_Rect r, const char *typed,
			  const char *hint, const char *target)
{
	const char *shown = *typed ? typed : hint;
	char tail[MAX_QUERY_BYTES + 8];
	int room = r.w - 3 * render_padding(a->render, STYLE_INPUT_TEXT);
	if (*typed && text_width(a->text, STYLE_INPUT_TEXT, typed) > room) {
		/* Longer than the field: its end, where the typing is. */
		const char *p = typed;
		do {
			p++;
			while (((unsigned char)*p & 0xC0) == 0x80)
				p++;
			snprintf(tail, sizeof tail, "…%s", p);
		} while (*p && text_width(a->text, STYLE_INPUT_TEXT, tail) > room);
		shown = tail;
	}
	view_push(l, ROLE_INPUT, *typed ? STYLE_INPUT_TEXT : STYLE_INPUT, r, shown, target);
}

/* Starts a scrolling list in `area`; returns its page. */
static struct page list_page(struct app *a, struct view_list *l, SDL_Rect area)
{
	a->viewport = area;
	view_clip_push(l, area);
	return (struct page){.a = a, .l = l, .x = area.x, .w = area.w, .y = 0, .scroll = here(a)->scroll};
}

static void end_list(struct app *a, struct view_list *l, struct page *p)
{
	view_clip_pop(l);
	a->content_h = p->y + a->gap;
	double before = here(a)->scroll;
	clamp_scroll(a);
	if (here(a)->scroll != before)
		a->dirty = true;
}

static void put_results(struct app *a, struct page *p)
{
	if (!a->query[0]) {
		put_text(p, ROLE_TEXT, STYLE_BODY, tr(a, "search_start"));
		return;
	}
	if (!a->nresults) {
		/* Nothing: say so kindly, and offer the ways that always work. */
		char msg[MAX_QUERY_BYTES + 256];
		fill_in(msg, sizeof msg, tr(a, "search_none"), a->query);
		put_text(p, ROLE_HEADING, STYLE_SUBHEADING, msg);
		put_text(p, ROLE_TEXT, STYLE_BODY, tr(a, "search_none_hint"));
		space(p, a->gap);
		put_button(p, tr(a, "all_topics"), "index", STYLE_BUTTON);
		/* The contact point: the kiosk's nearest when it knows its place;
		 * else the "near me" button beside the field leads to one. */
		if (a->nlinks_a > 0) {
			char target[32];
			snprintf(target, sizeof target, "contact:%lld", a->near[0].id);
			put_text(p, ROLE_TEXT, STYLE_BODY, tr(a, "search_local_contact"));
			put_link(p, a->near[0].name, target);
		}
		return;
	}
	static const char *const kind_key[] = {"kind_topic", "kind_contact", "kind_group", "kind_page"};
	for (int i = 0; i < a->nresults; i++) {
		const struct search_result *r = &a->results[i];
		char line[TEXT_BYTES(LIMIT_NAME) * 2 + 64];
		int n = snprintf(line, sizeof line, "%s", tr(a, kind_key[r->kind]));
		if (*r->via && r->field != FIELD_TOWN && r->field != FIELD_POSTCODE && n < (int)sizeof line)
			/* why it matched; the font has no arrow, » reads as one */
			n += snprintf(line + n, sizeof line - (size_t)n, " · %s » %s", r->via, r->title);
		if (*r->detail && n < (int)sizeof line)
			snprintf(line + n, sizeof line - (size_t)n, " · %s", r->detail);
		const char *lines[1] = {line};
		put_item(p, r->title, lines, 1, r->target);
	}
}

static void build_search(struct app *a, struct view_list *l)
{
	static const char *const de[] = {"q w e r t z u i o p ü", "a s d f g h j k l ö ä", "y x c v b n m ß"};
	static const char *const en[] = {"q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m"};
	struct typing_layout t = typing_layout(a, keyboard_height(a, 3, false), true);
	put_field_box(a, l, t.field, a->query, tr(a, "search_hint"), "search");
	int bw = text_width(a->text, STYLE_BUTTON, tr(a, "near_button")) +
		 4 * render_padding(a->render, STYLE_BUTTON);
	SDL_Rect near = t.below_field;
	if (bw < near.w)
		near.w = bw;
	view_push(l, ROLE_BUTTON, STYLE_BUTTON_QUIET, near, tr(a, "near_button"), "near");
	build_keyboard(a, l, t.keys, strcmp(a->lang, "de") == 0 ? de : en, 3, false);
	struct page p = list_page(a, l, t.list);
	put_results(a, &p);
	end_list(a, l, &p);
}

/* "2,3 km" or "2.3 km"; whole kilometres from 10 on. */
static void format_km(const struct app *a, double km, char *out, size_t cap)
{
	if (km < 10)
		snprintf(out, cap, "%.1f km", km);
	else
		snprintf(out, cap, "%.0f km", km);
	char *dot = strchr(out, '.');
	if (dot && strcmp(a->lang, "de") == 0)
		*dot = ',';
}

static void build_near(struct app *a, struct view_list *l)
{
	static const char *const digits[] = {"1 2 3", "4 5 6", "7 8 9"};
	struct typing_layout t = typing_layout(a, keyboard_height(a, 3, true), false);
	put_field_box(a, l, t.field, a->postcode, tr(a, "near_hint"), "near");
	build_keyboard(a, l, t.keys, digits, 3, true);
	struct page p = list_page(a, l, t.list);
	char buf[512], place[TEXT_BYTES(LIMIT_TOWN) + 16];
	if (!a->have_from) {
		put_text(&p, ROLE_TEXT, STYLE_BODY, tr(a, strlen(a->postcode) == 5 ? "near_none" : "near_prompt"));
	} else {
		snprintf(place, sizeof place, "%s %s", a->from.postcode, a->from.town);
		if (strlen(a->postcode) == 5 && !a->from.exact) {
			fill_in(buf, sizeof buf, tr(a, "near_unknown"), a->postcode);
			put_text(&p, ROLE_TEXT, STYLE_BODY, buf);
		}
		fill_in(buf, sizeof buf, tr(a, strlen(a->postcode) == 5 ? "near_from" : "near_from_here"), place);
		put_text(&p, ROLE_HEADING, STYLE_SUBHEADING, buf);
		for (int i = 0; i < a->nnear; i++) {
			const struct store_near *n = &a->near[i];
			char target[32], km[32], line[TEXT_BYTES(LIMIT_TOWN) + 64];
			snprintf(target, sizeof target, "contact:%lld", n->id);
			if (n->km >= 0)
				format_km(a, n->km, km, sizeof km);
			snprintf(line, sizeof line, "%s%s%s %s", n->km >= 0 ? km : "", n->km >= 0 ? " · " : "",
				 n->postcode, n->town);
			const char *lines[1] = {line};
			put_item(&p, n->name, lines, 1, target);
		}
	}
	end_list(a, l, &p);
}

/* The A–Z index: letters on top, then only the rows in sight. */
static void build_index(struct app *a, struct view_list *l)
{
	layout_index(a);
	int x = a->pad, w = a->w - 2 * a->pad;
	int y = a->header_h + a->gap;
	/* Which letter the top of the list is in. */
	char current = 0;
	double scroll = here(a)->scroll;
	for (int i = 0; i < MAX_LETTERS; i++)
		if (a->letter_present[i] && a->letter_y[i] <= scroll + 1)
			current = i < 26 ? (char)('A' + i) : '#';
	y += build_letters(a, l, x, y, w, current, NULL, NULL) + a->gap;
	int thumb_w = (int)(14 * a->u) > 6 ? (int)(14 * a->u) : 6;
	a->viewport = (SDL_Rect){x, y, w, a->h - y - a->gap};
	a->content_h = a->index_height;
	clamp_scroll(a);
	scroll = here(a)->scroll;
	int row_w = w - thumb_w - a->gap;
	view_clip_push(l, a->viewport);
	/* First row in sight, by bisection of the offsets. */
	int lo = 0, hi = a->nindex;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (a->row_y[mid] + a->index_row_h < scroll - a->index_heading_h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < a->nindex; i++) {
		int top = a->viewport.y + a->row_y[i] - (int)scroll;
		if (top > a->viewport.y + a->viewport.h)
			break;
		if (i == 0 || a->index[i].letter != a->index[i - 1].letter) {
			char letter[2] = {a->index[i].letter, '\0'};
			int hh = text_height(a->text, STYLE_SUBHEADING, letter, 0);
			SDL_Rect hr = {x, top - a->index_heading_h + (a->index_heading_h - hh) / 2, row_w, hh};
			view_push(l, ROLE_HEADING, STYLE_SUBHEADING, hr, letter, NULL);
		}
		char target[LIMIT_SLUG + 8];
		snprintf(target, sizeof target, "topic:%s", a->index[i].slug);
		SDL_Rect r = {x, top, row_w, a->index_row_h};
		view_push(l, ROLE_ITEM, STYLE_ITEM, r, a->index[i].name, target);
	}
	view_clip_pop(l);
	/* Where in the list you are: a thumb on the right. */
	if (max_scroll(a) > 0) {
		int th = (int)(a->viewport.h * (a->viewport.h / a->content_h));
		if (th < a->target / 2)
			th = a->target / 2;
		int ty = a->viewport.y + (int)((a->viewport.h - th) * (scroll / max_scroll(a)));
		SDL_Rect thumb = {a->viewport.x + a->viewport.w - thumb_w, ty, thumb_w, th};
		view_push(l, ROLE_BOX, STYLE_THUMB, thumb, "", NULL);
	}
}

static void build_countdown(struct app *a, struct view_list *l)
{
	SDL_Rect all = {0, 0, a->w, a->h};
	view_push(l, ROLE_BOX, STYLE_OVERLAY, all, "", NULL);
	int w = a->w - 2 * a->pad < (int)(1000 * a->u) ? a->w - 2 * a->pad : (int)(1000 * a->u);
	int pad = a->pad;
	int left = (int)((a->set.idle_timeout_ms + a->set.idle_countdown_ms - (int64_t)(a->now - a->last_input)) / 1000);
	char msg[256], n[16];
	snprintf(n, sizeof n, "%d", left > 0 ? left : 0);
	fill_in(msg, sizeof msg, tr(a, "idle_countdown"), n);
	int qh = text_height(a->text, STYLE_DIALOG, tr(a, "idle_question"), w - 2 * pad);
	int mh = text_height(a->text, STYLE_BODY, msg, w - 2 * pad);
	int h = pad + qh + a->gap + mh + a->gap * 2 + a->target + pad;
	SDL_Rect box = {(a->w - w) / 2, (a->h - h) / 2, w, h};
	view_push(l, ROLE_BOX, STYLE_DIALOG, box, "", NULL);
	SDL_Rect q = {box.x + pad, box.y + pad, w - 2 * pad, qh};
	view_push(l, ROLE_HEADING, STYLE_DIALOG, q, tr(a, "idle_question"), NULL);
	SDL_Rect m = {q.x, q.y + qh + a->gap, q.w, mh};
	view_push(l, ROLE_TEXT, STYLE_BODY, m, msg, NULL);
	const char *label = tr(a, "idle_continue");
	int bw = text_width(a->text, STYLE_BUTTON, label) + 4 * render_padding(a->render, STYLE_BUTTON);
	SDL_Rect b = {q.x, m.y + mh + 2 * a->gap, bw < q.w ? bw : q.w, a->target};
	view_push(l, ROLE_BUTTON, STYLE_BUTTON, b, label, "idle:continue");
}

/* A content update: "do not pull the stick" with a progress bar, or its
 * outcome with an OK button. */
static void build_update(struct app *a, struct view_list *l)
{
	SDL_Rect all = {0, 0, a->w, a->h};
	view_push(l, ROLE_BOX, STYLE_OVERLAY, all, "", NULL);
	int w = a->w - 2 * a->pad < (int)(1100 * a->u) ? a->w - 2 * a->pad : (int)(1100 * a->u);
	int pad = a->pad, inner = w - 2 * pad;
	bool running = a->update == UPDATE_RUNNING;
	const char *title = tr(a, running ? "update_running" : a->update_applied ? "update_applied_title"
			       : "update_refused_title");
	char msg[1024], version[32];
	snprintf(version, sizeof version, "%lld", a->update_version);
	fill_in(msg, sizeof msg, tr(a, a->update_applied ? "update_applied" : "update_refused"),
		a->update_applied ? version : tr(a, a->update_reason));
	const char *body = running ? tr(a, "update_keep_stick") : msg;
	int th = text_height(a->text, STYLE_DIALOG, title, inner);
	int bh = text_height(a->text, STYLE_BODY, body, inner);
	int h = pad + th + a->gap + bh + 2 * a->gap + a->target + pad;
	SDL_Rect box = {(a->w - w) / 2, (a->h - h) / 2, w, h};
	view_push(l, ROLE_BOX, STYLE_DIALOG, box, "", NULL);
	SDL_Rect t = {box.x + pad, box.y + pad, inner, th};
	view_push(l, ROLE_HEADING, STYLE_DIALOG, t, title, NULL);
	SDL_Rect m = {t.x, t.y + th + a->gap, inner, bh};
	view_push(l, ROLE_TEXT, STYLE_BODY, m, body, NULL);
	SDL_Rect bottom = {t.x, m.y + bh + 2 * a->gap, inner, a->target};
	if (running) {
		/* The bar: a track and the part done. */
		SDL_Rect track = {bottom.x, bottom.y + a->target / 3, inner, a->target / 3};
		view_push(l, ROLE_BOX, STYLE_PANEL, track, "", NULL);
		SDL_Rect done = track;
		done.w = (int)(track.w * a->update_done);
		if (done.w > 0)
			view_push(l, ROLE_BOX, STYLE_THUMB, done, "", NULL);
	} else {
		const char *label = tr(a, "update_ok");
		int bw = text_width(a->text, STYLE_BUTTON, label) + 4 * render_padding(a->render, STYLE_BUTTON);
		bottom.w = bw < inner ? bw : inner;
		view_push(l, ROLE_BUTTON, STYLE_BUTTON, bottom, label, "update:ok");
	}
}

/* ---- staff mode ------------------------------------------------------------- */

static void build_staff_pin(struct app *a, struct view_list *l)
{
	static const char *const digits[] = {"1 2 3", "4 5 6", "7 8 9"};
	struct typing_layout t = typing_layout(a, keyboard_height(a, 3, true), true);
	char dots[64] = "";
	for (size_t i = 0; i < strlen(a->pin) && i < 12; i++)
		strcat(dots, "•");   /* the PIN itself is never shown */
	put_field_box(a, l, t.field, dots, tr(a, "staff_pin_hint"), "staff:pin");
	bool locked = a->now < a->pin_locked_until;
	const char *label = tr(a, "staff_login");
	SDL_Rect b = t.below_field;
	int bw = text_width(a->text, STYLE_BUTTON, label) + 4 * render_padding(a->render, STYLE_BUTTON);
	if (bw < b.w)
		b.w = bw;
	struct view *v = view_push(l, ROLE_BUTTON, STYLE_BUTTON, b, label, "staff:login");
	if (v && (locked || !a->pin[0]))
		v->flags |= VIEW_DISABLED;
	build_keyboard(a, l, t.keys, digits, 3, true);
	struct page p = list_page(a, l, t.list);
	char msg[512] = "";
	if (locked) {
		char secs[16];
		snprintf(secs, sizeof secs, "%d", (int)((a->pin_locked_until - a->now + 999) / 1000));
		fill_in(msg, sizeof msg, tr(a, "staff_locked"), secs);
	}
	put_text(&p, ROLE_TEXT, STYLE_BODY, tr(a, "staff_pin_prompt"));
	put_text(&p, ROLE_HEADING, STYLE_SUBHEADING, locked ? msg : a->staff_msg);
	end_list(a, l, &p);
}

static void build_staff(struct app *a, struct page *p)
{
	char info[2048] = "";
	put_text(p, ROLE_HEADING, STYLE_HEADING, tr(a, "staff_title"));
	if (a->staff.info)
		a->staff.info(a->staff.ctx, a->lang, info, sizeof info);
	put_text(p, ROLE_TEXT, STYLE_BODY, info);
	if (a->staff_msg[0]) {
		space(p, a->gap);
		put_text(p, ROLE_HEADING, STYLE_SUBHEADING, a->staff_msg);
	}
	space(p, a->gap);
	put_button(p, tr(a, "staff_rollback"), "staff:rollback", STYLE_BUTTON_QUIET);
	put_button(p, tr(a, "staff_stick"), "staff:stick", STYLE_BUTTON_QUIET);
	if (a->staff.export_stats)
		put_button(p, tr(a, "staff_export"), "staff:export", STYLE_BUTTON_QUIET);
	put_button(p, tr(a, "staff_leave"), "staff:leave", STYLE_BUTTON);
}

void app_set_staff_hooks(struct app *a, const struct app_staff_hooks *hooks)
{
	a->staff = *hooks;
}

static const char *header_title(struct app *a)
{
	switch (here(a)->screen) {
	case SCR_START: return tr(a, "app_name");
	case SCR_INDEX: return tr(a, "index_title");
	case SCR_SEARCH: return tr(a, "search_title");
	case SCR_NEAR: return tr(a, "near_title");
	case SCR_STAFF_PIN: case SCR_STAFF: return tr(a, "staff_title");
	case SCR_TOPIC: return a->topic.name;
	case SCR_CONTACT: return a->contact.name;
	case SCR_GROUP: return a->group.name;
	case SCR_PAGE: return a->page ? a->page->title : "";
	}
	return "";
}

void app_build(struct app *a, struct view_list *l)
{
	view_list_begin(l, a->w, a->h);
	enum screen screen = here(a)->screen;
	build_header(a, l, header_title(a), screen != SCR_START);
	if (screen == SCR_INDEX) {
		build_index(a, l);
	} else if (screen == SCR_SEARCH) {
		build_search(a, l);
	} else if (screen == SCR_NEAR) {
		build_near(a, l);
	} else if (screen == SCR_STAFF_PIN) {
		build_staff_pin(a, l);
	} else {
		/* A readable measure: lines no wider than about 75 characters. */
		int w = a->w - 2 * a->pad;
		int measure = (int)(1400 * a->u);
		if (w > measure && screen != SCR_START && screen != SCR_CONTACT && screen != SCR_GROUP)
			w = measure;
		a->viewport = (SDL_Rect){0, a->header_h, a->w, a->h - a->header_h};
		/* The start screen's footer stays in sight below its page. */
		char footer[512] = "";
		SDL_Rect footer_r = {a->pad, a->h, w, 0};
		if (screen == SCR_START && a->found) {
			start_footer(a, footer, sizeof footer);
			footer_r.h = text_height(a->text, STYLE_SMALL, footer, w);
			footer_r.y = a->h - footer_r.h - a->gap / 2;
			a->viewport.h = footer_r.y - a->gap / 2 - a->viewport.y;
		}
		struct page p = {.a = a, .l = l, .x = a->pad, .w = w, .y = a->gap + a->gap / 2,
				 .scroll = here(a)->scroll};
		view_clip_push(l, a->viewport);
		if (!a->found)
			put_text(&p, ROLE_HEADING, STYLE_HEADING, "?");
		else if (screen == SCR_START)
			build_start(a, &p);
		else if (screen == SCR_TOPIC)
			build_topic(a, &p);
		else if (screen == SCR_CONTACT)
			build_contact(a, &p);
		else if (screen == SCR_GROUP)
			build_group(a, &p);
		else if (screen == SCR_STAFF)
			build_staff(a, &p);
		else
			build_page(a, &p);
		view_clip_pop(l);
		if (*footer)
			view_push(l, ROLE_TEXT, STYLE_SMALL, footer_r, footer, NULL);
		a->content_h = p.y + a->pad;
		double before = here(a)->scroll;
		clamp_scroll(a);
		if (here(a)->scroll != before)
			a->dirty = true;   /* laid out at an old scroll: draw again */
	}
	if (a->countdown)
		build_countdown(a, l);
	else if (a->update != UPDATE_NONE)
		build_update(a, l);
	/* Feedback: what the finger presses, what the keyboard focuses. */
	for (int i = 0; i < view_count(l); i++) {
		struct view *v = view_at(l, i);
		if (!view_is_interactive(v))
			continue;
		if (a->pressed[0] && strcmp(v->target, a->pressed) == 0)
			v->flags |= VIEW_PRESSED;
		if (a->focus[0] && strcmp(v->target, a->focus) == 0)
			v->flags |= VIEW_FOCUSED;
	}
	a->frame = l;
	a->dirty = false;
}
