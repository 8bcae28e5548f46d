/* csvfile — one CSV source file, read the way spreadsheets write it. */
#ifndef WW_CSVFILE_H
#define WW_CSVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "fields.h"

struct csvfile;

/* Reads DIR/NAME with libcsv: UTF-8 with or without BOM, ',' ';' or tab
 * as separator (whichever the header line uses), CRLF or LF, quoted fields
 * with line breaks and doubled quotes. `cols` (NULL-name terminated) are
 * the columns it may have (the reader uses their names and whether they
 * are required; their rules are the caller's). Every problem goes to `d` with file, line and
 * column. A missing file is an error when `required`, otherwise an empty
 * table. Returns NULL when nothing usable was read. */
struct csvfile *csvfile_read(const char *dir, const char *name, const struct field *cols,
			     bool required, struct diag *d);
void csvfile_free(struct csvfile *f);   /* accepts NULL */

size_t csvfile_rows(const struct csvfile *f);
/* The path used in messages ("content/topics.csv"). */
const char *csvfile_path(const struct csvfile *f);
/* Field `col` (index into the caller's column list) of a row; "" when the
 * file has no such column. */
const char *csvfile_get(const struct csvfile *f, size_t row, int col);
/* Where that field starts: its line and its 1-based column in the file. */
long csvfile_line(const struct csvfile *f, size_t row, int col);
int csvfile_column(const struct csvfile *f, int col);
/* Whether the file has column `col` at all. */
bool csvfile_has(const struct csvfile *f, int col);

/* Writes one field for a ','-separated file: as it is, or quoted by libcsv
 * when it holds a separator, quote, line break or outer space. */
void csvfile_write_field(FILE *fp, const char *v);

#endif
