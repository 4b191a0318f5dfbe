/* siprove: parser acceptance tests (Criterion).
 *
 * Every RFC 3261 §24 / §11 message in tests/corpus/rfc3261 is parsed and its
 * fields are compared with values read off the message text by hand (the
 * expectation tables below were written from the corpus files, not produced by
 * the parser). Synthetic messages then cover the grammar corners: compact
 * header names, case-insensitive names, folding, IPv6 references, URI
 * user:password / params / ?headers, Contact: *, Contact lists, Via lists,
 * unknown headers, header chains, and the limits API.
 *
 * After every successful parse assert_msg_invariants() walks every span of the
 * message and every index (header chains, plists) and checks that they lie
 * inside the buffer / arrays. Tests run from the repository root.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <ctype.h>
#include <string.h>

#include "siprove.h"

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */
/* ------------------------------------------------------------------------ */

static char g_buf[1u << 17];
static sipr_msg g_m;

/* 1 when span s of buf holds exactly the bytes of lit. */
static int span_eq(const char *buf, sipr_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(buf + s.off, lit, n) == 0;
}

/* lit == NULL means "absent" (len 0). */
#define ASSERT_SPAN(buf, s, lit)                                                   \
    do {                                                                           \
        sipr_span s_ = (s);                                                        \
        const char *l_ = (lit);                                                    \
        if (l_ == NULL)                                                            \
            cr_assert_eq(s_.len, 0, "%s: expected absent, got \"%.*s\" (off %u)",  \
                         #s, (int)s_.len, (buf) + s_.off, (unsigned)s_.off);       \
        else                                                                       \
            cr_assert(span_eq((buf), s_, l_),                                      \
                      "%s: expected \"%s\", got \"%.*s\" (off %u len %u)", #s, l_, \
                      (int)s_.len, (buf) + s_.off, (unsigned)s_.off,               \
                      (unsigned)s_.len);                                           \
    } while (0)

static void check_span(const sipr_msg *m, sipr_span s, const char *what)
{
    cr_assert((uint64_t)s.off + s.len <= m->len,
              "span %s out of buffer: off %u len %u, msg len %u", what,
              (unsigned)s.off, (unsigned)s.len, (unsigned)m->len);
}

static void check_plist(const sipr_msg *m, sipr_plist p, const char *what)
{
    cr_assert((uint32_t)p.first + p.count <= m->n_params,
              "plist %s [%u, +%u) outside n_params %u", what, (unsigned)p.first,
              (unsigned)p.count, (unsigned)m->n_params);
}

static void check_uri(const sipr_msg *m, const sipr_uri *u, const char *what)
{
    check_span(m, u->scheme_name, what);
    check_span(m, u->user, what);
    check_span(m, u->password, what);
    check_span(m, u->host, what);
    check_span(m, u->port_text, what);
    check_span(m, u->opaque, what);
    check_span(m, u->path, what);
    check_span(m, u->query, what);
    check_plist(m, u->params, what);
    check_plist(m, u->headers, what);
    cr_assert(u->scheme <= SIPR_URI_TEL, "%s: bad scheme %u", what, u->scheme);
    cr_assert(u->host_kind <= SIPR_HOST_IPV6, "%s: bad host_kind %u", what, u->host_kind);
}

static void check_name_addr(const sipr_msg *m, const sipr_name_addr *na, const char *what)
{
    check_span(m, na->display, what);
    check_span(m, na->uri_text, what);
    check_uri(m, &na->uri, what);
    check_span(m, na->tag, what);
    check_span(m, na->expires, what);
    check_span(m, na->q, what);
    check_plist(m, na->params, what);
    cr_assert(na->header == SIPR_NONE || na->header < m->n_headers,
              "%s: header index %u >= n_headers %u", what, na->header, m->n_headers);
}

/* The invariant promised by sipr_parse on SIPR_OK: every span inside [0, len),
 * every count within its limit, every index within its array. */
static void assert_msg_invariants(const sipr_msg *m, size_t len)
{
    cr_assert_eq(m->err, SIPR_OK);
    cr_assert_eq(m->len, (uint32_t)len, "msg.len %u != input len %zu", (unsigned)m->len, len);
    cr_assert(m->type == SIPR_MSG_REQUEST || m->type == SIPR_MSG_RESPONSE);

    cr_assert(m->n_headers <= m->limits.max_headers && m->n_headers <= SIPR_MAX_HEADERS);
    cr_assert(m->n_vias <= m->limits.max_vias && m->n_vias <= SIPR_MAX_VIAS);
    cr_assert(m->n_contacts <= m->limits.max_contacts && m->n_contacts <= SIPR_MAX_CONTACTS);
    cr_assert(m->n_params <= m->limits.max_params && m->n_params <= SIPR_MAX_PARAMS);

    check_span(m, m->method, "method");
    check_span(m, m->request_uri, "request_uri");
    check_uri(m, &m->ruri, "ruri");
    check_span(m, m->version, "version");
    check_span(m, m->status_text, "status_text");
    check_span(m, m->reason, "reason");
    check_name_addr(m, &m->from, "from");
    check_name_addr(m, &m->to, "to");
    check_span(m, m->call_id, "call_id");
    check_span(m, m->cseq_method, "cseq_method");
    check_span(m, m->body, "body");

    for (unsigned i = 0; i < m->n_headers; i++) {
        const sipr_header *h = &m->headers[i];
        check_span(m, h->name, "header name");
        check_span(m, h->value, "header value");
        cr_assert(h->name.len > 0, "header %u has an empty name", i);
        cr_assert(h->kind < SIPR_H__COUNT, "header %u: bad kind %u", i, h->kind);
        cr_assert(h->next == SIPR_NONE || (h->next > i && h->next < m->n_headers),
                  "header %u: bad next %u", i, h->next);
        if (h->next != SIPR_NONE)
            cr_assert_eq(m->headers[h->next].kind, h->kind, "header %u: next has another kind", i);
    }
    for (unsigned k = 0; k < SIPR_H__COUNT; k++) {
        uint16_t f = m->first[k];
        cr_assert(f == SIPR_NONE || f < m->n_headers, "first[%u] = %u out of range", k, f);
        if (f != SIPR_NONE) {
            cr_assert_eq(m->headers[f].kind, k, "first[%u] points to a header of kind %u", k,
                         m->headers[f].kind);
            for (unsigned j = 0; j < f; j++)
                cr_assert_neq(m->headers[j].kind, k, "first[%u] = %u but header %u has that kind",
                              k, f, j);
        }
    }
    for (unsigned i = 0; i < m->n_vias; i++) {
        const sipr_via *v = &m->vias[i];
        check_span(m, v->protocol_name, "via protocol_name");
        check_span(m, v->protocol_version, "via protocol_version");
        check_span(m, v->transport, "via transport");
        check_span(m, v->host, "via host");
        check_span(m, v->port_text, "via port_text");
        check_span(m, v->branch, "via branch");
        check_span(m, v->received, "via received");
        check_span(m, v->rport, "via rport");
        check_span(m, v->maddr, "via maddr");
        check_span(m, v->ttl, "via ttl");
        check_plist(m, v->params, "via params");
        cr_assert(v->header < m->n_headers, "via %u: header %u", i, v->header);
        cr_assert_eq(m->headers[v->header].kind, SIPR_H_VIA, "via %u: header is not a Via", i);
    }
    for (unsigned i = 0; i < m->n_contacts; i++) {
        check_name_addr(m, &m->contacts[i], "contact");
        cr_assert(m->contacts[i].header < m->n_headers);
        cr_assert_eq(m->headers[m->contacts[i].header].kind, SIPR_H_CONTACT);
    }
    for (unsigned i = 0; i < m->n_params; i++) {
        check_span(m, m->params[i].name, "param name");
        check_span(m, m->params[i].value, "param value");
        cr_assert(m->params[i].name.len > 0, "param %u has an empty name", i);
    }
}

/* Parse buf[0..len) with the given limits (NULL: defaults), assert SIPR_OK and
 * the invariants. */
static sipr_msg *parse_ok_lim(const char *buf, size_t len, const sipr_limits *lim)
{
    cr_assert_eq(sipr_msg_init(&g_m, lim), SIPR_OK);
    sipr_status st = sipr_parse(buf, len, &g_m);
    cr_assert_eq(st, SIPR_OK, "sipr_parse: %d (%s) at offset %u near \"%.20s\"", (int)st,
                 sipr_strerror(st), (unsigned)g_m.err_off,
                 g_m.err_off < len ? buf + g_m.err_off : "<end>");
    assert_msg_invariants(&g_m, len);
    return &g_m;
}

static sipr_msg *parse_ok(const char *buf, size_t len) { return parse_ok_lim(buf, len, NULL); }

/* Copy a literal message into g_buf and parse it. */
static sipr_msg *parse_str(const char *text)
{
    size_t n = strlen(text);
    cr_assert(n < sizeof g_buf);
    memcpy(g_buf, text, n);
    return parse_ok(g_buf, n);
}

static size_t load(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s (tests run from the repository root)", path);
    size_t n = fread(g_buf, 1, sizeof g_buf, f);
    cr_assert(feof(f) && !ferror(f), "%s: read error or too large", path);
    fclose(f);
    return n;
}

/* Index of the header line whose name is exactly `name`, or -1. */
static int find_header(const char *buf, const sipr_msg *m, const char *name, int nth)
{
    for (unsigned i = 0; i < m->n_headers; i++)
        if (span_eq(buf, m->headers[i].name, name) && nth-- == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------------------------------ */
/* RFC 3261 corpus: expectations read from the message text                 */
/* ------------------------------------------------------------------------ */

#define CORPUS "tests/corpus/rfc3261/"

typedef struct {
    const char *host;
    uint16_t port;
    int host_kind;
    const char *branch;
    const char *received; /* NULL: absent */
} via_exp;

typedef struct {
    const char *display; /* NULL: no display name */
    const char *user;    /* NULL: no user part */
    const char *host;
    int host_kind;
    const char *tag; /* NULL: absent */
} na_exp;

typedef struct {
    const char *file;
    int type;
    /* requests */
    const char *method;
    const char *ruri;
    const char *ruri_user;
    const char *ruri_host;
    int ruri_host_kind;
    /* responses */
    int status;
    const char *reason;
    int n_vias;
    via_exp via[3];
    long max_forwards; /* -1: absent */
    na_exp from, to;
    const char *call_id;
    uint32_t cseq;
    const char *cseq_method;
    int n_contacts;
    na_exp contact[2];
    uint32_t content_length;
    uint32_t body_len;
    const char *body_start; /* first bytes of the body, NULL when empty */
    int n_headers;
} msg_exp;

#define N SIPR_HOST_NAME
#define V4 SIPR_HOST_IPV4

/* values shared by the §24.2 INVITE dialog */
#define ALICE {"Alice", "alice", "atlanta.com", N, "1928301774"}
#define BOB_NOTAG {"Bob", "bob", "biloxi.com", N, NULL}
#define BOB_TAG {"Bob", "bob", "biloxi.com", N, "a6c85cf"}
#define CALLID "a84b4c76e66710"
#define VIA_PC33(recv) {"pc33.atlanta.com", 0, N, "z9hG4bKnashds8", recv}
#define VIA_BIGBOX(recv) {"bigbox3.site3.atlanta.com", 0, N, "z9hG4bK77ef4c2312983.1", recv}
#define VIA_SERVER10(recv) {"server10.biloxi.com", 0, N, "z9hG4bK4b43c2ff8.1", recv}
#define C_ALICE {NULL, "alice", "pc33.atlanta.com", N, NULL}
#define C_BOB {NULL, "bob", "192.0.2.4", V4, NULL}

static const msg_exp E_11_1 = {
    .file = CORPUS "11.1-options-request.sip", .type = SIPR_MSG_REQUEST,
    .method = "OPTIONS", .ruri = "sip:carol@chicago.com", .ruri_user = "carol",
    .ruri_host = "chicago.com", .ruri_host_kind = N,
    .n_vias = 1, .via = {{"pc33.atlanta.com", 0, N, "z9hG4bKhjhs8ass877", NULL}},
    .max_forwards = 70,
    .from = ALICE, .to = {NULL, "carol", "chicago.com", N, NULL},
    .call_id = CALLID, .cseq = 63104, .cseq_method = "OPTIONS",
    .n_contacts = 1, .contact = {C_ALICE},
    .content_length = 0, .body_len = 0, .n_headers = 9,
};

static const msg_exp E_11_2 = {
    .file = CORPUS "11.2-options-200ok.sip", .type = SIPR_MSG_RESPONSE,
    .status = 200, .reason = "OK",
    .n_vias = 1, .via = {{"pc33.atlanta.com", 0, N, "z9hG4bKhjhs8ass877", "192.0.2.4"}},
    .max_forwards = -1,
    .from = ALICE, .to = {NULL, "carol", "chicago.com", N, "93810874"},
    .call_id = CALLID, .cseq = 63104, .cseq_method = "OPTIONS",
    .n_contacts = 2, .contact = {{NULL, "carol", "chicago.com", N, NULL}}, /* [1]: mailto, below */
    .content_length = 147, .body_len = 147, .body_start = "v=0\r\no=bob ", .n_headers = 14,
};

static const msg_exp E_24_1_F1 = {
    .file = CORPUS "24.1-F01-register-bob-registrar.sip", .type = SIPR_MSG_REQUEST,
    .method = "REGISTER", .ruri = "sip:registrar.biloxi.com", .ruri_user = NULL,
    .ruri_host = "registrar.biloxi.com", .ruri_host_kind = N,
    .n_vias = 1, .via = {{"bobspc.biloxi.com", 5060, N, "z9hG4bKnashds7", NULL}},
    .max_forwards = 70,
    .from = {"Bob", "bob", "biloxi.com", N, "456248"}, .to = BOB_NOTAG,
    .call_id = "843817637684230@998sdasdh09", .cseq = 1826, .cseq_method = "REGISTER",
    .n_contacts = 1, .contact = {C_BOB},
    .content_length = 0, .body_len = 0, .n_headers = 9,
};

static const msg_exp E_24_1_F2 = {
    .file = CORPUS "24.1-F02-200-ok-registrar-bob.sip", .type = SIPR_MSG_RESPONSE,
    .status = 200, .reason = "OK",
    .n_vias = 1, .via = {{"bobspc.biloxi.com", 5060, N, "z9hG4bKnashds7", "192.0.2.4"}},
    .max_forwards = -1,
    .from = {"Bob", "bob", "biloxi.com", N, "456248"},
    .to = {"Bob", "bob", "biloxi.com", N, "2493k59kd"},
    .call_id = "843817637684230@998sdasdh09", .cseq = 1826, .cseq_method = "REGISTER",
    .n_contacts = 1, .contact = {C_BOB},
    .content_length = 0, .body_len = 0, .n_headers = 8,
};

static const msg_exp E_F1 = {
    .file = CORPUS "24.2-F01-invite-alice-atlanta-com-proxy.sip", .type = SIPR_MSG_REQUEST,
    .method = "INVITE", .ruri = "sip:bob@biloxi.com", .ruri_user = "bob",
    .ruri_host = "biloxi.com", .ruri_host_kind = N,
    .n_vias = 1, .via = {VIA_PC33(NULL)}, .max_forwards = 70,
    .from = ALICE, .to = BOB_NOTAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_ALICE},
    .content_length = 151, .body_len = 151, .body_start = "v=0\r\no=alice ", .n_headers = 9,
};

static const msg_exp E_F2 = {
    .file = CORPUS "24.2-F02-100-trying-atlanta-com-proxy-alice.sip", .type = SIPR_MSG_RESPONSE,
    .status = 100, .reason = "Trying",
    .n_vias = 1, .via = {VIA_PC33("192.0.2.1")}, .max_forwards = -1,
    .from = ALICE, .to = BOB_NOTAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 0, .content_length = 0, .body_len = 0, .n_headers = 6,
};

static const msg_exp E_F3 = {
    .file = CORPUS "24.2-F03-invite-atlanta-com-proxy-biloxi-com-proxy.sip",
    .type = SIPR_MSG_REQUEST,
    .method = "INVITE", .ruri = "sip:bob@biloxi.com", .ruri_user = "bob",
    .ruri_host = "biloxi.com", .ruri_host_kind = N,
    .n_vias = 2, .via = {VIA_BIGBOX(NULL), VIA_PC33("192.0.2.1")}, .max_forwards = 69,
    .from = ALICE, .to = BOB_NOTAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_ALICE},
    .content_length = 151, .body_len = 151, .body_start = "v=0\r\no=alice ", .n_headers = 10,
};

static const msg_exp E_F4 = {
    .file = CORPUS "24.2-F04-100-trying-biloxi-com-proxy-atlanta-com-proxy.sip",
    .type = SIPR_MSG_RESPONSE, .status = 100, .reason = "Trying",
    .n_vias = 2, .via = {VIA_BIGBOX("192.0.2.2"), VIA_PC33("192.0.2.1")}, .max_forwards = -1,
    .from = ALICE, .to = BOB_NOTAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 0, .content_length = 0, .body_len = 0, .n_headers = 7,
};

static const msg_exp E_F5 = {
    .file = CORPUS "24.2-F05-invite-biloxi-com-proxy-bob.sip", .type = SIPR_MSG_REQUEST,
    .method = "INVITE", .ruri = "sip:bob@192.0.2.4", .ruri_user = "bob",
    .ruri_host = "192.0.2.4", .ruri_host_kind = V4,
    .n_vias = 3,
    .via = {VIA_SERVER10(NULL), VIA_BIGBOX("192.0.2.2"), VIA_PC33("192.0.2.1")},
    .max_forwards = 68,
    .from = ALICE, .to = BOB_NOTAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_ALICE},
    .content_length = 151, .body_len = 151, .body_start = "v=0\r\no=alice ", .n_headers = 11,
};

