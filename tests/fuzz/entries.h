/* entries — what each fuzz target does with one input. */
#ifndef WW_FUZZ_ENTRIES_H
#define WW_FUZZ_ENTRIES_H

#include <stddef.h>
#include <stdint.h>

/* Each takes any bytes and returns 0, as libFuzzer's
 * LLVMFuzzerTestOneInput() does; a bug shows as a sanitizer's report. */
typedef int (*fuzz_entry)(const uint8_t *data, size_t size);

struct fuzz_target {
	const char *name;       /* tests/fuzz/NAME/ holds its seeds */
	fuzz_entry run;
};

/* Every target, ended by a NULL name. */
extern const struct fuzz_target fuzz_targets[];

int fuzz_csv(const uint8_t *data, size_t size);
int fuzz_config(const uint8_t *data, size_t size);
int fuzz_uistrings(const uint8_t *data, size_t size);
int fuzz_key(const uint8_t *data, size_t size);
int fuzz_signature(const uint8_t *data, size_t size);
int fuzz_script(const uint8_t *data, size_t size);
int fuzz_content(const uint8_t *data, size_t size);

/* The public key the signature target checks with, and the bytes its seeds
 * sign (tests/fuzz/signature/, made by minisign -S). */
#define FUZZ_PUBLIC_KEY "RWQBDzozr7qhEZzog4/U/D3ixnLmv9G1+k8wOygna9BvHre/zJpCK+bc"
#define FUZZ_SIGNED_TEXT "Wegweiser fuzz target: the signed file\n"

/* Removes the scratch folder the entries write their files to (they also
 * remove it at exit). */
void fuzz_cleanup(void);

#endif
