/* siprove: multipart bodies (Criterion), sipr_multipart (RFC 2046 §5.1, RFC 5621).
 *
 * The tests follow the spec in src/siprove.h ("Multipart bodies") and RFC 2046
 * §5.1.1. Every expected offset is located in the input by a marker string
 * (find_from / nth below) or is the length of a literal the test states; none
 * is copied from sipr_multipart's output.
 *
 * Data attribution: tests/corpus/rfc4475/mpart01.dat is RFC 4475 data
 * (R. Sparks, Ed., A. Hawrylyshen, A. Johnston, J. Rosenberg, H. Schulzrinne,
 * "Session Initiation Protocol (SIP) Torture Test Messages", RFC 4475, May
 * 2006, §3.1.1.11), used with attribution (see tests/corpus/README.md).
 *
 * Layout of the synthetic inputs: one exactly-sized heap buffer holding the
 * Content-Type value, then optional bytes before the body, the body, then
 * optional bytes after it. The body usually ends the buffer (a read past its
 * end is a sanitizer error); the bytes around it check that nothing outside
 * the body span is taken for a delimiter. Every call goes through mp(), which
 * fills the part array with a pattern, checks that nothing at or beyond cap
 * was written, that an error leaves *n 0 and *err_off <= len, and that a
 * success passes the soundness walk (walk()).
 *
 * Error offsets: the header promises "the byte they are about" and err_off 0
 * for SIPR_E_ARG. Only the latter is exact; for every other error the test
 * asserts a range (the smallest one that every reasonable reading of "the
 * byte it is about" falls into) and says why in a comment. The offsets
 * reported are logged at info level (run with --verbose to see them).
 *
 * Tests run from the repository root (tests/corpus/... is opened by relative
 * path).
 */
#include <criterion/criterion.h>
#include <criterion/logging.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#define CORPUS "tests/corpus/rfc4475/"
#include "corpus_msg.h"

/* ---- calling sipr_multipart ----------------------------------------------- */

#define CAP 64      /* the largest cap the tests pass through mp() */
#define GUARD 8     /* parts after cap that must stay untouched */

static sipr_part g_parts[CAP + GUARD];
static size_t g_n, g_eoff;
static sipr_span g_body, g_ct;
static const char *g_bnd;  /* the message body's boundary, when the test knows it */

static int span_in(sipr_span s, size_t lo, size_t hi)
{
    return (uint64_t)s.off >= lo && (uint64_t)s.off + s.len <= hi;
}

static size_t end_of(sipr_span s) { return (size_t)s.off + s.len; }

static int is_lws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The soundness walk over parts[0 .. n-1] of a successful call:
 *   - every span inside [0, len), and, when not empty, inside the body of the
 *     enclosing multipart (the message body for parent SIPR_NONE);
 *   - parent SIPR_NONE at depth 1, else parent < index, the parent has a
 *     boundary, depth = parent's + 1; depth <= max_depth;
 *   - breadth first: the parents never decrease along the array (SIPR_NONE
 *     first); siblings in buffer order, without overlap;
 *   - content_type inside headers and trimmed; boundary inside content_type,
 *     and a part with a boundary has at least one child;
 *   - header lines start after a line end and are followed by a CRLF; a
 *     non-empty body follows "\r\n\r\n" (the empty line) and is followed by
 *     the delimiter's "\r\n--" and the enclosing boundary. */
static void walk(size_t n, unsigned max_depth)
{
    for (size_t i = 0; i < n; i++) {
        const sipr_part *p = &g_parts[i];
        const sipr_span all[4] = {p->headers, p->body, p->content_type, p->boundary};
        for (int k = 0; k < 4; k++)
            cr_assert(span_in(all[k], 0, g_len), "part %zu: span %d [%u,+%u] outside the %zu-byte buffer",
                      i, k, (unsigned)all[k].off, (unsigned)all[k].len, g_len);

        sipr_span enc;
        const char *bnd;
        size_t bl;
        if (p->parent == SIPR_NONE) {
            cr_assert_eq(p->depth, 1, "part %zu: depth %u at the top", i, p->depth);
            enc = g_body;
            bnd = g_bnd;
            bl = g_bnd ? strlen(g_bnd) : 0;
        } else {
            cr_assert(p->parent < i, "part %zu: parent %u not before it", i, p->parent);
            const sipr_part *q = &g_parts[p->parent];
            cr_assert_eq(p->depth, q->depth + 1, "part %zu: depth %u, parent's %u", i, p->depth, q->depth);
            cr_assert(q->boundary.len > 0, "part %zu: parent %u has no boundary", i, p->parent);
            enc = q->body;
            bnd = g_buf + q->boundary.off;
            bl = q->boundary.len;
        }
        cr_assert(p->depth >= 1 && p->depth <= max_depth, "part %zu: depth %u, max %u", i, p->depth, max_depth);
        for (int k = 0; k < 4; k++)
            if (all[k].len)
                cr_assert(span_in(all[k], enc.off, end_of(enc)),
                          "part %zu: span %d [%u,+%u] outside the enclosing body [%u,+%u]", i, k,
                          (unsigned)all[k].off, (unsigned)all[k].len, (unsigned)enc.off, (unsigned)enc.len);

        if (i > 0) {
            unsigned a = g_parts[i - 1].parent == SIPR_NONE ? 0u : g_parts[i - 1].parent + 1u;
            unsigned b = p->parent == SIPR_NONE ? 0u : p->parent + 1u;
            cr_assert(a <= b, "parts %zu and %zu: parents %u then %u (not breadth first)", i - 1, i,
                      g_parts[i - 1].parent, p->parent);
        }

        if (p->content_type.len) {
            cr_assert(p->headers.len && span_in(p->content_type, p->headers.off, end_of(p->headers)),
                      "part %zu: content_type outside headers", i);
            cr_assert(!is_lws(g_buf[p->content_type.off]) && !is_lws(g_buf[end_of(p->content_type) - 1]),
                      "part %zu: content_type \"%s\" not trimmed", i,
                      show(g_buf + p->content_type.off, p->content_type.len));
        }
        if (p->boundary.len) {
            cr_assert(span_in(p->boundary, p->content_type.off, end_of(p->content_type)),
                      "part %zu: boundary outside content_type", i);
            int child = 0;
            for (size_t j = i + 1; j < n; j++)
                child |= g_parts[j].parent == i;
            cr_assert(child, "part %zu: multipart without a part", i);
        }
        if (p->headers.len) {
            cr_assert(p->headers.off > 0 && g_buf[p->headers.off - 1] == '\n', "part %zu: headers not at a line start", i);
            cr_assert(end_of(p->headers) + 2 <= g_len && memcmp(g_buf + end_of(p->headers), "\r\n", 2) == 0,
                      "part %zu: headers not followed by CRLF", i);
            if (p->body.len)
                cr_assert(end_of(p->headers) + 4 <= p->body.off, "part %zu: body overlaps headers", i);
        }
        if (p->body.len) {
            cr_assert(p->body.off >= 4 && memcmp(g_buf + p->body.off - 4, "\r\n\r\n", 4) == 0,
                      "part %zu: body not after an empty line", i);
            size_t e = end_of(p->body);
            cr_assert(e + 4 <= g_len && memcmp(g_buf + e, "\r\n--", 4) == 0,
                      "part %zu: body not followed by a delimiter", i);
            if (bnd)
                cr_assert(e + 4 + bl <= g_len && memcmp(g_buf + e + 4, bnd, bl) == 0,
                          "part %zu: body not followed by its boundary", i);
        }

        /* the previous sibling ends before this part starts */
        for (size_t j = i; j-- > 0;) {
            if (g_parts[j].parent != p->parent)
                continue;
            const sipr_part *s = &g_parts[j];
            size_t s_end = s->body.len ? end_of(s->body) : s->headers.len ? end_of(s->headers) : 0;
            size_t p_start = p->headers.len ? p->headers.off : p->body.len ? p->body.off : SIZE_MAX;
            cr_assert(s_end <= p_start, "parts %zu and %zu overlap or are out of order", j, i);
            break;
        }
    }
}

