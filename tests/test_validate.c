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
static sipr_verdict verdict_with(const char *text, size_t len, const sipr_profile *p)
{
    char *buf = malloc(len ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    sipr_status st = sipr_parse(buf, len, &g_m);
    cr_assert_eq(st, SIPR_OK, "parse: %s at %u", sipr_strerror(st), (unsigned)g_m.err_off);
    assert_spans(&g_m, len);
    sipr_verdict v = sipr_validate(buf, len, &g_m, p);
    free(buf);
    cr_assert(v.off <= len, "verdict offset %u beyond %zu", (unsigned)v.off, len);
    return v;
}

static sipr_verdict verdict_of(const char *text, size_t len)
{
    return verdict_with(text, len, NULL);
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
/* §8.1.1.6 says MUST, but RFC 2543 requests omit it and RFC 4475 §3.4.1
   (inv2543) has elements accept them: not reported */
Test(validate, request_missing_max_forwards_accepted)
{
    size_t n = drop_line(BASE_REQ, "Max-Forwards:");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
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
    /* §18.3: octets after the Content-Length octets of body are discarded */
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n",
                    "Content-Type: application/sdp\r\nContent-Length: 2\r\n\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
    cr_assert_eq(g_m.body.len, 2);
    cr_assert_eq(g_m.body.off + 3, n);
}

Test(validate, content_length_beyond_body_names_header)
{
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n",
                    "Content-Type: application/sdp\r\nContent-Length: 4\r\n\r\nabc");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_CONTENT_LENGTH_MISMATCH, 400);
    cr_assert_eq(v.invalid, 1);
    cr_assert(memcmp(g_buf + v.off, "Content-Length", 14) == 0);
}

Test(validate, content_length_equal_body_ok)
{
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n",
                    "Content-Type: application/sdp\r\nContent-Length: 3\r\n\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

Test(validate, content_length_absent_ok)
{
    /* Content-Length is optional over UDP (RFC 3261 §20.14): nothing to compare */
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n",
                    "Content-Type: application/sdp\r\n\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
    cr_assert_eq(g_m.has_content_length, 0);
    cr_assert_eq(g_m.body.len, 3);
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
    sipr_verdict v = sipr_validate(bad, strlen(bad), &g_m, NULL);
    expect(v, SIPR_V_NOT_PARSED, 400);

    /* a fresh msg, never parsed */
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    expect(sipr_validate(BASE_REQ, strlen(BASE_REQ), &g_m, NULL), SIPR_V_NOT_PARSED, 400);

    /* parsed, but validated against another length */
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    cr_assert_eq(sipr_parse(BASE_REQ, strlen(BASE_REQ), &g_m), SIPR_OK);
    expect(sipr_validate(BASE_REQ, strlen(BASE_REQ) - 1, &g_m, NULL), SIPR_V_NOT_PARSED, 400);
}

/* ---- malformed-message verdicts (RFC 4475 §3.1.2 kind) ---------------------- */

Test(validate, bad_version_505)
{
    size_t n = edit(BASE_REQ, "sip:bob@biloxi.com SIP/2.0", "sip:bob@biloxi.com SIP/7.0");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_BAD_VERSION, 505);
    cr_assert_eq(v.invalid, 1);
    cr_assert(memcmp(g_buf + v.off, "SIP/7.0", 7) == 0);
}

Test(validate, version_case_insensitive_ok)
{
    size_t n = edit(BASE_REQ, "sip:bob@biloxi.com SIP/2.0", "sip:bob@biloxi.com sip/2.0");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

Test(validate, cseq_mismatch_is_malformed)
{
    size_t n = edit(BASE_REQ, "CSeq: 314159 INVITE", "CSeq: 314159 OPTIONS");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_CSEQ_METHOD_MISMATCH, 400);
    cr_assert_eq(v.invalid, 1);
    cr_assert(memcmp(g_buf + v.off, "OPTIONS", 7) == 0);
}

/* ---- the element's verdicts (RFC 4475 §3.3 kind) ---------------------------- */

Test(validate, duplicate_singleton)
{
    size_t n = edit(BASE_REQ, "Call-ID:", "Call-ID: other@x\r\nCall-ID:");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_DUPLICATE_HEADER, 400);
    cr_assert_eq(v.invalid, 0);
    /* the offset names the second line */
    cr_assert(memcmp(g_buf + v.off, "Call-ID: a84b", 13) == 0);
}

