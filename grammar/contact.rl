/* Contact (RFC 3261 §20.10, §25.1): STAR / contact-param *(COMMA contact-param),
 * contact-param = ( name-addr / addr-spec ) *( SEMI contact-params ),
 * contact-params = c-p-q / c-p-expires / contact-extension.
 * Entries and generic parameters are pushed at the next ';' or ',' or at the
 * end of the value (see via.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_contact_act (see
 * gen/rlgen.c, action-function mode) and name them r->... */
typedef struct {
    size_t mark, dmark;            /* start of the current token / display-name */
    uint32_t start, eoff;          /* start of the current entry; first error */
    int pending, fail, star;       /* a generic parameter waits; a syntax error; Contact: * */
    sipr_status st;                /* status of a callee (URI scanner, pool) */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    uint16_t hdr;                  /* index of the header line */
    sipr_name_addr cur;            /* the entry being scanned */
} sipr_contact_regs;


#define ERR()                                                       \
    do {                                                            \
        if (r->fail == 0) {                                            \
            r->fail = 1;                                               \
            r->eoff = (uint32_t)i;                               \
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
static int sipr_contact_flush(sipr_contact_regs *r, sipr_msg *m)
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
        if (sipr_contact_flush(r, m) != 0)                                   \
            return 1;                                               \
    } while (0)

/* Pushes the entry scanned so far (and its pending parameter) and starts a
 * new one. 0, or 1 when a push failed (r->st, r->eoff say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(r) && \separated(r, m);
    assigns r->st, r->eoff, r->pending, r->cur, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts;
    ensures \result == 0 || \result == 1;
*/
static int sipr_contact_commit(sipr_contact_regs *r, sipr_msg *m)
{
    if (sipr_contact_flush(r, m) != 0)
        return 1;
    r->st = sipr_contact_push(m, r->cur);
    if (r->st != SIPR_OK) {
        r->eoff = r->start;
        return 1;
    }
    r->cur = (sipr_name_addr)NA_INIT(r->hdr);
    return 0;
}

#define COMMIT()                                                    \
    do {                                                            \
        if (sipr_contact_commit(r, m) != 0)                         \
            return 1;                                               \
    } while (0)

%%{
  machine sipr_contact;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action start    { r->start = (uint32_t)i; }
  action dmk      { r->dmark = i; }
  action dend     { r->cur.display = SPAN_AT(r->dmark, i); }
  action umk      { r->mark = i; }
  action uend {
    r->cur.uri_text = SPAN_AT(r->mark, i);
    r->st = sipr_scan_uri(buf, len, r->cur.uri_text, m, &r->cur.uri, SIPR_E_URI);
    if (r->st != SIPR_OK) { r->eoff = m->err_off; return 1; }
  }
  action mk       { r->mark = i; }
  action q        { r->cur.q = SPAN_AT(r->mark, i); }
  action expires  { r->cur.expires = SPAN_AT(r->mark, i); }
  action gname    { r->pname = SPAN_AT(r->mark, i); r->pvalue = SPAN_NONE; r->pending = 1; }
  action gvalue   { r->pvalue = SPAN_AT(r->mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action star     { r->star = 1; }
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
    requires \valid(r) && \separated(r, m) && \separated(r, buf + (0 .. len - 1));
    requires v.off <= i <= v.off + v.len;
    requires v.off <= r->mark <= i && v.off <= r->dmark <= i;
    assigns *r, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->err_off;
    ensures v.off <= r->mark <= i && v.off <= r->dmark <= i;
*/
/* rlgen: actions */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->contacts[0 .. SIPR_MAX_CONTACTS - 1],
            m->n_contacts, m->contact_star, m->err_off;
*/
sipr_status sipr_scan_contact(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_contact_regs R = {i, i, v.off, v.off, 0, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, hdr,
                           NA_INIT(hdr)};
    sipr_contact_regs *const r = &R;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= r->mark <= i && v.off <= r->dmark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->err_off;
        loop variant end - i; */
    %% write exec;

    if (r->st == SIPR_OK && !r->fail && cs < sipr_contact_first_final) {
        r->fail = 1;
        r->eoff = (uint32_t)i;
    }
    m->err_off = r->eoff;
    if (r->st != SIPR_OK)
        return r->st;
    if (r->fail)
        return SIPR_E_CONTACT;
    if (r->star)
        m->contact_star = 1;
    return SIPR_OK;
}
