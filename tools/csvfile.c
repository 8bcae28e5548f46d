/* csvfile — one CSV source file, read the way spreadsheets write it.
 *
 * Staff edit the content in LibreOffice or Excel, so this accepts what they
 * save (BOM or none, ';' from German Excel, CRLF) and rejects what would
 * silently corrupt content: a file that is not UTF-8, a row with more or
 * fewer fields than the header, a quote left open, an unknown column. Every
 * field remembers the line it starts on, so a message can point at it.
 * libcsv does the parsing; this file feeds it a line at a time to count lines.
 * Only the staff tool reads CSV; the kiosk never does. */
#include "csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "utf8.h"

#define MAX_COLUMNS 64
#define MAX_FILE_BYTES (512L * 1024 * 1024)
#define ARENA_CHUNK (1 << 20)

struct row {
	long line;              /* where the row starts */
	char **fields;          /* one per file column */
	int32_t *lines;         /* start line of each field */
};

struct csvfile {
	char *path;
	int ncols;              /* in the file */
	int map[MAX_COLUMNS];   /* caller's column -> file column, or -1 */
	size_t nrows, cap;
	struct row *rows;
	struct arena *arena;    /* the fields and their line numbers */
};

/* Parser state between libcsv callbacks. */
struct reader {
	struct csvfile *f;
	struct diag *d;
	long line;              /* line being fed to the parser */
	bool header_done;
	bool failed;
	long quote_line;        /* where the quoted field still open began; 0: none */
	int quote_column;
	int nfields;
	char *fields[MAX_COLUMNS];
	int32_t lines[MAX_COLUMNS];
	char *header[MAX_COLUMNS];
	const struct field *cols;
};

void csvfile_free(struct csvfile *f)
{
	if (!f)
		return;
	arena_free(f->arena);
	free(f->rows);
	free(f->path);
	free(f);
}

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	if (r->failed)
		return;
	const char *s = data ? data : "";
	if (!data)
		len = 0;
	long newlines = 0;
	for (size_t i = 0; i < len; i++)
		newlines += s[i] == '\n';
	long start = r->line - newlines;
	if (r->nfields >= MAX_COLUMNS) {
		diag_report(r->d, DIAG_ERROR, r->f->path, start, r->nfields + 1, NULL,
			    "more than %d columns", MAX_COLUMNS);
		r->failed = true;
		return;
	}
	size_t bad;
	if (memchr(s, '\0', len) || !utf8_valid(s, len, &bad)) {
		diag_report(r->d, DIAG_ERROR, r->f->path, start, r->nfields + 1, NULL,
			    "the file is not UTF-8 text; save it as \"CSV UTF-8\" (Excel) or with "
			    "character set \"Unicode (UTF-8)\" (LibreOffice)");
		r->failed = true;
		return;
	}
	char *copy = arena_strndup(r->f->arena, s, len);
	if (!copy) {
		r->failed = true;
		return;
	}
	/* Line breaks inside a text are stored as LF, whatever the file used. */
	char *o = copy;
	for (const char *i = copy; *i; i++) {
		if (*i == '\r')
			*o++ = '\n', i += i[1] == '\n';
		else
			*o++ = *i;
	}
	*o = '\0';
	r->fields[r->nfields] = copy;
	r->lines[r->nfields] = (int32_t)start;
	r->nfields++;
	r->quote_line = 0;
}

/* Notes where a quoted field began while it is still open after `line`,
 * so that a quote never closed is reported there, not at the file's end.
 * libcsv keeps no line numbers; its parser says whether the field it is
 * in is quoted. */
static void note_open_quote(struct reader *r, const struct csv_parser *p)
{
	if (p->quoted && !r->quote_line) {
		r->quote_line = r->line;
		r->quote_column = r->nfields + 1;
	}
}

static bool take_header(struct reader *r)
{
	struct csvfile *f = r->f;
	bool ok = true;
	f->ncols = r->nfields;
	for (int c = 0; r->cols[c].name; c++)
		f->map[c] = -1;
	for (int i = 0; i < r->nfields; i++) {
		const char *h = r->fields[i];
		if (!*h)
			continue;   /* an unnamed column; it must stay empty (checked per row) */
		int found = -1;
		for (int c = 0; r->cols[c].name; c++)
			if (strcasecmp(h, r->cols[c].name) == 0)
				found = c;
		if (found < 0) {
			diag_report(r->d, DIAG_ERROR, f->path, r->lines[i], i + 1, NULL,
				    "unknown column \"%s\"", h);
			ok = false;
		} else if (f->map[found] >= 0) {
			diag_report(r->d, DIAG_ERROR, f->path, r->lines[i], i + 1, NULL,
				    "column \"%s\" appears twice", h);
			ok = false;
		} else {
			f->map[found] = i;
		}
		r->header[i] = r->fields[i];
	}
	for (int c = 0; r->cols[c].name; c++)
		if (r->cols[c].required && f->map[c] < 0) {
			diag_report(r->d, DIAG_ERROR, f->path, r->lines[0], 0, NULL,
				    "the header has no column \"%s\"", r->cols[c].name);
			ok = false;
		}
	return ok;
}

