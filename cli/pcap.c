/* siprove CLI: `siprove pcap FILE`, the SIP messages of a packet capture.
 *
 * Reads a capture (pcap or pcapng) with libpcap, decodes the link layer
 * (Ethernet with VLAN tags, Linux cooked v1 and v2, raw IP, BSD loopback),
 * IPv4 and IPv6, UDP and TCP, and judges every SIP message found: each UDP
 * payload, and each message cut by sipr_frame from a reassembled TCP stream,
 * goes through sipr_parse and sipr_validate (cli_analyse). One JSON line per
 * message; the format, the bounds and the exit codes are in docs/cli.md.
 *
 * "Is it SIP" does not depend on ports: a UDP payload is SIP when it parses,
 * or when its first line looks like a SIP start line (then it is reported as
 * invalid); a TCP stream is framed from the first line that looks like a SIP
 * start line on.
 *
 * Unlike the rest of the CLI this file allocates: TCP streams need buffers.
 * Each has a fixed bound (PCAP_* below), and all of them together a budget.
 * The header parsing is written from the formats: the pcap link types, RFC 791
 * (IPv4), RFC 8200 (IPv6), RFC 768 (UDP), RFC 9293 (TCP). */
#ifdef SIPR_HAVE_PCAP
/* pcap/pcap.h uses the BSD types u_char, u_int, ... */
#define _DEFAULT_SOURCE 1
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"
#include "cli.h"
#include "json.h"

#ifndef SIPR_HAVE_PCAP

int cli_pcap(const char *path)
{
    (void)path;
    fprintf(stderr, "siprove: pcap: this siprove was built without libpcap "
                    "(install libpcap-dev and rebuild)\n");
    return CLI_EXIT_UNAVAILABLE;
}

#else /* SIPR_HAVE_PCAP */

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <pcap/pcap.h>

/* ---- Bounds ------------------------------------------------------------------- */

#define PCAP_MAX_STREAMS 4096u       /* TCP stream directions tracked at once */
#define PCAP_HASH_SIZE 4096u         /* buckets of the stream table */
#define PCAP_STREAM_BUF (2u * 65536u) /* reassembled bytes held per direction */
#define PCAP_OOO_SEGS 64u            /* out-of-order segments held per direction */
#define PCAP_OOO_BYTES (256u * 1024u) /* and their bytes */
#define PCAP_MEM_MAX (256ul * 1024ul * 1024ul) /* all stream buffers together */
#define PCAP_MAX_START_LINE 8192u    /* longest line looked at as a start line */

/* ---- Small helpers ----------------------------------------------------------- */

static unsigned get16(const unsigned char *p) { return ((unsigned)p[0] << 8) | p[1]; }

static uint32_t get32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* a - b in sequence-number space (RFC 9293 §3.4): negative when a is before b. */
static long seq_diff(uint32_t a, uint32_t b)
{
    uint32_t d = a - b;
    return d < 0x80000000u ? (long)d : -(long)(uint32_t)(b - a);
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* "SIP/" DIGIT, "SIP" in any case (RFC 3261 §25: literal strings are
 * case-insensitive). */
static int sip_version_at(const char *s, size_t n)
{
    return n >= 5 && (s[0] == 'S' || s[0] == 's') && (s[1] == 'I' || s[1] == 'i') &&
           (s[2] == 'P' || s[2] == 'p') && s[3] == '/' && is_digit(s[4]);
}

static int is_token_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit((char)c) ||
           (c != 0 && strchr("-.!%*_+`'~", c) != NULL);
}

/* Whether the first line of p[0 .. n) (after CRs and LFs) looks like a SIP
 * start line: "SIP/" DIGIT ... (a Status-Line), or a token, a space, something,
 * a space and "SIP/" DIGIT ... (a Request-Line). Only used to tell a broken
 * SIP message from something else; the parser has the last word. */
static int looks_sip(const char *p, size_t n)
{
    size_t i = 0, end, first_sp, last_sp;

    while (i < n && (p[i] == '\r' || p[i] == '\n'))
        i++;
    p += i;
    n -= i;
    if (n > PCAP_MAX_START_LINE)
        n = PCAP_MAX_START_LINE;
    for (end = 0; end < n && p[end] != '\r' && p[end] != '\n'; end++)
        ;
    if (sip_version_at(p, end))
        return 1;
    for (first_sp = 0; first_sp < end && p[first_sp] != ' '; first_sp++)
        if (!is_token_char((unsigned char)p[first_sp]))
            return 0;
    if (first_sp == 0 || first_sp == end)
        return 0;
    for (last_sp = end - 1; p[last_sp] != ' '; last_sp--)
        ;
    return last_sp > first_sp + 1 && sip_version_at(p + last_sp + 1, end - last_sp - 1);
}

