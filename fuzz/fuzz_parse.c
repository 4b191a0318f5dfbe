/* siprove: fuzz harness for sipr_parse / sipr_validate.
 *
 * One file, three drivers:
 *   - AFL++ persistent mode, when built with afl-clang-fast / afl-clang-lto
 *     (they define __AFL_FUZZ_TESTCASE_LEN):
 *       afl-clang-fast -g -O1 -fsanitize=address,undefined -Isrc \
 *           fuzz/fuzz_parse.c build/<sanitized lib objects> -o build/fuzz/fuzz_parse
 *       afl-fuzz -i fuzz/seeds/parse -o build/fuzz/out -x fuzz/parse.dict -- build/fuzz/fuzz_parse
 *   - libFuzzer (LLVMFuzzerTestOneInput is always defined; define
 *     SIPR_LIBFUZZER so that this file does not define main):
 *       clang -g -O1 -fsanitize=fuzzer,address,undefined -DSIPR_LIBFUZZER ...
 *   - otherwise a plain main that replays files given on the command line
 *     (or stdin when there are none), for reproducing crashes.
 *
 * Each input is copied into an exactly-sized heap buffer (ASan then catches
 * any read past the end) and parsed three times: with the default limits,
 * with tiny limits (2 headers, vias, contacts, params), and with some
 * leniency switches on (SIPR_LENIENT_*: a set derived from a hash of the
 * input, every one for a sixteenth of the inputs). The harness abort()s when
 * a result breaks the sipr_parse contract (siprove.h):
 *   - the return is not a valid sipr_status, or msg.err differs from it;
 *   - on error: err_off > len;
 *   - on success: a span outside [0, len), a count above its limit, a header
 *     first/next index out of range or inconsistent with the header kinds, a
 *     Via/Contact/From/To header index out of range, a plist outside
 *     [0, n_params), a body that is not the rest of the datagram;
 *   - monotonicity: a message accepted under the tiny limits must be accepted
 *     under the default limits with the same counts;
 *   - leniency: lenient_used must be a subset of the switches on and
 *     lenient_off <= len; a message accepted strictly must be accepted with
 *     any switches on, with lenient_used == 0 and the same counts, and a
 *     message accepted with lenient_used == 0 must be accepted strictly; a
 *     message accepted with switches on is accepted, with the same counts,
 *     with exactly the switches it used.
 * sipr_validate is called on every result: after a success its verdict must be
 * a valid code with response 0 exactly when it is SIPR_V_OK; after a failure
 * it must be SIPR_V_NOT_PARSED.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

static sipr_msg g_def, g_tiny, g_len, g_used;

#define FUZZ_NAME "fuzz_parse"
#include "fail.h"

static void span_in(sipr_span s, size_t len, const char *what)
{
    if ((uint64_t)s.off + (uint64_t)s.len > (uint64_t)len)
        FAIL("span %s (off %u, len %u) outside [0, %zu)", what, (unsigned)s.off,
             (unsigned)s.len, len);
}

static void plist_in(sipr_plist p, const sipr_msg *m, const char *what)
{
    if ((uint32_t)p.first + (uint32_t)p.count > (uint32_t)m->n_params)
        FAIL("plist %s [%u, +%u) outside n_params %u", what, (unsigned)p.first,
             (unsigned)p.count, (unsigned)m->n_params);
}

static void uri_in(const sipr_uri *u, const sipr_msg *m, size_t len, const char *what)
{
    span_in(u->scheme_name, len, what);
    span_in(u->user, len, what);
    span_in(u->password, len, what);
    span_in(u->host, len, what);
    span_in(u->port_text, len, what);
    span_in(u->opaque, len, what);
    span_in(u->path, len, what);
    span_in(u->query, len, what);
    plist_in(u->params, m, what);
    plist_in(u->headers, m, what);
    if (u->scheme > SIPR_URI_TEL || u->host_kind > SIPR_HOST_IPV6)
        FAIL("uri %s: scheme %u host_kind %u", what, u->scheme, u->host_kind);
}

static void na_in(const sipr_name_addr *a, const sipr_msg *m, size_t len, const char *what,
                  int may_be_absent)
{
    span_in(a->display, len, what);
    span_in(a->uri_text, len, what);
    uri_in(&a->uri, m, len, what);
    span_in(a->tag, len, what);
    span_in(a->expires, len, what);
    span_in(a->q, len, what);
    plist_in(a->params, m, what);
    if (a->header == SIPR_NONE) {
        if (!may_be_absent)
            FAIL("%s: header index is SIPR_NONE", what);
    } else if (a->header >= m->n_headers) {
        FAIL("%s: header index %u >= n_headers %u", what, a->header, m->n_headers);
    }
}

static void check_ok(const char *buf, size_t len, const sipr_msg *m)
{
    const sipr_limits *l = &m->limits;
    unsigned i, k;

    if (m->len != len)
        FAIL("msg.len %u != len %zu", (unsigned)m->len, len);
    if (m->n_headers > l->max_headers || m->n_headers > SIPR_MAX_HEADERS)
        FAIL("n_headers %u over limit %u", m->n_headers, l->max_headers);
    if (m->n_vias > l->max_vias || m->n_vias > SIPR_MAX_VIAS)
        FAIL("n_vias %u over limit %u", m->n_vias, l->max_vias);
    if (m->n_contacts > l->max_contacts || m->n_contacts > SIPR_MAX_CONTACTS)
        FAIL("n_contacts %u over limit %u", m->n_contacts, l->max_contacts);
    if (m->n_params > l->max_params || m->n_params > SIPR_MAX_PARAMS)
        FAIL("n_params %u over limit %u", m->n_params, l->max_params);
    if (m->n_items > l->max_items || m->n_items > SIPR_MAX_ITEMS)
        FAIL("n_items %u over limit %u", m->n_items, l->max_items);
    if (m->n_addrs > l->max_addrs || m->n_addrs > SIPR_MAX_ADDRS)
        FAIL("n_addrs %u over limit %u", m->n_addrs, l->max_addrs);

    if (m->type == SIPR_MSG_REQUEST) {
        if (m->method.len == 0 || m->request_uri.len == 0)
            FAIL("request without method or Request-URI");
    } else if (m->type == SIPR_MSG_RESPONSE) {
        if (m->status_code > 999 || m->status_text.len != 3)
            FAIL("response status %u, status_text len %u", m->status_code,
                 (unsigned)m->status_text.len);
    } else {
        FAIL("type %u", m->type);
    }

    span_in(m->method, len, "method");
    span_in(m->request_uri, len, "request_uri");
    uri_in(&m->ruri, m, len, "ruri");
    span_in(m->version, len, "version");
    span_in(m->status_text, len, "status_text");
    span_in(m->reason, len, "reason");
    na_in(&m->from, m, len, "from", 1);
    na_in(&m->to, m, len, "to", 1);
    span_in(m->call_id, len, "call_id");
    span_in(m->cseq_method, len, "cseq_method");
    span_in(m->body, len, "body");
    /* the body is the rest of the datagram, cut to Content-Length when that is smaller */
    if (m->has_content_length && m->content_length < len - m->body.off) {
        if (m->body.len != m->content_length)
            FAIL("body length %u, Content-Length %u", (unsigned)m->body.len,
                 (unsigned)m->content_length);
    } else if ((uint64_t)m->body.off + m->body.len != len) {
        FAIL("body [%u, +%u) is not the rest of the %zu-byte datagram", (unsigned)m->body.off,
             (unsigned)m->body.len, len);
    }
    for (i = 0; i < m->n_items; i++) {
        const sipr_item *t = &m->items[i];
        unsigned kind;
        span_in(t->value, len, "item value");
        span_in(t->sub, len, "item subtype");
        span_in(t->extra, len, "item extra");
        if ((unsigned)t->params.first + t->params.count > m->n_params)
            FAIL("item %u params beyond the pool", i);
        if (t->header >= m->n_headers)
            FAIL("item %u: header %u >= n_headers %u", i, t->header, m->n_headers);
        kind = m->headers[t->header].kind;
        if ((kind < SIPR_H_CONTENT_TYPE || kind > SIPR_H_ALLOW_EVENTS) &&
            (kind < SIPR_H_ACCEPT_ENCODING || kind > SIPR_H_AUTHENTICATION_INFO))
            FAIL("item %u comes from a header of kind %u", i, kind);
        /* only a text (Subject, Organization) may be empty, and it is the
           whole value of its line; Authentication-Info's value is always
           empty (no scheme), at its line's value, with one parameter at least */
        if (kind == SIPR_H_AUTHENTICATION_INFO) {
            if (t->value.len != 0 || t->value.off != m->headers[t->header].value.off ||
                t->params.count == 0)
                FAIL("item %u: Authentication-Info value [%u, +%u), %u params", i,
                     (unsigned)t->value.off, (unsigned)t->value.len, t->params.count);
        } else if (kind == SIPR_H_SUBJECT || kind == SIPR_H_ORGANIZATION) {
            const sipr_span hv = m->headers[t->header].value;
            if (t->value.off != hv.off || t->value.len != hv.len)
                FAIL("item %u: text [%u, +%u) is not its line's value [%u, +%u)", i,
                     (unsigned)t->value.off, (unsigned)t->value.len, (unsigned)hv.off,
                     (unsigned)hv.len);
        } else if (t->value.len == 0) {
            FAIL("item %u has an empty value", i);
        }
        if (i > 0 && t->header < m->items[i - 1].header)
            FAIL("item %u: header %u before the previous entry's", i, t->header);
        if (t->sub.len != 0 && kind != SIPR_H_CONTENT_TYPE && kind != SIPR_H_ACCEPT &&
            (kind < SIPR_H_RETRY_AFTER || kind > SIPR_H_USER_AGENT))
            FAIL("item %u: a subtype in a header of kind %u", i, kind);
        /* RAck and Warning have all three parts; extra is theirs only */
        if ((kind == SIPR_H_RACK || kind == SIPR_H_WARNING) ? t->sub.len == 0 || t->extra.len == 0
                                                             : t->extra.len != 0)
            FAIL("item %u: sub [%u, +%u), extra [%u, +%u) in a header of kind %u", i,
                 (unsigned)t->sub.off, (unsigned)t->sub.len, (unsigned)t->extra.off,
                 (unsigned)t->extra.len, kind);
        /* a comment is written with its parentheses; a Server or User-Agent
           entry is a comment or a product, and only a product has a version */
        if (kind == SIPR_H_RETRY_AFTER && t->sub.len != 0 &&
            (t->sub.len < 2 || buf[t->sub.off] != '(' || buf[t->sub.off + t->sub.len - 1] != ')'))
            FAIL("item %u: comment [%u, +%u) without its parentheses", i, (unsigned)t->sub.off,
                 (unsigned)t->sub.len);
        if ((kind == SIPR_H_SERVER || kind == SIPR_H_USER_AGENT) && t->value.len != 0 &&
            buf[t->value.off] == '(' &&
            (t->sub.len != 0 || t->value.len < 2 || buf[t->value.off + t->value.len - 1] != ')'))
            FAIL("item %u: comment [%u, +%u) with a version or without its parentheses", i,
                 (unsigned)t->value.off, (unsigned)t->value.len);
        /* grammar/tparams.rl: the headers of one value hold one entry a line,
           the headers without parameters none */
        /* a warn-code is 3 digits, a warn-text a quoted-string */
        if (kind == SIPR_H_WARNING &&
            (t->value.len != 3 || t->extra.len < 2 || buf[t->extra.off] != '"' ||
             buf[t->extra.off + t->extra.len - 1] != '"'))
            FAIL("item %u: warning code [%u, +%u), text [%u, +%u)", i, (unsigned)t->value.off,
                 (unsigned)t->value.len, (unsigned)t->extra.off, (unsigned)t->extra.len);
        /* challenge and credentials: a scheme and one auth-param at least,
           each with a value */
        if (kind >= SIPR_H_WWW_AUTHENTICATE && kind <= SIPR_H_AUTHENTICATION_INFO) {
            unsigned j;
            if (t->params.count == 0)
                FAIL("item %u: an auth header of kind %u without parameters", i, kind);
            for (j = 0; j < t->params.count && t->params.first + j < m->n_params; j++)
                if (m->params[t->params.first + j].value.len == 0)
                    FAIL("item %u: auth-param %u without a value", i, j);
        }
        if (kind >= SIPR_H_ACCEPT_ENCODING && kind <= SIPR_H_AUTHENTICATION_INFO) {
            const int one = kind == SIPR_H_CONTENT_DISPOSITION || kind == SIPR_H_PRIORITY ||
                            kind == SIPR_H_EVENT || kind == SIPR_H_SUBSCRIPTION_STATE ||
                            (kind >= SIPR_H_SESSION_EXPIRES && kind <= SIPR_H_RSEQ) ||
                            (kind >= SIPR_H_SUBJECT && kind <= SIPR_H_TIMESTAMP) ||
                            kind >= SIPR_H_WWW_AUTHENTICATE;
            const int none = kind == SIPR_H_CONTENT_LANGUAGE || kind == SIPR_H_PRIORITY ||
                             (kind >= SIPR_H_MIME_VERSION && kind <= SIPR_H_ORGANIZATION) ||
                             (kind >= SIPR_H_RACK && kind <= SIPR_H_USER_AGENT);
            if (one && i > 0 && m->items[i - 1].header == t->header)
                FAIL("item %u: a second entry on a one-value line of kind %u", i, kind);
            if (none && t->params.count != 0)
                FAIL("item %u: parameters in a header of kind %u", i, kind);
        }
    }

    for (i = 0; i < m->n_headers; i++) {
        const sipr_header *h = &m->headers[i];
        span_in(h->name, len, "header name");
        span_in(h->value, len, "header value");
        if (h->kind >= SIPR_H__COUNT)
            FAIL("header %u: kind %u", i, h->kind);
        if (h->next != SIPR_NONE && (h->next <= i || h->next >= m->n_headers))
            FAIL("header %u: next %u (n_headers %u)", i, h->next, m->n_headers);
        if (h->next != SIPR_NONE && m->headers[h->next].kind != h->kind)
            FAIL("header %u: next %u has another kind", i, h->next);
        /* a Subject or Organization line has its one entry, even empty, and
           so has an authentication header's */
        if (h->kind == SIPR_H_SUBJECT || h->kind == SIPR_H_ORGANIZATION ||
            (h->kind >= SIPR_H_WWW_AUTHENTICATE && h->kind <= SIPR_H_AUTHENTICATION_INFO)) {
            unsigned n = 0, j;
            for (j = 0; j < m->n_items; j++)
                n += m->items[j].header == i;
            if (n != 1)
                FAIL("header %u of kind %u has %u entries", i, h->kind, n);
        }
    }
    /* first[k] and the chains: exactly the lines of kind k, in order */
    for (k = 0; k < SIPR_H__COUNT; k++) {
        unsigned want = 0, got = 0, first = SIPR_NONE;
        for (i = 0; i < m->n_headers; i++)
            if (m->headers[i].kind == k) {
                if (first == SIPR_NONE)
                    first = i;
                want++;
            }
        if (m->first[k] != first)
            FAIL("first[%u] = %u, first line of that kind is %u", k, m->first[k], first);
        for (i = m->first[k]; i != SIPR_NONE; i = m->headers[i].next)
            if (++got > m->n_headers)
                FAIL("chain of kind %u does not end", k);
        if (got != want)
            FAIL("chain of kind %u has %u lines, %u expected", k, got, want);
    }
    if ((m->has_max_forwards != 0) != (m->first[SIPR_H_MAX_FORWARDS] != SIPR_NONE))
        FAIL("has_max_forwards %u but first %u", m->has_max_forwards,
             m->first[SIPR_H_MAX_FORWARDS]);
    if ((m->has_content_length != 0) != (m->first[SIPR_H_CONTENT_LENGTH] != SIPR_NONE))
        FAIL("has_content_length %u but first %u", m->has_content_length,
             m->first[SIPR_H_CONTENT_LENGTH]);

    for (i = 0; i < m->n_vias; i++) {
        const sipr_via *v = &m->vias[i];
        span_in(v->protocol_name, len, "via protocol_name");
        span_in(v->protocol_version, len, "via protocol_version");
        span_in(v->transport, len, "via transport");
        span_in(v->host, len, "via host");
        span_in(v->port_text, len, "via port_text");
        span_in(v->branch, len, "via branch");
        span_in(v->received, len, "via received");
        span_in(v->rport, len, "via rport");
        span_in(v->maddr, len, "via maddr");
        span_in(v->ttl, len, "via ttl");
        plist_in(v->params, m, "via params");
        if (v->host_kind > SIPR_HOST_IPV6)
            FAIL("via %u: host_kind %u", i, v->host_kind);
        if (v->header >= m->n_headers || m->headers[v->header].kind != SIPR_H_VIA)
            FAIL("via %u: header %u is not a Via line", i, v->header);
        if (i > 0 && v->header < m->vias[i - 1].header)
            FAIL("via %u: header %u before the previous via's", i, v->header);
    }
    for (i = 0; i < m->n_contacts; i++) {
        na_in(&m->contacts[i], m, len, "contact", 0);
        if (m->headers[m->contacts[i].header].kind != SIPR_H_CONTACT)
            FAIL("contact %u: header %u is not a Contact line", i, m->contacts[i].header);
    }
    if (m->contact_star && m->n_contacts != 0)
        FAIL("Contact: * with %u contacts", m->n_contacts);
    for (i = 0; i < m->n_addrs; i++) {
        const sipr_name_addr *a = &m->addrs[i];
        unsigned kind;
        na_in(a, m, len, "addr", 0);
        if (a->header >= m->n_headers)
            FAIL("addr %u: header %u out of range", i, a->header);
        kind = m->headers[a->header].kind;
        if (kind < SIPR_H_ROUTE || kind > SIPR_H_ERROR_INFO)
            FAIL("addr %u: header %u is of kind %u", i, a->header, kind);
        if (i > 0 && a->header < m->addrs[i - 1].header)
            FAIL("addr %u: header %u before the previous entry's", i, a->header);
        /* the name-addr form where the header asks for it: "<" before the URI */
        if ((kind <= SIPR_H_SERVICE_ROUTE || kind >= SIPR_H_ALERT_INFO) &&
            (a->uri_text.off == 0 || buf[a->uri_text.off - 1] != '<'))
            FAIL("addr %u: kind %u without angle brackets", i, kind);
        if (kind >= SIPR_H_ALERT_INFO && a->display.len != 0)
            FAIL("addr %u: kind %u with a display-name", i, kind);
        if (kind >= SIPR_H_REPLY_TO && kind <= SIPR_H_REFERRED_BY && i > 0 &&
            m->addrs[i - 1].header == a->header)
            FAIL("addr %u: a second entry on a one-value line", i);
    }
    for (i = 0; i < m->n_params; i++) {
        span_in(m->params[i].name, len, "param name");
        span_in(m->params[i].value, len, "param value");
    }

    {
        /* the default UAS, and a proxy with a few capabilities */
        static const sipr_str opts[] = {{"100rel", 6}, {"timer", 5}};
        static const sipr_str schemes[] = {{"sip", 3}, {"sips", 4}};
        static const sipr_str types[] = {{"application/sdp", 15}, {"text/plain", 10}};
        static const sipr_profile proxy = {SIPR_ROLE_PROXY, 2, schemes, 2, opts, 2, types};
        static const sipr_profile uas = {SIPR_ROLE_UAS, 2, schemes, 2, opts, 2, types};
        const sipr_profile *profiles[3] = {NULL, &proxy, &uas};
        for (k = 0; k < 3; k++) {
            sipr_verdict v = sipr_validate(buf, len, m, profiles[k]);
            if ((unsigned)v.code >= SIPR_VERDICT__COUNT)
                FAIL("verdict code %d", (int)v.code);
            if ((v.code == SIPR_V_OK) != (v.response == 0))
                FAIL("verdict %d with response %u", (int)v.code, v.response);
            if (v.off > len)
                FAIL("verdict offset %u > len %zu", (unsigned)v.off, len);
            if (v.code == SIPR_V_NOT_PARSED)
                FAIL("a parsed message judged not parsed");
            if (sipr_verdict_reason(v.code) == NULL)
                FAIL("sipr_verdict_reason(%d) is NULL", (int)v.code);
        }
    }
}

