/* siprove: the RFC 4475 SIP torture test messages (Criterion).
 *
 * Data attribution: every message under tests/corpus/rfc4475/ is RFC 4475 data
 * (R. Sparks, Ed., A. Hawrylyshen, A. Johnston, J. Rosenberg, H. Schulzrinne,
 * "Session Initiation Protocol (SIP) Torture Test Messages", RFC 4475, May
 * 2006), byte-exact as decoded from the RFC's Appendix A archive and used here
 * with attribution (see tests/corpus/README.md; test.dat ships in the same
 * archive without being described by the RFC). The expected verdicts come from
 * tests/corpus/MANIFEST.tsv and from the text of each RFC 4475 section, which
 * the comment of each test quotes or paraphrases.
 *
 *   valid             (§3.1.1, and the accepting cases of §3.3 and §3.4):
 *                     sipr_parse == SIPR_OK, sipr_validate(.., NULL) == SIPR_V_OK,
 *                     and the fields the RFC calls out, byte for byte (spans
 *                     are as written: escapes not decoded, folds kept);
 *   invalid           (§3.1.2): a sipr_parse error code and err_off at the first
 *                     byte the grammar cannot accept (the convention of
 *                     tests/test_errors.c), located by a marker string in the
 *                     message, never by a number; or, for the cases a parser
 *                     can only judge after the fact, the sipr_validate verdict
 *                     with invalid == 1;
 *   semantic-invalid  (§3.2, the rejecting cases of §3.3): parses, and the
 *                     verdict, the response the RFC names and invalid == 0.
 *
 * Where RFC 3261 §25 leaves the owning rule of a byte ambiguous (a second SP
 * in the Request-Line, `<` where the Request-URI starts, trailing SP after
 * SIP-Version), an `alt` code is accepted as in tests/test_errors.c; the
 * offset is always exact.
 *
 * Where siprove's verdicts differed from RFC 4475, the tests assert what the
 * RFC says (unksm2 for a registrar and a proxy, zeromf for a proxy); the
 * validation follows them.
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

#define CORPUS "tests/corpus/rfc4475/"
#include "corpus_msg.h"

/* ---- bytes of the message -------------------------------------------------- */


/* param i of list l is name[=value]; value NULL: no value */
static void param_is(sipr_plist l, unsigned i, const char *name, const char *value)
{
    cr_assert(i < l.count, "parameter %u of a list of %u", i, l.count);
    const sipr_param *p = &g_m.params[l.first + i];
    span_is(p->name, name, strlen(name), "param name");
    if (value)
        span_is(p->value, value, strlen(value), "param value");
    else
        cr_assert_eq(p->value.len, 0u, "param %s has value \"%s\"", name,
                     show(g_buf + p->value.off, p->value.len));
}

/* the first header line whose name is exactly `name` */
static const sipr_header *header_named(const char *name)
{
    size_t n = strlen(name);
    for (unsigned i = 0; i < g_m.n_headers; i++)
        if (g_m.headers[i].name.len == n && memcmp(g_buf + g_m.headers[i].name.off, name, n) == 0)
            return &g_m.headers[i];
    cr_assert_fail("no header line named %s", name);
    return NULL;
}

/* the n-th item (0-based) that came from a header line of kind k */
static const sipr_item *item_of(sipr_header_kind k, unsigned n)
{
    for (unsigned i = 0; i < g_m.n_items; i++)
        if (g_m.headers[g_m.items[i].header].kind == k && n-- == 0)
            return &g_m.items[i];
    cr_assert_fail("no such item of header kind %d", (int)k);
    return NULL;
}

/* pre + n * unit + post, in a static buffer */
static const char *rep(const char *pre, const char *unit, int n, const char *post)
{
    static char out[4][1024];
    static int which;
    char *o = out[which = (which + 1) % 4];
    size_t k = 0;
    k += (size_t)snprintf(o + k, sizeof out[0] - k, "%s", pre);
    while (n-- > 0)
        k += (size_t)snprintf(o + k, sizeof out[0] - k, "%s", unit);
    snprintf(o + k, sizeof out[0] - k, "%s", post);
    cr_assert(strlen(o) < sizeof out[0] - 1, "rep: buffer too small");
    return o;
}

/* ---- rejection helpers ------------------------------------------------------ */

/* sipr_parse rejects the message with code (or alt, SIPR_OK: none) at the
   byte `skip` bytes into the first occurrence of `mark`. */
static void rejected(const char *name, sipr_status code, sipr_status alt, const char *mark,
                     size_t skip)
{
    load(name);
    sipr_status st = parse();
    size_t want = find_from(0, mark, strlen(mark)) + skip;
    cr_assert(st == code || (alt != SIPR_OK && st == alt), "%s: status %d (%s), expected %d (%s)",
              name, (int)st, sipr_strerror(st), (int)code, sipr_strerror(code));
    cr_assert_eq(g_m.err, st);
    cr_assert_eq(g_m.err_off, want, "%s: err_off %u (\"%s\"), expected %zu (\"%s\")", name,
                 (unsigned)g_m.err_off, show(g_buf + g_m.err_off, g_len - g_m.err_off > 12 ? 12 : g_len - g_m.err_off),
                 want, show(g_buf + want, g_len - want > 12 ? 12 : g_len - want));
    /* a message that does not parse is not validated either */
    expect_verdict(sipr_validate(g_buf, g_len, &g_m, NULL), SIPR_V_NOT_PARSED, 400);
}

/* parses; the verdict (profile p) is code/response with the given invalid
   flag, and its offset is that of `mark` (first occurrence at or after the
   first occurrence of `after`, when given). */
static sipr_verdict judged(const char *name, const sipr_profile *p, sipr_verdict_code code,
                           uint16_t response, int invalid, const char *after, const char *mark)
{
    parse_ok(name);
    sipr_verdict v = verdict_for(p);
    expect_verdict(v, code, response);
    cr_assert_eq(v.invalid, invalid, "%s: invalid %u, expected %d", name, v.invalid, invalid);
    if (mark) {
        size_t from = after ? find_from(0, after, strlen(after)) : 0;
        size_t want = find_from(from, mark, strlen(mark));
        cr_assert_eq(v.off, want, "%s: verdict offset %u (\"%s\"), expected %zu (\"%s\")", name,
                     (unsigned)v.off, show(g_buf + v.off, g_len - v.off > 16 ? 16 : g_len - v.off),
                     want, mark);
    }
    return v;
}

/* element profiles: the default UAS's capabilities, as a proxy */
static const sipr_str SCHEMES[] = {{"sip", 3}, {"sips", 4}, {"tel", 3}};
static const sipr_str TYPES[] = {
    {"application/sdp", 15}, {"multipart/mixed", 15}, {"message/sipfrag", 15}};
static const sipr_profile PROXY = {SIPR_ROLE_PROXY, 3, SCHEMES, 0, NULL, 3, TYPES};

/* =========================================================================== */
/* 3.1.1 Valid messages                                                         */
/* =========================================================================== */

/* §3.1.1.1 A Short Tortuous INVITE: line folding all over, escaped characters
   within quotes, an empty Subject, LWS around colons and semicolons, comma-
   separated and separate Via values, short and long forms, an unknown
   Request-URI parameter, unknown headers (one with a value that would be
   invalid as generic-param), unknown params of known headers, valueless
   params, Max-Forwards and CSeq with leading zeros. */
