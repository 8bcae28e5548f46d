/* Redrawing only what changed: the cells and rectangles of kiosk/damage.c
 * on their own, then the real kiosk (built with the sanitizers, on SDL's
 * offscreen driver, which keeps a window surface as a real display does)
 * with WW_DAMAGE_CHECK set: every frame is drawn where it changed, read
 * back, drawn again whole the plain way and read back, and the run fails
 * where a pixel differs; each frame says which rectangles it redrew. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "damage.h"
#include "helpers.h"

/* ---- the grid on its own ---- */

static const SDL_Rect card = {100, 100, 300, 50}, title = {20, 20, 600, 40};

static int frame_of_two(struct damage *d, uint64_t card_hash)
{
	damage_begin(d, 1280, 800, 1);
	damage_add(d, title, 11);
	damage_add(d, card, card_hash);
	return damage_end(d);
}

Test(damage, the_first_frame_and_one_after_a_lost_window_are_redrawn_whole)
{
	struct damage *d = damage_new();
	cr_assert_eq(frame_of_two(d, 22), 1);
	cr_assert(damage_whole(d));
	cr_assert_eq(damage_rects(d)[0].w, 1280);
	cr_assert_eq(damage_rects(d)[0].h, 800);
	cr_assert_eq(frame_of_two(d, 22), 0, "nothing changed, yet something is redrawn");
	damage_invalidate(d);
	cr_assert_eq(frame_of_two(d, 22), 1);
	cr_assert(damage_whole(d), "after the window lost its pixels only a part was redrawn");
	damage_free(d);
	damage_free(NULL);
}

Test(damage, a_changed_widget_redraws_only_the_cells_it_touches)
{
	struct damage *d = damage_new();
	frame_of_two(d, 22);
	cr_assert_eq(frame_of_two(d, 23), 1);
	cr_assert_not(damage_whole(d));
	SDL_Rect r = damage_rects(d)[0];
	/* The card's cells, 64 px each: columns 1 to 6, row 1 and 2. */
	cr_assert(SDL_HasIntersection(&r, &card) && r.x <= card.x && r.y <= card.y &&
		  r.x + r.w >= card.x + card.w && r.y + r.h >= card.y + card.h, "%d,%d %dx%d", r.x, r.y, r.w, r.h);
	cr_assert_leq(r.w * r.h, 7 * 64 * 2 * 64, "%d,%d %dx%d is more than the card's cells", r.x, r.y, r.w, r.h);
	damage_free(d);
}

Test(damage, a_widget_that_moves_redraws_where_it_was_and_where_it_is)
{
	struct damage *d = damage_new();
	frame_of_two(d, 22);
	damage_begin(d, 1280, 800, 1);
	damage_add(d, title, 11);
	damage_add(d, (SDL_Rect){100, 600, 300, 50}, 22);
	int n = damage_end(d);
	SDL_Rect was = card, is = {100, 600, 300, 50};
	bool old_seen = false, new_seen = false;
	for (int i = 0; i < n; i++) {
		old_seen |= SDL_HasIntersection(&damage_rects(d)[i], &was);
		new_seen |= SDL_HasIntersection(&damage_rects(d)[i], &is);
	}
	cr_assert(old_seen && new_seen, "a moved card leaves its old place or misses its new one");
	damage_free(d);
}

Test(damage, a_new_size_or_look_redraws_whole)
{
	struct damage *d = damage_new();
	frame_of_two(d, 22);
	damage_begin(d, 1280, 800, 2);   /* another look: high contrast, larger text */
	damage_add(d, title, 11);
	damage_add(d, card, 22);
	cr_assert_eq(damage_end(d), 1);
	cr_assert(damage_whole(d), "a new look only partly redrawn");
	damage_begin(d, 800, 1280, 2);
	damage_add(d, title, 11);
	damage_add(d, card, 22);
	cr_assert_eq(damage_end(d), 1);
	cr_assert(damage_whole(d), "a new size only partly redrawn");
	cr_assert_eq(damage_rects(d)[0].h, 1280);
	damage_free(d);
}

Test(damage, more_scattered_changes_than_rectangles_redraw_whole)
{
	struct damage *d = damage_new();
	for (int frame = 0; frame < 2; frame++) {
		damage_begin(d, 3840, 2160, 1);
		/* One small widget in every other cell of every other row. */
		for (int y = 0; y < 2160; y += 128)
			for (int x = 0; x < 3840; x += 128)
				damage_add(d, (SDL_Rect){x + 1, y + 1, 10, 10}, (uint64_t)frame);
		damage_end(d);
	}
	cr_assert(damage_whole(d), "%d rectangles", damage_end(d));
	damage_free(d);
}

