/* siprove: fuzz harness for Digest authentication and the hashes.
 *
 * Drivers as in fuzz/fuzz_parse.c (fuzz/driver.h): AFL++ persistent mode,
 * libFuzzer (-fsanitize=fuzzer -DSIPR_LIBFUZZER), or a main that replays
 * files.
 *
 * Input: byte 0 picks a split of the rest (see below), byte 1 seeds the
 * pseudo-random choices (cut points, buffer sizes), the rest is a header
 * value, copied into an exactly-sized heap buffer (ASan catches a read past
 * its end). The harness abort()s when a result breaks what siprove.h
 * promises:
 *   - the value is parsed as a challenge and as credentials, whole and from
 *     byte 1 of the data on (a span that does not start at 0): the status is
 *     one the documentation lists and equals err, err_off <= len, and on
 *     success every recorded span lies inside the value;
 *   - a challenge that parses is answered (sipr_digest_build_credentials)
 *     into a buffer of a random size: the size needed is the same for every
 *     size, nothing is written past the size, and when it fits the answer
 *     parses as credentials and verifies with the password, also against
 *     the stored HA1, and not with another password;
 *   - credentials that parse are verified (any documented status);
 *   - a challenge is built from slices of the data (realm, nonce, opaque):
 *     when it is built it parses back, with the realm, its escapes undone,
 *     equal to the slice;
 *   - MD5, SHA-256 and SHA-512/256 of the data in one call equal the hash of
 *     the data streamed in pieces cut at pseudo-random points.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#define FUZZ_NAME "fuzz_digest"
#include "fail.h"

static uint32_t g_x = 1;

static uint32_t rnd(void)
{
    g_x ^= g_x << 13;
    g_x ^= g_x >> 17;
    g_x ^= g_x << 5;
    return g_x;
}

static sipr_str str_of(const char *s, size_t n)
{
    sipr_str r;
    r.s = s;
    r.len = (uint32_t)n;
    return r;
}

static void span_in(sipr_span s, sipr_span v, const char *what)
{
    if (s.len == 0)
        return;
    if (s.off < v.off || (uint64_t)s.off + s.len > (uint64_t)v.off + v.len)
        FAIL("%s span (%u, %u) outside the value (%u, %u)", what, (unsigned)s.off,
             (unsigned)s.len, (unsigned)v.off, (unsigned)v.len);
}

#define VAL_IN(x, f) span_in((x)->f.value, v, #f)

static void check_status(sipr_status st, sipr_status err, uint32_t off, size_t len, int cred)
{
    if (st != err)
        FAIL("returned %d, err %d", (int)st, (int)err);
    if (off > len)
        FAIL("err_off %u > len %zu", (unsigned)off, len);
    if (st != SIPR_OK && st != SIPR_E_DIGEST && st != SIPR_E_DIGEST_SCHEME &&
        st != SIPR_E_DIGEST_MISSING)
        FAIL("%s: status %d (%s)", cred ? "credentials" : "challenge", (int)st, sipr_strerror(st));
}

/* The value of a buffer with its quoted-pairs undone. */
static size_t unescape(const char *s, size_t n, char *out)
{
    size_t k = 0, m = 0;
    while (k < n) {
        if (s[k] == '\\' && k + 1 < n)
            k++;
        out[m++] = s[k++];
    }
    return m;
}

static char g_out[4096], g_out2[4096];

