/* Multipart bodies (RFC 2046 §5.1.1, RFC 5621): sipr_multipart splits a body
 * into parts, as spans, nested parts breadth first. Every read is of
 * buf[0 .. len-1] and proven so; the boundary comparison reads only bytes
 * that are inside the body being split. */
#include "sipr_internal.h"

/* s lies within [a, b) (as offsets, whatever its length) */
#define SPAN_INSIDE(s, a, b) ((a) <= (s).off && (s).off + (s).len <= (b))
/* every span of a part inside [0, n) */
#define PART_IN(p, n)                                                                              \
    (SPAN_IN((p).headers, n) && SPAN_IN((p).body, n) && SPAN_IN((p).content_type, n) &&            \
     SPAN_IN((p).boundary, n))
/* a part as mp_part leaves it: in the buffer, its headers and body within the
   part [a, b), its parent and depth those given */
#define PART_OK(p, n, a, b, par, dep)                                                              \
    (PART_IN(p, n) && SPAN_INSIDE((p).headers, a, b) && SPAN_INSIDE((p).body, a, b) &&              \
     (p).parent == (par) && (p).depth == (dep))
/* parts[0 .. cnt-1]: in the buffer, each parent before its child, depths in 1 .. d */
#define PARTS_OK(ps, cnt, n, d)                                                                    \
    (\forall integer k; 0 <= k < (cnt) ==>                                                         \
         PART_IN((ps)[k], n) && 1 <= (ps)[k].depth <= (d) &&                                         \
         ((ps)[k].parent == SIPR_NONE || (ps)[k].parent < k))

#define MP_SPAN(sp, o, l)                                                                          \
    do {                                                                                           \
        (sp).off = (uint32_t)(o);                                                                  \
        (sp).len = (uint32_t)(l);                                                                  \
    } while (0)

/* bchars (RFC 2046 §5.1.1): DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / ","
   / "-" / "." / "/" / ":" / "=" / "?" / SP */
/*@ assigns \nothing; */
static int mp_bchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '\'' || c == '(' || c == ')' || c == '+' || c == '_' || c == ',' || c == '-' ||
           c == '.' || c == '/' || c == ':' || c == '=' || c == '?' || c == ' ';
}

typedef struct {
    sipr_status st; /* SIPR_OK or SIPR_E_MEDIA_TYPE */
    sipr_span name;
    sipr_span val;  /* the token, or what is inside the quotes */
    size_t vstart;  /* the value's first byte (its opening quote when quoted) */
    size_t end;     /* after the value */
    size_t off;     /* on error: the offending byte */
} mp_param_r;

/* m-parameter = token EQUAL (token / quoted-string) from j, before e
   (RFC 3261 §25.1): a quoted-string holds qdtext (LWS, no other control byte)
   and quoted-pairs (not of CR or LF). */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN;
    requires j <= e <= len;
    assigns \nothing;
    ensures \result.st == SIPR_OK || \result.st == SIPR_E_MEDIA_TYPE;
    ensures \result.off <= e;
    ensures \result.st == SIPR_OK ==> j < \result.end <= e && \result.vstart <= e &&
        SPAN_INSIDE(\result.name, j, e) && SPAN_INSIDE(\result.val, j, e);
