/* siprove: the RFC 5118 SIP torture test messages for IPv6 (Criterion).
 *
 * Data attribution: every message under tests/corpus/rfc5118/ is RFC 5118 data
 * (V. Gurbani, C. Boulton, R. Sparks, "Session Initiation Protocol (SIP)
 * Torture Test Messages for Internet Protocol Version 6 (IPv6)", RFC 5118,
 * February 2008), §4.1 to §4.10, one file per message, named as the RFC names
 * it ("Message Details: ipv6-good" -> ipv6-good.dat), with CRLF line ends, and
 * used here with attribution (see tests/corpus/README.md). Three Content-Length
 * values the RFC prints do not match the bodies it gives; the files carry the
 * body's length and tests/corpus/MANIFEST.tsv says so (and `rfc_content_length`
 * below checks what siprove does with the printed values).
 *
 * Verdicts (tests/corpus/MANIFEST.tsv):
 *   valid    sipr_parse == SIPR_OK, sipr_validate(.., NULL) == SIPR_V_OK, and
 *            the hosts, host kinds and ports of the Request-URI, every Via
 *            (sent-by, received), To, From and Contact, byte for byte;
 *   invalid  a sipr_parse error code and err_off at the first byte the grammar
 *            cannot accept, located by a marker string in the message (never a
 *            number), and sipr_validate answering 400 SIPR_V_NOT_PARSED.
 *
 * RFC 5118 predates RFC 5954, whose §4.1 replaces RFC 3261's IPv6address and
 * IPv4address rules with those of RFC 3986 §3.2.2. For §4.10 the tests follow
 * RFC 5954: [2001:db8::192.0.2.1] is valid, [2001:db8:::192.0.2.1] is not.
 *
 * Tests run from the repository root (they open tests/corpus/... by relative
 * path). Each message is copied into an exactly-sized heap buffer, so a
 * sanitizer build catches any read past its end.
 */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#define CORPUS "tests/corpus/rfc5118/"
#include "corpus_msg.h"

/* ---- bytes of the message -------------------------------------------------- */


/* a URI's host (as written), its kind and its port (0: none written) */
#define URI_HOST(u, lit, kind, p)                                                                  \
    do {                                                                                           \
        ASSERT_SPAN((u).host, lit);                                                                \
        cr_assert_eq((u).host_kind, (kind), "%s: host kind %u, expected %u", #u,                   \
                     (unsigned)(u).host_kind, (unsigned)(kind));                                   \
        cr_assert_eq((u).port, (p), "%s: port %u, expected %u", #u, (unsigned)(u).port,            \
                     (unsigned)(p));                                                               \
        if ((p) == 0)                                                                              \
            ASSERT_ABSENT((u).port_text);                                                          \
    } while (0)

/* Via i: transport, sent-by host, its kind, port (0: none written), branch */
static void via_is(unsigned i, const char *transport, const char *host, sipr_host_kind kind,
                   uint16_t port, const char *branch)
{
    cr_assert(i < g_m.n_vias, "Via %u of %u", i, g_m.n_vias);
    const sipr_via *v = &g_m.vias[i];
    span_is(v->transport, transport, strlen(transport), "via transport");
    span_is(v->host, host, strlen(host), "via sent-by host");
    cr_assert_eq(v->host_kind, kind, "Via %u: host kind %u, expected %u", i, (unsigned)v->host_kind,
                 (unsigned)kind);
    cr_assert_eq(v->port, port, "Via %u: port %u, expected %u", i, (unsigned)v->port, (unsigned)port);
    if (port == 0)
        ASSERT_ABSENT(v->port_text);
    span_is(v->branch, branch, strlen(branch), "via branch");
}

/* The body is the rest of the message after the empty line, it starts with
   "v=0", Content-Length counts it, and Content-Type is application/sdp. */
