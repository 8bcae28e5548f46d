/* package — content updates as staff carry them: a content file and its
 * detached minisign signature, checked before anything reads the file. */
#ifndef WW_PACKAGE_H
#define WW_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

/* Where an update sits on a stick (or in any folder). */
#define PACKAGE_DIR "wegweiser"
#define PACKAGE_FILE "wegweiser/content.db"
#define PACKAGE_SIG "wegweiser/content.db.minisig"

#define PACKAGE_MAX_KEYS 8

/* The staff PIN's Argon2id hash (`wegweiser-content passwd`, checked by the
 * kiosk): a PIN has few digits, so what protects it is the kiosk's limit on
 * tries; the hash only keeps it out of the config. 16 MiB, 3 passes: about
 * 50 ms per check on modest hardware. */
#define STAFF_PIN_OPSLIMIT 3
#define STAFF_PIN_MEMLIMIT (16UL << 20)
#define PACKAGE_COMMENT_MAX 1024   /* bytes of a trusted comment */

/* A minisign public key: its 8-byte id and the Ed25519 key. */
struct package_key {
	unsigned char id[8];
	unsigned char pk[32];
};

/* Reads a minisign public key: a .pub file (an untrusted comment line, then
 * the key in base64) or the base64 line alone. False with why in `err`. */
bool package_read_key(const char *path, struct package_key *key, char *err, size_t errlen);
bool package_parse_key(const char *base64, struct package_key *key, char *err, size_t errlen);

enum package_fault {
	PACKAGE_FAULT_NONE, PACKAGE_FAULT_UNREADABLE, PACKAGE_FAULT_MALFORMED, PACKAGE_FAULT_FOREIGN_KEY,
	PACKAGE_FAULT_CHANGED,
	PACKAGE_FAULT_MISSING,          /* there is no signature file */
	PACKAGE_FAULT_NOT_A_FILE,       /* it is a link, a pipe, a device or a folder */
};

#define PACKAGE_SIG_MAX 8192    /* bytes of a .minisig: minisign's are under 400 */

/* A parsed minisign signature, not yet checked. */
struct package_sig {
	bool prehashed;                 /* "ED": signs the file's BLAKE2b-512; else "Ed", the file */
	unsigned char key_id[8];
	unsigned char sig[64];
	unsigned char global[64];       /* over sig and the trusted comment */
	char comment[PACKAGE_COMMENT_MAX];
};

/* Reads the signature file `name` in the folder open at `dirfd` (or
 * AT_FDCWD): a regular file (never a link), at most PACKAGE_SIG_MAX bytes,
 * in minisign's format. `label` names it in messages. False with the fault
 * and a plain reason. Nothing else is read: this is the cheap first look. */
bool package_read_signature(int dirfd, const char *name, const char *label, struct package_sig *s,
			    enum package_fault *fault, char *why, size_t whylen);

/* The trusted key that made `s`, or NULL with the reason ("signed with a
 * key this kiosk does not trust (key id …)"). */
const struct package_key *package_find_key(const struct package_sig *s, const struct package_key *keys, int nkeys,
					   char *why, size_t whylen);

/* Checks `s` by `key` over the file open at `fd` (read from where it is):
 * for a prehashed signature over `prehash` instead when it is not NULL (the
 * BLAKE2b-512 of the file, made while it was copied). Then the global
 * signature that binds the trusted comment. */
bool package_check(const struct package_sig *s, const struct package_key *key, int fd,
		   const unsigned char prehash[64], enum package_fault *fault, char *why, size_t whylen);

/* All three for a file and its signature, as `wegweiser-content verify`
 * does: that `sig_path` is a minisign signature of the file at `path` by
 * one of `keys`: the format, the algorithm (prehashed "ED" or legacy "Ed"),
 * the key id, the signature itself and the global signature over the
 * trusted comment. Neither may be a link. The file is read once, as it is;
 * nothing in it is interpreted. On success the trusted comment (as signed:
 * escape it before showing it) goes to `comment` (may be NULL). False with
 * a plain reason in `why` ("signed with another key", "the file was changed
 * after it was signed") and the kind of failure in `fault` (may be NULL). */
bool package_verify(const char *path, const char *sig_path, const struct package_key *keys, int nkeys,
		    char *comment, size_t comment_len, char *why, size_t whylen, enum package_fault *fault);

#endif
