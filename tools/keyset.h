/* keyset — which keys a CSV file has had, and on which line. */
#ifndef WW_KEYSET_H
#define WW_KEYSET_H

#include <stdbool.h>

struct keyset;

struct keyset *keyset_new(void);
void keyset_free(struct keyset *k);     /* accepts NULL */

/* Adds `key` with its source line and an id. Returns 0 when it is new (or
 * memory ran out: -1), or the line where it was first seen. */
long keyset_add(struct keyset *k, const char *key, long line, long long id);

/* The id stored for `key`, or 0 when there is none. */
long long keyset_id(const struct keyset *k, const char *key);

#endif
