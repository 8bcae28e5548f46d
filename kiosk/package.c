/* package — content updates as staff carry them: a content file and its
 * detached minisign signature, checked before anything reads the file.
 *
 * Staff sign with the standard minisign tool; this is the kiosk's (and
 * `wegweiser-content verify`'s) side of it, with libsodium: the minisign
 * public key and signature formats, both algorithms (prehashed "ED" over the
 * file's BLAKE2b-512, legacy "Ed" over the file itself), the key id, and the
 * global signature that binds the trusted comment. It never parses the
 * content: a file is bytes until its signature holds. The signature is read
 * first and alone (small, a regular file, never through a link), so a stick
 * signed by nobody the kiosk trusts costs nothing but that look. Errors are
 * said in plain words, for the staff member standing at the kiosk. */
#include "package.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safefile.h"

#define KEY_BYTES 42            /* "Ed", key id, public key */
#define SIG_BYTES 74            /* algorithm, key id, signature */
#define KEY_MAX_TEXT 8192       /* a key file is small */
#define LEGACY_MAX (256L << 20) /* "Ed" signs the whole file: read it whole */
#define CHUNK (256 * 1024)

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
	char text[KEY_MAX_TEXT], *lines[8], msg[128];
	enum safefile_fault fault;
	/* The key files are the administrator's: a link is fine, a pipe is not. */
	if (!safefile_read_text(AT_FDCWD, path, path, false, text, sizeof text, &fault, err, errlen)) {
		if (fault == SAFEFILE_TOO_LARGE || fault == SAFEFILE_NOT_TEXT)
			snprintf(err, errlen, "%s: not a minisign public key", path);
		return false;
	}
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

bool package_read_signature(int dirfd, const char *name, const char *label, struct package_sig *s,
			    enum package_fault *fault, char *why, size_t whylen)
{
	char text[PACKAGE_SIG_MAX + 1], *lines[8];
	unsigned char sig[SIG_BYTES];
	enum safefile_fault f;
	memset(s, 0, sizeof *s);
	if (!safefile_read_text(dirfd, name, label, true, text, sizeof text, &f, why, whylen)) {
		*fault = f == SAFEFILE_MISSING ? PACKAGE_FAULT_MISSING : f == SAFEFILE_NOT_REGULAR ? PACKAGE_FAULT_NOT_A_FILE
			 : f == SAFEFILE_UNREADABLE ? PACKAGE_FAULT_UNREADABLE : PACKAGE_FAULT_MALFORMED;
		if (f == SAFEFILE_TOO_LARGE)
			snprintf(why, whylen, "%s: not a minisign signature (larger than %d bytes)", label,
				 PACKAGE_SIG_MAX);
		else if (f == SAFEFILE_NOT_TEXT)
			snprintf(why, whylen, "%s: not a minisign signature", label);
		return false;
	}
	*fault = PACKAGE_FAULT_MALFORMED;
	int n = split_lines(text, lines, 8);
	const char *tc = n >= 3 && strncmp(lines[2], "trusted comment: ", 17) == 0 ? lines[2] + 17 : NULL;
	if (n < 4 || strncmp(lines[0], "untrusted comment:", 18) != 0 || !decode(lines[1], sig, sizeof sig) ||
	    !tc || !decode(lines[3], s->global, sizeof s->global) || strlen(tc) >= PACKAGE_COMMENT_MAX) {
		snprintf(why, whylen, "%s: not a minisign signature", label);
		return false;
	}
	s->prehashed = sig[0] == 'E' && sig[1] == 'D';
	if (!s->prehashed && !(sig[0] == 'E' && sig[1] == 'd')) {
		snprintf(why, whylen, "%s: an unknown signature algorithm", label);
		return false;
	}
	memcpy(s->key_id, sig + 2, sizeof s->key_id);
	memcpy(s->sig, sig + 10, sizeof s->sig);
	snprintf(s->comment, sizeof s->comment, "%s", tc);
	*fault = PACKAGE_FAULT_NONE;
	return true;
}

const struct package_key *package_find_key(const struct package_sig *s, const struct package_key *keys, int nkeys,
					   char *why, size_t whylen)
{
	for (int i = 0; i < nkeys; i++)
		if (memcmp(keys[i].id, s->key_id, sizeof s->key_id) == 0)
			return &keys[i];
	char id[17];
	key_id_text(s->key_id, id);
	snprintf(why, whylen, "signed with a key this kiosk does not trust (key id %s)", id);
	return NULL;
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

bool package_check(const struct package_sig *s, const struct package_key *key, int fd,
		   const unsigned char prehash[64], enum package_fault *fault, char *why, size_t whylen)
{
	unsigned char *signed_comment = NULL;
	bool ok = false;
	*fault = PACKAGE_FAULT_UNREADABLE;
	if (s->prehashed) {
		unsigned char hash[64];
		if (prehash)
			memcpy(hash, prehash, sizeof hash);
		else if (!hash_file(fd, hash, why, whylen))
			goto done;
		ok = crypto_sign_verify_detached(s->sig, hash, sizeof hash, key->pk) == 0;
	} else {
		size_t len = 0;
		unsigned char *data = read_whole(fd, &len, why, whylen);
		if (!data)
			goto done;
		ok = crypto_sign_verify_detached(s->sig, data, len, key->pk) == 0;
		free(data);
	}
	if (!ok) {
		snprintf(why, whylen, "the file was changed after it was signed (or is incomplete)");
		*fault = PACKAGE_FAULT_CHANGED;
		goto done;
	}
	/* The global signature covers the signature and the trusted comment. */
	size_t tlen = strlen(s->comment);
	signed_comment = malloc(64 + tlen);
	if (!signed_comment) {
		snprintf(why, whylen, "out of memory");
		ok = false;
		goto done;
	}
	memcpy(signed_comment, s->sig, 64);
	memcpy(signed_comment + 64, s->comment, tlen);
	ok = crypto_sign_verify_detached(s->global, signed_comment, 64 + tlen, key->pk) == 0;
	if (!ok) {
		snprintf(why, whylen, "the signature's trusted comment was changed");
		*fault = PACKAGE_FAULT_CHANGED;
	} else {
		*fault = PACKAGE_FAULT_NONE;
	}
done:
	free(signed_comment);
	return ok;
}

bool package_verify(const char *path, const char *sig_path, const struct package_key *keys, int nkeys,
		    char *comment, size_t comment_len, char *why, size_t whylen, enum package_fault *fault)
{
	enum package_fault ignored;
	struct package_sig s;
	if (!fault)
		fault = &ignored;
	*fault = PACKAGE_FAULT_UNREADABLE;
	if (sodium_init() < 0) {
		snprintf(why, whylen, "the cryptography library cannot start");
		return false;
	}
	if (!package_read_signature(AT_FDCWD, sig_path, sig_path, &s, fault, why, whylen))
		return false;
	const struct package_key *key = package_find_key(&s, keys, nkeys, why, whylen);
	if (!key) {
		*fault = PACKAGE_FAULT_FOREIGN_KEY;
		return false;
	}
	enum safefile_fault f;
	int fd = safefile_open(AT_FDCWD, path, path, true, -1, NULL, &f, why, whylen);
	if (fd < 0) {
		*fault = f == SAFEFILE_NOT_REGULAR ? PACKAGE_FAULT_NOT_A_FILE : PACKAGE_FAULT_UNREADABLE;
		return false;
	}
	bool ok = package_check(&s, key, fd, NULL, fault, why, whylen);
	close(fd);
	if (ok && comment)
		snprintf(comment, comment_len, "%s", s.comment);
	return ok;
}
