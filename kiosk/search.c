/* search — finding topics, contact points, groups and pages by words.
 *
 * The index is built once, by the staff tool, from the statements below: the
 * kiosk never builds it at start. Indexed texts and typed queries both go
 * through search_key(), so both sides of a comparison are spelt alike.
 *
 * A visitor types a few letters at a time and expects the topic they mean on
 * top before they finish, typos and all. The few thousand names and aliases of
 * topics, contact points and pages are therefore matched here, in memory, word
 * by word against a vocabulary of their distinct words (prefix, part of a
 * compound, or within one or two typing errors); the up to 100,000 group names
 * stay in the file and are found through its FTS5 trigram index. One
 * comparator, search_compare(), decides the order of everything. The kiosk
 * and `wegweiser-content search` both call search_run(): there is no second
 * copy of a rule. Nothing here keeps or logs what was typed. */
#include "search.h"

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
#define TOKEN_FUZZY_MAX 48      /* longer words are compared by their beginning */
#define GROUP_CANDIDATES 120    /* groups read from the index per query */
#define GROUP_WORD_FROM 4       /* groups are searched once a word is this long */
#define TRIGRAM_PHRASE_MAX 10   /* bytes of a word looked up inside compounds */
#define FUZZY_ONE_FROM 5        /* a word this long may have one typing error */
#define FUZZY_TWO_FROM 7        /* and from this length two */
#define FUZZY_INSIDE_FROM 8     /* one error inside a compound, from this length */
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

size_t search_key(const char *in, size_t len, char *out)
{
	size_t n = fold_text(in, len, out), k = 0;
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
		/* Writing behind the reading position: the key is never longer. */
		memmove(out + k, start, (size_t)(p - start));
		k += (size_t)(p - start);
		/* ae, oe, ue: the spelling of ä, ö, ü without umlauts */
		if (cp == 'e' && k >= 2 && (out[k - 2] == 'a' || out[k - 2] == 'o' || out[k - 2] == 'u'))
			k--;
	}
	out[k] = '\0';
	return k;
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
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);
	char *out = malloc(len + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	search_key(in, len, out);
	sqlite3_result_text(ctx, out, -1, free);
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

int search_compare(const void *pa, const void *pb)
{
	const struct search_result *a = pa, *b = pb;
	bool fa = a->match == MATCH_FUZZY, fb = b->match == MATCH_FUZZY;
	if (fa != fb)
		return fa ? 1 : -1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->match != b->match)
		return a->match < b->match ? -1 : 1;
	if (a->typos != b->typos)
		return a->typos < b->typos ? -1 : 1;
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
	else if (r->field == FIELD_TOWN)
		snprintf(what, sizeof what, "town %s", r->via);
	else if (r->field == FIELD_POSTCODE)
		snprintf(what, sizeof what, "postcode %s", r->via);
	else
		snprintf(what, sizeof what, "%s → %s", r->via, r->title);
	switch (r->match) {
	case MATCH_EXACT: snprintf(buf, size, "exact name"); break;
	case MATCH_PREFIX: snprintf(buf, size, "name prefix"); break;
	case MATCH_ALIAS: snprintf(buf, size, "%s", what); break;
	case MATCH_WORD: snprintf(buf, size, "word in %s", what); break;
	case MATCH_FUZZY:
		snprintf(buf, size, "%d letter%s off: %s", r->typos, r->typos == 1 ? "" : "s", what);
		break;
	}
}

/* ---- what is held in memory ------------------------------------------------- */

/* A distinct word of the names and aliases. */
struct token {
	const char *s;
	int len;
	uint64_t letters;       /* which letters occur: a cheap bound for typos */
};

enum stored_field { SF_NAME, SF_ALIAS, SF_TOWN, SF_POSTCODE };

/* One searchable text of a subject. */
struct entry {
	int subject;
	enum stored_field field;
	char lang[3];           /* "" for every language */
	const char *text, *key;
	int keylen;
	int first_token, ntokens;       /* in entry_tokens */
};

