/* check — is this file Wegweiser content the kiosk can serve? */
#ifndef WW_CHECK_H
#define WW_CHECK_H

#include <sqlite3.h>
#include <stdbool.h>

#include "diag.h"

/* Runs every check on an open connection (read-only is enough): SQLite
 * integrity, the schema exactly as this program defines it, the schema
 * version, foreign keys, every field rule (rules.h), languages and
 * translations, images, derived columns and the search index. Reports
 * through `d` with `label` (normally the file name) as location. Returns
 * true when no error was found; warnings (missing translations) do not
 * count. */
bool check_content(sqlite3 *db, const char *label, struct diag *d);

/* The translation part on its own: a text missing in the default language is
 * an error, in another language a warning. With `csv_names` the messages
 * name the CSV file the text belongs in (for the tool's build). */
void check_translations(sqlite3 *db, const char *label, bool csv_names, struct diag *d);

#endif
