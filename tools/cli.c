/* cli — the wegweiser-content command line.
 *
 * Parses arguments and hands each command to its module (build.c, dump.c,
 * generate.c, kiosk/check.c, kiosk/store.c). It owns the help texts and the
 * exit statuses: 0 done, 1 the content has problems, 2 the command line is
 * wrong. Output goes to the FILEs it is given, so tests run it in-process. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "check.h"
#include "diag.h"
#include "dump.h"
#include "durable.h"
#include "generate.h"
#include "package.h"
#include "search.h"
#include "store.h"
#include "update.h"
#include "utf8.h"

#define MAX_SHOWN 30

enum { EXIT_PROBLEM = 1, EXIT_USAGE = 2 };

static const char usage_tool[] =
	"Usage: wegweiser-content COMMAND [ARGS…]\n"
	"Makes and checks the content files of the Wegweiser kiosk.\n"
	"\n"
	"Commands:\n"
	"  build SRC_DIR OUT.db [--content-version N]   CSV sources -> content file\n"
	"  check DB                                     is DB content the kiosk can serve?\n"
	"  stats DB                                     what DB holds, one figure a line\n"
	"  dump DB OUT_DIR                              content file -> CSV sources\n"
	"  search DB QUERY [--lang CODE] [--limit N]    what the kiosk finds for QUERY\n"
	"  pack DB OUT_DIR [--sign SECRET_KEY]          an update for a USB stick\n"
	"  verify PUBKEY DIR                            check an update as the kiosk will\n"
	"  passwd                                       the staff PIN's hash for the config\n"
	"  generate --groups N --topics N --contact-points N [--seed S] OUT_DIR\n"
	"                                               synthetic sources for scale tests\n"
	"\n"
	"'wegweiser-content COMMAND --help' explains one command. The source format is\n"
	"described in content/FORMAT.md.\n";

static const char usage_build[] =
	"Usage: wegweiser-content build SRC_DIR OUT.db [--content-version N]\n"
	"Reads the CSV files in SRC_DIR (see content/FORMAT.md), checks every field and\n"
	"writes OUT.db. Problems are reported as FILE:LINE:COLUMN: error: FIELD: what;\n"
	"on any error nothing is written and an existing OUT.db stays as it was.\n"
	"Missing translations are warnings.\n"
	"  --content-version N   the content version (a positive whole number that grows\n"
	"                        with every release); overrides content_version in meta.csv\n";

static const char usage_check[] =
	"Usage: wegweiser-content check DB\n"
	"Checks DB as the kiosk does before serving it: SQLite integrity, schema and\n"
	"schema version, references, every field rule of build, translations and the\n"
	"search index. Exits 1 on any problem.\n";

static const char usage_stats[] =
	"Usage: wegweiser-content stats DB\n"
	"Prints schema_version, content_version, languages and the number of topics,\n"
	"aliases, contact_points, groups, pages and media, one 'name value' a line.\n";

static const char usage_dump[] =
	"Usage: wegweiser-content dump DB OUT_DIR\n"
	"Writes the CSV sources (and images) of DB into OUT_DIR; building them again\n"
	"gives the same content. Nothing is written through a link or into a pipe\n"
	"found in OUT_DIR, nor for an image whose name is no plain file name. A text\n"
	"that starts like a spreadsheet formula (only a file that fails 'check' has\n"
	"one) is written with a ' in front, so a spreadsheet shows it as text; a\n"
	"warning says where.\n";

static const char usage_search[] =
	"Usage: wegweiser-content search DB QUERY [--lang CODE] [--limit N]\n"
	"Searches DB exactly as the kiosk does when a visitor types QUERY with the\n"
	"screen in language CODE (default: the content's first language). Prints the\n"
	"results best first, one 'KIND<TAB>TITLE<TAB>REASON' a line; KIND is topic,\n"
	"contact, group or page, REASON why it matched. --limit: at most N (default 20).\n";

static const char usage_pack[] =
	"Usage: wegweiser-content pack DB OUT_DIR [--sign SECRET_KEY]\n"
	"Checks DB like 'check', then writes the update layout the kiosk looks for:\n"
	"OUT_DIR/" PACKAGE_FILE ", and with --sign its signature\n"
	"OUT_DIR/" PACKAGE_SIG ", made by 'minisign -S -s SECRET_KEY'\n"
	"(minisign asks for the key's password if it has one). OUT_DIR is usually the\n"
	"USB stick. An old signature there is removed first.\n";

static const char usage_verify[] =
	"Usage: wegweiser-content verify PUBKEY DIR\n"
	"Checks the update in DIR (" PACKAGE_FILE " and its .minisig) with the\n"
	"kiosk's own code: the signature by the minisign public key PUBKEY first,\n"
	"then, only if it holds, the content like 'check'. Exits 1 on any problem.\n";

static const char usage_passwd[] =
	"Usage: wegweiser-content passwd\n"
	"Reads a staff PIN (4 to 12 digits) from standard input and prints the line\n"
	"'pin_hash = …' for the [staff] section of the kiosk's configuration: a\n"
	"libsodium (Argon2id) hash, so the PIN itself is stored nowhere.\n";

static const char usage_generate[] =
	"Usage: wegweiser-content generate --groups N --topics N --contact-points N\n"
	"                                  [--seed S] OUT_DIR\n"
	"Writes plausible synthetic CSV sources into OUT_DIR for scale tests (Germany\n"
	"has 70,000-100,000 self-help groups and 273 contact points at 320 places).\n"
	"The same seed gives the same files.\n";

/* Parses a positive number for option `name`; false (with a message) if not. */
static bool number(const char *name, const char *value, long long max, long long *out, FILE *err)
{
	char *end;
	errno = 0;
	long long x = value ? strtoll(value, &end, 10) : 0;
	if (!value || errno || *end || end == value || x < 0 || x > max) {
		fprintf(err, "wegweiser-content: %s needs a whole number from 0 to %lld\n", name, max);
		return false;
	}
	*out = x;
	return true;
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

static int usage_error(FILE *err, const char *usage, const char *what)
{
	fprintf(err, "wegweiser-content: %s\n%s", what, usage);
	return EXIT_USAGE;
}

static int cmd_build(int argc, char **argv, FILE *out, FILE *err)
{
	struct build_options o = {0};
	const char *pos[2];
	int npos = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--content-version") == 0) {
			const char *v = i + 1 < argc ? argv[++i] : NULL;
			if (!number("--content-version", v, 1LL << 53, &o.content_version, err))
				return EXIT_USAGE;
			if (o.content_version == 0)
				return usage_error(err, usage_build, "--content-version must be 1 or more");
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(err, usage_build, "unknown option");
		} else if (npos < 2) {
			pos[npos++] = argv[i];
		} else {
			return usage_error(err, usage_build, "too many arguments");
		}
	}
	if (npos != 2)
		return usage_error(err, usage_build, "needs SRC_DIR and OUT.db");
	o.src_dir = pos[0];
	o.out_path = pos[1];
	struct diag d = {.out = err, .max_shown = MAX_SHOWN};
	int rc = build_content(&o, &d);
	diag_finish(&d);
	if (rc) {
		fprintf(err, "%s: not written (%d error%s, %d warning%s)\n", o.out_path, d.errors,
			d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s");
		return EXIT_PROBLEM;
	}
	fprintf(out, "%s: written (%d warning%s)\n", o.out_path, d.warnings,
		d.warnings == 1 ? "" : "s");
	return 0;
}

