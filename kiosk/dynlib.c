/* dynlib — a shared library opened when it is first needed, not at start.
 *
 * Every library the kiosk links is mapped, relocated and partly dirtied at
 * each start, used or not. espeak-ng (speech.c, for a visitor who turns
 * speech on) and libjpeg (picture.c, for content with a JPEG picture) are
 * opened here instead, the first time they are needed, and their functions
 * set in the caller's table of pointers. Their headers still type every
 * call. A library is never closed: what was set from it stays valid. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

bool dynlib_open(const char *file, const struct dynlib_symbol *symbols, size_t nsymbols, void *table, char *why,
		 size_t why_size)
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
