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

/* Checks that `sig_path` is a minisign signature of the file at `path` by
 * one of `keys`: the signature format, the algorithm (prehashed "ED", which
 * signs the file's BLAKE2b-512, or legacy "Ed", which signs the file), the
 * key id, the signature itself and the global signature over the trusted
 * comment. The file is read once, as it is; nothing in it is interpreted.
 * On success the trusted comment goes to `comment` (may be NULL). False with
 * a plain reason in `why` ("signed with another key", "the file was changed
 * after it was signed"). */
enum package_fault {
	PACKAGE_FAULT_NONE, PACKAGE_FAULT_UNREADABLE, PACKAGE_FAULT_MALFORMED, PACKAGE_FAULT_FOREIGN_KEY,
	PACKAGE_FAULT_CHANGED
};
/* `fault` (may be NULL) says which kind of failure it was. */
bool package_verify(const char *path, const char *sig_path, const struct package_key *keys, int nkeys,
		    char *comment, size_t comment_len, char *why, size_t whylen, enum package_fault *fault);

#endif
