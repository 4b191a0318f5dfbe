/* The authentication headers, into sipr_msg.items: one entry a line, value
 * the auth-scheme, params the auth-params (RFC 3261 §20.44, §20.27, §20.7,
 * §20.28, §20.6, §25.1):
 *   WWW-Authenticate, Proxy-Authenticate: challenge;
 *   Authorization, Proxy-Authorization: credentials;
 *     challenge = ( "Digest" LWS digest-cln *( COMMA digest-cln ) )
 *                 / other-challenge,
 *     other-challenge = auth-scheme LWS auth-param *( COMMA auth-param ),
 *     credentials = ( "Digest" LWS digest-response ) / other-response,
 *     other-response = auth-scheme LWS auth-param *( COMMA auth-param ),
 *     auth-param = auth-param-name EQUAL ( token / quoted-string ),
 *     auth-param-name = token, auth-scheme = token.
 *     Every digest-cln and dig-resp (realm, domain, nonce, opaque, stale,
 *     algorithm, qop-options; username, uri, response, cnonce, qop, nc) is a
 *     name EQUAL a token or a quoted-string, that is an auth-param, and
 *     auth-param is itself one of them: so "auth-scheme LWS auth-param
 *     *( COMMA auth-param )" is exactly the language of challenge and of
 *     credentials, and the machine follows it. The params' values are as
 *     written (a quoted-string with its quotes). What the Digest parameters
 *     mean, which are required, and their values' finer forms (nc's 8LHEX,
 *     qop's list) are src/digest.c's: sipr_digest_parse_challenge and
 *     sipr_digest_parse_credentials take the line's value.
 *   Authentication-Info: ainfo *( COMMA ainfo ),
 *     ainfo = nextnonce / message-qop / response-auth / cnonce / nonce-count,
 *     nextnonce = "nextnonce" EQUAL nonce-value (a quoted-string),
 *     message-qop = "qop" EQUAL qop-value (a token),
 *     response-auth = "rspauth" EQUAL LDQUOT *LHEX RDQUOT,
 *     cnonce = "cnonce" EQUAL cnonce-value (a quoted-string),
 *     nonce-count = "nc" EQUAL 8LHEX: those five names only (in any case, as
 *     ABNF strings are), each with its value's rule. It has no scheme: the
 *     entry's value is empty, at the value's offset.
 *
 * A machine of its own rather than forms of grammar/tparams.rl: the ainfo
 * names, spelt letter by letter, split the byte classes, and with them every
 * row of a machine's transition table; here they split the rows of this
 * small machine only. Which rule a value follows is the form (SIPR_AU_* in
 * sipr_internal.h), a byte read before the value, as in tparams.rl. Each
 * parameter is pushed at the ',' after it, the last one and the entry at the
 * end of the value. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_auth_act (see gen/rlgen.c,
 * action-function mode, by reference), which updates them in place through
 * R (R->...). */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t eoff;                 /* first error */
    int pending, fail;             /* a parameter waits; a syntax error */
    sipr_status st;                /* status of a callee (pool) */
    sipr_span pname, pvalue;       /* the pending parameter */
    uint16_t hdr;                  /* index of the header line */
    sipr_item cur;                 /* the line's entry */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_auth_regs;


#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* rlgen: parameter flush, keeping R->mark */

/* Pushes the line's entry and its pending parameter, at the end of the
 * value. R->stop is 1 when a push failed (R->st and R->eoff then say so: the
 * entry's value offset when the item pool is full). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(R) && \separated(R, m);
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures LIMITS_OK(m);
    ensures R->stop == 0 || R->stop == 1;
    ensures R->mark == \old(R->mark);
*/
static SIPR_ACT_INLINE void sipr_auth_commit(sipr_auth_regs *R, sipr_msg *m)
{
    R->stop = 0;
    sipr_auth_flush(R, m);
    if (R->stop != 0)
        return;
    R->st = sipr_item_push(m, R->cur.value, R->cur.sub, R->cur.extra, R->cur.params, R->hdr);
    if (R->st != SIPR_OK) {
        R->eoff = R->cur.value.off;
        STOP_REF();
    }
}

#define COMMIT()                                                    \
    do {                                                            \
        sipr_auth_commit(R, m);                                     \
        if (R->stop != 0)                                           \
            return;                                                 \
    } while (0)

%%{
  machine sipr_auth;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R->mark = i; }
  action val      { SPAN_SET(R->cur.value, R->mark, i); }
  action pname    { SPAN_SET(R->pname, R->mark, i); SPAN_CLEAR(R->pvalue); R->pending = 1; }
  action pvalue   { SPAN_SET(R->pvalue, R->mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action e_hdr    { ERR(); }

  next        = SWS "," @flush SWS;

  auth_param  = token >mk %pname EQUAL ( token | quoted_string ) >mk %pvalue;
  auth        = token >mk %val LWS auth_param ( next auth_param )*;

  LHEX        = digit | [a-f];
  ainfo       = ( "nextnonce"i >mk %pname EQUAL quoted_string >mk %pvalue )
              | ( "qop"i >mk %pname EQUAL token >mk %pvalue )
              | ( "rspauth"i >mk %pname EQUAL ( DQUOTE LHEX* DQUOTE ) >mk %pvalue )
              | ( "cnonce"i >mk %pname EQUAL quoted_string >mk %pvalue )
              | ( "nc"i >mk %pname EQUAL LHEX{8} >mk %pvalue );

  # one branch per form, after its byte (SIPR_AU_* in sipr_internal.h)
  main := ( 0x01 auth %/commit                                          # PARAMS
          | 0x02 ( ainfo ( next ainfo )* ) %/commit                     # AINFO
          ) $!e_hdr;
}%%

%% write data;

/*@ requires SCAN_PRE(buf, len, v, m);
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires v.off <= i <= v.off + v.len;
    requires v.off <= R->mark <= i;
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures v.off <= R->mark <= i;
*/
/* rlgen: actions by reference */

/* The entry of header line hdr, whose value is v, appended to m->items;
 * form: the header's rule (SIPR_AU_*). */
/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->items[0 .. SIPR_MAX_ITEMS - 1],
            m->n_items, m->err_off;
*/
sipr_status sipr_scan_auth(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr,
                           uint8_t form)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_auth_regs R = {i, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, hdr,
                        {{v.off, 0u}, SPAN_NONE, SPAN_NONE, {0, 0}, hdr}, 0};

    %% write init;
    /* the form's byte, read before the value: it has no action; an unknown
       form leads to the error state, and the value is refused at v.off */
    cs = sipr_auth_trans(cs, form) % 65536u;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.mark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_auth_first_final) {
        R.fail = 1;
        R.eoff = (uint32_t)i;
    }
    m->err_off = R.eoff;
    if (R.st != SIPR_OK)
        return R.st;
    if (R.fail)
        return SIPR_E_ITEM;
    return SIPR_OK;
}
