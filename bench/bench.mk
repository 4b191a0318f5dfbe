# `make bench`: siprove against oSIP, sofia-sip and libre in one run: parsing
# (all four), serialization and the proxy path (siprove, oSIP, sofia-sip)
# (docs/bench.md). Included by the Makefile; nothing here is part of
# `make check`, and nothing here is needed unless you run `make bench`.
#
#   make bench                          install what is missing, build, run
#   make bench BENCH_ARGS='--runs 9'    pass options to build/bench/siprove-bench
#   make bench-uas                      sipp at 500 calls/s for 50 s against the example
#                                       UAS (bench/uas_load.sh; also the last step of bench)
#
# Flags: the driver, the adapters and siprove's library are all compiled with
# $(CFLAGS) (default -O2 -g); the peers are Debian's own builds of them.

BENCH_B     := build/bench
BENCH_ARGS  ?=
BENCH_WARN  := -std=c99 -Wall -Wextra -D_POSIX_C_SOURCE=200809L
BENCH_OBJS  := $(BENCH_B)/bench.o $(BENCH_B)/peer_siprove.o $(BENCH_B)/peer_osip.o \
               $(BENCH_B)/peer_sofia.o $(BENCH_B)/peer_libre.o

# pkg-config name and Debian -dev package of each peer; evaluated when used, so
# that they are read after scripts/deps.sh bench has installed the packages
bench_cflags  = $(shell pkg-config --cflags $(1)) \
                -DPEER_VERSION='"$(or $(shell dpkg-query -W -f='$${Version}' $(2) 2>/dev/null),$(shell pkg-config --modversion $(1)))"'

.PHONY: bench bench-build bench-uas
bench:
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory bench-build
	$(BENCH_B)/siprove-bench --corpus tests/corpus --out $(BENCH_B) $(BENCH_ARGS)
	@$(MAKE) --no-print-directory bench-uas

bench-uas: $(EX_BINS)
	sh bench/uas_load.sh $(B)/examples 500 50

bench-build: $(BENCH_B)/siprove-bench

$(BENCH_B)/siprove-bench: $(BENCH_OBJS) $(B)/libsiprove.a
	$(CC) $(CFLAGS) $(BENCH_OBJS) $(B)/libsiprove.a \
	  $(shell pkg-config --libs libosip2 sofia-sip-ua libre) $(LDLIBS_SAN) -o $@

$(BENCH_B)/bench.o: bench/bench.c bench/bench.h
	@mkdir -p $(BENCH_B)
	$(CC) $(BENCH_WARN) $(CFLAGS) -DBENCH_CFLAGS='"$(CFLAGS)"' -c $< -o $@
$(BENCH_B)/peer_siprove.o: bench/peer_siprove.c bench/bench.h src/siprove.h
	@mkdir -p $(BENCH_B)
	$(CC) $(BENCH_WARN) $(CFLAGS) -Isrc -c $< -o $@
$(BENCH_B)/peer_osip.o: bench/peer_osip.c bench/bench.h
	@mkdir -p $(BENCH_B)
	$(CC) $(BENCH_WARN) $(CFLAGS) $(call bench_cflags,libosip2,libosip2-dev) -c $< -o $@
$(BENCH_B)/peer_sofia.o: bench/peer_sofia.c bench/bench.h
	@mkdir -p $(BENCH_B)
	$(CC) $(BENCH_WARN) $(CFLAGS) $(call bench_cflags,sofia-sip-ua,libsofia-sip-ua-dev) -c $< -o $@
$(BENCH_B)/peer_libre.o: bench/peer_libre.c bench/bench.h
	@mkdir -p $(BENCH_B)
	$(CC) $(BENCH_WARN) $(CFLAGS) $(call bench_cflags,libre,libre-dev) -c $< -o $@
