/* The kiosk as a service runs it (issue 14): opening hours and systemd's
 * watchdog on script mode's virtual clock, the fleet's status file read
 * back by promtool, make install into a tree and the installed kiosk
 * started from elsewhere, the Debian packages built and checked by lintian,
 * the unit checked and scored by systemd-analyze, the udev rule by
 * udevadm test. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "helpers.h"
#include "status.h"

#define SIZE "1280x800"

static char *config_in(const char *dir, const char *ini)
{
	char *path = path_join(dir, "kiosk.ini");
	write_file(path, ini, strlen(ini));
	return path;
}

/* 2026-11-30 is a Monday: open 08:00-12:00; a touch lights the closed
 * kiosk for 60 s; the idle reset (90 s, then 15 s of countdown) runs in
 * the dark as in the light. */
LEAKFREE_TEST(deploy, opening_hours_on_the_virtual_clock, .timeout = 120)
{
	char *dir = scratch_dir(), *err, options[1024];
	char *cfg = config_in(dir, "[hours]\nmon = 08:00-12:00\ntue = 08:00-12:00\nholidays = 2026-12-01\nwake = 60\n");
	char script[2048];
	snprintf(script, sizeof script,
		 "date 2026-11-30 07:59\n"
		 "expect dark\n"
		 "tree %s/closed.tree\n"
		 "shot %s/closed.png\n"
		 /* A tap in the dark only lights the screen: the letter under it is not opened. */
		 "tap 277 510\n"            /* where the letter D is */
		 "expect lit\n"
		 "expect \"Selbsthilfe finden\"\n"
		 "wait 61000\n"
		 "expect lit\n"             /* 08:00: open */
		 "tap \"@letter:D\"\n"
		 "date 2026-11-30 11:59\n"
		 "wait 61000\n"
		 "expect dark\n"            /* 12:00 and a minute untouched */
		 "wait 60000\n"             /* the idle reset runs in the dark */
		 "tap 640 400\n"
		 "expect lit\n"
		 "expect \"Selbsthilfe finden\"\n"
		 "wait 61000\n"
		 "expect dark\n"
		 "date 2026-12-01 09:00\n"  /* a holiday */
		 "expect dark\n"
		 "date 2026-12-08 09:00\n"
		 "expect lit\n"
		 "quit\n",
		 dir, dir);
	snprintf(options, sizeof options, "--config %s", cfg);
	int rc = kiosk_script(dir, SIZE, script, "", options, &err);
	cr_assert_eq(rc, 0, "%s", err);
	char *tree_path = path_join(dir, "closed.tree"), *tree = read_file(tree_path, NULL);
	cr_assert(tree && !tree[0], "the closed kiosk shows widgets:\n%s", tree ? tree : "(none)");
	/* Every pixel black: ImageMagick finds no brighter one. */
	cr_assert_eq(shell("test \"$(convert %s/closed.png -format '%%[fx:maxima]' info:)\" = 0", dir), 0,
		     "the closed kiosk's screen is not black");
	free(tree);
	free(tree_path);
	free(err);
	free(cfg);
	scratch_remove(dir);
}

LEAKFREE_TEST(deploy, a_tap_in_the_dark_is_what_the_test_above_relies_on, .timeout = 60)
{
	/* Without opening hours the same tap opens the letter: so the test
	 * above proves the dark swallowed it. */
	char *dir = scratch_dir(), *err;
	int rc = kiosk_script(dir, SIZE, "tap 277 510\nexpect \"Selbsthilfe finden\"\nquit\n", "", "", &err);
	cr_assert_neq(rc, 0, "a tap on a lit letter did not open it");
	free(err);
	scratch_remove(dir);
}

/* A datagram socket standing in for systemd's notify socket: the kiosk
 * sends to it as to systemd (sd_notify). */
static int notify_socket(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	cr_assert(fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "cannot bind %s", path);
	return fd;
}

