/* Via (RFC 3261 §20.42, §25.1; rport of RFC 3581; received with IPv6 as in
 * RFC 5118). One call scans one header value: via-parm *(COMMA via-parm).
 *
 * Whitespace after a sent-by or a parameter may belong to SEMI, COMMA or
 * EQUAL, so records and generic parameters are not pushed when their rule
 * ends but at the next ';' or ',' or the end of the value, where nothing is
 * ambiguous. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_via_act (see gen/rlgen.c,
 * action-function mode) and name them r->... */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t start, eoff;          /* start of the current via-parm; first error */
    int pending, fail;             /* a generic parameter waits to be pushed; a syntax error */
    sipr_status st;                /* status of a callee (pool, port number) */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    uint16_t hdr;                  /* index of the header line */
    sipr_via cur;                  /* the via-parm being scanned */
} sipr_via_regs;

#define VIA_EMPTY(hdr)                                                                            \
    ((sipr_via){SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE,       \
                SPAN_NONE, SPAN_NONE, SPAN_NONE, {0, 0}, 0, 0, 0, (hdr)})

#define ERR()                                                       \
    do {                                                            \
        if (r->fail == 0) {                                         \
            r->fail = 1;                                            \
            r->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* Pushes the pending generic parameter, if any, into the pool and the
 * current record's run. 0, or 1 when the pool is full (r->st, r->eoff say so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(r) && \separated(r, m);
    assigns r->st, r->eoff, r->pending, r->cur.params, m->params[0 .. SIPR_MAX_PARAMS - 1],
            m->n_params;
    ensures \result == 0 || \result == 1;
*/
static int sipr_via_flush(sipr_via_regs *r, sipr_msg *m)
{
    if (r->pending) {
        r->st = sipr_param_push(m, r->pname, r->pvalue);
        if (r->st != SIPR_OK) {
            r->eoff = r->pname.off;
            return 1;
        }
        if (r->cur.params.count == 0)
            r->cur.params.first = (uint16_t)(m->n_params - 1u);
        r->cur.params.count++;
        r->pending = 0;
    }
    return 0;
}

/* the actions' form: stop the scan when the push failed */
#define FLUSH()                                                     \
    do {                                                            \
        if (sipr_via_flush(r, m) != 0)                                   \
            return 1;                                               \
    } while (0)

/* Pushes the via-parm scanned so far (and its pending parameter) and starts a
 * new one. 0, or 1 when a push failed or the port is out of range (r->st,
 * r->eoff say so). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && LIMITS_OK(m) && \separated(buf + (0 .. len - 1), m);
    requires \valid(r) && \separated(r, m) && \separated(r, buf + (0 .. len - 1));
    requires SPAN_IN(r->cur.port_text, len);
    assigns r->st, r->eoff, r->pending, r->cur, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias;
    ensures \result == 0 || \result == 1;
    ensures SPAN_IN(r->cur.port_text, len);
*/
static int sipr_via_commit(sipr_via_regs *r, const char *buf, size_t len, sipr_msg *m)
{
    if (sipr_via_flush(r, m) != 0)
        return 1;
    if (r->cur.port_text.len != 0) {
        sipr_u32_result pr = sipr_u32(buf, len, r->cur.port_text, 65535u, SIPR_E_VIA);
        if (pr.st != SIPR_OK) {
            r->st = pr.st;
            r->eoff = pr.off;
            return 1;
        }
        r->cur.port = (uint16_t)pr.val;
    }
    r->st = sipr_via_push(m, r->cur);
    if (r->st != SIPR_OK) {
        r->eoff = r->start;
        return 1;
    }
    r->cur = VIA_EMPTY(r->hdr);
    return 0;
}

#define COMMIT()                                                    \
    do {                                                            \
        if (sipr_via_commit(r, buf, len, m) != 0)                   \
            return 1;                                               \
    } while (0)

%%{
  machine sipr_via;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { r->mark = i; }
  action start    { r->start = (uint32_t)i; }
  action pname    { r->cur.protocol_name = SPAN_AT(r->mark, i); }
  action pver     { r->cur.protocol_version = SPAN_AT(r->mark, i); }
  action transport { r->cur.transport = SPAN_AT(r->mark, i); }
  action host     { r->cur.host = SPAN_AT(r->mark, i); }
  action k_name   { r->cur.host_kind = SIPR_HOST_NAME; }
  action k_v4     { r->cur.host_kind = SIPR_HOST_IPV4; }
  action k_v6     { r->cur.host_kind = SIPR_HOST_IPV6; }
  action port     { r->cur.port_text = SPAN_AT(r->mark, i); }
  action branch   { r->cur.branch = SPAN_AT(r->mark, i); }
  action received { r->cur.received = SPAN_AT(r->mark, i); }
  action rport_on { r->cur.has_rport = 1; }
  action rport    { r->cur.rport = SPAN_AT(r->mark, i); }
  action maddr    { r->cur.maddr = SPAN_AT(r->mark, i); }
  action ttl      { r->cur.ttl = SPAN_AT(r->mark, i); }
  action gname    { r->pname = SPAN_AT(r->mark, i); r->pvalue = SPAN_NONE; r->pending = 1; }
  action gvalue   { r->pvalue = SPAN_AT(r->mark, i); }
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
    requires \valid(r) && \separated(r, m) && \separated(r, buf + (0 .. len - 1));
    requires v.off <= i <= v.off + v.len;
    requires v.off <= r->mark <= i && SPAN_IN(r->cur.port_text, len);
    assigns *r, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->vias[0 .. SIPR_MAX_VIAS - 1],
            m->n_vias;
    ensures v.off <= r->mark <= i && SPAN_IN(r->cur.port_text, len);
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
    sipr_via_regs R = {i, v.off, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, hdr, VIA_EMPTY(hdr)};
    sipr_via_regs *const r = &R;

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len && v.off <= r->mark <= i;
        loop invariant SPAN_IN(r->cur.port_text, len);
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias;
        loop variant end - i; */
    %% write exec;

    if (r->st == SIPR_OK && !r->fail && cs < sipr_via_first_final) {
        r->fail = 1;
        r->eoff = (uint32_t)i;
    }
    m->err_off = r->eoff;
    if (r->st != SIPR_OK)
        return r->st;
    return r->fail ? SIPR_E_VIA : SIPR_OK;
}
