/* config — the kiosk's one INI file.
 *
 * Parsed with libinih. A kiosk must start even when someone mistyped its
 * configuration: every problem is reported with file and line, and the value
 * concerned keeps its default. Later issues add their keys to the table
 * below (a key: where it goes, how it is checked).
 *
 * Debian's libinih is built with a 200-byte line buffer on the stack
 * (INI_USE_STACK, no INI_ALLOW_REALLOC): a longer line would reach the
 * handler cut in pieces, its tail read as a line of its own. So the file is
 * read whole here (a regular file, bounded, never a pipe or a device) and
 * handed to inih line by line; a line too long for it is reported and
 * skipped whole. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <ini.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "package.h"
#include "safefile.h"
#include "speech.h"
#include "update.h"

struct load {
	struct config *c;
	const char *path;
	FILE *warnings;
	const char *next;       /* the text not yet handed to inih */
	int line;               /* of the line inih read last */
};

enum kind {
	K_SECONDS, K_LANG, K_MM, K_PATH, K_POSTCODE, K_DATA_DIR, K_PUBKEY, K_WATCH, K_PIN_HASH, K_YES_NO, K_LOCKDOWN,
	K_MAX_MB, K_BOTTOM_MM, K_RENDERER, K_DAY, K_HOLIDAYS, K_WAKE, K_STATUS_DIR, K_SPEECH_RATE, K_SPEECH_VOLUME, K_SPEECH_HEADPHONES
};

static const struct key {
	const char *section, *name;
	enum kind kind;
} keys[] = {
	{"kiosk", "idle_timeout", K_SECONDS},
	{"kiosk", "language", K_LANG},
	{"kiosk", "postcode", K_POSTCODE},
	{"kiosk", "lockdown", K_LOCKDOWN},
	{"screen", "width_mm", K_MM},
	{"screen", "bottom_mm", K_BOTTOM_MM},
	{"content", "path", K_PATH},
	{"update", "data_dir", K_DATA_DIR},
	{"update", "pubkey", K_PUBKEY},
	{"update", "watch", K_WATCH},
	{"update", "max_size_mb", K_MAX_MB},
	{"staff", "pin_hash", K_PIN_HASH},
	{"stats", "enabled", K_YES_NO},
	{"screen", "renderer", K_RENDERER},
	{"hours", "mon", K_DAY}, {"hours", "tue", K_DAY}, {"hours", "wed", K_DAY}, {"hours", "thu", K_DAY},
	{"hours", "fri", K_DAY}, {"hours", "sat", K_DAY}, {"hours", "sun", K_DAY},
	{"hours", "holidays", K_HOLIDAYS},
	{"hours", "wake", K_WAKE},
	{"status", "folder", K_STATUS_DIR},
	{"speech", "rate", K_SPEECH_RATE},
	{"speech", "volume", K_SPEECH_VOLUME},
	{"speech", "on_with_headphones", K_SPEECH_HEADPHONES},
};

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->idle_timeout_s = 90;
	strcpy(c->default_lang, "de");
	c->max_size_mb = UPDATE_DEFAULT_MAX_MB;
	c->wake_s = 300;
	c->speech_rate_wpm = SPEECH_DEFAULT_RATE_WPM;
	c->speech_volume = SPEECH_DEFAULT_VOLUME;
	c->speech_on_with_headphones = true;
}

__attribute__((format(printf, 3, 4)))
static void warn(const struct load *l, int line, const char *fmt, ...)
{
	if (!l->warnings)
		return;
	va_list ap;
	va_start(ap, fmt);
	fprintf(l->warnings, "%s:%d: ", l->path, line);
	vfprintf(l->warnings, fmt, ap);
	fputc('\n', l->warnings);
	va_end(ap);
}

