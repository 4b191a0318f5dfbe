/* The name-addr headers other than From, To and Contact, into sipr_msg.addrs:
 *   Route, Record-Route (RFC 3261 §20.34, §20.30): route-param = name-addr *( SEMI rr-param )
 *   Path (RFC 3327), Service-Route (RFC 3608): name-addr *( SEMI rr-param )
 *   P-Asserted-Identity, P-Preferred-Identity (RFC 3325): name-addr / addr-spec
 *   Reply-To (§20.31), Refer-To (RFC 3515), Referred-By (RFC 3892):
 *     ( name-addr / addr-spec ) *( SEMI generic-param ), one value
 *   Alert-Info, Call-Info, Error-Info (§20.4, §20.9, §20.18):
 *     LAQUOT absoluteURI RAQUOT *( SEMI generic-param )
 * each a comma list unless said otherwise. Every parameter these name
 * (rr-param, rplyto-param, feature-param, referredby-id-param, info-param)
 * is a generic-param or a special case of one, so one grammar serves them
 * all: ( name-addr / addr-spec ) *( SEMI generic-param ) *( COMMA ... ).
 * Not the Contact grammar: that one takes `*`, and refuses `q` and
 * `expires` parameters whose values are not a qvalue or delta-seconds,
 * which these headers allow. The address itself is the shared addr.rl.
 *
 * What each header asks beyond that is a mode bit (SIPR_ADDRS_*), checked
 * in the action where the URI ends, on that one entry: the name-addr form
 * (the byte before the URI is its "<"), no display-name, no comma. Checked
 * there, each check is a local fact of one action (a read of one byte the
 * action's precondition already bounds), where a check after the scan
 * would need a loop over the pool with a quantified invariant.
 * Entries and generic parameters are pushed at the next ';' or ',' or at
 * the end of the value (see via.rl). */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_addrs_act (see
 * gen/rlgen.c, action-function mode, by reference), which updates them in
 * place through R (R->...). */
