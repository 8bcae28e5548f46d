/* UTF-8 decoding and text folding (kiosk/utf8.c, kiosk/fold.c), and drawing
 * lines of text (kiosk/text.c). */
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

/* ---- drawing lines (kiosk/text.c) with the software renderer ---- */

#include <SDL.h>
#include <SDL_ttf.h>

#include "render.h"
#include "text.h"
#include "theme.h"
#include "view.h"
#include "widget.h"

#define INK_W 720
#define INK_H 80
#define INK_LINE "Angehörige – ÄÖÜß Zwillinge 0123"

struct ink_screen {
	SDL_Window *window;
	SDL_Renderer *renderer;
	struct text *text;
};

static struct ink_screen ink_open(void)
{
	struct ink_screen s = {0};
	setenv("SDL_VIDEODRIVER", "offscreen", 1);
	setenv("SDL_VIDEO_EGL_DRIVER", "none", 1);
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	cr_assert_eq(SDL_Init(SDL_INIT_VIDEO), 0, "%s", SDL_GetError());
	cr_assert_eq(TTF_Init(), 0);
	s.window = SDL_CreateWindow("ink", 0, 0, INK_W, INK_H, 0);
	cr_assert_not_null(s.window, "%s", SDL_GetError());
	s.renderer = SDL_CreateRenderer(s.window, -1, SDL_RENDERER_SOFTWARE);
	cr_assert_not_null(s.renderer, "%s", SDL_GetError());
	char err[256];
	s.text = text_new("assets/fonts", theme_normal.font, 1.0, err, sizeof err);
	cr_assert_not_null(s.text, "%s", err);
	text_set_renderer(s.text, s.renderer);
	return s;
}

static void ink_close(struct ink_screen *s)
{
	text_free(s->text);
	SDL_DestroyRenderer(s->renderer);
	SDL_DestroyWindow(s->window);
	TTF_Quit();
	SDL_Quit();
}

/* The window's pixels as ARGB8888, INK_W x INK_H. */
static void ink_read(struct ink_screen *s, Uint32 *px)
{
	cr_assert_eq(SDL_RenderReadPixels(s->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, px, INK_W * 4), 0, "%s",
		     SDL_GetError());
}

static void ink_clear(struct ink_screen *s, SDL_Color bg)
{
	SDL_RenderSetClipRect(s->renderer, NULL);
	SDL_SetRenderDrawColor(s->renderer, bg.r, bg.g, bg.b, 255);
	SDL_RenderClear(s->renderer);
}

static int channel_diff(Uint32 a, Uint32 b)
{
	int d = 0;
	for (int shift = 0; shift < 24; shift += 8) {
		int x = abs((int)((a >> shift) & 255) - (int)((b >> shift) & 255));
		d = x > d ? x : d;
	}
	return d;
}

/* A line blended into the window's pixels looks as SDL's own blitter draws
 * SDL2_ttf's blended rendering of it, on a light and on a dark background. */
LEAKFREE_TEST(ink, drawn_as_sdl_blends_the_blended_line)
{
	struct ink_screen s = ink_open();
	static const SDL_Color pairs[][2] = {{{0x1D, 0x4F, 0x7A, 255}, {255, 255, 255, 255}},
					     {{255, 255, 255, 255}, {0x1D, 0x4F, 0x7A, 255}},
					     {{0xB0, 0x20, 0x20, 255}, {0xF5, 0xF2, 0xEC, 255}}};
	static Uint32 got[INK_W * INK_H], want[INK_W * INK_H];
	TTF_Font *font = TTF_OpenFont("assets/fonts/OpenSans-Regular.ttf", theme_normal.font[STYLE_BODY].px);
	cr_assert_not_null(font);
	TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
	for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
		SDL_Color fg = pairs[p][0], bg = pairs[p][1];
		ink_clear(&s, bg);
		const struct text_ink *ink = text_line(s.text, STYLE_BODY, fg, INK_LINE, strlen(INK_LINE));
		cr_assert_not_null(ink);
		text_draw(s.text, ink, fg, 7, 11);
		ink_read(&s, got);

		SDL_Surface *ref = SDL_CreateRGBSurfaceWithFormat(0, INK_W, INK_H, 32, SDL_PIXELFORMAT_ARGB8888);
		SDL_FillRect(ref, NULL, SDL_MapRGB(ref->format, bg.r, bg.g, bg.b));
		SDL_Surface *line = TTF_RenderUTF8_Blended(font, INK_LINE, fg);
		cr_assert_eq(line->w, ink->w);
		cr_assert_eq(line->h, ink->h);
		SDL_BlitSurface(line, NULL, ref, &(SDL_Rect){7, 11, 0, 0});
		for (int y = 0; y < INK_H; y++)
			memcpy(want + y * INK_W, (Uint8 *)ref->pixels + y * ref->pitch, INK_W * 4);
		SDL_FreeSurface(line);
		SDL_FreeSurface(ref);

		int inked = 0, worst = 0;
		Uint32 plain = want[0];
		for (int i = 0; i < INK_W * INK_H; i++) {
			inked += channel_diff(want[i], plain) > 0;
			int d = channel_diff(got[i], want[i]);
			worst = d > worst ? d : worst;
		}
		cr_assert_gt(inked, 2000, "the line is drawn at all (%d pixels)", inked);
		cr_assert_leq(worst, 3, "colours %zu: a pixel differs by %d levels from SDL's blend", p, worst);
	}
	TTF_CloseFont(font);
	ink_close(&s);
}

