/* check — is this file Wegweiser content the kiosk can serve?
 *
 * The one definition of a good content file. The staff tool runs it as
 * `check`, at the end of every `build` (so nothing it writes fails here) and
 * on a stick before signing; the kiosk runs it on an update before it goes
 * into service. It only reads. It trusts nothing in the file: the schema is
 * compared with our own, not read from it, and every value is checked again
 * with the rules the build used. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "search.h"
#include "store.h"

#define MAX_LANGS 16

struct column_rule {
	const char *table;
	const char *key;        /* SQL naming the row in messages */
	const char *column;
	enum rule rule;
	size_t max_chars;
};

#define TOPIC_OF(col) "(SELECT slug FROM topic WHERE id = " col ")"
static const struct column_rule column_rules[] = {
	{"meta", "'meta'", "title", RULE_LINE, LIMIT_META_TEXT},
	{"meta", "'meta'", "publisher", RULE_LINE, LIMIT_META_TEXT},
	{"meta", "'meta'", "published", RULE_DATE, 0},
	{"media", "name", "name", RULE_SLUG, 0},
	{"media_text", "media_id || ' ' || lang", "lang", RULE_LANG, 0},
	{"media_text", "media_id || ' ' || lang", "alt", RULE_LINE, LIMIT_ALT},
	{"topic", "slug", "slug", RULE_SLUG, 0},
	{"topic_text", TOPIC_OF("topic_id") " || ' ' || lang", "lang", RULE_LANG, 0},
	{"topic_text", TOPIC_OF("topic_id") " || ' ' || lang", "name", RULE_LINE, LIMIT_TOPIC_NAME},
	{"topic_text", TOPIC_OF("topic_id") " || ' ' || lang", "summary", RULE_TEXT, LIMIT_SUMMARY},
	{"alias", TOPIC_OF("topic_id") " || ' ' || lang", "lang", RULE_LANG, 0},
	{"alias", TOPIC_OF("topic_id") " || ' ' || lang", "alias", RULE_LINE, LIMIT_ALIAS},
	{"contact_point", "id", "name", RULE_LINE, LIMIT_NAME},
	{"contact_point", "id", "street", RULE_LINE, LIMIT_NAME},
	{"contact_point", "id", "postcode", RULE_POSTCODE, 0},
	{"contact_point", "id", "town", RULE_LINE, LIMIT_TOWN},
	{"contact_point", "id", "phone", RULE_PHONE, 0},
	{"contact_point", "id", "email", RULE_EMAIL, 0},
	{"contact_point", "id", "web", RULE_WEB, 0},
	{"contact_point", "id", "lat", RULE_LAT, 0},
	{"contact_point", "id", "lon", RULE_LON, 0},
	{"contact_point_text", "contact_point_id || ' ' || lang", "lang", RULE_LANG, 0},
	{"contact_point_text", "contact_point_id || ' ' || lang", "hours", RULE_TEXT, LIMIT_HOURS},
	{"contact_point_text", "contact_point_id || ' ' || lang", "accessibility", RULE_TEXT, LIMIT_HOURS},
	{"contact_point_text", "contact_point_id || ' ' || lang", "description", RULE_TEXT, LIMIT_DESCRIPTION},
	{"self_help_group", "id", "name", RULE_LINE, LIMIT_NAME},
	{"self_help_group", "id", "phone", RULE_PHONE, 0},
	{"self_help_group", "id", "email", RULE_EMAIL, 0},
	{"self_help_group", "id", "web", RULE_WEB, 0},
	{"group_text", "group_id || ' ' || lang", "lang", RULE_LANG, 0},
	{"group_text", "group_id || ' ' || lang", "schedule", RULE_TEXT, LIMIT_SCHEDULE},
	{"group_text", "group_id || ' ' || lang", "place", RULE_TEXT, LIMIT_SCHEDULE},
	{"group_text", "group_id || ' ' || lang", "note", RULE_TEXT, LIMIT_HOURS},
	{"page", "slug", "slug", RULE_SLUG, 0},
	{"page_text", "(SELECT slug FROM page WHERE id = page_id) || ' ' || lang", "lang", RULE_LANG, 0},
	{"page_text", "(SELECT slug FROM page WHERE id = page_id) || ' ' || lang", "title", RULE_LINE, LIMIT_NAME},
	{"page_text", "(SELECT slug FROM page WHERE id = page_id) || ' ' || lang", "body", RULE_TEXT, LIMIT_BODY},
	{"postcode", "postcode", "postcode", RULE_POSTCODE, 0},
	{"postcode", "postcode", "town", RULE_LINE, LIMIT_TOWN},
	{"postcode", "postcode", "lat", RULE_LAT, 0},
	{"postcode", "postcode", "lon", RULE_LON, 0},
};

