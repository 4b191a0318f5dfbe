/* SIP-URI, SIPS-URI (RFC 3261 §19.1, §25.1) and absoluteURI (RFC 2396).
 *
 * `sip:alice;x=1@host` and `sip:alice;x=1` share a prefix: the user part may
 * hold ';', '?' and ':'. So the actions here only record positions in locals
 * and the '@' (which can only end a userinfo) resets what the host reading
 * recorded. The parameters and URI headers, once their extents are certain,
 * go into the pool through two small unambiguous scanners (params.rl,
 * uri_headers.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_uri_act (see gen/rlgen.c,
 * action-function mode) and name them r->... */
typedef struct {
    size_t mark, omark, umark, pmark, hmark, pomark, prmark, hdmark; /* starts of parts */
    int has_at, fail;              /* an '@' was seen; a syntax error */
    uint32_t eoff;                 /* offset of the first error */
    sipr_uri u;                    /* what was scanned */
    sipr_span pext, hext;          /* extents of the parameters and of the URI headers */
} sipr_uri_regs;


#define ERR()                                                       \
    do {                                                            \
        if (r->fail == 0) {                                            \
            r->fail = 1;                                               \
            r->eoff = (uint32_t)i;                               \
        }                                                           \
    } while (0)

%%{
  machine sipr_uri;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action sip      { r->u.scheme = SIPR_URI_SIP; r->u.scheme_name = SPAN_AT(v.off, i); }
  action sips     { r->u.scheme = SIPR_URI_SIPS; r->u.scheme_name = SPAN_AT(v.off, i); }
  action smk      { r->mark = i; }
  action other    { r->u.scheme = SIPR_URI_OTHER; r->u.scheme_name = SPAN_AT(r->mark, i); }
  action omk      { r->omark = i; }
  action opaque   { r->u.opaque = SPAN_AT(r->omark, i); }
  action umk      { r->umark = i; }
  action uend     { r->u.user = SPAN_AT(r->umark, i); }
  action pmk      { r->pmark = i + 1; }
  action pend     { r->u.password = SPAN_AT(r->pmark, i); }
  action at {
    r->has_at = 1;
    r->u.host = SPAN_NONE; r->u.port_text = SPAN_NONE; r->u.host_kind = SIPR_HOST_NONE;
    r->pext = SPAN_NONE; r->hext = SPAN_NONE;
  }
  action hmk      { r->hmark = i; }
  action hend     { r->u.host = SPAN_AT(r->hmark, i); }
  action k_name   { r->u.host_kind = SIPR_HOST_NAME; }
  action k_v4     { r->u.host_kind = SIPR_HOST_IPV4; }
  action k_v6     { r->u.host_kind = SIPR_HOST_IPV6; }
  action pomk     { r->pomark = i + 1; }
  action poend    { r->u.port_text = SPAN_AT(r->pomark, i); }
  action prmk     { r->prmark = i; }
  action prend    { r->pext = SPAN_AT(r->prmark, i); }
  action hdmk     { r->hdmark = i; }
  action hdend    { r->hext = SPAN_AT(r->hdmark, i); }
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

  sip_rest    = userinfo? hostport uri_parameters? headers?;
  SIP_URI     = "sip"i ":" @sip sip_rest;
  SIPS_URI    = "sips"i ":" @sips sip_rest;

  uric        = reserved | unreserved | escaped;
  scheme      = alpha ( alpha | digit | [+\-.] )*;
  absoluteURI = ( scheme - ( "sip"i | "sips"i ) ) >smk %other ":" ( uric+ ) >omk %opaque;

  main := ( SIP_URI | SIPS_URI | absoluteURI ) $!e_uri;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(r) && \separated(r, m) && \separated(r, buf + (0 .. len - 1));
    requires v.off <= i <= v.off + v.len;
    requires v.off <= r->pomark <= i && v.off <= r->prmark <= i && v.off <= r->hdmark <= i;
    requires SPAN_IN(r->u.port_text, len) && SPAN_IN(r->pext, len) && SPAN_IN(r->hext, len);
    assigns *r;
    ensures v.off <= r->pomark <= i + 1 && v.off <= r->prmark <= i && v.off <= r->hdmark <= i;
    ensures SPAN_IN(r->u.port_text, len) && SPAN_IN(r->pext, len) && SPAN_IN(r->hext, len);
*/
/* rlgen: actions */

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(out) && \separated(out, m) && \separated(buf + (0 .. len - 1), out);
    assigns *out, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
*/
sipr_status sipr_scan_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m, sipr_uri *out,
                          sipr_status err)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_uri_regs R = {i, i, i, i, i, i, i, i, 0, 0, v.off, URI_INIT, SPAN_NONE, SPAN_NONE};
    sipr_uri_regs *const r = &R;
    sipr_plist_result pr;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= r->pomark <= i && v.off <= r->prmark <= i && v.off <= r->hdmark <= i;
        loop invariant SPAN_IN(r->u.port_text, len) && SPAN_IN(r->pext, len) && SPAN_IN(r->hext, len);
        loop assigns i, cs, R;
        loop variant end - i; */
    %% write exec;

    if (!r->fail && cs < sipr_uri_first_final) {
        r->fail = 1;
        r->eoff = (uint32_t)i;
    }
    if (r->fail) {
        m->err_off = r->eoff;
        return err;
    }
    if (!r->has_at) {
        /* no '@': what looked like a user was the host */
        r->u.user = SPAN_NONE;
        r->u.password = SPAN_NONE;
    }
    if (r->u.port_text.len != 0) {
        sipr_u32_result pn = sipr_u32(buf, len, r->u.port_text, 65535u, err);
        if (pn.st != SIPR_OK) {
            m->err_off = pn.off;
            return pn.st;
        }
        r->u.port = (uint16_t)pn.val;
    }
    pr = sipr_scan_params(buf, len, r->pext, m);
    if (pr.st != SIPR_OK)
        return pr.st == SIPR_E_TOO_MANY_PARAMS ? pr.st : err;
    r->u.params = pr.pl;
    pr = sipr_scan_uri_headers(buf, len, r->hext, m);
    if (pr.st != SIPR_OK)
        return pr.st == SIPR_E_TOO_MANY_PARAMS ? pr.st : err;
    r->u.headers = pr.pl;
    *out = r->u;
    return SIPR_OK;
}
