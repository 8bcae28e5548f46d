/* dynlib — a shared library opened when it is first needed, not at start. */
#ifndef WW_DYNLIB_H
#define WW_DYNLIB_H

#include <pthread.h>
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

/* A library and the functions to set from it, opened once: by the first
 * dynlib_load(), from any thread. `file` is a name the dynamic linker
 * looks up ("libjpeg.so.62"); a test may point it elsewhere before the
 * first load. */
struct dynlib {
	const char *file;
	const struct dynlib_symbol *symbols;
	size_t nsymbols;
	void *table;
	pthread_mutex_t lock;
	enum { DYNLIB_UNTRIED, DYNLIB_LOADED, DYNLIB_MISSING } state;
	char failure[200];      /* why it did not load */
};
#define DYNLIB_INIT(file_, symbols_, table_)                                                        \
	{                                                                                            \
		.file = (file_), .symbols = (symbols_), .nsymbols = sizeof(symbols_) / sizeof *(symbols_), \
		.table = (table_), .lock = PTHREAD_MUTEX_INITIALIZER                                 \
	}

/* Opens the library and sets every pointer of its table, the first time;
 * later calls say what the first one found. False when the file or one
 * of the functions is missing (the reason in `failure`); then nothing
 * stays open. Once open, the library stays for the life of the process. */
bool dynlib_load(struct dynlib *d);

#endif
