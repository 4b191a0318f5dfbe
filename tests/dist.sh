#!/bin/sh
# The amalgamation stands alone: dist/siprove.c and dist/siprove.h, copied
# into an empty folder, compile with -Werror (and so with zero warnings), the
# example links against them and prints what it should, and the object
# defines every sipr_ symbol of the library and nothing else.
#   sh tests/dist.sh [LIBSIPROVE_A]      (CC, DIST_CFLAGS: extra flags, e.g. sanitizers)
set -u
cd "$(dirname "$0")/.." || exit 1
CC=${CC:-cc}
lib=${1:-build/libsiprove.a}
strict="-std=c99 -Wall -Wextra -pedantic -Werror"
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL dist: $*"; }

cp dist/siprove.c dist/siprove.h examples/parse_and_step.c "$tmp/"
cd "$tmp" || exit 1

# shellcheck disable=SC2086
if $CC $strict ${DIST_CFLAGS:-} -O2 -c siprove.c -o siprove.o 2> cc.log; then ok; else no "$CC -O2 -Werror -c siprove.c:"; cat cc.log; fi
# shellcheck disable=SC2086
if $CC $strict -O0 -c siprove.c -o siprove0.o 2> cc.log; then ok; else no "$CC -O0 -Werror -c siprove.c:"; cat cc.log; fi
# without the state machines (the view `make prove-dist` proves the parser in)
if $CC $strict -DSIPR_DIST_NO_FSM -c siprove.c -o nofsm.o 2> cc.log; then ok; else no "-DSIPR_DIST_NO_FSM:"; cat cc.log; fi
# a second compiler, when there is one
other=clang; [ "$(basename "$CC")" = clang ] && other=gcc
if command -v "$other" > /dev/null 2>&1; then
    if "$other" $strict -O2 -c siprove.c -o other.o 2> cc.log; then ok; else no "$other -Werror -c siprove.c:"; cat cc.log; fi
fi

# only siprove.h is included with "..."; nothing points back into src/
if grep -n '^[ \t]*#[ \t]*include[ \t]*"' siprove.c | grep -v '"siprove.h"' || grep -n '^[ \t]*#[ \t]*include[ \t]*"' siprove.h; then
    no "a quoted #include other than siprove.h is left"
else ok; fi

# the example against the pair alone
# shellcheck disable=SC2086
if $CC $strict ${DIST_CFLAGS:-} -I. parse_and_step.c siprove.o -o example 2> cc.log && ./example > example.out 2>&1; then
    if diff -u "$OLDPWD/tests/parse_and_step.out" example.out; then ok; else no "example output differs"; fi
else
    no "example did not build or run:"; cat cc.log example.out 2>/dev/null
fi

# the same global symbols as the library: every sipr_ function and table,
# and no name outside the sipr_ prefix
defs() { nm -g --defined-only "$1" 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u; }
defs siprove0.o > dist.syms
case $lib in /*) ;; *) lib="$OLDPWD/$lib" ;; esac
if [ -f "$lib" ]; then
    defs "$lib" | grep '^sipr_' > lib.syms
    if [ -s lib.syms ] && diff -u lib.syms dist.syms > syms.diff; then ok
    else no "global symbols differ from $lib (- library, + amalgamation):"; cat syms.diff; fi
else
    no "no library at $lib to compare symbols with"
fi
if grep -v '^sipr_' dist.syms; then no "global symbols without the sipr_ prefix (above)"; else ok; fi

echo "dist: $pass passed, $fail failed ($(wc -l < dist.syms) global symbols, $(wc -l < siprove.c) + $(wc -l < siprove.h) lines)"
[ "$fail" = 0 ]
