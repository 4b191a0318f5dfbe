#!/bin/sh
# Installs the Debian packages that `make bench` needs, when they are missing:
# the three peer parsers (oSIP, sofia-sip, libre), valgrind (callgrind counts)
# and pkg-config. Idempotent; says what it does. `make check` never runs this.
set -eu

PKGS="libosip2-dev libsofia-sip-ua-dev libre-dev valgrind pkg-config"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "bench-deps: installing:$missing"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    # update the package lists only when apt cannot find a package yet
    for p in $missing; do
        if ! apt-cache show "$p" >/dev/null 2>&1; then
            echo "bench-deps: apt-get update (no candidate for $p)"
            $SUDO apt-get update -q
            break
        fi
    done
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
else
    echo "bench-deps: all Debian packages present ($PKGS)"
fi
