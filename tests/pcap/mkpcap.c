/* Writes the synthetic captures of tests/pcap.sh into DIR: mkpcap DIR.
 *
 * Every file is built here from the formats (pcap: a 24-byte file header and
 * a 16-byte header per record; pcapng: SHB, IDB, EPB blocks), so the test
 * holds no binary blob. tests/pcap/expected.txt is what `siprove pcap` must
 * print for them; the comments below say why each line is there. Checksums
 * are left 0: siprove does not check them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1795300000u /* 2026-11-21: the capture's base time */

/* ---- Files ------------------------------------------------------------------------ */

static FILE *out;
static int big;     /* the file's byte order */
static int pcapng;
static const char *dir;

static void put8(unsigned v) { fputc((int)(v & 0xFF), out); }
static void put16(unsigned v)
{
    if (big) { put8(v >> 8); put8(v); } else { put8(v); put8(v >> 8); }
}
static void put32(uint32_t v)
{
    if (big) { put16(v >> 16); put16(v & 0xFFFF); } else { put16(v & 0xFFFF); put16(v >> 16); }
}

static void open_file(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    out = fopen(path, "wb");
    if (out == NULL) {
        perror(path);
        exit(1);
    }
}

static void close_file(void)
{
    if (fclose(out) != 0) {
        perror("mkpcap");
        exit(1);
    }
}

/* Classic pcap: magic, version 2.4, thiszone, sigfigs, snaplen, link type. */
static void pcap_begin(const char *name, unsigned linktype, int big_endian, int nano)
{
    open_file(name);
    big = big_endian;
    pcapng = 0;
    put32(nano ? 0xA1B23C4Du : 0xA1B2C3D4u);
    put16(2);
    put16(4);
    put32(0);
    put32(0);
    put32(262144);
    put32(linktype);
}

/* pcapng: a Section Header Block and one Interface Description Block. */
static void pcapng_begin(const char *name, unsigned linktype)
{
    open_file(name);
    big = 0;
    pcapng = 1;
    put32(0x0A0D0D0Au); put32(28); put32(0x1A2B3C4Du); put16(1); put16(0);
    put32(0xFFFFFFFFu); put32(0xFFFFFFFFu); put32(28);
    put32(1); put32(20); put16(linktype); put16(0); put32(262144); put32(20);
}

/* One record; frac is microseconds (nanoseconds in a nano file). */
static void record(uint32_t sec, uint32_t frac, const unsigned char *d, size_t caplen, size_t len)
{
    if (pcapng) { /* Enhanced Packet Block, microseconds since 1970 */
        uint64_t ts = (uint64_t)sec * 1000000u + frac;
        size_t pad = (4 - caplen % 4) % 4;
        uint32_t total = (uint32_t)(32 + caplen + pad);
        put32(6); put32(total); put32(0);
        put32((uint32_t)(ts >> 32)); put32((uint32_t)(ts & 0xFFFFFFFFu));
        put32((uint32_t)caplen); put32((uint32_t)len);
        fwrite(d, 1, caplen, out);
        while (pad--)
            put8(0);
        put32(total);
        return;
    }
    put32(sec);
    put32(frac);
    put32((uint32_t)caplen);
    put32((uint32_t)len);
    fwrite(d, 1, caplen, out);
}

/* ---- Packets ---------------------------------------------------------------------- */

enum { L_ETHER, L_VLAN, L_SLL, L_SLL2, L_RAW, L_NULL, L_NULL_BE6, L_LOOP };

typedef struct {
    int v6;
    unsigned char src[16], dst[16];
    unsigned sport, dport;
} flow;

static flow v4(const char *src, unsigned sport, const char *dst, unsigned dport)
{
    flow f;
    unsigned a, b, c, d;
    memset(&f, 0, sizeof f);
    sscanf(src, "%u.%u.%u.%u", &a, &b, &c, &d);
    f.src[0] = (unsigned char)a; f.src[1] = (unsigned char)b; f.src[2] = (unsigned char)c; f.src[3] = (unsigned char)d;
    sscanf(dst, "%u.%u.%u.%u", &a, &b, &c, &d);
    f.dst[0] = (unsigned char)a; f.dst[1] = (unsigned char)b; f.dst[2] = (unsigned char)c; f.dst[3] = (unsigned char)d;
    f.sport = sport;
    f.dport = dport;
    return f;
}

