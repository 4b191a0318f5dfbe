/* siprove: stream framing tests (Criterion), sipr_frame / sipr_framer_init.
 *
 * Expected lengths and offsets are computed from the test text (strlen of the
 * parts a stream is built from, strstr of a marker), never copied from the
 * framer's output. Inputs are copied into exactly-sized heap buffers so that
 * a read past len is an ASan error. Every message that is framed as valid is
 * also parsed with sipr_parse and checked with sipr_validate (Content-Length
 * equal to the body length), so the framer and the parser agree on it.
 * Tests run from the repository root (the corpus is read by relative path).
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

/* ---- helpers ------------------------------------------------------------ */

static sipr_msg g_msg;

/* A request with the Content-Length line CL (with its CRLF, "" for none) and
   the body BODY. */
#define HEAD                                                                     \
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"                                      \
    "Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"              \
    "Max-Forwards: 70\r\n"                                                       \
    "To: Bob <sip:bob@biloxi.com>\r\n"                                           \
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"                     \
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"                               \
    "CSeq: 314159 INVITE\r\n"                                                   \
    "Content-Type: application/sdp\r\n"
#define MSG(cl, body) HEAD cl "\r\n" body

static const char RESP[] = "SIP/2.0 200 OK\r\n"
                           "Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
                           "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
                           "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
                           "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
                           "CSeq: 314159 INVITE\r\n"
                           "c: application/sdp\r\n"
                           "l: 3\r\n"
                           "\r\n"
                           "xyz";

static char *dup_exact(const char *s, size_t n)
{
    char *b = malloc(n ? n : 1);
    cr_assert_not_null(b);
    if (n)
        memcpy(b, s, n);
    return b;
}

static sipr_framer init_default(void)
{
    sipr_framer f;
    cr_assert_eq(sipr_framer_init(&f, NULL), SIPR_OK);
    return f;
}

static sipr_framer init_max(uint32_t max)
{
    sipr_framer f;
    sipr_limits l = sipr_limits_default();
    l.max_msg_len = max;
    cr_assert_eq(sipr_framer_init(&f, &l), SIPR_OK);
    return f;
}

/* One call on a fresh framer over an exactly-sized copy of s[0 .. n). */
static sipr_frame_result frame_once(sipr_framer *f, const char *s, size_t n, sipr_frame_out *o)
{
    char *b = dup_exact(s, n);
    sipr_frame_result r = sipr_frame(f, b, n, o);
    free(b);
    return r;
}

/* The whole of s is one message, after `skip` keep-alive bytes; it parses
   and validates. */
static void expect_message(const char *s, size_t n, size_t skip, const char *what)
{
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact(s, n);
    sipr_frame_result r = sipr_frame(&f, b, n, &o);
    cr_assert_eq(r, SIPR_FRAME_MESSAGE, "%s: result %d (%s at %zu)", what, (int)r,
                 sipr_strerror(o.err), o.err_off);
    cr_assert_eq(o.skipped, skip, "%s: skipped %zu, expected %zu", what, o.skipped, skip);
    cr_assert_eq(o.msg_len, n - skip, "%s: msg_len %zu, expected %zu", what, o.msg_len, n - skip);
    cr_assert_eq(o.err, SIPR_OK);
    sipr_msg_init(&g_msg, NULL);
    cr_assert_eq(sipr_parse(b + skip, o.msg_len, &g_msg), SIPR_OK, "%s: parse: %s at %u", what,
                 sipr_strerror(g_msg.err), (unsigned)g_msg.err_off);
    cr_assert_eq(sipr_validate(b + skip, o.msg_len, &g_msg, NULL).code, SIPR_V_OK, "%s: validate",
                 what);
    free(b);
}

/* s is an error: code at offset off (from a fresh framer, in one call). */
static void expect_error(const char *s, size_t n, sipr_status code, size_t off, const char *what)
{
    sipr_framer f = init_default();
    sipr_frame_out o;
    sipr_frame_result r = frame_once(&f, s, n, &o);
    cr_assert_eq(r, SIPR_FRAME_ERROR, "%s: result %d", what, (int)r);
    cr_assert_eq(o.err, code, "%s: %s, expected %s", what, sipr_strerror(o.err),
                 sipr_strerror(code));
    cr_assert_eq(o.err_off, off, "%s: offset %zu, expected %zu", what, o.err_off, off);
    cr_assert_eq(o.msg_len, 0);
}

