/* target — one libFuzzer target: the entry FUZZ_ENTRY (entries.h), named
 * on clang's command line by the Makefile's `fuzz` rules. */
#include "entries.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FUZZ_ENTRY(data, size);
}
