/* siprove: leniency switches (Criterion).
 *
 * For each SIPR_LENIENT_* flag: with the flag off (strict, the default, or
 * every other flag on) the message is rejected with the code and offset the
 * strict parser reports (the same expectations as tests/test_errors.c); with
 * the flag on it is accepted, its fields are right, and lenient_used is
 * exactly that flag. A message using two leniencies with only one allowed
 * fails at the other one's byte; a message using none has lenient_used == 0
 * whatever is allowed. Expected offsets are computed from marker strings in
 * the message, never written as numbers. Tests run from the repository root.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

static sipr_msg g_m;

/* Parses text with the given leniency bits, in an exactly-sized heap copy
 * (ASan catches a read past the end), kept in g_buf for the span checks. */
static char *g_buf;
static sipr_status parse_len(const char *text, size_t len, uint32_t lenient)
{
    sipr_limits l = sipr_limits_default();
    l.lenient = lenient;
    free(g_buf);
    g_buf = malloc(len ? len : 1);
    cr_assert_not_null(g_buf);
    memcpy(g_buf, text, len);
    cr_assert_eq(sipr_msg_init(&g_m, &l), SIPR_OK);
    sipr_status st = sipr_parse(g_buf, len, &g_m);
    cr_assert_eq(g_m.err, st);
    if (st != SIPR_OK)
        cr_assert(g_m.err_off <= len);
    else
        cr_assert(g_m.lenient_off <= len);
    return st;
}

static sipr_status parse(const char *text, uint32_t lenient)
{
    return parse_len(text, strlen(text), lenient);
}

/* offset of the first occurrence of mark in text, plus skip */
static uint32_t at(const char *text, const char *mark, size_t skip)
{
    const char *p = strstr(text, mark);
    cr_assert_not_null(p, "marker \"%s\" not found", mark);
    return (uint32_t)((size_t)(p - text) + skip);
}

static int span_is(sipr_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(g_buf + s.off, lit, n) == 0;
}

#define ASSERT_SPAN(s, lit)                                                                        \
    cr_assert(span_is((s), (lit)), "%s: expected \"%s\", got \"%.*s\"", #s, (lit), (int)(s).len,   \
              g_buf + (s).off)

/* rejected as by the strict parser, with the flag off: by default, and with
 * every other flag on */
static void assert_strict(const char *text, uint32_t flag, sipr_status code, uint32_t off)
{
    const uint32_t others[2] = {0u, SIPR_LENIENT_ALL & ~flag};
    for (int k = 0; k < 2; k++) {
        sipr_status st = parse(text, others[k]);
        cr_assert_eq(st, code, "lenient %#x: %s at %u, expected %s at %u", others[k],
                     sipr_strerror(st), (unsigned)g_m.err_off, sipr_strerror(code), (unsigned)off);
        cr_assert_eq(g_m.err_off, off, "lenient %#x: %s at %u, expected at %u", others[k],
                     sipr_strerror(st), (unsigned)g_m.err_off, (unsigned)off);
    }
}

/* accepted with the flag on (alone, and with every flag on); lenient_used is
 * the flag and lenient_off its first use */
static void assert_lenient(const char *text, uint32_t flag, uint32_t first_use)
{
    const uint32_t allowed[2] = {SIPR_LENIENT_ALL, flag};
    for (int k = 0; k < 2; k++) {
        sipr_status st = parse(text, allowed[k]);
        cr_assert_eq(st, SIPR_OK, "lenient %#x: %s at %u", allowed[k], sipr_strerror(st),
                     (unsigned)g_m.err_off);
        cr_assert_eq(g_m.lenient_used, flag, "lenient_used %#x, expected %#x", g_m.lenient_used,
                     flag);
        cr_assert_eq(g_m.lenient_off, first_use, "lenient_off %u, expected %u",
                     (unsigned)g_m.lenient_off, (unsigned)first_use);
    }
}

#define VIA "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8"
#define REST                                                                                       \
    "To: Bob <sip:bob@biloxi.com>\r\n"                                                             \
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"                                       \
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"                                                 \
    "CSeq: 314159 INVITE\r\n"

/* ---- the API ------------------------------------------------------------- */

