/* update — new content from a USB stick, taken over atomically, with rollback. */
#ifndef WW_UPDATE_H
#define WW_UPDATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "package.h"

#define UPDATE_CURRENT "current.db"
#define UPDATE_PREVIOUS "previous.db"
#define UPDATE_INCOMING "incoming.tmp"
#define UPDATE_LOG "update.log"

struct update_config {
	char data_dir[PATH_MAX];
	struct package_key keys[PACKAGE_MAX_KEYS];
	int nkeys;
};

/* Makes the data folder ready at start: creates it, removes a stale
 * incoming.tmp (an update cut short), puts previous.db back as current.db
 * when a swap was cut short between its two renames, and copies `bundled`
 * in when there is no current.db yet. The path of current.db goes to
 * `current`. False with why. */
bool update_prepare(const char *data_dir, const char *bundled, char *current, size_t cap, char *why,
		    size_t whylen);

/* Why an update was refused, for the staff's own language. */
enum update_why {
	UPDATE_WHY_NONE, UPDATE_WHY_NO_SIGNATURE, UPDATE_WHY_FOREIGN_KEY, UPDATE_WHY_CHANGED,
	UPDATE_WHY_BAD_SIGNATURE, UPDATE_WHY_NOT_CONTENT, UPDATE_WHY_NOT_NEWER, UPDATE_WHY_STICK_READ,
	UPDATE_WHY_DISK_FULL, UPDATE_WHY_WRITE, UPDATE_WHY_OTHER
};
/* "no_signature", "foreign_key", …: the UI string key is "update_why_" NAME. */
const char *update_why_name(enum update_why why);

struct update_result {
	bool applied;
	enum update_why why;    /* the kind of reason */
	long long version;      /* of the update's content, 0 if not known */
	char sha256[65];        /* of the update's file, "" if not read */
	char reason[512];       /* why it was refused, in plain (English) words, for the log */
};

/* Called while the file is copied, with the part done (0..1). */
typedef void (*update_progress_fn)(void *ctx, double done);

/* Checks the update in `stick` (a folder holding wegweiser/content.db and
 * its .minisig) and takes it over if it passes. In this order, before any
 * of it is read as content: a private copy into the data folder (so the
 * stick cannot change under the checks), its signature by a trusted key,
 * then SQLite's checks, the schema version and every rule of `check` on that
 * copy, then that its content version is newer than `current_version`.
 * Then current.db becomes previous.db and the copy current.db, with fsyncs.
 * On any failure current.db is as it was, byte for byte, and the copy is
 * removed. Runs in a worker thread: it touches nothing but files. */
void update_apply(const struct update_config *c, const char *stick, long long current_version,
		  update_progress_fn progress, void *ctx, struct update_result *r);

/* Copies a file into a new file `dst`, fsync'd (for `pack` too). False
 * with why. */
bool update_copy_file(const char *src, const char *dst, char *why, size_t whylen);

/* Puts previous.db back in service, the current content becoming
 * previous.db (so a rollback can be undone). False with why. */
bool update_rollback(const char *data_dir, char *why, size_t whylen);

/* Appends one line to the data folder's update.log:
 * TIME<TAB>RESULT<TAB>version N<TAB>sha256 HEX<TAB>REASON (fsync'd). */
void update_log(const char *data_dir, const char *what, const struct update_result *r);

#endif
