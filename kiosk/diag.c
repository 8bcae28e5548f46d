/* diag — errors and warnings that tell staff where and what.
 *
 * Every problem the staff tool finds in CSV sources or a content file is
 * reported through here, so all messages share one shape and one limit on
 * how many are printed (a wrong separator should not print 100,000 lines). */
#include "diag.h"


void diag_report(struct diag *d, enum diag_level level, const char *file, long line, int column,
		 const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(d, level, file, line, column, field, fmt, ap);
	va_end(ap);
}

void diag_vreport(struct diag *d, enum diag_level level, const char *file, long line, int column,
		  const char *field, const char *fmt, va_list ap)
{
	int *count = level == DIAG_ERROR ? &d->errors : &d->warnings;
	(*count)++;
	if (!d->out || (d->max_shown && *count > d->max_shown))
		return;
	fprintf(d->out, "%s:", file);
	if (line > 0)
		fprintf(d->out, "%ld:", line);
	if (line > 0 && column > 0)
		fprintf(d->out, "%d:", column);
	fprintf(d->out, " %s: ", level == DIAG_ERROR ? "error" : "warning");
	if (field)
		fprintf(d->out, "%s: ", field);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
}

void diag_finish(struct diag *d)
{
	if (!d->out || !d->max_shown)
		return;
	if (d->errors > d->max_shown)
		fprintf(d->out, "… and %d more errors not shown\n", d->errors - d->max_shown);
	if (d->warnings > d->max_shown)
		fprintf(d->out, "… and %d more warnings not shown\n", d->warnings - d->max_shown);
}
