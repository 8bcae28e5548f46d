/* Reading CSV as LibreOffice and Excel write it (tools/csvfile.c). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvfile.h"
#include "helpers.h"

static const struct field cols[] = {
	{.name = "slug", .required = true}, {.name = "lang", .required = true},
	{.name = "name", .required = true}, {.name = "summary"}, {0}};

/* Writes `data` as NAME in a scratch folder and reads it back. */
static struct csvfile *read_text(char *dir, const char *data, struct diag *d)
{
	char *path = path_join(dir, "t.csv");
	write_file(path, data, strlen(data));
	free(path);
	return csvfile_read(dir, "t.csv", cols, true, d);
}

static void assert_field(struct csvfile *f, size_t row, int col, const char *value, long line)
{
	cr_assert_str_eq(csvfile_get(f, row, col), value, "row %zu column %d", row, col);
	cr_assert_eq(csvfile_line(f, row, col), line, "row %zu column %d: line", row, col);
}

LEAKFREE_TEST(csv, excel_bom_semicolons_crlf_all_quoted)
{
	char *dir = scratch_dir();
	struct diag d = {0};
	struct csvfile *f = read_text(dir,
		"\xEF\xBB\xBF\"slug\";\"lang\";\"name\";\"summary\"\r\n"
		"\"zoeliakie\";\"de\";\"Zöliakie\";\"Erste Zeile\r\nzweite; mit \"\"Zitat\"\"\"\r\n"
		"\"trauer\";\"de\";\"Trauer\";\"\"\r\n", &d);
	cr_assert(f, "refused: %d errors", d.errors);
	cr_assert_eq(csvfile_rows(f), 2);
	assert_field(f, 0, 0, "zoeliakie", 2);
	assert_field(f, 0, 2, "Zöliakie", 2);
	assert_field(f, 0, 3, "Erste Zeile\nzweite; mit \"Zitat\"", 2);
	assert_field(f, 1, 0, "trauer", 4);
	assert_field(f, 1, 3, "", 4);
	cr_assert_eq(csvfile_column(f, 3), 4);
	csvfile_free(f);
	scratch_remove(dir);
}

LEAKFREE_TEST(csv, libreoffice_commas_lf_columns_in_any_order)
{
	char *dir = scratch_dir();
	struct diag d = {0};
	struct csvfile *f = read_text(dir,
		"name,slug,lang\n"
		"\"Trennung, Scheidung\",trennung,de\n"
		"\n"
		",,\n"
		"Long Covid,long-covid,en", &d);
	cr_assert(f);
	cr_assert_eq(csvfile_rows(f), 2, "blank rows and rows of bare separators are skipped");
	assert_field(f, 0, 2, "Trennung, Scheidung", 2);
	assert_field(f, 0, 0, "trennung", 2);
	assert_field(f, 1, 0, "long-covid", 5);
	cr_assert_not(csvfile_has(f, 3));
	cr_assert_str_eq(csvfile_get(f, 0, 3), "");
	cr_assert_eq(csvfile_column(f, 0), 2);
	csvfile_free(f);
	scratch_remove(dir);
}

/* Reads `data`, expects it refused with `message` in what was reported. */
static void assert_refused(const char *data, const char *message)
{
	char *dir = scratch_dir();
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct diag d = {.out = out};
	struct csvfile *f = read_text(dir, data, &d);
	fclose(out);
	cr_assert(!f || d.errors, "accepted: %s", data);
	cr_assert(strstr(buf, message), "\"%s\" not in:\n%s", message, buf);
	csvfile_free(f);
	free(buf);
	scratch_remove(dir);
}

LEAKFREE_TEST(csv, refuses_what_would_corrupt_content)
{
	assert_refused("slug,lang,name\nzoeliakie,de,Z\xF6liakie\n", "t.csv:2:3: error: the file is not UTF-8");
	assert_refused("slug,lang,name\ntrauer,de\n", "t.csv:2: error: this row has 2 fields but the header has 3");
	assert_refused("slug,lang,name\ntrauer,de,\"Trauer\n", "t.csv:2:3: error: a quoted text begins here and is never closed");
	/* Where the quote opened, not the file's last line: on line 3, in the
	 * second field, with a row and a multi-line text before it. */
	assert_refused("slug,lang,name\ntrauer,de,\"Trauer\nund Verlust\"\nzoeliakie,\"de,Zöliakie\na,b,c\nd,e,f\n",
		       "t.csv:4:2: error: a quoted text begins here and is never closed");
	assert_refused("slug,lang,name\ntrauer,de,\"Tra\"uer\n", "t.csv:2: error: a quote in the middle");
	assert_refused("slug,lang,nmae\n", "t.csv:1:3: error: unknown column \"nmae\"");
	assert_refused("slug,name\n", "t.csv:1: error: the header has no column \"lang\"");
	assert_refused("slug,lang,name,slug\n", "t.csv:1:4: error: column \"slug\" appears twice");
	assert_refused("", "t.csv:1: error: the file is empty");
	assert_refused("\xEF\xBB\xBF", "t.csv:1: error: the file is empty");
	assert_refused("slug,lang,name,\nx,de,X,oops\n", "t.csv:2:4: error: this column has no name");
}

