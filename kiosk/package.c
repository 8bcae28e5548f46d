/* package — content updates as staff carry them: a content file and its
 * detached minisign signature, checked before anything reads the file.
 *
 * Staff sign with the standard minisign tool; this is the kiosk's (and
 * `wegweiser-content verify`'s) side of it, with libsodium: the minisign
 * public key and signature formats, both algorithms (prehashed "ED" over the
 * file's BLAKE2b-512, legacy "Ed" over the file itself), the key id, and the
 * global signature that binds the trusted comment. It never parses the
 * content: a file is bytes until its signature holds. Errors are said in
 * plain words, for the staff member standing at the kiosk. */
#include "package.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_BYTES 42            /* "Ed", key id, public key */
#define SIG_BYTES 74            /* algorithm, key id, signature */
#define FILE_MAX_TEXT 8192      /* a key or signature file is small */
#define LEGACY_MAX (256L << 20) /* "Ed" signs the whole file: read it whole */
#define CHUNK (256 * 1024)

/* The whole of a small text file, NUL-terminated, into buf. */
static bool read_small(const char *path, char *buf, size_t cap, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return false;
	}
	size_t n = fread(buf, 1, cap - 1, fp);
	bool too_big = n == cap - 1 && fgetc(fp) != EOF;
	bool failed = ferror(fp);
	fclose(fp);
	buf[n] = '\0';
	if (failed || too_big || memchr(buf, '\0', n)) {
		snprintf(err, errlen, "%s: %s", path, failed ? "cannot read it" : "not a minisign file");
		return false;
	}
	return true;
}

/* Splits text into lines in place (\n or \r\n); returns their number. */
static int split_lines(char *text, char **lines, int max)
{
	int n = 0;
	for (char *p = text; *p && n < max;) {
		char *end = strchr(p, '\n');
		if (end) {
			*end = '\0';
			if (end > p && end[-1] == '\r')
				end[-1] = '\0';
		}
		lines[n++] = p;
		if (!end)
			break;
		p = end + 1;
	}
	return n;
}

static bool decode(const char *b64, unsigned char *out, size_t want)
{
	size_t len = 0;
	const char *end = NULL;
	return sodium_base642bin(out, want, b64, strlen(b64), " \t", &len, &end,
				 sodium_base64_VARIANT_ORIGINAL) == 0 && len == want && end && *end == '\0';
}

bool package_parse_key(const char *base64, struct package_key *key, char *err, size_t errlen)
{
	unsigned char bin[KEY_BYTES];
	if (!decode(base64, bin, sizeof bin) || bin[0] != 'E' || bin[1] != 'd') {
		snprintf(err, errlen, "not a minisign public key");
		return false;
	}
	memcpy(key->id, bin + 2, sizeof key->id);
	memcpy(key->pk, bin + 10, sizeof key->pk);
	return true;
}

bool package_read_key(const char *path, struct package_key *key, char *err, size_t errlen)
{
	char text[FILE_MAX_TEXT], *lines[8], msg[128];
	if (!read_small(path, text, sizeof text, err, errlen))
		return false;
	int n = split_lines(text, lines, 8);
	for (int i = 0; i < n; i++) {
		if (!*lines[i] || strncmp(lines[i], "untrusted comment:", 18) == 0)
			continue;
		if (package_parse_key(lines[i], key, msg, sizeof msg))
			return true;
		break;
	}
	snprintf(err, errlen, "%s: not a minisign public key", path);
	return false;
}

/* The key id as minisign prints it (the 8 bytes reversed, in hex). */
static void key_id_text(const unsigned char *id, char *out)
{
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02X", id[7 - i]);
}

/* BLAKE2b-512 of a file, read in chunks: the prehashed message. */
static bool hash_file(int fd, unsigned char hash[64], char *why, size_t whylen)
{
	crypto_generichash_state st;
	unsigned char *buf = malloc(CHUNK);
	if (!buf) {
		snprintf(why, whylen, "out of memory");
		return false;
	}
	crypto_generichash_init(&st, NULL, 0, 64);
	ssize_t n;
	while ((n = read(fd, buf, CHUNK)) > 0)
		crypto_generichash_update(&st, buf, (unsigned long long)n);
	free(buf);
	if (n < 0) {
		snprintf(why, whylen, "cannot read the content file: %s", strerror(errno));
		return false;
	}
	crypto_generichash_final(&st, hash, 64);
	return true;
}

