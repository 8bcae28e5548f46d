/* generate — synthetic CSV sources for scale tests. */
#ifndef WW_GENERATE_H
#define WW_GENERATE_H

#include "diag.h"

struct generate_options {
	long long groups, topics, contact_points;
	unsigned long long seed;
	const char *out_dir;
};

/* Writes a complete, valid set of sources into o->out_dir (created if
 * needed). The same options give byte-identical files. Returns 0 on
 * success; problems go to `d`. */
int generate_sources(const struct generate_options *o, struct diag *d);

#endif
