/* siprove: fuzz harness for sipr_multipart (multipart bodies, RFC 2046 §5.1).
 *
 * Drivers as in fuzz/fuzz_parse.c (fuzz/driver.h): AFL++ persistent mode,
 * libFuzzer (-fsanitize=fuzzer -DSIPR_LIBFUZZER), or a main that replays
 * files.
 *
 * Byte 0 of the input picks the mode:
 *   - top bit clear ("free"): bits 0-2 choose max_depth (8, 1, 2, 3, 4, 5,
 *     2, SIPR_MAX_PARTS), bits 3-6 the cap (64, 1, 2, 3, 4, 5, 6, 8, 12, 16,
 *     32, 256, 4096, SIPR_MAX_PARTS, 7; or, for 15, one bad argument: cap 0
 *     or SIPR_MAX_PARTS + 1, max_depth 0 or SIPR_MAX_PARTS + 1). The rest is
 *     the message's Content-Type value, a NUL, and the body (no NUL: all of it
 *     is the Content-Type and the body is empty); both are spans into one
 *     exactly-sized heap copy of the whole input (ASan sees a read past it);
 *   - top bit set ("generator"): the rest is a recipe from which the harness
 *     writes a well-formed multipart body (a random boundary of 1 to 70
 *     bchars, token or quoted; optional preamble, transport padding and
 *     epilogue; 1 to 4 parts per level, each without headers, with headers and
 *     a body, with headers and no empty line, empty, or itself multipart, down
 *     to depth 3; header names that only look like Content-Type; part bodies,
 *     preambles and epilogues filtered so that no line of theirs starts with
 *     '-', then maybe a decoy line that starts like a delimiter and is not
 *     one), and its Content-Type, and knows where every part is: sipr_multipart
 *     must return SIPR_OK and exactly those parts (bits 0-1 of byte 0 add
 *     slack to max_depth, bits 2-4 to the cap).
 *
 * Every call's result is checked against siprove.h; the harness abort()s
 * when one breaks:
 *   - on error: *n is 0, err_off <= len and, but for SIPR_E_ARG (err_off 0),
 *     inside the Content-Type or the body; the status is one of SIPR_E_ARG,
 *     SIPR_E_MEDIA_TYPE, SIPR_E_MULTIPART, SIPR_E_TOO_MANY_PARTS,
 *     SIPR_E_MULTIPART_DEPTH; SIPR_E_ARG exactly for bad arguments;
 *   - on SIPR_OK: 1 <= *n <= cap; each part's parent is SIPR_NONE (depth 1)
 *     or an earlier multipart part (depth its parent's + 1), depth <=
 *     max_depth, parents in non-decreasing order (breadth first); every
 *     non-empty span inside [0, len), inside the body, inside its parent's
 *     body; the content type inside the headers and trimmed, the boundary
 *     inside the content type; the header lines are "name: value" lines
 *     without control bytes but HTAB (and folds), at most one of them a
 *     Content-Type (RFC 2045 §1), and the content type is its trimmed value,
 *     empty when there is none;
 *   - RFC 2046 §5.1.1, checked by a small splitter of the harness's own (and a
 *     Content-Type reader of its own: the boundary parameter, unquoted): the
 *     children of the message body, and of every multipart part, are exactly
 *     the parts between its delimiters (a delimiter is "--" boundary at the
 *     start or after a CRLF, padding, CRLF; the close one "--" boundary "--",
 *     padding, CRLF or the end), the CRLF before a delimiter not in the part;
 *     a part's headers and body are where its first empty line puts them; a
 *     part's boundary is non-empty exactly when its content type's type is
 *     "multipart" (any case), and then it is the boundary parameter's value,
 *     1 to 70 bchars not ending with a space; a multipart part has children
 *     and a depth below max_depth;
 *   - determinism: a second call gives the same bytes;
 *   - the cap and max_depth are limits, nothing else: a success with n parts
 *     and depth d is the same with cap n and with max_depth d, and cap n - 1
 *     gives SIPR_E_TOO_MANY_PARTS, max_depth d - 1 SIPR_E_MULTIPART_DEPTH;
 *   - only the two spans count: the same Content-Type and body copied to
 *     other offsets of another buffer, between other bytes, give the same
 *     result, moved;
 *   - out-of-range spans (including ones whose end wraps around 32 bits) and
 *     len above SIPR_MAX_MSG_LEN give SIPR_E_ARG at 0;
 *   - the buffer is not written.
 * What siprove.h leaves open is not judged: a close delimiter before any
 * delimiter (no part, or preamble?); a delimiter line right after the last
 * one's CRLF (an empty part, or content?); which of two boundary parameters
 * counts; whether a part's "c:" line is its Content-Type.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "siprove.h"

#define FUZZ_NAME "fuzz_multipart"
#include "fail.h"

/* In generator mode, a failure prints the generated message first. */
static size_t g_dump; /* the generated body's offset while a generated input runs, else 0 */
static void dump_generated(size_t body_off);
#define GFAIL(...)                        \
    do {                                  \
        if (g_dump != 0)                  \
            dump_generated(g_dump);       \
        FAIL(__VA_ARGS__);                \
    } while (0)

/* ---- bytes ------------------------------------------------------------------------ */

