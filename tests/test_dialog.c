/* siprove: dialogs (RFC 3261 §12) (Criterion): a UAC's and a UAS's dialog
 * made from the messages of a call through two record-routing proxies (in
 * the style of RFC 3261 §24.2, our own text), the requests built inside it
 * parsed back and checked against §12.2.1.1 (loose and strict routing),
 * requests received inside it (§12.2.2), target refresh, and the errors. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "siprove.h"

static sipr_msg g_rq, g_rs, g_out_m;
static sipr_dialog_data g_d;
static char g_out[4096];

static sipr_str S(const char *s)
{
    return (sipr_str){s, (uint32_t)strlen(s)};
}

static void parse_n(const char *text, size_t n, sipr_msg *m)
{
    cr_assert_eq(sipr_msg_init(m, NULL), SIPR_OK);
    cr_assert_eq(sipr_parse(text, n, m), SIPR_OK, "%.*s: %s", (int)n, text, sipr_strerror(m->err));
}

static int span_is(const char *buf, sipr_span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(buf + s.off, lit, s.len) == 0;
}

static const char *k_invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Content-Length: 0\r\n\r\n";

/* the INVITE as Bob receives it, after two proxies */
static const char *k_invite_in =
    "INVITE sip:bob@192.0.2.4 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1\r\n"
    "Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 68\r\n"
    "Record-Route: <sip:server10.biloxi.example.com;lr>\r\n"
    "Record-Route: <sip:bigbox3.site3.atlanta.example.com;lr>\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Content-Length: 0\r\n\r\n";

/* the 200 as Alice receives it */
#define OK200(code, rr, contact)                                                                    \
    "SIP/2.0 " code "\r\n"                                                                          \
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n" rr                        \
    "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"                                          \
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"                                \
    "Call-ID: a84b4c76e66710\r\n"                                                                   \
    "CSeq: 314159 INVITE\r\n" contact "Content-Length: 0\r\n\r\n"

static size_t build_in_dialog(const char *method, uint32_t cseq)
{
    sipr_builder b;
    size_t n;
    memset(g_out, 0, sizeof g_out);
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_dialog_build_request(&b, &g_d, S(method), cseq);
    sipr_build_header(&b, S("Via"), S("SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnew"));
    sipr_build_max_forwards(&b, 70);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    parse_n(g_out, n, &g_out_m);
    return n;
}

Test(dialog, uac_loose)
{
    const char *ok = OK200("200 OK", "Record-Route: <sip:server10.biloxi.example.com;lr>, "
                                     "<sip:bigbox3.site3.atlanta.example.com;lr>\r\n",
                           "Contact: <sip:bob@192.0.2.4>\r\n");
    parse_n(k_invite, strlen(k_invite), &g_rq);
    parse_n(ok, strlen(ok), &g_rs);
    cr_assert_eq(sipr_dialog_uac(&g_d, k_invite, strlen(k_invite), &g_rq, ok, strlen(ok), &g_rs), SIPR_OK);
    cr_assert_eq(g_d.uac, 1);
    cr_assert_eq(g_d.confirmed, 1);
    cr_assert_eq(g_d.n_routes, 2);
    cr_assert_eq(g_d.local_seq, 314159);
    cr_assert_eq(g_d.has_remote_seq, 0);
    /* the route set reversed (§12.1.2) */
    cr_assert(span_is(g_d.text, g_d.routes[0], "<sip:bigbox3.site3.atlanta.example.com;lr>"));
    cr_assert(span_is(g_d.text, g_d.routes[1], "<sip:server10.biloxi.example.com;lr>"));
    /* a BYE: Request-URI the remote target, the routes as Route lines */
    const uint32_t seq = sipr_dialog_next_cseq(&g_d);
    cr_assert_eq(seq, 314160);
    build_in_dialog("BYE", seq);
    cr_assert(span_is(g_out, g_out_m.method, "BYE"));
    cr_assert(span_is(g_out, g_out_m.request_uri, "sip:bob@192.0.2.4"));
    cr_assert(strstr(g_out, "Route: <sip:bigbox3.site3.atlanta.example.com;lr>\r\n"
                            "Route: <sip:server10.biloxi.example.com;lr>\r\n") != NULL);
    cr_assert(span_is(g_out, g_out_m.to.uri_text, "sip:bob@biloxi.example.com"));
    cr_assert(span_is(g_out, g_out_m.to.tag, "a6c85cf"));
    cr_assert(span_is(g_out, g_out_m.from.uri_text, "sip:alice@atlanta.example.com"));
    cr_assert(span_is(g_out, g_out_m.from.tag, "1928301774"));
    cr_assert(span_is(g_out, g_out_m.call_id, "a84b4c76e66710"));
    cr_assert_eq(g_out_m.cseq_number, 314160);
    cr_assert(span_is(g_out, g_out_m.cseq_method, "BYE"));
}