/* ---- the real kiosk ---- */

struct frame_log {
	int line;
	long long pixels, total;
	int n;
	bool whole;
	SDL_Rect rect[DAMAGE_MAX_RECTS];
};

#define MAX_FRAMES 4096

/* The frames the kiosk says it drew ("...:LINE: redrawn ..."). */
static int read_frames(const char *err, struct frame_log *out)
{
	int count = 0;
	for (const char *at = strstr(err, ": redrawn "); at && count < MAX_FRAMES; at = strstr(at + 1, ": redrawn ")) {
		const char *line = at;
		while (line > err && line[-1] != ':')
			line--;
		struct frame_log *f = &out[count];
		int used = 0;
		if (sscanf(line, "%d: redrawn %lld of %lld pixels in %d rectangles%n", &f->line, &f->pixels, &f->total,
			   &f->n, &used) != 4)
			continue;
		const char *p = line + used;
		f->whole = strncmp(p, " (whole)", 8) == 0;
		p = strchr(p, ':') + 1;
		for (int i = 0; i < f->n && i < DAMAGE_MAX_RECTS; i++) {
			int len = 0;
			sscanf(p, " %d,%d,%d,%d%n", &f->rect[i].x, &f->rect[i].y, &f->rect[i].w, &f->rect[i].h, &len);
			p += len;
		}
		count++;
	}
	return count;
}

static int run_checked(const char *dir, const char *size, const char *script, char **err)
{
	return kiosk_script(dir, size, script, "WW_DAMAGE_CHECK=1", "", err);
}

/* Every kind of change a visitor makes, each frame checked pixel for
 * pixel against the same frame drawn whole. */
LEAKFREE_TEST(damage_ui, every_frame_redrawn_in_part_equals_one_drawn_whole, .timeout = 600)
{
	char *dir = scratch_dir(), *err;
	const char *script =
		"tap \"@letter:D\"\n"                           /* the A-Z index */
		"drag 600 700 600 300 300\n"                    /* scrolled by a drag */
		"wait 300\n"
		"drag 600 300 600 700 60\n"                     /* a fling */
		"wait 800\n"
		"key Tab\nkey Tab\nkey Tab\n"                   /* focus moved by keys */
		"tap \"@letter:D\"\n"
		"tap \"@topic:diabetes\"\n"                     /* a topic page with QR codes */
		"drag 600 700 600 400 200\n"
		"wait 1500\n"
		"tap \"@group:\"\n"                          /* a group, with links */
		"tap \"@home\"\n"
		"tap \"@search\"\n"                             /* typing in the search */
		"tap \"@key:k\"\n"
		"tap \"@key:r\"\n"
		"text \"ebs\"\n"
		"key BackSpace\n"
		"tap \"@home\"\n"
		"tap \"@setting:contrast\"\n"                   /* contrast and text size */
		"tap \"@setting:text\"\n"
		"tap \"@letter:A\"\n"
		"tap \"@topic:allergie\"\n"
		"tap \"Selbsthilfekontaktstelle Musterstadt\"\n" /* a page with a picture */
		"drag 600 700 600 300 300\n"
		"wait 1500\n"
		"tap \"@setting:contrast\"\n"
		"tap \"@setting:text\"\n"
		"tap \"@home\"\n"
		"tap \"@letter:D\"\n"
		"wait 95000\n"                                  /* the idle countdown, a dialog */
		"tap 20 600\n"                                  /* closed by a touch */
		"wait 1000\n";
	int rc = run_checked(dir, "1280x800", script, &err);
	cr_assert_eq(rc, 0, "%s", err);
	struct frame_log *frames = calloc(MAX_FRAMES, sizeof *frames);
	int n = read_frames(err, frames), partial = 0;
	for (int i = 0; i < n; i++)
		partial += !frames[i].whole && frames[i].n > 0;
	cr_assert_gt(partial, 100, "only %d of %d frames were redrawn in part: the check saw little", partial, n);
	free(frames);
	free(err);
	scratch_remove(dir);
}

/* The frames of script line `line` redraw at most `max_share` of the
 * window each, and there is at least one. */
