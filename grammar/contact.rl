/* Contact (RFC 3261 §20.10, §25.1): STAR / contact-param *(COMMA contact-param),
 * contact-param = ( name-addr / addr-spec ) *( SEMI contact-params ),
 * contact-params = c-p-q / c-p-expires / contact-extension.
 * Entries and generic parameters are pushed at the next ';' or ',' or at the
 * end of the value (see via.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_contact_act (see
 * gen/rlgen.c, action-function mode, by reference), which updates them in
 * place through R (R->...). */
typedef struct {
    size_t mark, dmark;            /* start of the current token / display-name */
    uint32_t start, eoff;          /* start of the current entry; first error */
    int pending, fail, star;       /* a generic parameter waits; a syntax error; Contact: * */
    sipr_status st;                /* status of a callee (URI scanner, pool) */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    uint16_t hdr;                  /* index of the header line */
    sipr_name_addr cur;            /* the entry being scanned */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_contact_regs;


#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* rlgen: parameter flush, keeping R->mark R->dmark */

/* Starts a new entry: *a = NA_INIT(hdr). A function of its own, so that the
 * proof of sipr_contact_commit sees one assignment of R->cur where the stores
 * to each field would bury what it knows of m (LIMITS_OK). */
/*@ requires \valid(a);
    assigns *a;
    ensures a->header == hdr;
*/
static SIPR_ACT_INLINE void sipr_contact_clear(sipr_name_addr *a, uint16_t hdr)
{
    NA_CLEAR(*a, hdr);
}

/* Pushes the entry scanned so far (and its pending parameter) and starts a
 * new one. R->stop is 1 when a push failed (R->st and R->eoff then say
 * so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(R) && \separated(R, m);
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts;
    ensures LIMITS_OK(m);
    ensures R->stop == 0 || R->stop == 1;
    ensures R->mark == \old(R->mark);
    ensures R->dmark == \old(R->dmark);
*/
static SIPR_ACT_INLINE void sipr_contact_commit(sipr_contact_regs *R, sipr_msg *m)
{
    R->stop = 0;
    sipr_contact_flush(R, m);
    if (R->stop != 0)
        return;
    R->st = sipr_contact_push(m, R->cur);
    if (R->st != SIPR_OK) {
        R->eoff = R->start;
        STOP_REF();
    }
    sipr_contact_clear(&R->cur, R->hdr);
}

#define COMMIT()                                                    \
    do {                                                            \
        sipr_contact_commit(R, m);                                  \
        if (R->stop != 0)                                           \
            return;                                                 \
    } while (0)

%%{
  machine sipr_contact;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action start    { R->start = (uint32_t)i; }
  action dmk      { R->dmark = i; }
  action dend     { SPAN_SET(R->cur.display, R->dmark, i); }
  action umk      { R->mark = i; }
  action uend {
    SPAN_SET(R->cur.uri_text, R->mark, i);
    R->st = sipr_scan_uri(buf, len, R->cur.uri_text, m, &R->cur.uri, SIPR_E_URI);
    if (R->st != SIPR_OK) { R->eoff = m->err_off; STOP_REF(); }
  }
  action mk       { R->mark = i; }
  action q        { SPAN_SET(R->cur.q, R->mark, i); }
  action expires  { SPAN_SET(R->cur.expires, R->mark, i); }
  action gname    { SPAN_SET(R->pname, R->mark, i); SPAN_CLEAR(R->pvalue); R->pending = 1; }
  action gvalue   { SPAN_SET(R->pvalue, R->mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action star     { R->star = 1; }
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
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->mark <= i && v.off <= R->dmark <= i;
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->err_off;
    ensures v.off <= R->mark <= i && v.off <= R->dmark <= i;
*/
/* rlgen: actions by reference */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->contacts[0 .. SIPR_MAX_CONTACTS - 1],
            m->n_contacts, m->contact_star, m->err_off;
*/
sipr_status sipr_scan_contact(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_contact_regs R = {i, i, v.off, v.off, 0, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, hdr,
                           NA_INIT(hdr), 0};

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.mark <= i && v.off <= R.dmark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->contacts[0 .. SIPR_MAX_CONTACTS - 1], m->n_contacts, m->err_off;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_contact_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    if (R.fail)
        return SIPR_E_CONTACT;
    /* "*" stands alone (RFC 3261 §20.10: STAR / contact-param list; the lines
       of one header field make one comma list, §7.3.1): "*" on a second line,
       or "*" and an entry on any lines, is malformed, at this line's value */
    if (R.star ? (m->contact_star != 0 || m->n_contacts != 0)
               : (m->contact_star != 0 && m->n_contacts != 0)) {
        m->err_off = v.off;
        return SIPR_E_CONTACT;
    }
    if (R.star)
        m->contact_star = 1;
    return SIPR_OK;
}