/* Nothing is drawn outside the renderer's clip rectangle, and what the
 * renderer queued before the line lies under it. */
LEAKFREE_TEST(ink, clipped_and_drawn_over_what_came_before)
{
	struct ink_screen s = ink_open();
	static Uint32 px[INK_W * INK_H];
	SDL_Color bg = {255, 255, 255, 255}, fg = {0, 0, 0, 255};
	ink_clear(&s, bg);
	SDL_Rect card = {0, 0, INK_W, INK_H};
	SDL_SetRenderDrawColor(s.renderer, 0xF0, 0xE0, 0x10, 255);   /* queued, not yet drawn */
	SDL_RenderFillRect(s.renderer, &card);
	SDL_Rect left = {0, 0, INK_W / 4, INK_H};
	SDL_RenderSetClipRect(s.renderer, &left);
	const struct text_ink *ink = text_line(s.text, STYLE_BODY, fg, INK_LINE, strlen(INK_LINE));
	cr_assert_not_null(ink);
	cr_assert_gt(ink->w, INK_W / 2);
	text_draw(s.text, ink, fg, 0, 0);
	SDL_RenderSetClipRect(s.renderer, NULL);
	ink_read(&s, px);
	int inside = 0;
	for (int y = 0; y < INK_H; y++)
		for (int x = 0; x < INK_W; x++) {
			Uint32 p = px[y * INK_W + x] & 0xFFFFFF;
			if (x >= INK_W / 4)
				cr_assert_eq(p, 0xF0E010, "pixel %d,%d outside the clip is %06X", x, y, p);
			else
				inside += p != 0xF0E010;
		}
	cr_assert_gt(inside, 300, "the line is drawn inside the clip (%d pixels)", inside);
	ink_close(&s);
}

/* A line is kept once, one byte a pixel, whatever colours it is drawn in. */
LEAKFREE_TEST(ink, one_byte_a_pixel_for_every_colour)
{
	struct ink_screen s = ink_open();
	const struct text_ink *a =
		text_line(s.text, STYLE_BODY, (SDL_Color){0, 0, 0, 255}, INK_LINE, strlen(INK_LINE));
	cr_assert_not_null(a);
	size_t one = text_cache_bytes(s.text);
	const struct text_ink *b =
		text_line(s.text, STYLE_BODY, (SDL_Color){200, 30, 30, 255}, INK_LINE, strlen(INK_LINE));
	cr_assert_eq(a, b, "the same line in another colour is the same ink");
	cr_assert_eq(text_cache_bytes(s.text), one);
	cr_assert_lt(one, (size_t)a->w * (size_t)a->h * 2, "%zu bytes for %dx%d pixels", one, a->w, a->h);
	text_frame_end(s.text);
	ink_close(&s);
}

/* A line rendered before there is a window (the kiosk's start, beside
 * SDL_Init) is the one drawn once the window's software renderer is set,
 * not rendered again, and draws the same pixels as a line rendered after.
 * A renderer that draws textures gets the line rendered anew, as one. */
