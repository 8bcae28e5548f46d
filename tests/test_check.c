/* wegweiser-content check on damaged and tampered files (kiosk/check.c).
 * Damage is done by independent means: raw bytes, and the sqlite3 shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A freshly built mini content file in a scratch folder. */
static char *built(char **dir)
{
	*dir = scratch_dir();
	char *db = path_join(*dir, "c.db");
	struct tool_result r = tool_run("build", MINI_SOURCES, db, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	r = tool_run("check", db, NULL);
	cr_assert_eq(r.status, 0, "a fresh build fails check: %s", r.err);
	tool_result_free(&r);
	return db;
}

/* Runs SQL on db with the sqlite3 shell, CHECK constraints and foreign keys
 * off, as someone tampering with the file would. */
static void tamper(const char *db, const char *sql)
{
	cr_assert_eq(shell("sqlite3 '%s' 'PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF; %s'",
			   db, sql), 0, "%s", sql);
}

static void assert_check_fails(const char *db, const char *message)
{
	struct tool_result r = tool_run("check", db, NULL);
	cr_assert_eq(r.status, 1, "check passed a bad file (expected \"%s\")", message);
	cr_assert(strstr(r.err, message), "expected\n  %s\nin\n%s", message, r.err);
	tool_result_free(&r);
}

struct tamper_case {
	const char *sql, *message;
};

static const struct tamper_case tamper_cases[] = {
	{"UPDATE contact_point SET web = \"javascript:alert(1)\" WHERE id = 1",
	 "contact_point 1: web \"javascript:alert(1)\" must start with https://"},
	{"UPDATE contact_point SET web = \"http://musterstadt.example.org/\" WHERE id = 1",
	 "contact_point 1: web \"http://musterstadt.example.org/\" is not a secure address: only https://"},
	{"UPDATE contact_point SET web = \"https://\" WHERE id = 2",
	 "contact_point 2: web \"https://\" has no host name"},
	{"UPDATE self_help_group SET phone_shown = \"0221  4710 311\" WHERE id = 11",
	 "self_help_group 11: phone \"0221  4710 311\" is not stored tidied"},
	/* The number to dial is what the written one gives, or the QR code
	 * would call another number than the screen shows. */
	{"UPDATE self_help_group SET phone = \"+492214710312\" WHERE id = 11",
	 "self_help_group 11: phone: the number to dial \"+492214710312\" is not \"+492214710311\","
	 " what \"0221 4710 311\" gives"},
	{"UPDATE contact_point SET phone = NULL WHERE id = 1",
	 "contact_point 1: phone: the number to dial \"\" is not \"+493023125100\", what \"030 23125 100\" gives"},
	{"UPDATE self_help_group SET email = \"nobody\" WHERE id = 11",
	 "self_help_group 11: email \"nobody\" is not an e-mail address"},
	{"UPDATE meta SET schema_version = 1", "schema version 1, but this program reads version 2"},
	{"UPDATE meta SET languages = \"de\"", "texts in language 'en', which meta.languages (de) does not list"},
	{"DELETE FROM contact_point WHERE id = 2", "refers to a missing row of contact_point"},
	{"DELETE FROM topic_text WHERE topic_id = 3 AND lang = \"de\"",
	 "topic trauer has no text in 'de', the default language"},
	{"UPDATE topic_text SET name = \"Kummer\" WHERE topic_id = 3 AND lang = \"de\"",
	 "topic_text: trauer de: sort key or letter is not derived from the name"},
	{"DELETE FROM group_topic WHERE group_id = 12", "group 12 has no topic"},
	{"UPDATE media SET data = CAST(\"GIF89a\" AS BLOB)", "media: punkt: the data is not a image/png image"},
	/* A picture copied only up to its last chunk. */
	{"UPDATE media SET data = substr(data, 1, length(data) - 12)", "media: punkt: the picture is cut off before its end"},
	/* A PNG header claiming 5000 x 16 pixels: refused before anyone decodes
	 * it. (The quotes of the blob literal are escaped for the shell.) */
	{"UPDATE media SET data = X'\\''89504E470D0A1A0A0000000D49484452000013880000001008020000'\\''",
	 "media: punkt: no readable size, or larger than 2000 x 2000 pixels"},
	{"DELETE FROM search_entry WHERE id = 1", "search index: 1 entries missing"},
	{"UPDATE search_entry SET folded = \"x\" WHERE id = 2", "search index: 1 entries that match no content"},
	{"DROP INDEX topic_text_letter", "schema: 1 of the"},
	{"CREATE TABLE payload (x)", "schema: table payload is not part of schema version 2"},
	{"CREATE TRIGGER t AFTER INSERT ON alias BEGIN SELECT 1; END",
	 "schema: trigger t is not part of schema version 2"},
	{"UPDATE topic_text SET summary = summary || char(7) WHERE topic_id = 1 AND lang = \"de\"",
	 "topic_text diabetes de: summary"},
	{"CREATE VIEW everything AS SELECT * FROM topic, alias", "schema: view everything is not part of schema version 2"},
	/* A column computed on every read: seconds per screen. */
	{"ALTER TABLE contact_point ADD COLUMN slow TEXT GENERATED ALWAYS AS (name || name) VIRTUAL",
	 "schema: table contact_point differs from schema version 2"},
	/* A name SQLite keeps for itself, written into the schema by hand. */
	{"PRAGMA writable_schema = ON; INSERT INTO sqlite_schema VALUES (\"view\", \"sqlite_stat9\", "
	 "\"sqlite_stat9\", 0, \"CREATE VIEW sqlite_stat9 AS SELECT 1\")",
	 "schema: view sqlite_stat9 is not part of schema version 2"},
};

LEAKFREE_TEST(check, finds_every_kind_of_tampering)
{
	for (size_t i = 0; i < sizeof tamper_cases / sizeof *tamper_cases; i++) {
		char *dir, *db = built(&dir);
		tamper(db, tamper_cases[i].sql);
		assert_check_fails(db, tamper_cases[i].message);
		free(db);
		scratch_remove(dir);
	}
}

LEAKFREE_TEST(check, finds_corrupted_bytes)
{
	char *dir, *db = built(&dir);
	size_t len;
	char *data = read_file(db, &len);
	cr_assert_gt(len, 5 * 4096);
	/* Page 3 overwritten with a pattern, as a bad USB stick might return it. */
	for (size_t i = 2 * 4096; i < 3 * 4096; i++)
		data[i] = (char)(i * 7);
	write_file(db, data, len);
	free(data);
	assert_check_fails(db, "c.db: error:");
	free(db);
	scratch_remove(dir);
}

LEAKFREE_TEST(check, refuses_what_is_no_content_file)
{
	char *dir = scratch_dir();
	char *text = path_join(dir, "text.db"), *empty = path_join(dir, "other.db");
	char *truncated = path_join(dir, "half.db"), *db = path_join(dir, "c.db");
	write_file(text, "key,value\n", 10);
	assert_check_fails(text, "cannot open: file is not a database");
	cr_assert_eq(shell("sqlite3 '%s' 'CREATE TABLE notes (x)'", empty), 0);
	assert_check_fails(empty, "schema: table notes is not part of schema version 2");

	struct tool_result r = tool_run("build", MINI_SOURCES, db, NULL);
	tool_result_free(&r);
	size_t len;
	char *data = read_file(db, &len);
	write_file(truncated, data, len / 2);   /* a half-copied file */
	free(data);
	assert_check_fails(truncated, "half.db: error:");
	free(text), free(empty), free(truncated), free(db);
	scratch_remove(dir);
}
