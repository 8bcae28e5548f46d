/* dynlib — a shared library opened when it is first needed, not at start. */
#ifndef WW_DYNLIB_H
#define WW_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* One function to look up: its name, and where its pointer goes in the
 * caller's table (a struct of function pointers typed by the library's
 * own header, e.g. `__typeof__(jpeg_read_header) *jpeg_read_header;`). */
struct dynlib_symbol {
	const char *name;
	size_t offset;
};
#define DYNLIB_SYMBOL(table_type, function) {#function, offsetof(table_type, function)}

/* Opens `file` (a name the dynamic linker looks up, "libjpeg.so.62") and
 * sets every pointer of `table`. False with the reason in `why` when the
 * file or one of the functions is missing; then nothing stays open. Once
 * open, the library stays for the life of the process. */
bool dynlib_open(const char *file, const struct dynlib_symbol *symbols, size_t nsymbols, void *table, char *why,
		 size_t why_size);

#endif