LEAKFREE_TEST(ink, rendered_ahead_and_drawn_once_there_is_a_window)
{
	const SDL_Color fg = {0x1D, 0x4F, 0x7A, 255}, bg = {255, 255, 255, 255};
	char err[256];
	cr_assert_eq(TTF_Init(), 0);
	struct text *ahead = text_new("assets/fonts", theme_normal.font, 1.0, err, sizeof err);
	cr_assert_not_null(ahead, "%s", err);
	const struct text_ink *early = text_line(ahead, STYLE_BODY, fg, INK_LINE, strlen(INK_LINE));
	cr_assert_not_null(early);
	cr_assert_not_null(early->coverage, "rendered as coverage before any renderer");
	const SDL_Surface *coverage = early->coverage;

	struct ink_screen s = ink_open();
	text_set_renderer(ahead, s.renderer);
	const struct text_ink *late = text_line(ahead, STYLE_BODY, fg, INK_LINE, strlen(INK_LINE));
	cr_assert_eq(late->coverage, coverage, "the line rendered ahead is kept, not rendered again");
	static Uint32 got[INK_W * INK_H], want[INK_W * INK_H];
	ink_clear(&s, bg);
	text_draw(ahead, late, fg, 5, 9);
	ink_read(&s, got);
	ink_clear(&s, bg);
	const struct text_ink *fresh = text_line(s.text, STYLE_BODY, fg, INK_LINE, strlen(INK_LINE));
	text_draw(s.text, fresh, fg, 5, 9);
	ink_read(&s, want);
	cr_assert_eq(memcmp(got, want, sizeof got), 0, "the same pixels as a line rendered with the window");
	int inked = 0;
	for (int i = 0; i < INK_W * INK_H; i++)
		inked += got[i] != got[0];
	cr_assert_gt(inked, 2000, "the line is drawn at all (%d pixels)", inked);

	/* A renderer without a window of 32-bit pixels draws textures. */
	SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, INK_W, INK_H, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *soft = SDL_CreateSoftwareRenderer(target);
	cr_assert_not_null(soft, "%s", SDL_GetError());
	struct text *other = text_new("assets/fonts", theme_normal.font, 1.0, err, sizeof err);
	cr_assert_not_null(other, "%s", err);
	cr_assert_not_null(text_line(other, STYLE_BODY, fg, INK_LINE, strlen(INK_LINE)));
	text_set_renderer(other, soft);
	const struct text_ink *tex = text_line(other, STYLE_BODY, fg, INK_LINE, strlen(INK_LINE));
	cr_assert_not_null(tex);
	cr_assert_null(tex->coverage, "coverage rendered ahead is dropped for a renderer of textures");
	cr_assert_not_null(tex->tex);
	text_frame_end(other);
	text_free(other);
	SDL_DestroyRenderer(soft);
	SDL_FreeSurface(target);
	text_frame_end(ahead);
	text_free(ahead);
	text_frame_end(s.text);
	ink_close(&s);
}

/* The start screen's lines are rendered ahead, beside SDL_Init: every line
 * a labelled widget in the window shows, none of one outside it, and none
 * of a widget whose label is not text (a QR code's payload). Drawing them
 * afterwards renders nothing more. */