static const msg_exp E_F6 = {
    .file = CORPUS "24.2-F06-180-ringing-bob-biloxi-com-proxy.sip", .type = SIPR_MSG_RESPONSE,
    .status = 180, .reason = "Ringing",
    .n_vias = 3,
    .via = {VIA_SERVER10("192.0.2.3"), VIA_BIGBOX("192.0.2.2"), VIA_PC33("192.0.2.1")},
    .max_forwards = -1,
    .from = ALICE, .to = BOB_TAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_BOB}, .content_length = 0, .body_len = 0, .n_headers = 9,
};

static const msg_exp E_F7 = {
    .file = CORPUS "24.2-F07-180-ringing-biloxi-com-proxy-atlanta-com-proxy.sip",
    .type = SIPR_MSG_RESPONSE, .status = 180, .reason = "Ringing",
    .n_vias = 2, .via = {VIA_BIGBOX("192.0.2.2"), VIA_PC33("192.0.2.1")}, .max_forwards = -1,
    .from = ALICE, .to = BOB_TAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_BOB}, .content_length = 0, .body_len = 0, .n_headers = 8,
};

static const msg_exp E_F8 = {
    .file = CORPUS "24.2-F08-180-ringing-atlanta-com-proxy-alice.sip", .type = SIPR_MSG_RESPONSE,
    .status = 180, .reason = "Ringing",
    .n_vias = 1, .via = {VIA_PC33("192.0.2.1")}, .max_forwards = -1,
    .from = ALICE, .to = BOB_TAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_BOB}, .content_length = 0, .body_len = 0, .n_headers = 7,
};

static const msg_exp E_F9 = {
    .file = CORPUS "24.2-F09-200-ok-bob-biloxi-com-proxy.sip", .type = SIPR_MSG_RESPONSE,
    .status = 200, .reason = "OK",
    .n_vias = 3,
    .via = {VIA_SERVER10("192.0.2.3"), VIA_BIGBOX("192.0.2.2"), VIA_PC33("192.0.2.1")},
    .max_forwards = -1,
    .from = ALICE, .to = BOB_TAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_BOB},
    .content_length = 147, .body_len = 147, .body_start = "v=0\r\no=bob ", .n_headers = 10,
};

static const msg_exp E_F10 = {
    .file = CORPUS "24.2-F10-200-ok-biloxi-com-proxy-atlanta-com-proxy.sip",
    .type = SIPR_MSG_RESPONSE, .status = 200, .reason = "OK",
    .n_vias = 2, .via = {VIA_BIGBOX("192.0.2.2"), VIA_PC33("192.0.2.1")}, .max_forwards = -1,
    .from = ALICE, .to = BOB_TAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_BOB},
    .content_length = 147, .body_len = 147, .body_start = "v=0\r\no=bob ", .n_headers = 9,
};

static const msg_exp E_F11 = {
    .file = CORPUS "24.2-F11-200-ok-atlanta-com-proxy-alice.sip", .type = SIPR_MSG_RESPONSE,
    .status = 200, .reason = "OK",
    .n_vias = 1, .via = {VIA_PC33("192.0.2.1")}, .max_forwards = -1,
    .from = ALICE, .to = BOB_TAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "INVITE",
    .n_contacts = 1, .contact = {C_BOB},
    .content_length = 147, .body_len = 147, .body_start = "v=0\r\no=bob ", .n_headers = 8,
};

static const msg_exp E_F12 = {
    .file = CORPUS "24.2-F12-ack-alice-bob.sip", .type = SIPR_MSG_REQUEST,
    .method = "ACK", .ruri = "sip:bob@192.0.2.4", .ruri_user = "bob",
    .ruri_host = "192.0.2.4", .ruri_host_kind = V4,
    .n_vias = 1, .via = {{"pc33.atlanta.com", 0, N, "z9hG4bKnashds9", NULL}},
    .max_forwards = 70,
    .from = ALICE, .to = BOB_TAG, .call_id = CALLID, .cseq = 314159, .cseq_method = "ACK",
    .n_contacts = 0, .content_length = 0, .body_len = 0, .n_headers = 7,
};