Test(lenient, default_is_strict)
{
    cr_assert_eq(sipr_limits_default().lenient, 0u);
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    cr_assert_eq(g_m.limits.lenient, 0u);
    cr_assert_eq(SIPR_LENIENT_ALL, SIPR_LENIENT_BARE_LF | SIPR_LENIENT_NO_FINAL_CRLF |
                                       SIPR_LENIENT_START_LINE_SPACES |
                                       SIPR_LENIENT_WS_BEFORE_COLON);
}

Test(lenient, init_accepts_known_bits_only)
{
    sipr_limits l = sipr_limits_default();
    for (uint32_t b = 0; b <= SIPR_LENIENT_ALL; b++) {
        l.lenient = b;
        cr_assert_eq(sipr_msg_init(&g_m, &l), SIPR_OK, "bits %#x", b);
        cr_assert_eq(g_m.limits.lenient, b);
    }
    static const uint32_t bad[] = {SIPR_LENIENT_ALL + 1u, 0x80000000u, 0xFFFFFFFFu,
                                   SIPR_LENIENT_BARE_LF | 0x100u};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        l.lenient = bad[k];
        cr_assert_eq(sipr_msg_init(&g_m, &l), SIPR_E_ARG, "bits %#x accepted", bad[k]);
        cr_assert_eq(g_m.limits.lenient, 0u, "refused limits leave the defaults");
    }
}

Test(lenient, parse_refuses_unknown_bits)
{
    static const char msg[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" VIA "\r\n\r\n";
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    g_m.limits.lenient = 0x10u; /* set behind sipr_msg_init's back */
    cr_assert_eq(sipr_parse(msg, sizeof msg - 1, &g_m), SIPR_E_ARG);
    cr_assert_eq(g_m.err_off, 0u);
}

/* ---- SIPR_LENIENT_BARE_LF ---------------------------------------------------- */

static const char BARE_LF_MSG[] =
    "INVITE sip:bob@biloxi.com SIP/2.0\n"
    VIA "\r\n"
    "Max-Forwards: 70\n"
    REST
    "Subject: lunch\r\n"
    " and dinner\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\n"
    "\n"
    "hello";

Test(lenient, bare_lf)
{
    const char *t = BARE_LF_MSG;
    assert_strict(t, SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END, at(t, "\nVia", 0));
    assert_lenient(t, SIPR_LENIENT_BARE_LF, at(t, "\nVia", 0));
    ASSERT_SPAN(g_m.method, "INVITE");
    ASSERT_SPAN(g_m.version, "SIP/2.0");
    cr_assert_eq(g_m.n_headers, 9);
    ASSERT_SPAN(g_m.headers[1].name, "Max-Forwards");
    ASSERT_SPAN(g_m.headers[1].value, "70");
    cr_assert_eq(g_m.max_forwards, 70);
    /* a CRLF fold inside a line that ends with a bare LF */
    ASSERT_SPAN(g_m.headers[6].value, "lunch\r\n and dinner");
    cr_assert_eq(g_m.content_length, 5);
    ASSERT_SPAN(g_m.body, "hello");
    cr_assert_eq(g_m.body.off, at(t, "hello", 0));
}

Test(lenient, bare_lf_each_line_end)
{
    /* the start line, a header line, the empty line: each alone */
    static const char *const msgs[3] = {
        "OPTIONS sip:b@example.com SIP/2.0\n" VIA "\r\n" REST "\r\n",
        "OPTIONS sip:b@example.com SIP/2.0\r\n" VIA "\n" REST "\r\n",
        "OPTIONS sip:b@example.com SIP/2.0\r\n" VIA "\r\n" REST "\n",
    };
    static const char *const marks[3] = {"\nVia", "\nTo:", "\r\n\n"};
    static const size_t skips[3] = {0, 0, 2};
    for (int k = 0; k < 3; k++) {
        const uint32_t off = at(msgs[k], marks[k], skips[k]);
        assert_strict(msgs[k], SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END, off);
        assert_lenient(msgs[k], SIPR_LENIENT_BARE_LF, off);
        cr_assert_eq(g_m.n_headers, 5);
        cr_assert_eq(g_m.n_vias, 1);
        ASSERT_SPAN(g_m.vias[0].branch, "z9hG4bKnashds8");
        cr_assert_eq(g_m.body.len, 0);
        cr_assert_eq(g_m.body.off, strlen(msgs[k]));
    }
}

Test(lenient, bare_lf_status_line)
{
    static const char t[] = "SIP/2.0 200 OK\n" VIA "\r\n" REST "\r\n";
    assert_strict(t, SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END, at(t, "\n", 0));
    assert_lenient(t, SIPR_LENIENT_BARE_LF, at(t, "\n", 0));
    cr_assert_eq(g_m.type, SIPR_MSG_RESPONSE);
    cr_assert_eq(g_m.status_code, 200);
    ASSERT_SPAN(g_m.reason, "OK");
}

/* the empty line as a bare LF right after a header line whose value is bad:
 * strict stops at the LF without checking that line (it is not complete);
 * allowed, the line is complete and its value is checked */
Test(lenient, bare_lf_empty_line_after_bad_value)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0 pc33\r\n\n";
    assert_strict(t, SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END, at(t, "\r\n\n", 2));
    cr_assert_eq(parse(t, SIPR_LENIENT_BARE_LF), SIPR_E_VIA);
    cr_assert_eq(g_m.err_off, at(t, "pc33", 0));
}

