/* The name-addr headers kept in sipr_msg.addrs (grammar/addrs.rl): Route,
 * Record-Route, Path, Service-Route, P-Asserted-Identity,
 * P-Preferred-Identity, Reply-To, Refer-To (r), Referred-By (b), Alert-Info,
 * Call-Info, Error-Info. Real messages (RFC 3665, RFC 4475) and small
 * requests built here; every expected offset is found in the message text. */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "siprove.h"

static char g_buf[1u << 16];

/* the message followed by a guard: a write past msg.addrs (its last
   member) would land in the guard */
static struct {
    sipr_msg m;
    unsigned char guard[512];
} g;

static size_t load(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    cr_assert_not_null(f, "cannot open %s", path);
    n = fread(g_buf, 1, sizeof g_buf, f);
    fclose(f);
    return n;
}

static sipr_status parse_lim(const char *buf, size_t len, const sipr_limits *l)
{
    cr_assert_eq(sipr_msg_init(&g.m, l), SIPR_OK);
    return sipr_parse(buf, len, &g.m);
}

static const sipr_msg *parse_ok(const char *buf, size_t len)
{
    const sipr_status st = parse_lim(buf, len, NULL);
    cr_assert_eq(st, SIPR_OK, "parse: %s at %u", sipr_strerror(st), (unsigned)g.m.err_off);
    return &g.m;
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

/* the generic parameter named name of the run pl (value into *v), or 0 */
static int has_param(const sipr_msg *m, const char *buf, sipr_plist pl, const char *name,
                     sipr_span *v)
{
    for (unsigned k = pl.first; k < (unsigned)pl.first + pl.count; k++) {
        cr_assert_lt(k, m->n_params);
        if (span_is(buf, m->params[k].name, name)) {
            if (v)
                *v = m->params[k].value;
            return 1;
        }
    }
    return 0;
}

/* every entry names a line of its kind, lines in order */
static void check_entries(const sipr_msg *m)
{
    for (unsigned k = 0; k < m->n_addrs; k++) {
        const sipr_name_addr *a = &m->addrs[k];
        cr_assert_lt(a->header, m->n_headers);
        cr_assert_geq(m->headers[a->header].kind, SIPR_H_ROUTE);
        cr_assert_leq(m->headers[a->header].kind, SIPR_H_ERROR_INFO);
        if (k > 0)
            cr_assert_geq(a->header, m->addrs[k - 1].header);
        cr_assert_leq((size_t)a->uri_text.off + a->uri_text.len, m->len);
    }
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

/* ---- real messages ---------------------------------------------------------------- */

Test(addrs, rfc3665_record_route_folded_list)
{
    /* RFC 3665 §3.2 F7: Record-Route: <ss2...;lr>, CRLF SP <ss1...;lr> */
    const size_t len = load("tests/corpus/rfc3665/3.2-F7-invite.sip");
    const sipr_msg *m = parse_ok(g_buf, len);
    const uint16_t line = m->first[SIPR_H_RECORD_ROUTE];
    cr_assert_neq(line, SIPR_NONE);
    cr_assert_eq(m->last[SIPR_H_RECORD_ROUTE], line);
    ASSERT_SPAN(g_buf, m->headers[line].name, "Record-Route");
    cr_assert_eq(m->n_addrs, 2);
    check_entries(m);
    ASSERT_SPAN(g_buf, m->addrs[0].uri.host, "ss2.biloxi.example.com");
    ASSERT_SPAN(g_buf, m->addrs[1].uri.host, "ss1.atlanta.example.com");
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(m->addrs[k].header, line);
        cr_assert_eq(m->addrs[k].display.len, 0);
        cr_assert_eq(m->addrs[k].uri.scheme, SIPR_URI_SIP);
        cr_assert(has_param(m, g_buf, m->addrs[k].uri.params, "lr", NULL), "entry %d has lr", k);
        cr_assert_eq(m->addrs[k].params.count, 0);
    }
    cr_assert_eq(m->addrs[1].uri_text.off, off_of(g_buf, "sip:ss1.atlanta", 0));
}

Test(addrs, rfc4475_wsinv_route_on_a_folded_line)
{
    /* RFC 4475 §3.1.1.1 wsinv: "Route:" CRLF SP <sip:services...;lr;...> */
    const size_t len = load("tests/corpus/rfc4475/wsinv.dat");
    const sipr_msg *m = parse_ok(g_buf, len);
    const uint16_t line = m->first[SIPR_H_ROUTE];
    sipr_span v;
    cr_assert_neq(line, SIPR_NONE);
    cr_assert_eq(m->n_addrs, 1);
    check_entries(m);
    cr_assert_eq(m->addrs[0].header, line);
    ASSERT_SPAN(g_buf, m->addrs[0].uri.host, "services.example.com");
    cr_assert(has_param(m, g_buf, m->addrs[0].uri.params, "lr", NULL));
    cr_assert(has_param(m, g_buf, m->addrs[0].uri.params, "unknownwith", &v));
    ASSERT_SPAN(g_buf, v, "value");
    cr_assert(has_param(m, g_buf, m->addrs[0].uri.params, "unknown-no-value", &v));
    cr_assert_eq(v.len, 0);
}

Test(addrs, rfc4475_inv2543_record_route_maddr)
{
    const size_t len = load("tests/corpus/rfc4475/inv2543.dat");
    const sipr_msg *m = parse_ok(g_buf, len);
    sipr_span v;
    cr_assert_eq(m->n_addrs, 1);
    cr_assert_eq(m->headers[m->addrs[0].header].kind, SIPR_H_RECORD_ROUTE);
    ASSERT_SPAN(g_buf, m->addrs[0].uri.user, "UserB");
    cr_assert(has_param(m, g_buf, m->addrs[0].uri.params, "maddr", &v));
    ASSERT_SPAN(g_buf, v, "ss1.example.com");
}

Test(addrs, rfc3515_placeholder_refer_to_rejected)
{
    /* RFC 3515 §4.1 F1 writes "Refer-To: (whatever URI)": not a URI */
    const size_t len = load("tests/corpus/rfc3515/4.1-F1-refer.sip");
    g_buf[len] = '\0';
    cr_assert_eq(parse_lim(g_buf, len, NULL), SIPR_E_ADDR);
    cr_assert_eq(g.m.err_off, off_of(g_buf, "(whatever URI)", 0));
}

Test(addrs, rfc3515_refer_with_a_uri_in_place_of_the_placeholder)
{
    /* the same F1 with a URI where the RFC has its placeholder: the only
       departure from the shared manifest is that placeholder */
    static char msg[1024];
    const size_t len = load("tests/corpus/rfc3515/4.1-F1-refer.sip");
    const char *uri = "<sip:c@atlanta.example.com>";
    uint32_t at, n;
    g_buf[len] = '\0';
    at = off_of(g_buf, "(whatever URI)", 0);
    cr_assert_lt(len + strlen(uri), sizeof msg);
    memcpy(msg, g_buf, at);
    memcpy(msg + at, uri, strlen(uri));
    n = at + (uint32_t)strlen(uri);
    memcpy(msg + n, g_buf + at + strlen("(whatever URI)"), len - at - strlen("(whatever URI)"));
    n += (uint32_t)(len - at - strlen("(whatever URI)"));
    const sipr_msg *m = parse_ok(msg, n);
    cr_assert_eq(m->n_addrs, 1);
    cr_assert_eq(m->headers[m->addrs[0].header].kind, SIPR_H_REFER_TO);
    cr_assert_eq(m->first[SIPR_H_REFER_TO], m->addrs[0].header);
    ASSERT_SPAN(msg, m->addrs[0].uri.user, "c");
    ASSERT_SPAN(msg, m->addrs[0].uri.host, "atlanta.example.com");
    cr_assert_eq(sipr_validate(msg, n, m, NULL).response, 0);
}

/* ---- lists, order, forms ------------------------------------------------------------ */

Test(addrs, route_lines_and_comma_lists_in_order)
{
    static const char msg[] = HEAD
        "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>\r\n"
        "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
        "route: \"Proxy Three\" <sip:p3.example.com:5070;lr;transport=tcp> ;x=1;flag ,\r\n"
        "  Four <sips:p4.example.com;lr>\r\n"
        "ROUTE: <sip:[2001:db8::5];lr>\r\n"
        "Record-Route: <sip:rr.example.com;lr>\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    static const char *const hosts[] = {"p1.example.com", "p2.example.com", "p3.example.com",
                                        "p4.example.com", "[2001:db8::5]", "rr.example.com"};
    sipr_span v;
    cr_assert_eq(m->n_addrs, 6);
    check_entries(m);
    for (int k = 0; k < 6; k++) {
        ASSERT_SPAN(msg, m->addrs[k].uri.host, hosts[k]);
        cr_assert(has_param(m, msg, m->addrs[k].uri.params, "lr", NULL), "entry %d has lr", k);
        cr_assert_eq(m->headers[m->addrs[k].header].kind, k < 5 ? SIPR_H_ROUTE : SIPR_H_RECORD_ROUTE);
    }
    /* the Route chain: three lines, the Contact line between them not in it */
    cr_assert_eq(m->addrs[0].header, m->first[SIPR_H_ROUTE]);
    cr_assert_eq(m->addrs[1].header, m->addrs[0].header);
    cr_assert_eq(m->addrs[2].header, m->headers[m->addrs[0].header].next);
    cr_assert_eq(m->addrs[3].header, m->addrs[2].header);
    cr_assert_eq(m->addrs[4].header, m->last[SIPR_H_ROUTE]);
    cr_assert_eq(m->n_contacts, 1);
    /* display names as written, header parameters after the '>' */
    ASSERT_SPAN(msg, m->addrs[2].display, "\"Proxy Three\"");
    ASSERT_SPAN(msg, m->addrs[3].display, "Four");
    cr_assert_eq(m->addrs[0].display.len, 0);
    cr_assert_eq(m->addrs[2].uri.port, 5070);
    cr_assert(has_param(m, msg, m->addrs[2].uri.params, "transport", &v));
    ASSERT_SPAN(msg, v, "tcp");
    cr_assert_eq(m->addrs[2].params.count, 2);
    cr_assert(has_param(m, msg, m->addrs[2].params, "x", &v));
    ASSERT_SPAN(msg, v, "1");
    cr_assert(has_param(m, msg, m->addrs[2].params, "flag", &v));
    cr_assert_eq(v.len, 0);
    cr_assert_eq(m->addrs[3].uri.scheme, SIPR_URI_SIPS);
    cr_assert_eq(m->addrs[4].uri.host_kind, SIPR_HOST_IPV6);
    /* the kinds' names */
    cr_assert_str_eq(sipr_header_name(SIPR_H_ROUTE), "Route");
    cr_assert_str_eq(sipr_header_name(SIPR_H_RECORD_ROUTE), "Record-Route");
}