/* The datagrams received, one a line. */
static void read_notifications(int fd, char *out, size_t cap)
{
	char msg[512];
	ssize_t n;
	out[0] = '\0';
	while ((n = recv(fd, msg, sizeof msg - 1, MSG_DONTWAIT)) > 0) {
		msg[n] = '\0';
		for (char *c = msg; *c; c++)
			if (*c == '\n')
				*c = ' ';
		size_t len = strlen(out);
		snprintf(out + len, cap - len, "%s\n", msg);
	}
}

static int count(const char *text, const char *word)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, word)) != NULL; p += strlen(word))
		n++;
	return n;
}

/* WatchdogSec=30: a ping every 15 s of the kiosk clock, from the loop. A
 * jump of the clock with no turn of the loop between (`clock`: what a hung
 * loop looks like to systemd) gives one ping after it, not one per 15 s. */
LEAKFREE_TEST(deploy, watchdog_pings_come_from_the_loop, .timeout = 120)
{
	char *dir = scratch_dir(), *err, env[512], notes[4096];
	char *sock = path_join(dir, "notify");
	int fd = notify_socket(sock);
	snprintf(env, sizeof env, "NOTIFY_SOCKET=%s WATCHDOG_USEC=30000000", sock);
	int rc = kiosk_script(dir, SIZE, "wait 61000\nclock 300000\nwait 10\nquit\n", env, "", &err);
	cr_assert_eq(rc, 0, "%s", err);
	read_notifications(fd, notes, sizeof notes);
	cr_assert_eq(strncmp(notes, "READY=1", 7), 0, "the first notification is not READY=1:\n%s", notes);
	/* T0 = 1 s: pings at 16, 31, 46 and 61 s, then one after the jump. */
	cr_assert_eq(count(notes, "WATCHDOG=1"), 5, "notifications:\n%s", notes);
	close(fd);
	/* No watchdog asked for: no ping, and still READY=1. */
	unlink(sock);
	fd = notify_socket(sock);
	snprintf(env, sizeof env, "NOTIFY_SOCKET=%s", sock);
	free(err);
	rc = kiosk_script(dir, SIZE, "wait 61000\nquit\n", env, "", &err);
	cr_assert_eq(rc, 0, "%s", err);
	read_notifications(fd, notes, sizeof notes);
	cr_assert(strstr(notes, "READY=1") && !strstr(notes, "WATCHDOG"), "notifications:\n%s", notes);
	close(fd);
	free(err);
	free(sock);
	scratch_remove(dir);
}

/* The value of a metric line "NAME VALUE" (no labels) in a .prom text. */
static double metric(const char *text, const char *name)
{
	char key[128];
	snprintf(key, sizeof key, "\n%s ", name);
	const char *p = strstr(text, key);
	cr_assert(p, "no metric %s in:\n%s", name, text);
	return atof(p + strlen(key));
}

/* A session, a refused stick, two starts: each shows in wegweiser.prom,
 * which promtool (Prometheus' own checker) accepts. */
