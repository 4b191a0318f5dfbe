/* siprove: the writers (Criterion): serializer, edits, builder, proxy
 * operations, and what every writer promises about its buffer.
 *
 * - roundtrip: every message of tests/corpus that parses (strictly, else
 *   with every leniency switch) is written back byte for byte;
 * - edits: for every such message and every header line, removing it,
 *   replacing its value by itself, and inserting a line before it give a
 *   message that parses to the same structure, field by field, except for
 *   the edited line; the same for a new Request-URI; the error cases;
 * - builder: whole messages against their expected text, and errors;
 * - proxy: the RFC 3261 §24.2 flow (a forwarded INVITE against the next
 *   message of the flow, responses hop by hop byte for byte), Max-Forwards,
 *   Route, Record-Route, received / rport, the derived branch;
 * - overflow: for every cap from 0 to the size needed, nothing is written
 *   past cap (a guard region after the buffer stays untouched), the status
 *   is SIPR_E_NO_SPACE with the size needed, what was written is a prefix
 *   of the message, and at the size needed the message is complete.
 * Tests run from the repository root (they read tests/corpus/). */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

/* ---- helpers -------------------------------------------------------------------- */

#define MAXMSG (1u << 17)
static char g_in[MAXMSG], g_out[2 * MAXMSG], g_out2[2 * MAXMSG];
static sipr_msg g_m, g_m2, g_m3;

static sipr_str S(const char *s)
{
    sipr_str t;
    t.s = s;
    t.len = (uint32_t)strlen(s);
    return t;
}

static size_t read_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    cr_assert(f != NULL, "cannot open %s", path);
    n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static sipr_status parse_l(const char *buf, size_t len, sipr_msg *m, uint32_t lenient)
{
    sipr_limits l = sipr_limits_default();
    l.max_msg_len = SIPR_MAX_MSG_LEN;
    l.lenient = lenient;
    cr_assert_eq(sipr_msg_init(m, &l), SIPR_OK);
    return sipr_parse(buf, len, m);
}

static int span_is(const char *buf, sipr_span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(buf + s.off, lit, s.len) == 0;
}

static int spans_eq(const char *ba, sipr_span a, const char *bb, sipr_span b)
{
    return a.len == b.len && memcmp(ba + a.off, bb + b.off, a.len) == 0;
}

#define ASSERT_SPANS(ba, a, bb, b, what)                                                           \
    cr_assert(spans_eq(ba, a, bb, b), "%s: \"%.*s\" != \"%.*s\"", what, (int)(a).len,             \
              (ba) + (a).off, (int)(b).len, (bb) + (b).off)

/* The corpus files, sorted (every regular file of tests/corpus/ * / but the
   README and MANIFEST). */
static char g_paths[256][320];
static int g_n_paths;

static int cmp_paths(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void list_corpus(void)
{
    const char *sub[] = {"rfc3261", "rfc3515", "rfc3665", "rfc4475", "rfc4916", "rfc5626"};
    size_t k;
    g_n_paths = 0;
    for (k = 0; k < sizeof sub / sizeof sub[0]; k++) {
        char dir[64];
        DIR *d;
        struct dirent *e;
        snprintf(dir, sizeof dir, "tests/corpus/%s", sub[k]);
        d = opendir(dir);
        cr_assert(d != NULL, "cannot open %s", dir);
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            cr_assert(g_n_paths < 256);
            snprintf(g_paths[g_n_paths++], sizeof g_paths[0], "%s/%s", dir, e->d_name);
        }
        closedir(d);
    }
    qsort(g_paths, (size_t)g_n_paths, sizeof g_paths[0], cmp_paths);
}

/* Reads corpus file k and parses it (strictly, else with every switch);
   returns the switches needed + 1, or 0 when it does not parse. */
static uint32_t load_parsed(int k, size_t *len, sipr_msg *m)
{
    *len = read_file(g_paths[k], g_in, sizeof g_in);
    if (parse_l(g_in, *len, m, 0) == SIPR_OK)
        return 1;
    if (parse_l(g_in, *len, m, SIPR_LENIENT_ALL) == SIPR_OK)
        return 1 + SIPR_LENIENT_ALL;
    return 0;
}

static size_t body_end(const sipr_msg *m)
{
    return (size_t)m->body.off + m->body.len;
}

static int is_item_kind(unsigned k)
{
    return k == SIPR_H_CONTENT_TYPE || k == SIPR_H_ACCEPT || k == SIPR_H_REQUIRE ||
           k == SIPR_H_PROXY_REQUIRE || k == SIPR_H_SUPPORTED || k == SIPR_H_UNSUPPORTED ||
           k == SIPR_H_ALLOW || k == SIPR_H_CONTENT_ENCODING || k == SIPR_H_ALLOW_EVENTS ||
           (k >= SIPR_H_ACCEPT_ENCODING && k <= SIPR_H_AUTHENTICATION_INFO);
}

static void na_eq(const char *ba, const sipr_name_addr *a, const char *bb, const sipr_name_addr *b,
                  const char *what)
{
    ASSERT_SPANS(ba, a->display, bb, b->display, what);
    ASSERT_SPANS(ba, a->uri_text, bb, b->uri_text, what);
    ASSERT_SPANS(ba, a->tag, bb, b->tag, what);
    ASSERT_SPANS(ba, a->expires, bb, b->expires, what);
    ASSERT_SPANS(ba, a->q, bb, b->q, what);
    cr_assert_eq(a->params.count, b->params.count, "%s params", what);
}

static void via_eq(const char *ba, const sipr_via *a, const char *bb, const sipr_via *b, int branch)
{
    ASSERT_SPANS(ba, a->protocol_name, bb, b->protocol_name, "via protocol");
    ASSERT_SPANS(ba, a->transport, bb, b->transport, "via transport");
    ASSERT_SPANS(ba, a->host, bb, b->host, "via host");
    ASSERT_SPANS(ba, a->port_text, bb, b->port_text, "via port");
    if (branch)
        ASSERT_SPANS(ba, a->branch, bb, b->branch, "via branch");
    ASSERT_SPANS(ba, a->received, bb, b->received, "via received");
    ASSERT_SPANS(ba, a->rport, bb, b->rport, "via rport");
    ASSERT_SPANS(ba, a->maddr, bb, b->maddr, "via maddr");
    ASSERT_SPANS(ba, a->ttl, bb, b->ttl, "via ttl");
    cr_assert_eq(a->has_rport, b->has_rport);
    cr_assert_eq(a->params.count, b->params.count, "via params");
}

/* What may differ between two parses. */
#define SKIP_RURI 0x1u
#define SKIP_TOP_BRANCH 0x2u

/* Field by field: every structured field but those of header kind
   skip_kind (SIPR_H__COUNT: none) and the skip flags. */
