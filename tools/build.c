/* build — CSV sources in, one checked content file out.
 *
 * Reads the files FORMAT.md describes, checks every field with the shared
 * rules (kiosk/rules.c) and reports each problem with file, line and column,
 * then fills a fresh SQLite file in one transaction and builds the search
 * index. It does not run the full content check (kiosk/check.c) on what it
 * wrote: that would cost 40 % of a 100,000-group build, and the tests hold
 * that `check` accepts every file build writes. The file appears
 * under its name only by rename(), after fsync: a failed or interrupted build
 * leaves at most a *.tmp-* file beside it, never a partial content file. */
#include "build.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "csvfile.h"
#include "fold.h"
#include "keyset.h"
#include "rules.h"
#include "search.h"
#include "store.h"
#include "utf8.h"

/* A value quoted in a message: at most 60 bytes, whole characters. */
#define SHOWN(v) (int)utf8_prefix((v), 60), (v)

#define MAX_LANGS 16
#define MAX_FIELDS 16

struct build {
	sqlite3 *db;
	struct diag *d;
	const char *dir;
	char langs[MAX_LANGS][3];
	int nlangs;
	struct keyset *topics, *contacts, *groups, *pages, *media;
	struct keyset *seen;    /* keys of the file being loaded */
	/* The row being loaded. */
	struct csvfile *f;
	const struct csv_column *cols;
	size_t row;
	bool row_bad;
	char norm[MAX_FIELDS][RULE_NORM_MAX];
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
 * it is empty (an error if required) or breaks its rule (an error). */
static const char *get(struct build *b, int col)
{
	const struct csv_column *c = &b->cols[col];
	const char *v = csvfile_get(b->f, b->row, col);
	const char *why = NULL;
	if (!*v) {
		if (c->required)
			field_error(b, col, "is empty");
		return NULL;
	}
	if (!rule_check(c->rule, v, c->max_chars, b->norm[col], &why)) {
		field_error(b, col, "\"%.*s\" %s", SHOWN(v), why);
		return NULL;
	}
	return b->norm[col][0] ? b->norm[col] : v;
}

/* get() for a text that may be empty: "" instead of NULL. */
static const char *get_text(struct build *b, int col)
{
	const char *v = get(b, col);
	return v ? v : "";
}

static bool lang_known(struct build *b, int col, const char *lang)
{
	if (!lang)
		return false;
	for (int i = 0; i < b->nlangs; i++)
		if (strcmp(b->langs[i], lang) == 0)
			return true;
	field_error(b, col, "\"%s\" %s", lang, "is not one of the languages meta.csv declares");
	return false;
}

/* Looks up a key another file defined; reports it when missing. */
static long long ref(struct build *b, int col, const struct keyset *k, const char *key,
		     const char *what)
{
	if (!key)
		return 0;
	long long id = keyset_id(k, key);
	if (!id) {
		char why[96];
		snprintf(why, sizeof why, "is not a %s that exists", what);
		field_error(b, col, "\"%.*s\" %s", SHOWN(key), why);
	}
	return id;
}

/* Records a key of this file; reports a duplicate with its first line. */
static bool unique(struct build *b, struct keyset *k, int col, const char *key, long long id)
{
	long first = keyset_add(k, key, csvfile_line(b->f, b->row, col), id);
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

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
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

typedef void row_fn(struct build *, sqlite3_stmt **);

/* Loads one CSV file, calling `first` for each row, then `second` (if any)
 * for each row again: references among the rows of one file need both. */
static void load(struct build *b, const char *name, const struct csv_column *cols, bool required,
		 row_fn *first, row_fn *second, const char *const *sql)
{
	sqlite3_stmt *st[4] = {NULL};
	b->f = csvfile_read(b->dir, name, cols, required, b->d);
	b->cols = cols;
	if (!b->f)
		return;
	for (int i = 0; sql[i]; i++)
		if (!(st[i] = prepare(b, sql[i])))
			goto done;
	for (int pass = 0; pass < 2; pass++) {
		row_fn *fn = pass ? second : first;
		for (b->row = 0; fn && b->row < csvfile_rows(b->f); b->row++) {
			b->row_bad = false;
			fn(b, st);
		}
	}
done:
	for (int i = 0; i < 4; i++)
		sqlite3_finalize(st[i]);
	csvfile_free(b->f);
	b->f = NULL;
}

/* Calls fn for each word of a space- or comma-separated list field. */
static void each_word(struct build *b, int col, const char *list,
		      void (*fn)(struct build *, int, const char *, int, void *), void *ctx)
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
			fn(b, col, word, n++, ctx);
		}
		list += len;
		list += strspn(list, " ,;\t\n");
	}
}

