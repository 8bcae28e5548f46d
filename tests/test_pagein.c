/* The window's pixels given memory beside the first frame (kiosk/pagein.c),
 * on shared memory as the X server hands the window's pixels out: every
 * whole page gets its memory, no byte changes, not even one the main thread
 * writes meanwhile. */
#define _DEFAULT_SOURCE   /* mincore */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include "helpers.h"
#include "pagein.h"

#define SEGMENT (4 << 20)

/* How many pages of [p, p + len) (page-aligned) have memory. */
static size_t resident(const char *p, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), n = len / page, count = 0;
	unsigned char *in = malloc(n);
	cr_assert(in);
	cr_assert_eq(mincore((void *)p, len, in), 0);
	for (size_t i = 0; i < n; i++)
		count += in[i] & 1;
	free(in);
	return count;
}

LEAKFREE_TEST(pagein, every_page_gets_memory_and_no_byte_changes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = SEGMENT / page;
	int id = shmget(IPC_PRIVATE, SEGMENT, IPC_CREAT | 0600);
	cr_assert_geq(id, 0);
	char *seg = shmat(id, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	cr_assert_neq(seg, (void *)-1);
	/* Written before: the first byte of every 64th page. */
	for (size_t i = 0; i < pages; i += 64)
		seg[i * page] = (char)(1 + i % 200);
	cr_assert_eq(resident(seg, SEGMENT), (pages + 63) / 64, "the other pages have no memory yet");

	/* A surface that starts and ends inside a page: only whole pages. */
	struct pagein *pi = pagein_start(seg + 100, SEGMENT - 200);
	cr_assert(pi);
	/* Written while it runs: the second half, as a frame would. */
	memset(seg + SEGMENT / 2, 0x5A, SEGMENT / 2 - 200);
	cr_assert(pagein_finish(pi), "the kernel took the advice (Linux 5.14 or later)");

	cr_assert_eq(resident(seg, SEGMENT), pages);
	for (size_t i = 0; i < pages / 2; i++)
		cr_assert_eq(seg[i * page], i % 64 ? 0 : (char)(1 + i % 200), "page %zu changed", i);
	for (size_t i = SEGMENT / 2; i < SEGMENT - 200; i++)
		if (seg[i] != 0x5A)
			cr_assert_fail("byte %zu, written beside it, changed", i);
	cr_assert_eq(shmdt(seg), 0);
}

LEAKFREE_TEST(pagein, a_range_without_a_whole_page_starts_nothing)
{
	char small[64];
	cr_assert_null(pagein_start(small, sizeof small));
	cr_assert_null(pagein_start(NULL, 1 << 20));
	cr_assert_not(pagein_finish(NULL));
}
