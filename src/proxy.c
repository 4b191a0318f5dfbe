/* Proxy operations (RFC 3261 §16) on a parsed message, written with the
 * store primitives of src/serialize.c: the request a stateless proxy
 * forwards (§16.6, §16.11), the response it forwards (§16.7), and the
 * received / rport parameters of a request's top Via (§18.2.1, RFC 3581).
 *
 * Each operation first decides what changes (a px_plan: integers and spans
 * into the caller's buffer only), then writes the message line by line:
 * a line the plan does not touch is copied byte for byte, a changed one is
 * written canonically, new lines are put before the line the plan names.
 * Every writing function has the contract of the writers: it stores only in
 * out[0 .. cap-1] and returns a position <= SIPR_OUT_SAT.
 *
 * Route and Record-Route lines are found by their kinds (sipr_parse has
 * checked their syntax, into msg.addrs); the proxy splits their values here
 * itself, by commas outside quoted-strings and <...>, and each value's URI
 * is the text between its '<' and '>' (§20.34: a route-param is always a
 * name-addr), so that what it writes depends only on the bytes of buf. */
#include "sipr_internal.h"

#define PX_FNV_OFFSET 0xcbf29ce484222325ull /* FNV-1a, 64 bits */
#define PX_FNV_PRIME 0x100000001b3ull

/* the proxy's strings are readable */
#define PROXY_OK(p)                                                                                 \
    (\valid_read(p) && STR_OK((p)->host) && STR_OK((p)->transport) && STR_OK((p)->branch) &&        \
     STR_OK((p)->src_host))

/* What an operation changes. */
typedef struct {
    sipr_status st;        /* SIPR_OK, or why the message is not written */
    uint64_t hash;         /* the derived branch (sipr_proxy_branch) */
    uint32_t mf_value;     /* the new Max-Forwards */
    uint32_t n_route;      /* Route values in the message */
    uint32_t drop_front;   /* Route values dropped from the front */
    uint32_t drop_back;    /* and from the back */
    sipr_span new_ruri;    /* in buf: the new Request-URI; len 0: unchanged */
    sipr_span append;      /* in buf: a URI added as the last Route value; len 0: none */
    uint32_t via_at;       /* the new Via goes before this line (n_headers: after the last) */
    uint32_t post_at;      /* a new Max-Forwards: after the last Via line */
    uint32_t rr_at;        /* the new Record-Route: before the first one, else after the Vias */
    uint32_t route_at;     /* the added Route value: after the last Route line */
    uint8_t push;          /* a new top Via (forward) */
    uint8_t fix;           /* the top via-parm with received and rport */
    uint8_t pop;           /* the top via-parm removed (response) */
    uint8_t mf;            /* 0: as it is; 1: the first Max-Forwards line gets mf_value; 2: a new line */
    uint8_t rr;            /* a new Record-Route */
    uint8_t rr_sips;       /* ... with a sips URI */
} px_plan;

/* The end of [from, to) without its trailing LWS. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires from <= to <= len;
    assigns \nothing;
    ensures from <= \result <= to;
*/
static size_t px_trim(const char *buf, size_t len, size_t from, size_t to)
{
    size_t e = to;
    (void)len; /* used by the contract */
    /*@ loop invariant from <= e <= to;
        loop assigns e;
        loop variant e - from; */
    while (e > from && sipr_in_class(buf[e - 1u], SIPR_RUN_LWS))
        e--;
    return e;
}

/* The end of the list value that starts at from: the first comma outside
   a quoted-string and <...> (a SIP URI may hold commas), or to. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires from <= to <= len;
    assigns \nothing;
    ensures from <= \result <= to;
*/
static size_t px_elem_end(const char *buf, size_t len, size_t from, size_t to)
{
    size_t i = from;
    int quoted = 0, angle = 0;
    (void)len; /* used by the contract */
    /*@ loop invariant from <= i <= to;
        loop assigns i, quoted, angle;
        loop variant to - i; */
    while (i < to) {
        const char c = buf[i];
        if (quoted) {
            if (c == '\\' && i + 1u < to)
                i++; /* quoted-pair */
            else if (c == '"')
                quoted = 0;
        } else if (c == '"') {
            quoted = 1;
        } else if (c == '<') {
            angle = 1;
        } else if (c == '>') {
            angle = 0;
        } else if (c == ',' && !angle) {
            return i;
        }
        i++;
    }
    return to;
}

/* (contract in sipr_internal.h) */
sipr_elem sipr_list_walk(const char *buf, size_t len, size_t from, size_t to, uint32_t k)
{
    sipr_elem r;
    size_t s = sipr_run(buf, len, from, to, SIPR_RUN_LWS);
    r.start = 0;
    r.end = 0;
    r.count = 0;
    r.ok = 0;
    if (s >= to)
        return r;
    /*@ loop invariant from <= s <= to;
        loop assigns s, r.count;
        loop variant to - s; */
    for (;;) {
        const size_t e = px_elem_end(buf, len, s, to);
        if (r.count == k) {
            r.start = s;
            r.end = px_trim(buf, len, s, e);
            r.ok = 1;
            return r;
        }
        r.count++;
        if (e >= to)
            return r;
        s = sipr_run(buf, len, e + 1u, to, SIPR_RUN_LWS);
    }
}

/* (contract in sipr_internal.h) */
sipr_span sipr_elem_uri(const char *buf, size_t len, size_t from, size_t to)
{
    size_t i = from, j;
    int quoted = 0;
    (void)len; /* used by the contract */
    /*@ loop invariant from <= i <= to;
        loop assigns i, quoted;
        loop variant to - i; */
    while (i < to) {
        const char c = buf[i];
        if (quoted) {
            if (c == '\\' && i + 1u < to)
                i++;
            else if (c == '"')
                quoted = 0;
        } else if (c == '"') {
            quoted = 1;
        } else if (c == '<') {
            break;
        }
        i++;
    }
    if (i >= to)
        return SPAN_NONE;
    j = i + 1u;
    /*@ loop invariant i + 1 <= j <= to;
        loop assigns j;
        loop variant to - j; */
    while (j < to && buf[j] != '>')
        j++;
    if (j >= to || j == i + 1u)
        return SPAN_NONE;
    return SPAN_AT(i + 1u, j);
}

/* The number of values of a Route value v, and whether each one has a URI. */
typedef struct {
    uint32_t n;
    int ok;
} px_count;

/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires SPAN_IN(v, len);
    assigns \nothing;
