/* store_near — where a visitor is, and the contact points near them.
 *
 * A postcode becomes a place (the nearest the content knows, never one in
 * another region), a place gives the contact points by distance, and a
 * postcode finds the contact points whose areas hold it, the narrowest
 * area first. The queries are store.c's (store_internal.h); the contact
 * points' areas are read once, at the first question about them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "store_internal.h"

/* A postcode sharing fewer first digits is in another region: a place
 * guessed from it would look like an answer and be wrong. */
#define LOCATE_DIGITS_MIN 3

enum store_status store_locate_postcode(struct store *s, const char *postcode, struct store_place *out)
{
	if (strlen(postcode) != 5 || strspn(postcode, "0123456789") != 5)
		return STORE_NOT_FOUND;
	for (int digits = 5; digits >= LOCATE_DIGITS_MIN; digits--) {
		sqlite3_stmt *st = store_query(s, Q_POSTCODE, NULL);
		if (!st)
			return STORE_FAILED;
		sqlite3_bind_text(st, 1, postcode, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, digits);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			store_copy_column(st, 0, out->postcode, sizeof out->postcode);
			store_copy_column(st, 1, out->town, sizeof out->town);
			out->lat = sqlite3_column_double(st, 2);
			out->lon = sqlite3_column_double(st, 3);
			out->exact = digits == 5;
			sqlite3_reset(st);
			return STORE_FOUND;
		}
		if (store_rows_read(s, Q_POSTCODE, st, rc, 0) < 0)
			return STORE_FAILED;
	}
	return STORE_NOT_FOUND;   /* none near enough to stand in for it */
}

static int by_distance(const void *pa, const void *pb)
{
	const struct store_near *a = pa, *b = pb;
	if ((a->km < 0) != (b->km < 0))
		return a->km < 0 ? 1 : -1;   /* unknown places last */
	if (a->km != b->km)
		return a->km < b->km ? -1 : 1;
	int c = strcmp(a->name, b->name);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

int store_contacts_near(struct store *s, double lat, double lon, struct store_near *rows, int max)
{
	sqlite3_stmt *st = store_query(s, Q_CONTACT_PLACES, NULL);
	if (!st || max <= 0)
		return -1;
	struct store_near *all = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_near *room = store_room_for_row(Q_CONTACT_PLACES, all, &cap, n, sizeof *all,
							     STORE_MAX_CONTACT_POINTS);
		if (!room) {
			free(all);
			sqlite3_reset(st);
			return -1;
		}
		all = room;
		struct store_near *r = &all[n++];
		r->id = sqlite3_column_int64(st, 0);
		store_copy_column(st, 1, r->name, sizeof r->name);
		store_copy_column(st, 2, r->postcode, sizeof r->postcode);
		store_copy_column(st, 3, r->town, sizeof r->town);
		r->km = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1
			: store_km_between(lat, lon, sqlite3_column_double(st, 4), sqlite3_column_double(st, 5));
	}
	if (store_rows_read(s, Q_CONTACT_PLACES, st, rc, n) < 0) {
		free(all);
		return -1;
	}
	qsort(all, (size_t)n, sizeof *all, by_distance);
	if (n > max)
		n = max;
	if (n)
		memcpy(rows, all, (size_t)n * sizeof *rows);
	free(all);
	return n;
}

/* Reads every contact point's areas into s->areas. False (logged) on a
 * failed query, a list that is no list of areas (check refuses such a
 * file), more than STORE_MAX_AREAS, or no memory. */
static bool read_areas(struct store *s)
{
	sqlite3_stmt *st = store_query(s, Q_CONTACT_AREAS, NULL);
	int cap = 0, rc = SQLITE_DONE;
	if (!st)
		return false;
	s->nareas = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct area areas[AREAS_MAX];
		const char *why, *text = (const char *)sqlite3_column_text(st, 1);
		int k = text ? areas_parse(text, areas, NULL, 0, &why) : -1;
		if (k < 0) {
			fprintf(stderr, "wegweiser: the content file's contact point %lld has areas that are no list"
				" of areas\n", (long long)sqlite3_column_int64(st, 0));
			break;
		}
		for (int i = 0; i < k; i++) {
			struct store_area *room = store_room_for_row(Q_CONTACT_AREAS, s->areas, &cap, s->nareas,
								     sizeof *s->areas, STORE_MAX_AREAS);
			if (!room)
				goto fail;
			s->areas = room;
			s->areas[s->nareas++] = (struct store_area){areas[i], sqlite3_column_int64(st, 0)};
		}
	}
	if (store_rows_read(s, Q_CONTACT_AREAS, st, rc, 0) < 0 || rc == SQLITE_ROW)
		goto fail;
	s->areas_read = true;
	return true;
fail:
	sqlite3_reset(st);
	free(s->areas);
	s->areas = NULL;
	s->nareas = 0;
	return false;
}

static int narrowest_first(const void *pa, const void *pb)
{
	const struct store_area *a = pa, *b = pb;
	int wa = area_size(a->area), wb = area_size(b->area);
	if (wa != wb)
		return wa < wb ? -1 : 1;
	return (a->contact_id > b->contact_id) - (a->contact_id < b->contact_id);
}

int store_contacts_for_postcode(struct store *s, const char *postcode, struct store_near *rows, int max)
{
	if (max <= 0 || (!s->areas_read && !read_areas(s)))
		return -1;
	if (strlen(postcode) != 5 || strspn(postcode, "0123456789") != 5)
		return 0;
	int code = atoi(postcode), nhits = 0, n = 0;
	for (int i = 0; i < s->nareas; i++)
		nhits += s->areas[i].area.low <= code && code <= s->areas[i].area.high;
	if (nhits == 0)
		return 0;
	struct store_area *hits = fault_malloc((size_t)nhits * sizeof *hits);
	if (!hits) {
		store_out_of_memory(Q_CONTACT_AREAS);
		return -1;
	}
	nhits = 0;
	for (int i = 0; i < s->nareas; i++)
		if (s->areas[i].area.low <= code && code <= s->areas[i].area.high)
			hits[nhits++] = s->areas[i];
	qsort(hits, (size_t)nhits, sizeof *hits, narrowest_first);
	for (int i = 0; i < nhits && n < max; i++) {
		bool named = false;   /* by a narrower area of the same contact point */
		for (int k = 0; k < n; k++)
			named |= rows[k].id == hits[i].contact_id;
		sqlite3_stmt *st;
		enum store_status found = named ? STORE_NOT_FOUND
						: store_one_row(s, Q_CONTACT_ROW, NULL, NULL, hits[i].contact_id, &st);
		if (found == STORE_FAILED) {
			n = -1;
			break;
		}
		if (found == STORE_NOT_FOUND)
			continue;
		struct store_near *r = &rows[n++];
		r->id = sqlite3_column_int64(st, 0);
		store_copy_column(st, 1, r->name, sizeof r->name);
		store_copy_column(st, 2, r->postcode, sizeof r->postcode);
		store_copy_column(st, 3, r->town, sizeof r->town);
		r->km = -1;
		sqlite3_reset(st);
	}
	free(hits);
	return n;
}