*/
static mp_param_r mp_param(const char *buf, size_t len, size_t j, size_t e)
{
    mp_param_r r;
    size_t t = sipr_run(buf, len, j, e, SIPR_RUN_TOKEN);
    size_t q;
    r.st = SIPR_E_MEDIA_TYPE;
    MP_SPAN(r.name, j, t - j);
    MP_SPAN(r.val, j, 0);
    r.vstart = j;
    r.end = j;
    r.off = j;
    if (t == j)
        return r;
    q = sipr_run(buf, len, t, e, SIPR_RUN_SWS);
    if (q >= e || buf[q] != '=') {
        r.off = q;
        return r;
    }
    q = sipr_run(buf, len, q + 1u, e, SIPR_RUN_SWS);
    r.vstart = q;
    r.off = q;
    if (q < e && buf[q] == '"') {
        size_t c0 = q + 1u;
        q = c0;
        /*@ loop invariant c0 <= q <= e;
            loop assigns q;
            loop variant e - q; */
        while (q < e && buf[q] != '"') {
            unsigned char c = (unsigned char)buf[q];
            if (c == '\\' && e - q >= 2u && (unsigned char)buf[q + 1u] <= 0x7fu &&
                buf[q + 1u] != '\r' && buf[q + 1u] != '\n')
                q += 2u; /* quoted-pair */
            else if (c == '\r' && e - q >= 3u && buf[q + 1u] == '\n' &&
                     sipr_in_class(buf[q + 2u], SIPR_RUN_WSP))
                q += 3u; /* folded LWS */
            else if (c == '\\' || (c < 0x20u && c != '\t') || c == 0x7fu)
                break;
            else
                q++;
        }
        if (q >= e || buf[q] != '"') {
            r.off = q;
            return r;
        }
        MP_SPAN(r.val, c0, q - c0);
        r.end = q + 1u;
    } else {
        t = sipr_run(buf, len, q, e, SIPR_RUN_TOKEN);
        if (t == q)
            return r;
        MP_SPAN(r.val, q, t - q);
        r.end = t;
    }
    r.st = SIPR_OK;
    return r;
}

/* The index in v of its first byte that is not a bchar (RFC 2046 §5.1.1:
   DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":"
   / "=" / "?" / SP), v.len if none. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires SPAN_IN(v, len);
    assigns \nothing;
    ensures 0 <= \result <= v.len;
*/
static size_t mp_bad_bchar(const char *buf, size_t len, sipr_span v)
{
    size_t k = 0;
    (void)len; /* used by the contract */
    /*@ loop invariant 0 <= k <= v.len;
        loop assigns k;
        loop variant v.len - k; */
    while (k < v.len && mp_bchar(buf[(size_t)v.off + k]))
        k++;
    return k;
}

typedef struct {
    sipr_status st;  /* SIPR_OK, SIPR_E_MEDIA_TYPE or SIPR_E_MULTIPART */
    int multi;       /* m-type is "multipart" (then bd is its boundary) */
    sipr_span bd;    /* the boundary, quotes removed; absent unless multi */
    uint32_t off;    /* on error: the offending byte */
} mp_media_r;

