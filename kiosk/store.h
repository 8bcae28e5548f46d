/* store — the content file, opened safely. */
#ifndef WW_STORE_H
#define WW_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "areas.h"
#include "rules.h"

/* Bytes a text of N characters may need, with its NUL. */
#define TEXT_BYTES(chars) (4 * (chars) + 1)

/* The most topics (the A–Z index) and contact points ("near me") the
 * kiosk lists: build and check refuse content with more (kiosk/fields.c),
 * and the store fails rather than grow past them on a file that has more. */
#define STORE_MAX_TOPICS 10000
#define STORE_MAX_CONTACT_POINTS 5000
/* The help lines the kiosk lists, crisis and information services together. */
#define STORE_MAX_SERVICES 64
/* The postcode areas of all contact points (areas.h). */
#define STORE_MAX_AREAS (STORE_MAX_CONTACT_POINTS * AREAS_MAX)

/* The schema this code reads and writes (content/schema.sql). */
#define STORE_SCHEMA_VERSION 2

/* content/schema.sql, compiled in (build/gen/schema_sql.c). */
extern const char store_schema_sql[];

struct store;

struct store_meta {
	int schema_version;
	long long content_version;
	char title[256 * 4];
	char publisher[256 * 4];
	char published[16];
	char languages[64];     /* "de,en": the default first */
	bool demo;
};

struct store_counts {
	long long topics, aliases, contact_points, groups, pages, media, postcodes;
};

/* Makes SQLite wipe every block of memory before it frees it. The kiosk
 * calls this first of all: a visitor's search reaches SQLite's full-text
 * index, and after the idle reset no copy of it may stay in freed memory.
 * False when SQLite was already in use. */
bool store_wipe_freed_memory(void);

/* Opens an SQLite file with the settings every Wegweiser connection uses:
 * defensive mode, no trusted schema, no triggers or views from the file
 * (it may come from a USB stick), foreign keys enforced when writable.
 * Returns SQLITE_OK or an SQLite error with a message in `err`. */
int store_open_sqlite(const char *path, bool writable, sqlite3 **out, char *err, size_t errlen);

/* Opens a content file read-only and checks that it is one: the meta row
 * is there and its schema version is the one this code knows. */
struct store *store_open(const char *path, char *err, size_t errlen);
void store_close(struct store *s);   /* accepts NULL */

sqlite3 *store_db(struct store *s);
const struct store_meta *store_meta(const struct store *s);

/* Reads the meta row of an open connection. */
bool store_read_meta(sqlite3 *db, struct store_meta *m, char *err, size_t errlen);
bool store_count(struct store *s, struct store_counts *c);

/* ---- what the kiosk's screens show ------------------------------------ */
/* Every query takes the visitor's language and falls back to the content's
 * default language (the first of meta.languages) where a text is missing.
 * A query that fails (a damaged file, a disk error) is told apart from one
 * that finds nothing: STORE_FAILED, or -1 for a list, and a line on stderr
 * naming the query and SQLite's reason (never a value a visitor typed). */

enum store_status { STORE_FAILED = -1, STORE_NOT_FOUND = 0, STORE_FOUND = 1 };

/* Fault injection for the tests: with WW_FAULT=query:NAME in the
 * environment when the store opens, the query NAME ("topic_groups", see
 * store.c) fails as a damaged file would make it. */

struct store_index_row {
	long long id;
	char slug[LIMIT_SLUG + 1];
	char name[TEXT_BYTES(LIMIT_TOPIC_NAME)];
	char letter;
};
/* All topics in A–Z order of `lang`; *rows is malloc'd. Returns the count,
 * or -1 on error (also when there are more than STORE_MAX_TOPICS). */
int store_topic_index(struct store *s, const char *lang, struct store_index_row **rows);

struct store_topic {
	long long id;
	char slug[LIMIT_SLUG + 1];
	char name[TEXT_BYTES(LIMIT_TOPIC_NAME)];
	char summary[TEXT_BYTES(LIMIT_SUMMARY)];
	bool sensitive;         /* a visitor may be in crisis: offer the crisis lines */
};
enum store_status store_topic(struct store *s, const char *slug, const char *lang, struct store_topic *out);

struct store_group_row {
	long long id;
	char name[TEXT_BYTES(LIMIT_NAME)];
	char schedule[TEXT_BYTES(LIMIT_SCHEDULE)];
	char place[TEXT_BYTES(LIMIT_SCHEDULE)];
	long long contact_id;
	char contact_name[TEXT_BYTES(LIMIT_NAME)];
	char town[TEXT_BYTES(LIMIT_TOWN)];      /* where it meets, else its contact point's town */
	double km;                              /* from the place asked about; -1: unknown */
};
struct store_place;
/* Up to `max` groups of a topic: nearest to `near` first (where they meet,
 * else their contact point), or by name when it is NULL; the number there
 * are in *total. Returns the count, or -1 on error. */
int store_topic_groups(struct store *s, long long topic_id, const char *lang, const struct store_place *near,
		       struct store_group_row *rows, int max, int *total);

/* A navigation target ("contact:3", "topic:diabetes") and its label. */
struct store_link {
	char target[LIMIT_SLUG + 16];
	char label[TEXT_BYTES(LIMIT_NAME)];
};
struct store_near;
/* The contact points that support groups of a topic: nearest to `near`
 * first (with km), or by name when it is NULL (km -1). Lists return the
 * count, -1 on error. */
int store_topic_contacts(struct store *s, long long topic_id, const struct store_place *near,
			 struct store_near *rows, int max);
int store_topic_related(struct store *s, long long topic_id, const char *lang,
			struct store_link *rows, int max);