/* 2001:db8::LOW */
static flow v6(unsigned src_low, unsigned sport, unsigned dst_low, unsigned dport)
{
    flow f;
    memset(&f, 0, sizeof f);
    f.v6 = 1;
    f.src[0] = 0x20; f.src[1] = 0x01; f.src[2] = 0x0d; f.src[3] = 0xb8; f.src[15] = (unsigned char)src_low;
    f.dst[0] = 0x20; f.dst[1] = 0x01; f.dst[2] = 0x0d; f.dst[3] = 0xb8; f.dst[15] = (unsigned char)dst_low;
    f.sport = sport;
    f.dport = dport;
    return f;
}

static flow reverse(flow f)
{
    flow r = f;
    memcpy(r.src, f.dst, 16);
    memcpy(r.dst, f.src, 16);
    r.sport = f.dport;
    r.dport = f.sport;
    return r;
}

static unsigned char pkt[70000];

static void be16(unsigned char *p, unsigned v) { p[0] = (unsigned char)(v >> 8); p[1] = (unsigned char)v; }
static void be32(unsigned char *p, uint32_t v) { be16(p, v >> 16); be16(p + 2, v & 0xFFFF); }

#define IP_MF 1     /* build_ip: an IPv4 first fragment with more to come */
#define IP_HBH 2    /* build_ip: an IPv6 hop-by-hop options header first */

/* IP header + l4 into p; returns the IP packet's length. */
static size_t build_ip(unsigned char *p, const flow *f, unsigned proto, const unsigned char *l4,
                       size_t n, int opts)
{
    if (!f->v6) {
        uint32_t sum = 0;
        int i;
        memset(p, 0, 20);
        p[0] = 0x45;
        be16(p + 2, (unsigned)(20 + n));
        be16(p + 4, 0x1234);
        be16(p + 6, (opts & IP_MF) ? 0x2000 : 0x4000); /* MF, or DF */
        p[8] = 64;
        p[9] = (unsigned char)proto;
        memcpy(p + 12, f->src, 4);
        memcpy(p + 16, f->dst, 4);
        for (i = 0; i < 20; i += 2)
            sum += ((uint32_t)p[i] << 8) | p[i + 1];
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        be16(p + 10, ~sum & 0xFFFF);
        memcpy(p + 20, l4, n);
        return 20 + n;
    } else {
        size_t ext = (opts & IP_HBH) ? 8 : 0;
        memset(p, 0, 40 + ext);
        p[0] = 0x60;
        be16(p + 4, (unsigned)(ext + n));
        p[6] = (unsigned char)(ext ? 0 : proto);
        p[7] = 64;
        memcpy(p + 8, f->src, 16);
        memcpy(p + 24, f->dst, 16);
        if (ext) {              /* next header, length 0 (8 bytes), PadN of 4 bytes */
            p[40] = (unsigned char)proto;
            p[41] = 0;
            p[42] = 1;
            p[43] = 4;
        }
        memcpy(p + 40 + ext, l4, n);
        return 40 + ext + n;
    }
}

