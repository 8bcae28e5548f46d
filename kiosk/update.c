/* update — new content from a USB stick, taken over atomically, with rollback.
 *
 * The data folder holds current.db (in service) and previous.db (the one
 * before, for rollback). An update is first copied, as bytes, into the data
 * folder (incoming.tmp) so that a stick pulled out or changed cannot touch
 * the checks; then its signature is checked, and only then is it opened as
 * SQLite and checked like `wegweiser-content check`. Taking it over is two
 * renames and an fsync of the folder; a crash at any point leaves either the
 * old or the new content in service, and update_prepare() at the next start
 * repairs a half-done swap and removes leftovers. Nothing here draws or
 * waits for the visitor: the kiosk calls update_apply() from a worker thread.
 *
 * A stick is hostile until its signature holds: nothing on it is opened
 * through a link or as a pipe or device (safefile.c), the small signature
 * is read first and a foreign one ends it there, and the content file is
 * copied only when it is no larger than the configured bound, exactly as
 * many bytes as it had when opened. At start, update_select() checks what
 * is served as thoroughly as an update and falls back when it fails. What
 * became of each update goes to update.log (update_log.c).
 *
 * Fault tests steer it through WW_TEST_* environment variables (read errors,
 * a full disk, a crash after N bytes or between the renames); nothing else
 * reads them. */
#include "update.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "check.h"
#include "durable.h"
#include "safefile.h"
#include "store.h"
#include "utf8.h"

#define CHUNK (256 * 1024)
#define SWAP_TMP "swap.tmp"
#define VERIFIED_MAX 2          /* marks kept: current.db and previous.db */
#define CHECK_STEPS 10000       /* SQLite steps between two looks at the cancel flag */