/* documented limit: a fold needs CRLF; LF + SP starts a line with a blank */
Test(lenient, bare_lf_does_not_fold)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: lunch\n and dinner\r\n\r\n";
    cr_assert_eq(parse(t, SIPR_LENIENT_ALL), SIPR_E_HEADER_NAME);
    cr_assert_eq(g_m.err_off, at(t, " and", 0));
    assert_strict(t, SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END, at(t, "\n and", 0));
}

/* a lone LF elsewhere (not at a line end) is an error in every mode */
Test(lenient, bare_lf_only_at_line_ends)
{
    static const char t[] = "OPTIONS sip:b@example.com\nSIP/2.0\r\n" VIA "\r\n\r\n";
    for (uint32_t b = 0; b <= SIPR_LENIENT_ALL; b++) {
        cr_assert_eq(parse(t, b), SIPR_E_LINE_END, "bits %#x", b);
        cr_assert_eq(g_m.err_off, at(t, "\nSIP", 0));
    }
}

/* ---- SIPR_LENIENT_NO_FINAL_CRLF ------------------------------------------------ */

Test(lenient, no_final_crlf)
{
    static const char t[] = "REGISTER sip:registrar.biloxi.com SIP/2.0\r\n" VIA "\r\n" REST
                            "Contact: <sip:bob@192.0.2.4>\r\n";
    const uint32_t len = (uint32_t)strlen(t);
    assert_strict(t, SIPR_LENIENT_NO_FINAL_CRLF, SIPR_E_TRUNCATED, len);
    assert_lenient(t, SIPR_LENIENT_NO_FINAL_CRLF, len);
    ASSERT_SPAN(g_m.method, "REGISTER");
    cr_assert_eq(g_m.n_headers, 6);
    /* the last line is committed and its value parsed */
    cr_assert_eq(g_m.headers[5].kind, SIPR_H_CONTACT);
    ASSERT_SPAN(g_m.headers[5].value, "<sip:bob@192.0.2.4>");
    cr_assert_eq(g_m.n_contacts, 1);
    ASSERT_SPAN(g_m.contacts[0].uri.host, "192.0.2.4");
    cr_assert_eq(g_m.body.off, len);
    cr_assert_eq(g_m.body.len, 0);
}

Test(lenient, no_final_crlf_after_bare_lf)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" REST "Max-Forwards: 70\n";
    const uint32_t len = (uint32_t)strlen(t);
    /* both needed: with only one, the other one's error */
    cr_assert_eq(parse(t, SIPR_LENIENT_NO_FINAL_CRLF), SIPR_E_LINE_END);
    cr_assert_eq(g_m.err_off, len - 1);
    cr_assert_eq(parse(t, SIPR_LENIENT_BARE_LF), SIPR_E_TRUNCATED);
    cr_assert_eq(g_m.err_off, len);
    cr_assert_eq(parse(t, SIPR_LENIENT_BARE_LF | SIPR_LENIENT_NO_FINAL_CRLF), SIPR_OK);
    cr_assert_eq(g_m.lenient_used, SIPR_LENIENT_BARE_LF | SIPR_LENIENT_NO_FINAL_CRLF);
    cr_assert_eq(g_m.lenient_off, len - 1);
    cr_assert_eq(g_m.max_forwards, 70);
    cr_assert_eq(g_m.body.off, len);
}