/* A topic, contact point or page. */
struct subject {
	enum search_kind kind;
	long long id;
	const char *target, *detail;
	int first_entry, nentries;
	int title[MAX_LANGS];   /* the entry that names it in each language */
};

/* How a subject matched best in the current query. */
struct verdict {
	signed char match;      /* enum search_match, or -1 */
	unsigned char typos;
	unsigned char field;
	int entry;
};

struct search {
	sqlite3_stmt *group_words, *group_trigrams;
	struct arena *arena;
	char langs[MAX_LANGS][3];
	int nlangs;

	struct subject *subjects;
	int nsubjects;
	struct entry *entries;
	int nentries, cap_entries;
	int *entry_tokens;
	int nentry_tokens, cap_entry_tokens;
	struct token *tokens;
	int ntokens, cap_tokens;
	uint32_t *slots;        /* token id + 1 by hash; 0 is free */
	uint32_t nslots;

	/* Per query. How each typed word meets each word of the vocabulary, a
	 * row per word, kept for the next query: while a visitor types, only
	 * the last word changes. */
	unsigned char *score;   /* SEARCH_MAX_WORDS rows of ntokens */
	char row_word[SEARCH_MAX_WORDS][SEARCH_MAX_QUERY + 1];   /* "" = no row */
	struct verdict *best;   /* per subject */
	struct search_result *all;
	int cap_all;
	char *group_text;
	size_t group_text_cap;
};

static uint64_t letters_of(const char *s, int n)
{
	uint64_t m = 0;
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int bit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? 26 + c - '0' : 36 + c % 28;
		m |= (uint64_t)1 << bit;
	}
	return m;
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
		uint32_t at = (uint32_t)hash_bytes(s->tokens[i].s, (size_t)s->tokens[i].len) & (nslots - 1);
		while (slots[at])
			at = (at + 1) & (nslots - 1);
		slots[at] = (uint32_t)i + 1;
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = nslots;
	return true;
}

/* The id of a word in the vocabulary, added if new; -1 when out of memory. */
static int token_id(struct search *s, const char *w, int n)
{
	if ((uint32_t)(s->ntokens + 1) * 2 > s->nslots && !rehash(s, s->nslots ? s->nslots * 2 : 1024))
		return -1;
	uint32_t at = (uint32_t)hash_bytes(w, (size_t)n) & (s->nslots - 1);
	for (; s->slots[at]; at = (at + 1) & (s->nslots - 1)) {
		const struct token *t = &s->tokens[s->slots[at] - 1];
		if (t->len == n && memcmp(t->s, w, (size_t)n) == 0)
			return (int)s->slots[at] - 1;
	}
	if (!grow((void **)&s->tokens, &s->cap_tokens, s->ntokens + 1, sizeof *s->tokens))
		return -1;
	const char *copy = arena_strndup(s->arena, w, (size_t)n);
	if (!copy)
		return -1;
	s->tokens[s->ntokens] = (struct token){copy, n, letters_of(w, n)};
	s->slots[at] = (uint32_t)++s->ntokens;
	return s->ntokens - 1;
}

static bool add_entry_token(struct search *s, const char *w, int n)
{
	int id = token_id(s, w, n);
	if (id < 0 || !grow((void **)&s->entry_tokens, &s->cap_entry_tokens, s->nentry_tokens + 1,
			    sizeof *s->entry_tokens))
		return false;
	s->entry_tokens[s->nentry_tokens++] = id;
	return true;
}

/* An entry's words, and for a name of several words also all of them
 * written as one ("Down-Syndrom" is found as "downsyndrom"). */