static void path_in(char *out, size_t cap, const char *dir, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* A test hook's number, or -1 when it is not set. */
static long long test_hook(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? atoll(v) : -1;
}

/* A new file for a copy: whatever had the name goes first (a leftover, or
 * a link someone planted), then the file is created, never opened. */
static int create_copy(const char *path, mode_t mode)
{
	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	return open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
}

struct copy {
	int in;                 /* open for reading, at its start */
	long long size;         /* exactly as many bytes are copied */
	bool from_stick;        /* the test hooks act on copies from a stick */
	update_progress_fn progress;
	void *ctx;
	char sha256[65];        /* of what was copied */
	unsigned char blake2b[64];      /* the same: minisign's prehash, and the verified mark */
};

/* Copies c->size bytes from c->in into `out`, fsync'd, hashing them. A
 * file that turns out longer or shorter than it was when opened has been
 * changed under the kiosk's eyes: refused. */
static bool copy_fd(struct copy *c, int out, char *why, size_t whylen, enum update_why *code)
{
	long long fail_read = c->from_stick ? test_hook("WW_TEST_READ_FAILS_AFTER") : -1;
	long long fail_write = c->from_stick ? test_hook("WW_TEST_DISK_FULL_AFTER") : -1;
	long long crash = c->from_stick ? test_hook("WW_TEST_CRASH_AFTER") : -1;
	long long hang = c->from_stick ? test_hook("WW_TEST_STICK_HANGS_AFTER") : -1;
	unsigned char *buf = malloc(CHUNK);
	crypto_hash_sha256_state sha;
	crypto_generichash_state b2;
	bool ok = false;
	*code = UPDATE_WHY_WRITE;
	if (!buf) {
		snprintf(why, whylen, "the kiosk cannot write its copy: out of memory");
		goto done;
	}
	crypto_hash_sha256_init(&sha);
	crypto_generichash_init(&b2, NULL, 0, sizeof c->blake2b);
	long long copied = 0;
	for (;;) {
		if (hang >= 0 && copied >= hang)
			for (;;)
				sleep(1);   /* a test: a stick whose reads never return */
		/* One byte more than expected tells a file that grew. */
		size_t want = c->size - copied < CHUNK ? (size_t)(c->size - copied) + 1 : CHUNK;
		ssize_t n = read(c->in, buf, want);
		if (n > 0 && fail_read >= 0 && copied + n > fail_read) {
			n = -1;
			errno = EIO;
		}
		if (n < 0) {
			snprintf(why, whylen, c->from_stick ? "the stick could not be read to the end (was it pulled out?): %s"
				 : "the file could not be read to the end: %s", strerror(errno));
			*code = UPDATE_WHY_STICK_READ;
			goto done;
		}
		if (n == 0 && copied < c->size) {
			snprintf(why, whylen, "the file became shorter while it was copied (%lld of %lld bytes)",
				 copied, c->size);
			*code = UPDATE_WHY_CHANGED;
			goto done;
		}
		if (n == 0)
			break;
		if (copied + n > c->size) {
			snprintf(why, whylen, "the file grew while it was copied (more than %lld bytes)", c->size);
			*code = UPDATE_WHY_CHANGED;
			goto done;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w > 0 && fail_write >= 0 && copied + off + w > fail_write) {
				w = -1;
				errno = ENOSPC;
			}
			if (w < 0) {
				*code = errno == ENOSPC ? UPDATE_WHY_DISK_FULL : UPDATE_WHY_WRITE;
				snprintf(why, whylen, errno == ENOSPC ? "the kiosk's disk is full (%s)"
					 : "the kiosk cannot write its copy: %s", strerror(errno));
				goto done;
			}
			off += w;
		}
		crypto_hash_sha256_update(&sha, buf, (unsigned long long)n);
		crypto_generichash_update(&b2, buf, (unsigned long long)n);
		copied += n;
		if (crash >= 0 && copied >= crash)
			abort();   /* a test: the power fails mid-copy */
		if (c->progress && !c->progress(c->ctx, c->size > 0 ? (double)copied / (double)c->size : 1.0)) {
			snprintf(why, whylen, "stopped: the kiosk is shutting down");
			*code = UPDATE_WHY_CANCELLED;
			goto done;
		}
	}
	if (fsync(out) != 0) {
		snprintf(why, whylen, "the kiosk cannot write its copy: %s", strerror(errno));
		goto done;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&sha, digest);
	sodium_bin2hex(c->sha256, sizeof c->sha256, digest, sizeof digest);
	crypto_generichash_final(&b2, c->blake2b, sizeof c->blake2b);
	*code = UPDATE_WHY_NONE;
	ok = true;
done:
	free(buf);
	return ok;
}

/* Copies the regular file `src` into the new file `dst` (0600 in the data
 * folder, 0644 for `pack`). */
static bool copy_file(const char *src, const char *dst, mode_t mode, unsigned char blake2b[64], char *why,
		      size_t whylen)
{
	struct stat sb;
	struct copy c = {.in = safefile_open(AT_FDCWD, src, src, false, -1, &sb, NULL, why, whylen)};
	enum update_why code;
	if (c.in < 0)
		return false;
	c.size = (long long)sb.st_size;
	int out = create_copy(dst, mode);
	bool ok = out >= 0;
	if (!ok)
		snprintf(why, whylen, "%s: cannot create: %s", dst, strerror(errno));
	else if (!(ok = copy_fd(&c, out, why, whylen, &code)))
		remove(dst);
	if (out >= 0 && close(out) != 0 && ok) {
		snprintf(why, whylen, "%s: cannot write: %s", dst, strerror(errno));
		ok = false;
	}
	close(c.in);
	if (ok && blake2b)
		memcpy(blake2b, c.blake2b, sizeof c.blake2b);
	return ok;
}

bool update_copy_file(const char *src, const char *dst, char *why, size_t whylen)
{
	return copy_file(src, dst, 0644, NULL, why, whylen);
}