Test(addrs, compact_forms_r_and_b)
{
    static const char msg[] = HEAD
        "r: <sip:carol@chicago.example.com?Replaces=12345%40atlanta.example.com>\r\n"
        "b: \"Alice\" <sip:alice@atlanta.example.com>;cid=\"20398823.2UWQFN309shb3@atlanta.example.com\"\r\n"
        TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    sipr_span v;
    const uint16_t r = m->first[SIPR_H_REFER_TO], b = m->first[SIPR_H_REFERRED_BY];
    cr_assert_neq(r, SIPR_NONE);
    cr_assert_neq(b, SIPR_NONE);
    ASSERT_SPAN(msg, m->headers[r].name, "r");
    ASSERT_SPAN(msg, m->headers[b].name, "b");
    cr_assert_eq(m->n_addrs, 2);
    check_entries(m);
    cr_assert_eq(m->addrs[0].header, r);
    ASSERT_SPAN(msg, m->addrs[0].uri.user, "carol");
    cr_assert_eq(m->addrs[0].uri.headers.count, 1);
    ASSERT_SPAN(msg, m->params[m->addrs[0].uri.headers.first].name, "Replaces");
    cr_assert_eq(m->addrs[1].header, b);
    ASSERT_SPAN(msg, m->addrs[1].display, "\"Alice\"");
    cr_assert(has_param(m, msg, m->addrs[1].params, "cid", &v));
    ASSERT_SPAN(msg, v, "\"20398823.2UWQFN309shb3@atlanta.example.com\"");
    cr_assert_str_eq(sipr_header_name(SIPR_H_REFER_TO), "Refer-To");
    cr_assert_str_eq(sipr_header_name(SIPR_H_REFERRED_BY), "Referred-By");
}

