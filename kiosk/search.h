/* search — finding topics, contact points, groups and pages by words. */
#ifndef WW_SEARCH_H
#define WW_SEARCH_H

#include <sqlite3.h>

/* Registers the SQL functions fold(text) and fold_letter(text) (see fold.h)
 * on a connection. Returns an SQLite result code. */
int search_register_functions(sqlite3 *db);

/* What the search index holds: SELECT statements yielding
 * (kind, ref_id, lang, field, text, folded) rows, NULL-terminated. The tool
 * fills search_entry from them; `check` verifies search_entry against them. */
extern const char *const search_index_sources[];

#endif
