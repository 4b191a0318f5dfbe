/* siprove: what the corpus suites (tests/test_rfc4475.c, tests/test_rfc5118.c)
 * share: loading one message of CORPUS (defined before this is included) into an
 * exactly-sized heap buffer, parsing it, the soundness walk over every span and
 * count, verdicts, and assertions on spans. The functions are static inline (show,
 * which they call, is static): a suite that does not call one gets no warning. */
#ifndef SIPR_TEST_CORPUS_MSG_H
#define SIPR_TEST_CORPUS_MSG_H

#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#ifndef CORPUS
#error "define CORPUS (the corpus directory, with its trailing slash) before including corpus_msg.h"
#endif

static char *g_buf;  /* the message, exactly g_len bytes (no terminator) */
static size_t g_len;
static sipr_msg g_m;

/* ---- loading and parsing ------------------------------------------------- */

static inline void load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, CORPUS "%s.dat", name);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s (run the tests from the repository root)", path);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    cr_assert(n > 0 && n < 65536, "%s: unexpected size %ld", path, n);
    rewind(f);
    free(g_buf);
    g_buf = malloc((size_t)n);
    cr_assert_not_null(g_buf);
    cr_assert_eq(fread(g_buf, 1, (size_t)n, f), (size_t)n, "%s: short read", path);
    fclose(f);
    g_len = (size_t)n;
}

static inline sipr_status parse(void)
{
    cr_assert_eq(sipr_msg_init(&g_m, NULL), SIPR_OK);
    return sipr_parse(g_buf, g_len, &g_m);
}

#define IN(s)                                                                                      \
    cr_assert((uint64_t)(s).off + (s).len <= g_len, "span %s [%u,+%u] outside the %zu-byte message", \
              #s, (unsigned)(s).off, (unsigned)(s).len, g_len)

static inline void plist_in(sipr_plist l)
{
    cr_assert((unsigned)l.first + l.count <= g_m.n_params, "plist [%u,+%u] beyond n_params %u",
              l.first, l.count, g_m.n_params);
}

static inline void uri_in(const sipr_uri *u)
{
    IN(u->scheme_name); IN(u->user); IN(u->password); IN(u->host); IN(u->port_text);
    IN(u->opaque); IN(u->path); IN(u->query);
    plist_in(u->params);
    plist_in(u->headers);
}

static inline void name_addr_in(const sipr_name_addr *a)
{
    IN(a->display); IN(a->uri_text); IN(a->tag); IN(a->expires); IN(a->q);
    uri_in(&a->uri);
    plist_in(a->params);
}

static inline int index_ok(uint16_t h)
{
    return h == SIPR_NONE || h < g_m.n_headers;
}

/* Every span of a parsed message lies in the buffer, every index and count is
   within its bound (a light version of test_parse.c's invariant walk). */
static inline void assert_sound(void)
{
    const sipr_msg *m = &g_m;
    cr_assert_eq(m->len, g_len);
    IN(m->method); IN(m->request_uri); IN(m->version); IN(m->status_text); IN(m->reason);
    IN(m->call_id); IN(m->cseq_method); IN(m->body);
    uri_in(&m->ruri);
    name_addr_in(&m->from);
    name_addr_in(&m->to);
    cr_assert(m->n_headers <= m->limits.max_headers && m->n_vias <= m->limits.max_vias &&
              m->n_contacts <= m->limits.max_contacts && m->n_params <= m->limits.max_params &&
              m->n_items <= m->limits.max_items);
    for (unsigned i = 0; i < m->n_headers; i++) {
        IN(m->headers[i].name);
        IN(m->headers[i].value);
        cr_assert(m->headers[i].kind < SIPR_H__COUNT);
        cr_assert(index_ok(m->headers[i].next));
    }
    for (unsigned k = 0; k < SIPR_H__COUNT; k++)
        cr_assert(index_ok(m->first[k]) && index_ok(m->last[k]));
    for (unsigned i = 0; i < m->n_vias; i++) {
        const sipr_via *v = &m->vias[i];
        IN(v->protocol_name); IN(v->protocol_version); IN(v->transport); IN(v->host);
        IN(v->port_text); IN(v->branch); IN(v->received); IN(v->rport); IN(v->maddr); IN(v->ttl);
        plist_in(v->params);
        cr_assert(v->header < m->n_headers);
    }
    for (unsigned i = 0; i < m->n_contacts; i++) {
        name_addr_in(&m->contacts[i]);
        cr_assert(m->contacts[i].header < m->n_headers);
    }
    for (unsigned i = 0; i < m->n_items; i++) {
        IN(m->items[i].value); IN(m->items[i].sub);
        plist_in(m->items[i].params);
        cr_assert(m->items[i].header < m->n_headers);
    }
    for (unsigned i = 0; i < m->n_params; i++) {
        IN(m->params[i].name);
        IN(m->params[i].value);
    }
}

static inline void parse_ok(const char *name)
{
    load(name);
    sipr_status st = parse();
    cr_assert_eq(st, SIPR_OK, "%s: %s at offset %u", name, sipr_strerror(st), (unsigned)g_m.err_off);
    assert_sound();
}

static inline sipr_verdict verdict_for(const sipr_profile *p)
{
    sipr_verdict v = sipr_validate(g_buf, g_len, &g_m, p);
    cr_assert(v.off <= g_len, "verdict offset %u beyond the message", (unsigned)v.off);
    return v;
}

static inline void expect_verdict(sipr_verdict v, sipr_verdict_code code, uint16_t response)
{
    cr_assert_eq(v.code, code, "verdict %d (%s), expected %d (%s)", (int)v.code,
                 sipr_verdict_reason(v.code), (int)code, sipr_verdict_reason(code));
    cr_assert_eq(v.response, response, "response %u, expected %u", v.response, response);
}

/* A valid message: parses, and the default element (a UAS) accepts it. */
static inline sipr_verdict valid(const char *name)
{
    parse_ok(name);
    sipr_verdict v = verdict_for(NULL);
    expect_verdict(v, SIPR_V_OK, 0);
    cr_assert_eq(v.invalid, 0);
    return v;
}

/* printable rendering of n bytes, for failure messages */
static const char *show(const char *p, size_t n)
{
    static char out[2][200];
    static int which;
    char *o = out[which ^= 1];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 5 < sizeof out[0]; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            o[k++] = (char)c;
        else
            k += (size_t)snprintf(o + k, sizeof out[0] - k, "\\x%02x", c);
    }
    if (k + 5 >= sizeof out[0])
        strcpy(o + k, "...");
    else
        o[k] = '\0';
    return o;
}