/* ---- Packets ------------------------------------------------------------------- */

typedef struct {
    long long sec;
    long usec;
} pcap_time;

typedef enum { PKT_OK = 0, PKT_OTHER, PKT_FRAGMENT, PKT_TRUNCATED } pkt_status;

typedef struct {
    unsigned char af;         /* 4 or 6 */
    unsigned char proto;      /* 6 TCP, 17 UDP */
    unsigned char src[16], dst[16];
    uint16_t sport, dport;
    uint32_t seq;             /* TCP */
    unsigned char flags;      /* TCP */
    const unsigned char *payload;
    size_t len;
} pkt;

#define TCP_FIN 0x01u
#define TCP_SYN 0x02u
#define TCP_RST 0x04u

typedef enum {
    LINK_ETHER, LINK_SLL, LINK_SLL2, LINK_RAW, LINK_IPV4, LINK_IPV6, LINK_NULL, LINK_LOOP,
    LINK_UNSUPPORTED
} link_kind;

static link_kind link_of(int dlt)
{
    switch (dlt) {
    case DLT_EN10MB: return LINK_ETHER;
    case DLT_LINUX_SLL: return LINK_SLL;
#ifdef DLT_LINUX_SLL2
    case DLT_LINUX_SLL2: return LINK_SLL2;
#endif
    case DLT_RAW: return LINK_RAW;
#ifdef DLT_IPV4
    case DLT_IPV4: return LINK_IPV4;
#endif
#ifdef DLT_IPV6
    case DLT_IPV6: return LINK_IPV6;
#endif
    case DLT_NULL: return LINK_NULL;
#if defined(DLT_LOOP) && DLT_LOOP != DLT_RAW
    case DLT_LOOP: return LINK_LOOP;
#endif
    default: return LINK_UNSUPPORTED;
    }
}

/* UDP or TCP at u[0 .. n), n the IP payload length. */
static pkt_status decode_l4(unsigned proto, const unsigned char *u, size_t n, pkt *p)
{
    size_t hl;

    p->proto = (unsigned char)proto;
    if (proto == 17) {
        size_t ulen;
        if (n < 8)
            return PKT_OTHER;
        ulen = get16(u + 4);
        if (ulen < 8 || ulen > n)
            return PKT_OTHER;
        p->sport = (uint16_t)get16(u);
        p->dport = (uint16_t)get16(u + 2);
        p->payload = u + 8;
        p->len = ulen - 8;
        return PKT_OK;
    }
    if (proto == 6) {
        if (n < 20)
            return PKT_OTHER;
        hl = (size_t)(u[12] >> 4) * 4;
        if (hl < 20 || hl > n)
            return PKT_OTHER;
        p->sport = (uint16_t)get16(u);
        p->dport = (uint16_t)get16(u + 2);
        p->seq = get32(u + 4);
        p->flags = u[13];
        p->payload = u + hl;
        p->len = n - hl;
        return PKT_OK;
    }
    return PKT_OTHER;
}

/* An IP packet at d[0 .. n); version 4, 6, or 0 for either. */
static pkt_status decode_ip(const unsigned char *d, size_t n, unsigned version, pkt *p)
{
    unsigned v;

    if (n < 1)
        return PKT_TRUNCATED;
    v = d[0] >> 4;
    if (version != 0 && v != version)
        return PKT_OTHER;
    if (v == 4) {
        size_t hl, total;
        if (n < 20)
            return PKT_TRUNCATED;
        hl = (size_t)(d[0] & 15) * 4;
        total = get16(d + 2);
        if (hl < 20 || total < hl)
            return PKT_OTHER;
        if (total > n)
            return PKT_TRUNCATED; /* cut by the snapshot length */
        if ((get16(d + 6) & 0x3FFFu) != 0)
            return PKT_FRAGMENT;  /* more fragments, or not the first */
        p->af = 4;
        memset(p->src, 0, sizeof p->src);
        memset(p->dst, 0, sizeof p->dst);
        memcpy(p->src, d + 12, 4);
        memcpy(p->dst, d + 16, 4);
        return decode_l4(d[9], d + hl, total - hl, p);
    }
    if (v == 6) {
        size_t off = 40, end;
        unsigned next;
        if (n < 40)
            return PKT_TRUNCATED;
        end = 40 + (size_t)get16(d + 4);
        if (end == 40)
            return PKT_OTHER;     /* no payload, or a jumbogram */
        if (end > n)
            return PKT_TRUNCATED;
        next = d[6];
        for (;;) {
            size_t hl;
            if (next == 0 || next == 43 || next == 60) {          /* hop-by-hop, routing, dest. */
                if (end - off < 8)
                    return PKT_OTHER;
                hl = ((size_t)d[off + 1] + 1) * 8;
            } else if (next == 51) {                               /* authentication header */
                if (end - off < 8)
                    return PKT_OTHER;
                hl = ((size_t)d[off + 1] + 2) * 4;
            } else if (next == 44) {                               /* fragment */
                if (end - off < 8)
                    return PKT_OTHER;
                if ((get16(d + off + 2) & 0xFFF9u) != 0)
                    return PKT_FRAGMENT; /* an offset or more fragments */
                hl = 8;
            } else {
                break;
            }
            if (hl > end - off)
                return PKT_OTHER;
            next = d[off];
            off += hl;
        }
        p->af = 6;
        memcpy(p->src, d + 8, 16);
        memcpy(p->dst, d + 24, 16);
        return decode_l4(next, d + off, end - off, p);
    }
    return PKT_OTHER;
}

