/* diag — errors and warnings that tell staff where and what. */
#ifndef WW_DIAG_H
#define WW_DIAG_H

#include <stdarg.h>
#include <stdio.h>

/* Counts what was reported and prints it to `out` as
 *   FILE:LINE:COLUMN: error: FIELD: message
 * (the form editors and `grep` understand). Prints at most `max_shown`
 * of each kind (0 = all); diag_finish() says how many more there were. */
struct diag {
	FILE *out;
	int max_shown;
	int errors;
	int warnings;
};

enum diag_level { DIAG_ERROR, DIAG_WARNING };

/* `line` and `column` of 0 are left out; `field` may be NULL. */
void diag_report(struct diag *d, enum diag_level level, const char *file, long line, int column,
		 const char *field, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

void diag_vreport(struct diag *d, enum diag_level level, const char *file, long line, int column,
		  const char *field, const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

/* Prints the "N more not shown" lines, if any. */
void diag_finish(struct diag *d);

#endif