Test(addrs, identity_path_service_route_reply_to)
{
    static const char msg[] = HEAD
        "P-Asserted-Identity: \"Cullen Jennings\" <sip:fluffy@cisco.example.com>, tel:+14085264000\r\n"
        "P-Preferred-Identity: sip:fluffy@cisco.example.com\r\n"
        "Path: <sip:P3.EXAMPLEHOME.COM;lr>,<sip:P1.EXAMPLEVISITED.COM;lr>\r\n"
        "Service-Route: <sip:orig@scscf1.home1.net;lr>\r\n"
        "Reply-To: Bob <sip:bob@biloxi.example.com>\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    static const uint16_t kinds[] = {SIPR_H_P_ASSERTED_IDENTITY, SIPR_H_P_ASSERTED_IDENTITY,
                                     SIPR_H_P_PREFERRED_IDENTITY, SIPR_H_PATH, SIPR_H_PATH,
                                     SIPR_H_SERVICE_ROUTE, SIPR_H_REPLY_TO};
    cr_assert_eq(m->n_addrs, 7);
    check_entries(m);
    for (int k = 0; k < 7; k++)
        cr_assert_eq(m->headers[m->addrs[k].header].kind, kinds[k], "entry %d", k);
    ASSERT_SPAN(msg, m->addrs[0].display, "\"Cullen Jennings\"");
    /* an addr-spec is allowed in these (RFC 3325 §9.1) */
    cr_assert_eq(m->addrs[1].uri.scheme, SIPR_URI_TEL);
    ASSERT_SPAN(msg, m->addrs[1].uri_text, "tel:+14085264000");
    ASSERT_SPAN(msg, m->addrs[1].uri.user, "+14085264000");
    ASSERT_SPAN(msg, m->addrs[2].uri.user, "fluffy");
    ASSERT_SPAN(msg, m->addrs[3].uri.host, "P3.EXAMPLEHOME.COM");
    ASSERT_SPAN(msg, m->addrs[4].uri.host, "P1.EXAMPLEVISITED.COM");
    ASSERT_SPAN(msg, m->addrs[5].uri.user, "orig");
    ASSERT_SPAN(msg, m->addrs[6].display, "Bob");
}

