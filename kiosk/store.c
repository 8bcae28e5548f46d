/* store — the content file, opened safely.
 *
 * The kiosk and the staff tool open content files only through here, so
 * every connection gets the same defensive settings: a content file may have
 * come from a USB stick, and nothing in it (triggers, views, functions named
 * in its schema) may run code paths we did not choose. The kiosk's queries
 * for screens grow here; writing a content file is the tool's business
 * (tools/build.c). */
#include "store.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fault.h"
#include "store_internal.h"

/* ?1 the visitor's language, ?2 the default one; a text in ?1 wins. */
#define TEXT_OF(table, col, fk, id) \
	"coalesce((SELECT " col " FROM " table " WHERE " fk " = " id " AND lang = ?1)," \
	" (SELECT " col " FROM " table " WHERE " fk " = " id " AND lang = ?2), '')"

static const char *const queries[Q_COUNT] = {
	[Q_INDEX] =
		"SELECT t.id, t.slug, coalesce(x.name, d.name), coalesce(x.letter, d.letter)"
		" FROM topic t JOIN topic_text d ON d.topic_id = t.id AND d.lang = ?2"
		" LEFT JOIN topic_text x ON x.topic_id = t.id AND x.lang = ?1"
		" ORDER BY coalesce(x.sort_key, d.sort_key), t.sort_key, t.id",
	[Q_TOPIC] =
		"SELECT t.id, t.slug, " TEXT_OF("topic_text", "name", "topic_id", "t.id") ", "
		TEXT_OF("topic_text", "summary", "topic_id", "t.id") ", t.sensitive FROM topic t WHERE t.slug = ?3",
	/* Where a group meets: its own postcode's place, else its contact
	 * point's; nearest to (?5, ?6) first when a place is given (?7: cos of
	 * its latitude), else by name. */
	[Q_TOPIC_GROUPS] =
		"SELECT g.id, g.name, " TEXT_OF("group_text", "schedule", "group_id", "g.id") ", "
		TEXT_OF("group_text", "place", "group_id", "g.id") ", coalesce(c.id, 0),"
		" coalesce(c.name, ''), coalesce(nullif(g.town, ''), c.town, ''),"
		" coalesce(gp.lat, c.lat, cp.lat), coalesce(gp.lon, c.lon, cp.lon)"
		" FROM group_topic gt JOIN self_help_group g ON g.id = gt.group_id"
		" LEFT JOIN contact_point c ON c.id = g.contact_point_id"
		" LEFT JOIN postcode gp ON gp.postcode = g.postcode LEFT JOIN postcode cp ON cp.postcode = c.postcode"
		" WHERE gt.topic_id = ?3"
		" ORDER BY CASE WHEN ?5 IS NULL THEN 0 ELSE coalesce("
		"  (coalesce(gp.lat, c.lat, cp.lat) - ?5) * (coalesce(gp.lat, c.lat, cp.lat) - ?5) +"
		"  (coalesce(gp.lon, c.lon, cp.lon) - ?6) * ?7 * (coalesce(gp.lon, c.lon, cp.lon) - ?6) * ?7, 1e9) END,"
		" g.name, g.id LIMIT ?4",
	[Q_TOPIC_GROUP_COUNT] = "SELECT count(*) FROM group_topic WHERE topic_id = ?1",
	/* Nearest to (?3, ?4) first when a place is given (?5: cos of its
	 * latitude, so that a plane distance ranks like the real one), else
	 * by name; places unknown last. */
	[Q_TOPIC_CONTACTS] =
		"SELECT c.id, c.name, c.postcode, c.town, coalesce(c.lat, p.lat), coalesce(c.lon, p.lon)"
		" FROM contact_point c"
		" LEFT JOIN postcode p ON p.postcode = c.postcode WHERE c.id IN"
		" (SELECT g.contact_point_id FROM group_topic gt JOIN self_help_group g"
		" ON g.id = gt.group_id WHERE gt.topic_id = ?1)"
		" ORDER BY CASE WHEN ?3 IS NULL THEN 0 ELSE coalesce("
		"  (coalesce(c.lat, p.lat) - ?3) * (coalesce(c.lat, p.lat) - ?3) +"
		"  (coalesce(c.lon, p.lon) - ?4) * ?5 * (coalesce(c.lon, p.lon) - ?4) * ?5, 1e9) END,"
		" c.name LIMIT ?2",
	[Q_TOPIC_RELATED] =
		"SELECT 'topic:' || t.slug, " TEXT_OF("topic_text", "name", "topic_id", "t.id")
		" FROM topic_related r JOIN topic t ON t.id = r.related_id WHERE r.topic_id = ?3"
		" ORDER BY r.position LIMIT ?4",
	[Q_PAGES] =
		"SELECT 'page:' || p.slug, " TEXT_OF("page_text", "title", "page_id", "p.id")
		" FROM page p ORDER BY p.position, p.id LIMIT ?3",
	[Q_GROUP_TOPICS] =
		"SELECT 'topic:' || t.slug, " TEXT_OF("topic_text", "name", "topic_id", "t.id")
		" FROM group_topic gt JOIN topic t ON t.id = gt.topic_id WHERE gt.group_id = ?3"
		" ORDER BY t.sort_key LIMIT ?4",
	[Q_CONTACT] =
		"SELECT c.id, c.name, c.street, c.postcode, c.town, coalesce(c.phone, ''),"
		" coalesce(c.email, ''), coalesce(c.web, ''), c.step_free, c.hearing_loop,"
		" c.accessible_wc, " TEXT_OF("contact_point_text", "hours", "contact_point_id", "c.id") ", "
		TEXT_OF("contact_point_text", "accessibility", "contact_point_id", "c.id") ", "
		TEXT_OF("contact_point_text", "description", "contact_point_id", "c.id") ","
		" coalesce(c.media_id, 0), coalesce(c.phone_shown, '') FROM contact_point c WHERE c.id = ?3",
	[Q_GROUP] =
		"SELECT g.id, g.name, coalesce(g.phone, ''), coalesce(g.email, ''), coalesce(g.web, ''),"
		" coalesce(c.id, 0), coalesce(c.name, ''), "
		TEXT_OF("group_text", "schedule", "group_id", "g.id") ", "
		TEXT_OF("group_text", "place", "group_id", "g.id") ", "
		TEXT_OF("group_text", "note", "group_id", "g.id") ", coalesce(g.phone_shown, ''),"
		" g.street, coalesce(g.postcode, ''), g.town"
		" FROM self_help_group g LEFT JOIN contact_point c ON c.id = g.contact_point_id"
		" WHERE g.id = ?3",
	[Q_PAGE] =
		"SELECT p.slug, " TEXT_OF("page_text", "title", "page_id", "p.id") ", "
		TEXT_OF("page_text", "body", "page_id", "p.id") ", coalesce(p.media_id, 0)"
		" FROM page p WHERE p.slug = ?3",
	[Q_MEDIA] =
		"SELECT m.id, m.mime, " TEXT_OF("media_text", "alt", "media_id", "m.id") ", m.data"
		" FROM media m WHERE m.id = ?3",
	/* The known postcode sharing the first ?2 digits with ?1, numerically
	 * nearest (the table is keyed by postcode: a range scan). */
	[Q_POSTCODE] =
		"SELECT postcode, town, lat, lon FROM postcode"
		" WHERE postcode BETWEEN substr(?1, 1, ?2) || substr('00000', 1, 5 - ?2)"
		" AND substr(?1, 1, ?2) || substr('99999', 1, 5 - ?2)"
		" ORDER BY abs(CAST(postcode AS INTEGER) - CAST(?1 AS INTEGER)), postcode LIMIT 1",
	/* Every contact point with where it is: its own coordinates, else its
	 * postcode's. */
	[Q_CONTACT_PLACES] =
		"SELECT c.id, c.name, c.postcode, c.town, coalesce(c.lat, p.lat), coalesce(c.lon, p.lon)"
		" FROM contact_point c LEFT JOIN postcode p ON p.postcode = c.postcode",
	[Q_CONTACT_AREAS] = "SELECT id, areas FROM contact_point WHERE areas IS NOT NULL",
	[Q_CONTACT_ROW] = "SELECT id, name, postcode, town FROM contact_point WHERE id = ?3",
	[Q_SERVICES] =
		"SELECT s.id, s.crisis, " TEXT_OF("service_text", "name", "service_id", "s.id") ", "
		TEXT_OF("service_text", "description", "service_id", "s.id") ", "
		TEXT_OF("service_text", "hours", "service_id", "s.id") ", coalesce(s.phone, ''),"
		" coalesce(s.phone_shown, ''), coalesce(s.web, '') FROM service s WHERE s.crisis = ?3"
		" ORDER BY s.position, s.id LIMIT ?4",
};

