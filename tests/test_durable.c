/* fsync of a file and of the folder holding a path (kiosk/durable.c), on
 * real files, folders and symlinks. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "durable.h"
#include "helpers.h"

LEAKFREE_TEST(durable, syncs_files_and_folders)
{
	char *dir = scratch_dir(), *file = path_join(dir, "a.db"), *link = path_join(dir, "link");
	write_file(file, "x", 1);
	cr_assert(durable_sync(file));
	cr_assert(durable_sync(dir));
	cr_assert_eq(symlink(file, link), 0);
	cr_assert(durable_sync(link), "a symlink is followed");
	errno = 0;
	cr_assert_not(durable_sync("/nonexistent-wegweiser/a.db"));
	cr_assert_eq(errno, ENOENT);
	free(file), free(link);
	scratch_remove(dir);
}

LEAKFREE_TEST(durable, syncs_the_folder_not_the_file)
{
	char *dir = scratch_dir(), *gone = path_join(dir, "renamed-away.db");
	/* The file itself need not exist (it may just have been removed). */
	cr_assert(durable_sync_folder_of(gone), "%s", strerror(errno));
	cr_assert(durable_sync_folder_of("no-folder-in-this-name.db"), "the current folder");
	cr_assert(durable_sync_folder_of("/vmlinuz-or-not"), "the root folder");
	errno = 0;
	cr_assert_not(durable_sync_folder_of("/nonexistent-wegweiser/a.db"));
	cr_assert_eq(errno, ENOENT);

	char *name = malloc(PATH_MAX + 16);
	memset(name, 'a', PATH_MAX + 8);
	name[PATH_MAX + 8] = '/';
	name[PATH_MAX + 9] = 'f';
	name[PATH_MAX + 10] = '\0';
	errno = 0;
	cr_assert_not(durable_sync_folder_of(name));
	cr_assert_eq(errno, ENAMETOOLONG);
	free(name);
	free(gone);
	scratch_remove(dir);
}