Test(dialog, uac_strict_and_early)
{
    /* a 180 with a tag makes an early dialog; the first route has no lr */
    const char *ringing = OK200("180 Ringing", "Record-Route: <sip:p2.example.com;lr>\r\n"
                                               "Record-Route: <sip:p1.example.com>\r\n",
                                "Contact: <sip:bob@192.0.2.4;transport=udp>\r\n");
    parse_n(k_invite, strlen(k_invite), &g_rq);
    parse_n(ringing, strlen(ringing), &g_rs);
    cr_assert_eq(sipr_dialog_uac(&g_d, k_invite, strlen(k_invite), &g_rq, ringing, strlen(ringing), &g_rs), SIPR_OK);
    cr_assert_eq(g_d.confirmed, 0);
    cr_assert(span_is(g_d.text, g_d.routes[0], "<sip:p1.example.com>"));
    /* §12.2.1.1: strict: the first route's URI is the Request-URI, the remote
       target the last Route */
    build_in_dialog("BYE", 2);
    cr_assert(span_is(g_out, g_out_m.request_uri, "sip:p1.example.com"));
    cr_assert(strstr(g_out, "Route: <sip:p2.example.com;lr>\r\nRoute: <sip:bob@192.0.2.4;transport=udp>\r\n") != NULL);
    cr_assert(strstr(g_out, "Route: <sip:p1.example.com>") == NULL);
}

Test(dialog, uas)
{
    parse_n(k_invite_in, strlen(k_invite_in), &g_rq);
    cr_assert_eq(sipr_dialog_uas(&g_d, k_invite_in, strlen(k_invite_in), &g_rq, S("a6c85cf"), 1), SIPR_OK);
    cr_assert_eq(g_d.uac, 0);
    cr_assert_eq(g_d.remote_seq, 314159);
    cr_assert_eq(g_d.has_remote_seq, 1);
    cr_assert_eq(g_d.n_routes, 2);
    /* the route set in order (§12.1.1) */
    cr_assert(span_is(g_d.text, g_d.routes[0], "<sip:server10.biloxi.example.com;lr>"));
    cr_assert(span_is(g_d.text, g_d.routes[1], "<sip:bigbox3.site3.atlanta.example.com;lr>"));
    /* Bob's BYE: to Alice's Contact; To Alice with her tag, From Bob with his */
    build_in_dialog("BYE", sipr_dialog_next_cseq(&g_d));
    cr_assert(span_is(g_out, g_out_m.request_uri, "sip:alice@pc33.atlanta.example.com"));
    cr_assert(span_is(g_out, g_out_m.to.uri_text, "sip:alice@atlanta.example.com"));
    cr_assert(span_is(g_out, g_out_m.to.tag, "1928301774"));
    cr_assert(span_is(g_out, g_out_m.from.tag, "a6c85cf"));
    cr_assert_eq(g_out_m.cseq_number, 1);
    cr_assert(strstr(g_out, "Route: <sip:server10.biloxi.example.com;lr>\r\n"
                            "Route: <sip:bigbox3.site3.atlanta.example.com;lr>\r\n") != NULL);
}

#define IN_DIALOG(method, cseq, totag, fromtag, contact)                                           \
    method " sip:bob@192.0.2.4 SIP/2.0\r\n"                                                          \
           "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK" cseq "\r\n"                   \
           "Max-Forwards: 70\r\n"                                                                   \
           "To: Bob <sip:bob@biloxi.example.com>;tag=" totag "\r\n"                                 \
           "From: Alice <sip:alice@atlanta.example.com>;tag=" fromtag "\r\n"                        \
           "Call-ID: a84b4c76e66710\r\n"                                                            \
           "CSeq: " cseq " " method "\r\n" contact "Content-Length: 0\r\n\r\n"

