#!/bin/sh
# Builds every fuzz/fuzz_NAME.c as a libFuzzer-style target, the OSS-Fuzz /
# ClusterFuzzLite way (.clusterfuzzlite/build.sh calls this):
#
#   CC=clang CFLAGS="-fsanitize=fuzzer-no-link,address" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out sh fuzz/build.sh
#
# Writes $OUT/fuzz_NAME, and beside it $OUT/fuzz_NAME_seed_corpus.zip from
# fuzz/seeds/NAME/ and $OUT/fuzz_NAME.dict from fuzz/NAME.dict when those
# exist (for frame and validate, fuzz/parse.dict and fuzz/NAME.dict in one:
# the two fuzz/run.sh gives afl-fuzz). The library (src/*.c,
# src/generated/*.c) is compiled once with $CC $CFLAGS; the harnesses with
# -DSIPR_LIBFUZZER (no main of their own). Linking uses $CXX $CXXFLAGS when
# CXX is set, as OSS-Fuzz sets it: its engines other than libFuzzer are C++
# archives.
set -eu
cd "$(dirname "$0")/.."
: "${OUT:?set OUT to the output folder}"
CC=${CC:-clang}
CFLAGS=${CFLAGS:-}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
if [ -n "${CXX:-}" ]; then LD=$CXX LDFLAGS=${CXXFLAGS:-}; else LD=$CC LDFLAGS=$CFLAGS; fi
STD="-std=c99 -D_POSIX_C_SOURCE=200809L -Isrc -Isrc/generated"

work=$(mktemp -d "${WORK:-${TMPDIR:-/tmp}}/siprove-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT"

objs=""
for src in src/*.c src/generated/*.c; do
    obj="$work/$(echo "$src" | tr / _).o"
    # shellcheck disable=SC2086
    $CC $CFLAGS $STD -c "$src" -o "$obj"
    objs="$objs $obj"
done
# shellcheck disable=SC2086
ar rcs "$work/libsiprove.a" $objs

n=0
for h in fuzz/fuzz_*.c; do
    name=$(basename "$h" .c)
    short=${name#fuzz_}
    # shellcheck disable=SC2086
    $CC $CFLAGS $STD -DSIPR_LIBFUZZER -c "$h" -o "$work/$name.o"
    # shellcheck disable=SC2086
    $LD $LDFLAGS "$work/$name.o" "$work/libsiprove.a" $LIB_FUZZING_ENGINE -o "$OUT/$name"
    extra=""
    if [ -d "fuzz/seeds/$short" ]; then
        rm -f "$OUT/${name}_seed_corpus.zip"
        zip -q -j "$OUT/${name}_seed_corpus.zip" "fuzz/seeds/$short"/*
        extra="$extra, $(ls "fuzz/seeds/$short" | wc -l) seeds"
    fi
    if [ -f "fuzz/$short.dict" ]; then
        # libFuzzer takes one -dict: a dictionary fuzz/run.sh passes with
        # fuzz/parse.dict (frame, validate: message bytes around their own
        # tokens) is shipped with parse.dict's entries before its own
        case $short in
        frame | validate) cat fuzz/parse.dict "fuzz/$short.dict" > "$OUT/$name.dict" ;;
        *) cp "fuzz/$short.dict" "$OUT/$name.dict" ;;
        esac
        extra="$extra, dictionary"
    fi
    echo "fuzz/build.sh: $OUT/$name$extra"
    n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "fuzz/build.sh: no fuzz/fuzz_*.c" >&2; exit 1; }
