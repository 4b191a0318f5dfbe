/* siprove: semantic checks (sipr_validate), Criterion.
 *
 * RFC 3261 §8.1.1 (mandatory headers: To, From, CSeq, Call-ID, Max-Forwards,
 * Via), §8.2 / §8.1.1.5 (CSeq method equal to the request method), §18.3
 * (Content-Length against the body). Every message here parses (SIPR_OK);
 * only the verdict is under test. Tests run from the repository root.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

static char g_buf[1u << 17];
static sipr_msg g_m;

static const char BASE_REQ[] =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.com>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char BASE_RESP[] =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n"
    "To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:bob@192.0.2.4>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

/* Light version of the span invariant of test_parse.c (spans inside the
 * buffer, counts within limits): validate must only ever see a sound msg. */
static void assert_spans(const sipr_msg *m, size_t len)
{
#define IN(s) cr_assert((uint64_t)(s).off + (s).len <= len, "span " #s " outside the buffer")
    IN(m->method); IN(m->request_uri); IN(m->version); IN(m->status_text); IN(m->reason);
    IN(m->call_id); IN(m->cseq_method); IN(m->body);
    IN(m->from.uri_text); IN(m->to.uri_text); IN(m->from.tag); IN(m->to.tag);
    cr_assert(m->n_headers <= m->limits.max_headers);
    cr_assert(m->n_vias <= m->limits.max_vias);
    cr_assert(m->n_contacts <= m->limits.max_contacts);
    cr_assert(m->n_params <= m->limits.max_params);
    for (unsigned i = 0; i < m->n_headers; i++) {
        IN(m->headers[i].name);
        IN(m->headers[i].value);
    }
    for (unsigned i = 0; i < m->n_params; i++) {
        IN(m->params[i].name);
        IN(m->params[i].value);
    }
#undef IN
}

/* Parses text (copied into an exactly-sized heap buffer), asserts SIPR_OK and
 * returns the verdict. */
