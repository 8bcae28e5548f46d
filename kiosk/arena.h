/* arena — many small allocations, freed together. */
#ifndef WW_ARENA_H
#define WW_ARENA_H

#include <stddef.h>

struct arena;

/* An empty arena that takes memory from malloc `block_bytes` at a time
 * (an allocation larger than that gets a block of its own). NULL when out
 * of memory. */
struct arena *arena_new(size_t block_bytes);

/* Frees the arena and everything allocated from it. Accepts NULL. */
void arena_free(struct arena *a);

/* `n` bytes, aligned for any type, valid until arena_free(); NULL when
 * out of memory. */
void *arena_alloc(struct arena *a, size_t n);

/* A NUL-terminated copy of the `n` bytes at `s` (which need no NUL), packed
 * without alignment; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

#endif
