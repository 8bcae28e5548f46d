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
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "durable.h"
#include "store.h"

#define CHUNK (256 * 1024)
#define SWAP_TMP "swap.tmp"

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

/* Copies src to dst (created new), fsync'd, with the SHA-256 of what was
 * copied and progress calls. The test hooks act on copies from a stick. */
static bool copy_file(const char *src, const char *dst, bool from_stick, update_progress_fn progress, void *ctx,
		      char sha256[65], char *why, size_t whylen, enum update_why *code)
{
	*code = UPDATE_WHY_STICK_READ;
	long long fail_read = from_stick ? test_hook("WW_TEST_READ_FAILS_AFTER") : -1;
	long long fail_write = from_stick ? test_hook("WW_TEST_DISK_FULL_AFTER") : -1;
	long long crash = from_stick ? test_hook("WW_TEST_CRASH_AFTER") : -1;
	int in = open(src, O_RDONLY), out = -1;
	unsigned char *buf = malloc(CHUNK);
	crypto_hash_sha256_state sha;
	struct stat sb;
	bool ok = false;
	if (in < 0 || fstat(in, &sb) != 0) {
		snprintf(why, whylen, "the update cannot be read from the stick: %s", strerror(errno));
		goto done;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	*code = UPDATE_WHY_WRITE;
	if (out < 0 || !buf) {
		snprintf(why, whylen, "the kiosk cannot write its copy: %s", buf ? strerror(errno) : "out of memory");
		goto done;
	}
	crypto_hash_sha256_init(&sha);
	long long copied = 0;
	for (;;) {
		ssize_t n = read(in, buf, CHUNK);
		if (n > 0 && fail_read >= 0 && copied + n > fail_read) {
			n = -1;
			errno = EIO;
		}
		if (n < 0) {
			snprintf(why, whylen, "the stick could not be read to the end (was it pulled out?): %s",
				 strerror(errno));
			*code = UPDATE_WHY_STICK_READ;
			goto done;
		}
		if (n == 0)
			break;
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
		copied += n;
		if (crash >= 0 && copied >= crash)
			abort();   /* a test: the power fails mid-copy */
		if (progress)
			progress(ctx, sb.st_size > 0 ? (double)copied / (double)sb.st_size : 1.0);
	}
	if (fsync(out) != 0) {
		snprintf(why, whylen, "the kiosk cannot write its copy: %s", strerror(errno));
		goto done;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&sha, digest);
	sodium_bin2hex(sha256, 65, digest, sizeof digest);
	*code = UPDATE_WHY_NONE;
	ok = true;
done:
	free(buf);
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && ok) {
		snprintf(why, whylen, "the kiosk cannot write its copy: %s", strerror(errno));
		ok = false;
	}
	return ok;
}

bool update_copy_file(const char *src, const char *dst, char *why, size_t whylen)
{
	char sha[65];
	enum update_why code;
	return copy_file(src, dst, false, NULL, NULL, sha, why, whylen, &code);
}

bool update_prepare(const char *data_dir, const char *bundled, char *current, size_t cap, char *why,
		    size_t whylen)
{
	char previous[PATH_MAX + 32], incoming[PATH_MAX + 32], swap[PATH_MAX + 32], sha[65];
	enum update_why code;
	why[0] = '\0';
	if (mkdir(data_dir, 0755) != 0 && errno != EEXIST) {
		snprintf(why, whylen, "%s: cannot create the data folder: %s", data_dir, strerror(errno));
		return false;
	}
	path_in(current, cap, data_dir, UPDATE_CURRENT);
	path_in(previous, sizeof previous, data_dir, UPDATE_PREVIOUS);
	path_in(incoming, sizeof incoming, data_dir, UPDATE_INCOMING);
	path_in(swap, sizeof swap, data_dir, SWAP_TMP);
	remove(incoming);   /* an update cut short: its copy is worth nothing */
	if (!exists(current) && exists(previous))
		rename(previous, current);   /* a swap cut short between its renames */
	if (exists(swap)) {
		if (!exists(previous))
			rename(swap, previous);   /* a rollback cut short */
		else
			remove(swap);
	}
	if (!exists(current)) {
		if (!copy_file(bundled, incoming, false, NULL, NULL, sha, why, whylen, &code) || rename(incoming, current) != 0) {
			remove(incoming);
			if (!why[0])
				snprintf(why, whylen, "%s: cannot install the bundled content", current);
			return false;
		}
	}
	durable_sync(data_dir);
	return true;
}

