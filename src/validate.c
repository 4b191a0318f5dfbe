/* Semantic checks, separate from syntax: what a UAS (RFC 3261 §8.2) or a
 * proxy (§16.3) concludes from a well-formed message, with the response the
 * RFC recommends. The checks of malformed-message kind (RFC 4475 §3.1.2)
 * come first, then those of the element's own capabilities (§3.3). */
#include "sipr_internal.h"

/* the caller's strings are readable */
#define STRS_OK(a, n)                                                                              \
    (\valid_read((a) + (0 .. (n) - 1)) &&                                                          \
     (\forall integer k; 0 <= k < (n) ==> \valid_read((a)[k].s + (0 .. (a)[k].len - 1))))
#define PROFILE_OK(p)                                                                              \
    (\valid_read(p) && STRS_OK((p)->schemes, (p)->n_schemes) &&                                     \
     STRS_OK((p)->options, (p)->n_options) && STRS_OK((p)->types, (p)->n_types))

static const sipr_str default_schemes[3] = {{"sip", 3}, {"sips", 4}, {"tel", 3}};
static const sipr_str default_types[3] = {
    {"application/sdp", 15}, {"multipart/mixed", 15}, {"message/sipfrag", 15}};
static const sipr_profile default_profile = {SIPR_ROLE_UAS, 3, default_schemes, 0, 0, 3,
                                             default_types};

/*@ assigns \nothing;
    ensures PROFILE_OK(\result);
*/
const sipr_profile *sipr_profile_default(void)
{
    return &default_profile;
}

/*@ assigns \nothing;
    ensures \result.code == code && \result.response == response && \result.off <= len;
*/
static sipr_verdict verdict(sipr_verdict_code code, uint16_t response, uint8_t invalid,
                            uint32_t off, size_t len)
{
    sipr_verdict v;
    v.code = code;
    v.response = response;
    v.invalid = invalid;
    v.rfc2543 = 0;
    v.off = off <= len ? off : (uint32_t)len;
    return v;
}

/* s is one of the strings of list (case-insensitive) */
/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(s, len);
    requires STRS_OK(list, n);
    assigns \nothing;
