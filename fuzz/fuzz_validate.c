/* siprove: fuzz harness for the semantic checks, sipr_validate.
 *
 * Drivers as in fuzz/fuzz_parse.c (fuzz/driver.h): AFL++ persistent mode,
 * libFuzzer (-fsanitize=fuzzer -DSIPR_LIBFUZZER), or a main that replays
 * files. fuzz_parse.c already calls sipr_validate with three fixed profiles
 * and checks only the shape of the verdict; this harness fuzzes the profile
 * too and checks what the verdict means.
 *
 * Input: SEL_LEN (9) selector bytes, then the message. Missing selector bytes
 * count as 0 (and the message is then empty).
 *   byte 0     bit 0: 0 = the NULL profile (the default), 1 = the profile the
 *              masks below make; bit 1: that profile is a proxy (else a UAS)
 *   byte 1     the schemes of k_schemes[] it handles (bit i: entry i)
 *   bytes 2-3  the option tags of k_options[] it supports (little-endian)
 *   byte 4     the body types of k_types[] it understands
 *   bytes 5-8  the same three masks again: what the "superset" profile adds
 * The tables hold upper-case spellings too ("SIP", "TIMER", "APPLICATION/SDP")
 * and "application / *" and "* / *" (spaced here for the C comment; a profile
 * string is taken literally). An all-zero mask is an empty list, given as a
 * NULL pointer with count 0 (the contract reads schemes[0 .. n - 1] only).
 *
 * The message is copied into an exactly-sized heap buffer (ASan then catches
 * any read past its end) and parsed with the default limits. When the parse
 * fails, sipr_validate must say SIPR_V_NOT_PARSED, response 400, invalid
 * (as fuzz_parse.c checks, and "invalid: a syntax or framing error ... a
 * request would get 400", tests/corpus/README.md). Otherwise the message is
 * judged under several profiles (below); every judgement calls sipr_validate
 * twice and abort()s unless both verdicts are equal (determinism) and the
 * sipr_msg and the buffer are byte for byte as before ("Reads only buf and
 * msg and *p", siprove.h; the msg is snapshotted with memcpy), and unless the
 * verdict keeps every promise below. Each property names the text it rests
 * on; the harness recomputes everything from the parsed msg, not from the
 * library's helpers.
 *
 * Every verdict, any profile:
 *   V1 code < SIPR_VERDICT__COUNT; never SIPR_V_NOT_PARSED (the msg is the
 *      result of a successful parse); never SIPR_V_MISSING_MAX_FORWARDS
 *      ("not reported: RFC 2543 requests omit it").
 *   V2 response 0 exactly when the code is SIPR_V_OK (siprove.h, and the
 *      contract of sipr_validate); otherwise the response of the code: the
 *      number in its comment in siprove.h (505 bad version, 416 scheme, 420
 *      extension, 415 media, 406 Accept, 483 hops; 400 duplicate, bare
 *      branch, missing Content-Type, address-of-record), and 400 for the
 *      codes without one: missing headers (RFC 4475 §3.3.1 insuf, "400
 *      expected" in tests/corpus/MANIFEST.tsv), CSeq method mismatch (§3.1.2.17)
 *      and Content-Length beyond the end (§3.1.2.2, "must be rejected (400)").
 *   V3 off <= len ("byte offset ..., <= len").
 *   V4 invalid 0 or 1, and as docs/cli.md sorts the codes: 1 (malformed,
 *      "a wrong SIP version, a CSeq method that differs from the request's,
 *      a Content-Length beyond the end, the RFC 4475 §3.1.2 kinds") for
 *      BAD_VERSION, CSEQ_METHOD_MISMATCH, CONTENT_LENGTH_MISMATCH; 0 ("missing
 *      or duplicated headers, an unsupported URI scheme, extension, body type
 *      or Accept, a bare branch cookie: the RFC 4475 §3.3 kinds") for those
 *      and for TOO_MANY_HOPS (§3.3.11 zeromf) and BAD_ADDRESS_OF_RECORD
 *      (§3.3.4 unksm2); 0 for OK (siprove check prints "valid"). Nothing
 *      documents the kind of MISSING_CONTENT_TYPE: only 0 or 1 is asserted.
 *   V5 rfc2543 is 1 exactly when the top Via has no RFC 3261 branch: no Via,
 *      no branch, or one that is not "z9hG4bK" (case-sensitive, RFC 3261
 *      §8.1.1.7 "begin with the characters") followed by an identifier
 *      (docs/json.md: "the magic cookie z9hG4bK and an identifier"; so a
 *      bare cookie counts as none), computed here from msg.vias[0].branch.
 *   V6 the code is true of the message ("the first failing one is
 *      reported"; off is "the field the verdict is about"):
 *        BAD_VERSION        version not SIP/2.0 (ASCII case ignored, §7.1),
 *                           off at the SIP-Version;
 *        CSEQ_METHOD_MISMATCH  a request whose CSeq method differs from its
 *                           method (methods are case-sensitive, §7.1), off
 *                           in a CSeq line;
 *        CONTENT_LENGTH_MISMATCH  Content-Length beyond the body, off in a
 *                           Content-Length line;
 *        MISSING_X          no X header line;
 *        DUPLICATE_HEADER   off in a second line of a single-valued header
 *                           (RFC 3261 §20: From, To, Call-ID, CSeq,
 *                           Max-Forwards, Content-Length, Content-Type, Date,
 *                           Expires, Min-Expires);
 *        UNSUPPORTED_SCHEME a request whose Request-URI scheme is none of
 *                           the profile's, off in the Request-URI;
 *        BAD_EXTENSION      a request; off at a Require entry (UAS) or a
 *                           Proxy-Require entry (proxy) that is none of the
 *                           profile's option tags;
 *        UNSUPPORTED_MEDIA  a request with a body; off at a Content-Type
 *                           whose type/subtype is none of the profile's;
 *        NOT_ACCEPTABLE     a request with Accept entries none of which names
 *                           a profile type (a "*" subtype matches any subtype,
 *                           "* / *" any type), off in an Accept line;
 *        BARE_BRANCH_COOKIE the top Via branch is exactly "z9hG4bK", off at
 *                           it;
 *        TOO_MANY_HOPS      a proxy, a request with Max-Forwards 0, off in a
 *                           Max-Forwards line;
 *        MISSING_CONTENT_TYPE  a body and no Content-Type, off in the body;
 *        BAD_ADDRESS_OF_RECORD  a REGISTER whose To URI is not SIP or SIPS,
 *                           off in a To line.
 *   V7 a message with a problem the header names unconditionally is not OK:
 *      a SIP-Version other than SIP/2.0, a missing Via, To, From, Call-ID or
 *      CSeq, a request's CSeq method mismatch, a Content-Length beyond the
 *      end, a second From, To, Call-ID or CSeq line, a bare branch cookie,
 *      and, at a proxy, a request with Max-Forwards 0.
 *
 * Between profiles (the profile from the selector, P, is the base):
 *   M1 NULL, sipr_profile_default() and a copy of what siprove.h documents
 *      for it ("a UAS handling sip, sips and tel URIs, no extensions, bodies
 *      of type application/sdp, multipart/mixed and message/sipfrag", built
 *      here in another order and case) give the same verdict; and
 *      sipr_profile_default() holds exactly that.
 *   M2 P with every name case-flipped and every list reversed gives P's
 *      verdict ("Names compare case-insensitively"; the lists are sets).
 *   M3 superset: P with more schemes, option tags and types (same role).
 *      Each capability check (416, 420, 415, 406) can only pass more often
 *      with more names, and every other check does not read the lists; the
 *      first failing check is reported. So when P's verdict is not 416, 420,
 *      415 or 406, the superset's is the same verdict (in particular an OK
 *      stays OK, and no capability failure appears); when it is one of them,
 *      the superset may move on to OK or to another check.
 *   M4 fixing the reported capability: with the tag a BAD_EXTENSION verdict
 *      points at added to the options, the verdict is no longer that tag
 *      ("Require / Proxy-Require tag not supported"); and with everything the
 *      message names added (its Request-URI scheme, every Require and
 *      Proxy-Require tag, every Content-Type, a type every concrete or
 *      "type / *" Accept entry names), no verdict is 416, 420 or 415, nor 406
 *      when some Accept entry could be named that way.
 *   M5 the verdicts of the checks that do not depend on the element are the
 *      same for every profile (NULL, P, the variants above, P in the other
 *      role): SIP-Version, CSeq method, Content-Length (validate.c: "The
 *      checks of malformed-message kind (RFC 4475 §3.1.2) come first"), and
 *      the mandatory and single-valued headers (RFC 3261 §8.1.1, §7.3.1, §20,
 *      which precede the element's §8.2 and §16.3 in the order of sections
 *      siprove.h names; validate.c runs them before "the checks that depend
 *      on the element").
 *
 * Seeds (fuzz/seeds/validate/, scripts/mkseeds.sh): RFC 4475 torture tests
 * (tests/corpus/rfc4475/, RFC data with attribution in
 * tests/corpus/README.md): insuf §3.3.1, unkscm §3.3.2, novelsc §3.3.3,
 * unksm2 §3.3.4, bext01 §3.3.5, invut §3.3.6, multi01 §3.3.8, zeromf
 * §3.3.11, sdp01 §3.3.15, badbranch §3.2.1, inv2543 §3.4.1, clerr §3.1.2.2,
 * badvers §3.1.2.16, mismatch01 §3.1.2.17; RFC 3261 §24.1 F1 and §24.2 F1
 * and F12 (tests/corpus/rfc3261/); the rest are made up. Each starts with
 * the selector bytes of the profile it is meant for.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#define FUZZ_NAME "fuzz_validate"
#include "fail.h"

#define SEL_LEN 9u

/* The names a profile is made of. Bit i of a mask selects entry i. */
static const sipr_str k_schemes[8] = {{"sip", 3}, {"sips", 4}, {"tel", 3}, {"mailto", 6},
                                      {"SIP", 3}, {"Tel", 3},  {"im", 2},  {"soap.beep", 9}};
