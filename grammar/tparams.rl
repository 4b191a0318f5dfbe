/* Headers whose entries are a token (or a number, a language, a Call-ID)
 * followed by generic parameters, and the other headers of one or a few
 * parts, into sipr_msg.items (value: the entry, params: its parameters; sub
 * and extra: the other parts, where a header has them):
 *   Accept-Encoding (RFC 3261 §20.2): [ encoding *( COMMA encoding ) ],
 *     encoding = codings *( SEMI accept-param ), codings = content-coding / "*"
 *   Accept-Language (§20.3): [ language *( COMMA language ) ],
 *     language = language-range *( SEMI accept-param ),
 *     language-range = ( 1*8ALPHA *( "-" 1*8ALPHA ) ) / "*"
 *   Content-Language (§20.13): language-tag *( COMMA language-tag ),
 *     language-tag = primary-tag *( "-" subtag ), each 1*8ALPHA
 *   Content-Disposition (§20.11): disp-type *( SEMI disp-param )
 *   Subscription-State (RFC 6665 §8.4): substate-value *( SEMI subexp-params )
 *   Priority (§20.26): priority-value (a token)
 *   Event (RFC 6665 §8.4): event-type *( SEMI event-param ),
 *     event-type = token-nodot *( "." token-nodot )
 *   Reason (RFC 3326 §2): reason-value *( COMMA reason-value ),
 *     reason-value = protocol *( SEMI reason-params ), protocol a token
 *   Session-Expires (RFC 4028 §4): delta-seconds *( SEMI se-params )
 *   Min-SE (RFC 4028 §5): delta-seconds *( SEMI generic-param )
 *   MIME-Version (§20.24): 1*DIGIT "." 1*DIGIT
 *   RSeq (RFC 3262 §7.1): response-num = 1*DIGIT
 *   In-Reply-To (§20.21): callid *( COMMA callid ), callid = word [ "@" word ]
 *   Privacy (RFC 3323 §4.2): priv-value *( ";" priv-value ), priv-value a token
 *   Subject (§20.36), Organization (§20.25): [ TEXT-UTF8-TRIM ] (§25.1),
 *     TEXT-UTF8-TRIM = 1*TEXT-UTF8char *( *LWS TEXT-UTF8char ),
 *     TEXT-UTF8char = %x21-7E / UTF8-NONASCII: one entry, the text as
 *     written (folds kept), empty at the value's offset when there is none;
 *     each UTF8-NONASCII lead byte must have its count of UTF8-CONT bytes
 *     (RFC 3261's definition, which predates RFC 3629: it does not refuse
 *     overlong forms, nor the 5- and 6-byte ones)
 *   Retry-After (§20.33): delta-seconds [ comment ] *( SEMI retry-param ),
 *     retry-param = ( "duration" EQUAL delta-seconds ) / generic-param:
 *     value the delta-seconds, sub the comment with its parentheses
 *   RAck (RFC 3262 §7.2): response-num LWS CSeq-num LWS Method: value the
 *     response-num (32 bits, as RSeq), sub the CSeq-num (below 2**31, as
 *     CSeq: RFC 3261 §8.1.1.5), extra the Method (a token)
 *   Timestamp (§20.38): 1*DIGIT [ "." *DIGIT ] [ LWS delay ],
 *     delay = *DIGIT [ "." *DIGIT ]: value the time, sub the delay (an empty
 *     delay, which needs white space after the time, is trimmed away with it)
 *   Warning (§20.43): warning-value *( COMMA warning-value ),
 *     warning-value = warn-code SP warn-agent SP warn-text, warn-code = 3DIGIT,
 *     warn-agent = hostport / pseudonym, pseudonym = token,
 *     warn-text = quoted-string (which §25.1 lets start with SWS): value the
 *     code, sub the agent as written (its port is not converted), extra the
 *     text with its quotes
 *   Server (§20.35), User-Agent (§20.41): server-val *( LWS server-val ),
 *     server-val = product / comment, product = token [ SLASH product-version ],
 *     product-version = token: an entry per server-val, value the product
 *     token and sub its version, or value the comment with its parentheses.
 *     LWS between server-vals is required: "Foo/1.0(Linux)" is refused at
 *     its '('. An entry is pushed at the first byte of the next one, or at
 *     the end (the white space before a '/' may still be SLASH's)
 * Every parameter these name (accept-param, disp-param, subexp-params,
 * event-param, reason-params, se-params, retry-param) is generic-param or a special case
 * of one (a name and a value that generic-param also matches), so one rule
 * serves them all. A number (delta-seconds, response-num) must fit 32 bits
 * (SIPR_E_NUMBER_RANGE at the digit that makes it too large).
 *
 * A comment (§25.1: LPAREN *( ctext / quoted-pair / comment ) RPAREN; in
 * Retry-After, Server and User-Agent) nests,
 * which a finite machine can follow only to a fixed depth: this one follows
 * 4 levels, and the '(' that would open a fifth stops the scan with
 * SIPR_E_COMMENT_DEPTH at that byte (a limit of siprove's, not an error of
 * the sender's). A hand-written scanner could count deeper, but the scan of a
 * generated machine only moves forward one byte per transition (gen/rlgen.c
 * refuses fcall and fhold), so a comment would have to leave the machine;
 * 4 levels are more than the RFCs' examples use (one) and than common
 * User-Agent values (two: "Kamailio (5.4.3 (x86_64/linux))").
 *
 * Which rule a value follows is the form (SIPR_TP_* in sipr_internal.h): a
 * byte the scanner reads first, before the value, so that each header's ABNF
 * is a branch of the one machine and a value is refused at the first byte its
 * own rule refuses (a comma in a one-value header, a digit in a language).
 * Entries and generic parameters are pushed at the next ';' or ',' or at the
 * end of the value (see via.rl); a Privacy value is pushed at its ';'. An
 * entry's value starts as the empty span at the value's offset, which a
 * Subject or Organization without text keeps. */
