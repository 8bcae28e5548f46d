/* journal — the kiosk's messages on standard error, with their priority. */
#ifndef WW_JOURNAL_H
#define WW_JOURNAL_H

#include <stdbool.h>

/* syslog's numbers, as the journal reads them from a "<N>" line prefix. */
enum journal_priority { JOURNAL_ERR = 3, JOURNAL_WARNING = 4, JOURNAL_NOTICE = 5, JOURNAL_INFO = 6 };

/* Looks once whether standard error is the journal's stream (systemd
 * says so in JOURNAL_STREAM): only then do lines carry a priority. */
void journal_detect(void);

/* One line "wegweiser: …" to standard error, "<N>" before it for the journal. */
void journal_say(enum journal_priority priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
