#!/bin/sh
# Regenerates fuzz/seeds/parse/: the RFC 3261 corpus messages (byte-exact
# copies) plus a few small hand-made messages that reach grammar corners
# (compact forms, IPv6 references, folding, Contact: *, URI user:password,
# params and ?headers, empty Reason-Phrase). Run from the repository root.
set -eu
out=fuzz/seeds/parse
mkdir -p "$out"
for f in tests/corpus/rfc3261/*.sip; do
    cp "$f" "$out/rfc3261-$(basename "$f")"
    cmp "$f" "$out/rfc3261-$(basename "$f")"
done

printf 'INVITE sip:bob@biloxi.com SIP/2.0\r\nv: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKc1\r\nMax-Forwards: 70\r\nt: <sip:bob@biloxi.com>\r\nf: <sip:alice@atlanta.com>;tag=1\r\ni: c1@atlanta.com\r\nCSeq: 1 INVITE\r\nm: <sip:alice@pc33.atlanta.com>\r\nl: 2\r\n\r\nhi' > "$out/compact.sip"

printf 'OPTIONS sip:bob@[2001:db8::1]:5070;transport=udp SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKv6;received=2001:db8::9;rport\r\nMax-Forwards: 70\r\nTo: <sip:bob@[2001:db8::1]>\r\nFrom: <sip:alice@[::1]>;tag=v6\r\nCall-ID: v6@[::1]\r\nCSeq: 1 OPTIONS\r\nContact: <sip:alice@[::ffff:192.0.2.1]:5062>\r\nContent-Length: 0\r\n\r\n' > "$out/ipv6.sip"

printf 'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP\r\n pc33.atlanta.com;branch=z9hG4bKf1\r\n\t;received=192.0.2.1, SIP / 2.0 / TCP b.example.com:5070\r\n ;branch=z9hG4bKf2\r\nTo: Bob\r\n <sip:bob@biloxi.com>;tag=9\r\nFrom: <sip:alice@atlanta.com>\r\n  ;tag=1\r\nCall-ID: fold@atlanta.com\r\nCSeq: 1\r\n INVITE\r\nSubject: first\r\n second\r\nContent-Length: 0\r\n\r\n' > "$out/folding.sip"

printf 'REGISTER sip:registrar.biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKs1\r\nMax-Forwards: 70\r\nTo: <sip:bob@biloxi.com>\r\nFrom: <sip:bob@biloxi.com>;tag=4\r\nCall-ID: star@biloxi.com\r\nCSeq: 2 REGISTER\r\nContact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n' > "$out/contact-star.sip"

printf 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKl1;received=192.0.2.4\r\nTo: <sip:bob@biloxi.com>;tag=2\r\nFrom: <sip:bob@biloxi.com>;tag=4\r\nCall-ID: list@biloxi.com\r\nCSeq: 1 REGISTER\r\nContact: "Mr. Watson" <sip:watson@worcester.bell-telephone.com>;q=0.7;expires=3600, <mailto:watson@bell-telephone.com>;q=0.1\r\nm: sip:bob@192.0.2.4;expires=60;+sip.instance="<urn:uuid:1>"\r\nContent-Length: 0\r\n\r\n' > "$out/contact-list.sip"

printf 'MESSAGE sips:bob:secret@biloxi.com:5061;transport=tcp;lr SIP/2.0\r\nVia: SIP/2.0/TLS pc33.atlanta.com;branch=z9hG4bKu1;maddr=224.2.0.1;ttl=16;x=y\r\nMax-Forwards: 70\r\nTo: <sips:bob@biloxi.com>\r\nFrom: "A \\"q\\" B" <sips:alice@atlanta.com;maddr=239.255.255.1>;tag=u1;x-from=1\r\nCall-ID: u1@atlanta.com\r\nCSeq: 5 MESSAGE\r\nContact: <sip:alice:pw%%40x@pc33.atlanta.com;transport=udp?subject=project%%20x&priority=urgent>\r\nX-Unknown:  raw value \r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi' > "$out/uri-full.sip"

printf 'SIP/2.0 499 \r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKn1\r\nTo: <sip:b@example.com>;tag=1\r\nFrom: <sip:a@example.com>;tag=2\r\nCall-ID: n1\r\nCSeq: 2147483647 NEWMETHOD\r\nContent-Length: 0\r\n\r\n' > "$out/noreason.sip"

# the RFC 4475 torture tests (valid and invalid alike: the invalid ones
# reach the error paths)
for f in tests/corpus/rfc4475/*.dat; do
    cp "$f" "$out/rfc4475-$(basename "$f" .dat).sip"
done

# the list-valued and other structured headers
printf 'INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKl2\r\nMax-Forwards: 70\r\nTo: <sip:bob@biloxi.com>\r\nFrom: <sip:alice@atlanta.com>;tag=1\r\nCall-ID: lists@atlanta.com\r\nCSeq: 1 INVITE\r\nRequire: 100rel, timer\r\nProxy-Require: foo\r\nk: path,outbound\r\nSupported:\r\nUnsupported: bar\r\nAllow: INVITE, ACK ,CANCEL\r\nu: presence, dialog.winfo\r\ne: gzip\r\nAccept: application/sdp;level=1, application/*;q=0.5, */*\r\nAccept:\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\nExpires: 3600\r\nMin-Expires: 60\r\nc: multipart/mixed ; boundary="b1"\r\nContent-Length: 0\r\n\r\n' > "$out/lists.sip"