static sipr_verdict verdict_of(const char *text, size_t len)
{
    char *buf = malloc(len ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    sipr_status st = sipr_parse(buf, len, &g_m);
    cr_assert_eq(st, SIPR_OK, "parse: %s at %u", sipr_strerror(st), (unsigned)g_m.err_off);
    assert_spans(&g_m, len);
    sipr_verdict v = sipr_validate(buf, len, &g_m);
    free(buf);
    return v;
}

/* base with the first occurrence of `find` replaced by `repl` */
static size_t edit(const char *base, const char *find, const char *repl)
{
    const char *p = strstr(base, find);
    cr_assert_not_null(p, "\"%s\" not in the base", find);
    size_t pre = (size_t)(p - base), fl = strlen(find), rl = strlen(repl), bl = strlen(base);
    memcpy(g_buf, base, pre);
    memcpy(g_buf + pre, repl, rl);
    memcpy(g_buf + pre + rl, p + fl, bl - pre - fl);
    g_buf[bl - fl + rl] = '\0';
    return bl - fl + rl;
}

/* base without the header line that starts with `line` */
static size_t drop_line(const char *base, const char *line)
{
    const char *p = strstr(base, line);
    cr_assert_not_null(p, "\"%s\" not in the base", line);
    const char *e = strstr(p, "\r\n");
    cr_assert_not_null(e);
    size_t pre = (size_t)(p - base), cut = (size_t)(e + 2 - p), bl = strlen(base);
    memcpy(g_buf, base, pre);
    memcpy(g_buf + pre, e + 2, bl - pre - cut);
    g_buf[bl - cut] = '\0';
    return bl - cut;
}

static void expect(sipr_verdict v, sipr_verdict_code code, uint16_t response)
{
    cr_assert_eq(v.code, code, "verdict %d (%s), expected %d (%s)", (int)v.code,
                 sipr_verdict_reason(v.code), (int)code, sipr_verdict_reason(code));
    cr_assert_eq(v.response, response, "response %u, expected %u", v.response, response);
}

/* ---- every RFC 3261 example passes ----------------------------------------- */

Test(validate, rfc3261_examples_ok)
{
    static const char *const files[] = {
        "11.1-options-request.sip",
        "11.2-options-200ok.sip",
        "24.1-F01-register-bob-registrar.sip",
        "24.1-F02-200-ok-registrar-bob.sip",
        "24.2-F01-invite-alice-atlanta-com-proxy.sip",
        "24.2-F02-100-trying-atlanta-com-proxy-alice.sip",
        "24.2-F03-invite-atlanta-com-proxy-biloxi-com-proxy.sip",
        "24.2-F04-100-trying-biloxi-com-proxy-atlanta-com-proxy.sip",
        "24.2-F05-invite-biloxi-com-proxy-bob.sip",
        "24.2-F06-180-ringing-bob-biloxi-com-proxy.sip",
        "24.2-F07-180-ringing-biloxi-com-proxy-atlanta-com-proxy.sip",
        "24.2-F08-180-ringing-atlanta-com-proxy-alice.sip",
        "24.2-F09-200-ok-bob-biloxi-com-proxy.sip",
        "24.2-F10-200-ok-biloxi-com-proxy-atlanta-com-proxy.sip",
        "24.2-F11-200-ok-atlanta-com-proxy-alice.sip",
        "24.2-F12-ack-alice-bob.sip",
        "24.2-F13-bye-bob-alice.sip",
        "24.2-F14-200-ok-alice-bob.sip",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "tests/corpus/rfc3261/%s", files[i]);
        FILE *f = fopen(path, "rb");
        cr_assert_not_null(f, "cannot open %s (run from the repository root)", path);
        size_t n = fread(g_buf, 1, sizeof g_buf, f);
        fclose(f);
        sipr_verdict v = verdict_of(g_buf, n);
        cr_assert_eq(v.code, SIPR_V_OK, "%s: %s", files[i], sipr_verdict_reason(v.code));
        cr_assert_eq(v.response, 0, "%s: response %u", files[i], v.response);
    }
}

Test(validate, bases_ok)
{
    expect(verdict_of(BASE_REQ, strlen(BASE_REQ)), SIPR_V_OK, 0);
    expect(verdict_of(BASE_RESP, strlen(BASE_RESP)), SIPR_V_OK, 0);
}

/* ---- mandatory headers in requests: 400 ------------------------------------ */

Test(validate, request_missing_via)
{
    size_t n = drop_line(BASE_REQ, "Via:");
    expect(verdict_of(g_buf, n), SIPR_V_MISSING_VIA, 400);
}
Test(validate, request_missing_to)
{
    size_t n = drop_line(BASE_REQ, "To:");
    expect(verdict_of(g_buf, n), SIPR_V_MISSING_TO, 400);
}
Test(validate, request_missing_from)
{
    size_t n = drop_line(BASE_REQ, "From:");
    expect(verdict_of(g_buf, n), SIPR_V_MISSING_FROM, 400);
}
Test(validate, request_missing_call_id)
{
    size_t n = drop_line(BASE_REQ, "Call-ID:");
    expect(verdict_of(g_buf, n), SIPR_V_MISSING_CALL_ID, 400);
}
Test(validate, request_missing_cseq)
{
    size_t n = drop_line(BASE_REQ, "CSeq:");
    expect(verdict_of(g_buf, n), SIPR_V_MISSING_CSEQ, 400);
}
Test(validate, request_missing_max_forwards)
{
    size_t n = drop_line(BASE_REQ, "Max-Forwards:");
    expect(verdict_of(g_buf, n), SIPR_V_MISSING_MAX_FORWARDS, 400);
}

