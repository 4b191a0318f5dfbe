/* Comma lists of tokens (RFC 3261 §7.3.1, §25.1): option-tag lists (Require,
 * Proxy-Require, Supported, Unsupported: option-tag = token), Allow (Method =
 * token), Content-Encoding (content-coding = token) and Allow-Events (RFC
 * 6665 §8.4: event-type, whose characters are token characters). One call
 * scans 1#token; the caller skips an empty value where the RFC allows one
 * (Supported, Allow). Each token is one sipr_item. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_token_list_act (see
 * gen/rlgen.c, action-function mode) and name them r->... */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t eoff;                 /* offset of the first error */
    int fail;                      /* a syntax error */
    sipr_status st;                /* status of a callee (pool) */
    uint16_t hdr;                  /* index of the header line */
} sipr_token_list_regs;


%%{
  machine sipr_token_list;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { r->mark = i; }
  action item {
    r->st = sipr_item_push(m, SPAN_AT(r->mark, i), SPAN_NONE, (sipr_plist){0, 0}, r->hdr);
    if (r->st != SIPR_OK) { r->eoff = (uint32_t)r->mark; return 1; }
  }
  action e_list   { if (r->fail == 0) { r->fail = 1; r->eoff = (uint32_t)i; } }

  main := ( token >mk %item ( COMMA token >mk %item )* ) $!e_list;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(r) && \separated(r, m) && \separated(r, buf + (0 .. len - 1));
    requires v.off <= i <= v.off + v.len && v.off <= r->mark <= i;
    assigns *r, m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures v.off <= r->mark <= i;
*/
/* rlgen: actions */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items, m->err_off;
*/
sipr_status sipr_scan_token_list(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_token_list_regs R = {i, v.off, 0, SIPR_OK, hdr};
    sipr_token_list_regs *const r = &R;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= r->mark <= i;
        loop assigns i, cs, R, m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (r->st == SIPR_OK && !r->fail && cs < sipr_token_list_first_final) {
        r->fail = 1;
        r->eoff = (uint32_t)i;
    }
    m->err_off = r->eoff;
    if (r->st != SIPR_OK)
        return r->st;
    return r->fail ? SIPR_E_TOKEN_LIST : SIPR_OK;
}
