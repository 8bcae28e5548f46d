/* check — is this file Wegweiser content the kiosk can serve?
 *
 * The one definition of a good content file. The staff tool runs it as
 * `check`, at the end of every `build` (so nothing it writes fails here) and
 * on a stick before signing; the kiosk runs it on an update before it goes
 * into service. It only reads. It trusts nothing in the file: the schema is
 * compared with our own, not read from it, and every value is checked again
 * with the rules the build used, read from the same field tables
 * (fields.c): what build refuses in a CSV file, check refuses in a content
 * file (tests/test_fields.c plants each such value to prove it). Like
 * build, it warns of contact points whose postcode areas overlap. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas.h"
#include "fields.h"
#include "fold.h"
#include "rules.h"
#include "search.h"
#include "store.h"

#define MAX_LANGS 16

#define TOPIC_OF(col) "(SELECT slug FROM topic WHERE id = " col ")"
#define SQL_BYTES 8192          /* a file's query: every field's expression */

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
		" WHERE NOT (type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat4'))";
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

/* What check_file() reads of a file: which query column holds which field. */
struct file_ctx {
	struct ctx c;
	const struct content_file *file;
	int column[FIELDS_MAX];         /* in the query; 0: not read */
};

/* The number of space-separated keys in a list as field_sql() gives it. */
static int words(const char *list)
{
	int n = 0;
	for (const char *p = list; *p;) {
		p += strspn(p, " ");
		if (*p) {
			n++;
			p += strcspn(p, " ");
		}
	}
	return n;
}

/* A value the way build would have stored it, or why not. */
static const char *stored_why(const struct field *f, const char *v, int *items)
{
	const char *why = NULL;
	if (!rule_check_stored(f->rule, v, f->max_chars, &why))
		return why;
	if (f->kind == FIELD_FOLDED) {
		char *folded = fold_dup(v);
		bool same = folded && strcmp(folded, v) == 0;
		free(folded);
		if (!same)
			return "is not in its folded form";
	}
	if (f->kind == FIELD_LIST && f->max_items && (*items = words(v)) > f->max_items)
		return "names too many";
	return NULL;
}

/* One row of a file: each field against its rule, as build checked it. */
static void check_row(sqlite3_stmt *st, void *p)
{
	struct file_ctx *x = p;
	const struct content_file *file = x->file;
	const char *key = (const char *)sqlite3_column_text(st, 0);
	char where[256];
	bool given[FIELDS_MAX] = {false};
	snprintf(where, sizeof where, "%s%s%s", file->table, key && *key ? " " : "", key ? key : "");
	for (int i = 0; file->fields[i].name; i++) {
		const struct field *f = &file->fields[i];
		if (!x->column[i])
			continue;
		const char *v = (const char *)sqlite3_column_text(st, x->column[i]), *why;
		int items = 0;
		given[i] = v && *v;
		if (!v || !*v) {
			if (f->required && f->kind == FIELD_LIST)
				diag_report(x->c.d, DIAG_ERROR, x->c.label, 0, 0, file->table, "%s %s has no %s",
					    file->thing, key ? key : "?", content_files[f->ref].thing);
			else if (f->required)
				diag_report(x->c.d, DIAG_ERROR, x->c.label, 0, 0, where, "%s is empty", f->name);
			else if (v && field_empty(f) != EMPTY_TEXT)
				diag_report(x->c.d, DIAG_ERROR, x->c.label, 0, 0, where,
					    "%s \"\" is not in its stored form (empty is NULL)", f->name);
		} else if ((why = stored_why(f, v, &items)) && items) {
			diag_report(x->c.d, DIAG_ERROR, x->c.label, 0, 0, where,
				    "%s \"%.80s\" names %d %ss, at most %d are allowed", f->name, v, items,
				    content_files[f->ref].thing, f->max_items);
		} else if (why) {
			diag_report(x->c.d, DIAG_ERROR, x->c.label, 0, 0, where, "%s \"%.80s\" %s", f->name, v, why);
		}
	}
	char why[160];
	for (int i = 0; (i = field_together_missing(file->fields, given, i, why, sizeof why)) >= 0; i++)
		diag_report(x->c.d, DIAG_ERROR, x->c.label, 0, 0, where, "%s %s", file->fields[i].name, why);
}

/* A phone number's number to dial that is not what its written form gives. */
static void report_dial(sqlite3_stmt *st, void *p)
{
	struct ctx *c = p;
	const char *dial = (const char *)sqlite3_column_text(st, 1);
	const char *written = (const char *)sqlite3_column_text(st, 2);
	const char *want = (const char *)sqlite3_column_text(st, 3);
	diag_report(c->d, DIAG_ERROR, c->label, 0, 0, (const char *)sqlite3_column_text(st, 0),
		    "%s: the number to dial \"%.20s\" is not \"%.20s\", what \"%.40s\" gives", c->what,
		    dial ? dial : "", want ? want : "", written ? written : "");
}

