/* siprove: transaction keys, the transaction table and the UA core helpers
 * (Criterion).
 *
 * - keys: which messages RFC 3261 §17.1.3 and §17.2.3 put in one transaction
 *   (retransmissions, the ACK of a non-2xx, the CANCEL looking for its
 *   INVITE, responses against the request sent) and which it keeps apart
 *   (another branch, sent-by, method, CSeq), for RFC 3261 branches and the
 *   RFC 2543 fallback; errors;
 * - table: add, find, remove against a plain list kept beside it, over long
 *   random runs with a small table (so probe runs wrap and collide), the
 *   full table, a key added twice, bad arguments, and the slots past the
 *   array left alone;
 * - core: a response, an ACK and a CANCEL built from parsed messages, parsed
 *   back and compared field by field with what §8.2.6, §17.1.1.3 and §9.1
 *   say they must copy.
 * Messages are our own, in the style of RFC 3261 §24.2. */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

static sipr_msg g_m, g_m2, g_m3;

static sipr_str S(const char *s)
{
    sipr_str t;
    t.s = s;
    t.len = (uint32_t)strlen(s);
    return t;
}

static void parse_n(const char *text, size_t n, sipr_msg *m)
{
    cr_assert_eq(sipr_msg_init(m, NULL), SIPR_OK);
    cr_assert_eq(sipr_parse(text, n, m), SIPR_OK, "%.*s: %s", (int)n, text, sipr_strerror(m->err));
}

static void parse_ok(const char *text, sipr_msg *m)
{
    parse_n(text, strlen(text), m);
}

/* Parse text and take its server key; the key is returned by value. */
static sipr_txn_key req_key(const char *text, unsigned flags)
{
    sipr_txn_key k;
    parse_ok(text, &g_m);
    cr_assert_eq(sipr_txn_key_request(text, strlen(text), &g_m, flags, &k), SIPR_OK, "%s", text);
    cr_assert(k.server == 1);
    return k;
}

static sipr_txn_key rsp_key(const char *text)
{
    sipr_txn_key k;
    parse_ok(text, &g_m);
    cr_assert_eq(sipr_txn_key_response(text, strlen(text), &g_m, &k), SIPR_OK, "%s", text);
    cr_assert(k.server == 0);
    return k;
}

#define INVITE(branch, host, cseq, method, totag)                                                  \
    method " sip:bob@biloxi.example.com SIP/2.0\r\n"                                                 \
           "Via: SIP/2.0/UDP " host ";branch=" branch "\r\n"                                        \
           "Max-Forwards: 70\r\n"                                                                   \
           "To: Bob <sip:bob@biloxi.example.com>" totag "\r\n"                                      \
           "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"                         \
           "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"                                   \
           "CSeq: " cseq " " method "\r\n"                                                          \
           "Content-Length: 0\r\n\r\n"

/* ---- keys --------------------------------------------------------------------------- */

