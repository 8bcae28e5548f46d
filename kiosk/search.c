/* search — finding topics, contact points, groups and pages by words.
 *
 * The index is built once, by the staff tool, from the statements below: the
 * kiosk never builds it at start. Indexed texts and typed queries both go
 * through search_key_dup(), so both sides of a comparison are spelt alike.
 *
 * A visitor types a few letters at a time, the way they talk ("ich trinke zu
 * viel"), and expects the topic they mean on top before they finish, typos
 * and all. search_open() reads the distinct words of every name, alias,
 * summary, town and group name into a vocabulary, with which texts hold each
 * word (the group names themselves stay in the file). A typed word is scored
 * once against the whole vocabulary (begins a word, inside a compound, the
 * same stem by the Snowball stemmer of the word's language, within one or two
 * typing errors); a typed compound no word begins is also split into known
 * words. The texts holding the words that met are then weighed by how much of
 * what was typed they cover: a query is a set of words, and the best covered
 * results win. Words that carry no meaning (the content's stop words) are
 * left out unless they are all there is. One comparator, search_compare(),
 * decides the order of everything. The kiosk and `wegweiser-content search`
 * both call search_run(): there is no second copy of a rule. Nothing here
 * keeps or logs what was typed. */
#include "search.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "fold.h"
#include "hash.h"
#include "utf8.h"

#define MAX_LANGS 8
#define MAX_UNITS (SEARCH_MAX_WORDS * (1 + SEARCH_MAX_PARTS))
#define TOKEN_FUZZY_MAX 48      /* longer words are compared by their beginning */
#define GROUP_WORD_FROM 4       /* groups are gathered by typed words this long */
#define GROUP_CANDIDATES 600    /* groups weighed per query, best meetings first */
#define MAX_MEETINGS 4096       /* vocabulary words met that gather groups */
#define GROUP_IDS_BYTES (SEARCH_MAX_RESULTS * 21 + 3)   /* "[id,id,...]" */
#define FUZZY_ONE_FROM 5        /* a word this long may have one typing error */
#define FUZZY_TWO_FROM 7        /* and from this length two */
#define FUZZY_FIRST_FROM 6      /* the first letter may be wrong from this length */
#define FUZZY_INSIDE_FROM 8     /* one error inside a compound, from this length */
#define STEM_FROM 4             /* shorter stems say too little as a word's beginning */
#define FORM_FROM 3             /* equal stems this long make two forms of a word */
#define ENDING_MAX 1            /* a letter after a stem still makes a word form */
#define PART_FROM 4             /* letters of a known word inside a typed compound */
#define PART_SPLIT_FROM 6       /* typed words this long are tried as compounds */
#define SUMMARY_PREFIX_FROM 4   /* a typed beginning meets summary words from this length */
#define MINOR_WEIGHT 1          /* characters a minor word counts for */
#define MAX_ENTRY_TOKENS 65535
#define HEAD_CHARS 8            /* a word's beginning, for a bound on typing errors */
#define WORD_MAX_BYTES (TOKEN_FUZZY_MAX * 4)    /* longer typed words are not looked at */
#define ARENA_BLOCK (64 * 1024)
#define NAME_BYTES (4 * LIMIT_NAME + 1)

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

/* search_key_dup(), and in *size the bytes of the buffer it returns: the
 * key may fill only their beginning, the rest holding what was before it
 * (a query's copy is wiped whole). */
static char *key_dup(const char *in, size_t len, size_t *keylen, size_t *size)
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
	return key_dup(in, len, keylen, &size);
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

/* ---- ranking -------------------------------------------------------------- */

/* 0: names and aliases, 1: met in a summary, 2: typing errors. */
static int tier(enum search_match m)
{
	return m == MATCH_FUZZY ? 2 : m == MATCH_SUMMARY ? 1 : 0;
}

int search_compare(const void *pa, const void *pb)
{
	const struct search_result *a = pa, *b = pb;
	if (a->covered != b->covered)
		return a->covered > b->covered ? -1 : 1;
	if (tier(a->match) != tier(b->match))
		return tier(a->match) < tier(b->match) ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->match != b->match)
		return a->match < b->match ? -1 : 1;
	if (a->typos != b->typos)
		return a->typos < b->typos ? -1 : 1;
	if (a->loose != b->loose)
		return a->loose < b->loose ? -1 : 1;
	if (a->field != b->field)
		return a->field < b->field ? -1 : 1;
	int c = strcmp(a->sort_key, b->sort_key);
	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

const char *search_kind_name(enum search_kind k)
{
	static const char *const names[] = {"topic", "contact", "group", "page"};
	return names[k];
}

void search_reason(const struct search_result *r, char *buf, size_t size)
{
	char what[2 * NAME_BYTES + 16];
	if (r->field == FIELD_NAME)
		snprintf(what, sizeof what, "name");
	else if (r->field == FIELD_SUMMARY)
		snprintf(what, sizeof what, "summary");
	else if (r->field == FIELD_TOWN)
		snprintf(what, sizeof what, "town %s", r->via);
	else if (r->field == FIELD_POSTCODE)
		snprintf(what, sizeof what, "postcode %s", r->via);
	else
		snprintf(what, sizeof what, "%s → %s", r->via, r->title);
	switch (r->match) {
	case MATCH_EXACT: snprintf(buf, size, "exact name"); break;
	case MATCH_PREFIX: snprintf(buf, size, "name prefix"); break;
	case MATCH_ALIAS: case MATCH_ALIAS_PREFIX: snprintf(buf, size, "%s", what); break;
	case MATCH_WORD: snprintf(buf, size, "word in %s", what); break;
	case MATCH_STEM: snprintf(buf, size, "word form in %s", what); break;
	case MATCH_PART: snprintf(buf, size, "part of a compound in %s", what); break;
	case MATCH_SUMMARY: snprintf(buf, size, "word in summary"); break;
	case MATCH_FUZZY:
		snprintf(buf, size, "%d letter%s off: %s", r->typos, r->typos == 1 ? "" : "s", what);
		break;
	}
}

/* ---- what is held in memory ------------------------------------------------- */

/* A distinct word of one language in the indexed texts. */
struct token {
	const char *s, *stem;   /* the stem by its language's Snowball stemmer */
	unsigned short len, stem_len, chars;
	unsigned char lang;     /* index in search.langs */
	bool guessed;           /* in a name, alias, town or group name: met with typing errors */
	uint64_t letters;       /* which letters occur: a cheap bound for typos */
	uint64_t pairs;         /* which pairs of neighbouring bytes: a bound for insides */
	uint64_t head_letters;  /* which letters its first HEAD_CHARS characters have */
	int32_t head[4];        /* its first characters (0: none) */
};

enum stored_field { SF_NAME, SF_ALIAS, SF_TOWN, SF_POSTCODE, SF_SUMMARY };

/* One searchable text of a subject. Group names are entries too, kept
 * smaller: search.group_*. */
struct entry {
	int subject;
	enum stored_field field;
	char lang[3];           /* "" for every language */
	const char *text, *key;
	int first_token;        /* in entry_tokens: its words, then (names of several
				   words) all of them written as one */
	unsigned short ntokens, nwords;
};

/* A topic, contact point or page. */
struct subject {
	enum search_kind kind;
	long long id;
	const char *target, *detail;
	int first_entry, nentries;
	int title[MAX_LANGS];   /* the entry that names it in each language */
};

/* A typed word, or a known word inside a typed compound. */
struct unit {
	const char *s;
	int len, chars, max_typos, word;   /* word: the typed word a part is of, or -1 */
	int weight;             /* what meeting it counts: its characters, or a minor word's */
	bool key;               /* a typed word that is not minor (or all are) */
	uint64_t letters, rest_letters; /* of all of it, of all but its first letter */
	uint64_t head_letters;  /* of the first HEAD_CHARS - max_typos characters */
	uint64_t stem_letters[MAX_LANGS];
	uint64_t pairs, stem_pairs[MAX_LANGS], third_pairs[3];  /* see pairs_of() */
	int32_t cp[TOKEN_FUZZY_MAX];    /* its first characters, for typing errors */
	int ncp;
	const char *stem[MAX_LANGS];
	int stem_len[MAX_LANGS];
	int row;                /* its scores: search.score row */
};

struct query {
	char *key;              /* normalised and folded, words separated by '\0' */
	size_t key_size;        /* bytes of its buffer, wiped before it is freed */
	struct unit unit[MAX_UNITS];
	int nwords, nunits;     /* typed words first, then parts */
	char stems[MAX_UNITS * MAX_LANGS][WORD_MAX_BYTES + 1];
};

/* How a typed word met a vocabulary word; lower is better. */
enum {
	SC_EQUAL = 0,           /* is it */
	SC_FORM = 1,            /* is another form of it: the same stem */
	SC_START = 2,           /* begins it */
	SC_INSIDE = 3,          /* is inside it, as in a compound */
	SC_STEM = 4,            /* another form of its beginning */
	SC_STEM_INSIDE = 5,     /* another form of a word inside it */
	SC_TYPO = 6,            /* SC_TYPO + n: within n typing errors */
	SC_NONE = 255,
};

/* A row of scores: how one unit meets every word of the vocabulary, kept
 * for the next query (while a visitor types, only the last word changes),
 * and which words it met. */
struct row {
	char text[SEARCH_MAX_QUERY + 1];        /* "" = free */
	bool part;
	uint32_t used;          /* the last query that used it */
	int *hits, nhits, cap_hits;
	/* A typed word's known words inside it, once looked for. */
	bool split_done;
	int nparts, part_at[SEARCH_MAX_PARTS], part_len[SEARCH_MAX_PARTS];
};

/* A word a unit met, for gathering groups best first. */
struct meeting {
	int grade, token;
};

struct search {
	sqlite3_stmt *group_text_stmt;
	struct arena *arena;
	char langs[MAX_LANGS][3];
	int nlangs;
	struct sb_stemmer *stemmer[MAX_LANGS];  /* NULL: none for that language */
	char **stop, **minor;   /* search keys of stop and of minor words, sorted */
	int nstop, nminor;

