/* sipr_parse: the message machine frames the message, then each known header
 * value is handed to its own scanner (DESIGN.md "keep the machines small"). */
#include "sipr_internal.h"

/*@ assigns \nothing;
    ensures \result.max_msg_len == 65535 && \result.max_headers == SIPR_MAX_HEADERS;
    ensures \result.max_vias == SIPR_MAX_VIAS && \result.max_contacts == SIPR_MAX_CONTACTS;
    ensures \result.max_params == SIPR_MAX_PARAMS && \result.max_items == SIPR_MAX_ITEMS;
    ensures \result.lenient == 0 && \result.max_addrs == SIPR_MAX_ADDRS;
*/
sipr_limits sipr_limits_default(void)
{
    sipr_limits l;
    l.max_msg_len = SIPR_DEFAULT_MSG_LEN;
    l.max_headers = SIPR_MAX_HEADERS;
    l.max_vias = SIPR_MAX_VIAS;
    l.max_contacts = SIPR_MAX_CONTACTS;
    l.max_params = SIPR_MAX_PARAMS;
    l.max_items = SIPR_MAX_ITEMS;
    l.lenient = 0; /* strict */
    l.max_addrs = SIPR_MAX_ADDRS;
    return l;
}

/* The records of a message, empty. A function of its own so that the proof
   goals of these large stores have nothing else in their context. */
/*@ requires \valid(m);
    assigns m->ruri, m->from, m->to;
*/
static void reset_records(sipr_msg *m)
{
    const sipr_uri no_uri = URI_INIT;
    const sipr_name_addr no_addr = NA_INIT(SIPR_NONE);
    m->ruri = no_uri;
    m->from = no_addr;
    m->to = no_addr;
}

/*@ requires \valid(m);
    assigns m->len, m->type, m->contact_star, m->has_max_forwards, m->has_content_length,
            m->status_code, m->err, m->err_off, m->method, m->request_uri, m->ruri, m->version,
            m->status_text, m->reason, m->from, m->to, m->call_id, m->cseq_number,
            m->cseq_method, m->max_forwards, m->content_length, m->body, m->n_headers,
            m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1], m->n_vias,
            m->n_contacts, m->n_params, m->n_items, m->has_expires, m->has_min_expires,
            m->expires, m->min_expires, m->lenient_used, m->lenient_off, m->n_addrs;
    ensures m->err_off == 0 && m->n_headers == 0 && m->n_vias == 0 && m->n_contacts == 0;
    ensures m->n_params == 0 && m->n_items == 0 && m->n_addrs == 0;
    ensures m->lenient_used == 0 && m->lenient_off == 0;
*/
static void reset(sipr_msg *m)
{
    int k;
    /* the index first: here the context of its goals is only \valid(m) */
    /*@ loop invariant 0 <= k <= SIPR_H__COUNT;
        loop assigns k, m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1];
        loop variant SIPR_H__COUNT - k; */
    for (k = 0; k < SIPR_H__COUNT; k++) {
        m->first[k] = SIPR_NONE;
        m->last[k] = SIPR_NONE;
    }
    m->len = 0;
    m->type = SIPR_MSG_NONE;
    m->contact_star = 0;
    m->has_max_forwards = 0;
    m->has_content_length = 0;
    m->status_code = 0;
    m->err = SIPR_OK;
    m->err_off = 0;
    m->lenient_used = 0;
    m->lenient_off = 0;
    m->method = SPAN_NONE;
    m->request_uri = SPAN_NONE;
    m->version = SPAN_NONE;
    m->status_text = SPAN_NONE;
    m->reason = SPAN_NONE;
    m->call_id = SPAN_NONE;
    m->cseq_number = 0;
    m->cseq_method = SPAN_NONE;
    m->max_forwards = 0;
    m->content_length = 0;
    m->body = SPAN_NONE;
    m->n_headers = 0;
    m->n_vias = 0;
    m->n_contacts = 0;
    m->n_params = 0;
    m->n_items = 0;
    m->n_addrs = 0;
    m->has_expires = 0;
    m->has_min_expires = 0;
    m->expires = 0;
    m->min_expires = 0;
    reset_records(m); /* last: its large stores stay out of the goals above */
}