bool update_previous(const char *data_dir, long long *version, char *published, size_t cap)
{
	char path[PATH_MAX + 32], err[256];
	path_in(path, sizeof path, data_dir, UPDATE_PREVIOUS);
	struct stat sb;
	sqlite3 *db = NULL;
	struct store_meta meta;
	bool ok = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		  store_open_sqlite(path, false, &db, err, sizeof err) == SQLITE_OK &&
		  store_read_meta(db, &meta, err, sizeof err) && meta.content_version > 0;
	sqlite3_close(db);
	if (ok) {
		*version = meta.content_version;
		snprintf(published, cap, "%s", meta.published);
	}
	return ok;
}

/* The content version of a file, or 0 when it will not say. */
static long long version_of(const char *path)
{
	sqlite3 *db = NULL;
	struct store_meta meta = {0};
	char err[256];
	if (store_open_sqlite(path, false, &db, err, sizeof err) != SQLITE_OK || !store_read_meta(db, &meta, err, sizeof err))
		meta.content_version = 0;
	sqlite3_close(db);
	return meta.content_version;
}

bool update_prepare(const char *data_dir, const char *bundled, char *current, size_t cap, char *why,
		    size_t whylen)
{
	char previous[PATH_MAX + 32], incoming[PATH_MAX + 32], swap[PATH_MAX + 32], when[64], msg[512] = "";
	const char *repaired = "nothing was left to repair";
	why[0] = '\0';
	if (mkdir(data_dir, 0755) != 0 && errno != EEXIST) {
		snprintf(why, whylen, "%s: cannot create the data folder: %s", data_dir, strerror(errno));
		return false;
	}
	path_in(current, cap, data_dir, UPDATE_CURRENT);
	path_in(previous, sizeof previous, data_dir, UPDATE_PREVIOUS);
	path_in(incoming, sizeof incoming, data_dir, UPDATE_INCOMING);
	path_in(swap, sizeof swap, data_dir, SWAP_TMP);
	bool interrupted = update_log_unfinished(data_dir, when, sizeof when);
	if (remove(incoming) == 0)   /* an update cut short: its copy is worth nothing */
		repaired = "its unfinished copy was removed";
	if (!exists(current) && exists(previous) && rename(previous, current) == 0)
		repaired = "it stopped between the two renames: the previous content was put back";
	if (exists(swap)) {
		if (!exists(previous))
			rename(swap, previous);   /* a rollback cut short */
		else
			remove(swap);
	}
	if (!exists(current)) {
		unsigned char hash[64];
		if (!copy_file(bundled, incoming, 0600, hash, msg, sizeof msg) || rename(incoming, current) != 0) {
			if (!msg[0])
				snprintf(msg, sizeof msg, "%s", strerror(errno));
			remove(incoming);
			snprintf(why, whylen, "%s: cannot put the bundled content there: %s", data_dir, msg);
			return false;
		}
	}
	if (interrupted) {
		long long version = version_of(current);
		snprintf(msg, sizeof msg, "the kiosk stopped during the update started %s: %s; version %lld is in service",
			 when, repaired, version);
		update_log_line(data_dir, "interrupted", version, NULL, msg, NULL);
	}
	durable_sync(data_dir);
	return true;
}

/* ---- the check, and the marks of files that passed it -------------------- */

struct check_ctx {
	update_progress_fn progress;
	void *ctx;
	bool cancelled;
};

/* SQLite asks every CHECK_STEPS steps: non-zero interrupts the check. */
static int check_progress(void *p)
{
	struct check_ctx *c = p;
	if (c->progress && !c->progress(c->ctx, 1.0))
		c->cancelled = true;
	return c->cancelled;
}