/* The first problem `check` finds, in a line. */
static bool check_copy(const char *path, long long *version, char *why, size_t whylen)
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
	if (store_open_sqlite(path, false, &db, msg, sizeof msg) != SQLITE_OK)
		diag_report(&d, DIAG_ERROR, "content.db", 0, 0, NULL, "not an SQLite database: %s", msg);
	else if (check_content(db, "content.db", &d) && store_read_meta(db, &meta, msg, sizeof msg)) {
		*version = meta.content_version;
		ok = true;
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

void update_apply(const struct update_config *c, const char *stick, long long current_version,
		  update_progress_fn progress, void *ctx, struct update_result *r)
{
	char file[PATH_MAX + 64], sig[PATH_MAX + 64], incoming[PATH_MAX + 32], current[PATH_MAX + 32],
		previous[PATH_MAX + 32];
	memset(r, 0, sizeof *r);
	r->why = UPDATE_WHY_OTHER;
	if (sodium_init() < 0) {
		snprintf(r->reason, sizeof r->reason, "the cryptography library cannot start");
		return;
	}
	snprintf(file, sizeof file, "%s/%s", stick, PACKAGE_FILE);
	snprintf(sig, sizeof sig, "%s/%s", stick, PACKAGE_SIG);
	path_in(incoming, sizeof incoming, c->data_dir, UPDATE_INCOMING);
	path_in(current, sizeof current, c->data_dir, UPDATE_CURRENT);
	path_in(previous, sizeof previous, c->data_dir, UPDATE_PREVIOUS);
	if (!exists(sig)) {
		snprintf(r->reason, sizeof r->reason, "the update has no signature (%s is missing)", PACKAGE_SIG);
		r->why = UPDATE_WHY_NO_SIGNATURE;
		return;
	}
	if (!copy_file(file, incoming, true, progress, ctx, r->sha256, r->reason, sizeof r->reason, &r->why))
		goto refused;
	char why[400];
	enum package_fault fault;
	if (!package_verify(incoming, sig, c->keys, c->nkeys, NULL, 0, why, sizeof why, &fault)) {
		snprintf(r->reason, sizeof r->reason, "the signature does not hold: %s", why);
		r->why = fault == PACKAGE_FAULT_FOREIGN_KEY ? UPDATE_WHY_FOREIGN_KEY
			 : fault == PACKAGE_FAULT_CHANGED ? UPDATE_WHY_CHANGED
			 : fault == PACKAGE_FAULT_MALFORMED ? UPDATE_WHY_BAD_SIGNATURE : UPDATE_WHY_OTHER;
		goto refused;
	}
	r->why = UPDATE_WHY_NOT_CONTENT;
	if (!check_copy(incoming, &r->version, r->reason, sizeof r->reason))
		goto refused;
	r->why = UPDATE_WHY_NOT_NEWER;
	if (r->version <= current_version) {
		snprintf(r->reason, sizeof r->reason,
			 "version %lld is not newer than the content in service (version %lld)", r->version,
			 current_version);
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
	r->applied = true;
	r->why = UPDATE_WHY_NONE;
	return;
refused:
	remove(incoming);
	durable_sync(c->data_dir);
}

const char *update_why_name(enum update_why why)
{
	static const char *const names[] = {
		"none", "no_signature", "foreign_key", "changed", "bad_signature", "not_content", "not_newer",
		"stick_read", "disk_full", "write", "other",
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
	char path[PATH_MAX + 32], stamp[32], line[1024];
	path_in(path, sizeof path, data_dir, UPDATE_LOG);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	int n = snprintf(line, sizeof line, "%s\t%s\tversion %lld\tsha256 %s\t%s\n", stamp, what, r->version,
			 r->sha256[0] ? r->sha256 : "-", r->reason[0] ? r->reason : "-");
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, n < (int)sizeof line ? (size_t)n : sizeof line - 1) > 0)
		fsync(fd);
	close(fd);
}
