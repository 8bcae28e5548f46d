/* fields — every field of the content, once: its CSV file and column, its
 * rule, and where the content file keeps it. */
#ifndef WW_FIELDS_H
#define WW_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

/* The CSV sources, in the order build reads them (a file only refers to
 * files before it, or to itself). */
enum content_file_id {
	FILE_MEDIA, FILE_MEDIA_TEXTS, FILE_TOPICS, FILE_TOPIC_TEXTS, FILE_ALIASES, FILE_STOP_WORDS,
	FILE_CONTACT_POINTS, FILE_CONTACT_POINT_TEXTS, FILE_GROUPS, FILE_GROUP_TEXTS,
	FILE_PAGES, FILE_PAGE_TEXTS, FILE_POSTCODES, FILE_SERVICES, FILE_SERVICE_TEXTS, FILE_COUNT
};

/* The most fields a file has. */
#define FIELDS_MAX 16

enum field_kind {
	FIELD_VALUE,    /* stored in `column` as the rule stores it */
	FIELD_FOLDED,   /* stored folded (fold.h) in `column`; the rule and the
			   limit apply to the folded text, which is what is kept */
	FIELD_REF,      /* the key of a row of file `ref`; that row's id is
			   stored in `column` */
	FIELD_LIST,     /* keys of rows of file `ref`, separated by spaces,
			   commas or semicolons; stored as rows of `link` */
	FIELD_IMAGE,    /* a PNG or JPEG file beside the CSV files; its bytes
			   are stored in `column`, its type in the table's mime */
};

/* The table a FIELD_LIST is stored in: a row per key, naming the owning
 * row's id in `owner` and the named row's id in `item`, and the key's place
 * in the list in `position` (NULL: the order is not kept). */
struct field_link {
	const char *table, *owner, *item, *position;
};

struct field {
	const char *name;       /* the CSV column; the field in messages */
	enum field_kind kind;
	enum rule rule;         /* what a non-empty value must be (rules.h) */
	size_t max_chars;       /* characters at most; 0: the rule's own limit */
	bool required;          /* an empty value is an error */
	const char *column;     /* in the file's table; NULL: the same as name */
	enum content_file_id ref;       /* FIELD_REF, FIELD_LIST: the file named */
	struct field_link link;         /* FIELD_LIST */
	int max_items;          /* FIELD_LIST: keys at most; 0: no limit */
	const char *sql;        /* the CSV value as SQL over a row of the table,
				   where it is not what field_sql() derives */
	const char *dial_column;        /* RULE_PHONE, RULE_SERVICE_PHONE: the column
					   that keeps the number to dial, phone_dial()
					   of the stored written one (rules.h) */
	int together;           /* fields of a row with the same number (not 0)
				   are given all or none: coordinates, an address */
};

struct content_file {
	const char *name;       /* "topics.csv" */
	bool required;          /* the file must be there */
	const char *table;      /* a row per CSV row */
	const char *thing;      /* what a row is, in messages: "contact point" */
	int nkey;               /* the first nkey fields are unique together */
	bool texts;             /* rows are texts, per language, of the rows
				   fields[0] names: each should have one per language */
	const char *order;      /* SQL: the order dump writes the rows in */
	/* More columns build fills, as SQL over the :FIELD parameters, :row
	 * (the row's id: the key for an id, else the line's number among the
	 * rows) and :mime (of a FIELD_IMAGE). */
	const char *extra_columns, *extra_values;
	long max_rows;          /* rows at most (what the kiosk can list); 0: no limit */
	const struct field *fields;     /* ended by a NULL name */
};

extern const struct content_file content_files[FILE_COUNT];

/* meta.csv holds one setting a row, as `key,value` (meta_columns); the
 * settings are meta_settings, kept in the one row of table meta. */
extern const struct field meta_columns[];
extern const struct content_file meta_settings;

/* How build stores an empty field that may be empty, and so what `check`
 * takes for one: '' for texts, 0 for yes/no, NULL for everything else. */
enum field_empty { EMPTY_NULL, EMPTY_TEXT, EMPTY_ZERO };
enum field_empty field_empty(const struct field *f);

/* The number of fields of a NULL-name ended list. */
int fields_count(const struct field *fields);

/* The SQL column of a field (its name unless it says otherwise). */
const char *field_column(const struct field *f);

/* Writes to `out` an SQL expression that yields, from a row of the file's
 * table, the field's value as its CSV source has it (a reference as the
 * named row's key, a list as keys separated by spaces): what `dump` writes
 * and `check` checks. Returns false when `cap` bytes are too few. */
bool field_sql(const struct content_file *file, const struct field *f, char *out, size_t cap);

/* When a row gives some of the fields of a together group but not all
 * (given[i] per field of `fields`): the first field from `from` on that is
 * empty while another of its group is given. Returns its index and writes
 * to `why` (of `cap` bytes) what is wrong ("is empty, but lon is not (give
 * lat and lon together, or none of them)"); -1 when there is none. */
int field_together_missing(const struct field *fields, const bool *given, int from, char *why, size_t cap);

/* Writes an SQL expression naming a row of the file's table in messages:
 * its key fields' values, separated by spaces. False when `cap` is too few. */
bool field_row_name_sql(const struct content_file *file, char *out, size_t cap);

/* Appends printf-style to the statement in `out` (of `cap` bytes), as
 * build and check assemble theirs from the table; false when it does not
 * fit (what was there may then be cut: the caller refuses the statement). */
__attribute__((format(printf, 3, 4)))
bool field_sql_append(char *out, size_t cap, const char *fmt, ...);

#endif
