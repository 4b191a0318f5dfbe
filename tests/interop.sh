#!/bin/sh
# tests/interop.sh [BINDIR]: the example UAS and UAC (examples/uas.c,
# examples/uac.c, built in BINDIR, default build/examples) against sipp, on
# loopback only, with bounded counts and times. Run by `make test`.
#
#   1. sipp's built-in UAC (-sn uac), 20 calls: all completed, none failed
#   2. the same with -lost 10 (sipp drops 10 % of what it sends and receives):
#      retransmissions (sipp's, the UAS's transactions and 2xx) recover all;
#      sipp did drop messages; the UAS's calls completed + open add up to 20
#   2b. over TCP: sipp's UAC on one connection (-t t1), 20 calls; a stream
#      cut in pieces with pipelined requests and a keep-alive ping, and a
#      malformed Content-Length that closes the connection
#      (tests/sipp/tcp_stream.py)
#   3. CANCEL while ringing (tests/sipp/cancel.xml): 200 for the CANCEL, 487
#      for the INVITE, ACK absorbed
#   4. OPTIONS (tests/sipp/options.xml): 200 with Allow
#   5. REGISTER without authentication (tests/sipp/register.xml): 200 listing
#      the Contact with its expires
#   6. REGISTER with Digest (tests/sipp/register_auth.xml): 401, then 200;
#      and with a wrong password (register_auth_wrong.xml): 401 twice
#   7. our UAC against sipp's built-in UAS (-sn uas): 5 calls, exit status 0;
#      against a UAS answering 486 (tests/sipp/uas_busy.xml): the ACK has the
#      INVITE's branch, and the UAC exits 1
#   8. broken datagrams: unparsable bytes are dropped, a request that parses
#      but lacks Call-ID gets 400; after 600 mutated requests
#      (tests/sipp/mutate.py) the UAS still answers OPTIONS
#   9. the UAS's own exit summaries agree with what was sent, and it wrote
#      nothing to stderr (sanitizer reports, under make SANITIZE=1 test)
#  10. the 2xx retransmitted until the ACK (tests/sipp/late_ack.xml: ACK
#      1.5 s late, at least one retransmission counted by the UAS)
# Every check prints PASS or FAIL; the script exits 1 when any failed. When
# sipp is not installed it prints SKIP and exits 0 (scripts/deps.sh installs
# sip-tester, so `make check` has it).
set -u

bindir=${1:-build/examples}
here=$(cd "$(dirname "$0")" && pwd)
scen=$here/sipp
uas=$(cd "$bindir" && pwd)/uas
uac=$(cd "$bindir" && pwd)/uac

if ! command -v sipp >/dev/null 2>&1; then
    echo "interop: SKIP: sipp not installed (apt-get install sip-tester)"
    exit 0
fi
for b in "$uas" "$uac"; do
    [ -x "$b" ] || { echo "interop: FAIL: $b not built (make examples)"; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/siprove-interop.XXXXXX")
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS: $1"; }
no() { fail=$((fail + 1)); echo "FAIL: $1"; }

# A UDP port on 127.0.0.1 that is free now (the kernel picks it).
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    else
        # no python3: a pseudo-random high port (sipp reports a busy one)
        echo $(( ($$ * 7919 + $(date +%S) * 131 + ${1:-0}) % 20000 + 30000 ))
    fi
}

# start_uas NAME ARGS...: the UAS on a port of its choosing; sets uas_pid and
# uas_port (from its first line, "uas: listening on 127.0.0.1:PORT").
start_uas() {
    name=$1
    shift
    "$uas" --listen 127.0.0.1:0 --max-seconds 110 "$@" > "$tmp/$name.out" 2> "$tmp/$name.err" &
    uas_pid=$!
    pids="$pids $uas_pid"
    uas_port=""
    i=0
    while [ $i -lt 50 ]; do
        uas_port=$(sed -n 's/^uas: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$tmp/$name.out" 2>/dev/null)
        [ -n "$uas_port" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "interop: the UAS did not start:"
    cat "$tmp/$name.out" "$tmp/$name.err"
    return 1
}

# stop_uas PID NAME: SIGTERM, wait (in this shell: not in $(...), whose
# subshell cannot wait for it), and put its summary line in $summary, after
# the word STDERR when it wrote to stderr (a sanitizer report under
# make SANITIZE=1 test lands there)
stop_uas() {
    kill -TERM "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    summary=$(tail -n 1 "$tmp/$2.out")
    if [ -s "$tmp/$2.err" ]; then
        echo "interop: UAS $2 wrote to stderr:" >&2
        head -n 30 "$tmp/$2.err" >&2
        summary="STDERR $summary"
    fi
}

# run_sipp NAME ARGS...: sipp against the UAS in $tmp, bounded; its status in
# sipp_rc, its statistics in $tmp/NAME.csv
run_sipp() {
    name=$1
    shift
    (cd "$tmp" && timeout 90 sipp "$@" -i 127.0.0.1 -p "$(free_port)" -nostdin \
        -timeout 60s -timeout_error -trace_stat -stf "$name.csv" -trace_err \
        -error_file "$name.err.log" > "$name.sipp.out" 2>&1)
    sipp_rc=$?
}

# stat_of FILE COLUMN: the last value of a sipp -trace_stat column
stat_of() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i }
        { last = $0 } END { if (c) { split(last, a, ";"); print a[c] } }' "$1" 2>/dev/null
}

