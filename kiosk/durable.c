/* durable — making a written file and its name survive a power cut.
 *
 * Every file the kiosk and the tool publish (a built content file, an
 * update taken over, the statistics, a package on a stick) is written to a
 * temporary name, fsync'd, renamed, and then its folder is fsync'd: without
 * the last step the rename may be lost while the old name's data is gone.
 * That last step lives here, once. Nothing here writes or renames. */
#include "durable.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool durable_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	int saved = errno;
	if (close(fd) != 0)
		return false;
	errno = saved;
	return ok;
}

bool durable_sync_folder_of(const char *path)
{
	char folder[PATH_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash)
		return durable_sync(".");
	if (slash == path)
		return durable_sync("/");
	if (slash - path >= (long)sizeof folder) {
		errno = ENAMETOOLONG;
		return false;
	}
	snprintf(folder, sizeof folder, "%.*s", (int)(slash - path), path);
	return durable_sync(folder);
}