Test(rfc4475, wsinv)
{
    sipr_verdict v = valid("wsinv");
    /* the top Via's branch (390skdjuw) has no magic cookie: RFC 2543 matching */
    cr_assert_eq(v.rfc2543, 1);

    ASSERT_SPAN(g_m.method, "INVITE");
    ASSERT_SPAN(g_m.ruri.user, "vivekg");
    ASSERT_SPAN(g_m.ruri.host, "chair-dnrc.example.com");
    cr_assert_eq(g_m.ruri.params.count, 1);
    param_is(g_m.ruri.params, 0, "unknownparam", NULL);

    /* "TO :" CRLF SP folded onto the next line; tag with LWS around = */
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_TO]].name, "TO");
    ASSERT_SPAN(g_m.to.uri_text, "sip:vivekg@chair-dnrc.example.com");
    ASSERT_ABSENT(g_m.to.display);
    ASSERT_SPAN(g_m.to.tag, "1918181833n");

    /* escaped backslash and escaped quote inside the quoted display name */
    ASSERT_SPAN(g_m.from.display, "\"J Rosenberg \\\\\\\"\"");
    ASSERT_SPAN(g_m.from.uri_text, "sip:jdrosen@example.com");
    ASSERT_SPAN(g_m.from.tag, "98asjd8");
    /* the From value keeps its folds as written */
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_FROM]].value,
                "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8");

    cr_assert_eq(g_m.has_max_forwards, 1);
    cr_assert_eq(g_m.max_forwards, 68); /* 0068 */
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_MAX_FORWARDS]].name, "MaX-fOrWaRdS");
    cr_assert_eq(g_m.cseq_number, 9);   /* 0009, method on a continuation line */
    ASSERT_SPAN(g_m.cseq_method, "INVITE");
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_CSEQ]].value, "0009\r\n  INVITE");
    ASSERT_SPAN(g_m.call_id, "wsinv.ndaksdj@192.0.2.1");

    /* three Via values: "Via" with folds inside the sent-protocol, then "v"
       with a comma-separated pair */
    cr_assert_eq(g_m.n_vias, 3);
    cr_assert_eq(chain_len(SIPR_H_VIA), 2);
    ASSERT_SPAN(g_m.headers[g_m.vias[0].header].value,
                "SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw");
    ASSERT_SPAN(g_m.vias[0].transport, "UDP");
    ASSERT_SPAN(g_m.vias[0].host, "192.0.2.2");
    cr_assert_eq(g_m.vias[0].host_kind, SIPR_HOST_IPV4);
    ASSERT_SPAN(g_m.vias[0].branch, "390skdjuw");
    ASSERT_SPAN(g_m.headers[g_m.vias[1].header].name, "v");
    cr_assert_eq(g_m.vias[1].header, g_m.vias[2].header);
    ASSERT_SPAN(g_m.vias[1].transport, "TCP");
    ASSERT_SPAN(g_m.vias[1].host, "spindle.example.com");
    ASSERT_SPAN(g_m.vias[1].branch, "z9hG4bK9ikj8");
    ASSERT_SPAN(g_m.vias[2].transport, "UDP");
    ASSERT_SPAN(g_m.vias[2].host, "192.168.255.111");
    ASSERT_SPAN(g_m.vias[2].branch, "z9hG4bK30239"); /* after "branch=" CRLF SP */

    /* the empty Subject (compact form s, "s :"): a Subject line whose one
       entry is the empty text, at the value's offset */
    const sipr_header *s = header_named("s");
    cr_assert_eq(s->kind, SIPR_H_SUBJECT);
    cr_assert_eq(s->value.len, 0u);
    {
        unsigned n = 0;
        for (unsigned k = 0; k < g_m.n_items; k++) {
            if (g_m.items[k].header != g_m.first[SIPR_H_SUBJECT])
                continue;
            cr_assert_eq(g_m.items[k].value.len, 0u);
            cr_assert_eq(g_m.items[k].value.off, s->value.off);
            cr_assert_eq(g_m.items[k].params.count, 0u);
            n++;
        }
        cr_assert_eq(n, 1u);
        cr_assert_eq(&g_m.headers[g_m.first[SIPR_H_SUBJECT]], s);
    }

    /* unknown headers, kept raw; a folded value keeps its CRLF SP */
    ASSERT_SPAN(header_named("NewFangledHeader")->value,
                "newfangled value\r\n continued newfangled value");
    ASSERT_SPAN(header_named("UnknownHeaderWithUnusualValue")->value, ";;,,;;,;");
    ASSERT_SPAN(header_named("Route")->value,
                "<sip:services.example.com;lr;unknownwith=value;unknown-no-value>");

    /* m: Contact with escaped quotes in the display name, an unknown param
       folded after '=', a valueless param and q */
    cr_assert_eq(g_m.n_contacts, 1);
    const sipr_name_addr *c = &g_m.contacts[0];
    ASSERT_SPAN(g_m.headers[c->header].name, "m");
    ASSERT_SPAN(c->display, "\"Quoted string \\\"\\\"\"");
    ASSERT_SPAN(c->uri_text, "sip:jdrosen@example.com");
    ASSERT_SPAN(c->q, "0.33");
    cr_assert_eq(c->params.count, 2);
    param_is(c->params, 0, "newparam", "newvalue");
    param_is(c->params, 1, "secondparam", NULL);

    cr_assert_eq(g_m.content_length, 150);
    cr_assert_eq(g_m.body.len, 150);
    cr_assert_eq(g_m.body.off + g_m.body.len, g_len);
    cr_assert_eq(g_m.body.off, AT("\r\n\r\nv=0") + 4);
    ASSERT_SPAN(item_of(SIPR_H_CONTENT_TYPE, 0)->value, "application");
    ASSERT_SPAN(item_of(SIPR_H_CONTENT_TYPE, 0)->sub, "sdp");
}

/* §3.1.1.2 Wide Range of Valid Characters: a method with non-alpha token
   characters (% is no escape there), unusual but legal Request-URI
   characters, a branch of token characters, a quoted display name with
   quoted-pair BEL, NUL and DEL, a From display name of several tokens, a
   param with a UTF-8 quoted value, a Call-ID of word characters, an
   extension header with a UTF-8 value. */
