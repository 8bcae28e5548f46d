/* search — finding topics, contact points, groups and pages by words. */
#ifndef WW_SEARCH_H
#define WW_SEARCH_H

#include <sqlite3.h>
#include <stddef.h>

#include "rules.h"

#define SEARCH_MAX_QUERY 200    /* bytes of a query that are looked at */
#define SEARCH_MAX_WORDS 8      /* words of a query that are looked at */
#define SEARCH_MAX_PARTS 4      /* known words a typed compound is split into */
#define SEARCH_MAX_RESULTS 1000 /* results one search returns at most */

/* Registers the SQL functions fold(text), fold_letter(text) (see fold.h) and
 * search_key(text) on a connection. Returns an SQLite result code. */
int search_register_functions(sqlite3 *db);

/* What the search index holds: SELECT statements yielding
 * (kind, ref_id, lang, field, text, folded) rows, NULL-terminated. The tool
 * fills search_entry from them; `check` verifies search_entry against them. */
extern const char *const search_index_sources[];

/* The form in which a query and the indexed texts are compared: normalised
 * and folded (fold.h), then "ae", "oe", "ue" written as "a", "o", "u" (so
 * Zoeliakie, Zöliakie and Zoliakie are spelt alike), every run of anything
 * but letters and digits as one space, no space at either end. A new malloc'd
 * string (NULL when out of memory); its length goes to *keylen if not NULL. */
char *search_key_dup(const char *in, size_t len, size_t *keylen);

enum search_kind { SEARCH_TOPIC, SEARCH_CONTACT, SEARCH_GROUP, SEARCH_PAGE };

/* How well a result matched, best first. */
enum search_match {
	MATCH_EXACT,    /* the name is what was typed (but minor words) */
	MATCH_ALIAS,    /* another word for it (alias, the name in another language, a
			   contact point's town or postcode) is what was typed */
	MATCH_PREFIX,   /* the name begins with what was typed */
	MATCH_ALIAS_PREFIX,     /* another word for it begins with it */
	MATCH_WORD,     /* each word typed begins or is inside a word of a name or alias */
	MATCH_STEM,     /* some only as another form of the word (kifft: Kiffen) */
	MATCH_PART,     /* some only by the parts of a compound typed (Blutzucker: Zucker) */
	MATCH_SUMMARY,  /* some only in the topic's summary */
	MATCH_FUZZY,    /* with one or two letters wrong, missing, doubled or swapped */
};

/* Which text matched; earlier ones win a tie. */
enum search_field {
	FIELD_NAME, FIELD_ALIAS, FIELD_OTHER_NAME, FIELD_OTHER_ALIAS, FIELD_TOWN, FIELD_POSTCODE,
	FIELD_SUMMARY
};

struct search_result {
	enum search_kind kind;
	enum search_match match;
	enum search_field field;
	int covered;                    /* characters of the typed words it matched */
	int typos;                      /* letters off, for MATCH_FUZZY */
	int loose;                      /* words met only inside a compound or as another form */
	long long id;
	char target[LIMIT_SLUG + 16];   /* "topic:diabetes", "contact:3" */
	/* Valid until the next search_run() or search_close(): */
	const char *title;              /* in the asked language */
	const char *via;                /* the text that matched if not the title ("Zucker"), or "" */
	/* Where it is, to tell alike names apart: a contact point's postcode
	 * and town; a group's meeting place's, else its contact point's; or "". */
	const char *postcode, *town;
	const char *sort_key;
};

/* The ranking, in one place: results that cover more of what was typed
 * (in characters of the words that matched) first; then those that match
 * without typing errors, then those met only in a summary, then those with
 * typing errors; then topics, contact points, groups, info pages; then by
 * how they matched, by typing errors, by words met loosely, by the field that
 * matched, by sort key. A qsort() comparator. */
int search_compare(const void *a, const void *b);

struct search;

/* Reads the search index into memory: the words of every name, alias,
 * summary, town and group name, and which texts hold them (group names
 * themselves stay in the file). NULL with a message in `err`. */
struct search *search_open(sqlite3 *db, char *err, size_t errlen);
void search_close(struct search *s);   /* accepts NULL; forgets first (search_forget()) */
/* Wipes what is kept of the last query (its words, folded): the idle reset
 * leaves nothing a visitor typed. Accepts NULL. */
void search_forget(struct search *s);

/* Up to `max` (at most SEARCH_MAX_RESULTS) results for what a visitor typed,
 * best first, with titles in `lang`. Returns their number (0 when nothing matched), -1 on error. */
int search_run(struct search *s, const char *query, const char *lang,
	       struct search_result *out, int max);

/* Why a result matched, in a few words ("Zucker → Diabetes", "word in name"). */
void search_reason(const struct search_result *r, char *buf, size_t size);
const char *search_kind_name(enum search_kind k);

#endif
