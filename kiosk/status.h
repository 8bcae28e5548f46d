/* status — the kiosk's state for a fleet's monitoring (node_exporter textfile). */
#ifndef WW_STATUS_H
#define WW_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#define STATUS_FILE "wegweiser.prom"
#define STATUS_STARTS_FILE "starts"     /* in the data folder: how often the kiosk started */
/* The window sides the kiosk takes, in pixels (--size, the window a start
 * found). */
#define WINDOW_SIDE_MIN 320
#define WINDOW_SIDE_MAX 8192

struct status_facts {
	const char *program_version;
	long long content_version;
	const char *content_published;  /* the content's date, YYYY-MM-DD, or "" */
	long long uptime_s;
	long long starts_total;         /* -1: not counted (no data folder) */
	long long starts_this_boot;
	bool open;                      /* within the opening hours (or none kept) */
	long long sessions_today;       /* -1: statistics are off */
	char last_update[16];           /* update.log's last outcome ("applied", …); "" none */
	long long last_update_time;     /* when, seconds since 1970 */
	bool speech_failed;             /* asked to read aloud, speech found no sound */
};

/* Counts this start in DATA_DIR/starts (total, and since the machine
 * booted), with the size of the window it found (width x height); false
 * with why (the counts are then -1). */
bool status_count_start(const char *data_dir, int width, int height, long long *total, long long *this_boot,
			char *why, size_t whylen);
/* The window size the last counted start found, from DATA_DIR/starts:
 * the next start lays its first screen out for it before the window
 * exists. False when none is known (no file, or one written before the
 * size was kept in it), or a side is not WINDOW_SIDE_MIN..WINDOW_SIDE_MAX. */
bool status_last_window(const char *data_dir, int *width, int *height);

/* The last outcome in DATA_DIR/update.log and its time into f; "" when
 * there is none. */
void status_read_last_update(const char *data_dir, struct status_facts *f);

/* Writes `dir`/wegweiser.prom, replacing the old one atomically (a reader
 * sees the old file or the new one, whole). False with why. */
bool status_write(const char *dir, const struct status_facts *f, char *why, size_t whylen);

#endif
