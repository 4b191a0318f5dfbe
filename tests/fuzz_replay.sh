#!/bin/sh
# Every harness of fuzz/ built without a fuzzer (the replaying main of
# fuzz/driver.h) against the library, run over its seeds and over every input
# a fuzzer ever crashed or hung on (fuzz/regressions/HARNESS/, where
# fuzz/run.sh copies them): each must run to the end (a harness abort()s on a
# broken contract; with SANITIZE=1 the sanitizers stop it on a bad access).
#   sh tests/fuzz_replay.sh BUILD_DIR        (BUILD_DIR holds libsiprove.a)
# CC and CFLAGS (the library's, e.g. with sanitizers) come from the environment.
set -eu
cd "$(dirname "$0")/.."
B=${1:?usage: tests/fuzz_replay.sh BUILD_DIR}
CC=${CC:-cc}
mkdir -p "$B/fuzz-replay"
pass=0 fail=0
for src in fuzz/fuzz_*.c; do
    h=$(basename "$src" .c); h=${h#fuzz_}
    bin="$B/fuzz-replay/fuzz_$h"
    # shellcheck disable=SC2086
    if ! $CC -std=c99 -D_POSIX_C_SOURCE=200809L -Isrc -Isrc/generated ${CFLAGS:-} "$src" "$B/libsiprove.a" \
        ${LDFLAGS:-} -o "$bin" 2> "$bin.log"; then
        echo "fuzz_replay: FAIL: $h does not build:"; head -20 "$bin.log"; fail=$((fail + 1)); continue
    fi
    inputs=$(find "fuzz/seeds/$h" "fuzz/regressions/$h" -type f 2>/dev/null | sort)
    if [ -z "$inputs" ]; then
        echo "fuzz_replay: FAIL: $h has no seed"; fail=$((fail + 1)); continue
    fi
    n=$(echo "$inputs" | grep -c .)
    # shellcheck disable=SC2086
    if echo "$inputs" | xargs "$bin" > "$bin.out" 2>&1; then
        pass=$((pass + 1))
        echo "fuzz_replay: $h: $n inputs"
    else
        echo "fuzz_replay: FAIL: $h on its seeds and regressions:"; tail -20 "$bin.out"; fail=$((fail + 1))
    fi
done
echo "fuzz_replay: $pass passed, $fail failed"
[ "$fail" = 0 ]
