/* tel URIs (RFC 3966) and absoluteURIs (RFC 2396 §3) as sipr_parse records
 * them (grammar/tel_uri.rl, grammar/abs_uri.rl, after the scheme read in
 * grammar/uri.rl): the examples of RFC 3966 §6 and of RFC 3261, as a
 * Request-URI and in To, From, Contact and the name-addr headers; every
 * field of the sipr_uri asserted, every error at its byte. The expected
 * offsets are found in the message text. */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

static sipr_msg g_m, g_m2;
static char g_req[4096];
static char g_out[8192];

static int span_is(const char *buf, sipr_span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(buf + s.off, lit, s.len) == 0;
}

#define ASSERT_SPAN(buf, s, lit)                                                                   \
    cr_assert(span_is(buf, s, lit), "span \"%.*s\" (off %u) is not \"%s\"", (int)(s).len,           \
              (buf) + (s).off, (unsigned)(s).off, lit)
#define ASSERT_NONE(s) cr_assert_eq((s).len, 0u, "span " #s " not empty (len %u)", (unsigned)(s).len)

/* A request: the Request-URI ruri, the To and From URIs (each a name-addr's
   addr-spec, with its brackets), and extra header lines. */
static size_t request(const char *ruri, const char *to, const char *from, const char *extra)
{
    int n = snprintf(g_req, sizeof g_req,
                     "INVITE %s SIP/2.0\r\n"
                     "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
                     "Max-Forwards: 70\r\n"
                     "To: %s\r\n"
                     "From: %s;tag=1928301774\r\n"
                     "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
                     "CSeq: 314159 INVITE\r\n"
                     "%s"
                     "Content-Length: 0\r\n\r\n",
                     ruri, to, from, extra);
    cr_assert(n > 0 && (size_t)n < sizeof g_req);
    return (size_t)n;
}

static const sipr_msg *parse_ok(const char *buf, size_t len)
{
    sipr_status st;
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    st = sipr_parse(buf, len, &g_m);
    cr_assert_eq(st, SIPR_OK, "parse: %s at %u in\n%.*s", sipr_strerror(st), (unsigned)g_m.err_off,
                 (int)len, buf);
    return &g_m;
}

/* sipr_parse fails with st at the byte `at` of buf */
static void parse_fails(const char *buf, size_t len, sipr_status st, size_t at)
{
    sipr_status got;
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    got = sipr_parse(buf, len, &g_m);
    cr_assert_eq(got, st, "status %s, expected %s, in\n%.*s", sipr_strerror(got), sipr_strerror(st),
                 (int)len, buf);
    cr_assert_eq(g_m.err_off, at, "error at %u ('%c'), expected %zu ('%c')", (unsigned)g_m.err_off,
                 g_m.err_off < len ? buf[g_m.err_off] : '$', at, at < len ? buf[at] : '$');
}

/* the offset of the first occurrence of needle in buf */
static size_t off_of(const char *buf, const char *needle)
{
    const char *p = strstr(buf, needle);
    cr_assert_not_null(p, "\"%s\" not found", needle);
    return (size_t)(p - buf);
}

/* parameter k of the list pl is name[=value] (value NULL: none) */
static void assert_param(const char *buf, const sipr_msg *m, sipr_plist pl, unsigned k,
                         const char *name, const char *value)
{
    cr_assert(k < pl.count, "param %u of %u", k, (unsigned)pl.count);
    ASSERT_SPAN(buf, m->params[pl.first + k].name, name);
    if (value == NULL)
        ASSERT_NONE(m->params[pl.first + k].value);
    else
        ASSERT_SPAN(buf, m->params[pl.first + k].value, value);
}

/* a tel URI: scheme, number, no host, port, password, headers, path or
   query; opaque everything after the colon (text: the URI) */