/* Link header for an IP packet of version v at ip[0 .. n), into pkt. */
static size_t wrap(int link, int v6_, const unsigned char *ip, size_t n)
{
    static const unsigned char mac_a[6] = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x01};
    static const unsigned char mac_b[6] = {0x00, 0x00, 0x5e, 0x00, 0x53, 0x02};
    unsigned type = v6_ ? 0x86DD : 0x0800;
    size_t h = 0;

    switch (link) {
    case L_ETHER:
    case L_VLAN:
        memcpy(pkt, mac_b, 6);
        memcpy(pkt + 6, mac_a, 6);
        h = 12;
        if (link == L_VLAN) {
            be16(pkt + h, 0x8100);
            be16(pkt + h + 2, 42); /* VLAN 42 */
            h += 4;
        }
        be16(pkt + h, type);
        h += 2;
        break;
    case L_SLL:  /* to us, ARPHRD_ETHER, 6-byte address, protocol */
        memset(pkt, 0, 16);
        be16(pkt + 2, 1);
        be16(pkt + 4, 6);
        memcpy(pkt + 6, mac_a, 6);
        be16(pkt + 14, type);
        h = 16;
        break;
    case L_SLL2: /* protocol, reserved, ifindex, ARPHRD_ETHER, type, addr len, addr */
        memset(pkt, 0, 20);
        be16(pkt, type);
        be32(pkt + 4, 1);
        be16(pkt + 8, 1);
        pkt[11] = 6;
        memcpy(pkt + 12, mac_a, 6);
        h = 20;
        break;
    case L_NULL: /* AF_INET 2 / AF_INET6 30 (macOS), little-endian host */
        pkt[0] = v6_ ? 30 : 2;
        pkt[1] = pkt[2] = pkt[3] = 0;
        h = 4;
        break;
    case L_NULL_BE6: /* AF_INET6 of the BSDs (24), big-endian host */
        be32(pkt, 24);
        h = 4;
        break;
    case L_LOOP: /* network byte order */
        be32(pkt, v6_ ? 28 : 2);
        h = 4;
        break;
    case L_RAW:
    default:
        break;
    }
    memcpy(pkt + h, ip, n);
    return h + n;
}

static void udp(int link, uint32_t sec, uint32_t frac, flow f, const char *payload, size_t n,
                int opts)
{
    static unsigned char l4[66000], ip[66100];
    size_t len;
    be16(l4, f.sport);
    be16(l4 + 2, f.dport);
    be16(l4 + 4, (unsigned)(8 + n));
    be16(l4 + 6, 0);
    memcpy(l4 + 8, payload, n);
    len = wrap(link, f.v6, ip, build_ip(ip, &f, 17, l4, 8 + n, opts));
    record(sec, frac, pkt, len, len);
}

static void udps(int link, uint32_t sec, uint32_t frac, flow f, const char *payload)
{
    udp(link, sec, frac, f, payload, strlen(payload), 0);
}

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_PSH 0x08
#define F_ACK 0x10

static void tcp(int link, uint32_t sec, uint32_t frac, flow f, uint32_t seq, unsigned flags,
                const char *payload, size_t n)
{
    static unsigned char l4[66000], ip[66100];
    size_t len;
    memset(l4, 0, 20);
    be16(l4, f.sport);
    be16(l4 + 2, f.dport);
    be32(l4 + 4, seq);
    be32(l4 + 8, 0);
    l4[12] = 5 << 4;
    l4[13] = (unsigned char)(flags | (n ? F_PSH : 0));
    be16(l4 + 14, 65535);
    memcpy(l4 + 20, payload, n);
    len = wrap(link, f.v6, ip, build_ip(ip, &f, 6, l4, 20 + n, 0));
    record(sec, frac, pkt, len, len);
}

/* ---- Messages ---------------------------------------------------------------------- */

#define SDP "v=0\r\no=alice 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" \
            "m=audio 49170 RTP/AVP 0\r\n"

/* INVITE with a 94-byte SDP body, over TCP */
static const char INV[] =
    "INVITE sip:bob@192.0.2.20:7070;transport=tcp SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 192.0.2.10:40001;branch=z9hG4bKtcp1\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@192.0.2.10>;tag=a1\r\n"
    "To: <sip:bob@192.0.2.20>\r\n"
    "Call-ID: tcp-1@192.0.2.10\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:alice@192.0.2.10:40001;transport=tcp>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 94\r\n"
    "\r\n" SDP;

static const char OPT[] =
    "OPTIONS sip:bob@192.0.2.20:7070;transport=tcp SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 192.0.2.10:40001;branch=z9hG4bKtcp2\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@192.0.2.10>;tag=a2\r\n"
    "To: <sip:bob@192.0.2.20>\r\n"
    "Call-ID: tcp-2@192.0.2.10\r\n"
    "CSeq: 1 OPTIONS\r\n"
    "l: 0\r\n"
    "\r\n";

