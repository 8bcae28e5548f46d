/* build — CSV sources in, one checked content file out.
 *
 * Reads the files FORMAT.md describes, checks every field with the shared
 * rules (kiosk/rules.c) and reports each problem with file, line and column,
 * then fills a fresh SQLite file in one transaction and builds the search
 * index. Which files and columns there are, each column's rule and limit,
 * and where it is stored all come from the field tables (kiosk/fields.c),
 * which `check` and `dump` read too; this file knows only what the kinds of
 * field mean (a value, a reference, a list, an image) and what a content
 * file needs besides its fields (sort keys, the search index). It does not
 * run the full content check (kiosk/check.c) on what it wrote: that would
 * cost 40 % of a 100,000-group build, and the tests hold that `check`
 * accepts every file build writes and refuses every value it refuses. The
 * file appears under its name only by rename(), after fsync: a failed
 * build leaves nothing beside it, and one stopped by SIGTERM, SIGINT
 * (Ctrl+C) or SIGHUP removes its temporary file before it ends; only a
 * SIGKILL or a power cut leaves a *.tmp-* file, never a partial content
 * file. */
#include "build.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "areas.h"
#include "check.h"
#include "csvfile.h"
#include "durable.h"
#include "fields.h"
#include "fold.h"
#include "keyset.h"
#include "rules.h"
#include "search.h"
#include "store.h"
#include "utf8.h"

/* A value quoted in a message: at most 60 bytes, whole characters. */
#define SHOWN(v) (int)utf8_prefix((v), 60), (v)

#define MAX_LANGS 16
#define KEY_BYTES 1024          /* a row's key fields, joined: slugs, ids, an alias */
#define SQL_BYTES 2048          /* a generated INSERT statement */
/* Keys a list may hold: LIMIT_LIST characters hold at most this many. */
#define LIST_ITEMS_MAX (LIMIT_LIST / 2 + 1)

/* An image a row names, read and checked. */
struct image {
	unsigned char *data;
	size_t len;
	const char *mime;
};

struct build {
	sqlite3 *db;
	struct diag *d;
	const char *dir;
	char langs[MAX_LANGS][3];
	int nlangs;
	/* Each file's keys with their rows' ids: for references to the file,
	 * and to refuse a key given twice. */
	struct keyset *keys[FILE_COUNT];
	/* The file being loaded. */
	enum content_file_id id;
	const struct content_file *file;
	const struct field *cols;
	int ncols;
	struct csvfile *f;
	sqlite3_stmt *insert;
	sqlite3_stmt *link[FIELDS_MAX];         /* per FIELD_LIST */
	int param[FIELDS_MAX];                  /* the INSERT's parameter per field; 0: none */
	int param_row, param_mime;
	bool *stored;                           /* per row: stored in the first pass */
	long long *items[FIELDS_MAX];           /* per FIELD_LIST: the ids it names */
	int nitems[FIELDS_MAX];
	/* The row being loaded. */
	size_t row;
	bool row_bad;
	char norm[FIELDS_MAX][RULE_NORM_MAX];
	char *folded[FIELDS_MAX];
};

/* ---- reading fields ---------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static void field_error(struct build *b, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(b->d, DIAG_ERROR, csvfile_path(b->f), csvfile_line(b->f, b->row, col),
		     csvfile_column(b->f, col), b->cols[col].name, fmt, ap);
	va_end(ap);
	b->row_bad = true;
}

/* The checked, stored form of field `col` of the current row, or NULL when
 * it is empty (an error if required) or breaks its rule (an error). A
 * folded field is checked as it will be kept: folded. */
static const char *get(struct build *b, int col)
{
	const struct field *c = &b->cols[col];
	const char *v = csvfile_get(b->f, b->row, col), *checked = v;
	const char *why = NULL;
	if (!*v) {
		if (c->required)
			field_error(b, col, "is empty");
		return NULL;
	}
	if (c->kind == FIELD_FOLDED) {
		free(b->folded[col]);
		checked = b->folded[col] = fold_dup(v);
		if (!checked) {
			field_error(b, col, "cannot be folded: out of memory");
			return NULL;
		}
	}
	if (!rule_check(c->rule, checked, c->max_chars, b->norm[col], &why)) {
		field_error(b, col, "\"%.*s\" %s", SHOWN(v), why);
		return NULL;
	}
	return b->norm[col][0] ? b->norm[col] : checked;
}

static bool lang_known(struct build *b, int col, const char *lang)
{
	for (int i = 0; i < b->nlangs; i++)
		if (strcmp(b->langs[i], lang) == 0)
			return true;
	field_error(b, col, "\"%s\" %s", lang, "is not one of the languages meta.csv declares");
	return false;
}