static int is_wsp(unsigned char c) { return c == ' ' || c == '\t'; }
static int is_ws_crlf(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
/* RFC 3261 §25.1 token */
static int is_tok(unsigned char c) { return is_alnum(c) || (c != 0 && strchr("-.!%*_+`'~", c)); }
/* RFC 2046 §5.1.1 bchars */
static int is_bchar(unsigned char c)
{
    return is_alnum(c) || (c != 0 && strchr("'()+_,-./:=? ", c));
}
static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int ieq(const char *buf, size_t off, size_t len, const char *lit)
{
    size_t k, n = strlen(lit);
    if (len != n)
        return 0;
    for (k = 0; k < n; k++)
        if (lower((unsigned char)buf[off + k]) != (unsigned char)lit[k])
            return 0;
    return 1;
}
static int is_crlf(const char *buf, size_t at, size_t end)
{
    return at + 2 <= end && buf[at] == '\r' && buf[at + 1] == '\n';
}
static uint64_t s_end(sipr_span s) { return (uint64_t)s.off + s.len; }

/* ---- an independent reader of a Content-Type value -------------------------------- */

/* SWS of RFC 3261 (tolerant: any number of folds) */
static size_t skip_sws(const char *buf, size_t p, size_t e)
{
    for (;;) {
        while (p < e && is_wsp((unsigned char)buf[p]))
            p++;
        if (is_crlf(buf, p, e) && p + 2 < e && is_wsp((unsigned char)buf[p + 2])) {
            p += 3;
            continue;
        }
        return p;
    }
}

typedef struct {
    int ok;          /* type "/" subtype *(";" name ["=" value]), as far as this reader can tell */
    int multipart;   /* the type is "multipart" (any case) */
    int nb;          /* how many boundary parameters */
    int quoted;      /* the (last) boundary was a quoted-string */
    uint32_t b_off, b_len; /* its value, without the quotes */
} ctinfo;

/* Deliberately more lenient than RFC 3261 §20.15 (any number of folds,
   parameters without values, values that are runs of token characters, '[',
   ']' and ':', any bytes in a quoted-string): it is used only to find the
   type and the boundary of a value sipr_multipart took as a media type. A
   comma (a list of media ranges) is not a media type. */
static void read_ct(const char *buf, sipr_span v, ctinfo *ci)
{
    size_t p = v.off, e = (size_t)v.off + v.len, s;
    memset(ci, 0, sizeof *ci);
    p = skip_sws(buf, p, e);
    s = p;
    while (p < e && is_tok((unsigned char)buf[p]))
        p++;
    if (p == s)
        return;
    ci->multipart = ieq(buf, s, p - s, "multipart");
    p = skip_sws(buf, p, e);
    if (p >= e || buf[p] != '/')
        return;
    p = skip_sws(buf, p + 1, e);
    s = p;
    while (p < e && is_tok((unsigned char)buf[p]))
        p++;
    if (p == s)
        return;
    for (;;) {
        size_t ns, ne, vs, ve;
        int q = 0;
        p = skip_sws(buf, p, e);
        if (p == e)
            break;
        if (buf[p] != ';')
            return;
        p = skip_sws(buf, p + 1, e);
        ns = p;
        while (p < e && is_tok((unsigned char)buf[p]))
            p++;
        ne = p;
        if (ns == ne)
            return;
        p = skip_sws(buf, p, e);
        vs = ve = p;
        if (p < e && buf[p] == '=') {
            p = skip_sws(buf, p + 1, e);
            if (p < e && buf[p] == '"') {
                q = 1;
                vs = ++p;
                while (p < e && buf[p] != '"')
                    p += (buf[p] == '\\' && p + 1 < e) ? 2u : 1u;
                if (p >= e)
                    return;
                ve = p++;
            } else {
                vs = p;
                while (p < e && (is_tok((unsigned char)buf[p]) || buf[p] == '[' ||
                                 buf[p] == ']' || buf[p] == ':'))
                    p++;
                ve = p;
                if (vs == ve)
                    return;
            }
        }
        if (ieq(buf, ns, ne - ns, "boundary")) {
            ci->nb++;
            ci->quoted = q;
            ci->b_off = (uint32_t)vs;
            ci->b_len = (uint32_t)(ve - vs);
        }
    }
    ci->ok = 1;
}

/* 1 to 70 bchars, not ending with a space; unquoted, tokens only */
static int boundary_ok(const char *buf, uint32_t off, uint32_t len, int quoted)
{
    uint32_t k;
    if (len < 1 || len > 70 || buf[off + len - 1] == ' ')
        return 0;
    for (k = 0; k < len; k++)
        if (!is_bchar((unsigned char)buf[off + k]) ||
            (!quoted && !is_tok((unsigned char)buf[off + k])))
            return 0;
    return 1;
}

/* ---- an independent splitter (RFC 2046 §5.1.1) ------------------------------------ */

/* The delimiter line at q of the body [.., e): 0 none, 1 a delimiter, 2 the
   close delimiter; *next is where what follows it starts. */
static int delim_at(const char *buf, size_t q, size_t e, const char *bd, uint32_t bl, size_t *next)
{
    size_t p, r;
    if (q + 2u + bl > e || buf[q] != '-' || buf[q + 1] != '-' || memcmp(buf + q + 2, bd, bl) != 0)
        return 0;
    p = q + 2u + bl;
    if (p + 2 <= e && buf[p] == '-' && buf[p + 1] == '-') {
        r = p + 2;
        while (r < e && is_wsp((unsigned char)buf[r]))
            r++;
        if (r == e) {
            *next = e;
            return 2;
        }
        if (is_crlf(buf, r, e)) {
            *next = r + 2;
            return 2;
        }
        return 0;
    }
    r = p;
    while (r < e && is_wsp((unsigned char)buf[r]))
        r++;
    if (is_crlf(buf, r, e)) {
        *next = r + 2;
        return 1;
    }
    return 0;
}

/* A line's name up to its colon, header lines as RFC 3261 §7.3.1 has them. The
   headers span ends where the last line ends, without its CRLF. Checks the
   part's content type against its Content-Type line. */
static void check_header_lines(const char *buf, const sipr_part *pt, size_t i)
{
    size_t pos = pt->headers.off, he = (size_t)s_end(pt->headers);
    size_t vs = 0, ve = 0;
    int nct = 0, compact = 0;
    if (pt->headers.len == 0) {
        if (pt->content_type.len != 0)
            GFAIL("part %zu: a content type (off %u) without headers", i,
                  (unsigned)pt->content_type.off);
        return;
    }
    if (pt->headers.len >= 2 && is_crlf(buf, he - 2, he))
        GFAIL("part %zu: its headers (off %u, len %u) end with a CRLF", i,
              (unsigned)pt->headers.off, (unsigned)pt->headers.len);
    while (pos <= he) {
        size_t ls = pos, le = pos, j, k, x;
        while (le < he &&
               !(is_crlf(buf, le, he) && le + 2 < he && !is_wsp((unsigned char)buf[le + 2])))
            le++;
        for (j = ls; j < le && buf[j] > 0x20 && buf[j] < 0x7f && buf[j] != ':'; j++)
            ;
        for (k = j; k < le && is_wsp((unsigned char)buf[k]); k++)
            ;
        if (j == ls || k >= le || buf[k] != ':')
            GFAIL("part %zu: header line at %zu is not \"name: value\"", i, ls);
        for (x = j; x < le; x++) {
            const unsigned char c = (unsigned char)buf[x];
            if (is_crlf(buf, x, le) && x + 2 < le && is_wsp((unsigned char)buf[x + 2]))
                x++; /* a fold */
            else if ((c < 0x20 && c != '\t') || c == 0x7f)
                GFAIL("part %zu: control byte 0x%02x at %zu in a header line", i, c, x);
        }
        if (ieq(buf, ls, j - ls, "content-type")) {
            nct++;
            vs = k + 1;
            ve = le;
        } else if (ieq(buf, ls, j - ls, "c")) {
            compact = 1;
        }
        if (le >= he)
            break;
        pos = le + 2;
    }
    if (nct > 1) /* RFC 2045 §1: one Content-Type per entity */
        GFAIL("part %zu: %d Content-Type lines", i, nct);
    if (compact)
        return; /* "c" is SIP's compact form, not MIME's: not for this harness to say */
    if (nct == 0) {
        if (pt->content_type.len != 0)
            GFAIL("part %zu: content type at %u, and no Content-Type line", i,
                  (unsigned)pt->content_type.off);
        return;
    }
    while (vs < ve && is_ws_crlf((unsigned char)buf[vs]))
        vs++;
    while (ve > vs && is_ws_crlf((unsigned char)buf[ve - 1]))
        ve--;
    if (pt->content_type.off != vs || pt->content_type.len != ve - vs || vs == ve)
        GFAIL("part %zu: content type (off %u, len %u), its Content-Type line's value is "
              "(off %zu, len %zu)",
              i, (unsigned)pt->content_type.off, (unsigned)pt->content_type.len, vs, ve - vs);
}

/* The raw part [s, e) between two delimiters against the part's spans. */
static void check_raw(const char *buf, const sipr_part *pt, size_t i, size_t s, size_t e)
{
    size_t hs = s, he = s, bs = e, be = e, x;
    if (s == e) {
        he = s;
    } else if (is_crlf(buf, s, e)) {
        bs = s + 2; /* no headers */
    } else {
        for (x = s; x + 4 <= e; x++)
            if (memcmp(buf + x, "\r\n\r\n", 4) == 0)
                break;
        if (x + 4 <= e) {
            he = x;
            bs = x + 4;
        } else {
            he = (e - s >= 2 && is_crlf(buf, e - 2, e)) ? e - 2 : e;
        }
    }
    if (pt->headers.len != he - hs || (he != hs && pt->headers.off != hs))
        GFAIL("part %zu: headers (off %u, len %u), the part between its delimiters [%zu, %zu) "
              "has them at (off %zu, len %zu)",
              i, (unsigned)pt->headers.off, (unsigned)pt->headers.len, s, e, hs, he - hs);
    if (pt->body.len != be - bs || (be != bs && pt->body.off != bs))
        GFAIL("part %zu: body (off %u, len %u), the part between its delimiters [%zu, %zu) "
              "has it at (off %zu, len %zu)",
              i, (unsigned)pt->body.off, (unsigned)pt->body.len, s, e, bs, be - bs);
}

/* The children p[first .. first+count) of the multipart body c with the
   boundary bd[0 .. bl) are the parts between its delimiters. */
static void check_container(const char *buf, sipr_span c, const char *bd, uint32_t bl,
                            const sipr_part *p, size_t first, size_t count, const char *what)
{
    const size_t a = c.off, e = (size_t)s_end(c);
    size_t q, s, next = 0, k = 0;
    int kind = 0;
    for (q = a; q < e; q++)
        if ((q == a || (q >= a + 2 && buf[q - 2] == '\r' && buf[q - 1] == '\n')) &&
            (kind = delim_at(buf, q, e, bd, bl, &next)) != 0)
            break;
    if (kind == 0)
        GFAIL("%s: accepted, and there is no delimiter in [%zu, %zu)", what, a, e);
    if (kind == 2)
        return; /* a close delimiter first: read as no part or as preamble, not said */
    s = next;
    for (;;) {
        size_t ps = s;
        if (delim_at(buf, s, e, bd, bl, &next) != 0)
            return; /* a delimiter line right after the last one's CRLF: ambiguous */
        kind = 0;
        for (q = s + 2; q <= e; q++)
            if (buf[q - 2] == '\r' && buf[q - 1] == '\n' &&
                (kind = delim_at(buf, q, e, bd, bl, &next)) != 0)
                break;
        if (kind == 0)
            GFAIL("%s: accepted, and there is no close delimiter after %zu", what, ps);
        if (k >= count)
            GFAIL("%s: %zu parts, the body has more (one at %zu)", what, count, ps);
        check_raw(buf, &p[first + k], first + k, ps, q - 2);
        k++;
        if (kind == 2)
            break;
        s = next;
    }
    if (k != count)
        GFAIL("%s: %zu parts, the body has %zu", what, count, k);
}

/* ---- one result ------------------------------------------------------------------- */

static int inside(sipr_span s, uint64_t lo, uint64_t hi)
{
    return s.len == 0 || (s.off >= lo && s_end(s) <= hi);
}

static void check_ok(const char *buf, size_t len, sipr_span body, sipr_span ct, const sipr_part *p,
                     size_t n, size_t cap, unsigned maxd)
{
    size_t i, ntop = 0;
    ctinfo ci;
    if (n == 0 || n > cap)
        GFAIL("SIPR_OK with %zu parts, cap %zu", n, cap);
    for (i = 0; i < n; i++) {
        const sipr_part *q = &p[i];
        uint64_t lo = body.off, hi = s_end(body);
        if (q->depth == 0 || q->depth > maxd)
            GFAIL("part %zu: depth %u, max_depth %u", i, q->depth, maxd);
        if (q->parent == SIPR_NONE) {
            if (q->depth != 1)
                GFAIL("part %zu: no parent, depth %u", i, q->depth);
            if (i != ntop)
                GFAIL("part %zu: a part of the message body after a nested one", i);
            ntop++;
        } else {
            if (q->parent >= i)
                GFAIL("part %zu: parent %u", i, q->parent);
            if (i > 0 && p[i - 1].parent != SIPR_NONE && p[i - 1].parent > q->parent)
                GFAIL("part %zu: parent %u after part %zu's %u (not breadth first)", i, q->parent,
                      i - 1, p[i - 1].parent);
            if (q->depth != p[q->parent].depth + 1u)
                GFAIL("part %zu: depth %u, its parent %u's %u", i, q->depth, q->parent,
                      p[q->parent].depth);
            if (p[q->parent].boundary.len == 0)
                GFAIL("part %zu: its parent %u is not multipart", i, q->parent);
            lo = p[q->parent].body.off;
            hi = s_end(p[q->parent].body);
        }
        if (!inside(q->headers, 0, len) || !inside(q->body, 0, len) ||
            !inside(q->content_type, 0, len) || !inside(q->boundary, 0, len))
            GFAIL("part %zu: a span outside [0, %zu)", i, len);
        if (!inside(q->headers, lo, hi) || !inside(q->body, lo, hi))
            GFAIL("part %zu: headers (%u, %u) or body (%u, %u) outside its container [%llu, %llu)",
                  i, (unsigned)q->headers.off, (unsigned)q->headers.len, (unsigned)q->body.off,
                  (unsigned)q->body.len, (unsigned long long)lo, (unsigned long long)hi);
        if (q->content_type.len != 0 &&
            (q->headers.len == 0 || !inside(q->content_type, q->headers.off, s_end(q->headers))))
            GFAIL("part %zu: content type (%u, %u) outside its headers (%u, %u)", i,
                  (unsigned)q->content_type.off, (unsigned)q->content_type.len,
                  (unsigned)q->headers.off, (unsigned)q->headers.len);
        if (q->boundary.len != 0 &&
            (q->content_type.len == 0 ||
             !inside(q->boundary, q->content_type.off, s_end(q->content_type))))
            GFAIL("part %zu: boundary (%u, %u) outside its content type", i,
                  (unsigned)q->boundary.off, (unsigned)q->boundary.len);
        if (q->headers.len != 0 && q->body.len != 0 && q->body.off != s_end(q->headers) + 4u)
            GFAIL("part %zu: body at %u, headers end at %llu", i, (unsigned)q->body.off,
                  (unsigned long long)s_end(q->headers));
        if (q->content_type.len != 0 &&
            (is_ws_crlf((unsigned char)buf[q->content_type.off]) ||
             is_ws_crlf((unsigned char)buf[s_end(q->content_type) - 1])))
            GFAIL("part %zu: content type not trimmed", i);
        check_header_lines(buf, q, i);
        if (q->content_type.len == 0) {
            if (q->boundary.len != 0)
                GFAIL("part %zu: a boundary and no content type", i);
            continue;
        }
        read_ct(buf, q->content_type, &ci);
        if (!ci.ok)
            GFAIL("part %zu: content type \"%.*s\" is not a media type", i,
                  (int)q->content_type.len, buf + q->content_type.off);
        if (!ci.multipart && q->boundary.len != 0)
            GFAIL("part %zu: content type \"%.*s\" is not multipart, boundary (%u, %u)", i,
                  (int)q->content_type.len, buf + q->content_type.off, (unsigned)q->boundary.off,
                  (unsigned)q->boundary.len);
        if (ci.multipart) {
            if (q->boundary.len == 0)
                GFAIL("part %zu: content type \"%.*s\" is multipart, no boundary", i,
                      (int)q->content_type.len, buf + q->content_type.off);
            if (q->depth >= maxd)
                GFAIL("part %zu: multipart at depth %u, max_depth %u", i, q->depth, maxd);
            if (ci.nb == 1 && (q->boundary.off != ci.b_off || q->boundary.len != ci.b_len ||
                               !boundary_ok(buf, ci.b_off, ci.b_len, ci.quoted)))
                GFAIL("part %zu: boundary (%u, %u), the content type's parameter is (%u, %u)%s", i,
                      (unsigned)q->boundary.off, (unsigned)q->boundary.len, (unsigned)ci.b_off,
                      (unsigned)ci.b_len,
                      boundary_ok(buf, ci.b_off, ci.b_len, ci.quoted) ? "" : ", not a boundary");
        }
    }
    /* the message body */
    read_ct(buf, ct, &ci);
    if (!ci.ok || !ci.multipart || ci.nb == 0)
        GFAIL("SIPR_OK, and \"%.*s\" is not a multipart type with a boundary", (int)ct.len,
              buf + ct.off);
    if (ci.nb == 1) {
        if (!boundary_ok(buf, ci.b_off, ci.b_len, ci.quoted))
            GFAIL("SIPR_OK, and the boundary \"%.*s\" is not 1 to 70 bchars", (int)ci.b_len,
                  buf + ci.b_off);
        check_container(buf, body, buf + ci.b_off, ci.b_len, p, 0, ntop, "message body");
    }
    /* every multipart part: its children follow, in a block */
    {
        size_t c = ntop;
        for (i = 0; i < n; i++) {
            size_t first = c;
            char what[48];
            while (c < n && p[c].parent == i)
                c++;
            if (p[i].boundary.len == 0) {
                if (c != first)
                    GFAIL("part %zu: %zu children, not multipart", i, c - first);
                continue;
            }
            if (c == first)
                GFAIL("part %zu: multipart, no children", i);
            snprintf(what, sizeof what, "part %zu", i);
            check_container(buf, p[i].body, buf + p[i].boundary.off, p[i].boundary.len, p, first,
                            c - first, what);
        }
        if (c != n)
            GFAIL("part %zu: parent %u out of order", c, p[c].parent);
    }
}

/* ---- calls ---------------------------------------------------------------------------- */

typedef struct {
    sipr_status st;
    size_t n, err_off;
    sipr_part *parts; /* exactly cap entries (ASan sees a write past them) */
    size_t cap;
} result;

static void result_free(result *r)
{
    free(r->parts);
    r->parts = NULL;
}

static int args_bad(size_t len, sipr_span body, sipr_span ct, size_t cap, unsigned maxd)
{
    return len > SIPR_MAX_MSG_LEN || s_end(body) > len || s_end(ct) > len || cap == 0 ||
           cap > SIPR_MAX_PARTS || maxd == 0 || maxd > SIPR_MAX_PARTS;
}

/* One call and every check of its result alone. */
static void call(const char *buf, size_t len, sipr_span body, sipr_span ct, size_t cap,
                 unsigned maxd, result *r)
{
    const size_t alloc = cap == 0 ? 1 : cap > SIPR_MAX_PARTS ? SIPR_MAX_PARTS : cap;
    /* a pattern in every entry a result can use (a part takes at least a byte
       of the body), so that a field left unset shows */
    const size_t fill = alloc < len + 1u ? alloc : len + 1u;
    r->cap = cap;
    r->parts = (sipr_part *)malloc(alloc * sizeof(sipr_part));
    if (r->parts == NULL)
        abort();
    memset(r->parts, 0xA5, fill * sizeof(sipr_part));
    r->n = 0x5A5A5A5Au;
    r->err_off = 0x5A5A5A5Au;
    r->st = sipr_multipart(buf, len, body, ct, r->parts, cap, maxd, &r->n, &r->err_off);
    if (r->st == SIPR_OK) {
        check_ok(buf, len, body, ct, r->parts, r->n, cap, maxd);
        return;
    }
    if (r->st != SIPR_E_ARG && r->st != SIPR_E_MEDIA_TYPE && r->st != SIPR_E_MULTIPART &&
        r->st != SIPR_E_TOO_MANY_PARTS && r->st != SIPR_E_MULTIPART_DEPTH)
        GFAIL("status %d (%s)", (int)r->st,
              (unsigned)r->st < SIPR_STATUS__COUNT ? sipr_strerror(r->st) : "not a sipr_status");
    if (r->n != 0)
        GFAIL("%s with *n %zu", sipr_strerror(r->st), r->n);
    if (r->err_off > len)
        GFAIL("%s at %zu, len %zu", sipr_strerror(r->st), r->err_off, len);
    if (args_bad(len, body, ct, cap, maxd)) {
        if (r->st != SIPR_E_ARG || r->err_off != 0)
            GFAIL("bad arguments (len %zu, body (%u, %u), content type (%u, %u), cap %zu, "
                  "max_depth %u): %s at %zu, SIPR_E_ARG at 0 expected",
                  len, (unsigned)body.off, (unsigned)body.len, (unsigned)ct.off, (unsigned)ct.len,
                  cap, maxd, sipr_strerror(r->st), r->err_off);
        return;
    }
    if (r->st == SIPR_E_ARG) {
        if (body.len != 0 && ct.len != 0)
            GFAIL("SIPR_E_ARG for good arguments (body (%u, %u), content type (%u, %u), cap %zu, "
                  "max_depth %u)",
                  (unsigned)body.off, (unsigned)body.len, (unsigned)ct.off, (unsigned)ct.len, cap,
                  maxd);
        return;
    }
    if (!(r->err_off >= ct.off && r->err_off <= s_end(ct)) &&
        !(r->err_off >= body.off && r->err_off <= s_end(body)))
        GFAIL("%s at %zu: neither in the content type [%u, %llu] nor in the body [%u, %llu]",
              sipr_strerror(r->st), r->err_off, (unsigned)ct.off,
              (unsigned long long)s_end(ct), (unsigned)body.off, (unsigned long long)s_end(body));
    if (r->st == SIPR_E_TOO_MANY_PARTS && !(r->err_off >= body.off && r->err_off <= s_end(body)))
        GFAIL("SIPR_E_TOO_MANY_PARTS at %zu, outside the body", r->err_off);
}

static void same_span(sipr_span a, sipr_span b, int64_t d, size_t i, const char *what,
                      const char *how)
{
    if (a.len != b.len || (a.len != 0 && (int64_t)a.off != (int64_t)b.off + d))
        GFAIL("%s: part %zu: %s (off %u, len %u), expected (off %lld, len %u)", how, i, what,
              (unsigned)a.off, (unsigned)a.len, (long long)b.off + (long long)d, (unsigned)b.len);
}

/* a is b with its part spans moved by d (both SIPR_OK) */
static void same_parts(const sipr_part *a, size_t na, const sipr_part *b, size_t nb, int64_t d,
                       const char *how)
{
    size_t i;
    if (na != nb)
        GFAIL("%s: %zu parts, expected %zu", how, na, nb);
    for (i = 0; i < na; i++) {
        same_span(a[i].headers, b[i].headers, d, i, "headers", how);
        same_span(a[i].body, b[i].body, d, i, "body", how);
        same_span(a[i].content_type, b[i].content_type, d, i, "content type", how);
        same_span(a[i].boundary, b[i].boundary, d, i, "boundary", how);
        if (a[i].parent != b[i].parent || a[i].depth != b[i].depth)
            GFAIL("%s: part %zu: parent %u depth %u, expected %u %u", how, i, a[i].parent,
                  a[i].depth, b[i].parent, b[i].depth);
    }
}

static void same_result(const result *a, const result *b, const char *how)
{
    if (a->st != b->st)
        GFAIL("%s: %s, expected %s", how, sipr_strerror(a->st), sipr_strerror(b->st));
    if (a->st == SIPR_OK)
        same_parts(a->parts, a->n, b->parts, b->n, 0, how);
    else if (a->err_off != b->err_off)
        GFAIL("%s: %s at %zu, expected at %zu", how, sipr_strerror(a->st), a->err_off, b->err_off);
}

/* ---- the relations between calls -------------------------------------------------- */

static result g_main;

/* The same Content-Type and body at other offsets of another buffer, between
   bytes that would change the result if they were read. */
static void relocated(const char *buf, sipr_span body, sipr_span ct, size_t cap, unsigned maxd)
{
    static const char pre[] = "\r\n--", mid[] = "-\r\nx--\r\n;boundary=zz ";
    static const char post[] = ";boundary=q,\r\n";
    const size_t lp = sizeof pre - 1, lm = sizeof mid - 1, lq = sizeof post - 1;
    const size_t len = lp + body.len + lm + ct.len + lq;
    char *b2 = (char *)malloc(len);
    sipr_span body2, ct2;
    int64_t db, dc;
    result r = {0};
    if (b2 == NULL)
        abort();
    memcpy(b2, pre, lp);
    memcpy(b2 + lp, buf + body.off, body.len);
    memcpy(b2 + lp + body.len, mid, lm);
    memcpy(b2 + lp + body.len + lm, buf + ct.off, ct.len);
    memcpy(b2 + lp + body.len + lm + ct.len, post, lq);
    body2.off = (uint32_t)lp;
    body2.len = body.len;
    ct2.off = (uint32_t)(lp + body.len + lm);
    ct2.len = ct.len;
    db = (int64_t)body2.off - (int64_t)body.off;
    dc = (int64_t)ct2.off - (int64_t)ct.off;
    call(b2, len, body2, ct2, cap, maxd, &r);
    if (r.st != g_main.st)
        GFAIL("moved to other offsets: %s at %zu, in place %s at %zu", sipr_strerror(r.st),
              r.err_off, sipr_strerror(g_main.st), g_main.err_off);
    if (r.st == SIPR_OK) {
        same_parts(r.parts, r.n, g_main.parts, g_main.n, db, "moved to other offsets");
    } else if (r.st != SIPR_E_ARG) {
        /* an offset where the content type ends and an empty body starts may be either's */
        const int in_ct = g_main.err_off >= ct.off && g_main.err_off <= s_end(ct);
        const int in_body = g_main.err_off >= body.off && g_main.err_off <= s_end(body);
        const int64_t e = (int64_t)g_main.err_off, got = (int64_t)r.err_off;
        if (!((in_ct && got == e + dc) || (in_body && got == e + db)))
            GFAIL("moved to other offsets: %s at %zu, expected at %lld", sipr_strerror(r.st),
                  r.err_off, (long long)(e + (in_ct ? dc : db)));
    }
    result_free(&r);
    free(b2);
}

/* Spans and lengths out of range: SIPR_E_ARG at 0 (call() checks it). */
static void bad_args(const char *buf, size_t len, sipr_span body, sipr_span ct)
{
    result r = {0};
    sipr_span wrap = {0xFFFFFFFFu, 2}, past;
    past.off = (uint32_t)len;
    past.len = 1;
    call(buf, len, wrap, ct, 8, 8, &r);
    result_free(&r);
    call(buf, len, body, past, 8, 8, &r);
    result_free(&r);
    wrap.off = (uint32_t)len;
    wrap.len = 0xFFFFFFFFu;
    call(buf, len, body, wrap, 8, 8, &r);
    result_free(&r);
    /* buf is shorter than that: the call may not read it at all */
    call(buf, (size_t)SIPR_MAX_MSG_LEN + 1u, body, ct, 8, 8, &r);
    result_free(&r);
}

static unsigned max_depth_of(const result *r)
{
    unsigned d = 0;
    size_t i;
    for (i = 0; i < r->n; i++)
        if (r->parts[i].depth > d)
            d = r->parts[i].depth;
    return d;
}

/* Every check of one (buf, body, ct, cap, max_depth); the main result stays in g_main. */
static void run(const char *buf, size_t len, sipr_span body, sipr_span ct, size_t cap,
                unsigned maxd)
{
    result r = {0};
    call(buf, len, body, ct, cap, maxd, &g_main);
    if (g_main.st == SIPR_E_ARG)
        return;
    call(buf, len, body, ct, cap, maxd, &r);
    same_result(&r, &g_main, "called again");
    if (g_main.st == SIPR_OK &&
        memcmp(r.parts, g_main.parts, g_main.n * sizeof(sipr_part)) != 0)
        GFAIL("called again: other bytes in the parts");
    result_free(&r);
    relocated(buf, body, ct, cap, maxd);
    if (g_main.st == SIPR_OK) {
        const size_t n = g_main.n;
        const unsigned d = max_depth_of(&g_main);
        if (cap != n) {
            call(buf, len, body, ct, n, maxd, &r);
            same_result(&r, &g_main, "cap = the number of parts");
            result_free(&r);
        }
        if (n > 1) {
            call(buf, len, body, ct, n - 1, maxd, &r);
            if (r.st != SIPR_E_TOO_MANY_PARTS)
                GFAIL("cap %zu, one below the %zu parts: %s, SIPR_E_TOO_MANY_PARTS expected",
                      n - 1, n, sipr_strerror(r.st));
            result_free(&r);
        }
        if (maxd != d) {
            call(buf, len, body, ct, cap, d, &r);
            same_result(&r, &g_main, "max_depth = the depth of the deepest part");
            result_free(&r);
            call(buf, len, body, ct, n, d, &r);
            same_result(&r, &g_main, "cap and max_depth both tight");
            result_free(&r);
        }
        if (d > 1) {
            call(buf, len, body, ct, cap, d - 1, &r);
            if (r.st != SIPR_E_MULTIPART_DEPTH)
                GFAIL("max_depth %u, one below the deepest part: %s, SIPR_E_MULTIPART_DEPTH "
                      "expected",
                      d - 1, sipr_strerror(r.st));
            result_free(&r);
        }
    }
}

/* ---- the generator ---------------------------------------------------------------- */

#define GEN_MAX_NODES 16
#define GEN_MAX_DEPTH 3
#define GEN_CAP (1u << 16)

typedef struct {
    const uint8_t *p;
    size_t n, i;
} recipe;

static unsigned take(recipe *r) { return r->i < r->n ? r->p[r->i++] : 0u; }

typedef struct {
    sipr_part want; /* parent: the node's parent node, not yet the part index */
    int parent;     /* node index or -1 */
} gnode;

static char g_gen[GEN_CAP];
static size_t g_glen;
static gnode g_nodes[GEN_MAX_NODES];
static int g_nn;
static sipr_part g_want[GEN_MAX_NODES];
static size_t g_nwant;
static unsigned g_gdepth;

static void put(const char *s, size_t n)
{
    if (g_glen + n > GEN_CAP)
        GFAIL("generator: out of room (a bug of the harness)");
    memcpy(g_gen + g_glen, s, n);
    g_glen += n;
}
static void puts_(const char *s) { put(s, strlen(s)); }
static void putc_(char c) { put(&c, 1); }

/* A line that starts like a delimiter of the body with boundary b but is
   not one (RFC 2046 §5.1.1: it is content): "--" b and a byte that is not
   padding, "-" or CR; "--" b with a letter other than the first in the
   other case (boundaries are compared as they are); "--" b "--" and a byte;
   "--" b, padding and a byte; "--" b and a CR without LF; "-" b. None
   starts with "--" and the boundary of an enclosing body: their first
   bytes differ (make_boundary), and "-" b is not used when b starts with '-'. */
static void put_decoy(unsigned kind, const char *b, size_t bl)
{
    size_t k = bl;
    if (kind == 1) {
        for (k = bl - 1; k > 0; k--)
            if ((b[k] >= 'a' && b[k] <= 'z') || (b[k] >= 'A' && b[k] <= 'Z'))
                break;
        if (k == 0)
            kind = 0;
    }
    if (kind == 5 && b[0] == '-')
        kind = 0;
    puts_(kind == 5 ? "\r\n-" : "\r\n--");
    put(b, bl);
    switch (kind) {
    case 0: putc_('x'); break;
    case 1: g_gen[g_glen - bl + k] = (char)(b[k] ^ 0x20); break;
    case 2: puts_("--x"); break;
    case 3: puts_(" \tx"); break;
    case 4: puts_("\rx"); break;
    default: break;
    }
}

/* n bytes of the recipe as content of the body with boundary b: no line of
   them starts with '-' (so none is a delimiter of any level), and the first
   byte is not '-' either (it follows a CRLF or starts the body); then,
   depending on the recipe, a decoy line */
static void put_content(recipe *r, size_t n, const char *b, size_t bl)
{
    size_t k;
    unsigned d;
    for (k = 0; k < n; k++) {
        char c = (char)take(r);
        if (c == '-' && (k == 0 || g_gen[g_glen - 1] == '\n'))
            c = '_';
        putc_(c);
    }
    d = take(r);
    if (d & 0x80u)
        put_decoy(d % 6u, b, bl);
}

/* a header value: 1 to 16 visible bytes */
static void put_value(recipe *r)
{
    unsigned k, n = 1u + take(r) % 16u;
    for (k = 0; k < n; k++)
        putc_((char)(0x21 + take(r) % 94u));
}

static void put_pad(recipe *r)
{
    unsigned k, n = take(r) % 4u;
    for (k = 0; k < n; k++)
        putc_((k & 1u) ? '\t' : ' ');
}

static const char BCHARS[] = "0123456789abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

/* a boundary of 1 to 70 bchars whose first differs from the ancestors' (so no
   delimiter of one level starts like one of another) */
static size_t make_boundary(recipe *r, char *b, const char *firsts, size_t nf)
{
    const size_t nb = sizeof BCHARS - 1;
    size_t k, len = 1u + take(r) % 70u;
    for (k = 0; k < len; k++)
        b[k] = BCHARS[take(r) % nb];
    if (b[len - 1] == ' ')
        b[len - 1] = 'z';
    for (;;) {
        size_t j;
        for (j = 0; j < nf; j++)
            if (firsts[j] == b[0])
                break;
        if (j == nf && (len > 1 || b[0] != ' '))
            break;
        b[0] = BCHARS[((size_t)(strchr(BCHARS, b[0]) - BCHARS) + 1u) % nb];
    }
    return len;
}

/* a multipart Content-Type value with boundary b; sets *ct and *bs */
static void put_mp_type(recipe *r, const char *b, size_t bl, sipr_span *ct, sipr_span *bs)
{
    static const char *const types[] = {"multipart", "Multipart", "MULTIPART", "mUlTiPaRt"};
    static const char *const subs[] = {"mixed", "alternative", "related", "signed", "MIXED", "x-y"};
    static const char *const before[] = {"", ";type=\"application/sdp\"", " ; start=\"<a@b>\"",
                                         ";charset=utf-8"};
    static const char *const names[] = {"boundary", "BOUNDARY", "Boundary", "boundary"};
    static const char *const after[] = {"", ";x=y", " ;q=\"a;boundary=nope\"", ";v=\"[::1]\""};
    const unsigned f = take(r);
    size_t k;
    int quote = (f & 0x40u) != 0;
    for (k = 0; k < bl; k++)
        if (!is_tok((unsigned char)b[k]))
            quote = 1;
    ct->off = (uint32_t)g_glen;
    puts_(types[f & 3u]);
    putc_('/');
    puts_(subs[(f >> 2) % 6u]);
    puts_(before[(f >> 4) & 3u]);
    puts_((f & 0x80u) ? " ;\t" : ";");
    puts_(names[take(r) & 3u]);
    putc_('=');
    if (quote)
        putc_('"');
    bs->off = (uint32_t)g_glen;
    bs->len = (uint32_t)bl;
    put(b, bl);
    if (quote)
        putc_('"');
    puts_(after[take(r) & 3u]);
    ct->len = (uint32_t)(g_glen - ct->off);
}

static void put_header_line(recipe *r)
{
    static const char *const names[] = {"Content-ID", "Content-Disposition", "X-Note",
                                        "Content-Transfer-Encoding", "content-description",
                                        "Content-Language", "Content-Typed", "Content-Type-X"};
    const unsigned f = take(r);
    puts_(names[f % 8u]);
    puts_((f & 0x40u) ? " :\t" : ": ");
    put_value(r);
    if (f & 0x80u) { /* folded */
        puts_("\r\n ");
        put_value(r);
    }
}

/* "Content-Type:" and a value that is not multipart (or is, when mp) */
static void put_ct_line(recipe *r, int mp, const char *b, size_t bl, gnode *g)
{
    static const char *const names[] = {"Content-Type", "content-type", "CONTENT-TYPE",
                                        "Content-type"};
    static const char *const plain[] = {"text/plain",
                                        "application/sdp",
                                        "application/pidf+xml;charset=\"UTF-8\"",
                                        "message/sipfrag;version=2.0",
                                        "TEXT/PLAIN ; charset=us-ascii",
                                        "application/octet-stream",
                                        "multipartx/mixed;boundary=a",
                                        "application/multipart",
                                        "multi/part;boundary=b"};
    const unsigned f = take(r);
    unsigned k;
    puts_(names[f & 3u]);
    putc_(':');
    for (k = 0; k < ((f >> 2) & 3u); k++)
        putc_((k & 1u) ? '\t' : ' ');
    if (mp) {
        put_mp_type(r, b, bl, &g->want.content_type, &g->want.boundary);
    } else {
        const char *v = plain[take(r) % 9u];
        g->want.content_type.off = (uint32_t)g_glen;
        g->want.content_type.len = (uint32_t)strlen(v);
        puts_(v);
    }
    if (f & 0x10u)
        putc_(' '); /* trailing white space, not in the content type */
}

static void gen_container(recipe *r, int parent, unsigned depth, const char *b, size_t bl,
                          const char *firsts, size_t nf);

/* one part of the body with boundary cb: header lines as the recipe says,
   then its content */
static void gen_part(recipe *r, int self, unsigned depth, const char *cb, size_t cbl,
                     const char *firsts, size_t nf)
{
    gnode *g = &g_nodes[self];
    const unsigned f = take(r);
    unsigned kind = f & 3u, nh = (f >> 2) & 3u, k, ctpos, total;
    int with_ct = (f & 0x10u) != 0, mp = 0;
    char nb[72], nfirsts[GEN_MAX_DEPTH + 1];
    size_t nbl = 0, hs;
    if (kind == 3 && depth < GEN_MAX_DEPTH && g_nn < GEN_MAX_NODES)
        mp = 1;
    else if (kind == 3)
        kind = 1;
    if (mp) {
        memcpy(nfirsts, firsts, nf);
        nbl = make_boundary(r, nb, firsts, nf);
        nfirsts[nf] = nb[0];
        with_ct = 1;
    }
    if (kind == 0) { /* no headers: CRLF, then the body; or nothing at all */
        if (f & 0x20u)
            return;
        puts_("\r\n");
        g->want.body.off = (uint32_t)g_glen;
        put_content(r, take(r) % 48u, cb, cbl);
        g->want.body.len = (uint32_t)(g_glen - g->want.body.off);
        return;
    }
    total = nh + (with_ct ? 1u : 0u);
    if (total == 0)
        total = 1;
    ctpos = with_ct ? take(r) % total : total;
    hs = g_glen;
    for (k = 0; k < total; k++) {
        if (k == ctpos)
            put_ct_line(r, mp, nb, nbl, g);
        else
            put_header_line(r);
        if (k + 1u < total)
            puts_("\r\n");
    }
    g->want.headers.off = (uint32_t)hs;
    g->want.headers.len = (uint32_t)(g_glen - hs);
    if (kind == 2 && !mp)
        return; /* no empty line, no body */
    puts_("\r\n\r\n");
    g->want.body.off = (uint32_t)g_glen;
    if (mp)
        gen_container(r, self, depth + 1u, nb, nbl, nfirsts, nf + 1u);
    else
        put_content(r, take(r) % 64u, cb, cbl);
    g->want.body.len = (uint32_t)(g_glen - g->want.body.off);
}

/* a multipart body with boundary b: [preamble CRLF] delimiter part
   *(delimiter part) close-delimiter [CRLF [epilogue]] */
static void gen_container(recipe *r, int parent, unsigned depth, const char *b, size_t bl,
                          const char *firsts, size_t nf)
{
    const unsigned f = take(r);
    unsigned k, nparts = 1u + take(r) % 4u;
    if (depth > g_gdepth)
        g_gdepth = depth;
    if (f & 1u) {
        put_content(r, take(r) % 32u, b, bl);
        puts_("\r\n");
    }
    for (k = 0; k < nparts && g_nn < GEN_MAX_NODES; k++) {
        int self = g_nn++;
        memset(&g_nodes[self], 0, sizeof g_nodes[self]);
        g_nodes[self].parent = parent;
        g_nodes[self].want.depth = (uint16_t)depth;
        if (k > 0)
            puts_("\r\n");
        puts_("--");
        put(b, bl);
        put_pad(r);
        puts_("\r\n");
        gen_part(r, self, depth, b, bl, firsts, nf);
    }
    puts_("\r\n--");
    put(b, bl);
    puts_("--");
    if (f & 2u)
        put_pad(r);
    if (f & 4u) {
        puts_("\r\n");
        if (f & 8u)
            put_content(r, take(r) % 32u, b, bl);
    }
}

/* the nodes in the order sipr_multipart gives them: breadth first */
static void flatten(void)
{
    int order[GEN_MAX_NODES], index_of[GEN_MAX_NODES];
    int k, j, c = 0;
    for (j = 0; j < g_nn; j++)
        if (g_nodes[j].parent < 0)
            order[c++] = j;
    for (k = 0; k < c; k++)
        for (j = 0; j < g_nn; j++)
            if (g_nodes[j].parent == order[k])
                order[c++] = j;
    if (c != g_nn)
        GFAIL("generator: %d of %d nodes ordered (a bug of the harness)", c, g_nn);
    for (k = 0; k < c; k++)
        index_of[order[k]] = k;
    for (k = 0; k < c; k++) {
        const gnode *g = &g_nodes[order[k]];
        g_want[k] = g->want;
        g_want[k].parent = g->parent < 0 ? (uint16_t)SIPR_NONE : (uint16_t)index_of[g->parent];
    }
    g_nwant = (size_t)c;
}

/* the generated message, C-escaped, for whoever reads a failure */
static void dump_generated(size_t body_off)
{
    size_t k;
    fprintf(stderr, "%s: generated (%zu bytes, the body from %zu):\n\"", FUZZ_NAME, g_glen,
            body_off);
    for (k = 0; k < g_glen; k++) {
        unsigned char c = (unsigned char)g_gen[k];
        if (c == '\r')
            fputs("\\r", stderr);
        else if (c == '\n')
            fputs("\\n\"\n\"", stderr);
        else if (c == '"' || c == '\\')
            fprintf(stderr, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(stderr, "\\x%02x\"\"", c);
        else
            fputc(c, stderr);
    }
    fputs("\"\n", stderr);
}

static void generated(const uint8_t *data, size_t size)
{
    recipe r;
    char b[72], *buf;
    size_t bl, len, cap;
    sipr_span ct, bs, body;
    unsigned maxd;
    r.p = data + 1;
    r.n = size - 1;
    r.i = 0;
    g_glen = 0;
    g_nn = 0;
    g_gdepth = 0;
    puts_("Content-Type: ");
    bl = make_boundary(&r, b, NULL, 0);
    put_mp_type(&r, b, bl, &ct, &bs);
    puts_("\r\nContent-Length: 0\r\n\r\n");
    body.off = (uint32_t)g_glen;
    gen_container(&r, -1, 1, b, bl, b, 1);
    body.len = (uint32_t)(g_glen - body.off);
    puts_("\r\n"); /* bytes after the body, not in it */
    flatten();
    len = g_glen;
    buf = exact_copy(g_gen, len);
    if (buf == NULL)
        return;
    cap = g_nwant + ((data[0] >> 2) & 7u);
    maxd = g_gdepth + (data[0] & 3u);
    g_dump = body.off;
    run(buf, len, body, ct, cap, maxd);
    if (g_main.st != SIPR_OK)
        GFAIL("generated body (%zu parts, boundary \"%.*s\"): %s at %zu, SIPR_OK expected",
              g_nwant, (int)bl, b, sipr_strerror(g_main.st), g_main.err_off);
    same_parts(g_main.parts, g_main.n, g_want, g_nwant, 0, "generated body");
    g_dump = 0;
    if (memcmp(buf, g_gen, len) != 0)
        GFAIL("the buffer was written");
    free(buf);
}

/* ---- one input ------------------------------------------------------------------------- */

static const unsigned DEPTHS[8] = {8, 1, 2, 3, 4, 5, 2, SIPR_MAX_PARTS};
static const size_t CAPS[16] = {64, 1, 2, 3, 4, 5, 6, 8, 12, 16, 32, 256, 4096, SIPR_MAX_PARTS, 7,
                                0 /* bad arguments */};

/* cap and max_depth from byte 0 (free mode) */
static void limits(uint8_t b, size_t *cap, unsigned *maxd)
{
    *cap = CAPS[(b >> 3) & 15u];
    *maxd = DEPTHS[b & 7u];
    if (*cap != 0)
        return;
    switch (b & 3u) { /* one bad argument */
    case 0: *cap = 0; *maxd = 8; break;
    case 1: *cap = SIPR_MAX_PARTS + 1u; *maxd = 8; break;
    case 2: *cap = 8; *maxd = 0; break;
    default: *cap = 8; *maxd = SIPR_MAX_PARTS + 1u; break;
    }
}

static int one_input(const uint8_t *data, size_t size)
{
    char *buf;
    size_t z, cap;
    unsigned maxd;
    sipr_span ct, body;
    result_free(&g_main);
    g_dump = 0;
    g_main.st = SIPR_OK;
    g_main.n = 0;
    if (size == 0)
        return 0;
    if (size > SIPR_MAX_MSG_LEN)
        size = SIPR_MAX_MSG_LEN;
    if (data[0] & 0x80u) {
        generated(data, size);
        return 0;
    }
    for (z = 1; z < size && data[z] != 0; z++)
        ;
    ct.off = 1;
    ct.len = (uint32_t)(z - 1);
    body.off = (uint32_t)(z < size ? z + 1 : size);
    body.len = (uint32_t)(size - body.off);
    buf = exact_copy(data, size);
    if (buf == NULL)
        return 0;
    bad_args(buf, size, body, ct);
    limits(data[0], &cap, &maxd);
    run(buf, size, body, ct, cap, maxd);
    if (memcmp(buf, data, size) != 0)
        GFAIL("the buffer was written");
    free(buf);
    return 0;
}

/* ---- drivers ----------------------------------------------------------------- */

static void report(const char *name, size_t size)
{
    fprintf(stderr, "%s: %zu bytes: %s", name, size, sipr_strerror(g_main.st));
    if (g_main.st == SIPR_OK)
        fprintf(stderr, ", %zu parts, depth %u", g_main.n, max_depth_of(&g_main));
    else
        fprintf(stderr, " (off %zu)", g_main.err_off);
    fprintf(stderr, "\n");
}

#include "driver.h"
