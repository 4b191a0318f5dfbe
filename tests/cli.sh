#!/bin/sh
# The `siprove check` contract: one line, exit 0 valid / 1 invalid /
# 2 semantic-invalid / 64 usage / 66 unreadable; `-` reads standard input.
set -u
bin=${1:-build/siprove}
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # name, expected exit, expected output pattern (grep -E), command...
    name=$1; want=$2; pat=$3; shift 3
    out=$("$@" 2>/dev/null); got=$?
    lines=$(printf '%s\n' "$out" | wc -l)
    if [ "$got" = "$want" ] && printf '%s\n' "$out" | grep -Eq "$pat" && { [ "$want" = 64 ] || [ "$want" = 66 ] || [ "$lines" = 1 ]; }; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL $name: exit $got (want $want), output: $out"
    fi
}

for f in tests/corpus/rfc3261/*.sip; do
    expect "valid $(basename "$f")" 0 '^valid$' "$bin" check "$f"
done
expect "stdin" 0 '^valid$' sh -c "\"$bin\" check - < tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip"

# a Via without sent-by: the Via value ends (byte 35 + 16 = 51) where sent-by should start
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP\r\nMax-Forwards: 70\r\n\r\n' > "$tmp/badvia.sip"
expect "invalid via" 1 '^invalid: malformed Via header at byte 51$' "$bin" check "$tmp/badvia.sip"
# truncated: no empty line; the input is 35 + 18 = 53 bytes
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h' > "$tmp/trunc.sip"
expect "truncated" 1 '^invalid: message ends before the end of the headers at byte 53$' "$bin" check "$tmp/trunc.sip"
# bad start line
printf 'OPTIONS  sip:b@example.com SIP/2.0\r\n\r\n' > "$tmp/start.sip"
expect "start line" 1 '^invalid: .* at byte 8$' "$bin" check "$tmp/start.sip"
# semantic: CSeq method differs from the request method
sed 's/^CSeq: 314159 INVITE/CSeq: 314159 BYE/' tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip > "$tmp/cseq.sip"
expect "cseq mismatch" 2 '^semantic-invalid: 400 CSeq method does not match the request method$' "$bin" check "$tmp/cseq.sip"
# semantic: no Max-Forwards on a request
grep -v '^Max-Forwards' tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip > "$tmp/nomf.sip"
expect "no max-forwards" 2 '^semantic-invalid: 400 missing Max-Forwards header$' "$bin" check "$tmp/nomf.sip"
# usage errors and unreadable files
expect "usage: no args" 64 '' "$bin"
expect "usage: unknown command" 64 '' "$bin" frobnicate
expect "usage: check without file" 64 '' "$bin" check
expect "unreadable" 66 '' "$bin" check "$tmp/does-not-exist.sip"
# parse --json gives JSON
if "$bin" parse --json tests/corpus/rfc3261/24.2-F05-invite-biloxi-com-proxy-bob.sip | python3 -m json.tool > /dev/null 2>&1; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json is not JSON"; fi

# state-machine diagrams (issue 4): the DOT of each machine, which dot accepts
for n in ict nict ist nist dialog; do
    if "$bin" fsm "$n" --dot > "$tmp/$n.dot" && grep -q '^digraph' "$tmp/$n.dot" && tail -n +2 "docs/fsm/$n.dot" | cmp -s "$tmp/$n.dot" -; then
        pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL fsm $n --dot differs from docs/fsm/$n.dot (after its header line)"; fi
done
expect "fsm: unknown machine" 64 '' "$bin" fsm nosuch --dot
# --version prints the version of src/siprove.h
ver=$(sed -n 's/^#define SIPR_VERSION_STRING "\(.*\)"$/\1/p' src/siprove.h)
expect "--version" 0 "^siprove $(printf '%s' "$ver" | sed 's/\./\\./g')\$" "$bin" --version

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
