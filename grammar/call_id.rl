/* Call-ID (RFC 3261 §20.8, §25.1): word [ "@" word ]. */
#include "sipr_internal.h"

%%{
  machine sipr_call_id;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action e_callid { if (fail == 0) { fail = 1; eoff = (uint32_t)i; } }

  main := ( word ( "@" word )? ) $!e_callid;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->call_id, m->err_off;
*/
sipr_status sipr_scan_call_id(const char *buf, size_t len, sipr_span v, sipr_msg *m)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs, eoff = v.off;
    int fail = 0;

    (void)len;
    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop assigns i, cs, fail, eoff;
        loop variant end - i; */
    %% write exec;

    if (!fail && cs < sipr_call_id_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    if (fail) {
        m->err_off = eoff;
        return SIPR_E_CALL_ID;
    }
    m->call_id = v;
    return SIPR_OK;
}
