#!/bin/sh
# Installs the Debian packages a job needs, when they are missing. Idempotent;
# says what it does. `make` and `make demo` never need this: they use only cc
# and make.
#   sh scripts/deps.sh         what `make check` needs (libpcap-dev, tcpdump
#                              and sip-tester for `siprove pcap` and its
#                              test); also makes sure why3 knows the provers
#   sh scripts/deps.sh bench   what `make bench` needs: the peer parsers
#                              (oSIP, sofia-sip, libre), valgrind, pkg-config
set -eu

mode=${1:-check}
case $mode in
check) PKGS="ragel frama-c-base why3 z3 cvc4 afl++ libcriterion-dev clang spin graphviz pkg-config libpcap-dev tcpdump sip-tester python3 patch" ;;
bench) PKGS="libosip2-dev libsofia-sip-ua-dev libre-dev valgrind pkg-config" ;;
*) echo "usage: sh scripts/deps.sh [check|bench]" >&2; exit 64 ;;
esac

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "deps: installing:$missing"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
else
    echo "deps: all Debian packages present ($PKGS)"
fi
[ "$mode" = check ] || exit 0

# why3 must know z3 and cvc4 (alt-ergo is not in Debian 12)
conf="${HOME:-/root}/.why3.conf"
if [ ! -f "$conf" ] || ! grep -q '^name = "Z3"' "$conf" || ! grep -q '^name = "CVC4"' "$conf"; then
    echo "deps: why3 config detect"
    why3 config detect >/dev/null
fi
grep -q '^name = "Z3"' "$conf" && grep -q '^name = "CVC4"' "$conf" || {
    echo "deps: why3 did not detect z3 and cvc4" >&2
    exit 1
}
echo "deps: why3 knows z3 and cvc4"
