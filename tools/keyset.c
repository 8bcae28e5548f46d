/* keyset — which keys a CSV file has had, and on which line.
 *
 * The build looks up every slug and id that one file names in another
 * (a group's topics, a text's topic) and reports duplicates with the line
 * of the first occurrence, so staff can find both. An open-addressing hash
 * table of copied keys; it grows by doubling and never shrinks. */
#include "keyset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

struct slot {
	char *key;
	long line;
	long long id;
};

struct keyset {
	struct slot *slots;
	size_t cap, used;
};

struct keyset *keyset_new(void)
{
	struct keyset *k = calloc(1, sizeof *k);
	if (k) {
		k->cap = 256;
		k->slots = calloc(k->cap, sizeof *k->slots);
		if (!k->slots) {
			free(k);
			return NULL;
		}
	}
	return k;
}

void keyset_free(struct keyset *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->cap; i++)
		free(k->slots[i].key);
	free(k->slots);
	free(k);
}

static struct slot *find(const struct keyset *k, const char *key)
{
	size_t i = hash_string(key) & (k->cap - 1);
	while (k->slots[i].key && strcmp(k->slots[i].key, key) != 0)
		i = (i + 1) & (k->cap - 1);
	return &k->slots[i];
}

static bool grow(struct keyset *k)
{
	struct keyset bigger = {.cap = k->cap * 2};
	bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
	if (!bigger.slots)
		return false;
	for (size_t i = 0; i < k->cap; i++)
		if (k->slots[i].key)
			*find(&bigger, k->slots[i].key) = k->slots[i];
	free(k->slots);
	k->slots = bigger.slots;
	k->cap = bigger.cap;
	return true;
}

long keyset_add(struct keyset *k, const char *key, long line, long long id)
{
	if ((k->used + 1) * 4 > k->cap * 3 && !grow(k))
		return -1;
	struct slot *s = find(k, key);
	if (s->key)
		return s->line;
	s->key = strdup(key);
	if (!s->key)
		return -1;
	s->line = line;
	s->id = id;
	k->used++;
	return 0;
}

long long keyset_id(const struct keyset *k, const char *key)
{
	const struct slot *s = find(k, key);
	return s->key ? s->id : 0;
}