static const msg_exp E_F13 = {
    .file = CORPUS "24.2-F13-bye-bob-alice.sip", .type = SIPR_MSG_REQUEST,
    .method = "BYE", .ruri = "sip:alice@pc33.atlanta.com", .ruri_user = "alice",
    .ruri_host = "pc33.atlanta.com", .ruri_host_kind = N,
    .n_vias = 1, .via = {{"192.0.2.4", 0, V4, "z9hG4bKnashds10", NULL}},
    .max_forwards = 70,
    .from = BOB_TAG, .to = ALICE, /* callee-originated: From/To swapped */
    .call_id = CALLID, .cseq = 231, .cseq_method = "BYE",
    .n_contacts = 0, .content_length = 0, .body_len = 0, .n_headers = 7,
};

static const msg_exp E_F14 = {
    .file = CORPUS "24.2-F14-200-ok-alice-bob.sip", .type = SIPR_MSG_RESPONSE,
    .status = 200, .reason = "OK",
    .n_vias = 1, .via = {{"192.0.2.4", 0, V4, "z9hG4bKnashds10", NULL}},
    .max_forwards = -1,
    .from = BOB_TAG, .to = ALICE, .call_id = CALLID, .cseq = 231, .cseq_method = "BYE",
    .n_contacts = 0, .content_length = 0, .body_len = 0, .n_headers = 6,
};

static void check_na(const char *b, const sipr_msg *m, const sipr_name_addr *na,
                     const na_exp *e, const char *what)
{
    char uri[128];
    if (e->user)
        snprintf(uri, sizeof uri, "sip:%s@%s", e->user, e->host);
    else
        snprintf(uri, sizeof uri, "sip:%s", e->host);
    cr_assert(na->header != SIPR_NONE, "%s: header index absent", what);
    cr_assert(na->header < m->n_headers);
    ASSERT_SPAN(b, na->display, e->display);
    ASSERT_SPAN(b, na->uri_text, uri);
    cr_assert_eq(na->uri.scheme, SIPR_URI_SIP, "%s: scheme", what);
    ASSERT_SPAN(b, na->uri.scheme_name, "sip");
    ASSERT_SPAN(b, na->uri.user, e->user);
    ASSERT_SPAN(b, na->uri.password, NULL);
    ASSERT_SPAN(b, na->uri.host, e->host);
    cr_assert_eq(na->uri.host_kind, e->host_kind, "%s: host_kind %u", what, na->uri.host_kind);
    cr_assert_eq(na->uri.port, 0, "%s: port", what);
    ASSERT_SPAN(b, na->tag, e->tag);
}

static void check_corpus(const msg_exp *e)
{
    size_t len = load(e->file);
    const char *b = g_buf;
    sipr_msg *m = parse_ok(b, len);

    cr_assert_eq(m->type, e->type, "type");
    ASSERT_SPAN(b, m->version, "SIP/2.0");
    if (e->type == SIPR_MSG_REQUEST) {
        ASSERT_SPAN(b, m->method, e->method);
        ASSERT_SPAN(b, m->request_uri, e->ruri);
        cr_assert_eq(m->ruri.scheme, SIPR_URI_SIP);
        ASSERT_SPAN(b, m->ruri.scheme_name, "sip");
        ASSERT_SPAN(b, m->ruri.user, e->ruri_user);
        ASSERT_SPAN(b, m->ruri.host, e->ruri_host);
        cr_assert_eq(m->ruri.host_kind, e->ruri_host_kind);
        cr_assert_eq(m->ruri.port, 0);
        ASSERT_SPAN(b, m->status_text, NULL);
    } else {
        char code[8];
        snprintf(code, sizeof code, "%d", e->status);
        cr_assert_eq(m->status_code, e->status, "status %u", m->status_code);
        ASSERT_SPAN(b, m->status_text, code);
        ASSERT_SPAN(b, m->reason, e->reason);
        ASSERT_SPAN(b, m->method, NULL);
        ASSERT_SPAN(b, m->request_uri, NULL);
    }

    cr_assert_eq(m->n_headers, e->n_headers, "n_headers %u", m->n_headers);

    cr_assert_eq(m->n_vias, e->n_vias, "n_vias %u", m->n_vias);
    for (int i = 0; i < e->n_vias; i++) {
        const sipr_via *v = &m->vias[i];
        const via_exp *x = &e->via[i];
        ASSERT_SPAN(b, v->protocol_name, "SIP");
        ASSERT_SPAN(b, v->protocol_version, "2.0");
        ASSERT_SPAN(b, v->transport, "UDP");
        ASSERT_SPAN(b, v->host, x->host);
        cr_assert_eq(v->host_kind, x->host_kind, "via %d host_kind", i);
        cr_assert_eq(v->port, x->port, "via %d port %u", i, v->port);
        if (x->port) {
            char p[8];
            snprintf(p, sizeof p, "%u", (unsigned)x->port);
            ASSERT_SPAN(b, v->port_text, p);
        } else {
            ASSERT_SPAN(b, v->port_text, NULL);
        }
        ASSERT_SPAN(b, v->branch, x->branch);
        ASSERT_SPAN(b, v->received, x->received);
        cr_assert_eq(v->has_rport, 0);
        ASSERT_SPAN(b, v->maddr, NULL);
        ASSERT_SPAN(b, v->ttl, NULL);
        cr_assert_eq(v->params.count, 0, "via %d: unexpected extension params", i);
        /* every corpus message has one via-parm per Via line, Vias first */
        cr_assert_eq(v->header, i, "via %d from header %u", i, v->header);
    }

    if (e->max_forwards < 0) {
        cr_assert_eq(m->has_max_forwards, 0);
        cr_assert_eq(m->first[SIPR_H_MAX_FORWARDS], SIPR_NONE);
    } else {
        cr_assert_eq(m->has_max_forwards, 1);
        cr_assert_eq(m->max_forwards, (uint32_t)e->max_forwards, "max_forwards %u",
                     m->max_forwards);
    }

    check_na(b, m, &m->from, &e->from, "from");
    check_na(b, m, &m->to, &e->to, "to");
    cr_assert_eq(m->from.header, m->first[SIPR_H_FROM]);
    cr_assert_eq(m->to.header, m->first[SIPR_H_TO]);
    ASSERT_SPAN(b, m->call_id, e->call_id);
    cr_assert_eq(m->cseq_number, e->cseq, "cseq %u", m->cseq_number);
    ASSERT_SPAN(b, m->cseq_method, e->cseq_method);

    cr_assert_eq(m->contact_star, 0);
    cr_assert_eq(m->n_contacts, e->n_contacts, "n_contacts %u", m->n_contacts);
    for (int i = 0; i < e->n_contacts && i < 2; i++) {
        if (e->contact[i].host == NULL)
            continue; /* checked by the test */
        check_na(b, m, &m->contacts[i], &e->contact[i], "contact");
        ASSERT_SPAN(b, m->contacts[i].expires, NULL);
        ASSERT_SPAN(b, m->contacts[i].q, NULL);
    }
    if (e->n_contacts == 0)
        cr_assert_eq(m->first[SIPR_H_CONTACT], SIPR_NONE);

    cr_assert_eq(m->has_content_length, 1);
    cr_assert_eq(m->content_length, e->content_length, "content_length %u", m->content_length);
    cr_assert_eq(m->body.len, e->body_len, "body len %u", m->body.len);
    /* a datagram: the body is the rest of the buffer */
    cr_assert_eq((size_t)m->body.off + m->body.len, len);
    if (e->body_start)
        cr_assert(memcmp(b + m->body.off, e->body_start, strlen(e->body_start)) == 0);
    /* the body follows the empty line */
    cr_assert(m->body.off >= 4 && memcmp(b + m->body.off - 4, "\r\n\r\n", 4) == 0);

    /* the first header of each kind that appears, and no other */
    cr_assert_eq(m->first[SIPR_H_VIA], 0);
    cr_assert_neq(m->first[SIPR_H_CALL_ID], SIPR_NONE);
    cr_assert_neq(m->first[SIPR_H_CSEQ], SIPR_NONE);
    cr_assert_neq(m->first[SIPR_H_CONTENT_LENGTH], SIPR_NONE);
    /* header names as written: every corpus message uses long forms */
    ASSERT_SPAN(b, m->headers[m->first[SIPR_H_CALL_ID]].name, "Call-ID");
    ASSERT_SPAN(b, m->headers[m->first[SIPR_H_CALL_ID]].value, e->call_id);
    ASSERT_SPAN(b, m->headers[m->first[SIPR_H_CSEQ]].name, "CSeq");
    ASSERT_SPAN(b, m->headers[m->first[SIPR_H_CONTENT_LENGTH]].name, "Content-Length");
}

Test(rfc3261, s11_1_options_request) { check_corpus(&E_11_1); }

Test(rfc3261, s11_2_options_200ok)
{
    check_corpus(&E_11_2);
    const char *b = g_buf;
    const sipr_msg *m = &g_m;

    /* second Contact: mailto: is an absoluteURI, kept opaque */
    const sipr_name_addr *c = &m->contacts[1];
    cr_assert_eq(c->uri.scheme, SIPR_URI_OTHER);
    ASSERT_SPAN(b, c->uri.scheme_name, "mailto");
    ASSERT_SPAN(b, c->uri.opaque, "carol@chicago.com");
    ASSERT_SPAN(b, c->uri_text, "mailto:carol@chicago.com");
    ASSERT_SPAN(b, c->display, NULL);
    cr_assert_eq(m->contacts[0].header, 5);
    cr_assert_eq(c->header, 6);

    /* kinds in order, and the Contact chain */
    static const uint16_t kinds[14] = {
        SIPR_H_VIA, SIPR_H_TO, SIPR_H_FROM, SIPR_H_CALL_ID, SIPR_H_CSEQ,
        SIPR_H_CONTACT, SIPR_H_CONTACT, SIPR_H_ALLOW, SIPR_H_ACCEPT, SIPR_H_ACCEPT_ENCODING,
        SIPR_H_ACCEPT_LANGUAGE, SIPR_H_SUPPORTED, SIPR_H_CONTENT_TYPE, SIPR_H_CONTENT_LENGTH};
    for (int i = 0; i < 14; i++)
        cr_assert_eq(m->headers[i].kind, kinds[i], "header %d kind %u", i, m->headers[i].kind);
    cr_assert_eq(m->first[SIPR_H_CONTACT], 5);
    cr_assert_eq(m->headers[5].next, 6);
    cr_assert_eq(m->headers[6].next, SIPR_NONE);
    cr_assert_eq(m->first[SIPR_H_MAX_FORWARDS], SIPR_NONE);

    /* the folded Via value keeps its inner CRLF SP */
    ASSERT_SPAN(b, m->headers[0].name, "Via");
    ASSERT_SPAN(b, m->headers[0].value,
                "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n ;received=192.0.2.4");

    /* unknown headers kept as (name, raw value), in order */
    static const char *const other[6][2] = {
        {"Allow", "INVITE, ACK, CANCEL, OPTIONS, BYE"}, {"Accept", "application/sdp"},
        {"Accept-Encoding", "gzip"}, {"Accept-Language", "en"}, {"Supported", "foo"},
        {"Content-Type", "application/sdp"}};
    for (int i = 0; i < 6; i++) {
        ASSERT_SPAN(b, m->headers[7 + i].name, other[i][0]);
        ASSERT_SPAN(b, m->headers[7 + i].value, other[i][1]);
    }
    ASSERT_SPAN(b, m->headers[13].value, "147");
}

