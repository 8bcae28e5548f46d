/* hash — the one string hash of the kiosk and the tool. */
#ifndef WW_HASH_H
#define WW_HASH_H

#include <stddef.h>
#include <stdint.h>

/* What hash_more() starts from (FNV-1a's offset basis). */
#define HASH_START 14695981039346656037ULL

/* Folds `n` bytes of `s` into the hash `h` (FNV-1a, 64 bits): hashing a key
 * in pieces gives the same as hashing it whole. Not for anything an
 * attacker may choose to collide: the tables using it bound their input. */
uint64_t hash_more(uint64_t h, const void *s, size_t n);

/* The hash of `n` bytes: hash_more(HASH_START, s, n). */
uint64_t hash_bytes(const void *s, size_t n);

/* The hash of a NUL-terminated string, without its NUL. */
uint64_t hash_string(const char *s);

#endif