static void fields_eq(const char *ba, const sipr_msg *a, const char *bb, const sipr_msg *b,
                      unsigned skip_kind, unsigned skip)
{
    unsigned k;
    cr_assert_eq(a->type, b->type);
    ASSERT_SPANS(ba, a->method, bb, b->method, "method");
    if (!(skip & SKIP_RURI))
        ASSERT_SPANS(ba, a->request_uri, bb, b->request_uri, "request_uri");
    ASSERT_SPANS(ba, a->version, bb, b->version, "version");
    cr_assert_eq(a->status_code, b->status_code);
    ASSERT_SPANS(ba, a->reason, bb, b->reason, "reason");
    if (skip_kind != SIPR_H_FROM)
        na_eq(ba, &a->from, bb, &b->from, "from");
    if (skip_kind != SIPR_H_TO)
        na_eq(ba, &a->to, bb, &b->to, "to");
    if (skip_kind != SIPR_H_CALL_ID)
        ASSERT_SPANS(ba, a->call_id, bb, b->call_id, "call_id");
    if (skip_kind != SIPR_H_CSEQ) {
        cr_assert_eq(a->cseq_number, b->cseq_number);
        ASSERT_SPANS(ba, a->cseq_method, bb, b->cseq_method, "cseq_method");
    }
    if (skip_kind != SIPR_H_MAX_FORWARDS) {
        cr_assert_eq(a->has_max_forwards, b->has_max_forwards);
        cr_assert_eq(a->max_forwards, b->max_forwards);
    }
    if (skip_kind != SIPR_H_CONTENT_LENGTH) {
        cr_assert_eq(a->has_content_length, b->has_content_length);
        cr_assert_eq(a->content_length, b->content_length);
    }
    if (skip_kind != SIPR_H_EXPIRES)
        cr_assert_eq(a->expires, b->expires);
    /* without Content-Length the body is the rest of the datagram */
    if (skip_kind != SIPR_H_CONTENT_LENGTH)
        ASSERT_SPANS(ba, a->body, bb, b->body, "body");
    if (skip_kind != SIPR_H_VIA) {
        cr_assert_eq(a->n_vias, b->n_vias);
        for (k = 0; k < a->n_vias; k++)
            via_eq(ba, &a->vias[k], bb, &b->vias[k], k > 0 || !(skip & SKIP_TOP_BRANCH));
    }
    if (skip_kind != SIPR_H_CONTACT) {
        cr_assert_eq(a->contact_star, b->contact_star);
        cr_assert_eq(a->n_contacts, b->n_contacts);
        for (k = 0; k < a->n_contacts; k++)
            na_eq(ba, &a->contacts[k], bb, &b->contacts[k], "contact");
    }
    if (!is_item_kind(skip_kind)) {
        cr_assert_eq(a->n_items, b->n_items);
        for (k = 0; k < a->n_items; k++) {
            ASSERT_SPANS(ba, a->items[k].value, bb, b->items[k].value, "item");
            ASSERT_SPANS(ba, a->items[k].sub, bb, b->items[k].sub, "item sub");
            ASSERT_SPANS(ba, a->items[k].extra, bb, b->items[k].extra, "item extra");
        }
    }
}

/* The header lines of a, without line skip_a, are those of b without line
   skip_b (SIPR_NONE: none): kind, name and value text. */
static void headers_eq(const char *ba, const sipr_msg *a, unsigned skip_a, const char *bb,
                       const sipr_msg *b, unsigned skip_b)
{
    unsigned i = 0, j = 0;
    for (;;) {
        if (i == skip_a)
            i++;
        if (j == skip_b)
            j++;
        if (i >= a->n_headers || j >= b->n_headers)
            break;
        cr_assert_eq(a->headers[i].kind, b->headers[j].kind, "line %u/%u kind", i, j);
        ASSERT_SPANS(ba, a->headers[i].name, bb, b->headers[j].name, "header name");
        ASSERT_SPANS(ba, a->headers[i].value, bb, b->headers[j].value, "header value");
        i++;
        j++;
    }
    cr_assert(i >= a->n_headers && j >= b->n_headers, "header counts %u / %u", a->n_headers,
              b->n_headers);
}

/* ---- roundtrip ---------------------------------------------------------------------- */

Test(roundtrip, corpus_byte_for_byte)
{
    int k, checked = 0, lenient = 0;
    list_corpus();
    cr_assert(g_n_paths >= 90, "corpus: %d files", g_n_paths);
    for (k = 0; k < g_n_paths; k++) {
        size_t len, n;
        const uint32_t p = load_parsed(k, &len, &g_m);
        if (p == 0)
            continue;
        cr_assert_eq(sipr_serialize(g_in, len, &g_m, g_out, sizeof g_out, &n), SIPR_OK, "%s",
                     g_paths[k]);
        cr_assert_eq(n, body_end(&g_m), "%s", g_paths[k]);
        cr_assert(memcmp(g_out, g_in, n) == 0, "%s: not byte for byte", g_paths[k]);
        /* only a datagram with octets after Content-Length loses them */
        if (n != len)
            cr_assert(g_m.has_content_length && g_m.content_length < len - g_m.body.off,
                      "%s", g_paths[k]);
        checked++;
        lenient += p > 1;
    }
    cr_assert(checked >= 70, "only %d corpus messages parsed", checked);
}

Test(roundtrip, lenient_messages)
{
    static const char *const msgs[] = {
        /* bare LF everywhere */
        "OPTIONS sip:b@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nCall-ID: 1@h\n\n",
        /* no empty line */
        "OPTIONS sip:b@example.com SIP/2.0\r\nCall-ID: 1@h\r\nCSeq: 1 OPTIONS\r\n",
        /* start-line spaces, a fold before a colon, a folded value */
        "OPTIONS  sip:b@example.com SIP/2.0 \r\nSubject\r\n : a\r\n  b\r\nCall-ID: 1@h\r\n\r\nbody",
    };
    size_t k;
    for (k = 0; k < sizeof msgs / sizeof msgs[0]; k++) {
        const size_t len = strlen(msgs[k]);
        size_t n;
        cr_assert_eq(parse_l(msgs[k], len, &g_m, SIPR_LENIENT_ALL), SIPR_OK, "msg %zu", k);
        cr_assert_eq(sipr_serialize(msgs[k], len, &g_m, g_out, sizeof g_out, &n), SIPR_OK);
        cr_assert_eq(n, len);
        cr_assert(memcmp(g_out, msgs[k], len) == 0, "msg %zu", k);
    }
}

