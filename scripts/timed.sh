#!/bin/sh
# Runs a command and appends "LABEL: N s" to build/check-times.txt (make check
# prints that file at the end): where the time of `make check` goes.
#   sh scripts/timed.sh LABEL COMMAND [ARG...]
set -eu
label=$1; shift
mkdir -p build
t0=$(date +%s)
"$@"
echo "$label: $(( $(date +%s) - t0 )) s" >> build/check-times.txt
