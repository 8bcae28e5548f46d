/* dump — a content file back into CSV sources.
 *
 * The way back from a content file to something staff can edit, and the
 * proof that build loses nothing: build(dump(x)) holds the same rows as x
 * (tests/test_build.c). One query per CSV file, made from the field tables
 * (kiosk/fields.c) that build reads too: its columns are the file's
 * columns, each as field_sql() reads it back from the content file.
 * Output is UTF-8 without BOM, ',' separated, LF line ends, texts quoted by
 * libcsv where they need it. */
#include "dump.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csvfile.h"
#include "fields.h"
#include "store.h"

#define SQL_BYTES 8192         /* a file's query: every field's expression */

/* SELECT of every row of a file's table as its CSV source has it, in
 * `sql` (SQL_BYTES); the CSV header line in `header`. */
static bool file_query(const struct content_file *file, char *sql, char *header, size_t header_cap)
{
	char expr[SQL_BYTES / 2];
	size_t len = 0;
	header[0] = '\0';
	int n = snprintf(sql, SQL_BYTES, "SELECT ");
	for (int i = 0; file->fields[i].name; i++) {
		const struct field *f = &file->fields[i];
		snprintf(header + strlen(header), header_cap - strlen(header), "%s%s", i ? "," : "", f->name);
		if (!field_sql(file, f, expr, sizeof expr))
			return false;
		len = strlen(sql);
		n = snprintf(sql + len, SQL_BYTES - len, "%s%s", i ? ", " : "", expr);
		if (n < 0 || (size_t)n >= SQL_BYTES - len)
			return false;
	}
	len = strlen(sql);
	n = snprintf(sql + len, SQL_BYTES - len, " FROM %s ORDER BY %s", file->table, file->order);
	return n >= 0 && (size_t)n < SQL_BYTES - len && strlen(header) + 1 < header_cap;
}

/* Writes a file's rows as CSV: one line per row of the query, or, for
 * meta.csv (`settings`), one `key,value` line per column of its one row. */
static int write_file(sqlite3 *db, const char *dir, const struct content_file *file, bool settings,
		      struct diag *d)
{
	char path[PATH_MAX], sql[SQL_BYTES], header[1024];
	sqlite3_stmt *st = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, file->name);
	if (!file_query(file, sql, header, sizeof header)) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "internal: the query is too long");
		return -1;
	}
	FILE *fp = fopen(path, "w");
	int rc = -1;
	if (!fp) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto done;
	if (settings)
		fprintf(fp, "%s,%s\n", meta_columns[0].name, meta_columns[1].name);
	else
		fprintf(fp, "%s\n", header);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			if (settings)
				fprintf(fp, "%s,", file->fields[i].name);
			else if (i)
				fputc(',', fp);
			csvfile_write_field(fp, v ? v : "");
			if (settings)
				fputc('\n', fp);
		}
		if (!settings)
			fputc('\n', fp);
	}
	if (step == SQLITE_DONE)
		rc = 0;
done:
	if (rc)
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot read the content: %s",
			    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (fclose(fp) != 0 && rc == 0) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

static int write_media(sqlite3 *db, const char *dir, struct diag *d)
{
	char path[PATH_MAX];
	sqlite3_stmt *st = NULL;
	int rc = 0;
	snprintf(path, sizeof path, "%s/media", dir);
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot create: %s", strerror(errno));
		return -1;
	}
	sqlite3_prepare_v2(db,
			   "SELECT name, CASE mime WHEN 'image/png' THEN '.png' ELSE '.jpg' END, data"
			   " FROM media ORDER BY id", -1, &st, NULL);
	while (rc == 0 && st && sqlite3_step(st) == SQLITE_ROW) {
		snprintf(path, sizeof path, "%s/media/%s%s", dir, sqlite3_column_text(st, 0),
			 sqlite3_column_text(st, 1));
		FILE *fp = fopen(path, "wb");
		size_t n = (size_t)sqlite3_column_bytes(st, 2);
		if (!fp || fwrite(sqlite3_column_blob(st, 2), 1, n, fp) != n) {
			diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
			rc = -1;
		}
		if (fp && fclose(fp) != 0)
			rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

int dump_content(const char *db_path, const char *out_dir, struct diag *d)
{
	char err[256];
	struct store *s = store_open(db_path, err, sizeof err);
	int rc = -1;
	if (!s) {
		diag_report(d, DIAG_ERROR, db_path, 0, 0, NULL, "%s", err);
		return -1;
	}
	if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
		diag_report(d, DIAG_ERROR, out_dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
		goto done;
	}
	if (write_file(store_db(s), out_dir, &meta_settings, true, d) != 0 ||
	    write_media(store_db(s), out_dir, d) != 0)
		goto done;
	for (int i = 0; i < FILE_COUNT; i++)
		if (write_file(store_db(s), out_dir, &content_files[i], false, d) != 0)
			goto done;
	rc = 0;
done:
	store_close(s);
	return rc;
}