/* Answer the challenge and check the answer. */
static void answer(const char *buf, size_t len, const sipr_digest_challenge *ch, const char *body,
                   size_t body_len)
{
    static const char pass[] = "Circle Of Life";
    sipr_digest_client cl;
    sipr_digest_credentials cr;
    sipr_digest_hex ha1;
    size_t need = 0, need2 = 0, cap;
    sipr_status st, st2;
    memset(&cl, 0, sizeof cl);
    cl.username = str_of("Mufasa", 6);
    cl.password = str_of(pass, sizeof pass - 1);
    cl.method = str_of("REGISTER", 8);
    cl.uri = str_of("sip:registrar.example.com", 25);
    cl.body = str_of(body, body_len);
    cl.cnonce = str_of("0a4f113b", 8);
    cl.nc = rnd();
    cl.qop = (rnd() & 1) ? SIPR_DIGEST_QOP_AUTH_INT : SIPR_DIGEST_QOP_AUTH;

    st = sipr_digest_build_credentials(buf, len, ch, &cl, g_out, sizeof g_out, &need);
    cap = rnd() % (sizeof g_out2 + 1);
    memset(g_out2, '#', sizeof g_out2);
    st2 = sipr_digest_build_credentials(buf, len, ch, &cl, g_out2, cap, &need2);
    for (size_t k = cap; k < sizeof g_out2; k++)
        if (g_out2[k] != '#')
            FAIL("build_credentials wrote byte %zu past cap %zu", k, cap);
    if (st == SIPR_OK || st == SIPR_E_NO_SPACE) {
        if (need != need2)
            FAIL("needed %zu with cap %zu, %zu with cap %zu", need, sizeof g_out, need2, cap);
        if ((st2 == SIPR_OK) != (need2 < cap))
            FAIL("cap %zu, needed %zu, status %d", cap, need2, (int)st2);
    } else if (st2 != st) {
        FAIL("status %d, then %d with another cap", (int)st, (int)st2);
    }
    if (st != SIPR_OK) {
        if (st != SIPR_E_NO_SPACE && st != SIPR_E_DIGEST_ALGORITHM && st != SIPR_E_DIGEST_QOP &&
            st != SIPR_E_DIGEST_MISSING && st != SIPR_E_ARG)
            FAIL("build_credentials: status %d", (int)st);
        return;
    }
    if (strlen(g_out) != need)
        FAIL("build_credentials: length %zu, needed %zu", strlen(g_out), need);
    {
        sipr_span w = {0, (uint32_t)need};
        st = sipr_digest_parse_credentials(g_out, need, w, &cr);
        if (st != SIPR_OK)
            FAIL("our credentials do not parse: %s at %u: %s", sipr_strerror(st),
                 (unsigned)cr.err_off, g_out);
    }
    if (cr.alg != ch->alg)
        FAIL("algorithm %d answered as %d", (int)ch->alg, (int)cr.alg);
    if (!cr.userhash_true) {
        st = sipr_digest_verify(g_out, need, &cr, cl.method, cl.body, cl.password);
        if (st != SIPR_OK)
            FAIL("our credentials do not verify: %s: %s", sipr_strerror(st), g_out);
        st = sipr_digest_verify(g_out, need, &cr, cl.method, cl.body, str_of("x", 1));
        if (st != SIPR_E_DIGEST_MISMATCH)
            FAIL("another password: %s", sipr_strerror(st));
    }
    /* the stored HA1 is over the realm of the challenge, escapes undone */
    {
        static char realm[4096];
        size_t rn = unescape(buf + ch->realm.value.off, ch->realm.value.len, realm);
        if (!ch->realm.escaped)
            memcpy(realm, buf + ch->realm.value.off, rn = ch->realm.value.len);
        if (sipr_digest_ha1((sipr_digest_alg)(ch->alg & ~1u), cl.username, str_of(realm, rn),
                            cl.password, str_of("", 0), str_of("", 0), &ha1) != SIPR_OK)
            FAIL("ha1");
        st = sipr_digest_verify_ha1(g_out, need, &cr, cl.method, cl.body, &ha1);
        if (st != SIPR_OK)
            FAIL("our credentials do not verify against the HA1: %s", sipr_strerror(st));
    }
}

static void challenge(const char *buf, size_t len, sipr_span v, const char *body, size_t body_len)
{
    sipr_digest_challenge ch;
    sipr_status st = sipr_digest_parse_challenge(buf, len, v, &ch);
    check_status(st, ch.err, ch.err_off, len, 0);
    if (st != SIPR_OK)
        return;
    VAL_IN(&ch, realm);
    VAL_IN(&ch, domain);
    VAL_IN(&ch, nonce);
    VAL_IN(&ch, opaque);
    VAL_IN(&ch, stale);
    VAL_IN(&ch, algorithm);
    VAL_IN(&ch, qop);
    VAL_IN(&ch, charset);
    VAL_IN(&ch, userhash);
    if (!ch.realm.present || !ch.nonce.present)
        FAIL("challenge without realm or nonce accepted");
    if (ch.alg > SIPR_DIGEST_UNKNOWN)
        FAIL("alg %d", (int)ch.alg);
    answer(buf, len, &ch, body, body_len);
}

static void credentials(const char *buf, size_t len, sipr_span v)
{
    sipr_digest_credentials cr;
    sipr_digest_hex h;
    sipr_status st = sipr_digest_parse_credentials(buf, len, v, &cr);
    check_status(st, cr.err, cr.err_off, len, 1);
    if (st != SIPR_OK)
        return;
    VAL_IN(&cr, username);
    VAL_IN(&cr, realm);
    VAL_IN(&cr, nonce);
    VAL_IN(&cr, uri);
    VAL_IN(&cr, response);
    VAL_IN(&cr, algorithm);
    VAL_IN(&cr, cnonce);
    VAL_IN(&cr, opaque);
    VAL_IN(&cr, qop);
    VAL_IN(&cr, nc);
    VAL_IN(&cr, userhash);
    st = sipr_digest_verify(buf, len, &cr, str_of("INVITE", 6), str_of(buf, len), str_of("p", 1));
    if (st != SIPR_OK && st != SIPR_E_DIGEST_MISMATCH && st != SIPR_E_DIGEST_ALGORITHM &&
        st != SIPR_E_DIGEST_QOP && st != SIPR_E_ARG)
        FAIL("verify: status %d", (int)st);
    memset(&h, 0, sizeof h);
    h.len = (uint8_t)(rnd() % 70);
    memset(h.hex, 'a', sizeof h.hex - 1);
    st = sipr_digest_verify_ha1(buf, len, &cr, str_of("INVITE", 6), str_of("", 0), &h);
    if (st != SIPR_OK && st != SIPR_E_DIGEST_MISMATCH && st != SIPR_E_DIGEST_ALGORITHM &&
        st != SIPR_E_DIGEST_QOP && st != SIPR_E_ARG)
        FAIL("verify_ha1: status %d", (int)st);
}