/* The id of the row that `key` names in the file field `col` refers to;
 * reports it when there is none. */
static long long ref(struct build *b, int col, const char *key)
{
	const struct content_file *to = &content_files[b->cols[col].ref];
	long long id = keyset_id(b->keys[b->cols[col].ref], key);
	if (!id)
		field_error(b, col, "\"%.*s\" is not a %s %s from %s that exists", SHOWN(key), to->thing,
			    to->fields[0].name, to->name);
	return id;
}

/* Records the current row's key; reports a duplicate with its first line. */
static bool unique(struct build *b, int col, const char *key, long long id)
{
	long first = keyset_add(b->keys[b->id], key, csvfile_line(b->f, b->row, col), id);
	if (first == 0)
		return true;
	char why[96];
	if (first < 0)
		snprintf(why, sizeof why, "cannot be recorded: out of memory");
	else
		snprintf(why, sizeof why, "appears twice (first on line %ld)", first);
	field_error(b, col, "\"%.*s\" %s", SHOWN(key), why);
	return false;
}

/* ---- writing rows ------------------------------------------------------- */

static sqlite3_stmt *prepare(struct build *b, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		diag_report(b->d, DIAG_ERROR, "build", 0, 0, NULL, "internal: %s: %s",
			    sqlite3_errmsg(b->db), sql);
	return st;
}

/* Binds a field's stored form `v` (NULL: empty) as the column's type. */
static void bind_value(sqlite3_stmt *st, int param, const struct field *c, const char *v)
{
	if (!param)
		return;
	if (!v) {
		enum field_empty e = field_empty(c);
		if (e == EMPTY_TEXT)
			sqlite3_bind_text(st, param, "", 0, SQLITE_STATIC);
		else if (e == EMPTY_ZERO)
			sqlite3_bind_int(st, param, 0);
		else
			sqlite3_bind_null(st, param);
		return;
	}
	switch (c->rule) {
	case RULE_ID:
	case RULE_INT:
	case RULE_BOOL:
		sqlite3_bind_int64(st, param, atoll(v));
		break;
	case RULE_LAT:
	case RULE_LON:
		sqlite3_bind_double(st, param, atof(v));
		break;
	default:
		sqlite3_bind_text(st, param, v, -1, SQLITE_TRANSIENT);
	}
}

