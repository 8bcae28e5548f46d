/* pagein — the window's pixels given memory beside the first frame.
 *
 * The software renderer draws the first frame into a window surface fresh
 * from the X server's shared memory: 8 MB at 1920x1080, 33 MB on a 4K
 * stele. The kernel gives each of its pages memory (and zeroes it) on the
 * first write, so the first frame paid some 2,000 page faults, 5 ms of its
 * drawing on our machines. A thread started with the window asks the
 * kernel for those pages (MADV_POPULATE_WRITE), from the last to the first,
 * while the main thread draws from the top, so half the faults fall on
 * another core. (The screen is laid out before the window is there,
 * startup.c: the pages going in the same order as the drawing, the two
 * threads mostly waited on the same pages.)
 *
 * It must never change the pixels or stall the main thread: the advice
 * writes nothing, and it goes in pieces of 256 KiB because the kernel holds
 * the process's memory map for each call, which the main thread's own
 * allocations may wait for. Called by main.c. */
#define _DEFAULT_SOURCE   /* madvise, MADV_POPULATE_WRITE */
#include "pagein.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14 */
#endif

#define PIECE (256 * 1024)

struct pagein {
	pthread_t thread;
	char *p;
	size_t len;
	bool whole;
};

static void *populate(void *arg)
{
	struct pagein *pi = arg;
	pi->whole = true;
	/* From the end back: the first frame draws from the top down, so the
	 * two meet in the middle instead of faulting the same pages. */
	for (size_t end = pi->len; end > 0;) {
		size_t n = end < PIECE ? end : PIECE;
		end -= n;
		if (madvise(pi->p + end, n, MADV_POPULATE_WRITE) != 0) {
			pi->whole = false;
			break;
		}
	}
	return NULL;
}

struct pagein *pagein_start(void *p, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t first = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t end = ((uintptr_t)p + len) & ~(page - 1);
	if (!p || end <= first)
		return NULL;
	struct pagein *pi = calloc(1, sizeof *pi);
	if (!pi)
		return NULL;
	pi->p = (char *)first;
	pi->len = end - first;
	if (pthread_create(&pi->thread, NULL, populate, pi) != 0) {
		free(pi);
		return NULL;
	}
	return pi;
}

bool pagein_finish(struct pagein *pi)
{
	if (!pi)
		return false;
	pthread_join(pi->thread, NULL);
	bool whole = pi->whole;
	free(pi);
	return whole;
}