Test(addrs, info_headers_uri_and_params)
{
    static const char msg[] = HEAD
        "Alert-Info: <http://www.example.com/sounds/moo.wav>\r\n"
        "Call-Info: <http://wwww.example.com/alice/photo.jpg> ;purpose=icon,\r\n"
        " <http://www.example.com/alice/> ;purpose=info\r\n"
        "Error-Info: <sip:not-in-service-recording@atlanta.example.com>\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    sipr_span v;
    cr_assert_eq(m->n_addrs, 4);
    check_entries(m);
    cr_assert_eq(m->headers[m->addrs[0].header].kind, SIPR_H_ALERT_INFO);
    cr_assert_eq(m->headers[m->addrs[1].header].kind, SIPR_H_CALL_INFO);
    cr_assert_eq(m->addrs[2].header, m->addrs[1].header);
    cr_assert_eq(m->headers[m->addrs[3].header].kind, SIPR_H_ERROR_INFO);
    ASSERT_SPAN(msg, m->addrs[0].uri_text, "http://www.example.com/sounds/moo.wav");
    ASSERT_SPAN(msg, m->addrs[0].uri.scheme_name, "http");
    cr_assert(has_param(m, msg, m->addrs[1].params, "purpose", &v));
    ASSERT_SPAN(msg, v, "icon");
    cr_assert(has_param(m, msg, m->addrs[2].params, "purpose", &v));
    ASSERT_SPAN(msg, v, "info");
    ASSERT_SPAN(msg, m->addrs[3].uri.user, "not-in-service-recording");
    for (int k = 0; k < 4; k++)
        cr_assert_eq(m->addrs[k].display.len, 0);
}

Test(addrs, one_value_per_line_headers_may_repeat_as_lines)
{
    /* a second Refer-To line is a second entry: duplicates are a semantic
       matter, as for From and To (sipr_validate); a comma in a line is the
       parse error */
    static const char msg[] = HEAD "Refer-To: <sip:a@example.com>\r\nRefer-To: sip:b@example.com\r\n" TAIL;
    const sipr_msg *m = parse_ok(msg, sizeof msg - 1);
    sipr_verdict v;
    cr_assert_eq(m->n_addrs, 2);
    cr_assert_neq(m->addrs[0].header, m->addrs[1].header);
    ASSERT_SPAN(msg, m->addrs[1].uri.user, "b");
    /* sipr_validate: a single-valued header twice, at the second line */
    v = sipr_validate(msg, sizeof msg - 1, m, NULL);
    cr_assert_eq(v.code, SIPR_V_DUPLICATE_HEADER);
    cr_assert_eq(v.response, 400);
    cr_assert_eq(v.off, off_of(msg, "Refer-To: sip:b", 0));
    /* one of each is fine */
    {
        static const char one[] = HEAD "Refer-To: <sip:a@example.com>\r\nReferred-By: <sip:c@example.com>\r\n"
                                  "Reply-To: <sip:d@example.com>\r\n" TAIL;
        m = parse_ok(one, sizeof one - 1);
        cr_assert_eq(sipr_validate(one, sizeof one - 1, m, NULL).code, SIPR_V_OK);
    }
}