/* The first problem `check` finds, in a line, the file called `label`. */
static bool check_copy(const char *path, const char *label, long long *version, struct check_ctx *cc, char *why,
		       size_t whylen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	struct diag d = {.out = mem, .max_shown = 1};
	sqlite3 *db = NULL;
	struct store_meta meta;
	char msg[256];
	bool ok = false;
	if (!mem) {
		snprintf(why, whylen, "out of memory");
		return false;
	}
	if (store_open_sqlite(path, false, &db, msg, sizeof msg) != SQLITE_OK) {
		diag_report(&d, DIAG_ERROR, label, 0, 0, NULL, "not an SQLite database: %s", msg);
	} else {
		if (cc)
			sqlite3_progress_handler(db, CHECK_STEPS, check_progress, cc);
		if (check_content(db, label, &d) && store_read_meta(db, &meta, msg, sizeof msg)) {
			if (version)
				*version = meta.content_version;
			ok = true;
		}
	}
	sqlite3_close(db);
	fclose(mem);
	if (!ok) {
		char *nl = text ? strchr(text, '\n') : NULL;
		if (nl)
			*nl = '\0';
		snprintf(why, whylen, "not content this kiosk can show: %s", text && *text ? text : "unknown problem");
	}
	free(text);
	return ok;
}

bool update_check_file(const char *path, long long *version, char *why, size_t whylen)
{
	/* SQLite would wait on a named pipe: look first. */
	int fd = safefile_open(AT_FDCWD, path, path, false, -1, NULL, NULL, why, whylen);
	if (fd < 0)
		return false;
	close(fd);
	return check_copy(path, path, version, NULL, why, whylen);
}

/* What identifies a file that passed: the same inode, size and time. */
struct mark {
	char checker[64];
	unsigned long long dev, ino;
	long long size, mtime_ns;
	char blake2b[129];
};

static bool mark_of(const char *path, struct mark *m)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return false;
	m->dev = (unsigned long long)sb.st_dev;
	m->ino = (unsigned long long)sb.st_ino;
	m->size = (long long)sb.st_size;
	m->mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
	return true;
}

static bool same_file(const struct mark *a, const struct mark *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_ns == b->mtime_ns;
}

/* The marks in DATA/verified (at most VERIFIED_MAX). */
static int read_marks(const char *data_dir, struct mark marks[VERIFIED_MAX])
{
	char path[PATH_MAX + 32], text[VERIFIED_MAX * 512], why[64];
	path_in(path, sizeof path, data_dir, UPDATE_VERIFIED);
	if (!safefile_read_text(AT_FDCWD, path, path, true, text, sizeof text, NULL, why, sizeof why))
		return 0;
	int n = 0;
	for (char *line = strtok(text, "\n"); line && n < VERIFIED_MAX; line = strtok(NULL, "\n")) {
		struct mark *m = &marks[n];
		if (sscanf(line, "%63[^\t]\t%llu\t%llu\t%lld\t%lld\t%128s", m->checker, &m->dev, &m->ino, &m->size,
			   &m->mtime_ns, m->blake2b) == 6 && strlen(m->blake2b) == 128)
			n++;
	}
	return n;
}

static bool hash_path(const char *path, char hex[129])
{
	unsigned char hash[64], *buf = malloc(CHUNK);
	crypto_generichash_state st;
	char why[64];
	int fd = safefile_open(AT_FDCWD, path, path, true, -1, NULL, NULL, why, sizeof why);
	ssize_t n = -1;
	if (fd >= 0 && buf) {
		crypto_generichash_init(&st, NULL, 0, sizeof hash);
		while ((n = read(fd, buf, CHUNK)) > 0)
			crypto_generichash_update(&st, buf, (unsigned long long)n);
		crypto_generichash_final(&st, hash, sizeof hash);
		sodium_bin2hex(hex, 129, hash, sizeof hash);
	}
	free(buf);
	if (fd >= 0)
		close(fd);
	return n == 0;
}

/* Did `checker` verify this very file before? Its marks must match and its
 * bytes still hash the same (a bit that rotted is a file to check again). */
static bool verified_before(const char *data_dir, const char *path, const char *checker)
{
	struct mark marks[VERIFIED_MAX], now;
	int n = read_marks(data_dir, marks);
	if (!checker[0] || !mark_of(path, &now))
		return false;
	for (int i = 0; i < n; i++) {
		char hex[129];
		if (strcmp(marks[i].checker, checker) == 0 && same_file(&marks[i], &now))
			return hash_path(path, hex) && strcmp(hex, marks[i].blake2b) == 0;
	}
	return false;
}

