/* Via (RFC 3261 §20.42, §25.1; rport of RFC 3581; received with IPv6 as in
 * RFC 5118). One call scans one header value: via-parm *(COMMA via-parm).
 *
 * Whitespace after a sent-by or a parameter may belong to SEMI, COMMA or
 * EQUAL, so records and generic parameters are not pushed when their rule
 * ends but at the next ';' or ',' or the end of the value, where nothing is
 * ambiguous. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_via_act (see gen/rlgen.c,
 * action-function mode) and name them R.... */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t start, eoff;          /* start of the current via-parm; first error */
    int pending, fail;             /* a generic parameter waits to be pushed; a syntax error */
    sipr_status st;                /* status of a callee (pool, port number) */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    uint16_t hdr;                  /* index of the header line */
    sipr_via cur;                  /* the via-parm being scanned */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_via_regs;

#define VIA_EMPTY(hdr)                                              \
    ((sipr_via){SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE,        \
                SPAN_NONE, SPAN_NONE, SPAN_NONE, {0, 0}, 0, 0, 0, (hdr)})

#define ERR()                                                       \
    do {                                                            \
        if (R.fail == 0) {                                          \
            R.fail = 1;                                             \
            R.eoff = (uint32_t)i;                                   \
        }                                                           \
    } while (0)

/* Pushes the pending generic parameter, if any, into the pool and the
 * current record's run. R.stop is 1 when the pool is full (R.st and R.eoff
 * then say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1],
            m->n_params;
    ensures \result.stop == 0 || \result.stop == 1;
    ensures \result.mark == R.mark && \result.cur.port_text == R.cur.port_text;
*/
static SIPR_ACT_INLINE sipr_via_regs sipr_via_flush(sipr_via_regs R, sipr_msg *m)
{
    R.stop = 0;
    if (R.pending) {
        R.st = sipr_param_push(m, R.pname, R.pvalue);
        if (R.st != SIPR_OK) {
            R.eoff = R.pname.off;
            STOP();
        }
        if (R.cur.params.count == 0)
            R.cur.params.first = (uint16_t)(m->n_params - 1u);
        R.cur.params.count++;
        R.pending = 0;
    }
    return R;
}

/* the actions' form: stop the scan when the push failed */
#define FLUSH()                                                     \
    do {                                                            \
        R = sipr_via_flush(R, m);                                   \
        if (R.stop != 0)                                            \
            return R;                                               \
    } while (0)

/* Pushes the via-parm scanned so far (and its pending parameter) and starts a
 * new one. R.stop is 1 when a push failed or the port is out of range
 * (R.st and R.eoff then say so). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && LIMITS_OK(m) && \separated(buf + (0 .. len - 1), m);
    requires SPAN_IN(R.cur.port_text, len);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias;
    ensures \result.stop == 0 || \result.stop == 1;
    ensures \result.mark == R.mark;
    ensures SPAN_IN(\result.cur.port_text, len);
*/
static SIPR_ACT_INLINE sipr_via_regs sipr_via_commit(sipr_via_regs R, const char *buf, size_t len, sipr_msg *m)
{
    R.stop = 0;
    R = sipr_via_flush(R, m);
    if (R.stop != 0)
        return R;
    if (R.cur.port_text.len != 0) {
        sipr_u32_result pr = sipr_u32(buf, len, R.cur.port_text, 65535u, SIPR_E_VIA);
        if (pr.st != SIPR_OK) {
            R.st = pr.st;
            R.eoff = pr.off;
            STOP();
        }
        R.cur.port = (uint16_t)pr.val;
    }
    R.st = sipr_via_push(m, R.cur);
    if (R.st != SIPR_OK) {
        R.eoff = R.start;
        STOP();
    }
    R.cur = VIA_EMPTY(R.hdr);
    return R;
}

#define COMMIT()                                                    \
    do {                                                            \
        R = sipr_via_commit(R, buf, len, m);                        \
        if (R.stop != 0)                                            \
            return R;                                               \
    } while (0)

%%{
  machine sipr_via;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R.mark = i; }
  action start    { R.start = (uint32_t)i; }
  action pname    { R.cur.protocol_name = SPAN_AT(R.mark, i); }
  action pver     { R.cur.protocol_version = SPAN_AT(R.mark, i); }
  action transport { R.cur.transport = SPAN_AT(R.mark, i); }
  action host     { R.cur.host = SPAN_AT(R.mark, i); }
  action k_name   { R.cur.host_kind = SIPR_HOST_NAME; }
  action k_v4     { R.cur.host_kind = SIPR_HOST_IPV4; }
  action k_v6     { R.cur.host_kind = SIPR_HOST_IPV6; }
  action port     { R.cur.port_text = SPAN_AT(R.mark, i); }
  action branch   { R.cur.branch = SPAN_AT(R.mark, i); }
  action received { R.cur.received = SPAN_AT(R.mark, i); }
  action rport_on { R.cur.has_rport = 1; }
  action rport    { R.cur.rport = SPAN_AT(R.mark, i); }
  action maddr    { R.cur.maddr = SPAN_AT(R.mark, i); }
  action ttl      { R.cur.ttl = SPAN_AT(R.mark, i); }
  action gname    { R.pname = SPAN_AT(R.mark, i); R.pvalue = SPAN_NONE; R.pending = 1; }
  action gvalue   { R.pvalue = SPAN_AT(R.mark, i); }
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
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R.mark <= i && SPAN_IN(R.cur.port_text, len);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->vias[0 .. SIPR_MAX_VIAS - 1],
            m->n_vias;
    ensures v.off <= \result.mark <= i && SPAN_IN(\result.cur.port_text, len);
*/
/* rlgen: actions */

/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->vias[0 .. SIPR_MAX_VIAS - 1],
            m->n_vias, m->err_off;
*/
sipr_status sipr_scan_via(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_via_regs R = {i, v.off, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, hdr, VIA_EMPTY(hdr), 0};

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= R.mark <= i;
        loop invariant SPAN_IN(R.cur.port_text, len);
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_via_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    return R.fail ? SIPR_E_VIA : SIPR_OK;
}
