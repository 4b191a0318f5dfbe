/* The message machine (RFC 3261 §7, §25.1): start line, header lines (name,
 * HCOLON, value extent with LWS folding), the empty line. Header values are
 * parsed afterwards by one scanner per header kind (see parse.c). */
#include "sipr_internal.h"

/* First error wins: the innermost rule that fails names the error (Ragel
 * runs error actions innermost first). At end of input every error is a
 * truncation: see after the scan. */
#define ERR(code)                                                   \
    do {                                                            \
        if (R->err == SIPR_OK) {                                    \
            R->err = (code);                                        \
            R->err_off = (uint32_t)i;                               \
        }                                                           \
    } while (0)

/* The scanner's registers: the actions run in sipr_message_act (see
 * gen/rlgen.c, action-function mode, by reference) and name them R->... */
typedef struct {
    size_t mark, vmark, vend;      /* token start, header value start and end */
    uint32_t status;               /* Status-Code digits so far */
    uint16_t kind;                 /* sipr_header_kind of the current header line */
    uint8_t type;                  /* sipr_msg_type */
    sipr_span name, method, ruri, version, status_text, reason;
    sipr_status err;               /* the first error */
    uint32_t err_off;
    uint32_t lenient_used;         /* SIPR_LENIENT_* bits of the leniencies used */
    uint32_t lenient_off;          /* offset of the first leniency used, <= len */
    uint8_t eoh;                   /* 1: the input ended after a header line (NO_FINAL_CRLF) */
    int stop;                      /* set by an action: stop the scan (1), or after this byte (2) */
} sipr_message_regs;

/* A lenient-only path of the grammar (siprove.h, SIPR_LENIENT_*). When the
 * flag is off the scan stops at this byte (R->stop = 1) with `code`, the error
 * the strict grammar reports here (the lenient paths start exactly at the
 * first byte the strict grammar rejects), so that strict parsing is
 * unchanged, the lines before this byte included. When it is on, the use is
 * recorded. */
/*@ requires \valid(R) && \valid_read(m) && \separated(R, m);
    requires i <= len && len <= SIPR_MAX_MSG_LEN && R->lenient_off <= len;
    assigns R->stop, R->err, R->err_off, R->lenient_used, R->lenient_off;
    ensures R->lenient_off <= len;
*/
static SIPR_ACT_INLINE void sipr_message_lenient(sipr_message_regs *R, const sipr_msg *m, uint32_t flag,
                                                 sipr_status code, size_t i, size_t len)
{
    (void)len; /* used by the contract */
    R->stop = 0;
    if ((m->limits.lenient & flag) == 0u) {
        ERR(code);
        STOP_REF();
    }
    if (R->lenient_used == 0u)
        R->lenient_off = (uint32_t)i;
    R->lenient_used |= flag;
}

#define LENIENT(flag, code)                                                                       \
    do {                                                                                          \
        sipr_message_lenient(R, m, (flag), (code), i, len);                                       \
        if (R->stop != 0)                                                                         \
            return;                                                                               \
    } while (0)

/* The end of a header line: its value, without trailing blanks, into the
 * header table. A capacity error names the header line that did not fit
 * (R->stop = 1). */
/*@ requires \valid_read(buf + (0 .. len - 1)) && len <= SIPR_MAX_MSG_LEN;
    requires \valid(m) && \separated(buf + (0 .. len - 1), m) && LIMITS_OK(m);
    requires \valid(R) && \separated(R, buf + (0 .. len - 1), m);
    requires R->vmark <= len && R->vend <= len && R->kind < SIPR_H__COUNT;
    assigns R->stop, R->err, R->err_off, m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers,
            m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1];
*/
static SIPR_ACT_INLINE void sipr_message_commit(sipr_message_regs *R, const char *buf, size_t len,
                                                sipr_msg *m)
{
    const sipr_span value = (R->vmark <= R->vend) ? SPAN_AT(R->vmark, R->vend) : SPAN_AT(R->vmark, R->vmark);
    const sipr_status st = sipr_header_push(m, R->name, sipr_trim_right(buf, len, value), R->kind);
    R->stop = 0;
    if (st != SIPR_OK) {
        if (R->err == SIPR_OK) {
            R->err = st;
            R->err_off = R->name.off;
        }
        STOP_REF();
    }
}

#define COMMIT()                                                                                  \
    do {                                                                                          \
        sipr_message_commit(R, buf, len, m);                                                      \
        if (R->stop != 0)                                                                         \
            return;                                                                               \
    } while (0)

/* The header names the parser knows, their compact forms (RFC 3261 §7.3.3,
 * and the RFCs of the extension headers) and kinds; any other token is a
 * header of kind SIPR_H_OTHER. gen/rlgen turns the table into
 * sipr_message_name_kind. */