Test(roundtrip, bytes_after_content_length_are_not_written)
{
    const char *msg = "OPTIONS sip:b@example.com SIP/2.0\r\nContent-Length: 2\r\n\r\nabEXTRA";
    size_t n;
    cr_assert_eq(parse_l(msg, strlen(msg), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_serialize(msg, strlen(msg), &g_m, g_out, sizeof g_out, &n), SIPR_OK);
    cr_assert_eq(n, strlen(msg) - 5);
    cr_assert(memcmp(g_out, msg, n) == 0);
}

Test(roundtrip, not_a_parse_result)
{
    const char *msg = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: x\r\n\r\n";
    size_t n = 99;
    cr_assert_neq(parse_l(msg, strlen(msg), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_serialize(msg, strlen(msg), &g_m, g_out, sizeof g_out, &n), SIPR_E_EDIT);
    cr_assert_eq(n, 0);
    /* a parse of another buffer */
    cr_assert_eq(parse_l("OPTIONS sip:b SIP/2.0\r\n\r\n", 25, &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_serialize(msg, strlen(msg), &g_m, g_out, sizeof g_out, &n), SIPR_E_EDIT);
}

/* ---- edits ------------------------------------------------------------------------------ */

/* Applies edits to corpus message (g_in, len, g_m) and parses the result
   into g_m2 with the same switches. */
static void edit_and_parse(size_t len, uint32_t lenient, const sipr_edit *e, size_t n,
                           size_t *out_len, const char *what)
{
    sipr_status st = sipr_serialize_edited(g_in, len, &g_m, e, n, g_out, sizeof g_out, out_len);
    cr_assert_eq(st, SIPR_OK, "%s: %s", what, sipr_strerror(st));
    st = parse_l(g_out, *out_len, &g_m2, lenient);
    cr_assert_eq(st, SIPR_OK, "%s: the edited message does not parse: %s at %u", what,
                 sipr_strerror(st), g_m2.err_off);
}

static int value_is_plain(const char *buf, sipr_span v)
{
    uint32_t k;
    for (k = 0; k < v.len; k++)
        if ((unsigned char)buf[v.off + k] < 0x20 && buf[v.off + k] != '\t')
            return 0;
    return 1;
}

Test(edits, every_line_of_the_corpus)
{
    int k, edited = 0;
    list_corpus();
    for (k = 0; k < g_n_paths; k++) {
        size_t len, n;
        unsigned i;
        const uint32_t p = load_parsed(k, &len, &g_m);
        const uint32_t lenient = p > 1 ? SIPR_LENIENT_ALL : 0;
        if (p == 0)
            continue;
        for (i = 0; i < g_m.n_headers; i++) {
            sipr_edit e;
            const unsigned kind = g_m.headers[i].kind;
            char what[400];
            snprintf(what, sizeof what, "%.320s line %u", g_paths[k], i);

            /* remove */
            memset(&e, 0, sizeof e);
            e.op = SIPR_EDIT_REMOVE;
            e.line = (uint16_t)i;
            edit_and_parse(len, lenient, &e, 1, &n, what);
            cr_assert_eq(g_m2.n_headers + 1u, g_m.n_headers, "%s", what);
            headers_eq(g_in, &g_m, i, g_out, &g_m2, SIPR_NONE);
            fields_eq(g_in, &g_m, g_out, &g_m2, kind, 0);

            /* insert a line before it, by name */
            memset(&e, 0, sizeof e);
            e.op = SIPR_EDIT_INSERT;
            e.line = (uint16_t)i;
            e.kind = SIPR_H_OTHER;
            e.name = S("X-Siprove-Test");
            e.value = S("inserted;a=b");
            edit_and_parse(len, lenient, &e, 1, &n, what);
            cr_assert_eq(g_m2.n_headers, g_m.n_headers + 1u, "%s", what);
            cr_assert(span_is(g_out, g_m2.headers[i].name, "X-Siprove-Test"), "%s", what);
            cr_assert(span_is(g_out, g_m2.headers[i].value, "inserted;a=b"), "%s", what);
            headers_eq(g_in, &g_m, SIPR_NONE, g_out, &g_m2, i);
            fields_eq(g_in, &g_m, g_out, &g_m2, SIPR_H__COUNT, 0);

            /* replace the value by itself: written canonically, the same
               structure (values that are folded hold CR LF: not text) */
            if (value_is_plain(g_in, g_m.headers[i].value)) {
                memset(&e, 0, sizeof e);
                e.op = SIPR_EDIT_REPLACE;
                e.line = (uint16_t)i;
                e.value.s = g_in + g_m.headers[i].value.off;
                e.value.len = g_m.headers[i].value.len;
                edit_and_parse(len, lenient, &e, 1, &n, what);
                headers_eq(g_in, &g_m, SIPR_NONE, g_out, &g_m2, SIPR_NONE);
                fields_eq(g_in, &g_m, g_out, &g_m2, SIPR_H__COUNT, 0);
            }
            edited++;
        }
        /* a new Request-URI */
        if (g_m.type == SIPR_MSG_REQUEST) {
            sipr_edit e;
            memset(&e, 0, sizeof e);
            e.op = SIPR_EDIT_REQUEST_URI;
            e.value = S("sip:carol@chicago.example.com;transport=tcp");
            edit_and_parse(len, lenient, &e, 1, &n, g_paths[k]);
            cr_assert(span_is(g_out, g_m2.request_uri, "sip:carol@chicago.example.com;transport=tcp"));
            cr_assert(span_is(g_out, g_m2.ruri.host, "chicago.example.com"));
            headers_eq(g_in, &g_m, SIPR_NONE, g_out, &g_m2, SIPR_NONE);
            fields_eq(g_in, &g_m, g_out, &g_m2, SIPR_H__COUNT, SKIP_RURI);
        }
    }
    cr_assert(edited > 500, "only %d lines edited", edited);
}

static size_t load(const char *path, sipr_msg *m)
{
    const size_t len = read_file(path, g_in, sizeof g_in);
    cr_assert_eq(parse_l(g_in, len, m, 0), SIPR_OK, "%s", path);
    return len;
}

#define F01 "tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip"
#define F03 "tests/corpus/rfc3261/24.2-F03-invite-atlanta-com-proxy-biloxi-com-proxy.sip"
#define F05 "tests/corpus/rfc3261/24.2-F05-invite-biloxi-com-proxy-bob.sip"
#define F06 "tests/corpus/rfc3261/24.2-F06-180-ringing-bob-biloxi-com-proxy.sip"
#define F07 "tests/corpus/rfc3261/24.2-F07-180-ringing-biloxi-com-proxy-atlanta-com-proxy.sip"
#define F08 "tests/corpus/rfc3261/24.2-F08-180-ringing-atlanta-com-proxy-alice.sip"
#define F09 "tests/corpus/rfc3261/24.2-F09-200-ok-bob-biloxi-com-proxy.sip"
#define F10 "tests/corpus/rfc3261/24.2-F10-200-ok-biloxi-com-proxy-atlanta-com-proxy.sip"
#define F11 "tests/corpus/rfc3261/24.2-F11-200-ok-atlanta-com-proxy-alice.sip"
#define F13 "tests/corpus/rfc3261/24.2-F13-bye-bob-alice.sip"

Test(edits, several_at_once_in_list_order)
{
    const size_t len = load(F01, &g_m);
    sipr_edit e[5];
    size_t n;
    const char *expect =
        "INVITE sip:bob@192.0.2.4 SIP/2.0\r\n"
        "v: SIP/2.0/UDP p.example.com;branch=z9hG4bK1\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n"
        "Max-Forwards: 10\r\n"
        "To: Bob <sip:bob@biloxi.com>\r\n"
        "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
        "CSeq: 314159 INVITE\r\n"
        "Contact: <sip:alice@pc33.atlanta.com>\r\n"
        "Content-Type: application/sdp\r\n"
        "Content-Length: 151\r\n"
        "Subject: last\r\n"
        "\r\n";
    memset(e, 0, sizeof e);
    e[0].op = SIPR_EDIT_REQUEST_URI;
    e[0].value = S("sip:bob@192.0.2.4");
    e[1].op = SIPR_EDIT_REPLACE;
    e[1].line = 1; /* Max-Forwards */
    e[1].value = S("10");
    e[2].op = SIPR_EDIT_REMOVE;
    e[2].line = 4; /* Call-ID */
    e[3].op = SIPR_EDIT_INSERT;
    e[3].line = 0;
    e[3].kind = SIPR_H_VIA;
    e[3].compact = 1;
    e[3].value = S("SIP/2.0/UDP p.example.com;branch=z9hG4bK1");
    e[4].op = SIPR_EDIT_INSERT;
    e[4].line = 999; /* after the last line */
    e[4].kind = SIPR_H_OTHER;
    e[4].name = S("Subject");
    e[4].value = S("last");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 5, g_out, sizeof g_out, &n), SIPR_OK);
    cr_assert_eq(n, strlen(expect) + 151);
    cr_assert(memcmp(g_out, expect, strlen(expect)) == 0, "got:\n%.*s", (int)n, g_out);
    cr_assert(memcmp(g_out + strlen(expect), g_in + g_m.body.off, 151) == 0);
}

Test(edits, inserts_before_one_line_keep_their_order)
{
    const size_t len = load(F01, &g_m);
    sipr_edit e[2];
    size_t n;
    memset(e, 0, sizeof e);
    e[0].op = e[1].op = SIPR_EDIT_INSERT;
    e[0].line = e[1].line = 2;
    e[0].kind = SIPR_H_SUPPORTED;
    e[0].value = S("100rel");
    e[1].kind = SIPR_H_SUPPORTED;
    e[1].compact = 1;
    e[1].value = S("timer");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 2, g_out, sizeof g_out, &n), SIPR_OK);
    cr_assert_eq(parse_l(g_out, n, &g_m2, 0), SIPR_OK);
    cr_assert(span_is(g_out, g_m2.headers[2].name, "Supported"));
    cr_assert(span_is(g_out, g_m2.headers[3].name, "k"));
    cr_assert(span_is(g_out, g_m2.headers[3].value, "timer"));
    cr_assert_eq(g_m2.n_items, g_m.n_items + 2u);
}

Test(edits, errors)
{
    const size_t len = load(F01, &g_m);
    sipr_edit e[2];
    size_t n;
    memset(e, 0, sizeof e);
    e[0].op = SIPR_EDIT_REMOVE;
    e[0].line = g_m.n_headers; /* no such line */
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n), SIPR_E_EDIT);
    e[0].line = 3;
    e[1].op = SIPR_EDIT_REPLACE; /* the same line twice */
    e[1].line = 3;
    e[1].value = S("x");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 2, g_out, sizeof g_out, &n), SIPR_E_EDIT);
    e[0].op = 99; /* no such operation */
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n), SIPR_E_EDIT);
    /* a value that would inject a line */
    e[0].op = SIPR_EDIT_REPLACE;
    e[0].value = S("x\r\nVia: SIP/2.0/UDP evil");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n),
                 SIPR_E_HEADER_VALUE);
    e[0].op = SIPR_EDIT_INSERT;
    e[0].kind = SIPR_H_OTHER;
    e[0].name = S("Bad Name");
    e[0].value = S("x");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n),
                 SIPR_E_HEADER_NAME);
    e[0].name = S("");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n),
                 SIPR_E_HEADER_NAME);
    e[0].kind = SIPR_H__COUNT;
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n), SIPR_E_EDIT);
    e[0].op = SIPR_EDIT_REQUEST_URI;
    e[0].value = S("sip:a b");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n),
                 SIPR_E_REQUEST_URI);
    e[0].value = S("");
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 1, g_out, sizeof g_out, &n),
                 SIPR_E_REQUEST_URI);
    e[0].value = S("sip:a");
    e[1] = e[0]; /* two Request-URIs */
    cr_assert_eq(sipr_serialize_edited(g_in, len, &g_m, e, 2, g_out, sizeof g_out, &n), SIPR_E_EDIT);
    /* a response has no Request-URI */
    {
        const size_t rlen = load(F06, &g_m);
        cr_assert_eq(sipr_serialize_edited(g_in, rlen, &g_m, e, 1, g_out, sizeof g_out, &n),
                     SIPR_E_EDIT);
    }
}

