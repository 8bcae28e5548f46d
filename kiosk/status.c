/* status — the kiosk's state for a fleet's monitoring (node_exporter textfile).
 *
 * A town's IT already runs Prometheus with node_exporter on its machines;
 * node_exporter's textfile collector reads *.prom files from one folder.
 * This file writes the kiosk's: content version and date, the last update's
 * outcome and time (from update.log, so it survives restarts), uptime, how
 * often the kiosk started (counted in the data folder, so a kiosk the
 * watchdog keeps restarting stands out), whether it is within its opening
 * hours, and the day's sessions when statistics are on. The file is
 * written beside its final name under a name node_exporter skips and
 * renamed over it, so a scrape never reads half a file. Called by kiosk.c
 * on the loop's clock; knows nothing of SDL. */
#define _DEFAULT_SOURCE   /* timegm */
#include "status.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "durable.h"
#include "safefile.h"
#include "update.h"

#define LOG_TAIL 4096                   /* update.log lines are far shorter */
#define MAX_STATUS_BYTES 4096

/* The machine's boot, as the kernel names it; "" when unknown. */
static void boot_id(char *out, size_t cap)
{
	out[0] = '\0';
	FILE *fp = fopen("/proc/sys/kernel/random/boot_id", "r");
	if (fp && fgets(out, (int)cap, fp))
		out[strcspn(out, "\n")] = '\0';
	if (fp)
		fclose(fp);
	if (strspn(out, "0123456789abcdef-") != strlen(out))
		out[0] = '\0';
}

/* Writes `text` as dir_path/name through name.tmp (created new), then
 * renames it over name. `sync`: fsync the file and the folder (a count
 * that must survive a power cut), else readers only need it whole. */