/* media-type = m-type SLASH m-subtype *(SEMI m-parameter), all of v
   (RFC 3261 §20.15, §25.1). A multipart type needs one boundary parameter of
   1 to 70 bchars that does not end with SP (RFC 2046 §5.1.1): SIPR_E_MULTIPART
   otherwise. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN && SPAN_IN(v, len);
    assigns \nothing;
    ensures \result.st == SIPR_OK || \result.st == SIPR_E_MEDIA_TYPE || \result.st == SIPR_E_MULTIPART;
    ensures SPAN_IN(\result.bd, len) && \result.off <= len;
    ensures \result.st == SIPR_OK && \result.multi != 0 ==> 1 <= \result.bd.len <= 70;
    ensures \result.st == SIPR_OK && \result.multi == 0 ==> \result.bd.len == 0;
*/
static mp_media_r mp_media(const char *buf, size_t len, sipr_span v)
{
    mp_media_r r;
    size_t e = (size_t)v.off + v.len;
    size_t i = v.off;
    size_t t;
    sipr_span s;
    r.st = SIPR_E_MEDIA_TYPE;
    r.multi = 0;
    MP_SPAN(r.bd, 0, 0);
    r.off = v.off;
    t = sipr_run(buf, len, i, e, SIPR_RUN_TOKEN);
    if (t == i)
        return r;
    MP_SPAN(s, i, t - i);
    r.multi = sipr_span_ieq(buf, len, s, "multipart", 9u);
    i = sipr_run(buf, len, t, e, SIPR_RUN_SWS);
    if (i >= e || buf[i] != '/') {
        r.off = (uint32_t)i;
        return r;
    }
    i = sipr_run(buf, len, i + 1u, e, SIPR_RUN_SWS);
    t = sipr_run(buf, len, i, e, SIPR_RUN_TOKEN);
    if (t == i) {
        r.off = (uint32_t)i;
        return r;
    }
    i = t;
    /*@ loop invariant v.off <= i <= e;
        loop invariant SPAN_IN(r.bd, len) && r.bd.len <= 70;
        loop invariant r.multi == 0 ==> r.bd.len == 0;
        loop invariant r.st == SIPR_E_MEDIA_TYPE && r.off <= len;
        loop assigns i, r;
        loop variant e - i; */
    for (;;) {
        size_t j = sipr_run(buf, len, i, e, SIPR_RUN_SWS);
        mp_param_r pr;
        if (j == e)
            break;
        if (buf[j] != ';') {
            r.off = (uint32_t)j;
            return r;
        }
        j = sipr_run(buf, len, j + 1u, e, SIPR_RUN_SWS);
        pr = mp_param(buf, len, j, e);
        if (pr.st != SIPR_OK) {
            r.off = (uint32_t)pr.off;
            return r;
        }
        if (r.multi && sipr_span_ieq(buf, len, pr.name, "boundary", 8u)) {
            size_t k;
            /* one boundary of 1 to 70 bchars, not ending with SP */
            r.st = SIPR_E_MULTIPART;
            r.off = (uint32_t)pr.vstart;
            if (r.bd.len != 0u || pr.val.len == 0u || pr.val.len > 70u ||
                buf[(size_t)pr.val.off + pr.val.len - 1u] == ' ')
                return r;
            k = mp_bad_bchar(buf, len, pr.val);
            if (k < pr.val.len) {
                r.off = (uint32_t)((size_t)pr.val.off + k);
                return r;
            }
            r.st = SIPR_E_MEDIA_TYPE;
            MP_SPAN(r.bd, pr.val.off, pr.val.len);
        }
        i = pr.end;
    }
    if (r.multi && r.bd.len == 0u) {
        r.st = SIPR_E_MULTIPART;
        r.off = v.off;
        return r;
    }
    r.st = SIPR_OK;
    return r;
}

typedef struct {
    int kind;     /* 0: no delimiter at p; 1: a delimiter; 2: the close delimiter */
    size_t after; /* past the delimiter line: after its CRLF, or e */
} mp_delim_r;

/* At p (the start of a body or just after a CRLF) is there a delimiter line:
   "--" boundary, padding (SP, HTAB), CRLF; or the close delimiter "--"
   boundary "--", padding, then CRLF or the end e? */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN;
    requires p <= e <= len;
    requires SPAN_IN(bd, len) && 1 <= bd.len;
    assigns \nothing;
    ensures 0 <= \result.kind <= 2;
    ensures \result.kind != 0 ==> p + 2 + bd.len <= \result.after <= e;
*/
static mp_delim_r mp_delim(const char *buf, size_t len, size_t p, size_t e, sipr_span bd)
{
    mp_delim_r r;
    sipr_span s;
    size_t q;
    int close = 0;
    r.kind = 0;
    r.after = p;
    if (e - p < 2u + (size_t)bd.len || buf[p] != '-' || buf[p + 1u] != '-')
        return r;
    MP_SPAN(s, p + 2u, bd.len);
    if (!sipr_span_eq(buf, len, s, bd))
        return r;
    q = p + 2u + bd.len;
    if (e - q >= 2u && buf[q] == '-' && buf[q + 1u] == '-') {
        close = 1;
        q += 2u;
    }
    /*@ loop invariant p + 2 + bd.len <= q <= e;
        loop assigns q;
        loop variant e - q; */
    while (q < e && sipr_in_class(buf[q], SIPR_RUN_WSP))
        q++;
    if (q == e) {
        if (close) {
            r.kind = 2;
            r.after = e;
        }
        return r;
    }
    if (e - q >= 2u && buf[q] == '\r' && buf[q + 1u] == '\n') {
        r.kind = close ? 2 : 1;
        r.after = q + 2u;
    }
    return r;
}

