#!/bin/sh
# AFL++ runs of the harnesses with ASan + UBSan:
#   fuzz/fuzz_parse.c  sipr_parse / sipr_validate   seeds fuzz/seeds/parse, dict parse.dict
#   fuzz/fuzz_frame.c  sipr_frame (stream framing)  seeds fuzz/seeds/frame, dict parse.dict + frame.dict
#   fuzz/fuzz_digest.c Digest values, the hashes     seeds fuzz/seeds/digest, dict digest.dict
#   fuzz/fuzz_roundtrip.c  the writers: serialize, edits, proxy operations, builder
#                      seeds fuzz/seeds/roundtrip, dict roundtrip.dict
#   fuzz/fuzz_txn.c    transaction keys, the table and the four transaction machines
#                      driven by message and timer programs   seeds fuzz/seeds/txn
#   fuzz/fuzz_uri.c    the URI scanner (sipr_scan_uri) alone, and against sipr_parse
#                      seeds fuzz/seeds/uri, dict uri.dict
#   fuzz/fuzz_validate.c  sipr_validate under fuzzed profiles: what each verdict promises,
#                      and how verdicts of related profiles relate
#                      seeds fuzz/seeds/validate, dict parse.dict + validate.dict
#   fuzz/fuzz_multipart.c  sipr_multipart against its own RFC 2046 splitter, and
#                      bodies it generates with known parts
#                      seeds fuzz/seeds/multipart, dict multipart.dict
#
#   sh fuzz/run.sh smoke SECONDS [HARNESS...]   short run of each harness (default: parse frame digest txn roundtrip uri validate multipart),
#                                               SECONDS each; fails on any crash or hang
#   sh fuzz/run.sh forever [HARNESS]            runs one harness (default parse) until stopped
# The smoke runs FUZZ_JOBS harnesses at a time (default 2: one per core).
# Crashes found are kept in build/fuzz/HARNESS/out/default/crashes; every one
# is copied to fuzz/regressions/HARNESS/ to become a regression test.
set -eu
cd "$(dirname "$0")/.."
mode=${1:-smoke}
if [ "$mode" = --one ]; then
    harnesses=$2
elif [ "$mode" = smoke ]; then
    secs=${2:-60}
    [ $# -ge 2 ] && shift 2 || shift $#
    harnesses=${*:-parse frame digest txn roundtrip uri validate multipart}
else
    harnesses=${2:-parse}
fi
B=build/fuzz
mkdir -p "$B"

LIBSRC="$(ls src/*.c) $(ls src/generated/*.c | grep -v sipr_fsm_)"
CC=afl-clang-fast
command -v "$CC" >/dev/null 2>&1 || CC=afl-cc
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
export AFL_SKIP_CRASHES=0 ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0

dicts() {
    case $1 in
    frame) echo "-x fuzz/parse.dict -x fuzz/frame.dict" ;;
    digest) echo "-x fuzz/digest.dict" ;;
    roundtrip) echo "-x fuzz/roundtrip.dict" ;;
    uri) echo "-x fuzz/uri.dict" ;;
    validate) echo "-x fuzz/parse.dict -x fuzz/validate.dict" ;;
    multipart) echo "-x fuzz/multipart.dict" ;;
    txn) ;;
    *) echo "-x fuzz/parse.dict" ;;
    esac
}

# the transaction machines, for the harness that drives them with the table
extra_src() {
    case $1 in
    txn) ls src/generated/sipr_fsm_*.c | grep -v dialog ;;
    esac
}

