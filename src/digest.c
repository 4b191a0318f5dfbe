/* Digest authentication (RFC 3261 §22, RFC 7616, RFC 8760; RFC 2617 and
 * RFC 2069 compatibility): parsing challenges and credentials into spans,
 * computing H(A1), H(A2) and the response, verifying credentials in constant
 * time, and writing challenge and credentials values into caller buffers.
 * Nothing is allocated; the hashes are src/md5.c and src/sha2.c.
 *
 * Every function is small and index-based: the scanners return positions
 * (never pointers) inside [i, end], the writers take (out, cap, n) and write
 * only out[n] when n < cap. The contracts state memory safety, the bounds of
 * every recorded span and of every error offset; what the values mean is
 * tested (tests/test_digest.c, with the RFC examples). */
#include "sipr_internal.h"

/* ---- predicates ------------------------------------------------------------- */

/* a scan over buf[i .. end) */
#define DG_SCAN(buf, len, i, end)                                                                  \
    (\valid_read((buf) + (0 .. (len) - 1)) && (len) <= SIPR_MAX_MSG_LEN && (i) <= (end) &&        \
     (end) <= (len))

#define CH_OK(c, n)                                                                                \
    (SPAN_IN((c)->realm.value, n) && SPAN_IN((c)->domain.value, n) &&                              \
     SPAN_IN((c)->nonce.value, n) && SPAN_IN((c)->opaque.value, n) &&                              \
     SPAN_IN((c)->stale.value, n) && SPAN_IN((c)->algorithm.value, n) &&                           \
     SPAN_IN((c)->qop.value, n) && SPAN_IN((c)->charset.value, n) &&                               \
     SPAN_IN((c)->userhash.value, n))

#define CR_OK(c, n)                                                                                \
    (SPAN_IN((c)->username.value, n) && SPAN_IN((c)->realm.value, n) &&                            \
     SPAN_IN((c)->nonce.value, n) && SPAN_IN((c)->uri.value, n) &&                                 \
     SPAN_IN((c)->response.value, n) && SPAN_IN((c)->algorithm.value, n) &&                        \
     SPAN_IN((c)->cnonce.value, n) && SPAN_IN((c)->opaque.value, n) &&                             \
     SPAN_IN((c)->qop.value, n) && SPAN_IN((c)->nc.value, n) && SPAN_IN((c)->userhash.value, n))

/* a hex digest that can be read as text */
#define HEX_OK(x) (\valid_read(x) && (x)->len <= 64)

#define IS_WSP(c) ((c) == ' ' || (c) == '\t')

/* hash kinds: sipr_digest_alg / 2 (the -sess variants are the odd values) */
#define DG_MD5 0u
#define DG_SHA256 1u
#define DG_SHA512_256 2u

/* ---- names -------------------------------------------------------------------- */

/*@ assigns \nothing;
    ensures \valid_read(\result);
*/
const char *sipr_digest_alg_name(sipr_digest_alg alg)
{
    switch (alg) {
    case SIPR_DIGEST_MD5: return "MD5";
    case SIPR_DIGEST_MD5_SESS: return "MD5-sess";
    case SIPR_DIGEST_SHA256: return "SHA-256";
    case SIPR_DIGEST_SHA256_SESS: return "SHA-256-sess";
    case SIPR_DIGEST_SHA512_256: return "SHA-512-256";
    case SIPR_DIGEST_SHA512_256_SESS: return "SHA-512-256-sess";
    default: return "";
    }
}

/* ---- scanning (RFC 3261 §25: LWS, token, quoted-string, auth-param) -------- */

/* token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int dg_tchar(uint8_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    switch (c) {
    case '-': case '.': case '!': case '%': case '*': case '_': case '+': case '`': case '\'':
    case '~':
        return 1;
    default:
        return 0;
    }
}

/* LWS (and SWS) at i: SP, HTAB and folds (CRLF then SP or HTAB); the index
   after it. */
/*@ requires DG_SCAN(buf, len, i, end);
    assigns \nothing;
    ensures i <= \result <= end;
*/
static size_t dg_lws(const char *buf, size_t len, size_t i, size_t end)
{
    size_t j = i;
    (void)len; /* used by the contract */
    /*@ loop invariant i <= j <= end;
        loop assigns j;
        loop variant end - j; */
    while (j < end) {
        if (IS_WSP(buf[j]))
            j++;
        else if (buf[j] == '\r' && end - j >= 3u && buf[j + 1u] == '\n' && IS_WSP(buf[j + 2u]))
            j += 3u;
        else
            break;
    }
    return j;
}

/* The token at i: the index after it (i when there is none). */
/*@ requires DG_SCAN(buf, len, i, end);
    assigns \nothing;
    ensures i <= \result <= end;
*/
static size_t dg_token(const char *buf, size_t len, size_t i, size_t end)
{
    size_t j = i;
    (void)len; /* used by the contract */
    /*@ loop invariant i <= j <= end;
        loop assigns j;
        loop variant end - j; */
    while (j < end && dg_tchar((uint8_t)buf[j]))
        j++;
    return j;
}

/* A quoted-string whose DQUOTE is at i. ok: pos is the closing DQUOTE;
   else pos is the first byte that does not fit (end when the input ends
   first). esc: a quoted-pair was seen. */
typedef struct {
    uint32_t ok;
    uint32_t esc;
    size_t pos;
} dg_quoted_result;

/* qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII (any byte above
   0x7F is taken as part of one), quoted-pair = "\" (%x00-09 / %x0B-0C /
   %x0E-7F) */
/*@ requires DG_SCAN(buf, len, i, end) && i < end;
    assigns \nothing;
    ensures \result.ok == 1 ==> i < \result.pos < end;
    ensures \result.pos <= end;
*/
static dg_quoted_result dg_quoted(const char *buf, size_t len, size_t i, size_t end)
{
    dg_quoted_result r = {0u, 0u, 0u};
    size_t j = i + 1u;
    (void)len; /* used by the contract */
    /*@ loop invariant i < j <= end;
        loop assigns j, r.esc;
        loop variant end - j; */
    while (j < end) {
        const uint8_t c = (uint8_t)buf[j];
        if (c == '"') {
            r.ok = 1u;
            r.pos = j;
            return r;
        }
        if (c == '\\') {
            uint8_t d;
            if (end - j < 2u)
                break;
            d = (uint8_t)buf[j + 1u];
            if (d == '\r' || d == '\n' || d > 0x7fu) {
                r.pos = j + 1u;
                return r;
            }
            r.esc = 1u;
            j += 2u;
        } else if (c == '\r') {
            if (end - j >= 3u && buf[j + 1u] == '\n' && IS_WSP(buf[j + 2u])) {
                j += 3u;
            } else {
                r.pos = j;
                return r;
            }
        } else if ((c < 0x20u && c != '\t') || c == 0x7fu) {
            r.pos = j;
            return r;
        } else {
            j++;
        }
    }
    r.pos = end;
    return r;
}

/* One auth-param at i: name EQUAL (token / quoted-string), then the COMMA
   that separates it from the next one, or the end. */
typedef struct {
    sipr_status st;           /* SIPR_OK or SIPR_E_DIGEST */
    uint32_t err_off;         /* on error: the first byte that does not fit */
    sipr_span name;
    sipr_digest_value val;
    size_t next;              /* on success: where the next parameter starts, or end */
} dg_item;