#include "sipr_internal.h"

/* The scanner's registers: the actions run in sipr_tparams_act (see
 * gen/rlgen.c, action-function mode, by reference), which updates them in
 * place through R (R->...). */
typedef struct {
    size_t mark;                   /* start of the current token */
    uint32_t eoff;                 /* first error */
    int pending, fail;             /* a generic parameter waits; a syntax error */
    sipr_status st;                /* status of a callee (pool, number) */
    sipr_span pname, pvalue;       /* the pending generic parameter */
    uint16_t hdr;                  /* index of the header line */
    sipr_item cur;                 /* the entry being scanned */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_tparams_regs;


#define ERR()                                                       \
    do {                                                            \
        if (R->fail == 0) {                                         \
            R->fail = 1;                                            \
            R->eoff = (uint32_t)i;                                  \
        }                                                           \
    } while (0)

/* rlgen: parameter flush, keeping R->mark */

/* Starts a new entry of line hdr. A function of its own, as in addrs.rl, so
 * that the proof of sipr_tparams_commit sees one assignment of R->cur. */
/*@ requires \valid(t);
    assigns *t;
    ensures t->header == hdr;
*/
static SIPR_ACT_INLINE void sipr_tparams_clear(sipr_item *t, uint16_t hdr)
{
    SPAN_CLEAR(t->value);
    SPAN_CLEAR(t->sub);
    SPAN_CLEAR(t->extra);
    PLIST_CLEAR(t->params);
    t->header = hdr;
}

/* Pushes the entry scanned so far (and its pending parameter) and starts a
 * new one. R->stop is 1 when a push failed (R->st and R->eoff then say so:
 * the entry's first byte when the item pool is full). */
/*@ requires \valid(m) && LIMITS_OK(m);
    requires \valid(R) && \separated(R, m);
    assigns *R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
            m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
    ensures LIMITS_OK(m);
    ensures R->stop == 0 || R->stop == 1;
    ensures R->mark == \old(R->mark);
*/
static SIPR_ACT_INLINE void sipr_tparams_commit(sipr_tparams_regs *R, sipr_msg *m)
{
    R->stop = 0;
    sipr_tparams_flush(R, m);
    if (R->stop != 0)
        return;
    R->st = sipr_item_push(m, R->cur.value, R->cur.sub, R->cur.extra, R->cur.params, R->hdr);
    if (R->st != SIPR_OK) {
        R->eoff = R->cur.value.off;
        STOP_REF();
    }
    sipr_tparams_clear(&R->cur, R->hdr);
}

#define COMMIT()                                                    \
    do {                                                            \
        sipr_tparams_commit(R, m);                                  \
        if (R->stop != 0)                                           \
            return;                                                 \
    } while (0)

%%{
  machine sipr_tparams;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R->mark = i; }
  action val      { SPAN_SET(R->cur.value, R->mark, i); }
  # a number: its digits, within 32 bits
  action num {
    SPAN_SET(R->cur.value, R->mark, i);
    {
      const sipr_u32_result r = sipr_u32(buf, len, SPAN_AT(R->mark, i), 0xFFFFFFFFu, SIPR_E_ITEM);
      if (r.st != SIPR_OK) { R->st = r.st; R->eoff = r.off; STOP_REF(); }
    }
  }
  action gname    { SPAN_SET(R->pname, R->mark, i); SPAN_CLEAR(R->pvalue); R->pending = 1; }
  action gvalue   { SPAN_SET(R->pvalue, R->mark, i); }
  action flush    { FLUSH(); }
  action commit   { COMMIT(); }
  action e_hdr    { ERR(); }
  action sub      { SPAN_SET(R->cur.sub, R->mark, i); }
  action extra    { SPAN_SET(R->cur.extra, R->mark, i); }
  # a CSeq number (sub): below 2**31, as the CSeq scanner has it
  action cseq_num {
    SPAN_SET(R->cur.sub, R->mark, i);
    {
      const sipr_u32_result r = sipr_u32(buf, len, SPAN_AT(R->mark, i), 0x7FFFFFFFu, SIPR_E_ITEM);
      if (r.st != SIPR_OK) { R->st = r.st; R->eoff = r.off; STOP_REF(); }
    }
  }
  # the '(' of a fifth level of comment
  action e_deep   { R->st = SIPR_E_COMMENT_DEPTH; R->eoff = (uint32_t)i; STOP_REF(); }

  generic_param = token >mk %gname ( EQUAL gen_value >mk %gvalue )?;
  params      = ( SWS ";" @flush SWS generic_param )*;
  next        = SWS "," @commit SWS;

  alpha8      = alpha{1,8};
  language_range = ( alpha8 ( "-" alpha8 )* ) | "*";
  language_tag = alpha8 ( "-" alpha8 )*;
  token_nodot = ( alnum | [\-!%*_+`'~] )+;
  event_type  = token_nodot ( "." token_nodot )*;
  callid      = word ( "@" word )?;

  encoding    = token >mk %val params;
  language    = language_range >mk %val params;
  ctag        = language_tag >mk %val;
  reason      = token >mk %val params;
  irt         = callid >mk %val;
  priv        = token >mk %val;
  text_trim   = TEXT_UTF8char+ ( LWS* TEXT_UTF8char )*;

  # comment, 4 levels (LPAREN's and RPAREN's SWS inside are ctext's LWS)
  ctext       = 0x21..0x27 | 0x2a..0x5b | 0x5d..0x7e | UTF8_NONASCII | LWS;
  c_unit      = ctext | quoted_pair;
  comment_4   = "(" ( c_unit | "(" @e_deep )* ")";
  comment_3   = "(" ( c_unit | comment_4 )* ")";
  comment_2   = "(" ( c_unit | comment_3 )* ")";
  comment     = "(" ( c_unit | comment_2 )* ")";
  retry       = digit+ >mk %num ( SWS comment >mk %sub )? params;
  rack        = digit+ >mk %num LWS digit+ >mk %cseq_num LWS token >mk %extra;
  delay       = ( digit+ ( "." digit* )? ) | ( "." digit* );
  # a hostname or IPv4 address alone is a token too
  warn_agent  = token | ( ( hostname | IPv4address ) ":" port ) | ( IPv6reference ( ":" port )? );
  warning     = digit{3} >mk %val SP warn_agent >mk %sub SP SWS quoted_string >mk %extra;
  server_val  = ( token >mk %val ( SLASH token >mk %sub )? ) | ( comment >mk %val );
  products    = server_val ( LWS ( server_val >commit ) )*;
  timestamp   = ( digit+ ( "." digit* )? ) >mk %val ( LWS delay >mk %sub )?;

  # one branch per form, after its byte (SIPR_TP_* in sipr_internal.h)
  main := ( 0x01 ( ( encoding ( next encoding )* ) %/commit )?          # CODINGS
          | 0x02 ( ( language ( next language )* ) %/commit )?          # LANGUAGES
          | 0x03 ( ctag ( next ctag )* ) %/commit                       # LANGUAGE_TAGS
          | 0x04 ( token >mk %val params ) %/commit                     # TOKEN_PARAMS
          | 0x05 ( token >mk %val ) %/commit                            # TOKEN
          | 0x06 ( event_type >mk %val params ) %/commit                # EVENT
          | 0x07 ( reason ( next reason )* ) %/commit                   # REASONS
          | 0x08 ( digit+ >mk %num params ) %/commit                    # DELTA_PARAMS
          | 0x09 ( ( digit+ "." digit+ ) >mk %val ) %/commit            # VERSION
          | 0x0a ( digit+ >mk %num ) %/commit                           # NUMBER
          | 0x0b ( irt ( next irt )* ) %/commit                         # CALLIDS
          | 0x0c ( priv ( ";" @commit priv )* ) %/commit                # PRIVACY
          | 0x0d ( text_trim >mk %val )? %/commit                       # TEXT
          | 0x0e retry %/commit                                         # RETRY
          | 0x0f rack %/commit                                          # RACK
          | 0x10 timestamp %/commit                                     # TIMESTAMP
          | 0x11 ( warning ( next warning )* ) %/commit                 # WARNINGS
          | 0x12 products %/commit                                      # PRODUCTS
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

/* The entries of header line hdr, whose value is v, appended to m->items;
 * form: the header's rule (SIPR_TP_*). */
/*@ requires SCAN_PRE(buf, len, v, m);
    assigns m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params, m->items[0 .. SIPR_MAX_ITEMS - 1],
            m->n_items, m->err_off;
*/
sipr_status sipr_scan_tparams(const char *buf, size_t len, sipr_span v, sipr_msg *m, uint16_t hdr,
                              uint8_t form)
{
    size_t i = v.off, end = (size_t)v.off + v.len;
    uint32_t cs;
    sipr_tparams_regs R = {i, v.off, 0, 0, SIPR_OK, SPAN_NONE, SPAN_NONE, hdr,
                           {{v.off, 0u}, SPAN_NONE, SPAN_NONE, {0, 0}, hdr}, 0};

    %% write init;
    /* the form's byte, read before the value: it has no action (the
       branches' actions start on their first byte of value); an unknown
       form leads to the error state, and the value is refused at v.off */
    cs = sipr_tparams_trans(cs, form) % 65536u;
    /*@ loop invariant v.off <= i <= end && end <= len;
        loop invariant v.off <= R.mark <= i;
        loop assigns i, cs, R, m->params[0 .. SIPR_MAX_PARAMS - 1], m->n_params,
                     m->items[0 .. SIPR_MAX_ITEMS - 1], m->n_items;
        loop variant end - i; */
    %% write exec;

    if (R.st == SIPR_OK && !R.fail && cs < sipr_tparams_first_final) {
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
