/* Via (RFC 3261 §20.42, §25.1; rport of RFC 3581; received with IPv6 as in
 * RFC 5118). One call scans one header value: via-parm *(COMMA via-parm).
 *
 * Whitespace after a sent-by or a parameter may belong to SEMI, COMMA or
 * EQUAL, so records and generic parameters are not pushed when their rule
 * ends but at the next ';' or ',' or the end of the value, where nothing is
 * ambiguous. */
#include "sipr_internal.h"

#define ERR()                                                       \
    do {                                                            \
        if (fail == 0) {                                            \
            fail = 1;                                               \
            eoff = (uint32_t)i;                               \
        }                                                           \
    } while (0)

/* push the pending generic parameter, if any */
#define FLUSH()                                                     \
    do {                                                            \
        if (pending) {                                              \
            st = sipr_param_push(m, pname, pvalue);            \
            if (st != SIPR_OK) {                                    \
                eoff = pname.off;                             \
                goto sipr_via_out;                                  \
            }                                                       \
            if (cur.params.count == 0)                              \
                cur.params.first = (uint16_t)(m->n_params - 1u);    \
            cur.params.count++;                                     \
            pending = 0;                                            \
        }                                                           \
    } while (0)

/* push the via-parm scanned so far and start a new one */
#define COMMIT()                                                    \
    do {                                                            \
        FLUSH();                                                    \
        if (cur.port_text.len != 0) {                               \
            sipr_u32_result pr =                                    \
                sipr_u32(buf, len, cur.port_text, 65535u, SIPR_E_VIA); \
            if (pr.st != SIPR_OK) {                                 \
                st = pr.st;                                         \
                eoff = pr.off;                                      \
                goto sipr_via_out;                                  \
            }                                                       \
            cur.port = (uint16_t)pr.val;                            \
        }                                                           \
        st = sipr_via_push(m, cur);                            \
        if (st != SIPR_OK) {                                        \
            eoff = start;                                     \
            goto sipr_via_out;                                      \
        }                                                           \
        cur = empty;                                                \
    } while (0)

%%{
  machine sipr_via;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { mark = i; }
  action start    { start = (uint32_t)i; }
  action pname    { cur.protocol_name = SPAN_AT(mark, i); }
  action pver     { cur.protocol_version = SPAN_AT(mark, i); }
  action transport { cur.transport = SPAN_AT(mark, i); }
  action host     { cur.host = SPAN_AT(mark, i); }
  action k_name   { cur.host_kind = SIPR_HOST_NAME; }
  action k_v4     { cur.host_kind = SIPR_HOST_IPV4; }
  action k_v6     { cur.host_kind = SIPR_HOST_IPV6; }
  action port     { cur.port_text = SPAN_AT(mark, i); }
  action branch   { cur.branch = SPAN_AT(mark, i); }
  action received { cur.received = SPAN_AT(mark, i); }
  action rport_on { cur.has_rport = 1; }
  action rport    { cur.rport = SPAN_AT(mark, i); }
  action maddr    { cur.maddr = SPAN_AT(mark, i); }
  action ttl      { cur.ttl = SPAN_AT(mark, i); }
  action gname    { pname = SPAN_AT(mark, i); pvalue = SPAN_NONE; pending = 1; }
  action gvalue   { pvalue = SPAN_AT(mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action e_via    { ERR(); }

  host        = ( hostname %k_name | IPv4address %k_v4 | IPv6reference %k_v6 ) >mk %host;
  sent_protocol = token >mk %pname SLASH token >mk %pver SLASH token >mk %transport;
  COLON       = SWS ":" SWS;
  sent_by     = host ( COLON port >mk %port )?;

  via_ttl     = "ttl"i EQUAL digit{1,3} >mk %ttl;
  via_maddr   = "maddr"i EQUAL ( hostname | IPv4address | IPv6reference ) >mk %maddr;
  via_received = "received"i EQUAL ( IPv4address | IPv6address | IPv6reference ) >mk %received;
  via_branch  = "branch"i EQUAL token >mk %branch;
  via_rport   = "rport"i %rport_on ( EQUAL digit+ >mk %rport )?;
  known       = "ttl"i | "maddr"i | "received"i | "branch"i | "rport"i;
  via_extension = ( token - known ) >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  via_params  = via_ttl | via_maddr | via_received | via_branch | via_rport | via_extension;

  via_parm    = sent_protocol >start LWS sent_by ( SWS ";" @flush SWS via_params )*;
  main := ( via_parm ( SWS "," @commit SWS via_parm )* ) %/commit $!e_via;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->vias[0 .. SIPR_MAX_VIAS - 1],
            m->n_vias, m->err_off;
*/
sipr_status sipr_scan_via(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len, mark = i;
    uint32_t cs, start = v.off, eoff = v.off;
    int pending = 0, fail = 0;
    sipr_status st = SIPR_OK;
    sipr_span pname = SPAN_NONE, pvalue = SPAN_NONE;
    const sipr_via empty = {SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE,
                            SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, {0, 0}, 0, 0, 0, hdr};
    sipr_via cur = empty;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= mark <= i;
        loop invariant SPAN_IN(cur.port_text, len);
        loop assigns i, cs, mark, start, pending, fail, st, pname, pvalue, cur,
                     m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias, eoff;
        loop variant end - i; */
    %% write exec;

    if (st == SIPR_OK && !fail && cs < sipr_via_first_final) {
        fail = 1;
        eoff = (uint32_t)i;
    }
    m->err_off = eoff;
    if (st != SIPR_OK)
        return st;
    return fail ? SIPR_E_VIA : SIPR_OK;
}