LEAKFREE_TEST(deploy, the_fleet_status_file, .timeout = 180)
{
	char *dir = scratch_dir(), *err, options[2048], ini[1024];
	/* The stick is signed by a key the kiosk does not trust. */
	cr_assert_eq(shell("mkdir -p %s/prom %s/media/STICK && minisign -G -W -p %s/k.pub -s %s/k.key >/dev/null &&"
			   " minisign -G -W -p %s/other.pub -s %s/other.key >/dev/null &&"
			   " build/wegweiser-content pack build/content.db %s/media/STICK --sign %s/other.key"
			   " </dev/null >/dev/null", dir, dir, dir, dir, dir, dir, dir, dir), 0);
	snprintf(ini, sizeof ini, "[stats]\nenabled = yes\n[status]\nfolder = %s/prom\n", dir);
	char *cfg = config_in(dir, ini);
	snprintf(options, sizeof options, "--config %s --data-dir %s/data --pubkey %s/k.pub --watch %s/media", cfg,
		 dir, dir, dir);
	/* The stick is refused (its dialog tapped away); a visitor opens a
	 * letter, and 105 s later the idle reset ends the session; a minute
	 * on, the file is written again. */
	int rc = kiosk_script(dir, SIZE, "wait 2100\ntap \"@update:ok\"\ntap \"@letter:D\"\nwait 106000\nwait 61000\nquit\n",
			      "", options, &err);
	cr_assert_eq(rc, 0, "%s", err);
	char *prom = path_join(dir, "prom/wegweiser.prom");
	cr_assert_eq(shell("promtool check metrics < %s", prom), 0, "promtool refuses %s", prom);
	char *text = read_file(prom, NULL);
	cr_assert(text);
	cr_assert_eq(metric(text, "wegweiser_content_version"), 1);
	cr_assert_gt(metric(text, "wegweiser_content_date_seconds"), 1.6e9);
	cr_assert_eq(metric(text, "wegweiser_sessions_today"), 1, "%s", text);
	cr_assert_eq(metric(text, "wegweiser_starts_total"), 1);
	cr_assert_eq(metric(text, "wegweiser_restarts_since_boot"), 0);
	cr_assert_eq(metric(text, "wegweiser_open"), 1);
	cr_assert_eq(metric(text, "wegweiser_speech_failed"), 0, "%s", text);
	cr_assert_eq(metric(text, "wegweiser_last_update_success"), 0, "%s", text);
	cr_assert(strstr(text, "wegweiser_last_update_result{result=\"refused\"} 1"), "%s", text);
	cr_assert_geq(metric(text, "wegweiser_uptime_seconds"), 120, "%s", text);   /* written each minute */
	cr_assert_eq(count_entries(dir) > 0 && shell("test $(ls -A %s/prom) = wegweiser.prom", dir), 0,
		     "something beside wegweiser.prom is left in its folder");
	cr_assert_eq(shell("test $(stat -c %%a %s) = 644", prom), 0, "node_exporter cannot read it");
	free(text);
	free(err);
	rc = kiosk_script(dir, SIZE, "quit\n", "", options, &err);
	cr_assert_eq(rc, 0, "%s", err);
	text = read_file(prom, NULL);
	cr_assert_eq(metric(text, "wegweiser_starts_total"), 2);
	cr_assert_eq(metric(text, "wegweiser_restarts_since_boot"), 1);
	free(text);
	free(err);
	free(prom);
	free(cfg);
	scratch_remove(dir);
}

/* The starts file keeps the window the last start found, for the next
 * start to lay its first screen out for before its window exists. A file
 * from before (three fields) or a strange one gives none, and the count
 * goes on over it. */
LEAKFREE_TEST(deploy, the_next_start_knows_the_window)
{
	char *dir = scratch_dir(), *starts = path_join(dir, "starts"), why[512];
	long long total, boot;
	int w = 0, h = 0;
	cr_assert_not(status_last_window(dir, &w, &h), "a window from no starts file");
	write_file(starts, "7 some-boot 3\n", strlen("7 some-boot 3\n"));
	cr_assert_not(status_last_window(dir, &w, &h), "a window from a file that has none");
	cr_assert(status_count_start(dir, 1280, 720, &total, &boot, why, sizeof why), "%s", why);
	cr_assert_eq(total, 8, "the count did not go on");
	cr_assert(status_last_window(dir, &w, &h), "the window just kept is not found");
	cr_assert(w == 1280 && h == 720, "%dx%d", w, h);
	cr_assert(status_count_start(dir, 3840, 2160, &total, &boot, why, sizeof why), "%s", why);
	cr_assert(status_last_window(dir, &w, &h) && w == 3840 && h == 2160, "%dx%d", w, h);
	static const char *const strange[] = {"9 b 1 1280x\n", "9 b 1 100x720\n", "9 b 1 1280x9000\n",
					      "9 b 1 1280x720", "9 b 1 1280x720 more\n", "9 b 1 x720\n"};
	for (size_t i = 0; i < sizeof strange / sizeof *strange; i++) {
		write_file(starts, strange[i], strlen(strange[i]));
		w = h = 0;
		cr_assert_not(status_last_window(dir, &w, &h), "a window %dx%d from \"%s\"", w, h, strange[i]);
		cr_assert(w == 0 && h == 0, "\"%s\" changed the size it did not give", strange[i]);
	}
	free(starts);
	scratch_remove(dir);
}

