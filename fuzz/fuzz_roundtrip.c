/* siprove: fuzz harness for the writers (src/serialize.c, src/proxy.c).
 *
 * Built and run like fuzz/fuzz_parse.c (fuzz/driver.h: libFuzzer, AFL++
 * persistent mode, or a main that replays files):
 *     sh fuzz/run.sh smoke 60 roundtrip
 *
 * Each input is copied into an exactly-sized heap buffer and parsed with
 * some leniency switches (a set derived from a hash of the input, none for
 * half of the inputs). When it parses, the harness abort()s unless:
 *   - sipr_serialize gives back the input byte for byte, up to the end of
 *     the body, and with a smaller buffer (a cap from the hash) it returns
 *     SIPR_E_NO_SPACE, the size needed, and leaves the bytes after cap alone;
 *   - removing a header line, inserting one and replacing a value by itself
 *     (sipr_serialize_edited) give a message that parses, with one line
 *     less, one more, the same number;
 *   - a request forwarded by a stateless proxy (sipr_proxy_forward; Record-
 *     Route, received and rport for some inputs) parses, with one Via more,
 *     the derived branch on top and Max-Forwards one less; or the input is
 *     refused with a status the API documents (483 for Max-Forwards 0);
 *   - a response forwarded (sipr_proxy_response) parses with one Via less;
 * and, for every input, a message built with the input as a header value
 * (sipr_build_header) is either refused or parses with that one value: no
 * input makes the builder write a second line.
 * The outputs are parsed with the largest limits: only a message at the
 * compiled maxima may fail to grow.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#define FUZZ_NAME "fuzz_roundtrip"
#include "fail.h"

#define MAX_IN SIPR_DEFAULT_MSG_LEN
#define GUARD 32u
static char g_out[2u * MAX_IN + 4096u + GUARD];
static sipr_msg g_m, g_m2;
static sipr_status g_st;
static uint32_t g_lenient;

static uint32_t hash(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    return h ^ (h >> 15);
}

static sipr_status parse(const char *buf, size_t len, sipr_msg *m, uint32_t lenient)
{
    sipr_limits l = sipr_limits_default();
    l.max_msg_len = SIPR_MAX_MSG_LEN;
    l.lenient = lenient;
    if (sipr_msg_init(m, &l) != SIPR_OK)
        FAIL("sipr_msg_init refused valid limits");
    return sipr_parse(buf, len, m);
}

/* An output that cannot grow past the compiled maxima may be refused. */
static int at_limits(const sipr_msg *m)
{
    return m->n_headers + 4u > SIPR_MAX_HEADERS || m->n_vias + 1u > SIPR_MAX_VIAS;
}

static void reparse(size_t n, const char *what)
{
    const sipr_status st = parse(g_out, n, &g_m2, g_lenient);
    if (st == SIPR_OK)
        return;
    if ((st == SIPR_E_TOO_MANY_HEADERS || st == SIPR_E_TOO_MANY_VIAS) && at_limits(&g_m))
        return;
    /* a Route URI that became the Request-URI brings its parameters */
    if (st == SIPR_E_TOO_MANY_PARAMS && g_m.n_params + 8u > SIPR_MAX_PARAMS)
        return;
    FAIL("%s: the output does not parse: %s at %u:\n%.*s", what, sipr_strerror(st),
         (unsigned)g_m2.err_off, (int)n, g_out);
}

static void check_serialize(const char *buf, size_t len, uint32_t h)
{
    const size_t end = (size_t)g_m.body.off + g_m.body.len;
    size_t n = 0, k, cap;
    sipr_status st = sipr_serialize(buf, len, &g_m, g_out, sizeof g_out, &n);
    if (st != SIPR_OK || n != end || memcmp(g_out, buf, n) != 0)
        FAIL("serialize: status %d, %zu bytes for %zu, or not byte for byte", (int)st, n, end);
    if (end == 0)
        return;
    cap = h % end;
    memset(g_out, 0x5A, cap + GUARD);
    st = sipr_serialize(buf, len, &g_m, g_out, cap, &n);
    if (st != SIPR_E_NO_SPACE || n != end)
        FAIL("serialize into %zu of %zu bytes: status %d, needed %zu", cap, end, (int)st, n);
    for (k = cap; k < cap + GUARD; k++)
        if (g_out[k] != 0x5A)
            FAIL("serialize into %zu bytes wrote byte %zu", cap, k);
}

