/* store — the content file, opened safely.
 *
 * The kiosk and the staff tool open content files only through here, so
 * every connection gets the same defensive settings: a content file may have
 * come from a USB stick, and nothing in it (triggers, views, functions named
 * in its schema) may run code paths we did not choose. The kiosk's queries
 * for screens grow here; writing a content file is the tool's business
 * (tools/build.c). */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store {
	sqlite3 *db;
	struct store_meta meta;
};

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
	/* Reading the schema is the first real test that this is a database. */
	rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
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

static void copy_column(sqlite3_stmt *st, int col, char *dst, size_t cap)
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
	copy_column(st, 2, m->title, sizeof m->title);
	copy_column(st, 3, m->publisher, sizeof m->publisher);
	copy_column(st, 4, m->published, sizeof m->published);
	copy_column(st, 5, m->languages, sizeof m->languages);
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
	return s;
fail:
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
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