/*@ requires \valid(m);
    requires limits == \null || \valid_read(limits);
    assigns *m;
    ensures \result == SIPR_OK ==> LIMITS_OK(m) && m->limits.lenient <= SIPR_LENIENT_ALL;
    ensures \result == SIPR_OK || \result == SIPR_E_ARG;
*/
sipr_status sipr_msg_init(sipr_msg *m, const sipr_limits *limits)
{
    sipr_limits l = limits ? *limits : sipr_limits_default();
    reset(m);
    /* SIPR_LENIENT_ALL is 2^k - 1: a value above it has an unknown bit */
    if (l.max_msg_len > SIPR_MAX_MSG_LEN || l.max_headers > SIPR_MAX_HEADERS ||
        l.max_vias > SIPR_MAX_VIAS || l.max_contacts > SIPR_MAX_CONTACTS ||
        l.max_params > SIPR_MAX_PARAMS || l.max_items > SIPR_MAX_ITEMS ||
        l.max_addrs > SIPR_MAX_ADDRS || l.lenient > SIPR_LENIENT_ALL) {
        m->limits = sipr_limits_default();
        m->err = SIPR_E_ARG;
        return SIPR_E_ARG;
    }
    m->limits = l;
    return SIPR_OK;
}

/* A number-valued header (Max-Forwards, Content-Length: 1*DIGIT). The value
   is returned, not stored through a pointer into msg, so that the caller's
   proof need not separate that pointer from the rest of msg. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires SPAN_IN(v, len);
    requires \valid(m);
    assigns m->err_off;
*/
static sipr_u32_result scan_number(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                                   uint32_t max, sipr_status err)
{
    const sipr_u32_result r = sipr_u32(buf, len, v, max, err);
    if (r.st != SIPR_OK)
        m->err_off = r.off;
    return r;
}

/* The Request-URI, checked by the URI scanner. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && \separated(buf + (0 .. len - 1), m);
    requires LIMITS_OK(m);
    assigns m->ruri, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
*/
static sipr_status scan_request_uri(const char *buf, size_t len, sipr_msg *m)
{
    sipr_uri u;
    sipr_status st;
    const sipr_span v = m->request_uri;
    if (v.len == 0)
        return SIPR_OK;
    if (!SPAN_IN(v, len))
        return SIPR_E_INTERNAL;
    st = sipr_scan_uri(buf, len, v, m, &u, SIPR_E_REQUEST_URI);
    if (st != SIPR_OK)
        return st;
    if (u.headers.count != 0) {
        /* §19.1.1: headers are not allowed in a Request-URI (RFC 4475
           §3.1.2.11, escruri); the error names the '?' */
        uint32_t off = v.off;
        if (u.headers.first < SIPR_MAX_PARAMS && m->params[u.headers.first].name.off > v.off)
            off = m->params[u.headers.first].name.off - 1u;
        m->err_off = off;
        return SIPR_E_REQUEST_URI;
    }
    m->ruri = u;
    return SIPR_OK;
}

/* Content-Type: exactly one media-type (§20.15). */
/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->items[0 .. SIPR_MAX_ITEMS - 1],
            m->n_items, m->err_off;
*/
static sipr_status scan_content_type(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                                     uint16_t hdr)
{
    const uint16_t before = m->n_items;
    const sipr_status st = sipr_scan_media(buf, len, v, m, hdr);
    if (st != SIPR_OK)
        return st;
    if (m->n_items > before + 1u) {
        /* a second entry: the error names its first byte */
        uint32_t off = v.off;
        if (before + 1u < SIPR_MAX_ITEMS)
            off = m->items[before + 1u].value.off;
        m->err_off = off;
        return SIPR_E_MEDIA_TYPE;
    }
    return SIPR_OK;
}

/* The value of a header the grammar does not know: TEXT-UTF8char and LWS
   only (§25.1 extension-header), so no control byte outside a fold. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires SPAN_IN(v, len);
    requires \valid(m);
    assigns m->err_off;
*/
static sipr_status scan_text(const char *buf, size_t len, sipr_span v, sipr_msg *m)
{
    const uint32_t at = sipr_first_ctl(buf, len, v);
    if (at < v.off + v.len) {
        m->err_off = at;
        return SIPR_E_HEADER_VALUE;
    }
    return SIPR_OK;
}

