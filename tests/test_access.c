/* Accessibility, measured on what is drawn: the contrast of every text
 * widget from the rendered pixels on every screen in both themes, and of
 * the theme colours themselves; touch targets at least 9 mm and 2 mm
 * apart on the configured screen in every layout, text size and reach
 * mode; and reach mode's band (EN 301 549 §8.3: 380 to 1220 mm above the
 * floor). The kiosk runs in script mode (tests/helpers.c). */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "theme.h"

#define SCREENS 9
static const char *const screen_names[SCREENS] = {"start", "index",  "topic", "contact", "group",
						  "crisis", "search", "near",  "page"};

/* A visit to every kind of screen, a tree (and with `shots` a
 * screenshot) of each, after `setup` (the settings chosen). By search
 * where it can, so that the way does not depend on what is in sight. */
static void visit(const char *dir, const char *size, const char *setup, const char *options, bool shots)
{
	char script[8192], *err;
	int n = snprintf(script, sizeof script, "%s", setup);
	static const char *const way[SCREENS] = {
		"",
		"tap \"@index\"\n",
		"text \"Depression\"\ntap \"@topic:depression\"\n",
		"tap \"@contact:\"\n",
		"key Home\ntext \"Gesprächskreis Depression\"\ntap \"@group:\"\n",
		"tap \"@crisis\"\n",
		"key Home\ntap \"@search\"\ntext \"zucker\"\n",
		"tap \"@near\"\ntext \"00130\"\n",
		"key Home\ntext \"Was ist Selbsthilfe\"\ntap \"@page:\"\n",
	};
	for (int i = 0; i < SCREENS; i++) {
		n += snprintf(script + n, sizeof script - (size_t)n, "%stree %s/%s.tree\n", way[i], dir, screen_names[i]);
		if (shots)
			n += snprintf(script + n, sizeof script - (size_t)n, "shot %s/%s.png\n", dir, screen_names[i]);
	}
	cr_assert_lt(n, (int)sizeof script);
	int rc = kiosk_script(dir, size, script, "", options, &err);
	cr_assert_eq(rc, 0, "%s %s: %s", size, setup, err);
	free(err);
}

/* ---- contrast ------------------------------------------------------------- */

static double channel(double c)
{
	c /= 255;
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance and contrast ratio. */
static double luminance(Uint8 r, Uint8 g, Uint8 b)
{
	return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

static double ratio(double l1, double l2)
{
	return l1 > l2 ? (l1 + 0.05) / (l2 + 0.05) : (l2 + 0.05) / (l1 + 0.05);
}

static double color_ratio(SDL_Color a, SDL_Color b)
{
	return ratio(luminance(a.r, a.g, a.b), luminance(b.r, b.g, b.b));
}

static int by_value(const void *a, const void *b)
{
	Uint32 x = *(const Uint32 *)a, y = *(const Uint32 *)b;
	return x < y ? -1 : x > y;
}

/* The contrast of a widget's text: its background is the most frequent
 * colour in its rectangle (inset, clear of frames and bars), its text the
 * pixel furthest from that. 0 when the rectangle is too small to tell. */
static double text_contrast(SDL_Surface *s, const struct node *n)
{
	int inset_x = 8, inset_y = 2;
	int x0 = n->x + inset_x, y0 = n->y + inset_y, x1 = n->x + n->w - inset_x, y1 = n->y + n->h - inset_y;
	if (x0 < 0 || y0 < 0 || x1 > s->w || y1 > s->h || x1 - x0 < 4 || y1 - y0 < 4)
		return 0;
	int count = (x1 - x0) * (y1 - y0), k = 0;
	Uint32 *px = malloc((size_t)count * sizeof *px);
	cr_assert(px);
	const Uint8 *base = s->pixels;
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++) {
			const Uint8 *p = base + y * s->pitch + x * 3;
			px[k++] = (Uint32)p[0] << 16 | (Uint32)p[1] << 8 | p[2];
		}
	qsort(px, (size_t)count, sizeof *px, by_value);
	Uint32 bg = px[0];
	for (int i = 0, best = 0; i < count;) {
		int j = i;
		while (j < count && px[j] == px[i])
			j++;
		if (j - i > best)
			best = j - i, bg = px[i];
		i = j;
	}
	double lb = luminance(bg >> 16, (bg >> 8) & 255, bg & 255), most = 1;
	for (int i = 0; i < count; i++) {
		double r = ratio(lb, luminance(px[i] >> 16, (px[i] >> 8) & 255, px[i] & 255));
		most = r > most ? r : most;
	}
	free(px);
	return most;
}

/* Roles whose label is drawn as text. */
static bool shows_text(const struct node *n)
{
	static const char *const roles[] = {"heading", "text", "button", "link", "item", "letter", "key", "input"};
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(n->role, roles[i]) == 0)
			return *n->label && !strstr(n->flags, "disabled") && !strstr(n->flags, "clipped");
	return false;
}

