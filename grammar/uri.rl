/* SIP-URI, SIPS-URI (RFC 3261 §19.1, §25.1) and absoluteURI (RFC 2396).
 *
 * `sip:alice;x=1@host` and `sip:alice;x=1` share a prefix: the user part may
 * hold ';', '?' and ':'. So the actions here only record positions in locals
 * and the '@' (which can only end a userinfo) resets what the host reading
 * recorded. The parameters and URI headers, once their extents are certain,
 * go into the pool through two small unambiguous scanners (params.rl,
 * uri_headers.rl). */
#include "sipr_internal.h"

#define ERR()                                                       \
    do {                                                            \
        if (fail == 0) {                                            \
            fail = 1;                                               \
            eoff = (uint32_t)i;                               \
        }                                                           \
    } while (0)

%%{
  machine sipr_uri;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action sip      { u.scheme = SIPR_URI_SIP; u.scheme_name = SPAN_AT(v.off, i); }
  action sips     { u.scheme = SIPR_URI_SIPS; u.scheme_name = SPAN_AT(v.off, i); }
  action smk      { mark = i; }
  action other    { u.scheme = SIPR_URI_OTHER; u.scheme_name = SPAN_AT(mark, i); }
  action omk      { omark = i; }
  action opaque   { u.opaque = SPAN_AT(omark, i); }
  action umk      { umark = i; }
  action uend     { u.user = SPAN_AT(umark, i); }
  action pmk      { pmark = i + 1; }
  action pend     { u.password = SPAN_AT(pmark, i); }
  action at {
    has_at = 1;
    u.host = SPAN_NONE; u.port_text = SPAN_NONE; u.host_kind = SIPR_HOST_NONE;
    pext = SPAN_NONE; hext = SPAN_NONE;
  }
  action hmk      { hmark = i; }
  action hend     { u.host = SPAN_AT(hmark, i); }
  action k_name   { u.host_kind = SIPR_HOST_NAME; }
  action k_v4     { u.host_kind = SIPR_HOST_IPV4; }
  action k_v6     { u.host_kind = SIPR_HOST_IPV6; }
  action pomk     { pomark = i + 1; }
  action poend    { u.port_text = SPAN_AT(pomark, i); }
  action prmk     { prmark = i; }
  action prend    { pext = SPAN_AT(prmark, i); }
  action hdmk     { hdmark = i; }
  action hdend    { hext = SPAN_AT(hdmark, i); }
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
    requires \valid(out) && \separated(out, m) && \separated(buf + (0 .. len - 1), out);
    assigns *out, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
*/
sipr_status sipr_scan_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m, sipr_uri *out,
                          sipr_status err)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    size_t mark = i, omark = i, umark = i, pmark = i, hmark = i, pomark = i, prmark = i,
           hdmark = i;
    uint32_t cs;
    int has_at = 0, fail = 0;
    uint32_t eoff = v.off;
    sipr_uri u = URI_INIT;
    sipr_span pext = SPAN_NONE, hext = SPAN_NONE;
    sipr_plist_result pr;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= pomark <= i && v.off <= prmark <= i && v.off <= hdmark <= i;
        loop invariant SPAN_IN(u.port_text, len) && SPAN_IN(pext, len) && SPAN_IN(hext, len);
        loop assigns i, cs, mark, omark, umark, pmark, hmark, pomark, prmark, hdmark, has_at,
                     fail, u, pext, hext, eoff;
        loop variant end - i; */
    %% write exec;

    if (!fail && cs < sipr_uri_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    if (fail) {
        m->err_off = eoff;
        return err;
    }
    if (!has_at) {
        /* no '@': what looked like a user was the host */
        u.user = SPAN_NONE;
        u.password = SPAN_NONE;
    }
    if (u.port_text.len != 0) {
        sipr_u32_result r = sipr_u32(buf, len, u.port_text, 65535u, err);
        if (r.st != SIPR_OK) {
            m->err_off = r.off;
            return r.st;
        }
        u.port = (uint16_t)r.val;
    }
    pr = sipr_scan_params(buf, len, pext, m);
    if (pr.st != SIPR_OK)
        return pr.st == SIPR_E_TOO_MANY_PARAMS ? pr.st : err;
    u.params = pr.pl;
    pr = sipr_scan_uri_headers(buf, len, hext, m);
    if (pr.st != SIPR_OK)
        return pr.st == SIPR_E_TOO_MANY_PARAMS ? pr.st : err;
    u.headers = pr.pl;
    *out = u;
    return SIPR_OK;
}
