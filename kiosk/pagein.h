/* pagein — the window's pixels given memory beside the first frame. */
#ifndef WW_PAGEIN_H
#define WW_PAGEIN_H

#include <stdbool.h>
#include <stddef.h>

struct pagein;

/* Starts a thread that gives every whole page of [p, p + len) its memory,
 * as writing to it would, without changing a byte: the caller may read and
 * write the range all the while. NULL when there is nothing to do or no
 * thread (the pages then come as they are first written, as always). */
struct pagein *pagein_start(void *p, size_t len);

/* Waits for the thread and frees it; accepts NULL. The range must stay
 * mapped until then. True if every page was given its memory, false if
 * the kernel could not (before Linux 5.14, or short of memory). */
bool pagein_finish(struct pagein *pi);

#endif