/* rlgen: header names
 *   Via                    v  SIPR_H_VIA
 *   From                   f  SIPR_H_FROM
 *   To                     t  SIPR_H_TO
 *   Call-ID                i  SIPR_H_CALL_ID
 *   CSeq                   -  SIPR_H_CSEQ
 *   Max-Forwards           -  SIPR_H_MAX_FORWARDS
 *   Content-Length         l  SIPR_H_CONTENT_LENGTH
 *   Contact                m  SIPR_H_CONTACT
 *   Content-Type           c  SIPR_H_CONTENT_TYPE
 *   Accept                 -  SIPR_H_ACCEPT
 *   Require                -  SIPR_H_REQUIRE
 *   Proxy-Require          -  SIPR_H_PROXY_REQUIRE
 *   Supported              k  SIPR_H_SUPPORTED
 *   Unsupported            -  SIPR_H_UNSUPPORTED
 *   Allow                  -  SIPR_H_ALLOW
 *   Content-Encoding       e  SIPR_H_CONTENT_ENCODING
 *   Allow-Events           u  SIPR_H_ALLOW_EVENTS
 *   Date                   -  SIPR_H_DATE
 *   Expires                -  SIPR_H_EXPIRES
 *   Min-Expires            -  SIPR_H_MIN_EXPIRES
 *   Route                  -  SIPR_H_ROUTE
 *   Record-Route           -  SIPR_H_RECORD_ROUTE
 *   Path                   -  SIPR_H_PATH
 *   Service-Route          -  SIPR_H_SERVICE_ROUTE
 *   P-Asserted-Identity    -  SIPR_H_P_ASSERTED_IDENTITY
 *   P-Preferred-Identity   -  SIPR_H_P_PREFERRED_IDENTITY
 *   Reply-To               -  SIPR_H_REPLY_TO
 *   Refer-To               r  SIPR_H_REFER_TO
 *   Referred-By            b  SIPR_H_REFERRED_BY
 *   Alert-Info             -  SIPR_H_ALERT_INFO
 *   Call-Info              -  SIPR_H_CALL_INFO
 *   Error-Info             -  SIPR_H_ERROR_INFO
 *   Accept-Encoding        -  SIPR_H_ACCEPT_ENCODING
 *   Accept-Language        -  SIPR_H_ACCEPT_LANGUAGE
 *   Content-Language       -  SIPR_H_CONTENT_LANGUAGE
 *   Content-Disposition    -  SIPR_H_CONTENT_DISPOSITION
 *   Priority               -  SIPR_H_PRIORITY
 *   Event                  o  SIPR_H_EVENT
 *   Subscription-State     -  SIPR_H_SUBSCRIPTION_STATE
 *   Reason                 -  SIPR_H_REASON
 *   Session-Expires        x  SIPR_H_SESSION_EXPIRES
 *   Min-SE                 -  SIPR_H_MIN_SE
 *   MIME-Version           -  SIPR_H_MIME_VERSION
 *   RSeq                   -  SIPR_H_RSEQ
 *   In-Reply-To            -  SIPR_H_IN_REPLY_TO
 *   Privacy                -  SIPR_H_PRIVACY
 *   Subject                s  SIPR_H_SUBJECT
 *   Organization           -  SIPR_H_ORGANIZATION
 *   Retry-After            -  SIPR_H_RETRY_AFTER
 *   RAck                   -  SIPR_H_RACK
 *   Timestamp              -  SIPR_H_TIMESTAMP
 *   Warning                -  SIPR_H_WARNING
 *   Server                 -  SIPR_H_SERVER
 *   User-Agent             -  SIPR_H_USER_AGENT
 *   WWW-Authenticate       -  SIPR_H_WWW_AUTHENTICATE
 *   Proxy-Authenticate     -  SIPR_H_PROXY_AUTHENTICATE
 *   Authorization          -  SIPR_H_AUTHORIZATION
 *   Proxy-Authorization    -  SIPR_H_PROXY_AUTHORIZATION
 *   Authentication-Info    -  SIPR_H_AUTHENTICATION_INFO
 */