LEAKFREE_TEST(csv, lines_after_a_multi_line_text)
{
	char *dir = scratch_dir();
	struct diag d = {0};
	struct csvfile *f = read_text(dir,
		"slug,lang,name,summary\n"
		"a,de,A,\"eins\nzwei\ndrei\"\n"
		"b,de,\"B\nB\",vier\n", &d);
	cr_assert(f);
	assert_field(f, 0, 3, "eins\nzwei\ndrei", 2);
	assert_field(f, 1, 0, "b", 5);
	assert_field(f, 1, 2, "B\nB", 5);
	assert_field(f, 1, 3, "vier", 6);
	csvfile_free(f);
	scratch_remove(dir);
}

/* Rewrites a source file the way German Excel saves "CSV UTF-8": BOM, ';',
 * CRLF, every field quoted. */
static void to_excel(const char *path)
{
	size_t len;
	char *in = read_file(path, &len);
	cr_assert(in);
	char *out = malloc(4 * len + 16);
	size_t n = 0;
	bool quoted = false;
	memcpy(out, "\xEF\xBB\xBF\"", 4);
	n = 4;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == '"' && quoted && in[i + 1] == '"') {
			out[n++] = '"', out[n++] = '"', i++;
		} else if (c == '"') {
			quoted = !quoted;
		} else if (c == ',' && !quoted) {
			memcpy(out + n, "\";\"", 3), n += 3;
		} else if (c == '\n' && !quoted) {
			memcpy(out + n, i + 1 < len ? "\"\r\n\"" : "\"\r\n", i + 1 < len ? 4 : 3);
			n += i + 1 < len ? 4 : 3;
		} else if (c == '\n') {
			out[n++] = '\r', out[n++] = '\n';
		} else {
			out[n++] = c;
		}
	}
	write_file(path, out, n);
	free(out);
	free(in);
}

LEAKFREE_TEST(csv, same_content_from_every_shape)
{
	static const char *files[] = {"meta.csv", "topics.csv", "topic_texts.csv", "aliases.csv",
				      "contact_points.csv", "contact_point_texts.csv", "groups.csv",
				      "group_texts.csv", "pages.csv", "page_texts.csv", "media.csv",
				      "media_texts.csv", "postcodes.csv", "services.csv", "service_texts.csv"};
	char *dir = scratch_dir();
	char *plain = path_join(dir, "plain"), *excel = path_join(dir, "excel");
	char *a = path_join(dir, "a.db"), *b = path_join(dir, "b.db");
	char *da = path_join(dir, "dump-a"), *db = path_join(dir, "dump-b");
	mkdir(plain, 0755);
	mkdir(excel, 0755);
	copy_sources(MINI_SOURCES, plain);
	copy_sources(MINI_SOURCES, excel);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *p = path_join(excel, files[i]);
		to_excel(p);
		free(p);
	}
	char *sample = path_join(excel, "contact_point_texts.csv");
	char *text = read_file(sample, NULL);
	static const char excel_header[] = "\xEF\xBB\xBF\"id\";\"lang\";";
	cr_assert(strncmp(text, excel_header, strlen(excel_header)) == 0, "%.40s", text);
	cr_assert(strstr(text, "\"Mo–Do 9–16 Uhr\r\nFr 9–12 Uhr\""));
	free(text);
	free(sample);

	struct tool_result r1 = tool_run("build", plain, a, NULL);
	struct tool_result r2 = tool_run("build", excel, b, NULL);
	cr_assert_eq(r1.status, 0, "%s", r1.err);
	cr_assert_eq(r2.status, 0, "%s", r2.err);
	struct tool_result r3 = tool_run("dump", a, da, NULL);
	struct tool_result r4 = tool_run("dump", b, db, NULL);
	cr_assert_eq(r3.status + r4.status, 0);
	cr_assert_eq(shell("diff -r '%s' '%s'", da, db), 0, "the Excel shape gave other content");
	tool_result_free(&r1), tool_result_free(&r2), tool_result_free(&r3), tool_result_free(&r4);
	free(plain), free(excel), free(a), free(b), free(da), free(db);
	scratch_remove(dir);
}