static void assert_small(const struct frame_log *frames, int n, int line, double max_share, const char *what)
{
	int seen = 0;
	for (int i = 0; i < n; i++) {
		if (frames[i].line != line)
			continue;
		seen++;
		cr_assert_lt((double)frames[i].pixels / (double)frames[i].total, max_share,
			     "%s redrew %lld of %lld pixels", what, frames[i].pixels, frames[i].total);
	}
	cr_assert_gt(seen, 0, "%s drew no frame", what);
}

LEAKFREE_TEST(damage_ui, a_focus_move_redraws_little_and_a_scroll_or_a_typed_letter_not_the_header, .timeout = 300)
{
	char *dir = scratch_dir(), *err;
	char script[1024];
	snprintf(script, sizeof script,
		 "tap \"@index\"\n"             /* 1 */
		 "tree %s/index.tree\n"         /* 2 */
		 "key Tab\n"                    /* 3 */
		 "key Tab\n"                    /* 4 */
		 "drag 600 700 600 350 300\n"   /* 5 */
		 "wait 1500\n"                  /* 6 */
		 "tap \"@home\"\n"              /* 7 */
		 "tap \"@search\"\n"            /* 8 */
		 "text \"k\"\n"                 /* 9 */
		 "text \"r\"\n",                /* 10 */
		 dir);
	int rc = run_checked(dir, "1280x800", script, &err);
	cr_assert_eq(rc, 0, "%s", err);
	struct frame_log *frames = calloc(MAX_FRAMES, sizeof *frames);
	int n = read_frames(err, frames);
	assert_small(frames, n, 3, 0.10, "a focus move");
	assert_small(frames, n, 4, 0.10, "a focus move");
	/* While the list scrolls, the header and the letters above it stay;
	 * a typed letter changes the field and the results, not the header. */
	struct tree t = tree_in(dir, "index.tree");
	const struct node *back = tree_find(&t, "button", "back"), *letter = tree_find(&t, "letter", "letter:A");
	cr_assert(back && letter);
	/* Redrawn rectangles are whole cells of 64 px: one may reach into the
	 * header's lower edge, not to its buttons' upper half. */
	SDL_Rect header = {back->x, back->y, back->w, back->h / 2};
	SDL_Rect letters = {letter->x, letter->y, letter->w, letter->h};
	int drag_frames = 0, typed_frames = 0;
	for (int i = 0; i < n; i++) {
		if (frames[i].line != 9 && frames[i].line != 10)
			continue;
		typed_frames++;
		for (int j = 0; j < frames[i].n; j++)
			cr_assert_not(SDL_HasIntersection(&frames[i].rect[j], &header), "a typed letter redrew the header");
	}
	cr_assert_gt(typed_frames, 1);
	for (int i = 0; i < n; i++) {
		if (frames[i].line != 5)
			continue;
		drag_frames += frames[i].pixels > 0;
		cr_assert_not(frames[i].whole, "a frame of the scroll was redrawn whole");
		for (int j = 0; j < frames[i].n; j++) {
			const SDL_Rect *r = &frames[i].rect[j];
			cr_assert_not(SDL_HasIntersection(r, &header) || SDL_HasIntersection(r, &letters),
				      "the scroll redrew the header or the letters (%d,%d %dx%d)", r->x, r->y, r->w, r->h);
		}
	}
	cr_assert_gt(drag_frames, 5, "the drag moved the list in %d frames", drag_frames);
	free(t.n);
	free(frames);
	free(err);
	scratch_remove(dir);
}

LEAKFREE_TEST(damage_ui, an_exposed_or_resized_window_is_redrawn_whole, .timeout = 300)
{
	char *dir = scratch_dir(), *err;
	const char *script =
		"tap \"@index\"\n"      /* 1 */
		"key Tab\n"             /* 2: a small change first */
		"window exposed\n"      /* 3 */
		"key Tab\n"             /* 4 */
		"window resized\n";     /* 5 */
	int rc = run_checked(dir, "1280x800", script, &err);
	cr_assert_eq(rc, 0, "%s", err);
	struct frame_log *frames = calloc(MAX_FRAMES, sizeof *frames);
	int n = read_frames(err, frames);
	for (int line = 2; line <= 5; line++) {
		const struct frame_log *f = NULL;
		for (int i = 0; i < n && !f; i++)
			if (frames[i].line == line)
				f = &frames[i];
		cr_assert(f, "line %d drew no frame", line);
		bool want_whole = line == 3 || line == 5;
		cr_assert_eq(f->whole, want_whole, "line %d: %lld of %lld pixels redrawn", line, f->pixels, f->total);
	}
	free(frames);
	free(err);
	scratch_remove(dir);
}
