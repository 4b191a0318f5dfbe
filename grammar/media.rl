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

#define ERR()                                                       \
    do {                                                            \
        if (fail == 0) {                                            \
            fail = 1;                                               \
            eoff = (uint32_t)i;                                     \
        }                                                           \
    } while (0)

#define FLUSH()                                                     \
    do {                                                            \
        if (pending) {                                              \
            st = sipr_param_push(m, pname, pvalue);                 \
            if (st != SIPR_OK) {                                    \
                eoff = pname.off;                                   \
                goto sipr_media_out;                                \
            }                                                       \
            if (params.count == 0)                                  \
                params.first = (uint16_t)(m->n_params - 1u);        \
            params.count++;                                         \
            pending = 0;                                            \
        }                                                           \
    } while (0)

#define COMMIT()                                                    \
    do {                                                            \
        FLUSH();                                                    \
        st = sipr_item_push(m, mtype, msub, params, hdr);           \
        if (st != SIPR_OK) {                                        \
            eoff = mtype.off;                                       \
            goto sipr_media_out;                                    \
        }                                                           \
        params = empty_pl;                                          \
    } while (0)

%%{
  machine sipr_media;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { mark = i; }
  action mtype    { mtype = SPAN_AT(mark, i); }
  action msub     { msub = SPAN_AT(mark, i); }
  action gname    { pname = SPAN_AT(mark, i); pvalue = SPAN_NONE; pending = 1; }
  action gvalue   { pvalue = SPAN_AT(mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action e_media  { ERR(); }

  m_param     = token >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  media_range = token >mk %mtype SLASH token >mk %msub ( SWS ";" @flush SWS m_param )*;
  main := ( media_range ( SWS "," @commit SWS media_range )* ) %/commit $!e_media;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->items[0 .. SIPR_MAX_ITEMS - 1],
            m->n_items, m->err_off;
*/
sipr_status sipr_scan_media(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len, mark = i;
    uint32_t cs, eoff = v.off;
    int pending = 0, fail = 0;
    sipr_status st = SIPR_OK;
    sipr_span mtype = SPAN_NONE, msub = SPAN_NONE, pname = SPAN_NONE, pvalue = SPAN_NONE;
    const sipr_plist empty_pl = {0, 0};
    sipr_plist params = empty_pl;

    (void)len;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= mark <= i;
        loop assigns i, cs, mark, pending, fail, st, mtype, msub, pname, pvalue, params, eoff,
                     m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (st == SIPR_OK && !fail && cs < sipr_media_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    m->err_off = eoff;
    if (st != SIPR_OK)
        return st;
    return fail ? SIPR_E_MEDIA_TYPE : SIPR_OK;
}