# every leniency switch at once (fuzz_parse turns them on for some inputs):
# extra start-line blanks, bare LFs, a fold before a colon, no empty line
printf 'OPTIONS  sip:b@example.com  SIP/2.0 \nVia\r\n : SIP/2.0/UDP h.example.com;branch=z9hG4bKlen\r\nTo: <sip:b@example.com>\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: len@example.com\nCSeq: 1 OPTIONS\r\n' > "$out/lenient.sip"

ls "$out" | wc -l

# fuzz/seeds/roundtrip/ (fuzz/fuzz_roundtrip.c): a request and a response of
# each kind of the RFC 3261 flow, compact and lenient forms, and Route /
# Via lists for the proxy operations. (The other files there are inputs
# fuzz_roundtrip found, kept as they are.)
out=fuzz/seeds/roundtrip
mkdir -p "$out"
c=tests/corpus/rfc3261
cp "$c/24.2-F01-invite-alice-atlanta-com-proxy.sip" "$out/rfc3261-24.2-F01-invite.sip"
cp "$c/24.2-F05-invite-biloxi-com-proxy-bob.sip" "$out/rfc3261-24.2-F05-invite.sip"
cp "$c/24.2-F06-180-ringing-bob-biloxi-com-proxy.sip" "$out/rfc3261-24.2-F06-180.sip"
cp "$c/24.2-F13-bye-bob-alice.sip" "$out/rfc3261-24.2-F13-bye.sip"
cp "$c/24.1-F01-register-bob-registrar.sip" "$out/rfc3261-24.1-F01-register.sip"
cp fuzz/seeds/parse/lenient.sip fuzz/seeds/parse/compact.sip "$out/"
printf 'INVITE sip:p.example.com;lr SIP/2.0\r\nv: SIP/2.0/UDP a.example.com:5062 ;rport; branch=z9hG4bKabc;ttl=3;x;y="1" , SIP/2.0/UDP c.example.com\r\nMax-Forwards: 5\r\nRecord-Route: <sip:x.example.com;lr>\r\nRoute: <sip:proxy.example.com;lr>, "x, y" <sip:strict.example.com;maddr=x>;foo="a,b"\r\nRoute: <sip:b@b.example.com>\r\nTo: <sip:b@b.example.com>\r\nFrom: <sip:a@a.example.com>;tag=1\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n' > "$out/routes.sip"
ls "$out" | wc -l