/* The IP version an EtherType names, 0 for another protocol. */
static unsigned ether_ip(unsigned type)
{
    return type == 0x0800u ? 4 : type == 0x86DDu ? 6 : 0;
}

/* The IP version of a BSD loopback address family (AF_INET is 2 everywhere;
 * AF_INET6 is 24, 28 or 30 on the BSDs and macOS, 10 on Linux), 0 otherwise. */
static unsigned null_ip(uint32_t family)
{
    if (family == 2)
        return 4;
    if (family == 10 || family == 24 || family == 28 || family == 30)
        return 6;
    return 0;
}

static pkt_status decode_link(link_kind link, const unsigned char *d, size_t n, pkt *p)
{
    size_t off;
    unsigned type, v;

    switch (link) {
    case LINK_ETHER:
        if (n < 14)
            return PKT_TRUNCATED;
        type = get16(d + 12);
        off = 14;
        while (type == 0x8100u || type == 0x88A8u || type == 0x9100u) { /* VLAN tags */
            if (n - off < 4)
                return PKT_TRUNCATED;
            type = get16(d + off + 2);
            off += 4;
        }
        v = ether_ip(type);
        break;
    case LINK_SLL:  /* packet type, ARPHRD, address length, address[8], protocol */
        if (n < 16)
            return PKT_TRUNCATED;
        v = ether_ip(get16(d + 14));
        off = 16;
        break;
    case LINK_SLL2: /* protocol, reserved, interface index, ARPHRD, ... (20 bytes) */
        if (n < 20)
            return PKT_TRUNCATED;
        v = ether_ip(get16(d));
        off = 20;
        break;
    case LINK_NULL: /* the address family in the byte order of the capturing host */
        if (n < 4)
            return PKT_TRUNCATED;
        v = null_ip(get32(d));
        if (v == 0)
            v = null_ip((uint32_t)d[0] | ((uint32_t)d[1] << 8) | ((uint32_t)d[2] << 16) |
                        ((uint32_t)d[3] << 24));
        off = 4;
        break;
    case LINK_LOOP: /* the same in network byte order */
        if (n < 4)
            return PKT_TRUNCATED;
        v = null_ip(get32(d));
        off = 4;
        break;
    case LINK_RAW: return decode_ip(d, n, 0, p);
    case LINK_IPV4: v = 4; off = 0; break;
    case LINK_IPV6: v = 6; off = 0; break;
    default: return PKT_OTHER;
    }
    if (v == 0)
        return PKT_OTHER;
    return decode_ip(d + off, n - off, v, p);
}

/* ---- State ---------------------------------------------------------------------- */

typedef struct seg {
    struct seg *next;
    uint32_t seq;
    size_t len;
    unsigned char data[];
} seg;

/* One direction of a TCP connection. */
typedef struct {
    unsigned char used;       /* in the table */
    unsigned char closed;     /* FIN consumed or RST: data is ignored until a SYN */
    unsigned char hunting;    /* looking for a start line, not framing */
    unsigned char line_start; /* hunting: the pending bytes start a line */
    unsigned char fin;
    unsigned char af;
    unsigned char src[16], dst[16];
    uint16_t sport, dport;
    uint32_t next_seq;        /* the next byte expected */
    uint32_t fin_seq;
    unsigned long last;       /* number of the last packet */
    long chain;               /* next stream of the same bucket, -1 */
    sipr_framer fr;
    char *buf;                /* pending bytes: buf[head .. len) */
    size_t cap, head, len;
    seg *ooo;                 /* out-of-order segments, unsorted */
    size_t n_ooo, ooo_bytes;
} stream;

