# siprove: one entry point per job. `make` and `make demo` need only cc and
# make: the generated C is committed. See README.md.

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
B       := build

WARN    := -std=c99 -Wall -Wextra -pedantic
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifeq ($(SANITIZE),1)
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
B       := build/san
endif
ALL_CFLAGS := $(WARN) $(CFLAGS) $(SAN) -Isrc -D_POSIX_C_SOURCE=200809L
LDLIBS_SAN := $(SAN)

# ---- sources ----------------------------------------------------------------
GRAMMARS  := message uri tel_uri abs_uri params uri_headers via name_addr contact cseq call_id token_list media date addrs tparams \
             auth
SIP_GEN   := $(GRAMMARS:%=src/generated/%.c)
RT_SRCS   := $(sort $(wildcard src/*.c))
# prover results of unchanged goals are replayed from committed caches
# (proofs/wp-cache/), and the result of a proof group whose inputs are all
# unchanged from its record (proofs/results/); `make prove-all` runs every
# group, `make prove-full` runs every group and every prover again
FSM_WP_CACHE := -wp-cache update -wp-cache-dir proofs/wp-cache/fsm
-include fsm/fsm.mk
.DEFAULT_GOAL := all
LIB_SRCS  := $(RT_SRCS) $(SIP_GEN) $(FSM_GEN_SRCS)
LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/obj/%.o)
PIC_OBJS  := $(LIB_SRCS:%.c=$(B)/pic/%.o)
CLI_SRCS  := $(wildcard cli/*.c)
# the version has one source: SIPR_VERSION_MAJOR/MINOR/PATCH in src/siprove.h
sipr_ver   = $(shell sed -n 's/^\#define SIPR_VERSION_$(1) \([0-9]*\)$$/\1/p' src/siprove.h)
SO_VER    := $(call sipr_ver,MAJOR).$(call sipr_ver,MINOR).$(call sipr_ver,PATCH)
SO_NAME   := libsiprove.so.$(call sipr_ver,MAJOR)

.PHONY: all demo regen check-regen check prove prove-sip fuzz fuzz-smoke bench install clean \
        deps test no-alloc lib examples
all: lib $(B)/siprove examples
lib: $(B)/libsiprove.a $(B)/libsiprove.so

$(B)/obj/%.o: %.c $(wildcard src/*.h src/generated/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(B)/pic/%.o: %.c $(wildcard src/*.h src/generated/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -c $< -o $@
$(B)/libsiprove.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^
$(B)/libsiprove.so: $(PIC_OBJS)
	$(CC) -shared -Wl,-soname,$(SO_NAME) $(LDLIBS_SAN) -o $(B)/libsiprove.so.$(SO_VER) $^
	ln -sf libsiprove.so.$(SO_VER) $(B)/$(SO_NAME)
	ln -sf libsiprove.so.$(SO_VER) $@
$(B)/siprove: $(CLI_SRCS) $(wildcard cli/*.h) src/siprove.h $(B)/libsiprove.a $(B)/cli-pcap.flag
	$(CC) $(ALL_CFLAGS) $(CLI_PCAP_CFLAGS) $(CLI_SRCS) $(B)/libsiprove.a $(CLI_PCAP_LIBS) $(LDLIBS_SAN) -o $@

# The example UAS and UAC (examples/uas.c, examples/uac.c): sockets and clock
# live there, the library stays sans-IO. tests/interop.sh runs them with sipp.
# examples/answer.c: the API path of a server on one request, no sockets
# (tests/examples.sh).
EX_BINS := $(B)/examples/uas $(B)/examples/uac $(B)/examples/answer
examples: $(EX_BINS)
$(B)/examples/%: examples/%.c examples/ex_util.h src/siprove.h $(FSM_HDRS) $(B)/libsiprove.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc/generated $< $(B)/libsiprove.a $(LDLIBS_SAN) -o $@

# `siprove pcap` needs libpcap, used when a test program compiles and links
# against it (with pkg-config's flags when pkg-config knows libpcap). Without
# it `make` still builds, and `siprove pcap` exits 69. WITH_PCAP=0 or 1 forces
# the choice; the flag file rebuilds the CLI when it changes.
WITH_PCAP ?= auto
PCAP_WANTED := $(WITH_PCAP)
ifneq ($(WITH_PCAP),0)
PCAP_CFLAGS := $(shell pkg-config --cflags libpcap 2>/dev/null)
PCAP_LIBS   := $(or $(shell pkg-config --libs libpcap 2>/dev/null),-lpcap)
endif
ifeq ($(WITH_PCAP),auto)
WITH_PCAP := $(shell printf '\043define _DEFAULT_SOURCE 1\n\043include <pcap/pcap.h>\nint main(void) { pcap_t *p = pcap_open_dead(1, 65535); if (p) pcap_close(p); return 0; }\n' \
               | $(CC) $(PCAP_CFLAGS) -x c - -o /dev/null $(PCAP_LIBS) >/dev/null 2>&1 && echo 1 || echo 0)
endif
ifeq ($(WITH_PCAP),1)
CLI_PCAP_CFLAGS := -DSIPR_HAVE_PCAP $(PCAP_CFLAGS)
CLI_PCAP_LIBS   := $(PCAP_LIBS)
endif
.PHONY: FORCE
$(B)/cli-pcap.flag: FORCE
	@mkdir -p $(B)
	@echo 'WITH_PCAP=$(WITH_PCAP) $(CLI_PCAP_CFLAGS) $(CLI_PCAP_LIBS)' | cmp -s - $@ || \
	  echo 'WITH_PCAP=$(WITH_PCAP) $(CLI_PCAP_CFLAGS) $(CLI_PCAP_LIBS)' > $@

# The main job on the bundled RFC 3261 §24 call flow.
demo: $(B)/siprove
	$(B)/siprove demo tests/corpus/rfc3261

# ---- regeneration (needs ragel) -----------------------------------------------
$(B)/rlgen: gen/rlgen.c
	@mkdir -p $(B)
	$(CC) -std=c99 -Wall -Wextra -Werror -O2 -D_POSIX_C_SOURCE=200809L $< -o $@

regen: regen-sip $(if $(FSM_GEN_SRCS),regen-fsm)
	@$(MAKE) --no-print-directory amalgamate
.PHONY: regen-sip
regen-sip: $(B)/rlgen
	@mkdir -p $(B)/xml
	@for g in $(GRAMMARS); do \
	  echo "ragel -x grammar/$$g.rl -> src/generated/$$g.c"; \
	  ragel -I grammar -x grammar/$$g.rl -o $(B)/xml/$$g.xml || exit 1; \
	  $(B)/rlgen grammar/$$g.rl $(B)/xml/$$g.xml src/generated/$$g.c || exit 1; \
	done

# Regenerate and fail if any committed generated file changed.
check-regen: regen
	@if [ -n "$$(git status --porcelain -- src/generated docs/fsm dist)" ]; then \
	  echo "check-regen: regenerating changed committed files:"; \
	  git status --porcelain -- src/generated docs/fsm dist; git --no-pager diff --stat -- src/generated docs/fsm dist; \
	  exit 1; \
	else echo "check-regen: generated files are up to date"; fi

# ---- tests (Criterion) ------------------------------------------------------------
TEST_SRCS := $(filter-out tests/test_fsm.c,$(wildcard tests/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/%.c=$(B)/tests/%)
$(B)/tests/%: tests/%.c $(B)/libsiprove.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(B)/libsiprove.a -lcriterion $(LDLIBS_SAN) -o $@
test: $(TEST_BINS) $(B)/siprove $(EX_BINS)
	@set -e; for t in $(TEST_BINS); do echo "== $$t"; $$t --jobs 2; done
	@sh tests/cli.sh $(B)/siprove
	@CC="$(CC)" SAN="$(SAN)" B="$(B)" PCAP_WANTED="$(PCAP_WANTED)" sh tests/pcap.sh $(B)/siprove
	@CC="$(CC)" DIST_CFLAGS="$(SAN)" sh tests/dist.sh
	@MAKE="$(MAKE)" CC="$(CC)" sh tests/install.sh
	@sh tests/examples.sh $(B)/examples $(B)/siprove
	@sh tests/interop.sh $(B)/examples
	@sh tests/dict.sh
	@CC="$(CC)" CFLAGS="$(ALL_CFLAGS)" LDFLAGS="$(LDLIBS_SAN)" sh tests/fuzz_replay.sh $(B)

# ---- proofs (needs frama-c, why3, z3, cvc4) ----------------------------------------
prove: prove-sip $(if $(FSM_GEN_SRCS),prove-fsm)
prove-sip:
	sh proofs/prove.sh
.PHONY: prove-full prove-all
prove-all:
	PROVE_REPLAY=0 sh proofs/prove.sh
	$(if $(FSM_GEN_SRCS),$(MAKE) prove-fsm)
prove-full:
	PROVE_FULL=1 sh proofs/prove.sh
	$(if $(FSM_GEN_SRCS),$(MAKE) prove-fsm-full)

# ---- fuzzing (needs afl++) ----------------------------------------------------------
FUZZ_SECONDS ?= 60
fuzz-smoke: $(if $(FSM_GEN_SRCS),fuzz-smoke-fsm)
	sh fuzz/run.sh smoke $(FUZZ_SECONDS)
fuzz:
	sh fuzz/run.sh forever

# make bench: siprove vs oSIP, sofia-sip, libre (bench/bench.mk, docs/bench.md)
-include bench/bench.mk

# The library must not reference any allocator.
no-alloc: $(B)/libsiprove.a
	@if nm -u $(B)/libsiprove.a | grep -E '\b(malloc|calloc|realloc|free|alloca|aligned_alloc|posix_memalign|strdup|strndup)\b'; then \
	  echo "no-alloc: the library references an allocator"; exit 1; \
	else echo "no-alloc: libsiprove.a references no allocator symbol"; fi

deps:
	sh scripts/deps.sh

# deps -> regen-and-diff -> -Werror build -> sanitizer tests -> prove -> the
# regeneration walkthrough (docs/walkthrough.md) -> fuzz smoke -> no-alloc
# (each step timed into build/check-times.txt, printed at the end)
T := sh scripts/timed.sh
check:
	@mkdir -p build && : > build/check-times.txt
	$(T) deps $(MAKE) deps
	$(T) regen-and-diff $(MAKE) check-regen
	$(T) build $(MAKE) WERROR=1 all
	$(T) sanitizer-tests $(MAKE) WERROR=1 SANITIZE=1 test $(if $(FSM_GEN_SRCS),test-fsm)
	$(T) prove $(MAKE) prove
	$(T) prove-records sh tests/prove_records.sh
	$(T) walkthrough sh tests/walkthrough.sh
	$(T) fuzz-smoke $(MAKE) fuzz-smoke
	$(T) no-alloc+model $(MAKE) no-alloc $(if $(FSM_GEN_SRCS),model-fsm)
	@cat build/check-times.txt
	@echo "make check: all steps passed"

# ---- vendoring: the amalgamation, install, pkg-config (README.md, Vendoring) ----------
# dist/siprove.c + dist/siprove.h: the library as one translation unit (committed;
# `make regen` rewrites it, check-regen fails when it is stale). prove-dist runs
# proofs/prove.sh over it; it is not part of `make check` (time budget).
.PHONY: amalgamate prove-dist uninstall
amalgamate:
	@sh scripts/amalgamate.sh -I src -I src/generated -o dist src/siprove.h $(if $(FSM_HDRS),-p FSM $(FSM_HDRS)) -- \
	  $(filter-out $(FSM_GEN_SRCS),$(LIB_SRCS)) $(if $(FSM_GEN_SRCS),-p FSM $(FSM_GEN_SRCS))
prove-dist: amalgamate
	PROVE_DIST=1 sh proofs/prove.sh

# The regeneration walkthrough (docs/walkthrough.md) in a temporary copy of the
# tree: `make walkthrough` is the check that make check runs; walkthrough-records
# proves every group of the copy (over an hour) and writes proofs/results-walkthrough/.
.PHONY: walkthrough walkthrough-records
walkthrough:
	sh tests/walkthrough.sh
walkthrough-records:
	sh tests/walkthrough.sh --records

BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
INST_HDRS  := src/siprove.h $(FSM_HDRS)
# siprove.pc names its folders relative to ${prefix} when they are under PREFIX
pc_dir      = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))
install: all
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(INST_HDRS) $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(B)/libsiprove.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/libsiprove.so.$(SO_VER) $(DESTDIR)$(LIBDIR)/
	ln -sf libsiprove.so.$(SO_VER) $(DESTDIR)$(LIBDIR)/$(SO_NAME)
	ln -sf $(SO_NAME) $(DESTDIR)$(LIBDIR)/libsiprove.so
	sed -e 's|@prefix@|$(PREFIX)|' -e 's|@libdir@|$(call pc_dir,$(LIBDIR))|' \
	    -e 's|@includedir@|$(call pc_dir,$(INCLUDEDIR))|' -e 's|@version@|$(SO_VER)|' \
	    siprove.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/siprove.pc
	install -m 755 $(B)/siprove $(DESTDIR)$(BINDIR)/
	install -m 644 man/siprove.1 $(DESTDIR)$(MANDIR)/man1/
uninstall:
	rm -f $(addprefix $(DESTDIR)$(INCLUDEDIR)/,$(notdir $(INST_HDRS))) $(DESTDIR)$(BINDIR)/siprove \
	  $(addprefix $(DESTDIR)$(LIBDIR)/,libsiprove.a libsiprove.so.$(SO_VER) $(SO_NAME) libsiprove.so) \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/siprove.pc $(DESTDIR)$(MANDIR)/man1/siprove.1

clean:
	rm -rf build