/* Runs a bound statement for the current row; a failure names the row. */
static void run(struct build *b, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		diag_report(b->d, DIAG_ERROR, csvfile_path(b->f), csvfile_line(b->f, b->row, 0), 0,
			    NULL, "this row cannot be stored: %s", sqlite3_errmsg(b->db));
		b->row_bad = true;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* The file's INSERT of a row, and of a FIELD_LIST's keys, from its table. */
static bool prepare_file(struct build *b)
{
	const struct content_file *file = b->file;
	char columns[SQL_BYTES] = "", values[SQL_BYTES] = "", sql[SQL_BYTES] = "";
	bool fits = true;
	for (int i = 0; i < b->ncols; i++) {
		const struct field *c = &b->cols[i];
		if (c->kind == FIELD_LIST) {
			fits = fits && field_sql_append(sql, SQL_BYTES, "INSERT INTO %s (%s, %s%s%s) VALUES (?1, ?2%s)",
							c->link.table, c->link.owner, c->link.item,
							c->link.position ? ", " : "", c->link.position ? c->link.position : "",
							c->link.position ? ", ?3" : "");
			if (!fits || !(b->link[i] = prepare(b, sql)))
				return false;
			sql[0] = '\0';
			continue;
		}
		fits = fits && field_sql_append(columns, SQL_BYTES, "%s%s", *columns ? ", " : "", field_column(c)) &&
		       field_sql_append(values, SQL_BYTES, "%s:%s", *values ? ", " : "", c->name);
		if (c->dial_column)
			fits = fits && field_sql_append(columns, SQL_BYTES, ", %s", c->dial_column) &&
			       field_sql_append(values, SQL_BYTES, ", phone_dial(:%s)", c->name);
	}
	if (file->extra_columns)
		fits = fits && field_sql_append(columns, SQL_BYTES, ", %s", file->extra_columns) &&
		       field_sql_append(values, SQL_BYTES, ", %s", file->extra_values);
	fits = fits && field_sql_append(sql, SQL_BYTES, "INSERT INTO %s (%s) VALUES (%s)", file->table, columns, values);
	if (!fits) {
		diag_report(b->d, DIAG_ERROR, "build", 0, 0, NULL, "internal: the INSERT for %s is too long",
			    file->name);
		return false;
	}
	if (!(b->insert = prepare(b, sql)))
		return false;
	for (int i = 0; i < b->ncols; i++) {
		char name[64];
		snprintf(name, sizeof name, ":%s", b->cols[i].name);
		b->param[i] = sqlite3_bind_parameter_index(b->insert, name);
	}
	b->param_row = sqlite3_bind_parameter_index(b->insert, ":row");
	b->param_mime = sqlite3_bind_parameter_index(b->insert, ":mime");
	return true;
}

/* Calls fn for each word of a space- or comma-separated list field. */
static void each_word(struct build *b, int col, const char *list,
		      void (*fn)(struct build *, int, const char *, long long, int), long long owner)
{
	char word[LIMIT_SLUG + 2];
	int n = 0;
	while (list && *list) {
		size_t len = strcspn(list, " ,;\t\n");
		if (len > LIMIT_SLUG) {
			field_error(b, col, "\"%.*s\" %s", SHOWN(list), "contains a name that is too long");
			return;
		}
		if (len) {
			memcpy(word, list, len);
			word[len] = '\0';
			fn(b, col, word, owner, n++);
		}
		list += len;
		list += strspn(list, " ,;\t\n");
	}
}

/* One key of a list: checked, then kept in b->items, or (a list of the
 * file's own rows, in the second pass) stored at once. */
static void list_word(struct build *b, int col, const char *key, long long owner, int position)
{
	const struct field *c = &b->cols[col];
	const char *thing = content_files[c->ref].thing;
	long long id = ref(b, col, key);
	if (!id)
		return;
	if (c->ref == b->id && id == owner) {
		field_error(b, col, "\"%s\" is the %s itself", key, thing);
		return;
	}
	for (int i = 0; i < b->nitems[col]; i++)
		if (b->items[col][i] == id) {
			field_error(b, col, "\"%s\" %s", key, "is named twice");
			return;
		}
	if ((c->max_items && b->nitems[col] == c->max_items) || b->nitems[col] == LIST_ITEMS_MAX) {
		field_error(b, col, "\"%s\" is one %s too many (at most %d)", key, thing,
			    c->max_items ? c->max_items : LIST_ITEMS_MAX);
		return;
	}
	b->items[col][b->nitems[col]++] = id;
	if (c->ref == b->id) {
		sqlite3_bind_int64(b->link[col], 1, owner);
		sqlite3_bind_int64(b->link[col], 2, id);
		sqlite3_bind_int(b->link[col], 3, position);
		run(b, b->link[col]);
	}
}

/* The keys of list `col` of the current row, as b->items[col]. */
static void read_list(struct build *b, int col, const char *list, long long owner)
{
	b->nitems[col] = 0;
	each_word(b, col, list, list_word, owner);
	if (list && b->nitems[col] == 0 && b->cols[col].required && !b->row_bad)
		field_error(b, col, "names no %s", content_files[b->cols[col].ref].thing);
}

/* Reads the image a FIELD_IMAGE names, and refuses what is no image the
 * kiosk may decode. */
static void read_image(struct build *b, int col, const char *file, struct image *img)
{
	if (file[0] == '/' || strstr(file, "..")) {
		field_error(b, col, "\"%s\" %s", file,
			    "must be a path inside the content folder (no leading / and no ..)");
		return;
	}
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", b->dir, file);
	FILE *fp = fopen(path, "rb");
	img->data = malloc(LIMIT_MEDIA_BYTES + 1);
	if (fp && img->data)
		img->len = fread(img->data, 1, LIMIT_MEDIA_BYTES + 1, fp);
	img->mime = rule_image_mime(img->data, img->len);
	if (!fp)
		field_error(b, col, "\"%s\" cannot be read: %s", file, strerror(errno));
	else if (img->len > LIMIT_MEDIA_BYTES)
		field_error(b, col, "\"%s\" is larger than 2 MiB", file);
	else if (!img->mime)
		field_error(b, col, "\"%s\" %s", file, "is not a PNG or JPEG image");
	else if (!rule_image_fits(img->data, img->len))
		field_error(b, col, "\"%s\" has no readable size or is larger than %d x %d pixels",
			    file, LIMIT_IMAGE_SIDE, LIMIT_IMAGE_SIDE);
	else if (!rule_image_whole(img->data, img->len))
		field_error(b, col, "\"%s\" is cut off before the end of its picture: copy it again", file);
	if (fp)
		fclose(fp);
}

/* The row's id: its key when that is an id, else its place in the file. */
static long long row_id(struct build *b, const char *const *v)
{
	return b->cols[0].kind == FIELD_VALUE && b->cols[0].rule == RULE_ID && v[0] ? atoll(v[0])
											: (long long)b->row + 1;
}

/* The first pass over a row: every field checked, the row stored, and its
 * lists of other files' rows. */
static void load_row(struct build *b)
{
	const char *v[FIELDS_MAX];
	bool given[FIELDS_MAX];
	long long ids[FIELDS_MAX] = {0};
	struct image img = {0};
	for (int i = 0; i < b->ncols; i++) {
		v[i] = get(b, i);
		given[i] = *csvfile_get(b->f, b->row, i) != '\0';
	}
	long long id = row_id(b, v);
	for (int i = 0; i < b->ncols; i++) {
		const struct field *c = &b->cols[i];
		if (c->kind == FIELD_REF && v[i])
			ids[i] = ref(b, i, v[i]);
		else if (c->rule == RULE_LANG && v[i])
			lang_known(b, i, v[i]);
		else if (c->kind == FIELD_IMAGE && v[i] && !b->row_bad)
			read_image(b, i, v[i], &img);
		else if (c->kind == FIELD_LIST && c->ref != b->id)
			read_list(b, i, v[i], id);
	}
	char why[160];
	bool earlier_errors = b->row_bad;
	for (int i = 0; !earlier_errors && (i = field_together_missing(b->cols, given, i, why, sizeof why)) >= 0; i++)
		field_error(b, i, "%s", why);
	/* The key: its one field, or its fields joined by spaces. */
	char joined[KEY_BYTES];
	const char *key = v[0];
	for (int i = 1, len = 0; i < b->file->nkey && !b->row_bad; i++) {
		int n = snprintf(joined + len, sizeof joined - (size_t)len, "%s %s", i == 1 ? v[0] : "", v[i]);
		if (n < 0 || n >= (int)sizeof joined - len)
			field_error(b, i, "is too long to be part of a key");
		len += n;
		key = joined;
	}
	if (b->row_bad || !unique(b, b->file->nkey - 1, key, id))
		goto done;
	for (int i = 0; i < b->ncols; i++) {
		const struct field *c = &b->cols[i];
		if (c->kind == FIELD_REF && ids[i])
			sqlite3_bind_int64(b->insert, b->param[i], ids[i]);
		else if (c->kind == FIELD_REF)
			sqlite3_bind_null(b->insert, b->param[i]);
		else if (c->kind == FIELD_IMAGE)
			sqlite3_bind_blob(b->insert, b->param[i], img.data, (int)img.len, SQLITE_TRANSIENT);
		else if (c->kind != FIELD_LIST)
			bind_value(b->insert, b->param[i], c, v[i]);
	}
	if (b->param_row)
		sqlite3_bind_int64(b->insert, b->param_row, id);
	if (b->param_mime)
		sqlite3_bind_text(b->insert, b->param_mime, img.mime, -1, SQLITE_STATIC);
	run(b, b->insert);
	b->stored[b->row] = !b->row_bad;
	for (int i = 0; i < b->ncols && !b->row_bad; i++) {
		if (b->cols[i].kind != FIELD_LIST || b->cols[i].ref == b->id)
			continue;
		for (int k = 0; k < b->nitems[i] && !b->row_bad; k++) {
			sqlite3_bind_int64(b->link[i], 1, id);
			sqlite3_bind_int64(b->link[i], 2, b->items[i][k]);
			if (b->cols[i].link.position)
				sqlite3_bind_int(b->link[i], 3, k);
			run(b, b->link[i]);
		}
	}
done:
	free(img.data);
}

/* The second pass over a stored row: its lists of rows of its own file,
 * now that all of them are known. */
static void load_own_lists(struct build *b)
{
	const char *v[FIELDS_MAX];
	for (int i = 0; i < b->ncols; i++)
		v[i] = csvfile_get(b->f, b->row, i);
	long long id = row_id(b, v);
	for (int i = 0; i < b->ncols; i++)
		if (b->cols[i].kind == FIELD_LIST && b->cols[i].ref == b->id)
			read_list(b, i, v[i], id);
}

/* ---- areas that overlap ---------------------------------------------------- */

struct overlaps {
	struct build *b;
	int col;                /* the areas field */
	int name;               /* the file's name field, or -1 */
};

/* "contact point 4 (Selbsthilfebüro Fiktivbach)": row `row` in messages. */
static void row_label(const struct overlaps *o, size_t row, char *out, size_t cap)
{
	const struct build *b = o->b;
	const char *key = csvfile_get(b->f, row, 0);
	if (o->name < 0)
		snprintf(out, cap, "%s %.*s", b->file->thing, SHOWN(key));
	else
		snprintf(out, cap, "%s %.*s (%.*s)", b->file->thing, SHOWN(key), SHOWN(csvfile_get(b->f, row, o->name)));
}

static void warn_overlap(int first, int second, struct area both, void *p)
{
	const struct overlaps *o = p;
	struct build *b = o->b;
	char one[160], other[160], postcodes[AREA_TEXT_MAX];
	row_label(o, (size_t)first, one, sizeof one);
	row_label(o, (size_t)second, other, sizeof other);
	area_format(both, postcodes);
	diag_report(b->d, DIAG_WARNING, csvfile_path(b->f), csvfile_line(b->f, (size_t)second, o->col),
		    csvfile_column(b->f, o->col), b->cols[o->col].name, "%s, line %ld, and %s both serve %s", one,
		    csvfile_line(b->f, (size_t)first, o->col), other, postcodes);
}

/* Areas of two stored rows that share postcodes are a warning, not an
 * error: two contact points may rightly share a district for a while, and
 * "near me" then names both, the narrower area first. */
static void warn_area_overlaps(struct build *b, int col)
{
	struct overlaps o = {.b = b, .col = col, .name = -1};
	struct area_owned *all = NULL;
	int n = 0, cap = 0;
	for (int i = 0; i < b->ncols; i++)
		o.name = strcmp(b->cols[i].name, "name") == 0 ? i : o.name;
	for (size_t row = 0; row < csvfile_rows(b->f); row++) {
		struct area areas[AREAS_MAX];
		const char *why;
		int k = b->stored[row] ? areas_parse(csvfile_get(b->f, row, col), areas, NULL, 0, &why) : -1;
		if (k > 0 && n + k > cap) {
			/* At most max_rows times AREAS_MAX: load() refused more rows. */
			int want = 2 * cap > n + k ? 2 * cap : n + k + 1024;
			struct area_owned *bigger = realloc(all, (size_t)want * sizeof *all);
			if (!bigger) {
				diag_report(b->d, DIAG_ERROR, csvfile_path(b->f), 0, 0, NULL,
					    "out of memory comparing the areas");
				goto done;
			}
			all = bigger;
			cap = want;
		}
		for (int i = 0; i < k; i++)
			all[n++] = (struct area_owned){areas[i], (int)row};
	}
	areas_overlaps(all, n, warn_overlap, &o);
done:
	free(all);
}

/* True when some file refers to file `id`: its keys must be kept. */
static bool referred_to(enum content_file_id id)
{
	for (int f = 0; f < FILE_COUNT; f++)
		for (const struct field *c = content_files[f].fields; c->name; c++)
			if ((c->kind == FIELD_REF || c->kind == FIELD_LIST) && c->ref == id)
				return true;
	return false;
}

/* Loads one CSV file: each row checked and stored, then the rows' lists of
 * rows of the same file (a topic's related topics may come later in it). */
static void load(struct build *b, enum content_file_id id)
{
	b->id = id;
	b->file = &content_files[id];
	b->cols = b->file->fields;
	b->ncols = fields_count(b->cols);
	b->f = csvfile_read(b->dir, b->file->name, b->cols, b->file->required, b->d);
	if (!b->f)
		return;
	size_t rows = csvfile_rows(b->f);
	bool own_lists = false;
	if (b->file->max_rows && rows > (size_t)b->file->max_rows) {
		diag_report(b->d, DIAG_ERROR, csvfile_path(b->f), 0, 0, NULL,
			    "has %zu rows; the kiosk can list at most %ld", rows, b->file->max_rows);
		goto done;
	}
	if (!(b->stored = calloc(rows ? rows : 1, sizeof *b->stored)) || !prepare_file(b))
		goto done;
	for (int i = 0; i < b->ncols; i++)
		if (b->cols[i].kind == FIELD_LIST) {
			own_lists |= b->cols[i].ref == id;
			if (!(b->items[i] = malloc(LIST_ITEMS_MAX * sizeof *b->items[i])))
				goto done;
		}
	for (b->row = 0; b->row < rows; b->row++) {
		b->row_bad = false;
		load_row(b);
	}
	for (b->row = 0; own_lists && b->row < rows; b->row++) {
		b->row_bad = false;
		if (b->stored[b->row])
			load_own_lists(b);
	}
	for (int i = 0; i < b->ncols; i++)
		if (b->cols[i].rule == RULE_AREAS)
			warn_area_overlaps(b, i);
done:
	sqlite3_finalize(b->insert);
	b->insert = NULL;
	for (int i = 0; i < FIELDS_MAX; i++) {
		sqlite3_finalize(b->link[i]);
		b->link[i] = NULL;
		free(b->items[i]);
		b->items[i] = NULL;
		free(b->folded[i]);
		b->folded[i] = NULL;
	}
	free(b->stored);
	b->stored = NULL;
	csvfile_free(b->f);
	b->f = NULL;
	if (!referred_to(id)) {
		keyset_free(b->keys[id]);   /* only its own duplicates needed it */
		b->keys[id] = NULL;
	}
}

/* ---- meta.csv ------------------------------------------------------------ */

struct meta_values {
	char value[FIELDS_MAX][4 * LIMIT_META_TEXT + 1];
	bool set[FIELDS_MAX];
};

/* The index of the setting named `name` in meta_settings. */
static int setting(const char *name)
{
	int k = 0;
	while (meta_settings.fields[k].name && strcmp(meta_settings.fields[k].name, name) != 0)
		k++;
	return k;
}

static void parse_languages(struct build *b, const char *list, long line, int column)
{
	char code[8];
	b->nlangs = 0;
	while (*list) {
		size_t len = strcspn(list, " ,;");
		const char *why = NULL;
		char norm[RULE_NORM_MAX];
		if (len && len < sizeof code) {
			memcpy(code, list, len);
			code[len] = '\0';
		}
		if (len && (len >= sizeof code || !rule_check(RULE_LANG, code, 0, norm, &why))) {
			diag_report(b->d, DIAG_ERROR, "meta.csv", line, column, "languages",
				    "\"%.*s\" is not a language code (two small letters such as de)",
				    (int)len, list);
		} else if (len) {
			for (int i = 0; i < b->nlangs; i++)
				if (strcmp(b->langs[i], code) == 0)
					why = "twice";
			if (why || b->nlangs == MAX_LANGS)
				diag_report(b->d, DIAG_ERROR, "meta.csv", line, column, "languages",
					    "\"%s\" is named twice, or there are more than %d languages",
					    code, MAX_LANGS);
			else
				strcpy(b->langs[b->nlangs++], code);
		}
		list += len;
		list += strspn(list, " ,;");
	}
	if (b->nlangs == 0)
		diag_report(b->d, DIAG_ERROR, "meta.csv", line, column, "languages",
			    "names no language; write for example \"de en\"");
}

static bool read_meta(struct build *b, struct meta_values *m)
{
	enum { KEY, VALUE };
	const struct field *settings = meta_settings.fields;
	int errors = b->d->errors, nsettings = fields_count(settings);
	struct csvfile *f = csvfile_read(b->dir, meta_settings.name, meta_columns, true, b->d);
	if (!f)
		return false;
	b->f = f;
	b->cols = meta_columns;
	for (b->row = 0; b->row < csvfile_rows(f); b->row++) {
		const char *key = get(b, KEY), *value = csvfile_get(f, b->row, VALUE);
		if (!key)
			continue;
		int k = setting(key);
		if (k == nsettings) {
			char names[256] = "";
			for (int i = 0; i < nsettings; i++)
				snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
					 i ? ", " : "", settings[i].name);
			field_error(b, KEY, "\"%s\" is not a setting (%s)", key, names);
			continue;
		}
		if (m->set[k]) {
			field_error(b, KEY, "\"%s\" %s", key, "is set twice");
			continue;
		}
		const char *why = NULL;
		char norm[RULE_NORM_MAX];
		if (!*value && settings[k].required) {
			field_error(b, VALUE, "is empty");
		} else if (*value && !rule_check(settings[k].rule, value, settings[k].max_chars, norm, &why)) {
			field_error(b, VALUE, "\"%.*s\" %s", SHOWN(value), why);
		} else {
			m->set[k] = true;
			const char *stored = norm[0] ? norm : value;
			snprintf(m->value[k], sizeof m->value[k], "%s", *value ? stored : "");
			if (k == setting("languages"))
				parse_languages(b, value, csvfile_line(f, b->row, VALUE), csvfile_column(f, VALUE));
		}
	}
	for (int k = 0; k < nsettings; k++)
		if (settings[k].required && !m->set[k])
			diag_report(b->d, DIAG_ERROR, csvfile_path(f), 0, 0, NULL,
				    "the setting \"%s\" is missing", settings[k].name);
	csvfile_free(f);
	b->f = NULL;
	return b->d->errors == errors;
}

