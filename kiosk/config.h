/* config — the kiosk's one INI file. */
#ifndef WW_CONFIG_H
#define WW_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "hours.h"

/* Without [screen] width_mm the screen is taken to be a 24-inch panel
 * (609.6 mm across), its width from the window's aspect: 531.4 mm for a
 * landscape 16:9 one, 298.9 mm in portrait. */
#define CONFIG_DEFAULT_DIAGONAL_MM 609.6
#define CONFIG_MAX_LIST 8
#define CONFIG_MAX_BYTES (64 * 1024)    /* a config file is a page or two */

struct config {
	int idle_timeout_s;             /* [kiosk] idle_timeout, 10..3600, default 90 */
	char default_lang[3];           /* [kiosk] language: de or en, default de */
	double screen_width_mm;         /* [screen] width_mm, 100..3000; 0 = not set */
	double screen_bottom_mm;        /* [screen] bottom_mm: its lower edge above the floor;
					   0 = not known (the reach layout uses the lower half) */
	char postcode[6];               /* [kiosk] postcode where the kiosk stands: contact
					   points are listed nearest first; "" = by name */
	char content_path[PATH_MAX];    /* [content] path; "" = the command line's */
	/* [update] data_dir: where current.db and previous.db live; "" = no
	 * updates, the content file is served as it is. pubkey (repeatable):
	 * the minisign public keys trusted. watch (repeatable): mount folders
	 * to look for sticks in; none = /media and /run/media. */
	char data_dir[PATH_MAX];
	char pubkeys[CONFIG_MAX_LIST][PATH_MAX];
	int npubkeys;
	char watch[CONFIG_MAX_LIST][PATH_MAX];
	int nwatch;
	int max_size_mb;                /* [update] max_size_mb: the largest update taken,
					   1..65536, default 512 */
	char pin_hash[128];             /* [staff] pin_hash (wegweiser-content passwd);
					   "" = no staff mode */
	bool stats;                     /* [stats] enabled = yes: daily usage counters in
					   the data folder; default no */
	bool lockdown;                  /* [kiosk] lockdown = yes: kiosk mode (as --kiosk) */
	bool gpu;                       /* [screen] renderer = gpu: SDL's accelerated renderer
					   (OpenGL); default software, drawn by the CPU and
					   presented straight to the window */
	struct hours hours;             /* [hours] mon … sun = 08:00-12:00 14:00-18:00 or
					   closed; holidays = YYYY-MM-DD …; none: always open */
	int wake_s;                     /* [hours] wake: how long a touch lights the closed
					   kiosk, 10..3600 seconds, default 300 */
	char status_dir[PATH_MAX];      /* [status] folder: where wegweiser.prom is written
					   (node_exporter's textfile folder); "" = none */
	int speech_rate_wpm;            /* [speech] rate: words a minute, 80..450, default 145 */
	int speech_volume;              /* [speech] volume: per cent, 0..100, default 70 */
	bool speech_on_with_headphones; /* [speech] on_with_headphones = yes: plugging in
					   headphones turns speech on; default yes */
};

void config_defaults(struct config *c);

/* Reads `path` over the values in *c. Every unknown section or key, every
 * bad value and every line longer than libinih can hold (it would split
 * it) is reported to `warnings` as PATH:LINE: what, and the value in *c
 * stays as it was: the kiosk starts anyway. Returns 0 when the file was
 * read, -1 when it could not be (not a regular file of at most
 * CONFIG_MAX_BYTES, unreadable: reported too). */
int config_load(struct config *c, const char *path, FILE *warnings);

#endif