LEAKFREE_TEST(access, every_text_on_every_screen_has_contrast_in_both_themes, .timeout = 600)
{
	static const struct { const char *setup, *name; double least; } themes[] = {
		{"", "normal", 4.5},                                    /* WCAG AA */
		{"tap \"@setting:contrast\"\n", "high contrast", 7.0},  /* WCAG AAA */
	};
	static const char *const sizes[] = {"1920x1080", "1080x1920"};
	for (int t = 0; t < 2; t++)
		for (int z = 0; z < 2; z++) {
			char *dir = scratch_dir();
			visit(dir, sizes[z], themes[t].setup, "", true);
			int measured = 0;
			double lowest = 100;
			for (int i = 0; i < SCREENS; i++) {
				char name[32];
				snprintf(name, sizeof name, "%s.tree", screen_names[i]);
				struct tree tr = tree_in(dir, name);
				snprintf(name, sizeof name, "%s.png", screen_names[i]);
				char *png = path_join(dir, name);
				SDL_Surface *raw = read_screenshot(png);
				SDL_Surface *shot = raw ? SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0) : NULL;
				cr_assert(shot, "cannot read %s", png);
				for (int k = 0; k < tr.count; k++) {
					const struct node *n = &tr.n[k];
					if (!shows_text(n))
						continue;
					double c = text_contrast(shot, n);
					if (c == 0)
						continue;
					measured++;
					lowest = c < lowest ? c : lowest;
					cr_assert_geq(c, themes[t].least, "%s, %s, %s: %s \"%s\" at %d,%d has %.2f:1",
						      themes[t].name, sizes[z], screen_names[i], n->role, n->label, n->x,
						      n->y, c);
				}
				SDL_FreeSurface(shot);
				SDL_FreeSurface(raw);
				free(png);
				free(tr.n);
			}
			cr_assert_gt(measured, 100, "%s %s: only %d texts measured", themes[t].name, sizes[z], measured);
			cr_log_info("%s at %s: %d texts, the lowest %.2f:1", themes[t].name, sizes[z], measured, lowest);
			scratch_remove(dir);
		}
}

/* The theme tables themselves: every pair of text and the surface it is
 * drawn on, and the focus ring against whatever it is drawn around. */
LEAKFREE_TEST(access, the_theme_colours_have_contrast)
{
	static const struct { enum theme_color text, on; } pairs[] = {
		{COLOR_TEXT, COLOR_BACKGROUND}, {COLOR_TEXT, COLOR_CARD}, {COLOR_MUTED, COLOR_BACKGROUND},
		{COLOR_MUTED, COLOR_CARD}, {COLOR_PRIMARY, COLOR_CARD}, {COLOR_PRIMARY, COLOR_BACKGROUND},
		{COLOR_PRIMARY, COLOR_CURRENT}, {COLOR_ON_PRIMARY, COLOR_PRIMARY},
		{COLOR_ON_PRIMARY, COLOR_PRIMARY_PRESSED}, {COLOR_PRIMARY, COLOR_CARD_PRESSED},
		{COLOR_ON_ALERT, COLOR_ALERT}, {COLOR_ALERT, COLOR_CARD}, {COLOR_BADGE_TEXT, COLOR_BADGE},
		{COLOR_TEXT, COLOR_ABOVE_REACH},
	};
	static const enum theme_color surfaces[] = {COLOR_BACKGROUND, COLOR_CARD, COLOR_PRIMARY, COLOR_ALERT,
						    COLOR_CURRENT};
	const struct theme_table *tables[] = {&theme_normal, &theme_high_contrast};
	const double least[] = {4.5, 7.0};
	for (int t = 0; t < 2; t++) {
		const SDL_Color *c = tables[t]->color;
		for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
			cr_assert_geq(color_ratio(c[pairs[i].text], c[pairs[i].on]), least[t],
				      "theme %d: colour %d on %d has %.2f:1", t, pairs[i].text, pairs[i].on,
				      color_ratio(c[pairs[i].text], c[pairs[i].on]));
		/* The ring is two-toned: one of its tones stands out 3:1 from
		 * every surface it may be drawn on (WCAG 2.4.11/1.4.11). */
		for (size_t i = 0; i < sizeof surfaces / sizeof *surfaces; i++) {
			double outer = color_ratio(c[COLOR_FOCUS], c[surfaces[i]]);
			double inner = color_ratio(c[COLOR_FOCUS_INNER], c[surfaces[i]]);
			cr_assert_geq(outer > inner ? outer : inner, 3.0, "theme %d: the focus ring on colour %d", t,
				      surfaces[i]);
		}
		/* Buttons stand out from the page. */
		cr_assert_geq(color_ratio(c[COLOR_PRIMARY], c[COLOR_BACKGROUND]), 3.0);
		cr_assert_geq(color_ratio(c[COLOR_ALERT], c[COLOR_BACKGROUND]), 3.0);
	}
}

/* ---- touch targets and reach ----------------------------------------------- */