/* The meta row: every setting in its column; the languages as parsed, the
 * content version as given on the command line or in meta.csv. */
static bool write_meta(struct build *b, const struct meta_values *m, long long version)
{
	const struct field *settings = meta_settings.fields;
	char columns[SQL_BYTES] = "", values[SQL_BYTES] = "", sql[SQL_BYTES] = "";
	bool fits = true;
	for (int k = 0; settings[k].name; k++)
		fits = fits && field_sql_append(columns, SQL_BYTES, ", %s", field_column(&settings[k])) &&
		       field_sql_append(values, SQL_BYTES, ", ?%d", k + 1);
	fits = fits && field_sql_append(sql, SQL_BYTES, "INSERT INTO meta (id, schema_version%s) VALUES (1, %d%s)",
					columns, STORE_SCHEMA_VERSION, values);
	sqlite3_stmt *st = fits ? prepare(b, sql) : NULL;
	if (!st)
		return false;
	char list[MAX_LANGS * 3 + 1] = "";
	for (int i = 0; i < b->nlangs; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? "," : "", b->langs[i]);
	for (int k = 0; settings[k].name; k++) {
		if (k == setting("languages"))
			sqlite3_bind_text(st, k + 1, list, -1, SQLITE_TRANSIENT);
		else if (k == setting("content_version"))
			sqlite3_bind_int64(st, k + 1, version);
		else
			bind_value(st, k + 1, &settings[k], m->set[k] && *m->value[k] ? m->value[k] : NULL);
	}
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	if (!ok)
		diag_report(b->d, DIAG_ERROR, "build", 0, 0, NULL, "internal: %s", sqlite3_errmsg(b->db));
	sqlite3_finalize(st);
	return ok;
}

