/* From and To (RFC 3261 §20.20, §20.39, §25.1):
 * ( name-addr / addr-spec ) *( SEMI ( tag-param / generic-param ) ).
 * The addr-spec is checked by the URI scanner as soon as its extent ends.
 * Generic parameters are pushed at the next ';' or at the end (see via.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_name_addr_act (see
 * gen/rlgen.c, action-function mode) and name them r->... */
typedef struct {
    size_t mark, dmark;            /* start of the current token / display-name */
    uint32_t eoff;                 /* offset of the first error */
    int pending, fail;             /* a generic parameter waits to be pushed; a syntax error */
    sipr_status st;                /* status of a callee (URI scanner, pool) */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    sipr_name_addr cur;            /* what was scanned */
} sipr_name_addr_regs;

#define ERR()                                                       \
    do {                                                            \
        if (r->fail == 0) {                                         \
            r->fail = 1;                                            \
            r->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* Pushes the pending generic parameter, if any, into the pool and the
 * current record's run. 0, or 1 when the pool is full (r->st, r->eoff say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(r) && \separated(r, m);
    assigns r->st, r->eoff, r->pending, r->cur.params, m->params[0 .. SIPR_MAX_PARAMS - 1],
            m->n_params;
    ensures \result == 0 || \result == 1;
*/
static int sipr_name_addr_flush(sipr_name_addr_regs *r, sipr_msg *m)
{
    if (r->pending) {
        r->st = sipr_param_push(m, r->pname, r->pvalue);
        if (r->st != SIPR_OK) {
            r->eoff = r->pname.off;
            return 1;
        }
        if (r->cur.params.count == 0)
            r->cur.params.first = (uint16_t)(m->n_params - 1u);
        r->cur.params.count++;
        r->pending = 0;
    }
    return 0;
}

/* the actions' form: stop the scan when the push failed */
#define FLUSH()                                                     \
    do {                                                            \
        if (sipr_name_addr_flush(r, m) != 0)                                   \
            return 1;                                               \
    } while (0)

%%{
  machine sipr_name_addr;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action dmk      { r->dmark = i; }
  action dend     { r->cur.display = SPAN_AT(r->dmark, i); }
  action umk      { r->mark = i; }
  action uend {
    r->cur.uri_text = SPAN_AT(r->mark, i);
    r->st = sipr_scan_uri(buf, len, r->cur.uri_text, m, &r->cur.uri, SIPR_E_URI);
    if (r->st != SIPR_OK) { r->eoff = m->err_off; return 1; }
  }
  action mk       { r->mark = i; }
  action tag      { r->cur.tag = SPAN_AT(r->mark, i); }
  action gname    { r->pname = SPAN_AT(r->mark, i); r->pvalue = SPAN_NONE; r->pending = 1; }
  action gvalue   { r->pvalue = SPAN_AT(r->mark, i); }
  action flush    { FLUSH(); }
  action e_hdr    { ERR(); }

  include sipr_addr "addr.rl";

  tag_param   = "tag"i EQUAL token >mk %tag;
  generic_param = ( token - "tag"i ) >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  main := ( addr ( SWS ";" @flush SWS ( tag_param | generic_param ) )* ) %/flush $!e_hdr;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(r) && \separated(r, m) && \separated(r, buf + (0 .. len - 1));
    requires v.off <= i <= v.off + v.len;
    requires v.off <= r->mark <= i && v.off <= r->dmark <= i;
    assigns *r, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
    ensures v.off <= r->mark <= i && v.off <= r->dmark <= i;
*/
/* rlgen: actions */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off, m->from, m->to;
*/
sipr_status sipr_scan_name_addr(const char *buf, size_t len, sipr_span v, sipr_msg *m, int to,
                                uint16_t hdr, sipr_status err)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_name_addr_regs R = {i, i, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, NA_INIT(hdr)};
    sipr_name_addr_regs *const r = &R;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= r->mark <= i && v.off <= r->dmark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
        loop variant end - i; */
    %% write exec;

    if (r->st == SIPR_OK && !r->fail && cs < sipr_name_addr_first_final) {
        r->fail = 1;
        r->eoff = (uint32_t)i;
    }
    m->err_off = r->eoff;
    if (r->st != SIPR_OK)
        return r->st;
    if (r->fail)
        return err;
    if (to)
        m->to = r->cur;
    else
        m->from = r->cur;
    return SIPR_OK;
}