/* make install into a staged tree has the layout of DESIGN.md; installed
 * under a prefix, the kiosk started in another folder with only its config
 * finds its data folder and shows the start screen. */
LEAKFREE_TEST(deploy, make_install, .timeout = 600)
{
	char *dir = scratch_dir();
	cr_assert_eq(shell("make -s -j2 install B=%s/build PREFIX=/usr DESTDIR=%s/dest >%s/make.log 2>&1 ||"
			   " { cat %s/make.log; false; }", dir, dir, dir, dir), 0, "make install DESTDIR failed");
	static const char *const layout[] = {
		"usr/bin/wegweiser", "usr/bin/wegweiser-content", "usr/share/wegweiser/content.db",
		"usr/share/wegweiser/fonts/OpenSans-Regular.ttf", "usr/share/wegweiser/fonts/OpenSans-Semibold.ttf",
		"usr/share/wegweiser/strings/de.ini", "usr/share/wegweiser/strings/en.ini",
		"usr/share/wegweiser/compose/Compose",
		"etc/wegweiser/wegweiser.conf", "usr/share/man/man1/wegweiser.1", "usr/share/man/man1/wegweiser-content.1",
		"var/lib/wegweiser"};
	for (size_t i = 0; i < sizeof layout / sizeof *layout; i++)
		cr_assert_eq(shell("test -e %s/dest/%s", dir, layout[i]), 0, "make install left out /%s", layout[i]);
	cr_assert_eq(shell("grep -q '^path = /usr/share/wegweiser/content.db' %s/dest/etc/wegweiser/wegweiser.conf &&"
			   " grep -q '^data_dir = /var/lib/wegweiser' %s/dest/etc/wegweiser/wegweiser.conf", dir, dir), 0);
	cr_assert_eq(shell("man --warnings -l %s/dest/usr/share/man/man1/wegweiser.1 2>&1 >/dev/null | grep . ;"
			   " test $? = 1", dir), 0, "the man page has warnings");

	cr_assert_eq(shell("make -s -j2 install B=%s/build PREFIX=%s/usr >%s/make.log 2>&1 || { cat %s/make.log; false; }",
			   dir, dir, dir, dir), 0, "make install PREFIX failed");
	cr_assert_eq(shell("mkdir %s/elsewhere && cd %s/elsewhere && printf 'expect \"Selbsthilfe finden\"\\nquit\\n' > s &&"
			   " SDL_VIDEODRIVER=offscreen SDL_VIDEO_EGL_DRIVER=none %s/usr/bin/wegweiser"
			   " --config %s/usr/etc/wegweiser/wegweiser.conf --script s 2>%s/run.log || { cat %s/run.log; false; }",
			   dir, dir, dir, dir, dir, dir), 0, "the installed kiosk did not show its start screen");
	cr_assert_eq(shell("test -f %s/usr/var/lib/wegweiser/current.db", dir), 0,
		     "the installed kiosk did not serve from its data folder");
	/* Its --help names the data folder it was built for, not build/. */
	cr_assert_eq(shell("%s/usr/bin/wegweiser --help | grep -q '%s/usr/share/wegweiser/content.db'", dir, dir), 0);
	scratch_remove(dir);
}

/* dpkg-buildpackage builds both packages; lintian finds no error; the
 * kiosk's package holds the service, the udev rule, PAM and the system
 * user, the X server's wrapper the unit names, and depends on cage and
 * Xwayland. Sizes and lintian's words go to the log. */