static sipr_status parse_checked(const char *buf, size_t len, sipr_msg *m, const sipr_limits *l)
{
    sipr_status st;
    if (sipr_msg_init(m, l) != SIPR_OK)
        FAIL("sipr_msg_init refused valid limits");
    st = sipr_parse(buf, len, m);
    if ((unsigned)st >= SIPR_STATUS__COUNT)
        FAIL("sipr_parse returned %d", (int)st);
    if (m->err != st)
        FAIL("msg.err %d != return %d", (int)m->err, (int)st);
    if (sipr_strerror(st) == NULL)
        FAIL("sipr_strerror(%d) is NULL", (int)st);
    if (st == SIPR_OK) {
        check_ok(buf, len, m);
        if ((m->lenient_used & ~m->limits.lenient) != 0u)
            FAIL("lenient_used %#x not within the switches on, %#x", (unsigned)m->lenient_used,
                 (unsigned)m->limits.lenient);
        if (m->lenient_off > len)
            FAIL("lenient_off %u > len %zu", (unsigned)m->lenient_off, len);
        if (m->lenient_used == 0u && m->lenient_off != 0u)
            FAIL("lenient_off %u without a leniency used", (unsigned)m->lenient_off);
    } else {
        if (m->err_off > len)
            FAIL("err_off %u > len %zu (status %d)", (unsigned)m->err_off, len, (int)st);
        if (st == SIPR_E_ARG)
            FAIL("SIPR_E_ARG from sipr_parse with valid limits");
        /* the final check of sipr_parse must never fire (src/check.c) */
        if (st == SIPR_E_INTERNAL)
            FAIL("SIPR_E_INTERNAL: a parse result failed its final check");
        if (st == SIPR_E_EMPTY && (len != 0 || m->err_off != 0))
            FAIL("SIPR_E_EMPTY for %zu bytes at %u", len, (unsigned)m->err_off);
        if (len == 0 && st != SIPR_E_EMPTY)
            FAIL("empty input gave status %d", (int)st);
        if (st == SIPR_E_TRUNCATED && m->err_off != len)
            FAIL("SIPR_E_TRUNCATED at %u, len %zu", (unsigned)m->err_off, len);
        if (st == SIPR_E_TOO_LONG && m->err_off != m->limits.max_msg_len)
            FAIL("SIPR_E_TOO_LONG at %u, limit %u", (unsigned)m->err_off,
                 (unsigned)m->limits.max_msg_len);
        {
            /* validate must recognise a msg that did not parse */
            sipr_verdict v = sipr_validate(buf, len, m, NULL);
            if (v.code != SIPR_V_NOT_PARSED || v.response == 0)
                FAIL("sipr_validate after a failed parse: verdict %d response %u", (int)v.code,
                     v.response);
        }
    }
    return st;
}