*/
static px_count px_route_values(const char *buf, size_t len, sipr_span v)
{
    px_count r;
    const size_t to = (size_t)v.off + v.len;
    size_t s = sipr_run(buf, len, v.off, to, SIPR_RUN_LWS);
    r.n = 0;
    r.ok = 1;
    if (s >= to) {
        r.ok = 0; /* §20.34: at least one route-param */
        return r;
    }
    /*@ loop invariant v.off <= s <= to;
        loop assigns s, r.n, r.ok;
        loop variant to - s; */
    for (;;) {
        const size_t e = px_elem_end(buf, len, s, to);
        if (sipr_elem_uri(buf, len, s, e).len == 0)
            r.ok = 0;
        r.n++;
        if (e >= to)
            return r;
        s = sipr_run(buf, len, e + 1u, to, SIPR_RUN_LWS);
    }
}

/* ---- URIs -------------------------------------------------------------------------- */

/* The first byte in [from, to) that is c, or to. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires from <= to <= len;
    assigns \nothing;
    ensures from <= \result <= to;
*/
static size_t px_find(const char *buf, size_t len, size_t from, size_t to, char c)
{
    size_t i = from;
    (void)len; /* used by the contract */
    /*@ loop invariant from <= i <= to;
        loop assigns i;
        loop variant to - i; */
    while (i < to && buf[i] != c)
        i++;
    return i;
}

/* The end of the host that starts at from: after the ']' of an IPv6
   reference, else before ':', ';' or '?'. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires from <= to <= len;
    assigns \nothing;
    ensures from <= \result <= to;
*/
static size_t px_host_end(const char *buf, size_t len, size_t from, size_t to)
{
    size_t i = from;
    if (i < to && buf[i] == '[') {
        i = px_find(buf, len, i, to, ']');
        return i < to ? i + 1u : to;
    }
    /*@ loop invariant from <= i <= to;
        loop assigns i;
        loop variant to - i; */
    while (i < to && buf[i] != ':' && buf[i] != ';' && buf[i] != '?')
        i++;
    return i;
}

/* Whether the uri-parameters from `from` (at a ';') to the headers or to
   hold lr. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires from <= to <= len;
    assigns \nothing;
*/
static int px_has_lr(const char *buf, size_t len, size_t from, size_t to)
{
    size_t i = from;
    /*@ loop invariant from <= i <= to;
        loop assigns i;
        loop variant to - i; */
    while (i < to && buf[i] == ';') {
        const size_t name = i + 1u;
        size_t e = name;
        /*@ loop invariant name <= e <= to;
            loop assigns e;
            loop variant to - e; */
        while (e < to && buf[e] != '=' && buf[e] != ';' && buf[e] != '?')
            e++;
        if (sipr_span_ieq(buf, len, SPAN_AT(name, e), "lr", 2))
            return 1;
        i = e;
        /*@ loop invariant e <= i <= to;
            loop assigns i;
            loop variant to - i; */
        while (i < to && buf[i] != ';' && buf[i] != '?')
            i++;
    }
    return 0;
}

/* (contract in sipr_internal.h) */
sipr_uri_facts sipr_route_uri(const char *buf, size_t len, sipr_span u)
{
    sipr_uri_facts r;
    const size_t end = (size_t)u.off + u.len;
    size_t i = u.off, at, h;
    r.host = SPAN_NONE;
    r.port = 0;
    r.sip = 0;
    r.user = 0;
    r.lr = 0;
    if (u.len >= 4u && sipr_span_ieq(buf, len, SPAN_AT(i, i + 4u), "sip:", 4)) {
        r.sip = 1;
        i += 4u;
    } else if (u.len >= 5u && sipr_span_ieq(buf, len, SPAN_AT(i, i + 5u), "sips:", 5)) {
        r.sip = 2;
        i += 5u;
    } else {
        return r;
    }
    at = px_find(buf, len, i, end, '@');
    if (at < end) {
        r.user = 1;
        i = at + 1u;
    }
    h = i;
    i = px_host_end(buf, len, h, end);
    r.host = SPAN_AT(h, i);
    if (i < end && buf[i] == ':') {
        i++;
        /*@ loop invariant h <= i <= end;
            loop invariant r.port <= 999999;
            loop assigns i, r.port;
            loop variant end - i; */
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            if (r.port < 100000u)
                r.port = r.port * 10u + (uint32_t)(buf[i] - '0');
            i++;
        }
    }
    r.lr = (uint8_t)px_has_lr(buf, len, i, end);
    return r;
}

/* hostname = *( domainlabel "." ) toplabel [ "." ], all of [a, b) */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires a <= b <= len;
    assigns \nothing;
*/
static int px_is_hostname(const char *buf, size_t len, size_t a, size_t b)
{
    size_t i = a, last = a;
    (void)len; /* used by the contract */
    if (a >= b)
        return 0;
    /*@ loop invariant a <= i <= b && a <= last <= i && last < b;
        loop assigns i, last;
        loop variant b - i; */
    while (i < b) {
        /* a label: alphanum *( alphanum / "-" ), ending with an alphanum */
        if (!sipr_is_alnum(buf[i]))
            return 0;
        last = i;
        /*@ loop invariant last < i <= b;
            loop assigns i;
            loop variant b - i; */
        for (i = last + 1u; i < b && (sipr_is_alnum(buf[i]) || buf[i] == '-'); i++)
            ;
        if (buf[i - 1u] == '-')
            return 0;
        if (i < b) {
            if (buf[i] != '.')
                return 0;
            i++;
        }
    }
    /* the last label is a toplabel */
    return (buf[last] >= 'a' && buf[last] <= 'z') || (buf[last] >= 'A' && buf[last] <= 'Z');
}

/* IPv4address = dec-octet 3( "." dec-octet ) (RFC 5954 §4.1), all of [a, b):
   a dec-octet is 0-255, written without a leading zero. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires a <= b <= len;
    assigns \nothing;
*/
static int px_is_ipv4(const char *buf, size_t len, size_t a, size_t b)
{
    size_t i = a;
    int k;
    (void)len; /* used by the contract */
    /*@ loop invariant 0 <= k <= 4 && a <= i <= b;
        loop assigns k, i;
        loop variant 4 - k; */
    for (k = 0; k < 4; k++) {
        size_t d;
        unsigned v = 0;
        if (k > 0) {
            if (i >= b || buf[i] != '.')
                return 0;
            i++;
        }
        d = i;
        /*@ loop invariant d <= i <= b && i - d <= 3;
            loop invariant i - d == 0 ==> v == 0;
            loop invariant i - d <= 1 ==> v <= 9;
            loop invariant i - d <= 2 ==> v <= 99;
            loop invariant v <= 999;
            loop assigns i, v;
            loop variant b - i; */
        while (i < b && i - d < 3u && buf[i] >= '0' && buf[i] <= '9') {
            v = v * 10u + (unsigned)(buf[i] - '0');
            i++;
        }
        if (i == d || v > 255u || (i - d > 1u && buf[d] == '0'))
            return 0;
    }
    return i == b;
}