/* ---- interruption ---------------------------------------------------------- */

/* The temporary file being written and SQLite's journal beside it (the
 * connection is defensive, so the journal is not off), for the handler of
 * the signals that stop a build: it may only do what is async-signal-safe,
 * so both paths are complete before the handler is armed, and the handler
 * just unlinks them, puts back the signal's previous disposition and
 * raises it again (which ends the program as the signal would have, with
 * its exit status). */
static const int interrupt_signals[] = {SIGTERM, SIGINT, SIGHUP};
#define INTERRUPT_SIGNALS (int)(sizeof interrupt_signals / sizeof *interrupt_signals)
#define JOURNAL_SUFFIX "-journal"
static char interrupt_path[PATH_MAX], interrupt_journal[PATH_MAX + sizeof JOURNAL_SUFFIX];
static volatile sig_atomic_t interrupt_armed;
static struct sigaction interrupt_saved[INTERRUPT_SIGNALS];
static bool interrupt_caught[INTERRUPT_SIGNALS];

static void interrupt_handler(int sig)
{
	if (interrupt_armed) {
		unlink(interrupt_path);
		unlink(interrupt_journal);
	}
	for (int i = 0; i < INTERRUPT_SIGNALS; i++)
		if (interrupt_signals[i] == sig)
			sigaction(sig, &interrupt_saved[i], NULL);
	raise(sig);
}

