/* fields — every field of the content, once: its CSV file and column, its
 * rule, and where the content file keeps it.
 *
 * The tables below are the one place a field is defined. `build` reads its
 * CSV columns, rules and INSERT statements from them (tools/build.c),
 * `check` checks every stored value against the same rules (check.c), and
 * `dump` writes the CSV headers and values back from them (tools/dump.c):
 * a new field, or a changed limit, is one line here (and a column in
 * content/schema.sql). What a row means beyond its fields (an image's
 * bytes, a topic's sort key from its name, the search index) stays with
 * the code that does it. Data and pure functions only. */
#include "fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store.h"

/* One line per field: the CSV column, its rule and limit, whether it must
 * be given, and (where it is not the column of the same name) where it is
 * stored. */
#define REQUIRED true
#define OPTIONAL false
#define VALUE(n, r, max, req) {.name = n, .kind = FIELD_VALUE, .rule = r, .max_chars = max, .required = req}
#define FOLDED(n, r, max, req) {.name = n, .kind = FIELD_FOLDED, .rule = r, .max_chars = max, .required = req}
#define REF(n, r, req, col, file) \
	{.name = n, .kind = FIELD_REF, .rule = r, .required = req, .column = col, .ref = file}
#define LIST(n, r, max, req, file, items_max, table, owner, item, position) \
	{.name = n, .kind = FIELD_LIST, .rule = r, .max_chars = max, .required = req, .ref = file, \
	 .max_items = items_max, .link = {table, owner, item, position}}
/* A phone number: as written in `phone_shown`, the number to dial in `phone`. */
#define PHONE(n, r, req) \
	{.name = n, .kind = FIELD_VALUE, .rule = r, .required = req, .column = n "_shown", .dial_column = n}
/* A field given together with the others of its group `g`, or not at all. */
#define TOGETHER(n, r, max, req, g) \
	{.name = n, .kind = FIELD_VALUE, .rule = r, .max_chars = max, .required = req, .together = g}
#define IMAGE(n, max, req, col, as_csv) \
	{.name = n, .kind = FIELD_IMAGE, .rule = RULE_LINE, .max_chars = max, .required = req, .column = col, \
	 .sql = as_csv}

static const struct field media_fields[] = {
	VALUE("name", RULE_SLUG, 0, REQUIRED),
	IMAGE("file", LIMIT_PATH, REQUIRED, "data",
	      "'media/' || name || CASE mime WHEN 'image/png' THEN '.png' ELSE '.jpg' END"),
	{0}};

static const struct field media_text_fields[] = {
	REF("name", RULE_SLUG, REQUIRED, "media_id", FILE_MEDIA),
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("alt", RULE_LINE, LIMIT_ALT, REQUIRED),
	{0}};

static const struct field topic_fields[] = {
	VALUE("slug", RULE_SLUG, 0, REQUIRED),
	FOLDED("sort_key", RULE_LINE, LIMIT_SORT_KEY, OPTIONAL),
	LIST("related", RULE_TEXT, LIMIT_LIST, OPTIONAL, FILE_TOPICS, 0,
	     "topic_related", "topic_id", "related_id", "position"),
	VALUE("sensitive", RULE_BOOL, 0, OPTIONAL),
	{0}};

static const struct field topic_text_fields[] = {
	REF("slug", RULE_SLUG, REQUIRED, "topic_id", FILE_TOPICS),
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("name", RULE_LINE, LIMIT_TOPIC_NAME, REQUIRED),
	VALUE("summary", RULE_TEXT, LIMIT_SUMMARY, REQUIRED),
	{0}};

static const struct field alias_fields[] = {
	REF("slug", RULE_SLUG, REQUIRED, "topic_id", FILE_TOPICS),
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("alias", RULE_LINE, LIMIT_ALIAS, REQUIRED),
	{0}};

/* Words a search leaves out (or, minor, counts little), per language. */
static const struct field stop_word_fields[] = {
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("word", RULE_WORD, LIMIT_STOP_WORD, REQUIRED),
	VALUE("minor", RULE_BOOL, 0, OPTIONAL),
	{0}};