/* Notes that `path` passed the check (hash: its BLAKE2b-512, or NULL to
 * read it). Only marks of current.db and previous.db as they are now are
 * kept. Written whole and atomically; on failure the file is checked again
 * at the next start, which is slow but safe. */
static void mark_verified(const char *data_dir, const char *path, const char *checker,
			  const unsigned char hash[64])
{
	struct mark marks[VERIFIED_MAX], keep[VERIFIED_MAX], m = {0}, live[2];
	char names[2][PATH_MAX + 32], file[PATH_MAX + 32], tmp[PATH_MAX + 32];
	int n = read_marks(data_dir, marks), nkeep = 0;
	if (!checker[0] || !mark_of(path, &m))
		return;
	snprintf(m.checker, sizeof m.checker, "%s", checker);
	if (hash)
		sodium_bin2hex(m.blake2b, sizeof m.blake2b, hash, 64);
	else if (!hash_path(path, m.blake2b))
		return;
	path_in(names[0], sizeof names[0], data_dir, UPDATE_CURRENT);
	path_in(names[1], sizeof names[1], data_dir, UPDATE_PREVIOUS);
	bool have[2] = {mark_of(names[0], &live[0]), mark_of(names[1], &live[1])};
	keep[nkeep++] = m;
	for (int i = 0; i < n && nkeep < VERIFIED_MAX; i++)
		for (int k = 0; k < 2; k++)
			if (have[k] && same_file(&marks[i], &live[k]) && !same_file(&marks[i], &m)) {
				keep[nkeep++] = marks[i];
				break;
			}
	path_in(file, sizeof file, data_dir, UPDATE_VERIFIED);
	path_in(tmp, sizeof tmp, data_dir, UPDATE_VERIFIED ".tmp");
	int fd = create_copy(tmp, 0600);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	bool ok = fp != NULL;
	for (int i = 0; ok && i < nkeep; i++)
		ok = fprintf(fp, "%s\t%llu\t%llu\t%lld\t%lld\t%s\n", keep[i].checker, keep[i].dev, keep[i].ino,
			     keep[i].size, keep[i].mtime_ns, keep[i].blake2b) > 0;
	ok = ok && fflush(fp) == 0 && fsync(fd) == 0;
	if (fp)
		ok = fclose(fp) == 0 && ok;
	else if (fd >= 0)
		close(fd);
	if (!ok || rename(tmp, file) != 0)
		remove(tmp);
	else
		durable_sync_folder_of(file);
}

/* Passes the check, now or (marked in the data folder) before. */
static bool passes(const char *data_dir, const char *path, const char *checker, bool mark, char *why, size_t whylen)
{
	if (verified_before(data_dir, path, checker))
		return true;
	if (!update_check_file(path, NULL, why, whylen))
		return false;
	if (mark)
		mark_verified(data_dir, path, checker, NULL);
	return true;
}

