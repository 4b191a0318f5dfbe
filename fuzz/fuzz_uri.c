/* siprove: fuzz harness for the URI scanner, sipr_scan_uri (grammar/uri.rl, with
 * grammar/tel_uri.rl and grammar/abs_uri.rl).
 *
 * Drivers as in fuzz/fuzz_parse.c (fuzz/driver.h): AFL++ persistent mode,
 * libFuzzer (-fsanitize=fuzzer -DSIPR_LIBFUZZER), or a main that replays
 * files. sipr_scan_uri is internal (src/sipr_internal.h, -Isrc): sipr_parse
 * reaches it only through a Request-URI, and the name-addr and Contact
 * scanners only through what their grammars let through; called directly it
 * sees any bytes at all.
 *
 * The input is the URI. It is copied into an exactly-sized heap buffer (ASan
 * then catches a read past its end) and scanned four times, each time into a
 * sipr_msg fresh from sipr_msg_init whose pool entries the scan may not touch
 * are filled with a pattern first:
 *   - "default": the whole buffer, default limits, err SIPR_E_URI;
 *   - "embedded": the input between a prefix and a suffix that would change
 *     the URI if the scanner read them ("sips:a@" ... "@b;c?d=e%"), with 0 to
 *     3 pool entries taken before the scan (as when a Contact URI follows a
 *     Via's parameters), err SIPR_E_REQUEST_URI;
 *   - "tiny": the whole buffer with max_params 1, then 2.
 * Every scan must keep to what it may write (its ACSL assigns: *out,
 * m->params, m->n_params, m->err_off): the rest of the sipr_msg, and the pool
 * entries before the ones it adds and after m->n_params, must be as they were.
 * Its status must be SIPR_OK, err (a syntax error), SIPR_E_NUMBER_RANGE (a
 * port above 65535) or SIPR_E_TOO_MANY_PARAMS. The harness abort()s when a
 * result breaks one of these properties:
 *   - on error: err_off inside the span [v.off, v.off + v.len] (so <= len);
 *     at a digit of the port for SIPR_E_NUMBER_RANGE; at a parameter or header
 *     name, after its ';', '?' or '&', with a full pool, for
 *     SIPR_E_TOO_MANY_PARAMS;
 *   - on success (siprove.h, sipr_uri and sipr_span): scheme SIP, SIPS, TEL
 *     or OTHER and host_kind a sipr_host_kind; every span inside [0, len)
 *     and, when not empty, inside v; the plists inside [0, n_params) and
 *     exactly the entries the scan added, parameters then headers;
 *     scheme_name the first bytes of v, followed by ':', equal to "sip" /
 *     "sips" / "tel" (ASCII case ignored) exactly when the scheme is SIP /
 *     SIPS / TEL; for TEL (RFC 3966 §3) opaque everything after the colon,
 *     user the number right after the colon (global-number-digits or
 *     local-number-digits), then the pars, each ";" pname ["=" value] in
 *     the pool: isub and ext (with a value, ext's phonedigits) before
 *     phone-context (a domainname or global-number-digits) before the
 *     others (pnames of alphanums and '-'), phone-context present for a
 *     local number, nothing else; for OTHER an
 *     RFC 2396 scheme, opaque "everything after the colon" (siprove.h), no
 *     user, password, parameter or header, and: for an opaque_part no host,
 *     port, path or query; for a hier_part path from its first '/' (after
 *     the authority of a net_path) to its first '?', query after that '?';
 *     for a net_path the host (of its kind) and port_text of its authority
 *     exactly when the authority is a server by an oracle of this harness
 *     (at most one '@', a userinfo of RFC 2396 characters, a hostname or an
 *     IPv4address inet_pton takes, a port of digits up to 65535), none
 *     otherwise; for SIP and SIPS no opaque, path or query, and the
 *     recorded parts are the whole URI in the order of RFC 3261 §19.1.1 with their
 *     delimiters: scheme ":" [user [":" password] "@"] host [":" port]
 *     *(";" name ["=" value]) ["?" name "=" value *("&" name "=" value)];
 *     the host of the kind host_kind says (a hostname, an IPv4address, an
 *     IPv6reference with its brackets; an IP literal one that glibc's
 *     inet_pton takes); port the decimal value of port_text
 *     (<= 65535) and 0 without one; every byte of the URI in the RFC 3261 URI
 *     alphabet (brackets only in SIP, SIPS and tel URIs, '#' only in a tel
 *     number) and every '%' the start of an escape;
 *   - the embedded scan gives the default scan's result shifted by the
 *     prefix (offsets) and by the entries taken (plists), the status with
 *     SIPR_E_REQUEST_URI for SIPR_E_URI; the tiny scans give the default
 *     scan's result, except that a scan whose pool has room for r entries
 *     while the default scan pushed or tried more fails with
 *     SIPR_E_TOO_MANY_PARAMS, its pool full, at the name of entry r (never a
 *     success with entries missing or garbage in the pool);
 *   - IP literals, when the input is 1 to 45 hex digits, ':' and '.':
 *     "sip:[" input "]" scans, its host the whole bracket of kind IPv6,
 *     exactly when inet_pton(AF_INET6) takes the input, and for digits and
 *     '.' only, "sip:" input scans, of kind IPv4, exactly when
 *     inet_pton(AF_INET) takes it (RFC 5954 §4.1's rules, which inet_pton
 *     follows: it agreed with Python's ipaddress on 70,730 generated strings);
 *   - differential, when the input is 1 or more bytes of 0x21 .. 0x7e (what
 *     the message grammar takes as a Request-URI extent, grammar/message.rl):
 *     "OPTIONS " input " SIP/2.0" CRLF and six valid header lines (Via, To,
 *     From, Call-ID, CSeq, Max-Forwards), parsed by sipr_parse with the
 *     default limits. sipr_parse scans the Request-URI first, with the same
 *     scanner and an empty pool (src/parse.c, parse_steps), so: when the
 *     default scan fails, sipr_parse fails with the same status
 *     (SIPR_E_REQUEST_URI for SIPR_E_URI) at err_off + 8; a URI with headers
 *     is refused (§19.1.1) with SIPR_E_REQUEST_URI at its '?'; otherwise the
 *     request parses, unless the URI's entries and the other lines' no longer
 *     fit the pool (SIPR_E_TOO_MANY_PARAMS), and msg.request_uri is the input
 *     at offset 8 and msg.ruri the default result shifted by 8, with the same
 *     pool entries. Inputs longer than SIPR_DEFAULT_MSG_LEN less the
 *     request's other 141 bytes are left out (the request would pass the
 *     default max_msg_len), as are the empty one (no Request-URI at all) and
 *     those with other bytes (the request line would end or break there).
 *
 * Seeds (fuzz/seeds/uri/, scripts/mkseeds.sh) come from RFC 3261 §19.1.3
 * and §19.1.4 (the SIP-URI examples) and §20.10 (mailto:); the Request-URIs
 * of RFC 4475 §3.1.1.2 intmeth (every user and password character), §3.1.1.3
 * esc01 (escapes in the user part), §3.1.1.9 semiuri (';' in the user
 * part), §3.1.2.11 escruri (headers in a Request-URI), §3.3.2 unkscm and
 * §3.3.3 novelsc (other schemes), and the escaped NUL of §3.1.1.4 escnull;
 * RFC 5118 §4.1 to §4.4 (IPv6 references: [2001:db8::10], the ambiguous
 * [2001:db8::10:5070], [2001:db8::10]:5070, and the unbracketed
 * sip:2001:db8::10 it calls invalid); RFC 3966 §6 (tel:, a global and a
 * local number); RFC 5031 §3 (urn:service:sos). The rest are made up.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipr_internal.h"

#define FUZZ_NAME "fuzz_uri"
#include "fail.h"

/* The messages and results of the last input (report() prints them); g_snap
   and g_cmp hold a message before a scan and after it. */
