/* Update packages (kiosk/package.c, `pack`, `verify`), checked against the
 * real minisign tool: its keys, its signatures in both algorithms, and its
 * verdict on what `pack --sign` writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "package.h"

#define CONTENT "build/content.db"

struct keys {
	char *dir;
	char *pub, *sec, *other_pub, *other_sec;
	struct package_key key, other;
};

static void make_keys(struct keys *k)
{
	k->dir = scratch_dir();
	k->pub = path_join(k->dir, "staff.pub");
	k->sec = path_join(k->dir, "staff.key");
	k->other_pub = path_join(k->dir, "other.pub");
	k->other_sec = path_join(k->dir, "other.key");
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", k->pub, k->sec), 0);
	cr_assert_eq(shell("minisign -G -W -p %s -s %s >/dev/null", k->other_pub, k->other_sec), 0);
	char err[256];
	cr_assert(package_read_key(k->pub, &k->key, err, sizeof err), "%s", err);
	cr_assert(package_read_key(k->other_pub, &k->other, err, sizeof err), "%s", err);
}

static void free_keys(struct keys *k)
{
	scratch_remove(k->dir);
	free(k->pub);
	free(k->sec);
	free(k->other_pub);
	free(k->other_sec);
}

/* A copy of the demo content in dir, signed by minisign with `flags`. */
static char *signed_copy(const struct keys *k, const char *name, const char *flags)
{
	char *file = path_join(k->dir, name);
	cr_assert_eq(shell("cp %s %s && minisign -S %s -s %s -m %s -t 'test content' >/dev/null", CONTENT, file,
			   flags, k->sec, file), 0);
	return file;
}

static bool verify(const struct keys *k, const char *file, char *why, size_t len)
{
	char sig[4096];
	snprintf(sig, sizeof sig, "%s.minisig", file);
	return package_verify(file, sig, &k->key, 1, NULL, 0, why, len, NULL);
}

LEAKFREE_TEST(package, both_minisign_algorithms_verify, .timeout = 60)
{
	struct keys k;
	make_keys(&k);
	char *prehashed = signed_copy(&k, "ed.db", ""), *legacy = signed_copy(&k, "legacy.db", "-l");
	char sig[4096], comment[PACKAGE_COMMENT_MAX], why[256];
	/* The files really are of the two kinds: "ED" and "Ed" in the signature. */
	cr_assert_eq(shell("sed -n 2p %s.minisig | base64 -d | head -c 2 | grep -qx ED", prehashed), 0);
	cr_assert_eq(shell("sed -n 2p %s.minisig | base64 -d | head -c 2 | grep -qx Ed", legacy), 0);
	const char *files[] = {prehashed, legacy};
	for (int i = 0; i < 2; i++) {
		snprintf(sig, sizeof sig, "%s.minisig", files[i]);
		cr_assert(package_verify(files[i], sig, &k.key, 1, comment, sizeof comment, why, sizeof why, NULL),
			  "%s: %s",
			  files[i], why);
		cr_assert_str_eq(comment, "test content");
	}
	/* A list of trusted keys: found by key id among others. */
	struct package_key both[2] = {k.other, k.key};
	snprintf(sig, sizeof sig, "%s.minisig", prehashed);
	cr_assert(package_verify(prehashed, sig, both, 2, NULL, 0, why, sizeof why, NULL), "%s", why);
	free(prehashed);
	free(legacy);
	free_keys(&k);
}