static int cmd_check(int argc, char **argv, FILE *out, FILE *err)
{
	if (argc != 1)
		return usage_error(err, usage_check, "needs exactly one DB");
	struct diag d = {.out = err, .max_shown = MAX_SHOWN};
	sqlite3 *db = NULL;
	char msg[256];
	if (store_open_sqlite(argv[0], false, &db, msg, sizeof msg) != SQLITE_OK)
		diag_report(&d, DIAG_ERROR, argv[0], 0, 0, NULL, "cannot open: %s", msg);
	else
		check_content(db, argv[0], &d);
	sqlite3_close(db);
	diag_finish(&d);
	if (d.errors) {
		fprintf(err, "%s: %d problem%s\n", argv[0], d.errors, d.errors == 1 ? "" : "s");
		return EXIT_PROBLEM;
	}
	fprintf(out, "%s: ok (%d warning%s)\n", argv[0], d.warnings, d.warnings == 1 ? "" : "s");
	return 0;
}

static int cmd_stats(int argc, char **argv, FILE *out, FILE *err)
{
	if (argc != 1)
		return usage_error(err, usage_stats, "needs exactly one DB");
	char msg[256];
	struct store *s = store_open(argv[0], msg, sizeof msg);
	struct store_counts c;
	if (!s || !store_count(s, &c)) {
		fprintf(err, "%s: %s\n", argv[0], s ? sqlite3_errmsg(store_db(s)) : msg);
		store_close(s);
		return EXIT_PROBLEM;
	}
	const struct store_meta *m = store_meta(s);
	fprintf(out,
		"schema_version %d\ncontent_version %lld\nlanguages %s\ntopics %lld\naliases %lld\n"
		"contact_points %lld\ngroups %lld\npages %lld\nmedia %lld\n",
		m->schema_version, m->content_version, m->languages, c.topics, c.aliases,
		c.contact_points, c.groups, c.pages, c.media);
	store_close(s);
	return 0;
}