%%{
  machine sipr_message;
  alphtype unsigned char;
  include sipr_common "common.rl";

  action mk       { R->mark = i; }
  action method   { SPAN_SET(R->method, R->mark, i); }
  action ruri     { SPAN_SET(R->ruri, R->mark, i); }
  action version  { SPAN_SET(R->version, R->mark, i); }
  action status   { SPAN_SET(R->status_text, R->mark, i); }
  action st_digit { if (c >= '0' && c <= '9' && R->status < 1000u) R->status = R->status * 10u + (uint32_t)(c - '0'); }
  action rmk      { R->mark = i + 1; }
  action reason   { SPAN_SET(R->reason, R->mark, i); }
  action request  { R->type = SIPR_MSG_REQUEST; }
  action response { R->type = SIPR_MSG_RESPONSE; }
  action name     { SPAN_SET(R->name, R->mark, i); R->kind = sipr_message_name_kind(buf, len, R->name); }
  action vmk      { R->vmark = i + 1; }
  action vend     { R->vend = i; }
  # commit runs on the first byte of the next line, before that byte's own
  # actions; an LF there is a bare-LF empty line, which is checked first so
  # that, when SIPR_LENIENT_BARE_LF is off, the line is not committed (the
  # strict grammar fails on that byte and does not commit it either)
  action commit {
    if (fc == '\n')
      LENIENT(SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END);
    COMMIT();
  }
  action done     { fbreak; }


  action e_start  { ERR(SIPR_E_START_LINE); }
  action e_version { ERR(SIPR_E_VERSION); }
  action e_status { ERR(SIPR_E_STATUS_CODE); }
  action e_name   { ERR(SIPR_E_HEADER_NAME); }
  action e_value  { ERR(SIPR_E_HEADER_VALUE); }
  # a CR without LF is the cause whatever rule it sits in, so it overrides
  action e_lf     { R->err = SIPR_E_LINE_END; R->err_off = (uint32_t)i; }

  # Leniencies (siprove.h, SIPR_LENIENT_*). Each action sits on the first
  # byte of a path the strict grammar does not have, and names the error the
  # strict grammar reports at that byte (tests/test_lenient.c checks both).
  action l_lf     { LENIENT(SIPR_LENIENT_BARE_LF, SIPR_E_LINE_END); }
  action l_sp     { LENIENT(SIPR_LENIENT_START_LINE_SPACES, SIPR_E_START_LINE); }
  action l_sp_code { LENIENT(SIPR_LENIENT_START_LINE_SPACES, SIPR_E_STATUS_CODE); }
  action l_sp_end { LENIENT(SIPR_LENIENT_START_LINE_SPACES, SIPR_E_VERSION); }
  action l_fold   { LENIENT(SIPR_LENIENT_WS_BEFORE_COLON, SIPR_E_HEADER_NAME); }
  # the input ends right after a header line: when allowed, that line is
  # committed and the header section ends at len (empty body); when not,
  # nothing happens and the end of input is a truncation, as in the strict
  # grammar. Ragel runs this state's end-of-input error action (e_name: the
  # next header name is missing) before it, hence the reset.
  action l_eoh {
    if ((m->limits.lenient & SIPR_LENIENT_NO_FINAL_CRLF) != 0u) {
      R->err = SIPR_OK;
      R->err_off = 0;
      COMMIT();
      LENIENT(SIPR_LENIENT_NO_FINAL_CRLF, SIPR_E_TRUNCATED);
      R->eoh = 1;
    }
  }

  # a CR must be followed by LF
  CRLF_S      = "\r" ( "\n" >!e_lf );
  # the end of a line; a lone LF only with SIPR_LENIENT_BARE_LF (a folded
  # value still needs CRLF: the value scanners know only CRLF folds)
  EOL         = CRLF_S | "\n" @l_lf;

  Method      = token;
  # a bad byte inside the version text (not at its start, which is also a Method's)
  SIP_Version = ( "SIP"i "/" digit+ "." digit+ ) <!e_version;
  # the Request-URI extent; its syntax is checked by the URI scanner
  Request_URI = ( 0x21..0x7e )+;
  # more than one SP between the parts, and blanks before the line end, only
  # with SIPR_LENIENT_START_LINE_SPACES
  Request_Line = ( Method >mk %method SP ( SP @l_sp )* Request_URI >mk %ruri SP ( SP @l_sp )*
                   SIP_Version >mk %version ( WSP @l_sp_end )* EOL ) %request;

  Status_Code = ( digit $st_digit ){3} $!e_status;
  Reason_Phrase = ( reserved | unreserved | escaped | UTF8_NONASCII | UTF8_CONT | SP | HTAB )*;
  # (the Reason-Phrase may already hold SP and HTAB, at its start and end too)
  Status_Line = ( SIP_Version >mk %version SP ( SP @l_sp_code )* Status_Code >mk %status SP @rmk
                  Reason_Phrase %reason EOL ) %response;

  Start_Line  = ( Request_Line | Status_Line ) $!e_start;

  # a header name (RFC 3261 §7.3.3): any token; its kind, from the long or
  # compact form in either case, is looked up when it ends (the table above,
  # sipr_message_name_kind)
  header_name = token >mk %name;

  # a header value: TEXT-UTF8char, UTF8-CONT and LWS (§25.1 extension-header),
  # starting with a non-blank byte; trailing blanks are trimmed afterwards.
  # A backslash may also escape a control byte other than CR and LF: a
  # quoted-pair, which known headers allow inside quoted strings (RFC 4475
  # §3.1.1.3, intmeth); their own scanners check where it stands, and the
  # value of an unknown header is checked for control bytes (parse.c).
  value_char  = 0x21..0x7e | 0x80..0xff;
  value_unit  = value_char | "\\" ( 0x00..0x09 | 0x0b..0x0c | 0x0e..0x7f );
  header_value = ( value_unit ( value_unit | WSP | CRLF_S WSP )* )?;

  # a fold (CRLF WSP) between the name and the colon, which HCOLON does not
  # allow, only with SIPR_LENIENT_WS_BEFORE_COLON
  name_fold   = ( "\r" @l_fold ( "\n" >!e_lf ) WSP ) $!e_name;

  # up to the colon a bad byte is a header-name error; after it, a value error
  message_header = ( header_name $!e_name ( ( WSP | name_fold )* ":" @vmk ) @!e_name
                     ( ( LWS @vmk )? header_value %vend ) $!e_value EOL ) %commit %/l_eoh;

  main := Start_Line message_header* EOL @done;
}%%

