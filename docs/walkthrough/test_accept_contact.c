/* siprove: Accept-Contact (RFC 3841 §10), the header the regeneration
 * walkthrough adds (docs/walkthrough.md). The expected values below were read
 * off the message text by hand. The example value of the first test is the
 * one of RFC 3841 §9.1 (mobility="mobile";methods="INVITE"). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "siprove.h"

static sipr_msg g_m;

static int span_is(const char *buf, sipr_span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(buf + s.off, lit, s.len) == 0;
}

#define HEAD                                                                                     \
    "OPTIONS sip:bob@example.com SIP/2.0\r\n"                                                    \
    "Via: SIP/2.0/UDP pc.example.com;branch=z9hG4bKac1\r\n"                                      \
    "Max-Forwards: 70\r\n"                                                                       \
    "To: <sip:bob@example.com>\r\n"                                                              \
    "From: <sip:alice@example.com>;tag=a1\r\n"                                                   \
    "Call-ID: ac1@pc.example.com\r\n"                                                            \
    "CSeq: 1 OPTIONS\r\n"

static sipr_status parse(const char *msg)
{
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    return sipr_parse(msg, strlen(msg), &g_m);
}

/* the items of header line h, in order, into out[]; their number */
static unsigned items_of(unsigned h, const sipr_item **out, unsigned cap)
{
    unsigned k, n = 0;
    for (k = 0; k < g_m.n_items && n < cap; k++)
        if (g_m.items[k].header == h)
            out[n++] = &g_m.items[k];
    return n;
}

static void assert_param(const char *buf, sipr_plist pl, unsigned k, const char *name,
                         const char *value)
{
    const sipr_param *p;
    cr_assert(k < pl.count, "parameter %u of %u", k, (unsigned)pl.count);
    p = &g_m.params[pl.first + k];
    cr_assert(span_is(buf, p->name, name), "parameter %u: name \"%.*s\", expected \"%s\"", k,
              (int)p->name.len, buf + p->name.off, name);
    if (value == NULL)
        cr_assert_eq(p->value.len, 0u, "parameter %s has a value", name);
    else
        cr_assert(span_is(buf, p->value, value), "parameter %s: value \"%.*s\", expected \"%s\"",
                  name, (int)p->value.len, buf + p->value.off, value);
}

Test(accept_contact, list_and_compact_form)
{
    static const char msg[] = HEAD
        "Accept-Contact: *;mobility=\"mobile\";methods=\"INVITE\" ,\r\n"
        " *;+sip.instance=\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\";require;explicit\r\n"
        "a: *\r\n"
        "Content-Length: 0\r\n\r\n";
    const sipr_item *it[4];
    unsigned h, n;

    cr_assert_eq(parse(msg), SIPR_OK, "%s at %u", sipr_strerror(g_m.err), (unsigned)g_m.err_off);
    h = g_m.first[SIPR_H_ACCEPT_CONTACT];
    cr_assert_neq(h, SIPR_NONE);
    cr_assert_eq(g_m.headers[h].kind, SIPR_H_ACCEPT_CONTACT);
    n = items_of(h, it, 4);
    cr_assert_eq(n, 2u);
    cr_assert(span_is(msg, it[0]->value, "*"));
    cr_assert_eq(it[0]->sub.len, 0u);
    cr_assert_eq(it[0]->params.count, 2u);
    assert_param(msg, it[0]->params, 0, "mobility", "\"mobile\"");
    assert_param(msg, it[0]->params, 1, "methods", "\"INVITE\"");
    cr_assert_eq(it[1]->params.count, 3u);
    assert_param(msg, it[1]->params, 0, "+sip.instance",
                 "\"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>\"");
    assert_param(msg, it[1]->params, 1, "require", NULL);
    assert_param(msg, it[1]->params, 2, "explicit", NULL);

    /* the compact form is the same kind, chained after the long one */
    h = g_m.headers[h].next;
    cr_assert_neq(h, SIPR_NONE);
    cr_assert(span_is(msg, g_m.headers[h].name, "a"));
    cr_assert_eq(g_m.headers[h].kind, SIPR_H_ACCEPT_CONTACT);
    n = items_of(h, it, 4);
    cr_assert_eq(n, 1u);
    cr_assert_eq(it[0]->params.count, 0u);
    cr_assert_eq(g_m.last[SIPR_H_ACCEPT_CONTACT], h);
}

/* every ac-value starts with "*"; a bad one is rejected with its own code at
   the first byte that cannot be accepted */
Test(accept_contact, rejections)
{
    static const struct {
        const char *value;
        unsigned at; /* offset of the error inside the value */
    } bad[] = {
        {"sip:bob@example.com", 0}, /* an address: that is Contact's syntax */
        {"*;;require", 2},           /* an empty parameter */
        {"*, ", 2},                  /* a comma and no ac-value (the value ends at the comma) */
        {"* *", 2},                  /* two values without a comma */
        {"*;methods=\"INVITE", 17},  /* an unterminated quoted-string: the end */
    };
    static char msg[512];
    unsigned k;

    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        int n = snprintf(msg, sizeof msg, HEAD "Accept-Contact: %s\r\nContent-Length: 0\r\n\r\n",
                         bad[k].value);
        const char *v = strstr(msg, "Accept-Contact: ") + strlen("Accept-Contact: ");
        cr_assert(n > 0 && (size_t)n < sizeof msg);
        cr_assert_eq(parse(msg), SIPR_E_ACCEPT_CONTACT, "\"%s\": %s", bad[k].value,
                     sipr_strerror(g_m.err));
        cr_assert_eq(g_m.err_off, (uint32_t)(v - msg) + bad[k].at, "\"%s\": error at %u, expected %u",
                     bad[k].value, (unsigned)g_m.err_off, (unsigned)(v - msg) + bad[k].at);
    }
    cr_assert_str_eq(sipr_header_name(SIPR_H_ACCEPT_CONTACT), "Accept-Contact");
}