/* IPv6address (RFC 5954 §4.1), all of [a, b). The nine alternatives of its
   ABNF say this: pieces of 1-4 hex digits separated by ":", at most one "::"
   (which stands for at least one piece), the last piece possibly an
   IPv4address counting as two; 8 pieces without "::", at most 7 with it. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires a <= b <= len;
    assigns \nothing;
*/
static int px_is_ipv6(const char *buf, size_t len, size_t a, size_t b)
{
    size_t i = a;
    unsigned n = 0; /* pieces so far */
    int gap = 0;    /* a "::" seen */
    if (b - a >= 2u && buf[a] == ':' && buf[a + 1u] == ':') {
        gap = 1;
        i = a + 2u;
    }
    /*@ loop invariant a <= i <= b && n <= 8 && 0 <= gap <= 1;
        loop assigns i, n, gap;
        loop variant b - i; */
    while (i < b) {
        const size_t h = i;
        size_t j;
        /*@ loop invariant h <= j <= b && j - h <= 4;
            loop assigns j;
            loop variant b - j; */
        for (j = h; j < b && j - h < 4u && sipr_is_xdigit(buf[j]); j++)
            ;
        if (j < b && buf[j] == '.') {
            /* the IPv4 tail: the rest of the address */
            if (!px_is_ipv4(buf, len, h, b))
                return 0;
            return gap ? n + 2u <= 7u : n + 2u == 8u;
        }
        if (j == h || n == 8u)
            return 0;
        n++;
        i = j;
        if (i == b)
            break;
        if (buf[i] != ':')
            return 0;
        i++;
        if (i == b)
            return 0; /* a single ':' at the end */
        if (buf[i] == ':') {
            if (gap)
                return 0;
            gap = 1;
            i++;
        }
    }
    return gap ? n <= 7u : n == 8u;
}

/* Whether u is a SIP or SIPS URI that grammar/uri.rl accepts as a
   Request-URI: "sip" [ "s" ] ":" [ user [ ":" password ] "@" ] host
   [ ":" port ] *( ";" pname [ "=" pvalue ] ), no headers. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    assigns \nothing;
*/
static int px_target_ok(const char *buf, size_t len, sipr_span u)
{
    size_t i, at, h, end;
    if (!SPAN_IN(u, len))
        return 0;
    end = (size_t)u.off + u.len;
    i = u.off;
    if (u.len >= 4u && sipr_span_ieq(buf, len, SPAN_AT(i, i + 4u), "sip:", 4))
        i += 4u;
    else if (u.len >= 5u && sipr_span_ieq(buf, len, SPAN_AT(i, i + 5u), "sips:", 5))
        i += 5u;
    else
        return 0;
    /* an '@' ends the userinfo: no other part holds one */
    at = px_find(buf, len, i, end, '@');
    if (at < end) {
        const size_t e = sipr_run(buf, len, i, at, SIPR_RUN_URI_USER);
        if (e == i)
            return 0;
        if (e < at && (buf[e] != ':' || sipr_run(buf, len, e + 1u, at, SIPR_RUN_URI_PASS) != at))
            return 0;
        i = at + 1u;
    }
    h = px_host_end(buf, len, i, end);
    if (i < end && buf[i] == '[') {
        if (h - i < 3u || buf[h - 1u] != ']' || !px_is_ipv6(buf, len, i + 1u, h - 1u))
            return 0;
    } else if (!px_is_hostname(buf, len, i, h) && !px_is_ipv4(buf, len, i, h)) {
        return 0;
    }
    i = h;
    if (i < end && buf[i] == ':') {
        uint32_t port = 0;
        const size_t d = i + 1u;
        /*@ loop invariant d <= i <= end;
            loop invariant port <= 65535;
            loop assigns i, port;
            loop variant end - i; */
        for (i = d; i < end && buf[i] >= '0' && buf[i] <= '9'; i++) {
            port = port * 10u + (uint32_t)(buf[i] - '0');
            if (port > 65535u)
                return 0;
        }
        if (i == d)
            return 0;
    }
    /*@ loop invariant u.off <= i <= end;
        loop assigns i;
        loop variant end - i; */
    while (i < end && buf[i] == ';') {
        const size_t n = sipr_run(buf, len, i + 1u, end, SIPR_RUN_URI_PARAM);
        if (n == i + 1u)
            return 0;
        i = n;
        if (i < end && buf[i] == '=') {
            const size_t v = sipr_run(buf, len, i + 1u, end, SIPR_RUN_URI_PARAM);
            if (v == i + 1u)
                return 0;
            i = v;
        }
    }
    /* and no headers: a Request-URI has none (§19.1.1) */
    return i == end;
}

/* Whether u names proxy p: a sip or sips URI with p's host (ASCII case
   does not matter) and port (5060 for sip, 5061 for sips when absent). */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires SPAN_IN(u.host, len);
    requires PROXY_OK(p);
    assigns \nothing;
*/
static int px_names_me(const char *buf, size_t len, sipr_uri_facts u, const sipr_proxy *p)
{
    const uint32_t dflt = u.sip == 2u ? 5061u : 5060u;
    const uint32_t port = u.port != 0 ? u.port : dflt;
    const uint32_t mine = p->port != 0 ? p->port : dflt;
    return u.sip != 0 && port == mine && sipr_span_ieq(buf, len, u.host, p->host.s, p->host.len);
}

/* ---- Route and Record-Route lines -------------------------------------------------- */

/* Whether header line i is a Route (rr == 0) or a Record-Route line (of
   that kind: the message scanner matched the name, in any case). */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    assigns \nothing;
    ensures \result != 0 ==> i < m->n_headers && i < SIPR_MAX_HEADERS;
    ensures \result != 0 ==> SPAN_IN(m->headers[i].value, len);
*/
static int px_named(const char *buf, size_t len, const sipr_msg *m, uint32_t i, int rr)
{
    const uint32_t kind = rr ? (uint32_t)SIPR_H_RECORD_ROUTE : (uint32_t)SIPR_H_ROUTE;
    (void)buf;
    if (i >= m->n_headers || i >= SIPR_MAX_HEADERS || m->headers[i].kind != kind)
        return 0;
    return SPAN_IN(m->headers[i].value, len);
}

/* The first Record-Route line, or n_headers. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    assigns \nothing;
*/
static uint32_t px_first_rr(const char *buf, size_t len, const sipr_msg *m)
{
    uint32_t i;
    const uint32_t n = m->n_headers;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i;
        loop variant n - i; */
    for (i = 0; i < n; i++)
        if (px_named(buf, len, m, i, 1))
            return i;
    return n;
}

/* Every Route value of the message. */
typedef struct {
    uint32_t n;    /* how many */
    uint32_t last; /* the last Route line, SIPR_NONE when none */
    int ok;        /* each is a name-addr with a URI */
} px_routes;

/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m);
    assigns \nothing;
