/* store — the content file, opened safely. */
#ifndef WW_STORE_H
#define WW_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* The schema this code reads and writes (content/schema.sql). */
#define STORE_SCHEMA_VERSION 1

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

#endif