/* One call on g_buf with g_body and g_ct. */
static sipr_status mp(size_t cap, unsigned max_depth)
{
    cr_assert(cap <= CAP);
    memset(g_parts, 0xA5, sizeof g_parts);
    g_n = 777;
    g_eoff = 0x5EED5EED;
    sipr_status st = sipr_multipart(g_buf, g_len, g_body, g_ct, g_parts, cap, max_depth, &g_n, &g_eoff);
    const unsigned char *b = (const unsigned char *)&g_parts[cap];
    for (size_t k = 0; k < (CAP + GUARD - cap) * sizeof(sipr_part); k++)
        cr_assert_eq(b[k], 0xA5, "byte %zu after parts[cap - 1] was written", k);
    if (st != SIPR_OK) {
        cr_assert_eq(g_n, 0, "error %d (%s) with *n = %zu", (int)st, sipr_strerror(st), g_n);
        cr_assert(g_eoff <= g_len, "error %d: err_off %zu beyond len %zu", (int)st, g_eoff, g_len);
    } else {
        cr_assert(g_n >= 1 && g_n <= cap, "SIPR_OK with *n = %zu, cap %zu", g_n, cap);
        walk(g_n, max_depth);
    }
    return st;
}

static void expect_ok(sipr_status st, size_t n)
{
    cr_assert_eq(st, SIPR_OK, "status %d (%s) at %zu", (int)st, sipr_strerror(st), g_eoff);
    cr_assert_eq(g_n, n, "%zu parts, expected %zu", g_n, n);
}

/* an error code, and err_off in [lo, hi] */
static void expect_err_in(sipr_status st, sipr_status code, size_t lo, size_t hi, const char *what)
{
    cr_assert_eq(st, code, "%s: status %d (%s), expected %d (%s)", what, (int)st, sipr_strerror(st),
                 (int)code, sipr_strerror(code));
    cr_assert(lo <= g_eoff && g_eoff <= hi, "%s: err_off %zu outside [%zu, %zu]", what, g_eoff, lo, hi);
    cr_log_info("%s: %s at %zu (accepted [%zu, %zu])", what, sipr_strerror(st), g_eoff, lo, hi);
}
#define EXPECT_ERR_IN(st, code, lo, hi) expect_err_in((st), (code), (size_t)(lo), (size_t)(hi), #code " " #lo)

/* ---- building inputs --------------------------------------------------------- */

/* g_buf = "#" ct pre body post, exactly sized; g_ct and g_body their spans
   (the "#" keeps offset 0 out of both, so that an error offset of 0 is
   never right by accident). */
static void setup_raw(const char *ct, const char *pre, const char *body, size_t body_len, const char *post)
{
    size_t lc = strlen(ct), lp = strlen(pre), lq = strlen(post);
    free(g_buf);
    g_len = 1 + lc + lp + body_len + lq;
    g_buf = malloc(g_len);
    cr_assert_not_null(g_buf);
    g_buf[0] = '#';
    memcpy(g_buf + 1, ct, lc);
    memcpy(g_buf + 1 + lc, pre, lp);
    memcpy(g_buf + 1 + lc + lp, body, body_len);
    memcpy(g_buf + 1 + lc + lp + body_len, post, lq);
    g_ct = (sipr_span){1, (uint32_t)lc};
    g_body = (sipr_span){(uint32_t)(1 + lc + lp), (uint32_t)body_len};
    g_bnd = NULL;
}
#define SETUP(ct, body) setup_raw((ct), "", (body), strlen(body), "")

/* A SIP MESSAGE request with this Content-Type and body, parsed with
   sipr_parse; g_ct is its Content-Type header value, g_body its body. */
static void setup_msg(const char *ct, const char *body)
{
    static const char fmt[] = "MESSAGE sip:bob@biloxi.example.com SIP/2.0\r\n"
                              "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
                              "Max-Forwards: 70\r\n"
                              "To: Bob <sip:bob@biloxi.example.com>\r\n"
                              "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                              "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
                              "CSeq: 1 MESSAGE\r\n"
                              "Content-Type: %s\r\n"
                              "Content-Length: %zu\r\n"
                              "\r\n"
                              "%s";
    size_t lb = strlen(body);
    int k = snprintf(NULL, 0, fmt, ct, lb, body);
    cr_assert(k > 0);
    free(g_buf);
    g_buf = malloc((size_t)k + 1);
    cr_assert_not_null(g_buf);
    snprintf(g_buf, (size_t)k + 1, fmt, ct, lb, body);
    g_len = (size_t)k;  /* the terminating NUL is outside the message */
    sipr_status st = parse();
    cr_assert_eq(st, SIPR_OK, "sipr_parse: %s at %u", sipr_strerror(st), (unsigned)g_m.err_off);
    assert_sound();
    cr_assert_neq(g_m.first[SIPR_H_CONTENT_TYPE], SIPR_NONE);
    g_ct = g_m.headers[g_m.first[SIPR_H_CONTENT_TYPE]].value;
    g_body = g_m.body;
    ASSERT_SPAN_STR(g_ct, ct);
    ASSERT_SPAN_STR(g_body, body);
    cr_assert_eq(end_of(g_body), g_len);
    g_bnd = NULL;
}

/* offset of the k-th (0-based) occurrence of s at or after the body's start */
static size_t nth(const char *s, unsigned k)
{
    size_t at = find_from(g_body.off, s, strlen(s));
    while (k--)
        at = find_from(at + 1, s, strlen(s));
    return at;
}
#define B(s) nth((s), 0)

