/* dump — a content file back into CSV sources. */
#ifndef WW_DUMP_H
#define WW_DUMP_H

#include "diag.h"

/* Writes the sources of content file `db_path` into `out_dir` (created if
 * needed), images under out_dir/media/. Building them gives the same
 * content. Returns 0 on success; problems go to `d`. */
int dump_content(const char *db_path, const char *out_dir, struct diag *d);

#endif