static int plain(const char *buf, sipr_span v)
{
    uint32_t k;
    for (k = 0; k < v.len; k++)
        if ((unsigned char)buf[v.off + k] < 0x20u && buf[v.off + k] != '\t')
            return 0;
    return 1;
}

static void check_edits(const char *buf, size_t len, uint32_t h)
{
    const uint16_t n_headers = g_m.n_headers;
    sipr_edit e;
    size_t n;
    sipr_status st;
    if (n_headers == 0)
        return;
    memset(&e, 0, sizeof e);
    e.line = (uint16_t)(h % n_headers);
    e.op = SIPR_EDIT_REMOVE;
    st = sipr_serialize_edited(buf, len, &g_m, &e, 1, g_out, sizeof g_out, &n);
    if (st != SIPR_OK)
        FAIL("remove line %u: %s", e.line, sipr_strerror(st));
    /* a single-valued header is parsed at its first line only: without it,
       a second one (never checked) becomes the first */
    /* and a message without the empty line (SIPR_LENIENT_NO_FINAL_CRLF)
       needs a header line */
    if ((g_m.headers[e.line].next == SIPR_NONE || g_m.headers[e.line].kind == SIPR_H_OTHER ||
         g_m.headers[e.line].kind == SIPR_H_VIA || g_m.headers[e.line].kind == SIPR_H_CONTACT) &&
        !(n_headers == 1 && (g_m.lenient_used & SIPR_LENIENT_NO_FINAL_CRLF))) {
        reparse(n, "remove");
        if (g_m2.n_headers + 1u != n_headers)
            FAIL("remove: %u lines, was %u", g_m2.n_headers, n_headers);
    }

    e.op = SIPR_EDIT_INSERT;
    e.kind = SIPR_H_OTHER;
    e.name.s = "X-Fuzz";
    e.name.len = 6;
    e.value.s = "a;b=\"c\"";
    e.value.len = 7;
    st = sipr_serialize_edited(buf, len, &g_m, &e, 1, g_out, sizeof g_out, &n);
    if (st != SIPR_OK)
        FAIL("insert before line %u: %s", e.line, sipr_strerror(st));
    reparse(n, "insert");
    if (g_m2.n_headers != n_headers + 1u && !at_limits(&g_m))
        FAIL("insert: %u lines, was %u", g_m2.n_headers, n_headers);

    if (plain(buf, g_m.headers[e.line].value)) {
        e.op = SIPR_EDIT_REPLACE;
        e.value.s = buf + g_m.headers[e.line].value.off;
        e.value.len = g_m.headers[e.line].value.len;
        st = sipr_serialize_edited(buf, len, &g_m, &e, 1, g_out, sizeof g_out, &n);
        if (st != SIPR_OK)
            FAIL("replace line %u by itself: %s", e.line, sipr_strerror(st));
        reparse(n, "replace");
        if (g_m2.n_headers != n_headers || g_m2.n_vias != g_m.n_vias)
            FAIL("replace: %u lines, %u Vias, was %u, %u", g_m2.n_headers, g_m2.n_vias, n_headers,
                 g_m.n_vias);
    }
}