%% write data;

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires 0 < len <= SIPR_MAX_MSG_LEN && v.off == 0 && v.len == len;
    requires \valid(m) && \separated(buf + (0 .. len - 1), m) && LIMITS_OK(m);
    requires \valid(R);
    requires \separated(R, buf + (0 .. len - 1), m);
    requires i <= len;
    requires R->mark <= i && R->vmark <= i && R->vend <= i && R->kind < SIPR_H__COUNT;
    requires R->lenient_off <= len;
    assigns *R, m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers,
            m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1];
    ensures R->mark <= i + 1 && R->vmark <= i + 1 && R->vend <= i && R->kind < SIPR_H__COUNT;
    ensures R->lenient_off <= len;
*/
/* rlgen: actions by reference */

/*@ requires \valid_read(buf + (0 .. len - 1));
    requires 0 < len <= SIPR_MAX_MSG_LEN;
    requires \valid(m);
    requires \separated(buf + (0 .. len - 1), m);
    requires LIMITS_OK(m);
    assigns m->method, m->request_uri, m->version, m->status_text, m->status_code, m->reason,
            m->type, m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers, m->first[0 .. SIPR_H__COUNT - 1],
            m->last[0 .. SIPR_H__COUNT - 1], m->body, m->err_off, m->lenient_used, m->lenient_off;
    ensures m->lenient_off <= len;
*/
sipr_status sipr_scan_message(const char *buf, size_t len, sipr_msg *m)
{
    size_t i = 0, end = len;
    uint32_t cs;
    const sipr_span v = SPAN_AT(0, len);
    sipr_message_regs R = {0, 0, 0, 0, SIPR_H_OTHER, SIPR_MSG_NONE, SPAN_NONE, SPAN_NONE,
                           SPAN_NONE, SPAN_NONE, SPAN_NONE, SPAN_NONE, SIPR_OK, 0, 0, 0, 0, 0};

    %% write init;
    /*@ loop invariant 0 <= i <= end && end == len;
        loop invariant R.mark <= i && R.vmark <= i && R.vend <= i;
        loop invariant R.kind < SIPR_H__COUNT;
        loop invariant R.lenient_off <= len;
        loop assigns i, cs, R, m->headers[0 .. SIPR_MAX_HEADERS - 1], m->n_headers,
                     m->first[0 .. SIPR_H__COUNT - 1], m->last[0 .. SIPR_H__COUNT - 1];
        loop variant end - i; */
    %% write exec;

    if (R.err != SIPR_OK && R.err != SIPR_E_TOO_MANY_HEADERS) {
        if (R.err_off >= len)
            R.err = SIPR_E_TRUNCATED; /* the input ended inside a rule */
        else if (buf[R.err_off] == '\n')
            R.err = SIPR_E_LINE_END; /* a bare LF where a rule wanted something else */
    }
    /* what was recorded is kept even on error: the caller checks the values
       of the lines before the error, so that the earliest error is reported */
    m->type = R.type;
    m->method = R.method;
    m->request_uri = R.ruri;
    m->version = R.version;
    m->status_text = R.status_text;
    m->status_code = (uint16_t)R.status;
    m->reason = R.reason;
    m->err_off = R.err_off;
    m->lenient_used = R.lenient_used;
    m->lenient_off = R.lenient_off;
    if (R.err != SIPR_OK)
        return R.err;
    if (cs < sipr_message_first_final && R.eoh == 0u) {
        /* ran out of input, or failed where no rule names the error */
        m->err_off = (uint32_t)i;
        return (i >= end) ? SIPR_E_TRUNCATED : SIPR_E_START_LINE;
    }
    m->body = SPAN_AT(i, len);
    return SIPR_OK;
}