Test(rfc4475, intmeth)
{
    valid("intmeth");
    ASSERT_SPAN(g_m.method, "!interesting-Method0123456789_*+`.%indeed'~");
    ASSERT_SPAN(g_m.cseq_method, "!interesting-Method0123456789_*+`.%indeed'~");
    cr_assert_eq(g_m.cseq_number, 139122385);

    /* user and password of the Request-URI as written */
    ASSERT_SPAN(g_m.request_uri,
                "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too."
                "(doesn't-it)@example.com");
    ASSERT_SPAN(g_m.ruri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    ASSERT_SPAN(g_m.ruri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    ASSERT_SPAN(g_m.ruri.host, "example.com");
    cr_assert_eq(g_m.ruri.params.count, 0);

    cr_assert_eq(g_m.n_vias, 1);
    ASSERT_SPAN(g_m.vias[0].transport, "TCP");
    ASSERT_SPAN(g_m.vias[0].branch, "z9hG4bK-.!%66*_+`'~");

    /* quoted-pairs of BEL (0x07), NUL (0x00) and DEL (0x7F), kept raw */
    ASSERT_SPAN(g_m.to.display, "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\"");
    ASSERT_SPAN(g_m.to.uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    ASSERT_ABSENT(g_m.to.tag);

    /* display name of three tokens (not a quoted string) */
    ASSERT_SPAN(g_m.from.display, "token1~` token2'+_ token3*%!.-");
    ASSERT_SPAN(g_m.from.uri_text, "sip:mundane@example.com");
    ASSERT_SPAN(g_m.from.tag, "_token~1'+`*%!-.");
    cr_assert_eq(g_m.from.params.count, 1);
    /* value: the quoted UTF-8 string "работающий" */
    param_is(g_m.from.params, 0, "fromParam''~+*_!.-%",
             "\"\xd1\x80\xd0\xb0\xd0\xb1\xd0\xbe\xd1\x82\xd0\xb0\xd1\x8e\xd1\x89\xd0\xb8\xd0\xb9\"");

    /* % " < > / [ ] ? are no delimiters in a Call-ID word */
    ASSERT_SPAN(g_m.call_id, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    cr_assert_eq(g_m.max_forwards, 255);

    /* the extension header, kept raw: name of token characters, value a UTF-8
       BOM and "大停電" */
    const sipr_header *x = header_named("extensionHeader-!.%*+_`'~");
    cr_assert_eq(x->kind, SIPR_H_OTHER);
    ASSERT_SPAN(x->value, "\xef\xbb\xbf\xe5\xa4\xa7\xe5\x81\x9c\xe9\x9b\xbb");
    cr_assert_eq(g_m.body.len, 0);
}

/* §3.1.1.3 Valid Use of the % Escaping Mechanism: the Request-URI carries
   sips:user@example.com escaped in its user part; escaped user parts in To
   and From; escaped Contact URI params (n%61me=v%61lue%25%34%31 is
   name=value%41, not valueA). Spans keep the escapes as written. */
Test(rfc4475, esc01)
{
    valid("esc01");
    ASSERT_SPAN(g_m.ruri.user, "sips%3Auser%40example.com");
    ASSERT_SPAN(g_m.ruri.host, "example.net");
    cr_assert_eq(g_m.ruri.scheme, SIPR_URI_SIP);
    ASSERT_SPAN(g_m.to.uri.user, "%75se%72");
    ASSERT_SPAN(g_m.to.uri.host, "example.com");
    ASSERT_SPAN(g_m.from.uri.user, "I%20have%20spaces");
    ASSERT_SPAN(g_m.from.tag, "938");

    /* compact forms i: (Call-ID) and C: (Content-Type) */
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_CALL_ID]].name, "i");
    ASSERT_SPAN(g_m.call_id, "esc01.239409asdfakjkn23onasd0-3234");
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_CONTENT_TYPE]].name, "C");

    /* Contact folded onto its second line */
    cr_assert_eq(g_m.n_contacts, 1);
    const sipr_name_addr *c = &g_m.contacts[0];
    ASSERT_SPAN(c->uri.user, "cal%6Cer");
    ASSERT_SPAN(c->uri.host, "host5.example.net");
    cr_assert_eq(c->uri.params.count, 2);
    param_is(c->uri.params, 0, "%6C%72", NULL);
    param_is(c->uri.params, 1, "n%61me", "v%61lue%25%34%31");
    cr_assert_eq(c->params.count, 0);
    cr_assert_eq(g_m.body.len, 150);
}

/* §3.1.1.4 Escaped Nulls in URIs: %00 in user parts; a parser must not cut the
   user name at the decoded NUL. Two Contacts: %00 and %00%00. */
Test(rfc4475, escnull)
{
    valid("escnull");
    ASSERT_SPAN(g_m.to.uri.user, "null-%00-null");
    ASSERT_SPAN(g_m.to.uri.host, "example.com");
    ASSERT_SPAN(g_m.from.uri.user, "null-%00-null");
    ASSERT_SPAN(g_m.from.tag, "839923423");
    cr_assert_eq(g_m.n_contacts, 2);
    cr_assert_eq(chain_len(SIPR_H_CONTACT), 2);
    ASSERT_SPAN(g_m.contacts[0].uri.user, "%00");
    ASSERT_SPAN(g_m.contacts[0].uri.host, "host5.example.com");
    ASSERT_SPAN(g_m.contacts[1].uri.user, "%00%00");
    ASSERT_SPAN(g_m.contacts[1].uri_text, "sip:%00%00@host5.example.com");
    /* "L:0", compact and without SP */
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_CONTENT_LENGTH]].name, "L");
    cr_assert_eq(g_m.has_content_length, 1);
    cr_assert_eq(g_m.content_length, 0);
}

/* §3.1.1.5 Use of % When It Is Not an Escape: the method RE%47IST%45R is an
   unknown method (not REGISTER); the display names are "%Z%45" (not %ZE); %
   in the Via branch; C%6Fntact is an unknown header, so there are two
   Contact values, not three. */
Test(rfc4475, esc02)
{
    valid("esc02");
    ASSERT_SPAN(g_m.method, "RE%47IST%45R");
    ASSERT_SPAN(g_m.cseq_method, "RE%47IST%45R");
    ASSERT_SPAN(g_m.ruri.host, "registrar.example.com");
    ASSERT_SPAN(g_m.to.display, "\"%Z%45\"");
    ASSERT_SPAN(g_m.from.display, "\"%Z%45\"");
    ASSERT_SPAN(g_m.from.tag, "f232jadfj23");
    ASSERT_SPAN(g_m.vias[0].branch, "z9hG4bK209%fzsnel234");

    cr_assert_eq(g_m.n_contacts, 2);
    ASSERT_SPAN(g_m.contacts[0].uri_text, "sip:alias1@host1.example.com");
    ASSERT_SPAN(g_m.contacts[1].uri_text, "sip:alias3@host3.example.com");
    const sipr_header *h = header_named("C%6Fntact");
    cr_assert_eq(h->kind, SIPR_H_OTHER);
    ASSERT_SPAN(h->value, "<sip:alias2@host2.example.com>");
    cr_assert_eq(chain_len(SIPR_H_CONTACT), 2);
}

/* §3.1.1.6 Message with No LWS between Display Name and <: the From display
   name is the token "caller". */
Test(rfc4475, lwsdisp)
{
    valid("lwsdisp");
    ASSERT_SPAN(g_m.from.display, "caller");
    ASSERT_SPAN(g_m.from.uri_text, "sip:caller@example.com");
    ASSERT_SPAN(g_m.from.uri.user, "caller");
    ASSERT_SPAN(g_m.from.tag, "323");
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_FROM]].value, "caller<sip:caller@example.com>;tag=323");
}

/* §3.1.1.7 Long Values in Header Fields: a long To display name and long URI
   param names and values, long From params and a very long tag, a long
   Call-ID, an unknown header with long name and value, 34 Via values (the
   last with received and a long branch), a long Contact user. */