LEAKFREE_TEST(package, every_fault_is_refused_with_a_plain_reason, .timeout = 60)
{
	struct keys k;
	make_keys(&k);
	char why[256];
	/* damage: a shell command; FILE stands for the signed file. */
	struct { const char *name, *flags, *damage, *reason; } cases[] = {
		{"flipped.db", "", "printf '\\x01' | dd of=FILE bs=1 seek=5000 conv=notrunc 2>/dev/null",
		 "changed after it was signed"},
		{"flipped-legacy.db", "-l", "printf '\\x01' | dd of=FILE bs=1 seek=5000 conv=notrunc 2>/dev/null",
		 "changed after it was signed"},
		{"truncated.db", "", "truncate -s 65536 FILE", "changed after it was signed"},
		{"no-sig.db", "", "rm FILE.minisig", "cannot read"},
		{"garbage-sig.db", "", "echo hello > FILE.minisig", "not a minisign signature"},
		{"comment.db", "", "sed -i 's/^trusted comment: test content/trusted comment: version 99/' FILE.minisig",
		 "trusted comment was changed"},
		{"sig-bit.db", "", "sed -i -E '2{s/^(.{40})A/\\1B/;t;s/^(.{40})./\\1A/}' FILE.minisig",
		 "changed after it was signed"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *file = signed_copy(&k, cases[i].name, cases[i].flags);
		const char *name[] = {"FILE"}, *value[] = {file};
		char *cmd = expand(cases[i].damage, name, value, 1);
		cr_assert_eq(shell("%s", cmd), 0, "%s", cases[i].name);
		free(cmd);
		why[0] = '\0';
		cr_assert_not(verify(&k, file, why, sizeof why), "%s was accepted", cases[i].name);
		cr_assert(strstr(why, cases[i].reason), "%s: %s", cases[i].name, why);
		free(file);
	}
	/* Signed by a key the kiosk does not trust. */
	char *file = path_join(k.dir, "foreign.db");
	cr_assert_eq(shell("cp %s %s && minisign -S -s %s -m %s >/dev/null", CONTENT, file, k.other_sec, file), 0);
	cr_assert_not(verify(&k, file, why, sizeof why));
	cr_assert(strstr(why, "does not trust"), "%s", why);
	/* The trusted key id, but another key: the signature fails. */
	struct package_key forged = k.other;
	memcpy(forged.id, k.key.id, sizeof forged.id);
	cr_assert_eq(shell("cp %s %s.2 && minisign -S -s %s -m %s.2 >/dev/null", CONTENT, file, k.sec, file), 0);
	char file2[4096], sig2[4096];
	snprintf(file2, sizeof file2, "%s.2", file);
	snprintf(sig2, sizeof sig2, "%s.2.minisig", file);
	enum package_fault fault;
	cr_assert_not(package_verify(file2, sig2, &forged, 1, NULL, 0, why, sizeof why, &fault));
	cr_assert_eq(fault, PACKAGE_FAULT_CHANGED);
	cr_assert(strstr(why, "changed after it was signed"), "%s", why);
	free(file);
	/* Keys that are not keys. */
	char *bad = path_join(k.dir, "bad.pub");
	write_file(bad, "untrusted comment: x\nnot base64 at all\n", 39);
	struct package_key key;
	cr_assert_not(package_read_key(bad, &key, why, sizeof why));
	cr_assert(strstr(why, "not a minisign public key"), "%s", why);
	free(bad);
	free_keys(&k);
}

LEAKFREE_TEST(package, pack_writes_what_minisign_and_verify_accept, .timeout = 120)
{
	struct keys k;
	make_keys(&k);
	char *stick = path_join(k.dir, "stick");
	/* A stale signature from earlier content must go. */
	shell("mkdir -p %s/wegweiser && echo stale > %s/wegweiser/content.db.minisig", stick, stick);
	struct tool_result r = tool_run("pack", CONTENT, stick, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "not signed"), "%s", r.out);
	tool_result_free(&r);
	cr_assert_neq(shell("test -e %s/wegweiser/content.db.minisig", stick), 0, "the stale signature stayed");
	r = tool_run("pack", CONTENT, stick, "--sign", k.sec, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	cr_assert_eq(shell("cmp -s %s %s/wegweiser/content.db", CONTENT, stick), 0);
	cr_assert_eq(shell("minisign -Vq -p %s -m %s/wegweiser/content.db", k.pub, stick), 0,
		     "minisign does not accept what pack signed");
	r = tool_run("verify", k.pub, stick, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert(strstr(r.out, "signature ok (wegweiser content_version "), "%s", r.out);
	cr_assert(strstr(r.out, "content.db: ok"), "%s", r.out);
	tool_result_free(&r);
	/* Another key: refused, and the content is not even opened. */
	r = tool_run("verify", k.other_pub, stick, NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "refused: signed with a key this kiosk does not trust"), "%s", r.err);
	cr_assert_null(strstr(r.out, "ok"), "%s", r.out);
	tool_result_free(&r);
	/* Properly signed, but not our content: the signature holds, the check does not. */
	shell("head -c 100000 /dev/urandom > %s/wegweiser/content.db && rm %s/wegweiser/content.db.minisig && "
	      "minisign -S -s %s -m %s/wegweiser/content.db >/dev/null", stick, stick, k.sec, stick);
	r = tool_run("verify", k.pub, stick, NULL);
	cr_assert_eq(r.status, 1, "%s", r.out);
	cr_assert(strstr(r.out, "signature ok"), "%s", r.out);
	tool_result_free(&r);
	/* Content that fails the check is not packed. */
	char *junk = path_join(k.dir, "junk.db");
	write_file(junk, "not a database", 14);
	r = tool_run("pack", junk, stick, NULL);
	cr_assert_eq(r.status, 1);
	cr_assert(strstr(r.err, "not packed"), "%s", r.err);
	tool_result_free(&r);
	free(junk);
	free(stick);
	free_keys(&k);
}

/* What a hostile stick holds instead of a signature or a content file: a
 * named pipe (which a plain open would wait on for ever), links, a device,
 * a signature of a megabyte. Each is refused at once with its own reason. */
LEAKFREE_TEST(package, pipes_links_devices_and_huge_files_are_refused_at_once, .timeout = 30)
{
	struct keys k;
	make_keys(&k);
	char *file = signed_copy(&k, "c.db", ""), why[512];
	char sig[4096], good_sig[4096];
	snprintf(sig, sizeof sig, "%s.minisig", file);
	snprintf(good_sig, sizeof good_sig, "%s/good.minisig", k.dir);
	cr_assert_eq(shell("mv %s %s", sig, good_sig), 0);
	enum package_fault fault;
	struct {
		const char *name, *make, *reason;
		enum package_fault fault;
	} cases[] = {
		{"a named pipe as signature", "mkfifo SIG", "a named pipe, not a file", PACKAGE_FAULT_NOT_A_FILE},
		{"a link as signature", "ln -s GOOD SIG", "a symbolic link", PACKAGE_FAULT_NOT_A_FILE},
		{"a device as signature", "ln -s /dev/zero SIG", "a symbolic link", PACKAGE_FAULT_NOT_A_FILE},
		{"a megabyte of signature", "head -c 1048576 /dev/zero | tr '\\0' A > SIG",
		 "not a minisign signature (larger than 8192 bytes)", PACKAGE_FAULT_MALFORMED},
		{"a folder as signature", "mkdir SIG", "a folder, not a file", PACKAGE_FAULT_NOT_A_FILE},
		{"no signature", "true", "no such file", PACKAGE_FAULT_MISSING},
		{"a link as content file", "cp GOOD SIG && mv FILE FILE.real && ln -s FILE.real FILE", "a symbolic link",
		 PACKAGE_FAULT_NOT_A_FILE},
		{"a named pipe as content file", "cp GOOD SIG && rm -f FILE && mkfifo FILE", "a named pipe, not a file",
		 PACKAGE_FAULT_NOT_A_FILE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		shell("rm -rf %s %s && cp %s %s", sig, file, CONTENT, file);
		const char *name[] = {"GOOD", "SIG", "FILE"}, *value[] = {good_sig, sig, file};
		char *cmd = expand(cases[i].make, name, value, 3);
		cr_assert_eq(shell("%s", cmd), 0, "%s: %s", cases[i].name, cmd);
		free(cmd);
		cr_assert_not(package_verify(file, sig, &k.key, 1, NULL, 0, why, sizeof why, &fault), "%s: accepted",
			      cases[i].name);
		cr_assert(strstr(why, cases[i].reason), "%s: %s", cases[i].name, why);
		cr_assert_eq(fault, cases[i].fault, "%s: fault %d", cases[i].name, fault);
	}
	/* Key files named in the configuration: a pipe or a device, not a key. */
	struct package_key key;
	char *pipe = path_join(k.dir, "key.fifo");
	cr_assert_eq(shell("mkfifo %s", pipe), 0);
	cr_assert_not(package_read_key(pipe, &key, why, sizeof why));
	cr_assert(strstr(why, "a named pipe, not a file"), "%s", why);
	cr_assert_not(package_read_key("/dev/zero", &key, why, sizeof why));
	cr_assert(strstr(why, "/dev/zero: a device, not a file"), "%s", why);
	free(pipe);
	free(file);
	free_keys(&k);
}

/* The trusted comment is the signer's text: `verify` shows it escaped, so
 * escape codes in it cannot clear or rewrite the staff's terminal. */
LEAKFREE_TEST(package, verify_shows_a_trusted_comment_escaped, .timeout = 60)
{
	struct keys k;
	make_keys(&k);
	char *stick = path_join(k.dir, "stick");
	struct tool_result r = tool_run("pack", CONTENT, stick, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	tool_result_free(&r);
	cr_assert_eq(shell("minisign -S -s %s -m %s/wegweiser/content.db -t \"$(printf 'ok\\033[2J\\033[1;1Hversion 99')\" "
			   ">/dev/null", k.sec, stick), 0);
	r = tool_run("verify", k.pub, stick, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strchr(r.out, '\033'), "an escape code reached the output: %s", r.out);
	cr_assert(strstr(r.out, "signature ok (ok\\u{001B}[2J\\u{001B}[1;1Hversion 99)"), "%s", r.out);
	tool_result_free(&r);
	free(stick);
	free_keys(&k);
}