static bool number(const char *v, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (errno || end == v || *end || x < lo || x > hi)
		return false;
	*out = x;
	return true;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct load *l = user;
	int line = l->line;
	const struct key *k = NULL;
	bool section_known = false;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		section_known |= strcmp(keys[i].section, section) == 0;
		if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0)
			k = &keys[i];
	}
	if (!section_known) {
		warn(l, line, "unknown section [%s] (key \"%s\" ignored)", section, name);
		return 1;
	}
	if (!k) {
		warn(l, line, "unknown key \"%s\" in [%s]", name, section);
		return 1;
	}
	double x;
	char why[160];
	switch (k->kind) {
	case K_SECONDS:
		if (number(value, 10, 3600, &x) && x == (int)x)
			l->c->idle_timeout_s = (int)x;
		else
			warn(l, line, "idle_timeout: \"%s\" is not a number of seconds from 10 to 3600; using %d",
			     value, l->c->idle_timeout_s);
		break;
	case K_LANG:
		if (strcmp(value, "de") == 0 || strcmp(value, "en") == 0)
			strcpy(l->c->default_lang, value);
		else
			warn(l, line, "language: \"%s\" is not de or en; using %s", value, l->c->default_lang);
		break;
	case K_MM:
		if (number(value, 100, 3000, &x))
			l->c->screen_width_mm = x;
		else
			warn(l, line, "width_mm: \"%s\" is not a width in millimetres from 100 to 3000; using %s",
			     value, l->c->screen_width_mm > 0 ? "the value before" : "a 24-inch panel");
		break;
	case K_BOTTOM_MM:
		if (number(value, 0, 2500, &x))
			l->c->screen_bottom_mm = x;
		else
			warn(l, line, "bottom_mm: \"%s\" is not a height in millimetres from 0 to 2500; the reach"
			     " layout uses the lower half of the screen", value);
		break;
	case K_POSTCODE:
		if (strlen(value) == 5 && strspn(value, "0123456789") == 5)
			strcpy(l->c->postcode, value);
		else
			warn(l, line, "postcode: \"%s\" is not a German postcode of five digits; contact points"
			     " are listed by name", value);
		break;
	case K_DATA_DIR:
		if (strlen(value) < sizeof l->c->data_dir && value[0] == '/')
			strcpy(l->c->data_dir, value);
		else
			warn(l, line, "data_dir: \"%.40s\" is not an absolute path; updates are off", value);
		break;
	case K_PUBKEY:
	case K_WATCH: {
		char (*list)[PATH_MAX] = k->kind == K_PUBKEY ? l->c->pubkeys : l->c->watch;
		int *n = k->kind == K_PUBKEY ? &l->c->npubkeys : &l->c->nwatch;
		if (*n == CONFIG_MAX_LIST || strlen(value) >= PATH_MAX || !value[0])
			warn(l, line, "%s: \"%.40s\" ignored (empty, too long, or more than %d)", name, value,
			     CONFIG_MAX_LIST);
		else
			strcpy(list[(*n)++], value);
		break;
	}
	case K_YES_NO:
		if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)
			l->c->stats = strcmp(value, "yes") == 0;
		else
			warn(l, line, "enabled: \"%s\" is not yes or no; statistics stay off", value);
		break;
	case K_LOCKDOWN:
		if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)
			l->c->lockdown = strcmp(value, "yes") == 0;
		else
			warn(l, line, "lockdown: \"%s\" is not yes or no; using %s", value, l->c->lockdown ? "yes" : "no");
		break;
	case K_PIN_HASH:
		/* libsodium parses the whole hash: -1 is a string no PIN can match. */
		if (strncmp(value, "$argon2id$", 10) == 0 && strlen(value) < sizeof l->c->pin_hash &&
		    sodium_init() >= 0 && crypto_pwhash_str_needs_rehash(value, STAFF_PIN_OPSLIMIT, STAFF_PIN_MEMLIMIT) >= 0)
			strcpy(l->c->pin_hash, value);
		else
			warn(l, line, "pin_hash: not a hash from 'wegweiser-content passwd'; staff mode is off");
		break;
	case K_MAX_MB:
		if (number(value, 1, UPDATE_MAX_MB_LIMIT, &x) && x == (int)x)
			l->c->max_size_mb = (int)x;
		else
			warn(l, line, "max_size_mb: \"%.40s\" is not a number of megabytes from 1 to %d; using %d", value,
			     UPDATE_MAX_MB_LIMIT, l->c->max_size_mb);
		break;
	case K_RENDERER:
		if (strcmp(value, "software") == 0 || strcmp(value, "gpu") == 0)
			l->c->gpu = strcmp(value, "gpu") == 0;
		else
			warn(l, line, "renderer: \"%.40s\" is not software or gpu; using %s", value,
			     l->c->gpu ? "gpu" : "software");
		break;
	case K_DAY:
		if (!hours_set_day(&l->c->hours, hours_weekday(name), value, why, sizeof why))
			warn(l, line, "%s: %s; ignored (once any day has hours, a day without them is closed)", name,
			     why);
		break;
	case K_HOLIDAYS:
		if (!hours_add_holidays(&l->c->hours, value, why, sizeof why))
			warn(l, line, "holidays: %s; none of this line's dates is taken", why);
		break;
	case K_WAKE:
		if (number(value, 10, 3600, &x) && x == (int)x)
			l->c->wake_s = (int)x;
		else
			warn(l, line, "wake: \"%.40s\" is not a number of seconds from 10 to 3600; using %d", value,
			     l->c->wake_s);
		break;
	case K_STATUS_DIR:
		if (strlen(value) < sizeof l->c->status_dir && value[0] == '/')
			strcpy(l->c->status_dir, value);
		else
			warn(l, line, "folder: \"%.40s\" is not an absolute path; no status file is written", value);
		break;
	case K_SPEECH_RATE:
		if (number(value, SPEECH_MIN_RATE_WPM, SPEECH_MAX_RATE_WPM, &x) && x == (int)x)
			l->c->speech_rate_wpm = (int)x;
		else
			warn(l, line, "rate: \"%.40s\" is not a number of words a minute from %d to %d; using %d", value,
			     SPEECH_MIN_RATE_WPM, SPEECH_MAX_RATE_WPM, l->c->speech_rate_wpm);
		break;
	case K_SPEECH_VOLUME:
		if (number(value, 0, SPEECH_MAX_VOLUME, &x) && x == (int)x)
			l->c->speech_volume = (int)x;
		else
			warn(l, line, "volume: \"%.40s\" is not a per cent from 0 to %d; using %d", value,
			     SPEECH_MAX_VOLUME, l->c->speech_volume);
		break;
	case K_SPEECH_HEADPHONES:
		if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0)
			l->c->speech_on_with_headphones = strcmp(value, "yes") == 0;
		else
			warn(l, line, "on_with_headphones: \"%.40s\" is not yes or no; using %s", value,
			     l->c->speech_on_with_headphones ? "yes" : "no");
		break;
	case K_PATH:
		if (strlen(value) < sizeof l->c->content_path)
			strcpy(l->c->content_path, value);
		else
			warn(l, line, "path: \"%.40s…\" is too long", value);
		break;
	}
	return 1;
}