Test(rfc4475, longreq)
{
    sipr_verdict v = valid("longreq");
    cr_assert_eq(g_len, 3515);
    cr_assert_eq(v.rfc2543, 1); /* the top Via has no branch at all */

    ASSERT_SPAN(g_m.ruri.user, "user");
    ASSERT_SPAN(g_m.ruri.host, "example.com");

    ASSERT_SPAN_STR(g_m.to.display, rep("\"I have a user name of ", "extreme", 10, " proportion\""));
    cr_assert_eq(g_m.to.uri.port, 6000);
    ASSERT_SPAN(g_m.to.uri.user, "user");
    cr_assert_eq(g_m.to.uri.params.count, 3);
    param_is(g_m.to.uri.params, 0, "unknownparam1", rep("very", "long", 20, "value"));
    param_is(g_m.to.uri.params, 1, rep("longparam", "name", 25, ""), "shortvalue");
    param_is(g_m.to.uri.params, 2, rep("very", "long", 25, "ParameterNameWithNoValue"), NULL);
    ASSERT_ABSENT(g_m.to.tag);

    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_FROM]].name, "F");
    ASSERT_SPAN_STR(g_m.from.uri.user, rep("", "amazinglylongcallername", 5, ""));
    ASSERT_SPAN(g_m.from.uri.host, "example.net");
    ASSERT_SPAN_STR(g_m.from.tag, rep("12", "982", 50, "424"));
    cr_assert_eq(g_m.from.params.count, 2);
    param_is(g_m.from.params, 0, rep("unknownheaderparam", "name", 20, ""),
             rep("unknowheaderparam", "value", 15, ""));
    param_is(g_m.from.params, 1, rep("unknownValueless", "paramname", 10, ""), NULL);

    ASSERT_SPAN_STR(g_m.call_id, rep("longreq.one", "really", 20, "longcallid"));
    cr_assert_eq(g_m.cseq_number, 3882340);

    const sipr_header *u = header_named(rep("Unknown-", "Long", 20, "-Name"));
    cr_assert_eq(u->kind, SIPR_H_OTHER);
    char uval[1024];
    snprintf(uval, sizeof uval, "%s; %s = %s", rep("unknown-", "long", 20, "-value"),
             rep("unknown-", "long", 20, "-parameter-name"),
             rep("unknown-", "long", 20, "-parameter-value"));
    ASSERT_SPAN_STR(u->value, uval);

    /* 34 Vias on 34 lines, names in every case and compact form, some with
       SP before the colon; sip33 first, down to sip1, then host.example.com */
    cr_assert_eq(g_m.n_vias, 34);
    cr_assert_eq(chain_len(SIPR_H_VIA), 34);
    for (int i = 0; i < 33; i++) {
        char host[32];
        snprintf(host, sizeof host, "sip%d.example.com", 33 - i);
        ASSERT_SPAN_STR(g_m.vias[i].host, host);
        ASSERT_SPAN(g_m.vias[i].transport, "TCP");
        ASSERT_ABSENT(g_m.vias[i].branch);
    }
    ASSERT_SPAN(g_m.headers[g_m.vias[9].header].name, "vIa");
    ASSERT_SPAN(g_m.headers[g_m.vias[13].header].name, "V");
    const sipr_via *last = &g_m.vias[33];
    ASSERT_SPAN(last->host, "host.example.com");
    ASSERT_SPAN(last->received, "192.0.2.5");
    ASSERT_SPAN_STR(last->branch, rep("very", "long", 50, "branchvalue"));

    cr_assert_eq(g_m.n_contacts, 1);
    ASSERT_SPAN_STR(g_m.contacts[0].uri.user, rep("", "amazinglylongcallername", 5, ""));
    ASSERT_SPAN(g_m.contacts[0].uri.host, "host5.example.net");
    cr_assert_eq(g_m.body.len, 150);
    cr_assert_eq(g_m.body.off + g_m.body.len, g_len);
}

/* §3.1.1.8 Extra Trailing Octets in a UDP Datagram: a REGISTER with
   Content-Length: 0, then what looks like an INVITE; per RFC 3261 §18.3 the
   trailing octets are noise and must be ignored. */
Test(rfc4475, dblreq)
{
    valid("dblreq");
    ASSERT_SPAN(g_m.method, "REGISTER");
    ASSERT_SPAN(g_m.cseq_method, "REGISTER");
    ASSERT_SPAN(g_m.call_id, "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
    ASSERT_SPAN(g_m.to.uri_text, "sip:j.user@example.com");
    cr_assert_eq(g_m.content_length, 0);
    /* the body is the 0 octets right after the empty line ... */
    cr_assert_eq(g_m.body.len, 0);
    cr_assert_eq(g_m.body.off, AT("Content-Length: 0\r\n\r\n") + 21);
    /* ... and nothing of the trailing INVITE is taken as a header */
    cr_assert_eq(g_m.n_headers, 8);
    cr_assert_eq(g_m.n_vias, 1);
    ASSERT_SPAN(g_m.vias[0].branch, "z9hG4bKkdjuw23492");
    cr_assert_eq(chain_len(SIPR_H_CONTENT_LENGTH), 1);
    cr_assert(g_m.body.off + 2 < g_len && AT("INVITE sip:joe@example.com") > g_m.body.off);
    /* the Contact is an addr-spec without <> */
    cr_assert_eq(g_m.n_contacts, 1);
    ASSERT_SPAN(g_m.contacts[0].uri_text, "sip:j.user@host.example.com");
}

/* §3.1.1.9 Semicolon-Separated Parameters in URI User Part: the user part of
   the Request-URI is "user;par=u%40example.net" (user;par=u@example.net
   unescaped); ;par is not a URI parameter. */
Test(rfc4475, semiuri)
{
    valid("semiuri");
    ASSERT_SPAN(g_m.request_uri, "sip:user;par=u%40example.net@example.com");
    ASSERT_SPAN(g_m.ruri.user, "user;par=u%40example.net");
    ASSERT_SPAN(g_m.ruri.host, "example.com");
    ASSERT_ABSENT(g_m.ruri.password);
    cr_assert_eq(g_m.ruri.params.count, 0);
    /* the folded Accept list: six media ranges */
    static const char *const types[6][2] = {
        {"application", "sdp"}, {"application", "pkcs7-mime"}, {"multipart", "mixed"},
        {"multipart", "signed"}, {"message", "sip"}, {"message", "sipfrag"}};
    for (unsigned i = 0; i < 6; i++) {
        ASSERT_SPAN_STR(item_of(SIPR_H_ACCEPT, i)->value, types[i][0]);
        ASSERT_SPAN_STR(item_of(SIPR_H_ACCEPT, i)->sub, types[i][1]);
    }
}

/* §3.1.1.10 Varied and Unknown Transport Types: Via values with UDP, SCTP,
   TLS, UNKNOWN and TCP. (No IPv6 or unusual hosts in this message.) */
Test(rfc4475, transports)
{
    valid("transports");
    static const char *const tr[5] = {"UDP", "SCTP", "TLS", "UNKNOWN", "TCP"};
    static const char *const br[5] = {"z9hG4bKkdjuw", "z9hG4bKklasjdhf", "z9hG4bK2980unddj",
                                      "z9hG4bKasd0f3en", "z9hG4bK0a9idfnee"};
    cr_assert_eq(g_m.n_vias, 5);
    for (int i = 0; i < 5; i++) {
        char host[32];
        snprintf(host, sizeof host, "t%d.example.com", i + 1);
        ASSERT_SPAN(g_m.vias[i].protocol_name, "SIP");
        ASSERT_SPAN(g_m.vias[i].protocol_version, "2.0");
        ASSERT_SPAN_STR(g_m.vias[i].transport, tr[i]);
        ASSERT_SPAN_STR(g_m.vias[i].host, host);
        cr_assert_eq(g_m.vias[i].host_kind, SIPR_HOST_NAME);
        ASSERT_SPAN_STR(g_m.vias[i].branch, br[i]);
    }
    /* "Call-ID:" followed by two SP: the value starts at the token */
    ASSERT_SPAN(g_m.call_id, "transports.kijh4akdnaqjkwendsasfdj");
}

/* §3.1.1.11 Multipart MIME Message: multipart/mixed with a boundary; the
   second part is binary (raw non-ASCII octets, NULs, bare LFs). The body is
   the Content-Length octets. */
Test(rfc4475, mpart01)
{
    valid("mpart01");
    ASSERT_SPAN(g_m.method, "MESSAGE");
    const sipr_item *ct = item_of(SIPR_H_CONTENT_TYPE, 0);
    ASSERT_SPAN(ct->value, "multipart");
    ASSERT_SPAN(ct->sub, "mixed");
    cr_assert_eq(ct->params.count, 1);
    param_is(ct->params, 0, "boundary", "7a9cbec02ceef655");

    cr_assert_eq(g_m.content_length, 553);
    cr_assert_eq(g_m.body.len, 553);
    cr_assert_eq(g_m.body.off, AT("Content-Length: 553\r\n\r\n") + 23);
    cr_assert_eq(g_m.body.off + g_m.body.len, g_len);
    cr_assert(memcmp(g_buf + g_m.body.off, "--7a9cbec02ceef655\r\n", 20) == 0);
    cr_assert(memcmp(g_buf + g_len - 24, "\r\n--7a9cbec02ceef655--\r\n", 24) == 0);
    /* the binary part has NULs inside the body */
    cr_assert_not_null(memchr(g_buf + g_m.body.off, '\0', g_m.body.len));

    /* Content-Transfer-Encoding is an unknown header here; Date is parsed */
    ASSERT_SPAN(header_named("Content-Transfer-Encoding")->value, "binary");
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_DATE]].value, "Sat, 15 Oct 2005 04:44:56 GMT");
    ASSERT_SPAN(g_m.vias[0].host, "127.0.0.1");
    cr_assert_eq(g_m.vias[0].port, 5070);
    cr_assert_eq(g_m.vias[0].has_rport, 1);
    ASSERT_ABSENT(g_m.vias[0].rport);
    ASSERT_SPAN(g_m.call_id, "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..");
}