# fuzz/seeds/frame/ (fuzz/fuzz_frame.c): byte 0 picks the limit (top bit set:
# (byte & 0x7f) * 2 bytes, else the default), byte 1 seeds the cut points,
# the rest is a TCP stream.
out=fuzz/seeds/frame
mkdir -p "$out"
c=tests/corpus/rfc3261
{ printf '\000\007\r\n\r\n'; cat "$c/24.2-F01-invite-alice-atlanta-com-proxy.sip" \
  "$c/24.2-F02-100-trying-atlanta-com-proxy-alice.sip"; printf '\r\n'; \
  cat "$c/24.2-F12-ack-alice-bob.sip"; } > "$out/pipelined.bin"
{ printf '\000\003'; cat tests/corpus/rfc4475/wsinv.dat tests/corpus/rfc4475/dblreq.dat; } > "$out/rfc4475.bin"
printf '\000\011OPTIONS sip:a@b SIP/2.0\r\nl\t:\r\n 4 \r\n\t\r\nSubject: x\r\n Content-Length: 9\r\ncontent-length: 004\r\n\r\nabcdSIP/2.0 200 OK\r\nL:0\r\n\r\n' > "$out/compact-folded.bin"
printf '\240\001\r\nA\r\nl: 2\r\n\r\nxyA\r\nContent-Length: 0\r\n\r\n' > "$out/tiny-limit.bin"
printf '\000\002A\r\nContent-Length: 4\r\nl: 5\r\n\r\nabcd' > "$out/conflict.bin"
printf '\000\004\r\n\r\nA\r\nVia: x\r\n\r\n' > "$out/no-content-length.bin"
printf '\000\005\r\n\r\n\r\n\r\n\r' > "$out/keepalives.bin"
ls "$out" | wc -l

# fuzz/seeds/digest/ (fuzz/fuzz_digest.c): byte 0 picks options (bit 0: cut
# the last byte of the sub-span, bit 1: also build a challenge from slices),
# byte 1 seeds the pseudo-random choices, the rest is a header value: the RFC
# 2617 §3.5 and RFC 7616 §3.9 examples and the forms the scanner knows.
out=fuzz/seeds/digest
mkdir -p "$out"
printf '\002\001Digest\r\n realm="testrealm@host.com",\r\n qop="auth,auth-int",\r\n nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",\r\n opaque="5ccc069c403ebaf9f0171e9517f40e41"' > "$out/rfc2617-challenge.bin"
printf '\000\002Digest username="Mufasa",\r\n realm="testrealm@host.com",\r\n nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",\r\n uri="/dir/index.html",\r\n qop=auth,\r\n nc=00000001,\r\n cnonce="0a4f113b",\r\n response="6629fae49393a05397450978507c4ef1",\r\n opaque="5ccc069c403ebaf9f0171e9517f40e41"' > "$out/rfc2617-credentials.bin"
printf '\002\003Digest\r\n realm="http-auth@example.org",\r\n qop="auth, auth-int",\r\n algorithm=SHA-256,\r\n nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"' > "$out/rfc7616-sha256-challenge.bin"
printf '\000\004Digest username="Mufasa",\r\n realm="http-auth@example.org",\r\n uri="/dir/index.html",\r\n algorithm=SHA-256,\r\n nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",\r\n nc=00000001,\r\n cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",\r\n qop=auth,\r\n response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",\r\n opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"' > "$out/rfc7616-sha256-credentials.bin"
printf '\002\005Digest\r\n realm="api@example.org",\r\n qop="auth",\r\n algorithm=SHA-512-256,\r\n nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK",\r\n opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS",\r\n charset=UTF-8,\r\n userhash=true' > "$out/rfc7616-sha512-256-userhash.bin"
printf '\003\006dIgEsT  REALM = r ,\tNonce="n" , Algorithm="sha-256-SESS" , stale=TRUE, domain="sip:a sip:b", qop="auth-int, x", x-ext="y"' > "$out/forms.bin"
printf '\001\007Digest realm="a\\"b\\\\c", nonce="n\\x", algorithm=MD5-sess, qop="auth"' > "$out/escapes.bin"
printf '\000\010Digest username="alice", realm="atlanta.example.com",\r\n nonce="wf84f1ceczx41ae6cbe5aea9c8e88d359", opaque="",\r\n uri="sip:bob@biloxi.example.com", algorithm=SHA-256-sess, qop=auth-int,\r\n nc=00000001, cnonce="f84f1cec41e6cbe5aea9c8e8",\r\n response="f38f4fa70bafda4dfd2bc2d1576ca072e330c2d889d76fcf8f91e1b5cb43f517"' > "$out/sess-auth-int-credentials.bin"
printf '\002\011Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"' > "$out/rfc2069-challenge.bin"
printf '\000\012Basic realm="x"' > "$out/basic.bin"
# found by libFuzzer: a -sess algorithm without qop (no cnonce to hash)
printf '\001\007Digest realm="a\\"b\\\\c", nonce="n\\x", algorithm=MD5-sess,0qop="u`th"' > "$out/sess-without-qop.bin"
ls "$out" | wc -l

