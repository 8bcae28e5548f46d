/* The one arena allocator (kiosk/arena.c): what it hands out stays put and
 * intact until the end, whatever the sizes; ASan sees every overrun. */
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "helpers.h"

LEAKFREE_TEST(arena, free_accepts_null)
{
	arena_free(NULL);
	arena_free(arena_new(64));   /* empty: no block was taken */
}

LEAKFREE_TEST(arena, copies_stay_intact_across_blocks)
{
	struct arena *a = arena_new(64);
	cr_assert_not_null(a);
	char *copies[1000];
	for (int i = 0; i < 1000; i++) {
		char word[32];
		int n = snprintf(word, sizeof word, "wort-%d", i);
		copies[i] = arena_strndup(a, word, (size_t)n);
		cr_assert_not_null(copies[i]);
	}
	/* Larger than a block: a block of its own, and the arena goes on. */
	char big[300];
	memset(big, 'x', sizeof big);
	char *long_copy = arena_strndup(a, big, sizeof big);
	char *after = arena_strndup(a, "danach", 6);
	for (int i = 0; i < 1000; i++) {
		char word[32];
		snprintf(word, sizeof word, "wort-%d", i);
		cr_assert_str_eq(copies[i], word);
	}
	cr_assert_eq(strlen(long_copy), sizeof big);
	cr_assert_str_eq(after, "danach");
	/* Strings are packed: the next copy starts right after the NUL. */
	char *x = arena_strndup(a, "ab", 2), *y = arena_strndup(a, "c", 1);
	cr_assert_eq(y, x + 3);
	cr_assert_str_eq(arena_strndup(a, "", 0), "");
	arena_free(a);
}

LEAKFREE_TEST(arena, allocations_are_aligned_for_any_type)
{
	struct arena *a = arena_new(100);
	for (int i = 0; i < 50; i++) {
		arena_strndup(a, "ungerade", (size_t)(i % 7));
		long double *p = arena_alloc(a, (size_t)(1 + i % 13) * sizeof *p);
		cr_assert_not_null(p);
		cr_assert_eq((uintptr_t)p % alignof(max_align_t), 0, "allocation %d misaligned", i);
		p[0] = (long double)i;   /* UBSan checks the access */
	}
	cr_assert_null(arena_strndup(a, "", SIZE_MAX), "a size that cannot be met is refused");
	cr_assert_null(arena_alloc(a, SIZE_MAX - 8));
	arena_free(a);
}