/* the counts of two results of the same input */
static int same_counts(const sipr_msg *a, const sipr_msg *b)
{
    return a->n_headers == b->n_headers && a->n_vias == b->n_vias &&
           a->n_contacts == b->n_contacts && a->n_params == b->n_params &&
           a->n_items == b->n_items && a->body.off == b->body.off && a->body.len == b->body.len;
}

/* The leniency switches for this input: a hash of it, so that every set
   is tried; every switch for a sixteenth of the inputs. */
static uint32_t lenient_bits(const uint8_t *data, size_t size)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    h ^= h >> 15;
    return (h & 0xF0u) == 0 ? SIPR_LENIENT_ALL : (h & SIPR_LENIENT_ALL);
}

static int one_input(const uint8_t *data, size_t size)
{
    static const sipr_limits tiny = {65535u, 2, 2, 2, 2, 2, 0u, 2};
    sipr_limits lenient = sipr_limits_default();
    sipr_status sd, st, sl;
    char *buf;

    if (size > SIPR_MAX_MSG_LEN)
        size = SIPR_MAX_MSG_LEN; /* spans are 32-bit; nothing to learn beyond */
    buf = exact_copy(data, size);
    if (buf == NULL)
        return 0;

    sd = parse_checked(buf, size, &g_def, NULL);
    st = parse_checked(buf, size, &g_tiny, &tiny);

    /* lowering the limits can only turn an acceptance into a rejection */
    if (st == SIPR_OK) {
        if (sd != SIPR_OK)
            FAIL("accepted with tiny limits, rejected (%d at %u) with the defaults", (int)sd,
                 (unsigned)g_def.err_off);
        if (g_def.n_headers != g_tiny.n_headers || g_def.n_vias != g_tiny.n_vias ||
            g_def.n_contacts != g_tiny.n_contacts || g_def.n_params != g_tiny.n_params ||
            g_def.n_items != g_tiny.n_items)
            FAIL("counts differ between the default and the tiny limits");
    }

    /* a switch only adds messages, and says when it was needed */
    lenient.lenient = lenient_bits(data, size);
    sl = parse_checked(buf, size, &g_len, &lenient);
    if (sd == SIPR_OK) {
        if (sl != SIPR_OK)
            FAIL("accepted strictly, rejected (%d at %u) with switches %#x", (int)sl,
                 (unsigned)g_len.err_off, (unsigned)lenient.lenient);
        if (g_len.lenient_used != 0u || !same_counts(&g_def, &g_len))
            FAIL("a strictly valid message used switches %#x or parsed differently",
                 (unsigned)g_len.lenient_used);
    } else if (sl == SIPR_OK) {
        if (g_len.lenient_used == 0u)
            FAIL("accepted with switches %#x, none used, rejected strictly (%d at %u)",
                 (unsigned)lenient.lenient, (int)sd, (unsigned)g_def.err_off);
        if (g_len.lenient_used != lenient.lenient) {
            lenient.lenient = g_len.lenient_used;
            if (parse_checked(buf, size, &g_used, &lenient) != SIPR_OK ||
                g_used.lenient_used != lenient.lenient || !same_counts(&g_len, &g_used))
                FAIL("accepted with switches %#x, not with the ones it used, %#x",
                     (unsigned)lenient_bits(data, size), (unsigned)lenient.lenient);
        }
    }
    free(buf);
    return 0;
}

/* ---- drivers ----------------------------------------------------------------- */

static void report(const char *name, size_t n)
{
    fprintf(stderr, "%s: %zu bytes: default %s (off %u), tiny %s (off %u)\n", name, n,
            sipr_strerror(g_def.err), (unsigned)g_def.err_off, sipr_strerror(g_tiny.err),
            (unsigned)g_tiny.err_off);
}

#include "driver.h"