/* compact forms count as present */
Test(validate, request_compact_forms_ok)
{
    static const char msg[] =
        "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
        "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n"
        "Max-Forwards: 70\r\n"
        "t: Bob <sip:bob@biloxi.com>\r\n"
        "f: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
        "i: a84b4c76e66710@pc33.atlanta.com\r\n"
        "CSeq: 314159 INVITE\r\n"
        "l: 0\r\n"
        "\r\n";
    expect(verdict_of(msg, strlen(msg)), SIPR_V_OK, 0);
}

/* ---- responses --------------------------------------------------------------
 * Max-Forwards is a request header: a response without it is fine. A response
 * missing another mandatory header gets the matching code; `response` is not
 * asserted because an element never answers a response (RFC 3261 §8.1.3.3 /
 * §18.1.2: a malformed response is discarded). */

Test(validate, response_without_max_forwards_ok)
{
    cr_assert_null(strstr(BASE_RESP, "Max-Forwards"));
    expect(verdict_of(BASE_RESP, strlen(BASE_RESP)), SIPR_V_OK, 0);
}

Test(validate, response_missing_mandatory)
{
    static const struct {
        const char *line;
        sipr_verdict_code code;
    } cases[] = {
        {"Via:", SIPR_V_MISSING_VIA},         {"To:", SIPR_V_MISSING_TO},
        {"From:", SIPR_V_MISSING_FROM},       {"Call-ID:", SIPR_V_MISSING_CALL_ID},
        {"CSeq:", SIPR_V_MISSING_CSEQ},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = drop_line(BASE_RESP, cases[i].line);
        sipr_verdict v = verdict_of(g_buf, n);
        cr_assert_eq(v.code, cases[i].code, "response without %s: verdict %d (%s)", cases[i].line,
                     (int)v.code, sipr_verdict_reason(v.code));
    }
}

Test(validate, response_cseq_method_is_free)
{
    /* a response carries the method of the request it answers: no start-line
     * method to compare with */
    size_t n = edit(BASE_RESP, "CSeq: 314159 INVITE", "CSeq: 314159 BYE");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

/* ---- CSeq method ------------------------------------------------------------ */

Test(validate, cseq_method_mismatch)
{
    size_t n = edit(BASE_REQ, "CSeq: 314159 INVITE", "CSeq: 314159 OPTIONS");
    expect(verdict_of(g_buf, n), SIPR_V_CSEQ_METHOD_MISMATCH, 400);
}

Test(validate, cseq_method_case_sensitive)
{
    /* RFC 3261 §7.1: the method is case-sensitive */
    size_t n = edit(BASE_REQ, "CSeq: 314159 INVITE", "CSeq: 314159 invite");
    expect(verdict_of(g_buf, n), SIPR_V_CSEQ_METHOD_MISMATCH, 400);
}

Test(validate, cseq_method_prefix_is_mismatch)
{
    size_t n = edit(BASE_REQ, "CSeq: 314159 INVITE", "CSeq: 314159 INVITEX");
    expect(verdict_of(g_buf, n), SIPR_V_CSEQ_METHOD_MISMATCH, 400);
}

Test(validate, rfc4475_mismatch01)
{
    /* RFC 4475 §3.1.2.17: OPTIONS with CSeq INVITE -> 400 */
    FILE *f = fopen("tests/corpus/rfc4475/mismatch01.dat", "rb");
    cr_assert_not_null(f);
    size_t n = fread(g_buf, 1, sizeof g_buf, f);
    fclose(f);
    expect(verdict_of(g_buf, n), SIPR_V_CSEQ_METHOD_MISMATCH, 400);
}

Test(validate, rfc4475_mismatch02)
{
    /* RFC 4475 §3.1.2.18: unknown method NEWMETHOD with CSeq INVITE -> 400, not 501 */
    FILE *f = fopen("tests/corpus/rfc4475/mismatch02.dat", "rb");
    cr_assert_not_null(f);
    size_t n = fread(g_buf, 1, sizeof g_buf, f);
    fclose(f);
    expect(verdict_of(g_buf, n), SIPR_V_CSEQ_METHOD_MISMATCH, 400);
}

/* ---- Content-Length ------------------------------------------------------------ */

Test(validate, content_length_larger_than_body)
{
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n", "Content-Length: 5\r\n\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_CONTENT_LENGTH_MISMATCH, 400);
}