static const sipr_str k_options[16] = {
    {"100rel", 6},     {"timer", 5},       {"replaces", 8},    {"path", 4},
    {"outbound", 8},   {"gruu", 4},        {"norefersub", 10}, {"precondition", 12},
    {"TIMER", 5},      {"100REL", 6},      {"join", 4},        {"sec-agree", 9},
    {"nothingSupportsThis", 19}, {"noProxiesSupportThis", 20}, {"foo", 3}, {"x", 1}};
static const sipr_str k_types[8] = {{"application/sdp", 15}, {"text/plain", 10},
                                    {"multipart/mixed", 15}, {"message/sipfrag", 15},
                                    {"application/*", 13},   {"APPLICATION/SDP", 15},
                                    {"*/*", 3},              {"application/pidf+xml", 20}};

/* what siprove.h documents for the default profile, in another order and
   case than the library's own (so that M1 compares the sets, case ignored,
   not the strings as stored) */
static const sipr_str k_doc_schemes[3] = {{"TEL", 3}, {"Sips", 4}, {"sIp", 3}};
static const sipr_str k_doc_types[3] = {
    {"Message/SipFrag", 15}, {"application/SDP", 15}, {"MULTIPART/mixed", 15}};

/* A profile with room for its lists (the table entries, the message's own
   names for M4). */