# fuzz/seeds/uri/ (fuzz/fuzz_uri.c): one URI per file, no line end. The
# SIP-URI examples of RFC 3261 §19.1.3 and §19.1.4; Request-URIs of RFC 4475
# (cut from tests/corpus/rfc4475/: esc01, intmeth, semiuri, escruri, unkscm,
# novelsc) and the escaped NUL of escnull; the IPv6 references of RFC 5118
# §4.1 to §4.4; tel: (RFC 3966 §6) and mailto: (RFC 3261 §20.10); urn:
# (RFC 5031 §3); made-up ones for the other corners (tel pars, absoluteURI
# net_paths), a few of them invalid (fuzz/fuzz_uri.c names the sections).
out=fuzz/seeds/uri
mkdir -p "$out"
ruri() { sed -n '1s/^[^ ]* \([^ ]*\) .*/\1/p' "tests/corpus/rfc4475/$1.dat" | tr -d '\n'; }
for t in esc01 intmeth semiuri escruri unkscm novelsc; do
    ruri "$t" > "$out/rfc4475-$t.uri"
done
printf 'sip:null-%%00-null@example.com' > "$out/rfc4475-escnull.uri"
printf 'sip:alice:secretword@atlanta.com;transport=tcp' > "$out/rfc3261-password.uri"
printf 'sips:alice@atlanta.com?subject=project%%20x&priority=urgent' > "$out/rfc3261-headers.uri"
printf 'sip:+1-212-555-1212:1234@gateway.com;user=phone' > "$out/rfc3261-user-phone.uri"
printf 'sip:alice@192.0.2.4' > "$out/rfc3261-ipv4.uri"
printf 'sip:atlanta.com;method=REGISTER?to=alice%%40atlanta.com' > "$out/rfc3261-method.uri"
printf 'sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%%40biloxi.com' > "$out/rfc3261-equal.uri"
printf 'SIP:ALICE@AtLanTa.CoM;Transport=udp' > "$out/rfc3261-case.uri"
printf 'sip:[2001:db8::10]' > "$out/rfc5118-ipv6.uri"
printf 'sip:[2001:db8::10:5070]' > "$out/rfc5118-port-ambiguous.uri"
printf 'sip:[2001:db8::10]:5070' > "$out/rfc5118-port.uri"
printf 'sip:2001:db8::10' > "$out/rfc5118-unbracketed.uri"
printf 'tel:+1-201-555-0123' > "$out/tel.uri"
printf 'tel:863-1234;phone-context=+1-914-555' > "$out/rfc3966-local.uri"
printf 'TEL:*70#;EXT=12;isub=%%41;phone-context=example.com;x-y=1' > "$out/tel-pars.uri"
printf 'tel:7042;ext=1' > "$out/tel-no-context.uri"
printf 'http://u@www.example.com:8080/a/b;p?x=y' > "$out/http.uri"
printf 'x-reg://a@b@c/p?q' > "$out/reg-authority.uri"
printf 'urn:service:sos' > "$out/urn.uri"
printf 'mailto:watson@bell-telephone.com' > "$out/mailto.uri"
printf 'sips:bob:p%%40ss@[::ffff:192.0.2.128]:5061;transport=tls;lr;maddr=[2001:db8::9:1];ttl=15' > "$out/ipv4-mapped.uri"
printf 'sip:p1.example.com:05060;lr;x=[a]&$?h=&i=v?&j=%%5B' > "$out/params-headers.uri"
printf 'sip:h:65536' > "$out/bad-port.uri"
printf 'sip:a%%4g@h;p=' > "$out/bad-escape.uri"
printf 'tel:' > "$out/bad-opaque.uri"
# bare IP literals, for the inet_pton oracle (fuzz_uri.c, literals()): RFC
# 5118 §4.10's pair (what RFC 3261's rule got wrong, both ways; RFC 5954 §4.1), and
# octets out of range
printf '2001:db8::192.0.2.1' > "$out/rfc5954-v4-tail.lit"
printf '2001:db8:::192.0.2.1' > "$out/rfc5954-colons.lit"
printf '1:2:3:4:5:6:7::' > "$out/v6-seven-and-gap.lit"
printf '192.0.2.255' > "$out/v4.lit"
printf '192.0.2.256' > "$out/v4-range.lit"
ls "$out" | wc -l

