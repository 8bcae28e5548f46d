/* build — CSV sources in, one checked content file out. */
#ifndef WW_BUILD_H
#define WW_BUILD_H

#include "diag.h"

struct build_options {
	const char *src_dir;
	const char *out_path;
	long long content_version;      /* 0: take it from meta.csv */
};

/* Reads every source in src_dir, checks every field, and writes out_path
 * atomically (temporary file, fsync, rename, fsync of the folder). On any
 * error nothing is written: no partial file, an existing out_path stays as
 * it was. Reports through `d`. Returns 0 on success. */
int build_content(const struct build_options *o, struct diag *d);

#endif
