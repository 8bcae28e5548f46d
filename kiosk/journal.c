/* journal — the kiosk's messages on standard error, with their priority.
 *
 * A kiosk run by systemd has its standard error connected to the journal,
 * which reads a "<N>" at the start of a line as the line's syslog
 * priority: so an error can be told from a notice with `journalctl -p err`
 * without a logging library, and the same lines reach a developer's
 * terminal plain. Lines printed by other means (the shared modules'
 * fprintf) get the unit's SyslogLevel. Owns only that prefix decision. */
#include "journal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static bool to_journal;

void journal_detect(void)
{
	/* "DEVICE:INODE" of the stream systemd connected; it must still be
	 * our standard error (not redirected by a script in between). */
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	to_journal = stream && sscanf(stream, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
		     (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void journal_say(enum journal_priority priority, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	flockfile(stderr);   /* one line, whole, while the start-up check speaks too */
	if (to_journal)
		fprintf(stderr, "<%d>", (int)priority);
	fputs("wegweiser: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	funlockfile(stderr);
	va_end(ap);
}
