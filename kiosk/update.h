/* update — new content from a USB stick, taken over atomically, with rollback. */
#ifndef WW_UPDATE_H
#define WW_UPDATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "package.h"
#include "update_log.h"

#define UPDATE_CURRENT "current.db"
#define UPDATE_PREVIOUS "previous.db"
#define UPDATE_INCOMING "incoming.tmp"
#define UPDATE_REJECTED "rejected.db"   /* a current.db that failed the check at start */
#define UPDATE_VERIFIED "verified"      /* which files passed the check, and by which program */

#define UPDATE_DEFAULT_MAX_MB 512       /* [update] max_size_mb */
#define UPDATE_MAX_MB_LIMIT 65536

struct update_config {
	char data_dir[PATH_MAX];
	struct package_key keys[PACKAGE_MAX_KEYS];
	int nkeys;
	long long max_bytes;    /* the largest content.db taken; 0: UPDATE_DEFAULT_MAX_MB */
	char checker[64];       /* the program that checks ("wegweiser 0.2.0"): a file
				   verified by another version is checked again */
};

/* Makes the data folder ready at start: creates it, removes a stale
 * incoming.tmp (an update cut short), puts previous.db back as current.db
 * when a swap was cut short between its two renames, and copies `bundled`
 * in when there is no current.db yet. When update.log ends with an update
 * that "started" and never ended, logs how it ended ("interrupted", what was
 * repaired, the version now in service). The path of current.db goes to
 * `current`. False with why, naming the folder (read-only, full, …): the
 * kiosk then serves the bundled content as it is. */
bool update_prepare(const char *data_dir, const char *bundled, char *current, size_t cap, char *why,
		    size_t whylen);

/* Checks a content file like `wegweiser-content check` (the first problem
 * in `why`, naming the file); its content version in *version (may be
 * NULL). A pipe or a device is refused, not opened. */
bool update_check_file(const char *path, long long *version, char *why, size_t whylen);

/* Picks what to serve at start: current.db if it passes the check, else
 * previous.db (current.db kept aside as rejected.db), else the bundled
 * content copied in; each fallback is logged to update.log and said on
 * `report`. A file the same program verified before (same file, size, time
 * and BLAKE2b, in DATA/verified) is not checked again. When the folder
 * cannot be written, the file that passed is served where it is. The path
 * to serve goes to `serve`; false when nothing passes (why). */
bool update_select(const char *data_dir, const char *bundled, const char *checker, char *serve, size_t cap,
		   FILE *report, char *why, size_t whylen);

/* Why an update was refused, for the staff's own language. */
enum update_why {
	UPDATE_WHY_NONE, UPDATE_WHY_NO_SIGNATURE, UPDATE_WHY_FOREIGN_KEY, UPDATE_WHY_CHANGED,
	UPDATE_WHY_BAD_SIGNATURE, UPDATE_WHY_NOT_CONTENT, UPDATE_WHY_NOT_NEWER, UPDATE_WHY_STICK_READ,
	UPDATE_WHY_DISK_FULL, UPDATE_WHY_WRITE, UPDATE_WHY_OTHER, UPDATE_WHY_TOO_LARGE, UPDATE_WHY_NOT_A_FILE,
	UPDATE_WHY_CANCELLED
};
/* "no_signature", "foreign_key", …: the UI string key is "update_why_" NAME. */
const char *update_why_name(enum update_why why);

/* The content version and date of DATA_DIR/previous.db; false when there
 * is none (or it will not say). */
bool update_previous(const char *data_dir, long long *version, char *published, size_t cap);

struct update_result {
	bool applied;
	enum update_why why;    /* the kind of reason */
	long long version;      /* of the update's content, 0 if not known */
	char sha256[65];        /* of the update's file, "" if not read */
	char reason[512];       /* why it was refused, in plain (English) words, for the log */
};

/* Called while the file is copied (the part done, 0..1) and while it is
 * checked (1): false stops the update (UPDATE_WHY_CANCELLED). */
typedef bool (*update_progress_fn)(void *ctx, double done);

/* Checks the update in `stick` (a folder holding wegweiser/content.db and
 * its .minisig) and takes it over if it passes. First logs "started". Then,
 * in this order, before any of it is read as content: the signature file
 * (a regular file of a few hundred bytes, never a link) and that a trusted
 * key made it; content.db a regular file (never a link or a pipe) no larger
 * than c->max_bytes, with room for it on the data disk; a private copy of
 * exactly that many bytes into the data folder (mode 0600, so the stick
 * cannot change under the checks); the signature over the copy; SQLite's
 * checks, the schema version and every rule of `check` on the copy; that
 * its content version is newer than `current_version`. Then current.db
 * becomes previous.db and the copy current.db, with fsyncs. On any failure
 * current.db is as it was, byte for byte, and the copy is removed. Runs in
 * a worker thread: it touches nothing but files, and never waits on a
 * file that is not a regular one. */
void update_apply(const struct update_config *c, const char *stick, long long current_version,
		  update_progress_fn progress, void *ctx, struct update_result *r);

/* Copies a regular file into a new file `dst` (created, mode 0644),
 * fsync'd (for `pack`). False with why. */
bool update_copy_file(const char *src, const char *dst, char *why, size_t whylen);

/* Puts previous.db back in service, the current content becoming
 * previous.db (so a rollback can be undone). False with why. */
bool update_rollback(const char *data_dir, char *why, size_t whylen);

/* Logs an update's outcome `what` in the data folder's update.log
 * (update_log_line). */
void update_log(const char *data_dir, const char *what, const struct update_result *r);

#endif