#define LIST_CAP 160u
typedef struct {
    sipr_profile p;
    sipr_str schemes[LIST_CAP], options[LIST_CAP], types[LIST_CAP];
} prof;

/* The message and results of the last input (report() prints them); g_snap
   holds the msg before a call to sipr_validate. */
static sipr_msg g_m, g_snap;
static sipr_status g_st;
static sipr_verdict g_base;
static int g_null;

/* the names M2 case-flips and M4 builds ("type/subtype" of the message),
   with room for every one of them */
static char *g_pool;
static size_t g_pool_len, g_pool_cap;

/* ---- bytes and spans ------------------------------------------------------------ */

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int flip(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 'a';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 'A';
    return c;
}

/* bytes a[0 .. n-1] and b[0 .. n-1] equal, ASCII case ignored */
static int ieq(const char *a, const char *b, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (lower((unsigned char)a[k]) != lower((unsigned char)b[k]))
            return 0;
    return 1;
}

static int span_ieq(const char *buf, sipr_span s, const char *t, size_t n)
{
    return s.len == n && ieq(buf + s.off, t, n);
}

static int span_is(const char *buf, sipr_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(buf + s.off, lit, n) == 0;
}

/* span s of buf is one of list[0 .. n-1], case ignored */
static int in_list(const char *buf, sipr_span s, const sipr_str *list, uint16_t n)
{
    uint16_t k;
    for (k = 0; k < n; k++)
        if (span_ieq(buf, s, list[k].s, list[k].len))
            return 1;
    return 0;
}

/* the "type/subtype" string e, split at its first '/'; 0 without one */
static int split_type(sipr_str e, size_t *slash)
{
    size_t k;
    for (k = 0; k < e.len; k++)
        if (e.s[k] == '/') {
            *slash = k;
            return 1;
        }
    return 0;
}

/* the media type type/sub is one of list's strings, literally (case ignored) */
static int media_in(const char *buf, sipr_span type, sipr_span sub, const sipr_str *list,
                    uint16_t n)
{
    uint16_t k;
    size_t sl;
    for (k = 0; k < n; k++)
        if (split_type(list[k], &sl) && span_ieq(buf, type, list[k].s, sl) &&
            span_ieq(buf, sub, list[k].s + sl + 1, list[k].len - sl - 1))
            return 1;
    return 0;
}

/* the Accept media-range type/sub names one of list's types: "*" / "*"
   any, type "/" "*" any of that type (RFC 3261 §20.1); a "*" type with
   another subtype is no media-range and names nothing */
static int range_names(const char *buf, sipr_span type, sipr_span sub, const sipr_str *list,
                       uint16_t n)
{
    const int any_t = span_is(buf, type, "*"), any_s = span_is(buf, sub, "*");
    uint16_t k;
    size_t sl;
    if (any_t && !any_s)
        return 0;
    for (k = 0; k < n; k++) {
        if (!split_type(list[k], &sl))
            continue;
        if (any_t)
            return 1;
        if (span_ieq(buf, type, list[k].s, sl) &&
            (any_s || span_ieq(buf, sub, list[k].s + sl + 1, list[k].len - sl - 1)))
            return 1;
    }
    return 0;
}

/* the kind of the line item k came from */
static unsigned item_kind(const sipr_msg *m, unsigned k)
{
    if (m->items[k].header >= m->n_headers)
        FAIL("item %u: header %u >= n_headers %u", k, m->items[k].header, m->n_headers);
    return m->headers[m->items[k].header].kind;
}

/* off lies in a header line of kind (from its name to the end of its value) */
static int in_line_of(const sipr_msg *m, unsigned kind, uint32_t off)
{
    unsigned i;
    for (i = 0; i < m->n_headers; i++) {
        const sipr_header *h = &m->headers[i];
        if (h->kind == kind && off >= h->name.off && off <= h->value.off + h->value.len)
            return 1;
    }
    return 0;
}

static int count_kind(const sipr_msg *m, unsigned kind)
{
    unsigned i;
    int n = 0;
    for (i = 0; i < m->n_headers; i++)
        n += m->headers[i].kind == kind;
    return n;
}

static int is_request(const sipr_msg *m)
{
    return m->type == SIPR_MSG_REQUEST;
}

/* ---- what a code promises -------------------------------------------------------- */

/* V2: the response a code implies (see the header comment) */
static unsigned expected_response(sipr_verdict_code c)
{
    switch (c) {
    case SIPR_V_OK: return 0;
    case SIPR_V_BAD_VERSION: return 505;
    case SIPR_V_UNSUPPORTED_SCHEME: return 416;
    case SIPR_V_BAD_EXTENSION: return 420;
    case SIPR_V_UNSUPPORTED_MEDIA: return 415;
    case SIPR_V_NOT_ACCEPTABLE: return 406;
    case SIPR_V_TOO_MANY_HOPS: return 483;
    default: return 400;
    }
}

/* V4: 1 malformed, 0 the element's verdict, -1 not documented */
static int expected_invalid(sipr_verdict_code c)
{
    switch (c) {
    case SIPR_V_BAD_VERSION:
    case SIPR_V_CSEQ_METHOD_MISMATCH:
    case SIPR_V_CONTENT_LENGTH_MISMATCH:
    case SIPR_V_NOT_PARSED:
        return 1;
    case SIPR_V_MISSING_CONTENT_TYPE:
        return -1;
    default:
        return 0;
    }
}

/* the capability checks: the only ones that read the profile's lists */
static int is_capability(sipr_verdict_code c)
{
    return c == SIPR_V_UNSUPPORTED_SCHEME || c == SIPR_V_BAD_EXTENSION ||
           c == SIPR_V_UNSUPPORTED_MEDIA || c == SIPR_V_NOT_ACCEPTABLE;
}