static int cmd_dump(int argc, char **argv, FILE *out, FILE *err)
{
	if (argc != 2)
		return usage_error(err, usage_dump, "needs DB and OUT_DIR");
	struct diag d = {.out = err, .max_shown = MAX_SHOWN};
	int rc = dump_content(argv[0], argv[1], &d);
	diag_finish(&d);
	if (rc != 0)
		return EXIT_PROBLEM;
	fprintf(out, "%s: written (%d warning%s)\n", argv[1], d.warnings, d.warnings == 1 ? "" : "s");
	return 0;
}

static int cmd_search(int argc, char **argv, FILE *out, FILE *err)
{
	const char *pos[2], *lang = NULL;
	long long limit = 20;
	int npos = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--lang") == 0) {
			lang = i + 1 < argc ? argv[++i] : NULL;
			if (!lang || strlen(lang) != 2)
				return usage_error(err, usage_search, "--lang needs a two-letter language code");
		} else if (strcmp(argv[i], "--limit") == 0) {
			if (!number("--limit", i + 1 < argc ? argv[++i] : NULL, 1000, &limit, err))
				return EXIT_USAGE;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(err, usage_search, "unknown option");
		} else if (npos < 2) {
			pos[npos++] = argv[i];
		} else {
			return usage_error(err, usage_search, "too many arguments (quote a QUERY of several words)");
		}
	}
	if (npos != 2)
		return usage_error(err, usage_search, "needs DB and QUERY");
	char msg[256];
	struct store *st = store_open(pos[0], msg, sizeof msg);
	struct search *s = st ? search_open(store_db(st), msg, sizeof msg) : NULL;
	struct search_result *r = calloc(limit ? (size_t)limit : 1, sizeof *r);
	int n = s && r ? search_run(s, pos[1], lang ? lang : store_meta(st)->languages, r, (int)limit) : -1;
	int rc = 0;
	if (n < 0) {
		fprintf(err, "%s: %s\n", pos[0], !st || !s ? msg : "cannot search");
		rc = EXIT_PROBLEM;
	}
	for (int i = 0; i < n; i++) {
		char why[1024];
		search_reason(&r[i], why, sizeof why);
		fprintf(out, "%s\t%s\t%s\n", search_kind_name(r[i].kind), r[i].title, why);
	}
	free(r);
	search_close(s);
	store_close(st);
	return rc;
}

/* Copies a file to dst through a temporary file beside it; the file and
 * its name are on the disk (or stick) when this returns true. */
static bool copy_file(const char *src, const char *dst, FILE *err)
{
	char tmp[4096 + 8], why[4096 + 64] = "";
	snprintf(tmp, sizeof tmp, "%s.tmp", dst);
	if (!update_copy_file(src, tmp, why, sizeof why) || rename(tmp, dst) != 0 ||
	    !durable_sync_folder_of(dst)) {
		fprintf(err, "wegweiser-content: cannot copy %s to %s: %s\n", src, dst,
			why[0] ? why : strerror(errno));
		remove(tmp);
		return false;
	}
	return true;
}

/* Runs minisign to sign `file` with `key`; no shell between. */
static bool run_minisign(const char *key, const char *file, const char *comment, FILE *err)
{
	char *argv[] = {"minisign", "-S", "-s", (char *)key, "-m", (char *)file, "-t", (char *)comment, NULL};
	pid_t pid;
	int status = 0;
	extern char **environ;
	if (posix_spawnp(&pid, "minisign", NULL, NULL, argv, environ) != 0) {
		fprintf(err, "wegweiser-content: cannot run minisign: is it installed?\n");
		return false;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(err, "wegweiser-content: minisign could not sign %s\n", file);
		return false;
	}
	return true;
}

