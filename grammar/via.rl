/* Via (RFC 3261 §20.42, §25.1; rport of RFC 3581; received with IPv6 as in
 * RFC 5118). One call scans one header value: via-parm *(COMMA via-parm).
 *
 * Whitespace after a sent-by or a parameter may belong to SEMI, COMMA or
 * EQUAL, so records and generic parameters are not pushed when their rule
 * ends but at the next ';' or ',' or the end of the value, where nothing is
 * ambiguous. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_via_act (see gen/rlgen.c,
 * action-function mode, by reference), which updates them in place through
 * R (R->...). */
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

/* c = VIA_EMPTY(hdr), field by field (a store of a whole struct through R
 * hides the fields from WP) */
#define VIA_CLEAR(c, hdr)                                           \
    do {                                                            \
        SPAN_CLEAR((c).protocol_name);                              \
        SPAN_CLEAR((c).protocol_version);                           \
        SPAN_CLEAR((c).transport);                                  \
        SPAN_CLEAR((c).host);                                       \
        SPAN_CLEAR((c).port_text);                                  \
        SPAN_CLEAR((c).branch);                                     \
        SPAN_CLEAR((c).received);                                   \
        SPAN_CLEAR((c).rport);                                      \
        SPAN_CLEAR((c).maddr);                                      \
        SPAN_CLEAR((c).ttl);                                        \
        PLIST_CLEAR((c).params);                                    \
        (c).port = 0u;                                              \
        (c).host_kind = 0u;                                         \
        (c).has_rport = 0u;                                         \
        (c).header = (hdr);                                         \
    } while (0)

#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* rlgen: parameter flush, keeping R->mark R->cur.port_text.off R->cur.port_text.len */

/* Starts a new via-parm: *c = VIA_EMPTY(hdr). A function of its own, so that
 * the proof of sipr_via_commit sees one assignment of R->cur where the stores
 * to each field would bury what it knows of m (LIMITS_OK). */
/*@ requires \valid(c);
    assigns *c;
    ensures c->port_text.off == 0 && c->port_text.len == 0;
    ensures c->header == hdr;
*/
static SIPR_ACT_INLINE void sipr_via_clear(sipr_via *c, uint16_t hdr)
{
    VIA_CLEAR(*c, hdr);
}

/* The sent-by port of the via-parm scanned so far, from its text (0 when
 * absent). A function of its own, so that the proof of sipr_via_commit sees
 * what it assigns, not the stores. R->stop is 1 when the port is out of range
 * (R->st and R->eoff then say so). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(R) && \separated(R, buf + (0 .. len - 1));
    requires SPAN_IN(R->cur.port_text, len);
    assigns R->cur.port, R->st, R->eoff, R->stop;
    ensures R->stop == 0 || R->stop == 1;
*/
static SIPR_ACT_INLINE void sipr_via_port(sipr_via_regs *R, const char *buf, size_t len)
{
    R->stop = 0;
    if (R->cur.port_text.len != 0) {
        sipr_u32_result pr = sipr_u32(buf, len, R->cur.port_text, 65535u, SIPR_E_VIA);
        if (pr.st != SIPR_OK) {
            R->st = pr.st;
            R->eoff = pr.off;
            STOP_REF();
        }
        R->cur.port = (uint16_t)pr.val;
    }
}

/* Pushes the via-parm scanned so far into m->vias and starts a new one.
 * R->stop is 1 when the pool is full (R->st and R->eoff then say so; R->cur
 * is left as it was). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(R) && \separated(R, m);
    assigns *R, m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias;
    ensures LIMITS_OK(m);
    ensures R->stop == 0 || R->stop == 1;
    ensures R->mark == \old(R->mark);
    ensures (R->cur.port_text.off == 0 && R->cur.port_text.len == 0) ||
            (R->cur.port_text.off == \old(R->cur.port_text.off) &&
             R->cur.port_text.len == \old(R->cur.port_text.len));
*/
static SIPR_ACT_INLINE void sipr_via_emit(sipr_via_regs *R, sipr_msg *m)
{
    R->stop = 0;
    R->st = sipr_via_push(m, R->cur);
    if (R->st != SIPR_OK) {
        R->eoff = R->start;
        STOP_REF();
    }
    sipr_via_clear(&R->cur, R->hdr);
}

/* Pushes the via-parm scanned so far (and its pending parameter) and starts a
 * new one: flush, port, emit. R->stop is 1 when a push failed or the port is
 * out of range (R->st and R->eoff then say so). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && LIMITS_OK(m) && \separated(buf + (0 .. len - 1), m);
    requires \valid(R) && \separated(R, buf + (0 .. len - 1), m);
    requires SPAN_IN(R->cur.port_text, len);
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->vias[0 .. SIPR_MAX_VIAS - 1], m->n_vias;
    ensures LIMITS_OK(m);
    ensures R->stop == 0 || R->stop == 1;
    ensures R->mark == \old(R->mark);
    ensures SPAN_IN(R->cur.port_text, len);
*/
static SIPR_ACT_INLINE void sipr_via_commit(sipr_via_regs *R, const char *buf, size_t len, sipr_msg *m)
{
    sipr_via_flush(R, m);
    if (R->stop != 0)
        return;
    sipr_via_port(R, buf, len);
    if (R->stop != 0)
        return;
    sipr_via_emit(R, m);
}

#define COMMIT()                                                    \
    do {                                                            \
        sipr_via_commit(R, buf, len, m);                            \
        if (R->stop != 0)                                           \
            return;                                                 \
    } while (0)

%%{
  machine sipr_via;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R->mark = i; }
  action start    { R->start = (uint32_t)i; }
  action pname    { SPAN_SET(R->cur.protocol_name, R->mark, i); }
  action pver     { SPAN_SET(R->cur.protocol_version, R->mark, i); }
  action transport { SPAN_SET(R->cur.transport, R->mark, i); }
  action host     { SPAN_SET(R->cur.host, R->mark, i); }
  action k_name   { R->cur.host_kind = SIPR_HOST_NAME; }
  action k_v4     { R->cur.host_kind = SIPR_HOST_IPV4; }
  action k_v6     { R->cur.host_kind = SIPR_HOST_IPV6; }
  action port     { SPAN_SET(R->cur.port_text, R->mark, i); }
  action branch   { SPAN_SET(R->cur.branch, R->mark, i); }
  action received { SPAN_SET(R->cur.received, R->mark, i); }
  action rport_on { R->cur.has_rport = 1; }
  action rport    { SPAN_SET(R->cur.rport, R->mark, i); }
  action maddr    { SPAN_SET(R->cur.maddr, R->mark, i); }
  action ttl      { SPAN_SET(R->cur.ttl, R->mark, i); }
  action gname    { SPAN_SET(R->pname, R->mark, i); SPAN_CLEAR(R->pvalue); R->pending = 1; }
  action gvalue   { SPAN_SET(R->pvalue, R->mark, i); }
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
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->mark <= i && SPAN_IN(R->cur.port_text, len);
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->vias[0 .. SIPR_MAX_VIAS - 1],
            m->n_vias;
    ensures v.off <= R->mark <= i && SPAN_IN(R->cur.port_text, len);
*/
/* rlgen: actions by reference */

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