/* ---- builder ---------------------------------------------------------------------------- */

Test(builder, invite)
{
    static const char sdp[] = "v=0\r\n";
    const sipr_str_param lr = {{"lr", 2}, {"", 0}};
    sipr_builder b;
    sipr_via_spec via;
    sipr_addr_spec to, from, contact, route;
    size_t n;
    const char *expect = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP pc33.atlanta.com:5060;branch=z9hG4bKnashds8;rport\r\n"
                         "Max-Forwards: 70\r\n"
                         "Route: <sip:p1.example.com>;lr\r\n"
                         "To: \"Bob \\\"B\\\\\" <sip:bob@biloxi.com>\r\n"
                         "From: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774\r\n"
                         "Call-ID: a84b4c76e66710\r\n"
                         "CSeq: 314159 INVITE\r\n"
                         "Contact: <sip:alice@pc33.atlanta.com>\r\n"
                         "Content-Type: application/sdp\r\n"
                         "Subject: lunch\r\n"
                         "Content-Length: 5\r\n"
                         "\r\n"
                         "v=0\r\n";
    memset(&via, 0, sizeof via);
    via.transport = S("UDP");
    via.host = S("pc33.atlanta.com");
    via.port = 5060;
    via.branch = S("z9hG4bKnashds8");
    via.rport = 1;
    memset(&to, 0, sizeof to);
    to.display = S("Bob \"B\\");
    to.uri = S("sip:bob@biloxi.com");
    from = to;
    from.display = S("Alice");
    from.uri = S("sip:alice@atlanta.com");
    from.tag = S("1928301774");
    memset(&contact, 0, sizeof contact);
    contact.uri = S("sip:alice@pc33.atlanta.com");
    memset(&route, 0, sizeof route);
    route.uri = S("sip:p1.example.com");
    route.params = &lr;
    route.n_params = 1;

    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_request_line(&b, S("INVITE"), S("sip:bob@biloxi.com"));
    sipr_build_via(&b, &via);
    sipr_build_max_forwards(&b, 70);
    sipr_build_addr(&b, S("Route"), &route);
    sipr_build_addr(&b, S("To"), &to);
    sipr_build_addr(&b, S("From"), &from);
    sipr_build_call_id(&b, S("a84b4c76e66710"));
    sipr_build_cseq(&b, 314159, S("INVITE"));
    sipr_build_addr(&b, S("Contact"), &contact);
    sipr_build_content_type(&b, S("application/sdp"));
    sipr_build_header(&b, S("Subject"), S("lunch"));
    cr_assert_eq(sipr_build_end(&b, sdp, 5, &n), SIPR_OK);
    cr_assert_eq(n, strlen(expect));
    cr_assert(memcmp(g_out, expect, n) == 0, "got:\n%.*s", (int)n, g_out);
    /* it parses to what was built */
    cr_assert_eq(parse_l(g_out, n, &g_m, 0), SIPR_OK);
    cr_assert(span_is(g_out, g_m.vias[0].branch, "z9hG4bKnashds8"));
    cr_assert_eq(g_m.vias[0].has_rport, 1);
    cr_assert(span_is(g_out, g_m.from.tag, "1928301774"));
    cr_assert(span_is(g_out, g_m.to.display, "\"Bob \\\"B\\\\\""));
    cr_assert_eq(g_m.content_length, 5);
    cr_assert_eq(g_m.body.len, 5);
    cr_assert_eq(sipr_validate(g_out, n, &g_m, NULL).code, SIPR_V_OK);
}

Test(builder, response_compact_and_received)
{
    sipr_builder b;
    sipr_via_spec via;
    sipr_addr_spec to;
    size_t n;
    const char *expect = "SIP/2.0 180 Ringing\r\n"
                         "v: SIP/2.0/TCP [2001:db8::1];branch=z9hG4bK7;received=2001:db8::9;rport=5070\r\n"
                         "t: <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
                         "i: x@y\r\n"
                         "CSeq: 1 INVITE\r\n"
                         "l: 0\r\n"
                         "\r\n";
    memset(&via, 0, sizeof via);
    via.transport = S("TCP");
    via.host = S("[2001:db8::1]");
    via.branch = S("z9hG4bK7");
    via.received = S("2001:db8::9");
    via.rport = 2;
    via.rport_value = 5070;
    memset(&to, 0, sizeof to);
    to.uri = S("sip:bob@biloxi.com");
    to.tag = S("a6c85cf");
    sipr_builder_init(&b, g_out, sizeof g_out, 1);
    sipr_build_status_line(&b, 180, S("Ringing"));
    sipr_build_via(&b, &via);
    sipr_build_addr(&b, S("t"), &to);
    sipr_build_call_id(&b, S("x@y"));
    sipr_build_cseq(&b, 1, S("INVITE"));
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    cr_assert_eq(n, strlen(expect));
    cr_assert(memcmp(g_out, expect, n) == 0, "got:\n%.*s", (int)n, g_out);
    cr_assert_eq(parse_l(g_out, n, &g_m, 0), SIPR_OK);
    cr_assert_eq(g_m.status_code, 180);
    cr_assert(span_is(g_out, g_m.vias[0].received, "2001:db8::9"));
    cr_assert(span_is(g_out, g_m.vias[0].rport, "5070"));
}

/* A builder call that fails makes every later one do nothing, and
   sipr_build_end returns the first error. */
static sipr_status build_fail(int which)
{
    sipr_builder b;
    sipr_via_spec via;
    sipr_addr_spec a;
    sipr_str_param bad = {{"a b", 3}, {"", 0}};
    size_t n = 7;
    sipr_status st;
    memset(&via, 0, sizeof via);
    via.transport = S("UDP");
    via.host = S("h");
    memset(&a, 0, sizeof a);
    a.uri = S("sip:a@b");
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    if (which != 0)
        sipr_build_request_line(&b, S("OPTIONS"), S("sip:b"));
    switch (which) {
    case 0: sipr_build_header(&b, S("Subject"), S("before the start line")); break;
    case 1: sipr_build_request_line(&b, S("OPTIONS"), S("sip:b")); break; /* twice */
    case 2: sipr_build_header(&b, S("Subject"), S("a\r\nb")); break;
    case 3: sipr_build_header(&b, S("Sub:ject"), S("a")); break;
    case 4: sipr_build_max_forwards(&b, 256); break;
    case 5: sipr_build_cseq(&b, 0x80000000u, S("OPTIONS")); break;
    case 6: via.host = S("h;x=1"); sipr_build_via(&b, &via); break;
    case 7: via.rport = 3; sipr_build_via(&b, &via); break;
    case 8: a.uri = S("sip:a>b"); sipr_build_addr(&b, S("To"), &a); break;
    case 9: a.params = &bad; a.n_params = 1; sipr_build_addr(&b, S("To"), &a); break;
    case 10: a.tag = S("x y"); sipr_build_addr(&b, S("To"), &a); break;
    case 11: sipr_build_call_id(&b, S("a b")); break;
    case 12: sipr_build_content_type(&b, S("")); break;
    case 13: sipr_build_cseq(&b, 1, S("")); break;
    default: break;
    }
    sipr_build_header(&b, S("Subject"), S("after"));
    st = sipr_build_end(&b, NULL, 0, &n);
    cr_assert_eq(n, 0);
    return st;
}