/* ---- the files ---------------------------------------------------------- */

enum { MEDIA_NAME, MEDIA_FILE };
static const struct csv_column media_cols[] = {
	{"name", true, RULE_SLUG, 0}, {"file", true, RULE_LINE, 255}, {0}};

static void media_row(struct build *b, sqlite3_stmt **st)
{
	const char *name = get(b, MEDIA_NAME), *file = get(b, MEDIA_FILE);
	if (!name || !file || b->row_bad)
		return;
	if (file[0] == '/' || strstr(file, "..")) {
		field_error(b, MEDIA_FILE, "\"%s\" %s", file,
			    "must be a path inside the content folder (no leading / and no ..)");
		return;
	}
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", b->dir, file);
	FILE *fp = fopen(path, "rb");
	unsigned char *data = malloc(LIMIT_MEDIA_BYTES + 1);
	size_t n = 0;
	if (fp && data)
		n = fread(data, 1, LIMIT_MEDIA_BYTES + 1, fp);
	const char *mime = rule_image_mime(data, n);
	if (!fp)
		field_error(b, MEDIA_FILE, "\"%s\" cannot be read: %s", file, strerror(errno));
	else if (n > LIMIT_MEDIA_BYTES)
		field_error(b, MEDIA_FILE, "\"%s\" is larger than 2 MiB", file);
	else if (!mime)
		field_error(b, MEDIA_FILE, "\"%s\" %s", file, "is not a PNG or JPEG image");
	else if (!rule_image_fits(data, n))
		field_error(b, MEDIA_FILE, "\"%s\" has no readable size or is larger than %d x %d pixels",
			    file, LIMIT_IMAGE_SIDE, LIMIT_IMAGE_SIDE);
	long long id = (long long)b->row + 1;
	if (!b->row_bad && unique(b, b->media, MEDIA_NAME, name, id)) {
		sqlite3_bind_int64(st[0], 1, id);
		bind_text(st[0], 2, name);
		bind_text(st[0], 3, mime);
		sqlite3_bind_blob(st[0], 4, data, (int)n, SQLITE_TRANSIENT);
		run(b, st[0]);
	}
	if (fp)
		fclose(fp);
	free(data);
}

enum { MT_NAME, MT_LANG, MT_ALT };
static const struct csv_column media_text_cols[] = {
	{"name", true, RULE_SLUG, 0}, {"lang", true, RULE_LANG, 0},
	{"alt", true, RULE_LINE, LIMIT_ALT}, {0}};

/* Every *_texts file: entity key, language, then text columns. */
static void text_row(struct build *b, sqlite3_stmt *st, struct keyset *k, const char *what,
		     struct keyset *seen, int ntexts)
{
	const char *key = get(b, 0), *lang = get(b, 1);
	long long id = ref(b, 0, k, key, what);
	bool known = lang_known(b, 1, lang);
	const char *texts[MAX_FIELDS];
	for (int i = 0; i < ntexts; i++)
		texts[i] = get_text(b, 2 + i);
	if (b->row_bad || !id || !known)
		return;
	char pair[128];
	snprintf(pair, sizeof pair, "%s %s", key, lang);
	if (!unique(b, seen, 1, pair, id))
		return;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, lang);
	for (int i = 0; i < ntexts; i++)
		bind_text(st, 3 + i, texts[i]);
	run(b, st);
}

static void media_text_row(struct build *b, sqlite3_stmt **st)
{
	text_row(b, st[0], b->media, "image name from media.csv", b->seen, 1);
}

