/* The tel URI (RFC 3966 §3): what follows "tel:" (the scheme, in any case,
 * was read by sipr_scan_uri in uri.rl).
 *
 * The number as written goes to `user`; the pars, from the first ';' to the
 * end, go into the pool through params.rl, as a SIP URI's parameters do
 * (every par is ";" pname ["=" paramchar+], which params.rl's uri-parameter
 * takes: RFC 3966's paramchar is RFC 3261's); `opaque` keeps everything after
 * the colon, as it did when tel was one more absoluteURI. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_tel_uri_act (see
 * gen/rlgen.c, action-function mode, by reference), which updates them in
 * place through R (R->...). */
typedef struct {
    size_t umark, prmark;          /* starts of the number and of the pars */
    int fail;                      /* a syntax error */
    uint32_t eoff;                 /* offset of the first error */
    sipr_span user, pext;          /* the number; the extent of the pars */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_tel_uri_regs;

#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

%%{
  machine sipr_tel_uri;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action umk      { R->umark = i; }
  action uend     { SPAN_SET(R->user, R->umark, i); }
  action prmk     { R->prmark = i; }
  action prend    { SPAN_SET(R->pext, R->prmark, i); }
  action e_uri    { ERR(); }

  # Quoted strings of ABNF ignore case (RFC 5234 §2.3): ";isub=", ";ext="
  # and ";phone-context=" in any case.
  # §3 prose, which the ABNF does not say: the isdn-subaddress or the
  # extension first, then the context, then the other parameters. The
  # grammar keeps those three groups in that order, and names no ext, isub
  # or phone-context among the other parameters: a second phone-context, or
  # an isub or ext after the context or after another parameter, is refused
  # where its name ends. Not checked: that an isub, an ext or a pname appears
  # once, and the lexicographical order of the other parameters (§3). A
  # global number may have a phone-context too (the ABNF's parameter takes
  # it), in the same place.
  # §5.1.5: a local number MUST have a context, so a local number without
  # one fails at the first byte that shows it missing: the end of the URI,
  # or the byte of the first parameter that cannot begin ";isub=", ";ext="
  # or ";phone-context=" (for `tel:7042;foo=1`, the 'f').
  # Departure: isdn-subaddress is ";isub=" 1*uric, and uric holds ';', so
  # `;isub=1;ext=2` would read either way; here its value is paramchar+,
  # like every other par value.
  param_unreserved = [\[\]/:&+$];
  paramchar   = param_unreserved | unreserved | escaped;
  visual_separator = [\-.()];
  phonedigit  = digit | visual_separator;
  phonedigit_hex = xdigit | [*#] | visual_separator;
  global_number_digits = "+" phonedigit* digit phonedigit*;
  local_number_digits = phonedigit_hex* ( xdigit | [*#] ) phonedigit_hex*;
  extension   = ";ext="i phonedigit+;
  isdn_subaddress = ";isub="i paramchar+;
  descriptor  = hostname | global_number_digits;
  context     = ";phone-context="i descriptor;
  tel_pname   = ( alnum | "-" )+ - ( "ext"i | "isub"i | "phone-context"i );
  tel_parameter = ";" tel_pname ( "=" paramchar+ )?;
  tel_lead    = ( extension | isdn_subaddress )*;
  global_pars = ( ( tel_lead context? tel_parameter* ) - zlen ) >prmk %prend;
  local_pars  = ( tel_lead context tel_parameter* ) >prmk %prend;
  global_number = global_number_digits >umk %uend global_pars?;
  local_number = local_number_digits >umk %uend local_pars;

  # telephone-subscriber, what follows "tel:"
  main := ( global_number | local_number ) $!e_uri;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->prmark <= i;
    requires SPAN_IN(R->pext, len);
    assigns *R;
    ensures v.off <= R->prmark <= i;
    ensures SPAN_IN(R->pext, len);
*/
/* rlgen: actions by reference */

/* The rest of a tel URI, v (after the colon of its scheme, whose name
   sipr_scan_uri read). */
/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(out) && \separated(out, m) && \separated(buf + (0 .. len - 1), out);
    assigns *out, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
*/
sipr_status sipr_scan_tel_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                              sipr_uri *out, sipr_status err, sipr_span scheme)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_tel_uri_regs R = {i, i, 0, v.off, SPAN_NONE, SPAN_NONE, 0};
    sipr_uri u = URI_INIT;
    sipr_plist_result pr;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.prmark <= i;
        loop invariant SPAN_IN(R.pext, len);
        loop assigns i, cs, R;
        loop variant end - i; */
    %% write exec;

    if (!R.fail && cs < sipr_tel_uri_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    if (R.fail) {
        m->err_off = R.eoff;
        return err;
    }
    pr = sipr_scan_params(buf, len, R.pext, m);
    if (pr.st != SIPR_OK)
        return pr.st == SIPR_E_TOO_MANY_PARAMS ? pr.st : err;
    u.scheme = SIPR_URI_TEL;
    u.scheme_name = scheme;
    u.user = R.user;
    u.opaque = v;
    u.params = pr.pl;
    *out = u;
    return SIPR_OK;
}