*/
static int in_list(const char *buf, size_t len, sipr_span s, const sipr_str *list, uint16_t n)
{
    uint16_t k;
    /*@ loop invariant 0 <= k <= n;
        loop assigns k;
        loop variant n - k; */
    for (k = 0; k < n; k++)
        if (sipr_span_ieq(buf, len, s, list[k].s, list[k].len))
            return 1;
    return 0;
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(s, len);
    assigns \nothing;
*/
static int is_star(const char *buf, size_t len, sipr_span s)
{
    (void)len;
    return s.len == 1 && buf[s.off] == '*';
}

/* type/sub matches the "type/subtype" string e; with wild, "*" matches any
   type or subtype (Accept's media-range) */
/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(type, len) && SPAN_IN(sub, len);
    requires \valid_read(e + (0 .. elen - 1));
    assigns \nothing;
*/
static int media_is(const char *buf, size_t len, sipr_span type, sipr_span sub, const char *e,
                    uint32_t elen, int wild)
{
    const int any_type = wild && is_star(buf, len, type);
    const int any_sub = wild && is_star(buf, len, sub);
    uint32_t slash = 0;
    /*@ loop invariant 0 <= slash <= elen;
        loop assigns slash;
        loop variant elen - slash; */
    while (slash < elen && e[slash] != '/')
        slash++;
    if (slash >= elen)
        return 0;
    if (any_type)
        return any_sub;
    if (!sipr_span_ieq(buf, len, type, e, slash))
        return 0;
    return any_sub || sipr_span_ieq(buf, len, sub, e + slash + 1, elen - slash - 1u);
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(type, len) && SPAN_IN(sub, len);
    requires STRS_OK(list, n);
    assigns \nothing;
*/
static int media_in_list(const char *buf, size_t len, sipr_span type, sipr_span sub,
                         const sipr_str *list, uint16_t n, int wild)
{
    uint16_t k;
    /*@ loop invariant 0 <= k <= n;
        loop assigns k;
        loop variant n - k; */
    for (k = 0; k < n; k++)
        if (media_is(buf, len, type, sub, list[k].s, list[k].len, wild))
            return 1;
    return 0;
}

/* The kind of the header line an item came from, SIPR_H__COUNT if none. */
/*@ requires \valid_read(m);
    assigns \nothing;
*/
static uint16_t item_kind(const sipr_msg *m, uint16_t k)
{
    uint16_t h;
    if (k >= SIPR_MAX_ITEMS)
        return SIPR_H__COUNT;
    h = m->items[k].header;
    if (h >= m->n_headers || h >= SIPR_MAX_HEADERS)
        return SIPR_H__COUNT;
    return m->headers[h].kind;
}

/* The first item of a kind of header whose value is not in list (media
   types when media), or SIPR_NONE. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires STRS_OK(list, n);
    assigns \nothing;
*/
static uint16_t first_unknown(const char *buf, size_t len, const sipr_msg *m, uint16_t kind,
                              const sipr_str *list, uint16_t n, int media)
{
    uint16_t k;
    /*@ loop invariant 0 <= k <= m->n_items;
        loop assigns k;
        loop variant m->n_items - k; */
    for (k = 0; k < m->n_items && k < SIPR_MAX_ITEMS; k++) {
        const sipr_item *t = &m->items[k];
        if (item_kind(m, k) != kind || !SPAN_IN(t->value, len) || !SPAN_IN(t->sub, len))
            continue;
        if (media ? !media_in_list(buf, len, t->value, t->sub, list, n, 0)
                  : !in_list(buf, len, t->value, list, n))
            return k;
    }
    return SIPR_NONE;
}

/* Whether some entry of the Accept headers names a type of list (1), none
   does though there are entries (0), or there are no entries (1). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires STRS_OK(list, n);
    assigns \nothing;
*/
static int accept_ok(const char *buf, size_t len, const sipr_msg *m, const sipr_str *list,
                     uint16_t n)
{
    uint16_t k;
    int seen = 0;
    /*@ loop invariant 0 <= k <= m->n_items;
        loop assigns k, seen;
        loop variant m->n_items - k; */
    for (k = 0; k < m->n_items && k < SIPR_MAX_ITEMS; k++) {
        const sipr_item *t = &m->items[k];
        if (item_kind(m, k) != SIPR_H_ACCEPT || !SPAN_IN(t->value, len) || !SPAN_IN(t->sub, len))
            continue;
        seen = 1;
        if (media_in_list(buf, len, t->value, t->sub, list, n, 1))
            return 1;
    }
    return !seen;
}

/* The second line of a single-valued header, or SIPR_NONE. */
/*@ requires \valid_read(m);
    assigns \nothing;
*/
static uint16_t duplicate(const sipr_msg *m)
{
    /* (Reply-To §20.31, Refer-To RFC 3515 §2.4.1, Referred-By RFC 3892 §3:
       one value each; and the headers whose value is not a comma list, which
       §7.3.1 allows once: Content-Disposition §20.11, Priority §20.26,
       MIME-Version §20.24, Event and Subscription-State RFC 6665 §8.4,
       Session-Expires and Min-SE RFC 4028 §4 and §5, RSeq RFC 3262 §7.1,
       Privacy RFC 3323 §4.2, Subject §20.36, Organization §20.25,
       Retry-After §20.33, RAck RFC 3262 §7.2, Timestamp §20.38, Server §20.35
       and User-Agent §20.41, whose server-vals are separated by LWS) */
    static const uint16_t single[29] = {
        SIPR_H_FROM, SIPR_H_TO, SIPR_H_CALL_ID, SIPR_H_CSEQ, SIPR_H_MAX_FORWARDS,
        SIPR_H_CONTENT_LENGTH, SIPR_H_CONTENT_TYPE, SIPR_H_DATE, SIPR_H_EXPIRES,
        SIPR_H_MIN_EXPIRES, SIPR_H_REPLY_TO, SIPR_H_REFER_TO, SIPR_H_REFERRED_BY,
        SIPR_H_CONTENT_DISPOSITION, SIPR_H_PRIORITY, SIPR_H_MIME_VERSION, SIPR_H_EVENT,
        SIPR_H_SUBSCRIPTION_STATE, SIPR_H_SESSION_EXPIRES, SIPR_H_MIN_SE, SIPR_H_RSEQ,
        SIPR_H_PRIVACY, SIPR_H_SUBJECT, SIPR_H_ORGANIZATION, SIPR_H_RETRY_AFTER, SIPR_H_RACK,
        SIPR_H_TIMESTAMP, SIPR_H_SERVER, SIPR_H_USER_AGENT};
    int k;
    /*@ loop invariant 0 <= k <= 29;
        loop assigns k;
        loop variant 29 - k; */
    for (k = 0; k < 29; k++) {
        const uint16_t kind = single[k];
        uint16_t f;
        if (kind >= SIPR_H__COUNT)
            continue;
        f = m->first[kind];
        if (f < SIPR_MAX_HEADERS && f != m->last[kind])
            return m->headers[f].next;
    }
    return SIPR_NONE;
}

/* the offset of header line h's name, or 0 */
/*@ requires \valid_read(m);
    assigns \nothing;
*/
static uint32_t line_off(const sipr_msg *m, uint16_t h)
{
    return h < SIPR_MAX_HEADERS ? m->headers[h].name.off : 0u;
}

/* The checks of malformed-message kind (RFC 4475 §3.1.2). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires len <= SIPR_MAX_MSG_LEN;
    requires SPAN_IN(m->method, len) && SPAN_IN(m->cseq_method, len) && SPAN_IN(m->body, len);
    requires SPAN_IN(m->version, len);
    assigns \nothing;
    ensures \result.off <= len;
*/
static sipr_verdict check_form(const char *buf, size_t len, const sipr_msg *m)
{
    const int request = (m->type == SIPR_MSG_REQUEST);
    /* §7.1 and §21.5.6: this implementation speaks SIP/2.0 only */
    if (!sipr_span_ieq(buf, len, m->version, "SIP/2.0", 7))
        return verdict(SIPR_V_BAD_VERSION, 505, 1, m->version.off, len);
    /* §8.1.1.5: the CSeq method matches the request method */
    if (request && m->first[SIPR_H_CSEQ] != SIPR_NONE &&
        !sipr_span_eq(buf, len, m->cseq_method, m->method))
        return verdict(SIPR_V_CSEQ_METHOD_MISMATCH, 400, 1, m->cseq_method.off, len);
    /* §18.3: a Content-Length beyond the end of the message */
    if (m->has_content_length && m->content_length > m->body.len)
        return verdict(SIPR_V_CONTENT_LENGTH_MISMATCH, 400, 1,
                       line_off(m, m->first[SIPR_H_CONTENT_LENGTH]), len);
    return verdict(SIPR_V_OK, 0, 0, 0, len);
}

/* The mandatory and single-valued headers (§8.1.1, §7.3.1, §20). */
/*@ requires \valid_read(m);
    assigns \nothing;
    ensures \result.off <= len;
*/
static sipr_verdict check_headers(size_t len, const sipr_msg *m)
{
    uint16_t d;
    if (m->first[SIPR_H_VIA] == SIPR_NONE)
        return verdict(SIPR_V_MISSING_VIA, 400, 0, 0, len);
    if (m->first[SIPR_H_TO] == SIPR_NONE)
        return verdict(SIPR_V_MISSING_TO, 400, 0, 0, len);
    if (m->first[SIPR_H_FROM] == SIPR_NONE)
        return verdict(SIPR_V_MISSING_FROM, 400, 0, 0, len);
    if (m->first[SIPR_H_CALL_ID] == SIPR_NONE)
        return verdict(SIPR_V_MISSING_CALL_ID, 400, 0, 0, len);
    if (m->first[SIPR_H_CSEQ] == SIPR_NONE)
        return verdict(SIPR_V_MISSING_CSEQ, 400, 0, 0, len);
    d = duplicate(m);
    if (d != SIPR_NONE)
        return verdict(SIPR_V_DUPLICATE_HEADER, 400, 0, line_off(m, d), len);
    return verdict(SIPR_V_OK, 0, 0, 0, len);
}

/* The checks that depend on the element (RFC 4475 §3.3). (No post-condition
   on the offset: with one return path per check, proving it here costs Qed
   minutes; sipr_validate bounds the offset instead.) */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    requires len <= SIPR_MAX_MSG_LEN;
    requires SPAN_IN(m->method, len) && SPAN_IN(m->body, len);
    requires PROFILE_OK(p);
    assigns \nothing;
*/
static sipr_verdict check_element(const char *buf, size_t len, const sipr_msg *m,
                                  const sipr_profile *p)
{
    const int request = (m->type == SIPR_MSG_REQUEST);
    const int proxy = (p->role == SIPR_ROLE_PROXY);
    const sipr_via *top = &m->vias[0];
    uint16_t k;

    /* §8.1.1.7: a branch that is only the magic cookie identifies nothing
       (RFC 4475 §3.2.1, badbranch) */
    if (m->n_vias > 0 && SPAN_IN(top->branch, len) &&
        sipr_span_eq_lit(buf, len, top->branch, "z9hG4bK", 7))
        return verdict(SIPR_V_BARE_BRANCH_COOKIE, 400, 0, top->branch.off, len);
    if (!request)
        return verdict(SIPR_V_OK, 0, 0, 0, len);
    /* §8.2.2.1, §16.3 item 2: the Request-URI scheme */
    if (SPAN_IN(m->ruri.scheme_name, len) &&
        !in_list(buf, len, m->ruri.scheme_name, p->schemes, p->n_schemes))
        return verdict(SIPR_V_UNSUPPORTED_SCHEME, 416, 0, m->ruri.scheme_name.off, len);
    /* §10.2, §10.3: the To of a registration is an address-of-record, a SIP
       or SIPS URI; a registrar answers 400 (RFC 4475 §3.3.4, unksm2). A
       proxy forwards it like any request. */
    if (!proxy && sipr_span_eq_lit(buf, len, m->method, "REGISTER", 8) &&
        m->to.uri.scheme != SIPR_URI_SIP && m->to.uri.scheme != SIPR_URI_SIPS)
        return verdict(SIPR_V_BAD_ADDRESS_OF_RECORD, 400, 0, m->to.uri_text.off, len);
    /* §16.3 item 3: a proxy does not forward a request with Max-Forwards 0
       (RFC 4475 §3.3.11, zeromf: 483; an OPTIONS it may instead answer) */
    if (proxy && m->has_max_forwards && m->max_forwards == 0)
        return verdict(SIPR_V_TOO_MANY_HOPS, 483, 0, line_off(m, m->first[SIPR_H_MAX_FORWARDS]),
                       len);
    /* §8.2.2.3 (not for ACK and CANCEL), §16.3 item 4: required extensions */
    if (!sipr_span_eq_lit(buf, len, m->method, "ACK", 3) &&
        !sipr_span_eq_lit(buf, len, m->method, "CANCEL", 6)) {
        k = first_unknown(buf, len, m, proxy ? SIPR_H_PROXY_REQUIRE : SIPR_H_REQUIRE, p->options,
                          p->n_options, 0);
        if (k < SIPR_MAX_ITEMS)
            return verdict(SIPR_V_BAD_EXTENSION, 420, 0, m->items[k].value.off, len);
    }
    if (proxy)
        return verdict(SIPR_V_OK, 0, 0, 0, len);
    /* §8.2.3, §20.15: the body type */
    if (m->body.len > 0) {
        if (m->first[SIPR_H_CONTENT_TYPE] == SIPR_NONE)
            return verdict(SIPR_V_MISSING_CONTENT_TYPE, 400, 0, m->body.off, len);
        k = first_unknown(buf, len, m, SIPR_H_CONTENT_TYPE, p->types, p->n_types, 1);
        if (k < SIPR_MAX_ITEMS)
            return verdict(SIPR_V_UNSUPPORTED_MEDIA, 415, 0, m->items[k].value.off, len);
    }
    /* §21.4.7: an INVITE whose Accept allows no type this UAS answers with
       (RFC 4475 §3.3.15, sdp01) */
    if (sipr_span_eq_lit(buf, len, m->method, "INVITE", 6) &&
        !accept_ok(buf, len, m, p->types, p->n_types))
        return verdict(SIPR_V_NOT_ACCEPTABLE, 406, 0,
                       line_off(m, m->first[SIPR_H_ACCEPT]), len);
    return verdict(SIPR_V_OK, 0, 0, 0, len);
}

/* §17.2.3: the top Via's branch is the magic cookie and an identifier */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(m);
    assigns \nothing;
*/
static uint8_t rfc2543_matching(const char *buf, size_t len, const sipr_msg *m)
{
    sipr_span b;
    if (m->n_vias == 0)
        return 1;
    b = m->vias[0].branch;
    /* a branch that is only the cookie identifies no transaction either */
    if (!SPAN_IN(b, len) || b.len <= 7)
        return 1;
    b.len = 7;
    return !sipr_span_eq_lit(buf, len, b, "z9hG4bK", 7);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires len <= SIPR_MAX_MSG_LEN;
    requires p == \null || PROFILE_OK(p);
    assigns \nothing;
    ensures \result.code == SIPR_V_OK <==> \result.response == 0;
    ensures \result.off <= len;
*/
sipr_verdict sipr_validate(const char *buf, size_t len, const sipr_msg *m, const sipr_profile *p)
{
    sipr_verdict v;
    const sipr_profile *prof = p ? p : sipr_profile_default();

    if (m->err != SIPR_OK || m->len != len || m->type == SIPR_MSG_NONE ||
        !SPAN_IN(m->method, len) || !SPAN_IN(m->cseq_method, len) || !SPAN_IN(m->body, len) ||
        !SPAN_IN(m->version, len))
        return verdict(SIPR_V_NOT_PARSED, 400, 1, 0, len);
    v = check_form(buf, len, m);
    if (v.code == SIPR_V_OK)
        v = check_headers(len, m);
    if (v.code == SIPR_V_OK)
        v = check_element(buf, len, m, prof);
    v.rfc2543 = rfc2543_matching(buf, len, m);
    if (v.off > len)
        v.off = (uint32_t)len;
    if (v.code == SIPR_V_OK)
        v.response = 0;
    else if (v.response == 0)
        v.response = 400;
    return v;
}
