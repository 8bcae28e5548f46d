/* What the fuzz targets found stays found: every input kept in
 * tests/fuzz/regressions/TARGET/ (and every seed in tests/fuzz/TARGET/)
 * replayed through the target's entry (tests/fuzz/entries.c), here built
 * by gcc with AddressSanitizer and UBSan, so a crash, an overflow or a
 * leak fails make test without clang. Then each finding said plainly, at
 * the function that had it. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "fuzz/entries.h"
#include "helpers.h"
#include "package.h"
#include "scriptline.h"

/* Runs every file of `dir` through `entry`; returns how many there were. */
static int replay(const char *dir, fuzz_entry entry)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *path = path_join(dir, e->d_name);
		size_t len = 0;
		char *data = read_file(path, &len);
		cr_assert(data, "cannot read %s", path);
		cr_log_info("%s", path);
		entry((const uint8_t *)data, len);
		free(data);
		free(path);
		n++;
	}
	closedir(d);
	return n;
}

static void replay_target(const char *name, fuzz_entry entry)
{
	char seeds[256], kept[256];
	snprintf(seeds, sizeof seeds, "tests/fuzz/%s", name);
	snprintf(kept, sizeof kept, "tests/fuzz/regressions/%s", name);
	cr_assert_gt(replay(seeds, entry), 0, "no seeds in %s", seeds);
	replay(kept, entry);
	fuzz_cleanup();
}

LEAKFREE_TEST(fuzz, csv_inputs) { replay_target("csv", fuzz_csv); }
LEAKFREE_TEST(fuzz, config_inputs) { replay_target("config", fuzz_config); }
LEAKFREE_TEST(fuzz, uistrings_inputs) { replay_target("uistrings", fuzz_uistrings); }
LEAKFREE_TEST(fuzz, key_inputs) { replay_target("key", fuzz_key); }
LEAKFREE_TEST(fuzz, signature_inputs) { replay_target("signature", fuzz_signature); }
LEAKFREE_TEST(fuzz, script_inputs) { replay_target("script", fuzz_script); }

/* The content target's seeds are built (make fuzz); the demo content is
 * the one a test run has. */
LEAKFREE_TEST(fuzz, content_inputs)
{
	size_t len = 0;
	char *demo = read_file("build/content.db", &len);
	cr_assert(demo, "no build/content.db");
	fuzz_content((const uint8_t *)demo, len);
	free(demo);
	replay_target("content", fuzz_content);
}

/* The signature target starts from signatures that pass: its seeds are
 * real minisign signatures by the key it trusts over the file it checks,
 * so a mutation reaches the check and not only the reading. */
LEAKFREE_TEST(fuzz, signature_seeds_verify)
{
	static const char *const seeds[] = {"tests/fuzz/signature/legacy.minisig", "tests/fuzz/signature/prehashed.minisig"};
	struct package_key key, from_pub;
	char why[512] = "", *dir = scratch_dir();
	cr_assert(package_parse_key(FUZZ_PUBLIC_KEY, &key, why, sizeof why), "%s", why);
	cr_assert(package_read_key("tests/fuzz/key/minisign.pub", &from_pub, why, sizeof why), "%s", why);
	cr_assert(memcmp(&key, &from_pub, sizeof key) == 0, "the key seed is another key");
	char *signed_path = path_join(dir, "signed");
	write_file(signed_path, FUZZ_SIGNED_TEXT, strlen(FUZZ_SIGNED_TEXT));
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++)
		cr_assert(package_verify(signed_path, seeds[i], &key, 1, NULL, 0, why, sizeof why, NULL), "%s: %s",
			  seeds[i], why);
	free(signed_path);
	scratch_remove(dir);
}

/* Every target has its seeds and its place for kept inputs, and the list
 * of targets is the one make fuzz runs. */
Test(fuzz, every_target_is_replayed)
{
	static const char *const replayed[] = {"csv", "config", "uistrings", "key", "signature", "script", "content"};
	size_t n = 0;
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++, n++) {
		cr_assert_lt(n, sizeof replayed / sizeof *replayed);
		cr_assert_str_eq(t->name, replayed[n]);
	}
	cr_assert_eq(n, sizeof replayed / sizeof *replayed);
}

/* fold: an ASCII '*' was taken for the table's mark of a two-letter
 * expansion and became "oe", one byte longer than it was: the folded text
 * overran its buffer of len + 1 bytes (a gender star in a topic's sort
 * key, in build; in the kiosk, a typed search). */
LEAKFREE_TEST(fuzz, fold_keeps_an_asterisk)
{
	char *folded = fold_dup("Ansprechpartner*innen");
	cr_assert_str_eq(folded, "ansprechpartner*innen");
	free(folded);
	char out[8];
	cr_assert_eq(fold_text("*", 1, out), 1);
	cr_assert_str_eq(out, "*");
}