/* An error whose whole text the query made. */
static void report_message(sqlite3_stmt *st, void *p)
{
	struct ctx *c = p;
	diag_report(c->d, DIAG_ERROR, c->label, 0, 0, NULL, "%s", (const char *)sqlite3_column_text(st, 0));
}

/* Every field of every row of a file, with the rules of build; references
 * are the foreign key check's, images check_media()'s. */
static void check_file(sqlite3 *db, const char *label, struct diag *d, const struct content_file *file)
{
	struct file_ctx x = {.c = {.db = db, .label = label, .d = d}, .file = file};
	char sql[SQL_BYTES] = "SELECT ", expr[SQL_BYTES / 2];
	int n = 1;
	bool fits = field_row_name_sql(file, expr, sizeof expr) && field_sql_append(sql, SQL_BYTES, "%s", expr);
	for (int i = 0; fits && file->fields[i].name; i++) {
		const struct field *f = &file->fields[i];
		if (f->kind == FIELD_REF || f->kind == FIELD_IMAGE)
			continue;
		fits = field_sql(file, f, expr, sizeof expr) && field_sql_append(sql, SQL_BYTES, ", %s", expr);
		x.column[i] = n++;
	}
	fits = fits && field_sql_append(sql, SQL_BYTES, " FROM %s", file->table);
	if (!fits) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "internal: the query for %s is too long", file->table);
		return;
	}
	each_row(db, sql, label, d, check_row, &x);

	/* What only build's lists and row counts show, and the numbers to dial it derived. */
	char name[SQL_BYTES / 2];
	for (int i = 0; file->fields[i].name; i++) {
		const struct field *f = &file->fields[i];
		if (f->kind != FIELD_LIST || &content_files[f->ref] != file ||
		    !field_row_name_sql(file, name, sizeof name))
			continue;
		char *self = sqlite3_mprintf("SELECT %Q || ' ' || %s || ': %s names the %s itself' FROM %s WHERE"
					     " EXISTS (SELECT 1 FROM %s WHERE %s = %s.id AND %s = %s.id)",
					     file->table, name, f->name, file->thing, file->table, f->link.table,
					     f->link.owner, file->table, f->link.item, file->table);
		each_row(db, self, label, d, report_message, &x.c);
		sqlite3_free(self);
	}
	for (int i = 0; file->fields[i].name; i++) {
		const struct field *f = &file->fields[i];
		if (!f->dial_column || !field_row_name_sql(file, name, sizeof name))
			continue;
		struct ctx dial = {.db = db, .label = label, .d = d, .what = f->name};
		char *wrong = sqlite3_mprintf("SELECT %Q || ' ' || %s, %s, %s, phone_dial(%s) FROM %s"
					      " WHERE %s IS NOT phone_dial(%s)", file->table, name, f->dial_column,
					      field_column(f), field_column(f), file->table, f->dial_column,
					      field_column(f));
		each_row(db, wrong, label, d, report_dial, &dial);
		sqlite3_free(wrong);
	}
	if (file->max_rows) {
		char *count = sqlite3_mprintf("SELECT '%s has ' || count(*) || ' rows; the kiosk can list at most"
					      " %ld' FROM %s HAVING count(*) > %ld", file->table, file->max_rows,
					      file->table, file->max_rows);
		each_row(db, count, label, d, report_message, &x.c);
		sqlite3_free(count);
	}
}

/* The rows of a file that have areas, as check_area_overlaps() reads them. */
struct area_rows {
	struct ctx c;
	char **names;                   /* "contact point 4 (Selbsthilfebüro …)" per row */
	struct area_owned *all;
	int nrows, nareas, cap_rows, cap_areas;
	bool failed;
};

/* `array` (of *cap elements of `size` bytes) with room for `need`: as it
 * was, or moved and *cap grown; NULL when out of memory (`array` stays
 * the caller's to free). */
static void *grow(void *array, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return array;
	int want = 2 * *cap > need ? 2 * *cap : need + 64;
	void *bigger = realloc(array, (size_t)want * size);
	if (bigger)
		*cap = want;
	return bigger;
}

static void read_area_row(sqlite3_stmt *st, void *p)
{
	struct area_rows *r = p;
	struct area areas[AREAS_MAX];
	const char *why, *text = (const char *)sqlite3_column_text(st, 1);
	int k = text ? areas_parse(text, areas, NULL, 0, &why) : -1;
	if (k <= 0 || r->failed)
		return;   /* check_row() reports a list it cannot read */
	char **names = grow(r->names, &r->cap_rows, r->nrows + 1, sizeof *r->names);
	r->names = names ? names : r->names;
	struct area_owned *all = names ? grow(r->all, &r->cap_areas, r->nareas + k, sizeof *r->all) : NULL;
	r->all = all ? all : r->all;
	if (!all || !(r->names[r->nrows] = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0)))) {
		r->failed = true;
		return;
	}
	for (int i = 0; i < k; i++)
		r->all[r->nareas++] = (struct area_owned){areas[i], r->nrows};
	r->nrows++;
}

