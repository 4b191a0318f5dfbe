/* Accept-Contact (RFC 3841 §10), added by the regeneration walkthrough
 * (docs/walkthrough.md):
 *   Accept-Contact = ("Accept-Contact" / "a") HCOLON ac-value *(COMMA ac-value)
 *   ac-value       = "*" *(SEMI ac-params)
 *   ac-params      = feature-param / req-param / explicit-param / generic-param
 *   req-param = "require", explicit-param = "explicit"
 * feature-param (RFC 3840 §9) is enc-feature-tag [EQUAL LDQUOT ... RDQUOT]:
 * its tag is a token and its value a quoted-string, so as a language
 * ac-params is generic-param = token [EQUAL (token / host / quoted-string)],
 * which is what this machine scans. Each ac-value is one sipr_item (value
 * "*", its parameters in the pool, "require" and "explicit" among them).
 * Entries and parameters are pushed at the next ';' or ',' or at the end of
 * the value (see via.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_accept_contact_act (see
 * gen/rlgen.c, action-function mode) and name them R.... */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t eoff;                 /* offset of the first error */
    int pending, fail;             /* a parameter waits to be pushed; a syntax error */
    sipr_status st;                /* status of a callee (pool) */
    sipr_span star, pname, pvalue;
    sipr_plist params;             /* parameters of the current ac-value */
    uint16_t hdr;                  /* index of the header line */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_accept_contact_regs;


#define ERR()                                                       \
    do {                                                            \
        if (R.fail == 0) {                                          \
            R.fail = 1;                                             \
            R.eoff = (uint32_t)i;                                   \
        }                                                           \
    } while (0)

/* Pushes the pending generic parameter, if any, into the pool and the
 * current record's run. R.stop is 1 when the pool is full (R.st and R.eoff
 * then say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1],
            m->n_params;
    ensures \result.stop == 0 || \result.stop == 1;
    ensures \result.mark == R.mark;
*/
static SIPR_ACT_INLINE sipr_accept_contact_regs sipr_accept_contact_flush(sipr_accept_contact_regs R, sipr_msg *m)
{
    R.stop = 0;
    if (R.pending) {
        R.st = sipr_param_push(m, R.pname, R.pvalue);
        if (R.st != SIPR_OK) {
            R.eoff = R.pname.off;
            STOP();
        }
        if (R.params.count == 0)
            R.params.first = (uint16_t)(m->n_params - 1u);
        R.params.count++;
        R.pending = 0;
    }
    return R;
}

/* the actions' form: stop the scan when the push failed */
#define FLUSH()                                                     \
    do {                                                            \
        R = sipr_accept_contact_flush(R, m);                                 \
        if (R.stop != 0)                                            \
            return R;                                               \
    } while (0)

/* Pushes the ac-value scanned so far (and its pending parameter). R.stop
 * is 1 when a push failed (R.st and R.eoff then say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures \result.stop == 0 || \result.stop == 1;
    ensures \result.mark == R.mark;
*/
static SIPR_ACT_INLINE sipr_accept_contact_regs sipr_accept_contact_commit(sipr_accept_contact_regs R, sipr_msg *m)
{
    R.stop = 0;
    R = sipr_accept_contact_flush(R, m);
    if (R.stop != 0)
        return R;
    R.st = sipr_item_push(m, R.star, SPAN_NONE, SPAN_NONE, R.params, R.hdr);
    if (R.st != SIPR_OK) {
        R.eoff = R.star.off;
        STOP();
    }
    R.params.first = 0;
    R.params.count = 0;
    return R;
}

#define COMMIT()                                                    \
    do {                                                            \
        R = sipr_accept_contact_commit(R, m);                                \
        if (R.stop != 0)                                            \
            return R;                                               \
    } while (0)

%%{
  machine sipr_accept_contact;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R.mark = i; }
  action star     { R.star = SPAN_AT(R.mark, i); }
  action gname    { R.pname = SPAN_AT(R.mark, i); R.pvalue = SPAN_NONE; R.pending = 1; }
  action gvalue   { R.pvalue = SPAN_AT(R.mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action e_ac     { ERR(); }

  ac_params   = token >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  ac_value    = "*" >mk %star ( SWS ";" @flush SWS ac_params )*;
  main := ( ac_value ( SWS "," @commit SWS ac_value )* ) %/commit $!e_ac;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires v.off <= i <= v.off + v.len && v.off <= R.mark <= i;
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->items[0 .. SIPR_MAX_ITEMS - 1],
            m->n_items;
    ensures v.off <= \result.mark <= i;
*/
/* rlgen: actions */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->items[0 .. SIPR_MAX_ITEMS - 1],
            m->n_items, m->err_off;
*/
sipr_status sipr_scan_accept_contact(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_accept_contact_regs R = {i, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, SPAN_NONE,
                                {0, 0}, hdr, 0};

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= R.mark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_accept_contact_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    return R.fail ? SIPR_E_ACCEPT_CONTACT : SIPR_OK;
}