/* The whole file, for a legacy signature. */
static unsigned char *read_whole(int fd, size_t *len, char *why, size_t whylen)
{
	struct stat sb;
	if (fstat(fd, &sb) != 0 || sb.st_size > LEGACY_MAX) {
		snprintf(why, whylen, "the file is too large for a legacy signature: sign it again with minisign -S");
		return NULL;
	}
	unsigned char *data = malloc(sb.st_size > 0 ? (size_t)sb.st_size : 1);
	size_t got = 0;
	ssize_t n = 1;
	while (data && got < (size_t)sb.st_size && (n = read(fd, data + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	if (!data || n < 0 || got != (size_t)sb.st_size) {
		snprintf(why, whylen, "cannot read the content file: %s", data ? strerror(errno) : "out of memory");
		free(data);
		return NULL;
	}
	*len = got;
	return data;
}

bool package_verify(const char *path, const char *sig_path, const struct package_key *keys, int nkeys,
		    char *comment, size_t comment_len, char *why, size_t whylen, enum package_fault *fault)
{
	enum package_fault ignored;
	if (!fault)
		fault = &ignored;
	*fault = PACKAGE_FAULT_UNREADABLE;
	char text[FILE_MAX_TEXT], *lines[8];
	unsigned char sig[SIG_BYTES], global[64];
	unsigned char *signed_comment = NULL;
	int fd = -1;
	bool ok = false;
	if (sodium_init() < 0) {
		snprintf(why, whylen, "the cryptography library cannot start");
		return false;
	}
	if (!read_small(sig_path, text, sizeof text, why, whylen))
		return false;
	int n = split_lines(text, lines, 8);
	const char *tc = n >= 3 && strncmp(lines[2], "trusted comment: ", 17) == 0 ? lines[2] + 17 : NULL;
	if (n < 4 || strncmp(lines[0], "untrusted comment:", 18) != 0 || !decode(lines[1], sig, sizeof sig) ||
	    !tc || !decode(lines[3], global, sizeof global) || strlen(tc) >= PACKAGE_COMMENT_MAX) {
		snprintf(why, whylen, "%s: not a minisign signature", sig_path);
		*fault = PACKAGE_FAULT_MALFORMED;
		return false;
	}
	bool prehashed = sig[0] == 'E' && sig[1] == 'D', legacy = sig[0] == 'E' && sig[1] == 'd';
	if (!prehashed && !legacy) {
		snprintf(why, whylen, "%s: an unknown signature algorithm", sig_path);
		*fault = PACKAGE_FAULT_MALFORMED;
		return false;
	}
	const struct package_key *key = NULL;
	for (int i = 0; i < nkeys && !key; i++)
		if (memcmp(keys[i].id, sig + 2, 8) == 0)
			key = &keys[i];
	if (!key) {
		char id[17];
		key_id_text(sig + 2, id);
		snprintf(why, whylen, "signed with a key this kiosk does not trust (key id %s)", id);
		*fault = PACKAGE_FAULT_FOREIGN_KEY;
		return false;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(why, whylen, "cannot read the content file: %s", strerror(errno));
		return false;
	}
	if (prehashed) {
		unsigned char hash[64];
		if (!hash_file(fd, hash, why, whylen))
			goto done;
		ok = crypto_sign_verify_detached(sig + 10, hash, sizeof hash, key->pk) == 0;
	} else {
		size_t len = 0;
		unsigned char *data = read_whole(fd, &len, why, whylen);
		if (!data)
			goto done;
		ok = crypto_sign_verify_detached(sig + 10, data, len, key->pk) == 0;
		free(data);
	}
	if (!ok) {
		snprintf(why, whylen, "the file was changed after it was signed (or is incomplete)");
		*fault = PACKAGE_FAULT_CHANGED;
		goto done;
	}
	/* The global signature covers the signature and the trusted comment. */
	size_t tlen = strlen(tc);
	signed_comment = malloc(64 + tlen);
	if (!signed_comment) {
		snprintf(why, whylen, "out of memory");
		ok = false;
		goto done;
	}
	memcpy(signed_comment, sig + 10, 64);
	memcpy(signed_comment + 64, tc, tlen);
	ok = crypto_sign_verify_detached(global, signed_comment, 64 + tlen, key->pk) == 0;
	if (!ok) {
		snprintf(why, whylen, "the signature's trusted comment was changed");
		*fault = PACKAGE_FAULT_CHANGED;
	} else {
		*fault = PACKAGE_FAULT_NONE;
		if (comment)
			snprintf(comment, comment_len, "%s", tc);
	}
done:
	free(signed_comment);
	if (fd >= 0)
		close(fd);
	return ok;
}
