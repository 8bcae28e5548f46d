/* soak — a long random run of the kiosk in script mode (make soak).
 *
 * Drives one kiosk process for many thousands of events through a script
 * that is a named pipe: it writes a command, and whenever the next choice
 * depends on what is on screen it asks for the frame's tree through a
 * second named pipe and reads it back. So most taps land on widgets that
 * are really there and the run walks the screens (a visitor's taps, not
 * noise), while taps anywhere, drags and flings, keys, typed text, waits,
 * jumps of the clock past the idle reset, language and access settings,
 * the crisis screen, staff mode behind its long press and PIN, an update
 * from a signed stick folder and its rollback from the staff screen come
 * in between. Everything comes from one seed: the same seed and the same
 * kiosk give the same run. Every command sent is kept in WORK/sent.script
 * (trees going to /dev/null), which replays the run as a plain script
 * except for the stick coming and going.
 *
 * The driver only decides and reads: the kiosk's own checks (script mode's
 * frame checks, the sanitizers of build/san/wegweiser) find the faults. The
 * resident size is read from /proc/PID/status of the kiosk at two points,
 * after the first tenth of the events and at the end, each time after an
 * idle reset (a jump of the clock) so both are the kiosk at rest on its
 * start screen: what grew between them stayed behind.
 *
 *   soak [--seed N] [--events N] [--seconds N] [--size WxH] [--pin DIGITS]
 *        [--stick DIR --watch DIR] [--replay SCRIPT] WORK KIOSK [KIOSK_OPTION]…
 *
 * --seconds (or SIGTERM, SIGINT) ends the run early but cleanly: the last
 * resident size is read at rest as always, the kiosk quits and is checked
 * as always, and soak_events says how many events it had.
 *
 * --stick names a folder (a signed update, as `pack` writes it) that is
 * moved into --watch and out again now and then. --replay sends a kept
 * sent.script again instead of random events (the copy goes to
 * WORK/replayed.script): cut it short and add `shot` or `tree` lines to see
 * where a run failed. Prints soak_events,
 * rss_tenth_kb, rss_end_kb and rss_growth_kb; exits 0 when the kiosk
 * ended the script with status 0, else 1 with the end of its log. */
#define _DEFAULT_SOURCE   /* mkfifo, strtok on POSIX */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WIDGETS 1024
#define MAX_TREE_BYTES (1 << 20)
#define MAX_ARGS 64
#define IDLE_RESET_MS 200000    /* past idle_timeout (90 s) and the countdown (15 s) */
#define TREE_WAIT_S 600         /* one command never takes this long, even under the sanitizers */
#define STICK_EVERY 1500        /* events between a stick put in and taken out */

struct widget {
	char role[16];
	int x, y, w, h;
	bool focused, disabled;
	char target[256];
};

struct soak {
	uint64_t rng;
	int width, height;
	const char *pin;
	const char *work;
	char script_fifo[4096], tree_fifo[4096];
	FILE *script;           /* the kiosk reads its commands from here */
	FILE *sent;             /* and a copy of them goes here */
	pid_t kiosk;
	int status;             /* the kiosk's wait status once it ended */
	bool ended;
	long events;
	/* The last tree read, valid until the next command. */
	struct widget w[MAX_WIDGETS];
	int nw;
	bool fresh;
	/* The stick: where it waits outside, and where it is put in. */
	const char *stick_out;
	char stick_in[4096];
	bool stick_is_in;
};

static char *tree_text;
static volatile sig_atomic_t stop_asked;   /* SIGTERM, SIGINT: end early, cleanly */

