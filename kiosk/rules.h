/* rules — what a valid field of the content looks like. */
#ifndef WW_RULES_H
#define WW_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "areas.h"

/* Text limits in characters. content/schema.sql repeats them as CHECK
 * constraints (tests/test_rules.c keeps the two in step). */
enum {
	LIMIT_SLUG = 64,
	LIMIT_META_TEXT = 200,
	LIMIT_TOPIC_NAME = 120,
	LIMIT_SUMMARY = 600,
	LIMIT_ALIAS = 80,
	LIMIT_STOP_WORD = 40,
	LIMIT_NAME = 160,       /* contact point, street, group, page title */
	LIMIT_TOWN = 100,
	LIMIT_HOURS = 600,      /* also accessibility, group note */
	LIMIT_DESCRIPTION = 1000,
	LIMIT_SCHEDULE = 300,   /* also place; a service's description and hours */
	LIMIT_BODY = 20000,
	LIMIT_ALT = 300,
	LIMIT_MEDIA_BYTES = 2 * 1024 * 1024,
	LIMIT_IMAGE_SIDE = 2000,        /* pixels: decoded, at most 16 MB */
	LIMIT_EMAIL = 254,      /* RFC 5321 */
	LIMIT_WEB = 500,        /* a QR code of level M still scans well */
	LIMIT_PHONE = 32,       /* a phone number as written: "+49 (0)30 23125-111" */
	/* Not in the schema: these limit what a CSV cell may hold. */
	LIMIT_META_KEY = 40,
	LIMIT_PATH = 255,       /* an image's file name */
	LIMIT_LIST = 2000,      /* a list of slugs (related topics, a group's topics) */
	LIMIT_GROUP_TOPICS = 32,        /* topics one group names */
	/* A topic's sort key, folded: a name folds to at most twice its
	 * characters (ß -> ss), and a name's fold is the default sort key. */
	LIMIT_SORT_KEY = 2 * LIMIT_TOPIC_NAME,
};

/* The kinds of field. Each rule accepts what staff type in a spreadsheet
 * (for RULE_PHONE a national German number, for coordinates a decimal
 * comma) and yields the one stored form. */
enum rule {
	RULE_TEXT,      /* any UTF-8 text without control characters but newline/tab */
	RULE_LINE,      /* one line: no newline either */
	RULE_WORD,      /* one line that the search takes for one word (search_key_dup()) */
	RULE_SLUG,      /* a-z 0-9 '-', not starting with '-' */
	RULE_LANG,      /* two small letters */
	RULE_ID,        /* positive integer */
	RULE_INT,       /* integer */
	RULE_PHONE,     /* stored as written, spaces tidied; dialled as E.164 */
	RULE_SERVICE_PHONE,     /* RULE_PHONE, or a short number of 3 to 6
				   digits (110, 116 117), dialled as its digits */
	RULE_EMAIL,
	RULE_WEB,       /* https:// and a host (never http://) */
	RULE_POSTCODE,  /* five digits */
	RULE_LAT,
	RULE_LON,
	RULE_BOOL,      /* stored as 0 or 1 */
	RULE_DATE,      /* YYYY-MM-DD, a real date */
	RULE_AREAS,     /* postcode prefixes and ranges (areas.h), stored tidied */
};

/* Longest stored form of a rule that rewrites its value, with the NUL: a
 * list of areas is the longest. */
#define RULE_NORM_MAX (AREAS_TEXT_MAX + 1)

/* Longest number to dial, with the NUL: '+' and 15 digits. */
#define RULE_DIAL_MAX 17

/* Checks `value` against rule `r` (and, for text, against `max_chars`;
 * 0 = no limit). An empty value is the caller's business: rules are only
 * asked about non-empty ones. On success returns true and, for the rules
 * that rewrite a value (id, int, phone, coordinates, yes/no, areas), writes
 * the stored form to `norm`; for all others `norm` is "" and the value is
 * stored as given. On failure sets *why to a sentence saying what is wrong. */
bool rule_check(enum rule r, const char *value, size_t max_chars, char norm[RULE_NORM_MAX],
		const char **why);

/* True when stored value `value` is already in its stored form for rule
 * `r` (what `check` requires of a content file: a phone number there must
 * be tidied, not merely tidiable). */
bool rule_check_stored(enum rule r, const char *value, size_t max_chars, const char **why);

/* The number to dial for a phone number as written (RULE_PHONE or
 * RULE_SERVICE_PHONE): E.164 ("030 23125-111" -> "+493023125111"), or a
 * short number's digits ("116 117" -> "116117"). False when it is neither.
 * The content file keeps it beside the written form: build fills it and
 * check compares it through the SQL function phone_dial(), which
 * store_open_sqlite() gives every connection. */
bool rule_phone_dial(const char *written, char out[RULE_DIAL_MAX]);

/* Why a spreadsheet would take `value` for a formula when it opens a CSV
 * file holding it (a sentence for staff), or NULL when it would not. The
 * text rules and e-mail refuse such values; `dump` writes the ones it still
 * meets (in a file that fails `check`) with a ' in front. */
const char *rule_spreadsheet_formula(const char *value);

/* The MIME type of an image, from its first bytes: "image/png",
 * "image/jpeg", or NULL for anything else. */
const char *rule_image_mime(const unsigned char *data, size_t len);

/* The pixel size of a PNG (from its IHDR) or baseline/progressive JPEG
 * (from its first SOF marker), read without decoding, so an image can be
 * refused before it is decoded. False when the header cannot be found. */
bool rule_image_size(const unsigned char *data, size_t len, int *w, int *h);

/* True when the image's size can be read and is at most LIMIT_IMAGE_SIDE
 * pixels each way: what build, check and the kiosk require. */
bool rule_image_fits(const unsigned char *data, size_t len);
/* Whether a PNG or JPEG runs to its end: a PNG's chunks in turn to IEND, a
 * JPEG's segments and scans to its end-of-image marker. A file cut off (a
 * copy that stopped half-way) is not: a JPEG would decode with its rest
 * grey, a PNG not at all. Reads the bytes only, decodes nothing. */
bool rule_image_whole(const unsigned char *data, size_t len);

#endif