static bool replace_file(const char *dir, const char *name, const char *tmp_name, const char *text, bool sync,
			 mode_t mode, char *why, size_t whylen)
{
	char path[PATH_MAX + 64], tmp[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/%s", dir, tmp_name);
	size_t len = strlen(text);
	unlink(tmp);   /* a leftover of a crash, or a link someone put there */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && (!sync || fsync(fd) == 0);
	int err = errno;
	if (fd >= 0 && close(fd) != 0 && ok)
		ok = false, err = errno;
	/* O_CREAT's mode is cut by the umask; node_exporter runs as another user. */
	if (ok && fchmodat(AT_FDCWD, tmp, mode, 0) != 0)
		ok = false, err = errno;
	if (ok && rename(tmp, path) != 0)
		ok = false, err = errno;
	if (!ok) {
		snprintf(why, whylen, "%s: cannot write: %s", path, strerror(err));
		unlink(tmp);
		return false;
	}
	if (sync && !durable_sync_folder_of(path)) {
		snprintf(why, whylen, "%s: cannot sync its folder: %s", path, strerror(errno));
		return false;
	}
	return true;
}

/* DATA_DIR/starts is one line: "TOTAL BOOT-ID THIS-BOOT WIDTHxHEIGHT" (the
 * last field since the window size was kept; a file without it counts on). */
struct starts {
	long long total, this_boot;     /* total -1: the line is no count */
	char boot[64];
	int width, height;              /* 0: none kept, or not a window the kiosk takes */
};

/* Reads DATA_DIR/starts into *s (its name into path); false with fault and
 * why when it cannot be read. */
static bool read_starts(const char *data_dir, char *path, size_t pathlen, struct starts *s,
			enum safefile_fault *fault, char *why, size_t whylen)
{
	char text[256], end;
	*s = (struct starts){.total = -1};
	snprintf(path, pathlen, "%s/%s", data_dir, STATUS_STARTS_FILE);
	if (!safefile_read_text(AT_FDCWD, path, path, true, text, sizeof text, fault, why, whylen))
		return false;
	int n = sscanf(text, "%lld %63s %lld %dx%d%c", &s->total, s->boot, &s->this_boot, &s->width, &s->height, &end);
	if (n < 3 || s->total < 0 || s->this_boot < 0) {
		s->total = -1;
		s->boot[0] = '\0';
	}
	if (n != 6 || end != '\n' || s->width < WINDOW_SIDE_MIN || s->width > WINDOW_SIDE_MAX ||
	    s->height < WINDOW_SIDE_MIN || s->height > WINDOW_SIDE_MAX)
		s->width = s->height = 0;
	return true;
}

bool status_count_start(const char *data_dir, int width, int height, long long *total, long long *this_boot,
			char *why, size_t whylen)
{
	char path[PATH_MAX + 32], text[256], boot[64];
	enum safefile_fault fault;
	struct starts old;
	long long t = 0, b = 0;
	*total = *this_boot = -1;
	boot_id(boot, sizeof boot);
	if (read_starts(data_dir, path, sizeof path, &old, &fault, why, whylen)) {
		if (old.total < 0)
			fprintf(stderr, "wegweiser: %s: not a count of starts; counting from 0\n", path);
		else
			t = old.total, b = old.this_boot;
	} else if (fault != SAFEFILE_MISSING) {
		return false;
	}
	if (!boot[0] || strcmp(boot, old.boot) != 0)
		b = 0;
	t++, b++;
	snprintf(text, sizeof text, "%lld %s %lld %dx%d\n", t, boot[0] ? boot : "-", b, width, height);
	if (!replace_file(data_dir, STATUS_STARTS_FILE, STATUS_STARTS_FILE ".tmp", text, true, 0600, why, whylen))
		return false;
	*total = t;
	*this_boot = b;
	return true;
}

bool status_last_window(const char *data_dir, int *width, int *height)
{
	char path[PATH_MAX + 32], why[PATH_MAX + 128];
	enum safefile_fault fault;
	struct starts s;
	if (!read_starts(data_dir, path, sizeof path, &s, &fault, why, sizeof why) || !s.width)
		return false;
	*width = s.width;
	*height = s.height;
	return true;
}

void status_read_last_update(const char *data_dir, struct status_facts *f)
{
	char path[PATH_MAX + 32], tail[LOG_TAIL + 1];
	f->last_update[0] = '\0';
	f->last_update_time = 0;
	snprintf(path, sizeof path, "%s/%s", data_dir, UPDATE_LOG);
	int fd = safefile_open(AT_FDCWD, path, path, true, -1, NULL, NULL, tail, sizeof tail);
	if (fd < 0)
		return;
	off_t size = lseek(fd, 0, SEEK_END);
	ssize_t n = pread(fd, tail, LOG_TAIL, size > LOG_TAIL ? size - LOG_TAIL : 0);
	close(fd);
	if (n <= 0)
		return;
	tail[n] = '\0';
	while (n > 0 && tail[n - 1] == '\n')
		tail[--n] = '\0';
	char *last = strrchr(tail, '\n');
	last = last ? last + 1 : tail;
	struct tm tm = {0};
	char what[16];
	/* "2026-11-30T17:42:05Z<TAB>applied<TAB>…"; "rolled back" has a space. */
	if (sscanf(last, "%4d-%2d-%2dT%2d:%2d:%2dZ\t%15[a-z ]", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, what) != 7)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	for (char *c = what; *c; c++)
		if (*c == ' ')
			*c = '_';   /* a label value one word, as the others */
	snprintf(f->last_update, sizeof f->last_update, "%s", what);
	f->last_update_time = (long long)timegm(&tm);
}

/* The content's date as seconds since 1970 (its midnight, UTC); 0 if none. */
static long long date_seconds(const char *date)
{
	struct tm tm = {0};
	int len = 0;
	if (!date || sscanf(date, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &len) != 3 || len != 10)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* Appends one metric with its help and type lines. */
__attribute__((format(printf, 6, 7)))
static void metric(char *buf, size_t cap, const char *name, const char *type, const char *help, const char *fmt, ...)
{
	size_t n = strlen(buf);
	snprintf(buf + n, cap - n, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
	n = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

bool status_write(const char *dir, const struct status_facts *f, char *why, size_t whylen)
{
	char text[MAX_STATUS_BYTES] = "";
	bool ok_update = strcmp(f->last_update, "applied") == 0 || strcmp(f->last_update, "rolled_back") == 0;
	metric(text, sizeof text, "wegweiser_info", "gauge", "The kiosk program's version.",
	       "wegweiser_info{version=\"%s\"} 1\n", f->program_version);
	metric(text, sizeof text, "wegweiser_content_version", "gauge", "The version of the content in service.",
	       "wegweiser_content_version %lld\n", f->content_version);
	metric(text, sizeof text, "wegweiser_content_date_seconds", "gauge",
	       "The date of the content in service (its midnight, UTC), seconds since 1970.",
	       "wegweiser_content_date_seconds %lld\n", date_seconds(f->content_published));
	if (f->last_update[0]) {
		metric(text, sizeof text, "wegweiser_last_update_timestamp_seconds", "gauge",
		       "When the last update from a stick ended (or started, while it runs).",
		       "wegweiser_last_update_timestamp_seconds %lld\n", f->last_update_time);
		metric(text, sizeof text, "wegweiser_last_update_success", "gauge",
		       "1 when the last update was applied (or a rollback done), 0 when it was refused or cut short.",
		       "wegweiser_last_update_success %d\n", ok_update ? 1 : 0);
		metric(text, sizeof text, "wegweiser_last_update_result", "gauge",
		       "The last update's outcome as update.log names it.",
		       "wegweiser_last_update_result{result=\"%s\"} 1\n", f->last_update);
	}
	metric(text, sizeof text, "wegweiser_uptime_seconds", "gauge", "Seconds since the kiosk started.",
	       "wegweiser_uptime_seconds %lld\n", f->uptime_s);
	if (f->starts_total >= 0) {
		metric(text, sizeof text, "wegweiser_starts_total", "counter",
		       "How often the kiosk started on this data folder.", "wegweiser_starts_total %lld\n",
		       f->starts_total);
		metric(text, sizeof text, "wegweiser_restarts_since_boot", "gauge",
		       "Starts after the first since the machine booted: crashes, hangs the watchdog ended, staff.",
		       "wegweiser_restarts_since_boot %lld\n", f->starts_this_boot - 1);
	}
	metric(text, sizeof text, "wegweiser_speech_failed", "gauge",
	       "1 once a visitor asked for reading aloud and there was no sound (espeak-ng or a sound card"
	       " missing; the journal says which): the access bar then says it is not possible. 0 again"
	       " once a later visitor's text was played.",
	       "wegweiser_speech_failed %d\n", f->speech_failed ? 1 : 0);
	metric(text, sizeof text, "wegweiser_open", "gauge", "1 within the opening hours, 0 outside them.",
	       "wegweiser_open %d\n", f->open ? 1 : 0);
	if (f->sessions_today >= 0)
		metric(text, sizeof text, "wegweiser_sessions_today", "gauge",
		       "Visitor sessions today that ended with the idle reset (statistics are on).",
		       "wegweiser_sessions_today %lld\n", f->sessions_today);
	if (strlen(text) + 1 >= sizeof text) {
		snprintf(why, whylen, "%s/%s: more than %d bytes: not written", dir, STATUS_FILE, MAX_STATUS_BYTES);
		return false;
	}
	/* Not fsynced: it is rewritten every minute, and a power cut that
	 * loses the last one loses nothing a scrape after the restart needs. */
	return replace_file(dir, STATUS_FILE, "." STATUS_FILE ".tmp", text, false, 0644, why, whylen);
}