/* the span is at offset off and holds exactly the bytes of lit */
static void span_at(sipr_span s, size_t off, const char *lit, size_t n, const char *what)
{
    cr_assert_eq(s.off, off, "%s: at %u, expected %zu (\"%s\")", what, (unsigned)s.off, off,
                 span_in(s, 0, g_len) ? show(g_buf + s.off, s.len) : "<outside the buffer>");
    span_is(s, lit, n, what);
}
#define SPAN_AT(s, off, lit) span_at((s), (off), (lit), sizeof(lit) - 1, #s)
/* the literal, at its k-th occurrence in the body */
#define SPAN_NTH(s, k, lit) SPAN_AT((s), nth((lit), (k)), lit)

#define TOP(i)                                                                                  \
    do {                                                                                        \
        cr_assert_eq(g_parts[i].parent, SIPR_NONE, "part %d: parent %u", (int)(i), g_parts[i].parent); \
        cr_assert_eq(g_parts[i].depth, 1, "part %d: depth %u", (int)(i), g_parts[i].depth);      \
    } while (0)
#define CHILD(i, par, dep)                                                                      \
    do {                                                                                        \
        cr_assert_eq(g_parts[i].parent, (par), "part %d: parent %u", (int)(i), g_parts[i].parent); \
        cr_assert_eq(g_parts[i].depth, (dep), "part %d: depth %u", (int)(i), g_parts[i].depth);  \
    } while (0)

/* ---- 1. RFC 4475 §3.1.1.11 ---------------------------------------------------- */

/* mpart01: a MESSAGE whose body is multipart/mixed with a text/plain part
   ("Hello") and an application/octet-stream part holding binary data (NULs,
   bare CR and LF). */
Test(multipart, rfc4475_mpart01)
{
    parse_ok("mpart01");
    g_ct = g_m.headers[g_m.first[SIPR_H_CONTENT_TYPE]].value;
    g_body = g_m.body;
    g_bnd = "7a9cbec02ceef655";
    ASSERT_SPAN(g_ct, "multipart/mixed;boundary=7a9cbec02ceef655");
    cr_assert_eq(g_body.len, 553);
    cr_assert_eq(end_of(g_body), g_len);
    /* the message ends with the close delimiter line, CRLF before and after */
    cr_assert(memcmp(g_buf + g_len - 24, "\r\n--7a9cbec02ceef655--\r\n", 24) == 0);

    expect_ok(mp(CAP, 8), 2);
    for (int i = 0; i < 2; i++) {
        TOP(i);
        ASSERT_ABSENT(g_parts[i].boundary);
    }
    /* part 1: "Content-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n\r\nHello" */
    SPAN_AT(g_parts[0].headers, B("Content-Type: text/plain"),
            "Content-Type: text/plain\r\nContent-Transfer-Encoding: binary");
    SPAN_AT(g_parts[0].content_type, B("text/plain"), "text/plain");
    SPAN_AT(g_parts[0].body, B("\r\n\r\nHello\r\n") + 4, "Hello");

    /* part 2: its headers, the empty line, then 342 bytes of DER up to the
       CRLF of the close delimiter (the last 24 bytes) */
    size_t h2 = B("Content-Type: application/octet-stream");
    SPAN_AT(g_parts[1].headers, h2,
            "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary");
    SPAN_AT(g_parts[1].content_type, B("application/octet-stream"), "application/octet-stream");
    size_t b2 = find_from(h2, "\r\n\r\n", 4) + 4;
    cr_assert_eq(g_parts[1].body.off, b2);
    cr_assert_eq(end_of(g_parts[1].body), g_len - 24);
    cr_assert_eq(g_parts[1].body.len, 342);  /* 0x4f2 - 0x39c, read off the file with xxd */
    cr_assert(memcmp(g_buf + g_parts[1].body.off, "\x30\x82\x01\x52", 4) == 0);
    cr_assert(memcmp(g_buf + end_of(g_parts[1].body) - 2, "\xd0\x05", 2) == 0);
    cr_assert_not_null(memchr(g_buf + g_parts[1].body.off, '\0', g_parts[1].body.len));

    /* exactly as many parts as the array holds; one fewer does not fit */
    expect_ok(mp(2, 1), 2);
    EXPECT_ERR_IN(mp(1, 8), SIPR_E_TOO_MANY_PARTS, B("\r\n--7a9cbec02ceef655\r\n"), end_of(g_body));
}

/* ---- 2. nesting --------------------------------------------------------------- */

#define NESTED_BODY                                        \
    "preamble, ignored\r\n"                                \
    "--outer\r\n"                                          \
    "Content-Type: text/plain\r\n"                         \
    "\r\n"                                                 \
    "A\r\n"                                                \
    "--outer\r\n"                                          \
    "Content-Type: multipart/alternative; boundary=\"in ner\"\r\n" \
    "\r\n"                                                 \
    "--in ner\r\n"                                         \
    "Content-Type: text/plain\r\n"                         \
    "\r\n"                                                 \
    "B\r\n"                                                \
    "--in ner\r\n"                                         \
    "Content-Type: text/html\r\n"                          \
    "\r\n"                                                 \
    "<b>C</b>\r\n"                                         \
    "--in ner--\r\n"                                       \
    "--outer--\r\n"                                        \
    "epilogue, ignored\r\n"

/* multipart/mixed holding text/plain and a multipart/alternative of two
   parts: 4 parts, the nested ones last; the nested boundary is quoted (with a
   space inside) and its span is without the quotes. The nested body ends with
   its close delimiter without CRLF (that CRLF belongs to the outer one). */
Test(multipart, nested_alternative)
{
    setup_msg("multipart/mixed; boundary=outer", NESTED_BODY);
    g_bnd = "outer";
    expect_ok(mp(CAP, 8), 4);

    TOP(0);
    SPAN_NTH(g_parts[0].headers, 0, "Content-Type: text/plain");
    SPAN_NTH(g_parts[0].content_type, 0, "text/plain");
    SPAN_AT(g_parts[0].body, B("\r\n\r\nA\r\n") + 4, "A");
    ASSERT_ABSENT(g_parts[0].boundary);

    TOP(1);
    size_t ct1 = B("multipart/alternative");
    SPAN_AT(g_parts[1].headers, ct1 - strlen("Content-Type: "),
            "Content-Type: multipart/alternative; boundary=\"in ner\"");
    SPAN_AT(g_parts[1].content_type, ct1, "multipart/alternative; boundary=\"in ner\"");
    SPAN_AT(g_parts[1].boundary, ct1 + strlen("multipart/alternative; boundary=\""), "in ner");
    SPAN_AT(g_parts[1].body, B("--in ner\r\n"),
            "--in ner\r\n"
            "Content-Type: text/plain\r\n"
            "\r\n"
            "B\r\n"
            "--in ner\r\n"
            "Content-Type: text/html\r\n"
            "\r\n"
            "<b>C</b>\r\n"
            "--in ner--");

    CHILD(2, 1, 2);
    SPAN_NTH(g_parts[2].headers, 1, "Content-Type: text/plain");
    SPAN_NTH(g_parts[2].content_type, 1, "text/plain");
    SPAN_AT(g_parts[2].body, B("\r\n\r\nB\r\n") + 4, "B");
    ASSERT_ABSENT(g_parts[2].boundary);

    CHILD(3, 1, 2);
    SPAN_NTH(g_parts[3].headers, 0, "Content-Type: text/html");
    SPAN_NTH(g_parts[3].content_type, 0, "text/html");
    SPAN_NTH(g_parts[3].body, 0, "<b>C</b>");
    ASSERT_ABSENT(g_parts[3].boundary);
}

