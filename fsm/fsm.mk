# fsm/fsm.mk: state machines (issue 4). Included by the top-level Makefile;
# also usable alone: make -f fsm/fsm.mk prove-fsm
#
#   regen-fsm        build build/fsmgen, regenerate src/generated/sipr_fsm_* and docs/fsm/*
#   check-regen-fsm  regenerate into build/fsm/regen and fail if it differs from the committed files
#   prove-fsm        Frama-C WP + RTE over the generated FSM code and src/sipr_fsm.h: 0 unproven goals
#   prove-fsm-full   the same without the WP cache
#   test-fsm         Criterion tests (every row of every spec), with ASan + UBSan
#   model-fsm        Promela models from the specs, checked with SPIN
#   fuzz-smoke-fsm   AFL++ + ASan/UBSan on fuzz/fuzz_fsm.c for FUZZ_SECONDS (default 60)

FSM_MK := $(lastword $(MAKEFILE_LIST))
CC ?= cc
FSM_NAMES := ict nict ist nist dialog
FSM_SPECS := $(FSM_NAMES:%=fsm/%.fsm)
FSM_GEN_SRCS := $(FSM_NAMES:%=src/generated/sipr_fsm_%.c)
FSM_GEN_HDRS := $(FSM_NAMES:%=src/generated/sipr_fsm_%.h)
FSM_HDRS := src/sipr_fsm.h $(FSM_GEN_HDRS)
FSM_DOCS := $(FSM_NAMES:%=docs/fsm/%.dot) $(FSM_NAMES:%=docs/fsm/%.md)
FSM_BUILD := build/fsm
FSM_GEN := build/fsmgen
FSM_STRICT := -std=c99 -Wall -Wextra -Werror -pedantic
FSM_CFLAGS := $(if $(CFLAGS),$(CFLAGS),-O2 -g)
FSM_INC := -Isrc -Isrc/generated
FUZZ_SECONDS ?= 60
FSM_AFL_CC ?= afl-clang-fast
FSM_WP_PAR ?= 1
FSM_WP := frama-c -pp-annot -cpp-extra-args="$(FSM_INC)" -warn-unsigned-overflow -wp -wp-rte -wp-prover z3,cvc4 \
          -wp-timeout 10 -wp-par $(FSM_WP_PAR)

.PHONY: regen-fsm check-regen-fsm prove-fsm prove-fsm-full test-fsm model-fsm fuzz-smoke-fsm

$(FSM_GEN): gen/fsmgen.c
	@mkdir -p $(dir $@)
	$(CC) $(FSM_STRICT) -O2 -o $@ gen/fsmgen.c

# The command line is recorded in the first line of every generated file:
# keep it exactly `build/fsmgen fsm/NAME.fsm src/generated docs/fsm`.
regen-fsm: $(FSM_GEN)
	@mkdir -p src/generated docs/fsm
	@set -e; for n in $(FSM_NAMES); do \
	  echo "  FSMGEN  fsm/$$n.fsm"; \
	  $(FSM_GEN) fsm/$$n.fsm src/generated docs/fsm; \
	  if command -v dot >/dev/null 2>&1; then dot -Tsvg docs/fsm/$$n.dot -o docs/fsm/$$n.svg; fi; \
	done

check-regen-fsm: $(FSM_GEN)
	@rm -rf $(FSM_BUILD)/regen && mkdir -p $(FSM_BUILD)/regen/c $(FSM_BUILD)/regen/doc
	@set -e; fail=0; for n in $(FSM_NAMES); do \
	  ( cd $(FSM_BUILD)/regen && mkdir -p src/generated docs/fsm fsm && cp ../../../fsm/$$n.fsm fsm/ && \
	    ../../../$(FSM_GEN) fsm/$$n.fsm src/generated docs/fsm ) || exit 1; \
	  for f in src/generated/sipr_fsm_$$n.c src/generated/sipr_fsm_$$n.h docs/fsm/$$n.dot docs/fsm/$$n.md; do \
	    cmp -s $$f $(FSM_BUILD)/regen/$$f || { echo "stale: $$f (run make regen-fsm)"; fail=1; }; \
	  done; \
	done; test $$fail = 0 && echo "fsm: generated files up to date"