/* the last line's value is still checked, and still counted */
Test(lenient, no_final_crlf_last_line_checked)
{
    static const char bad[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" REST "Max-Forwards: 7x\r\n";
    cr_assert_eq(parse(bad, SIPR_LENIENT_NO_FINAL_CRLF), SIPR_E_MAX_FORWARDS);
    cr_assert_eq(g_m.err_off, at(bad, "x\r\n", 0));

    static const char many[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" REST "Subject: x\r\n";
    sipr_limits l = sipr_limits_default();
    l.lenient = SIPR_LENIENT_NO_FINAL_CRLF;
    l.max_headers = 4;
    cr_assert_eq(sipr_msg_init(&g_m, &l), SIPR_OK);
    cr_assert_eq(sipr_parse(many, sizeof many - 1, &g_m), SIPR_E_TOO_MANY_HEADERS);
    cr_assert_eq(g_m.err_off, at(many, "Subject", 0));
}

/* not for a start line alone, nor inside a line */
Test(lenient, no_final_crlf_needs_a_header_line)
{
    static const char *const cut[] = {
        "OPTIONS sip:b@example.com SIP/2.0\r\n",
        "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: x",
        "OPTIONS sip:b@example.com SIP/2.0\r\nSubject: x\r",
        "OPTIONS sip:b@example.com SIP/2.0\r\nSubject",
    };
    for (size_t k = 0; k < sizeof cut / sizeof cut[0]; k++) {
        cr_assert_eq(parse(cut[k], SIPR_LENIENT_ALL), SIPR_E_TRUNCATED, "case %zu", k);
        cr_assert_eq(g_m.err_off, strlen(cut[k]));
    }
}

/* a fold in the last line still works; the message ends after the fold's line */
Test(lenient, no_final_crlf_after_fold)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" REST "Subject: lunch\r\n today\r\n";
    assert_lenient(t, SIPR_LENIENT_NO_FINAL_CRLF, (uint32_t)strlen(t));
    ASSERT_SPAN(g_m.headers[4].value, "lunch\r\n today");
}

/* ---- SIPR_LENIENT_START_LINE_SPACES ---------------------------------------------- */

Test(lenient, start_line_spaces_request)
{
    static const char t[] = "INVITE  sip:bob@biloxi.com   SIP/2.0 \t\r\n" VIA "\r\n" REST "\r\n";
    assert_strict(t, SIPR_LENIENT_START_LINE_SPACES, SIPR_E_START_LINE, at(t, "  sip", 1));
    assert_lenient(t, SIPR_LENIENT_START_LINE_SPACES, at(t, "  sip", 1));
    cr_assert_eq(g_m.type, SIPR_MSG_REQUEST);
    ASSERT_SPAN(g_m.method, "INVITE");
    ASSERT_SPAN(g_m.request_uri, "sip:bob@biloxi.com");
    ASSERT_SPAN(g_m.ruri.host, "biloxi.com");
    ASSERT_SPAN(g_m.version, "SIP/2.0");
    cr_assert_eq(g_m.n_headers, 5);
}

/* each place alone, with the strict error of that place */
Test(lenient, start_line_spaces_each_place)
{
    static const char after_uri[] = "INVITE sip:bob@biloxi.com  SIP/2.0\r\n" VIA "\r\n\r\n";
    assert_strict(after_uri, SIPR_LENIENT_START_LINE_SPACES, SIPR_E_START_LINE,
                  at(after_uri, "  SIP", 1));
    assert_lenient(after_uri, SIPR_LENIENT_START_LINE_SPACES, at(after_uri, "  SIP", 1));
    ASSERT_SPAN(g_m.request_uri, "sip:bob@biloxi.com");

    static const char trailing[] = "INVITE sip:bob@biloxi.com SIP/2.0\t \r\n" VIA "\r\n\r\n";
    assert_strict(trailing, SIPR_LENIENT_START_LINE_SPACES, SIPR_E_VERSION, at(trailing, "\t", 0));
    assert_lenient(trailing, SIPR_LENIENT_START_LINE_SPACES, at(trailing, "\t", 0));
    ASSERT_SPAN(g_m.version, "SIP/2.0");

    static const char status[] = "SIP/2.0  180 Ringing\r\n" VIA "\r\n\r\n";
    assert_strict(status, SIPR_LENIENT_START_LINE_SPACES, SIPR_E_STATUS_CODE, at(status, "  180", 1));
    assert_lenient(status, SIPR_LENIENT_START_LINE_SPACES, at(status, "  180", 1));
    cr_assert_eq(g_m.status_code, 180);
    ASSERT_SPAN(g_m.status_text, "180");
    ASSERT_SPAN(g_m.reason, "Ringing");
}

/* blanks that RFC 3261 allows already (in the Reason-Phrase) use no leniency */
Test(lenient, status_line_reason_blanks_are_strict)
{
    static const char t[] = "SIP/2.0 200  OK \t\r\n" VIA "\r\n\r\n";
    for (uint32_t b = 0; b <= SIPR_LENIENT_ALL; b++) {
        cr_assert_eq(parse(t, b), SIPR_OK, "bits %#x", b);
        cr_assert_eq(g_m.lenient_used, 0u);
        ASSERT_SPAN(g_m.reason, " OK \t");
    }
}

/* ---- SIPR_LENIENT_WS_BEFORE_COLON --------------------------------------------------- */

Test(lenient, ws_before_colon)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\n"
                            "Via \r\n\t: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKfold\r\n"
                            "Subject\r\n  \r\n : lunch\r\n" REST "\r\n";
    assert_strict(t, SIPR_LENIENT_WS_BEFORE_COLON, SIPR_E_HEADER_NAME, at(t, " \r\n\t:", 1));
    assert_lenient(t, SIPR_LENIENT_WS_BEFORE_COLON, at(t, " \r\n\t:", 1));
    cr_assert_eq(g_m.n_headers, 6);
    ASSERT_SPAN(g_m.headers[0].name, "Via");
    cr_assert_eq(g_m.headers[0].kind, SIPR_H_VIA);
    ASSERT_SPAN(g_m.headers[0].value, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKfold");
    cr_assert_eq(g_m.n_vias, 1);
    ASSERT_SPAN(g_m.vias[0].branch, "z9hG4bKfold");
    /* two folds before one colon */
    ASSERT_SPAN(g_m.headers[1].name, "Subject");
    ASSERT_SPAN(g_m.headers[1].value, "lunch");
}

Test(lenient, ws_before_colon_compact_name)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\n"
                            "v\r\n :SIP/2.0/TCP h.example.com\r\n" REST "\r\n";
    assert_strict(t, SIPR_LENIENT_WS_BEFORE_COLON, SIPR_E_HEADER_NAME, at(t, "v\r\n", 1));
    assert_lenient(t, SIPR_LENIENT_WS_BEFORE_COLON, at(t, "v\r\n", 1));
    ASSERT_SPAN(g_m.headers[0].name, "v");
    ASSERT_SPAN(g_m.vias[0].transport, "TCP");
}

