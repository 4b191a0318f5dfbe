/* Media types and ranges (RFC 3261 §20.1, §20.15, §25.1):
 *   Content-Type = media-type = m-type SLASH m-subtype *(SEMI m-parameter)
 *   Accept       = [ accept-range *(COMMA accept-range) ],
 *   accept-range = media-range *(SEMI accept-param)
 * One call scans media-range *(SEMI param) *(COMMA ...); "*" is a token
 * character, so "* / *" and "type/ *" ranges are token SLASH token. A
 * parameter is token [EQUAL (token / host / quoted-string)], which covers
 * m-parameter and accept-param. The caller skips an empty Accept and rejects
 * more than one entry in Content-Type. Entries and parameters are pushed at
 * the next ';' or ',' or at the end of the value (see via.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_media_act (see
 * gen/rlgen.c, action-function mode) and name them R.... */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t eoff;                 /* offset of the first error */
    int pending, fail;             /* a parameter waits to be pushed; a syntax error */
    sipr_status st;                /* status of a callee (pool) */
    sipr_span mtype, msub, pname, pvalue;
    sipr_plist params;             /* parameters of the current media-range */
    uint16_t hdr;                  /* index of the header line */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_media_regs;


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
static SIPR_ACT_INLINE sipr_media_regs sipr_media_flush(sipr_media_regs R, sipr_msg *m)
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
        R = sipr_media_flush(R, m);                                 \
        if (R.stop != 0)                                            \
            return R;                                               \
    } while (0)

/* Pushes the media-range scanned so far (and its pending parameter). R.stop
 * is 1 when a push failed (R.st and R.eoff then say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures \result.stop == 0 || \result.stop == 1;
    ensures \result.mark == R.mark;
*/
static SIPR_ACT_INLINE sipr_media_regs sipr_media_commit(sipr_media_regs R, sipr_msg *m)
{
    R.stop = 0;
    R = sipr_media_flush(R, m);
    if (R.stop != 0)
        return R;
    R.st = sipr_item_push(m, R.mtype, R.msub, SPAN_NONE, R.params, R.hdr);
    if (R.st != SIPR_OK) {
        R.eoff = R.mtype.off;
        STOP();
    }
    R.params.first = 0;
    R.params.count = 0;
    return R;
}

#define COMMIT()                                                    \
    do {                                                            \
        R = sipr_media_commit(R, m);                                \
        if (R.stop != 0)                                            \
            return R;                                               \
    } while (0)

%%{
  machine sipr_media;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R.mark = i; }
  action mtype    { R.mtype = SPAN_AT(R.mark, i); }
  action msub     { R.msub = SPAN_AT(R.mark, i); }
  action gname    { R.pname = SPAN_AT(R.mark, i); R.pvalue = SPAN_NONE; R.pending = 1; }
  action gvalue   { R.pvalue = SPAN_AT(R.mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action e_media  { ERR(); }

  m_param     = token >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  media_range = token >mk %mtype SLASH token >mk %msub ( SWS ";" @flush SWS m_param )*;
  main := ( media_range ( SWS "," @commit SWS media_range )* ) %/commit $!e_media;
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
sipr_status sipr_scan_media(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_media_regs R = {i, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE,
                         {0, 0}, hdr, 0};

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= R.mark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_media_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    return R.fail ? SIPR_E_MEDIA_TYPE : SIPR_OK;
}