static struct {
    const char *label;        /* the file name in messages */
    link_kind link;
    pcap_time now;            /* time of the packet being handled */
    size_t mem;               /* bytes of stream buffers allocated */
    unsigned long packets, messages, valid, invalid, semantic;
    unsigned long non_sip, other, fragments, truncated;
    unsigned long streams, gaps, incomplete, untracked;
    unsigned long n_streams;
    long bucket[PCAP_HASH_SIZE];
} ctx;

static stream streams[PCAP_MAX_STREAMS];
static sipr_msg msg;

static void *mem_alloc(size_t n)
{
    void *p;
    if (n > PCAP_MEM_MAX - ctx.mem)
        return NULL;
    p = malloc(n);
    if (p != NULL)
        ctx.mem += n;
    return p;
}

static void mem_free(void *p, size_t n)
{
    if (p != NULL) {
        free(p);
        ctx.mem -= n;
    }
}

/* ---- Output ----------------------------------------------------------------------- */

/* "a.b.c.d:port" or "[v6]:port". */
static void format_endpoint(char *out, size_t size, unsigned af, const unsigned char *a,
                            unsigned port)
{
    char ip[INET6_ADDRSTRLEN];
    if (inet_ntop(af == 4 ? AF_INET : AF_INET6, a, ip, sizeof ip) == NULL)
        strcpy(ip, "?");
    if (af == 4)
        snprintf(out, size, "%s:%u", ip, port);
    else
        snprintf(out, size, "[%s]:%u", ip, port);
}

/* A span of a successfully parsed message, as a string; absent as null. */
static void put_span(json_writer *w, const char *key, const char *buf, size_t len, sipr_span s,
                     int empty_ok)
{
    if (s.off > len || s.len > len - s.off)
        json_null(w, key);                  /* outside the input: against the contract */
    else if (s.len == 0 && empty_ok)
        json_string(w, key, "");
    else if (s.len == 0)
        json_null(w, key);
    else
        json_bytes(w, key, buf + s.off, s.len);
}

static void put_summary(json_writer *w, const char *buf, size_t len, const sipr_msg *m)
{
    json_object_begin(w, "summary");
    if (m->type == SIPR_MSG_REQUEST) {
        json_string(w, "type", "request");
        put_span(w, "method", buf, len, m->method, 0);
        put_span(w, "request_uri", buf, len, m->request_uri, 0);
        json_null(w, "status_code");
        json_null(w, "reason");
    } else {
        json_string(w, "type", "response");
        json_null(w, "method");
        json_null(w, "request_uri");
        json_uint(w, "status_code", m->status_code);
        put_span(w, "reason", buf, len, m->reason, 1);
    }
    put_span(w, "call_id", buf, len, m->call_id, 0);
    if (m->first[SIPR_H_CSEQ] == SIPR_NONE) {
        json_null(w, "cseq");
    } else {
        json_object_begin(w, "cseq");
        json_uint(w, "number", m->cseq_number);
        put_span(w, "method", buf, len, m->cseq_method, 0);
        json_object_end(w);
    }
    if (m->n_vias > 0)
        put_span(w, "branch", buf, len, m->vias[0].branch, 0);
    else
        json_null(w, "branch");
    json_object_end(w);
}

/* The start of a line: ts, transport, src, dst, length (NULL: null). */
static void put_head(json_writer *w, const char *transport, unsigned af,
                     const unsigned char *src, unsigned sport, const unsigned char *dst,
                     unsigned dport, const size_t *length)
{
    char text[64];
    long long sec = ctx.now.sec + ctx.now.usec / 1000000;
    long usec = ctx.now.usec % 1000000;

    json_init_compact(w, stdout);
    json_object_begin(w, NULL);
    snprintf(text, sizeof text, "%lld.%06ld", sec, usec);
    json_raw(w, "ts", text);
    json_string(w, "transport", transport);
    format_endpoint(text, sizeof text, af, src, sport);
    json_string(w, "src", text);
    format_endpoint(text, sizeof text, af, dst, dport);
    json_string(w, "dst", text);
    if (length != NULL)
        json_uint(w, "length", (unsigned long)*length);
    else
        json_null(w, "length");
}

static void put_verdict(json_writer *w, const char *verdict, const char *code,
                        const char *reason, const unsigned long *offset, unsigned response)
{
    json_string(w, "verdict", verdict);
    if (code == NULL) {
        json_null(w, "code");
        json_null(w, "reason");
        json_null(w, "offset");
    } else {
        json_string(w, "code", code);
        json_string(w, "reason", reason);
        json_uint(w, "offset", *offset);
    }
    if (response != 0)
        json_uint(w, "response", response);
    else
        json_null(w, "response");
}

