#!/bin/sh
# The `siprove check` contract: one line, exit 0 valid / 1 invalid /
# 2 semantic-invalid / 64 usage / 66 unreadable; `-` reads standard input.
# Also parse --json, fsm --dot, digest and --version.
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
# (a malformed message, RFC 4475 §3.1.2.16: exit 1, the offset names the CSeq method)
expect "cseq mismatch" 1 '^invalid: 400 CSeq method does not match the request method at byte [0-9]+$' "$bin" check "$tmp/cseq.sip"
# semantic: a required extension the default UAS profile lacks
sed 's/^Max-Forwards: 70/Max-Forwards: 70\r\nRequire: foo/' tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip > "$tmp/req.sip"
expect "require" 2 '^semantic-invalid: 420 required extension not supported at byte [0-9]+$' "$bin" check "$tmp/req.sip"
# no Max-Forwards on a request: accepted (RFC 4475 §3.4.1)
grep -v '^Max-Forwards' tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip > "$tmp/nomf.sip"
expect "no max-forwards" 0 '^valid$' "$bin" check "$tmp/nomf.sip"

# every message of the corpus gets its manifest's verdict: valid 0, invalid 1,
# semantic-invalid 2 (all 50 RFC 4475 and 12 RFC 5118 torture tests among them)
tab=$(printf '\t')
while IFS="$tab" read -r path verdict _rest; do
    case $verdict in
    valid) want=0 ;; invalid) want=1 ;; semantic-invalid) want=2 ;; *) continue ;;
    esac
    "$bin" check "tests/corpus/$path" > /dev/null 2>&1; got=$?
    if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL manifest $path: exit $got (want $want, $verdict)"; fi
done < tests/corpus/MANIFEST.tsv
# usage errors and unreadable files
expect "usage: no args" 64 '' "$bin"
expect "usage: unknown command" 64 '' "$bin" frobnicate
expect "usage: check without file" 64 '' "$bin" check
expect "unreadable" 66 '' "$bin" check "$tmp/does-not-exist.sip"
# parse --json gives JSON
if "$bin" parse --json tests/corpus/rfc3261/24.2-F05-invite-biloxi-com-proxy-bob.sip | python3 -m json.tool > /dev/null 2>&1; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json is not JSON"; fi