enum { T_SLUG, T_SORT, T_RELATED };
static const struct csv_column topic_cols[] = {
	{"slug", true, RULE_SLUG, 0}, {"sort_key", false, RULE_LINE, LIMIT_TOPIC_NAME},
	{"related", false, RULE_TEXT, 2000}, {0}};

static void topic_row(struct build *b, sqlite3_stmt **st)
{
	const char *slug = get(b, T_SLUG), *sort = get(b, T_SORT);
	get(b, T_RELATED);   /* checked as text now, as slugs once all topics are known */
	long long id = (long long)b->row + 1;
	if (!slug || b->row_bad || !unique(b, b->topics, T_SLUG, slug, id))
		return;
	char *folded = sort ? fold_dup(sort) : NULL;
	sqlite3_bind_int64(st[0], 1, id);
	bind_text(st[0], 2, slug);
	bind_text(st[0], 3, folded ? folded : "");   /* '': from the name, later */
	run(b, st[0]);
	free(folded);
}

struct related_ctx {
	sqlite3_stmt *st;
	long long topic;
	struct keyset *seen;
};

static void related_word(struct build *b, int col, const char *slug, int position, void *p)
{
	struct related_ctx *r = p;
	long long id = ref(b, col, b->topics, slug, "topic slug from topics.csv");
	if (!id)
		return;
	if (id == r->topic) {
		field_error(b, col, "\"%s\" %s", slug, "is the topic itself");
		return;
	}
	char pair[2 * LIMIT_SLUG + 8];
	snprintf(pair, sizeof pair, "%lld %s", r->topic, slug);
	if (keyset_add(r->seen, pair, csvfile_line(b->f, b->row, col), id) != 0) {
		field_error(b, col, "\"%s\" %s", slug, "is named twice");
		return;
	}
	sqlite3_bind_int64(r->st, 1, r->topic);
	sqlite3_bind_int64(r->st, 2, id);
	sqlite3_bind_int(r->st, 3, position);
	run(b, r->st);
}

static void related_row(struct build *b, sqlite3_stmt **st)
{
	long long topic = keyset_id(b->topics, csvfile_get(b->f, b->row, T_SLUG));
	if (topic != (long long)b->row + 1)
		return;   /* this row was refused in the first pass (and reported there) */
	struct related_ctx r = {.st = st[1], .topic = topic, .seen = b->seen};
	each_word(b, T_RELATED, csvfile_get(b->f, b->row, T_RELATED), related_word, &r);
}

enum { TT_SLUG, TT_LANG, TT_NAME, TT_SUMMARY };
static const struct csv_column topic_text_cols[] = {
	{"slug", true, RULE_SLUG, 0}, {"lang", true, RULE_LANG, 0},
	{"name", true, RULE_LINE, LIMIT_TOPIC_NAME}, {"summary", true, RULE_TEXT, LIMIT_SUMMARY},
	{0}};

static void topic_text_row(struct build *b, sqlite3_stmt **st)
{
	text_row(b, st[0], b->topics, "topic slug from topics.csv", b->seen, 2);
}

enum { A_SLUG, A_LANG, A_ALIAS };
static const struct csv_column alias_cols[] = {
	{"slug", true, RULE_SLUG, 0}, {"lang", true, RULE_LANG, 0},
	{"alias", true, RULE_LINE, LIMIT_ALIAS}, {0}};

static void alias_row(struct build *b, sqlite3_stmt **st)
{
	const char *slug = get(b, A_SLUG), *lang = get(b, A_LANG), *alias = get(b, A_ALIAS);
	long long topic = ref(b, A_SLUG, b->topics, slug, "topic slug from topics.csv");
	bool known = lang_known(b, A_LANG, lang);
	if (b->row_bad || !topic || !known || !alias)
		return;
	char key[LIMIT_SLUG + 4 * LIMIT_ALIAS + 8];
	snprintf(key, sizeof key, "%s %s %s", slug, lang, alias);
	if (!unique(b, b->seen, A_ALIAS, key, topic))
		return;
	sqlite3_bind_int64(st[0], 1, topic);
	bind_text(st[0], 2, lang);
	bind_text(st[0], 3, alias);
	run(b, st[0]);
}