Test(dialog, requests_in_dialog)
{
    const char *a = IN_DIALOG("INFO", "314160", "a6c85cf", "1928301774", "");
    const char *old = IN_DIALOG("INFO", "314150", "a6c85cf", "1928301774", "");
    const char *other = IN_DIALOG("INFO", "314161", "zzz", "1928301774", "");
    const char *reinv = IN_DIALOG("INVITE", "314170", "a6c85cf", "1928301774",
                                  "Contact: <sip:alice@198.51.100.9:5070>\r\n");
    sipr_msg m;
    parse_n(k_invite_in, strlen(k_invite_in), &g_rq);
    cr_assert_eq(sipr_dialog_uas(&g_d, k_invite_in, strlen(k_invite_in), &g_rq, S("a6c85cf"), 1), SIPR_OK);
    parse_n(a, strlen(a), &m);
    cr_assert_eq(sipr_dialog_request(&g_d, a, strlen(a), &m), SIPR_OK);
    cr_assert_eq(g_d.remote_seq, 314160);
    /* §12.2.2: lower CSeq: 500; another tag: not this dialog */
    parse_n(old, strlen(old), &m);
    cr_assert_eq(sipr_dialog_request(&g_d, old, strlen(old), &m), SIPR_E_CSEQ_ORDER);
    cr_assert_eq(g_d.remote_seq, 314160);
    parse_n(other, strlen(other), &m);
    cr_assert_eq(sipr_dialog_request(&g_d, other, strlen(other), &m), SIPR_E_NO_DIALOG);
    /* a re-INVITE refreshes the target */
    parse_n(reinv, strlen(reinv), &m);
    cr_assert_eq(sipr_dialog_request(&g_d, reinv, strlen(reinv), &m), SIPR_OK);
    cr_assert_eq(sipr_dialog_set_target(&g_d, reinv, strlen(reinv), &m), SIPR_OK);
    build_in_dialog("BYE", 2);
    cr_assert(span_is(g_out, g_out_m.request_uri, "sip:alice@198.51.100.9:5070"));
    /* without a Contact the target stays */
    parse_n(a, strlen(a), &m);
    cr_assert_eq(sipr_dialog_set_target(&g_d, a, strlen(a), &m), SIPR_E_DIALOG);
    build_in_dialog("BYE", 3);
    cr_assert(span_is(g_out, g_out_m.request_uri, "sip:alice@198.51.100.9:5070"));
}

Test(dialog, errors)
{
    const char *trying = OK200("100 Trying", "", "Contact: <sip:bob@192.0.2.4>\r\n");
    const char *nocontact = OK200("200 OK", "", "");
    char many[2048];
    char rr[1024] = "";
    int i;
    parse_n(k_invite, strlen(k_invite), &g_rq);
    parse_n(trying, strlen(trying), &g_rs);
    cr_assert_eq(sipr_dialog_uac(&g_d, k_invite, strlen(k_invite), &g_rq, trying, strlen(trying), &g_rs), SIPR_E_DIALOG);
    parse_n(nocontact, strlen(nocontact), &g_rs);
    cr_assert_eq(sipr_dialog_uac(&g_d, k_invite, strlen(k_invite), &g_rq, nocontact, strlen(nocontact), &g_rs), SIPR_E_DIALOG);
    /* more routes than SIPR_DIALOG_ROUTES */
    for (i = 0; i <= (int)SIPR_DIALOG_ROUTES; i++) {
        char one[64];
        snprintf(one, sizeof one, "Record-Route: <sip:p%d.example.com;lr>\r\n", i);
        strcat(rr, one);
    }
    snprintf(many, sizeof many, OK200("200 OK", "%s", "Contact: <sip:bob@192.0.2.4>\r\n"), rr);
    parse_n(many, strlen(many), &g_rs);
    cr_assert_eq(sipr_dialog_uac(&g_d, k_invite, strlen(k_invite), &g_rq, many, strlen(many), &g_rs), SIPR_E_DIALOG);
    /* exactly SIPR_DIALOG_ROUTES is fine */
    strstr(rr, "Record-Route: <sip:p8")[0] = '\0';
    snprintf(many, sizeof many, OK200("200 OK", "%s", "Contact: <sip:bob@192.0.2.4>\r\n"), rr);
    parse_n(many, strlen(many), &g_rs);
    cr_assert_eq(sipr_dialog_uac(&g_d, k_invite, strlen(k_invite), &g_rq, many, strlen(many), &g_rs), SIPR_OK);
    cr_assert_eq(g_d.n_routes, SIPR_DIALOG_ROUTES);
    /* a request is not a response */
    cr_assert_eq(sipr_dialog_uac(&g_d, k_invite, strlen(k_invite), &g_rq, k_invite, strlen(k_invite), &g_rq), SIPR_E_EDIT);
    /* a local tag that is not a token */
    cr_assert_eq(sipr_dialog_uas(&g_d, k_invite, strlen(k_invite), &g_rq, S("a b"), 1), SIPR_E_DIALOG);
    /* a dialog that no function made: the builder says so */
    sipr_builder b;
    size_t n;
    memset(&g_d, 0xff, sizeof g_d);
    sipr_builder_init(&b, g_out, sizeof g_out, 0);
    sipr_dialog_build_request(&b, &g_d, S("BYE"), 1);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_DIALOG);
}