bool update_select(const char *data_dir, const char *bundled, const char *checker, char *serve, size_t cap,
		   FILE *report, char *why, size_t whylen)
{
	char current[PATH_MAX + 32], previous[PATH_MAX + 32], rejected[PATH_MAX + 32], incoming[PATH_MAX + 32];
	char bad_current[512], bad_previous[512] = "there is none", bad_bundled[512], msg[1200];
	path_in(current, sizeof current, data_dir, UPDATE_CURRENT);
	path_in(previous, sizeof previous, data_dir, UPDATE_PREVIOUS);
	path_in(rejected, sizeof rejected, data_dir, UPDATE_REJECTED);
	path_in(incoming, sizeof incoming, data_dir, UPDATE_INCOMING);
	if (passes(data_dir, current, checker, true, bad_current, sizeof bad_current)) {
		snprintf(serve, cap, "%s", current);
		return true;
	}
	const char *to = NULL;
	if (exists(previous) && passes(data_dir, previous, checker, true, bad_previous, sizeof bad_previous)) {
		bool moved = rename(current, rejected) == 0 && rename(previous, current) == 0;
		snprintf(serve, cap, "%s", moved ? current : previous);
		to = "previous.db";
	} else if (passes(data_dir, bundled, checker, false, bad_bundled, sizeof bad_bundled)) {
		unsigned char hash[64];
		bool moved = (rename(current, rejected) == 0 || errno == ENOENT) &&
			     copy_file(bundled, incoming, 0600, hash, msg, sizeof msg) && rename(incoming, current) == 0;
		if (moved)
			mark_verified(data_dir, current, checker, hash);
		else
			remove(incoming);
		snprintf(serve, cap, "%s", moved ? current : bundled);
		to = "the bundled content";
	} else {
		snprintf(why, whylen, "no content passes the check: %s: %s; %s: %s; %s: %s", current, bad_current,
			 previous, bad_previous, bundled, bad_bundled);
		update_log_line(data_dir, "no content", 0, NULL, why, NULL);
		return false;
	}
	durable_sync(data_dir);
	snprintf(msg, sizeof msg, "current.db fails the check (%s): serving %s%s", bad_current, to,
		 strcmp(serve, current) == 0 ? "" : " where it is (the data folder cannot be changed)");
	update_log_line(data_dir, "fell back", version_of(serve), NULL, msg, NULL);
	if (report) {
		char safe[1200];
		utf8_escape(msg, safe, sizeof safe);
		fprintf(report, "wegweiser: %s\n", safe);
	}
	return true;
}

/* ---- taking an update over ------------------------------------------------ */

static bool keep_going(update_progress_fn progress, void *ctx, double done)
{
	return !progress || progress(ctx, done);
}