/* Their names, for the log and for fault injection. */
static const char *const query_names[Q_COUNT] = {
	[Q_INDEX] = "index", [Q_TOPIC] = "topic", [Q_TOPIC_GROUPS] = "topic_groups",
	[Q_TOPIC_GROUP_COUNT] = "topic_group_count", [Q_TOPIC_CONTACTS] = "topic_contacts",
	[Q_TOPIC_RELATED] = "topic_related", [Q_PAGES] = "pages", [Q_GROUP_TOPICS] = "group_topics",
	[Q_CONTACT] = "contact", [Q_GROUP] = "group", [Q_PAGE] = "page", [Q_MEDIA] = "media",
	[Q_POSTCODE] = "postcode", [Q_CONTACT_PLACES] = "contact_places",
	[Q_CONTACT_AREAS] = "contact_areas", [Q_CONTACT_ROW] = "contact_row", [Q_SERVICES] = "services",
};

/* SQLite's memory: made to fail as the tests ask (WW_FAULT=alloc), and
 * SQLite says it failed (SQLITE_NOMEM, logged with the query). */
static void *wiping_malloc(int n)
{
	return fault_alloc_fails() ? NULL : malloc((size_t)n);
}

static void wiping_free(void *p)
{
	if (p)
		sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

static int wiping_size(void *p)
{
	return (int)malloc_usable_size(p);
}

/* realloc would leave the old block unwiped where it moves it. */
static void *wiping_realloc(void *p, int n)
{
	size_t old = p ? malloc_usable_size(p) : 0;
	if (old >= (size_t)n)
		return p;
	void *q = fault_alloc_fails() ? NULL : malloc((size_t)n);
	if (q && p)
		memcpy(q, p, old);
	if (q)
		wiping_free(p);
	return q;
}

static int wiping_roundup(int n)
{
	return (n + 7) & ~7;
}

static int wiping_init(void *unused)
{
	(void)unused;
	return SQLITE_OK;
}

static void wiping_shutdown(void *unused)
{
	(void)unused;
}

bool store_wipe_freed_memory(void)
{
	static const sqlite3_mem_methods wiping = {wiping_malloc, wiping_free, wiping_realloc, wiping_size,
						   wiping_roundup, wiping_init, wiping_shutdown, NULL};
	/* Small blocks would otherwise come from each connection's lookaside
	 * pool and go back to it unwiped. */
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &wiping) == SQLITE_OK &&
	       sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) == SQLITE_OK;
}