static const struct field contact_point_fields[] = {
	VALUE("id", RULE_ID, 0, REQUIRED),
	VALUE("name", RULE_LINE, LIMIT_NAME, REQUIRED),
	VALUE("street", RULE_LINE, LIMIT_NAME, REQUIRED),
	VALUE("postcode", RULE_POSTCODE, 0, REQUIRED),
	VALUE("town", RULE_LINE, LIMIT_TOWN, REQUIRED),
	PHONE("phone", RULE_PHONE, OPTIONAL),
	VALUE("email", RULE_EMAIL, 0, OPTIONAL),
	VALUE("web", RULE_WEB, 0, OPTIONAL),
	TOGETHER("lat", RULE_LAT, 0, OPTIONAL, 1),
	TOGETHER("lon", RULE_LON, 0, OPTIONAL, 1),
	VALUE("step_free", RULE_BOOL, 0, OPTIONAL),
	VALUE("hearing_loop", RULE_BOOL, 0, OPTIONAL),
	VALUE("accessible_wc", RULE_BOOL, 0, OPTIONAL),
	REF("image", RULE_SLUG, OPTIONAL, "media_id", FILE_MEDIA),
	VALUE("areas", RULE_AREAS, 0, OPTIONAL),
	{0}};

static const struct field contact_point_text_fields[] = {
	REF("id", RULE_ID, REQUIRED, "contact_point_id", FILE_CONTACT_POINTS),
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("hours", RULE_TEXT, LIMIT_HOURS, OPTIONAL),
	VALUE("accessibility", RULE_TEXT, LIMIT_HOURS, OPTIONAL),
	VALUE("description", RULE_TEXT, LIMIT_DESCRIPTION, OPTIONAL),
	{0}};

static const struct field group_fields[] = {
	VALUE("id", RULE_ID, 0, REQUIRED),
	VALUE("name", RULE_LINE, LIMIT_NAME, REQUIRED),
	LIST("topics", RULE_LINE, LIMIT_LIST, REQUIRED, FILE_TOPICS, LIMIT_GROUP_TOPICS,
	     "group_topic", "group_id", "topic_id", NULL),
	REF("contact_point", RULE_ID, OPTIONAL, "contact_point_id", FILE_CONTACT_POINTS),
	PHONE("phone", RULE_PHONE, OPTIONAL),
	VALUE("email", RULE_EMAIL, 0, OPTIONAL),
	VALUE("web", RULE_WEB, 0, OPTIONAL),
	TOGETHER("street", RULE_LINE, LIMIT_NAME, OPTIONAL, 1),
	TOGETHER("postcode", RULE_POSTCODE, 0, OPTIONAL, 1),
	TOGETHER("town", RULE_LINE, LIMIT_TOWN, OPTIONAL, 1),
	{0}};

static const struct field group_text_fields[] = {
	REF("id", RULE_ID, REQUIRED, "group_id", FILE_GROUPS),
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("schedule", RULE_TEXT, LIMIT_SCHEDULE, OPTIONAL),
	VALUE("place", RULE_TEXT, LIMIT_SCHEDULE, OPTIONAL),
	VALUE("note", RULE_TEXT, LIMIT_HOURS, OPTIONAL),
	{0}};

static const struct field page_fields[] = {
	VALUE("slug", RULE_SLUG, 0, REQUIRED),
	VALUE("position", RULE_INT, 0, REQUIRED),
	REF("image", RULE_SLUG, OPTIONAL, "media_id", FILE_MEDIA),
	{0}};

static const struct field page_text_fields[] = {
	REF("slug", RULE_SLUG, REQUIRED, "page_id", FILE_PAGES),
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("title", RULE_LINE, LIMIT_NAME, REQUIRED),
	VALUE("body", RULE_TEXT, LIMIT_BODY, REQUIRED),
	{0}};

static const struct field postcode_fields[] = {
	VALUE("postcode", RULE_POSTCODE, 0, REQUIRED),
	VALUE("town", RULE_LINE, LIMIT_TOWN, REQUIRED),
	VALUE("lat", RULE_LAT, 0, REQUIRED),
	VALUE("lon", RULE_LON, 0, REQUIRED),
	{0}};