/* One message: parse, validate, print. For UDP, a payload that does not parse
 * and does not look like SIP is skipped (returns 0). */
static int emit_message(const char *transport, unsigned af, const unsigned char *src,
                        unsigned sport, const unsigned char *dst, unsigned dport,
                        const char *buf, size_t len, int skip_non_sip)
{
    cli_result r;
    json_writer w;
    unsigned long off;

    cli_analyse(buf, len, 0, 0u, &msg, &r); /* strict: a capture shows what peers really send */
    if (skip_non_sip && r.outcome == CLI_INVALID && !looks_sip(buf, len))
        return 0;
    ctx.messages++;
    put_head(&w, transport, af, src, sport, dst, dport, &len);
    switch (r.outcome) {
    case CLI_VALID:
        ctx.valid++;
        put_verdict(&w, "valid", NULL, NULL, NULL, 0);
        break;
    case CLI_INVALID:
        ctx.invalid++;
        off = r.err_off;
        put_verdict(&w, "invalid", json_status_name(r.err), sipr_strerror(r.err), &off, 0);
        break;
    case CLI_MALFORMED:
    case CLI_SEMANTIC:
        off = r.verdict.off;
        if (r.outcome == CLI_MALFORMED)
            ctx.invalid++;
        else
            ctx.semantic++;
        put_verdict(&w, r.outcome == CLI_MALFORMED ? "invalid" : "semantic-invalid",
                    json_verdict_name(r.verdict.code), sipr_verdict_reason(r.verdict.code), &off,
                    r.verdict.response);
        break;
    }
    if (r.outcome == CLI_INVALID)
        json_null(&w, "summary");
    else
        put_summary(&w, buf, len, &msg);
    json_object_end(&w);
    json_finish(&w);
    return 1;
}

/* A TCP stream that sipr_frame cannot cut: one invalid line. */
static void emit_frame_error(const stream *s, sipr_status err, unsigned long off)
{
    json_writer w;

    ctx.messages++;
    ctx.invalid++;
    put_head(&w, "tcp", s->af, s->src, s->sport, s->dst, s->dport, NULL);
    put_verdict(&w, "invalid", json_status_name(err), sipr_strerror(err), &off, 0);
    json_null(&w, "summary");
    json_object_end(&w);
    json_finish(&w);
}

/* ---- TCP streams ----------------------------------------------------------------- */

static unsigned long hash_key(unsigned af, const unsigned char *src, unsigned sport,
                              const unsigned char *dst, unsigned dport)
{
    unsigned long h = 2166136261ul; /* FNV-1a */
    size_t i, n = af == 4 ? 4 : 16;
    for (i = 0; i < n; i++)
        h = ((h ^ src[i]) * 16777619ul) & 0xFFFFFFFFul;
    for (i = 0; i < n; i++)
        h = ((h ^ dst[i]) * 16777619ul) & 0xFFFFFFFFul;
    h = ((h ^ sport) * 16777619ul) & 0xFFFFFFFFul;
    h = ((h ^ dport) * 16777619ul) & 0xFFFFFFFFul;
    return h % PCAP_HASH_SIZE;
}

static stream *find_stream(unsigned af, const unsigned char *src, unsigned sport,
                           const unsigned char *dst, unsigned dport)
{
    long i = ctx.bucket[hash_key(af, src, sport, dst, dport)];
    while (i >= 0) {
        stream *s = &streams[i];
        if (s->af == af && s->sport == sport && s->dport == dport &&
            memcmp(s->src, src, 16) == 0 && memcmp(s->dst, dst, 16) == 0)
            return s;
        i = s->chain;
    }
    return NULL;
}

static void free_buffers(stream *s)
{
    while (s->ooo != NULL) {
        seg *g = s->ooo;
        s->ooo = g->next;
        mem_free(g, sizeof *g + g->len);
    }
    s->n_ooo = 0;
    s->ooo_bytes = 0;
    mem_free(s->buf, s->cap);
    s->buf = NULL;
    s->cap = s->head = s->len = 0;
}

/* A new stream, in a free slot or in place of the closed stream idle the
 * longest; NULL when every slot holds an open stream. */
