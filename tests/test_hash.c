/* The one string hash (kiosk/hash.c), against FNV-1a's published values. */
#include <string.h>

#include "hash.h"
#include "helpers.h"

LEAKFREE_TEST(hash, is_fnv1a_64)
{
	/* From the FNV reference test suite (isthe.com/chongo/tech/comp/fnv). */
	cr_assert_eq(hash_bytes("", 0), 0xcbf29ce484222325ULL);
	cr_assert_eq(hash_bytes("a", 1), 0xaf63dc4c8601ec8cULL);
	cr_assert_eq(hash_bytes("foobar", 6), 0x85944171f73967e8ULL);
	cr_assert_eq(hash_string("foobar"), 0x85944171f73967e8ULL);
	cr_assert_eq(hash_string(""), HASH_START);
}

LEAKFREE_TEST(hash, pieces_hash_like_the_whole)
{
	const char *key = "34/0/Zöliakie";
	uint64_t whole = hash_bytes(key, strlen(key));
	cr_assert_eq(hash_more(hash_bytes(key, 5), key + 5, strlen(key) - 5), whole);
	cr_assert_eq(hash_string(key), whole);
	cr_assert_neq(hash_string("Zöliakie"), hash_string("Zoliakie"));
}