Test(validate, content_length_smaller_than_body)
{
    /* the contract (siprove.h): Content-Length must equal the body length */
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n", "Content-Length: 2\r\n\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_CONTENT_LENGTH_MISMATCH, 400);
}

Test(validate, content_length_equal_body_ok)
{
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n", "Content-Length: 3\r\n\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

Test(validate, content_length_absent_ok)
{
    /* Content-Length is optional over UDP (RFC 3261 §20.14): nothing to compare */
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n", "\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
    cr_assert_eq(g_m.has_content_length, 0);
}

Test(validate, rfc4475_clerr)
{
    /* RFC 4475 §3.1.2.2: Content-Length 9999 larger than the datagram -> 400 */
    FILE *f = fopen("tests/corpus/rfc4475/clerr.dat", "rb");
    cr_assert_not_null(f);
    size_t n = fread(g_buf, 1, sizeof g_buf, f);
    fclose(f);
    expect(verdict_of(g_buf, n), SIPR_V_CONTENT_LENGTH_MISMATCH, 400);
}

Test(validate, response_content_length_mismatch)
{
    size_t n = edit(BASE_RESP, "Content-Length: 0\r\n\r\n", "Content-Length: 10\r\n\r\nabc");
    cr_assert_eq(verdict_of(g_buf, n).code, SIPR_V_CONTENT_LENGTH_MISMATCH);
}

Test(validate, rfc4475_insuf)
{
    /* RFC 4475 §3.3.1: no Call-ID, From, To (nor Max-Forwards) -> 400 */
    FILE *f = fopen("tests/corpus/rfc4475/insuf.dat", "rb");
    cr_assert_not_null(f);
    size_t n = fread(g_buf, 1, sizeof g_buf, f);
    fclose(f);
    sipr_verdict v = verdict_of(g_buf, n);
    cr_assert(v.code == SIPR_V_MISSING_TO || v.code == SIPR_V_MISSING_FROM ||
                  v.code == SIPR_V_MISSING_CALL_ID || v.code == SIPR_V_MISSING_MAX_FORWARDS,
              "verdict %d (%s)", (int)v.code, sipr_verdict_reason(v.code));
    cr_assert_eq(v.response, 400);
}

Test(validate, verdict_reasons)
{
    for (int c = 0; c < SIPR_VERDICT__COUNT; c++) {
        const char *r = sipr_verdict_reason((sipr_verdict_code)c);
        cr_assert_not_null(r);
        cr_assert(r[0] != '\0', "verdict %d has an empty reason", c);
    }
}

/* ---- a msg that is not the result of a successful parse of buf ------------- */

Test(validate, not_parsed)
{
    static const char bad[] = "INVITE sip:bob@biloxi.com SIP/2.O\r\n\r\n";
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    cr_assert_neq(sipr_parse(bad, strlen(bad), &g_m), SIPR_OK);
    sipr_verdict v = sipr_validate(bad, strlen(bad), &g_m);
    expect(v, SIPR_V_NOT_PARSED, 400);

    /* a fresh msg, never parsed */
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    expect(sipr_validate(BASE_REQ, strlen(BASE_REQ), &g_m), SIPR_V_NOT_PARSED, 400);

    /* parsed, but validated against another length */
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    cr_assert_eq(sipr_parse(BASE_REQ, strlen(BASE_REQ), &g_m), SIPR_OK);
    expect(sipr_validate(BASE_REQ, strlen(BASE_REQ) - 1, &g_m), SIPR_V_NOT_PARSED, 400);
}