static void check_forward(const char *buf, size_t len, uint32_t h)
{
    sipr_proxy p;
    uint16_t resp = 7;
    size_t n = 1;
    sipr_status st;
    memset(&p, 0, sizeof p);
    p.host.s = "proxy.example.com";
    p.host.len = 17;
    p.port = (uint16_t)(h & 1u ? 5060u : 0u);
    p.record_route = (uint8_t)((h >> 1) & 1u);
    if (h & 4u) {
        p.src_host.s = "192.0.2.99";
        p.src_host.len = 10;
        p.src_port = 5099;
    }
    st = sipr_proxy_forward(buf, len, &g_m, &p, g_out, sizeof g_out, &n, &resp);
    if (st == SIPR_E_TOO_MANY_HOPS) {
        if (resp != 483 || n != 0 || !g_m.has_max_forwards || g_m.max_forwards != 0)
            FAIL("forward: 483 for Max-Forwards %u (response %u)", g_m.max_forwards, resp);
        return;
    }
    if (st == SIPR_E_ROUTE)
        return;
    if (st != SIPR_OK)
        FAIL("forward: %s", sipr_strerror(st));
    if (resp != 0)
        FAIL("forward: response %u", resp);
    reparse(n, "forward");
    if (at_limits(&g_m))
        return;
    if (g_m2.n_vias != g_m.n_vias + 1u || g_m2.vias[0].branch.len != SIPR_BRANCH_LEN ||
        memcmp(g_out + g_m2.vias[0].branch.off, "z9hG4bK", 7) != 0)
        FAIL("forward: %u Vias (was %u), or not the derived branch on top", g_m2.n_vias,
             g_m.n_vias);
    if (!g_m2.has_max_forwards ||
        g_m2.max_forwards != (g_m.has_max_forwards ? g_m.max_forwards - 1u : 70u))
        FAIL("forward: Max-Forwards %u, was %u", g_m2.max_forwards, g_m.max_forwards);
}

static void check_response(const char *buf, size_t len)
{
    size_t n;
    const sipr_status st = sipr_proxy_response(buf, len, &g_m, NULL, g_out, sizeof g_out, &n);
    if (st == SIPR_E_NO_VIA_LEFT) {
        if (g_m.n_vias > 1)
            FAIL("response: no Via left with %u Vias", g_m.n_vias);
        return;
    }
    if (st != SIPR_OK)
        FAIL("response: %s", sipr_strerror(st));
    reparse(n, "response");
    if (g_m2.n_vias + 1u != g_m.n_vias)
        FAIL("response: %u Vias, was %u", g_m2.n_vias, g_m.n_vias);
}

/* The input as the value of one header: refused, or exactly one line. */
static void check_builder(const char *buf, size_t len)
{
    sipr_builder b;
    sipr_str v;
    size_t n, k;
    sipr_status st;
    v.s = buf;
    v.len = (uint32_t)(len < 256u ? len : 256u);
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_build_request_line(&b, (sipr_str){"OPTIONS", 7}, (sipr_str){"sip:b@example.com", 17});
    sipr_build_header(&b, (sipr_str){"X-Fuzz", 6}, v);
    st = sipr_build_end(&b, NULL, 0, &n);
    if (st == SIPR_E_HEADER_VALUE) {
        for (k = 0; k < v.len; k++)
            if (((unsigned char)v.s[k] < 0x20u && v.s[k] != '\t') || (unsigned char)v.s[k] == 0x7fu)
                return;
        FAIL("builder: a text value refused");
    }
    if (st != SIPR_OK)
        FAIL("builder: %s", sipr_strerror(st));
    st = parse(g_out, n, &g_m2, 0);
    if (st != SIPR_OK || g_m2.n_headers != 2)
        FAIL("builder: %s, %u lines:\n%.*s", sipr_strerror(st), g_m2.n_headers, (int)n, g_out);
}

static int one_input(const uint8_t *data, size_t size)
{
    const uint32_t h = hash(data, size);
    char *buf;
    if (size > MAX_IN)
        size = MAX_IN;
    buf = exact_copy(data, size);
    if (buf == NULL)
        return 0;
    g_lenient = (h & 0x100u) ? (h >> 4) & SIPR_LENIENT_ALL : 0u;
    g_st = parse(buf, size, &g_m, g_lenient);
    if (g_st == SIPR_OK) {
        check_serialize(buf, size, h);
        check_edits(buf, size, h >> 9);
        if (g_m.type == SIPR_MSG_REQUEST)
            check_forward(buf, size, h >> 13);
        else
            check_response(buf, size);
    }
    check_builder(buf, size);
    free(buf);
    return 0;
}

static void report(const char *name, size_t n)
{
    fprintf(stderr, "%s: %zu bytes: %s\n", name, n, sipr_strerror(g_st));
}

#include "driver.h"