/* A challenge built from slices of the data parses back. */
static void build_challenge(const char *s, size_t n)
{
    sipr_digest_challenge_spec sp;
    sipr_digest_challenge ch;
    size_t a = n ? rnd() % (n + 1) : 0, b = a + (n - a ? rnd() % (n - a + 1) : 0), need = 0;
    sipr_status st;
    memset(&sp, 0, sizeof sp);
    sp.realm = str_of(s, a);
    sp.nonce = str_of(s + a, b - a);
    sp.opaque = str_of(s + b, n - b);
    sp.alg = (uint8_t)(rnd() % 7);
    sp.qop = (uint8_t)(rnd() % 5);
    sp.stale = (uint8_t)(rnd() & 1);
    sp.userhash = (uint8_t)(rnd() & 1);
    st = sipr_digest_build_challenge(&sp, g_out, sizeof g_out, &need);
    if (st != SIPR_OK) {
        if (st != SIPR_E_NO_SPACE && st != SIPR_E_ARG && st != SIPR_E_DIGEST_ALGORITHM &&
            st != SIPR_E_DIGEST_QOP)
            FAIL("build_challenge: status %d", (int)st);
        return;
    }
    {
        sipr_span w = {0, (uint32_t)need};
        static char realm[4096];
        size_t rn;
        st = sipr_digest_parse_challenge(g_out, need, w, &ch);
        if (st != SIPR_OK)
            FAIL("our challenge does not parse: %s at %u: %s", sipr_strerror(st),
                 (unsigned)ch.err_off, g_out);
        rn = unescape(g_out + ch.realm.value.off, ch.realm.value.len, realm);
        if (rn != a || memcmp(realm, s, a) != 0)
            FAIL("realm does not come back: %s", g_out);
        if (ch.alg != sp.alg || ch.stale_true != sp.stale || ch.userhash_true != sp.userhash ||
            ch.qop_mask != sp.qop || ch.opaque.present != (n - b > 0))
            FAIL("challenge fields do not come back: %s", g_out);
    }
}

/* One-shot and streamed hashes agree. */
static void hashes(const char *s, size_t n)
{
    uint8_t a[32], b[32];
    sipr_md5_ctx m;
    sipr_sha256_ctx c2;
    sipr_sha512_256_ctx c5;
    size_t at = 0;
    sipr_md5_init(&m);
    sipr_sha256_init(&c2);
    sipr_sha512_256_init(&c5);
    while (at < n) {
        size_t k = rnd() % 200;
        if (k > n - at)
            k = n - at;
        sipr_md5_update(&m, s + at, k);
        sipr_sha256_update(&c2, s + at, k);
        sipr_sha512_256_update(&c5, s + at, k);
        at += k;
    }
    sipr_md5_final(&m, a);
    sipr_md5(s, n, b);
    if (memcmp(a, b, 16) != 0)
        FAIL("md5: streamed and one-shot differ (%zu bytes)", n);
    sipr_sha256_final(&c2, a);
    sipr_sha256(s, n, b);
    if (memcmp(a, b, 32) != 0)
        FAIL("sha256: streamed and one-shot differ (%zu bytes)", n);
    sipr_sha512_256_final(&c5, a);
    sipr_sha512_256(s, n, b);
    if (memcmp(a, b, 32) != 0)
        FAIL("sha512/256: streamed and one-shot differ (%zu bytes)", n);
}

static int one_input(const uint8_t *data, size_t size)
{
    size_t n;
    char *s;
    if (size < 2)
        return 0;
    n = size - 2;
    if (n > 4000)
        n = 4000; /* our outputs fit g_out */
    g_x = (uint32_t)data[1] * 2654435761u + (uint32_t)n + 1u;
    if (g_x == 0)
        g_x = 1;
    s = (char *)calloc(n ? n : 1, 1); /* exactly n bytes: ASan sees any read past them */
    if (s == NULL)
        return 0;
    if (n)
        memcpy(s, data + 2, n);
    {
        sipr_span v = {0, (uint32_t)n};
        challenge(s, n, v, s, n / 2);
        credentials(s, n, v);
        if (n > 1) {
            v.off = 1;
            v.len = (uint32_t)(n - 1 - (data[0] & 1u));
            challenge(s, n, v, s, n);
            credentials(s, n, v);
        }
    }
    if (data[0] & 2u)
        build_challenge(s, n < 1000 ? n : 1000);
    hashes(s, n);
    free(s);
    return 0;
}

/* ---- drivers ----------------------------------------------------------------- */

static void report(const char *name, size_t n)
{
    fprintf(stderr, "%s: %zu bytes: ok\n", name, n);
}

#include "driver.h"
