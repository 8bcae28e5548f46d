/* search_internal — what the files of the search share: the vocabulary
 * search_open() builds, the query search_run() weighs, and the few functions
 * one of them offers the others. Only kiosk/search*.c include it; everything
 * else goes through search.h. */
#ifndef WW_SEARCH_INTERNAL_H
#define WW_SEARCH_INTERNAL_H

#include <libstemmer.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* Snowball's stemmers, as Debian names the library (opened by search_open). */
#define SEARCH_STEMMER_LIBRARY "libstemmer.so.0d"

#include "search.h"
#include "utf8.h"

#define MAX_LANGS 8
#define GROUP_TEXTS 4           /* read per group shown: name, key, postcode, town */
#define MAX_UNITS (SEARCH_MAX_WORDS * (1 + SEARCH_MAX_PARTS))
#define TOKEN_FUZZY_MAX 48      /* longer words are compared by their beginning */
#define MAX_MEETINGS 4096       /* vocabulary words met that gather groups */
#define STEM_FROM 4             /* shorter stems say too little as a word's beginning */
#define FORM_FROM 3             /* equal stems this long make two forms of a word */
#define HEAD_CHARS 8            /* a word's beginning, for a bound on typing errors */
#define WORD_MAX_BYTES (TOKEN_FUZZY_MAX * 4)    /* longer typed words are not looked at */
#define NAME_BYTES (4 * LIMIT_NAME + 1)

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
	const char *target, *postcode, *town;   /* postcode, town: a contact point's, or "" */
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
	size_t (*top_text)[GROUP_TEXTS];   /* where their texts are in group_text */
	int cap_top;
	char *group_text;
	size_t group_text_cap;
};

/* ---- small helpers of every file (inline: they run per word) --------------- */

static inline uint64_t letters_of(const char *s, int n)
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
static inline uint64_t pairs_of(const char *s, int n)
{
	uint64_t m = 0;
	for (int i = 0; i + 1 < n; i++)
		m |= (uint64_t)1 << (((unsigned)(unsigned char)s[i] * 31u + (unsigned char)s[i + 1]) & 63u);
	return m;
}

/* The first `max` characters of s. */
static inline int decode(const char *s, int n, int32_t *out, int max)
{
	int k = 0;
	for (const char *p = s, *end = s + n; p < end && k < max;)
		out[k++] = utf8_next(&p, (size_t)(end - p));
	return k;
}

/* Set bits (no popcount instruction is assumed). */
static inline int bits(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555u);
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
	return (int)((x * 0x0101010101010101u) >> 56);
}

/* Room for `need` elements of `size` bytes in the array *p of *cap (grown
 * by doubling); false when out of memory, the array as it was. */
static inline bool search_grow(void **p, int *cap, int need, size_t size)
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

/* Where the words of text i (a subject's entry, or nentries + a group) are. */
static inline void text_tokens(const struct search *s, int i, int *first, int *end)
{
	if (i < s->nentries) {
		*first = s->entries[i].first_token;
		*end = *first + s->entries[i].ntokens;
	} else {
		*first = s->group_first[i - s->nentries];
		*end = s->group_first[i - s->nentries + 1];
	}
}

/* ---- search_key.c ---------------------------------------------------------- */

/* search_key_dup(), with in *size the bytes of the buffer it returns: the
 * key may fill only their beginning, the rest holding what the text was
 * before (a query's copy is wiped whole). */
char *search_key_buffer(const char *in, size_t len, size_t *keylen, size_t *size);

/* ---- search_vocab.c: the vocabulary ------------------------------------------ */

/* The stem of word w in language li, in `out` (WORD_MAX_BYTES + 1 bytes);
 * w itself when the language has no stemmer. Returns its length. */
int vocab_stem(const struct search *s, int li, const char *w, int n, char *out);
/* Overwrites what the stemmers keep of the last word they stemmed. */
void vocab_blank_stemmers(struct search *s);
/* Whether the vocabulary has word w, or a word whose stem is w. */
bool vocab_knows(const struct search *s, const char *w, int n);
/* Whether w (a search key) is a stop word, or a minor word, of any language. */
bool vocab_is_stop_word(const struct search *s, const char *w);
bool vocab_is_minor_word(const struct search *s, const char *w);
/* The index of language `lang` in search.langs; 0 (the default) if none. */
int vocab_lang(const struct search *s, const char *lang);

/* ---- search_match.c: one typed word against the vocabulary ------------------- */

/* Makes q->unit[u] the typed word (or, with `word` >= 0, the known word
 * inside typed word `word`) w of n bytes, with what matching it needs. */
void match_set_unit(const struct search *s, struct query *q, int u, const char *w, int n, int word, bool minor);
/* Every unit's row of scores against the vocabulary (kept from the last
 * query where the unit is the same); typed compounds that begin no known
 * word get their parts as units of their own. False when out of memory. */
bool match_score_units(struct search *s, struct query *q);

#endif
