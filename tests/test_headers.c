/* The headers kept in sipr_msg.items with their parameters
 * (grammar/tparams.rl): Accept-Encoding, Accept-Language, Content-Language,
 * Content-Disposition, Priority, Event (o), Subscription-State, Reason,
 * Session-Expires (x), Min-SE, MIME-Version, RSeq, In-Reply-To, Privacy,
 * Subject (s), Organization, Retry-After, RAck, Timestamp, Warning, Server,
 * User-Agent; and those of grammar/auth.rl: WWW-Authenticate,
 * Proxy-Authenticate, Authorization, Proxy-Authorization,
 * Authentication-Info.
 * Real messages (RFC 3261 §11.2, RFC 5626 §9.1, RFC 3515 §4.1), the examples
 * of the RFCs that define the headers, and small requests built here; every
 * expected offset is found in the message text. */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "siprove.h"

static char g_buf[1u << 16];
static sipr_msg g_m;

static size_t load(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    cr_assert_not_null(f, "cannot open %s", path);
    n = fread(g_buf, 1, sizeof g_buf - 1, f);
    fclose(f);
    g_buf[n] = '\0';
    return n;
}

static sipr_status parse_lim(const char *buf, size_t len, const sipr_limits *l)
{
    cr_assert_eq(sipr_msg_init(&g_m, l), SIPR_OK);
    return sipr_parse(buf, len, &g_m);
}

static const sipr_msg *parse_ok(const char *buf, size_t len)
{
    const sipr_status st = parse_lim(buf, len, NULL);
    cr_assert_eq(st, SIPR_OK, "parse: %s at %u", sipr_strerror(st), (unsigned)g_m.err_off);
    return &g_m;
}

static int span_is(const char *buf, sipr_span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(buf + s.off, lit, s.len) == 0;
}

#define ASSERT_SPAN(buf, s, lit)                                                                   \
    cr_assert(span_is(buf, s, lit), "span \"%.*s\" (off %u) is not \"%s\"", (int)(s).len,           \
              (buf) + (s).off, (unsigned)(s).off, lit)

/* the offset of the n-th (0-based) occurrence of needle in text */
static uint32_t off_of(const char *text, const char *needle, int n)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, needle);
        cr_assert_not_null(p, "\"%s\" not in the message", needle);
        if (n-- == 0)
            return (uint32_t)(p - text);
        p++;
    }
}

/* the kinds whose entries use sub (the others must leave it empty) */
static int has_sub(unsigned kind)
{
    return kind == SIPR_H_RETRY_AFTER || kind == SIPR_H_RACK || kind == SIPR_H_TIMESTAMP ||
           kind == SIPR_H_WARNING || kind == SIPR_H_SERVER || kind == SIPR_H_USER_AGENT;
}

/* the kinds whose entries use extra */
static int has_extra(unsigned kind)
{
    return kind == SIPR_H_RACK || kind == SIPR_H_WARNING;
}

/* The entries of the header lines of kind `kind`, in order: at most cap of
   them into out; returns how many there are. */
static unsigned entries(const sipr_msg *m, unsigned kind, const sipr_item **out, unsigned cap)
{
    unsigned n = 0;
    for (unsigned k = 0; k < m->n_items; k++) {
        const sipr_item *t = &m->items[k];
        cr_assert_lt(t->header, m->n_headers);
        if (k > 0)
            cr_assert_geq(t->header, m->items[k - 1].header, "items out of line order");
        cr_assert_leq((size_t)t->value.off + t->value.len, m->len);
        /* only a text may be empty, and Authentication-Info has no scheme */
        if (m->headers[t->header].kind != SIPR_H_SUBJECT &&
            m->headers[t->header].kind != SIPR_H_ORGANIZATION &&
            m->headers[t->header].kind != SIPR_H_AUTHENTICATION_INFO)
            cr_assert_gt(t->value.len, 0, "item %u: empty value", k);
        cr_assert_leq((unsigned)t->params.first + t->params.count, m->n_params);
        if (m->headers[t->header].kind != kind)
            continue;
        if (!has_sub(kind))
            cr_assert_eq(t->sub.len, 0, "item %u: a subtype", k);
        if (!has_extra(kind))
            cr_assert_eq(t->extra.len, 0, "item %u: an extra span", k);
        if (n < cap)
            out[n] = t;
        n++;
    }
    return n;
}

/* parameter j of entry t: its name and value (NULL: no value) */
static void assert_param(const char *buf, const sipr_msg *m, const sipr_item *t, unsigned j,
                         const char *name, const char *value)
{
    cr_assert_lt(j, t->params.count, "entry \"%.*s\" has %u parameters", (int)t->value.len,
                 buf + t->value.off, t->params.count);
    const sipr_param *p = &m->params[t->params.first + j];
    ASSERT_SPAN(buf, p->name, name);
    if (value)
        ASSERT_SPAN(buf, p->value, value);
    else
        cr_assert_eq(p->value.len, 0);
}

static void expect_error(const char *msg, sipr_status code, uint32_t off)
{
    const sipr_status st = parse_lim(msg, strlen(msg), NULL);
    cr_assert_eq(st, code, "got %s at %u, want %s at %u", sipr_strerror(st), (unsigned)g_m.err_off,
                 sipr_strerror(code), (unsigned)off);
    cr_assert_eq(g_m.err_off, off, "offset %u, want %u (%.12s)", (unsigned)g_m.err_off,
                 (unsigned)off, msg + g_m.err_off);
}

#define HEAD                                                                                       \
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"                                               \
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"                       \
    "Max-Forwards: 70\r\n"                                                                         \
    "To: Bob <sip:bob@biloxi.example.com>\r\n"                                                     \
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"                               \
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"                                         \
    "CSeq: 314159 INVITE\r\n"
#define TAIL "Content-Length: 0\r\n\r\n"
/* a response, for the headers that go in responses */
#define RHEAD(code)                                                                                \
    "SIP/2.0 " code "\r\n"                                                                         \
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n"     \
    "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"                                         \
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"                               \
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"                                         \
    "CSeq: 314159 INVITE\r\n"

/* msg with the first occurrence of from replaced by to, into out (of size cap) */
static size_t replaced(char *out, size_t cap, const char *msg, size_t len, const char *from,
                       const char *to)
{
    const char *p = strstr(msg, from);
    size_t pre, fl = strlen(from), tl = strlen(to);
    cr_assert_not_null(p, "\"%s\" not in the message", from);
    pre = (size_t)(p - msg);
    cr_assert_lt(len - fl + tl, cap);
    memcpy(out, msg, pre);
    memcpy(out + pre, to, tl);
    memcpy(out + pre + tl, p + fl, len - pre - fl);
    out[len - fl + tl] = '\0';
    return len - fl + tl;
}

/* ---- real messages ---------------------------------------------------------------- */

Test(headers, rfc3261_options_200_accept_encoding_and_language)
{
    /* RFC 3261 §11.2: Accept-Encoding: gzip, Accept-Language: en */
    const size_t len = load("tests/corpus/rfc3261/11.2-options-200ok.sip");
    const sipr_msg *m = parse_ok(g_buf, len);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_ACCEPT_ENCODING, e, 2), 1);
    ASSERT_SPAN(g_buf, e[0]->value, "gzip");
    cr_assert_eq(e[0]->params.count, 0);
    cr_assert_eq(e[0]->header, m->first[SIPR_H_ACCEPT_ENCODING]);
    ASSERT_SPAN(g_buf, m->headers[e[0]->header].name, "Accept-Encoding");
    cr_assert_eq(entries(m, SIPR_H_ACCEPT_LANGUAGE, e, 2), 1);
    ASSERT_SPAN(g_buf, e[0]->value, "en");
    cr_assert_eq(e[0]->value.off, off_of(g_buf, "en\r\n", 0));
    cr_assert_eq(sipr_validate(g_buf, len, m, NULL).code, SIPR_V_OK);
}

Test(headers, rfc5626_subscribe_event_with_parameter)
{
    /* RFC 5626 §9.1 F1: "Event: ua-profile ;profile-type=device" CRLF
       " ;vendor=... ;model=... ;version=...": SWS before ';', over a fold */
    const size_t len = load("tests/corpus/rfc5626/9.1-F1-subscribe.sip");
    const sipr_msg *m = parse_ok(g_buf, len);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_EVENT, e, 2), 1);
    ASSERT_SPAN(g_buf, e[0]->value, "ua-profile");
    cr_assert_eq(e[0]->params.count, 4);
    assert_param(g_buf, m, e[0], 0, "profile-type", "device");
    assert_param(g_buf, m, e[0], 1, "vendor", "\"example.com\"");
    assert_param(g_buf, m, e[0], 2, "model", "\"uPhone\"");
    assert_param(g_buf, m, e[0], 3, "version", "\"1.1\"");
    cr_assert_eq(sipr_validate(g_buf, len, m, NULL).code, SIPR_V_OK);
}