/* M5: the checks that do not depend on the element */
static int is_element_free(sipr_verdict_code c)
{
    switch (c) {
    case SIPR_V_BAD_VERSION:
    case SIPR_V_CSEQ_METHOD_MISMATCH:
    case SIPR_V_CONTENT_LENGTH_MISMATCH:
    case SIPR_V_MISSING_VIA:
    case SIPR_V_MISSING_TO:
    case SIPR_V_MISSING_FROM:
    case SIPR_V_MISSING_CALL_ID:
    case SIPR_V_MISSING_CSEQ:
    case SIPR_V_DUPLICATE_HEADER:
        return 1;
    default:
        return 0;
    }
}

/* V5: the top Via has no RFC 3261 branch */
static int no_3261_branch(const char *buf, const sipr_msg *m)
{
    sipr_span b;
    if (m->n_vias == 0)
        return 1;
    b = m->vias[0].branch;
    return !(b.len > 7 && memcmp(buf + b.off, "z9hG4bK", 7) == 0);
}

static int bare_cookie(const char *buf, const sipr_msg *m)
{
    return m->n_vias > 0 && span_is(buf, m->vias[0].branch, "z9hG4bK");
}

static int version_ok(const char *buf, const sipr_msg *m)
{
    return span_ieq(buf, m->version, "SIP/2.0", 7);
}

static int cseq_mismatch(const char *buf, const sipr_msg *m)
{
    return is_request(m) && m->first[SIPR_H_CSEQ] != SIPR_NONE &&
           (m->cseq_method.len != m->method.len ||
            memcmp(buf + m->cseq_method.off, buf + m->method.off, m->method.len) != 0);
}

static int cl_beyond(const sipr_msg *m)
{
    return m->has_content_length && m->content_length > m->body.len;
}

/* The header kinds a message may carry once (RFC 3261 §7.3.1: a header
   whose value is not a comma-separated list appears at most once): the
   §8.1.1 and §20 ones (From, To, Call-ID, CSeq, Max-Forwards,
   Content-Length, Content-Type, Date, Expires, Min-Expires, Reply-To,
   Content-Disposition, Priority, MIME-Version, Subject, Organization,
   Retry-After, Timestamp, Server, User-Agent) and those of the extensions
   (Refer-To RFC 3515, Referred-By RFC 3892, Event and Subscription-State
   RFC 6665, Session-Expires and Min-SE RFC 4028, RSeq and RAck RFC 3262,
   Privacy RFC 3323). Written out here apart from the library's table, so
   the harness checks the library rather than repeating it. */
static int single_valued(unsigned kind)
{
    switch (kind) {
    case SIPR_H_FROM: case SIPR_H_TO: case SIPR_H_CALL_ID: case SIPR_H_CSEQ:
    case SIPR_H_MAX_FORWARDS: case SIPR_H_CONTENT_LENGTH: case SIPR_H_CONTENT_TYPE:
    case SIPR_H_DATE: case SIPR_H_EXPIRES: case SIPR_H_MIN_EXPIRES: case SIPR_H_REPLY_TO:
    case SIPR_H_CONTENT_DISPOSITION: case SIPR_H_PRIORITY: case SIPR_H_MIME_VERSION:
    case SIPR_H_SUBJECT: case SIPR_H_ORGANIZATION: case SIPR_H_RETRY_AFTER:
    case SIPR_H_TIMESTAMP: case SIPR_H_SERVER: case SIPR_H_USER_AGENT:
    case SIPR_H_REFER_TO: case SIPR_H_REFERRED_BY: case SIPR_H_EVENT:
    case SIPR_H_SUBSCRIPTION_STATE: case SIPR_H_SESSION_EXPIRES: case SIPR_H_MIN_SE:
    case SIPR_H_RSEQ: case SIPR_H_RACK: case SIPR_H_PRIVACY:
        return 1;
    default:
        return 0;
    }
}

static const char *vname(sipr_verdict_code c)
{
    return sipr_verdict_reason(c);
}

/* V1 .. V7 for verdict v of profile p (the profile the library used: for
   NULL, the documented default) */
