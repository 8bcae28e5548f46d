/* search_vocab — the search's vocabulary, built when the search opens.
 *
 * search_open() reads the search index of a content file into memory: the
 * distinct words of every name, alias, summary, town and group name, each
 * with its stem by the Snowball stemmer of its language, and its postings
 * (which texts hold it); topics, contact points and pages with their texts;
 * groups with their words only (their names stay in the file, read by
 * search.c for the results shown); the content's stop and minor words. It
 * is built once and then only read: search_match.c looks words up in it,
 * search.c gathers texts through its postings. Nothing a visitor typed ever
 * reaches it, except through the stemmers, which search_forget() blanks.
 *
 * libstemmer is opened (dynlib.c) when a search first opens, not linked:
 * its 10,800 relocations were a quarter of what the kiosk's start had to
 * link, and its tables 0.7 MB, for a search that opens only after the
 * first frame. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dynlib.h"
#include "hash.h"
#include "search_internal.h"

#define MAX_ENTRY_TOKENS 65535
#define ARENA_BLOCK (64 * 1024)

#define STEMMER_FUNCTIONS(X) X(sb_stemmer_new) X(sb_stemmer_stem) X(sb_stemmer_length) X(sb_stemmer_delete)
#define STEMMER_POINTER(f) __typeof__(f) *f;
#define STEMMER_SYMBOL(f) DYNLIB_SYMBOL(struct stemmer_library, f),

static struct stemmer_library {
	STEMMER_FUNCTIONS(STEMMER_POINTER)
} sb;   /* set once, by the first search_open() */

static const struct dynlib_symbol stemmer_symbols[] = {STEMMER_FUNCTIONS(STEMMER_SYMBOL)};
static struct dynlib stemmer_library = DYNLIB_INIT(SEARCH_STEMMER_LIBRARY, stemmer_symbols, &sb);

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

int vocab_stem(const struct search *s, int li, const char *w, int n, char *out)
{
	const sb_symbol *st = NULL;
	if (s->stemmer[li] && n <= WORD_MAX_BYTES)
		st = sb.sb_stemmer_stem(s->stemmer[li], (const sb_symbol *)w, n);
	int len = st ? sb.sb_stemmer_length(s->stemmer[li]) : n;
	if (len > WORD_MAX_BYTES)
		len = WORD_MAX_BYTES;
	memcpy(out, st ? (const char *)st : w, (size_t)len);
	out[len] = '\0';
	return len;
}

/* A Snowball stemmer keeps the last word it stemmed in a buffer of its
 * own, grown to the longest word so far. A word of WORD_MAX_BYTES, the
 * longest vocab_stem() hands it, stemmed once at open grows the buffer for
 * good, and again at search_forget() covers every word a query left there. */
void vocab_blank_stemmers(struct search *s)
{
	char blank[WORD_MAX_BYTES];
	memset(blank, 'x', sizeof blank);
	for (int l = 0; l < s->nlangs; l++)
		if (s->stemmer[l])
			sb.sb_stemmer_stem(s->stemmer[l], (const sb_symbol *)blank, (int)sizeof blank);
}

