/* CSeq (RFC 3261 §20.16, §25.1): 1*DIGIT LWS Method. The number MUST be
 * less than 2**31 (§8.1.1.5). */
#include "sipr_internal.h"

%%{
  machine sipr_cseq;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { mark = i; }
  action number   { num = SPAN_AT(mark, i); }
  action method   { method = SPAN_AT(mark, i); }
  action e_cseq   { if (fail == 0) { fail = 1; eoff = (uint32_t)i; } }

  main := ( digit+ >mk %number LWS token >mk %method ) $!e_cseq;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->cseq_number, m->cseq_method, m->err_off;
*/
sipr_status sipr_scan_cseq(const char *buf, size_t len, sipr_span v, sipr_msg *m)
{
    size_t i = v.off, end = (size_t)v.off + v.len, mark = i;
    uint32_t cs, eoff = v.off;
    int fail = 0;
    sipr_span num = SPAN_NONE, method = SPAN_NONE;
    sipr_u32_result r;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= mark <= i;
        loop invariant SPAN_IN(num, len);
        loop assigns i, cs, mark, fail, num, method, eoff;
        loop variant end - i; */
    %% write exec;

    if (!fail && cs < sipr_cseq_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    if (fail) {
        m->err_off = eoff;
        return SIPR_E_CSEQ;
    }
    r = sipr_u32(buf, len, num, 0x7FFFFFFFu, SIPR_E_CSEQ);
    if (r.st != SIPR_OK) {
        m->err_off = r.off;
        return r.st;
    }
    m->cseq_number = r.val;
    m->cseq_method = method;
    return SIPR_OK;
}