LEAKFREE_TEST(ink, the_lines_in_the_window_rendered_ahead)
{
	char err[256];
	cr_assert_eq(TTF_Init(), 0);
	struct text *t = text_new("assets/fonts", theme_normal.font, 1.0, err, sizeof err);
	cr_assert_not_null(t, "%s", err);
	struct render *r = render_new(t);
	struct view_list *l = view_list_new();
	cr_assert(r && l);
	struct theme th;
	theme_fit(&th, &(struct theme_choice){0}, &(struct theme_screen){0}, 1920, 1080);
	render_set_theme(r, &th);
	view_list_begin(l, 1920, 1080);
	const char *long_text = "Hier finden Sie Selbsthilfegruppen und Kontaktstellen zu Ihrem Anliegen";
	view_push(l, ROLE_HEADING, STYLE_TITLE, (SDL_Rect){40, 40, 800, 80}, "Selbsthilfe finden", NULL);
	view_push(l, ROLE_TEXT, STYLE_BODY, (SDL_Rect){40, 140, 400, 200}, long_text, NULL);
	view_push(l, ROLE_QR, STYLE_QR, (SDL_Rect){1000, 40, 300, 300}, "tel:+4930123456", "tel:+4930123456");
	view_clip_push(l, (SDL_Rect){0, 400, 1920, 300});
	view_push(l, ROLE_ITEM, STYLE_ITEM, (SDL_Rect){40, 650, 800, 100}, "Halb zu sehen", NULL);
	view_clip_pop(l);
	render_lines_ahead(r, l, 1920, 1080);
	size_t ahead = text_cache_bytes(t);
	cr_assert_gt(ahead, 0, "nothing rendered ahead");
	/* Each line of a labelled widget, as the draw will ask for it: found
	 * in the cache, and exactly what a fresh cache holds after them. */
	struct text *fresh = text_new("assets/fonts", theme_normal.font, 1.0, err, sizeof err);
	cr_assert_not_null(fresh, "%s", err);
	int lines = 0;
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		if (!widget_class(v->role)->labelled)
			continue;
		int pad = widget_class(v->role)->padded ? th.padding[v->style] : 0;
		const struct text_layout *lay =
			text_layout(t, v->style, v->label, widget_class(v->role)->wraps ? v->rect.w - 2 * pad : 0);
		for (int j = 0; j < lay->nlines; j++, lines++) {
			const char *line = v->label + lay->line[j].start;
			size_t len = (size_t)lay->line[j].len;
			cr_assert_not_null(text_line(t, v->style, (SDL_Color){0, 0, 0, 255}, line, len));
			cr_assert_not_null(text_line(fresh, v->style, (SDL_Color){0, 0, 0, 255}, line, len));
		}
	}
	cr_assert_geq(lines, 4, "the body text wraps: %d lines", lines);
	cr_assert_eq(text_cache_bytes(t), ahead, "a line the draw needs was not rendered ahead");
	cr_assert_eq(text_cache_bytes(fresh), ahead, "more was rendered ahead than the labels' lines");
	text_frame_end(fresh);
	text_free(fresh);
	/* Outside the window: nothing. */
	text_frame_end(t);
	text_forget(t);
	view_list_begin(l, 1920, 1080);
	/* (A scroll area's row below the window, which its clip does not cut.) */
	view_clip_push(l, (SDL_Rect){0, 0, 1920, 2400});
	cr_assert_not_null(
		view_push(l, ROLE_TEXT, STYLE_BODY, (SDL_Rect){40, 1100, 400, 100}, "unten, nicht zu sehen", NULL));
	view_clip_pop(l);
	render_lines_ahead(r, l, 1920, 1080);
	cr_assert_eq(text_cache_bytes(t), 0, "a line outside the window was rendered");
	text_frame_end(t);
	view_list_free(l);
	render_free(r);
	text_free(t);
	TTF_Quit();
}

/* The font's tables: their tags, as the file's table directory lists them. */
static bool font_has_table(const char *path, const char *tag)
{
	size_t len;
	unsigned char *f = (unsigned char *)read_file(path, &len);
	cr_assert(f && len >= 12, "%s", path);
	size_t n = (size_t)f[4] << 8 | f[5];
	cr_assert_geq(len, 12 + 16 * n, "%s: its table directory is cut short", path);
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= memcmp(f + 12 + 16 * i, tag, 4) == 0;
	free(f);
	return found;
}

/* The fonts kern, in the Latin, Greek and Cyrillic scripts alike, and
 * from GPOS: an old 'kern' table would be read into memory once more for
 * every font size the kiosk opens, by FreeType and by HarfBuzz each
 * (tools/font-kern.py moved it). A run of five kerned pairs is narrower
 * than its ten letters measured one by one: at 30 px by 7 to 21 px with
 * kerning, and by at most 3 px (the letters' side bearings) without. */
LEAKFREE_TEST(fonts, kern_every_script_from_gpos_not_an_old_kern_table)
{
	cr_assert_not(font_has_table("assets/fonts/OpenSans-Regular.ttf", "kern"));
	cr_assert_not(font_has_table("assets/fonts/OpenSans-Semibold.ttf", "kern"));
	cr_assert(font_has_table("assets/fonts/OpenSans-Regular.ttf", "GPOS"));
	cr_assert(font_has_table("assets/fonts/OpenSans-Semibold.ttf", "GPOS"));
	struct ink_screen s = ink_open();
	static const char *const pairs[][2] = {{"A", "V"}, {"T", "o"}, {"Y", "o"}, {"Т", "А"}, {"Г", "о"}, {"Α", "Υ"},
					      {"Τ", "ο"}};
	static const enum view_style styles[] = {STYLE_BODY, STYLE_BUTTON, STYLE_TITLE};
	for (size_t st = 0; st < sizeof styles / sizeof *styles; st++)
		for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
			char run[64] = "";
			for (int n = 0; n < 5; n++) {
				strcat(run, pairs[i][0]);
				strcat(run, pairs[i][1]);
			}
			int apart = 5 * (text_width(s.text, styles[st], pairs[i][0]) +
					 text_width(s.text, styles[st], pairs[i][1]));
			int together = text_width(s.text, styles[st], run);
			cr_assert_geq(apart - together, 5, "style %d: \"%s\" is %d px wide, its letters apart %d: not kerned",
				      (int)styles[st], run, together, apart);
		}
	ink_close(&s);
}