/* phone_dial(WRITTEN): the number to dial for a phone number as written
 * (rule_phone_dial), NULL for NULL or what is no phone number. */
static void sql_phone_dial(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *written = sqlite3_value_text(argv[0]);
	char dial[RULE_DIAL_MAX];
	if (written && rule_phone_dial((const char *)written, dial))
		sqlite3_result_text(ctx, dial, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

int store_open_sqlite(const char *path, bool writable, sqlite3 **out, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(db, 1);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, writable, NULL);
	/* A content file is read in small pieces, and the system keeps the
	 * file's pages cached anyway: reading, 256 KiB of SQLite's own copies
	 * are plenty (1 MiB held 450 kB more after 200 screens, 700 kB more on
	 * the 100,000-group file, for no faster frame or check); a build
	 * writes the whole file, and keeps 1 MiB. */
	sqlite3_exec(db, writable ? "PRAGMA cache_size = -1024" : "PRAGMA cache_size = -256", NULL, NULL, NULL);
	/* Reading the schema is the first real test that this is a database. */
	rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	/* Build fills the numbers to dial with it, check compares them with it. */
	rc = sqlite3_create_function_v2(db, "phone_dial", 1,
					SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
					sql_phone_dial, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	*out = db;
	return SQLITE_OK;
fail:
	snprintf(err, errlen, "%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_close(db);
	*out = NULL;
	return rc ? rc : SQLITE_ERROR;
}

void store_copy_column(sqlite3_stmt *st, int col, char *dst, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

bool store_read_meta(sqlite3 *db, struct store_meta *m, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	memset(m, 0, sizeof *m);
	if (sqlite3_prepare_v2(db,
			       "SELECT schema_version, content_version, title, publisher, published,"
			       " languages, demo FROM meta WHERE id = 1",
			       -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "not a Wegweiser content file (no meta table: %s)",
			 sqlite3_errmsg(db));
		goto done;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		snprintf(err, errlen, "not a Wegweiser content file (the meta row is missing)");
		goto done;
	}
	m->schema_version = sqlite3_column_int(st, 0);
	m->content_version = sqlite3_column_int64(st, 1);
	store_copy_column(st, 2, m->title, sizeof m->title);
	store_copy_column(st, 3, m->publisher, sizeof m->publisher);
	store_copy_column(st, 4, m->published, sizeof m->published);
	store_copy_column(st, 5, m->languages, sizeof m->languages);
	m->demo = sqlite3_column_int(st, 6) != 0;
	ok = true;
done:
	sqlite3_finalize(st);
	return ok;
}

struct store *store_open(const char *path, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (store_open_sqlite(path, false, &s->db, err, errlen) != SQLITE_OK)
		goto fail;
	if (!store_read_meta(s->db, &s->meta, err, errlen))
		goto fail;
	if (s->meta.schema_version != STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "schema version %d, but this program reads version %d",
			 s->meta.schema_version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	snprintf(s->default_lang, sizeof s->default_lang, "%.2s", s->meta.languages);
	s->fault = -1;
	const char *fault = getenv("WW_FAULT");
	for (int q = 0; fault && strncmp(fault, "query:", 6) == 0 && q < Q_COUNT; q++)
		if (strcmp(fault + 6, query_names[q]) == 0)
			s->fault = q;
	return s;
fail:
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s->areas);
	free(s);
}

sqlite3 *store_db(struct store *s)
{
	return s->db;
}

const struct store_meta *store_meta(const struct store *s)
{
	return &s->meta;
}

static long long count_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

bool store_count(struct store *s, struct store_counts *c)
{
	c->topics = count_rows(s->db, "SELECT count(*) FROM topic");
	c->aliases = count_rows(s->db, "SELECT count(*) FROM alias");
	c->contact_points = count_rows(s->db, "SELECT count(*) FROM contact_point");
	c->groups = count_rows(s->db, "SELECT count(*) FROM self_help_group");
	c->pages = count_rows(s->db, "SELECT count(*) FROM page");
	c->media = count_rows(s->db, "SELECT count(*) FROM media");
	c->postcodes = count_rows(s->db, "SELECT count(*) FROM postcode");
	return c->topics >= 0 && c->aliases >= 0 && c->contact_points >= 0 && c->groups >= 0 &&
	       c->pages >= 0 && c->media >= 0 && c->postcodes >= 0;
}

void store_failed(struct store *s, enum query q, int rc)
{
	fprintf(stderr, "wegweiser: the content file failed the query \"%s\": %s\n", query_names[q],
		rc == SQLITE_OK || rc == SQLITE_ROW ? "injected fault (WW_FAULT)" : sqlite3_errmsg(s->db));
}

sqlite3_stmt *store_query(struct store *s, enum query q, const char *lang)
{
	if ((int)q == s->fault) {
		store_failed(s, q, SQLITE_OK);
		return NULL;
	}
	int rc;
	if (!s->st[q] &&
	    (rc = sqlite3_prepare_v3(s->db, queries[q], -1, SQLITE_PREPARE_PERSISTENT, &s->st[q], NULL)) != SQLITE_OK) {
		store_failed(s, q, rc);
		return NULL;
	}
	sqlite3_stmt *st = s->st[q];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (lang && sqlite3_bind_parameter_count(st) >= 2) {
		sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->default_lang, -1, SQLITE_STATIC);
	}
	return st;
}

enum store_status store_one_row(struct store *s, enum query q, const char *lang, const char *slug,
				       long long id, sqlite3_stmt **row)
{
	sqlite3_stmt *st = store_query(s, q, lang);
	*row = NULL;
	if (!st)
		return STORE_FAILED;
	if (slug)
		sqlite3_bind_text(st, 3, slug, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 3, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*row = st;
		return STORE_FOUND;
	}
	if (rc != SQLITE_DONE)
		store_failed(s, q, rc);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? STORE_NOT_FOUND : STORE_FAILED;
}

int store_rows_read(struct store *s, enum query q, sqlite3_stmt *st, int rc, int n)
{
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_failed(s, q, rc);
		n = -1;
	}
	sqlite3_reset(st);
	return n;
}

void store_out_of_memory(enum query q)
{
	fprintf(stderr, "wegweiser: out of memory for the query \"%s\"\n", query_names[q]);
}

void *store_room_for_row(enum query q, void *rows, int *cap, int n, size_t size, int max)
{
	if (n < *cap)
		return rows;
	if (n >= max) {
		fprintf(stderr, "wegweiser: the content file has more rows for the query \"%s\" than the %d"
			" the kiosk lists\n", query_names[q], max);
		return NULL;
	}
	int want = *cap ? *cap * 2 : 64;
	if (want > max)
		want = max;
	void *bigger = fault_realloc(rows, (size_t)want * size);
	if (bigger)
		*cap = want;
	else
		store_out_of_memory(q);
	return bigger;
}

int store_topic_index(struct store *s, const char *lang, struct store_index_row **rows)
{
	sqlite3_stmt *st = store_query(s, Q_INDEX, lang);
	int n = 0, cap = 0;
	struct store_index_row *r = NULL;
	*rows = NULL;
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_index_row *room = store_room_for_row(Q_INDEX, r, &cap, n, sizeof *r, STORE_MAX_TOPICS);
		if (!room) {
			free(r);
			sqlite3_reset(st);
			return -1;
		}
		r = room;
		r[n].id = sqlite3_column_int64(st, 0);
		store_copy_column(st, 1, r[n].slug, sizeof r[n].slug);
		store_copy_column(st, 2, r[n].name, sizeof r[n].name);
		const unsigned char *letter = sqlite3_column_text(st, 3);
		r[n].letter = letter ? (char)letter[0] : '#';
		n++;
	}
	n = store_rows_read(s, Q_INDEX, st, rc, n);
	if (n < 0) {
		free(r);
		r = NULL;
	}
	*rows = r;
	return n;
}

enum store_status store_topic(struct store *s, const char *slug, const char *lang, struct store_topic *out)
{
	sqlite3_stmt *st;
	enum store_status found = store_one_row(s, Q_TOPIC, lang, slug, 0, &st);
	if (found != STORE_FOUND)
		return found;
	out->id = sqlite3_column_int64(st, 0);
	store_copy_column(st, 1, out->slug, sizeof out->slug);
	store_copy_column(st, 2, out->name, sizeof out->name);
	store_copy_column(st, 3, out->summary, sizeof out->summary);
	out->sensitive = sqlite3_column_int(st, 4) != 0;
	sqlite3_reset(st);
	return STORE_FOUND;
}

double store_km_between(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = 3.14159265358979323846 / 180, earth_km = 6371.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * earth_km * asin(sqrt(h < 1 ? h : 1));
}

/* Binds "nearest to `near`" at parameters p, p+1 and p+2 (NULL: by name). */
static void bind_near(sqlite3_stmt *st, int p, const struct store_place *near)
{
	if (!near)
		return;
	sqlite3_bind_double(st, p, near->lat);
	sqlite3_bind_double(st, p + 1, near->lon);
	sqlite3_bind_double(st, p + 2, cos(near->lat * 3.14159265358979323846 / 180));
}

/* The distance to the place in columns lat, lat + 1 (-1: unknown, or no `near`). */
static double km_from(sqlite3_stmt *st, int lat, const struct store_place *near)
{
	if (!near || sqlite3_column_type(st, lat) == SQLITE_NULL)
		return -1;
	return store_km_between(near->lat, near->lon, sqlite3_column_double(st, lat), sqlite3_column_double(st, lat + 1));
}

int store_topic_groups(struct store *s, long long topic_id, const char *lang, const struct store_place *near,
		       struct store_group_row *rows, int max, int *total)
{
	sqlite3_stmt *st = store_query(s, Q_TOPIC_GROUP_COUNT, NULL);
	int n = 0, rc;
	*total = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, topic_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*total = sqlite3_column_int(st, 0);
	if (store_rows_read(s, Q_TOPIC_GROUP_COUNT, st, rc, 0) < 0 || !(st = store_query(s, Q_TOPIC_GROUPS, lang)))
		return -1;
	sqlite3_bind_int64(st, 3, topic_id);
	sqlite3_bind_int(st, 4, max);
	bind_near(st, 5, near);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_group_row *r = &rows[n++];
		r->id = sqlite3_column_int64(st, 0);
		store_copy_column(st, 1, r->name, sizeof r->name);
		store_copy_column(st, 2, r->schedule, sizeof r->schedule);
		store_copy_column(st, 3, r->place, sizeof r->place);
		r->contact_id = sqlite3_column_int64(st, 4);
		store_copy_column(st, 5, r->contact_name, sizeof r->contact_name);
		store_copy_column(st, 6, r->town, sizeof r->town);
		r->km = km_from(st, 7, near);
	}
	return store_rows_read(s, Q_TOPIC_GROUPS, st, rc, n);
}