/*@ requires DG_SCAN(buf, len, i, end) && i < end;
    assigns \nothing;
    ensures \result.st == SIPR_OK || \result.st == SIPR_E_DIGEST;
    ensures \result.st == SIPR_OK ==> i < \result.next <= end;
    ensures SPAN_IN(\result.name, len) && SPAN_IN(\result.val.value, len);
    ensures \result.err_off <= end;
*/
static dg_item dg_param(const char *buf, size_t len, size_t i, size_t end)
{
    dg_item r;
    size_t j, k, m;
    r.st = SIPR_E_DIGEST;
    r.err_off = (uint32_t)i;
    r.name = SPAN_NONE;
    r.val.value = SPAN_NONE;
    r.val.present = 0;
    r.val.quoted = 0;
    r.val.escaped = 0;
    r.next = end;
    j = dg_token(buf, len, i, end);
    if (j == i)
        return r;
    r.name = SPAN_AT(i, j);
    k = dg_lws(buf, len, j, end);
    if (k == end || buf[k] != '=') {
        r.err_off = (uint32_t)k;
        return r;
    }
    k = dg_lws(buf, len, k + 1u, end);
    if (k == end) {
        r.err_off = (uint32_t)end;
        return r;
    }
    if (buf[k] == '"') {
        const dg_quoted_result q = dg_quoted(buf, len, k, end);
        if (q.ok != 1u) {
            r.err_off = (uint32_t)q.pos;
            return r;
        }
        r.val.value = SPAN_AT(k + 1u, q.pos);
        r.val.quoted = 1;
        r.val.escaped = (uint8_t)(q.esc != 0u);
        m = q.pos + 1u;
    } else {
        m = dg_token(buf, len, k, end);
        if (m == k) {
            r.err_off = (uint32_t)k;
            return r;
        }
        r.val.value = SPAN_AT(k, m);
    }
    r.val.present = 1;
    m = dg_lws(buf, len, m, end);
    if (m < end) {
        if (buf[m] != ',') {
            r.err_off = (uint32_t)m;
            return r;
        }
        m = dg_lws(buf, len, m + 1u, end);
        if (m == end) { /* a comma with no parameter after it */
            r.err_off = (uint32_t)end;
            return r;
        }
    }
    r.st = SIPR_OK;
    r.next = m;
    return r;
}

/* The scheme at i: "Digest" (case-insensitive), then LWS. */
typedef struct {
    sipr_status st;           /* SIPR_OK, SIPR_E_DIGEST_SCHEME or SIPR_E_DIGEST */
    size_t pos;               /* SIPR_OK: the first parameter; else the error offset */
} dg_scheme_result;

/*@ requires DG_SCAN(buf, len, i, end);
    assigns \nothing;
    ensures \result.st == SIPR_OK || \result.st == SIPR_E_DIGEST ||
            \result.st == SIPR_E_DIGEST_SCHEME;
    ensures \result.pos <= end;
    ensures \result.st == SIPR_OK ==> i <= \result.pos;
*/
static dg_scheme_result dg_scheme(const char *buf, size_t len, size_t i, size_t end)
{
    dg_scheme_result r;
    const size_t j = dg_token(buf, len, i, end);
    size_t k;
    r.st = SIPR_E_DIGEST;
    r.pos = i;
    if (j == i)
        return r;
    if (!sipr_span_ieq(buf, len, SPAN_AT(i, j), "Digest", 6)) {
        r.st = SIPR_E_DIGEST_SCHEME;
        return r;
    }
    k = dg_lws(buf, len, j, end);
    if (k == j || k == end) { /* "Digest" needs LWS, then at least one parameter */
        r.pos = k;
        return r;
    }
    r.st = SIPR_OK;
    r.pos = k;
    return r;
}

/* parameter names */
#define N_OTHER 0u
#define N_REALM 1u
#define N_DOMAIN 2u
#define N_NONCE 3u
#define N_OPAQUE 4u
#define N_STALE 5u
#define N_ALGORITHM 6u
#define N_QOP 7u
#define N_CHARSET 8u
#define N_USERHASH 9u
#define N_USERNAME 10u
#define N_URI 11u
#define N_RESPONSE 12u
#define N_CNONCE 13u
#define N_NC 14u

/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(s, len);
    assigns \nothing;
    ensures \result <= N_NC;
*/
static uint32_t dg_name(const char *buf, size_t len, sipr_span s)
{
    if (sipr_span_ieq(buf, len, s, "realm", 5))
        return N_REALM;
    if (sipr_span_ieq(buf, len, s, "domain", 6))
        return N_DOMAIN;
    if (sipr_span_ieq(buf, len, s, "nonce", 5))
        return N_NONCE;
    if (sipr_span_ieq(buf, len, s, "opaque", 6))
        return N_OPAQUE;
    if (sipr_span_ieq(buf, len, s, "stale", 5))
        return N_STALE;
    if (sipr_span_ieq(buf, len, s, "algorithm", 9))
        return N_ALGORITHM;
    if (sipr_span_ieq(buf, len, s, "qop", 3))
        return N_QOP;
    if (sipr_span_ieq(buf, len, s, "charset", 7))
        return N_CHARSET;
    if (sipr_span_ieq(buf, len, s, "userhash", 8))
        return N_USERHASH;
    if (sipr_span_ieq(buf, len, s, "username", 8))
        return N_USERNAME;
    if (sipr_span_ieq(buf, len, s, "uri", 3))
        return N_URI;
    if (sipr_span_ieq(buf, len, s, "response", 8))
        return N_RESPONSE;
    if (sipr_span_ieq(buf, len, s, "cnonce", 6))
        return N_CNONCE;
    if (sipr_span_ieq(buf, len, s, "nc", 2))
        return N_NC;
    return N_OTHER;
}

/* A value equal to lit (case-insensitive), not escaped. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(v.value, len);
    requires \valid_read(lit + (0 .. n - 1));
    assigns \nothing;
*/
static int dg_is(const char *buf, size_t len, sipr_digest_value v, const char *lit, size_t n)
{
    return v.present && !v.escaped && sipr_span_ieq(buf, len, v.value, lit, n);
}

/* The algorithm parameter (RFC 7616 §3.3, RFC 8760): MD5 when absent. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(v.value, len);
    assigns \nothing;
    ensures \result <= SIPR_DIGEST_UNKNOWN;
*/
static uint32_t dg_alg(const char *buf, size_t len, sipr_digest_value v)
{
    if (!v.present)
        return SIPR_DIGEST_MD5;
    if (dg_is(buf, len, v, "MD5", 3))
        return SIPR_DIGEST_MD5;
    if (dg_is(buf, len, v, "MD5-sess", 8))
        return SIPR_DIGEST_MD5_SESS;
    if (dg_is(buf, len, v, "SHA-256", 7))
        return SIPR_DIGEST_SHA256;
    if (dg_is(buf, len, v, "SHA-256-sess", 12))
        return SIPR_DIGEST_SHA256_SESS;
    if (dg_is(buf, len, v, "SHA-512-256", 11))
        return SIPR_DIGEST_SHA512_256;
    if (dg_is(buf, len, v, "SHA-512-256-sess", 16))
        return SIPR_DIGEST_SHA512_256_SESS;
    return SIPR_DIGEST_UNKNOWN;
}

/* One qop token: auth, auth-int or another. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(s, len);
    assigns \nothing;
    ensures \result == SIPR_DIGEST_QOP_AUTH || \result == SIPR_DIGEST_QOP_AUTH_INT ||
            \result == SIPR_DIGEST_QOP_OTHER;
*/
static uint32_t dg_qop_kind(const char *buf, size_t len, sipr_span s)
{
    if (sipr_span_ieq(buf, len, s, "auth", 4))
        return SIPR_DIGEST_QOP_AUTH;
    if (sipr_span_ieq(buf, len, s, "auth-int", 8))
        return SIPR_DIGEST_QOP_AUTH_INT;
    return SIPR_DIGEST_QOP_OTHER;
}

/* The qop list of a challenge (the inside of its quoted-string):
   qop-value *("," qop-value), LWS around the commas. */