Test(validate, duplicate_content_length)
{
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n", "Content-Length: 0\r\nl: 0\r\n");
    expect(verdict_of(g_buf, n), SIPR_V_DUPLICATE_HEADER, 400);
}

Test(validate, unsupported_scheme_416)
{
    size_t n = edit(BASE_REQ, "INVITE sip:bob@biloxi.com", "INVITE soap.beep://bob.example.com/x");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_UNSUPPORTED_SCHEME, 416);
    cr_assert(memcmp(g_buf + v.off, "soap.beep", 9) == 0);
    /* tel is handled by the default profile */
    n = edit(BASE_REQ, "INVITE sip:bob@biloxi.com", "INVITE tel:+1-201-555-0123");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

Test(validate, register_to_not_sip_400)
{
    static const char reg[] =
        "REGISTER sip:registrar.biloxi.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7\r\n"
        "Max-Forwards: 70\r\n"
        "To: <isbn:2983792873>\r\n"
        "From: <sip:bob@biloxi.com>;tag=456248\r\n"
        "Call-ID: 843817637684230@998sdasdh09\r\n"
        "CSeq: 1826 REGISTER\r\n"
        "Contact: <sip:bob@192.0.2.4>\r\n"
        "Content-Length: 0\r\n\r\n";
    /* a registrar (UAS) answers 400: the To must be an address-of-record */
    sipr_verdict v = verdict_of(reg, strlen(reg));
    expect(v, SIPR_V_BAD_ADDRESS_OF_RECORD, 400);
    cr_assert_eq(v.invalid, 0);
    cr_assert(memcmp(reg + v.off, "isbn", 4) == 0);
    /* a proxy forwards it */
    sipr_profile proxy = {SIPR_ROLE_PROXY, 0, NULL, 0, NULL, 0, NULL};
    static const sipr_str sip[] = {{"sip", 3}};
    proxy.n_schemes = 1;
    proxy.schemes = sip;
    expect(verdict_with(reg, strlen(reg), &proxy), SIPR_V_OK, 0);
}

static const sipr_str OPTS[] = {{"100rel", 6}, {"Timer", 5}};
static const sipr_str SCHEMES[] = {{"sip", 3}};
static const sipr_str TYPES[] = {{"application/sdp", 15}, {"text/plain", 10}};

Test(validate, bad_extension_420)
{
    size_t n = edit(BASE_REQ, "Content-Length:", "Require: 100rel, foo\r\nContent-Length:");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_BAD_EXTENSION, 420);
    /* the default profile supports nothing: the first tag is named */
    cr_assert(memcmp(g_buf + v.off, "100rel", 6) == 0);

    sipr_profile p = {SIPR_ROLE_UAS, 1, SCHEMES, 2, OPTS, 1, TYPES};
    v = verdict_with(g_buf, n, &p);
    expect(v, SIPR_V_BAD_EXTENSION, 420);
    cr_assert(memcmp(g_buf + v.off, "foo", 3) == 0);

    /* supported tags, compared case-insensitively */
    n = edit(BASE_REQ, "Content-Length:", "Require: 100REL\r\nRequire: timer\r\nContent-Length:");
    expect(verdict_with(g_buf, n, &p), SIPR_V_OK, 0);
    /* Proxy-Require is not a UAS's business */
    n = edit(BASE_REQ, "Content-Length:", "Proxy-Require: foo\r\nContent-Length:");
    expect(verdict_with(g_buf, n, &p), SIPR_V_OK, 0);
}

Test(validate, require_ignored_in_ack_and_cancel)
{
    static const char *const methods[] = {"ACK", "CANCEL"};
    for (int i = 0; i < 2; i++) {
        static char req[2048];
        snprintf(req, sizeof req,
                 "%s sip:bob@biloxi.com SIP/2.0\r\n"
                 "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n"
                 "Max-Forwards: 70\r\n"
                 "To: Bob <sip:bob@biloxi.com>\r\n"
                 "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
                 "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
                 "CSeq: 314159 %s\r\n"
                 "Require: foo\r\n"
                 "Content-Length: 0\r\n\r\n",
                 methods[i], methods[i]);
        expect(verdict_of(req, strlen(req)), SIPR_V_OK, 0);
    }
}

