/* uri-parameters (RFC 3261 §19.1.1, §25.1): `;pname[=pvalue]...`, each into
 * the parameter pool. The extent was delimited by the URI scanner. */
#include "sipr_internal.h"

%%{
  machine sipr_params;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action reset    { value = SPAN_NONE; }
  action nmk      { mark = i; }
  action nend     { name = SPAN_AT(mark, i); }
  action vmk      { mark = i; }
  action vend     { value = SPAN_AT(mark, i); }
  action push {
    st = sipr_param_push(m, name, value);
    if (st != SIPR_OK) { eoff = name.off; goto sipr_params_out; }
    if (r.pl.count == 0) r.pl.first = (uint16_t)(m->n_params - 1u);
    r.pl.count++;
  }

  param_unreserved = [\[\]/:&+$];
  paramchar   = param_unreserved | unreserved | escaped;
  main := ( ( ";" @reset paramchar+ >nmk %nend ( "=" paramchar+ >vmk %vend )? ) %push )*;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
*/
sipr_plist_result sipr_scan_params(const char *buf, size_t len, sipr_span v, sipr_msg *m)
{
    size_t i = v.off, end = (size_t)v.off + v.len, mark = i;
    uint32_t cs;
    sipr_span name = SPAN_NONE, value = SPAN_NONE;
    sipr_status st = SIPR_OK;
    uint32_t eoff = v.off;
    sipr_plist_result r = {SIPR_OK, {0, 0}};

    (void)len; /* used by the contract */
    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop assigns i, cs, mark, name, value, st, r, m->params[0 .. SIPR_MAX_PARAMS - 1],
                     m->n_params, eoff;
        loop variant end - i; */
    %% write exec;

    if (st != SIPR_OK) {
        m->err_off = eoff;
        r.st = st;
        return r;
    }
    if (cs < sipr_params_first_final) {
        m->err_off = (uint32_t)i;
        r.st = SIPR_E_URI;
        return r;
    }
    return r;
}