static void on_row(int terminator, void *ctx)
{
	(void)terminator;
	struct reader *r = ctx;
	struct csvfile *f = r->f;
	int n = r->nfields;
	r->nfields = 0;
	if (r->failed)
		return;
	bool empty = true;
	for (int i = 0; i < n; i++)
		empty &= r->fields[i][0] == '\0';
	if (!r->header_done) {
		r->header_done = true;
		r->nfields = n;   /* take_header reads fields[0..n) */
		if (!take_header(r))
			r->failed = true;
		r->nfields = 0;
		return;
	}
	if (empty)
		return;   /* spreadsheets write rows of bare separators */
	if (n != f->ncols) {
		diag_report(r->d, DIAG_ERROR, f->path, r->lines[0], 0, NULL,
			    "this row has %d fields but the header has %d (a missing separator, or "
			    "a text with a separator that is not in quotes?)", n, f->ncols);
		return;
	}
	for (int i = 0; i < n; i++)
		if (!r->header[i] && r->fields[i][0]) {
			diag_report(r->d, DIAG_ERROR, f->path, r->lines[i], i + 1, NULL,
				    "this column has no name in the header");
			return;
		}
	if (f->nrows == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		struct row *rows = realloc(f->rows, cap * sizeof *rows);
		if (!rows) {
			r->failed = true;
			return;
		}
		f->rows = rows;
		f->cap = cap;
	}
	struct row *row = &f->rows[f->nrows];
	row->line = r->lines[0];
	row->fields = arena_alloc(f->arena, (size_t)n * sizeof *row->fields);
	row->lines = arena_alloc(f->arena, (size_t)n * sizeof *row->lines);
	if (!row->fields || !row->lines) {
		r->failed = true;
		return;
	}
	memcpy(row->fields, r->fields, (size_t)n * sizeof *row->fields);
	memcpy(row->lines, r->lines, (size_t)n * sizeof *row->lines);
	f->nrows++;
}

/* The separator the header line uses most: ',', ';' or tab. */
static unsigned char guess_separator(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < len && s[i] != '\n'; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			comma += s[i] == ',', semi += s[i] == ';', tab += s[i] == '\t';
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma)
		return '\t';
	return ',';
}

static char *slurp(const char *path, size_t *len, int *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	if (!fp) {
		*err = errno;
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) != 0)
		goto fail;
	long size = ftell(fp);
	if (size < 0 || size > MAX_FILE_BYTES || fseek(fp, 0, SEEK_SET) != 0)
		goto fail;
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, fp) != (size_t)size)
		goto fail;
	buf[size] = '\0';
	*len = (size_t)size;
	fclose(fp);
	return buf;
fail:
	*err = errno ? errno : EFBIG;
	free(buf);
	fclose(fp);
	return NULL;
}

struct csvfile *csvfile_read(const char *dir, const char *name, const struct field *cols,
			     bool required, struct diag *d)
{
	struct csvfile *f = calloc(1, sizeof *f);
	struct csv_parser p;
	bool parser = false;
	char *buf = NULL;
	size_t len = 0;
	int err = 0;
	if (!f)
		return NULL;
	size_t plen = strlen(dir) + strlen(name) + 2;
	f->path = malloc(plen);
	f->arena = arena_new(ARENA_CHUNK);
	if (!f->path || !f->arena)
		goto fail;
	snprintf(f->path, plen, "%s/%s", dir, name);
	for (int c = 0; cols[c].name; c++)
		f->map[c] = -1;

	buf = slurp(f->path, &len, &err);
	if (!buf) {
		if (err == ENOENT && !required)
			return f;   /* an optional file that is not there: no rows */
		diag_report(d, DIAG_ERROR, f->path, 0, 0, NULL, "cannot read: %s", strerror(err));
		goto fail;
	}
	const char *s = buf;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, len -= 3;
	if (len == 0) {
		diag_report(d, DIAG_ERROR, f->path, 1, 0, NULL, "the file is empty; it needs at least "
			    "the header line");
		goto fail;
	}

	struct reader r = {.f = f, .d = d, .cols = cols};
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		goto fail;
	parser = true;
	csv_set_delim(&p, guess_separator(s, len));
	const char *end = s + len;
	while (s < end && !r.failed) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
		r.line++;
		if (csv_parse(&p, s, n, on_field, on_row, &r) != n) {
			diag_report(d, DIAG_ERROR, f->path, r.line, 0, NULL,
				    "a quote in the middle of an unquoted text, or text right after a "
				    "closing quote (write a quote inside quotes as \"\")");
			r.failed = true;
		}
		note_open_quote(&r, &p);
		s += n;
	}
	if (!r.failed && csv_fini(&p, on_field, on_row, &r) != 0) {
		diag_report(d, DIAG_ERROR, f->path, r.quote_line, r.quote_column, NULL,
			    "a quoted text begins here and is never closed (a missing \" at its end)");
		r.failed = true;
	}
	if (!r.header_done && !r.failed) {
		diag_report(d, DIAG_ERROR, f->path, 1, 0, NULL, "the file has no header line");
		r.failed = true;
	}
	if (r.failed)
		goto fail;
	csv_free(&p);
	free(buf);
	return f;
fail:
	if (parser)
		csv_free(&p);
	free(buf);
	csvfile_free(f);
	return NULL;
}

size_t csvfile_rows(const struct csvfile *f)
{
	return f->nrows;
}

const char *csvfile_path(const struct csvfile *f)
{
	return f->path;
}

bool csvfile_has(const struct csvfile *f, int col)
{
	return f->map[col] >= 0;
}

const char *csvfile_get(const struct csvfile *f, size_t row, int col)
{
	int i = f->map[col];
	return i < 0 ? "" : f->rows[row].fields[i];
}

long csvfile_line(const struct csvfile *f, size_t row, int col)
{
	int i = f->map[col];
	return i < 0 ? f->rows[row].line : f->rows[row].lines[i];
}

int csvfile_column(const struct csvfile *f, int col)
{
	return f->map[col] + 1;
}

void csvfile_write_field(FILE *fp, const char *v)
{
	size_t len = strlen(v);
	if (v[strcspn(v, ",;\"\r\n\t")] || v[0] == ' ' || (len && v[len - 1] == ' '))
		csv_fwrite(fp, v, len);
	else
		fputs(v, fp);
}
