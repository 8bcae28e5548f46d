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