/* LIMITS_OK(m), read again. The scanners that scan_values calls leave
   m->limits alone (their assigns say so), but carrying LIMITS_OK(m) as a loop
   invariant through every one of those calls takes cvc4 more than two
   minutes a goal; checking it costs seven comparisons per header line. */
/*@ requires \valid_read(m);
    assigns \nothing;
    ensures \result != 0 <==> LIMITS_OK(m);
*/
static int limits_ok(const sipr_msg *m)
{
    return m->limits.max_headers <= SIPR_MAX_HEADERS && m->limits.max_vias <= SIPR_MAX_VIAS &&
           m->limits.max_contacts <= SIPR_MAX_CONTACTS && m->limits.max_params <= SIPR_MAX_PARAMS &&
           m->limits.max_items <= SIPR_MAX_ITEMS && m->limits.max_msg_len <= SIPR_MAX_MSG_LEN &&
           m->limits.max_addrs <= SIPR_MAX_ADDRS;
}

/* What the ABNF of a header kept in m->addrs asks beyond
   ( name-addr / addr-spec ) *( SEMI generic-param ) *( COMMA ... )
   (grammar/addrs.rl, SIPR_ADDRS_* in sipr_internal.h). */
/*@ assigns \nothing;
    ensures \result <= (SIPR_ADDRS_ANGLE | SIPR_ADDRS_NO_DISPLAY | SIPR_ADDRS_ONE);
*/
static uint32_t addrs_mode(uint16_t kind)
{
    switch (kind) {
    /* route-param, path-value, sr-value: name-addr *( SEMI rr-param ) */
    case SIPR_H_ROUTE:
    case SIPR_H_RECORD_ROUTE:
    case SIPR_H_PATH:
    case SIPR_H_SERVICE_ROUTE:
        return SIPR_ADDRS_ANGLE;
    /* rplyto-spec, Refer-To, Referred-By: one ( name-addr / addr-spec ) */
    case SIPR_H_REPLY_TO:
    case SIPR_H_REFER_TO:
    case SIPR_H_REFERRED_BY:
        return SIPR_ADDRS_ONE;
    /* alert-param, info, error-uri: LAQUOT absoluteURI RAQUOT */
    case SIPR_H_ALERT_INFO:
    case SIPR_H_CALL_INFO:
    case SIPR_H_ERROR_INFO:
        return SIPR_ADDRS_ANGLE | SIPR_ADDRS_NO_DISPLAY;
    /* PAssertedID-value, PPreferredID-value: name-addr / addr-spec */
    default:
        return 0u;
    }
}

/* The rule of a header kept in m->items by grammar/tparams.rl (SIPR_TP_* in
   sipr_internal.h); 0, which no branch of the grammar takes, for any other
   kind. */
/*@ assigns \nothing;
    ensures \result <= SIPR_TP_PRODUCTS;
*/
static uint8_t tparams_form(uint16_t kind)
{
    switch (kind) {
    case SIPR_H_ACCEPT_ENCODING: return SIPR_TP_CODINGS;
    case SIPR_H_ACCEPT_LANGUAGE: return SIPR_TP_LANGUAGES;
    case SIPR_H_CONTENT_LANGUAGE: return SIPR_TP_LANGUAGE_TAGS;
    case SIPR_H_CONTENT_DISPOSITION:
    case SIPR_H_SUBSCRIPTION_STATE: return SIPR_TP_TOKEN_PARAMS;
    case SIPR_H_PRIORITY: return SIPR_TP_TOKEN;
    case SIPR_H_EVENT: return SIPR_TP_EVENT;
    case SIPR_H_REASON: return SIPR_TP_REASONS;
    case SIPR_H_SESSION_EXPIRES:
    case SIPR_H_MIN_SE: return SIPR_TP_DELTA_PARAMS;
    case SIPR_H_MIME_VERSION: return SIPR_TP_VERSION;
    case SIPR_H_RSEQ: return SIPR_TP_NUMBER;
    case SIPR_H_IN_REPLY_TO: return SIPR_TP_CALLIDS;
    case SIPR_H_PRIVACY: return SIPR_TP_PRIVACY;
    case SIPR_H_SUBJECT:
    case SIPR_H_ORGANIZATION: return SIPR_TP_TEXT;
    case SIPR_H_RETRY_AFTER: return SIPR_TP_RETRY;
    case SIPR_H_RACK: return SIPR_TP_RACK;
    case SIPR_H_TIMESTAMP: return SIPR_TP_TIMESTAMP;
    case SIPR_H_WARNING: return SIPR_TP_WARNINGS;
    case SIPR_H_SERVER:
    case SIPR_H_USER_AGENT: return SIPR_TP_PRODUCTS;
    default: return 0u;
    }
}