typedef struct {
    sipr_status st;           /* SIPR_OK or SIPR_E_DIGEST */
    uint32_t mask;
    uint32_t off;             /* on error: the first byte that does not fit */
} dg_qop_result;

/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN && SPAN_IN(s, len);
    assigns \nothing;
    ensures \result.st == SIPR_OK || \result.st == SIPR_E_DIGEST;
    ensures \result.off <= len;
*/
static dg_qop_result dg_qop_list(const char *buf, size_t len, sipr_span s)
{
    const size_t end = (size_t)s.off + s.len;
    dg_qop_result r = {SIPR_E_DIGEST, 0u, 0u};
    size_t i = dg_lws(buf, len, s.off, end);
    if (i == end) { /* qop="" */
        r.off = (uint32_t)end;
        return r;
    }
    /*@ loop invariant s.off <= i <= end;
        loop assigns i, r.mask;
        loop variant end - i; */
    while (i < end) {
        const size_t j = dg_token(buf, len, i, end);
        if (j == i) {
            r.off = (uint32_t)i;
            return r;
        }
        r.mask |= dg_qop_kind(buf, len, SPAN_AT(i, j));
        i = dg_lws(buf, len, j, end);
        if (i < end) {
            if (buf[i] != ',') {
                r.off = (uint32_t)i;
                return r;
            }
            i = dg_lws(buf, len, i + 1u, end);
            if (i == end) {
                r.off = (uint32_t)end;
                return r;
            }
        }
    }
    r.st = SIPR_OK;
    return r;
}

/* nc-value = 8LHEX (upper-case hex digits are accepted too: the response is
   computed over the value as written). */
typedef struct {
    uint32_t ok;
    uint32_t val;
    uint32_t off;             /* when not ok: the first byte that does not fit */
} dg_nc_result;

/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN && SPAN_IN(v.value, len);
    assigns \nothing;
    ensures \result.off <= len;
*/
static dg_nc_result dg_nc(const char *buf, size_t len, sipr_digest_value v)
{
    dg_nc_result r = {0u, 0u, v.value.off};
    uint32_t k = 0;
    (void)len; /* used by the contract */
    /*@ loop invariant 0 <= k <= 8 && k <= v.value.len;
        loop assigns k, r.val;
        loop variant 8 - k; */
    while (k < 8u && k < v.value.len) {
        const uint8_t c = (uint8_t)buf[v.value.off + k];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (uint32_t)(c - 'a') + 10u;
        else if (c >= 'A' && c <= 'F')
            d = (uint32_t)(c - 'A') + 10u;
        else {
            r.off = v.value.off + k;
            return r;
        }
        r.val = (r.val << 4) | d;
        k++;
    }
    if (v.value.len != 8u) {
        r.off = v.value.off + k; /* too short: its end; too long: its ninth byte */
        return r;
    }
    r.ok = 1u;
    return r;
}

/* ---- parsing challenges and credentials ------------------------------------- */

/* Make *v an absent parameter. */
/*@ requires \valid(v);
    assigns *v;
    ensures v->value.off == 0 && v->value.len == 0 && v->present == 0;
*/
static void dg_val_reset(sipr_digest_value *v)
{
    v->value.off = 0;
    v->value.len = 0;
    v->present = 0;
    v->quoted = 0;
    v->escaped = 0;
}

/* One parameter of a challenge: 0 when it was given before. */
/*@ requires \valid(ch) && CH_OK(ch, len) && SPAN_IN(val.value, len);
    assigns *ch;
    ensures CH_OK(ch, len);
    ensures ch->err == \old(ch->err) && ch->err_off == \old(ch->err_off);
*/
static int dg_ch_store(sipr_digest_challenge *ch, size_t len, uint32_t id, sipr_digest_value val)
{
    (void)len; /* used by the contract */
    switch (id) {
    case N_REALM:
        if (ch->realm.present)
            return 0;
        ch->realm = val;
        return 1;
    case N_DOMAIN:
        if (ch->domain.present)
            return 0;
        ch->domain = val;
        return 1;
    case N_NONCE:
        if (ch->nonce.present)
            return 0;
        ch->nonce = val;
        return 1;
    case N_OPAQUE:
        if (ch->opaque.present)
            return 0;
        ch->opaque = val;
        return 1;
    case N_STALE:
        if (ch->stale.present)
            return 0;
        ch->stale = val;
        return 1;
    case N_ALGORITHM:
        if (ch->algorithm.present)
            return 0;
        ch->algorithm = val;
        return 1;
    case N_QOP:
        if (ch->qop.present)
            return 0;
        ch->qop = val;
        return 1;
    case N_CHARSET:
        if (ch->charset.present)
            return 0;
        ch->charset = val;
        return 1;
    case N_USERHASH:
        if (ch->userhash.present)
            return 0;
        ch->userhash = val;
        return 1;
    default:
        if (ch->n_other < 0xFFFFu)
            ch->n_other++;
        return 1;
    }
}