/* the limits around the nested body: cap = 4 fits, 3 does not (the 4th part
   is the nested text/html); max_depth 2 fits, 1 refuses the nested part */
Test(multipart, nested_limits)
{
    setup_msg("multipart/mixed; boundary=outer", NESTED_BODY);
    g_bnd = "outer";
    expect_ok(mp(4, 2), 4);
    /* the part that does not fit: from the CRLF of its delimiter line to the
       end of the nested body that holds it */
    EXPECT_ERR_IN(mp(3, 8), SIPR_E_TOO_MANY_PARTS, B("\r\n--in ner\r\nContent-Type: text/html"),
                  B("--in ner--") + 10);
    /* the multipart part at depth 1: from the CRLF before its delimiter to the
       end of its body */
    EXPECT_ERR_IN(mp(CAP, 1), SIPR_E_MULTIPART_DEPTH, B("\r\n--outer\r\nContent-Type: multipart"),
                  B("--in ner--") + 10);
}

#define BFS_BODY                                           \
    "--L1\r\n"                                             \
    "Content-Type: multipart/mixed;boundary=L2a\r\n"       \
    "\r\n"                                                 \
    "--L2a\r\n"                                            \
    "\r\n"                                                 \
    "a\r\n"                                                \
    "--L2a\r\n"                                            \
    "Content-Type: multipart/related;boundary=L3\r\n"      \
    "\r\n"                                                 \
    "--L3\r\n"                                             \
    "\r\n"                                                 \
    "x\r\n"                                                \
    "--L3--\r\n"                                           \
    "--L2a--\r\n"                                          \
    "--L1\r\n"                                             \
    "\r\n"                                                 \
    "t\r\n"                                                \
    "--L1\r\n"                                             \
    "Content-Type: multipart/alternative;boundary=L2b\r\n" \
    "\r\n"                                                 \
    "--L2b\r\n"                                            \
    "\r\n"                                                 \
    "b\r\n"                                                \
    "--L2b\r\n"                                            \
    "\r\n"                                                 \
    "c\r\n"                                                \
    "--L2b--\r\n"                                          \
    "--L1--\r\n"

/* Three levels, where breadth first and depth first differ:
     L1: [M1 = L2a: [a, M3 = L3: [x]], t, M2 = L2b: [b, c]]
   breadth first: M1 t M2 | a M3 (of M1) | b c (of M2) | x (of M3). */
Test(multipart, breadth_first_three_levels)
{
    SETUP("multipart/mixed; boundary=L1", BFS_BODY);
    g_bnd = "L1";
    expect_ok(mp(CAP, 3), 8);
    TOP(0);
    TOP(1);
    TOP(2);
    CHILD(3, 0, 2);
    CHILD(4, 0, 2);
    CHILD(5, 2, 2);
    CHILD(6, 2, 2);
    CHILD(7, 4, 3);
    SPAN_AT(g_parts[0].boundary, B("L2a\r\n"), "L2a");
    SPAN_AT(g_parts[2].boundary, B("L2b\r\n"), "L2b");
    SPAN_AT(g_parts[4].boundary, B("L3\r\n"), "L3");
    SPAN_AT(g_parts[0].body, B("--L2a\r\n"), "--L2a\r\n\r\na\r\n--L2a\r\n"
                                            "Content-Type: multipart/related;boundary=L3\r\n\r\n"
                                            "--L3\r\n\r\nx\r\n--L3--\r\n--L2a--");
    SPAN_AT(g_parts[4].body, B("--L3\r\n"), "--L3\r\n\r\nx\r\n--L3--");
    /* the leaves have no headers (each starts with CRLF) */
    const char *leaf[8] = {0, "\r\n\r\nt\r\n", 0, "\r\n\r\na\r\n", 0, "\r\n\r\nb\r\n", "\r\n\r\nc\r\n", "\r\n\r\nx\r\n"};
    for (int i = 0; i < 8; i++) {
        if (!leaf[i])
            continue;
        ASSERT_ABSENT(g_parts[i].headers);
        ASSERT_ABSENT(g_parts[i].content_type);
        ASSERT_ABSENT(g_parts[i].boundary);
        cr_assert_eq(g_parts[i].body.off, B(leaf[i]) + 4, "part %d", i);
        cr_assert_eq(g_parts[i].body.len, 1, "part %d", i);
    }

    expect_ok(mp(8, 3), 8);
    /* 8 parts do not fit in 7: the 8th is x, inside M3's body */
    EXPECT_ERR_IN(mp(7, 3), SIPR_E_TOO_MANY_PARTS, B("--L3\r\n") - 2, B("--L3--") + 6);
    /* depth 2: M3, at depth 2, is multipart; from the CRLF before its
       delimiter line to the end of its body */
    EXPECT_ERR_IN(mp(CAP, 2), SIPR_E_MULTIPART_DEPTH, B("\r\n--L2a\r\nContent-Type: multipart/related"),
                  B("--L3--") + 6);
    /* depth 1: M1 (the first multipart part) is refused; from the body's
       start (its delimiter) to the end of its body */
    EXPECT_ERR_IN(mp(CAP, 1), SIPR_E_MULTIPART_DEPTH, g_body.off, B("--L2a--") + 7);
}

/* ---- 3. delimiters, padding, preamble, epilogue, part shapes ----------------- */

/* padding (SP / HTAB) after a delimiter and after the close delimiter, which
   ends the body without CRLF; the bytes after the body in the buffer are
   not read as part of it */
Test(multipart, transport_padding_and_close_at_end)
{
    static const char body[] = "--b \t \r\n"
                               "Content-Type: text/plain\r\n"
                               "\r\n"
                               "one\r\n"
                               "--b\t\r\n"
                               "\r\n"
                               "two\r\n"
                               "--b-- \t";
    setup_raw("multipart/mixed; boundary=b", "", body, strlen(body), "x\r\n--b\r\n\r\nthree\r\n--b--");
    g_bnd = "b";
    expect_ok(mp(CAP, 8), 2);
    SPAN_AT(g_parts[0].body, B("one"), "one");
    SPAN_AT(g_parts[1].body, B("two"), "two");
    SPAN_AT(g_parts[0].content_type, B("text/plain"), "text/plain");
    ASSERT_ABSENT(g_parts[1].headers);

    /* the same body at the end of the buffer, close delimiter without padding */
    SETUP("multipart/mixed; boundary=b", "--b\r\n\r\none\r\n--b--");
    g_bnd = "b";
    expect_ok(mp(CAP, 8), 1);
    SPAN_AT(g_parts[0].body, B("one"), "one");
}