/* Hands inih the next line. Debian's libinih passes no line number to the
 * handler, so this counts them: the handler runs right after its line was
 * read. A line longer than inih's buffer (`size`) is reported and handed
 * over empty: skipped whole, never split. */
static char *read_line(char *buf, int size, void *user)
{
	struct load *l = user;
	if (!*l->next)
		return NULL;
	size_t len = strcspn(l->next, "\n");
	const char *line = l->next;
	l->next += len + (line[len] == '\n');
	l->line++;
	if (len + 2 > (size_t)size) {   /* with its newline and NUL */
		const char *text = line + strspn(line, " \t");
		if (*text != ';' && *text != '#')   /* a long comment says nothing: skipped quietly */
			warn(l, l->line, "longer than %d characters: ignored (put a long comment on a line of its own)",
			     size - 2);
		len = 0;
	}
	memcpy(buf, line, len);
	buf[len] = '\n';
	buf[len + 1] = '\0';
	return buf;
}

int config_load(struct config *c, const char *path, FILE *warnings)
{
	char *text = malloc(CONFIG_MAX_BYTES + 1), why[512];
	enum safefile_fault fault;
	if (!text || !safefile_read_text(AT_FDCWD, path, path, false, text, CONFIG_MAX_BYTES + 1, &fault, why,
					 sizeof why)) {
		if (warnings)
			fprintf(warnings, "%s\n", text ? why : "out of memory");
		free(text);
		return -1;
	}
	struct load l = {c, path, warnings, text, 0};
	int bad = ini_parse_stream(read_line, &l, on_value, &l);
	if (bad > 0)
		warn(&l, bad, "not a \"key = value\" line or a [section]");
	free(text);
	return 0;
}