/* Tables holding texts per language: which entity, in which CSV file. */
struct text_table {
	const char *what, *table, *csv, *entity_sql, *text_table, *fk;
};
static const struct text_table text_tables[] = {
	{"topic", "topic", "topic_texts.csv", "slug", "topic_text", "topic_id"},
	{"contact point", "contact_point", "contact_point_texts.csv", "id", "contact_point_text",
	 "contact_point_id"},
	{"group", "self_help_group", "group_texts.csv", "id", "group_text", "group_id"},
	{"page", "page", "page_texts.csv", "slug", "page_text", "page_id"},
	{"image", "media", "media_texts.csv", "name", "media_text", "media_id"},
};

/* Runs `sql`; for every row calls fn(row, ctx). Reports a failure to run
 * as an error. Returns false on such failure. */
static bool each_row(sqlite3 *db, const char *sql, const char *label, struct diag *d,
		     void (*fn)(sqlite3_stmt *, void *), void *ctx)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			fn(st, ctx);
	if (rc != SQLITE_DONE) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "cannot read the file: %s",
			    sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return false;
	}
	sqlite3_finalize(st);
	return true;
}

struct ctx {
	sqlite3 *db;
	const char *label;
	struct diag *d;
	const char *what;
	const struct column_rule *rule;
	int n;
};

static void report_integrity(sqlite3_stmt *st, void *p)
{
	struct ctx *c = p;
	const char *msg = (const char *)sqlite3_column_text(st, 0);
	if (msg && strcmp(msg, "ok") != 0)
		diag_report(c->d, DIAG_ERROR, c->label, 0, 0, NULL, "damaged: %s", msg);
}

/* The file's schema must be ours, statement for statement: compared with a
 * fresh in-memory database made from content/schema.sql. */
static void check_schema(sqlite3 *db, const char *label, struct diag *d)
{
	static const char objects[] =
		"SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"
		" WHERE name NOT LIKE 'sqlite_stat%'";
	sqlite3 *ref = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_open(":memory:", &ref) != SQLITE_OK ||
	    sqlite3_exec(ref, store_schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "internal: cannot build the reference schema");
		goto done;
	}
	/* Objects in the file that differ from ours or are not ours. */
	if (sqlite3_prepare_v2(db, objects, -1, &st, NULL) != SQLITE_OK) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "cannot read the schema: %s",
			    sqlite3_errmsg(db));
		goto done;
	}
	sqlite3_stmt *find = NULL;
	sqlite3_prepare_v2(ref,
			   "SELECT coalesce(sql, '') = ?3 FROM sqlite_schema WHERE type = ?1 AND name = ?2",
			   -1, &find, NULL);
	int seen = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		seen++;
		for (int i = 0; i < 2; i++)
			sqlite3_bind_value(find, i + 1, sqlite3_column_value(st, i));
		sqlite3_bind_value(find, 3, sqlite3_column_value(st, 3));
		int rc = sqlite3_step(find);
		if (rc != SQLITE_ROW)
			diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "schema: %s %s is not part of schema version %d",
				    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
				    STORE_SCHEMA_VERSION);
		else if (!sqlite3_column_int(find, 0))
			diag_report(d, DIAG_ERROR, label, 0, 0, NULL,
				    "schema: %s %s differs from schema version %d",
				    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
				    STORE_SCHEMA_VERSION);
		sqlite3_reset(find);
	}
	sqlite3_finalize(find);
	sqlite3_finalize(st);
	st = NULL;
	/* Objects of ours missing from the file. */
	int expected = 0;
	if (sqlite3_prepare_v2(ref, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		expected = sqlite3_column_int(st, 0);
	if (seen < expected)
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL,
			    "schema: %d of the %d tables and indexes of schema version %d are missing",
			    expected - seen, expected, STORE_SCHEMA_VERSION);
done:
	sqlite3_finalize(st);
	sqlite3_close(ref);
}

static void report_fk(sqlite3_stmt *st, void *p)
{
	struct ctx *c = p;
	diag_report(c->d, DIAG_ERROR, c->label, 0, 0, NULL,
		    "%s row %lld refers to a missing row of %s",
		    sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_text(st, 2));
}

static void apply_rule(sqlite3_stmt *st, void *p)
{
	struct ctx *c = p;
	const char *key = (const char *)sqlite3_column_text(st, 0);
	const char *value = (const char *)sqlite3_column_text(st, 1);
	const char *why = NULL;
	char field[128];
	if (!value)
		return;
	snprintf(field, sizeof field, "%s %s", c->rule->table, key ? key : "?");
	if (!rule_check_stored(c->rule->rule, value, c->rule->max_chars, &why))
		diag_report(c->d, DIAG_ERROR, c->label, 0, 0, field, "%s \"%.80s\" %s", c->rule->column,
			    value, why);
}