Test(builder, errors)
{
    sipr_builder b;
    size_t n;
    cr_assert_eq(build_fail(0), SIPR_E_EDIT);
    cr_assert_eq(build_fail(1), SIPR_E_EDIT);
    cr_assert_eq(build_fail(2), SIPR_E_HEADER_VALUE);
    cr_assert_eq(build_fail(3), SIPR_E_HEADER_NAME);
    cr_assert_eq(build_fail(4), SIPR_E_NUMBER_RANGE);
    cr_assert_eq(build_fail(5), SIPR_E_NUMBER_RANGE);
    cr_assert_eq(build_fail(6), SIPR_E_HEADER_VALUE);
    cr_assert_eq(build_fail(7), SIPR_E_HEADER_VALUE);
    cr_assert_eq(build_fail(8), SIPR_E_URI);
    cr_assert_eq(build_fail(9), SIPR_E_HEADER_VALUE);
    cr_assert_eq(build_fail(10), SIPR_E_HEADER_VALUE);
    cr_assert_eq(build_fail(11), SIPR_E_HEADER_VALUE);
    cr_assert_eq(build_fail(12), SIPR_E_HEADER_VALUE);
    cr_assert_eq(build_fail(13), SIPR_E_HEADER_VALUE);
    /* start lines */
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_status_line(&b, 99, S("x"));
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_STATUS_CODE);
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_status_line(&b, 200, S("O\nK"));
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_START_LINE);
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_request_line(&b, S("IN VITE"), S("sip:b"));
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_START_LINE);
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_request_line(&b, S("INVITE"), S("sip:b c"));
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_REQUEST_URI);
    /* no start line at all; ending twice */
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_EDIT);
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_request_line(&b, S("OPTIONS"), S("sip:b"));
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_EDIT);
    /* a body above the largest message */
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_request_line(&b, S("OPTIONS"), S("sip:b"));
    cr_assert_eq(sipr_build_end(&b, g_out, (size_t)SIPR_MAX_MSG_LEN + 1u, &n), SIPR_E_TOO_LONG);
}

/* ---- proxy ------------------------------------------------------------------------------ */

static sipr_proxy proxy(const char *host, uint16_t port)
{
    sipr_proxy p;
    memset(&p, 0, sizeof p);
    p.host = S(host);
    p.port = port;
    return p;
}

/* Forward the message of path as p; the result parsed in g_m2. */
static size_t forward(const char *path, const sipr_proxy *p, size_t *in_len)
{
    uint16_t resp = 1;
    size_t n;
    sipr_status st;
    *in_len = load(path, &g_m);
    st = sipr_proxy_forward(g_in, *in_len, &g_m, p, g_out, sizeof g_out, &n, &resp);
    cr_assert_eq(st, SIPR_OK, "%s: %s", path, sipr_strerror(st));
    cr_assert_eq(resp, 0);
    cr_assert_eq(parse_l(g_out, n, &g_m2, 0), SIPR_OK, "forwarded %s does not parse:\n%.*s", path,
                 (int)n, g_out);
    return n;
}

