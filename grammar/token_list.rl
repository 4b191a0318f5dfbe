/* Comma lists of tokens (RFC 3261 §7.3.1, §25.1): option-tag lists (Require,
 * Proxy-Require, Supported, Unsupported: option-tag = token), Allow (Method =
 * token), Content-Encoding (content-coding = token) and Allow-Events (RFC
 * 6665 §8.4: event-type, whose characters are token characters). One call
 * scans 1#token; the caller skips an empty value where the RFC allows one
 * (Supported, Allow). Each token is one sipr_item. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_token_list_act (see
 * gen/rlgen.c, action-function mode) and name them R.... */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t eoff;                 /* offset of the first error */
    int fail;                      /* a syntax error */
    sipr_status st;                /* status of a callee (pool) */
    uint16_t hdr;                  /* index of the header line */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_token_list_regs;


%%{
  machine sipr_token_list;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R.mark = i; }
  action item {
    R.st = sipr_item_push(m, SPAN_AT(R.mark, i), SPAN_NONE, SPAN_NONE, (sipr_plist){0, 0}, R.hdr);
    if (R.st != SIPR_OK) { R.eoff = (uint32_t)R.mark; STOP(); }
  }
  action e_list   { if (R.fail == 0) { R.fail = 1; R.eoff = (uint32_t)i; } }

  main := ( token >mk %item ( COMMA token >mk %item )* ) $!e_list;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires v.off <= i <= v.off + v.len && v.off <= R.mark <= i;
    assigns m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures v.off <= \result.mark <= i;
*/
/* rlgen: actions */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items, m->err_off;
*/
sipr_status sipr_scan_token_list(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_token_list_regs R = {i, v.off, 0, SIPR_OK, hdr, 0};

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= R.mark <= i;
        loop assigns i, cs, R, m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_token_list_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    return R.fail ? SIPR_E_TOKEN_LIST : SIPR_OK;
}