static stream *new_stream(unsigned af, const unsigned char *src, unsigned sport,
                          const unsigned char *dst, unsigned dport)
{
    stream *s = NULL;
    unsigned long h;
    long i, *link;

    if (ctx.n_streams < PCAP_MAX_STREAMS) {
        s = &streams[ctx.n_streams++];
    } else {
        for (i = 0; i < (long)PCAP_MAX_STREAMS; i++)
            if (streams[i].closed && (s == NULL || streams[i].last < s->last))
                s = &streams[i];
        if (s == NULL)
            return NULL;
        /* unlink it from its bucket */
        link = &ctx.bucket[hash_key(s->af, s->src, s->sport, s->dst, s->dport)];
        while (*link != s - streams)
            link = &streams[*link].chain;
        *link = s->chain;
        free_buffers(s);
    }
    memset(s, 0, sizeof *s);
    s->used = 1;
    s->af = (unsigned char)af;
    memcpy(s->src, src, 16);
    memcpy(s->dst, dst, 16);
    s->sport = (uint16_t)sport;
    s->dport = (uint16_t)dport;
    h = hash_key(af, src, sport, dst, dport);
    s->chain = ctx.bucket[h];
    ctx.bucket[h] = s - streams;
    ctx.streams++;
    return s;
}

/* Start (again) at sequence number seq, hunting for a start line. */
static void restart(stream *s, uint32_t seq)
{
    free_buffers(s);
    s->closed = 0;
    s->fin = 0;
    s->hunting = 1;
    s->line_start = 1;
    s->next_seq = seq;
}

/* Hunting: drop bytes up to a line that looks like a SIP start line. Returns 1
 * when one is at buf[head] (framing starts), 0 when more bytes are needed. */
static int hunt(stream *s)
{
    for (;;) {
        const char *b = s->buf + s->head;
        size_t n = s->len - s->head;
        const char *lf;

        if (n == 0)
            return 0;
        if (!s->line_start) {
            lf = memchr(b, '\n', n);
            if (lf == NULL) {
                s->head = s->len;
                return 0;
            }
            s->head += (size_t)(lf - b) + 1;
            s->line_start = 1;
            continue;
        }
        if (b[0] == '\r' || b[0] == '\n') {
            s->head++;
            continue;
        }
        lf = memchr(b, '\n', n < PCAP_MAX_START_LINE ? n : PCAP_MAX_START_LINE);
        if (lf == NULL) {
            if (n < PCAP_MAX_START_LINE)
                return 0;
            s->line_start = 0;
            continue;
        }
        if (looks_sip(b, (size_t)(lf - b))) {
            s->hunting = 0;
            sipr_framer_init(&s->fr, NULL);
            return 1;
        }
        s->line_start = 0;
    }
}

/* Cut what the pending bytes hold: hunt, frame, report. */
static void scan(stream *s)
{
    for (;;) {
        const char *b = s->buf + s->head;
        size_t n = s->len - s->head, drop;
        sipr_frame_out o;
        sipr_frame_result r;

        if (n == 0) {
            s->head = s->len = 0;
            return;
        }
        if (s->hunting) {
            if (!hunt(s))
                return;
            continue;
        }
        r = sipr_frame(&s->fr, b, n, &o);
        if (r == SIPR_FRAME_MESSAGE) {
            emit_message("tcp", s->af, s->src, s->sport, s->dst, s->dport, b + o.skipped,
                         o.msg_len, 0);
            s->head += o.skipped + o.msg_len;
            continue;
        }
        if (r == SIPR_FRAME_NEED_MORE) {
            if (o.skipped == n) { /* only keep-alives so far: drop them */
                s->head = s->len;
                sipr_framer_init(&s->fr, NULL);
            }
            return;
        }
        emit_frame_error(s, o.err, o.err_off >= o.skipped ? (unsigned long)(o.err_off - o.skipped) : 0);
        drop = o.err_off > o.skipped ? o.err_off : o.skipped + 1;
        s->head += drop < n ? drop : n;
        s->hunting = 1;
        s->line_start = 0;
    }
}

/* Drop what is pending (a partial message is counted as incomplete). */
static void drop_pending(stream *s)
{
    if (!s->hunting && s->len > s->head)
        ctx.incomplete++;
    s->head = s->len = 0;
    s->hunting = 1;
    s->line_start = 1;
}