/* §3.1.1.12 Unusual Reason Phrase: a reason phrase with "=", "*" and non-ASCII
   UTF-8. */
Test(rfc4475, unreason)
{
    valid("unreason");
    cr_assert_eq(g_m.type, SIPR_MSG_RESPONSE);
    cr_assert_eq(g_m.status_code, 200);
    ASSERT_SPAN(g_m.status_text, "200");
    /* "= 2**3 * 5**2 но сто девяносто девять - простое" */
    ASSERT_SPAN(g_m.reason, "= 2**3 * 5**2 "
                            "\xd0\xbd\xd0\xbe \xd1\x81\xd1\x82\xd0\xbe "
                            "\xd0\xb4\xd0\xb5\xd0\xb2\xd1\x8f\xd0\xbd\xd0\xbe\xd1\x81\xd1\x82\xd0\xbe "
                            "\xd0\xb4\xd0\xb5\xd0\xb2\xd1\x8f\xd1\x82\xd1\x8c - "
                            "\xd0\xbf\xd1\x80\xd0\xbe\xd1\x81\xd1\x82\xd0\xbe\xd0\xb5");
    cr_assert_eq(g_m.body.len, 154);
}

/* §3.1.1.13 Empty Reason Phrase: "SIP/2.0 100 " CRLF: the SP after the code is
   present and the reason phrase is empty. */
Test(rfc4475, noreason)
{
    valid("noreason");
    cr_assert_eq(g_m.type, SIPR_MSG_RESPONSE);
    cr_assert_eq(g_m.status_code, 100);
    ASSERT_SPAN(g_m.status_text, "100");
    cr_assert_eq(g_m.reason.len, 0);
    cr_assert_eq(g_m.reason.off, AT("100 \r\n") + 4); /* between the SP and the CRLF */
    cr_assert_eq(g_m.has_max_forwards, 0);
    ASSERT_SPAN(g_m.to.tag, "902jndnke3");
}

/* =========================================================================== */
/* 3.3 and 3.4: the accepting cases                                             */
/* =========================================================================== */

/* §3.3.7 Unknown Authorization Scheme: well-formed (other-response:
   auth-scheme LWS auth-param); the registrar treats it as uncredentialed (a
   401 challenge is beyond the validator), and the Digest parser says it is
   not Digest. */
Test(rfc4475, regaut01)
{
    valid("regaut01");
    ASSERT_SPAN(g_m.method, "REGISTER");
    const sipr_header *a = header_named("Authorization");
    cr_assert_eq(a->kind, SIPR_H_AUTHORIZATION);
    ASSERT_SPAN(a->value, "NoOneKnowsThisScheme opaque-data=here");
    {
        const sipr_item *t = NULL;
        sipr_digest_credentials cr;
        for (unsigned k = 0; k < g_m.n_items; k++)
            if (g_m.items[k].header == g_m.first[SIPR_H_AUTHORIZATION]) {
                cr_assert_null(t, "a second entry");
                t = &g_m.items[k];
            }
        cr_assert_not_null(t);
        cr_assert_eq(&g_m.headers[t->header], a);
        span_is(t->value, "NoOneKnowsThisScheme", 20, "scheme");
        cr_assert_eq(t->params.count, 1u);
        param_is(t->params, 0, "opaque-data", "here");
        cr_assert_eq(sipr_digest_parse_credentials(g_buf, g_len, a->value, &cr),
                     SIPR_E_DIGEST_SCHEME);
    }
    ASSERT_SPAN(g_m.to.uri_text, "sip:j.user@example.com");
    ASSERT_SPAN(g_m.vias[0].transport, "TCP");
    /* "Content-Length:0", no SP */
    cr_assert_eq(g_m.has_content_length, 1);
    cr_assert_eq(g_m.content_length, 0);
}

/* §3.3.10 200 OK Response with Broadcast Via Header Field Value: the second
   Via's sent-by is 255.255.255.255; parsers must not fail. (The RFC 3261
   §18.1.2 sent-by check that makes an element discard it needs the local
   transport configuration, outside sipr_validate.) */
Test(rfc4475, bcast)
{
    valid("bcast");
    cr_assert_eq(g_m.status_code, 200);
    ASSERT_SPAN(g_m.reason, "OK");
    cr_assert_eq(g_m.n_vias, 2);
    ASSERT_SPAN(g_m.vias[0].host, "192.0.2.198");
    ASSERT_SPAN(g_m.vias[1].host, "255.255.255.255");
    cr_assert_eq(g_m.vias[1].host_kind, SIPR_HOST_IPV4);
    ASSERT_SPAN(g_m.vias[1].branch, "z9hG4bK1saber23");
}