*/
static px_routes px_scan_routes(const char *buf, size_t len, const sipr_msg *m)
{
    px_routes r;
    uint32_t i;
    const uint32_t n = m->n_headers;
    r.n = 0;
    r.last = SIPR_NONE;
    r.ok = 1;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, r.n, r.last, r.ok;
        loop variant n - i; */
    for (i = 0; i < n; i++) {
        px_count c;
        if (!px_named(buf, len, m, i, 0))
            continue;
        c = px_route_values(buf, len, m->headers[i].value);
        if (!c.ok)
            r.ok = 0;
        r.n += c.n;
        r.last = i;
    }
    return r;
}

/* The URI of Route value k, counting the values of every Route line in
   order; len 0 when there is none. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m);
    assigns \nothing;
    ensures SPAN_IN(\result, len);
*/
static sipr_span px_route_uri(const char *buf, size_t len, const sipr_msg *m, uint32_t k)
{
    uint32_t i, base = 0;
    const uint32_t n = m->n_headers;
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, base;
        loop variant n - i; */
    for (i = 0; i < n; i++) {
        sipr_span v;
        px_count c;
        if (!px_named(buf, len, m, i, 0))
            continue;
        v = m->headers[i].value;
        c = px_route_values(buf, len, v);
        if (k >= base && k - base < c.n) {
            const sipr_elem e = sipr_list_walk(buf, len, v.off, (size_t)v.off + v.len, k - base);
            if (!e.ok)
                return SPAN_NONE;
            return sipr_elem_uri(buf, len, e.start, e.end);
        }
        base += c.n;
    }
    return SPAN_NONE;
}

/* ---- Deciding ---------------------------------------------------------------------- */

/* A plan that changes nothing, with the places where new lines go. */
/*@ requires \valid_read(m);
    assigns \nothing;
*/
static px_plan px_plan_new(const sipr_msg *m)
{
    px_plan pl;
    const uint32_t n = m->n_headers;
    const uint32_t fv = m->first[SIPR_H_VIA], lv = m->last[SIPR_H_VIA];
    pl.st = SIPR_OK;
    pl.hash = 0;
    pl.mf_value = 0;
    pl.n_route = 0;
    pl.drop_front = 0;
    pl.drop_back = 0;
    pl.new_ruri = SPAN_NONE;
    pl.append = SPAN_NONE;
    /* the new Via goes on top of the Vias (§16.6 step 8), or first */
    pl.via_at = fv < n ? fv : 0u;
    pl.post_at = lv < n ? lv + 1u : pl.via_at;
    pl.rr_at = pl.post_at;
    pl.route_at = n;
    pl.push = 0;
    pl.fix = 0;
    pl.pop = 0;
    pl.mf = 0;
    pl.rr = 0;
    pl.rr_sips = 0;
    return pl;
}

/* §18.2.1, RFC 3581 §4: the top Via of a request from p->src_host gets
   received when its sent-by host is not that address, or when it has
   rport (then its rport gets the source port). */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m) && PROXY_OK(p);
    assigns \nothing;
*/
static px_plan px_plan_fix(const char *buf, size_t len, const sipr_msg *m, const sipr_proxy *p,
                           px_plan pl)
{
    if (p->src_host.len != 0 && sipr_needs_received(buf, len, m, p->src_host))
        pl.fix = 1;
    return pl;
}

/* §16.4 and §16.6 step 6 (loose routing, §16.12): which Route values go,
   and what becomes the Request-URI. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m) && PROXY_OK(p);
    requires SPAN_IN(m->request_uri, len);
    assigns \nothing;
*/
static px_plan px_plan_routes(const char *buf, size_t len, const sipr_msg *m, const sipr_proxy *p,
                              px_plan pl)
{
    const px_routes rs = px_scan_routes(buf, len, m);
    const sipr_uri_facts ru = sipr_route_uri(buf, len, m->request_uri);
    if (!rs.ok) {
        pl.st = SIPR_E_ROUTE;
        return pl;
    }
    pl.n_route = rs.n;
    if (rs.last < m->n_headers)
        pl.route_at = rs.last + 1u;
    if (rs.n == 0)
        return pl;
    /* §16.4: a strict router put the URI this proxy records (no user, lr)
       into the Request-URI, and the Request-URI it replaced into the last
       Route value: restore it */
    if (p->record_route && ru.sip != 0 && !ru.user && ru.lr && px_names_me(buf, len, ru, p)) {
        pl.new_ruri = px_route_uri(buf, len, m, rs.n - 1u);
        pl.drop_back = 1;
    }
    /* §16.4: the first Route value names this proxy: it is done */
    if (rs.n > pl.drop_back) {
        const sipr_span f = px_route_uri(buf, len, m, 0);
        if (f.len != 0 && px_names_me(buf, len, sipr_route_uri(buf, len, f), p))
            pl.drop_front = 1;
    }
    /* §16.6 step 6: the next hop is a strict router (no lr): it gets the
       request with its URI as the Request-URI, and the Request-URI goes to
       the end of the route */
    if (rs.n > pl.drop_back + pl.drop_front) {
        const sipr_span f = px_route_uri(buf, len, m, pl.drop_front);
        if (f.len != 0 && !sipr_route_uri(buf, len, f).lr) {
            pl.append = pl.new_ruri.len != 0 ? pl.new_ruri : m->request_uri;
            pl.new_ruri = f;
            pl.drop_front++;
        }
    }
    if (pl.new_ruri.len != 0 && !px_target_ok(buf, len, pl.new_ruri))
        pl.st = SIPR_E_ROUTE;
    return pl;
}

/* §16.6 step 4: the Record-Route URI is a sips URI when the Request-URI
   or the first Route value left is one. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m);
    assigns \nothing;
*/
static int px_rr_sips(const char *buf, size_t len, const sipr_msg *m, px_plan pl)
{
    const sipr_span u = pl.new_ruri.len != 0 ? pl.new_ruri : m->request_uri;
    if (SPAN_IN(u, len) && sipr_route_uri(buf, len, u).sip == 2u)
        return 1;
    if (pl.n_route > pl.drop_front + pl.drop_back)
        return sipr_route_uri(buf, len, px_route_uri(buf, len, m, pl.drop_front)).sip == 2u;
    return 0;
}

/* ---- The branch (§16.11) ------------------------------------------------------------- */

/* FNV-1a over the bytes of s (none when s is not inside buf), then a 0
   byte, so that one field cannot run into the next. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    assigns \nothing;
*/
static uint64_t px_fnv(uint64_t h, const char *buf, size_t len, sipr_span s)
{
    size_t k;
    if (SPAN_IN(s, len)) {
        /*@ loop invariant 0 <= k <= s.len;
            loop assigns k, h;
            loop variant s.len - k; */
        for (k = 0; k < s.len; k++) {
            h ^= (uint64_t)(uint8_t)buf[(size_t)s.off + k];
            h *= PX_FNV_PRIME;
        }
    }
    return h * PX_FNV_PRIME;
}

