/* update_log — update.log: what became of each update, a line each. */
#ifndef WW_UPDATE_LOG_H
#define WW_UPDATE_LOG_H

#include <stdbool.h>
#include <stddef.h>

#define UPDATE_LOG "update.log"
#define UPDATE_LOG_MAX_BYTES (64 * 1024)       /* update.log never grows beyond; */
#define UPDATE_LOG_KEEP_BYTES (32 * 1024)      /* its newest lines kept when it would */

/* Appends one line to DATA_DIR/update.log, fsync'd: TIME<TAB>WHAT<TAB>
 * version N<TAB>sha256 HEX<TAB>REASON<TAB>why WHY. REASON is in English with
 * every control character escaped (utf8_escape): a folder name from a stick
 * cannot start a line of its own. WHY is the kind of reason
 * (update_why_name(), for a staff screen in any language); "-" stands for
 * a NULL or empty field. A log that would grow past UPDATE_LOG_MAX_BYTES
 * first keeps only its newest lines (within UPDATE_LOG_KEEP_BYTES),
 * replaced atomically. */
void update_log_line(const char *data_dir, const char *what, long long version, const char *sha256,
		     const char *reason, const char *why);

/* An outcome in update.log, as the staff screen shows it. */
struct update_entry {
	long long when;         /* seconds since 1970 (UTC) */
	char what[16];          /* applied, refused, rolled back, interrupted, fell back, … */
	long long version;
	char why[24];           /* update_why_name(), or "" */
	char reason[256];       /* in English, escaped as logged */
};
/* The last `max` outcomes of updates in DATA_DIR/update.log, newest first
 * ("started" lines are steps, not outcomes). Returns how many. */
int update_log_last(const char *data_dir, struct update_entry *out, int max);

/* The time of an update that "started" and has no outcome after it (the
 * last line of update.log) into `when`; false when there is none. */
bool update_log_unfinished(const char *data_dir, char *when, size_t cap);

#endif