/* §3.3.11 Max-Forwards of Zero: a legal request; a UAS processes it. */
Test(rfc4475, zeromf)
{
    valid("zeromf");
    ASSERT_SPAN(g_m.method, "OPTIONS");
    cr_assert_eq(g_m.has_max_forwards, 1);
    cr_assert_eq(g_m.max_forwards, 0);
    ASSERT_SPAN(g_m.headers[g_m.first[SIPR_H_MAX_FORWARDS]].value, "0");
}

/* §3.3.11, the proxy: "A proxy should not forward the request and should
   respond 483 (Too Many Hops)."
   (RFC 3261 §16.3 item 3 lets a proxy answer an OPTIONS itself instead; either
   way it must not forward it.) */
Test(rfc4475, zeromf_proxy_483)
{
    judged("zeromf", &PROXY, SIPR_V_TOO_MANY_HOPS, 483, 0, NULL, "Max-Forwards: 0");
}

/* §3.3.12 REGISTER with a Contact Header Parameter: no <>, so ;unknownparam is
   a contact-param, not a URI param. */
Test(rfc4475, cparam01)
{
    valid("cparam01");
    cr_assert_eq(g_m.n_contacts, 1);
    const sipr_name_addr *c = &g_m.contacts[0];
    ASSERT_SPAN(c->uri_text, "sip:+19725552222@gw1.example.net");
    ASSERT_SPAN(c->uri.user, "+19725552222");
    ASSERT_SPAN(c->uri.host, "gw1.example.net");
    cr_assert_eq(c->uri.params.count, 0);
    cr_assert_eq(c->params.count, 1);
    param_is(c->params, 0, "unknownparam", NULL);
}

/* §3.3.13 REGISTER with a url-parameter: inside <>, ;unknownparam is a URI
   param. */
Test(rfc4475, cparam02)
{
    valid("cparam02");
    cr_assert_eq(g_m.n_contacts, 1);
    const sipr_name_addr *c = &g_m.contacts[0];
    ASSERT_SPAN(c->uri_text, "sip:+19725552222@gw1.example.net;unknownparam");
    ASSERT_SPAN(c->uri.host, "gw1.example.net");
    cr_assert_eq(c->uri.params.count, 1);
    param_is(c->uri.params, 0, "unknownparam", NULL);
    cr_assert_eq(c->params.count, 0);
}

/* §3.3.14 REGISTER with a URL Escaped Header: the Contact URI (inside <>)
   carries ?Route=%3Csip:sip.example.com%3E, which a registrar stores. */
Test(rfc4475, regescrt)
{
    valid("regescrt");
    cr_assert_eq(g_m.n_contacts, 1);
    const sipr_name_addr *c = &g_m.contacts[0];
    ASSERT_SPAN(g_m.headers[c->header].name, "M");
    ASSERT_SPAN(c->uri_text, "sip:user@example.com?Route=%3Csip:sip.example.com%3E");
    ASSERT_SPAN(c->uri.user, "user");
    ASSERT_SPAN(c->uri.host, "example.com");
    cr_assert_eq(c->uri.params.count, 0);
    cr_assert_eq(c->uri.headers.count, 1);
    param_is(c->uri.headers, 0, "Route", "%3Csip:sip.example.com%3E");
    cr_assert_eq(c->params.count, 0);
}

/* §3.4.1 INVITE with RFC 2543 Syntax: no Via branch, no From tag, no
   Content-Length (the body is all octets after the empty line), no
   Max-Forwards; RFC 3261 elements should accept it. */
Test(rfc4475, inv2543)
{
    sipr_verdict v = valid("inv2543");
    cr_assert_eq(v.rfc2543, 1);
    cr_assert_eq(g_m.n_vias, 1);
    ASSERT_SPAN(g_m.vias[0].host, "iftgw.example.com");
    ASSERT_ABSENT(g_m.vias[0].branch);
    ASSERT_ABSENT(g_m.from.tag);
    cr_assert_eq(g_m.has_max_forwards, 0);
    cr_assert_eq(g_m.has_content_length, 0);
    cr_assert_eq(g_m.first[SIPR_H_CONTENT_LENGTH], SIPR_NONE);
    cr_assert_eq(g_m.body.off, AT("\r\n\r\nv=0") + 4);
    cr_assert_eq(g_m.body.off + g_m.body.len, g_len);
    ASSERT_SPAN(g_m.body, "v=0\r\n"
                          "o=mhandley 29739 7272939 IN IP4 192.0.2.5\r\n"
                          "s=-\r\n"
                          "c=IN IP4 192.0.2.5\r\n"
                          "t=0 0\r\n"
                          "m=audio 49217 RTP/AVP 0\r\n");
    /* From in <>: ;user=phone is a URI param; To without <>: a To param */
    ASSERT_SPAN(g_m.from.uri.user, "+13035551111");
    cr_assert_eq(g_m.from.uri.params.count, 1);
    param_is(g_m.from.uri.params, 0, "user", "phone");
    ASSERT_SPAN(g_m.to.uri_text, "sip:+16505552222@ss1.example.net");
    cr_assert_eq(g_m.to.uri.params.count, 0);
    cr_assert_eq(g_m.to.params.count, 1);
    param_is(g_m.to.params, 0, "user", "phone");
}

/* =========================================================================== */
/* 3.1.2 Invalid messages                                                       */
/* =========================================================================== */

/* §3.1.2.1 Extraneous Header Field Separators: Via "192.0.2.15;;,;,," (and a
   Contact ending ";;;;"). The first ';' may start a via-param; the second
   cannot be a param name. */
Test(rfc4475, badinv01)
{
    rejected("badinv01", SIPR_E_VIA, SIPR_OK, "192.0.2.15;;,", 11);
}

/* §3.1.2.2 Content Length Larger Than Message: Content-Length 9999 over UDP;
   the element responds 400. Judged after parsing, on the Content-Length
   line. */
Test(rfc4475, clerr)
{
    judged("clerr", NULL, SIPR_V_CONTENT_LENGTH_MISMATCH, 400, 1, NULL, "Content-Length: 9999");
    cr_assert_eq(g_m.content_length, 9999);
    cr_assert(g_m.body.len < 9999);
}

/* §3.1.2.3 Negative Content-Length: "-999"; the '-' is not a digit. */
Test(rfc4475, ncl)
{
    rejected("ncl", SIPR_E_CONTENT_LENGTH, SIPR_OK, "-999", 0);
}

/* §3.1.2.4 Request Scalar Fields with Overlarge Values: CSeq 2^65, Max-Forwards
   300, Expires 10^100, Contact expires > 2^32; "should respond with a 400 Bad
   Request due to the CSeq error". The CSeq limit is 2^31-1 (RFC 3261
   §8.1.1.5): 368934881 fits, the 10th digit makes 3689348814 too large. */
Test(rfc4475, scalar02)
{
    rejected("scalar02", SIPR_E_NUMBER_RANGE, SIPR_OK, "36893488147419103232", 9);
}

/* §3.1.2.5 Response Scalar Fields with Overlarge Values: CSeq
   9292394834772304023312 (also Retry-After and a 4-digit Warning code); the
   element discards it. 929239483 fits 2^31-1, 9292394834 does not. */
Test(rfc4475, scalarlg)
{
    rejected("scalarlg", SIPR_E_NUMBER_RANGE, SIPR_OK, "9292394834772304023312", 9);
}