/*@ assigns \nothing; */
static uint64_t px_fnv_u32(uint64_t h, uint32_t v)
{
    int k;
    /*@ loop invariant 0 <= k <= 4;
        loop assigns k, h;
        loop variant 4 - k; */
    for (k = 0; k < 4; k++) {
        h ^= (uint64_t)((v >> (24 - 8 * k)) & 0xFFu);
        h *= PX_FNV_PRIME;
    }
    return h;
}

/* §16.11: with an RFC 3261 branch on top, a hash of that branch (so that
   CANCEL and the ACK of a non-2xx response get their INVITE's); else of
   the top Via (sent-by and branch), the To tag, the From tag, the Call-ID,
   the CSeq number and the Request-URI. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    assigns \nothing;
*/
static uint64_t px_branch_hash(const char *buf, size_t len, const sipr_msg *m)
{
    uint64_t h = PX_FNV_OFFSET;
    if (m->n_vias > 0) {
        const sipr_span b = m->vias[0].branch;
        if (SPAN_IN(b, len) && b.len > 7u &&
            sipr_span_eq_lit(buf, len, SPAN_AT(b.off, (size_t)b.off + 7u), "z9hG4bK", 7))
            return px_fnv(h, buf, len, b);
        h = px_fnv(h, buf, len, m->vias[0].host);
        h = px_fnv(h, buf, len, m->vias[0].port_text);
        h = px_fnv(h, buf, len, b);
    }
    h = px_fnv(h, buf, len, m->to.tag);
    h = px_fnv(h, buf, len, m->from.tag);
    h = px_fnv(h, buf, len, m->call_id);
    h = px_fnv_u32(h, m->cseq_number);
    return px_fnv(h, buf, len, m->request_uri);
}

/* "z9hG4bK" and the hash in 16 hex digits */
/*@ requires OUT_OK(out, cap);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_branch(char *out, size_t cap, size_t pos, uint64_t h)
{
    int k;
    pos = sipr_put(out, cap, pos, "z9hG4bK", 7);
    /*@ loop invariant 0 <= k <= 16;
        loop invariant \at(pos, Pre) <= pos <= SIPR_OUT_SAT;
        loop assigns k, pos, out[0 .. cap - 1];
        loop variant 16 - k; */
    for (k = 0; k < 16; k++) {
        const uint32_t d = (uint32_t)((h >> (60 - 4 * k)) % 16u);
        pos = sipr_put_char(out, cap, pos, (char)(d < 10u ? '0' + (int)d : 'a' + (int)d - 10));
    }
    return pos;
}

/* ---- Writing ------------------------------------------------------------------------- */

/* Via: SIP/2.0/transport host[:port];branch=... CRLF (§16.6 step 8) */
/*@ requires OUT_OK(out, cap);
    requires PROXY_OK(p) && \separated(p, out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_new_via(char *out, size_t cap, size_t pos, const sipr_proxy *p, uint64_t hash)
{
    pos = sipr_put_head(out, cap, pos, "Via", 3);
    pos = sipr_put(out, cap, pos, "SIP/2.0/", 8);
    if (p->transport.len != 0)
        pos = sipr_put(out, cap, pos, p->transport.s, p->transport.len);
    else
        pos = sipr_put(out, cap, pos, "UDP", 3);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put(out, cap, pos, p->host.s, p->host.len);
    if (p->port != 0) {
        pos = sipr_put_char(out, cap, pos, ':');
        pos = sipr_put_u32(out, cap, pos, p->port);
    }
    pos = sipr_put(out, cap, pos, ";branch=", 8);
    if (p->branch.len != 0)
        pos = sipr_put(out, cap, pos, p->branch.s, p->branch.len);
    else
        pos = px_put_branch(out, cap, pos, hash);
    return sipr_put_crlf(out, cap, pos);
}

/* Record-Route: <sip:host[:port];lr> CRLF (§16.6 step 4, loose routing) */
/*@ requires OUT_OK(out, cap);
    requires PROXY_OK(p) && \separated(p, out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_rr(char *out, size_t cap, size_t pos, const sipr_proxy *p, int sips)
{
    pos = sipr_put_head(out, cap, pos, "Record-Route", 12);
    if (sips)
        pos = sipr_put(out, cap, pos, "<sips:", 6);
    else
        pos = sipr_put(out, cap, pos, "<sip:", 5);
    pos = sipr_put(out, cap, pos, p->host.s, p->host.len);
    if (p->port != 0) {
        pos = sipr_put_char(out, cap, pos, ':');
        pos = sipr_put_u32(out, cap, pos, p->port);
    }
    pos = sipr_put(out, cap, pos, ";lr>", 4);
    return sipr_put_crlf(out, cap, pos);
}

/* The lines that go before line i (i == n_headers: after the last). */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires PROXY_OK(p) && \separated(p, out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_before(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                            const sipr_proxy *p, px_plan pl, uint32_t i)
{
    if (pl.push && i == pl.via_at)
        pos = px_put_new_via(out, cap, pos, p, pl.hash);
    if (pl.mf == 2u && i == pl.post_at) {
        /* §16.6 step 3: a request without Max-Forwards gets one */
        pos = sipr_put_head(out, cap, pos, "Max-Forwards", 12);
        pos = sipr_put_u32(out, cap, pos, pl.mf_value);
        pos = sipr_put_crlf(out, cap, pos);
    }
    if (pl.rr && i == pl.rr_at)
        pos = px_put_rr(out, cap, pos, p, pl.rr_sips);
    if (pl.append.len != 0 && i == pl.route_at) {
        pos = sipr_put(out, cap, pos, "Route: <", 8);
        pos = sipr_put_span(out, cap, pos, buf, len, pl.append);
        pos = sipr_put_char(out, cap, pos, '>');
        pos = sipr_put_crlf(out, cap, pos);
    }
    return pos;
}

/* The other parameters of a via-parm: ;name[=value] for each of the run. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m) && \separated(m, out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_plist(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                           const sipr_msg *m, sipr_plist pl)
{
    uint32_t k;
    /*@ loop invariant 0 <= k <= pl.count;
        loop invariant \at(pos, Pre) <= pos <= SIPR_OUT_SAT;
        loop assigns k, pos, out[0 .. cap - 1];
        loop variant pl.count - k; */
    for (k = 0; k < pl.count; k++) {
        const uint32_t j = (uint32_t)pl.first + k;
        if (j >= m->n_params || j >= SIPR_MAX_PARAMS)
            break;
        pos = sipr_put_char(out, cap, pos, ';');
        pos = sipr_put_span(out, cap, pos, buf, len, m->params[j].name);
        if (m->params[j].value.len != 0) {
            pos = sipr_put_char(out, cap, pos, '=');
            pos = sipr_put_span(out, cap, pos, buf, len, m->params[j].value);
        }
    }
    return pos;
}

