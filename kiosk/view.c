/* view — the flat list of widgets one frame shows.
 *
 * A screen turns its state into this list; nothing else is drawn. The same
 * list is hit-tested for touches, walked for keyboard focus and written as
 * the test tree, so what a test asserts is what a visitor sees. Capacity is
 * fixed (MAX_VIEWS widgets, MAX_VIEW_TEXT bytes of text): a screen that
 * needs more is a bug the frame-end check reports, not a reason to grow.
 * Owns no textures and calls no SDL drawing: render.c does that. */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "widget.h"

#define MAX_CLIPS 4

struct view_list {
	int width, height;
	int origin_y;
	int n;
	bool overflow;
	struct view views[MAX_VIEWS];
	SDL_Rect clips[MAX_CLIPS];
	int nclips;
	size_t used;
	char text[MAX_VIEW_TEXT];
};

struct view_list *view_list_new(void)
{
	return calloc(1, sizeof(struct view_list));
}

void view_list_free(struct view_list *l)
{
	free(l);
}

void view_list_begin(struct view_list *l, int width, int height)
{
	l->width = width;
	l->height = height;
	l->n = 0;
	l->nclips = 0;
	l->origin_y = 0;
	/* The last frame's labels may hold what a visitor typed: gone with it. */
	memset(l->text, 0, l->used);
	l->used = 0;
	l->overflow = false;
}

bool view_list_end(struct view_list *l, char *why, size_t whylen)
{
	if (l->nclips != 0) {
		snprintf(why, whylen, "%d scroll areas pushed and not popped", l->nclips);
		return false;
	}
	if (l->overflow) {
		snprintf(why, whylen, "more than %d widgets or %d bytes of text in one frame",
			 MAX_VIEWS, MAX_VIEW_TEXT);
		return false;
	}
	SDL_Rect screen = {0, 0, l->width, l->height};
	for (int i = 0; i < l->n; i++) {
		const SDL_Rect *c = &l->views[i].clip;
		SDL_Rect in;
		if (!SDL_IntersectRect(c, &screen, &in) || !SDL_RectEquals(&in, c)) {
			snprintf(why, whylen, "%s \"%.40s\" at %d,%d %dx%d is outside the %dx%d screen",
				 view_role_name(l->views[i].role), l->views[i].label, c->x, c->y, c->w, c->h,
				 l->width, l->height);
			return false;
		}
	}
	return true;
}

void view_list_set_origin(struct view_list *l, int y)
{
	l->origin_y = y;
}

void view_clip_push(struct view_list *l, SDL_Rect area)
{
	area.y += l->origin_y;
	if (l->nclips == MAX_CLIPS) {
		l->overflow = true;
		return;
	}
	if (l->nclips > 0)
		SDL_IntersectRect(&l->clips[l->nclips - 1], &area, &area);
	l->clips[l->nclips++] = area;
}

void view_clip_pop(struct view_list *l)
{
	if (l->nclips > 0)
		l->nclips--;
}

static const char *copy_text(struct view_list *l, const char *s)
{
	size_t n = strlen(s) + 1;
	if (l->used + n > sizeof l->text) {
		l->overflow = true;
		return NULL;
	}
	char *p = l->text + l->used;
	memcpy(p, s, n);
	l->used += n;
	return p;
}

struct view *view_push(struct view_list *l, enum view_role role, enum view_style style,
		       SDL_Rect rect, const char *label, const char *target)
{
	rect.y += l->origin_y;
	SDL_Rect clip = rect;
	if (l->nclips > 0 && !SDL_IntersectRect(&rect, &l->clips[l->nclips - 1], &clip))
		return NULL;   /* scrolled out of sight: not drawn, not listed */
	if (l->n == MAX_VIEWS) {
		l->overflow = true;
		return NULL;
	}
	struct view *v = &l->views[l->n];
	v->role = role;
	v->style = style;
	v->flags = 0;
	v->rect = rect;
	v->clip = clip;
	v->data = NULL;
	v->label = copy_text(l, label ? label : "");
	v->target = target ? copy_text(l, target) : NULL;
	if (!v->label || (target && !v->target))
		return NULL;
	l->n++;
	return v;
}

int view_count(const struct view_list *l)
{
	return l->n;
}

struct view *view_at(struct view_list *l, int i)
{
	return i >= 0 && i < l->n ? &l->views[i] : NULL;
}

bool view_is_interactive(const struct view *v)
{
	return widget_class(v->role)->interactive && !(v->flags & VIEW_DISABLED) && v->target;
}

struct view *view_hit(struct view_list *l, int x, int y)
{
	SDL_Point p = {x, y};
	for (int i = l->n - 1; i >= 0; i--) {
		struct view *v = &l->views[i];
		if (v->role == ROLE_BOX && v->style == STYLE_OVERLAY && SDL_PointInRect(&p, &v->clip))
			return NULL;   /* a modal overlay swallows what is under it */
		if (view_is_interactive(v) && SDL_PointInRect(&p, &v->clip))
			return v;
	}
	return NULL;
}

bool view_list_check_targets(struct view_list *l, char *why, size_t whylen)
{
	/* Under a modal overlay nothing can be touched: only what is above counts. */
	int first = 0;
	for (int i = 0; i < l->n; i++)
		if (l->views[i].role == ROLE_BOX && l->views[i].style == STYLE_OVERLAY)
			first = i + 1;
	for (int i = first; i < l->n; i++) {
		const struct view *a = &l->views[i];
		if (!view_is_interactive(a) && !(a->role != ROLE_BOX && a->target && (a->flags & VIEW_DISABLED)))
			continue;
		for (int j = i + 1; j < l->n; j++) {
			const struct view *b = &l->views[j];
			if (!view_is_interactive(b) && !(b->role != ROLE_BOX && b->target && (b->flags & VIEW_DISABLED)))
				continue;
			if (SDL_HasIntersection(&a->clip, &b->clip)) {
				snprintf(why, whylen, "%s \"%.30s\" and %s \"%.30s\" overlap",
					 view_role_name(a->role), a->label, view_role_name(b->role), b->label);
				return false;
			}
		}
	}
	return true;
}

const char *view_role_name(enum view_role role)
{
	return widget_class(role)->name;
}

static void write_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		case '\\': fputs("\\\\", out); break;
		default: fputc(*s, out);
		}
	}
}

void view_list_write_tree(const struct view_list *l, FILE *out)
{
	for (int i = 0; i < l->n; i++) {
		const struct view *v = &l->views[i];
		if (v->role == ROLE_BOX)
			continue;
		fprintf(out, "%s\t%d\t%d\t%d\t%d\t", view_role_name(v->role), v->clip.x, v->clip.y,
			v->clip.w, v->clip.h);
		/* "clipped": partly out of its scrolling area (the numbers are
		 * the part in sight). */
		bool clipped = !SDL_RectEquals(&v->clip, &v->rect);
		if (!v->flags && !clipped)
			fputc('-', out);
		const char *sep = "";
		static const char *flag_names[] = {"focused", "pressed", "disabled", "current"};
		for (int f = 0; f < 4; f++)
			if (v->flags & (1u << f)) {
				fprintf(out, "%s%s", sep, flag_names[f]);
				sep = ",";
			}
		if (clipped)
			fprintf(out, "%sclipped", sep);
		fputc('\t', out);
		write_escaped(out, v->label);
		fputc('\t', out);
		write_escaped(out, v->target ? v->target : "-");
		fputc('\n', out);
	}
}