Test(headers, rfc5626_notify_subscription_state_and_event)
{
    /* RFC 5626 §9.1 F2: Subscription-State: terminated;reason=timeout, Event: ua-profile */
    const size_t len = load("tests/corpus/rfc5626/9.1-F2-notify.sip");
    const sipr_msg *m = parse_ok(g_buf, len);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_SUBSCRIPTION_STATE, e, 2), 1);
    ASSERT_SPAN(g_buf, e[0]->value, "terminated");
    cr_assert_eq(e[0]->params.count, 1);
    assert_param(g_buf, m, e[0], 0, "reason", "timeout");
    cr_assert_eq(entries(m, SIPR_H_EVENT, e, 2), 1);
    ASSERT_SPAN(g_buf, e[0]->value, "ua-profile");
    cr_assert_eq(e[0]->params.count, 0);
    cr_assert_eq(sipr_validate(g_buf, len, m, NULL).code, SIPR_V_OK);
}

Test(headers, rfc3515_placeholder_expires_rejected)
{
    /* RFC 3515 §4.1 F3 writes "Subscription-State: active;expires=(depends
       on Refer-To URI)": no gen-value starts with '(' */
    const size_t len = load("tests/corpus/rfc3515/4.1-F3-notify.sip");
    cr_assert_eq(parse_lim(g_buf, len, NULL), SIPR_E_ITEM);
    cr_assert_eq(g_m.err_off, off_of(g_buf, "(depends", 0));
}