static void assert_tel(const char *buf, const sipr_uri *u, const char *text, const char *scheme,
                       const char *number, unsigned n_params)
{
    cr_assert_eq(u->scheme, SIPR_URI_TEL);
    ASSERT_SPAN(buf, u->scheme_name, scheme);
    ASSERT_SPAN(buf, u->user, number);
    ASSERT_SPAN(buf, u->opaque, text + strlen(scheme) + 1u);
    cr_assert_eq(u->host_kind, SIPR_HOST_NONE);
    ASSERT_NONE(u->host);
    ASSERT_NONE(u->port_text);
    cr_assert_eq(u->port, 0);
    ASSERT_NONE(u->password);
    ASSERT_NONE(u->path);
    ASSERT_NONE(u->query);
    cr_assert_eq(u->headers.count, 0);
    cr_assert_eq(u->params.count, n_params, "%u params, expected %u", (unsigned)u->params.count,
                 n_params);
}

/* ---- tel (RFC 3966) ------------------------------------------------------------- */

/* RFC 3966 §6, the first example: a global number, as the Request-URI and in
   To (RFC 3261 §19.1.6 translates between the two forms). */
Test(tel, rfc3966_s6_global_number)
{
    static const char uri[] = "tel:+1-201-555-0123";
    const size_t len = request(uri, "<tel:+1-201-555-0123>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_tel(g_req, &m->ruri, uri, "tel", "+1-201-555-0123", 0);
    cr_assert_eq(m->ruri.user.off, off_of(g_req, "+1-201"));
    assert_tel(g_req, &m->to.uri, uri, "tel", "+1-201-555-0123", 0);
    ASSERT_SPAN(g_req, m->to.uri_text, uri);
    /* From stays a SIP URI */
    cr_assert_eq(m->from.uri.scheme, SIPR_URI_SIP);
}

/* RFC 3966 §6: local numbers, their phone-context a domain name or a global
   number's digits */
Test(tel, rfc3966_s6_local_numbers)
{
    static const char a[] = "tel:7042;phone-context=example.com";
    static const char b[] = "tel:863-1234;phone-context=+1-914-555";
    size_t len = request(a, "<tel:863-1234;phone-context=+1-914-555>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_tel(g_req, &m->ruri, a, "tel", "7042", 1);
    assert_param(g_req, m, m->ruri.params, 0, "phone-context", "example.com");
    assert_tel(g_req, &m->to.uri, b, "tel", "863-1234", 1);
    assert_param(g_req, m, m->to.uri.params, 0, "phone-context", "+1-914-555");

    len = request(b, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    m = parse_ok(g_req, len);
    assert_tel(g_req, &m->ruri, b, "tel", "863-1234", 1);
    assert_param(g_req, m, m->ruri.params, 0, "phone-context", "+1-914-555");
}

/* RFC 3966 §5.2, §5.3: isub and ext come first, then the context, then the
   other parameters, each one pool entry like a SIP URI's parameters */
Test(tel, isub_ext_context_and_other_parameters)
{
    static const char uri[] = "tel:7042;isub=1411;ext=22;phone-context=example.com;tsp=a.example.com;x";
    const size_t len = request(uri, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_tel(g_req, &m->ruri, uri, "tel", "7042", 5);
    assert_param(g_req, m, m->ruri.params, 0, "isub", "1411");
    assert_param(g_req, m, m->ruri.params, 1, "ext", "22");
    assert_param(g_req, m, m->ruri.params, 2, "phone-context", "example.com");
    assert_param(g_req, m, m->ruri.params, 3, "tsp", "a.example.com");
    assert_param(g_req, m, m->ruri.params, 4, "x", NULL);
    cr_assert_eq(m->ruri.params.first, 0);
}

/* a global number with ext and isub, visual separators in the number and in
   ext; escapes and param-unreserved bytes in a value (RFC 3966 §3 paramchar) */
Test(tel, global_number_with_pars)
{
    static const char uri[] = "tel:+1-(201).555-0123;ext=(12)3;isub=%41b;v=[a]/:&+$";
    const sipr_msg *m;
    char line[256];
    size_t n;
    snprintf(line, sizeof line, "Contact: <%s>\r\n", uri);
    n = request("sip:bob@biloxi.com", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", line);
    m = parse_ok(g_req, n);
    cr_assert_eq(m->n_contacts, 1);
    assert_tel(g_req, &m->contacts[0].uri, uri, "tel", "+1-(201).555-0123", 3);
    assert_param(g_req, m, m->contacts[0].uri.params, 0, "ext", "(12)3");
    assert_param(g_req, m, m->contacts[0].uri.params, 1, "isub", "%41b");
    assert_param(g_req, m, m->contacts[0].uri.params, 2, "v", "[a]/:&+$");
}

/* RFC 3966 §5.1.3: a local number may hold hex digits, '*' and '#' */
Test(tel, local_number_hex_star_hash)
{
    static const char uri[] = "tel:*70#A-b;phone-context=+1";
    const size_t len = request(uri, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_tel(g_req, &m->ruri, uri, "tel", "*70#A-b", 1);
    assert_param(g_req, m, m->ruri.params, 0, "phone-context", "+1");
}

/* the scheme and the quoted names of RFC 3966's ABNF take any case (RFC
   5234 §2.3); scheme_name and the names are kept as written */
Test(tel, case_insensitive_scheme_and_names)
{
    static const char uri[] = "TEL:7042;EXT=1;Phone-Context=Example.COM";
    static const char to[] = "Tel:+1234";
    const size_t len = request(uri, "<Tel:+1234>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_tel(g_req, &m->ruri, uri, "TEL", "7042", 2);
    assert_param(g_req, m, m->ruri.params, 0, "EXT", "1");
    assert_param(g_req, m, m->ruri.params, 1, "Phone-Context", "Example.COM");
    assert_tel(g_req, &m->to.uri, to, "Tel", "+1234", 0);
    /* the default UAS profile lists "tel": no 416 in any case */
    cr_assert_eq(sipr_validate(g_req, len, m, NULL).code, SIPR_V_OK);
}

/* RFC 3966 §5.1.5: a local number MUST have a phone-context. It fails at the
   first byte that shows it missing: the end of the URI, or the first byte
   of a parameter that cannot be isub, ext or phone-context (which §3 puts
   before the others). */
Test(tel, local_number_without_context_refused)
{
    size_t len = request("tel:7042", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_REQUEST_URI, off_of(g_req, " SIP/2.0"));
    len = request("tel:7042;ext=1", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_REQUEST_URI, off_of(g_req, " SIP/2.0"));
    len = request("tel:7042;tsp=a.example.com;phone-context=example.com", "<sip:bob@biloxi.com>",
                  "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_REQUEST_URI, off_of(g_req, "tsp"));
    /* in To: the same bytes, SIPR_E_URI */
    len = request("sip:bob@biloxi.com", "<tel:863-1234>", "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_URI, off_of(g_req, ">\r\nFrom"));
    /* outside angle brackets, the ';' ends the addr-spec (RFC 3261 §20.10):
       what is left is a local number without its context */
    len = request("sip:bob@biloxi.com", "tel:863-1234;phone-context=+1-914-555",
                  "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_URI, off_of(g_req, ";phone-context"));
}

/* every byte that cannot continue a tel URI is refused where it is */
Test(tel, bad_bytes_refused_at_their_byte)
{
    static const struct {
        const char *uri, *tail; /* the URI from its bad byte on; "": the end */
    } bad[] = {
        {"tel:", ""},
        {"tel:+", ""},
        {"tel:+-.()", ""},                    /* no digit */
        {"tel:+1-201-555-01a3", "a3"},        /* a global number holds no hex digit */
        {"tel:+1_201", "_201"},
        {"tel:+1;", ""},
        {"tel:+1;ext=", ""},
        {"tel:+1;ext=12x", "x"},              /* ext = 1*phonedigit */
        {"tel:+1;isub=", ""},
        {"tel:+1;a_b=1", "_b=1"},               /* pname = 1*( alphanum / "-" ) */
        {"tel:+1;a=", ""},                    /* pvalue = 1*paramchar */
        {"tel:+1;a=b=c", "=c"},
        {"tel:+1;a=b;ext=1", "=1"},           /* ext after another parameter */
        {"tel:+1;phone-context=a.com;isub=1", "=1"},
        {"tel:7042;phone-context=a.com;phone-context=b.com", "=b.com"},
        {"tel:7042;phone-context=exa_mple.com", "_mple.com"},
        {"tel:7042;phone-context=+", ""},
        {"tel:7042;phone-context=", ""},
        {"tel:7042?x=y", "?x=y"},
        {"tel:+1@example.com", "@example.com"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const size_t len = request(bad[k].uri, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
        const size_t ul = strlen(bad[k].uri), tl = strlen(bad[k].tail);
        cr_assert(tl <= ul && strcmp(bad[k].uri + ul - tl, bad[k].tail) == 0);
        /* "INVITE " is 7 bytes */
        parse_fails(g_req, len, SIPR_E_REQUEST_URI, 7u + ul - tl);
    }
}

/* RFC 3261 §19.1.6: a telephone number in a SIP URI's user part stays a SIP
   URI; the tel URI it came from (RFC 2806's postd, a parameter for RFC 3966)
   is a tel URI */
Test(tel, rfc3261_telephone_subscriber_in_sip_uri_stays_sip)
{
    static const char sip[] = "sip:+358-555-1234567;postd=pp22@foo.com;user=phone";
    static const char tel[] = "tel:+358-555-1234567;postd=pp22";
    size_t len = request(sip, "<sip:+1-212-555-1212:1234@gateway.com;user=phone>",
                         "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    cr_assert_eq(m->ruri.scheme, SIPR_URI_SIP);
    ASSERT_SPAN(g_req, m->ruri.user, "+358-555-1234567;postd=pp22");
    ASSERT_SPAN(g_req, m->ruri.host, "foo.com");
    assert_param(g_req, m, m->ruri.params, 0, "user", "phone");
    ASSERT_NONE(m->ruri.opaque);
    /* §19.1.3 */
    cr_assert_eq(m->to.uri.scheme, SIPR_URI_SIP);
    ASSERT_SPAN(g_req, m->to.uri.user, "+1-212-555-1212");
    ASSERT_SPAN(g_req, m->to.uri.password, "1234");
    ASSERT_SPAN(g_req, m->to.uri.host, "gateway.com");
    assert_param(g_req, m, m->to.uri.params, 0, "user", "phone");

    len = request(tel, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    m = parse_ok(g_req, len);
    assert_tel(g_req, &m->ruri, tel, "tel", "+358-555-1234567", 1);
    assert_param(g_req, m, m->ruri.params, 0, "postd", "pp22");
}

/* tel in From, Contact, P-Asserted-Identity (an addr-spec, RFC 3325 §9.1) */
Test(tel, in_from_contact_and_identity)
{
    const size_t len =
        request("sip:bob@biloxi.com", "Bob <sip:bob@biloxi.com>",
                "\"Alice\" <tel:863-1234;phone-context=+1-914-555>",
                "Contact: <tel:+1-201-555-0123;ext=7>;expires=60\r\n"
                "P-Asserted-Identity: tel:+14085264000\r\n");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_tel(g_req, &m->from.uri, "tel:863-1234;phone-context=+1-914-555", "tel", "863-1234", 1);
    ASSERT_SPAN(g_req, m->from.tag, "1928301774");
    ASSERT_SPAN(g_req, m->from.display, "\"Alice\"");
    cr_assert_eq(m->n_contacts, 1);
    assert_tel(g_req, &m->contacts[0].uri, "tel:+1-201-555-0123;ext=7", "tel", "+1-201-555-0123", 1);
    assert_param(g_req, m, m->contacts[0].uri.params, 0, "ext", "7");
    ASSERT_SPAN(g_req, m->contacts[0].expires, "60");
    cr_assert_eq(m->n_addrs, 1);
    assert_tel(g_req, &m->addrs[0].uri, "tel:+14085264000", "tel", "+14085264000", 0);
}

/* §8.2.2.1, §16.3 item 2: the scheme check reads the scheme's name: "tel"
   in any case with the default profile, 416 with a profile without it */
Test(tel, unsupported_scheme_416_by_name)
{
    static const sipr_str sip_only[] = {{"sip", 3}, {"sips", 4}};
    const sipr_profile p = {SIPR_ROLE_UAS, 2, sip_only, 0, NULL, 0, NULL};
    const size_t len = request("TEL:+1-201-555-0123", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    sipr_verdict v = sipr_validate(g_req, len, m, NULL);
    cr_assert_eq(v.code, SIPR_V_OK);
    v = sipr_validate(g_req, len, m, &p);
    cr_assert_eq(v.code, SIPR_V_UNSUPPORTED_SCHEME);
    cr_assert_eq(v.response, 416);
    cr_assert_eq(v.off, off_of(g_req, "TEL:"));
}

/* §16.6: a proxy forwards a tel Request-URI byte for byte */
Test(tel, proxy_forwards_tel_request_uri_unchanged)
{
    static const char uri[] = "tel:863-1234;ext=(12);phone-context=+1-914-555;tsp=a.example.com";
    const size_t len = request(uri, "<tel:+1-201-555-0123>", "<sip:alice@atlanta.com>", "");
    sipr_proxy p;
    size_t n;
    uint16_t resp = 1;
    const char *line_end;
    (void)parse_ok(g_req, len);
    memset(&p, 0, sizeof p);
    p.host.s = "p.example.com";
    p.host.len = 13;
    cr_assert_eq(sipr_proxy_forward(g_req, len, &g_m, &p, g_out, sizeof g_out, &n, &resp), SIPR_OK);
    cr_assert_eq(resp, 0);
    line_end = strstr(g_req, "\r\n");
    cr_assert(n > (size_t)(line_end - g_req) && memcmp(g_out, g_req, (size_t)(line_end - g_req) + 2u) == 0,
              "request line changed:\n%.*s", (int)n, g_out);
    cr_assert_eq(sipr_msg_init(&g_m2, NULL), SIPR_OK);
    cr_assert_eq(sipr_parse(g_out, n, &g_m2), SIPR_OK);
    assert_tel(g_out, &g_m2.ruri, uri, "tel", "863-1234", 3);
    assert_param(g_out, &g_m2, g_m2.ruri.params, 2, "tsp", "a.example.com");
    assert_tel(g_out, &g_m2.to.uri, "tel:+1-201-555-0123", "tel", "+1-201-555-0123", 0);
}

/* ---- absoluteURI (RFC 2396 §3) ------------------------------------------------------ */

/* an absoluteURI: scheme OTHER, its name, opaque everything after the colon,
   no user, password, parameters or headers */
static void assert_other(const char *buf, const sipr_uri *u, const char *text, const char *scheme)
{
    cr_assert_eq(u->scheme, SIPR_URI_OTHER);
    ASSERT_SPAN(buf, u->scheme_name, scheme);
    ASSERT_SPAN(buf, u->opaque, text + strlen(scheme) + 1u);
    ASSERT_NONE(u->user);
    ASSERT_NONE(u->password);
    cr_assert_eq(u->params.count, 0);
    cr_assert_eq(u->headers.count, 0);
}

static void assert_no_host(const sipr_uri *u)
{
    ASSERT_NONE(u->host);
    cr_assert_eq(u->host_kind, SIPR_HOST_NONE);
    ASSERT_NONE(u->port_text);
    cr_assert_eq(u->port, 0);
}

/* a net_path with a server authority: host, port, path, query */
Test(absolute_uri, http_server_path_query)
{
    static const char uri[] = "http://www.example.com:8080/a/b?x=y";
    const size_t len = request("sip:bob@biloxi.com", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>",
                               "Call-Info: <http://www.example.com:8080/a/b?x=y> ;purpose=info\r\n");
    const sipr_msg *m = parse_ok(g_req, len);
    const sipr_uri *u;
    cr_assert_eq(m->n_addrs, 1);
    u = &m->addrs[0].uri;
    assert_other(g_req, u, uri, "http");
    ASSERT_SPAN(g_req, u->host, "www.example.com");
    cr_assert_eq(u->host_kind, SIPR_HOST_NAME);
    ASSERT_SPAN(g_req, u->port_text, "8080");
    cr_assert_eq(u->port, 8080);
    ASSERT_SPAN(g_req, u->path, "/a/b");
    ASSERT_SPAN(g_req, u->query, "x=y");
    cr_assert_eq(u->path.off, off_of(g_req, "/a/b"));
}

/* the same URI as the Request-URI, in To and in Contact (name-addr: LAQUOT
   addr-spec RAQUOT) */
Test(absolute_uri, as_request_uri_to_and_contact)
{
    static const char uri[] = "http://www.example.com:8080/a/b?x=y";
    const size_t len = request(uri, "<http://www.example.com:8080/a/b?x=y>", "<sip:alice@atlanta.com>",
                               "Contact: <http://www.example.com:8080/a/b?x=y>\r\n");
    const sipr_msg *m = parse_ok(g_req, len);
    const sipr_uri *us[3];
    us[0] = &m->ruri;
    us[1] = &m->to.uri;
    cr_assert_eq(m->n_contacts, 1);
    us[2] = &m->contacts[0].uri;
    for (int k = 0; k < 3; k++) {
        assert_other(g_req, us[k], uri, "http");
        ASSERT_SPAN(g_req, us[k]->host, "www.example.com");
        cr_assert_eq(us[k]->port, 8080);
        ASSERT_SPAN(g_req, us[k]->path, "/a/b");
        ASSERT_SPAN(g_req, us[k]->query, "x=y");
    }
    /* §8.2.2.1: http is no scheme of the default profile */
    cr_assert_eq(sipr_validate(g_req, len, m, NULL).code, SIPR_V_UNSUPPORTED_SCHEME);
}

/* opaque_part URIs keep only opaque: mailto (RFC 3261 §20.10), urn (RFC
   5031 §3, urn:service:sos), im (RFC 3860) */
Test(absolute_uri, opaque_parts)
{
    static const struct {
        const char *uri, *scheme;
    } t[] = {
        {"mailto:alice@example.com", "mailto"},
        {"urn:service:sos", "urn"},
        {"im:alice@example.com", "im"},
        {"isbn:2983792873", "isbn"},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        char to[128];
        size_t len;
        const sipr_msg *m;
        snprintf(to, sizeof to, "<%s>", t[k].uri);
        len = request(t[k].uri, to, "<sip:alice@atlanta.com>", "");
        m = parse_ok(g_req, len);
        assert_other(g_req, &m->ruri, t[k].uri, t[k].scheme);
        assert_no_host(&m->ruri);
        ASSERT_NONE(m->ruri.path);
        ASSERT_NONE(m->ruri.query);
        assert_other(g_req, &m->to.uri, t[k].uri, t[k].scheme);
        assert_no_host(&m->to.uri);
        ASSERT_NONE(m->to.uri.path);
    }
}

/* RFC 4475 §3.3.3 novelsc: an IPv4 server, no path */
Test(absolute_uri, ipv4_server_no_path)
{
    static const char uri[] = "soap.beep://192.0.2.103:3002";
    const size_t len = request(uri, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_other(g_req, &m->ruri, uri, "soap.beep");
    ASSERT_SPAN(g_req, m->ruri.host, "192.0.2.103");
    cr_assert_eq(m->ruri.host_kind, SIPR_HOST_IPV4);
    cr_assert_eq(m->ruri.port, 3002);
    ASSERT_NONE(m->ruri.path);
    ASSERT_NONE(m->ruri.query);
}

/* a userinfo before the host is skipped (not recorded); the host after the
   '@' */
Test(absolute_uri, server_with_userinfo)
{
    static const char uri[] = "ftp://u:p%40@ftp.example.com:21/pub;type=d?";
    const size_t len = request(uri, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_other(g_req, &m->ruri, uri, "ftp");
    ASSERT_SPAN(g_req, m->ruri.host, "ftp.example.com");
    cr_assert_eq(m->ruri.port, 21);
    ASSERT_SPAN(g_req, m->ruri.path, "/pub;type=d");
    ASSERT_NONE(m->ruri.query); /* empty */
}

/* RFC 2396 §3.2.1: an authority that is no server is a registry-based one:
   no host. Two '@', a port no 16-bit number holds, a host that is neither a
   hostname nor an IPv4address. */
Test(absolute_uri, registry_based_authority_has_no_host)
{
    static const struct {
        const char *uri, *path, *query;
    } t[] = {
        {"x-reg://a@b@c/p?q", "/p", "q"},
        {"http://www.example.com:99999/", "/", ""},
        {"x://1.2.3.4.5/x", "/x", ""},
        {"x://-a-/", "/", ""},
        {"x://a$b", "", ""},
    };
    for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
        const size_t len = request(t[k].uri, "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
        const sipr_msg *m = parse_ok(g_req, len);
        const char *colon = strchr(t[k].uri, ':');
        char scheme[16];
        memcpy(scheme, t[k].uri, (size_t)(colon - t[k].uri));
        scheme[colon - t[k].uri] = '\0';
        assert_other(g_req, &m->ruri, t[k].uri, scheme);
        assert_no_host(&m->ruri);
        if (t[k].path[0] == '\0')
            ASSERT_NONE(m->ruri.path);
        else
            ASSERT_SPAN(g_req, m->ruri.path, t[k].path);
        if (t[k].query[0] == '\0')
            ASSERT_NONE(m->ruri.query);
        else
            ASSERT_SPAN(g_req, m->ruri.query, t[k].query);
    }
}

/* an abs_path without authority (its "//" would start a net_path: RFC 2396
   §3), and an empty authority */
Test(absolute_uri, abs_path_and_empty_authority)
{
    size_t len = request("x:/a//b?q?r", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    const sipr_msg *m = parse_ok(g_req, len);
    assert_other(g_req, &m->ruri, "x:/a//b?q?r", "x");
    assert_no_host(&m->ruri);
    ASSERT_SPAN(g_req, m->ruri.path, "/a//b");
    ASSERT_SPAN(g_req, m->ruri.query, "q?r");

    len = request("file:///etc/hosts", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    m = parse_ok(g_req, len);
    assert_other(g_req, &m->ruri, "file:///etc/hosts", "file");
    assert_no_host(&m->ruri);
    ASSERT_SPAN(g_req, m->ruri.path, "/etc/hosts");

    len = request("x://h.example.com//p", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    m = parse_ok(g_req, len);
    ASSERT_SPAN(g_req, m->ruri.host, "h.example.com");
    ASSERT_SPAN(g_req, m->ruri.path, "//p");
}

/* the URIs an absoluteURI took before it had parts are still taken, the
   others still refused at their byte ('[' is no uric) */
Test(absolute_uri, language_unchanged)
{
    size_t len = request("http://[2001:db8::1]/", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_REQUEST_URI, off_of(g_req, "[2001"));
    len = request("http:", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_REQUEST_URI, off_of(g_req, " SIP/2.0"));
    len = request("x:%4g", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    parse_fails(g_req, len, SIPR_E_REQUEST_URI, off_of(g_req, "g SIP"));
    len = request("x:a//b:c@d?e/f", "<sip:bob@biloxi.com>", "<sip:alice@atlanta.com>", "");
    {
        const sipr_msg *m = parse_ok(g_req, len);
        assert_other(g_req, &m->ruri, "x:a//b:c@d?e/f", "x");
        assert_no_host(&m->ruri);
        ASSERT_NONE(m->ruri.path);
        ASSERT_NONE(m->ruri.query);
    }
}