bool vocab_knows(const struct search *s, const char *w, int n)
{
	if (!s->nslots)
		return false;
	uint32_t start = (uint32_t)hash_bytes(w, (size_t)n) & (s->nslots - 1);
	for (uint32_t at = start; s->slots[at]; at = (at + 1) & (s->nslots - 1)) {
		const struct token *t = &s->tokens[s->slots[at] - 1];
		if (t->len == n && memcmp(t->s, w, (size_t)n) == 0)
			return true;
	}
	for (uint32_t at = start; n >= STEM_FROM && s->stem_slots[at]; at = (at + 1) & (s->nslots - 1)) {
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
	if (!search_grow((void **)&s->tokens, &s->cap_tokens, s->ntokens + 1, sizeof *s->tokens))
		return -1;
	char stem[WORD_MAX_BYTES + 1];
	int stem_len = vocab_stem(s, li, w, n, stem);
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
	if (id < 0 || !search_grow((void **)&s->entry_tokens, &s->cap_entry_tokens, s->nentry_tokens + 1,
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

int vocab_lang(const struct search *s, const char *lang)
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

/* A group's name and key, and where it meets: its own postcode and town,
 * else its contact point's (as the topic page says). */
static const char group_text_sql[] =
	"SELECT e.id, e.text, e.folded,"
	" CASE WHEN coalesce(g.town, '') <> '' THEN coalesce(g.postcode, '') ELSE coalesce(c.postcode, '') END,"
	" coalesce(nullif(g.town, ''), c.town, '')"
	" FROM json_each(?1) j JOIN search_entry e ON e.id = j.value"
	" LEFT JOIN self_help_group g ON g.id = e.ref_id LEFT JOIN contact_point c ON c.id = g.contact_point_id";

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
		s->stemmer[l] = sb.sb_stemmer_new(s->langs[l], "UTF_8");
	return ok;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool listed(char *const *list, int n, const char *w)
{
	return n && bsearch(&w, list, (size_t)n, sizeof *list, by_string);
}

bool vocab_is_stop_word(const struct search *s, const char *w)
{
	return listed(s->stop, s->nstop, w);
}

bool vocab_is_minor_word(const struct search *s, const char *w)
{
	return listed(s->minor, s->nminor, w);
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
		ok = key && (minor ? search_grow((void **)&s->minor, &cap_minor, s->nminor + 1, sizeof *s->minor)
				   : search_grow((void **)&s->stop, &cap, s->nstop + 1, sizeof *s->stop));
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

/* A contact point's postcode and town: its entries of those fields. */
static void contact_place(struct search *s, struct subject *sub)
{
	for (int e = sub->first_entry; e < sub->first_entry + sub->nentries; e++) {
		if (s->entries[e].field == SF_POSTCODE)
			sub->postcode = s->entries[e].text;
		else if (s->entries[e].field == SF_TOWN)
			sub->town = s->entries[e].text;
	}
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
			if (!search_grow((void **)&s->subjects, &cap_subjects, s->nsubjects + 1, sizeof *s->subjects))
				goto fail;
			struct subject *sub = &s->subjects[s->nsubjects++];
			memset(sub, 0, sizeof *sub);
			sub->kind = kind_of(k);
			sub->id = id;
			sub->target = arena_strndup(s->arena, target, strlen(target));
			sub->postcode = sub->town = "";
			sub->first_entry = s->nentries;
			if (!sub->target)
				goto fail;
			last_kind = sub->kind;
			last_id = id;
		}
		if (!search_grow((void **)&s->entries, &s->cap_entries, s->nentries + 1, sizeof *s->entries))
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
		int words = e->text && e->key ? tokenize(s, e->key, vocab_lang(s, e->lang), !summary, !summary) : -1;
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
		if (s->subjects[i].kind == SEARCH_CONTACT)
			contact_place(s, &s->subjects[i]);
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
		if (!search_grow((void **)&s->group_id, &cap, s->ngroups + 1, sizeof *s->group_id) ||
		    !search_grow((void **)&s->group_row, &cap_row, s->ngroups + 1, sizeof *s->group_row) ||
		    !search_grow((void **)&s->group_first, &cap_first, s->ngroups + 2, sizeof *s->group_first))
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
	if (!search_grow((void **)&s->group_first, &cap_first, s->ngroups + 1, sizeof *s->group_first))
		return false;
	s->group_first[s->ngroups] = s->nentry_tokens;
	return true;
fail:
	sqlite3_finalize(st);
	return false;
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

/* Why the search could not open: what SQLite said, if it said something. */
static void open_failed(sqlite3 *db, char *err, size_t errlen)
{
	int rc = sqlite3_errcode(db);
	if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		snprintf(err, errlen, "search index: %s", sqlite3_errmsg(db));
	else
		snprintf(err, errlen, "search: out of memory, or a text with too many words");
}

struct search *search_open(sqlite3 *db, char *err, size_t errlen)
{
	struct search *s = calloc(1, sizeof *s);
	if (!s || !(s->arena = arena_new(ARENA_BLOCK))) {
		snprintf(err, errlen, "search: out of memory");
		goto fail;
	}
	/* A broken installation: said, rather than searching without stems. */
	if (!dynlib_load(&stemmer_library)) {
		snprintf(err, errlen, "search: no word stemmer: %s", stemmer_library.failure);
		goto fail;
	}
	if (!read_languages(db, s)) {
		snprintf(err, errlen, "search: the content file names no languages");
		goto fail;
	}
	vocab_blank_stemmers(s);
	bool read = read_stop_words(db, s) && load_subjects(s, db) && load_groups(s, db);
	if (read) {
		s->score = malloc((size_t)MAX_UNITS * (size_t)(s->ntokens ? s->ntokens : 1));
		s->stamp = calloc((size_t)(s->nsubjects + s->ngroups + 1), sizeof *s->stamp);
		s->seen = malloc((size_t)(s->nsubjects + s->ngroups + 1) * sizeof *s->seen);
		s->slot_of = malloc((size_t)(s->nsubjects + s->ngroups + 1) * sizeof *s->slot_of);
		s->meetings = malloc(MAX_MEETINGS * sizeof *s->meetings);
		s->cap_all = s->nsubjects + 1;
		s->all = calloc((size_t)s->cap_all, sizeof *s->all);
	}
	if (!read || !s->score || !s->stamp || !s->seen || !s->slot_of || !s->meetings || !s->all ||
	    !build_postings(s) || !hash_stems(s) || !sort_groups(s) ||
	    sqlite3_prepare_v3(db, group_text_sql, -1, SQLITE_PREPARE_PERSISTENT, &s->group_text_stmt, NULL) !=
		    SQLITE_OK) {
		open_failed(db, err, errlen);
		goto fail;
	}
	return s;
fail:
	search_close(s);
	return NULL;
}

void search_close(struct search *s)
{
	if (!s)
		return;
	search_forget(s);   /* freed memory keeps what it held */
	sqlite3_finalize(s->group_text_stmt);
	arena_free(s->arena);
	for (int l = 0; l < s->nlangs; l++)
		if (s->stemmer[l])
			sb.sb_stemmer_delete(s->stemmer[l]);
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