enum { C_ID, C_NAME, C_STREET, C_POSTCODE, C_TOWN, C_PHONE, C_EMAIL, C_WEB, C_LAT, C_LON,
       C_STEP_FREE, C_LOOP, C_WC, C_IMAGE };
static const struct csv_column contact_cols[] = {
	{"id", true, RULE_ID, 0}, {"name", true, RULE_LINE, LIMIT_NAME},
	{"street", true, RULE_LINE, LIMIT_NAME}, {"postcode", true, RULE_POSTCODE, 0},
	{"town", true, RULE_LINE, LIMIT_TOWN}, {"phone", false, RULE_PHONE, 0},
	{"email", false, RULE_EMAIL, 0}, {"web", false, RULE_WEB, 0},
	{"lat", false, RULE_LAT, 0}, {"lon", false, RULE_LON, 0},
	{"step_free", false, RULE_BOOL, 0}, {"hearing_loop", false, RULE_BOOL, 0},
	{"accessible_wc", false, RULE_BOOL, 0}, {"image", false, RULE_SLUG, 0}, {0}};

static void contact_row(struct build *b, sqlite3_stmt **st)
{
	const char *v[C_IMAGE + 1];
	for (int i = 0; i <= C_IMAGE; i++)
		v[i] = get(b, i);
	long long media = v[C_IMAGE] ? ref(b, C_IMAGE, b->media, v[C_IMAGE], "image name from media.csv") : 0;
	if (!v[C_LAT] != !v[C_LON] && !b->row_bad)
		field_error(b, v[C_LAT] ? C_LON : C_LAT,
			    "is empty, but the other coordinate is given (give both or neither)");
	if (b->row_bad || !v[C_ID] || !unique(b, b->contacts, C_ID, v[C_ID], atoll(v[C_ID])))
		return;
	sqlite3_stmt *s = st[0];
	sqlite3_bind_int64(s, 1, atoll(v[C_ID]));
	for (int i = C_NAME; i <= C_WEB; i++)
		bind_text(s, 1 + i, v[i]);
	for (int i = C_LAT; i <= C_LON; i++)
		if (v[i])
			sqlite3_bind_double(s, 1 + i, atof(v[i]));
	for (int i = C_STEP_FREE; i <= C_WC; i++)
		sqlite3_bind_int(s, 1 + i, v[i] ? atoi(v[i]) : 0);
	if (media)
		sqlite3_bind_int64(s, 1 + C_IMAGE, media);
	run(b, s);
}

enum { CT_ID, CT_LANG, CT_HOURS, CT_ACCESS, CT_DESCRIPTION };
static const struct csv_column contact_text_cols[] = {
	{"id", true, RULE_ID, 0}, {"lang", true, RULE_LANG, 0},
	{"hours", false, RULE_TEXT, LIMIT_HOURS}, {"accessibility", false, RULE_TEXT, LIMIT_HOURS},
	{"description", false, RULE_TEXT, LIMIT_DESCRIPTION}, {0}};

static void contact_text_row(struct build *b, sqlite3_stmt **st)
{
	text_row(b, st[0], b->contacts, "contact point id from contact_points.csv", b->seen, 3);
}

enum { G_ID, G_NAME, G_TOPICS, G_CONTACT, G_PHONE, G_EMAIL, G_WEB };
static const struct csv_column group_cols[] = {
	{"id", true, RULE_ID, 0}, {"name", true, RULE_LINE, LIMIT_NAME},
	{"topics", true, RULE_LINE, 2000}, {"contact_point", false, RULE_ID, 0},
	{"phone", false, RULE_PHONE, 0}, {"email", false, RULE_EMAIL, 0},
	{"web", false, RULE_WEB, 0}, {0}};

struct group_topics {
	long long ids[32];
	int n;
};

static void group_topic_word(struct build *b, int col, const char *slug, int position, void *p)
{
	(void)position;
	struct group_topics *g = p;
	long long id = ref(b, col, b->topics, slug, "topic slug from topics.csv");
	if (!id)
		return;
	for (int i = 0; i < g->n; i++)
		if (g->ids[i] == id) {
			field_error(b, col, "\"%s\" %s", slug, "is named twice");
			return;
		}
	if (g->n == (int)(sizeof g->ids / sizeof *g->ids)) {
		field_error(b, col, "\"%s\" %s", slug, "is one topic too many (at most 32)");
		return;
	}
	g->ids[g->n++] = id;
}