Test(keys, server_rfc3261)
{
    const sipr_txn_key inv = req_key(INVITE("z9hG4bK776asdhds", "pc33.atlanta.example.com", "314159", "INVITE", ""), 0);
    /* a retransmission: the same key; the host compares without case */
    sipr_txn_key k = req_key(INVITE("z9hG4bK776asdhds", "PC33.Atlanta.example.COM", "314159", "INVITE", ""), 0);
    cr_assert(sipr_txn_key_eq(&inv, &k));
    cr_assert_eq(inv.rfc2543, 0);
    /* the ACK of a non-2xx: same branch, so the INVITE's transaction */
    k = req_key(INVITE("z9hG4bK776asdhds", "pc33.atlanta.example.com", "314159", "ACK", ";tag=a6c85cf"), 0);
    cr_assert(sipr_txn_key_eq(&inv, &k));
    /* the ACK of a 2xx has its own branch: another key */
    k = req_key(INVITE("z9hG4bK-ack-2xx", "pc33.atlanta.example.com", "314159", "ACK", ";tag=a6c85cf"), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
    /* a CANCEL is a transaction of its own, and finds its INVITE with the flag */
    k = req_key(INVITE("z9hG4bK776asdhds", "pc33.atlanta.example.com", "314159", "CANCEL", ""), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
    k = req_key(INVITE("z9hG4bK776asdhds", "pc33.atlanta.example.com", "314159", "CANCEL", ""), SIPR_TXN_KEY_INVITE);
    cr_assert(sipr_txn_key_eq(&inv, &k));
    /* another sent-by, port or branch: another transaction */
    k = req_key(INVITE("z9hG4bK776asdhds", "pc34.atlanta.example.com", "314159", "INVITE", ""), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
    k = req_key(INVITE("z9hG4bK776asdhds", "pc33.atlanta.example.com:5062", "314159", "INVITE", ""), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
    k = req_key(INVITE("z9hG4bK776asdhdt", "pc33.atlanta.example.com", "314159", "INVITE", ""), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
    /* the branch compares with case */
    k = req_key(INVITE("z9hG4bK776ASDHDS", "pc33.atlanta.example.com", "314159", "INVITE", ""), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
}

Test(keys, server_rfc2543)
{
    /* no z9hG4bK cookie: the RFC 2543 fields */
    const sipr_txn_key inv = req_key(INVITE("1234", "pc33.atlanta.example.com", "314159", "INVITE", ""), 0);
    sipr_txn_key k;
    cr_assert_eq(inv.rfc2543, 1);
    /* the ACK carries the response's To tag: still the INVITE's transaction */
    k = req_key(INVITE("1234", "pc33.atlanta.example.com", "314159", "ACK", ";tag=a6c85cf"), 0);
    cr_assert(sipr_txn_key_eq(&inv, &k));
    k = req_key(INVITE("1234", "pc33.atlanta.example.com", "314159", "CANCEL", ""), SIPR_TXN_KEY_INVITE);
    cr_assert(sipr_txn_key_eq(&inv, &k));
    /* another CSeq number or Via: another transaction */
    k = req_key(INVITE("1234", "pc33.atlanta.example.com", "314160", "INVITE", ""), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
    k = req_key(INVITE("1235", "pc33.atlanta.example.com", "314159", "INVITE", ""), 0);
    cr_assert_not(sipr_txn_key_eq(&inv, &k));
    /* a non-INVITE: the To tag counts */
    const sipr_txn_key bye = req_key(INVITE("1234", "pc33.atlanta.example.com", "2", "BYE", ";tag=x1"), 0);
    k = req_key(INVITE("1234", "pc33.atlanta.example.com", "2", "BYE", ";tag=x2"), 0);
    cr_assert_not(sipr_txn_key_eq(&bye, &k));
    k = req_key(INVITE("1234", "pc33.atlanta.example.com", "2", "BYE", ";tag=x1"), 0);
    cr_assert(sipr_txn_key_eq(&bye, &k));
}

Test(keys, client)
{
    sipr_txn_key sent, got;
    cr_assert_eq(sipr_txn_key_client(S("z9hG4bK776asdhds"), S("INVITE"), &sent), SIPR_OK);
    got = rsp_key("SIP/2.0 180 Ringing\r\n"
                  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
                  "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
                  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                  "Call-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n");
    cr_assert(sipr_txn_key_eq(&sent, &got));
    /* the 200 to a CANCEL with the same branch belongs to the CANCEL */
    got = rsp_key("SIP/2.0 200 OK\r\n"
                  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
                  "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
                  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                  "Call-ID: a84b4c76e66710\r\nCSeq: 314159 CANCEL\r\nContent-Length: 0\r\n\r\n");
    cr_assert_not(sipr_txn_key_eq(&sent, &got));
    cr_assert_eq(sipr_txn_key_client(S("z9hG4bK776asdhds"), S("CANCEL"), &sent), SIPR_OK);
    cr_assert(sipr_txn_key_eq(&sent, &got));
}

Test(keys, errors)
{
    sipr_txn_key k;
    char big[400];
    const char *rsp = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    const char *req = INVITE("z9hG4bK1", "h", "1", "OPTIONS", "");
    cr_assert_eq(sipr_txn_key_client(S(""), S("INVITE"), &k), SIPR_E_TXN_KEY);
    cr_assert_eq(sipr_txn_key_client(S("z9hG4bK1"), S(""), &k), SIPR_E_TXN_KEY);
    memset(big, 'a', sizeof big);
    cr_assert_eq(sipr_txn_key_client((sipr_str){big, 400}, S("INVITE"), &k), SIPR_E_TXN_KEY);
    cr_assert_eq(sipr_txn_key_client((sipr_str){big, SIPR_TXN_KEY_MAX - 9}, S("INVITE"), &k), SIPR_OK);
    cr_assert_eq(k.len, SIPR_TXN_KEY_MAX);
    /* a response without a branch has no key */
    parse_ok(rsp, &g_m);
    cr_assert_eq(sipr_txn_key_response(rsp, strlen(rsp), &g_m, &k), SIPR_E_TXN_KEY);
    /* a request is not a response and the other way round */
    cr_assert_eq(sipr_txn_key_request(rsp, strlen(rsp), &g_m, 0, &k), SIPR_E_EDIT);
    parse_ok(req, &g_m);
    cr_assert_eq(sipr_txn_key_response(req, strlen(req), &g_m, &k), SIPR_E_EDIT);
    /* a message that did not parse */
    cr_assert_eq(sipr_msg_init(&g_m2, NULL), SIPR_OK);
    cr_assert_neq(sipr_parse("INVITE", 6, &g_m2), SIPR_OK);
    cr_assert_eq(sipr_txn_key_request("INVITE", 6, &g_m2, 0, &k), SIPR_E_EDIT);
}

/* ---- table --------------------------------------------------------------------------- */

static sipr_txn_key key_n(unsigned n)
{
    char b[32];
    sipr_txn_key k;
    snprintf(b, sizeof b, "z9hG4bK%u", n);
    cr_assert_eq(sipr_txn_key_client(S(b), S("INVITE"), &k), SIPR_OK);
    return k;
}

Test(table, arguments)
{
    sipr_txn_table t;
    sipr_txn_slot slots[4];
    sipr_txn_key k = key_n(1);
    cr_assert_eq(sipr_txn_table_init(&t, NULL, 4), SIPR_E_ARG);
    cr_assert_eq(sipr_txn_table_init(&t, slots, 0), SIPR_E_ARG);
    cr_assert_eq(sipr_txn_table_init(&t, slots, SIPR_TXN_MAX_CAP + 1), SIPR_E_ARG);
    cr_assert_eq(sipr_txn_table_init(&t, slots, 4), SIPR_OK);
    cr_assert_eq(sipr_txn_add(&t, &k, SIPR_TXN_NONE), SIPR_E_ARG);
    cr_assert_eq(sipr_txn_add(&t, &k, 7), SIPR_OK);
    cr_assert_eq(sipr_txn_add(&t, &k, 8), SIPR_E_TXN_EXISTS);
    cr_assert_eq(sipr_txn_find(&t, &k), 7);
    cr_assert_eq(sipr_txn_count(&t), 1);
}

Test(table, full)
{
    sipr_txn_table t;
    sipr_txn_slot slots[10];
    sipr_txn_key k;
    unsigned i;
    /* cap 8 (in an array of 10) holds 6; the two slots after it stay as they were */
    memset(slots, 0x5a, sizeof slots);
    cr_assert_eq(sipr_txn_table_init(&t, slots, 8), SIPR_OK);
    for (i = 0; i < 6; i++) {
        k = key_n(i);
        cr_assert_eq(sipr_txn_add(&t, &k, i), SIPR_OK);
    }
    k = key_n(6);
    cr_assert_eq(sipr_txn_add(&t, &k, 6), SIPR_E_TABLE_FULL);
    cr_assert_eq(sipr_txn_find(&t, &k), SIPR_TXN_NONE);
    for (i = 0; i < 6; i++) {
        k = key_n(i);
        cr_assert_eq(sipr_txn_find(&t, &k), i);
    }
    k = key_n(3);
    cr_assert_eq(sipr_txn_remove(&t, &k), 3);
    cr_assert_eq(sipr_txn_remove(&t, &k), SIPR_TXN_NONE);
    k = key_n(6);
    cr_assert_eq(sipr_txn_add(&t, &k, 6), SIPR_OK);
    for (i = 0; i < sizeof(sipr_txn_slot); i++) {
        cr_assert_eq(((unsigned char *)&slots[8])[i], 0x5a);
        cr_assert_eq(((unsigned char *)&slots[9])[i], 0x5a);
    }
    /* cap 1 holds 1 */
    cr_assert_eq(sipr_txn_table_init(&t, slots, 1), SIPR_OK);
    k = key_n(1);
    cr_assert_eq(sipr_txn_add(&t, &k, 1), SIPR_OK);
    k = key_n(2);
    cr_assert_eq(sipr_txn_add(&t, &k, 2), SIPR_E_TABLE_FULL);
    k = key_n(1);
    cr_assert_eq(sipr_txn_remove(&t, &k), 1);
    cr_assert_eq(sipr_txn_count(&t), 0);
}

/* A long random run of adds and removes against a list kept beside the
   table; keys from a small range so that they come back, in tables small
   enough that probe runs wrap round. */
Test(table, model)
{
    static sipr_txn_slot slots[64];
    static uint32_t model[200]; /* key n -> id, SIPR_TXN_NONE: absent */
    sipr_txn_table t;
    uint32_t caps[] = {2, 3, 7, 16, 64};
    unsigned c, step, i;
    uint32_t rnd = 12345u;
    for (c = 0; c < sizeof caps / sizeof caps[0]; c++) {
        const uint32_t cap = caps[c], max = cap - cap / 4;
        uint32_t held = 0;
        cr_assert_eq(sipr_txn_table_init(&t, slots, cap), SIPR_OK);
        for (i = 0; i < 200; i++)
            model[i] = SIPR_TXN_NONE;
        for (step = 0; step < 20000; step++) {
            rnd = rnd * 1103515245u + 12345u;
            const unsigned n = (rnd >> 8) % (cap + 5);
            sipr_txn_key k = key_n(n);
            if ((rnd >> 20) % 2 == 0) {
                const sipr_status st = sipr_txn_add(&t, &k, step);
                if (model[n] != SIPR_TXN_NONE)
                    cr_assert_eq(st, SIPR_E_TXN_EXISTS);
                else if (held == max)
                    cr_assert_eq(st, SIPR_E_TABLE_FULL);
                else {
                    cr_assert_eq(st, SIPR_OK);
                    model[n] = step;
                    held++;
                }
            } else {
                cr_assert_eq(sipr_txn_remove(&t, &k), model[n]);
                if (model[n] != SIPR_TXN_NONE)
                    held--;
                model[n] = SIPR_TXN_NONE;
            }
            cr_assert_eq(sipr_txn_count(&t), held);
            if (step % 97 == 0)
                for (i = 0; i < cap + 5; i++) {
                    sipr_txn_key q = key_n(i);
                    cr_assert_eq(sipr_txn_find(&t, &q), model[i], "cap %u step %u key %u", cap, step, i);
                }
        }
    }
}

/* ---- core helpers ---------------------------------------------------------------------- */

static char g_out[4096], g_out2[4096];

/* a builder over a zeroed buffer (so that strstr sees only the new message) */
static void init(sipr_builder *b, char *out, size_t cap)
{
    memset(out, 0, 4096);
    sipr_builder_init(b, out, cap, 0);
}

static int span_is(const char *buf, sipr_span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(buf + s.off, lit, s.len) == 0;
}

/* The text of header line `line` of m: "name: value". */
static int line_value_is(const char *buf, const sipr_msg *m, unsigned kind, const char *lit)
{
    const uint16_t i = m->first[kind];
    return i != SIPR_NONE && span_is(buf, m->headers[i].value, lit);
}

static const char *k_invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bK4b43c2ff8.1\r\n"
    "Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 68\r\n"
    "Record-Route: <sip:server10.biloxi.example.com;lr>\r\n"
    "Route: <sip:p1.example.com;lr>\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Content-Length: 0\r\n\r\n";

Test(core, response)
{
    sipr_builder b;
    size_t n;
    unsigned i;
    parse_ok(k_invite, &g_m);
    init(&b, g_out, sizeof g_out);
    sipr_build_response(&b, k_invite, strlen(k_invite), &g_m, 180, S("Ringing"), S("a6c85cf"),
                        SIPR_RESP_RECORD_ROUTE);
    sipr_build_header(&b, S("Contact"), S("<sip:bob@192.0.2.4>"));
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    parse_n(g_out, n, &g_m2);
    cr_assert_eq(g_m2.type, SIPR_MSG_RESPONSE);
    cr_assert_eq(g_m2.status_code, 180);
    /* every Via, in order */
    cr_assert_eq(g_m2.n_vias, 3);
    for (i = 0; i < 3; i++)
        cr_assert(span_is(g_out, g_m2.vias[i].branch,
                          i == 0 ? "z9hG4bK4b43c2ff8.1" : i == 1 ? "z9hG4bK77ef4c2312983.1" : "z9hG4bKnashds8"));
    cr_assert(span_is(g_out, g_m2.to.tag, "a6c85cf"));
    cr_assert(span_is(g_out, g_m2.to.uri_text, "sip:bob@biloxi.example.com"));
    cr_assert(span_is(g_out, g_m2.from.tag, "1928301774"));
    cr_assert(span_is(g_out, g_m2.call_id, "a84b4c76e66710"));
    cr_assert_eq(g_m2.cseq_number, 314159);
    cr_assert(span_is(g_out, g_m2.cseq_method, "INVITE"));
    cr_assert(strstr(g_out, "Record-Route: <sip:server10.biloxi.example.com;lr>\r\n") != NULL);
    cr_assert(strstr(g_out, "\r\nRoute:") == NULL);
    /* its client key is the key of the request the UAC sent */
    sipr_txn_key a, c;
    cr_assert_eq(sipr_txn_key_response(g_out, n, &g_m2, &a), SIPR_OK);
    cr_assert_eq(sipr_txn_key_client(S("z9hG4bK4b43c2ff8.1"), S("INVITE"), &c), SIPR_OK);
    cr_assert(sipr_txn_key_eq(&a, &c));

    /* a 100 gets no tag, and neither does a To that has one; no Record-Route unasked */
    init(&b, g_out, sizeof g_out);
    sipr_build_response(&b, k_invite, strlen(k_invite), &g_m, 100, S("Trying"), S("a6c85cf"), 0);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    parse_n(g_out, n, &g_m2);
    cr_assert_eq(g_m2.to.tag.len, 0);
    cr_assert(strstr(g_out, "Record-Route") == NULL);
    const char *bye = INVITE("z9hG4bK1", "h", "2", "BYE", ";tag=x1");
    parse_ok(bye, &g_m3);
    init(&b, g_out2, sizeof g_out2);
    sipr_build_response(&b, bye, strlen(bye), &g_m3, 200, S("OK"), S("other"), 0);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    parse_n(g_out2, n, &g_m2);
    cr_assert(span_is(g_out2, g_m2.to.tag, "x1"));
    cr_assert(line_value_is(g_out2, &g_m2, SIPR_H_TO, "Bob <sip:bob@biloxi.example.com>;tag=x1"));
}

Test(core, response_errors)
{
    sipr_builder b;
    size_t n;
    const char *rsp = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                      "From: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    parse_ok(k_invite, &g_m);
    /* a tag that is not a token */
    init(&b, g_out, sizeof g_out);
    sipr_build_response(&b, k_invite, strlen(k_invite), &g_m, 180, S("Ringing"), S("a b"), 0);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_HEADER_VALUE);
    /* a response is not a request */
    parse_ok(rsp, &g_m2);
    init(&b, g_out, sizeof g_out);
    sipr_build_response(&b, rsp, strlen(rsp), &g_m2, 200, S("OK"), S("t"), 0);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_EDIT);
    /* too small a buffer: the size needed, and nothing past cap */
    init(&b, g_out, sizeof g_out);
    sipr_build_response(&b, k_invite, strlen(k_invite), &g_m, 486, S("Busy Here"), S("t1"), 0);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    const size_t need = n;
    memset(g_out2, '#', sizeof g_out2);
    sipr_builder_init(&b, g_out2, need - 1, 0);
    sipr_build_response(&b, k_invite, strlen(k_invite), &g_m, 486, S("Busy Here"), S("t1"), 0);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_NO_SPACE);
    cr_assert_eq(n, need);
    cr_assert_eq(g_out2[need - 1], '#');
}

Test(core, ack_and_cancel)
{
    const char *inv = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
                      "Max-Forwards: 70\r\n"
                      "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n"
                      "To: Bob <sip:bob@biloxi.example.com>\r\n"
                      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                      "Call-ID: a84b4c76e66710\r\n"
                      "CSeq: 314159 INVITE\r\n"
                      "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
                      "Content-Length: 0\r\n\r\n";
    const char *busy = "SIP/2.0 486 Busy Here\r\n"
                       "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8\r\n"
                       "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
                       "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                       "Call-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\nContent-Length: 0\r\n\r\n";
    sipr_builder b;
    size_t n;
    sipr_txn_key ki, ka;
    parse_ok(inv, &g_m);
    parse_ok(busy, &g_m3);
    init(&b, g_out, sizeof g_out);
    sipr_build_ack(&b, inv, strlen(inv), &g_m, busy, strlen(busy), &g_m3);
    sipr_build_max_forwards(&b, 70);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    parse_n(g_out, n, &g_m2);
    cr_assert(span_is(g_out, g_m2.method, "ACK"));
    cr_assert(span_is(g_out, g_m2.request_uri, "sip:bob@biloxi.example.com"));
    cr_assert_eq(g_m2.n_vias, 1);
    cr_assert(span_is(g_out, g_m2.vias[0].branch, "z9hG4bKnashds8"));
    cr_assert(span_is(g_out, g_m2.to.tag, "a6c85cf"));
    cr_assert(span_is(g_out, g_m2.from.tag, "1928301774"));
    cr_assert(span_is(g_out, g_m2.call_id, "a84b4c76e66710"));
    cr_assert_eq(g_m2.cseq_number, 314159);
    cr_assert(span_is(g_out, g_m2.cseq_method, "ACK"));
    cr_assert(strstr(g_out, "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n") != NULL);
    /* the server sees it in the INVITE's transaction */
    cr_assert_eq(sipr_txn_key_request(g_out, n, &g_m2, 0, &ka), SIPR_OK);
    cr_assert_eq(sipr_txn_key_request(inv, strlen(inv), &g_m, 0, &ki), SIPR_OK);
    cr_assert(sipr_txn_key_eq(&ka, &ki));

    init(&b, g_out, sizeof g_out);
    sipr_build_cancel(&b, inv, strlen(inv), &g_m);
    sipr_build_max_forwards(&b, 70);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_OK);
    parse_n(g_out, n, &g_m2);
    cr_assert(span_is(g_out, g_m2.method, "CANCEL"));
    cr_assert(span_is(g_out, g_m2.request_uri, "sip:bob@biloxi.example.com"));
    cr_assert_eq(g_m2.n_vias, 1);
    cr_assert_eq(g_m2.to.tag.len, 0);
    cr_assert(span_is(g_out, g_m2.cseq_method, "CANCEL"));
    cr_assert_eq(g_m2.cseq_number, 314159);
    /* §9.2: with the flag, the CANCEL finds the INVITE's transaction */
    cr_assert_eq(sipr_txn_key_request(g_out, n, &g_m2, SIPR_TXN_KEY_INVITE, &ka), SIPR_OK);
    cr_assert(sipr_txn_key_eq(&ka, &ki));
    cr_assert_eq(sipr_txn_key_request(g_out, n, &g_m2, 0, &ka), SIPR_OK);
    cr_assert_not(sipr_txn_key_eq(&ka, &ki));

    /* a top Via line with two values: SIPR_E_VIA */
    const char *two = "INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2\r\n"
                      "To: <sip:b@h>\r\nFrom: <sip:a@h>;tag=1\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n"
                      "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    parse_ok(two, &g_m);
    init(&b, g_out, sizeof g_out);
    sipr_build_cancel(&b, two, strlen(two), &g_m);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_VIA);
    /* an ACK needs a response */
    parse_ok(inv, &g_m);
    init(&b, g_out, sizeof g_out);
    sipr_build_ack(&b, inv, strlen(inv), &g_m, inv, strlen(inv), &g_m);
    cr_assert_eq(sipr_build_end(&b, NULL, 0, &n), SIPR_E_EDIT);
}

/* ---- transport rules ---------------------------------------------------------------------- */

static sipr_send_target target(const char *via, int reliable, const char *src, uint16_t sport)
{
    static char text[1024];
    sipr_send_target t;
    snprintf(text, sizeof text,
             "OPTIONS sip:b@h SIP/2.0\r\nVia: %s\r\nTo: <sip:b@h>\r\nFrom: <sip:a@h>;tag=1\r\n"
             "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
             via);
    parse_ok(text, &g_m);
    cr_assert_eq(sipr_response_target(text, strlen(text), &g_m, reliable, S(src), sport, &t), SIPR_OK);
    if (t.how == SIPR_SEND_MADDR || t.how == SIPR_SEND_SENT_BY)
        cr_assert(t.host.off + t.host.len <= strlen(text));
    return t;
}

Test(transport, rules)
{
    sipr_send_target t;
    static char text[1024];
    /* §18.2.2: a reliable transport answers on its connection */
    t = target("SIP/2.0/TCP pc33.example.com:5070;branch=z9hG4bK1", 1, "192.0.2.1", 40000);
    cr_assert_eq(t.how, SIPR_SEND_CONNECTION);
    cr_assert_eq(t.port, 5070);
    /* maddr, at the sent-by port (default 5060) */
    t = target("SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1;maddr=239.255.255.1", 0, "192.0.2.1", 40000);
    cr_assert_eq(t.how, SIPR_SEND_MADDR);
    cr_assert_eq(t.port, 5060);
    /* the sent-by is the source address: to the sent-by */
    t = target("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK1", 0, "192.0.2.1", 40000);
    cr_assert_eq(t.how, SIPR_SEND_SENT_BY);
    cr_assert_eq(t.port, 5062);
    /* §18.2.1: another host: received, at the sent-by port */
    t = target("SIP/2.0/UDP pc33.example.com:5062;branch=z9hG4bK1", 0, "192.0.2.1", 40000);
    cr_assert_eq(t.how, SIPR_SEND_SOURCE);
    cr_assert_eq(t.port, 5062);
    /* RFC 3581: rport, at the source port, even from the sent-by address */
    t = target("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK1;rport", 0, "192.0.2.1", 40000);
    cr_assert_eq(t.how, SIPR_SEND_SOURCE);
    cr_assert_eq(t.port, 40000);
    /* TLS defaults to 5061 */
    t = target("SIP/2.0/TLS h.example.com;branch=z9hG4bK1", 1, "192.0.2.1", 40000);
    cr_assert_eq(t.port, 5061);
    /* sipr_needs_received, as the rules above use it */
    const char *r = "OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP Host.Example.com;branch=z9hG4bK1\r\n"
                    "To: <sip:b@h>\r\nFrom: <sip:a@h>;tag=1\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
                    "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    parse_ok(r, &g_m);
    cr_assert_eq(sipr_needs_received(r, strlen(r), &g_m, S("host.example.COM")), 0);
    cr_assert_eq(sipr_needs_received(r, strlen(r), &g_m, S("192.0.2.1")), 1);
    /* a response is not a request */
    snprintf(text, sizeof text, "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                                "To: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\n"
                                "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
    parse_ok(text, &g_m);
    cr_assert_eq(sipr_response_target(text, strlen(text), &g_m, 0, S("h"), 1, &t), SIPR_E_EDIT);
}

/* ---- 2xx retransmission (§13.3.1.4) ---------------------------------------------------- */

Test(retx, schedule)
{
    sipr_retx r;
    uint64_t now = 1000, sent[16];
    unsigned n = 0, what;
    /* T1 500, T2 4000: retransmissions 500, 1000, 2000, 4000, 4000, ... after the
       previous one, until 64*T1 = 32 s after the first 2xx */
    sipr_retx_start(&r, 500, 4000, now);
    cr_assert_eq(sipr_retx_deadline(&r), 1500);
    cr_assert_eq(sipr_retx_due(&r, 1499), SIPR_RETX_WAIT);
    for (;;) {
        now = sipr_retx_deadline(&r);
        what = sipr_retx_due(&r, now);
        if (what == SIPR_RETX_GIVE_UP)
            break;
        cr_assert_eq(what, SIPR_RETX_SEND);
        cr_assert(n < 16);
        sent[n++] = now;
    }
    cr_assert_eq(now, 1000 + 64 * 500);
    cr_assert_eq(n, 10);
    cr_assert_eq(sent[0], 1500);
    cr_assert_eq(sent[1], 2500);
    cr_assert_eq(sent[2], 4500);
    cr_assert_eq(sent[3], 8500);
    cr_assert_eq(sent[4], 12500);
    cr_assert_eq(sent[9], 32500);
    /* given up: stopped */
    cr_assert_eq(sipr_retx_deadline(&r), UINT64_MAX);
    cr_assert_eq(sipr_retx_due(&r, UINT64_MAX - 1), SIPR_RETX_WAIT);
    /* the ACK stops it */
    sipr_retx_start(&r, 500, 4000, 0);
    sipr_retx_stop(&r);
    cr_assert_eq(sipr_retx_due(&r, 100000), SIPR_RETX_WAIT);
    /* times saturate at the end of the clock; a zero T1 counts as 1 */
    sipr_retx_start(&r, 0, 0, UINT64_MAX - 10);
    cr_assert_eq(r.iv, 1);
    cr_assert_eq(sipr_retx_deadline(&r), UINT64_MAX - 9);
    cr_assert_eq(sipr_retx_due(&r, UINT64_MAX - 9), SIPR_RETX_SEND);
    cr_assert_eq(sipr_retx_deadline(&r), UINT64_MAX - 8); /* T2 caps the interval at 1 */
    sipr_retx_start(&r, 500, 4000, UINT64_MAX - 10);
    cr_assert_eq(r.next, UINT64_MAX - 1);
    cr_assert_eq(r.give_up, UINT64_MAX - 1);
    cr_assert_eq(sipr_retx_due(&r, UINT64_MAX - 1), SIPR_RETX_GIVE_UP);
}
