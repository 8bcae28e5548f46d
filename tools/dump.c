/* dump — a content file back into CSV sources.
 *
 * The way back from a content file to something staff can edit, and the
 * proof that build loses nothing: build(dump(x)) holds the same rows as x
 * (tests/test_build.c). One query per CSV file, made from the field tables
 * (kiosk/fields.c) that build reads too: its columns are the file's
 * columns, each as field_sql() reads it back from the content file.
 * Output is UTF-8 without BOM, ',' separated, LF line ends, texts quoted by
 * libcsv where they need it.
 * The content file may be crafted: every file is created inside OUT_DIR
 * relative to it, never through a link or into a pipe planted there, an
 * image's file name comes from its media name only after that name passed
 * its rule, and a text that starts like a spreadsheet formula is written
 * so that a spreadsheet shows it as text. */
#include "dump.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvfile.h"
#include "fields.h"
#include "rules.h"
#include "store.h"
#include "utf8.h"

#define SQL_BYTES 8192         /* a file's query: every field's expression */
#define SHOWN_BYTES 96          /* a value quoted in a message, escaped */

/* Creates (or empties) NAME in the folder `dirfd` for writing; `label` is
 * its path in messages. A symbolic link, a pipe or any other non-file
 * there, or a file with other hard links, is refused, not written through:
 * someone may have planted it in OUT_DIR to have dump overwrite another
 * file. O_NONBLOCK makes a planted pipe fail at once instead of waiting for
 * a reader. */
static FILE *create_file(int dirfd, const char *name, const char *label, struct diag *d)
{
	struct stat sb;
	FILE *fp = NULL;
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	if (fd < 0) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "cannot write: %s",
			    errno == ELOOP ? "it is a symbolic link, and dump does not write through one"
			    : errno == ENXIO ? "it is a named pipe, not a file"
					     : strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) != 0) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "cannot write: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_nlink != 1) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "cannot write: %s",
			    !S_ISREG(sb.st_mode) ? "it is not a plain file"
						 : "it has other names (hard links), and dump does not write through them");
		goto fail;
	}
	if (ftruncate(fd, 0) != 0 || !(fp = fdopen(fd, "w"))) {
		diag_report(d, DIAG_ERROR, label, 0, 0, NULL, "cannot write: %s", strerror(errno));
		goto fail;
	}
	return fp;
fail:
	close(fd);
	return NULL;
}

/* Writes value `v` of field `f`, at `line` and `column` of the file
 * `path`. A value that starts like a spreadsheet formula, and that the
 * field's rule does not vouch for (only a file that fails `check` holds
 * one), is written with a ' in front, as OWASP advises: a spreadsheet then
 * shows it as text instead of running it. Staff are told where. */
static bool write_value(FILE *fp, const char *path, long line, int column, const struct field *f,
			const char *v, struct diag *d)
{
	const char *formula = rule_spreadsheet_formula(v), *why;
	if (!formula || rule_check_stored(f->rule, v, f->max_chars, &why)) {
		csvfile_write_field(fp, v);
		return true;
	}
	size_t len = strlen(v);
	char *text = malloc(len + 2), shown[SHOWN_BYTES];
	utf8_escape(v, shown, sizeof shown);
	if (!text) {
		diag_report(d, DIAG_ERROR, path, line, column, f->name, "\"%s\" cannot be written: out of memory",
			    shown);
		return false;
	}
	text[0] = '\'';
	memcpy(text + 1, v, len + 1);
	csvfile_write_field(fp, text);
	free(text);
	diag_report(d, DIAG_WARNING, path, line, column, f->name,
		    "\"%s\" %s; written with a ' in front, so that a spreadsheet shows it as text", shown, formula);
	return true;
}

/* Lines a value takes beyond its first. */
static long line_breaks(const char *v)
{
	long n = 0;
	for (; *v; v++)
		n += *v == '\n';
	return n;
}

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
static int write_file(sqlite3 *db, int dirfd, const char *dir, const struct content_file *file, bool settings,
		      struct diag *d)
{
	char path[PATH_MAX], sql[SQL_BYTES], header[1024];
	sqlite3_stmt *st = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, file->name);
	if (!file_query(file, sql, header, sizeof header)) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "internal: the query is too long");
		return -1;
	}
	FILE *fp = create_file(dirfd, file->name, path, d);
	int rc = -1;
	long line = 1;          /* of the file being written, for messages */
	bool written = true;
	if (!fp)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto done;
	if (settings)
		fprintf(fp, "%s,%s\n", meta_columns[0].name, meta_columns[1].name);
	else
		fprintf(fp, "%s\n", header);
	int step;
	while (written && (step = sqlite3_step(st)) == SQLITE_ROW) {
		line += !settings;
		for (int i = 0; i < sqlite3_column_count(st) && written; i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			line += settings;
			if (settings)
				fprintf(fp, "%s,", file->fields[i].name);
			else if (i)
				fputc(',', fp);
			written = write_value(fp, path, line, settings ? 2 : i + 1, &file->fields[i], v ? v : "", d);
			line += v ? line_breaks(v) : 0;
			if (settings)
				fputc('\n', fp);
		}
		if (!settings)
			fputc('\n', fp);
	}
	if (written && step == SQLITE_DONE)
		rc = 0;
