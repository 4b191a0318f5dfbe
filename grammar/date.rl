/* Date (RFC 3261 §20.17, §25.1): rfc1123-date = wkday "," SP date1 SP time
 * SP "GMT", the RFC 1123 form of RFC 2616 §3.3.1 and only that form: the
 * zone is always GMT (RFC 4475 §3.1.2.15, baddate). ABNF literals are
 * case-insensitive (RFC 2234 §2.3). */
#include "sipr_internal.h"

%%{
  machine sipr_date;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action e_date { if (fail == 0) { fail = 1; eoff = (uint32_t)i; } }

  wkday       = "Mon"i | "Tue"i | "Wed"i | "Thu"i | "Fri"i | "Sat"i | "Sun"i;
  month       = "Jan"i | "Feb"i | "Mar"i | "Apr"i | "May"i | "Jun"i
              | "Jul"i | "Aug"i | "Sep"i | "Oct"i | "Nov"i | "Dec"i;
  date1       = digit{2} SP month SP digit{4};
  time        = digit{2} ":" digit{2} ":" digit{2};
  main := ( wkday "," SP date1 SP time SP "GMT"i ) $!e_date;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->err_off;
*/
sipr_status sipr_scan_date(const char *buf, size_t len, sipr_span v, sipr_msg *m)
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

    if (!fail && cs < sipr_date_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    if (fail) {
        m->err_off = eoff;
        return SIPR_E_DATE;
    }
    return SIPR_OK;
}