static void assert_derived_branch(const char *buf, sipr_span b)
{
    uint32_t k;
    cr_assert_eq(b.len, SIPR_BRANCH_LEN);
    cr_assert(memcmp(buf + b.off, "z9hG4bK", 7) == 0);
    for (k = 7; k < b.len; k++) {
        const char c = buf[b.off + k];
        cr_assert((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}

/* F1 forwarded by the atlanta.com proxy (received from 192.0.2.1) is F3,
   field by field, but for the new branch (RFC 3261 §24.2). */
Test(proxy, invite_f1_forwarded_is_f3)
{
    sipr_proxy p = proxy("bigbox3.site3.atlanta.com", 0);
    size_t len, n, len3;
    p.src_host = S("192.0.2.1");
    p.src_port = 5060;
    n = forward(F01, &p, &len);
    cr_assert_eq(g_m2.n_vias, 2);
    cr_assert(span_is(g_out, g_m2.vias[0].host, "bigbox3.site3.atlanta.com"));
    assert_derived_branch(g_out, g_m2.vias[0].branch);
    cr_assert_eq(g_m2.max_forwards, 69);
    /* the Via line that was added is the top one, before the old Via */
    cr_assert_eq(g_m2.headers[0].kind, SIPR_H_VIA);
    cr_assert(span_is(g_out, g_m2.vias[1].received, "192.0.2.1"));
    len3 = read_file(F03, g_out2, sizeof g_out2);
    cr_assert_eq(parse_l(g_out2, len3, &g_m3, 0), SIPR_OK);
    fields_eq(g_out, &g_m2, g_out2, &g_m3, SIPR_H__COUNT, SKIP_TOP_BRANCH);
    cr_assert_eq(g_m2.n_headers, g_m3.n_headers);
    /* the body is the input's */
    cr_assert(memcmp(g_out + g_m2.body.off, g_in + g_m.body.off, g_m.body.len) == 0);
    (void)n;
}

/* F3 forwarded by the biloxi.com proxy (from 192.0.2.2), with the
   Request-URI its location service gives (an edit), is F5 field by field. */
Test(proxy, invite_f3_forwarded_and_retargeted_is_f5)
{
    sipr_proxy p = proxy("server10.biloxi.com", 0);
    sipr_edit e;
    size_t len, n, n2, len5;
    p.src_host = S("192.0.2.2");
    n = forward(F03, &p, &len);
    memset(&e, 0, sizeof e);
    e.op = SIPR_EDIT_REQUEST_URI;
    e.value = S("sip:bob@192.0.2.4");
    cr_assert_eq(sipr_serialize_edited(g_out, n, &g_m2, &e, 1, g_out2, sizeof g_out2, &n2), SIPR_OK);
    memcpy(g_out, g_out2, n2);
    cr_assert_eq(parse_l(g_out, n2, &g_m2, 0), SIPR_OK);
    len5 = read_file(F05, g_out2, sizeof g_out2);
    cr_assert_eq(parse_l(g_out2, len5, &g_m3, 0), SIPR_OK);
    fields_eq(g_out, &g_m2, g_out2, &g_m3, SIPR_H__COUNT, SKIP_TOP_BRANCH);
    cr_assert_eq(g_m2.max_forwards, 68);
    (void)len;
}

/* Responses hop by hop (§16.7): exactly the next message of the flow. */
Test(proxy, responses_hop_by_hop_byte_for_byte)
{
    static const char *const hops[][3] = {
        {F06, F07, "server10.biloxi.com"},
        {F07, F08, "bigbox3.site3.atlanta.com"},
        {F09, F10, "server10.biloxi.com"},
        {F10, F11, "bigbox3.site3.atlanta.com"},
    };
    size_t k;
    for (k = 0; k < sizeof hops / sizeof hops[0]; k++) {
        const sipr_proxy p = proxy(hops[k][2], 5060);
        const size_t len = load(hops[k][0], &g_m);
        size_t n, n2;
        cr_assert_eq(sipr_proxy_response(g_in, len, &g_m, &p, g_out, sizeof g_out, &n), SIPR_OK);
        n2 = read_file(hops[k][1], g_out2, sizeof g_out2);
        cr_assert_eq(n, n2, "%s", hops[k][0]);
        cr_assert(memcmp(g_out, g_out2, n) == 0, "%s", hops[k][0]);
        /* without a proxy to check */
        cr_assert_eq(sipr_proxy_response(g_in, len, &g_m, NULL, g_out, sizeof g_out, &n), SIPR_OK);
        cr_assert(memcmp(g_out, g_out2, n) == 0);
    }
}

Test(proxy, responses_not_forwarded)
{
    sipr_proxy p = proxy("server10.biloxi.com", 0);
    size_t len = load(F06, &g_m), n;
    p.port = 5070; /* another port */
    cr_assert_eq(sipr_proxy_response(g_in, len, &g_m, &p, g_out, sizeof g_out, &n),
                 SIPR_E_NOT_THIS_PROXY);
    p = proxy("bigbox3.site3.atlanta.com", 0);
    cr_assert_eq(sipr_proxy_response(g_in, len, &g_m, &p, g_out, sizeof g_out, &n),
                 SIPR_E_NOT_THIS_PROXY);
    /* F8 has only Alice's Via */
    len = load(F08, &g_m);
    cr_assert_eq(sipr_proxy_response(g_in, len, &g_m, NULL, g_out, sizeof g_out, &n),
                 SIPR_E_NO_VIA_LEFT);
    /* a request is not a response, and back */
    len = load(F01, &g_m);
    cr_assert_eq(sipr_proxy_response(g_in, len, &g_m, NULL, g_out, sizeof g_out, &n), SIPR_E_EDIT);
    len = load(F06, &g_m);
    p = proxy("x", 0);
    {
        uint16_t r;
        cr_assert_eq(sipr_proxy_forward(g_in, len, &g_m, &p, g_out, sizeof g_out, &n, &r),
                     SIPR_E_EDIT);
    }
}

Test(proxy, response_via_list_on_one_line)
{
    const char *msg = "SIP/2.0 200 OK\r\n"
                      "v: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1 ,\r\n SIP/2.0/UDP a.example.com;branch=z9hG4bK2\r\n"
                      "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3\r\n"
                      "Call-ID: x\r\n\r\n";
    const char *expect = "SIP/2.0 200 OK\r\n"
                         "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK2\r\n"
                         "Via: SIP/2.0/UDP c.example.com;branch=z9hG4bK3\r\n"
                         "Call-ID: x\r\n\r\n";
    const sipr_proxy p = proxy("P1.example.com", 5060);
    size_t n;
    cr_assert_eq(parse_l(msg, strlen(msg), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_proxy_response(msg, strlen(msg), &g_m, &p, g_out, sizeof g_out, &n), SIPR_OK);
    cr_assert_eq(n, strlen(expect));
    cr_assert(memcmp(g_out, expect, n) == 0, "got:\n%.*s", (int)n, g_out);
}

Test(proxy, max_forwards)
{
    const char *zero = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                       "Max-Forwards: 0\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\n\r\n";
    const char *none = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                       "Via: SIP/2.0/UDP g;branch=z9hG4bK0\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\n\r\n";
    const char *expect = "OPTIONS sip:b@example.com SIP/2.0\r\n"
                         "Via: SIP/2.0/TCP 10.0.0.1:5070;branch=z9hG4bK-mine\r\n"
                         "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                         "Via: SIP/2.0/UDP g;branch=z9hG4bK0\r\n"
                         "Max-Forwards: 70\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\n\r\n";
    sipr_proxy p = proxy("10.0.0.1", 5070);
    uint16_t resp = 0;
    size_t n = 5;
    memset(g_out, 0x5A, 64);
    cr_assert_eq(parse_l(zero, strlen(zero), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_proxy_forward(zero, strlen(zero), &g_m, &p, g_out, sizeof g_out, &n, &resp),
                 SIPR_E_TOO_MANY_HOPS);
    cr_assert_eq(resp, 483);
    cr_assert_eq(n, 0);
    cr_assert_eq(g_out[0], 0x5A, "nothing is written");
    /* none: 70 after the Vias (§16.6 step 3); a stateful proxy's branch */
    p.transport = S("TCP");
    p.branch = S("z9hG4bK-mine");
    cr_assert_eq(parse_l(none, strlen(none), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_proxy_forward(none, strlen(none), &g_m, &p, g_out, sizeof g_out, &n, &resp),
                 SIPR_OK);
    cr_assert_eq(n, strlen(expect));
    cr_assert(memcmp(g_out, expect, n) == 0, "got:\n%.*s", (int)n, g_out);
    /* a bad proxy name */
    p.host = S("a b");
    cr_assert_eq(sipr_proxy_forward(none, strlen(none), &g_m, &p, g_out, sizeof g_out, &n, &resp),
                 SIPR_E_HEADER_VALUE);
    p.host = S("h");
    p.branch = S("x;y");
    cr_assert_eq(sipr_proxy_forward(none, strlen(none), &g_m, &p, g_out, sizeof g_out, &n, &resp),
                 SIPR_E_HEADER_VALUE);
}

/* Forward msg as p; the text expected. */
static void forward_text(const char *msg, const sipr_proxy *p, const char *expect)
{
    uint16_t resp;
    size_t n;
    cr_assert_eq(parse_l(msg, strlen(msg), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_proxy_forward(msg, strlen(msg), &g_m, p, g_out, sizeof g_out, &n, &resp),
                 SIPR_OK);
    cr_assert(n == strlen(expect) && memcmp(g_out, expect, n) == 0, "got:\n%.*s\nexpected:\n%s",
              (int)n, g_out, expect);
    cr_assert_eq(parse_l(g_out, n, &g_m2, 0), SIPR_OK);
}

#define REQ_HEAD "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKabc\r\nMax-Forwards: 5\r\n"
#define FWD_VIAS "Via: SIP/2.0/UDP p.example.com;branch=z9hG4bK-p\r\n" \
                 "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKabc\r\n"
#define FWD_HEAD FWD_VIAS "Max-Forwards: 4\r\n"
#define REQ_TAIL "Call-ID: c\r\nCSeq: 1 INVITE\r\n\r\n"

Test(proxy, routes)
{
    sipr_proxy p = proxy("p.example.com", 0);
    p.branch = S("z9hG4bK-p");
    /* §16.4: the first value names this proxy (port 5060 by default) */
    forward_text("INVITE sip:b@b.example.com SIP/2.0\r\n" REQ_HEAD
                 "Route: <sip:P.EXAMPLE.COM:5060;lr>, <sip:q.example.com;lr>\r\n"
                 "Route: \"x, y\" <sip:r.example.com;lr>;foo=\"a,b\"\r\n" REQ_TAIL,
                 &p,
                 "INVITE sip:b@b.example.com SIP/2.0\r\n" FWD_HEAD
                 "Route: <sip:q.example.com;lr>\r\n"
                 "Route: \"x, y\" <sip:r.example.com;lr>;foo=\"a,b\"\r\n" REQ_TAIL);
    /* a line holding only this proxy's value goes */
    forward_text("INVITE sip:b@b.example.com SIP/2.0\r\n" REQ_HEAD
                 "Route: <sip:p.example.com;lr>\r\nRoute: <sip:q.example.com;lr>\r\n" REQ_TAIL,
                 &p,
                 "INVITE sip:b@b.example.com SIP/2.0\r\n" FWD_HEAD
                 "Route: <sip:q.example.com;lr>\r\n" REQ_TAIL);
    /* not this proxy: another port, a sips URI on 5060, another host */
    forward_text("INVITE sip:b@b.example.com SIP/2.0\r\n" REQ_HEAD
                 "Route: <sip:p.example.com:5070;lr>,<sips:p.example.com;lr>\r\n" REQ_TAIL,
                 &p,
                 "INVITE sip:b@b.example.com SIP/2.0\r\n" FWD_HEAD
                 "Route: <sip:p.example.com:5070;lr>,<sips:p.example.com;lr>\r\n" REQ_TAIL);
    /* §16.6 step 6: the next hop is a strict router */
    forward_text("INVITE sip:b@b.example.com SIP/2.0\r\n" REQ_HEAD
                 "Route: <sip:p.example.com;lr>, <sip:strict.example.com;maddr=x>, <sip:z.example.com;lr>\r\n" REQ_TAIL,
                 &p,
                 "INVITE sip:strict.example.com;maddr=x SIP/2.0\r\n" FWD_HEAD
                 "Route: <sip:z.example.com;lr>\r\n"
                 "Route: <sip:b@b.example.com>\r\n" REQ_TAIL);
    /* §16.4: a strict router put this proxy's Record-Route URI in the
       Request-URI: the last Route value becomes the Request-URI again */
    p.record_route = 1;
    forward_text("INVITE sip:p.example.com;lr SIP/2.0\r\n" REQ_HEAD
                 "Record-Route: <sip:x.example.com;lr>\r\n"
                 "Route: <sip:q.example.com;lr>, <sip:b@b.example.com>\r\n" REQ_TAIL,
                 &p,
                 "INVITE sip:b@b.example.com SIP/2.0\r\n" FWD_HEAD
                 "Record-Route: <sip:p.example.com;lr>\r\n"
                 "Record-Route: <sip:x.example.com;lr>\r\n"
                 "Route: <sip:q.example.com;lr>\r\n" REQ_TAIL);
    /* the same Request-URI with a user is a request for that user */
    forward_text("INVITE sip:bob@p.example.com;lr SIP/2.0\r\n" REQ_HEAD
                 "Route: <sip:q.example.com;lr>\r\n" REQ_TAIL,
                 &p,
                 "INVITE sip:bob@p.example.com;lr SIP/2.0\r\n" FWD_VIAS
                 "Record-Route: <sip:p.example.com;lr>\r\nMax-Forwards: 4\r\n"
                 "Route: <sip:q.example.com;lr>\r\n" REQ_TAIL);
    /* a sips Request-URI gets a sips Record-Route (§16.6 step 4) */
    forward_text("INVITE sips:b@b.example.com SIP/2.0\r\n" REQ_HEAD REQ_TAIL, &p,
                 "INVITE sips:b@b.example.com SIP/2.0\r\n" FWD_VIAS
                 "Record-Route: <sips:p.example.com;lr>\r\nMax-Forwards: 4\r\n" REQ_TAIL);
}

Test(proxy, malformed_route)
{
    /* Route is parsed by sipr_parse (grammar/addrs.rl): what its ABNF
       refuses is refused there, in the Route line; what parses but cannot
       be a strict router's Request-URI is the proxy's SIPR_E_ROUTE */
    static const struct {
        const char *msg;
        sipr_status parse;
    } bad[] = {
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: sip:q.example.com;lr\r\n" REQ_TAIL, SIPR_E_ADDR},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:q.example.com;lr>,\r\n" REQ_TAIL, SIPR_E_ADDR},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <>\r\n" REQ_TAIL, SIPR_E_ADDR},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route:\r\n" REQ_TAIL, SIPR_E_ADDR},
        /* a strict router's URI that cannot be a Request-URI (found by
           fuzz_roundtrip when Route was not parsed by sipr_parse) */
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:x.example.co->\r\n" REQ_TAIL, SIPR_E_URI},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <\x92ip:x.example.com>\r\n" REQ_TAIL, SIPR_E_ADDR},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:a b@x.example.com>\r\n" REQ_TAIL, SIPR_E_ADDR},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:x.example.com:65536>\r\n" REQ_TAIL,
         SIPR_E_NUMBER_RANGE},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:[:::1]>\r\n" REQ_TAIL, SIPR_E_URI},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:x.example.com;a=b=c>\r\n" REQ_TAIL, SIPR_E_URI},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:x.example.com?h>\r\n" REQ_TAIL, SIPR_E_URI},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <sip:x.example.com?h=v>\r\n" REQ_TAIL, SIPR_OK},
        {"INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <tel:+12125551212>\r\n" REQ_TAIL, SIPR_OK},
    };
    const sipr_proxy p = proxy("p.example.com", 0);
    size_t k, n;
    uint16_t r;
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const char *msg = bad[k].msg;
        const size_t len = strlen(msg);
        const sipr_status st = parse_l(msg, len, &g_m, 0);
        cr_assert_eq(st, bad[k].parse, "%zu: %s", k, sipr_strerror(st));
        if (st != SIPR_OK) {
            /* the offset lies in the Route value: after "Route:", before its CRLF */
            const size_t at = (size_t)(strstr(msg, "Route:") - msg) + 6u;
            const size_t end = (size_t)(strstr(msg + at, "\r\n") - msg);
            cr_assert(g_m.err_off >= at && g_m.err_off <= end, "%zu: offset %u not in [%zu, %zu]", k,
                      (unsigned)g_m.err_off, at, end);
            continue;
        }
        cr_assert_eq(sipr_proxy_forward(msg, len, &g_m, &p, g_out, sizeof g_out, &n, &r),
                     SIPR_E_ROUTE, "%zu", k);
    }
}

