#!/usr/bin/env python3
"""tests/interop.sh: send PORT mutated SIP requests (tests/sipp/mutate.py PORT [COUNT]).

Requests of every method the example UAS handles, each with 1 to 4 random
edits (a byte changed, the rest cut, a piece repeated, a CR / LF / ";" / ","
/ NUL put in, a piece removed), from a fixed seed so that every run sends the
same datagrams. The UAS must survive them all; interop.sh checks that it
answers OPTIONS afterwards and wrote nothing to stderr.
"""
import random
import socket
import sys
import time

port = int(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 600
rnd = random.Random(3261)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
me = s.getsockname()[1]

AUTH = ('Authorization: Digest username="alice", realm="siprove", nonce="00", '
        'uri="sip:127.0.0.1", response="0123", qop=auth, nc=00000001, cnonce="x"\r\n')
base = []
for method, extra, body in (
        ("INVITE", "Contact: <sip:m@127.0.0.1>\r\nContent-Type: application/sdp\r\n", "v=0\r\n"),
        ("CANCEL", "", ""), ("BYE", "", ""), ("ACK", "", ""),
        ("OPTIONS", "Accept: application/sdp\r\n", ""),
        ("REGISTER", "Contact: <sip:alice@127.0.0.1:9>;expires=60\r\n" + AUTH, "")):
    base.append(("%s sip:alice@127.0.0.1 SIP/2.0\r\n"
                 "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-m%s;rport\r\n"
                 "From: <sip:m@127.0.0.1>;tag=f1\r\nTo: <sip:alice@127.0.0.1>\r\n"
                 "Call-ID: mut-%s\r\nCSeq: 1 %s\r\nMax-Forwards: 70\r\n%s"
                 "Content-Length: %d\r\n\r\n%s"
                 % (method, me, method, method, method, extra, len(body), body)).encode())

for i in range(count):
    b = bytearray(rnd.choice(base))
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.randrange(5)
        p = rnd.randrange(len(b)) if b else 0
        if kind == 0 and b:
            b[p] = rnd.randrange(256)
        elif kind == 1:
            del b[p:]
        elif kind == 2:
            b[p:p] = b[p:p + rnd.randint(1, 40)] * rnd.randint(1, 30)
        elif kind == 3:
            b[p:p] = rnd.choice((b"\r\n", b"\n", b"\r", b"\r\n ", b";", b",", b"\x00"))
        else:
            del b[p:p + rnd.randint(1, 20)]
    if b:
        s.sendto(bytes(b), ("127.0.0.1", port))
    if i % 50 == 49:
        time.sleep(0.02)  # let the UAS keep up (no loss in its socket buffer)