static void sdp_body(void)
{
    size_t start = AT("\r\n\r\n") + 4;
    cr_assert_eq(g_m.body.off, start);
    cr_assert_eq(g_m.body.off + g_m.body.len, g_len);
    cr_assert_eq(g_m.content_length, g_m.body.len);
    cr_assert_eq(memcmp(g_buf + start, "v=0\r\n", 5), 0);
    cr_assert_eq(chain_len(SIPR_H_CONTENT_TYPE), 1);
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_CONTENT_TYPE]].value, "application/sdp");
}

/* sipr_parse rejects the message with `code` at the byte `skip` bytes into
   the first occurrence of `mark`; the validator then answers 400. */
static void rejected(const char *name, sipr_status code, const char *mark, size_t skip)
{
    load(name);
    sipr_status st = parse();
    size_t want = find_from(0, mark, strlen(mark)) + skip;
    cr_assert_eq(st, code, "%s: status %d (%s), expected %d (%s)", name, (int)st,
                 sipr_strerror(st), (int)code, sipr_strerror(code));
    cr_assert_eq(g_m.err, st);
    cr_assert_eq(g_m.err_off, want, "%s: err_off %u (\"%s\"), expected %zu (\"%s\")", name,
                 (unsigned)g_m.err_off,
                 show(g_buf + g_m.err_off, g_len - g_m.err_off > 12 ? 12 : g_len - g_m.err_off),
                 want, show(g_buf + want, g_len - want > 12 ? 12 : g_len - want));
    sipr_verdict v = sipr_validate(g_buf, g_len, &g_m, NULL);
    expect_verdict(v, SIPR_V_NOT_PARSED, 400);
    cr_assert_eq(v.invalid, 1);
}

/* the fields §4.1 to §4.4 share: a REGISTER from user@example.com over
   [2001:db8::9:1] with Contact "Caller" <sip:caller@[2001:db8::1]> */
static void register_fields(void)
{
    ASSERT_SPAN(g_m.method, "REGISTER");
    ASSERT_ABSENT(g_m.ruri.user);
    cr_assert_eq(g_m.n_vias, 1);
    via_is(0, "UDP", "[2001:db8::9:1]", SIPR_HOST_IPV6, 0, "z9hG4bKas3-111");
    ASSERT_ABSENT(g_m.vias[0].received);
    ASSERT_SPAN(g_m.to.uri.user, "user");
    URI_HOST(g_m.to.uri, "example.com", SIPR_HOST_NAME, 0);
    ASSERT_ABSENT(g_m.to.tag);
    URI_HOST(g_m.from.uri, "example.com", SIPR_HOST_NAME, 0);
    ASSERT_SPAN(g_m.from.tag, "81x2");
    cr_assert_eq(g_m.n_contacts, 1);
    ASSERT_SPAN(g_m.contacts[0].display, "\"Caller\"");
    ASSERT_SPAN(g_m.contacts[0].uri.user, "caller");
    URI_HOST(g_m.contacts[0].uri, "[2001:db8::1]", SIPR_HOST_IPV6, 0);
    ASSERT_SPAN(g_m.call_id, "SSG9559905523997077@hlau_4100");
    cr_assert_eq(g_m.cseq_number, 98176);
    ASSERT_SPAN(g_m.cseq_method, "REGISTER");
    cr_assert_eq(g_m.max_forwards, 70);
    cr_assert_eq(g_m.content_length, 0);
    cr_assert_eq(g_m.body.len, 0);
}

/* =========================================================================== */
/* 4.1 - 4.4 IPv6 references and ports in the Request-URI                       */
/* =========================================================================== */

/* §4.1 Valid SIP Message with an IPv6 Reference: the Request-URI, the Via
   sent-by and the Contact URI carry IPv6 references, "[" and "]" included. */
Test(rfc5118, ipv6_good)
{
    valid("ipv6-good");
    ASSERT_SPAN(g_m.request_uri, "sip:[2001:db8::10]");
    URI_HOST(g_m.ruri, "[2001:db8::10]", SIPR_HOST_IPV6, 0);
    register_fields();
}

