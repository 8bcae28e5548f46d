/* uistrings — the texts of the kiosk's own interface, per language.
 *
 * Button labels, headings and hints live in assets/strings/LANG.ini, never
 * in C code, so translating the interface is editing a file. Read once at
 * start with libinih into a fixed table (MAX_UISTRINGS a language); lookups
 * are linear, which for under a hundred keys costs less than hashing. */
#include "uistrings.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *key, *value;
};

struct lang_table {
	char code[3];
	struct entry e[MAX_UISTRINGS];
	int n;
};

struct uistrings {
	struct lang_table langs[MAX_UISTRING_LANGS];
	int n;
};

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct lang_table *t = user;
	(void)section;
	if (t->n == MAX_UISTRINGS)
		return 0;   /* ini_parse reports the line; uistrings_load says why */
	t->e[t->n].key = strdup(name);
	t->e[t->n].value = strdup(value);
	if (!t->e[t->n].key || !t->e[t->n].value)
		return 0;
	t->n++;
	return 1;
}

struct uistrings *uistrings_load(const char *dir, const char *const *langs, char *err, size_t errlen)
{
	struct uistrings *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (int i = 0; langs[i] && s->n < MAX_UISTRING_LANGS; i++) {
		struct lang_table *t = &s->langs[s->n++];
		char path[1024];
		snprintf(t->code, sizeof t->code, "%.2s", langs[i]);
		snprintf(path, sizeof path, "%s/%s.ini", dir, t->code);
		int rc = ini_parse(path, on_value, t);
		if (rc != 0) {
			if (rc < 0)
				snprintf(err, errlen, "%s: cannot read", path);
			else
				snprintf(err, errlen, "%s:%d: not \"key = text\", or longer than %d bytes (split the"
					 " text), or more than %d texts", path, rc, INI_MAX_LINE - 1, MAX_UISTRINGS);
			uistrings_free(s);
			return NULL;
		}
	}
	return s;
}

void uistrings_free(struct uistrings *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		for (int j = 0; j < s->langs[i].n; j++) {
			free(s->langs[i].e[j].key);
			free(s->langs[i].e[j].value);
		}
	free(s);
}

static const char *find(const struct lang_table *t, const char *key)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->e[i].key, key) == 0)
			return t->e[i].value;
	return NULL;
}

const char *uistrings_get(const struct uistrings *s, const char *lang, const char *key)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->langs[i].code, lang) == 0) {
			const char *v = find(&s->langs[i], key);
			if (v)
				return v;
		}
	const char *v = s->n ? find(&s->langs[0], key) : NULL;
	return v ? v : key;
}

void uistrings_fill_n(char *out, size_t cap, const char *text, const char *const *values, int n)
{
	size_t len = 0;
	int next = 0;
	if (cap == 0)
		return;
	out[0] = '\0';
	for (const char *p = text; *p && len + 1 < cap;) {
		if (p[0] == '%' && (p[1] == 's' || p[1] == 'd')) {
			const char *v = next < n ? values[next] : "";
			next++;
			int w = snprintf(out + len, cap - len, "%s", v);
			len = w < 0 ? len : len + (size_t)w < cap ? len + (size_t)w : cap - 1;
			p += 2;
		} else {
			out[len++] = *p++;
			out[len] = '\0';
		}
	}
}

void uistrings_fill(char *out, size_t cap, const char *text, const char *value)
{
	uistrings_fill_n(out, cap, text, &value, 1);
}