/* allowed, a CR before the colon still needs LF then a blank */
Test(lenient, ws_before_colon_needs_a_fold)
{
    static const char cr[] = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject\rX: y\r\n\r\n";
    cr_assert_eq(parse(cr, SIPR_LENIENT_ALL), SIPR_E_LINE_END);
    cr_assert_eq(g_m.err_off, at(cr, "X:", 0));
    static const char nofold[] = "OPTIONS sip:b@example.com SIP/2.0\r\nSubject\r\nX: y\r\n\r\n";
    cr_assert_eq(parse(nofold, SIPR_LENIENT_ALL), SIPR_E_HEADER_NAME);
    cr_assert_eq(g_m.err_off, at(nofold, "X:", 0));
}

/* ---- combinations ------------------------------------------------------------------- */

/* two leniencies, one allowed: the other one's strict error, at its byte */
Test(lenient, two_used_one_allowed)
{
    static const char t[] = "OPTIONS  sip:b@example.com SIP/2.0\r\n" VIA "\r\n"
                            "Subject\r\n : x\n" REST "\r\n";
    const uint32_t sp = at(t, "  sip", 1), fold = at(t, "Subject\r\n", 7), lf = at(t, "x\n", 1);

    cr_assert_eq(parse(t, SIPR_LENIENT_START_LINE_SPACES | SIPR_LENIENT_WS_BEFORE_COLON),
                 SIPR_E_LINE_END);
    cr_assert_eq(g_m.err_off, lf);
    cr_assert_eq(parse(t, SIPR_LENIENT_START_LINE_SPACES | SIPR_LENIENT_BARE_LF),
                 SIPR_E_HEADER_NAME);
    cr_assert_eq(g_m.err_off, fold);
    cr_assert_eq(parse(t, SIPR_LENIENT_WS_BEFORE_COLON | SIPR_LENIENT_BARE_LF), SIPR_E_START_LINE);
    cr_assert_eq(g_m.err_off, sp);
    cr_assert_eq(parse(t, SIPR_LENIENT_START_LINE_SPACES | SIPR_LENIENT_WS_BEFORE_COLON |
                              SIPR_LENIENT_BARE_LF),
                 SIPR_OK);
    cr_assert_eq(g_m.lenient_used, SIPR_LENIENT_START_LINE_SPACES | SIPR_LENIENT_WS_BEFORE_COLON |
                                       SIPR_LENIENT_BARE_LF);
    cr_assert_eq(g_m.lenient_off, sp, "lenient_off is the first use");
    ASSERT_SPAN(g_m.headers[1].value, "x");
}