static void ask_stop(int sig)
{
	(void)sig;
	stop_asked = 1;
}

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("soak: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

/* xorshift64*: small, fast, the same everywhere. */
static uint64_t next(struct soak *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ull;
}

static int below(struct soak *s, int n)
{
	return n > 0 ? (int)(next(s) % (uint64_t)n) : 0;
}

static int between(struct soak *s, int lo, int hi)
{
	return lo + below(s, hi - lo + 1);
}

static bool alive(struct soak *s)
{
	if (s->ended)
		return false;
	pid_t p = waitpid(s->kiosk, &s->status, WNOHANG);
	if (p == s->kiosk)
		s->ended = true;
	return !s->ended;
}

/* Sends one command line, and `copy` (NULL: the same) to the kept
 * script; false when the kiosk is gone. */
static bool send_line(struct soak *s, const char *line, const char *copy)
{
	fprintf(s->sent, "%s\n", copy ? copy : line);
	s->fresh = false;
	return fprintf(s->script, "%s\n", line) >= 0 && fflush(s->script) == 0;
}

__attribute__((format(printf, 2, 3)))
static bool send(struct soak *s, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof line - 1)
		die("a command longer than %zu bytes", sizeof line - 2);
	return send_line(s, line, NULL);
}

/* Counts one event and sends it. */
__attribute__((format(printf, 2, 3)))
static bool event(struct soak *s, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	s->events++;
	return send(s, "%s", line);
}