# check_calls NAME WANT: sipp's exit status 0 and WANT successful, 0 failed
check_calls() {
    s=$(stat_of "$tmp/$1.csv" 'SuccessfulCall(C)')
    f=$(stat_of "$tmp/$1.csv" 'FailedCall(C)')
    o=$(stat_of "$tmp/$1.csv" 'OutgoingCall(C)')
    msg="$1: sipp status $sipp_rc, calls attempted ${o:-?} completed ${s:-?} failed ${f:-?}"
    if [ "$sipp_rc" = 0 ] && [ "${s:-x}" = "$2" ] && [ "${f:-x}" = 0 ]; then ok "$msg"; else
        no "$msg (want $2 completed, 0 failed)"
        tail -n 5 "$tmp/$1.err.log" 2>/dev/null
    fi
}

echo "interop: sipp $(sipp -v 2>&1 | sed -n 's/.*SIPp \(v[^ ,-]*\).*/\1/p' | head -n 1), UAS $uas"

# ---- UAS A: short ringing, no authentication ---------------------------------
start_uas a --ring-ms 50 || exit 1
a_pid=$uas_pid
a_port=$uas_port

run_sipp calls -sn uac "127.0.0.1:$a_port" -m 20 -r 10
check_calls calls 20

# TCP (the UAS listens on the same port): sipp on one connection, and the
# framing of a stream cut in pieces, pipelined, with a ping (tcp_stream.py)
if grep -q '^uas: transports UDP TCP$' "$tmp/a.out"; then
    run_sipp tcp -sn uac -t t1 "127.0.0.1:$a_port" -m 20 -r 10
    check_calls tcp 20
    if command -v python3 >/dev/null 2>&1; then
        if out=$(python3 "$scen/tcp_stream.py" "$a_port" 2>&1); then
            ok "TCP stream: $(echo "$out" | tr '\n' ';' | sed 's/;$//')"
        else
            no "TCP stream: $(echo "$out" | tr '\n' ';' | sed 's/;$//')"
        fi
    else
        echo "SKIP: TCP stream (python3 not installed)"
    fi
    want_calls=40
else
    no "the UAS has no TCP on its port ($(sed -n 2p "$tmp/a.out"))"
    want_calls=20
fi

run_sipp options -sf "$scen/options.xml" -s uas "127.0.0.1:$a_port" -m 1
if [ "$sipp_rc" = 0 ]; then ok "OPTIONS: 200 with Allow"; else no "OPTIONS: sipp status $sipp_rc"; fi

run_sipp register -sf "$scen/register.xml" "127.0.0.1:$a_port" -m 1
if [ "$sipp_rc" = 0 ]; then ok "REGISTER (no auth): 200 listing the Contact with expires"; else
    no "REGISTER (no auth): sipp status $sipp_rc"; tail -n 3 "$tmp/register.err.log" 2>/dev/null; fi

# 8. broken datagrams, then OPTIONS again
if command -v python3 >/dev/null 2>&1; then
    bad=$(python3 - "$a_port" <<'EOF'
import socket, sys
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(3.0)
me = s.getsockname()[1]
# unparsable: binary junk, a cut start line, a header without a colon
for junk in (b"\x00\xff\x13garbage\r\n\r\n", b"INVITE sip:x@y SIP/2.0\r\nVia",
             b"OPTIONS sip:x@y SIP/2.0\r\nVia SIP/2.0/UDP h\r\n\r\n", b"\r\n\r\n"):
    s.sendto(junk, ("127.0.0.1", port))
# parses, but has no Call-ID: 400 (RFC 3261 sec. 8.2.2 / sipr_validate)
req = ("OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\n"
       "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-broken-1;rport\r\n"
       "From: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:uas@127.0.0.1>\r\n"
       "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n" % me)
s.sendto(req.encode(), ("127.0.0.1", port))
try:
    data = s.recv(65535).decode("latin-1")
    print(data.split("\r\n", 1)[0])
except socket.timeout:
    print("no answer")
EOF
)
    case $bad in
    "SIP/2.0 400 "*) ok "broken datagrams: a request without Call-ID gets '$bad'" ;;
    *) no "broken datagrams: a request without Call-ID got '$bad', want 400" ;;
    esac
    # and 600 mutated requests of every method (tests/sipp/mutate.py, seeded)
    python3 "$scen/mutate.py" "$a_port" 600
    run_sipp options2 -sf "$scen/options.xml" -s uas "127.0.0.1:$a_port" -m 1
    if [ "$sipp_rc" = 0 ] && kill -0 "$a_pid" 2>/dev/null; then
        ok "broken datagrams: after them and 600 mutated requests the UAS still runs and answers OPTIONS"
    else
        no "broken datagrams: after them OPTIONS gives sipp status $sipp_rc"
    fi
