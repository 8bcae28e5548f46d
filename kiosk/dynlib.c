/* dynlib — a shared library opened when it is first needed, not at start.
 *
 * Every library the kiosk links is mapped, relocated and partly dirtied at
 * each start, used or not. espeak-ng (speech.c, for a visitor who turns
 * speech on), libjpeg (picture.c, for content with a JPEG picture) and
 * libstemmer (search_vocab.c, when a search first opens) are opened here
 * instead, once, by whichever thread needs them first, and their functions
 * set in the caller's table of pointers; a library that is missing stays
 * missing, with its reason kept. Their headers still type every call. A
 * library is never closed: what was set from it stays valid. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* Opens `file` and sets every pointer of `table`; false with the reason. */
static bool dynlib_open(const char *file, const struct dynlib_symbol *symbols, size_t nsymbols, void *table,
			char *why, size_t why_size)
{
	bool ok = false;
	void *library = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	if (!library) {
		snprintf(why, why_size, "%s", dlerror());
		goto done;
	}
	for (size_t i = 0; i < nsymbols; i++) {
		void *function = dlsym(library, symbols[i].name);
		if (!function) {
			snprintf(why, why_size, "%s has no %s", file, symbols[i].name);
			goto done;
		}
		/* POSIX: a function's address survives a trip through void *. */
		memcpy((char *)table + symbols[i].offset, &function, sizeof function);
	}
	ok = true;
done:
	if (!ok && library)
		dlclose(library);
	return ok;
}

bool dynlib_load(struct dynlib *d)
{
	pthread_mutex_lock(&d->lock);
	if (d->state == DYNLIB_UNTRIED)
		d->state = dynlib_open(d->file, d->symbols, d->nsymbols, d->table, d->failure, sizeof d->failure)
				   ? DYNLIB_LOADED
				   : DYNLIB_MISSING;
	bool loaded = d->state == DYNLIB_LOADED;
	pthread_mutex_unlock(&d->lock);
	return loaded;
}
