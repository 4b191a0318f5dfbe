/* From and To (RFC 3261 §20.20, §20.39, §25.1):
 * ( name-addr / addr-spec ) *( SEMI ( tag-param / generic-param ) ).
 * The addr-spec is checked by the URI scanner as soon as its extent ends.
 * Generic parameters are pushed at the next ';' or at the end (see via.rl). */
#include "sipr_internal.h"

#define ERR()                                                       \
    do {                                                            \
        if (fail == 0) {                                            \
            fail = 1;                                               \
            eoff = (uint32_t)i;                               \
        }                                                           \
    } while (0)

#define FLUSH()                                                     \
    do {                                                            \
        if (pending) {                                              \
            st = sipr_param_push(m, pname, pvalue);            \
            if (st != SIPR_OK) {                                    \
                eoff = pname.off;                             \
                goto sipr_name_addr_out;                            \
            }                                                       \
            if (cur.params.count == 0)                              \
                cur.params.first = (uint16_t)(m->n_params - 1u);    \
            cur.params.count++;                                     \
            pending = 0;                                            \
        }                                                           \
    } while (0)

%%{
  machine sipr_name_addr;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action dmk      { dmark = i; }
  action dend     { cur.display = SPAN_AT(dmark, i); }
  action umk      { mark = i; }
  action uend {
    cur.uri_text = SPAN_AT(mark, i);
    st = sipr_scan_uri(buf, len, cur.uri_text, m, &uri, SIPR_E_URI);
    if (st != SIPR_OK) { eoff = m->err_off; goto sipr_name_addr_out; }
    cur.uri = uri;
  }
  action mk       { mark = i; }
  action tag      { cur.tag = SPAN_AT(mark, i); }
  action gname    { pname = SPAN_AT(mark, i); pvalue = SPAN_NONE; pending = 1; }
  action gvalue   { pvalue = SPAN_AT(mark, i); }
  action flush    { FLUSH(); }
  action e_hdr    { ERR(); }

  include sipr_addr "addr.rl";

  tag_param   = "tag"i EQUAL token >mk %tag;
  generic_param = ( token - "tag"i ) >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  main := ( addr ( SWS ";" @flush SWS ( tag_param | generic_param ) )* ) %/flush $!e_hdr;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off, m->from, m->to;
*/
sipr_status sipr_scan_name_addr(const char *buf, size_t len, sipr_span v, sipr_msg *m, int to,
                                uint16_t hdr, sipr_status err)
{
    size_t i = v.off, end = (size_t)v.off + v.len, mark = i, dmark = i;
    uint32_t cs, eoff = v.off;
    int pending = 0, fail = 0;
    sipr_status st = SIPR_OK;
    sipr_span pname = SPAN_NONE, pvalue = SPAN_NONE;
    sipr_uri uri;
    sipr_name_addr cur = NA_INIT(hdr);

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= mark <= i;
        loop assigns i, cs, mark, dmark, pending, fail, st, pname, pvalue, cur, uri,
                     m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off, eoff;
        loop variant end - i; */
    %% write exec;

    if (st == SIPR_OK && !fail && cs < sipr_name_addr_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    m->err_off = eoff;
    if (st != SIPR_OK)
        return st;
    if (fail)
        return err;
    if (to)
        m->to = cur;
    else
        m->from = cur;
    return SIPR_OK;
}