/* Runs a (target, label) query with the id (or nothing) and limit bound;
 * `bound` is its statement when the caller has already bound more
 * parameters, else NULL. */
static int links(struct store *s, enum query q, const char *lang, long long id, int max,
		 struct store_link *rows, sqlite3_stmt *bound)
{
	sqlite3_stmt *st = bound ? bound : store_query(s, q, lang);
	int n = 0, first = lang ? 3 : 1, rc = SQLITE_DONE;
	if (!st)
		return -1;
	if (q != Q_PAGES)
		sqlite3_bind_int64(st, first++, id);
	sqlite3_bind_int(st, first, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_copy_column(st, 0, rows[n].target, sizeof rows[n].target);
		store_copy_column(st, 1, rows[n].label, sizeof rows[n].label);
		n++;
	}
	return store_rows_read(s, q, st, rc, n);
}

int store_topic_contacts(struct store *s, long long topic_id, const struct store_place *near,
			 struct store_near *rows, int max)
{
	sqlite3_stmt *st = store_query(s, Q_TOPIC_CONTACTS, NULL);
	int n = 0, rc = SQLITE_DONE;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, topic_id);
	sqlite3_bind_int(st, 2, max);
	bind_near(st, 3, near);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_near *r = &rows[n++];
		r->id = sqlite3_column_int64(st, 0);
		store_copy_column(st, 1, r->name, sizeof r->name);
		store_copy_column(st, 2, r->postcode, sizeof r->postcode);
		store_copy_column(st, 3, r->town, sizeof r->town);
		r->km = km_from(st, 4, near);
	}
	return store_rows_read(s, Q_TOPIC_CONTACTS, st, rc, n);
}