/*@ requires \valid(ch);
    assigns *ch;
    ensures CH_OK(ch, 0) && ch->err == SIPR_OK && ch->err_off == 0;
*/
static void dg_ch_reset(sipr_digest_challenge *ch)
{
    /* one contracted call a parameter: each says what it leaves in its own
       field, and nothing else changes */
    dg_val_reset(&ch->realm);
    dg_val_reset(&ch->domain);
    dg_val_reset(&ch->nonce);
    dg_val_reset(&ch->opaque);
    dg_val_reset(&ch->stale);
    dg_val_reset(&ch->algorithm);
    dg_val_reset(&ch->qop);
    dg_val_reset(&ch->charset);
    dg_val_reset(&ch->userhash);
    ch->alg = SIPR_DIGEST_MD5;
    ch->qop_mask = 0;
    ch->stale_true = 0;
    ch->userhash_true = 0;
    ch->n_other = 0;
    ch->err = SIPR_OK;
    ch->err_off = 0;
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN && SPAN_IN(v, len);
    requires \valid(ch) && \separated(buf + (0 .. len - 1), ch);
    assigns *ch;
    ensures CH_OK(ch, len);
    ensures \result == ch->err && ch->err_off <= len;
    ensures \result == SIPR_OK || \result == SIPR_E_DIGEST || \result == SIPR_E_DIGEST_SCHEME ||
            \result == SIPR_E_DIGEST_MISSING;
*/
sipr_status sipr_digest_parse_challenge(const char *buf, size_t len, sipr_span v,
                                        sipr_digest_challenge *ch)
{
    const size_t end = (size_t)v.off + v.len;
    dg_scheme_result sc;
    size_t i;
    dg_ch_reset(ch);
    sc = dg_scheme(buf, len, v.off, end);
    if (sc.st != SIPR_OK) {
        ch->err = sc.st;
        ch->err_off = (uint32_t)sc.pos;
        return sc.st;
    }
    i = sc.pos;
    /*@ loop invariant v.off <= i <= end;
        loop invariant CH_OK(ch, len) && ch->err == SIPR_OK && ch->err_off == 0;
        loop assigns i, *ch;
        loop variant end - i; */
    while (i < end) {
        const dg_item it = dg_param(buf, len, i, end);
        if (it.st != SIPR_OK) {
            ch->err = it.st;
            ch->err_off = it.err_off;
            return it.st;
        }
        if (!dg_ch_store(ch, len, dg_name(buf, len, it.name), it.val)) {
            ch->err = SIPR_E_DIGEST; /* a parameter given twice: at its name */
            ch->err_off = it.name.off;
            return SIPR_E_DIGEST;
        }
        i = it.next;
    }
    ch->alg = (uint8_t)dg_alg(buf, len, ch->algorithm);
    if (ch->qop.present) {
        const dg_qop_result q = dg_qop_list(buf, len, ch->qop.value);
        if (q.st != SIPR_OK) {
            ch->err = q.st;
            ch->err_off = q.off;
            return q.st;
        }
        ch->qop_mask = (uint8_t)q.mask;
    }
    ch->stale_true = (uint8_t)dg_is(buf, len, ch->stale, "true", 4);
    ch->userhash_true = (uint8_t)dg_is(buf, len, ch->userhash, "true", 4);
    if (!ch->realm.present || !ch->nonce.present) {
        ch->err = SIPR_E_DIGEST_MISSING;
        ch->err_off = (uint32_t)end;
        return SIPR_E_DIGEST_MISSING;
    }
    return SIPR_OK;
}

/* One parameter of credentials: 0 when it was given before. */
/*@ requires \valid(cr) && CR_OK(cr, len) && SPAN_IN(val.value, len);
    assigns *cr;
    ensures CR_OK(cr, len);
    ensures cr->err == \old(cr->err) && cr->err_off == \old(cr->err_off);
*/
static int dg_cr_store(sipr_digest_credentials *cr, size_t len, uint32_t id,
                       sipr_digest_value val)
{
    (void)len; /* used by the contract */
    switch (id) {
    case N_USERNAME:
        if (cr->username.present)
            return 0;
        cr->username = val;
        return 1;
    case N_REALM:
        if (cr->realm.present)
            return 0;
        cr->realm = val;
        return 1;
    case N_NONCE:
        if (cr->nonce.present)
            return 0;
        cr->nonce = val;
        return 1;
    case N_URI:
        if (cr->uri.present)
            return 0;
        cr->uri = val;
        return 1;
    case N_RESPONSE:
        if (cr->response.present)
            return 0;
        cr->response = val;
        return 1;
    case N_ALGORITHM:
        if (cr->algorithm.present)
            return 0;
        cr->algorithm = val;
        return 1;
    case N_CNONCE:
        if (cr->cnonce.present)
            return 0;
        cr->cnonce = val;
        return 1;
    case N_OPAQUE:
        if (cr->opaque.present)
            return 0;
        cr->opaque = val;
        return 1;
    case N_QOP:
        if (cr->qop.present)
            return 0;
        cr->qop = val;
        return 1;
    case N_NC:
        if (cr->nc.present)
            return 0;
        cr->nc = val;
        return 1;
    case N_USERHASH:
        if (cr->userhash.present)
            return 0;
        cr->userhash = val;
        return 1;
    default:
        if (cr->n_other < 0xFFFFu)
            cr->n_other++;
        return 1;
    }
}

/*@ requires \valid(cr);
    assigns *cr;
    ensures CR_OK(cr, 0) && cr->err == SIPR_OK && cr->err_off == 0;
*/
static void dg_cr_reset(sipr_digest_credentials *cr)
{
    /* as dg_ch_reset */
    dg_val_reset(&cr->username);
    dg_val_reset(&cr->realm);
    dg_val_reset(&cr->nonce);
    dg_val_reset(&cr->uri);
    dg_val_reset(&cr->response);
    dg_val_reset(&cr->algorithm);
    dg_val_reset(&cr->cnonce);
    dg_val_reset(&cr->opaque);
    dg_val_reset(&cr->qop);
    dg_val_reset(&cr->nc);
    dg_val_reset(&cr->userhash);
    cr->alg = SIPR_DIGEST_MD5;
    cr->qop_kind = 0;
    cr->userhash_true = 0;
    cr->nc_value = 0;
    cr->n_other = 0;
    cr->err = SIPR_OK;
    cr->err_off = 0;
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN && SPAN_IN(v, len);
    requires \valid(cr) && \separated(buf + (0 .. len - 1), cr);
    assigns *cr;
    ensures CR_OK(cr, len);
    ensures \result == cr->err && cr->err_off <= len;
    ensures \result == SIPR_OK || \result == SIPR_E_DIGEST || \result == SIPR_E_DIGEST_SCHEME ||
            \result == SIPR_E_DIGEST_MISSING;
*/
sipr_status sipr_digest_parse_credentials(const char *buf, size_t len, sipr_span v,
                                          sipr_digest_credentials *cr)
{
    const size_t end = (size_t)v.off + v.len;
    dg_scheme_result sc;
    size_t i;
    dg_cr_reset(cr);
    sc = dg_scheme(buf, len, v.off, end);
    if (sc.st != SIPR_OK) {
        cr->err = sc.st;
        cr->err_off = (uint32_t)sc.pos;
        return sc.st;
    }
    i = sc.pos;
    /*@ loop invariant v.off <= i <= end;
        loop invariant CR_OK(cr, len) && cr->err == SIPR_OK && cr->err_off == 0;
        loop assigns i, *cr;
        loop variant end - i; */
    while (i < end) {
        const dg_item it = dg_param(buf, len, i, end);
        if (it.st != SIPR_OK) {
            cr->err = it.st;
            cr->err_off = it.err_off;
            return it.st;
        }
        if (!dg_cr_store(cr, len, dg_name(buf, len, it.name), it.val)) {
            cr->err = SIPR_E_DIGEST;
            cr->err_off = it.name.off;
            return SIPR_E_DIGEST;
        }
        i = it.next;
    }
    cr->alg = (uint8_t)dg_alg(buf, len, cr->algorithm);
    if (cr->qop.present)
        cr->qop_kind = (uint8_t)(cr->qop.escaped ? SIPR_DIGEST_QOP_OTHER
                                                 : dg_qop_kind(buf, len, cr->qop.value));
    cr->userhash_true = (uint8_t)dg_is(buf, len, cr->userhash, "true", 4);
    if (cr->nc.present) {
        const dg_nc_result nc = dg_nc(buf, len, cr->nc);
        if (nc.ok != 1u) {
            cr->err = SIPR_E_DIGEST;
            cr->err_off = nc.off;
            return SIPR_E_DIGEST;
        }
        cr->nc_value = nc.val;
    }
    if (!cr->username.present || !cr->realm.present || !cr->nonce.present || !cr->uri.present ||
        !cr->response.present || (cr->qop.present && (!cr->cnonce.present || !cr->nc.present))) {
        cr->err = SIPR_E_DIGEST_MISSING;
        cr->err_off = (uint32_t)end;
        return SIPR_E_DIGEST_MISSING;
    }
    return SIPR_OK;
}

/* ---- hashing texts ------------------------------------------------------------ */

/* A text to hash: s[0 .. len-1], with quoted-pairs to undo when esc. */
typedef struct {
    const char *s;
    size_t len;
    uint32_t esc;
} dg_text;

#define TEXT_OK(t) \valid_read((t).s + (0 .. (t).len - 1))

/* The three hashes side by side (no unions: the kind says which one is in
   use; all three are kept valid). */
typedef struct {
    uint32_t kind;
    sipr_md5_ctx md5;
    sipr_sha256_ctx sha256;
    sipr_sha512_256_ctx sha512;
} dg_hash;

#define DGH_OK(h)                                                                                  \
    ((h)->kind <= DG_SHA512_256 && (h)->md5.buf_len < 64u && (h)->sha256.buf_len < 64u &&          \
     (h)->sha512.buf_len < 128u)

/*@ requires \valid(h) && kind <= DG_SHA512_256;
    assigns *h;
    ensures DGH_OK(h) && h->kind == kind;
*/
static void dg_init(dg_hash *h, uint32_t kind)
{
    h->kind = kind;
    sipr_md5_init(&h->md5);
    sipr_sha256_init(&h->sha256);
    sipr_sha512_256_init(&h->sha512);
}

/*@ requires \valid(h) && DGH_OK(h);
    requires \valid_read(p + (0 .. n - 1));
    assigns h->md5, h->sha256, h->sha512;
    ensures DGH_OK(h);
*/
static void dg_update(dg_hash *h, const char *p, size_t n)
{
    if (h->kind == DG_MD5)
        sipr_md5_update(&h->md5, p, n);
    else if (h->kind == DG_SHA256)
        sipr_sha256_update(&h->sha256, p, n);
    else
        sipr_sha512_256_update(&h->sha512, p, n);
}

/* The text, its quoted-pairs undone: "\x" is x. */
/*@ requires \valid(h) && DGH_OK(h) && TEXT_OK(t);
    assigns h->md5, h->sha256, h->sha512;
    ensures DGH_OK(h);
*/
static void dg_put(dg_hash *h, dg_text t)
{
    size_t k = 0;
    if (t.esc == 0u) {
        dg_update(h, t.s, t.len);
        return;
    }
    /*@ loop invariant 0 <= k <= t.len && DGH_OK(h);
        loop assigns k, h->md5, h->sha256, h->sha512;
        loop variant t.len - k; */
    while (k < t.len) {
        if (t.s[k] == '\\' && t.len - k >= 2u)
            k++;
        dg_update(h, t.s + k, 1u);
        k++;
    }
}

static const char dg_hexdigits[17] = "0123456789abcdef";

/* A hex digit, lowercase. */
/*@ requires x < 16;
    assigns \nothing;
*/
static char dg_digit(uint32_t x)
{
    return dg_hexdigits[x];
}

/*@ requires \valid_read(d + (0 .. n - 1)) && (n == 16 || n == 32) && \valid(out);
    assigns *out;
    ensures out->len == 2 * n;
*/
static void dg_hex(const uint8_t *d, uint32_t n, sipr_digest_hex *out)
{
    uint32_t k = 0;
    /*@ loop invariant 0 <= k <= n;
        loop assigns k, out->hex[0 .. 63];
        loop variant n - k; */
    while (k < n) {
        out->hex[2u * k] = dg_digit((uint32_t)d[k] / 16u);
        out->hex[2u * k + 1u] = dg_digit((uint32_t)d[k] % 16u);
        k++;
    }
    out->hex[2u * n] = '\0';
    out->len = (uint8_t)(2u * n);
}

/*@ requires \valid(h) && DGH_OK(h) && \valid(out);
    assigns h->md5, h->sha256, h->sha512, *out;
    ensures out->len == 32 || out->len == 64;
*/
static void dg_final(dg_hash *h, sipr_digest_hex *out)
{
    uint8_t d[32];
    if (h->kind == DG_MD5) {
        sipr_md5_final(&h->md5, d);
        dg_hex(d, 16u, out);
    } else if (h->kind == DG_SHA256) {
        sipr_sha256_final(&h->sha256, d);
        dg_hex(d, 32u, out);
    } else {
        sipr_sha512_256_final(&h->sha512, d);
        dg_hex(d, 32u, out);
    }
}

/* The hex length of a kind's digest. */
/*@ assigns \nothing;
    ensures \result == 32 || \result == 64;
*/
static uint32_t dg_hexlen(uint32_t kind)
{
    return kind == DG_MD5 ? 32u : 64u;
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(v.value, len);
    assigns \nothing;
    ensures TEXT_OK(\result);
*/
static dg_text dg_val(const char *buf, size_t len, sipr_digest_value v)
{
    dg_text t;
    (void)len; /* used by the contract */
    t.s = buf + v.value.off;
    t.len = v.value.len;
    t.esc = v.escaped;
    return t;
}

/*@ requires STR_OK(x);
    assigns \nothing;
    ensures TEXT_OK(\result);
*/
static dg_text dg_str(sipr_str x)
{
    dg_text t;
    t.s = x.s;
    t.len = x.len;
    t.esc = 0u;
    return t;
}

/*@ requires HEX_OK(x);
    assigns \nothing;
    ensures TEXT_OK(\result);
*/
static dg_text dg_hextext(const sipr_digest_hex *x)
{
    dg_text t;
    t.s = x->hex;
    t.len = x->len;
    t.esc = 0u;
    return t;
}

/*@ requires \valid_read(s + (0 .. n - 1));
    assigns \nothing;
    ensures TEXT_OK(\result);
*/
static dg_text dg_lit(const char *s, size_t n)
{
    dg_text t;
    t.s = s;
    t.len = n;
    t.esc = 0u;
    return t;
}

/* H(a), H(a ":" b) or H(a ":" b ":" c) for parts = 1, 2, 3. */
/*@ requires kind <= DG_SHA512_256 && TEXT_OK(a) && TEXT_OK(b) && TEXT_OK(c) && \valid(out);
    assigns *out;
    ensures out->len == 32 || out->len == 64;
*/
static void dg_h3(uint32_t kind, dg_text a, dg_text b, dg_text c, uint32_t parts,
                  sipr_digest_hex *out)
{
    dg_hash h;
    dg_init(&h, kind);
    dg_put(&h, a);
    if (parts >= 2u) {
        dg_update(&h, ":", 1u);
        dg_put(&h, b);
    }
    if (parts >= 3u) {
        dg_update(&h, ":", 1u);
        dg_put(&h, c);
    }
    dg_final(&h, out);
}

/* H(A2): A2 = method ":" uri, or method ":" uri ":" H(body) (auth-int). */
/*@ requires kind <= DG_SHA512_256 && TEXT_OK(method) && TEXT_OK(uri) && TEXT_OK(body);
    requires \valid(out);
    assigns *out;
    ensures out->len == 32 || out->len == 64;
*/
static void dg_ha2(uint32_t kind, dg_text method, dg_text uri, uint32_t auth_int, dg_text body,
                   sipr_digest_hex *out)
{
    sipr_digest_hex hb;
    if (auth_int) {
        dg_h3(kind, body, body, body, 1u, &hb);
        dg_h3(kind, method, uri, dg_hextext(&hb), 3u, out);
    } else {
        dg_h3(kind, method, uri, uri, 2u, out);
    }
}

/* The response: KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)) with
   qop, KD(H(A1), nonce ":" H(A2)) without; KD(s, d) = H(s ":" d). */
/*@ requires kind <= DG_SHA512_256 && HEX_OK(ha1) && HEX_OK(ha2) && \valid(out);
    requires TEXT_OK(nonce) && TEXT_OK(nc) && TEXT_OK(cnonce) && TEXT_OK(qop);
    assigns *out;
    ensures out->len == 32 || out->len == 64;
*/
static void dg_kd(uint32_t kind, const sipr_digest_hex *ha1, dg_text nonce, dg_text nc,
                  dg_text cnonce, dg_text qop, const sipr_digest_hex *ha2, uint32_t with_qop,
                  sipr_digest_hex *out)
{
    dg_hash h;
    dg_init(&h, kind);
    dg_put(&h, dg_hextext(ha1));
    dg_update(&h, ":", 1u);
    dg_put(&h, nonce);
    dg_update(&h, ":", 1u);
    if (with_qop) {
        dg_put(&h, nc);
        dg_update(&h, ":", 1u);
        dg_put(&h, cnonce);
        dg_update(&h, ":", 1u);
        dg_put(&h, qop);
        dg_update(&h, ":", 1u);
    }
    dg_put(&h, dg_hextext(ha2));
    dg_final(&h, out);
}

/* The qop value as hashed and written. */
/*@ assigns \nothing;
    ensures TEXT_OK(\result);
*/
static dg_text dg_qop_text(uint32_t qop)
{
    if (qop == SIPR_DIGEST_QOP_AUTH_INT)
        return dg_lit("auth-int", 8u);
    return dg_lit("auth", 4u);
}

/* The algorithm's name as written. */
/*@ assigns \nothing;
    ensures TEXT_OK(\result);
*/
static dg_text dg_alg_text(uint32_t alg)
{
    /* the name is chosen first and made a text once (one call for the
       prover to follow instead of one per case) */
    const char *s = "";
    size_t n = 0u;
    switch (alg) {
    case SIPR_DIGEST_MD5: s = "MD5"; n = 3u; break;
    case SIPR_DIGEST_MD5_SESS: s = "MD5-sess"; n = 8u; break;
    case SIPR_DIGEST_SHA256: s = "SHA-256"; n = 7u; break;
    case SIPR_DIGEST_SHA256_SESS: s = "SHA-256-sess"; n = 12u; break;
    case SIPR_DIGEST_SHA512_256: s = "SHA-512-256"; n = 11u; break;
    case SIPR_DIGEST_SHA512_256_SESS: s = "SHA-512-256-sess"; n = 16u; break;
    default: break;
    }
    return dg_lit(s, n);
}

/* nc as 8 lowercase hex digits. */
/*@ requires \valid(out + (0 .. 7));
    assigns out[0 .. 7];
*/
static void dg_nc8(uint32_t nc, char out[8])
{
    uint32_t v = nc;
    uint32_t k = 8u;
    /* the last digit first, by division (no shifts for the prover to model) */
    /*@ loop invariant 0 <= k <= 8;
        loop assigns k, v, out[0 .. 7];
        loop variant k; */
    while (k > 0u) {
        k--;
        out[k] = dg_digit(v % 16u);
        v /= 16u;
    }
}

/* Equal hex digests, compared in time that depends on the lengths only. */
/*@ requires HEX_OK(x) && \valid_read(buf + (0 .. len - 1)) && SPAN_IN(s, len);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int dg_ct_eq(const sipr_digest_hex *x, const char *buf, size_t len, sipr_span s)
{
    uint32_t diff = 0, k = 0;
    (void)len; /* used by the contract */
    if (s.len != x->len)
        return 0;
    /*@ loop invariant 0 <= k <= x->len;
        loop assigns k, diff;
        loop variant x->len - k; */
    while (k < x->len) {
        diff |= (uint32_t)((uint8_t)x->hex[k] ^ (uint8_t)buf[s.off + k]);
        k++;
    }
    return diff == 0u;
}

/* ---- computing ---------------------------------------------------------------- */

/*@ requires \valid(out);
    requires STR_OK(username) && STR_OK(realm) && STR_OK(password) && STR_OK(nonce) &&
             STR_OK(cnonce);
    assigns *out;
    ensures \result == SIPR_OK || \result == SIPR_E_DIGEST_ALGORITHM;
    ensures \result == SIPR_OK ==> out->len == 32 || out->len == 64;
*/
sipr_status sipr_digest_ha1(sipr_digest_alg alg, sipr_str username, sipr_str realm,
                            sipr_str password, sipr_str nonce, sipr_str cnonce,
                            sipr_digest_hex *out)
{
    const uint32_t a = (uint32_t)alg;
    sipr_digest_hex h;
    if (a >= (uint32_t)SIPR_DIGEST_UNKNOWN) {
        out->hex[0] = '\0';
        out->len = 0;
        return SIPR_E_DIGEST_ALGORITHM;
    }
    dg_h3(a / 2u, dg_str(username), dg_str(realm), dg_str(password), 3u, &h);
    if (a % 2u == 1u)
        dg_h3(a / 2u, dg_hextext(&h), dg_str(nonce), dg_str(cnonce), 3u, out);
    else
        *out = h;
    return SIPR_OK;
}

/*@ requires \valid(out) && STR_OK(username) && STR_OK(realm);
    assigns *out;
    ensures \result == SIPR_OK || \result == SIPR_E_DIGEST_ALGORITHM;
*/
sipr_status sipr_digest_userhash(sipr_digest_alg alg, sipr_str username, sipr_str realm,
                                 sipr_digest_hex *out)
{
    const uint32_t a = (uint32_t)alg;
    if (a >= (uint32_t)SIPR_DIGEST_UNKNOWN) {
        out->hex[0] = '\0';
        out->len = 0;
        return SIPR_E_DIGEST_ALGORITHM;
    }
    dg_h3(a / 2u, dg_str(username), dg_str(realm), dg_str(realm), 2u, out);
    return SIPR_OK;
}

/*@ requires \valid_read(ha1) && \valid_read(rq) && \valid(out);
    requires STR_OK(rq->method) && STR_OK(rq->uri) && STR_OK(rq->nonce) &&
             STR_OK(rq->cnonce) && STR_OK(rq->body);
    assigns *out;
    ensures \result == SIPR_OK || \result == SIPR_E_DIGEST_ALGORITHM ||
            \result == SIPR_E_DIGEST_QOP || \result == SIPR_E_ARG;
*/
sipr_status sipr_digest_response(sipr_digest_alg alg, const sipr_digest_hex *ha1,
                                 const sipr_digest_request *rq, sipr_digest_hex *out)
{
    const uint32_t a = (uint32_t)alg;
    const uint32_t qop = rq->qop;
    sipr_digest_hex ha2, k1;
    char nc[8];
    sipr_status st = SIPR_OK;
    if (a >= (uint32_t)SIPR_DIGEST_UNKNOWN)
        st = SIPR_E_DIGEST_ALGORITHM;
    else if (qop != 0u && qop != SIPR_DIGEST_QOP_AUTH && qop != SIPR_DIGEST_QOP_AUTH_INT)
        st = SIPR_E_DIGEST_QOP;
    else if ((uint32_t)ha1->len != dg_hexlen(a / 2u))
        st = SIPR_E_ARG;
    if (st != SIPR_OK) {
        out->hex[0] = '\0';
        out->len = 0;
        return st;
    }
    k1 = *ha1; /* out may be ha1 */
    dg_ha2(a / 2u, dg_str(rq->method), dg_str(rq->uri), qop == SIPR_DIGEST_QOP_AUTH_INT,
           dg_str(rq->body), &ha2);
    dg_nc8(rq->nc, nc);
    dg_kd(a / 2u, &k1, dg_str(rq->nonce), dg_lit(nc, 8u), dg_str(rq->cnonce), dg_qop_text(qop),
          &ha2, qop != 0u, out);
    return SIPR_OK;
}

/* The credentials' algorithm and qop, when implemented: SIPR_OK. */
/*@ requires \valid_read(cr);
    assigns \nothing;
    ensures \result == SIPR_OK ==> cr->alg < SIPR_DIGEST_UNKNOWN;
*/
static sipr_status dg_cr_usable(const sipr_digest_credentials *cr)
{
    if (cr->err != SIPR_OK)
        return SIPR_E_ARG;
    if (cr->alg >= (uint32_t)SIPR_DIGEST_UNKNOWN)
        return SIPR_E_DIGEST_ALGORITHM;
    if (cr->qop_kind != 0u && cr->qop_kind != SIPR_DIGEST_QOP_AUTH &&
        cr->qop_kind != SIPR_DIGEST_QOP_AUTH_INT)
        return SIPR_E_DIGEST_QOP;
    if (cr->qop_kind == 0u && cr->alg % 2u == 1u)
        return SIPR_E_DIGEST_QOP; /* -sess needs the cnonce, sent only with qop */
    return SIPR_OK;
}

/* The response the credentials should carry, given the H(A1) of their
   session, against the one they carry. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(cr) && CR_OK(cr, len);
    requires kind <= DG_SHA512_256 && HEX_OK(ha1) && STR_OK(method) && STR_OK(body);
    assigns \nothing;
    ensures \result == SIPR_OK || \result == SIPR_E_DIGEST_MISMATCH;
*/
static sipr_status dg_check(const char *buf, size_t len, const sipr_digest_credentials *cr,
                            uint32_t kind, const sipr_digest_hex *ha1, sipr_str method,
                            sipr_str body)
{
    sipr_digest_hex ha2, expect;
    dg_ha2(kind, dg_str(method), dg_val(buf, len, cr->uri),
           cr->qop_kind == SIPR_DIGEST_QOP_AUTH_INT, dg_str(body), &ha2);
    dg_kd(kind, ha1, dg_val(buf, len, cr->nonce), dg_val(buf, len, cr->nc),
          dg_val(buf, len, cr->cnonce), dg_val(buf, len, cr->qop), &ha2, cr->qop_kind != 0u,
          &expect);
    return dg_ct_eq(&expect, buf, len, cr->response.value) ? SIPR_OK : SIPR_E_DIGEST_MISMATCH;
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(cr) && CR_OK(cr, len);
    requires STR_OK(method) && STR_OK(body) && STR_OK(password);
    assigns \nothing;
*/
sipr_status sipr_digest_verify(const char *buf, size_t len, const sipr_digest_credentials *cr,
                               sipr_str method, sipr_str body, sipr_str password)
{
    const sipr_status st = dg_cr_usable(cr);
    uint32_t kind;
    sipr_digest_hex h, s;
    if (st != SIPR_OK)
        return st;
    if (cr->userhash_true)
        return SIPR_E_ARG; /* the username is H(username:realm): the caller finds the user */
    kind = (uint32_t)cr->alg / 2u;
    dg_h3(kind, dg_val(buf, len, cr->username), dg_val(buf, len, cr->realm), dg_str(password), 3u,
          &h);
    if (cr->alg % 2u == 1u) {
        dg_h3(kind, dg_hextext(&h), dg_val(buf, len, cr->nonce), dg_val(buf, len, cr->cnonce), 3u,
              &s);
        return dg_check(buf, len, cr, kind, &s, method, body);
    }
    return dg_check(buf, len, cr, kind, &h, method, body);
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(cr) && CR_OK(cr, len);
    requires STR_OK(method) && STR_OK(body) && \valid_read(ha1);
    assigns \nothing;
*/
sipr_status sipr_digest_verify_ha1(const char *buf, size_t len, const sipr_digest_credentials *cr,
                                   sipr_str method, sipr_str body, const sipr_digest_hex *ha1)
{
    const sipr_status st = dg_cr_usable(cr);
    uint32_t kind;
    sipr_digest_hex s;
    if (st != SIPR_OK)
        return st;
    kind = (uint32_t)cr->alg / 2u;
    if ((uint32_t)ha1->len != dg_hexlen(kind))
        return SIPR_E_ARG;
    if (cr->alg % 2u == 1u) {
        dg_h3(kind, dg_hextext(ha1), dg_val(buf, len, cr->nonce), dg_val(buf, len, cr->cnonce), 3u,
              &s);
        return dg_check(buf, len, cr, kind, &s, method, body);
    }
    return dg_check(buf, len, cr, kind, ha1, method, body);
}

/* ---- writing values ----------------------------------------------------------------
 * Each writer takes the buffer out[0 .. cap-1] and the length n written so
 * far, writes a byte at n only when n < cap, and returns the new length: the
 * length the value needs, whether it fit or not. */

/*@ requires OUT_OK(out, cap);
    assigns out[0 .. cap - 1];
*/
static size_t dg_wc(char *out, size_t cap, size_t n, char c)
{
    if (n < cap)
        out[n] = c;
    return n + 1u;
}

/*@ requires OUT_OK(out, cap) && \valid_read(s + (0 .. sn - 1));
    assigns out[0 .. cap - 1];
*/
static size_t dg_wlit(char *out, size_t cap, size_t n, const char *s, size_t sn)
{
    size_t k = 0;
    /*@ loop invariant 0 <= k <= sn;
        loop assigns k, n, out[0 .. cap - 1];
        loop variant sn - k; */
    while (k < sn) {
        n = dg_wc(out, cap, n, s[k]);
        k++;
    }
    return n;
}

/* s as the inside of a quoted-string: '"' and '\' escaped. */
/*@ requires OUT_OK(out, cap) && STR_OK(s);
    assigns out[0 .. cap - 1];
*/
static size_t dg_wquoted(char *out, size_t cap, size_t n, sipr_str s)
{
    uint32_t k = 0;
    /*@ loop invariant 0 <= k <= s.len;
        loop assigns k, n, out[0 .. cap - 1];
        loop variant s.len - k; */
    while (k < s.len) {
        if (s.s[k] == '"' || s.s[k] == '\\')
            n = dg_wc(out, cap, n, '\\');
        n = dg_wc(out, cap, n, s.s[k]);
        k++;
    }
    return n;
}

/* A value of buf as the challenge wrote it (the inside of its quotes). */
/*@ requires OUT_OK(out, cap) && \valid_read(buf + (0 .. len - 1)) && SPAN_IN(v.value, len);
    assigns out[0 .. cap - 1];
*/
static size_t dg_wval(char *out, size_t cap, size_t n, const char *buf, size_t len,
                      sipr_digest_value v)
{
    (void)len; /* used by the contract */
    return dg_wlit(out, cap, n, buf + v.value.off, v.value.len);
}

/*@ requires OUT_OK(out, cap) && HEX_OK(x);
    assigns out[0 .. cap - 1];
*/
static size_t dg_whex(char *out, size_t cap, size_t n, const sipr_digest_hex *x)
{
    return dg_wlit(out, cap, n, x->hex, x->len);
}

/* A text we write into a header value holds no control character other
   than HTAB: a CR or LF would end the header line, a NUL would end a C
   string, and RFC 3261 lets the others through only as quoted-pairs. */
/*@ requires TEXT_OK(s);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
*/
static int dg_quotable(dg_text s)
{
    size_t k = 0;
    /*@ loop invariant 0 <= k <= s.len;
        loop assigns k;
        loop variant s.len - k; */
    while (k < s.len) {
        const uint8_t c = (uint8_t)s.s[k];
        if ((c < 0x20u && c != '\t') || c == 0x7fu)
            return 0;
        k++;
    }
    return 1;
}

/* The end of a value: its NUL, *needed, and whether it fit. */
/*@ requires OUT_OK(out, cap) && (needed == \null || \valid(needed));
    assigns out[0 .. cap - 1], *needed;
    ensures \result == SIPR_OK || \result == SIPR_E_NO_SPACE;
*/
static sipr_status dg_wend(char *out, size_t cap, size_t n, size_t *needed)
{
    if (needed != NULL)
        *needed = n;
    if (n < cap) {
        out[n] = '\0';
        return SIPR_OK;
    }
    if (cap > 0u)
        out[0] = '\0';
    return SIPR_E_NO_SPACE;
}

/* An error before anything is written: an empty string, nothing needed. */
/*@ requires OUT_OK(out, cap) && (needed == \null || \valid(needed));
    assigns out[0 .. cap - 1], *needed;
    ensures \result == st;
*/
static sipr_status dg_wfail(char *out, size_t cap, size_t *needed, sipr_status st)
{
    if (needed != NULL)
        *needed = 0;
    if (cap > 0u)
        out[0] = '\0';
    return st;
}

#define WLIT(lit) (n = dg_wlit(out, cap, n, (lit), sizeof(lit) - 1u))

/* The qop the client uses: its preference when offered, else auth, else
   auth-int; 0 without qop (RFC 2069); SIPR_DIGEST_QOP_OTHER when none
   offered is implemented. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == SIPR_DIGEST_QOP_AUTH ||
            \result == SIPR_DIGEST_QOP_AUTH_INT || \result == SIPR_DIGEST_QOP_OTHER;
*/
static uint32_t dg_choose_qop(uint32_t present, uint32_t offered, uint32_t want)
{
    const uint32_t w = want == SIPR_DIGEST_QOP_AUTH_INT ? SIPR_DIGEST_QOP_AUTH_INT
                                                        : SIPR_DIGEST_QOP_AUTH;
    if (!present)
        return 0u;
    if ((offered & w) != 0u)
        return w;
    if ((offered & SIPR_DIGEST_QOP_AUTH) != 0u)
        return SIPR_DIGEST_QOP_AUTH;
    if ((offered & SIPR_DIGEST_QOP_AUTH_INT) != 0u)
        return SIPR_DIGEST_QOP_AUTH_INT;
    return SIPR_DIGEST_QOP_OTHER;
}

/*@ requires \valid_read(buf + (0 .. len - 1)) && \valid_read(ch) && CH_OK(ch, len);
    requires \valid_read(cl) && STR_OK(cl->username) && STR_OK(cl->password) &&
             STR_OK(cl->method) && STR_OK(cl->uri) && STR_OK(cl->body) && STR_OK(cl->cnonce);
    requires OUT_OK(out, cap) && (needed == \null || \valid(needed));
    assigns out[0 .. cap - 1], *needed;
*/
sipr_status sipr_digest_build_credentials(const char *buf, size_t len,
                                          const sipr_digest_challenge *ch,
                                          const sipr_digest_client *cl, char *out, size_t cap,
                                          size_t *needed)
{
    const uint32_t a = ch->alg;
    uint32_t kind, qop;
    sipr_digest_hex ha1, s, ha2, resp, uh;
    char nc[8];
    size_t n = 0;
    if (ch->err != SIPR_OK)
        return dg_wfail(out, cap, needed, SIPR_E_ARG);
    if (a >= (uint32_t)SIPR_DIGEST_UNKNOWN)
        return dg_wfail(out, cap, needed, SIPR_E_DIGEST_ALGORITHM);
    qop = dg_choose_qop(ch->qop.present, ch->qop_mask, cl->qop);
    if (qop == SIPR_DIGEST_QOP_OTHER || (qop == 0u && a % 2u == 1u))
        return dg_wfail(out, cap, needed, SIPR_E_DIGEST_QOP);
    if (qop != 0u && cl->cnonce.len == 0u)
        return dg_wfail(out, cap, needed, SIPR_E_DIGEST_MISSING);
    if (!dg_quotable(dg_str(cl->username)) || !dg_quotable(dg_str(cl->uri)) ||
        !dg_quotable(dg_str(cl->cnonce)) || !dg_quotable(dg_val(buf, len, ch->realm)) ||
        !dg_quotable(dg_val(buf, len, ch->nonce)) || !dg_quotable(dg_val(buf, len, ch->opaque)))
        return dg_wfail(out, cap, needed, SIPR_E_ARG);
    kind = a / 2u;

    /* H(A1), H(A2), the response (RFC 7616 §3.4.1 - §3.4.3) */
    dg_h3(kind, dg_str(cl->username), dg_val(buf, len, ch->realm), dg_str(cl->password), 3u,
          &ha1);
    if (a % 2u == 1u) {
        dg_h3(kind, dg_hextext(&ha1), dg_val(buf, len, ch->nonce), dg_str(cl->cnonce), 3u, &s);
        ha1 = s;
    }
    dg_ha2(kind, dg_str(cl->method), dg_str(cl->uri), qop == SIPR_DIGEST_QOP_AUTH_INT,
           dg_str(cl->body), &ha2);
    dg_nc8(cl->nc, nc);
    dg_kd(kind, &ha1, dg_val(buf, len, ch->nonce), dg_lit(nc, 8u), dg_str(cl->cnonce),
          dg_qop_text(qop), &ha2, qop != 0u, &resp);

    WLIT("Digest username=\"");
    if (ch->userhash_true) {
        dg_h3(kind, dg_str(cl->username), dg_val(buf, len, ch->realm), dg_str(cl->username), 2u,
              &uh);
        n = dg_whex(out, cap, n, &uh);
    } else {
        n = dg_wquoted(out, cap, n, cl->username);
    }
    WLIT("\", realm=\"");
    n = dg_wval(out, cap, n, buf, len, ch->realm);
    WLIT("\", nonce=\"");
    n = dg_wval(out, cap, n, buf, len, ch->nonce);
    WLIT("\", uri=\"");
    n = dg_wquoted(out, cap, n, cl->uri);
    WLIT("\", response=\"");
    n = dg_whex(out, cap, n, &resp);
    WLIT("\", algorithm=");
    {
        const dg_text name = dg_alg_text(a);
        n = dg_wlit(out, cap, n, name.s, name.len);
    }
    if (qop != 0u) {
        const dg_text q = dg_qop_text(qop);
        WLIT(", cnonce=\"");
        n = dg_wquoted(out, cap, n, cl->cnonce);
        WLIT("\", qop=");
        n = dg_wlit(out, cap, n, q.s, q.len);
        WLIT(", nc=");
        n = dg_wlit(out, cap, n, nc, 8u);
    }
    if (ch->opaque.present) {
        WLIT(", opaque=\"");
        n = dg_wval(out, cap, n, buf, len, ch->opaque);
        WLIT("\"");
    }
    if (ch->userhash_true)
        WLIT(", userhash=true");
    return dg_wend(out, cap, n, needed);
}

/*@ requires \valid_read(spec) && STR_OK(spec->realm) && STR_OK(spec->nonce) &&
             STR_OK(spec->opaque);
    requires OUT_OK(out, cap) && (needed == \null || \valid(needed));
    assigns out[0 .. cap - 1], *needed;
*/
sipr_status sipr_digest_build_challenge(const sipr_digest_challenge_spec *spec, char *out,
                                        size_t cap, size_t *needed)
{
    const uint32_t a = spec->alg;
    size_t n = 0;
    if (a >= (uint32_t)SIPR_DIGEST_UNKNOWN)
        return dg_wfail(out, cap, needed, SIPR_E_DIGEST_ALGORITHM);
    if ((spec->qop & ~(uint32_t)(SIPR_DIGEST_QOP_AUTH | SIPR_DIGEST_QOP_AUTH_INT)) != 0u)
        return dg_wfail(out, cap, needed, SIPR_E_DIGEST_QOP);
    if (!dg_quotable(dg_str(spec->realm)) || !dg_quotable(dg_str(spec->nonce)) ||
        !dg_quotable(dg_str(spec->opaque)))
        return dg_wfail(out, cap, needed, SIPR_E_ARG);
    WLIT("Digest realm=\"");
    n = dg_wquoted(out, cap, n, spec->realm);
    WLIT("\", nonce=\"");
    n = dg_wquoted(out, cap, n, spec->nonce);
    WLIT("\"");
    if (spec->opaque.len > 0u) {
        WLIT(", opaque=\"");
        n = dg_wquoted(out, cap, n, spec->opaque);
        WLIT("\"");
    }
    WLIT(", algorithm=");
    {
        const dg_text name = dg_alg_text(a);
        n = dg_wlit(out, cap, n, name.s, name.len);
    }
    if (spec->qop == (SIPR_DIGEST_QOP_AUTH | SIPR_DIGEST_QOP_AUTH_INT))
        WLIT(", qop=\"auth,auth-int\"");
    else if (spec->qop == SIPR_DIGEST_QOP_AUTH)
        WLIT(", qop=\"auth\"");
    else if (spec->qop == SIPR_DIGEST_QOP_AUTH_INT)
        WLIT(", qop=\"auth-int\"");
    if (spec->stale)
        WLIT(", stale=true");
    if (spec->userhash)
        WLIT(", userhash=true");
    return dg_wend(out, cap, n, needed);
}