static void group_row(struct build *b, sqlite3_stmt **st)
{
	const char *v[G_WEB + 1];
	for (int i = 0; i <= G_WEB; i++)
		v[i] = get(b, i);
	struct group_topics g = {.n = 0};
	each_word(b, G_TOPICS, v[G_TOPICS], group_topic_word, &g);
	if (v[G_TOPICS] && g.n == 0 && !b->row_bad)
		field_error(b, G_TOPICS, "names no topic");
	long long contact = v[G_CONTACT] ? ref(b, G_CONTACT, b->contacts, v[G_CONTACT],
					       "contact point id from contact_points.csv") : 0;
	if (b->row_bad || !v[G_ID] || !unique(b, b->groups, G_ID, v[G_ID], atoll(v[G_ID])))
		return;
	long long id = atoll(v[G_ID]);
	sqlite3_bind_int64(st[0], 1, id);
	bind_text(st[0], 2, v[G_NAME]);
	if (contact)
		sqlite3_bind_int64(st[0], 3, contact);
	bind_text(st[0], 4, v[G_PHONE]);
	bind_text(st[0], 5, v[G_EMAIL]);
	bind_text(st[0], 6, v[G_WEB]);
	run(b, st[0]);
	for (int i = 0; i < g.n && !b->row_bad; i++) {
		sqlite3_bind_int64(st[1], 1, g.ids[i]);
		sqlite3_bind_int64(st[1], 2, id);
		run(b, st[1]);
	}
}

enum { GT_ID, GT_LANG, GT_SCHEDULE, GT_PLACE, GT_NOTE };
static const struct csv_column group_text_cols[] = {
	{"id", true, RULE_ID, 0}, {"lang", true, RULE_LANG, 0},
	{"schedule", false, RULE_TEXT, LIMIT_SCHEDULE}, {"place", false, RULE_TEXT, LIMIT_SCHEDULE},
	{"note", false, RULE_TEXT, LIMIT_HOURS}, {0}};

static void group_text_row(struct build *b, sqlite3_stmt **st)
{
	text_row(b, st[0], b->groups, "group id from groups.csv", b->seen, 3);
}

enum { P_SLUG, P_POSITION, P_IMAGE };
static const struct csv_column page_cols[] = {
	{"slug", true, RULE_SLUG, 0}, {"position", true, RULE_INT, 0},
	{"image", false, RULE_SLUG, 0}, {0}};

static void page_row(struct build *b, sqlite3_stmt **st)
{
	const char *slug = get(b, P_SLUG), *pos = get(b, P_POSITION), *image = get(b, P_IMAGE);
	long long media = image ? ref(b, P_IMAGE, b->media, image, "image name from media.csv") : 0;
	long long id = (long long)b->row + 1;
	if (b->row_bad || !slug || !pos || !unique(b, b->pages, P_SLUG, slug, id))
		return;
	sqlite3_bind_int64(st[0], 1, id);
	bind_text(st[0], 2, slug);
	sqlite3_bind_int64(st[0], 3, atoll(pos));
	if (media)
		sqlite3_bind_int64(st[0], 4, media);
	run(b, st[0]);
}

enum { PT_SLUG, PT_LANG, PT_TITLE, PT_BODY };
static const struct csv_column page_text_cols[] = {
	{"slug", true, RULE_SLUG, 0}, {"lang", true, RULE_LANG, 0},
	{"title", true, RULE_LINE, LIMIT_NAME}, {"body", true, RULE_TEXT, LIMIT_BODY}, {0}};

static void page_text_row(struct build *b, sqlite3_stmt **st)
{
	text_row(b, st[0], b->pages, "page slug from pages.csv", b->seen, 2);
}

enum { PC_POSTCODE, PC_TOWN, PC_LAT, PC_LON };
static const struct csv_column postcode_cols[] = {
	{"postcode", true, RULE_POSTCODE, 0}, {"town", true, RULE_LINE, LIMIT_TOWN},
	{"lat", true, RULE_LAT, 0}, {"lon", true, RULE_LON, 0}, {0}};

