/* Contact (RFC 3261 §20.10, §25.1): STAR / contact-param *(COMMA contact-param),
 * contact-param = ( name-addr / addr-spec ) *( SEMI contact-params ),
 * contact-params = c-p-q / c-p-expires / contact-extension.
 * Entries and generic parameters are pushed at the next ';' or ',' or at the
 * end of the value (see via.rl). */
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
                goto sipr_contact_out;                              \
            }                                                       \
            if (cur.params.count == 0)                              \
                cur.params.first = (uint16_t)(m->n_params - 1u);    \
            cur.params.count++;                                     \
            pending = 0;                                            \
        }                                                           \
    } while (0)

#define COMMIT()                                                    \
    do {                                                            \
        FLUSH();                                                    \
        st = sipr_contact_push(m, cur);                        \
        if (st != SIPR_OK) {                                        \
            eoff = start;                                     \
            goto sipr_contact_out;                                  \
        }                                                           \
        cur = empty;                                                \
    } while (0)

%%{
  machine sipr_contact;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action start    { start = (uint32_t)i; }
  action dmk      { dmark = i; }
  action dend     { cur.display = SPAN_AT(dmark, i); }
  action umk      { mark = i; }
  action uend {
    cur.uri_text = SPAN_AT(mark, i);
    st = sipr_scan_uri(buf, len, cur.uri_text, m, &uri, SIPR_E_URI);
    if (st != SIPR_OK) { eoff = m->err_off; goto sipr_contact_out; }
    cur.uri = uri;
  }
  action mk       { mark = i; }
  action q        { cur.q = SPAN_AT(mark, i); }
  action expires  { cur.expires = SPAN_AT(mark, i); }
  action gname    { pname = SPAN_AT(mark, i); pvalue = SPAN_NONE; pending = 1; }
  action gvalue   { pvalue = SPAN_AT(mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action star     { star = 1; }
  action e_hdr    { ERR(); }

  include sipr_addr "addr.rl";

  qvalue      = "0" ( "." digit{0,3} )? | "1" ( "." "0"{0,3} )?;
  c_p_q       = "q"i EQUAL qvalue >mk %q;
  delta_seconds = digit+;
  c_p_expires = "expires"i EQUAL delta_seconds >mk %expires;
  contact_extension = ( token - ( "q"i | "expires"i ) ) >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  contact_params = c_p_q | c_p_expires | contact_extension;
  contact_param = addr >start ( SWS ";" @flush SWS contact_params )*;
  STAR        = SWS "*" SWS;
  main := ( STAR %/star | ( contact_param ( SWS "," @commit SWS contact_param )* ) %/commit ) $!e_hdr;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->contacts[0 .. SIPR_MAX_CONTACTS - 1],
            m->n_contacts, m->contact_star, m->err_off;
*/
sipr_status sipr_scan_contact(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len, mark = i, dmark = i;
    uint32_t cs, start = v.off, eoff = v.off;
    int pending = 0, fail = 0, star = 0;
    sipr_status st = SIPR_OK;
    sipr_span pname = SPAN_NONE, pvalue = SPAN_NONE;
    sipr_uri uri;
    const sipr_name_addr empty = NA_INIT(hdr);
    sipr_name_addr cur = empty;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= mark <= i;
        loop assigns i, cs, mark, dmark, start, pending, fail, star, st, pname, pvalue, cur, uri,
                     m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->err_off, eoff;
        loop variant end - i; */
    %% write exec;

    if (st == SIPR_OK && !fail && cs < sipr_contact_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    m->err_off = eoff;
    if (st != SIPR_OK)
        return st;
    if (fail)
        return SIPR_E_CONTACT;
    if (star)
        m->contact_star = 1;
    return SIPR_OK;
}