LEAKFREE_TEST(deploy, debian_packages, .timeout = 900)
{
	char *dir = scratch_dir();
	int rc = shell("make -s package B=%s/build >%s/pkg.log 2>&1; rc=$?; grep -E '^[EWIP]: ' %s/pkg.log >&2;"
		       " exit $rc", dir, dir, dir);
	if (rc != 0)
		shell("tail -40 %s/pkg.log >&2", dir);
	cr_assert_eq(rc, 0, "make package failed (dpkg-buildpackage or lintian)");
	shell("cd %s/build/pkg && ls -l *.deb | awk '{ print \"package\", $9, $5, \"bytes\" }' >&2", dir);
	cr_assert_eq(shell("dpkg-deb -f %s/build/pkg/wegweiser_*.deb Depends | grep -q cage", dir), 0);
	cr_assert_eq(shell("dpkg-deb -f %s/build/pkg/wegweiser_*.deb Depends | grep -q xwayland", dir), 0);
	cr_assert_eq(shell("dpkg-deb -c %s/build/pkg/wegweiser_*.deb | grep -q '^-rwxr-xr-x .* ./usr/lib/wegweiser/wegweiser-xwayland$'",
			   dir), 0, "the package has no executable /usr/lib/wegweiser/wegweiser-xwayland");
	cr_assert_eq(shell("dpkg-deb -f %s/build/pkg/wegweiser-content_*.deb Depends | grep -q minisign &&"
			   " ! dpkg-deb -f %s/build/pkg/wegweiser-content_*.deb Depends | grep -q -i sdl", dir, dir), 0,
		     "the staff tool's package must not need SDL");
	static const char *const files[] = {"./usr/bin/wegweiser", "./lib/systemd/system/wegweiser.service",
					    "./lib/udev/rules.d/80-wegweiser-stick.rules", "./etc/pam.d/wegweiser",
					    "./usr/lib/sysusers.d/wegweiser.conf", "./usr/lib/tmpfiles.d/wegweiser.conf",
					    "./etc/wegweiser/wegweiser.conf", "./usr/share/wegweiser/content.db",
					    "./usr/share/wegweiser/compose/Compose",
					    /* files, not links to fonts-open-sans: the kiosk's fonts kern from GPOS */
					    "./usr/share/wegweiser/fonts/OpenSans-Regular.ttf",
					    "./usr/share/wegweiser/fonts/OpenSans-Semibold.ttf"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		cr_assert_eq(shell("dpkg-deb -c %s/build/pkg/wegweiser_*.deb | grep ' %s$' >/dev/null", dir, files[i]), 0,
			     "the package has no %s", files[i]);
	cr_assert_eq(shell("dpkg-deb -c %s/build/pkg/wegweiser-content_*.deb | grep ' ./usr/bin/wegweiser-content$' >/dev/null",
			   dir), 0);
	cr_assert_eq(shell("dpkg-deb -e %s/build/pkg/wegweiser_*.deb %s/control && grep -q 'deb-systemd-helper enable' %s/control/postinst"
			   " && grep -q sysusers %s/control/postinst", dir, dir, dir, dir), 0,
		     "the package does not create its user and enable its service");
	scratch_remove(dir);
}

/* systemd-analyze checks the unit offline (no systemd need run) and
 * scores its confinement: 2.0 or lower is "OK". */
LEAKFREE_TEST(deploy, the_service_unit, .timeout = 120)
{
	char *dir = scratch_dir();
	cr_assert_eq(shell("systemd-analyze verify --man=no deploy/wegweiser.service >%s/v.log 2>&1; rc=$?;"
			   " cat %s/v.log >&2; test $rc = 0 && ! test -s %s/v.log", dir, dir, dir), 0,
		     "systemd-analyze verify finds fault with the unit");
	cr_assert_eq(shell("systemd-analyze security --offline=true deploy/wegweiser.service >%s/s.log 2>&1", dir), 0);
	char *log_path = path_join(dir, "s.log"), *log = read_file(log_path, NULL);
	const char *at = log ? strstr(log, "Overall exposure level for wegweiser.service: ") : NULL;
	cr_assert(at, "no exposure score:\n%s", log ? log : "");
	double exposure = atof(at + strlen("Overall exposure level for wegweiser.service: "));
	fprintf(stderr, "service_exposure %.1f\n", exposure);
	cr_assert_leq(exposure, 2.0, "exposure %.1f: more than 2.0\n%s", exposure, log);
	cr_assert(!strstr(log, "Unknown key"), "%s", log);
	static const char *const musts[] = {"Type=notify", "WatchdogSec=30", "Restart=always", "PrivateNetwork=yes",
					    "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
					    "User=wegweiser", "/usr/bin/cage", "--kiosk", "MemoryDenyWriteExecute=yes",
					    "WLR_XWAYLAND=/usr/lib/wegweiser/wegweiser-xwayland"};
	char *unit = read_file("deploy/wegweiser.service", NULL);
	for (size_t i = 0; i < sizeof musts / sizeof *musts; i++)
		cr_assert(strstr(unit, musts[i]), "the unit lacks %s", musts[i]);
	free(unit);
	free(log);
	free(log_path);
	scratch_remove(dir);
}

/* The service as it ships, on wlroots' headless backend: cage, its
 * Xwayland and the kiosk started with the unit's environment and arguments
 * under MemoryDenyWriteExecute; none loads Mesa, the window fills cage's
 * output, a click through Xwayland shows letter Z pixel for pixel as
 * script mode does, the unit's stop ends all three cleanly, and a second
 * start lays its first screen out for the window the first found
 * (tests/e2e-service.sh, about 6 s). */
LEAKFREE_TEST(deploy, the_service_as_it_ships_draws_and_answers_without_mesa, .timeout = 120)
{
	int rc = shell("sh tests/e2e-service.sh build/wegweiser");
	cr_assert_eq(rc, 0, "the service as the unit starts it fails (messages above)");
}

/* udevadm test runs the rules on a real device of this machine, with ours
 * in a private /run/udev/rules.d: a loop device is no USB stick and is
 * left alone; announced as one by a rule before ours, it is mounted
 * read-only, nosuid, nodev, noexec under /run/wegweiser-stick. */
LEAKFREE_TEST(deploy, the_udev_rule, .timeout = 120)
{
	char *dir = scratch_dir();
	/* A private /run: udev's folders of this machine stay as they are. */
	private_mount("/run", "");
	cr_assert_eq(shell("mkdir -p /run/udev/rules.d && cp deploy/80-wegweiser-stick.rules /run/udev/rules.d/"), 0);
	const char *dev = "/sys/class/block/loop0";
	cr_assert_eq(shell("test -e %s", dev), 0, "no %s to test the rule on", dev);
	cr_assert_eq(shell("udevadm test --action=add %s >%s/plain.log 2>&1", dev, dir), 0);
	cr_assert_neq(shell("grep -q systemd-mount %s/plain.log", dir), 0, "a loop device would be mounted");
	cr_assert_neq(shell("grep -i '80-wegweiser-stick.rules.*\\(invalid\\|unknown\\|error\\)' %s/plain.log", dir), 0,
		      "udevadm finds fault with the rule");
	cr_assert_eq(shell("printf '%%s\\n' 'SUBSYSTEM==\"block\", KERNEL==\"loop0\", ENV{ID_BUS}=\"usb\","
			   " ENV{ID_FS_USAGE}=\"filesystem\", ENV{ID_FS_TYPE}=\"vfat\"' > /run/udev/rules.d/79-as-usb.rules"), 0);
	cr_assert_eq(shell("udevadm test --action=add %s >%s/usb.log 2>&1", dev, dir), 0);
	cr_assert_eq(shell("grep -q \"run: '/usr/bin/systemd-mount --no-block --collect --automount=no --fsck=no"
			   " --options=ro,nosuid,nodev,noexec /dev/loop0 /run/wegweiser-stick/loop0'\" %s/usb.log ||"
			   " { cat %s/usb.log >&2; false; }", dir, dir), 0, "a USB stick is not mounted as it should be");
	scratch_remove(dir);
}