/* §4.2 Invalid SIP Message with an IPv6 Reference: the Request-URI's IPv6
   address lacks the "[" "]" of an IPv6reference; the RFC expects 400 Bad
   Request. "sip:2001:db8" could still be user:password before an "@" (or a
   hostname "2001..." before a port), so the first byte no rule of the
   Request-URI takes is the second ':' after 2001, the one after "db8". */
Test(rfc5118, ipv6_bad)
{
    rejected("ipv6-bad", SIPR_E_REQUEST_URI, "sip:2001:db8::10 ", 12);
    cr_assert_eq(g_buf[g_m.err_off], ':');
    cr_assert_eq(g_buf[g_m.err_off + 1], ':');
}

/* §4.3 Port Ambiguous in a SIP URI: "From a parsing perspective, the request
   below is well-formed"; the sender meant port 5070 but wrote it inside the
   brackets, so the host is the IPv6 address 2001:db8::10:5070 and there is no
   port. */
Test(rfc5118, port_ambiguous)
{
    valid("port-ambiguous");
    ASSERT_SPAN(g_m.request_uri, "sip:[2001:db8::10:5070]");
    URI_HOST(g_m.ruri, "[2001:db8::10:5070]", SIPR_HOST_IPV6, 0);
    register_fields();
}

/* §4.4 Port Unambiguous in a SIP URI: the port after the closing "]". */
Test(rfc5118, port_unambiguous)
{
    valid("port-unambiguous");
    ASSERT_SPAN(g_m.request_uri, "sip:[2001:db8::10]:5070");
    URI_HOST(g_m.ruri, "[2001:db8::10]", SIPR_HOST_IPV6, 5070);
    ASSERT_SPAN(g_m.ruri.port_text, "5070");
    register_fields();
}

/* =========================================================================== */
/* 4.5 IPv6 Reference Delimiters in Via Header                                 */
/* =========================================================================== */

/* §4.5, first message: received with "[" "]" (RFC 3261's via-received takes a
   bare IPv6address; RFC 5118: an implementation must accept both forms). */