static void postcode_row(struct build *b, sqlite3_stmt **st)
{
	const char *pc = get(b, PC_POSTCODE), *town = get(b, PC_TOWN);
	const char *lat = get(b, PC_LAT), *lon = get(b, PC_LON);
	if (b->row_bad || !pc || !unique(b, b->seen, PC_POSTCODE, pc, 1))
		return;
	bind_text(st[0], 1, pc);
	bind_text(st[0], 2, town);
	sqlite3_bind_double(st[0], 3, atof(lat));
	sqlite3_bind_double(st[0], 4, atof(lon));
	run(b, st[0]);
}

enum { SW_LANG, SW_WORD, SW_MINOR };
static const struct csv_column stop_word_cols[] = {
	{"lang", true, RULE_LANG, 0}, {"word", true, RULE_LINE, LIMIT_STOP_WORD},
	{"minor", false, RULE_BOOL, 0}, {0}};

/* A stop word is one word as search sees words (search_key()), or a query
 * could never contain it. */
static void stop_word_row(struct build *b, sqlite3_stmt **st)
{
	const char *lang = get(b, SW_LANG), *word = get(b, SW_WORD), *minor = get(b, SW_MINOR);
	bool known = lang_known(b, SW_LANG, lang);
	if (b->row_bad || !known || !word)
		return;
	char *key = search_key_dup(word, strlen(word), NULL);
	if (!key || !*key || strchr(key, ' ') || strchr(word, ' ')) {
		if (key)
			field_error(b, SW_WORD, "\"%.*s\" must be one word", SHOWN(word));
		else
			field_error(b, SW_WORD, "cannot be read: out of memory");
		free(key);
		return;
	}
	free(key);
	char pair[4 * LIMIT_STOP_WORD + 8];
	snprintf(pair, sizeof pair, "%s %s", lang, word);
	if (!unique(b, b->seen, SW_WORD, pair, 1))
		return;
	bind_text(st[0], 1, lang);
	bind_text(st[0], 2, word);
	sqlite3_bind_int(st[0], 3, minor ? atoi(minor) : 0);
	run(b, st[0]);
}

/* ---- meta.csv ------------------------------------------------------------ */

enum { M_KEY, M_VALUE };
static const struct csv_column meta_cols[] = {
	{"key", true, RULE_LINE, 40}, {"value", false, RULE_LINE, LIMIT_META_TEXT}, {0}};

enum { MK_TITLE, MK_PUBLISHER, MK_PUBLISHED, MK_LANGUAGES, MK_DEMO, MK_VERSION, MK_COUNT };
static const struct { const char *key; bool required; enum rule rule; } meta_keys[MK_COUNT] = {
	{"title", true, RULE_LINE}, {"publisher", true, RULE_LINE}, {"published", true, RULE_DATE},
	{"languages", true, RULE_LINE}, {"demo", false, RULE_BOOL}, {"content_version", false, RULE_ID},
};

