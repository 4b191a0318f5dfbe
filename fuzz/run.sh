#!/bin/sh
# AFL++ runs of the parser harness (fuzz/fuzz_parse.c) with ASan + UBSan.
#   sh fuzz/run.sh smoke SECONDS   short run; fails on any crash or hang
#   sh fuzz/run.sh forever         runs until stopped (Ctrl-C)
# Crashes found are kept in build/fuzz/parse/out/default/crashes; every one
# becomes a file in fuzz/regressions/parse/ (replayed by `make test`).
set -eu
cd "$(dirname "$0")/.."
mode=${1:-smoke}
secs=${2:-60}
B=build/fuzz
mkdir -p "$B"

LIBSRC="$(ls src/*.c) $(ls src/generated/*.c | grep -v sipr_fsm_)"
CC=afl-clang-fast
command -v "$CC" >/dev/null 2>&1 || CC=afl-cc
# shellcheck disable=SC2086
AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 $CC -std=c99 -O1 -g -Isrc -D_POSIX_C_SOURCE=200809L \
    -fsanitize=address,undefined -fno-sanitize-recover=all \
    fuzz/fuzz_parse.c $LIBSRC -o "$B/fuzz_parse"

out="$B/parse/out"
rm -rf "$out"
mkdir -p "$out"
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_SKIP_CRASHES=0 ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0
if [ "$mode" = smoke ]; then
    echo "fuzz-smoke: afl-fuzz on fuzz_parse for $secs s (ASan + UBSan)"
    afl-fuzz -V "$secs" -i fuzz/seeds/parse -o "$out" -x fuzz/parse.dict -m none -t 1000 \
        -- "$B/fuzz_parse" > "$B/parse/afl.log" 2>&1 || { tail -30 "$B/parse/afl.log"; exit 1; }
else
    exec afl-fuzz -i fuzz/seeds/parse -o "$out" -x fuzz/parse.dict -m none -t 1000 -- "$B/fuzz_parse"
fi

stats="$out/default/fuzzer_stats"
execs=$(sed -n 's/^execs_done *: *//p' "$stats")
paths=$(sed -n 's/^corpus_count *: *//p' "$stats")
crashes=$(ls "$out/default/crashes" 2>/dev/null | grep -vc README || true)
hangs=$(ls "$out/default/hangs" 2>/dev/null | grep -vc README || true)
echo "fuzz-smoke: $execs execs, $paths corpus entries, $crashes crashes, $hangs hangs"
if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
    mkdir -p fuzz/regressions/parse
    for f in "$out"/default/crashes/id* "$out"/default/hangs/id*; do
        [ -f "$f" ] && cp "$f" "fuzz/regressions/parse/$(sha1sum "$f" | cut -c1-16)"
    done
    echo "fuzz-smoke: FAILED; inputs copied to fuzz/regressions/parse/"
    exit 1
fi