typedef struct {
    sipr_status st;  /* SIPR_OK or SIPR_E_MULTIPART */
    size_t name_end; /* the end of the name */
    size_t vstart;   /* after the colon */
    size_t end;      /* the end of the value: a CRLF not followed by SP or HTAB, or e */
    size_t off;      /* on error: the offending byte */
} mp_line_r;

/* One header line of a part from i, before e: token, SP/HTAB, ":", a value
   with no control byte but HTAB, folding (CRLF SP or HTAB) allowed. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires i < e <= len;
    assigns \nothing;
    ensures \result.st == SIPR_OK || \result.st == SIPR_E_MULTIPART;
    ensures i <= \result.off <= e;
    ensures \result.st == SIPR_OK ==>
        i < \result.name_end < \result.vstart <= \result.end <= e &&
        (\result.end < e ==> e - \result.end >= 2);
*/
static mp_line_r mp_line(const char *buf, size_t len, size_t i, size_t e)
{
    mp_line_r r;
    size_t t = sipr_run(buf, len, i, e, SIPR_RUN_TOKEN);
    size_t j = t;
    size_t k;
    r.st = SIPR_E_MULTIPART;
    r.name_end = t;
    r.vstart = t;
    r.end = t;
    r.off = i;
    if (t == i)
        return r;
    /*@ loop invariant t <= j <= e;
        loop assigns j;
        loop variant e - j; */
    while (j < e && sipr_in_class(buf[j], SIPR_RUN_WSP))
        j++;
    if (j >= e || buf[j] != ':') {
        r.off = j;
        return r;
    }
    k = j + 1u;
    /*@ loop invariant j < k <= e;
        loop assigns k;
        loop variant e - k; */
    while (k < e) {
        unsigned char c = (unsigned char)buf[k];
        if (c == '\r' && e - k >= 3u && buf[k + 1u] == '\n' &&
            sipr_in_class(buf[k + 2u], SIPR_RUN_WSP))
            k += 3u;
        else if ((c < 0x20u && c != '\t') || c == 0x7fu)
            break;
        else
            k++;
    }
    if (k < e && !(buf[k] == '\r' && e - k >= 2u && buf[k + 1u] == '\n')) {
        r.off = k; /* a control byte, or CR without LF */
        return r;
    }
    r.st = SIPR_OK;
    r.vstart = j + 1u;
    r.end = k;
    return r;
}

/* [a, b) without its leading white space (SP, HTAB, folding) and trailing
   SP and HTAB. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN;
    requires a <= b <= len;
    assigns \nothing;
    ensures SPAN_INSIDE(\result, a, b) && SPAN_IN(\result, len);
*/
static sipr_span mp_trim(const char *buf, size_t len, size_t a, size_t b)
{
    sipr_span r;
    size_t v0 = sipr_run(buf, len, a, b, SIPR_RUN_SWS);
    size_t v1 = b;
    /*@ loop invariant v0 <= v1 <= b;
        loop assigns v1;
        loop variant v1 - v0; */
    while (v1 > v0 && sipr_in_class(buf[v1 - 1u], SIPR_RUN_WSP))
        v1--;
    MP_SPAN(r, v0, v1 - v0);
    return r;
}

