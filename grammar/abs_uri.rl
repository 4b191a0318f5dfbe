/* absoluteURI (RFC 2396 §3, RFC 3261 §25.1): a URI of any scheme other than
 * sip, sips and tel. sipr_scan_uri (uri.rl) has read the scheme and its ':';
 * this machine reads the rest, which `opaque` records whole.
 *
 * A hier_part whose net_path has an authority reads it both as a server
 * ([userinfo "@"] hostport) and as a reg_name, the way uri.rl reads a user
 * and a host: the server reading records the host and port as it goes (the
 * '@' of a userinfo resets them, action at), and an action on leaving a
 * whole server sets `srv`. An authority that is not a server (srv unset)
 * keeps no host. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_abs_uri_act (see
 * gen/rlgen.c, action-function mode, by reference), which updates them in
 * place through R (R->...). */
typedef struct {
    size_t hmark, pomark, pamark, qmark; /* starts of the host, port, path and query */
    int srv, fail;                 /* the authority is a server; a syntax error */
    uint32_t eoff;                 /* offset of the first error */
    uint8_t host_kind;             /* sipr_host_kind of host */
    sipr_span host, port_text, path, query;
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_abs_uri_regs;

#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

%%{
  machine sipr_abs_uri;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action at {
    SPAN_CLEAR(R->host); SPAN_CLEAR(R->port_text); R->host_kind = SIPR_HOST_NONE;
  }
  action hmk      { R->hmark = i; }
  action hend     { SPAN_SET(R->host, R->hmark, i); }
  action k_name   { R->host_kind = SIPR_HOST_NAME; }
  action k_v4     { R->host_kind = SIPR_HOST_IPV4; }
  action pomk     { R->pomark = i + 1; }
  action poend    { SPAN_SET(R->port_text, R->pomark, i); }
  action srv      { R->srv = 1; }
  action pamk     { R->pamark = i; }
  action paend    { SPAN_SET(R->path, R->pamark, i); }
  action qmk      { R->qmark = i + 1; }
  action qend     { SPAN_SET(R->query, R->qmark, i); }
  action e_uri    { ERR(); }

  # absoluteURI = scheme ":" ( hier_part / opaque_part ); hier_part and
  # opaque_part together take exactly uric+ (hier_part starts with '/',
  # opaque_part does not; any uric after "//" up to the next '/' or '?' is
  # a reg_name), so the URIs accepted are the ones uric+ took.
  # An abs_path may begin "//" (an empty segment), which would read as a
  # net_path too: RFC 2396 §3 reads "//" as the start of a net_path, and so
  # does the grammar (abs_path_only).
  # The host of RFC 2396 §3.2.2 is hostname / IPv4address (no brackets: '['
  # is no uric), its port *digit.
  uric        = reserved | unreserved | escaped;
  uric_no_slash = uric - "/";
  pchar       = unreserved | escaped | [:@&=+$,];
  segment     = pchar* ( ";" pchar* )*;
  abs_path    = ( "/" segment ( "/" segment )* ) >pamk %paend;
  abs_path_only = abs_path - ( "//" any* );
  a_userinfo  = ( unreserved | escaped | [;:&=+$,] )*;
  a_host      = ( hostname %k_name | IPv4address %k_v4 ) >hmk %hend;
  a_hostport  = a_host ( ":" @pomk digit* %poend )?;
  server      = ( ( a_userinfo "@" @at )? a_hostport )? %srv;
  reg_name    = ( unreserved | escaped | [$,;:@&=+] )+;
  net_path    = "//" ( server | reg_name ) abs_path?;
  query       = uric*;
  hier_part   = ( net_path | abs_path_only ) ( "?" @qmk query %qend )?;
  opaque_part = uric_no_slash uric*;

  # what follows "scheme:"
  main := ( hier_part | opaque_part ) $!e_uri;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->pomark <= i && v.off <= R->pamark <= i && v.off <= R->qmark <= i;
    requires SPAN_IN(R->port_text, len) && SPAN_IN(R->path, len) && SPAN_IN(R->query, len);
    assigns *R;
    ensures v.off <= R->pomark <= i + 1 && v.off <= R->pamark <= i && v.off <= R->qmark <= i + 1;
    ensures SPAN_IN(R->port_text, len) && SPAN_IN(R->path, len) && SPAN_IN(R->query, len);
*/
/* rlgen: actions by reference */

/* The rest of an absoluteURI, v (after the colon of its scheme, whose name
   sipr_scan_uri read). */
/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(out) && \separated(out, m) && \separated(buf + (0 .. len - 1), out);
    assigns *out, m->err_off;
*/
sipr_status sipr_scan_abs_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                              sipr_uri *out, sipr_status err, sipr_span scheme)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_abs_uri_regs R = {i, i, i, i, 0, 0, v.off, SIPR_HOST_NONE,
                           SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, 0};
    sipr_uri u = URI_INIT;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.pomark <= i && v.off <= R.pamark <= i && v.off <= R.qmark <= i;
        loop invariant SPAN_IN(R.port_text, len) && SPAN_IN(R.path, len) && SPAN_IN(R.query, len);
        loop assigns i, cs, R;
        loop variant end - i; */
    %% write exec;

    if (!R.fail && cs < sipr_abs_uri_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    if (R.fail) {
        m->err_off = R.eoff;
        return err;
    }
    u.scheme = SIPR_URI_OTHER;
    u.scheme_name = scheme;
    u.opaque = v;
    u.path = R.path;
    u.query = R.query;
    if (R.srv && R.port_text.len != 0) {
        sipr_u32_result pn = sipr_u32(buf, len, R.port_text, 65535u, err);
        if (pn.st == SIPR_OK) {
            u.port = (uint16_t)pn.val;
        } else {
            /* RFC 2396 §3.2.2 bounds no port, and uric+ took it: the URI
               stays valid, its authority names no server */
            R.srv = 0;
        }
    }
    if (R.srv) {
        /* a server authority (RFC 2396 §3.2.2); without srv there is no
           authority, or a registry-based one (§3.2.1): what the server
           reading recorded is no host */
        u.host = R.host;
        u.host_kind = R.host_kind;
        u.port_text = R.port_text;
    }
    *out = u;
    return SIPR_OK;
}