/* Append in-order bytes and scan them, within PCAP_STREAM_BUF. */
static void feed(stream *s, const unsigned char *data, size_t n)
{
    while (n > 0) {
        size_t k, want;
        if (s->head > 0) { /* move the pending bytes to the front */
            memmove(s->buf, s->buf + s->head, s->len - s->head);
            s->len -= s->head;
            s->head = 0;
        }
        want = s->len + n < PCAP_STREAM_BUF ? s->len + n : PCAP_STREAM_BUF;
        if (s->cap < want) {
            size_t cap = s->cap ? s->cap : 4096;
            char *nb;
            while (cap < want)
                cap *= 2;
            if (cap > PCAP_STREAM_BUF)
                cap = PCAP_STREAM_BUF;
            nb = mem_alloc(cap);
            if (nb != NULL) {
                if (s->len > 0)
                    memcpy(nb, s->buf, s->len);
                mem_free(s->buf, s->cap);
                s->buf = nb;
                s->cap = cap;
            }
        }
        k = s->cap - s->len < n ? s->cap - s->len : n;
        if (k == 0) {
            /* full, and scanning made no room (or no memory): lose the pending
             * bytes rather than stall */
            ctx.gaps++;
            drop_pending(s);
            s->line_start = 0;
            if (s->cap == 0)
                return; /* no memory at all: this data is lost */
            continue;
        }
        memcpy(s->buf + s->len, data, k);
        s->len += k;
        data += k;
        n -= k;
        scan(s);
    }
}

/* Feed the out-of-order segments that have become in order. */
static void drain(stream *s)
{
    int again = 1;
    while (again) {
        seg **link = &s->ooo;
        again = 0;
        while (*link != NULL) {
            seg *g = *link;
            long d = seq_diff(g->seq, s->next_seq);
            if (d > 0) {
                link = &g->next;
                continue;
            }
            *link = g->next;
            s->n_ooo--;
            s->ooo_bytes -= g->len;
            if ((size_t)-d < g->len) {
                size_t over = (size_t)-d;
                s->next_seq += (uint32_t)(g->len - over);
                feed(s, g->data + over, g->len - over);
            }
            mem_free(g, sizeof *g + g->len);
            again = 1;
            break;
        }
    }
}

/* Give up waiting for the bytes before the earliest held segment (or before
 * seq, when that is earlier): the stream is lossy there. */
static void skip_gap(stream *s, int have_seq, uint32_t seq)
{
    const seg *g;
    uint32_t to = seq;
    int found = have_seq;

    for (g = s->ooo; g != NULL; g = g->next)
        if (!found || seq_diff(g->seq, to) < 0) {
            to = g->seq;
            found = 1;
        }
    if (!found)
        return;
    ctx.gaps++;
    drop_pending(s);
    s->next_seq = to;
    drain(s);
}

static int hold(stream *s, uint32_t seq, const unsigned char *data, size_t n)
{
    seg *g;
    for (g = s->ooo; g != NULL; g = g->next)
        if (g->seq == seq && g->len >= n)
            return 1; /* a retransmission of a held segment */
    if (s->n_ooo >= PCAP_OOO_SEGS || n > PCAP_OOO_BYTES - s->ooo_bytes)
        return 0;
    g = mem_alloc(sizeof *g + n);
    if (g == NULL)
        return 0;
    g->seq = seq;
    g->len = n;
    memcpy(g->data, data, n);
    g->next = s->ooo;
    s->ooo = g;
    s->n_ooo++;
    s->ooo_bytes += n;
    return 1;
}

static void segment(stream *s, uint32_t seq, const unsigned char *data, size_t n)
{
    for (;;) {
        long d = seq_diff(seq, s->next_seq);
        if (d <= 0) {
            size_t over = (size_t)-d;
            if (over >= n)
                return; /* a retransmission of bytes already seen */
            s->next_seq += (uint32_t)(n - over);
            feed(s, data + over, n - over);
            drain(s);
            return;
        }
        if (hold(s, seq, data, n))
            return;
        skip_gap(s, 1, seq); /* too much held: move on */
    }
}

/* No more bytes will come: cut what can be cut, across the gaps. */
static void close_stream(stream *s)
{
    if (s->closed)
        return;
    while (s->ooo != NULL)
        skip_gap(s, 0, 0);
    drop_pending(s);
    free_buffers(s);
    s->closed = 1;
}