	struct subject *subjects;
	int nsubjects;
	struct entry *entries;
	int nentries, cap_entries;
	/* Groups: id, search_entry row, first word, and place in the order of
	 * their names' search keys (their sort keys). */
	long long *group_id, *group_row;
	int *group_first;       /* ngroups + 1: group g's words end at group_first[g + 1] */
	int *group_order;
	int ngroups;
	int *entry_tokens;
	int nentry_tokens, cap_entry_tokens;
	struct token *tokens;
	int ntokens, cap_tokens;
	uint32_t *slots;        /* token id + 1 by hash of the word; 0 is free */
	uint32_t nslots;
	uint32_t *stem_slots;   /* the same by hash of the stem, nslots of them */
	/* Postings: the texts each word is in, subjects' entries first, then
	 * groups (nentries + group index): text << 2 | in a summary << 1 | not
	 * the text's first word. */
	int *posting_first;     /* ntokens + 1 */
	int *postings;

	/* Per query. */
	struct query q;
	unsigned char *score;   /* MAX_UNITS rows of ntokens */
	struct row rows[MAX_UNITS];
	uint32_t *stamp;        /* per subject, then per group: the query that saw it */
	uint32_t query_id;
	int *seen;              /* subjects and groups the query's words met, by slot */
	int *slot_of;           /* per subject, then per group: its slot, if stamped */
	/* Per slot and unit: the unit's best meeting with a text (grade << 1 |
	 * not the text's first word), and which text. */
	unsigned char *grades;
	int *where;
	int cap_grades;
	struct meeting *meetings;       /* MAX_MEETINGS */
	struct search_result *all;
	int cap_all;
	struct top_group { uint64_t rank; int group; } *top_groups;   /* the best so far, sorted */
	size_t (*top_text)[2];  /* where their name and key are in group_text */
	int cap_top;
	char *group_text;
	size_t group_text_cap;
};

static uint64_t letters_of(const char *s, int n)
{
	uint64_t m = 0;
	for (const char *p = s, *end = s + n; p < end;) {
		int32_t c = utf8_next(&p, (size_t)(end - p));
		int bit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? 26 + c - '0' : 36 + (int)((uint32_t)c % 28);
		m |= (uint64_t)1 << bit;
	}
	return m;
}

/* Which pairs of neighbouring bytes occur, hashed to 64 bits: a word is
 * inside another only if all its pairs are. */
static uint64_t pairs_of(const char *s, int n)
{
	uint64_t m = 0;
	for (int i = 0; i + 1 < n; i++)
		m |= (uint64_t)1 << (((unsigned)(unsigned char)s[i] * 31u + (unsigned char)s[i + 1]) & 63u);
	return m;
}

/* The first `max` characters of s. */
static int decode(const char *s, int n, int32_t *out, int max)
{
	int k = 0;
	for (const char *p = s, *end = s + n; p < end && k < max;)
		out[k++] = utf8_next(&p, (size_t)(end - p));
	return k;
}

/* Set bits (no popcount instruction is assumed). */
static int bits(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555u);
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
	return (int)((x * 0x0101010101010101u) >> 56);
}

static bool grow(void **p, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return true;
	int n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, (size_t)n * size);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

static bool rehash(struct search *s, uint32_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof *slots);
	if (!slots)
		return false;
	for (int i = 0; i < s->ntokens; i++) {
		uint32_t at = (uint32_t)hash_bytes(s->tokens[i].s, s->tokens[i].len) & (nslots - 1);
		while (slots[at])
			at = (at + 1) & (nslots - 1);
		slots[at] = (uint32_t)i + 1;
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = nslots;
	return true;
}

/* The stem of word w in language li, in `out` (WORD_MAX_BYTES + 1
 * bytes); w itself when the language has no stemmer. */
static int stem_of(const struct search *s, int li, const char *w, int n, char *out)
{
	const sb_symbol *st = NULL;
	if (s->stemmer[li] && n <= WORD_MAX_BYTES)
		st = sb_stemmer_stem(s->stemmer[li], (const sb_symbol *)w, n);
	int len = st ? sb_stemmer_length(s->stemmer[li]) : n;
	if (len > WORD_MAX_BYTES)
		len = WORD_MAX_BYTES;
	memcpy(out, st ? (const char *)st : w, (size_t)len);
	out[len] = '\0';
	return len;
}

/* A Snowball stemmer keeps the last word it stemmed in a buffer of its
 * own, grown to the longest word so far. A word of WORD_MAX_BYTES, the
 * longest stem_of() hands it, stemmed once at open grows the buffer for
 * good, and again at search_forget() covers every word a query left there. */
static void blank_stemmers(struct search *s)
{
	char blank[WORD_MAX_BYTES];
	memset(blank, 'x', sizeof blank);
	for (int l = 0; l < s->nlangs; l++)
		if (s->stemmer[l])
			sb_stemmer_stem(s->stemmer[l], (const sb_symbol *)blank, (int)sizeof blank);
}

/* Whether the vocabulary has word w, or a word whose stem is w (zwilling:
 * Zwillinge), in any language. */
static bool token_known(const struct search *s, const char *w, int n)
{
	if (!s->nslots)
		return false;
	for (uint32_t at = (uint32_t)hash_bytes(w, (size_t)n) & (s->nslots - 1); s->slots[at]; at = (at + 1) & (s->nslots - 1)) {
		const struct token *t = &s->tokens[s->slots[at] - 1];
		if (t->len == n && memcmp(t->s, w, (size_t)n) == 0)
			return true;
	}
	for (uint32_t at = (uint32_t)hash_bytes(w, (size_t)n) & (s->nslots - 1); n >= STEM_FROM && s->stem_slots[at];
	     at = (at + 1) & (s->nslots - 1)) {
		const struct token *t = &s->tokens[s->stem_slots[at] - 1];
		if (t->stem_len == n && memcmp(t->stem, w, (size_t)n) == 0)
			return true;
	}
	return false;
}

/* The stems' hash table, once the vocabulary is complete. */
static bool hash_stems(struct search *s)
{
	s->stem_slots = calloc(s->nslots ? s->nslots : 1, sizeof *s->stem_slots);
	if (!s->stem_slots)
		return false;
	for (int i = 0; i < s->ntokens && s->nslots; i++) {
		uint32_t at = (uint32_t)hash_bytes(s->tokens[i].stem, s->tokens[i].stem_len) & (s->nslots - 1);
		while (s->stem_slots[at])
			at = (at + 1) & (s->nslots - 1);
		s->stem_slots[at] = (uint32_t)i + 1;
	}
	return true;
}

/* The id of word w of language li in the vocabulary, added if new; -1 when
 * out of memory or too long. */
static int token_id(struct search *s, const char *w, int n, int li, bool guessed)
{
	if (n > MAX_ENTRY_TOKENS)
		return -1;
	if ((uint32_t)(s->ntokens + 1) * 2 > s->nslots && !rehash(s, s->nslots ? s->nslots * 2 : 1024))
		return -1;
	uint32_t at = (uint32_t)hash_bytes(w, (size_t)n) & (s->nslots - 1);
	for (; s->slots[at]; at = (at + 1) & (s->nslots - 1)) {
		struct token *t = &s->tokens[s->slots[at] - 1];
		if (t->len == n && t->lang == li && memcmp(t->s, w, (size_t)n) == 0) {
			t->guessed |= guessed;
			return (int)s->slots[at] - 1;
		}
	}
	if (!grow((void **)&s->tokens, &s->cap_tokens, s->ntokens + 1, sizeof *s->tokens))
		return -1;
	char stem[WORD_MAX_BYTES + 1];
	int stem_len = stem_of(s, li, w, n, stem);
	const char *copy = arena_strndup(s->arena, w, (size_t)n);
	const char *stem_copy = stem_len == n && memcmp(stem, w, (size_t)n) == 0 ? copy
				: arena_strndup(s->arena, stem, (size_t)stem_len);
	if (!copy || !stem_copy)
		return -1;
	s->tokens[s->ntokens] = (struct token){copy, stem_copy, (unsigned short)n, (unsigned short)stem_len,
					       (unsigned short)utf8_count(w, (size_t)n), (unsigned char)li, guessed,
					       letters_of(w, n), pairs_of(w, n), 0, {0}};
	decode(w, n, s->tokens[s->ntokens].head, 4);
	s->tokens[s->ntokens].head_letters = letters_of(w, (int)utf8_offset(w, (size_t)n, HEAD_CHARS));
	s->slots[at] = (uint32_t)++s->ntokens;
	return s->ntokens - 1;
}

static bool add_entry_token(struct search *s, const char *w, int n, int li, bool guessed)
{
	int id = token_id(s, w, n, li, guessed);
	if (id < 0 || !grow((void **)&s->entry_tokens, &s->cap_entry_tokens, s->nentry_tokens + 1,
			    sizeof *s->entry_tokens))
		return false;
	s->entry_tokens[s->nentry_tokens++] = id;
	return true;
}

/* The words of a key into entry_tokens; for a name of several words also
 * all of them written as one ("Down-Syndrom" is found as "downsyndrom").
 * Returns the number of words, -1 when out of memory or too many. */
static int tokenize(struct search *s, const char *key, int li, bool guessed, bool joined_too)
{
	int first = s->nentry_tokens, words = 0;
	char joined[NAME_BYTES * 2];
	int nj = 0;
	for (const char *p = key; *p;) {
		const char *end = strchr(p, ' ');
		int n = end ? (int)(end - p) : (int)strlen(p);
		if (!add_entry_token(s, p, n, li, guessed))
			return -1;
		if (nj + n < (int)sizeof joined) {
			memcpy(joined + nj, p, (size_t)n);
			nj += n;
		}
		words++;
		p += n + (end ? 1 : 0);
	}
	if (joined_too && words > 1 && !add_entry_token(s, joined, nj, li, guessed))
		return -1;
	return s->nentry_tokens - first > MAX_ENTRY_TOKENS ? -1 : words;
}

static enum stored_field stored_field(const char *f)
{
	if (strcmp(f, "alias") == 0)
		return SF_ALIAS;
	if (strcmp(f, "town") == 0)
		return SF_TOWN;
	if (strcmp(f, "postcode") == 0)
		return SF_POSTCODE;
	if (strcmp(f, "summary") == 0)
		return SF_SUMMARY;
	return SF_NAME;
}