/* One part, [s, e): its header lines, the empty line, its body (RFC 2046
   §5.1.1 body-part; a part that starts with CRLF has no headers, one with no
   empty line has no body); one Content-Type at most, a media type (its
   boundary recorded when multipart). */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN;
    requires s <= e <= len;
    requires \valid(pt) && \valid(eoff);
    requires \separated(pt, eoff, buf + (0 .. len - 1));
    requires \separated(pt, eoff);
    assigns *pt, *eoff;
    ensures \result == SIPR_OK || \result == SIPR_E_MULTIPART || \result == SIPR_E_MEDIA_TYPE;
    ensures *eoff <= len;
    ensures \result == SIPR_OK ==> PART_OK(*pt, len, s, e, par, dep);
*/
static sipr_status mp_part(const char *buf, size_t len, size_t s, size_t e, sipr_part *pt,
                           uint16_t par, uint16_t dep, size_t *eoff)
{
    size_t i = s;
    size_t hend = s;
    size_t bstart = e;
    sipr_span ct;
    mp_media_r r;
    *eoff = s;
    MP_SPAN(ct, 0, 0);
    if (e - s >= 2u && buf[s] == '\r' && buf[s + 1u] == '\n') {
        bstart = s + 2u; /* no headers */
        i = e;
    }
    /*@ loop invariant s <= i <= e && (i < e ==> bstart == e);
        loop invariant s <= hend <= i && s <= bstart <= e;
        loop invariant SPAN_IN(ct, len) && *eoff <= len;
        loop assigns i, hend, bstart, ct, *eoff;
        loop variant e - i; */
    while (i < e) {
        mp_line_r l = mp_line(buf, len, i, e);
        sipr_span name;
        if (l.st != SIPR_OK) {
            *eoff = l.off;
            return SIPR_E_MULTIPART;
        }
        MP_SPAN(name, i, l.name_end - i);
        if (sipr_span_ieq(buf, len, name, "Content-Type", 12u)) {
            if (ct.len != 0u) {
                *eoff = i; /* a second Content-Type */
                return SIPR_E_MULTIPART;
            }
            ct = mp_trim(buf, len, l.vstart, l.end);
            if (ct.len == 0u) {
                *eoff = l.vstart; /* an empty Content-Type */
                return SIPR_E_MEDIA_TYPE;
            }
        }
        hend = l.end;
        if (l.end >= e) {
            i = e;
            break;
        }
        i = l.end + 2u;
        if (e - i >= 2u && buf[i] == '\r' && buf[i + 1u] == '\n') {
            bstart = i + 2u;
            break;
        }
    }
    MP_SPAN(pt->headers, s, hend - s);
    MP_SPAN(pt->body, bstart, e - bstart);
    MP_SPAN(pt->content_type, ct.off, ct.len);
    MP_SPAN(pt->boundary, 0, 0);
    pt->parent = par;
    pt->depth = dep;
    if (ct.len != 0u) {
        r = mp_media(buf, len, ct);
        if (r.st != SIPR_OK) {
            *eoff = r.off;
            return r.st;
        }
        MP_SPAN(pt->boundary, r.bd.off, r.bd.len);
    }
    return SIPR_OK;
}

typedef struct {
    int kind;     /* as mp_delim_r's: 0 when there is none before b1 */
    size_t at;    /* where the delimiter line starts (b1 when there is none) */
    size_t after; /* past the delimiter line */
} mp_found_r;

/* The first delimiter line in [lo, b1) that starts just after a CRLF lying
   at or after lo, or at lo itself when at_lo. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN;
    requires lo <= b1 <= len;
    requires SPAN_IN(bd, len) && 1 <= bd.len;
    assigns \nothing;
    ensures 0 <= \result.kind <= 2;
    ensures lo <= \result.at <= b1;
    ensures \result.kind != 0 ==>
        \result.at < b1 && \result.at + 2 + bd.len <= \result.after <= b1 &&
        (at_lo != 0 || lo + 2 <= \result.at);
*/
static mp_found_r mp_next_delim(const char *buf, size_t len, size_t lo, size_t b1, sipr_span bd,
                                int at_lo)
{
    mp_found_r r;
    size_t q = lo;
    r.kind = 0;
    r.at = b1;
    r.after = b1;
    /*@ loop invariant lo <= q <= b1;
        loop assigns q;
        loop variant b1 - q; */
    while (q < b1) {
        if ((at_lo != 0 && q == lo) ||
            (q - lo >= 2u && buf[q - 2u] == '\r' && buf[q - 1u] == '\n')) {
            mp_delim_r f = mp_delim(buf, len, q, b1, bd);
            if (f.kind != 0) {
                r.kind = f.kind;
                r.at = q;
                r.after = f.after;
                return r;
            }
        }
        q++;
    }
    return r;
}