/* ---- errors: code and offset ------------------------------------------------------------ */

static void expect_error(const char *msg, sipr_status code, uint32_t off)
{
    const sipr_status st = parse_lim(msg, strlen(msg), NULL);
    cr_assert_eq(st, code, "got %s at %u, want %s at %u", sipr_strerror(st), (unsigned)g.m.err_off,
                 sipr_strerror(code), (unsigned)off);
    cr_assert_eq(g.m.err_off, off, "offset %u, want %u (%.12s)", (unsigned)g.m.err_off,
                 (unsigned)off, msg + g.m.err_off);
}

Test(addrs, addr_spec_refused_where_name_addr_required)
{
    static const char *const bad[] = {
        HEAD "Route: sip:p1.example.com;lr\r\n" TAIL,
        HEAD "Record-Route: <sip:p1.example.com;lr>, sip:p2.example.com\r\n" TAIL,
        HEAD "Path: sip:P3.EXAMPLEHOME.COM\r\n" TAIL,
        HEAD "Service-Route: sip:orig@scscf1.home1.net\r\n" TAIL,
        HEAD "Alert-Info: http://www.example.com/sounds/moo.wav\r\n" TAIL,
    };
    static const char *const at[] = {"sip:p1", "sip:p2", "sip:P3", "sip:orig", "http:"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ADDR, off_of(bad[k], at[k], 0));
}

Test(addrs, display_name_refused_in_info_headers)
{
    static const char *const bad[] = {
        HEAD "Alert-Info: Moo <http://www.example.com/sounds/moo.wav>\r\n" TAIL,
        HEAD "Call-Info: <http://a.example.com/x>;purpose=icon, \"Photo\" <http://a.example.com/p.jpg>\r\n" TAIL,
        HEAD "Error-Info: Rec <sip:not-in-service@example.com>\r\n" TAIL,
    };
    static const char *const at[] = {"Moo", "\"Photo\"", "Rec"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ADDR, off_of(bad[k], at[k], 0));
}

Test(addrs, two_values_refused_in_one_value_headers)
{
    static const char *const bad[] = {
        HEAD "Refer-To: <sip:a@example.com>, <sip:b@example.com>\r\n" TAIL,
        HEAD "r: sip:a@example.com,sip:b@example.com\r\n" TAIL,
        HEAD "Referred-By: <sip:a@example.com> , <sip:b@example.com>\r\n" TAIL,
        HEAD "Reply-To: Bob <sip:bob@example.com>, Carol <sip:carol@example.com>\r\n" TAIL,
    };
    static const char *const names[] = {"\r\nRefer-To:", "\r\nr:", "\r\nReferred-By:", "\r\nReply-To:"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        /* the comma after the first value */
        const uint32_t line = off_of(bad[k], names[k], 0);
        expect_error(bad[k], SIPR_E_ADDR, off_of(bad[k] + line, ",", 0) + line);
    }
}