static inline void span_is(sipr_span s, const char *exp, size_t n, const char *what)
{
    IN(s);
    if (s.len == n && memcmp(g_buf + s.off, exp, n) == 0)
        return;
    cr_assert_fail("%s: got \"%s\" (%u bytes at %u), expected \"%s\" (%zu bytes)", what,
                   show(g_buf + s.off, s.len), (unsigned)s.len, (unsigned)s.off, show(exp, n), n);
}

/* the span holds exactly the bytes of a string literal (which may contain NULs) */
#define ASSERT_SPAN(s, lit) span_is((s), (lit), sizeof(lit) - 1, #s)
/* ... or of a built string */
#define ASSERT_SPAN_STR(s, str) span_is((s), (str), strlen(str), #s)
#define ASSERT_ABSENT(s) cr_assert_eq((s).len, 0u, "%s should be absent, is \"%s\"", #s, \
                                      show(g_buf + (s).off, (s).len))

/* offset of the first occurrence of n bytes at or after `from` */
static inline size_t find_from(size_t from, const char *pat, size_t n)
{
    for (size_t i = from; n <= g_len && i + n <= g_len; i++)
        if (memcmp(g_buf + i, pat, n) == 0)
            return i;
    cr_assert_fail("\"%s\" does not occur in the message", show(pat, n));
    return 0;
}
#define AT(lit) find_from(0, (lit), sizeof(lit) - 1)

/* number of header lines of a kind, following the next chain from first[] */
static inline unsigned chain_len(sipr_header_kind k)
{
    unsigned n = 0;
    for (uint16_t h = g_m.first[k]; h != SIPR_NONE; h = g_m.headers[h].next) {
        cr_assert(h < g_m.n_headers && ++n <= g_m.n_headers);
        cr_assert_eq(g_m.headers[h].kind, k);
    }
    return n;
}

/* Every line of tests/corpus/MANIFEST.tsv for `dir` ("rfc4475", ...) names a
   file of tested[0 .. n-1], and the file gets its class: valid (parses, the
   default UAS accepts it), invalid (the parse fails; or, unless
   invalid_fails_parse, the verdict says malformed), semantic-invalid (parses,
   a well-formed verdict other than OK); and there are exactly n such lines. */
static inline void manifest_classes(const char *dir, const char *const *tested, size_t n,
                                    int invalid_fails_parse)
{
    FILE *f = fopen("tests/corpus/MANIFEST.tsv", "r");
    cr_assert_not_null(f, "cannot open tests/corpus/MANIFEST.tsv (run from the repository root)");
    char line[4096];
    size_t dl = strlen(dir);
    unsigned seen = 0;
    while (fgets(line, sizeof line, f)) {
        char name[64], expect[32];
        if (strncmp(line, dir, dl) != 0 || line[dl] != '/' ||
            sscanf(line + dl + 1, "%63[^.].dat\t%31[^\t]", name, expect) != 2)
            continue;
        seen++;
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(tested[i], name) == 0;
        cr_assert(found, "%s has no test", name);

        load(name);
        sipr_status st = parse();
        if (strcmp(expect, "valid") == 0) {
            cr_assert_eq(st, SIPR_OK, "%s: %s", name, sipr_strerror(st));
            cr_assert_eq(verdict_for(NULL).code, SIPR_V_OK, "%s", name);
        } else if (strcmp(expect, "invalid") == 0) {
            if (invalid_fails_parse) {
                cr_assert_neq(st, SIPR_OK, "%s: parsed", name);
            } else if (st == SIPR_OK) {
                sipr_verdict v = verdict_for(NULL);
                cr_assert(v.code != SIPR_V_OK && v.invalid == 1, "%s: accepted as well-formed", name);
            }
        } else {
            cr_assert_str_eq(expect, "semantic-invalid", "%s: unknown class", name);
            cr_assert_eq(st, SIPR_OK, "%s: %s", name, sipr_strerror(st));
            sipr_verdict v = verdict_for(NULL);
            cr_assert(v.code != SIPR_V_OK && v.invalid == 0, "%s: verdict %s, invalid %u", name,
                      sipr_verdict_reason(v.code), v.invalid);
        }
    }
    fclose(f);
    cr_assert_eq(seen, n, "%u %s lines in the manifest", seen, dir);
}

#endif