Test(rfc3261, s24_1_f1_register)
{
    check_corpus(&E_24_1_F1);
    int i = find_header(g_buf, &g_m, "Expires", 0);
    cr_assert_eq(i, 7);
    cr_assert_eq(g_m.headers[i].kind, SIPR_H_EXPIRES);
    ASSERT_SPAN(g_buf, g_m.headers[i].value, "7200");
    cr_assert_eq(g_m.has_expires, 1);
    cr_assert_eq(g_m.expires, 7200);
    ASSERT_SPAN(g_buf, g_m.headers[0].value,
                "SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7");
}
Test(rfc3261, s24_1_f2_200ok) { check_corpus(&E_24_1_F2); }
Test(rfc3261, s24_2_f01_invite) { check_corpus(&E_F1); }
Test(rfc3261, s24_2_f02_100_trying) { check_corpus(&E_F2); }
Test(rfc3261, s24_2_f03_invite) { check_corpus(&E_F3); }
Test(rfc3261, s24_2_f04_100_trying) { check_corpus(&E_F4); }

Test(rfc3261, s24_2_f05_invite)
{
    check_corpus(&E_F5);
    const sipr_msg *m = &g_m;
    cr_assert_eq(m->first[SIPR_H_VIA], 0);
    cr_assert_eq(m->headers[0].next, 1);
    cr_assert_eq(m->headers[1].next, 2);
    cr_assert_eq(m->headers[2].next, SIPR_NONE);
    ASSERT_SPAN(g_buf, m->headers[1].value,
                "SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n"
                " ;received=192.0.2.2");
}

Test(rfc3261, s24_2_f06_180_ringing) { check_corpus(&E_F6); }
Test(rfc3261, s24_2_f07_180_ringing) { check_corpus(&E_F7); }
Test(rfc3261, s24_2_f08_180_ringing) { check_corpus(&E_F8); }

Test(rfc3261, s24_2_f09_200ok)
{
    check_corpus(&E_F9);
    int i = find_header(g_buf, &g_m, "Content-Type", 0);
    cr_assert_eq(i, 8);
    ASSERT_SPAN(g_buf, g_m.headers[i].value, "application/sdp");
}

Test(rfc3261, s24_2_f10_200ok) { check_corpus(&E_F10); }
Test(rfc3261, s24_2_f11_200ok) { check_corpus(&E_F11); }
Test(rfc3261, s24_2_f12_ack) { check_corpus(&E_F12); }
Test(rfc3261, s24_2_f13_bye) { check_corpus(&E_F13); }
Test(rfc3261, s24_2_f14_200ok) { check_corpus(&E_F14); }

/* ------------------------------------------------------------------------ */
/* synthetic messages                                                       */
/* ------------------------------------------------------------------------ */

/* sipr_header_kind_of, the parser's name table, against sipr_header_name (a
   separate hand-written table, src/errors.c): every kind's long form in its
   own, lower and upper case, and no near miss. The compact forms are RFC
   3261 §7.3.3's and the extensions' (RFC 3265 o, u; RFC 3515 r; RFC 3892 b;
   RFC 4028 x). */
Test(syntax, header_kind_of)
{
    static const struct { char c; sipr_header_kind k; } compact[] = {
        {'v', SIPR_H_VIA}, {'f', SIPR_H_FROM}, {'t', SIPR_H_TO}, {'i', SIPR_H_CALL_ID},
        {'l', SIPR_H_CONTENT_LENGTH}, {'m', SIPR_H_CONTACT}, {'c', SIPR_H_CONTENT_TYPE},
        {'k', SIPR_H_SUPPORTED}, {'e', SIPR_H_CONTENT_ENCODING}, {'s', SIPR_H_SUBJECT},
        {'o', SIPR_H_EVENT}, {'u', SIPR_H_ALLOW_EVENTS}, {'r', SIPR_H_REFER_TO},
        {'b', SIPR_H_REFERRED_BY}, {'x', SIPR_H_SESSION_EXPIRES}};
    char b[80];
    for (int k = 1; k < SIPR_H__COUNT; k++) {
        const char *n = sipr_header_name((sipr_header_kind)k);
        const size_t len = strlen(n);
        cr_assert(len > 1 && len < 70, "kind %d: name '%s'", k, n);
        cr_assert_eq(sipr_header_kind_of(n, len), k, "'%s'", n);
        for (size_t j = 0; j < len; j++)
            b[j] = (char)tolower((unsigned char)n[j]);
        cr_assert_eq(sipr_header_kind_of(b, len), k, "'%.*s'", (int)len, b);
        for (size_t j = 0; j < len; j++)
            b[j] = (char)toupper((unsigned char)n[j]);
        cr_assert_eq(sipr_header_kind_of(b, len), k, "'%.*s'", (int)len, b);
        if (len > 2) /* "T" is To's compact form */
            cr_assert_neq(sipr_header_kind_of(n, len - 1), k, "'%.*s'", (int)len - 1, n);
        cr_assert_neq(sipr_header_kind_of(n + 1, len - 1), k, "'%s'", n + 1);
        memcpy(b, n, len);
        b[len] = 's';
        cr_assert_eq(sipr_header_kind_of(b, len + 1), SIPR_H_OTHER, "'%.*s'", (int)len + 1, b);
        b[len - 1] = (char)(n[len - 1] == 'z' ? 'y' : 'z');
        cr_assert_eq(sipr_header_kind_of(b, len), SIPR_H_OTHER, "'%.*s'", (int)len, b);
        /* a byte that is not a token byte */
        memcpy(b, n, len);
        b[len / 2] = ' ';
        cr_assert_eq(sipr_header_kind_of(b, len), SIPR_H_OTHER, "'%.*s'", (int)len, b);
    }
    for (size_t j = 0; j < sizeof compact / sizeof compact[0]; j++) {
        b[0] = compact[j].c;
        cr_assert_eq(sipr_header_kind_of(b, 1), compact[j].k, "'%c'", b[0]);
        b[0] = (char)toupper((unsigned char)compact[j].c);
        cr_assert_eq(sipr_header_kind_of(b, 1), compact[j].k, "'%c'", b[0]);
    }
    /* the letters that are no compact form */
    for (char c = 'a'; c <= 'z'; c++) {
        size_t j = 0;
        while (j < sizeof compact / sizeof compact[0] && compact[j].c != c)
            j++;
        if (j == sizeof compact / sizeof compact[0])
            cr_assert_eq(sipr_header_kind_of(&c, 1), SIPR_H_OTHER, "'%c'", c);
    }
    cr_assert_eq(sipr_header_kind_of(NULL, 0), SIPR_H_OTHER);
    cr_assert_eq(sipr_header_kind_of("Via", 0), SIPR_H_OTHER);
    /* a '-' against the CR that b | 0x20 also maps to '-' */
    cr_assert_eq(sipr_header_kind_of("Call\rID", 7), SIPR_H_OTHER);
    memset(b, 'a', 65);
    cr_assert_eq(sipr_header_kind_of(b, 65), SIPR_H_OTHER);
}

Test(syntax, compact_forms)
{
    const sipr_msg *m = parse_str(
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
        "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKcompact1\r\n"
        "Max-Forwards: 70\r\n"
        "t: Bob <sip:bob@biloxi.com>\r\n"
        "f: Alice <sip:alice@atlanta.com>;tag=88\r\n"
        "i: compact-call-id@atlanta.com\r\n"
        "CSeq: 7 INVITE\r\n"
        "m: <sip:alice@pc33.atlanta.com>\r\n"
        "l: 4\r\n"
        "\r\n"
        "abcd");
    const char *b = g_buf;
    static const uint16_t kinds[9] = {SIPR_H_VIA, SIPR_H_MAX_FORWARDS, SIPR_H_TO, SIPR_H_FROM,
                                      SIPR_H_CALL_ID, SIPR_H_CSEQ, SIPR_H_CONTACT,
                                      SIPR_H_CONTENT_LENGTH, 0};
    cr_assert_eq(m->n_headers, 8);
    for (int i = 0; i < 8; i++)
        cr_assert_eq(m->headers[i].kind, kinds[i], "header %d kind %u", i, m->headers[i].kind);
    /* names as written */
    ASSERT_SPAN(b, m->headers[0].name, "v");
    ASSERT_SPAN(b, m->headers[2].name, "t");
    ASSERT_SPAN(b, m->headers[3].name, "f");
    ASSERT_SPAN(b, m->headers[4].name, "i");
    ASSERT_SPAN(b, m->headers[6].name, "m");
    ASSERT_SPAN(b, m->headers[7].name, "l");
    cr_assert_eq(m->n_vias, 1);
    ASSERT_SPAN(b, m->vias[0].branch, "z9hG4bKcompact1");
    ASSERT_SPAN(b, m->to.uri.user, "bob");
    ASSERT_SPAN(b, m->to.display, "Bob");
    ASSERT_SPAN(b, m->from.tag, "88");
    ASSERT_SPAN(b, m->call_id, "compact-call-id@atlanta.com");
    cr_assert_eq(m->n_contacts, 1);
    ASSERT_SPAN(b, m->contacts[0].uri.host, "pc33.atlanta.com");
    cr_assert_eq(m->has_content_length, 1);
    cr_assert_eq(m->content_length, 4);
    ASSERT_SPAN(b, m->body, "abcd");
    for (int k = 1; k <= SIPR_H_CONTACT; k++)
        cr_assert_neq(m->first[k], SIPR_NONE, "kind %d not found", k);
}

Test(syntax, header_names_case_insensitive)
{
    const sipr_msg *m = parse_str(
        "OPTIONS sip:carol@chicago.com SIP/2.0\r\n"
        "VIA: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKci1\r\n"
        "V: SIP/2.0/UDP pc34.atlanta.com;branch=z9hG4bKci2\r\n"
        "max-forwards: 70\r\n"
        "tO: <sip:carol@chicago.com>\r\n"
        "FROM: Alice <sip:alice@atlanta.com>;tag=1\r\n"
        "call-id: ci@atlanta.com\r\n"
        "cseq: 1 OPTIONS\r\n"
        "CONTACT: <sip:alice@pc33.atlanta.com>\r\n"
        "Content-length: 0\r\n"
        "\r\n");
    const char *b = g_buf;
    static const uint16_t kinds[9] = {SIPR_H_VIA, SIPR_H_VIA, SIPR_H_MAX_FORWARDS, SIPR_H_TO,
                                      SIPR_H_FROM, SIPR_H_CALL_ID, SIPR_H_CSEQ,
                                      SIPR_H_CONTACT, SIPR_H_CONTENT_LENGTH};
    cr_assert_eq(m->n_headers, 9);
    for (int i = 0; i < 9; i++)
        cr_assert_eq(m->headers[i].kind, kinds[i], "header %d kind %u", i, m->headers[i].kind);
    ASSERT_SPAN(b, m->headers[0].name, "VIA");
    ASSERT_SPAN(b, m->headers[1].name, "V");
    cr_assert_eq(m->n_vias, 2);
    ASSERT_SPAN(b, m->vias[1].branch, "z9hG4bKci2");
    cr_assert_eq(m->max_forwards, 70);
    ASSERT_SPAN(b, m->from.tag, "1");
    ASSERT_SPAN(b, m->call_id, "ci@atlanta.com");
    cr_assert_eq(m->cseq_number, 1);
    ASSERT_SPAN(b, m->cseq_method, "OPTIONS");
    cr_assert_eq(m->n_contacts, 1);
    cr_assert_eq(m->content_length, 0);
}