Test(headers, rfc3515_notify_with_a_number_in_place_of_the_placeholder)
{
    /* the same F3 with delta-seconds where the RFC has its placeholder: the
       only departure from the shared manifest is that placeholder */
    static char msg[2048];
    const char *ph = "(depends on Refer-To URI)";
    const size_t len = load("tests/corpus/rfc3515/4.1-F3-notify.sip");
    const uint32_t at = off_of(g_buf, ph, 0);
    size_t n = 0;
    const sipr_item *e[2];
    cr_assert_lt(len, sizeof msg);
    memcpy(msg, g_buf, at);
    n = at;
    memcpy(msg + n, "3600", 4);
    n += 4;
    memcpy(msg + n, g_buf + at + strlen(ph), len - at - strlen(ph));
    n += len - at - strlen(ph);
    const sipr_msg *m = parse_ok(msg, n);
    cr_assert_eq(entries(m, SIPR_H_EVENT, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "refer");
    cr_assert_eq(entries(m, SIPR_H_SUBSCRIPTION_STATE, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "active");
    assert_param(msg, m, e[0], 0, "expires", "3600");
    cr_assert_eq(sipr_validate(msg, n, m, NULL).code, SIPR_V_OK);
}

/* ---- each header -------------------------------------------------------------------- */

Test(headers, accept_encoding_codings_q_and_empty)
{
    static const char msg[] = HEAD "Accept-Encoding: gzip;q=1.0, identity; q=0.5, *;q=0\r\n"
                                   "Accept-Encoding:\r\nAccept-Language:\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[4];
    cr_assert_eq(entries(m, SIPR_H_ACCEPT_ENCODING, e, 4), 3);
    ASSERT_SPAN(msg, e[0]->value, "gzip");
    assert_param(msg, m, e[0], 0, "q", "1.0");
    ASSERT_SPAN(msg, e[1]->value, "identity");
    assert_param(msg, m, e[1], 0, "q", "0.5");
    ASSERT_SPAN(msg, e[2]->value, "*");
    assert_param(msg, m, e[2], 0, "q", "0");
    /* the empty lines are lines of their kinds without entries (§20.2, §20.3) */
    cr_assert_neq(m->first[SIPR_H_ACCEPT_ENCODING], m->last[SIPR_H_ACCEPT_ENCODING]);
    cr_assert_neq(m->first[SIPR_H_ACCEPT_LANGUAGE], SIPR_NONE);
    cr_assert_eq(entries(m, SIPR_H_ACCEPT_LANGUAGE, e, 4), 0);
}

Test(headers, accept_language_ranges)
{
    /* RFC 3261 §20.3's example, then "*", over a fold */
    static const char msg[] = HEAD "Accept-Language: da, en-gb;q=0.8, en;q=0.7\r\n"
                                   "Accept-Language: x-klingon-Qapla,\r\n *\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[6];
    cr_assert_eq(entries(m, SIPR_H_ACCEPT_LANGUAGE, e, 6), 5);
    ASSERT_SPAN(msg, e[0]->value, "da");
    cr_assert_eq(e[0]->params.count, 0);
    ASSERT_SPAN(msg, e[1]->value, "en-gb");
    assert_param(msg, m, e[1], 0, "q", "0.8");
    ASSERT_SPAN(msg, e[2]->value, "en");
    assert_param(msg, m, e[2], 0, "q", "0.7");
    ASSERT_SPAN(msg, e[3]->value, "x-klingon-Qapla");
    ASSERT_SPAN(msg, e[4]->value, "*");
    cr_assert_neq(e[3]->header, e[2]->header);
}

Test(headers, language_syntax_refused_where_it_fails)
{
    /* 1*8ALPHA: nine letters, a digit, an underscore; "*" only in a range */
    static const char *const bad[] = {
        HEAD "Accept-Language: abcdefghi\r\n" TAIL,
        HEAD "Accept-Language: en-1\r\n" TAIL,
        HEAD "Accept-Language: en_US\r\n" TAIL,
        HEAD "Content-Language: fr, *\r\n" TAIL,
        HEAD "Content-Language: en-\r\n" TAIL,
        HEAD "Content-Language: fr;q=1\r\n" TAIL,
    };
    static const char *const at[] = {"i\r\n", "1\r\n", "_US", "*\r\n", "\r\nContent-Length",
                                     ";q=1"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
}

Test(headers, content_language_tags)
{
    /* RFC 3261 §20.13: "Content-Language: fr" */
    static const char msg[] = HEAD "Content-Language: fr\r\nContent-Language: en-GB , i-klingon\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[4];
    cr_assert_eq(entries(m, SIPR_H_CONTENT_LANGUAGE, e, 4), 3);
    ASSERT_SPAN(msg, e[0]->value, "fr");
    ASSERT_SPAN(msg, e[1]->value, "en-GB");
    ASSERT_SPAN(msg, e[2]->value, "i-klingon");
    /* a comma list: two lines are fine */
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
}

Test(headers, content_disposition_and_priority)
{
    /* RFC 3261 §20.11 "Content-Disposition: session", with a handling-param;
       §20.26 "Priority: emergency" */
    static const char msg[] = HEAD "Content-Disposition: session;handling=optional\r\n"
                                   "Priority: non-urgent\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_CONTENT_DISPOSITION, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "session");
    assert_param(msg, m, e[0], 0, "handling", "optional");
    cr_assert_eq(entries(m, SIPR_H_PRIORITY, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "non-urgent");
    cr_assert_eq(e[0]->params.count, 0);
    {
        static const char *const bad[] = {
            HEAD "Content-Disposition: session, render\r\n" TAIL, /* one value */
            HEAD "Content-Disposition: ;handling=required\r\n" TAIL,
            HEAD "Priority: emergency;x=1\r\n" TAIL,              /* no parameters */
            HEAD "Priority: \"urgent\"\r\n" TAIL,
        };
        static const char *const at[] = {", render", ";handling", ";x=1", "\"urgent"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
}

Test(headers, event_type_template_and_compact_o)
{
    /* RFC 6665 §8.4: event-type = event-package *( "." event-template ) */
    static const char msg[] = HEAD "Event: presence.winfo;id=1234\r\n" TAIL;
    static const char compact[] = HEAD "o: refer;id=93809824\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_EVENT, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "presence.winfo");
    assert_param(msg, m, e[0], 0, "id", "1234");
    m = parse_ok(compact, sizeof compact - 1);
    cr_assert_eq(entries(m, SIPR_H_EVENT, e, 2), 1);
    ASSERT_SPAN(compact, m->headers[e[0]->header].name, "o");
    ASSERT_SPAN(compact, e[0]->value, "refer");
    assert_param(compact, m, e[0], 0, "id", "93809824");
    {
        static const char *const bad[] = {
            HEAD "Event: presence..winfo\r\n" TAIL, /* an empty template */
            HEAD "Event: .winfo\r\n" TAIL,
            HEAD "Event: presence.\r\n" TAIL,
            HEAD "Event: dialog, presence\r\n" TAIL, /* one value */
        };
        static const char *const at[] = {".winfo", ".winfo", "\r\nContent-Length", ", presence"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
}

Test(headers, subscription_state_parameters)
{
    /* RFC 6665 §8.4 subexp-params: reason, expires, retry-after, generic */
    static const char msg[] = HEAD "Subscription-State: terminated;reason=probation;retry-after=3600;x\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_SUBSCRIPTION_STATE, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "terminated");
    cr_assert_eq(e[0]->params.count, 3);
    assert_param(msg, m, e[0], 0, "reason", "probation");
    assert_param(msg, m, e[0], 1, "retry-after", "3600");
    assert_param(msg, m, e[0], 2, "x", NULL);
    expect_error(HEAD "Subscription-State: active;expires=\r\n" TAIL, SIPR_E_ITEM,
                 off_of(HEAD "Subscription-State: active;expires=\r\n" TAIL, "\r\nContent-Length", 0));
}

Test(headers, reason_list_over_lines)
{
    /* RFC 3326 §2's examples, on two lines and as one comma list */
    static const char msg[] = HEAD "Reason: SIP ;cause=200 ;text=\"Call completed elsewhere\"\r\n"
                                   "Reason: Q.850 ;cause=16 ;text=\"Terminated\", SIP;cause=600\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[4];
    cr_assert_eq(entries(m, SIPR_H_REASON, e, 4), 3);
    ASSERT_SPAN(msg, e[0]->value, "SIP");
    assert_param(msg, m, e[0], 0, "cause", "200");
    assert_param(msg, m, e[0], 1, "text", "\"Call completed elsewhere\"");
    ASSERT_SPAN(msg, e[1]->value, "Q.850");
    assert_param(msg, m, e[1], 0, "cause", "16");
    assert_param(msg, m, e[1], 1, "text", "\"Terminated\"");
    ASSERT_SPAN(msg, e[2]->value, "SIP");
    cr_assert_eq(e[2]->params.count, 1);
    cr_assert_eq(e[1]->header, e[2]->header);
    cr_assert_neq(e[0]->header, e[1]->header);
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
    expect_error(HEAD "Reason: SIP;cause=200,\r\n" TAIL, SIPR_E_ITEM,
                 off_of(HEAD "Reason: SIP;cause=200,\r\n" TAIL, "\r\nContent-Length", 0));
}

Test(headers, session_expires_min_se_numbers)
{
    /* RFC 4028 §4 and §5, compact x; delta-seconds up to 2**32 - 1 */
    static const char msg[] = HEAD "Session-Expires: 4000;refresher=uac\r\nMin-SE: 90\r\n" TAIL;
    static const char compact[] = HEAD "x: 4294967295\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_SESSION_EXPIRES, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "4000");
    assert_param(msg, m, e[0], 0, "refresher", "uac");
    cr_assert_eq(entries(m, SIPR_H_MIN_SE, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "90");
    m = parse_ok(compact, sizeof compact - 1);
    cr_assert_eq(entries(m, SIPR_H_SESSION_EXPIRES, e, 2), 1);
    ASSERT_SPAN(compact, m->headers[e[0]->header].name, "x");
    ASSERT_SPAN(compact, e[0]->value, "4294967295");
    {
        /* 2**32: the digit that makes it too large */
        const char *big = HEAD "Session-Expires: 4294967296;refresher=uas\r\n" TAIL;
        expect_error(big, SIPR_E_NUMBER_RANGE, off_of(big, "6;refresher", 0));
        big = HEAD "Min-SE: 000000000000000000000000000099999999999\r\n" TAIL;
        expect_error(big, SIPR_E_NUMBER_RANGE, off_of(big, "99999999999", 0) + 9);
    }
    {
        static const char *const bad[] = {
            HEAD "Session-Expires: 1800s\r\n" TAIL,
            HEAD "Min-SE: -90\r\n" TAIL,
            HEAD "Session-Expires: 1800, 90\r\n" TAIL,
            HEAD "Min-SE: 90.5\r\n" TAIL,
        };
        static const char *const at[] = {"s\r\nContent-Length", "-90", ", 90", ".5"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
}

Test(headers, mime_version_and_rseq)
{
    /* RFC 3261 §20.24 "MIME-Version: 1.0"; RFC 3262 §7.1 "RSeq: 988789" */
    static const char msg[] = HEAD "MIME-Version: 1.0\r\nRSeq: 988789\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_MIME_VERSION, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "1.0");
    cr_assert_eq(entries(m, SIPR_H_RSEQ, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "988789");
    cr_assert_eq(e[0]->params.count, 0);
    {
        static const char *const bad[] = {
            HEAD "MIME-Version: 1\r\n" TAIL,
            HEAD "MIME-Version: 1.0a\r\n" TAIL,
            HEAD "MIME-Version: 1.\r\n" TAIL,
            HEAD "RSeq: 12;x\r\n" TAIL,
            HEAD "RSeq: \r\n" TAIL,
        };
        static const char *const at[] = {"\r\nContent-Length", "a\r\n", "\r\nContent-Length", ";x",
                                         "\r\nContent-Length"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
    {
        const char *big = HEAD "RSeq: 4294967296\r\n" TAIL;
        expect_error(big, SIPR_E_NUMBER_RANGE, off_of(big, "4294967296", 0) + 9);
    }
}

Test(headers, in_reply_to_callids)
{
    /* RFC 3261 §20.21's example */
    static const char msg[] = HEAD "In-Reply-To: 70710@saturn.bell-tel.com, 17320@saturn.bell-tel.com\r\n"
                                   "In-Reply-To: f81d4fae-7dec-11d0-a765-00a0c91e6bf6\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[4];
    cr_assert_eq(entries(m, SIPR_H_IN_REPLY_TO, e, 4), 3);
    ASSERT_SPAN(msg, e[0]->value, "70710@saturn.bell-tel.com");
    ASSERT_SPAN(msg, e[1]->value, "17320@saturn.bell-tel.com");
    ASSERT_SPAN(msg, e[2]->value, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
    {
        static const char *const bad[] = {
            HEAD "In-Reply-To: a@b@c\r\n" TAIL,
            HEAD "In-Reply-To: 70710@\r\n" TAIL,
            HEAD "In-Reply-To: a;b\r\n" TAIL,
        };
        static const char *const at[] = {"@c", "\r\nContent-Length", ";b\r\n"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
}

Test(headers, privacy_values_separated_by_semicolons)
{
    /* RFC 3323 §4.2: priv-value *(";" priv-value), no white space */
    static const char msg[] = HEAD "Privacy: header;user;critical\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[4];
    cr_assert_eq(entries(m, SIPR_H_PRIVACY, e, 4), 3);
    ASSERT_SPAN(msg, e[0]->value, "header");
    ASSERT_SPAN(msg, e[1]->value, "user");
    ASSERT_SPAN(msg, e[2]->value, "critical");
    for (int k = 0; k < 3; k++)
        cr_assert_eq(e[k]->params.count, 0);
    {
        static const char *const bad[] = {
            HEAD "Privacy: id; user\r\n" TAIL, /* ";" is not SEMI */
            HEAD "Privacy: id,user\r\n" TAIL,
            HEAD "Privacy: id;\r\n" TAIL,
            HEAD "Privacy: id=x\r\n" TAIL,
        };
        static const char *const at[] = {" user", ",user", "\r\nContent-Length", "=x"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
}

Test(headers, empty_values_refused_where_required)
{
    static const char *const names[] = {"Content-Language", "Content-Disposition", "Priority",
                                        "Event", "Subscription-State", "Reason",
                                        "Session-Expires", "Min-SE", "MIME-Version", "RSeq",
                                        "In-Reply-To", "Privacy"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s%s:\r\n%s", HEAD, names[k], TAIL);
        expect_error(msg, SIPR_E_ITEM, off_of(msg, "\r\nContent-Length", 0));
    }
}

/* ---- texts: Subject, Organization ------------------------------------------------------- */

/* the one entry of header line h */
static const sipr_item *entry_of(const sipr_msg *m, unsigned h)
{
    const sipr_item *t = NULL;
    for (unsigned k = 0; k < m->n_items; k++)
        if (m->items[k].header == h) {
            cr_assert_null(t, "line %u has a second entry", h);
            t = &m->items[k];
        }
    cr_assert_not_null(t, "line %u has no entry", h);
    return t;
}

Test(headers, subject_and_organization_rfc_examples)
{
    /* RFC 3261 §20.36 "Subject: Need more boxes", "s: Tech Support";
       §20.25 "Organization: Boxes by Bob" */
    static const char msg[] = HEAD "Subject: Need more boxes\r\nOrganization: Boxes by Bob\r\n" TAIL;
    static const char compact[] = HEAD "s: Tech Support\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_SUBJECT, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "Need more boxes");
    cr_assert_eq(e[0]->params.count, 0);
    cr_assert_eq(e[0]->sub.len, 0);
    cr_assert_eq(e[0]->header, m->first[SIPR_H_SUBJECT]);
    cr_assert_eq(entries(m, SIPR_H_ORGANIZATION, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "Boxes by Bob");
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
    m = parse_ok(compact, sizeof compact - 1);
    cr_assert_eq(entries(m, SIPR_H_SUBJECT, e, 2), 1);
    ASSERT_SPAN(compact, m->headers[e[0]->header].name, "s");
    ASSERT_SPAN(compact, e[0]->value, "Tech Support");
}

Test(headers, text_utf8_and_folds)
{
    /* UTF8-NONASCII of two, three and four bytes (é, €, U+1F4E6), white
       space and a fold between words: the entry is the value as written */
    static const char msg[] = HEAD "Subject: Caf\xc3\xa9 \xe2\x82\xac" "5  \xf0\x9f\x93\xa6\r\n"
                                   "\tboxes (again)\r\n"
                                   "Organization: \xd0\x9a\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb1\xd0\xba\xd0\xb8\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_SUBJECT, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value,
                "Caf\xc3\xa9 \xe2\x82\xac" "5  \xf0\x9f\x93\xa6\r\n\tboxes (again)");
    cr_assert_eq(entries(m, SIPR_H_ORGANIZATION, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "\xd0\x9a\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb1\xd0\xba\xd0\xb8");
}

Test(headers, empty_texts_have_one_empty_entry)
{
    /* [TEXT-UTF8-TRIM]: "Subject:" and "Organization:" with nothing after
       the colon (or only white space): one entry, empty, at the value */
    static const char msg[] = HEAD "Subject:\r\nOrganization:   \r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *t = entry_of(m, m->first[SIPR_H_SUBJECT]);
    cr_assert_eq(t->value.len, 0);
    cr_assert_eq(t->value.off, m->headers[m->first[SIPR_H_SUBJECT]].value.off);
    cr_assert_eq(t->value.off, off_of(msg, "\r\nOrganization", 0));
    t = entry_of(m, m->first[SIPR_H_ORGANIZATION]);
    cr_assert_eq(t->value.len, 0);
    cr_assert_eq(t->value.off, m->headers[m->first[SIPR_H_ORGANIZATION]].value.off);
    cr_assert_eq(m->n_items, 2);
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
}

Test(headers, text_bytes_refused_where_they_fail)
{
    /* a continuation byte without a lead, a lead without its continuation
       bytes (at the byte that is not one, or at the end of the value), bytes
       that are no UTF-8 at all, and a control byte after a backslash (which
       the message scanner lets through as a quoted-pair) */
    static const char *const bad[] = {
        HEAD "Subject: lu\x80nch\r\n" TAIL,
        HEAD "Subject: caf\xc3 au lait\r\n" TAIL,
        HEAD "Organization: \xe2\x82\r\n" TAIL,
        HEAD "Subject: \xf0\x9f\x93x\r\n" TAIL,
        HEAD "Subject: a \xfe b\r\n" TAIL,
        HEAD "Organization: Bob\xff\r\n" TAIL,
        HEAD "Subject: a\\\x01" "b\r\n" TAIL,
    };
    static const char *const at[] = {"\x80", " au lait", "\r\nContent-Length", "x\r\n",
                                     "\xfe", "\xff", "\x01"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
}

/* ---- Retry-After: delta-seconds, comment, parameters ------------------------------------ */

Test(headers, retry_after_rfc_examples)
{
    /* RFC 3261 §20.33: "Retry-After: 18000;duration=3600" and
       "Retry-After: 120 (I'm in a meeting)", in a 503 and a 486 */
    static const char a[] = RHEAD("503 Service Unavailable") "Retry-After: 18000;duration=3600\r\n" TAIL;
    static const char b[] = RHEAD("486 Busy Here") "Retry-After: 120 (I'm in a meeting)\r\n" TAIL;
    const sipr_msg *m = parse_ok(a, sizeof a - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_RETRY_AFTER, e, 2), 1);
    ASSERT_SPAN(a, e[0]->value, "18000");
    cr_assert_eq(e[0]->sub.len, 0);
    cr_assert_eq(e[0]->params.count, 1);
    assert_param(a, m, e[0], 0, "duration", "3600");
    cr_assert_eq(sipr_validate(a, sizeof a - 1, m, NULL).code, SIPR_V_OK);
    m = parse_ok(b, sizeof b - 1);
    cr_assert_eq(entries(m, SIPR_H_RETRY_AFTER, e, 2), 1);
    ASSERT_SPAN(b, e[0]->value, "120");
    ASSERT_SPAN(b, e[0]->sub, "(I'm in a meeting)");
    cr_assert_eq(e[0]->params.count, 0);
    cr_assert_eq(sipr_validate(b, sizeof b - 1, m, NULL).code, SIPR_V_OK);
}

Test(headers, retry_after_comment_forms)
{
    /* LPAREN is SWS "(" SWS: no white space needed before the comment; SWS
       before ';'; nested comments, a quoted-pair, UTF-8 and a fold inside */
    static const char msg[] = RHEAD("480 Temporarily Unavailable")
        "Retry-After: 3600(back (after \\) lunch) \xc3\xa0 l'heure)\r\n ;duration=60 ; x=\"y\"\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_RETRY_AFTER, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "3600");
    ASSERT_SPAN(msg, e[0]->sub, "(back (after \\) lunch) \xc3\xa0 l'heure)");
    cr_assert_eq(e[0]->params.count, 2);
    assert_param(msg, m, e[0], 0, "duration", "60");
    assert_param(msg, m, e[0], 1, "x", "\"y\"");
}

Test(headers, retry_after_comments_nest_four_deep)
{
    /* four levels parse; the '(' of a fifth is siprove's limit, its own code */
    static const char four[] = RHEAD("503 Service Unavailable") "Retry-After: 5 (1 (2 (3 (4) 3) 2) 1)\r\n" TAIL;
    static const char five[] = RHEAD("503 Service Unavailable") "Retry-After: 5 (1 (2 (3 (4 (5) 4) 3) 2) 1)\r\n" TAIL;
    static const char escaped[] = RHEAD("503 Service Unavailable") "Retry-After: 5 (1 (2 (3 (4 \\(5\\) 4) 3) 2) 1)\r\n" TAIL;
    const sipr_msg *m = parse_ok(four, sizeof four - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_RETRY_AFTER, e, 2), 1);
    ASSERT_SPAN(four, e[0]->sub, "(1 (2 (3 (4) 3) 2) 1)");
    expect_error(five, SIPR_E_COMMENT_DEPTH, off_of(five, "(5)", 0));
    cr_assert_str_neq(sipr_strerror(SIPR_E_COMMENT_DEPTH), "unknown error");
    /* an escaped parenthesis is no level */
    m = parse_ok(escaped, sizeof escaped - 1);
    cr_assert_eq(entries(m, SIPR_H_RETRY_AFTER, e, 2), 1);
    ASSERT_SPAN(escaped, e[0]->sub, "(1 (2 (3 (4 \\(5\\) 4) 3) 2) 1)");
}

Test(headers, retry_after_refused_where_it_fails)
{
    static const char *const bad[] = {
        RHEAD("503 Service Unavailable") "Retry-After: 120 (meeting\r\n" TAIL,  /* not closed */
        RHEAD("503 Service Unavailable") "Retry-After: 120 (a) b\r\n" TAIL,     /* one comment */
        RHEAD("503 Service Unavailable") "Retry-After: 120 (a)(b)\r\n" TAIL,
        RHEAD("503 Service Unavailable") "Retry-After: (a) 120\r\n" TAIL,
        RHEAD("503 Service Unavailable") "Retry-After: 1.5\r\n" TAIL,
        RHEAD("503 Service Unavailable") "Retry-After: Fri, 31 Dec 1999 23:59:59 GMT\r\n" TAIL, /* HTTP's date */
        RHEAD("503 Service Unavailable") "Retry-After: 120 (caf\xc3)\r\n" TAIL,
        RHEAD("503 Service Unavailable") "Retry-After: 120;duration\r\n ;\r\n" TAIL,
        RHEAD("503 Service Unavailable") "Retry-After: 120, 60\r\n" TAIL,
    };
    static const char *const at[] = {"\r\nContent-Length", "b\r\n", "(b)", "(a) 120", ".5",
                                     "Fri", ")\r\n", "\r\nContent-Length", ", 60"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    {
        const char *big = RHEAD("503 Service Unavailable") "Retry-After: 4294967296 (x)\r\n" TAIL;
        expect_error(big, SIPR_E_NUMBER_RANGE, off_of(big, "4294967296", 0) + 9);
    }
}

Test(headers, rfc4475_scalarlg_retry_after_once_cseq_is_fixed)
{
    /* RFC 4475 §3.1.2.5: the CSeq number is the first error (test_rfc4475);
       with a small CSeq, the Retry-After delta-seconds over 2**32 - 1 is
       refused at its tenth digit */
    static char msg[2048];
    const size_t len = load("tests/corpus/rfc4475/scalarlg.dat");
    const size_t n = replaced(msg, sizeof msg, g_buf, len, "9292394834772304023312", "9292");
    expect_error(msg, SIPR_E_NUMBER_RANGE, off_of(msg, "949302838503028349304023988", 0) + 9);
    (void)n;
}

/* ---- RAck, Timestamp ------------------------------------------------------------------------ */

Test(headers, rack_in_a_prack)
{
    /* RFC 3262 §7.2's example, "RAck: 776656 1 INVITE", in the PRACK that
       acknowledges a reliable 183 of RSeq 776656 (RFC 3262 §7.1, §7.2) */
    static const char msg[] =
        "PRACK sip:bob@192.0.2.4 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds9\r\n"
        "Max-Forwards: 70\r\n"
        "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
        "CSeq: 314160 PRACK\r\n"
        "RAck: 776656 1 INVITE\r\n"
        "Content-Length: 0\r\n\r\n";
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_RACK, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "776656");
    ASSERT_SPAN(msg, e[0]->sub, "1");
    ASSERT_SPAN(msg, e[0]->extra, "INVITE");
    cr_assert_eq(e[0]->params.count, 0);
    cr_assert_eq(e[0]->header, m->first[SIPR_H_RACK]);
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
}

Test(headers, rack_forms_and_numbers)
{
    /* LWS is any white space, a fold too; the numbers' maxima */
    static const char msg[] = HEAD "RAck: 4294967295\t 2147483647\r\n  MESSAGE\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_RACK, e, 2), 1);
    ASSERT_SPAN(msg, e[0]->value, "4294967295");
    ASSERT_SPAN(msg, e[0]->sub, "2147483647");
    ASSERT_SPAN(msg, e[0]->extra, "MESSAGE");
    {
        static const char *const bad[] = {
            HEAD "RAck: 776656 1\r\n" TAIL,          /* no method */
            HEAD "RAck: 776656,1 INVITE\r\n" TAIL,
            HEAD "RAck: 776656 1 INVITE;x=1\r\n" TAIL,
            HEAD "RAck: 776656 1 INVITE ACK\r\n" TAIL,
            HEAD "RAck: 776656 1x INVITE\r\n" TAIL,
            HEAD "RAck: -1 1 INVITE\r\n" TAIL,
        };
        static const char *const at[] = {"\r\nContent-Length", ",1", ";x=1", " ACK", "x INVITE",
                                         "-1"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
    {
        /* 2**32 as the response-num, 2**31 as the CSeq-num: the tenth digit */
        const char *big = HEAD "RAck: 4294967296 1 INVITE\r\n" TAIL;
        expect_error(big, SIPR_E_NUMBER_RANGE, off_of(big, "4294967296", 0) + 9);
        big = HEAD "RAck: 1 2147483648 INVITE\r\n" TAIL;
        expect_error(big, SIPR_E_NUMBER_RANGE, off_of(big, "2147483648", 0) + 9);
    }
}

Test(headers, timestamp_time_and_delay)
{
    /* RFC 3261 §20.38 "Timestamp: 54"; a fraction, a delay, the forms the
       ABNF allows with an empty fraction */
    static const struct {
        const char *line, *time, *delay;
    } ok[] = {
        {"Timestamp: 54", "54", NULL},
        {"Timestamp: 54.3 0.2", "54.3", "0.2"},
        {"Timestamp: 1094745628.735\r\n 12", "1094745628.735", "12"},
        {"Timestamp: 54. .", "54.", "."},
        {"Timestamp: 7 .25", "7", ".25"},
    };
    for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        char msg[1024];
        const int n = snprintf(msg, sizeof msg, "%s%s\r\n%s", HEAD, ok[k].line, TAIL);
        const sipr_msg *m = parse_ok(msg, (size_t)n);
        const sipr_item *e[2];
        cr_assert_eq(entries(m, SIPR_H_TIMESTAMP, e, 2), 1, "%s", ok[k].line);
        ASSERT_SPAN(msg, e[0]->value, ok[k].time);
        if (ok[k].delay)
            ASSERT_SPAN(msg, e[0]->sub, ok[k].delay);
        else
            cr_assert_eq(e[0]->sub.len, 0);
        cr_assert_eq(e[0]->params.count, 0);
    }
    {
        static const char *const bad[] = {
            HEAD "Timestamp: .5\r\n" TAIL,
            HEAD "Timestamp: 54 1.2.3\r\n" TAIL,
            HEAD "Timestamp: 54s\r\n" TAIL,
            HEAD "Timestamp: 54, 55\r\n" TAIL,
            HEAD "Timestamp: 54 0.2 1\r\n" TAIL,
        };
        static const char *const at[] = {".5", ".3\r\n", "s\r\nContent-Length", ", 55", " 1\r\n"};
        for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
            expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    }
}

/* ---- Warning ------------------------------------------------------------------------------- */

Test(headers, warning_rfc_examples_over_two_lines)
{
    /* RFC 3261 §20.43's two examples, as a 488 sends them */
    static const char msg[] = RHEAD("488 Not Acceptable Here")
        "Warning: 307 isi.edu \"Session parameter 'foo' not understood\"\r\n"
        "Warning: 301 isi.edu \"Incompatible network address type 'E.164'\"\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[3];
    cr_assert_eq(entries(m, SIPR_H_WARNING, e, 3), 2);
    ASSERT_SPAN(msg, e[0]->value, "307");
    ASSERT_SPAN(msg, e[0]->sub, "isi.edu");
    ASSERT_SPAN(msg, e[0]->extra, "\"Session parameter 'foo' not understood\"");
    ASSERT_SPAN(msg, e[1]->value, "301");
    ASSERT_SPAN(msg, e[1]->sub, "isi.edu");
    ASSERT_SPAN(msg, e[1]->extra, "\"Incompatible network address type 'E.164'\"");
    cr_assert_neq(e[0]->header, e[1]->header);
    cr_assert_eq(e[0]->params.count, 0);
    /* a comma list: two lines are fine */
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
}

Test(headers, warning_agents_and_texts)
{
    /* warn-agent = hostport / pseudonym; warn-text = quoted-string, which
       may start with SWS (a fold after the SP) and holds quoted-pairs and
       UTF-8 */
    static const char msg[] = RHEAD("488 Not Acceptable Here")
        "Warning: 370 192.0.2.1:5060 \"Insufficient bandwidth\", 399 [2001:db8::1] \"v6\",\r\n"
        " 399 [2001:db8::1]:5061  \"two \\\"spaces\\\"\", 399 sip_proxy-7 \"caf\xc3\xa9\",\r\n"
        " 399 proxy.example.com:5070 \r\n \"folded\"\r\n" TAIL;
    static const struct {
        const char *agent, *text;
    } want[] = {
        {"192.0.2.1:5060", "\"Insufficient bandwidth\""},
        {"[2001:db8::1]", "\"v6\""},
        {"[2001:db8::1]:5061", "\"two \\\"spaces\\\"\""},
        {"sip_proxy-7", "\"caf\xc3\xa9\""},
        {"proxy.example.com:5070", "\"folded\""},
    };
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[6];
    cr_assert_eq(entries(m, SIPR_H_WARNING, e, 6), 5);
    for (size_t k = 0; k < 5; k++) {
        ASSERT_SPAN(msg, e[k]->sub, want[k].agent);
        ASSERT_SPAN(msg, e[k]->extra, want[k].text);
        cr_assert_eq(e[k]->header, e[0]->header);
    }
    ASSERT_SPAN(msg, e[0]->value, "370");
    ASSERT_SPAN(msg, e[4]->value, "399");
}

Test(headers, warning_refused_where_it_fails)
{
    static const char *const bad[] = {
        RHEAD("488 Not Acceptable Here") "Warning: 39 host \"x\"\r\n" TAIL,      /* 3DIGIT */
        RHEAD("488 Not Acceptable Here") "Warning: 399\thost \"x\"\r\n" TAIL,     /* SP */
        RHEAD("488 Not Acceptable Here") "Warning: 399 host\r\n \"x\"\r\n" TAIL, /* SP, then SWS */
        RHEAD("488 Not Acceptable Here") "Warning: 399 sip_proxy:5060 \"x\"\r\n" TAIL, /* no hostname */
        RHEAD("488 Not Acceptable Here") "Warning: 399 host x\r\n" TAIL,
        RHEAD("488 Not Acceptable Here") "Warning: 399 host\r\n" TAIL,
        RHEAD("488 Not Acceptable Here") "Warning: 399 host \"x\" \"y\"\r\n" TAIL,
        RHEAD("488 Not Acceptable Here") "Warning: 399 host \"x\",\r\n" TAIL,
        RHEAD("488 Not Acceptable Here") "Warning: 399 host \"x\r\n" TAIL,
        RHEAD("488 Not Acceptable Here") "Warning: 399 [2001:db8::1 \"x\"\r\n" TAIL,
        RHEAD("488 Not Acceptable Here") "Warning:\r\n" TAIL,
    };
    static const char *const at[] = {" host", "\thost", "\r\n \"x\"", ":5060", "x\r\n", "\r\nContent-Length",
                                     "\"y\"", "\r\nContent-Length", "\r\nContent-Length",
                                     " \"x\"", "\r\nContent-Length"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
}

Test(headers, rfc4475_scalarlg_warning_once_cseq_and_retry_after_are_fixed)
{
    /* RFC 4475 §3.1.2.5 also has "Warning: 1812 overture ..." (a 4-digit
       code): with CSeq and Retry-After numbers that fit, it is refused at
       its fourth digit */
    static char a[2048], b[2048];
    const size_t len = load("tests/corpus/rfc4475/scalarlg.dat");
    size_t n = replaced(a, sizeof a, g_buf, len, "9292394834772304023312", "9292");
    n = replaced(b, sizeof b, a, n, "949302838503028349304023988", "9493");
    expect_error(b, SIPR_E_ITEM, off_of(b, "1812", 0) + 3);
    /* and with a 3-digit code the message parses */
    n = replaced(a, sizeof a, b, n, "1812", "399");
    {
        const sipr_msg *m = parse_ok(a, n);
        const sipr_item *e[2];
        cr_assert_eq(entries(m, SIPR_H_WARNING, e, 2), 1);
        ASSERT_SPAN(a, e[0]->sub, "overture");
        ASSERT_SPAN(a, e[0]->extra, "\"In Progress\"");
    }
}

/* ---- Server, User-Agent ------------------------------------------------------------------- */

Test(headers, rfc4475_mpart01_user_agent)
{
    /* RFC 4475 §3.1.1.11: "User-Agent: SIPimp.org/0.2.5 (curses)" */
    const size_t len = load("tests/corpus/rfc4475/mpart01.dat");
    const sipr_msg *m = parse_ok(g_buf, len);
    const sipr_item *e[3];
    cr_assert_eq(entries(m, SIPR_H_USER_AGENT, e, 3), 2);
    ASSERT_SPAN(g_buf, e[0]->value, "SIPimp.org");
    ASSERT_SPAN(g_buf, e[0]->sub, "0.2.5");
    ASSERT_SPAN(g_buf, e[1]->value, "(curses)");
    cr_assert_eq(e[1]->sub.len, 0);
    cr_assert_eq(e[0]->header, e[1]->header);
    cr_assert_eq(e[0]->params.count + e[1]->params.count, 0);
    cr_assert_eq(sipr_validate(g_buf, len, m, NULL).code, SIPR_V_OK);
}

Test(headers, server_and_user_agent_products_and_comments)
{
    /* RFC 3261 §20.35 "Server: HomeServer v2", §20.41 "User-Agent:
       Softphone Beta1.5"; SLASH with white space, a fold between
       server-vals, comments nested, escaped, with UTF-8 */
    static const char rfc[] = RHEAD("200 OK") "Server: HomeServer v2\r\n" TAIL;
    static const char ua[] = HEAD "User-Agent: Softphone Beta1.5\r\n" TAIL;
    static const char msg[] = HEAD "User-Agent: Kamailio (5.4.3 (x86_64/linux)) foo / 1.0\r\n"
                                   "\t(caf\xc3\xa9 \\) \\( x) bar/2\r\n" TAIL;
    const sipr_msg *m = parse_ok(rfc, sizeof rfc - 1);
    const sipr_item *e[6];
    cr_assert_eq(entries(m, SIPR_H_SERVER, e, 6), 2);
    ASSERT_SPAN(rfc, e[0]->value, "HomeServer");
    ASSERT_SPAN(rfc, e[1]->value, "v2");
    cr_assert_eq(e[0]->sub.len + e[1]->sub.len, 0);
    m = parse_ok(ua, sizeof ua - 1);
    cr_assert_eq(entries(m, SIPR_H_USER_AGENT, e, 6), 2);
    ASSERT_SPAN(ua, e[0]->value, "Softphone");
    ASSERT_SPAN(ua, e[1]->value, "Beta1.5");
    m = parse_ok(msg, sizeof msg - 1);
    cr_assert_eq(entries(m, SIPR_H_USER_AGENT, e, 6), 5);
    ASSERT_SPAN(msg, e[0]->value, "Kamailio");
    ASSERT_SPAN(msg, e[1]->value, "(5.4.3 (x86_64/linux))");
    ASSERT_SPAN(msg, e[2]->value, "foo");
    ASSERT_SPAN(msg, e[2]->sub, "1.0");
    ASSERT_SPAN(msg, e[3]->value, "(caf\xc3\xa9 \\) \\( x)");
    cr_assert_eq(e[3]->sub.len, 0);
    ASSERT_SPAN(msg, e[4]->value, "bar");
    ASSERT_SPAN(msg, e[4]->sub, "2");
}

Test(headers, server_and_user_agent_refused_where_they_fail)
{
    /* LWS between server-vals is required: a comment glued to a product is
       refused at its '(' (as some PBXs write it: siprove follows the ABNF) */
    static const char *const bad[] = {
        HEAD "User-Agent: FPBX-15.0.23(16.18.0)\r\n" TAIL,
        HEAD "User-Agent: foo/\r\n" TAIL,
        HEAD "User-Agent: foo/1.0/2.0\r\n" TAIL,
        HEAD "User-Agent: foo/(x)\r\n" TAIL,
        HEAD "User-Agent: foo, bar\r\n" TAIL,
        HEAD "User-Agent: (x\r\n" TAIL,
        HEAD "User-Agent: \"quoted\"\r\n" TAIL,
        RHEAD("200 OK") "Server:\r\n" TAIL,
        RHEAD("200 OK") "Server: a;b\r\n" TAIL,
    };
    static const char *const at[] = {"(16.18.0)", "\r\nContent-Length", "/2.0\r\nContent-Length", "(x)", ", bar",
                                     "\r\nContent-Length", "\"quoted", "\r\nContent-Length", ";b\r\n"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
    {
        const char *deep = HEAD "User-Agent: x (1 (2 (3 (4 (5)))))\r\n" TAIL;
        expect_error(deep, SIPR_E_COMMENT_DEPTH, off_of(deep, "(5)", 0));
    }
}

/* ---- authentication: challenge, credentials, Authentication-Info ------------------------- */

/* The one entry of the line of kind `kind` of the corpus file `path`: its
   scheme is `scheme` and its parameters are named names[0 .. n-1], in order;
   every parameter's value is as written, and the Digest parser's value of
   that parameter (between the quotes of a quoted-string) lies inside it. */
static void corpus_auth(const char *path, unsigned kind, const char *scheme,
                        const char *const *names, unsigned n)
{
    const size_t len = load(path);
    const sipr_msg *m = parse_ok(g_buf, len);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, kind, e, 2), 1, "%s", path);
    ASSERT_SPAN(g_buf, e[0]->value, scheme);
    cr_assert_eq(e[0]->params.count, n, "%s: %u parameters", path, e[0]->params.count);
    for (unsigned j = 0; j < n; j++) {
        const sipr_param *p = &m->params[e[0]->params.first + j];
        ASSERT_SPAN(g_buf, p->name, names[j]);
        cr_assert_gt(p->value.len, 0);
        if (g_buf[p->value.off] == '"') {
            cr_assert_geq(p->value.len, 2);
            cr_assert_eq(g_buf[p->value.off + p->value.len - 1], '"');
        }
    }
    cr_assert_eq(sipr_validate(g_buf, len, m, NULL).code, SIPR_V_OK);
    {
        /* the Digest parser reads the same line's value, and agrees */
        const sipr_span v = m->headers[e[0]->header].value;
        const sipr_param *p0 = &m->params[e[0]->params.first];
        if (kind == SIPR_H_WWW_AUTHENTICATE || kind == SIPR_H_PROXY_AUTHENTICATE) {
            sipr_digest_challenge ch;
            cr_assert_eq(sipr_digest_parse_challenge(g_buf, len, v, &ch), SIPR_OK);
            /* the first parameter of these challenges is the realm */
            cr_assert_eq(ch.realm.value.off, p0->value.off + 1);
            cr_assert_eq(ch.realm.value.len, p0->value.len - 2);
        } else {
            sipr_digest_credentials cr;
            cr_assert_eq(sipr_digest_parse_credentials(g_buf, len, v, &cr), SIPR_OK);
            /* and of these credentials the username */
            cr_assert_eq(cr.username.value.off, p0->value.off + 1);
            cr_assert_eq(cr.username.value.len, p0->value.len - 2);
        }
    }
}

Test(headers, rfc3665_challenges_and_credentials)
{
    /* RFC 3665 §2.1 F2 and F3, §3.2 F2 and F4: the Digest challenges and
       credentials of a registration and a call (folded over lines) */
    static const char *const ch[] = {"realm", "qop", "nonce", "opaque", "stale", "algorithm"};
    static const char *const cr[] = {"username", "realm", "nonce", "opaque", "uri", "response"};
    corpus_auth("tests/corpus/rfc3665/2.1-F2-401-unauthorized.sip", SIPR_H_WWW_AUTHENTICATE,
                "Digest", ch, 6);
    corpus_auth("tests/corpus/rfc3665/2.1-F3-register.sip", SIPR_H_AUTHORIZATION, "Digest", cr, 6);
    corpus_auth("tests/corpus/rfc3665/3.2-F2-407-proxy-authorization-required.sip",
                SIPR_H_PROXY_AUTHENTICATE, "Digest", ch, 6);
    corpus_auth("tests/corpus/rfc3665/3.2-F4-invite.sip", SIPR_H_PROXY_AUTHORIZATION, "Digest", cr, 6);
}

Test(headers, auth_params_as_written)
{
    /* values as written: a token, a quoted-string with its quotes and its
       quoted-pairs, commas inside quotes; EQUAL and COMMA with white space;
       two challenges on two lines (§7.3.1 allows them so) */
    static const char msg[] = RHEAD("401 Unauthorized")
        "WWW-Authenticate: Digest realm = \"a\\\"b\" ,qop=\"auth,auth-int\",\r\n"
        "  nonce=\"n1\", algorithm=SHA-256\r\n"
        "WWW-Authenticate: NewScheme x=y\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[3];
    cr_assert_eq(entries(m, SIPR_H_WWW_AUTHENTICATE, e, 3), 2);
    ASSERT_SPAN(msg, e[0]->value, "Digest");
    cr_assert_eq(e[0]->params.count, 4);
    assert_param(msg, m, e[0], 0, "realm", "\"a\\\"b\"");
    assert_param(msg, m, e[0], 1, "qop", "\"auth,auth-int\"");
    assert_param(msg, m, e[0], 2, "nonce", "\"n1\"");
    assert_param(msg, m, e[0], 3, "algorithm", "SHA-256");
    ASSERT_SPAN(msg, e[1]->value, "NewScheme");
    cr_assert_eq(e[1]->params.count, 1);
    assert_param(msg, m, e[1], 0, "x", "y");
    cr_assert_neq(e[0]->header, e[1]->header);
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
}

Test(headers, authentication_info_ainfos)
{
    /* RFC 3261 §20.6: the five ainfos, names in any case (the values of
       RFC 2617 §3.5's example); no scheme: the entry's value is empty, at
       the value */
    static const char msg[] = RHEAD("200 OK")
        "Authentication-Info: NextNonce=\"47364c23432d2e131a5fb210812c\", qop=auth,\r\n"
        " rspauth=\"6629fae49393a05397450978507c4ef1\", cnonce = \"0a4f113b\", NC=00000001\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    const sipr_item *e[2];
    cr_assert_eq(entries(m, SIPR_H_AUTHENTICATION_INFO, e, 2), 1);
    cr_assert_eq(e[0]->value.len, 0);
    cr_assert_eq(e[0]->value.off, m->headers[e[0]->header].value.off);
    cr_assert_eq(e[0]->params.count, 5);
    assert_param(msg, m, e[0], 0, "NextNonce", "\"47364c23432d2e131a5fb210812c\"");
    assert_param(msg, m, e[0], 1, "qop", "auth");
    assert_param(msg, m, e[0], 2, "rspauth", "\"6629fae49393a05397450978507c4ef1\"");
    assert_param(msg, m, e[0], 3, "cnonce", "\"0a4f113b\"");
    assert_param(msg, m, e[0], 4, "NC", "00000001");
    cr_assert_eq(sipr_validate(msg, sizeof msg - 1, m, NULL).code, SIPR_V_OK);
}

Test(headers, auth_refused_where_it_fails)
{
    static const char *const bad[] = {
        HEAD "Authorization: Digest\r\n" TAIL,                         /* LWS auth-param */
        HEAD "Authorization: Digest realm=\"a\",\r\n" TAIL,
        HEAD "Authorization: Digest realm\r\n" TAIL,                   /* EQUAL */
        HEAD "Authorization: Digest realm=\"a\" nonce=\"b\"\r\n" TAIL, /* COMMA */
        HEAD "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n" TAIL, /* no token68 */
        HEAD "Proxy-Authorization: Digest realm=<a>\r\n" TAIL,
        HEAD "Proxy-Authorization: Digest realm=\"a\r\n" TAIL,
        RHEAD("401 Unauthorized") "WWW-Authenticate: Digest realm=\"a\", Basic realm=\"b\"\r\n" TAIL,
        RHEAD("407 Proxy Authentication Required") "Proxy-Authenticate:\r\n" TAIL,
        RHEAD("407 Proxy Authentication Required") "Proxy-Authenticate: realm=\"a\"\r\n" TAIL,
    };
    static const char *const at[] = {"\r\nContent-Length", "\r\nContent-Length",
                                     "\r\nContent-Length", "nonce=", "=\r\n", "<a>",
                                     "\r\nContent-Length", "realm=\"b\"", "\r\nContent-Length",
                                     "=\"a\""};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
}

Test(headers, authentication_info_refused_where_it_fails)
{
    /* only RFC 3261's five ainfos, each with its value's rule */
    static const char *const bad[] = {
        RHEAD("200 OK") "Authentication-Info: username=\"bob\"\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: nextnonce=abc\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: nc=0000001\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: nc=0000000A\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: nc=000000011\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: rspauth=\"6629FAE4\"\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: qop=\"auth\"\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: Digest qop=auth\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info: qop=auth,\r\n" TAIL,
        RHEAD("200 OK") "Authentication-Info:\r\n" TAIL,
    };
    static const char *const at[] = {"username", "abc", "\r\nContent-Length", "A\r\n", "1\r\nContent",
                                     "FAE4", "\"auth\"", "Digest", "\r\nContent-Length",
                                     "\r\nContent-Length"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ITEM, off_of(bad[k], at[k], 0));
}

Test(headers, auth_params_overflow_the_parameter_pool)
{
    /* the parameter that does not fit, with the default item pool */
    static const char msg[] = HEAD "Authorization: Digest username=\"bob\", realm=\"a\", nonce=\"n\"\r\n" TAIL;
    sipr_limits l = sipr_limits_default();
    l.max_params = 2;
    cr_assert_eq(parse_lim(msg, sizeof msg - 1, &l), SIPR_E_TOO_MANY_PARAMS);
    cr_assert_eq(g_m.err_off, off_of(msg, "nonce", 0));
    l.max_params = 3;
    cr_assert_eq(parse_lim(msg, sizeof msg - 1, &l), SIPR_OK);
    cr_assert_eq(g_m.n_params, 3);
}

/* ---- lines of one value, kinds, names ---------------------------------------------------- */

Test(headers, one_value_headers_twice_are_duplicates)
{
    /* a second line parses; sipr_validate names it (§7.3.1: only comma
       lists may repeat) */
    static const char *const lines[] = {
        "Content-Disposition: session\r\nContent-Disposition: render\r\n",
        "Priority: urgent\r\nPriority: normal\r\n",
        "Event: dialog\r\no: presence\r\n",
        "Subscription-State: active\r\nSubscription-State: pending\r\n",
        "Session-Expires: 90\r\nx: 180\r\n",
        "Min-SE: 90\r\nMin-SE: 180\r\n",
        "MIME-Version: 1.0\r\nMIME-Version: 1.0\r\n",
        "RSeq: 1\r\nRSeq: 2\r\n",
        "Privacy: id\r\nPrivacy: user\r\n",
        "Subject: lunch\r\ns: dinner\r\n",
        "Organization: Boxes by Bob\r\nOrganization:\r\n",
        "Retry-After: 120\r\nRetry-After: 60 (later)\r\n",
        "RAck: 1 1 INVITE\r\nRAck: 2 1 INVITE\r\n",
        "Timestamp: 54\r\nTimestamp: 55\r\n",
        "Server: a/1\r\nServer: b/2\r\n",
        "User-Agent: a/1\r\nUser-Agent: (b)\r\n",
    };
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        char msg[1024];
        const int n = snprintf(msg, sizeof msg, "%s%s%s", HEAD, lines[k], TAIL);
        const sipr_msg *m = parse_ok(msg, (size_t)n);
        const sipr_verdict v = sipr_validate(msg, (size_t)n, m, NULL);
        const uint32_t second = off_of(msg, "\r\n", 7) + 2; /* the line after HEAD's 7 and the first */
        cr_assert_eq(v.code, SIPR_V_DUPLICATE_HEADER, "%s: verdict %s", lines[k],
                     sipr_verdict_reason(v.code));
        cr_assert_eq(v.response, 400);
        cr_assert_eq(v.off, second, "%s: offset %u, want %u", lines[k], (unsigned)v.off,
                     (unsigned)second);
    }
}

Test(headers, kinds_names_and_compact_forms)
{
    static const struct {
        unsigned kind;
        const char *name;
    } k[] = {
        {SIPR_H_ACCEPT_ENCODING, "Accept-Encoding"}, {SIPR_H_ACCEPT_LANGUAGE, "Accept-Language"},
        {SIPR_H_CONTENT_LANGUAGE, "Content-Language"},
        {SIPR_H_CONTENT_DISPOSITION, "Content-Disposition"}, {SIPR_H_PRIORITY, "Priority"},
        {SIPR_H_EVENT, "Event"}, {SIPR_H_SUBSCRIPTION_STATE, "Subscription-State"},
        {SIPR_H_REASON, "Reason"}, {SIPR_H_SESSION_EXPIRES, "Session-Expires"},
        {SIPR_H_MIN_SE, "Min-SE"}, {SIPR_H_MIME_VERSION, "MIME-Version"}, {SIPR_H_RSEQ, "RSeq"},
        {SIPR_H_IN_REPLY_TO, "In-Reply-To"}, {SIPR_H_PRIVACY, "Privacy"},
        {SIPR_H_SUBJECT, "Subject"}, {SIPR_H_ORGANIZATION, "Organization"},
        {SIPR_H_RETRY_AFTER, "Retry-After"}, {SIPR_H_RACK, "RAck"}, {SIPR_H_TIMESTAMP, "Timestamp"},
        {SIPR_H_WARNING, "Warning"}, {SIPR_H_SERVER, "Server"}, {SIPR_H_USER_AGENT, "User-Agent"},
        {SIPR_H_WWW_AUTHENTICATE, "WWW-Authenticate"},
        {SIPR_H_PROXY_AUTHENTICATE, "Proxy-Authenticate"},
        {SIPR_H_AUTHORIZATION, "Authorization"},
        {SIPR_H_PROXY_AUTHORIZATION, "Proxy-Authorization"},
        {SIPR_H_AUTHENTICATION_INFO, "Authentication-Info"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        cr_assert_str_eq(sipr_header_name((sipr_header_kind)k[i].kind), k[i].name);
        cr_assert_lt(k[i].kind, SIPR_H__COUNT);
    }
    /* names are case-insensitive; a longer name is another header */
    static const char msg[] = HEAD "EVENT: dialog\r\nmin-se: 90\r\nRseq: 7\r\nEvents: x\r\nPrivacy-X: id; user\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    /* HEAD holds six header lines */
    cr_assert_eq(m->headers[6].kind, SIPR_H_EVENT);
    cr_assert_eq(m->headers[7].kind, SIPR_H_MIN_SE);
    cr_assert_eq(m->headers[8].kind, SIPR_H_RSEQ);
    cr_assert_eq(m->headers[9].kind, SIPR_H_OTHER);
    cr_assert_eq(m->headers[10].kind, SIPR_H_OTHER);
    cr_assert_str_neq(sipr_strerror(SIPR_E_ITEM), "unknown error");
    /* s is Subject's compact form; a longer name is another header */
    static const char texts[] = HEAD "S: x\r\nsubject: y\r\nSubjects: z\r\nORGANIZATION: w\r\n" TAIL;
    m = parse_ok(texts, sizeof texts - 1);
    cr_assert_eq(m->headers[6].kind, SIPR_H_SUBJECT);
    cr_assert_eq(m->headers[7].kind, SIPR_H_SUBJECT);
    cr_assert_eq(m->headers[8].kind, SIPR_H_OTHER);
    cr_assert_eq(m->headers[9].kind, SIPR_H_ORGANIZATION);
    cr_assert_eq(m->headers[6].next, 7);
}

/* ---- the pools' capacity ------------------------------------------------------------------ */

Test(headers, lowered_item_limit_overflows_cleanly)
{
    static const char msg[] = HEAD "Reason: SIP;cause=580, Q.850;cause=16\r\n"
                                   "Privacy: id;user;header\r\n" TAIL;
    sipr_limits l = sipr_limits_default();
    unsigned char *tail;
    size_t tail_len;
    l.max_items = 3;
    cr_assert_eq(sipr_msg_init(&g_m, &l), SIPR_OK);
    /* the slots beyond the limit: a pattern that must survive */
    tail = (unsigned char *)&g_m.items[3];
    tail_len = (size_t)((unsigned char *)&g_m.items[SIPR_MAX_ITEMS] - tail);
    memset(tail, 0xA5, tail_len);
    cr_assert_eq(sipr_parse(msg, sizeof msg - 1, &g_m), SIPR_E_TOO_MANY_ITEMS);
    /* the error names the first byte of the entry that did not fit */
    cr_assert_eq(g_m.err_off, off_of(msg, "user;header", 0));
    cr_assert_eq(g_m.n_items, 3);
    for (size_t k = 0; k < tail_len; k++)
        cr_assert_eq(tail[k], 0xA5, "byte %zu past the limit written", k);
    /* exactly at the limit: accepted */
    l.max_items = 5;
    cr_assert_eq(parse_lim(msg, sizeof msg - 1, &l), SIPR_OK);
    cr_assert_eq(g_m.n_items, 5);
    /* the parameter pool: the parameter that does not fit */
    l = sipr_limits_default();
    l.max_params = 1;
    cr_assert_eq(parse_lim(msg, sizeof msg - 1, &l), SIPR_E_TOO_MANY_PARAMS);
    cr_assert_eq(g_m.err_off, off_of(msg, "cause=16", 0));
}

Test(headers, compiled_item_maximum_overflows_cleanly)
{
    /* SIPR_MAX_ITEMS + 1 codings with the default limits: nothing is written
       past msg.items (the parameter pool that follows it holds a pattern) */
    static char msg[16384];
    size_t n = 0;
    n += (size_t)snprintf(msg + n, sizeof msg - n, "%sAccept-Encoding: c0", HEAD);
    for (int k = 1; k <= SIPR_MAX_ITEMS; k++)
        n += (size_t)snprintf(msg + n, sizeof msg - n, ", c%d", k);
    n += (size_t)snprintf(msg + n, sizeof msg - n, "\r\n%s", TAIL);
    cr_assert_lt(n, sizeof msg);
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    memset(g_m.params, 0x5A, sizeof g_m.params);
    cr_assert_eq(sipr_parse(msg, n, &g_m), SIPR_E_TOO_MANY_ITEMS);
    {
        char last[16];
        snprintf(last, sizeof last, "c%d\r\n", SIPR_MAX_ITEMS);
        cr_assert_eq(g_m.err_off, off_of(msg, last, 0));
    }
    cr_assert_eq(g_m.n_items, SIPR_MAX_ITEMS);
    cr_assert_eq(g_m.n_params, 0);
    for (size_t k = 0; k < sizeof g_m.params; k++)
        cr_assert_eq(((const unsigned char *)g_m.params)[k], 0x5A, "parameter pool byte %zu written", k);
}