static void tcp_packet(const pkt *p)
{
    stream *s = find_stream(p->af, p->src, p->sport, p->dst, p->dport);
    uint32_t seq = p->seq;

    if (p->flags & TCP_RST) {
        stream *r = find_stream(p->af, p->dst, p->dport, p->src, p->sport);
        if (s != NULL)
            close_stream(s);
        if (r != NULL)
            close_stream(r);
        return;
    }
    if (p->flags & TCP_SYN) {
        seq = p->seq + 1;
        if (s == NULL)
            s = new_stream(p->af, p->src, p->sport, p->dst, p->dport);
        if (s == NULL) {
            ctx.untracked++;
            return;
        }
        if (s->closed || s->next_seq != seq || s->last == 0) { /* not a repeated SYN */
            close_stream(s);
            restart(s, seq);
        }
    } else if (s == NULL) {
        if (p->len == 0)
            return;
        /* joined in the middle: start at this segment */
        s = new_stream(p->af, p->src, p->sport, p->dst, p->dport);
        if (s == NULL) {
            ctx.untracked++;
            return;
        }
        restart(s, seq);
    }
    s->last = ctx.packets;
    if (s->closed)
        return;
    if (p->len > 0)
        segment(s, seq, p->payload, p->len);
    if ((p->flags & TCP_FIN) && !s->fin) {
        s->fin = 1;
        s->fin_seq = seq + (uint32_t)p->len;
    }
    if (s->fin && s->ooo == NULL && s->next_seq == s->fin_seq)
        close_stream(s);
}

/* ---- The command ----------------------------------------------------------------- */

static void packet(const unsigned char *data, size_t caplen)
{
    pkt p;
    pkt_status st;

    memset(&p, 0, sizeof p);
    st = decode_link(ctx.link, data, caplen, &p);
    if (st == PKT_FRAGMENT) {
        ctx.fragments++;
        return;
    }
    if (st == PKT_TRUNCATED) {
        ctx.truncated++;
        return;
    }
    if (st != PKT_OK) {
        ctx.other++;
        return;
    }
    if (p.proto == 17) {
        if (!emit_message("udp", p.af, p.src, p.sport, p.dst, p.dport, (const char *)p.payload,
                          p.len, 1))
            ctx.non_sip++;
    } else {
        tcp_packet(&p);
    }
}

static void finish_streams(void)
{
    unsigned long i;
    for (i = 0; i < ctx.n_streams; i++) {
        close_stream(&streams[i]);
        free_buffers(&streams[i]);
    }
}

int cli_pcap(const char *path)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    struct stat st;
    FILE *f;
    pcap_t *pc;
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc, dlt;
    unsigned long i;

    memset(&ctx, 0, sizeof ctx);
    for (i = 0; i < PCAP_HASH_SIZE; i++)
        ctx.bucket[i] = -1;
    ctx.label = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (strcmp(path, "-") == 0) {
        f = stdin;
    } else {
        f = fopen(path, "rb");
        if (f == NULL || (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))) {
            int e = f == NULL ? errno : EISDIR;
            if (f != NULL)
                fclose(f);
            fprintf(stderr, "siprove: cannot read '%s': %s\n", path, strerror(e));
            return CLI_EXIT_NOINPUT;
        }
    }
    errbuf[0] = '\0';
    pc = pcap_fopen_offline(f, errbuf);
    if (pc == NULL) {
        fprintf(stderr, "siprove: '%s' is not a capture file: %s\n", ctx.label, errbuf);
        if (f != stdin)
            fclose(f);
        return CLI_EXIT_DATAERR;
    }
    dlt = pcap_datalink(pc);
    ctx.link = link_of(dlt);
    if (ctx.link == LINK_UNSUPPORTED) {
        const char *name = pcap_datalink_val_to_name(dlt);
        fprintf(stderr, "siprove: '%s': link type %s (%d) is not supported\n", ctx.label,
                name != NULL ? name : "unknown", dlt);
        pcap_close(pc);
        return CLI_EXIT_DATAERR;
    }
    while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
        ctx.packets++;
        ctx.now.sec = (long long)h->ts.tv_sec;
        ctx.now.usec = (long)h->ts.tv_usec;
        packet(data, h->caplen);
    }
    finish_streams();
    if (rc == PCAP_ERROR)
        fprintf(stderr, "siprove: '%s' is damaged after packet %lu: %s\n", ctx.label,
                ctx.packets, pcap_geterr(pc));
    fprintf(stderr,
            "siprove: pcap: %lu packets, %lu SIP messages (%lu valid, %lu invalid, "
            "%lu semantic-invalid); skipped %lu non-SIP UDP datagrams, %lu other packets, "
            "%lu IP fragments, %lu truncated packets; TCP: %lu stream directions, %lu gaps, "
            "%lu incomplete messages, %lu packets of untracked streams\n",
            ctx.packets, ctx.messages, ctx.valid, ctx.invalid, ctx.semantic, ctx.non_sip,
            ctx.other, ctx.fragments, ctx.truncated, ctx.streams, ctx.gaps, ctx.incomplete,
            ctx.untracked);
    pcap_close(pc);
    return rc == PCAP_ERROR ? CLI_EXIT_DATAERR : 0;
}

#endif /* SIPR_HAVE_PCAP */