Test(proxy, strict_router_uris_accepted)
{
    static const char *const uris[] = {
        "sip:x.example.com", "SIPS:alice:pw%41@x.example.com.:5061;transport=tcp;x-lr=x",
        "sip:192.0.2.1:0", "sip:[2001:db8::1]:5070;maddr=[::1]", "sip:[::]", "sip:u;a?b/c@h1-2.d",
    };
    const sipr_proxy p = proxy("p.example.com", 0);
    char msg[512], expect[512];
    size_t k;
    for (k = 0; k < sizeof uris / sizeof uris[0]; k++) {
        snprintf(msg, sizeof msg, "INVITE sip:b@b SIP/2.0\r\n" REQ_HEAD "Route: <%s>\r\n" REQ_TAIL,
                 uris[k]);
        snprintf(expect, sizeof expect, "INVITE %s SIP/2.0\r\n", uris[k]);
        {
            uint16_t r;
            size_t n;
            cr_assert_eq(parse_l(msg, strlen(msg), &g_m, 0), SIPR_OK, "%s", uris[k]);
            cr_assert_eq(sipr_proxy_forward(msg, strlen(msg), &g_m, &p, g_out, sizeof g_out, &n, &r),
                         SIPR_OK, "%s", uris[k]);
            cr_assert(memcmp(g_out, expect, strlen(expect)) == 0, "%s:\n%.*s", uris[k], (int)n, g_out);
            cr_assert_eq(parse_l(g_out, n, &g_m2, 0), SIPR_OK, "%s", uris[k]);
        }
    }
}

