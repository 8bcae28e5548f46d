/* safefile — opening a file that may be anything: a link, a pipe, a device,
 * a sparse 4 GB file.
 *
 * Every file the kiosk reads from a stick, and every file named in its
 * configuration (the config itself, the content, the keys), is opened here:
 * with O_NONBLOCK, so that opening a named pipe returns at once instead of
 * waiting for a writer that never comes; optionally with O_NOFOLLOW, so a
 * link planted on a stick cannot point the kiosk at /etc/shadow; then fstat
 * on what was opened (not on the name, which may change meanwhile) for a
 * regular file within a size bound. What it refuses, it says in a line
 * naming the file. It never writes. */
#include "safefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *kind_of(mode_t mode)
{
	return S_ISDIR(mode) ? "a folder" : S_ISFIFO(mode) ? "a named pipe" : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
	       : S_ISSOCK(mode) ? "a socket" : S_ISLNK(mode) ? "a symbolic link" : "not a plain file";
}

int safefile_open(int dirfd, const char *name, const char *label, bool nofollow, long long max_bytes,
		  struct stat *sb, enum safefile_fault *fault, char *why, size_t whylen)
{
	enum safefile_fault ignored;
	struct stat own;
	if (!fault)
		fault = &ignored;
	if (!sb)
		sb = &own;
	*fault = SAFEFILE_OK;
	int fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	if (fd < 0) {
		int err = errno;
		struct stat lsb;
		if (err == ENOENT) {
			*fault = SAFEFILE_MISSING;
			snprintf(why, whylen, "%s: cannot read: no such file", label);
		} else if (err == ELOOP && nofollow && fstatat(dirfd, name, &lsb, AT_SYMLINK_NOFOLLOW) == 0 &&
			   S_ISLNK(lsb.st_mode)) {
			*fault = SAFEFILE_NOT_REGULAR;
			snprintf(why, whylen, "%s: a symbolic link, not a file: not followed", label);
		} else {
			*fault = SAFEFILE_UNREADABLE;
			snprintf(why, whylen, "%s: cannot read: %s", label, strerror(err));
		}
		return -1;
	}
	if (fstat(fd, sb) != 0) {
		*fault = SAFEFILE_UNREADABLE;
		snprintf(why, whylen, "%s: cannot read: %s", label, strerror(errno));
	} else if (!S_ISREG(sb->st_mode)) {
		*fault = SAFEFILE_NOT_REGULAR;
		snprintf(why, whylen, "%s: %s, not a file", label, kind_of(sb->st_mode));
	} else if (max_bytes >= 0 && (long long)sb->st_size > max_bytes) {
		*fault = SAFEFILE_TOO_LARGE;
		snprintf(why, whylen, "%s: %lld bytes, more than the %lld allowed", label, (long long)sb->st_size,
			 max_bytes);
	} else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		*fault = SAFEFILE_UNREADABLE;
		snprintf(why, whylen, "%s: cannot read: %s", label, strerror(errno));
	}
	if (*fault != SAFEFILE_OK) {
		close(fd);
		return -1;
	}
	return fd;
}

bool safefile_read_text(int dirfd, const char *name, const char *label, bool nofollow, char *buf, size_t cap,
			enum safefile_fault *fault, char *why, size_t whylen)
{
	enum safefile_fault ignored;
	if (!fault)
		fault = &ignored;
	buf[0] = '\0';
	int fd = safefile_open(dirfd, name, label, nofollow, (long long)cap - 1, NULL, fault, why, whylen);
	if (fd < 0)
		return false;
	size_t got = 0;
	ssize_t n = 1;
	/* The size was checked, but a file can grow while it is read. */
	while (got < cap && (n = read(fd, buf + got, cap - got)) > 0)
		got += (size_t)n;
	int err = errno;
	close(fd);
	if (n < 0) {
		*fault = SAFEFILE_UNREADABLE;
		snprintf(why, whylen, "%s: cannot read: %s", label, strerror(err));
		return false;
	}
	if (got == cap) {
		*fault = SAFEFILE_TOO_LARGE;
		snprintf(why, whylen, "%s: more than the %zu bytes allowed", label, cap - 1);
		buf[0] = '\0';
		return false;
	}
	buf[got] = '\0';
	if (memchr(buf, '\0', got)) {
		*fault = SAFEFILE_NOT_TEXT;
		snprintf(why, whylen, "%s: not a text file", label);
		buf[0] = '\0';
		return false;
	}
	return true;
}