Test(validate, proxy_require_at_proxy_420)
{
    sipr_profile p = {SIPR_ROLE_PROXY, 1, SCHEMES, 2, OPTS, 1, TYPES};
    size_t n = edit(BASE_REQ, "Content-Length:", "Proxy-Require: timer, gin\r\nContent-Length:");
    sipr_verdict v = verdict_with(g_buf, n, &p);
    expect(v, SIPR_V_BAD_EXTENSION, 420);
    cr_assert(memcmp(g_buf + v.off, "gin", 3) == 0);
    /* a proxy does not judge Require or the body */
    n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n",
             "Require: foo\r\nContent-Type: x/y\r\nContent-Length: 1\r\n\r\nz");
    expect(verdict_with(g_buf, n, &p), SIPR_V_OK, 0);
}

Test(validate, max_forwards_zero_at_proxy_483)
{
    sipr_profile p = {SIPR_ROLE_PROXY, 1, SCHEMES, 0, NULL, 0, NULL};
    size_t n = edit(BASE_REQ, "Max-Forwards: 70", "Max-Forwards: 0");
    sipr_verdict v = verdict_with(g_buf, n, &p);
    expect(v, SIPR_V_TOO_MANY_HOPS, 483);
    cr_assert(memcmp(g_buf + v.off, "Max-Forwards", 12) == 0);
    /* a UAS takes it */
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

Test(validate, unsupported_media_415)
{
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n",
                    "Content-Type: application/unknownformat\r\nContent-Length: 3\r\n\r\nabc");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_UNSUPPORTED_MEDIA, 415);
    cr_assert(memcmp(g_buf + v.off, "application/unknownformat", 25) == 0);
    /* type and subtype compare case-insensitively, parameters do not matter */
    n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n",
             "c: Application/SDP ; charset=utf-8\r\nContent-Length: 3\r\n\r\nabc");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
    /* no body, no check */
    n = edit(BASE_REQ, "Content-Length: 0", "Content-Type: application/unknownformat\r\nContent-Length: 0");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

Test(validate, body_without_content_type)
{
    size_t n = edit(BASE_REQ, "Content-Length: 0\r\n\r\n", "Content-Length: 3\r\n\r\nabc");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_MISSING_CONTENT_TYPE, 400);
    cr_assert_eq(v.off, n - 3);
}

Test(validate, accept_406)
{
    size_t n = edit(BASE_REQ, "Content-Length:", "Accept: text/nobodyKnowsThis\r\nContent-Length:");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_NOT_ACCEPTABLE, 406);
    cr_assert(memcmp(g_buf + v.off, "Accept", 6) == 0);
    /* any type of the profile in any Accept line will do, ranges included */
    n = edit(BASE_REQ, "Content-Length:",
             "Accept: text/nobodyKnowsThis\r\nAccept: application/*;q=0.5\r\nContent-Length:");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
    n = edit(BASE_REQ, "Content-Length:", "Accept: */*\r\nContent-Length:");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
    /* an empty Accept names nothing to refuse */
    n = edit(BASE_REQ, "Content-Length:", "Accept:\r\nContent-Length:");
    expect(verdict_of(g_buf, n), SIPR_V_OK, 0);
}

Test(validate, bare_branch_cookie)
{
    size_t n = edit(BASE_REQ, "branch=z9hG4bKnashds8", "branch=z9hG4bK");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_BARE_BRANCH_COOKIE, 400);
    cr_assert_eq(v.rfc2543, 1);
    cr_assert(memcmp(g_buf + v.off, "z9hG4bK\r\n", 9) == 0);
}

Test(validate, rfc2543_matching_flag)
{
    expect(verdict_of(BASE_REQ, strlen(BASE_REQ)), SIPR_V_OK, 0);
    cr_assert_eq(verdict_of(BASE_REQ, strlen(BASE_REQ)).rfc2543, 0);
    size_t n = edit(BASE_REQ, ";branch=z9hG4bKnashds8", "");
    sipr_verdict v = verdict_of(g_buf, n);
    expect(v, SIPR_V_OK, 0);
    cr_assert_eq(v.rfc2543, 1);
    n = edit(BASE_REQ, "branch=z9hG4bKnashds8", "branch=Z9HG4BKnashds8");
    cr_assert_eq(verdict_of(g_buf, n).rfc2543, 1);
}

Test(validate, default_profile)
{
    const sipr_profile *p = sipr_profile_default();
    cr_assert_not_null(p);
    cr_assert_eq(p->role, SIPR_ROLE_UAS);
    cr_assert_eq(p->n_schemes, 3);
    cr_assert_eq(p->n_options, 0);
    cr_assert_eq(p->n_types, 3);
    cr_assert(memcmp(p->types[0].s, "application/sdp", p->types[0].len) == 0);
}
