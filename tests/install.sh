#!/bin/sh
# `make install`: into a temporary prefix, then used the way a packager and a
# user would: pkg-config finds the library, the example builds against the
# shared and the static library and runs, the shared library carries its
# soname, the CLI runs and reports the version pkg-config reports, and the man
# page formats without warnings. Then a DESTDIR staging install, and uninstall.
#   MAKE=make CC=cc sh tests/install.sh
set -u
cd "$(dirname "$0")/.." || exit 1
MAKE=${MAKE:-make}
CC=${CC:-cc}
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL install: $*"; }
check() { # description, command...
    what=$1; shift
    if "$@" > "$tmp/out" 2>&1; then ok; else no "$what"; sed 's/^/  /' "$tmp/out"; fi
}
# A plain build, whatever the calling make was asked for (SANITIZE=1 and WERROR=1
# reach a recipe as environment variables):
# an installed library is a release build.
submake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SANITIZE -u WERROR "$MAKE" --no-print-directory -s "$@"; }

p="$tmp/prefix"
if ! submake install PREFIX="$p" > "$tmp/install.log" 2>&1; then
    no "make install PREFIX=$p"; cat "$tmp/install.log"; exit 1
fi
ver=$(sed -n 's/^#define SIPR_VERSION_STRING "\(.*\)"$/\1/p' src/siprove.h)
major=$(sed -n 's/^#define SIPR_VERSION_MAJOR \([0-9]*\)$/\1/p' src/siprove.h)
for f in include/siprove.h include/sipr_fsm.h include/sipr_fsm_ict.h lib/libsiprove.a \
         "lib/libsiprove.so.$ver" lib/pkgconfig/siprove.pc bin/siprove share/man/man1/siprove.1; do
    check "installed $f" test -f "$p/$f" -a ! -h "$p/$f"
done
check "libsiprove.so.$major -> libsiprove.so.$ver" test "$(readlink "$p/lib/libsiprove.so.$major")" = "libsiprove.so.$ver"
check "libsiprove.so -> libsiprove.so.$major" test "$(readlink "$p/lib/libsiprove.so")" = "libsiprove.so.$major"
check "soname libsiprove.so.$major" sh -c "readelf -d '$p/lib/libsiprove.so.$ver' | grep -q 'SONAME.*\[libsiprove.so.$major\]'"

# pkg-config, pointed at the temporary prefix only
export PKG_CONFIG_PATH="$p/lib/pkgconfig" PKG_CONFIG_LIBDIR="$p/lib/pkgconfig"
check "pkg-config --modversion = $ver" test "$(pkg-config --modversion siprove)" = "$ver"
check "pkg-config --variable=prefix" test "$(pkg-config --variable=prefix siprove)" = "$p"
flags=$(pkg-config --cflags --libs siprove)
# shared: the example needs libsiprove.so.MAJOR at run time
# shellcheck disable=SC2086
check "example builds with pkg-config (shared)" $CC -std=c99 -Wall -Wextra -pedantic -Werror \
    examples/parse_and_step.c $flags -o "$tmp/ex_shared"
check "example needs libsiprove.so.$major" sh -c "readelf -d '$tmp/ex_shared' | grep -q 'NEEDED.*\[libsiprove.so.$major\]'"
check "shared example runs and prints the expected lines" sh -c \
    "LD_LIBRARY_PATH='$p/lib' '$tmp/ex_shared' | diff -u tests/parse_and_step.out -"
# static: the same flags, the archive chosen over the shared library
# shellcheck disable=SC2086,SC2046
check "example builds with pkg-config (static)" $CC -std=c99 -Wall -Wextra -pedantic -Werror \
    examples/parse_and_step.c $(pkg-config --cflags siprove) -Wl,-Bstatic $(pkg-config --libs siprove) -Wl,-Bdynamic \
    -o "$tmp/ex_static"
check "static example has no libsiprove dependency" sh -c "! readelf -d '$tmp/ex_static' | grep -q libsiprove"
check "static example runs and prints the expected lines" sh -c "'$tmp/ex_static' | diff -u tests/parse_and_step.out -"

# the CLI
check "siprove --version = siprove $ver" test "$("$p/bin/siprove" --version)" = "siprove $ver"
check "installed siprove check" test "$("$p/bin/siprove" check tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip)" = valid

# the man page
if command -v man > /dev/null 2>&1; then
    MANWIDTH=80 man --warnings -l "$p/share/man/man1/siprove.1" > "$tmp/man.txt" 2> "$tmp/man.err"
    check "man -l formats siprove.1" test -s "$tmp/man.txt"
    check "man -l: no groff warnings" test ! -s "$tmp/man.err"
    [ -s "$tmp/man.err" ] && sed 's/^/  /' "$tmp/man.err"
    check "man page of version $ver" grep -q "^\.TH SIPROVE 1 .* \"siprove $ver\"" man/siprove.1
    for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES; do
        check "man page has $s" grep -q "^$s" "$tmp/man.txt"
    done
else
    echo "install: man not found: the man page check is skipped"
fi

# DESTDIR: staged under it, the .pc file names the final prefix
d="$tmp/stage"
if submake install DESTDIR="$d" PREFIX=/opt/siprove > "$tmp/install.log" 2>&1; then
    check "DESTDIR install: siprove.pc prefix=/opt/siprove" grep -qx 'prefix=/opt/siprove' "$d/opt/siprove/lib/pkgconfig/siprove.pc"
    check "DESTDIR install: libdir relative to prefix" grep -qx 'libdir=${prefix}/lib' "$d/opt/siprove/lib/pkgconfig/siprove.pc"
    check "DESTDIR install: nothing under /opt/siprove" test ! -e /opt/siprove
    submake uninstall DESTDIR="$d" PREFIX=/opt/siprove > "$tmp/install.log" 2>&1
    check "uninstall leaves no file" test -z "$(find "$d" -type f -o -type l)"
else
    no "make install DESTDIR=$d PREFIX=/opt/siprove"; cat "$tmp/install.log"
fi

echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