Test(addrs, malformed_values)
{
    static const char *const bad[] = {
        HEAD "Route:\r\n" TAIL,                                /* no value: 1*route-param */
        HEAD "Route: <sip:p1.example.com;lr>,\r\n" TAIL,        /* a comma with nothing after it */
        HEAD "P-Asserted-Identity: <sip:a@example.com\r\n" TAIL, /* no '>' */
        HEAD "Call-Info: <>\r\n" TAIL,                          /* no URI */
    };
    static const char *const at[] = {"\r\nContent-Length", "\r\nContent-Length", "\r\nContent-Length",
                                     ">\r\nContent-Length"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_error(bad[k], SIPR_E_ADDR, off_of(bad[k], at[k], 0));
    /* a bad URI inside the brackets is the URI scanner's error */
    {
        const char *msg = HEAD "Route: <sip:p1.example.com:99999;lr>\r\n" TAIL;
        const sipr_status st = parse_lim(msg, strlen(msg), NULL);
        cr_assert_eq(st, SIPR_E_NUMBER_RANGE, "%s", sipr_strerror(st));
    }
    cr_assert_str_neq(sipr_strerror(SIPR_E_ADDR), "unknown error");
    cr_assert_str_neq(sipr_strerror(SIPR_E_TOO_MANY_ADDRS), "unknown error");
}

/* ---- the pool's capacity -------------------------------------------------------------- */

Test(addrs, lowered_limit_overflows_cleanly)
{
    static const char msg[] = HEAD
        "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
        "Record-Route: <sip:p3.example.com;lr>, <sip:p4.example.com;lr>\r\n" TAIL;
    sipr_limits l = sipr_limits_default();
    unsigned char *tail;
    size_t tail_len;
    l.max_addrs = 3;
    cr_assert_eq(sipr_msg_init(&g.m, &l), SIPR_OK);
    /* the slots beyond the limit and the guard: a pattern that must survive */
    tail = (unsigned char *)&g.m.addrs[3];
    tail_len = (size_t)((unsigned char *)(&g + 1) - tail);
    memset(tail, 0xA5, tail_len);
    cr_assert_eq(sipr_parse(msg, sizeof msg - 1, &g.m), SIPR_E_TOO_MANY_ADDRS);
    /* the error names the first byte of the entry that did not fit */
    cr_assert_eq(g.m.err_off, off_of(msg, "<sip:p4", 0));
    cr_assert_eq(g.m.n_addrs, 3);
    for (size_t k = 0; k < tail_len; k++)
        cr_assert_eq(tail[k], 0xA5, "byte %zu past the limit written", k);
    /* exactly at the limit: accepted */
    l.max_addrs = 4;
    cr_assert_eq(parse_lim(msg, sizeof msg - 1, &l), SIPR_OK);
    cr_assert_eq(g.m.n_addrs, 4);
    /* a limit of 0: the first entry does not fit */
    l.max_addrs = 0;
    cr_assert_eq(parse_lim(msg, sizeof msg - 1, &l), SIPR_E_TOO_MANY_ADDRS);
    cr_assert_eq(g.m.err_off, off_of(msg, "<sip:p1", 0));
    cr_assert_eq(g.m.n_addrs, 0);
}

Test(addrs, compiled_maximum_overflows_cleanly)
{
    /* SIPR_MAX_ADDRS + 1 Route entries with the default limits */
    static char msg[16384];
    size_t n = 0;
    n += (size_t)snprintf(msg + n, sizeof msg - n, "%s", HEAD);
    for (int k = 0; k <= SIPR_MAX_ADDRS; k++)
        n += (size_t)snprintf(msg + n, sizeof msg - n, "Route: <sip:p%d.example.com;lr>\r\n", k);
    n += (size_t)snprintf(msg + n, sizeof msg - n, "%s", TAIL);
    cr_assert_lt(n, sizeof msg);
    cr_assert_eq(sipr_msg_init(&g.m, NULL), SIPR_OK);
    memset(g.guard, 0x5A, sizeof g.guard);
    cr_assert_eq(sipr_parse(msg, n, &g.m), SIPR_E_TOO_MANY_ADDRS);
    {
        char last[64];
        snprintf(last, sizeof last, "<sip:p%d.example.com", SIPR_MAX_ADDRS);
        cr_assert_eq(g.m.err_off, off_of(msg, last, 0));
    }
    cr_assert_eq(g.m.n_addrs, SIPR_MAX_ADDRS);
    for (size_t k = 0; k < sizeof g.guard; k++)
        cr_assert_eq(g.guard[k], 0x5A, "guard byte %zu written", k);
    /* the entries that fit are all there, in order */
    for (int k = 0; k < SIPR_MAX_ADDRS; k++) {
        char host[32];
        snprintf(host, sizeof host, "p%d.example.com", k);
        ASSERT_SPAN(msg, g.m.addrs[k].uri.host, host);
    }
}

Test(addrs, parameter_pool_overflow_in_an_entry)
{
    static const char msg[] = HEAD "Route: <sip:p1.example.com>;a;b;c\r\n" TAIL;
    sipr_limits l = sipr_limits_default();
    l.max_params = 2;
    cr_assert_eq(parse_lim(msg, sizeof msg - 1, &l), SIPR_E_TOO_MANY_PARAMS);
    /* the third parameter is the one that does not fit */
    cr_assert_eq(g.m.err_off, off_of(msg, ";c", 0) + 1u);
    cr_assert_leq(g.m.n_params, 2);
}

Test(addrs, limits_checked_by_init)
{
    sipr_limits l = sipr_limits_default();
    cr_assert_eq(l.max_addrs, SIPR_MAX_ADDRS);
    l.max_addrs = SIPR_MAX_ADDRS + 1;
    cr_assert_eq(sipr_msg_init(&g.m, &l), SIPR_E_ARG);
}