Test(proxy, received_and_rport)
{
    const char *msg = "INVITE sip:b@b.example.com SIP/2.0\r\n"
                      "Via: SIP/2.0/UDP a.example.com:5062 ;rport; branch=z9hG4bKabc;ttl=3;x;y=\"1\" ,"
                      " SIP/2.0/UDP c.example.com\r\n"
                      "Max-Forwards: 5\r\n" REQ_TAIL;
    const char *expect = "INVITE sip:b@b.example.com SIP/2.0\r\n"
                         "Via: SIP/2.0/UDP a.example.com:5062;branch=z9hG4bKabc;received=192.0.2.7;"
                         "rport=5099;ttl=3;x;y=\"1\" , SIP/2.0/UDP c.example.com\r\n"
                         "Max-Forwards: 5\r\n" REQ_TAIL;
    const char *same = "INVITE sip:b@b.example.com SIP/2.0\r\n"
                       "Via: SIP/2.0/UDP 192.0.2.7;branch=z9hG4bKabc\r\n" REQ_TAIL;
    size_t n;
    cr_assert_eq(parse_l(msg, strlen(msg), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_proxy_received(msg, strlen(msg), &g_m, S("192.0.2.7"), 5099, g_out,
                                     sizeof g_out, &n), SIPR_OK);
    cr_assert(n == strlen(expect) && memcmp(g_out, expect, n) == 0, "got:\n%.*s", (int)n, g_out);
    cr_assert_eq(parse_l(g_out, n, &g_m2, 0), SIPR_OK);
    cr_assert(span_is(g_out, g_m2.vias[0].received, "192.0.2.7"));
    cr_assert(span_is(g_out, g_m2.vias[0].rport, "5099"));
    cr_assert_eq(g_m2.n_vias, 2);
    /* the sent-by is the source and there is no rport: unchanged */
    cr_assert_eq(parse_l(same, strlen(same), &g_m, 0), SIPR_OK);
    cr_assert_eq(sipr_proxy_received(same, strlen(same), &g_m, S("192.0.2.7"), 5060, g_out,
                                     sizeof g_out, &n), SIPR_OK);
    cr_assert(n == strlen(same) && memcmp(g_out, same, n) == 0);
    /* a bad address */
    cr_assert_eq(sipr_proxy_received(same, strlen(same), &g_m, S("1.2.3.4;x"), 5060, g_out,
                                     sizeof g_out, &n), SIPR_E_HEADER_VALUE);
    cr_assert_eq(sipr_proxy_received(same, strlen(same), &g_m, S(""), 5060, g_out,
                                     sizeof g_out, &n), SIPR_E_HEADER_VALUE);
}

static void branch_of(const char *msg, char out[SIPR_BRANCH_LEN])
{
    size_t n;
    cr_assert_eq(parse_l(msg, strlen(msg), &g_m, 0), SIPR_OK, "%s", msg);
    cr_assert_eq(sipr_proxy_branch(msg, strlen(msg), &g_m, out, SIPR_BRANCH_LEN, &n), SIPR_OK);
    cr_assert_eq(n, SIPR_BRANCH_LEN);
}

Test(proxy, derived_branch)
{
    char a[SIPR_BRANCH_LEN], b[SIPR_BRANCH_LEN];
    sipr_span whole = {0, SIPR_BRANCH_LEN};
    /* the same request gives the same branch; a CANCEL or the ACK of a
       non-2xx (To tag added) gives its INVITE's (§16.11) */
    branch_of("INVITE sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
              "To: <sip:b@b>\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: c\r\nCSeq: 5 INVITE\r\n\r\n", a);
    assert_derived_branch(a, whole);
    branch_of("CANCEL sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
              "To: <sip:b@b>\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: c\r\nCSeq: 5 CANCEL\r\n\r\n", b);
    cr_assert(memcmp(a, b, SIPR_BRANCH_LEN) == 0);
    branch_of("ACK sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
              "To: <sip:b@b>;tag=9\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: c\r\nCSeq: 5 ACK\r\n\r\n", b);
    cr_assert(memcmp(a, b, SIPR_BRANCH_LEN) == 0);
    /* another transaction, another branch */
    branch_of("INVITE sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK2\r\n"
              "To: <sip:b@b>\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: c\r\nCSeq: 5 INVITE\r\n\r\n", b);
    cr_assert(memcmp(a, b, SIPR_BRANCH_LEN) != 0);
    /* RFC 2543 (no cookie): every field counts */
    branch_of("INVITE sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
              "To: <sip:b@b>\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: c\r\nCSeq: 5 INVITE\r\n\r\n", a);
    branch_of("INVITE sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
              "To: <sip:b@b>\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: c\r\nCSeq: 6 INVITE\r\n\r\n", b);
    cr_assert(memcmp(a, b, SIPR_BRANCH_LEN) != 0);
    branch_of("INVITE sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
              "To: <sip:b@b>\r\nFrom: <sip:a@a>;tag=2\r\nCall-ID: c\r\nCSeq: 5 INVITE\r\n\r\n", b);
    cr_assert(memcmp(a, b, SIPR_BRANCH_LEN) != 0);
    branch_of("INVITE sip:b@c SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n"
              "To: <sip:b@b>\r\nFrom: <sip:a@a>;tag=1\r\nCall-ID: c\r\nCSeq: 5 INVITE\r\n\r\n", b);
    cr_assert(memcmp(a, b, SIPR_BRANCH_LEN) != 0);
}

/* ---- overflow ----------------------------------------------------------------------------- */

#define GUARD 64u
#define FILL 0xA5

/* A writer under test: fills out[0 .. cap) and *n. */
typedef sipr_status (*writer_fn)(char *out, size_t cap, size_t *n);

/* For every cap from 0 to the size needed: nothing past cap, the needed
   size reported, a prefix of the message written, complete at the end. */
static void every_cap(writer_fn w, const char *what)
{
    static char ref[2 * MAXMSG], buf[2 * MAXMSG + GUARD];
    size_t need, cap;
    cr_assert_eq(w(ref, sizeof ref, &need), SIPR_OK, "%s", what);
    cr_assert(need > 0 && need < sizeof ref);
    for (cap = 0; cap <= need; cap++) {
        size_t n = 12345, k, stored;
        sipr_status st;
        memset(buf, FILL, cap + GUARD);
        st = w(buf, cap, &n);
        for (k = cap; k < cap + GUARD; k++)
            cr_assert_eq((unsigned char)buf[k], FILL, "%s: cap %zu: byte %zu written", what, cap, k);
        if (cap < need) {
            cr_assert_eq(st, SIPR_E_NO_SPACE, "%s: cap %zu", what, cap);
            cr_assert_eq(n, need, "%s: cap %zu: needed %zu, reported %zu", what, cap, need, n);
        } else {
            cr_assert_eq(st, SIPR_OK, "%s", what);
            cr_assert_eq(n, need);
        }
        /* a prefix of the message, then bytes not touched */
        for (stored = 0; stored < cap && buf[stored] == ref[stored]; stored++)
            ;
        for (k = stored; k < cap; k++)
            cr_assert_eq((unsigned char)buf[k], FILL, "%s: cap %zu: byte %zu", what, cap, k);
        if (cap == need)
            cr_assert_eq(stored, need, "%s", what);
    }
}

static size_t g_len;

static sipr_status w_serialize(char *out, size_t cap, size_t *n)
{
    return sipr_serialize(g_in, g_len, &g_m, out, cap, n);
}

static sipr_status w_edited(char *out, size_t cap, size_t *n)
{
    sipr_edit e[3];
    memset(e, 0, sizeof e);
    e[0].op = SIPR_EDIT_REQUEST_URI;
    e[0].value = S("sip:x@y");
    e[1].op = SIPR_EDIT_INSERT;
    e[1].line = 1;
    e[1].kind = SIPR_H_SUPPORTED;
    e[1].value = S("timer");
    e[2].op = SIPR_EDIT_REPLACE;
    e[2].line = 3;
    e[2].value = S("<sip:x@y>");
    return sipr_serialize_edited(g_in, g_len, &g_m, e, 3, out, cap, n);
}

static sipr_status w_forward(char *out, size_t cap, size_t *n)
{
    sipr_proxy p = proxy("p.example.com", 5062);
    uint16_t r;
    p.record_route = 1;
    p.src_host = S("192.0.2.1");
    p.src_port = 5070;
    return sipr_proxy_forward(g_in, g_len, &g_m, &p, out, cap, n, &r);
}

static sipr_status w_response(char *out, size_t cap, size_t *n)
{
    return sipr_proxy_response(g_in, g_len, &g_m, NULL, out, cap, n);
}

static sipr_status w_branch(char *out, size_t cap, size_t *n)
{
    return sipr_proxy_branch(g_in, g_len, &g_m, out, cap, n);
}

static sipr_status w_builder(char *out, size_t cap, size_t *n)
{
    sipr_builder b;
    sipr_via_spec v;
    sipr_addr_spec a;
    memset(&v, 0, sizeof v);
    v.transport = S("UDP");
    v.host = S("h.example.com");
    v.port = 5060;
    v.branch = S("z9hG4bK1");
    v.rport = 1;
    memset(&a, 0, sizeof a);
    a.display = S("A \"q\"");
    a.uri = S("sip:a@example.com");
    a.tag = S("123");
    sipr_builder_init(&b, out, cap, 0);
    sipr_build_request_line(&b, S("MESSAGE"), S("sip:b@example.com"));
    sipr_build_via(&b, &v);
    sipr_build_max_forwards(&b, 70);
    sipr_build_addr(&b, S("From"), &a);
    sipr_build_addr(&b, S("To"), &a);
    sipr_build_call_id(&b, S("c@h"));
    sipr_build_cseq(&b, 4294967u, S("MESSAGE"));
    sipr_build_content_type(&b, S("text/plain"));
    return sipr_build_end(&b, "hello", 5, n);
}

Test(overflow, serialize_every_corpus_message)
{
    int k, n = 0;
    list_corpus();
    for (k = 0; k < g_n_paths; k++) {
        if (load_parsed(k, &g_len, &g_m) == 0)
            continue;
        every_cap(w_serialize, g_paths[k]);
        n++;
    }
    cr_assert(n >= 70, "only %d corpus messages parsed", n);
}

Test(overflow, edits_builder_proxy)
{
    static const char *const reqs[] = {F01, F03, F05, F13};
    static const char *const resps[] = {F06, F07, F09, F10};
    size_t k;
    for (k = 0; k < sizeof reqs / sizeof reqs[0]; k++) {
        g_len = load(reqs[k], &g_m);
        every_cap(w_edited, reqs[k]);
        every_cap(w_forward, reqs[k]);
        every_cap(w_branch, reqs[k]);
    }
    for (k = 0; k < sizeof resps / sizeof resps[0]; k++) {
        g_len = load(resps[k], &g_m);
        every_cap(w_response, resps[k]);
    }
    every_cap(w_builder, "builder");
}