/* Each header value recorded by the message machine, by its own scanner. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && \separated(buf + (0 .. len - 1), m);
    requires LIMITS_OK(m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias,
            m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->contact_star,
            m->from, m->to, m->call_id, m->cseq_number, m->cseq_method,
            m->max_forwards, m->has_max_forwards, m->content_length,
            m->has_content_length, m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items,
            m->expires, m->has_expires, m->min_expires, m->has_min_expires, m->err_off,
            m->addrs[0 .. SIPR_MAX_ADDRS - 1], m->n_addrs;
*/
static sipr_status scan_values(const char *buf, size_t len, sipr_msg *m)
{
    uint16_t k;
    const uint16_t n = m->n_headers;
    if (n > SIPR_MAX_HEADERS)
        return SIPR_E_INTERNAL;
    /*@ loop invariant 0 <= k <= n && n <= SIPR_MAX_HEADERS;
        loop assigns k, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias,
                     m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->contact_star,
                     m->from, m->to, m->call_id, m->cseq_number, m->cseq_method,
                     m->max_forwards, m->has_max_forwards, m->content_length,
                     m->has_content_length, m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items,
                     m->expires, m->has_expires, m->min_expires, m->has_min_expires, m->err_off,
                     m->addrs[0 .. SIPR_MAX_ADDRS - 1], m->n_addrs;
        loop variant n - k; */
    for (k = 0; k < n; k++) {
        const sipr_span v = m->headers[k].value;
        const uint16_t kind = m->headers[k].kind;
        sipr_status st = SIPR_OK;
        int first;
        /* what the message machine recorded is checked where it is used */
        if (!SPAN_IN(v, len) || kind >= SIPR_H__COUNT || !limits_ok(m))
            return SIPR_E_INTERNAL;
        first = (m->first[kind] == k);
        switch (kind) {
        case SIPR_H_VIA:
            st = sipr_scan_via(buf, len, v, m, k);
            break;
        case SIPR_H_CONTACT:
            st = sipr_scan_contact(buf, len, v, m, k);
            break;
        /* single-valued headers: the first instance is the one recorded
           (duplicates are a semantic matter) */
        case SIPR_H_FROM:
            if (first)
                st = sipr_scan_name_addr(buf, len, v, m, 0, k, SIPR_E_FROM);
            break;
        case SIPR_H_TO:
            if (first)
                st = sipr_scan_name_addr(buf, len, v, m, 1, k, SIPR_E_TO);
            break;
        case SIPR_H_CALL_ID:
            if (first)
                st = sipr_scan_call_id(buf, len, v, m);
            break;
        case SIPR_H_CSEQ:
            if (first)
                st = sipr_scan_cseq(buf, len, v, m);
            break;
        case SIPR_H_MAX_FORWARDS:
            if (first) {
                /* §20.22: a value of 0 to 255 (RFC 4475 §3.1.2.4, scalar02) */
                const sipr_u32_result r = scan_number(buf, len, v, m, 255u, SIPR_E_MAX_FORWARDS);
                st = r.st;
                m->max_forwards = r.val;
                m->has_max_forwards = (st == SIPR_OK);
            }
            break;
        case SIPR_H_CONTENT_LENGTH:
            if (first) {
                const sipr_u32_result r =
                    scan_number(buf, len, v, m, 0xFFFFFFFFu, SIPR_E_CONTENT_LENGTH);
                st = r.st;
                m->content_length = r.val;
                m->has_content_length = (st == SIPR_OK);
            }
            break;
        case SIPR_H_EXPIRES:
            if (first) {
                const sipr_u32_result r = scan_number(buf, len, v, m, 0xFFFFFFFFu, SIPR_E_EXPIRES);
                st = r.st;
                m->expires = r.val;
                m->has_expires = (st == SIPR_OK);
            }
            break;
        case SIPR_H_MIN_EXPIRES:
            if (first) {
                const sipr_u32_result r = scan_number(buf, len, v, m, 0xFFFFFFFFu, SIPR_E_EXPIRES);
                st = r.st;
                m->min_expires = r.val;
                m->has_min_expires = (st == SIPR_OK);
            }
            break;
        case SIPR_H_CONTENT_TYPE:
            if (first)
                st = scan_content_type(buf, len, v, m, k);
            break;
        case SIPR_H_DATE:
            if (first)
                st = sipr_scan_date(buf, len, v, m);
            break;
        /* lists that may be empty (§20.1, §20.5, §20.37) */
        case SIPR_H_ACCEPT:
            if (v.len != 0)
                st = sipr_scan_media(buf, len, v, m, k);
            break;
        case SIPR_H_SUPPORTED:
        case SIPR_H_ALLOW:
            if (v.len != 0)
                st = sipr_scan_token_list(buf, len, v, m, k);
            break;
        case SIPR_H_REQUIRE:
        case SIPR_H_PROXY_REQUIRE:
        case SIPR_H_UNSUPPORTED:
        case SIPR_H_CONTENT_ENCODING:
        case SIPR_H_ALLOW_EVENTS:
            st = sipr_scan_token_list(buf, len, v, m, k);
            break;
        /* name-addr headers into m->addrs: every line (one call site, so
           that this loop's proof carries one more scanner call, not four) */
        case SIPR_H_ROUTE:
        case SIPR_H_RECORD_ROUTE:
        case SIPR_H_PATH:
        case SIPR_H_SERVICE_ROUTE:
        case SIPR_H_P_ASSERTED_IDENTITY:
        case SIPR_H_P_PREFERRED_IDENTITY:
        case SIPR_H_REPLY_TO:
        case SIPR_H_REFER_TO:
        case SIPR_H_REFERRED_BY:
        case SIPR_H_ALERT_INFO:
        case SIPR_H_CALL_INFO:
        case SIPR_H_ERROR_INFO:
            st = sipr_scan_addrs(buf, len, v, m, k, addrs_mode(kind));
            break;
        /* entries with parameters into m->items: every line, the one-value
           headers too (a second line is sipr_validate's to judge); one call
           site, as for the name-addr headers */
        case SIPR_H_ACCEPT_ENCODING:
        case SIPR_H_ACCEPT_LANGUAGE:
        case SIPR_H_CONTENT_LANGUAGE:
        case SIPR_H_CONTENT_DISPOSITION:
        case SIPR_H_PRIORITY:
        case SIPR_H_EVENT:
        case SIPR_H_SUBSCRIPTION_STATE:
        case SIPR_H_REASON:
        case SIPR_H_SESSION_EXPIRES:
        case SIPR_H_MIN_SE:
        case SIPR_H_MIME_VERSION:
        case SIPR_H_RSEQ:
        case SIPR_H_IN_REPLY_TO:
        case SIPR_H_PRIVACY:
        case SIPR_H_SUBJECT:
        case SIPR_H_ORGANIZATION:
        case SIPR_H_RETRY_AFTER:
        case SIPR_H_RACK:
        case SIPR_H_TIMESTAMP:
        case SIPR_H_WARNING:
        case SIPR_H_SERVER:
        case SIPR_H_USER_AGENT:
            st = sipr_scan_tparams(buf, len, v, m, k, tparams_form(kind));
            break;
        /* challenge and credentials, and Authentication-Info, into m->items
           (grammar/auth.rl): every line */
        case SIPR_H_WWW_AUTHENTICATE:
        case SIPR_H_PROXY_AUTHENTICATE:
        case SIPR_H_AUTHORIZATION:
        case SIPR_H_PROXY_AUTHORIZATION:
        case SIPR_H_AUTHENTICATION_INFO:
            st = sipr_scan_auth(buf, len, v, m, k,
                                kind == SIPR_H_AUTHENTICATION_INFO ? SIPR_AU_AINFO : SIPR_AU_PARAMS);
            break;
        default:
            st = scan_text(buf, len, v, m);
            break;
        }
        if (st != SIPR_OK)
            return st;
    }
    return SIPR_OK;
}

