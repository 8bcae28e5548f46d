/* entries — what each fuzz target does with one input.
 *
 * Every reader of a file from outside, called the way the kiosk or the
 * tool calls it, on a real file written from the input into a scratch
 * folder: the CSV reader with the columns and rules of one content file,
 * the config, the interface strings, a minisign key and signature (checked
 * against FUZZ_PUBLIC_KEY over FUZZ_SIGNED_TEXT), the script line reader,
 * and a content file through `check` and the kiosk's store. The same code
 * runs under libFuzzer (tests/fuzz/target.c, `make fuzz`, built by clang)
 * and under Criterion (tests/test_fuzz.c replays the kept inputs with
 * gcc's sanitizers), so a finding stays a test without clang. Nothing
 * here may leak or keep state from one input to the next but the scratch
 * folder, the key and /dev/null. */
#include "entries.h"

#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "csvfile.h"
#include "fields.h"
#include "fold.h"
#include "package.h"
#include "rules.h"
#include "scriptline.h"
#include "store.h"
#include "uistrings.h"

#define MAX_QUERIED 8           /* rows of each list the content target opens */

const struct fuzz_target fuzz_targets[] = {
	{"csv", fuzz_csv},
	{"config", fuzz_config},
	{"uistrings", fuzz_uistrings},
	{"key", fuzz_key},
	{"signature", fuzz_signature},
	{"script", fuzz_script},
	{"content", fuzz_content},
	{NULL, NULL},
};

static char scratch[64];
static FILE *devnull;
static bool signed_file_written;   /* scratch/signed, which the signature target checks */

void fuzz_cleanup(void)
{
	static const char *const names[] = {"input.csv", "config.ini", "de.ini", "en.ini", "key.pub",
					    "content.db.minisig", "signed", "content.db", NULL};
	if (!scratch[0])
		return;
	for (const char *const *n = names; *n; n++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", scratch, *n);
		unlink(path);
	}
	for (int i = 0; i < FILE_COUNT; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", scratch, content_files[i].name);
		unlink(path);
	}
	char meta[128];
	snprintf(meta, sizeof meta, "%s/%s", scratch, meta_settings.name);
	unlink(meta);
	rmdir(scratch);
	scratch[0] = '\0';
	signed_file_written = false;
	if (devnull)
		fclose(devnull);
	devnull = NULL;
}

/* The scratch folder, made at the first call: on /dev/shm when there is
 * one, so that a million inputs do not wear a disk. */
static const char *scratch_folder(void)
{
	if (scratch[0])
		return scratch;
	snprintf(scratch, sizeof scratch, "%s", access("/dev/shm", W_OK) == 0 ? "/dev/shm/ww-fuzz-XXXXXX"
										: "/tmp/ww-fuzz-XXXXXX");
	if (!mkdtemp(scratch)) {
		perror("fuzz: cannot make a scratch folder");
		abort();
	}
	devnull = fopen("/dev/null", "w");
	if (!devnull) {
		perror("fuzz: /dev/null");
		abort();
	}
	atexit(fuzz_cleanup);
	return scratch;
}

/* Writes the input to scratch/NAME; its path goes to `path`. */
static void write_input(const char *name, const uint8_t *data, size_t size, char *path, size_t cap)
{
	snprintf(path, cap, "%s/%s", scratch_folder(), name);
	FILE *fp = fopen(path, "wb");
	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0) {
		perror(path);
		abort();
	}
}

/* The input as a C string, cut at its first NUL as a file reader would. */
static char *as_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The first byte names the file ('a' media.csv … 'n' service_texts.csv,
 * 'o' meta.csv, in the order of content_file_id; others wrap around), the
 * rest is that file. Each field then meets its rule as build's get() puts
 * it: folded first where the field is kept folded. */