struct meta_values {
	char value[MK_COUNT][4 * LIMIT_META_TEXT + 1];
	bool set[MK_COUNT];
};

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
	int errors = b->d->errors;
	struct csvfile *f = csvfile_read(b->dir, "meta.csv", meta_cols, true, b->d);
	if (!f)
		return false;
	b->f = f;
	b->cols = meta_cols;
	for (b->row = 0; b->row < csvfile_rows(f); b->row++) {
		const char *key = get(b, M_KEY), *value = csvfile_get(f, b->row, M_VALUE);
		int k = 0;
		while (key && k < MK_COUNT && strcmp(meta_keys[k].key, key) != 0)
			k++;
		if (!key)
			continue;
		if (k == MK_COUNT) {
			field_error(b, M_KEY, "\"%s\" %s", key, "is not a setting (title, publisher, "
				    "published, languages, demo, content_version)");
			continue;
		}
		if (m->set[k]) {
			field_error(b, M_KEY, "\"%s\" %s", key, "is set twice");
			continue;
		}
		const char *why = NULL;
		char norm[RULE_NORM_MAX];
		if (!*value && meta_keys[k].required) {
			field_error(b, M_VALUE, "is empty");
		} else if (*value && !rule_check(meta_keys[k].rule, value, LIMIT_META_TEXT, norm, &why)) {
			field_error(b, M_VALUE, "\"%.*s\" %s", SHOWN(value), why);
		} else {
			m->set[k] = true;
			const char *stored = norm[0] ? norm : value;
			snprintf(m->value[k], sizeof m->value[k], "%s", *value ? stored : "");
			if (k == MK_LANGUAGES)
				parse_languages(b, value, csvfile_line(f, b->row, M_VALUE),
						csvfile_column(f, M_VALUE));
		}
	}
	for (int k = 0; k < MK_COUNT; k++)
		if (meta_keys[k].required && !m->set[k])
			diag_report(b->d, DIAG_ERROR, csvfile_path(f), 0, 0, NULL,
				    "the setting \"%s\" is missing", meta_keys[k].key);
	csvfile_free(f);
	b->f = NULL;
	return b->d->errors == errors;
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
	static const char *const media_sql[] = {
		"INSERT INTO media (id, name, mime, data) VALUES (?1, ?2, ?3, ?4)", NULL};
	static const char *const media_text_sql[] = {
		"INSERT INTO media_text (media_id, lang, alt) VALUES (?1, ?2, ?3)", NULL};
	static const char *const topic_sql[] = {
		"INSERT INTO topic (id, slug, sort_key) VALUES (?1, ?2, ?3)",
		"INSERT INTO topic_related (topic_id, related_id, position) VALUES (?1, ?2, ?3)", NULL};
	static const char *const topic_text_sql[] = {
		"INSERT INTO topic_text (topic_id, lang, name, summary, sort_key, letter)"
		" VALUES (?1, ?2, ?3, ?4, fold(?3), fold_letter(fold(?3)))", NULL};
	static const char *const alias_sql[] = {
		"INSERT INTO alias (topic_id, lang, alias) VALUES (?1, ?2, ?3)", NULL};
	static const char *const contact_sql[] = {
		"INSERT INTO contact_point (id, name, street, postcode, town, phone, email, web, lat,"
		" lon, step_free, hearing_loop, accessible_wc, media_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", NULL};
	static const char *const contact_text_sql[] = {
		"INSERT INTO contact_point_text (contact_point_id, lang, hours, accessibility,"
		" description) VALUES (?1, ?2, ?3, ?4, ?5)", NULL};
	static const char *const group_sql[] = {
		"INSERT INTO self_help_group (id, name, contact_point_id, phone, email, web)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"INSERT INTO group_topic (topic_id, group_id) VALUES (?1, ?2)", NULL};
	static const char *const group_text_sql[] = {
		"INSERT INTO group_text (group_id, lang, schedule, place, note)"
		" VALUES (?1, ?2, ?3, ?4, ?5)", NULL};
	static const char *const page_sql[] = {
		"INSERT INTO page (id, slug, position, media_id) VALUES (?1, ?2, ?3, ?4)", NULL};
	static const char *const page_text_sql[] = {
		"INSERT INTO page_text (page_id, lang, title, body) VALUES (?1, ?2, ?3, ?4)", NULL};
	static const char *const postcode_sql[] = {
		"INSERT INTO postcode (postcode, town, lat, lon) VALUES (?1, ?2, ?3, ?4)", NULL};
	static const char *const stop_word_sql[] = {
		"INSERT INTO stop_word (lang, word, minor) VALUES (?1, ?2, ?3)", NULL};
	static const struct {
		const char *file;
		const struct csv_column *cols;
		bool required;
		row_fn *first, *second;
		const char *const *sql;
	} files[] = {
		{"media.csv", media_cols, false, media_row, NULL, media_sql},
		{"media_texts.csv", media_text_cols, false, media_text_row, NULL, media_text_sql},
		{"topics.csv", topic_cols, true, topic_row, related_row, topic_sql},
		{"topic_texts.csv", topic_text_cols, true, topic_text_row, NULL, topic_text_sql},
		{"aliases.csv", alias_cols, false, alias_row, NULL, alias_sql},
		{"contact_points.csv", contact_cols, false, contact_row, NULL, contact_sql},
		{"contact_point_texts.csv", contact_text_cols, false, contact_text_row, NULL, contact_text_sql},
		{"groups.csv", group_cols, false, group_row, NULL, group_sql},
		{"group_texts.csv", group_text_cols, false, group_text_row, NULL, group_text_sql},
		{"pages.csv", page_cols, false, page_row, NULL, page_sql},
		{"page_texts.csv", page_text_cols, false, page_text_row, NULL, page_text_sql},
		{"postcodes.csv", postcode_cols, false, postcode_row, NULL, postcode_sql},
		{"stopwords.csv", stop_word_cols, false, stop_word_row, NULL, stop_word_sql},
	};

	if (!exec(b, "BEGIN"))
		return false;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		keyset_free(b->seen);
		if (!(b->seen = keyset_new()))
			return false;
		load(b, files[i].file, files[i].cols, files[i].required, files[i].first, files[i].second,
		     files[i].sql);
	}

	char list[MAX_LANGS * 3 + 1] = "";
	for (int i = 0; i < b->nlangs; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? "," : "",
			 b->langs[i]);
	char *meta = sqlite3_mprintf(
		"INSERT INTO meta (id, schema_version, content_version, title, publisher, published,"
		" languages, demo) VALUES (1, %d, %lld, %Q, %Q, %Q, %Q, %d)",
		STORE_SCHEMA_VERSION, version, m->value[MK_TITLE], m->value[MK_PUBLISHER],
		m->value[MK_PUBLISHED], list, m->set[MK_DEMO] && strcmp(m->value[MK_DEMO], "1") == 0);
	bool ok = meta && exec(b, meta);
	sqlite3_free(meta);
	if (!ok)
		return false;

	check_translations(b->db, b->dir, true, b->d);
	if (b->d->errors)
		return false;
	/* A topic without its own sort key sorts by its name in the default language. */
	char *sort = sqlite3_mprintf("UPDATE topic SET sort_key = (SELECT sort_key FROM topic_text"
				     " WHERE topic_id = topic.id AND lang = %Q) WHERE sort_key = ''",
				     b->langs[0]);
	ok = sort && exec(b, sort);
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