static const char BYE[] =
    "BYE sip:bob@192.0.2.20:7070;transport=tcp SIP/2.0\r\n"
    "Via: SIP/2.0/TCP 192.0.2.10:40001;branch=z9hG4bKtcp3\r\n"
    "Max-Forwards: 70\r\n"
    "From: <sip:alice@192.0.2.10>;tag=a1\r\n"
    "To: <sip:bob@192.0.2.20>;tag=b1\r\n"
    "Call-ID: tcp-1@192.0.2.10\r\n"
    "CSeq: 2 BYE\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char OK200[] =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/TCP 192.0.2.10:40001;branch=z9hG4bKtcp1\r\n"
    "From: <sip:alice@192.0.2.10>;tag=a1\r\n"
    "To: <sip:bob@192.0.2.20>;tag=b1\r\n"
    "Call-ID: tcp-1@192.0.2.10\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: <sip:bob@192.0.2.20:7070;transport=tcp>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/* An OPTIONS over UDP with the given Call-ID, branch, CSeq line and extra
 * header lines. */
static const char *udp_options(const char *call_id, const char *branch, const char *cseq,
                               const char *via_host, const char *extra)
{
    static char b[2048];
    snprintf(b, sizeof b,
             "OPTIONS sip:carol@example.com SIP/2.0\r\n"
             "Via: SIP/2.0/UDP %s;branch=%s\r\n"
             "Max-Forwards: 70\r\n"
             "From: <sip:alice@example.com>;tag=u1\r\n"
             "To: <sip:carol@example.com>\r\n"
             "Call-ID: %s\r\n"
             "CSeq: %s\r\n"
             "%s"
             "Content-Length: 0\r\n"
             "\r\n",
             via_host, branch, call_id, cseq, extra);
    return b;
}

static const char *tcp_options(const char *call_id, const char *branch, const char *host)
{
    static char b[2048];
    snprintf(b, sizeof b,
             "OPTIONS sip:bob@192.0.2.20 SIP/2.0\r\n"
             "Via: SIP/2.0/TCP %s;branch=%s\r\n"
             "Max-Forwards: 70\r\n"
             "From: <sip:dave@example.com>;tag=d1\r\n"
             "To: <sip:bob@192.0.2.20>\r\n"
             "Call-ID: %s\r\n"
             "CSeq: 1 OPTIONS\r\n"
             "Content-Length: 0\r\n"
             "\r\n",
             host, branch, call_id);
    return b;
}

/* ---- The captures ------------------------------------------------------------------ */