Test(rfc5118, via_received_param_with_delim)
{
    valid("via-received-param-with-delim");
    ASSERT_SPAN(g_m.method, "BYE");
    URI_HOST(g_m.ruri, "[2001:db8::10]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.n_vias, 1);
    via_is(0, "UDP", "[2001:db8::9:1]", SIPR_HOST_IPV6, 0, "z9hG4bKas3-111");
    ASSERT_SPAN(g_m.vias[0].received, "[2001:db8::9:255]");
    URI_HOST(g_m.to.uri, "example.com", SIPR_HOST_NAME, 0);
    ASSERT_SPAN(g_m.to.tag, "bd76ya");
    URI_HOST(g_m.from.uri, "example.com", SIPR_HOST_NAME, 0);
    ASSERT_SPAN(g_m.from.tag, "81x2");
    cr_assert_eq(g_m.n_contacts, 0);
    cr_assert_eq(g_m.cseq_number, 321);
}

/* §4.5, second message: received without delimiters, as RFC 3261 writes it;
   the colons of the bare address do not end the parameter, and the branch
   after it is read. */
Test(rfc5118, via_received_param_no_delim)
{
    valid("via-received-param-no-delim");
    ASSERT_SPAN(g_m.method, "OPTIONS");
    URI_HOST(g_m.ruri, "[2001:db8::10]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.n_vias, 1);
    via_is(0, "UDP", "[2001:db8::9:1]", SIPR_HOST_IPV6, 0, "z9hG4bKas3");
    ASSERT_SPAN(g_m.vias[0].received, "2001:db8::9:255");
    URI_HOST(g_m.to.uri, "example.com", SIPR_HOST_NAME, 0);
    URI_HOST(g_m.from.uri, "example.com", SIPR_HOST_NAME, 0);
    cr_assert_eq(g_m.n_contacts, 1);
    ASSERT_SPAN(g_m.contacts[0].uri.user, "caller");
    URI_HOST(g_m.contacts[0].uri, "[2001:db8::9:1]", SIPR_HOST_IPV6, 0);
    ASSERT_SPAN(g_m.call_id, "SSG95523997077@hlau_4100");
    cr_assert_eq(g_m.cseq_number, 921);
}

/* =========================================================================== */
/* 4.6 - 4.9 IPv6 in SDP, several IP addresses, IPv4-mapped IPv6               */
/* =========================================================================== */

/* §4.6 SIP Request with IPv6 Addresses in SDP Body (RFC: Content-Length 268;
   the body it gives is 251 octets with CRLF line ends). */
Test(rfc5118, ipv6_in_sdp)
{
    valid("ipv6-in-sdp");
    ASSERT_SPAN(g_m.method, "INVITE");
    ASSERT_SPAN(g_m.ruri.user, "user");
    URI_HOST(g_m.ruri, "[2001:db8::10]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.n_vias, 1);
    via_is(0, "UDP", "[2001:db8::20]", SIPR_HOST_IPV6, 0, "z9hG4bKas3-111");
    ASSERT_ABSENT(g_m.vias[0].received);
    URI_HOST(g_m.to.uri, "[2001:db8::10]", SIPR_HOST_IPV6, 0);
    URI_HOST(g_m.from.uri, "example.com", SIPR_HOST_NAME, 0);
    cr_assert_eq(g_m.n_contacts, 1);
    URI_HOST(g_m.contacts[0].uri, "[2001:db8::20]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.cseq_number, 8612);
    sdp_body();
    cr_assert_eq(g_m.content_length, 251);
    cr_assert_eq(g_m.body.off, AT("v=0\r\no=assistant"));
}

/* §4.7 Multiple IP Addresses in SIP Headers: IPv6, IPv4 and IPv6 sent-by
   hosts, a port after "]", and an IPv4 received on an IPv6 sent-by. */
Test(rfc5118, mult_ip_in_header)
{
    valid("mult-ip-in-header");
    ASSERT_SPAN(g_m.method, "BYE");
    ASSERT_SPAN(g_m.ruri.user, "user");
    URI_HOST(g_m.ruri, "host.example.net", SIPR_HOST_NAME, 0);
    cr_assert_eq(g_m.n_vias, 3);
    cr_assert_eq(chain_len(SIPR_H_VIA), 3);
    via_is(0, "UDP", "[2001:db8::9:1]", SIPR_HOST_IPV6, 6050, "z9hG4bKas3-111");
    ASSERT_SPAN(g_m.vias[0].port_text, "6050");
    ASSERT_ABSENT(g_m.vias[0].received);
    via_is(1, "UDP", "192.0.2.1", SIPR_HOST_IPV4, 0, "z9hG4bKjhja8781hjuaij65144");
    ASSERT_ABSENT(g_m.vias[1].received);
    via_is(2, "TCP", "[2001:db8::9:255]", SIPR_HOST_IPV6, 0, "z9hG4bK451jj");
    ASSERT_SPAN(g_m.vias[2].received, "192.0.2.200");
    URI_HOST(g_m.to.uri, "example.net", SIPR_HOST_NAME, 0);
    ASSERT_SPAN(g_m.to.tag, "9817--94");
    URI_HOST(g_m.from.uri, "example.com", SIPR_HOST_NAME, 0);
    ASSERT_SPAN(g_m.from.tag, "81x2");
    cr_assert_eq(g_m.n_contacts, 0);
    ASSERT_SPAN(g_m.call_id, "997077@lau_4100");
}

/* §4.8 Multiple IP Addresses in SDP (RFC: Content-Length 181; the body it
   gives is 189 octets with CRLF line ends). */
Test(rfc5118, mult_ip_in_sdp)
{
    valid("mult-ip-in-sdp");
    ASSERT_SPAN(g_m.method, "INVITE");
    URI_HOST(g_m.ruri, "[2001:db8::10]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.n_vias, 1);
    via_is(0, "UDP", "[2001:db8::9:1]", SIPR_HOST_IPV6, 0, "z9hG4bKas3-111");
    URI_HOST(g_m.to.uri, "[2001:db8::10]", SIPR_HOST_IPV6, 0);
    URI_HOST(g_m.from.uri, "example.com", SIPR_HOST_NAME, 0);
    cr_assert_eq(g_m.n_contacts, 1);
    URI_HOST(g_m.contacts[0].uri, "[2001:db8::9:1]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.cseq_number, 8912);
    sdp_body();
    cr_assert_eq(g_m.content_length, 189);
    cr_assert_eq(g_m.body.off, AT("v=0\r\no=bob"));
}

/* §4.9 IPv4-Mapped IPv6 Addresses in the Via sent-by hosts (one with a port),
   the Contact and the SDP (RFC: Content-Length 236; the body it gives is 245
   octets with CRLF line ends). */
Test(rfc5118, ipv4_mapped_ipv6)
{
    valid("ipv4-mapped-ipv6");
    ASSERT_SPAN(g_m.method, "INVITE");
    URI_HOST(g_m.ruri, "example.com", SIPR_HOST_NAME, 0);
    cr_assert_eq(g_m.n_vias, 2);
    via_is(0, "UDP", "[::ffff:192.0.2.10]", SIPR_HOST_IPV6, 19823, "z9hG4bKbh19");
    ASSERT_SPAN(g_m.vias[0].port_text, "19823");
    via_is(1, "UDP", "[::ffff:192.0.2.2]", SIPR_HOST_IPV6, 0, "z9hG4bKas3-111");
    URI_HOST(g_m.to.uri, "example.com", SIPR_HOST_NAME, 0);
    URI_HOST(g_m.from.uri, "east.example.com", SIPR_HOST_NAME, 0);
    cr_assert_eq(g_m.n_contacts, 1);
    ASSERT_SPAN(g_m.contacts[0].display, "\"T. desk phone\"");
    ASSERT_SPAN(g_m.contacts[0].uri.user, "ted");
    URI_HOST(g_m.contacts[0].uri, "[::ffff:192.0.2.2]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.cseq_number, 612);
    sdp_body();
    cr_assert_eq(g_m.content_length, 245);
    cr_assert_eq(g_m.body.off, AT("v=0\r\no=assistant"));
}

/* The three Content-Length values RFC 5118 prints, put back: a datagram whose
   Content-Length (268) runs past its end is refused with 400 (RFC 3261 §18.3),
   the verdict naming the Content-Length header; where it is shorter (181, 236)
   the octets after the body are not part of the message, and it is accepted
   with that many octets of body. */
static void with_printed_length(const char *name, const char *file_cl, const char *rfc_cl)
{
    load(name);
    size_t at = AT("Content-Length: ") + 16;
    cr_assert_eq(strlen(file_cl), strlen(rfc_cl));
    cr_assert_eq(memcmp(g_buf + at, file_cl, strlen(file_cl)), 0);
    memcpy(g_buf + at, rfc_cl, strlen(rfc_cl));
    cr_assert_eq(parse(), SIPR_OK, "%s with Content-Length %s: %s", name, rfc_cl,
                 sipr_strerror(g_m.err));
    cr_assert_eq(g_m.content_length, (uint32_t)atoi(rfc_cl));
}

Test(rfc5118, rfc_content_length)
{
    with_printed_length("ipv6-in-sdp", "251", "268");
    sipr_verdict v = sipr_validate(g_buf, g_len, &g_m, NULL);
    expect_verdict(v, SIPR_V_CONTENT_LENGTH_MISMATCH, 400);
    cr_assert_eq(v.invalid, 1);
    cr_assert_eq(v.off, AT("Content-Length: 268"));

    with_printed_length("mult-ip-in-sdp", "189", "181");
    expect_verdict(sipr_validate(g_buf, g_len, &g_m, NULL), SIPR_V_OK, 0);
    cr_assert_eq(g_m.body.off, AT("\r\n\r\nv=0") + 4);
    cr_assert_eq(g_m.body.len, 181);

    with_printed_length("ipv4-mapped-ipv6", "245", "236");
    expect_verdict(sipr_validate(g_buf, g_len, &g_m, NULL), SIPR_V_OK, 0);
    cr_assert_eq(g_m.body.off, AT("\r\n\r\nv=0") + 4);
    cr_assert_eq(g_m.body.len, 236);
}

/* =========================================================================== */
/* 4.10 IPv6 Reference Bug in RFC 3261 ABNF                                    */
/* =========================================================================== */

/* §4.10, first message: [2001:db8:::192.0.2.1], three colons before the IPv4
   tail. RFC 3261's rule (IPv6address = hexpart [ ":" IPv4address ]) takes it
   and RFC 5118 asked that both forms be tolerated; RFC 5954 §4.1 replaces the
   rule with RFC 3986's, under which it is no IPv6address: after "2001:db8::"
   a third ':' can start nothing. Refused at that colon (400). */
Test(rfc5118, ipv6_bug_abnf_3_colons)
{
    rejected("ipv6-bug-abnf-3-colons", SIPR_E_REQUEST_URI, "[2001:db8:::", 11);
    cr_assert_eq(g_m.err_off, AT(":::") + 2);
}

/* The same address in the To header alone (the Request-URI written with two
   colons, the message otherwise the RFC's): refused in To's URI (SIPR_E_URI,
   the code of a bad host inside a header's URI, as in tests/test_errors.c),
   at its third colon. */
Test(rfc5118, ipv6_bug_abnf_3_colons_in_to)
{
    load("ipv6-bug-abnf-3-colons");
    size_t c = AT(":::");
    memmove(g_buf + c, g_buf + c + 1, g_len - c - 1);
    g_len--;
    sipr_status st = parse();
    size_t want = AT("To: sip:user@[2001:db8:::") + 24;
    cr_assert_eq(st, SIPR_E_URI, "status %d (%s)", (int)st, sipr_strerror(st));
    cr_assert_eq(g_m.err_off, want, "err_off %u, expected %zu", (unsigned)g_m.err_off, want);
    cr_assert_eq(g_buf[want - 1], ':');
    cr_assert_eq(g_buf[want], ':');
}

/* §4.10, second message: [2001:db8::192.0.2.1], which RFC 3261's rule refused
   and RFC 5954 §4.1 takes (an IPv4 tail counting as two pieces after "::"). */
Test(rfc5118, ipv6_correct_abnf_2_colons)
{
    valid("ipv6-correct-abnf-2-colons");
    ASSERT_SPAN(g_m.method, "OPTIONS");
    ASSERT_SPAN(g_m.ruri.user, "user");
    URI_HOST(g_m.ruri, "[2001:db8::192.0.2.1]", SIPR_HOST_IPV6, 0);
    cr_assert_eq(g_m.n_vias, 1);
    via_is(0, "UDP", "lab1.east.example.com", SIPR_HOST_NAME, 0, "z9hG4bKas3-111");
    ASSERT_SPAN(g_m.to.uri.user, "user");
    URI_HOST(g_m.to.uri, "[2001:db8::192.0.2.1]", SIPR_HOST_IPV6, 0);
    URI_HOST(g_m.from.uri, "example.com", SIPR_HOST_NAME, 0);
    ASSERT_SPAN(g_m.from.tag, "810x2");
    cr_assert_eq(g_m.n_contacts, 0);
    cr_assert_eq(g_m.cseq_number, 689);
    ASSERT_SPAN(g_m.cseq_method, "OPTIONS");
}

/* =========================================================================== */
/* The manifest: every rfc5118 line has a test above, and its verdict class    */
/* =========================================================================== */

static const char *const TESTED[] = {
    "ipv6-good", "ipv6-bad", "port-ambiguous", "port-unambiguous",
    "via-received-param-with-delim", "via-received-param-no-delim", "ipv6-in-sdp",
    "mult-ip-in-header", "mult-ip-in-sdp", "ipv4-mapped-ipv6", "ipv6-bug-abnf-3-colons",
    "ipv6-correct-abnf-2-colons"};

Test(rfc5118, manifest_classes)
{
    manifest_classes("rfc5118", TESTED, sizeof TESTED / sizeof TESTED[0], 1);
}