/* a leniency that is off stops the scan where the strict parser stops: an
 * error in a later line is not reported instead */
Test(lenient, first_error_wins)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" VIA "\n"
                            "CSeq: x OPTIONS\r\n\r\n";
    cr_assert_eq(parse(t, 0), SIPR_E_LINE_END);
    cr_assert_eq(g_m.err_off, at(t, "\nCSeq", 0));
    cr_assert_eq(parse(t, SIPR_LENIENT_BARE_LF), SIPR_E_CSEQ);
    cr_assert_eq(g_m.err_off, at(t, "x OPT", 0));
}

/* messages that use no leniency (every RFC 3261 message of the corpus): the
 * same result whatever is allowed, and lenient_used == 0 */
Test(lenient, strict_messages_use_none)
{
    static const char dir[] = "tests/corpus/rfc3261";
    static char text[1u << 16], path[512];
    static sipr_msg strict;
    int files = 0;
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s (run from the repository root)", dir);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        const size_t nl = strlen(e->d_name);
        if (nl < 5 || strcmp(e->d_name + nl - 4, ".sip") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        cr_assert_not_null(fp, "%s", path);
        size_t n = fread(text, 1, sizeof text, fp);
        fclose(fp);
        files++;
        cr_assert_eq(parse_len(text, n, 0), SIPR_OK, "%s", path);
        strict = g_m;
        for (uint32_t b = 1; b <= SIPR_LENIENT_ALL; b++) {
            cr_assert_eq(parse_len(text, n, b), SIPR_OK, "%s bits %#x", path, b);
            cr_assert_eq(g_m.lenient_used, 0u, "%s bits %#x", path, b);
            cr_assert_eq(g_m.lenient_off, 0u);
            cr_assert_eq(g_m.n_headers, strict.n_headers);
            cr_assert_eq(g_m.n_vias, strict.n_vias);
            cr_assert_eq(g_m.n_params, strict.n_params);
            cr_assert_eq(g_m.body.off, strict.body.off);
            cr_assert_eq(g_m.body.len, strict.body.len);
            cr_assert(memcmp(g_m.headers, strict.headers, sizeof g_m.headers[0] * g_m.n_headers) == 0);
        }
    }
    closedir(d);
    cr_assert_geq(files, 18);
}

/* every proper prefix of a message stays a truncation at len in every mode,
 * except the ones that end right after a header line with NO_FINAL_CRLF */
Test(lenient, prefixes)
{
    static const char t[] = "OPTIONS sip:b@example.com SIP/2.0\r\n" VIA "\r\n" REST "\r\n";
    const size_t n = strlen(t);
    for (size_t L = 1; L < n; L++) {
        const int after_line = t[L - 1] == '\n' && L > at(t, "\r\nVia", 2);
        for (uint32_t b = 0; b <= SIPR_LENIENT_ALL; b++) {
            sipr_status st = parse_len(t, L, b);
            if (after_line && (b & SIPR_LENIENT_NO_FINAL_CRLF)) {
                cr_assert_eq(st, SIPR_OK, "prefix %zu bits %#x: %s", L, b, sipr_strerror(st));
                cr_assert_eq(g_m.lenient_used, SIPR_LENIENT_NO_FINAL_CRLF);
            } else {
                cr_assert_eq(st, SIPR_E_TRUNCATED, "prefix %zu bits %#x: %s at %u", L, b,
                             sipr_strerror(st), (unsigned)g_m.err_off);
                cr_assert_eq(g_m.err_off, L);
            }
        }
    }
}