/* mkstemp() of `tmp`, with the signals blocked until the handler knows the
 * file: no moment in which a signal leaves it behind. A signal ignored
 * before (nohup) stays ignored. */
static int interrupt_mkstemp(char *tmp)
{
	struct sigaction sa = {.sa_handler = interrupt_handler};
	sigset_t block, old;
	sigemptyset(&block);
	for (int i = 0; i < INTERRUPT_SIGNALS; i++)
		sigaddset(&block, interrupt_signals[i]);
	sa.sa_mask = block;
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int fd = mkstemp(tmp);
	if (fd >= 0) {
		memcpy(interrupt_path, tmp, strlen(tmp) + 1);   /* both PATH_MAX */
		snprintf(interrupt_journal, sizeof interrupt_journal, "%s" JOURNAL_SUFFIX, tmp);
		interrupt_armed = 1;
		for (int i = 0; i < INTERRUPT_SIGNALS; i++) {
			sigaction(interrupt_signals[i], NULL, &interrupt_saved[i]);
			interrupt_caught[i] = interrupt_saved[i].sa_handler != SIG_IGN;
			if (interrupt_caught[i])
				sigaction(interrupt_signals[i], &sa, NULL);
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return fd;
}

/* The temporary file is gone (renamed or removed): the signals do again
 * what they did before. */
static void interrupt_disarm(void)
{
	if (!interrupt_armed)
		return;
	for (int i = 0; i < INTERRUPT_SIGNALS; i++)
		if (interrupt_caught[i])
			sigaction(interrupt_signals[i], &interrupt_saved[i], NULL);
	interrupt_armed = 0;
}

/* ---- the whole ------------------------------------------------------------ */

static bool exec(struct build *b, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(b->db, sql, NULL, NULL, &err) == SQLITE_OK)
		return true;
	diag_report(b->d, DIAG_ERROR, "build", 0, 0, NULL, "internal: %s", err ? err : "?");
	sqlite3_free(err);
	return false;
}

static bool fill(struct build *b, const struct meta_values *m, long long version)
{
	if (!exec(b, "BEGIN"))
		return false;
	for (int id = 0; id < FILE_COUNT; id++)
		load(b, id);
	if (!write_meta(b, m, version))
		return false;

	check_translations(b->db, b->dir, true, b->d);
	if (b->d->errors)
		return false;
	/* A topic without its own sort key sorts by its name in the default language. */
	char *sort = sqlite3_mprintf("UPDATE topic SET sort_key = (SELECT sort_key FROM topic_text"
				     " WHERE topic_id = topic.id AND lang = %Q) WHERE sort_key = ''",
				     b->langs[0]);
	bool ok = sort && exec(b, sort);
	sqlite3_free(sort);
	for (int i = 0; ok && search_index_sources[i]; i++) {
		char *sql = sqlite3_mprintf("INSERT INTO search_entry (kind, ref_id, lang, field, text,"
					    " folded) %s", search_index_sources[i]);
		ok = sql && exec(b, sql);
		sqlite3_free(sql);
	}
	ok = ok && exec(b, "COMMIT; ANALYZE;");
	return ok;
}

int build_content(const struct build_options *o, struct diag *d)
{
	struct build b = {.d = d, .dir = o->src_dir};
	struct meta_values m;
	char tmp[PATH_MAX], err[256];
	int fd = -1, rc = 1;
	bool made = false;
	memset(&m, 0, sizeof m);

	if (!read_meta(&b, &m))
		goto done;
	long long version = o->content_version ? o->content_version
			    : m.set[setting("content_version")] ? atoll(m.value[setting("content_version")]) : 0;
	if (!version) {
		diag_report(d, DIAG_ERROR, "meta.csv", 0, 0, "content_version",
			    "is not set; set it in meta.csv or give --content-version N");
		goto done;
	}
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", o->out_path) >= (int)sizeof tmp) {
		diag_report(d, DIAG_ERROR, o->out_path, 0, 0, NULL, "the path is too long");
		goto done;
	}
	fd = interrupt_mkstemp(tmp);
	if (fd < 0) {
		diag_report(d, DIAG_ERROR, o->out_path, 0, 0, NULL, "cannot create a file beside it: %s",
			    strerror(errno));
		goto done;
	}
	made = true;
	fchmod(fd, 0644);
	if (store_open_sqlite(tmp, true, &b.db, err, sizeof err) != SQLITE_OK) {
		diag_report(d, DIAG_ERROR, tmp, 0, 0, NULL, "%s", err);
		goto done;
	}
	bool keys = true;
	for (int i = 0; i < FILE_COUNT; i++)
		keys = keys && (b.keys[i] = keyset_new()) != NULL;
	if (!keys ||
	    search_register_functions(b.db) != SQLITE_OK ||
	    !exec(&b, "PRAGMA page_size = 4096; PRAGMA journal_mode = OFF;"
		      " PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;") ||
	    !exec(&b, store_schema_sql))
		goto done;
	if (!fill(&b, &m, version) || d->errors)
		goto done;
	if (sqlite3_close(b.db) != SQLITE_OK) {
		diag_report(d, DIAG_ERROR, tmp, 0, 0, NULL, "cannot close: %s", sqlite3_errmsg(b.db));
		goto done;
	}
	b.db = NULL;
	if (fsync(fd) != 0 || rename(tmp, o->out_path) != 0) {
		diag_report(d, DIAG_ERROR, o->out_path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		goto done;
	}
	made = false;
	if (!durable_sync_folder_of(o->out_path)) {
		diag_report(d, DIAG_ERROR, o->out_path, 0, 0, NULL, "cannot sync its folder: %s",
			    strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (b.db) {
		/* The statements were finalized by load(); close cannot stay busy. */
		sqlite3_close(b.db);
	}
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	interrupt_disarm();
	for (int i = 0; i < FILE_COUNT; i++)
		keyset_free(b.keys[i]);
	return rc;
}
