/* durable — making a written file and its name survive a power cut. */
#ifndef WW_DURABLE_H
#define WW_DURABLE_H

#include <stdbool.h>

/* fsync()s the file or folder at `path`. False with errno set. */
bool durable_sync(const char *path);

/* fsync()s the folder that holds `path` ("." when it names no folder), so
 * that a file created, renamed or removed there stays so after a crash.
 * Call it after the rename() that publishes a file. False with errno set. */
bool durable_sync_folder_of(const char *path);

#endif