/* The offset of the k-th (0-based) occurrence of mark in s, plus add. */
static size_t at(const char *s, const char *mark, int k, size_t add)
{
    const char *p = strstr(s, mark);
    cr_assert_not_null(p, "mark \"%s\" not found", mark);
    while (k-- > 0) {
        p = strstr(p + 1, mark);
        cr_assert_not_null(p, "mark \"%s\" not found again", mark);
    }
    return (size_t)(p - s) + add;
}

static size_t read_file(const char *path, char *buf, size_t cap)
{
    FILE *fp = fopen(path, "rb");
    size_t n;
    cr_assert_not_null(fp, "cannot open %s (run from the repository root)", path);
    n = fread(buf, 1, cap, fp);
    cr_assert(n < cap, "%s too large", path);
    fclose(fp);
    return n;
}

/* ---- keep-alives (RFC 5626 §4.4.1, RFC 3261 §7.5) ------------------------- */

Test(frame, ping_is_skipped)
{
    sipr_framer f = init_default();
    sipr_frame_out o;
    cr_assert_eq(frame_once(&f, "\r\n\r\n", 4, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(o.skipped, 4);
    cr_assert_eq(o.msg_len, 0);
    cr_assert_eq(o.err, SIPR_OK);
}

Test(frame, pong_and_half_crlf)
{
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact("\r\n\r", 3);
    cr_assert_eq(sipr_frame(&f, b, 1, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(o.skipped, 0, "a lone CR is not a complete keep-alive");
    cr_assert_eq(sipr_frame(&f, b, 2, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(o.skipped, 2, "pong");
    cr_assert_eq(sipr_frame(&f, b, 3, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(o.skipped, 2);
    free(b);
}

Test(frame, keepalives_before_message)
{
    static const char s[] = "\r\n\r\n\r\n" MSG("Content-Length: 4\r\n", "abcd");
    expect_message(s, strlen(s), 6, "three CRLFs then a message");
}

Test(frame, keepalives_do_not_count_against_the_limit)
{
    static const char m[] = MSG("Content-Length: 4\r\n", "abcd");
    char s[sizeof m + 200];
    sipr_framer f = init_max((uint32_t)strlen(m));
    sipr_frame_out o;
    for (int k = 0; k < 100; k++)
        memcpy(s + 2 * k, "\r\n", 2);
    memcpy(s + 200, m, strlen(m));
    cr_assert_eq(frame_once(&f, s, 200 + strlen(m), &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.skipped, 200);
    cr_assert_eq(o.msg_len, strlen(m));
}

Test(frame, keepalive_errors)
{
    expect_error("\n", 1, SIPR_E_LINE_END, 0, "bare LF");
    expect_error("\r\n\rX", 4, SIPR_E_LINE_END, 3, "CR then X");
    expect_error("\r\n\r\r\n", 5, SIPR_E_LINE_END, 3, "CR CR");
}

Test(frame, keepalives_may_be_dropped_with_a_new_init)
{
    static const char s[] = "\r\n\r\n" MSG("l: 4\r\n", "abcd");
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact(s, strlen(s));
    cr_assert_eq(sipr_frame(&f, b, 5, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(o.skipped, 4);
    /* the caller drops the keep-alives and starts again from the message */
    cr_assert_eq(sipr_framer_init(&f, NULL), SIPR_OK);
    cr_assert_eq(sipr_frame(&f, b + 4, strlen(s) - 4, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.skipped, 0);
    cr_assert_eq(o.msg_len, strlen(s) - 4);
    free(b);
}

/* ---- Content-Length forms ---------------------------------------------------- */

Test(frame, long_and_compact_forms_any_case)
{
    static const char *const lines[] = {
        "Content-Length: 4\r\n", "content-length: 4\r\n", "CONTENT-LENGTH: 4\r\n",
        "cOnTeNt-LeNgTh: 4\r\n", "l: 4\r\n",              "L: 4\r\n",
        "l:4\r\n",               "Content-Length:4\r\n",  "Content-Length: 0004\r\n",
    };
    char s[1024];
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        int n = snprintf(s, sizeof s, "%s%s\r\nabcd", HEAD, lines[k]);
        cr_assert(n > 0 && (size_t)n < sizeof s);
        expect_message(s, (size_t)n, 0, lines[k]);
    }
}

Test(frame, lws_and_folding_around_colon_and_value)
{
    static const char *const lines[] = {
        "Content-Length :4\r\n",
        "Content-Length \t : \t 4 \t \r\n",
        "Content-Length:\r\n 4\r\n",           /* LWS = [*WSP CRLF] 1*WSP before the value */
        "Content-Length: \t\r\n\t 4\r\n",
        "Content-Length: 4\r\n \r\n",          /* a folded blank line after the value */
        "l\t:\r\n 4 \r\n\t\r\n  \r\n",
    };
    char s[1024];
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        int n = snprintf(s, sizeof s, "%s%s\r\nabcd", HEAD, lines[k]);
        cr_assert(n > 0 && (size_t)n < sizeof s);
        expect_message(s, (size_t)n, 0, lines[k]);
    }
}

Test(frame, double_fold_before_value_is_framed)
{
    /* RFC 3261 allows one LWS after HCOLON; the framer accepts more, so it
       never refuses what the parser would take. This one sipr_parse rejects. */
    static const char s[] = MSG("Content-Length:\r\n \r\n 4\r\n", "abcd");
    sipr_framer f = init_default();
    sipr_frame_out o;
    cr_assert_eq(frame_once(&f, s, strlen(s), &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.msg_len, strlen(s));
}

Test(frame, names_that_are_not_content_length)
{
    /* only Content-Length / l count: each of these has no Content-Length */
    static const char *const lines[] = {
        "Content-Lengthx: 4\r\n", "Content-Lengt: 4\r\n", "X-Content-Length: 4\r\n",
        "ll: 4\r\n",              "Content-Type: 4\r\n",  "Subject: x\r\n Content-Length: 4\r\n",
        "Subject: x\r\n\tl: 4\r\n",
    };
    char s[1024];
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        int n = snprintf(s, sizeof s, "%s%s\r\nabcd", HEAD, lines[k]);
        cr_assert(n > 0 && (size_t)n < sizeof s);
        expect_error(s, (size_t)n, SIPR_E_NO_CONTENT_LENGTH, strlen(HEAD) + strlen(lines[k]),
                     lines[k]);
    }
}

Test(frame, start_line_is_not_a_header)
{
    static const char s[] = "Content-Length: 4\r\nVia: x\r\n\r\nabcd";
    expect_error(s, strlen(s), SIPR_E_NO_CONTENT_LENGTH, at(s, "\r\n\r\n", 0, 2), "start line");
}

Test(frame, body_is_not_scanned)
{
    /* a body holding CRLFs, a bare LF and a Content-Length line */
    static const char body[] = "a\nb\r\nContent-Length: 99\r\n\r\n\r";
    char s[1024];
    int n = snprintf(s, sizeof s, "%sContent-Length: %zu\r\n\r\n%s", HEAD, strlen(body), body);
    cr_assert(n > 0 && (size_t)n < sizeof s);
    expect_message(s, (size_t)n, 0, "body with CRLFs");
}

Test(frame, response_and_zero_length_body)
{
    static const char s[] = MSG("Content-Length: 0\r\n", "");
    expect_message(RESP, strlen(RESP), 0, "response");
    expect_message(s, strlen(s), 0, "empty body");
}

Test(frame, equal_duplicates_are_accepted)
{
    static const char s[] = MSG("Content-Length: 4\r\nl: 0004\r\nContent-Length: 4\r\n", "abcd");
    sipr_framer f = init_default();
    sipr_frame_out o;
    cr_assert_eq(frame_once(&f, s, strlen(s), &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.msg_len, strlen(s));
}

/* ---- need-more, resumption --------------------------------------------------- */

/* Every proper prefix of "\r\n" + a message needs more; so does every length
   in a framer fed one byte at a time; the full length is the message. */
Test(frame, need_more_at_every_cut_point)
{
    static const char s[] = "\r\n" MSG("Content-Length:\r\n 4\r\n", "abcd");
    const size_t n = strlen(s);
    char *b = dup_exact(s, n);
    sipr_framer inc = init_default();
    sipr_frame_out o;
    for (size_t L = 0; L < n; L++) {
        sipr_framer f = init_default();
        char *p = dup_exact(s, L);
        cr_assert_eq(sipr_frame(&f, p, L, &o), SIPR_FRAME_NEED_MORE, "fresh, prefix %zu", L);
        cr_assert_eq(o.skipped, L < 2 ? 0 : 2, "fresh, prefix %zu: skipped %zu", L, o.skipped);
        free(p);
        cr_assert_eq(sipr_frame(&inc, b, L, &o), SIPR_FRAME_NEED_MORE, "resumed, length %zu", L);
        cr_assert_eq(o.skipped, L < 2 ? 0 : 2);
    }
    cr_assert_eq(sipr_frame(&inc, b, n, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.skipped, 2);
    cr_assert_eq(o.msg_len, n - 2);
    free(b);
}

Test(frame, body_split_across_calls)
{
    static const char s[] = MSG("Content-Length: 10\r\n", "0123456789");
    const size_t n = strlen(s), body_at = n - 10;
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact(s, n);
    cr_assert_eq(sipr_frame(&f, b, body_at, &o), SIPR_FRAME_NEED_MORE, "headers only");
    cr_assert_eq(sipr_frame(&f, b, body_at + 3, &o), SIPR_FRAME_NEED_MORE, "3 body bytes");
    cr_assert_eq(sipr_frame(&f, b, n - 1, &o), SIPR_FRAME_NEED_MORE, "one byte short");
    cr_assert_eq(sipr_frame(&f, b, n, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.msg_len, n);
    free(b);
}

Test(frame, scanned_bytes_are_not_read_again)
{
    /* After a call has scanned the header section, changing those bytes in
       the buffer does not change the result: they were not read again. */
    static const char s[] = MSG("Content-Length: 4\r\n", "abcd");
    const size_t n = strlen(s);
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact(s, n);
    cr_assert_eq(sipr_frame(&f, b, n - 4, &o), SIPR_FRAME_NEED_MORE);
    memset(b, 'x', n - 4);
    cr_assert_eq(sipr_frame(&f, b, n, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.msg_len, n);
    free(b);
}

Test(frame, two_pipelined_messages)
{
    static const char m1[] = MSG("Content-Length: 4\r\n", "abcd");
    char s[2048];
    const size_t n1 = strlen(m1), n2 = strlen(RESP);
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b;
    memcpy(s, m1, n1);
    memcpy(s + n1, "\r\n\r\n", 4);
    memcpy(s + n1 + 4, RESP, n2);
    b = dup_exact(s, n1 + 4 + n2);
    cr_assert_eq(sipr_frame(&f, b, n1 + 4 + n2, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.skipped, 0);
    cr_assert_eq(o.msg_len, n1);
    /* the framer is ready for the next message, which starts after this one */
    cr_assert_eq(sipr_frame(&f, b + n1, 4 + n2, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.skipped, 4);
    cr_assert_eq(o.msg_len, n2);
    sipr_msg_init(&g_msg, NULL);
    cr_assert_eq(sipr_parse(b + n1 + 4, n2, &g_msg), SIPR_OK);
    cr_assert_eq(g_msg.status_code, 200);
    cr_assert_eq(sipr_frame(&f, b + n1 + 4 + n2, 0, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(o.skipped, 0);
    free(b);
}

Test(frame, pipelined_second_message_split)
{
    /* the first call returns the first message without reading the second */
    static const char m1[] = MSG("l: 0\r\n", "");
    char s[2048];
    const size_t n1 = strlen(m1), n2 = strlen(RESP);
    sipr_framer f = init_default();
    sipr_frame_out o;
    memcpy(s, m1, n1);
    memcpy(s + n1, RESP, n2);
    char *b = dup_exact(s, n1 + n2);
    cr_assert_eq(sipr_frame(&f, b, n1 + 7, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.msg_len, n1);
    cr_assert_eq(sipr_frame(&f, b + n1, 7, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(sipr_frame(&f, b + n1, n2, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.msg_len, n2);
    free(b);
}

/* ---- errors and their offsets --------------------------------------------------- */

Test(frame, missing_content_length)
{
    static const char s[] = MSG("", "abcd");
    expect_error(s, strlen(s), SIPR_E_NO_CONTENT_LENGTH, strlen(HEAD), "no Content-Length");
}

Test(frame, conflicting_content_lengths)
{
    static const char s[] = MSG("Content-Length: 4\r\nl: 5\r\n", "abcd");
    expect_error(s, strlen(s), SIPR_E_CONTENT_LENGTH_CONFLICT, at(s, "l: 5", 0, 3), "4 then 5");
}

Test(frame, malformed_content_length)
{
    static const struct {
        const char *line, *mark;
        size_t add;
        sipr_status code;
    } cases[] = {
        {"Content-Length: 4x\r\n", "x\r", 0, SIPR_E_CONTENT_LENGTH},
        {"Content-Length: -4\r\n", "-4", 0, SIPR_E_CONTENT_LENGTH},
        {"Content-Length: +4\r\n", "+4", 0, SIPR_E_CONTENT_LENGTH},
        {"Content-Length: 4 4\r\n", "4 4", 2, SIPR_E_CONTENT_LENGTH},
        {"Content-Length: 4\r\n 4\r\n", " 4\r\n\r\n", 1, SIPR_E_CONTENT_LENGTH},
        {"Content-Length 4\r\n", "4\r", 0, SIPR_E_CONTENT_LENGTH},   /* no colon */
        {"Content-Length\r\n", "\r\n\r\n", 0, SIPR_E_CONTENT_LENGTH}, /* no colon */
        {"l x: 4\r\n", "x:", 0, SIPR_E_CONTENT_LENGTH},
        {"Content-Length: \r\n", "\r\n\r\n", 2, SIPR_E_CONTENT_LENGTH}, /* no value */
        {"Content-Length:\r\nVia: x\r\n", "Via: x", 0, SIPR_E_CONTENT_LENGTH},
        {"Content-Length: 4\n", "4\n", 1, SIPR_E_LINE_END},
        {"Content-Length: 4\rx\n", "4\r", 2, SIPR_E_LINE_END},
        {"Content-Length:\n 4\r\n", ":\n", 1, SIPR_E_LINE_END},
        {"Content-Length:\r 4\r\n", ":\r", 2, SIPR_E_LINE_END},
        {"Content-Length: 4 \n", "4 \n", 2, SIPR_E_LINE_END},
        {"Content-Length: 4\r\n \n", "\r\n \n", 3, SIPR_E_LINE_END},
        {"l\n", "l\n", 1, SIPR_E_LINE_END},
    };
    char s[1024];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int n = snprintf(s, sizeof s, "%s%s\r\nabcd", HEAD, cases[k].line);
        cr_assert(n > 0 && (size_t)n < sizeof s);
        expect_error(s, (size_t)n, cases[k].code,
                     at(s + strlen(HEAD), cases[k].mark, 0, cases[k].add) + strlen(HEAD),
                     cases[k].line);
    }
}

Test(frame, bad_line_ends_outside_content_length)
{
    static const char sl[] = "INVITE sip:bob@biloxi.com SIP/2.0\nVia: x\r\nl: 0\r\n\r\n";
    static const char hd[] = "INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: x\rl: 0\r\n\r\n";
    static const char nm[] = "INVITE sip:bob@biloxi.com SIP/2.0\r\nVia\nl: 0\r\n\r\n";
    static const char ls[] = "INVITE sip:bob@biloxi.com SIP/2.0\r\nl: 0\r\n\n";
    static const char ec[] = "INVITE sip:bob@biloxi.com SIP/2.0\r\nl: 0\r\n\rx";
    expect_error(sl, strlen(sl), SIPR_E_LINE_END, at(sl, "\n", 0, 0), "bare LF in start line");
    expect_error(hd, strlen(hd), SIPR_E_LINE_END, at(hd, "\rl", 0, 1), "CR alone in a header");
    expect_error(nm, strlen(nm), SIPR_E_LINE_END, at(nm, "Via\n", 0, 3), "bare LF in a name");
    expect_error(ls, strlen(ls), SIPR_E_LINE_END, strlen(ls) - 1, "bare LF as the empty line");
    expect_error(ec, strlen(ec), SIPR_E_LINE_END, strlen(ec) - 1, "CR x as the empty line");
}

Test(frame, errors_stick)
{
    static const char s[] = MSG("Content-Length: x\r\n", "abcd");
    const size_t off = at(s, ": x", 0, 2);
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact(s, strlen(s));
    cr_assert_eq(sipr_frame(&f, b, strlen(s), &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_CONTENT_LENGTH);
    cr_assert_eq(o.err_off, off);
    cr_assert_eq(sipr_frame(&f, b, strlen(s), &o), SIPR_FRAME_ERROR, "second call");
    cr_assert_eq(o.err, SIPR_E_CONTENT_LENGTH);
    cr_assert_eq(o.err_off, off);
    free(b);
}

Test(frame, error_found_across_calls_has_the_same_offset)
{
    static const char s[] = MSG("Content-Length: 4\r\nl: 3\r\n", "abcd");
    const size_t off = at(s, "l: 3", 0, 3);
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact(s, strlen(s));
    for (size_t L = 0; L <= off; L++)
        cr_assert_eq(sipr_frame(&f, b, L, &o), SIPR_FRAME_NEED_MORE, "length %zu", L);
    cr_assert_eq(sipr_frame(&f, b, off + 1, &o), SIPR_FRAME_NEED_MORE, "the digit alone");
    cr_assert_eq(sipr_frame(&f, b, off + 2, &o), SIPR_FRAME_ERROR, "the digit and its CR");
    cr_assert_eq(o.err, SIPR_E_CONTENT_LENGTH_CONFLICT);
    cr_assert_eq(o.err_off, off);
    free(b);
}

Test(frame, shorter_buffer_is_refused_and_harmless)
{
    static const char s[] = MSG("Content-Length: 4\r\n", "abcd");
    const size_t n = strlen(s);
    sipr_framer f = init_default();
    sipr_frame_out o;
    char *b = dup_exact(s, n);
    cr_assert_eq(sipr_frame(&f, b, 40, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(sipr_frame(&f, b, 39, &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_ARG);
    cr_assert_eq(o.err_off, 0);
    cr_assert_eq(sipr_frame(&f, b, n, &o), SIPR_FRAME_MESSAGE, "the framer is unchanged");
    cr_assert_eq(o.msg_len, n);
    free(b);
}

Test(frame, uninitialised_framer_is_refused)
{
    sipr_framer f;
    sipr_frame_out o;
    memset(&f, 0xA5, sizeof f);
    cr_assert_eq(sipr_frame(&f, "\r\n", 2, &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_ARG);
    cr_assert_eq(o.skipped, 0);
}

Test(frame, strerror_of_the_new_codes)
{
    const char *a = sipr_strerror(SIPR_E_NO_CONTENT_LENGTH);
    const char *b = sipr_strerror(SIPR_E_CONTENT_LENGTH_CONFLICT);
    const char *u = sipr_strerror(SIPR_STATUS__COUNT);
    cr_assert_str_neq(a, u);
    cr_assert_str_neq(b, u);
    cr_assert_str_neq(a, b);
    cr_assert_not_null(strstr(a, "Content-Length"));
}

/* ---- limits ------------------------------------------------------------------------ */

Test(frame, limit_exactly_met_and_one_short)
{
    static const char s[] = "\r\n" MSG("Content-Length: 4\r\n", "abcd");
    const size_t n = strlen(s), m = n - 2;
    sipr_framer f = init_max((uint32_t)m);
    sipr_frame_out o;
    cr_assert_eq(frame_once(&f, s, n, &o), SIPR_FRAME_MESSAGE);
    cr_assert_eq(o.msg_len, m);
    /* one byte less: the headers fit, headers + body do not; the error
       names the Content-Length value */
    f = init_max((uint32_t)m - 1);
    cr_assert_eq(frame_once(&f, s, n, &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_TOO_LONG);
    cr_assert_eq(o.err_off, at(s, ": 4", 0, 2));
}

Test(frame, header_section_over_the_limit)
{
    static const char s[] = "\r\n\r\n" MSG("Content-Length: 4\r\n", "abcd");
    const size_t hdr = strlen(s) - 4 - 4; /* without keep-alives and body */
    sipr_framer f = init_max((uint32_t)hdr - 1);
    sipr_frame_out o;
    /* the last byte of the header section is the first one over the limit */
    cr_assert_eq(frame_once(&f, s, strlen(s), &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_TOO_LONG);
    cr_assert_eq(o.err_off, 4 + hdr - 1);
    /* the same error, found before the header section is complete */
    f = init_max(20);
    cr_assert_eq(frame_once(&f, s, 4 + 20, &o), SIPR_FRAME_NEED_MORE);
    f = init_max(20);
    cr_assert_eq(frame_once(&f, s, 4 + 21, &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_TOO_LONG);
    cr_assert_eq(o.err_off, 4 + 20);
    /* a zero limit: the first byte of the message */
    f = init_max(0);
    cr_assert_eq(frame_once(&f, s, strlen(s), &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_TOO_LONG);
    cr_assert_eq(o.err_off, 4);
}

Test(frame, huge_content_length_does_not_wrap)
{
    /* 2^32 + 4 and 2^64 + 4 would be 4 after a wrap */
    static const char a[] = MSG("Content-Length: 4294967300\r\n", "abcd");
    static const char b[] = MSG("Content-Length: 18446744073709551620\r\n", "abcd");
    static const char c[] = MSG("Content-Length: 65536\r\n", "abcd");
    sipr_framer f = init_max(SIPR_MAX_MSG_LEN);
    sipr_frame_out o;
    expect_error(a, strlen(a), SIPR_E_TOO_LONG, at(a, ": 4", 0, 2), "2^32 + 4");
    cr_assert_eq(frame_once(&f, b, strlen(b), &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_TOO_LONG);
    cr_assert_eq(o.err_off, at(b, ": 1", 0, 2));
    expect_error(c, strlen(c), SIPR_E_TOO_LONG, at(c, ": 6", 0, 2), "65536 > default limit");
}

Test(frame, digit_above_a_tiny_limit)
{
    /* with a 6-byte limit the digit 9 is already too long a body; the next
       byte is the first one over the limit */
    static const char s[] = "X\r\nl:9\r\n\r\n";
    sipr_framer f = init_max(6);
    sipr_frame_out o;
    cr_assert_eq(frame_once(&f, s, 6, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(frame_once(&f, s, strlen(s), &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_TOO_LONG);
    cr_assert_eq(o.err_off, 6);
    /* with room for the header section, it is the body that does not fit */
    f = init_max(12);
    cr_assert_eq(frame_once(&f, s, strlen(s), &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_TOO_LONG);
    cr_assert_eq(o.err_off, 5);
    f = init_max(19);
    cr_assert_eq(frame_once(&f, s, strlen(s), &o), SIPR_FRAME_NEED_MORE);
}

Test(frame, limits_above_the_maximum)
{
    sipr_limits l = sipr_limits_default();
    sipr_framer f;
    sipr_frame_out o;
    l.max_msg_len = SIPR_MAX_MSG_LEN + 1u;
    cr_assert_eq(sipr_framer_init(&f, &l), SIPR_E_ARG);
    cr_assert_eq(sipr_frame(&f, "\r\n", 2, &o), SIPR_FRAME_ERROR);
    cr_assert_eq(o.err, SIPR_E_ARG);
    l.max_msg_len = SIPR_MAX_MSG_LEN;
    cr_assert_eq(sipr_framer_init(&f, &l), SIPR_OK);
    cr_assert_eq(sipr_frame(&f, "\r\n", 2, &o), SIPR_FRAME_NEED_MORE);
    cr_assert_eq(sipr_limits_default().max_msg_len, SIPR_DEFAULT_MSG_LEN);
}

/* ---- corpus -------------------------------------------------------------------------- */

static char g_file[1u << 16];

Test(frame, rfc3261_corpus_as_one_stream)
{
    static const char *const files[] = {
        "tests/corpus/rfc3261/24.2-F01-invite-alice-atlanta-com-proxy.sip",
        "tests/corpus/rfc3261/24.2-F02-100-trying-atlanta-com-proxy-alice.sip",
        "tests/corpus/rfc3261/24.2-F08-180-ringing-atlanta-com-proxy-alice.sip",
        "tests/corpus/rfc3261/24.2-F11-200-ok-atlanta-com-proxy-alice.sip",
        "tests/corpus/rfc3261/24.2-F12-ack-alice-bob.sip",
        "tests/corpus/rfc3261/24.2-F13-bye-bob-alice.sip",
        "tests/corpus/rfc3261/24.2-F14-200-ok-alice-bob.sip",
        "tests/corpus/rfc3261/11.2-options-200ok.sip",
    };
    enum { N = sizeof files / sizeof files[0] };
    static char stream[1u << 15];
    size_t lens[N], n = 0, pos = 0;
    sipr_framer f = init_default();
    sipr_frame_out o;
    for (int k = 0; k < N; k++) {
        lens[k] = read_file(files[k], g_file, sizeof g_file);
        cr_assert(n + 4 + lens[k] < sizeof stream);
        memcpy(stream + n, "\r\n\r\n", 4); /* a ping before each message */
        memcpy(stream + n + 4, g_file, lens[k]);
        n += 4 + lens[k];
    }
    char *b = dup_exact(stream, n);
    /* delivered in 7-byte segments: every message comes out whole */
    size_t avail = 0;
    int k = 0;
    while (k < N) {
        sipr_frame_result r = sipr_frame(&f, b + pos, avail - pos, &o);
        if (r == SIPR_FRAME_NEED_MORE) {
            cr_assert(avail < n, "stream ended before message %d", k);
            avail = avail + 7 < n ? avail + 7 : n;
            continue;
        }
        cr_assert_eq(r, SIPR_FRAME_MESSAGE, "%s: %s at %zu", files[k], sipr_strerror(o.err),
                     o.err_off);
        cr_assert_eq(o.skipped, 4, "%s", files[k]);
        cr_assert_eq(o.msg_len, lens[k], "%s: %zu, file has %zu", files[k], o.msg_len, lens[k]);
        sipr_msg_init(&g_msg, NULL);
        cr_assert_eq(sipr_parse(b + pos + 4, o.msg_len, &g_msg), SIPR_OK, "%s", files[k]);
        cr_assert_eq(sipr_validate(b + pos + 4, o.msg_len, &g_msg, NULL).code, SIPR_V_OK, "%s",
                     files[k]);
        pos += o.skipped + o.msg_len;
        k++;
    }
    cr_assert_eq(pos, n);
    free(b);
}

/* RFC 4475 torture messages with framing in question */
Test(frame, rfc4475_framing_cases)
{
    size_t n;
    sipr_framer f;
    sipr_frame_out o;

    /* §3.3.9 mcl01: Content-Length 13, then 5 */
    n = read_file("tests/corpus/rfc4475/mcl01.dat", g_file, sizeof g_file);
    g_file[n] = '\0';
    expect_error(g_file, n, SIPR_E_CONTENT_LENGTH_CONFLICT, at(g_file, "Content-Length: 5", 0, 16),
                 "mcl01");
    /* §3.1.2.3 ncl: Content-Length: -999 */
    n = read_file("tests/corpus/rfc4475/ncl.dat", g_file, sizeof g_file);
    g_file[n] = '\0';
    expect_error(g_file, n, SIPR_E_CONTENT_LENGTH, at(g_file, "Content-Length: -999", 0, 16),
                 "ncl");
    /* §3.1.2.2 clerr: Content-Length 9999, far more than was sent: on a
       stream, the rest has not arrived yet */
    n = read_file("tests/corpus/rfc4475/clerr.dat", g_file, sizeof g_file);
    f = init_default();
    cr_assert_eq(frame_once(&f, g_file, n, &o), SIPR_FRAME_NEED_MORE, "clerr");
    /* §3.1.1.8 dblreq: REGISTER with Content-Length 0, then an INVITE */
    n = read_file("tests/corpus/rfc4475/dblreq.dat", g_file, sizeof g_file);
    g_file[n] = '\0';
    {
        const size_t second = at(g_file, "\r\nINVITE ", 0, 2);
        f = init_default();
        /* on a stream the CRLF between the two is a keep-alive */
        cr_assert_eq(frame_once(&f, g_file, n, &o), SIPR_FRAME_MESSAGE, "dblreq 1");
        cr_assert_eq(o.skipped, 0);
        cr_assert_eq(o.msg_len, second - 2);
        cr_assert_eq(frame_once(&f, g_file + second - 2, n - second + 2, &o), SIPR_FRAME_MESSAGE,
                     "dblreq 2");
        cr_assert_eq(o.skipped, 2);
        /* Content-Length: 150; the corpus body (CRLF line ends) is 155 bytes,
           whose last 5 would begin the next message on a stream */
        cr_assert_eq(o.msg_len, at(g_file, "\r\n\r\nv=0", 0, 4) - second + 150);
        cr_assert_eq(n - second, o.msg_len + 5);
    }
    /* §3.3.1 insuf: compact l: 152 */
    n = read_file("tests/corpus/rfc4475/insuf.dat", g_file, sizeof g_file);
    f = init_default();
    cr_assert_eq(frame_once(&f, g_file, n, &o), SIPR_FRAME_MESSAGE, "insuf");
    cr_assert_eq(o.msg_len, n);
    /* §3.1.1.1 wsinv: folding everywhere */
    n = read_file("tests/corpus/rfc4475/wsinv.dat", g_file, sizeof g_file);
    expect_message(g_file, n, 0, "wsinv");
}

/* ---- datagrams: what sipr_parse does without a framer ------------------------------ */

Test(frame, datagram_without_content_length_body_is_the_rest)
{
    static const char s[] = MSG("", "hello");
    sipr_msg_init(&g_msg, NULL);
    cr_assert_eq(sipr_parse(s, strlen(s), &g_msg), SIPR_OK);
    cr_assert_eq(g_msg.has_content_length, 0);
    cr_assert_eq(g_msg.body.off, strlen(s) - 5);
    cr_assert_eq(g_msg.body.len, 5);
    cr_assert_eq(sipr_validate(s, strlen(s), &g_msg, NULL).code, SIPR_V_OK);
}

Test(frame, datagram_content_length_shorter_than_the_rest)
{
    /* RFC 3261 §18.3: the bytes of a datagram after Content-Length bytes of
       body are discarded; sipr_parse ends the body there. */
    static const char s[] = MSG("Content-Length: 2\r\n", "hello");
    sipr_msg_init(&g_msg, NULL);
    cr_assert_eq(sipr_parse(s, strlen(s), &g_msg), SIPR_OK);
    cr_assert_eq(g_msg.body.off, strlen(s) - 5);
    cr_assert_eq(g_msg.body.len, 2);
    cr_assert_eq(g_msg.content_length, 2);
    cr_assert_eq(sipr_validate(s, strlen(s), &g_msg, NULL).code, SIPR_V_OK);
}