static void check_fields(sqlite3 *db, const char *label, struct diag *d)
{
	struct ctx c = {.db = db, .label = label, .d = d};
	for (size_t i = 0; i < sizeof column_rules / sizeof *column_rules; i++) {
		const struct column_rule *r = &column_rules[i];
		char *sql = sqlite3_mprintf("SELECT %s, %s FROM %s WHERE %s IS NOT NULL", r->key,
					    r->column, r->table, r->column);
		c.rule = r;
		each_row(db, sql, label, d, apply_rule, &c);
		sqlite3_free(sql);
	}
}

/* Parses "de,en" into codes; false (with an error) when malformed. */
static int split_languages(const char *list, char langs[MAX_LANGS][3])
{
	int n = 0;
	const char *p = list;
	while (*p && n < MAX_LANGS) {
		size_t len = strcspn(p, ",");
		if (len != 2)
			return -1;
		memcpy(langs[n], p, 2);
		langs[n][2] = '\0';
		for (int i = 0; i < n; i++)
			if (strcmp(langs[i], langs[n]) == 0)
				return -1;
		n++;
		p += len;
		if (*p == ',')
			p++;
	}
	return *p ? -1 : n;
}

struct missing_ctx {
	struct ctx c;
	const struct text_table *t;
	const char *lang;
	bool is_default;
	const char *default_lang;
};

static void report_missing(sqlite3_stmt *st, void *p)
{
	struct missing_ctx *m = p;
	const char *key = (const char *)sqlite3_column_text(st, 0);
	if (m->is_default)
		diag_report(m->c.d, DIAG_ERROR, m->c.label, 0, 0, NULL,
			    "%s %s has no text in '%s', the default language", m->t->what, key, m->lang);
	else
		diag_report(m->c.d, DIAG_WARNING, m->c.label, 0, 0, NULL,
			    "%s %s has no text in '%s'; the kiosk will show the '%s' text", m->t->what,
			    key, m->lang, m->default_lang);
}

void check_translations(sqlite3 *db, const char *label, bool csv_names, struct diag *d)
{
	struct store_meta meta;
	char err[256], langs[MAX_LANGS][3];
	if (!store_read_meta(db, &meta, err, sizeof err))
		return;   /* reported by the caller's meta checks */
	int n = split_languages(meta.languages, langs);
	for (size_t t = 0; t < sizeof text_tables / sizeof *text_tables; t++) {
		const struct text_table *tt = &text_tables[t];
		char where[512];
		if (csv_names)
			snprintf(where, sizeof where, "%s/%s", label, tt->csv);
		else
			snprintf(where, sizeof where, "%s", label);
		for (int i = 0; i < n; i++) {
			struct missing_ctx m = {.c = {.db = db, .label = where, .d = d},
						.t = tt, .lang = langs[i], .is_default = i == 0,
						.default_lang = langs[0]};
			char *sql = sqlite3_mprintf(
				"SELECT %s FROM %s WHERE id NOT IN (SELECT %s FROM %s WHERE lang = %Q)"
				" ORDER BY id", tt->entity_sql, tt->table, tt->fk, tt->text_table, langs[i]);
			each_row(db, sql, where, d, report_missing, &m);
			sqlite3_free(sql);
		}
	}
}

static void check_languages(sqlite3 *db, const char *label, struct diag *d)
{
	struct store_meta meta;
	char err[256], langs[MAX_LANGS][3];
	if (!store_read_meta(db, &meta, err, sizeof err)) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "%s", err);
		return;
	}
	if (meta.schema_version != STORE_SCHEMA_VERSION)
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL,
			    "schema version %d, but this program reads version %d",
			    meta.schema_version, STORE_SCHEMA_VERSION);
	int n = split_languages(meta.languages, langs);
	if (n <= 0) {
		diag_report(d, DIAG_ERROR, label, 0, 0, "meta", "languages \"%s\" is not a list of "
			    "language codes such as de,en", meta.languages);
		return;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db,
			       "SELECT lang FROM topic_text UNION SELECT lang FROM alias"
			       " UNION SELECT lang FROM contact_point_text UNION SELECT lang FROM group_text"
			       " UNION SELECT lang FROM page_text UNION SELECT lang FROM media_text",
			       -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *l = (const char *)sqlite3_column_text(st, 0);
			bool known = false;
			for (int i = 0; i < n; i++)
				known |= l && strcmp(l, langs[i]) == 0;
			if (!known)
				diag_report(d, DIAG_ERROR, label, 0, 0, NULL,
					    "texts in language '%s', which meta.languages (%s) does not list",
					    l ? l : "", meta.languages);
		}
	}
	sqlite3_finalize(st);
	check_translations(db, label, false, d);
}