# name-addr headers (grammar/addrs.rl): parse --json gives a Route line its
# addrs, in order; an addr-spec in Route is refused at its first byte (35 + 7)
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nRoute: <sip:p1.example.com;lr>, "P2" <sip:p2.example.com;lr>\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\n\r\n' > "$tmp/route.sip"
if "$bin" parse --json "$tmp/route.sip" | python3 -c 'import json, sys
h = [x for x in json.load(sys.stdin)["headers"] if x["kind"] == "Route"]
sys.exit(0 if len(h) == 1 and [(a["display"], a["uri"]["host"]) for a in h[0]["addrs"]] == [(None, "p1.example.com"), ("\"P2\"", "p2.example.com")] else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: Route addrs"; fi
sed 's/^Route: <sip:p1.example.com;lr>,/Route: sip:p1.example.com,/' "$tmp/route.sip" > "$tmp/route-bad.sip"
expect "route addr-spec" 1 '^invalid: malformed address header .* at byte 42$' "$bin" check "$tmp/route-bad.sip"

# tel URIs (RFC 3966) and absoluteURIs (RFC 2396): parse --json gives a tel
# URI's number as user and its pars as params, an http URI's host, port,
# path and query; a local number without phone-context is refused where the
# URI ends (8 + 7 = 15)
printf 'INVITE tel:863-1234;ext=1;phone-context=+1-914-555 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <TEL:+1-201-555-0123>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 INVITE\r\nContact: <http://www.example.com:8080/a/b?x=y>\r\n\r\n' > "$tmp/tel.sip"
if "$bin" parse --json "$tmp/tel.sip" | python3 -c 'import json, sys
j = json.load(sys.stdin)
r, t, c = j["request_uri"], j["to"]["uri"], j["contact"][0]["uri"]
ok = (r["scheme"], r["user"], r["host"], r["host_kind"], r["port"], r["path"], r["query"], r["opaque"]) == ("tel", "863-1234", None, None, None, None, None, "863-1234;ext=1;phone-context=+1-914-555")
ok = ok and r["params"] == [{"name": "ext", "value": "1"}, {"name": "phone-context", "value": "+1-914-555"}]
ok = ok and (t["scheme"], t["user"], t["params"]) == ("TEL", "+1-201-555-0123", [])
ok = ok and (c["scheme"], c["user"], c["host"], c["host_kind"], c["port"], c["path"], c["query"], c["opaque"]) == ("http", None, "www.example.com", "name", 8080, "/a/b", "x=y", "//www.example.com:8080/a/b?x=y")
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: tel and absoluteURI fields"; fi
expect "tel valid" 0 '^valid$' "$bin" check "$tmp/tel.sip"
sed 's/^INVITE tel:863-1234;ext=1;phone-context=+1-914-555 /INVITE tel:7042 /' "$tmp/tel.sip" > "$tmp/tel-local.sip"
expect "tel local number without context" 1 '^invalid: malformed Request-URI at byte 15$' "$bin" check "$tmp/tel-local.sip"

# entries with parameters (grammar/tparams.rl): parse --json gives them as a
# line's items, with params; Privacy's values split at ';' without white
# space, so "id; user" is refused at the SP (byte 160 + 23 + 12 = 195)
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\nx: 1800;refresher=uac\r\nPrivacy: id;user\r\nAccept-Language:\r\n\r\n' > "$tmp/tparams.sip"
if "$bin" parse --json "$tmp/tparams.sip" | python3 -c 'import json, sys
h = {x["name"]: x for x in json.load(sys.stdin)["headers"]}
se, pr, al = h["x"], h["Privacy"], h["Accept-Language"]
ok = (se["kind"] == "Session-Expires" and se["items"] == [{"value": "1800", "params": [{"name": "refresher", "value": "uac"}]}]
      and pr["kind"] == "Privacy" and [i["value"] for i in pr["items"]] == ["id", "user"]
      and al["kind"] == "Accept-Language" and al["items"] == [])
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: Session-Expires, Privacy, Accept-Language items"; fi
sed 's/^Privacy: id;user/Privacy: id; user/' "$tmp/tparams.sip" > "$tmp/tparams-bad.sip"
expect "privacy space" 1 '^invalid: malformed Accept-Encoding, .* at byte 195$' "$bin" check "$tmp/tparams-bad.sip"
if "$bin" parse --json "$tmp/tparams-bad.sip" | python3 -c 'import json, sys
e = json.load(sys.stdin)["error"]
sys.exit(0 if e["code"] == "SIPR_E_ITEM" and e["offset"] == 195 else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: SIPR_E_ITEM error"; fi
# a second Session-Expires line: a single-valued header twice (semantic, 400)
sed 's/^Privacy: id;user/Session-Expires: 90/' "$tmp/tparams.sip" > "$tmp/tparams-dup.sip"
expect "session-expires twice" 2 '^semantic-invalid: 400 .* at byte 183$' "$bin" check "$tmp/tparams-dup.sip"

# texts (Subject, Organization): one item each, the text as written, "" when
# empty; a UTF-8 lead byte without its continuation byte is refused at the
# byte that should have been one (byte 160 + 7 = 167)
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\ns: Caf\303\251 au lait\r\nOrganization:\r\n\r\n' > "$tmp/texts.sip"
if "$bin" parse --json "$tmp/texts.sip" | python3 -c 'import json, sys
h = {x["name"]: x for x in json.load(sys.stdin)["headers"]}
s, o = h["s"], h["Organization"]
ok = (s["kind"] == "Subject" and s["items"] == [{"value": "Caf\u00e9 au lait", "params": []}]
      and o["kind"] == "Organization" and o["items"] == [{"value": "", "params": []}])
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: Subject, Organization items"; fi
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\ns: Caf\303 au lait\r\n\r\n' > "$tmp/texts-bad.sip"
expect "subject utf-8" 1 '^invalid: malformed Accept-Encoding, .* at byte 167$' "$bin" check "$tmp/texts-bad.sip"

# Retry-After: delta-seconds, its "comment" and params; a comment five levels
# deep is refused at the '(' of the fifth (byte 163 + 25 = 188) with its own code
printf 'SIP/2.0 503 Service Unavailable\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 INVITE\r\nRetry-After: 120 (I'"'"'m in a meeting);duration=60\r\n\r\n' > "$tmp/retry.sip"
if "$bin" parse --json "$tmp/retry.sip" | python3 -c 'import json, sys
h = [x for x in json.load(sys.stdin)["headers"] if x["kind"] == "Retry-After"]
sys.exit(0 if len(h) == 1 and h[0]["items"] == [{"value": "120", "comment": "(I'"'"'m in a meeting)", "params": [{"name": "duration", "value": "60"}]}] else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: Retry-After items"; fi
printf 'SIP/2.0 503 Service Unavailable\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 INVITE\r\nRetry-After: 120 (a(b(c(d(e)))))\r\n\r\n' > "$tmp/retry-deep.sip"
expect "retry-after comment depth" 1 '^invalid: comment nested more than 4 deep .* at byte 188$' "$bin" check "$tmp/retry-deep.sip"
if "$bin" parse --json "$tmp/retry-deep.sip" | python3 -c 'import json, sys
e = json.load(sys.stdin)["error"]
sys.exit(0 if e["code"] == "SIPR_E_COMMENT_DEPTH" and e["offset"] == 188 else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: SIPR_E_COMMENT_DEPTH error"; fi

# RAck and Timestamp: the parts of their one item; a RAck without its method
# is refused where the value ends (byte 162 + 14 = 176)
printf 'PRACK sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 2 PRACK\r\nRAck: 776656 1 INVITE\r\nTimestamp: 54.3 0.2\r\n\r\n' > "$tmp/rack.sip"
if "$bin" parse --json "$tmp/rack.sip" | python3 -c 'import json, sys
h = {x["name"]: x for x in json.load(sys.stdin)["headers"]}
ok = (h["RAck"]["items"] == [{"value": "776656", "cseq": "1", "method": "INVITE", "params": []}]
      and h["Timestamp"]["items"] == [{"value": "54.3", "delay": "0.2", "params": []}])
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: RAck and Timestamp items"; fi
printf 'PRACK sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 2 PRACK\r\nRAck: 776656 1\r\n\r\n' > "$tmp/rack-bad.sip"
expect "rack without method" 1 '^invalid: malformed Accept-Encoding, .* at byte 176$' "$bin" check "$tmp/rack-bad.sip"

# Warning: an item a warning-value (code, "agent", "text"); a pseudonym is no
# host, so a port after it is refused at the ':' (byte 163 + 22 = 185)
printf 'SIP/2.0 488 Not Acceptable Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 INVITE\r\nWarning: 307 isi.edu "Session parameter '"'"'foo'"'"' not understood", 399 192.0.2.1:5060 "x"\r\n\r\n' > "$tmp/warning.sip"
if "$bin" parse --json "$tmp/warning.sip" | python3 -c 'import json, sys
h = [x for x in json.load(sys.stdin)["headers"] if x["kind"] == "Warning"]
ok = len(h) == 1 and h[0]["items"] == [
    {"value": "307", "agent": "isi.edu", "text": "\"Session parameter '"'"'foo'"'"' not understood\"", "params": []},
    {"value": "399", "agent": "192.0.2.1:5060", "text": "\"x\"", "params": []}]
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: Warning items"; fi
printf 'SIP/2.0 488 Not Acceptable Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 INVITE\r\nWarning: 399 sip_proxy:5060 "x"\r\n\r\n' > "$tmp/warning-bad.sip"
expect "warning pseudonym port" 1 '^invalid: malformed Accept-Encoding, .* at byte 185$' "$bin" check "$tmp/warning-bad.sip"

# User-Agent: RFC 4475 mpart01's, an item a server-val (product and "version",
# or a comment)
if "$bin" parse --json tests/corpus/rfc4475/mpart01.dat | python3 -c 'import json, sys
h = [x for x in json.load(sys.stdin)["headers"] if x["kind"] == "User-Agent"]
ok = len(h) == 1 and h[0]["items"] == [{"value": "SIPimp.org", "version": "0.2.5", "params": []},
                                       {"value": "(curses)", "version": None, "params": []}]
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: User-Agent items"; fi

# the authentication headers: RFC 3665 F2's challenge (the scheme as value,
# the auth-params as written); an Authentication-Info with an ainfo RFC 3261
# does not have is refused at its first byte (byte 148 + 21 = 169)
if "$bin" parse --json tests/corpus/rfc3665/2.1-F2-401-unauthorized.sip | python3 -c 'import json, sys
h = [x for x in json.load(sys.stdin)["headers"] if x["kind"] == "WWW-Authenticate"]
ok = len(h) == 1 and len(h[0]["items"]) == 1 and h[0]["items"][0]["value"] == "Digest" and [
    (p["name"], p["value"]) for p in h[0]["items"][0]["params"]] == [
    ("realm", "\"atlanta.example.com\""), ("qop", "\"auth\""),
    ("nonce", "\"ea9c8e88df84f1cec4341ae6cbe5a359\""), ("opaque", "\"\""), ("stale", "FALSE"),
    ("algorithm", "MD5")]
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json: WWW-Authenticate items"; fi
printf 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 2 REGISTER\r\nAuthentication-Info: username="bob"\r\n\r\n' > "$tmp/ainfo-bad.sip"
expect "authentication-info unknown ainfo" 1 '^invalid: malformed Accept-Encoding, .* at byte 169$' "$bin" check "$tmp/ainfo-bad.sip"

# leniency switches (README.md, Leniency switches): each name, off and on.
# bare LF: the LF of the start line is byte 33
printf 'OPTIONS sip:b@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\n\r\n' > "$tmp/lf.sip"
expect "bare-lf off" 1 '^invalid: line not ended by CRLF at byte 33$' "$bin" check "$tmp/lf.sip"
expect "bare-lf on" 0 '^valid$' "$bin" check --lenient=bare-lf "$tmp/lf.sip"
# no empty line: the input is 160 bytes
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\n' > "$tmp/nofinal.sip"
expect "no-final-crlf off" 1 '^invalid: message ends before the end of the headers at byte 160$' "$bin" check "$tmp/nofinal.sip"
expect "no-final-crlf on" 0 '^valid$' "$bin" check --lenient=no-final-crlf "$tmp/nofinal.sip"
# two SP after the method: the second is byte 8
printf 'OPTIONS  sip:b@example.com SIP/2.0 \r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\n\r\n' > "$tmp/spaces.sip"
expect "start-line-spaces off" 1 '^invalid: malformed start line at byte 8$' "$bin" check "$tmp/spaces.sip"
expect "start-line-spaces on" 0 '^valid$' "$bin" check --lenient=start-line-spaces "$tmp/spaces.sip"
# a fold before the colon: the CR is byte 38
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia\r\n : SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\n\r\n' > "$tmp/fold.sip"
expect "ws-before-colon off" 1 '^invalid: malformed header name or missing colon at byte 38$' "$bin" check "$tmp/fold.sip"
expect "ws-before-colon on" 0 '^valid$' "$bin" check --lenient=ws-before-colon "$tmp/fold.sip"
# a list, repeated options, all; the other switches do not help
expect "lenient: the other switches" 1 '^invalid: malformed header name or missing colon at byte 38$' "$bin" check --lenient=bare-lf,no-final-crlf,start-line-spaces "$tmp/fold.sip"
expect "lenient: list" 0 '^valid$' "$bin" check --lenient=bare-lf,ws-before-colon "$tmp/fold.sip"
expect "lenient: repeated" 0 '^valid$' "$bin" check --lenient=bare-lf --lenient=start-line-spaces "$tmp/spaces.sip"
expect "lenient: all" 0 '^valid$' "$bin" check --lenient=all "$tmp/nofinal.sip"
expect "lenient: stdin" 0 '^valid$' sh -c "\"$bin\" check --lenient=all - < \"$tmp/lf.sip\""
# usage errors: an unknown or empty name, --lenient without a list, demo
expect "lenient: unknown name" 64 '' "$bin" check --lenient=bare-lf,nosuch "$tmp/lf.sip"
expect "lenient: empty list" 64 '' "$bin" check --lenient= "$tmp/lf.sip"
expect "lenient: trailing comma" 64 '' "$bin" parse --json --lenient=all, "$tmp/lf.sip"
expect "lenient: no list" 64 '' "$bin" check --lenient "$tmp/lf.sip"
expect "lenient: not for demo" 64 '' "$bin" demo --lenient=all tests/corpus/rfc3261
# parse --json names the switches used, in bit order, and the first offset
if "$bin" parse --json --lenient=all "$tmp/spaces.sip" | python3 -c '
import json, sys
j = json.load(sys.stdin)
sys.exit(0 if j["lenient_used"] == ["start-line-spaces"] and j["lenient_offset"] == 8 else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json lenient_used (start-line-spaces)"; fi
printf 'OPTIONS sip:b@example.com SIP/2.0\nSubject\r\n : x\r\nCall-ID: 1@h\r\n' > "$tmp/two.sip"
if "$bin" parse --json --lenient=all "$tmp/two.sip" | python3 -c '
import json, sys
j = json.load(sys.stdin)
sys.exit(0 if j["lenient_used"] == ["bare-lf", "no-final-crlf", "ws-before-colon"] and j["lenient_offset"] == 33 and j["body"] == {"offset": 63, "length": 0} else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json lenient_used (three switches)"; fi
if "$bin" parse --json tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip | python3 -c '
import json, sys
j = json.load(sys.stdin)
sys.exit(0 if j["lenient_used"] == [] and j["lenient_offset"] is None else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json lenient_used (strict message)"; fi
"$bin" parse --json "$tmp/lf.sip" > "$tmp/lf.json"; got=$?
if [ "$got" = 1 ] && python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if j["error"]["code"] == "SIPR_E_LINE_END" and j["error"]["offset"] == 33 else 1)' "$tmp/lf.json"; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json with the switch off"; fi

# multipart bodies (sipr_multipart; docs/json.md, body.parts): RFC 4475 mpart01
# has two parts, text/plain ("Hello") and application/octet-stream
if "$bin" parse --json tests/corpus/rfc4475/mpart01.dat | python3 -c '
import json, sys
j = json.load(sys.stdin); b = j["body"]; p = b.get("parts")
data = open("tests/corpus/rfc4475/mpart01.dat", "rb").read()
def text(e): return data[e["offset"]:e["offset"] + e["length"]]
ok = (p is not None and "parts_error" not in b and len(p) == 2
      and [x["content_type"] for x in p] == ["text/plain", "application/octet-stream"]
      and [(x["depth"], x["parent"], x["boundary"]) for x in p] == [(1, None, None)] * 2
      and p[0]["headers"] == "Content-Type: text/plain\r\nContent-Transfer-Encoding: binary"
      and text(p[0]["body"]) == b"Hello"
      and all(b["offset"] <= x["body"]["offset"] and x["body"]["offset"] + x["body"]["length"] <= b["offset"] + b["length"] for x in p))
sys.exit(0 if ok else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json body.parts (mpart01)"; fi
# a multipart/mixed holding SDP and a multipart/alternative: four parts, the
# nested ones after their parent, with its boundary, parent and depth
mpmsg() { # body file, Content-Type value, message file
    { printf 'MESSAGE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: 1@h\r\nCSeq: 1 MESSAGE\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n' "$2" "$(wc -c < "$1")"
      cat "$1"; } > "$3"
}
printf -- '--outer\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--outer\r\nContent-Type: multipart/alternative; boundary="in ner"\r\n\r\n--in ner\r\nContent-Type: text/plain\r\n\r\nhi\r\n--in ner\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--in ner--\r\n--outer--\r\n' > "$tmp/nested.body"
mpmsg "$tmp/nested.body" 'multipart/mixed;boundary=outer' "$tmp/nested.sip"
if "$bin" parse --json "$tmp/nested.sip" | python3 -c '
import json, sys
p = json.load(sys.stdin)["body"].get("parts") or []
want = [("application/sdp", None, None, 1), ("multipart/alternative; boundary=\"in ner\"", "in ner", None, 1),
        ("text/plain", None, 1, 2), ("text/html", None, 1, 2)]
sys.exit(0 if [(x["content_type"], x["boundary"], x["parent"], x["depth"]) for x in p] == want else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json body.parts (nested multipart)"; fi
# no close delimiter: the message parses (exit 0), its body does not split
printf -- '--xyz\r\nContent-Type: text/plain\r\n\r\nhello\r\n' > "$tmp/noclose.body"
mpmsg "$tmp/noclose.body" 'Multipart/Mixed;boundary=xyz' "$tmp/noclose.sip"
"$bin" parse --json "$tmp/noclose.sip" > "$tmp/noclose.json"; got=$?
if [ "$got" = 0 ] && python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))["body"]; e = b.get("parts_error") or {}
sys.exit(0 if "parts" not in b and e.get("code") == "SIPR_E_MULTIPART" and e.get("reason", "").startswith("malformed multipart body")
          and b["offset"] <= e.get("offset", -1) <= b["offset"] + b["length"] else 1)' "$tmp/noclose.json"; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json body.parts_error (no close delimiter)"; fi
# a body that is not multipart has neither key
if "$bin" parse --json tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip | python3 -c '
import json, sys
b = json.load(sys.stdin)["body"]
sys.exit(0 if b["length"] > 0 and sorted(b) == ["length", "offset"] else 1)'; then
    pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL parse --json body of application/sdp has parts"; fi

# state-machine diagrams (issue 4): the DOT of each machine, which dot accepts
for n in ict nict ist nist dialog; do
    if "$bin" fsm "$n" --dot > "$tmp/$n.dot" && grep -q '^digraph' "$tmp/$n.dot" && tail -n +2 "docs/fsm/$n.dot" | cmp -s "$tmp/$n.dot" -; then
        pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL fsm $n --dot differs from docs/fsm/$n.dot (after its header line)"; fi
done
expect "fsm: unknown machine" 64 '' "$bin" fsm nosuch --dot
# digest: the Authorization value answering a challenge (RFC 2617 §3.5: its
# response 6629fae4...; RFC 7616 §3.9.1 SHA-256: 753927fa...)
c2617='WWW-Authenticate: Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
expect "digest rfc2617" 0 '^Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", qop=auth, nc=00000001, opaque="5ccc069c403ebaf9f0171e9517f40e41"$' \
    "$bin" digest --user Mufasa --password "Circle Of Life" --method GET --uri /dir/index.html --cnonce 0a4f113b "$c2617"
printf 'Circle of Life\n' > "$tmp/pw"
expect "digest rfc7616 sha-256, --password-file" 0 'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", algorithm=SHA-256,' \
    "$bin" digest --user Mufasa --password-file "$tmp/pw" --method GET --uri /dir/index.html --nc 1 \
    --cnonce f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ \
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'
# auth-int over a body file, nc 2 (md5sum of the RFC 7616 §3.4 formulas: 3bbaa6ed...)
printf 'v=0' > "$tmp/body"
expect "digest auth-int --body" 0 'response="3bbaa6edfe3f672a99a7e0efadf75139", algorithm=MD5, cnonce="0a4f113b", qop=auth-int, nc=00000002' \
    "$bin" digest --user Mufasa --password "Circle Of Life" --method GET --uri /dir/index.html --cnonce 0a4f113b \
    --nc 2 --qop auth-int --body "$tmp/body" "$c2617"
# a random cnonce: 32 hex digits
expect "digest random cnonce" 0 'cnonce="[0-9a-f]{32}"' \
    "$bin" digest --user u --password p --method REGISTER --uri sip:example.com "$c2617"
expect "digest: not Digest" 1 '' "$bin" digest --user u --password p --method GET --uri / 'Basic realm="x"'
expect "digest: malformed" 1 '' "$bin" digest --user u --password p --method GET --uri / 'Digest realm="x'
expect "digest: unknown algorithm" 1 '' "$bin" digest --user u --password p --method GET --uri / 'Digest realm="x", nonce="n", algorithm=SHA-1'
expect "digest: no password" 64 '' "$bin" digest --user u --method GET --uri / "$c2617"
expect "digest: two passwords" 64 '' "$bin" digest --user u --password p --password-file "$tmp/pw" --method GET --uri / "$c2617"
expect "digest: bad qop" 64 '' "$bin" digest --user u --password p --method GET --uri / --qop auth-conf "$c2617"
expect "digest: bad nc" 64 '' "$bin" digest --user u --password p --method GET --uri / --nc 0x1 "$c2617"
expect "digest: missing value" 64 '' "$bin" digest --user u --password p --method GET --uri
expect "digest: no body" 66 '' "$bin" digest --user u --password p --method GET --uri / --body "$tmp/nosuch" "$c2617"
expect "help digest" 0 '^usage: siprove digest' sh -c "\"$bin\" help digest | head -n 1"
# forward: a stateless proxy's hop (docs/cli.md)
c=tests/corpus/rfc3261
F01=$c/24.2-F01-invite-alice-atlanta-com-proxy.sip
ok() { # name, command...: exit 0 expected
    name=$1; shift
    if "$@" > /dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
}
"$bin" forward "$F01" > "$tmp/fwd1.sip" 2>/dev/null; got=$?
"$bin" forward - < "$F01" > "$tmp/fwd2.sip" 2>/dev/null
ok "forward: exit 0" test "$got" = 0
ok "forward: a new top Via with the derived branch" sh -c "sed -n 2p '$tmp/fwd1.sip' | grep -Eq '^Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK[0-9a-f]{16}.\$'"
ok "forward: the old Via second" sh -c "sed -n 3p '$tmp/fwd1.sip' | grep -q '^Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8'"
ok "forward: Max-Forwards one less" grep -q '^Max-Forwards: 69' "$tmp/fwd1.sip"
ok "forward: the output is valid" sh -c "\"$bin\" check '$tmp/fwd1.sip' | grep -qx valid"
ok "forward: the same twice (stdin)" cmp "$tmp/fwd1.sip" "$tmp/fwd2.sip"
ok "forward: only the Via and Max-Forwards lines change" sh -c "diff '$F01' '$tmp/fwd1.sip' | grep -c '^[<>]' | grep -qx 3"
"$bin" forward --via [::1]:5070 --record-route --from 192.0.2.1:5062 "$F01" > "$tmp/fwd3.sip" 2>/dev/null
ok "forward --via IPv6" grep -q '^Via: SIP/2.0/UDP \[::1\]:5070;branch=z9hG4bK' "$tmp/fwd3.sip"
ok "forward --record-route" grep -q '^Record-Route: <sip:\[::1\]:5070;lr>' "$tmp/fwd3.sip"
ok "forward --from" grep -q '^Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1' "$tmp/fwd3.sip"
sed 's/^Max-Forwards: 70/Max-Forwards: 0/' "$F01" > "$tmp/mf0.sip"
expect "forward: Max-Forwards 0" 1 '^not forwarded: 483 Too Many Hops$' "$bin" forward "$tmp/mf0.sip"
sed 's|^INVITE sip:bob@biloxi.com|INVITE mailto:bob@biloxi.com|' "$F01" > "$tmp/mailto.sip"
expect "forward: a scheme the proxy does not route" 1 '^not forwarded: 416 Unsupported URI Scheme$' "$bin" forward "$tmp/mailto.sip"
expect "forward: not a message" 1 '^not forwarded: 400 Bad Request$' "$bin" forward "$tmp/badvia.sip"
sed 's/^Max-Forwards: 70/Max-Forwards: 70\r\nRoute: sip:nobrackets.example.com/' "$F01" > "$tmp/route.sip"
expect "forward: a malformed Route" 1 '^not forwarded: 400 Bad Request$' "$bin" forward "$tmp/route.sip"
# responses: each hop of RFC 3261 24.2 gives the next message, byte for byte
for hop in "F06 F07 server10.biloxi.com" "F07 F08 bigbox3.site3.atlanta.com" \
           "F09 F10 server10.biloxi.com:5060" "F10 F11 bigbox3.site3.atlanta.com"; do
    set -- $hop
    ok "forward response $1 -> $2" sh -c "\"$bin\" forward --via $3 $c/24.2-$1-*.sip | cmp -s - $c/24.2-$2-*.sip"
done
expect "forward: a response for another proxy" 1 "^not forwarded: the top Via is not this proxy's\$" "$bin" forward "$c/24.2-F06-180-ringing-bob-biloxi-com-proxy.sip"
expect "forward: the last Via" 1 '^not forwarded: no Via left, the response is for this proxy$' "$bin" forward --via pc33.atlanta.com "$c/24.2-F08-180-ringing-atlanta-com-proxy-alice.sip"
expect "forward: usage, no FILE" 64 '' "$bin" forward
expect "forward: usage, bad HOST:PORT" 64 '' "$bin" forward --via host:99999 "$F01"
expect "forward: usage, IPv6 without brackets" 64 '' "$bin" forward --via ::1 "$F01"
expect "forward: usage, a host with a space" 64 '' "$bin" forward --via "a b" "$F01"
expect "forward: usage, --via without a value" 64 '' "$bin" forward "$F01" --via
expect "forward: usage, unknown option" 64 '' "$bin" forward --record "$F01"
expect "forward: unreadable" 66 '' "$bin" forward "$tmp/does-not-exist.sip"
ok "forward --help" sh -c "\"$bin\" forward --help | grep -q '^usage: siprove forward'"
ok "help forward" sh -c "\"$bin\" help forward | grep -q '^usage: siprove forward'"
ok "demo: the proxy hop" sh -c "\"$bin\" demo | grep -q '^forwarded by a stateless proxy at 127.0.0.1:5060'"

# --version prints the version of src/siprove.h
ver=$(sed -n 's/^#define SIPR_VERSION_STRING "\(.*\)"$/\1/p' src/siprove.h)
expect "--version" 0 "^siprove $(printf '%s' "$ver" | sed 's/\./\\./g')\$" "$bin" --version

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