static void check_verdict(const char *buf, size_t len, const sipr_msg *m, const sipr_profile *p,
                          sipr_verdict v, const char *who)
{
    const int proxy = p->role == SIPR_ROLE_PROXY;
    const int inv = expected_invalid(v.code);
    unsigned k;

    if ((unsigned)v.code >= SIPR_VERDICT__COUNT)
        FAIL("%s: verdict code %d", who, (int)v.code);
    if (v.code == SIPR_V_NOT_PARSED || v.code == SIPR_V_MISSING_MAX_FORWARDS)
        FAIL("%s: verdict %s on a parsed message", who, vname(v.code));
    if ((v.code == SIPR_V_OK) != (v.response == 0))
        FAIL("%s: verdict %s with response %u", who, vname(v.code), v.response);
    if (v.response != expected_response(v.code))
        FAIL("%s: verdict %s with response %u, %u expected", who, vname(v.code), v.response,
             expected_response(v.code));
    if (v.off > len)
        FAIL("%s: verdict offset %u > len %zu", who, (unsigned)v.off, len);
    if (v.invalid > 1 || (inv >= 0 && v.invalid != inv))
        FAIL("%s: verdict %s with invalid %u", who, vname(v.code), v.invalid);
    if (v.rfc2543 != no_3261_branch(buf, m))
        FAIL("%s: rfc2543 %u, top Via branch says %d", who, v.rfc2543, no_3261_branch(buf, m));

    /* V6: the code is true of the message */
    switch (v.code) {
    case SIPR_V_OK:
        break;
    case SIPR_V_BAD_VERSION:
        if (version_ok(buf, m) || v.off != m->version.off)
            FAIL("%s: bad version at %u, version at %u", who, (unsigned)v.off,
                 (unsigned)m->version.off);
        break;
    case SIPR_V_CSEQ_METHOD_MISMATCH:
        if (!cseq_mismatch(buf, m) || !in_line_of(m, SIPR_H_CSEQ, v.off))
            FAIL("%s: CSeq method mismatch at %u", who, (unsigned)v.off);
        break;
    case SIPR_V_CONTENT_LENGTH_MISMATCH:
        if (!cl_beyond(m) || !in_line_of(m, SIPR_H_CONTENT_LENGTH, v.off))
            FAIL("%s: Content-Length mismatch at %u (%u, body %u)", who, (unsigned)v.off,
                 (unsigned)m->content_length, (unsigned)m->body.len);
        break;
    case SIPR_V_MISSING_VIA:
    case SIPR_V_MISSING_TO:
    case SIPR_V_MISSING_FROM:
    case SIPR_V_MISSING_CALL_ID:
    case SIPR_V_MISSING_CSEQ: {
        static const unsigned kinds[5] = {SIPR_H_VIA, SIPR_H_TO, SIPR_H_FROM, SIPR_H_CALL_ID,
                                          SIPR_H_CSEQ};
        if (m->first[kinds[v.code - SIPR_V_MISSING_VIA]] != SIPR_NONE)
            FAIL("%s: %s, but the header is there", who, vname(v.code));
        break;
    }
    case SIPR_V_DUPLICATE_HEADER: {
        int ok = 0;
        for (k = 0; k < m->n_headers && !ok; k++) {
            const sipr_header *h = &m->headers[k];
            ok = single_valued(h->kind) && m->first[h->kind] != k && v.off >= h->name.off &&
                 v.off <= h->value.off + h->value.len;
        }
        if (!ok)
            FAIL("%s: duplicate header at %u, no second single-valued line there", who,
                 (unsigned)v.off);
        break;
    }
    case SIPR_V_UNSUPPORTED_SCHEME:
        if (!is_request(m) || in_list(buf, m->ruri.scheme_name, p->schemes, p->n_schemes) ||
            v.off < m->request_uri.off || v.off >= m->request_uri.off + m->request_uri.len)
            FAIL("%s: unsupported scheme at %u", who, (unsigned)v.off);
        break;
    case SIPR_V_BAD_EXTENSION: {
        const unsigned want = proxy ? SIPR_H_PROXY_REQUIRE : SIPR_H_REQUIRE;
        int ok = 0;
        for (k = 0; k < m->n_items && !ok; k++)
            ok = item_kind(m, k) == want && m->items[k].value.off == v.off &&
                 !in_list(buf, m->items[k].value, p->options, p->n_options);
        if (!is_request(m) || !ok)
            FAIL("%s: bad extension at %u, no unsupported %s tag there", who, (unsigned)v.off,
                 proxy ? "Proxy-Require" : "Require");
        break;
    }
    case SIPR_V_UNSUPPORTED_MEDIA: {
        int ok = 0;
        for (k = 0; k < m->n_items && !ok; k++)
            ok = item_kind(m, k) == SIPR_H_CONTENT_TYPE && m->items[k].value.off == v.off &&
                 !media_in(buf, m->items[k].value, m->items[k].sub, p->types, p->n_types);
        if (!is_request(m) || m->body.len == 0 || !ok)
            FAIL("%s: unsupported media at %u, no unknown Content-Type there", who,
                 (unsigned)v.off);
        break;
    }
    case SIPR_V_NOT_ACCEPTABLE: {
        int entries = 0;
        for (k = 0; k < m->n_items; k++) {
            if (item_kind(m, k) != SIPR_H_ACCEPT)
                continue;
            entries++;
            if (range_names(buf, m->items[k].value, m->items[k].sub, p->types, p->n_types))
                FAIL("%s: not acceptable, but Accept entry %u names a profile type", who, k);
        }
        if (!is_request(m) || entries == 0 || !in_line_of(m, SIPR_H_ACCEPT, v.off))
            FAIL("%s: not acceptable at %u with %d Accept entries", who, (unsigned)v.off,
                 entries);
        break;
    }
    case SIPR_V_BARE_BRANCH_COOKIE:
        if (!bare_cookie(buf, m) || v.off != m->vias[0].branch.off)
            FAIL("%s: bare branch cookie at %u", who, (unsigned)v.off);
        break;
    case SIPR_V_TOO_MANY_HOPS:
        if (!proxy || !is_request(m) || !m->has_max_forwards || m->max_forwards != 0 ||
            !in_line_of(m, SIPR_H_MAX_FORWARDS, v.off))
            FAIL("%s: too many hops at %u (proxy %d, Max-Forwards %u)", who, (unsigned)v.off,
                 proxy, (unsigned)m->max_forwards);
        break;
    case SIPR_V_MISSING_CONTENT_TYPE:
        if (m->body.len == 0 || m->first[SIPR_H_CONTENT_TYPE] != SIPR_NONE ||
            v.off < m->body.off || v.off >= m->body.off + m->body.len)
            FAIL("%s: missing Content-Type at %u", who, (unsigned)v.off);
        break;
    case SIPR_V_BAD_ADDRESS_OF_RECORD:
        if (!is_request(m) || !span_is(buf, m->method, "REGISTER") ||
            m->to.uri.scheme == SIPR_URI_SIP || m->to.uri.scheme == SIPR_URI_SIPS ||
            !in_line_of(m, SIPR_H_TO, v.off))
            FAIL("%s: bad address-of-record at %u", who, (unsigned)v.off);
        break;
    default:
        FAIL("%s: verdict %s unexpected", who, vname(v.code));
    }

    /* V7: problems no element may pass */
    if (v.code == SIPR_V_OK &&
        (!version_ok(buf, m) || m->first[SIPR_H_VIA] == SIPR_NONE ||
         m->first[SIPR_H_TO] == SIPR_NONE || m->first[SIPR_H_FROM] == SIPR_NONE ||
         m->first[SIPR_H_CALL_ID] == SIPR_NONE || m->first[SIPR_H_CSEQ] == SIPR_NONE ||
         cseq_mismatch(buf, m) || cl_beyond(m) || count_kind(m, SIPR_H_FROM) > 1 ||
         count_kind(m, SIPR_H_TO) > 1 || count_kind(m, SIPR_H_CALL_ID) > 1 ||
         count_kind(m, SIPR_H_CSEQ) > 1 || bare_cookie(buf, m) ||
         (proxy && is_request(m) && m->has_max_forwards && m->max_forwards == 0)))
        FAIL("%s: OK for a message with a documented problem", who);
}