/* stream.pcap (Ethernet): TCP reassembly and the UDP verdicts. */
static void stream_pcap(void)
{
    flow c = v4("192.0.2.10", 40001, "192.0.2.20", 7070);
    flow s = reverse(c);
    flow mid = v4("192.0.2.11", 40002, "192.0.2.20", 7070);
    flow gap = v4("192.0.2.12", 40003, "192.0.2.20", 7070);
    const uint32_t ic = 1000, is = 5000, ig = 90000;
    const size_t ni = strlen(INV), no = strlen(OPT), nb = strlen(BYE);
    static char rest[4096], x[4096];
    const char *y;
    size_t n;

    pcap_begin("stream.pcap", 1, 0, 0);
    /* connection 1: handshake (no lines) */
    tcp(L_ETHER, T0, 1, c, ic, F_SYN, NULL, 0);
    tcp(L_ETHER, T0, 2, s, is, F_SYN | F_ACK, NULL, 0);
    tcp(L_ETHER, T0, 3, c, ic + 1, F_ACK, NULL, 0);
    /* the INVITE cut inside its Via line: nothing yet */
    tcp(L_ETHER, T0, 100000, c, ic + 1, F_ACK, INV, 60);
    /* out of order: keep-alive, OPTIONS and the start of the BYE: held */
    n = (size_t)snprintf(rest, sizeof rest, "\r\n\r\n%s%.30s", OPT, BYE);
    tcp(L_ETHER, T0, 200000, c, (uint32_t)(ic + 1 + ni), F_ACK, rest, n);
    /* the rest of the INVITE: lines 1 (INVITE) and 2 (OPTIONS), at .300000 */
    tcp(L_ETHER, T0, 300000, c, ic + 1 + 60, F_ACK, INV + 60, ni - 60);
    /* its retransmission: nothing */
    tcp(L_ETHER, T0, 300001, c, ic + 1 + 60, F_ACK, INV + 60, ni - 60);
    /* the BYE in two overlapping pieces: line 3, at .400001 */
    tcp(L_ETHER, T0, 400000, c, (uint32_t)(ic + 1 + ni + 4 + no + 30), F_ACK, BYE + 30, 20);
    tcp(L_ETHER, T0, 400001, c, (uint32_t)(ic + 1 + ni + 4 + no + 40), F_ACK, BYE + 40, nb - 40);
    /* the 200 OK the other way: line 4 */
    tcp(L_ETHER, T0, 500000, s, is + 1, F_ACK, OK200, strlen(OK200));
    tcp(L_ETHER, T0, 500001, c, (uint32_t)(ic + 1 + ni + 4 + no + nb), F_FIN | F_ACK, NULL, 0);

    /* UDP on ports that are not 5060: lines 5 (valid), 6 (parse error: Via without
     * sent-by), 7 (420 Bad Extension), 8 (400 CSeq method mismatch, malformed) */
    udps(L_ETHER, T0, 600000, v4("192.0.2.10", 9999, "192.0.2.30", 12345),
         udp_options("udp-1", "z9hG4bKudp1", "7 OPTIONS", "192.0.2.10:9999", ""));
    udps(L_ETHER, T0, 600001, v4("192.0.2.10", 9999, "192.0.2.30", 12345),
         "OPTIONS sip:carol@example.com SIP/2.0\r\nVia: SIP/2.0/UDP\r\nMax-Forwards: 70\r\n\r\n");
    udps(L_ETHER, T0, 600002, v4("192.0.2.10", 9999, "192.0.2.30", 12345),
         udp_options("udp-3", "z9hG4bKudp3", "9 OPTIONS", "192.0.2.10:9999", "Require: foo\r\n"));
    udps(L_ETHER, T0, 600003, v4("192.0.2.10", 9999, "192.0.2.30", 12345),
         udp_options("udp-4", "z9hG4bKudp4", "10 BYE", "192.0.2.10:9999", ""));
    /* not SIP, on the SIP server's port: a DNS query, a keep-alive, text: nothing */
    udp(L_ETHER, T0, 700000, v4("192.0.2.10", 5353, "192.0.2.20", 7070),
        "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07" "example\x03" "com\x00\x00\x01\x00\x01",
        29, 0);
    udps(L_ETHER, T0, 700001, v4("192.0.2.10", 7070, "192.0.2.20", 7070), "\r\n\r\n");
    udps(L_ETHER, T0, 700002, v4("192.0.2.10", 7070, "192.0.2.20", 7070), "GET / HTTP/1.1\r\n\r\n");

    /* connection 2, joined in the middle (no SYN): the tail of a body, a message
     * without Content-Length (line 9: framing error at the CR of its empty line),
     * then a valid OPTIONS (line 10) */
    n = (size_t)snprintf(rest, sizeof rest,
                         "a=rtpmap:0 PCMU/8000\r\n"
                         "OPTIONS sip:bob@192.0.2.20 SIP/2.0\r\n"
                         "Via: SIP/2.0/TCP 192.0.2.11:40002;branch=z9hG4bKmid1\r\n"
                         "Max-Forwards: 70\r\n"
                         "Call-ID: mid-1\r\n"
                         "CSeq: 1 OPTIONS\r\n"
                         "\r\n%s",
                         tcp_options("mid-2", "z9hG4bKmid2", "192.0.2.11:40002"));
    tcp(L_ETHER, T0, 800000, mid, 777000, F_ACK, rest, n);

    /* connection 3: a segment never arrives. The message it cuts is lost; the
     * OPTIONS after it (line 12) comes out at the end of the capture */
    n = (size_t)snprintf(x, sizeof x,
                         "MESSAGE sip:bob@192.0.2.20 SIP/2.0\r\n"
                         "Via: SIP/2.0/TCP 192.0.2.12:40003;branch=z9hG4bKgap1\r\n"
                         "Max-Forwards: 70\r\n"
                         "From: <sip:erin@example.com>;tag=e1\r\n"
                         "To: <sip:bob@192.0.2.20>\r\n"
                         "Call-ID: gap-1\r\n"
                         "CSeq: 1 MESSAGE\r\n"
                         "Content-Type: text/plain\r\n"
                         "Content-Length: 11\r\n"
                         "\r\n"
                         "hello, bob\n");
    y = tcp_options("gap-2", "z9hG4bKgap2", "192.0.2.12:40003");
    memcpy(x + n, y, strlen(y));
    tcp(L_ETHER, T0, 850000, gap, ig, F_SYN, NULL, 0);
    tcp(L_ETHER, T0, 850001, gap, ig + 1, F_ACK, x, 40);
    /* (bytes 40 .. 80 missing) */
    tcp(L_ETHER, T0, 850003, gap, ig + 1 + 80, F_ACK, x + 80, n - 80 + strlen(y));

    /* connection 4: the first byte never arrives, and the OPTIONS after it comes
     * in 65 pieces, one more than siprove holds out of order (PCAP_OOO_SEGS):
     * at the 65th it gives up on the byte and cuts the OPTIONS (line 11) */
    y = tcp_options("ooo-1", "z9hG4bKooo1", "192.0.2.13:40004");
    {
        flow o = v4("192.0.2.13", 40004, "192.0.2.20", 7070);
        const uint32_t io = 3000;
        size_t k, ny = strlen(y);
        tcp(L_ETHER, T0, 860000, o, io, F_SYN, NULL, 0);
        for (k = 0; k < 64; k++)
            tcp(L_ETHER, T0, (uint32_t)(860001 + k), o, (uint32_t)(io + 2 + 3 * k), F_ACK, y + 3 * k, 3);
        tcp(L_ETHER, T0, 860065, o, io + 2 + 192, F_ACK, y + 192, ny - 192);
    }

    /* the last packet: not SIP; its time is the time of line 12 */
    udps(L_ETHER, T0, 900000, v4("192.0.2.10", 7070, "192.0.2.20", 7070), "\r\n\r\n");
    close_file();
}