const char *build_dirname(const char *path, char *buf, size_t cap)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	if (slash == path)
		return "/";
	snprintf(buf, cap, "%.*s", (int)(slash - path), path);
	return buf;
}

static bool sync_path(const char *path, int flags)
{
	int fd = open(path, flags);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	return close(fd) == 0 && ok;
}

int build_content(const struct build_options *o, struct diag *d)
{
	struct build b = {.d = d, .dir = o->src_dir};
	struct meta_values m;
	char tmp[PATH_MAX], dirbuf[PATH_MAX], err[256];
	int fd = -1, rc = 1;
	bool made = false;
	memset(&m, 0, sizeof m);

	if (!read_meta(&b, &m))
		goto done;
	long long version = o->content_version ? o->content_version
			    : m.set[MK_VERSION] && *m.value[MK_VERSION] ? atoll(m.value[MK_VERSION]) : 0;
	if (!version) {
		diag_report(d, DIAG_ERROR, "meta.csv", 0, 0, "content_version",
			    "is not set; set it in meta.csv or give --content-version N");
		goto done;
	}
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", o->out_path) >= (int)sizeof tmp) {
		diag_report(d, DIAG_ERROR, o->out_path, 0, 0, NULL, "the path is too long");
		goto done;
	}
	fd = mkstemp(tmp);
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
	b.topics = keyset_new();
	b.contacts = keyset_new();
	b.groups = keyset_new();
	b.pages = keyset_new();
	b.media = keyset_new();
	if (!b.topics || !b.contacts || !b.groups || !b.pages || !b.media ||
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
	if (!sync_path(build_dirname(o->out_path, dirbuf, sizeof dirbuf), O_RDONLY | O_DIRECTORY)) {
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
	keyset_free(b.topics);
	keyset_free(b.contacts);
	keyset_free(b.groups);
	keyset_free(b.pages);
	keyset_free(b.media);
	keyset_free(b.seen);
	return rc;
}
