/* arena — many small allocations, freed together.
 *
 * The search vocabulary (search.c) and the CSV reader (tools/csvfile.c)
 * each keep hundreds of thousands of short strings that live exactly as
 * long as their owner: one malloc per block instead of one per string, and
 * one free of the chain at the end. Nothing is freed singly and nothing
 * moves, so pointers into an arena stay valid until arena_free(). */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct block {
	struct block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block *top;      /* the block being filled; older ones follow */
	size_t block_bytes;
};

struct arena *arena_new(size_t block_bytes)
{
	struct arena *a = calloc(1, sizeof *a);
	if (a)
		a->block_bytes = block_bytes ? block_bytes : 1;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	while (a->top) {
		struct block *next = a->top->next;
		free(a->top);
		a->top = next;
	}
	free(a);
}

/* `n` bytes at an offset that is a multiple of `align` (a power of two). */
static void *take(struct arena *a, size_t n, size_t align)
{
	struct block *b = a->top;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || at > b->cap || b->cap - at < n) {
		size_t cap = n > a->block_bytes ? n : a->block_bytes;
		if (cap > SIZE_MAX - sizeof *b)
			return NULL;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->next = a->top;
		b->cap = cap;
		a->top = b;
		at = 0;
	}
	b->used = at + n;
	return b->data + at;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return take(a, n, alignof(max_align_t));
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = take(a, n + 1, 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}