/* One valid UDP OPTIONS per link type (and an IPv6 TCP call on SLL2). */
static void link_pcaps(void)
{
    flow a = v4("198.51.100.1", 15060, "198.51.100.2", 25060);
    flow b = v6(1, 15060, 2, 25060);
    flow b6t = v6(1, 15061, 2, 25060);
    const uint32_t isn = 0xFFFFFF9Cu; /* 2^32 - 100: the sequence numbers wrap */
    static char two[4096];
    size_t n;

    pcap_begin("sll.pcap", 113, 0, 0);
    udps(L_SLL, T0 + 10, 1, a, udp_options("sll-1", "z9hG4bKsll1", "1 OPTIONS", "198.51.100.1:15060", ""));
    close_file();

    pcap_begin("sll2.pcap", 276, 0, 0);
    udps(L_SLL2, T0 + 20, 1, b, udp_options("sll2-1", "z9hG4bKsll21", "1 OPTIONS", "[2001:db8::1]:15060", ""));
    /* TCP over IPv6, two pipelined messages whose sequence numbers wrap */
    n = (size_t)snprintf(two, sizeof two, "%s", tcp_options("sll2-2", "z9hG4bKsll22", "[2001:db8::1]:15061"));
    n += (size_t)snprintf(two + n, sizeof two - n, "%s", tcp_options("sll2-3", "z9hG4bKsll23", "[2001:db8::1]:15061"));
    tcp(L_SLL2, T0 + 20, 2, b6t, isn, F_SYN, NULL, 0);
    tcp(L_SLL2, T0 + 20, 3, b6t, isn + 1, F_ACK, two, 150);
    tcp(L_SLL2, T0 + 20, 4, b6t, isn + 1 + 150, F_ACK, two + 150, n - 150);
    close_file();

    pcap_begin("raw.pcap", 101, 0, 0);
    udps(L_RAW, T0 + 30, 1, a, udp_options("raw-1", "z9hG4bKraw1", "1 OPTIONS", "198.51.100.1:15060", ""));
    /* IPv6 with a hop-by-hop options header before UDP */
    {
        const char *m = udp_options("raw-2", "z9hG4bKraw2", "2 OPTIONS", "[2001:db8::1]:15060", "");
        udp(L_RAW, T0 + 30, 2, b, m, strlen(m), IP_HBH);
    }
    close_file();

    pcap_begin("null.pcap", 0, 0, 0);
    udps(L_NULL, T0 + 40, 1, a, udp_options("null-1", "z9hG4bKnull1", "1 OPTIONS", "198.51.100.1:15060", ""));
    udps(L_NULL, T0 + 40, 2, b, udp_options("null-2", "z9hG4bKnull2", "2 OPTIONS", "[2001:db8::1]:15060", ""));
    udps(L_NULL_BE6, T0 + 40, 3, b, udp_options("null-3", "z9hG4bKnull3", "3 OPTIONS", "[2001:db8::1]:15060", ""));
    close_file();

    /* a big-endian file with nanosecond times: 123456789 ns is .123456 */
    pcap_begin("loop.pcap", 108, 1, 1);
    udps(L_LOOP, T0 + 50, 123456789, a, udp_options("loop-1", "z9hG4bKloop1", "1 OPTIONS", "198.51.100.1:15060", ""));
    udps(L_LOOP, T0 + 50, 999999999, b, udp_options("loop-2", "z9hG4bKloop2", "2 OPTIONS", "[2001:db8::1]:15060", ""));
    close_file();

    /* Ethernet with a VLAN tag; an IPv4 fragment and a packet cut by the
     * snapshot length are skipped */
    pcap_begin("vlan.pcap", 1, 0, 0);
    udps(L_VLAN, T0 + 60, 1, a, udp_options("vlan-1", "z9hG4bKvlan1", "1 OPTIONS", "198.51.100.1:15060", ""));
    {
        const char *m = udp_options("frag-1", "z9hG4bKfrag1", "1 OPTIONS", "198.51.100.1:15060", "");
        static unsigned char l4[4096], ip[4096];
        size_t len, k = strlen(m);
        udp(L_ETHER, T0 + 60, 2, a, m, k, IP_MF);
        be16(l4, a.sport); be16(l4 + 2, a.dport); be16(l4 + 4, (unsigned)(8 + k)); be16(l4 + 6, 0);
        memcpy(l4 + 8, m, k);
        len = wrap(L_ETHER, 0, ip, build_ip(ip, &a, 17, l4, 8 + k, 0));
        record(T0 + 60, 3, pkt, 100, len); /* only 100 of len bytes captured */
    }
    close_file();

    pcapng_begin("ng.pcapng", 1);
    udps(L_ETHER, T0 + 70, 1, a, udp_options("ng-1", "z9hG4bKng1", "1 OPTIONS", "198.51.100.1:15060", ""));
    close_file();
}

/* Files that are not captures siprove reads. */
static void bad_files(void)
{
    flow a = v4("198.51.100.1", 15060, "198.51.100.2", 25060);

    open_file("text.pcap");
    fputs("this is not a capture\n", out);
    close_file();

    pcap_begin("usb.pcap", 220, 0, 0); /* LINKTYPE_USB_LINUX_MMAPPED */
    close_file();

    /* one good record, then a record header promising more than there is */
    pcap_begin("cut.pcap", 1, 0, 0);
    udps(L_ETHER, T0 + 80, 1, a, udp_options("cut-1", "z9hG4bKcut1", "1 OPTIONS", "198.51.100.1:15060", ""));
    put32(T0 + 80); put32(2); put32(500); put32(500);
    fputs("short", out);
    close_file();
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: mkpcap DIR\n", stderr);
        return 64;
    }
    dir = argv[1];
    stream_pcap();
    link_pcaps();
    bad_files();
    return 0;
}