void update_apply(const struct update_config *c, const char *stick, long long current_version,
		  update_progress_fn progress, void *ctx, struct update_result *r)
{
	char incoming[PATH_MAX + 32], current[PATH_MAX + 32], previous[PATH_MAX + 32], why[400];
	long long max_bytes = c->max_bytes > 0 ? c->max_bytes : (long long)UPDATE_DEFAULT_MAX_MB << 20;
	int stick_fd = -1, dir_fd = -1, out = -1;
	struct package_sig sig;
	struct stat sb;
	struct copy copy = {.in = -1, .from_stick = true, .progress = progress, .ctx = ctx};
	enum package_fault fault;
	enum safefile_fault sfault;
	memset(r, 0, sizeof *r);
	r->why = UPDATE_WHY_OTHER;
	if (sodium_init() < 0) {
		snprintf(r->reason, sizeof r->reason, "the cryptography library cannot start");
		return;
	}
	/* First a line, so that no end of the kiosk leaves no trace of it. */
	char from[PATH_MAX + 8];
	snprintf(from, sizeof from, "from %s", stick);
	update_log_line(c->data_dir, "started", 0, NULL, from, NULL);
	path_in(incoming, sizeof incoming, c->data_dir, UPDATE_INCOMING);
	path_in(current, sizeof current, c->data_dir, UPDATE_CURRENT);
	path_in(previous, sizeof previous, c->data_dir, UPDATE_PREVIOUS);
	r->why = UPDATE_WHY_STICK_READ;
	stick_fd = open(stick, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (stick_fd < 0) {
		snprintf(r->reason, sizeof r->reason, "cannot open the stick's folder: %s", strerror(errno));
		goto refused;
	}
	dir_fd = openat(stick_fd, PACKAGE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir_fd < 0) {
		r->why = errno == ENOENT ? UPDATE_WHY_NO_SIGNATURE : errno == ELOOP || errno == ENOTDIR
			 ? UPDATE_WHY_NOT_A_FILE : UPDATE_WHY_STICK_READ;
		snprintf(r->reason, sizeof r->reason, "%s: not a folder on the stick: %s", PACKAGE_DIR, strerror(errno));
		goto refused;
	}
	/* The signature: small, read whole, and a foreign one ends it here. */
	if (!package_read_signature(dir_fd, PACKAGE_SIG + sizeof PACKAGE_DIR, PACKAGE_SIG, &sig, &fault, why,
				    sizeof why)) {
		r->why = fault == PACKAGE_FAULT_MISSING ? UPDATE_WHY_NO_SIGNATURE
			 : fault == PACKAGE_FAULT_NOT_A_FILE ? UPDATE_WHY_NOT_A_FILE
			 : fault == PACKAGE_FAULT_MALFORMED ? UPDATE_WHY_BAD_SIGNATURE : UPDATE_WHY_STICK_READ;
		if (fault == PACKAGE_FAULT_MISSING)
			snprintf(r->reason, sizeof r->reason, "the update has no signature (%s is missing)", PACKAGE_SIG);
		else
			snprintf(r->reason, sizeof r->reason, "the signature does not hold: %s", why);
		goto refused;
	}
	const struct package_key *key = package_find_key(&sig, c->keys, c->nkeys, why, sizeof why);
	if (!key) {
		snprintf(r->reason, sizeof r->reason, "the signature does not hold: %s", why);
		r->why = UPDATE_WHY_FOREIGN_KEY;
		goto refused;
	}
	/* The content file: a regular file within the bound, or nothing. */
	copy.in = safefile_open(dir_fd, PACKAGE_FILE + sizeof PACKAGE_DIR, PACKAGE_FILE, true, max_bytes, &sb, &sfault,
				why, sizeof why);
	if (copy.in < 0) {
		r->why = sfault == SAFEFILE_TOO_LARGE ? UPDATE_WHY_TOO_LARGE : sfault == SAFEFILE_NOT_REGULAR
			 ? UPDATE_WHY_NOT_A_FILE : UPDATE_WHY_STICK_READ;
		if (sfault == SAFEFILE_TOO_LARGE)
			snprintf(r->reason, sizeof r->reason, "the update is %lld MB, more than the %lld MB this kiosk "
				 "takes ([update] max_size_mb)", ((long long)sb.st_size + (1 << 20) - 1) >> 20,
				 max_bytes >> 20);
		else
			snprintf(r->reason, sizeof r->reason, "%s", why);
		goto refused;
	}
	copy.size = (long long)sb.st_size;
	struct statvfs fs;
	if (statvfs(c->data_dir, &fs) == 0 &&
	    (unsigned long long)copy.size + CHUNK > (unsigned long long)fs.f_bavail * fs.f_frsize) {
		snprintf(r->reason, sizeof r->reason, "the kiosk's disk is full (%llu MB free, the update needs %lld MB)",
			 (unsigned long long)fs.f_bavail * fs.f_frsize >> 20, (copy.size >> 20) + 1);
		r->why = UPDATE_WHY_DISK_FULL;
		goto refused;
	}
	out = create_copy(incoming, 0600);
	if (out < 0) {
		r->why = errno == ENOSPC ? UPDATE_WHY_DISK_FULL : UPDATE_WHY_WRITE;
		snprintf(r->reason, sizeof r->reason, "the kiosk cannot write its copy: %s", strerror(errno));
		goto refused;
	}
	if (!copy_fd(&copy, out, r->reason, sizeof r->reason, &r->why))
		goto refused;
	snprintf(r->sha256, sizeof r->sha256, "%s", copy.sha256);
	int closed = close(out);
	out = -1;
	if (closed != 0) {
		snprintf(r->reason, sizeof r->reason, "the kiosk cannot write its copy: %s", strerror(errno));
		r->why = UPDATE_WHY_WRITE;
		goto refused;
	}
	/* The signature over the copy: prehashed signatures over the hash the
	 * copy made, legacy ones over the bytes of the copy. */
	int legacy_fd = sig.prehashed ? -1 : safefile_open(AT_FDCWD, incoming, incoming, true, -1, NULL, NULL, why, sizeof why);
	bool signed_ok = (sig.prehashed || legacy_fd >= 0) &&
			 package_check(&sig, key, legacy_fd, sig.prehashed ? copy.blake2b : NULL, &fault, why, sizeof why);
	if (legacy_fd >= 0)
		close(legacy_fd);
	if (!signed_ok) {
		snprintf(r->reason, sizeof r->reason, "the signature does not hold: %s", why);
		r->why = fault == PACKAGE_FAULT_CHANGED ? UPDATE_WHY_CHANGED : UPDATE_WHY_OTHER;
		goto refused;
	}
	r->why = UPDATE_WHY_NOT_CONTENT;
	struct check_ctx cc = {progress, ctx, false};
	if (!check_copy(incoming, "content.db", &r->version, &cc, r->reason, sizeof r->reason)) {
		if (cc.cancelled) {
			snprintf(r->reason, sizeof r->reason, "stopped: the kiosk is shutting down");
			r->why = UPDATE_WHY_CANCELLED;
		}
		goto refused;
	}
	r->why = UPDATE_WHY_NOT_NEWER;
	if (r->version <= current_version) {
		snprintf(r->reason, sizeof r->reason,
			 "version %lld is not newer than the content in service (version %lld)", r->version,
			 current_version);
		goto refused;
	}
	if (!keep_going(progress, ctx, 1.0)) {
		snprintf(r->reason, sizeof r->reason, "stopped: the kiosk is shutting down");
		r->why = UPDATE_WHY_CANCELLED;
		goto refused;
	}
	r->why = UPDATE_WHY_WRITE;
	if (exists(current) && rename(current, previous) != 0) {
		snprintf(r->reason, sizeof r->reason, "cannot keep the old content: %s", strerror(errno));
		goto refused;
	}
	if (test_hook("WW_TEST_CRASH_BETWEEN_RENAMES") >= 0)
		abort();   /* a test: the power fails mid-swap */
	if (rename(incoming, current) != 0) {
		snprintf(r->reason, sizeof r->reason, "cannot put the new content in service: %s", strerror(errno));
		rename(previous, current);
		goto refused;
	}
	durable_sync(c->data_dir);
	mark_verified(c->data_dir, current, c->checker, copy.blake2b);
	r->applied = true;
	r->why = UPDATE_WHY_NONE;
	goto done;
refused:
	if (out >= 0)
		close(out);
	out = -1;
	remove(incoming);
	durable_sync(c->data_dir);
done:
	if (copy.in >= 0)
		close(copy.in);
	if (dir_fd >= 0)
		close(dir_fd);
	if (stick_fd >= 0)
		close(stick_fd);
}

const char *update_why_name(enum update_why why)
{
	static const char *const names[] = {
		"none", "no_signature", "foreign_key", "changed", "bad_signature", "not_content", "not_newer",
		"stick_read", "disk_full", "write", "other", "too_large", "not_a_file", "cancelled",
	};
	return names[why];
}

bool update_rollback(const char *data_dir, char *why, size_t whylen)
{
	char current[PATH_MAX + 32], previous[PATH_MAX + 32], swap[PATH_MAX + 32];
	path_in(current, sizeof current, data_dir, UPDATE_CURRENT);
	path_in(previous, sizeof previous, data_dir, UPDATE_PREVIOUS);
	path_in(swap, sizeof swap, data_dir, SWAP_TMP);
	if (!exists(previous)) {
		snprintf(why, whylen, "there is no previous content to go back to");
		return false;
	}
	if (rename(current, swap) != 0 || rename(previous, current) != 0 || rename(swap, previous) != 0) {
		snprintf(why, whylen, "the rollback failed: %s", strerror(errno));
		return false;
	}
	durable_sync(data_dir);
	return true;
}

void update_log(const char *data_dir, const char *what, const struct update_result *r)
{
	update_log_line(data_dir, what, r->version, r->sha256, r->reason,
		 r->why == UPDATE_WHY_NONE ? NULL : update_why_name(r->why));
}