static int same_verdict(sipr_verdict a, sipr_verdict b)
{
    return a.code == b.code && a.response == b.response && a.invalid == b.invalid &&
           a.rfc2543 == b.rfc2543 && a.off == b.off;
}

/* One judgement: sipr_validate twice with p as given (NULL allowed), the msg
   and buf untouched, the verdicts equal; then V1 .. V7 against eff (what p
   means). */
static sipr_verdict judge(const char *buf, size_t len, const sipr_msg *m, const sipr_profile *p,
                          const sipr_profile *eff, const char *who)
{
    sipr_verdict v, w;
    size_t k;
    char *copy = exact_copy(buf, len);
    if (copy == NULL)
        abort();
    memcpy(&g_snap, m, sizeof g_snap);
    v = sipr_validate(buf, len, m, p);
    w = sipr_validate(buf, len, m, p);
    if (memcmp(&g_snap, m, sizeof g_snap) != 0) {
        for (k = 0; k < sizeof g_snap; k++)
            if (((const unsigned char *)&g_snap)[k] != ((const unsigned char *)m)[k])
                break;
        FAIL("%s: sipr_validate wrote the msg (byte %zu of the sipr_msg)", who, k);
    }
    if (len && memcmp(copy, buf, len) != 0)
        FAIL("%s: sipr_validate wrote the buffer", who);
    free(copy);
    if (!same_verdict(v, w))
        FAIL("%s: two calls, two verdicts: %s at %u, %s at %u", who, vname(v.code),
             (unsigned)v.off, vname(w.code), (unsigned)w.off);
    check_verdict(buf, len, m, eff, v, who);
    return v;
}

/* ---- profiles --------------------------------------------------------------------- */

static void pr_init(prof *q, uint8_t role)
{
    memset(&q->p, 0, sizeof q->p);
    q->p.role = role;
}

/* q->p's list pointers, NULL for an empty list */
static void pr_link(prof *q)
{
    q->p.schemes = q->p.n_schemes ? q->schemes : NULL;
    q->p.options = q->p.n_options ? q->options : NULL;
    q->p.types = q->p.n_types ? q->types : NULL;
}

static void add(sipr_str *list, uint16_t *n, sipr_str s)
{
    if (*n >= LIST_CAP)
        FAIL("harness: a profile list is full");
    list[(*n)++] = s;
}

static void add_mask(sipr_str *list, uint16_t *n, const sipr_str *table, unsigned size,
                     unsigned mask)
{
    unsigned i;
    for (i = 0; i < size; i++)
        if (mask & (1u << i))
            add(list, n, table[i]);
}

static void pr_copy(prof *dst, const sipr_profile *src)
{
    unsigned i;
    pr_init(dst, src->role);
    for (i = 0; i < src->n_schemes; i++)
        add(dst->schemes, &dst->p.n_schemes, src->schemes[i]);
    for (i = 0; i < src->n_options; i++)
        add(dst->options, &dst->p.n_options, src->options[i]);
    for (i = 0; i < src->n_types; i++)
        add(dst->types, &dst->p.n_types, src->types[i]);
    pr_link(dst);
}

/* a copy of s in the pool (the caller sized it) */
static sipr_str pool_put(const char *s, size_t n)
{
    sipr_str r;
    if (g_pool_len + n > g_pool_cap)
        FAIL("harness: the name pool is full");
    memcpy(g_pool + g_pool_len, s, n);
    r.s = g_pool + g_pool_len;
    r.len = (uint32_t)n;
    g_pool_len += n;
    return r;
}

/* "type/sub" from two spans of buf, in the pool */
static sipr_str pool_type(const char *buf, sipr_span type, const char *sub, size_t sub_len)
{
    sipr_str r = pool_put(buf + type.off, type.len);
    pool_put("/", 1);
    pool_put(sub, sub_len);
    r.len = (uint32_t)(type.len + 1u + sub_len);
    return r;
}

/* M2: every name case-flipped, every list reversed */
static void flip_list(const sipr_str *src, uint16_t n, sipr_str *dst)
{
    uint16_t i;
    size_t k;
    for (i = 0; i < n; i++) {
        sipr_str s = pool_put(src[n - 1 - i].s, src[n - 1 - i].len);
        for (k = 0; k < s.len; k++)
            g_pool[(s.s - g_pool) + k] = (char)flip((unsigned char)s.s[k]);
        dst[i] = s;
    }
}

static void pr_flip(prof *dst, const sipr_profile *src)
{
    pr_init(dst, src->role);
    dst->p.n_schemes = src->n_schemes;
    dst->p.n_options = src->n_options;
    dst->p.n_types = src->n_types;
    flip_list(src->schemes, src->n_schemes, dst->schemes);
    flip_list(src->options, src->n_options, dst->options);
    flip_list(src->types, src->n_types, dst->types);
    pr_link(dst);
}