static sipr_msg g_def, g_emb, g_tiny, g_req, g_snap, g_cmp;
static sipr_uri g_u, g_ue, g_ut;
static sipr_status g_sd, g_se, g_sr;
static int g_did_req;

/* what embeds the input in the "embedded" scan */
static const char g_pre[] = "sips:a@";
static const char g_suf[] = "@b;c?d=e%";
#define PRE_LEN (sizeof g_pre - 1u)
#define SUF_LEN (sizeof g_suf - 1u)

/* the request of the differential check around the input */
static const char g_head[] = "OPTIONS ";
static const char g_tail[] = " SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n"
                             "From: <sip:a@b>;tag=1\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n"
                             "Max-Forwards: 70\r\n\r\n";
#define HEAD_LEN (sizeof g_head - 1u)
#define TAIL_LEN (sizeof g_tail - 1u)

/* ---- bytes -------------------------------------------------------------------- */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(int c)
{
    return is_digit(c) || is_alpha(c);
}

static int is_hex(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3261 §25.1 unreserved and reserved, and '%' */
static int is_uri_char(int c)
{
    return is_alnum(c) || (c != 0 && strchr("-_.!~*'();/?:@&=+$,%", c) != NULL);
}

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static uint32_t end_of(sipr_span s)
{
    return s.off + s.len;
}

/* span s of buf equals lit, ASCII case ignored (written again here rather
   than taken from the library, which is under test) */
static int span_ieq(const char *buf, sipr_span s, const char *lit)
{
    size_t k, n = strlen(lit);
    if (s.len != n)
        return 0;
    for (k = 0; k < n; k++)
        if (lower((unsigned char)buf[s.off + k]) != lit[k])
            return 0;
    return 1;
}

/* RFC 3966 §3 visual-separator */
static int is_vsep(int c)
{
    return c == '-' || c == '.' || c == '(' || c == ')';
}

/* [a, b) is RFC 3966 §3 global-number-digits ("+" *phonedigit DIGIT
   *phonedigit) or, when !global, local-number-digits (*phonedigit-hex
   (HEXDIG / "*" / "#") *phonedigit-hex) */
static int tel_digits(const char *buf, uint32_t a, uint32_t b, int global)
{
    uint32_t k;
    int any = 0;
    if (global) {
        if (a >= b || buf[a] != '+')
            return 0;
        a++;
    }
    for (k = a; k < b; k++) {
        const int c = (unsigned char)buf[k];
        if (global ? is_digit(c) : (is_hex(c) || c == '*' || c == '#'))
            any = 1;
        else if (!is_vsep(c))
            return 0;
    }
    return any;
}

/* [a, b) is an RFC 3261 §25.1 hostname: *( domainlabel "." ) toplabel
   [ "." ], each label alphanums and inner '-', the last one starting with
   a letter */
static int is_hostname(const char *buf, uint32_t a, uint32_t b)
{
    uint32_t k, start = a, last = a;
    if (a < b && buf[b - 1u] == '.')
        b--;
    if (a >= b)
        return 0;
    for (k = a; k <= b; k++) {
        if (k < b && buf[k] != '.') {
            const int c = (unsigned char)buf[k];
            if (!is_alnum(c) && c != '-')
                return 0;
            continue;
        }
        /* a label [start, k) */
        if (k == start || buf[start] == '-' || buf[k - 1u] == '-')
            return 0;
        last = start;
        start = k + 1u;
    }
    return is_alpha((unsigned char)buf[last]);
}

/* ---- one result ----------------------------------------------------------------- */

/* s inside [0, len) (SPAN_IN), and inside v when it is not empty */
static void span_in(sipr_span s, sipr_span v, size_t len, const char *scan, const char *what)
{
    if ((uint64_t)s.off + s.len > (uint64_t)len)
        FAIL("%s: span %s (off %u, len %u) outside [0, %zu)", scan, what, (unsigned)s.off,
             (unsigned)s.len, len);
    if (s.len != 0 && (s.off < v.off || (uint64_t)s.off + s.len > (uint64_t)v.off + v.len))
        FAIL("%s: span %s (off %u, len %u) outside the URI (off %u, len %u)", scan, what,
             (unsigned)s.off, (unsigned)s.len, (unsigned)v.off, (unsigned)v.len);
}

static void plist_in(sipr_plist p, const sipr_msg *m, const char *scan, const char *what)
{
    if ((uint32_t)p.first + (uint32_t)p.count > (uint32_t)m->n_params)
        FAIL("%s: plist %s [%u, +%u) outside n_params %u", scan, what, (unsigned)p.first,
             (unsigned)p.count, (unsigned)m->n_params);
}

/* the host is of the kind host_kind says (siprove.h: "hostname, IPv4address
   or IPv6reference with brackets"; common.rl has the grammar) */
/* The oracle for IP literals: glibc's inet_pton, written apart from this
   project, takes exactly RFC 5954's IPv4address and IPv6address (checked
   against Python's ipaddress on 70,730 generated strings: no difference). */
static int pton_ok(int af, const char *s, uint32_t n)
{
    char z[64];
    unsigned char out[16];
    if (n >= sizeof z)
        return 0; /* longer than any address */
    memcpy(z, s, n);
    z[n] = '\0';
    return inet_pton(af, z, out) == 1;
}

static void check_host(const char *buf, const sipr_uri *u, const char *scan)
{
    const char *h = buf + u->host.off;
    uint32_t k, n = u->host.len, dots = 0;
    switch (u->host_kind) {
    case SIPR_HOST_NAME:
        /* the whole RFC 3261 §25.1 rule: labels not empty, no '-' at a
           label's ends, the last label starting with a letter */
        if (!is_hostname(buf, u->host.off, u->host.off + n))
            FAIL("%s: hostname %.*s that RFC 3261 §25.1 refuses", scan, (int)n, h);
        break;
    case SIPR_HOST_IPV4:
        for (k = 0; k < n; k++) {
            if (h[k] == '.')
                dots++;
            else if (!is_digit((unsigned char)h[k]))
                FAIL("%s: byte %#x in an IPv4address", scan, (unsigned char)h[k]);
        }
        if (dots != 3)
            FAIL("%s: IPv4address with %u dots", scan, (unsigned)dots);
        if (!pton_ok(AF_INET, h, n))
            FAIL("%s: IPv4address %.*s that inet_pton refuses", scan, (int)n, h);
        break;
    case SIPR_HOST_IPV6:
        if (n < 3 || h[0] != '[' || h[n - 1] != ']')
            FAIL("%s: IPv6reference without its brackets (len %u)", scan, (unsigned)n);
        for (k = 1; k + 1 < n; k++)
            if (!is_hex((unsigned char)h[k]) && h[k] != ':' && h[k] != '.')
                FAIL("%s: byte %#x in an IPv6reference", scan, (unsigned char)h[k]);
        if (!pton_ok(AF_INET6, h + 1, n - 2))
            FAIL("%s: IPv6reference %.*s that inet_pton refuses", scan, (int)n, h);
        break;
    default:
        FAIL("%s: host of kind %u", scan, u->host_kind);
    }
}

/* The parameters of a tel URI, from pos to the end of the URI (RFC 3966
   §3): ";" pname ["=" value], isub and ext first, then phone-context, then
   the others; a local number has a phone-context. */
static void check_tel(const char *buf, sipr_span v, const sipr_msg *m, const sipr_uri *u,
                      uint32_t pos, const char *scan)
{
    const uint32_t vend = v.off + v.len;
    int group = 0; /* 0: isub and ext, 1: after phone-context, 2: after another */
    int context = 0;
    uint32_t k, j;
    for (k = 0; k < u->params.count; k++) {
        const sipr_param *p = &m->params[u->params.first + k];
        const uint32_t ve = end_of(p->value);
        if (pos >= vend || buf[pos] != ';' || p->name.off != pos + 1u)
            FAIL("%s: tel par %u does not start after a ';' at %u", scan, (unsigned)k,
                 (unsigned)pos);
        pos = end_of(p->name);
        if (p->value.len != 0) {
            if (pos >= vend || buf[pos] != '=' || p->value.off != pos + 1u)
                FAIL("%s: the value of tel par %u does not follow its '='", scan, (unsigned)k);
            pos = ve;
        }
        if (span_ieq(buf, p->name, "ext") || span_ieq(buf, p->name, "isub")) {
            if (group != 0 || p->value.len == 0)
                FAIL("%s: tel par %u, isub or ext, after another or without a value", scan,
                     (unsigned)k);
            if (span_ieq(buf, p->name, "ext"))
                for (j = p->value.off; j < ve; j++)
                    if (!is_digit((unsigned char)buf[j]) && !is_vsep((unsigned char)buf[j]))
                        FAIL("%s: byte %#x in an ext", scan, (unsigned char)buf[j]);
        } else if (span_ieq(buf, p->name, "phone-context")) {
            if (group != 0 || p->value.len == 0)
                FAIL("%s: tel par %u, phone-context, out of place or without a value", scan,
                     (unsigned)k);
            if (!is_hostname(buf, p->value.off, ve) && !tel_digits(buf, p->value.off, ve, 1))
                FAIL("%s: phone-context \"%.*s\" is no domainname or global-number-digits",
                     scan, (int)p->value.len, buf + p->value.off);
            group = 1;
            context = 1;
        } else {
            for (j = p->name.off; j < end_of(p->name); j++)
                if (!is_alnum((unsigned char)buf[j]) && buf[j] != '-')
                    FAIL("%s: byte %#x in a tel pname", scan, (unsigned char)buf[j]);
            group = 2;
        }
    }
    if (buf[u->user.off] != '+' && !context)
        FAIL("%s: a local number without phone-context", scan);
    if (pos != vend)
        FAIL("%s: the tel parts end at %u, the URI at %u", scan, (unsigned)pos, (unsigned)vend);
}

/* The authority of an absoluteURI's net_path, [a, b), read as a server
   (RFC 2396 §3.2.2: [userinfo "@"] hostport, host a hostname or an
   IPv4address, port *digit, here at most 65535): what u must hold, host and
   port, or none for a registry-based authority. */
static void check_authority(const char *buf, const sipr_uri *u, uint32_t a, uint32_t b,
                            const char *scan)
{
    uint32_t k, h = a, he, ats = 0, val = 0;
    int server = 1, kind = SIPR_HOST_NONE;
    for (k = a; k < b; k++)
        if (buf[k] == '@') {
            ats++;
            h = k + 1u;
        }
    for (k = a; k + 1u < h; k++)
        if (!(is_alnum((unsigned char)buf[k]) || strchr("-_.!~*'();:&=+$,%", buf[k]) != NULL))
            server = 0; /* the bytes of the whole URI are checked elsewhere */
    for (he = h; he < b && buf[he] != ':'; he++)
        ;
    if (ats > 1u || h == he)
        server = 0;
    else if (pton_ok(AF_INET, buf + h, he - h))
        kind = SIPR_HOST_IPV4;
    else if (is_hostname(buf, h, he))
        kind = SIPR_HOST_NAME;
    else
        server = 0;
    for (k = he + 1u; k < b; k++) {
        if (!is_digit((unsigned char)buf[k])) {
            server = 0;
            continue;
        }
        val = val * 10u + (uint32_t)(buf[k] - '0');
        if (val > 65535u) {
            val = 65536u; /* no wrap; such a port names no server here */
            server = 0;
        }
    }
    if (!server) {
        if (u->host.len != 0 || u->host_kind != SIPR_HOST_NONE || u->port_text.len != 0 ||
            u->port != 0)
            FAIL("%s: a host (off %u, len %u, kind %u) in the authority \"%.*s\" that is no "
                 "server", scan, (unsigned)u->host.off, (unsigned)u->host.len, u->host_kind,
                 (int)(b - a), buf + a);
        return;
    }
    if (u->host.off != h || u->host.len != he - h || u->host_kind != kind)
        FAIL("%s: the server \"%.*s\" has the host at %u+%u of kind %d, not %u+%u of kind %u",
             scan, (int)(b - a), buf + a, (unsigned)h, (unsigned)(he - h), kind,
             (unsigned)u->host.off, (unsigned)u->host.len, u->host_kind);
    if (he + 1u < b ? (u->port_text.off != he + 1u || end_of(u->port_text) != b || u->port != val)
                    : (u->port_text.len != 0 || u->port != 0))
        FAIL("%s: the server \"%.*s\" has port %u, port_text (off %u, len %u)", scan,
             (int)(b - a), buf + a, u->port, (unsigned)u->port_text.off,
             (unsigned)u->port_text.len);
}

/* An absoluteURI (RFC 2396 §3): opaque everything after the colon; with
   a hier_part, path its abs_path and query what follows its '?'; with a
   net_path, the host and port of a server authority. */
static void check_absolute(const char *buf, sipr_span v, const sipr_uri *u, uint32_t colon,
                           const char *scan)
{
    const uint32_t vend = v.off + v.len;
    uint32_t k, a = colon + 1u, q = vend, pa, auth_end = a;
    if (u->opaque.len != vend - colon - 1u || (u->opaque.len != 0 && u->opaque.off != colon + 1u))
        FAIL("%s: opaque (off %u, len %u) is not everything after the colon at %u (end %u)",
             scan, (unsigned)u->opaque.off, (unsigned)u->opaque.len, (unsigned)colon,
             (unsigned)vend);
    if (u->user.len != 0 || u->password.len != 0 || u->params.count != 0 ||
        u->headers.count != 0)
        FAIL("%s: an absoluteURI with a user, password, parameters or headers", scan);
    if (a >= vend || buf[a] != '/') {
        /* opaque_part */
        if (u->host.len != 0 || u->host_kind != SIPR_HOST_NONE || u->port_text.len != 0 ||
            u->port != 0 || u->path.len != 0 || u->query.len != 0)
            FAIL("%s: an opaque_part with a host, port, path or query", scan);
        return;
    }
    for (k = a; k < vend; k++)
        if (buf[k] == '?') {
            q = k;
            break;
        }
    pa = a;
    if (a + 1u < vend && buf[a + 1u] == '/') {
        /* net_path: "//" authority [abs_path] */
        for (auth_end = a + 2u; auth_end < q && buf[auth_end] != '/'; auth_end++)
            ;
        check_authority(buf, u, a + 2u, auth_end, scan);
        pa = auth_end;
    } else if (u->host.len != 0 || u->host_kind != SIPR_HOST_NONE || u->port_text.len != 0 ||
               u->port != 0) {
        FAIL("%s: an abs_path URI with a host or port", scan);
    }
    if (pa < q ? (u->path.off != pa || end_of(u->path) != q) : u->path.len != 0)
        FAIL("%s: path (off %u, len %u), [%u, %u) expected", scan, (unsigned)u->path.off,
             (unsigned)u->path.len, (unsigned)pa, (unsigned)q);
    if (q + 1u < vend ? (u->query.off != q + 1u || end_of(u->query) != vend)
                      : u->query.len != 0)
        FAIL("%s: query (off %u, len %u), [%u, %u) expected", scan, (unsigned)u->query.off,
             (unsigned)u->query.len, (unsigned)q + 1u, (unsigned)vend);
}

/* A successful scan of v into *u (m: its pool; pre: entries taken before the
   scan). */
static void check_ok(const char *buf, size_t len, sipr_span v, const sipr_msg *m,
                     const sipr_uri *u, unsigned pre, const char *scan)
{
    const uint32_t vend = v.off + v.len;
    const sipr_span sn = u->scheme_name;
    uint32_t colon, pos, k;
    int is_sip, is_sips, is_tel;

    if (u->scheme != SIPR_URI_SIP && u->scheme != SIPR_URI_SIPS && u->scheme != SIPR_URI_OTHER &&
        u->scheme != SIPR_URI_TEL)
        FAIL("%s: scheme %u", scan, u->scheme);
    if (u->host_kind > SIPR_HOST_IPV6)
        FAIL("%s: host_kind %u", scan, u->host_kind);
    span_in(u->scheme_name, v, len, scan, "scheme_name");
    span_in(u->user, v, len, scan, "user");
    span_in(u->password, v, len, scan, "password");
    span_in(u->host, v, len, scan, "host");
    span_in(u->port_text, v, len, scan, "port_text");
    span_in(u->opaque, v, len, scan, "opaque");
    span_in(u->path, v, len, scan, "path");
    span_in(u->query, v, len, scan, "query");
    plist_in(u->params, m, scan, "params");
    plist_in(u->headers, m, scan, "headers");
    if (m->n_params > m->limits.max_params)
        FAIL("%s: n_params %u over its limit %u", scan, m->n_params, m->limits.max_params);

    /* the pool: exactly the entries this scan added, parameters then headers */
    if (m->n_params != pre + u->params.count + u->headers.count)
        FAIL("%s: n_params %u, %u before the scan, %u params, %u headers", scan, m->n_params, pre,
             u->params.count, u->headers.count);
    if (u->params.count != 0 && u->params.first != pre)
        FAIL("%s: params start at %u, the scan's first entry is %u", scan, u->params.first, pre);
    if (u->headers.count != 0 && u->headers.first != pre + u->params.count)
        FAIL("%s: headers start at %u, not after the params (%u)", scan, u->headers.first,
             pre + u->params.count);
    for (k = pre; k < m->n_params; k++) {
        span_in(m->params[k].name, v, len, scan, "pool entry name");
        span_in(m->params[k].value, v, len, scan, "pool entry value");
        if (m->params[k].name.len == 0)
            FAIL("%s: pool entry %u has no name", scan, (unsigned)k);
    }

    /* every byte is a URI character, every '%' starts an escape (both are
       all that uri.rl's parts and absoluteURI's uric are made of); a tel
       number may hold '#' (RFC 3966 §3 phonedigit-hex) */
    for (k = v.off; k < vend; k++) {
        const int c = (unsigned char)buf[k];
        if (!is_uri_char(c) && !(u->scheme != SIPR_URI_OTHER && (c == '[' || c == ']')) &&
            !(u->scheme == SIPR_URI_TEL && c == '#' && k >= u->user.off && k < end_of(u->user)))
            FAIL("%s: byte %#x at %u in an accepted URI", scan, (unsigned)c, (unsigned)k);
        if (c == '%' && (k + 2u >= vend || !is_hex((unsigned char)buf[k + 1]) ||
                         !is_hex((unsigned char)buf[k + 2])))
            FAIL("%s: '%%' at %u without two hex digits", scan, (unsigned)k);
    }

    /* scheme ":" */
    if (sn.len == 0 || sn.off != v.off)
        FAIL("%s: scheme_name (off %u, len %u) is not the start of the URI (off %u)", scan,
             (unsigned)sn.off, (unsigned)sn.len, (unsigned)v.off);
    colon = end_of(sn);
    if (colon >= vend || buf[colon] != ':')
        FAIL("%s: scheme_name not followed by ':'", scan);
    is_sip = span_ieq(buf, sn, "sip");
    is_sips = span_ieq(buf, sn, "sips");
    is_tel = span_ieq(buf, sn, "tel");
    if ((u->scheme == SIPR_URI_SIP) != is_sip || (u->scheme == SIPR_URI_SIPS) != is_sips ||
        (u->scheme == SIPR_URI_TEL) != is_tel)
        FAIL("%s: scheme %u, scheme_name \"%.*s\"", scan, u->scheme, (int)sn.len, buf + sn.off);

    if (u->scheme == SIPR_URI_TEL) {
        /* RFC 3966 §3: the number in user, the pars in the pool */
        if (u->opaque.off != colon + 1u || end_of(u->opaque) != vend)
            FAIL("%s: a tel URI's opaque (off %u, len %u) is not everything after the colon",
                 scan, (unsigned)u->opaque.off, (unsigned)u->opaque.len);
        if (u->password.len != 0 || u->host.len != 0 ||
            u->port_text.len != 0 || u->host_kind != SIPR_HOST_NONE || u->port != 0 ||
            u->headers.count != 0 || u->path.len != 0 || u->query.len != 0)
            FAIL("%s: a tel URI with parts other than user and params", scan);
        if (u->user.len == 0 || u->user.off != colon + 1u)
            FAIL("%s: a tel URI whose number does not follow the colon", scan);
        if (!tel_digits(buf, u->user.off, end_of(u->user), buf[u->user.off] == '+'))
            FAIL("%s: tel number \"%.*s\"", scan, (int)u->user.len, buf + u->user.off);
        check_tel(buf, v, m, u, end_of(u->user), scan);
        return;
    }

    if (u->scheme == SIPR_URI_OTHER) {
        /* RFC 2396 scheme = alpha *( alpha | digit | "+" | "-" | "." ) */
        for (k = sn.off; k < colon; k++) {
            const int c = (unsigned char)buf[k];
            if (k == sn.off ? !is_alpha(c) : !(is_alnum(c) || c == '+' || c == '-' || c == '.'))
                FAIL("%s: byte %#x in the scheme", scan, (unsigned)c);
        }
        check_absolute(buf, v, u, colon, scan);
        return;
    }

    if (u->opaque.len != 0 || u->path.len != 0 || u->query.len != 0)
        FAIL("%s: a SIP URI with an opaque part, a path or a query", scan);
    if (u->host.len == 0 || u->host_kind == SIPR_HOST_NONE)
        FAIL("%s: a SIP URI without a host (len %u, kind %u)", scan, (unsigned)u->host.len,
             u->host_kind);
    if (u->host.off <= colon)
        FAIL("%s: the host (off %u) is not after the scheme", scan, (unsigned)u->host.off);
    check_host(buf, u, scan);

    /* [user [":" password] "@"] host */
    if (u->password.len != 0 && u->user.len == 0)
        FAIL("%s: a password without a user", scan);
    if (u->user.len != 0) {
        const uint32_t at = u->host.off - 1u;
        const uint32_t ue = end_of(u->user);
        if (u->user.off != colon + 1u)
            FAIL("%s: user does not start after the scheme's colon", scan);
        if (u->host.off <= ue || buf[at] != '@')
            FAIL("%s: the host does not follow the userinfo's '@'", scan);
        if (ue != at) {
            if (buf[ue] != ':')
                FAIL("%s: user followed by %#x", scan, (unsigned char)buf[ue]);
            if (u->password.len == 0 ? ue + 1u != at
                                     : (u->password.off != ue + 1u || end_of(u->password) != at))
                FAIL("%s: the password is not what lies between ':' and '@'", scan);
        } else if (u->password.len != 0) {
            FAIL("%s: a password after a user that ends at the '@'", scan);
        }
    } else if (u->host.off != colon + 1u) {
        FAIL("%s: no userinfo, and the host does not start after the colon", scan);
    }
    pos = end_of(u->host);

    /* [":" port]: the decimal value, at most 65535 */
    if (u->port_text.len != 0) {
        uint32_t val = 0;
        if (pos >= vend || buf[pos] != ':' || u->port_text.off != pos + 1u)
            FAIL("%s: port_text does not follow the host and a ':'", scan);
        for (k = u->port_text.off; k < end_of(u->port_text); k++) {
            if (!is_digit((unsigned char)buf[k]))
                FAIL("%s: byte %#x in port_text", scan, (unsigned char)buf[k]);
            val = val * 10u + (uint32_t)(buf[k] - '0');
            if (val > 65536u)
                val = 65536u; /* no wrap: anything above 65535 is wrong */
        }
        if (val > 65535u || val != u->port)
            FAIL("%s: port %u, port_text \"%.*s\"", scan, u->port, (int)u->port_text.len,
                 buf + u->port_text.off);
        pos = end_of(u->port_text);
    } else if (u->port != 0) {
        FAIL("%s: port %u without port_text", scan, u->port);
    }

    /* *(";" name ["=" value]) */
    for (k = 0; k < u->params.count; k++) {
        const sipr_param *p = &m->params[u->params.first + k];
        if (pos >= vend || buf[pos] != ';' || p->name.off != pos + 1u)
            FAIL("%s: param %u does not start after a ';' at %u", scan, (unsigned)k,
                 (unsigned)pos);
        pos = end_of(p->name);
        if (p->value.len != 0) {
            if (pos >= vend || buf[pos] != '=' || p->value.off != pos + 1u)
                FAIL("%s: the value of param %u does not follow its '='", scan, (unsigned)k);
            pos = end_of(p->value);
        }
    }
    /* ["?" name "=" value *("&" name "=" value)]; a value may be empty */
    for (k = 0; k < u->headers.count; k++) {
        const sipr_param *h = &m->params[u->headers.first + k];
        if (pos >= vend || buf[pos] != (k == 0 ? '?' : '&') || h->name.off != pos + 1u)
            FAIL("%s: header %u does not start after a '%c' at %u", scan, (unsigned)k,
                 k == 0 ? '?' : '&', (unsigned)pos);
        pos = end_of(h->name);
        if (pos >= vend || buf[pos] != '=')
            FAIL("%s: header %u without its '='", scan, (unsigned)k);
        if (h->value.len != 0 && h->value.off != pos + 1u)
            FAIL("%s: the value of header %u does not follow its '='", scan, (unsigned)k);
        pos = h->value.len != 0 ? end_of(h->value) : pos + 1u;
    }
    if (pos != vend)
        FAIL("%s: the parts end at %u, the URI at %u", scan, (unsigned)pos, (unsigned)vend);
}

/* Where the first byte of m differs from the snapshot g_snap, once what the
   scan may write is put back (n_params, err_off, pool entries pre ..
   n_params - 1); -1 when none does. */
static long stray_write(const sipr_msg *m, unsigned pre)
{
    const unsigned char *a, *b;
    size_t k;
    memcpy(&g_cmp, m, sizeof g_cmp);
    g_cmp.n_params = g_snap.n_params;
    g_cmp.err_off = g_snap.err_off;
    if (m->n_params > pre && m->n_params <= SIPR_MAX_PARAMS)
        memcpy(&g_cmp.params[pre], &g_snap.params[pre], (m->n_params - pre) * sizeof(sipr_param));
    /* memcmp first: a byte loop over the whole message, with libFuzzer's
       comparison tracing, would take most of the time of an input */
    if (memcmp(&g_cmp, &g_snap, sizeof g_cmp) == 0)
        return -1;
    a = (const unsigned char *)&g_cmp;
    b = (const unsigned char *)&g_snap;
    for (k = 0; k < sizeof g_cmp; k++)
        if (a[k] != b[k])
            return (long)k;
    return -1;
}

/* One scan of v with the given limits, pre pool entries taken first, and
   every check of a single result. */
static sipr_status scan_checked(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                                const sipr_limits *l, unsigned pre, sipr_status err,
                                sipr_uri *out, const char *scan)
{
    sipr_status st;
    const uint32_t vend = v.off + v.len;
    unsigned k;
    long at;

    if (sipr_msg_init(m, l) != SIPR_OK)
        FAIL("sipr_msg_init refused valid limits");
    for (k = 0; k < pre; k++)
        if (sipr_param_push(m, SPAN_NONE, SPAN_NONE) != SIPR_OK)
            FAIL("sipr_param_push refused entry %u", k);
    /* a pattern where the scan may not write, and in what it must set */
    memset(&m->params[pre], 0xA5, (SIPR_MAX_PARAMS - pre) * sizeof(sipr_param));
    m->err_off = 0xFFFFFFFFu;
    memset(out, 0x5A, sizeof *out);
    memcpy(&g_snap, m, sizeof g_snap);

    st = sipr_scan_uri(buf, len, v, m, out, err);

    at = stray_write(m, pre);
    if (at >= 0)
        FAIL("%s: wrote byte %ld of the sipr_msg (params at %zu, n_params %u), outside *out, "
             "the pool entries it added, n_params and err_off",
             scan, at, offsetof(sipr_msg, params), m->n_params);
    if (m->n_params < pre || m->n_params > m->limits.max_params)
        FAIL("%s: n_params %u, %u before, limit %u", scan, m->n_params, pre,
             m->limits.max_params);
    if (st != SIPR_OK && st != err && st != SIPR_E_NUMBER_RANGE && st != SIPR_E_TOO_MANY_PARAMS)
        FAIL("%s: status %d (%s)", scan, (int)st,
             (unsigned)st < SIPR_STATUS__COUNT ? sipr_strerror(st) : "not a sipr_status");
    if (st == SIPR_OK) {
        check_ok(buf, len, v, m, out, pre, scan);
        return st;
    }
    if (m->err_off < v.off || m->err_off > vend)
        FAIL("%s: err_off %u outside the URI [%u, %u] (status %d, len %zu)", scan,
             (unsigned)m->err_off, (unsigned)v.off, (unsigned)vend, (int)st, len);
    if (st == SIPR_E_NUMBER_RANGE &&
        (m->err_off >= vend || !is_digit((unsigned char)buf[m->err_off])))
        FAIL("%s: SIPR_E_NUMBER_RANGE at %u, not at a digit", scan, (unsigned)m->err_off);
    if (st == SIPR_E_TOO_MANY_PARAMS) {
        if (m->n_params != m->limits.max_params)
            FAIL("%s: SIPR_E_TOO_MANY_PARAMS with %u of %u entries", scan, m->n_params,
                 m->limits.max_params);
        if (m->err_off <= v.off || m->err_off >= vend || buf[m->err_off - 1u] == '\0' ||
            strchr(";?&", buf[m->err_off - 1u]) == NULL)
            FAIL("%s: SIPR_E_TOO_MANY_PARAMS at %u, not at a parameter or header name", scan,
                 (unsigned)m->err_off);
    }
    return st;
}

/* ---- two results of one input ------------------------------------------------------ */

static void same_span(sipr_span a, sipr_span b, uint32_t d, const char *scan, const char *what)
{
    /* an empty span says "absent": where it lies is not part of the result */
    if (a.len != b.len || (a.len != 0 && a.off != b.off + d))
        FAIL("%s: span %s (off %u, len %u), the default scan's (off %u, len %u) + %u", scan, what,
             (unsigned)a.off, (unsigned)a.len, (unsigned)b.off, (unsigned)b.len, (unsigned)d);
}

static void same_plist(sipr_plist a, const sipr_msg *ma, sipr_plist b, const sipr_msg *mb,
                       uint32_t d, unsigned pd, const char *scan, const char *what)
{
    unsigned k;
    if (a.count != b.count || (a.count != 0 && a.first != b.first + pd))
        FAIL("%s: plist %s [%u, +%u), the default scan's [%u, +%u) + %u", scan, what,
             (unsigned)a.first, (unsigned)a.count, (unsigned)b.first, (unsigned)b.count, pd);
    for (k = 0; k < a.count; k++) {
        same_span(ma->params[a.first + k].name, mb->params[b.first + k].name, d, scan, what);
        same_span(ma->params[a.first + k].value, mb->params[b.first + k].value, d, scan, what);
    }
}

/* *a (in ma) is *b (in mb) with every offset moved by d and every pool index
   by pd */
static void same_uri(const sipr_uri *a, const sipr_msg *ma, const sipr_uri *b,
                     const sipr_msg *mb, uint32_t d, unsigned pd, const char *scan)
{
    if (a->scheme != b->scheme || a->host_kind != b->host_kind || a->port != b->port)
        FAIL("%s: scheme %u host_kind %u port %u, the default scan's %u %u %u", scan, a->scheme,
             a->host_kind, a->port, b->scheme, b->host_kind, b->port);
    same_span(a->scheme_name, b->scheme_name, d, scan, "scheme_name");
    same_span(a->user, b->user, d, scan, "user");
    same_span(a->password, b->password, d, scan, "password");
    same_span(a->host, b->host, d, scan, "host");
    same_span(a->port_text, b->port_text, d, scan, "port_text");
    same_span(a->opaque, b->opaque, d, scan, "opaque");
    same_span(a->path, b->path, d, scan, "path");
    same_span(a->query, b->query, d, scan, "query");
    same_plist(a->params, ma, b->params, mb, d, pd, scan, "params");
    same_plist(a->headers, ma, b->headers, mb, d, pd, scan, "headers");
}

/* A scan of the same URI at offset d, with room for r entries in its pool
   after the pd it started with, against the default scan (status sd): the
   same result, unless the default scan pushed or tried more than r entries,
   when it fails at the name of entry r with SIPR_E_TOO_MANY_PARAMS. */
static void same_as_default(sipr_status st, const sipr_msg *m, const sipr_uri *u, uint32_t d,
                            unsigned pd, sipr_status err, const char *scan)
{
    const unsigned r = m->limits.max_params - pd;
    const unsigned n = g_def.n_params;
    if (n > r || (g_sd == SIPR_E_TOO_MANY_PARAMS && n == r)) {
        const uint32_t want = (n > r ? g_def.params[r].name.off : g_def.err_off) + d;
        if (st != SIPR_E_TOO_MANY_PARAMS || m->err_off != want)
            FAIL("%s: room for %u entries, the default scan has %u%s: status %d at %u, "
                 "SIPR_E_TOO_MANY_PARAMS at %u expected",
                 scan, r, n, g_sd == SIPR_E_TOO_MANY_PARAMS ? " and wants more" : "", (int)st,
                 (unsigned)m->err_off, (unsigned)want);
        return;
    }
    if (g_sd != SIPR_OK) {
        const sipr_status want = g_sd == SIPR_E_URI ? err : g_sd;
        if (st != want || m->err_off != g_def.err_off + d)
            FAIL("%s: status %d at %u, the default scan's %d at %u (+ %u)", scan, (int)st,
                 (unsigned)m->err_off, (int)g_sd, (unsigned)g_def.err_off, (unsigned)d);
        return;
    }
    if (st != SIPR_OK)
        FAIL("%s: status %d at %u, the default scan accepted", scan, (int)st,
             (unsigned)m->err_off);
    same_uri(u, m, &g_u, &g_def, d, pd, scan);
}

/* ---- the differential check with sipr_parse ------------------------------------------ */

static sipr_status parse_request(const char *uri, size_t n, char **out)
{
    const size_t len = HEAD_LEN + n + TAIL_LEN;
    char *req = (char *)malloc(len); /* exactly: ASan sees a read past it */
    sipr_status st;
    *out = NULL;
    if (req == NULL)
        return SIPR_E_ARG;
    memcpy(req, g_head, HEAD_LEN);
    memcpy(req + HEAD_LEN, uri, n);
    memcpy(req + HEAD_LEN + n, g_tail, TAIL_LEN);
    if (sipr_msg_init(&g_req, NULL) != SIPR_OK)
        FAIL("sipr_msg_init refused the default limits");
    st = sipr_parse(req, len, &g_req);
    *out = req; /* the caller frees it */
    return st;
}

static void differential(const char *buf, size_t len)
{
    char *req = NULL;
    size_t k;
    unsigned rest = 0;

    g_did_req = 0;
    if (len == 0 || len > SIPR_DEFAULT_MSG_LEN - HEAD_LEN - TAIL_LEN)
        return;
    for (k = 0; k < len; k++)
        if ((unsigned char)buf[k] < 0x21 || (unsigned char)buf[k] > 0x7e)
            return;
    if (g_sd == SIPR_OK && g_u.headers.count == 0) {
        /* What the other lines take of the pool, from a URI that takes
           nothing. Measured for every input that needs it, not once: a
           result kept from an earlier input would make the coverage of an
           input depend on the ones before it (unstable for AFL++). */
        if (parse_request("sip:a@b", 7, &req) != SIPR_OK && req != NULL)
            FAIL("the request around \"sip:a@b\" does not parse: %s at %u",
                 sipr_strerror(g_req.err), (unsigned)g_req.err_off);
        if (req == NULL)
            return;
        rest = g_req.n_params;
        free(req);
    }
    g_sr = parse_request(buf, len, &req);
    if (req == NULL)
        return;
    g_did_req = 1;
    if (g_sd != SIPR_OK) {
        const sipr_status want = g_sd == SIPR_E_URI ? SIPR_E_REQUEST_URI : g_sd;
        if (g_sr != want || g_req.err_off != g_def.err_off + HEAD_LEN)
            FAIL("request: %d at %u, the URI alone %d at %u (+ 8)", (int)g_sr,
                 (unsigned)g_req.err_off, (int)g_sd, (unsigned)g_def.err_off);
    } else if (g_u.headers.count != 0) {
        /* §19.1.1: no headers in a Request-URI; the error names the '?' */
        const uint32_t q = g_def.params[g_u.headers.first].name.off - 1u + HEAD_LEN;
        if (g_sr != SIPR_E_REQUEST_URI || g_req.err_off != q)
            FAIL("request with URI headers: %d at %u, SIPR_E_REQUEST_URI at %u expected",
                 (int)g_sr, (unsigned)g_req.err_off, (unsigned)q);
    } else if ((unsigned)g_def.n_params + rest > g_req.limits.max_params) {
        if (g_sr != SIPR_E_TOO_MANY_PARAMS)
            FAIL("request: %d at %u, the URI's %u entries and the lines' %u do not fit",
                 (int)g_sr, (unsigned)g_req.err_off, g_def.n_params, rest);
    } else {
        if (g_sr != SIPR_OK)
            FAIL("request: %s (%d) at %u, the URI alone is accepted", sipr_strerror(g_sr),
                 (int)g_sr, (unsigned)g_req.err_off);
        if (g_req.type != SIPR_MSG_REQUEST || g_req.request_uri.off != HEAD_LEN ||
            g_req.request_uri.len != len)
            FAIL("request: request_uri (off %u, len %u), the input is (8, %zu)",
                 (unsigned)g_req.request_uri.off, (unsigned)g_req.request_uri.len, len);
        same_uri(&g_req.ruri, &g_req, &g_u, &g_def, (uint32_t)HEAD_LEN, 0, "request");
    }
    free(req);
}

/* ---- one input ------------------------------------------------------------------------- */

/* IP literals both ways: an input of hex digits, ':' and '.' is scanned as
   the host of "sip:[" input "]", which must succeed, with the whole bracket as
   an IPv6 host, exactly when inet_pton takes it as IPv6; one of digits and
   '.' also as "sip:" input, which must succeed, as an IPv4 host, exactly
   when inet_pton takes it as IPv4 (a hostname's last label starts with a
   letter, so nothing else can take those bytes). */
static void literals(const uint8_t *data, size_t size)
{
    static char uri[80];
    size_t k;
    int digits_dots = 1;
    sipr_span v = {0, 0};
    sipr_status st;
    if (size == 0 || size > 45)
        return;
    for (k = 0; k < size; k++) {
        if (!is_hex(data[k]) && data[k] != ':' && data[k] != '.')
            return;
        if (!is_digit(data[k]) && data[k] != '.')
            digits_dots = 0;
    }
    memcpy(uri, "sip:[", 5);
    memcpy(uri + 5, data, size);
    uri[5 + size] = ']';
    v.len = (uint32_t)(size + 6);
    st = scan_checked(uri, size + 6, v, &g_tiny, NULL, 0, SIPR_E_URI, &g_ut, "literal v6");
    if ((st == SIPR_OK) != pton_ok(AF_INET6, (const char *)data, (uint32_t)size))
        FAIL("sip:[%.*s]: scan %d, inet_pton(AF_INET6) %d", (int)size, (const char *)data,
             (int)st, pton_ok(AF_INET6, (const char *)data, (uint32_t)size));
    if (st == SIPR_OK && (g_ut.host_kind != SIPR_HOST_IPV6 || g_ut.host.off != 4 ||
                          g_ut.host.len != size + 2))
        FAIL("sip:[%.*s]: host kind %u at %u+%u", (int)size, (const char *)data,
             g_ut.host_kind, (unsigned)g_ut.host.off, (unsigned)g_ut.host.len);
    if (!digits_dots)
        return;
    memcpy(uri + 4, data, size);
    v.len = (uint32_t)(size + 4);
    st = scan_checked(uri, size + 4, v, &g_tiny, NULL, 0, SIPR_E_URI, &g_ut, "literal v4");
    if ((st == SIPR_OK) != pton_ok(AF_INET, (const char *)data, (uint32_t)size))
        FAIL("sip:%.*s: scan %d, inet_pton(AF_INET) %d", (int)size, (const char *)data, (int)st,
             pton_ok(AF_INET, (const char *)data, (uint32_t)size));
    if (st == SIPR_OK && (g_ut.host_kind != SIPR_HOST_IPV4 || g_ut.host.len != size))
        FAIL("sip:%.*s: host kind %u, length %u", (int)size, (const char *)data,
             g_ut.host_kind, (unsigned)g_ut.host.len);
}

static int one_input(const uint8_t *data, size_t size)
{
    sipr_limits tiny = sipr_limits_default();
    sipr_span v = {0, 0};
    unsigned pre, k;
    char *buf, *emb;

    if (size > SIPR_MAX_MSG_LEN - PRE_LEN - SUF_LEN)
        size = SIPR_MAX_MSG_LEN - PRE_LEN - SUF_LEN; /* spans are 32-bit */
    buf = exact_copy(data, size);
    emb = (char *)malloc(PRE_LEN + size + SUF_LEN);
    if (buf == NULL || emb == NULL) {
        free(buf);
        free(emb);
        return 0;
    }
    v.len = (uint32_t)size;

    g_sd = scan_checked(buf, size, v, &g_def, NULL, 0, SIPR_E_URI, &g_u, "default");

    /* the same bytes between others, after a few pool entries */
    memcpy(emb, g_pre, PRE_LEN);
    if (size)
        memcpy(emb + PRE_LEN, data, size);
    memcpy(emb + PRE_LEN + size, g_suf, SUF_LEN);
    pre = (unsigned)(size & 3u);
    v.off = (uint32_t)PRE_LEN;
    g_se = scan_checked(emb, PRE_LEN + size + SUF_LEN, v, &g_emb, NULL, pre,
                        SIPR_E_REQUEST_URI, &g_ue, "embedded");
    same_as_default(g_se, &g_emb, &g_ue, (uint32_t)PRE_LEN, pre, SIPR_E_REQUEST_URI, "embedded");

    /* a pool of one entry, then two */
    v.off = 0;
    for (k = 1; k <= 2; k++) {
        sipr_status st;
        tiny.max_params = (uint16_t)k;
        st = scan_checked(buf, size, v, &g_tiny, &tiny, 0, SIPR_E_URI, &g_ut, "tiny");
        same_as_default(st, &g_tiny, &g_ut, 0, 0, SIPR_E_URI, "tiny");
    }

    literals(data, size);
    differential(buf, size);
    free(emb);
    free(buf);
    return 0;
}

/* ---- drivers ----------------------------------------------------------------- */

/* a status, and its offset when it is an error (err_off is left alone on success) */
static void say(const char *what, sipr_status st, uint32_t off)
{
    fprintf(stderr, "%s%s", what, sipr_strerror(st));
    if (st != SIPR_OK)
        fprintf(stderr, " (off %u)", (unsigned)off);
}

static void report(const char *name, size_t n)
{
    fprintf(stderr, "%s: %zu bytes: ", name, n);
    say("", g_sd, g_def.err_off);
    say(", embedded ", g_se, g_emb.err_off);
    if (g_did_req)
        say(", request ", g_sr, g_req.err_off);
    fprintf(stderr, "\n");
}

#include "driver.h"