else
    echo "SKIP: broken datagrams (python3 not installed)"
fi

# 9. the UAS's counters: every call completed by BYE, the junk counted as dropped
stop_uas "$a_pid" a
sum_a=$summary
echo "interop: UAS A: $sum_a"
case $sum_a in STDERR*) no "UAS A wrote to stderr (above)" ;; *) ok "UAS A exited cleanly, nothing on stderr" ;; esac
case $sum_a in
*"calls completed=$want_calls "*) ok "UAS A summary: calls completed=$want_calls" ;;
*) no "UAS A summary: want calls completed=$want_calls" ;;
esac
case $sum_a in
*"unparsable=0 "*|"") no "UAS A summary: the unparsable datagrams are not counted" ;;
*) ok "UAS A summary: unparsable datagrams counted as dropped" ;;
esac

# ---- UAS D: 10 % loss ------------------------------------------------------------
# sipp drops 10 % of the messages it sends and receives; retransmissions
# (sipp's, the UAS's transactions' and its 2xx) must recover every call. The
# UAS's own count is checked as completed + still open = 20, not completed =
# 20: when sipp's ACK and BYE are both dropped, sipp's built-in scenario takes
# the next retransmission of the INVITE's 200 as the answer to its BYE (its
# recv does not look at the CSeq method) and counts a call the UAS never saw
# end; that call is still open (waiting for its ACK) when the UAS stops. That
# needs both of sipp's sends dropped, so most calls must have completed (15).
start_uas d --ring-ms 50 || exit 1
d_pid=$uas_pid
run_sipp lost -sn uac "127.0.0.1:$uas_port" -m 20 -r 10 -lost 10
check_calls lost 20
# the loss must have happened for the check to mean anything: the sum of the
# "Lost" column of sipp's final message table
lost=$(awk '/Messages  Retrans/ { p = index($0, "Lost"); n = 0 }
    p && /(---->|<----)/ { n += substr($0, p - 4, 10) + 0 } END { print n + 0 }' "$tmp/lost.sipp.out")
if [ "${lost:-0}" -gt 0 ]; then ok "lost: sipp dropped $lost messages, and every call completed"; else
    no "lost: sipp reports no lost message"; fi
stop_uas "$d_pid" d
sum_d=$summary
echo "interop: UAS D: $sum_d"
done_d=$(echo "$sum_d" | sed -n 's/.*calls completed=\([0-9]*\) .*/\1/p')
open_d=$(echo "$sum_d" | sed -n 's/.* open=\([0-9]*\) .*/\1/p')
case $sum_d in
STDERR*) no "UAS D wrote to stderr (above)" ;;
*) if [ $(( ${done_d:-0} + ${open_d:-0} )) = 20 ] && [ "${done_d:-0}" -ge 15 ]; then
       ok "UAS D summary: calls completed=$done_d, open=$open_d (20 in all)"
   else
       no "UAS D summary: calls completed=${done_d:-?} open=${open_d:-?}, want 20 in all"
   fi ;;
esac

# ---- UAS B: long ringing (CANCEL arrives first), Digest for alice ----------------
start_uas b --ring-ms 20000 --auth alice:s3cret || exit 1
b_pid=$uas_pid
b_port=$uas_port

run_sipp cancel -sf "$scen/cancel.xml" -s uas "127.0.0.1:$b_port" -m 1
if [ "$sipp_rc" = 0 ]; then ok "CANCEL while ringing: 100/180, 200 (CANCEL), 487 (INVITE), ACK"; else
    no "CANCEL while ringing: sipp status $sipp_rc"; tail -n 3 "$tmp/cancel.err.log" 2>/dev/null; fi

