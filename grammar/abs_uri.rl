/* absoluteURI (RFC 2396 §3, RFC 3261 §25.1): a URI of any scheme other than
 * sip, sips and tel. sipr_scan_uri (uri.rl) has read the scheme and its ':';
 * this machine reads the rest, `uric+`, which `opaque` records whole. */
#include "sipr_internal.h"

%%{
  machine sipr_abs_uri;
  alphtype unsigned char;
  include sipr_common "common.rl";

  # the first byte that cannot continue the URI, or its end when it stops
  # short (an empty rest)
  action e_uri    { fail = 1; eoff = (uint32_t)i; }

  uric        = reserved | unreserved | escaped;

  # what follows "scheme:"
  main := uric+ $!e_uri;
}%%

%% write data;

/* The rest of an absoluteURI, v (after the colon of its scheme, whose name
   sipr_scan_uri read). */
/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(out) && \separated(out, m) && \separated(buf + (0 .. len - 1), out);
    assigns *out, m->err_off;
*/
sipr_status sipr_scan_abs_uri(const char *buf, size_t len, sipr_span v, sipr_msg *m,
                              sipr_uri *out, sipr_status err, sipr_span scheme)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_uri u = URI_INIT;
    int fail = 0;
    uint32_t eoff = v.off;

    (void)len; /* used by the contract */
    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop assigns i, cs;
        loop variant end - i; */
    %% write exec;

    if (!fail && cs < sipr_abs_uri_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    if (fail) {
        m->err_off = eoff;
        return err;
    }
    u.scheme = SIPR_URI_OTHER;
    u.scheme_name = scheme;
    u.opaque = v;
    *out = u;
    return SIPR_OK;
}
