/* Small proven helpers: number conversion with overflow checks, span
 * comparison. */
#include "sipr_internal.h"

sipr_u32_result sipr_u32(const char *buf, size_t len, sipr_span s, uint32_t max, sipr_status err)
{
    (void)len; /* used by the contract */
    sipr_u32_result r = {err, 0, s.off};
    uint32_t v = 0;
    size_t i = s.off;
    const size_t end = (size_t)s.off + s.len;
    if (s.len == 0)
        return r;
    /*@ loop invariant s.off <= i <= end;
        loop invariant v <= max;
        loop invariant s.off <= r.off <= end;
        loop assigns i, v, r.off;
        loop variant end - i; */
    while (i < end) {
        const uint8_t c = (uint8_t)buf[i];
        /* in 64 bits v * 10 + 9 cannot wrap, since v <= max < 2**32 */
        uint64_t nv;
        r.off = (uint32_t)i;
        if (c < '0' || c > '9')
            return r;
        nv = (uint64_t)v * 10u + (uint64_t)(c - '0');
        if (nv > max) {
            r.st = SIPR_E_NUMBER_RANGE;
            return r;
        }
        v = (uint32_t)nv;
        i++;
    }
    r.st = SIPR_OK;
    r.val = v;
    return r;
}

sipr_span sipr_trim_right(const char *buf, size_t len, sipr_span s)
{
    (void)len; /* used by the contract */
    uint32_t n = s.len;
    /*@ loop invariant 0 <= n <= s.len;
        loop assigns n;
        loop variant n; */
    while (n > 0) {
        const char c = buf[s.off + n - 1];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            break;
        n--;
    }
    s.len = n;
    return s;
}

int sipr_span_ieq(const char *buf, size_t len, sipr_span s, const char *lit, size_t litlen)
{
    (void)len; /* used by the contract */
    size_t k = 0;
    if (s.len != litlen)
        return 0;
    /*@ loop invariant 0 <= k <= litlen;
        loop assigns k;
        loop variant litlen - k; */
    while (k < litlen) {
        uint8_t c = (uint8_t)buf[s.off + k];
        uint8_t d = (uint8_t)lit[k];
        if (c >= 'A' && c <= 'Z')
            c = (uint8_t)(c + ('a' - 'A'));
        if (d >= 'A' && d <= 'Z')
            d = (uint8_t)(d + ('a' - 'A'));
        if (c != d)
            return 0;
        k++;
    }
    return 1;
}

int sipr_span_eq(const char *buf, size_t len, sipr_span a, sipr_span b)
{
    (void)len; /* used by the contract */
    size_t k = 0;
    if (a.len != b.len)
        return 0;
    /*@ loop invariant 0 <= k <= a.len;
        loop assigns k;
        loop variant a.len - k; */
    while (k < a.len) {
        if (buf[a.off + k] != buf[b.off + k])
            return 0;
        k++;
    }
    return 1;
}

uint32_t sipr_first_ctl(const char *buf, size_t len, sipr_span s)
{
    (void)len; /* used by the contract */
    uint32_t k = 0;
    /*@ loop invariant 0 <= k <= s.len;
        loop assigns k;
        loop variant s.len - k; */
    while (k < s.len) {
        const uint8_t c = (uint8_t)buf[s.off + k];
        if ((c < 0x20u && c != '\t' && c != '\r' && c != '\n') || c == 0x7fu)
            return s.off + k;
        k++;
    }
    return s.off + s.len;
}

int sipr_span_eq_lit(const char *buf, size_t len, sipr_span s, const char *lit, size_t litlen)
{
    (void)len; /* used by the contract */
    size_t k = 0;
    if (s.len != litlen)
        return 0;
    /*@ loop invariant 0 <= k <= litlen;
        loop assigns k;
        loop variant litlen - k; */
    while (k < litlen) {
        if (buf[s.off + k] != lit[k])
            return 0;
        k++;
    }
    return 1;
}

int sipr_is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int sipr_is_xdigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int sipr_in_class(char c, sipr_run_class cls)
{
    switch (cls) {
    case SIPR_RUN_TOKEN:
        return sipr_is_alnum(c) || c == '-' || c == '.' || c == '!' || c == '%' || c == '*' ||
               c == '_' || c == '+' || c == '`' || c == '\'' || c == '~';
    case SIPR_RUN_WSP:
    case SIPR_RUN_SWS:
        return c == ' ' || c == '\t';
    case SIPR_RUN_LWS:
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    default:
        break;
    }
    /* the URI sets: unreserved = alphanum / mark */
    if (sipr_is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '!' || c == '~' || c == '*' ||
        c == '\'' || c == '(' || c == ')')
        return 1;
    if (cls == SIPR_RUN_URI_USER)
        return c == '&' || c == '=' || c == '+' || c == '$' || c == ',' || c == ';' || c == '?' ||
               c == '/';
    if (cls == SIPR_RUN_URI_PASS)
        return c == '&' || c == '=' || c == '+' || c == '$' || c == ',';
    if (cls == SIPR_RUN_URI_PARAM)
        return c == '[' || c == ']' || c == '/' || c == ':' || c == '&' || c == '+' || c == '$';
    return 0;
}

size_t sipr_run(const char *buf, size_t len, size_t from, size_t to, sipr_run_class cls)
{
    const int fold = cls == SIPR_RUN_SWS;
    const int esc =
        cls == SIPR_RUN_URI_USER || cls == SIPR_RUN_URI_PASS || cls == SIPR_RUN_URI_PARAM;
    size_t i = from;
    (void)len; /* used by the contract */
    /*@ loop invariant from <= i <= to;
        loop assigns i;
        loop variant to - i; */
    while (i < to) {
        if (sipr_in_class(buf[i], cls))
            i++;
        else if (fold && to - i >= 3u && buf[i] == '\r' && buf[i + 1u] == '\n' &&
                 sipr_in_class(buf[i + 2u], SIPR_RUN_WSP))
            i += 3u;
        else if (esc && to - i >= 3u && buf[i] == '%' && sipr_is_xdigit(buf[i + 1u]) &&
                 sipr_is_xdigit(buf[i + 2u]))
            i += 3u;
        else
            break;
    }
    return i;
}
