/* safefile — opening a file that may be anything: a link, a pipe, a device,
 * a sparse 4 GB file. */
#ifndef WW_SAFEFILE_H
#define WW_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

enum safefile_fault {
	SAFEFILE_OK,
	SAFEFILE_MISSING,       /* no such file */
	SAFEFILE_NOT_REGULAR,   /* a folder, a named pipe, a device, a socket, or (nofollow) a link */
	SAFEFILE_TOO_LARGE,     /* more than the bound */
	SAFEFILE_NOT_TEXT,      /* safefile_read_text: a NUL byte inside */
	SAFEFILE_UNREADABLE,    /* any other error */
};

/* Opens `name` for reading, relative to the folder open at `dirfd` (or
 * AT_FDCWD), without ever waiting: a named pipe or a device is refused, not
 * read. With `nofollow` a symbolic link is refused too. Checks after opening
 * (fstat) that it is a regular file of at most `max_bytes` (< 0: any size).
 * Returns the descriptor, with *sb filled (may be NULL), or -1 with the
 * fault (may be NULL) and "LABEL: why" in `why`. */
int safefile_open(int dirfd, const char *name, const char *label, bool nofollow, long long max_bytes,
		  struct stat *sb, enum safefile_fault *fault, char *why, size_t whylen);

/* The whole of a small regular file as text, NUL-terminated, into `buf`: at
 * most `cap` - 1 bytes (more is SAFEFILE_TOO_LARGE), no NUL byte inside. */
bool safefile_read_text(int dirfd, const char *name, const char *label, bool nofollow, char *buf, size_t cap,
			enum safefile_fault *fault, char *why, size_t whylen);

#endif