/* The top via-parm, canonically, with received=src_host and a filled
   rport (RFC 3581 §4): sent-protocol SP sent-by, then branch, received,
   rport, maddr, ttl and the other parameters. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m) && \separated(m, out + (0 .. cap - 1));
    requires PROXY_OK(p) && \separated(p, out + (0 .. cap - 1));
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_via_parm(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                              const sipr_msg *m, const sipr_proxy *p)
{
    const sipr_via *v = &m->vias[0];
    pos = sipr_put_span(out, cap, pos, buf, len, v->protocol_name);
    pos = sipr_put_char(out, cap, pos, '/');
    pos = sipr_put_span(out, cap, pos, buf, len, v->protocol_version);
    pos = sipr_put_char(out, cap, pos, '/');
    pos = sipr_put_span(out, cap, pos, buf, len, v->transport);
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put_span(out, cap, pos, buf, len, v->host);
    if (v->port_text.len != 0) {
        pos = sipr_put_char(out, cap, pos, ':');
        pos = sipr_put_span(out, cap, pos, buf, len, v->port_text);
    }
    if (v->branch.len != 0) {
        pos = sipr_put(out, cap, pos, ";branch=", 8);
        pos = sipr_put_span(out, cap, pos, buf, len, v->branch);
    }
    pos = sipr_put(out, cap, pos, ";received=", 10);
    pos = sipr_put(out, cap, pos, p->src_host.s, p->src_host.len);
    if (v->has_rport) {
        pos = sipr_put(out, cap, pos, ";rport=", 7);
        if (v->rport.len != 0)
            pos = sipr_put_span(out, cap, pos, buf, len, v->rport);
        else
            pos = sipr_put_u32(out, cap, pos, p->src_port);
    }
    if (v->maddr.len != 0) {
        pos = sipr_put(out, cap, pos, ";maddr=", 7);
        pos = sipr_put_span(out, cap, pos, buf, len, v->maddr);
    }
    if (v->ttl.len != 0) {
        pos = sipr_put(out, cap, pos, ";ttl=", 5);
        pos = sipr_put_span(out, cap, pos, buf, len, v->ttl);
    }
    return px_put_plist(out, cap, pos, buf, len, m, v->params);
}

/* Where the top via-parm lies in line e: [start, end), trimmed; ok == 0
   when line e is not the top Via's. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires e.start <= e.end <= len && SPAN_IN(e.value, len);
    assigns \nothing;
    ensures \result.ok != 0 ==> e.start <= \result.start <= \result.end <= e.end;
    ensures \result.ok != 0 ==> \result.end <= e.value.off + e.value.len;
*/
static sipr_elem px_top_parm(const char *buf, size_t len, const sipr_msg *m, sipr_extent e, uint32_t i)
{
    sipr_elem r;
    const size_t to = (size_t)e.value.off + e.value.len;
    size_t ps;
    r.start = 0;
    r.end = 0;
    r.count = 0;
    r.ok = 0;
    if (m->n_vias == 0 || m->vias[0].header != i)
        return r;
    ps = m->vias[0].protocol_name.off;
    if (ps < e.start || ps < e.value.off || ps > to || to > e.end)
        return r;
    r.start = ps;
    r.end = px_trim(buf, len, ps, px_elem_end(buf, len, ps, to));
    r.ok = 1;
    return r;
}

/* Line e, the top Via's, with received / rport (§18.2.1, RFC 3581). */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m) && \separated(m, out + (0 .. cap - 1));
    requires PROXY_OK(p) && \separated(p, out + (0 .. cap - 1));
    requires e.start <= e.end <= len && SPAN_IN(e.value, len);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_fixed(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                           const sipr_msg *m, const sipr_proxy *p, sipr_extent e, uint32_t i)
{
    const sipr_elem t = px_top_parm(buf, len, m, e, i);
    if (!t.ok)
        return sipr_put_range(out, cap, pos, buf, len, e.start, e.end);
    pos = sipr_put_range(out, cap, pos, buf, len, e.start, t.start);
    pos = px_put_via_parm(out, cap, pos, buf, len, m, p);
    return sipr_put_range(out, cap, pos, buf, len, t.end, e.end);
}

/* Line e, the top Via's, without its first value (§16.7 step 3): nothing
   when it has no other, else name ": " and the other values. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires e.start <= e.end <= len && SPAN_IN(e.value, len) && SPAN_IN(e.name, len);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_popped(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                            const sipr_msg *m, sipr_extent e, uint32_t i)
{
    const size_t to = (size_t)e.value.off + e.value.len;
    const sipr_elem t = px_top_parm(buf, len, m, e, i);
    size_t after, rest;
    if (!t.ok)
        return sipr_put_range(out, cap, pos, buf, len, e.start, e.end);
    after = px_elem_end(buf, len, t.start, to);
    if (after >= to)
        return pos;
    rest = sipr_run(buf, len, after + 1u, to, SIPR_RUN_LWS);
    if (rest >= to)
        return pos;
    pos = sipr_put_span(out, cap, pos, buf, len, e.name);
    pos = sipr_put_char(out, cap, pos, ':');
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put_range(out, cap, pos, buf, len, rest, to);
    return sipr_put_crlf(out, cap, pos);
}

/* Route line e, whose first value is Route value g, with the values the
   plan drops left out: copied when it keeps them all, dropped when it
   keeps none, else name ": " and the values kept. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires e.start <= e.end <= len && SPAN_IN(e.value, len) && SPAN_IN(e.name, len);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_route_line(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                                px_plan pl, sipr_extent e, uint32_t g)
{
    const size_t to = (size_t)e.value.off + e.value.len;
    const uint32_t c = px_route_values(buf, len, e.value).n;
    const uint32_t keep_to = pl.n_route >= pl.drop_back ? pl.n_route - pl.drop_back : 0u;
    const uint32_t lo = g < pl.drop_front ? pl.drop_front : g;
    const uint32_t hi = g + c < keep_to ? g + c : keep_to;
    sipr_elem a, b;
    if (lo == g && hi == g + c)
        return sipr_put_range(out, cap, pos, buf, len, e.start, e.end);
    if (lo >= hi)
        return pos;
    a = sipr_list_walk(buf, len, e.value.off, to, lo - g);
    b = sipr_list_walk(buf, len, e.value.off, to, hi - g - 1u);
    if (!a.ok || !b.ok || a.start > b.end)
        return sipr_put_range(out, cap, pos, buf, len, e.start, e.end);
    pos = sipr_put_span(out, cap, pos, buf, len, e.name);
    pos = sipr_put_char(out, cap, pos, ':');
    pos = sipr_put_char(out, cap, pos, ' ');
    pos = sipr_put_range(out, cap, pos, buf, len, a.start, b.end);
    return sipr_put_crlf(out, cap, pos);
}

/* Header line i (at e) as the plan has it. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m) && \separated(m, out + (0 .. cap - 1));
    requires PROXY_OK(p) && \separated(p, out + (0 .. cap - 1));
    requires e.start <= e.end <= len && SPAN_IN(e.value, len) && SPAN_IN(e.name, len);
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures pos <= \result <= SIPR_OUT_SAT;
*/
static size_t px_put_line(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                          const sipr_msg *m, const sipr_proxy *p, px_plan pl, sipr_extent e,
                          uint32_t i, uint32_t g)
{
    if (i == m->first[SIPR_H_VIA] && pl.pop)
        return px_put_popped(out, cap, pos, buf, len, m, e, i);
    if (i == m->first[SIPR_H_VIA] && pl.fix)
        return px_put_fixed(out, cap, pos, buf, len, m, p, e, i);
    if (pl.mf == 1u && i == m->first[SIPR_H_MAX_FORWARDS]) {
        /* §16.6 step 3: one less */
        pos = sipr_put_span(out, cap, pos, buf, len, e.name);
        pos = sipr_put_char(out, cap, pos, ':');
        pos = sipr_put_char(out, cap, pos, ' ');
        pos = sipr_put_u32(out, cap, pos, pl.mf_value);
        return sipr_put_crlf(out, cap, pos);
    }
    if ((pl.drop_front != 0 || pl.drop_back != 0) && px_named(buf, len, m, i, 0))
        return px_put_route_line(out, cap, pos, buf, len, pl, e, g);
    return sipr_put_range(out, cap, pos, buf, len, e.start, e.end);
}

