/* stats — how the kiosk is used, as daily counters, and nothing else. */
#ifndef WW_STATS_H
#define WW_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define STATS_FILE "stats.csv"
#define STATS_MAX_ROWS 8192     /* about 90 days of a busy kiosk; older days go first */

struct stats;

/* Counters kept in `path` (CSV: date,what,key,count), read if it exists. */
struct stats *stats_open(const char *path);
void stats_free(struct stats *s);   /* accepts NULL */

/* Adds one to the counter `what` (topic_view, qr_shown, search, language)
 * for `key` (a topic slug, a QR kind, a language code, or "") of the day
 * that holds `now` (seconds since 1970; the kiosk's wall clock, which
 * script mode can set). Once STATS_MAX_ROWS rows are kept, the oldest go. */
void stats_count(struct stats *s, const char *what, const char *key, time_t now);
bool stats_dirty(const struct stats *s);
/* The day's total of counter `what` over all its keys (0 when none). */
long long stats_today(const struct stats *s, const char *what, time_t now);

/* Writes the counters to the file they came from, atomically: a temporary
 * file, fsync, rename. False with why. */
bool stats_save(struct stats *s, char *why, size_t whylen);

/* Writes the counters as `name` into the folder `dir` on a stick, the same
 * way, but only when `dir` (opened, never through a link) is on the file
 * system `dev` the stick was found as: the temporary file is created new
 * (never opened through what someone put there), the result renamed over
 * whatever has the name. False with why. */
bool stats_export(struct stats *s, const char *dir, unsigned long long dev, const char *name, char *why,
		  size_t whylen);

#endif