run_sipp regauth -sf "$scen/register_auth.xml" "127.0.0.1:$b_port" -m 1 -au alice -ap s3cret
if [ "$sipp_rc" = 0 ]; then ok "REGISTER with Digest: 401, then 200 with the binding"; else
    no "REGISTER with Digest: sipp status $sipp_rc"; tail -n 3 "$tmp/regauth.err.log" 2>/dev/null; fi

run_sipp regwrong -sf "$scen/register_auth_wrong.xml" "127.0.0.1:$b_port" -m 1 -au alice -ap wrong
if [ "$sipp_rc" = 0 ]; then ok "REGISTER with a wrong password: 401, then 401 again"; else
    no "REGISTER with a wrong password: sipp status $sipp_rc"; tail -n 3 "$tmp/regwrong.err.log" 2>/dev/null; fi

stop_uas "$b_pid" b
sum_b=$summary
echo "interop: UAS B: $sum_b"
case $sum_b in STDERR*) no "UAS B wrote to stderr (above)" ;; *) ok "UAS B exited cleanly, nothing on stderr" ;; esac
case $sum_b in
*"cancelled=1 "*"registered=1 challenged=3"*) ok "UAS B summary: cancelled=1, registered=1, challenged=3 (one 401 for the good password, two for the wrong one)" ;;
*) no "UAS B summary: want cancelled=1 registered=1 challenged=3" ;;
esac

# ---- UAS C: the 2xx is retransmitted until the ACK comes ----------------------
start_uas c --ring-ms 0 || exit 1
c_pid=$uas_pid
run_sipp lateack -sf "$scen/late_ack.xml" -s uas "127.0.0.1:$uas_port" -m 1
stop_uas "$c_pid" c
sum_c=$summary
echo "interop: UAS C: $sum_c"
rtx=$(echo "$sum_c" | sed -n 's/.*2xx-retransmissions=\([0-9]*\).*/\1/p')
msg="late ACK (tests/sipp/late_ack.xml): sipp status $sipp_rc, 2xx retransmissions ${rtx:-?} in the 1.5 s without ACK"
case $sum_c in
STDERR*) no "$msg; the UAS wrote to stderr" ;;
*"calls completed=1 "*"ack-timeouts=0;"*)
    if [ "$sipp_rc" = 0 ] && [ "${rtx:-0}" -ge 1 ]; then ok "$msg"; else no "$msg"; fi ;;
*) no "$msg; want calls completed=1" ;;
esac

# ---- 7. our UAC against sipp's UAS ----------------------------------------------
sport=$(free_port 7)
(cd "$tmp" && exec timeout 60 sipp -sn uas -i 127.0.0.1 -p "$sport" -m 5 -nostdin \
    -trace_stat -stf sippuas.csv -trace_err -error_file sippuas.err.log > sippuas.out 2>&1) &
spid=$!
pids="$pids $spid"
sleep 0.5
uac_out=$(timeout 60 "$uac" --target "127.0.0.1:$sport" --calls 5 2>&1)
uac_rc=$?
wait "$spid"
srv_rc=$?
echo "interop: $uac_out"
s=$(stat_of "$tmp/sippuas.csv" 'SuccessfulCall(C)')
msg="our UAC vs sipp -sn uas: uac status $uac_rc, sipp status $srv_rc, sipp counts ${s:-?} successful"
case $uac_out in
*"calls=5 succeeded=5 failed=0"*)
    if [ "$uac_rc" = 0 ] && [ "$srv_rc" = 0 ] && [ "${s:-x}" = 5 ]; then ok "$msg"; else no "$msg"; fi ;;
*) no "$msg" ;;
esac

# ... and fails when the call fails: sipp answers 486 and checks that the ACK
# has the INVITE's branch (tests/sipp/uas_busy.xml); uac must exit 1
sport=$(free_port 8)
(cd "$tmp" && exec timeout 60 sipp -sf "$scen/uas_busy.xml" -i 127.0.0.1 -p "$sport" -m 1 -nostdin \
    -trace_err -error_file busy.err.log > busy.out 2>&1) &
spid=$!
pids="$pids $spid"
sleep 0.5
uac_out=$(timeout 60 "$uac" --target "127.0.0.1:$sport" --calls 1 2>&1)
uac_rc=$?
wait "$spid"
srv_rc=$?
msg="our UAC vs a busy UAS (486): uac status $uac_rc (want 1), sipp status $srv_rc (ACK checked)"
case $uac_out in
*"calls=1 succeeded=0 failed=1"*)
    if [ "$uac_rc" = 1 ] && [ "$srv_rc" = 0 ]; then ok "$msg"; else no "$msg"; fi ;;
*) no "$msg: $uac_out" ;;
esac

echo "interop: $pass passed, $fail failed"
[ "$fail" = 0 ]