static void report_row(sqlite3_stmt *st, void *p)
{
	struct ctx *c = p;
	diag_report(c->d, DIAG_ERROR, c->label, 0, 0, NULL, "%s: %s", c->what,
		    (const char *)sqlite3_column_text(st, 0));
}

static void check_rows(sqlite3 *db, const char *label, struct diag *d, const char *what,
		       const char *sql)
{
	struct ctx c = {.db = db, .label = label, .d = d, .what = what};
	each_row(db, sql, label, d, report_row, &c);
}

static void check_media(sqlite3_stmt *st, void *p)
{
	struct ctx *c = p;
	const char *name = (const char *)sqlite3_column_text(st, 0);
	const char *mime = (const char *)sqlite3_column_text(st, 1);
	const unsigned char *data = sqlite3_column_blob(st, 2);
	size_t len = (size_t)sqlite3_column_bytes(st, 2);
	const char *actual = rule_image_mime(data, len);
	if (!actual || !mime || strcmp(actual, mime) != 0)
		diag_report(c->d, DIAG_ERROR, c->label, 0, 0, "media", "%s: the data is not a %s image",
			    name ? name : "?", mime ? mime : "?");
	else if (!rule_image_fits(data, len))
		diag_report(c->d, DIAG_ERROR, c->label, 0, 0, "media",
			    "%s: no readable size, or larger than %d x %d pixels", name ? name : "?",
			    LIMIT_IMAGE_SIDE, LIMIT_IMAGE_SIDE);
}

/* search_entry must hold exactly what search_index_sources yield. */
static void check_search_index(sqlite3 *db, const char *label, struct diag *d)
{
	size_t cap = 4096, len = 0;
	char *all = malloc(cap);
	if (!all)
		return;
	all[0] = '\0';
	for (int i = 0; search_index_sources[i]; i++) {
		len += (size_t)snprintf(all + len, cap - len, "%s%s", i ? " UNION ALL " : "",
					search_index_sources[i]);
	}
	static const char *entries =
		"SELECT kind, ref_id, lang, field, text, folded FROM search_entry";
	char *missing = sqlite3_mprintf("SELECT count(*) FROM (SELECT * FROM (%s) EXCEPT %s)", all, entries);
	char *extra = sqlite3_mprintf("SELECT count(*) FROM (%s EXCEPT SELECT * FROM (%s))", entries, all);
	char *dup = sqlite3_mprintf("SELECT (SELECT count(*) FROM search_entry) - (SELECT count(*) FROM (%s))", all);
	const char *sqls[] = {missing, extra, dup};
	const char *what[] = {"missing", "that match no content", "more than the content yields"};
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(db, sqls[i], -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW) {
			long long n = sqlite3_column_int64(st, 0);
			if (n)
				diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "search index: %lld entries %s",
					    n, what[i]);
		} else {
			diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "search index: cannot read: %s",
				    sqlite3_errmsg(db));
		}
		sqlite3_finalize(st);
	}
	sqlite3_free(missing);
	sqlite3_free(extra);
	sqlite3_free(dup);
	free(all);
}

bool check_content(sqlite3 *db, const char *label, struct diag *d)
{
	int before = d->errors;
	struct ctx c = {.db = db, .label = label, .d = d};

	if (!each_row(db, "PRAGMA integrity_check(20)", label, d, report_integrity, &c))
		goto done;
	if (d->errors > before)
		goto done;   /* no point reading a damaged file further */
	check_schema(db, label, d);
	if (d->errors > before)
		goto done;   /* queries below assume our tables */
	if (search_register_functions(db) != SQLITE_OK) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "internal: %s", sqlite3_errmsg(db));
		goto done;
	}
	check_rows(db, label, d, "meta", "SELECT 'there must be exactly one meta row' "
		   "WHERE (SELECT count(*) FROM meta) <> 1");
	check_languages(db, label, d);
	each_row(db, "PRAGMA foreign_key_check", label, d, report_fk, &c);
	check_fields(db, label, d);
	check_rows(db, label, d, "topic_text",
		   "SELECT " TOPIC_OF("topic_id") " || ' ' || lang || ': sort key or letter is not"
		   " derived from the name' FROM topic_text"
		   " WHERE sort_key <> fold(name) OR letter <> fold_letter(sort_key)");
	check_rows(db, label, d, "self_help_group",
		   "SELECT 'group ' || id || ' has no topic' FROM self_help_group"
		   " WHERE id NOT IN (SELECT group_id FROM group_topic)");
	each_row(db, "SELECT name, mime, data FROM media", label, d, check_media, &c);
	check_search_index(db, label, d);
done:
	return d->errors == before;
}