static int cmd_pack(int argc, char **argv, FILE *out, FILE *err)
{
	const char *pos[2], *key = NULL;
	int npos = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--sign") == 0) {
			key = i + 1 < argc ? argv[++i] : NULL;
			if (!key)
				return usage_error(err, usage_pack, "--sign needs a minisign SECRET_KEY file");
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(err, usage_pack, "unknown option");
		} else if (npos < 2) {
			pos[npos++] = argv[i];
		} else {
			return usage_error(err, usage_pack, "too many arguments");
		}
	}
	if (npos != 2)
		return usage_error(err, usage_pack, "needs DB and OUT_DIR");
	/* Only content the kiosk would take goes on a stick. */
	struct diag d = {.out = err, .max_shown = MAX_SHOWN};
	sqlite3 *db = NULL;
	char msg[256];
	struct store_meta meta = {0};
	if (store_open_sqlite(pos[0], false, &db, msg, sizeof msg) != SQLITE_OK)
		diag_report(&d, DIAG_ERROR, pos[0], 0, 0, NULL, "cannot open: %s", msg);
	else if (check_content(db, pos[0], &d), !d.errors)
		store_read_meta(db, &meta, msg, sizeof msg);
	sqlite3_close(db);
	diag_finish(&d);
	if (d.errors) {
		fprintf(err, "%s: not packed (%d problem%s)\n", pos[0], d.errors, d.errors == 1 ? "" : "s");
		return EXIT_PROBLEM;
	}
	char dir[4096], file[4096], sig[4096];
	snprintf(dir, sizeof dir, "%s/%s", pos[1], PACKAGE_DIR);
	snprintf(file, sizeof file, "%s/%s", pos[1], PACKAGE_FILE);
	snprintf(sig, sizeof sig, "%s/%s", pos[1], PACKAGE_SIG);
	if ((mkdir(pos[1], 0755) != 0 && errno != EEXIST) || (mkdir(dir, 0755) != 0 && errno != EEXIST)) {
		fprintf(err, "wegweiser-content: cannot create %s: %s\n", dir, strerror(errno));
		return EXIT_PROBLEM;
	}
	/* A signature of other content must never sit beside this file. */
	if (remove(sig) != 0 && errno != ENOENT) {
		fprintf(err, "wegweiser-content: cannot remove the old %s: %s\n", sig, strerror(errno));
		return EXIT_PROBLEM;
	}
	if (!copy_file(pos[0], file, err))
		return EXIT_PROBLEM;
	if (key) {
		char comment[512];
		snprintf(comment, sizeof comment, "wegweiser content_version %lld published %s", meta.content_version,
			 meta.published);
		if (!run_minisign(key, file, comment, err))
			return EXIT_PROBLEM;
		/* minisign does not fsync: staff pull the stick once told "written". */
		if (!durable_sync(sig) || !durable_sync_folder_of(sig)) {
			fprintf(err, "wegweiser-content: cannot write %s: %s\n", sig, strerror(errno));
			return EXIT_PROBLEM;
		}
	}
	fprintf(out, "%s: written%s\n", file, key ? ", signed" : " (not signed: a kiosk will not take it)");
	return 0;
}

static int cmd_verify(int argc, char **argv, FILE *out, FILE *err)
{
	if (argc != 2)
		return usage_error(err, usage_verify, "needs PUBKEY and DIR");
	struct package_key key;
	char msg[512], comment[PACKAGE_COMMENT_MAX], file[4096], sig[4096];
	if (!package_read_key(argv[0], &key, msg, sizeof msg)) {
		fprintf(err, "%s\n", msg);
		return EXIT_PROBLEM;
	}
	snprintf(file, sizeof file, "%s/%s", argv[1], PACKAGE_FILE);
	snprintf(sig, sizeof sig, "%s/%s", argv[1], PACKAGE_SIG);
	/* Whoever signed it chose the comment: escape codes in it must not
	 * reach the staff's terminal as such. */
	char safe[4 * PACKAGE_COMMENT_MAX];
	if (!package_verify(file, sig, &key, 1, comment, sizeof comment, msg, sizeof msg, NULL)) {
		utf8_escape(msg, safe, sizeof safe);
		fprintf(err, "%s: refused: %s\n", file, safe);
		return EXIT_PROBLEM;
	}
	utf8_escape(comment, safe, sizeof safe);
	fprintf(out, "%s: signature ok (%s)\n", file, safe);
	return cmd_check(1, (char *[]){file, NULL}, out, err);
}

