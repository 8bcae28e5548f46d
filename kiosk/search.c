/* search — finding topics, contact points, groups and pages by words.
 *
 * The index is built once, by the staff tool, from the statements below: the
 * kiosk never builds it at start. Its text is folded with fold_text() (the
 * SQL function fold()), the same function the kiosk applies to what a
 * visitor types, so both sides of a comparison are spelt alike. */
#include "search.h"

#include <stdlib.h>

#include "fold.h"

const char *const search_index_sources[] = {
	"SELECT 'topic', topic_id, lang, 'name', name, fold(name) FROM topic_text",
	"SELECT 'topic', topic_id, lang, 'summary', summary, fold(summary) FROM topic_text"
	" WHERE summary <> ''",
	"SELECT 'alias', topic_id, lang, 'alias', alias, fold(alias) FROM alias",
	"SELECT 'contact', id, NULL, 'name', name, fold(name) FROM contact_point",
	"SELECT 'contact', id, NULL, 'town', town, fold(town) FROM contact_point",
	"SELECT 'contact', id, NULL, 'postcode', postcode, postcode FROM contact_point",
	"SELECT 'group', id, NULL, 'name', name, fold(name) FROM self_help_group",
	"SELECT 'page', page_id, lang, 'title', title, fold(title) FROM page_text",
	NULL,
};

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

int search_register_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function(db, "fold", 1, flags, NULL, sql_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "fold_letter", 1, flags, NULL, sql_fold_letter,
					     NULL, NULL);
	return rc;
}