# WP over every generated FSM .c, one Frama-C run per file (a run over all
# files at once puts every machine's definitions into every goal and is several
# times slower), FSM_WP_JOBS runs at a time. src/sipr_fsm.h's inline functions
# are proved in each file that includes it. The cache (build/fsm/wp-cache) only
# replays prover answers for unchanged goals; prove-fsm-full runs without it.
FSM_WP_JOBS ?= 2
FSM_WP_CACHE ?= -wp-cache update -wp-cache-dir $(FSM_BUILD)/wp-cache
FSM_WP_LOGS := $(FSM_NAMES:%=$(FSM_BUILD)/wp/%.log)

prove-fsm:
	@mkdir -p $(FSM_BUILD)/wp $(FSM_BUILD)/wp-cache
	@rm -f $(FSM_WP_LOGS) $(FSM_WP_LOGS:.log=.rc)
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory -f $(FSM_MK) -j$(FSM_WP_JOBS) \
	  FSM_WP_CACHE="$(FSM_WP_CACHE)" $(FSM_WP_LOGS); \
	end=$$(date +%s); proved=0; total=0; ok=1; \
	for n in $(FSM_NAMES); do \
	  log=$(FSM_BUILD)/wp/$$n.log; \
	  line=$$(grep -E "Proved goals: *[0-9]+ / [0-9]+" $$log | tail -1); \
	  p=$$(echo "$$line" | sed -E 's/.*Proved goals: *([0-9]+) \/ ([0-9]+).*/\1/'); \
	  t=$$(echo "$$line" | sed -E 's/.*Proved goals: *([0-9]+) \/ ([0-9]+).*/\2/'); \
	  if [ -z "$$t" ] || [ "$$(cat $(FSM_BUILD)/wp/$$n.rc)" != 0 ] || [ "$$p" != "$$t" ]; then \
	    ok=0; echo "$$n: NOT PROVED (see $$log)"; grep -E "\[(Failed|Unknown|Timeout)\]|: (Unknown|Timeout|Failed)" $$log; \
	    [ -n "$$t" ] || t=1; [ -n "$$p" ] || p=0; \
	  else echo "$$n: $$p / $$t"; fi; \
	  proved=$$((proved + p)); total=$$((total + t)); \
	done; \
	echo "fsm WP: $$((end - start)) s with $(FSM_WP_JOBS) jobs, logs in $(FSM_BUILD)/wp/"; \
	echo "Proved goals: $$proved / $$total"; \
	test $$ok = 1 && test $$proved = $$total

$(FSM_BUILD)/wp/%.log: src/generated/sipr_fsm_%.c src/generated/sipr_fsm_%.h src/sipr_fsm.h
	@mkdir -p $(dir $@)
	@rc=0; $(FSM_WP) $(FSM_WP_CACHE) $< > $@ 2>&1 || rc=$$?; echo $$rc > $(@:.log=.rc)

prove-fsm-full:
	@$(MAKE) --no-print-directory -f $(FSM_MK) prove-fsm FSM_WP_CACHE="-wp-cache none"

