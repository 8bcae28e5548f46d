/* UTF-8 decoding and text folding (kiosk/utf8.c, kiosk/fold.c). */
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "helpers.h"
#include "utf8.h"

static void assert_folds(const char *in, const char *expected)
{
	char *out = fold_dup(in);
	cr_assert_str_eq(out, expected, "fold(\"%s\")", in);
	/* Folding twice changes nothing, and never makes text longer. */
	char *again = fold_dup(out);
	cr_assert_str_eq(again, out);
	cr_assert_leq(strlen(out), strlen(in));
	free(again);
	free(out);
}

LEAKFREE_TEST(fold, german_letters)
{
	assert_folds("Zöliakie", "zoliakie");
	assert_folds("ZÖLIAKIE", "zoliakie");
	assert_folds("Übergewicht", "ubergewicht");
	assert_folds("Älter werden", "alter werden");
	assert_folds("Straße", "strasse");
	assert_folds("STRAẞE", "strasse");
	assert_folds("Glücksspielsucht", "glucksspielsucht");
}

LEAKFREE_TEST(fold, other_latin_greek_cyrillic)
{
	assert_folds("Café Crème", "cafe creme");
	assert_folds("Ærø Œuvre", "aero oeuvre");
	assert_folds("Łódź İstanbul", "lodz istanbul");
	assert_folds("ΑΘΗΝΑ", "αθηνα");
	assert_folds("ЖИТОМИР Їжак", "житомир їжак");
	assert_folds("2 × 3 ÷ 4", "2 × 3 ÷ 4");
}

LEAKFREE_TEST(fold, invalid_bytes_become_question_marks)
{
	assert_folds("Z\xF6liakie", "z?liakie");      /* Latin-1, not UTF-8 */
	assert_folds("a\xE2\x82", "a??");             /* truncated sequence */
}

LEAKFREE_TEST(fold, index_letter)
{
	cr_assert_eq(fold_letter("alter werden"), 'A');
	cr_assert_eq(fold_letter("zwillinge"), 'Z');
	cr_assert_eq(fold_letter("(klammer)"), '#');
	cr_assert_eq(fold_letter("2 kinder"), '#');
	cr_assert_eq(fold_letter(""), '#');
}

LEAKFREE_TEST(utf8, rejects_what_is_not_utf8)
{
	size_t bad = 99;
	cr_assert(utf8_valid("Zöliakie ✓ 😀", strlen("Zöliakie ✓ 😀"), NULL));
	cr_assert_not(utf8_valid("ab\xC0\xAF", 4, &bad), "overlong '/'");
	cr_assert_eq(bad, 2);
	cr_assert_not(utf8_valid("\xED\xA0\x80", 3, NULL), "surrogate");
	cr_assert_not(utf8_valid("\xF4\x90\x80\x80", 4, NULL), "past U+10FFFF");
	cr_assert_not(utf8_valid("x\xE2\x82", 3, &bad), "truncated");
	cr_assert_eq(bad, 1);
	cr_assert_eq(utf8_length("Zöliakie"), 8);
}

LEAKFREE_TEST(utf8, encode_decode_round_trip)
{
	const int32_t cps[] = {0x41, 0xE4, 0x20AC, 0x1F600, 0x10FFFF};
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		char buf[5];
		size_t n = utf8_encode(cps[i], buf);
		const char *p = buf;
		cr_assert_eq(utf8_next(&p, n), cps[i]);
		cr_assert_eq(p, buf + n);
	}
}

/* What reaches a log or a screen from outside stays one line of text. */
LEAKFREE_TEST(utf8, escape_keeps_text_on_one_line)
{
	char out[128];
	cr_assert(utf8_escape("Mühle\n2026\tapplied\r\\x", out, sizeof out));
	cr_assert_str_eq(out, "Mühle\\n2026\\tapplied\\r\\\\x");
	cr_assert(utf8_escape("\033[2J\x7F\xC2\x85|\xE2\x80\xAE|\xFF", out, sizeof out));
	cr_assert_str_eq(out, "\\u{001B}[2J\\u{007F}\\u{0085}|\\u{202E}|\\xFF");
	/* Cut at a whole escape or character, and said with an ellipsis. */
	cr_assert_not(utf8_escape("abcdef\n", out, 8));
	cr_assert_str_eq(out, "abcd…");
	cr_assert_not(utf8_escape("ab\ncd", out, 6));
	cr_assert_str_eq(out, "ab…");
	cr_assert_not(utf8_escape("a\ncde", out, 6));
	cr_assert_str_eq(out, "a…", "an escape is never cut in half");
	cr_assert(utf8_escape("ab\ncd", out, 7));
	cr_assert_str_eq(out, "ab\\ncd");
	cr_assert_not(utf8_escape("öööö", out, 8));
	cr_assert_str_eq(out, "öö…");
}

