#!/usr/bin/env python3
"""tests/interop.sh: the example UAS's TCP framing (tests/sipp/tcp_stream.py PORT).

On one connection: a keep-alive ping (CRLF CRLF, RFC 5626 §4.4.1) and three
OPTIONS requests written back to back (pipelined) in pieces cut at fixed odd
places, one of them with a body; the UAS must answer the ping with a pong
(CRLF) and each request with a 200 carrying its CSeq, in order. Then a
request with a malformed Content-Length: the UAS must close the connection
(the stream cannot be framed). Prints one line per finding and exits 0 only
when all hold.
"""
import socket
import sys

port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=5)
me = s.getsockname()[1]


def options(n, body=""):
    return ("OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\n"
            "Via: SIP/2.0/TCP 127.0.0.1:%d;branch=z9hG4bK-tcp-%d\r\n"
            "From: <sip:t@127.0.0.1>;tag=tcp%d\r\nTo: <sip:uas@127.0.0.1>\r\n"
            "Call-ID: tcp-stream-%d\r\nCSeq: %d OPTIONS\r\nMax-Forwards: 70\r\n"
            "%sContent-Length: %d\r\n\r\n%s"
            % (me, n, n, n, n, "Content-Type: application/sdp\r\n" if body else "",
               len(body), body)).encode()


stream = b"\r\n\r\n" + options(1) + options(2, "v=0\r\n") + options(3)
cuts = [0, 3, 17, 90, 91, 250, 400, 401, 600, len(stream)]
for a, b in zip(cuts, cuts[1:]):
    if a < b:
        s.sendall(stream[a:b])

got = b""
ok = True
while got.count(b"SIP/2.0 ") < 3:
    try:
        d = s.recv(65536)
    except socket.timeout:
        break
    if not d:
        break
    got += d
if not got.startswith(b"\r\n"):
    print("no pong for the ping")
    ok = False
else:
    got = got[2:]
cseqs = [l.split(b":", 1)[1].strip() for l in got.split(b"\r\n") if l.lower().startswith(b"cseq:")]
codes = [l for l in got.split(b"\r\n") if l.startswith(b"SIP/2.0 ")]
if cseqs != [b"1 OPTIONS", b"2 OPTIONS", b"3 OPTIONS"] or any(not c.startswith(b"SIP/2.0 200 ") for c in codes):
    print("pipelined OPTIONS: got %r %r" % (codes, cseqs))
    ok = False
else:
    print("pong, then three pipelined OPTIONS answered 200 in order")

s.sendall(b"OPTIONS sip:uas@127.0.0.1 SIP/2.0\r\nContent-Length: x1\r\n\r\n")
try:
    closed = s.recv(65536) == b""
except ConnectionResetError:
    closed = True
except socket.timeout:
    closed = False
if closed:
    print("malformed Content-Length: connection closed")
else:
    print("malformed Content-Length: connection not closed")
    ok = False
sys.exit(0 if ok else 1)