int store_topic_related(struct store *s, long long topic_id, const char *lang,
			struct store_link *rows, int max)
{
	return links(s, Q_TOPIC_RELATED, lang, topic_id, max, rows, NULL);
}

int store_pages(struct store *s, const char *lang, struct store_link *rows, int max)
{
	return links(s, Q_PAGES, lang, 0, max, rows, NULL);
}

int store_group_topics(struct store *s, long long group_id, const char *lang,
		       struct store_link *rows, int max)
{
	return links(s, Q_GROUP_TOPICS, lang, group_id, max, rows, NULL);
}

enum store_status store_contact(struct store *s, long long id, const char *lang, struct store_contact *o)
{
	sqlite3_stmt *st;
	enum store_status found = store_one_row(s, Q_CONTACT, lang, NULL, id, &st);
	if (found != STORE_FOUND)
		return found;
	o->id = sqlite3_column_int64(st, 0);
	store_copy_column(st, 1, o->name, sizeof o->name);
	store_copy_column(st, 2, o->street, sizeof o->street);
	store_copy_column(st, 3, o->postcode, sizeof o->postcode);
	store_copy_column(st, 4, o->town, sizeof o->town);
	store_copy_column(st, 5, o->phone, sizeof o->phone);
	store_copy_column(st, 6, o->email, sizeof o->email);
	store_copy_column(st, 7, o->web, sizeof o->web);
	o->step_free = sqlite3_column_int(st, 8);
	o->hearing_loop = sqlite3_column_int(st, 9);
	o->accessible_wc = sqlite3_column_int(st, 10);
	store_copy_column(st, 11, o->hours, sizeof o->hours);
	store_copy_column(st, 12, o->accessibility, sizeof o->accessibility);
	store_copy_column(st, 13, o->description, sizeof o->description);
	o->media_id = sqlite3_column_int64(st, 14);
	store_copy_column(st, 15, o->phone_shown, sizeof o->phone_shown);
	sqlite3_reset(st);
	return STORE_FOUND;
}