static enum search_kind kind_of(const char *k)
{
	if (strcmp(k, "contact") == 0)
		return SEARCH_CONTACT;
	if (strcmp(k, "page") == 0)
		return SEARCH_PAGE;
	return SEARCH_TOPIC;
}

static int lang_index(const struct search *s, const char *lang)
{
	for (int l = 0; l < s->nlangs; l++)
		if (lang && strcmp(lang, s->langs[l]) == 0)
			return l;
	return 0;
}

static const char load_sql[] =
	"SELECT CASE e.kind WHEN 'alias' THEN 'topic' ELSE e.kind END AS k, e.ref_id,"
	" coalesce(e.lang, ''), e.field, e.text, e.folded,"
	" CASE e.kind WHEN 'contact' THEN 'contact:' || e.ref_id"
	"  WHEN 'page' THEN (SELECT 'page:' || slug FROM page WHERE id = e.ref_id)"
	"  ELSE (SELECT 'topic:' || slug FROM topic WHERE id = e.ref_id) END"
	" FROM search_entry e WHERE e.kind <> 'group'"
	" ORDER BY k, e.ref_id, e.id";

static const char load_groups_sql[] = "SELECT id, ref_id, folded FROM search_entry WHERE +kind = 'group'";

static const char group_text_sql[] =
	"SELECT e.id, e.text, e.folded FROM json_each(?1) j JOIN search_entry e ON e.id = j.value";

static bool read_languages(sqlite3 *db, struct search *s)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(db, "SELECT languages FROM meta", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);
		while (p && *p && s->nlangs < MAX_LANGS) {
			snprintf(s->langs[s->nlangs++], 3, "%.2s", p);
			p = strchr(p, ',');
			p = p ? p + 1 : NULL;
		}
		ok = s->nlangs > 0;
	}
	sqlite3_finalize(st);
	/* libstemmer knows languages by their ISO 639 codes; one it does not
	 * know is searched without stems. */
	for (int l = 0; l < s->nlangs; l++)
		s->stemmer[l] = sb_stemmer_new(s->langs[l], "UTF_8");
	return ok;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The stop and minor words of every language, as search keys: a word that
 * carries no meaning in one of the content's languages carries none in a
 * query. */
static bool read_stop_words(sqlite3 *db, struct search *s)
{
	sqlite3_stmt *st = NULL;
	int cap = 0, cap_minor = 0;
	bool ok = sqlite3_prepare_v2(db, "SELECT word, minor FROM stop_word", -1, &st, NULL) == SQLITE_OK;
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(st, 0);
		bool minor = sqlite3_column_int(st, 1) != 0;
		char *key = w ? search_key_dup(w, strlen(w), NULL) : NULL;
		ok = key && (minor ? grow((void **)&s->minor, &cap_minor, s->nminor + 1, sizeof *s->minor)
				   : grow((void **)&s->stop, &cap, s->nstop + 1, sizeof *s->stop));
		if (ok && minor)
			s->minor[s->nminor++] = key;
		else if (ok)
			s->stop[s->nstop++] = key;
		else
			free(key);
	}
	sqlite3_finalize(st);
	if (ok && s->nstop)
		qsort(s->stop, (size_t)s->nstop, sizeof *s->stop, by_string);
	if (ok && s->nminor)
		qsort(s->minor, (size_t)s->nminor, sizeof *s->minor, by_string);
	return ok;
}

/* Which entry names each subject in each language: its name in that
 * language, else in the default one, else any. */
static void find_titles(struct search *s)
{
	for (int i = 0; i < s->nsubjects; i++) {
		struct subject *sub = &s->subjects[i];
		int any = sub->first_entry;
		for (int l = 0; l < MAX_LANGS; l++)
			sub->title[l] = -1;
		for (int e = sub->first_entry; e < sub->first_entry + sub->nentries; e++) {
			const struct entry *en = &s->entries[e];
			if (en->field != SF_NAME)
				continue;
			if (s->entries[any].field != SF_NAME)
				any = e;
			for (int l = 0; l < s->nlangs; l++)
				if (sub->title[l] < 0 && (!en->lang[0] || strcmp(en->lang, s->langs[l]) == 0))
					sub->title[l] = e;
		}
		for (int l = 0; l < MAX_LANGS; l++)
			if (sub->title[l] < 0)
				sub->title[l] = sub->title[0] >= 0 ? sub->title[0] : any;
	}
}