# fuzz/seeds/validate/ (fuzz/fuzz_validate.c): 9 profile-selector bytes, then
# the message. Byte 0: bit 0 a profile of the masks (else NULL, the default),
# bit 1 a proxy; byte 1 schemes (bit 0 sip, 1 sips, 2 tel, 3 mailto, 4 SIP,
# 5 Tel, 6 im, 7 soap.beep); bytes 2-3 option tags (bit 0 100rel, 1 timer,
# 2 replaces, 3 path, ..., 12 nothingSupportsThis, 13 noProxiesSupportThis,
# 14 foo); byte 4 types (bit 0 application/sdp, 1 text/plain, 2
# multipart/mixed, 3 message/sipfrag, 4 application/*, 5 APPLICATION/SDP, 6
# */*, 7 application/pidf+xml); bytes 5-8 what the superset profile adds.
# One message per verdict code: RFC 4475 torture tests and RFC 3261
# examples (tests/corpus/), and made-up ones.
out=fuzz/seeds/validate
mkdir -p "$out"
c=tests/corpus
null='\000\000\000\000\000\377\377\377\377'
seed() { # NAME SELECTOR FILE: the selector, then FILE
    { printf "$2"; cat "$3"; } > "$out/$1.bin"
}
seedp() { # NAME SELECTOR MESSAGE (printf format)
    { printf "$2"; printf "$3"; } > "$out/$1.bin"
}
seed ok-invite "$null" "$c/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip"
seed ok-register-upper-sip '\001\020\000\000\000\000\000\000\000' "$c/rfc3261/24.1-F01-register-bob-registrar.sip"
seed invite-text-plain-only '\001\001\000\000\002\000\000\000\040' "$c/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip"
seed ok-response-proxy '\003\000\000\000\000\001\001\000\001' "$c/rfc3261/24.2-F06-180-ringing-bob-biloxi-com-proxy.sip"
seed rfc4475-insuf "$null" "$c/rfc4475/insuf.dat"
seed rfc4475-mismatch01 '\003\001\000\000\000\000\000\000\000' "$c/rfc4475/mismatch01.dat"
seed rfc4475-clerr "$null" "$c/rfc4475/clerr.dat"
seed rfc4475-badvers '\003\377\377\377\377\000\000\000\000' "$c/rfc4475/badvers.dat"
seed rfc4475-multi01 '\001\001\000\000\001\000\000\000\000' "$c/rfc4475/multi01.dat"
seed rfc4475-unkscm "$null" "$c/rfc4475/unkscm.dat"
seed rfc4475-novelsc '\001\200\000\000\000\001\000\000\000' "$c/rfc4475/novelsc.dat"
seed rfc4475-bext01 "$null" "$c/rfc4475/bext01.dat"
seed rfc4475-bext01-proxy '\003\001\000\020\000\000\000\040\000' "$c/rfc4475/bext01.dat"
seed rfc4475-zeromf-proxy '\003\001\000\000\000\000\000\000\000' "$c/rfc4475/zeromf.dat"
seed rfc4475-invut "$null" "$c/rfc4475/invut.dat"
seed rfc4475-sdp01 "$null" "$c/rfc4475/sdp01.dat"
seed rfc4475-badbranch "$null" "$c/rfc4475/badbranch.dat"
seed rfc4475-inv2543 "$null" "$c/rfc4475/inv2543.dat"
seed rfc4475-unksm2 "$null" "$c/rfc4475/unksm2.dat"
seed rfc4475-unksm2-proxy '\003\001\000\000\000\000\000\000\000' "$c/rfc4475/unksm2.dat"
seedp missing-via "$null" 'OPTIONS sip:b@example.com SIP/2.0\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: nv@example.com\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n'
seedp tel-ruri '\001\003\000\000\001\004\000\000\000' 'INVITE tel:+1-201-555-0123 SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKtel1\r\nMax-Forwards: 70\r\nTo: <tel:+1-201-555-0123>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: tel@example.com\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n'
seedp proxy-require '\003\001\001\000\000\000\010\000\000' 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKpr1\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: pr@example.com\r\nCSeq: 1 OPTIONS\r\nRequire: timer\r\nProxy-Require: 100rel, path\r\nContent-Length: 0\r\n\r\n'
seedp require-upper '\001\001\002\000\000\000\000\000\000' 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKru1\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: ru@example.com\r\nCSeq: 1 OPTIONS\r\nRequire: TIMER, Replaces\r\nContent-Length: 0\r\n\r\n'
seedp ack-require "$null" 'ACK sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKack1\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>;tag=2\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: ack@example.com\r\nCSeq: 1 ACK\r\nRequire: foo\r\nContent-Length: 0\r\n\r\n'
seedp no-content-type "$null" 'MESSAGE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKct1\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: ct@example.com\r\nCSeq: 1 MESSAGE\r\nContent-Length: 5\r\n\r\nhello'
seedp accept-ranges '\001\001\000\000\010\000\000\000\002' 'INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKac1\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: ac@example.com\r\nCSeq: 1 INVITE\r\nAccept: text/*;q=0.5, APPLICATION/Sdp\r\nAccept: */sdp\r\nContent-Length: 0\r\n\r\n'
seedp duplicate-content-type "$null" 'MESSAGE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bKdc1\r\nMax-Forwards: 70\r\nTo: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\nCall-ID: dc@example.com\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nc: application/sdp\r\nContent-Length: 2\r\n\r\nhi'
seedp not-parsed "$null" 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: x\r\n\r\n'
ls "$out" | wc -l

