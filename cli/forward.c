/* siprove CLI: `siprove forward`, what a stateless proxy (RFC 3261 §16.11)
 * makes of one message, with the library's proxy operations; also used by
 * `siprove demo` for its proxy hop. No heap: one static output buffer. */
#include <stdio.h>
#include <string.h>

#include "siprove.h"
#include "cli.h"

/* Twice the largest message the CLI parses: room for any forwarded one. */
static char fwd_out[2u * SIPR_DEFAULT_MSG_LEN];
static sipr_msg fwd_msg;

int cli_parse_hostport(const char *arg, cli_hostport *hp)
{
    const char *colon;
    size_t hlen;
    unsigned long port = 0;

    memset(hp, 0, sizeof *hp);
    if (arg[0] == '[') {
        const char *close = strchr(arg, ']');
        if (close == NULL)
            return 0;
        hlen = (size_t)(close - arg) + 1;
        colon = close[1] == ':' ? close + 1 : NULL;
        if (close[1] != '\0' && colon == NULL)
            return 0;
    } else {
        colon = strchr(arg, ':');
        if (colon != NULL && strchr(colon + 1, ':') != NULL)
            return 0; /* an IPv6 address needs brackets */
        hlen = colon != NULL ? (size_t)(colon - arg) : strlen(arg);
    }
    if (hlen == 0 || hlen >= sizeof hp->host)
        return 0;
    memcpy(hp->host, arg, hlen);
    hp->host[hlen] = '\0';
    if (colon != NULL) {
        const char *d = colon + 1;
        if (*d == '\0')
            return 0;
        for (; *d != '\0'; d++) {
            if (*d < '0' || *d > '9')
                return 0;
            port = port * 10u + (unsigned long)(*d - '0');
            if (port > 65535u)
                return 0;
        }
        if (port == 0)
            return 0;
    }
    hp->port = (uint16_t)port;
    return 1;
}

int cli_host_ok(const char *host)
{
    const int v6 = host[0] == '[';
    size_t i, n = strlen(host);
    if (n == 0 || (v6 && (n < 3 || host[n - 1] != ']')))
        return 0;
    for (i = v6 ? 1u : 0u; i < (v6 ? n - 1 : n); i++) {
        const char c = host[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || (v6 && c == ':')))
            return 0;
    }
    return 1;
}

/* RFC 3261 §21: the Reason-Phrase of the responses a proxy sends here. */
static const char *phrase(uint16_t code)
{
    switch (code) {
    case 400: return "Bad Request";
    case 406: return "Not Acceptable";
    case 415: return "Unsupported Media Type";
    case 416: return "Unsupported URI Scheme";
    case 420: return "Bad Extension";
    case 483: return "Too Many Hops";
    case 505: return "Version Not Supported";
    default: return "Error";
    }
}

/* A proxy that routes sip, sips and tel URIs and supports no extension. */
static const sipr_str proxy_schemes[3] = {{"sip", 3}, {"sips", 4}, {"tel", 3}};
static const sipr_profile proxy_profile = {SIPR_ROLE_PROXY, 3, proxy_schemes, 0, 0, 0, 0};

static void refuse(cli_fwd *r, uint16_t code, const char *detail, unsigned long off, int with_off)
{
    r->forwarded = 0;
    r->code = code;
    snprintf(r->reason, sizeof r->reason, "%u %s", (unsigned)code, phrase(code));
    if (with_off)
        snprintf(r->detail, sizeof r->detail, "%s at byte %lu", detail, off);
    else
        snprintf(r->detail, sizeof r->detail, "%s", detail);
}

void cli_forward(const char *data, size_t len, const sipr_proxy *p, cli_fwd *r)
{
    sipr_status st;
    sipr_verdict v;
    uint16_t response = 0;

    memset(r, 0, sizeof *r);
    sipr_msg_init(&fwd_msg, NULL);
    st = len > SIPR_DEFAULT_MSG_LEN ? SIPR_E_TOO_LONG : sipr_parse(data, len, &fwd_msg);
    if (st != SIPR_OK) {
        /* §16.3 item 1: a request that is not well formed gets a 400 */
        refuse(r, 400, sipr_strerror(st), st == SIPR_E_TOO_LONG ? SIPR_DEFAULT_MSG_LEN : fwd_msg.err_off, 1);
        return;
    }
    /* §16.3: the checks a proxy makes before forwarding */
    v = sipr_validate(data, len, &fwd_msg, &proxy_profile);
    if (v.code != SIPR_V_OK) {
        refuse(r, v.response, sipr_verdict_reason(v.code), v.off, 1);
        return;
    }
    if (fwd_msg.type == SIPR_MSG_REQUEST)
        st = sipr_proxy_forward(data, len, &fwd_msg, p, fwd_out, sizeof fwd_out, &r->out_len, &response);
    else
        st = sipr_proxy_response(data, len, &fwd_msg, p, fwd_out, sizeof fwd_out, &r->out_len);
    switch (st) {
    case SIPR_OK:
        r->forwarded = 1;
        r->out = fwd_out;
        return;
    case SIPR_E_TOO_MANY_HOPS:
        refuse(r, response, sipr_strerror(st), 0, 0);
        return;
    case SIPR_E_NOT_THIS_PROXY:
        snprintf(r->reason, sizeof r->reason, "the top Via is not this proxy's");
        snprintf(r->detail, sizeof r->detail, "%s", sipr_strerror(st));
        return;
    case SIPR_E_NO_VIA_LEFT:
        snprintf(r->reason, sizeof r->reason, "no Via left, the response is for this proxy");
        snprintf(r->detail, sizeof r->detail, "%s", sipr_strerror(st));
        return;
    case SIPR_E_ROUTE:
        refuse(r, 400, sipr_strerror(st), 0, 0);
        return;
    default:
        /* the proxy's own name was refused (the command line checks it
           first), or the library broke its contract */
        r->internal = 1;
        snprintf(r->reason, sizeof r->reason, "internal error");
        snprintf(r->detail, sizeof r->detail, "%s", sipr_strerror(st));
        return;
    }
}

sipr_proxy cli_proxy(const cli_hostport *via, int record_route, const cli_hostport *from)
{
    sipr_proxy p;
    memset(&p, 0, sizeof p);
    p.host.s = via->host;
    p.host.len = (uint32_t)strlen(via->host);
    p.port = via->port;
    p.record_route = (uint8_t)(record_route != 0);
    if (from != NULL && from->host[0] != '\0') {
        /* received holds an address without the brackets of a reference
           (RFC 3261 §20.42: IPv4address / IPv6address) */
        size_t n = strlen(from->host);
        p.src_host.s = from->host;
        p.src_host.len = (uint32_t)n;
        if (n > 2 && from->host[0] == '[') {
            p.src_host.s = from->host + 1;
            p.src_host.len = (uint32_t)(n - 2);
        }
        p.src_port = from->port;
    }
    return p;
}