/* M4: src and every name the message asks for; *accept_fixed says whether
   some Accept entry got a type it names */
static void pr_everything(prof *dst, const sipr_profile *src, const char *buf, const sipr_msg *m,
                          int *accept_fixed)
{
    unsigned k;
    pr_copy(dst, src);
    *accept_fixed = 0;
    if (is_request(m) && m->ruri.scheme_name.len > 0)
        add(dst->schemes, &dst->p.n_schemes,
            pool_put(buf + m->ruri.scheme_name.off, m->ruri.scheme_name.len));
    for (k = 0; k < m->n_items; k++) {
        const sipr_item *t = &m->items[k];
        const unsigned kind = item_kind(m, k);
        if (kind == SIPR_H_REQUIRE || kind == SIPR_H_PROXY_REQUIRE) {
            add(dst->options, &dst->p.n_options, pool_put(buf + t->value.off, t->value.len));
        } else if (kind == SIPR_H_CONTENT_TYPE) {
            add(dst->types, &dst->p.n_types,
                pool_type(buf, t->value, buf + t->sub.off, t->sub.len));
        } else if (kind == SIPR_H_ACCEPT) {
            const int any_t = span_is(buf, t->value, "*"), any_s = span_is(buf, t->sub, "*");
            if (any_t && !any_s)
                continue; /* names nothing (range_names) */
            if (any_t)
                add(dst->types, &dst->p.n_types, k_types[0]);
            else if (any_s)
                add(dst->types, &dst->p.n_types, pool_type(buf, t->value, "x", 1));
            else
                add(dst->types, &dst->p.n_types,
                    pool_type(buf, t->value, buf + t->sub.off, t->sub.len));
            *accept_fixed = 1;
        }
    }
    pr_link(dst);
}

static prof g_p, g_doc, g_sup, g_flip, g_role, g_all, g_fix;

/* M5: the verdicts of the element-free checks are the same everywhere */
static void same_everywhere(const sipr_verdict *vs, const char *const *who, unsigned n)
{
    unsigned i, j;
    for (i = 0; i < n; i++)
        if (is_element_free(vs[i].code))
            for (j = 0; j < n; j++)
                if (!same_verdict(vs[i], vs[j]))
                    FAIL("%s says %s at %u, %s says %s at %u: the check does not depend on "
                         "the element",
                         who[i], vname(vs[i].code), (unsigned)vs[i].off, who[j],
                         vname(vs[j].code), (unsigned)vs[j].off);
}

static void judge_all(const char *buf, size_t len, const sipr_msg *m, const uint8_t *sel)
{
    const sipr_profile *def = sipr_profile_default();
    const sipr_profile *eff; /* what the profile P means (for NULL, the documented default) */
    sipr_verdict vs[8];
    const char *who[8];
    unsigned n = 0;
    int accept_fixed;

    /* M1: the default is what siprove.h says */
    if (def == NULL || def->role != SIPR_ROLE_UAS || def->n_options != 0 ||
        def->n_schemes != 3 || def->n_types != 3)
        FAIL("sipr_profile_default() is not the documented default");
    {
        unsigned i;
        /* each documented name among the default's (case ignored) */
        for (i = 0; i < 3; i++) {
            const sipr_span ws = {0, k_doc_schemes[i].len}, wt = {0, k_doc_types[i].len};
            if (!in_list(k_doc_schemes[i].s, ws, def->schemes, 3))
                FAIL("sipr_profile_default() lacks scheme %.*s", (int)k_doc_schemes[i].len,
                     k_doc_schemes[i].s);
            if (!in_list(k_doc_types[i].s, wt, def->types, 3))
                FAIL("sipr_profile_default() lacks type %.*s", (int)k_doc_types[i].len,
                     k_doc_types[i].s);
        }
    }
    pr_init(&g_doc, SIPR_ROLE_UAS);
    add_mask(g_doc.schemes, &g_doc.p.n_schemes, k_doc_schemes, 3, 7u);
    add_mask(g_doc.types, &g_doc.p.n_types, k_doc_types, 3, 7u);
    pr_link(&g_doc);

    g_null = !(sel[0] & 1u);
    if (g_null) {
        eff = &g_doc.p;
        g_base = judge(buf, len, m, NULL, eff, "NULL");
        vs[n] = judge(buf, len, m, def, eff, "sipr_profile_default()");
        who[n++] = "sipr_profile_default()";
        vs[n] = judge(buf, len, m, &g_doc.p, eff, "documented default");
        who[n++] = "documented default";
        if (!same_verdict(g_base, vs[0]) || !same_verdict(g_base, vs[1]))
            FAIL("NULL, sipr_profile_default() and the documented default disagree: %s, %s, %s",
                 vname(g_base.code), vname(vs[0].code), vname(vs[1].code));
    } else {
        pr_init(&g_p, (sel[0] & 2u) ? SIPR_ROLE_PROXY : SIPR_ROLE_UAS);
        add_mask(g_p.schemes, &g_p.p.n_schemes, k_schemes, 8, sel[1]);
        add_mask(g_p.options, &g_p.p.n_options, k_options, 16, sel[2] | (unsigned)sel[3] << 8);
        add_mask(g_p.types, &g_p.p.n_types, k_types, 8, sel[4]);
        pr_link(&g_p);
        eff = &g_p.p;
        g_base = judge(buf, len, m, eff, eff, "P");
    }
    vs[n] = g_base;
    who[n++] = "P";

    /* M2 */
    pr_flip(&g_flip, eff);
    vs[n] = judge(buf, len, m, &g_flip.p, &g_flip.p, "P case-flipped");
    who[n++] = "P case-flipped";
    if (!same_verdict(g_base, vs[n - 1]))
        FAIL("case-flipped, reversed names: %s at %u, P: %s at %u", vname(vs[n - 1].code),
             (unsigned)vs[n - 1].off, vname(g_base.code), (unsigned)g_base.off);

    /* M3 */
    pr_copy(&g_sup, eff);
    add_mask(g_sup.schemes, &g_sup.p.n_schemes, k_schemes, 8, sel[5]);
    add_mask(g_sup.options, &g_sup.p.n_options, k_options, 16, sel[6] | (unsigned)sel[7] << 8);
    add_mask(g_sup.types, &g_sup.p.n_types, k_types, 8, sel[8]);
    pr_link(&g_sup);
    vs[n] = judge(buf, len, m, &g_sup.p, &g_sup.p, "superset");
    who[n++] = "superset";
    if (!is_capability(g_base.code) && !same_verdict(g_base, vs[n - 1]))
        FAIL("a superset profile turned %s at %u into %s at %u", vname(g_base.code),
             (unsigned)g_base.off, vname(vs[n - 1].code), (unsigned)vs[n - 1].off);

    /* M4 */
    pr_everything(&g_all, eff, buf, m, &accept_fixed);
    vs[n] = judge(buf, len, m, &g_all.p, &g_all.p, "everything the message names");
    who[n++] = "everything";
    if (vs[n - 1].code == SIPR_V_UNSUPPORTED_SCHEME || vs[n - 1].code == SIPR_V_BAD_EXTENSION ||
        vs[n - 1].code == SIPR_V_UNSUPPORTED_MEDIA ||
        (accept_fixed && vs[n - 1].code == SIPR_V_NOT_ACCEPTABLE))
        FAIL("%s at %u with every name the message uses in the profile",
             vname(vs[n - 1].code), (unsigned)vs[n - 1].off);
    if (g_base.code == SIPR_V_BAD_EXTENSION) {
        unsigned k;
        sipr_verdict f;
        pr_copy(&g_fix, eff);
        for (k = 0; k < m->n_items; k++)
            if (m->items[k].value.off == g_base.off)
                add(g_fix.options, &g_fix.p.n_options,
                    pool_put(buf + g_base.off, m->items[k].value.len));
        pr_link(&g_fix);
        f = judge(buf, len, m, &g_fix.p, &g_fix.p, "P and the tag");
        if (f.code == SIPR_V_BAD_EXTENSION && f.off == g_base.off)
            FAIL("bad extension at %u again with that tag supported", (unsigned)f.off);
    }

    /* M5, with P in the other role too */
    pr_copy(&g_role, eff);
    g_role.p.role = eff->role == SIPR_ROLE_PROXY ? SIPR_ROLE_UAS : SIPR_ROLE_PROXY;
    vs[n] = judge(buf, len, m, &g_role.p, &g_role.p, "P in the other role");
    who[n++] = "P in the other role";
    same_everywhere(vs, who, n);
}