enum store_status store_group(struct store *s, long long id, const char *lang, struct store_group *o)
{
	sqlite3_stmt *st;
	enum store_status found = store_one_row(s, Q_GROUP, lang, NULL, id, &st);
	if (found != STORE_FOUND)
		return found;
	o->id = sqlite3_column_int64(st, 0);
	store_copy_column(st, 1, o->name, sizeof o->name);
	store_copy_column(st, 2, o->phone, sizeof o->phone);
	store_copy_column(st, 3, o->email, sizeof o->email);
	store_copy_column(st, 4, o->web, sizeof o->web);
	o->contact_id = sqlite3_column_int64(st, 5);
	store_copy_column(st, 6, o->contact_name, sizeof o->contact_name);
	store_copy_column(st, 7, o->schedule, sizeof o->schedule);
	store_copy_column(st, 8, o->place, sizeof o->place);
	store_copy_column(st, 9, o->note, sizeof o->note);
	store_copy_column(st, 10, o->phone_shown, sizeof o->phone_shown);
	store_copy_column(st, 11, o->street, sizeof o->street);
	store_copy_column(st, 12, o->postcode, sizeof o->postcode);
	store_copy_column(st, 13, o->town, sizeof o->town);
	sqlite3_reset(st);
	return STORE_FOUND;
}