static bool is_target(const struct node *n)
{
	static const char *const roles[] = {"button", "link", "item", "letter", "key", "input"};
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(n->role, roles[i]) == 0)
			return !strstr(n->flags, "clipped");
	return false;
}

/* Pixels per millimetre of a panel of `diagonal_mm` at w x h pixels. */
static double px_per_mm(int w, int h, double diagonal_mm)
{
	return sqrt((double)w * w + (double)h * h) / diagonal_mm;
}

LEAKFREE_TEST(access, targets_are_large_apart_and_in_reach_in_every_layout, .timeout = 900)
{
	static const char *const sizes[] = {"1920x1080", "1080x1920", "1280x800"};
	static const char *const text[] = {"", "tap \"@setting:text\"\n", "tap \"@setting:text\"\ntap \"@setting:text\"\n"};
	/* Reach: off; on with the screen's lower edge 800 mm above the floor
	 * (a 24-inch panel); on without that geometry (the lower half). */
	static const struct { const char *setup; double bottom_mm; } reach[] = {
		{"", -1}, {"tap \"@setting:reach\"\n", 800}, {"tap \"@setting:reach\"\n", 0},
	};
	for (int z = 0; z < 3; z++)
		for (int s = 0; s < 3; s++)
			for (int r = 0; r < 3; r++) {
				if (r == 2 && s != 0)
					continue;   /* the lower half once per size */
				char *dir = scratch_dir(), setup[256], options[512], what[128];
				static const char *const reach_name[] = {"off", "800 mm", "lower half"};
				int w, h;
				sscanf(sizes[z], "%dx%d", &w, &h);
				snprintf(setup, sizeof setup, "%s%s", text[s], reach[r].setup);
				char *cfg = path_join(dir, "kiosk.ini");
				char ini[128];
				int len = snprintf(ini, sizeof ini, "[screen]\n%s%.0f\n",
						   reach[r].bottom_mm > 0 ? "bottom_mm = " : "; ",
						   reach[r].bottom_mm > 0 ? reach[r].bottom_mm : 0);
				write_file(cfg, ini, (size_t)len);
				snprintf(options, sizeof options, "--config %s", cfg);
				visit(dir, sizes[z], setup, options, false);
				double mm = px_per_mm(w, h, 609.6);   /* no width_mm: a 24-inch panel */
				for (int i = 0; i < SCREENS; i++) {
					char name[32];
					snprintf(name, sizeof name, "%s.tree", screen_names[i]);
					struct tree t = tree_in(dir, name);
					snprintf(what, sizeof what, "%s, text step %d, reach %s, %s", sizes[z], s,
						 reach_name[r], screen_names[i]);
					int targets = 0;
					for (int a = 0; a < t.count; a++) {
						const struct node *n = &t.n[a];
						if (!is_target(n))
							continue;
						targets++;
						cr_assert_geq(n->h / mm, 9.0 - 0.01, "%s: %s \"%s\" is %.1f mm high",
							      what, n->role, n->label, n->h / mm);
						cr_assert_geq(n->w / mm, 9.0 - 0.01, "%s: %s \"%s\" is %.1f mm wide",
							      what, n->role, n->label, n->w / mm);
						if (r == 1) {
							double top = reach[r].bottom_mm + (h - n->y) / mm;
							double bottom = reach[r].bottom_mm + (h - n->y - n->h) / mm;
							cr_assert(top <= 1220.5 && bottom >= 379.5,
								  "%s: %s \"%s\" spans %.0f to %.0f mm above the floor",
								  what, n->role, n->label, bottom,
								  top);
						} else if (r == 2) {
							cr_assert_geq(n->y, h / 2, "%s: %s \"%s\" at y %d, above the lower half",
								      what, n->role, n->label, n->y);
						}
						for (int b = a + 1; b < t.count; b++) {
							const struct node *o = &t.n[b];
							if (!is_target(o))
								continue;
							int dx = (n->x > o->x ? n->x - (o->x + o->w) : o->x - (n->x + n->w));
							int dy = (n->y > o->y ? n->y - (o->y + o->h) : o->y - (n->y + n->h));
							double apart = (dx > dy ? dx : dy) / mm;
							cr_assert_geq(apart, 2.0 - 0.01, "%s: \"%s\" and \"%s\" are %.1f mm apart",
								      what, n->label, o->label, apart);
						}
					}
					cr_assert_gt(targets, 3, "%s: %d targets", what, targets);
					/* Typing screens keep a result wholly in sight above
					 * the keys, in every layout. */
					if (strcmp(screen_names[i], "search") == 0 || strcmp(screen_names[i], "near") == 0) {
						int whole = 0;
						for (int a = 0; a < t.count; a++)
							whole += strcmp(t.n[a].role, "item") == 0 &&
								 !strstr(t.n[a].flags, "clipped");
						cr_assert_geq(whole, 1, "%s: no result wholly in sight above the keys", what);
					}
					free(t.n);
				}
				free(cfg);
				scratch_remove(dir);
			}
}
