/* reading — turns the view list into the text speech reads aloud.
 *
 * Owns the choice of what is said for a frame: the page (on a new screen)
 * or one widget (a focus, a first tap). It reads the same list that is
 * drawn and written as the test tree, in its order, so what a visitor hears
 * is what is shown and a test can hold one against the other. It knows no
 * screen: a screen that wants something said puts it in its widgets. It
 * speaks to nothing; kiosk.c hands the text to speech.c. */
#include "reading.h"

#include <stdio.h>
#include <string.h>

/* The chrome every screen repeats: said when focused or touched, not with
 * every page. */
static bool is_chrome(const struct view *v)
{
	static const char *const prefixes[] = {"back", "home", "lang:", "setting:", "crisis"};
	if (!v->target)
		return false;
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
		if (strcmp(v->target, prefixes[i]) == 0 ||
		    (prefixes[i][strlen(prefixes[i]) - 1] == ':' && strncmp(v->target, prefixes[i], strlen(prefixes[i])) == 0))
			return true;
	return false;
}

static bool is_read(const struct view *v)
{
	switch (v->role) {
	case ROLE_HEADING: case ROLE_TEXT: case ROLE_BUTTON: case ROLE_LINK: case ROLE_ITEM: case ROLE_INPUT:
	case ROLE_QR:
		return v->label && v->label[0];
	default:
		return false;   /* decoration, images, the letter grid, keyboard keys */
	}
}

/* Appends one piece and its line end; false (out unchanged) when it does
 * not fit. */
static bool put_piece(char *out, size_t cap, size_t *used, const char *prefix, const char *label)
{
	size_t len = strlen(label);
	bool closed = len > 0 && strchr(".!?:;", label[len - 1]);
	int n = snprintf(out + *used, cap - *used, "%s%s%s\n", prefix, label, closed ? "" : ".");
	if (n < 0 || (size_t)n >= cap - *used) {
		out[*used] = '\0';
		return false;
	}
	*used += (size_t)n;
	return true;
}

static bool put_view(char *out, size_t cap, size_t *used, const struct view *v, const struct reading_words *w)
{
	char prefix[64] = "";
	if (v->role == ROLE_QR)
		snprintf(prefix, sizeof prefix, "%s: ", w->qr);
	return put_piece(out, cap, used, prefix, v->label);
}

int reading_page(struct view_list *l, int from, const struct reading_words *w, char *out, size_t cap)
{
	size_t used = 0;
	int left_out = 0;
	const char *last = "";
	if (cap)
		out[0] = '\0';
	for (int i = from > 0 ? from : 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		if (!is_read(v) || is_chrome(v) || strcmp(v->label, last) == 0)
			continue;
		last = v->label;
		if (!cap || !put_view(out, cap, &used, v, w))
			left_out++;
	}
	return left_out;
}

bool reading_item(struct view_list *l, const char *target, const struct reading_words *w, char *out,
		  size_t cap)
{
	size_t used = 0;
	if (!cap)
		return false;
	out[0] = '\0';
	for (int i = 0; i < view_count(l); i++) {
		const struct view *v = view_at(l, i);
		if (!view_is_interactive(v) || strcmp(v->target, target) != 0)
			continue;
		if (!put_view(out, cap, &used, v, w))
			return false;
		/* A card's lines are drawn inside it, right after it. */
		for (int j = i + 1; v->role == ROLE_ITEM && j < view_count(l); j++) {
			const struct view *line = view_at(l, j);
			SDL_Rect both;
			if (line->role != ROLE_TEXT || !SDL_IntersectRect(&line->rect, &v->rect, &both) ||
			    !SDL_RectEquals(&both, &line->rect))
				break;
			if (!put_view(out, cap, &used, line, w)) {
				out[0] = '\0';
				return false;
			}
		}
		return true;
	}
	return false;
}