static int cmd_passwd(int argc, char **argv, FILE *out, FILE *err)
{
	(void)argv;
	if (argc != 0)
		return usage_error(err, usage_passwd, "takes no arguments (the PIN comes on standard input)");
	char pin[64] = "";
	if (isatty(STDIN_FILENO))
		fprintf(err, "Staff PIN (4 to 12 digits): ");
	if (!fgets(pin, sizeof pin, stdin))
		pin[0] = '\0';
	pin[strcspn(pin, "\r\n")] = '\0';
	size_t n = strlen(pin);
	if (n < 4 || n > 12 || strspn(pin, "0123456789") != n) {
		sodium_memzero(pin, sizeof pin);
		fprintf(err, "wegweiser-content: a PIN is 4 to 12 digits\n");
		return EXIT_USAGE;
	}
	char hash[crypto_pwhash_STRBYTES];
	int rc = sodium_init() < 0 ||
		 crypto_pwhash_str(hash, pin, n, STAFF_PIN_OPSLIMIT, STAFF_PIN_MEMLIMIT) != 0;
	sodium_memzero(pin, sizeof pin);
	if (rc) {
		fprintf(err, "wegweiser-content: cannot hash the PIN (out of memory?)\n");
		return EXIT_PROBLEM;
	}
	fprintf(out, "pin_hash = %s\n", hash);
	return 0;
}

static int cmd_generate(int argc, char **argv, FILE *out, FILE *err)
{
	struct generate_options o = {.seed = 1};
	long long seed = 1;
	bool have[3] = {false};
	for (int i = 0; i < argc; i++) {
		static const char *names[] = {"--groups", "--topics", "--contact-points", "--seed"};
		long long *dst[] = {&o.groups, &o.topics, &o.contact_points, &seed};
		static const long long max[] = {10000000, STORE_MAX_TOPICS, STORE_MAX_CONTACT_POINTS, (1LL << 62)};
		int k = 0;
		while (k < 4 && strcmp(argv[i], names[k]) != 0)
			k++;
		if (k < 4) {
			const char *v = i + 1 < argc ? argv[++i] : NULL;
			if (!number(names[k], v, max[k], dst[k], err))
				return EXIT_USAGE;
			if (k < 3)
				have[k] = true;
		} else if (argv[i][0] == '-') {
			return usage_error(err, usage_generate, "unknown option");
		} else if (!o.out_dir) {
			o.out_dir = argv[i];
		} else {
			return usage_error(err, usage_generate, "too many arguments");
		}
	}
	if (!have[0] || !have[1] || !have[2] || !o.out_dir)
		return usage_error(err, usage_generate,
				   "needs --groups, --topics, --contact-points and OUT_DIR");
	if (o.topics < 1 || o.contact_points < 1)
		return usage_error(err, usage_generate, "needs at least one topic and contact point");
	o.seed = (unsigned long long)seed;
	struct diag d = {.out = err, .max_shown = MAX_SHOWN};
	if (generate_sources(&o, &d) != 0)
		return EXIT_PROBLEM;
	fprintf(out, "%s: %lld groups, %lld topics, %lld contact points\n", o.out_dir, o.groups,
		o.topics, o.contact_points);
	return 0;
}

int cli_main(int argc, char **argv, FILE *out, FILE *err)
{
	static const struct {
		const char *name;
		int (*run)(int, char **, FILE *, FILE *);
		const char *usage;
	} commands[] = {
		{"build", cmd_build, usage_build},
		{"check", cmd_check, usage_check},
		{"stats", cmd_stats, usage_stats},
		{"dump", cmd_dump, usage_dump},
		{"search", cmd_search, usage_search},
		{"pack", cmd_pack, usage_pack},
		{"verify", cmd_verify, usage_verify},
		{"passwd", cmd_passwd, usage_passwd},
		{"generate", cmd_generate, usage_generate},
	};
	if (argc < 2)
		return usage_error(err, usage_tool, "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_tool, out);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if (wants_help(argc - 2, argv + 2)) {
			fputs(commands[i].usage, out);
			return 0;
		}
		return commands[i].run(argc - 2, argv + 2, out, err);
	}
	fprintf(err, "wegweiser-content: unknown command \"%s\"\n%s", argv[1], usage_tool);
	return EXIT_USAGE;
}
