/* hash — the one string hash of the kiosk and the tool.
 *
 * The text cache (text.c), the search vocabulary (search.c) and the tool's
 * key sets (tools/keyset.c) look strings up in hash tables; they all hash
 * here, so a better function, if one is ever needed, is one change. FNV-1a:
 * short keys (words, slugs, a style and a line of text) hash well enough
 * and fast, with no state and no allocation. */
#include "hash.h"

#define FNV_PRIME 1099511628211ULL

uint64_t hash_more(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

uint64_t hash_bytes(const void *s, size_t n)
{
	return hash_more(HASH_START, s, n);
}

uint64_t hash_string(const char *s)
{
	uint64_t h = HASH_START;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * FNV_PRIME;
	return h;
}
