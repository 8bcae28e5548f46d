/* update_log — update.log: what became of each update, a line each.
 *
 * Every outcome (started, applied, refused, rolled back, fell back,
 * interrupted, no content) is appended as one line of tab-separated fields
 * and fsync'd. The log never grows past UPDATE_LOG_MAX_BYTES: it is cut to
 * its newest lines through a new file renamed over it, so a power cut
 * leaves the old log or the shorter one. It is read back from its end
 * only: the last outcomes for the staff screen and the status file
 * (update_log_last), and at start an update that started and never ended
 * (update_log_unfinished). Written by update.c only. */
#include "update_log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "durable.h"
#include "safefile.h"
#include "utf8.h"

#define LOG_TAIL 4096           /* bytes read from the end of update.log */

static void log_path(char *out, size_t cap, const char *dir, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

/* Makes room in update.log: keeps its newest whole lines within
 * UPDATE_LOG_KEEP_BYTES, written to a new file, fsync'd and renamed over
 * it, so a power cut leaves the old log or the shorter one. False (the log
 * as it was) when that cannot be done. */
static bool rotate_log(const char *data_dir)
{
	char path[PATH_MAX + 32], tmp[PATH_MAX + 32], why[64];
	char *keep = malloc(UPDATE_LOG_KEEP_BYTES);
	log_path(path, sizeof path, data_dir, UPDATE_LOG);
	log_path(tmp, sizeof tmp, data_dir, UPDATE_LOG ".tmp");
	int in = keep ? safefile_open(AT_FDCWD, path, path, true, -1, NULL, NULL, why, sizeof why) : -1, out = -1;
	off_t size = in >= 0 ? lseek(in, 0, SEEK_END) : -1;
	off_t from = size > UPDATE_LOG_KEEP_BYTES ? size - UPDATE_LOG_KEEP_BYTES : 0;
	ssize_t got = size >= 0 ? pread(in, keep, (size_t)(size - from), from) : -1;
	bool ok = got >= 0 && got == size - from;
	size_t skip = 0;
	if (ok && from > 0) {   /* the first line kept is cut: it goes too */
		char *nl = memchr(keep, '\n', (size_t)got);
		skip = nl ? (size_t)(nl + 1 - keep) : (size_t)got;
	}
	if (ok && unlink(tmp) != 0 && errno != ENOENT)   /* a leftover, or a link someone put there */
		ok = false;
	if (ok)
		ok = (out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644)) >= 0 &&
		     write(out, keep + skip, (size_t)got - skip) == (ssize_t)((size_t)got - skip) && fsync(out) == 0;
	if (out >= 0 && close(out) != 0)
		ok = false;
	if (in >= 0)
		close(in);
	ok = ok && rename(tmp, path) == 0 && durable_sync_folder_of(path);
	if (!ok)
		unlink(tmp);
	free(keep);
	return ok;
}

void update_log_line(const char *data_dir, const char *what, long long version, const char *sha256,
		     const char *reason, const char *why)
{
	char path[PATH_MAX + 32], stamp[32], line[1024], safe[768];
	log_path(path, sizeof path, data_dir, UPDATE_LOG);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	utf8_escape(reason && *reason ? reason : "-", safe, sizeof safe);
	int n = snprintf(line, sizeof line, "%s\t%s\tversion %lld\tsha256 %s\t%s\twhy %s\n", stamp, what, version,
			 sha256 && *sha256 ? sha256 : "-", safe, why && *why ? why : "-");
	size_t len = n < (int)sizeof line ? (size_t)n : sizeof line - 1;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
	struct stat sb;
	if (fd >= 0 && fstat(fd, &sb) == 0 && sb.st_size + (off_t)len > UPDATE_LOG_MAX_BYTES) {
		close(fd);
		fd = -1;
		if (rotate_log(data_dir))
			fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
	}
	if (fd < 0)
		return;
	if (write(fd, line, len) > 0)
		fsync(fd);
	close(fd);
}

/* The last LOG_TAIL bytes of update.log into `tail`, NUL-terminated, and
 * where in the file they start: how many, 0 when there is no log (or it
 * cannot be read, or is empty). */
static ssize_t read_tail(const char *data_dir, char tail[LOG_TAIL + 1], off_t *from)
{
	char path[PATH_MAX + 32];
	log_path(path, sizeof path, data_dir, UPDATE_LOG);
	int fd = safefile_open(AT_FDCWD, path, path, true, -1, NULL, NULL, tail, LOG_TAIL + 1);
	if (fd < 0)
		return 0;
	off_t size = lseek(fd, 0, SEEK_END);
	*from = size > LOG_TAIL ? size - LOG_TAIL : 0;
	ssize_t n = size > 0 ? pread(fd, tail, LOG_TAIL, *from) : 0;
	close(fd);
	if (n <= 0)
		return 0;
	tail[n] = '\0';
	return n;
}

bool update_log_unfinished(const char *data_dir, char *when, size_t cap)
{
	char tail[LOG_TAIL + 1];
	off_t from;
	ssize_t n = read_tail(data_dir, tail, &from);
	if (n == 0)
		return false;
	while (n > 0 && tail[n - 1] == '\n')
		tail[--n] = '\0';
	char *last = strrchr(tail, '\n');
	last = last ? last + 1 : tail;
	char *tab = strchr(last, '\t');
	if (!tab || strncmp(tab + 1, "started\t", 8) != 0)
		return false;
	snprintf(when, cap, "%.*s", (int)(tab - last), last);
	return true;
}

/* "2026-11-30T16:40:51Z" as seconds since 1970 (days from the civil
 * date by H. Hinnant's algorithm: no time zone, no locale). */
static bool utc_seconds(const char *stamp, long long *out)
{
	int y, m, d, hh, mm, ss;
	char z;
	if (sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &m, &d, &hh, &mm, &ss, &z) != 7 || z != 'Z' ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400, doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long long days = era * 146097 + doe - 719468;
	*out = days * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

/* Splits a logged line at its tabs into up to `max` fields. */
static int log_fields(char *line, char **field, int max)
{
	int n = 0;
	for (char *p = line; p && n < max; n++) {
		field[n] = p;
		p = strchr(p, '\t');
		if (p)
			*p++ = '\0';
	}
	return n;
}

int update_log_last(const char *data_dir, struct update_entry *out, int max)
{
	char tail[LOG_TAIL + 1];
	off_t from;
	ssize_t got = read_tail(data_dir, tail, &from);
	if (got == 0)
		return 0;
	int n = 0;
	/* From the end: each line, newest first. */
	for (char *end = tail + got; end > tail && n < max;) {
		*end = '\0';
		char *start = end;
		while (start > tail && start[-1] != '\n')
			start--;
		end = start > tail ? start - 1 : tail;
		if (start == tail && from > 0)
			break;   /* the first line of the tail may be cut */
		char *f[6];
		int nf = log_fields(start, f, 6);
		long long when;
		if (nf < 3 || strcmp(f[1], "started") == 0 || !utc_seconds(f[0], &when))
			continue;
		struct update_entry *e = &out[n++];
		memset(e, 0, sizeof *e);
		e->when = when;
		snprintf(e->what, sizeof e->what, "%s", f[1]);
		sscanf(f[2], "version %lld", &e->version);
		if (nf > 4)
			snprintf(e->reason, sizeof e->reason, "%s", strcmp(f[4], "-") == 0 ? "" : f[4]);
		if (nf > 5 && strncmp(f[5], "why ", 4) == 0 && strcmp(f[5] + 4, "-") != 0)
			snprintf(e->why, sizeof e->why, "%s", f[5] + 4);
	}
	return n;
}