int fuzz_csv(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned which = (unsigned char)(data[0] - 'a') % (FILE_COUNT + 1);
	const struct content_file *file = which < FILE_COUNT ? &content_files[which] : &meta_settings;
	const struct field *cols = which < FILE_COUNT ? file->fields : meta_columns;
	char path[128];
	write_input(file->name, data + 1, size - 1, path, sizeof path);
	struct diag d = {.out = devnull};
	struct csvfile *f = csvfile_read(scratch_folder(), file->name, cols, true, &d);
	if (!f)
		return 0;
	for (size_t row = 0; row < csvfile_rows(f); row++)
		for (int c = 0; cols[c].name; c++) {
			const char *v = csvfile_get(f, row, c), *why = NULL;
			char norm[RULE_NORM_MAX];
			(void)csvfile_line(f, row, c);
			(void)csvfile_column(f, c);
			if (!*v || !csvfile_has(f, c))
				continue;
			char *folded = cols[c].kind == FIELD_FOLDED ? fold_dup(v) : NULL;
			rule_check(cols[c].rule, folded ? folded : v, cols[c].max_chars, norm, &why);
			free(folded);
		}
	csvfile_free(f);
	return 0;
}

int fuzz_config(const uint8_t *data, size_t size)
{
	static struct config c;
	char path[128];
	write_input("config.ini", data, size, path, sizeof path);
	config_defaults(&c);
	config_load(&c, path, devnull);
	return 0;
}

/* The same file as both languages; then the texts as the screens use
 * them, and the input itself as a text with placeholders. */
int fuzz_uistrings(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"de", "en", NULL};
	static const char *const keys[] = {"welcome", "topic_more_groups", "crisis_call", "search_none", "no such key", NULL};
	static const char *const values[] = {"12", "Zöliakie", "%s%d"};
	char path[128], err[512], out[256];
	write_input("de.ini", data, size, path, sizeof path);
	write_input("en.ini", data, size, path, sizeof path);
	struct uistrings *s = uistrings_load(scratch_folder(), langs, err, sizeof err);
	if (s) {
		for (const char *const *k = keys; *k; k++) {
			uistrings_fill(out, sizeof out, uistrings_get(s, "en", *k), "Wegweiser");
			uistrings_fill_n(out, sizeof out, uistrings_get(s, "fr", *k), values, 3);
		}
		uistrings_free(s);
	}
	char *text = as_string(data, size);
	uistrings_fill_n(out, sizeof out, text, values, 3);
	uistrings_fill_n(out, 1, text, values, 2);
	free(text);
	return 0;
}

/* A .pub file as package_read_key() reads it, and the input as the base64
 * line alone. */
int fuzz_key(const uint8_t *data, size_t size)
{
	struct package_key key;
	char path[128], err[512];
	write_input("key.pub", data, size, path, sizeof path);
	package_read_key(path, &key, err, sizeof err);
	char *text = as_string(data, size);
	package_parse_key(text, &key, err, sizeof err);
	free(text);
	return 0;
}

/* A .minisig as the kiosk reads it from a stick: the signature alone, then
 * the key it names, then the check over the signed file. */
int fuzz_signature(const uint8_t *data, size_t size)
{
	static struct package_key key;
	char path[128], why[512], signed_path[128];
	if (!signed_file_written) {
		if (!package_parse_key(FUZZ_PUBLIC_KEY, &key, why, sizeof why) || sodium_init() < 0) {
			fprintf(stderr, "fuzz: FUZZ_PUBLIC_KEY: %s\n", why);
			abort();
		}
		write_input("signed", (const uint8_t *)FUZZ_SIGNED_TEXT, strlen(FUZZ_SIGNED_TEXT), signed_path,
			    sizeof signed_path);
		signed_file_written = true;
	}
	write_input("content.db.minisig", data, size, path, sizeof path);
	int dir = open(scratch_folder(), O_RDONLY | O_DIRECTORY);
	if (dir < 0)
		abort();
	struct package_sig sig;
	enum package_fault fault;
	if (package_read_signature(dir, "content.db.minisig", "content.db.minisig", &sig, &fault, why, sizeof why)) {
		const struct package_key *by = package_find_key(&sig, &key, 1, why, sizeof why);
		int fd = by ? openat(dir, "signed", O_RDONLY) : -1;
		if (fd >= 0) {
			package_check(&sig, by, fd, NULL, &fault, why, sizeof why);
			close(fd);
		}
	}
	close(dir);
	return 0;
}