static void unescape(char *t)
{
	char *o = t;
	for (char *p = t; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

/* ROLE X Y W H FLAGS LABEL TARGET, tab-separated, one widget a line. */
static void parse_tree(struct soak *s, char *text)
{
	s->nw = 0;
	for (char *line = strtok(text, "\n"); line && s->nw < MAX_WIDGETS; line = strtok(NULL, "\n")) {
		char *f[8];
		int k = 0;
		for (char *p = line; k < 8 && p; k++) {
			f[k] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k != 8)
			die("a tree line with %d fields, not 8", k);
		struct widget *w = &s->w[s->nw++];
		snprintf(w->role, sizeof w->role, "%s", f[0]);
		w->x = atoi(f[1]), w->y = atoi(f[2]), w->w = atoi(f[3]), w->h = atoi(f[4]);
		w->focused = strstr(f[5], "focused") != NULL;
		w->disabled = strstr(f[5], "disabled") != NULL;
		unescape(f[7]);
		snprintf(w->target, sizeof w->target, "%s", strcmp(f[7], "-") == 0 ? "" : f[7]);
	}
}

/* Asks for the frame's tree and reads it. False when the kiosk is gone. */
static bool tree(struct soak *s)
{
	if (s->fresh)
		return true;
	/* Open before asking, without blocking: the kiosk's open for writing
	 * then finds a reader, and its close is the end of the tree. */
	int fd = open(s->tree_fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		die("%s: %s", s->tree_fifo, strerror(errno));
	size_t len = 0;
	char line[4200];
	snprintf(line, sizeof line, "tree %s", s->tree_fifo);
	bool ok = send_line(s, line, "tree /dev/null");   /* the copy replays without a reader */
	for (int waited = 0; ok;) {
		struct pollfd p = {fd, POLLIN, 0};
		int n = poll(&p, 1, 1000);
		if (n == 0) {
			if (!alive(s) || ++waited > TREE_WAIT_S)
				ok = false;
			continue;
		}
		if (len == MAX_TREE_BYTES)
			die("a tree of more than %d bytes", MAX_TREE_BYTES);
		ssize_t got = read(fd, tree_text + len, MAX_TREE_BYTES - len);
		if (got > 0)
			len += (size_t)got;
		else if (got == 0 && (p.revents & POLLHUP))
			break;   /* the kiosk closed it: the whole tree */
		else if (got < 0 && errno != EAGAIN && errno != EINTR)
			die("%s: %s", s->tree_fifo, strerror(errno));
	}
	close(fd);
	if (!ok)
		return false;
	tree_text[len] = '\0';
	parse_tree(s, tree_text);
	s->fresh = true;
	return true;
}

static bool interactive(const struct widget *w)
{
	static const char *const roles[] = {"button", "link", "item", "letter", "key", "input"};
	if (w->disabled || !w->target[0])
		return false;
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
		if (strcmp(w->role, roles[i]) == 0)
			return true;
	return false;
}

/* Ends the program: never chosen, or the run would end with it. */
static bool forbidden(const struct widget *w)
{
	return strcmp(w->target, "staff:quit") == 0;
}

/* Whether a press at x, y would start on something never to be pressed. */
static bool on_forbidden(const struct soak *s, int x, int y)
{
	for (int i = 0; i < s->nw; i++) {
		const struct widget *w = &s->w[i];
		if (forbidden(w) && x >= w->x && x < w->x + w->w && y >= w->y && y < w->y + w->h)
			return true;
	}
	return false;
}

/* A tap in the middle of the part in sight; the kept script names what. */
static bool tap_widget(struct soak *s, const struct widget *w)
{
	char note[300];
	snprintf(note, sizeof note, "# %s %s", w->role, w->target);
	if (!send_line(s, note, NULL))
		return false;
	return event(s, "tap %d %d", w->x + w->w / 2, w->y + w->h / 2);
}

/* Taps an interactive widget whose target starts with `prefix` ("" for
 * any); false (nothing sent) when there is none. */
static bool tap_target(struct soak *s, const char *prefix, bool *sent)
{
	*sent = false;
	if (!tree(s))
		return false;
	/* Items and links (topics, groups, contacts, pages) weigh more than
	 * the many letters and keys, so that the run goes deep, not wide. */
	int weight[MAX_WIDGETS], total = 0;
	for (int i = 0; i < s->nw; i++) {
		const struct widget *w = &s->w[i];
		bool match = interactive(w) && !forbidden(w) && strncmp(w->target, prefix, strlen(prefix)) == 0;
		bool deep = strcmp(w->role, "item") == 0 || strcmp(w->role, "link") == 0;
		total += weight[i] = !match ? 0 : deep ? 6 : 1;
	}
	if (!total)
		return true;
	*sent = true;
	int pick = below(s, total), i = 0;
	while (pick >= weight[i])
		pick -= weight[i++];
	return tap_widget(s, &s->w[i]);
}

static bool tap_anywhere(struct soak *s)
{
	if (!tree(s))
		return false;
	int x, y;
	do {
		x = below(s, s->width);
		y = below(s, s->height);
	} while (on_forbidden(s, x, y));
	/* A drag that goes nowhere is a tap, and unlike `tap` it may hit nothing. */
	return event(s, "drag %d %d %d %d %d", x, y, x, y, between(s, 20, 400));
}

static bool drag(struct soak *s)
{
	if (!tree(s))
		return false;
	int x1, y1;
	do {
		x1 = below(s, s->width);
		y1 = below(s, s->height);
	} while (on_forbidden(s, x1, y1));
	int x2 = below(s, s->width), y2 = below(s, s->height);
	bool vertical = below(s, 4) != 0;   /* most pages scroll up and down */
	if (vertical)
		x2 = x1 + between(s, -20, 20);
	if (x2 < 0 || x2 >= s->width)
		x2 = x1;
	/* A fling is fast and short; a drag slow. */
	int ms = below(s, 3) == 0 ? between(s, 24, 120) : between(s, 150, 1500);
	return event(s, "drag %d %d %d %d %d", x1, y1, x2, y2, ms);
}

static bool key(struct soak *s)
{
	static const char *const keys[] = {
		"Tab", "Tab", "Tab", "Shift+Tab", "Up", "Down", "Down", "Left", "Right", "Return", "Return",
		"Escape", "Home", "PageDown", "PageUp", "End", "Backspace", "Delete", "Space",
		"\"Keypad 2\"", "\"Keypad 4\"", "\"Keypad 5\"", "\"Keypad 6\"", "\"Keypad 8\"", "\"Keypad 0\"",
		"\"Keypad 9\"", "\"Keypad Enter\"", "A", "Z", "1", "F1", "Alt+Tab", "Shift+Return",
	};
	const char *k = keys[below(s, (int)(sizeof keys / sizeof *keys))];
	bool activates = strstr(k, "Return") || strstr(k, "Space") || strstr(k, "Keypad 5") ||
			 strstr(k, "Keypad Enter");
	if (activates) {
		if (!tree(s))
			return false;
		for (int i = 0; i < s->nw; i++)
			if (s->w[i].focused && forbidden(&s->w[i]))
				k = "Tab";   /* the focus rests on the way out */
	}
	return event(s, "key %s", k);
}

/* Appends the character c (a UTF-8 string) if it fits. */
static void add(char *out, size_t cap, const char *c)
{
	size_t n = strlen(out), m = strlen(c);
	if (n + m < cap)
		memcpy(out + n, c, m + 1);
}

static bool type(struct soak *s)
{
	static const char *const words[] = {
		"zucker", "Zöliakie", "Zoeliakie", "zoliakie", "Diabetes", "Sucht", "Angst", "Trauer",
		"Übergewicht", "Ärger", "Größe", "Mädchen", "Straße", "Strasse", "depression", "Alkohol",
		"krebs", "Eltern", "Zwillinge", "Schlaganfall", "ß", "ÄÖÜ", "äöü",
	};
	static const char *const chars[] = {
		"a", "e", "i", "n", "r", "s", "t", "u", "z", " ", " ", "-", "ä", "ö", "ü", "ß", "Ä", "0",
		"1", "5", "9", "é", "€", "\\\"", "\\\\", "/", "'", "ı", "ł", "ж", "中", "ع", "😀", "\xcc\x88",
	};
	char text[900] = "";
	switch (below(s, 5)) {
	case 0:
	case 1:
		add(text, sizeof text, words[below(s, (int)(sizeof words / sizeof *words))]);
		break;
	case 2: {   /* digits, as on the postcode screen */
		int n = between(s, 1, 7);
		for (int i = 0; i < n; i++) {
			char d[2] = {(char)('0' + below(s, 10)), '\0'};
			add(text, sizeof text, d);
		}
		break;
	}
	case 3:
		add(text, sizeof text, below(s, 2) ? "00130" : "00110");
		break;
	default: {  /* long and mixed, far beyond any field */
		int n = between(s, 1, below(s, 4) ? 40 : 400);
		for (int i = 0; i < n; i++)
			add(text, sizeof text, chars[below(s, (int)(sizeof chars / sizeof *chars))]);
		break;
	}
	}
	return event(s, "text \"%s\"", text);
}

static bool wait_some(struct soak *s)
{
	int r = below(s, 1000);
	if (r < 600)
		return event(s, "wait %d", between(s, 16, 1500));
	if (r < 900)
		return event(s, "wait %d", between(s, 1500, 20000));
	if (r < 990)
		return event(s, "clock +%d", between(s, 1000, 80000));
	/* An hour to 40 days ahead: the kiosk switched off over a holiday. */
	long long ms = 3600000LL + (long long)below(s, 40 * 24) * 3600000LL + below(s, 3600000);
	return event(s, "clock +%lld", ms);
}

/* The idle reset: mostly by a jump of the clock (nothing runs between, as
 * in a hung kiosk); now and then through the "still there?" countdown,
 * frame by frame, which costs thousands of frames. */
static bool idle(struct soak *s)
{
	int r = below(s, 100);
	if (r < 90)
		return event(s, "clock +%d", between(s, 105000, IDLE_RESET_MS));
	if (r < 97) {
		/* The question, answered or not. */
		if (!event(s, "wait %d", between(s, 90000, 95000)))
			return false;
		bool sent;
		return below(s, 2) ? tap_target(s, "idle:", &sent) : true;
	}
	return event(s, "wait 106000");
}

/* Staff mode: the long press in the bottom-right corner, the PIN (now and
 * then a wrong one), then what staff do there. */
static bool staff(struct soak *s)
{
	int x = s->width - 10, y = s->height - 10;
	bool sent;
	if (!event(s, "drag %d %d %d %d %d", x, y, x, y, 5200) || !tree(s))
		return false;
	bool pin_screen = false;
	for (int i = 0; i < s->nw; i++)
		pin_screen |= strcmp(s->w[i].target, "staff:login") == 0;
	if (!pin_screen)
		return true;   /* a dialog was in the way */
	bool wrong = below(s, 8) == 0;
	for (const char *d = s->pin; *d; d++) {
		char digit[8];
		snprintf(digit, sizeof digit, "key:%c", wrong && d == s->pin ? (*d == '0' ? '1' : '0') : *d);
		if (!tap_target(s, digit, &sent))
			return false;
	}
	if (!tap_target(s, "staff:login", &sent))
		return false;
	if (!tree(s))
		return false;
	bool in = false;
	for (int i = 0; i < s->nw; i++)
		in |= strcmp(s->w[i].target, "staff:leave") == 0;
	if (!in)
		return true;   /* wrong, or made to wait */
	int r = below(s, 10);
	if (r < 5 && !tap_target(s, "staff:rollback", &sent))
		return false;
	if (r >= 5 && r < 7 && !tap_target(s, "staff:stick", &sent))
		return false;
	if (r >= 7 && r < 8 && !tap_target(s, "staff:export", &sent))
		return false;
	if (below(s, 2) && !event(s, "wait %d", between(s, 100, 3000)))
		return false;
	return below(s, 3) ? tap_target(s, "staff:leave", &sent) : true;
}

#define STICK_IN "# the stick is in"
#define STICK_OUT "# the stick is out"

/* Puts the stick in or takes it out. */
static void move_stick(struct soak *s, bool in)
{
	if (in == s->stick_is_in)
		return;
	const char *from = in ? s->stick_out : s->stick_in, *to = in ? s->stick_in : s->stick_out;
	if (rename(from, to) != 0)
		die("cannot move %s to %s: %s", from, to, strerror(errno));
	s->stick_is_in = in;
}

/* The stick comes or goes; the updater looks every 2 s. */
static bool stick(struct soak *s)
{
	move_stick(s, !s->stick_is_in);
	return send_line(s, s->stick_is_in ? STICK_IN : STICK_OUT, NULL) && event(s, "wait 2100") &&
	       event(s, "wait 10");
}

/* Sends a kept script again, the stick coming and going where it did; a
 * `tree` line is read from the pipe as the run read it. */
static bool replay(struct soak *s, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[2048];
	bool ok = fp != NULL;
	if (!fp)
		die("%s: %s", path, strerror(errno));
	while (ok && fgets(line, sizeof line, fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, STICK_IN) == 0 || strcmp(line, STICK_OUT) == 0)
			move_stick(s, strcmp(line, STICK_IN) == 0);
		if (strcmp(line, "tree /dev/null") == 0)
			ok = tree(s);
		else if (strcmp(line, "quit") != 0)
			ok = line[0] == '#' ? send_line(s, line, NULL) : event(s, "%s", line);
	}
	fclose(fp);
	return ok;
}

/* One event of the mix; false when the kiosk is gone. */
static bool step(struct soak *s)
{
	bool sent = false, ok;
	int r = below(s, 1000);
	if (r < 500) {
		ok = tap_target(s, "", &sent);
	} else if (r < 560) {
		ok = tap_anywhere(s), sent = true;
	} else if (r < 630) {
		ok = drag(s), sent = true;
	} else if (r < 780) {
		ok = key(s), sent = true;
	} else if (r < 840) {
		ok = type(s), sent = true;
	} else if (r < 910) {
		ok = wait_some(s), sent = true;
	} else if (r < 922) {
		ok = idle(s), sent = true;
	} else if (r < 937) {
		ok = tap_target(s, "lang:", &sent);
	} else if (r < 957) {
		ok = tap_target(s, "setting:", &sent);
	} else if (r < 967) {
		ok = tap_target(s, "crisis", &sent);
	} else if (r < 994) {
		ok = tap_target(s, "back", &sent);
	} else {
		ok = staff(s), sent = true;
	}
	if (ok && !sent)
		ok = key(s);   /* nothing of the kind on screen */
	return ok;
}

/* The kiosk at rest on its start screen, then its resident size in KiB. */
static long rss_at_rest(struct soak *s)
{
	if (!send(s, "clock +%d", IDLE_RESET_MS) || !send(s, "wait 100") || !tree(s))
		return -1;
	char path[64], line[256];
	long kb = -1;
	snprintf(path, sizeof path, "/proc/%d/status", (int)s->kiosk);
	FILE *fp = fopen(path, "r");
	while (fp && fgets(line, sizeof line, fp))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (fp)
		fclose(fp);
	return kb;
}

/* The last few KiB of the kiosk's log, where its last words are. */
static void show_log_tail(const char *path)
{
	char tail[8192];
	FILE *fp = fopen(path, "r");
	if (!fp || fseek(fp, 0, SEEK_END) != 0) {
		fprintf(stderr, "soak: cannot read %s\n", path);
		if (fp)
			fclose(fp);
		return;
	}
	long size = ftell(fp);
	fseek(fp, size > (long)sizeof tail - 1 ? size - (long)sizeof tail + 1 : 0, SEEK_SET);
	size_t n = fread(tail, 1, sizeof tail - 1, fp);
	fclose(fp);
	tail[n] = '\0';
	fputs(tail, stderr);
}

int main(int argc, char **argv)
{
	struct soak s = {.rng = 1, .width = 1280, .height = 800, .pin = "4711"};
	long events = 100000, seconds = 0;
	unsigned long long seed = 1;
	const char *watch = NULL, *replay_path = NULL;
	int i = 1;
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *a = argv[i], *v = argv[i + 1];
		if (strcmp(a, "--seed") == 0)
			seed = strtoull(v, NULL, 10);
		else if (strcmp(a, "--events") == 0)
			events = atol(v);
		else if (strcmp(a, "--seconds") == 0)
			seconds = atol(v);
		else if (strcmp(a, "--size") == 0 && sscanf(v, "%dx%d", &s.width, &s.height) == 2)
			continue;
		else if (strcmp(a, "--pin") == 0)
			s.pin = v;
		else if (strcmp(a, "--stick") == 0)
			s.stick_out = v;
		else if (strcmp(a, "--watch") == 0)
			watch = v;
		else if (strcmp(a, "--replay") == 0)
			replay_path = v;
		else
			die("unknown option %s", a);
	}
	if (argc - i < 2 || events < 10 || (!s.stick_out != !watch))
		die("usage: soak [--seed N] [--events N] [--seconds N] [--size WxH] [--pin DIGITS] "
		    "[--stick DIR --watch DIR] [--replay SCRIPT] WORK KIOSK [KIOSK_OPTION]...");
	s.work = argv[i];
	s.rng = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;   /* never 0 */
	if (watch) {
		const char *name = strrchr(s.stick_out, '/');
		snprintf(s.stick_in, sizeof s.stick_in, "%s/%s", watch, name ? name + 1 : s.stick_out);
	}
	if (!(tree_text = malloc(MAX_TREE_BYTES + 1)))
		die("out of memory");
	char sent_path[4200], log_path[4200], size[32];
	snprintf(s.script_fifo, sizeof s.script_fifo, "%s/script.fifo", s.work);
	snprintf(s.tree_fifo, sizeof s.tree_fifo, "%s/tree.fifo", s.work);
	snprintf(sent_path, sizeof sent_path, "%s/%s.script", s.work, replay_path ? "replayed" : "sent");
	snprintf(log_path, sizeof log_path, "%s/kiosk.log", s.work);
	snprintf(size, sizeof size, "%dx%d", s.width, s.height);
	unlink(s.script_fifo);
	unlink(s.tree_fifo);
	if (mkfifo(s.script_fifo, 0600) != 0 || mkfifo(s.tree_fifo, 0600) != 0)
		die("cannot make the pipes in %s: %s", s.work, strerror(errno));
	if (!(s.sent = fopen(sent_path, "w")))
		die("%s: %s", sent_path, strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	/* No SA_RESTART: a wait for the tree wakes up and sees the request. */
	struct sigaction stop_action = {.sa_handler = ask_stop};
	sigaction(SIGTERM, &stop_action, NULL);
	sigaction(SIGINT, &stop_action, NULL);

	char *args[MAX_ARGS];
	int n = 0;
	args[n++] = argv[i + 1];
	args[n++] = "--size";
	args[n++] = size;
	for (int j = i + 2; j < argc && n < MAX_ARGS - 3; j++)
		args[n++] = argv[j];
	args[n++] = "--script";
	args[n++] = s.script_fifo;
	args[n] = NULL;
	fflush(NULL);
	s.kiosk = fork();
	if (s.kiosk < 0)
		die("fork: %s", strerror(errno));
	if (s.kiosk == 0) {
		int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execv(args[0], args);
		fprintf(stderr, "soak: cannot run %s: %s\n", args[0], strerror(errno));
		_exit(127);
	}
	/* Blocks until the kiosk opens its end, after its start-up. */
	if (!(s.script = fopen(s.script_fifo, "w")))
		die("%s: %s", s.script_fifo, strerror(errno));

	time_t t0 = time(NULL);
	long tenth = events / 10, rss_tenth = -1, rss_end = -1, next_stick = STICK_EVERY, next_report = tenth;
	bool ok;
	fprintf(stderr, "soak: seed %llu, %ld events, kiosk %s at %s\n", seed, events, args[0], size);
	/* A label that does not fit is a finding to collect, not the end. */
	ok = send_line(&s, "checks warn", NULL);
	if (ok && replay_path)
		ok = replay(&s, replay_path);
	while (ok && !replay_path && s.events < events && !stop_asked) {
		if (seconds && time(NULL) - t0 >= seconds)
			break;
		if (s.stick_out && s.events >= next_stick) {
			ok = stick(&s);
			next_stick += STICK_EVERY;
		} else {
			ok = step(&s);
		}
		if (ok && rss_tenth < 0 && s.events >= tenth)
			ok = (rss_tenth = rss_at_rest(&s)) >= 0;
		if (ok && s.events >= next_report) {
			fprintf(stderr, "soak: %ld events, %lld s\n", s.events, (long long)(time(NULL) - t0));
			next_report += tenth;
		}
	}
	if (ok)
		ok = (rss_end = rss_at_rest(&s)) >= 0;
	if (ok)
		send(&s, "quit");
	fclose(s.script);
	fclose(s.sent);
	if (!s.ended && waitpid(s.kiosk, &s.status, 0) == s.kiosk)
		s.ended = true;
	if (s.stick_is_in)
		rename(s.stick_in, s.stick_out);
	bool clean = ok && s.ended && WIFEXITED(s.status) && WEXITSTATUS(s.status) == 0;
	printf("soak_seed %llu\n", seed);
	printf("soak_events %ld\n", s.events);
	if (s.events < events && !replay_path)
		fprintf(stderr, "soak: ended early, after %ld of %ld events\n", s.events, events);
	printf("soak_seconds %lld\n", (long long)(time(NULL) - t0));
	if (clean) {
		printf("rss_tenth_kb %ld\n", rss_tenth);
		printf("rss_end_kb %ld\n", rss_end);
		printf("rss_growth_kb %ld\n", rss_end - rss_tenth);
	} else {
		fprintf(stderr, "soak: the kiosk %s after %ld events; the end of %s:\n",
			!s.ended ? "did not end" : WIFSIGNALED(s.status) ? "was killed" : "failed", s.events, log_path);
		show_log_tail(log_path);
		fprintf(stderr, "soak: the commands sent are in %s\n", sent_path);
	}
	unlink(s.script_fifo);
	unlink(s.tree_fifo);
	free(tree_text);
	return clean ? 0 : 1;
}
