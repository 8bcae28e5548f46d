# Wegweiser — build, test and benchmark.
#
#   make          the kiosk, the staff tool and build/content.db from content/
#   make run      start the kiosk in a window on build/content.db
#   make test     every test, under AddressSanitizer and UBSan
#   make bench    the figures, one "name value unit" a line
#   make golden   write tests/golden/ anew from the screens as they are now
#   make deps     check (and where allowed install) the Debian packages
#
# Everything goes to build/. Release objects in build/obj, sanitizer objects
# in build/san, so a test build never leaks into what `make run` starts. Objects
# depend on the Makefile: changed flags rebuild everything.

CC      ?= cc
PKGS    := sqlite3 sdl2 SDL2_ttf SDL2_image libqrencode inih libsodium espeak-ng alsa
CSTD    := -std=c17 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
INCS    := -Ikiosk -Itools
CFLAGS  ?= -O2 -g
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

B := build

# Modules shared by the kiosk and the tool (kiosk/), the kiosk's own, and the
# tool's own. UNIT are kiosk modules the unit tests exercise directly.
SHARED  := utf8 hash arena durable fold rules fields diag safefile store search check package update
SCREENS := screens start index topic contact group page search near staff dialogs missing
KIOSK   := qr vcard config uistrings theme widget view text render layout gesture keyboard app input speech \
	   $(SCREENS:%=screens/%) updater stats kiosk script
UNIT    := qr vcard config updater speech
TOOL    := csvfile keyset build dump generate cli
TESTS   := $(basename $(notdir $(wildcard tests/test_*.c)))

SHARED_SRC := $(SHARED:%=kiosk/%.c) $(B)/gen/schema_sql.c
KIOSK_SRC  := $(KIOSK:%=kiosk/%.c)
TOOL_SRC   := $(TOOL:%=tools/%.c)

obj = $(patsubst %.c,$(1)/%.o,$(patsubst $(B)/gen/%,gen/%,$(2)))

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TOOL_LIBS  = $(shell pkg-config --libs sqlite3 libsodium 2>/dev/null) -lcsv -lm
KIOSK_LIBS = $(PKG_LIBS) -lm

.PHONY: all run test bench deps clean golden
.DELETE_ON_ERROR:

all: $(B)/wegweiser $(B)/wegweiser-content $(B)/content.db

deps:
	@sh tools/deps.sh

# content/schema.sql as a C string, so the schema exists in one place only.
$(B)/gen/schema_sql.c: content/schema.sql
	@mkdir -p $(@D)
	{ echo '/* Generated from content/schema.sql by the Makefile. */'; \
	  echo '#include "store.h"'; \
	  echo 'const char store_schema_sql[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; } > $@

$(B)/obj/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INCS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/gen/%.o: $(B)/gen/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(CFLAGS) $(INCS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(INCS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(B)/san/gen/%.o: $(B)/gen/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(INCS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(B)/wegweiser-content: $(call obj,$(B)/obj,$(SHARED_SRC) $(TOOL_SRC) tools/main.c)
	$(CC) $(CFLAGS) $^ $(TOOL_LIBS) -o $@

$(B)/wegweiser: $(call obj,$(B)/obj,$(SHARED_SRC) $(KIOSK_SRC) kiosk/main.c)
	$(CC) $(CFLAGS) $^ $(KIOSK_LIBS) -o $@

# The kiosk under the sanitizers, for the UI tests.
$(B)/san/wegweiser: $(call obj,$(B)/san,$(SHARED_SRC) $(KIOSK_SRC) kiosk/main.c)
	$(CC) $(SAN) $^ $(KIOSK_LIBS) -o $@

CONTENT_SRC := $(wildcard content/*.csv content/media/*)
$(B)/content.db: $(B)/wegweiser-content $(CONTENT_SRC)
	$(B)/wegweiser-content build content $@

run: deps
	@$(MAKE) --no-print-directory all
	$(B)/wegweiser --content $(B)/content.db $(RUN_ARGS)

# ---- tests --------------------------------------------------------------------
# One Criterion binary with every suite, built with the sanitizers; the tool is
# linked in and called in-process. Leaks fail the run (LSan exits non-zero and
# Criterion reports the test as crashed).
$(B)/san/unit-tests: $(call obj,$(B)/san,$(SHARED_SRC) $(UNIT:%=kiosk/%.c) $(TOOL_SRC) $(TESTS:%=tests/%.c) tests/helpers.c)
	$(CC) $(SAN) $^ $(TOOL_LIBS) $(KIOSK_LIBS) $(shell pkg-config --libs criterion) -o $@

test: deps
	@$(MAKE) --no-print-directory all $(B)/san/unit-tests $(B)/san/wegweiser
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=tests/lsan.supp:print_suppressions=0 \
	  $(B)/san/unit-tests --jobs 2

# The golden trees of every screen (tests/test_golden.c compares with them).
# Rewrite them only for a change that is meant, and say why in the commit.
golden: all $(B)/san/wegweiser
	rm -rf tests/golden
	sh tests/golden.sh $(B)/san/wegweiser tests/golden

# ---- figures -------------------------------------------------------------------
$(B)/search-bench: $(call obj,$(B)/obj,$(SHARED_SRC) tests/bench_search.c)
	$(CC) $(CFLAGS) $^ $(TOOL_LIBS) -o $@

$(B)/speech-bench: $(call obj,$(B)/obj,kiosk/speech.c tests/bench_speech.c)
	$(CC) $(CFLAGS) $^ $(KIOSK_LIBS) -o $@

bench: deps all $(B)/search-bench $(B)/speech-bench
	@sh tests/bench.sh

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
