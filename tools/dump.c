/* dump — a content file back into CSV sources.
 *
 * The way back from a content file to something staff can edit, and the
 * proof that build loses nothing: build(dump(x)) holds the same rows as x
 * (tests/test_build.c). One query per CSV file; its columns are the file's
 * columns, in FORMAT.md's order, so the SQL below is the whole mapping.
 * Output is UTF-8 without BOM, ',' separated, LF line ends, texts quoted by
 * libcsv where they need it. */
#include "dump.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csvfile.h"
#include "store.h"

struct dump_file {
	const char *name;
	const char *header;
	const char *sql;
};

#define SLUG(table, col) "(SELECT slug FROM " table " WHERE id = " col ")"
static const struct dump_file files[] = {
	{"media.csv", "name,file",
	 "SELECT name, 'media/' || name || CASE mime WHEN 'image/png' THEN '.png' ELSE '.jpg' END"
	 " FROM media ORDER BY id"},
	{"media_texts.csv", "name,lang,alt",
	 "SELECT (SELECT name FROM media WHERE id = media_id), lang, alt FROM media_text"
	 " ORDER BY media_id, lang"},
	{"topics.csv", "slug,sort_key,related",
	 "SELECT slug, sort_key, (SELECT group_concat(s, ' ') FROM (SELECT " SLUG("topic", "related_id")
	 " AS s FROM topic_related WHERE topic_id = t.id ORDER BY position)) FROM topic t ORDER BY id"},
	{"topic_texts.csv", "slug,lang,name,summary",
	 "SELECT " SLUG("topic", "topic_id") ", lang, name, summary FROM topic_text"
	 " ORDER BY topic_id, lang"},
	{"aliases.csv", "slug,lang,alias",
	 "SELECT " SLUG("topic", "topic_id") ", lang, alias FROM alias ORDER BY id"},
	{"contact_points.csv",
	 "id,name,street,postcode,town,phone,email,web,lat,lon,step_free,hearing_loop,accessible_wc,image",
	 "SELECT id, name, street, postcode, town, phone, email, web, lat, lon, step_free,"
	 " hearing_loop, accessible_wc, (SELECT name FROM media WHERE id = media_id)"
	 " FROM contact_point ORDER BY id"},
	{"contact_point_texts.csv", "id,lang,hours,accessibility,description",
	 "SELECT contact_point_id, lang, hours, accessibility, description FROM contact_point_text"
	 " ORDER BY contact_point_id, lang"},
	{"groups.csv", "id,name,topics,contact_point,phone,email,web",
	 "SELECT id, name, (SELECT group_concat(" SLUG("topic", "topic_id") ", ' ') FROM group_topic"
	 " WHERE group_id = g.id), contact_point_id, phone, email, web FROM self_help_group g"
	 " ORDER BY id"},
	{"group_texts.csv", "id,lang,schedule,place,note",
	 "SELECT group_id, lang, schedule, place, note FROM group_text ORDER BY group_id, lang"},
	{"pages.csv", "slug,position,image",
	 "SELECT slug, position, (SELECT name FROM media WHERE id = media_id) FROM page ORDER BY id"},
	{"page_texts.csv", "slug,lang,title,body",
	 "SELECT " SLUG("page", "page_id") ", lang, title, body FROM page_text ORDER BY page_id, lang"},
	{"postcodes.csv", "postcode,town,lat,lon",
	 "SELECT postcode, town, lat, lon FROM postcode ORDER BY postcode"},
	{"stopwords.csv", "lang,word,minor", "SELECT lang, word, minor FROM stop_word ORDER BY lang, word"},
};

static int write_file(sqlite3 *db, const char *dir, const struct dump_file *f, struct diag *d)
{
	char path[PATH_MAX];
	sqlite3_stmt *st = NULL;
	snprintf(path, sizeof path, "%s/%s", dir, f->name);
	FILE *fp = fopen(path, "w");
	int rc = -1;
	if (!fp) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		return -1;
	}
	if (sqlite3_prepare_v2(db, f->sql, -1, &st, NULL) != SQLITE_OK)
		goto done;
	fprintf(fp, "%s\n", f->header);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);
			if (i)
				fputc(',', fp);
			csvfile_write_field(fp, v ? v : "");
		}
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

static int write_meta(const struct store_meta *m, const char *dir, struct diag *d)
{
	char path[PATH_MAX], langs[sizeof m->languages];
	snprintf(path, sizeof path, "%s/meta.csv", dir);
	snprintf(langs, sizeof langs, "%s", m->languages);
	for (char *p = langs; *p; p++)
		if (*p == ',')
			*p = ' ';
	FILE *fp = fopen(path, "w");
	if (!fp) {
		diag_report(d, DIAG_ERROR, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
		return -1;
	}
	const char *keys[] = {"title", "publisher", "published", "languages"};
	const char *values[] = {m->title, m->publisher, m->published, langs};
	fputs("key,value\n", fp);
	for (int i = 0; i < 4; i++) {
		fprintf(fp, "%s,", keys[i]);
		csvfile_write_field(fp, values[i]);
		fputc('\n', fp);
	}
	fprintf(fp, "demo,%d\ncontent_version,%lld\n", m->demo, m->content_version);
	return fclose(fp) == 0 ? 0 : -1;
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
	if (write_meta(store_meta(s), out_dir, d) != 0 || write_media(store_db(s), out_dir, d) != 0)
		goto done;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		if (write_file(store_db(s), out_dir, &files[i], d) != 0)
			goto done;
	rc = 0;
done:
	store_close(s);
	return rc;
}