static void report_overlap(int first, int second, struct area both, void *p)
{
	struct area_rows *r = p;
	char postcodes[AREA_TEXT_MAX];
	area_format(both, postcodes);
	diag_report(r->c.d, DIAG_WARNING, r->c.label, 0, 0, r->c.what, "%s and %s both serve %s",
		    r->names[first], r->names[second], postcodes);
}

/* Areas of two rows that share postcodes: a warning, as build gives it. */
static void check_area_overlaps(sqlite3 *db, const char *label, struct diag *d, const struct content_file *file,
				const struct field *f)
{
	struct area_rows r = {.c = {.db = db, .label = label, .d = d, .what = file->table}};
	char key[SQL_BYTES / 2];
	const char *name = NULL;
	for (const struct field *k = file->fields; k->name; k++)
		name = strcmp(k->name, "name") == 0 ? field_column(k) : name;
	if (!field_row_name_sql(file, key, sizeof key))
		return;
	char *sql = sqlite3_mprintf("SELECT %Q || ' ' || %s%s%s%s, %s FROM %s WHERE %s IS NOT NULL ORDER BY %s",
				    file->thing, key, name ? " || ' (' || " : "", name ? name : "", name ? " || ')'" : "",
				    field_column(f), file->table, field_column(f), file->order);
	each_row(db, sql, label, d, read_area_row, &r);
	sqlite3_free(sql);
	if (r.failed)
		diag_report(d, DIAG_ERROR, label, 0, 0, file->table, "out of memory comparing the areas");
	else
		areas_overlaps(r.all, r.nareas, report_overlap, &r);
	for (int i = 0; i < r.nrows; i++)
		sqlite3_free(r.names[i]);
	free(r.names);
	free(r.all);
}

static void check_fields(sqlite3 *db, const char *label, struct diag *d)
{
	check_file(db, label, d, &meta_settings);
	for (int i = 0; i < FILE_COUNT; i++) {
		check_file(db, label, d, &content_files[i]);
		for (const struct field *f = content_files[i].fields; f->name; f++)
			if (f->rule == RULE_AREAS)
				check_area_overlaps(db, label, d, &content_files[i], f);
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
	const char *what;       /* what has no text: "topic" */
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
			    "%s %s has no text in '%s', the default language", m->what, key, m->lang);
	else
		diag_report(m->c.d, DIAG_WARNING, m->c.label, 0, 0, NULL,
			    "%s %s has no text in '%s'; the kiosk will show the '%s' text", m->what,
			    key, m->lang, m->default_lang);
}

void check_translations(sqlite3 *db, const char *label, bool csv_names, struct diag *d)
{
	struct store_meta meta;
	char err[256], langs[MAX_LANGS][3], name[512];
	if (!store_read_meta(db, &meta, err, sizeof err))
		return;   /* reported by the caller's meta checks */
	int n = split_languages(meta.languages, langs);
	for (int t = 0; t < FILE_COUNT; t++) {
		const struct content_file *texts = &content_files[t];
		if (!texts->texts)
			continue;
		const struct content_file *of = &content_files[texts->fields[0].ref];
		char where[512];
		if (csv_names)
			snprintf(where, sizeof where, "%s/%s", label, texts->name);
		else
			snprintf(where, sizeof where, "%s", label);
		if (!field_row_name_sql(of, name, sizeof name))
			continue;
		for (int i = 0; i < n; i++) {
			struct missing_ctx m = {.c = {.db = db, .label = where, .d = d},
						.what = of->thing, .lang = langs[i], .is_default = i == 0,
						.default_lang = langs[0]};
			char *sql = sqlite3_mprintf(
				"SELECT %s FROM %s WHERE id NOT IN (SELECT %s FROM %s WHERE lang = %Q)"
				" ORDER BY id", name, of->table, field_column(&texts->fields[0]), texts->table,
				langs[i]);
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
	/* Every language any text is in: the files with a language field. */
	char all[SQL_BYTES] = "";
	bool fits = true;
	for (int f = 0; f < FILE_COUNT; f++)
		for (const struct field *c = content_files[f].fields; c->name && fits; c++)
			if (c->rule == RULE_LANG)
				fits = field_sql_append(all, SQL_BYTES, "%sSELECT %s FROM %s", *all ? " UNION " : "",
							field_column(c), content_files[f].table);
	sqlite3_stmt *st = NULL;
	if (!fits)
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "internal: the query of languages is too long");
	else if (sqlite3_prepare_v2(db, all, -1, &st, NULL) == SQLITE_OK) {
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
	else if (!rule_image_whole(data, len))
		diag_report(c->d, DIAG_ERROR, c->label, 0, 0, "media", "%s: the picture is cut off before its end",
			    name ? name : "?");
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
	each_row(db, "SELECT name, mime, data FROM media", label, d, check_media, &c);
	check_search_index(db, label, d);
done:
	return d->errors == before;
}