/* The info pages in their order. */
int store_pages(struct store *s, const char *lang, struct store_link *rows, int max);
/* The topics of a group. */
int store_group_topics(struct store *s, long long group_id, const char *lang,
		       struct store_link *rows, int max);

struct store_contact {
	long long id;
	char name[TEXT_BYTES(LIMIT_NAME)];
	char street[TEXT_BYTES(LIMIT_NAME)];
	char postcode[8];
	char town[TEXT_BYTES(LIMIT_TOWN)];
	char phone[RULE_DIAL_MAX];              /* E.164, for tel: and the vCard; "" none */
	char phone_shown[LIMIT_PHONE + 1];      /* as staff wrote it, for the screen */
	char email[LIMIT_EMAIL + 1];
	char web[LIMIT_WEB + 1];
	bool step_free, hearing_loop, accessible_wc;
	char hours[TEXT_BYTES(LIMIT_HOURS)];
	char accessibility[TEXT_BYTES(LIMIT_HOURS)];
	char description[TEXT_BYTES(LIMIT_DESCRIPTION)];
	long long media_id;     /* a picture of the place, or 0 */
};
enum store_status store_contact(struct store *s, long long id, const char *lang, struct store_contact *out);

struct store_group {
	long long id;
	char name[TEXT_BYTES(LIMIT_NAME)];
	char phone[RULE_DIAL_MAX];              /* E.164, for tel: and the vCard; "" none */
	char phone_shown[LIMIT_PHONE + 1];      /* as staff wrote it, for the screen */
	char email[LIMIT_EMAIL + 1];
	char web[LIMIT_WEB + 1];
	long long contact_id;
	char contact_name[TEXT_BYTES(LIMIT_NAME)];
	char schedule[TEXT_BYTES(LIMIT_SCHEDULE)];
	char place[TEXT_BYTES(LIMIT_SCHEDULE)];        /* the place's name */
	char note[TEXT_BYTES(LIMIT_HOURS)];
	/* The place's address, or "" for all three (online, or not given). */
	char street[TEXT_BYTES(LIMIT_NAME)];
	char postcode[8];
	char town[TEXT_BYTES(LIMIT_TOWN)];
};
enum store_status store_group(struct store *s, long long id, const char *lang, struct store_group *out);

struct store_page {
	char slug[LIMIT_SLUG + 1];
	char title[TEXT_BYTES(LIMIT_NAME)];
	char body[TEXT_BYTES(LIMIT_BODY)];
	long long media_id;     /* a picture for the page, or 0 */
};
/* *out is malloc'd (a page body may be long); NULL unless found. */
enum store_status store_page(struct store *s, const char *slug, const char *lang, struct store_page **out);

/* An image with its alternative text in `lang` (or the default language):
 * *out is malloc'd, NULL unless found. The bytes are as stored; decode
 * them only after rule_image_fits() said yes. */
struct store_media {
	long long id;
	char mime[16];
	char alt[TEXT_BYTES(LIMIT_ALT)];
	size_t len;
	unsigned char data[];
};
enum store_status store_media(struct store *s, long long id, const char *lang, struct store_media **out);

/* A help line: a crisis number (112, TelefonSeelsorge, …) or an
 * information service (NAKOS). */
struct store_service {
	long long id;
	bool crisis;
	char name[TEXT_BYTES(LIMIT_NAME)];
	char description[TEXT_BYTES(LIMIT_SCHEDULE)];
	char hours[TEXT_BYTES(LIMIT_SCHEDULE)];  /* when it answers, and what it costs */
	char phone[RULE_DIAL_MAX];              /* to dial: E.164, or a short number's digits
						   ("116117"); "" none */
	char phone_shown[LIMIT_PHONE + 1];      /* as staff wrote it: "116 117" */
	char web[LIMIT_WEB + 1];
};
/* The crisis lines (`crisis`) or the information services, in their
 * order (services.csv `position`), at most `max`; content holds at most
 * STORE_MAX_SERVICES. Returns the count, -1 on error. */
int store_services(struct store *s, bool crisis, const char *lang, struct store_service *rows, int max);

/* ---- near me --------------------------------------------------------------- */

struct store_place {
	char postcode[8];
	char town[TEXT_BYTES(LIMIT_TOWN)];
	double lat, lon;
	bool exact;             /* false: the postcode is not in the table, this
				   is the nearest known one sharing its first digits */
};
/* Where a five-digit postcode is, from the content's postcode table: the
 * postcode itself, else the known one with the longest common prefix of
 * at least three digits (of those, the numerically nearest; `exact`
 * false). Not found when none shares three digits, or for no postcode. */
enum store_status store_locate_postcode(struct store *s, const char *postcode, struct store_place *out);

struct store_near {
	long long id;
	char name[TEXT_BYTES(LIMIT_NAME)];
	char postcode[8];
	char town[TEXT_BYTES(LIMIT_TOWN)];
	double km;              /* -1: where it is is not known */
};
/* The `max` contact points nearest to a place, nearest first (those whose
 * place is unknown last). Returns the count, -1 on error (also when the
 * file has more than STORE_MAX_CONTACT_POINTS). */
int store_contacts_near(struct store *s, double lat, double lon, struct store_near *rows, int max);

/* The contact points responsible for a five-digit postcode: those whose
 * areas (contact_points.csv `areas`) hold it, the most specific first (the
 * narrowest area; then by id), each once, with km -1 (the caller knows
 * where the visitor is and adds distances). Returns the count, 0 when the
 * postcode is in no area (or is not five digits), -1 on error. The areas
 * are read once, at the first call. */
int store_contacts_for_postcode(struct store *s, const char *postcode, struct store_near *rows, int max);

#endif