/* The header lines and the rest of the message, from cur (the end of the
   start line) to end (the end of the body). SIPR_OUT_SAT + 1: the lines
   are not those of a parse of buf. */
/*@ requires OUT_OK(out, cap);
    requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid_read(m) && \separated(m, out + (0 .. cap - 1));
    requires PROXY_OK(p) && \separated(p, out + (0 .. cap - 1));
    requires cur <= len && end <= len;
    requires pos <= SIPR_OUT_SAT;
    assigns out[0 .. cap - 1];
    ensures \result <= SIPR_OUT_SAT + 1;
*/
static size_t px_put_lines(char *out, size_t cap, size_t pos, const char *buf, size_t len,
                           const sipr_msg *m, const sipr_proxy *p, px_plan pl, size_t cur,
                           size_t end)
{
    uint32_t i, g = 0;
    const uint32_t n = m->n_headers;
    /*@ loop invariant 0 <= i <= n;
        loop invariant cur <= len;
        loop invariant pos <= SIPR_OUT_SAT;
        loop assigns i, g, cur, pos, out[0 .. cap - 1];
        loop variant n - i; */
    for (i = 0; i < n; i++) {
        const sipr_extent e = sipr_line_extent(buf, len, m, i);
        if (!e.ok || e.start < cur)
            return SIPR_OUT_SAT + 1u;
        pos = sipr_put_range(out, cap, pos, buf, len, cur, e.start);
        pos = px_put_before(out, cap, pos, buf, len, p, pl, i);
        pos = px_put_line(out, cap, pos, buf, len, m, p, pl, e, i, g);
        if (px_named(buf, len, m, i, 0))
            g += px_route_values(buf, len, e.value).n;
        cur = e.end;
    }
    pos = px_put_before(out, cap, pos, buf, len, p, pl, n);
    if (cur > end)
        return SIPR_OUT_SAT + 1u;
    return sipr_put_range(out, cap, pos, buf, len, cur, end);
}

/* The message as the plan has it. */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m) && PROXY_OK(p);
    requires \valid(out + (0 .. cap - 1)) && \valid(out_len);
    requires \separated(out + (0 .. cap - 1), m, p, out_len);
    requires len <= SIPR_MAX_MSG_LEN && SPAN_IN(m->body, len);
    requires SPAN_IN(m->method, len) && SPAN_IN(m->version, len);
    assigns out[0 .. cap - 1], *out_len;
    ensures \result == SIPR_OK ==> *out_len <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < *out_len <= SIPR_MAX_OUT_LEN;
    ensures \result == SIPR_OK || \result == SIPR_E_NO_SPACE || \result == SIPR_E_TOO_LONG ||
            \result == SIPR_E_EDIT;
*/
static sipr_status px_write(const char *buf, size_t len, const sipr_msg *m, const sipr_proxy *p,
                            px_plan pl, char *out, size_t cap, size_t *out_len)
{
    size_t pos = 0;
    const size_t cur = sipr_start_end(buf, len);
    if (pl.new_ruri.len != 0) {
        /* §16.6 step 6, §16.4: Method SP new Request-URI SP SIP-Version */
        pos = sipr_put_span(out, cap, pos, buf, len, m->method);
        pos = sipr_put_char(out, cap, pos, ' ');
        pos = sipr_put_span(out, cap, pos, buf, len, pl.new_ruri);
        pos = sipr_put_char(out, cap, pos, ' ');
        pos = sipr_put_span(out, cap, pos, buf, len, m->version);
        pos = sipr_put_crlf(out, cap, pos);
    } else {
        pos = sipr_put_range(out, cap, pos, buf, len, 0, cur);
    }
    pos = px_put_lines(out, cap, pos, buf, len, m, p, pl, cur, (size_t)m->body.off + m->body.len);
    if (pos > SIPR_OUT_SAT)
        return SIPR_E_EDIT;
    return sipr_out_done(pos, cap, out_len);
}

/* A proxy with no name (the received / response operations need none). */
/*@ assigns \nothing;
    ensures STR_OK(\result.host) && STR_OK(\result.transport) && STR_OK(\result.branch);
    ensures STR_OK(\result.src_host);
*/
static sipr_proxy px_nobody(void)
{
    sipr_proxy q;
    q.host.s = (const char *)0;
    q.host.len = 0;
    q.port = 0;
    q.transport = q.host;
    q.branch = q.host;
    q.record_route = 0;
    q.src_host = q.host;
    q.src_port = 0;
    return q;
}

/* The proxy's strings can be written. */
/*@ requires PROXY_OK(p);
    assigns \nothing;
    ensures \result == SIPR_OK || \result == SIPR_E_HEADER_VALUE;
*/
static sipr_status px_check(const sipr_proxy *p)
{
    if (p->host.len == 0 || !sipr_chars_ok(p->host.s, p->host.len, SIPR_CC_HOST) ||
        !sipr_chars_ok(p->transport.s, p->transport.len, SIPR_CC_TOKEN) ||
        !sipr_chars_ok(p->branch.s, p->branch.len, SIPR_CC_TOKEN) ||
        !sipr_chars_ok(p->src_host.s, p->src_host.len, SIPR_CC_HOST))
        return SIPR_E_HEADER_VALUE;
    return SIPR_OK;
}