/* the preamble (even with look-alike lines) and the epilogue (even with
   delimiter lines and a malformed part) are ignored */
Test(multipart, preamble_and_epilogue_ignored)
{
    SETUP("multipart/mixed; boundary=b",
          "This is the preamble. --b\r\n"
          "--bb\r\n"
          "--b-x\r\n"
          "--b\r\n"
          "Content-Type: text/plain\r\n"
          "\r\n"
          "body\r\n"
          "--b--\r\n"
          "epilogue\r\n"
          "--b\r\n"
          "no colon, not a header\r\n"
          "\r\n"
          "--b--\r\n");
    g_bnd = "b";
    expect_ok(mp(CAP, 8), 1);
    SPAN_AT(g_parts[0].headers, B("Content-Type: text/plain"), "Content-Type: text/plain");
    SPAN_AT(g_parts[0].body, B("body"), "body");
}

/* lines that start with "--b" but are not delimiters, and "--b" not at a line
   start, are content of the part */
Test(multipart, lookalike_delimiters_are_content)
{
    static const char content[] = "--bx\r\n"    /* boundary followed by other characters */
                                  "--b x\r\n"   /* padding, then not CRLF */
                                  "--b--x\r\n"  /* close delimiter followed by other characters */
                                  "--b-- y\r\n" /* close delimiter, padding, not CRLF */
                                  "x--b\r\n"    /* not at a line start */
                                  "y\r--b\r\n"  /* after a bare CR */
                                  "--b\r\r\n"   /* CR is not padding */
                                  "--B\r\n"     /* the boundary is compared exactly */
                                  " --b\r\n"    /* leading white space */
                                  "--b\n"       /* bare LF ends no delimiter */
                                  "end";
    char body[512];
    snprintf(body, sizeof body, "--b\r\n\r\n%s\r\n--b--\r\n", content);
    SETUP("multipart/mixed; boundary=b", body);
    g_bnd = "b";
    expect_ok(mp(CAP, 8), 1);
    ASSERT_ABSENT(g_parts[0].headers);
    ASSERT_ABSENT(g_parts[0].content_type);
    SPAN_AT(g_parts[0].body, B("--bx"), content);
}

/* a part without headers starts with CRLF; a part with headers and no empty
   line has an empty body; the CRLF before a delimiter is not the part's */
Test(multipart, part_shapes)
{
    SETUP("multipart/mixed; boundary=b",
          "--b\r\n"
          "\r\n"
          "no headers\r\n"                /* 0: no headers */
          "--b\r\n"
          "Content-Type: text/plain\r\n"  /* 1: headers, no empty line */
          "--b\r\n"
          "Content-Type: text/html\r\n"   /* 2: headers and their CRLF, no empty line */
          "\r\n"
          "--b\r\n"
          "Content-Type: text/csv\r\n"    /* 3: headers, empty line, empty body */
          "\r\n"
          "\r\n"
          "--b\r\n"
          "\r\n"
          "\r\n"                          /* 4: no headers, body one CRLF */
          "\r\n"
          "--b\r\n"
          "X-One: 1\r\n"                  /* 5: no Content-Type */
          "\r\n"
          "five\r\n"
          "--b\r\n"
          "\r\n"                          /* 6: nothing (no headers, no body) */
          "--b--");
    g_bnd = "b";
    expect_ok(mp(CAP, 8), 7);

    ASSERT_ABSENT(g_parts[0].headers);
    ASSERT_ABSENT(g_parts[0].content_type);
    SPAN_AT(g_parts[0].body, B("no headers"), "no headers");

    SPAN_AT(g_parts[1].headers, B("Content-Type: text/plain"), "Content-Type: text/plain");
    SPAN_AT(g_parts[1].content_type, B("text/plain"), "text/plain");
    ASSERT_ABSENT(g_parts[1].body);

    SPAN_AT(g_parts[2].headers, B("Content-Type: text/html"), "Content-Type: text/html");
    SPAN_AT(g_parts[2].content_type, B("text/html"), "text/html");
    ASSERT_ABSENT(g_parts[2].body);

    SPAN_AT(g_parts[3].headers, B("Content-Type: text/csv"), "Content-Type: text/csv");
    ASSERT_ABSENT(g_parts[3].body);

    ASSERT_ABSENT(g_parts[4].headers);
    SPAN_AT(g_parts[4].body, B("\r\n\r\n\r\n\r\n--b\r\nX-One") + 4, "\r\n");

    SPAN_AT(g_parts[5].headers, B("X-One: 1"), "X-One: 1");
    ASSERT_ABSENT(g_parts[5].content_type);
    SPAN_AT(g_parts[5].body, B("five"), "five");

    ASSERT_ABSENT(g_parts[6].headers);
    ASSERT_ABSENT(g_parts[6].body);
    for (int i = 0; i < 7; i++) {
        TOP(i);
        ASSERT_ABSENT(g_parts[i].boundary);
    }
}

/* part headers: names in any case, folding, white space trimmed around the
   Content-Type value, other headers around it */
Test(multipart, part_headers)
{
    SETUP("multipart/mixed; boundary=b",
          "--b\r\n"
          "content-TYPE:   text/plain;\r\n"
          " charset=utf-8 \t\r\n"
          "X-Other: 1\r\n"
          "\r\n"
          "one\r\n"
          "--b\r\n"
          "Content-ID: <x@y>\r\n"
          "Content-Type:application/sdp\r\n"
          "Content-Disposition: session;\r\n"
          "\thandling=required\r\n"
          "\r\n"
          "v=0\r\n"
          "--b--");
    g_bnd = "b";
    expect_ok(mp(CAP, 8), 2);
    SPAN_AT(g_parts[0].headers, B("content-TYPE"),
            "content-TYPE:   text/plain;\r\n charset=utf-8 \t\r\nX-Other: 1");
    SPAN_AT(g_parts[0].content_type, B("text/plain"), "text/plain;\r\n charset=utf-8");
    SPAN_AT(g_parts[0].body, B("one"), "one");
    SPAN_AT(g_parts[1].headers, B("Content-ID"),
            "Content-ID: <x@y>\r\nContent-Type:application/sdp\r\n"
            "Content-Disposition: session;\r\n\thandling=required");
    SPAN_AT(g_parts[1].content_type, B("application/sdp"), "application/sdp");
    SPAN_AT(g_parts[1].body, B("v=0"), "v=0");
}

/* the body may start anywhere in the buffer; bytes before it ("\r\n") do not
   make a CRLF for a delimiter, and a delimiter at the body's start counts */
Test(multipart, body_inside_a_larger_buffer)
{
    static const char body[] = "--b\r\n\r\nin\r\n--b--";
    setup_raw("multipart/mixed; boundary=b", "zz", body, strlen(body), "\r\n--b\r\n\r\nout\r\n--b--\r\n");
    g_bnd = "b";
    expect_ok(mp(CAP, 8), 1);
    SPAN_AT(g_parts[0].body, B("in"), "in");
}