/* Lines as script_run() reads them, each through script_parse_line(). */
int fuzz_script(const uint8_t *data, size_t size)
{
	struct script_step *step = malloc(sizeof *step);
	char *text = as_string(data, size), why[256];
	if (!step)
		abort();
	for (char *line = text; line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		script_parse_line(line, step, why, sizeof why);
		line = next;
	}
	free(text);
	free(step);
	return 0;
}

/* What the kiosk reads of each kind: the first rows of each list, each
 * opened as its screen opens it. */
static void query_store(struct store *s, const char *lang)
{
	struct store_counts counts;
	struct store_index_row *index = NULL;
	struct store_group_row *groups = calloc(MAX_QUERIED, sizeof *groups);
	struct store_near *near = calloc(MAX_QUERIED, sizeof *near);
	struct store_link *links = calloc(MAX_QUERIED, sizeof *links);
	struct store_service *services = calloc(MAX_QUERIED, sizeof *services);
	struct store_topic *topic = malloc(sizeof *topic);
	struct store_contact *contact = malloc(sizeof *contact);
	struct store_group *group = malloc(sizeof *group);
	struct store_place place;
	if (!groups || !near || !links || !services || !topic || !contact || !group)
		abort();
	store_count(s, &counts);
	int ntopics = store_topic_index(s, lang, &index);
	for (int i = 0; i < ntopics && i < MAX_QUERIED; i++) {
		if (store_topic(s, index[i].slug, lang, topic) != STORE_FOUND)
			continue;
		int total = 0;
		int ngroups = store_topic_groups(s, topic->id, lang, NULL, groups, MAX_QUERIED, &total);
		for (int g = 0; g < ngroups; g++) {
			if (store_group(s, groups[g].id, lang, group) == STORE_FOUND)
				store_group_topics(s, group->id, lang, links, MAX_QUERIED);
		}
		if (store_locate_postcode(s, "00110", &place) == STORE_FOUND)
			store_topic_groups(s, topic->id, lang, &place, groups, MAX_QUERIED, &total);
		int ncontacts = store_topic_contacts(s, topic->id, NULL, near, MAX_QUERIED);
		for (int c = 0; c < ncontacts; c++)
			if (store_contact(s, near[c].id, lang, contact) == STORE_FOUND && contact->media_id) {
				struct store_media *m = NULL;
				if (store_media(s, contact->media_id, lang, &m) == STORE_FOUND)
					rule_image_fits(m->data, m->len);
				free(m);
			}
		store_topic_related(s, topic->id, lang, links, MAX_QUERIED);
	}
	free(index);
	int npages = store_pages(s, lang, links, MAX_QUERIED);
	for (int i = 0; i < npages; i++) {
		struct store_page *page = NULL;
		const char *slug = strchr(links[i].target, ':');
		if (store_page(s, slug ? slug + 1 : links[i].target, lang, &page) == STORE_FOUND && page->media_id) {
			struct store_media *m = NULL;
			store_media(s, page->media_id, lang, &m);
			free(m);
		}
		free(page);
	}
	store_services(s, true, lang, services, MAX_QUERIED);
	store_services(s, false, lang, services, MAX_QUERIED);
	if (store_locate_postcode(s, "00199", &place) == STORE_FOUND)
		store_contacts_near(s, place.lat, place.lon, near, MAX_QUERIED);
	store_contacts_for_postcode(s, "00110", near, MAX_QUERIED);
	free(groups), free(near), free(links), free(services), free(topic), free(contact), free(group);
}

/* The input as a content file: `check` as the tool and an update run it,
 * then, whatever check said, the kiosk's store on it (the kiosk opens
 * only what passed, but the store must not trust that). */
int fuzz_content(const uint8_t *data, size_t size)
{
	char path[128], err[512];
	write_input("content.db", data, size, path, sizeof path);
	sqlite3 *db = NULL;
	struct diag d = {.out = devnull};
	if (store_open_sqlite(path, false, &db, err, sizeof err) == SQLITE_OK)
		check_content(db, "content.db", &d);
	sqlite3_close(db);
	struct store *s = store_open(path, err, sizeof err);
	if (s) {
		query_store(s, "de");
		query_store(s, "en");
		store_close(s);
	}
	return 0;
}
