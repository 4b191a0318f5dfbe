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
 * gen/rlgen.c, action-function mode) and name them r->... */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t eoff;                 /* offset of the first error */
    int pending, fail;             /* a parameter waits to be pushed; a syntax error */
    sipr_status st;                /* status of a callee (pool) */
    sipr_span mtype, msub, pname, pvalue;
    sipr_plist params;             /* parameters of the current media-range */
    uint16_t hdr;                  /* index of the header line */
} sipr_media_regs;


#define ERR()                                                       \
    do {                                                            \
        if (r->fail == 0) {                                            \
            r->fail = 1;                                               \
            r->eoff = (uint32_t)i;                                     \
        }                                                           \
    } while (0)

/* Pushes the pending generic parameter, if any, into the pool and the
 * current record's run. 0, or 1 when the pool is full (r->st, r->eoff say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(r) && \separated(r, m);
    assigns r->st, r->eoff, r->pending, r->params, m->params[0 .. SIPR_MAX_PARAMS - 1],
            m->n_params;
    ensures \result == 0 || \result == 1;
*/
static int sipr_media_flush(sipr_media_regs *r, sipr_msg *m)
{
    if (r->pending) {
        r->st = sipr_param_push(m, r->pname, r->pvalue);
        if (r->st != SIPR_OK) {
            r->eoff = r->pname.off;
            return 1;
        }
        if (r->params.count == 0)
            r->params.first = (uint16_t)(m->n_params - 1u);
        r->params.count++;
        r->pending = 0;
    }
    return 0;
}

/* the actions' form: stop the scan when the push failed */
#define FLUSH()                                                     \
    do {                                                            \
        if (sipr_media_flush(r, m) != 0)                                   \
            return 1;                                               \
    } while (0)

/* Pushes the media-range scanned so far (and its pending parameter). 0, or 1
 * when a push failed (r->st, r->eoff say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(r) && \separated(r, m);
    assigns r->st, r->eoff, r->pending, r->params, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures \result == 0 || \result == 1;
*/
static int sipr_media_commit(sipr_media_regs *r, sipr_msg *m)
{
    if (sipr_media_flush(r, m) != 0)
        return 1;
    r->st = sipr_item_push(m, r->mtype, r->msub, r->params, r->hdr);
    if (r->st != SIPR_OK) {
        r->eoff = r->mtype.off;
        return 1;
    }
    r->params.first = 0;
    r->params.count = 0;
    return 0;
}

#define COMMIT()                                                    \
    do {                                                            \
        if (sipr_media_commit(r, m) != 0)                           \
            return 1;                                               \
    } while (0)

%%{
  machine sipr_media;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { r->mark = i; }
  action mtype    { r->mtype = SPAN_AT(r->mark, i); }
  action msub     { r->msub = SPAN_AT(r->mark, i); }
  action gname    { r->pname = SPAN_AT(r->mark, i); r->pvalue = SPAN_NONE; r->pending = 1; }
  action gvalue   { r->pvalue = SPAN_AT(r->mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action e_media  { ERR(); }

  m_param     = token >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  media_range = token >mk %mtype SLASH token >mk %msub ( SWS ";" @flush SWS m_param )*;
  main := ( media_range ( SWS "," @commit SWS media_range )* ) %/commit $!e_media;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(r) && \separated(r, m) && \separated(r, buf + (0 .. len - 1));
    requires v.off <= i <= v.off + v.len && v.off <= r->mark <= i;
    assigns *r, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->items[0 .. SIPR_MAX_ITEMS - 1],
            m->n_items;
    ensures v.off <= r->mark <= i;
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
                         {0, 0}, hdr};
    sipr_media_regs *const r = &R;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= r->mark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (r->st == SIPR_OK && !r->fail && cs < sipr_media_first_final) {
        r->fail = 1;
        r->eoff = (uint32_t)i;
    }
    m->err_off = r->eoff;
    if (r->st != SIPR_OK)
        return r->st;
    return r->fail ? SIPR_E_MEDIA_TYPE : SIPR_OK;
}