/* The multipart body [b0, b1) with boundary bd: its parts appended to
   parts[*n ..], each with parent par and depth dep. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires len <= SIPR_MAX_MSG_LEN;
    requires b0 <= b1 <= len;
    requires SPAN_IN(bd, len) && 1 <= bd.len;
    requires cap <= SIPR_MAX_PARTS;
    requires \valid(n) && \valid(eoff) && *n <= cap;
    requires \valid(parts + (0 .. cap - 1));
    requires \separated(parts + (0 .. cap - 1), n, eoff, buf + (0 .. len - 1));
    requires \separated(n, eoff, buf + (0 .. len - 1));
    requires \separated(n, eoff);
    assigns parts[*n .. cap - 1], *n, *eoff;
    ensures \old(*n) <= *n <= cap;
    ensures \result == SIPR_OK ==> *n > \old(*n);
    ensures \result == SIPR_OK || \result == SIPR_E_MULTIPART || \result == SIPR_E_MEDIA_TYPE ||
            \result == SIPR_E_TOO_MANY_PARTS;
    ensures *eoff <= len;
    ensures \forall integer k; \old(*n) <= k < *n ==> PART_OK(parts[k], len, b0, b1, par, dep);
*/
static sipr_status mp_split(const char *buf, size_t len, size_t b0, size_t b1, sipr_span bd,
                            sipr_part *parts, size_t cap, size_t *n, uint16_t par, uint16_t dep,
                            size_t *eoff)
{
    size_t start;
    mp_found_r d = mp_next_delim(buf, len, b0, b1, bd, 1);
    /* the first delimiter: at b0, or after the preamble's CRLF */
    if (d.kind == 0) {
        *eoff = b0; /* no delimiter */
        return SIPR_E_MULTIPART;
    }
    if (d.kind == 2) {
        *eoff = d.at; /* the close delimiter first: no part */
        return SIPR_E_MULTIPART;
    }
    start = d.after;
    /*@ loop invariant b0 <= start <= b1;
        loop invariant \at(*n, Pre) <= *n <= cap;
        loop invariant \forall integer k; \at(*n, Pre) <= k < *n ==>
            PART_OK(parts[k], len, b0, b1, par, dep);
        loop assigns start, d, *n, *eoff, parts[\at(*n, Pre) .. cap - 1];
        loop variant b1 - start; */
    for (;;) {
        sipr_status st;
        /* the next delimiter: after a CRLF that is not before start */
        d = mp_next_delim(buf, len, start, b1, bd, 0);
        if (d.kind == 0) {
            *eoff = b1; /* the body ends before its close delimiter */
            return SIPR_E_MULTIPART;
        }
        if (*n >= cap) {
            *eoff = start;
            return SIPR_E_TOO_MANY_PARTS;
        }
        /*@ assert start + 2 <= d.at < b1; */
        st = mp_part(buf, len, start, d.at - 2u, &parts[*n], par, dep, eoff);
        /*@ assert \forall integer k; \at(*n, Pre) <= k < *n ==>
                PART_OK(parts[k], len, b0, b1, par, dep); */
        if (st != SIPR_OK)
            return st;
        /*@ assert PART_OK(parts[*n], len, b0, b1, par, dep); */
        *n = *n + 1u;
        if (d.kind == 2)
            return SIPR_OK;
        start = d.after;
    }
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid(parts + (0 .. cap - 1));
    requires \valid(n) && \valid(err_off);
    requires \separated(parts + (0 .. cap - 1), n, err_off, buf + (0 .. len - 1));
    requires \separated(n, err_off, buf + (0 .. len - 1));
    requires \separated(n, err_off);
    assigns parts[0 .. cap - 1], *n, *err_off;
    ensures \result == SIPR_OK || \result == SIPR_E_ARG || \result == SIPR_E_MULTIPART ||
            \result == SIPR_E_MEDIA_TYPE || \result == SIPR_E_TOO_MANY_PARTS ||
            \result == SIPR_E_MULTIPART_DEPTH;
    ensures *err_off <= len;
    ensures \result != SIPR_OK ==> *n == 0;
    ensures \result == SIPR_OK ==> 1 <= *n <= cap && PARTS_OK(parts, *n, len, max_depth);
    ensures \result == SIPR_OK ==> \forall integer k; 0 <= k < *n ==>
        SPAN_INSIDE(parts[k].body, body.off, body.off + body.len);
*/
sipr_status sipr_multipart(const char *buf, size_t len, sipr_span body, sipr_span content_type,
                           sipr_part *parts, size_t cap, unsigned max_depth, size_t *n,
                           size_t *err_off)
{
    mp_media_r r;
    size_t cnt = 0;
    size_t eoff = 0;
    size_t k = 0;
    sipr_status st;
    *n = 0;
    *err_off = 0;
    if (len > SIPR_MAX_MSG_LEN || !SPAN_IN(body, len) || !SPAN_IN(content_type, len) || cap == 0u ||
        cap > SIPR_MAX_PARTS || max_depth == 0u || max_depth > SIPR_MAX_PARTS)
        return SIPR_E_ARG;
    r = mp_media(buf, len, content_type);
    if (r.st != SIPR_OK) {
        *err_off = r.off;
        return r.st;
    }
    if (!r.multi) {
        *err_off = content_type.off;
        return SIPR_E_MULTIPART;
    }
    st = mp_split(buf, len, body.off, (size_t)body.off + body.len, r.bd, parts, cap, &cnt, SIPR_NONE,
                  1u, &eoff);
    /* breadth first: each multipart part's body, in order; their parts go
       after every part found so far */
    /*@ loop invariant 0 <= k <= cnt <= cap;
        loop invariant st == SIPR_OK ==> 1 <= cnt;
        loop invariant PARTS_OK(parts, cnt, len, max_depth);
        loop invariant \forall integer j; 0 <= j < cnt ==>
            SPAN_INSIDE(parts[j].body, body.off, body.off + body.len);
        loop invariant eoff <= len;
        loop invariant st == SIPR_OK || st == SIPR_E_MULTIPART || st == SIPR_E_MEDIA_TYPE ||
            st == SIPR_E_TOO_MANY_PARTS || st == SIPR_E_MULTIPART_DEPTH;
        loop assigns k, cnt, eoff, st, parts[0 .. cap - 1];
        loop variant cap - k; */
    while (st == SIPR_OK && k < cnt) {
        sipr_span pb = parts[k].body;
        sipr_span pbd = parts[k].boundary;
        uint16_t dep = parts[k].depth;
        if (pbd.len != 0u) {
            if (dep >= max_depth) {
                eoff = parts[k].content_type.off;
                st = SIPR_E_MULTIPART_DEPTH;
                break;
            }
            /*@ assert SPAN_IN(pb, len) && SPAN_IN(pbd, len); */
            st = mp_split(buf, len, pb.off, (size_t)pb.off + pb.len, pbd, parts, cap, &cnt,
                          (uint16_t)k, (uint16_t)(dep + 1u), &eoff);
        }
        k++;
    }
    if (st != SIPR_OK) {
        *err_off = eoff;
        return st;
    }
    *n = cnt;
    return SIPR_OK;
}
