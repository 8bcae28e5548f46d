/* store_internal — what the files of the content store share: the store
 * itself, its prepared queries, and the helpers that run them and read
 * their rows. Only kiosk/store*.c include it; everything else goes through
 * store.h. */
#ifndef WW_STORE_INTERNAL_H
#define WW_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "areas.h"
#include "store.h"

enum query {
	Q_INDEX, Q_TOPIC, Q_TOPIC_GROUPS, Q_TOPIC_GROUP_COUNT, Q_TOPIC_CONTACTS, Q_TOPIC_RELATED,
	Q_PAGES, Q_GROUP_TOPICS, Q_CONTACT, Q_GROUP, Q_PAGE, Q_MEDIA, Q_POSTCODE, Q_CONTACT_PLACES,
	Q_CONTACT_AREAS, Q_CONTACT_ROW, Q_SERVICES, Q_COUNT
};


/* One postcode area of one contact point. */
struct store_area {
	struct area area;
	long long contact_id;
};

struct store {
	sqlite3 *db;
	int fault;              /* the query made to fail (WW_FAULT), or -1 */
	struct store_meta meta;
	char default_lang[3];
	sqlite3_stmt *st[Q_COUNT];
	/* Every contact point's areas, read at the first question about them. */
	struct store_area *areas;
	int nareas;
	bool areas_read;
};

/* The prepared statement for query q, reset, with the two languages bound;
 * NULL (logged) when it cannot be prepared. */
sqlite3_stmt *store_query(struct store *s, enum query q, const char *lang);
/* Says that query q failed, and why. */
void store_failed(struct store *s, enum query q, int rc);
/* Runs query q for the one row keyed by ?3: a slug, or else an id. When
 * found, *row is the statement on that row (the caller reads it, then
 * resets it). */
enum store_status store_one_row(struct store *s, enum query q, const char *lang, const char *slug,
				long long id, sqlite3_stmt **row);
/* Ends reading the rows of query q: -1 (logged) when the steps stopped on
 * an error rather than at the end, else n. */
int store_rows_read(struct store *s, enum query q, sqlite3_stmt *st, int rc, int n);
/* The array `rows` (of *cap rows of `size` bytes) with room for row `n`
 * of query q, doubled as needed up to `max` rows; it may have moved. NULL
 * (logged), with `rows` as it was for the caller to free, when out of
 * memory or when row `n` would be one more than `max`: content that checks
 * never has that many, so it is a failure, not a list to cut short. */
void *store_room_for_row(enum query q, void *rows, int *cap, int n, size_t size, int max);
/* Says that query q's rows found no memory. */
void store_out_of_memory(enum query q);
/* Column col of the row as text into dst ("" for NULL). */
void store_copy_column(sqlite3_stmt *st, int col, char *dst, size_t cap);
/* Great-circle distance in kilometres (haversine). */
double store_km_between(double lat1, double lon1, double lat2, double lon2);

#endif
