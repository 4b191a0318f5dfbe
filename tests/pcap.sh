#!/bin/sh
# `siprove pcap FILE` (docs/cli.md):
#  1. synthetic captures written by tests/pcap/mkpcap.c (TCP split, out of order,
#     retransmitted and overlapping segments, pipelining, keep-alives, a stream
#     joined in the middle, a lost segment, sequence wrap-around, non-SIP UDP,
#     every link type, IPv6, pcapng, nanosecond and big-endian files): the exact
#     lines of tests/pcap/expected.txt, and the exit codes;
#  2. real calls: sipp's default uac and uas scenarios on loopback, once over UDP
#     and once over TCP, on unusual ports, captured by tcpdump; siprove must print
#     one valid line per message sipp's own -trace_msg log says it exchanged,
#     in order, with the right addresses, start lines, Call-ID, CSeq and branch;
#  3. usage (64), --help (0), and a build without libpcap (69).
#   sh tests/pcap.sh build/siprove
# Environment: CC (to build the helpers), SAN (sanitizer flags of the library
# build, for the build without libpcap), B (the build directory), PCAP_WANTED
# (the Makefile's WITH_PCAP before detection: 0 means "built without libpcap on
# purpose": only the exit 69 is checked). Needs tcpdump and sipp (sip-tester),
# root (to capture), python3; scripts/deps.sh installs them.
set -u
bin=${1:-build/siprove}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
CC=${CC:-cc}
SAN=${SAN:-}
B=${B:-$(dirname "$bin")}
PCAP_WANTED=${PCAP_WANTED:-auto}
pass=0; fail=0
tmp=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL pcap: $*"; }
finish() { echo "pcap: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }

expect_exit() { # name, expected exit, command...
    name=$1; want=$2; shift 2
    "$@" > "$tmp/out" 2> "$tmp/err"; got=$?
    if [ "$got" = "$want" ]; then ok; else no "$name: exit $got (want $want)"; sed 's/^/  /' "$tmp/err"; fi
}

# ---- 3. usage, help, and the build without libpcap ---------------------------------
expect_exit "no FILE" 64 "$bin" pcap
expect_exit "two FILEs" 64 "$bin" pcap a b
expect_exit "unknown option" 64 "$bin" pcap --frob x
expect_exit "pcap --help" 0 "$bin" pcap --help
grep -q '^usage: siprove pcap FILE' "$tmp/out" && grep -q '69' "$tmp/out" && ok || no "pcap --help: no usage"
expect_exit "help pcap" 0 "$bin" help pcap
grep -q '^usage: siprove pcap FILE' "$tmp/out" && ok || no "help pcap: no usage"
"$bin" --help | grep -q 'siprove pcap FILE' && ok || no "--help does not list pcap"

if $CC -std=c99 -Wall -Wextra -pedantic -Werror -Isrc -D_POSIX_C_SOURCE=200809L $SAN cli/*.c \
       "$B/libsiprove.a" $SAN -o "$tmp/siprove-nopcap" 2> "$tmp/cc.err"; then
    ok
    expect_exit "without libpcap" 69 "$tmp/siprove-nopcap" pcap tests/pcap/expected.txt
    grep -q 'built without libpcap' "$tmp/err" && [ ! -s "$tmp/out" ] && ok || no "without libpcap: no message"
    expect_exit "without libpcap: --help" 0 "$tmp/siprove-nopcap" pcap --help
    expect_exit "without libpcap: usage" 64 "$tmp/siprove-nopcap" pcap
else
    no "the CLI does not build without libpcap"; sed 's/^/  /' "$tmp/cc.err"
fi

"$bin" pcap "$tmp/does-not-exist" > /dev/null 2>&1
if [ $? = 69 ]; then
    if [ "$PCAP_WANTED" = 0 ]; then
        echo "pcap: $bin was built without libpcap (WITH_PCAP=0): captures not tested"
        finish
    fi
    no "$bin was built without libpcap: install libpcap-dev (sh scripts/deps.sh) or make WITH_PCAP=0"
    finish
fi

# ---- 1. synthetic captures ---------------------------------------------------------
mkdir "$tmp/gen"
if ! $CC -std=c99 -Wall -Wextra -pedantic -Werror -D_POSIX_C_SOURCE=200809L tests/pcap/mkpcap.c \
        -o "$tmp/mkpcap" 2> "$tmp/cc.err" || ! "$tmp/mkpcap" "$tmp/gen"; then
    no "tests/pcap/mkpcap.c"; sed 's/^/  /' "$tmp/cc.err"; finish
fi
for f in stream.pcap sll.pcap sll2.pcap raw.pcap null.pcap loop.pcap vlan.pcap ng.pcapng \
         text.pcap usb.pcap cut.pcap does-not-exist.pcap; do
    echo "# $f"
    (cd "$tmp/gen" && "$bin" pcap "$f" 2> "$tmp/err.$f")
    echo "# exit $?"
done > "$tmp/got.txt"
if diff -u tests/pcap/expected.txt "$tmp/got.txt" > "$tmp/diff"; then ok; else
    no "synthetic captures: output differs from tests/pcap/expected.txt"; cat "$tmp/diff"; fi
# every line is one JSON object
if grep -v '^#' "$tmp/got.txt" | python3 -c '
import json, sys
for line in sys.stdin:
    assert isinstance(json.loads(line), dict)' 2> "$tmp/py.err"; then ok; else
    no "a line is not a JSON object"; cat "$tmp/py.err"; fi
# the counts on standard error
grep -q '^siprove: pcap: 89 packets, 12 SIP messages (8 valid, 3 invalid, 1 semantic-invalid); skipped 4 non-SIP UDP datagrams, .* 5 stream directions, 2 gaps, 1 incomplete messages' \
    "$tmp/err.stream.pcap" && ok || { no "stream.pcap: counts"; cat "$tmp/err.stream.pcap"; }
grep -q '1 IP fragments, 1 truncated packets' "$tmp/err.vlan.pcap" && ok || { no "vlan.pcap: counts"; cat "$tmp/err.vlan.pcap"; }
# standard input, and a directory
(cd "$tmp/gen" && "$bin" pcap stream.pcap 2> /dev/null) > "$tmp/file.out"
"$bin" pcap - < "$tmp/gen/stream.pcap" > "$tmp/stdin.out" 2> /dev/null
cmp -s "$tmp/file.out" "$tmp/stdin.out" && [ -s "$tmp/file.out" ] && ok || no "'-' (standard input) differs from the file"
expect_exit "a directory" 66 "$bin" pcap "$tmp/gen"

# ---- 2. real calls: sipp on loopback, captured by tcpdump ---------------------------
for tool in tcpdump sipp timeout python3; do
    command -v "$tool" > /dev/null 2>&1 || { no "$tool is missing (sh scripts/deps.sh)"; finish; }
done

in_use() { # port: bound on TCP or UDP?
    h=$(printf ':%04X ' "$1")
    cat /proc/net/tcp /proc/net/udp /proc/net/tcp6 /proc/net/udp6 2>/dev/null | grep -q "$h"
}
# four free ports at an unusual place (never 5060), different for each run
base=$((20000 + ($$ * 7) % 30000))
tries=0
while in_use $base || in_use $((base + 1)) || in_use $((base + 2)) || in_use $((base + 3)); do
    base=$((base + 11)); tries=$((tries + 1))
    [ $tries -lt 50 ] || { no "no free ports"; finish; }
done

wait_for() { # tenths of a second, command...: poll until the command succeeds
    n=$1; shift
    while [ "$n" -gt 0 ]; do "$@" && return 0; sleep 0.1; n=$((n - 1)); done
    return 1
}
size_of() { wc -c < "$1" 2>/dev/null || echo 0; }
stable() { # the capture file stopped growing
    s1=$(size_of "$1"); sleep 0.3; s2=$(size_of "$1"); [ "$s1" = "$s2" ] && [ "$s1" -gt 24 ]
}

# The messages of sipp's -trace_msg log, one per line, as siprove reports them:
# transport src dst method-or-status call-id cseq-number cseq-method branch valid
from_trace() { # log, transport, uac port, uas port
    tr -d '\r' < "$1" | awk -v t="$2" -v me="127.0.0.1:$3" -v peer="127.0.0.1:$4" '
        function out() { if (start != "") print t, src, dst, start, cid, cn, cm, br, "valid"; start = "" }
        /^(UDP|TCP) message (sent|received)/ {
            out(); inmsg = 1; hdr = 1; cid = cn = cm = br = "-"
            if ($3 == "sent") { src = me; dst = peer } else { src = peer; dst = me }
            next
        }
        !inmsg { next }
        start == "" { if ($0 != "") start = ($1 ~ /^SIP\//) ? $2 : $1; next }
        hdr && $0 == "" { hdr = 0; next }
        hdr && tolower($1) == "call-id:" { cid = $2 }
        hdr && tolower($1) == "cseq:" { cn = $2; cm = $3 }
        hdr && tolower($1) == "via:" && br == "-" && match($0, /branch=[^;, ]+/) { br = substr($0, RSTART + 7, RLENGTH - 7) }
        END { out() }'
}
# The same fields from siprove's lines.
from_siprove() {
    python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    s = o["summary"] or {}
    start = s.get("method") if s.get("type") == "request" else s.get("status_code")
    c = s.get("cseq") or {}
    print(o["transport"], o["src"], o["dst"], start, s.get("call_id"), c.get("number"),
          c.get("method"), s.get("branch"), o["verdict"])'
}

call() { # transport (udp|tcp), sipp -t value, uas port, uac port
    t=$1; topt=$2; p1=$3; p2=$4
    cap="$tmp/$t.pcap"
    t0=$(date +%s)
    timeout 25 tcpdump -i lo -U --immediate-mode -Z root -s 0 -w "$cap" "port $p1 or port $p2" \
        2> "$tmp/$t.tcpdump.err" &
    tpid=$!; pids="$pids $tpid"
    if ! wait_for 50 grep -qs 'listening on' "$tmp/$t.tcpdump.err"; then
        no "$t: tcpdump did not start"; cat "$tmp/$t.tcpdump.err"; return
    fi
    timeout 20 sipp -sn uas -t "$topt" -i 127.0.0.1 -p "$p1" -m 1 -nostdin \
        -trace_msg -message_file "$tmp/$t.uas.log" > "$tmp/$t.uas.out" 2>&1 &
    spid=$!; pids="$pids $spid"
    if ! wait_for 50 in_use "$p1"; then no "$t: the sipp uas did not start"; cat "$tmp/$t.uas.out"; return; fi
    if ! timeout 20 sipp -sn uac -t "$topt" "127.0.0.1:$p1" -i 127.0.0.1 -p "$p2" -m 1 -nostdin \
            -timeout 15s -trace_msg -message_file "$tmp/$t.uac.log" > "$tmp/$t.uac.out" 2>&1; then
        no "$t: the sipp call failed"; tail -5 "$tmp/$t.uac.out"; return
    fi
    wait "$spid" 2>/dev/null
    wait_for 30 stable "$cap"
    kill "$tpid" 2>/dev/null; wait "$tpid" 2>/dev/null
    t1=$(date +%s)

    from_trace "$tmp/$t.uac.log" "$t" "$p2" "$p1" > "$tmp/$t.want"
    # sipp's default scenarios: INVITE, (100), 180, 200, ACK, BYE, 200
    seq=$(awk '{printf "%s ", $4}' "$tmp/$t.want")
    case $seq in
    "INVITE 180 200 ACK BYE 200 " | "INVITE 100 180 200 ACK BYE 200 ") ok ;;
    *) no "$t: sipp's trace holds an unexpected call: $seq" ;;
    esac
    "$bin" pcap "$cap" > "$tmp/$t.lines" 2> "$tmp/$t.err"; rc=$?
    [ "$rc" = 0 ] && ok || { no "$t: siprove pcap exit $rc"; cat "$tmp/$t.err"; }
    from_siprove < "$tmp/$t.lines" > "$tmp/$t.got" 2> "$tmp/$t.py.err"
    if diff -u "$tmp/$t.want" "$tmp/$t.got" > "$tmp/$t.diff"; then ok; else
        no "$t: siprove's lines differ from sipp's trace (- sipp, + siprove)"; cat "$tmp/$t.diff" "$tmp/$t.py.err"; fi
    # the times lie within the test, in order
    if awk -v a="$t0" -v b="$t1" '{ if (match($0, /"ts": [0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9],/) == 0) exit 1
            ts = substr($0, RSTART + 6, RLENGTH - 7) + 0
            if (ts < a - 1 || ts > b + 1 || ts < last) exit 1; last = ts }' "$tmp/$t.lines"; then ok; else
        no "$t: timestamps outside $t0 .. $t1 or out of order"; cat "$tmp/$t.lines"; fi
    echo "pcap: $t call: $(wc -l < "$tmp/$t.lines") lines: $seq"
}

call udp u1 $base $((base + 1))
call tcp t1 $((base + 2)) $((base + 3))
finish