/* ---- 6. case ---------------------------------------------------------------- */

/* type, subtype and parameter names in any case; the boundary value is
   compared exactly ("--X" is content for boundary x) */
Test(multipart, case_insensitive_type)
{
    setup_msg("MULTIPART/Mixed; BOUNDARY=x",
              "--x\r\n"
              "CONTENT-TYPE: Multipart/ALTERNATIVE; Boundary=y\r\n"
              "\r\n"
              "--y\r\n"
              "\r\n"
              "q\r\n"
              "--X\r\n"
              "still q\r\n"
              "--y--\r\n"
              "--x--\r\n");
    g_bnd = "x";
    expect_ok(mp(CAP, 8), 2);
    TOP(0);
    SPAN_AT(g_parts[0].content_type, B("Multipart/ALTERNATIVE"), "Multipart/ALTERNATIVE; Boundary=y");
    SPAN_AT(g_parts[0].boundary, B("y\r\n"), "y");
    CHILD(1, 0, 2);
    SPAN_AT(g_parts[1].body, B("q\r\n"), "q\r\n--X\r\nstill q");
}

/* ---- boundary parameter forms --------------------------------------------------- */

/* every bchar, quoted (with an inner space); a parameter before it whose
   quoted value mentions "boundary="; white space around ';' and '=' */
Test(multipart, boundary_forms)
{
    SETUP("multipart/related ; type=\"application/sdp;boundary=zz\" ;boundary = \"'()+_,-./:=? Z09\"",
          "--'()+_,-./:=? Z09\r\n\r\nA\r\n--'()+_,-./:=? Z09--\r\n");
    g_bnd = "'()+_,-./:=? Z09";
    expect_ok(mp(CAP, 8), 1);
    SPAN_AT(g_parts[0].body, B("A"), "A");

    /* a boundary that needs no quotes, after another parameter */
    SETUP("multipart/mixed;charset=utf-8;boundary=simple-boundary_1.2", "--simple-boundary_1.2\r\n\r\nB\r\n--simple-boundary_1.2--");
    g_bnd = "simple-boundary_1.2";
    expect_ok(mp(CAP, 8), 1);
    SPAN_AT(g_parts[0].body, B("B"), "B");
}

static void boundary_of_length(size_t k)
{
    char bnd[80], ct[128], body[256];
    cr_assert(k < sizeof bnd);
    for (size_t i = 0; i < k; i++)
        bnd[i] = (char)('a' + i % 26);
    bnd[k] = '\0';
    snprintf(ct, sizeof ct, "multipart/mixed; boundary=%s", bnd);
    snprintf(body, sizeof body, "--%s\r\n\r\nP\r\n--%s--\r\n", bnd, bnd);
    SETUP(ct, body);
}

/* 1 and 70 bchars are a boundary; 71 are not (RFC 2046 §5.1.1) */
Test(multipart, boundary_length)
{
    boundary_of_length(70);
    expect_ok(mp(CAP, 8), 1);
    SPAN_AT(g_parts[0].body, B("\r\nP\r\n") + 2, "P");
    boundary_of_length(1);
    expect_ok(mp(CAP, 8), 1);
    /* in the boundary parameter: its name, its value or its 71st byte */
    boundary_of_length(71);
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_ct.off + strlen("multipart/mixed; "), end_of(g_ct));
}

/* ---- 4. errors ------------------------------------------------------------------- */

/* not multipart: the byte it is about is in the type (the first byte, or the
   '/' after it) */
