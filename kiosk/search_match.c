/* search_match — how one typed word meets the words of the vocabulary.
 *
 * A typed word (a "unit") is scored once against every word of the
 * vocabulary (search_vocab.c): is it, is another form of it (the same stem by
 * the Snowball stemmer of the word's language), begins it, is inside it as
 * in a compound, or is within one or two typing errors of it (banded edit
 * distance, counted in characters, with cheap bounds first: the letters, the
 * pairs of neighbouring letters and the first characters both have). A typed
 * compound that begins no known word is also split into known words, with
 * the German linking letters. The rows of scores are kept for the next
 * keystroke, which usually changes only the last word; search.c weighs the
 * texts the units met and wipes the rows at search_forget(). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "search_internal.h"

#define FUZZY_ONE_FROM 5        /* a word this long may have one typing error */
#define FUZZY_TWO_FROM 7        /* and from this length two */
#define FUZZY_FIRST_FROM 6      /* the first letter may be wrong from this length */
#define FUZZY_INSIDE_FROM 8     /* one error inside a compound, from this length */
#define ENDING_MAX 1            /* a letter after a stem still makes a word form */
#define PART_FROM 4             /* letters of a known word inside a typed compound */
#define PART_SPLIT_FROM 6       /* typed words this long are tried as compounds */
#define MINOR_WEIGHT 1          /* characters a minor word counts for */

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

void match_set_unit(const struct search *s, struct query *q, int u, const char *w, int n, int word, bool minor)
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
		un->stem_len[l] = vocab_stem(s, l, w, n, q->stems[u * MAX_LANGS + l]);
		un->stem_letters[l] = letters_of(un->stem[l], un->stem_len[l]);
		un->stem_pairs[l] = pairs_of(un->stem[l], un->stem_len[l]);
	}
	un->row = -1;
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
				if (j - i < PART_FROM || j - i == n || !vocab_knows(s, w + i, j - i))
					continue;
				memcpy(buf, w + i, (size_t)(j - i));
				buf[j - i] = '\0';
				if (vocab_is_stop_word(s, buf))
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
		if (!search_grow((void **)&rw->hits, &rw->cap_hits, rw->nhits + 1, sizeof *rw->hits))
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

bool match_score_units(struct search *s, struct query *q)
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
			bool minor = vocab_is_minor_word(s, piece);
			sodium_memzero(piece, sizeof piece);   /* a piece of what was typed */
			match_set_unit(s, q, q->nunits, un->s + at[p], len[p], w, minor);
			if (!unit_row(s, q, q->nunits++, taken))
				return false;
		}
	}
	return true;
}
