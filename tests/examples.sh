#!/bin/sh
# examples/answer.c, the API path of a server on one request (parse, validate,
# transaction key and table, machine, response): its output is checked with
# the CLI's own parser. Usage: sh tests/examples.sh BUILD/examples BUILD/siprove
set -u
EX=${1:-build/examples}
CLI=${2:-build/siprove}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/siprove-ex.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# an INVITE of RFC 3261 §24.2: a 200 with the Via, From, Call-ID and CSeq copied
# and our tag on To, which the parser takes as valid
in=tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip
if "$EX/answer" "$in" > "$tmp/r" 2> "$tmp/e"; then ok; else bad "answer $in: exit $?"; fi
head -n 1 "$tmp/r" | grep -q '^SIP/2.0 200 OK' && ok || bad "no 200 status line"
grep -q '^Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8' "$tmp/r" && ok || bad "Via not copied"
grep -q '^To: Bob <sip:bob@biloxi.com>;tag=4fa3b2' "$tmp/r" && ok || bad "To without our tag"
grep -q '^CSeq: 314159 INVITE' "$tmp/r" && ok || bad "CSeq not copied"
out=$("$CLI" check "$tmp/r")
[ "$out" = valid ] && ok || bad "the response is not valid: $out"

# a request the UAS cannot take: the verdict's response (420 Bad Extension)
printf 'OPTIONS sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK77\r\nMax-Forwards: 70\r\nTo: <sip:bob@biloxi.com>\r\nFrom: <sip:alice@atlanta.com>;tag=9\r\nCall-ID: c1\r\nCSeq: 7 OPTIONS\r\nRequire: no-such-extension\r\nContent-Length: 0\r\n\r\n' > "$tmp/req"
"$EX/answer" < "$tmp/req" > "$tmp/r2" && ok || bad "answer (stdin): exit $?"
head -n 1 "$tmp/r2" | grep -q '^SIP/2.0 420 ' && ok || bad "no 420: $(head -n 1 "$tmp/r2")"
grep -q '^CSeq: 7 OPTIONS' "$tmp/r2" && ok || bad "CSeq not copied (420)"

# not SIP: exit 1, the reason and the offset on standard error, nothing written
printf 'HELLO\r\n\r\n' > "$tmp/junk"
"$EX/answer" "$tmp/junk" > "$tmp/r3" 2> "$tmp/e3"; rc=$?
[ "$rc" = 1 ] && ok || bad "junk: exit $rc, want 1"
grep -q 'at byte [0-9]' "$tmp/e3" && ok || bad "junk: no offset on stderr"
[ ! -s "$tmp/r3" ] && ok || bad "junk: something was written"

# usage 64, unreadable file 66
"$EX/answer" a b > /dev/null 2>&1; rc=$?
[ "$rc" = 64 ] && ok || bad "usage: exit $rc, want 64"
"$EX/answer" "$tmp/none" > /dev/null 2>&1; rc=$?
[ "$rc" = 66 ] && ok || bad "missing file: exit $rc, want 66"

echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