Test(multipart, error_not_multipart)
{
    SETUP("text/plain", "--b\r\n\r\nx\r\n--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_ct.off, g_ct.off + 4);
    SETUP("application/multipart; boundary=b", "--b\r\n\r\nx\r\n--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_ct.off, g_ct.off + 11);
    SETUP("multipartx/mixed; boundary=b", "--b\r\n\r\nx\r\n--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_ct.off, g_ct.off + 10);
}

/* each value: SIPR_E_MEDIA_TYPE, err_off somewhere in the value */
static void expect_media_type_errors(const char *const *bad, size_t nbad)
{
    for (size_t i = 0; i < nbad; i++) {
        SETUP(bad[i], "--b\r\n\r\nx\r\n--b--\r\n");
        sipr_status st = mp(CAP, 8);
        const char *txt = show(bad[i], strlen(bad[i]));
        /* expect, not assert: every value is tried and reported */
        cr_expect_eq(st, SIPR_E_MEDIA_TYPE, "\"%s\": %d (%s)", txt, (int)st, sipr_strerror(st));
        if (st == SIPR_E_MEDIA_TYPE)
            cr_expect(g_eoff >= g_ct.off && g_eoff <= end_of(g_ct), "\"%s\": err_off %zu", txt, g_eoff);
        cr_log_info("\"%s\": err_off %zu", txt, g_eoff);
    }
}

/* not a media type (RFC 3261 §20.15): somewhere in the value */
Test(multipart, error_media_type)
{
    static const char *const bad[] = {
        "multipart/",                     /* no subtype */
        "multipart",                      /* no '/' */
        "multi part/mixed; boundary=b",   /* space in the type */
        "multipart/mixed; boundary=",     /* parameter without a value */
        "multipart/mixed; boundary=\"b",  /* unterminated quoted string */
        "multipart/mixed boundary=b",     /* no ';' */
        "multipart/mixed;",               /* ';' without a parameter */
    };
    expect_media_type_errors(bad, sizeof bad / sizeof bad[0]);
}

/* quoted strings (RFC 3261 §25.1): qdtext holds LWS (CRLF only when SP or HTAB
   follows), not a bare LF or CR; a quoted-pair escapes any byte but LF and CR.
   A Content-Type from sipr_parse or from a part header cannot hold these
   bytes; a caller's own span can. */
Test(multipart, error_media_type_quoted_string)
{
    static const char *const bad[] = {
        "multipart/mixed; x=\"a\nb\"; boundary=b",
        "multipart/mixed; x=\"a\r\nb\"; boundary=b",
        "multipart/mixed; x=\"a\\\nb\"; boundary=b",
    };
    expect_media_type_errors(bad, sizeof bad / sizeof bad[0]);
    /* the same forms that are LWS and quoted-pairs are accepted */
    SETUP("multipart/mixed; x=\"a\r\n b\\\"\"; boundary=b", "--b\r\n\r\nx\r\n--b--\r\n");
    expect_ok(mp(CAP, 8), 1);
}

/* no boundary, or a boundary that is not 1 to 70 bchars not ending with a
   space: somewhere in the value when there is no boundary parameter (the
   type, or the end where the parameter is missing), else in the boundary
   parameter (its name, its value or a byte of it) */
Test(multipart, error_boundary)
{
    static const char *const bad[] = {
        "multipart/mixed",
        "multipart/mixed; charset=b",
        "multipart/mixed; boundary=\"b \"",  /* ends with a space */
        "multipart/mixed; boundary=\"\"",    /* empty */
        "multipart/mixed; boundary=a!b",     /* '!' is a token char, not a bchar */
        "multipart/mixed; boundary=\"a@b\"", /* '@' is not a bchar */
        "multipart/mixed; boundaryx=b",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SETUP(bad[i], "--b \r\n\r\nx\r\n--b --\r\n--a!b\r\n\r\nx\r\n--a!b--\r\n");
        const char *bp = strstr(bad[i], "boundary=");
        size_t lo = g_ct.off + (bp ? (size_t)(bp - bad[i]) : 0);
        sipr_status st = mp(CAP, 8);
        cr_assert_eq(st, SIPR_E_MULTIPART, "\"%s\": %d (%s)", bad[i], (int)st, sipr_strerror(st));
        cr_assert(g_eoff >= lo && g_eoff <= end_of(g_ct), "\"%s\": err_off %zu outside [%zu, %zu]", bad[i],
                  g_eoff, lo, end_of(g_ct));
        cr_log_info("\"%s\": err_off %zu", bad[i], g_eoff);
    }
}

/* the body: no delimiter at all (or only ones that are not delimiters); the
   byte it is about is somewhere in the body, or its end */
Test(multipart, error_no_delimiter)
{
    static const char *const bad[] = {
        "",
        "hello\r\nworld\r\n",
        "pre--b\r\n\r\nx\r\n",       /* "--b" not at a line start */
        "--bx\r\n\r\nx\r\n--bx--",   /* only look-alikes */
        "--b\n\nx\n--b--\n",         /* bare LF */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* a delimiter after the body, which must not be read */
        setup_raw("multipart/mixed; boundary=b", "", bad[i], strlen(bad[i]), "--b\r\n\r\nx\r\n--b--\r\n");
        sipr_status st = mp(CAP, 8);
        cr_assert_eq(st, SIPR_E_MULTIPART, "\"%s\": %d (%s)", show(bad[i], strlen(bad[i])), (int)st,
                     sipr_strerror(st));
        cr_assert(g_eoff >= g_body.off && g_eoff <= end_of(g_body), "err_off %zu", g_eoff);
        cr_log_info("\"%s\": err_off %zu", show(bad[i], strlen(bad[i])), g_eoff);
    }
}

/* a delimiter but no close delimiter: the missing close delimiter is about
   the last part (from its delimiter) up to the body's end */
Test(multipart, error_no_close_delimiter)
{
    static const char *const bad[] = {
        "--b\r\n\r\nx\r\n",
        "--b\r\n\r\nx",
        "--b\r\n\r\nx\r\n--b",       /* truncated: "--b" then the end is no delimiter */
        "--b\r\n\r\nx\r\n--b-",
        "--b\r\n\r\nx\r\n--b--x",    /* other characters after the close delimiter */
        "--b\r\n\r\nx\r\n--b-- x\r\n",
        "--b\r\n\r\nx\n--b--\r\n",   /* close delimiter after a bare LF */
        "--b\r\n--b--\r\n",         /* the CRLF of a delimiter line is not also the next one's */
        "--b\r\n",
        "--b",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SETUP("multipart/mixed; boundary=b", bad[i]);
        sipr_status st = mp(CAP, 8);
        cr_assert_eq(st, SIPR_E_MULTIPART, "\"%s\": %d (%s)", show(bad[i], strlen(bad[i])), (int)st,
                     sipr_strerror(st));
        cr_assert(g_eoff >= g_body.off && g_eoff <= end_of(g_body), "err_off %zu", g_eoff);
        cr_log_info("\"%s\": err_off %zu", show(bad[i], strlen(bad[i])), g_eoff);
    }

    /* two parts, the second not closed: from the second delimiter on */
    SETUP("multipart/mixed; boundary=b", "--b\r\n\r\nx\r\n--b\r\n\r\ny\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, B("\r\n--b\r\n\r\ny"), end_of(g_body));

    /* the close delimiter is outside the body span: the body ends with "--b" */
    static const char body[] = "--b\r\n\r\nx\r\n--b";
    setup_raw("multipart/mixed; boundary=b", "", body, strlen(body), "--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_body.off, end_of(g_body));
    setup_raw("multipart/mixed; boundary=b", "", body, strlen(body) - 3, "--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_body.off, end_of(g_body));
}

/* the close delimiter before any part: at least one part is required; the byte
   it is about is in the close delimiter (its CRLF, its "--", its boundary or its
   trailing "--") */
Test(multipart, error_no_part)
{
    SETUP("multipart/mixed; boundary=b", "--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_body.off, g_body.off + 5);
    SETUP("multipart/mixed; boundary=b", "--b--");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, g_body.off, g_body.off + 5);
    SETUP("multipart/mixed; boundary=b", "preamble\r\n--b--\r\n--b\r\n\r\nx\r\n--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, B("\r\n--b--"), B("--b--") + 5);
}

/* a part header line that is not "name: value": the byte it is about is in
   that line (its start, or the first byte that does not fit) */
Test(multipart, error_bad_part_header)
{
    static const char *const line[] = {
        "hello",                       /* content without an empty line before it */
        "Content-Type text/plain",     /* no colon */
        ": text/plain",                /* no name */
        " X-Fold: 1",                  /* a continuation line with nothing to continue */
        "X Y: 1",                      /* space inside the name */
    };
    for (size_t i = 0; i < sizeof line / sizeof line[0]; i++) {
        char body[256];
        snprintf(body, sizeof body, "--b\r\n\r\nfirst\r\n--b\r\n%s\r\n\r\nx\r\n--b--\r\n", line[i]);
        SETUP("multipart/mixed; boundary=b", body);
        size_t at = B("\r\n--b\r\n") + 7;
        sipr_status st = mp(CAP, 8);
        cr_assert_eq(st, SIPR_E_MULTIPART, "\"%s\": %d (%s)", line[i], (int)st, sipr_strerror(st));
        cr_assert(g_eoff >= at && g_eoff <= at + strlen(line[i]), "\"%s\": err_off %zu outside [%zu, %zu]",
                  line[i], g_eoff, at, at + strlen(line[i]));
        cr_log_info("\"%s\": err_off %zu (line at %zu)", line[i], g_eoff, at);
    }
}

/* a part's Content-Type that is not a media type: in its value */
Test(multipart, error_part_media_type)
{
    SETUP("multipart/mixed; boundary=b", "--b\r\nContent-Type: text\r\n\r\nx\r\n--b--\r\n");
    size_t v = B("text\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MEDIA_TYPE, v, v + 4);
    SETUP("multipart/mixed; boundary=b", "--b\r\n\r\nok\r\n--b\r\nContent-Type: text/plain;\r\n\r\nx\r\n--b--\r\n");
    v = B("text/plain;");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MEDIA_TYPE, v, v + 11);
    /* an empty value: from the colon to the line end */
    SETUP("multipart/mixed; boundary=b", "--b\r\nContent-Type: \t\r\n\r\nx\r\n--b--\r\n");
    v = B("Content-Type:") + 12;
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MEDIA_TYPE, v, v + 3);
}

/* errors inside a nested multipart part */
Test(multipart, error_nested)
{
    /* no boundary: in the part's Content-Type value */
    SETUP("multipart/mixed; boundary=b",
          "--b\r\nContent-Type: multipart/mixed\r\n\r\n--c\r\n\r\nx\r\n--c--\r\n--b--\r\n");
    size_t v = B("multipart/mixed");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, v, v + strlen("multipart/mixed"));

    /* no close delimiter: in the nested body, up to its end */
    SETUP("multipart/mixed; boundary=b",
          "--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\n--c\r\n\r\nx\r\n--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, B("--c\r\n"), B("\r\n--b--"));

    /* no delimiter: in the nested body, up to its end */
    SETUP("multipart/mixed; boundary=b",
          "--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\njust text\r\n--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, B("just text"), B("\r\n--b--"));

    /* a bad header line in a nested part */
    SETUP("multipart/mixed; boundary=b",
          "--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\n--c\r\nbad line\r\n\r\nx\r\n--c--\r\n--b--\r\n");
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_MULTIPART, B("bad line"), B("bad line") + 8);
}

/* more parts than cap (at all levels): the part that does not fit, from the
   CRLF before its delimiter to the end of the body; cap = count fits */
Test(multipart, error_too_many_parts)
{
    SETUP("multipart/mixed; boundary=b", "--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3\r\n--b--\r\n");
    g_bnd = "b";
    expect_ok(mp(3, 8), 3);
    SPAN_AT(g_parts[0].body, B("1"), "1");
    SPAN_AT(g_parts[1].body, B("2"), "2");
    SPAN_AT(g_parts[2].body, B("3"), "3");
    EXPECT_ERR_IN(mp(2, 8), SIPR_E_TOO_MANY_PARTS, B("\r\n--b\r\n\r\n3"), end_of(g_body));
    EXPECT_ERR_IN(mp(1, 8), SIPR_E_TOO_MANY_PARTS, B("\r\n--b\r\n\r\n2"), end_of(g_body));
}

/* SIPR_E_ARG, err_off 0: cap, max_depth, spans outside the buffer, len */
Test(multipart, error_arg)
{
    SETUP("multipart/mixed; boundary=b", "--b\r\n\r\nx\r\n--b--\r\n");
    expect_ok(mp(1, 1), 1);
    sipr_span body = g_body, ct = g_ct;

    EXPECT_ERR_IN(mp(0, 8), SIPR_E_ARG, 0, 0);
    EXPECT_ERR_IN(mp(CAP, 0), SIPR_E_ARG, 0, 0);

    g_body = (sipr_span){body.off, body.len + 1};                 /* one byte past the end */
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_ARG, 0, 0);
    g_body = (sipr_span){(uint32_t)g_len + 1, 0};                 /* starts past the end */
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_ARG, 0, 0);
    g_body = (sipr_span){UINT32_MAX, 2};                          /* off + len wraps in 32 bits */
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_ARG, 0, 0);
    g_body = (sipr_span){UINT32_MAX - 1, 2};                      /* off + len = 2^32: wraps to 0 */
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_ARG, 0, 0);
    g_body = body;

    g_ct = (sipr_span){(uint32_t)g_len - 3, 10};
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_ARG, 0, 0);
    g_ct = (sipr_span){UINT32_MAX, 1};
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_ARG, 0, 0);
    g_ct = (sipr_span){UINT32_MAX - 4, 5};
    EXPECT_ERR_IN(mp(CAP, 8), SIPR_E_ARG, 0, 0);
    g_ct = ct;
    expect_ok(mp(CAP, 8), 1);
}