enum store_status store_page(struct store *s, const char *slug, const char *lang, struct store_page **out)
{
	sqlite3_stmt *st;
	enum store_status found = store_one_row(s, Q_PAGE, lang, slug, 0, &st);
	struct store_page *p = found == STORE_FOUND ? fault_malloc(sizeof *p) : NULL;
	*out = p;
	if (found != STORE_FOUND)
		return found;
	if (p) {
		store_copy_column(st, 0, p->slug, sizeof p->slug);
		store_copy_column(st, 1, p->title, sizeof p->title);
		store_copy_column(st, 2, p->body, sizeof p->body);
		p->media_id = sqlite3_column_int64(st, 3);
	} else {
		store_out_of_memory(Q_PAGE);
	}
	sqlite3_reset(st);
	return p ? STORE_FOUND : STORE_FAILED;
}

enum store_status store_media(struct store *s, long long id, const char *lang, struct store_media **out)
{
	sqlite3_stmt *st;
	enum store_status found = store_one_row(s, Q_MEDIA, lang, NULL, id, &st);
	*out = NULL;
	if (found != STORE_FOUND)
		return found;
	int len = sqlite3_column_bytes(st, 3);
	const void *data = sqlite3_column_blob(st, 3);
	struct store_media *m = len > 0 && data ? fault_malloc(sizeof *m + (size_t)len) : NULL;
	if (m) {
		m->id = sqlite3_column_int64(st, 0);
		store_copy_column(st, 1, m->mime, sizeof m->mime);
		store_copy_column(st, 2, m->alt, sizeof m->alt);
		m->len = (size_t)len;
		memcpy(m->data, data, (size_t)len);
	} else if (len > 0 && data) {
		store_out_of_memory(Q_MEDIA);
	}
	sqlite3_reset(st);
	*out = m;
	return m ? STORE_FOUND : STORE_FAILED;
}

int store_services(struct store *s, bool crisis, const char *lang, struct store_service *rows, int max)
{
	sqlite3_stmt *st = store_query(s, Q_SERVICES, lang);
	int n = 0, rc = SQLITE_DONE;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 3, crisis);
	sqlite3_bind_int(st, 4, max);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_service *r = &rows[n++];
		r->id = sqlite3_column_int64(st, 0);
		r->crisis = sqlite3_column_int(st, 1) != 0;
		store_copy_column(st, 2, r->name, sizeof r->name);
		store_copy_column(st, 3, r->description, sizeof r->description);
		store_copy_column(st, 4, r->hours, sizeof r->hours);
		store_copy_column(st, 5, r->phone, sizeof r->phone);
		store_copy_column(st, 6, r->phone_shown, sizeof r->phone_shown);
		store_copy_column(st, 7, r->web, sizeof r->web);
	}
	return store_rows_read(s, Q_SERVICES, st, rc, n);
}