# fuzz/seeds/multipart/ (fuzz/fuzz_multipart.c): byte 0 picks the cap and
# max_depth (\000: 64 parts, depth 8; \021: 2 parts, depth 1), then come the
# Content-Type value, a NUL and the body. RFC 4475 mpart01's (§3.1.1.11),
# cut from tests/corpus/rfc4475/; an RFC 5621-style nested body (SDP and a
# multipart/alternative part); and made-up ones for the corners of RFC 2046
# §5.1.1 (quoted boundary of bchars with spaces, preamble, padding,
# epilogue, parts without headers or body, an empty part, lines that start
# like a delimiter but are not one, a close delimiter cut short at the end,
# two Content-Type lines, a header name that only looks like Content-Type,
# a control byte in a header, boundaries of token characters that are not
# bchars or with a quoted-pair, folded Content-Types), some of them invalid.
# Byte 0 with its top bit set makes the rest a generator recipe: three
# recipes that give 12 parts 3 deep, 7 and 5 parts 2 deep.
out=fuzz/seeds/multipart
mkdir -p "$out"
mp() { # NAME SELECTOR CONTENT-TYPE BODY (printf formats, no NUL)
    { printf "$2"; printf -- "$3"; printf '\000'; printf -- "$4"; } > "$out/$1.bin"
}
f=tests/corpus/rfc4475/mpart01.dat
ct=$(sed -n '/^Content-Type:/{s/^Content-Type: *\(.*\)\r$/\1/p;q;}' "$f") # the message's, not a part's
n=$(sed -n '/^Content-Length:/{s/^Content-Length: *\([0-9]*\)\r$/\1/p;q;}' "$f")
{ printf '\000%s\000' "$ct"; tail -c "$n" "$f"; } > "$out/rfc4475-mpart01.bin"
sdp='v=0\r\no=alice 2890844526 2890844526 IN IP4 atlanta.example.com\r\ns=-\r\nc=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\n'
mp rfc5621-nested '\000' 'multipart/mixed;boundary=unique-boundary-1' \
"--unique-boundary-1\r\nContent-Type: application/sdp\r\nContent-Disposition: session\r\n\r\n$sdp\r\n--unique-boundary-1\r\nContent-Type: multipart/alternative; boundary=\"inner boundary\"\r\nContent-Disposition: render;handling=optional\r\n\r\npreamble\r\n--inner boundary\r\nContent-Type: text/plain\r\n\r\nhello\r\n--inner boundary\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n--inner boundary--\r\n\r\n--unique-boundary-1\r\nContent-Type: application/resource-lists+xml\r\nContent-Disposition: recipient-list\r\n\r\n<resource-lists/>\r\n--unique-boundary-1--\r\n"
mp nested-depth1 '\021' 'multipart/mixed;boundary=a' \
'--a\r\nContent-Type: multipart/mixed;boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n--a--'
mp quoted-boundary '\000' 'Multipart/Related ; type="application/sdp" ;boundary="(a) b,c/d:e=f?g+h_i\047j.k-" ;start="<x@y>"' \
'preamble, ignored\r\n--(a) b,c/d:e=f?g+h_i\047j.k- \t\r\nContent-Type:application/sdp \r\n\r\nv=0\r\n--(a) b,c/d:e=f?g+h_i\047j.k-\r\nContent-ID: <x@y>\r\n\r\n\r\n--(a) b,c/d:e=f?g+h_i\047j.k---\t \r\nepilogue\r\n--(a) b,c/d:e=f?g+h_i\047j.k-\r\n'
mp no-headers '\000' 'multipart/mixed;boundary=b' \
'--b\r\n\r\nbody without headers\r\n--b\r\nX-Only: headers\r\n --folded\r\n--b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\r\n--b--'
mp lookalikes '\000' 'multipart/mixed; boundary=b' \
'--bx\r\n--b\r\n\r\n--bx\r\n--b-\r\n--b --\r\n- --b\r\n--b--x\r\n--b\r\n\r\ntwo\r\n--b--'
mp boundary-71 '\000' 'multipart/mixed;boundary=01234567890123456789012345678901234567890123456789012345678901234567890' \
'--01234567890123456789012345678901234567890123456789012345678901234567890\r\n\r\nx\r\n--01234567890123456789012345678901234567890123456789012345678901234567890--'
mp boundary-trailing-space '\000' 'multipart/mixed;boundary="b "' '--b \r\n\r\nx\r\n--b --'
mp no-close '\000' 'multipart/mixed;boundary=b' '--b\r\n\r\nx\r\n--b\r\n\r\ny'
mp close-cut '\000' 'multipart/mixed;boundary=b' '--b\r\n\r\nx\r\n--b-'
mp folded-type '\000' 'multipart/mixed;\r\n boundary=b;\r\n\tx=y' '--b\r\nContent-Type:\r\n text/plain\r\n\r\nx\r\n--b--'
mp boundary-quoted-pair '\000' 'multipart/mixed;boundary="a\\\\b"' '--a\\\\b\r\n\r\nx\r\n--a\\\\b--'
mp boundary-not-bchar '\000' 'multipart/mixed;boundary=a!b' '--a!b\r\n\r\nx\r\n--a!b--'
mp control-in-header '\000' 'multipart/mixed;boundary=b' '--b\r\nX-A: a\001b\r\n\r\nx\r\n--b--'
mp type-lookalike '\000' 'multipart/mixed;boundary=b' '--b\r\nContent-Typex: text/plain\r\n\r\nx\r\n--B\r\n--b--'
mp two-content-types '\000' 'multipart/mixed;boundary=b' '--b\r\nContent-Type: text/plain\r\ncontent-type: application/sdp\r\n\r\nx\r\n--b--'
mp not-multipart '\000' 'text/plain;boundary=b' '--b\r\n\r\nx\r\n--b--'
mp bad-part-type '\000' 'multipart/mixed;boundary=b' '--b\r\nContent-Type: text\r\n\r\nx\r\n--b--'
mp bad-header-line '\000' 'multipart/mixed;boundary=b' '--b\r\nno colon here\r\n\r\nx\r\n--b--'
printf '\224\001\063\003\001\002\003\002\023\063\023\001\277\063\003\001\002\002\001\063\003\001\264\352\003\003\003\063\023\002\001\001\003\001\001\002\063\063\003\001\001' > "$out/gen-12-parts-depth-3.bin"
printf '\225\001\001\001\310\063\070\152\002\146\003\001\001\003\063\001\023\023\316\001\003' > "$out/gen-7-parts-depth-2.bin"
printf '\237\215\164\337\167\335\145\100\033\316\337\346' > "$out/gen-5-parts-depth-2.bin"
ls "$out" | wc -l