static bool tokenize_entry(struct search *s, struct entry *e)
{
	e->first_token = s->nentry_tokens;
	char joined[NAME_BYTES * 2];
	int nj = 0, words = 0;
	for (const char *p = e->key; *p;) {
		const char *end = strchr(p, ' ');
		int n = end ? (int)(end - p) : (int)strlen(p);
		if (!add_entry_token(s, p, n))
			return false;
		if (nj + n < (int)sizeof joined) {
			memcpy(joined + nj, p, (size_t)n);
			nj += n;
		}
		words++;
		p += n + (end ? 1 : 0);
	}
	if (words > 1 && !add_entry_token(s, joined, nj))
		return false;
	e->ntokens = s->nentry_tokens - e->first_token;
	return true;
}

static enum stored_field stored_field(const char *f)
{
	if (strcmp(f, "alias") == 0)
		return SF_ALIAS;
	if (strcmp(f, "town") == 0)
		return SF_TOWN;
	if (strcmp(f, "postcode") == 0)
		return SF_POSTCODE;
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

static const char load_sql[] =
	"SELECT CASE e.kind WHEN 'alias' THEN 'topic' ELSE e.kind END AS k, e.ref_id,"
	" coalesce(e.lang, ''), e.field, e.text, e.folded,"
	" CASE e.kind WHEN 'contact' THEN 'contact:' || e.ref_id"
	"  WHEN 'page' THEN (SELECT 'page:' || slug FROM page WHERE id = e.ref_id)"
	"  ELSE (SELECT 'topic:' || slug FROM topic WHERE id = e.ref_id) END"
	" FROM search_entry e WHERE e.kind <> 'group' AND e.field <> 'summary'"
	" ORDER BY k, e.ref_id, e.id";

static const char group_words_sql[] =
	"SELECT e.ref_id, e.text, e.folded FROM search_words"
	" JOIN search_entry e ON e.id = search_words.rowid"
	" WHERE search_words MATCH ?1 AND e.kind = 'group' LIMIT ?2";

static const char group_trigrams_sql[] =
	"SELECT e.ref_id, e.text, e.folded FROM search_trigrams"
	" JOIN search_entry e ON e.id = search_trigrams.rowid"
	" WHERE search_trigrams MATCH ?1 AND e.kind = 'group' LIMIT ?2";

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

static bool load(struct search *s, sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int cap_subjects = 0;
	const char *last_kind = "";
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
		if (s->nsubjects == 0 || id != last_id || kind_of(k) != kind_of(last_kind)) {
			if (!grow((void **)&s->subjects, &cap_subjects, s->nsubjects + 1, sizeof *s->subjects))
				goto nomem;
			struct subject *sub = &s->subjects[s->nsubjects++];
			memset(sub, 0, sizeof *sub);
			sub->kind = kind_of(k);
			sub->id = id;
			sub->target = arena_strndup(s->arena, target, strlen(target));
			sub->detail = "";
			sub->first_entry = s->nentries;
			if (!sub->target)
				goto nomem;
			last_kind = sub->kind == SEARCH_CONTACT ? "contact" : sub->kind == SEARCH_PAGE ? "page" : "topic";
			last_id = id;
		}
		if (!grow((void **)&s->entries, &s->cap_entries, s->nentries + 1, sizeof *s->entries))
			goto nomem;
		struct entry *e = &s->entries[s->nentries];
		const char *lang = (const char *)sqlite3_column_text(st, 2);
		const char *field = (const char *)sqlite3_column_text(st, 3);
		const char *text = (const char *)sqlite3_column_text(st, 4);
		const char *key = (const char *)sqlite3_column_text(st, 5);
		e->subject = s->nsubjects - 1;
		e->field = stored_field(field ? field : "");
		snprintf(e->lang, sizeof e->lang, "%.2s", lang ? lang : "");
		e->text = arena_strndup(s->arena, text ? text : "", text ? strlen(text) : 0);
		e->keylen = key ? (int)strlen(key) : 0;
		e->key = arena_strndup(s->arena, key ? key : "", (size_t)e->keylen);
		if (!e->text || !e->key || !tokenize_entry(s, e))
			goto nomem;
		s->nentries++;
		s->subjects[s->nsubjects - 1].nentries++;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	find_titles(s);
	for (int i = 0; i < s->nsubjects; i++)
		if (s->subjects[i].kind == SEARCH_CONTACT && !contact_detail(s, &s->subjects[i]))
			goto nomem;
	s->score = malloc((size_t)SEARCH_MAX_WORDS * (size_t)(s->ntokens ? s->ntokens : 1));
	s->best = calloc((size_t)(s->nsubjects ? s->nsubjects : 1), sizeof *s->best);
	s->cap_all = s->nsubjects + GROUP_CANDIDATES;
	s->all = calloc((size_t)s->cap_all, sizeof *s->all);
	if (!s->score || !s->best || !s->all)
		goto nomem;
	if (sqlite3_prepare_v3(db, group_words_sql, -1, SQLITE_PREPARE_PERSISTENT, &s->group_words, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v3(db, group_trigrams_sql, -1, SQLITE_PREPARE_PERSISTENT, &s->group_trigrams, NULL) !=
		    SQLITE_OK)
		goto fail;
	return true;
nomem:
	snprintf(err, errlen, "search: out of memory");
	sqlite3_finalize(st);
	return false;
fail:
	snprintf(err, errlen, "search index: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return false;
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
		search_close(s);
		return NULL;
	}
	if (!load(s, db, err, errlen)) {
		search_close(s);
		return NULL;
	}
	return s;
}

void search_close(struct search *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->group_words);
	sqlite3_finalize(s->group_trigrams);
	arena_free(s->arena);
	free(s->subjects);
	free(s->entries);
	free(s->entry_tokens);
	free(s->tokens);
	free(s->slots);
	free(s->score);
	free(s->best);
	free(s->all);
	free(s->group_text);
	free(s);
}

/* ---- matching --------------------------------------------------------------- */

/* How a typed word meets a word of a name: */
enum {
	SCORE_START = 0,        /* begins it */
	SCORE_INSIDE = 1,       /* is inside it, as in a compound */
	SCORE_TYPO = 2,         /* SCORE_TYPO + n: within n typing errors */
	SCORE_NONE = 255,
};

struct word {
	const char *s;
	int len, max_typos;
	uint64_t letters;
};

struct query {
	const char *key;
	int len;
	struct word word[SEARCH_MAX_WORDS];
	int nwords;
};

/* Typing errors forgiven in a typed word: none in short words (too many
 * words are one letter from a short one) and none in numbers (a postcode one
 * digit off is another place). */
static int allowed_typos(const char *w, int len)
{
	for (int i = 0; i < len; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return 0;
	return len >= FUZZY_TWO_FROM ? 2 : len >= FUZZY_ONE_FROM ? 1 : 0;
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

/* Typing errors between a typed word w and a word t: the fewest letters
 * changed, added, dropped, or swapped with their neighbour (optimal string
 * alignment) that turn w into the beginning of t, or with `anywhere` into
 * any part of t. Anything above max comes back as max + 1. From the start
 * of t only cells within max of the diagonal can stay within max, so only
 * that band is computed. */
static int typing_errors(const char *w, int m, const char *t, int n, int max, bool anywhere)
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

static unsigned char word_score(const struct word *w, const struct token *t)
{
	if (t->len >= w->len && t->s[0] == w->s[0] && memcmp(t->s, w->s, (size_t)w->len) == 0)
		return SCORE_START;
	if (w->len >= 3 && contains(t->s + 1, t->len - 1, w->s, w->len))
		return SCORE_INSIDE;
	int max = w->max_typos;
	if (!max || t->len + max < w->len || __builtin_popcountll(w->letters & ~t->letters) > max)
		return SCORE_NONE;
	/* From the start of t, typing errors are forgiven after the first letter
	 * (or in the first two, swapped): people rarely miss the letter they
	 * start with, and trying every word of the vocabulary at every key
	 * costs too much. Inside a compound, one error, if a third of the word
	 * is there as typed. */
	int d = max + 1;
	if (w->s[0] == t->s[0] || (t->len > 1 && w->s[0] == t->s[1] && w->s[1] == t->s[0]))
		d = typing_errors(w->s, w->len, t->s, t->len, max, false);
	if (d > max && w->len >= FUZZY_INSIDE_FROM && t->len > w->len && piece_inside(w->s, w->len, t->s, t->len))
		d = typing_errors(w->s, w->len, t->s, t->len, 1, true) <= 1 ? 1 : max + 1;
	return d <= max ? (unsigned char)(SCORE_TYPO + d) : SCORE_NONE;
}

static bool parse_query(const char *text, char *key, struct query *q)
{
	size_t len = utf8_prefix(text, SEARCH_MAX_QUERY);   /* whole characters */
	q->key = key;
	q->len = (int)search_key(text, len, key);
	q->nwords = 0;
	for (const char *p = key; *p && q->nwords < SEARCH_MAX_WORDS;) {
		const char *end = strchr(p, ' ');
		struct word *w = &q->word[q->nwords++];
		w->s = p;
		w->len = end ? (int)(end - p) : (int)strlen(p);
		w->max_typos = allowed_typos(w->s, w->len);
		w->letters = letters_of(w->s, w->len);
		p += w->len + (end ? 1 : 0);
	}
	if (q->nwords == SEARCH_MAX_WORDS)   /* further words are not looked at */
		q->len = (int)(q->word[q->nwords - 1].s + q->word[q->nwords - 1].len - key);
	return q->nwords > 0;
}

/* How a text matches the query (an enum search_match, or -1 if not at all),
 * from its whole key and its words' scores (`score(ctx, i, w)`: how typed
 * word w meets the text's i-th word). */
static int match_text(const struct query *q, const char *key, int keylen, int *typos,
				    unsigned char (*score)(const void *ctx, int i, int w),
				    const void *ctx, int nwords_text)
{
	*typos = 0;
	if (keylen >= q->len && key[0] == q->key[0] && memcmp(key, q->key, (size_t)q->len) == 0)
		return keylen == q->len ? MATCH_EXACT : MATCH_PREFIX;
	for (int w = 0; w < q->nwords; w++) {
		unsigned char best = SCORE_NONE;
		for (int i = 0; i < nwords_text && best; i++) {
			unsigned char sc = score(ctx, i, w);
			if (sc < best)
				best = sc;
		}
		if (best == SCORE_NONE)
			return -1;
		if (best >= SCORE_TYPO)
			*typos += best - SCORE_TYPO;
	}
	return *typos ? MATCH_FUZZY : MATCH_WORD;
}

struct entry_ctx {
	const struct search *s;
	const struct entry *e;
	unsigned char *const *row;      /* per typed word */
};

static unsigned char entry_score(const void *ctx, int i, int w)
{
	const struct entry_ctx *c = ctx;
	return c->row[w][c->s->entry_tokens[c->e->first_token + i]];
}

struct group_ctx {
	const struct query *q;
	const char *word[64];
	int len[64];
};

/* Group names are not in the vocabulary: their words are met directly, and
 * without typing errors (there are too many to guess at). */
static unsigned char group_score(const void *ctx, int i, int w)
{
	const struct group_ctx *c = ctx;
	const struct word *qw = &c->q->word[w];
	if (c->len[i] >= qw->len && memcmp(c->word[i], qw->s, (size_t)qw->len) == 0)
		return SCORE_START;
	if (qw->len >= 3 && contains(c->word[i] + 1, c->len[i] - 1, qw->s, qw->len))
		return SCORE_INSIDE;
	return SCORE_NONE;
}

static bool better(const struct verdict *a, const struct verdict *b)
{
	if (b->match < 0)
		return true;
	bool fa = a->match == MATCH_FUZZY, fb = b->match == MATCH_FUZZY;
	if (fa != fb)
		return fb;
	if (a->match != b->match)
		return a->match < b->match;
	if (a->typos != b->typos)
		return a->typos < b->typos;
	return a->field < b->field;
}

static enum search_field field_for(const struct search *s, const struct entry *e, int entry, int li)
{
	const struct subject *sub = &s->subjects[e->subject];
	switch (e->field) {
	case SF_NAME: return sub->title[li] == entry ? FIELD_NAME : FIELD_OTHER_NAME;
	case SF_ALIAS: return strcmp(e->lang, s->langs[li]) == 0 ? FIELD_ALIAS : FIELD_OTHER_ALIAS;
	case SF_TOWN: return FIELD_TOWN;
	case SF_POSTCODE: return FIELD_POSTCODE;
	}
	return FIELD_OTHER_ALIAS;
}

/* Several words may meet different texts of one subject ("selbstmord
 * angehörige": the alias Selbstmord and the alias Angehörige nach Suizid).
 * For subjects no single text matched: each word's best text; the text shown
 * as the reason is the first that is not the title. */
static void match_across_entries(struct search *s, const struct query *q, int li, unsigned char *const *row)
{
	for (int i = 0; i < s->nsubjects; i++) {
		const struct subject *sub = &s->subjects[i];
		if (s->best[i].match >= 0)
			continue;
		int typos = 0, via = -1;
		bool all = true;
		for (int w = 0; w < q->nwords && all; w++) {
			unsigned char best = SCORE_NONE;
			int where = -1;
			for (int e = sub->first_entry; e < sub->first_entry + sub->nentries && best; e++) {
				const struct entry *en = &s->entries[e];
				for (int t = 0; t < en->ntokens; t++) {
					unsigned char sc = row[w][s->entry_tokens[en->first_token + t]];
					if (sc < best) {
						best = sc;
						where = e;
					}
				}
			}
			all = best != SCORE_NONE;
			if (best != SCORE_NONE && best >= SCORE_TYPO)
				typos += best - SCORE_TYPO;
			if (where >= 0 && via < 0 && where != sub->title[li])
				via = where;
		}
		if (!all)
			continue;
		if (via < 0)
			via = sub->title[li];
		s->best[i] = (struct verdict){typos ? MATCH_FUZZY : MATCH_WORD, (unsigned char)typos,
					      (unsigned char)field_for(s, &s->entries[via], via, li), via};
	}
}

/* Topics, contact points and pages, from memory. Returns results added. */
static int match_subjects(struct search *s, const struct query *q, int li)
{
	/* Each typed word's row of scores: kept from an earlier query, or
	 * computed into a row no word of this query needs. */
	unsigned char *row[SEARCH_MAX_WORDS];
	bool taken[SEARCH_MAX_WORDS] = {false};
	int slot_of[SEARCH_MAX_WORDS];
	for (int w = 0; w < q->nwords; w++) {
		slot_of[w] = -1;
		for (int r = 0; r < SEARCH_MAX_WORDS && slot_of[w] < 0; r++)
			if (!taken[r] && (int)strlen(s->row_word[r]) == q->word[w].len &&
			    memcmp(s->row_word[r], q->word[w].s, (size_t)q->word[w].len) == 0)
				slot_of[w] = r;
		if (slot_of[w] >= 0)
			taken[slot_of[w]] = true;
	}
	for (int w = 0; w < q->nwords; w++) {
		if (slot_of[w] < 0) {
			int r = 0;
			while (taken[r])
				r++;
			taken[r] = true;
			slot_of[w] = r;
			unsigned char *fresh = s->score + (size_t)r * (size_t)s->ntokens;
			for (int t = 0; t < s->ntokens; t++)
				fresh[t] = word_score(&q->word[w], &s->tokens[t]);
			snprintf(s->row_word[r], sizeof s->row_word[r], "%.*s", q->word[w].len, q->word[w].s);
		}
		row[w] = s->score + (size_t)slot_of[w] * (size_t)s->ntokens;
	}
	for (int i = 0; i < s->nsubjects; i++)
		s->best[i].match = -1;
	for (int i = 0; i < s->nentries; i++) {
		const struct entry *e = &s->entries[i];
		struct entry_ctx ctx = {s, e, row};
		int typos;
		int m = match_text(q, e->key, e->keylen, &typos, entry_score, &ctx, e->ntokens);
		if (m < 0)
			continue;
		enum search_field f = field_for(s, e, i, li);
		if (f != FIELD_NAME && (m == MATCH_EXACT || m == MATCH_PREFIX))
			m = MATCH_ALIAS;
		struct verdict v = {(signed char)m, (unsigned char)typos, (unsigned char)f, i};
		if (better(&v, &s->best[e->subject]))
			s->best[e->subject] = v;
	}
	if (q->nwords > 1)
		match_across_entries(s, q, li, row);
	int n = 0;
	for (int i = 0; i < s->nsubjects; i++) {
		const struct verdict *v = &s->best[i];
		if (v->match < 0)
			continue;
		const struct subject *sub = &s->subjects[i];
		const struct entry *title = &s->entries[sub->title[li]];
		const struct entry *hit = &s->entries[v->entry];
		struct search_result *r = &s->all[n++];
		r->kind = sub->kind;
		r->match = (enum search_match)v->match;
		r->field = (enum search_field)v->field;
		r->typos = v->typos;
		r->id = sub->id;
		snprintf(r->target, sizeof r->target, "%s", sub->target);
		r->title = title->text;
		r->sort_key = title->key;
		r->detail = sub->detail;
		r->via = v->field == FIELD_NAME || strcmp(hit->text, title->text) == 0 ? "" : hit->text;
	}
	return n;
}

/* Adds the groups a statement yields that match the query, skipping those
 * already in out[0..n). Their texts go to s->group_text at offset[][]. */
static int read_groups(struct search *s, sqlite3_stmt *st, const struct query *q, struct search_result *out,
		       int n, size_t *used, size_t offset[][2])
{
	while (n < GROUP_CANDIDATES && sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *key = (const char *)sqlite3_column_text(st, 2);
		bool seen = false;
		for (int i = 0; i < n && !seen; i++)
			seen = out[i].id == id;
		if (!text || !key || seen)
			continue;
		struct group_ctx ctx = {.q = q};
		int nw = 0;
		for (const char *p = key; *p && nw < 64;) {
			const char *end = strchr(p, ' ');
			ctx.word[nw] = p;
			ctx.len[nw] = end ? (int)(end - p) : (int)strlen(p);
			p += ctx.len[nw++] + (end ? 1 : 0);
		}
		int typos;
		int m = match_text(q, key, (int)strlen(key), &typos, group_score, &ctx, nw);
		if (m < 0)
			continue;
		size_t tl = strlen(text) + 1, kl = strlen(key) + 1;
		if (*used + tl + kl > s->group_text_cap) {
			size_t cap = (s->group_text_cap ? s->group_text_cap : 16384) * 2 + tl + kl;
			char *g = realloc(s->group_text, cap);
			if (!g)
				break;
			s->group_text = g;
			s->group_text_cap = cap;
		}
		memcpy(s->group_text + *used, text, tl);
		memcpy(s->group_text + *used + tl, key, kl);
		offset[n][0] = *used;
		offset[n][1] = *used + tl;
		*used += tl + kl;
		struct search_result *r = &out[n++];
		r->kind = SEARCH_GROUP;
		r->match = (enum search_match)m;
		r->field = FIELD_NAME;
		r->typos = 0;
		r->id = id;
		snprintf(r->target, sizeof r->target, "group:%lld", id);
		r->via = r->detail = "";
	}
	sqlite3_reset(st);
	return n;
}

/* Groups, from the file's FTS5 indexes, each candidate checked word by word
 * here: first those with words beginning as typed (the word index), then
 * those with the longest typed word inside a compound (the trigram index).
 * Only one phrase goes to the trigram index: intersecting several there
 * costs milliseconds at 100,000 groups, checking them here microseconds. */
static int match_groups(struct search *s, const struct query *q, struct search_result *out)
{
	char expr[SEARCH_MAX_QUERY * 2 + 64];
	int len = 0, longest = 0;
	for (int w = 0; w < q->nwords; w++)
		if (q->word[w].len > q->word[longest].len)
			longest = w;
	if (q->word[longest].len < GROUP_WORD_FROM)
		return 0;   /* "dia" is inside thousands of group names: type on */
	for (int w = 0; w < q->nwords; w++)
		len += snprintf(expr + len, sizeof expr - (size_t)len, "%s\"%.*s\"*", len ? " " : "",
				q->word[w].len, q->word[w].s);
	size_t used = 0, offset[GROUP_CANDIDATES][2];
	sqlite3_bind_text(s->group_words, 1, expr, len, SQLITE_STATIC);
	sqlite3_bind_int(s->group_words, 2, GROUP_CANDIDATES);
	int n = read_groups(s, s->group_words, q, out, 0, &used, offset);
	if (n < GROUP_CANDIDATES) {
		const struct word *w = &q->word[longest];
		/* Whole characters: the word ends at a space or NUL. */
		int cut = (int)utf8_prefix(w->s, w->len < TRIGRAM_PHRASE_MAX ? (size_t)w->len : TRIGRAM_PHRASE_MAX);
		len = snprintf(expr, sizeof expr, "\"%.*s\"", cut, w->s);
		sqlite3_bind_text(s->group_trigrams, 1, expr, len, SQLITE_STATIC);
		sqlite3_bind_int(s->group_trigrams, 2, GROUP_CANDIDATES);
		n = read_groups(s, s->group_trigrams, q, out, n, &used, offset);
	}
	for (int i = 0; i < n; i++) {   /* now that the text buffer stays put */
		out[i].title = s->group_text + offset[i][0];
		out[i].sort_key = s->group_text + offset[i][1];
	}
	sodium_memzero(expr, sizeof expr);   /* the query's words */
	return n;
}

void search_forget(struct search *s)
{
	if (!s)
		return;
	sodium_memzero(s->row_word, sizeof s->row_word);   /* "" = no row: scored anew */
	/* The full-text index's tokenizer keeps the last text it folded (a
	 * query) in a buffer of its own for as long as the connection lives:
	 * one harmless word as long as the longest query is folded over it. */
	char blank[SEARCH_MAX_QUERY + 3];
	memset(blank, 'x', sizeof blank);
	blank[0] = blank[sizeof blank - 2] = '"';
	blank[sizeof blank - 1] = '\0';
	sqlite3_bind_text(s->group_words, 1, blank, -1, SQLITE_STATIC);
	sqlite3_bind_int(s->group_words, 2, 1);
	while (sqlite3_step(s->group_words) == SQLITE_ROW)
		;
	sqlite3_reset(s->group_words);
	sqlite3_clear_bindings(s->group_words);
}

int search_run(struct search *s, const char *query, const char *lang, struct search_result *out, int max)
{
	char key[SEARCH_MAX_QUERY + 1];
	struct query q;
	if (!parse_query(query, key, &q) || max <= 0) {
		sodium_memzero(key, sizeof key);
		return 0;
	}
	int li = 0;
	for (int l = 0; l < s->nlangs; l++)
		if (lang && strcmp(lang, s->langs[l]) == 0)
			li = l;
	int n = match_subjects(s, &q, li);
	n += match_groups(s, &q, s->all + n);
	qsort(s->all, (size_t)n, sizeof *s->all, search_compare);
	if (n > max)
		n = max;
	memcpy(out, s->all, (size_t)n * sizeof *out);
	sodium_memzero(key, sizeof key);   /* the query, folded */
	return n;
}