typedef struct {
    size_t mark, dmark;            /* start of the current token / display-name */
    uint32_t start, eoff;          /* start of the current entry; first error */
    int pending, fail;             /* a generic parameter waits; a syntax error */
    sipr_status st;                /* status of a callee (URI scanner, pool) or of a mode check */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    uint16_t hdr;                  /* index of the header line */
    uint32_t mode;                 /* SIPR_ADDRS_* bits */
    sipr_name_addr cur;            /* the entry being scanned */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_addrs_regs;


#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* A mode check failed at byte off: stop with SIPR_E_ADDR. */
#define BAD(off)                                                    \
    do {                                                            \
        R->st = SIPR_E_ADDR;                                        \
        R->eoff = (uint32_t)(off);                                  \
        STOP_REF();                                                 \
    } while (0)

/* rlgen: parameter flush, keeping R->mark R->dmark */

/* Starts a new entry: *a = NA_INIT(hdr). A function of its own, as in
 * contact.rl, so that the proof of sipr_addrs_commit sees one assignment of
 * R->cur where the stores to each field would bury what it knows of m
 * (LIMITS_OK). */
/*@ requires \valid(a);
    assigns *a;
    ensures a->header == hdr;
*/
static SIPR_ACT_INLINE void sipr_addrs_clear(sipr_name_addr *a, uint16_t hdr)
{
    NA_CLEAR(*a, hdr);
}

/* Pushes the entry scanned so far (and its pending parameter) and starts a
 * new one. R->stop is 1 when a push failed (R->st and R->eoff then say
 * so). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(R) && \separated(R, m);
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->addrs[0 .. SIPR_MAX_ADDRS - 1], m->n_addrs;
    ensures LIMITS_OK(m);
    ensures R->stop == 0 || R->stop == 1;
    ensures R->mark == \old(R->mark);
    ensures R->dmark == \old(R->dmark);
*/
static SIPR_ACT_INLINE void sipr_addrs_commit(sipr_addrs_regs *R, sipr_msg *m)
{
    R->stop = 0;
    sipr_addrs_flush(R, m);
    if (R->stop != 0)
        return;
    R->st = sipr_addr_push(m, R->cur);
    if (R->st != SIPR_OK) {
        R->eoff = R->start;
        STOP_REF();
    }
    sipr_addrs_clear(&R->cur, R->hdr);
}

#define COMMIT()                                                    \
    do {                                                            \
        sipr_addrs_commit(R, m);                                    \
        if (R->stop != 0)                                           \
            return;                                                 \
    } while (0)

/* The URI of the entry ends at i: first the header's own rules (the
 * name-addr form: the byte before the URI is the "<" of LAQUOT, which an
 * addr-spec never follows; no display-name), then the URI's syntax.
 * R->stop is 1 when one of them failed (R->st and R->eoff then say so).
 * A function of its own, as the commit is: the actions that end a URI and
 * then push the entry would otherwise carry both proofs in one goal. */
/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(R) && \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= R->mark <= i <= v.off + v.len;
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->err_off;
    ensures LIMITS_OK(m);
    ensures R->stop == 0 || R->stop == 1;
    ensures R->mark == \old(R->mark);
    ensures R->dmark == \old(R->dmark);
*/
static SIPR_ACT_INLINE void sipr_addrs_uend(sipr_addrs_regs *R, const char *buf, size_t len,
                                            sipr_span v, size_t i, sipr_msg *m)
{
    R->stop = 0;
    SPAN_SET(R->cur.uri_text, R->mark, i);
    if ((R->mode & SIPR_ADDRS_ANGLE) != 0u && (R->mark <= v.off || buf[R->mark - 1u] != '<'))
        BAD(R->mark);
    if ((R->mode & SIPR_ADDRS_NO_DISPLAY) != 0u && R->cur.display.len != 0u)
        BAD(R->cur.display.off);
    R->st = sipr_scan_uri(buf, len, R->cur.uri_text, m, &R->cur.uri, SIPR_E_URI);
    if (R->st != SIPR_OK) {
        R->eoff = m->err_off;
        STOP_REF();
    }
}

#define UEND()                                                      \
    do {                                                            \
        sipr_addrs_uend(R, buf, len, v, i, m);                      \
        if (R->stop != 0)                                           \
            return;                                                 \
    } while (0)

%%{
  machine sipr_addrs;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action start    { R->start = (uint32_t)i; }
  action dmk      { R->dmark = i; }
  action dend     { SPAN_SET(R->cur.display, R->dmark, i); }
  action umk      { R->mark = i; }
  action uend     { UEND(); }
  action mk       { R->mark = i; }
  action gname    { SPAN_SET(R->pname, R->mark, i); SPAN_CLEAR(R->pvalue); R->pending = 1; }
  action gvalue   { SPAN_SET(R->pvalue, R->mark, i); }
  action flush    { FLUSH(); }
  # a comma: a header of one value has none (the error names the comma)
  action comma {
    if ((R->mode & SIPR_ADDRS_ONE) != 0u)
      BAD(i);
    COMMIT();
  }
  action commit   { COMMIT(); }
  action e_hdr    { ERR(); }

  include sipr_addr "addr.rl";

  generic_param = token >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  addr_param  = addr >start ( SWS ";" @flush SWS generic_param )*;
  main := ( addr_param ( SWS "," @comma SWS addr_param )* ) %/commit $!e_hdr;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->mark <= i && v.off <= R->dmark <= i;
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->addrs[0 .. SIPR_MAX_ADDRS - 1], m->n_addrs, m->err_off;
    ensures v.off <= R->mark <= i && v.off <= R->dmark <= i;
*/
/* rlgen: actions by reference */

/* The entries of header line hdr, whose value is v, appended to m->addrs;
 * mode: SIPR_ADDRS_* bits. */
/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->addrs[0 .. SIPR_MAX_ADDRS - 1],
            m->n_addrs, m->err_off;
*/
sipr_status sipr_scan_addrs(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr,
                            uint32_t mode)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_addrs_regs R = {i, i, v.off, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, hdr, mode,
                         NA_INIT(hdr), 0};

    %% write init;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.mark <= i && v.off <= R.dmark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->addrs[0 .. SIPR_MAX_ADDRS - 1], m->n_addrs, m->err_off;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_addrs_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    if (R.fail)
        return SIPR_E_ADDR;
    return SIPR_OK;
}