/* the largest cap and max_depth are accepted; one more is refused */
Test(multipart, arg_maxima)
{
    SETUP("multipart/mixed; boundary=b", "--b\r\n\r\nx\r\n--b--\r\n");
    g_bnd = "b";
    size_t n = 99, eoff = 99;
    sipr_part *big = malloc(SIPR_MAX_PARTS * sizeof *big);
    cr_assert_not_null(big);
    sipr_status st = sipr_multipart(g_buf, g_len, g_body, g_ct, big, SIPR_MAX_PARTS, 8, &n, &eoff);
    cr_assert_eq(st, SIPR_OK, "cap SIPR_MAX_PARTS: %s", sipr_strerror(st));
    cr_assert_eq(n, 1);
    st = sipr_multipart(g_buf, g_len, g_body, g_ct, big, (size_t)SIPR_MAX_PARTS + 1, 8, &n, &eoff);
    cr_assert_eq(st, SIPR_E_ARG, "cap SIPR_MAX_PARTS + 1: %s", sipr_strerror(st));
    cr_assert_eq(n, 0);
    cr_assert_eq(eoff, 0);
    free(big);

    expect_ok(mp(CAP, SIPR_MAX_PARTS), 1);
    EXPECT_ERR_IN(mp(CAP, SIPR_MAX_PARTS + 1), SIPR_E_ARG, 0, 0);
    EXPECT_ERR_IN(mp(CAP, UINT32_MAX), SIPR_E_ARG, 0, 0);
}

/* len above SIPR_MAX_MSG_LEN: SIPR_E_ARG, with a valid body at the start */
Test(multipart, arg_len_above_max)
{
    static const char text[] = "multipart/mixed; boundary=b--b\r\n\r\nx\r\n--b--\r\n";
    size_t big = (size_t)SIPR_MAX_MSG_LEN + 1;
    char *buf = calloc(big, 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, sizeof text - 1);
    sipr_span ct = {0, 27}, body = {27, (uint32_t)(sizeof text - 1 - 27)};
    cr_assert(memcmp(buf + body.off, "--b\r\n", 5) == 0);
    sipr_part parts[4];
    size_t n = 99, eoff = 99;
    /* the same call with len SIPR_MAX_MSG_LEN succeeds */
    cr_assert_eq(sipr_multipart(buf, SIPR_MAX_MSG_LEN, body, ct, parts, 4, 8, &n, &eoff), SIPR_OK);
    cr_assert_eq(n, 1);
    n = 99;
    eoff = 99;
    cr_assert_eq(sipr_multipart(buf, big, body, ct, parts, 4, 8, &n, &eoff), SIPR_E_ARG);
    cr_assert_eq(n, 0);
    cr_assert_eq(eoff, 0);
    free(buf);
}

/* an empty Content-Type value is no multipart type (either code: it is not
   a media type, and it is not multipart) */
Test(multipart, error_empty_content_type)
{
    setup_raw("", "", "--b\r\n\r\nx\r\n--b--\r\n", strlen("--b\r\n\r\nx\r\n--b--\r\n"), "");
    sipr_status st = mp(CAP, 8);
    cr_assert(st == SIPR_E_MEDIA_TYPE || st == SIPR_E_MULTIPART, "%d (%s)", (int)st, sipr_strerror(st));
    cr_log_info("empty content type: %s at %zu", sipr_strerror(st), g_eoff);
}
