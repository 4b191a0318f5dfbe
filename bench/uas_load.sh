#!/bin/sh
# bench/uas_load.sh [BINDIR] [RATE] [SECONDS]: load on the example UAS
# (examples/uas.c) from sipp's built-in UAC over loopback UDP: RATE calls/s
# (default 500) for SECONDS (default 10), the UAS answering at once
# (--ring-ms 0). Reports the calls attempted, completed and failed, the rate
# achieved, and the UAS's resident memory (VmRSS) before and after, sampled
# every second: each transaction is kept 64*T1 = 32 s after its final
# response, so the set alive (and the memory it touches) grows for 32 s and
# is steady after; with SECONDS > 42 the last 10 s are reported as the
# steady state (flat memory). Not part of `make test` (no timed tests
# there); `make bench-uas` runs it.
set -u

bindir=${1:-build/examples}
rate=${2:-500}
secs=${3:-10}
uas=$(cd "$bindir" && pwd)/uas
calls=$((rate * secs))

command -v sipp >/dev/null 2>&1 || { echo "uas_load: SKIP: sipp not installed"; exit 0; }
[ -x "$uas" ] || { echo "uas_load: $uas not built (make examples)"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/siprove-load.XXXXXX")
upid=""
trap '[ -n "$upid" ] && kill "$upid" 2>/dev/null; rm -rf "$tmp"' EXIT

"$uas" --listen 127.0.0.1:0 --ring-ms 0 --max-seconds $((secs + 120)) > "$tmp/uas.out" 2>&1 &
upid=$!
port=""
i=0
while [ -z "$port" ] && [ $i -lt 50 ]; do
    sleep 0.1
    port=$(sed -n 's/^uas: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/uas.out")
    i=$((i + 1))
done
[ -n "$port" ] || { echo "uas_load: the UAS did not start"; cat "$tmp/uas.out"; exit 1; }
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$upid/status"; }
rss0=$(rss)

# VmRSS each second while sipp runs
( while kill -0 "$upid" 2>/dev/null; do rss >> "$tmp/rss"; sleep 1; done ) &
spid=$!
start=$(date +%s.%N)
(cd "$tmp" && timeout $((secs + 100)) sipp -sn uac "127.0.0.1:$port" -i 127.0.0.1 -r "$rate" -m "$calls" \
    -nostdin -timeout $((secs + 90))s -trace_stat -stf load.csv -fd 1 > sipp.out 2>&1)
rc=$?
end=$(date +%s.%N)
rss1=$(rss)
kill "$spid" 2>/dev/null

col() {
    awk -F';' -v col="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
        { last = $0 } END { if (c) { split(last, a, ";"); print a[c] } }' "$tmp/load.csv"
}
att=$(col 'OutgoingCall(C)')
okc=$(col 'SuccessfulCall(C)')
bad=$(col 'FailedCall(C)')
rtx=$(col 'Retransmissions(C)')
kill -TERM "$upid"
wait "$upid" 2>/dev/null
upid=""
echo "uas_load: sipp -sn uac at $rate calls/s for $secs s (sipp status $rc)"
echo "uas_load: calls attempted ${att:-?} completed ${okc:-?} failed ${bad:-?}; sipp retransmissions ${rtx:-?}"
awk -v s="$start" -v e="$end" -v n="${okc:-0}" \
    'BEGIN { printf "uas_load: %.1f s wall, %.1f completed calls/s\n", e - s, n / (e - s) }'
echo "uas_load: UAS VmRSS ${rss0:-?} kB at start, ${rss1:-?} kB at the end"
if [ "$secs" -gt 42 ]; then
    # the samples of the last 10 s of load (after the 32 s transactions live)
    n=$(wc -l < "$tmp/rss")
    from=$((secs - 10))
    [ "$from" -lt "$n" ] && sed -n "$((from + 1)),${secs}p" "$tmp/rss" |
        awk '{ if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
             END { printf "uas_load: steady state (last 10 s of load): VmRSS %d .. %d kB (%+.1f %%)\n", lo, hi, 100 * (hi - lo) / lo }'
fi
echo "uas_load: $(tail -n 1 "$tmp/uas.out")"
[ "$rc" = 0 ]