/* §3.1.2.6 Unterminated Quoted String in Display Name: To: "Mr. J. User
   <sip:j.user@example.com> with no closing quote. Inside a quoted string
   the '>' is still text, so the value can only fail where it ends: at the
   CRLF that ends the To line (not followed by WSP, so not a fold). */
Test(rfc4475, quotbal)
{
    rejected("quotbal", SIPR_E_TO, SIPR_OK, "j.user@example.com>\r\nFrom", 19);
}

/* §3.1.2.7 <> Enclosing Request-URI: "INVITE <sip:user@example.com> SIP/2.0". */
Test(rfc4475, ltgtruri)
{
    rejected("ltgtruri", SIPR_E_REQUEST_URI, SIPR_E_START_LINE, "<sip:user@example.com>", 0);
}

/* §3.1.2.8 Malformed SIP Request-URI (embedded LWS): "sip:user@example.com; lr";
   after ';' a param name is required, the SP is not one. */
Test(rfc4475, lwsruri)
{
    rejected("lwsruri", SIPR_E_REQUEST_URI, SIPR_OK, "; lr SIP/2.0", 1);
}

/* §3.1.2.9 Multiple SP Separating Request-Line Elements: "INVITE  sip:..."; the
   second SP is the first bad byte. */
Test(rfc4475, lwsstart)
{
    rejected("lwsstart", SIPR_E_START_LINE, SIPR_E_REQUEST_URI, "INVITE  sip", 7);
}

/* §3.1.2.10 SP Characters at End of Request-Line: "SIP/2.0  " CRLF; the first
   trailing SP. */
Test(rfc4475, trws)
{
    rejected("trws", SIPR_E_VERSION, SIPR_E_START_LINE, "SIP/2.0  \r\n", 7);
}

/* §3.1.2.11 Escaped Headers in SIP Request-URI: "?Route=..." in the
   Request-URI (RFC 3261 §19.1.1: headers are not allowed there). */
Test(rfc4475, escruri)
{
    rejected("escruri", SIPR_E_REQUEST_URI, SIPR_OK, "?Route=%3Csip:example.com%3E SIP/2.0", 0);
}

/* §3.1.2.12 Invalid Time Zone in Date Header Field: "... 16:00:00 EST"; RFC
   3261 §20.17 requires GMT. */
Test(rfc4475, baddate)
{
    rejected("baddate", SIPR_E_DATE, SIPR_OK, "16:00:00 EST", 9);
}

/* §3.1.2.13 Failure to Enclose name-addr URI in <>: Contact
   sip:user@example.com?Route=... without <>; RFC 3261 §20 requires name-addr
   form when the URI contains '?'. */
Test(rfc4475, regbadct)
{
    rejected("regbadct", SIPR_E_CONTACT, SIPR_E_URI, "?Route=%3Csip:sip.example.com%3E", 0);
}

/* §3.1.2.14 Spaces within addr-spec: To: "Watson, Thomas" < sip:t.watson@...
   >; LAQUOT is SWS "<" (no SWS after it): the SP after '<'. */
Test(rfc4475, badaspec)
{
    rejected("badaspec", SIPR_E_TO, SIPR_E_URI, "< sip:t.watson", 1);
}

/* §3.1.2.15 Non-token Characters in Display Name: From: Bell, Alexander <...>
   unquoted; the ',' cannot be part of a token display name. (The archived
   file also lacks the empty line; the From error comes first.) */
Test(rfc4475, baddn)
{
    rejected("baddn", SIPR_E_FROM, SIPR_OK, "Bell, Alexander", 4);
}

/* §3.1.2.16 Unknown Protocol Version: SIP/7.0; 505 Version Not Supported. The
   verdict names the Request-Line's version. */
Test(rfc4475, badvers)
{
    judged("badvers", NULL, SIPR_V_BAD_VERSION, 505, 1, NULL, "SIP/7.0\r\n");
    ASSERT_SPAN(g_m.version, "SIP/7.0");
}

/* §3.1.2.17 Start Line and CSeq Method Mismatch: OPTIONS vs CSeq INVITE; 400. */
Test(rfc4475, mismatch01)
{
    judged("mismatch01", NULL, SIPR_V_CSEQ_METHOD_MISMATCH, 400, 1, "CSeq:", "INVITE");
    ASSERT_SPAN(g_m.method, "OPTIONS");
}

/* §3.1.2.18 Unknown Method with CSeq Method Mismatch: NEWMETHOD vs CSeq INVITE;
   400, "in particular, receiving a 501 Not Implemented ... would be
   incorrect". */
Test(rfc4475, mismatch02)
{
    judged("mismatch02", NULL, SIPR_V_CSEQ_METHOD_MISMATCH, 400, 1, "CSeq:", "INVITE");
    ASSERT_SPAN(g_m.method, "NEWMETHOD");
}

/* §3.1.2.19 Overlarge Response Code: 4294967301; Status-Code is 3DIGIT, the
   4th digit is the first bad byte. */
Test(rfc4475, bigcode)
{
    rejected("bigcode", SIPR_E_STATUS_CODE, SIPR_OK, "4294967301", 3);
}

/* test.dat (in the RFC 4475 archive, not described by the RFC): the
   Request-Line "INVITE sip:alan@jasomi.com" CRLF has no SIP-Version. */
Test(rfc4475, test_dat)
{
    rejected("test", SIPR_E_START_LINE, SIPR_E_REQUEST_URI, "jasomi.com\r\nTO :", 10);
}

/* =========================================================================== */
/* 3.2 and 3.3: the rejecting cases                                             */
/* =========================================================================== */

/* §3.2.1 Missing Transaction Identifier: branch is exactly z9hG4bK; parsers
   must not break; an element may answer 400 or fall back to RFC 2543
   matching. siprove reports both: 400 and the rfc2543 flag. */
Test(rfc4475, badbranch)
{
    sipr_verdict v = judged("badbranch", NULL, SIPR_V_BARE_BRANCH_COOKIE, 400, 0, NULL, "z9hG4bK\r\n");
    cr_assert_eq(v.rfc2543, 1);
    ASSERT_SPAN(g_m.vias[0].branch, "z9hG4bK");
}

/* §3.3.1 Missing Required Header Fields: no Call-ID, From or To; must not
   crash; ideally 400. Any of the three missing headers is a correct reason. */
Test(rfc4475, insuf)
{
    parse_ok("insuf");
    cr_assert_eq(g_m.first[SIPR_H_TO], SIPR_NONE);
    cr_assert_eq(g_m.first[SIPR_H_FROM], SIPR_NONE);
    cr_assert_eq(g_m.first[SIPR_H_CALL_ID], SIPR_NONE);
    sipr_verdict v = verdict_for(NULL);
    cr_assert(v.code == SIPR_V_MISSING_TO || v.code == SIPR_V_MISSING_FROM ||
                  v.code == SIPR_V_MISSING_CALL_ID,
              "verdict %d (%s)", (int)v.code, sipr_verdict_reason(v.code));
    cr_assert_eq(v.response, 400);
    cr_assert_eq(v.invalid, 0);
}

/* §3.3.2 Request-URI with Unknown Scheme: nobodyKnowsThisScheme:...; a parser
   must accept it; the element answers 416. */