done:
	if (rc && written)
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot read the content: %s",
			    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (fclose(fp) != 0 && rc == 0) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

/* The file name of image `id` in `out` (NAME_MAX + 1): its media name,
 * once that has passed the name rule of the media table (kiosk/fields.c)
 * and is one plain name, and its type's extension. Any other name is
 * refused with a message naming the row: a crafted content file may hold
 * "../../x", and no name from it is joined to a path unchecked. */
static bool media_file_name(const char *db_path, long long id, const char *name, const char *ext, char *out,
			    struct diag *d)
{
	const struct field *rule = &content_files[FILE_MEDIA].fields[0];
	const char *why = NULL;
	char shown[SHOWN_BYTES];
	bool ruled = name && *name && rule_check_stored(rule->rule, name, rule->max_chars, &why);
	if (!name || !*name)
		why = "is empty";
	else if (ruled && (strchr(name, '/') || name[0] == '.'))
		why = "is not a plain file name";
	else if (ruled && snprintf(out, NAME_MAX + 1, "%s%s", name, ext) > NAME_MAX)
		why = "is too long for a file name";
	if (!why)
		return true;
	utf8_escape(name ? name : "", shown, sizeof shown);
	diag_report(d, DIAG_ERROR, db_path, 0, 0, "media", "the image with id %lld: %s \"%s\" %s, so dump writes"
		    " no file of that name (the content file fails check)", id, rule->name, shown, why);
	return false;
}

/* Whether every image's name makes a file name: asked before anything is
 * written, so that a crafted content file leaves OUT_DIR as it was. */
static bool media_names_usable(sqlite3 *db, const char *db_path, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	char name[NAME_MAX + 1];
	int errors = d->errors, step = SQLITE_ERROR;
	if (sqlite3_prepare_v2(db, "SELECT id, name FROM media ORDER BY id", -1, &st, NULL) == SQLITE_OK)
		while ((step = sqlite3_step(st)) == SQLITE_ROW)
			media_file_name(db_path, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
					"", name, d);
	if (step != SQLITE_DONE)
		diag_report(d, DIAG_ERROR, db_path, 0, 0, "media", "cannot read the content: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return d->errors == errors;
}

static int write_media(sqlite3 *db, const char *db_path, int dirfd, const char *dir, struct diag *d)
{
	char path[PATH_MAX], name[NAME_MAX + 1];
	sqlite3_stmt *st = NULL;
	int rc = 0, mediafd = -1;
	snprintf(path, sizeof path, "%s/media", dir);
	if (mkdirat(dirfd, "media", 0755) != 0 && errno != EEXIST) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot create: %s", strerror(errno));
		return -1;
	}
	mediafd = openat(dirfd, "media", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (mediafd < 0) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write into it: %s",
			    errno == ELOOP || errno == ENOTDIR ? "it is a symbolic link or not a folder" : strerror(errno));
		return -1;
	}
	sqlite3_prepare_v2(db,
			   "SELECT id, name, CASE mime WHEN 'image/png' THEN '.png' ELSE '.jpg' END, data"
			   " FROM media ORDER BY id", -1, &st, NULL);
	while (rc == 0 && st && sqlite3_step(st) == SQLITE_ROW) {
		if (!media_file_name(db_path, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
				     (const char *)sqlite3_column_text(st, 2), name, d)) {
			rc = -1;
			break;
		}
		snprintf(path, sizeof path, "%s/media/%s", dir, name);
		FILE *fp = create_file(mediafd, name, path, d);
		size_t n = (size_t)sqlite3_column_bytes(st, 3);
		if (!fp) {
			rc = -1;
		} else if (fwrite(sqlite3_column_blob(st, 3), 1, n, fp) != n) {
			diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
			rc = -1;
		}
		if (fp && fclose(fp) != 0 && rc == 0) {
			diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
			rc = -1;
		}
	}
	sqlite3_finalize(st);
	close(mediafd);
	return rc;
}

int dump_content(const char *db_path, const char *out_dir, struct diag *d)
{
	char err[256];
	struct store *s = store_open(db_path, err, sizeof err);
	int rc = -1, dirfd = -1;
	if (!s) {
		diag_report(d, DIAG_ERROR, db_path, 0, 0, NULL, "%s", err);
		return -1;
	}
	if (!media_names_usable(store_db(s), db_path, d))
		goto done;
	if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
		diag_report(d, DIAG_ERROR, out_dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
		goto done;
	}
	/* OUT_DIR itself is the staff's choice, a link or not; what is in it
	 * is opened relative to it, never through a link. */
	dirfd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		diag_report(d, DIAG_ERROR, out_dir, 0, 0, NULL, "cannot open: %s", strerror(errno));
		goto done;
	}
	if (write_file(store_db(s), dirfd, out_dir, &meta_settings, true, d) != 0 ||
	    write_media(store_db(s), db_path, dirfd, out_dir, d) != 0)
		goto done;
	for (int i = 0; i < FILE_COUNT; i++)
		if (write_file(store_db(s), dirfd, out_dir, &content_files[i], false, d) != 0)
			goto done;
	rc = 0;
done:
	if (dirfd >= 0)
		close(dirfd);
	store_close(s);
	return rc;
}
