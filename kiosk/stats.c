/* stats — how the kiosk is used, as daily counters, and nothing else.
 *
 * Off unless the configuration turns it on. What is counted is chosen so
 * that no row can point at a visitor: per day, how often each topic was
 * opened, how often each kind of QR code was shown, how many searches were
 * started (never what was typed), in which languages sessions ran, and how
 * many sessions ended with the idle reset. No
 * times of day, no sequences, no search text. The file is rewritten whole
 * and atomically, so a power cut leaves the old counters or the new, and
 * it holds at most STATS_MAX_ROWS rows (under 1 MB), the oldest days going
 * first: years of use never fill the disk. On a
 * stick, which anyone may have prepared, the file is created new in the
 * folder opened, never through a link planted there. */
#include "stats.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


struct row {
	char date[11];
	char what[16];
	char key[72];
	long long count;
};

struct stats {
	char path[PATH_MAX];
	struct row *rows;
	int nrows;
	bool dirty;
};

static bool plain(const char *s)
{
	return !strpbrk(s, ",\"\r\n");   /* our own keys never need quoting */
}

struct stats *stats_open(const char *path)
{
	struct stats *s = calloc(1, sizeof *s);
	if (!s || !(s->rows = calloc(STATS_MAX_ROWS, sizeof *s->rows))) {
		free(s);
		return NULL;
	}
	snprintf(s->path, sizeof s->path, "%s", path);
	FILE *fp = fopen(path, "r");
	char line[256];
	while (fp && fgets(line, sizeof line, fp) && s->nrows < STATS_MAX_ROWS) {
		struct row r = {0};
		char *f[4], *p = line;
		int n = 0;
		line[strcspn(line, "\r\n")] = '\0';
		for (; n < 4 && p; n++) {
			f[n] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		if (n != 4 || strlen(f[0]) != 10 || f[0][4] != '-')
			continue;   /* the header, or a damaged line */
		snprintf(r.date, sizeof r.date, "%s", f[0]);
		snprintf(r.what, sizeof r.what, "%s", f[1]);
		snprintf(r.key, sizeof r.key, "%s", f[2]);
		r.count = atoll(f[3]);
		s->rows[s->nrows++] = r;
	}
	if (fp)
		fclose(fp);
	return s;
}

void stats_free(struct stats *s)
{
	if (!s)
		return;
	free(s->rows);
	free(s);
}

/* The local date of `now`, as the rows hold it. */
static void day_of(time_t now, char out[11])
{
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void stats_count(struct stats *s, const char *what, const char *key, time_t now)
{
	if (!s || !plain(what) || !plain(key))
		return;
	char today[11];
	day_of(now, today);
	for (int i = s->nrows - 1; i >= 0; i--) {
		struct row *r = &s->rows[i];
		if (strcmp(r->date, today) == 0 && strcmp(r->what, what) == 0 && strcmp(r->key, key) == 0) {
			r->count++;
			s->dirty = true;
			return;
		}
	}
	if (s->nrows == STATS_MAX_ROWS) {   /* the oldest rows go */
		memmove(s->rows, s->rows + 1, (STATS_MAX_ROWS - 1) * sizeof *s->rows);
		s->nrows--;
	}
	struct row *r = &s->rows[s->nrows++];
	snprintf(r->date, sizeof r->date, "%s", today);
	snprintf(r->what, sizeof r->what, "%s", what);
	snprintf(r->key, sizeof r->key, "%s", key);
	r->count = 1;
	s->dirty = true;
}

long long stats_today(const struct stats *s, const char *what, time_t now)
{
	char today[11];
	long long sum = 0;
	day_of(now, today);
	for (int i = 0; s && i < s->nrows; i++)
		if (strcmp(s->rows[i].date, today) == 0 && strcmp(s->rows[i].what, what) == 0)
			sum += s->rows[i].count;
	return sum;
}

bool stats_dirty(const struct stats *s)
{
	return s && s->dirty;
}

/* Writes the counters as `name` in the folder open at `dir_fd`: NAME.tmp
 * created new (a leftover or a planted link is removed first, not
 * followed), fsync'd, renamed to NAME. */
static bool write_in(const struct stats *s, int dir_fd, const char *name, char *why, size_t whylen)
{
	char tmp[NAME_MAX + 8];
	if (snprintf(tmp, sizeof tmp, "%s.tmp", name) >= (int)sizeof tmp) {
		snprintf(why, whylen, "%s: the name is too long", name);
		return false;
	}
	int fd = -1;
	if (unlinkat(dir_fd, tmp, 0) == 0 || errno == ENOENT)
		fd = openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	bool ok = fp != NULL;
	if (ok)
		fputs("date,what,key,count\n", fp);
	for (int i = 0; ok && i < s->nrows; i++)
		ok = fprintf(fp, "%s,%s,%s,%lld\n", s->rows[i].date, s->rows[i].what, s->rows[i].key,
			     s->rows[i].count) > 0;
	ok = ok && fflush(fp) == 0 && fsync(fd) == 0;
	if (fp && fclose(fp) != 0)
		ok = false;
	else if (!fp && fd >= 0)
		close(fd);
	/* The folder synced too, so the new name survives a power cut. */
	ok = ok && renameat(dir_fd, tmp, dir_fd, name) == 0 && fsync(dir_fd) == 0;
	if (!ok) {
		snprintf(why, whylen, "%s: cannot write: %s", name, strerror(errno));
		unlinkat(dir_fd, tmp, 0);
	}
	return ok;
}

bool stats_save(struct stats *s, char *why, size_t whylen)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", s->path);
	char *slash = strrchr(dir, '/');
	const char *name = slash ? slash + 1 : dir;
	if (slash)
		*slash = '\0';
	int dir_fd = open(slash ? (dir[0] ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool ok = dir_fd >= 0 && write_in(s, dir_fd, slash ? name : s->path, why, whylen);
	if (dir_fd < 0)
		snprintf(why, whylen, "%s: cannot write: %s", s->path, strerror(errno));
	else
		close(dir_fd);
	if (ok)
		s->dirty = false;
	return ok;
}

bool stats_export(struct stats *s, const char *dir, unsigned long long dev, const char *name, char *why,
		  size_t whylen)
{
	struct stat sb;
	int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	bool ok = false;
	if (dir_fd < 0)
		snprintf(why, whylen, "%s: cannot open the stick: %s", dir, strerror(errno));
	else if (fstat(dir_fd, &sb) != 0 || (unsigned long long)sb.st_dev != dev)
		snprintf(why, whylen, "%s: not the stick it was a moment ago", dir);
	else
		ok = write_in(s, dir_fd, name, why, whylen);
	if (dir_fd >= 0)
		close(dir_fd);
	return ok;
}