static const struct field service_fields[] = {
	VALUE("id", RULE_ID, 0, REQUIRED),
	VALUE("crisis", RULE_BOOL, 0, OPTIONAL),
	PHONE("phone", RULE_SERVICE_PHONE, OPTIONAL),
	VALUE("web", RULE_WEB, 0, OPTIONAL),
	VALUE("position", RULE_INT, 0, REQUIRED),
	{0}};

static const struct field service_text_fields[] = {
	REF("id", RULE_ID, REQUIRED, "service_id", FILE_SERVICES),
	VALUE("lang", RULE_LANG, 0, REQUIRED),
	VALUE("name", RULE_LINE, LIMIT_NAME, REQUIRED),
	VALUE("description", RULE_TEXT, LIMIT_SCHEDULE, OPTIONAL),
	VALUE("hours", RULE_TEXT, LIMIT_SCHEDULE, OPTIONAL),
	{0}};

const struct content_file content_files[FILE_COUNT] = {
	[FILE_MEDIA] = {"media.csv", false, "media", "image", 1, false, "id",
			"id, mime", ":row, :mime", 0, media_fields},
	[FILE_MEDIA_TEXTS] = {"media_texts.csv", false, "media_text", "image text", 2, true,
			      "media_id, lang", NULL, NULL, 0, media_text_fields},
	[FILE_TOPICS] = {"topics.csv", true, "topic", "topic", 1, false, "id", "id", ":row", STORE_MAX_TOPICS,
			 topic_fields},
	[FILE_TOPIC_TEXTS] = {"topic_texts.csv", true, "topic_text", "topic text", 2, true, "topic_id, lang",
			      "sort_key, letter", "fold(:name), fold_letter(fold(:name))", 0,
			      topic_text_fields},
	[FILE_ALIASES] = {"aliases.csv", false, "alias", "alias", 3, false, "id", NULL, NULL, 0, alias_fields},
	[FILE_STOP_WORDS] = {"stopwords.csv", false, "stop_word", "stop word", 2, false, "lang, word", NULL, NULL,
			     0, stop_word_fields},
	[FILE_CONTACT_POINTS] = {"contact_points.csv", false, "contact_point", "contact point", 1, false,
				 "id", NULL, NULL, STORE_MAX_CONTACT_POINTS, contact_point_fields},
	[FILE_CONTACT_POINT_TEXTS] = {"contact_point_texts.csv", false, "contact_point_text",
				      "contact point text", 2, true, "contact_point_id, lang", NULL, NULL, 0,
				      contact_point_text_fields},
	[FILE_GROUPS] = {"groups.csv", false, "self_help_group", "group", 1, false, "id", NULL, NULL, 0,
			 group_fields},
	[FILE_GROUP_TEXTS] = {"group_texts.csv", false, "group_text", "group text", 2, true, "group_id, lang",
			      NULL, NULL, 0, group_text_fields},
	[FILE_PAGES] = {"pages.csv", false, "page", "page", 1, false, "id", "id", ":row", 0, page_fields},
	[FILE_PAGE_TEXTS] = {"page_texts.csv", false, "page_text", "page text", 2, true, "page_id, lang",
			     NULL, NULL, 0, page_text_fields},
	[FILE_POSTCODES] = {"postcodes.csv", false, "postcode", "postcode", 1, false, "postcode", NULL, NULL,
			    0, postcode_fields},
	[FILE_SERVICES] = {"services.csv", false, "service", "service", 1, false, "id", NULL, NULL,
			   STORE_MAX_SERVICES, service_fields},
	[FILE_SERVICE_TEXTS] = {"service_texts.csv", false, "service_text", "service text", 2, true,
				"service_id, lang", NULL, NULL, 0, service_text_fields},
};

const struct field meta_columns[] = {
	VALUE("key", RULE_LINE, LIMIT_META_KEY, REQUIRED),
	VALUE("value", RULE_LINE, LIMIT_META_TEXT, OPTIONAL),
	{0}};