/* Boundaries found by stepping forward with utf8_skip() from 0. */
static int boundaries_forward(const char *s, size_t len, size_t *out)
{
	int n = 0;
	for (size_t i = 0; i < len; i = utf8_skip(s, i, len))
		out[n++] = i;
	return n;
}

LEAKFREE_TEST(utf8, steps_over_whole_characters)
{
	const char *s = "aä€😀b";   /* 1, 2, 3, 4 and 1 bytes */
	size_t len = strlen(s), at[16];
	cr_assert_eq(utf8_skip(s, 0, len), 1);
	cr_assert_eq(utf8_skip(s, 1, len), 3);
	cr_assert_eq(utf8_skip(s, 3, len), 6);
	cr_assert_eq(utf8_skip(s, 6, len), 10);
	cr_assert_eq(utf8_skip(s, 10, len), 11);
	cr_assert_eq(utf8_skip(s, len, len), len, "nothing after the end");
	cr_assert_eq(utf8_skip(s, 6, 8), 7, "a character cut off by `end` is not stepped over whole");
	cr_assert_eq(utf8_back(s, len), 10);
	cr_assert_eq(utf8_back(s, 10), 6);
	cr_assert_eq(utf8_back(s, 6), 3);
	cr_assert_eq(utf8_back(s, 3), 1);
	cr_assert_eq(utf8_back(s, 1), 0);
	cr_assert_eq(utf8_back(s, 0), 0);
	cr_assert_eq(boundaries_forward(s, len, at), 5);
}

/* A piece of a string, counted and cut by characters: as the search counts
 * a word inside a query without copying it out. */
LEAKFREE_TEST(utf8, counts_and_cuts_pieces_by_characters)
{
	const char *s = "aä€😀b-rest";   /* 1, 2, 3, 4 and 1 bytes, then more */
	cr_assert_eq(utf8_count(s, 0), 0);
	cr_assert_eq(utf8_count(s, 1), 1);
	cr_assert_eq(utf8_count(s, 3), 2);
	cr_assert_eq(utf8_count(s, 11), 5, "the piece ends before the string does");
	cr_assert_eq(utf8_count(s, strlen(s)), utf8_length(s));
	cr_assert_eq(utf8_offset(s, 11, 0), 0);
	cr_assert_eq(utf8_offset(s, 11, 1), 1);
	cr_assert_eq(utf8_offset(s, 11, 2), 3);
	cr_assert_eq(utf8_offset(s, 11, 3), 6);
	cr_assert_eq(utf8_offset(s, 11, 4), 10);
	cr_assert_eq(utf8_offset(s, 11, 5), 11, "no more characters in the piece: its length");
	cr_assert_eq(utf8_offset(s, 11, 9), 11);
	cr_assert_eq(utf8_offset(s, 0, 3), 0);
	/* Where utf8_skip() steps, character by character. */
	size_t i = 0;
	for (size_t k = 0; k < 5; k++, i = utf8_skip(s, i, 11))
		cr_assert_eq(utf8_offset(s, 11, k), i, "character %zu", k);
}

LEAKFREE_TEST(utf8, steps_over_malformed_text_a_byte_at_a_time)
{
	/* A stray continuation byte, a truncated € (E2 82), an overlong '/',
	 * five continuation bytes, and a lead byte at the very end. */
	const char s[] = "x\x80y\xE2\x82z\xC0\xAF\x80\x80\x80\x80\x80\xC3";
	size_t len = sizeof s - 1, at[32];
	cr_assert_eq(utf8_skip(s, 0, len), 1);
	cr_assert_eq(utf8_skip(s, 1, len), 2, "a stray continuation byte is one step");
	cr_assert_eq(utf8_skip(s, 3, len), 4, "a truncated sequence is stepped a byte at a time");
	cr_assert_eq(utf8_skip(s, 6, len), 7, "an overlong form is not one character");
	cr_assert_eq(utf8_back(s, len), len - 1, "a lead byte at the end");
	cr_assert_eq(utf8_back(s, len - 1), len - 2, "continuation bytes after no lead byte");
	cr_assert_eq(utf8_back(s, 5), 4, "the rest of a truncated sequence");
	cr_assert_eq(utf8_back(s, 2), 1);
	/* Forward and backward agree on every boundary, so a cursor moved
	 * right and back left lands where it was, and both always progress. */
	int n = boundaries_forward(s, len, at);
	cr_assert_eq(n, (int)len, "every byte is its own step here");
	size_t i = len;
	for (int k = n - 1; k >= 0; k--) {
		i = utf8_back(s, i);
		cr_assert_eq(i, at[k], "boundary %d", k);
	}
	const char *valid = "Zöliakie – Süßes 😀";
	n = boundaries_forward(valid, strlen(valid), at);
	cr_assert_eq(n, (int)utf8_length(valid));
	i = strlen(valid);
	for (int k = n - 1; k >= 0; k--) {
		i = utf8_back(valid, i);
		cr_assert_eq(i, at[k], "boundary %d", k);
	}
}
