/* fault — allocations a test can make fail, to prove the kiosk survives.
 *
 * A kiosk runs for years on a modest machine; one day an allocation fails.
 * The paths a visitor drives (a screen's state, the text cache, the store's
 * rows, SQLite underneath) allocate through here, so that a test can make
 * the Nth of them fail (WW_FAULT=alloc:N[:COUNT], in the style of
 * store.c's WW_FAULT=query:NAME) and check that the kiosk keeps its screen,
 * says what happened and comes back once memory is there again. Counting
 * starts with fault_arm() (the kiosk calls it after its first frame: a
 * start that fails is another story, told by its own tests), so the same
 * script counts the same allocations every run. Only the thread that armed
 * it (the UI thread) counts: the search opening in the background and the
 * update's worker allocate when the machine's load lets them, so counting
 * them made the Nth allocation another one from run to run. Without
 * WW_FAULT=alloc this is a load and a branch per allocation, and nothing
 * else. WW_FAULT=picture:N aims at one path the count cannot: a picture's
 * pixels (picture.c); WW_FAULT=speech[:N] at a kiosk without sound (for N
 * visitors). */
#include "fault.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_bool armed;
static atomic_long counted, failed, pictures;
static long first_failing, failing_count;
static pthread_t counting;      /* the thread that armed it */

static void report(void)
{
	fprintf(stderr, "wegweiser: WW_FAULT: %ld allocations counted, %ld made to fail\n", atomic_load(&counted),
		atomic_load(&failed));
}

void fault_arm(void)
{
	const char *spec = getenv("WW_FAULT");
	long n = 0, count = 1;
	char tail;
	if (!spec || strncmp(spec, "alloc:", 6) != 0 || atomic_load(&armed))
		return;
	int got = sscanf(spec + 6, "%ld:%ld%c", &n, &count, &tail);
	if ((got != 1 && got != 2) || n < 0 || count < 1) {
		fprintf(stderr, "wegweiser: WW_FAULT=%s: not alloc:N or alloc:N:COUNT; no faults\n", spec);
		return;
	}
	first_failing = n;
	failing_count = n ? count : 0;
	atexit(report);
	counting = pthread_self();
	atomic_store(&armed, true);
}

bool fault_alloc_fails(void)
{
	if (!atomic_load_explicit(&armed, memory_order_relaxed) || !pthread_equal(pthread_self(), counting))
		return false;
	long n = atomic_fetch_add(&counted, 1) + 1;
	if (n < first_failing || n >= first_failing + failing_count)
		return false;
	atomic_fetch_add(&failed, 1);
	fprintf(stderr, "wegweiser: WW_FAULT: allocation %ld made to fail\n", n);
	return true;
}

/* NULL as it came, said on stderr: a failed allocation is worth a line in
 * the journal, whoever handles it. */
static void *said(void *p, size_t size)
{
	if (!p)
		fprintf(stderr, "wegweiser: out of memory: %zu bytes\n", size);
	return p;
}

void *fault_malloc(size_t size)
{
	return said(fault_alloc_fails() ? NULL : malloc(size), size);
}

void *fault_calloc(size_t n, size_t size)
{
	return said(fault_alloc_fails() ? NULL : calloc(n, size), n * size);
}

void *fault_realloc(void *p, size_t size)
{
	return said(fault_alloc_fails() ? NULL : realloc(p, size), size);
}

bool fault_picture_fails(void)
{
	const char *spec = getenv("WW_FAULT");
	long n = 0;
	char tail;
	if (!spec || sscanf(spec, "picture:%ld%c", &n, &tail) != 1 || atomic_fetch_add(&pictures, 1) >= n)
		return false;
	fprintf(stderr, "wegweiser: WW_FAULT: a picture's decoding made to fail\n");
	return true;
}

static atomic_long speech_retries;

bool fault_speech_fails(void)
{
	const char *spec = getenv("WW_FAULT");
	long n = 0;
	char tail;
	if (!spec)
		return false;
	if (strcmp(spec, "speech") == 0)
		return true;
	return sscanf(spec, "speech:%ld%c", &n, &tail) == 1 && atomic_load(&speech_retries) < n;
}

void fault_speech_retried(void)
{
	atomic_fetch_add(&speech_retries, 1);
}