static const struct field meta_fields[] = {
	VALUE("title", RULE_LINE, LIMIT_META_TEXT, REQUIRED),
	VALUE("publisher", RULE_LINE, LIMIT_META_TEXT, REQUIRED),
	VALUE("published", RULE_DATE, 0, REQUIRED),
	/* "de en" in meta.csv, "de,en" in the table; build and check parse it. */
	{.name = "languages", .kind = FIELD_VALUE, .rule = RULE_LINE, .max_chars = LIMIT_META_TEXT,
	 .required = REQUIRED, .sql = "replace(languages, ',', ' ')"},
	VALUE("demo", RULE_BOOL, 0, OPTIONAL),
	VALUE("content_version", RULE_ID, 0, OPTIONAL),
	{0}};

const struct content_file meta_settings = {
	"meta.csv", true, "meta", "setting", 0, false, "id", NULL, NULL, 0, meta_fields};

enum field_empty field_empty(const struct field *f)
{
	if (f->kind != FIELD_VALUE && f->kind != FIELD_FOLDED)
		return EMPTY_NULL;
	if (f->rule == RULE_TEXT || f->rule == RULE_LINE)
		return EMPTY_TEXT;
	return f->rule == RULE_BOOL ? EMPTY_ZERO : EMPTY_NULL;
}

int fields_count(const struct field *fields)
{
	int n = 0;
	while (fields[n].name)
		n++;
	return n;
}

const char *field_column(const struct field *f)
{
	return f->column ? f->column : f->name;
}

bool field_sql(const struct content_file *file, const struct field *f, char *out, size_t cap)
{
	const struct content_file *to = &content_files[f->ref];
	const struct field *key = &to->fields[0];
	int n;
	if (f->sql)
		n = snprintf(out, cap, "%s", f->sql);
	else if (f->kind == FIELD_REF && key->rule == RULE_ID)
		n = snprintf(out, cap, "%s.%s", file->table, field_column(f));   /* the key is the id */
	else if (f->kind == FIELD_REF)
		n = snprintf(out, cap, "(SELECT %s FROM %s WHERE id = %s.%s)", field_column(key), to->table,
			     file->table, field_column(f));
	else if (f->kind == FIELD_LIST)
		n = snprintf(out, cap,
			     "(SELECT group_concat(k, ' ') FROM (SELECT (SELECT %s FROM %s WHERE id = l.%s) AS k"
			     " FROM %s l WHERE l.%s = %s.id ORDER BY l.%s))",
			     field_column(key), to->table, f->link.item, f->link.table, f->link.owner,
			     file->table, f->link.position ? f->link.position : f->link.item);
	else
		n = snprintf(out, cap, "%s.%s", file->table, field_column(f));
	return n >= 0 && (size_t)n < cap;
}

int field_together_missing(const struct field *fields, const bool *given, int from, char *why, size_t cap)
{
	for (int i = from; fields[i].name; i++) {
		int g = fields[i].together, other = -1, members = 0;
		if (!g || given[i])
			continue;
		for (int k = 0; fields[k].name; k++)
			if (fields[k].together == g) {
				members++;
				other = other < 0 && given[k] ? k : other;
			}
		if (other < 0)
			continue;
		int n = snprintf(why, cap, "is empty, but %s is not (give ", fields[other].name);
		for (int k = 0, m = 0; fields[k].name && n >= 0 && (size_t)n < cap; k++)
			if (fields[k].together == g) {
				m++;
				n += snprintf(why + n, cap - (size_t)n, "%s%s", m == 1 ? "" : m == members ? " and " : ", ",
					      fields[k].name);
			}
		if (n >= 0 && (size_t)n < cap)
			snprintf(why + n, cap - (size_t)n, " together, or none of them)");
		return i;
	}
	return -1;
}

bool field_row_name_sql(const struct content_file *file, char *out, size_t cap)
{
	size_t len = 0;
	if (file->nkey == 0)
		return snprintf(out, cap, "''") < (int)cap;   /* one row: no name needed */
	out[0] = '\0';
	for (int i = 0; i < file->nkey; i++) {
		int n = snprintf(out + len, cap - len, "%s", i ? " || ' ' || " : "");
		if (n < 0 || (size_t)n >= cap - len)
			return false;
		len += (size_t)n;
		if (!field_sql(file, &file->fields[i], out + len, cap - len))
			return false;
		len += strlen(out + len);
	}
	return true;
}

bool field_sql_append(char *out, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(out);
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out + len, cap - len, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < cap - len;
}