/* Frame the message, then check the Request-URI and every header value. If
   framing fails at byte F, the Request-URI and the lines before F are still
   checked, so that the error reported is the earliest one: their bytes all
   come before F. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && 0 < len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && \separated(buf + (0 .. len - 1), m);
    requires LIMITS_OK(m);
    assigns m->method, m->request_uri, m->ruri, m->version, m->status_text, m->status_code,
            m->reason, m->type, m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers,
            m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1], m->body,
            m->err_off, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias,
            m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->contact_star,
            m->from, m->to, m->call_id, m->cseq_number, m->cseq_method,
            m->max_forwards, m->has_max_forwards, m->content_length, m->has_content_length,
            m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items, m->expires, m->has_expires,
            m->min_expires, m->has_min_expires, m->lenient_used, m->lenient_off,
            m->addrs[0 .. SIPR_MAX_ADDRS - 1], m->n_addrs;
    ensures m->lenient_off <= len;
*/
static sipr_status parse_steps(const char *buf, size_t len, sipr_msg *m)
{
    sipr_status st;
    const sipr_status frame = sipr_scan_message(buf, len, m);
    const uint32_t frame_off = m->err_off;
    st = scan_request_uri(buf, len, m);
    if (st != SIPR_OK)
        return st;
    st = scan_values(buf, len, m);
    if (st != SIPR_OK)
        return st;
    if (frame != SIPR_OK) {
        m->err_off = frame_off;
        return frame;
    }
    /* §18.3: octets after Content-Length octets of body are not part of the
       message (RFC 4475 §3.1.1.8, dblreq); a Content-Length beyond the end
       is sipr_validate's to report */
    if (m->has_content_length && m->content_length < m->body.len)
        m->body.len = m->content_length;
    return SIPR_OK;
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid(m);
    requires \separated(buf + (0 .. len - 1), m);
    assigns *m;
    ensures m->err == \result;
    ensures \result == SIPR_OK ==> MSG_OK(m, len) && m->len == len;
    ensures \result == SIPR_OK ==> m->lenient_off <= len;
    ensures \result != SIPR_OK ==> m->err_off <= len;
*/
sipr_status sipr_parse(const char *buf, size_t len, sipr_msg *m)
{
    sipr_status st;
    const sipr_limits lim = m->limits;

    reset(m);
    if (lim.max_msg_len > SIPR_MAX_MSG_LEN || lim.max_headers > SIPR_MAX_HEADERS ||
        lim.max_vias > SIPR_MAX_VIAS || lim.max_contacts > SIPR_MAX_CONTACTS ||
        lim.max_params > SIPR_MAX_PARAMS || lim.max_items > SIPR_MAX_ITEMS ||
        lim.max_addrs > SIPR_MAX_ADDRS || lim.lenient > SIPR_LENIENT_ALL) {
        m->err_off = 0;
        m->err = SIPR_E_ARG;
        return SIPR_E_ARG;
    }
    if (len == 0) {
        m->err_off = 0;
        m->err = SIPR_E_EMPTY;
        return SIPR_E_EMPTY;
    }
    if (len > lim.max_msg_len) {
        m->err_off = lim.max_msg_len;
        m->err = SIPR_E_TOO_LONG;
        return SIPR_E_TOO_LONG;
    }
    m->len = (uint32_t)len;
    st = parse_steps(buf, len, m);
    if (st != SIPR_OK) {
        /* The scanners record the offset of the offending byte, which is at
           most len (the tests and the fuzz harness check it); the bound is
           enforced here so that it is a property of this function alone. */
        uint32_t off = m->err_off;
        if (off > len)
            off = (uint32_t)len;
        m->err_off = off;
        m->err = st;
        return st;
    }
    m->err_off = 0;
    m->err = SIPR_OK;
    if (sipr_msg_check(m, len))
        return SIPR_OK;
    m->err_off = 0;
    m->err = SIPR_E_INTERNAL;
    return SIPR_E_INTERNAL;
}