static int one_input(const uint8_t *data, size_t size)
{
    uint8_t sel[SEL_LEN];
    size_t len, k;
    char *buf;

    memset(sel, 0, sizeof sel);
    for (k = 0; k < SEL_LEN && k < size; k++)
        sel[k] = data[k];
    len = size > SEL_LEN ? size - SEL_LEN : 0;
    if (len > SIPR_MAX_MSG_LEN)
        len = SIPR_MAX_MSG_LEN; /* spans are 32-bit; nothing to learn beyond */
    buf = exact_copy(data + SEL_LEN, len);
    if (buf == NULL)
        return 0;

    if (sipr_msg_init(&g_m, NULL) != SIPR_OK)
        FAIL("sipr_msg_init refused the default limits");
    g_st = sipr_parse(buf, len, &g_m);
    g_base.code = SIPR_V_OK;
    if (g_st != SIPR_OK) {
        /* not parsed: every profile must say so */
        sipr_verdict v = sipr_validate(buf, len, &g_m, NULL);
        sipr_verdict w = sipr_validate(buf, len, &g_m, sipr_profile_default());
        if (v.code != SIPR_V_NOT_PARSED || v.response != 400 || v.invalid != 1 ||
            v.off > len || !same_verdict(v, w))
            FAIL("after a failed parse: verdict %s response %u invalid %u off %u", vname(v.code),
                 v.response, v.invalid, (unsigned)v.off);
        g_base = v;
    } else {
        /* the pool: case-flipped table names, and the message's names, each
           at most twice (Content-Type and Accept types with a '/' and a
           subtype of their own) */
        g_pool_cap = 2u * len + 4u * SIPR_MAX_ITEMS + 4096u;
        g_pool_len = 0;
        g_pool = (char *)malloc(g_pool_cap);
        if (g_pool == NULL) {
            free(buf);
            return 0;
        }
        judge_all(buf, len, &g_m, sel);
        free(g_pool);
        g_pool = NULL;
    }
    free(buf);
    return 0;
}

/* ---- drivers ----------------------------------------------------------------- */

static void report(const char *name, size_t n)
{
    if (g_st != SIPR_OK)
        fprintf(stderr, "%s: %zu bytes: does not parse (%s at %u)\n", name, n,
                sipr_strerror(g_st), (unsigned)g_m.err_off);
    else
        fprintf(stderr, "%s: %zu bytes: %s profile: %s (%u) at %u%s%s\n", name, n,
                g_null ? "NULL" : "selected", vname(g_base.code), g_base.response,
                (unsigned)g_base.off, g_base.invalid ? ", malformed" : "",
                g_base.rfc2543 ? ", RFC 2543 matching" : "");
}

#include "driver.h"
