/* From and To (RFC 3261 §20.20, §20.39, §25.1):
 * ( name-addr / addr-spec ) *( SEMI ( tag-param / generic-param ) ).
 * The addr-spec is checked by the URI scanner as soon as its extent ends.
 * Generic parameters are pushed at the next ';' or at the end (see via.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_name_addr_act (see
 * gen/rlgen.c, action-function mode, by reference), which updates them in
 * place through R (R->...). */
typedef struct {
    size_t mark, dmark;            /* start of the current token / display-name */
    uint32_t eoff;                 /* offset of the first error */
    int pending, fail;             /* a generic parameter waits to be pushed; a syntax error */
    sipr_status st;                /* status of a callee (URI scanner, pool) */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    sipr_name_addr cur;            /* what was scanned */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_name_addr_regs;

#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* rlgen: parameter flush, keeping R->mark R->dmark */

%%{
  machine sipr_name_addr;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action dmk      { R->dmark = i; }
  action dend     { SPAN_SET(R->cur.display, R->dmark, i); }
  action umk      { R->mark = i; }
  action uend {
    SPAN_SET(R->cur.uri_text, R->mark, i);
    R->st = sipr_scan_uri(buf, len, R->cur.uri_text, m, &R->cur.uri, SIPR_E_URI);
    if (R->st != SIPR_OK) { R->eoff = m->err_off; STOP_REF(); }
  }
  action mk       { R->mark = i; }
  action tag      { SPAN_SET(R->cur.tag, R->mark, i); }
  action gname    { SPAN_SET(R->pname, R->mark, i); SPAN_CLEAR(R->pvalue); R->pending = 1; }
  action gvalue   { SPAN_SET(R->pvalue, R->mark, i); }
  action flush    { FLUSH(); }
  action e_hdr    { ERR(); }

  include sipr_addr "addr.rl";

  tag_param   = "tag"i EQUAL token >mk %tag;
  generic_param = ( token - "tag"i ) >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  main := ( addr ( SWS ";" @flush SWS ( tag_param | generic_param ) )* ) %/flush $!e_hdr;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->mark <= i && v.off <= R->dmark <= i;
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
    ensures v.off <= R->mark <= i && v.off <= R->dmark <= i;
*/
/* rlgen: actions by reference */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off, m->from, m->to;
*/
sipr_status sipr_scan_name_addr(const char *buf, size_t len, sipr_span v, sipr_msg *m, int to,
                                uint16_t hdr, sipr_status err)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_name_addr_regs R = {i, i, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, NA_INIT(hdr), 0};

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.mark <= i && v.off <= R.dmark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_name_addr_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    if (R.fail)
        return err;
    if (to)
        m->to = R.cur;
    else
        m->from = R.cur;
    return SIPR_OK;
}