$(FSM_BUILD)/test_fsm: tests/test_fsm.c $(FSM_GEN_SRCS) $(FSM_HDRS)
	@mkdir -p $(FSM_BUILD)
	$(CC) $(FSM_STRICT) $(FSM_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all $(FSM_INC) \
	  tests/test_fsm.c $(FSM_GEN_SRCS) -lcriterion -o $@

test-fsm: $(FSM_BUILD)/test_fsm
	$(FSM_BUILD)/test_fsm

# Properties (see gen/fsmgen.c emit_pml): safety run = assertions (final state
# absorbs; RFC 6026 Accepted absorbs 2xx at the ICT and INVITE at the IST) and
# no invalid end state; ltl timers_end must hold; ltl reach_S and exit_S must
# be violated (a witness that state S is reachable / can be left).
model-fsm: $(FSM_GEN)
	@mkdir -p $(FSM_BUILD)/spin
	@set -e; cd $(FSM_BUILD)/spin; for n in $(FSM_NAMES); do \
	  abs=""; case $$n in ict) abs="Accepted 2xx";; ist) abs="Accepted invite";; esac; \
	  ../../../$(FSM_GEN) --promela ../../../fsm/$$n.fsm $$n.pml $$abs; \
	  rm -rf $$n && mkdir $$n && cd $$n; \
	  spin -a ../$$n.pml >/dev/null; \
	  $(CC) -O2 -w -DNOCLAIM -o pan_safety pan.c; \
	  ./pan_safety -m1000000 > safety.out 2>&1 || true; \
	  if ! grep -q "errors: 0" safety.out; then echo "$$n: safety FAILED"; cat safety.out; exit 1; fi; \
	  echo "$$n: assertions + end states OK ($$(grep -oE '[0-9]+ states, stored' safety.out))"; \
	  $(CC) -O2 -w -o pan_ltl pan.c; \
	  for p in $$(grep -oE "^ltl [a-z_0-9]+" ../$$n.pml | cut -d' ' -f2); do \
	    ./pan_ltl -a -m1000000 -N $$p > ltl_$$p.out 2>&1 || true; \
	    case $$p in \
	    reach_*|exit_*) grep -qE "errors: [1-9]" ltl_$$p.out || { echo "$$n: $$p: no witness"; exit 1; } ;; \
	    *) grep -q "errors: 0" ltl_$$p.out || { echo "$$n: ltl $$p FAILED"; cat ltl_$$p.out; exit 1; }; \
	       echo "$$n: ltl $$p OK ($$(grep -oE '[0-9]+ states, stored' ltl_$$p.out))" ;; \
	    esac; \
	  done; \
	  echo "$$n: every state reachable, every non-final state has an exit"; \
	  cd ..; \
	done

$(FSM_BUILD)/fuzz_fsm: fuzz/fuzz_fsm.c $(FSM_GEN_SRCS) $(FSM_HDRS)
	@mkdir -p $(FSM_BUILD)
	$(FSM_AFL_CC) -std=c99 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all $(FSM_INC) \
	  fuzz/fuzz_fsm.c $(FSM_GEN_SRCS) -o $@

fuzz-smoke-fsm: $(FSM_BUILD)/fuzz_fsm
	@rm -rf $(FSM_BUILD)/fuzz-out && mkdir -p $(FSM_BUILD)/fuzz-in $(FSM_BUILD)/fuzz-out
	@printf '\000\000\001\001\005\002\002\003\003' > $(FSM_BUILD)/fuzz-in/seed0
	@printf '\001\004\377\002\001\200\003\000\010\004\002\020' > $(FSM_BUILD)/fuzz-in/seed1
	AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	  timeout -k 10 $$(($(FUZZ_SECONDS) + 30)) afl-fuzz -V $(FUZZ_SECONDS) -i $(FSM_BUILD)/fuzz-in \
	  -o $(FSM_BUILD)/fuzz-out -- $(FSM_BUILD)/fuzz_fsm > $(FSM_BUILD)/fuzz.log 2>&1 || true
	@stats=$$(ls $(FSM_BUILD)/fuzz-out/*/fuzzer_stats 2>/dev/null | head -1); \
	test -n "$$stats" || { echo "afl-fuzz did not run"; tail -20 $(FSM_BUILD)/fuzz.log; exit 1; }; \
	grep -E "^(execs_done|saved_crashes|unique_crashes|saved_hangs|unique_hangs)" $$stats; \
	crashes=$$(ls $(FSM_BUILD)/fuzz-out/*/crashes 2>/dev/null | grep -v README | wc -l); \
	echo "fsm fuzz: $$crashes crash file(s)"; test "$$crashes" = 0
