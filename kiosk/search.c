/* search — finding topics, contact points, groups and pages by words: the
 * query, the ranking, and the API (search.h).
 *
 * A visitor types a few letters at a time, the way they talk ("ich trinke zu
 * viel"), and expects the topic they mean on top before they finish, typos
 * and all. search_run() splits the query into words (leaving out stop words
 * unless they are all there is), has each scored against the vocabulary
 * (search_match.c; the vocabulary is search_vocab.c's, built by
 * search_open()), gathers the texts that hold the words that met through
 * their postings, and weighs each by how much of what was typed it covers:
 * a query is a set of words, and the best covered results win. One
 * comparator, search_compare(), decides the order of everything. The kiosk
 * and `wegweiser-content search` both call search_run(): there is no second
 * copy of a rule. Nothing here logs what was typed, and search_forget()
 * wipes what is kept of it for the next keystroke. */
#include "search.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "search_internal.h"

#define GROUP_WORD_FROM 4       /* groups are gathered by typed words this long */
#define GROUP_CANDIDATES 600    /* groups weighed per query, best meetings first */
#define GROUP_IDS_BYTES (SEARCH_MAX_RESULTS * 21 + 3)   /* "[id,id,...]" */
#define SUMMARY_PREFIX_FROM 4   /* a typed beginning meets summary words from this length */

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
	if (r->field == FIELD_NAME || !*r->via)   /* another language's name, spelt alike */
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

/* ---- the query ------------------------------------------------------------ */

/* Summaries are long everyday texts: a typed word meets them as a whole
 * word, a beginning of some length or a word form, never by a guess. */
static bool summary_accepts(const struct unit *u, unsigned char sc)
{
	return sc == SC_EQUAL || sc == SC_FORM || sc == SC_STEM ||
	       (sc == SC_START && u->chars >= SUMMARY_PREFIX_FROM);
}

/* The typed words, without stop words unless they are all there is. */
static bool parse_query(struct search *s, const char *text, struct query *q)
{
	size_t len = utf8_prefix(text, SEARCH_MAX_QUERY);   /* whole characters */
	q->nwords = q->nunits = 0;
	q->key = search_key_buffer(text, len, NULL, &q->key_size);
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
			stop[n] = vocab_is_stop_word(s, p);
			meaning += !stop[n++];
		}
		p = end ? end + 1 : p + strlen(p);
	}
	for (int i = 0; i < n; i++)
		if (!stop[i] || !meaning)
			match_set_unit(s, q, q->nwords++, word[i], (int)strlen(word[i]), -1,
				       vocab_is_minor_word(s, word[i]));
	bool any_key = false;
	for (int w = 0; w < q->nwords; w++)
		any_key |= q->unit[w].key;
	for (int w = 0; w < q->nwords && !any_key; w++)
		q->unit[w].key = true;   /* minor words are all there is */
	q->nunits = q->nwords;
	return q->nwords > 0;
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

/* Appends a group's texts (columns 1 to GROUP_TEXTS of the statement's
 * row: name, key, postcode, town) to s->group_text at *used; their offsets
 * to `at`. */
static bool keep_group_text(struct search *s, sqlite3_stmt *st, size_t *used, size_t at[GROUP_TEXTS])
{
	const char *text[GROUP_TEXTS];
	size_t len[GROUP_TEXTS], all = 0;
	for (int t = 0; t < GROUP_TEXTS; t++) {
		text[t] = (const char *)sqlite3_column_text(st, t + 1);
		if (!text[t])
			text[t] = "";
		len[t] = strlen(text[t]) + 1;
		all += len[t];
	}
	if (*used + all > s->group_text_cap) {
		size_t cap = (s->group_text_cap ? s->group_text_cap : 16384) * 2 + all;
		char *grown = realloc(s->group_text, cap);
		if (!grown)
			return false;
		s->group_text = grown;
		s->group_text_cap = cap;
	}
	for (int t = 0; t < GROUP_TEXTS; t++) {
		memcpy(s->group_text + *used, text[t], len[t]);
		at[t] = *used;
		*used += len[t];
	}
	return true;
}

/* The names, keys and places of the first n top groups, in one statement (one read
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
		bool named = sqlite3_column_text(st, 1) && sqlite3_column_text(st, 2);
		for (int k = 0; k < n && named; k++)
			if (!found[k] && s->group_row[s->top_groups[k].group] == row) {
				found[k] = keep_group_text(s, st, &used, s->top_text[k]);
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
	r->postcode = sub->postcode;
	r->town = sub->town;
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
	size_t(*text)[GROUP_TEXTS] = realloc(s->top_text, (size_t)max * sizeof *text);
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
	if (!match_score_units(s, q) ||
	    !search_grow((void **)&s->all, &s->cap_all, 2 * max, sizeof *s->all) ||
	    !grow_top(s, max)) {
		n = -1;
		goto done;
	}
	int li = vocab_lang(s, lang);
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
		r->via = r->postcode = r->town = r->title = r->sort_key = "";
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
		r->postcode = s->group_text + s->top_text[k][2];
		r->town = s->group_text + s->top_text[k][3];
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
	if (s->score)   /* NULL only while search_open() fails */
		sodium_memzero(s->score, (size_t)MAX_UNITS * (size_t)(s->ntokens ? s->ntokens : 1));
	if (s->cap_grades) {
		sodium_memzero(s->grades, (size_t)s->cap_grades);
		sodium_memzero(s->where, (size_t)s->cap_grades * sizeof *s->where);
	}
	if (s->meetings)
		sodium_memzero(s->meetings, MAX_MEETINGS * sizeof *s->meetings);
	if (s->all)
		sodium_memzero(s->all, (size_t)s->cap_all * sizeof *s->all);
	if (s->cap_top) {
		sodium_memzero(s->top_groups, (size_t)s->cap_top * sizeof *s->top_groups);
		sodium_memzero(s->top_text, (size_t)s->cap_top * sizeof *s->top_text);
	}
	if (s->group_text)
		sodium_memzero(s->group_text, s->group_text_cap);
	vocab_blank_stemmers(s);
}
