/* SIP-URI and SIPS-URI (RFC 3261 §19.1, §25.1), and the choice of a URI's
 * scheme family.
 *
 * sipr_scan_uri reads the scheme (RFC 3261 §25.1: ALPHA *( ALPHA / DIGIT /
 * "+" / "-" / "." )) up to its ':' before any machine runs, and gives the
 * rest of the URI to the machine of its family: "sip" and "sips" (in any
 * case) to the machine here, "tel" (RFC 3966 §3, in any case) to the tel
 * machine (tel_uri.rl), any other scheme to absoluteURI's (abs_uri.rl). Each machine then holds one family's rules only: a choice of
 * scheme inside one DFA multiplies its states and byte classes, and with them
 * the proof of its tables (the way header names did in message.rl).
 *
 * `sip:alice;x=1@host` and `sip:alice;x=1` share a prefix: the user part may
 * hold ';', '?' and ':'. So the actions here only record positions in locals
 * and the '@' (which can only end a userinfo) resets what the host reading
 * recorded. The parameters and URI headers, once their extents are certain,
 * go into the pool through two small unambiguous scanners (params.rl,
 * uri_headers.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_uri_act (see gen/rlgen.c,
 * action-function mode, by reference), which updates them in place through
 * R (R->...). */
typedef struct {
    size_t umark, pmark, hmark, pomark, prmark, hdmark; /* starts of parts */
    int has_at, fail;              /* an '@' was seen; a syntax error */
    uint32_t eoff;                 /* offset of the first error */
    sipr_uri u;                    /* what was scanned */
    sipr_span pext, hext;          /* extents of the parameters and of the URI headers */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_uri_regs;


#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

%%{
  machine sipr_uri;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action umk      { R->umark = i; }
  action uend     { SPAN_SET(R->u.user, R->umark, i); }
  action pmk      { R->pmark = i + 1; }
  action pend     { SPAN_SET(R->u.password, R->pmark, i); }
  action at {
    R->has_at = 1;
    SPAN_CLEAR(R->u.host); SPAN_CLEAR(R->u.port_text); R->u.host_kind = SIPR_HOST_NONE;
    SPAN_CLEAR(R->pext); SPAN_CLEAR(R->hext);
  }
  action hmk      { R->hmark = i; }
  action hend     { SPAN_SET(R->u.host, R->hmark, i); }
  action k_name   { R->u.host_kind = SIPR_HOST_NAME; }
  action k_v4     { R->u.host_kind = SIPR_HOST_IPV4; }
  action k_v6     { R->u.host_kind = SIPR_HOST_IPV6; }
  action pomk     { R->pomark = i + 1; }
  action poend    { SPAN_SET(R->u.port_text, R->pomark, i); }
  action prmk     { R->prmark = i; }
  action prend    { SPAN_SET(R->pext, R->prmark, i); }
  action hdmk     { R->hdmark = i; }
  action hdend    { SPAN_SET(R->hext, R->hdmark, i); }
  action e_uri    { ERR(); }

  user_unreserved = [&=+$,;?/];
  user        = ( unreserved | escaped | user_unreserved )+;
  password    = ( unreserved | escaped | [&=+$,] )*;
  userinfo    = user >umk %uend ( ":" @pmk password %pend )? "@" @at;

  host        = ( hostname %k_name | IPv4address %k_v4 | IPv6reference %k_v6 ) >hmk %hend;
  hostport    = host ( ":" @pomk port %poend )?;

  param_unreserved = [\[\]/:&+$];
  paramchar   = param_unreserved | unreserved | escaped;
  uri_parameter = paramchar+ ( "=" paramchar+ )?;
  uri_parameters = ( ";" uri_parameter )+ >prmk %prend;

  hnv_unreserved = [\[\]/?:+$];
  hname       = ( hnv_unreserved | unreserved | escaped )+;
  hvalue      = ( hnv_unreserved | unreserved | escaped )*;
  header      = hname "=" hvalue;
  headers     = ( "?" header ( "&" header )* ) >hdmk %hdend;

  # what follows "sip:" or "sips:" (the scheme is read by sipr_scan_uri)
  sip_rest    = userinfo? hostport uri_parameters? headers?;

  main := sip_rest $!e_uri;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->pomark <= i && v.off <= R->prmark <= i && v.off <= R->hdmark <= i;
    requires SPAN_IN(R->u.port_text, len) && SPAN_IN(R->pext, len) && SPAN_IN(R->hext, len);
    assigns *R;
    ensures v.off <= R->pomark <= i + 1 && v.off <= R->prmark <= i && v.off <= R->hdmark <= i;
    ensures SPAN_IN(R->u.port_text, len) && SPAN_IN(R->pext, len) && SPAN_IN(R->hext, len);
*/
/* rlgen: actions by reference */

/* The rest of a SIP or SIPS URI, v (after the colon of its scheme): the
   scheme, `kind` (SIPR_URI_SIP or SIPR_URI_SIPS), and its name were read by
   sipr_scan_uri. */
/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(out) && \separated(out, m) && \separated(buf + (0 .. len - 1), out);
    assigns *out, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
*/
static sipr_status sipr_scan_sip_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                                     sipr_uri *out, sipr_status err, uint8_t kind,
                                     sipr_span scheme)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_uri_regs R = {i, i, i, i, i, i, 0, 0, v.off, URI_INIT, SPAN_NONE, SPAN_NONE, 0};
    sipr_plist_result pr;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.pomark <= i && v.off <= R.prmark <= i && v.off <= R.hdmark <= i;
        loop invariant SPAN_IN(R.u.port_text, len) && SPAN_IN(R.pext, len) && SPAN_IN(R.hext, len);
        loop assigns i, cs, R;
        loop variant end - i; */
    %% write exec;

    if (!R.fail && cs < sipr_uri_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    if (R.fail) {
        m->err_off = R.eoff;
        return err;
    }
    R.u.scheme = kind;
    R.u.scheme_name = scheme;
    if (!R.has_at) {
        /* no '@': what looked like a user was the host */
        R.u.user = SPAN_NONE;
        R.u.password = SPAN_NONE;
    }
    if (R.u.port_text.len != 0) {
        sipr_u32_result pn = sipr_u32(buf, len, R.u.port_text, 65535u, err);
        if (pn.st != SIPR_OK) {
            m->err_off = pn.off;
            return pn.st;
        }
        R.u.port = (uint16_t)pn.val;
    }
    pr = sipr_scan_params(buf, len, R.pext, m);
    if (pr.st != SIPR_OK)
        return pr.st == SIPR_E_TOO_MANY_PARAMS ? pr.st : err;
    R.u.params = pr.pl;
    pr = sipr_scan_uri_headers(buf, len, R.hext, m);
    if (pr.st != SIPR_OK)
        return pr.st == SIPR_E_TOO_MANY_PARAMS ? pr.st : err;
    R.u.headers = pr.pl;
    *out = R.u;
    return SIPR_OK;
}

/* The family of the scheme whose name is the span s (every byte a scheme
   byte): SIPR_URI_SIP for "sip", SIPR_URI_SIPS for "sips", SIPR_URI_TEL for
   "tel", in any case (RFC 3261 §19.1.1, RFC 3966 §3, RFC 5234 §2.3),
   SIPR_URI_OTHER otherwise. The bytes,
   each | 0x20, are packed into one word and compared with the names' words:
   | 0x20 maps a letter to its lowercase form, and leaves digits, '+', '-' and
   '.' (the other scheme bytes) as they are, none of which is a letter, so
   the comparison ignores exactly the case of letters. */
/*@ requires \valid_read(buf + (0 .. len - 1)) && SPAN_IN(s, len);
    assigns \nothing;
    ensures \result == SIPR_URI_SIP || \result == SIPR_URI_SIPS || \result == SIPR_URI_TEL ||
            \result == SIPR_URI_OTHER;
*/
static uint8_t sipr_uri_family(const char *buf, size_t len, sipr_span s)
{
    uint32_t w;
    (void)len; /* used by the contract */
    if (s.len != 3u && s.len != 4u)
        return SIPR_URI_OTHER;
    w = (uint32_t)(uint8_t)(buf[s.off] | 0x20) | (uint32_t)(uint8_t)(buf[s.off + 1u] | 0x20) << 8 |
        (uint32_t)(uint8_t)(buf[s.off + 2u] | 0x20) << 16;
    if (s.len == 4u)
        w |= (uint32_t)(uint8_t)(buf[s.off + 3u] | 0x20) << 24;
    if (w == 0x00706973u) /* "sip" */
        return SIPR_URI_SIP;
    if (w == 0x73706973u) /* "sips" */
        return SIPR_URI_SIPS;
    if (w == 0x006c6574u) /* "tel" */
        return SIPR_URI_TEL;
    return SIPR_URI_OTHER;
}

/* A URI (RFC 3261 §19.1, §25.1 Request-URI / addr-spec): its scheme, then the
   machine of its family on the rest. A byte that cannot continue the scheme,
   or a URI that ends inside it, fails at that byte (the end); the rest fails
   where its family's machine does. */
/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(out) && \separated(out, m) && \separated(buf + (0 .. len - 1), out);
    assigns *out, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
*/
sipr_status sipr_scan_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m, sipr_uri *out,
                          sipr_status err)
{
    const size_t end = (size_t)v.off + v.len;
    size_t k = v.off;
    sipr_span scheme, rest;
    uint8_t family;

    /* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ); (c | 0x20) is a
       lowercase letter exactly when c is a letter */
    if (k < end && (uint8_t)(buf[k] | 0x20) >= 'a' && (uint8_t)(buf[k] | 0x20) <= 'z') {
        k++;
        /*@ loop invariant v.off < k <= end;
            loop assigns k;
            loop variant end - k; */
        while (k < end && (((uint8_t)(buf[k] | 0x20) >= 'a' && (uint8_t)(buf[k] | 0x20) <= 'z') ||
                           (buf[k] >= '0' && buf[k] <= '9') || buf[k] == '+' || buf[k] == '-' ||
                           buf[k] == '.'))
            k++;
    }
    if (k == v.off || k == end || buf[k] != ':') {
        m->err_off = (uint32_t)k;
        return err;
    }
    scheme.off = v.off;
    scheme.len = (uint32_t)(k - v.off);
    rest.off = (uint32_t)(k + 1u);
    rest.len = (uint32_t)(end - k - 1u);
    family = sipr_uri_family(buf, len, scheme);
    if (family == SIPR_URI_OTHER)
        return sipr_scan_abs_uri(buf, len, rest, m, out, err, scheme);
    if (family == SIPR_URI_TEL)
        return sipr_scan_tel_uri(buf, len, rest, m, out, err, scheme);
    return sipr_scan_sip_uri(buf, len, rest, m, out, err, family, scheme);
}