/* ---- The operations ---------------------------------------------------------------- */

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires \valid(out + (0 .. cap - 1));
    requires \valid(out_len);
    requires \separated(out + (0 .. cap - 1), buf + (0 .. len - 1), m, out_len);
    assigns out[0 .. cap - 1], *out_len;
    ensures \result == SIPR_OK ==> *out_len <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < *out_len <= SIPR_MAX_OUT_LEN;
*/
sipr_status sipr_proxy_branch(const char *buf, size_t len, const sipr_msg *m, char *out, size_t cap,
                              size_t *out_len)
{
    *out_len = 0;
    if (!sipr_msg_writable(m, len) || m->type != SIPR_MSG_REQUEST)
        return SIPR_E_EDIT;
    return sipr_out_done(px_put_branch(out, cap, 0, px_branch_hash(buf, len, m)), cap, out_len);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires PROXY_OK(p);
    requires \valid(out + (0 .. cap - 1));
    requires \valid(out_len) && \valid(response);
    requires \separated(out + (0 .. cap - 1), buf + (0 .. len - 1), m, p, out_len, response);
    assigns out[0 .. cap - 1], *out_len, *response;
    ensures \result == SIPR_OK ==> *out_len <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < *out_len <= SIPR_MAX_OUT_LEN;
    ensures \result == SIPR_E_TOO_MANY_HOPS ==> *response == 483;
*/
sipr_status sipr_proxy_forward(const char *buf, size_t len, const sipr_msg *m, const sipr_proxy *p,
                               char *out, size_t cap, size_t *out_len, uint16_t *response)
{
    px_plan pl;
    sipr_status st;
    *out_len = 0;
    *response = 0;
    if (!sipr_msg_writable(m, len) || m->type != SIPR_MSG_REQUEST)
        return SIPR_E_EDIT;
    st = px_check(p);
    if (st != SIPR_OK)
        return st;
    pl = px_plan_new(m);
    /* §16.3 step 3, §16.6 step 3 */
    if (m->first[SIPR_H_MAX_FORWARDS] != SIPR_NONE) {
        if (m->max_forwards == 0) {
            *response = 483;
            return SIPR_E_TOO_MANY_HOPS;
        }
        pl.mf = 1;
        pl.mf_value = m->max_forwards - 1u;
    } else {
        pl.mf = 2;
        pl.mf_value = 70;
    }
    pl = px_plan_fix(buf, len, m, p, pl);
    pl = px_plan_routes(buf, len, m, p, pl);
    if (pl.st != SIPR_OK)
        return SIPR_E_ROUTE;
    if (p->record_route) {
        const uint32_t rr = px_first_rr(buf, len, m);
        pl.rr = 1;
        if (rr < m->n_headers)
            pl.rr_at = rr;
        pl.rr_sips = (uint8_t)px_rr_sips(buf, len, m, pl);
    }
    pl.push = 1;
    pl.hash = px_branch_hash(buf, len, m);
    return px_write(buf, len, m, p, pl, out, cap, out_len);
}

/* Whether the top Via's sent-by is p's host and port (5060 when absent,
   5061 over TLS, §18.2.2). */
/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m) && PROXY_OK(p);
    assigns \nothing;
*/
static int px_via_names_me(const char *buf, size_t len, const sipr_msg *m, const sipr_proxy *p)
{
    const sipr_span t = m->vias[0].transport;
    const uint32_t dflt = (SPAN_IN(t, len) && sipr_span_ieq(buf, len, t, "TLS", 3)) ? 5061u : 5060u;
    const uint32_t port = m->vias[0].port != 0 ? m->vias[0].port : dflt;
    const uint32_t mine = p->port != 0 ? p->port : dflt;
    return SPAN_IN(m->vias[0].host, len) && port == mine &&
           sipr_span_ieq(buf, len, m->vias[0].host, p->host.s, p->host.len);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires p == \null || PROXY_OK(p);
    requires \valid(out + (0 .. cap - 1));
    requires \valid(out_len);
    requires \separated(out + (0 .. cap - 1), buf + (0 .. len - 1), m, out_len);
    requires p != \null ==> \separated(p, out + (0 .. cap - 1));
    assigns out[0 .. cap - 1], *out_len;
    ensures \result == SIPR_OK ==> *out_len <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < *out_len <= SIPR_MAX_OUT_LEN;
*/
sipr_status sipr_proxy_response(const char *buf, size_t len, const sipr_msg *m, const sipr_proxy *p,
                                char *out, size_t cap, size_t *out_len)
{
    const sipr_proxy nobody = px_nobody();
    px_plan pl;
    *out_len = 0;
    if (!sipr_msg_writable(m, len) || m->type != SIPR_MSG_RESPONSE)
        return SIPR_E_EDIT;
    if (m->n_vias == 0)
        return SIPR_E_NO_VIA_LEFT;
    if (p != (const sipr_proxy *)0 && !px_via_names_me(buf, len, m, p))
        return SIPR_E_NOT_THIS_PROXY;
    /* §16.7 step 3: no Via left, the response was for this proxy */
    if (m->n_vias < 2u)
        return SIPR_E_NO_VIA_LEFT;
    pl = px_plan_new(m);
    pl.pop = 1;
    return px_write(buf, len, m, &nobody, pl, out, cap, out_len);
}

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires \valid_read(m);
    requires STR_OK(src_host);
    requires \valid(out + (0 .. cap - 1));
    requires \valid(out_len);
    requires \separated(out + (0 .. cap - 1), buf + (0 .. len - 1), m, out_len);
    assigns out[0 .. cap - 1], *out_len;
    ensures \result == SIPR_OK ==> *out_len <= cap;
    ensures \result == SIPR_E_NO_SPACE ==> cap < *out_len <= SIPR_MAX_OUT_LEN;
*/
sipr_status sipr_proxy_received(const char *buf, size_t len, const sipr_msg *m, sipr_str src_host,
                                uint16_t src_port, char *out, size_t cap, size_t *out_len)
{
    sipr_proxy q = px_nobody();
    px_plan pl;
    *out_len = 0;
    if (!sipr_msg_writable(m, len) || m->type != SIPR_MSG_REQUEST)
        return SIPR_E_EDIT;
    if (src_host.len == 0 || !sipr_chars_ok(src_host.s, src_host.len, SIPR_CC_HOST))
        return SIPR_E_HEADER_VALUE;
    q.src_host = src_host;
    q.src_port = src_port;
    pl = px_plan_fix(buf, len, m, &q, px_plan_new(m));
    return px_write(buf, len, m, &q, pl, out, cap, out_len);
}