/* A contact point's "00110 Musterstadt". */
static bool contact_detail(struct search *s, struct subject *sub)
{
	const char *pc = "", *town = "";
	for (int e = sub->first_entry; e < sub->first_entry + sub->nentries; e++) {
		if (s->entries[e].field == SF_POSTCODE)
			pc = s->entries[e].text;
		else if (s->entries[e].field == SF_TOWN)
			town = s->entries[e].text;
	}
	char buf[NAME_BYTES + 16];
	int n = snprintf(buf, sizeof buf, "%s%s%s", pc, *pc && *town ? " " : "", town);
	sub->detail = arena_strndup(s->arena, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	return sub->detail != NULL;
}

/* Topics, contact points and pages with all their texts. */
static bool load_subjects(struct search *s, sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int cap_subjects = 0;
	enum search_kind last_kind = SEARCH_TOPIC;
	long long last_id = 0;
	if (sqlite3_prepare_v2(db, load_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		long long id = sqlite3_column_int64(st, 1);
		const char *target = (const char *)sqlite3_column_text(st, 6);
		if (!k || !target)
			continue;
		if (s->nsubjects == 0 || id != last_id || kind_of(k) != last_kind) {
			if (!grow((void **)&s->subjects, &cap_subjects, s->nsubjects + 1, sizeof *s->subjects))
				goto fail;
			struct subject *sub = &s->subjects[s->nsubjects++];
			memset(sub, 0, sizeof *sub);
			sub->kind = kind_of(k);
			sub->id = id;
			sub->target = arena_strndup(s->arena, target, strlen(target));
			sub->detail = "";
			sub->first_entry = s->nentries;
			if (!sub->target)
				goto fail;
			last_kind = sub->kind;
			last_id = id;
		}
		if (!grow((void **)&s->entries, &s->cap_entries, s->nentries + 1, sizeof *s->entries))
			goto fail;
		struct entry *e = &s->entries[s->nentries];
		const char *lang = (const char *)sqlite3_column_text(st, 2);
		const char *field = (const char *)sqlite3_column_text(st, 3);
		const char *text = (const char *)sqlite3_column_text(st, 4);
		const char *key = (const char *)sqlite3_column_text(st, 5);
		e->subject = s->nsubjects - 1;
		e->field = stored_field(field ? field : "");
		snprintf(e->lang, sizeof e->lang, "%.2s", lang ? lang : "");
		e->text = arena_strndup(s->arena, text ? text : "", text ? strlen(text) : 0);
		e->key = arena_strndup(s->arena, key ? key : "", key ? strlen(key) : 0);
		e->first_token = s->nentry_tokens;
		bool summary = e->field == SF_SUMMARY;
		int words = e->text && e->key ? tokenize(s, e->key, lang_index(s, e->lang), !summary, !summary) : -1;
		if (words < 0)
			goto fail;
		e->nwords = (unsigned short)words;
		e->ntokens = (unsigned short)(s->nentry_tokens - e->first_token);
		s->nentries++;
		s->subjects[s->nsubjects - 1].nentries++;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	find_titles(s);
	for (int i = 0; i < s->nsubjects; i++)
		if (s->subjects[i].kind == SEARCH_CONTACT && !contact_detail(s, &s->subjects[i]))
			return false;
	return true;
fail:
	sqlite3_finalize(st);
	return false;
}

/* The words of every group name; the names stay in the file. */
static bool load_groups(struct search *s, sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int cap = 0, cap_first = 0;
	if (sqlite3_prepare_v2(db, load_groups_sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 2);
		if (!key)
			continue;
		int cap_row = cap;
		if (!grow((void **)&s->group_id, &cap, s->ngroups + 1, sizeof *s->group_id) ||
		    !grow((void **)&s->group_row, &cap_row, s->ngroups + 1, sizeof *s->group_row) ||
		    !grow((void **)&s->group_first, &cap_first, s->ngroups + 2, sizeof *s->group_first))
			goto fail;
		s->group_row[s->ngroups] = sqlite3_column_int64(st, 0);
		s->group_id[s->ngroups] = sqlite3_column_int64(st, 1);
		s->group_first[s->ngroups] = s->nentry_tokens;
		if (tokenize(s, key, 0, true, false) < 0)
			goto fail;
		s->ngroups++;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (!grow((void **)&s->group_first, &cap_first, s->ngroups + 1, sizeof *s->group_first))
		return false;
	s->group_first[s->ngroups] = s->nentry_tokens;
	return true;
fail:
	sqlite3_finalize(st);
	return false;
}

/* Where the words of text i (a subject's entry, or nentries + a group) are. */
static void text_tokens(const struct search *s, int i, int *first, int *end)
{
	if (i < s->nentries) {
		*first = s->entries[i].first_token;
		*end = *first + s->entries[i].ntokens;
	} else {
		*first = s->group_first[i - s->nentries];
		*end = s->group_first[i - s->nentries + 1];
	}
}

/* Sorting groups by their search keys without holding the keys: a key's
 * words in order, compared word by word, order as the key does (the space
 * between words sorts before every letter). Words are compared by their
 * place in the sorted vocabulary, so most comparisons are of two numbers. */
struct group_key {
	uint64_t head;          /* the places of its first two words */
	const struct search *s;
	const int *place;       /* per token: its place among the sorted words */
	int group;
};

struct token_order {
	const struct token *t;
	int id;
};

static int by_token_text(const void *pa, const void *pb)
{
	const struct token *x = ((const struct token_order *)pa)->t, *y = ((const struct token_order *)pb)->t;
	int c = memcmp(x->s, y->s, (size_t)(x->len < y->len ? x->len : y->len));
	return c ? c : x->len - y->len;
}

static int by_group_key(const void *pa, const void *pb)
{
	const struct group_key *a = pa, *b = pb;
	if (a->head != b->head)
		return a->head < b->head ? -1 : 1;
	const struct search *s = a->s;
	int i = s->group_first[a->group], ie = s->group_first[a->group + 1];
	int j = s->group_first[b->group], je = s->group_first[b->group + 1];
	for (; i < ie && j < je; i++, j++) {
		int x = a->place[s->entry_tokens[i]], y = a->place[s->entry_tokens[j]];
		if (x != y)
			return x < y ? -1 : 1;
	}
	if ((i < ie) != (j < je))
		return i < ie ? 1 : -1;
	long long x = s->group_id[a->group], y = s->group_id[b->group];
	return x < y ? -1 : x > y;
}

static bool sort_groups(struct search *s)
{
	struct group_key *keys = malloc(((size_t)s->ngroups + 1) * sizeof *keys);
	struct token_order *order = malloc(((size_t)s->ntokens + 1) * sizeof *order);
	int *place = malloc(((size_t)s->ntokens + 1) * sizeof *place);
	s->group_order = malloc(((size_t)s->ngroups + 1) * sizeof *s->group_order);
	bool ok = keys && order && place && s->group_order;
	if (ok) {
		for (int t = 0; t < s->ntokens; t++)
			order[t] = (struct token_order){&s->tokens[t], t};
		qsort(order, (size_t)s->ntokens, sizeof *order, by_token_text);
		for (int r = 0; r < s->ntokens; r++)   /* the same text, the same place */
			place[order[r].id] = r && by_token_text(&order[r - 1], &order[r]) == 0 ? place[order[r - 1].id] : r;
		for (int g = 0; g < s->ngroups; g++) {
			int first = s->group_first[g], end = s->group_first[g + 1];
			uint64_t a = first < end ? (uint64_t)place[s->entry_tokens[first]] + 1 : 0;
			uint64_t b = first + 1 < end ? (uint64_t)place[s->entry_tokens[first + 1]] + 1 : 0;
			keys[g] = (struct group_key){a << 32 | b, s, place, g};
		}
		qsort(keys, (size_t)s->ngroups, sizeof *keys, by_group_key);
		for (int r = 0; r < s->ngroups; r++)
			s->group_order[keys[r].group] = r;
	}
	free(keys);
	free(order);
	free(place);
	return ok;
}

/* For each word, the texts it is in (each once), by counting, then filling. */
static bool build_postings(struct search *s)
{
	int *last = malloc(((size_t)s->ntokens + 1) * sizeof *last);
	int *cursor = malloc(((size_t)s->ntokens + 1) * sizeof *cursor);
	s->posting_first = calloc((size_t)s->ntokens + 1, sizeof *s->posting_first);
	bool ok = last && cursor && s->posting_first;
	for (int pass = 0; ok && pass < 2; pass++) {
		for (int t = 0; t < s->ntokens; t++)
			last[t] = -1;
		for (int i = 0; i < s->nentries + s->ngroups; i++) {
			int first, end;
			text_tokens(s, i, &first, &end);
			for (int k = first; k < end; k++) {
				int t = s->entry_tokens[k];
				if (last[t] == i)
					continue;   /* the first place it has in the text is kept */
				last[t] = i;
				if (pass == 0)
					s->posting_first[t + 1]++;
				else
					s->postings[cursor[t]++] = i << 2 |
						(i < s->nentries && s->entries[i].field == SF_SUMMARY) << 1 | (k > first);
			}
		}
		if (pass == 0) {
			for (int t = 0; t < s->ntokens; t++)
				s->posting_first[t + 1] += s->posting_first[t];
			memcpy(cursor, s->posting_first, ((size_t)s->ntokens + 1) * sizeof *cursor);
			s->postings = malloc(((size_t)s->posting_first[s->ntokens] + 1) * sizeof *s->postings);
			ok = s->postings != NULL;
		}
	}
	free(last);
	free(cursor);
	return ok;
}

static void search_free_rows(struct search *s)
{
	for (int r = 0; r < MAX_UNITS; r++)
		free(s->rows[r].hits);
}

struct search *search_open(sqlite3 *db, char *err, size_t errlen)
{
	struct search *s = calloc(1, sizeof *s);
	if (!s || !(s->arena = arena_new(ARENA_BLOCK))) {
		free(s);
		snprintf(err, errlen, "search: out of memory");
		return NULL;
	}
	if (!read_languages(db, s)) {
		snprintf(err, errlen, "search: the content file names no languages");
		goto fail;
	}
	blank_stemmers(s);
	if (!read_stop_words(db, s) || !load_subjects(s, db) || !load_groups(s, db))
		goto fail_db;
	s->score = malloc((size_t)MAX_UNITS * (size_t)(s->ntokens ? s->ntokens : 1));
	s->stamp = calloc((size_t)(s->nsubjects + s->ngroups + 1), sizeof *s->stamp);
	s->seen = malloc((size_t)(s->nsubjects + s->ngroups + 1) * sizeof *s->seen);
	s->slot_of = malloc((size_t)(s->nsubjects + s->ngroups + 1) * sizeof *s->slot_of);
	s->meetings = malloc(MAX_MEETINGS * sizeof *s->meetings);
	s->cap_all = s->nsubjects + 1;
	s->all = calloc((size_t)s->cap_all, sizeof *s->all);
	if (!s->score || !s->stamp || !s->seen || !s->slot_of || !s->meetings || !s->all || !build_postings(s) || !hash_stems(s) ||
	    !sort_groups(s))
		goto fail_db;
	if (sqlite3_prepare_v3(db, group_text_sql, -1, SQLITE_PREPARE_PERSISTENT, &s->group_text_stmt, NULL) !=
	    SQLITE_OK)
		goto fail_db;
	return s;
fail_db:
	if (sqlite3_errcode(db) != SQLITE_OK && sqlite3_errcode(db) != SQLITE_ROW &&
	    sqlite3_errcode(db) != SQLITE_DONE)
		snprintf(err, errlen, "search index: %s", sqlite3_errmsg(db));
	else
		snprintf(err, errlen, "search: out of memory, or a text with too many words");
fail:
	search_close(s);
	return NULL;
}

void search_close(struct search *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->group_text_stmt);
	arena_free(s->arena);
	for (int l = 0; l < s->nlangs; l++)
		if (s->stemmer[l])
			sb_stemmer_delete(s->stemmer[l]);
	for (int i = 0; i < s->nstop; i++)
		free(s->stop[i]);
	free(s->stop);
	for (int i = 0; i < s->nminor; i++)
		free(s->minor[i]);
	free(s->minor);
	search_free_rows(s);
	free(s->subjects);
	free(s->entries);
	free(s->group_id);
	free(s->group_row);
	free(s->group_first);
	free(s->group_order);
	free(s->entry_tokens);
	free(s->tokens);
	free(s->slots);
	free(s->stem_slots);
	free(s->posting_first);
	free(s->postings);
	free(s->score);
	free(s->stamp);
	free(s->seen);
	free(s->slot_of);
	free(s->meetings);
	free(s->grades);
	free(s->where);
	free(s->all);
	free(s->top_groups);
	free(s->top_text);
	free(s->group_text);
	free(s);
}

/* ---- matching --------------------------------------------------------------- */

/* Typing errors forgiven in a typed word: none in short words (too many
 * words are one letter from a short one) and none in numbers (a postcode one
 * digit off is another place). */
static int allowed_typos(const char *w, int len, int chars)
{
	for (int i = 0; i < len; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return 0;
	return chars >= FUZZY_TWO_FROM ? 2 : chars >= FUZZY_ONE_FROM ? 1 : 0;
}

static bool contains(const char *hay, int n, const char *needle, int m)
{
	for (int i = 0; i + m <= n; i++) {
		const char *p = memchr(hay + i, needle[0], (size_t)(n - m - i + 1));
		if (!p)
			return false;
		i = (int)(p - hay);
		if (memcmp(p, needle, (size_t)m) == 0)
			return true;
	}
	return false;
}

/* Typing errors between a typed word w and a word t, in characters: the
 * fewest letters changed, added, dropped, or swapped with their neighbour
 * (optimal string alignment) that turn w into the beginning of t, or with
 * `anywhere` into any part of t. Anything above max comes back as max + 1.
 * From the start of t only cells within max of the diagonal can stay within
 * max, so only that band is computed. */
static int typing_errors(const int32_t *w, int m, const int32_t *t, int n, int max, bool anywhere)
{
	int rows[3][TOKEN_FUZZY_MAX + 2];
	int *before = rows[0], *prev = rows[1], *cur = rows[2];
	const int over = max + 1;
	if (n > TOKEN_FUZZY_MAX)
		n = TOKEN_FUZZY_MAX;
	for (int j = 0; j <= n + 1; j++) {
		before[j] = over;
		prev[j] = anywhere ? 0 : j <= max ? j : over;
		cur[j] = over;
	}
	for (int i = 1; i <= m; i++) {
		int lo = anywhere || i - max < 1 ? 1 : i - max;
		int hi = anywhere || i + max > n ? n : i + max;
		cur[lo - 1] = lo == 1 ? (i <= max ? i : over) : over;
		int row_min = cur[lo - 1];
		for (int j = lo; j <= hi; j++) {
			int d = prev[j - 1] + (w[i - 1] != t[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && w[i - 1] == t[j - 2] && w[i - 2] == t[j - 1] && before[j - 2] + 1 < d)
				d = before[j - 2] + 1;
			cur[j] = d < over ? d : over;
			if (d < row_min)
				row_min = d;
		}
		cur[hi + 1] = over;
		if (row_min > max)
			return over;
		int *spare = before;
		before = prev;
		prev = cur;
		cur = spare;
	}
	int best = over;
	for (int j = anywhere || m - max < 0 ? 0 : m - max; j <= n && (anywhere || j <= m + max); j++)
		if (prev[j] < best)
			best = prev[j];
	return best;
}

/* With one typing error, one of three pieces of the word is untouched (a
 * swap touches two neighbouring letters at most): a word inside t within
 * one error has a piece inside t. */
static bool piece_inside(const char *w, int m, const char *t, int n)
{
	int a = m / 3, b = 2 * m / 3;
	return contains(t, n, w, a) || contains(t, n, w + a, b - a) || contains(t, n, w + b, m - b);
}

/* Whether w is inside t within one typing error. One of w's thirds is
 * there untouched (piece_inside()); w then begins within one character of
 * where that third puts it, so only that window of t is compared. */
static bool inside_within_one(const int32_t *w, int m, const int32_t *t, int n)
{
	int from[3] = {0, m / 3, 2 * m / 3}, to[3] = {m / 3, 2 * m / 3, m};
	for (int k = 0; k < 3; k++) {
		int len = to[k] - from[k];
		for (int p = 0; len > 0 && p + len <= n; p++) {
			if (t[p] != w[from[k]] || memcmp(t + p, w + from[k], (size_t)len * sizeof *t) != 0)
				continue;
			int lo = p - from[k] - 1 > 0 ? p - from[k] - 1 : 0;
			int span = n - lo < m + 3 ? n - lo : m + 3;
			if (typing_errors(w, m, t + lo, span, 1, true) <= 1)
				return true;
		}
	}
	return false;
}

static unsigned char word_score(const struct unit *u, const struct token *t)
{
	bool starts = t->len >= u->len && t->s[0] == u->s[0] && memcmp(t->s, u->s, (size_t)u->len) == 0;
	if (starts && t->len == u->len)
		return SC_EQUAL;
	/* Word forms, by the Snowball stemmer of the word's language: the same
	 * stem (Männern: Männer, rauche: Rauchen, not Raucherlunge); the stem
	 * of what was typed beginning the word (Zwillinge: Zwillingseltern);
	 * what was typed being the word's stem and an ending (kifft: Kiffen,
	 * whose stem is kiff: the German stemmer leaves a final t alone). */
	const char *qs = u->stem[t->lang];
	int ql = u->stem_len[t->lang];
	if (ql >= FORM_FROM && t->stem_len == ql && t->stem[0] == qs[0] && memcmp(t->stem, qs, (size_t)ql) == 0)
		return SC_FORM;
	if (starts)
		return SC_START;
	/* A known word inside a typed compound meets words, not their insides:
	 * Tinnitusbehandlung is not about Zahnbehandlungsangst. */
	/* Only a word whose letters all occur in t can be inside it. */
	bool part = u->word >= 0;
	if (!part && u->len >= 3 && !(u->letters & ~t->letters) && !(u->pairs & ~t->pairs) &&
	    contains(t->s + 1, t->len - 1, u->s, u->len))
		return SC_INSIDE;
	if (ql >= STEM_FROM && t->len >= ql && t->s[0] == qs[0] && memcmp(t->s, qs, (size_t)ql) == 0)
		return SC_STEM;
	if (t->stem_len >= STEM_FROM && u->len > t->stem_len && u->len - t->stem_len <= ENDING_MAX &&
	    u->s[0] == t->stem[0] && memcmp(u->s, t->stem, t->stem_len) == 0)
		return SC_STEM;
	if (!part && ql >= STEM_FROM && !(u->stem_letters[t->lang] & ~t->letters) &&
	    !(u->stem_pairs[t->lang] & ~t->pairs) && contains(t->s + 1, t->len - 1, qs, ql))
		return SC_STEM_INSIDE;
	int max = u->max_typos;
	if (!max || !t->guessed || t->chars + max < u->chars)
		return SC_NONE;
	/* Each typing error leaves out at most one letter of what t has: a cheap
	 * bound before the edit distance. */
	int missing = bits(u->letters & ~t->letters);
	if (missing > max || bits(u->pairs & ~t->pairs) > 3 * max)
		return SC_NONE;
	/* From the start of t, typing errors are forgiven after the first letter
	 * (or in the first two, swapped): people rarely miss the letter they
	 * start with. In a long word a wrong first letter is forgiven too, and
	 * costs one error more in the ranking. Inside a compound, one error, if a
	 * third of the word is there as typed. */
	if (u->ncp < 2)
		return SC_NONE;
	const int32_t *h = t->head;
	bool first_kept = u->cp[0] == h[0] || (u->cp[0] == h[1] && u->cp[1] == h[0]);
	/* With the first letter wrong, at most one more error: the second or the
	 * third letter typed is in t, near where it belongs. */
	bool second_near = u->cp[1] == h[0] || u->cp[1] == h[1] || u->cp[1] == h[2] ||
			   (max > 1 && u->ncp > 2 && (u->cp[2] == h[1] || u->cp[2] == h[2] || u->cp[2] == h[3]));
	/* From the start, the first HEAD_CHARS - max letters typed lie in the
	 * first HEAD_CHARS of t, but for the errors; and the second letter
	 * typed, or the third, near its place. */
	bool near = bits(u->head_letters & ~t->head_letters) <= max &&
		    (u->cp[1] == h[0] || u->cp[1] == h[1] || u->cp[1] == h[2] || u->cp[1] == h[3] ||
		     (u->ncp > 2 && (u->cp[2] == h[1] || u->cp[2] == h[2] || u->cp[2] == h[3])));
	int32_t tc[TOKEN_FUZZY_MAX];
	int n = 0, d = max + 1, cost = first_kept ? 0 : 1;
	if (!first_kept && u->chars >= FUZZY_FIRST_FROM && second_near) {
		/* A wrong first letter is the one error forgiven: the rest is as
		 * typed, after a first letter changed, added or left out. */
		int ul = (int)utf8_skip(u->s, 0, u->len), tl = (int)utf8_skip(t->s, 0, t->len), rest = u->len - ul;
		const char *t1 = t->s + tl, *u1 = u->s + ul;
		if ((t->len - tl >= rest && *t1 == *u1 && memcmp(t1, u1, (size_t)rest) == 0) ||
		    (t->len >= rest && *t->s == *u1 && memcmp(t->s, u1, (size_t)rest) == 0) ||
		    (t->len - tl >= u->len && *t1 == *u->s && memcmp(t1, u->s, (size_t)u->len) == 0))
			d = 1;
	} else if (near && first_kept) {
		/* From its start only the band counts. */
		int band = u->ncp + max + 1 < TOKEN_FUZZY_MAX ? u->ncp + max + 1 : TOKEN_FUZZY_MAX;
		n = decode(t->s, t->len, tc, band);
		/* A beginning both have costs nothing and cannot make anything
		 * after it cheaper: the distance is that of what follows. */
		int same = 0;
		while (same < n && same < u->ncp && u->cp[same] == tc[same])
			same++;
		d = typing_errors(u->cp + same, u->ncp - same, tc + same, n - same, max, false);
	}
	/* One error breaks at most three of the word's pairs of neighbours. */
	if (d > max && missing <= 1 && u->chars >= FUZZY_INSIDE_FROM && t->chars > u->chars &&
	    bits(u->pairs & ~t->pairs) <= 3 &&
	    (!(u->third_pairs[0] & ~t->pairs) || !(u->third_pairs[1] & ~t->pairs) || !(u->third_pairs[2] & ~t->pairs)) &&
	    piece_inside(u->s, u->len, t->s, t->len)) {
		n = decode(t->s, t->len, tc, TOKEN_FUZZY_MAX);
		d = inside_within_one(u->cp, u->ncp, tc, n) ? 1 : max + 1;
		cost = 0;
	}
	return d <= max ? (unsigned char)(SC_TYPO + d + cost) : SC_NONE;
}

/* Summaries are long everyday texts: a typed word meets them as a whole
 * word, a beginning of some length or a word form, never by a guess. */
static bool summary_accepts(const struct unit *u, unsigned char sc)
{
	return sc == SC_EQUAL || sc == SC_FORM || sc == SC_STEM ||
	       (sc == SC_START && u->chars >= SUMMARY_PREFIX_FROM);
}

static bool listed(char *const *list, int n, const char *w)
{
	return n && bsearch(&w, list, (size_t)n, sizeof *list, by_string);
}

static bool is_stop_word(const struct search *s, const char *w)
{
	return listed(s->stop, s->nstop, w);
}

static void set_unit(const struct search *s, struct query *q, int u, const char *w, int n, int word, bool minor)
{
	struct unit *un = &q->unit[u];
	un->s = w;
	un->len = n;
	un->chars = (int)utf8_count(w, (size_t)n);
	un->weight = minor ? MINOR_WEIGHT : un->chars;
	un->key = !minor;
	un->word = word;
	un->max_typos = word < 0 ? allowed_typos(w, n, un->chars) : 0;   /* parts are known words */
	un->letters = letters_of(w, n);
	un->ncp = decode(w, n, un->cp, TOKEN_FUZZY_MAX);
	const char *rest = w;
	if (n)
		utf8_next(&rest, (size_t)n);
	un->rest_letters = letters_of(rest, n - (int)(rest - w));
	un->head_letters = letters_of(w, (int)utf8_offset(w, (size_t)n, (size_t)(HEAD_CHARS - un->max_typos)));
	un->pairs = pairs_of(w, n);
	int a = n / 3, b = 2 * n / 3;   /* the thirds piece_inside() looks for */
	un->third_pairs[0] = pairs_of(w, a);
	un->third_pairs[1] = pairs_of(w + a, b - a);
	un->third_pairs[2] = pairs_of(w + b, n - b);
	for (int l = 0; l < s->nlangs; l++) {
		un->stem[l] = q->stems[u * MAX_LANGS + l];
		un->stem_len[l] = stem_of(s, l, w, n, q->stems[u * MAX_LANGS + l]);
		un->stem_letters[l] = letters_of(un->stem[l], un->stem_len[l]);
		un->stem_pairs[l] = pairs_of(un->stem[l], un->stem_len[l]);
	}
	un->row = -1;
}

/* The typed words, without stop words unless they are all there is. */
static bool parse_query(struct search *s, const char *text, struct query *q)
{
	size_t len = utf8_prefix(text, SEARCH_MAX_QUERY);   /* whole characters */
	q->nwords = q->nunits = 0;
	q->key = key_dup(text, len, NULL, &q->key_size);
	if (!q->key)
		return false;
	char *word[SEARCH_MAX_WORDS];
	bool stop[SEARCH_MAX_WORDS];
	int n = 0, meaning = 0;
	for (char *p = q->key; *p && n < SEARCH_MAX_WORDS;) {
		char *end = strchr(p, ' ');
		if (end)
			*end = '\0';
		if (strlen(p) <= WORD_MAX_BYTES) {
			word[n] = p;
			stop[n] = is_stop_word(s, p);
			meaning += !stop[n++];
		}
		p = end ? end + 1 : p + strlen(p);
	}
	for (int i = 0; i < n; i++)
		if (!stop[i] || !meaning)
			set_unit(s, q, q->nwords++, word[i], (int)strlen(word[i]), -1,
				 listed(s->minor, s->nminor, word[i]));
	bool any_key = false;
	for (int w = 0; w < q->nwords; w++)
		any_key |= q->unit[w].key;
	for (int w = 0; w < q->nwords && !any_key; w++)
		q->unit[w].key = true;   /* minor words are all there is */
	q->nunits = q->nwords;
	return q->nwords > 0;
}

/* Known words inside a typed compound (blutzucker: blut, zucker), with the
 * German linking letters between two of them (kinderwunschbehandlung:
 * kinderwunsch, behandlung; arbeitsplatz: arbeit, platz): of all splits
 * into known words (of the vocabulary, not stop words, PART_FROM letters or
 * more) and letters no word explains, the one with the fewest letters left
 * unexplained, then the fewest parts. Returns the number of parts, with
 * their offsets and lengths. */
static int split_compound(const struct search *s, const char *w, int n, int *at, int *len)
{
	static const char *const links[] = {"s", "es", "n", "en"};
	enum { FREE, LINKED };   /* after a linking letter only a known word may follow */
	int unknown[2][WORD_MAX_BYTES + 1], parts[2][WORD_MAX_BYTES + 1];
	int from[2][WORD_MAX_BYTES + 1], from_state[2][WORD_MAX_BYTES + 1], piece[2][WORD_MAX_BYTES + 1];
	const int never = 1 << 20;
	for (int st = 0; st < 2; st++)
		for (int i = 0; i <= n; i++)
			unknown[st][i] = parts[st][i] = never;
	unknown[FREE][0] = parts[FREE][0] = 0;
#define RELAX(st2, k, u, p, f, fs, pc) \
	do { \
		if ((u) < unknown[st2][k] || ((u) == unknown[st2][k] && (p) < parts[st2][k])) { \
			unknown[st2][k] = (u); parts[st2][k] = (p); from[st2][k] = (f); \
			from_state[st2][k] = (fs); piece[st2][k] = (pc); \
		} \
	} while (0)
	char buf[WORD_MAX_BYTES + 1];
	/* Words begin and end at a character. */
	for (int i = 0, next; i < n; i = next) {
		next = (int)utf8_skip(w, (size_t)i, (size_t)n);
		for (int st = 0; st < 2; st++) {
			if (unknown[st][i] == never)
				continue;
			if (st == FREE)
				RELAX(FREE, next, unknown[st][i] + 1, parts[st][i], i, st, 0);
			for (int j = next; j <= n && j - i <= WORD_MAX_BYTES;
			     j = j < n ? (int)utf8_skip(w, (size_t)j, (size_t)n) : n + 1) {
				if (j - i < PART_FROM || j - i == n || !token_known(s, w + i, j - i))
					continue;
				memcpy(buf, w + i, (size_t)(j - i));
				buf[j - i] = '\0';
				if (is_stop_word(s, buf))
					continue;
				RELAX(FREE, j, unknown[st][i], parts[st][i] + 1, i, st, j - i);
				for (size_t k = 0; k < sizeof links / sizeof *links; k++) {
					int ll = (int)strlen(links[k]);
					if (j + ll < n && memcmp(w + j, links[k], (size_t)ll) == 0)
						RELAX(LINKED, j + ll, unknown[st][i], parts[st][i] + 1, i, st, j - i);
				}
			}
		}
	}
#undef RELAX
	sodium_memzero(buf, sizeof buf);   /* a piece of what was typed */
	if (unknown[FREE][n] == never || parts[FREE][n] == 0)
		return 0;
	int rev_at[WORD_MAX_BYTES], rev_len[WORD_MAX_BYTES], np = 0;
	for (int k = n, st = FREE; k > 0;) {
		int f = from[st][k];
		if (piece[st][k]) {
			rev_at[np] = f;
			rev_len[np++] = piece[st][k];
		}
		st = from_state[st][k];
		k = f;
	}
	if (np && rev_at[np - 1] > 0 && rev_at[0] + rev_len[0] < n)
		return 0;   /* a known word amid unknown letters (k-leber-eiweiß) is chance */
	int kept = np < SEARCH_MAX_PARTS ? np : SEARCH_MAX_PARTS;
	for (int i = 0; i < kept; i++) {
		at[i] = rev_at[np - 1 - i];
		len[i] = rev_len[np - 1 - i];
	}
	return kept;
}

/* Finds or computes the row of scores of unit u: a row kept from an earlier
 * query, or one no unit of this query uses. */
static bool unit_row(struct search *s, struct query *q, int u, bool *taken)
{
	struct unit *un = &q->unit[u];
	bool part = un->word >= 0;
	for (int r = 0; r < MAX_UNITS; r++) {
		struct row *rw = &s->rows[r];
		if (!taken[r] && rw->part == part && (int)strlen(rw->text) == un->len &&
		    memcmp(rw->text, un->s, (size_t)un->len) == 0) {
			taken[r] = true;
			rw->used = s->query_id;
			un->row = r;
			return true;
		}
	}
	/* The row used longest ago. */
	int r = -1;
	for (int k = 0; k < MAX_UNITS; k++)
		if (!taken[k] && (r < 0 || s->rows[k].used < s->rows[r].used))
			r = k;
	taken[r] = true;
	un->row = r;
	struct row *rw = &s->rows[r];
	rw->used = s->query_id;
	rw->text[0] = '\0';
	rw->nhits = 0;
	rw->split_done = false;
	unsigned char *score = s->score + (size_t)r * (size_t)s->ntokens;
	for (int t = 0; t < s->ntokens; t++) {
		unsigned char sc = word_score(un, &s->tokens[t]);
		score[t] = sc;
		if (sc == SC_NONE)
			continue;
		if (!grow((void **)&rw->hits, &rw->cap_hits, rw->nhits + 1, sizeof *rw->hits))
			return false;
		rw->hits[rw->nhits++] = t;
	}
	memcpy(rw->text, un->s, (size_t)un->len);
	rw->text[un->len] = '\0';
	rw->part = part;
	return true;
}

/* Whether some word of the vocabulary is or begins with unit u. */
static bool begins_some_word(const struct search *s, const struct unit *u)
{
	const struct row *rw = &s->rows[u->row];
	const unsigned char *score = s->score + (size_t)u->row * (size_t)s->ntokens;
	for (int h = 0; h < rw->nhits; h++)
		if (score[rw->hits[h]] <= SC_START)
			return true;
	return false;
}

/* Every unit's row; typed compounds that begin no known word get their
 * parts as units of their own. */
static bool score_units(struct search *s, struct query *q)
{
	bool taken[MAX_UNITS] = {false};
	for (int u = 0; u < q->nwords; u++)
		if (!unit_row(s, q, u, taken))
			return false;
	int nw = q->nwords;
	for (int w = 0; w < nw; w++) {
		const struct unit *un = &q->unit[w];
		struct row *rw = &s->rows[un->row];
		if (!rw->split_done) {
			rw->nparts = un->chars < PART_SPLIT_FROM || begins_some_word(s, un)
					     ? 0 : split_compound(s, un->s, un->len, rw->part_at, rw->part_len);
			rw->split_done = true;
		}
		int np = rw->nparts, at[SEARCH_MAX_PARTS], len[SEARCH_MAX_PARTS];
		memcpy(at, rw->part_at, sizeof at);
		memcpy(len, rw->part_len, sizeof len);
		for (int p = 0; p < np && q->nunits < MAX_UNITS; p++) {
			char piece[WORD_MAX_BYTES + 1];
			memcpy(piece, un->s + at[p], (size_t)len[p]);
			piece[len[p]] = '\0';
			bool minor = listed(s->minor, s->nminor, piece);
			sodium_memzero(piece, sizeof piece);   /* a piece of what was typed */
			set_unit(s, q, q->nunits, un->s + at[p], len[p], w, minor);
			if (!unit_row(s, q, q->nunits++, taken))
				return false;
		}
	}
	return true;
}

/* A unit's meeting with a text: 16 * (0 in a name or alias, 1 in a summary,
 * 2 with typing errors) + its score; 255 for none. */
enum { GRADE_NONE = 255 };

static int grade_of(unsigned char sc, bool summary)
{
	return ((sc >= SC_TYPO ? 2 : summary ? 1 : 0) * 16 + sc);
}

/* The slot of subject or group `doc` in this query, new ones with no
 * meetings yet; -1 when out of memory. */
static int slot(struct search *s, int doc, int *nseen, int nunits)
{
	if (s->stamp[doc] == s->query_id)
		return s->slot_of[doc];
	int n = *nseen;
	if ((n + 1) * nunits > s->cap_grades) {
		int cap = s->cap_grades ? s->cap_grades : 4096;
		while (cap < (n + 1) * nunits)
			cap *= 2;
		unsigned char *g = realloc(s->grades, (size_t)cap);
		if (g)
			s->grades = g;
		int *w = realloc(s->where, (size_t)cap * sizeof *w);
		if (w)
			s->where = w;
		if (!g || !w)
			return -1;
		s->cap_grades = cap;
	}
	s->stamp[doc] = s->query_id;
	s->slot_of[doc] = n;
	s->seen[n] = doc;
	memset(s->grades + (size_t)n * (size_t)nunits, GRADE_NONE, (size_t)nunits);
	*nseen = n + 1;
	return n;
}

static int by_grade(const void *a, const void *b)
{
	const struct meeting *x = a, *y = b;
	return x->grade != y->grade ? x->grade - y->grade : x->token - y->token;
}

/* Subjects and groups the units met, in s->seen, with each unit's best
 * meeting per slot. Subjects word by word through the postings of the words
 * each unit met, never through texts it did not. Groups through the words
 * units of GROUP_WORD_FROM characters or more met ("dia" is in thousands of
 * group names, and the topics say enough until more is typed), best
 * meeting first, up to GROUP_CANDIDATES of them (a word inside 30,000 group
 * names has better things to show than the 30,000); each group found is
 * then weighed against every unit. Returns the number of slots, -1 when out
 * of memory. */
static int gather(struct search *s, struct query *q)
{
	int nseen = 0, nu = q->nunits, nmeet = 0;
	for (int u = 0; u < nu; u++) {
		const struct unit *un = &q->unit[u];
		const struct row *rw = &s->rows[un->row];
		const unsigned char *score = s->score + (size_t)un->row * (size_t)s->ntokens;
		for (int h = 0; h < rw->nhits; h++) {
			int t = rw->hits[h];
			int in_name = grade_of(score[t], false);
			int in_summary = summary_accepts(un, score[t]) ? grade_of(score[t], true) : GRADE_NONE;
			if (un->chars >= GROUP_WORD_FROM && nmeet < MAX_MEETINGS)
				s->meetings[nmeet++] = (struct meeting){in_name, t};
			for (int p = s->posting_first[t]; p < s->posting_first[t + 1]; p++) {
				int post = s->postings[p], i = post >> 2;
				if (i >= s->nentries)
					break;   /* groups come after */
				int g = post & 2 ? in_summary : in_name;
				if (g == GRADE_NONE)
					continue;
				g = g << 1 | (post & 1);
				int k = slot(s, s->entries[i].subject, &nseen, nu);
				if (k < 0)
					return -1;
				size_t at = (size_t)k * (size_t)nu + (size_t)u;
				if (g < s->grades[at]) {
					s->grades[at] = (unsigned char)g;
					s->where[at] = i;
				}
			}
		}
	}
	if (!s->ngroups || !nmeet)
		return nseen;
	qsort(s->meetings, (size_t)nmeet, sizeof *s->meetings, by_grade);
	int first_group = nseen;
	for (int m = 0; m < nmeet && nseen - first_group < GROUP_CANDIDATES; m++) {
		int t = s->meetings[m].token;
		/* The first posting of a group: postings are in text order. */
		int lo = s->posting_first[t], hi = s->posting_first[t + 1];
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (s->postings[mid] >> 2 < s->nentries)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (int p = lo; p < s->posting_first[t + 1] && nseen - first_group < GROUP_CANDIDATES; p++)
			if (slot(s, s->nsubjects + (s->postings[p] >> 2) - s->nentries, &nseen, nu) < 0)
				return -1;
	}
	for (int k = first_group; k < nseen; k++) {
		int i = s->nentries + s->seen[k] - s->nsubjects, first, end;
		text_tokens(s, i, &first, &end);
		for (int u = 0; u < nu; u++) {
			const unsigned char *score = s->score + (size_t)q->unit[u].row * (size_t)s->ntokens;
			size_t at = (size_t)k * (size_t)nu + (size_t)u;
			for (int j = first; j < end; j++) {
				unsigned char sc = score[s->entry_tokens[j]];
				int g = sc == SC_NONE ? GRADE_NONE : grade_of(sc, false) << 1 | (j > first);
				if (g < s->grades[at]) {
					s->grades[at] = (unsigned char)g;
					s->where[at] = i;
				}
			}
		}
	}
	return nseen;
}

/* How a subject or group matched the query. */
struct verdict {
	int covered, typos, loose;
	enum search_match match;
	enum search_field field;
	int text;               /* the entry shown as the reason, or -1 for a group */
};

static enum search_field field_for(const struct search *s, int entry, int li)
{
	const struct entry *e = &s->entries[entry];
	const struct subject *sub = &s->subjects[e->subject];
	switch (e->field) {
	case SF_NAME: return sub->title[li] == entry ? FIELD_NAME : FIELD_OTHER_NAME;
	case SF_ALIAS: return strcmp(e->lang, s->langs[li]) == 0 ? FIELD_ALIAS : FIELD_OTHER_ALIAS;
	case SF_TOWN: return FIELD_TOWN;
	case SF_POSTCODE: return FIELD_POSTCODE;
	case SF_SUMMARY: return FIELD_SUMMARY;
	}
	return FIELD_OTHER_ALIAS;
}

/* Whether text i is (MATCH_EXACT) or begins with (MATCH_PREFIX) the typed
 * words but minor ones, in their order; -1 if not. */
static int sequence_match(const struct search *s, const struct query *q, int i)
{
	int first, end;
	text_tokens(s, i, &first, &end);
	int nwords = i < s->nentries ? s->entries[i].nwords : end - first, k = 0;
	bool last_equal = false;
	for (int w = 0; w < q->nwords; w++) {
		const struct unit *u = &q->unit[w];
		if (!u->key)
			continue;
		if (k >= nwords)
			return -1;
		const struct token *t = &s->tokens[s->entry_tokens[first + k++]];
		if (!last_equal && k > 1)
			return -1;
		/* The word, or another form of it (cancers: Cancer (general)). */
		int ql = u->stem_len[t->lang];
		last_equal = (t->len == u->len && memcmp(t->s, u->s, (size_t)u->len) == 0) ||
			     (ql >= FORM_FROM && t->stem_len == ql && memcmp(t->stem, u->stem[t->lang], (size_t)ql) == 0);
		if (!last_equal && (t->len < u->len || memcmp(t->s, u->s, (size_t)u->len) != 0))
			return -1;
	}
	return last_equal && nwords == k ? MATCH_EXACT : MATCH_PREFIX;
}

static int grade_class(int g)
{
	return g >> 4;
}

/* How loosely a word met: not at all for the word or its form, a little
 * for its beginning, more inside a compound or as another form's beginning. */
static int loose_of(int sc)
{
	return sc <= SC_FORM || sc >= SC_TYPO ? 0 : sc == SC_START ? 1 : sc == SC_STEM_INSIDE ? 3 : 2;
}

/* What a unit met with grade g covers: its weight; half of it in a
 * summary; nothing for the letters typed wrong. */
static int met_weight(const struct unit *u, int g)
{
	int w = u->weight;
	if (grade_class(g) == 1)
		w = (w + 1) / 2;
	else if (grade_class(g) == 2)
		w -= (g & 15) - SC_TYPO;
	return w > 0 ? w : 0;
}

/* Weighs subject or group `doc` against the query: which of the typed
 * words (or, failing a word, its parts) its texts meet, and how. */
static bool evaluate(const struct search *s, const struct query *q, int slot_index, int li, struct verdict *v)
{
	int doc = s->seen[slot_index];
	const unsigned char *best = s->grades + (size_t)slot_index * (size_t)q->nunits;
	const int *where = s->where + (size_t)slot_index * (size_t)q->nunits;
	bool group = doc >= s->nsubjects;
	int first_text = group ? s->nentries + doc - s->nsubjects : s->subjects[doc].first_entry;
	int ntexts = group ? 1 : s->subjects[doc].nentries;
	unsigned char grade[MAX_UNITS];
	for (int u = 0; u < q->nunits; u++)
		grade[u] = best[u] == GRADE_NONE ? GRADE_NONE : best[u] >> 1;
	/* Per typed word: itself, or the known words inside it, whichever
	 * covers more. The text credited with most is the reason shown. */
	int credit_text[MAX_UNITS], credit[MAX_UNITS], ncredit = 0;
	bool fuzzy = false, summary = false, part = false, stem = false, key_clean = true;
	*v = (struct verdict){0};
	for (int w = 0; w < q->nwords; w++) {
		int whole = grade[w] == GRADE_NONE ? -1 : met_weight(&q->unit[w], grade[w]), parts = 0;
		for (int p = q->nwords; p < q->nunits; p++)
			if (q->unit[p].word == w && grade[p] != GRADE_NONE)
				parts += met_weight(&q->unit[p], grade[p]);
		bool use_whole = whole >= 0 && whole >= parts;
		if (q->unit[w].key && !(use_whole && grade_class(grade[w]) == 0))
			key_clean = false;
		if (whole < 0 && !parts)
			continue;
		int units[1 + SEARCH_MAX_PARTS], nunits = 0;
		if (use_whole) {
			units[nunits++] = w;
			int sc = grade[w] & 15;
			if (grade_class(grade[w]) == 2) {
				fuzzy = true;
				v->typos += sc - SC_TYPO;
			}
			summary |= grade_class(grade[w]) == 1;
			v->loose += loose_of(sc) + (best[w] & 1);
			stem |= sc == SC_STEM || sc == SC_STEM_INSIDE;
		} else {
			part = true;
			v->loose += 1;
			for (int p = q->nwords; p < q->nunits; p++) {
				if (q->unit[p].word != w || grade[p] == GRADE_NONE)
					continue;
				units[nunits++] = p;
				summary |= grade_class(grade[p]) == 1;
				v->loose += loose_of(grade[p] & 15) + (best[p] & 1);
			}
		}
		for (int m = 0; m < nunits; m++) {
			int u = units[m], c = 0, weight = met_weight(&q->unit[u], grade[u]);
			v->covered += weight;
			while (c < ncredit && credit_text[c] != where[u])
				c++;
			if (c == ncredit) {
				credit_text[ncredit] = where[u];
				credit[ncredit++] = 0;
			}
			credit[c] += weight;
		}
	}
	if (!v->covered)
		return false;
	v->match = fuzzy ? MATCH_FUZZY : summary ? MATCH_SUMMARY : part ? MATCH_PART : stem ? MATCH_STEM : MATCH_WORD;
	if (group) {
		v->field = FIELD_NAME;
		v->text = -1;
		if (key_clean && sequence_match(s, q, first_text) >= 0)
			v->match = (enum search_match)sequence_match(s, q, first_text);
		return true;
	}
	int best_c = 0;
	for (int c = 1; c < ncredit; c++)
		if (credit[c] > credit[best_c] ||
		    (credit[c] == credit[best_c] &&
		     field_for(s, credit_text[c], li) < field_for(s, credit_text[best_c], li)))
			best_c = c;
	v->text = credit_text[best_c];
	v->field = field_for(s, v->text, li);
	/* What was typed (but minor words) as a name or alias, or its beginning. */
	if (key_clean) {
		for (int i = first_text; i < first_text + ntexts; i++) {
			if (s->entries[i].field == SF_SUMMARY)
				continue;
			int m = sequence_match(s, q, i);
			if (m < 0)
				continue;
			enum search_field f = field_for(s, i, li);
			if (f != FIELD_NAME)
				m = m == MATCH_EXACT ? MATCH_ALIAS : MATCH_ALIAS_PREFIX;
			if (m < (int)v->match || (m == (int)v->match && f < v->field)) {
				v->match = (enum search_match)m;
				v->field = f;
				v->text = i;
			}
		}
	}
	return true;
}

/* A group's place in the ranking, as search_compare() orders groups (its
 * place in the order of sort keys stands for its sort key). */
static uint64_t group_rank(const struct verdict *v, int order)
{
	uint64_t covered = v->covered > 4095 ? 4095 : (uint64_t)v->covered;
	uint64_t typos = v->typos > 31 ? 31 : (uint64_t)v->typos;
	uint64_t loose = v->loose > 127 ? 127 : (uint64_t)v->loose;
	return (4095 - covered) << 52 | (uint64_t)tier(v->match) << 50 | (uint64_t)v->match << 46 |
	       typos << 41 | loose << 34 | (uint64_t)order;
}

/* Appends a name and key to s->group_text at *used; their offsets to `at`. */
static bool keep_group_text(struct search *s, const char *text, const char *key, size_t *used, size_t at[2])
{
	size_t tl = strlen(text) + 1, kl = strlen(key) + 1;
	if (*used + tl + kl > s->group_text_cap) {
		size_t cap = (s->group_text_cap ? s->group_text_cap : 16384) * 2 + tl + kl;
		char *grown = realloc(s->group_text, cap);
		if (!grown)
			return false;
		s->group_text = grown;
		s->group_text_cap = cap;
	}
	memcpy(s->group_text + *used, text, tl);
	memcpy(s->group_text + *used + tl, key, kl);
	at[0] = *used;
	at[1] = *used + tl;
	*used += tl + kl;
	return true;
}

/* The names and keys of the first n top groups, in one statement (one read
 * of the file, not one per group): found[k] says whether group k's came. */
static void read_group_texts(struct search *s, int n, bool *found)
{
	char ids[GROUP_IDS_BYTES];
	int len = 0;
	for (int k = 0; k < n; k++) {
		found[k] = false;
		len += snprintf(ids + len, sizeof ids - (size_t)len, "%s%lld", k ? "," : "[",
				s->group_row[s->top_groups[k].group]);
	}
	len += snprintf(ids + len, sizeof ids - (size_t)len, "]");
	sqlite3_stmt *st = s->group_text_stmt;
	sqlite3_bind_text(st, 1, ids, len, SQLITE_STATIC);
	size_t used = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long row = sqlite3_column_int64(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *key = (const char *)sqlite3_column_text(st, 2);
		for (int k = 0; k < n && text && key; k++)
			if (!found[k] && s->group_row[s->top_groups[k].group] == row) {
				found[k] = keep_group_text(s, text, key, &used, s->top_text[k]);
				break;
			}
	}
	sqlite3_reset(st);
}

static void put_result(struct search *s, struct search_result *r, const struct verdict *v, int li, int doc)
{
	const struct subject *sub = &s->subjects[doc];
	const struct entry *title = &s->entries[sub->title[li]];
	const struct entry *hit = &s->entries[v->text];
	r->kind = sub->kind;
	r->match = v->match;
	r->field = v->field;
	r->covered = v->covered;
	r->typos = v->typos;
	r->loose = v->loose;
	r->id = sub->id;
	r->title = title->text;
	r->sort_key = title->key;
	r->detail = sub->detail;
	r->via = v->field == FIELD_NAME || v->field == FIELD_SUMMARY || strcmp(hit->text, title->text) == 0
			 ? "" : hit->text;
}

/* Keeps the best `max` results in all[0..*n), best first; a result that
 * makes it gets its target. Most results of a short query are compared
 * once, with the last kept, and go. */
static void keep_best(struct search_result *all, int *n, int max, const struct search_result *r,
		      const char *target)
{
	if (*n == max && search_compare(r, &all[max - 1]) >= 0)
		return;
	int lo = 0, hi = *n < max ? *n : max - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (search_compare(&all[mid], r) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	int last = *n < max ? (*n)++ : max - 1;
	memmove(&all[lo + 1], &all[lo], (size_t)(last - lo) * sizeof *all);
	all[lo] = *r;
	snprintf(all[lo].target, sizeof all[lo].target, "%s", target);
}

static bool grow_top(struct search *s, int max)
{
	if (max <= s->cap_top)
		return true;
	struct top_group *top = realloc(s->top_groups, (size_t)max * sizeof *top);
	if (top)
		s->top_groups = top;
	size_t(*text)[2] = realloc(s->top_text, (size_t)max * sizeof *text);
	if (text)
		s->top_text = text;
	if (!top || !text)
		return false;
	s->cap_top = max;
	return true;
}

int search_run(struct search *s, const char *query, const char *lang, struct search_result *out, int max)
{
	struct query *q = &s->q;
	int n = 0, ntop = 0;
	if (max <= 0)
		return 0;
	if (max > SEARCH_MAX_RESULTS)
		max = SEARCH_MAX_RESULTS;   /* no screen or staff member reads more */
	if (++s->query_id == 0) {
		memset(s->stamp, 0, (size_t)(s->nsubjects + s->ngroups) * sizeof *s->stamp);
		s->query_id = 1;
	}
	if (!parse_query(s, query, q)) {
		n = q->key ? 0 : -1;
		goto done;
	}
	if (!score_units(s, q) ||
	    !grow((void **)&s->all, &s->cap_all, 2 * max, sizeof *s->all) ||
	    !grow_top(s, max)) {
		n = -1;
		goto done;
	}
	int li = lang_index(s, lang);
	int nseen = gather(s, q);
	if (nseen < 0) {
		n = -1;
		goto done;
	}
	for (int k = 0; k < nseen; k++) {
		int doc = s->seen[k];
		struct verdict v;
		if (!evaluate(s, q, k, li, &v))
			continue;
		if (doc < s->nsubjects) {
			struct search_result r;
			put_result(s, &r, &v, li, doc);
			keep_best(s->all, &n, max, &r, s->subjects[doc].target);
			continue;
		}
		/* Groups: only the best `max` are read from the file. */
		int g = doc - s->nsubjects;
		uint64_t rank = group_rank(&v, s->group_order[g]);
		if (ntop == max && rank >= s->top_groups[ntop - 1].rank)
			continue;
		int at = ntop < max ? ntop++ : ntop - 1;
		while (at > 0 && s->top_groups[at - 1].rank > rank) {
			s->top_groups[at] = s->top_groups[at - 1];
			at--;
		}
		s->top_groups[at] = (struct top_group){rank, g};
	}
	/* Groups as results, still without their names: a group and a subject
	 * are ordered before their sort keys are compared (kinds differ), two
	 * groups by their ranks. Only the groups among the first `max` are then
	 * read from the file. */
	int nsub = n, taken_groups = 0;
	for (int k = 0; k < ntop; k++) {
		uint64_t rank = s->top_groups[k].rank;
		struct search_result *r = &s->all[n + k];
		/* Undo group_rank(). */
		r->kind = SEARCH_GROUP;
		r->covered = 4095 - (int)(rank >> 52);
		r->match = (enum search_match)((rank >> 46) & 15);
		r->typos = (int)((rank >> 41) & 31);
		r->loose = (int)((rank >> 34) & 127);
		r->field = FIELD_NAME;
		r->id = s->group_id[s->top_groups[k].group];
		r->via = r->detail = r->title = r->sort_key = "";
	}
	for (int i = 0, j = 0; i + j < max && j < ntop;) {
		if (i < nsub && search_compare(&s->all[i], &s->all[nsub + j]) <= 0)
			i++;
		else
			taken_groups = ++j;
	}
	bool found[SEARCH_MAX_RESULTS];
	read_group_texts(s, taken_groups, found);
	int kept = 0;
	for (int k = 0; k < taken_groups; k++) {
		if (!found[k])
			continue;   /* not in the file after all: left out */
		struct search_result *r = &s->all[nsub + kept++];
		*r = s->all[nsub + k];
		snprintf(r->target, sizeof r->target, "group:%lld", r->id);
		/* Pointers now that the text buffer stays put. */
		r->title = s->group_text + s->top_text[k][0];
		r->sort_key = s->group_text + s->top_text[k][1];
	}
	n = nsub + kept;
	qsort(s->all, (size_t)n, sizeof *s->all, search_compare);
	if (n > max)
		n = max;
	memcpy(out, s->all, (size_t)n * sizeof *out);
done:
	if (q->key)
		sodium_memzero(q->key, q->key_size);   /* the query, folded */
	free(q->key);
	q->key = NULL;
	return n;
}

void search_forget(struct search *s)
{
	if (!s)
		return;
	/* The typed words: their characters and stems, the rows of scores kept
	 * for the next keystroke (each names its word), and what they met. */
	sodium_memzero(&s->q, sizeof s->q);
	for (int r = 0; r < MAX_UNITS; r++) {
		struct row *rw = &s->rows[r];
		if (rw->hits)
			sodium_memzero(rw->hits, (size_t)rw->cap_hits * sizeof *rw->hits);
		int *hits = rw->hits, cap_hits = rw->cap_hits;
		sodium_memzero(rw, sizeof *rw);   /* "" = free: scored anew */
		rw->hits = hits;
		rw->cap_hits = cap_hits;
	}
	sodium_memzero(s->score, (size_t)MAX_UNITS * (size_t)(s->ntokens ? s->ntokens : 1));
	if (s->cap_grades) {
		sodium_memzero(s->grades, (size_t)s->cap_grades);
		sodium_memzero(s->where, (size_t)s->cap_grades * sizeof *s->where);
	}
	sodium_memzero(s->meetings, MAX_MEETINGS * sizeof *s->meetings);
	sodium_memzero(s->all, (size_t)s->cap_all * sizeof *s->all);
	if (s->cap_top) {
		sodium_memzero(s->top_groups, (size_t)s->cap_top * sizeof *s->top_groups);
		sodium_memzero(s->top_text, (size_t)s->cap_top * sizeof *s->top_text);
	}
	if (s->group_text)
		sodium_memzero(s->group_text, s->group_text_cap);
	blank_stemmers(s);
}
