/* search_key — the form in which the search compares texts, and the SQL
 * functions that give it to the staff tool.
 *
 * The index is built once, by the staff tool, from search_index_sources: the
 * kiosk never builds it at start. Indexed texts (through the SQL function
 * search_key()) and typed queries (search.c) both go through
 * search_key_dup(), so both sides of a comparison are spelt alike: one
 * Unicode form, folded, umlauts any way, words separated by one space. The
 * tool's build registers the functions here; check compares search_entry
 * with what the sources yield. Pure functions: nothing kept between calls. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "search_internal.h"

const char *const search_index_sources[] = {
	"SELECT 'topic', topic_id, lang, 'name', name, search_key(name) FROM topic_text",
	"SELECT 'topic', topic_id, lang, 'summary', summary, search_key(summary) FROM topic_text"
	" WHERE summary <> ''",
	"SELECT 'alias', topic_id, lang, 'alias', alias, search_key(alias) FROM alias",
	"SELECT 'contact', id, NULL, 'name', name, search_key(name) FROM contact_point",
	"SELECT 'contact', id, NULL, 'town', town, search_key(town) FROM contact_point",
	"SELECT 'contact', id, NULL, 'postcode', postcode, postcode FROM contact_point",
	"SELECT 'group', id, NULL, 'name', name, search_key(name) FROM self_help_group",
	"SELECT 'page', page_id, lang, 'title', title, search_key(title) FROM page_text",
	NULL,
};

/* ---- the compared form of a text ------------------------------------------ */

/* Letters and digits; what is not (spaces, punctuation, dashes, quotes)
 * separates words. */
static bool is_word_char(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
	return !(cp <= 0xBF || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
		 cp == 0xD7 || cp == 0xF7);
}

/* The key of folded text, written over it: the key is never longer. */
static size_t key_of_folded(char *out, size_t n)
{
	size_t k = 0;
	bool gap = false;
	for (const char *p = out, *end = out + n; p < end;) {
		const char *start = p;
		int32_t cp = utf8_next(&p, (size_t)(end - p));
		if (!is_word_char(cp)) {
			gap = k > 0;
			continue;
		}
		if (gap)
			out[k++] = ' ';
		gap = false;
		/* Writing behind the reading position. */
		memmove(out + k, start, (size_t)(p - start));
		k += (size_t)(p - start);
		/* ae, oe, ue: the spelling of ä, ö, ü without umlauts */
		if (cp == 'e' && k >= 2 && (out[k - 2] == 'a' || out[k - 2] == 'o' || out[k - 2] == 'u'))
			k--;
	}
	out[k] = '\0';
	return k;
}

char *search_key_buffer(const char *in, size_t len, size_t *keylen, size_t *size)
{
	size_t n;
	char *out = fold_normalize(in, len, &n);
	if (!out)
		return NULL;
	*size = n + 1;
	n = key_of_folded(out, fold_text(out, n, out));   /* folding never makes text longer */
	if (keylen)
		*keylen = n;
	return out;
}

char *search_key_dup(const char *in, size_t len, size_t *keylen)
{
	size_t size;
	return search_key_buffer(in, len, keylen, &size);
}

/* ---- SQL functions ----------------------------------------------------------- */

static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	char *out = fold_dup(in);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, out, -1, free);
}

static void sql_fold_letter(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	char letter[2] = {in ? fold_letter(in) : '#', '\0'};
	sqlite3_result_text(ctx, letter, 1, SQLITE_TRANSIENT);
}

static void sql_search_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	size_t len;
	char *out = search_key_dup(in, (size_t)sqlite3_value_bytes(argv[0]), &len);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, out, (int)len, free);
}

int search_register_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function(db, "fold", 1, flags, NULL, sql_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "fold_letter", 1, flags, NULL, sql_fold_letter,
					     NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "search_key", 1, flags, NULL, sql_search_key,
					     NULL, NULL);
	return rc;
}