Test(rfc4475, unkscm)
{
    judged("unkscm", NULL, SIPR_V_UNSUPPORTED_SCHEME, 416, 0, NULL, "nobodyKnowsThisScheme:");
    cr_assert_eq(g_m.ruri.scheme, SIPR_URI_OTHER);
    ASSERT_SPAN(g_m.ruri.scheme_name, "nobodyKnowsThisScheme");
    ASSERT_SPAN(g_m.ruri.opaque, "totallyopaquecontent");
}

/* §3.3.3 Request-URI with Known but Atypical Scheme: soap.beep://...; 416 from
   an element that never accepts the scheme. */
Test(rfc4475, novelsc)
{
    judged("novelsc", NULL, SIPR_V_UNSUPPORTED_SCHEME, 416, 0, NULL, "soap.beep://");
    cr_assert_eq(g_m.ruri.scheme, SIPR_URI_OTHER);
    ASSERT_SPAN(g_m.ruri.scheme_name, "soap.beep");
    ASSERT_SPAN(g_m.ruri.opaque, "//192.0.2.103:3002");
    /* RFC 2396 §3.2.2: a server authority */
    ASSERT_SPAN(g_m.ruri.host, "192.0.2.103");
    cr_assert_eq(g_m.ruri.host_kind, SIPR_HOST_IPV4);
    cr_assert_eq(g_m.ruri.port, 3002);
    cr_assert_eq(g_m.ruri.path.len, 0);
}

/* §3.3.4 Unknown URI Schemes in Header Fields: isbn:, http:, name: in To, From,
   Contact of a REGISTER (Request-URI sip:example.com). "A registrar would
   reject this request with a 400 Bad Request response, since the To: header
   field is required to contain a SIP or SIPS URI as an AOR."
   (416 would be about the Request-URI, RFC 3261 §21.4.16, which is sip: here.) */
Test(rfc4475, unksm2_registrar_400)
{
    parse_ok("unksm2");
    ASSERT_SPAN(g_m.to.uri.scheme_name, "isbn");
    ASSERT_SPAN(g_m.from.uri.scheme_name, "http");
    ASSERT_SPAN(g_m.from.uri.host, "www.example.com");
    cr_assert_eq(g_m.to.uri.host.len, 0);
    cr_assert_eq(g_m.n_contacts, 1);
    ASSERT_SPAN(g_m.contacts[0].uri.scheme_name, "name");
    ASSERT_SPAN(g_m.ruri.scheme_name, "sip");
    sipr_verdict v = verdict_for(NULL);
    cr_assert_eq(v.code, SIPR_V_BAD_ADDRESS_OF_RECORD);
    cr_assert_eq(v.response, 400, "response %u (verdict %s), RFC 4475 §3.3.4 says 400", v.response,
                 sipr_verdict_reason(v.code));
    cr_assert_eq(v.invalid, 0);
    cr_assert_eq(v.off, AT("isbn:2983792873"));
}

/* §3.3.4, the proxy: "Proxies should treat this message as they would any
   other request for this URI" (the Request-URI is sip:example.com).
   The To check is a registrar's (a UAS role), not a proxy's. */
Test(rfc4475, unksm2_proxy_forwards)
{
    judged("unksm2", &PROXY, SIPR_V_OK, 0, 0, NULL, NULL);
}

/* §3.3.5 Proxy-Require and Require: unknown option tags; 420 Bad Extension
   listing the tags of Require or Proxy-Require, depending on the role. */
Test(rfc4475, bext01)
{
    judged("bext01", NULL, SIPR_V_BAD_EXTENSION, 420, 0, "Require:", "nothingSupportsThis,");
    judged("bext01", &PROXY, SIPR_V_BAD_EXTENSION, 420, 0, "Proxy-Require:", "noProxiesSupportThis");
}

/* §3.3.6 Unknown Content-Type: application/unknownformat; a UAS answers 415,
   a proxy processes it like any other INVITE. */
Test(rfc4475, invut)
{
    judged("invut", NULL, SIPR_V_UNSUPPORTED_MEDIA, 415, 0, NULL, "application/unknownformat");
    ASSERT_SPAN(item_of(SIPR_H_CONTENT_TYPE, 0)->sub, "unknownformat");
    judged("invut", &PROXY, SIPR_V_OK, 0, 0, NULL, NULL);
}

/* §3.3.8 Multiple Values in Single Value Required Fields: two Call-ID, To,
   From, Max-Forwards and CSeq values; 400. Any second line of one of those
   is a correct offset. */
Test(rfc4475, multi01)
{
    parse_ok("multi01");
    sipr_verdict v = verdict_for(NULL);
    expect_verdict(v, SIPR_V_DUPLICATE_HEADER, 400);
    cr_assert_eq(v.invalid, 0);
    static const sipr_header_kind dup[5] = {SIPR_H_CALL_ID, SIPR_H_TO, SIPR_H_FROM,
                                            SIPR_H_MAX_FORWARDS, SIPR_H_CSEQ};
    int named = 0;
    for (int k = 0; k < 5; k++) {
        cr_assert_eq(chain_len(dup[k]), 2, "kind %d should have two lines", (int)dup[k]);
        uint16_t second = g_m.headers[g_m.first[dup[k]]].next;
        if (g_m.headers[second].name.off == v.off)
            named = 1;
    }
    cr_assert(named, "verdict offset %u (\"%s\") is not the second line of a duplicated header",
              (unsigned)v.off, show(g_buf + v.off, 20));
}

/* §3.3.9 Multiple Content-Length Values: 13 and 5; framing is ambiguous; an
   error (400). The verdict names the second Content-Length line. */
Test(rfc4475, mcl01)
{
    judged("mcl01", NULL, SIPR_V_DUPLICATE_HEADER, 400, 0, NULL, "Content-Length: 5\r\n");
    cr_assert_eq(chain_len(SIPR_H_CONTENT_LENGTH), 2);
}

/* §3.3.15 Unacceptable Accept Offering: INVITE with Accept: text/nobodyKnowsThis;
   the UAS cannot answer with an acceptable body: 406. */
Test(rfc4475, sdp01)
{
    judged("sdp01", NULL, SIPR_V_NOT_ACCEPTABLE, 406, 0, NULL, "Accept: text/nobodyKnowsThis");
    ASSERT_SPAN(item_of(SIPR_H_ACCEPT, 0)->value, "text");
    ASSERT_SPAN(item_of(SIPR_H_ACCEPT, 0)->sub, "nobodyKnowsThis");
}

/* =========================================================================== */
/* The manifest: every rfc4475 line has a test above, and its verdict class    */
/* =========================================================================== */

static const char *const TESTED[] = {
    "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri",
    "transports", "mpart01", "unreason", "noreason", "regaut01", "bcast", "zeromf", "cparam01",
    "cparam02", "regescrt", "inv2543", "badinv01", "clerr", "ncl", "scalar02", "scalarlg",
    "quotbal", "ltgtruri", "lwsruri", "lwsstart", "trws", "escruri", "baddate", "regbadct",
    "badaspec", "baddn", "badvers", "mismatch01", "mismatch02", "bigcode", "test", "badbranch",
    "insuf", "unkscm", "novelsc", "unksm2", "bext01", "invut", "multi01", "mcl01", "sdp01"};

Test(rfc4475, manifest_classes)
{
    manifest_classes("rfc4475", TESTED, sizeof TESTED / sizeof TESTED[0], 0);
}
