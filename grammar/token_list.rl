/* Comma lists of tokens (RFC 3261 §7.3.1, §25.1): option-tag lists (Require,
 * Proxy-Require, Supported, Unsupported: option-tag = token), Allow (Method =
 * token), Content-Encoding (content-coding = token) and Allow-Events (RFC
 * 6665 §8.4: event-type, whose characters are token characters). One call
 * scans 1#token; the caller skips an empty value where the RFC allows one
 * (Supported, Allow). Each token is one sipr_item. */
#include "sipr_internal.h"

%%{
  machine sipr_token_list;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { mark = i; }
  action item {
    st = sipr_item_push(m, SPAN_AT(mark, i), SPAN_NONE, empty_pl, hdr);
    if (st != SIPR_OK) { eoff = (uint32_t)mark; goto sipr_token_list_out; }
  }
  action e_list   { if (fail == 0) { fail = 1; eoff = (uint32_t)i; } }

  main := ( token >mk %item ( COMMA token >mk %item )* ) $!e_list;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items, m->err_off;
*/
sipr_status sipr_scan_token_list(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len, mark = i;
    uint32_t cs, eoff = v.off;
    int fail = 0;
    sipr_status st = SIPR_OK;
    const sipr_plist empty_pl = {0, 0};

    (void)len;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= mark <= i;
        loop assigns i, cs, mark, fail, st, eoff, m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (st == SIPR_OK && !fail && cs < sipr_token_list_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    m->err_off = eoff;
    if (st != SIPR_OK)
        return st;
    return fail ? SIPR_E_TOKEN_LIST : SIPR_OK;
}