Test(syntax, header_folding)
{
    const sipr_msg *m = parse_str(
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP\r\n pc33.atlanta.com;branch=z9hG4bKfold1\r\n"
        "Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bKfold2\r\n"
        "\t;received=192.0.2.2\r\n"
        "Max-Forwards: 70\r\n"
        "To: Bob\r\n <sip:bob@biloxi.com>\r\n"
        "From: Alice <sip:alice@atlanta.com>\r\n  ;tag=1928301774\r\n"
        "Call-ID: fold@atlanta.com\r\n"
        "CSeq: 1\r\n INVITE\r\n"
        "Subject: first line\r\n second line\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    const char *b = g_buf;
    cr_assert_eq(m->n_headers, 9);
    cr_assert_eq(m->n_vias, 2);
    ASSERT_SPAN(b, m->headers[0].value, "SIP/2.0/UDP\r\n pc33.atlanta.com;branch=z9hG4bKfold1");
    ASSERT_SPAN(b, m->vias[0].transport, "UDP");
    ASSERT_SPAN(b, m->vias[0].host, "pc33.atlanta.com");
    ASSERT_SPAN(b, m->vias[0].branch, "z9hG4bKfold1");
    ASSERT_SPAN(b, m->vias[1].branch, "z9hG4bKfold2");
    ASSERT_SPAN(b, m->vias[1].received, "192.0.2.2");
    ASSERT_SPAN(b, m->to.display, "Bob");
    ASSERT_SPAN(b, m->to.uri.user, "bob");
    ASSERT_SPAN(b, m->from.tag, "1928301774");
    cr_assert_eq(m->cseq_number, 1);
    ASSERT_SPAN(b, m->cseq_method, "INVITE");
    ASSERT_SPAN(b, m->headers[7].name, "Subject");
    ASSERT_SPAN(b, m->headers[7].value, "first line\r\n second line");
    cr_assert_eq(m->content_length, 0);
    cr_assert_eq(m->body.len, 0);
}

Test(syntax, ipv6_references)
{
    const sipr_msg *m = parse_str(
        "INVITE sip:bob@[2001:db8::1]:5070;transport=udp SIP/2.0\r\n"
        "Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKv6;received=2001:db8::9\r\n"
        "Via: SIP/2.0/UDP [::1];branch=z9hG4bKv6b\r\n"
        "Max-Forwards: 70\r\n"
        "To: <sip:bob@[2001:db8::1]>\r\n"
        "From: <sip:alice@192.0.2.1>;tag=v6\r\n"
        "Call-ID: v6@[2001:db8::1]\r\n"
        "CSeq: 1 INVITE\r\n"
        "Contact: <sip:alice@[2001:db8::2]:5062>\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    const char *b = g_buf;
    ASSERT_SPAN(b, m->request_uri, "sip:bob@[2001:db8::1]:5070;transport=udp");
    ASSERT_SPAN(b, m->ruri.user, "bob");
    ASSERT_SPAN(b, m->ruri.host, "[2001:db8::1]");
    cr_assert_eq(m->ruri.host_kind, SIPR_HOST_IPV6);
    cr_assert_eq(m->ruri.port, 5070);
    ASSERT_SPAN(b, m->ruri.port_text, "5070");
    cr_assert_eq(m->ruri.params.count, 1);
    ASSERT_SPAN(b, m->params[m->ruri.params.first].name, "transport");
    ASSERT_SPAN(b, m->params[m->ruri.params.first].value, "udp");

    cr_assert_eq(m->n_vias, 2);
    ASSERT_SPAN(b, m->vias[0].host, "[2001:db8::1]");
    cr_assert_eq(m->vias[0].host_kind, SIPR_HOST_IPV6);
    cr_assert_eq(m->vias[0].port, 5060);
    ASSERT_SPAN(b, m->vias[0].port_text, "5060");
    ASSERT_SPAN(b, m->vias[0].branch, "z9hG4bKv6");
    /* via-received = "received" EQUAL (IPv4address / IPv6address): no brackets */
    ASSERT_SPAN(b, m->vias[0].received, "2001:db8::9");
    ASSERT_SPAN(b, m->vias[1].host, "[::1]");
    cr_assert_eq(m->vias[1].host_kind, SIPR_HOST_IPV6);
    cr_assert_eq(m->vias[1].port, 0);

    ASSERT_SPAN(b, m->to.uri.host, "[2001:db8::1]");
    cr_assert_eq(m->to.uri.host_kind, SIPR_HOST_IPV6);
    ASSERT_SPAN(b, m->from.uri.host, "192.0.2.1");
    cr_assert_eq(m->from.uri.host_kind, SIPR_HOST_IPV4);
    ASSERT_SPAN(b, m->call_id, "v6@[2001:db8::1]");
    ASSERT_SPAN(b, m->contacts[0].uri.host, "[2001:db8::2]");
    cr_assert_eq(m->contacts[0].uri.host_kind, SIPR_HOST_IPV6);
    cr_assert_eq(m->contacts[0].uri.port, 5062);
}

/* IPv6 and IPv4 literals as RFC 5954 §4.1 writes them (it replaces RFC 3261's
   rules; RFC 5118 §4.10 shows the bug): at most 8 pieces, one "::" standing
   for at least one piece, an IPv4 tail counting as two, octets 0-255 with no
   leading zero. Each address goes in the Request-URI, a Via host, a Via
   received (bare, as via-received says), the To URI and a Contact URI. */
static const char *const v6_good[] = {
    "::", "::1", "1::", "2001:db8::1", "2001:db8::192.0.2.1", "::ffff:192.0.2.1",
    "::192.0.2.1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:192.0.2.1", "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8", "1::8", "1:2:3:4:5::192.0.2.1", "FFFF:abcd:0:00:000:0000:1:2",
    "2001:db8::255.255.255.255", "2001:db8::0.0.0.0",
};
static const char *const v6_bad[] = {
    "2001:db8:::192.0.2.1", /* RFC 3261's rule took it (RFC 5118 §4.10) */
    "2001:db8::::192.0.2.1",
    "0", "1:2", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6::192.0.2.1", "1:2:3:4:5:6:7:192.0.2.1",
    "1::2::3", ":::", ":1::", "1::2:", "12345::", "::g", "::256.0.0.1",
    "::01.2.3.4", "::1.2.3", "::1.2.3.4.5", "1.2.3.4::", "",
};

static int parse_status(const char *text)
{
    size_t n = strlen(text);
    cr_assert(n < sizeof g_buf);
    memcpy(g_buf, text, n);
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    return (int)sipr_parse(g_buf, n, &g_m);
}

static void v6_message(char *out, size_t cap, const char *ruri, const char *via, const char *recv)
{
    int n = snprintf(out, cap,
                     "OPTIONS sip:u@[%s]:5060 SIP/2.0\r\n"
                     "Via: SIP/2.0/UDP [%s];branch=z9hG4bK6;received=%s\r\n"
                     "Max-Forwards: 70\r\n"
                     "To: <sip:[%s]>\r\n"
                     "From: <sip:a@192.0.2.1>;tag=6\r\n"
                     "Call-ID: v6\r\n"
                     "CSeq: 1 OPTIONS\r\n"
                     "Contact: <sip:u@[%s]>\r\n"
                     "Content-Length: 0\r\n"
                     "\r\n",
                     ruri, via, recv, ruri, ruri);
    cr_assert(n > 0 && (size_t)n < cap);
}

Test(syntax, ipv6_rfc5954)
{
    static char text[1024], br[64];
    for (size_t k = 0; k < sizeof v6_good / sizeof v6_good[0]; k++) {
        const char *a = v6_good[k];
        v6_message(text, sizeof text, a, a, a);
        cr_assert_eq(parse_status(text), SIPR_OK, "[%s] refused at byte %u", a, (unsigned)g_m.err_off);
        assert_msg_invariants(&g_m, strlen(text));
        snprintf(br, sizeof br, "[%s]", a);
        ASSERT_SPAN(g_buf, g_m.ruri.host, br);
        cr_assert_eq(g_m.ruri.host_kind, SIPR_HOST_IPV6);
        cr_assert_eq(g_m.ruri.port, 5060);
        ASSERT_SPAN(g_buf, g_m.vias[0].host, br);
        cr_assert_eq(g_m.vias[0].host_kind, SIPR_HOST_IPV6);
        ASSERT_SPAN(g_buf, g_m.vias[0].received, a);
        ASSERT_SPAN(g_buf, g_m.vias[0].branch, "z9hG4bK6");
        ASSERT_SPAN(g_buf, g_m.to.uri.host, br);
        ASSERT_SPAN(g_buf, g_m.contacts[0].uri.host, br);
    }
    for (size_t k = 0; k < sizeof v6_bad / sizeof v6_bad[0]; k++) {
        const char *a = v6_bad[k];
        /* each place alone, the others valid */
        v6_message(text, sizeof text, a, "::1", "::1");
        cr_assert_neq(parse_status(text), SIPR_OK, "Request-URI [%s] accepted", a);
        cr_assert(g_m.err_off >= 8 && g_m.err_off <= 18 + strlen(a),
                  "Request-URI [%s]: error at byte %u", a, (unsigned)g_m.err_off);
        v6_message(text, sizeof text, "::1", a, "::1");
        cr_assert_neq(parse_status(text), SIPR_OK, "Via host [%s] accepted", a);
        cr_assert_eq(parse_status(text), SIPR_E_VIA, "Via host [%s]", a);
        if (a[0] != '\0') {
            v6_message(text, sizeof text, "::1", "::1", a);
            cr_assert_eq(parse_status(text), SIPR_E_VIA, "Via received=%s", a);
        }
    }
}

Test(syntax, ipv4_dec_octets)
{
    const char *good[] = {"0.0.0.0", "255.255.255.255", "192.0.2.1", "10.99.100.249"};
    const char *bad[] = {"256.1.1.1", "1.2.3.300", "01.2.3.4", "1.2.3.00", "999.1.1.1", "1.2.3"};
    static char text[512];
    for (size_t k = 0; k < sizeof good / sizeof good[0]; k++) {
        snprintf(text, sizeof text,
                 "OPTIONS sip:%s SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bK4;received=%s\r\n"
                 "To: <sip:%s>\r\nFrom: <sip:a@%s>;tag=4\r\nCall-ID: v4\r\nCSeq: 1 OPTIONS\r\n"
                 "Max-Forwards: 70\r\n\r\n",
                 good[k], good[k], good[k], good[k], good[k]);
        cr_assert_eq(parse_status(text), SIPR_OK, "%s refused at byte %u", good[k], (unsigned)g_m.err_off);
        ASSERT_SPAN(g_buf, g_m.ruri.host, good[k]);
        cr_assert_eq(g_m.ruri.host_kind, SIPR_HOST_IPV4);
        ASSERT_SPAN(g_buf, g_m.vias[0].host, good[k]);
        cr_assert_eq(g_m.vias[0].host_kind, SIPR_HOST_IPV4);
        ASSERT_SPAN(g_buf, g_m.vias[0].received, good[k]);
    }
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        snprintf(text, sizeof text,
                 "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bK4\r\n"
                 "To: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=4\r\nCall-ID: v4\r\n"
                 "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n",
                 bad[k]);
        cr_assert_eq(parse_status(text), SIPR_E_VIA, "Via host %s", bad[k]);
        snprintf(text, sizeof text,
                 "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;received=%s\r\n"
                 "To: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=4\r\nCall-ID: v4\r\n"
                 "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n",
                 bad[k]);
        cr_assert_eq(parse_status(text), SIPR_E_VIA, "Via received=%s", bad[k]);
    }
}

Test(syntax, uri_password_params_headers)
{
    const sipr_msg *m = parse_str(
        "MESSAGE sips:bob:secret@biloxi.com:5061;transport=tcp;lr SIP/2.0\r\n"
        "Via: SIP/2.0/TLS pc33.atlanta.com;branch=z9hG4bKuri1\r\n"
        "Max-Forwards: 70\r\n"
        "To: <sips:bob@biloxi.com>\r\n"
        "From: \"Alice \\\"A\\\" Liddell\" <sips:alice@atlanta.com;maddr=239.255.255.1>"
        ";tag=u1;x-from=1\r\n"
        "Call-ID: uri1@atlanta.com\r\n"
        "CSeq: 5 MESSAGE\r\n"
        "Contact: <sip:alice:pw%40x@pc33.atlanta.com:5060;transport=udp"
        "?subject=project%20x&priority=urgent>\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    const char *b = g_buf;

    /* Request-URI */
    cr_assert_eq(m->ruri.scheme, SIPR_URI_SIPS);
    ASSERT_SPAN(b, m->ruri.scheme_name, "sips");
    ASSERT_SPAN(b, m->ruri.user, "bob");
    ASSERT_SPAN(b, m->ruri.password, "secret");
    ASSERT_SPAN(b, m->ruri.host, "biloxi.com");
    cr_assert_eq(m->ruri.port, 5061);
    cr_assert_eq(m->ruri.params.count, 2);
    const sipr_param *p = &m->params[m->ruri.params.first];
    ASSERT_SPAN(b, p[0].name, "transport");
    ASSERT_SPAN(b, p[0].value, "tcp");
    ASSERT_SPAN(b, p[1].name, "lr");
    ASSERT_SPAN(b, p[1].value, NULL);
    cr_assert_eq(m->ruri.headers.count, 0);

    /* From: quoted display name with quoted-pairs, URI param, extra param */
    ASSERT_SPAN(b, m->from.display, "\"Alice \\\"A\\\" Liddell\"");
    cr_assert_eq(m->from.uri.scheme, SIPR_URI_SIPS);
    ASSERT_SPAN(b, m->from.uri_text, "sips:alice@atlanta.com;maddr=239.255.255.1");
    cr_assert_eq(m->from.uri.params.count, 1);
    ASSERT_SPAN(b, m->params[m->from.uri.params.first].name, "maddr");
    ASSERT_SPAN(b, m->params[m->from.uri.params.first].value, "239.255.255.1");
    ASSERT_SPAN(b, m->from.tag, "u1");
    cr_assert_eq(m->from.params.count, 1);
    ASSERT_SPAN(b, m->params[m->from.params.first].name, "x-from");
    ASSERT_SPAN(b, m->params[m->from.params.first].value, "1");

    /* Contact: user:password, params and ?headers */
    const sipr_uri *u = &m->contacts[0].uri;
    cr_assert_eq(u->scheme, SIPR_URI_SIP);
    ASSERT_SPAN(b, u->user, "alice");
    ASSERT_SPAN(b, u->password, "pw%40x"); /* escapes not decoded */
    ASSERT_SPAN(b, u->host, "pc33.atlanta.com");
    cr_assert_eq(u->port, 5060);
    cr_assert_eq(u->params.count, 1);
    ASSERT_SPAN(b, m->params[u->params.first].name, "transport");
    ASSERT_SPAN(b, m->params[u->params.first].value, "udp");
    cr_assert_eq(u->headers.count, 2);
    p = &m->params[u->headers.first];
    ASSERT_SPAN(b, p[0].name, "subject");
    ASSERT_SPAN(b, p[0].value, "project%20x");
    ASSERT_SPAN(b, p[1].name, "priority");
    ASSERT_SPAN(b, p[1].value, "urgent");
    ASSERT_SPAN(b, m->contacts[0].uri_text,
                "sip:alice:pw%40x@pc33.atlanta.com:5060;transport=udp"
                "?subject=project%20x&priority=urgent");
}

/* The scheme of a URI is read before any machine runs (grammar/uri.rl): "sip"
   and "sips" in any case are SIP URIs, "tel" in any case a tel URI, any other
   RFC 3261 §25.1 scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )) an
   absoluteURI, even one that starts like sip, sips or tel; a byte that
   cannot continue a scheme, or a URI that ends before its ':', is refused at
   that byte. */
Test(syntax, uri_scheme_family)
{
    static const struct {
        const char *uri;
        int scheme;       /* sipr_uri_scheme, or -1: refused */
        unsigned err;     /* when refused: offset of the error in the URI */
    } cases[] = {
        {"sip:bob@biloxi.com", SIPR_URI_SIP, 0},
        {"SIP:bob@biloxi.com", SIPR_URI_SIP, 0},
        {"sIp:biloxi.com", SIPR_URI_SIP, 0},
        {"SiPs:bob@biloxi.com", SIPR_URI_SIPS, 0},
        {"sipx:bob@biloxi.com", SIPR_URI_OTHER, 0},
        {"si:x", SIPR_URI_OTHER, 0},
        {"sip+:x", SIPR_URI_OTHER, 0},
        {"sip.:x", SIPR_URI_OTHER, 0},
        {"sips1:x", SIPR_URI_OTHER, 0},
        {"sipss:x", SIPR_URI_OTHER, 0},
        {"tel:+1-201-555-0123", SIPR_URI_TEL, 0},
        {"TeL:+12015550123", SIPR_URI_TEL, 0},
        {"te:x", SIPR_URI_OTHER, 0},
        {"tell:x", SIPR_URI_OTHER, 0},
        {"tel-:x", SIPR_URI_OTHER, 0},
        {"tel:", -1, 4},
        {"tel:x", -1, 4},        /* no number */
        {"x-sip:[", -1, 6},      /* '[' is no uric */
        {"sip:[", -1, 5},        /* the end of an unfinished IPv6reference */
        {"1sip:x", -1, 0},       /* a scheme starts with a letter */
        {"s_p:x", -1, 1},
        {"sip", -1, 3},          /* no ':' */
        {"sip:", -1, 4},         /* nothing after it */
        {"mailto:", -1, 7},
        {":x", -1, 0},
    };
    static char text[512];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const char *u = cases[k].uri;
        snprintf(text, sizeof text,
                 "OPTIONS %s SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bKs1\r\n"
                 "To: <sip:b@example.com>\r\nFrom: <sip:a@example.com>;tag=s1\r\nCall-ID: s1\r\n"
                 "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n",
                 u);
        if (cases[k].scheme < 0) {
            cr_assert_eq(parse_status(text), SIPR_E_REQUEST_URI, "Request-URI %s", u);
            cr_assert_eq(g_m.err_off, 8 + cases[k].err, "Request-URI %s: error at byte %u", u,
                         (unsigned)g_m.err_off);
            continue;
        }
        cr_assert_eq(parse_status(text), SIPR_OK, "Request-URI %s refused at byte %u", u,
                     (unsigned)g_m.err_off);
        cr_assert_eq(g_m.ruri.scheme, cases[k].scheme, "Request-URI %s: scheme %u", u,
                     g_m.ruri.scheme);
        cr_assert_eq(g_m.ruri.scheme_name.off, 8);
        cr_assert_eq(g_m.ruri.scheme_name.len, strchr(u, ':') - u, "Request-URI %s", u);
        if (cases[k].scheme == SIPR_URI_OTHER) {
            ASSERT_SPAN(g_buf, g_m.ruri.opaque, strchr(u, ':') + 1);
            cr_assert_eq(g_m.ruri.host.len, 0, "Request-URI %s", u);
        } else if (cases[k].scheme == SIPR_URI_TEL) {
            ASSERT_SPAN(g_buf, g_m.ruri.opaque, strchr(u, ':') + 1);
            ASSERT_SPAN(g_buf, g_m.ruri.user, strchr(u, ':') + 1);
            cr_assert_eq(g_m.ruri.host.len, 0, "Request-URI %s", u);
        } else {
            cr_assert_eq(g_m.ruri.opaque.len, 0, "Request-URI %s", u);
            cr_assert_neq(g_m.ruri.host.len, 0, "Request-URI %s", u);
        }
    }
}

Test(syntax, contact_star)
{
    const sipr_msg *m = parse_str(
        "REGISTER sip:registrar.biloxi.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKstar\r\n"
        "Max-Forwards: 70\r\n"
        "To: Bob <sip:bob@biloxi.com>\r\n"
        "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n"
        "Call-ID: star@998sdasdh09\r\n"
        "CSeq: 1827 REGISTER\r\n"
        "Contact: *\r\n"
        "Expires: 0\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    cr_assert_eq(m->contact_star, 1);
    cr_assert_eq(m->n_contacts, 0);
    cr_assert_eq(m->first[SIPR_H_CONTACT], 6);
    ASSERT_SPAN(g_buf, m->headers[6].value, "*");
}

Test(syntax, contact_list_expires_q)
{
    const sipr_msg *m = parse_str(
        "SIP/2.0 200 OK\r\n"
        "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKlist;received=192.0.2.4\r\n"
        "To: Bob <sip:bob@biloxi.com>;tag=2493k59kd\r\n"
        "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n"
        "Call-ID: list@998sdasdh09\r\n"
        "CSeq: 1826 REGISTER\r\n"
        "Contact: \"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>;q=0.7;expires=3600,\r\n"
        " \"Mr. Watson\" <mailto:watson@bell-telephone.com> ;q=0.1\r\n"
        "m: <sip:watson@192.0.2.7:5080>;expires=60;"
        "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"\r\n"
        "Contact: sip:bob@192.0.2.4;expires=7200, sip:bob@192.0.2.5\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    const char *b = g_buf;
    cr_assert_eq(m->n_contacts, 5);
    cr_assert_eq(m->contact_star, 0);

    const sipr_name_addr *c = m->contacts;
    ASSERT_SPAN(b, c[0].display, "\"Mr. Watson\"");
    ASSERT_SPAN(b, c[0].uri.user, "watson");
    ASSERT_SPAN(b, c[0].uri.host, "worcester.bell-telephone.com");
    ASSERT_SPAN(b, c[0].q, "0.7");
    ASSERT_SPAN(b, c[0].expires, "3600");
    cr_assert_eq(c[0].params.count, 0);
    cr_assert_eq(c[0].header, 5);

    ASSERT_SPAN(b, c[1].display, "\"Mr. Watson\"");
    cr_assert_eq(c[1].uri.scheme, SIPR_URI_OTHER);
    ASSERT_SPAN(b, c[1].uri.scheme_name, "mailto");
    ASSERT_SPAN(b, c[1].uri.opaque, "watson@bell-telephone.com");
    ASSERT_SPAN(b, c[1].q, "0.1");
    ASSERT_SPAN(b, c[1].expires, NULL);
    cr_assert_eq(c[1].header, 5);

    ASSERT_SPAN(b, c[2].display, NULL);
    ASSERT_SPAN(b, c[2].uri.host, "192.0.2.7");
    cr_assert_eq(c[2].uri.port, 5080);
    ASSERT_SPAN(b, c[2].expires, "60");
    ASSERT_SPAN(b, c[2].q, NULL);
    cr_assert_eq(c[2].params.count, 1);
    ASSERT_SPAN(b, m->params[c[2].params.first].name, "+sip.instance");
    ASSERT_SPAN(b, m->params[c[2].params.first].value,
                "\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"");
    cr_assert_eq(c[2].header, 6);
    ASSERT_SPAN(b, m->headers[6].name, "m");

    /* addr-spec form: ;expires is a contact parameter, not a URI parameter */
    ASSERT_SPAN(b, c[3].uri_text, "sip:bob@192.0.2.4");
    ASSERT_SPAN(b, c[3].expires, "7200");
    cr_assert_eq(c[3].uri.params.count, 0);
    ASSERT_SPAN(b, c[4].uri.host, "192.0.2.5");
    ASSERT_SPAN(b, c[4].expires, NULL);
    cr_assert_eq(c[3].header, 7);
    cr_assert_eq(c[4].header, 7);

    cr_assert_eq(m->first[SIPR_H_CONTACT], 5);
    cr_assert_eq(m->headers[5].next, 6);
    cr_assert_eq(m->headers[6].next, 7);
    cr_assert_eq(m->headers[7].next, SIPR_NONE);
}

Test(syntax, via_lines_and_comma_lists)
{
    const sipr_msg *m = parse_str(
        "SIP/2.0 180 Ringing\r\n"
        "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bKa, SIP/2.0/TCP b.example.com:5070"
        ";branch=z9hG4bKb\r\n"
        "To: <sip:bob@biloxi.com>;tag=x\r\n"
        "v: SIP/2.0/TLS c.example.com;branch=z9hG4bKc;rport;maddr=224.2.0.1;ttl=16;x-foo=bar\r\n"
        "From: <sip:alice@atlanta.com>;tag=y\r\n"
        "Via: SIP/2.0/UDP d.example.com;rport=5061;received=192.0.2.9;branch=z9hG4bKd ,\r\n"
        "  SIP / 2.0 / SCTP 192.0.2.10:5062 ;branch=z9hG4bKe\r\n"
        "Call-ID: vias@atlanta.com\r\n"
        "CSeq: 9 INVITE\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    const char *b = g_buf;
    cr_assert_eq(m->n_vias, 5);
    const sipr_via *v = m->vias;
    ASSERT_SPAN(b, v[0].transport, "UDP");
    ASSERT_SPAN(b, v[0].host, "a.example.com");
    ASSERT_SPAN(b, v[0].branch, "z9hG4bKa");
    ASSERT_SPAN(b, v[1].transport, "TCP");
    ASSERT_SPAN(b, v[1].host, "b.example.com");
    cr_assert_eq(v[1].port, 5070);
    ASSERT_SPAN(b, v[1].branch, "z9hG4bKb");
    ASSERT_SPAN(b, v[2].transport, "TLS");
    ASSERT_SPAN(b, v[2].branch, "z9hG4bKc");
    cr_assert_eq(v[2].has_rport, 1);
    ASSERT_SPAN(b, v[2].rport, NULL);
    ASSERT_SPAN(b, v[2].maddr, "224.2.0.1");
    ASSERT_SPAN(b, v[2].ttl, "16");
    cr_assert_eq(v[2].params.count, 1);
    ASSERT_SPAN(b, m->params[v[2].params.first].name, "x-foo");
    ASSERT_SPAN(b, m->params[v[2].params.first].value, "bar");
    cr_assert_eq(v[3].has_rport, 1);
    ASSERT_SPAN(b, v[3].rport, "5061");
    ASSERT_SPAN(b, v[3].received, "192.0.2.9");
    ASSERT_SPAN(b, v[3].branch, "z9hG4bKd");
    /* sent-protocol with LWS around the slashes (SLASH = SWS "/" SWS) */
    ASSERT_SPAN(b, v[4].protocol_name, "SIP");
    ASSERT_SPAN(b, v[4].protocol_version, "2.0");
    ASSERT_SPAN(b, v[4].transport, "SCTP");
    ASSERT_SPAN(b, v[4].host, "192.0.2.10");
    cr_assert_eq(v[4].host_kind, SIPR_HOST_IPV4);
    cr_assert_eq(v[4].port, 5062);
    ASSERT_SPAN(b, v[4].branch, "z9hG4bKe");
    cr_assert_eq(v[4].has_rport, 0);

    cr_assert_eq(v[0].header, 0);
    cr_assert_eq(v[1].header, 0);
    cr_assert_eq(v[2].header, 2);
    cr_assert_eq(v[3].header, 4);
    cr_assert_eq(v[4].header, 4);
    /* Via chain through interleaved headers: lines 0, 2, 4 */
    cr_assert_eq(m->first[SIPR_H_VIA], 0);
    cr_assert_eq(m->headers[0].next, 2);
    cr_assert_eq(m->headers[2].next, 4);
    cr_assert_eq(m->headers[4].next, SIPR_NONE);
    cr_assert_eq(m->first[SIPR_H_TO], 1);
    cr_assert_eq(m->headers[1].next, SIPR_NONE);
}

Test(syntax, unknown_headers_in_order)
{
    const sipr_msg *m = parse_str(
        "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n"
        "X-A: 1\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKunk\r\n"
        "X-Note:   spaced value   \r\n"
        "Max-Forwards: 70\r\n"
        "To: <sip:bob@biloxi.com>\r\n"
        "From: <sip:alice@atlanta.com>;tag=1\r\n"
        "Call-ID: unk@atlanta.com\r\n"
        "CSeq: 1 MESSAGE\r\n"
        "X-Empty:\r\n"
        "C%6Fntact: <sip:not-a-contact@example.com>\r\n"
        "X-Type: text/plain\r\n"
        "Vias: not a via\r\n"
        "Content-Length: 2\r\n"
        "\r\n"
        "hi");
    const char *b = g_buf;
    static const char *const names[] = {"X-A", "X-Note", "X-Empty", "C%6Fntact", "X-Type",
                                        "Vias"};
    static const char *const values[] = {"1", "spaced value", NULL,
                                         "<sip:not-a-contact@example.com>", "text/plain",
                                         "not a via"};
    static const unsigned idx[] = {0, 2, 8, 9, 10, 11};
    cr_assert_eq(m->n_headers, 13);
    for (int i = 0; i < 6; i++) {
        const sipr_header *h = &m->headers[idx[i]];
        cr_assert_eq(h->kind, SIPR_H_OTHER, "header %u kind %u", idx[i], h->kind);
        ASSERT_SPAN(b, h->name, names[i]);
        ASSERT_SPAN(b, h->value, values[i]);
        cr_assert_eq(h->next, i < 5 ? idx[i + 1] : SIPR_NONE, "header %u next %u", idx[i],
                     h->next);
    }
    cr_assert_eq(m->first[SIPR_H_OTHER], 0);
    cr_assert_eq(m->n_contacts, 0);
    cr_assert_eq(m->first[SIPR_H_CONTACT], SIPR_NONE);
    cr_assert_eq(m->n_vias, 1);
    ASSERT_SPAN(b, m->body, "hi");
}

Test(syntax, first_and_next_chain)
{
    size_t len = load(CORPUS "24.2-F09-200-ok-bob-biloxi-com-proxy.sip");
    const sipr_msg *m = parse_ok(g_buf, len);
    /* walk the Via chain: it must visit exactly the Via lines, in order */
    unsigned seen = 0, prev = 0;
    for (uint16_t i = m->first[SIPR_H_VIA]; i != SIPR_NONE; i = m->headers[i].next) {
        cr_assert(seen == 0 || i > prev);
        cr_assert_eq(m->headers[i].kind, SIPR_H_VIA);
        ASSERT_SPAN(g_buf, m->headers[i].name, "Via");
        prev = i;
        seen++;
        cr_assert(seen <= m->n_headers);
    }
    cr_assert_eq(seen, 3);
    for (int k = 1; k < SIPR_H__COUNT; k++) {
        unsigned cnt = 0;
        for (uint16_t i = m->first[k]; i != SIPR_NONE; i = m->headers[i].next)
            cnt++;
        unsigned want = 0;
        for (unsigned i = 0; i < m->n_headers; i++)
            want += m->headers[i].kind == k;
        cr_assert_eq(cnt, want, "kind %d: chain length %u, %u lines", k, cnt, want);
    }
    cr_assert_eq(m->first[SIPR_H_MAX_FORWARDS], SIPR_NONE);
}

Test(syntax, response_empty_reason_and_extension_method)
{
    const sipr_msg *m = parse_str(
        "SIP/2.0 499 \r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnr\r\n"
        "To: <sip:bob@biloxi.com>;tag=1\r\n"
        "From: <sip:alice@atlanta.com>;tag=2\r\n"
        "Call-ID: nr@atlanta.com\r\n"
        "CSeq: 3 NEWMETHOD.x-y!\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    cr_assert_eq(m->type, SIPR_MSG_RESPONSE);
    cr_assert_eq(m->status_code, 499);
    ASSERT_SPAN(g_buf, m->reason, NULL);
    ASSERT_SPAN(g_buf, m->cseq_method, "NEWMETHOD.x-y!");
}

Test(syntax, number_edges)
{
    /* the largest values in range; leading zeros do not change the value */
    const sipr_msg *m = parse_str(
        "INVITE sip:bob@biloxi.com:65535 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.com:65535;branch=z9hG4bKnum\r\n"
        "Max-Forwards: 255\r\n"
        "To: <sip:bob@biloxi.com>\r\n"
        "From: <sip:alice@atlanta.com>;tag=1\r\n"
        "Call-ID: num@atlanta.com\r\n"
        "CSeq: 2147483647 INVITE\r\n"
        "Content-Length: 0000000000000000000003\r\n"
        "\r\n"
        "abc");
    cr_assert_eq(m->ruri.port, 65535);
    cr_assert_eq(m->vias[0].port, 65535);
    cr_assert_eq(m->max_forwards, 255u); /* §20.22: at most 255 */
    cr_assert_eq(m->cseq_number, 2147483647u);
    cr_assert_eq(m->content_length, 3);
    ASSERT_SPAN(g_buf, m->body, "abc");
}

Test(syntax, version_case_insensitive)
{
    /* RFC 3261 §7.1: the SIP-Version string is case-insensitive */
    const sipr_msg *m = parse_str(
        "OPTIONS sip:carol@chicago.com sip/2.0\r\n"
        "Via: sip/2.0/udp pc33.atlanta.com;branch=z9hG4bKlc\r\n"
        "Max-Forwards: 70\r\n"
        "To: <sip:carol@chicago.com>\r\n"
        "From: <sip:alice@atlanta.com>;tag=1\r\n"
        "Call-ID: lc@atlanta.com\r\n"
        "CSeq: 1 OPTIONS\r\n"
        "Content-Length: 0\r\n"
        "\r\n");
    ASSERT_SPAN(g_buf, m->version, "sip/2.0");
    ASSERT_SPAN(g_buf, m->vias[0].protocol_name, "sip");
    ASSERT_SPAN(g_buf, m->vias[0].transport, "udp");
}

Test(syntax, body_is_rest_of_datagram)
{
    /* no Content-Length (allowed over UDP): the body is the rest of the buffer */
    const sipr_msg *m = parse_str(
        "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKbody\r\n"
        "Max-Forwards: 70\r\n"
        "To: <sip:bob@biloxi.com>\r\n"
        "From: <sip:alice@atlanta.com>;tag=1\r\n"
        "Call-ID: body@atlanta.com\r\n"
        "CSeq: 1 MESSAGE\r\n"
        "\r\n"
        "\r\n\r\nbinary\x01\x02\xff\r\n");
    cr_assert_eq(m->has_content_length, 0);
    cr_assert_eq(m->first[SIPR_H_CONTENT_LENGTH], SIPR_NONE);
    ASSERT_SPAN(g_buf, m->body, "\r\n\r\nbinary\x01\x02\xff\r\n");
}

/* ------------------------------------------------------------------------ */
/* other flows of the corpus (RFC 3515, 3665, 4916, 5626): all valid but   */
/* RFC 3515 F1, whose Refer-To is the RFC's placeholder (test_addrs.c), and */
/* F3, whose Subscription-State expires is one too (test_headers.c)        */
/* ------------------------------------------------------------------------ */

Test(corpus, other_flows_parse)
{
    static const char *const files[] = {
        "tests/corpus/rfc3515/4.1-F2-202-accepted.sip",
        "tests/corpus/rfc3665/2.1-F1-register.sip",
        "tests/corpus/rfc3665/2.1-F2-401-unauthorized.sip",
        "tests/corpus/rfc3665/2.1-F3-register.sip",
        "tests/corpus/rfc3665/2.1-F4-200-ok.sip",
        "tests/corpus/rfc3665/3.1-F1-invite.sip",
        "tests/corpus/rfc3665/3.1-F2-180-ringing.sip",
        "tests/corpus/rfc3665/3.1-F3-200-ok.sip",
        "tests/corpus/rfc3665/3.1-F4-ack.sip",
        "tests/corpus/rfc3665/3.1-F5-bye.sip",
        "tests/corpus/rfc3665/3.1-F6-200-ok.sip",
        "tests/corpus/rfc3665/3.2-F12-200-ok.sip",
        "tests/corpus/rfc3665/3.2-F2-407-proxy-authorization-required.sip",
        "tests/corpus/rfc3665/3.2-F4-invite.sip",
        "tests/corpus/rfc3665/3.2-F7-invite.sip",
        "tests/corpus/rfc3665/3.6-F11-ack.sip",
        "tests/corpus/rfc3665/3.6-F2-302-moved-temporarily.sip",
        "tests/corpus/rfc3665/3.8-F15-487-request-terminated.sip",
        "tests/corpus/rfc3665/3.8-F9-cancel.sip",
        "tests/corpus/rfc3665/3.9-F6-486-busy-here.sip",
        "tests/corpus/rfc4916/5.1-F7-update.sip",
        "tests/corpus/rfc5626/9.1-F1-subscribe.sip",
        "tests/corpus/rfc5626/9.1-F2-notify.sip",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len = load(files[i]);
        cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
        sipr_status st = sipr_parse(g_buf, len, &g_m);
        cr_assert_eq(st, SIPR_OK, "%s: %s at %u", files[i], sipr_strerror(st),
                     (unsigned)g_m.err_off);
        assert_msg_invariants(&g_m, len);
        cr_assert_eq((size_t)g_m.body.off + g_m.body.len, len, "%s: body", files[i]);
    }
}

/* ------------------------------------------------------------------------ */
/* API: names, limits, init                                                 */
/* ------------------------------------------------------------------------ */

Test(api, header_names)
{
    cr_assert_str_eq(sipr_header_name(SIPR_H_OTHER), "");
    cr_assert_str_eq(sipr_header_name(SIPR_H_VIA), "Via");
    cr_assert_str_eq(sipr_header_name(SIPR_H_FROM), "From");
    cr_assert_str_eq(sipr_header_name(SIPR_H_TO), "To");
    cr_assert_str_eq(sipr_header_name(SIPR_H_CALL_ID), "Call-ID");
    cr_assert_str_eq(sipr_header_name(SIPR_H_CSEQ), "CSeq");
    cr_assert_str_eq(sipr_header_name(SIPR_H_MAX_FORWARDS), "Max-Forwards");
    cr_assert_str_eq(sipr_header_name(SIPR_H_CONTENT_LENGTH), "Content-Length");
    cr_assert_str_eq(sipr_header_name(SIPR_H_CONTACT), "Contact");
}

Test(api, strerror_never_null)
{
    for (int c = 0; c <= SIPR_STATUS__COUNT; c++) {
        const char *s = sipr_strerror((sipr_status)c);
        cr_assert_not_null(s, "code %d", c);
        if (c < SIPR_STATUS__COUNT)
            cr_assert(s[0] != '\0', "code %d has an empty reason", c);
    }
    for (int c = 0; c <= SIPR_VERDICT__COUNT; c++)
        cr_assert_not_null(sipr_verdict_reason((sipr_verdict_code)c), "verdict %d", c);
}

Test(api, limits_default)
{
    sipr_limits l = sipr_limits_default();
    cr_assert_eq(l.max_msg_len, 65535u);
    cr_assert_eq(l.max_headers, SIPR_MAX_HEADERS);
    cr_assert_eq(l.max_vias, SIPR_MAX_VIAS);
    cr_assert_eq(l.max_contacts, SIPR_MAX_CONTACTS);
    cr_assert_eq(l.max_params, SIPR_MAX_PARAMS);
    cr_assert_eq(l.max_items, SIPR_MAX_ITEMS);
    cr_assert_eq(l.max_addrs, SIPR_MAX_ADDRS);
    cr_assert_eq(SIPR_MAX_HEADERS, 128);
    cr_assert_eq(SIPR_MAX_VIAS, 64);
    cr_assert_eq(SIPR_MAX_CONTACTS, 16);
    cr_assert_eq(SIPR_MAX_PARAMS, 128);
    cr_assert_eq(SIPR_MAX_ITEMS, 64);
}

Test(api, msg_init_limits)
{
    static sipr_msg m;
    sipr_limits d = sipr_limits_default();

    cr_assert_eq(sipr_msg_init(&m, NULL), SIPR_OK);
    cr_assert_eq(m.limits.max_msg_len, d.max_msg_len);
    cr_assert_eq(m.limits.max_headers, d.max_headers);
    cr_assert_eq(m.limits.max_vias, d.max_vias);
    cr_assert_eq(m.limits.max_contacts, d.max_contacts);
    cr_assert_eq(m.limits.max_params, d.max_params);

    /* the maxima themselves are allowed */
    sipr_limits l = {SIPR_MAX_MSG_LEN, SIPR_MAX_HEADERS, SIPR_MAX_VIAS, SIPR_MAX_CONTACTS,
                     SIPR_MAX_PARAMS, SIPR_MAX_ITEMS, 0u, SIPR_MAX_ADDRS};
    cr_assert_eq(sipr_msg_init(&m, &l), SIPR_OK);
    cr_assert_eq(m.limits.max_msg_len, SIPR_MAX_MSG_LEN);

    /* smaller limits are kept */
    sipr_limits s = {100, 2, 2, 2, 2, 2, 0u, 2};
    cr_assert_eq(sipr_msg_init(&m, &s), SIPR_OK);
    cr_assert_eq(m.limits.max_msg_len, 100);
    cr_assert_eq(m.limits.max_headers, 2);
    cr_assert_eq(m.limits.max_params, 2);

    /* each limit one above its maximum is rejected */
    for (int i = 0; i < 7; i++) {
        sipr_limits b = l;
        switch (i) {
        case 0: b.max_msg_len = SIPR_MAX_MSG_LEN + 1; break;
        case 1: b.max_headers = SIPR_MAX_HEADERS + 1; break;
        case 2: b.max_vias = SIPR_MAX_VIAS + 1; break;
        case 3: b.max_contacts = SIPR_MAX_CONTACTS + 1; break;
        case 4: b.max_params = SIPR_MAX_PARAMS + 1; break;
        case 5: b.max_items = SIPR_MAX_ITEMS + 1; break;
        default: b.max_addrs = SIPR_MAX_ADDRS + 1; break;
        }
        cr_assert_eq(sipr_msg_init(&m, &b), SIPR_E_ARG, "limit %d above its maximum accepted", i);
    }
    sipr_limits huge = {0xFFFFFFFFu, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0u, 0xFFFF};
    cr_assert_eq(sipr_msg_init(&m, &huge), SIPR_E_ARG);
}

Test(api, parse_respects_lowered_limits)
{
    /* F5 has 3 Vias and 11 header lines: fits exactly these limits */
    size_t len = load(CORPUS "24.2-F05-invite-biloxi-com-proxy-bob.sip");
    sipr_limits l = {(uint32_t)len, 11, 3, 1, 0, 1, 0u, 0};
    const sipr_msg *m = parse_ok_lim(g_buf, len, &l);
    cr_assert_eq(m->n_headers, 11);
    cr_assert_eq(m->n_vias, 3);
    cr_assert_eq(m->n_params, 0);
}

Test(api, reparse_same_msg)
{
    /* a sipr_msg may be reused: the second parse fully replaces the first */
    size_t len = load(CORPUS "24.2-F05-invite-biloxi-com-proxy-bob.sip");
    parse_ok(g_buf, len);
    static char small[512];
    size_t n2 = 0;
    {
        FILE *f = fopen(CORPUS "24.2-F14-200-ok-alice-bob.sip", "rb");
        cr_assert_not_null(f);
        n2 = fread(small, 1, sizeof small, f);
        fclose(f);
    }
    cr_assert_eq(sipr_parse(small, n2, &g_m), SIPR_OK);
    assert_msg_invariants(&g_m, n2);
    cr_assert_eq(g_m.n_vias, 1);
    cr_assert_eq(g_m.n_headers, 6);
    cr_assert_eq(g_m.n_contacts, 0);
    cr_assert_eq(g_m.type, SIPR_MSG_RESPONSE);
}