FLAGS="-std=c99 -O1 -g -Isrc -Isrc/generated -D_POSIX_C_SOURCE=200809L -fsanitize=address,undefined -fno-sanitize-recover=all"
# the library, instrumented once for every harness (FUZZ_JOBS compilers at a time)
build_lib() {
    mkdir -p "$B/obj"
    for f in $LIBSRC; do echo "$f"; done |
        xargs -r -P "${FUZZ_JOBS:-2}" -I{} sh -c 'o="$1/obj/$(echo "$2" | tr / _).o"
            AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 $3 $4 -c "$2" -o "$o"' sh "$B" {} "$CC" "$FLAGS"
    rm -f "$B/libfuzz.a"
    ar rcs "$B/libfuzz.a" "$B"/obj/*.o
}
build() {
    h=$1
    [ -f "fuzz/fuzz_$h.c" ] || { echo "fuzz: no harness fuzz/fuzz_$h.c"; exit 64; }
    # shellcheck disable=SC2086
    AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1 $CC $FLAGS \
        "fuzz/fuzz_$h.c" $(extra_src "$h") "$B/libfuzz.a" -o "$B/fuzz_$h"
}

# one smoke run: its lines go to $B/HARNESS/report; exit 1 on a crash or hang
smoke_one() {
    h=$1 secs=$2
    out="$B/$h/out" rep="$B/$h/report"
    rm -rf "$out"
    mkdir -p "$out"
    echo "fuzz-smoke: afl-fuzz on fuzz_$h for $secs s (ASan + UBSan)" > "$rep"
    # shellcheck disable=SC2046
    if ! afl-fuzz -V "$secs" -i "fuzz/seeds/$h" -o "$out" $(dicts "$h") -m none -t 1000 \
        -- "$B/fuzz_$h" > "$B/$h/afl.log" 2>&1; then
        tail -30 "$B/$h/afl.log" >> "$rep"
        echo "fuzz-smoke: $h FAILED: afl-fuzz did not run to the end" >> "$rep"
        return 1
    fi
    stats="$out/default/fuzzer_stats"
    execs=$(sed -n 's/^execs_done *: *//p' "$stats")
    paths=$(sed -n 's/^corpus_count *: *//p' "$stats")
    crashes=$(ls "$out/default/crashes" 2>/dev/null | grep -vc README || true)
    # A hang is an input that ran past afl-fuzz's 1 s limit. On a loaded machine
    # a starved run can pass it too, so each one is run again, alone, three
    # times with a 10 s limit: only one that is slow again is a hang.
    hangs=0 unrepro=0
    for f in "$out"/default/hangs/id*; do
        [ -f "$f" ] || continue
        slow=0
        for _ in 1 2 3; do
            s0=$(date +%s%N)
            timeout -k 2 10 "$B/fuzz_$h" < "$f" > /dev/null 2>&1 || true
            s1=$(date +%s%N)
            [ $(( (s1 - s0) / 1000000 )) -ge 1000 ] && slow=1
        done
        if [ "$slow" = 1 ]; then hangs=$((hangs + 1))
        else unrepro=$((unrepro + 1)); rm -f "$f"; fi
    done
    echo "fuzz-smoke: $h: $execs execs, $paths corpus entries, $crashes crashes, $hangs hangs" \
         "($unrepro timeouts that did not recur when run again alone)" >> "$rep"
    # Each crash is run again alone: what it printed (the harness's contract
    # violation or the sanitizer's report) and, for an input of at most 8 KiB,
    # the input itself in base64 go into the report, so that a CI log alone is
    # enough to make the regression test (base64 -d > fuzz/regressions/...).
    for f in "$out"/default/crashes/id*; do
        [ -f "$f" ] || continue
        rc=0
        timeout -k 2 10 "$B/fuzz_$h" < "$f" > "$B/$h/crash.log" 2>&1 || rc=$?
        if [ "$rc" = 0 ]; then
            echo "fuzz-smoke: $h: crash $(basename "$f") did not recur when run again alone" >> "$rep"
        else
            echo "fuzz-smoke: $h: crash $(basename "$f"), run again alone: exit $rc:" >> "$rep"
        fi
        grep -v '^ *#[0-9]' "$B/$h/crash.log" | head -n 12 | sed 's/^/fuzz-smoke:   | /' >> "$rep"
        if [ "$(wc -c < "$f")" -le 8192 ]; then
            echo "fuzz-smoke:   input ($(wc -c < "$f") bytes, base64):" >> "$rep"
            base64 -w 76 "$f" | sed 's/^/fuzz-smoke:   = /' >> "$rep"
        fi
    done
    if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
        mkdir -p "fuzz/regressions/$h"
        for f in "$out"/default/crashes/id* "$out"/default/hangs/id*; do
            [ -f "$f" ] && cp "$f" "fuzz/regressions/$h/$(sha1sum "$f" | cut -c1-16)"
        done
        echo "fuzz-smoke: $h FAILED; inputs copied to fuzz/regressions/$h/" >> "$rep"
        return 1
    fi
    return 0
}

if [ "$mode" = --one ]; then
    smoke_one "$2" "$3"
    exit $?
fi
rm -rf "$B/obj"
build_lib
if [ "$mode" != smoke ]; then
    build "$harnesses"
    mkdir -p "$B/$harnesses/out"
    # shellcheck disable=SC2046
    exec afl-fuzz -i "fuzz/seeds/$harnesses" -o "$B/$harnesses/out" $(dicts "$harnesses") -m none -t 1000 \
        -- "$B/fuzz_$harnesses"
fi

# smoke: build every harness, then run them FUZZ_JOBS at a time (default 2,
# one per core), each for SECONDS; the reports come out in the order asked
for h in $harnesses; do build "$h"; mkdir -p "$B/$h"; done
failed=0
printf '%s\n' $harnesses | xargs -r -P "${FUZZ_JOBS:-2}" -I{} sh fuzz/run.sh --one {} "$secs" || failed=1
for h in $harnesses; do cat "$B/$h/report"; done
exit $failed
